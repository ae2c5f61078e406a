/* workers.h — private to src/lib: the worker threads of a sweep, heat map
 * or ensemble.  One way to size them and one way to run them. */
#ifndef COLRES_WORKERS_H
#define COLRES_WORKERS_H

#include <stddef.h>

/* Threads for `work` units: `threads` if > 0, else one per CPU; at least
 * 1, at most 256 and at most `work` (1 when there is none). */
int cr_workers_count(int threads, size_t work);

/* Run fn(arg) on n threads and join them.  They start with every signal
 * blocked, so a handler only ever runs on the caller's thread and a flag
 * it sets is never raced by a worker; the caller's mask is restored before
 * this returns.  No thread could be started: fn(arg) runs here. */
void cr_workers_run(int n, void *(*fn)(void *), void *arg);

#endif
