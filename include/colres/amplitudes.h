/*
 * colres/amplitudes.h — scattering amplitudes s^{(±)}_{j'j}(E) of the qubit:
 * the paper's high-energy approximation (Eq. S1) and the
 * exact solution of the piecewise-constant matrix potential.
 *
 * Ownership: cr_system is a value type filled by cr_system_init(); the
 * amplitude functions read it and write caller-owned 2×2 arrays.
 * Threads: reentrant, no global state.
 * Errors: cr_amp_exact() returns CR_ENUMERIC if the matching system is
 * singular; cr_amp_approx() cannot fail.
 */
#ifndef COLRES_AMPLITUDES_H
#define COLRES_AMPLITUDES_H

#include <complex.h>
#include "colres/params.h"

/* Everything the amplitudes need, derived once from the parameters. */
typedef struct cr_system {
    double e[2];                  /* e_0 = -Δ/2 (ground), e_1 = +Δ/2 */
    double complex htot[2][2];    /* H_S + V in the basis {|0>,|1>} */
    double w[2];                  /* eigenvalues of H_tot, w[0] <= w[1] */
    double complex phi[2][2];     /* phi[n][j] = <j|φ_n>, orthonormal */
    double radius;                /* w[1] = -w[0] = sqrt(Δ²/4 + 2λ²) */
    double e_max;                 /* max eigenvalue of H_S and H_tot */
    double mass;
    double length;
} cr_system;

void cr_system_init(cr_system *sys, const cr_params *p);

/* Eq. S1: s⁺ for E >= e_max, identity below; s⁻ = 0 (not written). */
void cr_amp_approx(const cr_system *sys, double E,
                   double complex s_plus[2][2]);

/* One entry of Eq. S1 as s⁺_{j'j}(E) = g · e^{iθ}: returns g and sets
 * *theta, so that callers multiplying amplitudes can join all phases into
 * one complex exponential. */
double complex cr_amp_approx_entry(const cr_system *sys, double E, int jp, int j,
                                  double *theta);

/* Exact transmission s⁺ and reflection s⁻ (flux-normalised) at total
 * energy E.  Entries involving a closed channel (E < e_j or E < e_j')
 * are set to 0.  Returns CR_OK or CR_ENUMERIC. */
int cr_amp_exact(const cr_system *sys, double E,
                 double complex s_plus[2][2], double complex s_minus[2][2]);

/* The same, with E given by its distances above_e[j] = E - e_j and
 * above_w[n] = E - w_n: a caller that knows them better than E - e_j
 * rounds (E just above a threshold) keeps the amplitudes' square-root
 * behaviour there exact. */
int cr_amp_exact_above(const cr_system *sys, const double above_e[2],
                       const double above_w[2],
                       double complex s_plus[2][2], double complex s_minus[2][2]);

#endif
