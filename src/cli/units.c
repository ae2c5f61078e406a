/* units.c — `colres units`: an experiment in SI units → colres's
 * dimensionless parameters and the paper's conditions (physics.md §9). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "colres/status.h"
#include "colres/units.h"

static const char units_usage[] =
    "Usage: colres units [OPTIONS]\n"
    "Convert an experiment in SI units to colres's dimensionless parameters\n"
    "(hbar = k_B = 1, energy unit hbar*omega/delta-ref, length unit dx) and\n"
    "print the Wigner and single-particle conditions and the rough estimate\n"
    "of |rho01| (Eq. 24) as CSV: quantity,value,note.\n"
    "Defaults are the paper's closing example.\n\n"
    "  --omega RAD_PER_S   qubit angular frequency (default 1e9)\n"
    "  --temperature K     reservoir temperature (default 295)\n"
    "  --mass-amu A        molecule mass in u (default 1000 proton masses = 1007.276 u)\n"
    "  --dx-nm X           packet width in nm (default 50)\n"
    "  --rate G            collision rate in 1/s (default 1e9)\n"
    "  --length-nm L       scattering region width in nm (default = dx)\n"
    "  --rough-s S         s of the rough estimate (default 0.01)\n"
    "  --delta-ref D       dimensionless qubit spacing that fixes the energy unit\n"
    "                      (default 0.6, the paper's)\n"
    "  --quiet             no warnings on stderr\n"
    "  --help              this text\n";

enum { OPT_OMEGA = 1, OPT_TEMP, OPT_MASS, OPT_DX, OPT_RATE, OPT_LENGTH,
       OPT_ROUGH, OPT_DREF, OPT_QUIET, OPT_HELP };

static const struct option units_opts[] = {
    { "omega",       required_argument, NULL, OPT_OMEGA },
    { "temperature", required_argument, NULL, OPT_TEMP },
    { "mass-amu",    required_argument, NULL, OPT_MASS },
    { "dx-nm",       required_argument, NULL, OPT_DX },
    { "rate",        required_argument, NULL, OPT_RATE },
    { "length-nm",   required_argument, NULL, OPT_LENGTH },
    { "rough-s",     required_argument, NULL, OPT_ROUGH },
    { "delta-ref",   required_argument, NULL, OPT_DREF },
    { "quiet",       no_argument,       NULL, OPT_QUIET },
    { "help",        no_argument,       NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

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

static void row(const char *quantity, double value, const char *note)
{
    fputs(quantity, stdout);
    putchar(',');
    cli_print_double(stdout, value);
    printf(",%s\n", note);
}

int cmd_units(int argc, char **argv)
{
    cr_units_input in;
    cr_units_default(&in);
    int quiet = 0, length_given = 0;

    optind = 0; /* GNU: re-initialise; argv[0] is the command name */
    opterr = 0;
    for (;;) {
        int idx = 0;
        int c = getopt_long(argc, argv, "+:", units_opts, &idx);
        if (c == -1)
            break;
        int st = CLI_OK;
        switch (c) {
        case OPT_OMEGA:  st = positive("omega", optarg, 0, &in.omega); break;
        case OPT_TEMP:   st = positive("temperature", optarg, 0, &in.temperature); break;
        case OPT_MASS:   st = positive("mass-amu", optarg, 0, &in.mass_amu); break;
        case OPT_DX:     st = positive("dx-nm", optarg, 0, &in.dx_nm); break;
        case OPT_RATE:   st = positive("rate", optarg, 0, &in.rate); break;
        case OPT_LENGTH: st = positive("length-nm", optarg, 0, &in.length_nm);
                         length_given = 1; break;
        case OPT_ROUGH:  st = positive("rough-s", optarg, 1, &in.rough_s); break;
        case OPT_DREF:   st = positive("delta-ref", optarg, 0, &in.delta_ref); break;
        case OPT_QUIET:  quiet = 1; break;
        case OPT_HELP:
            fputs(units_usage, stdout);
            return CLI_OK;
        case ':':
            return cli_error("option %s needs a value (see colres units --help)",
                             argv[optind - 1]);
        default:
            return cli_error("unknown option %s for units (see colres units --help)",
                             argv[optind - 1]);
        }
        if (st != CLI_OK)
            return CLI_USAGE;
    }
    if (optind < argc)
        return cli_error("units takes no positional argument (got \"%s\")", argv[optind]);
    if (!length_given)
        in.length_nm = in.dx_nm;

    cr_units_result r;
    char err[256];
    if (cr_units_convert(&in, &r, err, sizeof err) != CR_OK)
        return cli_error("%s", err);

    if (!quiet && r.wigner < 1.0)
        fprintf(stderr, "colres: warning: Wigner condition 4*pi*dx*sqrt(m*k_B*T)/hbar = %.3g < 1:"
                        " the packet description is not valid\n", r.wigner);
    if (!quiet && r.single_ratio >= 0.1)
        fprintf(stderr, "colres: warning: rate*L/sqrt(k_B*T/m) = %.3g is not << 1:"
                        " more than one molecule may be in the region at once\n",
                r.single_ratio);

    printf("quantity,value,note\n");
    row("omega", in.omega, "qubit angular frequency (rad/s)");
    row("temperature", in.temperature, "K");
    row("mass_amu", in.mass_amu, "molecule mass (u)");
    row("mass_kg", in.mass_amu * CR_AMU, "molecule mass (kg)");
    row("dx_nm", in.dx_nm, "packet width (nm)");
    row("length_nm", in.length_nm, "scattering region width (nm)");
    row("rate", in.rate, "collision rate (1/s)");
    row("energy_unit", r.energy_unit, "J: hbar*omega/delta");
    row("time_unit", r.time_unit, "s: delta/omega");
    row("length_unit", r.length_unit, "m: dx");
    row("mass_unit", r.mass_unit, "kg: hbar^2/(energy_unit*dx^2)");
    row("gamma", r.params.gamma, "dimensionless parameter --gamma");
    row("delta", r.params.delta, "dimensionless parameter --delta");
    row("dx", r.params.dx, "dimensionless parameter --dx");
    row("beta", r.params.beta, "dimensionless parameter --beta");
    row("mass", r.params.mass, "dimensionless parameter --mass");
    row("length", r.params.length, "dimensionless parameter --length");
    row("x0", r.params.x0, "dimensionless parameter --x0 (-10*max(dx;length))");
    row("rough_s", r.params.rough_s, "dimensionless parameter --rough-s");
    row("exponent", r.exponent, "beta*m*dx^2*omega^2/2 (Eq. 24)");
    row("hbar_omega_over_kT", r.hbar_omega_kt, "beta*delta");
    row("gamma_over_omega", r.gamma_omega, "rate/omega");
    row("wigner", r.wigner, r.wigner >= 1.0 ? "4*pi*dx*sqrt(m*k_B*T)/hbar: valid (>= 1)"
                                            : "4*pi*dx*sqrt(m*k_B*T)/hbar: INVALID (< 1)");
    row("thermal_speed", r.thermal_speed, "sqrt(k_B*T/m) (m/s)");
    row("single_particle_ratio", r.single_ratio,
        r.single_ratio < 0.1 ? "rate*L/sqrt(k_B*T/m): ok (< 0.1)"
                             : "rate*L/sqrt(k_B*T/m): NOT << 1 (>= 0.1)");
    row("rough_rho01", r.rough, "s^2*(rate/omega)*exp(-exponent) (Eq. 24 / S10)");
    return CLI_OK;
}
