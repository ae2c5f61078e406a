/*
 * colres/limits.h — where a number colres prints leaves its range of
 * validity: the energies beyond which double precision cannot give the
 * exact amplitudes, the round-off floor of a map's quadrature error, and
 * the ranges of the two estimates (first order in Γ, Eq. 14; the rough
 * estimate, Eq. 24).
 *
 * Ownership: none (plain functions of the parameters).
 * Threads: reentrant, no global state.
 * Errors: none; NaN in, NaN or 0 out.
 */
#ifndef COLRES_LIMITS_H
#define COLRES_LIMITS_H

#include "colres/params.h"

/* Relative accuracy of s - I below which the exact amplitudes are
 * reported as unreliable (a warning, not a refusal). */
#define CR_EXACT_REL_TOL 1e-6

/* The total energy above which the exact amplitudes' s - I lose more than
 * CR_EXACT_REL_TOL relative: the matching in double precision carries the
 * phases kL with absolute error ~kL·ε, against |s - I| ~ mL|V|/k, so the
 * relative error grows as ~2εE/|V| (|V| = λ·max_{j≠k}|C_jk|): 1.1e-6 at
 * E = 1e10, 6e-3 at 1e14, a factor 2.3 at 1e16 measured at the defaults
 * against 50-digit Eq. S1.  +inf without coupling. */
double cr_exact_energy_limit(const cr_params *p);

/* The highest total energy a map integrates over (the effusion
 * distribution's cut, μ below 1e-21 of its peak, plus the levels). */
double cr_map_energy_top(const cr_params *p);

/* A floor for the quadrature error estimate of the approx map (0 for
 * exact): the jump of Eq. S1 at e_max sits where p²/2m + e_j = e_max, an
 * energy known to ε·|e_max|; misplaced, the jump (at most 2) times the
 * packet weight shifts each entry by up to β ε |e_max| per energy, two
 * energies per entry: 4βε·max(|e_max|, |E_j|).  It dominates at large
 * level spacings (at Δ = 1e6: 4.4e-11, for a true error of 1.9e-12 where
 * the panel estimate said 6.6e-14). */
double cr_smap_error_floor(const cr_params *p);

/* The smallest Bohr frequency min_{j≠k} |E_j - E_k|. */
double cr_min_bohr(const cr_params *p);

/* 1 if the first-order estimate (Eq. 14) of a coherence whose modulus is
 * value is within its range: Γ below the smallest Bohr frequency (Γ ≪ Δ/ħ
 * is the expansion's condition) and value ≤ 1/2 (no state has more). */
int cr_first_order_in_range(const cr_params *p, double value);

/* 1 if the rough estimate (Eq. 24) value is possible for a state at all
 * (≤ 1/2; the paper's own example has Γ = ω, so Γ is not held against
 * it).  Even there it is an order of magnitude at best: with
 * s = 0.01 it sits a median 64x below the model's |ρ01| (3.8x to 6.2e4x
 * over 40 points in the sliders' ranges, tests/check_physics.c) and falls
 * off far faster at large Δx. */
int cr_rough_in_range(const cr_params *p, double value);

#endif
