/*
 * colres/trajectory.h — single Poissonian trajectories (Eq. 5, Fig. 1):
 * waiting times τ ~ Exp(Γ); each collision ρ ← S U^τ ρ, or ρ ← D S U^τ ρ
 * with full dephasing D (Eq. 3) switched on.
 *
 * Ownership: the caller allocates a cr_traj with cr_traj_alloc(), owns it,
 * and frees it with cr_traj_free() (NULL safe).  It owns its GSL RNG.
 * Threads: one trajectory per thread; no global state.
 * The map may be replaced mid-run (cr_traj_set_map) to continue from the
 * current state under new parameters.
 */
#ifndef COLRES_TRAJECTORY_H
#define COLRES_TRAJECTORY_H

#include "colres/dynamics.h"

typedef struct cr_traj cr_traj;

cr_traj *cr_traj_alloc(unsigned long seed);
void cr_traj_free(cr_traj *t);

/* Start again from ρ(0) = |1><1| at t = 0 with this seed. */
void cr_traj_reset(cr_traj *t, unsigned long seed);

/* Start again from ρ(0) = rho0 (a qubit state; cr_state_initial names the
 * usual ones) at t = 0 with this seed. */
void cr_traj_reset_to(cr_traj *t, unsigned long seed, const cr_state *rho0);

/* Set the map, Γ and Δ used by later steps. */
void cr_traj_set_map(cr_traj *t, const cr_map *S, double gamma, double delta);
void cr_traj_set_dephase(cr_traj *t, int on);

/* Advance by n collisions. */
void cr_traj_step(cr_traj *t, unsigned long n);

/* Current state, time and collision count. */
void cr_traj_state(const cr_traj *t, cr_state *rho);
double cr_traj_time(const cr_traj *t);
unsigned long cr_traj_count(const cr_traj *t);

/* Largest |Tr ρ - 1| seen since the last reset (the state is renormalised
 * when it exceeds 1e-12; this reports the drift before renormalising). */
double cr_traj_max_trace_drift(const cr_traj *t);

#endif
