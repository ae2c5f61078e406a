/* amplitudes.c — scattering amplitudes of the qubit (physics.md §4). */
#include "config.h"

#include "colres/amplitudes.h"

#include <math.h>
#include <string.h>

#include "colres/status.h"

void cr_system_init(cr_system *sys, const cr_params *p)
{
    memset(sys, 0, sizeof *sys);
    double half = p->delta / 2.0;
    sys->e[0] = -half;
    sys->e[1] = +half;
    /* V = λ(σx + σy) with <0|V|1> = λ(1+i) (physics.md §2). */
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

static double sinc(double x)
{
    return fabs(x) < 1e-4 ? 1.0 - x * x / 6.0 : sin(x) / x;
}

void cr_amp_approx(const cr_system *sys, double E, double complex s[2][2])
{
    if (E < sys->e_max) {
        s[0][0] = 1.0; s[0][1] = 0.0;
        s[1][0] = 0.0; s[1][1] = 1.0;
        return;
    }
    /* e^{iL K(E)} = A·I + B·H_tot for the two eigenvalues ±R:
     * with q_a = √(2m(E-R)), q_b = √(2m(E+R)), σ = (q_a+q_b)/2 and
     * δq = (q_a-q_b)/2 = -mR/σ,  A = e^{iLσ} cos(Lδq),
     * B = i e^{iLσ} sin(Lδq)/R, written through sinc to stay exact as R → 0. */
    double m2 = 2.0 * sys->mass, L = sys->length, R = sys->radius;
    double qa = sqrt(m2 * (E - R)), qb = sqrt(m2 * (E + R));
    double sigma = 0.5 * (qa + qb);
    double dq = -sys->mass * R / sigma;
    double complex base = cexp(I * L * sigma);
    double complex A = base * cos(L * dq);
    double complex B = -I * base * L * (sys->mass / sigma) * sinc(L * dq);
    double k0 = sqrt(m2 * (E - sys->e[0]));
    double k1 = sqrt(m2 * (E - sys->e[1]));
    double complex ph0 = cexp(-0.5 * I * L * k0), ph1 = cexp(-0.5 * I * L * k1);
    double complex ph[2] = { ph0, ph1 };
    for (int jp = 0; jp < 2; jp++)
        for (int j = 0; j < 2; j++)
            s[jp][j] = ph[jp] * ph[j] * ((jp == j ? A : 0.0) + B * sys->htot[jp][j]);
}
