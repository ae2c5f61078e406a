/* solver_heat.c — the solver's heat-map stage (colres/solver.h): rows
 * published as they finish; in planes without Γ every cell's map S is
 * cached, so a Γ move recomputes steady states only (S does not depend on
 * Γ, Eq. 17). */
#include "config.h"

#include <complex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "colres/sweep.h"
#include "solver_impl.h"

/* Caller holds the lock. */
static void heat_update_range(cr_solver_result *r)
{
    int any = 0;
    double lo = 0.0, hi = 0.0;
    for (size_t iy = 0; iy < r->heat_ny; iy++) {
        if (!r->heat_row_ok[iy])
            continue;
        for (size_t ix = 0; ix < r->heat_nx; ix++) {
            double v = r->heat_values[iy * r->heat_nx + ix];
            if (!any || v < lo)
                lo = v;
            if (!any || v > hi)
                hi = v;
            any = 1;
        }
    }
    r->heat_min = lo;
    r->heat_max = hi;
}

/* Caller holds the lock.  Store one finished row of |ρ01| values in the
 * published heat map (the caller wakes the UI). */
static void heat_store_row(cr_solver_result *r, unsigned long gen, size_t iy,
                           const double *values, size_t n)
{
    if (n != r->heat_nx || iy >= r->heat_ny)
        return;
    int was_ok = r->heat_row_ok[iy];
    memcpy(r->heat_values + iy * n, values, n * sizeof *values);
    if (!was_ok)
        r->heat_rows_done++;
    r->heat_row_ok[iy] = 1;
    r->heat_complete = r->heat_rows_done == r->heat_ny;
    r->gen_heat = gen;
    if (was_ok) {
        heat_update_range(r); /* a value may have shrunk the range */
        return;
    }
    for (size_t ix = 0; ix < n; ix++) {
        double v = values[ix];
        if ((r->heat_rows_done == 1 && ix == 0) || v < r->heat_min)
            r->heat_min = v;
        if ((r->heat_rows_done == 1 && ix == 0) || v > r->heat_max)
            r->heat_max = v;
    }
}

/* Context of one batch of heat-map rows (row_done runs on sweep workers). */
typedef struct heat_batch {
    cr_solver *s;
    unsigned long gen;
    size_t rows[HEAT_BATCH];
} heat_batch;

static void heat_row_done(void *ctx, size_t row, const double *values, size_t n)
{
    heat_batch *b = ctx;
    cr_solver *s = b->s;
    pthread_mutex_lock(&s->lock);
    heat_store_row(&s->pub, b->gen, b->rows[row], values, n);
    solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
}

/* |ρ01| of the steady state at cell (x, y): with ws, S is computed into *S
 * first; without, *S is a cached map.  The same calls in the same order as
 * cr_heatmap() (sweep.c), so both give the same bits. */
static int cell_value(const cr_params *base, const cr_heat_axes *ax, double x, double y,
                      cr_smap_workspace *ws, cr_map *S, double *out, char *err, size_t errlen)
{
    cr_params p = *base;
    cr_param_put(&p, ax->yparam, y);
    cr_param_put(&p, ax->xparam, x);
    int st = cr_params_validate(&p, err, errlen);
    if (st == CR_OK && ws != NULL)
        st = cr_smap_compute(ws, &p, S, err, errlen);
    cr_state ss;
    if (st == CR_OK)
        st = cr_steady_state(S, p.gamma, p.delta, &ss, err, errlen);
    if (st == CR_OK)
        *out = cabs(ss.v[CR_VEC(0, 1)]);
    return st;
}

/* One row of a plane without Γ, maps included (runs on a heat worker; it
 * writes only its own row of maps and its own job). */
typedef struct cell_job {
    const cr_params *base;
    const cr_heat_axes *ax;
    const double *xs;
    size_t nx, iy;
    double y;
    cr_map *maps;              /* this row's nx maps in the cache */
    cr_smap_workspace *ws;
    int st;
    double row[CR_SOLVER_HEAT_NX_MAX];
    char err[256];
} cell_job;

static void *cell_worker(void *arg)
{
    cell_job *j = arg;
    j->st = CR_OK;
    for (size_t ix = 0; ix < j->nx && j->st == CR_OK; ix++)
        j->st = cell_value(j->base, j->ax, j->xs[ix], j->y, j->ws, &j->maps[ix], &j->row[ix],
                           j->err, sizeof j->err);
    return NULL;
}

/* Make the cell cache match this request (Γ aside): keep it when only Γ
 * moved, else empty it, growing the buffer if needed.  Returns CR_OK, or
 * CR_ENOMEM (the caller then computes without the cache). */
static int cells_prepare(cr_solver *s, const cr_solver_request *rq)
{
    const cr_heat_axes *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    unsigned skip = 1u << CR_P_GAMMA | 1u << ax->xparam | 1u << ax->yparam | 1u << CR_P_ROUGH_S;
    if (s->have_cells && s->cell_nx == nx && s->cell_ny == ny && solver_axes_equal(&s->cell_axes, ax)
        && solver_params_equal(&s->cell_key, &rq->params, skip))
        return CR_OK;
    s->have_cells = 0;
    memset(s->cell_row_ok, 0, sizeof s->cell_row_ok);
    if (nx * ny > s->cell_cap) {
        cr_map *m = realloc(s->cell_maps, nx * ny * sizeof *m);
        if (m == NULL)
            return CR_ENOMEM;
        s->cell_maps = m;
        s->cell_cap = nx * ny;
    }
    for (int i = 0; i < HEAT_BATCH; i++)
        if (s->cell_ws[i] == NULL && (s->cell_ws[i] = cr_smap_alloc()) == NULL)
            return CR_ENOMEM;
    s->have_cells = 1;
    s->cell_key = rq->params;
    s->cell_axes = *ax;
    s->cell_nx = nx;
    s->cell_ny = ny;
    return CR_OK;
}

/* The rows of a plane without Γ not yet published: first those whose maps
 * are cached (steady states only, published every few milliseconds), then
 * the others HEAT_BATCH rows at a time, one worker per row, filling the
 * cache.  Sets *work when anything was computed. */
static int heat_from_cells(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                           const double *xs, const double *ys, int *work,
                           char *err, size_t errlen)
{
    const cr_heat_axes *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    cr_solver_result *r = &s->pub;
    double row[CR_SOLVER_HEAT_NX_MAX];
    double last_wake = solver_now();
    int unannounced = 0;
    for (size_t iy = 0; iy < ny; iy++) {
        if (!s->cell_row_ok[iy])
            continue;
        pthread_mutex_lock(&s->lock);
        int skip = r->heat_row_ok[iy], cancel = s->stop || r->posted != gen;
        if (cancel && unannounced)
            solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
        if (cancel)
            return CR_ECANCEL;
        if (skip)
            continue;
        for (size_t ix = 0; ix < nx; ix++) {
            int st = cell_value(&rq->params, ax, xs[ix], ys[iy], NULL,
                                &s->cell_maps[iy * nx + ix], &row[ix], err, errlen);
            if (st != CR_OK)
                return st;
        }
        *work = 1;
        double now = solver_now();
        pthread_mutex_lock(&s->lock);
        heat_store_row(r, gen, iy, row, nx);
        r->heat_rows_cached++;
        /* One wake-up per few ms, not per row: the UI copies the whole
         * result on each. */
        unannounced = 1;
        if (now - last_wake > 0.005 || r->heat_complete) {
            solver_wake_ui(s);
            last_wake = now;
            unannounced = 0;
        }
        pthread_mutex_unlock(&s->lock);
    }
    if (unannounced) {
        pthread_mutex_lock(&s->lock);
        solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
    }
    for (;;) {
        if (solver_stale(s, gen))
            return CR_ECANCEL;
        cell_job jobs[HEAT_BATCH];
        pthread_t th[HEAT_BATCH];
        int started[HEAT_BATCH] = { 0 };
        size_t k = 0;
        pthread_mutex_lock(&s->lock);
        for (size_t iy = 0; iy < ny && k < HEAT_BATCH; iy++)
            if (!r->heat_row_ok[iy]) {
                jobs[k] = (cell_job){ .base = &rq->params, .ax = ax, .xs = xs, .nx = nx,
                                      .iy = iy, .y = ys[iy], .maps = &s->cell_maps[iy * nx],
                                      .ws = s->cell_ws[k] };
                k++;
            }
        pthread_mutex_unlock(&s->lock);
        if (k == 0)
            break;
        *work = 1;
        /* Workers inherit this thread's lower priority (solver_main). */
        for (size_t j = 1; j < k; j++)
            started[j] = pthread_create(&th[j], NULL, cell_worker, &jobs[j]) == 0;
        for (size_t j = 0; j < k; j++)
            if (!started[j])
                cell_worker(&jobs[j]);
        for (size_t j = 1; j < k; j++)
            if (started[j])
                pthread_join(th[j], NULL);
        pthread_mutex_lock(&s->lock);
        for (size_t j = 0; j < k; j++)
            if (jobs[j].st == CR_OK) {
                heat_store_row(r, gen, jobs[j].iy, jobs[j].row, nx);
                r->heat_maps += nx;
                s->cell_row_ok[jobs[j].iy] = 1;
            }
        solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
        for (size_t j = 0; j < k; j++)
            if (jobs[j].st != CR_OK)
                return cr_error(err, errlen, jobs[j].st, "%s", jobs[j].err);
    }
    return CR_OK;
}

/* The rows not yet published, by cr_heatmap HEAT_BATCH rows at a time
 * (planes with a Γ axis: there S is computed once per row or column).
 * With y = Γ cr_heatmap computes one map per column for whatever rows it
 * is given, so all rows go in one call (nx maps in all, milliseconds). */
static int heat_with_sweep(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                           const double *xs, const double *ys, int *work,
                           char *err, size_t errlen)
{
    const cr_heat_axes *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    cr_solver_result *r = &s->pub;
    int by_column = ax->yparam == CR_P_GAMMA;
    size_t batch = by_column ? ny : HEAT_BATCH;
    double *ys_b = malloc(sizeof(double) * batch);
    double *vals = malloc(sizeof(double) * batch * nx);
    heat_batch *b = malloc(sizeof *b);
    int st = CR_OK;
    if (ys_b == NULL || vals == NULL || b == NULL)
        st = cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    while (st == CR_OK) {
        if (solver_stale(s, gen)) {
            st = CR_ECANCEL;
            break;
        }
        *b = (heat_batch){ .s = s, .gen = gen };
        size_t k = 0;
        pthread_mutex_lock(&s->lock);
        for (size_t iy = 0; iy < ny && k < batch; iy++)
            if (!r->heat_row_ok[iy]) {
                if (k < HEAT_BATCH)
                    b->rows[k] = iy;
                ys_b[k++] = ys[iy];
            }
        pthread_mutex_unlock(&s->lock);
        if (k == 0)
            break;
        *work = 1;
        cr_sweep_opts opts = { .threads = by_column ? 0 : (int)k, .ctx = b };
        opts.row_done = by_column ? NULL : heat_row_done;
        st = cr_heatmap(&rq->params, ax->xparam, xs, nx, ax->yparam, ys_b, k, vals, &opts,
                        err, errlen);
        if (st != CR_OK)
            break;
        pthread_mutex_lock(&s->lock);
        if (by_column) {
            /* ys_b held the unpublished rows in index order. */
            size_t j = 0;
            for (size_t iy = 0; iy < ny && j < k; iy++)
                if (!r->heat_row_ok[iy])
                    heat_store_row(r, gen, iy, vals + j++ * nx, nx);
            solver_wake_ui(s);
        }
        /* cr_heatmap: one map per row along x = Γ, per column along y = Γ. */
        r->heat_maps += ax->xparam == CR_P_GAMMA ? k : by_column ? nx : k * nx;
        pthread_mutex_unlock(&s->lock);
    }
    free(ys_b);
    free(vals);
    free(b);
    return st;
}

int solver_stage_heat(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                      double t_taken, char *err, size_t errlen)
{
    const cr_heat_axes *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    if (nx < 1 || nx > CR_SOLVER_HEAT_NX_MAX || ny < 1 || ny > CR_SOLVER_HEAT_NY_MAX)
        return cr_error(err, errlen, CR_EINVAL, "heat map: size %zux%zu, valid up to %dx%d",
                        nx, ny, CR_SOLVER_HEAT_NX_MAX, CR_SOLVER_HEAT_NY_MAX);
    if (ax->xparam < 0 || ax->xparam >= CR_P_COUNT || ax->yparam < 0
        || ax->yparam >= CR_P_COUNT || ax->xparam == ax->yparam)
        return cr_error(err, errlen, CR_EINVAL, "heat map: bad axes");
    double xs[CR_SOLVER_HEAT_NX_MAX], ys[CR_SOLVER_HEAT_NY_MAX];
    int st = cr_grid(ax->x_lo, ax->x_hi, nx, ax->x_log, xs, err, errlen);
    if (st == CR_OK)
        st = cr_grid(ax->y_lo, ax->y_hi, ny, ax->y_log, ys, err, errlen);
    if (st != CR_OK)
        return st;

    /* |ρ01| at a cell does not depend on the current point along the
     * plane's own axes: keep the finished rows when only those moved. */
    const cr_params *p = &rq->params;
    unsigned skip = 1u << ax->xparam | 1u << ax->yparam | 1u << CR_P_ROUGH_S;
    int same = s->have_heat && s->heat_nx == nx && s->heat_ny == ny
        && solver_axes_equal(&s->heat_axes, ax) && solver_params_equal(&s->heat_params, p, skip);
    cr_solver_result *r = &s->pub;
    if (!same) {
        pthread_mutex_lock(&s->lock);
        int same_shape = r->heat_nx == nx && r->heat_ny == ny && solver_axes_equal(&r->heat, ax);
        r->heat = *ax;
        r->heat_nx = nx;
        r->heat_ny = ny;
        memcpy(r->heat_x, xs, nx * sizeof xs[0]);
        memcpy(r->heat_y, ys, ny * sizeof ys[0]);
        /* Same shape: old values stay visible, marked stale, until their
         * row is recomputed (the map "fills in" over the old one). */
        memset(r->heat_row_ok, 0, sizeof r->heat_row_ok);
        r->heat_rows_done = 0;
        r->heat_complete = 0;
        if (!same_shape) {
            memset(r->heat_values, 0, nx * ny * sizeof r->heat_values[0]);
            r->heat_min = r->heat_max = 0.0;
        }
        solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
        s->have_heat = 1;
        s->heat_params = *p;
        s->heat_axes = *ax;
        s->heat_nx = nx;
        s->heat_ny = ny;
    }
    int work = 0;
    if (ax->xparam != CR_P_GAMMA && ax->yparam != CR_P_GAMMA && cells_prepare(s, rq) == CR_OK)
        st = heat_from_cells(s, rq, gen, xs, ys, &work, err, errlen);
    else
        st = heat_with_sweep(s, rq, gen, xs, ys, &work, err, errlen);
    if (st == CR_ECANCEL)
        return st;
    if (st != CR_OK) {
        s->have_heat = 0;
        return st;
    }
    pthread_mutex_lock(&s->lock);
    r->gen_heat = gen;
    r->heat_complete = 1;
    if (work)
        r->heat_seconds = solver_now() - t_taken;
    solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

void solver_heat_free(cr_solver *s)
{
    for (int i = 0; i < HEAT_BATCH; i++)
        cr_smap_free(s->cell_ws[i]);
    free(s->cell_maps);
    s->cell_maps = NULL;
    s->cell_cap = 0;
}
