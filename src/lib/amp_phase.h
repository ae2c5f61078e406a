/* amp_phase.h — the phases of Eq. S1 without cancellation (private to
 * src/lib): one formula for the qubit's amplitudes (amplitudes.c, the
 * map's nodes in smap_grid.c) and the N-level ones (nlevel.c, nmap.c).
 *
 * Eq. S1 multiplies e^{iLq_n} (q_n = √(2m(E - w_n)), a mode of H_tot) by
 * e^{-iL(k_a + k_b)/2} (k_x = √(2m(E - e_x))).  At high energy both are
 * huge (kL ~ 1e7 at E = 1e14) and nearly cancel: formed as they are
 * written, the joint phase keeps only |kL|·1e-16 absolute accuracy.  The
 * differences q - k = (q² - k²)/(q + k) = 2m(e - w)/(q + k) carry it with
 * relative accuracy at every energy. */
#ifndef COLRES_LIB_AMP_PHASE_H
#define COLRES_LIB_AMP_PHASE_H

#include <complex.h>

#include "colres/nlevel.h"
#include "special.h" /* CMPLX under clang */

/* L(q - k)/2 for q = √(2m(E - w)), k = √(2m(E - e)), m2 = 2m: half the
 * phase that mode w gains over channel e across the region, as
 * cr_amp_half_num / (q + k).  q and k are the caller's (≥ 0); q = k = 0
 * (E = e = w) gives 0.  (nlevel.c divides two at a time.) */
static inline double cr_amp_half_num(double L, double m2, double e, double w)
{
    return 0.5 * L * m2 * (e - w);
}

static inline double cr_amp_half_phase(double L, double m2, double e, double w,
                                       double q, double k)
{
    double s = q + k;
    return s > 0.0 ? cr_amp_half_num(L, m2, e, w) / s : 0.0;
}

/* The qubit's joint phase θ_ab = L(σ - (k_a + k_b)/2) of Eq. S1 in the
 * closed form of amplitudes.c: σ = (q_a + q_b)/2 over the modes w = +R,
 * q_a = √(2m(E - R)), and w = -R, q_b = √(2m(E + R)); symmetric in a and
 * b to the last bit. */
static inline double cr_amp_qubit_theta(double L, double m2, double R, double qa, double qb,
                                        double ea, double ka, double eb, double kb)
{
    return 0.5 * (cr_amp_half_phase(L, m2, ea, R, qa, ka) + cr_amp_half_phase(L, m2, eb, R, qa, kb)
                  + cr_amp_half_phase(L, m2, ea, -R, qb, ka) + cr_amp_half_phase(L, m2, eb, -R, qb, kb));
}

/* N levels (nlevel.c): v[n][a] = e^{iL(q_n - k_a)/2} - 1 at E ≥ e_max,
 * accurate relative to itself, so that Eq. S1 reads
 *   s⁺_{ab} = δ_ab + Σ_n <a|φ_n><φ_n|b> (v[n][a] v[n][b] + v[n][a] + v[n][b])
 * (Σ_n |φ_n><φ_n| = 1 taken exactly): s - I keeps its relative accuracy
 * however close to the identity s is. */
void cr_namp_half_phases(const cr_nsystem *sys, double E,
                         double complex v[CR_NMAX][CR_NMAX]);

/* The same sum for the entries (a, b0) and (a, b1), from the projectors
 * P_n,ab = <a|φ_n><φ_n|b> at p0[n * stride] and p1[n * stride].  In real
 * arithmetic, each entry with the operations of proj·(va·vb + va + vb) in
 * their order (C's complex product also checks for NaN at each step); two
 * entries side by side, so that their chains of additions overlap.  This
 * sum is most of an approx N-level map's time. */
static inline void cr_namp_entries(int n, const double complex *p0, const double complex *p1,
                                   int stride, double complex v[CR_NMAX][CR_NMAX], int a,
                                   int b0, int b1, double complex out[2])
{
    double re0 = 0.0, im0 = 0.0, re1 = 0.0, im1 = 0.0;
    for (int q = 0; q < n; q++) {
        size_t at = (size_t)q * (size_t)stride;
        double ar = creal(v[q][a]), ai = cimag(v[q][a]);
        double br = creal(v[q][b0]), bi = cimag(v[q][b0]);
        double cr = creal(v[q][b1]), ci = cimag(v[q][b1]);
        double tr0 = ar * br - ai * bi + ar + br, ti0 = ar * bi + ai * br + ai + bi;
        double tr1 = ar * cr - ai * ci + ar + cr, ti1 = ar * ci + ai * cr + ai + ci;
        double pr0 = creal(p0[at]), pi0 = cimag(p0[at]);
        double pr1 = creal(p1[at]), pi1 = cimag(p1[at]);
        re0 += pr0 * tr0 - pi0 * ti0;
        im0 += pr0 * ti0 + pi0 * tr0;
        re1 += pr1 * tr1 - pi1 * ti1;
        im1 += pr1 * ti1 + pi1 * tr1;
    }
    out[0] = CMPLX((a == b0 ? 1.0 : 0.0) + re0, im0);
    out[1] = CMPLX((a == b1 ? 1.0 : 0.0) + re1, im1);
}

/* One entry (a, b) of that sum. */
static inline double complex cr_namp_entry(int n, const double complex *proj, int stride,
                                           double complex v[CR_NMAX][CR_NMAX], int a, int b)
{
    double complex out[2];
    cr_namp_entries(n, proj, proj, stride, v, a, b, b, out);
    return out[0];
}

#endif
