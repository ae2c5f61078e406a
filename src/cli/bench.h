/* bench.h — private to `colres bench` (bench.c, bench_frame.c): its row
 * printer, the median of the rounds, and the screen's lines. */
#ifndef COLRES_CLI_BENCH_H
#define COLRES_CLI_BENCH_H

#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/sweep.h"

enum { ROUNDS = 7 };

/* The median of the n rounds in v (sorted in place); the row printed next
 * shows the smallest (with higher_better, the largest) as its best. */
double cli_bench_median_of(double *v, int n, int higher_better);
/* One line of the table: figure, target, best, median, met?, detail. */
void cli_bench_row(const char *what, const char *target, double value, const char *unit,
                   int met, const char *detail);
/* Key press to redrawn frame, and a frame with K trajectories' cloud;
 * each returns the number of targets missed. */
int cli_bench_frame(const cr_params *params, const cr_state *ss, const cr_sweep_point *pts,
                    int quick);
int cli_bench_ensemble_frame(const cr_map *S, const cr_params *params, const cr_state *ss,
                             const cr_sweep_point *pts, int k, int quick);

#endif
