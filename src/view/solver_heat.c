/* solver_heat.c — the solver's heat-map stage (view/solver.h): rows
 * published as they finish; in planes without Γ every cell's map S is
 * cached, so a Γ move recomputes steady states only (S does not depend on
 * Γ, Eq. 17). */
#include "config.h"

#include <complex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/clock.h"
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
    r->heat_row_version[iy] = ++r->version[CR_PART_HEAT];
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

/* Publishing rows as cr_heatmap's workers finish them (row_done is
 * serialised by the sweep).  Cached rows finish in microseconds: wake the
 * UI at most every 5 ms (it redraws on each wake). */
typedef struct heat_publish {
    cr_solver *s;
    unsigned long gen;
    double last_wake;
} heat_publish;

static void heat_row_done(void *ctx, size_t row, const double *values, size_t n)
{
    heat_publish *hp = ctx;
    cr_solver *s = hp->s;
    double now = cr_clock_monotonic();
    pthread_mutex_lock(&s->lock);
    heat_store_row(&s->pub, hp->gen, row, values, n);
    if (now - hp->last_wake > 0.005 || s->pub.heat_complete) {
        cr_solver_wake_ui(s);
        hp->last_wake = now;
    }
    pthread_mutex_unlock(&s->lock);
}

/* Make the cell cache match this request (Γ aside): keep it when only Γ
 * moved, else empty it, growing the buffer if needed.  Returns CR_OK, or
 * CR_ENOMEM (the caller then computes without the cache). */
static int cells_prepare(cr_solver *s, const cr_solver_request *rq)
{
    const cr_plane *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    unsigned skip = SOLVER_CELLS_IGNORE(ax);
    if (s->have_cells && s->cell_nx == nx && s->cell_ny == ny && cr_plane_equal(&s->cell_axes, ax)
        && s->cell_dephase == rq->dephase && cr_params_equal(&s->cell_key, &rq->params, skip))
        return CR_OK;
    s->have_cells = 0;
    memset(s->cell_row_ok, 0, sizeof s->cell_row_ok);
    if (cr_params_is_qubit(&rq->params) && nx * ny > s->cell_cap) {
        cr_map *m = realloc(s->cell_maps, nx * ny * sizeof *m);
        if (m == NULL)
            return CR_ENOMEM;
        s->cell_maps = m;
        s->cell_cap = nx * ny;
    }
    /* Another system: the first rows whose maps fit in cells_bytes. */
    size_t n2 = (size_t)rq->params.nlevels * (size_t)rq->params.nlevels;
    size_t row_bytes = nx * n2 * n2 * sizeof(double complex);
    pthread_mutex_lock(&s->lock);
    size_t limit = s->cells_bytes;
    pthread_mutex_unlock(&s->lock);
    size_t rows = cr_params_is_qubit(&rq->params) ? ny : limit / row_bytes;
    if (rows > ny)
        rows = ny;
    if (rows == 0)
        return CR_ENOMEM;
    if (!cr_params_is_qubit(&rq->params) && rows * nx * n2 * n2 > s->cell_ncap) {
        double complex *m = realloc(s->cell_nmaps, rows * row_bytes);
        if (m == NULL)
            return CR_ENOMEM;
        s->cell_nmaps = m;
        s->cell_ncap = rows * nx * n2 * n2;
    }
    s->cell_rows = rows;
    s->have_cells = 1;
    s->cell_key = rq->params;
    s->cell_dephase = rq->dephase;
    s->cell_axes = *ax;
    s->cell_nx = nx;
    s->cell_ny = ny;
    return CR_OK;
}

/* The rows not yet published, by cr_heatmap: first every row whose maps
 * are cached (steady states only), then HEAT_BATCH rows at a time so that
 * a newer request waits for at most one row per worker — or, with y = Γ,
 * all rows at once (cr_heatmap then needs one map per column).  With
 * use_cells the maps of rows below cell_rows go to (and come from) the
 * solver's cell cache (a batch holds rows of one kind).
 * Sets *work when anything was computed. */
static int heat_rows(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                     const double *xs, const double *ys, int use_cells, int *work,
                     char *err, size_t errlen)
{
    const cr_plane *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    cr_solver_result *r = &s->pub;
    int by_column = ax->yparam == CR_P_GAMMA, qubit = cr_params_is_qubit(&rq->params);
    unsigned char skip[CR_SCREEN_HEAT_MAX];
    double *vals = malloc(sizeof(double) * nx * ny);
    if (vals == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    int st = CR_OK;
    while (st == CR_OK) {
        if (cr_solver_stale(s, gen)) {
            st = CR_ECANCEL;
            break;
        }
        size_t k = 0;
        int cached = 0, slots = -1; /* slots: the batch's rows have cache room */
        pthread_mutex_lock(&s->lock);
        for (size_t iy = 0; use_cells && iy < ny; iy++)
            cached |= !r->heat_row_ok[iy] && s->cell_row_ok[iy];
        for (size_t iy = 0; iy < ny; iy++) {
            int want = !r->heat_row_ok[iy]
                && (cached ? s->cell_row_ok[iy] : by_column || k < HEAT_BATCH);
            int room = use_cells && iy < s->cell_rows;
            if (want && !cached && slots >= 0 && room != slots)
                want = 0; /* one batch: all its rows cached, or none */
            if (want && slots < 0)
                slots = room;
            skip[iy] = !want;
            k += (size_t)want;
        }
        int with_cells = use_cells && (cached || slots == 1);
        pthread_mutex_unlock(&s->lock);
        if (k == 0)
            break;
        *work = 1;
        heat_publish hp = { s, gen, cr_clock_monotonic() };
        cr_sweep_opts o = {
            .threads = cached || by_column ? 0 : (int)k,
            .row_done = heat_row_done, .ctx = &hp, .skip_rows = skip,
            .maps = with_cells && qubit ? s->cell_maps : NULL,
            .nmaps = with_cells && !qubit ? s->cell_nmaps : NULL,
            .maps_ok = with_cells ? s->cell_row_ok : NULL,
            .dephase = rq->dephase,
            .quantity = rq->quantity,
            .cancel = &s->cancel,
        };
        st = cr_heatmap(&rq->params, ax->xparam, xs, nx, ax->yparam, ys, ny, vals, &o,
                        err, errlen);
        pthread_mutex_lock(&s->lock);
        if (st == CR_OK && cached)
            r->heat_rows_cached += k;
        else if (st == CR_OK) /* one map per row along x = Γ, per column along y = Γ */
            r->heat_maps += ax->xparam == CR_P_GAMMA ? k : by_column ? nx : k * nx;
        cr_solver_touch(s, CR_PART_HEAT);
        cr_solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
    }
    free(vals);
    return st;
}

int cr_solver_stage_heat(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                      double t_taken, char *err, size_t errlen)
{
    const cr_plane *ax = &rq->heat;
    size_t nx = rq->heat_nx, ny = rq->heat_ny;
    if (nx < 1 || nx > CR_SCREEN_HEAT_MAX || ny < 1 || ny > CR_SCREEN_HEAT_MAX)
        return cr_error(err, errlen, CR_EINVAL, "heat map: size %zux%zu, valid up to %dx%d",
                        nx, ny, CR_SCREEN_HEAT_MAX, CR_SCREEN_HEAT_MAX);
    if (ax->xparam < 0 || ax->xparam >= CR_P_COUNT || ax->yparam < 0
        || ax->yparam >= CR_P_COUNT || ax->xparam == ax->yparam)
        return cr_error(err, errlen, CR_EINVAL, "heat map: bad axes");
    double xs[CR_SCREEN_HEAT_MAX], ys[CR_SCREEN_HEAT_MAX];
    int st = cr_grid(ax->x_lo, ax->x_hi, nx, ax->x_log, xs, err, errlen);
    if (st == CR_OK)
        st = cr_grid(ax->y_lo, ax->y_hi, ny, ax->y_log, ys, err, errlen);
    if (st != CR_OK)
        return st;

    /* |ρ01| at a cell does not depend on the current point along the
     * plane's own axes: keep the finished rows when only those moved. */
    const cr_params *p = &rq->params;
    unsigned skip = SOLVER_HEAT_IGNORE(ax);
    int same = s->have_heat && s->heat_nx == nx && s->heat_ny == ny
        && cr_plane_equal(&s->heat_axes, ax) && s->heat_dephase == rq->dephase
        && s->heat_quantity == rq->quantity && cr_params_equal(&s->heat_params, p, skip);
    cr_solver_result *r = &s->pub;
    if (!same) {
        pthread_mutex_lock(&s->lock);
        int same_shape = r->heat_nx == nx && r->heat_ny == ny && cr_plane_equal(&r->heat, ax);
        r->heat = *ax;
        r->heat_params = *p;
        r->heat_dephase = rq->dephase;
        r->heat_quantity = rq->quantity;
        r->heat_nx = nx;
        r->heat_ny = ny;
        /* Same shape: old values stay visible, marked stale, until their
         * row is recomputed (the map "fills in" over the old one). */
        memset(r->heat_row_ok, 0, sizeof r->heat_row_ok);
        r->heat_rows_done = 0;
        r->heat_complete = 0;
        if (!same_shape) {
            memset(r->heat_values, 0, nx * ny * sizeof r->heat_values[0]);
            r->heat_min = r->heat_max = 0.0;
        }
        cr_solver_touch(s, CR_PART_HEAT);
        cr_solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);
        s->have_heat = 1;
        s->heat_params = *p;
        s->heat_dephase = rq->dephase;
        s->heat_quantity = rq->quantity;
        s->heat_axes = *ax;
        s->heat_nx = nx;
        s->heat_ny = ny;
    }
    int work = 0;
    /* The cell cache holds the qubit's 4×4 maps (256 bytes a cell), or
     * another system's N⁴ entries (N = 8: 64 kB a cell) for the first
     * rows that fit in cells_bytes (cr_solver_cache_limit); the other rows
     * compute their maps each time. */
    int use_cells = ax->xparam != CR_P_GAMMA && ax->yparam != CR_P_GAMMA
        && cells_prepare(s, rq) == CR_OK;
    st = heat_rows(s, rq, gen, xs, ys, use_cells, &work, err, errlen);
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
        r->heat_seconds = cr_clock_monotonic() - t_taken;
    cr_solver_touch(s, CR_PART_HEAT);
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

void cr_solver_heat_free(cr_solver *s)
{
    free(s->cell_maps);
    s->cell_maps = NULL;
    s->cell_cap = 0;
    free(s->cell_nmaps);
    s->cell_nmaps = NULL;
    s->cell_ncap = 0;
}
