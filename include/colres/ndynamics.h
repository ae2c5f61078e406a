/*
 * colres/ndynamics.h — the master equation (Eq. 8) and single trajectories
 * (Eq. 5) for N levels: Liouvillian, steady state, e^{ℒt}, thermal and
 * named initial states, the dephased map D·S, first-order estimates
 * (Eq. 14–15), trace distance and coherence measures.
 *
 * States are vec(ρ) with index j·N + k (colres/nlevel.h).  Energies e[]
 * are cr_params_energies().  For N = 2 every function gives exactly what
 * its qubit counterpart in colres/dynamics.h / trajectory.h gives (it
 * calls it), so the paper's qubit prints the same digits through either
 * header; the general algorithms are the same at N = 2 to round-off.
 *
 * Ownership: value types, except cr_ntraj (alloc/free, NULL-safe free).
 * Threads: reentrant; one cr_ntraj per thread.
 * Errors: CR_EINVAL (a bad name, N out of range), CR_ENUMERIC with a
 * message when a linear solve or the matrix exponential fails or gives
 * non-finite numbers, or the steady state is not unique.
 */
#ifndef COLRES_NDYNAMICS_H
#define COLRES_NDYNAMICS_H

#include <complex.h>
#include <stddef.h>

#include "colres/dynamics.h"
#include "colres/nlevel.h"

typedef struct cr_nstate {
    int n;
    double complex v[CR_NMAX2];   /* v[j * n + k] = ρ_jk */
} cr_nstate;

void cr_nstate_from_qubit(const cr_state *s, cr_nstate *out);
int cr_nstate_to_qubit(const cr_nstate *s, cr_state *out);   /* CR_EINVAL if n != 2 */

/* ℒ = -i diag(E_j - E_k) + Γ(S - I), N² × N², row stride N². */
void cr_nliouvillian(const cr_nmap *S, double gamma, const double *e,
                     double complex *L);

/* Null vector of ℒ with trace 1, Hermitian.  CR_ENUMERIC ("not unique")
 * when the collisions' population transfers leave levels that never
 * exchange population (S = identity, λ = 0) or ℒ is singular. */
int cr_nsteady_state(const cr_nmap *S, double gamma, const double *e,
                     cr_nstate *out, char *err, size_t errlen);

/* ρ(t) = e^{ℒt} ρ0. */
int cr_nevolve(const cr_nmap *S, double gamma, const double *e, double t,
               const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen);

/* D·S: S followed by zeroing every coherence.  out may be S. */
void cr_nmap_dephased(const cr_nmap *S, cr_nmap *out);

/* e^{-βH_S}/Z, weights relative to the most populated level (no overflow
 * at any β).  N out of range: all zero. */
void cr_nthermal_state(int n, const double *e, double beta, cr_nstate *out);

/* "ground" |0><0|, "excited" |N-1><N-1| (the top level; the paper's |1><1|
 * for a qubit), "thermal", "plus" the uniform superposition
 * Σ_j |j>/√N.  Other names: CR_EINVAL, the valid list in err. */
int cr_nstate_initial(const char *name, int n, const double *e, double beta,
                      cr_nstate *out, char *err, size_t errlen);

/* First order in Γ: ρ_th + Γρ^{(1)}; coherences from Eq. 14,
 * ρ_jk ≈ -(iΓ/Δ_jk) Σ_j' S^{j'j'}_{jk} ρ_th,j'j', populations from Eq. 15:
 * Σ_j' (S^{j'j'}_{jj} - δ_jj') ρ^{(1)}_j'j' = -Σ_{j'≠k'} S^{j'k'}_{jj} ρ^{(1)}_j'k',
 * solved with Tr ρ^{(1)} = 0 in place of the last level's equation (for
 * the qubit this is cr_first_order's closed form).  CR_ENUMERIC as for
 * the steady state when the populations' solution is not unique. */
int cr_nfirst_order(const cr_nmap *S, double gamma, double beta, const double *e,
                    cr_nstate *out, char *err, size_t errlen);

/* ½‖a - b‖₁ (eigenvalues of the Hermitian difference). */
double cr_ntrace_distance(const cr_nstate *a, const cr_nstate *b);

/* Σ_{j≠k} |ρ_jk| (the l1 norm of coherence). */
double cr_ncoherence(const cr_nstate *s);

/* Largest |difference| of the entries (+inf if N differs). */
double cr_nstate_max_diff(const cr_nstate *a, const cr_nstate *b);

/* Smallest eigenvalue of a state (the Hermitian part). */
double cr_nstate_min_eigenvalue(const cr_nstate *s);

/* Single trajectories, as colres/trajectory.h: waiting times τ ~ Exp(Γ),
 * ρ ← S U^τ ρ (or D S U^τ ρ).  For N = 2 the same random numbers and the
 * same states as cr_traj with the same seed.  A new cr_ntraj is a qubit
 * from |1><1| with S = identity, as a new cr_traj.  The state's N comes
 * from cr_ntraj_reset_to(), the map's from cr_ntraj_set_map(); while they
 * differ cr_ntraj_step() does nothing.  An N out of range is ignored. */
typedef struct cr_ntraj cr_ntraj;
cr_ntraj *cr_ntraj_alloc(unsigned long seed);
void cr_ntraj_free(cr_ntraj *t);
void cr_ntraj_reset_to(cr_ntraj *t, unsigned long seed, const cr_nstate *rho0);
void cr_ntraj_set_map(cr_ntraj *t, const cr_nmap *S, double gamma, const double *e);
void cr_ntraj_set_dephase(cr_ntraj *t, int on);
void cr_ntraj_step(cr_ntraj *t, unsigned long n);
void cr_ntraj_state(const cr_ntraj *t, cr_nstate *rho);
double cr_ntraj_time(const cr_ntraj *t);
unsigned long cr_ntraj_count(const cr_ntraj *t);

/* Largest |Tr ρ - 1| seen since the last reset, as cr_traj_max_trace_drift(). */
double cr_ntraj_max_trace_drift(const cr_ntraj *t);

#endif
