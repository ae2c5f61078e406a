/* session.c — one screen's state and behaviour without a terminal
 * (view/session.h): requests to the solver, its results into the view, and
 * the live trajectory. */
#include "config.h"

#include "view/session.h"

#include <complex.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/clock.h"
#include "colres/status.h"
#include "colres/trajectory.h"
#include "view/frame.h"
#include "view/mech.h"
#include "view/preset.h"
#include "view/solver.h"
#include "session_impl.h"

double cr_session_now_ms(void)
{
    return 1e3 * cr_clock_monotonic();
}

void cr_session_opts_default(cr_session_opts *o)
{
    memset(o, 0, sizeof *o);
    cr_params_default(&o->params);
    o->seed = 1;
    o->show_first = 1;
    o->plane = CR_PLANE_DEFAULT;
    o->heat_log = -1;
    o->speed = CR_SESSION_SPEED;
}

void cr_session_opts_preset(cr_session_opts *o, const cr_preset_view *pv)
{
    if (pv->set & CR_PRESET_PLANE)
        o->plane = pv->plane;
    if (pv->set & CR_PRESET_COMPARE)
        o->compare = pv->compare;
    if (pv->set & CR_PRESET_DEPHASE)
        o->dephase = pv->dephase;
    if (pv->set & CR_PRESET_OVERLAY) {
        o->show_first = pv->show_first;
        o->show_rough = pv->show_rough;
    }
    if (pv->set & CR_PRESET_SCALE)
        o->heat_log = pv->heat_log;
    if (pv->set & CR_PRESET_CAPTION)
        snprintf(o->caption, sizeof o->caption, "%s", pv->caption);
}

void cr_session_status(cr_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->view->status, sizeof s->view->status, fmt, ap);
    va_end(ap);
}

const cr_view *cr_session_view(const cr_session *s)
{
    return s->view;
}

const cr_params *cr_session_params(const cr_session *s)
{
    return &s->view->params;
}

/* ---- requests ------------------------------------------------------------ */

/* A request for the screen as it is, its heat map on `plane`. */
static void post_plane(cr_session *s, int plane)
{
    const cr_view *v = s->view;
    cr_solver_request rq;
    cr_solver_request_default(&rq, &v->params);
    rq.dephase = v->dephase;
    rq.quantity = v->quantity;
    int nx, ny;
    cr_plane_get(plane, &rq.heat);
    cr_frame_heat_size(v, plane, s->width, s->height, &nx, &ny);
    rq.heat_nx = (size_t)nx;
    rq.heat_ny = (size_t)ny;
    if (nx < 1 || ny < 1)
        rq.stages &= ~(unsigned)CR_SOLVE_HEAT;
    /* The mean curve from the anchor, far enough ahead of the trajectory. */
    double window = v->traj_window;
    double span = 2.0 * window;
    if (s->anchor_gt + span < s->gt + window) /* whole windows past the trajectory */
        span = ceil((s->gt + window - s->anchor_gt) / window) * window;
    s->mean_end_gt = s->anchor_gt + span;
    rq.mean_rho0 = s->anchor_rho;
    rq.mean_t0 = s->anchor_t;
    rq.mean_t1 = s->anchor_t + span / v->params.gamma;
    s->gen = cr_solver_post(s->solver, &rq);
    s->posted = 1;
    s->anchors[s->gen % ANCHORS] = (anchor){ s->gen, s->anchor_t, s->anchor_gt,
                                             v->params.gamma, s->epoch };
    if (v->params.amplitudes != CR_AMP_EXACT)
        s->exact_gen = 0;
}

void cr_session_post_request(cr_session *s)
{
    post_plane(s, s->view->plane);
    s->main_gen = s->gen; /* the side planes of Fig. 3 are due again */
    s->side_gen[0] = s->side_gen[1] = 0;
}

/* Fig. 3 focused and wide: once the main map is complete, the paper's two
 * other planes, one request each (the solver keeps S and the curves, so
 * only their maps are computed).  Returns 1 if it posted. */
static int post_side(cr_session *s, const cr_solver_result *r)
{
    cr_view *v = s->view;
    if (!cr_frame_three_planes(v, s->width, s->height) || r->busy || r->posted != s->gen)
        return 0;
    for (int k = 0, pl = 0; k < 2; k++, pl++) {
        pl += pl == v->plane;
        if (s->side_gen[k] == s->main_gen)
            continue; /* done, or being done, for these inputs */
        if (v->side[k].plane != pl)
            v->side[k].nx = 0;
        v->side[k].plane = pl;
        s->side_gen[k] = s->main_gen;
        unsigned long keep = s->main_gen;
        post_plane(s, pl);
        s->main_gen = keep;
        return 1;
    }
    return 0;
}

/* New parameters: the trajectory continues from where it is, and the mean
 * curve restarts from there (the class sees the relaxation) — except for a
 * new Γ, whose Γt axis is another one: a new trajectory (same seed). */
void cr_session_params_changed(cr_session *s, const cr_params *p)
{
    int new_gamma = p->gamma != s->view->params.gamma;
    /* Another number of levels: the old state has no place in the new
     * system, so a new trajectory starts too. */
    int new_system = p->nlevels != s->view->params.nlevels;
    cr_view_set_params(s->view, p);
    if (new_gamma || new_system)
        cr_session_start_trajectory(s, s->view->seed);
    else if (s->view->traj_n > 1)
        s->view->traj_pure = 0; /* it goes on under other parameters */
    if (s->view->traj_n <= 1)
        s->view->traj_params = *p;
    cr_ntraj_state(s->traj, &s->anchor_rho);
    s->anchor_t = cr_ntraj_time(s->traj);
    s->anchor_gt = s->gt;
    cr_session_post_request(s);
}

void cr_session_start_trajectory(cr_session *s, unsigned long seed)
{
    cr_view *v = s->view;
    v->seed = seed;
    s->epoch++;
    /* From the top level: |1><1| for the qubit, as in the paper. */
    cr_nstate top;
    double e[CR_NMAX];
    char err[64];
    cr_params_energies(&v->params, e);
    (void)cr_nstate_initial("excited", v->params.nlevels, e, v->params.beta, &top, err,
                            sizeof err);
    cr_ntraj_reset_to(s->traj, seed, &top);
    cr_ntraj_set_dephase(s->traj, v->dephase);
    cr_view_traj_clear(v);
    v->traj_gamma = v->params.gamma;
    v->traj_pure = 1;
    v->traj_params = v->params;
    static const double cmp_gamma[] = CR_SCREEN_CMP_GAMMAS;
    static const int cmp_dephase[] = CR_SCREEN_CMP_DEPHASE;
    for (int k = 0; k < CR_SCREEN_CMP_N; k++) {
        cr_nstate rho;
        cr_ntraj_reset_to(s->cmp[k], seed, &top);
        cr_ntraj_set_dephase(s->cmp[k], cmp_dephase[k] || v->dephase);
        v->cmp[k].gamma = cmp_gamma[k];
        v->cmp[k].dephase = cmp_dephase[k];
        v->cmp[k].n = v->cmp[k].start = 0;
        cr_ntraj_state(s->cmp[k], &rho);
        cr_view_cmp_push(v, k, 0.0, creal(rho.v[0]));
    }
    s->gt = 0.0;
    s->last_t = 0.0;
    s->carry = 0.0;
    v->mean_n = 0;
    cr_ntraj_state(s->traj, &s->anchor_rho);
    s->anchor_t = 0.0;
    s->anchor_gt = 0.0;
    cr_view_traj_push(v, 0.0, creal(s->anchor_rho.v[0]));
    s->next_frame = cr_session_now_ms();
    /* The ensemble (member 0 is this trajectory) and compare mode's means. */
    cr_mech_reset(s->mech, &v->mech, seed, &top, v->dephase);
    cr_mech_cmp_update(s->mech, &v->mech, v->cmp_n > 0, v->dephase);
    if (s->traj_ready)
        cr_mech_follow(s->mech, &v->mech, 0, 0.0);
}

void cr_session_resize(cr_session *s, int width, int height)
{
    int old_nx, old_ny, nx, ny;
    cr_frame_heat_size(s->view, s->view->plane, s->width, s->height, &old_nx, &old_ny);
    cr_frame_heat_size(s->view, s->view->plane, width, height, &nx, &ny);
    int first = !s->posted;
    s->width = width;
    s->height = height;
    if (first || nx != old_nx || ny != old_ny)
        cr_session_post_request(s); /* the heat map follows the panel's size */
}

/* ---- life cycle ------------------------------------------------------------ */

cr_session *cr_session_new(const cr_session_opts *o, char *err, size_t errlen)
{
    cr_session *s = calloc(1, sizeof *s);
    if (s == NULL) {
        cr_error(err, errlen, CR_ENOMEM, "out of memory");
        return NULL;
    }
    s->start = *o;
    if (!(s->start.speed > 0))
        s->start.speed = CR_SESSION_SPEED;
    s->view = cr_view_new();
    s->res = calloc(1, sizeof *s->res);
    s->traj = cr_ntraj_alloc(o->seed);
    s->mech = cr_mech_new();
    int ok = s->view != NULL && s->res != NULL && s->traj != NULL && s->mech != NULL;
    if (ok && o->ensemble > 1 && cr_mech_set_k(s->mech, &s->view->mech, o->ensemble) != 0)
        ok = 0;
    for (int k = 0; k < CR_SCREEN_CMP_N; k++)
        ok &= (s->cmp[k] = cr_ntraj_alloc(o->seed)) != NULL;
    if (!ok) {
        cr_error(err, errlen, CR_ENOMEM, "out of memory");
        cr_session_free(s);
        return NULL;
    }
    s->solver = cr_solver_start(err, errlen);
    if (s->solver == NULL) {
        cr_session_free(s);
        return NULL;
    }
    cr_view *v = s->view;
    v->ascii = o->ascii;
    v->color = o->color;
    v->light = o->light;
    v->timings = o->timings;
    v->paused = o->paused;
    v->dephase = o->dephase;
    v->cmp_n = o->compare ? CR_SCREEN_CMP_N : 0;
    v->show_first = o->show_first;
    v->show_rough = o->show_rough;
    v->show_units = o->show_units;
    v->plane = o->plane;
    v->busy_rows = 0; /* nothing computed yet: not "ready" before the first result */
    v->heat_log = o->heat_log;
    v->focus = o->focus;
    v->focus_last = o->focus >= 1 ? o->focus : 2;
    snprintf(v->caption, sizeof v->caption, "%s", o->caption);
    v->speed = s->start.speed;
    cr_plane_get(v->plane, &v->heat_axes);
    cr_view_set_params(v, &o->params);
    cr_session_start_trajectory(s, o->seed);
    return s;
}

void cr_session_free(cr_session *s)
{
    if (s == NULL)
        return;
    cr_solver_stop(s->solver);
    cr_ntraj_free(s->traj);
    for (int k = 0; k < CR_SCREEN_CMP_N; k++)
        cr_ntraj_free(s->cmp[k]);
    cr_mech_free(s->mech);
    cr_view_free(s->view);
    free(s->res);
    free(s);
}

int cr_session_fd(const cr_session *s)
{
    return cr_solver_fd(s->solver);
}

/* ---- results from the solver ------------------------------------------------ */

/* A map of one of Fig. 3's side planes (see post_side): into its slot.
 * Returns 1 if it was one. */
static int apply_side(cr_view *v, const cr_solver_result *r)
{
    cr_plane main;
    if (v->focus != 3 || cr_plane_get(v->plane, &main) != 0 || cr_plane_equal(&main, &r->heat))
        return 0;
    for (int k = 0; k < 2; k++) {
        struct cr_view_side *sd = &v->side[k];
        cr_plane axes;
        if (cr_plane_get(sd->plane, &axes) != 0 || !cr_plane_equal(&axes, &r->heat))
            continue;
        if (sd->nx != (int)r->heat_nx || sd->ny != (int)r->heat_ny) {
            sd->nx = (int)r->heat_nx, sd->ny = (int)r->heat_ny;
            for (size_t i = 0; i < r->heat_nx * r->heat_ny; i++)
                sd->heat[i] = NAN;
        }
        sd->axes = r->heat;
        for (size_t iy = 0; iy < r->heat_ny; iy++)
            if (r->heat_row_ok[iy])
                memcpy(&sd->heat[iy * r->heat_nx], &r->heat_values[iy * r->heat_nx],
                       r->heat_nx * sizeof(double));
        sd->rows_done = (int)r->heat_rows_done;
        return 1;
    }
    return 0;
}

static void apply_heat(cr_session *s, const cr_solver_result *r)
{
    cr_view *v = s->view;
    if (r->heat_nx == 0 || apply_side(v, r))
        return;
    v->heat_params = r->heat_params;
    v->heat_dephase = r->heat_dephase;
    if (v->heat_nx != (int)r->heat_nx || v->heat_ny != (int)r->heat_ny
        || !cr_plane_equal(&v->heat_axes, &r->heat)) {
        cr_view_heat_setup(v, &r->heat, (int)r->heat_nx, (int)r->heat_ny);
        memset(s->heat_seen, 0, sizeof s->heat_seen);
    }
    /* Rows being recomputed keep their old values until replaced; only
     * rows stored anew are copied. */
    for (size_t iy = 0; iy < r->heat_ny; iy++)
        if (r->heat_row_ok[iy] && r->heat_row_version[iy] != s->heat_seen[iy]) {
            memcpy(&v->heat[iy * r->heat_nx], &r->heat_values[iy * r->heat_nx],
                   r->heat_nx * sizeof(double));
            s->heat_seen[iy] = r->heat_row_version[iy];
        }
    v->heat_rows_done = (int)r->heat_rows_done;
    if (r->heat_complete && r->heat_seconds > 0.0)
        v->heat_seconds = r->heat_seconds;
}

static void apply_mean(cr_session *s, const cr_solver_result *r)
{
    const anchor *a = &s->anchors[r->gen_mean % ANCHORS];
    if (r->gen_mean == s->seen_mean || a->gen != r->gen_mean || a->epoch != s->epoch)
        return;
    double gt[CR_SCREEN_MEAN_MAX], r00[CR_SCREEN_MEAN_MAX];
    cr_view *v = s->view;
    s->seen_mean = r->gen_mean;
    for (size_t i = 0; i < r->mean_n; i++) {
        gt[i] = a->gt + a->gamma * (r->mean_t[i] - a->t);
        r00[i] = creal(r->mean[i].v[CR_VEC(0, 0)]);
        v->mean_t[i] = r->mean_t[i] - a->t;
        v->mean_state[i] = r->mean[i];
    }
    cr_view_set_mean(v, gt, r00, r->mean_n);
    v->mean_params = r->mean_params;
    v->mean_dephase = r->mean_dephase;
    v->mean_from_start = a->t == 0.0 && a->gt == 0.0;
}

static void apply_error(cr_session *s, const cr_solver_result *r)
{
    cr_view *v = s->view;
    if (r->error_status == CR_OK) {
        v->error[0] = '\0';
        return;
    }
    snprintf(v->error, sizeof v->error, "%s", r->error);
    if (r->error_gen == s->seen_error)
        return;
    s->seen_error = r->error_gen;
    if (s->exact_gen != 0 && r->error_gen >= s->exact_gen
        && v->params.amplitudes == CR_AMP_EXACT) {
        /* Exact amplitudes failed: keep the approximation. */
        cr_params p = v->params;
        p.amplitudes = CR_AMP_APPROX;
        cr_session_status(s, "exact amplitudes failed (%s); kept approx", r->error);
        cr_session_params_changed(s, &p);
    } else {
        cr_session_status(s, "error: %s", r->error);
    }
}

int cr_session_update(cr_session *s)
{
    cr_solver_result *r = s->res;
    cr_view *v = s->view;
    cr_solver_drain(s->solver);
    if (!cr_solver_poll(s->solver, r))
        return 0;
    /* A map of another number of levels (from before a change of the
     * level scheme) is not for this trajectory: wait for the next. */
    if (r->gen_map != s->seen_map && r->map.n == v->params.nlevels) {
        s->seen_map = r->gen_map;
        /* S and the energies from the newest map; Γ from its request. */
        double e[CR_NMAX];
        cr_params_energies(&r->map_params, e);
        cr_ntraj_set_map(s->traj, &r->map, r->map_params.gamma, e);
        for (int k = 0; k < CR_SCREEN_CMP_N; k++)
            cr_ntraj_set_map(s->cmp[k], &r->map, v->cmp[k].gamma, e);
        s->traj_gamma = r->map_params.gamma;
        cr_mech_set_map(s->mech, &r->map, r->map_params.gamma, e);
        cr_mech_cmp_update(s->mech, &v->mech, v->cmp_n > 0, v->dephase);
        cr_mech_follow(s->mech, &v->mech, cr_ntraj_count(s->traj), s->carry);
        if (!s->traj_ready)
            s->next_frame = cr_session_now_ms();
        s->traj_ready = 1;
        v->map_ms = 1e3 * r->map_seconds;
    }
    if (r->gen_steady != s->seen_steady) {
        s->seen_steady = r->gen_steady;
        if (r->nsteady.n == v->params.nlevels)
            cr_view_set_steady(v, &r->steady, &r->nsteady);
    }
    /* A curve of another number of levels (from before a change of the
     * level scheme) is not drawn against this one's thermal lines. */
    if (r->gen_curve != s->seen_curve && r->curve_params.nlevels == v->params.nlevels) {
        s->seen_curve = r->gen_curve;
        cr_view_set_curve(v, r->curve, r->curve_n);
        cr_view_set_curve_levels(v, r->curve_params.nlevels, r->curve_pop, r->curve_q,
                                 r->curve_qfirst, r->curve_n);
        v->curve_params = r->curve_params;
        v->curve_dephase = r->curve_dephase;
    }
    apply_mean(s, r);
    apply_heat(s, r);
    if (r->gen_validity != s->seen_validity) {
        s->seen_validity = r->gen_validity;
        cr_view_set_validity(v, &r->validity);
    }
    apply_error(s, r);
    /* Not "ready" while Fig. 3's side planes, just posted, compute. */
    int side = post_side(s, r);
    v->busy_rows = r->busy || side ? (int)r->heat_rows_done : -1;
    return 1;
}

int cr_session_wait_idle(cr_session *s, int timeout_ms)
{
    int rc;
    unsigned long gen;
    do { /* the side planes of Fig. 3 are posted when the rest is done */
        gen = s->gen;
        rc = cr_solver_wait_idle(s->solver, timeout_ms);
        cr_session_update(s);
    } while (rc == 0 && s->gen != gen);
    return rc;
}

/* ---- the trajectory ----------------------------------------------------------- */

int cr_session_running(const cr_session *s)
{
    const cr_view *v = s->view;
    return s->traj_ready && (!v->paused || v->mech.stepping) && !v->mech.at_end;
}

double cr_session_next_frame_ms(const cr_session *s)
{
    return s->next_frame;
}

/* Fig. 1 has a fixed window in Γt: the trajectories stop at its end. */
static void mech_window_end(cr_session *s)
{
    cr_view *v = s->view;
    double gt = v->cmp_n > 0 ? INFINITY : s->gt; /* compare mode: the slowest run */
    for (int k = 0; k < v->cmp_n; k++)
        gt = fmin(gt, v->cmp[k].gamma * cr_ntraj_time(s->cmp[k]));
    /* Said only where Fig. 1 is on screen: a scene on Fig. 2 or 3 would
     * otherwise be told about a window it does not show. */
    if (cr_mech_window_reached(&v->mech, gt, v->traj_window, &s->carry)
        && cr_view_shows(v, 1))
        cr_session_status(s, "end of the window (%s = %g): n for a new trajectory",
                          v->ascii ? "Gt" : "Γt", v->traj_window);
}

/* n collisions of the trajectory (and of compare mode's), each stopping at
 * the end of the window. */
static void step_collisions(cr_session *s, unsigned long n)
{
    cr_view *v = s->view;
    cr_nstate rho;
    for (unsigned long i = 0; i < n && s->gt < v->traj_window; i++) {
        cr_ntraj_step(s->traj, 1);
        double tt = cr_ntraj_time(s->traj);
        s->gt += s->traj_gamma * (tt - s->last_t); /* Γt, continuous across Γ changes */
        s->last_t = tt;
        cr_ntraj_state(s->traj, &rho);
        cr_view_traj_push(v, s->gt, creal(rho.v[0]));
    }
    v->collisions = cr_ntraj_count(s->traj);
    for (int k = 0; k < v->cmp_n; k++)
        for (unsigned long i = 0;
             i < n && v->cmp[k].gamma * cr_ntraj_time(s->cmp[k]) < v->traj_window; i++) {
            cr_ntraj_step(s->cmp[k], 1);
            cr_ntraj_state(s->cmp[k], &rho);
            cr_view_cmp_push(v, k, v->cmp[k].gamma * cr_ntraj_time(s->cmp[k]),
                             creal(rho.v[0]));
        }
    if (s->gt + 0.5 * v->traj_window > s->mean_end_gt)
        cr_session_post_request(s); /* extend the mean curve ahead of the trajectory */
    mech_window_end(s);
}

int cr_session_tick(cr_session *s, double now)
{
    cr_view *v = s->view;
    if (!cr_session_running(s) || now < s->next_frame)
        return 0;
    double dt = (now - s->next_frame + CR_SESSION_FRAME_MS) / 1e3;
    if (dt > 0.25)
        dt = 0.25; /* after a suspend: do not jump */
    s->next_frame = now + CR_SESSION_FRAME_MS;
    int stepping = v->mech.stepping;
    step_collisions(s, cr_mech_collisions_due(&v->mech, v->speed, dt, CR_SESSION_STEP_S,
                                              &s->carry));
    /* Between collisions the coherences turn: every frame is a new one. */
    cr_mech_follow(s->mech, &v->mech, cr_ntraj_count(s->traj), s->carry);
    if (stepping && !v->mech.stepping && !v->mech.at_end)
        cr_session_status(s, "collision %lu: %s jumped; . for the next, space runs",
                          v->collisions, v->ascii ? "rho01" : "ρ01");
    return 1;
}

void cr_session_run_collisions(cr_session *s, unsigned long n, double frac)
{
    if (!s->traj_ready)
        return;
    /* One at a time, so the ensemble's mean gets a sample at each. */
    for (unsigned long i = 0; i < n && !s->view->mech.at_end; i++) {
        step_collisions(s, 1);
        cr_mech_follow(s->mech, &s->view->mech, cr_ntraj_count(s->traj), 0.0);
    }
    s->carry = frac >= 0 && frac < 1 ? frac : 0.0;
    /* The path since the last collision: the arc ρ01 turned on. */
    s->view->mech.tail_n = 0;
    for (int i = 1; i <= 8; i++)
        cr_mech_follow(s->mech, &s->view->mech, cr_ntraj_count(s->traj), s->carry * i / 8);
}

/* ---- the mechanism: one collision at a time, ensembles, the plane's pair -- */

void cr_session_step(cr_session *s)
{
    cr_view *v = s->view;
    if (v->mech.at_end) {
        cr_session_status(s, "end of the window: n for a new trajectory");
        return;
    }
    v->paused = 1;
    v->mech.stepping = 1;
    s->next_frame = cr_session_now_ms();
    cr_session_status(s, "to collision %lu: %s turns at the Bohr frequency on the way",
                      v->collisions + 1, v->ascii ? "rho01" : "ρ01");
}

void cr_session_next_ensemble(cr_session *s)
{
    cr_view *v = s->view;
    int k = cr_mech_next_k(v->mech.k);
    if (cr_mech_set_k(s->mech, &v->mech, k) != 0) {
        cr_session_status(s, "ensemble of %d: out of memory", k);
        return;
    }
    cr_session_start_trajectory(s, v->seed);
    cr_session_status(s, k > 1 ? "ensemble of %d trajectories from seed %lu: their mean and "
                                 "a band of 2 standard errors"
                               : "one trajectory (ensemble of %d), seed %lu", k, v->seed);
}

void cr_session_next_pair(cr_session *s)
{
    cr_view *v = s->view;
    cr_mech_next_pair(&v->mech, v->params.nlevels);
    cr_mech_follow(s->mech, &v->mech, cr_ntraj_count(s->traj), s->carry);
    cr_session_status(s, "coherence plane: %s%d%d", v->ascii ? "rho" : "ρ", v->mech.pair_j,
                      v->mech.pair_k);
}
