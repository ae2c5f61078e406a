/* commands.c — the batch commands map and steady, and the helpers every
 * command shares (src/cli/evolve.c has trajectory and evolve, grid.c sweep,
 * heatmap.c heatmap).
 * Each computes everything first and only then writes its CSV, so a
 * failure never leaves a partial table on stdout. */
#include "config.h"

#include "cli.h"
#include "scan.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/dynamics.h"
#include "colres/limits.h"
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

cr_nmap *cli_nmap_new(const cli_common *c, const cr_map *Sq, const char *argv0, int *st)
{
    cr_nmap *S = malloc(sizeof *S);
    if (S == NULL) {
        fprintf(stderr, "colres: %s: out of memory\n", argv0);
        *st = CLI_FAIL;
        return NULL;
    }
    *st = CLI_OK;
    if (cr_params_is_qubit(&c->params))
        cr_nmap_from_qubit(Sq, S);
    else
        *st = cli_nmap(c, S, argv0);
    if (*st != CLI_OK) {
        free(S);
        return NULL;
    }
    return S;
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
    else if (cli_quiet_epipe(err))
        o->status = CLI_PIPE; /* the reader left (a worker's write, SIGPIPE
                               * blocked): quiet, as SIGPIPE is elsewhere */
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
    /* The panels' comparison cannot see the round-off of where e_max's
     * jump sits (colres/limits.h): add its floor to every non-zero entry. */
    double floor = cr_smap_error_floor(&c->params);
    for (int r = 0; r < 4; r++)
        for (int k = 0; k < 4; k++)
            if (S->m[r][k] != 0.0)
                error[r][k] += floor;
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
    cli_out_header(&o, c, CLI_META_NONE, "jp,kp,j,k,re,im\n");
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
                   "panels a third as wide (an estimate of the quadrature error; 3x the time),\n"
                   "plus, for approx amplitudes, a bound on the round-off of where e_max's jump\n"
                   "sits, 4 beta eps max|E|, which the panels cannot see and which dominates at\n"
                   "large level spacings (4.4e-11 at --delta 1e6, where the true error is 1.9e-12).",
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
    cli_out_header(&o, &c, CLI_META_NONE,
                   with_error ? "jp,kp,j,k,re,im,error\n" : "jp,kp,j,k,re,im\n");
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
    cli_out_header(&o, c, (cli_meta){ -1, dephase, 0 }, head);
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
    cli_out_header(&o, &c, (cli_meta){ -1, dephase, 0 },
                   "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00\n");
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
