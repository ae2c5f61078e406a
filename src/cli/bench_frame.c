/* bench_frame.c — `colres bench`'s lines for the screen: a slider step
 * redrawn, and a frame with an ensemble's cloud (bench.c runs them). */
#include "config.h"

#include "cli.h"
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/clock.h"
#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"
#include "view/frame.h"
#include "view/mech.h"
#include "view/session.h"
#include "view/view.h"

/* Key press to redrawn frame: a slider step, new parameters into the
 * view, and a full render at 160x48 (the curses blit is not included). */
int cli_bench_frame(const cr_params *params, const cr_state *ss,
                    const cr_sweep_point *pts, int quick)
{
    int missed = 0;
    cr_view *v = cr_view_new();
    cr_canvas *canvas = cr_canvas_new(160, 48, 0);
    if (v != NULL && canvas != NULL) {
        double r[ROUNDS];
        cr_view_set_params(v, params);
        cr_nstate nss;
        cr_nstate_from_qubit(ss, &nss);
        cr_view_set_steady(v, ss, &nss);
        cr_view_set_curve(v, pts, 200);
        for (int k = 0; k < ROUNDS; k++) {
            int reps = quick ? 20 : 200;
            double t0 = cr_clock_cpu();
            for (int i = 0; i < reps; i++) {
                cr_params p = v->params;
                p.gamma = cr_view_slider_step(v, 0, p.gamma, i % 2 ? 1 : -1);
                cr_view_set_params(v, &p);
                cr_frame_render(v, canvas);
            }
            r[k] = (cr_clock_cpu() - t0) / reps * 1e3;
        }
        double frame_ms = cli_bench_median_of(r, ROUNDS, 0);
        cli_bench_row("key press to redrawn frame", "<= 50 ms", frame_ms, "ms", frame_ms <= 50.0,
            "slider step + render at 160x48; the map itself is on the solver thread");
        missed = !(frame_ms <= 50.0);
    }
    cr_canvas_free(canvas);
    cr_view_free(v);
    return missed;
}

/* A frame of the running TUI with an ensemble of K trajectories at 200x60:
 * the ensemble follows its trajectory for one frame (40 ms at the default
 * 10 collisions/s), the plane's cloud, the mean and its standard error,
 * e^{Lt}rho(0) at that time, and a full render (the curses blit is not
 * included).  The frame rate holds while this stays within 40 ms. */
int cli_bench_ensemble_frame(const cr_map *S, const cr_params *params, const cr_state *ss,
                             const cr_sweep_point *pts, int k, int quick)
{
    int missed = 0;
    cr_view *v = cr_view_new();
    cr_canvas *canvas = cr_canvas_new(200, 60, 0);
    cr_mech *m = cr_mech_new();
    cr_nmap *nS = malloc(sizeof *nS);
    if (v != NULL && canvas != NULL && m != NULL && nS != NULL
        && cr_mech_set_k(m, &v->mech, k) == 0) {
        double r[ROUNDS], e[CR_NMAX];
        cr_view_set_params(v, params);
        cr_nstate nss, top;
        cr_nstate_from_qubit(ss, &nss);
        cr_view_set_steady(v, ss, &nss);
        cr_view_set_curve(v, pts, 200);
        cr_nmap_from_qubit(S, nS);
        cr_params_energies(params, e);
        char err[64];
        cr_nstate_initial("excited", 2, e, params->beta, &top, err, sizeof err);
        for (int round = 0; round < ROUNDS; round++) {
            int frames = quick ? 10 : 100;
            unsigned long count = 0;
            double carry = 0.0;
            cr_mech_reset(m, &v->mech, 1, &top, 0);
            cr_mech_set_map(m, nS, params->gamma, e);
            double t0 = cr_clock_cpu();
            for (int i = 0; i < frames; i++) {
                carry += CR_SESSION_SPEED * CR_SESSION_FRAME_MS / 1e3;
                count += (unsigned long)carry;
                carry -= floor(carry);
                cr_mech_follow(m, &v->mech, count, carry);
                cr_frame_render(v, canvas);
            }
            r[round] = (cr_clock_cpu() - t0) / frames * 1e3;
        }
        double frame_ms = cli_bench_median_of(r, ROUNDS, 0);
        char what[64], detail[128];
        snprintf(what, sizeof what, "TUI frame, ensemble of %d", k);
        snprintf(detail, sizeof detail, "one 40 ms frame at 10 collisions/s + render at 200x60, "
                 "%.2g%% of the frame", frame_ms / CR_SESSION_FRAME_MS * 100);
        cli_bench_row(what, "<= 40 ms", frame_ms, "ms", frame_ms <= CR_SESSION_FRAME_MS, detail);
        missed = !(frame_ms <= CR_SESSION_FRAME_MS);
    }
    free(nS);
    cr_mech_free(m);
    cr_canvas_free(canvas);
    cr_view_free(v);
    return missed;
}
