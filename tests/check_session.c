/* check_session.c — the session that both the TUI and `colres snapshot`
 * drive (view/session.h): what the prompt accepts, what the screen then
 * computes, and what dephasing and presets do to it.  Runs the real
 * solver thread; every wait is for the solver to be idle. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <poll.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/validity.h"
#include "testutil.h"
#include "view/session.h"

static cr_session *new_session(void)
{
    cr_session_opts o;
    char err[256] = "";
    cr_session_opts_default(&o);
    o.paused = 1;
    cr_session *s = cr_session_new(&o, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    cr_session_resize(s, 80, 24);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    return s;
}

/* The prompt takes a parameter by its name, its symbol or its ASCII
 * spelling, and the settings seed, speed and dephase; a bad value keeps
 * the old one and says why. */
START_TEST(test_prompt_names)
{
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    ck_assert_int_eq(cr_session_assign(s, "Γ=2"), 0);
    ck_assert(v->params.gamma == 2.0);
    ck_assert_int_eq(cr_session_assign(s, "gamma = 3"), 0);
    ck_assert(v->params.gamma == 3.0);
    ck_assert_int_eq(cr_session_assign(s, "G=4"), 0);
    ck_assert(v->params.gamma == 4.0);
    ck_assert_int_eq(cr_session_assign(s, "Δx=2"), 0);
    ck_assert(v->params.dx == 2.0);
    ck_assert_int_eq(cr_session_assign(s, "del=0.8"), 0);
    ck_assert(v->params.delta == 0.8);
    ck_assert_int_eq(cr_session_assign(s, "β=0.2"), 0);
    ck_assert(v->params.beta == 0.2);
    ck_assert_int_eq(cr_session_assign(s, "seed=7"), 0);
    ck_assert_uint_eq(v->seed, 7);
    ck_assert_int_eq(cr_session_assign(s, "speed=40"), 0);
    ck_assert(v->speed == 40.0);
    ck_assert_int_eq(cr_session_assign(s, "dephase=on"), 0);
    ck_assert_int_eq(v->dephase, 1);
    ck_assert_int_eq(cr_session_assign(s, "D=off"), 0);
    ck_assert_int_eq(v->dephase, 0);
    ck_assert_int_eq(cr_session_assign(s, "Γ=-1"), -1);
    ck_assert(v->params.gamma == 4.0);
    ck_assert_msg(strstr(v->status, "gamma") && strstr(v->status, "kept"), "%s", v->status);
    ck_assert_int_eq(cr_session_assign(s, "zeta=1"), -1);
    ck_assert_msg(strstr(v->status, "zeta"), "%s", v->status);
    /* levels and coupling go through cr_params_set too. */
    ck_assert_int_eq(cr_session_assign(s, "levels=0,1,2"), 0);
    ck_assert_int_eq(v->params.nlevels, 3);
    ck_assert(v->params.delta == 1.0);
    ck_assert_int_eq(cr_session_assign(s, "levels = 0,1,1"), -1);
    ck_assert_int_eq(v->params.nlevels, 3);
    ck_assert_msg(strstr(v->status, "invalid levels = \"0,1,1\": entry 3 (1)")
                  && strstr(v->status, "kept"), "%s", v->status);
    ck_assert_int_eq(cr_session_assign(s, "coupling=0,1;1,0"), -1); /* 2x2, 3 levels */
    ck_assert_msg(strstr(v->status, "coupling is 2x2 but levels has 3 entries"), "%s", v->status);
    ck_assert_int_eq(cr_session_assign(s, "levels=-0.3,0.3"), 0);
    ck_assert_int_eq(cr_session_assign(s, "coupling=0,1+i;1-i,0"), 0);
    ck_assert(cr_params_is_qubit(&v->params) && v->params.delta == 0.6);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    cr_session_free(s);
}
END_TEST

/* What the session shows is what the engine computes: after a typed Γ the
 * steady state on screen equals cr_steady_state of a map computed here
 * (the same code path, so 1e-15); with dephasing on it is the thermal state
 * (Eq. 4, 1e-12), and the Fig. 2 curve is thermal at every Γ. */
START_TEST(test_screen_numbers_follow_the_model)
{
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    ck_assert_int_eq(cr_session_assign(s, "gamma=0.37"), 0);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    cr_map S;
    cr_state want, th;
    char err[256];
    tu_map(&v->params, &S);
    ck_assert(cr_steady_state(&S, 0.37, v->params.delta, &want, err, sizeof err) == CR_OK);
    ck_assert_msg(v->have_steady && cr_state_max_diff(&v->steady, &want) <= 1e-15, "%g",
                  cr_state_max_diff(&v->steady, &want));
    ck_assert_msg(cr_state_max_diff(&v->steady, &v->thermal) > 1e-4, "not thermal without D");

    cr_session_toggle_dephase(s);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    cr_thermal_state(v->params.beta, v->params.delta, &th);
    ck_assert_msg(cr_state_max_diff(&v->steady, &th) <= 1e-12, "D: %g",
                  cr_state_max_diff(&v->steady, &th));
    ck_assert_uint_gt(v->curve_n, 10);
    for (size_t i = 0; i < v->curve_n; i++)
        ck_assert_msg(fabs(v->curve_rho00[i] - creal(th.v[0])) <= 1e-12 && v->curve_coh[i] <= 1e-12,
                      "gamma %g: rho00 %.15g |rho01| %g", v->curve_gamma[i], v->curve_rho00[i],
                      v->curve_coh[i]);
    cr_session_free(s);
}
END_TEST

/* A new Γ starts a new trajectory on its own Γt axis; compare mode keeps
 * four, at Γ = 10, 5, 1 and 10 with D. */
START_TEST(test_trajectories_follow_gamma)
{
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    ck_assert(v->traj_gamma == 5.0);
    ck_assert_int_eq(cr_session_assign(s, "gamma=10"), 0);
    ck_assert(v->traj_gamma == 10.0);
    ck_assert_uint_eq(v->traj_n, 1); /* back to the initial state */
    cr_session_toggle_compare(s);
    ck_assert_int_eq(v->cmp_n, 4);
    ck_assert(v->cmp[0].gamma == 10 && v->cmp[1].gamma == 5 && v->cmp[2].gamma == 1);
    ck_assert(v->cmp[3].gamma == 10 && v->cmp[3].dephase && !v->cmp[0].dephase);
    cr_session_free(s);
}
END_TEST

/* The screen's validity numbers are the engine's (same calls, so 1e-15),
 * and the limit crossed at the defaults (the packet state's eigenvalue
 * -0.0174) is among the warnings. */
START_TEST(test_validity_on_screen)
{
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    ck_assert(v->have_validity);
    double packet;
    char err[256];
    ck_assert(cr_validity_packet_min(&v->params, CR_VALIDITY_PACKET_TOL, &packet, NULL, err,
                                     sizeof err) == CR_OK);
    ck_assert_msg(fabs(v->validity.packet_min - packet) <= 1e-15, "%g vs %g",
                  v->validity.packet_min, packet);
    ck_assert_double_eq_tol(v->validity.packet_min, -0.01744, 1e-5);
    ck_assert(fabs(v->validity.wigner - 4 * M_PI) <= 1e-12);
    int found = 0;
    for (int i = 0; i < v->nwarn; i++)
        found |= strstr(v->warnings[i], "packet state") != NULL;
    ck_assert_msg(found, "no packet warning among %d", v->nwarn);
    cr_session_free(s);
}
END_TEST

/* A change of the number of levels: the old curve and steady state go at
 * once (nothing of three levels is drawn against four thermal lines), and
 * the new ones arrive with four populations that sum to 1 and the steady
 * state of cr_nsteady_state at the same point. */
START_TEST(test_level_change_replaces_the_curve)
{
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    ck_assert_int_eq(cr_session_assign(s, "levels=0,1,2"), 0);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    ck_assert_msg(v->curve_n > 0 && v->have_steady && v->nsteady.n == 3, "3 levels computed");
    ck_assert_int_eq(cr_session_assign(s, "levels=0,1,2,3"), 0);
    ck_assert_msg(v->curve_n == 0 && !v->have_steady, "a 3-level curve or state kept for 4 levels");
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    ck_assert_msg(v->curve_n > 0 && v->curve_params.nlevels == 4 && v->nsteady.n == 4, "4 levels");
    for (size_t i = 0; i < v->curve_n; i++) {
        double sum = 0;
        for (int j = 0; j < 4; j++)
            sum += v->curve_pop[j][i];
        TU_CLOSE(sum, 1.0, 1e-12, "populations of a curve point");
    }
    static cr_nmap S;
    cr_nstate ss;
    double e[CR_NMAX];
    char err[256];
    cr_params_energies(&v->params, e);
    ck_assert_int_eq(cr_nmap_compute(&v->params, &S, err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_nsteady_state(&S, v->params.gamma, e, &ss, err, sizeof err), CR_OK);
    ck_assert_msg(cr_nstate_max_diff(&ss, &v->nsteady) == 0.0, "the screen's steady state");
    cr_session_free(s);
}
END_TEST

/* The boxes over the frame, the theme, the selection and the status line
 * change only through the session (the view it hands out is read-only):
 * help scrolling clamps to the lines that do not fit, a slider outside
 * the range is not selected. */
START_TEST(test_overlays_through_the_session)
{
    static const char *const lines[] = { "a", "b", "c", "d", "e" };
    cr_session *s = new_session();
    const cr_view *v = cr_session_view(s);
    cr_session_set_help(s, lines, 5);
    ck_assert_int_eq(v->help_n, 5);
    ck_assert_str_eq(v->help[4], "e");
    cr_session_show_help(s, 1);
    ck_assert_int_eq(v->show_help, 1);
    cr_session_scroll_help(s, 10, 2);
    ck_assert_int_eq(v->help_top, 3); /* lines 3 and 4 shown */
    cr_session_scroll_help(s, -1, 2);
    ck_assert_int_eq(v->help_top, 2);
    cr_session_scroll_help(s, -10, 2);
    ck_assert_int_eq(v->help_top, 0);
    cr_session_scroll_help(s, 1, 2);
    cr_session_show_help(s, 0);
    ck_assert_int_eq(v->show_help, 0);
    cr_session_show_help(s, 1);
    ck_assert_int_eq(v->help_top, 0); /* opens at its first line */
    cr_session_show_units(s, 1);
    ck_assert_int_eq(v->show_units, 1);
    cr_session_show_warnings(s, 1);
    ck_assert_int_eq(v->show_warnings, 1);
    cr_session_set_light(s, 1);
    ck_assert_int_eq(v->light, 1);
    cr_session_select_slider(s, 2);
    ck_assert_int_eq(v->selected, 2);
    cr_session_select_slider(s, CR_VIEW_SLIDERS);
    ck_assert_int_eq(v->selected, 2);
    cr_session_status(s, "x = %d", 1);
    ck_assert_str_eq(v->status, "x = 1");
    cr_session_clear_status(s);
    ck_assert_str_eq(v->status, "");
    cr_session_free(s);
}
END_TEST

/* Fig. 3 focused at 200x60 shows three planes: the main one, then the two
 * side planes, each its own request posted once the main map is done.
 * The status says "ready" only when all three are complete: the first
 * time it does, both side planes must be whole.  (Seen failing: "ready"
 * came with the main map while the side planes, just posted, had no
 * rows; pipeline.sh's wait for "ready" then compared a half-done screen.) */
START_TEST(test_ready_only_when_side_planes_done)
{
    cr_session *s = new_session();
    cr_session_resize(s, 200, 60);
    cr_session_set_focus(s, 3);
    const cr_view *v = cr_session_view(s);
    double t0 = cr_session_now_ms();
    int ready = 0;
    while (!ready && cr_session_now_ms() - t0 < 60000.0) {
        struct pollfd pfd = { .fd = cr_session_fd(s), .events = POLLIN };
        poll(&pfd, 1, 50);
        cr_session_update(s);
        ck_assert_msg(v->error[0] == 0, "error: %s", v->error);
        ready = v->busy_rows < 0;
    }
    ck_assert_msg(ready, "never ready in 60 s");
    for (int k = 0; k < 2; k++)
        ck_assert_msg(v->side[k].nx > 0 && v->side[k].rows_done == v->side[k].ny,
                      "ready with side plane %d at %d of %d rows (nx %d)", k,
                      v->side[k].rows_done, v->side[k].ny, v->side[k].nx);
    cr_session_free(s);
}
END_TEST

static Suite *session_suite(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_prompt_names);
    tcase_add_test(tc, test_level_change_replaces_the_curve);
    tcase_add_test(tc, test_screen_numbers_follow_the_model);
    tcase_add_test(tc, test_trajectories_follow_gamma);
    tcase_add_test(tc, test_validity_on_screen);
    tcase_add_test(tc, test_overlays_through_the_session);
    tcase_add_test(tc, test_ready_only_when_side_planes_done);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(session_suite());
}
