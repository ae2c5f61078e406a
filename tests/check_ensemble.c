/* check_ensemble.c — K trajectories run together (colres/ensemble.h):
 * their members, their free precession, their statistics against e^{ℒt}. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/ensemble.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "testutil.h"

/* The map, energies and initial state of a system given as settings. */
typedef struct sys {
    cr_params p;
    cr_nmap S;
    double e[CR_NMAX];
    cr_nstate rho0;
} sys;

static sys *new_sys(const char *settings, const char *initial)
{
    sys *s = malloc(sizeof *s);
    ck_assert_ptr_nonnull(s);
    char err[512] = "";
    tu_params(&s->p, settings);
    ck_assert_msg(cr_nmap_compute(&s->p, &s->S, err, sizeof err) == CR_OK, "%s", err);
    cr_params_energies(&s->p, s->e);
    ck_assert_msg(cr_nstate_initial(initial, s->S.n, s->e, s->p.beta, &s->rho0, err, sizeof err)
                  == CR_OK, "%s", err);
    return s;
}

static void run(const sys *s, int dephase, size_t k, unsigned long seed, const double *times,
                size_t nt, int threads, cr_ens_stats *out)
{
    char err[256] = "";
    ck_assert_msg(cr_ens_run(&s->S, s->p.gamma, s->e, dephase, &s->rho0, k, seed, times, nt,
                             threads, NULL, out, err, sizeof err) == CR_OK, "%s", err);
}

/* Member i of an ensemble of seed S is the single trajectory of seed S+i
 * (cr_ntraj, what `colres trajectory` prints): the same states, bit for
 * bit, after the same collisions; for the qubit and a qutrit. */
START_TEST(test_members_are_the_single_trajectories)
{
    static const char *const systems[] = { NULL, "levels=0,1,2.5 gamma=2" };
    sys *s = new_sys(systems[_i], "excited");
    enum { K = 5 };
    cr_ens *e = cr_ens_alloc(K);
    ck_assert_ptr_nonnull(e);
    cr_ens_reset_to(e, 77, &s->rho0);
    cr_ens_set_map(e, &s->S, s->p.gamma, s->e);
    cr_ens_advance_to(e, 40.0);
    cr_ntraj *t = cr_ntraj_alloc(1);
    for (size_t i = 0; i < K; i++) {
        unsigned long n = cr_ens_member_count(e, i);
        ck_assert_msg(n > 20, "member %zu: only %lu collisions", i, n);
        cr_ntraj_reset_to(t, 77 + i, &s->rho0);
        cr_ntraj_set_map(t, &s->S, s->p.gamma, s->e);
        cr_ntraj_step(t, n);
        ck_assert(cr_ntraj_time(t) == cr_ens_member_last(e, i));
        /* Move the clock to the member's last collision: no precession. */
        cr_ens *one = cr_ens_alloc(1);
        cr_ens_reset_to(one, 77 + i, &s->rho0);
        cr_ens_set_map(one, &s->S, s->p.gamma, s->e);
        cr_ens_advance_to(one, cr_ens_member_last(e, i));
        cr_nstate a, b;
        cr_ens_member_state(one, 0, &a);
        cr_ntraj_state(t, &b);
        ck_assert_msg(memcmp(a.v, b.v, sizeof(double complex) * (size_t)(a.n * a.n)) == 0,
                      "member %zu differs from the trajectory of seed %zu", i, 77 + i);
        cr_ens_free(one);
    }
    cr_ntraj_free(t);
    cr_ens_free(e);
    free(s);
}
END_TEST

/* Between two collisions every ρ_jk turns at its Bohr frequency: from
 * time a to b (both between the same two collisions), ρ_jk(b) =
 * e^{-i(E_j-E_k)(b-a)} ρ_jk(a), to 1e-12 (a few rotations of round-off),
 * and the populations do not move. */
START_TEST(test_coherence_turns_by_delta_tau_between_collisions)
{
    static const char *const systems[] = { "gamma=0.5", "levels=0,1,2.5 gamma=0.5" };
    sys *s = new_sys(systems[_i], "plus");
    cr_ens *e = cr_ens_alloc(1);
    cr_ens_reset_to(e, 5, &s->rho0);
    cr_ens_set_map(e, &s->S, s->p.gamma, s->e);
    int n = s->S.n, checked = 0;
    for (int c = 0; c < 30; c++) {
        double t0 = cr_ens_member_last(e, 0), t1 = cr_ens_member_next(e, 0);
        ck_assert(t1 > t0);
        double a = t0 + 0.2 * (t1 - t0), b = t0 + 0.9 * (t1 - t0);
        cr_nstate ra, rb;
        cr_ens_advance_to(e, a);
        cr_ens_member_state(e, 0, &ra);
        cr_ens_advance_to(e, b);
        cr_ens_member_state(e, 0, &rb);
        ck_assert_uint_eq(cr_ens_member_count(e, 0), (unsigned long)c);
        for (int j = 0; j < n; j++) {
            TU_CLOSE(creal(rb.v[j * n + j]), creal(ra.v[j * n + j]), 0.0, "population");
            for (int k = j + 1; k < n; k++) {
                double complex want = cexp(-I * (s->e[j] - s->e[k]) * (b - a)) * ra.v[j * n + k];
                TU_CCLOSE(rb.v[j * n + k], want, 1e-12, "rho_jk precessed");
                checked += cabs(want) > 1e-3;
            }
        }
        cr_ens_advance_to(e, t1);   /* the next collision */
        ck_assert_uint_eq(cr_ens_member_count(e, 0), (unsigned long)c + 1);
    }
    ck_assert_msg(checked > 20, "only %d coherences large enough to check", checked);
    cr_ens_free(e);
    free(s);
}
END_TEST

enum { NT = 41 };

static void times_to(double tmax, double *t)
{
    for (int i = 0; i < NT; i++)
        t[i] = tmax * i / (NT - 1);
}

/* K = 4000: at every time and for every real entry of ρ, the ensemble
 * mean is within 4 standard errors of e^{ℒt}ρ(0) (plus 1e-12 for t = 0,
 * where every member is ρ(0) and the SE is 0).  With and without D, the
 * qubit from |1><1| and from |+><+|, and a qutrit. */
START_TEST(test_mean_within_4_sem_of_mean_evolution)
{
    static const char *const systems[] = { NULL, "gamma=0.5", NULL, "levels=0,1,2.5 gamma=2" };
    static const char *const initial[] = { "excited", "excited", "plus", "excited" };
    int dephase = _i == 1;
    sys *s = new_sys(systems[_i], initial[_i]);
    double t[NT];
    times_to(30.0 / s->p.gamma, t);
    static cr_ens_stats st[NT];
    run(s, dephase, 4000, 1, t, NT, 2, st);
    cr_nmap M = s->S;
    if (dephase)
        cr_nmap_dephased(&M, &M);
    int n = s->S.n;
    double worst = 0.0;
    for (int m = 0; m < NT; m++) {
        cr_nstate exact;
        char err[256] = "";
        ck_assert_msg(cr_nevolve(&M, s->p.gamma, s->e, t[m], &s->rho0, &exact, err, sizeof err)
                      == CR_OK, "%s", err);
        double x[CR_NMAX2];
        for (int j = 0; j < n; j++)
            x[j] = creal(exact.v[j * n + j]);
        for (int j = 0, i = n; j < n; j++)
            for (int k = j + 1; k < n; k++, i += 2) {
                x[i] = creal(exact.v[j * n + k]);
                x[i + 1] = cimag(exact.v[j * n + k]);
            }
        for (int i = 0; i < n * n; i++) {
            double z = fabs(st[m].mean[i] - x[i]) / (st[m].sem[i] > 0 ? st[m].sem[i] : 1e-300);
            ck_assert_msg(fabs(st[m].mean[i] - x[i]) <= 4.0 * st[m].sem[i] + 1e-12,
                          "system %d, t %g, entry %d: %.6f +- %.2g vs e^{Lt} %.6f (%.1f SE)",
                          _i, t[m], i, st[m].mean[i], st[m].sem[i], x[i], z);
            if (st[m].sem[i] > 0 && z > worst)
                worst = z;
        }
    }
    fprintf(stderr, "system %d: largest deviation %.2f SE\n", _i, worst);
    free(s);
}
END_TEST

/* The standard error falls as 1/√K: the SE of 1000 trajectories over that
 * of 4000 is 2, summed over every time and entry.  An estimated SE has a
 * relative spread of about 1/√(2K) (2 % at K = 1000) per value; summed over
 * 160 values the ratio's is well under 1 %, so 2 ± 0.1 (5 %) is a
 * tolerance a wrong √ (ratio 4 for 1/K, 1 for K-independent) cannot meet. */
START_TEST(test_sem_scales_as_inverse_sqrt_k)
{
    sys *s = new_sys(NULL, "excited");
    double t[NT];
    times_to(6.0, t);
    static cr_ens_stats a[NT], b[NT];
    run(s, 0, 1000, 11, t, NT, 2, a);
    run(s, 0, 4000, 11, t, NT, 2, b);
    double sa = 0.0, sb = 0.0;
    for (int m = 1; m < NT; m++)
        for (int i = 0; i < 4; i++) {
            sa += a[m].sem[i];
            sb += b[m].sem[i];
        }
    fprintf(stderr, "SE(1000)/SE(4000) = %.4f\n", sa / sb);
    TU_CLOSE(sa / sb, 2.0, 0.1, "SE ratio for 4x the trajectories");
    free(s);
}
END_TEST

/* With D the populations never see the coherences, so a trajectory's
 * states depend on the collision count alone and its collision times are
 * the same unit exponentials over Γ: the ensemble in Γt is the same at
 * every Γ, to round-off (1e-12). */
START_TEST(test_dephased_gamma_t_curves_are_identical)
{
    static const double gammas[] = { 0.5, 5.0, 20.0 };
    double gt[NT];
    times_to(60.0, gt);
    static cr_ens_stats ref[NT], st[NT];
    for (int g = 0; g < 3; g++) {
        char set[64];
        snprintf(set, sizeof set, "gamma=%g", gammas[g]);
        sys *s = new_sys(set, "excited");
        double t[NT];
        for (int m = 0; m < NT; m++)
            t[m] = gt[m] / gammas[g];
        run(s, 1, 500, 3, t, NT, 2, g == 0 ? ref : st);
        for (int m = 0; g > 0 && m < NT; m++)
            for (int i = 0; i < 4; i++) {
                TU_CLOSE(st[m].mean[i], ref[m].mean[i], 1e-12, "dephased mean in Gamma t");
                TU_CLOSE(st[m].sem[i], ref[m].sem[i], 1e-12, "dephased SE in Gamma t");
            }
        free(s);
    }
    /* Not by construction: without D the curves differ. */
    sys *a = new_sys("gamma=0.5", "excited"), *b = new_sys("gamma=20", "excited");
    double ta[NT], tb[NT];
    for (int m = 0; m < NT; m++) {
        ta[m] = gt[m] / 0.5;
        tb[m] = gt[m] / 20.0;
    }
    run(a, 0, 500, 3, ta, NT, 2, ref);
    run(b, 0, 500, 3, tb, NT, 2, st);
    ck_assert(fabs(ref[NT - 1].mean[0] - st[NT - 1].mean[0]) > 1e-3);
    free(a);
    free(b);
}
END_TEST

/* The numbers do not depend on the thread count (fixed blocks, combined
 * in order): 1, 2 and 3 threads, bit for bit; and the batch form agrees
 * with K members advanced together (cr_ens_stats_now) to round-off. */
START_TEST(test_run_independent_of_threads)
{
    sys *s = new_sys("levels=0,1,2.5", "excited");
    double t[NT];
    times_to(10.0, t);
    static cr_ens_stats a[NT], b[NT], c[NT];
    run(s, 0, 301, 9, t, NT, 1, a);
    run(s, 0, 301, 9, t, NT, 2, b);
    run(s, 0, 301, 9, t, NT, 3, c);
    ck_assert(memcmp(a, b, sizeof a) == 0);
    ck_assert(memcmp(a, c, sizeof a) == 0);
    cr_ens *e = cr_ens_alloc(301);
    cr_ens_reset_to(e, 9, &s->rho0);
    cr_ens_set_map(e, &s->S, s->p.gamma, s->e);
    for (int m = 0; m < NT; m++) {
        cr_ens_stats now;
        cr_ens_advance_to(e, t[m]);
        cr_ens_stats_now(e, &now);
        ck_assert_uint_eq(now.k, 301);
        for (int i = 0; i < 9; i++) {
            TU_CLOSE(now.mean[i], a[m].mean[i], 1e-13, "mean, together vs batch");
            TU_CLOSE(now.sem[i], a[m].sem[i], 1e-13, "SE, together vs batch");
        }
        for (int p = 0; p < 3; p++)
            TU_CLOSE(now.abs_mean[p], a[m].abs_mean[p], 1e-13, "|rho_jk| mean");
    }
    cr_ens_free(e);
    free(s);
}
END_TEST

/* The mean of |ρ01| over trajectories is at least |mean ρ01| (the triangle
 * inequality) and, at small Γ, far above it: each trajectory keeps its
 * coherence while the phases average out. */
START_TEST(test_trajectory_coherence_exceeds_the_means)
{
    sys *s = new_sys("gamma=0.5", "excited");
    double t[NT];
    times_to(40.0, t);
    static cr_ens_stats st[NT];
    run(s, 0, 2000, 1, t, NT, 2, st);
    for (int m = 0; m < NT; m++)
        ck_assert(st[m].abs_mean[0] >= hypot(st[m].mean[2], st[m].mean[3]) - 1e-15);
    ck_assert_msg(st[NT - 1].abs_mean[0] > 5.0 * hypot(st[NT - 1].mean[2], st[NT - 1].mean[3]),
                  "|rho01| per trajectory %g, of the mean %g", st[NT - 1].abs_mean[0],
                  hypot(st[NT - 1].mean[2], st[NT - 1].mean[3]));
    free(s);
}
END_TEST

START_TEST(test_bad_arguments_are_refused)
{
    sys *s = new_sys(NULL, "excited");
    double t[2] = { 1.0, 0.5 };
    cr_ens_stats st[2];
    char err[256] = "";
    ck_assert_int_eq(cr_ens_run(&s->S, 5, s->e, 0, &s->rho0, 10, 1, t, 2, 1, NULL, st, err,
                                sizeof err), CR_EINVAL);
    ck_assert(strstr(err, "non-decreasing") != NULL);
    ck_assert_int_eq(cr_ens_run(&s->S, 5, s->e, 0, &s->rho0, 0, 1, t, 1, 1, NULL, st, err,
                                sizeof err), CR_EINVAL);
    volatile sig_atomic_t stop = 1;
    ck_assert_int_eq(cr_ens_run(&s->S, 5, s->e, 0, &s->rho0, 10, 1, t, 1, 1, &stop, st, err,
                                sizeof err), CR_ECANCEL);
    ck_assert_ptr_null(cr_ens_alloc(0));
    free(s);
}
END_TEST

static Suite *ensemble_suite(void)
{
    Suite *s = suite_create("ensemble");
    TCase *tc = tcase_create("members");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_members_are_the_single_trajectories, 0, 2);
    tcase_add_loop_test(tc, test_coherence_turns_by_delta_tau_between_collisions, 0, 2);
    tcase_add_test(tc, test_run_independent_of_threads);
    tcase_add_test(tc, test_bad_arguments_are_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("statistics");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_mean_within_4_sem_of_mean_evolution, 0, 4);
    tcase_add_test(tc, test_sem_scales_as_inverse_sqrt_k);
    tcase_add_test(tc, test_dephased_gamma_t_curves_are_identical);
    tcase_add_test(tc, test_trajectory_coherence_exceeds_the_means);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(ensemble_suite());
}
