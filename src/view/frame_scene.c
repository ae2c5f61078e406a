/*
 * frame_scene.c — a lecture scene's words on the TUI frame (frame_parts.h):
 * the band above the hint bar with the scene's number, title and caption,
 * its notes, and while a series is hidden, the question to predict.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "frame_parts.h"

/* The scene's heading: "Scene K/N  TITLE: CAPTION". */
static void heading(const cr_view *v, char *t, size_t n)
{
    snprintf(t, n, "Scene %d/%d  %s%s%s", v->scene_k, v->scene_n, v->scene_title,
             v->caption[0] ? ": " : "", v->caption);
}

/* The choices on one line: "a) ...   b) ...   c) ...". */
static void choices_line(const cr_view *v, char *t, size_t n)
{
    size_t len = 0;
    t[0] = '\0';
    for (int i = 0; i < v->nchoices && len < n; i++)
        len += (size_t)snprintf(t + len, n - len, "%s%c) %s", i > 0 ? "   " : "", 'a' + i,
                                v->choices[i]);
}

static int asking(const cr_view *v)
{
    return v->hide != 0 && (v->ask[0] != '\0' || v->nchoices > 0);
}

int frame_scene_rows(const cr_view *v, int w)
{
    char t[CR_VIEW_TEXT * 2];
    if (v->scene_n <= 0)
        return 0;
    heading(v, t, sizeof t);
    int rows = cr_canvas_wrap(NULL, 0, 0, w, 0, t, CR_ROLE_TITLE);
    for (int i = 0; i < v->nnotes; i++)
        rows += cr_canvas_wrap(NULL, 0, 0, w - 2, 0, v->notes[i], CR_ROLE_TEXT);
    if (asking(v)) {
        snprintf(t, sizeof t, "Predict: %s", v->ask);
        rows += cr_canvas_wrap(NULL, 0, 0, w, 0, t, CR_ROLE_HIGHLIGHT);
        choices_line(v, t, sizeof t);
        rows += t[0] ? cr_canvas_wrap(NULL, 0, 0, w - 2, 0, t, CR_ROLE_HIGHLIGHT) : 0;
    }
    return rows;
}

void frame_draw_scene(const cr_view *v, cr_canvas *c, rect r)
{
    char t[CR_VIEW_TEXT * 2];
    int y = r.y, end = r.y + r.h;
    heading(v, t, sizeof t);
    /* The question first when rows are short: it is what the class answers. */
    if (asking(v)) {
        snprintf(t, sizeof t, "Predict: %s", v->ask);
        y += cr_canvas_wrap(c, r.x, y, r.w, end - y, t, CR_ROLE_HIGHLIGHT);
        choices_line(v, t, sizeof t);
        if (t[0] && y < end)
            y += cr_canvas_wrap(c, r.x + 2, y, r.w - 2, end - y, t, CR_ROLE_HIGHLIGHT);
        heading(v, t, sizeof t);
    }
    if (y < end)
        y += cr_canvas_wrap(c, r.x, y, r.w, end - y, t, CR_ROLE_TITLE);
    for (int i = 0; i < v->nnotes && y < end; i++)
        y += cr_canvas_wrap(c, r.x + 2, y, r.w - 2, end - y, v->notes[i], CR_ROLE_TEXT);
}
