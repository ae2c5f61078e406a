/* special.h — small special functions shared by the engine's amplitude
 * code, and the two-lane sin, cos and exp of the map's quadrature nodes
 * (private to src/lib; not part of the public API). */
#ifndef COLRES_LIB_SPECIAL_H
#define COLRES_LIB_SPECIAL_H

#include <complex.h>
#include <float.h>
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


/* sin, cos and exp of two arguments at once, for the quadrature nodes of
 * the map: inline, branch-free, in two-lane vectors (GCC/clang vector
 * extensions: SSE2 on x86-64, no flags), so that the evaluations overlap;
 * the libm calls, with their rounding-mode guards and a branch per
 * quadrant, were half of a map's time.  They agree with libm to 2 units in
 * the last place (tests/check_smap.c compares them over wide ranges); the
 * callers give arguments beyond the range reduced here, NaN and infinities
 * to libm.  Round-to-nearest and IEEE doubles without excess precision are
 * assumed (no fast-math), as everywhere in colres. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define CR_VECTOR_MATH 1 /* else (x87 excess precision) everything goes to libm */
#else
#define CR_VECTOR_MATH 0
#endif
typedef double cr_v2d __attribute__((vector_size(16)));
typedef unsigned long long cr_v2i __attribute__((vector_size(16))); /* bits */

/* Rounding by the 1.5·2^52 shift: x + SHIFT holds round(x) (|x| < 2^51) in
 * its low mantissa bits, two's complement: bits(x + SHIFT) - bits(SHIFT)
 * (modulo 2^64). */
#define CR_SHIFT 0x1.8p52

static inline cr_v2d cr_v2_load(const double *x)
{
    cr_v2d v;
    __builtin_memcpy(&v, x, sizeof v);
    return v;
}

static inline void cr_v2_store(double *x, cr_v2d v)
{
    __builtin_memcpy(x, &v, sizeof v);
}

/* Two square roots in one instruction where SSE2 has it. */
static inline cr_v2d cr_sqrt2(cr_v2d x)
{
#ifdef __SSE2__
    return __builtin_ia32_sqrtpd(x);
#else
    cr_v2d r = { sqrt(x[0]), sqrt(x[1]) };
    return r;
#endif
}

/* sin and cos of two arguments |x| <= CR_SINCOS_MAX: x = nπ/2 + r with π/2
 * in three parts, the first two of 33 significant bits, so that n·part is
 * exact for |n| < 2^20 and x - n·P1 is exact (Sterbenz); |r| <= π/4 (plus
 * round-off), where the Taylor series to r^15 (sin) and r^16 (cos) leave
 * < 7e-17 and < 3e-18.  The quadrant n mod 4 = 2·b1 + b0 swaps them (b0)
 * and flips the signs: of sin for b1, of cos for b0 ^ b1. */
#define CR_SINCOS_MAX 1e6
__attribute__((always_inline)) static inline void cr_sincos2(cr_v2d x, cr_v2d *s, cr_v2d *c)
{
#define CR_V2(v) { v, v }
    /* Vector constants in memory, operands of the SSE2 arithmetic. */
    static const cr_v2d k[] = {
        CR_V2(0x1.45f306dc9c883p-1), CR_V2(CR_SHIFT),                 /* 2/π, shift */
        CR_V2(0x1.921fb544p+0), CR_V2(0x1.0b4611a6p-34), CR_V2(0x1.3198a2e037073p-69),
        /* ±1/k!: odd k from 3 to 15 (sin), even k from 4 to 16 (cos). */
        CR_V2(-1.0 / 6), CR_V2(1.0 / 120), CR_V2(-1.0 / 5040), CR_V2(1.0 / 362880),
        CR_V2(-1.0 / 39916800), CR_V2(1.0 / 6227020800.0), CR_V2(-1.0 / 1307674368000.0),
        CR_V2(1.0 / 24), CR_V2(-1.0 / 720), CR_V2(1.0 / 40320), CR_V2(-1.0 / 3628800),
        CR_V2(1.0 / 479001600.0), CR_V2(-1.0 / 87178291200.0), CR_V2(1.0 / 20922789888000.0),
        CR_V2(0.5), CR_V2(1.0),
    };
#undef CR_V2
    cr_v2d t = x * k[0] + k[1];
    cr_v2d n = t - k[1];
    cr_v2i q = (cr_v2i)t - (cr_v2i)k[1];
    cr_v2d r = ((x - n * k[2]) - n * k[3]) - n * k[4];
    /* Both series in z = r² by Estrin's scheme (short dependency chains). */
    cr_v2d z = r * r, z2 = z * z, z4 = z2 * z2;
    cr_v2d sp = (k[5] + k[6] * z) + z2 * (k[7] + k[8] * z)
              + z4 * ((k[9] + k[10] * z) + z2 * k[11]);
    cr_v2d cp = (k[12] + k[13] * z) + z2 * (k[14] + k[15] * z)
              + z4 * ((k[16] + k[17] * z) + z2 * k[18]);
    cr_v2d sr = r + r * z * sp;
    cr_v2d cr = k[20] + (z2 * cp - k[19] * z);
    const cr_v2i one = { 1, 1 };
    cr_v2i swap = -(q & one); /* all ones where b0 */
    cr_v2i si = ((cr_v2i)cr & swap) | ((cr_v2i)sr & ~swap);
    cr_v2i ci = ((cr_v2i)sr & swap) | ((cr_v2i)cr & ~swap);
    *s = (cr_v2d)(si ^ ((q & 2) << 62));
    *c = (cr_v2d)(ci ^ (((q + one) & 2) << 62)); /* b0 ^ b1 = bit 1 of q + 1 */
}

/* e^x of two arguments in [-708, 709] (normal results): x = n ln2 + r with
 * ln2 in two parts, the first of 42 significant bits (n·L1 exact for |n| <=
 * 1024), |r| <= ln2/2; e^r by its Taylor series to r^13 (< 5e-18
 * relative), times 2^n built from its exponent bits. */
__attribute__((always_inline)) static inline cr_v2d cr_exp2v(cr_v2d x)
{
    const double L1 = 0x1.62e42fefa38p-1, L2 = 0x1.ef35793c7673p-45;
    const cr_v2d shift = { CR_SHIFT, CR_SHIFT };
    cr_v2d t = x * 0x1.71547652b82fep+0 + shift; /* x/ln2 */
    cr_v2d n = t - shift;
    cr_v2i ni = (cr_v2i)t - (cr_v2i)shift;
    cr_v2d r = (x - n * L1) - n * L2;
    /* Estrin's scheme: pairs of terms, then powers r², r⁴, r⁸; 1 + r last. */
    cr_v2d r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    cr_v2d hi = (1.0 / 40320 + r * (1.0 / 362880)) + r2 * (1.0 / 3628800 + r * (1.0 / 39916800))
              + r4 * (1.0 / 479001600.0 + r * (1.0 / 6227020800.0));
    cr_v2d tail = r2 * (1.0 / 2 + r * (1.0 / 6))
                + r4 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040)))
                + r8 * hi;
    cr_v2d e = 1.0 + (r + tail);
    return e * (cr_v2d)((ni + 1023) << 52);
}

/* e^x of CR_BATCH arguments; with one outside [-708, 709], all by libm. */
enum { CR_BATCH = 4 };
__attribute__((always_inline)) static inline void cr_exp4(const double x[CR_BATCH],
                                                          double y[CR_BATCH])
{
    int far = !CR_VECTOR_MATH;
    for (int i = 0; i < CR_BATCH; i++)
        far |= !(x[i] >= -708.0 && x[i] <= 709.0);
    if (far) {
        for (int i = 0; i < CR_BATCH; i++)
            y[i] = exp(x[i]);
        return;
    }
    for (int h = 0; h < CR_BATCH; h += 2)
        cr_v2_store(y + h, cr_exp2v(cr_v2_load(x + h)));
}

/* Interior solutions of one eigenmode of H_tot at x = L/2 (the exact
 * amplitudes, exact.c and nlevel.c), up to a common factor:
 *   cs = cos(qL/2),  sn = sin(qL/2)/q,  qsn = q² sn = q sin(qL/2)
 * with q² = 2m(E - w_n) (the even solution cos(qx) has value cs, slope
 * -qsn; the odd sin(qx)/q has value sn, slope cs): analytic in q², so
 * nothing is singular at q → 0.  A closed mode (q² < 0) is divided by
 * cosh(κL/2), which leaves only bounded quantities (1 and tanh). */
typedef struct cr_mode_half {
    double cs, sn, qsn;
} cr_mode_half;

/* As cr_mode_at_edge, given s, c = sin, cos of y = √q2 · half (q2 >= 0;
 * unused otherwise). */
static inline cr_mode_half cr_mode_from(double q2, double half, double s, double c)
{
    cr_mode_half h;
    if (q2 >= 0.0) {
        double q = sqrt(q2), y = q * half;
        h.cs = c;
        h.sn = fabs(y) < 1e-4 ? half * cr_sinc(y) : s / q;
    } else {
        double kappa = sqrt(-q2), y = kappa * half;
        h.cs = 1.0;
        h.sn = half * cr_tanhc(y);
    }
    h.qsn = q2 * h.sn;
    return h;
}

/* sin and cos of two arguments: two lanes at once (cr_sincos2) where both
 * are within CR_SINCOS_MAX, else libm. */
static inline void cr_sincos_pair(const double x[2], double s[2], double c[2])
{
    if (CR_VECTOR_MATH && fabs(x[0]) <= CR_SINCOS_MAX && fabs(x[1]) <= CR_SINCOS_MAX) {
        cr_v2d vs, vc;
        cr_sincos2(cr_v2_load(x), &vs, &vc);
        cr_v2_store(s, vs);
        cr_v2_store(c, vc);
        return;
    }
    sincos(x[0], &s[0], &c[0]);
    sincos(x[1], &s[1], &c[1]);
}

static inline cr_mode_half cr_mode_at_edge(double q2, double half)
{
    cr_mode_half h;
    if (q2 >= 0.0) {
        double q = sqrt(q2), y = q * half;
        if (fabs(y) < 1e-4) {
            h.cs = cos(y);
            h.sn = half * cr_sinc(y);
        } else {
            double s, c;
            sincos(y, &s, &c); /* one call for both: this runs per node */
            h.cs = c;
            h.sn = s / q;
        }
    } else {
        double kappa = sqrt(-q2), y = kappa * half;
        h.cs = 1.0;
        h.sn = half * cr_tanhc(y);
    }
    h.qsn = q2 * h.sn;
    return h;
}

/* The change of variable on a quadrature panel [p0, p1], len = p1 - p0,
 * for t in [0, 1]: p = base + off with base the nearer end that is a
 * square-root end point (sing_left, sing_right), so that p - base keeps
 * its digits there, and dp/dt = jac.  Smoothstep 3t² - 2t³ with both ends
 * singular, t² or 1 - (1-t)² with one, linear with none: the integrand's
 * √(p - p0) behaviour becomes smooth in t. */
static inline void cr_panel_point(double p0, double p1, double len, int sing_left,
                                  int sing_right, double t, double *base, double *off,
                                  double *jac)
{
    if (sing_left && sing_right) {
        double u = 1.0 - t;
        *base = t <= 0.5 ? p0 : p1;
        *off = t <= 0.5 ? len * t * t * (3.0 - 2.0 * t) : -len * u * u * (1.0 + 2.0 * t);
        *jac = 6.0 * len * t * u;
    } else if (sing_left) {
        *base = p0;
        *off = len * t * t;
        *jac = 2.0 * len * t;
    } else if (sing_right) {
        double u = 1.0 - t;
        *base = p1;
        *off = -len * u * u;
        *jac = 2.0 * len * u;
    } else {
        *base = p0;
        *off = len * t;
        *jac = len;
    }
}

#endif
