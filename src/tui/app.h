/*
 * app.h — the TUI's state, shared by tui.c (main loop, solver results,
 * trajectory, start-up) and actions.c (keys, prompt, mouse).  Private to
 * src/tui; no curses here (term.h is the only door to the terminal).
 *
 * Ownership: one `tui` per process, owned by cmd_tui().
 * Threads: main thread only; the solver is reached through colres/solver.h.
 */
#ifndef COLRES_TUI_APP_H
#define COLRES_TUI_APP_H

#include "colres/frame.h"
#include "colres/solver.h"
#include "colres/trajectory.h"
#include "keys.h"
#include "term.h"

#define FRAME_MS 40.0          /* 25 frames/s while the trajectory runs */
#define DEFAULT_SPEED 10.0     /* collisions per second */
#define CURVE_POINTS 120
#define MEAN_POINTS 300
#define ANCHORS 64             /* mean-curve anchors remembered per generation */
#define DEFAULT_PLANE CR_PLANE_DX_DELTA


/* Where the mean curve of a request starts (the trajectory's state when the
 * parameters last changed), so its times can be put on the Γt axis. */
typedef struct anchor {
    unsigned long gen;
    double t, gt, gamma;
    unsigned long epoch;       /* trajectory number: 'n' starts a new one */
} anchor;

typedef struct tui {
    /* options */
    int ascii, want_color, mouse, light;
    int print_keys;            /* --keys: print the key table and exit */
    unsigned long seed0;
    cr_params params0;         /* start-up parameters, restored by `r` */
    char config_path[4096];    /* where `s` saves (cli_common.config_path) */

    cr_params params;          /* what the sliders show */
    int plane;
    cr_view *view;
    cr_canvas *canvas;
    int width, height;
    char help[CR_VIEW_HELP_MAX][TUI_HELP_WIDTH];

    cr_solver *solver;
    cr_solver_result *res;
    unsigned long gen, exact_gen;
    unsigned long seen_map, seen_steady, seen_curve, seen_mean, seen_error;
    anchor anchors[ANCHORS];

    cr_traj *traj;
    int traj_ready, paused, dephase;
    unsigned long seed, epoch;
    double traj_gamma, last_t, gt, speed, carry, next_frame;
    double mean_end_gt;        /* Γt up to which the posted mean curve reaches */
    cr_state anchor_rho;
    double anchor_t, anchor_gt;

    int prompting;
    char input[128];
    size_t input_len;
    int dragging, dirty, quit;

    /* latency: input seen → frame on the terminal */
    double lat_sum, lat_max;
    long lat_n;
} tui;

double tui_now_ms(void);
void tui_set_status(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Post the current parameters (and the view's sizes) to the solver. */
void tui_post(tui *t);
/* The parameters changed: re-anchor the mean curve at the trajectory's
 * current state and post. */
void tui_params_changed(tui *t);
/* Validate and apply one parameter; on error the status line says why and
 * the old value stays.  Returns 0 or -1. */
int tui_set_param(tui *t, int id, double value);
void tui_new_trajectory(tui *t, unsigned long seed);
/* One key or mouse event (actions.c). */
void tui_handle_event(tui *t, const term_event *ev);

#endif
