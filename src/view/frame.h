/*
 * view/frame.h — the screen layout, drawn into a cr_canvas.
 *
 * The renderer reads a cr_view (view/view.h), filled by the session
 * (view/session.h) for the live TUI and `colres snapshot` alike, and
 * cr_frame_render() lays it out
 * for the canvas size: five sliders, the steady state vs Γ (Fig. 2), the
 * trajectory ρ00 vs Γt with the thermal line and the mean curve (Fig. 1),
 * the |ρ01| heat map (Fig. 3), a numbers panel, a hint bar, a status line
 * and, on request, a help overlay.  Works from 80×24 upwards; smaller
 * canvases get a centred "enlarge the terminal" message.
 *
 * Ownership: the renderer only reads the view and writes the canvas.
 * Threads: render on the thread that owns the canvas; no global state.
 * Errors: none; missing data (n == 0, NaN) is drawn as "computing…" or blank.
 */
#ifndef COLRES_FRAME_H
#define COLRES_FRAME_H

#include <stddef.h>
#include "view/canvas.h"
#include "view/view.h"

/* The smallest canvas the layout supports. */
#define CR_FRAME_MIN_W 80
#define CR_FRAME_MIN_H 24

/* Draw the whole frame for the canvas size (clears the canvas first).
 * Returns 0, or 1 when the canvas is too small (the enlarge message is
 * drawn instead). */
int cr_frame_render(const cr_view *v, cr_canvas *c);

/* Mouse hit test: if cell (x, y) of a width × height frame lies on a
 * slider's bar, set *slider and *value (the parameter value at that
 * position, log-aware, clamped to the slider range) and return 1; if it is
 * on the slider's label, set *slider, leave *value unchanged and return 1;
 * else return 0. */
int cr_frame_slider_at(const cr_view *v, int width, int height, int x, int y,
                       int *slider, double *value);

/* The heat-map size (cells) the layout shows for a plane at this canvas
 * size, so the solver can compute a map that matches the panel (clamped to
 * CR_SCREEN_HEAT_MAX).  0 × 0 when the canvas is too small. */
void cr_frame_heat_size(const cr_view *v, int plane, int width, int height,
                        int *nx, int *ny);

/* Whether the layout shows Fig. 3's three planes side by side (Fig. 3
 * focused, at least CR_VIEW_THREE_W columns): the session then computes
 * the two planes besides v->plane into v->side[]. */
int cr_frame_three_planes(const cr_view *v, int width, int height);

/* How many help lines the overlay shows at once in a frame this tall
 * (the rest scroll, see help_top).  0 when the canvas is too small. */
int cr_frame_help_rows(int height);

#endif
