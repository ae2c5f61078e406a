/* api_units.c — colres/colres.h's units table: `colres units` by name,
 * the inputs checked with the command's messages, the rows in its order
 * (src/cli/units.c prints the same quantities; tests/python_api.py holds
 * the two equal row by row). */
#include "config.h"

#include "colres/colres.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colres/units.h"

static const char *const quantities[CR_UNITS_COUNT] = {
    "omega", "frequency_hz", "temperature", "mass_amu", "mass_kg", "dx_nm", "length_nm",
    "rate", "energy_unit", "time_unit", "length_unit", "mass_unit", "gamma", "delta", "dx",
    "beta", "mass", "length", "x0", "rough_s", "exponent", "hbar_omega_over_kT",
    "gamma_over_omega", "wigner", "thermal_speed", "single_particle_ratio", "rough_rho01",
};

const char *cr_units_quantity(int i)
{
    return i >= 0 && i < CR_UNITS_COUNT ? quantities[i] : NULL;
}

/* The inputs, as the command's options (--NAME, '-' in the message). */
enum { IN_OMEGA, IN_FREQ, IN_TEMP, IN_MASS, IN_DX, IN_RATE, IN_LENGTH, IN_ROUGH, IN_DREF,
       IN_COUNT };
static const char *const inputs[IN_COUNT] = {
    "omega", "frequency-hz", "temperature", "mass-amu", "dx-nm", "rate", "length-nm",
    "rough-s", "delta-ref",
};

static int input_id(const char *name)
{
    char buf[32];
    if (name == NULL || strlen(name) >= sizeof buf)
        return -1;
    size_t i = 0;
    for (; name[i] != '\0'; i++)
        buf[i] = name[i] == '_' ? '-' : name[i];
    buf[i] = '\0';
    for (int k = 0; k < IN_COUNT; k++)
        if (strcmp(buf, inputs[k]) == 0)
            return k;
    return -1;
}

/* One input into in, with the command's range checks and messages. */
static int set_input(cr_units_input *in, int id, double v, char *err, size_t errlen)
{
    int zero_ok = id == IN_ROUGH;
    if (!isfinite(v))
        return cr_error(err, errlen, CR_EINVAL, "invalid --%s = \"%.17g\": must be a finite number",
                        inputs[id], v);
    if (!(v > 0.0 || (zero_ok && v == 0.0)) || (id == IN_ROUGH && v > 1e6))
        return cr_error(err, errlen, CR_EINVAL, "invalid --%s = \"%.17g\": valid range is %s",
                        inputs[id], v, id == IN_ROUGH ? "0 to 1e6" : "> 0");
    double *field[IN_COUNT] = { &in->omega, NULL, &in->temperature, &in->mass_amu, &in->dx_nm,
                                &in->rate, &in->length_nm, &in->rough_s, &in->delta_ref };
    if (id == IN_FREQ)
        in->omega = cr_units_omega_from_hz(v);
    else
        *field[id] = v;
    return CR_OK;
}

int cr_units_table(size_t n, const char *const *names, const double *values,
                   double *out, char *err, size_t errlen)
{
    cr_units_input in;
    cr_units_default(&in);
    int given[IN_COUNT] = { 0 };
    for (size_t i = 0; i < n; i++) {
        int id = input_id(names[i]);
        if (id < 0)
            return cr_error(err, errlen, CR_EINVAL, "units: unknown input \"%s\" (valid: omega, "
                            "frequency_hz, temperature, mass_amu, dx_nm, rate, length_nm, "
                            "rough_s, delta_ref)", names[i] != NULL ? names[i] : "");
        if ((id == IN_OMEGA && given[IN_FREQ]) || (id == IN_FREQ && given[IN_OMEGA]))
            return cr_error(err, errlen, CR_EINVAL, "units: --omega and --frequency-hz are "
                            "exclusive: give the qubit once (omega = 2*pi*frequency)");
        int st = set_input(&in, id, values[i], err, errlen);
        if (st != CR_OK)
            return st;
        given[id] = 1;
    }
    if (!given[IN_LENGTH])
        in.length_nm = in.dx_nm;
    cr_units_result r;
    int st = cr_units_convert(&in, &r, err, errlen);
    if (st != CR_OK)
        return st;
    const double v[CR_UNITS_COUNT] = {
        in.omega, in.omega / (2.0 * M_PI), in.temperature, in.mass_amu, in.mass_amu * CR_AMU,
        in.dx_nm, in.length_nm, in.rate, r.energy_unit, r.time_unit, r.length_unit,
        r.mass_unit, r.params.gamma, r.params.delta, r.params.dx, r.params.beta, r.params.mass,
        r.params.length, r.params.x0, r.params.rough_s, r.exponent, r.hbar_omega_kt,
        r.gamma_omega, r.wigner, r.thermal_speed, r.single_ratio, r.rough,
    };
    for (int i = 0; i < CR_UNITS_COUNT; i++)
        if (!isfinite(v[i]))
            return cr_error(err, errlen, CR_ENUMERIC, "units: %s is not a finite number (%g); "
                            "the inputs are too extreme", quantities[i], v[i]);
    memcpy(out, v, sizeof v);
    return CR_OK;
}
