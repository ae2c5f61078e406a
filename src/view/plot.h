/*
 * view/plot.h — line plots and heat maps drawn into a cr_canvas.
 *
 * A plot occupies a rectangle of the canvas: tick labels on the left and
 * below, the data area inside.  Axes are linear or logarithmic; linear axes
 * get "nice" ticks (1, 2, 5 × 10^k steps), log axes get decade ticks.
 * Points that cannot be shown are skipped, never drawn at an edge: NaN and
 * ±inf everywhere, values <= 0 on a log axis.  Series are joined by lines
 * and told apart by their glyph as well as their role.  In Unicode mode a
 * series may be drawn in braille (2×4 dots per cell) for finer resolution;
 * the data under a braille series shares cells, later glyph series draw
 * over it.
 *
 * Ownership: cr_plot is a caller-owned value describing one plot; it keeps
 * a pointer to the canvas, which must outlive it.  Labels are copied.
 * Threads: as the canvas.  Errors: none; degenerate ranges are widened.
 */
#ifndef COLRES_PLOT_H
#define COLRES_PLOT_H

#include <stddef.h>
#include <stdint.h>
#include "view/canvas.h"

typedef struct cr_axis {
    double min, max;    /* data range shown; widened if min >= max */
    int log;            /* 1: logarithmic (min, max must be > 0) */
    const char *label;  /* may be NULL */
    int label_w;        /* y axis: reserve at least this many columns for
                         * tick labels (aligns plots stacked in a column) */
    int bare;           /* x axis: no tick labels (a plot stacked above
                         * another that shares its x axis); one row less */
} cr_axis;

typedef struct cr_plot {
    cr_canvas *c;
    int x, y, w, h;          /* outer rectangle given to cr_plot_begin */
    int px, py, pw, ph;      /* data area (cells); pw or ph 0: too small */
    cr_axis xa, ya;          /* as drawn (after widening) */
    int legend_x, legend_y;  /* where the next legend entry goes */
} cr_plot;

/* Tick values.  Linear: "nice" steps covering [min, max], at most maxn
 * ticks, values inside [min, max].  Log: the powers of ten inside
 * [min, max] (or every other one if there are too many).  Return the count
 * written (<= cap). */
int cr_ticks_linear(double min, double max, int maxn, double *out, int cap);
int cr_ticks_log(double min, double max, int maxn, double *out, int cap);
/* Expand [*min, *max] outward to nice tick values (linear axes). */
void cr_nice_range(double *min, double *max, int maxn);
/* Short tick label: "0", "0.2", "1e-2", "100", "1.5" (at most 6 chars). */
void cr_tick_format(double v, int log, char *buf, size_t len);

/* Lay out the plot in (x, y, w, h), draw axes, ticks and labels.
 * Returns 0, or -1 if the rectangle is too small for a data area (then
 * the other plot calls draw nothing). */
int cr_plot_begin(cr_plot *p, cr_canvas *c, int x, int y, int w, int h,
                  const cr_axis *xa, const cr_axis *ya);

/* Map data to a cell; returns 0 if the point is visible (inside the data
 * area, finite, > 0 on log axes), -1 otherwise. */
int cr_plot_cell(const cr_plot *p, double x, double y, int *cx, int *cy);

/* A series of n points (x[i], y[i]) joined by lines.  Element i is read at
 * index (start + i) % cap when cap > 0 (a ring buffer), else at i.
 * braille: use sub-cell braille dots (ignored on an ASCII canvas, where
 * the glyph is used). */
typedef struct cr_series {
    const double *x, *y;
    size_t n, start, cap;
    uint32_t glyph;
    int role;
    int braille;
    int points_only;   /* 1: do not join points by lines */
    int step;          /* 1: hold each value until the next x (a state that
                        * only changes at discrete events) */
} cr_series;
void cr_plot_series(cr_plot *p, const cr_series *s);

/* Reference line across the plot at y (dashed: glyph every other cell),
 * in the cells still blank (behind what is drawn), or on top of them. */
void cr_plot_hline(cr_plot *p, double y, uint32_t glyph, int role);
void cr_plot_hline_on_top(cr_plot *p, double y, uint32_t glyph, int role);
/* Vertical marker at x over the whole height. */
void cr_plot_vline(cr_plot *p, double x, uint32_t glyph, int role);
/* A legend entry "<glyph> text" at the top right inside the data area,
 * stacked downwards. */
void cr_plot_legend(cr_plot *p, uint32_t glyph, int role, const char *text);

/* Heat maps.  values[iy * nx + ix], iy = 0 is the bottom row (smallest y).
 * NaN cells are left blank so a map can fill in progressively.  A scale
 * maps values to t in [0, 1]: linearly between lo and hi, or (log) by
 * log(v/lo)/log(hi/lo), where values ≤ 0 go to 0.  Levels run from t = 0
 * (' ' / heat0) to t = 1 ('@' / heat7).  In ASCII the ramp is
 * " .:-=+*#%@"; in Unicode " ·░▒▓█" shades, or with `solid` (a colour
 * terminal) full blocks whose colour role alone carries the level. */
#define CR_HEAT_RAMP_ASCII " .:-=+*#%@"
typedef struct cr_heat_scale {
    double lo, hi;
    int log;
    int solid;
} cr_heat_scale;
double cr_plot_heat_t(const cr_heat_scale *s, double v);
/* t in [0, 1] (clamped) to a glyph and a role. */
uint32_t cr_plot_heat_glyph(double t, int ascii);
int cr_plot_heat_role(double t);
/* Fill the data area of p with the map (p from cr_plot_begin with the
 * map's axes).  Cells are sampled at their centres (nearest grid point). */
void cr_plot_heatmap(cr_plot *p, const double *values, int nx, int ny,
                     const cr_heat_scale *s);
/* A horizontal colour bar "lo ramp hi" in (x, y, w), with "log" after it
 * on a log scale; hi/lo labelled with their values. */
void cr_plot_heat_bar(cr_canvas *c, int x, int y, int w, const cr_heat_scale *s);
/* Finite min and max of values (NaN skipped); returns 0, or -1 if none.
 * With positive != 0 only values > 0 count (the range of a log scale). */
int cr_plot_heat_range(const double *values, size_t n, int positive, double *vmin,
                       double *vmax);

#endif
