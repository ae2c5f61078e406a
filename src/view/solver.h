/*
 * view/solver.h — the background solver thread behind the TUI and
 * `colres snapshot` (both post the same requests to it).
 *
 * The UI posts requests (a parameter snapshot plus what to compute); each
 * post gets the next generation number.  One solver thread always works on
 * the newest request: requests posted while it is busy coalesce, and it
 * checks for a newer one between stages (map → steady state → Γ curve →
 * mean curve → heat-map rows), abandoning stale work.  Every stage's result
 * is published under a mutex, stamped with its generation, and the UI is
 * woken by one byte on a pipe (cr_solver_fd).  Stages whose inputs did not
 * change are not recomputed (S, the Γ curve and a heat map whose axes
 * include Γ do not depend on Γ), so moving the Γ slider costs microseconds.
 * In a plane without Γ (Δx–Δ) the solver keeps the map S of every cell (one
 * cache, at most CR_SCREEN_HEAT_MAX² maps of 256 bytes; for other systems
 * N⁴ entries a cell, for the rows that fit in 192 MiB: all of them up to
 * N = 4, and for N = 8 the whole map of a 200 × 60 screen), so a Γ move
 * redoes only the cells' steady states, not their maps.  S is computed once per
 * request: the steady state, the Γ curve and the mean curve all use it.
 *
 * Ownership: cr_solver_start() allocates the solver and its per-thread
 * workspaces; cr_solver_stop() joins the thread and frees everything
 * (NULL safe).  cr_solver_poll() brings a caller-owned cr_solver_result
 * up to date, copying only the parts published anew (324 kB in all:
 * allocate it once, not on a small stack).
 * Threads: post/poll/drain/fd/wait_idle/stop may be called from one thread
 * (the UI); no curses here.  The solver thread, and the sweep workers it
 * starts, run with every signal blocked, so signal handlers run on the
 * caller's thread only.  The heat map uses the sweep module's worker
 * threads, a few rows at a time.
 * Cancellation: a post (or stop) sets the solver's cancel flag, which the
 * heat map's workers poll before each cell and the engine inside each
 * exact N-level amplitude (colres/cancel.h): stale work stops within one
 * cell (a qubit or approx map: milliseconds) or one amplitude, not one
 * batch of rows.  A post that needs the very map being computed (only Γ
 * moved) lets it finish: it is kept for the new request.
 * Errors: a failing stage keeps the last good result of that stage and
 * publishes a one-line message (result.error, result.error_gen); the thread
 * carries on with the next request.  A later successful steady state of a
 * newer generation clears the message.
 */
#ifndef COLRES_SOLVER_H
#define COLRES_SOLVER_H

#include <stddef.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/sweep.h"
#include "colres/validity.h"
#include "view/screen.h"

/* What a request asks for (bit mask). */
enum cr_solver_stage {
    CR_SOLVE_MAP = 1u << 0,    /* S and its computing time */
    CR_SOLVE_STEADY = 1u << 1, /* steady, thermal and first-order states */
    CR_SOLVE_CURVE = 1u << 2,  /* steady state along Γ (Fig. 2) */
    CR_SOLVE_MEAN = 1u << 3,   /* e^{ℒt}ρ(0) over the trajectory window */
    CR_SOLVE_HEAT = 1u << 4,   /* |ρ01| in a plane (Fig. 3) */
    CR_SOLVE_VALIDITY = 1u << 5, /* the model's limits (colres/validity.h) */
    CR_SOLVE_ALL = 0x3fu
};

typedef struct cr_solver_request {
    cr_params params;
    int dephase;              /* every stage uses D·S instead of S (Eq. 3) */
    unsigned stages;          /* enum cr_solver_stage bits */
    /* Γ curve: curve_n points, geometric from curve_lo to curve_hi. */
    size_t curve_n;
    double curve_lo, curve_hi;
    /* Mean curve: e^{ℒ(t - mean_t0)} mean_rho0 at mean_n times evenly
     * spaced in [mean_t0, mean_t1] (t in time units, not Γt). */
    cr_nstate mean_rho0;      /* of the request's system (N levels) */
    double mean_t0, mean_t1;
    size_t mean_n;
    /* Heat map: heat_nx × heat_ny cells (each ≤ CR_SCREEN_HEAT_MAX) on
     * these axes. */
    cr_plane heat;
    size_t heat_nx, heat_ny;
    int quantity;             /* enum cr_quantity: the heat map's value */
} cr_solver_request;

/* Fill a request with the screen's defaults (view/screen.h): everything,
 * CR_SCREEN_CURVE_POINTS Γ points on the screen's Γ range, the default
 * plane at 40×12, CR_SCREEN_MEAN_POINTS of the mean curve from the top
 * level (|1><1| for the qubit) over
 * Γt ≤ 2 CR_SCREEN_TRAJ_WINDOW. */
void cr_solver_request_default(cr_solver_request *rq, const cr_params *p);

/* The large parts of a result, which cr_solver_poll() copies only when
 * they were published anew (each publication bumps version[part]); the
 * head above them (generations, map inputs, validity, error: 1,624 bytes)
 * is copied on every poll, and the heat map's values row by row, where
 * heat_row_version changed. */
enum cr_solver_part {
    CR_PART_MAP,      /* map: S, N² × N² (65,544 bytes) */
    CR_PART_STEADY,   /* params .. nfirst (4,464 bytes) */
    CR_PART_CURVE,    /* curve_params .. curve_qfirst (81,064 bytes) */
    CR_PART_MEAN,     /* mean_params .. mean (38,056 bytes) */
    CR_PART_HEAT,     /* heat_params .. heat_row_version (2,488 bytes;
                       * not the values, 131,072 bytes) */
    CR_PART_COUNT
};

typedef struct cr_solver_result {
    /* ---- the head: copied by every poll ---- */
    unsigned long seq;          /* bumped on every publication */
    unsigned long posted;       /* newest generation posted */
    unsigned long taken;        /* requests the thread started working on */
    int busy;                   /* working on generation `posted`? */
    unsigned long version[CR_PART_COUNT]; /* see enum cr_solver_part */
    size_t copied;              /* bytes the last cr_solver_poll() copied */

    /* Each stage's generation (0: none).  A stage whose result did not
     * change (S after a Γ move, the Γ curve) moves its generation only. */
    unsigned long gen_map, gen_steady, gen_curve, gen_mean, gen_validity;
    unsigned long gen_heat;     /* generation of the newest finished row */
    cr_params map_params;       /* of gen_map: S itself ignores Γ */
    int map_dephase;            /* map is D·S */
    double map_seconds;         /* wall time of the last computed map */
    cr_validity validity;       /* the model's limits (gen_validity) */

    int error_status;           /* 0: no error */
    unsigned long error_gen;
    char error[256];

    /* ---- CR_PART_MAP ---- */
    cr_nmap map;                /* N² × N² (colres/nlevel.h) */

    /* ---- CR_PART_STEADY ----
     * States of N levels; for other systems than the paper's qubit the
     * cr_state fields below hold their top-left 2×2 block (ρ00, ρ01, ρ10,
     * ρ11), which is what the qubit panels and exports read. */
    cr_params params;           /* the parameters of the steady state */
    cr_state steady, thermal, first;
    cr_nstate nsteady, nthermal, nfirst;

    /* ---- CR_PART_CURVE ---- */
    cr_params curve_params;     /* what the curve was computed for */
    int curve_dephase;
    size_t curve_n;
    cr_sweep_point curve[CR_SCREEN_CURVE_MAX];
    /* The same curve for any N: every population, and each quantity
     * (enum cr_quantity) of the steady state and of its first-order
     * estimate (NaN where there is none). */
    double curve_pop[CR_NMAX][CR_SCREEN_CURVE_MAX];
    double curve_q[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];
    double curve_qfirst[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];

    /* ---- CR_PART_MEAN ---- */
    cr_params mean_params;
    int mean_dephase;
    size_t mean_n;
    double mean_t[CR_SCREEN_MEAN_MAX];
    cr_state mean[CR_SCREEN_MEAN_MAX];

    /* ---- CR_PART_HEAT ---- */
    cr_params heat_params;      /* what the map was computed for (its axes'
                                 * own parameters aside) */
    int heat_dephase;
    cr_plane heat;
    size_t heat_nx, heat_ny;
    int heat_quantity;
    size_t heat_rows_done;      /* rows valid for the current heat inputs */
    int heat_complete;
    unsigned char heat_row_ok[CR_SCREEN_HEAT_MAX];
    double heat_min, heat_max;  /* over the rows done; 0 when none */
    double heat_seconds;        /* last heat map that computed anything:
                                 * from taking its request to complete; 0
                                 * before the first */
    unsigned long heat_maps;    /* maps S computed for heat maps, in all */
    unsigned long heat_rows_cached; /* rows redone from cached maps, in all */
    /* Bumped (from version[CR_PART_HEAT]) when row iy's values are stored:
     * a poll copies the rows whose version differs from the caller's. */
    unsigned long heat_row_version[CR_SCREEN_HEAT_MAX];

    /* ---- the values, row by row ---- */
    double heat_values[CR_SCREEN_HEAT_MAX * CR_SCREEN_HEAT_MAX];
} cr_solver_result;

typedef struct cr_solver cr_solver;

/* Start the thread.  Returns NULL (message in err) on failure. */
cr_solver *cr_solver_start(char *err, size_t errlen);

/* Post a request; returns its generation (1, 2, ...).  Never blocks on the
 * computation.  An invalid request is answered by an error publication. */
unsigned long cr_solver_post(cr_solver *s, const cr_solver_request *rq);

/* The memory the N-level cell cache may take (default 192 MiB), from the
 * next heat map whose cells are not cached on. */
void cr_solver_cache_limit(cr_solver *s, size_t bytes);

/* The read end of the wake-up pipe (non-blocking): poll it for POLLIN. */
int cr_solver_fd(const cr_solver *s);

/* Empty the wake-up pipe (call after POLLIN, before cr_solver_poll). */
void cr_solver_drain(cr_solver *s);

/* Bring out up to date with the published result if it changed since
 * out->seq was filled (start from a zeroed result): the head always, each
 * part and heat-map row only where its version differs from out's (so
 * out must be the same result every time, filled by nothing else);
 * out->copied says how many bytes.  Returns 1 if anything changed, else 0. */
int cr_solver_poll(cr_solver *s, cr_solver_result *out);

/* Block until the solver is idle with everything posted done or failed
 * (for snapshot and tests; the UI never calls it).  timeout_ms < 0: wait
 * forever.  Returns 0 when idle, -1 on timeout. */
int cr_solver_wait_idle(cr_solver *s, int timeout_ms);

/* Stop and join the thread, free everything.  NULL safe.  Cancels the
 * work in progress; a computation that does not poll the cancel flag (one
 * qubit map at extreme parameters can take seconds) is not waited for
 * beyond CR_SOLVER_STOP_MS: the thread is then detached and the solver's
 * memory left to the process's exit, which is what a stop is for. */
#define CR_SOLVER_STOP_MS 250
void cr_solver_stop(cr_solver *s);

#endif
