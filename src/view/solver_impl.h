/*
 * solver_impl.h — private to src/view/solver.c and solver_heat.c: the
 * solver's state and the helpers its stages share (the public contract is
 * view/solver.h).
 *
 * Threads: fields above `pub` are guarded by `lock`; those after it belong
 * to the solver thread alone (cr_heatmap's workers write only their own
 * rows of cell_maps and cell_row_ok, read after they are joined).
 * Errors: int status + message.
 */
#ifndef COLRES_TUI_SOLVER_IMPL_H
#define COLRES_TUI_SOLVER_IMPL_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "view/solver.h"

/* Heat-map rows computed per cr_heatmap call: one per worker, so a newer
 * request waits for at most one row's worth of maps per worker. */
#define HEAT_BATCH 2

/* What each stage's result does not depend on, declared once, as masks of
 * parameter bits (1u << id) for cr_params_equal.  S (Eq. 17), and so the
 * Γ curve, do not depend on Γ; rough_s is only the constant of the view's
 * Eq. 24 overlay; a heat map does not depend on the current point along
 * its own axes, and its cached cell maps not on Γ either. */
#define SOLVER_MAP_IGNORE (1u << CR_P_GAMMA | 1u << CR_P_ROUGH_S)
#define SOLVER_CURVE_IGNORE SOLVER_MAP_IGNORE
/* The memory the N-level cell cache may take (the qubit's takes 4 MB at
 * most): N⁴ complex entries a cell, so every cell of a 128 × 128 map up to
 * N = 4, and at N = 8 (64 kB a cell) the whole map at 200 × 60 (128 × 21
 * cells, 168 MiB) but 24 of 128 rows at 128 × 128.  Rows beyond compute
 * their maps each time. */
#define SOLVER_CELLS_BYTES ((size_t)192 << 20)
#define SOLVER_STEADY_IGNORE (1u << CR_P_ROUGH_S)
#define SOLVER_HEAT_IGNORE(ax) (1u << (ax)->xparam | 1u << (ax)->yparam | 1u << CR_P_ROUGH_S)
#define SOLVER_CELLS_IGNORE(ax) (SOLVER_HEAT_IGNORE(ax) | SOLVER_MAP_IGNORE)

struct cr_solver {
    pthread_t thread;
    pthread_mutex_t lock;      /* guards everything down to `pub` */
    pthread_cond_t wake;       /* a request was posted, or stop */
    pthread_cond_t idle;       /* the thread finished a generation */
    int stop;
    size_t cells_bytes;        /* cr_solver_cache_limit (SOLVER_CELLS_BYTES) */
    int exited;                /* solver_main returned (cr_solver_stop) */
    unsigned long finished;    /* last generation fully handled */
    cr_solver_request pending; /* the newest request (generation pub.posted) */
    int pipefd[2];
    /* Set (atomically, under lock) by a post or stop, cleared when the
     * thread takes a request; read without the lock by the solver thread
     * and the heat map's workers (colres/cancel.h). */
    volatile sig_atomic_t cancel;
    int making_map;            /* stage_map is computing the map of */
    cr_params making_key;      /* making_key (D·S with making_dephase): */
    int making_dephase;        /* a post that needs it does not cancel */
    cr_solver_result pub;

    /* Owned by the solver thread alone. */
    cr_smap_workspace *ws;
    int have_map;
    cr_params map_key;
    int map_dephase;
    cr_map map;                /* the qubit's (valid when qubit) */
    cr_nmap nmap;              /* the map of any system (always valid) */
    int pub_map_current;       /* pub.map holds nmap (no copy needed) */
    int qubit;                 /* map_key is the paper's qubit */
    int have_curve;
    cr_solver_request curve_key;
    cr_sweep_point curve[CR_SCREEN_CURVE_MAX];
    double curve_pop[CR_NMAX][CR_SCREEN_CURVE_MAX];
    double curve_q[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];
    double curve_qfirst[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];
    cr_state mean[CR_SCREEN_MEAN_MAX];
    double mean_t[CR_SCREEN_MEAN_MAX];
    int have_packet;           /* the packet's smallest eigenvalue, which */
    cr_params packet_key;      /* depends on Δx, β and m only */
    double packet_min;
    int have_heat;             /* inputs of the heat map in pub */
    cr_params heat_params;
    int heat_dephase, heat_quantity;
    cr_plane heat_axes;
    size_t heat_nx, heat_ny;

    /* The one cache of per-cell maps of the heat map, for planes without Γ:
     * S does not depend on Γ (Eq. 17), so a Γ move only redoes the steady
     * states (microseconds per cell) from cell_maps[iy * cell_nx + ix].
     * Valid rows are those with cell_row_ok set, for the parameters
     * cell_key (Γ aside) on the grid cell_axes × cell_nx × cell_ny.  At most
     * CR_SCREEN_HEAT_MAX² maps (4 MB); freed by cr_solver_stop(). */
    cr_map *cell_maps;
    size_t cell_cap;           /* maps allocated */
    /* Another system than the paper's qubit: each cell's N⁴ map entries
     * (cr_sweep_opts.nmaps) for rows below cell_rows, the rows that fit
     * in SOLVER_CELLS_BYTES. */
    double complex *cell_nmaps;
    size_t cell_ncap;          /* entries allocated */
    size_t cell_rows;          /* rows with room in the cache */
    int have_cells;
    cr_params cell_key;
    int cell_dephase;
    cr_plane cell_axes;
    size_t cell_nx, cell_ny;
    unsigned char cell_row_ok[CR_SCREEN_HEAT_MAX];
};

/* Bump pub.version[part].  Caller holds the lock. */
void cr_solver_touch(cr_solver *s, int part);
/* Bump pub.seq and write a wake-up byte.  Caller holds the lock. */
void cr_solver_wake_ui(cr_solver *s);
/* Stop requested, or a newer request than gen posted? */
int cr_solver_stale(cr_solver *s, unsigned long gen);

/* The heat-map stage (solver_heat.c); t_taken: when the request was taken
 * (cr_clock_monotonic), for result.heat_seconds.  CR_ECANCEL when superseded. */
int cr_solver_stage_heat(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                      double t_taken, char *err, size_t errlen);
/* Free the heat stage's cache and workspaces (cr_solver_stop). */
void cr_solver_heat_free(cr_solver *s);

#endif
