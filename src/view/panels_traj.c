/*
 * panels_traj.c — Fig. 1 of the screen (frame_parts.h): ρ00 of the
 * running trajectory (or an ensemble's mean with its band) against Γt, in
 * front of the mean e^{ℒt}ρ(0), over the paper's fixed window.
 */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colres/smap.h"
#include "frame_parts.h"
#include "view/coherence.h"

/* ---- Fig. 1 ---------------------------------------------------------------- */

/* The Γt span: a fixed window from 0, as the paper draws Fig. 1; the
 * trajectories stop at its end (view/session.c). */
static void traj_span(const cr_view *v, double *t0, double *t1)
{
    *t0 = 0.0;
    *t1 = v->traj_window > 0 ? v->traj_window : CR_SCREEN_TRAJ_WINDOW;
}

static void draw_compare(const cr_view *v, cr_plot *p)
{
    static const int roles[CR_VIEW_CMP_MAX] = { CR_ROLE_TRAJ, CR_ROLE_TRAJ2, CR_ROLE_TRAJ3,
                                                CR_ROLE_TRAJ4 };
    static const uint32_t glyphs[CR_VIEW_CMP_MAX] = { '#', '+', 'o', ':' };
    char names[CR_VIEW_CMP_MAX][24];
    /* Each Γ's mean e^{ℒt}ρ(0) behind its trajectory, in its colour. */
    for (int k = v->mech.cmp_n - 1; k >= 0 && v->mech.cmp_n >= v->cmp_n; k--) {
        cr_series m = { .x = v->mech.cmp_gt, .y = v->mech.cmp_mean[k], .n = CR_MECH_CMP_POINTS,
                        .glyph = v->ascii ? '.' : 0x00B7, .role = roles[k], .braille = 1,
                        .points_only = v->ascii };
        cr_plot_series(p, &m);
    }
    for (int k = v->cmp_n - 1; k >= 0; k--) {
        const struct cr_view_cmp *q = &v->cmp[k];
        cr_series s = { .x = q->gt, .y = q->rho00, .n = q->n, .start = q->start,
                        .cap = CR_SCREEN_TRAJ_MAX, .glyph = glyphs[k], .role = roles[k],
                        .braille = 1, .step = 1 };
        cr_plot_series(p, &s);
    }
    p->legend_y = p->py + p->ph - v->cmp_n;
    for (int k = 0; k < v->cmp_n; k++) {
        snprintf(names[k], sizeof names[k], "%s=%g%s", cr_frame_sym(v, "Γ", "G"), v->cmp[k].gamma,
                 v->cmp[k].dephase ? " D" : "");
        cr_plot_legend(p, glyphs[k], roles[k], names[k]);
    }
    if (v->dephase) /* four entries, one curve: say why */
        cr_canvas_wrap(p->c, p->px + 1, p->py, p->pw - 2, 2,
                       v->ascii ? "D on: every run sees the same collisions in Gt and no phase, "
                                  "so the curves coincide"
                                : "D on: every run sees the same collisions in Γt and no phase, "
                                  "so the curves coincide", CR_ROLE_TITLE);
    else if (v->mech.cmp_n > 0 && p->pw > 40)
        cr_canvas_text(p->c, p->px + 1, p->py, p->pw - 2,
                       v->ascii ? "dotted: each G's mean e^Lt" : "dotted: each Γ's mean e^ℒt",
                       CR_ROLE_DIM);
}

/* The ensemble's mean ρ00 (K > 1) with a band of ±2 standard errors. */
static void draw_ensemble(const cr_view *v, cr_plot *p)
{
    const cr_mech_view *m = &v->mech;
    for (size_t i = 0; i < m->ens_n; i++) {
        size_t k = (m->ens_start + i) % CR_SCREEN_TRAJ_MAX;
        double x[2] = { m->ens_gt[k], m->ens_gt[k] }, y[2] = { m->ens_lo[k], m->ens_hi[k] };
        cr_series band = { .x = x, .y = y, .n = 2, .glyph = v->ascii ? ':' : 0x2502,
                           .role = CR_ROLE_DIM, .braille = 1 };
        cr_plot_series(p, &band);
    }
    cr_series mean = { .x = m->ens_gt, .y = m->ens_mean, .n = m->ens_n, .start = m->ens_start,
                       .cap = CR_SCREEN_TRAJ_MAX, .glyph = '#', .role = CR_ROLE_TRAJ,
                       .braille = 1 };
    cr_plot_series(p, &mean);
}

void cr_frame_draw_traj(const cr_view *v, cr_canvas *c, rect r)
{
    /* The coherence plane where it fits; compare mode's four runs need
     * the width first (the plane shows the trajectory at the sliders' Γ). */
    int plane_x, plane_w;
    if ((v->cmp_n == 0 || r.w >= 90) && cr_coherence_split(r.x, r.y, r.w, r.h, &plane_x, &plane_w)) {
        cr_coherence_draw(v, c, plane_x, r.y, plane_w, r.h);
        r.w = plane_x - 1 - r.x;
    }
    const char *Gt = cr_frame_sym(v, "Γt", "Gt"), *G = cr_frame_sym(v, "Γ", "G");
    char g[32];
    int tw;
    if (v->cmp_n > 0) /* the legend names each trajectory's Γ */
        tw = cr_frame_title(c, r, "Fig. 1  %s vs %s, four runs, one seed", "Fig. 1  %s vs %s",
                   cr_frame_sym(v, "ρ00", "rho00"), Gt);
    else {
        snprintf(g, sizeof g, "%.3g", v->traj_gamma);
        tw = cr_frame_title(c, r, "Fig. 1  %s vs %s at %s = %s", "Fig. 1  %s vs %s, %s=%s",
                   cr_frame_sym(v, "ρ00", "rho00"), Gt, G, g);
    }
    /* The seed and the state after the title, whole or not at all. */
    char extra[64];
    snprintf(extra, sizeof extra, "  seed %lu%s%s", v->seed, v->dephase ? " D" : "",
             v->paused ? " paused" : "");
    if (cr_text_width(extra) > r.w - tw)
        snprintf(extra, sizeof extra, "%s", v->paused ? "  paused" : "");
    if (cr_text_width(extra) <= r.w - tw)
        cr_canvas_text(c, r.x + tw, r.y, r.w - tw, extra, CR_ROLE_DIM);
    cr_axis xa = { .label = Gt }, ya = { .min = 0, .max = 1 };
    traj_span(v, &xa.min, &xa.max);
    cr_plot p;
    if (cr_plot_begin(&p, c, r.x, r.y + 1, r.w, r.h - 1, &xa, &ya) != 0)
        return;
    uint32_t dash = v->ascii ? '-' : 0x254C;
    if (v->cmp_n > 0) {
        cr_plot_hline(&p, creal(v->thermal.v[CR_VEC(0, 0)]), dash, CR_ROLE_THERMAL);
        draw_compare(v, &p);
        return;
    }
    /* Back to front: the mean, the thermal line, the trajectory. */
    uint32_t mean_glyph = v->ascii ? '.' : 0x00B7;
    cr_series mean = { .x = v->mean_gt, .y = v->mean_rho00, .n = v->mean_n,
                       .glyph = mean_glyph, .role = CR_ROLE_MEAN, .points_only = 1 };
    cr_plot_series(&p, &mean);
    cr_plot_hline(&p, creal(v->thermal.v[CR_VEC(0, 0)]), dash, CR_ROLE_THERMAL);
    char runs[48] = "one trajectory";
    if (v->hide & CR_HIDE_TRAJECTORY)
        cr_frame_hidden_note(v, &p);
    else if (v->mech.k > 1) {
        draw_ensemble(v, &p);
        snprintf(runs, sizeof runs, "mean of %d %s2 SE", v->mech.k, v->ascii ? "+-" : "±");
    } else {
        cr_series tr = { .x = v->traj_gt, .y = v->traj_rho00, .n = v->traj_n,
                         .start = v->traj_start, .cap = CR_SCREEN_TRAJ_MAX,
                         .glyph = '#', .role = CR_ROLE_TRAJ, .braille = 1, .step = 1 };
        cr_plot_series(&p, &tr);
    }
    /* The trajectory leaves the bottom right empty once it has risen. */
    p.legend_y = p.py + p.ph - 3;
    cr_plot_legend(&p, v->ascii ? '#' : 0x28FF, CR_ROLE_TRAJ, runs);
    cr_plot_legend(&p, mean_glyph, CR_ROLE_MEAN,
                   p.pw >= 22 ? "average of all runs" : "average");
    cr_plot_legend(&p, dash, CR_ROLE_THERMAL, "thermal");
}

