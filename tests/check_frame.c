/* check_frame.c — the TUI frame's overlays (colres/frame.h): the theory
 * overlays of the Γ panel (first order, Eq. 14; rough estimate, Eq. 24),
 * the physical-units panel and the scrolling help.  Views
 * are filled with synthetic curves, so each test controls what is drawn.
 *
 * Layout fact the tests rely on (frame.c, make_layout): at 80×24 the Γ
 * panel is the left third of the plot rows, columns 0..25, rows 6..21. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/canvas.h"
#include "view/frame.h"
#include "view/view.h"
#include "colres/status.h"
#include "view/preset.h"
#include "testutil.h"
#include "viewutil.h"

#define W 80
#define H 24
#define PANEL_X1 26 /* Γ panel: x < PANEL_X1, PANEL_Y0 <= y < PANEL_Y1 */
#define PANEL_Y0 6
#define PANEL_Y1 22

static int in_panel(int x, int y)
{
    return x < PANEL_X1 && y >= PANEL_Y0 && y < PANEL_Y1;
}

/* Cells holding ch inside (inside = 1) or outside (inside = 0) the Γ panel. */
static int count_glyph(const cr_canvas *c, uint32_t ch, int inside)
{
    int n = 0;

    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            n += cr_canvas_get(c, x, y).ch == ch && in_panel(x, y) == inside;
    return n;
}

/* Rows of the Γ panel as text, joined by '\n'; caller frees. */
static char *panel_text(const cr_canvas *c, int ascii)
{
    size_t cap = (size_t)(PANEL_Y1 - PANEL_Y0) * (PANEL_X1 * 4 + 2) + 1;
    char *s = malloc(cap), row[W * 4 + 1];
    size_t len = 0;

    ck_assert_ptr_nonnull(s);
    for (int y = PANEL_Y0; y < PANEL_Y1; y++) {
        cr_canvas *one = cr_canvas_new(PANEL_X1, 1, c->ascii);
        ck_assert_ptr_nonnull(one);
        for (int x = 0; x < PANEL_X1; x++) {
            cr_cell k = cr_canvas_get(c, x, y);
            cr_canvas_put(one, x, 0, k.ch, k.role);
        }
        cr_canvas_row_text(one, 0, ascii, row, sizeof row);
        cr_canvas_free(one);
        len += (size_t)snprintf(s + len, cap - len, "%s\n", row);
    }
    return s;
}


/* Synthetic Γ curve: populations 0.55 / 0.45, |ρ01| = 0.5 Γ/(1+Γ), first
 * order 0.5 Γ (what |ρ01| tends to at small Γ), rough estimate 1e-4 Γ:
 * two decades below the first order everywhere. */
static cr_view *overlay_view(int ascii)
{
    cr_view *v = cr_view_new();

    ck_assert_ptr_nonnull(v);
    v->ascii = ascii;
    v->curve_n = 60;
    for (size_t i = 0; i < v->curve_n; i++) {
        double g = pow(10, -2 + 4.0 * (double)i / 59);
        v->curve_gamma[i] = g;
        v->curve_rho00[i] = 0.55;
        v->curve_rho11[i] = 0.45;
        v->curve_coh[i] = 0.5 * g / (1 + g);
        v->curve_first_coh[i] = 0.5 * g;
        v->curve_rough[i] = 1e-4 * g;
    }
    v->have_rough = 1;
    cr_state s = { { 0.55, 0.01, 0.01, 0.45 } };
    cr_nstate ns;
    cr_nstate_from_qubit(&s, &ns);
    cr_view_set_steady(v, &s, &ns);
    return v;
}

/* Rough overlay off (the default): no '~' glyph and no "rough" legend
 * anywhere, a linear axis (no decade labels in the panel).  On: the '~'
 * glyph is drawn in the Γ panel only, in its colour role, the legend says
 * "rough", and the axis is logarithmic ("1e-" decade labels). */
START_TEST(test_rough_overlay_toggles)
{
    cr_view *v = overlay_view(1);
    cr_canvas *c = cr_canvas_new(W, H, 1);
    char *text, *panel;

    ck_assert_int_eq(v->show_rough, 0);
    cr_frame_render(v, c);
    text = tu_canvas_text(c, 1);
    panel = panel_text(c, 1);
    ck_assert_int_eq(count_glyph(c, '~', 1) + count_glyph(c, '~', 0), 0);
    ck_assert_ptr_null(strstr(text, "rough"));
    ck_assert_ptr_null(strstr(panel, "1e-"));
    free(text);
    free(panel);

    v->show_rough = 1;
    cr_frame_render(v, c);
    panel = panel_text(c, 1);
    ck_assert_int_gt(count_glyph(c, '~', 1), 5);
    ck_assert_int_eq(count_glyph(c, '~', 0), 0);
    ck_assert_ptr_nonnull(strstr(panel, "~ rough"));
    ck_assert_ptr_nonnull(strstr(panel, "1e-"));
    for (int y = PANEL_Y0; y < PANEL_Y1; y++)
        for (int x = 0; x < PANEL_X1; x++)
            if (cr_canvas_get(c, x, y).ch == '~')
                ck_assert_int_eq(cr_canvas_get(c, x, y).role, CR_ROLE_ROUGH);
    free(panel);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* Honest placement on the log axis: the rough estimate is two decades
 * below the first order, so in every column showing both, every '~' lies
 * below every first-order dot (screen rows grow downwards).  Unicode mode,
 * where the first order has its own glyph '·' (U+00B7). */
START_TEST(test_rough_lies_below_first_order)
{
    cr_view *v = overlay_view(0);
    cr_canvas *c = cr_canvas_new(W, H, 0);
    int columns = 0;

    v->show_rough = 1;
    cr_frame_render(v, c);
    for (int x = 0; x < PANEL_X1; x++) {
        int lowest_dot = -1, highest_rough = H;
        /* Rows below the two legend lines: the data area. */
        for (int y = PANEL_Y0 + 2; y < PANEL_Y1; y++) {
            uint32_t ch = cr_canvas_get(c, x, y).ch;
            if (ch == 0x00B7 && y > lowest_dot)
                lowest_dot = y;
            if (ch == 0x2248 && y < highest_rough)
                highest_rough = y;
        }
        if (lowest_dot >= 0 && highest_rough < H) {
            columns++;
            ck_assert_msg(highest_rough > lowest_dot,
                          "column %d: rough at row %d, first order at %d", x,
                          highest_rough, lowest_dot);
        }
    }
    ck_assert_int_gt(columns, 3);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* First-order overlay: on by default with its legend entry and glyph in
 * the Γ panel; off removes both (Unicode: '·' is only the first order in
 * that panel; the heat map's '·' shade is outside it). */
START_TEST(test_first_overlay_toggles)
{
    cr_view *v = overlay_view(0);
    cr_canvas *c = cr_canvas_new(W, H, 0);
    char *panel;

    ck_assert_int_eq(v->show_first, 1);
    cr_frame_render(v, c);
    panel = panel_text(c, 0);
    ck_assert_ptr_nonnull(strstr(panel, "· first order"));
    ck_assert_int_gt(count_glyph(c, 0x00B7, 1), 3);
    free(panel);

    v->show_first = 0;
    cr_frame_render(v, c);
    panel = panel_text(c, 0);
    ck_assert_ptr_null(strstr(panel, "first order"));
    ck_assert_int_eq(count_glyph(c, 0x00B7, 1), 0);
    free(panel);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* The units panel shows the paper's example.  Expected
 * numbers are computed here from SI constants (CODATA 2018, as the paper's example
 * fixes them), independently of cr_units_convert, and compared as the
 * panel prints them (%.3g, so agreement to 3 significant digits).
 * Hidden by default; shown: exponent ≈ 0.513, Wigner, rough |ρ01|, and
 * the pointer to `colres units --help`. */
START_TEST(test_units_panel)
{
    const double hbar = 1.054571817e-34, kb = 1.380649e-23;
    const double m = 1000 * 1.67262192369e-27, dx = 50e-9, w = 1e9,
                 T = 295, rate = 1e9, s = 0.01;
    double expo = m * dx * dx * w * w / (2 * kb * T);
    double wigner = 4 * M_PI * dx * sqrt(m * kb * T) / hbar;
    double rough = s * s * (rate / w) * exp(-expo);
    char want[3][64];
    cr_view *v = cr_view_new();
    cr_canvas *c = cr_canvas_new(W, H, 1);
    char *text;

    ck_assert_ptr_nonnull(v);
    v->ascii = 1;
    cr_frame_render(v, c);
    text = tu_canvas_text(c, 1);
    ck_assert_ptr_null(strstr(text, "colres units --help"));
    free(text);

    v->show_units = 1;
    cr_frame_render(v, c);
    text = tu_canvas_text(c, 1);
    snprintf(want[0], sizeof want[0], "exponent          %.3g", expo);
    snprintf(want[1], sizeof want[1], "Wigner            %.3g", wigner);
    snprintf(want[2], sizeof want[2], "rough |rho01|     %.3g", rough);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(strstr(text, want[i]) != NULL, "no \"%s\" in\n%s",
                      want[i], text);
    ck_assert_ptr_nonnull(strstr(text, "exponent          0.51"));
    ck_assert_ptr_nonnull(strstr(text, "colres units --help"));
    ck_assert_ptr_nonnull(strstr(text, "(1000 proton masses)"));
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* The help scrolls when it has more lines than fit: at 80×24 it shows
 * cr_frame_help_rows(24) lines from help_top and says which. */
START_TEST(test_help_scrolls)
{
    cr_view *v = overlay_view(1);
    cr_canvas *c = cr_canvas_new(W, H, 1);
    static char lines[40][32];
    int rows = cr_frame_help_rows(H);
    char *text, want[64];

    ck_assert_int_gt(rows, 0);
    ck_assert_int_lt(rows, 40);
    for (int i = 0; i < 40; i++) {
        snprintf(lines[i], sizeof lines[i], "line %02d of the help", i + 1);
        v->help[i] = lines[i];
    }
    v->help_n = 40;
    v->show_help = 1;
    v->help_top = 10;
    cr_frame_render(v, c);
    text = tu_canvas_text(c, 1);
    ck_assert_ptr_null(strstr(text, "line 10 of"));
    ck_assert_ptr_nonnull(strstr(text, "line 11 of"));
    snprintf(want, sizeof want, "line %02d of", 10 + rows);
    ck_assert_ptr_nonnull(strstr(text, want));
    snprintf(want, sizeof want, "line %02d of", 11 + rows);
    ck_assert_ptr_null(strstr(text, want));
    snprintf(want, sizeof want, "help 11-%d of 40", 10 + rows);
    ck_assert_ptr_nonnull(strstr(text, want));
    free(text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* A preset's screen settings: every key, the ones not given stay unset,
 * and an unknown key or value is an error naming FILE:LINE. */
START_TEST(test_preset_screen_settings_parse)
{
    cr_preset_view pv = { 0 };
    char err[256] = "";
    const char *text = "# comment\ngamma = 10\nview.plane = dx-gamma\nview.compare = 1\n"
                       "view.overlay = both # both estimates\nview.scale = log\n"
                       "caption = look here: |rho01| # not a comment\n";
    ck_assert_int_eq(cr_preset_view_parse(text, "t.conf", &pv, err, sizeof err), CR_OK);
    ck_assert_uint_eq(pv.set, CR_PRESET_PLANE | CR_PRESET_COMPARE | CR_PRESET_OVERLAY
                                  | CR_PRESET_SCALE | CR_PRESET_CAPTION);
    ck_assert_int_eq(pv.plane, CR_PLANE_DX_GAMMA);
    ck_assert_int_eq(pv.compare, 1);
    ck_assert(pv.show_first && pv.show_rough);
    ck_assert_int_eq(pv.heat_log, 1);
    ck_assert_str_eq(pv.caption, "look here: |rho01| # not a comment");

    cr_preset_view bad = { 0 };
    ck_assert_int_eq(cr_preset_view_parse("\nview.zoom = 2\n", "b.conf", &bad, err, sizeof err),
                     CR_EINVAL);
    ck_assert_msg(strstr(err, "b.conf:2:") && strstr(err, "view.zoom"), "%s", err);
    ck_assert_int_eq(cr_preset_view_parse("view.plane = dx-beta\n", "c.conf", &bad, err,
                                          sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "c.conf:1:"), "%s", err);
    ck_assert_uint_eq(bad.set, 0); /* nothing applied on error */
}
END_TEST

/* The shipped presets stage their figures: Fig. 1 compares trajectories,
 * each Fig. 3 preset shows its own plane, every one has a caption that
 * fits an 80-column hint bar, and the engine reads their parameters. */
START_TEST(test_shipped_presets_stage_the_figures)
{
    static const struct { const char *name; int plane, compare; } want[] = {
        { "fig1", -1, 1 }, { "fig2", -1, 0 }, { "fig3-gamma-delta", CR_PLANE_GAMMA_DELTA, -1 },
        { "fig3-dx-delta", CR_PLANE_DX_DELTA, -1 }, { "fig3-dx-gamma", CR_PLANE_DX_GAMMA, -1 },
    };
    const char *dir = getenv("COLRES_PRESET_DIR");
    ck_assert_ptr_nonnull(dir);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[1024], err[512] = "";
        snprintf(path, sizeof path, "%s/%s.conf", dir, want[i].name);
        cr_preset_view pv = { 0 };
        ck_assert_msg(cr_preset_view_load(path, &pv, err, sizeof err) == CR_OK, "%s", err);
        cr_params p;
        cr_params_default(&p);
        ck_assert_msg(cr_params_load_file(&p, path, err, sizeof err) == CR_OK, "%s", err);
        ck_assert_msg(pv.set & CR_PRESET_CAPTION, "%s: no caption", want[i].name);
        ck_assert_msg(cr_text_width(pv.caption) <= 79, "%s: caption of %d columns", want[i].name,
                      cr_text_width(pv.caption));
        if (want[i].plane >= 0)
            ck_assert_msg((pv.set & CR_PRESET_PLANE) && pv.plane == want[i].plane, "%s: plane %d",
                          want[i].name, pv.plane);
        if (want[i].compare >= 0)
            ck_assert_msg((pv.set & CR_PRESET_COMPARE) && pv.compare == want[i].compare,
                          "%s: compare %d", want[i].name, pv.compare);
    }
}
END_TEST

static Suite *frame_suite(void)
{
    Suite *s = suite_create("frame");
    TCase *tc = tcase_create("overlays");

    tcase_add_test(tc, test_rough_overlay_toggles);
    tcase_add_test(tc, test_rough_lies_below_first_order);
    tcase_add_test(tc, test_first_overlay_toggles);
    tcase_add_test(tc, test_units_panel);
    tcase_add_test(tc, test_help_scrolls);
    tcase_add_test(tc, test_preset_screen_settings_parse);
    tcase_add_test(tc, test_shipped_presets_stage_the_figures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(frame_suite());
}
