/* bench.c — `colres bench`: the performance figures (targets in the README),
 * each in CPU time of the process (CLOCK_PROCESS_CPUTIME_ID, all threads),
 * as the minimum and the median of repeated rounds, with the map's error and
 * speed-up against the adaptive reference measured in the same run. */
#include "config.h"

#include "cli.h"
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colres/clock.h"
#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "view/frame.h"
#include "view/mech.h"
#include "view/session.h"
#include "view/view.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/sweep.h"
#include "colres/trajectory.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of the rounds; *best gets the smallest (or, for rates, with
 * higher_better, the largest) for the row printed next. */
static double best_round;
double cli_bench_median_of(double *v, int n, int higher_better)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    best_round = higher_better ? v[n - 1] : v[0];
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}


typedef struct bench_args {
    int quick;
    unsigned long heat_n;
} bench_args;

enum { OPT_QUICK = 1, OPT_HEAT };

static int bench_opt(void *ctx, int id, const char *arg)
{
    bench_args *a = ctx;
    if (id == OPT_QUICK) {
        a->quick = 1;
        return CLI_OK;
    }
    if (id == OPT_HEAT)
        return cli_parse_ulong("heat-size", arg, 2, 1024, &a->heat_n);
    return cli_error("bench: unexpected option");
}

void cli_bench_row(const char *what, const char *target, double value, const char *unit,
                int met, const char *detail)
{
    char v[32], b[32];
    snprintf(v, sizeof v, "%.4g %s", value, unit);
    snprintf(b, sizeof b, "%.4g %s", best_round, unit);
    printf("%-36s %-11s %-16s %-16s %-4s %s\n", what, target, b, v, met ? "yes" : "NO", detail);
}

/* Time one map per call until `budget` seconds, per round; median per call. */
static int time_map(cr_smap_workspace *w, const cr_params *p, double budget, double *ms,
                    cr_map *out, char *err, size_t errlen)
{
    double r[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
        int reps = 0;
        double t0 = cr_clock_cpu();
        do {
            int st = cr_smap_compute(w, p, out, err, errlen);
            if (st != CR_OK)
                return st;
            reps++;
        } while (cr_clock_cpu() - t0 < budget);
        r[k] = (cr_clock_cpu() - t0) / reps * 1e3;
    }
    *ms = cli_bench_median_of(r, ROUNDS, 0);
    return CR_OK;
}

static int bench_map(cr_smap_workspace *w, const cr_params *base, int model, double target_ms,
                     const char *label, const char *target, int quick, double *ms_out)
{
    cr_params p = *base;
    p.amplitudes = model;
    cr_map fast, ref;
    char err[512], detail[160];
    double ms;
    int st = time_map(w, &p, quick ? 0.02 : 0.1, &ms, &fast, err, sizeof err);
    if (st != CR_OK) {
        printf("%-36s failed: %s\n", label, err);
        return 1;
    }
    *ms_out = ms;
    double t0 = cr_clock_cpu();
    st = cr_smap_reference(&p, 1e-13, 1e-12, &ref, err, sizeof err);
    double ref_ms = (cr_clock_cpu() - t0) * 1e3;
    if (st != CR_OK) {
        snprintf(detail, sizeof detail, "reference failed: %.120s", err);
        cli_bench_row(label, target, ms, "ms", ms <= target_ms, detail);
        return 1;
    }
    double e = cr_map_max_diff(&fast, &ref);
    snprintf(detail, sizeof detail, "max error %.1e vs QAGP (1e-12), which takes %.1f ms: %.0fx",
             e, ref_ms, ref_ms / ms);
    cli_bench_row(label, target, ms, "ms", ms <= target_ms && e <= 1e-9, detail);
    return !(ms <= target_ms && e <= 1e-9);
}

/* The qutrit's map (ladder N = 3, levels 0, 1, 2 scaled by Δ, the default
 * ladder coupling) on the general path, per call as time_map, and its
 * ratio to the qubit's map of the same model (qubit_ms, its median): the
 * target is at most MAX_RATIO times.  The error is against the adaptive
 * reference (cr_nmap_reference). */
#define QUTRIT_MAX_RATIO 20.0
static int bench_qutrit(const cr_params *base, int model, double qubit_ms, const char *label,
                        int quick)
{
    cr_params p = *base;
    p.amplitudes = model;
    p.nlevels = 3;
    for (int j = 0; j < 3; j++)
        p.levels[j] = j;
    p.coupling_set = 0;
    cr_nmap *fast = malloc(sizeof *fast), *ref = malloc(sizeof *ref);
    char err[512], detail[160], target[32];
    if (fast == NULL || ref == NULL) {
        free(fast);
        free(ref);
        printf("%-36s failed: out of memory\n", label);
        return 1;
    }
    double budget = quick ? 0.02 : 0.1, r[ROUNDS];
    int st = CR_OK;
    for (int k = 0; k < ROUNDS && st == CR_OK; k++) {
        int reps = 0;
        double t0 = cr_clock_cpu();
        do {
            st = cr_nmap_general(&p, fast, err, sizeof err);
            reps++;
        } while (st == CR_OK && cr_clock_cpu() - t0 < budget);
        r[k] = (cr_clock_cpu() - t0) / reps * 1e3;
    }
    if (st != CR_OK) {
        printf("%-36s failed: %s\n", label, err);
        free(fast);
        free(ref);
        return 1;
    }
    double ms = cli_bench_median_of(r, ROUNDS, 0), ratio = ms / qubit_ms;
    int met = ratio <= QUTRIT_MAX_RATIO;
    snprintf(target, sizeof target, "<= %.0fx qubit", QUTRIT_MAX_RATIO);
    st = cr_nmap_reference(&p, 1e-13, 1e-12, ref, err, sizeof err);
    if (st != CR_OK)
        snprintf(detail, sizeof detail, "%.1fx the qubit map; reference failed: %.100s", ratio,
                 err);
    else
        snprintf(detail, sizeof detail, "%.1fx the qubit map (%.3g ms); max error %.1e vs QAG",
                 ratio, qubit_ms, cr_nmap_max_diff(fast, ref));
    cli_bench_row(label, target, ms, "ms", met, detail);
    free(fast);
    free(ref);
    return !met;
}

/* bench_cell's median per cell (us) by model (approx, exact), for the
 * N-level cells. */
static double qubit_cell_us[2] = { NAN, NAN };

/* One cell of an N-level ladder's |ρ01|-type heat map in the (Δx, Δ)
 * plane, as bench_cell (the Δx-row method, steady state included), per
 * cell: rows of nh cells, one thread.  Target: at most max_ratio times
 * ref_us (the qubit's cell, or with per_map an N-level map itself, timed
 * here).  The error is the row's maps against cr_nmap_general cell by cell
 * at both ends and the middle of a row (the same panels: 1e-12). */
static int bench_ncell(const cr_params *base, int model, int nlevels, size_t nh,
                       double ref_us, double max_ratio, int per_map, const char *label, int quick)
{
    cr_params p = *base;
    p.amplitudes = model;
    p.nlevels = nlevels;
    for (int j = 0; j < nlevels; j++)
        p.levels[j] = j;
    p.coupling_set = 0;
    char err[512] = "out of memory", detail[200], target[32];
    double *xs = malloc(sizeof(double) * nh), *grid = malloc(sizeof(double) * nh);
    cr_nmap *fast = malloc(sizeof *fast), *cell = malloc(sizeof *cell);
    cr_nmap_row *row_ = cr_nmap_row_alloc();
    double r[ROUNDS], e = 0.0, map_ms = 0.0, y = p.delta;
    int st = xs && grid && fast && cell && row_ ? CR_OK : CR_ENOMEM;
    if (st == CR_OK)
        cr_grid(0.1, 3.0, nh, 0, xs, NULL, 0);
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    int rounds = quick ? 3 : ROUNDS;
    for (int k = 0; k < rounds && st == CR_OK; k++) {
        double t0 = cr_clock_cpu();
        st = cr_heatmap(&p, CR_P_DX, xs, nh, CR_P_DELTA, &y, 1, grid, &o, err, sizeof err);
        r[k] = (cr_clock_cpu() - t0) / (double)nh * 1e6;
    }
    if (st == CR_OK)
        st = cr_nmap_dx_prepare(row_, &p, err, sizeof err);
    size_t at[3] = { 0, nh / 2, nh - 1 };
    for (int i = 0; i < 3 && st == CR_OK; i++) {
        cr_params q = p;
        q.dx = xs[at[i]];
        st = cr_nmap_dx_map(row_, q.dx, fast, err, sizeof err);
        double t0 = cr_clock_cpu();
        if (st == CR_OK)
            st = cr_nmap_general(&q, cell, err, sizeof err);
        map_ms += (cr_clock_cpu() - t0) * 1e3 / 3.0;
        if (st == CR_OK)
            e = fmax(e, cr_nmap_max_diff(fast, cell));
    }
    cr_nmap_row_free(row_);
    free(xs);
    free(grid);
    free(fast);
    free(cell);
    if (st != CR_OK) {
        printf("%-36s failed: %s\n", label, err);
        return 1;
    }
    double us = cli_bench_median_of(r, rounds, 0), ref = per_map ? map_ms * 1e3 : ref_us;
    int met = us <= max_ratio * ref && e <= 1e-12;
    if (per_map)
        snprintf(target, sizeof target, "<= map/%.0f", 1.0 / max_ratio);
    else
        snprintf(target, sizeof target, "<= %.0fx qubit", max_ratio);
    snprintf(detail, sizeof detail,
             "%zu cells a row, 1 thr; %.2gx the %s (%.3g us); row vs cell maps %.1e",
             nh, us / ref, per_map ? "map itself" : "qubit's cell", ref, e);
    cli_bench_row(label, target, us, "us", met, detail);
    return !met;
}

/* One cell of a |ρ01| heat map in the (Δx, Δ) plane: rows of CELL_ROW cells
 * along Δx (about a wide terminal's heat map) (one quadrature per row, a weighted sum of exponentials per
 * cell) on one thread, steady state included; per cell.  The error is the
 * row's maps against the adaptive reference at both ends and the middle of
 * a row. */
enum { CELL_ROW = 128 };
static int bench_cell(const cr_params *base, int model, double target_us, const char *label,
                      const char *target, int quick)
{
    enum { ROWS = 4 };
    size_t nh = CELL_ROW;
    cr_params p = *base;
    p.amplitudes = model;
    char err[512], detail[160];
    double *xs = malloc(sizeof(double) * nh), *grid = malloc(sizeof(double) * nh * ROWS);
    double ys[ROWS], r[ROUNDS];
    int st = xs != NULL && grid != NULL ? CR_OK : CR_ENOMEM;
    snprintf(err, sizeof err, "out of memory");
    if (st == CR_OK) {
        cr_grid(0.1, 3.0, nh, 0, xs, NULL, 0);
        cr_grid(0.05, 3.0, ROWS, 0, ys, NULL, 0);
    }
    size_t rows = quick ? 1 : ROWS;
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    for (int k = 0; k < ROUNDS && st == CR_OK; k++) {
        double t0 = cr_clock_cpu();
        st = cr_heatmap(&p, CR_P_DX, xs, nh, CR_P_DELTA, ys + ROWS - rows, rows, grid, &o,
                        err, sizeof err);
        r[k] = (cr_clock_cpu() - t0) / (double)(nh * rows) * 1e6;
    }
    /* Accuracy: the row at the default Δ, its ends and middle. */
    double e = 0.0, ref_ms = 0.0;
    cr_smap_workspace *w = cr_smap_alloc();
    if (st == CR_OK && w == NULL)
        st = CR_ENOMEM;
    if (st == CR_OK)
        st = cr_smap_dx_prepare(w, &p, err, sizeof err);
    size_t at[3] = { 0, nh / 2, nh - 1 };
    for (int i = 0; i < 3 && st == CR_OK; i++) {
        cr_params q = p;
        q.dx = xs[at[i]];
        cr_map fast, ref;
        st = cr_smap_dx_map(w, q.dx, &fast, err, sizeof err);
        double t0 = cr_clock_cpu();
        if (st == CR_OK)
            st = cr_smap_reference(&q, 1e-13, 1e-12, &ref, err, sizeof err);
        ref_ms += (cr_clock_cpu() - t0) * 1e3 / 3.0;
        if (st == CR_OK)
            e = fmax(e, cr_map_max_diff(&fast, &ref));
    }
    cr_smap_free(w);
    free(xs);
    free(grid);
    if (st != CR_OK) {
        printf("%-36s failed: %s\n", label, err);
        return 1;
    }
    double us = cli_bench_median_of(r, ROUNDS, 0);
    qubit_cell_us[model == CR_AMP_EXACT] = us;
    snprintf(detail, sizeof detail,
             "%zu cells a row, 1 thr; max error %.1e vs QAGP (1e-12), a map of which takes %.1f ms",
             nh, e, ref_ms);
    cli_bench_row(label, target, us, "us", us <= target_us && e <= 1e-9, detail);
    return !(us <= target_us && e <= 1e-9);
}

/* The mean curve at N = 8 (levels 0..7 scaled by Δ, the ladder): 300
 * points to t = 40 from the top level, as a TUI step or `evolve` asks for
 * them; Γ moves by 1e-9 per round so that every round prepares anew (a
 * slider step).  The map itself is not timed. */
static int bench_mean(const cr_params *base, int quick)
{
    cr_params p = *base;
    p.nlevels = 8;
    for (int j = 0; j < 8; j++)
        p.levels[j] = j;
    p.coupling_set = 0;
    cr_nmap *S = malloc(sizeof *S);
    char err[512];
    double e[CR_NMAX], r[ROUNDS];
    int st = S != NULL ? cr_nmap_compute(&p, S, err, sizeof err) : CR_ENOMEM;
    cr_nstate r0, rho;
    cr_params_energies(&p, e);
    if (st == CR_OK)
        st = cr_nstate_initial("excited", 8, e, p.beta, &r0, err, sizeof err);
    for (int k = 0; k < (quick ? 2 : ROUNDS) && st == CR_OK; k++) {
        double t0 = cr_clock_cpu();
        for (int i = 0; i < 300 && st == CR_OK; i++)
            st = cr_nevolve(S, p.gamma * (1.0 + 1e-9 * k), e, 40.0 * i / 299.0, &r0, &rho, err,
                            sizeof err);
        r[k] = (cr_clock_cpu() - t0) * 1e3;
    }
    free(S);
    if (st != CR_OK) {
        printf("%-36s failed: %s\n", "mean curve N = 8, 300 points", st == CR_ENOMEM ? "out of memory" : err);
        return 1;
    }
    double ms = cli_bench_median_of(r, quick ? 2 : ROUNDS, 0);
    cli_bench_row("mean curve N = 8, 300 points", "<= 40 ms", ms, "ms", ms <= 40.0,
        "steady state + eigenmodes of L once, then 300 evaluations (was 300 expm: 450 ms)");
    return !(ms <= 40.0);
}

/* Steady state: many solves per round; leaves the last one in *ss. */
static int bench_steady(const cr_map *S, const cr_params *p, int quick, cr_state *ss)
{
    double r[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
        int reps = quick ? 2000 : 20000;
        double t0 = cr_clock_cpu();
        for (int i = 0; i < reps; i++)
            cr_steady_state(S, p->gamma * (1.0 + 1e-9 * i), p->delta, ss, NULL, 0);
        r[k] = (cr_clock_cpu() - t0) / reps * 1e6;
    }
    double us = cli_bench_median_of(r, ROUNDS, 0);
    cli_bench_row("steady state", "<= 5 us", us, "us", us <= 5.0, "4x4 real LU with the trace row");
    return !(us <= 5.0);
}

/* A 200-point Γ curve, map included; leaves the curve in pts. */
static int bench_curve(const cr_params *p, cr_sweep_point pts[200], int *missed)
{
    double gammas[200], r[ROUNDS];
    char err[512];
    cr_grid(1e-2, 1e2, 200, 1, gammas, NULL, 0);
    cr_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    for (int k = 0; k < ROUNDS; k++) {
        double t0 = cr_clock_cpu();
        if (cr_sweep_1d(p, CR_P_GAMMA, gammas, 200, pts, &o, err, sizeof err) != CR_OK) {
            fprintf(stderr, "colres: bench: %s\n", err);
            return CLI_FAIL;
        }
        r[k] = (cr_clock_cpu() - t0) * 1e3;
    }
    double curve_ms = cli_bench_median_of(r, ROUNDS, 0);
    cli_bench_row("200-point gamma curve", "<= 2 ms", curve_ms, "ms", curve_ms <= 2.0,
        "one map + 200 steady states + first order");
    *missed += !(curve_ms <= 2.0);
    return CLI_OK;
}

/* Trajectory throughput. */
static int bench_trajectory(const cr_map *S, const cr_params *p, int quick)
{
    cr_traj *t = cr_traj_alloc(1);
    if (t == NULL)
        return 0;
    double r[ROUNDS];
    char detail[160];
    cr_traj_set_map(t, S, p->gamma, p->delta);
    unsigned long n = quick ? 1000000UL : 10000000UL;
    for (int k = 0; k < ROUNDS; k++) {
        double t0 = cr_clock_cpu();
        cr_traj_step(t, n);
        r[k] = (double)n / (cr_clock_cpu() - t0);
    }
    double rate = cli_bench_median_of(r, ROUNDS, 1);
    snprintf(detail, sizeof detail, "trace drift %.1e after %lu collisions",
             cr_traj_max_trace_drift(t), cr_traj_count(t));
    cli_bench_row("trajectory", ">= 1e7 /s", rate, "coll/s", rate >= 1e7, detail);
    cr_traj_free(t);
    return !(rate >= 1e7);
}

typedef struct heat_progress {
    int tty;
} heat_progress;

static void heat_cb(void *ctx, size_t done, size_t total)
{
    heat_progress *h = ctx;
    if (h->tty && total > 0)
        fprintf(stderr, "\rheat map: %zu/%zu rows ", done, total);
}

/* |ρ01| heat map over (Δx, Δ), nh x nh, on 2 threads (or --threads). */
static int bench_heatmap(const cli_common *c, size_t nh)
{
    int missed = 0;
    char err[512], detail[160];
    double *xs = malloc(sizeof(double) * nh), *ys = malloc(sizeof(double) * nh);
    double *grid = malloc(sizeof(double) * nh * nh);
    if (xs != NULL && ys != NULL && grid != NULL) {
        cr_grid(0.1, 3.0, nh, 0, xs, NULL, 0);
        cr_grid(0.05, 3.0, nh, 0, ys, NULL, 0);
        heat_progress hp = { isatty(2) };
        cr_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.threads = c->threads > 0 ? c->threads : 2;
        o.progress = heat_cb;
        o.ctx = &hp;
        cli_install_signals();
        o.cancel = &cli_interrupted;
        double t0 = cr_clock_cpu();
        int st = cr_heatmap(&c->params, CR_P_DX, xs, nh, CR_P_DELTA, ys, nh, grid, &o,
                            err, sizeof err);
        double sec = cr_clock_cpu() - t0;
        best_round = sec;
        if (hp.tty)
            fprintf(stderr, "\r\033[K");
        char label[64], target[32];
        double target_s = 10.0 * (double)(nh * nh) / (128.0 * 128.0);
        snprintf(label, sizeof label, "heat map %zux%zu (dx, delta), %d thr", nh, nh, o.threads);
        snprintf(target, sizeof target, "<= %.3g s", target_s);
        if (st == CR_OK) {
            snprintf(detail, sizeof detail, "%.3g maps/s; one run", (double)(nh * nh) / sec);
            cli_bench_row(label, target, sec, "s", sec <= target_s, detail);
            missed = !(sec <= target_s);
        } else {
            printf("%-36s failed: %s\n", label, err);
            missed = 1;
        }
    }
    free(xs);
    free(ys);
    free(grid);
    return missed;
}

int cmd_bench(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "quick", 0, OPT_QUICK, "", "shorter timings and a 32x32 heat map (for smoke tests)" },
        { "heat-size", 1, OPT_HEAT, "N", "side of the heat map (default 128)" },
        { NULL, 0, 0, NULL, NULL },
    };
    bench_args a = { 0, 128 };
    cli_common c;
    int st = cli_parse(argc, argv,
                       "Usage: colres bench [--quick] [--heat-size N] [OPTIONS]\n"
                       "Measure the performance figures (targets in the README) at the given parameters\n"
                       "(default: the paper's) in CPU time and print figure, target, min, median, met?, detail.",
                       opts, bench_opt, &a, &c);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.quick && a.heat_n == 128)
        a.heat_n = 32;
    if (!cr_params_is_qubit(&c.params))
        return cli_error("bench: measures the paper's qubit (two levels, coupling "
                         "sigma_x+sigma_y); its qutrit lines use their own system");
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL) {
        fprintf(stderr, "colres: bench: out of memory\n");
        return CLI_FAIL;
    }
    char err[512];
    int missed = 0;
    printf("# CPU time of the process (all threads), over %d rounds\n", ROUNDS);
    printf("%-36s %-11s %-16s %-16s %-4s %s\n", "figure", "target", "min", "median", "met",
           "detail");
    double qubit_ms[2] = { NAN, NAN };
    missed += bench_map(w, &c.params, CR_AMP_APPROX, 0.03, "map, approx amplitudes", "<= 0.03 ms",
                        a.quick, &qubit_ms[0]);
    missed += bench_map(w, &c.params, CR_AMP_EXACT, 0.4, "map, exact amplitudes", "<= 0.4 ms",
                        a.quick, &qubit_ms[1]);
    missed += bench_qutrit(&c.params, CR_AMP_APPROX, qubit_ms[0], "qutrit map (ladder), approx",
                           a.quick);
    missed += bench_qutrit(&c.params, CR_AMP_EXACT, qubit_ms[1], "qutrit map (ladder), exact",
                           a.quick);
    missed += bench_mean(&c.params, a.quick);
    missed += bench_cell(&c.params, CR_AMP_APPROX, 10.0, "heat-map cell (dx, delta), approx",
                         "<= 10 us", a.quick);
    missed += bench_cell(&c.params, CR_AMP_EXACT, 80.0, "heat-map cell (dx, delta), exact",
                         "<= 80 us", a.quick);
    /* N levels: a qutrit cell at most 10x the qubit's, an N = 8 cell at
     * most a third of an N = 8 map (the Δx-row method). */
    missed += bench_ncell(&c.params, CR_AMP_APPROX, 3, CELL_ROW, qubit_cell_us[0], 10.0, 0,
                          "qutrit heat-map cell, approx", a.quick);
    missed += bench_ncell(&c.params, CR_AMP_EXACT, 3, CELL_ROW, qubit_cell_us[1], 10.0, 0,
                          "qutrit heat-map cell, exact", a.quick);
    missed += bench_ncell(&c.params, CR_AMP_APPROX, 8, 16, NAN, 1.0 / 3.0, 1,
                          "N = 8 heat-map cell, approx", a.quick);
    cr_map S;
    st = cr_smap_compute(w, &c.params, &S, err, sizeof err);
    cr_smap_free(w);
    if (st != CR_OK) {
        fprintf(stderr, "colres: bench: %s\n", err);
        return CLI_FAIL;
    }
    cr_state ss;
    cr_sweep_point pts[200];
    missed += bench_steady(&S, &c.params, a.quick, &ss);
    if (bench_curve(&c.params, pts, &missed) != CLI_OK)
        return CLI_FAIL;
    missed += bench_trajectory(&S, &c.params, a.quick);
    missed += cli_bench_frame(&c.params, &ss, pts, a.quick);
    missed += cli_bench_ensemble_frame(&S, &c.params, &ss, pts, 256, a.quick);
    missed += cli_bench_ensemble_frame(&S, &c.params, &ss, pts, 4096, a.quick);
    missed += bench_heatmap(&c, a.heat_n);
    printf("%d of the targets missed\n", missed);
    return CLI_OK;
}
