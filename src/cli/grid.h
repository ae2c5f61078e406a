/* grid.h — what sweep (grid.c), heatmap (heatmap.c) and the merge of a
 * heat map's shards (merge.c) share: the progress bar, the axes. */
#ifndef COLRES_CLI_GRID_H
#define COLRES_CLI_GRID_H

#include <stddef.h>

#include "cli.h"
#include "colres/sweep.h"

/* ---- progress on stderr, when it is a terminal ---- */
typedef struct progress {
    int enabled;
    double start;
    const char *what;
} progress;
void progress_init(progress *p, const char *what);
void progress_show(progress *p, size_t done, size_t total);
void progress_end(progress *p);

/* ---- heatmap ---- */
typedef struct axis {
    int param;
    double a, b;
    int log_scale;
    int set;
} axis;

enum { HEAT_MAX_Q = 8 };
typedef struct heat_args {
    axis x, y;
    unsigned long nx, ny;
    size_t shard_k, shard_n;
    int no_header, dephase, validity;
    int quantities[HEAT_MAX_Q], nq;      /* --quantity Q1,Q2,... */
    unsigned long merge_shards;          /* --shards N of --merge; 0: not given */
    int merge;                           /* --merge FILE...: the files below */
    char **files;
    size_t nfiles;
    progress prog;
} heat_args;

/* "x,y,Q1,...[,validity columns]\n" */
void heat_header(const heat_args *a, char *buf, size_t len);
/* The cells' columns after x,y. */
int heat_columns(const heat_args *a);
/* --merge FILE...: check the shards against the grid and write the map
 * (merge.c); the exit status. */
int heat_merge(const heat_args *a, const cli_common *c);

#endif
