/* check_dynamics.c — steady state, mean evolution, estimates, distances. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_vector.h>

#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "testutil.h"

/* The map at the paper's defaults, computed once per test process. */
static cr_map default_map(void)
{
    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    return S;
}

static cr_state steady(const cr_map *S, double gamma, double delta)
{
    cr_state s;
    char err[256] = "";
    int st = cr_steady_state(S, gamma, delta, &s, err, sizeof err);
    ck_assert_msg(st == CR_OK, "steady state at gamma %g: %s", gamma, err);
    return s;
}

/* The check values, given to 10 decimals: 1e-9 absolute. */
START_TEST(test_steady_state_matches_public_values)
{
    cr_map S = default_map();
    cr_state s = steady(&S, 0.01, 0.6);
    TU_CLOSE(creal(s.v[0]), 0.5150544060, 1e-9, "rho00 at gamma 0.01");
    /* |ρ01| is given to 8 significant digits: relative 1e-6. */
    double a = cabs(s.v[1]);
    ck_assert_msg(fabs(a - 5.6282183e-5) <= 1e-6 * 5.6282183e-5,
                  "|rho01| at gamma 0.01: %.10g vs 5.6282183e-5", a);
    s = steady(&S, 5.0, 0.6);
    TU_CLOSE(creal(s.v[0]), 0.5323022102, 1e-9, "rho00 at gamma 5");
    TU_CCLOSE(s.v[1], -0.0564211833 - 0.0125384066 * I, 1e-9, "rho01 at gamma 5");
    cr_state th;
    cr_thermal_state(0.1, 0.6, &th);
    TU_CLOSE(creal(th.v[0]), 0.5149955016, 1e-9, "thermal rho00");
    TU_CLOSE(creal(th.v[3]), 1.0 - 0.5149955016, 1e-9, "thermal rho11");
    ck_assert(th.v[1] == 0.0 && th.v[2] == 0.0);
    /* Far from the defaults the thermal state stays finite and exact. */
    cr_thermal_state(50.0, 40.0, &th);
    ck_assert(creal(th.v[0]) == 1.0 && creal(th.v[3]) >= 0.0 && creal(th.v[3]) < 1e-300);
}
END_TEST

/* Eq. 9 / S2: ℒρ = 0 with Tr ρ = 1 and ρ Hermitian.  ‖ℒ‖ <= 2Γ + Δ, so
 * round-off in the residual is ~1e-15·‖ℒ‖: 1e-12. */
START_TEST(test_steady_state_is_null_vector_of_liouvillian)
{
    static const double gammas[] = { 1e-4, 0.01, 0.6, 5.0, 100.0 };
    cr_map S = default_map();
    for (int g = 0; g < 5; g++) {
        cr_state s = steady(&S, gammas[g], 0.6);
        double complex L[4][4];
        cr_dynamics_liouvillian(&S, gammas[g], 0.6, L);
        for (int r = 0; r < 4; r++) {
            double complex acc = 0.0;
            for (int c = 0; c < 4; c++)
                acc += L[r][c] * s.v[c];
            char what[64];
            snprintf(what, sizeof what, "(L rho)[%d] at gamma %g", r, gammas[g]);
            TU_CCLOSE(acc, 0.0, 1e-12, what);
        }
        TU_CCLOSE(s.v[0] + s.v[3], 1.0, 1e-12, "trace");
        TU_CCLOSE(s.v[2], conj(s.v[1]), 1e-12, "rho10 = conj rho01");
        TU_CLOSE(cimag(s.v[0]), 0.0, 1e-12, "Im rho00");
    }
}
END_TEST

/* The Liouvillian is built as documented: -i diag(Δ_jk) + Γ(S - I), the
 * population diagonals as minus the transfer.  Entry by entry to 1e-15
 * (one multiplication by Γ = 2); the population diagonals also equal
 * Γ(S^{jj}_{jj} - 1) to 2Γ·1e-14, the trace preservation of the map
 * (measured 3.6e-15), so the two forms are the same ℒ. */
START_TEST(test_liouvillian_layout)
{
    cr_map S = default_map();
    double complex L[4][4];
    cr_dynamics_liouvillian(&S, 2.0, 0.6, L);
    static const double bohr[4] = { 0.0, -0.6, 0.6, 0.0 }; /* e_j - e_k */
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            double complex want = 2.0 * (S.m[r][c] - (r == c)) - (r == c ? I * bohr[r] : 0.0);
            if (r == c && (r == CR_VEC(0, 0) || r == CR_VEC(1, 1))) {
                TU_CCLOSE(L[r][c], want, 4e-14, "Liouvillian population diagonal vs S - 1");
                want = -2.0 * S.m[CR_VEC(1, 1) - r][r];
            }
            TU_CCLOSE(L[r][c], want, 1e-15, "Liouvillian entry");
        }
}
END_TEST

/* Tiny transfer (issue: detailed balance at tiny transfer).  At β = 3,
 * Δ = 10 the thermal ρ11 is 9.36e-14 and S^{00}_{11} ~ 1.5e-16; at Γ =
 * 1e-9 the steady state is thermal up to O(Γ/Δ) = 1e-10 relative, so ρ11
 * must match the thermal value to relative 1e-8 (measured 1.5e-10).  A
 * transfer taken as 1 - S^{00}_{00} gave 6.74e-14 (28 % low).  At λ = 1e-6
 * (transfer 3e-14) the steady state at Γ = 1e-6 equals the first-order
 * estimate of Eq. 14-15, which is built from the transfers alone, to
 * 1e-12 absolute (second order: Γ² / (Δ·transfer/λ²)-type terms ~ 1e-12
 * at most; measured below 1e-15), and ρ00 - thermal is below 1e-8. */
START_TEST(test_steady_state_at_tiny_transfer)
{
    cr_params p;
    cr_map S;
    cr_state ss, th, fo;
    char err[256] = "";
    tu_params(&p, "beta=3 delta=10 lambda=3 gamma=1e-9");
    tu_map(&p, &S);
    ss = steady(&S, p.gamma, p.delta);
    cr_thermal_state(p.beta, p.delta, &th);
    ck_assert_msg(fabs(creal(ss.v[3]) / creal(th.v[3]) - 1.0) <= 1e-8,
                  "rho11 %.10g vs thermal %.10g", creal(ss.v[3]), creal(th.v[3]));
    tu_params(&p, "lambda=1e-6 gamma=1e-6");
    tu_map(&p, &S);
    ss = steady(&S, p.gamma, p.delta);
    cr_thermal_state(p.beta, p.delta, &th);
    ck_assert_int_eq(cr_first_order(&S, p.gamma, p.beta, p.delta, &fo, err, sizeof err), CR_OK);
    TU_CLOSE(creal(ss.v[0]), creal(fo.v[0]), 1e-12, "rho00 vs first order at lambda 1e-6");
    TU_CLOSE(creal(ss.v[0]), creal(th.v[0]), 1e-8, "rho00 vs thermal at lambda 1e-6");
}
END_TEST

/* Γ → 0 thermalises, with a distance linear in Γ (Eq. 14: the correction
 * is first order).  Ratios of successive decades 10 ± 10% (measured
 * 10.01 and 10.0001). */
START_TEST(test_small_gamma_tends_to_thermal)
{
    cr_map S = default_map();
    cr_state th;
    cr_thermal_state(0.1, 0.6, &th);
    double d[3];
    static const double gammas[3] = { 1e-2, 1e-3, 1e-4 };
    for (int i = 0; i < 3; i++) {
        cr_state s = steady(&S, gammas[i], 0.6);
        d[i] = cr_trace_distance(&s, &th);
    }
    for (int i = 1; i < 3; i++) {
        double ratio = d[i - 1] / d[i];
        ck_assert_msg(ratio > 9.0 && ratio < 11.0,
                      "distance to thermal: %g at gamma %g, %g at gamma %g (ratio %g)",
                      d[i - 1], gammas[i - 1], d[i], gammas[i], ratio);
    }
}
END_TEST

/* Eq. 14–15: a first-order estimate has a relative error O(Γ/Γ*), Γ* the
 * smallest rate of the problem.  For ρ01 that is Δ: Γ/Δ ≈ 2e-3 at
 * Γ = 1e-3, so relative 1e-3 (measured 3.7e-4).  The population correction
 * is driven by ρ01^{(1)} through a population transfer of rate
 * Γ(S^{00}_{11} + S^{11}_{00}) ≈ 0.033Γ, so the a-priori bound is
 * Γ/(0.033Δ) ≈ 5e-3 at Γ = 1e-4: relative 1e-2 (measured 4e-6).  Either
 * would be O(1) wrong if Eq. 14 or 15 were mis-implemented. */
START_TEST(test_steady_matches_first_order_at_small_gamma)
{
    cr_map S = default_map();
    char err[256] = "";
    cr_state fo, th;
    cr_state s = steady(&S, 1e-3, 0.6);
    ck_assert_msg(cr_first_order(&S, 1e-3, 0.1, 0.6, &fo, err, sizeof err) == CR_OK, "%s", err);
    double rel = cabs(s.v[1] - fo.v[1]) / cabs(s.v[1]);
    ck_assert_msg(rel < 1e-3, "rho01: steady %g%+gi, first order %g%+gi, rel %g",
                  creal(s.v[1]), cimag(s.v[1]), creal(fo.v[1]), cimag(fo.v[1]), rel);
    TU_CCLOSE(fo.v[2], conj(fo.v[1]), 1e-15, "first order rho10");
    TU_CCLOSE(fo.v[0] + fo.v[3], 1.0, 1e-15, "first order trace");

    cr_thermal_state(0.1, 0.6, &th);
    s = steady(&S, 1e-4, 0.6);
    ck_assert_msg(cr_first_order(&S, 1e-4, 0.1, 0.6, &fo, err, sizeof err) == CR_OK, "%s", err);
    double exact = creal(s.v[0] - th.v[0]), approx = creal(fo.v[0] - th.v[0]);
    ck_assert_msg(fabs(exact) > 1e-12, "population correction vanishes: %g", exact);
    ck_assert_msg(fabs(approx - exact) < 1e-2 * fabs(exact),
                  "population correction: steady %g, first order %g", exact, approx);
}
END_TEST

/* ---- mean evolution against an independent ODE integration ---- */

typedef struct ode_ctx {
    double complex L[4][4];
} ode_ctx;

/* y = (Re v0, Im v0, ..., Re v3, Im v3); dy/dt = ℒ v. */
static int ode_rhs(double t, const double y[], double dydt[], void *arg)
{
    (void)t;
    const ode_ctx *c = arg;
    for (int r = 0; r < 4; r++) {
        double complex acc = 0.0;
        for (int k = 0; k < 4; k++)
            acc += c->L[r][k] * (y[2 * k] + I * y[2 * k + 1]);
        dydt[2 * r] = creal(acc);
        dydt[2 * r + 1] = cimag(acc);
    }
    return GSL_SUCCESS;
}

/* rk8pd at 1e-13 absolute/relative gives ~1e-12; compare to 1e-8. */
START_TEST(test_evolve_matches_ode_integration)
{
    static const double gammas[] = { 5.0, 0.5, 0.02 };
    static const double times[] = { 0.1, 0.7, 2.0, 10.0, 40.0 };
    cr_map S = default_map();
    double gamma = gammas[_i];
    ode_ctx ctx;
    cr_dynamics_liouvillian(&S, gamma, 0.6, ctx.L);
    gsl_odeiv2_system sys = { ode_rhs, NULL, 8, &ctx };
    gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd,
                                                           1e-3, 1e-13, 1e-13);
    ck_assert_ptr_nonnull(drv);
    /* A generic start with coherence, not only |1><1|. */
    cr_state rho0 = { { 0.3, 0.2 - 0.35 * I, 0.2 + 0.35 * I, 0.7 } };
    double y[8], t = 0.0;
    for (int k = 0; k < 4; k++) {
        y[2 * k] = creal(rho0.v[k]);
        y[2 * k + 1] = cimag(rho0.v[k]);
    }
    for (int i = 0; i < 5; i++) {
        int st = gsl_odeiv2_driver_apply(drv, &t, times[i], y);
        ck_assert_msg(st == GSL_SUCCESS, "ODE failed: %s", gsl_strerror(st));
        cr_state out;
        char err[256] = "";
        ck_assert_msg(cr_dynamics_evolve(&S, gamma, 0.6, times[i], &rho0, &out, err, sizeof err)
                      == CR_OK, "%s", err);
        for (int k = 0; k < 4; k++) {
            char what[80];
            snprintf(what, sizeof what, "gamma %g t %g entry %d", gamma, times[i], k);
            TU_CCLOSE(out.v[k], y[2 * k] + I * y[2 * k + 1], 1e-8, what);
        }
    }
    gsl_odeiv2_driver_free(drv);
}
END_TEST

/* e^{ℒ·0} = I exactly up to round-off; e^{ℒt} → steady state when t is
 * many relaxation times (rate ≈ Γ·(S^{00}_{11}+S^{11}_{00}) ≈ 0.16 at
 * Γ = 5: t = 2000 leaves e^{-300}). */
START_TEST(test_evolve_limits)
{
    cr_map S = default_map();
    cr_state rho0, out;
    char err[256] = "";
    cr_excited_state(&rho0);
    ck_assert(rho0.v[3] == 1.0 && rho0.v[0] == 0.0 && rho0.v[1] == 0.0);
    cr_state mixed = { { 0.4, 0.1 + 0.2 * I, 0.1 - 0.2 * I, 0.6 } };
    ck_assert_int_eq(cr_dynamics_evolve(&S, 5.0, 0.6, 0.0, &mixed, &out, err, sizeof err), CR_OK);
    ck_assert_msg(cr_state_max_diff(&out, &mixed) <= 1e-15, "t = 0 is not the identity: %g",
                  cr_state_max_diff(&out, &mixed));
    static const double gammas[] = { 5.0, 0.05 };
    static const double tmax[] = { 2000.0, 2e5 };
    for (int g = 0; g < 2; g++) {
        cr_state ss = steady(&S, gammas[g], 0.6);
        ck_assert_int_eq(cr_dynamics_evolve(&S, gammas[g], 0.6, tmax[g], &rho0, &out, err, sizeof err),
                         CR_OK);
        /* 1e-10: the matrix exponential of a large argument loses a few
         * digits to scaling and squaring. */
        ck_assert_msg(cr_state_max_diff(&out, &ss) <= 1e-10,
                      "gamma %g: e^{Lt} rho0 at t = %g differs from steady by %g",
                      gammas[g], tmax[g], cr_state_max_diff(&out, &ss));
    }
}
END_TEST

/* ½ Σ |eigenvalues of a - b|, from GSL's Hermitian eigensolver. */
static double trace_distance_by_definition(const cr_state *a, const cr_state *b)
{
    gsl_matrix_complex *m = gsl_matrix_complex_alloc(2, 2);
    gsl_vector *ev = gsl_vector_alloc(2);
    gsl_eigen_herm_workspace *w = gsl_eigen_herm_alloc(2);
    for (int k = 0; k < 4; k++) {
        double complex d = a->v[k] - b->v[k];
        gsl_matrix_complex_set(m, (size_t)(k / 2), (size_t)(k % 2),
                               gsl_complex_rect(creal(d), cimag(d)));
    }
    ck_assert_int_eq(gsl_eigen_herm(m, ev, w), GSL_SUCCESS);
    double r = 0.5 * (fabs(gsl_vector_get(ev, 0)) + fabs(gsl_vector_get(ev, 1)));
    gsl_eigen_herm_free(w);
    gsl_vector_free(ev);
    gsl_matrix_complex_free(m);
    return r;
}

/* Pure state cos(θ/2)|0> + e^{iφ} sin(θ/2)|1>. */
static cr_state pure(double theta, double phi)
{
    double complex a = cos(theta / 2.0), b = cexp(I * phi) * sin(theta / 2.0);
    cr_state s = { { a * conj(a), a * conj(b), b * conj(a), b * conj(b) } };
    return s;
}

START_TEST(test_trace_distance_known_values)
{
    cr_state zero = { { 1, 0, 0, 0 } }, one = { { 0, 0, 0, 1 } };
    TU_CLOSE(cr_trace_distance(&zero, &one), 1.0, 1e-15, "|0><0| vs |1><1|");
    TU_CLOSE(cr_trace_distance(&zero, &zero), 0.0, 0.0, "identical");
    /* Pure states: D = √(1 - |<ψ|φ>|²).  |+> vs |0>: 1/√2. */
    cr_state plus = pure(M_PI / 2.0, 0.0), plus_i = pure(M_PI / 2.0, M_PI / 2.0);
    TU_CLOSE(cr_trace_distance(&plus, &zero), sqrt(0.5), 1e-15, "|+> vs |0>");
    /* |+> vs |+i>: overlap |(1 + i)/2|² = 1/2, so again 1/√2. */
    TU_CLOSE(cr_trace_distance(&plus, &plus_i), sqrt(0.5), 1e-15, "|+> vs |+i>");
    cr_state minus = pure(M_PI / 2.0, M_PI);
    TU_CLOSE(cr_trace_distance(&plus, &minus), 1.0, 1e-15, "|+> vs |->");
    /* Mixed and generic states against the eigenvalue definition. */
    cr_state samples[] = {
        pure(0.3, 1.1), pure(2.0, -0.4), pure(1.0, 2.5),
        { { 0.7, 0.1 - 0.2 * I, 0.1 + 0.2 * I, 0.3 } },
        { { 0.5, 0, 0, 0.5 } },
        { { 0.2, 0.05 * I, -0.05 * I, 0.8 } },
    };
    int n = (int)(sizeof samples / sizeof samples[0]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double want = trace_distance_by_definition(&samples[i], &samples[j]);
            TU_CLOSE(cr_trace_distance(&samples[i], &samples[j]), want, 1e-14,
                     "trace distance vs eigenvalues");
        }
}
END_TEST

/* Eq. 24 / S10 evaluated by hand at two points. */
START_TEST(test_rough_estimate_formula)
{
    cr_params p;
    cr_params_default(&p);
    /* s² Γ/ω e^{-βmΔx²ω²/2} = 1e-4 · 5/0.6 · e^{-0.1·0.1·1·0.36/2}
     * = 8.333333e-4 · e^{-0.0018} = 8.3183467e-4. */
    TU_CLOSE(cr_rough_estimate(&p), 8.33333333333e-4 * 0.99820161903, 1e-14, "defaults");
    tu_params(&p, "rough_s=0.02 gamma=2 delta=1.5 beta=0.3 mass=2 dx=0.7");
    /* 4e-4 · 2/1.5 · e^{-0.3·2·0.49·2.25/2} = 5.3333333e-4 · e^{-0.33075}
     * = 5.3333333e-4 · 0.71838474278 = 3.8313853e-4. */
    TU_CLOSE(cr_rough_estimate(&p), 5.33333333333e-4 * 0.71838474278, 1e-14, "second point");
}
END_TEST

/* Eq. 4: with full dephasing after each collision, ρ ← D S ρ converges to
 * the thermal state.  Rate per step ≈ S^{00}_{11} + S^{11}_{00} ≈ 0.032, so
 * 2000 steps leave e^{-64}; the map's accuracy (1e-9 per entry, divided by
 * that rate) bounds what is left: 1e-9 is met with a wide margin at the
 * defaults (detailed balance holds to ~1e-15 there). */
START_TEST(test_dephased_chain_thermalises)
{
    static const char *const pts[] = { NULL, "beta=1 delta=1.3", "dx=5 mass=0.5" };
    cr_params p;
    cr_map S;
    tu_params(&p, pts[_i]);
    tu_map(&p, &S);
    cr_state rho, th;
    cr_excited_state(&rho);
    for (int n = 0; n < 2000; n++) {
        cr_state next;
        for (int r = 0; r < 4; r++) {
            next.v[r] = 0.0;
            for (int c = 0; c < 4; c++)
                next.v[r] += S.m[r][c] * rho.v[c];
        }
        next.v[1] = next.v[2] = 0.0; /* D */
        rho = next;
    }
    cr_thermal_state(p.beta, p.delta, &th);
    ck_assert_msg(cr_state_max_diff(&rho, &th) <= 1e-9, "[%s] D S chain vs thermal: %g",
                  pts[_i] ? pts[_i] : "defaults", cr_state_max_diff(&rho, &th));
}
END_TEST

/* Eq. 4: with dephasing the steady state is the thermal state at every Γ,
 * small or large.  The populations of D·S obey detailed balance to the
 * map's accuracy (~1e-15 at these points, see above), so 1e-12 leaves
 * room for the 4×4 solve's rounding; without D the same points miss the
 * thermal state by up to 2e-2 (Γ = 100), so the test is not vacuous. */
START_TEST(test_dephased_steady_state_is_thermal_at_every_gamma)
{
    static const char *const pts[] = { NULL, "beta=1 delta=1.3", "dx=5 mass=0.5" };
    static const double gammas[] = { 1e-2, 1.0, 5.0, 100.0 };
    cr_params p;
    cr_map S, DS;
    tu_params(&p, pts[_i]);
    tu_map(&p, &S);
    cr_map_dephased(&S, &DS);
    cr_state th;
    cr_thermal_state(p.beta, p.delta, &th);
    for (size_t k = 0; k < sizeof gammas / sizeof gammas[0]; k++) {
        cr_state ss, plain;
        char err[256] = "";
        ck_assert_msg(cr_steady_state(&DS, gammas[k], p.delta, &ss, err, sizeof err) == CR_OK,
                      "%s", err);
        ck_assert_msg(cr_state_max_diff(&ss, &th) <= 1e-12, "[%s] gamma %g: D.S steady vs "
                      "thermal %.3g", pts[_i] ? pts[_i] : "defaults", gammas[k],
                      cr_state_max_diff(&ss, &th));
        if (_i == 0 && gammas[k] == 100.0) {
            ck_assert(cr_steady_state(&S, gammas[k], p.delta, &plain, err, sizeof err) == CR_OK);
            ck_assert_msg(cr_state_max_diff(&plain, &th) > 1e-3, "without D: %g",
                          cr_state_max_diff(&plain, &th));
        }
    }
}
END_TEST

/* D·S has the coherence rows of S zeroed and every other row intact. */
START_TEST(test_dephased_map_zeroes_coherence_rows_only)
{
    cr_params p;
    cr_map S, DS;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    cr_map_dephased(&S, &DS);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            int coherence_row = r == CR_VEC(0, 1) || r == CR_VEC(1, 0);
            ck_assert(DS.m[r][c] == (coherence_row ? 0.0 : S.m[r][c]));
        }
    /* S itself creates coherence from populations (the point of the paper). */
    ck_assert(cabs(S.m[CR_VEC(0, 1)][CR_VEC(0, 0)]) > 1e-3);
}
END_TEST

/* The real form of a Hermiticity-preserving map acts like the map. */
START_TEST(test_real_form_round_trip)
{
    cr_map S = default_map();
    double R[4][4], x[4], y[4];
    cr_state rho = { { 0.35, 0.1 + 0.3 * I, 0.1 - 0.3 * I, 0.65 } }, direct, via;
    cr_real_form(S.m, R);
    cr_state_to_real(&rho, x);
    for (int r = 0; r < 4; r++) {
        y[r] = 0.0;
        direct.v[r] = 0.0;
        for (int c = 0; c < 4; c++) {
            y[r] += R[r][c] * x[c];
            direct.v[r] += S.m[r][c] * rho.v[c];
        }
    }
    cr_state_from_real(y, &via);
    ck_assert_msg(cr_state_max_diff(&via, &direct) <= 1e-14, "real form: %g",
                  cr_state_max_diff(&via, &direct));
}
END_TEST

/* Without population transfer (λ = 0: S = I; or approx amplitudes with all
 * the flux below e_max, here β = 500, where the transfer e^{-β e_max}
 * underflows) every diagonal state is steady: the
 * solver must say so instead of returning one of them.  At the defaults
 * the transfer is 0.033 and the solve succeeds. */
START_TEST(test_steady_state_refuses_degenerate_map)
{
    static const char *const degenerate[] = { "lambda=0", "beta=500" };
    cr_params p;
    cr_map S;
    cr_state ss;
    char err[256] = "";
    for (int i = 0; i < 2; i++) {
        tu_params(&p, degenerate[i]);
        tu_map(&p, &S);
        ck_assert_msg(cr_steady_state(&S, p.gamma, p.delta, &ss, err, sizeof err) == CR_ENUMERIC,
                      "%s: degenerate steady state not reported", degenerate[i]);
        ck_assert_msg(strstr(err, "not unique") != NULL, "message: %s", err);
    }
    tu_params(&p, NULL);
    tu_map(&p, &S);
    ck_assert_int_eq(cr_steady_state(&S, p.gamma, p.delta, &ss, err, sizeof err), CR_OK);
}
END_TEST

static Suite *dynamics_suite(void)
{
    Suite *s = suite_create("dynamics");
    TCase *tc = tcase_create("steady");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_steady_state_matches_public_values);
    tcase_add_test(tc, test_steady_state_at_tiny_transfer);
    tcase_add_test(tc, test_steady_state_is_null_vector_of_liouvillian);
    tcase_add_test(tc, test_steady_state_refuses_degenerate_map);
    tcase_add_test(tc, test_liouvillian_layout);
    tcase_add_test(tc, test_small_gamma_tends_to_thermal);
    tcase_add_test(tc, test_steady_matches_first_order_at_small_gamma);
    tcase_add_loop_test(tc, test_dephased_chain_thermalises, 0, 3);
    tcase_add_loop_test(tc, test_dephased_steady_state_is_thermal_at_every_gamma, 0, 3);
    tcase_add_test(tc, test_dephased_map_zeroes_coherence_rows_only);
    suite_add_tcase(s, tc);

    tc = tcase_create("evolution");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_evolve_matches_ode_integration, 0, 3);
    tcase_add_test(tc, test_evolve_limits);
    tcase_add_test(tc, test_real_form_round_trip);
    suite_add_tcase(s, tc);

    tc = tcase_create("measures");
    tcase_add_test(tc, test_trace_distance_known_values);
    tcase_add_test(tc, test_rough_estimate_formula);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(dynamics_suite());
}
