/* commands.c — the batch commands map, steady, trajectory and evolve, and
 * the helpers every command shares (src/cli/grid.c has sweep and heatmap).
 * Each computes everything first and only then writes its CSV, so a
 * failure never leaves a partial table on stdout. */
#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"

static const cli_opt no_opts[] = { { NULL, 0, 0, NULL, NULL } };

/* Parse, warn, and compute the map: the first steps of most commands. */
int cli_setup(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *c, cr_map *S)
{
    int st = cli_parse(argc, argv, usage, extra, handler, ctx, c);
    if (st != CLI_OK)
        return st;
    /* Commands without a map (sweep, heatmap) still check their ranges and
     * warn afterwards, so a usage error stays one line on stderr. */
    if (S == NULL)
        return CLI_OK;
    cli_warn(c);
    char err[512];
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL) {
        fprintf(stderr, "colres: scattering map: out of memory\n");
        return CLI_FAIL;
    }
    int rc = cr_smap_compute(w, &c->params, S, err, sizeof err);
    cr_smap_free(w);
    if (rc != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return rc == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    return CLI_OK;
}

void cli_csv_row(FILE *f, const double *v, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            fputc(',', f);
        cli_print_double(f, v[i]);
    }
    fputc('\n', f);
}

int cli_finish_output(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "colres: error writing the output\n");
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* ---- map ---- */

int cmd_map(int argc, char **argv)
{
    cli_common c;
    cr_map S;
    int st = cli_setup(argc, argv,
                   "Usage: colres map [OPTIONS]\n"
                   "Print the scattering map S^{jk}_{j'k'} (Eq. 17), 16 rows: jp,kp,j,k,re,im.",
                   no_opts, NULL, NULL, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    printf("jp,kp,j,k,re,im\n");
    for (int r = 0; r < 4; r++)
        for (int col = 0; col < 4; col++) {
            printf("%d,%d,%d,%d,", r / 2, r % 2, col / 2, col % 2);
            double v[2] = { creal(S.m[r][col]), cimag(S.m[r][col]) };
            cli_csv_row(stdout, v, 2);
        }
    return cli_finish_output();
}

/* ---- steady ---- */

int cmd_steady(int argc, char **argv)
{
    cli_common c;
    cr_map S;
    int st = cli_setup(argc, argv,
                   "Usage: colres steady [OPTIONS]\n"
                   "Print the steady state of the master equation (Eq. 9) at the given parameters.",
                   no_opts, NULL, NULL, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_state ss, th;
    char err[512];
    if (cr_steady_state(&S, c.params.gamma, c.params.delta, &ss, err, sizeof err) != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return CLI_FAIL;
    }
    cr_thermal_state(c.params.beta, c.params.delta, &th);
    printf("gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00\n");
    double v[7] = { c.params.gamma, creal(ss.v[0]), creal(ss.v[3]), creal(ss.v[1]),
                    cimag(ss.v[1]), cabs(ss.v[1]), creal(th.v[0]) };
    cli_csv_row(stdout, v, 7);
    return cli_finish_output();
}

enum { OPT_COLLISIONS = 1, OPT_SEED, OPT_DEPHASE, OPT_EVERY, OPT_TMAX, OPT_POINTS };

/* ---- trajectory ---- */

typedef struct traj_args {
    unsigned long collisions, seed, every;
    int dephase;
} traj_args;

static int traj_opt(void *ctx, int id, const char *arg)
{
    traj_args *a = ctx;
    switch (id) {
    case OPT_COLLISIONS:
        return cli_parse_ulong("collisions", arg, 0, 1000000000000UL, &a->collisions);
    case OPT_SEED:
        return cli_parse_ulong("seed", arg, 0, 0xffffffffUL, &a->seed);
    case OPT_EVERY:
        return cli_parse_ulong("every", arg, 1, 1000000000000UL, &a->every);
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    default:
        return cli_error("trajectory: unexpected option");
    }
}

static void traj_row(const cr_traj *t, double gamma)
{
    cr_state s;
    cr_traj_state(t, &s);
    double tt = cr_traj_time(t);
    printf("%lu,", cr_traj_count(t));
    double v[6] = { tt, gamma * tt, creal(s.v[0]), creal(s.v[3]), creal(s.v[1]), cimag(s.v[1]) };
    cli_csv_row(stdout, v, 6);
}

int cmd_trajectory(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "collisions", 1, OPT_COLLISIONS, "N", "number of collisions (default 100)" },
        { "seed", 1, OPT_SEED, "S", "seed of the random waiting times (default 1)" },
        { "dephase", 0, OPT_DEPHASE, "", "apply the full dephasing D after each collision (Eq. 3)" },
        { "every", 1, OPT_EVERY, "K", "write every K-th collision only (default 1)" },
        { NULL, 0, 0, NULL, NULL },
    };
    traj_args a = { 100, 1, 1, 0 };
    cli_common c;
    cr_map S;
    int st = cli_setup(argc, argv,
                   "Usage: colres trajectory --collisions N --seed S [--dephase] [OPTIONS]\n"
                   "One Poissonian trajectory (Eq. 5) from the excited state |1><1|.\n"
                   "Columns: n,t,gamma_t,rho00,rho11,rho01_re,rho01_im (n = 0 is the initial state).",
                   opts, traj_opt, &a, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_traj *t = cr_traj_alloc(a.seed);
    if (t == NULL) {
        fprintf(stderr, "colres: trajectory: out of memory\n");
        return CLI_FAIL;
    }
    cr_traj_set_map(t, &S, c.params.gamma, c.params.delta);
    cr_traj_set_dephase(t, a.dephase);
    cli_install_signals();
    printf("n,t,gamma_t,rho00,rho11,rho01_re,rho01_im\n");
    traj_row(t, c.params.gamma);
    for (unsigned long n = 0; n < a.collisions && !cli_interrupted;) {
        unsigned long k = a.every;
        if (k > a.collisions - n)
            k = a.collisions - n;
        cr_traj_step(t, k);
        n += k;
        traj_row(t, c.params.gamma);
    }
    cr_traj_free(t);
    if (cli_interrupted) {
        fflush(stdout);
        fprintf(stderr, "colres: trajectory interrupted\n");
        return 130;
    }
    return cli_finish_output();
}

/* ---- evolve ---- */

typedef struct evolve_args {
    double tmax;
    unsigned long points;
} evolve_args;

static int evolve_opt(void *ctx, int id, const char *arg)
{
    evolve_args *a = ctx;
    if (id == OPT_TMAX) {
        if (cli_parse_double("tmax", arg, &a->tmax) != CLI_OK)
            return CLI_USAGE;
        if (!(a->tmax >= 0.0))
            return cli_error("invalid --tmax = %s: valid range is >= 0", arg);
        return CLI_OK;
    }
    if (id == OPT_POINTS)
        return cli_parse_ulong("points", arg, 1, 10000000, &a->points);
    return cli_error("evolve: unexpected option");
}

int cmd_evolve(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "tmax", 1, OPT_TMAX, "T", "final time (default 10)" },
        { "points", 1, OPT_POINTS, "N", "number of times from 0 to T (default 101)" },
        { NULL, 0, 0, NULL, NULL },
    };
    evolve_args a = { 10.0, 101 };
    cli_common c;
    cr_map S;
    int st = cli_setup(argc, argv,
                   "Usage: colres evolve --tmax T --points N [OPTIONS]\n"
                   "The mean evolution exp(Lt) rho(0) from the excited state: the average over\n"
                   "all trajectories. Columns: t,gamma_t,rho00,rho11,rho01_re,rho01_im.",
                   opts, evolve_opt, &a, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_state *out = malloc(sizeof(cr_state) * a.points);
    if (out == NULL) {
        fprintf(stderr, "colres: evolve: out of memory\n");
        return CLI_FAIL;
    }
    cr_state rho0;
    cr_excited_state(&rho0);
    char err[512];
    for (unsigned long i = 0; i < a.points; i++) {
        double t = a.points == 1 ? 0.0 : a.tmax * (double)i / (double)(a.points - 1);
        if (cr_evolve(&S, c.params.gamma, c.params.delta, t, &rho0, &out[i], err, sizeof err) != CR_OK) {
            free(out);
            fprintf(stderr, "colres: %s\n", err);
            return CLI_FAIL;
        }
    }
    printf("t,gamma_t,rho00,rho11,rho01_re,rho01_im\n");
    for (unsigned long i = 0; i < a.points; i++) {
        double t = a.points == 1 ? 0.0 : a.tmax * (double)i / (double)(a.points - 1);
        double v[6] = { t, c.params.gamma * t, creal(out[i].v[0]), creal(out[i].v[3]),
                        creal(out[i].v[1]), cimag(out[i].v[1]) };
        cli_csv_row(stdout, v, 6);
    }
    free(out);
    return cli_finish_output();
}
