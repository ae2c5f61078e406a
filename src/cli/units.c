/* units.c — `colres units`: an experiment in SI units → colres's
 * dimensionless parameters and the paper's conditions. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "colres/limits.h"
#include "colres/status.h"
#include "colres/units.h"

static const char units_usage[] =
    "Usage: colres units [OPTIONS]\n"
    "Convert an experiment in SI units to colres's dimensionless parameters\n"
    "(hbar = k_B = 1, energy unit hbar*omega/delta-ref, length unit dx) and\n"
    "print the Wigner and single-particle conditions and the rough estimate\n"
    "of |rho01| (Eq. 24) as CSV: quantity,value,note.\n"
    "The rough estimate is an order of magnitude at best: with s = 0.01, over 40\n"
    "points spread over the TUI's slider ranges colres's model |rho01| was a median\n"
    "64 times it (3.8x to 6.2e4x), and it falls off far faster at large dx;\n"
    "above 1/2 (no state has that coherence) it is flagged on stderr.\n"
    "Defaults are the paper's closing example, whose \"1 GHz\" is omega = 1e9 rad/s\n"
    "(f = 159 MHz); give the qubit as --omega or as --frequency-hz, not both.";

enum { OPT_OMEGA = 1, OPT_FREQ, OPT_TEMP, OPT_MASS, OPT_DX, OPT_RATE, OPT_LENGTH,
       OPT_ROUGH, OPT_DREF };

static const cli_opt units_opts[] = {
    { "omega",       1, OPT_OMEGA,  "RAD_PER_S", "qubit angular frequency (default 1e9)" },
    { "frequency-hz", 1, OPT_FREQ,  "F", "qubit frequency in Hz: omega = 2*pi*F (instead of --omega)" },
    { "temperature", 1, OPT_TEMP,   "K", "reservoir temperature (default 295)" },
    { "mass-amu",    1, OPT_MASS,   "A", "molecule mass in u (default 1000 proton masses = 1007.276 u)" },
    { "dx-nm",       1, OPT_DX,     "X", "packet width in nm (default 50)" },
    { "rate",        1, OPT_RATE,   "G", "collision rate in 1/s (default 1e9)" },
    { "length-nm",   1, OPT_LENGTH, "L", "scattering region width in nm (default = dx)" },
    { "rough-s",     1, OPT_ROUGH,  "S", "s of the rough estimate (default 0.01)" },
    { "delta-ref",   1, OPT_DREF,   "D", "dimensionless spacing fixing the energy unit (default 0.6)" },
    { NULL, 0, 0, NULL, NULL },
};

/* The paper's two validity conditions: the Wigner description of the
 * packet holds for wigner >= WIGNER_MIN, one molecule at a time for
 * single_ratio < SINGLE_MAX.  Each is stated once, here. */
#define WIGNER_MIN 1.0
#define WIGNER_TEXT "4*pi*dx*sqrt(m*k_B*T)/hbar"
#define SINGLE_MAX 0.1
#define SINGLE_TEXT "rate*L/sqrt(k_B*T/m)"

typedef struct units_args {
    cr_units_input in;
    int length_given;
    const char *qubit_opt;  /* "omega" or "frequency-hz", once given */
} units_args;

/* The qubit is given once, as --omega or as --frequency-hz. */
static int qubit_once(units_args *a, const char *opt)
{
    if (a->qubit_opt != NULL && strcmp(a->qubit_opt, opt) != 0)
        return cli_error("units: --omega and --frequency-hz are exclusive: give the qubit "
                         "once (omega = 2*pi*frequency)");
    a->qubit_opt = opt;
    return CLI_OK;
}

/* Parse a strictly positive (or, if zero_ok, non-negative) number. */
static int positive(const char *opt, const char *arg, int zero_ok, double *out)
{
    double v;
    if (cli_parse_double(opt, arg, &v) != CLI_OK)
        return CLI_USAGE;
    if (!(v > 0.0 || (zero_ok && v == 0.0)))
        return cli_error("invalid --%s = \"%s\": valid range is %s", opt, arg,
                         zero_ok ? ">= 0" : "> 0");
    *out = v;
    return CLI_OK;
}

static int units_opt(void *ctx, int id, const char *arg)
{
    units_args *a = ctx;
    cr_units_input *in = &a->in;
    double hz = 0.0;
    int st;
    switch (id) {
    case OPT_OMEGA:  if (qubit_once(a, "omega") != CLI_OK)
                         return CLI_USAGE;
                     return positive("omega", arg, 0, &in->omega);
    case OPT_FREQ:   if (qubit_once(a, "frequency-hz") != CLI_OK ||
                         positive("frequency-hz", arg, 0, &hz) != CLI_OK)
                         return CLI_USAGE;
                     in->omega = cr_units_omega_from_hz(hz);
                     return CLI_OK;
    case OPT_TEMP:   return positive("temperature", arg, 0, &in->temperature);
    case OPT_MASS:   return positive("mass-amu", arg, 0, &in->mass_amu);
    case OPT_DX:     return positive("dx-nm", arg, 0, &in->dx_nm);
    case OPT_RATE:   return positive("rate", arg, 0, &in->rate);
    case OPT_LENGTH: a->length_given = 1;
                     return positive("length-nm", arg, 0, &in->length_nm);
    case OPT_ROUGH:  /* the range of colres's --rough-s */
                     st = positive("rough-s", arg, 1, &in->rough_s);
                     if (st == CLI_OK && in->rough_s > 1e6)
                         st = cli_error("invalid --rough-s = \"%s\": valid range is 0 to 1e6", arg);
                     return st;
    case OPT_DREF:   return positive("delta-ref", arg, 0, &in->delta_ref);
    default:         return cli_error("units: unexpected option");
    }
}

static void warn_conditions(const cr_units_result *r)
{
    if (r->wigner < WIGNER_MIN)
        fprintf(stderr, "colres: warning: Wigner condition " WIGNER_TEXT " = %.3g < %g:"
                        " the packet description is not valid\n", r->wigner, WIGNER_MIN);
    if (r->single_ratio >= SINGLE_MAX)
        fprintf(stderr, "colres: warning: " SINGLE_TEXT " = %.3g is not << 1:"
                        " more than one molecule may be in the region at once\n",
                r->single_ratio);
    if (!cr_rough_in_range(&r->params, r->rough))
        fprintf(stderr, "colres: warning: rough_rho01 = %.3g is an estimate beyond its range "
                        "(> 1/2: no state has that coherence)\n", r->rough);
}

/* One line "quantity,value,note"; a value that is not finite stops the
 * table (numerical failure), before anything is written. */
typedef struct units_table {
    cli_out out;
    char lines[32][160];
    int n, bad;
} units_table;

static void row(units_table *t, const char *quantity, double value, const char *note)
{
    if (!isfinite(value) && t->bad == 0) {
        fprintf(stderr, "colres: units: %s is not a finite number (%g); "
                        "the inputs are too extreme\n", quantity, value);
        t->bad = 1;
    }
    if (t->n < 32)
        snprintf(t->lines[t->n++], sizeof t->lines[0], "%s,%.17g,%s\n", quantity, value, note);
}

static int print_table(const cr_units_input *in, const cr_units_result *r)
{
    static units_table tab; /* 5 KB of lines + 64 KB of buffer: not on the stack */
    units_table *t = &tab;
    t->n = t->bad = 0;
    char wig[96], single[96];
    snprintf(wig, sizeof wig, WIGNER_TEXT ": %s %g)", r->wigner >= WIGNER_MIN
             ? "valid (>=" : "INVALID (<", WIGNER_MIN);
    snprintf(single, sizeof single, SINGLE_TEXT ": %s %g)", r->single_ratio < SINGLE_MAX
             ? "ok (<" : "NOT << 1 (>=", SINGLE_MAX);
    row(t, "omega", in->omega, "qubit angular frequency (rad/s)");
    row(t, "frequency_hz", in->omega / (2.0 * M_PI), "qubit frequency (Hz): omega/(2*pi)");
    row(t, "temperature", in->temperature, "K");
    row(t, "mass_amu", in->mass_amu, "molecule mass (u)");
    row(t, "mass_kg", in->mass_amu * CR_AMU, "molecule mass (kg)");
    row(t, "dx_nm", in->dx_nm, "packet width (nm)");
    row(t, "length_nm", in->length_nm, "scattering region width (nm)");
    row(t, "rate", in->rate, "collision rate (1/s)");
    row(t, "energy_unit", r->energy_unit, "J: hbar*omega/delta");
    row(t, "time_unit", r->time_unit, "s: delta/omega");
    row(t, "length_unit", r->length_unit, "m: dx");
    row(t, "mass_unit", r->mass_unit, "kg: hbar^2/(energy_unit*dx^2)");
    row(t, "gamma", r->params.gamma, "dimensionless parameter --gamma");
    row(t, "delta", r->params.delta, "dimensionless parameter --delta");
    row(t, "dx", r->params.dx, "dimensionless parameter --dx");
    row(t, "beta", r->params.beta, "dimensionless parameter --beta");
    row(t, "mass", r->params.mass, "dimensionless parameter --mass");
    row(t, "length", r->params.length, "dimensionless parameter --length");
    row(t, "x0", r->params.x0, "dimensionless parameter --x0 (-10*max(dx;length))");
    row(t, "rough_s", r->params.rough_s, "dimensionless parameter --rough-s");
    row(t, "exponent", r->exponent, "beta*m*dx^2*omega^2/2 (Eq. 24)");
    row(t, "hbar_omega_over_kT", r->hbar_omega_kt, "beta*delta");
    row(t, "gamma_over_omega", r->gamma_omega, "rate/omega");
    row(t, "wigner", r->wigner, wig);
    row(t, "thermal_speed", r->thermal_speed, "sqrt(k_B*T/m) (m/s)");
    row(t, "single_particle_ratio", r->single_ratio, single);
    row(t, "rough_rho01", r->rough, "s^2*(rate/omega)*exp(-exponent) (Eq. 24 / S10)");
    if (t->bad)
        return CLI_FAIL;
    cli_out_init(&t->out);
    cli_out_line(&t->out, "quantity,value,note\n");
    for (int i = 0; i < t->n; i++)
        cli_out_line(&t->out, t->lines[i]);
    return cli_out_finish(&t->out);
}

int cmd_units(int argc, char **argv)
{
    units_args a;
    memset(&a, 0, sizeof a);
    cr_units_default(&a.in);
    int quiet = 0;
    int st = cli_parse_options(argc, argv, units_usage, units_opts, units_opt, &a, &quiet);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (!a.length_given)
        a.in.length_nm = a.in.dx_nm;

    cr_units_result r;
    char err[256];
    if (cr_units_convert(&a.in, &r, err, sizeof err) != CR_OK)
        return cli_error("%s", err);
    if (!quiet)
        warn_conditions(&r);
    return print_table(&a.in, &r);
}
