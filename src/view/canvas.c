/*
 * canvas.c — the character canvas (view/canvas.h): cells, clipped text,
 * boxes, and the UTF-8 / ASCII text output used by `colres snapshot`.
 */
#include "config.h"

#include "view/canvas.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"

static int alloc_cells(cr_canvas *c, int width, int height)
{
    size_t n;
    cr_cell *cells;

    if (width < 0)
        width = 0;
    if (height < 0)
        height = 0;
    n = (size_t)width * (size_t)height;
    cells = malloc((n ? n : 1) * sizeof *cells);
    if (!cells)
        return CR_ENOMEM;
    free(c->cells);
    c->cells = cells;
    c->width = width;
    c->height = height;
    cr_canvas_clear(c);
    return CR_OK;
}

cr_canvas *cr_canvas_new(int width, int height, int ascii)
{
    cr_canvas *c = calloc(1, sizeof *c);

    if (!c)
        return NULL;
    c->ascii = ascii != 0;
    if (alloc_cells(c, width, height) != CR_OK) {
        free(c);
        return NULL;
    }
    return c;
}

void cr_canvas_free(cr_canvas *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c);
}

int cr_canvas_resize(cr_canvas *c, int width, int height)
{
    return alloc_cells(c, width, height);
}

void cr_canvas_clear(cr_canvas *c)
{
    size_t n = (size_t)c->width * (size_t)c->height;

    for (size_t i = 0; i < n; i++) {
        c->cells[i].ch = ' ';
        c->cells[i].role = CR_ROLE_TEXT;
    }
}

cr_cell cr_canvas_get(const cr_canvas *c, int x, int y)
{
    cr_cell blank = { ' ', CR_ROLE_TEXT };

    if (x < 0 || y < 0 || x >= c->width || y >= c->height)
        return blank;
    return c->cells[(size_t)y * (size_t)c->width + (size_t)x];
}

/* ASCII stand-ins for the non-ASCII code points colres draws, so an ASCII
 * canvas still reads sensibly. */
static uint32_t to_ascii(uint32_t ch)
{
    static const struct { uint32_t from; char to; } map[] = {
        { 0x0393, 'G' }, { 0x0394, 'D' }, { 0x03B2, 'b' }, { 0x03BB, 'l' },
        { 0x03C1, 'p' }, { 0x00B7, '.' }, { 0x2022, 'o' }, { 0x25CF, 'o' },
        { 0x00D7, 'x' }, { 0x2212, '-' }, { 0x2026, '.' }, { 0x2500, '-' },
        { 0x2502, '|' }, { 0x250C, '+' }, { 0x2510, '+' }, { 0x2514, '+' },
        { 0x2518, '+' }, { 0x251C, '+' }, { 0x2524, '+' }, { 0x252C, '+' },
        { 0x2534, '+' }, { 0x253C, '+' }, { 0x254C, '-' }, { 0x2588, '#' },
        { 0x2591, '.' }, { 0x2592, ':' }, { 0x2593, '%' }, { 0x25C6, '*' },
        { 0x2192, '>' }, { 0x2190, '<' }, { 0x2191, '^' }, { 0x2193, 'v' },
        { 0x2016, '|' }, { 0x2219, '.' }, { 0x25B2, '^' }, { 0x2248, '~' },
        { 0x2013, '-' },
    };

    if (ch < 128)
        return ch;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].from == ch)
            return (uint32_t)map[i].to;
    return '?';
}

void cr_canvas_put(cr_canvas *c, int x, int y, uint32_t ch, int role)
{
    cr_cell *cell;

    if (x < 0 || y < 0 || x >= c->width || y >= c->height)
        return;
    /* Control characters would break the terminal and the text output. */
    if (ch < 32 || ch == 127 || (ch >= 0x80 && ch < 0xA0))
        ch = '?';
    if (c->ascii)
        ch = to_ascii(ch);
    cell = &c->cells[(size_t)y * (size_t)c->width + (size_t)x];
    cell->ch = ch;
    cell->role = (uint8_t)(role >= 0 && role < CR_ROLE_COUNT ? role
                                                            : CR_ROLE_TEXT);
}

void cr_canvas_fill(cr_canvas *c, int x, int y, int w, int h, uint32_t ch,
                    int role)
{
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
            cr_canvas_put(c, x + i, y + j, ch, role);
}

/* Decode one UTF-8 sequence at s; sets *len to the bytes used (>= 1).
 * Invalid or overlong sequences decode as '?' consuming one byte. */
static uint32_t utf8_decode(const unsigned char *s, int *len)
{
    uint32_t cp;
    int n;

    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = s[0] & 0x07;
    } else {
        *len = 1;
        return '?';
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return '?';
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800)
        || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *len = 1;
        return '?';
    }
    *len = n;
    return cp;
}

int cr_text_width(const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    int cols = 0, len;

    while (*s && *s != '\n') {
        utf8_decode(s, &len);
        s += len;
        cols++;
    }
    return cols;
}

int cr_canvas_text(cr_canvas *c, int x, int y, int maxw, const char *utf8,
                   int role)
{
    const unsigned char *s = (const unsigned char *)utf8;
    int cols = 0, len;

    /* -1: to the edge.  Other negative widths come from callers computing
     * "room left" that ran out: draw nothing then. */
    if (maxw == -1)
        maxw = c->width - x;
    while (*s && *s != '\n') {
        uint32_t cp = utf8_decode(s, &len);

        if (cols < maxw)
            cr_canvas_put(c, x + cols, y, cp, role);
        s += len;
        cols++;
    }
    return cols;
}

int cr_canvas_printf(cr_canvas *c, int x, int y, int maxw, int role,
                     const char *fmt, ...)
{
    char buf[257];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cr_canvas_text(c, x, y, maxw, buf, role);
}

void cr_canvas_hline(cr_canvas *c, int x, int y, int n, int role)
{
    for (int i = 0; i < n; i++)
        cr_canvas_put(c, x + i, y, c->ascii ? '-' : 0x2500, role);
}

void cr_canvas_vline(cr_canvas *c, int x, int y, int n, int role)
{
    for (int i = 0; i < n; i++)
        cr_canvas_put(c, x, y + i, c->ascii ? '|' : 0x2502, role);
}

void cr_canvas_box(cr_canvas *c, int x, int y, int w, int h, int role,
                   const char *title)
{
    uint32_t corner[4] = { 0x250C, 0x2510, 0x2514, 0x2518 };

    if (w < 2 || h < 2)
        return;
    if (c->ascii)
        for (int i = 0; i < 4; i++)
            corner[i] = '+';
    cr_canvas_hline(c, x + 1, y, w - 2, role);
    cr_canvas_hline(c, x + 1, y + h - 1, w - 2, role);
    cr_canvas_vline(c, x, y + 1, h - 2, role);
    cr_canvas_vline(c, x + w - 1, y + 1, h - 2, role);
    cr_canvas_put(c, x, y, corner[0], role);
    cr_canvas_put(c, x + w - 1, y, corner[1], role);
    cr_canvas_put(c, x, y + h - 1, corner[2], role);
    cr_canvas_put(c, x + w - 1, y + h - 1, corner[3], role);
    if (title && *title && w > 4) {
        cr_canvas_put(c, x + 1, y, ' ', role);
        int n = cr_canvas_text(c, x + 2, y, w - 4, title, CR_ROLE_TITLE);
        if (n < w - 4)
            cr_canvas_put(c, x + 2 + n, y, ' ', role);
    }
}

int cr_utf8_encode(uint32_t cp, char *out)
{
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = '?';
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    out[0] = '?';
    return 1;
}

size_t cr_canvas_row_text(const cr_canvas *c, int y, int ascii, char *buf,
                          size_t buflen)
{
    size_t len = 0;
    int last = -1;

    if (y < 0 || y >= c->height) {
        if (buflen)
            buf[0] = '\0';
        return 0;
    }
    const cr_cell *row = &c->cells[(size_t)y * (size_t)c->width];
    for (int x = 0; x < c->width; x++)
        if (row[x].ch != ' ')
            last = x;
    for (int x = 0; x <= last; x++) {
        char enc[4];
        uint32_t ch = row[x].ch;
        int n;

        if (ascii && ch >= 128)
            ch = to_ascii(ch);
        n = cr_utf8_encode(ch, enc);
        for (int i = 0; i < n; i++, len++)
            if (len + 1 < buflen)
                buf[len] = enc[i];
    }
    if (buflen)
        buf[len < buflen ? len : buflen - 1] = '\0';
    return len;
}

int cr_canvas_write(const cr_canvas *c, FILE *f, int ascii)
{
    size_t cap = (size_t)c->width * 4 + 1;
    char *buf = malloc(cap);

    if (!buf)
        return CR_ENOMEM;
    for (int y = 0; y < c->height; y++) {
        cr_canvas_row_text(c, y, ascii, buf, cap);
        if (fputs(buf, f) == EOF || fputc('\n', f) == EOF) {
            free(buf);
            return CR_EIO;
        }
    }
    free(buf);
    return CR_OK;
}

int cr_canvas_locale_utf8(void)
{
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Bytes of the UTF-8 character that starts at s (1 for a stray byte). */
static int char_len(const char *s)
{
    unsigned char b = (unsigned char)*s;
    int n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    for (int i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

int cr_canvas_wrap(cr_canvas *c, int x, int y, int w, int max_lines,
                   const char *utf8, int role)
{
    const char *p = utf8;
    int lines = 0;
    if (w < 1)
        return 0;
    while (*p != '\0') {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        /* Take characters while they fit; remember the last space. */
        const char *q = p, *brk = NULL;
        int cols = 0;
        while (*q != '\0' && cols < w) {
            if (*q == ' ')
                brk = q;
            q += char_len(q);
            cols++;
        }
        const char *end = q;
        if (*q != '\0' && *q != ' ' && brk != NULL)
            end = brk; /* break at the last space, not inside a word */
        if (lines < max_lines) {
            char line[1024];
            size_t n = (size_t)(end - p) < sizeof line - 1 ? (size_t)(end - p) : sizeof line - 1;
            memcpy(line, p, n);
            line[n] = '\0';
            cr_canvas_text(c, x, y + lines, w, line, role);
        }
        lines++;
        p = end;
    }
    return lines;
}
