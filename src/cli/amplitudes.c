/* amplitudes.c — `colres amplitudes`: the scattering amplitudes
 * s^{(α)}_{j'j}(E) on an energy grid, as CSV energy,alpha,jp,j,re,im
 * (alpha + transmitted, - reflected; approx reflection is 0, Eq. S1), so
 * they can be checked without linking the library. */
#include "config.h"

#include "cli.h"
#include "scan.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>

#include "colres/amplitudes.h"
#include "colres/limits.h"
#include "colres/nlevel.h"
#include "colres/status.h"
#include "colres/sweep.h"

typedef cli_range amp_args; /* --from, --to, --points, --log */

static int amp_opt(void *ctx, int id, const char *arg)
{
    int st = cli_range_opt(ctx, id, arg);
    return st >= 0 ? st : cli_error("amplitudes: unexpected option");
}

/* Any other system: 2 N^2 rows per energy, from the N-channel amplitudes. */
static int amplitudes_general(const cli_common *c, const amp_args *a, const double *energies)
{
    char err[256];
    cr_nsystem sys;
    if (cr_nsystem_init(&sys, &c->params, err, sizeof err) != CR_OK) {
        fprintf(stderr, "colres: amplitudes: %s\n", err);
        return CLI_FAIL;
    }
    size_t nn = (size_t)sys.n * (size_t)sys.n;
    double complex *plus = malloc(sizeof *plus * nn * a->points);
    double complex *minus = calloc(nn * a->points, sizeof *minus);
    int rc = CLI_OK;
    if (plus == NULL || minus == NULL) {
        fprintf(stderr, "colres: amplitudes: out of memory\n");
        rc = CLI_FAIL;
    }
    for (unsigned long i = 0; rc == CLI_OK && i < a->points; i++) {
        if (c->params.amplitudes != CR_AMP_EXACT)
            cr_namp_approx(&sys, energies[i], plus + i * nn);
        else if (cr_namp_exact(&sys, energies[i], plus + i * nn, minus + i * nn) != CR_OK) {
            fprintf(stderr, "colres: amplitudes: exact matching is singular at E = %.17g\n",
                    energies[i]);
            rc = CLI_FAIL;
        }
    }
    cli_out o;
    cli_out_init(&o);
    if (rc == CLI_OK)
        cli_out_header(&o, c, CLI_META_NONE, "energy,alpha,jp,j,re,im\n");
    for (unsigned long i = 0; rc == CLI_OK && i < a->points && o.status == CLI_OK; i++)
        for (int alpha = 0; alpha < 2; alpha++)
            for (size_t r = 0; r < nn; r++) {
                double complex s = (alpha == 0 ? plus : minus)[i * nn + r];
                char prefix[128];
                snprintf(prefix, sizeof prefix, "%.17g,%c,%zu,%zu,", energies[i],
                         alpha == 0 ? '+' : '-', r / (size_t)sys.n, r % (size_t)sys.n);
                double v[2] = { creal(s), cimag(s) };
                cli_out_row(&o, prefix, v, 2, "amplitudes");
            }
    if (rc == CLI_OK)
        rc = cli_out_finish(&o);
    free(plus);
    free(minus);
    return rc;
}

int cmd_amplitudes(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "from", 1, CLI_RANGE_FROM, "E", "first total energy (required)" },
        { "to", 1, CLI_RANGE_TO, "E", "last total energy (required)" },
        { "points", 1, CLI_RANGE_POINTS, "N", "number of energies (default 100)" },
        { "log", 0, CLI_RANGE_LOG, "", "space the energies geometrically (both > 0)" },
        { NULL, 0, 0, NULL, NULL },
    };
    amp_args a = { 0.0, 0.0, 100, 0, 0, 0 };
    cli_common c;
    int st = cli_setup(argc, argv,
                   "Usage: colres amplitudes --from E --to E [--points N] [--log] [OPTIONS]\n"
                   "Print the scattering amplitudes s^(alpha)_{j'j}(E) at total energies E,\n"
                   "8 rows per energy (2 N^2 for N levels): energy,alpha,jp,j,re,im (alpha + transmitted,\n"
                   "- reflected).  --amplitudes chooses the model; approx reflection is 0,\n"
                   "and entries of a closed channel (E < e_j or e_j') are 0.\n"
                   "E is the total energy on the scale of the levels as colres uses them:\n"
                   "centred on their mean and scaled so that E_1 - E_0 = delta (the qubit's\n"
                   "-delta/2, +delta/2; --levels 0,1,2 means E_j = -delta, 0, +delta).\n"
                   "Exact amplitudes lose relative accuracy at high E (about 2e-16 E/|V| in\n"
                   "s - I, |V| = lambda max|C_jk|: from E ~ 3e9 at the defaults); a warning\n"
                   "says from which E.",
                   opts, amp_opt, &a, &c, NULL);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (!a.have_from || !a.have_to)
        return cli_error("amplitudes: --from and --to are required");
    double *energies = malloc(sizeof(double) * a.points);
    double complex (*plus)[2][2] = malloc(sizeof *plus * a.points);
    double complex (*minus)[2][2] = malloc(sizeof *minus * a.points);
    char err[256];
    int rc = CLI_OK;
    if (energies == NULL || plus == NULL || minus == NULL) {
        fprintf(stderr, "colres: amplitudes: out of memory\n");
        rc = CLI_FAIL;
        goto done;
    }
    if (cr_grid(a.from, a.to, a.points, a.log_scale, energies, err, sizeof err) != CR_OK) {
        rc = cli_error("%s", err);
        goto done;
    }
    cli_warn(&c);
    double elim = cr_exact_energy_limit(&c.params);
    if (!c.quiet && c.params.amplitudes == CR_AMP_EXACT && fmax(fabs(a.from), fabs(a.to)) > elim)
        fprintf(stderr, "colres: warning: exact amplitudes above E = %.2g are not accurate "
                        "relative to s - I (about %.1g relative at E = %.2g: double-precision "
                        "matching at large kL)\n", elim,
                CR_EXACT_REL_TOL * fmax(fabs(a.from), fabs(a.to)) / elim, fmax(fabs(a.from), fabs(a.to)));
    if (!c.quiet && (c.params.nlevels > 2 || !cr_params_is_qubit(&c.params)))
        fprintf(stderr, "colres: note: energies are total energies on the centred levels "
                        "(mean 0, E_1 - E_0 = delta)\n");
    if (!cr_params_is_qubit(&c.params)) {
        rc = amplitudes_general(&c, &a, energies);
        goto done;
    }
    cr_system sys;
    cr_system_init(&sys, &c.params);
    /* Everything first, then the table: a failure leaves stdout empty. */
    for (unsigned long i = 0; i < a.points; i++) {
        if (c.params.amplitudes == CR_AMP_EXACT) {
            if (cr_amp_exact(&sys, energies[i], plus[i], minus[i]) != CR_OK) {
                fprintf(stderr, "colres: amplitudes: exact matching is singular at E = %.17g\n",
                        energies[i]);
                rc = CLI_FAIL;
                goto done;
            }
        } else {
            cr_amp_approx(&sys, energies[i], plus[i]);
            for (int r = 0; r < 2; r++)
                for (int q = 0; q < 2; q++)
                    minus[i][r][q] = 0.0;
        }
    }
    cli_out o;
    cli_out_init(&o);
    cli_out_header(&o, &c, CLI_META_NONE, "energy,alpha,jp,j,re,im\n");
    for (unsigned long i = 0; i < a.points && o.status == CLI_OK; i++)
        for (int alpha = 0; alpha < 2; alpha++)
            for (int jp = 0; jp < 2; jp++)
                for (int j = 0; j < 2; j++) {
                    double complex s = alpha == 0 ? plus[i][jp][j] : minus[i][jp][j];
                    char prefix[64];
                    snprintf(prefix, sizeof prefix, "%.17g,%c,%d,%d,", energies[i],
                             alpha == 0 ? '+' : '-', jp, j);
                    double v[2] = { creal(s), cimag(s) };
                    cli_out_row(&o, prefix, v, 2, "amplitudes");
                }
    rc = cli_out_finish(&o);
done:
    free(minus);
    free(plus);
    free(energies);
    return rc;
}
