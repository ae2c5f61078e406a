/* check_scan.c — heat maps and sweeps that survive failing points, and
 * several quantities per cell (cr_sweep_opts.failed, .quantities). */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/sweep.h"
#include "testutil.h"

typedef struct fails {
    size_t index[64];
    int n;
} fails;

static void on_failed(void *ctx, size_t index, int status, const char *msg)
{
    fails *f = ctx;
    ck_assert_int_ne(status, CR_OK);
    ck_assert_msg(strstr(msg, "not unique") != NULL, "reason: %s", msg);
    if (f->n < 64)
        f->index[f->n++] = index;
}

static int failed_at(const fails *f, size_t index)
{
    for (int i = 0; i < f->n; i++)
        if (f->index[i] == index)
            return 1;
    return 0;
}

/* A Δx × λ map with λ = 0 on its first row (no interaction: the steady
 * state is not unique): with a failed callback, that row's cells are NaN
 * and reported, every other cell is bit for bit the value of a map
 * without the failing row; without the callback the map fails as
 * before.  Row mode (y = λ) and column mode (x = λ, y = Γ), 1 and 2
 * threads. */
START_TEST(test_heatmap_survives_failed_cells)
{
    cr_params p;
    cr_params_default(&p);
    double xs[3] = { 0.6, 1.0, 1.6 }, lam[3] = { 0.0, 0.5, 1.0 }, gam[2] = { 1.0, 3.0 };
    char err[256];
    for (int mode = 0; mode < 2; mode++) {
        int xp = mode == 0 ? CR_P_DX : CR_P_LAMBDA, yp = mode == 0 ? CR_P_LAMBDA : CR_P_GAMMA;
        const double *x = mode == 0 ? xs : lam, *y = mode == 0 ? lam : gam;
        size_t nx = 3, ny = mode == 0 ? 3 : 2;
        double v[9], ref[9];
        cr_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.threads = 1 + _i;
        ck_assert_int_eq(cr_heatmap(&p, xp, x, nx, yp, y, ny, v, &o, err, sizeof err),
                         CR_ENUMERIC);
        fails f = { { 0 }, 0 };
        o.failed = on_failed;
        o.ctx = &f;
        ck_assert_int_eq(cr_heatmap(&p, xp, x, nx, yp, y, ny, v, &o, err, sizeof err), CR_OK);
        ck_assert_int_eq(f.n, mode == 0 ? 3 : 2); /* the λ = 0 row, or column */
        /* the reference: the good cells alone (λ > 0) */
        if (mode == 0)
            ck_assert_int_eq(cr_heatmap(&p, xp, x, nx, yp, y + 1, 2, ref + 3, NULL, err,
                                        sizeof err), CR_OK);
        else
            ck_assert_int_eq(cr_heatmap(&p, xp, x + 1, 2, yp, y, ny, ref, NULL, err,
                                        sizeof err), CR_OK);
        for (size_t iy = 0; iy < ny; iy++)
            for (size_t ix = 0; ix < nx; ix++) {
                size_t c = iy * nx + ix;
                int bad = mode == 0 ? iy == 0 : ix == 0;
                ck_assert_msg(failed_at(&f, c) == bad, "mode %d cell %zu reported", mode, c);
                if (bad)
                    ck_assert_msg(isnan(v[c]), "mode %d cell %zu not NaN", mode, c);
                else
                    ck_assert_msg(v[c] == (mode == 0 ? ref[c] : ref[iy * 2 + ix - 1]),
                                  "mode %d cell %zu changed by the failure", mode, c);
            }
    }
}
END_TEST

/* A λ sweep from 1 to 0: the last point fails (NaN, reported), the others
 * equal a sweep without it; a Γ sweep at λ = 0 fails at every point (its
 * one map gives no unique steady state). */
START_TEST(test_sweep_survives_failed_points)
{
    cr_params p;
    cr_params_default(&p);
    double lam[4] = { 1.0, 0.6, 0.3, 0.0 };
    cr_sweep_point pts[4], ref[3];
    char err[256];
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 2;
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_LAMBDA, lam, 4, pts, &o, err, sizeof err), CR_ENUMERIC);
    fails f = { { 0 }, 0 };
    o.failed = on_failed;
    o.ctx = &f;
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_LAMBDA, lam, 4, pts, &o, err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_LAMBDA, lam, 3, ref, NULL, err, sizeof err), CR_OK);
    ck_assert_int_eq(f.n, 1);
    ck_assert_int_eq(f.index[0], 3);
    ck_assert(isnan(creal(pts[3].steady.v[0])) && isnan(creal(pts[3].first.v[1])));
    for (int i = 0; i < 3; i++)
        ck_assert(memcmp(&pts[i].steady, &ref[i].steady, sizeof ref[i].steady) == 0);
    double g[3] = { 0.5, 1.0, 2.0 };
    p.lambda = 0.0;
    f.n = 0;
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_GAMMA, g, 3, pts, &o, err, sizeof err), CR_OK);
    ck_assert_int_eq(f.n, 3);
    cr_nsweep_point np[3];
    f.n = 0;
    ck_assert_int_eq(cr_nsweep_1d(&p, CR_P_GAMMA, g, 3, np, &o, err, sizeof err), CR_OK);
    ck_assert_int_eq(f.n, 3);
    ck_assert(isnan(creal(np[2].steady.v[0])));
}
END_TEST

/* Several quantities at once equal one run per quantity, bit for bit;
 * rho00, rough and first_order equal the steady state's ρ00,
 * cr_rough_estimate and |ρ01| of cr_first_order at each cell (the same
 * computations: exact).  Loop 1: a qutrit (the general path). */
START_TEST(test_heatmap_several_quantities)
{
    cr_params p;
    cr_params_default(&p);
    if (_i == 1) {
        p.nlevels = 3;
        p.levels[0] = 0.0, p.levels[1] = 0.6, p.levels[2] = 1.2;
    }
    double xs[2] = { 0.7, 1.3 }, ys[2] = { 0.5, 0.9 };
    int qs[6] = { CR_Q_ROUGH, CR_Q_RHO00, CR_Q_RHO01_ABS, CR_Q_FIRST_ORDER, CR_Q_DISTANCE,
                  CR_Q_COHERENCE };
    double all[4 * 6], one[4];
    char err[256];
    for (int yg = 0; yg < 2; yg++) { /* y = Δ (rows) or y = Γ (columns) */
        int yp = yg ? CR_P_GAMMA : CR_P_DELTA;
        cr_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.quantities = qs;
        o.nquantities = 6;
        ck_assert_int_eq(cr_heatmap(&p, CR_P_DX, xs, 2, yp, ys, 2, all, &o, err, sizeof err),
                         CR_OK);
        for (int k = 0; k < 6; k++) {
            cr_sweep_opts o1;
            memset(&o1, 0, sizeof o1);
            o1.quantity = qs[k];
            ck_assert_int_eq(cr_heatmap(&p, CR_P_DX, xs, 2, yp, ys, 2, one, &o1, err,
                                        sizeof err), CR_OK);
            for (int c = 0; c < 4; c++)
                ck_assert_msg(all[c * 6 + k] == one[c], "quantity %s cell %d",
                              cr_quantity_name(qs[k]), c);
        }
        for (int c = 0; c < 4; c++) {
            cr_params at = p;
            at.dx = xs[c % 2];
            cr_param_put(&at, yp, ys[c / 2]);
            cr_nmap S;
            cr_nstate ss, first;
            double e[CR_NMAX];
            cr_params_energies(&at, e);
            ck_assert_int_eq(cr_nmap_compute(&at, &S, err, sizeof err), CR_OK);
            ck_assert_int_eq(cr_nsteady_state(&S, at.gamma, e, &ss, err, sizeof err), CR_OK);
            ck_assert_int_eq(cr_nfirst_order(&S, at.gamma, at.beta, e, &first, err,
                                             sizeof err), CR_OK);
            ck_assert(all[c * 6] == cr_rough_estimate(&at));
            /* the qubit's own map and the general one: 1e-12 (measured ~1e-16) */
            TU_CLOSE(all[c * 6 + 1], creal(ss.v[0]), 1e-12, "rho00");
            TU_CLOSE(all[c * 6 + 3], cabs(first.v[CR_NVEC(first.n, 0, 1)]), 1e-12, "first order");
            ck_assert_msg(all[c * 6 + 3] > 1e-4, "a first order of zero tests nothing");
        }
    }
}
END_TEST

static Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_heatmap_survives_failed_cells, 0, 2);
    tcase_add_test(tc, test_sweep_survives_failed_points);
    tcase_add_loop_test(tc, test_heatmap_several_quantities, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(scan_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
