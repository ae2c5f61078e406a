/*
 * app.h — the TUI's own state, shared by tui.c (the loop) and actions.c
 * (keys, prompt, mouse).  Private to src/tui.  Everything the screen shows
 * lives in the session's view (view/session.h); this holds only what
 * belongs to the terminal: the canvas, the prompt being typed, the mouse
 * drag, and the loop's flags.
 *
 * Ownership: one `tui` per process, owned by tui_run().
 * Threads: main thread only.
 */
#ifndef COLRES_TUI_APP_H
#define COLRES_TUI_APP_H

#include "keys.h"
#include "term.h"
#include "tui/tui.h"
#include "view/canvas.h"
#include "view/session.h"

typedef struct tui {
    cr_session *session;
    const cr_view *view;       /* the session's, read-only: the session
                                * is its one writer (view/session.h) */
    cr_canvas *canvas;
    int width, height;
    char config_path[4096];    /* where `s` saves */
    char export_dir[4096];     /* where `e` writes ("": the current directory) */
    char help[CR_VIEW_HELP_MAX][TUI_HELP_WIDTH];

    const struct cr_lecture *lecture; /* --lecture (NULL: none) and its scene */
    int scene;

    int prompting;
    char input[4096];       /* room for levels= or an 8×8 coupling= */
    size_t input_len;
    int dragging, dirty, quit;
    struct tui_export_job *export_job; /* `e` in progress (export_job.h), or NULL */

    /* latency: input seen → frame on the terminal */
    double lat_sum, lat_max;
    long lat_n;
} tui;

/* End the export in progress, if any (cancel: stop it first), and show
 * its outcome on the status line. */
void tui_export_end(tui *t, int cancel);

/* One key or mouse event (actions.c). */
void tui_handle_event(tui *t, const term_event *ev);

#endif
