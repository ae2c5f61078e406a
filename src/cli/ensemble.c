/* ensemble.c — `colres ensemble`: K seeded trajectories and, at N equally
 * spaced times, their mean and standard error of every state column. */
#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/ensemble.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/smap.h"
#include "colres/status.h"

enum { OPT_K = 1, OPT_TMAX, OPT_POINTS, OPT_SEED, OPT_DEPHASE, OPT_INITIAL };

typedef struct ens_args {
    unsigned long k, points, seed;
    double tmax;
    int dephase;
    const char *initial;
} ens_args;

static int ens_opt(void *ctx, int id, const char *arg)
{
    ens_args *a = ctx;
    switch (id) {
    case OPT_K:
        return cli_parse_ulong("trajectories", arg, 2, CR_ENS_KMAX, &a->k);
    case OPT_POINTS:
        return cli_parse_ulong("points", arg, 1, 100000, &a->points);
    case OPT_SEED:
        return cli_parse_ulong("seed", arg, 0, 0xffffffffUL, &a->seed);
    case OPT_TMAX:
        if (cli_parse_double("tmax", arg, &a->tmax) != CLI_OK)
            return CLI_USAGE;
        if (!(a->tmax >= 0.0) || !isfinite(a->tmax))
            return cli_error("invalid --tmax = %s: valid range is >= 0, finite", arg);
        return CLI_OK;
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    case OPT_INITIAL: {
        cr_state unused;
        char err[256];
        if (cr_state_initial(arg, 1.0, 1.0, &unused, err, sizeof err) != CR_OK)
            return cli_error("invalid --initial = \"%s\": valid values are ground, excited, "
                             "thermal, plus", arg);
        a->initial = arg;
        return CLI_OK;
    }
    default:
        return cli_error("ensemble: unexpected option");
    }
}

/* t,gamma_t, then NAME_mean,NAME_sem for every real entry of ρ (the
 * qubit's rho00,rho11,rho01_re,rho01_im; rhoJJ, then rhoJK_re, rhoJK_im
 * for every pair), and rhoJK_abs_traj_mean after each pair's. */
static void ens_header(char *head, size_t len, int n)
{
    size_t at = 0;
#define PUT(...) at += (size_t)snprintf(head + at, at < len ? len - at : 0, __VA_ARGS__)
    PUT("t,gamma_t");
    for (int j = 0; j < n; j++)
        PUT(",rho%d%d_mean,rho%d%d_sem", j, j, j, j);
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++)
            PUT(",rho%d%d_re_mean,rho%d%d_re_sem,rho%d%d_im_mean,rho%d%d_im_sem,rho%d%d_abs_traj_mean",
                j, k, j, k, j, k, j, k, j, k);
    PUT("\n");
#undef PUT
}

static int ens_row(cli_out *o, const cr_ens_stats *s, double gamma)
{
    double v[2 + 2 * CR_NMAX2 + CR_NPAIRS];
    int n = s->n, m = 0, pair = 0;
    v[m++] = s->t;
    v[m++] = gamma * s->t;
    for (int j = 0; j < n; j++) {
        v[m++] = s->mean[j];
        v[m++] = s->sem[j];
    }
    for (int i = n; i < n * n; i += 2) {
        v[m++] = s->mean[i];
        v[m++] = s->sem[i];
        v[m++] = s->mean[i + 1];
        v[m++] = s->sem[i + 1];
        v[m++] = s->abs_mean[pair++];
    }
    return cli_out_row(o, NULL, v, m, "ensemble");
}

static int ens_run(const cr_nmap *S, const ens_args *a, const cli_common *c)
{
    const cr_params *p = &c->params;
    double e[CR_NMAX];
    cr_params_energies(p, e);
    cr_nstate rho0;
    char err[512];
    if (cr_nstate_initial(a->initial, S->n, e, p->beta, &rho0, err, sizeof err) != CR_OK)
        return cli_error("ensemble: %s", err);
    double *times = malloc(sizeof(double) * a->points);
    cr_ens_stats *out = malloc(sizeof(cr_ens_stats) * a->points);
    if (times == NULL || out == NULL) {
        free(times);
        free(out);
        fprintf(stderr, "colres: ensemble: out of memory\n");
        return CLI_FAIL;
    }
    for (unsigned long i = 0; i < a->points; i++)
        times[i] = a->points == 1 ? 0.0 : a->tmax * (double)i / (double)(a->points - 1);
    int rc = cr_ens_run(S, p->gamma, e, a->dephase, &rho0, a->k, a->seed, times, a->points,
                        c->threads, &cli_stop_work, out, err, sizeof err);
    int st = CLI_OK;
    if (rc == CR_ECANCEL || cli_signal() != 0)
        st = cli_interrupted_exit("ensemble", "nothing written");
    else if (rc != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        st = rc == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    } else {
        cli_out o;
        cli_out_init(&o);
        char head[8192];
        ens_header(head, sizeof head, S->n);
        cli_out_line(&o, head);
        for (unsigned long i = 0; o.status == CLI_OK && i < a->points; i++)
            ens_row(&o, &out[i], p->gamma);
        st = cli_out_finish(&o);
    }
    free(times);
    free(out);
    return st;
}

int cmd_ensemble(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "trajectories", 1, OPT_K, "K", "number of trajectories, 2 to 10^7 (default 1000)" },
        { "tmax", 1, OPT_TMAX, "T", "final time (default 10)" },
        { "points", 1, OPT_POINTS, "N", "number of times from 0 to T, 1 to 10^5 (default 101)" },
        { "seed", 1, OPT_SEED, "S", "trajectory i (0-based) is seeded with S+i (default 1)" },
        { "dephase", 0, OPT_DEPHASE, "", "apply the full dephasing D after each collision (Eq. 3)" },
        { "initial", 1, OPT_INITIAL, "NAME", "initial state: ground, excited (default), thermal or plus" },
        { NULL, 0, 0, NULL, NULL },
    };
    ens_args a = { 1000, 101, 1, 10.0, 0, "excited" };
    cli_common c;
    cr_map Sq;
    int st = cli_setup(argc, argv,
                   "Usage: colres ensemble --trajectories K --tmax T --points N --seed S\n"
                   "                       [--dephase] [--initial NAME] [--threads N] [OPTIONS]\n"
                   "K Poissonian trajectories (Eq. 5); trajectory i is the one\n"
                   "`colres trajectory --seed S+i` prints. At N equally spaced times from 0 to T:\n"
                   "the ensemble mean and standard error (sample standard deviation / sqrt(K))\n"
                   "of every state column, and the mean over trajectories of |rho01| (the\n"
                   "coherence each trajectory carries; the mean's |rho01| averages out).\n"
                   "Columns: t,gamma_t,rho00_mean,rho00_sem,rho11_mean,rho11_sem,\n"
                   "rho01_re_mean,rho01_re_sem,rho01_im_mean,rho01_im_sem,rho01_abs_traj_mean.\n"
                   "Another --levels or --coupling: rhoJJ_mean,rhoJJ_sem for every level, then\n"
                   "rhoJK_re_mean,rhoJK_re_sem,rhoJK_im_mean,rhoJK_im_sem,rhoJK_abs_traj_mean\n"
                   "for every J < K. The numbers do not depend on --threads.\n",
                   opts, ens_opt, &a, &c, &Sq);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_nmap *S = cli_nmap_new(&c, &Sq, "ensemble", &st);
    if (S == NULL)
        return st;
    st = ens_run(S, &a, &c);
    free(S);
    return st;
}
