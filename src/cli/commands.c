/* commands.c — the batch commands map, steady, trajectory and evolve, and
 * the helpers every command shares (src/cli/grid.c has sweep and heatmap).
 * Each computes everything first and only then writes its CSV, so a
 * failure never leaves a partial table on stdout. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"


enum { OPT_DEPHASE_ONLY = 1 };
#define DEPHASE_HELP "use the map D.S: dephasing D after each collision (Eq. 3)"
static const cli_opt dephase_opts[] = {
    { "dephase", 0, OPT_DEPHASE_ONLY, "", DEPHASE_HELP },
    { NULL, 0, 0, NULL, NULL },
};

static int dephase_opt(void *ctx, int id, const char *arg)
{
    (void)arg;
    if (id != OPT_DEPHASE_ONLY)
        return cli_error("unexpected option");
    *(int *)ctx = 1;
    return CLI_OK;
}

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

/* Parse, warn, and compute the map: the first steps of most commands. */
int cli_setup(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *c, cr_map *S)
{
    int st = cli_parse(argc, argv, usage, extra, handler, ctx, c);
    if (st != CLI_OK)
        return st;
    cli_install_signals();
    /* Commands without a map (sweep, heatmap) still check their ranges and
     * warn afterwards, so a usage error stays one line on stderr. */
    if (S == NULL)
        return CLI_OK;
    cli_warn(c);
    /* Another level scheme or coupling: the command computes the general
     * map itself (cli_nmap). */
    if (!cr_params_is_qubit(&c->params))
        return CLI_OK;
    char err[512];
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL) {
        fprintf(stderr, "colres: scattering map: out of memory\n");
        return CLI_FAIL;
    }
    int rc = cr_smap_compute(w, &c->params, S, err, sizeof err);
    cr_smap_free(w);
    if (rc == CR_ECANCEL)
        return cli_interrupted_exit(argv[0], "nothing written");
    if (rc != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return rc == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    if (cli_signal() != 0)
        return cli_interrupted_exit(argv[0], "nothing written");
    return CLI_OK;
}

int cli_nmap(const cli_common *c, cr_nmap *S, const char *argv0)
{
    char err[512];
    int rc = cr_nmap_compute(&c->params, S, err, sizeof err);
    if (rc == CR_ECANCEL)
        return cli_interrupted_exit(argv0, "nothing written");
    if (rc != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return rc == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    if (cli_signal() != 0)
        return cli_interrupted_exit(argv0, "nothing written");
    return CLI_OK;
}

size_t cli_state_columns(char *buf, size_t len, int n)
{
    size_t at = 0;
#define PUT(...) at += (size_t)snprintf(buf + at, at < len ? len - at : 0, __VA_ARGS__)
    for (int j = 0; j < n; j++)
        PUT("%srho%d%d", j > 0 ? "," : "", j, j);
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++)
            PUT(",rho%d%d_re,rho%d%d_im,rho%d%d_abs", j, k, j, k, j, k);
    for (int j = 0; j < n; j++)
        PUT(",thermal%d%d", j, j);
#undef PUT
    return at;
}

int cli_state_values(double *v, const cr_nstate *s, const cr_nstate *thermal)
{
    int n = s->n, i = 0;
    for (int j = 0; j < n; j++)
        v[i++] = creal(s->v[CR_NVEC(n, j, j)]);
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            double complex z = s->v[CR_NVEC(n, j, k)];
            v[i++] = creal(z);
            v[i++] = cimag(z);
            v[i++] = cabs(z);
        }
    for (int j = 0; j < n; j++)
        v[i++] = creal(thermal->v[CR_NVEC(n, j, j)]);
    return i;
}

/* ---- output: whole lines, finite numbers, the first write error stops ---- */

void cli_out_init(cli_out *o)
{
    o->fd = STDOUT_FILENO;
    o->status = CLI_OK;
    o->len = 0;
}

/* The status after a failed write(2), once, with its message. */
static int out_failed(cli_out *o, int err)
{
    if (err == EINTR && cli_signal() != 0)
        o->status = cli_signal_status();
    else {
        fprintf(stderr, "colres: error writing the output: %s\n", strerror(err));
        o->status = CLI_FAIL;
    }
    __atomic_store_n(&cli_stop_work, 1, __ATOMIC_RELAXED); /* workers stop too */
    return o->status;
}

/* If a write left part of a line in a regular file (disk full, file size
 * limit), cut the file back to the last whole line. */
static void out_trim_partial(cli_out *o, const char *sent, size_t n)
{
    size_t tail = 0;
    while (tail < n && sent[n - 1 - tail] != '\n')
        tail++;
    struct stat st;
    if (tail == 0 || tail == n || fstat(o->fd, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    off_t end = lseek(o->fd, 0, SEEK_CUR);
    if (end >= (off_t)tail && ftruncate(o->fd, end - (off_t)tail) == 0)
        (void)lseek(o->fd, end - (off_t)tail, SEEK_SET);
}

int cli_out_flush(cli_out *o)
{
    size_t done = 0;
    while (o->status == CLI_OK && done < o->len) {
        ssize_t w = write(o->fd, o->buf + done, o->len - done);
        if (w > 0) {
            done += (size_t)w;
            continue;
        }
        int err = w < 0 ? errno : ENOSPC;
        if (err == EINTR && cli_signal() == 0)
            continue;
        out_trim_partial(o, o->buf, done);
        out_failed(o, err);
    }
    o->len = 0;
    return o->status;
}

int cli_out_line(cli_out *o, const char *text)
{
    size_t n = strlen(text);
    if (o->status != CLI_OK)
        return o->status;
    if (o->len + n > sizeof o->buf && cli_out_flush(o) != CLI_OK)
        return o->status;
    if (n > sizeof o->buf) { /* longer than the buffer: never, for CSV rows */
        fprintf(stderr, "colres: internal error: output line of %zu bytes\n", n);
        return o->status = CLI_FAIL;
    }
    memcpy(o->buf + o->len, text, n);
    o->len += n;
    return CLI_OK;
}

int cli_out_row_optional(cli_out *o, const char *prefix, const double *v, int n,
                         unsigned optional, const char *what)
{
    char line[4096];
    size_t len = (size_t)snprintf(line, sizeof line, "%s", prefix != NULL ? prefix : "");
    for (int i = 0; i < n; i++) {
        const char *sep = i > 0 ? "," : "";
        if (!isfinite(v[i]) && i < 32 && (optional >> i & 1u)) {
            len += (size_t)snprintf(line + len, sizeof line - len, "%s", sep);
            continue;
        }
        if (!isfinite(v[i])) {
            fprintf(stderr, "colres: %s: the result is not a finite number "
                            "(numerical failure); output stopped\n", what);
            __atomic_store_n(&cli_stop_work, 1, __ATOMIC_RELAXED);
            return o->status = CLI_FAIL;
        }
        /* The C locale is never changed for LC_NUMERIC (main only sets
         * LC_CTYPE), so %g writes a '.' decimal point. */
        /* + 0.0 turns -0 into 0: a sign on zero means nothing here. */
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%.17g", sep, v[i] + 0.0);
    }
    snprintf(line + len, sizeof line - len, "\n");
    return cli_out_line(o, line);
}

int cli_out_row(cli_out *o, const char *prefix, const double *v, int n, const char *what)
{
    return cli_out_row_optional(o, prefix, v, n, 0u, what);
}

int cli_out_finish(cli_out *o)
{
    return cli_out_flush(o);
}

/* ---- map ---- */

enum { OPT_MAP_ERROR = 1 };

static int map_opt(void *ctx, int id, const char *arg)
{
    (void)arg;
    if (id != OPT_MAP_ERROR)
        return cli_error("map: unexpected option");
    *(int *)ctx = 1;
    return CLI_OK;
}

/* Each entry's estimated quadrature error: the production rule against
 * the same rule on panels a third as wide (about 3 times the cost). */
static int map_errors(const cli_common *c, const cr_map *S, double error[4][4])
{
    char err[512];
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL) {
        fprintf(stderr, "colres: map: error estimate: out of memory\n");
        return CLI_FAIL;
    }
    int rc = cr_smap_error_estimate(w, &c->params, S, error, err, sizeof err);
    cr_smap_free(w);
    if (rc == CR_ECANCEL)
        return cli_interrupted_exit("map", "nothing written");
    if (rc != CR_OK) {
        fprintf(stderr, "colres: map: error estimate: %s\n", err);
        return CLI_FAIL;
    }
    if (cli_signal() != 0)
        return cli_interrupted_exit("map", "nothing written");
    return CLI_OK;
}

/* The N⁴ entries of any other system, rows in the qubit's order. */
static int map_general(const cli_common *c, int with_error)
{
    if (with_error)
        return cli_error("map: --error is available for the paper's qubit only "
                         "(two levels, coupling sigma_x+sigma_y)");
    cr_nmap S;
    int st = cli_nmap(c, &S, "map");
    if (st != CLI_OK)
        return st;
    int n = S.n, n2 = n * n;
    for (int r = 0; r < n2 * n2; r++)
        if (!isfinite(creal(S.m[r])) || !isfinite(cimag(S.m[r]))) {
            fprintf(stderr, "colres: scattering map: an entry is not a finite number\n");
            return CLI_FAIL;
        }
    cli_out o;
    cli_out_init(&o);
    cli_out_line(&o, "jp,kp,j,k,re,im\n");
    for (int r = 0; r < n2; r++)
        for (int col = 0; col < n2; col++) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%d,%d,%d,%d,", r / n, r % n, col / n, col % n);
            double v[2] = { creal(S.m[r * n2 + col]), cimag(S.m[r * n2 + col]) };
            cli_out_row(&o, prefix, v, 2, "scattering map");
        }
    return cli_out_finish(&o);
}

int cmd_map(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "error", 0, OPT_MAP_ERROR, "", "add a column: each entry's estimated quadrature error" },
        { NULL, 0, 0, NULL, NULL },
    };
    cli_common c;
    cr_map S;
    int with_error = 0;
    int st = cli_setup(argc, argv,
                   "Usage: colres map [--error] [OPTIONS]\n"
                   "Print the scattering map S^{jk}_{j'k'} (Eq. 17), 16 rows: jp,kp,j,k,re,im\n"
                   "(N^4 rows for N levels).\n"
                   "With --error, a column error: |S - S'| for each entry, S' the same rule on\n"
                   "panels a third as wide (an estimate of the quadrature error; 3x the time).",
                   opts, map_opt, &with_error, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (!cr_params_is_qubit(&c.params))
        return map_general(&c, with_error);
    for (int r = 0; r < 16; r++)
        if (!isfinite(creal(S.m[r / 4][r % 4])) || !isfinite(cimag(S.m[r / 4][r % 4]))) {
            fprintf(stderr, "colres: scattering map: an entry is not a finite number\n");
            return CLI_FAIL;
        }
    double error[4][4];
    if (with_error && (st = map_errors(&c, &S, error)) != CLI_OK)
        return st;
    /* Every value checked before the header: a failure leaves stdout empty. */
    for (int r = 0; with_error && r < 16; r++)
        if (!isfinite(error[r / 4][r % 4])) {
            fprintf(stderr, "colres: map: error estimate: not a finite number\n");
            return CLI_FAIL;
        }
    cli_out o;
    cli_out_init(&o);
    cli_out_line(&o, with_error ? "jp,kp,j,k,re,im,error\n" : "jp,kp,j,k,re,im\n");
    for (int r = 0; r < 4; r++)
        for (int col = 0; col < 4; col++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "%d,%d,%d,%d,", r / 2, r % 2, col / 2, col % 2);
            double v[3] = { creal(S.m[r][col]), cimag(S.m[r][col]), with_error ? error[r][col] : 0.0 };
            cli_out_row(&o, prefix, v, with_error ? 3 : 2, "scattering map");
        }
    return cli_out_finish(&o);
}

/* ---- steady ---- */

/* Any other system: gamma, then every state column (cli_state_columns). */
static int steady_general(const cli_common *c, int dephase)
{
    cr_nmap S;
    int st = cli_nmap(c, &S, "steady");
    if (st != CLI_OK)
        return st;
    if (dephase)
        cr_nmap_dephased(&S, &S);
    double e[CR_NMAX];
    cr_params_energies(&c->params, e);
    cr_nstate ss, th;
    char err[512], head[4096];
    if (cr_nsteady_state(&S, c->params.gamma, e, &ss, err, sizeof err) != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return CLI_FAIL;
    }
    cr_nthermal_state(S.n, e, c->params.beta, &th);
    double v[1 + CLI_STATE_MAX];
    v[0] = c->params.gamma;
    int nv = 1 + cli_state_values(v + 1, &ss, &th);
    for (int i = 0; i < nv; i++)
        if (!isfinite(v[i])) {
            fprintf(stderr, "colres: steady state: the result is not a finite number\n");
            return CLI_FAIL;
        }
    cli_out o;
    cli_out_init(&o);
    size_t at = (size_t)snprintf(head, sizeof head, "gamma,");
    at += cli_state_columns(head + at, sizeof head - at, S.n);
    snprintf(head + at, sizeof head - at, "\n");
    cli_out_line(&o, head);
    cli_out_row(&o, NULL, v, nv, "steady state");
    return cli_out_finish(&o);
}

int cmd_steady(int argc, char **argv)
{
    cli_common c;
    cr_map S;
    int dephase = 0;
    int st = cli_setup(argc, argv,
                   "Usage: colres steady [--dephase] [OPTIONS]\n"
                   "Print the steady state of the master equation (Eq. 9) at the given parameters.\n"
                   "With --dephase, of the map D.S: the thermal state at every gamma (Eq. 4).\n"
                   "Columns: gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00.\n"
                   CLI_STATE_HELP,
                   dephase_opts, dephase_opt, &dephase, &c, &S);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (!cr_params_is_qubit(&c.params))
        return steady_general(&c, dephase);
    if (dephase)
        cr_map_dephased(&S, &S);
    cr_state ss, th;
    char err[512];
    if (cr_steady_state(&S, c.params.gamma, c.params.delta, &ss, err, sizeof err) != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return CLI_FAIL;
    }
    cr_thermal_state(c.params.beta, c.params.delta, &th);
    cli_out o;
    cli_out_init(&o);
    cli_out_line(&o, "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00\n");
    double v[7] = { c.params.gamma, creal(ss.v[0]), creal(ss.v[3]), creal(ss.v[1]),
                    cimag(ss.v[1]), cabs(ss.v[1]), creal(th.v[0]) };
    /* One row: a non-finite value leaves only the header, which the
     * message and exit status 1 disown; test the row first instead. */
    for (int i = 0; i < 7; i++)
        if (!isfinite(v[i])) {
            fprintf(stderr, "colres: steady state: the result is not a finite number\n");
            return CLI_FAIL;
        }
    cli_out_row(&o, NULL, v, 7, "steady state");
    return cli_out_finish(&o);
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
static int traj_run(cr_ntraj *t, const traj_args *a, double gamma, const traj_out *f)
{
    cli_out o;
    cli_out_init(&o);
    char head[4096];
    state_header(head, sizeof head, "n,t,gamma_t,", f->thermal->n, f->qubit);
    cli_out_line(&o, head);
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
    cr_nmap *S = malloc(sizeof *S);
    if (S == NULL) {
        fprintf(stderr, "colres: trajectory: out of memory\n");
        return CLI_FAIL;
    }
    traj_out f = { NULL, cr_params_is_qubit(&c.params) };
    st = f.qubit ? (cr_nmap_from_qubit(&Sq, S), CLI_OK) : cli_nmap(&c, S, "trajectory");
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
        st = traj_run(t, &a, c.params.gamma, &f);
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
static int evolve_run(cr_nmap *S, const evolve_args *a, const cr_params *p, int qubit)
{
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
    cli_out_line(&o, head);
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
    cr_nmap *S = malloc(sizeof *S);
    if (S == NULL) {
        fprintf(stderr, "colres: evolve: out of memory\n");
        return CLI_FAIL;
    }
    int qubit = cr_params_is_qubit(&c.params);
    st = qubit ? (cr_nmap_from_qubit(&Sq, S), CLI_OK) : cli_nmap(&c, S, "evolve");
    if (st == CLI_OK)
        st = evolve_run(S, &a, &c.params, qubit);
    free(S);
    return st;
}
