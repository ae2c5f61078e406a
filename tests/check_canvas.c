/* check_canvas.c — the pure drawing layer: canvas, plots, heat maps and the
 * TUI frame layout (colres/canvas.h, plot.h, frame.h, model.h).  No curses,
 * no engine computations: views are filled with synthetic curves so each
 * test controls exactly what is drawn. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/canvas.h"
#include "view/frame.h"
#include "view/view.h"
#include "view/plot.h"
#include "testutil.h"
#include "viewutil.h"

/* Number of cells holding code point ch. */
static int count_glyph(const cr_canvas *c, uint32_t ch)
{
    int n = 0;

    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            n += cr_canvas_get(c, x, y).ch == ch;
    return n;
}


/* A view with simple synthetic curves: populations 0.55 / 0.45,
 * coherence rising linearly in log Γ, a trajectory and a 4×3 map. */
static cr_view *synthetic_view(int ascii)
{
    cr_view *v = cr_view_new();

    ck_assert_ptr_nonnull(v);
    v->ascii = ascii;
    v->curve_n = 50;
    for (size_t i = 0; i < v->curve_n; i++) {
        double g = pow(10, -2 + 4.0 * (double)i / 49);
        v->curve_gamma[i] = g;
        v->curve_rho00[i] = 0.55;
        v->curve_rho11[i] = 0.45;
        v->curve_coh[i] = 0.1 * (double)i / 49;
        v->curve_first_coh[i] = 0.01 * g;
    }
    cr_state s = { { 0.55, 0.01 + 0.02 * I, 0.01 - 0.02 * I, 0.45 } };
    cr_nstate ns;
    cr_nstate_from_qubit(&s, &ns);
    cr_view_set_steady(v, &s, &ns);
    for (int i = 0; i <= 40; i++)
        cr_view_traj_push(v, i, 0.5 + 0.3 * sin(i));
    cr_plane ax;
    cr_plane_get(CR_PLANE_DX_DELTA, &ax);
    cr_view_heat_setup(v, &ax, 4, 3);
    double row[4] = { 0, 1, 2, 3 };
    for (size_t r = 0; r < 3; r++)
        cr_view_heat_row(v, r, row, 4);
    return v;
}

/* Range 0..1 with 6 ticks at most: 0, 0.2, ..., 1 (1e-12: the values are
 * k·0.2 computed in floating point). */
START_TEST(test_linear_ticks_are_nice)
{
    double t[16];
    int n = cr_ticks_linear(0, 1, 6, t, 16);

    ck_assert_int_eq(n, 6);
    for (int i = 0; i < n; i++)
        TU_CLOSE(t[i], 0.2 * i, 1e-12, "tick");
    n = cr_ticks_linear(-0.03, 0.97, 6, t, 16);
    ck_assert_int_eq(n, 5);   /* 0, 0.2, ..., 0.8: inside the range only */
    ck_assert(t[0] == 0.0 && !signbit(t[0]));
}
END_TEST

/* Log axis 1e-2..1e2: exactly the five decades (relative 1e-12). */
START_TEST(test_log_ticks_are_decades)
{
    double t[16];
    char buf[16];
    int n = cr_ticks_log(1e-2, 1e2, 8, t, 16);

    ck_assert_int_eq(n, 5);
    for (int i = 0; i < n; i++)
        TU_CLOSE(t[i] / pow(10, i - 2), 1, 1e-12, "decade");
    cr_tick_format(1e-2, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.01");
    cr_tick_format(1e-5, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "1e-5");
    /* Too many decades for the room: thinned, still decades. */
    n = cr_ticks_log(1e-10, 1e10, 4, t, 16);
    ck_assert(n <= 5 && n >= 2);
}
END_TEST

/* Points with x <= 0 on a log axis, NaN or inf are never drawn. */
START_TEST(test_log_axis_skips_nonpositive_and_nan)
{
    cr_canvas *c = cr_canvas_new(40, 12, 1);
    cr_axis xa = { .min = 1e-2, .max = 1e2, .log = 1 }, ya = { .min = 0, .max = 1 };
    double xs[] = { 0, -1, 1, NAN, INFINITY }, ys[] = { 0.5, 0.5, NAN, 0.5,
                                                        0.5 };
    cr_series s = { .x = xs, .y = ys, .n = 5, .glyph = 'Q', .role = CR_ROLE_RHO00 };
    cr_plot p;
    int cx, cy;

    ck_assert_int_eq(cr_plot_begin(&p, c, 0, 0, 40, 12, &xa, &ya), 0);
    cr_plot_series(&p, &s);
    ck_assert_int_eq(count_glyph(c, 'Q'), 0);
    ck_assert_int_eq(cr_plot_cell(&p, 0, 0.5, &cx, &cy), -1);
    ck_assert_int_eq(cr_plot_cell(&p, -3, 0.5, &cx, &cy), -1);
    ck_assert_int_eq(cr_plot_cell(&p, 1, 0.5, &cx, &cy), 0);
    cr_canvas_free(c);
}
END_TEST

/* A NaN breaks a line: the cells between the two sides stay empty. */
START_TEST(test_nan_breaks_the_line)
{
    cr_canvas *c = cr_canvas_new(40, 10, 1);
    cr_axis xa = { .min = 0, .max = 4 }, ya = { .min = 0, .max = 1 };
    double xs[] = { 0, 2, 4 }, ys[] = { 0.5, NAN, 0.5 };
    cr_series s = { .x = xs, .y = ys, .n = 3, .glyph = 'Q', .role = CR_ROLE_RHO00 };
    cr_plot p;

    cr_plot_begin(&p, c, 0, 0, 40, 10, &xa, &ya);
    cr_plot_series(&p, &s);
    ck_assert_int_eq(count_glyph(c, 'Q'), 2);
    ys[1] = 0.5;   /* control: without the NaN the line is continuous */
    cr_plot_series(&p, &s);
    ck_assert_int_eq(count_glyph(c, 'Q'), p.pw);
    cr_canvas_free(c);
}
END_TEST

/* Fig. 2 at 80×24 as at Γ = 100 in the paper's defaults: ρ00 = 0.5041
 * against the thermal 0.5150, a departure of 0.011.  On its own zoomed
 * axis the current point ('X') and the thermal line (labelled with its
 * value) fall on different rows; on the old shared 0..0.6 axis (0.1 per
 * row) they did not.  The legend names each series by its glyph. */
START_TEST(test_populations_depart_from_thermal_visibly)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_params p = v->params;
    p.gamma = 100;
    cr_view_set_params(v, &p);
    double th = creal(v->thermal.v[0]);
    for (size_t i = 0; i < v->curve_n; i++)
        v->curve_rho00[i] = th - 0.011 * (double)i / 49;
    cr_state s = { { th - 0.011, 0.1, 0.1, 1 - th + 0.011 } };
    cr_nstate ns;
    cr_nstate_from_qubit(&s, &ns);
    cr_view_set_steady(v, &s, &ns);
    cr_frame_render(v, c);
    char *text = tu_canvas_text(c, 1);
    ck_assert_msg(strstr(text, "o rho00") && strstr(text, "- thermal")
                      && strstr(text, "* |rho01|"), "legend missing:\n%s", text);
    int row_thermal = -1, row_point = -1;
    for (int y = 6; y < 22; y++)
        for (int x = 0; x < 26; x++) {
            char buf[8];
            size_t k = 0;
            for (; k < 6 && x + (int)k < 26; k++)
                buf[k] = (char)cr_canvas_get(c, x + (int)k, y).ch;
            buf[k] = '\0';
            if (strcmp(buf, "0.5150") == 0)
                row_thermal = y;
            if (cr_canvas_get(c, x, y).ch == 'X' && cr_canvas_get(c, x, y).role == CR_ROLE_MARKER)
                row_point = y;
        }
    ck_assert_msg(row_thermal >= 0 && row_point >= 0 && row_point != row_thermal,
                  "thermal row %d, point row %d:\n%s", row_thermal, row_point, text);
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* An ASCII canvas only ever holds, and writes, bytes < 128, whatever text
 * is drawn into it. */
START_TEST(test_ascii_mode_emits_only_ascii)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(100, 30, 1);
    char *text;

    snprintf(v->status, sizeof v->status, "Γ ρ00 β ★ ✓ ü");
    cr_frame_render(v, c);
    cr_canvas_text(c, 0, 0, -1, "ρ01 → ░▒▓ █ ⣿ 日本", CR_ROLE_TEXT);
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            ck_assert_uint_lt(cr_canvas_get(c, x, y).ch, 128);
    text = tu_canvas_text(c, 1);
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        ck_assert_uint_lt(*s, 128);
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* Ramp: min → ' ', max → '@', NaN cells blank but not heat-coloured. */
START_TEST(test_heat_ramp_and_nan_cells)
{
    cr_canvas *c = cr_canvas_new(30, 8, 1);
    cr_axis xa = { .min = 0, .max = 1 }, ya = { .min = 0, .max = 1 };
    double map[3] = { 2.0, NAN, 7.0 };   /* 3 × 1 */
    double lo = 0, hi = 0;
    cr_plot p;

    ck_assert_uint_eq(cr_plot_heat_glyph(0, 1), ' ');
    ck_assert_uint_eq(cr_plot_heat_glyph(1, 1), '@');
    ck_assert_uint_eq(cr_plot_heat_glyph(0.5, 1),
                      (uint32_t)CR_HEAT_RAMP_ASCII[5]);
    ck_assert_int_eq(cr_plot_heat_role(0), CR_ROLE_HEAT0);
    ck_assert_int_eq(cr_plot_heat_role(1), CR_ROLE_HEAT7);
    ck_assert_int_eq(cr_plot_heat_range(map, 3, 0, &lo, &hi), 0);
    ck_assert(lo == 2.0 && hi == 7.0);

    cr_plot_begin(&p, c, 0, 0, 30, 8, &xa, &ya);
    cr_heat_scale sc = { .lo = lo, .hi = hi };
    cr_plot_heatmap(&p, map, 3, 1, &sc);
    cr_cell left = cr_canvas_get(c, p.px, p.py);
    cr_cell mid = cr_canvas_get(c, p.px + p.pw / 2, p.py);
    cr_cell right = cr_canvas_get(c, p.px + p.pw - 1, p.py);
    ck_assert_uint_eq(left.ch, ' ');
    ck_assert_int_eq(left.role, CR_ROLE_HEAT0);
    ck_assert_uint_eq(mid.ch, ' ');
    ck_assert_int_eq(mid.role, CR_ROLE_DIM);
    ck_assert_uint_eq(right.ch, '@');
    ck_assert_int_eq(right.role, CR_ROLE_HEAT7);
    cr_canvas_free(c);
}
END_TEST

/* The colour scale: linear from lo to hi; log puts the geometric mean in
 * the middle, so equal colour steps are equal factors (the map's values
 * span decades); values ≤ 0 sit at the bottom of a log scale.  1e-15: a
 * few roundings of log and division. */
START_TEST(test_heat_scale_linear_and_log)
{
    cr_heat_scale lin = { .lo = 2, .hi = 7 }, lg = { .lo = 1e-4, .hi = 1e-1, .log = 1 };
    ck_assert_double_eq_tol(cr_plot_heat_t(&lin, 2), 0, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lin, 4.5), 0.5, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lin, 7), 1, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lg, 1e-4), 0, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lg, sqrt(1e-4 * 1e-1)), 0.5, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lg, 1e-3), 1.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(cr_plot_heat_t(&lg, 1e-1), 1, 1e-15);
    ck_assert(cr_plot_heat_t(&lg, 0) == 0.0);
    double map[4] = { 0, 1e-3, NAN, 5e-2 }, lo = 0, hi = 0;
    ck_assert_int_eq(cr_plot_heat_range(map, 4, 1, &lo, &hi), 0);
    ck_assert(lo == 1e-3 && hi == 5e-2);
}
END_TEST

/* Text at and beyond every edge is clipped: only in-bounds cells change
 * (stray writes outside the cell array would also trip the sanitizer
 * build, --enable-sanitizers). */
START_TEST(test_text_clipping_stays_in_bounds)
{
    cr_canvas *c = cr_canvas_new(10, 3, 0);
    char row[64];

    cr_canvas_text(c, -2, 1, -1, "abcdef", CR_ROLE_TEXT);
    cr_canvas_row_text(c, 1, 0, row, sizeof row);
    ck_assert_str_eq(row, "cdef");
    cr_canvas_text(c, 8, 1, 100, "xyz", CR_ROLE_TEXT);
    cr_canvas_row_text(c, 1, 0, row, sizeof row);
    ck_assert_str_eq(row, "cdef    xy");
    cr_canvas_text(c, 0, 1, -3, "zzz", CR_ROLE_TEXT);   /* no room left */
    cr_canvas_text(c, 0, 1, 0, "zzz", CR_ROLE_TEXT);
    cr_canvas_text(c, 0, -1, -1, "above", CR_ROLE_TEXT);
    cr_canvas_text(c, 0, 3, -1, "below", CR_ROLE_TEXT);
    cr_canvas_text(c, 20, 0, -1, "right", CR_ROLE_TEXT);
    cr_canvas_box(c, -5, -5, 100, 100, CR_ROLE_BORDER, "title");
    cr_canvas_fill(c, 5, 2, 1000, 1000, '#', CR_ROLE_TEXT);
    cr_canvas_row_text(c, 0, 0, row, sizeof row);
    ck_assert_str_eq(row, "");
    cr_canvas_row_text(c, 2, 0, row, sizeof row);
    ck_assert_str_eq(row, "     #####");
    /* A too-small buffer is cut, NUL-terminated, and the full length is
     * still reported. */
    ck_assert_uint_eq(cr_canvas_row_text(c, 1, 0, row, 3), 10);
    ck_assert_str_eq(row, "cd");
    ck_assert_uint_eq(cr_canvas_get(c, -1, 0).ch, ' ');
    cr_canvas_free(c);
}
END_TEST

/* UTF-8 in and out: Γ is U+0393 = CE 93; invalid bytes become '?'. */
START_TEST(test_utf8_round_trip)
{
    cr_canvas *c = cr_canvas_new(8, 1, 0);
    char row[64];

    ck_assert_int_eq(cr_canvas_text(c, 0, 0, -1, "Γ=ρ\xff", CR_ROLE_TEXT), 4);
    ck_assert_uint_eq(cr_canvas_get(c, 0, 0).ch, 0x0393);
    ck_assert_uint_eq(cr_canvas_get(c, 3, 0).ch, '?');
    cr_canvas_row_text(c, 0, 0, row, sizeof row);
    ck_assert_str_eq(row, "\xce\x93=\xcf\x81?");
    cr_canvas_row_text(c, 0, 1, row, sizeof row);
    ck_assert_str_eq(row, "G=p?");
    cr_canvas_free(c);
}
END_TEST

/* Braille series set dots inside U+2800..U+28FF and merge in one cell. */
START_TEST(test_braille_series)
{
    cr_canvas *c = cr_canvas_new(30, 10, 0);
    cr_axis xa = { .min = 0, .max = 1 }, ya = { .min = 0, .max = 1 };
    double xs[] = { 0, 1 }, ys[] = { 0, 1 };
    cr_series s = { .x = xs, .y = ys, .n = 2, .glyph = '+', .role = CR_ROLE_TRAJ, .braille = 1 };
    cr_plot p;
    int braille = 0;

    cr_plot_begin(&p, c, 0, 0, 30, 10, &xa, &ya);
    cr_plot_series(&p, &s);
    for (int y = p.py; y < p.py + p.ph; y++)
        for (int x = p.px; x < p.px + p.pw; x++) {
            uint32_t ch = cr_canvas_get(c, x, y).ch;
            ck_assert(ch == ' ' || (ch > 0x2800 && ch <= 0x28FF));
            braille += ch != ' ';
        }
    /* A diagonal over pw × ph cells touches at least max(pw, ph) cells. */
    ck_assert_int_ge(braille, p.pw > p.ph ? p.pw : p.ph);
    cr_canvas_free(c);
}
END_TEST

static void assert_lines_fit(const cr_canvas *c, int ascii)
{
    char row[4096];

    for (int y = 0; y < c->height; y++) {
        cr_canvas_row_text(c, y, ascii, row, sizeof row);
        ck_assert_int_le(cr_text_width(row), c->width);
    }
}

/* 80×24 is complete: sliders with values, all panel titles, numbers,
 * hint and status lines. */
START_TEST(test_frame_80x24_is_complete)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    char *text;

    ck_assert_int_eq(cr_frame_render(v, c), 0);
    text = tu_canvas_text(c, 1);
    const char *must[] = { "> G    5 ", "del  0.6", "dx   1", "beta 0.1",
                           "m    0.1", "rho00 0.55000", "rho11 0.45000",
                           "rho00 vs Gt", "Fig. 3  |rho01|, dx-del",
                           "thermal rho00 0.51500", "seed 1", "q quit",
                           "colres" };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        ck_assert_msg(strstr(text, must[i]), "\"%s\" missing:\n%s", must[i],
                      text);
    assert_lines_fit(c, 1);
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* 160×48 (Unicode) uses the room: bigger heat map, titled panels. */
START_TEST(test_frame_160x48_uses_the_space)
{
    cr_view *v = synthetic_view(0);
    cr_canvas *c = cr_canvas_new(160, 48, 0);
    int nx_small, ny_small, nx_big, ny_big;
    char *text;

    ck_assert_int_eq(cr_frame_render(v, c), 0);
    text = tu_canvas_text(c, 0);
    ck_assert_msg(strstr(text, "Fig. 2  steady state vs Γ")
                      && strstr(text, "ρ00 0.55000") && strstr(text, "Γ "),
                  "missing labels:\n%s", text);
    assert_lines_fit(c, 0);
    cr_frame_heat_size(v, v->plane, 80, 24, &nx_small, &ny_small);
    cr_frame_heat_size(v, v->plane, 160, 48, &nx_big, &ny_big);
    ck_assert_int_gt(nx_small, 0);
    ck_assert_int_gt(nx_big, nx_small);
    ck_assert_int_gt(ny_big, ny_small);
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* Below 80×24: only the centred enlarge message. */
START_TEST(test_frame_too_small_asks_to_enlarge)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(79, 24, 1);
    char *text, row[256];

    ck_assert_int_eq(cr_frame_render(v, c), 1);
    text = tu_canvas_text(c, 1);
    ck_assert_msg(strstr(text, "enlarge the terminal (need 80x24, have 79x24)"),
                  "%s", text);
    ck_assert(!strstr(text, "rho00"));
    cr_canvas_row_text(c, 12, 1, row, sizeof row);
    int lead = (int)strspn(row, " ");
    int len = (int)strlen(row) - lead;
    ck_assert_int_le(abs(lead - (79 - len - lead)), 1);   /* centred */
    free(text);
    cr_canvas_resize(c, 20, 3);   /* tiny: still in bounds, still says it */
    cr_frame_render(v, c);
    text = tu_canvas_text(c, 1);
    ck_assert(strstr(text, "enlarge the terminal"));
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* Mouse: the bar ends give the slider range ends (log slider Γ: 1e-2 and
 * 1e2, relative 1e-12); a label selects without a value; elsewhere 0. */
START_TEST(test_slider_hit_test)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    int slider = -1, lo = -1, hi = -1;
    double value = -1;
    char row[128];

    cr_frame_render(v, c);
    cr_canvas_row_text(c, 0, 1, row, sizeof row);
    lo = (int)(strchr(row, '[') - row);
    hi = (int)(strchr(row, ']') - row);
    ck_assert_int_eq(cr_frame_slider_at(v, 80, 24, lo + 1, 0, &slider,
                                        &value), 1);
    ck_assert_int_eq(slider, 0);
    TU_CLOSE(value / 1e-2, 1, 1e-12, "left end of Γ");
    ck_assert_int_eq(cr_frame_slider_at(v, 80, 24, hi - 1, 0, &slider,
                                        &value), 1);
    TU_CLOSE(value / 1e2, 1, 1e-12, "right end of Γ");
    /* The middle of the linear Δ slider is the middle of its range. */
    ck_assert_int_eq(cr_frame_slider_at(v, 80, 24, (lo + hi) / 2, 1, &slider,
                                        &value), 1);
    ck_assert_int_eq(slider, 1);
    TU_CLOSE(value, 0.5 * (v->slider_min[1] + v->slider_max[1]),
             (v->slider_max[1] - v->slider_min[1]) / (hi - lo - 2),
             "middle of Δ (one cell)");
    value = -7;
    ck_assert_int_eq(cr_frame_slider_at(v, 80, 24, 2, 3, &slider, &value), 1);
    ck_assert_int_eq(slider, 3);
    ck_assert(value == -7);
    ck_assert_int_eq(cr_frame_slider_at(v, 80, 24, 2, 10, &slider, &value),
                     0);
    ck_assert_int_eq(cr_frame_slider_at(v, 79, 24, lo + 1, 0, &slider,
                                        &value), 0);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* The selected slider is highlighted; the help overlay shows UI lines. */
START_TEST(test_selection_and_help_overlay)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    char *text;

    v->selected = 2;
    v->help[0] = "q  quit colres";
    v->help[1] = "?  this help";
    v->help_n = 2;
    v->show_help = 1;
    cr_frame_render(v, c);
    ck_assert_int_eq(cr_canvas_get(c, 0, 2).role, CR_ROLE_HIGHLIGHT);
    ck_assert_int_ne(cr_canvas_get(c, 2, 0).role, CR_ROLE_HIGHLIGHT);
    text = tu_canvas_text(c, 1);
    ck_assert(strstr(text, "q  quit colres") && strstr(text, "help"));
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* The trajectory ring buffer keeps the newest CR_SCREEN_TRAJ_MAX samples in
 * order. */
START_TEST(test_traj_ring_buffer)
{
    cr_view *v = cr_view_new();
    size_t extra = 10;

    for (size_t i = 0; i < CR_SCREEN_TRAJ_MAX + extra; i++)
        cr_view_traj_push(v, (double)i, 0);
    ck_assert_uint_eq(v->traj_n, CR_SCREEN_TRAJ_MAX);
    ck_assert(v->traj_gt[v->traj_start] == (double)extra);
    ck_assert(v->traj_gt[(v->traj_start + CR_SCREEN_TRAJ_MAX - 1)
                         % CR_SCREEN_TRAJ_MAX]
              == (double)(CR_SCREEN_TRAJ_MAX + extra - 1));
    cr_view_free(v);
}
END_TEST

/* Slider steps land on round values: Γ from 5 walks 5 → 6 → 8 → 10 up and
 * 5 → 4 → 3 → 2.5 → 2 → 1.5 → 1.2 → 1 down, ten steps are a decade, and
 * the paper's values (Γ = 10, 5, 1; β = m = 0.1) are reached exactly (==:
 * each value is the double nearest its decimal, as the prompt would read
 * it).  From a value off the grid, one step goes to the neighbour.  Δ
 * (linear) moves by 0.05: 0.6 → 0.65, and 1.2 is reached from 0.6.  The
 * ends clamp to the slider range. */
START_TEST(test_slider_steps_are_round)
{
    cr_view *v = cr_view_new();
    const double up[] = { 6, 8, 10, 12, 15 }, down[] = { 4, 3, 2.5, 2, 1.5, 1.2, 1 };
    double g = 5;
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        g = cr_view_slider_step(v, 0, g, 1);
        ck_assert_msg(g == up[i], "up %zu: %.17g", i, g);
    }
    g = 5;
    for (size_t i = 0; i < sizeof down / sizeof down[0]; i++) {
        g = cr_view_slider_step(v, 0, g, -1);
        ck_assert_msg(g == down[i], "down %zu: %.17g", i, g);
    }
    ck_assert(cr_view_slider_step(v, 0, 5, 10) == 50);
    ck_assert(cr_view_slider_step(v, 0, 5, -10) == 0.5);
    ck_assert(cr_view_slider_step(v, 0, 1, -10) == 0.1);
    ck_assert(cr_view_slider_step(v, 0, 5.482, 1) == 6);
    ck_assert(cr_view_slider_step(v, 0, 5.482, -1) == 5);
    ck_assert(cr_view_slider_step(v, 0, 80, 10) == 100); /* clamped to the range */
    ck_assert(cr_view_slider_step(v, 3, 0.12, -1) == 0.1); /* β */
    double d = 0.6;
    d = cr_view_slider_step(v, 1, d, 1);
    ck_assert_msg(d == 0.65, "delta %.17g", d);
    d = cr_view_slider_step(v, 1, 0.6, 12);
    ck_assert_msg(d == 1.2, "delta %.17g", d);
    ck_assert(cr_view_slider_step(v, 1, 0.6129, -1) == 0.6);
    cr_view_free(v);
}
END_TEST

/* The thermal line is drawn on top of ρ00 in Fig. 2 (where ρ00 is thermal,
 * at small Γ, the class must still see the line): with the whole curve on
 * the thermal value, its row holds thermal-role dashes over the curve. */
START_TEST(test_thermal_line_is_on_top)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    double th = creal(v->thermal.v[0]);
    for (size_t i = 0; i < v->curve_n; i++)
        v->curve_rho00[i] = th;
    cr_frame_render(v, c);
    int dashes = 0, curve = 0;
    for (int y = 6; y < 22; y++)
        for (int x = 6; x < 24; x++) {
            cr_cell k = cr_canvas_get(c, x, y);
            dashes += k.ch == '-' && k.role == CR_ROLE_THERMAL;
            curve += k.ch == 'o' && k.role == CR_ROLE_RHO00;
        }
    ck_assert_msg(dashes >= 6 && curve > 0, "%d thermal dashes, %d curve cells", dashes, curve);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* A value off an axis is not silently dropped: Γ = 1000 (the Fig. 2 axis
 * ends at 100) gives an arrow with the value at the axis's right edge. */
START_TEST(test_offrange_marker_is_an_arrow)
{
    cr_view *v = synthetic_view(1);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_params p = v->params;
    p.gamma = 1000;
    cr_view_set_params(v, &p);
    cr_frame_render(v, c);
    char *text = tu_canvas_text(c, 1);
    ck_assert_msg(strstr(text, "G=1e+03 >") != NULL, "no arrow:\n%s", text);
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

static Suite *canvas_suite(void)
{
    Suite *s = suite_create("canvas");
    TCase *tc = tcase_create("plot");

    tcase_add_test(tc, test_linear_ticks_are_nice);
    tcase_add_test(tc, test_log_ticks_are_decades);
    tcase_add_test(tc, test_log_axis_skips_nonpositive_and_nan);
    tcase_add_test(tc, test_nan_breaks_the_line);
    tcase_add_test(tc, test_heat_ramp_and_nan_cells);
    tcase_add_test(tc, test_heat_scale_linear_and_log);
    tcase_add_test(tc, test_braille_series);
    suite_add_tcase(s, tc);

    tc = tcase_create("canvas");
    tcase_add_test(tc, test_ascii_mode_emits_only_ascii);
    tcase_add_test(tc, test_text_clipping_stays_in_bounds);
    tcase_add_test(tc, test_utf8_round_trip);
    suite_add_tcase(s, tc);

    tc = tcase_create("frame");
    tcase_add_test(tc, test_populations_depart_from_thermal_visibly);
    tcase_add_test(tc, test_thermal_line_is_on_top);
    tcase_add_test(tc, test_offrange_marker_is_an_arrow);
    tcase_add_test(tc, test_frame_80x24_is_complete);
    tcase_add_test(tc, test_frame_160x48_uses_the_space);
    tcase_add_test(tc, test_frame_too_small_asks_to_enlarge);
    tcase_add_test(tc, test_slider_hit_test);
    tcase_add_test(tc, test_slider_steps_are_round);
    tcase_add_test(tc, test_selection_and_help_overlay);
    tcase_add_test(tc, test_traj_ring_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(canvas_suite());
}
