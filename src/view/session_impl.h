/*
 * session_impl.h — private to src/view/session.c, session_actions.c and
 * session_lecture.c:
 * the session's state and the three steps every action ends with (the
 * public contract is view/session.h).
 *
 * Threads: the front end's thread only.
 */
#ifndef COLRES_VIEW_SESSION_IMPL_H
#define COLRES_VIEW_SESSION_IMPL_H

#include "colres/ndynamics.h"
#include "colres/trajectory.h"
#include "view/mech.h"
#include "view/screen.h"
#include "view/session.h"
#include "view/solver.h"

#define ANCHORS 64 /* mean-curve anchors remembered per generation */

/* Where the mean curve of a request starts (the trajectory's state when the
 * parameters last changed), so its times can be put on the Γt axis. */
typedef struct anchor {
    unsigned long gen;
    double t, gt, gamma;
    unsigned long epoch;       /* trajectory number: a new one starts anew */
} anchor;

struct cr_session {
    cr_session_opts start;     /* what reset restores */
    cr_view *view;             /* the one owner of the UI state */
    cr_solver *solver;
    cr_solver_result *res;
    int width, height, posted;
    unsigned long gen, exact_gen;
    unsigned long seen_map, seen_steady, seen_curve, seen_mean, seen_error, seen_validity;
    anchor anchors[ANCHORS];
    unsigned long heat_seen[CR_SCREEN_HEAT_MAX]; /* row versions in the view */

    cr_ntraj *traj;                 /* N levels (a cr_traj for the qubit) */
    cr_ntraj *cmp[CR_SCREEN_CMP_N];  /* compare mode's trajectories */
    int traj_ready;
    unsigned long epoch;
    double traj_gamma, last_t, gt, carry, next_frame;
    double mean_end_gt;        /* Γt up to which the posted mean curve reaches */
    cr_nstate anchor_rho;
    double anchor_t, anchor_gt;
    char preset[64];           /* the last preset loaded */
    cr_mech *mech;             /* the ensemble behind the coherence plane */
    unsigned long main_gen;    /* generation of the last request for the view */
    unsigned long side_gen[2]; /* main_gen a side plane was posted for */
};

/* Post the view's request to the solver (session.c). */
void cr_session_post_request(cr_session *s);
/* New parameters: the trajectory goes on (a new one for a new Γ or
 * system), the mean curve restarts from here, a request is posted. */
void cr_session_params_changed(cr_session *s, const cr_params *p);
/* A new trajectory (and compare trajectories) from the top level. */
void cr_session_start_trajectory(cr_session *s, unsigned long seed);

#endif
