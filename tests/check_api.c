/* check_api.c — colres/colres.h, the handle API: parameters by name with
 * the parameter module's messages, each computation bit for bit equal to
 * the engine calls it wraps, errors as status + message, cancellation,
 * and two handles on two threads at once (TSan runs this suite).  The
 * Python module's suite (tests/python_api.py) compares the same calls
 * with the commands' output. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "colres/colres.h"
#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/smap.h"
#include "colres/sweep.h"
#include "testutil.h"

START_TEST(test_parameters_by_name)
{
    cr_model *m = cr_model_new();
    double v = 0.0;
    ck_assert_int_eq(cr_model_get(m, "gamma", &v), CR_OK);
    ck_assert(v == 5.0);
    ck_assert_int_eq(cr_model_set(m, "rough-s", "0.5"), CR_OK);   /* the flag's spelling */
    ck_assert_int_eq(cr_model_get(m, "rough_s", &v), CR_OK);
    ck_assert(v == 0.5);
    ck_assert_int_eq(cr_model_set_double(m, "lambda", 0.1), CR_OK);
    ck_assert_int_eq(cr_model_get(m, "lambda", &v), CR_OK);
    ck_assert(v == 0.1); /* %.17g reads back the same double */
    /* A bad value: CR_EINVAL, the parameter module's own message, the
     * handle unchanged. */
    cr_params p;
    char err[512];
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_set(&p, "gamma", "-1", err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_model_set(m, "gamma", "-1"), CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m), err);
    ck_assert_int_eq(cr_model_get(m, "gamma", &v), CR_OK);
    ck_assert(v == 5.0);
    ck_assert_str_eq(cr_model_error(m), ""); /* a success clears it */
    ck_assert_int_eq(cr_model_set(m, "threads", "0"), CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m), "invalid --threads = \"0\": valid range is 1..256");
    ck_assert_int_eq(cr_model_set(m, "dephase", "2"), CR_EINVAL);
    ck_assert_int_eq(cr_model_set(m, "nonsense", "1"), CR_EINVAL);
    ck_assert_ptr_nonnull(strstr(cr_model_error(m), "nonsense"));
    /* x0 inside the scatterer is a cross-parameter error, at validation. */
    ck_assert_int_eq(cr_model_set(m, "x0", "0"), CR_OK);
    double rho[8];
    ck_assert_int_eq(cr_model_steady(m, rho), CR_EINVAL);
    ck_assert_ptr_nonnull(strstr(cr_model_error(m), "x0"));
    ck_assert_int_eq(cr_model_set(m, "levels", "0,1,3"), CR_OK);
    ck_assert_int_eq(cr_model_levels(m), 3);
    double e[CR_NMAX];
    ck_assert_int_eq(cr_model_energies(m, e), 3);
    TU_CLOSE(e[1] - e[0], 1.0, 1e-15, "E1 - E0 = delta");
    char buf[8];
    ck_assert_int_ge(cr_model_warnings(m, buf, sizeof buf), 0); /* truncates safely */
    cr_model_free(m);
    cr_model_free(NULL);
}
END_TEST

/* The steady state is cr_steady_state() on cr_smap_compute()'s map for the
 * qubit, cr_nsteady_state() on cr_nmap_compute()'s otherwise: bit equal. */
START_TEST(test_steady_and_map_are_the_engines)
{
    static const char *const levels[2] = { NULL, "0,0.6,1.5" };
    for (int sys = 0; sys < 2; sys++) {
        cr_model *m = cr_model_new();
        cr_params p;
        cr_params_default(&p);
        char err[512];
        ck_assert_int_eq(cr_model_set(m, "gamma", "2.5"), CR_OK);
        ck_assert_int_eq(cr_params_set(&p, "gamma", "2.5", err, sizeof err), CR_OK);
        if (levels[sys] != NULL) {
            ck_assert_int_eq(cr_model_set(m, "levels", levels[sys]), CR_OK);
            ck_assert_int_eq(cr_params_set(&p, "levels", levels[sys], err, sizeof err), CR_OK);
        }
        static cr_nmap S;
        cr_nstate ss;
        double e[CR_NMAX];
        cr_params_energies(&p, e);
        ck_assert_int_eq(cr_nmap_compute(&p, &S, err, sizeof err), CR_OK);
        ck_assert_int_eq(cr_nsteady_state(&S, p.gamma, e, &ss, err, sizeof err), CR_OK);
        int n = S.n, n2 = n * n;
        double got[2 * CR_NMAX2 * CR_NMAX2];
        ck_assert_int_eq(cr_model_map(m, got), CR_OK);
        ck_assert(memcmp(got, S.m, sizeof(double complex) * (size_t)(n2 * n2)) == 0);
        ck_assert_int_eq(cr_model_steady(m, got), CR_OK);
        ck_assert(memcmp(got, ss.v, sizeof(double complex) * (size_t)n2) == 0);
        /* Trace 1 and Hermitian, read through the plain array. */
        double tr = 0.0;
        for (int j = 0; j < n; j++)
            tr += got[2 * (j * n + j)];
        TU_CLOSE(tr, 1.0, 1e-14, "trace");
        TU_CLOSE(got[2 * 1], got[2 * n], 0.0, "rho01 = conj(rho10), re");
        TU_CLOSE(got[2 * 1 + 1], -got[2 * n + 1], 0.0, "rho01 = conj(rho10), im");
        /* With dephase the map is D.S and the steady state thermal (Eq. 4). */
        double th[2 * CR_NMAX2];
        ck_assert_int_eq(cr_model_set(m, "dephase", "1"), CR_OK);
        ck_assert_int_eq(cr_model_steady(m, got), CR_OK);
        ck_assert_int_eq(cr_model_thermal(m, th), CR_OK);
        for (int i = 0; i < 2 * n2; i++)
            TU_CLOSE(got[i], th[i], 1e-12, "D.S steady state = thermal");
        cr_model_free(m);
    }
}
END_TEST

START_TEST(test_sweep_is_the_engines)
{
    cr_model *m = cr_model_new();
    cr_params p;
    cr_params_default(&p);
    double g[5];
    char err[512];
    ck_assert_int_eq(cr_grid(0.1, 10.0, 5, 1, g, err, sizeof err), CR_OK);
    cr_sweep_point pts[5];
    ck_assert_int_eq(cr_sweep_1d(&p, CR_P_GAMMA, g, 5, pts, NULL, err, sizeof err), CR_OK);
    double st[5 * 8], th[5 * 8], fo[5 * 8], rough[5];
    ck_assert_int_eq(cr_model_sweep(m, "gamma", g, 5, st, th, fo, rough), CR_OK);
    for (int i = 0; i < 5; i++) {
        ck_assert(memcmp(st + 8 * i, pts[i].steady.v, sizeof pts[i].steady.v) == 0);
        ck_assert(memcmp(th + 8 * i, pts[i].thermal.v, sizeof pts[i].thermal.v) == 0);
        ck_assert(memcmp(fo + 8 * i, pts[i].first.v, sizeof pts[i].first.v) == 0);
        cr_param_put(&p, CR_P_GAMMA, g[i]);
        ck_assert(rough[i] == cr_rough_estimate(&p));
    }
    /* One bad point fails the whole sweep before any work, naming it. */
    g[3] = -1.0;
    ck_assert_int_eq(cr_model_sweep(m, "gamma", g, 5, st, NULL, NULL, NULL), CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m),
                     "sweep: --vary gamma: invalid gamma = -1: valid range is 1e-100 to 1e100");
    ck_assert_int_eq(cr_model_sweep(m, "size", g, 5, st, NULL, NULL, NULL), CR_EINVAL);
    cr_model_free(m);
}
END_TEST

START_TEST(test_trajectory_rows_and_states)
{
    ck_assert_uint_eq(cr_trajectory_rows(0, 1), 1);
    ck_assert_uint_eq(cr_trajectory_rows(10, 5), 3);
    ck_assert_uint_eq(cr_trajectory_rows(11, 5), 4); /* 0, 5, 10, 11 */
    ck_assert_uint_eq(cr_trajectory_rows(5, 0), 0);
    cr_model *m = cr_model_new();
    double t[4], count[4], rho[4 * 8];
    ck_assert_int_eq(cr_model_trajectory(m, "excited", NULL, 7, 11, 5, t, count, rho), CR_OK);
    ck_assert(count[0] == 0 && count[1] == 5 && count[2] == 10 && count[3] == 11);
    ck_assert(t[0] == 0.0 && t[1] < t[2] && t[2] < t[3]);
    ck_assert(rho[0] == 0.0 && rho[6] == 1.0); /* |1><1| at n = 0 */
    /* The same random numbers as cr_ntraj with that seed. */
    cr_params p;
    cr_params_default(&p);
    static cr_nmap S;
    char err[512];
    double e[CR_NMAX];
    cr_params_energies(&p, e);
    ck_assert_int_eq(cr_nmap_compute(&p, &S, err, sizeof err), CR_OK);
    cr_nstate r0, r;
    ck_assert_int_eq(cr_nstate_initial("excited", 2, e, p.beta, &r0, err, sizeof err), CR_OK);
    cr_ntraj *tr = cr_ntraj_alloc(7);
    cr_ntraj_reset_to(tr, 7, &r0);
    cr_ntraj_set_map(tr, &S, p.gamma, e);
    cr_ntraj_step(tr, 11);
    cr_ntraj_state(tr, &r);
    ck_assert(memcmp(rho + 3 * 8, r.v, 4 * sizeof(double complex)) == 0);
    ck_assert(t[3] == cr_ntraj_time(tr));
    cr_ntraj_free(tr);
    ck_assert_int_eq(cr_model_trajectory(m, "hot", NULL, 7, 11, 5, t, count, rho), CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m), "invalid --initial = \"hot\": valid values are ground, "
                     "excited, thermal, plus");
    ck_assert_int_eq(cr_model_trajectory(m, "excited", NULL, 1UL << 33, 11, 5, t, count, rho),
                     CR_EINVAL);
    cr_model_free(m);
}
END_TEST

START_TEST(test_units_table)
{
    double out[CR_UNITS_COUNT];
    char err[256];
    ck_assert_int_eq(cr_units_table(0, NULL, NULL, out, err, sizeof err), CR_OK);
    ck_assert_str_eq(cr_units_quantity(0), "omega");
    ck_assert_str_eq(cr_units_quantity(CR_UNITS_COUNT - 1), "rough_rho01");
    ck_assert_ptr_null(cr_units_quantity(CR_UNITS_COUNT));
    /* The README's numbers for the paper's example: exponent 0.513,
     * Wigner 4.9e5, rough 6.0e-5 (cr_units_convert, tested in check_units). */
    TU_CLOSE(out[20], 0.513, 5e-4, "exponent");
    TU_CLOSE(out[23], 4.9e5, 5e3, "wigner");
    TU_CLOSE(out[26], 6.0e-5, 5e-7, "rough");
    const char *names[2] = { "frequency_hz", "temperature" };
    double vals[2] = { 1e9, 295.0 };
    ck_assert_int_eq(cr_units_table(2, names, vals, out, err, sizeof err), CR_OK);
    TU_CLOSE(out[20], 20.27, 5e-3, "exponent at a true 1 GHz");
    vals[1] = -1.0;
    ck_assert_int_eq(cr_units_table(2, names, vals, out, err, sizeof err), CR_EINVAL);
    ck_assert_str_eq(err, "invalid --temperature = \"-1\": valid range is > 0");
    const char *both[2] = { "omega", "frequency-hz" };
    ck_assert_int_eq(cr_units_table(2, both, vals, out, err, sizeof err), CR_EINVAL);
}
END_TEST

START_TEST(test_cancel_before_the_call)
{
    cr_model *m = cr_model_new();
    double x[4] = { 0.5, 1, 2, 3 }, y[3] = { 0.1, 0.5, 1 }, v[64];
    cr_model_cancel(m, 1);
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, NULL, v), CR_ECANCEL);
    ck_assert_int_eq(cr_model_sweep(m, "delta", y, 3, v, NULL, NULL, NULL), CR_ECANCEL);
    ck_assert_int_eq(cr_model_evolve(m, "excited", NULL, x, 4, v), CR_ECANCEL);
    cr_model_cancel(m, 0);
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, NULL, v), CR_OK);
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "dx", y, 3, NULL, v), CR_EINVAL);
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, "foo", v), CR_EINVAL);
    x[0] = -1.0;
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, NULL, v), CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m), "heatmap: invalid dx = -1: valid range is 1e-12 to 1e12");
    cr_model_free(m);
}
END_TEST

/* Several quantities in one call ("coherence,distance,rho00", as
 * --quantity) interleave per cell, each equal bit for bit to its own call;
 * a name twice is refused with --quantity's message. */
START_TEST(test_heatmap_several_quantities)
{
    cr_model *m = cr_model_new();
    ck_assert_int_eq(cr_model_set(m, "levels", "0,0.6,1.2"), CR_OK);
    double x[4] = { 0.5, 1, 2, 3 }, y[3] = { 0.1, 0.5, 1 }, all[36], one[12];
    static const char *const names[3] = { "coherence", "distance", "rho00" };
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, "coherence,distance,rho00",
                                      all), CR_OK);
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, names[k], one), CR_OK);
        for (int c = 0; c < 12; c++)
            ck_assert_msg(memcmp(&one[c], &all[c * 3 + k], sizeof one[c]) == 0,
                          "%s, cell %d: %.17g alone, %.17g with the others", names[k], c,
                          one[c], all[c * 3 + k]);
    }
    ck_assert_int_eq(cr_model_heatmap(m, "dx", x, 4, "delta", y, 3, "rho00,rho00", all),
                     CR_EINVAL);
    ck_assert_str_eq(cr_model_error(m), "invalid --quantity = \"rho00,rho00\": \"rho00\" twice");
    cr_model_free(m);
}
END_TEST

/* Two handles, two threads, two different heat maps at once (2 workers
 * each): each equals the same map computed alone. */
typedef struct job {
    const char *x, *y, *beta;
    double xs[6], ys[5], v[30], alone[30];
    int st;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    cr_model *m = cr_model_new();
    j->st = cr_model_set(m, "threads", "2");
    if (j->st == CR_OK)
        j->st = cr_model_set(m, "beta", j->beta);
    if (j->st == CR_OK)
        j->st = cr_model_heatmap(m, j->x, j->xs, 6, j->y, j->ys, 5, "coherence", j->v);
    cr_model_free(m);
    return NULL;
}

START_TEST(test_two_handles_two_threads)
{
    static job jobs[2] = { { "dx", "delta", "0.1", { 0 }, { 0 }, { 0 }, { 0 }, 0 },
                           { "mass", "gamma", "0.3", { 0 }, { 0 }, { 0 }, { 0 }, 0 } };
    char err[256];
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(cr_grid(0.2, 2.0, 6, 0, jobs[k].xs, err, sizeof err), CR_OK);
        ck_assert_int_eq(cr_grid(0.1, 3.0, 5, 1, jobs[k].ys, err, sizeof err), CR_OK);
        run_job(&jobs[k]);
        ck_assert_int_eq(jobs[k].st, CR_OK);
        memcpy(jobs[k].alone, jobs[k].v, sizeof jobs[k].v);
        memset(jobs[k].v, 0, sizeof jobs[k].v);
    }
    ck_assert(memcmp(jobs[0].alone, jobs[1].alone, sizeof jobs[0].alone) != 0);
    pthread_t t[2];
    for (int k = 0; k < 2; k++)
        ck_assert_int_eq(pthread_create(&t[k], NULL, run_job, &jobs[k]), 0);
    for (int k = 0; k < 2; k++) {
        pthread_join(t[k], NULL);
        ck_assert_int_eq(jobs[k].st, CR_OK);
        ck_assert(memcmp(jobs[k].v, jobs[k].alone, sizeof jobs[k].v) == 0);
    }
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_parameters_by_name);
    tcase_add_test(tc, test_steady_and_map_are_the_engines);
    tcase_add_test(tc, test_sweep_is_the_engines);
    tcase_add_test(tc, test_trajectory_rows_and_states);
    tcase_add_test(tc, test_units_table);
    tcase_add_test(tc, test_cancel_before_the_call);
    tcase_add_test(tc, test_heatmap_several_quantities);
    tcase_add_test(tc, test_two_handles_two_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(api_suite());
}
