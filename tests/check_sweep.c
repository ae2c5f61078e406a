/* check_sweep.c — grids, 1-D sweeps, heat maps, threads, shards,
 * cancellation and callbacks. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/sweep.h"
#include "testutil.h"

START_TEST(test_grid_linear_and_log)
{
    double g[8];
    char err[256] = "";
    ck_assert_int_eq(cr_grid(0.0, 1.0, 5, 0, g, err, sizeof err), CR_OK);
    static const double lin[5] = { 0.0, 0.25, 0.5, 0.75, 1.0 };
    for (int i = 0; i < 5; i++)
        TU_CLOSE(g[i], lin[i], 1e-15, "linear grid"); /* dyadic: exact */
    ck_assert_int_eq(cr_grid(1.0, 1000.0, 4, 1, g, err, sizeof err), CR_OK);
    ck_assert(g[0] == 1.0 && g[3] == 1000.0); /* end points exact */
    TU_CLOSE(g[1], 10.0, 1e-13, "log grid 10");
    TU_CLOSE(g[2], 100.0, 1e-12, "log grid 100");
    /* Uneven ends: end points exact, spacing (ratio) constant to 1e-14. */
    ck_assert_int_eq(cr_grid(0.3, 7.1, 8, 0, g, err, sizeof err), CR_OK);
    ck_assert(g[0] == 0.3 && g[7] == 7.1);
    for (int i = 1; i < 8; i++)
        TU_CLOSE(g[i] - g[i - 1], (7.1 - 0.3) / 7.0, 1e-14, "linear spacing");
    ck_assert_int_eq(cr_grid(1e-3, 20.0, 8, 1, g, err, sizeof err), CR_OK);
    ck_assert(g[0] == 1e-3 && g[7] == 20.0);
    for (int i = 1; i < 8; i++)
        TU_CLOSE(g[i] / g[i - 1], pow(20.0 / 1e-3, 1.0 / 7.0), 1e-13, "log ratio");
    /* Descending ranges and a single point. */
    ck_assert_int_eq(cr_grid(2.0, 1.0, 3, 0, g, err, sizeof err), CR_OK);
    ck_assert(g[0] == 2.0 && g[1] == 1.5 && g[2] == 1.0);
    ck_assert_int_eq(cr_grid(4.0, 9.0, 1, 1, g, err, sizeof err), CR_OK);
    ck_assert(g[0] == 4.0);
}
END_TEST

START_TEST(test_grid_refuses_bad_ranges)
{
    double g[4] = { 7, 7, 7, 7 };
    char err[256] = "";
    ck_assert_int_eq(cr_grid(0.0, 1.0, 0, 0, g, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "0") != NULL, "%s", err);
    ck_assert_int_eq(cr_grid(0.0, 1.0, 4, 1, g, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_grid(-1.0, 1.0, 4, 1, g, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_grid(1.0, -2.0, 4, 1, g, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_grid(NAN, 1.0, 4, 0, g, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_grid(0.0, INFINITY, 4, 0, g, err, sizeof err), CR_EINVAL);
    ck_assert(g[0] == 7 && g[3] == 7); /* nothing written on error */
}
END_TEST

/* A Γ sweep uses one map; each point equals the direct steady state, the
 * thermal state and the first-order estimate at that Γ.  Same arithmetic
 * on the same map: 1e-14. */
START_TEST(test_gamma_sweep_matches_steady_state)
{
    cr_params p;
    cr_map S;
    char err[256] = "";
    tu_params(&p, NULL);
    tu_map(&p, &S);
    double gs[12];
    ck_assert_int_eq(cr_grid(1e-3, 100.0, 12, 1, gs, err, sizeof err), CR_OK);
    cr_sweep_point pts[12];
    cr_sweep_opts o = { .threads = 2 };
    ck_assert_msg(cr_sweep_1d(&p, CR_P_GAMMA, gs, 12, pts, &o, err, sizeof err) == CR_OK,
                  "%s", err);
    for (int i = 0; i < 12; i++) {
        cr_state ss, th, fo;
        ck_assert_int_eq(cr_steady_state(&S, gs[i], p.delta, &ss, err, sizeof err), CR_OK);
        ck_assert_int_eq(cr_first_order(&S, gs[i], p.beta, p.delta, &fo, err, sizeof err),
                         CR_OK);
        cr_thermal_state(p.beta, p.delta, &th);
        ck_assert(pts[i].value == gs[i]);
        ck_assert_msg(cr_state_max_diff(&pts[i].steady, &ss) <= 1e-14,
                      "gamma %g: steady differs by %g", gs[i],
                      cr_state_max_diff(&pts[i].steady, &ss));
        ck_assert(cr_state_max_diff(&pts[i].thermal, &th) <= 1e-14);
        ck_assert(cr_state_max_diff(&pts[i].first, &fo) <= 1e-14);
    }
}
END_TEST

/* Along Δ every point needs its own map; 2 threads must give the serial
 * result exactly (each point is computed by the same code, so bitwise),
 * and both equal a direct map + steady state per point to 1e-15. */
START_TEST(test_delta_sweep_threads_equal_serial)
{
    enum { N = 9 };
    cr_params p;
    char err[256] = "";
    tu_params(&p, NULL);
    double ds[N];
    ck_assert_int_eq(cr_grid(0.05, 3.0, N, 0, ds, err, sizeof err), CR_OK);
    cr_sweep_point one[N], two[N];
    cr_sweep_opts o1 = { .threads = 1 }, o2 = { .threads = 2 };
    ck_assert_msg(cr_sweep_1d(&p, CR_P_DELTA, ds, N, one, &o1, err, sizeof err) == CR_OK,
                  "%s", err);
    ck_assert_msg(cr_sweep_1d(&p, CR_P_DELTA, ds, N, two, &o2, err, sizeof err) == CR_OK,
                  "%s", err);
    for (int i = 0; i < N; i++) {
        ck_assert_msg(memcmp(&one[i].steady, &two[i].steady, sizeof one[i].steady) == 0,
                      "delta %g: threads change the steady state", ds[i]);
        ck_assert(memcmp(&one[i].first, &two[i].first, sizeof one[i].first) == 0);
        cr_params q = p;
        q.delta = ds[i];
        cr_map S;
        tu_map(&q, &S);
        cr_state ss, th;
        ck_assert_int_eq(cr_steady_state(&S, q.gamma, q.delta, &ss, err, sizeof err), CR_OK);
        cr_thermal_state(q.beta, q.delta, &th);
        ck_assert_msg(cr_state_max_diff(&one[i].steady, &ss) <= 1e-15,
                      "delta %g: sweep vs direct %g", ds[i],
                      cr_state_max_diff(&one[i].steady, &ss));
        ck_assert(cr_state_max_diff(&one[i].thermal, &th) <= 1e-15);
    }
}
END_TEST

START_TEST(test_sweep_reports_invalid_points)
{
    cr_params p;
    char err[256] = "";
    tu_params(&p, NULL);
    double ds[3] = { 0.5, -1.0, 0.7 };
    cr_sweep_point pts[3];
    cr_sweep_opts o = { .threads = 1 };
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_DELTA, ds, 3, pts, &o, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "delta") != NULL, "%s", err);
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_COUNT, ds, 3, pts, &o, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_sweep_1d(&p, -1, ds, 3, pts, &o, err, sizeof err), CR_EINVAL);
    double v[9];
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DX, ds, 3, CR_P_DX, ds, 3, v, &o, err, sizeof err),
                     CR_EINVAL);
}
END_TEST

/* |ρ01| of the steady state at (x, y), computed directly. */
static double direct_abs01(const cr_params *base, int xparam, double x, int yparam, double y)
{
    cr_params q = *base;
    cr_param_put(&q, xparam, x);
    cr_param_put(&q, yparam, y);
    cr_map S;
    cr_state ss;
    char err[256] = "";
    tu_map(&q, &S);
    ck_assert_msg(cr_steady_state(&S, q.gamma, q.delta, &ss, err, sizeof err) == CR_OK,
                  "%s", err);
    return cabs(ss.v[1]);
}

/* Heat maps against per-point steady states, for a plane with Γ (where the
 * map is reused along a row) and one without.  Same code path: 1e-15. */
START_TEST(test_heatmap_matches_pointwise_steady_state)
{
    static const struct { int x, y; double xa, xb, ya, yb; } planes[] = {
        { CR_P_DELTA, CR_P_DX, 0.1, 2.0, 0.5, 8.0 },
        { CR_P_GAMMA, CR_P_DELTA, 0.01, 20.0, 0.2, 3.0 },
        { CR_P_DX, CR_P_GAMMA, 0.3, 5.0, 0.1, 10.0 },
    };
    enum { NX = 5, NY = 4 };
    cr_params p;
    char err[256] = "";
    tu_params(&p, NULL);
    double xs[NX], ys[NY], v[NX * NY];
    ck_assert_int_eq(cr_grid(planes[_i].xa, planes[_i].xb, NX, 1, xs, err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_grid(planes[_i].ya, planes[_i].yb, NY, 1, ys, err, sizeof err), CR_OK);
    cr_sweep_opts o = { .threads = 2 };
    ck_assert_msg(cr_heatmap(&p, planes[_i].x, xs, NX, planes[_i].y, ys, NY, v, &o,
                             err, sizeof err) == CR_OK, "%s", err);
    for (int iy = 0; iy < NY; iy++)
        for (int ix = 0; ix < NX; ix++) {
            double want = direct_abs01(&p, planes[_i].x, xs[ix], planes[_i].y, ys[iy]);
            char what[96];
            snprintf(what, sizeof what, "plane %d at (%g, %g)", _i, xs[ix], ys[iy]);
            TU_CLOSE(v[iy * NX + ix], want, 1e-15, what);
        }
}
END_TEST

/* A heat map along Δx with y ≠ Γ computes each row once without the
 * packet's Gaussian and each cell as a weighted sum of exponentials
 * (cr_smap_dx_map): it must equal cell-by-cell maps to 1e-12 (same nodes,
 * round-off only), approx and exact, with and without dephasing, and for
 * both (Δx, Δ) and (Δx, β). */
START_TEST(test_dx_row_heatmap_equals_cell_by_cell)
{
    static const struct { const char *set; int y; double ya, yb; int dephase; } cases[] = {
        { NULL, CR_P_DELTA, 0.05, 3.0, 0 },
        { "amplitudes=exact", CR_P_DELTA, 0.05, 3.0, 0 },
        { "amplitudes=exact", CR_P_BETA, 0.1, 10.0, 0 },
        { "mass=100", CR_P_DELTA, 0.5, 2.0, 1 },
    };
    enum { NX = 6, NY = 3 };
    cr_params p;
    char err[256] = "";
    tu_params(&p, cases[_i].set);
    double xs[NX], ys[NY], v[NX * NY];
    ck_assert_int_eq(cr_grid(0.1, 3.0, NX, 0, xs, err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_grid(cases[_i].ya, cases[_i].yb, NY, 1, ys, err, sizeof err), CR_OK);
    cr_sweep_opts o = { .threads = 2, .dephase = cases[_i].dephase };
    ck_assert_msg(cr_heatmap(&p, CR_P_DX, xs, NX, cases[_i].y, ys, NY, v, &o,
                             err, sizeof err) == CR_OK, "%s", err);
    cr_smap_workspace *w = cr_smap_alloc();
    ck_assert_ptr_nonnull(w);
    for (int iy = 0; iy < NY; iy++)
        for (int ix = 0; ix < NX; ix++) {
            cr_params q = p;
            cr_param_put(&q, CR_P_DX, xs[ix]);
            cr_param_put(&q, cases[_i].y, ys[iy]);
            cr_map S;
            cr_state ss;
            ck_assert_msg(cr_smap_compute(w, &q, &S, err, sizeof err) == CR_OK, "%s", err);
            if (cases[_i].dephase)
                cr_map_dephased(&S, &S);
            ck_assert_msg(cr_steady_state(&S, q.gamma, q.delta, &ss, err, sizeof err) == CR_OK,
                          "%s", err);
            char what[96];
            snprintf(what, sizeof what, "case %d at (%g, %g)", _i, xs[ix], ys[iy]);
            TU_CLOSE(v[iy * NX + ix], cabs(ss.v[1]), 1e-12, what);
        }
    cr_smap_free(w);
}
END_TEST

/* A Δx row that would need too many nodes to keep (exact amplitudes for a
 * heavy particle: m = 1e4, β = 1e-3, measured over the limit) is refused
 * with CR_ENOMEM, by cr_smap_dx_map() too until the next prepare, and the
 * heat map falls back to a map per cell: then it equals them exactly (the
 * same code path; 1e-15). */
START_TEST(test_dx_row_too_large_falls_back_to_maps)
{
    enum { NX = 2 };
    cr_params p;
    char err[256] = "";
    tu_params(&p, "mass=1e4 beta=1e-3 amplitudes=exact");
    cr_smap_workspace *w = cr_smap_alloc();
    ck_assert_ptr_nonnull(w);
    cr_map S;
    ck_assert_int_eq(cr_smap_dx_prepare(w, &p, err, sizeof err), CR_ENOMEM);
    ck_assert_int_eq(cr_smap_dx_map(w, p.dx, &S, err, sizeof err), CR_ENOMEM);
    double xs[NX] = { 0.5, 2.0 }, ys[1] = { p.delta }, v[NX];
    cr_sweep_opts o = { .threads = 1 };
    ck_assert_msg(cr_heatmap(&p, CR_P_DX, xs, NX, CR_P_DELTA, ys, 1, v, &o,
                             err, sizeof err) == CR_OK, "%s", err);
    for (int ix = 0; ix < NX; ix++) {
        cr_params q = p;
        q.dx = xs[ix];
        cr_state ss;
        ck_assert_msg(cr_smap_compute(w, &q, &S, err, sizeof err) == CR_OK, "%s", err);
        ck_assert_msg(cr_steady_state(&S, q.gamma, q.delta, &ss, err, sizeof err) == CR_OK,
                      "%s", err);
        TU_CLOSE(v[ix], cabs(ss.v[1]), 1e-15, "fallback cell");
    }
    cr_smap_free(w);
}
END_TEST

/* The small heat map of the control tests: HX columns, HY rows. */
enum { HX = 5, HY = 7 };

/* Callback recorder; calls are serialised by the sweep's mutex. */
typedef struct recorder {
    size_t calls, last_done, last_total;
    int monotone;
    int rows[HY];
    int bad_row_len;
    double row_vals[HY][HX];
    volatile sig_atomic_t *cancel_after_first;
} recorder;

static void on_progress(void *ctx, size_t done, size_t total)
{
    recorder *r = ctx;
    if (done <= r->last_done && r->calls > 0)
        r->monotone = 0;
    r->calls++;
    r->last_done = done;
    r->last_total = total;
    if (r->cancel_after_first != NULL)
        *r->cancel_after_first = 1;
}

static void on_row(void *ctx, size_t row, const double *values, size_t n)
{
    recorder *r = ctx;
    if (n != HX || row >= HY) {
        r->bad_row_len = 1;
        return;
    }
    r->rows[row]++;
    for (size_t i = 0; i < n; i++)
        r->row_vals[row][i] = values[i];
}

static void small_heatmap_axes(double xs[HX], double ys[HY])
{
    char err[256];
    ck_assert_int_eq(cr_grid(0.2, 2.0, HX, 0, xs, err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_grid(0.5, 6.0, HY, 1, ys, err, sizeof err), CR_OK);
}

/* Progress counts every row up to total, strictly increasing; row_done
 * fires once per row with that row's values. */
/* Dephasing (Eq. 3, 4): with every map D·S the steady state is thermal at
 * every point, so a Δ sweep gives ρ_th(Δ) (1e-11: the populations of the
 * fast map obey detailed balance to 1.6e-12 at Δ = 2.5, measured, and
 * ~1e-15 at the defaults) and every heat-map cell
 * has |ρ01| = 0 exactly (the coherence rows of D·S are zero, so the solve
 * gives (-iΔ01 - Γ)ρ01 = 0).  The same grid without D has |ρ01| > 1e-3
 * somewhere, so neither check is vacuous. */
START_TEST(test_dephase_gives_thermal_points_and_zero_maps)
{
    cr_params p;
    tu_params(&p, NULL);
    double deltas[5] = { 0.1, 0.4, 0.6, 1.2, 2.5 };
    cr_sweep_point pts[5];
    char err[256] = "";
    cr_sweep_opts o = { .threads = 2, .dephase = 1 };
    ck_assert_msg(cr_sweep_1d(&p, CR_P_DELTA, deltas, 5, pts, &o, err, sizeof err) == CR_OK,
                  "%s", err);
    for (int i = 0; i < 5; i++) {
        cr_state th;
        cr_thermal_state(p.beta, deltas[i], &th);
        ck_assert_msg(cr_state_max_diff(&pts[i].steady, &th) <= 1e-11, "delta %g: %g",
                      deltas[i], cr_state_max_diff(&pts[i].steady, &th));
    }
    double xs[3] = { 0.3, 1.0, 3.0 }, ys[2] = { 0.5, 20.0 }, on[6], off[6];
    ck_assert(cr_heatmap(&p, CR_P_DX, xs, 3, CR_P_GAMMA, ys, 2, on, &o, err, sizeof err)
              == CR_OK);
    o.dephase = 0;
    ck_assert(cr_heatmap(&p, CR_P_DX, xs, 3, CR_P_GAMMA, ys, 2, off, &o, err, sizeof err)
              == CR_OK);
    double most = 0;
    for (int k = 0; k < 6; k++) {
        ck_assert_msg(on[k] == 0.0, "cell %d: |rho01| %g with D", k, on[k]);
        most = fmax(most, off[k]);
    }
    ck_assert_msg(most > 1e-3, "without D the largest |rho01| is %g", most);
}
END_TEST

START_TEST(test_heatmap_callbacks)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], v[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    recorder rec;
    memset(&rec, 0, sizeof rec);
    rec.monotone = 1;
    cr_sweep_opts o = { .threads = 2, .progress = on_progress, .row_done = on_row, .ctx = &rec };
    ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, v, &o, err, sizeof err)
                  == CR_OK, "%s", err);
    ck_assert_uint_eq(rec.calls, HY);
    ck_assert(rec.monotone);
    ck_assert_uint_eq(rec.last_done, HY);
    ck_assert_uint_eq(rec.last_total, HY);
    ck_assert(!rec.bad_row_len);
    for (int iy = 0; iy < HY; iy++) {
        ck_assert_msg(rec.rows[iy] == 1, "row %d reported %d times", iy, rec.rows[iy]);
        for (int ix = 0; ix < HX; ix++)
            ck_assert(rec.row_vals[iy][ix] == v[iy * HX + ix]);
    }
    /* The 1-D sweep reports progress too. */
    memset(&rec, 0, sizeof rec);
    rec.monotone = 1;
    cr_sweep_point pts[HY];
    cr_sweep_opts o1 = { .threads = 2, .progress = on_progress, .ctx = &rec };
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_DX, ys, HY, pts, &o1, err, sizeof err), CR_OK);
    ck_assert_uint_eq(rec.calls, HY);
    ck_assert(rec.monotone);
    ck_assert_uint_eq(rec.last_done, HY);
    ck_assert_uint_eq(rec.last_total, HY);
}
END_TEST

/* Shards k/n for k = 0..n-1 into one buffer rebuild the unsharded map bit
 * for bit; rows outside a shard are left untouched. */
START_TEST(test_heatmap_shards_rebuild_the_whole)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], whole[HX * HY], parts[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    cr_sweep_opts o = { .threads = 2 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, whole, &o,
                                err, sizeof err), CR_OK);
    for (int i = 0; i < HX * HY; i++)
        parts[i] = -1.0;
    const size_t n = 3;
    for (size_t k = 0; k < n; k++) {
        cr_sweep_opts os = { .threads = 2, .shard_k = k, .shard_n = n };
        ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, parts, &os,
                                 err, sizeof err) == CR_OK, "shard %zu: %s", k, err);
        for (int iy = 0; iy < HY; iy++) {
            int done = (size_t)iy % n <= k;
            ck_assert_msg(done == (parts[iy * HX] != -1.0),
                          "after shard %zu/%zu row %d is %s", k, n, iy,
                          done ? "missing" : "written");
        }
    }
    ck_assert_msg(memcmp(whole, parts, sizeof whole) == 0, "shards differ from the whole");
    cr_sweep_opts bad = { .threads = 1, .shard_k = 3, .shard_n = 3 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, parts, &bad,
                                err, sizeof err), CR_EINVAL);
}
END_TEST

/* skip_rows: skipped rows are neither computed nor reported, in row mode
 * and in column mode (y = Γ); the others equal the full run bit for bit. */
START_TEST(test_heatmap_skip_rows)
{
    static const int yparams[2] = { CR_P_DX, CR_P_GAMMA };
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], whole[HX * HY], part[HX * HY];
    unsigned char skip[HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    cr_sweep_opts o = { .threads = 2 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, yparams[_i], ys, HY, whole, &o,
                                err, sizeof err), CR_OK);
    for (int iy = 0; iy < HY; iy++)
        skip[iy] = iy % 3 == 1;
    for (int i = 0; i < HX * HY; i++)
        part[i] = -1.0;
    recorder rec = { .monotone = 1 };
    cr_sweep_opts os = { .threads = 2, .skip_rows = skip, .row_done = on_row, .ctx = &rec };
    ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, yparams[_i], ys, HY, part, &os,
                             err, sizeof err) == CR_OK, "%s", err);
    for (int iy = 0; iy < HY; iy++) {
        ck_assert_int_eq(rec.rows[iy], skip[iy] ? 0 : 1);
        for (int ix = 0; ix < HX; ix++)
            ck_assert_msg(skip[iy] ? part[iy * HX + ix] == -1.0
                                   : part[iy * HX + ix] == whole[iy * HX + ix],
                          "row %d column %d: %g (whole %g)", iy, ix,
                          part[iy * HX + ix], whole[iy * HX + ix]);
    }
}
END_TEST

/* The map cache: a first run fills every row's maps; a run at another Γ
 * from the cache equals a fresh run bit for bit (S does not depend on Γ);
 * and the cache is really read — a planted map changes its cell to the
 * steady state of that map.  A cache with y = Γ is refused. */
START_TEST(test_heatmap_map_cache)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], first[HX * HY], fresh[HX * HY], cached[HX * HY];
    cr_map maps[HX * HY];
    unsigned char ok[HY] = { 0 };
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    cr_sweep_opts oc = { .threads = 2, .maps = maps, .maps_ok = ok };
    ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, first, &oc,
                             err, sizeof err) == CR_OK, "%s", err);
    for (int iy = 0; iy < HY; iy++)
        ck_assert_int_eq(ok[iy], 1);
    p.gamma = 0.7;
    cr_sweep_opts o = { .threads = 2 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, fresh, &o,
                                err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, cached, &oc,
                                err, sizeof err), CR_OK);
    ck_assert_msg(memcmp(fresh, cached, sizeof fresh) == 0, "cached run differs");
    ck_assert_msg(first[0] != cached[0], "Γ had no effect: the test proves nothing");

    /* Plant the map of another λ in cell (0, 0). */
    cr_params q = p;
    q.lambda = 2.0;
    cr_param_put(&q, CR_P_DELTA, xs[0]);
    cr_param_put(&q, CR_P_DX, ys[0]);
    tu_map(&q, &maps[0]);
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, cached, &oc,
                                err, sizeof err), CR_OK);
    cr_state ss;
    ck_assert_int_eq(cr_steady_state(&maps[0], p.gamma, xs[0], &ss, err, sizeof err), CR_OK);
    ck_assert_msg(cached[0] == cabs(ss.v[1]) && cached[0] != fresh[0],
                  "cell (0,0) %g: planted-map value %g, fresh %g", cached[0],
                  cabs(ss.v[1]), fresh[0]);

    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_GAMMA, ys, HY, cached, &oc,
                                err, sizeof err), CR_EINVAL);
}
END_TEST

/* The cache of another system's maps (a qutrit): a first run fills it, a
 * run at another Γ from it equals a fresh one bit for bit, and a planted
 * map in cell (0, 0) is what that cell then shows (so the cache is used). */
START_TEST(test_heatmap_nmap_cache)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], first[HX * HY], fresh[HX * HY], cached[HX * HY];
    enum { N4 = 81 };
    static double complex nmaps[HX * HY * N4];
    unsigned char ok[HY] = { 0 };
    tu_params(&p, NULL);
    p.nlevels = 3;
    p.levels[0] = 0.0, p.levels[1] = 1.0, p.levels[2] = 2.0;
    small_heatmap_axes(xs, ys);
    cr_sweep_opts oc = { .threads = 2, .nmaps = nmaps, .maps_ok = ok,
                         .quantity = CR_Q_COHERENCE };
    ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, first, &oc,
                             err, sizeof err) == CR_OK, "%s", err);
    for (int iy = 0; iy < HY; iy++)
        ck_assert_int_eq(ok[iy], 1);
    p.gamma = 0.7;
    cr_sweep_opts o = { .threads = 2, .quantity = CR_Q_COHERENCE };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, fresh, &o,
                                err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, cached, &oc,
                                err, sizeof err), CR_OK);
    ck_assert_msg(memcmp(fresh, cached, sizeof fresh) == 0, "cached run differs");
    ck_assert_msg(first[0] != cached[0], "Γ had no effect: the test proves nothing");

    /* Plant the map of another λ in cell (0, 0). */
    cr_params q = p;
    q.lambda = 2.0;
    cr_param_put(&q, CR_P_DELTA, xs[0]);
    cr_param_put(&q, CR_P_DX, ys[0]);
    static cr_nmap S;
    ck_assert_int_eq(cr_nmap_compute(&q, &S, err, sizeof err), CR_OK);
    memcpy(nmaps, S.m, N4 * sizeof nmaps[0]);
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, cached, &oc,
                                err, sizeof err), CR_OK);
    cr_nstate ss;
    double e[CR_NMAX];
    cr_params_energies(&q, e);
    ck_assert_int_eq(cr_nsteady_state(&S, p.gamma, e, &ss, err, sizeof err), CR_OK);
    ck_assert_msg(cached[0] == cr_ncoherence(&ss) && cached[0] != fresh[0],
                  "cell (0,0) %g: planted-map value %g, fresh %g", cached[0],
                  cr_ncoherence(&ss), fresh[0]);
}
END_TEST

/* A sharded run's progress still ends at done == total (a progress bar
 * driven by it must reach 100%). */
START_TEST(test_sharded_progress_reaches_total)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], v[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    recorder rec;
    memset(&rec, 0, sizeof rec);
    rec.monotone = 1;
    cr_sweep_opts o = { .threads = 1, .progress = on_progress, .ctx = &rec,
                        .shard_k = 1, .shard_n = 3 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, v, &o,
                                err, sizeof err), CR_OK);
    ck_assert(rec.calls > 0 && rec.monotone);
    ck_assert_msg(rec.last_done == rec.last_total,
                  "sharded progress ends at %zu of %zu", rec.last_done, rec.last_total);
}
END_TEST

/* A cancel flag set before the call: CR_ECANCEL, nothing reported. */
START_TEST(test_cancel_before_start)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], v[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    volatile sig_atomic_t cancel = 1;
    recorder rec;
    memset(&rec, 0, sizeof rec);
    cr_sweep_opts o = { .threads = 2, .progress = on_progress, .row_done = on_row,
                        .ctx = &rec, .cancel = &cancel };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, v, &o,
                                err, sizeof err), CR_ECANCEL);
    cr_sweep_point pts[HY];
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_DX, ys, HY, pts, &o, err, sizeof err), CR_ECANCEL);
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_GAMMA, ys, HY, pts, &o, err, sizeof err),
                     CR_ECANCEL);
    ck_assert_uint_eq(rec.calls, 0);
    for (int i = 0; i < HY; i++)
        ck_assert_int_eq(rec.rows[i], 0);
}
END_TEST

/* Cancelling during the run (from the progress callback, after the first
 * row) stops early; every row reported is complete and correct. */
START_TEST(test_cancel_during_run)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], v[HX * HY], whole[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    cr_sweep_opts plain = { .threads = 1 };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, whole, &plain,
                                err, sizeof err), CR_OK);
    volatile sig_atomic_t cancel = 0;
    recorder rec;
    memset(&rec, 0, sizeof rec);
    rec.cancel_after_first = &cancel;
    cr_sweep_opts o = { .threads = 1, .progress = on_progress, .row_done = on_row,
                        .ctx = &rec, .cancel = &cancel };
    ck_assert_int_eq(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, v, &o,
                                err, sizeof err), CR_ECANCEL);
    int reported = 0;
    for (int iy = 0; iy < HY; iy++)
        if (rec.rows[iy]) {
            reported++;
            for (int ix = 0; ix < HX; ix++)
                ck_assert(rec.row_vals[iy][ix] == whole[iy * HX + ix]);
        }
    ck_assert_msg(reported >= 1 && reported < HY, "%d rows reported after cancel", reported);
}
END_TEST

/* cr_sweep_gamma on a map computed by the caller gives what cr_sweep_1d
 * along Γ gives (which computes the same map itself): same map, same
 * arithmetic, so bit for bit.  And it really uses the map it is given:
 * with the map of another point (β = 2) every steady state is that map's,
 * to 1e-14 (same arithmetic again; 1e-14 only guards the comparison). */
START_TEST(test_gamma_sweep_from_map_equals_sweep_1d)
{
    enum { N = 15 };
    cr_params p, q;
    cr_map S, T;
    char err[256] = "";
    tu_params(&p, "lambda=0.7 dx=0.5");
    tu_map(&p, &S);
    double gs[N];
    ck_assert_int_eq(cr_grid(1e-4, 1e3, N, 1, gs, err, sizeof err), CR_OK);
    cr_sweep_point a[N], b[N];
    ck_assert_msg(cr_sweep_gamma(&S, &p, gs, N, a, err, sizeof err) == CR_OK, "%s", err);
    ck_assert_msg(cr_sweep_1d(&p, CR_P_GAMMA, gs, N, b, NULL, err, sizeof err) == CR_OK,
                  "%s", err);
    for (int i = 0; i < N; i++) {
        ck_assert(a[i].value == gs[i] && b[i].value == gs[i]);
        ck_assert_msg(memcmp(&a[i].steady, &b[i].steady, sizeof a[i].steady) == 0,
                      "gamma %g: steady states differ by %g", gs[i],
                      cr_state_max_diff(&a[i].steady, &b[i].steady));
        ck_assert(memcmp(&a[i].first, &b[i].first, sizeof a[i].first) == 0);
        ck_assert(memcmp(&a[i].thermal, &b[i].thermal, sizeof a[i].thermal) == 0);
    }
    tu_params(&q, "beta=2");
    tu_map(&q, &T);
    ck_assert_int_eq(cr_sweep_gamma(&T, &p, gs, N, a, err, sizeof err), CR_OK);
    for (int i = 0; i < N; i++) {
        cr_state ss;
        ck_assert_int_eq(cr_steady_state(&T, gs[i], p.delta, &ss, err, sizeof err), CR_OK);
        ck_assert_msg(cr_state_max_diff(&a[i].steady, &ss) <= 1e-14,
                      "gamma %g: not the given map's steady state", gs[i]);
    }
    /* An invalid Γ in the list is refused with its name. */
    gs[3] = -1.0;
    ck_assert_int_eq(cr_sweep_gamma(&S, &p, gs, N, a, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "gamma") != NULL, "%s", err);
}
END_TEST

/* Worker threads start with every signal blocked, so a SIGINT handler can
 * only run on the caller's thread.  The callbacks look at their own mask;
 * the test first unblocks SIGINT here, so a worker that merely inherited
 * the caller's mask would be seen. */
typedef struct mask_probe {
    pthread_t caller;
    int calls, on_worker, sigint_open, sigterm_open;
} mask_probe;

static void probe_mask(mask_probe *m)
{
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    m->calls++;
    m->on_worker += !pthread_equal(pthread_self(), m->caller);
    m->sigint_open += !sigismember(&cur, SIGINT);
    m->sigterm_open += !sigismember(&cur, SIGTERM);
}

static void probe_row(void *ctx, size_t row, const double *values, size_t n)
{
    (void)row; (void)values; (void)n;
    probe_mask(ctx);
}

static void probe_progress(void *ctx, size_t done, size_t total)
{
    (void)done; (void)total;
    probe_mask(ctx);
}

START_TEST(test_workers_start_with_signals_blocked)
{
    cr_params p;
    char err[256] = "";
    double xs[HX], ys[HY], v[HX * HY];
    tu_params(&p, NULL);
    small_heatmap_axes(xs, ys);
    sigset_t intr, before, after;
    sigemptyset(&intr);
    sigaddset(&intr, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &intr, NULL);
    pthread_sigmask(SIG_BLOCK, NULL, &before);

    mask_probe m = { .caller = pthread_self() };
    cr_sweep_opts o = { .threads = 2, .row_done = probe_row, .ctx = &m };
    ck_assert_msg(cr_heatmap(&p, CR_P_DELTA, xs, HX, CR_P_DX, ys, HY, v, &o, err, sizeof err)
                  == CR_OK, "%s", err);
    cr_sweep_point pts[HY];
    cr_sweep_opts o1 = { .threads = 2, .progress = probe_progress, .ctx = &m };
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_DX, ys, HY, pts, &o1, err, sizeof err), CR_OK);
    ck_assert_int_eq(m.calls, 2 * HY);
    ck_assert_msg(m.on_worker == m.calls, "%d of %d callbacks on the caller's thread",
                  m.calls - m.on_worker, m.calls);
    ck_assert_msg(m.sigint_open == 0, "SIGINT open on %d worker callbacks", m.sigint_open);
    ck_assert_msg(m.sigterm_open == 0, "SIGTERM open on %d worker callbacks", m.sigterm_open);
    /* The caller's own mask is as it was. */
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    ck_assert(!sigismember(&after, SIGINT));
    for (int sig = 1; sig < 32; sig++)
        ck_assert_int_eq(sigismember(&before, sig), sigismember(&after, sig));
}
END_TEST

/* ---- any level scheme (cr_nsweep_1d, quantities, the general heat map) ---- */

/* The paper's qubit through the N-level sweep: the same numbers, bit for
 * bit (both take the qubit's fast path), along Γ (one map) and along Δ
 * (a map per point on workers). */
START_TEST(test_nsweep_of_the_qubit_equals_sweep_1d)
{
    cr_params p;
    cr_params_default(&p);
    static const int ids[2] = { CR_P_GAMMA, CR_P_DELTA };
    static const double vals[2][3] = { { 0.1, 5.0, 40.0 }, { 0.3, 0.6, 1.5 } };
    char err[256] = "";
    for (int k = 0; k < 2; k++) {
        cr_sweep_point a[3];
        cr_nsweep_point b[3];
        ck_assert_int_eq(cr_sweep_1d(&p, ids[k], vals[k], 3, a, NULL, err, sizeof err), CR_OK);
        ck_assert_int_eq(cr_nsweep_1d(&p, ids[k], vals[k], 3, b, NULL, err, sizeof err), CR_OK);
        for (int i = 0; i < 3; i++) {
            cr_nstate ss, first, th;
            cr_nstate_from_qubit(&a[i].steady, &ss);
            cr_nstate_from_qubit(&a[i].first, &first);
            cr_nstate_from_qubit(&a[i].thermal, &th);
            ck_assert_msg(b[i].value == a[i].value, "value");
            ck_assert_msg(cr_nstate_max_diff(&b[i].steady, &ss) == 0.0, "steady %d/%d", k, i);
            ck_assert_msg(cr_nstate_max_diff(&b[i].first, &first) == 0.0, "first %d/%d", k, i);
            ck_assert_msg(cr_nstate_max_diff(&b[i].thermal, &th) == 0.0, "thermal %d/%d", k, i);
        }
    }
}
END_TEST

/* The heat map's quantities on the qubit: coherence = |ρ01| + |ρ10| =
 * 2|ρ01| exactly; distance = sqrt((ρ00 - th00)² + |ρ01|²), the qubit's
 * trace distance, to round-off (1e-15). */
START_TEST(test_heatmap_quantities_of_the_qubit)
{
    cr_params p;
    cr_params_default(&p);
    double xs[2] = { 0.7, 1.3 }, ys[2] = { 0.5, 0.9 };
    double q[CR_Q_COUNT][4];
    char err[256] = "";
    for (int k = 0; k < CR_Q_COUNT; k++) {
        cr_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.quantity = k;
        ck_assert_int_eq(cr_heatmap(&p, CR_P_DX, xs, 2, CR_P_DELTA, ys, 2, q[k], &o, err,
                                    sizeof err), CR_OK);
        ck_assert_str_eq(cr_quantity_name(k), k == 0 ? "rho01_abs" : k == 1 ? "coherence" : "distance");
        ck_assert_int_eq(cr_quantity_lookup(cr_quantity_name(k)), k);
    }
    ck_assert_int_eq(cr_quantity_lookup("rho00"), CR_Q_RHO00);
    ck_assert_int_eq(cr_quantity_lookup("rho11"), -1);
    for (int c = 0; c < 4; c++) {
        ck_assert_msg(q[CR_Q_COHERENCE][c] == 2.0 * q[CR_Q_RHO01_ABS][c], "coherence cell %d", c);
        cr_params at = p;
        at.dx = xs[c % 2];
        at.delta = ys[c / 2];
        cr_smap_workspace *w = cr_smap_alloc();
        cr_map S;
        cr_state ss, th;
        ck_assert_int_eq(cr_smap_compute(w, &at, &S, err, sizeof err), CR_OK);
        cr_smap_free(w);
        ck_assert_int_eq(cr_steady_state(&S, at.gamma, at.delta, &ss, err, sizeof err), CR_OK);
        cr_thermal_state(at.beta, at.delta, &th);
        double d00 = creal(ss.v[0]) - creal(th.v[0]);
        /* Two formulas for one number: ~1e-15 apart (measured 1.5e-15). */
        TU_CLOSE(q[CR_Q_DISTANCE][c], sqrt(d00 * d00 + pow(cabs(ss.v[1]), 2)), 1e-14,
                 "qubit trace distance");
    }
}
END_TEST

/* Another system (a qutrit; loop 1: the σx qubit) through the general heat
 * map: each cell is the steady state of cr_nmap_compute at that cell, to
 * 1e-15 (the same computation), in row mode and in column mode (y = Γ). */
START_TEST(test_general_heatmap_equals_cell_by_cell)
{
    cr_params p;
    cr_params_default(&p);
    if (_i == 0) {
        p.nlevels = 3;
        p.levels[0] = 0.0, p.levels[1] = 0.6, p.levels[2] = 1.2;
    } else {
        p.coupling_set = 1;
        p.coupling_n = 2;
        p.coupling_re[0][1] = p.coupling_re[1][0] = 1.0;
    }
    ck_assert(!cr_params_is_qubit(&p));
    double xs[2] = { 0.8, 1.4 };
    char err[256] = "";
    for (int mode = 0; mode < 2; mode++) {
        int yparam = mode == 0 ? CR_P_BETA : CR_P_GAMMA;
        double ys[2] = { mode == 0 ? 0.05 : 1.0, mode == 0 ? 0.2 : 20.0 };
        double vals[4];
        cr_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.threads = 2;
        o.quantity = CR_Q_COHERENCE;
        ck_assert_int_eq(cr_heatmap(&p, CR_P_DX, xs, 2, yparam, ys, 2, vals, &o, err, sizeof err),
                         CR_OK);
        for (int c = 0; c < 4; c++) {
            cr_params at = p;
            at.dx = xs[c % 2];
            cr_param_put(&at, yparam, ys[c / 2]);
            static cr_nmap S;
            cr_nstate ss;
            double e[CR_NMAX];
            cr_params_energies(&at, e);
            ck_assert_int_eq(cr_nmap_compute(&at, &S, err, sizeof err), CR_OK);
            ck_assert_int_eq(cr_nsteady_state(&S, at.gamma, e, &ss, err, sizeof err), CR_OK);
            /* Along Δx the heat map uses the row method (the Gaussian per
             * node, not inside μ's exponential): equal to round-off. */
            TU_CLOSE(vals[c], cr_ncoherence(&ss), 1e-13, "general heat-map cell");
            ck_assert_msg(cr_ncoherence(&ss) > 1e-4, "a cell without coherence tests nothing");
        }
    }
}
END_TEST

static Suite *sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("grid");
    tcase_add_test(tc, test_grid_linear_and_log);
    tcase_add_test(tc, test_grid_refuses_bad_ranges);
    suite_add_tcase(s, tc);

    tc = tcase_create("sweeps");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_gamma_sweep_matches_steady_state);
    tcase_add_test(tc, test_gamma_sweep_from_map_equals_sweep_1d);
    tcase_add_test(tc, test_delta_sweep_threads_equal_serial);
    tcase_add_test(tc, test_sweep_reports_invalid_points);
    tcase_add_loop_test(tc, test_heatmap_matches_pointwise_steady_state, 0, 3);
    tcase_add_loop_test(tc, test_dx_row_heatmap_equals_cell_by_cell, 0, 4);
    tcase_add_test(tc, test_dx_row_too_large_falls_back_to_maps);
    tcase_add_test(tc, test_nsweep_of_the_qubit_equals_sweep_1d);
    tcase_add_test(tc, test_heatmap_quantities_of_the_qubit);
    tcase_add_loop_test(tc, test_general_heatmap_equals_cell_by_cell, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("control");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_heatmap_callbacks);
    tcase_add_test(tc, test_dephase_gives_thermal_points_and_zero_maps);
    tcase_add_test(tc, test_heatmap_shards_rebuild_the_whole);
    tcase_add_loop_test(tc, test_heatmap_skip_rows, 0, 2);
    tcase_add_test(tc, test_heatmap_map_cache);
    tcase_add_test(tc, test_heatmap_nmap_cache);
    tcase_add_test(tc, test_sharded_progress_reaches_total);
    tcase_add_test(tc, test_cancel_before_start);
    tcase_add_test(tc, test_cancel_during_run);
    tcase_add_test(tc, test_workers_start_with_signals_blocked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(sweep_suite());
}
