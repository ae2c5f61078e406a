/* tui.c — `colres` / `colres tui`: the interactive terminal UI.
 *
 * A small state machine around one poll() loop on stdin, the solver's
 * wake-up pipe and the signal self-pipe, with a frame timer only while the
 * trajectory runs (25 frames/s).  When nothing changes it blocks in poll()
 * and draws nothing.  Only this thread calls curses (through term.h); the
 * solver thread is reached only through colres/solver.h.
 */
#include "config.h"

#include "app.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/cli.h"
#include "colres/model.h"
#include "colres/solver.h"
#include "colres/status.h"
#include "colres/trajectory.h"

double tui_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

void tui_set_status(tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->view->status, sizeof t->view->status, fmt, ap);
    va_end(ap);
    t->dirty = 1;
}

/* ---- requests ---------------------------------------------------------- */

void tui_post(tui *t)
{
    cr_solver_request rq;
    cr_solver_request_default(&rq, &t->params);
    rq.curve_n = CURVE_POINTS;
    cr_heat_plane_axes(t->plane, &rq.heat);
    int nx = 0, ny = 0;
    cr_frame_heat_size(t->view, t->width, t->height, &nx, &ny);
    if (nx > CR_SOLVER_HEAT_NX_MAX)
        nx = CR_SOLVER_HEAT_NX_MAX;
    if (ny > CR_SOLVER_HEAT_NY_MAX)
        ny = CR_SOLVER_HEAT_NY_MAX;
    rq.heat_nx = (size_t)nx;
    rq.heat_ny = (size_t)ny;
    if (nx < 1 || ny < 1)
        rq.stages &= ~(unsigned)CR_SOLVE_HEAT;
    /* The mean curve from the anchor, far enough ahead of the trajectory. */
    double window = t->view->traj_window;
    double span = 2.0 * window;
    while (t->anchor_gt + span < t->gt + window)
        span += window;
    t->mean_end_gt = t->anchor_gt + span;
    rq.mean_rho0 = t->anchor_rho;
    rq.mean_t0 = t->anchor_t;
    rq.mean_t1 = t->anchor_t + span / t->params.gamma;
    rq.mean_n = MEAN_POINTS;
    t->gen = cr_solver_post(t->solver, &rq);
    t->anchors[t->gen % ANCHORS] = (anchor){ t->gen, t->anchor_t, t->anchor_gt,
                                             t->params.gamma, t->epoch };
    if (t->params.amplitudes != CR_AMP_EXACT)
        t->exact_gen = 0;
}

/* Parameters changed: the trajectory continues from where it is, and the
 * mean curve restarts from there (the class sees the relaxation). */
void tui_params_changed(tui *t)
{
    int had = t->view->have_steady;
    cr_view_set_params(t->view, &t->params);
    t->view->have_steady = had; /* keep the old numbers until the new come */
    cr_traj_state(t->traj, &t->anchor_rho);
    t->anchor_t = cr_traj_time(t->traj);
    t->anchor_gt = t->gt;
    tui_post(t);
    t->dirty = 1;
}

int tui_set_param(tui *t, int id, double value)
{
    char err[256];
    cr_params p = t->params;
    cr_param_put(&p, id, value);
    if (cr_params_validate(&p, err, sizeof err) != CR_OK) {
        tui_set_status(t, "%s", err);
        return -1;
    }
    t->params = p;
    tui_params_changed(t);
    return 0;
}

void tui_new_trajectory(tui *t, unsigned long seed)
{
    t->seed = seed;
    t->epoch++;
    cr_traj_reset(t->traj, seed);
    cr_traj_set_dephase(t->traj, t->dephase);
    cr_view_traj_clear(t->view);
    t->view->seed = seed;
    t->gt = 0.0;
    t->last_t = 0.0;
    t->carry = 0.0;
    t->view->mean_n = 0;
    cr_traj_state(t->traj, &t->anchor_rho);
    t->anchor_t = 0.0;
    t->anchor_gt = 0.0;
    cr_view_traj_push(t->view, 0.0, creal(t->anchor_rho.v[CR_VEC(0, 0)]));
    t->next_frame = tui_now_ms();
}

/* ---- results from the solver -------------------------------------------- */

static void apply_heat(tui *t, const cr_solver_result *r)
{
    cr_view *v = t->view;
    if (r->heat_nx == 0)
        return;
    if (v->heat_nx != (int)r->heat_nx || v->heat_ny != (int)r->heat_ny
        || v->heat_xparam != r->heat.xparam || v->heat_yparam != r->heat.yparam
        || v->heat_xmin != r->heat.x_lo || v->heat_xmax != r->heat.x_hi
        || v->heat_ymin != r->heat.y_lo || v->heat_ymax != r->heat.y_hi)
        cr_view_heat_setup(v, r->heat.xparam, r->heat.x_lo, r->heat.x_hi, r->heat.x_log,
                           r->heat.yparam, r->heat.y_lo, r->heat.y_hi, r->heat.y_log,
                           (int)r->heat_nx, (int)r->heat_ny);
    /* Rows being recomputed keep their old values until replaced. */
    for (size_t iy = 0; iy < r->heat_ny && iy < CR_VIEW_HEAT_MAX; iy++)
        if (r->heat_row_ok[iy])
            memcpy(&v->heat[iy * r->heat_nx], &r->heat_values[iy * r->heat_nx],
                   r->heat_nx * sizeof(double));
    v->heat_rows_done = (int)r->heat_rows_done;
    if (r->heat_complete && r->heat_seconds > 0.0)
        v->heat_seconds = r->heat_seconds;
}

static void apply_result(tui *t)
{
    cr_solver_result *r = t->res;
    cr_view *v = t->view;
    if (!cr_solver_poll(t->solver, r))
        return;
    t->dirty = 1;
    if (r->gen_map != t->seen_map) {
        t->seen_map = r->gen_map;
        /* S and Δ from the newest map; Γ from its request. */
        cr_traj_set_map(t->traj, &r->map, r->map_params.gamma, r->map_params.delta);
        t->traj_gamma = r->map_params.gamma;
        if (!t->traj_ready)
            t->next_frame = tui_now_ms();
        t->traj_ready = 1;
        v->map_ms = 1e3 * r->map_seconds;
    }
    if (r->gen_steady != t->seen_steady) {
        t->seen_steady = r->gen_steady;
        cr_view_set_steady(v, &r->steady);
    }
    if (r->gen_curve != t->seen_curve) {
        t->seen_curve = r->gen_curve;
        cr_view_set_curve(v, r->curve, r->curve_n);
    }
    const anchor *a = &t->anchors[r->gen_mean % ANCHORS];
    if (r->gen_mean != t->seen_mean && a->gen == r->gen_mean && a->epoch == t->epoch) {
        double gt[CR_SOLVER_MEAN_MAX], r00[CR_SOLVER_MEAN_MAX];
        t->seen_mean = r->gen_mean;
        for (size_t i = 0; i < r->mean_n; i++) {
            gt[i] = a->gt + a->gamma * (r->mean_t[i] - a->t);
            r00[i] = creal(r->mean[i].v[CR_VEC(0, 0)]);
        }
        cr_view_set_mean(v, gt, r00, r->mean_n);
    }
    apply_heat(t, r);
    if (r->busy)
        snprintf(v->busy, sizeof v->busy, "computing… %zu/%zu heat rows", r->heat_rows_done,
                 r->heat_ny);
    else
        v->busy[0] = '\0';
    if (r->error_status != CR_OK) {
        snprintf(v->error, sizeof v->error, "%s", r->error);
        if (r->error_gen != t->seen_error) {
            t->seen_error = r->error_gen;
            if (t->exact_gen != 0 && r->error_gen >= t->exact_gen
                && t->params.amplitudes == CR_AMP_EXACT) {
                /* Exact amplitudes failed: keep the approximation. */
                t->params.amplitudes = CR_AMP_APPROX;
                tui_set_status(t, "exact amplitudes failed (%s); kept approx", r->error);
                tui_params_changed(t);
            } else {
                tui_set_status(t, "error: %s", r->error);
            }
        }
    } else {
        v->error[0] = '\0';
    }
}

/* ---- the trajectory -------------------------------------------------------- */

static void advance_trajectory(tui *t, double now)
{
    double dt = (now - t->next_frame + FRAME_MS) / 1e3;
    if (dt > 0.25)
        dt = 0.25; /* after a suspend: do not jump */
    t->next_frame = now + FRAME_MS;
    t->carry += t->speed * dt;
    unsigned long n = (unsigned long)t->carry;
    t->carry -= (double)n;
    cr_state rho;
    for (unsigned long i = 0; i < n; i++) {
        cr_traj_step(t->traj, 1);
        double tt = cr_traj_time(t->traj);
        t->gt += t->traj_gamma * (tt - t->last_t); /* Γt, continuous across Γ changes */
        t->last_t = tt;
        cr_traj_state(t->traj, &rho);
        cr_view_traj_push(t->view, t->gt, creal(rho.v[CR_VEC(0, 0)]));
    }
    t->view->collisions = cr_traj_count(t->traj);
    if (n > 0)
        t->dirty = 1;
    if (t->gt + 0.5 * t->view->traj_window > t->mean_end_gt)
        tui_post(t); /* extend the mean curve ahead of the trajectory */
}

/* ---- the loop -------------------------------------------------------------- */

static int render(tui *t)
{
    int w, h;
    term_size(&w, &h);
    if (w != t->width || h != t->height) {
        int old_nx, old_ny, nx, ny;
        cr_frame_heat_size(t->view, t->width, t->height, &old_nx, &old_ny);
        if (cr_canvas_resize(t->canvas, w, h) != CR_OK)
            return -1;
        t->width = w;
        t->height = h;
        cr_frame_heat_size(t->view, w, h, &nx, &ny);
        if (nx != old_nx || ny != old_ny)
            tui_post(t); /* the heat map follows the panel's size */
    }
    cr_frame_render(t->view, t->canvas);
    term_blit(t->canvas);
    t->dirty = 0;
    return 0;
}

static int run(tui *t)
{
    struct pollfd fds[3] = {
        { .fd = 0, .events = POLLIN },
        { .fd = cr_solver_fd(t->solver), .events = POLLIN },
        { .fd = term_signal_fd(), .events = POLLIN },
    };
    while (!t->quit) {
        if (t->dirty && render(t) != 0)
            return cr_error(NULL, 0, CR_ENOMEM, "out of memory");
        int running = t->traj_ready && !t->paused;
        int timeout = -1;
        if (running) {
            double wait = t->next_frame - tui_now_ms();
            timeout = wait > 0 ? (int)ceil(wait) : 0;
        }
        int n = poll(fds, 3, timeout);
        if (n < 0 && errno != EINTR)
            return CR_EIO;
        double t_in = tui_now_ms();
        int sigs = term_take_signals();
        if (sigs & TERM_SIG_QUIT)
            break;
        if (sigs & TERM_SIG_SUSPEND)
            term_suspend();
        if (sigs & (TERM_SIG_SUSPEND | TERM_SIG_CONT)) {
            term_invalidate();
            t->next_frame = tui_now_ms();
            t->dirty = 1;
        }
        if (sigs & TERM_SIG_RESIZE) {
            term_resize();
            t->dirty = 1;
        }
        int had_input = 0;
        term_event ev;
        while (!t->quit && term_read(&ev)) {
            tui_handle_event(t, &ev);
            had_input = 1;
        }
        if (n > 0 && (fds[1].revents & POLLIN)) {
            cr_solver_drain(t->solver);
            apply_result(t);
        }
        if (running && tui_now_ms() >= t->next_frame)
            advance_trajectory(t, tui_now_ms());
        if (had_input && t->dirty && !t->quit) {
            if (render(t) != 0)
                return CR_ENOMEM;
            double ms = tui_now_ms() - t_in;
            t->lat_sum += ms;
            t->lat_n++;
            if (ms > t->lat_max)
                t->lat_max = ms;
        }
    }
    return CR_OK;
}

/* ---- the command ------------------------------------------------------------ */

enum { OPT_ASCII = 1, OPT_NO_COLOR, OPT_NO_MOUSE, OPT_THEME, OPT_SEED, OPT_KEYS };

static const cli_opt tui_opts[] = {
    { "ascii", 0, OPT_ASCII, NULL, "pure-ASCII plots (default when the locale is not UTF-8)" },
    { "no-color", 0, OPT_NO_COLOR, NULL, "no colour (also when NO_COLOR is set)" },
    { "no-mouse", 0, OPT_NO_MOUSE, NULL, "leave the mouse to the terminal (to copy text)" },
    { "theme", 1, OPT_THEME, "light|dark", "light: high-contrast projector theme" },
    { "seed", 1, OPT_SEED, "N", "seed of the first trajectory (default 1)" },
    { "keys", 0, OPT_KEYS, NULL, "print the key bindings (the help overlay's text) and exit" },
    { NULL, 0, 0, NULL, NULL },
};

static int tui_opt(void *ctx, int id, const char *arg)
{
    tui *t = ctx;
    switch (id) {
    case OPT_ASCII: t->ascii = 1; break;
    case OPT_NO_COLOR: t->want_color = 0; break;
    case OPT_NO_MOUSE: t->mouse = 0; break;
    case OPT_THEME:
        if (strcmp(arg, "light") != 0 && strcmp(arg, "dark") != 0)
            return cli_error("invalid --theme \"%s\": valid are light, dark", arg);
        t->light = strcmp(arg, "light") == 0;
        break;
    case OPT_SEED: return cli_parse_ulong("seed", arg, 0, 4294967295ul, &t->seed0);
    case OPT_KEYS: t->print_keys = 1; break;
    default: break;
    }
    return CLI_OK;
}

static void tui_free(tui *t)
{
    cr_solver_stop(t->solver);
    cr_traj_free(t->traj);
    cr_canvas_free(t->canvas);
    cr_view_free(t->view);
    free(t->res);
}

int cmd_tui(int argc, char **argv)
{
    static tui t; /* large; one per process */
    memset(&t, 0, sizeof t);
    t.want_color = getenv("NO_COLOR") == NULL || getenv("NO_COLOR")[0] == '\0';
    t.mouse = 1;
    t.seed0 = 1;
    cli_common common;
    int rc = cli_parse(argc, argv, "usage: colres [tui] [options]\n\n"
                       "The interactive terminal UI (press ? inside for the keys).",
                       tui_opts, tui_opt, &t, &common);
    if (rc < 0)
        return CLI_OK;
    if (rc != CLI_OK)
        return rc;
    if (t.print_keys) {
        /* The same lines as the help overlay, for the README's key table. */
        int n = tui_help_lines(t.help, CR_VIEW_HELP_MAX);
        for (int i = 0; i < n; i++)
            printf("%s\n", t.help[i]);
        return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
    }
    if (!term_locale())
        t.ascii = 1;
    t.params0 = t.params = common.params;
    snprintf(t.config_path, sizeof t.config_path, "%s", common.config_path);
    t.plane = DEFAULT_PLANE;
    t.speed = DEFAULT_SPEED;

    char err[256] = "";
    t.view = cr_view_new();
    t.canvas = cr_canvas_new(CR_FRAME_MIN_W, CR_FRAME_MIN_H, t.ascii);
    t.res = calloc(1, sizeof *t.res);
    t.traj = cr_traj_alloc(t.seed0);
    if (t.view == NULL || t.canvas == NULL || t.res == NULL || t.traj == NULL) {
        tui_free(&t);
        return cli_error("out of memory"), CLI_FAIL;
    }
    t.solver = cr_solver_start(err, sizeof err);
    if (t.solver == NULL) {
        tui_free(&t);
        return cli_error("%s", err), CLI_FAIL;
    }
    term_opts to = { t.want_color, t.mouse, t.light };
    if (term_init(&to, err, sizeof err) != CR_OK) {
        term_restore();
        tui_free(&t);
        return cli_error("%s", err), CLI_FAIL;
    }
    cr_view *v = t.view;
    v->ascii = t.ascii;
    v->color = term_has_color();
    v->light = t.light;
    v->speed = t.speed;
    v->help_n = tui_help_lines(t.help, CR_VIEW_HELP_MAX);
    for (int i = 0; i < v->help_n; i++)
        v->help[i] = t.help[i];
    term_size(&t.width, &t.height);
    cr_canvas_resize(t.canvas, t.width, t.height);
    cr_view_set_params(v, &t.params);
    tui_new_trajectory(&t, t.seed0);
    tui_post(&t);
    t.dirty = 1;

    rc = run(&t);
    term_restore();
    const char *lat = getenv("COLRES_TUI_LATENCY");
    if (lat != NULL && *lat != '\0' && t.lat_n > 0) {
        FILE *f = fopen(lat, "w");
        if (f != NULL) {
            fprintf(f, "frames_after_input %ld mean_ms %.3f max_ms %.3f\n", t.lat_n,
                    t.lat_sum / (double)t.lat_n, t.lat_max);
            fclose(f);
        }
    }
    tui_free(&t);
    if (rc != CR_OK)
        return cli_error("the terminal UI failed: %s", cr_status_str(rc)), CLI_FAIL;
    return CLI_OK;
}
