/* exact.c — exact scattering amplitudes of the qubit on the centred square
 * matrix potential λ(σx + σy) f(x), f = 1 on [-L/2, L/2] ("exact";
 * Ref. [12] of the paper).
 *
 * Method: f(x) = f(-x), and parity acts on x only, so the problem splits
 * into an even and an odd one.  For each, a wave e^{-ik_j x}|j> comes in from
 * the right and R^{e,o} e^{ik x} goes out (decaying e^{-κx} in a closed
 * channel, k = iκ); matching at x = +L/2 alone gives a 2×2 linear system.
 * The solution incoming from the left is (ψ_e - ψ_o)/2, hence
 *     t = (R^e - R^o)/2,   r = (R^e + R^o)/2.
 * Inside, the even/odd solutions are cos(q_n x) and sin(q_n x)/q_n per
 * eigenmode φ_n of H_tot: analytic in q_n² = 2m(E - w_n), so nothing is
 * singular at q_n → 0.  A closed mode (q_n² < 0) is divided by
 * cosh(κ_n L/2), which leaves only bounded quantities (1 and tanh) and keeps
 * the system well scaled however large κL is. */
#include "config.h"

#include "colres/amplitudes.h"

#include <math.h>
#include <string.h>

#include "colres/status.h"
#include "special.h"


/* |z|² without the overflow care of cabs (hypot): the entries here are
 * bounded (see the file comment). */
static inline double norm2(double complex z)
{
    return creal(z) * creal(z) + cimag(z) * cimag(z);
}

/* |Re z| + |Im z|, within a factor √2 of |z|: enough for a scale. */
static inline double norm1(double complex z)
{
    return fabs(creal(z)) + fabs(cimag(z));
}

/* Solve the 2×2 system A X = B (B diagonal, given as b[2]) by Cramer's rule;
 * returns 0 if A is numerically singular (|det| below 1e-15 of the scale of
 * its products, or below 1e-300).  Squared norms and one real division: this
 * runs twice per amplitude evaluation. */
static int solve2(const double complex A[2][2], const double complex b[2],
                  double complex X[2][2])
{
    double complex det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    double scale = (norm1(A[0][0]) + norm1(A[0][1])) * (norm1(A[1][0]) + norm1(A[1][1]));
    double det2 = norm2(det), tiny = 1e-15 * scale;
    if (!(fmax(fabs(creal(det)), fabs(cimag(det))) > 1e-300 && det2 > tiny * tiny))
        return 0;
    /* |det|² may underflow where |det| does not: divide as complex there. */
    double complex inv = det2 > 1e-280 ? conj(det) * (1.0 / det2) : 1.0 / det;
    X[0][0] =  A[1][1] * b[0] * inv;
    X[0][1] = -A[0][1] * b[1] * inv;
    X[1][0] = -A[1][0] * b[0] * inv;
    X[1][1] =  A[0][0] * b[1] * inv;
    return 1;
}

int cr_amp_exact(const cr_system *sys, double E,
                 double complex s_plus[2][2], double complex s_minus[2][2])
{
    double above_e[2] = { E - sys->e[0], E - sys->e[1] };
    double above_w[2] = { E - sys->w[0], E - sys->w[1] };
    return cr_amp_exact_above(sys, above_e, above_w, s_plus, s_minus);
}

int cr_amp_exact_above(const cr_system *sys, const double above_e[2],
                       const double above_w[2],
                       double complex s_plus[2][2], double complex s_minus[2][2])
{
    memset(s_plus, 0, sizeof(double complex) * 4);
    memset(s_minus, 0, sizeof(double complex) * 4);
    if (!isfinite(above_e[0]) || !isfinite(above_e[1])
        || !isfinite(above_w[0]) || !isfinite(above_w[1]))
        return CR_ENUMERIC;

    double m2 = 2.0 * sys->mass, half = 0.5 * sys->length;
    /* Channels: k_j > 0 if open (E > e_j), else k_j = iκ_j (decaying).
     * The sines and cosines of k_j L/2 and of the modes' q_n L/2 two lanes
     * at a time (special.h), as the approx map's. */
    double complex k[2], ik[2], em[2];
    double q2[2] = { m2 * above_w[0], m2 * above_w[1] };
    double ya[2], yb[2], sa[2], ca[2], sb[2], cb[2];
    int open[2];
    for (int j = 0; j < 2; j++) {
        double k2 = m2 * above_e[j];
        open[j] = k2 > 0.0;
        ya[j] = open[j] ? sqrt(k2) * half : 0.0;
        yb[j] = q2[j] >= 0.0 ? sqrt(q2[j]) * half : 0.0;
    }
    if (!open[0] && !open[1])
        return CR_OK;
    cr_sincos_pair(ya, sa, ca);
    cr_sincos_pair(yb, sb, cb);
    for (int j = 0; j < 2; j++) {
        double k2 = m2 * above_e[j];
        if (open[j]) {
            double kr = sqrt(k2);
            k[j] = kr;
            ik[j] = I * kr;
            em[j] = CMPLX(ca[j], -sa[j]); /* e^{-ik L/2} */
        } else {
            double kappa = sqrt(-k2);
            k[j] = I * kappa;
            ik[j] = -kappa;
            em[j] = 0.0; /* never used: no incoming or outgoing flux */
        }
    }

    cr_mode_half h[2];
    for (int n = 0; n < 2; n++)
        h[n] = cr_mode_from(q2[n], half, sb[n], cb[n]);

    /* Interior ψ = Σ_n a_n u_n(x) φ_n.  Matching at x = L/2 to
     * e^{-ik_j x}|j> + Σ R_{j'j} e^{ik_{j'} x}|j'> and eliminating R gives,
     * column n of the system matrix (Φ_{j'n} = <j'|φ_n> = phi[n][j']):
     *   even:  (q_n² sn_n + i k_{j'} cs_n) Φ_{j'n},  RHS  2ik_j e^{-ik_j L/2}
     *   odd:   (cs_n - i k_{j'} sn_n) Φ_{j'n},       RHS -2ik_j e^{-ik_j L/2}
     * and then R_{j'j} = e^{-ik_{j'}L/2} (ψ_{j'}(L/2) - δ_{j'j} e^{-ik_j L/2}). */
    double complex Ae[2][2], Ao[2][2], be[2], bo[2];
    for (int jp = 0; jp < 2; jp++)
        for (int n = 0; n < 2; n++) {
            double complex phi = sys->phi[n][jp];
            Ae[jp][n] = (h[n].qsn + ik[jp] * h[n].cs) * phi;
            Ao[jp][n] = (h[n].cs - ik[jp] * h[n].sn) * phi;
        }
    for (int j = 0; j < 2; j++) {
        be[j] = open[j] ? 2.0 * ik[j] * em[j] : 0.0;
        bo[j] = -be[j];
    }
    double complex Xe[2][2], Xo[2][2];
    if (!solve2(Ae, be, Xe) || !solve2(Ao, bo, Xo))
        return CR_ENUMERIC;

    for (int jp = 0; jp < 2; jp++) {
        if (!open[jp])
            continue;
        for (int j = 0; j < 2; j++) {
            if (!open[j])
                continue;
            double complex psi_e = 0.0, psi_o = 0.0;
            for (int n = 0; n < 2; n++) {
                psi_e += sys->phi[n][jp] * h[n].cs * Xe[n][j];
                psi_o += sys->phi[n][jp] * h[n].sn * Xo[n][j];
            }
            double complex in = jp == j ? em[j] : 0.0;
            double complex Re = em[jp] * (psi_e - in);
            double complex Ro = em[jp] * (psi_o - in);
            /* Flux normalisation √(k_{j'}/k_j). */
            double flux = sqrt(creal(k[jp]) / creal(k[j]));
            s_plus[jp][j] = flux * 0.5 * (Re - Ro);
            s_minus[jp][j] = flux * 0.5 * (Re + Ro);
        }
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            if (!isfinite(creal(s_plus[a][b])) || !isfinite(cimag(s_plus[a][b]))
                || !isfinite(creal(s_minus[a][b])) || !isfinite(cimag(s_minus[a][b]))) {
                memset(s_plus, 0, sizeof(double complex) * 4);
                memset(s_minus, 0, sizeof(double complex) * 4);
                return CR_ENUMERIC;
            }
    return CR_OK;
}
