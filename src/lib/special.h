/* special.h — small special functions shared by the engine's amplitude
 * code (private to src/lib; not part of the public API). */
#ifndef COLRES_LIB_SPECIAL_H
#define COLRES_LIB_SPECIAL_H

#include <math.h>

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
