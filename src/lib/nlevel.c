/* nlevel.c — the N-level system (H_S, H_tot = H_S + λC and its
 * eigenmodes) and both amplitude models for N channels
 * (colres/nlevel.h).
 *
 * Exact amplitudes: the method of exact.c for the qubit, with N channels.
 * f(x) = f(-x) and parity acts on x only, so the problem splits into an
 * even and an odd one; for each, a wave e^{-ik_j x}|j> comes in from the
 * right and R^{e,o} e^{ik x} goes out (decaying in a closed channel), and
 * matching at x = +L/2 alone gives an N × N linear system with one
 * right-hand side per open channel.  The solution incoming from the left
 * is (ψ_e - ψ_o)/2: t = (R^e - R^o)/2, r = (R^e + R^o)/2.  Inside, the
 * even/odd solutions of mode n are cos(q_n x) and sin(q_n x)/q_n, analytic
 * in q_n² = 2m(E - w_n); a closed mode is divided by cosh(κ_n L/2), so the
 * system holds only bounded quantities however large κL is. */
#include "config.h"

#include "colres/nlevel.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "colres/cancel.h"
#include "colres/status.h"
#include "special.h"
#include "amp_phase.h"

/* The modes of H_tot's block on the levels idx[0..m-1] (GSL's Hermitian
 * eigensolver), appended at sys->w[*nq], sys->phi[*nq] (zero outside the
 * block). */
static int block_modes(cr_nsystem *sys, const int *idx, int m, int *nq, char *err, size_t errlen)
{
    gsl_matrix_complex *A = gsl_matrix_complex_alloc((size_t)m, (size_t)m);
    gsl_matrix_complex *V = gsl_matrix_complex_alloc((size_t)m, (size_t)m);
    gsl_vector *eval = gsl_vector_alloc((size_t)m);
    gsl_eigen_hermv_workspace *ws = gsl_eigen_hermv_alloc((size_t)m);
    int st = CR_OK;
    if (A == NULL || V == NULL || eval == NULL || ws == NULL) {
        st = cr_error(err, errlen, CR_ENOMEM, "N-level system: out of memory");
        goto done;
    }
    for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
            /* Hermitian by construction: average the two halves so that a
             * coupling Hermitian only to round-off stays exact. */
            double complex h = 0.5 * (sys->htot[idx[j]][idx[k]] + conj(sys->htot[idx[k]][idx[j]]));
            gsl_matrix_complex_set(A, (size_t)j, (size_t)k, gsl_complex_rect(creal(h), cimag(h)));
        }
    if (gsl_eigen_hermv(A, eval, V, ws) != GSL_SUCCESS) {
        st = cr_error(err, errlen, CR_ENUMERIC, "N-level system: the eigensolver of H_tot failed");
        goto done;
    }
    for (int q = 0; q < m; q++, (*nq)++) {
        sys->w[*nq] = gsl_vector_get(eval, (size_t)q);
        if (!isfinite(sys->w[*nq])) {
            st = cr_error(err, errlen, CR_ENUMERIC, "N-level system: non-finite eigenvalue");
            goto done;
        }
        for (int j = 0; j < m; j++) {
            gsl_complex z = gsl_matrix_complex_get(V, (size_t)j, (size_t)q);
            sys->phi[*nq][idx[j]] = CMPLX(GSL_REAL(z), GSL_IMAG(z));
        }
    }
done:
    gsl_eigen_hermv_free(ws);
    gsl_vector_free(eval);
    gsl_matrix_complex_free(V);
    gsl_matrix_complex_free(A);
    return st;
}

int cr_nsystem_init(cr_nsystem *sys, const cr_params *p, char *err, size_t errlen)
{
    memset(sys, 0, sizeof *sys);
    int n = p->nlevels;
    if (n < 2 || n > CR_NMAX)
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid levels: %d levels; valid is 2 to %d", n, CR_NMAX);
    sys->n = n;
    sys->mass = p->mass;
    sys->length = p->length;
    cr_params_energies(p, sys->e);
    double cre[CR_NMAX][CR_NMAX], cim[CR_NMAX][CR_NMAX];
    cr_params_coupling(p, cre, cim);
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            sys->htot[j][k] = CMPLX(p->lambda * cre[j][k], p->lambda * cim[j][k])
                            + (j == k ? sys->e[j] : 0.0);

    /* Levels the coupling does not connect (no chain of C_jk != 0) never
     * exchange anything: H_tot is block diagonal and so is every
     * amplitude.  Each block is diagonalised on its own, so that its modes
     * are exactly zero outside it and no round-off (1e-16 amplitudes, 1e-32
     * transfers) leaks between the blocks; the steady state's uniqueness
     * then sees exact zeros (ndynamics.c). */
    int comp[CR_NMAX];
    for (int j = 0; j < n; j++)
        comp[j] = j;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                if (j != k && sys->htot[j][k] != 0.0 && comp[k] > comp[j]) {
                    comp[k] = comp[j];
                    changed = 1;
                }
    }
    int nq = 0, st = CR_OK;
    for (int c = 0; c < n && st == CR_OK; c++) {
        int idx[CR_NMAX], m = 0;
        for (int j = 0; j < n; j++)
            if (comp[j] == c)
                idx[m++] = j;
        if (m > 0)
            st = block_modes(sys, idx, m, &nq, err, errlen);
    }
    if (st != CR_OK)
        return st;
    /* Modes in ascending order of w (insertion sort, N <= 8). */
    for (int q = 1; q < n; q++)
        for (int r = q; r > 0 && sys->w[r] < sys->w[r - 1]; r--) {
            double tw = sys->w[r];
            sys->w[r] = sys->w[r - 1];
            sys->w[r - 1] = tw;
            for (int j = 0; j < n; j++) {
                double complex t = sys->phi[r][j];
                sys->phi[r][j] = sys->phi[r - 1][j];
                sys->phi[r - 1][j] = t;
            }
        }
    double e_max = sys->e[n - 1];
    for (int q = 0; q < n; q++)
        e_max = fmax(e_max, sys->w[q]);
    sys->e_max = e_max;
    return CR_OK;
}

void cr_namp_approx(const cr_nsystem *sys, double E, double complex *s_plus)
{
    int n = sys->n;
    if (E < sys->e_max) {
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                s_plus[a * n + b] = a == b ? 1.0 : 0.0;
        return;
    }
    double complex v[CR_NMAX][CR_NMAX], proj[CR_NMAX];
    cr_namp_half_phases(sys, E, v);
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            for (int q = 0; q < n; q++)
                proj[q] = sys->phi[q][a] * conj(sys->phi[q][b]);
            s_plus[a * n + b] = cr_namp_entry(n, proj, 1, v, a, b);
        }
}

void cr_namp_half_phases(const cr_nsystem *sys, double E, double complex v[CR_NMAX][CR_NMAX])
{
    int n = sys->n;
    double m2 = 2.0 * sys->mass, L = sys->length, k[CR_NMAX];
    for (int a = 0; a < n; a++)
        k[a] = sqrt(m2 * (E - sys->e[a]));
    /* The n² phases of cr_amp_half_phase (its numerator over q + k), their
     * sines and cosines, and cos h - 1 = -sin²h/(1 + cos h) (without
     * cancellation near 0), two at a time: the same operations as one at
     * a time, each exactly rounded. */
    enum { NN = CR_NMAX * CR_NMAX + 2 };
    double num[NN], den[NN], h[NN], sn[NN], cs[NN], cm1[NN];
    int nn = n * n;
    for (int q = 0; q < n; q++) {
        double qn = sqrt(m2 * (E - sys->w[q]));
        for (int a = 0; a < n; a++) {
            num[q * n + a] = cr_amp_half_num(L, m2, sys->e[a], sys->w[q]);
            den[q * n + a] = qn + k[a];
        }
    }
    num[nn] = 0.0; /* pads an odd count */
    den[nn] = 1.0;
    for (int x = 0; x < nn; x += 2) {
        cr_v2_store(h + x, cr_v2_load(num + x) / cr_v2_load(den + x));
        for (int y = x; y < x + 2; y++)
            if (!(den[y] > 0.0)) /* q = k = 0: E = e = w */
                h[y] = 0.0;
        cr_sincos_pair(h + x, sn + x, cs + x);
        cr_v2d s = cr_v2_load(sn + x), c = cr_v2_load(cs + x), one = { 1.0, 1.0 };
        cr_v2_store(cm1 + x, -s * s / (one + c));
    }
    for (int q = 0; q < n; q++)
        for (int a = 0; a < n; a++) {
            int x = q * n + a;
            v[q][a] = CMPLX(cs[x] > 0.0 ? cm1[x] : cs[x] - 1.0, sn[x]);
        }
}


/* Solve A X = diag(b) for the columns j with open[j]: LU with partial
 * pivoting, P A = L U (L unit lower; both kept in A, perm[i] the row of A
 * at position i, GSL's convention).  Written out rather than
 * gsl_linalg_complex_LU_decomp: for N <= 8 GSL's BLAS calls and its
 * complex inverse (a hypot per pivot) were a third of an exact map's
 * time, the arithmetic a tenth of that.  Returns 0 if A is numerically
 * singular: a pivot below 1e-14 of the largest entry's size, or not
 * finite. */
static int solve_n(int n, double complex A[CR_NMAX * CR_NMAX], const double complex *b,
                   const int *open, double complex X[CR_NMAX][CR_NMAX])
{
    double scale = 0.0;
    for (int i = 0; i < n * n; i++)
        scale = fmax(scale, fabs(creal(A[i])) + fabs(cimag(A[i])));
    if (!(scale > 0.0) || !isfinite(scale))
        return 0;
    int perm_data[CR_NMAX];
    double complex inv_diag[CR_NMAX];
    for (int i = 0; i < n; i++)
        perm_data[i] = i;
    for (int k = 0; k < n; k++) {
        int r = k;
        double best = -1.0;
        for (int i = k; i < n; i++) {
            double v = fabs(creal(A[i * n + k])) + fabs(cimag(A[i * n + k]));
            if (v > best) {
                best = v;
                r = i;
            }
        }
        if (!(best > 1e-14 * scale))
            return 0;
        if (r != k) {
            for (int c = 0; c < n; c++) {
                double complex t = A[k * n + c];
                A[k * n + c] = A[r * n + c];
                A[r * n + c] = t;
            }
            int t = perm_data[k];
            perm_data[k] = perm_data[r];
            perm_data[r] = t;
        }
        double ur = creal(A[k * n + k]), ui = cimag(A[k * n + k]);
        double u2 = ur * ur + ui * ui;
        double complex inv = u2 > 1e-280 ? CMPLX(ur / u2, -ui / u2) : 1.0 / A[k * n + k];
        inv_diag[k] = inv;
        for (int i = k + 1; i < n; i++) {
            double complex l = A[i * n + k] * inv;
            A[i * n + k] = l;
            for (int c = k + 1; c < n; c++)
                A[i * n + c] -= l * A[k * n + c];
        }
    }
    /* Forward and back substitution per open channel. */
    for (int j = 0; j < n; j++) {
        if (!open[j])
            continue;
        double complex y[CR_NMAX];
        for (int i = 0; i < n; i++) {
            double complex v = perm_data[i] == j ? b[j] : 0.0;
            for (int l = 0; l < i; l++)
                v -= A[i * n + l] * y[l];
            y[i] = v;
        }
        for (int i = n - 1; i >= 0; i--) {
            double complex v = y[i];
            for (int l = i + 1; l < n; l++)
                v -= A[i * n + l] * y[l];
            y[i] = v * inv_diag[i];
        }
        for (int i = 0; i < n; i++)
            X[i][j] = y[i];
    }
    return 1;
}

int cr_namp_exact(const cr_nsystem *sys, double E,
                  double complex *s_plus, double complex *s_minus)
{
    double above_e[CR_NMAX], above_w[CR_NMAX];
    for (int j = 0; j < sys->n; j++) {
        above_e[j] = E - sys->e[j];
        above_w[j] = E - sys->w[j];
    }
    return cr_namp_exact_above(sys, above_e, above_w, s_plus, s_minus);
}

int cr_namp_exact_above(const cr_nsystem *sys, const double *above_e, const double *above_w,
                        double complex *s_plus, double complex *s_minus)
{
    int n = sys->n;
    memset(s_plus, 0, sizeof(double complex) * (size_t)(n * n));
    memset(s_minus, 0, sizeof(double complex) * (size_t)(n * n));
    if (cr_cancelled())
        return CR_ECANCEL; /* colres/cancel.h: an exact map stops here */
    for (int j = 0; j < n; j++)
        if (!isfinite(above_e[j]) || !isfinite(above_w[j]))
            return CR_ENUMERIC;
    double m2 = 2.0 * sys->mass, half = 0.5 * sys->length;
    double complex ik[CR_NMAX], em[CR_NMAX];
    double kr[CR_NMAX];
    int open[CR_NMAX], any = 0;
    for (int j = 0; j < n; j++) {
        double k2 = m2 * above_e[j];
        open[j] = k2 > 0.0;
        if (open[j]) {
            kr[j] = sqrt(k2);
            ik[j] = CMPLX(0.0, kr[j]);
            double s, c;
            sincos(kr[j] * half, &s, &c);
            em[j] = CMPLX(c, -s); /* e^{-ikL/2} */
            any = 1;
        } else {
            kr[j] = 0.0;
            ik[j] = -sqrt(-k2); /* k = iκ: the outgoing wave decays */
            em[j] = 0.0;
        }
    }
    if (!any)
        return CR_OK;
    cr_mode_half h[CR_NMAX];
    for (int q = 0; q < n; q++)
        h[q] = cr_mode_at_edge(m2 * above_w[q], half);
    /* Column q of the system (Φ_{j'q} = phi[q][j']):
     *   even: (q² sn + i k_{j'} cs) Φ_{j'q},  RHS  2ik_j e^{-ik_j L/2}
     *   odd:  (cs - i k_{j'} sn) Φ_{j'q},      RHS -2ik_j e^{-ik_j L/2}. */
    double complex Ae[CR_NMAX * CR_NMAX], Ao[CR_NMAX * CR_NMAX], be[CR_NMAX], bo[CR_NMAX];
    for (int jp = 0; jp < n; jp++)
        for (int q = 0; q < n; q++) {
            double complex phi = sys->phi[q][jp];
            Ae[jp * n + q] = (h[q].qsn + ik[jp] * h[q].cs) * phi;
            Ao[jp * n + q] = (h[q].cs - ik[jp] * h[q].sn) * phi;
        }
    for (int j = 0; j < n; j++) {
        be[j] = open[j] ? 2.0 * ik[j] * em[j] : 0.0;
        bo[j] = -be[j];
    }
    double complex Xe[CR_NMAX][CR_NMAX], Xo[CR_NMAX][CR_NMAX];
    if (!solve_n(n, Ae, be, open, Xe) || !solve_n(n, Ao, bo, open, Xo))
        return CR_ENUMERIC;
    for (int jp = 0; jp < n; jp++) {
        if (!open[jp])
            continue;
        for (int j = 0; j < n; j++) {
            if (!open[j])
                continue;
            double complex psi_e = 0.0, psi_o = 0.0;
            for (int q = 0; q < n; q++) {
                psi_e += sys->phi[q][jp] * h[q].cs * Xe[q][j];
                psi_o += sys->phi[q][jp] * h[q].sn * Xo[q][j];
            }
            double complex in = jp == j ? em[j] : 0.0;
            double complex Re = em[jp] * (psi_e - in);
            double complex Ro = em[jp] * (psi_o - in);
            double flux = sqrt(kr[jp] / kr[j]);
            s_plus[jp * n + j] = flux * 0.5 * (Re - Ro);
            s_minus[jp * n + j] = flux * 0.5 * (Re + Ro);
        }
    }
    for (int i = 0; i < n * n; i++)
        if (!isfinite(creal(s_plus[i])) || !isfinite(cimag(s_plus[i]))
            || !isfinite(creal(s_minus[i])) || !isfinite(cimag(s_minus[i]))) {
            memset(s_plus, 0, sizeof(double complex) * (size_t)(n * n));
            memset(s_minus, 0, sizeof(double complex) * (size_t)(n * n));
            return CR_ENUMERIC;
        }
    return CR_OK;
}
