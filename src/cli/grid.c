/* grid.c — the commands that compute on a grid of parameter values, with
 * a progress bar on stderr and Ctrl-C between rows: sweep and heatmap. */
#include "config.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    p->start = cli_clock_now();
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
    double t = cli_clock_now() - p->start;
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
    int log_scale, have_from, have_to;
    progress prog;
} sweep_args;

enum { OPT_VARY = 1, OPT_FROM, OPT_TO, OPT_POINTS, OPT_LOG, OPT_X, OPT_Y, OPT_SIZE,
       OPT_SHARD, OPT_NO_HEADER };

static int sweep_opt(void *ctx, int id, const char *arg)
{
    sweep_args *a = ctx;
    switch (id) {
    case OPT_VARY:
        a->param = cr_param_lookup(arg);
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
    default:
        return cli_error("sweep: unexpected option");
    }
}

static void sweep_progress(void *ctx, size_t done, size_t total)
{
    progress_show(&((sweep_args *)ctx)->prog, done, total);
}

/* The values of the swept parameter (caller frees *values, also on
 * error), every point checked before any work so that a bad range is a
 * usage error. */
static int sweep_values(const sweep_args *a, const cr_params *base, double **values)
{
    char err[512];
    *values = malloc(sizeof(double) * a->points);
    if (*values == NULL) {
        fprintf(stderr, "colres: sweep: out of memory\n");
        return CLI_FAIL;
    }
    int st = cr_grid(a->from, a->to, a->points, a->log_scale, *values, err, sizeof err);
    for (size_t i = 0; st == CR_OK && i < a->points; i++) {
        cr_params p = *base;
        cr_param_put(&p, a->param, (*values)[i]);
        st = cr_params_validate(&p, err, sizeof err);
    }
    if (st != CR_OK)
        return cli_error("sweep: --vary %s: %s", cr_param_table()[a->param].name, err);
    return CLI_OK;
}

int cmd_sweep(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "vary", 1, OPT_VARY, "NAME", "the parameter to vary (default gamma)" },
        { "from", 1, OPT_FROM, "A", "first value (default 0.01 for gamma)" },
        { "to", 1, OPT_TO, "B", "last value (default 100 for gamma)" },
        { "points", 1, OPT_POINTS, "N", "number of points (default 200)" },
        { "log", 0, OPT_LOG, "", "space the points geometrically" },
        { NULL, 0, 0, NULL, NULL },
    };
    sweep_args a = { CR_P_GAMMA, 0.01, 100.0, 200, 0, 0, 0, { 0, 0.0, NULL } };
    cli_common c;
    int st = cli_setup(argc, argv,
                   "Usage: colres sweep --vary NAME --from A --to B --points N [--log] [OPTIONS]\n"
                   "Steady state along one parameter; the others stay fixed.\n"
                   "Columns: NAME,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,rho01_first_order\n"
                   "(rho01_first_order is |rho01| to first order in gamma, Eq. 14).",
                   opts, sweep_opt, &a, &c, NULL);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.param != CR_P_GAMMA && !(a.have_from && a.have_to))
        return cli_error("sweep: --from and --to are required when varying %s",
                         cr_param_table()[a.param].name);
    char err[512];
    double *values = NULL;
    cr_sweep_point *pts = malloc(sizeof(cr_sweep_point) * a.points);
    st = pts == NULL ? CLI_FAIL : sweep_values(&a, &c.params, &values);
    if (pts == NULL)
        fprintf(stderr, "colres: sweep: out of memory\n");
    if (st != CLI_OK) {
        free(values);
        free(pts);
        return st;
    }
    cli_warn(&c);
    cli_install_signals();
    progress_init(&a.prog, "sweep");
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c.threads;
    o.progress = sweep_progress;
    o.ctx = &a;
    o.cancel = &cli_interrupted;
    st = cr_sweep_1d(&c.params, a.param, values, a.points, pts, &o, err, sizeof err);
    progress_end(&a.prog);
    if (st != CR_OK) {
        free(values);
        free(pts);
        if (st == CR_ECANCEL) {
            fprintf(stderr, "colres: sweep interrupted; nothing written\n");
            return 130;
        }
        fprintf(stderr, "colres: sweep: %s\n", err);
        return st == CR_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    printf("%s,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,rho01_first_order\n",
           cr_param_table()[a.param].name);
    for (size_t i = 0; i < a.points; i++) {
        const cr_sweep_point *q = &pts[i];
        double v[8] = { q->value, creal(q->steady.v[0]), creal(q->steady.v[3]),
                        creal(q->steady.v[1]), cimag(q->steady.v[1]), cabs(q->steady.v[1]),
                        creal(q->thermal.v[0]), cabs(q->first.v[1]) };
        cli_csv_row(stdout, v, 8);
    }
    free(values);
    free(pts);
    return cli_finish_output();
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
    int no_header;
    progress prog;
    /* in-order printing of finished rows */
    const double *xs, *ys;
    double *grid;
    unsigned char *ready;
    size_t next_row;
    size_t rows_written;
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
    ax->param = cr_param_lookup(parts[0]);
    if (ax->param < 0)
        return cli_error("invalid --%s = \"%s\": unknown parameter \"%s\"", opt, arg, parts[0]);
    if (cli_parse_double(opt, parts[1], &ax->a) != CLI_OK ||
        cli_parse_double(opt, parts[2], &ax->b) != CLI_OK)
        return CLI_USAGE;
    ax->log_scale = n == 4 && strcmp(parts[3], "log") == 0;
    ax->set = 1;
    return CLI_OK;
}

static int heat_opt(void *ctx, int id, const char *arg)
{
    heat_args *a = ctx;
    char *end = NULL;
    switch (id) {
    case OPT_X:
        return parse_axis("x", arg, &a->x);
    case OPT_Y:
        return parse_axis("y", arg, &a->y);
    case OPT_SIZE: {
        unsigned long nx = strtoul(arg, &end, 10);
        if (end == arg || (*end != 'x' && *end != 'X'))
            return cli_error("invalid --size = \"%s\": expected NXxNY, e.g. 64x64", arg);
        const char *rest = end + 1;
        unsigned long ny = strtoul(rest, &end, 10);
        if (end == rest || *end != '\0' || nx < 1 || ny < 1 || nx > 100000 || ny > 100000 ||
            arg[0] == '-' || rest[0] == '-')
            return cli_error("invalid --size = \"%s\": NX and NY must be 1..100000", arg);
        a->nx = nx;
        a->ny = ny;
        return CLI_OK;
    }
    case OPT_SHARD: {
        unsigned long k = strtoul(arg, &end, 10);
        if (end == arg || *end != '/' || arg[0] == '-')
            return cli_error("invalid --shard = \"%s\": expected K/N with 0 <= K < N", arg);
        const char *rest = end + 1;
        unsigned long n = strtoul(rest, &end, 10);
        if (end == rest || *end != '\0' || rest[0] == '-' || n < 1 || k >= n || n > 1000000)
            return cli_error("invalid --shard = \"%s\": expected K/N with 0 <= K < N", arg);
        a->shard_k = k;
        a->shard_n = n;
        return CLI_OK;
    }
    case OPT_NO_HEADER:
        a->no_header = 1;
        return CLI_OK;
    default:
        return cli_error("heatmap: unexpected option");
    }
}

/* Called (serialised) from workers as rows finish: write every row that
 * is now contiguous with those already written, whole rows only. */
static void heat_row_done(void *ctx, size_t row, const double *values, size_t n)
{
    heat_args *a = ctx;
    (void)values;
    (void)n;
    a->ready[row] = 1;
    while (a->next_row < a->ny) {
        size_t r = a->next_row;
        int in_shard = a->shard_n == 0 || r % a->shard_n == a->shard_k;
        if (in_shard && !a->ready[r])
            break;
        if (in_shard) {
            for (size_t ix = 0; ix < a->nx; ix++) {
                double v[3] = { a->xs[ix], a->ys[r], a->grid[r * a->nx + ix] };
                cli_csv_row(stdout, v, 3);
            }
            fflush(stdout);
            a->rows_written++;
        }
        a->next_row++;
    }
}

static void heat_progress(void *ctx, size_t done, size_t total)
{
    progress_show(&((heat_args *)ctx)->prog, done, total);
}

/* The values along both axes (caller frees *xs and *ys, also on error),
 * checked so that every corner of the grid is a valid parameter set. */
static int heat_axes(const heat_args *a, const cr_params *base, double **xs, double **ys)
{
    char err[512], msg[256]; /* cr_grid messages are short: room for a prefix */
    *xs = malloc(sizeof(double) * a->nx);
    *ys = malloc(sizeof(double) * a->ny);
    if (*xs == NULL || *ys == NULL) {
        fprintf(stderr, "colres: heatmap: out of memory\n");
        return CLI_FAIL;
    }
    if (cr_grid(a->x.a, a->x.b, a->nx, a->x.log_scale, *xs, msg, sizeof msg) != CR_OK)
        return cli_error("heatmap: --x %s: %s", cr_param_table()[a->x.param].name, msg);
    if (cr_grid(a->y.a, a->y.b, a->ny, a->y.log_scale, *ys, msg, sizeof msg) != CR_OK)
        return cli_error("heatmap: --y %s: %s", cr_param_table()[a->y.param].name, msg);
    for (int corner = 0; corner < 4; corner++) {
        cr_params p = *base;
        cr_param_put(&p, a->x.param, corner & 1 ? (*xs)[a->nx - 1] : (*xs)[0]);
        cr_param_put(&p, a->y.param, corner & 2 ? (*ys)[a->ny - 1] : (*ys)[0]);
        if (cr_params_validate(&p, err, sizeof err) != CR_OK)
            return cli_error("heatmap: %s", err);
    }
    return CLI_OK;
}

/* Compute the map, writing rows as they finish; the exit status. */
static int heat_run(heat_args *a, const cli_common *c)
{
    char err[512];
    a->grid = malloc(sizeof(double) * a->nx * a->ny);
    a->ready = calloc(a->ny, 1);
    if (a->grid == NULL || a->ready == NULL) {
        free(a->grid);
        free(a->ready);
        fprintf(stderr, "colres: heatmap: out of memory\n");
        return CLI_FAIL;
    }
    cli_install_signals();
    progress_init(&a->prog, "heatmap");
    if (!a->no_header)
        printf("x,y,rho01_abs\n");
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c->threads;
    o.progress = heat_progress;
    o.row_done = heat_row_done;
    o.ctx = a;
    o.cancel = &cli_interrupted;
    o.shard_k = a->shard_k;
    o.shard_n = a->shard_n;
    int st = cr_heatmap(&c->params, a->x.param, a->xs, a->nx, a->y.param, a->ys, a->ny,
                        a->grid, &o, err, sizeof err);
    progress_end(&a->prog);
    free(a->grid);
    free(a->ready);
    if (st == CR_ECANCEL) {
        fflush(stdout);
        fprintf(stderr, "colres: heatmap interrupted: %zu complete rows written\n",
                a->rows_written);
        return 130;
    }
    if (st != CR_OK) {
        fflush(stdout);
        fprintf(stderr, "colres: heatmap: %s (%zu complete rows written)\n", err,
                a->rows_written);
        return CLI_FAIL;
    }
    return cli_finish_output();
}

int cmd_heatmap(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "x", 1, OPT_X, "NAME:A:B[:log]", "horizontal axis (default dx:0.1:3)" },
        { "y", 1, OPT_Y, "NAME:A:B[:log]", "vertical axis (default delta:0.05:3)" },
        { "size", 1, OPT_SIZE, "NXxNY", "grid size (default 64x64)" },
        { "shard", 1, OPT_SHARD, "K/N", "compute only rows with index = K mod N" },
        { "no-header", 0, OPT_NO_HEADER, "", "omit the header row (to append shards)" },
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
                   "|rho01| of the steady state on a grid (the paper's Fig. 3). Columns: x,y,rho01_abs.\n"
                   "Rows (fixed y) are written in order as they finish; Ctrl-C stops after whole rows.",
                   opts, heat_opt, &a, &c, NULL);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.x.param == a.y.param)
        return cli_error("heatmap: --x and --y must vary different parameters");
    double *xs = NULL, *ys = NULL;
    st = heat_axes(&a, &c.params, &xs, &ys);
    if (st == CLI_OK) {
        cli_warn(&c);
        a.xs = xs;
        a.ys = ys;
        st = heat_run(&a, &c);
    }
    free(xs);
    free(ys);
    return st;
}
