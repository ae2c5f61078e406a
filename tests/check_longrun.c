/* check_longrun.c — hour-long use of one trajectory (robustness issue):
 * 1e7 collisions keep the trace at 1 without renormalisation, keep ρ a
 * density matrix, and allocate nothing while stepping. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>

#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 33)
#include <malloc.h>
#define HAVE_MALLINFO2_ 1
#endif
#endif

#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"
#include "testutil.h"

enum { TOTAL = 10000000, CHUNK = 100000 };

/* Bytes the allocator has handed out and not taken back (0 if unknown,
 * e.g. under ASan, which replaces malloc: the test then only checks ρ). */
static size_t heap_in_use(void)
{
#ifdef HAVE_MALLINFO2_
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

/* Tolerance 1e-12 on the trace (the bound).  Why it holds without
 * renormalising: the computed S preserves the trace only to ~1e-15 per
 * collision, and that quadrature error has a fixed sign, so 1e7 collisions
 * would add up to ~1e-8; the trajectory therefore takes ρ11 from the
 * conserved trace, which leaves only one rounding of 1 per step, not
 * accumulating.  cr_traj_max_trace_drift reports the drift before any
 * renormalisation, so it would catch the accumulation. */
static void run_long(const char *settings, int dephase)
{
    cr_params p;
    cr_map S;
    tu_params(&p, settings);
    tu_map(&p, &S);
    cr_traj *t = cr_traj_alloc(12345);
    ck_assert_ptr_nonnull(t);
    cr_traj_set_map(t, &S, p.gamma, p.delta);
    cr_traj_set_dephase(t, dephase);

    cr_traj_step(t, CHUNK); /* first chunk: any lazy allocation happens here */
    size_t heap0 = heap_in_use();
    double last_time = cr_traj_time(t);
    for (unsigned long n = CHUNK; n < TOTAL; n += CHUNK) {
        cr_traj_step(t, CHUNK);
        cr_state s;
        cr_traj_state(t, &s);
        double r00 = creal(s.v[0]), r11 = creal(s.v[3]);
        double c2 = creal(s.v[1]) * creal(s.v[1]) + cimag(s.v[1]) * cimag(s.v[1]);
        /* Positivity to round-off (1e-12): S is CPTP, so ρ stays a state. */
        ck_assert_msg(r00 >= -1e-12 && r11 >= -1e-12 && c2 <= r00 * r11 + 1e-12,
                      "not a state after %lu collisions: %g %g |rho01|^2 = %g",
                      cr_traj_count(t), r00, r11, c2);
        double now = cr_traj_time(t);
        ck_assert_msg(isfinite(now) && now > last_time, "time stuck or not finite: %g", now);
        last_time = now;
    }
    size_t heap1 = heap_in_use();
    ck_assert_uint_eq(cr_traj_count(t), TOTAL);
    double drift = cr_traj_max_trace_drift(t);
    ck_assert_msg(drift < 1e-12, "[%s]: max |Tr rho - 1| = %.3g over 1e7 collisions",
                  settings != NULL ? settings : "defaults", drift);
    /* The trajectory is a fixed-size object: stepping allocates nothing. */
    ck_assert_msg(heap1 == heap0, "heap grew by %zd bytes while stepping",
                  (ssize_t)(heap1 - heap0));
    cr_traj_free(t);
}

START_TEST(test_trace_stays_one_over_1e7_collisions_without_renormalising)
{
    run_long(NULL, 0);
}
END_TEST

START_TEST(test_trace_stays_one_with_exact_amplitudes_and_heavy_particles)
{
    run_long("mass=100 amplitudes=exact", 0);
}
END_TEST

START_TEST(test_trace_stays_one_with_dephasing_at_high_temperature)
{
    run_long("beta=1e-4", 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("longrun");
    TCase *tc = tcase_create("trajectory");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_trace_stays_one_over_1e7_collisions_without_renormalising);
    tcase_add_test(tc, test_trace_stays_one_with_exact_amplitudes_and_heavy_particles);
    tcase_add_test(tc, test_trace_stays_one_with_dephasing_at_high_temperature);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
