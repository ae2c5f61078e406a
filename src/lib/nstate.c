/* nstate.c — N-level states: the qubit conversions, the real form,
 * thermal and named states, trace distance and coherence measures. */
#include "config.h"

#include "colres/ndynamics.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "colres/status.h"
#include "ndynamics_general.h"

static int valid_n(int n)
{
    return n >= 2 && n <= CR_NMAX;
}

void cr_nstate_from_qubit(const cr_state *s, cr_nstate *out)
{
    memset(out, 0, sizeof *out);
    out->n = 2;
    for (int i = 0; i < 4; i++)
        out->v[i] = s->v[i];
}

int cr_nstate_to_qubit(const cr_nstate *s, cr_state *out)
{
    if (s->n != 2)
        return CR_EINVAL;
    for (int i = 0; i < 4; i++)
        out->v[i] = s->v[i];
    return CR_OK;
}

/* ---- real form ---------------------------------------------------------- */

int cr_nreal_index(int n, int j, int k)
{
    /* Pairs (a, b), a < b, before (j, k): rows 0..j-1 hold n-1-a each. */
    int before = j * (n - 1) - j * (j - 1) / 2 + (k - j - 1);
    return n + 2 * before;
}

void cr_nstate_to_real(const cr_nstate *s, double *x)
{
    int n = s->n;
    for (int j = 0; j < n; j++)
        x[j] = creal(s->v[CR_NVEC(n, j, j)]);
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            int i = cr_nreal_index(n, j, k);
            x[i] = creal(s->v[CR_NVEC(n, j, k)]);
            x[i + 1] = cimag(s->v[CR_NVEC(n, j, k)]);
        }
}

void cr_nstate_from_real(int n, const double *x, cr_nstate *s)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    for (int j = 0; j < n; j++)
        s->v[CR_NVEC(n, j, j)] = x[j];
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            int i = cr_nreal_index(n, j, k);
            s->v[CR_NVEC(n, j, k)] = x[i] + I * x[i + 1];
            s->v[CR_NVEC(n, k, j)] = x[i] - I * x[i + 1];
        }
}

void cr_nreal_form(int n, const double complex *M, double *R)
{
    /* Column c is the real form of M applied to the c-th Hermitian basis
     * matrix: |j><j|, then for j < k the pair ρ_jk = ρ_kj = 1 and
     * ρ_jk = i = -ρ_kj (as cr_real_form for the qubit). */
    int n2 = n * n;
    cr_nstate out;
    out.n = n;
    for (int c = 0; c < n2; c++) {
        int a, b;          /* M's columns the basis matrix touches */
        double complex wa, wb;
        if (c < n) {
            a = b = CR_NVEC(n, c, c);
            wa = 1.0; wb = 0.0;
        } else {
            int pair = (c - n) / 2, j = 0;
            while (pair >= n - 1 - j) {
                pair -= n - 1 - j;
                j++;
            }
            int k = j + 1 + pair;
            a = CR_NVEC(n, j, k);
            b = CR_NVEC(n, k, j);
            if ((c - n) % 2 == 0) {
                wa = 1.0; wb = 1.0;
            } else {
                wa = I; wb = -I;
            }
        }
        for (int r = 0; r < n2; r++)
            out.v[r] = M[r * n2 + a] * wa + (a != b ? M[r * n2 + b] * wb : 0.0);
        /* Average ρ_jk with conj ρ_kj: exact for a Hermiticity-preserving M. */
        for (int j = 0; j < n; j++)
            for (int k = j + 1; k < n; k++)
                out.v[CR_NVEC(n, j, k)] =
                    0.5 * (out.v[CR_NVEC(n, j, k)] + conj(out.v[CR_NVEC(n, k, j)]));
        double x[CR_NMAX2];
        cr_nstate_to_real(&out, x);
        for (int r = 0; r < n2; r++)
            R[r * n2 + c] = x[r];
    }
}

/* ---- thermal and named states ------------------------------------------ */

void cr_nthermal_state_general(int n, const double *e, double beta, cr_nstate *out)
{
    /* Boltzmann weights relative to the most populated level (the ground
     * one for β > 0): 1 for it, the rest in [0, 1], so no overflow at any β. */
    memset(out, 0, sizeof *out);
    if (!valid_n(n))
        return;   /* a zero state: nothing sensible to fill */
    double least = beta * e[0];
    for (int j = 1; j < n; j++)
        if (beta * e[j] < least)
            least = beta * e[j];
    double w[CR_NMAX], z = 0.0;
    for (int j = 0; j < n; j++) {
        w[j] = exp(-(beta * e[j] - least));
        z += w[j];
    }
    out->n = n;
    for (int j = 0; j < n; j++)
        out->v[CR_NVEC(n, j, j)] = w[j] / z;
}

void cr_nthermal_state(int n, const double *e, double beta, cr_nstate *out)
{
    if (n == 2) {
        cr_state s;
        cr_thermal_state(beta, e[1] - e[0], &s);
        cr_nstate_from_qubit(&s, out);
        return;
    }
    cr_nthermal_state_general(n, e, beta, out);
}

int cr_nstate_initial_general(const char *name, int n, const double *e, double beta,
                              cr_nstate *out, char *err, size_t errlen)
{
    if (!valid_n(n))
        return cr_error(err, errlen, CR_EINVAL, "initial state: %d levels (2 to %d)",
                        n, CR_NMAX);
    cr_nstate s;
    memset(&s, 0, sizeof s);
    s.n = n;
    if (name != NULL && strcmp(name, "ground") == 0) {
        s.v[CR_NVEC(n, 0, 0)] = 1.0;
    } else if (name != NULL && strcmp(name, "excited") == 0) {
        s.v[CR_NVEC(n, n - 1, n - 1)] = 1.0;
    } else if (name != NULL && strcmp(name, "thermal") == 0) {
        cr_nthermal_state_general(n, e, beta, &s);
    } else if (name != NULL && strcmp(name, "plus") == 0) {
        for (int i = 0; i < n * n; i++)
            s.v[i] = 1.0 / n;
    } else {
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid initial state \"%.40s\": valid values are ground, excited, "
                        "thermal, plus", name != NULL ? name : "");
    }
    *out = s;
    return CR_OK;
}

int cr_nstate_initial(const char *name, int n, const double *e, double beta,
                      cr_nstate *out, char *err, size_t errlen)
{
    if (n == 2) {
        cr_state s;
        int st = cr_state_initial(name, beta, e[1] - e[0], &s, err, errlen);
        if (st == CR_OK)
            cr_nstate_from_qubit(&s, out);
        return st;
    }
    return cr_nstate_initial_general(name, n, e, beta, out, err, errlen);
}

/* ---- distances and measures --------------------------------------------- */

/* Eigenvalues (unordered) of the Hermitian part of the n × n matrix v;
 * 0, or -1 if GSL cannot allocate its workspace or fails. */
static int herm_eigenvalues(int n, const double complex *v, double *eval)
{
    double data[2 * CR_NMAX2];
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++) {
            double complex h = 0.5 * (v[CR_NVEC(n, j, k)] + conj(v[CR_NVEC(n, k, j)]));
            data[2 * (j * n + k)] = creal(h);
            data[2 * (j * n + k) + 1] = cimag(h);
        }
    gsl_matrix_complex_view A = gsl_matrix_complex_view_array(data, (size_t)n, (size_t)n);
    gsl_vector_view W = gsl_vector_view_array(eval, (size_t)n);
    gsl_eigen_herm_workspace *ws = gsl_eigen_herm_alloc((size_t)n);
    if (ws == NULL)
        return -1;
    int st = gsl_eigen_herm(&A.matrix, &W.vector, ws);
    gsl_eigen_herm_free(ws);
    return st == GSL_SUCCESS ? 0 : -1;
}

double cr_ntrace_distance_general(const cr_nstate *a, const cr_nstate *b)
{
    int n = a->n;
    if (n != b->n || !valid_n(n))
        return INFINITY;
    double complex d[CR_NMAX2];
    for (int i = 0; i < n * n; i++)
        d[i] = a->v[i] - b->v[i];
    double eval[CR_NMAX];
    if (herm_eigenvalues(n, d, eval) != 0)
        return NAN;
    double acc = 0.0;
    for (int j = 0; j < n; j++)
        acc += fabs(eval[j]);
    return 0.5 * acc;
}

double cr_ntrace_distance(const cr_nstate *a, const cr_nstate *b)
{
    if (a->n == 2 && b->n == 2) {
        cr_state qa, qb;
        cr_nstate_to_qubit(a, &qa);
        cr_nstate_to_qubit(b, &qb);
        return cr_trace_distance(&qa, &qb);
    }
    return cr_ntrace_distance_general(a, b);
}

double cr_ncoherence(const cr_nstate *s)
{
    int n = s->n;
    if (!valid_n(n))
        return NAN;
    double acc = 0.0;
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            if (j != k)
                acc += cabs(s->v[CR_NVEC(n, j, k)]);
    return acc;
}

double cr_nstate_max_diff_general(const cr_nstate *a, const cr_nstate *b)
{
    if (a->n != b->n || !valid_n(a->n))
        return INFINITY;
    double m = 0.0;
    for (int i = 0; i < a->n * a->n; i++) {
        double d = cabs(a->v[i] - b->v[i]);
        if (!(d <= m))
            m = d;
    }
    return m;
}

double cr_nstate_max_diff(const cr_nstate *a, const cr_nstate *b)
{
    if (a->n == 2 && b->n == 2) {
        cr_state qa, qb;
        cr_nstate_to_qubit(a, &qa);
        cr_nstate_to_qubit(b, &qb);
        return cr_state_max_diff(&qa, &qb);
    }
    return cr_nstate_max_diff_general(a, b);
}

double cr_nstate_min_eigenvalue(const cr_nstate *s)
{
    if (!valid_n(s->n))
        return NAN;
    double eval[CR_NMAX];
    if (herm_eigenvalues(s->n, s->v, eval) != 0)
        return NAN;
    double m = eval[0];
    for (int j = 1; j < s->n; j++)
        if (eval[j] < m)
            m = eval[j];
    return m;
}
