/* check_amplitudes.c — scattering amplitudes and the map
 * built from the exact ones. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "colres/amplitudes.h"
#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "testutil.h"

#include "../src/lib/special.h" /* private: cr_sinc, cr_tanhc */

/* Parameter points for the amplitude identities: the defaults, strong and
 * weak coupling, deep closed modes (large κL), tiny mass, a Δ so large that
 * channel 1 binds a state just below its threshold. */
static const char *const amp_points[] = {
    NULL,
    "lambda=3",
    "lambda=0.05",
    "mass=10 length=3",
    "mass=0.01",
    "delta=5",
    "delta=0.05",
};
enum { N_AMP_POINTS = sizeof amp_points / sizeof amp_points[0] };

static void sys_at(cr_system *sys, const char *settings)
{
    cr_params p;
    tu_params(&p, settings);
    cr_system_init(sys, &p);
}

/* Energies across every threshold: below e_0, between e_0 and e_1, near
 * each of e_0, e_1, w_0, w_1 (± 1e-6), above e_max, and far above. */
static int probe_energies(const cr_system *sys, double *E)
{
    int n = 0;
    double marks[4] = { sys->e[0], sys->e[1], sys->w[0], sys->w[1] };
    for (int i = 0; i < 4; i++) {
        E[n++] = marks[i] - 1e-6;
        E[n++] = marks[i] + 1e-6;
    }
    E[n++] = sys->e[0] - 1.0;
    E[n++] = 0.5 * (sys->e[0] + sys->e[1]);
    E[n++] = sys->e_max + 0.1;
    E[n++] = sys->e_max + 3.0;
    E[n++] = 50.0 + sys->e_max;
    return n;
}

static int is_open(const cr_system *sys, double E, int j)
{
    return E > sys->e[j];
}

/* Unitarity of the open-channel S-matrix.  f(x) = f(-x) and parity does not
 * touch the qubit, so a wave from the right scatters as the mirror image of
 * one from the left: the full matrix over (left, right) × open channels is
 * [[s⁺, s⁻], [s⁻, s⁺]].  Tolerance 1e-12: a 2×2 solve of O(1) numbers loses
 * a few ulps, far below 1e-12, while any wrong sign or missing flux factor
 * breaks unitarity at O(1). */
START_TEST(test_exact_open_smatrix_is_unitary)
{
    for (int pt = 0; pt < N_AMP_POINTS; pt++) {
        cr_system sys;
        sys_at(&sys, amp_points[pt]);
        double E[16];
        int ne = probe_energies(&sys, E);
        for (int i = 0; i < ne; i++) {
            double complex sp[2][2], sm[2][2];
            int st = cr_amp_exact(&sys, E[i], sp, sm);
            ck_assert_msg(st == CR_OK, "%s E=%g: status %d",
                          amp_points[pt] ? amp_points[pt] : "defaults", E[i], st);
            int ch[2], no = 0;
            for (int j = 0; j < 2; j++)
                if (is_open(&sys, E[i], j))
                    ch[no++] = j;
            double complex S[4][4];
            for (int a = 0; a < no; a++)
                for (int b = 0; b < no; b++) {
                    S[a][b] = S[a + no][b + no] = sp[ch[a]][ch[b]];
                    S[a + no][b] = S[a][b + no] = sm[ch[a]][ch[b]];
                }
            for (int a = 0; a < 2 * no; a++)
                for (int b = 0; b < 2 * no; b++) {
                    double complex g = 0.0;
                    for (int c = 0; c < 2 * no; c++)
                        g += conj(S[c][a]) * S[c][b];
                    char what[128];
                    snprintf(what, sizeof what, "%s E=%.9g (S†S)[%d][%d]",
                             amp_points[pt] ? amp_points[pt] : "defaults", E[i], a, b);
                    TU_CCLOSE(g, a == b ? 1.0 : 0.0, 1e-12, what);
                }
        }
    }
}
END_TEST

/* Entries with a closed channel are 0; nothing is open
 * below e_0.  Exact zeros: they are assigned, not computed. */
START_TEST(test_exact_closed_channels_are_zero)
{
    cr_system sys;
    sys_at(&sys, NULL);
    double complex sp[2][2], sm[2][2];
    ck_assert_int_eq(cr_amp_exact(&sys, sys.e[0] - 0.5, sp, sm), CR_OK);
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            ck_assert(sp[a][b] == 0.0 && sm[a][b] == 0.0);
    ck_assert_int_eq(cr_amp_exact(&sys, 0.5 * (sys.e[0] + sys.e[1]), sp, sm), CR_OK);
    for (int a = 0; a < 2; a++) {
        ck_assert(sp[1][a] == 0.0 && sp[a][1] == 0.0);
        ck_assert(sm[1][a] == 0.0 && sm[a][1] == 0.0);
    }
    /* One open channel: all flux in channel 0, to round-off. */
    TU_CLOSE(cabs(sp[0][0]) * cabs(sp[0][0]) + cabs(sm[0][0]) * cabs(sm[0][0]),
             1.0, 1e-12, "one-channel flux");
}
END_TEST

/* Micro-reversibility (time reversal): |s_01| = |s_10| for both s⁺ and s⁻
 * wherever both channels are open.  Tolerance 1e-12 as for unitarity. */
START_TEST(test_exact_micro_reversibility)
{
    for (int pt = 0; pt < N_AMP_POINTS; pt++) {
        cr_system sys;
        sys_at(&sys, amp_points[pt]);
        double E[16];
        int ne = probe_energies(&sys, E);
        for (int i = 0; i < ne; i++) {
            if (!is_open(&sys, E[i], 1))
                continue;
            double complex sp[2][2], sm[2][2];
            ck_assert_int_eq(cr_amp_exact(&sys, E[i], sp, sm), CR_OK);
            TU_CLOSE(cabs(sp[0][1]), cabs(sp[1][0]), 1e-12, "|s+01| vs |s+10|");
            TU_CLOSE(cabs(sm[0][1]), cabs(sm[1][0]), 1e-12, "|s-01| vs |s-10|");
        }
    }
}
END_TEST

/* An independent solution: plane waves e^{±iq_n x} inside, match ψ and ψ'
 * at x = -L/2 and x = +L/2 directly (8 unknowns: r_0, r_1, t_0, t_1, a_0,
 * a_1, b_0, b_1), solved by GSL complex LU.  The interior waves are anchored
 * at the edge where each is 1, so closed modes stay bounded. */
static void direct_matching(const cr_system *sys, double E, int j,
                            double complex t[2], double complex r[2])
{
    double m2 = 2.0 * sys->mass, h = 0.5 * sys->length, L = sys->length;
    double complex k[2], q[2];
    for (int c = 0; c < 2; c++) {
        k[c] = csqrt(m2 * (E - sys->e[c]) + 0.0 * I);
        q[c] = csqrt(m2 * (E - sys->w[c]) + 0.0 * I);
    }
    double complex A[8][8] = { { 0 } }, b[8] = { 0 };
    for (int c = 0; c < 2; c++) {
        double complex ek = cexp(I * k[c] * h);
        /* rows: ψ_c(-L/2), ψ'_c(-L/2), ψ_c(L/2), ψ'_c(L/2) */
        int r0 = 4 * c;
        A[r0][c] = ek;
        A[r0 + 1][c] = -I * k[c] * ek;
        A[r0 + 2][2 + c] = ek;
        A[r0 + 3][2 + c] = I * k[c] * ek;
        for (int n = 0; n < 2; n++) {
            double complex ph = sys->phi[n][c], eq = cexp(I * q[n] * L);
            A[r0][4 + n] = -ph;
            A[r0][6 + n] = -ph * eq;
            A[r0 + 1][4 + n] = -ph * I * q[n];
            A[r0 + 1][6 + n] = ph * I * q[n] * eq;
            A[r0 + 2][4 + n] = -ph * eq;
            A[r0 + 2][6 + n] = -ph;
            A[r0 + 3][4 + n] = -ph * I * q[n] * eq;
            A[r0 + 3][6 + n] = ph * I * q[n];
        }
        if (c == j) {
            double complex ein = cexp(-I * k[c] * h);
            b[r0] = -ein;
            b[r0 + 1] = -I * k[c] * ein;
        }
    }
    gsl_matrix_complex_view Av = gsl_matrix_complex_view_array((double *)A, 8, 8);
    gsl_vector_complex_view bv = gsl_vector_complex_view_array((double *)b, 8);
    double complex x[8];
    gsl_vector_complex_view xv = gsl_vector_complex_view_array((double *)x, 8);
    gsl_permutation *perm = gsl_permutation_alloc(8);
    ck_assert(perm != NULL);
    int sign;
    ck_assert_int_eq(gsl_linalg_complex_LU_decomp(&Av.matrix, perm, &sign), GSL_SUCCESS);
    ck_assert_int_eq(gsl_linalg_complex_LU_solve(&Av.matrix, perm, &bv.vector, &xv.vector),
                     GSL_SUCCESS);
    gsl_permutation_free(perm);
    for (int c = 0; c < 2; c++) {
        r[c] = x[c];
        t[c] = x[2 + c];
    }
}

/* The parity-split solver agrees with direct matching.  Energies avoid
 * q_n = 0, where the plane-wave basis of the direct method degenerates.
 * Tolerance 1e-10: the 8×8 system has condition numbers up to ~1e4 here. */
START_TEST(test_exact_agrees_with_direct_matching)
{
    for (int pt = 0; pt < N_AMP_POINTS; pt++) {
        cr_system sys;
        sys_at(&sys, amp_points[pt]);
        double Es[] = { 0.5 * (sys.e[0] + sys.e[1]), sys.e[1] + 0.05,
                        sys.e_max + 0.2, sys.e_max + 4.0, 30.0 };
        for (size_t i = 0; i < sizeof Es / sizeof Es[0]; i++) {
            double E = Es[i];
            double complex sp[2][2], sm[2][2];
            ck_assert_int_eq(cr_amp_exact(&sys, E, sp, sm), CR_OK);
            for (int j = 0; j < 2; j++) {
                if (!is_open(&sys, E, j))
                    continue;
                double complex t[2], r[2];
                direct_matching(&sys, E, j, t, r);
                for (int jp = 0; jp < 2; jp++) {
                    if (!is_open(&sys, E, jp))
                        continue;
                    double flux = sqrt(sqrt(E - sys.e[jp]) / sqrt(E - sys.e[j]));
                    char what[128];
                    snprintf(what, sizeof what, "%s E=%g s+[%d][%d]",
                             amp_points[pt] ? amp_points[pt] : "defaults", E, jp, j);
                    TU_CCLOSE(sp[jp][j], flux * t[jp], 1e-10, what);
                    snprintf(what, sizeof what, "%s E=%g s-[%d][%d]",
                             amp_points[pt] ? amp_points[pt] : "defaults", E, jp, j);
                    TU_CCLOSE(sm[jp][j], flux * r[jp], 1e-10, what);
                }
            }
        }
    }
}
END_TEST

/* λ = 0: no potential, the wave passes unchanged.  In the centred-phase
 * convention s⁺ = identity on open channels and s⁻ = 0 (1e-12: round-off). */
START_TEST(test_exact_without_coupling_is_identity)
{
    cr_system sys;
    sys_at(&sys, "lambda=0");
    double Es[] = { 0.0, sys.e[1] + 1e-6, 0.7, 3.0, 400.0 };
    for (size_t i = 0; i < sizeof Es / sizeof Es[0]; i++) {
        double complex sp[2][2], sm[2][2];
        ck_assert_int_eq(cr_amp_exact(&sys, Es[i], sp, sm), CR_OK);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double want = (a == b && is_open(&sys, Es[i], a)) ? 1.0 : 0.0;
                TU_CCLOSE(sp[a][b], want, 1e-12, "lambda=0 s+");
                TU_CCLOSE(sm[a][b], 0.0, 1e-12, "lambda=0 s-");
            }
    }
}
END_TEST

static double max_diff2(const double complex a[2][2], const double complex b[2][2])
{
    double m = 0.0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            m = fmax(m, cabs(a[i][j] - b[i][j]));
    return m;
}

/* s⁺ → the approx amplitudes (Eq. S1) and s⁻ → 0 as E → ∞.  Per decade of
 * E the difference to Eq. S1 must shrink at least tenfold (it is O(1/E²)
 * when the phase conventions agree, O(1) when they do not), and |s⁻| must
 * stay below the first Born bound m‖V‖L/k (‖V‖ = √2 λ), which → 0. */
START_TEST(test_exact_tends_to_approx_at_high_energy)
{
    for (int pt = 0; pt < N_AMP_POINTS; pt++) {
        cr_params p;
        tu_params(&p, amp_points[pt]);
        cr_system sys;
        cr_system_init(&sys, &p);
        double prev = HUGE_VAL;
        for (double E = 10.0; E <= 1e4 * 1.0001; E *= 10.0) {
            double complex sp[2][2], sm[2][2], sa[2][2], zero[2][2] = { { 0 } };
            ck_assert_int_eq(cr_amp_exact(&sys, E + sys.e_max, sp, sm), CR_OK);
            cr_amp_approx(&sys, E + sys.e_max, sa);
            double d = max_diff2(sp, sa), refl = max_diff2(sm, zero);
            double k = sqrt(2.0 * p.mass * (E + sys.e_max - sys.e[1]));
            double born = p.mass * sqrt(2.0) * p.lambda * p.length / k;
            ck_assert_msg(d <= 0.1 * prev || d < 1e-13,
                          "%s E=%g: |s+ - approx| = %.3g, previous decade %.3g",
                          amp_points[pt] ? amp_points[pt] : "defaults", E, d, prev);
            ck_assert_msg(refl <= born + 1e-15, "%s E=%g: |s-| = %.3g > Born %.3g",
                          amp_points[pt] ? amp_points[pt] : "defaults", E, refl, born);
            prev = d;
        }
        ck_assert_msg(prev < 1e-5, "|s+ - approx| at E=1e4: %.3g", prev);
    }
}
END_TEST

/* Eq. S1's amplitudes: unitary for E >= e_max (1e-12, round-off of a 2×2
 * matrix exponential), identity below (exact). */
START_TEST(test_approx_unitary_above_emax_identity_below)
{
    for (int pt = 0; pt < N_AMP_POINTS; pt++) {
        cr_system sys;
        sys_at(&sys, amp_points[pt]);
        double complex s[2][2];
        cr_amp_approx(&sys, sys.e_max - 1e-6, s);
        ck_assert(s[0][0] == 1.0 && s[1][1] == 1.0 && s[0][1] == 0.0 && s[1][0] == 0.0);
        double Es[] = { sys.e_max, sys.e_max + 1e-6, sys.e_max + 0.5, 20.0, 1e4 };
        for (size_t i = 0; i < sizeof Es / sizeof Es[0]; i++) {
            cr_amp_approx(&sys, Es[i], s);
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++) {
                    double complex g = conj(s[0][a]) * s[0][b] + conj(s[1][a]) * s[1][b];
                    TU_CCLOSE(g, a == b ? 1.0 : 0.0, 1e-12, "approx S†S");
                }
        }
    }
}
END_TEST

/* ---- the map with exact amplitudes ---- */

static void exact_params(cr_params *p, const char *settings)
{
    tu_params(p, settings);
    p->amplitudes = CR_AMP_EXACT;
}

/* Parameter points for the exact-amplitude map, from the defaults to the
 * extremes: small and large masses, short L, large Δ, and β = 50 (where
 * QAGP gives up and the reference integrates per segment). */
static const char *const map_points[] = {
    NULL, "beta=5", "mass=10", "lambda=0", "lambda=3", "length=3", "dx=5",
    "mass=0.01", "length=0.5", "delta=5", "mass=0.001", "beta=50", "delta=50",
    "mass=100", "mass=1000 beta=1",
};
enum { N_MAP_POINTS = sizeof map_points / sizeof map_points[0] };

/* Trace preservation Σ_j' S^{jk}_{j'j'} = δ_jk and detailed balance
 * e^{-βe_j} S^{jj}_{j'j'} = e^{-βe_j'} S^{j'j'}_{jj} (Eq. 2), 1e-9: the
 * quadrature contract of the map. */
static void check_identities(const cr_map *S, const cr_params *p, const char *what)
{
    char msg[160];
    for (int j = 0; j < 2; j++)
        for (int k = 0; k < 2; k++) {
            double complex tr = S->m[CR_VEC(0, 0)][CR_VEC(j, k)]
                              + S->m[CR_VEC(1, 1)][CR_VEC(j, k)];
            snprintf(msg, sizeof msg, "%s trace column %d%d", what, j, k);
            TU_CCLOSE(tr, j == k ? 1.0 : 0.0, 1e-9, msg);
        }
    double e0 = -0.5 * p->delta, e1 = 0.5 * p->delta;
    snprintf(msg, sizeof msg, "%s detailed balance", what);
    TU_CLOSE(exp(-p->beta * e0) * creal(S->m[CR_VEC(1, 1)][CR_VEC(0, 0)]),
             exp(-p->beta * e1) * creal(S->m[CR_VEC(0, 0)][CR_VEC(1, 1)]), 1e-9, msg);
}

START_TEST(test_exact_map_preserves_trace_and_detailed_balance)
{
    cr_params p;
    cr_map S;
    exact_params(&p, map_points[_i]);
    tu_map(&p, &S);
    check_identities(&S, &p, "fast");
}
END_TEST

START_TEST(test_exact_reference_preserves_trace_and_detailed_balance)
{
    cr_params p;
    cr_map S;
    char err[256];
    exact_params(&p, map_points[_i]);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &S, err, sizeof err);
    ck_assert_msg(st == CR_OK, "reference: %s", err);
    check_identities(&S, &p, "reference");
}
END_TEST

/* The fast map agrees with the adaptive reference to its 1e-9 contract
 * (smap.h).  Exact amplitudes vary fast just above and below each channel
 * threshold (near-threshold quasi-bound states), so this fails if smap's
 * panels touching a threshold are not refined enough. */
START_TEST(test_exact_map_matches_reference)
{
    cr_params p;
    cr_map S, R;
    char err[256];
    exact_params(&p, map_points[_i]);
    tu_map(&p, &S);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &R, err, sizeof err);
    ck_assert_msg(st == CR_OK, "reference: %s", err);
    double d = cr_map_max_diff(&S, &R);
    ck_assert_msg(d <= 1e-9, "%s: fast vs reference %.3g",
                  map_points[_i] ? map_points[_i] : "defaults", d);
}
END_TEST

/* Check values: exact amplitudes at Γ = 5 give ρ00 ≈ 0.53514 and
 * |ρ01| ≈ 0.1088, stated to 5 and 4 digits: |Δρ00| < 1e-5, |Δ|ρ01|| < 1e-4.
 * Checked with both the fast and the reference map. */
START_TEST(test_exact_steady_state_matches_public_values)
{
    cr_params p;
    cr_map S[2];
    char err[256];
    exact_params(&p, NULL);
    tu_map(&p, &S[0]);
    int st = cr_smap_reference(&p, 1e-13, 1e-12, &S[1], err, sizeof err);
    ck_assert_msg(st == CR_OK, "reference: %s", err);
    for (int i = 0; i < 2; i++) {
        cr_state ss;
        st = cr_steady_state(&S[i], 5.0, p.delta, &ss, err, sizeof err);
        ck_assert_msg(st == CR_OK, "steady state: %s", err);
        TU_CLOSE(creal(ss.v[0]), 0.53514, 1e-5, i ? "reference rho00" : "fast rho00");
        TU_CLOSE(cabs(ss.v[1]), 0.1088, 1e-4, i ? "reference |rho01|" : "fast |rho01|");
    }
}
END_TEST

/* The engine's sin(y)/y and tanh(y)/y on both sides of their series
 * switch at |y| = 1e-4, against long-double sinl/tanhl divided out: the
 * series' dropped term is < 1e-17 there and sin(y)/y rounds to 1 ulp, so
 * relative 4e-16 (two ulps) would catch a wrong series coefficient, which
 * errs by ~y²/6 ≈ 1e-9 at the switch. */
START_TEST(test_sinc_and_tanhc_match_long_double)
{
    static const double ys[] = { 0.0, 1e-9, 3e-5, 9.99e-5, 1e-4, 1.01e-4, 2e-4,
                                 0.1, 1.0, 3.0, 20.0 };
    for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++)
        for (int sign = -1; sign <= 1; sign += 2) {
            double y = sign * ys[i];
            long double ly = y;
            double want_s = y == 0.0 ? 1.0 : (double)(sinl(ly) / ly);
            double want_t = y == 0.0 ? 1.0 : (double)(tanhl(ly) / ly);
            char what[64];
            snprintf(what, sizeof what, "sinc(%g)", y);
            TU_CLOSE(cr_sinc(y), want_s, 4e-16 * fabs(want_s) + 1e-300, what);
            snprintf(what, sizeof what, "tanhc(%g)", y);
            TU_CLOSE(cr_tanhc(y), want_t, 4e-16 * fabs(want_t) + 1e-300, what);
        }
}
END_TEST

/* The paper's physical example (what `colres units` prints), exact
 * amplitudes: it used to fail ("quadrature of S^{00}_{00} failed") on a
 * panel cap hit because exact panels were limited to width ~1.5 whatever
 * the reflection.  The adaptive reference gives up there (GSL roundoff),
 * so check what can be checked independently: trace preservation (1e-9,
 * the map's contract), detailed balance (two transfers integrated over
 * different momenta: relative 1e-10, as the reflection's e^{2iqL}
 * modulation beyond REFLECT_RANGE is left unresolved in smap.c, which
 * moves entries by ~1e-11; measured 1.9e-11), and closeness to the approx map:
 * the thermal energy 1/β = 2.3e4 is 1e4 times the potential, where exact
 * tends to approx with corrections O(V/E) ~ 1e-4 (measured 3.7e-5), while
 * a wrong quadrature of either would differ at O(1e-2) or fail. */
START_TEST(test_exact_map_at_physical_example)
{
    cr_params p, q;
    cr_map S, A;
    static const char *const phys = "mass=66086.139445683686 beta=4.3153856370495172e-05 gamma=0.6";
    exact_params(&p, phys);
    tu_map(&p, &S);
    tu_params(&q, phys);
    tu_map(&q, &A);
    check_identities(&S, &p, "physical example");
    double up = creal(S.m[CR_VEC(1, 1)][CR_VEC(0, 0)]), down = creal(S.m[CR_VEC(0, 0)][CR_VEC(1, 1)]);
    ck_assert_msg(fabs(up * exp(p.beta * p.delta) / down - 1.0) <= 1e-10,
                  "detailed balance: %.17g vs %.17g", up * exp(p.beta * p.delta), down);
    double d = cr_map_max_diff(&S, &A);
    ck_assert_msg(d <= 1e-4 && d > 0.0, "exact vs approx at the physical example: %.3g", d);
    cr_state ss;
    char err[256];
    ck_assert_msg(cr_steady_state(&S, p.gamma, p.delta, &ss, err, sizeof err) == CR_OK, "%s", err);
    ck_assert(cabs(ss.v[1]) > 0.0 && creal(ss.v[0]) > 0.0 && creal(ss.v[3]) > 0.0);
}
END_TEST

/* cr_amp_exact_above takes E as its distances to the thresholds, exact
 * where E itself would round: 1e-20 above e_1 = 0.3 is not representable
 * as an energy.  Just above the threshold of channel 1 the flux factor
 * gives s_{10} ∝ √k_1 ∝ (E - e_1)^{1/4}, so quadrupling the distance
 * multiplies |s_{10}| by √2; the next correction is O(k_1 L) ~ 1e-10 at
 * 1e-20 and 1e-9 at 1e-18, so relative 1e-8.  And unitarity of the open
 * block holds there (2e-15, as in the unitarity test above). */
START_TEST(test_exact_above_threshold_scaling)
{
    cr_params p;
    cr_system sys;
    tu_params(&p, NULL);
    cr_system_init(&sys, &p);
    double complex sp[2][2], sm[2][2];
    double mag[2];
    static const double deltas[2] = { 1e-20, 4e-20 };
    for (int i = 0; i < 2; i++) {
        double d = deltas[i];
        double above_e[2] = { (sys.e[1] - sys.e[0]) + d, d };
        double above_w[2] = { (sys.e[1] - sys.w[0]) + d, (sys.e[1] - sys.w[1]) + d };
        ck_assert_int_eq(cr_amp_exact_above(&sys, above_e, above_w, sp, sm), CR_OK);
        mag[i] = cabs(sp[1][0]);
        ck_assert_msg(mag[i] > 0.0, "s_10 is 0 at %g above the threshold", d);
        for (int j = 0; j < 2; j++) {
            double norm = 0.0;
            for (int jp = 0; jp < 2; jp++)
                norm += creal(sp[jp][j] * conj(sp[jp][j]) + sm[jp][j] * conj(sm[jp][j]));
            TU_CLOSE(norm, 1.0, 2e-15, "open column norm just above threshold");
        }
    }
    TU_CLOSE(mag[1] / mag[0], sqrt(2.0), 1e-8 * sqrt(2.0), "|s10| ratio for 4x the distance");
    /* Through E the same point rounds onto the threshold: channel closed. */
    ck_assert_int_eq(cr_amp_exact(&sys, sys.e[1] + 1e-20, sp, sm), CR_OK);
    ck_assert(sp[1][0] == 0.0);
}
END_TEST

static Suite *amplitudes_suite(void)
{
    Suite *s = suite_create("amplitudes");
    TCase *tc = tcase_create("amplitudes");
    tcase_set_timeout(tc, 120); /* the exact physical-example map takes ~4 s */
    tcase_add_test(tc, test_exact_open_smatrix_is_unitary);
    tcase_add_test(tc, test_sinc_and_tanhc_match_long_double);
    tcase_add_test(tc, test_exact_map_at_physical_example);
    tcase_add_test(tc, test_exact_above_threshold_scaling);
    tcase_add_test(tc, test_exact_closed_channels_are_zero);
    tcase_add_test(tc, test_exact_micro_reversibility);
    tcase_add_test(tc, test_exact_agrees_with_direct_matching);
    tcase_add_test(tc, test_exact_without_coupling_is_identity);
    tcase_add_test(tc, test_exact_tends_to_approx_at_high_energy);
    tcase_add_test(tc, test_approx_unitary_above_emax_identity_below);
    suite_add_tcase(s, tc);
    TCase *tm = tcase_create("exact map");
    tcase_add_loop_test(tm, test_exact_map_preserves_trace_and_detailed_balance,
                        0, N_MAP_POINTS);
    tcase_add_loop_test(tm, test_exact_reference_preserves_trace_and_detailed_balance,
                        0, N_MAP_POINTS);
    tcase_add_loop_test(tm, test_exact_map_matches_reference, 0, N_MAP_POINTS);
    tcase_add_test(tm, test_exact_steady_state_matches_public_values);
    suite_add_tcase(s, tm);
    return s;
}

int main(void)
{
    return tu_run(amplitudes_suite());
}
