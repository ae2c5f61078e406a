/*
 * ndynamics_general.h — the general N-level algorithms behind
 * colres/ndynamics.h (ndynamics.c, nstate.c, ntrajectory.c), private to
 * the engine and its tests.
 *
 * For N = 2 the public functions call the qubit code instead; these are
 * the same algorithms at any N (N = 2 included), so the tests can hold
 * them equal to the qubit code at N = 2 and test them at N > 2.
 *
 * Real form: a Hermitian ρ as N² real numbers x = (ρ_00, ..., ρ_{N-1,N-1},
 * then Re ρ_jk, Im ρ_jk for every j < k in the order (0,1), (0,2), ...,
 * (1,2), ...); for N = 2 this is the qubit's (ρ00, ρ11, Re ρ01, Im ρ01).
 * A Hermiticity-preserving superoperator becomes a real N² × N² matrix.
 *
 * Ownership, threads and errors as colres/ndynamics.h.
 */
#ifndef COLRES_NDYNAMICS_GENERAL_H
#define COLRES_NDYNAMICS_GENERAL_H

#include <complex.h>
#include <stddef.h>

#include "colres/ndynamics.h"

/* Index of Re ρ_jk (j < k) in the real form; Im ρ_jk is the next one. */
int cr_nreal_index(int n, int j, int k);

void cr_nstate_to_real(const cr_nstate *s, double *x);
void cr_nstate_from_real(int n, const double *x, cr_nstate *s);

/* R (N² × N², row stride N²) = the real form of M (N² × N² complex,
 * row stride N², Hermiticity preserving). */
void cr_nreal_form(int n, const double complex *M, double *R);

void cr_nliouvillian_general(const cr_nmap *S, double gamma, const double *e,
                             double complex *L);
int cr_nsteady_state_general(const cr_nmap *S, double gamma, const double *e,
                             cr_nstate *out, char *err, size_t errlen);
int cr_nevolve_general(const cr_nmap *S, double gamma, const double *e, double t,
                       const cr_nstate *rho0, cr_nstate *out, char *err, size_t errlen);
void cr_nmap_dephased_general(const cr_nmap *S, cr_nmap *out);
void cr_nthermal_state_general(int n, const double *e, double beta, cr_nstate *out);
int cr_nstate_initial_general(const char *name, int n, const double *e, double beta,
                              cr_nstate *out, char *err, size_t errlen);
int cr_nfirst_order_general(const cr_nmap *S, double gamma, double beta, const double *e,
                            cr_nstate *out, char *err, size_t errlen);
double cr_ntrace_distance_general(const cr_nstate *a, const cr_nstate *b);
double cr_nstate_max_diff_general(const cr_nstate *a, const cr_nstate *b);

/* 1 if the population transfers S^{jj}_{j'j'} (j' != j) above round-off
 * leave exactly one closed class of levels, i.e. the populations have a
 * unique stationary distribution; 0 otherwise. */
int cr_npopulations_connected(const cr_nmap *S);

/* Step with the general algorithm even at N = 2 (where cr_ntraj normally
 * runs a cr_traj).  Call before cr_ntraj_reset_to(). */
void cr_ntraj_use_general(cr_ntraj *t, int on);

#endif
