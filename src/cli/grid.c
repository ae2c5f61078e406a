/* grid.c — `colres sweep`, steady states along one parameter, and the
 * progress bar on stderr it shares with heatmap (heatmap.c).  A point
 * that fails is written with nan and the sweep goes on (scan.c reports). */
#include "config.h"

#include "cli.h"
#include "grid.h"
#include "scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colres/clock.h"
#include "colres/limits.h"
#include "colres/status.h"
#include "colres/sweep.h"

/* ---- progress on stderr ---- */

void progress_init(progress *p, const char *what)
{
    p->enabled = isatty(STDERR_FILENO);
    p->what = what;
    p->start = cr_clock_monotonic();
}

void progress_show(progress *p, size_t done, size_t total)
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

void progress_end(progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}

/* ---- sweep ---- */

typedef struct sweep_args {
    int param;
    cli_range r;         /* --from --to --points --log */
    int dephase, validity;
    progress prog;
} sweep_args;

enum { OPT_VARY = 1, OPT_DEPHASE, OPT_VALIDITY };
#define DEPHASE_HELP "use the map D.S: dephasing D after each collision (Eq. 3)"

static int sweep_opt(void *ctx, int id, const char *arg)
{
    sweep_args *a = ctx;
    int st = cli_range_opt(&a->r, id, arg);
    if (st >= 0)
        return st;
    switch (id) {
    case OPT_VARY:
        a->param = cli_param_lookup(arg);
        if (a->param < 0)
            return cli_error("invalid --vary = \"%s\": valid names are gamma, delta, dx, "
                             "beta, mass, lambda, length, x0, rough_s", arg);
        return CLI_OK;
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    case OPT_VALIDITY:
        a->validity = 1;
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
    unsigned char *bad; /* the block's points that failed */
    cli_scan scan;
} sweep_run;

static void sweep_progress(void *ctx, size_t done, size_t total)
{
    sweep_run *r = ctx;
    (void)total;
    progress_show(&r->a->prog, r->offset + done, r->a->r.points);
}

static void sweep_failed(void *ctx, size_t index, int status, const char *msg)
{
    sweep_run *r = ctx;
    (void)status;
    r->bad[index] = 1;
    cli_scan_failed(&r->scan, r->offset + index, msg);
}

static double sweep_value(const sweep_args *a, size_t i)
{
    return cr_grid_value(a->r.from, a->r.to, a->r.points, a->r.log_scale, i);
}

static void sweep_name(void *ctx, size_t index, char *buf, size_t len)
{
    const sweep_args *a = ctx;
    snprintf(buf, len, "%s = %.6g", cr_param_table()[a->param].name, sweep_value(a, index));
}

/* Every point checked before any work, so that a bad range is a usage
 * error and not a failure half-way. */
static int sweep_check(const sweep_args *a, const cr_params *base)
{
    char err[512];
    double first[1];
    int st = cr_grid(a->r.from, a->r.to, 1, a->r.log_scale, first, err, sizeof err);
    cr_params p = *base; /* once: a copy is 2 kB (levels and coupling) */
    for (size_t i = 0; st == CR_OK && i < a->r.points; i++) {
        if (i % 65536 == 0 && cli_signal() != 0)
            return cli_interrupted_exit("sweep", "nothing written");
        cr_param_put(&p, a->param, sweep_value(a, i));
        st = cr_params_validate(&p, err, sizeof err);
    }
    if (st != CR_OK)
        return cli_error("sweep: --vary %s: %s", cr_param_table()[a->param].name, err);
    return CLI_OK;
}

/* One point's row: v[0] the value, v[1 .. nv) its results.  A failed
 * point, or one with a number that is not finite where it must be, is
 * written with nan in every result column (and reported); a non-finite
 * optional field (an undefined estimate) is empty.  The warnings and,
 * with --validity, its columns at the point's parameters p. */
static void sweep_row(cli_out *out, sweep_run *r, const cr_params *p, size_t i, double *v,
                      int nv, unsigned long long optional)
{
    int bad = r->bad[i];
    for (int k = 0; k < nv && !bad; k++)
        if (!isfinite(v[k]) && !(optional >> k & 1u)) {
            bad = 1;
            cli_scan_failed(&r->scan, r->offset + i, "the result is not a finite number");
        }
    for (int k = 1; k < nv && bad; k++)
        v[k] = NAN;
    if (r->a->validity)
        cli_scan_validity(p, v + nv);
    cli_scan_check(&r->scan, p, r->offset + i);
    cli_out_row_scan(out, NULL, v, nv + (r->a->validity ? CLI_VALIDITY_COLUMNS : 0),
                     bad ? 0 : optional);
}

static int sweep_write(cli_out *out, sweep_run *r, const cr_params *base,
                       const cr_sweep_point *pts, size_t m)
{
    enum { FIRST01 = 7, FIRST00 = 9 };
    cr_params p = *base;
    for (size_t i = 0; i < m && out->status == CLI_OK; i++) {
        const cr_sweep_point *q = &pts[i];
        cr_param_put(&p, r->a->param, q->value);
        double v[10 + CLI_VALIDITY_COLUMNS] = {
            q->value, creal(q->steady.v[0]), creal(q->steady.v[3]),
            creal(q->steady.v[1]), cimag(q->steady.v[1]), cabs(q->steady.v[1]),
            creal(q->thermal.v[0]), cabs(q->first.v[1]), cr_rough_estimate(&p),
            creal(q->first.v[0]) };
        sweep_row(out, r, &p, i, v, 10, 1ull << FIRST01 | 1ull << FIRST00);
    }
    return out->status;
}

/* Any other system: NAME, the state columns, then |rho_JK| to first order
 * (Eq. 14) for every J < K (empty where undefined). */
static int nsweep_write(cli_out *out, sweep_run *r, const cr_params *base,
                        const cr_nsweep_point *pts, size_t m)
{
    cr_params p = *base;
    for (size_t i = 0; i < m && out->status == CLI_OK; i++) {
        const cr_nsweep_point *q = &pts[i];
        int n = base->nlevels;
        cr_param_put(&p, r->a->param, q->value);
        double v[1 + CLI_STATE_MAX + CR_NMAX * CR_NMAX + CLI_VALIDITY_COLUMNS];
        v[0] = q->value;
        int nv = 1 + cli_state_values(v + 1, &q->steady, &q->thermal);
        unsigned long long optional = 0;
        for (int j = 0; j < n; j++)
            for (int k = j + 1; k < n; k++) {
                optional |= 1ull << (nv < 64 ? nv : 63);
                v[nv++] = cabs(q->first.v[CR_NVEC(n, j, k)]);
            }
        sweep_row(out, r, &p, i, v, nv, optional);
    }
    return out->status;
}

static void sweep_header(char *head, size_t len, const sweep_args *a, int qubit, int n)
{
    size_t at = (size_t)snprintf(head, len, "%s,", cr_param_table()[a->param].name);
    if (qubit)
        at += (size_t)snprintf(head + at, len - at, "rho00,rho11,rho01_re,rho01_im,rho01_abs,"
                               "thermal00,rho01_first_order,rho01_rough,rho00_first_order");
    else
        at += cli_state_columns(head + at, len - at, n);
    for (int j = 0; !qubit && j < n; j++)
        for (int k = j + 1; k < n; k++)
            at += (size_t)snprintf(head + at, at < len ? len - at : 0, ",rho%d%d_first_order", j, k);
    snprintf(head + at, at < len ? len - at : 0, "%s\n",
             a->validity ? "," CLI_VALIDITY_HEADER : "");
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
static int sweep_run_blocks(sweep_args *a, const cli_common *c, sweep_run *r)
{
    int qubit = cr_params_is_qubit(&c->params);
    size_t block = qubit ? SWEEP_BLOCK : NSWEEP_BLOCK;
    estimate_range er = { 0, 0, 0, 0.0, 0.0 };
    double *values = malloc(sizeof(double) * block);
    cr_sweep_point *pts = qubit ? malloc(sizeof(cr_sweep_point) * block) : NULL;
    cr_nsweep_point *npts = qubit ? NULL : malloc(sizeof(cr_nsweep_point) * block);
    r->bad = malloc(block);
    if (values == NULL || (pts == NULL && npts == NULL) || r->bad == NULL) {
        free(values);
        free(pts);
        free(npts);
        free(r->bad);
        fprintf(stderr, "colres: sweep: out of memory\n");
        return CLI_FAIL;
    }
    char err[512], head[4096];
    cli_out out;
    cli_out_init(&out);
    sweep_header(head, sizeof head, a, qubit, c->params.nlevels);
    cli_out_header(&out, c, (cli_meta){ -1, a->dephase, 1 }, head);
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = c->threads;
    o.progress = sweep_progress;
    o.failed = sweep_failed;
    o.ctx = r;
    o.cancel = &cli_stop_work;
    o.dephase = a->dephase;
    int st = CR_OK;
    for (; st == CR_OK && out.status == CLI_OK && r->offset < a->r.points; r->offset += block) {
        size_t m = a->r.points - r->offset < block ? a->r.points - r->offset : block;
        for (size_t i = 0; i < m; i++)
            values[i] = sweep_value(a, r->offset + i);
        memset(r->bad, 0, m);
        if (qubit) {
            st = cr_sweep_1d(&c->params, a->param, values, m, pts, &o, err, sizeof err);
            if (st == CR_OK)
                sweep_write(&out, r, &c->params, pts, m);
        } else {
            st = cr_nsweep_1d(&c->params, a->param, values, m, npts, &o, err, sizeof err);
            if (st == CR_OK)
                nsweep_write(&out, r, &c->params, npts, m);
        }
        if (st == CR_OK)
            note_block(&er, a->param, &c->params, pts, npts, m);
    }
    progress_end(&a->prog);
    free(values);
    free(pts);
    free(npts);
    free(r->bad);
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
        { "from", 1, CLI_RANGE_FROM, "A", "first value (default 0.01 for gamma)" },
        { "to", 1, CLI_RANGE_TO, "B", "last value (default 100 for gamma)" },
        { "points", 1, CLI_RANGE_POINTS, "N", "number of points (default 200)" },
        { "log", 0, CLI_RANGE_LOG, "", "space the points geometrically" },
        { "dephase", 0, OPT_DEPHASE, "", DEPHASE_HELP },
        { "validity", 0, OPT_VALIDITY, "", "add the columns " CLI_VALIDITY_HEADER },
        { NULL, 0, 0, NULL, NULL },
    };
    sweep_args a;
    memset(&a, 0, sizeof a);
    a.param = CR_P_GAMMA;
    a.r = (cli_range){ 0.01, 100.0, 200, 0, 0, 0 };
    cli_common c;
    int st = cli_setup(argc, argv,
                   "Usage: colres sweep --vary NAME --from A --to B --points N [--log] [OPTIONS]\n"
                   "Steady state along one parameter; the others stay fixed.\n"
                   "Columns: NAME,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,\n"
                   "rho01_first_order,rho01_rough,rho00_first_order: |rho01| to first order in\n"
                   "gamma (Eq. 14), the rough estimate s^2 (gamma/delta) exp(-beta m dx^2 delta^2/2)\n"
                   "with s = --rough-s (Eq. 24), and rho00 to first order (Eq. 15). The\n"
                   "first-order fields are empty where the estimate is undefined.\n"
                   "With --validity, three more: wigner_value (4*pi*dx*sqrt(mass/beta), valid if\n"
                   ">= 1), flux_below_emax (the fraction of particles below e_max) and\n"
                   "single_particle_ratio (gamma*L*sqrt(beta*mass), one particle at a time if < 0.1).\n"
                   "Points are written as they are computed, in blocks of 4096. A point that\n"
                   "fails is written with nan in its result columns and the sweep goes on;\n"
                   "stderr names the failures, and the exit status is then 1.\n"
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
    if (a.param != CR_P_GAMMA && !(a.r.have_from && a.r.have_to))
        return cli_error("sweep: --from and --to are required when varying %s",
                         cr_param_table()[a.param].name);
    st = sweep_check(&a, &c.params);
    if (st != CLI_OK)
        return st;
    progress_init(&a.prog, "sweep");
    sweep_run r;
    memset(&r, 0, sizeof r);
    r.a = &a;
    cli_scan_init(&r.scan, "sweep", "points");
    r.scan.total = a.r.points;
    st = sweep_run_blocks(&a, &c, &r);
    if (st != CLI_OK && st != CLI_FAIL)
        return st;
    int report = cli_scan_report(&r.scan, c.quiet, sweep_name, &a);
    return st != CLI_OK ? st : report;
}
