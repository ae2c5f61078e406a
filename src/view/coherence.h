/*
 * view/coherence.h — the coherence plane of Fig. 1: ρ_jk (ρ01 for the
 * qubit) of the running trajectory in the complex plane, inside the circle
 * |ρ_jk| = ½, with its recent path (turning at the Bohr frequency between
 * collisions, jumping at each), every member of an ensemble as a point of
 * a cloud with the cloud's mean, e^{ℒt}ρ(0)'s ρ_jk at the same time and
 * the steady state's.  Pure drawing from the view (v->mech, v->nsteady).
 *
 * Threads: as the canvas.  Errors: none; no data yet draws "computing…".
 */
#ifndef COLRES_VIEW_COHERENCE_H
#define COLRES_VIEW_COHERENCE_H

#include "view/canvas.h"
#include "view/view.h"

/* Whether Fig. 1's panel (x, y, w, h) is large enough to give the plane its
 * right part: then 1, with the plane's columns from *plane_x, *plane_w
 * wide (Fig. 1 keeps the columns to its left, one blank between). */
int cr_coherence_split(int x, int y, int w, int h, int *plane_x, int *plane_w);

/* The plane in the rectangle (x, y, w, h), its title on the first row. */
void cr_coherence_draw(const cr_view *v, cr_canvas *c, int x, int y, int w, int h);

#endif
