/*
 * colres/units.h — physical units for teaching: turn an
 * experiment in SI (qubit ω, temperature, molecule mass, packet width Δx,
 * collision rate Γ, region width L) into colres's dimensionless parameters,
 * and evaluate the conditions and the estimate the paper quotes.
 *
 * Units.  ħ = k_B = 1 plus two free scales, chosen so that the numbers look
 * like the paper's: the energy unit ε = ħω/Δ_ref puts the qubit spacing at
 * Δ = Δ_ref (default 0.6, the paper's), so the time unit is ħ/ε = Δ_ref/ω;
 * the length unit is Δx, so dx = 1.  Mass then comes in units of
 * ħ²/(ε Δx²).  Every physical combination (βmΔx²ω²/2, 4πΔx√(mk_BT)/ħ, Γ/ω,
 * ΓL/√(k_BT/m)) is independent of these choices.
 *
 * Constants: CODATA 2018 as the paper's closing example uses them (ħ, k_B exact), the
 * proton mass 1.67262192369e-27 kg and the unified atomic mass unit
 * 1.66053906660e-27 kg.  GSL 2.7's gsl_const_mksa still carries CODATA
 * 2006; the two agree to 1.1e-6 relative (k_B) or better.
 *
 * Ownership: value types only.  Threads: reentrant.  Errors: CR_EINVAL with
 * one line naming the input, its value and the valid range.
 */
#ifndef COLRES_UNITS_H
#define COLRES_UNITS_H

#include <stddef.h>
#include "colres/params.h"

#define CR_HBAR 1.054571817e-34          /* J s */
#define CR_KBOLTZMANN 1.380649e-23       /* J / K */
#define CR_MASS_PROTON 1.67262192369e-27 /* kg */
#define CR_AMU 1.66053906660e-27         /* kg, unified atomic mass unit */

/* An experiment in SI-like units.  length_nm <= 0 means "same as dx_nm". */
typedef struct cr_units_input {
    double omega;       /* qubit angular frequency, rad/s */
    double temperature; /* K */
    double mass_amu;    /* molecule mass, unified atomic mass units */
    double dx_nm;       /* packet width Δx, nm */
    double rate;        /* collision rate Γ, 1/s */
    double length_nm;   /* scattering region L, nm (<= 0: = dx_nm) */
    double rough_s;     /* s of the rough estimate (Eq. 24 / S10) */
    double delta_ref;   /* dimensionless Δ that fixes the energy unit */
} cr_units_input;

/* The conversion and what follows from it. */
typedef struct cr_units_result {
    cr_params params;        /* dimensionless; λ and amplitudes at defaults,
                              * x0 = -10·max(dx, L) */
    double energy_unit;      /* ε = ħω/Δ_ref, J */
    double time_unit;        /* ħ/ε, s */
    double length_unit;      /* Δx, m */
    double mass_unit;        /* ħ²/(ε Δx²), kg */
    double exponent;         /* βmΔx²ω²/2 (Eq. 24) */
    double wigner;           /* 4πΔx√(m k_B T)/ħ, valid if >= 1 */
    double thermal_speed;    /* √(k_B T/m), m/s */
    double single_ratio;     /* ΓL/√(k_B T/m); one particle at a time if
                              * << 1 (warned above 0.1) */
    double hbar_omega_kt;    /* ħω/(k_B T) = βΔ */
    double gamma_omega;      /* Γ/ω */
    double rough;            /* s² (Γ/ω) e^{-exponent} (Eq. 24 / S10) */
} cr_units_result;

/* The paper's closing example: ω = 1e9 rad/s, T = 295 K,
 * 1000 proton masses (1007.28 u), Δx = L = 50 nm, Γ = 1e9 1/s, s = 0.01,
 * Δ_ref = 0.6. */
void cr_units_default(cr_units_input *in);

/* Check every input (finite, > 0; length_nm may be <= 0 for "= Δx") and
 * convert.  out is written only on success. */
int cr_units_convert(const cr_units_input *in, cr_units_result *out,
                     char *err, size_t errlen);

/* ω = 2πf: a frequency in Hz as the angular frequency cr_units_input
 * takes (the paper's "1 GHz" reads as ω = 1e9 rad/s, f ≈ 159 MHz). */
double cr_units_omega_from_hz(double frequency_hz);

/* The inverse: SI inputs from dimensionless parameters and the two scales
 * (energy unit in J, length unit in m).  delta_ref and rough_s are taken
 * from p (Δ and s). */
void cr_units_to_si(const cr_params *p, double energy_unit, double length_unit,
                    cr_units_input *out);

#endif
