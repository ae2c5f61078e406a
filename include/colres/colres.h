/*
 * colres/colres.h — libcolres for programs in any language: what the
 * colres commands compute, behind an opaque handle, with results in
 * caller-owned arrays of doubles.  No struct of this header has to be
 * mirrored by a caller (C, Python's ctypes, Julia, ...).
 *
 *   cr_model *m = cr_model_new();              paper's defaults
 *   cr_model_set(m, "gamma", "5");             the CLI's names and checks
 *   double rho[8];                             N x N complex, N = 2
 *   if (cr_model_steady(m, rho) != CR_OK)
 *       fprintf(stderr, "%s\n", cr_model_error(m));
 *   cr_model_free(m);
 *
 * Parameters are set by the CLI's names (gamma, delta, dx, beta, mass,
 * lambda, length, x0, rough_s; amplitudes approx|exact; levels
 * "E0,E1,..."; coupling "ROW;ROW"), checked by the same code as the
 * command line, with the same messages.  Two settings of the commands
 * too: dephase (0 or 1: every map is D.S, Eq. 3) and threads (workers of
 * sweeps and heat maps; 0, the default: one per CPU).
 *
 * Arrays: a complex number is two doubles (re, im), the layout of C's
 * double complex and numpy's complex128.  A state of N levels is N x N
 * complex, row-major (rho[j][k]); a map N^2 x N^2 complex indexed
 * [j'N + k'][jN + k] (S^{jk}_{j'k'}, as colres/nlevel.h).  N is
 * cr_model_levels().  After a failure an output may be partly written.
 *
 * Errors: every function that can fail returns a status (colres/status.h:
 * CR_OK 0, CR_ENUMERIC 1, CR_EINVAL 2 bad value or usage, CR_ENOMEM 3,
 * CR_ECANCEL 5) and leaves one line in cr_model_error(m), the text the
 * command prints after "colres: ".  Nothing is printed, nothing exits.
 *
 * Threads: a handle belongs to one thread at a time; handles are
 * independent (two threads, two handles: no shared state).  Sweeps and
 * heat maps start their own workers and join them.  cr_model_cancel() is
 * the one call that may come from another thread (or a signal handler).
 */
#ifndef COLRES_COLRES_H
#define COLRES_COLRES_H

#include <stddef.h>

#include "colres/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH" (the package's). */
const char *cr_version(void);

typedef struct cr_model cr_model;

/* A model at the paper's defaults (the qubit, Gamma = 5 ...); NULL if out
 * of memory.  cr_model_free(NULL) is safe. */
cr_model *cr_model_new(void);
void cr_model_free(cr_model *m);

/* The message of the last call that failed on m ("" if none). */
const char *cr_model_error(const cr_model *m);

/* Set one parameter from text, exactly as `--NAME VALUE` or a config
 * line `NAME = VALUE` would (a '-' in NAME may be '_').  CR_EINVAL with
 * the CLI's message; m unchanged then. */
int cr_model_set(cr_model *m, const char *name, const char *value);
/* A numeric one (also dephase, threads) from a double: the value is
 * written with %.17g (exact) and set as text. */
int cr_model_set_double(cr_model *m, const char *name, double value);
/* The value of a numeric parameter (or dephase, threads). */
int cr_model_get(cr_model *m, const char *name, double *value);
/* `name = value` lines of a config or preset file, all or nothing. */
int cr_model_load(cr_model *m, const char *path);
/* The cross-parameter checks (x0 < -length/2, coupling size), as every
 * computation does first. */
int cr_model_validate(cr_model *m);
/* Warnings about legal but questionable parameters, each ending in '\n'
 * (snprintf semantics into buf); returns their number. */
int cr_model_warnings(cr_model *m, char *buf, size_t len);

/* N, the number of levels (2 for the paper's qubit), and the energies
 * E_0 < ... < E_{N-1} of H_S in use. */
int cr_model_levels(const cr_model *m);
int cr_model_energies(const cr_model *m, double *e);

/* Ask a running computation on m to stop (on != 0) or clear the request
 * (on == 0; the computations never clear it).  Sweeps and heat maps stop
 * after the rows in progress, evolve and trajectory between steps; they
 * then return CR_ECANCEL.  Async-signal-safe. */
void cr_model_cancel(cr_model *m, int on);

/* The scattering map S (Eq. 17): N^4 complex. */
int cr_model_map(cr_model *m, double *S);
/* The steady state (Eq. 9), the thermal state, and the first-order
 * estimate (Eq. 14-15; NaN where undefined): N^2 complex each. */
int cr_model_steady(cr_model *m, double *rho);
int cr_model_thermal(cr_model *m, double *rho);
int cr_model_first_order(cr_model *m, double *rho);

/* The mean evolution e^{Lt} rho(0) at times t[0..n-1]: n x N^2 complex.
 * rho(0) is the state `initial` names (ground, excited, thermal, plus; as
 * `--initial`), or, if initial is NULL, rho0 (N^2 complex). */
int cr_model_evolve(cr_model *m, const char *initial, const double *rho0,
                    const double *t, size_t n, double *rho);

/* One Poissonian trajectory (Eq. 5) as `colres trajectory --collisions C
 * --every K --seed S`: rows after 0, K, 2K, ... collisions and after the
 * last (cr_trajectory_rows()); time[r] and count[r] (the collisions so
 * far, as doubles) and rho (rows x N^2 complex).  count may be NULL.
 * Seed 0..2^32-1; collisions and every as the CLI's ranges. */
size_t cr_trajectory_rows(unsigned long collisions, unsigned long every);
int cr_model_trajectory(cr_model *m, const char *initial, const double *rho0,
                        unsigned long seed, unsigned long collisions, unsigned long every,
                        double *time, double *count, double *rho);

/* The steady state along one parameter (`colres sweep --vary NAME`) at
 * values[0..n-1], the others fixed: steady, thermal and first order
 * (n x N^2 complex each; thermal and first may be NULL) and rough (the
 * estimate of Eq. 24 with s = rough_s, n doubles; may be NULL).  Every
 * point is checked before any work. */
int cr_model_sweep(cr_model *m, const char *name, const double *values, size_t n,
                   double *steady, double *thermal, double *first, double *rough);

/* `colres heatmap`: quantity ("rho01_abs", "coherence", "distance",
 * "rho00", "first_order", "rough"; NULL: rho01_abs) of the steady state at
 * (x[ix], y[iy]) into values[iy * nx + ix].  Several names separated by
 * commas, as --quantity (k of them, each once), fill
 * values[(iy * nx + ix) * k + j] with the j-th, from one computation.
 * Every value is checked before any work.  On CR_ECANCEL the rows
 * finished are written, the others are left as they were. */
int cr_model_heatmap(cr_model *m, const char *xname, const double *x, size_t nx,
                     const char *yname, const double *y, size_t ny,
                     const char *quantity, double *values);

/* `colres validity`: out[0] the packet state's smallest eigenvalue (NaN
 * if its grid did not converge), out[1] the Choi matrix's, out[2] the
 * steady state's, out[3] the Wigner value 4 pi dx sqrt(mass/beta). */
int cr_model_validity(cr_model *m, double out[4]);

/* `colres units`: an experiment in SI units, inputs by the CLI's option
 * names (omega, frequency_hz, temperature, mass_amu, dx_nm, rate,
 * length_nm, rough_s, delta_ref; '-' for '_' accepted; the others at the
 * paper's closing example), checked as the CLI does, into
 * out[0..CR_UNITS_COUNT-1], the rows of the command's table in its order;
 * cr_units_quantity(i) names row i.  Message in err. */
#define CR_UNITS_COUNT 27
const char *cr_units_quantity(int i);
int cr_units_table(size_t n, const char *const *names, const double *values,
                   double *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
