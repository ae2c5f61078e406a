/* check_ndynamics.c — the N-level master equation and trajectories:
 * the general algorithms against the qubit code at N = 2, and the
 * physics (Eq. 4, 9, 14, 15) on synthetic N = 3, 4 maps. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"
#include "lib/ndynamics_general.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

/* The qubit map as an N = 2 map: the layouts agree entry for entry
 * (the tests' own conversion; the library's lives with the N-level map). */
static void nmap_of_qubit(const cr_map *S, cr_nmap *out)
{
    memset(out, 0, sizeof *out);
    out->n = 2;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            out->m[4 * r + c] = S->m[r][c];
}

static cr_nstate nstate_of_qubit(const cr_state *s)
{
    cr_nstate out;
    cr_nstate_from_qubit(s, &out);
    return out;
}

/* Largest |difference| of a qubit state and an N = 2 state. */
static double qubit_diff(const cr_state *q, const cr_nstate *s)
{
    cr_nstate a = nstate_of_qubit(q);
    return cr_nstate_max_diff_general(&a, s);
}

static int same_bytes(const cr_state *q, const cr_nstate *s)
{
    return s->n == 2 && memcmp(q->v, s->v, sizeof q->v) == 0;
}

static const double energies3[3] = { -0.5, 0.1, 0.9 };
static const double energies4[4] = { -0.9, -0.3, 0.4, 1.3 };
#define BETA 1.0

static const double *energies(int n)
{
    return n == 3 ? energies3 : energies4;
}

/*
 * A synthetic collision map for N levels, built to be what the paper's
 * maps are: trace and Hermiticity preserving, completely positive (its
 * Choi matrix is checked positive below), detailed balanced for every
 * pair of levels, and creating coherences from populations and feeding
 * coherences back into populations (so the steady state is not thermal):
 *  - transfers S^{jj}_{j'j'} = ε a_{jj'} e^{-β(E_j' - E_j)/2}, a symmetric,
 *    so e^{-βE_j} S^{jj}_{j'j'} is symmetric in j, j' (Eq. 2);
 *  - S^{jj}_{jj} = 1 - Σ_{j'≠j} S^{jj}_{j'j'} (trace);
 *  - S^{jk}_{jk} = η e^{iθ_jk}, partial memory of each coherence;
 *  - S^{jj}_{jk}, S^{kk}_{jk}: coherences created from populations,
 *    bounded by the geometric mean of the Choi diagonal they couple;
 *  - S^{jk}_{jj} = -S^{jk}_{kk}: coherences into populations, trace free;
 *  - every S^{kj}_{..} the conjugate of S^{jk}_{..} (Hermiticity).
 */
static void synthetic_map(int n, const double *e, cr_nmap *S)
{
    const double eps = 0.05, eta = 0.15, zeta = 0.2, xi = 0.2;
    memset(S, 0, sizeof *S);
    S->n = n;
    for (int j = 0; j < n; j++) {
        double loss = 0.0;
        for (int jp = 0; jp < n; jp++) {
            if (jp == j)
                continue;
            double a = 0.5 + 0.2 * ((j + jp) % 3);
            double t = eps * a * exp(-BETA * (e[jp] - e[j]) / 2.0);
            CR_NMAP_AT(S, jp, jp, j, j) = t;
            loss += t;
        }
        CR_NMAP_AT(S, j, j, j, j) = 1.0 - loss;
    }
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            double tkj = creal(CR_NMAP_AT(S, k, k, j, j));   /* j → k */
            double tjk = creal(CR_NMAP_AT(S, j, j, k, k));   /* k → j */
            double complex keep = eta * cexp(I * 0.3 * (j + 2 * k));
            double complex from_j = zeta * sqrt(tkj) * cexp(I * (0.7 + j - k));
            double complex from_k = zeta * sqrt(tjk) * cexp(I * (1.9 + 0.5 * k));
            double complex back = xi * sqrt(fmin(tjk, tkj)) * cexp(I * (0.4 + j + k));
            CR_NMAP_AT(S, j, k, j, k) = keep;
            CR_NMAP_AT(S, k, j, k, j) = conj(keep);
            CR_NMAP_AT(S, j, k, j, j) = from_j;
            CR_NMAP_AT(S, k, j, j, j) = conj(from_j);
            CR_NMAP_AT(S, j, k, k, k) = from_k;
            CR_NMAP_AT(S, k, j, k, k) = conj(from_k);
            CR_NMAP_AT(S, j, j, j, k) = back;
            CR_NMAP_AT(S, k, k, j, k) = -back;
            CR_NMAP_AT(S, j, j, k, j) = conj(back);
            CR_NMAP_AT(S, k, k, k, j) = -conj(back);
        }
}

/* Smallest eigenvalue of the Choi matrix J[(j'j),(k'k)] = S^{jk}_{j'k'}. */
static double choi_min_eigenvalue(const cr_nmap *S)
{
    int n = S->n, n2 = n * n;
    gsl_matrix_complex *J = gsl_matrix_complex_alloc((size_t)n2, (size_t)n2);
    gsl_vector *w = gsl_vector_alloc((size_t)n2);
    gsl_eigen_herm_workspace *ws = gsl_eigen_herm_alloc((size_t)n2);
    ck_assert(J != NULL && w != NULL && ws != NULL);
    for (int jp = 0; jp < n; jp++)
        for (int j = 0; j < n; j++)
            for (int kp = 0; kp < n; kp++)
                for (int k = 0; k < n; k++) {
                    double complex v = CR_NMAP_AT(S, jp, kp, j, k);
                    gsl_matrix_complex_set(J, (size_t)(jp * n + j), (size_t)(kp * n + k),
                                           gsl_complex_rect(creal(v), cimag(v)));
                }
    ck_assert(gsl_eigen_herm(J, w, ws) == 0);
    double m = gsl_vector_min(w);
    gsl_eigen_herm_free(ws);
    gsl_vector_free(w);
    gsl_matrix_complex_free(J);
    return m;
}

static cr_nstate nsteady(const cr_nmap *S, double gamma, const double *e)
{
    cr_nstate s;
    char err[256] = "";
    int st = cr_nsteady_state(S, gamma, e, &s, err, sizeof err);
    ck_assert_msg(st == CR_OK, "steady state (N = %d, gamma %g): %s", S->n, gamma, err);
    return s;
}

static cr_nstate nevolve(const cr_nmap *S, double gamma, const double *e, double t,
                         const cr_nstate *rho0)
{
    cr_nstate s;
    char err[256] = "";
    int st = cr_nevolve(S, gamma, e, t, rho0, &s, err, sizeof err);
    ck_assert_msg(st == CR_OK, "evolve (N = %d, t %g): %s", S->n, t, err);
    return s;
}

static cr_nstate nthermal(int n, const double *e)
{
    cr_nstate s;
    cr_nthermal_state(n, e, BETA, &s);
    return s;
}

static double complex ntrace(const cr_nstate *s)
{
    double complex acc = 0.0;
    for (int j = 0; j < s->n; j++)
        acc += s->v[CR_NVEC(s->n, j, j)];
    return acc;
}

/* Largest |ρ_jk - conj ρ_kj|. */
static double hermiticity_defect(const cr_nstate *s)
{
    double m = 0.0;
    for (int j = 0; j < s->n; j++)
        for (int k = 0; k < s->n; k++)
            m = fmax(m, cabs(s->v[CR_NVEC(s->n, j, k)] - conj(s->v[CR_NVEC(s->n, k, j)])));
    return m;
}

/* Worst errors seen, printed at the end for the record. */
static double worst_qubit = 0.0, worst_fo_rel = 0.0, worst_traj_se = 0.0;
static double worst_thermal = 0.0, worst_residual = 0.0, worst_trace = 0.0;
static double worst_fixed = 0.0, worst_late = 0.0, worst_dephased = 0.0;

/* The qubit map at the paper's defaults and a few other points. */
static const char *const qubit_points[] = {
    NULL,
    "beta=3 delta=1.5 dx=0.5",
    "lambda=3 mass=5 dx=2",
    "amplitudes=exact beta=0.5",
};
#define N_QUBIT_POINTS 4

/* ---- N = 2: the general algorithms are the qubit's --------------------- */

/* Both paths compute the same formulas from the same map, in a different
 * order of operations on 4×4 (real form 4×4 too); the qubit steady state
 * is O(1) and the condition of the real-form ℒ at the smallest Γ here is
 * ~1e3, so round-off stays below 1e-12. */
START_TEST(test_general_equals_qubit_at_two_levels)
{
    static const double gammas[] = { 1e-3, 0.01, 1.0, 5.0 };
    static const double times[] = { 0.0, 0.3, 2.0, 20.0, 200.0 };
    for (int pt = 0; pt < N_QUBIT_POINTS; pt++) {
        cr_params p;
        cr_map Sq;
        cr_nmap S;
        tu_params(&p, qubit_points[pt]);
        tu_map(&p, &Sq);
        nmap_of_qubit(&Sq, &S);
        double e[CR_NMAX];
        cr_params_energies(&p, e);
        double delta = p.delta;
        char err[256] = "";
        for (int g = 0; g < 4; g++) {
            double gamma = gammas[g];
            cr_state q;
            cr_nstate s, pub;
            ck_assert(cr_steady_state(&Sq, gamma, delta, &q, err, sizeof err) == CR_OK);
            ck_assert_msg(cr_nsteady_state_general(&S, gamma, e, &s, err, sizeof err) == CR_OK,
                          "%s", err);
            worst_qubit = fmax(worst_qubit, qubit_diff(&q, &s));
            ck_assert_msg(qubit_diff(&q, &s) <= 1e-12, "steady state at %s gamma %g: %.3g",
                          qubit_points[pt] ? qubit_points[pt] : "defaults", gamma,
                          qubit_diff(&q, &s));
            pub = nsteady(&S, gamma, e);
            ck_assert_msg(same_bytes(&q, &pub), "public steady state is not the qubit's");

            ck_assert(cr_first_order(&Sq, gamma, p.beta, delta, &q, err, sizeof err) == CR_OK);
            ck_assert_msg(cr_nfirst_order_general(&S, gamma, p.beta, e, &s, err, sizeof err)
                          == CR_OK, "%s", err);
            worst_qubit = fmax(worst_qubit, qubit_diff(&q, &s));
            ck_assert_msg(qubit_diff(&q, &s) <= 1e-12, "first order: %.3g", qubit_diff(&q, &s));
            ck_assert(cr_nfirst_order(&S, gamma, p.beta, e, &pub, err, sizeof err) == CR_OK);
            ck_assert(same_bytes(&q, &pub));

            for (int init = 0; init < 2; init++) {
                cr_state q0;
                const char *name = init == 0 ? "excited" : "plus";
                ck_assert(cr_state_initial(name, p.beta, delta, &q0, err, sizeof err) == CR_OK);
                cr_nstate s0 = nstate_of_qubit(&q0);
                for (int ti = 0; ti < 5; ti++) {
                    double t = times[ti] / gamma;
                    ck_assert(cr_dynamics_evolve(&Sq, gamma, delta, t, &q0, &q, err,
                                                 sizeof err) == CR_OK);
                    ck_assert_msg(cr_nevolve_general(&S, gamma, e, t, &s0, &s, err,
                                                     sizeof err) == CR_OK, "%s", err);
                    worst_qubit = fmax(worst_qubit, qubit_diff(&q, &s));
                    ck_assert_msg(qubit_diff(&q, &s) <= 1e-12, "evolve %s t %g: %.3g", name,
                                  t, qubit_diff(&q, &s));
                    pub = nevolve(&S, gamma, e, t, &s0);
                    ck_assert(same_bytes(&q, &pub));
                }
            }
        }
        /* Thermal state and the trace distance to the steady state. */
        cr_state qth, qss;
        cr_nstate th, ss;
        cr_thermal_state(p.beta, delta, &qth);
        cr_nthermal_state_general(2, e, p.beta, &th);
        worst_qubit = fmax(worst_qubit, qubit_diff(&qth, &th));
        ck_assert(qubit_diff(&qth, &th) <= 1e-12);
        cr_nthermal_state(2, e, p.beta, &th);
        ck_assert(same_bytes(&qth, &th));
        ck_assert(cr_steady_state(&Sq, 5.0, delta, &qss, err, sizeof err) == CR_OK);
        ss = nstate_of_qubit(&qss);
        double dq = cr_trace_distance(&qss, &qth);
        double dg = cr_ntrace_distance_general(&ss, &th);
        worst_qubit = fmax(worst_qubit, fabs(dq - dg));
        TU_CLOSE(dg, dq, 1e-12, "trace distance, general vs qubit");
        ck_assert(cr_ntrace_distance(&ss, &th) == dq);
        ck_assert(cr_nstate_max_diff(&ss, &th) == cr_state_max_diff(&qss, &qth));
        /* The dephased map and the Liouvillian, entry for entry. */
        cr_map Dq;
        cr_nmap D, Dg;
        cr_map_dephased(&Sq, &Dq);
        cr_nmap_dephased(&S, &D);
        cr_nmap_dephased_general(&S, &Dg);
        double complex L4[4][4], L[16], Lg[16];
        cr_dynamics_liouvillian(&Sq, 0.7, delta, L4);
        cr_nliouvillian(&S, 0.7, e, L);
        cr_nliouvillian_general(&S, 0.7, e, Lg);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) {
                ck_assert(D.m[4 * r + c] == Dq.m[r][c] && Dg.m[4 * r + c] == Dq.m[r][c]);
                ck_assert(L[4 * r + c] == L4[r][c]);
                ck_assert(cabs(Lg[4 * r + c] - L4[r][c]) <= 1e-15);
            }
    }
}
END_TEST

/* Named states through either header are the same bytes; the general
 * ones equal them exactly (no arithmetic) or to round-off (thermal). */
START_TEST(test_named_states_match_qubit)
{
    static const char *const names[] = { "ground", "excited", "thermal", "plus" };
    double e[2] = { -0.3, 0.3 };
    char err[256];
    for (int i = 0; i < 4; i++) {
        cr_state q;
        cr_nstate s, g;
        ck_assert(cr_state_initial(names[i], 2.0, 0.6, &q, err, sizeof err) == CR_OK);
        ck_assert(cr_nstate_initial(names[i], 2, e, 2.0, &s, err, sizeof err) == CR_OK);
        ck_assert_msg(same_bytes(&q, &s), "%s", names[i]);
        ck_assert(cr_nstate_initial_general(names[i], 2, e, 2.0, &g, err, sizeof err) == CR_OK);
        ck_assert_msg(qubit_diff(&q, &g) <= 1e-15, "%s general", names[i]);
    }
    cr_nstate s;
    ck_assert(cr_nstate_initial("bogus", 3, energies3, 1.0, &s, err, sizeof err) == CR_EINVAL);
    ck_assert_msg(strstr(err, "ground, excited, thermal, plus") != NULL, "%s", err);
    ck_assert(cr_nstate_initial("bogus", 2, e, 1.0, &s, err, sizeof err) == CR_EINVAL);
    ck_assert(cr_nstate_initial("ground", 9, energies3, 1.0, &s, err, sizeof err) == CR_EINVAL);
    /* The top level is "excited"; the plus state has 1/N everywhere. */
    ck_assert(cr_nstate_initial("excited", 4, energies4, 1.0, &s, err, sizeof err) == CR_OK);
    ck_assert(s.n == 4 && s.v[CR_NVEC(4, 3, 3)] == 1.0 && ntrace(&s) == 1.0);
    ck_assert(cr_nstate_initial("plus", 3, energies3, 1.0, &s, err, sizeof err) == CR_OK);
    for (int i = 0; i < 9; i++)
        TU_CLOSE(creal(s.v[i]), 1.0 / 3.0, 1e-16, "plus entry");
    /* Thermal at a huge β: exactly the ground state, no overflow. */
    cr_nthermal_state(4, energies4, 1e5, &s);
    ck_assert(creal(s.v[0]) == 1.0);
    for (int j = 1; j < 4; j++)
        ck_assert(creal(s.v[CR_NVEC(4, j, j)]) == 0.0);
    cr_nthermal_state(3, energies3, -1e5, &s);   /* and the other way round */
    ck_assert(isfinite(creal(s.v[0])) && creal(s.v[CR_NVEC(3, 2, 2)]) > 0.0);
}
END_TEST

/* The same seed gives the same random numbers and, through the qubit
 * path, the same states bit for bit; the general path does the same
 * arithmetic in another order (and fixes the trace on the largest
 * population, not ρ11): 1e-12 after 400 contractive collisions. */
START_TEST(test_ntraj_two_levels_is_the_qubit_trajectory)
{
    cr_params p;
    cr_map Sq;
    cr_nmap S;
    tu_params(&p, "gamma=0.5");
    tu_map(&p, &Sq);
    nmap_of_qubit(&Sq, &S);
    double e[CR_NMAX];
    cr_params_energies(&p, e);
    for (int deph = 0; deph < 2; deph++) {
        cr_traj *q = cr_traj_alloc(7);
        cr_ntraj *t = cr_ntraj_alloc(7);
        cr_ntraj *g = cr_ntraj_alloc(7);
        ck_assert(q != NULL && t != NULL && g != NULL);
        cr_ntraj_use_general(g, 1);
        cr_state q0;
        char err[256];
        ck_assert(cr_state_initial("plus", p.beta, p.delta, &q0, err, sizeof err) == CR_OK);
        cr_nstate s0 = nstate_of_qubit(&q0);
        cr_traj_reset_to(q, 99, &q0);
        cr_ntraj_reset_to(t, 99, &s0);
        cr_ntraj_reset_to(g, 99, &s0);
        cr_traj_set_map(q, &Sq, p.gamma, p.delta);
        cr_ntraj_set_map(t, &S, p.gamma, e);
        cr_ntraj_set_map(g, &S, p.gamma, e);
        cr_traj_set_dephase(q, deph);
        cr_ntraj_set_dephase(t, deph);
        cr_ntraj_set_dephase(g, deph);
        for (int block = 0; block < 8; block++) {
            cr_traj_step(q, 50);
            cr_ntraj_step(t, 50);
            cr_ntraj_step(g, 50);
            cr_state qs;
            cr_nstate ts, gs;
            cr_traj_state(q, &qs);
            cr_ntraj_state(t, &ts);
            cr_ntraj_state(g, &gs);
            ck_assert(same_bytes(&qs, &ts));
            ck_assert(cr_ntraj_time(t) == cr_traj_time(q));
            ck_assert(cr_ntraj_count(t) == cr_traj_count(q));
            worst_qubit = fmax(worst_qubit, qubit_diff(&qs, &gs));
            ck_assert_msg(qubit_diff(&qs, &gs) <= 1e-12, "general trajectory: %.3g",
                          qubit_diff(&qs, &gs));
            TU_CLOSE(cr_ntraj_time(g), cr_traj_time(q), 1e-12 * cr_traj_time(q), "time");
            ck_assert(cr_ntraj_count(g) == cr_traj_count(q));
        }
        ck_assert(cr_ntraj_max_trace_drift(g) <= 1e-12);
        cr_traj_free(q);
        cr_ntraj_free(t);
        cr_ntraj_free(g);
    }
    cr_ntraj_free(NULL);
}
END_TEST

/* ---- the synthetic maps -------------------------------------------------- */

/* The maps are exact by construction: identities to round-off (1e-15),
 * complete positivity with a margin (Choi eigenvalues >= 1e-3; measured
 * 0.014 at N = 3, 0.006 at N = 4), and a coherence created. */
START_TEST(test_synthetic_maps_are_physical)
{
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S;
        synthetic_map(n, e, &S);
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++) {
                double complex tr = 0.0;
                for (int jp = 0; jp < n; jp++)
                    tr += CR_NMAP_AT(&S, jp, jp, j, k);
                TU_CCLOSE(tr, j == k ? 1.0 : 0.0, 1e-15, "trace preservation");
                for (int jp = 0; jp < n; jp++)
                    for (int kp = 0; kp < n; kp++)
                        TU_CCLOSE(CR_NMAP_AT(&S, jp, kp, j, k),
                                  conj(CR_NMAP_AT(&S, kp, jp, k, j)), 0.0, "Hermiticity");
            }
        for (int j = 0; j < n; j++)
            for (int jp = 0; jp < n; jp++)
                TU_CLOSE(exp(-BETA * e[j]) * creal(CR_NMAP_AT(&S, jp, jp, j, j)),
                         exp(-BETA * e[jp]) * creal(CR_NMAP_AT(&S, j, j, jp, jp)),
                         1e-15, "detailed balance (Eq. 2)");
        double cmin = choi_min_eigenvalue(&S);
        ck_assert_msg(cmin >= 1e-3, "N = %d: Choi matrix has eigenvalue %g", n, cmin);
        ck_assert(cabs(CR_NMAP_AT(&S, 0, 1, 0, 0)) > 1e-3);
        ck_assert(cr_npopulations_connected(&S));
    }
}
END_TEST

/* Eq. 10: ρ_ss = ρ_th + O(Γ).  Bound: 2 Γ‖ρ^{(1)}‖ (the first-order
 * correction, with room for the Γ² term) at Γ ≤ 1e-2. */
START_TEST(test_steady_state_tends_to_thermal_as_gamma_vanishes)
{
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S;
        synthetic_map(n, e, &S);
        cr_nstate th = nthermal(n, e), fo;
        char err[256];
        ck_assert(cr_nfirst_order(&S, 1.0, BETA, e, &fo, err, sizeof err) == CR_OK);
        double first = cr_nstate_max_diff(&fo, &th);   /* ‖ρ^{(1)}‖ at Γ = 1 */
        ck_assert(first > 1e-3);
        for (double gamma = 1e-2; gamma >= 1e-6; gamma /= 10.0) {
            cr_nstate ss = nsteady(&S, gamma, e);
            double d = cr_nstate_max_diff(&ss, &th);
            worst_thermal = fmax(worst_thermal, d / (gamma * first));
            ck_assert_msg(d <= 2.0 * gamma * first, "N = %d gamma %g: %.3g > %.3g", n, gamma,
                          d, 2.0 * gamma * first);
        }
        /* ... and is not thermal at large Γ (coherences feed back). */
        cr_nstate ss = nsteady(&S, 5.0, e);
        ck_assert(cr_ntrace_distance(&ss, &th) > 1e-3);
    }
}
END_TEST

/* Eq. 9: ℒρ_ss = 0, Tr = 1, Hermitian, a state.  ‖ℒ‖ ≲ Γ + max|Δ| ≤ 100,
 * so round-off in the residual is ~1e-14: 1e-12. */
START_TEST(test_steady_state_is_null_vector)
{
    static const double gammas[] = { 1e-4, 0.1, 1.0, 30.0 };
    double complex *L = malloc(sizeof *L * CR_NMAX2 * CR_NMAX2);
    ck_assert(L != NULL);
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S;
        synthetic_map(n, e, &S);
        for (int g = 0; g < 4; g++) {
            cr_nstate ss = nsteady(&S, gammas[g], e);
            cr_nliouvillian(&S, gammas[g], e, L);
            int n2 = n * n;
            for (int r = 0; r < n2; r++) {
                double complex acc = 0.0;
                for (int c = 0; c < n2; c++)
                    acc += L[r * n2 + c] * ss.v[c];
                worst_residual = fmax(worst_residual, cabs(acc));
                ck_assert_msg(cabs(acc) <= 1e-12, "residual %.3g", cabs(acc));
            }
            TU_CCLOSE(ntrace(&ss), 1.0, 1e-14, "trace");
            ck_assert(hermiticity_defect(&ss) == 0.0);
            ck_assert(cr_nstate_min_eigenvalue(&ss) > 0.0);
        }
    }
    free(L);
}
END_TEST

/* e^{ℒt} preserves trace and Hermiticity (the trace to 1e-13 + 1e-15‖ℒ‖t,
 * ‖ℒ‖ ≤ 2Γ + max|Δ|: the Padé step's round-off over N² terms, then about
 * an ulp per unit of norm from the squarings; measured 4e-13 at ‖ℒ‖t ≈ 900),
 * fixes ρ_ss (1e-12), and forgets ρ(0): by Γt = 500 the distance has
 * decayed below round-off, which from then on grows as ~5e-16‖ℒ‖t (the
 * squarings; measured 1.4e-11 at Γt = 1000, ‖ℒ‖t = 2.4e4): at Γt = 1000,
 * 1e-12 + 2e-15‖ℒ‖t. */
START_TEST(test_evolve_conserves_and_converges)
{
    char err[256];
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S;
        synthetic_map(n, e, &S);
        cr_nstate plus, excited;
        ck_assert(cr_nstate_initial("plus", n, e, BETA, &plus, err, sizeof err) == CR_OK);
        ck_assert(cr_nstate_initial("excited", n, e, BETA, &excited, err, sizeof err) == CR_OK);
        for (double gamma = 0.1; gamma <= 10.0; gamma *= 10.0) {
            cr_nstate ss = nsteady(&S, gamma, e);
            static const double times[] = { 0.0, 0.5, 3.0, 40.0 };
            for (int ti = 0; ti < 4; ti++) {
                double t = times[ti] / gamma;
                double norm = 2.0 * gamma + (e[n - 1] - e[0]);
                cr_nstate r = nevolve(&S, gamma, e, t, &plus);
                worst_trace = fmax(worst_trace, cabs(ntrace(&r) - 1.0));
                TU_CCLOSE(ntrace(&r), 1.0, 1e-13 + 1e-15 * norm * t, "trace of e^{Lt} rho");
                ck_assert(hermiticity_defect(&r) == 0.0);
                cr_nstate f = nevolve(&S, gamma, e, t, &ss);
                worst_fixed = fmax(worst_fixed, cr_nstate_max_diff(&f, &ss));
                ck_assert_msg(cr_nstate_max_diff(&f, &ss) <= 1e-12, "e^{Lt} rho_ss moved %.3g",
                              cr_nstate_max_diff(&f, &ss));
            }
            double slow = 1000.0 / gamma, norm = 2.0 * gamma + (e[n - 1] - e[0]);
            cr_nstate r = nevolve(&S, gamma, e, slow, &excited);
            worst_late = fmax(worst_late, cr_nstate_max_diff(&r, &ss));
            ck_assert_msg(cr_nstate_max_diff(&r, &ss) <= 1e-12 + 2e-15 * norm * slow, "N %d gamma %g late: %.3g", n,
                          gamma, cr_nstate_max_diff(&r, &ss));
        }
        cr_nstate wrong;
        memset(&wrong, 0, sizeof wrong);
        wrong.n = 2;
        cr_nstate out;
        ck_assert(cr_nevolve(&S, 1.0, e, 1.0, &wrong, &out, err, sizeof err) == CR_EINVAL);
    }
}
END_TEST

/* Eq. 4: with full dephasing the steady state is thermal at every Γ;
 * round-off only (the solve's condition ≲ 1e4 at Γ = 1e-3): 1e-12. */
START_TEST(test_dephased_steady_state_is_thermal)
{
    static const double gammas[] = { 1e-3, 0.1, 1.0, 10.0, 1e3 };
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S, D;
        synthetic_map(n, e, &S);
        cr_nmap_dephased(&S, &D);
        cr_nstate th = nthermal(n, e);
        for (int g = 0; g < 5; g++) {
            cr_nstate ss = nsteady(&D, gammas[g], e);
            worst_dephased = fmax(worst_dephased, cr_nstate_max_diff(&ss, &th));
            ck_assert_msg(cr_nstate_max_diff(&ss, &th) <= 1e-12, "N %d gamma %g: %.3g", n,
                          gammas[g], cr_nstate_max_diff(&ss, &th));
        }
        cr_nmap_dephased(&S, &S);   /* in place */
        ck_assert(memcmp(&S, &D, sizeof S) == 0);
    }
}
END_TEST

/* Eq. 14: the steady state's coherences are Γρ^{(1)}_jk + O(Γ²), so
 * their relative error is O(Γ/min|Δ|·‖S‖), min|Δ| = 0.6: below 10Γ at
 * Γ = 1e-3, 1e-4 (measured 1.4Γ).
 * Eq. 15: the populations then agree to O(Γ²): below 30Γ² (plus round-off). */
START_TEST(test_first_order_matches_steady_state_at_small_gamma)
{
    char err[256];
    for (int n = 3; n <= 4; n++) {
        const double *e = energies(n);
        cr_nmap S;
        synthetic_map(n, e, &S);
        for (double gamma = 1e-3; gamma >= 1e-4; gamma /= 10.0) {
            cr_nstate ss = nsteady(&S, gamma, e), fo;
            ck_assert(cr_nfirst_order(&S, gamma, BETA, e, &fo, err, sizeof err) == CR_OK);
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                    double complex a = ss.v[CR_NVEC(n, j, k)], b = fo.v[CR_NVEC(n, j, k)];
                    if (j == k) {
                        ck_assert_msg(cabs(a - b) <= 30.0 * gamma * gamma + 1e-14,
                                      "population %d at gamma %g: %.3g", j, gamma, cabs(a - b));
                        continue;
                    }
                    double rel = cabs(a - b) / cabs(b);
                    worst_fo_rel = fmax(worst_fo_rel, rel / gamma);
                    ck_assert_msg(rel <= 10.0 * gamma, "rho_%d%d at gamma %g: relative %.3g",
                                  j, k, gamma, rel);
                }
        }
    }
}
END_TEST

/* Phase of U^τ applied by the test itself: ρ_jk e^{-iΔ_jk τ}. */
static void free_evolution(cr_nstate *s, const double *e, double tau)
{
    for (int j = 0; j < s->n; j++)
        for (int k = 0; k < s->n; k++)
            s->v[CR_NVEC(s->n, j, k)] *= cexp(-I * (e[j] - e[k]) * tau);
}

/* Eq. 6: ρ(t) is the mean over trajectories.  Each trajectory's state at
 * t is its state after its last collision before t, evolved freely to t.
 * 10000 trajectories of ~Γt = 3 collisions (20 ms); every entry within 5 standard
 * errors (+1e-12) of e^{ℒt}ρ0: a false failure has probability ~1e-5. */
START_TEST(test_trajectory_ensemble_averages_to_mean_evolution)
{
    enum { RUNS = 10000 };
    const int n = 3;
    const double *e = energies3;
    const double gamma = 1.0, tend = 3.0;
    cr_nmap S, D;
    synthetic_map(n, e, &S);
    cr_nmap_dephased(&S, &D);
    char err[256];
    cr_nstate rho0;
    ck_assert(cr_nstate_initial("excited", n, e, BETA, &rho0, err, sizeof err) == CR_OK);
    for (int deph = 0; deph < 2; deph++) {
        cr_ntraj *t = cr_ntraj_alloc(1);
        ck_assert(t != NULL);
        cr_ntraj_set_map(t, &S, gamma, e);
        cr_ntraj_set_dephase(t, deph);
        double complex sum[CR_NMAX2] = { 0 };
        double sum2[CR_NMAX2] = { 0 };
        for (int run = 0; run < RUNS; run++) {
            cr_ntraj_reset_to(t, 1000u + (unsigned long)run, &rho0);
            cr_nstate prev = rho0;
            double tprev = 0.0;
            for (;;) {
                cr_ntraj_step(t, 1);
                if (cr_ntraj_time(t) > tend)
                    break;
                cr_ntraj_state(t, &prev);
                tprev = cr_ntraj_time(t);
            }
            free_evolution(&prev, e, tend - tprev);
            for (int i = 0; i < n * n; i++) {
                sum[i] += prev.v[i];
                sum2[i] += creal(prev.v[i] * conj(prev.v[i]));
            }
        }
        cr_ntraj_free(t);
        cr_nstate mean = nevolve(deph ? &D : &S, gamma, e, tend, &rho0);
        for (int i = 0; i < n * n; i++) {
            double complex avg = sum[i] / RUNS;
            double var = sum2[i] / RUNS - creal(avg * conj(avg));
            double se = sqrt(fmax(var, 0.0) / (RUNS - 1));
            double dev = cabs(avg - mean.v[i]);
            if (se > 0.0)
                worst_traj_se = fmax(worst_traj_se, dev / se);
            ck_assert_msg(dev <= 5.0 * se + 1e-12, "dephase %d entry %d: %.3g vs se %.3g",
                          deph, i, dev, se);
        }
    }
}
END_TEST

/* Exact values: eigenvalues by GSL to round-off, 1e-14. */
START_TEST(test_trace_distance_and_coherence_values)
{
    char err[256];
    for (int n = 2; n <= CR_NMAX; n++) {
        double e[CR_NMAX];
        for (int j = 0; j < n; j++)
            e[j] = 0.3 * j * j + 0.1 * j;
        cr_nstate plus, th, g, x;
        ck_assert(cr_nstate_initial("plus", n, e, BETA, &plus, err, sizeof err) == CR_OK);
        cr_nthermal_state(n, e, BETA, &th);
        TU_CLOSE(cr_ntrace_distance(&plus, &plus), 0.0, 1e-14, "D(rho, rho)");
        TU_CLOSE(cr_ntrace_distance(&th, &th), 0.0, 1e-14, "D(th, th)");
        TU_CLOSE(cr_ncoherence(&plus), n - 1.0, 1e-13, "coherence of plus");
        TU_CLOSE(cr_ncoherence(&th), 0.0, 0.0, "coherence of thermal");
        memset(&g, 0, sizeof g);
        g.n = n;
        x = g;
        g.v[0] = 1.0;
        x.v[CR_NVEC(n, 1, 1)] = 1.0;
        TU_CLOSE(cr_ntrace_distance(&g, &x), 1.0, 1e-14, "D(|0><0|, |1><1|)");
        TU_CLOSE(cr_ntrace_distance_general(&g, &x), 1.0, 1e-14, "general D");
        /* A pure state against the maximally mixed one: 1 - 1/N. */
        cr_nstate mixed = g;
        for (int j = 0; j < n; j++)
            mixed.v[CR_NVEC(n, j, j)] = 1.0 / n;
        TU_CLOSE(cr_ntrace_distance_general(&plus, &mixed), 1.0 - 1.0 / n, 1e-14, "D(plus, I/N)");
        TU_CLOSE(cr_nstate_min_eigenvalue(&plus), 0.0, 1e-14, "plus is pure");
        TU_CLOSE(cr_nstate_min_eigenvalue(&th), creal(th.v[n * n - 1]), 1e-15,
                 "thermal min eigenvalue");
        ck_assert(cr_nstate_max_diff(&g, &x) == 1.0);
    }
    cr_nstate a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.n = 3;
    b.n = 4;
    ck_assert(isinf(cr_nstate_max_diff(&a, &b)) && isinf(cr_ntrace_distance(&a, &b)));
}
END_TEST

/* S = identity: every diagonal state is steady, so no answer is unique. */
START_TEST(test_identity_map_has_no_unique_steady_state)
{
    for (int n = 2; n <= 4; n++) {
        cr_nmap S;
        memset(&S, 0, sizeof S);
        S.n = n;
        for (int i = 0; i < n * n; i++)
            S.m[i * n * n + i] = 1.0;
        const double *e = n == 2 ? (const double[]){ -0.5, 0.5 } : energies(n);
        cr_nstate s;
        char err[256] = "";
        ck_assert_int_eq(cr_nsteady_state(&S, 0.1, e, &s, err, sizeof err), CR_ENUMERIC);
        ck_assert_msg(strstr(err, "not unique") != NULL, "%s", err);
        err[0] = '\0';
        ck_assert_int_eq(cr_nsteady_state_general(&S, 0.1, e, &s, err, sizeof err),
                         CR_ENUMERIC);
        ck_assert_msg(strstr(err, "not unique") != NULL, "%s", err);
        ck_assert_int_eq(cr_nfirst_order(&S, 0.1, BETA, e, &s, err, sizeof err), CR_ENUMERIC);
        ck_assert_int_eq(cr_nfirst_order_general(&S, 0.1, BETA, e, &s, err, sizeof err),
                         CR_ENUMERIC);
    }
    /* Two blocks that never exchange population: levels {0,1} and {2}. */
    cr_nmap S;
    synthetic_map(3, energies3, &S);
    for (int j = 0; j < 2; j++) {
        CR_NMAP_AT(&S, j, j, j, j) += CR_NMAP_AT(&S, 2, 2, j, j);
        CR_NMAP_AT(&S, 2, 2, j, j) = 0.0;
        CR_NMAP_AT(&S, 2, 2, 2, 2) += CR_NMAP_AT(&S, j, j, 2, 2);
        CR_NMAP_AT(&S, j, j, 2, 2) = 0.0;
    }
    ck_assert(!cr_npopulations_connected(&S));
    cr_nstate s;
    char err[256];
    ck_assert_int_eq(cr_nsteady_state(&S, 0.1, energies3, &s, err, sizeof err), CR_ENUMERIC);
    /* One-way transfer into level 0 only: one closed class, unique. */
    cr_nmap T;
    memset(&T, 0, sizeof T);
    T.n = 3;
    for (int i = 0; i < 9; i++)
        T.m[i * 9 + i] = 1.0;
    for (int j = 1; j < 3; j++) {
        CR_NMAP_AT(&T, 0, 0, j, j) = 0.2;
        CR_NMAP_AT(&T, j, j, j, j) = 0.8;
    }
    ck_assert(cr_npopulations_connected(&T));
    ck_assert_int_eq(cr_nsteady_state(&T, 0.1, energies3, &s, err, sizeof err), CR_OK);
    TU_CLOSE(creal(s.v[0]), 1.0, 1e-14, "absorbed into level 0");
}
END_TEST

/* The real form: a state there and back is itself; index layout. */
START_TEST(test_real_form_round_trip)
{
    char err[256];
    for (int n = 2; n <= CR_NMAX; n++) {
        double e[CR_NMAX];
        for (int j = 0; j < n; j++)
            e[j] = j;
        cr_nstate s, back;
        ck_assert(cr_nstate_initial("plus", n, e, BETA, &s, err, sizeof err) == CR_OK);
        for (int j = 0; j < n; j++)
            for (int k = j + 1; k < n; k++) {
                s.v[CR_NVEC(n, j, k)] *= cexp(I * (j + 0.5 * k));
                s.v[CR_NVEC(n, k, j)] = conj(s.v[CR_NVEC(n, j, k)]);
            }
        double x[CR_NMAX2];
        cr_nstate_to_real(&s, x);
        cr_nstate_from_real(n, x, &back);
        ck_assert(cr_nstate_max_diff(&s, &back) == 0.0);
        ck_assert_int_eq(cr_nreal_index(n, n - 2, n - 1), n * n - 2);
        ck_assert_int_eq(cr_nreal_index(n, 0, 1), n);
    }
    cr_state q;
    q.v[0] = 0.25; q.v[3] = 0.75; q.v[1] = 0.1 + 0.2 * I; q.v[2] = 0.1 - 0.2 * I;
    double xq[4], xn[4];
    cr_state_to_real(&q, xq);
    cr_nstate s = nstate_of_qubit(&q);
    cr_nstate_to_real(&s, xn);
    ck_assert(memcmp(xq, xn, sizeof xq) == 0);
    cr_state back;
    ck_assert(cr_nstate_to_qubit(&s, &back) == CR_OK && memcmp(&back, &q, sizeof q) == 0);
    s.n = 3;
    ck_assert(cr_nstate_to_qubit(&s, &back) == CR_EINVAL);
}
END_TEST

static Suite *ndynamics_suite(void)
{
    Suite *s = suite_create("ndynamics");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_general_equals_qubit_at_two_levels);
    tcase_add_test(tc, test_named_states_match_qubit);
    tcase_add_test(tc, test_ntraj_two_levels_is_the_qubit_trajectory);
    tcase_add_test(tc, test_synthetic_maps_are_physical);
    tcase_add_test(tc, test_steady_state_tends_to_thermal_as_gamma_vanishes);
    tcase_add_test(tc, test_steady_state_is_null_vector);
    tcase_add_test(tc, test_evolve_conserves_and_converges);
    tcase_add_test(tc, test_dephased_steady_state_is_thermal);
    tcase_add_test(tc, test_first_order_matches_steady_state_at_small_gamma);
    tcase_add_test(tc, test_trajectory_ensemble_averages_to_mean_evolution);
    tcase_add_test(tc, test_trace_distance_and_coherence_values);
    tcase_add_test(tc, test_identity_map_has_no_unique_steady_state);
    tcase_add_test(tc, test_real_form_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int rc = tu_run(ndynamics_suite());
    /* The worst errors seen, for the record (CK_FORK runs tests in
     * children, so these are only filled with CK_FORK=no). */
    if (worst_qubit > 0.0)
        printf("worst: general vs qubit %.3g; |ss - thermal| / (gamma |rho1|) %.3g; "
               "residual %.3g; trace of e^{Lt} %.3g; e^{Lt} ss moved %.3g; late %.3g; "
               "dephased vs thermal %.3g; first-order coherence relative / gamma %.3g; "
               "trajectory mean %.3g standard errors\n",
               worst_qubit, worst_thermal, worst_residual, worst_trace, worst_fixed,
               worst_late, worst_dephased, worst_fo_rel, worst_traj_se);
    return rc;
}
