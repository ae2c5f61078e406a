/*
 * colres/nlevel.h — any level scheme H_S = diag(E_0 < ... < E_{N-1}) and
 * any Hermitian coupling V = λC (N from 2 to CR_NMAX): the system, both
 * amplitude models for N channels, and the scattering map's N⁴ entries
 * (Eq. 17), each its own integral.
 *
 * Layout: an N × N amplitude matrix is row-major, s[j' * N + j] = s_{j'j};
 * a map acts on vec(ρ) with index j·N + k:
 *   S.m[(j'·N + k') · N² + (j·N + k)] = S^{jk}_{j'k'},
 * a flat array with row stride N², as GSL's matrix views want it.
 *
 * cr_nmap_compute() is the entry point: the paper's qubit (cr_params_is_qubit)
 * takes the fast 4×4 path of colres/smap.h, copied over unchanged; every
 * other system the general path, cr_nmap_general(), which the tests hold
 * equal to the qubit path at N = 2 and to cr_nmap_reference().
 *
 * Ownership: value types; cr_nmap is large (CR_NMAX⁴ entries, 64 KiB):
 * keep it off small stacks in loops over many maps.
 * Threads: reentrant, no global state.
 * Errors: CR_EINVAL (invalid parameters), CR_ENOMEM, CR_ENUMERIC (a
 * quadrature, an eigensolver or an amplitude failed), message in err.
 */
#ifndef COLRES_NLEVEL_H
#define COLRES_NLEVEL_H

#include <complex.h>
#include <stddef.h>

#include "colres/params.h"
#include "colres/smap.h"

#define CR_NMAX2 (CR_NMAX * CR_NMAX)

/* Everything the amplitudes need, derived once from the parameters. */
typedef struct cr_nsystem {
    int n;
    double e[CR_NMAX];                      /* E_j, cr_params_energies() */
    double complex htot[CR_NMAX][CR_NMAX];  /* H_S + λC */
    double w[CR_NMAX];                      /* eigenvalues of H_tot, ascending */
    double complex phi[CR_NMAX][CR_NMAX];   /* phi[n][j] = <j|φ_n>, orthonormal */
    double e_max;                           /* max eigenvalue of H_S and H_tot */
    double mass, length;
} cr_nsystem;

/* From validated parameters (any N, the qubit included).  CR_ENUMERIC if
 * the Hermitian eigensolver fails. */
int cr_nsystem_init(cr_nsystem *sys, const cr_params *p, char *err, size_t errlen);

/* Eq. S1 for N channels: s⁺ = e^{-iL(k_j'+k_j)/2} <j'|e^{iLK(E)}|j>,
 * K(E) = √(2m(E - H_tot)), for E >= e_max; the identity below.  s⁻ = 0
 * (not written).  s_plus has N × N entries. */
void cr_namp_approx(const cr_nsystem *sys, double E, double complex *s_plus);

/* Exact transmission s⁺ and reflection s⁻ (flux-normalised) for N
 * channels at total energy E, matching at x = ±L/2.  Entries with a
 * closed channel (E < E_j or E < E_j') are 0.  CR_OK or CR_ENUMERIC. */
int cr_namp_exact(const cr_nsystem *sys, double E,
                  double complex *s_plus, double complex *s_minus);

/* The same, with E given by its distances above_e[j] = E - E_j and
 * above_w[n] = E - w_n (N each): a caller that knows them better than
 * E - E_j rounds (E just above a threshold) keeps the amplitudes'
 * square-root behaviour there exact.  CR_ECANCEL (amplitudes 0) when the
 * calling thread's cancel flag is set (colres/cancel.h). */
int cr_namp_exact_above(const cr_nsystem *sys, const double *above_e, const double *above_w,
                        double complex *s_plus, double complex *s_minus);

typedef struct cr_nmap {
    int n;                                    /* N; the matrix is N² × N² */
    double complex m[CR_NMAX2 * CR_NMAX2];    /* row stride N²; entries past N⁴ unset */
} cr_nmap;

/* Index of ρ_jk in vec(ρ) for N levels; entry S^{jk}_{j'k'} of a map. */
#define CR_NVEC(n, j, k) ((j) * (n) + (k))
#define CR_NMAP_AT(S, jp, kp, j, k) \
    ((S)->m[CR_NVEC((S)->n, jp, kp) * (S)->n * (S)->n + CR_NVEC((S)->n, j, k)])

/* The map at p: the qubit's fast path (cr_smap_compute) for the paper's
 * system, cr_nmap_general() otherwise. */
int cr_nmap_compute(const cr_params *p, cr_nmap *out, char *err, size_t errlen);

/* The general path at any N (N = 2 included): fixed Gauss–Legendre panels
 * between every break of each entry's integrand (thresholds of both
 * energies at every E_j and w_n, e_max for approx, p_inf), smoothstep
 * change of variable on each panel; all N⁴ entries integrated (Hermiticity
 * preservation may give half of them from the other half). */
int cr_nmap_general(const cr_params *p, cr_nmap *out, char *err, size_t errlen);

/* GSL adaptive quadrature of every entry independently (tests, bench). */
int cr_nmap_reference(const cr_params *p, double epsabs, double epsrel,
                      cr_nmap *out, char *err, size_t errlen);

/* A row of a heat map along Δx, any system: only the packet's Gaussian
 * changes with Δx, so cr_nmap_dx_prepare() integrates once (the panels of
 * cr_nmap_general, chosen without Δx) and keeps per node the integrand
 * without the Gaussian and the Gaussian's exponent; cr_nmap_dx_map() is
 * then a weighted sum of exponentials per cell, equal to cr_nmap_general
 * at that Δx to round-off.  CR_ENOMEM from prepare: the row is too large
 * to keep (compute cell by cell).  One row per thread. */
typedef struct cr_nmap_row cr_nmap_row;
cr_nmap_row *cr_nmap_row_alloc(void);
void cr_nmap_row_free(cr_nmap_row *r);
int cr_nmap_dx_prepare(cr_nmap_row *r, const cr_params *p, char *err, size_t errlen);
int cr_nmap_dx_map(cr_nmap_row *r, double dx, cr_nmap *out, char *err, size_t errlen);
/* The maps at m values dx[j] into out[j], in one pass over the row's nodes
 * (each equal to cr_nmap_dx_map's bit for bit; a heat-map row's cells
 * read the row once, not once per cell). */
int cr_nmap_dx_maps(cr_nmap_row *r, int m, const double *dx, cr_nmap *out, char *err,
                    size_t errlen);

/* The qubit map as an N = 2 map (entry for entry) and back (CR_EINVAL if
 * n != 2). */
void cr_nmap_from_qubit(const cr_map *S, cr_nmap *out);
int cr_nmap_to_qubit(const cr_nmap *S, cr_map *out);

/* Largest |difference| of two maps of the same N (+inf if N differs). */
double cr_nmap_max_diff(const cr_nmap *a, const cr_nmap *b);

#endif
