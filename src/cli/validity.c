/* validity.c — `colres validity`: where the model stops being physical
 * (the smallest eigenvalues of the packet state, of S's Choi matrix and of
 * the steady state, and the Wigner value), as CSV quantity,value. */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "scan.h"

#include <stdlib.h>

#include <math.h>

#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/validity.h"

static const cli_opt no_opts[] = { { NULL, 0, 0, NULL, NULL } };

int cmd_validity(int argc, char **argv)
{
    cli_common c;
    cr_map S;
    int st = cli_setup(argc, argv,
                   "Usage: colres validity [OPTIONS]\n"
                   "Check where the model stops being physical; CSV quantity,value:\n"
                   "  packet_min_eigenvalue  smallest eigenvalue of the packet state (Eq. 23, p > 0)\n"
                   "  choi_min_eigenvalue    smallest eigenvalue of S's Choi matrix (< 0: not CP)\n"
                   "  steady_min_eigenvalue  smallest eigenvalue of the steady state at --gamma\n"
                   "  wigner_value           4*pi*dx*sqrt(mass/beta) (valid if >= 1)\n"
                   "A negative value beyond its tolerance is reported on stderr.  A value that\n"
                   "cannot be computed (the packet's grid would exceed its cap) is nan, with\n"
                   "the reason on stderr.",
                   no_opts, NULL, NULL, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    char err[512];
    double packet = NAN, choi, wigner = cr_validity_wigner(&c.params);
    int pst = cr_validity_packet_min(&c.params, CR_VALIDITY_PACKET_TOL, &packet, NULL, err, sizeof err);
    if (pst == CR_ECANCEL || cli_signal() != 0)
        return cli_interrupted_exit("validity", "nothing written");
    if (pst != CR_OK) {
        packet = NAN; /* too fine a grid: say so (even with --quiet: it explains the nan) */
        fprintf(stderr, "colres: packet_min_eigenvalue = nan: %s\n", err);
    }
    /* Any level scheme: the N-level map (the qubit's own for the paper's). */
    cr_nmap *N = cli_nmap_new(&c, &S, "validity", &st);
    if (N == NULL)
        return st;
    double e[CR_NMAX];
    cr_params_energies(&c.params, e);
    cr_nstate ss;
    if (cr_validity_nchoi_min(N, &choi, err, sizeof err) != CR_OK
        || cr_nsteady_state(N, c.params.gamma, e, &ss, err, sizeof err) != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        free(N);
        return CLI_FAIL;
    }
    free(N);
    cr_state q;
    double steady = cr_nstate_to_qubit(&ss, &q) == CR_OK ? cr_validity_state_min(&q)
                                                          : cr_nstate_min_eigenvalue(&ss);
    if (!c.quiet) {
        cr_validity v = { packet, choi, steady, wigner };
        char msgs[3][CR_WARN_LEN];
        int n = cr_validity_warnings(&v, msgs, 3);
        for (int i = 0; i < n; i++)
            fprintf(stderr, "colres: warning: %s\n", msgs[i]);
        if (wigner < 1.0)
            fprintf(stderr, "colres: warning: 4*pi*dx*sqrt(mass/beta) = %.3g < 1: "
                            "the packet's Wigner function is not valid\n", wigner);
    }
    static const char *const names[] = {
        "packet_min_eigenvalue", "choi_min_eigenvalue", "steady_min_eigenvalue", "wigner_value",
    };
    double values[] = { packet, choi, steady, wigner };
    cli_out o;
    cli_out_init(&o);
    cli_out_header(&o, &c, CLI_META_NONE, "quantity,value\n");
    for (int i = 0; i < 4; i++) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%s,", names[i]);
        if (isfinite(values[i]))
            cli_out_row(&o, prefix, &values[i], 1, "validity");
        else { /* not converged (its reason on stderr above): nan */
            strcat(prefix, "nan\n");
            cli_out_line(&o, prefix);
        }
    }
    return cli_out_finish(&o);
}
