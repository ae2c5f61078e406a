/* ndynamics.c — the N-level master equation (Eq. 8–15): Liouvillian,
 * steady state, e^{ℒt}, the dephased map, first order.  States, the real
 * form and distances are in nstate.c. */
#include "config.h"

#include "colres/ndynamics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "colres/mean.h"
#include "colres/status.h"
#include "ndynamics_general.h"
#include "nmean_cached.h"

/* A transfer below this is lost in round-off (as the qubit's check). */
#define MIN_TRANSFER 1e-200
/* A steady state is a density matrix: real-form entries beyond this mean
 * the solve went through a numerically singular ℒ. */
#define MAX_STEADY_ENTRY 1e6

static int valid_n(int n)
{
    return n >= 2 && n <= CR_NMAX;
}

/* The N = 2 map as the qubit's: the layouts agree entry for entry. */
static void map_to_qubit(const cr_nmap *S, cr_map *out)
{
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            out->m[r][c] = S->m[4 * r + c];
}

static void map_from_qubit(const cr_map *S, cr_nmap *out)
{
    out->n = 2;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            out->m[4 * r + c] = S->m[r][c];
}

static int finite_nstate(const cr_nstate *s)
{
    for (int i = 0; i < s->n * s->n; i++)
        if (!isfinite(creal(s->v[i])) || !isfinite(cimag(s->v[i])))
            return 0;
    return 1;
}

/* ---- Liouvillian -------------------------------------------------------- */

/* Σ_{j' != j} S^{jj}_{j'j'}: the probability that a collision moves the
 * population of level j elsewhere. */
static double population_loss(const cr_nmap *S, int j)
{
    int n = S->n;
    double acc = 0.0;
    for (int jp = 0; jp < n; jp++)
        if (jp != j)
            acc += creal(CR_NMAP_AT(S, jp, jp, j, j));
    return acc;
}

void cr_nliouvillian_general(const cr_nmap *S, double gamma, const double *e,
                             double complex *L)
{
    int n = S->n, n2 = n * n;
    if (!valid_n(n))
        return;
    for (int r = 0; r < n2; r++) {
        double bohr = e[r / n] - e[r % n];   /* Δ_jk for ρ_jk = vec[r] */
        for (int c = 0; c < n2; c++)
            L[r * n2 + c] = gamma * (S->m[r * n2 + c] - (r == c ? 1.0 : 0.0))
                          - (r == c ? I * bohr : 0.0);
    }
    /* S^{jj}_{jj} - 1 written -Σ_{j'≠j} S^{jj}_{j'j'} (trace preservation):
     * relative accuracy however small the transfer, as for the qubit. */
    for (int j = 0; j < n; j++)
        L[CR_NVEC(n, j, j) * n2 + CR_NVEC(n, j, j)] = -gamma * population_loss(S, j);
}

void cr_nliouvillian(const cr_nmap *S, double gamma, const double *e, double complex *L)
{
    if (S->n == 2) {
        cr_map q;
        double complex L4[4][4];
        map_to_qubit(S, &q);
        cr_dynamics_liouvillian(&q, gamma, e[1] - e[0], L4);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                L[4 * r + c] = L4[r][c];
        return;
    }
    cr_nliouvillian_general(S, gamma, e, L);
}

/* ---- uniqueness --------------------------------------------------------- */

/* A transfer below this fraction of the largest one is round-off: the
 * squares of 1e-16 amplitudes are 1e-32, while a transfer that matters
 * (relaxation within 1e20 collisions of the fastest) is above it. */
#define REL_TRANSFER 1e-20

/* The closed classes of the populations' transfers: cls[j] is the class
 * of level j (-1 if j is transient), the count returned.  reach[j][k]:
 * level k reachable from j through transfers above MIN_TRANSFER and
 * REL_TRANSFER of the largest (Warshall's closure); a closed class is a
 * set of levels that get back from everywhere they reach.  The
 * populations' stationary distribution is unique iff there is one. */
static int closed_classes(const cr_nmap *S, int *cls)
{
    int n = S->n;
    double largest = 0.0;
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            if (j != k)
                largest = fmax(largest, creal(CR_NMAP_AT(S, k, k, j, j)));
    double floor = fmax(MIN_TRANSFER, REL_TRANSFER * largest);
    unsigned char reach[CR_NMAX][CR_NMAX];
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            reach[j][k] = j == k || creal(CR_NMAP_AT(S, k, k, j, j)) > floor;
    for (int m = 0; m < n; m++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                if (reach[j][m] && reach[m][k])
                    reach[j][k] = 1;
    int count = 0;
    for (int j = 0; j < n; j++) {
        cls[j] = -1;
        int closed = 1;
        for (int k = 0; k < n; k++)
            if (reach[j][k] && !reach[k][j])
                closed = 0;
        if (!closed)
            continue;
        for (int k = 0; k < j && cls[j] < 0; k++)
            if (cls[k] >= 0 && reach[j][k])
                cls[j] = cls[k];
        if (cls[j] < 0)
            cls[j] = count++;
    }
    return count;
}

int cr_npopulations_connected(const cr_nmap *S)
{
    int cls[CR_NMAX];
    return closed_classes(S, cls) == 1;
}

/* "not unique", naming the levels of each closed class. */
static int not_unique(const cr_nmap *S, char *err, size_t errlen, const char *what)
{
    int cls[CR_NMAX], count = closed_classes(S, cls);
    char names[160] = "";
    size_t at = 0;
    for (int c = 0; c < count && at < sizeof names; c++) {
        at += (size_t)snprintf(names + at, sizeof names - at, "%s{", c == 0 ? "" : c + 1 == count ? " and " : ", ");
        int first = 1;
        for (int j = 0; j < S->n && at < sizeof names; j++)
            if (cls[j] == c) {
                at += (size_t)snprintf(names + at, sizeof names - at, first ? "%d" : ",%d", j);
                first = 0;
            }
        if (at < sizeof names)
            at += (size_t)snprintf(names + at, sizeof names - at, "}");
    }
    return cr_error(err, errlen, CR_ENUMERIC,
                    "%s: not unique: levels %s exchange no population (no chain of couplings "
                    "joins them, no interaction, or every transfer below %g of the largest)",
                    what, count > 1 ? names : "(none closed)", REL_TRANSFER);
}

/* Solve the n × n system a x = b in place (b becomes x); GSL LU. */
static int lu_solve(double *a, double *b, int n)
{
    gsl_matrix_view A = gsl_matrix_view_array(a, (size_t)n, (size_t)n);
    gsl_vector_view B = gsl_vector_view_array(b, (size_t)n);
    size_t pdata[CR_NMAX2];
    gsl_permutation perm = { (size_t)n, pdata };
    int signum;
    int st = gsl_linalg_LU_decomp(&A.matrix, &perm, &signum);
    if (st == GSL_SUCCESS)
        st = gsl_linalg_LU_svx(&A.matrix, &perm, &B.vector);
    return st;
}

/* ---- steady state ------------------------------------------------------- */

int cr_nsteady_state_general(const cr_nmap *S, double gamma, const double *e,
                             cr_nstate *out, char *err, size_t errlen)
{
    int n = S->n, n2 = n * n;
    if (!valid_n(n))
        return cr_error(err, errlen, CR_EINVAL, "steady state: %d levels (2 to %d)", n, CR_NMAX);
    if (!cr_npopulations_connected(S))
        return not_unique(S, err, errlen, "steady state");
    double complex *L = malloc(sizeof *L * (size_t)(n2 * n2));
    double *R = malloc(sizeof *R * (size_t)(n2 * n2));
    if (L == NULL || R == NULL) {
        free(L);
        free(R);
        return cr_error(err, errlen, CR_ENOMEM, "steady state: out of memory");
    }
    /* Eq. 9 in real form: ℒx = 0 with the ρ_00 row replaced by the trace
     * condition Σ_j ρ_jj = 1 (the qubit's choice). */
    cr_nliouvillian_general(S, gamma, e, L);
    cr_nreal_form(n, L, R);
    free(L);
    double x[CR_NMAX2];
    for (int c = 0; c < n2; c++) {
        R[c] = c < n ? 1.0 : 0.0;
        x[c] = c == 0 ? 1.0 : 0.0;
    }
    int st = lu_solve(R, x, n2);
    free(R);
    if (st != GSL_SUCCESS)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "steady state: linear solve failed (%s) at gamma = %.6g: not unique",
                        gsl_strerror(st), gamma);
    for (int i = 0; i < n2; i++)
        if (!(fabs(x[i]) <= MAX_STEADY_ENTRY))
            return cr_error(err, errlen, CR_ENUMERIC,
                            "steady state: singular Liouvillian at gamma = %.6g: not unique",
                            gamma);
    cr_nstate_from_real(n, x, out);
    return CR_OK;
}

int cr_nsteady_state(const cr_nmap *S, double gamma, const double *e,
                     cr_nstate *out, char *err, size_t errlen)
{
    if (S->n == 2) {
        cr_map q;
        cr_state s;
        map_to_qubit(S, &q);
        int st = cr_steady_state(&q, gamma, e[1] - e[0], &s, err, errlen);
        if (st == CR_OK)
            cr_nstate_from_qubit(&s, out);
        return st;
    }
    return cr_nsteady_state_general(S, gamma, e, out, err, errlen);
}

/* ---- e^{ℒt} -------------------------------------------------------------- */

int cr_nevolve_general(const cr_nmap *S, double gamma, const double *e, double t,
                       const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen)
{
    int n = S->n;
    if (!valid_n(n) || rho0->n != n)
        return cr_error(err, errlen, CR_EINVAL,
                        "mean evolution: map of %d levels, state of %d (2 to %d)",
                        n, rho0->n, CR_NMAX);
    cr_nmean *m = cr_nmean_alloc();
    if (m == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "mean evolution: out of memory");
    int st = cr_nmean_prepare_general(m, S, gamma, e, err, errlen);
    if (st == CR_OK)
        st = cr_nmean_at(m, rho0, t, out, err, errlen);
    cr_nmean_free(m);
    return st;
}

int cr_nevolve(const cr_nmap *S, double gamma, const double *e, double t,
               const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen)
{
    /* The steady state plus the decaying modes, prepared once per thread
     * and map (colres/mean.h): at any N, the qubit included. */
    return cr_nmean_cached(S->m, S->n, gamma, e, t, rho0, out, err, errlen);
}

/* ---- dephasing ---------------------------------------------------------- */

void cr_nmap_dephased_general(const cr_nmap *S, cr_nmap *out)
{
    int n = S->n, n2 = n * n;
    if (out != S)
        *out = *S;
    if (!valid_n(n))
        return;
    for (int r = 0; r < n2; r++)
        if (r / n != r % n)
            for (int c = 0; c < n2; c++)
                out->m[r * n2 + c] = 0.0;
}

void cr_nmap_dephased(const cr_nmap *S, cr_nmap *out)
{
    if (S->n == 2) {
        cr_map q;
        map_to_qubit(S, &q);
        cr_map_dephased(&q, &q);
        map_from_qubit(&q, out);
        return;
    }
    cr_nmap_dephased_general(S, out);
}

/* ---- first order (Eq. 14–15) -------------------------------------------- */

int cr_nfirst_order_general(const cr_nmap *S, double gamma, double beta, const double *e,
                            cr_nstate *out, char *err, size_t errlen)
{
    int n = S->n;
    if (!valid_n(n))
        return cr_error(err, errlen, CR_EINVAL, "first-order estimate: %d levels (2 to %d)",
                        n, CR_NMAX);
    if (!cr_npopulations_connected(S))
        return not_unique(S, err, errlen, "first-order estimate");
    cr_nstate th, c;
    cr_nthermal_state_general(n, e, beta, &th);
    /* Eq. 14: ρ_jk^{(1)} = -(i/Δ_jk) Σ_j' S^{j'j'}_{jk} ρ_th,j'j' (j != k);
     * ρ_kj^{(1)} its conjugate. */
    memset(&c, 0, sizeof c);
    c.n = n;
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            double complex acc = 0.0;
            for (int jp = 0; jp < n; jp++)
                acc += CR_NMAP_AT(S, j, k, jp, jp) * th.v[CR_NVEC(n, jp, jp)];
            double complex cjk = -(I / (e[j] - e[k])) * acc;
            c.v[CR_NVEC(n, j, k)] = cjk;
            c.v[CR_NVEC(n, k, j)] = conj(cjk);
        }
    /* Eq. 15 split into populations and coherences: for every j,
     *   Σ_j' (S^{j'j'}_{jj} - δ_jj') x_j' = -Σ_{j'≠k'} S^{j'k'}_{jj} ρ_j'k'^{(1)},
     * a singular population block (its columns sum to 0) made regular by
     * Tr ρ^{(1)} = 0 in place of the last equation (the qubit keeps the
     * ρ00 one), with S^{jj}_{jj} - 1 = -Σ_{j'≠j} S^{jj}_{j'j'} as in ℒ. */
    double a[CR_NMAX * CR_NMAX], x[CR_NMAX];
    for (int j = 0; j < n; j++) {
        double complex rhs = 0.0;
        for (int jp = 0; jp < n; jp++) {
            a[j * n + jp] = jp == j ? -population_loss(S, j)
                                    : creal(CR_NMAP_AT(S, j, j, jp, jp));
            for (int kp = 0; kp < n; kp++)
                if (kp != jp)
                    rhs += CR_NMAP_AT(S, j, j, jp, kp) * c.v[CR_NVEC(n, jp, kp)];
        }
        x[j] = -creal(rhs);
    }
    for (int jp = 0; jp < n; jp++)
        a[(n - 1) * n + jp] = 1.0;
    x[n - 1] = 0.0;
    int st = lu_solve(a, x, n);
    if (st != GSL_SUCCESS)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "first-order estimate: population solve failed (%s)", gsl_strerror(st));
    cr_nstate s;
    memset(&s, 0, sizeof s);
    s.n = n;
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            s.v[CR_NVEC(n, j, k)] = j == k ? th.v[CR_NVEC(n, j, j)] + gamma * x[j]
                                           : gamma * c.v[CR_NVEC(n, j, k)];
    if (!finite_nstate(&s))
        return cr_error(err, errlen, CR_ENUMERIC,
                        "first-order estimate: non-finite result (degenerate levels?)");
    *out = s;
    return CR_OK;
}

int cr_nfirst_order(const cr_nmap *S, double gamma, double beta, const double *e,
                    cr_nstate *out, char *err, size_t errlen)
{
    if (S->n == 2) {
        cr_map q;
        cr_state s;
        map_to_qubit(S, &q);
        int st = cr_first_order(&q, gamma, beta, e[1] - e[0], &s, err, errlen);
        if (st == CR_OK)
            cr_nstate_from_qubit(&s, out);
        return st;
    }
    return cr_nfirst_order_general(S, gamma, beta, e, out, err, errlen);
}
