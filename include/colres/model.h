/*
 * colres/model.h — filling a cr_view (colres/frame.h) from computed results.
 * Shared by `colres snapshot`, which computes everything synchronously with
 * cr_view_compute(), and by the curses UI, whose solver thread publishes
 * results stage by stage that the UI copies in with the setters below.
 *
 * Ownership: cr_view_new() returns a heap view (cr_view_free(NULL) safe);
 * the setters copy their inputs.  Threads: a view belongs to one thread;
 * the setters do not lock.  Errors: int status (colres/status.h) with a
 * message in err for the computing functions; setters cannot fail.
 */
#ifndef COLRES_MODEL_H
#define COLRES_MODEL_H

#include <stddef.h>
#include "colres/frame.h"
#include "colres/sweep.h"

/* Defaults: the paper's parameters, slider ranges (Γ 1e-2..1e2 log,
 * Δ 0.05..3, Δx 0.1..10 log, β 0.01..1 log, m 0.01..1 log), the heat-map
 * plane Δx–Δ (Fig. 3 middle), trajectory window Γt 40, seed 1, empty data,
 * map_ms = -1, the first-order overlay on, the rough one off, the units
 * panel holding the paper's example (cr_units_default) but hidden.  Keeps nothing from before. */
void cr_view_init(cr_view *v);
cr_view *cr_view_new(void);            /* calloc + cr_view_init; NULL: OOM */
void cr_view_free(cr_view *v);

/* New parameters: updates params, thermal state and the warnings
 * (physics.md §8); clears have_steady.  Curves and maps are kept until
 * replaced (the UI shows the old ones while the new ones compute). */
void cr_view_set_params(cr_view *v, const cr_params *p);

/* The Γ curve from cr_sweep_1d along CR_P_GAMMA (n is cut to
 * CR_VIEW_CURVE_MAX); fills the rough estimate too. */
void cr_view_set_curve(cr_view *v, const cr_sweep_point *pts, size_t n);

/* The steady state at the current point; sets trace_distance. */
void cr_view_set_steady(cr_view *v, const cr_state *steady);

void cr_view_traj_clear(cr_view *v);
/* Append a sample (drops the oldest when full). */
void cr_view_traj_push(cr_view *v, double gamma_t, double rho00);

void cr_view_set_mean(cr_view *v, const double *gamma_t, const double *rho00,
                      size_t n);

/* Set up an empty (all NaN) nx × ny map in the plane xparam × yparam. */
void cr_view_heat_setup(cr_view *v, int xparam, double xmin, double xmax,
                        int xlog, int yparam, double ymin, double ymax,
                        int ylog, int nx, int ny);
/* The grid values of the current map setup (xs: heat_nx, ys: heat_ny). */
int cr_view_heat_grid(const cr_view *v, double *xs, double *ys, char *err,
                      size_t errlen);
/* Copy one finished row (iy) of |ρ01| values. */
void cr_view_heat_row(cr_view *v, size_t row, const double *values,
                      size_t n);

/* Convert an experiment (colres/units.h) for the units panel: on success
 * stores the input and result and sets have_units; on error leaves the
 * view unchanged and returns the status with err set. */
int cr_view_set_units(cr_view *v, const cr_units_input *in, char *err,
                      size_t errlen);

/* Value of slider i moved by `steps` hundredths of its range (log-aware),
 * clamped to the range. */
double cr_view_slider_step(const cr_view *v, int slider, double value,
                           int steps);

/* Compute everything for v->params synchronously: map, steady state, the
 * Γ curve (points log-spaced 1e-2..1e2), the trajectory (seed v->seed,
 * one sample per collision over Γt in [0, v->traj_window]), the mean curve
 * on the same span, and the heat map at nx × ny in the view's plane
 * (threads: 0 = one per CPU).  Returns CR_OK, or a status with err naming
 * the computation that failed. */
typedef struct cr_view_compute_opts {
    size_t curve_points;   /* 0: 100 */
    int heat_nx, heat_ny;  /* 0: no heat map */
    int threads;
    volatile sig_atomic_t *cancel;  /* may be NULL */
} cr_view_compute_opts;
int cr_view_compute(cr_view *v, const cr_view_compute_opts *o, char *err,
                    size_t errlen);

#endif
