/*
 * frame_parts.h — the parts cr_frame_render() (frame.c) puts together:
 * the three figure panels (panels.c), the boxes drawn over the frame
 * (frame_boxes.c: help and physical units), and the helpers they share.
 * Private to src/view.
 *
 * Ownership: draw only, into the caller's canvas.  Threads: as the canvas.
 * Errors: none; missing data is drawn as "computing…".
 */
#ifndef COLRES_VIEW_FRAME_PARTS_H
#define COLRES_VIEW_FRAME_PARTS_H

#include "view/canvas.h"
#include "view/frame.h"
#include "view/plot.h"

typedef struct rect {
    int x, y, w, h;
} rect;

/* The UTF-8 or the ASCII spelling of a label, as the view asks. */
const char *cr_frame_sym(const cr_view *v, const char *utf8, const char *ascii);
/* A parameter's symbol (Γ, Δx, …) or its ASCII name. */
const char *cr_frame_param_symbol(const cr_view *v, int id);
/* What the coherence panel and the heat map show (v->quantity), short. */
const char *cr_frame_quantity_name(const cr_view *v);

/* Fig. 2: ρ00 against Γ on its own zoomed axis with the thermal line on
 * top, and |ρ01| against Γ below it. */
void cr_frame_draw_steady(const cr_view *v, cr_canvas *c, rect r);
/* Fig. 1: the trajectory as a step plot in front of the mean e^{ℒt}ρ(0),
 * or the compare mode's trajectories. */
void cr_frame_draw_traj(const cr_view *v, cr_canvas *c, rect r);
/* Fig. 3: the |ρ01| heat map with its colour bar; side map k (focused
 * Fig. 3 from CR_VIEW_THREE_W columns); the scale they share. */
void cr_frame_draw_heat(const cr_view *v, cr_canvas *c, rect r);
void cr_frame_draw_heat_side(const cr_view *v, cr_canvas *c, rect r, int k);
int cr_frame_heat_scale(const cr_view *v, cr_heat_scale *out);
/* The axes of a heat-map plane as drawn. */
void cr_frame_heat_axes(const cr_view *v, const cr_plane *ax, cr_axis *xa, cr_axis *ya);

/* utf8 as the screen spells it: itself, or in ASCII words (Δ "del",
 * ρ "rho", …) on an ASCII screen; returns buf. */
const char *cr_frame_words(const cr_view *v, const char *utf8, char *buf, size_t n);
/* The hint bar: the keys that fit the width (frame_scene.c). */
void cr_frame_hint_line(const cr_view *v, int width, char *out, size_t n);

/* A lecture scene's band (frame_scene.c): the rows its words need at
 * width w (0 without a lecture), and the band itself. */
int cr_frame_scene_rows(const cr_view *v, int w);
void cr_frame_draw_scene(const cr_view *v, cr_canvas *c, rect r);

/* "hidden: predict, then Space reveals" across the middle of a plot. */
void cr_frame_hidden_note(const cr_view *v, cr_plot *p);
/* A panel's title: the long form if it fits the panel, else the short one
 * (both printf formats taking the same arguments), cut at whole words.
 * Returns its width. */
__attribute__((format(printf, 3, 5), format(printf, 4, 5)))
int cr_frame_title(cr_canvas *c, rect r, const char *longf, const char *shortf, ...);

/* The help lines v->help[help_top ...] in a centred box. */
void cr_frame_draw_help(const cr_view *v, cr_canvas *c);
/* Every warning, wrapped in full, in a centred box. */
void cr_frame_draw_warnings(const cr_view *v, cr_canvas *c);
/* The units calculator for v->units_in / v->units. */
void cr_frame_draw_units(const cr_view *v, cr_canvas *c);

#endif
