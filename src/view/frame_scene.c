/*
 * frame_scene.c — a lecture scene's words on the TUI frame (frame_parts.h):
 * the band above the hint bar with the scene's number, title and caption,
 * its notes, and while a series is hidden, the question to predict.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "frame_parts.h"
#include "view/words.h"

const char *cr_frame_words(const cr_view *v, const char *utf8, char *buf, size_t n)
{
    if (v->ascii)
        return cr_words_ascii(utf8, buf, n);
    snprintf(buf, n, "%s", utf8);
    return buf;
}

/* The keys a class needs, as many as fit the width, least needed dropped
 * first: in a lecture the scene keys, else the sliders and the figures. */
void cr_frame_hint_line(const cr_view *v, int width, char *out, size_t n)
{
    const char *item[10];
    int drop[10], k = 0;
#define ITEM(text, priority) (item[k] = (text), drop[k++] = (priority))
    if (v->scene_n > 0) {
        ITEM("] next scene", 0);
        ITEM("[ back", 0);
        if (v->hide)
            ITEM("Space reveals", 0);
        ITEM("f one/all figures", 1);
        ITEM("1 2 3 figures", 3);
        ITEM("d dephasing", 2);
        ITEM("? help", 0);
        ITEM("q quit", 4);
    } else {
        ITEM(cr_frame_sym(v, "←→↑↓ sliders", "arrows: sliders"), 0);
        ITEM("Enter value", 4);
        ITEM("1 2 3 figures", 0);
        ITEM("f focus", 1);
        ITEM("d dephasing", 1);
        ITEM("c compare", 2);
        ITEM("space pause", 5);
        ITEM("? help", 0);
        ITEM("q quit", 3);
    }
#undef ITEM
    for (int level = 6; level >= 0; level--) {
        size_t len = 0;
        out[0] = '\0';
        for (int i = 0; i < k; i++)
            if (drop[i] <= level)
                len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s",
                                        len > 0 ? "  " : "", item[i]);
        if (cr_text_width(out) <= width)
            return;
    }
}

/* The scene's heading: "Scene K/N  TITLE: CAPTION". */
static void heading(const cr_view *v, char *t, size_t n)
{
    char raw[CR_VIEW_TEXT * 2];
    snprintf(raw, sizeof raw, "Scene %d/%d  %s%s%s", v->scene_k, v->scene_n, v->scene_title,
             v->caption[0] ? ": " : "", v->caption);
    cr_frame_words(v, raw, t, n);
}

/* The choices on one line: "a) ...   b) ...   c) ...". */
static void choices_line(const cr_view *v, char *t, size_t n)
{
    char raw[CR_VIEW_TEXT * 2];
    size_t len = 0;
    raw[0] = '\0';
    for (int i = 0; i < v->nchoices && len < sizeof raw; i++)
        len += (size_t)snprintf(raw + len, sizeof raw - len, "%s%c) %s", i > 0 ? "   " : "",
                                'a' + i, v->choices[i]);
    cr_frame_words(v, raw, t, n);
}

static const char *question(const cr_view *v, char *t, size_t n)
{
    char raw[CR_VIEW_TEXT + 16];
    snprintf(raw, sizeof raw, "Predict: %s", v->ask);
    return cr_frame_words(v, raw, t, n);
}

static int asking(const cr_view *v)
{
    return v->hide != 0 && (v->ask[0] != '\0' || v->nchoices > 0);
}

int cr_frame_scene_rows(const cr_view *v, int w)
{
    char t[CR_VIEW_TEXT * 2];
    if (v->scene_n <= 0)
        return 0;
    heading(v, t, sizeof t);
    int rows = cr_canvas_wrap(NULL, 0, 0, w, 0, t, CR_ROLE_TITLE);
    for (int i = 0; i < v->nnotes; i++)
        rows += cr_canvas_wrap(NULL, 0, 0, w - 2, 0, cr_frame_words(v, v->notes[i], t, sizeof t),
                               CR_ROLE_TEXT);
    if (asking(v)) {
        rows += cr_canvas_wrap(NULL, 0, 0, w, 0, question(v, t, sizeof t), CR_ROLE_HIGHLIGHT);
        choices_line(v, t, sizeof t);
        rows += t[0] ? cr_canvas_wrap(NULL, 0, 0, w - 2, 0, t, CR_ROLE_HIGHLIGHT) : 0;
    }
    return rows;
}

void cr_frame_draw_scene(const cr_view *v, cr_canvas *c, rect r)
{
    char t[CR_VIEW_TEXT * 2];
    int y = r.y, end = r.y + r.h;
    heading(v, t, sizeof t);
    /* The question first when rows are short: it is what the class answers. */
    if (asking(v)) {
        y += cr_canvas_wrap(c, r.x, y, r.w, end - y, question(v, t, sizeof t), CR_ROLE_HIGHLIGHT);
        choices_line(v, t, sizeof t);
        if (t[0] && y < end)
            y += cr_canvas_wrap(c, r.x + 2, y, r.w - 2, end - y, t, CR_ROLE_HIGHLIGHT);
        heading(v, t, sizeof t);
    }
    if (y < end)
        y += cr_canvas_wrap(c, r.x, y, r.w, end - y, t, CR_ROLE_TITLE);
    for (int i = 0; i < v->nnotes && y < end; i++)
        y += cr_canvas_wrap(c, r.x + 2, y, r.w - 2, end - y,
                            cr_frame_words(v, v->notes[i], t, sizeof t), CR_ROLE_TEXT);
}
