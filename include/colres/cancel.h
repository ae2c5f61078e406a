/*
 * colres/cancel.h — the engine's one cancel flag, bound to the calling
 * thread and polled where one call can run for a long time: every
 * quadrature panel and bisection of a scattering map (qubit or N levels)
 * and each exact N-level amplitude.  The call then returns CR_ECANCEL.
 * The CLI binds its signal flag on the main thread.
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
