/* heatmap.c — `colres heatmap`: quantities of the steady state on a grid
 * of two parameters, rows written in order as they finish, Ctrl-C between
 * rows; shards of rows (--shard K/N) and their merge (--merge, merge.c).
 * A cell that fails is written with nan and the map goes on. */
#include "config.h"

#include "cli.h"
#include "grid.h"
#include "scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "colres/sweep.h"

enum { OPT_X = 1, OPT_Y, OPT_SIZE, OPT_SHARD, OPT_NO_HEADER, OPT_DEPHASE, OPT_QUANTITY,
       OPT_VALIDITY, OPT_MERGE, OPT_SHARDS };

static int parse_axis(const char *opt, const char *arg, axis *ax)
{
    char buf[256];
    size_t len = strlen(arg);
    /* strtok_r would silently skip an empty field ("dx::2") and snprintf
     * silently cut a long one: refuse both instead of guessing. */
    int bad_shape = len >= sizeof buf || len == 0 || arg[0] == ':' || arg[len - 1] == ':' ||
                    strstr(arg, "::") != NULL;
    snprintf(buf, sizeof buf, "%s", arg);
    char *parts[5];
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ":", &save); tok != NULL && n < 5; tok = strtok_r(NULL, ":", &save))
        parts[n++] = tok;
    if (bad_shape || n < 3 || n > 4 ||
        (n == 4 && strcmp(parts[3], "log") != 0 && strcmp(parts[3], "lin") != 0))
        return cli_error("invalid --%s = \"%s\": expected NAME:A:B or NAME:A:B:log", opt, arg);
    ax->param = cli_param_lookup(parts[0]);
    if (ax->param < 0)
        return cli_error("invalid --%s = \"%s\": unknown parameter \"%s\"", opt, arg, parts[0]);
    if (cli_parse_double(opt, parts[1], &ax->a) != CLI_OK ||
        cli_parse_double(opt, parts[2], &ax->b) != CLI_OK)
        return CLI_USAGE;
    ax->log_scale = n == 4 && strcmp(parts[3], "log") == 0;
    ax->set = 1;
    return CLI_OK;
}

/* --quantity Q1,Q2,...: at most HEAT_MAX_Q names, each once. */
static int parse_quantities(const char *arg, heat_args *a)
{
    char err[512];
    int n = cr_quantity_list(arg, a->quantities, HEAT_MAX_Q, err, sizeof err);
    if (n < 0)
        return cli_error("%s", err);
    a->nq = n;
    return CLI_OK;
}

static int heat_opt(void *ctx, int id, const char *arg)
{
    heat_args *a = ctx;
    unsigned long k, n;
    switch (id) {
    case OPT_X:
        return parse_axis("x", arg, &a->x);
    case OPT_Y:
        return parse_axis("y", arg, &a->y);
    case OPT_SIZE:
        return cli_parse_size("size", arg, 1, 100000, &a->nx, &a->ny);
    case OPT_SHARD:
        if (!cli_parse_pair(arg, '/', 1000000, &k, &n) || k >= n)
            return cli_error("invalid --shard = \"%s\": expected K/N, whole numbers with "
                             "0 <= K < N <= 1000000", arg);
        a->shard_k = k;
        a->shard_n = n;
        return CLI_OK;
    case OPT_NO_HEADER:
        a->no_header = 1;
        return CLI_OK;
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    case OPT_QUANTITY:
        return parse_quantities(arg, a);
    case OPT_VALIDITY:
        a->validity = 1;
        return CLI_OK;
    case OPT_MERGE:
        a->merge = 1;
        return CLI_OK;
    case OPT_SHARDS:
        return cli_parse_ulong("shards", arg, 1, 1000000, &a->merge_shards);
    case CLI_ARGS: {
        if (!a->merge)
            return cli_error("heatmap: unexpected argument \"%s\" (files only with --merge; "
                             "see colres heatmap --help)", arg);
        char **f = realloc(a->files, sizeof *f * (a->nfiles + 1));
        if (f == NULL)
            return cli_error("heatmap: out of memory");
        a->files = f;
        a->files[a->nfiles++] = (char *)arg;
        return CLI_OK;
    }
    default:
        return cli_error("heatmap: unexpected option");
    }
}

int heat_columns(const heat_args *a)
{
    return a->nq + (a->validity ? CLI_VALIDITY_COLUMNS : 0);
}

void heat_header(const heat_args *a, char *buf, size_t len)
{
    size_t at = (size_t)snprintf(buf, len, "x,y");
    for (int k = 0; k < a->nq && at < len; k++)
        at += (size_t)snprintf(buf + at, len - at, ",%s", cr_quantity_name(a->quantities[k]));
    if (at < len)
        snprintf(buf + at, len - at, "%s\n", a->validity ? "," CLI_VALIDITY_HEADER : "");
}

/* The rows of one run: a block of the wanted rows at a time, so memory
 * follows the rows in flight, not the grid. */
typedef struct heat_run_state {
    heat_args *a;
    const cli_common *c;
    const double *xs;
    size_t done_rows, wanted_rows;  /* progress over the whole run */
    size_t rows_written;
    cli_out out;
    cli_scan scan;
    cr_params p;                    /* the parameters of the row written */
    /* the block in flight: m rows, written in order as they finish */
    double *ys;
    size_t *rows;                   /* their rows in the grid */
    double *vals;                   /* nq values per cell */
    unsigned char *ready, *bad;     /* bad: per cell */
    size_t m, next;
} heat_run_state;

static void heat_progress(void *ctx, size_t done, size_t total)
{
    heat_run_state *r = ctx;
    (void)total;
    if (r->a->y.param != CR_P_GAMMA) /* column mode counts columns */
        progress_show(&r->a->prog, r->done_rows + done, r->wanted_rows);
}

static void heat_failed(void *ctx, size_t index, int status, const char *msg)
{
    heat_run_state *r = ctx;
    (void)status;
    r->bad[index] = 1;
    cli_scan_failed(&r->scan, r->rows[index / r->a->nx] * r->a->nx + index % r->a->nx, msg);
}

static void heat_name(void *ctx, size_t index, char *buf, size_t len)
{
    const heat_args *a = ctx;
    const cr_param_info *t = cr_param_table();
    snprintf(buf, len, "%s = %.6g, %s = %.6g", t[a->x.param].name,
             cr_grid_value(a->x.a, a->x.b, a->nx, a->x.log_scale, index % a->nx),
             t[a->y.param].name,
             cr_grid_value(a->y.a, a->y.b, a->ny, a->y.log_scale, index / a->nx));
}

/* Rows in memory at once: about 8 MB of values, at least one row. */
static size_t heat_block_rows(size_t nx, int nq)
{
    size_t rows = ((size_t)8 << 20) / (sizeof(double) * nx * (size_t)nq);
    return rows > 0 ? rows : 1;
}

static int heat_wanted(const heat_args *a, size_t row)
{
    return a->shard_n == 0 || row % a->shard_n == a->shard_k;
}

/* The values along x (caller frees *xs, also on error), both axes
 * checked so that every corner of the grid is a valid parameter set. */
static int heat_axes(const heat_args *a, const cr_params *base, double **xs)
{
    char err[512], msg[256]; /* cr_grid messages are short: room for a prefix */
    double y_ends[1];
    *xs = malloc(sizeof(double) * a->nx);
    if (*xs == NULL) {
        fprintf(stderr, "colres: heatmap: out of memory\n");
        return CLI_FAIL;
    }
    if (cr_grid(a->x.a, a->x.b, a->nx, a->x.log_scale, *xs, msg, sizeof msg) != CR_OK)
        return cli_error("heatmap: --x %s: %s", cr_param_table()[a->x.param].name, msg);
    if (cr_grid(a->y.a, a->y.b, 1, a->y.log_scale, y_ends, msg, sizeof msg) != CR_OK)
        return cli_error("heatmap: --y %s: %s", cr_param_table()[a->y.param].name, msg);
    for (int corner = 0; corner < 4; corner++) {
        cr_params p = *base;
        cr_param_put(&p, a->x.param, corner & 1 ? (*xs)[a->nx - 1] : (*xs)[0]);
        cr_param_put(&p, a->y.param, corner & 2 ? a->y.b : a->y.a);
        if (cr_params_validate(&p, err, sizeof err) != CR_OK)
            return cli_error("heatmap: %s", err);
    }
    return CLI_OK;
}

/* One cell: x, y, its quantities (nan if it failed or a number that must
 * be finite is not; an undefined first order is empty), the validity
 * columns; the warnings at its parameters. */
static void heat_cell(heat_run_state *r, size_t row, size_t ix)
{
    const heat_args *a = r->a;
    size_t grid_row = r->rows[row], cell = row * a->nx + ix;
    double v[2 + HEAT_MAX_Q + CLI_VALIDITY_COLUMNS] = { r->xs[ix], r->ys[row] };
    const double *q = r->vals + cell * (size_t)a->nq;
    unsigned long long optional = 0;
    int bad = r->bad[cell];
    for (int k = 0; k < a->nq; k++) {
        v[2 + k] = q[k];
        if (a->quantities[k] == CR_Q_FIRST_ORDER)
            optional |= 1ull << (2 + k);
        else if (!bad && !isfinite(q[k])) {
            bad = 1;
            cli_scan_failed(&r->scan, grid_row * a->nx + ix, "the result is not a finite number");
        }
    }
    for (int k = 0; k < a->nq && bad; k++)
        v[2 + k] = NAN;
    cr_param_put(&r->p, a->x.param, r->xs[ix]);
    cr_param_put(&r->p, a->y.param, r->ys[row]);
    if (a->validity)
        cli_scan_validity(&r->p, v + 2 + a->nq);
    cli_scan_check(&r->scan, &r->p, grid_row * a->nx + ix);
    cli_out_row_scan(&r->out, NULL, v, 2 + heat_columns(a), bad ? 0 : optional);
}

/* Called (serialised) from workers as rows of the block finish: write
 * every row now contiguous with those already written, whole rows only. */
static void heat_row_done(void *ctx, size_t row, const double *values, size_t n)
{
    heat_run_state *r = ctx;
    (void)values;
    (void)n;
    r->ready[row] = 1;
    for (; r->next < r->m && r->ready[r->next] && r->out.status == CLI_OK; r->next++) {
        for (size_t ix = 0; ix < r->a->nx && r->out.status == CLI_OK; ix++)
            heat_cell(r, r->next, ix);
        if (cli_out_flush(&r->out) == CLI_OK)
            r->rows_written++;
    }
}

/* The blocks of wanted rows, cap at a time, until done or stopped. */
static int heat_blocks(heat_run_state *r, const cli_common *c, const cr_sweep_opts *o,
                       size_t cap, char *err, size_t errlen)
{
    const heat_args *a = r->a;
    int st = CR_OK;
    for (size_t iy = 0; st == CR_OK && r->out.status == CLI_OK && iy < a->ny;) {
        size_t m = 0;
        for (; iy < a->ny && m < cap; iy++)
            if (heat_wanted(a, iy)) {
                r->rows[m] = iy;
                r->ys[m++] = cr_grid_value(a->y.a, a->y.b, a->ny, a->y.log_scale, iy);
            }
        if (m == 0)
            break;
        memset(r->ready, 0, m);
        memset(r->bad, 0, m * a->nx);
        r->m = m;
        r->next = 0;
        st = cr_heatmap(&c->params, a->x.param, r->xs, a->nx, a->y.param, r->ys, m,
                        r->vals, o, err, errlen);
        r->done_rows += m;
    }
    return st;
}

static int heat_alloc(heat_run_state *r, size_t cap)
{
    size_t nx = r->a->nx;
    r->ys = malloc(sizeof(double) * cap);
    r->rows = malloc(sizeof(size_t) * cap);
    r->vals = malloc(sizeof(double) * cap * nx * (size_t)r->a->nq);
    r->ready = malloc(cap);
    r->bad = malloc(cap * nx);
    if (r->ys != NULL && r->rows != NULL && r->vals != NULL && r->ready != NULL && r->bad != NULL)
        return CLI_OK;
    fprintf(stderr, "colres: heatmap: out of memory for %zu rows of %zu\n", cap, nx);
    return CLI_FAIL;
}

static void heat_free(heat_run_state *r)
{
    free(r->ys);
    free(r->rows);
    free(r->vals);
    free(r->ready);
    free(r->bad);
}

/* Compute the map block by block, writing each block's rows in order. */
static int heat_run(heat_args *a, const cli_common *c, const double *xs, heat_run_state *r)
{
    r->a = a;
    r->c = c;
    r->xs = xs;
    r->p = c->params;
    for (size_t iy = 0; iy < a->ny; iy++)
        r->wanted_rows += (size_t)heat_wanted(a, iy);
    r->scan.total = r->wanted_rows * a->nx;
    size_t cap = heat_block_rows(a->nx, a->nq);
    if (cap > r->wanted_rows)
        cap = r->wanted_rows > 0 ? r->wanted_rows : 1;
    if (heat_alloc(r, cap) != CLI_OK) {
        heat_free(r);
        return CLI_FAIL;
    }
    cli_out *out = &r->out;
    cli_out_init(out);
    char head[512];
    heat_header(a, head, sizeof head);
    cli_out_header(out, c, (cli_meta){ -1, a->dephase, 1 }, a->no_header ? NULL : head);
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c->threads;
    o.progress = heat_progress;
    o.row_done = heat_row_done;
    o.failed = heat_failed;
    o.ctx = r;
    o.cancel = &cli_stop_work;
    o.dephase = a->dephase;
    o.quantities = a->quantities;
    o.nquantities = a->nq;
    char err[512];
    int st = heat_blocks(r, c, &o, cap, err, sizeof err);
    progress_end(&a->prog);
    heat_free(r);
    char detail[96];
    snprintf(detail, sizeof detail, "%zu complete rows written", r->rows_written);
    if (out->status == CLI_FAIL || out->status == CLI_PIPE)
        return out->status;
    if (st == CR_ECANCEL || cli_signal() != 0) {
        cli_out_flush(out); /* the header, if no row came */
        return cli_interrupted_exit("heatmap", detail);
    }
    if (st != CR_OK) {
        fprintf(stderr, "colres: heatmap: %s (%s)\n", err, detail);
        return CLI_FAIL;
    }
    return cli_out_finish(out);
}

static const cli_opt heat_opts[] = {
    { "x", 1, OPT_X, "NAME:A:B[:log]", "horizontal axis (default dx:0.1:3)" },
    { "y", 1, OPT_Y, "NAME:A:B[:log]", "vertical axis (default delta:0.05:3)" },
    { "size", 1, OPT_SIZE, "NXxNY", "grid size (default 64x64)" },
    { "shard", 1, OPT_SHARD, "K/N", "compute only rows with index = K mod N" },
    { "no-header", 0, OPT_NO_HEADER, "", "omit the header row (to append shards)" },
    { "dephase", 0, OPT_DEPHASE, "", "use the map D.S: dephasing D after each collision (Eq. 3)" },
    { "quantity", 1, OPT_QUANTITY, "Q1,Q2,...", "one column each (default rho01_abs): "
      CR_QUANTITY_NAMES },
    { "validity", 0, OPT_VALIDITY, "", "add the columns " CLI_VALIDITY_HEADER },
    { "merge", 0, OPT_MERGE, "", "merge the shards FILE... of this grid instead of computing" },
    { "shards", 1, OPT_SHARDS, "N", "with --merge: the run's N of --shard K/N, to name missing shards" },
    { "FILE...", 0, CLI_ARGS, "", "with --merge: the shards' CSV files" },
    { NULL, 0, 0, NULL, NULL },
};

static const char heat_usage[] =
    "Usage: colres heatmap --x NAME:A:B[:log] --y NAME:A:B[:log] --size NXxNY [OPTIONS]\n"
    "       colres heatmap (the same grid options) --merge [--shards N] FILE...\n"
    "|rho01| of the steady state on a grid (the paper's Fig. 3). Columns: x,y,rho01_abs,\n"
    "or x,y and one column for each quantity of --quantity: rho01_abs, coherence (sum of\n"
    "|rho_jk|, j != k), distance (trace distance to thermal), rho00, first_order (|rho01|\n"
    "to first order in gamma, Eq. 14; empty where undefined), rough (the estimate\n"
    "s^2 (gamma/delta) exp(-beta m dx^2 delta^2/2), Eq. 24, s = --rough-s); then, with\n"
    "--validity, wigner_value, flux_below_emax and single_particle_ratio.\n"
    "Rows (fixed y) are written in order as they finish; Ctrl-C stops after whole rows.\n"
    "A cell that fails is written with nan and the map goes on; stderr names the\n"
    "failures, and the exit status is then 1.\n"
    "--merge checks that the files hold every cell of the grid exactly once (at the\n"
    "grid's x and y) and writes the map in grid order under one header; a missing\n"
    "cell is an error (exit 1) naming the shards to run again (--shards N) or rows.";

int cmd_heatmap(int argc, char **argv)
{
    heat_args a;
    memset(&a, 0, sizeof a);
    a.x = (axis){ CR_P_DX, 0.1, 3.0, 0, 0 };
    a.y = (axis){ CR_P_DELTA, 0.05, 3.0, 0, 0 };
    a.nx = a.ny = 64;
    a.quantities[0] = CR_Q_RHO01_ABS;
    a.nq = 1;
    cli_common c;
    int st = cli_setup(argc, argv, heat_usage, heat_opts, heat_opt, &a, &c, NULL);
    if (st == CLI_OK && a.x.param == a.y.param)
        st = cli_error("heatmap: --x and --y must vary different parameters");
    if (st == CLI_OK && a.merge && a.nfiles == 0)
        st = cli_error("heatmap: --merge needs the shards' files");
    if (st == CLI_OK && a.merge_shards > 0 && !a.merge)
        st = cli_error("heatmap: --shards N goes with --merge (a run takes --shard K/N)");
    if (st == CLI_OK && a.merge && (a.shard_n > 0 || a.no_header))
        st = cli_error("heatmap: --merge writes the whole map: no --shard or --no-header");
    if (st != CLI_OK) {
        free(a.files);
        return st < 0 ? CLI_OK : st;
    }
    double *xs = NULL;
    st = heat_axes(&a, &c.params, &xs);
    if (st == CLI_OK && a.merge)
        st = heat_merge(&a, &c);
    else if (st == CLI_OK) {
        progress_init(&a.prog, "heatmap");
        heat_run_state r;
        memset(&r, 0, sizeof r);
        cli_scan_init(&r.scan, "heatmap", "cells");
        st = heat_run(&a, &c, xs, &r);
        if (st == CLI_OK || st == CLI_FAIL) {
            int report = cli_scan_report(&r.scan, c.quiet, heat_name, &a);
            st = st != CLI_OK ? st : report;
        }
    }
    free(xs);
    free(a.files);
    return st;
}
