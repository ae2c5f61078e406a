/* check_reference.c — an independent reference for the scattering map:
 * Eq. 17 with Eq. 23 and both amplitude models written again from the
 * equations alone, deliberately simple, sharing no code with src/lib
 * (only GSL: the Hermitian eigensolver, complex LU, adaptive QAGP):
 *
 *   S^{jk}_{j'k'} = Σ_α ∫_{p_inf}^{p_max} dp ρ_U(p, π) √(p/π)
 *                   s^α_{j'j}(E_p + e_j) conj(s^α_{k'k}(E_p - Δ_{j'j} + e_{k'})),
 *   π = √(p² - 2m(Δ_{j'j} - Δ_{k'k})),
 *   ρ_U(p, p') = μ((p+p')/2) exp(-Δx²(p-p')²/2 - i(p-p')x0),
 *   μ(p) = (βp/m) exp(-βp²/2m);
 *
 * approx (Eq. S1): s⁺ = e^{-iL(k_j'+k_j)/2} <j'|e^{iLK}|j> above e_max
 * (phases in long double), the identity below, s⁻ = 0; exact: the
 * Schrödinger equation of the square matrix barrier solved by matching ψ
 * and ψ' at x = ±L/2 (one 4N × 4N linear system per energy, inside the
 * modes cos(q(x+L/2)) and sin(q(x+L/2))/q: the points keep κL of closed
 * modes below 4, where they are well conditioned).
 * Each real and imaginary part of each entry is one GSL QAGP integral
 * with breakpoints at every threshold of both energies.
 *
 * The fast map (cr_nmap_compute: the qubit's fast path for the paper's
 * system, the N-level path otherwise) must agree to 1e-10 at every point:
 * the points spread over the sliders' ranges (Δ 0.05-3, Δx 0.1-10,
 * β 0.01-1, m 0.01-1) and λ, L, x0 besides, both models, N = 2 and 3. */
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
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "colres/nlevel.h"
#include "colres/params.h"
#include "colres/status.h"
#include "testutil.h"

enum { RN = 3 };

typedef struct rsys {
    int n, exact;
    double e[RN], w[RN], emax;
    double complex phi[RN][RN]; /* phi[q][j] = <j|φ_q> */
    double m, L, beta, dx, x0;
} rsys;

typedef struct rpoint {
    int n, exact;
    double lev[RN];           /* as given; centred and scaled to E_1 - E_0 = Δ */
    double delta, dx, beta, mass, lambda, length, x0;
    const char *coupling;     /* NULL: σx + σy (qubit) or the ladder 1+i */
    double complex c[RN][RN]; /* the coupling written out */
} rpoint;

#define LADDER3 { { 0, 1 + I, 0 }, { 1 - I, 0, 1 + I }, { 0, 1 - I, 0 } }
#define SIGMA2 { { 0, 1 + I }, { 1 - I, 0 } }
#define FLUX3 { { 0.3, 1, I }, { 1, -0.2, 0.5 - 0.5 * I }, { -I, 0.5 + 0.5 * I, 0 } }

static const rpoint points[] = {
    /* the qubit (the fast 4x4 path), approx */
    { 2, 0, { -0.5, 0.5 }, 0.6, 1, 0.1, 0.1, 1, 1, -10, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 0.05, 0.1, 0.01, 0.01, 1, 1, -10, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 3, 10, 1, 1, 1, 1, -10, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 1.5, 0.3, 0.03, 0.3, 0.4, 2, -3, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 0.2, 3, 0.3, 0.03, 2.5, 0.5, -40, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 2.2, 0.5, 0.01, 1, 0.2, 0.3, -1, NULL, SIGMA2 },
    { 2, 0, { -0.5, 0.5 }, 0.9, 6, 0.6, 0.05, 1.3, 1.7, -25, NULL, SIGMA2 },
    /* the qubit, exact */
    { 2, 1, { -0.5, 0.5 }, 0.6, 1, 0.1, 0.1, 1, 1, -10, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 0.05, 0.1, 0.01, 0.01, 1, 1, -10, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 3, 10, 1, 1, 1, 1, -10, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 1.5, 0.3, 0.03, 0.3, 0.4, 2, -3, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 0.2, 3, 0.3, 0.03, 2.5, 0.5, -40, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 2.2, 0.5, 0.01, 1, 0.2, 0.3, -1, NULL, SIGMA2 },
    { 2, 1, { -0.5, 0.5 }, 0.9, 6, 0.6, 0.05, 1.3, 1.7, -25, NULL, SIGMA2 },
    /* three levels (the N-level path): the ladder and a coupling with a
     * closed loop (broken time reversal), uneven levels */
    { 3, 0, { 0, 1, 2 }, 0.6, 1, 0.1, 0.1, 1, 1, -10, NULL, LADDER3 },
    { 3, 0, { 0, 1, 2.5 }, 1.2, 0.4, 0.05, 0.5, 0.7, 1.2, -6, "0.3,1,i;1,-0.2,0.5-0.5i;-i,0.5+0.5i,0", FLUX3 },
    { 3, 0, { 0, 0.3, 1 }, 0.3, 4, 0.5, 0.02, 1.5, 0.6, -30, NULL, LADDER3 },
    { 3, 1, { 0, 1, 2 }, 0.6, 1, 0.1, 0.1, 1, 1, -10, NULL, LADDER3 },
    { 3, 1, { 0, 1, 2.5 }, 1.2, 0.4, 0.05, 0.5, 0.7, 1.2, -6, "0.3,1,i;1,-0.2,0.5-0.5i;-i,0.5+0.5i,0", FLUX3 },
    { 3, 1, { 0, 0.3, 1 }, 0.3, 4, 0.5, 0.02, 1.5, 0.6, -30, NULL, LADDER3 },
    /* the qubit through the N-level path (levels given) */
    { 2, 0, { 0, 1 }, 0.6, 2, 0.2, 0.2, 0.8, 1, -12, "0,1+i;1-i,0", SIGMA2 },
    { 2, 1, { 0, 1 }, 0.6, 2, 0.2, 0.2, 0.8, 1, -12, "0,1+i;1-i,0", SIGMA2 },
};
enum { N_POINTS = sizeof points / sizeof points[0] };

/* ---- the system --------------------------------------------------------- */

static void rsys_init(rsys *s, const rpoint *pt)
{
    memset(s, 0, sizeof *s);
    int n = pt->n;
    s->n = n;
    s->exact = pt->exact;
    double mean = 0.0;
    for (int j = 0; j < n; j++)
        mean += pt->lev[j] / n;
    for (int j = 0; j < n; j++)
        s->e[j] = (pt->lev[j] - mean) * pt->delta / (pt->lev[1] - pt->lev[0]);
    s->m = pt->mass;
    s->L = pt->length;
    s->beta = pt->beta;
    s->dx = pt->dx;
    s->x0 = pt->x0;
    gsl_matrix_complex *H = gsl_matrix_complex_alloc((size_t)n, (size_t)n);
    gsl_matrix_complex *V = gsl_matrix_complex_alloc((size_t)n, (size_t)n);
    gsl_vector *ev = gsl_vector_alloc((size_t)n);
    gsl_eigen_hermv_workspace *ws = gsl_eigen_hermv_alloc((size_t)n);
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            double complex h = pt->lambda * pt->c[a][b] + (a == b ? s->e[a] : 0.0);
            gsl_matrix_complex_set(H, (size_t)a, (size_t)b, gsl_complex_rect(creal(h), cimag(h)));
        }
    ck_assert_int_eq(gsl_eigen_hermv(H, ev, V, ws), GSL_SUCCESS);
    s->emax = s->e[n - 1];
    for (int q = 0; q < n; q++) {
        s->w[q] = gsl_vector_get(ev, (size_t)q);
        s->emax = fmax(s->emax, s->w[q]);
        for (int j = 0; j < n; j++) {
            gsl_complex z = gsl_matrix_complex_get(V, (size_t)j, (size_t)q);
            s->phi[q][j] = GSL_REAL(z) + I * GSL_IMAG(z);
        }
    }
    gsl_eigen_hermv_free(ws);
    gsl_vector_free(ev);
    gsl_matrix_complex_free(V);
    gsl_matrix_complex_free(H);
}

/* ---- amplitudes --------------------------------------------------------- */

/* Eq. S1 as written, the large phases in long double. */
static void amp_approx(const rsys *s, double E, double complex sp[RN][RN])
{
    int n = s->n;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            if (E < s->emax) {
                sp[a][b] = a == b;
                continue;
            }
            long double m2 = 2.0L * s->m, L = s->L;
            long double kab = sqrtl(m2 * ((long double)E - s->e[a])) + sqrtl(m2 * ((long double)E - s->e[b]));
            double complex acc = 0.0;
            for (int q = 0; q < n; q++) {
                long double ph = L * sqrtl(m2 * ((long double)E - s->w[q])) - 0.5L * L * kab;
                acc += s->phi[q][a] * conj(s->phi[q][b]) * cexp(I * (double)ph);
            }
            sp[a][b] = acc;
        }
}

/* The square matrix barrier: for a unit wave e^{ik_j x}|j> from the left,
 * ψ = e^{ik_j x}|j> + Σ r_c e^{-ik_c x}|c> (x < -L/2), Σ t_c e^{ik_c x}|c>
 * (x > L/2), Σ_q φ_q [a_q cos(q_q u) + b_q sin(q_q u)/q_q] inside (u = x + L/2,
 * both entire in q² = 2m(E - w_q)), k = √(2m(E - e)) on the principal
 * branch (i|k| when closed: decaying).  Unknowns r'_c = r_c e^{ik_c L/2},
 * t'_c = t_c e^{ik_c L/2}. */
static void amp_exact(const rsys *s, double E, double complex sp[RN][RN], double complex sm[RN][RN])
{
    int n = s->n, dim = 4 * n;
    double complex k[RN], q2[RN], cs[RN], sn[RN];
    for (int c = 0; c < n; c++)
        k[c] = csqrt(2.0 * s->m * (E - s->e[c]) + 0.0 * I);
    for (int c = 0; c < n; c++) {
        q2[c] = 2.0 * s->m * (E - s->w[c]);
        double complex q = csqrt(q2[c] + 0.0 * I);
        cs[c] = ccos(q * s->L);
        sn[c] = cabs(q) * s->L < 1e-8 ? s->L : csin(q * s->L) / q;
    }
    gsl_matrix_complex *A = gsl_matrix_complex_alloc((size_t)dim, (size_t)dim);
    gsl_vector_complex *x = gsl_vector_complex_alloc((size_t)dim);
    gsl_vector_complex *rhs = gsl_vector_complex_alloc((size_t)dim);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)dim);
    memset(sp, 0, sizeof(double complex) * RN * RN);
    memset(sm, 0, sizeof(double complex) * RN * RN);
    for (int j = 0; j < n; j++) {
        if (!(E > s->e[j]))
            continue;
        gsl_matrix_complex_set_zero(A);
        gsl_vector_complex_set_zero(rhs);
        /* columns: r' (0..n-1), t' (n..2n-1), a (2n..), b (3n..);
         * rows: ψ(-L/2), ψ'(-L/2), ψ(L/2), ψ'(L/2), each per channel c. */
        for (int c = 0; c < n; c++) {
#define SET(r, col, v) gsl_matrix_complex_set(A, (size_t)(r), (size_t)(col), gsl_complex_rect(creal(v), cimag(v)))
            SET(c, c, 1.0);
            SET(n + c, c, -I * k[c]);
            SET(2 * n + c, n + c, 1.0);
            SET(3 * n + c, n + c, I * k[c]);
            for (int m = 0; m < n; m++) {
                double complex f = s->phi[m][c];
                SET(c, 2 * n + m, -f);
                SET(n + c, 3 * n + m, -f);
                SET(2 * n + c, 2 * n + m, -f * cs[m]);
                SET(2 * n + c, 3 * n + m, -f * sn[m]);
                SET(3 * n + c, 2 * n + m, f * q2[m] * sn[m]);
                SET(3 * n + c, 3 * n + m, -f * cs[m]);
            }
#undef SET
        }
        double complex in = cexp(-I * k[j] * s->L / 2.0);
        gsl_vector_complex_set(rhs, (size_t)j, gsl_complex_rect(creal(-in), cimag(-in)));
        double complex din = -I * k[j] * in;
        gsl_vector_complex_set(rhs, (size_t)(n + j), gsl_complex_rect(creal(din), cimag(din)));
        int sg;
        ck_assert_int_eq(gsl_linalg_complex_LU_decomp(A, perm, &sg), GSL_SUCCESS);
        ck_assert_int_eq(gsl_linalg_complex_LU_solve(A, perm, rhs, x), GSL_SUCCESS);
        for (int c = 0; c < n; c++) {
            if (!(E > s->e[c]))
                continue;
            gsl_complex r = gsl_vector_complex_get(x, (size_t)c), t = gsl_vector_complex_get(x, (size_t)(n + c));
            double complex back = cexp(-I * k[c] * s->L / 2.0), flux = csqrt(k[c] / k[j]);
            sm[c][j] = flux * back * (GSL_REAL(r) + I * GSL_IMAG(r));
            sp[c][j] = flux * back * (GSL_REAL(t) + I * GSL_IMAG(t));
        }
    }
    gsl_permutation_free(perm);
    gsl_vector_complex_free(rhs);
    gsl_vector_complex_free(x);
    gsl_matrix_complex_free(A);
}

/* ---- Eq. 17 ------------------------------------------------------------- */

typedef struct rentry {
    const rsys *s;
    int jp, kp, j, k, imag;
} rentry;

static double complex integrand(const rentry *r, double p)
{
    const rsys *s = r->s;
    double m = s->m, djpj = s->e[r->jp] - s->e[r->j], dkpk = s->e[r->kp] - s->e[r->k];
    double pi2 = p * p - 2.0 * m * (djpj - dkpk);
    if (!(pi2 > 0.0))
        return 0.0;
    double pi = sqrt(pi2), P = 0.5 * (p + pi), dp = p - pi;
    double mu = s->beta * P / m * exp(-s->beta * P * P / (2.0 * m));
    double complex rho = mu * exp(-s->dx * s->dx * dp * dp / 2.0) * cexp(-I * dp * s->x0);
    double Ep = p * p / (2.0 * m);
    double E1 = Ep + s->e[r->j], E2 = Ep - djpj + s->e[r->kp];
    double complex a1[RN][RN], a2[RN][RN], b1[RN][RN], b2[RN][RN];
    double complex amp;
    if (s->exact) {
        amp_exact(s, E1, a1, b1);
        amp_exact(s, E2, a2, b2);
        amp = a1[r->jp][r->j] * conj(a2[r->kp][r->k]) + b1[r->jp][r->j] * conj(b2[r->kp][r->k]);
    } else {
        amp_approx(s, E1, a1);
        amp_approx(s, E2, a2);
        amp = a1[r->jp][r->j] * conj(a2[r->kp][r->k]);
    }
    return rho * sqrt(p / pi) * amp;
}

static double integrand_part(double p, void *arg)
{
    const rentry *r = arg;
    double complex f = integrand(r, p);
    return r->imag ? cimag(f) : creal(f);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double complex entry(const rsys *s, gsl_integration_workspace *ws, int jp, int kp, int j, int k)
{
    double m = s->m, djpj = s->e[jp] - s->e[j], dkpk = s->e[kp] - s->e[k];
    double lo = sqrt(2.0 * m * fmax(0.0, fmax(djpj, djpj - dkpk)));
    double hi = lo + sqrt(2.0 * m * 60.0 / s->beta) + sqrt(2.0 * m * fabs(djpj - dkpk));
    /* Breakpoints: each energy E1 = E_p + e_j, E2 = E_p - Δ_j'j + e_k' on a
     * level, a mode of H_tot or e_max. */
    double pts[4 * RN + 4];
    int np = 0;
    pts[np++] = lo;
    for (int x = 0; x < 2 * s->n + 1; x++) {
        double mark = x < s->n ? s->e[x] : x < 2 * s->n ? s->w[x - s->n] : s->emax;
        double base[2] = { mark - s->e[j], mark - s->e[kp] + djpj };
        for (int b = 0; b < 2; b++) {
            double p = base[b] > 0.0 ? sqrt(2.0 * m * base[b]) : -1.0;
            if (p > lo * (1 + 1e-12) && p < hi)
                pts[np++] = p;
        }
    }
    qsort(pts + 1, (size_t)(np - 1), sizeof pts[0], cmp_d);
    int u = 1;
    for (int i = 1; i < np; i++)
        if (pts[i] > pts[u - 1] * (1 + 1e-12))
            pts[u++] = pts[i];
    np = u;
    pts[np++] = hi;
    double complex out = 0.0;
    for (int part = 0; part < 2; part++) {
        rentry r = { s, jp, kp, j, k, part };
        gsl_function f = { integrand_part, &r };
        double val, abserr, tmp[4 * RN + 4];
        memcpy(tmp, pts, sizeof(double) * (size_t)np);
        int st = gsl_integration_qagp(&f, tmp, (size_t)np, 1e-14, 1e-12, 4000, ws, &val, &abserr);
        ck_assert_msg(st == GSL_SUCCESS || abserr < 1e-12, "QAGP %s (abserr %g) for S^{%d%d}_{%d%d}",
                      gsl_strerror(st), abserr, j, k, jp, kp);
        out += part ? I * val : val;
    }
    return out;
}

START_TEST(test_fast_map_matches_independent_reference)
{
    const rpoint *pt = &points[_i];
    gsl_set_error_handler_off();
    char set[512], err[256], lev[128] = "";
    const char *amp = pt->exact ? "exact" : "approx";
    snprintf(set, sizeof set, "delta=%g dx=%g beta=%g mass=%g lambda=%g length=%g x0=%g %s N=%d%s%s",
             pt->delta, pt->dx, pt->beta, pt->mass, pt->lambda, pt->length, pt->x0, amp, pt->n,
             pt->coupling ? " coupling=" : "", pt->coupling ? pt->coupling : "");
    for (int j = 0, at = 0; j < pt->n; j++)
        at += snprintf(lev + at, sizeof lev - (size_t)at, "%s%.17g", j ? "," : "", pt->lev[j]);
    /* `levels` sets Δ = E_1 - E_0: Δ is set after it. */
    const char *names[] = { "levels", "delta", "dx", "beta", "mass", "lambda", "length", "x0",
                            "amplitudes", "coupling" };
    double vals[] = { 0, pt->delta, pt->dx, pt->beta, pt->mass, pt->lambda, pt->length, pt->x0 };
    cr_params p;
    cr_params_default(&p);
    for (int i = 0; i < 10; i++) {
        char v[64];
        const char *text = v;
        if (i == 0 || i == 9) {
            if (pt->n == 2 && pt->coupling == NULL)
                continue; /* the paper's qubit: its fast path */
            text = i == 0 ? lev : pt->coupling;
            if (text == NULL)
                continue;
        } else if (i == 8) {
            text = amp;
        } else {
            snprintf(v, sizeof v, "%.17g", vals[i]);
        }
        ck_assert_msg(cr_params_set(&p, names[i], text, err, sizeof err) == CR_OK, "%s", err);
    }
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    cr_nmap *S = malloc(sizeof *S);
    ck_assert_ptr_nonnull(S);
    ck_assert_int_eq(cr_nmap_compute(&p, S, err, sizeof err), CR_OK);
    rsys s;
    rsys_init(&s, pt);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(4000);
    int n = pt->n;
    double worst = 0.0;
    for (int jp = 0; jp < n; jp++)
        for (int kp = 0; kp < n; kp++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                    double complex ref = entry(&s, ws, jp, kp, j, k);
                    double complex fast = CR_NMAP_AT(S, jp, kp, j, k);
                    worst = fmax(worst, cabs(fast - ref));
                    ck_assert_msg(cabs(fast - ref) <= 1e-10,
                                  "%s: S^{%d%d}_{%d%d} fast %.15g%+.15gi, reference %.15g%+.15gi (diff %.3g)",
                                  set, j, k, jp, kp, creal(fast), cimag(fast), creal(ref), cimag(ref),
                                  cabs(fast - ref));
                }
    printf("reference point %d (%s): largest difference %.3g\n", _i, set, worst);
    gsl_integration_workspace_free(ws);
    free(S);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("independent");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_fast_map_matches_independent_reference, 0, N_POINTS);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
