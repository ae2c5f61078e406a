/*
 * colres/sweep.h — 1-D curves along any parameter and 2-D |ρ01| heat maps,
 * computed by worker threads (pthreads), with progress and cancellation.
 *
 * A Γ sweep needs one map: S does not depend on Γ.
 * Ownership: the caller owns every array passed in and out.
 * Threads: the functions create their own workers (opts->threads, 0 means
 * one per online CPU) and join them before returning.  Workers start with
 * every signal blocked, so signal handlers run on the caller's threads
 * only.  The progress and row callbacks are called from worker threads
 * (or the calling thread, for Γ curves and the rows of a Γ heat map),
 * serialised by an internal mutex; they must not call back into the sweep.
 * Cancellation: set *opts->cancel to non-zero from any thread or a signal
 * handler; the call then returns CR_ECANCEL after finishing the cells in
 * progress (no partial row is ever reported).  The workers bind the flag
 * (colres/cancel.h), so an N-level cell with exact amplitudes stops
 * within one amplitude rather than at the end of its map.
 */
#ifndef COLRES_SWEEP_H
#define COLRES_SWEEP_H

#include <complex.h>
#include <signal.h>
#include <stddef.h>
#include "colres/dynamics.h"
#include "colres/ndynamics.h"

/* What a heat map shows of each cell's steady state.  The first
 * CR_Q_COUNT are the TUI's (its key cycles them); the others only
 * cr_heatmap computes (the command's --quantity). */
enum cr_quantity {
    CR_Q_RHO01_ABS = 0,   /* |ρ01| */
    CR_Q_COHERENCE,       /* Σ_{j≠k} |ρ_jk| */
    CR_Q_DISTANCE,        /* trace distance to the thermal state */
    CR_Q_COUNT,
    CR_Q_RHO00 = CR_Q_COUNT, /* ρ00, the ground-state population */
    CR_Q_FIRST_ORDER,     /* |ρ01| to first order in Γ (Eq. 14); NaN where undefined */
    CR_Q_ROUGH,           /* the rough estimate s²(Γ/Δ)exp(-βmΔx²Δ²/2) (Eq. 24) */
    CR_Q_ALL
};
/* "rho01_abs", "coherence", "distance", "rho00", "first_order", "rough";
 * lookup returns -1 if unknown. */
const char *cr_quantity_name(int q);
int cr_quantity_lookup(const char *name);
/* --quantity's list "Q1,Q2,...": at most max names, each once, into q;
 * returns how many, or -1 with the message (the option's) in err. */
int cr_quantity_list(const char *text, int *q, int max, char *err, size_t errlen);
/* Every name, for messages: the CLI's and the library's say the same. */
#define CR_QUANTITY_NAMES "rho01_abs, coherence, distance, rho00, first_order, rough"
/* The quantity of a steady state ss at parameters p (for the thermal
 * state of CR_Q_DISTANCE); CR_Q_FIRST_ORDER needs the map: NaN here. */
double cr_quantity_of(int q, const cr_nstate *ss, const cr_params *p);

typedef struct cr_sweep_opts {
    int threads;                                   /* 0: one per CPU */
    void (*progress)(void *ctx, size_t done, size_t total);
    /* Heat maps: called once per finished row with its index and values. */
    void (*row_done)(void *ctx, size_t row, const double *values, size_t n);
    void *ctx;
    volatile sig_atomic_t *cancel;                 /* may be NULL */
    size_t shard_k, shard_n;                       /* rows ≡ k mod n; n=0: all */
    /* Heat maps: rows with skip_rows[iy] set are not computed (may be NULL). */
    const unsigned char *skip_rows;
    /* Heat maps with y ≠ Γ: an optional caller-owned cache of every cell's
     * map, maps[iy * nx + ix], valid for rows with maps_ok[iy] set.  A row
     * whose maps are valid costs steady states only (S does not depend on
     * Γ); a row computed here stores its maps and sets maps_ok[iy].  The
     * caller clears maps_ok when any parameter but Γ (or the grid) changes. */
    cr_map *maps;
    unsigned char *maps_ok;
    /* The same for another system than the paper's qubit (whose cells
     * use maps): each cell's N⁴ map entries (rows of stride N², as in
     * cr_nmap) at nmaps[(iy * nx + ix) * N⁴], valid for rows with
     * maps_ok[iy] set. */
    double complex *nmaps;
    /* Non-zero: every map is D·S (cr_map_dephased), the model with the
     * dephasing D after each collision (Eq. 3). */
    int dephase;
    /* Heat maps: enum cr_quantity (0: |ρ01|). */
    int quantity;
    /* Heat maps: several quantities per cell (nquantities > 0): then
     * values[(iy * nx + ix) * nquantities + k] is quantities[k], and
     * row_done gets nx * nquantities values. */
    const int *quantities;
    int nquantities;
    /* Non-NULL: a point (sweep) or cell (heat map, index iy * nx + ix)
     * that fails (any status but CR_ENOMEM and CR_ECANCEL: a singular
     * steady state, an invalid parameter set, ...) is reported here and
     * left as NaN (a sweep point: every number of its states), and the
     * scan goes on.  Serialised like the other callbacks.  NULL: the
     * first failure stops the scan and is returned. */
    void (*failed)(void *ctx, size_t index, int status, const char *msg);
} cr_sweep_opts;

typedef struct cr_sweep_point {
    double value;       /* the swept parameter */
    cr_state steady;
    cr_state thermal;
    cr_state first;     /* first-order estimate */
} cr_sweep_point;

/* A point of a sweep of any system (colres/nlevel.h): 3 KiB. */
typedef struct cr_nsweep_point {
    double value;
    cr_nstate steady, thermal, first;
} cr_nsweep_point;

/* Evenly spaced (log: geometric) grid of n points from a to b. */
int cr_grid(double a, double b, size_t n, int log_scale, double *out,
            char *err, size_t errlen);
/* Point i of that grid, the same double, without the array (for callers
 * that stream long grids); a, b, n as checked by cr_grid. */
double cr_grid_value(double a, double b, size_t n, int log_scale, size_t i);

/* Along Γ the work is one map, then cr_sweep_gamma() on the calling thread
 * (progress and cancellation still apply); along any other parameter one
 * map per point on worker threads. */
int cr_sweep_1d(const cr_params *base, int param_id, const double *values,
                size_t n, cr_sweep_point *out, const cr_sweep_opts *opts,
                char *err, size_t errlen);

/* The same for any level scheme and coupling (the paper's qubit too:
 * then the same numbers as cr_sweep_1d). */
int cr_nsweep_1d(const cr_params *base, int param_id, const double *values,
                 size_t n, cr_nsweep_point *out, const cr_sweep_opts *opts,
                 char *err, size_t errlen);

/* A Γ curve from an already computed map S of base (S does not depend on
 * Γ): out[i] at Γ = gammas[i], the other parameters from base.  Runs on
 * the calling thread, microseconds per point; no allocation. */
int cr_sweep_gamma(const cr_map *S, const cr_params *base, const double *gammas,
                   size_t n, cr_sweep_point *out, char *err, size_t errlen);

/* values[iy * nx + ix] = |ρ01| (or opts->quantity) of the steady state at
 * (xs[ix], ys[iy]), for any level scheme and coupling (a system other
 * than the paper's qubit computes every map on the general path and
 * ignores the map cache).
 * Rows outside the shard, or skipped, are left untouched.  With y = Γ the work is done
 * column by column (one map per column, as S does not depend on Γ): then
 * progress counts columns and row_done is called for every row, in order,
 * after the last column. */
int cr_heatmap(const cr_params *base, int xparam, const double *xs, size_t nx,
               int yparam, const double *ys, size_t ny, double *values,
               const cr_sweep_opts *opts, char *err, size_t errlen);

#endif
