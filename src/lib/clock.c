/* clock.c — monotonic and CPU clocks in seconds (colres/clock.h). */
#include "config.h"

#include "colres/clock.h"

#include <math.h>
#include <time.h>

static double seconds_on(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return NAN;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double cr_clock_monotonic(void)
{
    return seconds_on(CLOCK_MONOTONIC);
}

double cr_clock_cpu(void)
{
    return seconds_on(CLOCK_PROCESS_CPUTIME_ID);
}
