/* units.c — SI experiment ↔ dimensionless parameters. */
#include "config.h"

#include "colres/units.h"

#include <math.h>

#include "colres/status.h"

void cr_units_default(cr_units_input *in)
{
    in->omega = 1e9;
    in->temperature = 295.0;
    in->mass_amu = 1000.0 * CR_MASS_PROTON / CR_AMU;
    in->dx_nm = 50.0;
    in->rate = 1e9;
    in->length_nm = 50.0;
    in->rough_s = 0.01;
    in->delta_ref = 0.6;
}

/* One input: finite and > 0 (or >= 0 when zero_ok). */
static int check_input(const char *name, double v, int zero_ok, const char *unit,
                       char *err, size_t errlen)
{
    if (isfinite(v) && (v > 0.0 || (zero_ok && v == 0.0)))
        return CR_OK;
    return cr_error(err, errlen, CR_EINVAL, "units: %s = %g %s is out of range (%s and finite)",
                    name, v, unit, zero_ok ? ">= 0" : "> 0");
}

int cr_units_convert(const cr_units_input *in, cr_units_result *out,
                     char *err, size_t errlen)
{
    int st;
    if ((st = check_input("omega", in->omega, 0, "rad/s", err, errlen)) != CR_OK
        || (st = check_input("temperature", in->temperature, 0, "K", err, errlen)) != CR_OK
        || (st = check_input("mass", in->mass_amu, 0, "u", err, errlen)) != CR_OK
        || (st = check_input("dx", in->dx_nm, 0, "nm", err, errlen)) != CR_OK
        || (st = check_input("rate", in->rate, 0, "1/s", err, errlen)) != CR_OK
        || (st = check_input("rough-s", in->rough_s, 1, "", err, errlen)) != CR_OK
        || (st = check_input("delta-ref", in->delta_ref, 0, "", err, errlen)) != CR_OK)
        return st;
    if (isnan(in->length_nm) || isinf(in->length_nm))
        return cr_error(err, errlen, CR_EINVAL,
                        "units: length = %g nm is out of range (> 0 and finite)", in->length_nm);

    double mass = in->mass_amu * CR_AMU;
    double dx = in->dx_nm * 1e-9;
    double length = (in->length_nm > 0.0 ? in->length_nm : in->dx_nm) * 1e-9;
    double kt = CR_KBOLTZMANN * in->temperature;

    cr_units_result r;
    r.energy_unit = CR_HBAR * in->omega / in->delta_ref;
    r.time_unit = CR_HBAR / r.energy_unit;
    r.length_unit = dx;
    r.mass_unit = CR_HBAR * CR_HBAR / (r.energy_unit * dx * dx);

    cr_params_default(&r.params);
    r.params.delta = in->delta_ref;
    r.params.beta = r.energy_unit / kt;
    r.params.mass = mass / r.mass_unit;
    r.params.dx = 1.0;
    r.params.length = length / dx;
    r.params.gamma = in->rate * r.time_unit;
    /* Far enough left that the packet starts clear of the region. */
    r.params.x0 = -10.0 * fmax(r.params.dx, r.params.length);
    r.params.rough_s = in->rough_s;

    /* Eq. 24's exponent and the Wigner condition, in SI directly. */
    r.exponent = mass * dx * dx * in->omega * in->omega / (2.0 * kt);
    r.wigner = 4.0 * M_PI * dx * sqrt(mass * kt) / CR_HBAR;
    r.thermal_speed = sqrt(kt / mass);
    r.single_ratio = in->rate * length / r.thermal_speed;
    r.hbar_omega_kt = CR_HBAR * in->omega / kt;
    r.gamma_omega = in->rate / in->omega;
    r.rough = in->rough_s * in->rough_s * r.gamma_omega * exp(-r.exponent);

    char perr[256];
    if (cr_params_validate(&r.params, perr, sizeof perr) != CR_OK
        || !isfinite(r.exponent) || !isfinite(r.wigner) || !isfinite(r.single_ratio)
        || !isfinite(r.mass_unit))
        return cr_error(err, errlen, CR_EINVAL,
                        "units: the inputs give dimensionless values outside the "
                        "representable range (%s)",
                        cr_params_validate(&r.params, perr, sizeof perr) != CR_OK
                        ? perr : "non-finite result");
    *out = r;
    return CR_OK;
}

void cr_units_to_si(const cr_params *p, double energy_unit, double length_unit,
                    cr_units_input *out)
{
    double time_unit = CR_HBAR / energy_unit;
    double mass_unit = CR_HBAR * CR_HBAR / (energy_unit * length_unit * length_unit);
    out->omega = p->delta / time_unit;
    out->temperature = energy_unit / (p->beta * CR_KBOLTZMANN);
    out->mass_amu = p->mass * mass_unit / CR_AMU;
    out->dx_nm = p->dx * length_unit * 1e9;
    out->rate = p->gamma / time_unit;
    out->length_nm = p->length * length_unit * 1e9;
    out->rough_s = p->rough_s;
    out->delta_ref = p->delta;
}

double cr_units_omega_from_hz(double frequency_hz)
{
    return 2.0 * M_PI * frequency_hz;
}
