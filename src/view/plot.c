/*
 * plot.c — line plots and heat maps on a cr_canvas (colres/plot.h).
 */
#include "config.h"

#include "view/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger mapped coordinates are treated as "off the chart" breaks, so a
 * wild value cannot make the line drawer walk millions of cells. */
#define COORD_LIMIT 1e5

static double nice_step(double range, int maxn)
{
    double raw, mag, norm;

    if (maxn < 2)
        maxn = 2;
    raw = range / (maxn - 1);
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    mag = pow(10, floor(log10(raw)));
    norm = raw / mag;
    if (norm <= 1 + 1e-9)
        return mag;
    if (norm <= 2 + 1e-9)
        return 2 * mag;
    if (norm <= 5 + 1e-9)
        return 5 * mag;
    return 10 * mag;
}

int cr_ticks_linear(double min, double max, int maxn, double *out, int cap)
{
    double step, first;
    int n = 0;

    if (!isfinite(min) || !isfinite(max) || !(max > min) || cap <= 0)
        return 0;
    step = nice_step(max - min, maxn);
    first = ceil(min / step - 1e-9) * step;
    for (int k = 0; n < cap; k++) {
        double v = first + k * step;

        if (v > max + 1e-9 * step)
            break;
        if (fabs(v) < 1e-9 * step)
            v = 0;   /* no "-0" or "2.7e-17" labels */
        out[n++] = v;
    }
    return n;
}

int cr_ticks_log(double min, double max, int maxn, double *out, int cap)
{
    int lo, hi, stride, n = 0;

    if (!(min > 0) || !(max > min) || !isfinite(max) || cap <= 0)
        return 0;
    lo = (int)ceil(log10(min) - 1e-9);
    hi = (int)floor(log10(max) + 1e-9);
    if (hi < lo)
        return 0;
    if (maxn < 1)
        maxn = 1;
    stride = (hi - lo) / maxn + 1;
    for (int k = lo; k <= hi && n < cap; k += stride)
        out[n++] = pow(10, k);
    return n;
}

void cr_nice_range(double *min, double *max, int maxn)
{
    double step;

    if (!isfinite(*min) || !isfinite(*max))
        return;
    if (!(*max > *min)) {
        double pad = fabs(*min) > 0 ? fabs(*min) * 0.1 : 1;
        *min -= pad;
        *max += pad;
    }
    step = nice_step(*max - *min, maxn);
    *min = floor(*min / step + 1e-9) * step;
    *max = ceil(*max / step - 1e-9) * step;
}

void cr_tick_format(double v, int log, char *buf, size_t len)
{
    if (log && v > 0) {
        double e = log10(v);

        if (fabs(e - round(e)) < 1e-9) {
            int k = (int)round(e);

            if (k >= -2 && k <= 3)
                snprintf(buf, len, "%g", pow(10, k));
            else
                snprintf(buf, len, "1e%d", k);
            return;
        }
    }
    if (v == 0 || (fabs(v) >= 1e-3 && fabs(v) < 1e5))
        snprintf(buf, len, "%.3g", v);
    else
        snprintf(buf, len, "%.0e", v);
}

/* Position of v on an axis as a fraction of its span; NaN if unshowable. */
static double axis_frac(const cr_axis *a, double v)
{
    if (!isfinite(v))
        return NAN;
    if (a->log) {
        if (!(v > 0))
            return NAN;
        return (log(v) - log(a->min)) / (log(a->max) - log(a->min));
    }
    return (v - a->min) / (a->max - a->min);
}

static void fix_axis(cr_axis *a)
{
    if (a->log) {
        if (!(a->min > 0) || !isfinite(a->min))
            a->min = 1e-3;
        if (!(a->max > a->min) || !isfinite(a->max))
            a->max = a->min * 10;
    } else if (!(a->max > a->min) || !isfinite(a->min)
               || !isfinite(a->max)) {
        cr_nice_range(&a->min, &a->max, 5);
        if (!(a->max > a->min)) {
            a->min = 0;
            a->max = 1;
        }
    }
}

static int axis_ticks(const cr_axis *a, int maxn, double *out, int cap)
{
    int n = a->log ? cr_ticks_log(a->min, a->max, maxn, out, cap)
                   : cr_ticks_linear(a->min, a->max, maxn, out, cap);

    if (n == 0 && cap >= 2) {   /* a log axis inside one decade */
        out[0] = a->min;
        out[1] = a->max;
        n = 2;
    }
    return n;
}

int cr_plot_begin(cr_plot *p, cr_canvas *c, int x, int y, int w, int h,
                  const cr_axis *xa, const cr_axis *ya)
{
    double yt[16], xt[16];
    char lab[16][16];
    int nyt, nxt, labw = ya->label_w > 1 ? ya->label_w : 1, ascii = c->ascii;

    memset(p, 0, sizeof *p);
    p->c = c;
    p->x = x, p->y = y, p->w = w, p->h = h;
    p->xa = *xa;
    p->ya = *ya;
    fix_axis(&p->xa);
    fix_axis(&p->ya);

    nyt = axis_ticks(&p->ya, h >= 12 ? 6 : (h - 2) / 2 + 1, yt, 16);
    for (int i = 0; i < nyt; i++) {
        cr_tick_format(yt[i], p->ya.log, lab[i], sizeof lab[i]);
        int lw = (int)strlen(lab[i]);
        if (lw > labw)
            labw = lw;
    }
    /* The x-axis label goes at the right end of the axis line, so that the
     * tick labels below keep the whole width. */
    int label_w = p->xa.label ? cr_text_width(p->xa.label) : 0;
    p->px = x + labw + 1;
    p->py = y;
    p->pw = w - labw - 1 - (label_w ? label_w + 1 : 0);
    p->ph = h - (p->xa.bare ? 1 : 2);
    if (p->pw < 4 || p->ph < 2) {
        p->pw = p->ph = 0;
        return -1;
    }
    p->legend_y = p->py;

    /* Axis lines. */
    for (int j = 0; j < p->ph; j++)
        cr_canvas_put(c, p->px - 1, p->py + j, ascii ? '|' : 0x2502,
                      CR_ROLE_AXIS);
    for (int i = 0; i < p->pw; i++)
        cr_canvas_put(c, p->px + i, p->py + p->ph, ascii ? '-' : 0x2500,
                      CR_ROLE_AXIS);
    cr_canvas_put(c, p->px - 1, p->py + p->ph, ascii ? '+' : 0x2514,
                  CR_ROLE_AXIS);

    /* y ticks, right-aligned labels. */
    for (int i = 0; i < nyt; i++) {
        double f = axis_frac(&p->ya, yt[i]);
        int row = p->py + p->ph - 1 - (int)lround(f * (p->ph - 1));

        cr_canvas_put(c, p->px - 1, row, ascii ? '+' : 0x2524, CR_ROLE_AXIS);
        cr_canvas_text(c, p->px - 1 - (int)strlen(lab[i]), row, -1, lab[i],
                       CR_ROLE_AXIS);
    }

    /* x ticks: labels centred under their tick, skipped when they would
     * touch the previous one or the axis label at the right end. */
    if (label_w)
        cr_canvas_text(c, p->px + p->pw + 1, p->py + p->ph, label_w,
                       p->xa.label, CR_ROLE_AXIS);
    /* At most 12 ticks asked for, so that the 16 kept reach the axis's
     * end on the widest plots (a 200-column Fig. 1 stopped at 30 of 40). */
    nxt = p->xa.bare ? 0 : axis_ticks(&p->xa, p->pw / 7 + 1 < 12 ? p->pw / 7 + 1 : 12, xt, 16);
    int next_free = x;
    for (int i = 0; i < nxt; i++) {
        char t[16];
        double f = axis_frac(&p->xa, xt[i]);
        int col = p->px + (int)lround(f * (p->pw - 1)), lw, start;

        cr_canvas_put(c, col, p->py + p->ph, ascii ? '+' : 0x252C,
                      CR_ROLE_AXIS);
        cr_tick_format(xt[i], p->xa.log, t, sizeof t);
        lw = (int)strlen(t);
        start = col - lw / 2;
        if (start < x)
            start = x;
        if (start + lw > x + w)
            start = x + w - lw;
        if (start < next_free)
            continue;
        cr_canvas_text(c, start, p->py + p->ph + 1, lw, t, CR_ROLE_AXIS);
        next_free = start + lw + 1;
    }
    if (p->ya.label)
        cr_canvas_text(c, p->px + 1, p->py, p->pw - 1, p->ya.label,
                       CR_ROLE_AXIS);
    return 0;
}

/* Fractions of the data area, or -1 when the point has no position. */
static int plot_frac(const cr_plot *p, double x, double y, double *fx,
                     double *fy)
{
    *fx = axis_frac(&p->xa, x);
    *fy = axis_frac(&p->ya, y);
    if (isnan(*fx) || isnan(*fy))
        return -1;
    return 0;
}

int cr_plot_cell(const cr_plot *p, double x, double y, int *cx, int *cy)
{
    double fx, fy;

    if (p->pw <= 0 || plot_frac(p, x, y, &fx, &fy) != 0)
        return -1;
    if (fx < -1e-9 || fx > 1 + 1e-9 || fy < -1e-9 || fy > 1 + 1e-9)
        return -1;
    *cx = p->px + (int)lround(fx * (p->pw - 1));
    *cy = p->py + p->ph - 1 - (int)lround(fy * (p->ph - 1));
    return 0;
}

/* Draw one dot at sub-cell grid position (gx, gy), grid of sx × sy dots per
 * cell (1×1: a glyph per cell; 2×4: braille). */
static void plot_dot(cr_plot *p, long gx, long gy, int sx, int sy,
                     uint32_t glyph, int role)
{
    long cx = gx / sx, cy = gy / sy;
    cr_cell old;

    if (gx < 0 || gy < 0 || cx >= p->pw || cy >= p->ph)
        return;
    if (sx == 1) {
        cr_canvas_put(p->c, p->px + (int)cx, p->py + (int)cy, glyph, role);
        return;
    }
    static const uint8_t bits[2][4] = { { 0x01, 0x02, 0x04, 0x40 },
                                        { 0x08, 0x10, 0x20, 0x80 } };
    uint32_t dots = bits[gx % 2][gy % 4];
    old = cr_canvas_get(p->c, p->px + (int)cx, p->py + (int)cy);
    if (old.ch >= 0x2800 && old.ch <= 0x28FF)
        dots |= old.ch - 0x2800;
    cr_canvas_put(p->c, p->px + (int)cx, p->py + (int)cy, 0x2800 + dots,
                  role);
}

static void plot_segment(cr_plot *p, long x0, long y0, long x1, long y1,
                         int sx, int sy, uint32_t glyph, int role)
{
    long dx = labs(x1 - x0), dy = -labs(y1 - y0);
    long stepx = x0 < x1 ? 1 : -1, stepy = y0 < y1 ? 1 : -1;
    long e = dx + dy;

    for (;;) {   /* Bresenham */
        plot_dot(p, x0, y0, sx, sy, glyph, role);
        if (x0 == x1 && y0 == y1)
            break;
        long e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += stepx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += stepy;
        }
    }
}

void cr_plot_series(cr_plot *p, const cr_series *s)
{
    int sx = 1, sy = 1, have_prev = 0;
    long gw, gh, prevx = 0, prevy = 0;

    if (p->pw <= 0 || !s->x || !s->y)
        return;
    if (s->braille && !p->c->ascii) {
        sx = 2;
        sy = 4;
    }
    gw = (long)p->pw * sx;
    gh = (long)p->ph * sy;
    for (size_t i = 0; i < s->n; i++) {
        size_t k = s->cap ? (s->start + i) % s->cap : i;
        double fx, fy, gxf, gyf;

        if (plot_frac(p, s->x[k], s->y[k], &fx, &fy) != 0) {
            have_prev = 0;
            continue;
        }
        gxf = fx * (double)(gw - 1);
        gyf = (1 - fy) * (double)(gh - 1);
        if (fabs(gxf) > COORD_LIMIT || fabs(gyf) > COORD_LIMIT) {
            have_prev = 0;
            continue;
        }
        long gx = lround(gxf), gy = lround(gyf);
        if (have_prev && s->step) {
            plot_segment(p, prevx, prevy, gx, prevy, sx, sy, s->glyph, s->role);
            plot_segment(p, gx, prevy, gx, gy, sx, sy, s->glyph, s->role);
        } else if (have_prev && !s->points_only)
            plot_segment(p, prevx, prevy, gx, gy, sx, sy, s->glyph, s->role);
        else
            plot_dot(p, gx, gy, sx, sy, s->glyph, s->role);
        prevx = gx;
        prevy = gy;
        have_prev = 1;
    }
}

static void hline(cr_plot *p, double y, uint32_t glyph, int role, int on_top)
{
    int cx, cy;
    double ymid = p->xa.log ? sqrt(p->xa.min * p->xa.max)
                            : 0.5 * (p->xa.min + p->xa.max);

    if (cr_plot_cell(p, ymid, y, &cx, &cy) != 0)
        return;
    for (int i = 0; i < p->pw; i += 2)
        if (on_top || cr_canvas_get(p->c, p->px + i, cy).ch == ' ')
            cr_canvas_put(p->c, p->px + i, cy, glyph, role);
}

void cr_plot_hline(cr_plot *p, double y, uint32_t glyph, int role)
{
    hline(p, y, glyph, role, 0);
}

void cr_plot_hline_on_top(cr_plot *p, double y, uint32_t glyph, int role)
{
    hline(p, y, glyph, role, 1);
}

void cr_plot_vline(cr_plot *p, double x, uint32_t glyph, int role)
{
    int cx, cy;
    double yval = p->ya.log ? sqrt(p->ya.min * p->ya.max)
                            : 0.5 * (p->ya.min + p->ya.max);

    if (cr_plot_cell(p, x, yval, &cx, &cy) != 0)
        return;
    for (int j = 0; j < p->ph; j++)
        if (cr_canvas_get(p->c, cx, p->py + j).ch == ' ')
            cr_canvas_put(p->c, cx, p->py + j, glyph, role);
    cr_canvas_put(p->c, cx, p->py + p->ph, p->c->ascii ? '^' : 0x25B2,
                  CR_ROLE_MARKER);
}

void cr_plot_legend(cr_plot *p, uint32_t glyph, int role, const char *text)
{
    int tw = cr_text_width(text), x;

    if (p->pw <= 0 || p->legend_y >= p->py + p->ph || tw + 3 > p->pw)
        return;
    x = p->px + p->pw - tw - 2;
    cr_canvas_put(p->c, x - 1, p->legend_y, ' ', CR_ROLE_TEXT);
    cr_canvas_put(p->c, x, p->legend_y, glyph, role);
    cr_canvas_put(p->c, x + 1, p->legend_y, ' ', CR_ROLE_TEXT);
    cr_canvas_text(p->c, x + 2, p->legend_y, tw, text, role);
    p->legend_y++;
}

uint32_t cr_plot_heat_glyph(double t, int ascii)
{
    static const uint32_t shades[] = { ' ', 0x00B7, 0x2591, 0x2592, 0x2593,
                                       0x2588 };
    const char *ramp = CR_HEAT_RAMP_ASCII;
    int levels;

    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    if (ascii) {
        levels = (int)strlen(ramp);
        return (uint32_t)ramp[(int)lround(t * (levels - 1))];
    }
    return shades[(int)lround(t * 5)];
}

int cr_plot_heat_role(double t)
{
    int k;

    if (!(t > 0))
        t = 0;
    k = (int)(t * CR_HEAT_LEVELS);
    if (k >= CR_HEAT_LEVELS)
        k = CR_HEAT_LEVELS - 1;
    return CR_ROLE_HEAT0 + k;
}

double cr_plot_heat_t(const cr_heat_scale *s, double v)
{
    if (s->log) {
        if (!(v > 0) || !(s->lo > 0) || !(s->hi > s->lo))
            return v > 0 && s->hi > 0 ? 1.0 : 0.0;
        return log(v / s->lo) / log(s->hi / s->lo);
    }
    if (!(s->hi > s->lo))
        return 0.5;
    return (v - s->lo) / (s->hi - s->lo);
}

static uint32_t heat_glyph(const cr_heat_scale *s, double t, int ascii)
{
    return s->solid && !ascii ? 0x2588 : cr_plot_heat_glyph(t, ascii);
}

void cr_plot_heatmap(cr_plot *p, const double *values, int nx, int ny,
                     const cr_heat_scale *s)
{
    if (p->pw <= 0 || nx <= 0 || ny <= 0 || !values)
        return;
    for (int j = 0; j < p->ph; j++) {
        int iy = (int)((p->ph - 1 - j + 0.5) / p->ph * ny);

        for (int i = 0; i < p->pw; i++) {
            int ix = (int)((i + 0.5) / p->pw * nx);
            double v = values[(size_t)iy * (size_t)nx + (size_t)ix];

            if (isnan(v)) {
                cr_canvas_put(p->c, p->px + i, p->py + j, ' ', CR_ROLE_DIM);
                continue;
            }
            double t = cr_plot_heat_t(s, v);
            cr_canvas_put(p->c, p->px + i, p->py + j, heat_glyph(s, t, p->c->ascii),
                          cr_plot_heat_role(t));
        }
    }
}

void cr_plot_heat_bar(cr_canvas *c, int x, int y, int w, const cr_heat_scale *s)
{
    char lo[24], hi[24];
    snprintf(lo, sizeof lo, "%.2g", s->lo);
    snprintf(hi, sizeof hi, s->log ? "%.2g log" : "%.2g", s->hi);
    int lw = (int)strlen(lo), hw = (int)strlen(hi);
    int rw = w - lw - hw - 2;
    if (rw < 6) { /* narrow: one significant digit, the ramp first */
        snprintf(lo, sizeof lo, "%.1g", s->lo);
        snprintf(hi, sizeof hi, s->log ? "%.1g log" : "%.1g", s->hi);
        lw = (int)strlen(lo), hw = (int)strlen(hi);
        rw = w - lw - hw - 2;
    }
    if (rw < 2)
        return;
    cr_canvas_text(c, x, y, lw, lo, CR_ROLE_TEXT);
    for (int i = 0; i < rw; i++) {
        double t = rw > 1 ? (double)i / (rw - 1) : 1;
        cr_canvas_put(c, x + lw + 1 + i, y, heat_glyph(s, t, c->ascii), cr_plot_heat_role(t));
    }
    cr_canvas_text(c, x + lw + 2 + rw, y, hw, hi, CR_ROLE_TEXT);
}

int cr_plot_heat_range(const double *values, size_t n, int positive, double *vmin,
                       double *vmax)
{
    int found = 0;

    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]) || (positive && !(values[i] > 0)))
            continue;
        if (!found || values[i] < *vmin)
            *vmin = values[i];
        if (!found || values[i] > *vmax)
            *vmax = values[i];
        found = 1;
    }
    return found ? 0 : -1;
}
