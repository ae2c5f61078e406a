/*
 * frame.c — the TUI screen layout (colres/frame.h): sliders, numbers panel,
 * the three figure panels, hint bar, status line and help overlay.
 *
 * One layout function computes every rectangle from the canvas size; the
 * renderer and the mouse hit test both use it, so they cannot disagree.
 */
#include "config.h"

#include "view/frame.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/plot.h"
#include "colres/limits.h"
#include "colres/smap.h"
#include "frame_parts.h"
#include "view/words.h"

typedef struct layout {
    int top_h;                  /* rows of sliders / numbers */
    rect sliders, numbers;
    int bar_x, bar_w;           /* slider bars, including [ ] */
    int value_x, words;         /* where the values start; labels in words */
    rect steady, traj, heat;    /* panels, title row included; w 0: not shown */
    rect scene;                 /* a lecture scene's words (h 0: none) */
    int three;                  /* Fig. 3's three planes side by side */
    rect plane[CR_PLANE_COUNT]; /* then: each plane's panel, the paper's order */
    int hint_y, status_y;
} layout;

#define SLIDER_LABEL_X 2
#define SLIDER_VALUE_X 7
#define SLIDER_BAR_X 17
#define SLIDER_WORDS_VALUE_X 28   /* after "beta inverse temperature" (UTF-8: "β …", 3 less) */

static void make_layout(const cr_view *v, int focus, int w, int h, layout *L)
{
    int plot_y, plot_h, num_w;

    memset(L, 0, sizeof *L);
    /* From 100 columns or 40 rows: two more rows, a band across the whole
     * width where the warnings are read in full. */
    L->top_h = h >= 40 ? 9 : w >= 100 ? 8 : 6;
    num_w = w / 2 < 60 ? w / 2 : 60;
    L->sliders = (rect){ 0, 0, w - num_w - 1, L->top_h };
    L->numbers = (rect){ w - num_w, 0, num_w, L->top_h };
    /* From 100 columns each slider says what it is ("Γ collision rate"). */
    L->words = w >= 100;
    L->value_x = !L->words ? SLIDER_VALUE_X : v->ascii ? SLIDER_WORDS_VALUE_X : SLIDER_WORDS_VALUE_X - 3;
    L->bar_x = L->value_x + (SLIDER_BAR_X - SLIDER_VALUE_X);
    L->bar_w = L->sliders.w - L->bar_x;
    L->hint_y = h - 2;
    L->status_y = h - 1;
    plot_y = L->top_h;
    plot_h = h - L->top_h - 2;
    /* A lecture's scene: its words in a band above the hint bar, taking
     * at most a third of the plots' rows. */
    int band = cr_frame_scene_rows(v, w);
    if (band > plot_h / 3)
        band = plot_h / 3;
    plot_h -= band;
    L->scene = (rect){ 0, plot_y + plot_h, w, band };
    if (focus >= 1 && focus <= 3) {
        /* Lecture focus: the figure being discussed takes the whole area. */
        rect all = { 0, plot_y, w, plot_h };
        if (focus == 1)
            L->traj = all;
        else if (focus == 2)
            L->steady = all;
        else
            L->heat = all;
        if (focus == 3 && w >= CR_VIEW_THREE_W && v->plane >= 0 && v->plane < CR_PLANE_COUNT) {
            int pw = (w - 2) / 3;
            L->three = 1;
            for (int k = 0; k < CR_PLANE_COUNT; k++)
                L->plane[k] = (rect){ k * (pw + 1), plot_y, k < 2 ? pw : w - 2 * (pw + 1),
                                      plot_h };
            L->heat = L->plane[v->plane];
        }
    } else if (plot_h >= 28) {
        /* Tall: Fig. 2 and Fig. 1 side by side, the map below, full width. */
        int ha = plot_h / 2, wa = (w - 1) / 2;

        L->steady = (rect){ 0, plot_y, wa, ha };
        L->traj = (rect){ wa + 1, plot_y, w - wa - 1, ha };
        L->heat = (rect){ 0, plot_y + ha, w, plot_h - ha };
    } else {
        int w1 = (w - 2) / 3, w2 = (w - 2 - w1) / 2;

        L->steady = (rect){ 0, plot_y, w1, plot_h };
        L->traj = (rect){ w1 + 1, plot_y, w2, plot_h };
        L->heat = (rect){ w1 + w2 + 2, plot_y, w - w1 - w2 - 2, plot_h };
    }
}

/* Position of value on slider i as a fraction of the range, clamped. */
static double slider_frac(const cr_view *v, int i, double value)
{
    double lo = v->slider_min[i], hi = v->slider_max[i], u;

    if (v->slider_log[i] && lo > 0 && value > 0)
        u = log(value / lo) / log(hi / lo);
    else
        u = (value - lo) / (hi - lo);
    if (!(u > 0))
        return 0;
    return u > 1 ? 1 : u;
}

static double slider_value(const cr_view *v, int i, double u)
{
    double lo = v->slider_min[i], hi = v->slider_max[i];

    if (v->slider_log[i] && lo > 0)
        return lo * exp(u * log(hi / lo));
    return lo + u * (hi - lo);
}

static void draw_sliders(const cr_view *v, cr_canvas *c, const layout *L)
{
    int n = L->bar_w - 2;

    for (int i = 0; i < CR_VIEW_SLIDERS; i++) {
        int id = v->slider_param[i], sel = i == v->selected;
        int role = sel ? CR_ROLE_HIGHLIGHT : CR_ROLE_TEXT;
        double value = cr_param_get(&v->params, id);

        if (sel)
            cr_canvas_text(c, 0, i, 1, ">", CR_ROLE_HIGHLIGHT);
        if (L->words)
            cr_canvas_printf(c, SLIDER_LABEL_X, i, L->value_x - SLIDER_LABEL_X - 1, role,
                             "%s %s", cr_frame_param_symbol(v, id), cr_words_param_name(id));
        else
            cr_canvas_text(c, SLIDER_LABEL_X, i, 4, cr_frame_param_symbol(v, id), role);
        cr_canvas_printf(c, L->value_x, i, 9, role, "%.4g", value);
        if (n < 3)
            continue;
        int knob = (int)lround(slider_frac(v, i, value) * (n - 1));
        cr_canvas_put(c, L->bar_x, i, '[', CR_ROLE_AXIS);
        cr_canvas_put(c, L->bar_x + n + 1, i, ']', CR_ROLE_AXIS);
        for (int k = 0; k < n; k++) {
            uint32_t g = k < knob ? (v->ascii ? '=' : 0x2501)
                                  : (v->ascii ? '-' : 0x2500);
            cr_canvas_put(c, L->bar_x + 1 + k, i, g,
                          k < knob ? role : CR_ROLE_DIM);
        }
        cr_canvas_put(c, L->bar_x + 1 + knob, i, v->ascii ? 'O' : 0x25CF,
                      sel ? CR_ROLE_HIGHLIGHT : CR_ROLE_MARKER);
    }
    /* The parameters without sliders, and the model switches. */
    cr_canvas_printf(c, SLIDER_LABEL_X, CR_VIEW_SLIDERS,
                     L->sliders.w - SLIDER_LABEL_X, CR_ROLE_DIM,
                     "%s %.3g  L %.3g  x0 %.3g  dephasing %s",
                     cr_frame_sym(v, "λ", "lam"), v->params.lambda, v->params.length,
                     v->params.x0, v->dephase ? "on" : "off");
}

/* First-order |ρ01| at the current Γ: the curve is ∝ Γ (Eq. 14), so
 * log-log interpolation between grid points is exact. */
static double first_order_here(const cr_view *v)
{
    double g = v->params.gamma;

    for (size_t i = 1; i < v->curve_n; i++) {
        double g0 = v->curve_gamma[i - 1], g1 = v->curve_gamma[i];
        double f0 = v->curve_first_coh[i - 1], f1 = v->curve_first_coh[i];

        if (g >= g0 && g <= g1 && g0 > 0 && f0 > 0 && f1 > 0) {
            double u = log(g / g0) / log(g1 / g0);
            return exp(log(f0) + u * (log(f1) - log(f0)));
        }
    }
    return NAN;
}

/* "ready" once the model's validity numbers are in (they are read, with
 * the warnings, in the w box).  Returns 0 if they are not. */
static int draw_validity_line(const cr_view *v, cr_canvas *c, int x, int y, int w)
{
    if (!v->have_validity)
        return 0;
    cr_canvas_text(c, x, y, w, "ready", CR_ROLE_DIM);
    return 1;
}

/* Whether warning i is one the paper's own parameters give too: the
 * model's limits there (every validity warning, and the parameter
 * warnings that the defaults raise, compared up to their first ':' or
 * '(').  Those are told calmly, in one line; the others in full. */
static int known_warning(const cr_view *v, int i)
{
    char def[CR_WARN_MAX][CR_WARN_LEN];
    cr_params p;
    int nparam = cr_params_warnings(&v->params, def, CR_WARN_MAX);
    if (i >= nparam)
        return 1; /* the model's limits crossed (colres/validity.h) */
    cr_params_default(&p);
    int nd = cr_params_warnings(&p, def, CR_WARN_MAX);
    size_t k = strcspn(v->warnings[i], ":(");
    for (int d = 0; d < nd; d++)
        if (strcspn(def[d], ":(") == k && strncmp(def[d], v->warnings[i], k) == 0)
            return 1;
    return 0;
}

static int new_warnings(const cr_view *v)
{
    int n = 0;
    for (int i = 0; i < v->nwarn; i++)
        n += !known_warning(v, i);
    return n;
}

/* Rows the new warnings need, wrapped after their "! " at width w. */
static int warnings_rows(const cr_view *v, cr_canvas *c, int w)
{
    int need = 0;
    for (int i = 0; i < v->nwarn; i++)
        if (!known_warning(v, i))
            need += cr_canvas_wrap(c, 0, 0, w - 2, 0, v->warnings[i], CR_ROLE_WARNING);
    return need;
}

/* Whether the new warnings go whole into the band below the sliders (full
 * width, from row CR_VIEW_SLIDERS + 1); else their count takes row 5 of
 * the numbers panel. */
static int warnings_fit_band(const cr_view *v, cr_canvas *c, const layout *L)
{
    return L->top_h > CR_VIEW_SLIDERS + 1
        && warnings_rows(v, c, c->width - SLIDER_LABEL_X) <= L->top_h - (CR_VIEW_SLIDERS + 1);
}

/* One line on the warnings: the count of the new ones in the warning
 * colour, or calmly the model's limits the paper's parameters have too. */
static void warnings_line(const cr_view *v, cr_canvas *c, int x, int y, int w)
{
    int fresh = new_warnings(v);
    if (fresh > 0)
        cr_canvas_printf(c, x, y, w, CR_ROLE_WARNING, "! %d warning%s: press w to read",
                         v->nwarn, v->nwarn > 1 ? "s" : "");
    else if (v->nwarn > 0)
        cr_canvas_printf(c, x, y, w, CR_ROLE_DIM, "%d note%s on the model's limits: w",
                         v->nwarn, v->nwarn > 1 ? "s" : "");
    else
        cr_canvas_text(c, x, y, w, "no warnings", CR_ROLE_DIM);
}

static void draw_warnings(const cr_view *v, cr_canvas *c, const layout *L, int y)
{
    (void)y;
    if (L->top_h <= CR_VIEW_SLIDERS + 1) { /* 80 columns: one row of the numbers */
        warnings_line(v, c, L->numbers.x, 5, L->numbers.w);
        return;
    }
    /* The band below the sliders, full width: new warnings whole where they
     * fit (never a cut sentence), then what the selected slider means and
     * how to move it, and on the last row the line on the warnings, so
     * that no row stands empty. */
    int x = SLIDER_LABEL_X, w = c->width - SLIDER_LABEL_X;
    int row = CR_VIEW_SLIDERS + 1, end = L->top_h;
    if (new_warnings(v) > 0 && warnings_rows(v, c, w) <= end - row - 1) {
        for (int i = 0; i < v->nwarn; i++) {
            if (known_warning(v, i))
                continue;
            cr_canvas_put(c, x, row, '!', CR_ROLE_WARNING);
            row += cr_canvas_wrap(c, x + 2, row, w - 2, end - row - 1, v->warnings[i],
                                  CR_ROLE_WARNING);
        }
    }
    char t[CR_VIEW_TEXT];
    const char *words[2] = {
        cr_frame_words(v, cr_words_param_meaning(v->slider_param[v->selected]), t, sizeof t),
        cr_frame_sym(v, "←→ move the selected slider, ↑↓ select another, Enter types a value",
                  "Left/Right move the selected slider, Up/Down select another, Enter types a value"),
    };
    for (int i = 0; i < 2 && row < end - 1; i++)
        cr_canvas_text(c, x, row++, w, words[i], CR_ROLE_DIM);
    warnings_line(v, c, x, row, w);
}

/* The numbers of any level scheme: every population, the quantity shown
 * and the distance to thermal, then the energies and the coupling C on the
 * rows above `rows` (the status line and the warnings keep theirs).
 * Returns the next row. */
static int draw_levels_numbers(const cr_view *v, cr_canvas *c, int x, int y, int w, int rows)
{
    const cr_params *p = &v->params;
    int n = p->nlevels, at = x;
    if (v->have_steady && v->nsteady.n == n) {
        for (int j = 0; j < n; j++) {
            char t[48];
            snprintf(t, sizeof t, "%s%d%d %.4f", cr_frame_sym(v, "ρ", "rho"), j, j,
                     creal(v->nsteady.v[CR_NVEC(n, j, j)]));
            int tw = cr_text_width(t);
            if (at > x && at + tw > x + w)
                at = x, y++;
            cr_canvas_text(c, at, y, x + w - at, t, j % 2 ? CR_ROLE_RHO11 : CR_ROLE_RHO00);
            at += tw + 2;
        }
        y++;
        double q = cr_quantity_of(v->quantity, &v->nsteady, p);
        cr_canvas_printf(c, x, y++, w, CR_ROLE_COH, q < 1e-3 ? "%s %.3g" : "%s %.5f",
                         cr_frame_quantity_name(v), q);
        cr_canvas_printf(c, x, y++, w, CR_ROLE_THERMAL, "distance to thermal %.4f",
                         v->trace_distance);
    } else {
        cr_canvas_text(c, x, y++, w, "computing the steady state...", CR_ROLE_DIM);
    }
    double e[CR_NMAX];
    cr_params_energies(p, e);
    char t[1100];
    int len = snprintf(t, sizeof t, "E");
    for (int j = 0; j < n && len < (int)sizeof t; j++)
        len += snprintf(t + len, sizeof t - (size_t)len, " %.3g", e[j]);
    if (y < rows)
        cr_canvas_text(c, x, y++, w, t, CR_ROLE_DIM);
    /* C as the --coupling flag writes it, wrapped over the rows left. */
    if (!p->coupling_set)
        snprintf(t, sizeof t, "C ladder <j|C|j+1> = 1+i");
    else {
        char m[1024];
        cr_params_format_coupling(p, m, sizeof m);
        snprintf(t, sizeof t, "C %s", m);
    }
    if (y < rows) {
        int need = cr_canvas_wrap(c, x, y, w, rows - y, t, CR_ROLE_DIM);
        y += need < rows - y ? need : rows - y;
    }
    return y;
}

static void draw_numbers(const cr_view *v, cr_canvas *c, const layout *L)
{
    int x = L->numbers.x, w = L->numbers.w, y = 0;
    const char *r00 = cr_frame_sym(v, "ρ00", "rho00"), *r11 = cr_frame_sym(v, "ρ11", "rho11");
    const char *r01 = cr_frame_sym(v, "ρ01", "rho01");

    if (v->params.nlevels > 2 || !cr_params_is_qubit(&v->params)) {
        /* The warnings' band (from row CR_VIEW_SLIDERS + 1) or their
         * count (row 5) and the status line keep the rows below. */
        y = draw_levels_numbers(v, c, x, y, w, warnings_fit_band(v, c, L) ? CR_VIEW_SLIDERS : 4);
    } else if (v->have_steady && (v->hide & (CR_HIDE_RHO00 | CR_HIDE_COHERENCE))) {
        /* A scene asks the class to predict these: not here either. */
        int h00 = v->hide & CR_HIDE_RHO00, h01 = v->hide & CR_HIDE_COHERENCE;
        double complex z = v->steady.v[CR_VEC(0, 1)];
        if (h00)
            cr_canvas_printf(c, x, y++, w, CR_ROLE_RHO00, "%s ?  %s ?  (predict, then Space)",
                             r00, r11);
        else
            cr_canvas_printf(c, x, y++, w, CR_ROLE_RHO00, "%s %.5f    %s %.5f", r00,
                             creal(v->steady.v[CR_VEC(0, 0)]), r11,
                             creal(v->steady.v[CR_VEC(1, 1)]));
        if (h01)
            cr_canvas_printf(c, x, y++, w, CR_ROLE_COH, "%s ?  |%s| ?  (predict, then Space)",
                             r01, r01);
        else
            cr_canvas_printf(c, x, y++, w, CR_ROLE_COH, "|%s| %.5f", r01, cabs(z));
        y++;
        cr_canvas_printf(c, x, y++, w, CR_ROLE_THERMAL, "thermal %s %.5f", r00,
                         creal(v->thermal.v[CR_VEC(0, 0)]));
    } else if (v->have_steady) {
        double complex z = v->steady.v[CR_VEC(0, 1)];
        double fo = first_order_here(v);

        cr_canvas_printf(c, x, y++, w, CR_ROLE_RHO00, "%s %.5f", r00,
                         creal(v->steady.v[CR_VEC(0, 0)]));
        cr_canvas_printf(c, x + 15, y - 1, w - 15, CR_ROLE_RHO11, "%s %.5f",
                         r11, creal(v->steady.v[CR_VEC(1, 1)]));
        cr_canvas_printf(c, x, y++, w, CR_ROLE_TEXT, "%s %.5f %+.5fi", r01,
                         creal(z), cimag(z));
        /* Tiny coherences (physical units: ~1e-6) as %.3g, not 0.00000. */
        int cw = cr_canvas_printf(c, x, y, w, CR_ROLE_COH,
                                  cabs(z) < 1e-3 ? "|%s| %.3g" : "|%s| %.5f",
                                  r01, cabs(z));
        if (isfinite(fo)) { /* an estimate: flagged where Γ ≳ Δ or above 1/2 */
            const char *flag = cr_first_order_in_range(&v->params, fo) ? ""
                               : fo > 0.5 ? " >1/2" : cr_frame_sym(v, " Γ≥Δ", " G>=del");
            char text[64];
            snprintf(text, sizeof text, fo < 1e-3 ? "first order %.3g%s" : "first order %.5f%s",
                     fo, flag);
            int room = w - cw - 2, cols = 0;
            for (const char *t = text; *t; t++)
                cols += ((unsigned char)*t & 0xC0) != 0x80; /* UTF-8: one column a character */
            if (cols > room) /* 80 columns: the flag whole, the label short */
                snprintf(text, sizeof text, fo < 1e-3 ? "1st ord %.3g%s" : "1st ord %.5f%s",
                         fo, flag);
            cr_canvas_printf(c, x + cw + 2, y, room, CR_ROLE_FIRST, "%s", text);
        }
        y++;
        cr_canvas_printf(c, x, y++, w, CR_ROLE_THERMAL,
                         "thermal %s %.5f (distance %.4f)", r00,
                         creal(v->thermal.v[CR_VEC(0, 0)]),
                         v->trace_distance);
    } else {
        cr_canvas_text(c, x, y++, w, "computing the steady state...",
                       CR_ROLE_DIM);
        y++;
        y++;
        cr_canvas_printf(c, x, y++, w, CR_ROLE_THERMAL, "thermal %s %.5f",
                         r00, creal(v->thermal.v[CR_VEC(0, 0)]));
    }
    if (v->error[0])
        cr_canvas_printf(c, x, y++, w, CR_ROLE_ERROR, "error: %s", v->error);
    else if (v->busy_rows >= 0)
        cr_canvas_printf(c, x, y++, w, CR_ROLE_STATUS, "computing… %d/%d heat rows",
                         v->busy_rows, v->heat_ny);
    else if (!draw_validity_line(v, c, x, y++, w))
        cr_canvas_text(c, x, y - 1, w, "ready", CR_ROLE_DIM);
    draw_warnings(v, c, L, y);
}

static void draw_bar_line(cr_canvas *c, int y, const char *text, int role)
{
    cr_canvas_fill(c, 0, y, c->width, 1, ' ', role);
    cr_canvas_text(c, 0, y, c->width, text, role);
}

static int draw_enlarge(cr_canvas *c)
{
    char need[64];
    const char *first = "enlarge the terminal";
    int len;

    snprintf(need, sizeof need, "(need %dx%d, have %dx%d)", CR_FRAME_MIN_W,
             CR_FRAME_MIN_H, c->width, c->height);
    len = cr_text_width(first) + 1 + (int)strlen(need);
    if (len <= c->width) {
        char line[96];
        snprintf(line, sizeof line, "%s %s", first, need);
        cr_canvas_text(c, (c->width - len) / 2, c->height / 2, -1, line,
                       CR_ROLE_WARNING);
        return 1;
    }
    int w1 = cr_text_width(first), w2 = (int)strlen(need);
    int y = c->height / 2 - 1 < 0 ? 0 : c->height / 2 - 1;
    cr_canvas_text(c, w1 < c->width ? (c->width - w1) / 2 : 0, y, -1, first,
                   CR_ROLE_WARNING);
    cr_canvas_text(c, w2 < c->width ? (c->width - w2) / 2 : 0, y + 1, -1,
                   need, CR_ROLE_WARNING);
    return 1;
}

int cr_frame_render(const cr_view *v, cr_canvas *c)
{
    layout L;
    char line[CR_VIEW_TEXT * 2];

    cr_canvas_clear(c);
    if (c->width < CR_FRAME_MIN_W || c->height < CR_FRAME_MIN_H)
        return draw_enlarge(c);
    make_layout(v, v->focus, c->width, c->height, &L);
    draw_sliders(v, c, &L);
    draw_numbers(v, c, &L);
    if (L.steady.w > 0)
        cr_frame_draw_steady(v, c, L.steady);
    if (L.traj.w > 0)
        cr_frame_draw_traj(v, c, L.traj);
    if (L.heat.w > 0)
        cr_frame_draw_heat(v, c, L.heat);
    for (int k = 0; k < 2 && L.three; k++) {
        int pl = v->side[k].plane;
        if (pl >= 0 && pl < CR_PLANE_COUNT && pl != v->plane)
            cr_frame_draw_heat_side(v, c, L.plane[pl], k);
    }
    if (L.scene.h > 0)
        cr_frame_draw_scene(v, c, L.scene);

    int hint_role = CR_ROLE_HINT;
    if (v->caption[0] && v->scene_n == 0) { /* a preset says what to look at; ? has the keys */
        cr_frame_words(v, v->caption, line, sizeof line);
        hint_role = CR_ROLE_TITLE;
    } else
        cr_frame_hint_line(v, c->width, line, sizeof line);
    draw_bar_line(c, L.hint_y, line, hint_role);
    if (v->status[0] && cr_text_width(v->status) > c->width) {
        /* A long message is wrapped upwards over the hint bar (and the
         * rows above it if need be), never cut. */
        int need = cr_canvas_wrap(NULL, 0, 0, c->width, 0, v->status, CR_ROLE_STATUS);
        int y0 = L.status_y + 1 - (need < 4 ? need : 4);
        cr_canvas_fill(c, 0, y0, c->width, L.status_y + 1 - y0, ' ', CR_ROLE_STATUS);
        cr_canvas_wrap(c, 0, y0, c->width, L.status_y + 1 - y0, v->status, CR_ROLE_STATUS);
        line[0] = '\0';
    } else if (v->status[0]) {
        snprintf(line, sizeof line, "%s", v->status);
    } else {
        char speed[48] = "", times[80] = "";

        if (v->speed > 0 && !v->paused)
            snprintf(speed, sizeof speed, "  %.3g collisions/s", v->speed);
        /* Measured timings only here, so a snapshot differs from the live
         * screen in this line alone. */
        if (v->timings && v->map_ms >= 0 && v->heat_seconds >= 0)
            snprintf(times, sizeof times, "  map %.2f ms, heat map %.3g s", v->map_ms,
                     v->heat_seconds);
        else if (v->timings && v->map_ms >= 0)
            snprintf(times, sizeof times, "  map %.2f ms", v->map_ms);
        snprintf(line, sizeof line, "colres  %s amplitudes  dephasing %s  "
                 "seed %lu  %lu collisions", v->params.amplitudes ==
                 CR_AMP_EXACT ? "exact" : "approx", v->dephase ? "on" : "off",
                 v->seed, v->collisions);
        /* The rest only as far as it fits whole: no half number. */
        const char *more[2] = { v->paused ? "  paused" : speed, times };
        for (int i = 0; i < 2; i++) {
            size_t len = strlen(line);
            if (cr_text_width(line) + cr_text_width(more[i]) <= c->width)
                snprintf(line + len, sizeof line - len, "%s", more[i]);
        }
    }
    if (line[0] != '\0' || !v->status[0])
        draw_bar_line(c, L.status_y, line, CR_ROLE_STATUS);
    if (v->show_units)
        cr_frame_draw_units(v, c);
    if (v->show_warnings)
        cr_frame_draw_warnings(v, c);
    if (v->show_help && v->help_n > 0)
        cr_frame_draw_help(v, c);
    return 0;
}

int cr_frame_three_planes(const cr_view *v, int width, int height)
{
    layout L;
    if (width < CR_FRAME_MIN_W || height < CR_FRAME_MIN_H)
        return 0;
    make_layout(v, v->focus, width, height, &L);
    return L.three;
}

int cr_frame_slider_at(const cr_view *v, int width, int height, int x, int y,
                       int *slider, double *value)
{
    layout L;
    int n;

    if (width < CR_FRAME_MIN_W || height < CR_FRAME_MIN_H)
        return 0;
    make_layout(v, v->focus, width, height, &L);
    if (y < 0 || y >= CR_VIEW_SLIDERS || x < 0 || x >= L.sliders.w)
        return 0;
    *slider = y;
    n = L.bar_w - 2;
    if (x < L.bar_x || n < 3)
        return 1;
    double u = (double)(x - L.bar_x - 1) / (n - 1);
    if (u < 0)
        u = 0;
    if (u > 1)
        u = 1;
    *value = slider_value(v, y, u);
    return 1;
}

void cr_frame_heat_size(const cr_view *v, int plane, int width, int height,
                        int *nx, int *ny)
{
    cr_canvas *c;
    cr_plane axes;
    cr_axis xa, ya;
    cr_plot p;
    layout L;

    *nx = *ny = 0;
    if (width < CR_FRAME_MIN_W || height < CR_FRAME_MIN_H || cr_plane_get(plane, &axes) != 0)
        return;
    /* Fig. 1 or 2 focused: the map keeps the size it has beside them. */
    make_layout(v, v->focus == 3 ? 3 : 0, width, height, &L);
    rect hr = L.three && plane >= 0 && plane < CR_PLANE_COUNT ? L.plane[plane] : L.heat;
    c = cr_canvas_new(width, height, v->ascii);
    if (!c)
        return;
    cr_frame_heat_axes(v, &axes, &xa, &ya);
    if (cr_plot_begin(&p, c, hr.x, hr.y + 1, hr.w, hr.h - 2, &xa, &ya) == 0) {
        *nx = p.pw < CR_SCREEN_HEAT_MAX ? p.pw : CR_SCREEN_HEAT_MAX;
        *ny = p.ph < CR_SCREEN_HEAT_MAX ? p.ph : CR_SCREEN_HEAT_MAX;
    }
    cr_canvas_free(c);
}
