/*
 * colres/dynamics.h — the master equation (Eq. 8) for the qubit: Liouvillian,
 * steady state (Eq. 9 / S2), mean evolution e^{ℒt}ρ(0), thermal state,
 * first-order (Eq. 14–15) and rough (Eq. 24 / S10) estimates.
 *
 * States are vec(ρ) = (ρ00, ρ01, ρ10, ρ11) in a cr_state.
 * Ownership: value types; no allocation visible to the caller.
 * Threads: reentrant.
 * Errors: CR_ENUMERIC with a message when a linear solve or the matrix
 * exponential fails or produces non-finite numbers.
 */
#ifndef COLRES_DYNAMICS_H
#define COLRES_DYNAMICS_H

#include <complex.h>
#include <stddef.h>
#include "colres/smap.h"

typedef struct cr_state {
    double complex v[4]; /* ρ00, ρ01, ρ10, ρ11 */
} cr_state;

/* ℒ = -i diag(Δ_00, Δ_01, Δ_10, Δ_11) + Γ(S - I), Δ_jk = e_j - e_k, with
 * the population diagonals S^{jj}_{jj} - 1 written -S^{jj}_{j'j'} (trace
 * preservation), exact in relative terms however small the transfer. */
void cr_dynamics_liouvillian(const cr_map *S, double gamma, double delta,
                    double complex L[4][4]);

/* Real form of a Hermiticity-preserving superoperator acting on
 * x = (ρ00, ρ11, Re ρ01, Im ρ01). */
void cr_real_form(const double complex M[4][4], double R[4][4]);
void cr_state_to_real(const cr_state *s, double x[4]);
void cr_state_from_real(const double x[4], cr_state *s);

int cr_steady_state(const cr_map *S, double gamma, double delta,
                    cr_state *out, char *err, size_t errlen);

/* The map D·S (Eq. 3): S followed by the dephasing D, which zeroes the
 * coherences.  Used in place of S everywhere (steady state, e^{ℒt},
 * estimates) when dephasing is on; its steady state is thermal at every Γ
 * (Eq. 4).  out may be S. */
void cr_map_dephased(const cr_map *S, cr_map *out);

/* ρ(t) = e^{ℒt} ρ0. */
int cr_dynamics_evolve(const cr_map *S, double gamma, double delta, double t,
              const cr_state *rho0, cr_state *out, char *err, size_t errlen);

void cr_thermal_state(double beta, double delta, cr_state *out);
void cr_excited_state(cr_state *out);

/* A named initial state: "ground" |0><0|, "excited" |1><1| (the paper's),
 * "thermal" (at β, Δ), "plus" |+><+| with |+> = (|0> + |1>)/√2.  Other
 * names: CR_EINVAL with the valid list in err. */
int cr_state_initial(const char *name, double beta, double delta, cr_state *out,
                     char *err, size_t errlen);

/* First order in Γ: ρ_th + Γρ^{(1)} (Eq. 14 for ρ01, Eq. 15 for the
 * populations). */
int cr_first_order(const cr_map *S, double gamma, double beta, double delta,
                    cr_state *out, char *err, size_t errlen);

/* Eq. 24 / S10: s² (Γ/ω) exp(-β m Δx² ω² / 2), ω = Δ. */
double cr_rough_estimate(const cr_params *p);

/* Trace distance ½‖a - b‖₁ of two qubit states. */
double cr_trace_distance(const cr_state *a, const cr_state *b);

/* Largest |difference| of the four entries. */
double cr_state_max_diff(const cr_state *a, const cr_state *b);

#endif
