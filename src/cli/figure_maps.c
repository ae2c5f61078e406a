/* figure_maps.c — the maps of `colres figure fig3` and `figS2`: |rho01| as
 * `colres heatmap` computes it (Fig. 3), or the rough estimate of Eq. 24
 * (Fig. S2), on the paper's three planes, each with its colour bar. */
#include "config.h"

#include "figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "colres/clock.h"
#include "colres/dynamics.h"
#include "colres/status.h"
#include "colres/sweep.h"

/* ---- Fig. 3 and Fig. S2: maps over the paper's three planes ---- */

typedef struct fig_plane {
    const char *name;
    int xp;
    double xa, xb;
    int xlog;
    int yp;
    double ya, yb;
    int ylog;
    int fixed;          /* the parameter the plane holds at the paper's value */
    double fixed_value;
} fig_plane;

static const fig_plane planes[3] = {
    { "left", CR_P_GAMMA, 0.01, 10.0, 1, CR_P_DELTA, 0.05, 3.0, 0, CR_P_DX, 1.0 },
    { "middle", CR_P_DX, 0.1, 3.0, 0, CR_P_DELTA, 0.05, 3.0, 0, CR_P_GAMMA, 5.0 },
    { "right", CR_P_DX, 0.1, 3.0, 0, CR_P_GAMMA, 0.01, 10.0, 1, CR_P_DELTA, 1.2 },
};

/* The values of one plane: |ρ01| as `colres heatmap` computes it (Fig. 3)
 * or the rough estimate of Eq. 24 (Fig. S2).  vals[iy * nx + ix]. */
static int plane_values(const fig_args *a, const cli_common *c, const fig_plane *pl,
                        const cr_params *p, const double *xs, double *vals)
{
    char err[512];
    double *ys = malloc(sizeof(double) * a->ny);
    if (ys == NULL) {
        fprintf(stderr, "colres: figure: out of memory\n");
        return CLI_FAIL;
    }
    for (size_t iy = 0; iy < a->ny; iy++)
        ys[iy] = cr_grid_value(pl->ya, pl->yb, a->ny, pl->ylog, iy);
    int st = CR_OK;
    if (a->which == FIG_S2) {
        cr_params q = *p;
        for (size_t iy = 0; iy < a->ny; iy++)
            for (size_t ix = 0; ix < a->nx; ix++) {
                cr_param_put(&q, pl->xp, xs[ix]);
                cr_param_put(&q, pl->yp, ys[iy]);
                vals[iy * a->nx + ix] = cr_rough_estimate(&q);
            }
    } else {
        char what[64];
        snprintf(what, sizeof what, "fig3 %s", pl->name);
        fig_progress prog = { isatty(STDERR_FILENO), what, cr_clock_monotonic() };
        cr_sweep_opts so;
        memset(&so, 0, sizeof so);
        so.threads = c->threads;
        so.cancel = &cli_stop_work;
        so.dephase = a->dephase;
        so.progress = fig_progress_cb;
        so.ctx = &prog;
        st = cr_heatmap(p, pl->xp, xs, a->nx, pl->yp, ys, a->ny, vals, &so, err, sizeof err);
        fig_progress_end(&prog);
    }
    free(ys);
    if (st == CR_ECANCEL || cli_signal() != 0)
        return fig_interrupted();
    if (st != CR_OK) {
        fprintf(stderr, "colres: heatmap: %s\n", err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* Tics at the decades of a log axis plotted as log10 of the value. */
static void decade_tics(cli_out *o, char axis, double a, double b)
{
    char line[512];
    size_t len = (size_t)snprintf(line, sizeof line, "set %ctics (", axis);
    for (int e = (int)ceil(log10(a) - 1e-9); e <= (int)floor(log10(b) + 1e-9); e++)
        len += (size_t)snprintf(line + len, sizeof line - len, "%s\"%g\" %d",
                                line[len - 1] == '(' ? "" : ", ", pow(10.0, e), e);
    snprintf(line + len, sizeof line - len, ")\n");
    cli_out_line(o, line);
}

/* One panel: the data block, then its plot. */
static int plane_panel(const fig_args *a, const cli_common *c, cli_out *o, int k)
{
    const fig_plane *pl = &planes[k];
    cr_params p = c->params;
    if (!(a->explicit_params & (1u << pl->fixed)))
        cr_param_put(&p, pl->fixed, pl->fixed_value);
    char err[512], msg[256];
    for (int corner = 0; corner < 4; corner++) {
        cr_params q = p;
        cr_param_put(&q, pl->xp, corner & 1 ? pl->xb : pl->xa);
        cr_param_put(&q, pl->yp, corner & 2 ? pl->yb : pl->ya);
        if (cr_params_validate(&q, err, sizeof err) != CR_OK)
            return cli_error("figure: %s panel: %s", pl->name, err);
    }
    double *xs = malloc(sizeof(double) * a->nx);
    double *vals = malloc(sizeof(double) * a->nx * a->ny);
    int st = xs != NULL && vals != NULL ? CLI_OK : CLI_FAIL;
    if (st != CLI_OK)
        fprintf(stderr, "colres: figure: out of memory\n");
    else if (cr_grid(pl->xa, pl->xb, a->nx, pl->xlog, xs, msg, sizeof msg) != CR_OK)
        st = cli_error("figure: %s", msg);
    if (st == CLI_OK)
        st = plane_values(a, c, pl, &p, xs, vals);
    const cr_param_info *t = cr_param_table();
    char flags[1024], xa[32], xb[32], ya[32], yb[32];
    if (st == CLI_OK)
        fig_printf(o, "# %scolres heatmap --x %s:%s:%s%s --y %s:%s:%s%s --size %lux%lu%s%s\n",
                   a->which == FIG_S2 ? "Eq. 24, s^2 (Γ/Δ) exp(-β m Δx^2 Δ^2 / 2), on the grid of: " : "",
                   t[pl->xp].name, fig_num(xa, 32, pl->xa), fig_num(xb, 32, pl->xb), pl->xlog ? ":log" : "",
                   t[pl->yp].name, fig_num(ya, 32, pl->ya), fig_num(yb, 32, pl->yb), pl->ylog ? ":log" : "",
                   a->nx, a->ny, a->dephase ? " --dephase" : "", fig_param_flags(&p, flags, sizeof flags));
    double lo = INFINITY, hi = 0.0;
    if (st == CLI_OK) {
        fig_printf(o, "$%s << EOD\nx,y,%s\n", pl->name, a->which == FIG_S2 ? "rho01_rough" : "rho01_abs");
        for (size_t iy = 0; iy < a->ny && o->status == CLI_OK; iy++) {
            double y = cr_grid_value(pl->ya, pl->yb, a->ny, pl->ylog, iy);
            for (size_t ix = 0; ix < a->nx && o->status == CLI_OK; ix++) {
                double v[3] = { xs[ix], y, vals[iy * a->nx + ix] };
                cli_out_row(o, NULL, v, 3, a->which == FIG_S2 ? "rough estimate" : "heatmap");
                lo = v[2] < lo ? v[2] : lo;
                hi = v[2] > hi ? v[2] : hi;
            }
        }
        st = o->status == CLI_OK ? fig_printf(o, "EOD\n") : o->status;
    }
    free(xs);
    free(vals);
    if (st != CLI_OK)
        return st;
    /* A log colour scale when the values span decades, as in the TUI. */
    int logcb = lo > 0.0 && hi >= 100.0 * lo;
    if (logcb && lo < 1e-8 * hi)
        lo = 1e-8 * hi;
    char lb[32], hb[32];
    fig_printf(o, "set title \"%s = %g\"\nset xlabel \"%s\"\nset ylabel \"%s\"\n"
                  "set cblabel \"%s\"\n%s\nset format cb \"%s\"\nset cbrange [%s:%s]\n",
               fig_symbol(pl->fixed), cr_param_get(&p, pl->fixed), fig_symbol(pl->xp), fig_symbol(pl->yp),
               a->panel < 0 ? "" : a->which == FIG_S2 ? "rough estimate of |ρ_{01}| (Eq. 24)" : "|ρ_{01}|",
               logcb ? "set logscale cb" : "unset logscale cb", logcb ? "10^{%T}" : "%g",
               fig_num(lb, 32, logcb ? lo : 0.0), fig_num(hb, 32, hi > 0.0 ? hi : 1.0));
    if (pl->xlog)
        decade_tics(o, 'x', pl->xa, pl->xb);
    else
        cli_out_line(o, "set xtics autofreq\n");
    if (pl->ylog)
        decade_tics(o, 'y', pl->ya, pl->yb);
    else
        cli_out_line(o, "set ytics autofreq\n");
    return fig_printf(o, "plot $%s using %s:%s:3 with image notitle\n", pl->name,
                      pl->xlog ? "(log10($1))" : "1", pl->ylog ? "(log10($2))" : "2");
}

int fig_maps(const fig_args *a, const cli_common *c, cli_out *o)
{
    int s2 = a->which == FIG_S2;
    fig_head(a, c, o, s2 ? "the rough estimate of |rho01| (Eq. 24) on the planes of Fig. 3"
                  : "|rho01| of the steady state on three planes");
    char cap[512];
    unsigned skip = 1u << CR_P_GAMMA | 1u << CR_P_DELTA | 1u << CR_P_DX;
    if (s2)
        skip |= 1u << CR_P_LAMBDA | 1u << CR_P_LENGTH | 1u << CR_P_X0;
    fig_caption(a, &c->params, skip, cap, sizeof cap);
    int single = a->panel >= 0;
    fig_printf(o, "set autoscale xfix\nset autoscale yfix\nset tics out\n"
                  "set label 1 \"%s\" at screen 0.5, %s center\n", cap, single ? "0.03" : "0.04");
    if (single)
        fig_printf(o, "set bmargin 5\n");
    else
        fig_printf(o, "set multiplot layout 1,3 title \"%s\" margins 0.05,0.94,0.2,0.86 "
                      "spacing 0.15,0\n",
                   s2 ? "Rough estimate of |ρ_{01}| (Eq. 24)" : "|ρ_{01}| of the steady state");
    for (int k = 0; k < 3; k++) {
        if (single && k != a->panel)
            continue;
        int st = plane_panel(a, c, o, k);
        if (st != CLI_OK)
            return st;
        cli_out_line(o, "unset label 1\n");
    }
    return single ? o->status : fig_printf(o, "unset multiplot\n");
}
