/* validity.c — eigenvalue checks of the model's validity. */
#include "config.h"

#include "colres/validity.h"

#include <stdio.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "colres/cancel.h"
#include "colres/status.h"

double cr_validity_wigner(const cr_params *p)
{
    return 4.0 * M_PI * p->dx * sqrt(p->mass / p->beta);
}

double cr_validity_state_min(const cr_state *s)
{
    double a = creal(s->v[0]), d = creal(s->v[3]);
    double complex b = 0.5 * (s->v[1] + conj(s->v[2])); /* Hermitian part */
    double h = 0.5 * (a - d);
    return 0.5 * (a + d) - sqrt(h * h + creal(b * conj(b)));
}

/* C[(j,j'),(k,k')] = <j'|S(|j><k|)|k'> = S^{jk}_{j'k'}, the Hermitian part
 * only (S preserves Hermiticity to quadrature accuracy); its smallest
 * eigenvalue. */
static int choi_min(const cr_nmap *S, double *out, char *err, size_t errlen)
{
    size_t n = (size_t)S->n, n2 = n * n;
    gsl_matrix_complex *C = gsl_matrix_complex_alloc(n2, n2);
    gsl_vector *eval = gsl_vector_alloc(n2);
    gsl_eigen_herm_workspace *w = gsl_eigen_herm_alloc(n2);
    int st = CR_OK;
    if (C == NULL || eval == NULL || w == NULL) {
        st = cr_error(err, errlen, CR_ENOMEM, "Choi matrix: out of memory");
        goto done;
    }
    for (int j = 0; j < S->n; j++)
        for (int jp = 0; jp < S->n; jp++)
            for (int k = 0; k < S->n; k++)
                for (int kp = 0; kp < S->n; kp++) {
                    double complex v = CR_NMAP_AT(S, jp, kp, j, k);
                    double complex t = CR_NMAP_AT(S, kp, jp, k, j);
                    double complex h = 0.5 * (v + conj(t));
                    gsl_matrix_complex_set(C, (size_t)(j * S->n + jp), (size_t)(k * S->n + kp),
                                           gsl_complex_rect(creal(h), cimag(h)));
                }
    if (gsl_eigen_herm(C, eval, w) != GSL_SUCCESS) {
        st = cr_error(err, errlen, CR_ENUMERIC, "Choi matrix: eigensolver failed");
        goto done;
    }
    *out = gsl_vector_min(eval);
done:
    gsl_eigen_herm_free(w);
    gsl_vector_free(eval);
    gsl_matrix_complex_free(C);
    return st;
}

int cr_validity_choi_min(const cr_map *S, double *out, char *err, size_t errlen)
{
    cr_nmap *N = malloc(sizeof *N);
    if (N == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "Choi matrix: out of memory");
    cr_nmap_from_qubit(S, N);
    int st = choi_min(N, out, err, errlen);
    free(N);
    return st;
}

int cr_validity_nchoi_min(const cr_nmap *S, double *out, char *err, size_t errlen)
{
    return choi_min(S, out, err, errlen);
}

/* Effusion distribution μ(P) = (βP/m) e^{-βP²/2m}, P > 0 (Eq. 18). */
static double effusion(const cr_params *p, double P)
{
    return P > 0.0 ? p->beta * P / p->mass * exp(-p->beta * P * P / (2.0 * p->mass)) : 0.0;
}

/* The packet on `panels` Gauss–Legendre panels of `order` nodes over
 * [0, pmax]: smallest eigenvalue of √w_i ρ_U(p_i, p_j) √w_j. */
static int packet_min_on(const cr_params *p, size_t panels, size_t order, double *out,
                         char *err, size_t errlen)
{
    size_t n = panels * order;
    double pmax = sqrt(2.0 * p->mass * 40.0 / p->beta); /* μ < 1e-17 of its peak beyond */
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(order);
    double *x = malloc(sizeof(double) * n), *sw = malloc(sizeof(double) * n);
    gsl_matrix *A = gsl_matrix_alloc(n, n);
    gsl_vector *eval = gsl_vector_alloc(n);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(n);
    int st = CR_OK;
    if (t == NULL || x == NULL || sw == NULL || A == NULL || eval == NULL || w == NULL) {
        st = cr_error(err, errlen, CR_ENOMEM, "packet state: out of memory (%zu points)", n);
        goto done;
    }
    double h = pmax / (double)panels;
    for (size_t b = 0; b < panels; b++)
        for (size_t i = 0; i < order; i++) {
            double xi, wi;
            gsl_integration_glfixed_point(b * h, (b + 1) * h, i, &xi, &wi, t);
            x[b * order + i] = xi;
            sw[b * order + i] = sqrt(wi);
        }
    double dx2 = p->dx * p->dx;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double d = x[i] - x[j];
            double v = sw[i] * sw[j] * effusion(p, 0.5 * (x[i] + x[j])) * exp(-0.5 * dx2 * d * d);
            gsl_matrix_set(A, i, j, v);
            gsl_matrix_set(A, j, i, v);
        }
    if (gsl_eigen_symm(A, eval, w) != GSL_SUCCESS) {
        st = cr_error(err, errlen, CR_ENUMERIC, "packet state: eigensolver failed (%zu points)", n);
        goto done;
    }
    *out = gsl_vector_min(eval);
done:
    gsl_eigen_symm_free(w);
    gsl_vector_free(eval);
    gsl_matrix_free(A);
    free(sw);
    free(x);
    if (t != NULL)
        gsl_integration_glfixed_table_free(t);
    return st;
}

int cr_validity_packet_min(const cr_params *p, double tol, double *out, size_t *points,
                           char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    enum { ORDER = 8 };
    /* Start from panels about as wide as the packet's coherence length
     * 1/Δx and μ's scale √(m/β), whichever is smaller, then double. */
    double pmax = sqrt(2.0 * p->mass * 40.0 / p->beta);
    double scale = fmin(1.0 / p->dx, sqrt(p->mass / p->beta));
    double want = ceil(pmax / scale);
    if (!(want * ORDER <= CR_VALIDITY_MAX_GRID / 2))
        return cr_error(err, errlen, CR_ENUMERIC,
                        "packet state: needs more than %d grid points "
                        "(dx*sqrt(mass/beta) = %.3g is too large)",
                        CR_VALIDITY_MAX_GRID, p->dx * sqrt(p->mass / p->beta));
    size_t panels = want < 4.0 ? 4 : (size_t)want;
    double prev;
    st = packet_min_on(p, panels, ORDER, &prev, err, errlen);
    while (st == CR_OK) {
        if (2 * panels * ORDER > CR_VALIDITY_MAX_GRID)
            return cr_error(err, errlen, CR_ENUMERIC,
                            "packet state: not converged to %.3g with %d grid points",
                            tol, CR_VALIDITY_MAX_GRID);
        if (cr_cancelled()) /* between solves: GSL's eigensolver is not interruptible */
            return cr_error(err, errlen, CR_ECANCEL, "packet state: cancelled");
        panels *= 2;
        double next;
        st = packet_min_on(p, panels, ORDER, &next, err, errlen);
        if (st == CR_OK && fabs(next - prev) <= tol) {
            *out = next;
            if (points != NULL)
                *points = panels * ORDER;
            return CR_OK;
        }
        prev = next;
    }
    return st;
}

int cr_validity_warnings(const cr_validity *v, char msgs[][CR_WARN_LEN], int max)
{
    int n = 0;
    if (n < max && v->packet_min < -CR_VALIDITY_PACKET_TOL)
        snprintf(msgs[n++], CR_WARN_LEN, "the packet state of Eq. 23 is not a density matrix "
                 "(smallest eigenvalue %.3g)", v->packet_min);
    if (n < max && v->choi_min < -CR_VALIDITY_CHOI_TOL)
        snprintf(msgs[n++], CR_WARN_LEN, "the map S is not completely positive "
                 "(Choi matrix eigenvalue %.3g)", v->choi_min);
    if (n < max && v->steady_min < -CR_VALIDITY_STEADY_TOL)
        snprintf(msgs[n++], CR_WARN_LEN, "the steady state is not a density matrix "
                 "(smallest eigenvalue %.3g)", v->steady_min);
    return n;
}
