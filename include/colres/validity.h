/*
 * colres/validity.h — where the model stops being physical:
 * the smallest eigenvalue of the particle's packet state ρ_U (Eq. 23 on
 * p > 0), of the Choi matrix of a map S (negative: S is not completely
 * positive), of a qubit state, and the Wigner criterion 4πΔx√(m/β) ≥ 1.
 * These are limits of the model, not numerical errors.
 *
 * Ownership: value types in and out; workspaces are internal to a call.
 * Threads: reentrant.
 * Errors: CR_ENOMEM, CR_ENUMERIC (an eigensolver failed, or the packet
 * grid needed to converge is larger than CR_VALIDITY_MAX_GRID points).
 */
#ifndef COLRES_VALIDITY_H
#define COLRES_VALIDITY_H

#include <stddef.h>
#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/nlevel.h"
#include "colres/smap.h"

/* 4πΔx√(m/β): the Wigner function behind Eq. 23 is valid only if >= 1. */
double cr_validity_wigner(const cr_params *p);

/* Smallest eigenvalue of the Choi matrix Σ_jk |j><k| ⊗ S(|j><k|) (trace 2
 * for a trace-preserving S): >= 0 iff S is completely positive. */
int cr_validity_choi_min(const cr_map *S, double *out, char *err, size_t errlen);

/* The same for a map of N levels (N² × N² Choi matrix, trace N). */
int cr_validity_nchoi_min(const cr_nmap *S, double *out, char *err, size_t errlen);

/* Smallest eigenvalue of a qubit state (closed form). */
double cr_validity_state_min(const cr_state *s);

/* Smallest eigenvalue of ρ_U(p, p') = μ((p+p')/2) e^{-Δx²(p-p')²/2} on
 * p, p' > 0 (the phase e^{-i(p-p')x0} is a unitary and drops out), the
 * operator discretised on Gauss–Legendre panels and symmetrised with the
 * square roots of the weights (trace 1).  The grid is doubled until two
 * values agree to tol (absolute); *points receives the final size. */
#define CR_VALIDITY_MAX_GRID 2048
int cr_validity_packet_min(const cr_params *p, double tol, double *out, size_t *points,
                           char *err, size_t errlen);

/* The four numbers together, and the model's limits they reveal. */
typedef struct cr_validity {
    double packet_min;   /* NAN when the grid did not converge */
    double choi_min, steady_min, wigner;
} cr_validity;

/* Negative beyond these is the model's limit, not round-off: the packet
 * value is converged to 1e-6; the map's entries are good to 1e-9, its 4×4
 * Choi matrix to 4e-9; the steady state inherits ~1e-9/transfer. */
#define CR_VALIDITY_PACKET_TOL 1e-6
#define CR_VALIDITY_CHOI_TOL 4e-9
#define CR_VALIDITY_STEADY_TOL 1e-8

/* One message per limit crossed (the Wigner one is among the parameter
 * warnings, cr_params_warnings): up to max messages of CR_WARN_LEN bytes;
 * returns how many. */
int cr_validity_warnings(const cr_validity *v, char msgs[][CR_WARN_LEN], int max);

#endif
