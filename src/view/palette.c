/* palette.c — colours by role and theme, and their contrast (view/palette.h). */
#include "config.h"

#include "view/palette.h"

#include <math.h>
#include <stdlib.h>

#include "colres/status.h"
#include "view/canvas.h"

#define DARK_BG 233   /* #121212 */
#define LIGHT_BG 255  /* #eeeeee */

/* { dark fg, dark bg, light fg, light bg, bold, kind }; bg -1: the theme's. */
static const struct {
    short dark_fg, dark_bg, light_fg, light_bg;
    int bold, kind;
} roles[CR_ROLE_COUNT] = {
    [CR_ROLE_TEXT] = { 252, -1, 235, -1, 0, CR_KIND_TEXT },
    [CR_ROLE_DIM] = { 245, -1, 240, -1, 0, CR_KIND_TEXT },
    [CR_ROLE_HIGHLIGHT] = { 16, 51, 231, 25, 1, CR_KIND_TEXT },
    [CR_ROLE_AXIS] = { 250, -1, 238, -1, 0, CR_KIND_TEXT },
    [CR_ROLE_RHO00] = { 75, -1, 19, -1, 1, CR_KIND_LINE },
    [CR_ROLE_RHO11] = { 209, -1, 124, -1, 1, CR_KIND_LINE },
    [CR_ROLE_COH] = { 114, -1, 22, -1, 1, CR_KIND_LINE },
    [CR_ROLE_FIRST] = { 186, -1, 58, -1, 0, CR_KIND_LINE },
    [CR_ROLE_THERMAL] = { 231, -1, 16, -1, 1, CR_KIND_LINE },
    [CR_ROLE_TRAJ] = { 51, -1, 25, -1, 1, CR_KIND_LINE },
    [CR_ROLE_MEAN] = { 220, -1, 130, -1, 0, CR_KIND_LINE },
    [CR_ROLE_MARKER] = { 213, -1, 90, -1, 1, CR_KIND_LINE },
    /* Heat levels: one ramp for both themes, dark grey and purple (low)
     * up to yellow (high), so that a colour means the same value on the
     * projector's light theme as on the dark one. */
    [CR_ROLE_HEAT0] = { 236, -1, 236, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT1] = { 54, -1, 54, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT2] = { 61, -1, 61, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT3] = { 67, -1, 67, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT4] = { 37, -1, 37, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT5] = { 78, -1, 78, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT6] = { 155, -1, 155, -1, 0, CR_KIND_AREA },
    [CR_ROLE_HEAT7] = { 227, -1, 227, -1, 0, CR_KIND_AREA },
    [CR_ROLE_WARNING] = { 220, -1, 94, -1, 1, CR_KIND_TEXT },
    [CR_ROLE_ERROR] = { 203, -1, 124, -1, 1, CR_KIND_TEXT },
    [CR_ROLE_STATUS] = { 233, 250, 255, 238, 0, CR_KIND_TEXT },
    [CR_ROLE_TITLE] = { 231, -1, 16, -1, 1, CR_KIND_TEXT },
    [CR_ROLE_BORDER] = { 243, -1, 243, -1, 0, CR_KIND_LINE },
    [CR_ROLE_HINT] = { 248, -1, 240, -1, 0, CR_KIND_TEXT },
    [CR_ROLE_ROUGH] = { 179, -1, 94, -1, 0, CR_KIND_LINE },
    [CR_ROLE_TRAJ2] = { 214, -1, 166, -1, 1, CR_KIND_LINE },
    [CR_ROLE_TRAJ3] = { 120, -1, 28, -1, 1, CR_KIND_LINE },
    [CR_ROLE_TRAJ4] = { 177, -1, 55, -1, 1, CR_KIND_LINE },
};

cr_palette_entry cr_palette_get(int role, int light)
{
    if (role < 0 || role >= CR_ROLE_COUNT)
        role = CR_ROLE_TEXT;
    short bg = light ? roles[role].light_bg : roles[role].dark_bg;
    return (cr_palette_entry){ light ? roles[role].light_fg : roles[role].dark_fg,
                               bg >= 0 ? bg : cr_palette_background(light),
                               roles[role].bold, roles[role].kind };
}

short cr_palette_background(int light)
{
    return light ? LIGHT_BG : DARK_BG;
}

void cr_palette_rgb(int index, double rgb[3])
{
    /* The 16 system colours as xterm sets them by default. */
    static const unsigned char sys[16][3] = {
        { 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
        { 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
        { 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
        { 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
    };
    static const int cube[6] = { 0, 95, 135, 175, 215, 255 };
    int r, g, b;
    if (index < 0 || index > 255)
        index = 0;
    if (index < 16) {
        r = sys[index][0], g = sys[index][1], b = sys[index][2];
    } else if (index < 232) {
        int k = index - 16;
        r = cube[k / 36], g = cube[(k / 6) % 6], b = cube[k % 6];
    } else {
        r = g = b = 8 + 10 * (index - 232);
    }
    rgb[0] = r / 255.0;
    rgb[1] = g / 255.0;
    rgb[2] = b / 255.0;
}

/* WCAG 2: linearise each sRGB channel, weight 0.2126, 0.7152, 0.0722. */
double cr_palette_luminance(int index)
{
    double c[3];
    cr_palette_rgb(index, c);
    for (int i = 0; i < 3; i++)
        c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow((c[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

double cr_palette_contrast(int a, int b)
{
    double la = cr_palette_luminance(a), lb = cr_palette_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

int cr_palette_write_sgr(const cr_canvas *c, FILE *f, int ascii, int light)
{
    cr_canvas *one = cr_canvas_new(c->width, 1, ascii);
    char *buf = malloc((size_t)c->width * 4 + 1);
    int bad = one == NULL || buf == NULL;
    for (int y = 0; y < c->height && !bad; y++) {
        for (int x = 0; x < c->width && !bad;) {
            int role = cr_canvas_get(c, x, y).role, n = 0;
            for (; x + n < c->width && cr_canvas_get(c, x + n, y).role == role; n++)
                cr_canvas_put(one, n, 0, cr_canvas_get(c, x + n, y).ch, role);
            /* row_text stops at the last non-blank: pad the run back out. */
            size_t len = cr_canvas_row_text(one, 0, ascii, buf, (size_t)c->width * 4 + 1);
            int shown = 0;
            for (size_t i = 0; i < len; i++)
                shown += ((unsigned char)buf[i] & 0xC0) != 0x80;
            cr_palette_entry e = cr_palette_get(role, light);
            bad |= fprintf(f, "\033[0;%s38;5;%d;48;5;%dm%s%*s", e.bold ? "1;" : "", e.fg, e.bg, buf,
                           n - (shown < n ? shown : n), "") < 0;
            cr_canvas_clear(one);
            x += n;
        }
        bad |= fputs("\033[0m\n", f) == EOF;
    }
    free(buf);
    cr_canvas_free(one);
    return bad ? CR_EIO : CR_OK;
}
