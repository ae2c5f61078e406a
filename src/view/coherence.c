/* coherence.c — the coherence plane (view/coherence.h). */
#include "config.h"

#include "view/coherence.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colres/nlevel.h"
#include "view/plot.h"

/* The plane needs about 9 plot rows to show a circle, a cloud and four
 * markers; Fig. 1 keeps at least 30 columns. */
#define PLANE_MIN_H 11
#define TRAJ_MIN_W 30

int cr_coherence_split(int x, int y, int w, int h, int *plane_x, int *plane_w)
{
    (void)y;
    if (h < PLANE_MIN_H)
        return 0;
    /* A square plot (two columns per row) plus its tick labels. */
    int pw = 2 * (h - 3) + 8;
    if (pw > w * 45 / 100)
        pw = w * 45 / 100;
    if (pw < 26 || w - pw - 1 < TRAJ_MIN_W)
        return 0;
    *plane_x = x + w - pw;
    *plane_w = pw;
    return 1;
}

static const char *sym(const cr_view *v, const char *utf8, const char *ascii)
{
    return v->ascii ? ascii : utf8;
}

/* The plot's rectangle with a square data area (2 columns a row), as
 * large as fits, centred in (x, y, w, h). */
static int square_plot(cr_plot *p, cr_canvas *c, int x, int y, int w, int h,
                       const cr_axis *xa, const cr_axis *ya)
{
    cr_canvas *scratch = cr_canvas_new(c->width, c->height, c->ascii);
    if (scratch == NULL)
        return -1;
    cr_plot t;
    int rc = cr_plot_begin(&t, scratch, x, y, w, h, xa, ya);
    cr_canvas_free(scratch);
    if (rc != 0)
        return -1;
    int ow = w - t.pw, oh = h - t.ph; /* labels and axes */
    int ph = t.ph, pw = t.pw;
    if (pw > 2 * ph)
        pw = 2 * ph;
    else
        ph = pw / 2;
    /* An odd number of rows and columns puts 0 on a cell's centre. */
    if (ph % 2 == 0 && ph > 1)
        ph--;
    pw = 2 * ph + 1;
    return cr_plot_begin(p, c, x + (w - pw - ow) / 2, y, pw + ow, ph + oh, xa, ya);
}

static void circle(cr_plot *p, const cr_view *v)
{
    enum { N = 181 };
    double re[N], im[N];
    for (int i = 0; i < N; i++) {
        double a = 2.0 * M_PI * i / (N - 1);
        re[i] = 0.5 * cos(a);
        im[i] = 0.5 * sin(a);
    }
    cr_series s = { .x = re, .y = im, .n = N, .glyph = v->ascii ? '.' : 0x00B7,
                    .role = CR_ROLE_DIM, .braille = 1, .points_only = v->ascii };
    cr_plot_series(p, &s);
}

static void marker(cr_plot *p, double complex z, uint32_t glyph, int role)
{
    int cx, cy;
    if (cr_plot_cell(p, creal(z), cimag(z), &cx, &cy) == 0)
        cr_canvas_put(p->c, cx, cy, glyph, role);
}

/* The legend "g text  g text ..." from (x, y), wrapped onto at most
 * max_lines lines of width w (entries that do not fit are dropped).
 * Returns the lines used. */
typedef struct item {
    uint32_t glyph;
    int role;
    const char *text;
} item;

static int legend(cr_canvas *c, int x, int y, int w, int max_lines, const item *it, int n)
{
    int col = 0, line = 0;
    for (int i = 0; i < n; i++) {
        int tw = cr_text_width(it[i].text);
        if (col > 0 && col + 2 + tw > w) {
            if (++line >= max_lines)
                return line;
            col = 0;
        }
        if (col + 2 + tw > w)
            continue;
        cr_canvas_put(c, x + col, y + line, it[i].glyph, it[i].role);
        cr_canvas_text(c, x + col + 2, y + line, tw, it[i].text, it[i].role);
        col += tw + 4;
    }
    return col > 0 ? line + 1 : line;
}

#define GLYPH_DOT(v) ((v)->ascii ? 'o' : 0x25CF)
#define GLYPH_CLOUD(v) ((v)->ascii ? ':' : 0x2022)
#define GLYPH_MEAN(v) ((v)->ascii ? 'M' : 0x25A0)
#define GLYPH_EXACT '+'
#define GLYPH_STEADY(v) ((v)->ascii ? 'S' : 0x25C6)

static int draw_legend(const cr_view *v, cr_canvas *c, int x, int y, int w)
{
    const cr_mech_view *m = &v->mech;
    char runs[32];
    snprintf(runs, sizeof runs, "%d runs", m->k);
    item it[5];
    int n = 0;
    it[n++] = (item){ GLYPH_DOT(v), CR_ROLE_TRAJ, "trajectory" };
    if (m->k > 1) {
        it[n++] = (item){ GLYPH_CLOUD(v), CR_ROLE_TRAJ2, runs };
        it[n++] = (item){ GLYPH_MEAN(v), CR_ROLE_MARKER, "their mean" };
    }
    it[n++] = (item){ GLYPH_EXACT, CR_ROLE_MEAN, sym(v, "e^ℒt ρ(0)", "e^Lt rho(0)") };
    it[n++] = (item){ GLYPH_STEADY(v), CR_ROLE_COH, "steady" };
    return legend(c, x, y, w, 2, it, n);
}

static void draw_points(const cr_view *v, cr_plot *p, double complex steady, int have_steady)
{
    const cr_mech_view *m = &v->mech;
    int many = m->k > 1 && m->cloud_n > 1;
    uint32_t dot = GLYPH_DOT(v), mean_g = GLYPH_MEAN(v);
    uint32_t exact_g = GLYPH_EXACT, steady_g = GLYPH_STEADY(v);
    /* The running trajectory's recent path: arcs between collisions, a
     * chord at each. */
    cr_series tail = { .x = m->tail_re, .y = m->tail_im, .n = m->tail_n, .start = m->tail_start,
                       .cap = CR_MECH_TAIL, .glyph = v->ascii ? '*' : 0x2022,
                       .role = CR_ROLE_TRAJ, .braille = 1, .points_only = v->ascii };
    cr_plot_series(p, &tail);
    if (many) { /* over the path: the cloud is what the class watches */
        cr_series cloud = { .x = m->cloud_re, .y = m->cloud_im, .n = m->cloud_n,
                            .glyph = GLYPH_CLOUD(v), .role = CR_ROLE_TRAJ2,
                            .braille = 1, .points_only = 1 };
        cr_plot_series(p, &cloud);
    }
    if (have_steady)
        marker(p, steady, steady_g, CR_ROLE_COH);
    if (m->have_exact)
        marker(p, m->exact_mean, exact_g, CR_ROLE_MEAN);
    if (m->cloud_n > 0)
        marker(p, m->cloud_re[0] + I * m->cloud_im[0], dot, CR_ROLE_TRAJ);
    if (many)
        marker(p, m->cloud_mean, mean_g, CR_ROLE_MARKER);
}

void cr_coherence_draw(const cr_view *v, cr_canvas *c, int x, int y, int w, int h)
{
    const cr_mech_view *m = &v->mech;
    int n = v->params.nlevels, j = m->pair_j, k = m->pair_k;
    if (k <= j || k >= n)
        j = 0, k = 1;
    char name[40], title[128], g[16];
    snprintf(name, sizeof name, "%s%d%d", sym(v, "ρ", "rho"), j, k);
    snprintf(g, sizeof g, "%.3g", v->params.gamma);
    snprintf(title, sizeof title, "%s in the plane, %s=%s%s", name, sym(v, "Γ", "G"), g,
             n > 2 ? "  p: pair" : "");
    if (cr_text_width(title) > w)
        snprintf(title, sizeof title, "%s plane", name);
    cr_canvas_text(c, x, y, w, title, CR_ROLE_TITLE);
    const char *xl = "Re";
    cr_axis xa = { .min = -0.5, .max = 0.5, .label = xl }, ya = { .min = -0.5, .max = 0.5 };
    int top = 1 + draw_legend(v, c, x, y + 1, w);
    int bottom = m->k > 1 ? 1 : 0; /* the numbers' line */
    cr_plot p;
    if (square_plot(&p, c, x, y + top, w, h - top - bottom, &xa, &ya) != 0)
        return;
    circle(&p, v);
    marker(&p, 0, '+', CR_ROLE_AXIS);
    if (!m->have) {
        cr_canvas_text(c, p.px + 1, p.py + p.ph / 2, p.pw - 1, "computing...", CR_ROLE_DIM);
        return;
    }
    int have_steady = v->have_steady && v->nsteady.n == n;
    double complex steady = have_steady ? v->nsteady.v[CR_NVEC(n, j, k)] : 0;
    draw_points(v, &p, steady, have_steady);
    /* The numbers a class reads from the back: the mean's |ρ_jk| against
     * the mean of each trajectory's. */
    if (m->k > 1 && m->cloud_n > 1) {
        double each = 0;
        for (size_t i = 0; i < m->cloud_n; i++)
            each += hypot(m->cloud_re[i], m->cloud_im[i]);
        each /= (double)m->cloud_n;
        char t[96];
        snprintf(t, sizeof t, "|mean| %.3f  mean |%s| %.3f", cabs(m->cloud_mean), name, each);
        if (cr_text_width(t) > w)
            snprintf(t, sizeof t, "|mean| %.3f, each %.3f", cabs(m->cloud_mean), each);
        if (cr_text_width(t) <= w)
            cr_canvas_text(c, x + (w - cr_text_width(t)) / 2, y + h - 1, w, t, CR_ROLE_TEXT);
    }
}
