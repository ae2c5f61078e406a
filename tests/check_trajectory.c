/* check_trajectory.c — Poissonian trajectories (Eq. 3, 5). */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"
#include "testutil.h"

static cr_traj *new_traj(unsigned long seed, const cr_map *S, double gamma, double delta)
{
    cr_traj *t = cr_traj_alloc(seed);
    ck_assert_ptr_nonnull(t);
    cr_traj_set_map(t, S, gamma, delta);
    return t;
}

static int same_state(const cr_state *a, const cr_state *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* A physical qubit state to 1e-12 (round-off over many steps): trace 1,
 * Hermitian, populations in [0, 1], and ρ00ρ11 >= |ρ01|² (positivity). */
static void assert_physical(const cr_state *s, const char *what)
{
    TU_CCLOSE(s->v[0] + s->v[3], 1.0, 1e-12, what);
    TU_CCLOSE(s->v[2], conj(s->v[1]), 1e-12, what);
    TU_CLOSE(cimag(s->v[0]), 0.0, 1e-12, what);
    ck_assert_msg(creal(s->v[0]) >= -1e-12 && creal(s->v[0]) <= 1.0 + 1e-12,
                  "%s: rho00 = %g", what, creal(s->v[0]));
    double det = creal(s->v[0]) * creal(s->v[3]) - cabs(s->v[1]) * cabs(s->v[1]);
    ck_assert_msg(det >= -1e-12, "%s: not positive, det = %g", what, det);
}

/* Same seed, same trajectory, bit for bit; stepping in chunks or one at a
 * time is the same trajectory; another seed gives another one. */
START_TEST(test_seeded_trajectories_are_reproducible)
{
    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    cr_traj *a = new_traj(42, &S, p.gamma, p.delta);
    cr_traj *b = new_traj(42, &S, p.gamma, p.delta);
    cr_traj *c = new_traj(43, &S, p.gamma, p.delta);
    cr_traj_step(a, 1000);
    for (int i = 0; i < 1000; i++)
        cr_traj_step(b, 1);
    cr_traj_step(c, 1000);
    cr_state sa, sb, sc;
    cr_traj_state(a, &sa);
    cr_traj_state(b, &sb);
    cr_traj_state(c, &sc);
    ck_assert_msg(same_state(&sa, &sb), "same seed, different states");
    ck_assert(cr_traj_time(a) == cr_traj_time(b));
    ck_assert_uint_eq(cr_traj_count(a), 1000);
    ck_assert_uint_eq(cr_traj_count(b), 1000);
    ck_assert_msg(!same_state(&sa, &sc) && cr_traj_time(a) != cr_traj_time(c),
                  "seeds 42 and 43 gave the same trajectory");
    /* Reset replays from |1><1| at t = 0. */
    cr_traj_reset(a, 43);
    cr_state s0;
    cr_traj_state(a, &s0);
    ck_assert(s0.v[3] == 1.0 && s0.v[0] == 0.0 && s0.v[1] == 0.0 && s0.v[2] == 0.0);
    ck_assert(cr_traj_time(a) == 0.0 && cr_traj_count(a) == 0);
    cr_traj_step(a, 1000);
    cr_traj_state(a, &sa);
    ck_assert_msg(same_state(&sa, &sc), "reset(43) does not replay seed 43");
    cr_traj_free(a);
    cr_traj_free(b);
    cr_traj_free(c);
    cr_traj_free(NULL);
}
END_TEST

/* 1e6 collisions: the state stays physical to 1e-12.  The map keeps the
 * trace only to round-off (Σ_j' S^{00}_{j'j'} - 1 = -3.6e-15 at the
 * defaults, in the fast map and the adaptive reference alike), and that
 * error is systematic, so |Tr ρ - 1| grows linearly, ~2e-15 per collision,
 * and reaches the 1e-12 renormalisation threshold after ~500 collisions
 * (measured: 1.1e-14 after 10, 1.6e-13 after 100).  So: the drift per
 * collision is tiny (< 1e-14 after one step, < 1e-12 after 100), and over
 * 1e6 collisions renormalisation keeps it at the threshold: max drift
 * <= 1e-12 + one step's worth (1e-14).  The mean waiting time is 1/Γ
 * within 5 standard errors (σ_τ = 1/Γ, so SE = 1/(Γ√n)). */
START_TEST(test_trace_preserved_over_a_million_collisions)
{
    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    cr_traj *t = new_traj(7, &S, p.gamma, p.delta);
    cr_traj_step(t, 1);
    ck_assert_msg(cr_traj_max_trace_drift(t) < 1e-14, "drift after one collision %g",
                  cr_traj_max_trace_drift(t));
    cr_traj_step(t, 99);
    ck_assert_msg(cr_traj_max_trace_drift(t) < 1e-12, "drift after 100 collisions %g",
                  cr_traj_max_trace_drift(t));
    cr_traj_reset(t, 7);
    const unsigned long chunk = 1000, n = 1000000;
    for (unsigned long done = 0; done < n; done += chunk) {
        cr_traj_step(t, chunk);
        cr_state s;
        cr_traj_state(t, &s);
        assert_physical(&s, "trajectory state");
    }
    double drift = cr_traj_max_trace_drift(t);
    ck_assert_msg(drift <= 1e-12 + 1e-14, "max trace drift %g", drift);
    ck_assert_uint_eq(cr_traj_count(t), n);
    double mean_tau = cr_traj_time(t) / (double)n;
    double se = 1.0 / (p.gamma * sqrt((double)n));
    ck_assert_msg(fabs(mean_tau - 1.0 / p.gamma) < 5.0 * se,
                  "mean waiting time %g, expected %g +- %g", mean_tau, 1.0 / p.gamma, se);
    cr_traj_free(t);
}
END_TEST

/* Eq. 3: with D on, the coherences are exactly zero after every step. */
START_TEST(test_dephasing_zeroes_coherences_every_step)
{
    cr_params p;
    cr_map S;
    tu_params(&p, "gamma=10");
    tu_map(&p, &S);
    cr_traj *t = new_traj(3, &S, p.gamma, p.delta);
    cr_traj_set_dephase(t, 1);
    for (int i = 0; i < 20000; i++) {
        cr_traj_step(t, 1);
        cr_state s;
        cr_traj_state(t, &s);
        ck_assert_msg(s.v[1] == 0.0 && s.v[2] == 0.0, "step %d: rho01 = %g%+gi", i,
                      creal(s.v[1]), cimag(s.v[1]));
        assert_physical(&s, "dephased state");
    }
    /* And without D coherences do appear with this map. */
    cr_traj_set_dephase(t, 0);
    cr_traj_step(t, 1);
    cr_state s;
    cr_traj_state(t, &s);
    ck_assert_msg(cabs(s.v[1]) > 1e-6, "no coherence without D: %g", cabs(s.v[1]));
    cr_traj_free(t);
}
END_TEST

/* S = identity (λ = 0): collisions do nothing and U^τ only turns the
 * phase of ρ01, so from |1><1| the populations never change. */
START_TEST(test_identity_map_keeps_populations)
{
    cr_params p;
    cr_map S;
    tu_params(&p, "lambda=0");
    tu_map(&p, &S);
    cr_traj *t = new_traj(11, &S, p.gamma, p.delta);
    for (int i = 0; i < 100; i++) {
        cr_traj_step(t, 100);
        cr_state s;
        cr_traj_state(t, &s);
        /* 1e-12: S equals I only to quadrature accuracy (~1e-16/entry). */
        TU_CLOSE(creal(s.v[3]), 1.0, 1e-12, "rho11 with lambda = 0");
        TU_CLOSE(cabs(s.v[1]), 0.0, 1e-12, "rho01 with lambda = 0");
    }
    /* The exact identity matrix: no change at all, bit for bit. */
    cr_map id;
    memset(&id, 0, sizeof id);
    for (int i = 0; i < 4; i++)
        id.m[i][i] = 1.0;
    cr_traj_set_map(t, &id, 2.0, 0.6);
    cr_traj_reset(t, 5);
    cr_traj_step(t, 10000);
    cr_state s;
    cr_traj_state(t, &s);
    ck_assert(s.v[3] == 1.0 && s.v[0] == 0.0 && s.v[1] == 0.0);
    cr_traj_free(t);
}
END_TEST

/* Named initial states and a trajectory started from one.  With the exact
 * identity map only U^τ acts: from |+><+| the populations stay 1/2 and
 * ρ01 = ½ e^{iΔt} at the trajectory's own time t, which it must match to
 * 1e-12 after 1000 collisions (the phase is a product of 1000 rotations,
 * each rounding ~1e-16).  From the ground state under the defaults' map
 * the first collision starts from ρ00 = 1: ρ00 after one step equals
 * S^{00}_{00} exactly as computed, 1e-15. */
START_TEST(test_initial_states)
{
    cr_state s;
    char err[256] = "";
    ck_assert_int_eq(cr_state_initial("ground", 0.1, 0.6, &s, err, sizeof err), CR_OK);
    ck_assert(s.v[0] == 1.0 && s.v[3] == 0.0 && s.v[1] == 0.0);
    ck_assert_int_eq(cr_state_initial("excited", 0.1, 0.6, &s, err, sizeof err), CR_OK);
    ck_assert(s.v[0] == 0.0 && s.v[3] == 1.0 && s.v[1] == 0.0);
    ck_assert_int_eq(cr_state_initial("thermal", 0.1, 0.6, &s, err, sizeof err), CR_OK);
    TU_CLOSE(creal(s.v[0]), 0.5149955016, 1e-10, "thermal rho00");
    ck_assert_int_eq(cr_state_initial("plus", 0.1, 0.6, &s, err, sizeof err), CR_OK);
    ck_assert(s.v[0] == 0.5 && s.v[3] == 0.5 && s.v[1] == 0.5 && s.v[2] == 0.5);
    ck_assert_int_eq(cr_state_initial("minus", 0.1, 0.6, &s, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "minus") != NULL && strstr(err, "ground") != NULL, "%s", err);

    cr_map id;
    memset(&id, 0, sizeof id);
    for (int i = 0; i < 4; i++)
        id.m[i][i] = 1.0;
    cr_traj *t = new_traj(3, &id, 2.0, 0.6);
    cr_state_initial("plus", 0.1, 0.6, &s, err, sizeof err);
    cr_traj_reset_to(t, 3, &s);
    cr_traj_step(t, 1000);
    cr_traj_state(t, &s);
    double now = cr_traj_time(t);
    ck_assert(now > 0.0);
    TU_CLOSE(creal(s.v[0]), 0.5, 1e-15, "rho00 from plus");
    TU_CCLOSE(s.v[1], 0.5 * cexp(I * 0.6 * now), 1e-12, "rho01 from plus");

    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    cr_traj_set_map(t, &S, p.gamma, p.delta);
    cr_state_initial("ground", p.beta, p.delta, &s, err, sizeof err);
    cr_traj_reset_to(t, 4, &s);
    cr_traj_step(t, 1);
    cr_traj_state(t, &s);
    TU_CLOSE(creal(s.v[0]), creal(S.m[0][0]), 1e-15, "rho00 after one collision from ground");
    cr_traj_free(t);
}
END_TEST

/* Free evolution U^τ: (U^τ ρ)_{jk} = e^{-iΔ_jk τ} ρ_jk,
 * Δ_01 = e_0 - e_1 = -Δ. */
static cr_state free_evolution(const cr_state *rho, double delta, double tau)
{
    cr_state out = *rho;
    out.v[1] = cexp(I * delta * tau) * rho->v[1];
    out.v[2] = cexp(-I * delta * tau) * rho->v[2];
    return out;
}

/* Observables averaged over the ensemble: ρ00, Re ρ01, Im ρ01. */
enum { N_OBS = 3, N_TIMES = 3 };

static void observables(const cr_state *s, double o[N_OBS])
{
    o[0] = creal(s->v[0]);
    o[1] = creal(s->v[1]);
    o[2] = cimag(s->v[1]);
}

/* The mean over trajectories of the state at a fixed time t equals
 * e^{ℒt}ρ(0).  A trajectory only changes at collisions, so the state
 * at t is U^{t - t_n} ρ_n with ρ_n, t_n the state and time after the last
 * collision before t.  20000 seeded trajectories; each component within 5
 * standard errors of the exact mean (a false alarm is < 1e-5 per
 * comparison, and the seeds make it deterministic anyway). */
START_TEST(test_ensemble_mean_matches_mean_evolution)
{
    static const struct {
        double gamma;
        double times[N_TIMES];
    } cases[] = {
        { 5.0, { 0.3, 2.0, 6.0 } },   /* Γt = 1.5, 10, 30 */
        { 0.5, { 1.0, 7.0, 20.0 } },  /* slow collisions: U^τ dominates */
        { 5.0, { 0.3, 2.0, 6.0 } },   /* with D: the mean follows e^{ℒ_D t} */
    };
    const int dephase = _i == 2;
    const int n_traj = 20000;
    const double gamma = cases[_i].gamma;
    const double *times = cases[_i].times;
    cr_params p;
    cr_map S;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    double sum[N_TIMES][N_OBS] = { { 0 } }, sum2[N_TIMES][N_OBS] = { { 0 } };
    cr_traj *t = new_traj(1, &S, gamma, p.delta);
    cr_traj_set_dephase(t, dephase);
    for (int k = 0; k < n_traj; k++) {
        cr_traj_reset(t, 1000003UL * (unsigned long)_i + (unsigned long)k);
        cr_state prev;
        cr_traj_state(t, &prev);
        double t_prev = 0.0;
        int pending = 0; /* a collision was stepped but lies beyond a sample time */
        for (int m = 0; m < N_TIMES; m++) {
            for (;;) {
                if (!pending) {
                    cr_traj_step(t, 1);
                    pending = 1;
                }
                if (cr_traj_time(t) > times[m])
                    break; /* keep it for a later sample time */
                cr_traj_state(t, &prev);
                t_prev = cr_traj_time(t);
                pending = 0;
            }
            cr_state at = free_evolution(&prev, p.delta, times[m] - t_prev);
            double o[N_OBS];
            observables(&at, o);
            for (int q = 0; q < N_OBS; q++) {
                sum[m][q] += o[q];
                sum2[m][q] += o[q] * o[q];
            }
        }
    }
    cr_traj_free(t);

    cr_state rho0;
    cr_excited_state(&rho0);
    if (dephase)
        cr_map_dephased(&S, &S);
    for (int m = 0; m < N_TIMES; m++) {
        cr_state exact;
        char err[256] = "";
        ck_assert_msg(cr_dynamics_evolve(&S, gamma, p.delta, times[m], &rho0, &exact, err, sizeof err)
                      == CR_OK, "%s", err);
        double want[N_OBS];
        observables(&exact, want);
        for (int q = 0; q < N_OBS; q++) {
            double mean = sum[m][q] / n_traj;
            double var = sum2[m][q] / n_traj - mean * mean;
            double se = sqrt(fmax(var, 0.0) / n_traj);
            static const char *const names[N_OBS] = { "rho00", "Re rho01", "Im rho01" };
            ck_assert_msg(fabs(mean - want[q]) <= 5.0 * se + 1e-12,
                          "gamma %g, t %g, %s: ensemble %.6f +- %.2g, e^{Lt} %.6f (%.1f SE)",
                          gamma, times[m], names[q], mean, se, want[q],
                          fabs(mean - want[q]) / (se > 0 ? se : 1e-300));
        }
    }
}
END_TEST

/* Replacing the map mid-run keeps the current state and time. */
START_TEST(test_set_map_continues_from_current_state)
{
    cr_params p;
    cr_map S, S2;
    tu_params(&p, NULL);
    tu_map(&p, &S);
    tu_params(&p, "dx=3 beta=0.5");
    tu_map(&p, &S2);
    cr_traj *t = new_traj(9, &S, 5.0, 0.6);
    cr_traj_step(t, 50);
    cr_state before, after;
    cr_traj_state(t, &before);
    double time = cr_traj_time(t);
    cr_traj_set_map(t, &S2, 1.0, 0.6);
    cr_traj_state(t, &after);
    ck_assert(same_state(&before, &after));
    ck_assert(cr_traj_time(t) == time && cr_traj_count(t) == 50);
    cr_traj_step(t, 50);
    ck_assert(cr_traj_time(t) > time && cr_traj_count(t) == 100);
    cr_traj_free(t);
}
END_TEST

static Suite *trajectory_suite(void)
{
    Suite *s = suite_create("trajectory");
    TCase *tc = tcase_create("single");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_seeded_trajectories_are_reproducible);
    tcase_add_test(tc, test_trace_preserved_over_a_million_collisions);
    tcase_add_test(tc, test_dephasing_zeroes_coherences_every_step);
    tcase_add_test(tc, test_identity_map_keeps_populations);
    tcase_add_test(tc, test_initial_states);
    tcase_add_test(tc, test_set_map_continues_from_current_state);
    suite_add_tcase(s, tc);

    tc = tcase_create("ensemble");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_ensemble_mean_matches_mean_evolution, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(trajectory_suite());
}
