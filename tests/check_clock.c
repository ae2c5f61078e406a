/* check_clock.c — the engine's monotonic and CPU clocks (colres/clock.h). */
#include "config.h"

#include <check.h>
#include <math.h>
#include <time.h>

#include "colres/clock.h"
#include "testutil.h"

/* Spin until the CPU clock has advanced by 20 ms (bounded by 10 s of wall
 * time): one busy thread cannot use more CPU than wall time, so the
 * monotonic clock must have advanced by at least as much (less 1 ms for
 * the two readings not being simultaneous). */
START_TEST(test_cpu_time_is_bounded_by_wall_time)
{
    double w0 = cr_clock_monotonic(), c0 = cr_clock_cpu();
    ck_assert(isfinite(w0) && isfinite(c0) && c0 >= 0.0);
    volatile double sink = 0.0;
    double c1 = c0, w1 = w0;
    while (c1 - c0 < 0.02 && w1 - w0 < 10.0) {
        for (int i = 0; i < 10000; i++)
            sink += sqrt((double)i);
        c1 = cr_clock_cpu();
        w1 = cr_clock_monotonic();
    }
    ck_assert_msg(c1 - c0 >= 0.02, "CPU clock advanced %g s in %g s of busy wall time",
                  c1 - c0, w1 - w0);
    ck_assert_msg(w1 - w0 >= c1 - c0 - 1e-3, "wall %g s < CPU %g s", w1 - w0, c1 - c0);
}
END_TEST

/* A 50 ms sleep advances the monotonic clock by >= 50 ms and the CPU clock
 * by much less (< 25 ms: a sleeping process uses no CPU; the margin covers
 * a slow, loaded machine). */
START_TEST(test_sleep_advances_wall_not_cpu)
{
    double w0 = cr_clock_monotonic(), c0 = cr_clock_cpu();
    struct timespec ts = { 0, 50000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
    double w1 = cr_clock_monotonic(), c1 = cr_clock_cpu();
    ck_assert_msg(w1 - w0 >= 0.05 - 1e-6, "slept 50 ms, monotonic clock advanced %g s",
                  w1 - w0);
    ck_assert_msg(c1 - c0 < 0.025, "slept 50 ms, CPU clock advanced %g s", c1 - c0);
    ck_assert(c1 >= c0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tcase_create("clock");
    tcase_add_test(tc, test_cpu_time_is_bounded_by_wall_time);
    tcase_add_test(tc, test_sleep_advances_wall_not_cpu);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
