/* cancel.c — the per-thread cancel flag (colres/cancel.h). */
#include "config.h"

#include "colres/cancel.h"

#include <stddef.h>

static _Thread_local volatile sig_atomic_t *bound;

volatile sig_atomic_t *cr_cancel_bind(volatile sig_atomic_t *flag)
{
    volatile sig_atomic_t *old = bound;
    bound = flag;
    return old;
}

int cr_cancelled(void)
{
    volatile sig_atomic_t *f = bound;
    return f != NULL && __atomic_load_n(f, __ATOMIC_RELAXED) != 0;
}
