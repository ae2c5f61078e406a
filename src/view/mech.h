/*
 * view/mech.h — the mechanism on screen: an ensemble of K trajectories
 * (colres/ensemble.h) that follows the session's trajectory, whose member
 * 0 is that trajectory (same seed, same map, the same collisions), looked
 * at between collisions so that each ρ_jk precesses at its Bohr frequency
 * and jumps at each collision; the ensemble's mean of ρ00 with its
 * standard error; e^{ℒt}ρ(0) at the ensemble's time; and the compare
 * mode's mean curves (Fig. 1).
 *
 * cr_mech_view is the part the renderer reads (embedded in cr_view as
 * v->mech); cr_mech is the session's, which fills it.
 *
 * Ownership: cr_mech_new() / cr_mech_free() (NULL safe).
 * Threads: the session's thread only.
 * Errors: cr_mech_new() and cr_mech_set_k() return NULL / -1 when out of
 * memory (the old ensemble is kept).
 */
#ifndef COLRES_VIEW_MECH_H
#define COLRES_VIEW_MECH_H

#include <complex.h>
#include <stddef.h>

#include "colres/ndynamics.h"
#include "view/screen.h"

#define CR_MECH_K_MAX 4096        /* trajectories in the TUI's ensemble */
#define CR_MECH_TAIL 16           /* frames of the running trajectory's path (0.64 s) */
#define CR_MECH_CMP_POINTS 301    /* samples of each compare-mode mean */
#define CR_MECH_CMP_MAX 4
#define CR_MECH_WINDOW CR_SCREEN_TRAJ_WINDOW

typedef struct cr_mech_view {
    int k;                        /* trajectories (1: the trajectory alone) */
    int pair_j, pair_k;           /* the coherence plane's ρ_jk, j < k */
    int have;                     /* the fields below hold data */
    double t, gt;                 /* the ensemble's time and Γt */
    unsigned long collisions;     /* member 0's */
    /* The coherence plane: every member's ρ_jk (member 0 first), its recent
     * path (ring buffer), the members' mean, e^{ℒt}ρ(0)'s and the steady
     * state's (from the view's nsteady). */
    size_t cloud_n;
    double cloud_re[CR_MECH_K_MAX], cloud_im[CR_MECH_K_MAX];
    size_t tail_n, tail_start;
    double tail_re[CR_MECH_TAIL], tail_im[CR_MECH_TAIL];
    double complex cloud_mean, exact_mean;
    int have_exact;
    /* ρ00 of the ensemble against Γt (K > 1): mean and mean ± 2 SE. */
    size_t ens_n, ens_start;
    double ens_gt[CR_SCREEN_TRAJ_MAX], ens_mean[CR_SCREEN_TRAJ_MAX];
    double ens_lo[CR_SCREEN_TRAJ_MAX], ens_hi[CR_SCREEN_TRAJ_MAX];
    /* Compare mode: each Γ's mean ρ00 e^{ℒt}ρ(0) on CR_MECH_CMP_POINTS Γt
     * from 0 to CR_MECH_WINDOW (cmp_n == 0: not computed). */
    int cmp_n;
    double cmp_gt[CR_MECH_CMP_POINTS];
    double cmp_mean[CR_MECH_CMP_MAX][CR_MECH_CMP_POINTS];
    int at_end;                   /* stopped at the end of the window */
    int stepping;                 /* key '.': running to the next collision */
} cr_mech_view;

typedef struct cr_mech cr_mech;

cr_mech *cr_mech_new(void);
void cr_mech_free(cr_mech *m);

/* The ensemble's size (1 to CR_MECH_K_MAX); the caller starts a new
 * trajectory after it.  Returns 0, or -1 (out of memory, K kept). */
int cr_mech_set_k(cr_mech *m, cr_mech_view *mv, int k);
/* The next size of the key's cycle 1, 16, 64, 256, 1024, 4096, 1. */
int cr_mech_next_k(int k);

/* A new ensemble from rho0 (member i seeded seed + i), with or without D. */
void cr_mech_reset(cr_mech *m, cr_mech_view *mv, unsigned long seed, const cr_nstate *rho0,
                   int dephase);
/* The map, Γ and energies of the steps from now on (as the trajectory's);
 * the exact mean continues from where it is. */
void cr_mech_set_map(cr_mech *m, const cr_nmap *S, double gamma, const double *e);
void cr_mech_set_dephase(cr_mech *m, int on);

/* Follow the session's trajectory: member 0 to `count` collisions, then
 * `frac` (0 ≤ frac < 1) of the way to its next one; fills mv.  Γ converts
 * time to Γt. */
void cr_mech_follow(cr_mech *m, cr_mech_view *mv, unsigned long count, double frac);
/* Member 0's time (its last collision) and the time of its next one. */
double cr_mech_last(const cr_mech *m);
double cr_mech_next(const cr_mech *m);

/* The compare mode's mean curves e^{ℒt}ρ(0) (on: compare mode is shown),
 * at the Γ and D of CR_SCREEN_CMP_GAMMAS / _DEPHASE (D on all of them with
 * dephase_all), from the last reset's ρ(0) under the last map; computed
 * again only when one of these changed.  Off or no map yet: none. */
void cr_mech_cmp_update(cr_mech *m, cr_mech_view *mv, int on, int dephase_all);

/* Collisions due in a frame of dt seconds: `speed` a second, or, while
 * key '.' steps (mv->stepping), one after step_s seconds of precession.
 * *carry keeps the fraction left over: how far the trajectory is between
 * two collisions (0 ≤ *carry < 1). */
unsigned long cr_mech_collisions_due(cr_mech_view *mv, double speed, double dt, double step_s,
                                     double *carry);
/* The trajectories reached the window's end (gt ≥ window): sets at_end
 * and *carry = 0, and returns 1 the first time. */
int cr_mech_window_reached(cr_mech_view *mv, double gt, double window, double *carry);

/* The next pair (j, k) of an N-level system in the order (0,1), (0,2), …,
 * (1,2), …, back to (0,1). */
void cr_mech_next_pair(cr_mech_view *mv, int n);

#endif
