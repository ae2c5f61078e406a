/* sweep_cells.h — sweep.c's helpers in sweep_cells.c (internal). */
#ifndef COLRES_SWEEP_CELLS_H
#define COLRES_SWEEP_CELLS_H

#include "colres/sweep.h"

/* The quantities of a heat-map cell: how many, and the k-th. */
int cr_sweep_nq_of(const cr_sweep_opts *o);
int cr_sweep_q_at(const cr_sweep_opts *o, int k);
/* A cell's quantities into out[0 .. nq): from the map S and steady state
 * ss at p (e: p's energies); the first order is NaN where undefined. */
void cr_sweep_qubit_cell(const cr_sweep_opts *o, const cr_map *S, const cr_state *ss,
                      const cr_params *p, double *out);
void cr_sweep_ncell(const cr_sweep_opts *o, const cr_nmap *S, const cr_nstate *ss,
                 const cr_params *p, const double *e, double *out);
/* NaN in every number: of n values, of a failed point. */
void cr_sweep_nan_fill(double *v, size_t n);
void cr_sweep_nan_point(cr_sweep_point *pt);
void cr_sweep_nan_npoint(cr_nsweep_point *pt, int n);

#endif
