/* tui.c — the interactive terminal UI (tui/tui.h).
 *
 * A small state machine around one poll() loop on stdin, the solver's
 * wake-up pipe and the signal self-pipe, with a frame timer only while the
 * trajectory runs.  When nothing changes it blocks in poll() and draws
 * nothing.  Only this thread calls curses (through term.h); everything the
 * screen shows comes from the session (view/session.h), the same one
 * `colres snapshot` renders.
 */
#include "config.h"

#include "tui/tui.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "export_job.h"
#include "colres/status.h"
#include "view/frame.h"
#include "view/lecture.h"

static int render(tui *t)
{
    int w, h;
    term_size(&w, &h);
    if (w != t->width || h != t->height) {
        if (cr_canvas_resize(t->canvas, w, h) != CR_OK)
            return -1;
        t->width = w;
        t->height = h;
        cr_session_resize(t->session, w, h);
    }
    cr_frame_render(t->view, t->canvas);
    term_blit(t->canvas);
    t->dirty = 0;
    return 0;
}

/* Signals that came: 1 when one asks to quit. */
static int handle_signals(tui *t)
{
    int sigs = term_take_signals();
    if (sigs & TERM_SIG_QUIT)
        return 1;
    if (sigs & TERM_SIG_SUSPEND)
        term_suspend();
    if (sigs & (TERM_SIG_SUSPEND | TERM_SIG_CONT)) {
        term_invalidate();
        t->dirty = 1;
    }
    if (sigs & TERM_SIG_RESIZE) {
        term_resize();
        t->dirty = 1;
    }
    return 0;
}

static void note_latency(tui *t, double t_in)
{
    double ms = cr_session_now_ms() - t_in;
    t->lat_sum += ms;
    t->lat_n++;
    if (ms > t->lat_max)
        t->lat_max = ms;
}

void tui_export_end(tui *t, int cancel)
{
    char msg[CR_VIEW_TEXT];
    if (t->export_job == NULL)
        return;
    tui_export_finish(t->export_job, cancel, msg, sizeof msg);
    t->export_job = NULL;
    cr_session_status(t->session, "%s", msg);
    t->dirty = 1;
}

static int run(tui *t)
{
    struct pollfd fds[4] = {
        { .fd = 0, .events = POLLIN },
        { .fd = cr_session_fd(t->session), .events = POLLIN },
        { .fd = term_signal_fd(), .events = POLLIN },
        { .fd = -1, .events = POLLIN }, /* an export's end */
    };
    while (!t->quit) {
        if (t->dirty && render(t) != 0)
            return CR_ENOMEM;
        int timeout = -1;
        if (cr_session_running(t->session)) {
            double wait = cr_session_next_frame_ms(t->session) - cr_session_now_ms();
            timeout = wait > 0 ? (int)ceil(wait) : 0;
        }
        fds[3].fd = t->export_job != NULL ? tui_export_fd(t->export_job) : -1;
        int n = poll(fds, 4, timeout);
        if (n < 0 && errno != EINTR)
            return CR_EIO;
        if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
            return CR_EIO; /* the terminal is gone */
        double t_in = cr_session_now_ms();
        if (handle_signals(t))
            break;
        int had_input = 0;
        term_event ev;
        while (!t->quit && term_read(&ev)) {
            tui_handle_event(t, &ev);
            had_input = 1;
        }
        if (n > 0 && (fds[1].revents & POLLIN) && cr_session_update(t->session))
            t->dirty = 1;
        if (n > 0 && fds[3].fd >= 0 && (fds[3].revents & POLLIN))
            tui_export_end(t, 0);
        if (cr_session_tick(t->session, cr_session_now_ms()))
            t->dirty = 1;
        if (had_input && t->dirty && !t->quit) {
            if (render(t) != 0)
                return CR_ENOMEM;
            note_latency(t, t_in);
        }
    }
    return CR_OK;
}

static void write_latency(const tui *t)
{
    const char *lat = getenv("COLRES_TUI_LATENCY");
    if (lat == NULL || *lat == '\0' || t->lat_n == 0)
        return;
    FILE *f = fopen(lat, "w");
    if (f == NULL)
        return;
    fprintf(f, "frames_after_input %ld mean_ms %.3f max_ms %.3f\n", t->lat_n,
            t->lat_sum / (double)t->lat_n, t->lat_max);
    fclose(f);
}

int tui_print_keys(FILE *f)
{
    static char lines[CR_VIEW_HELP_MAX][TUI_HELP_WIDTH];
    int n = tui_help_lines(lines, CR_VIEW_HELP_MAX);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s\n", lines[i]);
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int tui_run(const tui_opts *o, char *err, size_t errlen)
{
    static tui t; /* large; one per process */
    memset(&t, 0, sizeof t);
    snprintf(t.config_path, sizeof t.config_path, "%s",
             o->config_path != NULL ? o->config_path : "");
    snprintf(t.export_dir, sizeof t.export_dir, "%s", o->export_dir != NULL ? o->export_dir : "");
    cr_session_opts so = o->session;
    so.timings = o->verbose;
    t.canvas = cr_canvas_new(CR_FRAME_MIN_W, CR_FRAME_MIN_H, so.ascii);
    if (t.canvas == NULL) {
        cr_error(err, errlen, CR_ENOMEM, "out of memory");
        return -1;
    }
    term_opts to = { o->want_color, o->mouse, so.light };
    if (term_init(&to, err, errlen) != CR_OK) {
        term_restore();
        cr_canvas_free(t.canvas);
        return -1;
    }
    so.color = term_has_color();
    t.session = cr_session_new(&so, err, errlen);
    if (t.session == NULL) {
        term_restore();
        cr_canvas_free(t.canvas);
        return -1;
    }
    t.view = cr_session_view(t.session);
    const char *help[CR_VIEW_HELP_MAX];
    int help_n = tui_help_lines(t.help, CR_VIEW_HELP_MAX);
    for (int i = 0; i < help_n; i++)
        help[i] = t.help[i];
    cr_session_set_help(t.session, help, help_n);
    term_size(&t.width, &t.height);
    cr_canvas_resize(t.canvas, t.width, t.height);
    cr_session_resize(t.session, t.width, t.height);
    t.lecture = o->lecture;
    if (t.lecture != NULL)
        cr_session_scene(t.session, t.lecture, 0);
    t.dirty = 1;

    int rc = run(&t);
    tui_export_end(&t, 1); /* quit, a signal or a lost terminal: stop it */
    term_restore();
    write_latency(&t);
    cr_session_free(t.session);
    cr_canvas_free(t.canvas);
    if (rc != CR_OK) {
        cr_error(err, errlen, rc, "the terminal UI failed: %s", cr_status_str(rc));
        return -1;
    }
    return term_quit_signal() != 0 ? 128 + term_quit_signal() : 0;
}
