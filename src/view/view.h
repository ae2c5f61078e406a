/*
 * view/view.h — the view model: a plain struct holding everything one frame
 * shows (parameters, slider ranges, the curves, the trajectory, the heat
 * map, texts and flags), and the setters that fill it from computed
 * results.  It is the one owner of the UI's state: the session
 * (view/session.h) is its one writer (the front ends get it read-only
 * from cr_session_view()), the renderer (view/frame.h) reads it.
 *
 * Ownership: cr_view embeds all its arrays (it is large, 1,081,592 bytes on x86-64:
 * cr_view_new() puts it on the heap; cr_view_free(NULL) is safe), except
 * help[], whose strings the front end owns and keeps alive.  The setters
 * copy their inputs.
 * Threads: a view belongs to one thread; nothing here locks.
 * Errors: int status (colres/status.h) with a message in err where a setter
 * computes; the others cannot fail.
 */
#ifndef COLRES_VIEW_VIEW_H
#define COLRES_VIEW_VIEW_H

#include <stddef.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/params.h"
#include "colres/sweep.h"
#include "colres/units.h"
#include "colres/validity.h"
#include "view/plot.h"
#include "view/screen.h"
#include "view/mech.h"

#define CR_VIEW_SLIDERS 5        /* Γ, Δ, Δx, β, m */
#define CR_VIEW_TEXT 256         /* status, hint, busy, error texts */
#define CR_VIEW_CMP_MAX 4        /* trajectories compared (Fig. 1) */
#define CR_VIEW_WARN_MAX (CR_WARN_MAX + 3) /* parameter and validity warnings */
#define CR_VIEW_HELP_MAX 80      /* help overlay lines (colres --keys: 67) */
#define CR_VIEW_NOTES 4          /* a scene's lines of words */
#define CR_VIEW_CHOICES 3        /* a scene's answers to choose from */
#define CR_VIEW_THREE_W 160      /* Fig. 3 focused: its three planes from here */

/* The series a scene may hide until Space reveals them (cr_view.hide). */
enum { CR_HIDE_RHO00 = 1, CR_HIDE_COHERENCE = 2, CR_HIDE_MAP = 4, CR_HIDE_TRAJECTORY = 8 };

typedef struct cr_view {
    cr_params params;

    /* Sliders, in display order; slider_param[i] is an enum cr_param_id. */
    int slider_param[CR_VIEW_SLIDERS];
    double slider_min[CR_VIEW_SLIDERS], slider_max[CR_VIEW_SLIDERS];
    int slider_log[CR_VIEW_SLIDERS];
    int selected;                       /* 0 .. CR_VIEW_SLIDERS-1 */

    /* Steady state vs Γ (Fig. 2).  curve_n == 0: not computed yet. */
    size_t curve_n;
    double curve_gamma[CR_SCREEN_CURVE_MAX];
    double curve_rho00[CR_SCREEN_CURVE_MAX];
    double curve_rho11[CR_SCREEN_CURVE_MAX];
    double curve_coh[CR_SCREEN_CURVE_MAX];        /* |ρ01| */
    double curve_first_coh[CR_SCREEN_CURVE_MAX];  /* first order, Eq. 14 */
    double curve_rough[CR_SCREEN_CURVE_MAX];      /* Eq. 24, if have_rough */
    cr_sweep_point curve_pts[CR_SCREEN_CURVE_MAX]; /* the states, for export */
    /* The same curve for any level scheme: every population, and each
     * quantity (enum cr_quantity) of the steady state and of its first-order
     * estimate; curve_coh and curve_first_coh are the rows of `quantity`. */
    double curve_pop[CR_NMAX][CR_SCREEN_CURVE_MAX];
    double curve_q[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];
    double curve_qfirst[CR_Q_COUNT][CR_SCREEN_CURVE_MAX];
    size_t curve_q_n;                   /* points in curve_q (0: none) */
    int quantity;                       /* shown in the coherence panel and
                                         * the heat map (key q) */
    cr_params curve_params;             /* what the curve belongs to */
    int curve_dephase;
    int have_rough;

    /* The current point. */
    int have_steady;
    cr_state steady;                    /* the top-left 2×2 block for N > 2 */
    cr_state thermal;                   /* ρ_th for the current β, Δ */
    cr_nstate nsteady, nthermal;        /* all N levels */
    double trace_distance;              /* ½‖ρ_ss − ρ_th‖₁ */

    /* Trajectory ρ00 vs Γt (Fig. 1): ring buffer, element i (oldest first)
     * at index (traj_start + i) % CR_SCREEN_TRAJ_MAX. */
    size_t traj_n, traj_start;
    double traj_gt[CR_SCREEN_TRAJ_MAX];
    double traj_rho00[CR_SCREEN_TRAJ_MAX];
    double traj_window;                 /* Γt span shown at first (e.g. 40);
                                         * it doubles as the trajectory runs,
                                         * so Γt = 0 stays in view */
    double traj_gamma;                  /* Γ of this trajectory */
    unsigned long seed;
    unsigned long collisions;           /* collisions so far */
    double speed;                       /* collisions per second shown */
    int paused, dephase;

    /* Compare mode (Fig. 1 as in the paper, preset 1): cmp_n trajectories
     * at fixed Γ, the last with D, drawn instead of the one above; each a
     * ring buffer like it. */
    int cmp_n;
    struct cr_view_cmp {
        double gamma;
        int dephase;
        size_t n, start;
        double gt[CR_SCREEN_TRAJ_MAX];
        double rho00[CR_SCREEN_TRAJ_MAX];
    } cmp[CR_VIEW_CMP_MAX];

    /* Mean curve e^{ℒt}ρ(0), against Γt; for export also its times and
     * states, its parameters, and whether it starts where the trajectory
     * does (else it starts where the parameters last changed). */
    size_t mean_n;
    double mean_gt[CR_SCREEN_MEAN_MAX];
    double mean_rho00[CR_SCREEN_MEAN_MAX];
    double mean_t[CR_SCREEN_MEAN_MAX];
    cr_state mean_state[CR_SCREEN_MEAN_MAX];
    cr_params mean_params;
    int mean_dephase, mean_from_start;
    /* Whether the trajectory ran under one set of parameters since it
     * started (so `colres trajectory` reproduces it), and which. */
    int traj_pure;
    cr_params traj_params;

    /* |ρ01| heat map (Fig. 3): heat[iy * heat_nx + ix], iy = 0 at heat_axes.y_lo;
     * NaN = not computed yet.  heat_nx == 0: no map. */
    int heat_nx, heat_ny;
    cr_plane heat_axes;                 /* of the map shown */
    cr_params heat_params;              /* what the map belongs to */
    int heat_dephase;
    int plane;                          /* enum cr_plane_id requested */
    int heat_rows_done;
    int heat_log;                       /* colour scale: -1 auto (log where
                                         * the values span over a decade),
                                         * 0 linear, 1 log */
    int heat_lock;                      /* keep heat_locked while sliders move */
    cr_heat_scale heat_locked;
    double heat[CR_SCREEN_HEAT_MAX * CR_SCREEN_HEAT_MAX];

    /* Texts. */
    int nwarn;                          /* the parameters' warnings, then
                                         * the model's limits crossed */
    char warnings[CR_VIEW_WARN_MAX][CR_WARN_LEN];
    /* Where the model stops being physical (colres/validity.h), for the
     * parameters of the steady state shown. */
    int have_validity;
    cr_validity validity;
    char status[CR_VIEW_TEXT];          /* status line (bottom) */
    char caption[CR_VIEW_TEXT];         /* what to look at (a preset's) */
    int busy_rows;                      /* solver busy: heat rows done so
                                         * far; -1 when idle */
    char error[CR_VIEW_TEXT];           /* last solver error, "" if none */
    double map_ms;                      /* time of the last map, < 0 unknown */
    double heat_seconds;                /* time of the last heat map */
    const char *help[CR_VIEW_HELP_MAX]; /* help overlay lines (UI-owned) */
    int help_n;
    int show_help;
    int show_warnings;                  /* the warnings, whole, in a box */
    int help_top;                       /* first help line shown (scrolling) */

    /* Theory overlays in the Γ panel (cr_view_init: first on, rough off). */
    int show_first;                     /* first-order |ρ01|, Eq. 14 */
    int show_rough;                     /* rough estimate, Eq. 24; the panel
                                         * then plots |ρ01| on a log axis */

    /* Physical-units panel (the paper's closing example, colres/units.h): filled by cr_view_set_units()
     * (colres/model.h); drawn over the frame while show_units is set. */
    int show_units;
    int have_units;
    cr_units_input units_in;
    cr_units_result units;

    /* Lecture mode (view/lecture.h): the figure given the whole plot
     * area, and the scene shown with its words and its question. */
    int focus;                          /* 0: all three figures; 1, 2, 3: that one */
    int focus_last;                     /* the figure f brings back (1..3) */
    int scene_k, scene_n;               /* scene k of n (1-based); n == 0: none */
    char scene_title[96];
    int nnotes;                         /* the scene's notes, in words */
    char notes[CR_VIEW_NOTES][CR_VIEW_TEXT];
    unsigned hide;                      /* CR_HIDE_* series still hidden */
    char ask[CR_VIEW_TEXT];             /* the question asked before the reveal */
    int nchoices;
    char choices[CR_VIEW_CHOICES][96];
    /* Fig. 3 focused from CR_VIEW_THREE_W columns: the paper's two other
     * planes beside the one computed first (nx 0: none yet), filled by
     * the session after the main map. */
    struct cr_view_side {
        int plane, nx, ny, rows_done;
        cr_plane axes;
        double heat[CR_SCREEN_HEAT_MAX * CR_SCREEN_HEAT_MAX];
    } side[2];

    /* Flags. */
    int ascii;                          /* pure-ASCII glyphs */
    int color;                          /* the front end has colour */
    int light;                          /* light (projector) theme */
    int timings;                        /* measured timings in the status
                                         * line (not in snapshots) */

    /* The mechanism (view/mech.h): the ensemble, the coherence plane, the
     * compare mode's means, the window's end, key '.'. */
    cr_mech_view mech;
} cr_view;

/* Defaults: the paper's parameters, slider ranges (Γ on the screen's Γ
 * range, log; Δ 0.05..3; Δx 0.1..10 log; β 0.01..1 log; m 0.01..1 log),
 * the default heat-map plane, trajectory window CR_SCREEN_TRAJ_WINDOW,
 * seed 1, empty data, map_ms = -1, the first-order overlay on, the rough
 * one off, the units panel holding the paper's example (cr_units_default)
 * but hidden.  Keeps nothing from before. */
void cr_view_init(cr_view *v);
cr_view *cr_view_new(void);            /* calloc + cr_view_init; NULL: OOM */
void cr_view_free(cr_view *v);

/* New parameters: updates params, thermal state and the warnings.  The
 * steady state, curves and maps are kept until replaced (the screen shows
 * the old ones while the new ones compute). */
void cr_view_set_params(cr_view *v, const cr_params *p);

/* The model's validity numbers; adds the limits crossed to the warnings. */
void cr_view_set_validity(cr_view *v, const cr_validity *val);

/* The Γ curve (n ≤ CR_SCREEN_CURVE_MAX points, as the solver guarantees);
 * fills the rough estimate too. */
void cr_view_set_curve(cr_view *v, const cr_sweep_point *pts, size_t n);

/* The steady state at the current point; sets trace_distance. */
/* The steady state: its top-left 2×2 block (the qubit's state when N = 2)
 * and all N levels. */
void cr_view_set_steady(cr_view *v, const cr_state *steady, const cr_nstate *nsteady);
/* The Γ curve of any system (after cr_view_set_curve, same points):
 * populations of nlev levels and the quantities (view/solver.h). */
void cr_view_set_curve_levels(cr_view *v, int nlev, const double (*pop)[CR_SCREEN_CURVE_MAX],
                              const double (*q)[CR_SCREEN_CURVE_MAX],
                              const double (*qfirst)[CR_SCREEN_CURVE_MAX], size_t n);
/* What the coherence panel and the heat map show (enum cr_quantity). */
void cr_view_set_quantity(cr_view *v, int quantity);

/* Whether figure fig (1..3) is on screen: all three are, unless another
 * one is focused. */
int cr_view_shows(const cr_view *v, int fig);
void cr_view_traj_clear(cr_view *v);
/* Append a sample to compare slot k (drops the oldest when full). */
void cr_view_cmp_push(cr_view *v, int k, double gamma_t, double rho00);
/* Append a sample (drops the oldest when full). */
void cr_view_traj_push(cr_view *v, double gamma_t, double rho00);

/* The mean curve (n ≤ CR_SCREEN_MEAN_MAX samples). */
void cr_view_set_mean(cr_view *v, const double *gamma_t, const double *rho00,
                      size_t n);

/* Set up an empty (all NaN) nx × ny map (each ≤ CR_SCREEN_HEAT_MAX) on the
 * axes of a plane. */
void cr_view_heat_setup(cr_view *v, const cr_plane *axes, int nx, int ny);
/* Copy one finished row (iy) of |ρ01| values. */
void cr_view_heat_row(cr_view *v, size_t row, const double *values,
                      size_t n);

/* The heat map's colour scale as shown: the locked one, or one fitted to
 * the values (log when heat_log says so, or by itself in auto mode where
 * the positive values span more than a decade).  Returns 0, or -1 when no
 * value is there yet. */
int cr_view_heat_scale(const cr_view *v, cr_heat_scale *out);

/* Convert an experiment (colres/units.h) for the units panel: on success
 * stores the input and result and sets have_units; on error leaves the
 * view unchanged and returns the status with err set. */
int cr_view_set_units(cr_view *v, const cr_units_input *in, char *err,
                      size_t errlen);

/* Value of slider i moved by `steps` round steps, clamped to the range:
 * on log sliders ten a decade (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k),
 * on linear ones multiples of a round step (0.05 on Δ's 0.05..3).  From a
 * value between two steps, one step up or down lands on the neighbour. */
double cr_view_slider_step(const cr_view *v, int slider, double value,
                           int steps);

#endif
