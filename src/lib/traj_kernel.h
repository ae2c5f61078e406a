/*
 * traj_kernel.h — one collision and the free precession of a trajectory's
 * state in real form (ndynamics_general.h), private to the engine: the
 * single trajectories (trajectory.c, ntrajectory.c) and the ensembles
 * (ensemble.c) step through these, so every member of an ensemble is the
 * trajectory `colres trajectory` would print for its seed, bit for bit.
 *
 * Threads: reentrant (the state and maps belong to the caller).
 */
#ifndef COLRES_TRAJ_KERNEL_H
#define COLRES_TRAJ_KERNEL_H

/* Qubit: x = (ρ00, ρ11, Re ρ01, Im ρ01), M = S in real form.  ρ ← S U^τ ρ
 * (then D when dephase is set), renormalised when the trace drifts by
 * more than 1e-12.  Returns |Tr ρ - 1| before renormalising. */
double cr_traj_collide_real(const double M[4][4], double delta, int dephase,
                            double tau, double x[4]);

/* Qubit: U^τ alone, ρ01 → e^{iΔτ} ρ01 (Δ_01 = -Δ). */
void cr_traj_precess_real(double delta, double tau, double x[4]);

/* N levels, the general path: map is S in real form (row stride N²), e the
 * energies.  As cr_traj_collide_real. */
double cr_ntraj_collide_real(int n, const double *map, const double *e, int dephase,
                             double tau, double *x);

/* N levels: U^τ alone, ρ_jk → e^{-i(E_j - E_k)τ} ρ_jk. */
void cr_ntraj_precess_real(int n, const double *e, double tau, double *x);

#endif
