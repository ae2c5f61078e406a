/* nmean.c — the mean evolution e^{ℒt} ρ(0) (colres/mean.h): the steady
 * state plus the decaying modes of ℒ on the traceless matrices, prepared
 * once; and the per-thread cache behind cr_nevolve() and
 * cr_dynamics_evolve(). */
#include "config.h"

#include "colres/mean.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "colres/status.h"
#include "ndynamics_general.h"
#include "nmean_cached.h"

/* Above this condition number of the eigenvectors the modes are not
 * trusted (near an exceptional point of ℒ): e^{ℒ't} per t instead. */
#define MAX_KAPPA 1e4
/* A mode whose decay rate is within this many times the eigenvalues'
 * round-off of zero is unresolved (frozen), and a t where its unknown
 * decay would change the answer by more than UNRESOLVED_TOL is refused. */
#define UNRESOLVED_FACTOR 10.0
#define UNRESOLVED_TOL 1e-6
/* Without a unique steady state, an answer whose trace moved this much
 * from the initial one is refused. */
#define FULL_TRACE_TOL 1e-9

struct cr_nmean {
    int n, d, method;
    double xss[CR_NMAX2];         /* the steady state's real form */
    double complex lam[CR_NMAX2]; /* eigenvalues of ℒ' (d) */
    double complex *V, *Vinv;     /* d × d, row-major */
    double *A;                    /* ℒ' (d × d) or, for CR_MEAN_FULL, ℒ (n² × n²) */
    double *work;                 /* 2 dim² for the exponential */
    double dlam;                  /* round-off of the eigenvalues */
};

cr_nmean *cr_nmean_alloc(void)
{
    cr_nmean *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    size_t d2 = (size_t)CR_NMAX2 * CR_NMAX2;
    m->V = malloc(sizeof *m->V * d2);
    m->Vinv = malloc(sizeof *m->Vinv * d2);
    m->A = malloc(sizeof *m->A * d2);
    m->work = malloc(sizeof *m->work * 2 * d2);
    if (m->V == NULL || m->Vinv == NULL || m->A == NULL || m->work == NULL) {
        cr_nmean_free(m);
        return NULL;
    }
    return m;
}

void cr_nmean_free(cr_nmean *m)
{
    if (m == NULL)
        return;
    free(m->V);
    free(m->Vinv);
    free(m->A);
    free(m->work);
    free(m);
}

int cr_nmean_method(const cr_nmean *m)
{
    return m->method;
}

static double norm1_complex(const double complex *M, int d)
{
    double best = 0.0;
    for (int c = 0; c < d; c++) {
        double s = 0.0;
        for (int r = 0; r < d; r++)
            s += cabs(M[r * d + c]);
        best = fmax(best, s);
    }
    return best;
}

/* ℒ' = V Λ V^{-1} into m (A holds ℒ', d × d).  0 if the eigensolver
 * fails or V is too ill-conditioned. */
static int eigen_modes(cr_nmean *m)
{
    int d = m->d;
    gsl_matrix *A = gsl_matrix_alloc((size_t)d, (size_t)d);
    gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)d);
    gsl_matrix_complex *V = gsl_matrix_complex_alloc((size_t)d, (size_t)d);
    gsl_matrix_complex *Vi = gsl_matrix_complex_alloc((size_t)d, (size_t)d);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)d);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc((size_t)d);
    int ok = A != NULL && ev != NULL && V != NULL && Vi != NULL && perm != NULL && ws != NULL;
    if (ok) {
        memcpy(A->data, m->A, sizeof(double) * (size_t)(d * d));
        ok = gsl_eigen_nonsymmv(A, ev, V, ws) == GSL_SUCCESS;
    }
    double normL = 0.0;
    for (int c = 0; ok && c < d; c++) {
        double s = 0.0;
        for (int r = 0; r < d; r++)
            s += fabs(m->A[r * d + c]);
        normL = fmax(normL, s);
    }
    for (int i = 0; ok && i < d; i++) {
        gsl_complex z = gsl_vector_complex_get(ev, (size_t)i);
        m->lam[i] = GSL_REAL(z) + I * GSL_IMAG(z);
        for (int j = 0; j < d; j++) {
            gsl_complex v = gsl_matrix_complex_get(V, (size_t)i, (size_t)j);
            m->V[i * d + j] = GSL_REAL(v) + I * GSL_IMAG(v);
        }
    }
    int sg;
    if (ok)
        ok = gsl_linalg_complex_LU_decomp(V, perm, &sg) == GSL_SUCCESS
          && gsl_linalg_complex_LU_invert(V, perm, Vi) == GSL_SUCCESS;
    for (int i = 0; ok && i < d; i++)
        for (int j = 0; j < d; j++) {
            gsl_complex v = gsl_matrix_complex_get(Vi, (size_t)i, (size_t)j);
            m->Vinv[i * d + j] = GSL_REAL(v) + I * GSL_IMAG(v);
        }
    if (ok) {
        double kappa = norm1_complex(m->V, d) * norm1_complex(m->Vinv, d);
        ok = isfinite(kappa) && kappa <= MAX_KAPPA;
        m->dlam = kappa * DBL_EPSILON * normL;
    }
    gsl_eigen_nonsymmv_free(ws);
    gsl_permutation_free(perm);
    gsl_matrix_complex_free(Vi);
    gsl_matrix_complex_free(V);
    gsl_vector_complex_free(ev);
    gsl_matrix_free(A);
    return ok;
}

/* general: ℒ and the steady state by the general N-level algorithms even
 * at N = 2 (ndynamics_general.h), else the public ones (the qubit's). */
static int prepare(cr_nmean *m, const cr_nmap *S, double gamma, const double *e, int general,
                   char *err, size_t errlen)
{
    int n = S->n, n2 = n * n;
    if (n < 2 || n > CR_NMAX)
        return cr_error(err, errlen, CR_EINVAL, "mean evolution: %d levels (2 to %d)", n, CR_NMAX);
    double complex *L = malloc(sizeof *L * (size_t)(n2 * n2));
    double *R = malloc(sizeof *R * (size_t)(n2 * n2));
    if (L == NULL || R == NULL) {
        free(L);
        free(R);
        return cr_error(err, errlen, CR_ENOMEM, "mean evolution: out of memory");
    }
    if (general)
        cr_nliouvillian_general(S, gamma, e, L);
    else
        cr_nliouvillian(S, gamma, e, L);
    cr_nreal_form(n, L, R);
    free(L);
    m->n = n;
    cr_nstate ss;
    if ((general ? cr_nsteady_state_general(S, gamma, e, &ss, NULL, 0)
                 : cr_nsteady_state(S, gamma, e, &ss, NULL, 0)) != CR_OK) {
        m->method = CR_MEAN_FULL;
        m->d = n2;
        memcpy(m->A, R, sizeof(double) * (size_t)(n2 * n2));
        free(R);
        return CR_OK;
    }
    cr_nstate_to_real(&ss, m->xss);
    /* ℒ' on z = x[1..n²-1], with x[0] = -Σ_{j=1}^{n-1} x[j] (traceless). */
    int d = n2 - 1;
    m->d = d;
    for (int a = 1; a < n2; a++)
        for (int b = 1; b < n2; b++)
            m->A[(a - 1) * d + (b - 1)] = R[a * n2 + b] - (b < n ? R[a * n2] : 0.0);
    free(R);
    m->method = eigen_modes(m) ? CR_MEAN_EIGEN : CR_MEAN_EXPM;
    return CR_OK;
}

int cr_nmean_prepare(cr_nmean *m, const cr_nmap *S, double gamma, const double *e,
                     char *err, size_t errlen)
{
    return prepare(m, S, gamma, e, 0, err, errlen);
}

int cr_nmean_prepare_general(cr_nmean *m, const cr_nmap *S, double gamma, const double *e,
                             char *err, size_t errlen)
{
    return prepare(m, S, gamma, e, 1, err, errlen);
}

/* y = e^{At} x for the real d × d matrix A (GSL, scaling and squaring). */
static int expm_apply(cr_nmean *m, double t, const double *x, double *y)
{
    int d = m->d;
    double *At = m->work, *E = m->work + d * d;
    for (int i = 0; i < d * d; i++)
        At[i] = m->A[i] * t;
    gsl_matrix_view Av = gsl_matrix_view_array(At, (size_t)d, (size_t)d);
    gsl_matrix_view Ev = gsl_matrix_view_array(E, (size_t)d, (size_t)d);
    int st = gsl_linalg_exponential_ss(&Av.matrix, &Ev.matrix, GSL_PREC_DOUBLE);
    if (st != GSL_SUCCESS)
        return st;
    for (int r = 0; r < d; r++) {
        double acc = 0.0;
        for (int c = 0; c < d; c++)
            acc += E[r * d + c] * x[c];
        y[r] = acc;
    }
    return GSL_SUCCESS;
}

/* z(t) = V e^{Λt} V^{-1} z0, refusing a t where an unresolved decay
 * (a rate indistinguishable from zero) would matter. */
static int eigen_apply(const cr_nmean *m, double t, const double *z0, double *z,
                       char *err, size_t errlen)
{
    int d = m->d;
    double complex c[CR_NMAX2];
    for (int i = 0; i < d; i++) {
        double complex acc = 0.0;
        for (int j = 0; j < d; j++)
            acc += m->Vinv[i * d + j] * z0[j];
        double rate = -creal(m->lam[i]), floor = UNRESOLVED_FACTOR * m->dlam;
        if (rate <= floor && acc != 0.0) {
            if (t * floor * cabs(acc) > UNRESOLVED_TOL)
                return cr_error(err, errlen, CR_ENUMERIC,
                                "mean evolution: t = %.6g is beyond what double precision resolves "
                                "here (a decay rate of %.3g or less is lost in round-off); t up "
                                "to %.3g is answered", t, floor, UNRESOLVED_TOL / (floor * cabs(acc)));
            rate = 0.0; /* frozen: no growth from a round-off sign */
        }
        double complex ph = t == 0.0 ? 1.0 : cexp(-rate * t + I * cimag(m->lam[i]) * t);
        c[i] = acc * ph;
    }
    for (int r = 0; r < d; r++) {
        double complex acc = 0.0;
        for (int i = 0; i < d; i++)
            acc += m->V[r * d + i] * c[i];
        z[r] = creal(acc);
    }
    return CR_OK;
}

int cr_nmean_at(cr_nmean *m, const cr_nstate *rho0, double t, cr_nstate *out,
                char *err, size_t errlen)
{
    int n = m->n, n2 = n * n;
    if (rho0->n != n)
        return cr_error(err, errlen, CR_EINVAL, "mean evolution: map of %d levels, state of %d", n,
                        rho0->n);
    if (!(t >= 0.0) || !isfinite(t))
        return cr_error(err, errlen, CR_EINVAL, "mean evolution: invalid t = %g", t);
    if (t == 0.0) { /* e^{0} = 1 exactly */
        *out = *rho0;
        return CR_OK;
    }
    double x0[CR_NMAX2], x[CR_NMAX2];
    cr_nstate_to_real(rho0, x0);
    double tr0 = 0.0;
    for (int j = 0; j < n; j++)
        tr0 += x0[j];
    if (m->method == CR_MEAN_FULL) {
        if (expm_apply(m, t, x0, x) != GSL_SUCCESS)
            return cr_error(err, errlen, CR_ENUMERIC,
                            "mean evolution: matrix exponential failed at t = %.6g", t);
        double tr = 0.0;
        for (int j = 0; j < n; j++)
            tr += x[j];
        if (!(fabs(tr - tr0) <= FULL_TRACE_TOL))
            return cr_error(err, errlen, CR_ENUMERIC,
                            "mean evolution: t = %.6g too large: with no unique steady state "
                            "e^{Lt} lost the trace (%.3g)", t, tr - tr0);
    } else {
        /* x = tr0·x_ss + y, y traceless: y's coordinates z = y[1..]. */
        double z0[CR_NMAX2], z[CR_NMAX2];
        for (int i = 1; i < n2; i++)
            z0[i - 1] = x0[i] - tr0 * m->xss[i];
        int st = CR_OK;
        if (m->method == CR_MEAN_EIGEN)
            st = eigen_apply(m, t, z0, z, err, errlen);
        else if (expm_apply(m, t, z0, z) != GSL_SUCCESS)
            st = cr_error(err, errlen, CR_ENUMERIC,
                          "mean evolution: matrix exponential failed at t = %.6g", t);
        if (st != CR_OK)
            return st;
        double pops = 0.0;
        for (int i = 1; i < n2; i++) {
            x[i] = tr0 * m->xss[i] + z[i - 1];
            if (i < n)
                pops += z[i - 1];
        }
        x[0] = tr0 * m->xss[0] - pops;
    }
    cr_nstate s;
    cr_nstate_from_real(n, x, &s);
    for (int i = 0; i < n2; i++)
        if (!isfinite(creal(s.v[i])) || !isfinite(cimag(s.v[i])))
            return cr_error(err, errlen, CR_ENUMERIC,
                            "mean evolution: non-finite result at t = %.6g", t);
    *out = s;
    return CR_OK;
}

/* ---- the per-thread cache ----------------------------------------------- */

typedef struct mean_cache {
    cr_nmean *m;
    int valid;
    double gamma, e[CR_NMAX];
    cr_nmap S;
} mean_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_free(void *p)
{
    mean_cache *c = p;
    if (c != NULL)
        cr_nmean_free(c->m);
    free(c);
}

static void cache_key_init(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

static mean_cache *thread_cache(void)
{
    pthread_once(&cache_once, cache_key_init);
    if (!cache_key_ok)
        return NULL;
    mean_cache *c = pthread_getspecific(cache_key);
    if (c != NULL)
        return c;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->m = cr_nmean_alloc();
    if (c->m == NULL || pthread_setspecific(cache_key, c) != 0) {
        cache_free(c);
        return NULL;
    }
    return c;
}

int cr_nmean_cached(const double complex *entries, int n, double gamma, const double *e,
                    double t, const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen)
{
    if (n < 2 || n > CR_NMAX || rho0->n != n)
        return cr_error(err, errlen, CR_EINVAL,
                        "mean evolution: map of %d levels, state of %d (2 to %d)",
                        n, rho0->n, CR_NMAX);
    mean_cache *c = thread_cache();
    if (c == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "mean evolution: out of memory");
    size_t bytes = sizeof(double complex) * (size_t)(n * n * n * n);
    int hit = c->valid && c->S.n == n && c->gamma == gamma
           && memcmp(c->e, e, sizeof(double) * (size_t)n) == 0
           && memcmp(c->S.m, entries, bytes) == 0;
    if (!hit) {
        c->valid = 0;
        c->S.n = n;
        memcpy(c->S.m, entries, bytes);
        c->gamma = gamma;
        memcpy(c->e, e, sizeof(double) * (size_t)n);
        int st = cr_nmean_prepare(c->m, &c->S, gamma, e, err, errlen);
        if (st != CR_OK)
            return st;
        c->valid = 1;
    }
    return cr_nmean_at(c->m, rho0, t, out, err, errlen);
}
