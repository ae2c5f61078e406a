/*
 * colres/cancel.h — a cancel flag bound to the calling thread, polled by
 * the engine where one call can run for a long time: each exact N-level
 * amplitude (so an N-level map with exact amplitudes, up to seconds, is
 * abandoned within one amplitude, microseconds).  The call then returns
 * CR_ECANCEL.
 *
 * The sweeps and heat maps (colres/sweep.h) bind opts->cancel on each of
 * their worker threads; a caller that computes a map on its own thread
 * binds its flag around the call.
 * Threads: the binding is per thread (thread-local storage); the flag may
 * be set from any thread or from a signal handler (read with an atomic
 * load).  No allocation, no state beyond the binding.
 */
#ifndef COLRES_CANCEL_H
#define COLRES_CANCEL_H

#include <signal.h>

/* Bind flag (NULL: none) to the calling thread; returns the previous
 * binding, for the caller to restore. */
volatile sig_atomic_t *cr_cancel_bind(volatile sig_atomic_t *flag);

/* Non-zero when the calling thread's bound flag is set. */
int cr_cancelled(void);

#endif
