/* reference.h — the one adaptive reference quadrature of the scattering
 * maps (smap_reference.c), used by the qubit's cr_smap_reference and the
 * N-level cr_nmap_reference.  Private to src/lib. */
#ifndef COLRES_LIB_REFERENCE_H
#define COLRES_LIB_REFERENCE_H

#include <stddef.h>

#include <gsl/gsl_integration.h>

/* ∫ fn over [br[0], br[nb-1]], nb >= 2 sorted breaks where fn is not
 * smooth: QAGP between the breaks; where its extrapolation gives up, QAG
 * (61-point Gauss–Kronrod) per segment in the smoothstep variable (square-
 * root end-point behaviour becomes smooth), a segment halved up to 10
 * times where round-off stops QAG short.  *failed (set by fn) stops it.
 * Returns a GSL status. */
int cr_reference_integral(double (*fn)(double p, void *ctx), void *ctx, const int *failed,
                          const double *br, int nb, double epsabs, double epsrel,
                          size_t limit, gsl_integration_workspace *ws, double *result);

#endif
