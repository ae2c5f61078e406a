/* check_mech.c — the mechanism on screen (view/mech.h, the session's
 * hooks, the coherence plane): Fig. 1's window, the ensemble that follows
 * the trajectory and turns between collisions, key '.', the end of the
 * window, and the plane's golden screens. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/status.h"
#include "testutil.h"
#include "view/canvas.h"
#include "view/coherence.h"
#include "view/frame_parts.h"
#include "view/mech.h"
#include "view/session.h"

/* The window is long enough: the dephased Γ = 10 mean from |1><1| is
 * within 1 % of the thermal ρ00 at its end, and was not at Γt = 100 (so
 * the window is needed, not generous by an order of magnitude). */
START_TEST(test_window_reaches_thermal_with_d)
{
    cr_params p;
    tu_params(&p, "gamma=10");
    cr_nmap *S = malloc(sizeof *S);
    char err[256] = "";
    ck_assert_msg(cr_nmap_compute(&p, S, err, sizeof err) == CR_OK, "%s", err);
    cr_nmap_dephased(S, S);
    double e[CR_NMAX];
    cr_params_energies(&p, e);
    cr_nstate rho0, th, at_end, at_100;
    cr_nstate_initial("excited", 2, e, p.beta, &rho0, err, sizeof err);
    cr_nthermal_state(2, e, p.beta, &th);
    ck_assert(cr_nevolve(S, 10, e, CR_SCREEN_TRAJ_WINDOW / 10, &rho0, &at_end, err, sizeof err)
              == CR_OK);
    ck_assert(cr_nevolve(S, 10, e, 100.0 / 10, &rho0, &at_100, err, sizeof err) == CR_OK);
    double rel_end = fabs(creal(at_end.v[0]) / creal(th.v[0]) - 1);
    double rel_100 = fabs(creal(at_100.v[0]) / creal(th.v[0]) - 1);
    fprintf(stderr, "dephased mean at Gt = %g: %.2f %% from thermal (at 100: %.2f %%)\n",
            CR_SCREEN_TRAJ_WINDOW, 100 * rel_end, 100 * rel_100);
    ck_assert(rel_end <= 0.01);
    ck_assert(rel_100 > 0.01);
    TU_CLOSE(100 * rel_end, 0.76, 0.005, "the README's 0.76 %");
    free(S);
}
END_TEST

typedef struct setup {
    cr_params p;
    cr_nmap S;
    double e[CR_NMAX];
    cr_nstate rho0;
} setup;

static setup *new_setup(const char *settings)
{
    setup *u = malloc(sizeof *u);
    char err[256] = "";
    tu_params(&u->p, settings);
    ck_assert_msg(cr_nmap_compute(&u->p, &u->S, err, sizeof err) == CR_OK, "%s", err);
    cr_params_energies(&u->p, u->e);
    cr_nstate_initial("excited", u->S.n, u->e, u->p.beta, &u->rho0, err, sizeof err);
    return u;
}

/* The plane follows the session's trajectory: after cr_mech_follow(n, 0)
 * member 0 is the cr_ntraj of that seed after n collisions, bit for bit;
 * half way to the next collision its ρ01 has turned by Δ·(half the
 * waiting time), to 1e-12, at the same |ρ01|. */
START_TEST(test_plane_follows_the_trajectory)
{
    setup *u = new_setup("gamma=0.5");
    cr_mech *m = cr_mech_new();
    cr_mech_view *mv = calloc(1, sizeof *mv);
    ck_assert_int_eq(cr_mech_set_k(m, mv, 16), 0);
    cr_mech_reset(m, mv, 3, &u->rho0, 0);
    cr_mech_set_map(m, &u->S, u->p.gamma, u->e);
    cr_ntraj *t = cr_ntraj_alloc(3);
    cr_ntraj_reset_to(t, 3, &u->rho0);
    cr_ntraj_set_map(t, &u->S, u->p.gamma, u->e);
    for (unsigned long n = 1; n <= 25; n++) {
        cr_ntraj_step(t, 1);
        cr_mech_follow(m, mv, n, 0.0);
        cr_nstate r;
        cr_ntraj_state(t, &r);
        ck_assert_uint_eq(mv->collisions, n);
        ck_assert(mv->cloud_n == 16);
        ck_assert(mv->cloud_re[0] == creal(r.v[1]) && mv->cloud_im[0] == cimag(r.v[1]));
        double complex z0 = mv->cloud_re[0] + I * mv->cloud_im[0];
        double wait = cr_mech_next(m) - cr_mech_last(m);
        cr_mech_follow(m, mv, n, 0.5);
        double complex z = mv->cloud_re[0] + I * mv->cloud_im[0];
        TU_CCLOSE(z, z0 * cexp(I * u->p.delta * 0.5 * wait), 1e-12, "turned by Delta tau");
        ck_assert_uint_eq(mv->collisions, n);
    }
    cr_ntraj_free(t);
    cr_mech_free(m);
    free(mv);
    free(u);
}
END_TEST

static cr_session *new_session(const char *preset_gamma, int k)
{
    cr_session_opts o;
    char err[256] = "";
    cr_session_opts_default(&o);
    o.paused = 1;
    o.ensemble = k;
    if (preset_gamma != NULL)
        o.params.gamma = atof(preset_gamma);
    cr_session *s = cr_session_new(&o, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    cr_session_resize(s, 200, 60);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    return s;
}

/* Key '.': from a paused trajectory, exactly one more collision, after
 * frames in which ρ01 turns at a constant |ρ01| (the precession between);
 * then the trajectory stays paused. */
START_TEST(test_step_key_runs_to_the_next_collision)
{
    cr_session *s = new_session("0.5", 1);
    const cr_view *v = cr_session_view(s);
    cr_session_run_collisions(s, 5, 0.0);
    ck_assert_uint_eq(v->collisions, 5);
    ck_assert(!cr_session_running(s));
    double complex z0 = v->mech.cloud_re[0] + I * v->mech.cloud_im[0];
    ck_assert(cabs(z0) > 1e-3);
    cr_session_step(s);
    ck_assert(cr_session_running(s));
    double now = cr_session_next_frame_ms(s);
    int frames = 0, turned = 0;
    while (cr_session_running(s) && frames < 1000) {
        cr_session_tick(s, now);
        now += CR_SESSION_FRAME_MS;
        frames++;
        double complex z = v->mech.cloud_re[0] + I * v->mech.cloud_im[0];
        if (v->collisions == 5) {
            TU_CLOSE(cabs(z), cabs(z0), 1e-12, "|rho01| between collisions");
            turned += cabs(z - z0) > 1e-6;
        }
    }
    ck_assert_uint_eq(v->collisions, 6);
    ck_assert_int_eq(v->paused, 1);
    /* 1.5 s at 25 frames a second. */
    ck_assert_msg(frames >= 30 && turned >= 30, "%d frames, %d turned", frames, turned);
    ck_assert_uint_eq(v->mech.collisions, 6);
    cr_session_free(s);
}
END_TEST

/* The trajectory stops at the end of the window (its first collision past
 * Γt = window) until n starts a new one. */
START_TEST(test_trajectory_stops_at_the_window_end)
{
    cr_session *s = new_session(NULL, 1);
    const cr_view *v = cr_session_view(s);
    cr_session_run_collisions(s, 100000, 0.0);
    double last = v->traj_gt[(v->traj_start + v->traj_n - 1) % CR_SCREEN_TRAJ_MAX];
    double before = v->traj_gt[(v->traj_start + v->traj_n - 2) % CR_SCREEN_TRAJ_MAX];
    ck_assert(last >= v->traj_window && before < v->traj_window);
    ck_assert(v->mech.at_end);
    ck_assert(!cr_session_running(s));
    ck_assert_msg(strstr(v->status, "end of the window"), "%s", v->status);
    unsigned long n = v->collisions;
    cr_session_toggle_pause(s);
    ck_assert(!cr_session_running(s));
    cr_session_run_collisions(s, 10, 0.0);
    ck_assert_uint_eq(v->collisions, n);
    cr_session_new_trajectory(s);
    ck_assert(!v->mech.at_end && v->collisions == 0 && cr_session_running(s));
    cr_session_free(s);
    /* With Fig. 2 alone on screen (a lecture scene on Fig. 2) the run still
     * stops, and the status line does not speak of a window not shown. */
    s = new_session(NULL, 1);
    v = cr_session_view(s);
    cr_session_set_focus(s, 2);
    cr_session_run_collisions(s, 100000, 0.0);
    ck_assert(v->mech.at_end);
    ck_assert_msg(!strstr(v->status, "end of the window"), "%s", v->status);
    cr_session_free(s);
}
END_TEST

/* The ensemble on screen: K = 256 members; the mean of ρ00 with its band
 * against e^{ℒt}; at Γ = 0.5 the cloud's mean |ρ01| is far below the
 * members' (the phases scatter), at Γ = 20 much less so. */
START_TEST(test_ensemble_cloud_spreads_at_small_gamma)
{
    double ratio[2];
    static const char *const g[2] = { "0.5", "20" };
    for (int i = 0; i < 2; i++) {
        cr_session *s = new_session(g[i], 256);
        const cr_view *v = cr_session_view(s);
        cr_session_run_collisions(s, 40, 0.5);
        const cr_mech_view *m = &v->mech;
        ck_assert_int_eq(m->k, 256);
        ck_assert(m->cloud_n == 256 && m->ens_n >= 2);
        size_t last = (m->ens_start + m->ens_n - 1) % CR_SCREEN_TRAJ_MAX;
        ck_assert(m->ens_lo[last] < m->ens_mean[last] && m->ens_mean[last] < m->ens_hi[last]);
        double each = 0;
        for (size_t j = 0; j < m->cloud_n; j++)
            each += hypot(m->cloud_re[j], m->cloud_im[j]);
        each /= (double)m->cloud_n;
        ratio[i] = cabs(m->cloud_mean) / each;
        /* Key E cycles on, reset goes back to the start-up K. */
        cr_session_next_ensemble(s);
        ck_assert_int_eq(m->k, 1024);
        cr_session_reset(s);
        ck_assert_int_eq(m->k, 256);
        fprintf(stderr, "Gamma %s: |mean rho01| / mean |rho01| = %.3f\n", g[i], ratio[i]);
        cr_session_free(s);
    }
    ck_assert(ratio[0] < 0.2);
    ck_assert(ratio[1] > 2 * ratio[0]);
    /* The README's numbers (seeded: the same digits every run). */
    TU_CLOSE(ratio[0], 0.087, 0.0005, "README: Gamma 0.5");
    TU_CLOSE(ratio[1], 0.278, 0.0005, "README: Gamma 20");
}
END_TEST

/* Key p: the plane's pair cycles (0,1), (0,2), (1,2) for a qutrit, and
 * the cloud then holds that pair's ρ_jk of the trajectory. */
START_TEST(test_pair_key_picks_rho_jk)
{
    cr_session_opts o;
    char err[256] = "";
    cr_session_opts_default(&o);
    o.paused = 1;
    tu_params(&o.params, "levels=0,1,2.5 gamma=2");
    cr_session *s = cr_session_new(&o, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    cr_session_resize(s, 200, 60);
    ck_assert_int_eq(cr_session_wait_idle(s, 60000), 0);
    const cr_view *v = cr_session_view(s);
    cr_session_run_collisions(s, 12, 0.0);
    static const int want[4][2] = { { 0, 2 }, { 1, 2 }, { 0, 1 }, { 0, 2 } };
    cr_ntraj *t = cr_ntraj_alloc(1);
    cr_nmap *S = malloc(sizeof *S);
    double e[CR_NMAX];
    cr_params_energies(&v->params, e);
    ck_assert(cr_nmap_compute(&v->params, S, err, sizeof err) == CR_OK);
    cr_nstate top, r;
    cr_nstate_initial("excited", 3, e, v->params.beta, &top, err, sizeof err);
    cr_ntraj_reset_to(t, v->seed, &top);
    cr_ntraj_set_map(t, S, v->params.gamma, e);
    cr_ntraj_step(t, 12);
    cr_ntraj_state(t, &r);
    for (int i = 0; i < 4; i++) {
        cr_session_next_pair(s);
        ck_assert_int_eq(v->mech.pair_j, want[i][0]);
        ck_assert_int_eq(v->mech.pair_k, want[i][1]);
        double complex z = r.v[want[i][0] * 3 + want[i][1]];
        ck_assert(v->mech.cloud_re[0] == creal(z) && v->mech.cloud_im[0] == cimag(z));
    }
    free(S);
    cr_ntraj_free(t);
    cr_session_free(s);
}
END_TEST

/* Golden screens of the coherence plane: Fig. 1's panel given the whole
 * canvas (as a focused figure) at 80x24, ensemble of 256 at Γ = 0.5 after
 * 40 collisions (ASCII), and the plane alone at 120x40.  With
 * COLRES_UPDATE_GOLDEN set the files are written instead. */
static void golden(const cr_canvas *c, const char *name)
{
    char path[4096], got[1 << 16];
    const char *srcdir = getenv("COLRES_SRCDIR"); /* make check sets it */
    snprintf(path, sizeof path, "%s/tests/golden/%s", srcdir != NULL ? srcdir : ".", name);
    FILE *f = fmemopen(got, sizeof got, "w");
    ck_assert_ptr_nonnull(f);
    cr_canvas_write(c, f, c->ascii);
    long len = ftell(f);
    fclose(f);
    got[len] = '\0';
    if (getenv("COLRES_UPDATE_GOLDEN") != NULL) {
        FILE *o = fopen(path, "w");
        ck_assert_ptr_nonnull(o);
        fputs(got, o);
        fclose(o);
        return;
    }
    static char want[1 << 16];
    FILE *i = fopen(path, "r");
    ck_assert_msg(i != NULL, "cannot read %s", path);
    size_t n = fread(want, 1, sizeof want - 1, i);
    fclose(i);
    want[n] = '\0';
    ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", name, got);
}

START_TEST(test_coherence_plane_golden)
{
    cr_session *s = new_session("0.5", 256);
    cr_session_run_collisions(s, 40, 0.5);
    cr_session_wait_idle(s, 60000);
    cr_view *v = cr_view_new(); /* a copy: the session's view is read-only */
    ck_assert_msg(v != NULL, "out of memory");
    *v = *cr_session_view(s);
    v->ascii = 1;
    cr_canvas *c = cr_canvas_new(80, 24, 1);
    cr_frame_draw_traj(v, c, (rect){ 0, 0, 80, 24 });
    golden(c, "coherence-80x24.txt");
    cr_canvas_free(c);
    v->ascii = 0;
    c = cr_canvas_new(60, 30, 0);
    cr_coherence_draw(v, c, 0, 0, 60, 30);
    golden(c, "coherence-plane-60x30.txt");
    cr_canvas_free(c);
    cr_view_free(v);
    cr_session_free(s);
}
END_TEST

static Suite *mech_suite(void)
{
    Suite *s = suite_create("mech");
    TCase *tc = tcase_create("mech");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_window_reaches_thermal_with_d);
    tcase_add_test(tc, test_plane_follows_the_trajectory);
    tcase_add_test(tc, test_step_key_runs_to_the_next_collision);
    tcase_add_test(tc, test_trajectory_stops_at_the_window_end);
    tcase_add_test(tc, test_ensemble_cloud_spreads_at_small_gamma);
    tcase_add_test(tc, test_pair_key_picks_rho_jk);
    tcase_add_test(tc, test_coherence_plane_golden);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(mech_suite());
}
