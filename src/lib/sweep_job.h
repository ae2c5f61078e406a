/* sweep_job.h — private to sweep.c and sweep_nlevel.c: one parallel job
 * of a sweep or heat map, the helpers its units share, and the units of
 * any level scheme (sweep_nlevel.c). */
#ifndef COLRES_SWEEP_JOB_H
#define COLRES_SWEEP_JOB_H

#include <pthread.h>
#include <stddef.h>

#include "colres/nlevel.h"
#include "colres/smap.h"
#include "colres/sweep.h"

/* A worker's scratch, kept across its units: the qubit's map workspace
 * and the Δx row of any system (allocated by the first unit that needs it,
 * freed by the worker), so that a row's node store is not allocated and
 * faulted in anew for every row. */
typedef struct unit_scratch {
    cr_smap_workspace *w;
    cr_nmap_row *nrow;
} unit_scratch;

/* Shared state of one parallel job: workers take the next unit of work
 * (a point or a heat-map row) under the mutex. */
typedef struct job {
    pthread_mutex_t lock;
    size_t next, total, done;
    size_t wanted;             /* units in this shard: the progress total */
    int status;
    char err[256];
    const cr_sweep_opts *opts;
    /* problem */
    const cr_params *base;
    int param_id;              /* 1-D */
    const double *values;
    size_t n;
    cr_sweep_point *points;
    cr_nsweep_point *npoints;  /* 1-D, any system */
    int xparam, yparam;        /* 2-D */
    const double *xs, *ys;
    size_t nx, ny;
    double *grid;
    int by_column;             /* 2-D with y = Γ: one map per column */
    /* The work of one unit (a point, a row or a column); row has nx
     * doubles of scratch, reported to row_done when the unit is a row. */
    int (*unit)(struct job *jb, unit_scratch *ws, double *row, size_t u,
                char *err, size_t errlen);
} job;

/* A point or cell that failed with status st: with opts->failed, reported
 * (under lock, if not NULL) and the scan goes on (CR_OK); otherwise, and
 * for no memory or a cancel, the failure of the scan (st). */
int cr_sweep_survive(pthread_mutex_t *lock, const cr_sweep_opts *o, size_t index, int st,
                     const char *msg);
/* Whether the caller's cancel flag is set (an atomic load). */
int cr_sweep_cancelled(const cr_sweep_opts *opts);
/* Heat-map rows the caller asked for: in the shard and not skipped. */
int cr_sweep_row_wanted(const cr_sweep_opts *o, size_t row);
/* A unit done (st CR_OK: counted, its row reported) or failed. */
void cr_sweep_finish(job *jb, int st, const char *msg, size_t unit, const double *row, size_t n);

/* Any level scheme: the map (D·S with dephasing), one point's steady
 * state and estimates, and the job's units (point, row, column). */
int cr_nsweep_map(const cr_params *p, const cr_sweep_opts *o, cr_nmap *S, char *err,
                  size_t errlen);
int cr_npoint_at(const cr_params *p, const cr_nmap *given, const cr_sweep_opts *o,
                 cr_nsweep_point *out, char *err, size_t errlen);
int cr_sweep_unit_npoint(job *jb, unit_scratch *ws, double *row, size_t u, char *err,
                         size_t errlen);
int cr_sweep_unit_nrow(job *jb, unit_scratch *ws, double *row, size_t u, char *err,
                       size_t errlen);
int cr_sweep_unit_ncolumn(job *jb, unit_scratch *ws, double *row, size_t u, char *err,
                          size_t errlen);

#endif
