/* grid.c — the commands that compute on a grid of parameter values, with
 * a progress bar on stderr and Ctrl-C between rows: sweep and heatmap. */
#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colres/clock.h"
#include "colres/limits.h"
#include "colres/status.h"
#include "colres/sweep.h"

/* ---- progress on stderr ---- */

typedef struct progress {
    int enabled;
    double start;
    const char *what;
} progress;

static void progress_init(progress *p, const char *what)
{
    p->enabled = isatty(STDERR_FILENO);
    p->what = what;
    p->start = cr_clock_monotonic();
}

static void progress_show(progress *p, size_t done, size_t total)
{
    if (!p->enabled || total == 0)
        return;
    enum { BAR = 30 };
    char bar[BAR + 1];
    size_t fill = done * BAR / total;
    for (size_t i = 0; i < BAR; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR] = '\0';
    double t = cr_clock_monotonic() - p->start;
    double eta = done > 0 ? t * (double)(total - done) / (double)done : 0.0;
    fprintf(stderr, "\r%s [%s] %3zu%% %zu/%zu  %.1fs, ~%.0fs left ", p->what, bar,
            done * 100 / total, done, total, t, eta);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void progress_end(progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}

/* ---- sweep ---- */

typedef struct sweep_args {
    int param;
    double from, to;
    unsigned long points;
    int log_scale, have_from, have_to, dephase;
    progress prog;
} sweep_args;

enum { OPT_VARY = 1, OPT_FROM, OPT_TO, OPT_POINTS, OPT_LOG, OPT_X, OPT_Y, OPT_SIZE,
       OPT_SHARD, OPT_NO_HEADER, OPT_DEPHASE, OPT_QUANTITY };
#define DEPHASE_HELP "use the map D.S: dephasing D after each collision (Eq. 3)"

static int sweep_opt(void *ctx, int id, const char *arg)
{
    sweep_args *a = ctx;
    switch (id) {
    case OPT_VARY:
        a->param = cli_param_lookup(arg);
        if (a->param < 0)
            return cli_error("invalid --vary = \"%s\": valid names are gamma, delta, dx, "
                             "beta, mass, lambda, length, x0, rough_s", arg);
        return CLI_OK;
    case OPT_FROM:
        a->have_from = 1;
        return cli_parse_double("from", arg, &a->from);
    case OPT_TO:
        a->have_to = 1;
        return cli_parse_double("to", arg, &a->to);
    case OPT_POINTS:
        return cli_parse_ulong("points", arg, 1, 10000000, &a->points);
    case OPT_LOG:
        a->log_scale = 1;
        return CLI_OK;
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    default:
        return cli_error("sweep: unexpected option");
    }
}

/* Points computed at a time: the memory of a sweep, whatever --points. */
enum { SWEEP_BLOCK = 4096 };

typedef struct sweep_run {
    sweep_args *a;
    size_t offset;      /* points before the current block */
} sweep_run;

static void sweep_progress(void *ctx, size_t done, size_t total)
{
    sweep_run *r = ctx;
    (void)total;
    progress_show(&r->a->prog, r->offset + done, r->a->points);
}

/* Every point checked before any work, so that a bad range is a usage
 * error and not a failure half-way. */
static int sweep_check(const sweep_args *a, const cr_params *base)
{
    char err[512];
    double first[1];
    int st = cr_grid(a->from, a->to, 1, a->log_scale, first, err, sizeof err);
    cr_params p = *base; /* once: a copy is 2 kB (levels and coupling) */
    for (size_t i = 0; st == CR_OK && i < a->points; i++) {
        if (i % 65536 == 0 && cli_signal() != 0)
            return cli_interrupted_exit("sweep", "nothing written");
        cr_param_put(&p, a->param, cr_grid_value(a->from, a->to, a->points, a->log_scale, i));
        st = cr_params_validate(&p, err, sizeof err);
    }
    if (st != CR_OK)
        return cli_error("sweep: --vary %s: %s", cr_param_table()[a->param].name, err);
    return CLI_OK;
}

/* A point's first-order columns are empty where the estimate is undefined
 * (not a finite number), not a failure of the whole sweep. */
static int sweep_write(cli_out *out, const sweep_args *a, const cr_params *base,
                       const cr_sweep_point *pts, size_t m)
{
    enum { FIRST01 = 7, FIRST00 = 9 };
    cr_params p = *base;
    for (size_t i = 0; i < m && out->status == CLI_OK; i++) {
        const cr_sweep_point *q = &pts[i];
        cr_param_put(&p, a->param, q->value);
        double v[10] = { q->value, creal(q->steady.v[0]), creal(q->steady.v[3]),
                         creal(q->steady.v[1]), cimag(q->steady.v[1]), cabs(q->steady.v[1]),
                         creal(q->thermal.v[0]), cabs(q->first.v[1]),
                         cr_rough_estimate(&p), creal(q->first.v[0]) };
        cli_out_row_optional(out, NULL, v, 10, 1u << FIRST01 | 1u << FIRST00, "sweep");
    }
    return out->status;
}

/* Any other system: NAME, the state columns, then |rho_JK| to first order
 * (Eq. 14) for every J < K (empty where undefined). */
static int nsweep_write(cli_out *out, const cr_nsweep_point *pts, size_t m)
{
    for (size_t i = 0; i < m && out->status == CLI_OK; i++) {
        const cr_nsweep_point *q = &pts[i];
        int n = q->steady.n;
        double v[1 + CLI_STATE_MAX + CR_NMAX * CR_NMAX];
        v[0] = q->value;
        int nv = 1 + cli_state_values(v + 1, &q->steady, &q->thermal);
        unsigned long long optional = 0;
        for (int j = 0; j < n; j++)
            for (int k = j + 1; k < n; k++) {
                optional |= 1ull << (nv < 64 ? nv : 63);
                v[nv++] = cabs(q->first.v[CR_NVEC(n, j, k)]);
            }
        /* cli_out_row_optional marks at most 32 optional fields: past
         * that, a non-finite first order is a failure like any value. */
        cli_out_row_optional(out, NULL, v, nv, (unsigned)(optional & 0xffffffffu), "sweep");
    }
    return out->status;
}

static void nsweep_header(char *head, size_t len, const sweep_args *a, int n)
{
    size_t at = (size_t)snprintf(head, len, "%s,", cr_param_table()[a->param].name);
    at += cli_state_columns(head + at, len - at, n);
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++)
            at += (size_t)snprintf(head + at, at < len ? len - at : 0, ",rho%d%d_first_order", j, k);
    snprintf(head + at, at < len ? len - at : 0, "\n");
}

/* Points where an estimate leaves its range (colres/limits.h), counted
 * block by block and reported once on stderr at the end. */
typedef struct estimate_range {
    size_t first_out, rough_out, total;
    double first_at, rough_at;
} estimate_range;

static void note_estimate(size_t *count, double *at, int in_range, double value)
{
    if (!in_range && (*count)++ == 0)
        *at = value;
}

static void note_block(estimate_range *er, int param, const cr_params *base,
                       const cr_sweep_point *pts, const cr_nsweep_point *npts, size_t m)
{
    cr_params p = *base;
    for (size_t i = 0; i < m; i++, er->total++) {
        double value = pts != NULL ? pts[i].value : npts[i].value, first = 0.0;
        cr_param_put(&p, param, value);
        if (pts != NULL) {
            first = cabs(pts[i].first.v[1]);
            note_estimate(&er->rough_out, &er->rough_at,
                          cr_rough_in_range(&p, cr_rough_estimate(&p)), value);
        } else {
            int n = npts[i].steady.n;
            for (int j = 0; j < n; j++)
                for (int k = j + 1; k < n; k++)
                    first = fmax(first, cabs(npts[i].first.v[CR_NVEC(n, j, k)]));
        }
        note_estimate(&er->first_out, &er->first_at,
                      !isfinite(first) || cr_first_order_in_range(&p, first), value);
    }
}

static void report_estimates(const estimate_range *r, const char *name, int quiet)
{
    if (quiet)
        return;
    if (r->first_out > 0)
        fprintf(stderr, "colres: warning: the first-order estimate (Eq. 14) is beyond its range "
                        "(gamma >= the smallest level spacing, or |rho| > 1/2) at %zu of %zu points, "
                        "from %s = %.4g: an estimate, not the model's coherence\n",
                r->first_out, r->total, name, r->first_at);
    if (r->rough_out > 0)
        fprintf(stderr, "colres: warning: rho01_rough (Eq. 24) exceeds 1/2, which no state "
                        "has, at %zu of %zu points, from %s = %.4g; even below it is an order "
                        "of magnitude at best (see --help)\n",
                r->rough_out, r->total, name, r->rough_at);
}

/* Points per block of a general sweep (3 KiB each). */
enum { NSWEEP_BLOCK = 512 };

/* Compute and write the points block by block; the exit status. */
static int sweep_run_blocks(sweep_args *a, const cli_common *c)
{
    int qubit = cr_params_is_qubit(&c->params);
    size_t block = qubit ? SWEEP_BLOCK : NSWEEP_BLOCK;
    estimate_range er = { 0, 0, 0, 0.0, 0.0 };
    double *values = malloc(sizeof(double) * block);
    cr_sweep_point *pts = qubit ? malloc(sizeof(cr_sweep_point) * block) : NULL;
    cr_nsweep_point *npts = qubit ? NULL : malloc(sizeof(cr_nsweep_point) * block);
    if (values == NULL || (pts == NULL && npts == NULL)) {
        free(values);
        free(pts);
        free(npts);
        fprintf(stderr, "colres: sweep: out of memory\n");
        return CLI_FAIL;
    }
    char err[512], head[4096];
    cli_out out;
    cli_out_init(&out);
    if (qubit)
        snprintf(head, sizeof head, "%s,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,"
                 "rho01_first_order,rho01_rough,rho00_first_order\n",
                 cr_param_table()[a->param].name);
    else
        nsweep_header(head, sizeof head, a, c->params.nlevels);
    cli_out_line(&out, head);
    sweep_run r = { a, 0 };
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c->threads;
    o.progress = sweep_progress;
    o.ctx = &r;
    o.cancel = &cli_stop_work;
    o.dephase = a->dephase;
    int st = CR_OK;
    for (; st == CR_OK && out.status == CLI_OK && r.offset < a->points; r.offset += block) {
        size_t m = a->points - r.offset < block ? a->points - r.offset : block;
        for (size_t i = 0; i < m; i++)
            values[i] = cr_grid_value(a->from, a->to, a->points, a->log_scale, r.offset + i);
        if (qubit) {
            st = cr_sweep_1d(&c->params, a->param, values, m, pts, &o, err, sizeof err);
            if (st == CR_OK)
                sweep_write(&out, a, &c->params, pts, m);
        } else {
            st = cr_nsweep_1d(&c->params, a->param, values, m, npts, &o, err, sizeof err);
            if (st == CR_OK)
                nsweep_write(&out, npts, m);
        }
        if (st == CR_OK)
            note_block(&er, a->param, &c->params, pts, npts, m);
    }
    progress_end(&a->prog);
    free(values);
    free(pts);
    free(npts);
    if (out.status == CLI_FAIL || out.status == CLI_PIPE)
        return out.status;
    if (st == CR_ECANCEL || cli_signal() != 0) {
        cli_out_flush(&out);
        return cli_interrupted_exit("sweep", "whole lines written before it");
    }
    if (st != CR_OK) {
        cli_out_flush(&out);
        fprintf(stderr, "colres: sweep: %s\n", err);
        return st == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    report_estimates(&er, cr_param_table()[a->param].name, c->quiet);
    return cli_out_finish(&out);
}

int cmd_sweep(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "vary", 1, OPT_VARY, "NAME", "the parameter to vary (default gamma)" },
        { "from", 1, OPT_FROM, "A", "first value (default 0.01 for gamma)" },
        { "to", 1, OPT_TO, "B", "last value (default 100 for gamma)" },
        { "points", 1, OPT_POINTS, "N", "number of points (default 200)" },
        { "log", 0, OPT_LOG, "", "space the points geometrically" },
        { "dephase", 0, OPT_DEPHASE, "", DEPHASE_HELP },
        { NULL, 0, 0, NULL, NULL },
    };
    sweep_args a = { CR_P_GAMMA, 0.01, 100.0, 200, 0, 0, 0, 0, { 0, 0.0, NULL } };
    cli_common c;
    int st = cli_setup(argc, argv,
                   "Usage: colres sweep --vary NAME --from A --to B --points N [--log] [OPTIONS]\n"
                   "Steady state along one parameter; the others stay fixed.\n"
                   "Columns: NAME,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,\n"
                   "rho01_first_order,rho01_rough,rho00_first_order: |rho01| to first order in\n"
                   "gamma (Eq. 14), the rough estimate s^2 (gamma/delta) exp(-beta m dx^2 delta^2/2)\n"
                   "with s = --rough-s (Eq. 24), and rho00 to first order (Eq. 15). The\n"
                   "first-order fields are empty where the estimate is undefined.\n"
                   "Points are written as they are computed, in blocks of 4096.\n"
                   "Another --levels or --coupling: NAME, rhoJJ for every level, rhoJK_re,\n"
                   "rhoJK_im, rhoJK_abs for J < K, thermalJJ, then rhoJK_first_order (|rho_JK|\n"
                   "to first order, Eq. 14) for J < K.\n"
                   "The first-order and rough columns are estimates: first order holds for\n"
                   "gamma well below the level spacing (a warning counts the points with\n"
                   "gamma >= the smallest spacing or a value > 1/2); the rough estimate with\n"
                   "s = 0.01 is an order of magnitude at best: over 40 points in the TUI's\n"
                   "slider ranges it sat a median 64x below the model's |rho01| (3.8x to\n"
                   "6.2e4x), and it falls off far faster at large dx.",
                   opts, sweep_opt, &a, &c, NULL);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.param != CR_P_GAMMA && !(a.have_from && a.have_to))
        return cli_error("sweep: --from and --to are required when varying %s",
                         cr_param_table()[a.param].name);
    st = sweep_check(&a, &c.params);
    if (st != CLI_OK)
        return st;
    cli_warn(&c);
    progress_init(&a.prog, "sweep");
    return sweep_run_blocks(&a, &c);
}

/* ---- heatmap ---- */

typedef struct axis {
    int param;
    double a, b;
    int log_scale;
    int set;
} axis;

typedef struct heat_args {
    axis x, y;
    unsigned long nx, ny;
    size_t shard_k, shard_n;
    int no_header, dephase, quantity;
    progress prog;
} heat_args;

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

/* One unsigned decimal number, digits only (no sign, space or base
 * prefix), at most max; *s moves past it.  0 if there is none or it is
 * too large. */
static int strict_uint(const char **s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    const char *p = *s;
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > max)
            return 0;
    }
    *s = p;
    *out = v;
    return 1;
}

/* --size NXxNY: two decimal numbers 1..100000 joined by a lower-case x. */
static int parse_size(const char *arg, heat_args *a)
{
    const char *p = arg;
    unsigned long nx, ny;
    if (!strict_uint(&p, 100000, &nx) || *p++ != 'x' || !strict_uint(&p, 100000, &ny) ||
        *p != '\0' || nx < 1 || ny < 1)
        return cli_error("invalid --size = \"%s\": expected NXxNY, two whole numbers "
                         "1..100000, e.g. 64x64", arg);
    a->nx = nx;
    a->ny = ny;
    return CLI_OK;
}

/* --shard K/N: two decimal numbers, 0 <= K < N <= 1000000. */
static int parse_shard(const char *arg, heat_args *a)
{
    const char *p = arg;
    unsigned long k, n;
    if (!strict_uint(&p, 1000000, &k) || *p++ != '/' || !strict_uint(&p, 1000000, &n) ||
        *p != '\0' || k >= n)
        return cli_error("invalid --shard = \"%s\": expected K/N, whole numbers with "
                         "0 <= K < N <= 1000000", arg);
    a->shard_k = k;
    a->shard_n = n;
    return CLI_OK;
}

static int heat_opt(void *ctx, int id, const char *arg)
{
    heat_args *a = ctx;
    switch (id) {
    case OPT_X:
        return parse_axis("x", arg, &a->x);
    case OPT_Y:
        return parse_axis("y", arg, &a->y);
    case OPT_SIZE:
        return parse_size(arg, a);
    case OPT_SHARD:
        return parse_shard(arg, a);
    case OPT_NO_HEADER:
        a->no_header = 1;
        return CLI_OK;
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    case OPT_QUANTITY:
        a->quantity = cr_quantity_lookup(arg);
        if (a->quantity < 0)
            return cli_error("invalid --quantity = \"%s\": valid values are rho01_abs, "
                             "coherence, distance", arg);
        return CLI_OK;
    default:
        return cli_error("heatmap: unexpected option");
    }
}

/* The rows of one run: a block of the wanted rows at a time, so memory
 * follows the rows in flight, not the grid. */
typedef struct heat_run_state {
    heat_args *a;
    const double *xs;
    size_t done_rows, wanted_rows;  /* progress over the whole run */
    size_t rows_written;
    cli_out out;
    /* the block in flight: m rows, written in order as they finish */
    double *ys;
    double *vals;
    unsigned char *ready;
    size_t m, next;
} heat_run_state;

static void heat_progress(void *ctx, size_t done, size_t total)
{
    heat_run_state *r = ctx;
    (void)total;
    if (r->a->y.param != CR_P_GAMMA) /* column mode counts columns */
        progress_show(&r->a->prog, r->done_rows + done, r->wanted_rows);
}

/* Rows in memory at once: about 8 MB of values, at least one row. */
static size_t heat_block_rows(size_t nx)
{
    size_t rows = ((size_t)8 << 20) / (sizeof(double) * nx);
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

/* Called (serialised) from workers as rows of the block finish: write
 * every row now contiguous with those already written, whole rows only. */
static void heat_row_done(void *ctx, size_t row, const double *values, size_t n)
{
    heat_run_state *r = ctx;
    (void)values;
    (void)n;
    r->ready[row] = 1;
    for (; r->next < r->m && r->ready[r->next] && r->out.status == CLI_OK; r->next++) {
        for (size_t ix = 0; ix < r->a->nx && r->out.status == CLI_OK; ix++) {
            double v[3] = { r->xs[ix], r->ys[r->next], r->vals[r->next * r->a->nx + ix] };
            cli_out_row(&r->out, NULL, v, 3, "heatmap");
        }
        if (cli_out_flush(&r->out) == CLI_OK)
            r->rows_written++;
    }
}

/* The blocks of wanted rows, cap at a time, until done or stopped. */
static int heat_blocks(heat_run_state *r, const cli_common *c, const cr_sweep_opts *o,
                       size_t cap, char *err, size_t errlen)
{
    const heat_args *a = r->a;
    double *ys = r->ys;
    int st = CR_OK;
    for (size_t iy = 0; st == CR_OK && r->out.status == CLI_OK && iy < a->ny;) {
        size_t m = 0;
        for (; iy < a->ny && m < cap; iy++)
            if (heat_wanted(a, iy))
                ys[m++] = cr_grid_value(a->y.a, a->y.b, a->ny, a->y.log_scale, iy);
        if (m == 0)
            break;
        memset(r->ready, 0, m);
        r->m = m;
        r->next = 0;
        st = cr_heatmap(&c->params, a->x.param, r->xs, a->nx, a->y.param, ys, m,
                        r->vals, o, err, errlen);
        r->done_rows += m;
    }
    return st;
}

/* Compute the map block by block, writing each block's rows in order. */
static int heat_run(heat_args *a, const cli_common *c, const double *xs)
{
    heat_run_state r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.xs = xs;
    for (size_t iy = 0; iy < a->ny; iy++)
        r.wanted_rows += (size_t)heat_wanted(a, iy);
    size_t cap = heat_block_rows(a->nx);
    if (cap > r.wanted_rows)
        cap = r.wanted_rows > 0 ? r.wanted_rows : 1;
    double *ys = malloc(sizeof(double) * cap);
    double *vals = malloc(sizeof(double) * cap * a->nx);
    unsigned char *ready = malloc(cap);
    if (ys == NULL || vals == NULL || ready == NULL) {
        free(ys);
        free(vals);
        free(ready);
        fprintf(stderr, "colres: heatmap: out of memory for %zu rows of %lu\n", cap, a->nx);
        return CLI_FAIL;
    }
    cli_out *out = &r.out;
    cli_out_init(out);
    if (!a->no_header) {
        char head[64];
        snprintf(head, sizeof head, "x,y,%s\n", cr_quantity_name(a->quantity));
        cli_out_line(out, head);
    }
    r.ys = ys;
    r.vals = vals;
    r.ready = ready;
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c->threads;
    o.progress = heat_progress;
    o.row_done = heat_row_done;
    o.ctx = &r;
    o.cancel = &cli_stop_work;
    o.dephase = a->dephase;
    o.quantity = a->quantity;
    char err[512];
    int st = heat_blocks(&r, c, &o, cap, err, sizeof err);
    progress_end(&a->prog);
    free(ys);
    free(vals);
    free(ready);
    char detail[96];
    snprintf(detail, sizeof detail, "%zu complete rows written", r.rows_written);
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

int cmd_heatmap(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "x", 1, OPT_X, "NAME:A:B[:log]", "horizontal axis (default dx:0.1:3)" },
        { "y", 1, OPT_Y, "NAME:A:B[:log]", "vertical axis (default delta:0.05:3)" },
        { "size", 1, OPT_SIZE, "NXxNY", "grid size (default 64x64)" },
        { "shard", 1, OPT_SHARD, "K/N", "compute only rows with index = K mod N" },
        { "no-header", 0, OPT_NO_HEADER, "", "omit the header row (to append shards)" },
        { "dephase", 0, OPT_DEPHASE, "", DEPHASE_HELP },
        { "quantity", 1, OPT_QUANTITY, "Q", "rho01_abs (default), coherence (sum of |rho_jk|, "
          "j != k) or distance (trace distance to thermal)" },
        { NULL, 0, 0, NULL, NULL },
    };
    heat_args a;
    memset(&a, 0, sizeof a);
    a.x = (axis){ CR_P_DX, 0.1, 3.0, 0, 0 };
    a.y = (axis){ CR_P_DELTA, 0.05, 3.0, 0, 0 };
    a.nx = a.ny = 64;
    cli_common c;
    int st = cli_setup(argc, argv,
                   "Usage: colres heatmap --x NAME:A:B[:log] --y NAME:A:B[:log] --size NXxNY [OPTIONS]\n"
                   "|rho01| of the steady state on a grid (the paper's Fig. 3). Columns: x,y,rho01_abs\n"
                   "(x,y,coherence or x,y,distance with --quantity).\n"
                   "Rows (fixed y) are written in order as they finish; Ctrl-C stops after whole rows.",
                   opts, heat_opt, &a, &c, NULL);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.x.param == a.y.param)
        return cli_error("heatmap: --x and --y must vary different parameters");
    double *xs = NULL;
    st = heat_axes(&a, &c.params, &xs);
    if (st == CLI_OK) {
        cli_warn(&c);
        progress_init(&a.prog, "heatmap");
        st = heat_run(&a, &c, xs);
    }
    free(xs);
    return st;
}
