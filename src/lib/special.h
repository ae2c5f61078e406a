/* special.h — small special functions shared by the engine's amplitude
 * code (private to src/lib; not part of the public API). */
#ifndef COLRES_LIB_SPECIAL_H
#define COLRES_LIB_SPECIAL_H

#include <complex.h>
#include <math.h>

/* C11's CMPLX, which glibc's <complex.h> gives GCC but not clang 14 (the
 * fuzz build): x + iy without the multiplication by I, which would turn an
 * infinite y into a NaN real part; the values here are finite. */
#ifndef CMPLX
#define CMPLX(x, y) ((double complex)((double)(x) + I * (double)(y)))
#endif

/* sin(y)/y, exact to round-off near y = 0 (the next Taylor term, y⁴/120,
 * is below 1e-18 for |y| < 1e-4). */
static inline double cr_sinc(double y)
{
    return fabs(y) < 1e-4 ? 1.0 - y * y / 6.0 : sin(y) / y;
}

/* tanh(y)/y, likewise (next term 2y⁴/15). */
static inline double cr_tanhc(double y)
{
    return fabs(y) < 1e-4 ? 1.0 - y * y / 3.0 : tanh(y) / y;
}

#endif
