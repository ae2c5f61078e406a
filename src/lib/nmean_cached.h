/* nmean_cached.h — the mean evolution through a per-thread prepared
 * cr_nmean (nmean.c), private to src/lib: cr_nevolve() and
 * cr_dynamics_evolve() call it with the map's N⁴ entries (row stride N²,
 * the qubit's cr_map has that layout for N = 2).  The cache holds one
 * preparation per thread, freed when the thread ends, and is reused while
 * the entries, Γ and the levels are bit for bit the same. */
#ifndef COLRES_LIB_NMEAN_CACHED_H
#define COLRES_LIB_NMEAN_CACHED_H

#include <complex.h>
#include <stddef.h>

#include "colres/ndynamics.h"

int cr_nmean_cached(const double complex *entries, int n, double gamma, const double *e,
                    double t, const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen);

/* cr_nmean_prepare() with the general algorithms even at N = 2 (ℒ and
 * the steady state of ndynamics_general.h), for cr_nevolve_general(). */
typedef struct cr_nmean cr_nmean;
int cr_nmean_prepare_general(cr_nmean *m, const cr_nmap *S, double gamma, const double *e,
                             char *err, size_t errlen);

#endif
