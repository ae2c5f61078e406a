/*
 * colres/frame.h — the screen layout of the TUI, drawn into a cr_canvas.
 *
 * cr_view is the view model: a plain struct holding everything one frame
 * shows (parameters, slider ranges, the curves, the trajectory, the heat
 * map, texts and flags).  The UI (or `colres snapshot`) fills it — directly
 * or with the helpers of colres/model.h — and cr_frame_render() lays it out
 * for the canvas size: five sliders, the steady state vs Γ (Fig. 2), the
 * trajectory ρ00 vs Γt with the thermal line and the mean curve (Fig. 1),
 * the |ρ01| heat map (Fig. 3), a numbers panel, a hint bar, a status line
 * and, on request, a help overlay.  Works from 80×24 upwards; smaller
 * canvases get a centred "enlarge the terminal" message.
 *
 * Ownership: cr_view embeds all its arrays (it is large, ~250 kB: allocate
 * it on the heap, e.g. cr_view_new() in model.h), except help[], whose
 * strings the UI owns and must keep alive while the view is rendered.
 * The renderer only reads the view.
 * Threads: render on the thread that owns the canvas; no global state.
 * Errors: none; missing data (n == 0, NaN) is drawn as "computing…" or blank.
 */
#ifndef COLRES_FRAME_H
#define COLRES_FRAME_H

#include <stddef.h>
#include "colres/params.h"
#include "colres/dynamics.h"
#include "colres/canvas.h"
#include "colres/units.h"

#define CR_VIEW_SLIDERS 5        /* Γ, Δ, Δx, β, m */
#define CR_VIEW_CURVE_MAX 256    /* points of the steady-state vs Γ curve */
#define CR_VIEW_TRAJ_MAX 4096    /* trajectory samples kept (ring buffer) */
#define CR_VIEW_MEAN_MAX 512     /* samples of the mean curve e^{ℒt}ρ(0) */
#define CR_VIEW_HEAT_MAX 128     /* heat map cells per side, at most */
#define CR_VIEW_TEXT 256         /* status, hint, busy, error texts */
#define CR_VIEW_HELP_MAX 64      /* help overlay lines */

/* The smallest canvas the layout supports. */
#define CR_FRAME_MIN_W 80
#define CR_FRAME_MIN_H 24

typedef struct cr_view {
    cr_params params;

    /* Sliders, in display order; slider_param[i] is an enum cr_param_id. */
    int slider_param[CR_VIEW_SLIDERS];
    double slider_min[CR_VIEW_SLIDERS], slider_max[CR_VIEW_SLIDERS];
    int slider_log[CR_VIEW_SLIDERS];
    int selected;                       /* 0 .. CR_VIEW_SLIDERS-1 */

    /* Steady state vs Γ (Fig. 2).  curve_n == 0: not computed yet. */
    size_t curve_n;
    double curve_gamma[CR_VIEW_CURVE_MAX];
    double curve_rho00[CR_VIEW_CURVE_MAX];
    double curve_rho11[CR_VIEW_CURVE_MAX];
    double curve_coh[CR_VIEW_CURVE_MAX];        /* |ρ01| */
    double curve_first_coh[CR_VIEW_CURVE_MAX];  /* first order, Eq. 14 */
    double curve_rough[CR_VIEW_CURVE_MAX];      /* Eq. 24, if have_rough */
    int have_rough;

    /* The current point. */
    int have_steady;
    cr_state steady;
    cr_state thermal;                   /* ρ_th for the current β, Δ */
    double trace_distance;              /* ½‖ρ_ss − ρ_th‖₁ */

    /* Trajectory ρ00 vs Γt (Fig. 1): ring buffer, element i (oldest first)
     * at index (traj_start + i) % CR_VIEW_TRAJ_MAX. */
    size_t traj_n, traj_start;
    double traj_gt[CR_VIEW_TRAJ_MAX];
    double traj_rho00[CR_VIEW_TRAJ_MAX];
    double traj_window;                 /* Γt span shown (e.g. 40) */
    unsigned long seed;
    unsigned long collisions;           /* collisions so far */
    double speed;                       /* collisions per second shown */
    int paused, dephase;

    /* Mean curve e^{ℒt}ρ(0), against Γt. */
    size_t mean_n;
    double mean_gt[CR_VIEW_MEAN_MAX];
    double mean_rho00[CR_VIEW_MEAN_MAX];

    /* |ρ01| heat map (Fig. 3): heat[iy * heat_nx + ix], iy = 0 at heat_ymin;
     * NaN = not computed yet.  heat_nx == 0: no map. */
    int heat_nx, heat_ny;
    int heat_xparam, heat_yparam;       /* enum cr_param_id */
    double heat_xmin, heat_xmax, heat_ymin, heat_ymax;
    int heat_xlog, heat_ylog;
    int heat_rows_done;
    double heat[CR_VIEW_HEAT_MAX * CR_VIEW_HEAT_MAX];

    /* Texts. */
    int nwarn;
    char warnings[CR_WARN_MAX][CR_WARN_LEN];
    char status[CR_VIEW_TEXT];          /* status line (bottom) */
    char hint[CR_VIEW_TEXT];            /* hint bar; empty: a default one */
    char busy[CR_VIEW_TEXT];            /* solver status, "" when idle */
    char error[CR_VIEW_TEXT];           /* last solver error, "" if none */
    double map_ms;                      /* time of the last map, < 0 unknown */
    double heat_seconds;                /* time of the last heat map */
    const char *help[CR_VIEW_HELP_MAX]; /* help overlay lines (UI-owned) */
    int help_n;
    int show_help;
    int help_top;                       /* first help line shown (scrolling) */

    /* Theory overlays in the Γ panel (cr_view_init: first on, rough off). */
    int show_first;                     /* first-order |ρ01|, Eq. 14 */
    int show_rough;                     /* rough estimate, Eq. 24; the panel
                                         * then plots |ρ01| on a log axis */

    /* Physical-units panel (physics.md §9): filled by cr_view_set_units()
     * (colres/model.h); drawn over the frame while show_units is set. */
    int show_units;
    int have_units;
    cr_units_input units_in;
    cr_units_result units;

    /* Flags. */
    int ascii;                          /* pure-ASCII glyphs */
    int color;                          /* the front end has colour */
    int light;                          /* light (projector) theme */
} cr_view;

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

/* The heat-map size (cells) the layout shows at this canvas size, so the
 * solver can compute a map that matches the panel (clamped to
 * CR_VIEW_HEAT_MAX).  0 × 0 when the canvas is too small. */
void cr_frame_heat_size(const cr_view *v, int width, int height, int *nx,
                        int *ny);

/* How many help lines the overlay shows at once in a frame this tall
 * (the rest scroll, see help_top).  0 when the canvas is too small. */
int cr_frame_help_rows(int height);

/* Number of Γt-points the trajectory panel can resolve at this size (a
 * hint for how densely to sample the trajectory and mean curve). */
int cr_frame_traj_columns(const cr_view *v, int width, int height);

#endif
