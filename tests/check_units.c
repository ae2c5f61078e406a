/* check_units.c — physical units. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_const_mksa.h>

#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/status.h"
#include "colres/units.h"
#include "testutil.h"

#define REL_CLOSE(a, b, rel, what) TU_CLOSE((a), (b), (rel) * fabs(b), (what))

static void convert_ok(const cr_units_input *in, cr_units_result *r)
{
    char err[256] = "";
    int st = cr_units_convert(in, r, err, sizeof err);
    ck_assert_msg(st == CR_OK, "cr_units_convert: %s", err);
}

/* The paper's closing example: a 1 GHz qubit, 1000 proton masses at 295 K,
 * Δx = 50 nm, Γ = 1e9/s.  The exponent βmΔx²ω²/2 is "about 0.5"
 *; by hand (Python, CODATA 2018) it is 0.513336918549519.
 * Relative 1e-12: a handful of floating-point operations. */
START_TEST(test_paper_example_exponent_is_about_half)
{
    cr_units_input in;
    cr_units_result r;
    cr_units_default(&in);
    convert_ok(&in, &r);
    ck_assert_msg(fabs(r.exponent - 0.5) < 0.05, "exponent %.6g not about 0.5", r.exponent);
    REL_CLOSE(r.exponent, 0.513336918549519, 1e-12, "exponent");
    /* Default mass: 1000 proton masses, stated in u. */
    REL_CLOSE(in.mass_amu * CR_AMU, 1000.0 * 1.67262192369e-27, 1e-14, "default mass");
}
END_TEST

/* f = 1 GHz read as a frequency: ω = 2π·1e9, and the exponent grows by
 * (2π)² to 0.513336918549519·4π² = 20.265... ("about 20.3"); Δx = 11 nm brings it back to (11/50)² of that, 0.981 <= 1 ("Δx
 * must be ≲ 11 nm").  Relative 1e-12, as above. */
START_TEST(test_frequency_in_hz)
{
    cr_units_input in;
    cr_units_result r;
    REL_CLOSE(cr_units_omega_from_hz(1.0), 2.0 * M_PI, 1e-15, "omega of 1 Hz");
    cr_units_default(&in);
    in.omega = cr_units_omega_from_hz(1e9);
    convert_ok(&in, &r);
    REL_CLOSE(r.exponent, 0.513336918549519 * 4.0 * M_PI * M_PI, 1e-12, "exponent at f = 1 GHz");
    ck_assert_msg(fabs(r.exponent - 20.3) < 0.05, "exponent %.6g not about 20.3", r.exponent);
    in.dx_nm = 11.0;
    convert_ok(&in, &r);
    ck_assert_msg(r.exponent <= 1.0 && r.exponent > 0.95, "exponent at 11 nm: %.6g", r.exponent);
}
END_TEST

/* Conditions by hand for the same example: Wigner 4πΔx√(mk_BT)/ħ =
 * 491762.320398771 (valid), thermal speed √(k_BT/m) = 49.3462048007133 m/s,
 * ΓL/v = 1.01324914858047 (so the single-particle condition is NOT met at the
 * paper's numbers), rough |ρ01| = s²(Γ/ω)e^{-exponent} = 5.9849511352755e-05. */
START_TEST(test_paper_example_conditions_by_hand)
{
    cr_units_input in;
    cr_units_result r;
    cr_units_default(&in);
    convert_ok(&in, &r);
    REL_CLOSE(r.wigner, 491762.320398771, 1e-12, "wigner");
    REL_CLOSE(r.thermal_speed, 49.3462048007133, 1e-12, "thermal speed");
    REL_CLOSE(r.single_ratio, 1.01324914858047, 1e-12, "single-particle ratio");
    REL_CLOSE(r.rough, 5.9849511352755e-05, 1e-12, "rough estimate");
    REL_CLOSE(r.gamma_omega, 1.0, 1e-15, "gamma/omega");
}
END_TEST

/* The physical combinations do not depend on the unit choice: evaluated
 * from the dimensionless parameters in ħ = k_B = 1 they must equal the SI
 * values (1e-12 relative), for several experiments and Δ_ref. */
START_TEST(test_dimensionless_invariants)
{
    const double cases[][7] = {
        /* omega, T, mass_amu, dx_nm, rate, length_nm, delta_ref */
        { 1e9, 295.0, 1007.0, 50.0, 1e9, 50.0, 0.6 },
        { 6.3e9, 4.2, 40.0, 3.0, 1e6, 10.0, 1.0 },
        { 2e8, 1000.0, 1e5, 500.0, 3e10, 5.0, 0.01 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_units_input in;
        cr_units_default(&in);
        in.omega = cases[i][0];
        in.temperature = cases[i][1];
        in.mass_amu = cases[i][2];
        in.dx_nm = cases[i][3];
        in.rate = cases[i][4];
        in.length_nm = cases[i][5];
        in.delta_ref = cases[i][6];
        cr_units_result r;
        convert_ok(&in, &r);
        const cr_params *p = &r.params;
        REL_CLOSE(p->delta, in.delta_ref, 1e-15, "delta = delta_ref");
        REL_CLOSE(p->beta * p->mass * p->dx * p->dx * p->delta * p->delta / 2.0,
                  r.exponent, 1e-12, "exponent in reduced units");
        REL_CLOSE(4.0 * M_PI * p->dx * sqrt(p->mass / p->beta), r.wigner, 1e-12,
                  "Wigner in reduced units");
        REL_CLOSE(p->gamma / p->delta, in.rate / in.omega, 1e-12, "gamma/omega");
        REL_CLOSE(p->gamma * p->length * sqrt(p->beta * p->mass), r.single_ratio, 1e-12,
                  "single-particle ratio in reduced units");
        /* dynamics.h's Eq. 24, evaluated independently in reduced units. */
        REL_CLOSE(cr_rough_estimate(p), r.rough, 1e-12, "rough estimate vs dynamics");
        char err[256];
        ck_assert_msg(cr_params_validate(p, err, sizeof err) == CR_OK, "params: %s", err);
    }
}
END_TEST

/* SI → reduced → SI returns the inputs (1e-12 relative). */
START_TEST(test_round_trip)
{
    cr_units_input in, back;
    cr_units_result r;
    cr_units_default(&in);
    in.omega = 3.7e9;
    in.temperature = 77.0;
    in.mass_amu = 250.5;
    in.dx_nm = 12.0;
    in.length_nm = 30.0;
    in.rate = 4e7;
    in.rough_s = 0.02;
    convert_ok(&in, &r);
    cr_units_to_si(&r.params, r.energy_unit, r.length_unit, &back);
    REL_CLOSE(back.omega, in.omega, 1e-12, "omega");
    REL_CLOSE(back.temperature, in.temperature, 1e-12, "temperature");
    REL_CLOSE(back.mass_amu, in.mass_amu, 1e-12, "mass");
    REL_CLOSE(back.dx_nm, in.dx_nm, 1e-12, "dx");
    REL_CLOSE(back.length_nm, in.length_nm, 1e-12, "length");
    REL_CLOSE(back.rate, in.rate, 1e-12, "rate");
    REL_CLOSE(back.rough_s, in.rough_s, 1e-15, "rough s");
    REL_CLOSE(back.delta_ref, in.delta_ref, 1e-15, "delta_ref");
}
END_TEST

/* length_nm <= 0 means L = Δx. */
START_TEST(test_length_defaults_to_dx)
{
    cr_units_input in;
    cr_units_result r;
    cr_units_default(&in);
    in.length_nm = 0.0;
    convert_ok(&in, &r);
    ck_assert(r.params.length == 1.0 && r.params.dx == 1.0);
}
END_TEST

/* Invalid inputs are refused with a message naming the input. */
START_TEST(test_invalid_inputs_refused)
{
    struct { size_t off; double v; const char *name; } bad[] = {
        { offsetof(cr_units_input, omega), 0.0, "omega" },
        { offsetof(cr_units_input, temperature), -1.0, "temperature" },
        { offsetof(cr_units_input, mass_amu), NAN, "mass" },
        { offsetof(cr_units_input, dx_nm), INFINITY, "dx" },
        { offsetof(cr_units_input, rate), -5.0, "rate" },
        { offsetof(cr_units_input, rough_s), -0.1, "rough-s" },
        { offsetof(cr_units_input, length_nm), NAN, "length" },
        { offsetof(cr_units_input, delta_ref), 0.0, "delta-ref" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_units_input in;
        cr_units_default(&in);
        memcpy((char *)&in + bad[i].off, &bad[i].v, sizeof(double));
        cr_units_result r;
        char err[256] = "";
        ck_assert_int_eq(cr_units_convert(&in, &r, err, sizeof err), CR_EINVAL);
        ck_assert_msg(strstr(err, bad[i].name) != NULL, "message \"%s\" lacks \"%s\"",
                      err, bad[i].name);
    }
}
END_TEST

/* The constants used here (CODATA 2018) vs GSL's gsl_const_mksa (CODATA
 * 2006 in GSL 2.7): the same to 2e-6 relative, so either choice changes the
 * exponent only in the 6th digit. */
START_TEST(test_constants_agree_with_gsl)
{
    REL_CLOSE(CR_HBAR, GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR, 2e-6, "hbar");
    REL_CLOSE(CR_KBOLTZMANN, GSL_CONST_MKSA_BOLTZMANN, 2e-6, "k_B");
    REL_CLOSE(CR_MASS_PROTON, GSL_CONST_MKSA_MASS_PROTON, 2e-6, "proton mass");
    REL_CLOSE(CR_AMU, GSL_CONST_MKSA_UNIFIED_ATOMIC_MASS, 2e-6, "u");
}
END_TEST

static Suite *units_suite(void)
{
    Suite *s = suite_create("units");
    TCase *tc = tcase_create("units");
    tcase_add_test(tc, test_paper_example_exponent_is_about_half);
    tcase_add_test(tc, test_frequency_in_hz);
    tcase_add_test(tc, test_paper_example_conditions_by_hand);
    tcase_add_test(tc, test_dimensionless_invariants);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_length_defaults_to_dx);
    tcase_add_test(tc, test_invalid_inputs_refused);
    tcase_add_test(tc, test_constants_agree_with_gsl);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(units_suite());
}
