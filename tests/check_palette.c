/* check_palette.c — the screen's colours are readable: WCAG 2 contrast of
 * every role against its theme's background (text 4.5:1, plot lines and
 * glyphs 3:1), and one heat-map ramp for both themes whose lightness rises
 * with the level. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>

#include "view/canvas.h"
#include "view/palette.h"

/* The luminance formula against values computed independently from the
 * WCAG 2 definition (a separate Python evaluation): white 1, black 0,
 * xterm 75 (#5fafff) 0.4031284 (1e-6: the digits carried), and the ratio
 * of white on black, 21. */
START_TEST(test_luminance_and_contrast_known_values)
{
    ck_assert_double_eq_tol(cr_palette_luminance(231), 1.0, 1e-12);
    ck_assert_double_eq_tol(cr_palette_luminance(16), 0.0, 1e-12);
    ck_assert_double_eq_tol(cr_palette_luminance(75), 0.403128, 1e-6);
    ck_assert_double_eq_tol(cr_palette_contrast(231, 16), 21.0, 1e-12);
    ck_assert_double_eq_tol(cr_palette_contrast(16, 231), 21.0, 1e-12);
    double rgb[3];
    cr_palette_rgb(244, rgb); /* grey ramp: 8 + 10 * 12 = 128 */
    ck_assert_double_eq_tol(rgb[0], 128.0 / 255.0, 1e-15);
    cr_palette_rgb(16 + 36 * 1 + 6 * 3 + 5, rgb); /* cube (1, 3, 5) = 95, 175, 255 */
    ck_assert_double_eq_tol(rgb[1], 175.0 / 255.0, 1e-15);
}
END_TEST

START_TEST(test_every_role_is_readable_in_both_themes)
{
    int light = _i;
    for (int role = 0; role < CR_ROLE_COUNT; role++) {
        cr_palette_entry e = cr_palette_get(role, light);
        if (e.kind == CR_KIND_AREA)
            continue;
        double need = e.kind == CR_KIND_TEXT ? 4.5 : 3.0;
        double got = cr_palette_contrast(e.fg, e.bg);
        ck_assert_msg(got >= need, "%s theme, role %d: fg %d on bg %d has contrast %.2f < %.1f",
                      light ? "light" : "dark", role, e.fg, e.bg, got, need);
    }
}
END_TEST

/* The heat map's ramp means the same in both themes: the same colour for
 * each level in the light theme as in the dark one (not an inverted ramp),
 * luminance rising with the level (low dark, high bright), and the top
 * level at least 3:1 against the lowest. */
START_TEST(test_heat_levels_one_ramp_in_both_themes)
{
    double prev = -1;
    for (int k = 0; k < CR_HEAT_LEVELS; k++) {
        cr_palette_entry d = cr_palette_get(CR_ROLE_HEAT0 + k, 0);
        cr_palette_entry l = cr_palette_get(CR_ROLE_HEAT0 + k, 1);
        ck_assert_msg(d.fg == l.fg, "heat level %d: %d dark, %d light", k, d.fg, l.fg);
        double y = cr_palette_luminance(d.fg);
        ck_assert_msg(y > prev, "heat level %d luminance %.3f <= level %d's %.3f", k, y, k - 1,
                      prev);
        prev = y;
    }
    cr_palette_entry lo = cr_palette_get(CR_ROLE_HEAT0, 0), hi = cr_palette_get(CR_ROLE_HEAT7, 0);
    ck_assert_msg(cr_palette_contrast(hi.fg, lo.fg) >= 3.0, "top heat level only %.2f:1",
                  cr_palette_contrast(hi.fg, lo.fg));
}
END_TEST

static Suite *palette_suite(void)
{
    Suite *s = suite_create("palette");
    TCase *tc = tcase_create("contrast");
    tcase_add_test(tc, test_luminance_and_contrast_known_values);
    tcase_add_loop_test(tc, test_every_role_is_readable_in_both_themes, 0, 2);
    tcase_add_test(tc, test_heat_levels_one_ramp_in_both_themes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(palette_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
