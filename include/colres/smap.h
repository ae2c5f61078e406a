/*
 * colres/smap.h — the scattering map S (Eq. 1, 17) as a 4×4 matrix acting on
 * vec(ρ) = (ρ00, ρ01, ρ10, ρ11):  S.m[2*j'+k'][2*j+k] = S^{jk}_{j'k'}.
 *
 * Two evaluations of the same integral:
 *  - cr_smap_compute(): the production path.  Fixed Gauss–Legendre panels
 *    between every discontinuity of the integrand, with a smoothstep change
 *    of variable on each panel that removes square-root endpoint behaviour;
 *    Hermiticity preservation gives 6 entries from the other 10, each of
 *    which is its own integral (no row derived from the trace, so detailed
 *    balance holds to relative round-off however small the transfer).
 *  - cr_smap_reference(): GSL adaptive quadrature (QAGP with the same
 *    breakpoints; where its extrapolation gives up, QAG per segment in the
 *    smoothstep variable), all 16 entries independently, to a caller-given
 *    tolerance.  Slower; for tests and bench, and the one to test the
 *    identities on.
 *
 * Ownership: the workspace is allocated per thread by the caller and reused;
 * cr_smap_free(NULL) is safe.  cr_map is a value type.
 * Errors: CR_ENOMEM, CR_EINVAL (invalid parameters), CR_ENUMERIC (the
 * quadrature or an amplitude failed; message in err).
 */
#ifndef COLRES_SMAP_H
#define COLRES_SMAP_H

#include <complex.h>
#include <stddef.h>
#include "colres/params.h"

typedef struct cr_map {
    double complex m[4][4];
} cr_map;

/* Index of ρ_jk in vec(ρ). */
#define CR_VEC(j, k) (2 * (j) + (k))

typedef struct cr_smap_workspace cr_smap_workspace;

cr_smap_workspace *cr_smap_alloc(void);
void cr_smap_free(cr_smap_workspace *w);

int cr_smap_compute(cr_smap_workspace *w, const cr_params *p, cr_map *out,
                    char *err, size_t errlen);

/* A row along Δx (a heat map's x = dx): the quadrature nodes, the
 * amplitudes and everything but the packet's Gaussian factor exp(-Δx²(p-π)²/2)
 * do not depend on Δx, so cr_smap_dx_prepare() computes them once at p
 * (its dx only validated) and keeps them in the workspace, and
 * cr_smap_dx_map() gives the map at any dx as a weighted sum of
 * exponentials: the same nodes as cr_smap_compute() with p->dx = dx, equal
 * to it to round-off, in a fraction of its time.  A new prepare replaces
 * the row; cr_smap_compute() leaves it alone.  CR_ENOMEM (from both,
 * until the next prepare) if the row would need too many nodes: then
 * compute cell by cell; CR_EINVAL from cr_smap_dx_map() if no row is
 * prepared or dx is invalid. */
int cr_smap_dx_prepare(cr_smap_workspace *w, const cr_params *p, char *err, size_t errlen);
int cr_smap_dx_map(const cr_smap_workspace *w, double dx, cr_map *out,
                   char *err, size_t errlen);
/* The maps at m (1 to CR_SMAP_DX_CHUNK) values dx[j] into out[j] in one
 * pass over the row's nodes, each equal to cr_smap_dx_map's bit for bit. */
#define CR_SMAP_DX_CHUNK 8
int cr_smap_dx_maps(const cr_smap_workspace *w, int m, const double *dx, cr_map *out,
                    char *err, size_t errlen);

/* Estimated quadrature error of each entry of S = cr_smap_compute(p):
 * |S - S'| with S' the same rule on panels a third as wide (about 3 times
 * the cost of a map).  error[r][c] matches S.m[r][c]. */
int cr_smap_error_estimate(cr_smap_workspace *w, const cr_params *p, const cr_map *S,
                           double error[4][4], char *err, size_t errlen);

/* Adaptive reference: epsabs/epsrel passed to GSL QAG per panel and entry. */
int cr_smap_reference(const cr_params *p, double epsabs, double epsrel,
                      cr_map *out, char *err, size_t errlen);

/* Largest |difference| between the entries of two maps. */
double cr_map_max_diff(const cr_map *a, const cr_map *b);

/* Upper momentum cut-off used by both evaluations. */
double cr_smap_pmax(const cr_params *p);

#endif
