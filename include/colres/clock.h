/*
 * colres/clock.h — the engine's two clocks, for timings and throttling.
 *
 * cr_clock_monotonic(): seconds on CLOCK_MONOTONIC (wall time that never
 * jumps; only differences mean anything).  cr_clock_cpu(): CPU seconds of
 * the whole process (CLOCK_PROCESS_CPUTIME_ID), what `colres bench`
 * reports.  Both return NAN if the clock is unavailable.
 * Threads: reentrant; no state.
 */
#ifndef COLRES_CLOCK_H
#define COLRES_CLOCK_H

double cr_clock_monotonic(void);
double cr_clock_cpu(void);

#endif
