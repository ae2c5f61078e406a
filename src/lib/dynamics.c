/* dynamics.c — Liouvillian, steady state, e^{ℒt}, estimates (Eq. 8–15, 24). */
#include "config.h"

#include "colres/dynamics.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "colres/ndynamics.h"
#include "colres/status.h"
#include "nmean_cached.h"

/* Δ_jk = e_j - e_k for the entries of vec(ρ); e_0 = -Δ/2, e_1 = +Δ/2. */
static void bohr(double delta, double out[4])
{
    out[0] = 0.0;
    out[1] = -delta;  /* Δ_01 */
    out[2] = +delta;  /* Δ_10 */
    out[3] = 0.0;
}

void cr_dynamics_liouvillian(const cr_map *S, double gamma, double delta, double complex L[4][4])
{
    double b[4];
    bohr(delta, b);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            L[r][c] = gamma * (S->m[r][c] - (r == c ? 1.0 : 0.0))
                    - (r == c ? I * b[r] : 0.0);
    /* A population's loss rate S^{jj}_{jj} - 1 is -S^{jj}_{j'j'} (trace
     * preservation): taken from the transfer itself, it keeps relative
     * accuracy where 1 - S^{jj}_{jj} would cancel (tiny transfer). */
    L[CR_VEC(0, 0)][CR_VEC(0, 0)] = -gamma * creal(S->m[CR_VEC(1, 1)][CR_VEC(0, 0)]);
    L[CR_VEC(1, 1)][CR_VEC(1, 1)] = -gamma * creal(S->m[CR_VEC(0, 0)][CR_VEC(1, 1)]);
}

void cr_state_to_real(const cr_state *s, double x[4])
{
    x[0] = creal(s->v[0]);
    x[1] = creal(s->v[3]);
    x[2] = creal(s->v[1]);
    x[3] = cimag(s->v[1]);
}

void cr_state_from_real(const double x[4], cr_state *s)
{
    s->v[0] = x[0];
    s->v[3] = x[1];
    s->v[1] = x[2] + I * x[3];
    s->v[2] = x[2] - I * x[3];
}

void cr_real_form(const double complex M[4][4], double R[4][4])
{
    /* Column i is the real form of M applied to the i-th Hermitian basis
     * matrix: |0><0|, |1><1|, σx-like (ρ01 = ρ10 = 1), σy-like (ρ01 = i). */
    static const double complex basis[4][4] = {
        { 1, 0, 0, 0 }, { 0, 0, 0, 1 }, { 0, 1, 1, 0 }, { 0, I, -I, 0 },
    };
    for (int c = 0; c < 4; c++) {
        cr_state out;
        for (int r = 0; r < 4; r++) {
            double complex acc = 0.0;
            for (int q = 0; q < 4; q++)
                acc += M[r][q] * basis[c][q];
            out.v[r] = acc;
        }
        /* Average ρ01 with conj ρ10: exact for a Hermiticity-preserving M. */
        out.v[1] = 0.5 * (out.v[1] + conj(out.v[2]));
        double x[4];
        cr_state_to_real(&out, x);
        for (int r = 0; r < 4; r++)
            R[r][c] = x[r];
    }
}

static int finite_state(const cr_state *s)
{
    for (int i = 0; i < 4; i++)
        if (!isfinite(creal(s->v[i])) || !isfinite(cimag(s->v[i])))
            return 0;
    return 1;
}

/* Total population transfer S^{00}_{11} + S^{11}_{00} of one collision.
 * When it vanishes (no collision reaches the other level: λ = 0, or
 * approx amplitudes with every particle below e_max) any diagonal state is
 * steady, so there is no unique answer to report.  Each transfer is its
 * own integral, accurate relative to itself, and ℒ takes the loss rates
 * from it: any transfer that is not lost in underflow fixes the answer. */
#define MIN_TRANSFER 1e-200
static double population_transfer(const cr_map *S)
{
    return creal(S->m[CR_VEC(1, 1)][CR_VEC(0, 0)]) + creal(S->m[CR_VEC(0, 0)][CR_VEC(1, 1)]);
}

void cr_map_dephased(const cr_map *S, cr_map *out)
{
    *out = *S;
    for (int c = 0; c < 4; c++) {
        out->m[CR_VEC(0, 1)][c] = 0.0;
        out->m[CR_VEC(1, 0)][c] = 0.0;
    }
}

int cr_steady_state(const cr_map *S, double gamma, double delta,
                    cr_state *out, char *err, size_t errlen)
{
    double transfer = population_transfer(S);
    if (!(transfer > MIN_TRANSFER))
        return cr_error(err, errlen, CR_ENUMERIC,
                        "steady state: not unique: collisions transfer no population "
                        "(S^{00}_{11} + S^{11}_{00} = %.3g): no interaction (lambda = 0), or "
                        "approx amplitudes with almost every particle below e_max",
                        transfer);
    /* Eq. S2 in real form: ℒx = 0 with the first (ρ00) row replaced by
     * the trace condition ρ00 + ρ11 = 1. */
    double complex L[4][4];
    double R[4][4];
    cr_dynamics_liouvillian(S, gamma, delta, L);
    cr_real_form(L, R);
    double a[16], bvec[4] = { 1.0, 0.0, 0.0, 0.0 }, xvec[4];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            a[4 * r + c] = R[r][c];
    a[0] = 1.0; a[1] = 1.0; a[2] = 0.0; a[3] = 0.0;
    gsl_matrix_view A = gsl_matrix_view_array(a, 4, 4);
    gsl_vector_view B = gsl_vector_view_array(bvec, 4);
    gsl_vector_view X = gsl_vector_view_array(xvec, 4);
    size_t pdata[4];
    gsl_permutation perm = { 4, pdata };
    int signum;
    int st = gsl_linalg_LU_decomp(&A.matrix, &perm, &signum);
    if (st == GSL_SUCCESS)
        st = gsl_linalg_LU_solve(&A.matrix, &perm, &B.vector, &X.vector);
    if (st != GSL_SUCCESS)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "steady state: linear solve failed (%s) at gamma = %.6g",
                        gsl_strerror(st), gamma);
    cr_state s;
    cr_state_from_real(xvec, &s);
    if (!finite_state(&s))
        return cr_error(err, errlen, CR_ENUMERIC,
                        "steady state: singular Liouvillian at gamma = %.6g", gamma);
    *out = s;
    return CR_OK;
}

int cr_dynamics_evolve(const cr_map *S, double gamma, double delta, double t,
              const cr_state *rho0, cr_state *out, char *err, size_t errlen)
{
    /* The steady state plus the decaying modes (colres/mean.h, nmean.c),
     * prepared once per thread and map: accurate at any t. */
    double e[2] = { -delta / 2.0, delta / 2.0 };
    cr_nstate r0, r;
    cr_nstate_from_qubit(rho0, &r0);
    int st = cr_nmean_cached(&S->m[0][0], 2, gamma, e, t, &r0, &r, err, errlen);
    if (st == CR_OK)
        cr_nstate_to_qubit(&r, out);
    return st;
}

void cr_thermal_state(double beta, double delta, cr_state *out)
{
    /* ρ_th,00 = 1/(1 + e^{-βΔ}), written to stay accurate for large βΔ. */
    double p1 = 1.0 / (1.0 + exp(beta * delta));
    memset(out, 0, sizeof *out);
    out->v[0] = 1.0 - p1;
    out->v[3] = p1;
}

void cr_excited_state(cr_state *out)
{
    memset(out, 0, sizeof *out);
    out->v[3] = 1.0;
}

int cr_state_initial(const char *name, double beta, double delta, cr_state *out,
                     char *err, size_t errlen)
{
    cr_state s;
    memset(&s, 0, sizeof s);
    if (name != NULL && strcmp(name, "ground") == 0) {
        s.v[0] = 1.0;
    } else if (name != NULL && strcmp(name, "excited") == 0) {
        cr_excited_state(&s);
    } else if (name != NULL && strcmp(name, "thermal") == 0) {
        cr_thermal_state(beta, delta, &s);
    } else if (name != NULL && strcmp(name, "plus") == 0) {
        for (int i = 0; i < 4; i++)
            s.v[i] = 0.5;
    } else {
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid initial state \"%.40s\": valid values are ground, excited, "
                        "thermal, plus", name != NULL ? name : "");
    }
    *out = s;
    return CR_OK;
}

int cr_first_order(const cr_map *S, double gamma, double beta, double delta,
                   cr_state *out, char *err, size_t errlen)
{
    cr_state th;
    cr_thermal_state(beta, delta, &th);
    double complex p0 = th.v[0], p1 = th.v[3];
    /* Eq. 14: ρ01^{(1)} = -(i/Δ_01) Σ_j' S^{j'j'}_{01} ρ_th,j'j', Δ_01 = -Δ. */
    double complex c01 = -(I / -delta) * (S->m[1][0] * p0 + S->m[1][3] * p1);
    double complex c10 = conj(c01);
    /* Eq. 15 with Tr ρ^{(1)} = 0: x = ρ00^{(1)} solves
     * x (S^{00}_{00} - S^{11}_{00} - 1) = -(S^{01}_{00} ρ01 + S^{10}_{00} ρ10). */
    /* S^{00}_{00} - 1 = -S^{00}_{11} (trace preservation), as in ℒ. */
    double complex denom = -S->m[3][0] - S->m[0][3];
    if (!(population_transfer(S) > MIN_TRANSFER))
        return cr_error(err, errlen, CR_ENUMERIC,
                        "first-order estimate: collisions transfer no population "
                        "(S^{00}_{11} + S^{11}_{00} = %.3g)", population_transfer(S));
    double x = creal(-(S->m[0][1] * c01 + S->m[0][2] * c10) / denom);
    out->v[0] = p0 + gamma * x;
    out->v[3] = p1 - gamma * x;
    out->v[1] = gamma * c01;
    out->v[2] = gamma * c10;
    if (!finite_state(out))
        return cr_error(err, errlen, CR_ENUMERIC, "first-order estimate: non-finite result");
    return CR_OK;
}

double cr_rough_estimate(const cr_params *p)
{
    double w = p->delta;
    return p->rough_s * p->rough_s * (p->gamma / w)
         * exp(-p->beta * p->mass * p->dx * p->dx * w * w / 2.0);
}

double cr_trace_distance(const cr_state *a, const cr_state *b)
{
    /* For a traceless Hermitian 2×2 difference, ½‖·‖₁ = √(d00² + |d01|²). */
    double complex d00 = a->v[0] - b->v[0];
    double complex d01 = a->v[1] - b->v[1];
    double re = creal(d00);
    return sqrt(re * re + creal(d01 * conj(d01)));
}

double cr_state_max_diff(const cr_state *a, const cr_state *b)
{
    double m = 0.0;
    for (int i = 0; i < 4; i++) {
        double d = cabs(a->v[i] - b->v[i]);
        if (!(d <= m))
            m = d;
    }
    return m;
}
