/* evolve.c — the commands over time: trajectory (one seeded Poissonian
 * trajectory, Eq. 5) and evolve (the mean evolution exp(Lt) rho(0)), rows
 * written as they are computed, Ctrl-C between rows. */
#include "config.h"

#include "cli.h"
#include "scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/status.h"
#include "colres/trajectory.h"

#define DEPHASE_HELP "use the map D.S: dephasing D after each collision (Eq. 3)"

/* --initial NAME of evolve and trajectory: the name is checked while
 * parsing (a usage error before any work); the state needs beta and delta,
 * known only after every option is read. */
#define INITIAL_HELP "initial state: ground, excited (default), thermal or plus"
static int initial_opt(const char *arg, const char **name)
{
    cr_state unused;
    char err[256];
    if (cr_state_initial(arg, 1.0, 1.0, &unused, err, sizeof err) != CR_OK)
        return cli_error("invalid --initial = \"%s\": valid values are ground, excited, "
                         "thermal, plus", arg);
    *name = arg;
    return CLI_OK;
}

enum { OPT_COLLISIONS = 1, OPT_SEED, OPT_DEPHASE, OPT_EVERY, OPT_TMAX, OPT_POINTS,
       OPT_INITIAL };

/* ---- trajectory ---- */

typedef struct traj_args {
    unsigned long collisions, seed, every;
    int dephase;
    const char *initial;
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
    case OPT_INITIAL:
        return initial_opt(arg, &a->initial);
    default:
        return cli_error("trajectory: unexpected option");
    }
}

/* A row of a trajectory or the mean evolution: the paper's qubit keeps
 * its columns (rho00,rho11,rho01_re,rho01_im); any other system writes
 * every state column. */
static int state_row(cli_out *o, const char *prefix, double t, double gamma,
                     const cr_nstate *s, const cr_nstate *th, int qubit, const char *what)
{
    double v[2 + CLI_STATE_MAX] = { t, gamma * t };
    int nv = 2;
    if (qubit) {
        v[2] = creal(s->v[0]);
        v[3] = creal(s->v[3]);
        v[4] = creal(s->v[1]);
        v[5] = cimag(s->v[1]);
        nv = 6;
    } else
        nv += cli_state_values(v + 2, s, th);
    return cli_out_row(o, prefix, v, nv, what);
}

/* "PREFIX" then the state columns of this system, and a newline. */
static void state_header(char *head, size_t len, const char *prefix, int n, int qubit)
{
    size_t at = (size_t)snprintf(head, len, "%s", prefix);
    if (qubit)
        at += (size_t)snprintf(head + at, len - at, "rho00,rho11,rho01_re,rho01_im");
    else
        at += cli_state_columns(head + at, len - at, n);
    snprintf(head + at, len - at, "\n");
}

typedef struct traj_out {
    const cr_nstate *thermal;
    int qubit;
} traj_out;

static int traj_row(cli_out *o, const cr_ntraj *t, double gamma, const traj_out *f)
{
    cr_nstate s;
    cr_ntraj_state(t, &s);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%lu,", cr_ntraj_count(t));
    return state_row(o, prefix, cr_ntraj_time(t), gamma, &s, f->thermal, f->qubit, "trajectory");
}

/* Collisions between two looks at the signal flag: ~10 ms of work. */
enum { TRAJ_CHUNK = 1UL << 17 };

/* The collisions and rows of one trajectory; the exit status. */
static int traj_run(cr_ntraj *t, const traj_args *a, const cli_common *cc, const traj_out *f)
{
    cli_out o;
    cli_out_init(&o);
    char head[4096];
    double gamma = cc->params.gamma;
    state_header(head, sizeof head, "n,t,gamma_t,", f->thermal->n, f->qubit);
    cli_out_header(&o, cc, (cli_meta){ (long long)a->seed, a->dephase, 0 }, head);
    int st = traj_row(&o, t, gamma, f);
    for (unsigned long n = 0; st == CLI_OK && n < a->collisions;) {
        unsigned long k = a->every;
        if (k > a->collisions - n)
            k = a->collisions - n;
        /* Steps in chunks: the same random numbers in the same order. */
        for (unsigned long done = 0; done < k && cli_signal() == 0;) {
            unsigned long c = k - done < TRAJ_CHUNK ? k - done : TRAJ_CHUNK;
            cr_ntraj_step(t, c);
            done += c;
        }
        if (cli_signal() != 0)
            break;
        n += k;
        st = traj_row(&o, t, gamma, f);
    }
    if (st == CLI_OK && cli_signal() == 0)
        st = cli_out_flush(&o);
    if (st == CLI_FAIL)
        return st;
    if (cli_signal() != 0) {
        cli_out_flush(&o); /* whole rows computed so far */
        return cli_interrupted_exit("trajectory", NULL);
    }
    return st;
}

int cmd_trajectory(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "collisions", 1, OPT_COLLISIONS, "N", "number of collisions (default 100)" },
        { "seed", 1, OPT_SEED, "S", "seed of the random waiting times (default 1)" },
        { "dephase", 0, OPT_DEPHASE, "", "apply the full dephasing D after each collision (Eq. 3)" },
        { "every", 1, OPT_EVERY, "K", "write every K-th collision only (default 1)" },
        { "initial", 1, OPT_INITIAL, "NAME", INITIAL_HELP },
        { NULL, 0, 0, NULL, NULL },
    };
    traj_args a = { 100, 1, 1, 0, "excited" };
    cli_common c;
    cr_map Sq;
    int st = cli_setup(argc, argv,
                   "Usage: colres trajectory --collisions N --seed S [--dephase] [--initial NAME] [OPTIONS]\n"
                   "One Poissonian trajectory (Eq. 5) from the excited state |1><1|, or the\n"
                   "state --initial names (ground |0><0|, thermal, plus |+><+|).\n"
                   "Columns: n,t,gamma_t,rho00,rho11,rho01_re,rho01_im (n = 0 is the initial state).\n"
                   CLI_STATE_HELP,
                   opts, traj_opt, &a, &c, &Sq);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_nmap *S = cli_nmap_new(&c, &Sq, "trajectory", &st);
    if (S == NULL)
        return st;
    traj_out f = { NULL, cr_params_is_qubit(&c.params) };
    double e[CR_NMAX];
    cr_params_energies(&c.params, e);
    cr_nstate rho0, th;
    char err[256];
    if (st == CLI_OK
        && cr_nstate_initial(a.initial, S->n, e, c.params.beta, &rho0, err, sizeof err) != CR_OK)
        st = cli_error("trajectory: %s", err);
    cr_ntraj *t = st == CLI_OK ? cr_ntraj_alloc(a.seed) : NULL;
    if (st == CLI_OK && t == NULL) {
        fprintf(stderr, "colres: trajectory: out of memory\n");
        st = CLI_FAIL;
    }
    if (st == CLI_OK) {
        cr_nthermal_state(S->n, e, c.params.beta, &th);
        f.thermal = &th;
        cr_ntraj_reset_to(t, a.seed, &rho0);
        cr_ntraj_set_map(t, S, c.params.gamma, e);
        cr_ntraj_set_dephase(t, a.dephase);
        st = traj_run(t, &a, &c, &f);
    }
    cr_ntraj_free(t);
    free(S);
    return st;
}

/* ---- evolve ---- */

typedef struct evolve_args {
    double tmax;
    unsigned long points;
    int dephase;
    const char *initial;
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
    if (id == OPT_DEPHASE) {
        a->dephase = 1;
        return CLI_OK;
    }
    if (id == OPT_INITIAL)
        return initial_opt(arg, &a->initial);
    return cli_error("evolve: unexpected option");
}

/* Point by point: memory does not grow with --points, and the signal
 * flag is read between points. */
static int evolve_run(cr_nmap *S, const evolve_args *a, const cli_common *c, int qubit)
{
    const cr_params *p = &c->params;
    double e[CR_NMAX];
    cr_params_energies(p, e);
    cr_nstate rho0, rho, th;
    char err[512], head[4096];
    if (cr_nstate_initial(a->initial, S->n, e, p->beta, &rho0, err, sizeof err) != CR_OK)
        return cli_error("evolve: %s", err);
    cr_nthermal_state(S->n, e, p->beta, &th);
    if (a->dephase)
        cr_nmap_dephased(S, S);
    cli_out o;
    cli_out_init(&o);
    state_header(head, sizeof head, "t,gamma_t,", S->n, qubit);
    cli_out_header(&o, c, (cli_meta){ -1, a->dephase, 0 }, head);
    int st = CLI_OK;
    for (unsigned long i = 0; st == CLI_OK && i < a->points; i++) {
        if (cli_signal() != 0) {
            cli_out_flush(&o);
            return cli_interrupted_exit("evolve", NULL);
        }
        double t = a->points == 1 ? 0.0 : a->tmax * (double)i / (double)(a->points - 1);
        if (cr_nevolve(S, p->gamma, e, t, &rho0, &rho, err, sizeof err) != CR_OK) {
            cli_out_flush(&o);
            fprintf(stderr, "colres: %s\n", err);
            return CLI_FAIL;
        }
        st = state_row(&o, NULL, t, p->gamma, &rho, &th, qubit, "mean evolution");
    }
    return st == CLI_OK ? cli_out_finish(&o) : st;
}

int cmd_evolve(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "tmax", 1, OPT_TMAX, "T", "final time (default 10)" },
        { "points", 1, OPT_POINTS, "N", "number of times from 0 to T (default 101)" },
        { "dephase", 0, OPT_DEPHASE, "", DEPHASE_HELP },
        { "initial", 1, OPT_INITIAL, "NAME", INITIAL_HELP },
        { NULL, 0, 0, NULL, NULL },
    };
    evolve_args a = { 10.0, 101, 0, "excited" };
    cli_common c;
    cr_map Sq;
    int st = cli_setup(argc, argv,
                   "Usage: colres evolve --tmax T --points N [--initial NAME] [OPTIONS]\n"
                   "The mean evolution exp(Lt) rho(0) from the excited state (or --initial):\n"
                   "the average over all trajectories. Columns: t,gamma_t,rho00,rho11,rho01_re,rho01_im.\n"
                   CLI_STATE_HELP,
                   opts, evolve_opt, &a, &c, &Sq);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_nmap *S = cli_nmap_new(&c, &Sq, "evolve", &st);
    if (S == NULL)
        return st;
    st = evolve_run(S, &a, &c, cr_params_is_qubit(&c.params));
    free(S);
    return st;
}
