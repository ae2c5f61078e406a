/*
 * frame_boxes.h — the boxes cr_frame_render() draws over the frame: the
 * help overlay (scrolling when it does not fit) and the physical-units
 * panel.  Private to libcrview (src/tui); split from frame.c for size.
 *
 * Ownership: draw only, into the caller's canvas.  Threads: as the canvas.
 * Errors: none.
 */
#ifndef COLRES_TUI_FRAME_BOXES_H
#define COLRES_TUI_FRAME_BOXES_H

#include "view/canvas.h"
#include "view/frame.h"

/* The help lines v->help[help_top ...] in a centred box. */
void frame_draw_help(const cr_view *v, cr_canvas *c);
/* The units calculator for v->units_in / v->units (physics.md §9). */
void frame_draw_units(const cr_view *v, cr_canvas *c);

#endif
