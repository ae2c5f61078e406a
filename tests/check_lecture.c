/* check_lecture.c — lecture mode (view/lecture.h, view/frame.h): the
 * lecture file parser on small texts and on the shipped lecture, the
 * focus layout (Fig. 2 alone at 80×24 gives ρ00 at least twice the rows it
 * has beside the other figures), and the ρ00 axis floor: with the
 * dephasing D the steady ρ00 equals the thermal value up to round-off,
 * and the axis must draw it flat on the thermal line with distinct tick
 * labels instead of zooming into the round-off. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "colres/validity.h"
#include "view/canvas.h"
#include "view/frame.h"
#include "view/frame_parts.h"
#include "view/lecture.h"
#include "view/words.h"
#include "view/view.h"
#include "testutil.h"
#include "viewutil.h"

/* Row y of an ASCII canvas as text. */
static void row_text(const cr_canvas *c, int y, char *buf, size_t n)
{
    cr_canvas_row_text(c, y, 1, buf, n);
}

/* A view at the paper's parameters with a synthetic Γ curve: ρ00 is
 * thermal + jitter (±jitter, alternating) or a bump of height bump. */
static cr_view *curve_view(double jitter, double bump)
{
    cr_view *v = cr_view_new();
    ck_assert_ptr_nonnull(v);
    cr_params p;
    cr_params_default(&p);
    cr_view_set_params(v, &p);
    v->ascii = 1;
    double th = creal(v->thermal.v[CR_VEC(0, 0)]);
    v->curve_n = 80;
    for (size_t i = 0; i < v->curve_n; i++) {
        double g = pow(10, -2 + 4.0 * (double)i / 79);
        v->curve_gamma[i] = g;
        v->curve_rho00[i] = th + (i % 2 ? jitter : -jitter) + bump * g / (1 + g * g);
        v->curve_rho11[i] = 1 - v->curve_rho00[i];
        v->curve_coh[i] = 0.1 * g / (1 + g);
        v->curve_first_coh[i] = 0.1 * g;
    }
    cr_state s = { { th, 0, 0, 1 - th } };
    cr_nstate ns;
    cr_nstate_from_qubit(&s, &ns);
    cr_view_set_steady(v, &s, &ns);
    return v;
}

/* The ρ00 plot of Fig. 2 (ASCII): its y axis is column 5 (label width 5)
 * from the first row below the panel title whose column 5 is '|' or '+',
 * down to its corner "+-".  Sets *top and returns the rows. */
static int rho00_rows(const cr_canvas *c, int title_y, int *top)
{
    char r[1024];
    int y = title_y + 1, n = 0;
    for (; y < c->height; y++) {
        row_text(c, y, r, sizeof r);
        if (r[5] == '|' || r[5] == '+')
            break;
    }
    *top = y;
    for (; y < c->height; y++, n++) {
        row_text(c, y, r, sizeof r);
        if (r[5] == '+' && (r[6] == '-' || r[6] == '+'))
            return n;
    }
    return -1;
}

static int find_row(const cr_canvas *c, const char *needle)
{
    char r[1024];
    for (int y = 0; y < c->height; y++) {
        row_text(c, y, r, sizeof r);
        if (strstr(r, needle) != NULL)
            return y;
    }
    return -1;
}

/* Focus: Fig. 2 alone at 80×24 draws ρ00 on at least twice the rows. */
START_TEST(test_focus_enlarges_fig2)
{
    cr_view *v = curve_view(0, 0.05);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    ck_assert_ptr_nonnull(c);
    int top;
    cr_frame_render(v, c);
    int all = rho00_rows(c, find_row(c, "Fig. 2"), &top);
    v->focus = 2;
    cr_frame_render(v, c);
    int alone = rho00_rows(c, find_row(c, "Fig. 2"), &top);
    ck_assert_int_gt(all, 2);
    ck_assert_msg(alone >= 2 * all, "rho00 rows: %d focused, %d beside the others", alone, all);
    /* The README quotes these: 12 rows focused, 4 beside the others. */
    ck_assert_int_eq(alone, 12);
    ck_assert_int_eq(all, 4);
    /* Focused, the other figures are not drawn. */
    ck_assert_int_eq(find_row(c, "Fig. 1"), -1);
    ck_assert_int_eq(find_row(c, "Fig. 3"), -1);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* The floor: ρ00 = thermal ± 1e-14 is drawn in one row, the thermal
 * line's, and the y tick labels are all different, at 80×24 and 120×40,
 * focused or not. */
START_TEST(test_rho00_floor_hides_roundoff)
{
    static const int sizes[][3] = { { 80, 24, 0 }, { 80, 24, 2 }, { 120, 40, 0 }, { 200, 60, 2 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        cr_view *v = curve_view(1e-14, 0);
        v->dephase = 1;
        v->focus = sizes[k][2];
        cr_canvas *c = cr_canvas_new(sizes[k][0], sizes[k][1], 1);
        ck_assert_ptr_nonnull(c);
        cr_frame_render(v, c);
        int top, n = rho00_rows(c, find_row(c, "Fig. 2"), &top);
        ck_assert_int_gt(n, 1);
        int with_o = 0, o_row = -1, th_row = -1;
        char labels[16][16];
        int nl = 0;
        for (int y = top; y < top + n; y++) {
            char r[1024];
            row_text(c, y, r, sizeof r);
            int w = sizes[k][0], tall = sizes[k][1] >= 40; /* frame.c's layout */
            r[sizes[k][2] == 2 ? w / 2 : tall ? (w - 1) / 2 : (w - 2) / 3] = '\0'; /* this plot */
            char *lab = strstr(r, "rho00");
            if (lab != NULL)
                memset(lab, ' ', 5);
            if (strstr(r, "thermal") != NULL || strstr(r, "0.5150") != NULL)
                th_row = y;
            if (strchr(r + 6, 'o') != NULL)
                with_o++, o_row = y;
            if (r[5] == '+' && nl < 16) {
                r[5] = '\0';
                snprintf(labels[nl++], sizeof labels[0], "%s", r + strspn(r, " "));
            }
        }
        ck_assert_msg(with_o == 1, "%dx%d focus %d: the flat curve spans %d rows", sizes[k][0],
                      sizes[k][1], sizes[k][2], with_o);
        ck_assert_msg(o_row == th_row, "%dx%d: curve on row %d, thermal line on %d",
                      sizes[k][0], sizes[k][1], o_row, th_row);
        for (int i = 0; i < nl; i++)
            for (int j = i + 1; j < nl; j++)
                ck_assert_msg(strcmp(labels[i], labels[j]) != 0, "%dx%d: tick \"%s\" twice",
                              sizes[k][0], sizes[k][1], labels[i]);
        cr_canvas_free(c);
        cr_view_free(v);
    }
}
END_TEST

/* A departure above the floor still fills the axis (the zoom is kept):
 * a bump of 0.02 spans more than half the rows. */
START_TEST(test_rho00_departure_still_zoomed)
{
    cr_view *v = curve_view(0, 0.04);
    v->focus = 2;
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_frame_render(v, c);
    int top, n = rho00_rows(c, find_row(c, "Fig. 2"), &top), rows = 0;
    for (int y = top; y < top + n; y++) {
        char r[1024];
        row_text(c, y, r, sizeof r);
        r[40] = '\0';
        char *lab = strstr(r, "rho00");
        if (lab != NULL)
            memset(lab, ' ', 5);
        rows += strchr(r + 6, 'o') != NULL;
    }
    ck_assert_msg(rows > n / 2, "the bump spans %d of %d rows", rows, n);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST


/* The text of rows y0..y1 of an ASCII canvas between columns x0 and x1
 * (exclusive), joined by spaces, runs of spaces squeezed. */
static void box_text(const cr_canvas *c, int x0, int x1, int y0, int y1, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int y = y0; y <= y1; y++) {
        char r[1024];
        row_text(c, y, r, sizeof r);
        r[x1] = '\0';
        for (const char *p = r + x0; *p && len + 2 < n; p++)
            if (*p != ' ' || (len > 0 && out[len - 1] != ' '))
                out[len++] = *p;
        if (len > 0 && out[len - 1] != ' ' && len + 2 < n)
            out[len++] = ' ';
        out[len] = '\0';
    }
}

/* The warnings box at 80x24 (the paper's defaults and their validity
 * numbers): every warning whole, each "!" followed by a space, the
 * validity numbers, and a truthful pointer to the README. */
START_TEST(test_warnings_box_whole)
{
    cr_view *v = curve_view(0, 0.05);
    cr_validity val = { .packet_min = -0.0174, .choi_min = 7.17e-5, .steady_min = 0.434,
                        .wigner = 12.6 };
    cr_view_set_validity(v, &val);
    ck_assert_int_ge(v->nwarn, 3);
    v->show_warnings = 1;
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_frame_render(v, c);
    int top = find_row(c, "+ warnings"), bottom = -1;
    ck_assert_int_ge(top, 0);
    char r[1024];
    for (int y = top + 1; y < 24 && bottom < 0; y++) {
        row_text(c, y, r, sizeof r);
        if (strstr(r, "+-----") != NULL)
            bottom = y;
    }
    ck_assert_int_gt(bottom, top);
    row_text(c, top, r, sizeof r);
    int x0 = (int)(strchr(r, '+') - r), x1 = (int)(strrchr(r, '+') - r);
    static char text[8192];
    box_text(c, x0 + 1, x1, top + 1, bottom - 1, text, sizeof text);
    for (int i = 0; i < v->nwarn; i++) {
        char want[CR_WARN_LEN + 4];
        snprintf(want, sizeof want, "! %s", v->warnings[i]);
        ck_assert_msg(strstr(text, want) != NULL, "warning %d not whole:\n%s\nin:\n%s", i, want,
                      text);
    }
    for (const char *p = strchr(text, '!'); p != NULL; p = strchr(p + 1, '!'))
        ck_assert_msg(p[1] == ' ', "stray character after '!': %.20s", p);
    ck_assert_ptr_nonnull(strstr(text, "packet state -0.0174"));
    ck_assert_ptr_nonnull(strstr(text, "The README explains each one"));
    ck_assert_ptr_null(strstr(text, "--help"));
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

/* At the paper's defaults the warnings are one calm line that names the
 * key (not the warning colour); a warning the defaults do not raise is
 * shown as one.  A long status message is wrapped over the hint bar,
 * whole, never cut inside a word. */
START_TEST(test_warnings_line_and_status_at_80x24)
{
    cr_view *v = curve_view(0, 0.05);
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_frame_render(v, c);
    int y = find_row(c, "notes on the model's limits: w");
    ck_assert_msg(y >= 0, "no calm line");
    char r[1024];
    row_text(c, y, r, sizeof r);
    int x = (int)(strstr(r, "notes") - r) - 2;
    ck_assert_int_eq(cr_canvas_get(c, x, y).role, CR_ROLE_DIM);
    cr_params p = v->params;
    p.dx = 0.05; /* the Wigner criterion fails: not a defaults' warning */
    cr_view_set_params(v, &p);
    cr_frame_render(v, c);
    y = find_row(c, "warnings: press w to read");
    ck_assert_int_ge(y, 0);
    row_text(c, y, r, sizeof r);
    ck_assert_int_eq(cr_canvas_get(c, (int)(strchr(r, '!') - r), y).role, CR_ROLE_WARNING);
    snprintf(v->status, sizeof v->status, "exported steady state, trajectory and heat map to "
             "/tmp/some/rather/long/directory/colres-steady-20261206-164300.csv and three more "
             "files (+ .params)");
    cr_frame_render(v, c);
    static char text[4096];
    box_text(c, 0, 80, 21, 23, text, sizeof text);
    ck_assert_msg(strncmp(text, v->status, strlen(v->status)) == 0, "status cut:\n%s", text);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST


/* Fig. 1 alone at 200x60: the Γt axis is labelled to its end (40), not
 * cut after 16 ticks at 30 as the widest plots were. */
START_TEST(test_wide_axis_labelled_to_the_end)
{
    cr_view *v = curve_view(0, 0.05);
    v->focus = 1;
    cr_canvas *c = cr_canvas_new(200, 60, 1);
    cr_frame_render(v, c);
    int y = -1;
    char r[1024];
    for (int k = 0; k < 60; k++) {
        row_text(c, k, r, sizeof r);
        size_t m = strlen(r);
        while (m > 0 && r[m - 1] == ' ')
            r[--m] = '\0';
        if (m > 3 && strcmp(r + m - 3, " Gt") == 0 && strstr(r, "+--") != NULL)
            y = k; /* the axis line */
    }
    ck_assert_int_ge(y, 0);
    row_text(c, y + 1, r, sizeof r);
    size_t n = strlen(r);
    while (n > 0 && r[n - 1] == ' ')
        r[--n] = '\0';
    ck_assert_msg(n >= 2 && strcmp(r + n - 2, "40") == 0, "tick labels end \"%s\"", r);
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST


/* From 100 columns the rows below the sliders are never left empty: with
 * a new warning, and after it is gone. */
START_TEST(test_no_empty_band_row)
{
    cr_view *v = curve_view(0, 0.05);
    cr_canvas *c = cr_canvas_new(120, 40, 1);
    for (int pass = 0; pass < 2; pass++) {
        cr_params p = v->params;
        p.dx = pass == 0 ? 0.05 : 1; /* the Wigner warning, then none new */
        cr_view_set_params(v, &p);
        cr_frame_render(v, c);
        for (int y = CR_VIEW_SLIDERS + 1; y < 9; y++) {
            char r[1024];
            row_text(c, y, r, sizeof r);
            ck_assert_msg(strspn(r, " ") < strlen(r), "pass %d: row %d empty", pass, y);
        }
    }
    cr_canvas_free(c);
    cr_view_free(v);
}
END_TEST

static const char two_scenes[] =
    "# a comment before the first scene\n"
    "\n"
    "[scene First one]\n"
    "gamma = 0.05\n"
    "view.focus = fig2\n"
    "caption = what to look at\n"
    "note = one\n"
    "note = two with |ρ01|\n"
    "hide = rho00, coherence\n"
    "ask = Where? | on the line | above | below\n"
    "[scene Second]\n"
    "view.plane = dx-delta\n"
    "view.range = 0.001 0.3 log\n"
    "view.units = 1\n"
    "view.speed = 40\n"
    "delta = 0.3\n";

START_TEST(test_parse_scenes)
{
    static cr_lecture L;
    char err[512] = "";
    ck_assert_msg(cr_lecture_parse(two_scenes, "t.lecture", &L, err, sizeof err) == CR_OK, "%s",
                  err);
    ck_assert_int_eq(L.n, 2);
    const cr_scene *a = &L.scene[0], *b = &L.scene[1];
    ck_assert_str_eq(a->title, "First one");
    ck_assert_int_eq(a->line, 3);
    ck_assert(a->params.gamma == 0.05);
    ck_assert(a->params.delta == 0.6); /* the paper's, not the other scene's */
    ck_assert_int_eq(a->focus, 2);
    ck_assert_int_eq(a->nnotes, 2);
    ck_assert_str_eq(a->notes[1], "two with |ρ01|");
    ck_assert_uint_eq(a->hide, CR_HIDE_RHO00 | CR_HIDE_COHERENCE);
    ck_assert_str_eq(a->ask, "Where?");
    ck_assert_int_eq(a->nchoices, 3);
    ck_assert_str_eq(a->choices[2], "below");
    ck_assert_str_eq(a->view.caption, "what to look at");
    ck_assert_int_eq(a->range_set, 0);
    ck_assert_int_eq(b->focus, -1);
    ck_assert(b->params.delta == 0.3 && b->params.gamma == 5);
    ck_assert(b->range_set && b->range_lo == 0.001 && b->range_hi == 0.3 && b->range_log);
    ck_assert_int_eq(b->units, 1);
    ck_assert(b->speed == 40 && a->speed == 0);
    ck_assert((b->view.set & CR_PRESET_PLANE) && b->view.plane == CR_PLANE_DX_DELTA);
    ck_assert_int_eq(b->hide, 0);
}
END_TEST

/* Errors name the file and the line in it, the preset parsers' too. */
START_TEST(test_parse_errors)
{
    static cr_lecture L;
    static const struct { const char *text, *want; } bad[] = {
        { "gamma = 1\n[scene A]\n", "t:1: expected \"[scene TITLE]\"" },
        { "# none\n", "no \"[scene TITLE]\"" },
        { "[scene A]\nnote = 1\nnote = 2\nnote = 3\nnote = 4\nnote = 5\n", "t:6: more than 4" },
        { "[scene A]\n\n[scene B]\nhide = rho01\n", "t:4: invalid hide" },
        { "[scene A]\nask = Q | 1 | 2 | 3 | 4\n", "t:2: invalid ask" },
        { "[scene A]\nview.focus = fig4\n", "t:2: invalid view.focus" },
        { "[scene A]\nview.range = 0 1 log\n", "t:2: invalid view.range" },
        { "[scene A]\nview.speed = 0.1\n", "t:2: invalid view.speed" },
        { "[scene A]\ngamma = 1\n[scene B]\ngama = 2\n", "t:4:" },
        { "[scene A]\nview.plane = nowhere\n", "t:2:" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[512] = "";
        ck_assert_int_ne(cr_lecture_parse(bad[i].text, "t", &L, err, sizeof err), CR_OK);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "case %zu: \"%s\"", i, err);
    }
}
END_TEST

/* The shipped lecture: at least eight scenes, the paper's order, every
 * note and question one row at 80 columns, every scene fits its band. */
START_TEST(test_shipped_lecture)
{
    const char *dir = getenv("COLRES_LECTURE_DIR");
    ck_assert_ptr_nonnull(dir);
    char path[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/paper.lecture", dir);
    cr_lecture *L;
    ck_assert_msg(cr_lecture_load(path, &L, err, sizeof err) == CR_OK, "%s", err);
    ck_assert_int_ge(L->n, 8);
    static const char *const order[] = { "collides", "thermal", "small", "large", "precession",
                                         "Fig. 1", "dephasing", "Fig. 3", "SI" };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        ck_assert_msg(strstr(L->scene[i].title, order[i]) != NULL, "scene %zu: \"%s\"", i + 1,
                      L->scene[i].title);
    for (int k = 0; k < L->n; k++) {
        const cr_scene *s = &L->scene[k];
        for (int i = 0; i < s->nnotes; i++) {
            char a[CR_VIEW_TEXT * 2];
            cr_words_ascii(s->notes[i], a, sizeof a);
            ck_assert_msg(cr_text_width(s->notes[i]) <= 78 && cr_text_width(a) <= 78,
                          "scene %d note %d: %d columns, %d in ASCII", k + 1, i + 1,
                          cr_text_width(s->notes[i]), cr_text_width(a));
        }
        /* The scene's words fit their band at 80x24 (a third of the 16
         * plot rows), in UTF-8 and in ASCII: nothing is cut. */
        for (int ascii = 0; ascii < 2; ascii++) {
            cr_view *v = cr_view_new();
            v->ascii = ascii;
            v->scene_k = k + 1, v->scene_n = L->n;
            snprintf(v->scene_title, sizeof v->scene_title, "%s", s->title);
            snprintf(v->caption, sizeof v->caption, "%s", s->view.caption);
            v->nnotes = s->nnotes;
            memcpy(v->notes, s->notes, sizeof v->notes);
            v->hide = s->hide;
            snprintf(v->ask, sizeof v->ask, "%s", s->ask);
            v->nchoices = s->nchoices;
            memcpy(v->choices, s->choices, sizeof v->choices);
            ck_assert_msg(cr_frame_scene_rows(v, 80) <= 16 / 3, "scene %d (%s): %d rows of words",
                          k + 1, ascii ? "ASCII" : "UTF-8", cr_frame_scene_rows(v, 80));
            cr_view_free(v);
        }
        if (s->hide)
            ck_assert_msg(s->ask[0] && s->nchoices >= 2, "scene %d hides without asking", k + 1);
    }
    free(L);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lecture");
    TCase *tc = tcase_create("lecture");
    tcase_add_test(tc, test_focus_enlarges_fig2);
    tcase_add_test(tc, test_rho00_floor_hides_roundoff);
    tcase_add_test(tc, test_rho00_departure_still_zoomed);
    tcase_add_test(tc, test_warnings_box_whole);
    tcase_add_test(tc, test_warnings_line_and_status_at_80x24);
    tcase_add_test(tc, test_wide_axis_labelled_to_the_end);
    tcase_add_test(tc, test_no_empty_band_row);
    tcase_add_test(tc, test_parse_scenes);
    tcase_add_test(tc, test_parse_errors);
    tcase_add_test(tc, test_shipped_lecture);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
