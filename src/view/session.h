/*
 * view/session.h — one screen's worth of state and behaviour, without a
 * terminal: the view model (view/view.h), the solver thread behind it
 * (view/solver.h) and the live trajectory (Fig. 1).  The TUI drives a
 * session from its event loop; `colres snapshot` drives the very same
 * session, waits until its solver is idle and renders one frame, so the
 * snapshot is what the TUI shows (started with --pause, at the same size).
 *
 * The session's view is the one owner of the UI state (parameters, the
 * selected slider, pause, dephasing, speed, seed, overlays, plane, theme
 * flags, the help, units and warnings boxes, the status line); the
 * renderer reads it, and the session is its one writer: cr_session_view()
 * hands out a read-only view, and the front end changes it through the
 * functions below, which post the solver's requests themselves (so
 * `colres snapshot` and the TUI take the same paths).
 *
 * Ownership: cr_session_new() allocates everything (solver thread
 * included); cr_session_free() stops and frees it (NULL safe).  The view
 * returned by cr_session_view() belongs to the session.
 * Threads: one thread (the front end's) calls every function here.
 * Errors: int status with a message in err; user errors (a bad value typed
 * at the prompt) go to the view's status line and return -1.
 */
#ifndef COLRES_VIEW_SESSION_H
#define COLRES_VIEW_SESSION_H

#include <stddef.h>

#include "colres/params.h"
#include "view/view.h"

typedef struct cr_session_opts {
    cr_params params;          /* start-up parameters, restored by reset */
    unsigned long seed;        /* the first trajectory's seed */
    int paused;                /* start with the trajectory at its first frame */
    int dephase;               /* D after each collision (Eq. 3) */
    int compare;               /* Fig. 1 as in the paper: trajectories at
                                * Γ = 10, 5, 1 and 10 with D side by side */
    int show_first, show_rough, show_units;
    int plane;                 /* enum cr_plane_id */
    int heat_log;              /* -1 auto, 0 linear, 1 log */
    char caption[160];         /* a preset's "what to look at" */
    int ascii, color, light;
    int timings;               /* measured timings in the status line */
    double speed;              /* collisions per second; <= 0: the default */
    int ensemble;              /* trajectories run together (0 or 1: one) */
    int focus;                 /* 0 all figures, 1..3 that one (--focus) */
    /* Preset lookup by name (returns a malloc'ed path or NULL), given by the
     * front end; NULL: presets load the built-in defaults. */
    char *(*find_preset)(const char *name);
} cr_session_opts;

#define CR_SESSION_SPEED 10.0  /* default collisions per second */
#define CR_SESSION_FRAME_MS 40.0 /* 25 frames/s while the trajectory runs */
#define CR_SESSION_STEP_S 1.5    /* key '.': seconds of precession to a collision */

/* The defaults: the paper's parameters, seed 1, running, no dephasing, the
 * first-order overlay on, the default plane, UTF-8, no colour, timings off. */
void cr_session_opts_default(cr_session_opts *o);

/* Apply a preset's screen settings (view/preset.h) to start-up options. */
struct cr_preset_view;
void cr_session_opts_preset(cr_session_opts *o, const struct cr_preset_view *pv);

typedef struct cr_session cr_session;

cr_session *cr_session_new(const cr_session_opts *o, char *err, size_t errlen);
void cr_session_free(cr_session *s);

const cr_view *cr_session_view(const cr_session *s);
const cr_params *cr_session_params(const cr_session *s);

/* The canvas size the screen is laid out for; posts a new request when the
 * heat map's size changes (and the first time). */
void cr_session_resize(cr_session *s, int width, int height);

/* The solver's wake-up descriptor: poll it for POLLIN, then call
 * cr_session_update(). */
int cr_session_fd(const cr_session *s);
/* Take the solver's newest results into the view.  Returns 1 if the view
 * changed. */
int cr_session_update(cr_session *s);
/* Block until the solver has finished everything posted, then update.
 * timeout_ms < 0: wait forever.  Returns 0, or -1 on timeout. */
int cr_session_wait_idle(cr_session *s, int timeout_ms);

/* Trajectory clock: running() says whether frames are due; next_frame_ms()
 * when the next is (monotonic ms); tick() advances the trajectory to now
 * and returns 1 if the view changed. */
int cr_session_running(const cr_session *s);
double cr_session_next_frame_ms(const cr_session *s);
int cr_session_tick(cr_session *s, double now_ms);
double cr_session_now_ms(void);

/* The status line (printf-style); "" restores the default line. */
void cr_session_status(cr_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The default status line again (a key was pressed). */
void cr_session_clear_status(cr_session *s);

/* ---- what the user can do ----------------------------------------------- */

/* Set one parameter (validated; on error the status line says why and the
 * old value stays).  Returns 0 or -1. */
int cr_session_set_param(cr_session *s, int id, double value);
/* Apply typed text: "VALUE" for the selected slider, or "NAME=VALUE" with
 * NAME a parameter's name, symbol or ASCII spelling (gamma, Γ, G; dx, Δx;
 * amplitudes), or one of the settings seed, speed and dephase (on/off).
 * Returns 0 or -1 (the status line says why). */
int cr_session_assign(cr_session *s, const char *text);
void cr_session_select(cr_session *s, int delta);
/* Move the selected slider by `steps` round steps (cr_view_slider_step). */
void cr_session_move_slider(cr_session *s, int steps);
void cr_session_reset(cr_session *s);
/* Load a preset by name (fig1, fig2, fig3-dx-delta, …): its parameters
 * (the amplitude model stays the user's) and its screen settings and
 * caption.  On error the status line says why and nothing changes. */
int cr_session_preset(cr_session *s, const char *name);
/* Stage a figure: these parameters and screen settings (a preset's or a
 * lecture scene's), a new trajectory; name is remembered as the preset's. */
void cr_session_stage(cr_session *s, const cr_params *p, const struct cr_preset_view *pv,
                      const char *name);
/* Lecture focus: 1, 2, 3 give that figure the whole plot area, 0 shows all
 * three; toggle switches between all three and the figure focused last
 * (Fig. 2 at first). */
void cr_session_set_focus(cr_session *s, int focus);
void cr_session_toggle_focus(cr_session *s);
/* Show scene k (0-based) of a lecture (view/lecture.h): its parameters,
 * screen, focus, colour scale, words and hidden series. */
struct cr_lecture;
int cr_session_scene(cr_session *s, const struct cr_lecture *lec, int k);
/* A figure staged in the middle of a lecture: the scene's words give way
 * to a line on how to get back (r) or on (] [). */
void cr_session_scene_aside(cr_session *s);
/* Reveal what the scene hides; 1 if something was hidden. */
int cr_session_reveal(cr_session *s);
/* The solver's measured timings in the status line on / off. */
void cr_session_toggle_timings(cr_session *s);

/* The name of the last preset loaded, "" if none. */
const char *cr_session_preset_name(const cr_session *s);
void cr_session_toggle_pause(cr_session *s);
/* A new trajectory from the excited state with the next seed. */
void cr_session_new_trajectory(cr_session *s);
/* Multiply the trajectory's speed (clamped to 0.625 .. 1e5 per second). */
void cr_session_scale_speed(cr_session *s, double factor);
void cr_session_toggle_dephase(cr_session *s);
void cr_session_toggle_compare(cr_session *s);
void cr_session_toggle_amplitudes(cr_session *s);
void cr_session_toggle_first(cr_session *s);
void cr_session_toggle_rough(cr_session *s);
void cr_session_next_plane(cr_session *s);
/* What the coherence panel and the heat map show: |ρ01|, the coherence
 * Σ|ρ_jk| (j ≠ k), the trace distance to thermal (enum cr_quantity). */
void cr_session_next_quantity(cr_session *s);
/* The heat map's colour scale: log ↔ linear, and lock (keep it fixed while
 * sliders move, so equal colours mean equal values) ↔ fit to the values. */
void cr_session_toggle_heat_log(cr_session *s);
void cr_session_toggle_heat_lock(cr_session *s);
/* The units panel's Enter: its converted parameters go to the sliders. */
void cr_session_apply_units(cr_session *s);

/* Key '.': pause, and run to the next collision, showing the precession
 * between (CR_SESSION_STEP_S seconds).  Key E: the next ensemble size
 * (1, 16, 64, 256, 1024, 4096), a new ensemble from the same seed.  Key p:
 * the next pair (j, k) of the coherence plane. */
void cr_session_step(cr_session *s);
/* n collisions at once (stopping at the end of the window), then frac of
 * the way to the next: `colres snapshot --collisions`.  Nothing before
 * the first map. */
void cr_session_run_collisions(cr_session *s, unsigned long n, double frac);
void cr_session_next_ensemble(cr_session *s);
void cr_session_next_pair(cr_session *s);
/* ---- what the front end shows over the frame ---------------------------- */

/* The help overlay's lines (at most CR_VIEW_HELP_MAX; the strings stay the
 * caller's and must outlive the session). */
void cr_session_set_help(cr_session *s, const char *const *lines, int n);
/* Open (from its first line) or close the help. */
void cr_session_show_help(cr_session *s, int on);
/* Scroll the help by `step` lines when `rows` of it fit (clamped). */
void cr_session_scroll_help(cr_session *s, int step, int rows);
/* Open or close the units panel and the warnings box. */
void cr_session_show_units(cr_session *s, int on);
void cr_session_show_warnings(cr_session *s, int on);
/* The light (projector) theme on or off. */
void cr_session_set_light(cr_session *s, int light);
/* Select slider i (0 .. CR_VIEW_SLIDERS-1; others are ignored). */
void cr_session_select_slider(cr_session *s, int slider);

#endif
