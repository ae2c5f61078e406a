/*
 * view/screen.h — every constant of the screen, defined once: the Γ range
 * of the Fig. 2 panel and its number of points, the mean curve's points,
 * the trajectory window, the heat-map planes of Fig. 3, and the capacities
 * of the arrays that carry them from the solver to the renderer.
 *
 * The solver, the view model, the renderer, the TUI and `colres snapshot`
 * all read these, so the live screen and the snapshot cannot drift apart.
 * Threads: read-only data; any thread.  Errors: cr_plane_get returns -1.
 */
#ifndef COLRES_VIEW_SCREEN_H
#define COLRES_VIEW_SCREEN_H

/* Steady state vs Γ (Fig. 2): CURVE_POINTS geometric points on
 * [GAMMA_MIN, GAMMA_MAX]. */
#define CR_SCREEN_GAMMA_MIN 1e-2
#define CR_SCREEN_GAMMA_MAX 1e2
#define CR_SCREEN_CURVE_POINTS 120
/* Mean curve e^{ℒt}ρ(0): MEAN_POINTS samples over a span of Γt. */
#define CR_SCREEN_MEAN_POINTS 500
/* Γt span of the trajectory panel (Fig. 1), fixed: the trajectories stop
 * at its end.  The dephased Γ = 10 mean is within 1 % of thermal there
 * (0.76 %; 1 % is first reached at Γt = 142; check_mech measures it). */
#define CR_SCREEN_TRAJ_WINDOW 150.0

/* Compare mode (the paper's Fig. 1): trajectories at these Γ, the last one
 * with the dephasing D, from the same seed. */
#define CR_SCREEN_CMP_N 4
#define CR_SCREEN_CMP_GAMMAS { 10.0, 5.0, 1.0, 10.0 }
#define CR_SCREEN_CMP_DEPHASE { 0, 0, 0, 1 }

/* Capacities: requests beyond them are refused by the solver, never cut. */
#define CR_SCREEN_CURVE_MAX 256      /* Γ-curve points */
#define CR_SCREEN_MEAN_MAX 512       /* mean-curve samples */
#define CR_SCREEN_HEAT_MAX 128       /* heat-map cells per side */
#define CR_SCREEN_TRAJ_MAX 4096      /* trajectory samples kept */

/* Heat-map planes of the paper's Fig. 3: x axis – y axis. */
enum cr_plane_id {
    CR_PLANE_GAMMA_DELTA = 0,        /* Fig. 3 left, at Δx = 1 */
    CR_PLANE_DX_DELTA,               /* Fig. 3 middle, at Γ = 5 */
    CR_PLANE_DX_GAMMA,               /* Fig. 3 right, at Δ = 1.2 */
    CR_PLANE_COUNT
};
#define CR_PLANE_DEFAULT CR_PLANE_DX_DELTA

typedef struct cr_plane {
    int xparam, yparam;     /* enum cr_param_id */
    double x_lo, x_hi, y_lo, y_hi;
    int x_log, y_log;
    const char *name;       /* e.g. "Γ–Δ" (UTF-8) */
    const char *ascii;      /* e.g. "G-D" */
    const char *key;        /* e.g. "gamma-delta", as in preset files */
} cr_plane;

/* The axes of a plane (ranges chosen around the paper's Fig. 3).
 * Returns 0, or -1 for an unknown plane. */
int cr_plane_get(int plane, cr_plane *out);
/* The plane whose key is `key` ("gamma-delta", "dx-delta", "dx-gamma"), or
 * -1. */
int cr_plane_find(const char *key);
/* Same axes (names aside)? */
int cr_plane_equal(const cr_plane *a, const cr_plane *b);

#endif
