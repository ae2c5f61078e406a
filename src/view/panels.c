/*
 * panels.c — the figure panels of the screen (frame_parts.h): Fig. 2
 * (steady state against Γ) and Fig. 3 (the |ρ01| heat map); Fig. 1 is in
 * panels_traj.c.  Each says in its title what it shows, and
 * each is drawn so that its point can be seen from the back of a room:
 * ρ00 on its own zoomed axis with the thermal line on top, the trajectory
 * in front of the mean, a marker that never silently leaves the axis.
 */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "colres/smap.h"
#include "frame_parts.h"
#include "view/coherence.h"

const char *cr_frame_sym(const cr_view *v, const char *utf8, const char *ascii)
{
    return v->ascii ? ascii : utf8;
}

const char *cr_frame_param_symbol(const cr_view *v, int id)
{
    const cr_param_info *t = cr_param_table();
    if (id < 0 || id >= CR_P_COUNT)
        return "?";
    return v->ascii ? t[id].ascii : t[id].symbol;
}

/* A panel's title: the long form if it fits the panel, else the short one
 * (both printf formats taking the same arguments).  Returns its width. */
int cr_frame_title(cr_canvas *c, rect r, const char *longf, const char *shortf, ...)
{
    char t[160];
    va_list ap;
    va_start(ap, shortf);
    vsnprintf(t, sizeof t, longf, ap);
    va_end(ap);
    if (cr_text_width(t) > r.w - 1) {
        va_start(ap, shortf);
        vsnprintf(t, sizeof t, shortf, ap);
        va_end(ap);
    }
    /* Still too wide: whole words only, and a blank column before the
     * next panel's title, so that titles never run into each other. */
    while (cr_text_width(t) > r.w - 1) {
        char *sp = strrchr(t, ' ');
        if (sp == NULL)
            break;
        while (sp > t && sp[-1] == ' ')
            sp--;
        *sp = '\0';
    }
    return cr_canvas_text(c, r.x, r.y, r.w - 1, t, CR_ROLE_TITLE);
}

typedef struct legend_item {
    uint32_t glyph;
    int role;
    const char *text;
} legend_item;

/* A legend "g name  g name ..." wrapped onto at most max_lines lines;
 * entries that do not fit are dropped from the end.  Returns the lines
 * used. */
static int legend_lines(cr_canvas *c, int x, int y, int w, int max_lines,
                        const legend_item *it, int n)
{
    int col = 0, line = 0;
    for (int i = 0; i < n; i++) {
        int tw = cr_text_width(it[i].text);
        if (col > 0 && col + 2 + tw > w) {
            if (line + 1 >= max_lines)
                break;
            line++;
            col = 0;
        }
        cr_canvas_put(c, x + col, y + line, it[i].glyph, it[i].role);
        cr_canvas_text(c, x + col + 2, y + line, w - col - 2, it[i].text, it[i].role);
        col += tw + 4;
    }
    return line + 1;
}

/* A value off the x axis: an arrow at the edge of the first data row with
 * the value, "◀ Γ=0.001" or "Γ=1000 ▶", instead of a marker that vanishes. */
static void offrange_arrow(const cr_view *v, cr_plot *p, int row, const char *name,
                           double value, int role)
{
    char t[48];
    int right = value > p->xa.max;
    if (right)
        snprintf(t, sizeof t, "%s=%.3g %s", name, value, cr_frame_sym(v, "▶", ">"));
    else
        snprintf(t, sizeof t, "%s %s=%.3g", cr_frame_sym(v, "◀", "<"), name, value);
    int tw = cr_text_width(t);
    cr_canvas_text(p->c, right ? p->px + p->pw - tw : p->px, row, p->pw, t, role);
}

/* x marker: a vertical line at the current value, or an arrow when it is
 * off the axis. */
static void x_marker(const cr_view *v, cr_plot *p, double x, const char *name)
{
    int cx, cy;
    uint32_t mark = v->ascii ? ':' : 0x2506;
    if (cr_plot_cell(p, x, p->ya.log ? p->ya.max : 0.5 * (p->ya.min + p->ya.max), &cx, &cy) == 0)
        cr_plot_vline(p, x, mark, CR_ROLE_MARKER);
    else if (x < p->xa.min || x > p->xa.max)
        offrange_arrow(v, p, p->py, name, x, CR_ROLE_MARKER);
}

/* What a lecture scene hides until the class has predicted it: a line in
 * the middle of the plot saying so. */
void cr_frame_hidden_note(const cr_view *v, cr_plot *p)
{
    const char *t = p->pw >= 34 ? "hidden: predict, then Space reveals" : "hidden: Space";
    (void)v;
    int tw = cr_text_width(t);
    if (tw > p->pw)
        return;
    cr_canvas_text(p->c, p->px + (p->pw - tw) / 2, p->py + p->ph - 1, tw, t, CR_ROLE_HIGHLIGHT);
}

/* ---- Fig. 2 ---------------------------------------------------------------- */

/* The scale of the paper's argument on the Γ axis: "Γ=Δ/ħ" written into
 * the axis line at Γ = Δ (ħ = 1), beside the current-Γ marker, never over
 * it. */
static void delta_mark(const cr_view *v, cr_plot *p)
{
    double ymid = p->ya.log ? sqrt(p->ya.min * p->ya.max) : 0.5 * (p->ya.min + p->ya.max);
    int cx, gx = -100, cy;
    if (cr_plot_cell(p, v->params.delta, ymid, &cx, &cy) != 0)
        return;
    if (cr_plot_cell(p, v->params.gamma, ymid, &gx, &cy) != 0)
        gx = -100;
    const char *t = cr_frame_sym(v, "Γ=Δ/ħ", "G=del/hbar");
    int tw = cr_text_width(t), lo = p->px, hi = p->px + p->pw - tw;
    if (hi < lo)
        return;
    /* The label's '=' under Γ = Δ where it can be, else the nearest free
     * place that keeps the marker's column clear. */
    int x = cx - 1;
    x = x < lo ? lo : x > hi ? hi : x;
    if (gx >= x && gx < x + tw)
        x = gx + 1 <= hi && cx >= gx ? gx + 1 : gx - tw >= lo ? gx - tw : -1;
    if (x >= lo && x <= hi)
        cr_canvas_text(p->c, x, p->py + p->ph, tw, t, CR_ROLE_AXIS);
}

/* The name of what the coherence panel and the heat map show. */
const char *cr_frame_quantity_name(const cr_view *v)
{
    switch (v->quantity) {
    case CR_Q_COHERENCE: return cr_frame_sym(v, "Σ|ρjk|", "sum|rho_jk|");
    case CR_Q_DISTANCE:  return "distance to thermal"; /* ½‖ρ−ρth‖₁, in the help */
    default:             return cr_frame_sym(v, "|ρ01|", "|rho01|");
    }
}

/* More than two levels: the populations are drawn one by one. */
static int many_levels(const cr_view *v)
{
    return v->params.nlevels > 2;
}

/* Role and glyph of level j's population (the digit itself, so that the
 * levels stay apart without colour). */
static int level_role(int j)
{
    static const int roles[] = { CR_ROLE_RHO00, CR_ROLE_RHO11, CR_ROLE_TRAJ2, CR_ROLE_TRAJ3,
                                 CR_ROLE_TRAJ4, CR_ROLE_COH, CR_ROLE_MEAN, CR_ROLE_FIRST };
    return roles[j % 8];
}

/* Every population against Γ with its thermal value, dashed in the same
 * colour and labelled "J th" at its right end; the current point of each
 * marked. */
static void draw_populations(const cr_view *v, cr_canvas *c, rect r, cr_axis *xa)
{
    int n = v->params.nlevels;
    double lo = 1, hi = 0;
    for (int j = 0; j < n; j++) {
        double th = creal(v->nthermal.v[CR_NVEC(n, j, j)]);
        lo = fmin(lo, th), hi = fmax(hi, th);
        for (size_t i = 0; i < v->curve_n; i++)
            if (isfinite(v->curve_pop[j][i]))
                lo = fmin(lo, v->curve_pop[j][i]), hi = fmax(hi, v->curve_pop[j][i]);
    }
    double span = fmax(hi - lo, 2e-3);
    cr_axis ya = { .min = fmax(0.0, lo - 0.08 * span), .max = fmin(1.0, hi + 0.08 * span),
                   .label_w = 5 };
    cr_plot p;
    if (cr_plot_begin(&p, c, r.x, r.y, r.w, r.h, xa, &ya) != 0)
        return;
    x_marker(v, &p, v->params.gamma, cr_frame_sym(v, "Γ", "G"));
    for (int j = 0; j < n && v->curve_n > 0; j++) {
        cr_series s = { .x = v->curve_gamma, .y = v->curve_pop[j], .n = v->curve_n,
                        .glyph = (uint32_t)('0' + j), .role = level_role(j), .points_only = 1 };
        cr_plot_series(&p, &s);
    }
    /* Each thermal line labelled at its right end; levels whose lines
     * share a row share the label ("1,2 th"). */
    char label[256][24];
    memset(label, 0, sizeof label);
    for (int j = 0; j < n; j++)
        cr_plot_hline_on_top(&p, creal(v->nthermal.v[CR_NVEC(n, j, j)]),
                             v->ascii ? '-' : 0x254C, level_role(j));
    for (int j = 0; j < n; j++) {
        int cx, cy;
        if (cr_plot_cell(&p, p.xa.max, creal(v->nthermal.v[CR_NVEC(n, j, j)]), &cx, &cy) != 0
            || cy - p.py < 0 || cy - p.py >= 256)
            continue;
        char *l = label[cy - p.py];
        size_t len = strlen(l);
        snprintf(l + len, sizeof label[0] - len, "%s%d", len > 0 ? "," : "", j);
    }
    for (int row = 0; row < p.ph && row < 256; row++) {
        if (label[row][0] == '\0')
            continue;
        char t[sizeof label[0] + 4];
        snprintf(t, sizeof t, "%.20s th", label[row]);
        int tw = cr_text_width(t);
        cr_canvas_text(c, p.px + p.pw - tw, p.py + row, tw, t,
                       level_role(label[row][0] - '0'));
    }
    for (int j = 0; j < n; j++) {
        int cx, cy;
        if (v->have_steady && v->nsteady.n == n
            && cr_plot_cell(&p, v->params.gamma, creal(v->nsteady.v[CR_NVEC(n, j, j)]),
                            &cx, &cy) == 0)
            cr_canvas_put(c, cx, cy, v->ascii ? 'X' : 0x25C6, CR_ROLE_MARKER);
    }
}

/* The narrowest ρ00 axis: 0.01, so ticks step by at least 0.002 and read
 * apart at three digits, and 1e-9 changes stay inside one braille dot. */
#define RHO00_FLOOR 0.01
#define RHO00_ROUNDOFF 1e-9

/* The range of ρ00 to show: the curve, the thermal value and the current
 * steady state, padded, so that the departure from thermal fills the axis
 * instead of hiding in one row of a 0..1 plot. */
static void rho00_range(const cr_view *v, double *lo, double *hi)
{
    double th = creal(v->thermal.v[CR_VEC(0, 0)]);
    double mn = th, mx = th;
    for (size_t i = 0; i < v->curve_n; i++)
        if (isfinite(v->curve_rho00[i])) {
            mn = fmin(mn, v->curve_rho00[i]);
            mx = fmax(mx, v->curve_rho00[i]);
        }
    if (v->have_steady) {
        mn = fmin(mn, creal(v->steady.v[CR_VEC(0, 0)]));
        mx = fmax(mx, creal(v->steady.v[CR_VEC(0, 0)]));
    }
    /* Padded but not widened to nice ticks, so that the departure from
     * thermal fills the axis; but never narrower than RHO00_FLOOR, centred:
     * a flat curve (D on: thermal up to round-off) is drawn flat, and the
     * tick labels (3 digits) stay distinct. */
    double span = mx - mn;
    if (span < RHO00_FLOOR) {
        /* mid at 0.4 of the axis: never half a row off a cell's centre,
         * where the curve's and the thermal line's rounding could part. */
        double mid = 0.5 * (mn + mx);
        *lo = fmax(0.0, mid - 0.4 * RHO00_FLOOR);
        *hi = fmin(1.0, *lo + RHO00_FLOOR);
        return;
    }
    *lo = fmax(0.0, mn - 0.1 * span);
    *hi = fmin(1.0, mx + 0.1 * span);
}

/* ρ00 for drawing: values within RHO00_ROUNDOFF of the thermal value are
 * the thermal value (the solver's populations are good to ~1e-12; below
 * 1e-9 a difference is round-off, not structure). */
static void rho00_snapped(const cr_view *v, double th, double *out)
{
    for (size_t i = 0; i < v->curve_n; i++)
        out[i] = fabs(v->curve_rho00[i] - th) < RHO00_ROUNDOFF ? th : v->curve_rho00[i];
}

/* Log-axis range (whole decades) of the |ρ01| curves shown: the exact one
 * and the overlays that are on.  At most 12 decades, so a vanishing
 * estimate (a large exponent in Eq. 24) cannot squash the others. */
static void coh_log_range(const cr_view *v, double *lo, double *hi)
{
    double mn = INFINITY, mx = 0;
    for (size_t i = 0; i < v->curve_n; i++) {
        double y[3] = { v->curve_coh[i], v->show_first ? v->curve_first_coh[i] : NAN,
                        v->show_rough && v->have_rough ? v->curve_rough[i] : NAN };
        for (int k = 0; k < 3; k++)
            if (isfinite(y[k]) && y[k] > 0) {
                mn = fmin(mn, y[k]);
                mx = fmax(mx, y[k]);
            }
    }
    if (!(mx > 0)) {
        *lo = 1e-6;
        *hi = 1;
        return;
    }
    *hi = pow(10, ceil(log10(mx) - 1e-9));
    *lo = pow(10, floor(log10(mn) + 1e-9));
    if (*lo < *hi * 1e-12)
        *lo = *hi * 1e-12;
    if (!(*lo < *hi))
        *lo = *hi / 10;
}

/* Linear |ρ01| axis: 0 up to a nice value above the curves shown. */
static double coh_max(const cr_view *v)
{
    double mx = 0, cap;
    for (size_t i = 0; i < v->curve_n; i++)
        if (isfinite(v->curve_coh[i]))
            mx = fmax(mx, v->curve_coh[i]);
    /* The first order grows ∝ Γ without bound: it may raise the axis to
     * twice the curve's own maximum, not beyond. */
    cap = 2.0 * mx;
    for (size_t i = 0; i < v->curve_n && v->show_first; i++)
        if (isfinite(v->curve_first_coh[i]))
            mx = fmax(mx, fmin(v->curve_first_coh[i], cap));
    if (!(mx > 0))
        return 1e-3; /* all zero (dephasing): a small empty axis */
    double lo = 0, hi = mx * 1.05;
    cr_nice_range(&lo, &hi, 4);
    return hi;
}

/* The thermal line, drawn over the curve, labelled at its right end, or
 * at its left end when the marker at the current Γ (column mark_x) would
 * fall inside the label: a marker never overwrites it, nor it the marker. */
static void thermal_line(const cr_view *v, cr_plot *p, double th, int mark_x)
{
    int cx, cy;
    uint32_t dash = v->ascii ? '-' : 0x254C;
    cr_plot_hline_on_top(p, th, dash, CR_ROLE_THERMAL);
    if (cr_plot_cell(p, p->xa.max, th, &cx, &cy) != 0)
        return;
    /* Labelled at one end, leaving at least half the line visible. */
    char t[32];
    snprintf(t, sizeof t, "thermal %.4f", th);
    if (cr_text_width(t) > p->pw / 2)
        snprintf(t, sizeof t, "%.4f", th);
    int tw = cr_text_width(t), x = p->px + p->pw - tw;
    if (mark_x >= x - 1 && mark_x < x + tw + 1)
        x = p->px;
    if (mark_x >= x - 1 && mark_x < x + tw + 1)
        return;
    if (tw <= p->pw / 2)
        cr_canvas_text(p->c, x, cy, tw, t, CR_ROLE_THERMAL);
}

static int steady_legend(const cr_view *v, cr_canvas *c, rect r, int max_lines)
{
    legend_item leg[8];
    int n = 0;
    uint32_t dot = v->ascii ? '.' : 0x00B7, rough = v->ascii ? '~' : 0x2248;
    if (many_levels(v))
        leg[n++] = (legend_item){ '0', CR_ROLE_RHO00, cr_frame_sym(v, "ρjj (digit j)", "rho_jj (digit j)") };
    else
        leg[n++] = (legend_item){ v->ascii ? 'o' : 0x2501, CR_ROLE_RHO00, cr_frame_sym(v, "ρ00", "rho00") };
    leg[n++] = (legend_item){ v->ascii ? '-' : 0x254C, CR_ROLE_THERMAL, "thermal" };
    leg[n++] = (legend_item){ '*', CR_ROLE_COH, cr_frame_quantity_name(v) };
    if (v->show_first && v->quantity != CR_Q_DISTANCE) /* no first order of it */
        leg[n++] = (legend_item){ dot, CR_ROLE_FIRST, "first order" };
    if (v->show_rough)
        leg[n++] = (legend_item){ rough, CR_ROLE_ROUGH, "rough" };
    leg[n++] = (legend_item){ v->ascii ? ':' : 0x2506, CR_ROLE_MARKER, cr_frame_sym(v, "Γ now", "G now") };
    return legend_lines(c, r.x, r.y, r.w, max_lines, leg, n);
}

void cr_frame_draw_steady(const cr_view *v, cr_canvas *c, rect r)
{
    const char *G = cr_frame_sym(v, "Γ", "G");
    cr_frame_title(c, r, "Fig. 2  steady state vs %s%s", "Fig. 2  vs %s%.7s", G, /* " with D" */
          v->dephase && (v->hide & CR_HIDE_RHO00) ? " with D" :
          v->dephase ? cr_frame_sym(v, " with D: thermal", " with D: thermal") : "");
    r.y++, r.h--;
    int used = steady_legend(v, c, r, r.h >= 15 ? 3 : 2);
    r.y += used, r.h -= used;
    /* More levels need more rows to stay apart. */
    int top_h = many_levels(v) ? (r.h - 1) * 3 / 5 : (r.h - 1) / 2;
    double th = creal(v->thermal.v[CR_VEC(0, 0)]);
    cr_axis xa = { .min = CR_SCREEN_GAMMA_MIN, .max = CR_SCREEN_GAMMA_MAX, .log = 1,
                   .label = G, .bare = 1 };
    if (v->curve_n > 0) {
        xa.min = v->curve_gamma[0];
        xa.max = v->curve_gamma[v->curve_n - 1];
    }

    int labelled = r.h >= 20; /* room for axis names inside the plots */
    /* The populations above the coherence, sharing the Γ axis; focused
     * (the whole plot area, wider than tall), side by side at full height. */
    rect rtop = { r.x, r.y, r.w, top_h }, rbot = { r.x, r.y + top_h, r.w, r.h - top_h };
    if (v->focus == 2 && r.w >= 3 * r.h) {
        int wl = (r.w - 2) / 2;
        rtop = (rect){ r.x, r.y, wl, r.h };
        rbot = (rect){ r.x + wl + 2, r.y, r.w - wl - 2, r.h };
        xa.bare = 0;
        labelled = r.h >= 10;
    }
    if (many_levels(v)) {
        draw_populations(v, c, rtop, &xa);
        goto coherence;
    }
    /* Populations: ρ00 zoomed around the thermal value (ρ11 = 1 − ρ00). */
    cr_axis ya = { .label = labelled ? cr_frame_sym(v, "ρ00", "rho00") : NULL, .label_w = 5 };
    rho00_range(v, &ya.min, &ya.max);
    cr_plot p;
    if (cr_plot_begin(&p, c, rtop.x, rtop.y, rtop.w, rtop.h, &xa, &ya) == 0) {
        x_marker(v, &p, v->params.gamma, G);
        int shown = !(v->hide & CR_HIDE_RHO00);
        static double snapped[CR_SCREEN_CURVE_MAX];
        rho00_snapped(v, th, snapped);
        if (v->curve_n > 0 && shown) {
            /* A flat curve in whole cells, on the row of the thermal line. */
            cr_series s = { .x = v->curve_gamma, .y = snapped, .n = v->curve_n,
                            .glyph = 'o', .role = CR_ROLE_RHO00,
                            .braille = ya.max - ya.min > RHO00_FLOOR * 1.0001 };
            cr_plot_series(&p, &s);
        }
        int cx = -100, cy;
        if (v->have_steady && shown
            && cr_plot_cell(&p, v->params.gamma, creal(v->steady.v[CR_VEC(0, 0)]), &cx, &cy) == 0)
            cr_canvas_put(c, cx, cy, v->ascii ? 'X' : 0x25C6, CR_ROLE_MARKER);
        int mx = -100, my;
        if (cr_plot_cell(&p, v->params.gamma, th, &mx, &my) != 0)
            mx = -100;
        thermal_line(v, &p, th, mx);
        if (!shown)
            cr_frame_hidden_note(v, &p);
        if (v->params.gamma < p.xa.min || v->params.gamma > p.xa.max)
            offrange_arrow(v, &p, p.py, G, v->params.gamma, CR_ROLE_MARKER);
        delta_mark(v, &p);
    }

    /* Coherence: |ρ01| with the estimates, linear, or log with Eq. 24. */
coherence:
    xa.bare = 0;
    cr_axis yc = { .label = labelled ? cr_frame_quantity_name(v) : NULL, .label_w = 5 };
    if (v->show_rough) {
        yc.log = 1;
        coh_log_range(v, &yc.min, &yc.max);
    } else {
        yc.max = coh_max(v);
    }
    if (cr_plot_begin(&p, c, rbot.x, rbot.y, rbot.w, rbot.h, &xa, &yc) != 0)
        return;
    x_marker(v, &p, v->params.gamma, G);
    if (v->curve_n == 0) {
        cr_canvas_text(c, p.px + 1, p.py + p.ph / 2, p.pw - 1, "computing...", CR_ROLE_DIM);
        return;
    }
    cr_series s = { .x = v->curve_gamma, .n = v->curve_n };
    if (v->show_rough && v->have_rough) {
        s.y = v->curve_rough, s.glyph = v->ascii ? '~' : 0x2248, s.role = CR_ROLE_ROUGH;
        cr_plot_series(&p, &s);
    }
    if (v->show_first) {
        s.y = v->curve_first_coh, s.glyph = v->ascii ? '.' : 0x00B7, s.role = CR_ROLE_FIRST;
        s.points_only = 1;
        cr_plot_series(&p, &s);
    }
    s.y = v->curve_coh, s.glyph = '*', s.role = CR_ROLE_COH, s.points_only = 0, s.braille = 1;
    if (v->hide & CR_HIDE_COHERENCE)
        cr_frame_hidden_note(v, &p);
    else
        cr_plot_series(&p, &s);
    if (v->params.gamma < p.xa.min || v->params.gamma > p.xa.max) /* the arrow on top */
        offrange_arrow(v, &p, p.py, G, v->params.gamma, CR_ROLE_MARKER);
}

/* ---- Fig. 3 ---------------------------------------------------------------- */

void cr_frame_heat_axes(const cr_view *v, const cr_plane *ax, cr_axis *xa, cr_axis *ya)
{
    *xa = (cr_axis){ .min = ax->x_lo, .max = ax->x_hi, .log = ax->x_log,
                     .label = cr_frame_param_symbol(v, ax->xparam) };
    *ya = (cr_axis){ .min = ax->y_lo, .max = ax->y_hi, .log = ax->y_log };
}

/* One map of Fig. 3: values (nx × ny, rows_done rows in) on the axes of
 * a plane, in rectangle r, with the colour bar. */
static void draw_heat_map(const cr_view *v, cr_canvas *c, rect r, const cr_plane *ax,
                          const double *values, int nx, int ny, int rows_done)
{
    cr_axis xa, ya;
    cr_plot p;
    cr_heat_scale scale;

    cr_frame_heat_axes(v, ax, &xa, &ya);
    cr_frame_title(c, r, "Fig. 3  %s over %s (x) and %s (y)", "Fig. 3  %s, %s-%s",
          cr_frame_quantity_name(v), cr_frame_param_symbol(v, ax->xparam),
          cr_frame_param_symbol(v, ax->yparam));
    if (cr_plot_begin(&p, c, r.x, r.y + 1, r.w, r.h - 2, &xa, &ya) != 0)
        return;
    if (nx > 0 && cr_frame_heat_scale(v, &scale) == 0) {
        if (v->hide & CR_HIDE_MAP)
            cr_frame_hidden_note(v, &p);
        else
            cr_plot_heatmap(&p, values, nx, ny, &scale);
        if (!v->heat_lock && !(scale.hi > scale.lo)) { /* a bar "0 … 0" says nothing */
            char t[96];
            snprintf(t, sizeof t, "%s = %.3g everywhere on this map", cr_frame_quantity_name(v),
                     scale.hi);
            if (cr_text_width(t) > p.pw)
                snprintf(t, sizeof t, "%.3g everywhere", scale.hi);
            cr_canvas_text(c, p.px, r.y + r.h - 1, p.pw, t, CR_ROLE_TEXT);
        } else
            cr_plot_heat_bar(c, p.px, r.y + r.h - 1, p.pw - (v->heat_lock ? 7 : 0), &scale);
        if (v->heat_lock)
            cr_canvas_text(c, p.px + p.pw - 6, r.y + r.h - 1, 6, "locked", CR_ROLE_WARNING);
    } else {
        cr_canvas_text(c, p.px + 1, p.py + p.ph / 2, p.pw - 1, "computing...", CR_ROLE_DIM);
    }
    double x = cr_param_get(&v->params, ax->xparam), y = cr_param_get(&v->params, ax->yparam);
    int cx, cy;
    if (cr_plot_cell(&p, x, y, &cx, &cy) == 0)
        cr_canvas_put(c, cx, cy, 'X', CR_ROLE_MARKER);
    else if (x < xa.min || x > xa.max)
        offrange_arrow(v, &p, p.py + p.ph / 2, cr_frame_param_symbol(v, ax->xparam), x,
                       CR_ROLE_MARKER);
    else {
        char t[48];
        snprintf(t, sizeof t, "%s %s=%.3g", y > ya.max ? cr_frame_sym(v, "▲", "^") : cr_frame_sym(v, "▼", "v"),
                 cr_frame_param_symbol(v, ax->yparam), y);
        cr_canvas_text(c, p.px, y > ya.max ? p.py : p.py + p.ph - 1, p.pw, t, CR_ROLE_MARKER);
    }
    if (nx > 0 && rows_done < ny)
        cr_canvas_printf(c, r.x, r.y + r.h - 1, p.px - r.x, CR_ROLE_DIM, "%d%%",
                         100 * rows_done / ny);
}

/* The colour scale of the maps shown: the view's, widened to the side
 * planes' values when Fig. 3 shows all three (one scale for the three, so
 * equal colours are equal values), unless it is locked. */
int cr_frame_heat_scale(const cr_view *v, cr_heat_scale *out)
{
    if (cr_view_heat_scale(v, out) != 0)
        return -1;
    if (v->heat_lock || v->focus != 3)
        return 0;
    for (int k = 0; k < 2; k++) {
        const struct cr_view_side *sd = &v->side[k];
        double lo, hi;
        size_t n = (size_t)sd->nx * (size_t)sd->ny;
        if (n == 0 || cr_plot_heat_range(sd->heat, n, out->log, &lo, &hi) != 0)
            continue;
        out->lo = fmin(out->lo, lo);
        out->hi = fmax(out->hi, hi);
    }
    return 0;
}

void cr_frame_draw_heat(const cr_view *v, cr_canvas *c, rect r)
{
    draw_heat_map(v, c, r, &v->heat_axes, v->heat, v->heat_nx, v->heat_ny, v->heat_rows_done);
}

void cr_frame_draw_heat_side(const cr_view *v, cr_canvas *c, rect r, int k)
{
    const struct cr_view_side *sd = &v->side[k];
    cr_plane axes;
    if (sd->nx > 0)
        axes = sd->axes;
    else if (cr_plane_get(sd->plane, &axes) != 0)
        return;
    draw_heat_map(v, c, r, &axes, sd->heat, sd->nx, sd->ny, sd->rows_done);
}
