/* check_smap.c — the scattering map S. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/amplitudes.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "lib/special.h"
#include "testutil.h"

/* S^{jk}_{j'k'} in the documented index convention S.m[2j'+k'][2j+k]. */
static double complex entry(const cr_map *S, int jp, int kp, int j, int k)
{
    return S->m[CR_VEC(jp, kp)][CR_VEC(j, k)];
}

/* Legal points spread over the parameter space, far from the defaults in
 * every direction, for the map's identities. */
static const char *const identity_points[] = {
    NULL, /* the paper's defaults */
    "beta=0.01",
    "beta=5",
    "mass=0.01",
    "mass=10",
    "delta=0.05",
    "delta=5",
    "dx=0.1",
    "dx=5",
    "lambda=0",
    "lambda=3",
    "length=0.5 x0=-3",
    "length=3",
    "gamma=1e-4",  /* Γ does not enter S: must change nothing */
    "beta=5 delta=5 mass=10",
    "beta=0.01 mass=0.01 delta=0.05 dx=0.1 lambda=3",
    "beta=2 mass=3 delta=1.7 dx=0.3 lambda=0.4 length=2.5 x0=-4",
};
enum { N_IDENTITY = sizeof identity_points / sizeof identity_points[0] };

/* Tolerance of the identities: the fast map is contracted to agree with the
 * adaptive reference to 1e-9 absolute per entry; each identity combines at
 * most two entries of magnitude <= 1 with weights <= 1. */
#define IDENTITY_TOL 2e-9

/* The paper's defaults, approx amplitudes.  The check values are given
 * to 10 decimals, so 1e-9 absolute leaves a few units of the last digit. */
static void check_public_values(const cr_map *S, const char *which)
{
    char what[96];
    snprintf(what, sizeof what, "%s S^{00}_{00}", which);
    TU_CCLOSE(entry(S, 0, 0, 0, 0), 0.9842029823, 1e-9, what);
    snprintf(what, sizeof what, "%s S^{00}_{11}", which);
    TU_CCLOSE(entry(S, 1, 1, 0, 0), 0.0157970177, 1e-9, what);
    snprintf(what, sizeof what, "%s S^{00}_{01}", which);
    TU_CCLOSE(entry(S, 0, 1, 0, 0), -0.0181886230 + 0.1018509911 * I, 1e-9, what);
    snprintf(what, sizeof what, "%s S^{01}_{00}", which);
    TU_CCLOSE(entry(S, 0, 0, 0, 1), 0.0175298012 + 0.1013605177 * I, 1e-9, what);
}

START_TEST(test_map_matches_public_check_values)
{
    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    check_public_values(&S, "fast");
}
END_TEST

START_TEST(test_reference_matches_public_check_values)
{
    cr_params p;
    cr_map S;
    char err[256];
    tu_params(&p, NULL);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &S, err, sizeof err);
    ck_assert_msg(st == CR_OK, "reference: %s", err);
    check_public_values(&S, "reference");
}
END_TEST

/* Σ_{j'} S^{jk}_{j'j'} = δ_jk: collisions keep the trace.  Every
 * entry of the production map is its own integral (no row is derived from
 * the trace), so this tests the quadrature; 2e-9 = two entries at the
 * 1e-9 contract (measured 3.6e-15 at the defaults). */
START_TEST(test_map_preserves_trace)
{
    cr_params p;
    cr_map S;
    tu_params(&p, identity_points[_i]);
    tu_map(&p, &S);
    for (int j = 0; j < 2; j++)
        for (int k = 0; k < 2; k++) {
            double complex tr = entry(&S, 0, 0, j, k) + entry(&S, 1, 1, j, k);
            char what[160];
            snprintf(what, sizeof what, "[%s] sum_j' S^{%d%d}_{j'j'}",
                     identity_points[_i] ? identity_points[_i] : "defaults", j, k);
            TU_CCLOSE(tr, j == k ? 1.0 : 0.0, IDENTITY_TOL, what);
        }
}
END_TEST

/* S^{jk}_{j'k'} = conj S^{kj}_{k'j'} on the reference, which integrates all
 * 16 entries independently (the fast path mirrors half of them). */
START_TEST(test_reference_preserves_hermiticity)
{
    cr_params p;
    cr_map S;
    char err[256];
    tu_params(&p, identity_points[_i]);
    int st = cr_smap_reference(&p, 1e-12, 1e-10, &S, err, sizeof err);
    ck_assert_msg(st == CR_OK, "reference: %s", err);
    for (int jp = 0; jp < 2; jp++)
        for (int kp = 0; kp < 2; kp++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 2; k++) {
                    char what[160];
                    snprintf(what, sizeof what, "[%s] S^{%d%d}_{%d%d} vs conj S^{%d%d}_{%d%d}",
                             identity_points[_i] ? identity_points[_i] : "defaults",
                             j, k, jp, kp, k, j, kp, jp);
                    /* 1e-9: two independent quadratures at epsrel 1e-10. */
                    TU_CCLOSE(entry(&S, jp, kp, j, k), conj(entry(&S, kp, jp, k, j)),
                              1e-9, what);
                }
}
END_TEST

/* Eq. 2: e^{-βe_0} S^{00}_{11} = e^{-βe_1} S^{11}_{00}, with e_0 = -Δ/2,
 * e_1 = +Δ/2, i.e. S^{00}_{11} e^{βΔ} = S^{11}_{00}.  Both transfers are
 * their own integrals over different momenta (p from √(2mΔ) for 0 → 1,
 * from 0 for 1 → 0), so this is a test of the quadrature: relative 1e-12
 * (the bound), whatever the size of the transfer. */
static void check_detailed_balance(const char *settings, double tol)
{
    cr_params p;
    cr_map S;
    tu_params(&p, settings);
    tu_map(&p, &S);
    double up = creal(entry(&S, 1, 1, 0, 0));    /* 0 → 1 */
    double down = creal(entry(&S, 0, 0, 1, 1));  /* 1 → 0 */
    if (p.lambda == 0.0) { /* no transfer at all: both exactly 0 */
        ck_assert(up == 0.0 && down == 0.0);
        return;
    }
    double rel = fabs(up * exp(p.beta * p.delta) / down - 1.0);
    ck_assert_msg(rel <= tol, "[%s] S^{00}_{11} e^{beta delta} / S^{11}_{00} - 1 = %.3g > %.3g "
                  "(S^{00}_{11} = %.17g, S^{11}_{00} = %.17g)",
                  settings ? settings : "defaults", rel, tol, up, down);
    /* The populations of S must be real: imaginary parts are round-off. */
    TU_CLOSE(cimag(entry(&S, 1, 1, 0, 0)), 0.0, 1e-12, "Im S^{00}_{11}");
    /* And the test is not vacuous. */
    ck_assert_msg(down > 1e-30, "S^{11}_{00} = %g: no transitions at all?", down);
}

START_TEST(test_map_obeys_detailed_balance)
{
    check_detailed_balance(identity_points[_i], 1e-12);
}
END_TEST

/* Tiny transfer: λ = 1e-6 (transfer 3e-14), and β = 50 where S^{00}_{11}
 * is 1.4e-39 (approx amplitudes, flux above e_max only in the far tail of
 * μ: panels there are capped by μ's decay, smap.c PANEL_DECAY). */
static const char *const tiny_transfer_points[] = {
    "lambda=1e-6", "lambda=1e-6 beta=5", "beta=50", "beta=3 delta=10 lambda=3",
    "lambda=1e-6 amplitudes=exact", "beta=20 amplitudes=exact",
};
enum { N_TINY = sizeof tiny_transfer_points / sizeof tiny_transfer_points[0] };

START_TEST(test_detailed_balance_at_tiny_transfer)
{
    check_detailed_balance(tiny_transfer_points[_i], 1e-12);
}
END_TEST

/* ---- the transfer probabilities from Eq. 21, independently ----
 * S^{jj}_{j'j'} = β e^{βe_j} ∫_{ε_min}^∞ dε e^{-βε} Σ_α |s^{(α)}_{j'j}(ε)|²,
 * ε_min = e_1 (exact: channel 1 opens) or e_max (approx: Eq. S1 is the
 * identity below).  Integrated here with GSL QAGS/QAGIU in u = √(ε - ε_min),
 * which makes the 1/√(ε - e_1) threshold behaviour of exact amplitudes
 * smooth, split at u = √(w_1 - ε_min) where the inner wave number q_1
 * turns real.  Nothing is shared with smap.c but the amplitudes. */
typedef struct eq21_ctx {
    cr_system sys;
    double beta, emin;
    int exact;
} eq21_ctx;

static double eq21_integrand(double u, void *arg)
{
    eq21_ctx *c = arg;
    double complex sp[2][2], sm[2][2];
    double v;
    if (c->exact) {
        double above_e[2] = { c->emin + u * u - c->sys.e[0], u * u + (c->emin - c->sys.e[1]) };
        double above_w[2] = { c->emin + u * u - c->sys.w[0], u * u + (c->emin - c->sys.w[1]) };
        ck_assert_int_eq(cr_amp_exact_above(&c->sys, above_e, above_w, sp, sm), CR_OK);
        v = creal(sp[1][0] * conj(sp[1][0]) + sm[1][0] * conj(sm[1][0]));
    } else {
        cr_amp_approx(&c->sys, c->emin + u * u, sp);
        v = creal(sp[1][0] * conj(sp[1][0]));
    }
    return 2.0 * u * exp(-c->beta * u * u) * v; /* e^{-β(ε - ε_min)} dε */
}

/* Returns βT with T = ∫ e^{-β(ε - ε_min)} |s|² dε; *emin receives ε_min. */
static double eq21_transfer(const cr_params *p, double *emin)
{
    eq21_ctx c;
    cr_system_init(&c.sys, p);
    c.beta = p->beta;
    c.exact = p->amplitudes == CR_AMP_EXACT;
    c.emin = c.exact ? c.sys.e[1] : c.sys.e_max;
    *emin = c.emin;
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(4000);
    ck_assert_ptr_nonnull(ws);
    gsl_function f = { eq21_integrand, &c };
    double split = c.sys.w[1] > c.emin ? sqrt(c.sys.w[1] - c.emin) : 0.0;
    double a = 0.0, b = 0.0, err;
    if (split > 0.0)
        ck_assert_int_eq(gsl_integration_qags(&f, 0.0, split, 0.0, 1e-13, 4000, ws, &a, &err),
                         GSL_SUCCESS);
    ck_assert_int_eq(gsl_integration_qagiu(&f, split, 0.0, 1e-13, 4000, ws, &b, &err),
                     GSL_SUCCESS);
    gsl_integration_workspace_free(ws);
    return p->beta * (a + b);
}

static const char *const eq21_points[] = {
    NULL, "beta=5", "beta=0.01 mass=0.01", "lambda=1e-6", "beta=50",
    "beta=3 delta=10 lambda=3", "delta=5 lambda=3 length=3",
    "amplitudes=exact", "amplitudes=exact beta=5 mass=3", "amplitudes=exact lambda=1e-6",
    "amplitudes=exact beta=20",
};
enum { N_EQ21 = sizeof eq21_points / sizeof eq21_points[0] };

/* Both transfers of the production map against Eq. 21: relative 1e-10.
 * The two quadratures are independent (panels in p vs adaptive in u), each
 * good to ~1e-13 relative on these smooth integrands (measured: 2e-16 at
 * the defaults); 1e-10 would still catch an error in the integrand's
 * envelope or an amplitude threshold misplaced by a part in 1e10. */
START_TEST(test_transfer_matches_eq21)
{
    cr_params p;
    cr_map S;
    const char *name = eq21_points[_i] ? eq21_points[_i] : "defaults";
    tu_params(&p, eq21_points[_i]);
    tu_map(&p, &S);
    double emin, bt = eq21_transfer(&p, &emin);
    double e0 = -0.5 * p.delta, e1 = 0.5 * p.delta;
    double want_up = bt * exp(p.beta * (e0 - emin)), want_down = bt * exp(p.beta * (e1 - emin));
    double up = creal(entry(&S, 1, 1, 0, 0)), down = creal(entry(&S, 0, 0, 1, 1));
    ck_assert_msg(fabs(up / want_up - 1.0) <= 1e-10, "[%s] S^{00}_{11} %.17g vs Eq. 21 %.17g",
                  name, up, want_up);
    ck_assert_msg(fabs(down / want_down - 1.0) <= 1e-10, "[%s] S^{11}_{00} %.17g vs Eq. 21 %.17g",
                  name, down, want_down);
}
END_TEST

/* The error estimate (production rule vs panels a third as wide) tracks
 * the true error, |S - reference|: where that error is large enough to
 * see (m = 1000, β = 1 with exact amplitudes: 1.8e-12; m = 1e5, β = 1e-5
 * approx: 2.3e-12, estimated 1.5e-12) their largest entries agree within a
 * factor 3; at the defaults both are round-off, below 1e-13.  (At m = 1e4,
 * β = 1e-3, the approx point used before all entries shared one set of
 * panels, the error is now 5e-14, at the reference's own level.) */
START_TEST(test_error_estimate_tracks_reference)
{
    static const char *const pts[] = {
        "mass=1000 beta=1 amplitudes=exact", "mass=1e5 beta=1e-5", NULL,
    };
    cr_params p;
    cr_map S, R;
    double e[4][4];
    char err[256] = "";
    tu_params(&p, pts[_i]);
    tu_map(&p, &S);
    cr_smap_workspace *w = cr_smap_alloc();
    ck_assert_ptr_nonnull(w);
    ck_assert_msg(cr_smap_error_estimate(w, &p, &S, e, err, sizeof err) == CR_OK, "%s", err);
    cr_smap_free(w);
    ck_assert_msg(cr_smap_reference(&p, 1e-14, 1e-12, &R, err, sizeof err) == CR_OK, "%s", err);
    double est = 0.0, actual = cr_map_max_diff(&S, &R);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            ck_assert(e[r][c] >= 0.0);
            est = fmax(est, e[r][c]);
        }
    const char *name = pts[_i] ? pts[_i] : "defaults";
    if (pts[_i] == NULL)
        ck_assert_msg(est < 1e-13 && actual < 1e-13, "[%s] estimate %.3g, actual %.3g",
                      name, est, actual);
    else
        ck_assert_msg(est <= 3.0 * actual && actual <= 3.0 * est,
                      "[%s] estimate %.3g vs actual error %.3g", name, est, actual);
}
END_TEST

/* Coherence generation S^{00}_{01} != 0 for finite Δx, and → 0 as Δx grows
 * (Eq. 23: the off-diagonal Gaussian exp(-Δx²(p-π)²/2)). */
START_TEST(test_coherence_generation_decays_with_dx)
{
    static const double dxs[] = { 1.0, 5.0, 20.0, 50.0, 200.0 };
    enum { N = sizeof dxs / sizeof dxs[0] };
    double mag[N];
    cr_params p;
    cr_map S;
    char set[64];
    for (int i = 0; i < N; i++) {
        snprintf(set, sizeof set, "dx=%g", dxs[i]);
        tu_params(&p, set);
        tu_map(&p, &S);
        mag[i] = cabs(entry(&S, 0, 1, 0, 0));
    }
    ck_assert_msg(mag[0] > 1e-3, "|S^{00}_{01}| at dx = 1 is %g: no coherence generated",
                  mag[0]);
    for (int i = 1; i < N; i++)
        ck_assert_msg(mag[i] < mag[i - 1], "|S^{00}_{01}| not decreasing: dx %g -> %g, %g -> %g",
                      dxs[i - 1], dxs[i], mag[i - 1], mag[i]);
    /* Order of magnitude (S9): |S(dx)|/|S(1)| ~ exp(-βmΔ²(dx²-1)/2), the
     * Gaussian at the peak p = √(m/β) of μ.  The true decay is slower: at
     * large Δx the high-momentum tail of μ, where p - π ≈ mΔ/p is small,
     * dominates (measured at the defaults: ratio 0.085 at dx = 50 against
     * the Gaussian's 0.011).  So compare within a factor 30 only up to
     * dx = 50, which still fails if the dx dependence were absent or of the
     * wrong sign, and require → 0 beyond. */
    cr_params_default(&p);
    double a = p.beta * p.mass * p.delta * p.delta / 2.0;
    for (int i = 1; i < N && dxs[i] <= 50.0; i++) {
        double gauss = exp(-a * (dxs[i] * dxs[i] - 1.0));
        double ratio = mag[i] / mag[0];
        ck_assert_msg(ratio < 30.0 * gauss && ratio > gauss / 30.0,
                      "dx = %g: |S|/|S(1)| = %g vs Gaussian S9 %g", dxs[i], ratio, gauss);
    }
    ck_assert_msg(mag[3] < 0.1 * mag[0], "|S^{00}_{01}| at dx = 50 is %g (dx = 1: %g)",
                  mag[3], mag[0]);
    ck_assert_msg(mag[4] < 1e-4 * mag[0], "|S^{00}_{01}| at dx = 200 is %g, not ~0 (dx = 1: %g)",
                  mag[4], mag[0]);
}
END_TEST

/* λ = 0: no interaction, so every collision is the identity map.  Only the
 * normalisation ∫μ = 1 - e^{-40} and round-off enter: 1e-12. */
START_TEST(test_map_without_interaction_is_identity)
{
    static const char *const pts[] = {
        "lambda=0", "lambda=0 beta=5 delta=3", "lambda=0 mass=10 dx=0.1",
    };
    cr_params p;
    cr_map S;
    tu_params(&p, pts[_i]);
    tu_map(&p, &S);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            char what[96];
            snprintf(what, sizeof what, "[%s] S.m[%d][%d]", pts[_i], r, c);
            TU_CCLOSE(S.m[r][c], r == c ? 1.0 : 0.0, 1e-12, what);
        }
}
END_TEST

/* Extreme but legal points for fast vs reference.  If one of these fails
 * the 1e-9 contract it is reported, never loosened here. */
static const char *const grid_points[] = {
    NULL,
    "beta=1e-3", "beta=0.01", "beta=1", "beta=5", "beta=20",
    "mass=1e-3", "mass=0.01", "mass=1", "mass=10", "mass=50",
    "dx=1e-2", "dx=0.1", "dx=5", "dx=20", "dx=200",
    "delta=1e-3", "delta=0.05", "delta=2", "delta=5", "delta=20",
    "lambda=0.1", "lambda=3",
    "length=0.2", "length=3", "length=5 x0=-10",
    "x0=-1", "x0=-100",
    "beta=20 mass=50",
    "beta=1e-3 mass=1e-3",
    "delta=20 lambda=3 length=5",
    "beta=1e-3 dx=20 x0=-100",
    /* Heavy particles (issue: physics at the edges), up to m = 1e5 and
     * down to β = 1e-5, and the paper's physical example as `colres
     * units` prints it: the old panel phase bound missed the |s|²
     * oscillation near threshold there by 2.4e-6 and 3.5e-7. */
    "mass=1e3 beta=1", "mass=1e4 beta=1e-3", "mass=1e5 beta=1e-3", "mass=1e5 beta=1e-5",
    "mass=1e4 beta=1e-5 dx=0.1", "mass=100 beta=1e-5",
    "mass=66086.139445683686 beta=4.3153856370495172e-05",
};
enum { N_GRID = sizeof grid_points / sizeof grid_points[0] };

/* The production map (fixed GL panels) against the adaptive reference at
 * epsabs 1e-13, epsrel 1e-12: agreement to 1e-9 absolute per entry is the
 * accuracy contract of cr_smap_compute. */
START_TEST(test_fast_map_matches_reference)
{
    cr_params p;
    cr_map fast, ref;
    char err[256];
    const char *name = grid_points[_i] ? grid_points[_i] : "defaults";
    tu_params(&p, grid_points[_i]);
    tu_map(&p, &fast);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &ref, err, sizeof err);
    ck_assert_msg(st == CR_OK, "[%s] reference: %s", name, err);
    double d = cr_map_max_diff(&fast, &ref);
    ck_assert_msg(d <= 1e-9, "[%s] fast vs reference: max |diff| = %.3g > 1e-9", name, d);
}
END_TEST

/* Quadrature convergence: the reference uses GSL QAGP with the amplitude
 * thresholds as breakpoints, so the jump at e_max never sits inside an
 * interval; tightening epsrel from 1e-9 to 1e-12 must then move no entry by
 * more than 1e-9. */
START_TEST(test_reference_quadrature_converges)
{
    static const char *const pts[] = { NULL, "beta=5 delta=5", "dx=20 x0=-100" };
    cr_params p;
    cr_map loose, tight;
    char err[256];
    tu_params(&p, pts[_i]);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &tight, err, sizeof err);
    ck_assert_msg(st == CR_OK, "tight reference: %s", err);
    st = cr_smap_reference(&p, 1e-13, 1e-9, &loose, err, sizeof err);
    ck_assert_msg(st == CR_OK, "loose reference: %s", err);
    double d = cr_map_max_diff(&loose, &tight);
    ck_assert_msg(d <= 1e-9, "[%s] reference at 1e-9 vs 1e-12: %.3g",
                  pts[_i] ? pts[_i] : "defaults", d);
}
END_TEST

/* Invalid parameters are refused by both evaluations, not integrated. */
/* A Δx row (cr_smap_dx_prepare once, cr_smap_dx_map per Δx) uses the
 * nodes of cr_smap_compute and differs from it by round-off only: 1e-12 on
 * every entry, approx and exact, at the defaults and at extremes; a map
 * computed in between leaves the row alone. */
START_TEST(test_dx_row_equals_map)
{
    static const char *const pts[] = {
        NULL, "amplitudes=exact", "mass=1000 beta=1 amplitudes=exact", "mass=1e5 beta=1e-5",
        "lambda=0", "delta=5 amplitudes=exact", "mass=0.01 beta=5", "length=3 amplitudes=exact",
    };
    static const double dxs[] = { 0.1, 0.7, 1.0, 3.0, 10.0 };
    cr_params p;
    char err[256] = "";
    tu_params(&p, pts[_i]);
    cr_smap_workspace *w = cr_smap_alloc(), *w2 = cr_smap_alloc();
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w2);
    ck_assert_msg(cr_smap_dx_prepare(w, &p, err, sizeof err) == CR_OK, "%s", err);
    for (size_t i = 0; i < sizeof dxs / sizeof dxs[0]; i++) {
        cr_params q = p;
        q.dx = dxs[i];
        cr_map S, R;
        ck_assert_msg(cr_smap_compute(w, &q, &S, err, sizeof err) == CR_OK, "%s", err);
        ck_assert_msg(cr_smap_dx_map(w, dxs[i], &R, err, sizeof err) == CR_OK, "%s", err);
        double d = cr_map_max_diff(&S, &R);
        ck_assert_msg(d <= 1e-12, "[%s] dx = %g: row vs map %.3g",
                      pts[_i] ? pts[_i] : "defaults", dxs[i], d);
    }
    /* No row prepared, or an invalid Δx: refused. */
    cr_map R;
    ck_assert_int_eq(cr_smap_dx_map(w2, 1.0, &R, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_smap_dx_map(w, -1.0, &R, err, sizeof err), CR_EINVAL);
    cr_smap_free(w2);
    cr_smap_free(w);
}
END_TEST

START_TEST(test_map_refuses_invalid_parameters)
{
    cr_params p;
    cr_map S;
    char err[256] = "";
    cr_smap_workspace *w = cr_smap_alloc();
    ck_assert_ptr_nonnull(w);
    cr_params_default(&p);
    p.x0 = 0.0; /* inside the scatterer */
    ck_assert_int_eq(cr_smap_compute(w, &p, &S, err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_smap_reference(&p, 1e-10, 1e-10, &S, err, sizeof err), CR_EINVAL);
    cr_params_default(&p);
    p.beta = NAN;
    ck_assert_int_eq(cr_smap_compute(w, &p, &S, err, sizeof err), CR_EINVAL);
    cr_smap_free(w);
    cr_smap_free(NULL);
}
END_TEST

/* The map's own sin, cos and exp (src/lib/special.h: two lanes, no libm)
 * against libm over every decade the nodes meet and beyond: within 2 ulp
 * (absolute for sin and cos, relative for exp and for sin of a small
 * argument), NaN and infinities as libm. */
static double lcg_uniform(unsigned long long *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) * 0x1p-53;
}

START_TEST(test_fast_sincos_exp_match_libm)
{
    const double ulp = 0x1p-52;
    unsigned long long st = 12345;
    if (!CR_VECTOR_MATH)
        return; /* the map uses libm itself */
    for (double range = 1e-9; range < 2e7; range *= 3.0) {
        double worst = 0.0, worst_rel = 0.0;
        for (int i = 0; i < 20000; i++) {
            cr_v2d x = { (2.0 * lcg_uniform(&st) - 1.0) * range,
                         (2.0 * lcg_uniform(&st) - 1.0) * range };
            cr_v2d s, c;
            if (!(fabs(x[0]) <= CR_SINCOS_MAX && fabs(x[1]) <= CR_SINCOS_MAX))
                continue; /* the callers give those to libm */
            cr_sincos2(x, &s, &c);
            for (int l = 0; l < 2; l++) {
                double ls, lc;
                sincos(x[l], &ls, &lc);
                worst = fmax(worst, fmax(fabs(s[l] - ls), fabs(c[l] - lc)));
                if (fabs(x[l]) < 0.78)
                    worst_rel = fmax(worst_rel, ls == 0.0 ? fabs(s[l]) : fabs(s[l] / ls - 1.0));
            }
        }
        ck_assert_msg(worst <= 2.0 * ulp && worst_rel <= 2.0 * ulp,
                      "sin/cos on |x| < %g: %.3g absolute, %.3g relative", range, worst,
                      worst_rel);
    }
    /* Multiples of π/2, where the reduction cancels. */
    for (int n = -700000; n <= 700000; n += 997) {
        cr_v2d x = { n * M_PI_2, (n + 1) * M_PI_2 }, s, c;
        cr_sincos2(x, &s, &c);
        for (int l = 0; l < 2; l++) {
            double ls, lc;
            sincos(x[l], &ls, &lc);
            ck_assert_msg(fabs(s[l] - ls) <= ulp && fabs(c[l] - lc) <= ulp, "sin/cos(%.17g)",
                          x[l]);
        }
    }
    for (double lo = -760.0; lo < 720.0; lo += 20.0) {
        double worst = 0.0;
        for (int i = 0; i < 5000; i++) {
            double x[CR_BATCH], y[CR_BATCH];
            for (int l = 0; l < CR_BATCH; l++)
                x[l] = lo + 20.0 * lcg_uniform(&st);
            cr_exp4(x, y);
            for (int l = 0; l < CR_BATCH; l++) {
                double e = exp(x[l]);
                worst = fmax(worst, e == y[l] ? 0.0 : fabs(y[l] / e - 1.0));
            }
        }
        ck_assert_msg(worst <= 2.0 * ulp, "exp on [%g, %g]: %.3g relative", lo, lo + 20.0, worst);
    }
    double x[CR_BATCH] = { NAN, INFINITY, -INFINITY, 0.0 }, y[CR_BATCH];
    cr_exp4(x, y);
    ck_assert(isnan(y[0]) && y[1] == INFINITY && y[2] == 0.0 && y[3] == 1.0);
    cr_v2d z = { 0.0, -0.0 }, s, c;
    cr_sincos2(z, &s, &c);
    ck_assert(s[0] == 0.0 && s[1] == 0.0 && c[0] == 1.0 && c[1] == 1.0);
}
END_TEST

static Suite *smap_suite(void)
{
    Suite *s = suite_create("smap");
    TCase *tc = tcase_create("values");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_map_matches_public_check_values);
    tcase_add_test(tc, test_reference_matches_public_check_values);
    tcase_add_test(tc, test_map_refuses_invalid_parameters);
    tcase_add_loop_test(tc, test_dx_row_equals_map, 0, 8);
    tcase_add_test(tc, test_fast_sincos_exp_match_libm);
    suite_add_tcase(s, tc);

    tc = tcase_create("identities");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_map_preserves_trace, 0, N_IDENTITY);
    tcase_add_loop_test(tc, test_reference_preserves_hermiticity, 0, N_IDENTITY);
    tcase_add_loop_test(tc, test_map_obeys_detailed_balance, 0, N_IDENTITY);
    tcase_add_loop_test(tc, test_detailed_balance_at_tiny_transfer, 0, N_TINY);
    tcase_add_loop_test(tc, test_transfer_matches_eq21, 0, N_EQ21);
    tcase_add_test(tc, test_coherence_generation_decays_with_dx);
    tcase_add_loop_test(tc, test_map_without_interaction_is_identity, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("accuracy");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_fast_map_matches_reference, 0, N_GRID);
    tcase_add_loop_test(tc, test_reference_quadrature_converges, 0, 3);
    tcase_add_loop_test(tc, test_error_estimate_tracks_reference, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(smap_suite());
}
