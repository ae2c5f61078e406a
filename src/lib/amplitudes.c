/* amplitudes.c — scattering amplitudes of the qubit. */
#include "config.h"

#include "colres/amplitudes.h"

#include <math.h>
#include <string.h>

#include "colres/status.h"
#include "special.h"
#include "amp_phase.h"

void cr_system_init(cr_system *sys, const cr_params *p)
{
    memset(sys, 0, sizeof *sys);
    double half = p->delta / 2.0;
    sys->e[0] = -half;
    sys->e[1] = +half;
    /* V = λ(σx + σy) with <0|V|1> = λ(1+i). */
    sys->htot[0][0] = -half;
    sys->htot[1][1] = +half;
    sys->htot[0][1] = p->lambda * (1.0 + 1.0 * I);
    sys->htot[1][0] = p->lambda * (1.0 - 1.0 * I);
    /* H_tot = R n·σ: eigenvalues ±R, R = sqrt(Δ²/4 + 2λ²). */
    double radius = sqrt(half * half + 2.0 * p->lambda * p->lambda);
    sys->radius = radius;
    sys->w[0] = -radius;
    sys->w[1] = +radius;
    sys->e_max = fmax(radius, half);
    sys->mass = p->mass;
    sys->length = p->length;

    /* Eigenvectors in closed form.  For w = ±R:
     * (H - w) φ = 0  →  φ ∝ (h01, w - h00) or (w - h11, h10). Pick the
     * better-conditioned one of the two. */
    for (int n = 0; n < 2; n++) {
        double w = sys->w[n];
        double complex a0 = sys->htot[0][1], a1 = w - sys->htot[0][0];
        double complex b0 = w - sys->htot[1][1], b1 = sys->htot[1][0];
        double na = cabs(a0) * cabs(a0) + cabs(a1) * cabs(a1);
        double nb = cabs(b0) * cabs(b0) + cabs(b1) * cabs(b1);
        double complex v0, v1;
        double nn;
        if (na >= nb) { v0 = a0; v1 = a1; nn = na; }
        else          { v0 = b0; v1 = b1; nn = nb; }
        if (nn == 0.0) { /* λ = 0 and degenerate: cannot happen for Δ > 0 */
            v0 = n == 0; v1 = n == 1; nn = 1.0;
        }
        nn = sqrt(nn);
        sys->phi[n][0] = v0 / nn;
        sys->phi[n][1] = v1 / nn;
    }
    /* For λ = 0 the eigenvectors are the basis states themselves. */
    if (p->lambda == 0.0) {
        sys->phi[0][0] = 1.0; sys->phi[0][1] = 0.0;
        sys->phi[1][0] = 0.0; sys->phi[1][1] = 1.0;
    }
}

double complex cr_amp_approx_entry(const cr_system *sys, double E, int jp, int j,
                                  double *theta)
{
    if (E < sys->e_max) {
        *theta = 0.0;
        return jp == j ? 1.0 : 0.0;
    }
    /* e^{iL K(E)} = A·I + B·H_tot for the two eigenvalues ±R of H_tot:
     * with q_a = √(2m(E-R)), q_b = √(2m(E+R)), σ = (q_a+q_b)/2 and
     * δq = (q_a-q_b)/2 = -mR/σ,  A = e^{iLσ} cos(Lδq),
     * B = i e^{iLσ} sin(Lδq)/R = -i e^{iLσ} (Lm/σ) sinc(Lδq), exact as R → 0.
     * The common phase e^{iLσ} joins e^{-iL(k_j'+k_j)/2} in theta. */
    double m2 = 2.0 * sys->mass, L = sys->length, R = sys->radius;
    double qa = sqrt(m2 * (E - R)), qb = sqrt(m2 * (E + R));
    double sigma = 0.5 * (qa + qb);
    double ldq = -L * sys->mass * R / sigma;
    double kjp = sqrt(m2 * (E - sys->e[jp]));
    double kj = jp == j ? kjp : sqrt(m2 * (E - sys->e[j]));
    /* θ = L(σ - (k_j' + k_j)/2) from the differences q - k (amp_phase.h). */
    *theta = cr_amp_qubit_theta(L, m2, R, qa, qb, sys->e[jp], kjp, sys->e[j], kj);
    double complex g = -I * (L * sys->mass / sigma) * cr_sinc(ldq) * sys->htot[jp][j];
    if (jp == j)
        g += cos(ldq);
    return g;
}

void cr_amp_approx(const cr_system *sys, double E, double complex s[2][2])
{
    for (int jp = 0; jp < 2; jp++)
        for (int j = 0; j < 2; j++) {
            double theta;
            double complex g = cr_amp_approx_entry(sys, E, jp, j, &theta);
            s[jp][j] = g * cexp(I * theta);
        }
}
