/* figure_plot.c — the gnuplot script of each of the paper's figures: the
 * data inline ($name << EOD), each block computed as the matching command
 * computes it (the command is the comment above the block), then the plot
 * commands: axes with the paper's symbols, a legend, a caption line with
 * the parameters, the viridis palette.  Fig. 1 and 2 here, the maps of
 * Fig. 3 and S2 in figure_maps.c. */
#include "config.h"

#include "figure.h"
#include "scan.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colres/clock.h"
#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/sweep.h"
#include "colres/trajectory.h"

int fig_printf(cli_out *o, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return cli_out_line(o, line);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
const char *fig_num(char *buf, size_t n, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v + 0.0);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* Every parameter as a flag, e.g. " --gamma 5 --delta 0.6 ... --amplitudes
 * approx": the data block's command reproduces it whatever the config. */
const char *fig_param_flags(const cr_params *p, char *buf, size_t n)
{
    const cr_param_info *t = cr_param_table();
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 0; id < CR_P_COUNT && len < n; id++) {
        char name[32], v[32];
        snprintf(name, sizeof name, "%s", t[id].name);
        for (char *s = name; *s != '\0'; s++)
            if (*s == '_')
                *s = '-';
        len += (size_t)snprintf(buf + len, n - len, " --%s %s", name,
                                fig_num(v, sizeof v, cr_param_get(p, id)));
    }
    if (len < n)
        snprintf(buf + len, n - len, " --amplitudes %s",
                 p->amplitudes == CR_AMP_EXACT ? "exact" : "approx");
    return buf;
}

/* The symbol of a parameter for gnuplot's enhanced text. */
const char *fig_symbol(int id)
{
    return id == CR_P_X0 ? "x_0" : cr_param_table()[id].symbol;
}

/* The caption: the parameters not on an axis (bit 1u << id in skip). */
void fig_caption(const fig_args *a, const cr_params *p, unsigned skip, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 0; id < CR_P_ROUGH_S + (a->which == FIG_S2) && len < n; id++)
        if (!(skip & (1u << id)))
            len += (size_t)snprintf(buf + len, n - len, "%s%s = %g", len > 0 ? ",  " : "",
                                    fig_symbol(id), cr_param_get(p, id));
    if (len < n && a->which != FIG_S2)
        len += (size_t)snprintf(buf + len, n - len, ";  %s amplitudes%s",
                                p->amplitudes == CR_AMP_EXACT ? "exact" : "approx.",
                                a->dephase ? ";  D after each collision" : "");
    if (len < n && a->which == FIG_1)
        snprintf(buf + len, n - len, ";  seed %lu", a->seed);
}

/* ---- progress on stderr, when it is a terminal ---- */

void fig_progress_cb(void *ctx, size_t done, size_t total)
{
    fig_progress *p = ctx;
    if (!p->enabled || total == 0)
        return;
    fprintf(stderr, "\rfigure: %s %3zu%%  %.1fs ", p->what, done * 100 / total,
            cr_clock_monotonic() - p->start);
    fflush(stderr);
}

void fig_progress_end(fig_progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}

/* The map S at p, as every command computes it; CLI_OK or CLI_FAIL. */
static int fig_map(const cr_params *p, cr_map *S)
{
    char err[512];
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL) {
        fprintf(stderr, "colres: scattering map: out of memory\n");
        return CLI_FAIL;
    }
    int rc = cr_smap_compute(w, p, S, err, sizeof err);
    cr_smap_free(w);
    if (rc == CR_ECANCEL)
        return fig_interrupted();
    if (rc != CR_OK) {
        fprintf(stderr, "colres: %s\n", err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int fig_interrupted(void)
{
    return cli_interrupted_exit("figure", NULL);
}

/* The common head: a comment on how to run it, UTF-8, CSV, viridis. */
void fig_head(const fig_args *a, const cli_common *c, cli_out *o, const char *title)
{
    static const char *names[FIG_COUNT] = { "fig1", "fig2", "fig3", "figS2" };
    int w, h;
    fig_size(a, &w, &h);
    fig_printf(o, "# colres figure %s: %s\n", names[a->which], title);
    fig_printf(o, "# Written by colres " PACKAGE_VERSION "; edit freely.  Show it: gnuplot -p FILE\n"
                  "# Write a picture: gnuplot -e \"set terminal pngcairo size %d,%d; "
                  "set output '%s.png'\" FILE\n", w, h, names[a->which]);
    /* What made it: the text of --meta and the TUI's .params files. */
    cli_out_provenance(o, c, (cli_meta){ a->which == FIG_1 ? (long long)a->seed : -1,
                                         a->which == FIG_S2 ? -1 : a->dephase, 1 });
    fig_printf(o, "# Each data block equals the output of the colres command above it.\n"
                  "set encoding utf8\n"
                  "set datafile separator comma\n"
                  "set datafile columnheaders\n"
                  "# viridis: perceptually uniform, lightness rising monotonically, so the\n"
                  "# maps read the same in greyscale print\n"
                  "set palette defined (0 '#440154', 1 '#482878', 2 '#3e4989', 3 '#31688e', "
                  "4 '#26828e', 5 '#1f9e89', 6 '#35b779', 7 '#6ece58', 8 '#b5de2b', "
                  "9 '#fde725')\n");
}

/* Line colours from the palette, dark to light, for the curves. */
const char *const fig_colour[4] = { "#440154", "#31688e", "#35b779", "#e08a00" };

/* ---- Fig. 1: trajectories and the mean evolution ---- */

/* The collisions a trajectory needs to pass Γt = a->collisions (the
 * window; the mean number of collisions there). */
static unsigned long traj_collisions(const cr_map *S, const cr_params *p, const fig_args *a,
                                     int dephase, cr_traj *t)
{
    cr_traj_reset(t, a->seed);
    cr_traj_set_map(t, S, p->gamma, p->delta);
    cr_traj_set_dephase(t, dephase);
    while (p->gamma * cr_traj_time(t) < (double)a->collisions && cli_signal() == 0)
        cr_traj_step(t, 1);
    return cr_traj_count(t);
}

/* One trajectory block, as `colres trajectory` writes it (every = 1),
 * to its first collision past the window. */
static int traj_block(cli_out *o, const cr_map *S, const cr_params *p, const fig_args *a,
                      int dephase, int k)
{
    cr_traj *t = cr_traj_alloc(a->seed);
    if (t == NULL) {
        fprintf(stderr, "colres: trajectory: out of memory\n");
        return CLI_FAIL;
    }
    unsigned long ncoll = traj_collisions(S, p, a, dephase, t);
    char flags[1024];
    fig_printf(o, "# colres trajectory --collisions %lu --seed %lu%s%s\n", ncoll,
               a->seed, dephase ? " --dephase" : "", fig_param_flags(p, flags, sizeof flags));
    fig_printf(o, "$traj%d << EOD\nn,t,gamma_t,rho00,rho11,rho01_re,rho01_im\n", k);
    cr_traj_reset(t, a->seed);
    int st = CLI_OK;
    for (unsigned long n = 0; st == CLI_OK && cli_signal() == 0; n++) {
        cr_state s;
        cr_traj_state(t, &s);
        double tt = cr_traj_time(t);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%lu,", cr_traj_count(t));
        double v[6] = { tt, p->gamma * tt, creal(s.v[0]), creal(s.v[3]), creal(s.v[1]),
                        cimag(s.v[1]) };
        st = cli_out_row(o, prefix, v, 6, "trajectory");
        if (n == ncoll)
            break;
        cr_traj_step(t, 1);
    }
    cr_traj_free(t);
    return st != CLI_OK ? st : cli_signal() != 0 ? fig_interrupted() : fig_printf(o, "EOD\n");
}

/* One mean-evolution block, as `colres evolve` writes it: Γt from 0 to the
 * number of collisions, whatever Γ. */
static int mean_block(cli_out *o, const cr_map *S0, const cr_params *p, const fig_args *a,
                      int dephase, int k)
{
    cr_map S = *S0;
    if (dephase)
        cr_map_dephased(&S, &S);
    double tmax = (double)a->collisions / p->gamma;
    char flags[1024], tb[32];
    fig_printf(o, "# colres evolve --tmax %s --points %lu%s%s\n", fig_num(tb, sizeof tb, tmax),
               a->points, dephase ? " --dephase" : "", fig_param_flags(p, flags, sizeof flags));
    fig_printf(o, "$mean%d << EOD\nt,gamma_t,rho00,rho11,rho01_re,rho01_im\n", k);
    tmax = strtod(tb, NULL);
    cr_state rho0, rho;
    cr_excited_state(&rho0);
    char err[512];
    int st = CLI_OK;
    for (unsigned long i = 0; st == CLI_OK && i < a->points; i++) {
        if (cli_signal() != 0)
            return fig_interrupted();
        double t = a->points == 1 ? 0.0 : tmax * (double)i / (double)(a->points - 1);
        if (cr_dynamics_evolve(&S, p->gamma, p->delta, t, &rho0, &rho, err, sizeof err) != CR_OK) {
            fprintf(stderr, "colres: %s\n", err);
            return CLI_FAIL;
        }
        double v[6] = { t, p->gamma * t, creal(rho.v[0]), creal(rho.v[3]), creal(rho.v[1]),
                        cimag(rho.v[1]) };
        st = cli_out_row(o, NULL, v, 6, "mean evolution");
    }
    return st != CLI_OK ? st : fig_printf(o, "EOD\n");
}

static int fig1(const fig_args *a, const cli_common *c, cli_out *o)
{
    static const double gammas[4] = { 10, 5, 1, 10 };
    fig_head(a, c, o, "rho00 along single trajectories and the mean exp(Lt) rho(0)");
    for (int k = 0; k < 4; k++) {
        cr_params p = c->params;
        p.gamma = gammas[k];
        cr_map S;
        int dephase = k == 3 || a->dephase;
        int st = fig_map(&p, &S);
        if (st == CLI_OK)
            st = traj_block(o, &S, &p, a, dephase, k);
        if (st == CLI_OK)
            st = mean_block(o, &S, &p, a, dephase, k);
        if (st != CLI_OK)
            return st;
    }
    cr_state th;
    cr_thermal_state(c->params.beta, c->params.delta, &th);
    char cap[512], tb[32];
    fig_caption(a, &c->params, 1u << CR_P_GAMMA | 1u << CR_P_ROUGH_S, cap, sizeof cap);
    fig_printf(o, "thermal00 = %s\n", fig_num(tb, sizeof tb, creal(th.v[0])));
    fig_printf(o, "set title \"ρ_{00} from the excited state: trajectories (steps) and the "
                  "mean e^{ℒt}ρ(0) (thick)\"\n"
                  "set xlabel \"Γt\"\nset ylabel \"ρ_{00}\"\nset xrange [0:%lu]\n"
                  "set key outside right top box opaque\n"
                  "set bmargin 5\n"
                  "set label 1 \"%s\" at screen 0.5, 0.03 center\n", a->collisions, cap);
    const char *d = a->dephase ? " with D" : "";
    fig_printf(o, "plot $traj0 using 3:4 with steps lw 1.2 lc rgb '%s' title \"Γ = 10%s\", \\\n"
                  "     $traj1 using 3:4 with steps lw 1.2 lc rgb '%s' title \"Γ = 5%s\", \\\n"
                  "     $traj2 using 3:4 with steps lw 1.2 lc rgb '%s' title \"Γ = 1%s\", \\\n"
                  "     $traj3 using 3:4 with steps lw 1.2 lc rgb '%s' dt 4 title \"Γ = 10 with D\", \\\n",
               fig_colour[0], d, fig_colour[1], d, fig_colour[2], d, fig_colour[3]);
    for (int k = 0; k < 4; k++)
        fig_printf(o, "     $mean%d using 2:3 with lines lw 3.5 lc rgb '%s' notitle, \\\n", k,
                   fig_colour[k]);
    return fig_printf(o, "     keyentry with lines lw 3.5 lc rgb 'gray40' title \"mean e^{ℒt}ρ(0)\", \\\n"
                         "     thermal00 with lines dt 2 lw 2 lc rgb 'black' title \"thermal ρ_{00}\"\n");
}

/* ---- Fig. 2: the steady state against Γ ---- */

enum { SWEEP_BLOCK = 4096 }; /* as `colres sweep`: points computed at a time */

static int fig2(const fig_args *a, const cli_common *c, cli_out *o)
{
    const double from = 0.01, to = 100.0;
    char flags[1024], err[512];
    fig_head(a, c, o, "the steady state against Gamma");
    fig_printf(o, "# colres sweep --vary gamma --from 0.01 --to 100 --points %lu --log%s%s\n",
               a->points, a->dephase ? " --dephase" : "",
               fig_param_flags(&c->params, flags, sizeof flags));
    fig_printf(o, "$sweep << EOD\ngamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,"
                  "rho01_first_order,rho01_rough,rho00_first_order\n");
    double *values = malloc(sizeof(double) * SWEEP_BLOCK);
    cr_sweep_point *pts = malloc(sizeof(cr_sweep_point) * SWEEP_BLOCK);
    fig_progress prog = { isatty(STDERR_FILENO), "fig2 sweep", cr_clock_monotonic() };
    cr_sweep_opts so;
    memset(&so, 0, sizeof so);
    so.threads = c->threads;
    so.cancel = &cli_stop_work;
    so.dephase = a->dephase;
    int st = values != NULL && pts != NULL ? CR_OK : CR_ENOMEM;
    double top = 0.0; /* the largest |rho01|: the first order may run far above */
    for (size_t off = 0; st == CR_OK && o->status == CLI_OK && off < a->points; off += SWEEP_BLOCK) {
        size_t m = a->points - off < SWEEP_BLOCK ? a->points - off : SWEEP_BLOCK;
        for (size_t i = 0; i < m; i++)
            values[i] = cr_grid_value(from, to, a->points, 1, off + i);
        fig_progress_cb(&prog, off, a->points);
        st = cr_sweep_1d(&c->params, CR_P_GAMMA, values, m, pts, &so, err, sizeof err);
        for (size_t i = 0; st == CR_OK && i < m && o->status == CLI_OK; i++) {
            const cr_sweep_point *q = &pts[i];
            cr_params p = c->params;
            p.gamma = q->value;
            /* The columns of `colres sweep`, first-order ones optional. */
            double v[10] = { q->value, creal(q->steady.v[0]), creal(q->steady.v[3]),
                             creal(q->steady.v[1]), cimag(q->steady.v[1]), cabs(q->steady.v[1]),
                             creal(q->thermal.v[0]), cabs(q->first.v[1]),
                             cr_rough_estimate(&p), creal(q->first.v[0]) };
            cli_out_row_optional(o, NULL, v, 10, 1u << 7 | 1u << 9, "sweep");
            top = v[5] > top ? v[5] : top;
        }
    }
    fig_progress_end(&prog);
    free(values);
    free(pts);
    if (st == CR_ENOMEM) {
        fprintf(stderr, "colres: sweep: out of memory\n");
        return CLI_FAIL;
    }
    if (st == CR_ECANCEL || cli_signal() != 0)
        return fig_interrupted();
    if (st != CR_OK) {
        fprintf(stderr, "colres: sweep: %s\n", err);
        return CLI_FAIL;
    }
    if (o->status != CLI_OK)
        return o->status;
    char cap[512], tb[32];
    fig_caption(a, &c->params, 1u << CR_P_GAMMA | 1u << CR_P_ROUGH_S, cap, sizeof cap);
    fig_printf(o, "EOD\n"
                  "set multiplot layout 2,1 title \"Steady state against Γ%s\" "
                  "margins 0.1,0.78,0.14,0.9 spacing 0,0.08\n"
                  "set logscale x\nset format x \"10^{%%T}\"\nset xrange [0.01:100]\n"
                  "set key outside right top\n"
                  "set label 1 \"%s\" at screen 0.5, 0.03 center\n"
                  "set ylabel \"populations\"\n"
                  "plot $sweep using 1:2 with lines lw 2.5 lc rgb '%s' title \"ρ_{00}\", \\\n"
                  "     $sweep using 1:3 with lines lw 2.5 lc rgb '%s' title \"ρ_{11}\", \\\n"
                  "     $sweep using 1:7 with lines dt 2 lw 2 lc rgb 'black' title \"thermal ρ_{00}\", \\\n"
                  "     $sweep using 1:(1 - $7) with lines dt 2 lw 2 lc rgb 'gray50' title \"thermal ρ_{11}\"\n"
                  "unset label 1\n"
                  "set xlabel \"Γ\"\nset ylabel \"|ρ_{01}|\"\nset yrange [0:%s]\n"
                  "plot $sweep using 1:6 with lines lw 2.5 lc rgb '%s' title \"|ρ_{01}|\", \\\n"
                  "     $sweep using 1:8 with lines dt 3 lw 2 lc rgb '%s' title \"first order in Γ\", \\\n"
                  "     0 with lines dt 2 lw 2 lc rgb 'black' title \"thermal |ρ_{01}| = 0\"\n"
                  "unset multiplot\n",
               a->dephase ? ", with D" : "", cap, fig_colour[0], fig_colour[2],
               fig_num(tb, sizeof tb, top > 0.0 ? 1.3 * top : 0.1), fig_colour[1], fig_colour[3]);
    return o->status;
}

void fig_size(const fig_args *a, int *width, int *height)
{
    if ((a->which == FIG_3 || a->which == FIG_S2) && a->panel < 0) {
        *width = 1500;
        *height = 520;
    } else if (a->which == FIG_3 || a->which == FIG_S2) {
        *width = 640;
        *height = 520;
    } else {
        *width = 960;
        *height = a->which == FIG_2 ? 720 : 600;
    }
}

int fig_write_script(const fig_args *a, const cli_common *c, cli_out *o)
{
    int st = a->which == FIG_1 ? fig1(a, c, o) : a->which == FIG_2 ? fig2(a, c, o)
                                                                    : fig_maps(a, c, o);
    return st != CLI_OK ? st : o->status;
}
