/* sweep.c — 1-D parameter curves and 2-D |ρ01| maps on worker threads. */
#include "config.h"

#include "colres/sweep.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/cancel.h"
#include "colres/nlevel.h"
#include "colres/status.h"
#include "sweep_cells.h"
#include "sweep_job.h"
#include "workers.h"


/* A point or cell that failed with status st: with opts->failed, reported
 * (under lock, if not NULL) and the scan goes on (CR_OK); otherwise, and
 * for no memory or a cancel, the failure of the scan (st). */
int cr_sweep_survive(pthread_mutex_t *lock, const cr_sweep_opts *o, size_t index, int st,
                   const char *msg)
{
    if (st == CR_OK || st == CR_ENOMEM || st == CR_ECANCEL || o == NULL || o->failed == NULL)
        return st;
    if (lock != NULL)
        pthread_mutex_lock(lock);
    o->failed(o->ctx, index, st, msg);
    if (lock != NULL)
        pthread_mutex_unlock(lock);
    return CR_OK;
}

static int thread_count(const cr_sweep_opts *opts, size_t work)
{
    return cr_workers_count(opts != NULL ? opts->threads : 0, work);
}

int cr_sweep_cancelled(const cr_sweep_opts *opts)
{
    /* An atomic load: the flag may be set by a signal handler or by
     * another thread while workers poll it. */
    return opts != NULL && opts->cancel != NULL
        && __atomic_load_n(opts->cancel, __ATOMIC_RELAXED) != 0;
}


/* Heat-map rows the caller asked for: in the shard and not skipped. */
int cr_sweep_row_wanted(const cr_sweep_opts *o, size_t row)
{
    if (o == NULL)
        return 1;
    if (o->shard_n > 0 && row % o->shard_n != o->shard_k)
        return 0;
    return o->skip_rows == NULL || !o->skip_rows[row];
}

static int take(job *jb, size_t *unit)
{
    int ok = 0;
    pthread_mutex_lock(&jb->lock);
    while (jb->status == CR_OK && !cr_sweep_cancelled(jb->opts) && jb->next < jb->total) {
        size_t u = jb->next++;
        const cr_sweep_opts *o = jb->opts;
        if (jb->grid != NULL && !jb->by_column && !cr_sweep_row_wanted(o, u))
            continue;
        *unit = u;
        ok = 1;
        break;
    }
    pthread_mutex_unlock(&jb->lock);
    return ok;
}

void cr_sweep_finish(job *jb, int st, const char *msg, size_t unit, const double *row, size_t n)
{
    pthread_mutex_lock(&jb->lock);
    if (st != CR_OK) {
        if (jb->status == CR_OK) {
            jb->status = st;
            snprintf(jb->err, sizeof jb->err, "%s", msg);
        }
    } else {
        jb->done++;
        const cr_sweep_opts *o = jb->opts;
        if (o != NULL && row != NULL && o->row_done != NULL)
            o->row_done(o->ctx, unit, row, n);
        if (o != NULL && o->progress != NULL)
            o->progress(o->ctx, jb->done, jb->wanted);
    }
    pthread_mutex_unlock(&jb->lock);
}

/* The map of one grid point: S, or D·S with dephasing on. */
static int sweep_map(cr_smap_workspace *w, const cr_params *p, const cr_sweep_opts *o,
                     cr_map *S, char *err, size_t errlen)
{
    int st = cr_smap_compute(w, p, S, err, errlen);
    if (st == CR_OK && o != NULL && o->dephase)
        cr_map_dephased(S, S);
    return st;
}

static int point_at(cr_smap_workspace *w, const cr_params *p, const cr_map *given,
                    const cr_sweep_opts *o, cr_sweep_point *out, char *err, size_t errlen)
{
    cr_map local;
    const cr_map *S = given;
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    if (S == NULL) {
        st = sweep_map(w, p, o, &local, err, errlen);
        if (st != CR_OK)
            return st;
        S = &local;
    }
    st = cr_steady_state(S, p->gamma, p->delta, &out->steady, err, errlen);
    if (st == CR_OK)
        st = cr_first_order(S, p->gamma, p->beta, p->delta, &out->first, err, errlen);
    cr_thermal_state(p->beta, p->delta, &out->thermal);
    return st;
}

static int unit_point(job *jb, unit_scratch *ws, double *row, size_t u,
                      char *err, size_t errlen)
{
    cr_smap_workspace *w = ws->w;
    (void)row;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->param_id, jb->values[u]);
    jb->points[u].value = jb->values[u];
    int st = point_at(w, &p, NULL, jb->opts, &jb->points[u], err, errlen);
    if (st != CR_OK && (st = cr_sweep_survive(&jb->lock, jb->opts, u, st, err)) == CR_OK)
        cr_sweep_nan_point(&jb->points[u]);
    return st;
}

/* One row (fixed y) of a heat map.  Along x = Γ the map does not change:
 * one per row.  With the caller's cache, a row whose maps are known costs
 * steady states only, and a row computed here leaves its maps there. */
static int unit_row(job *jb, unit_scratch *ws, double *row, size_t u,
                    char *err, size_t errlen)
{
    cr_smap_workspace *w = ws->w;
    const cr_sweep_opts *o = jb->opts;
    cr_map *maps = o != NULL && o->maps != NULL ? o->maps + u * jb->nx : NULL;
    int cached = maps != NULL && o->maps_ok[u];
    int x_is_gamma = jb->xparam == CR_P_GAMMA;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->yparam, jb->ys[u]);
    cr_map S;
    int have_map = 0;
    /* Along Δx only the packet's Gaussian changes: one quadrature for the
     * row (cr_smap_dx_prepare), then a weighted sum of exponentials per
     * cell.  A row too large to keep falls back to a map per cell. */
    int dx_row = jb->xparam == CR_P_DX && !cached, row_ready = 0, any_failed = 0;
    size_t nq = (size_t)cr_sweep_nq_of(o);
    /* The row's cells CR_SMAP_DX_CHUNK at a time, one pass over its nodes
     * each (a chunk that fails goes cell by cell, for the cell's error). */
    cr_map chunk[CR_SMAP_DX_CHUNK];
    size_t chunk_from = 0, chunk_n = 0;
    for (size_t ix = 0; ix < jb->nx; ix++) {
        if (cr_sweep_cancelled(o))
            return cr_error(err, errlen, CR_ECANCEL, "heat map: cancelled");
        cr_param_put(&p, jb->xparam, jb->xs[ix]);
        int st = cr_params_validate(&p, err, errlen);
        if (st == CR_OK && dx_row && !row_ready) {
            st = cr_smap_dx_prepare(w, &p, err, errlen);
            row_ready = st == CR_OK;
            if (st == CR_ENOMEM) {
                dx_row = 0;
                st = CR_OK;
            }
        }
        if (st == CR_OK && cached)
            S = maps[ix];
        else if (st == CR_OK && row_ready) {
            if (!(ix >= chunk_from && ix < chunk_from + chunk_n)) {
                chunk_from = ix;
                chunk_n = jb->nx - ix < CR_SMAP_DX_CHUNK ? jb->nx - ix : CR_SMAP_DX_CHUNK;
                if (cr_smap_dx_maps(w, (int)chunk_n, jb->xs + ix, chunk, err, errlen) != CR_OK)
                    chunk_n = 0;
            }
            if (ix < chunk_from + chunk_n)
                S = chunk[ix - chunk_from];
            else
                st = cr_smap_dx_map(w, jb->xs[ix], &S, err, errlen);
            if (st == CR_OK && o != NULL && o->dephase)
                cr_map_dephased(&S, &S);
        } else if (st == CR_OK && !(x_is_gamma && have_map)) {
            st = sweep_map(w, &p, o, &S, err, errlen);
            have_map = st == CR_OK;
        }
        if (st == CR_OK && maps != NULL && !cached)
            maps[ix] = S;
        cr_state ss;
        if (st == CR_OK)
            st = cr_steady_state(&S, p.gamma, p.delta, &ss, err, errlen);
        if (st == CR_OK) {
            cr_sweep_qubit_cell(o, &S, &ss, &p, row + ix * nq);
            continue;
        }
        if ((st = cr_sweep_survive(&jb->lock, o, u * jb->nx + ix, st, err)) != CR_OK)
            return st;
        cr_sweep_nan_fill(row + ix * nq, nq);
        any_failed = 1;
    }
    if (maps != NULL && !any_failed)
        o->maps_ok[u] = 1; /* this row's byte only: no other worker writes it */
    memcpy(jb->grid + u * jb->nx * nq, row, sizeof(double) * jb->nx * nq);
    return CR_OK;
}

/* y = Γ: S does not depend on Γ, so each unit is a column (fixed x): one
 * map, then the steady state for every wanted row. */
static int unit_column(job *jb, unit_scratch *ws, double *row, size_t u,
                       char *err, size_t errlen)
{
    cr_smap_workspace *w = ws->w;
    (void)row;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->xparam, jb->xs[u]);
    cr_map S;
    size_t nq = (size_t)cr_sweep_nq_of(jb->opts);
    int st = cr_params_validate(&p, err, errlen);
    if (st == CR_OK)
        st = sweep_map(w, &p, jb->opts, &S, err, errlen);
    int map_st = st;
    for (size_t iy = 0; iy < jb->ny; iy++) {
        if (!cr_sweep_row_wanted(jb->opts, iy))
            continue;
        cr_state ss;
        double *cell = jb->grid + (iy * jb->nx + u) * nq;
        p.gamma = jb->ys[iy];
        st = map_st == CR_OK ? cr_steady_state(&S, p.gamma, p.delta, &ss, err, errlen) : map_st;
        if (st == CR_OK)
            cr_sweep_qubit_cell(jb->opts, &S, &ss, &p, cell);
        else if ((st = cr_sweep_survive(&jb->lock, jb->opts, iy * jb->nx + u, st, err)) == CR_OK)
            cr_sweep_nan_fill(cell, nq);
        else
            return st;
    }
    return CR_OK;
}

static void *worker(void *arg)
{
    job *jb = arg;
    /* The flag reaches inside each map too (colres/cancel.h). */
    volatile sig_atomic_t *bound = cr_cancel_bind(jb->opts != NULL ? jb->opts->cancel : NULL);
    unit_scratch ws = { .w = cr_smap_alloc(), .nrow = NULL };
    size_t nrow = jb->nx * (size_t)cr_sweep_nq_of(jb->opts);
    double *row = malloc(sizeof(double) * (nrow > 0 ? nrow : 1));
    size_t u;
    char err[256];
    if (ws.w == NULL || row == NULL) {
        cr_sweep_finish(jb, CR_ENOMEM, "out of memory", 0, NULL, 0);
    } else {
        int rows = jb->unit == unit_row || jb->unit == cr_sweep_unit_nrow;
        while (take(jb, &u)) {
            int st = jb->unit(jb, &ws, row, u, err, sizeof err);
            cr_sweep_finish(jb, st, err, u, st == CR_OK && rows ? row : NULL, nrow);
        }
    }
    free(row);
    cr_smap_free(ws.w);
    cr_nmap_row_free(ws.nrow);
    cr_cancel_bind(bound); /* worker() may run on the caller's thread */
    return NULL;
}

static int run_job(job *jb, int nthreads, char *err, size_t errlen)
{
    cr_workers_run(nthreads, worker, jb);
    pthread_mutex_destroy(&jb->lock);
    if (jb->status != CR_OK)
        return cr_error(err, errlen, jb->status, "%s", jb->err);
    if (cr_sweep_cancelled(jb->opts))
        return cr_error(err, errlen, CR_ECANCEL, "cancelled");
    return CR_OK;
}

static int gamma_points(const cr_map *S, int map_st, const cr_params *base,
                        const double *gammas, size_t n, cr_sweep_point *out,
                        const cr_sweep_opts *opts, char *err, size_t errlen);

int cr_sweep_1d(const cr_params *base, int param_id, const double *values,
                size_t n, cr_sweep_point *out, const cr_sweep_opts *opts,
                char *err, size_t errlen)
{
    if (param_id < 0 || param_id >= CR_P_COUNT)
        return cr_error(err, errlen, CR_EINVAL, "sweep: unknown parameter");
    job jb;
    memset(&jb, 0, sizeof jb);
    pthread_mutex_init(&jb.lock, NULL);
    jb.total = n;
    jb.wanted = n;
    jb.opts = opts;
    jb.base = base;
    jb.param_id = param_id;
    jb.values = values;
    jb.n = n;
    jb.points = out;
    jb.unit = unit_point;
    if (param_id == CR_P_GAMMA) {
        pthread_mutex_destroy(&jb.lock);
        /* S does not depend on Γ: one map serves the whole curve. */
        cr_smap_workspace *w = cr_smap_alloc();
        if (w == NULL)
            return cr_error(err, errlen, CR_ENOMEM, "sweep: out of memory");
        cr_map S;
        int st = sweep_map(w, base, opts, &S, err, errlen);
        cr_smap_free(w);
        return gamma_points(st == CR_OK ? &S : NULL, st, base, values, n, out, opts, err, errlen);
    }
    return run_job(&jb, thread_count(opts, n), err, errlen);
}

/* The points of a Γ curve on the calling thread: each costs microseconds,
 * so threads would not pay.  Progress and cancellation as for the other
 * sweeps (opts may be NULL). */
/* S NULL: its computation failed with map_st, and so does every point. */
static int gamma_points(const cr_map *S, int map_st, const cr_params *base,
                        const double *gammas, size_t n, cr_sweep_point *out,
                        const cr_sweep_opts *opts, char *err, size_t errlen)
{
    if ((S == NULL && map_st == CR_OK) || base == NULL || (n > 0 && (gammas == NULL || out == NULL)))
        return cr_error(err, errlen, CR_EINVAL, "gamma sweep: missing map or arrays");
    cr_params p = *base; /* once: a copy is 2 kB (levels and coupling) */
    for (size_t i = 0; i < n; i++) {
        if (cr_sweep_cancelled(opts))
            return cr_error(err, errlen, CR_ECANCEL, "cancelled");
        p.gamma = gammas[i];
        out[i].value = gammas[i];
        int st = S != NULL ? point_at(NULL, &p, S, NULL, &out[i], err, errlen) : map_st;
        if (st != CR_OK && (st = cr_sweep_survive(NULL, opts, i, st, err)) == CR_OK)
            cr_sweep_nan_point(&out[i]);
        if (st != CR_OK)
            return st;
        if (opts != NULL && opts->progress != NULL)
            opts->progress(opts->ctx, i + 1, n);
    }
    return CR_OK;
}

int cr_sweep_gamma(const cr_map *S, const cr_params *base, const double *gammas,
                   size_t n, cr_sweep_point *out, char *err, size_t errlen)
{
    return gamma_points(S, CR_OK, base, gammas, n, out, NULL, err, errlen);
}

int cr_nsweep_1d(const cr_params *base, int param_id, const double *values,
                 size_t n, cr_nsweep_point *out, const cr_sweep_opts *opts,
                 char *err, size_t errlen)
{
    if (param_id < 0 || param_id >= CR_P_COUNT)
        return cr_error(err, errlen, CR_EINVAL, "sweep: unknown parameter");
    if (param_id == CR_P_GAMMA) {
        /* S does not depend on Γ: one map serves the whole curve. */
        cr_nmap *S = malloc(sizeof *S);
        if (S == NULL)
            return cr_error(err, errlen, CR_ENOMEM, "sweep: out of memory");
        int st = cr_params_validate(base, err, errlen);
        if (st == CR_OK)
            st = cr_nsweep_map(base, opts, S, err, errlen);
        int map_st = st;
        st = map_st == CR_OK || (opts != NULL && opts->failed != NULL) ? CR_OK : map_st;
        cr_params p = *base;
        for (size_t i = 0; st == CR_OK && i < n; i++) {
            if (cr_sweep_cancelled(opts)) {
                st = cr_error(err, errlen, CR_ECANCEL, "cancelled");
                break;
            }
            p.gamma = values[i];
            out[i].value = values[i];
            st = map_st == CR_OK ? cr_npoint_at(&p, S, opts, &out[i], err, errlen) : map_st;
            if (st != CR_OK && (st = cr_sweep_survive(NULL, opts, i, st, err)) == CR_OK)
                cr_sweep_nan_npoint(&out[i], base->nlevels);
            if (st == CR_OK && opts != NULL && opts->progress != NULL)
                opts->progress(opts->ctx, i + 1, n);
        }
        free(S);
        return st;
    }
    job jb;
    memset(&jb, 0, sizeof jb);
    pthread_mutex_init(&jb.lock, NULL);
    jb.total = n;
    jb.wanted = n;
    jb.opts = opts;
    jb.base = base;
    jb.param_id = param_id;
    jb.values = values;
    jb.n = n;
    jb.npoints = out;
    jb.unit = cr_sweep_unit_npoint;
    return run_job(&jb, thread_count(opts, n), err, errlen);
}

int cr_heatmap(const cr_params *base, int xparam, const double *xs, size_t nx,
               int yparam, const double *ys, size_t ny, double *values,
               const cr_sweep_opts *opts, char *err, size_t errlen)
{
    if (xparam < 0 || xparam >= CR_P_COUNT || yparam < 0 || yparam >= CR_P_COUNT)
        return cr_error(err, errlen, CR_EINVAL, "heat map: unknown parameter");
    if (xparam == yparam)
        return cr_error(err, errlen, CR_EINVAL, "heat map: x and y must be different parameters");
    if (opts != NULL && opts->shard_n > 0 && opts->shard_k >= opts->shard_n)
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid shard %zu/%zu: valid range is 0 <= K < N",
                        opts->shard_k, opts->shard_n);
    job jb;
    memset(&jb, 0, sizeof jb);
    pthread_mutex_init(&jb.lock, NULL);
    jb.total = ny;
    for (size_t iy = 0; iy < ny; iy++)
        jb.wanted += (size_t)cr_sweep_row_wanted(opts, iy);
    jb.opts = opts;
    jb.base = base;
    jb.xparam = xparam;
    jb.yparam = yparam;
    jb.xs = xs;
    jb.ys = ys;
    jb.nx = nx;
    jb.ny = ny;
    jb.grid = values;
    if (opts != NULL && (opts->maps != NULL || opts->nmaps != NULL)
        && (opts->maps_ok == NULL || yparam == CR_P_GAMMA))
        return cr_error(err, errlen, CR_EINVAL,
                        "heat map: a map cache needs maps_ok and a y axis other than gamma");
    int qubit = cr_params_is_qubit(base);
    for (int k = 0; k < cr_sweep_nq_of(opts); k++)
        if (cr_sweep_q_at(opts, k) < 0 || cr_sweep_q_at(opts, k) >= CR_Q_ALL)
            return cr_error(err, errlen, CR_EINVAL, "heat map: unknown quantity %d", cr_sweep_q_at(opts, k));
    if (yparam != CR_P_GAMMA) {
        jb.unit = qubit ? unit_row : cr_sweep_unit_nrow;
        return run_job(&jb, thread_count(opts, ny), err, errlen);
    }

    /* Column mode: progress counts columns; rows are reported, in order,
     * once every column is done (nx maps take milliseconds). */
    jb.by_column = 1;
    jb.unit = qubit ? unit_column : cr_sweep_unit_ncolumn;
    jb.total = jb.wanted = nx;
    int st = run_job(&jb, thread_count(opts, nx), err, errlen);
    if (st == CR_OK && opts != NULL && opts->row_done != NULL)
        for (size_t iy = 0; iy < ny; iy++)
            if (cr_sweep_row_wanted(opts, iy))
                opts->row_done(opts->ctx, iy, values + iy * nx * (size_t)cr_sweep_nq_of(opts),
                               nx * (size_t)cr_sweep_nq_of(opts));
    return st;
}
