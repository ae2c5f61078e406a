/* solverutil.h — what the solver's tests (check_solver.c, check_cancel.c)
 * share: a started solver, a result to poll into, a request, a clock in
 * ms. */
#ifndef COLRES_TESTS_SOLVERUTIL_H
#define COLRES_TESTS_SOLVERUTIL_H

#include <check.h>
#include <stdlib.h>

#include "colres/clock.h"
#include "testutil.h"
#include "view/solver.h"

/* Generous: a ThreadSanitizer build is ~10x slower than a plain one. */
#define IDLE_TIMEOUT_MS 120000

static inline cr_solver *start(void)
{
    char err[256] = "";
    cr_solver *s = cr_solver_start(err, sizeof err);
    ck_assert_msg(s != NULL, "cr_solver_start: %s", err);
    return s;
}

static inline cr_solver_result *new_result(void)
{
    cr_solver_result *r = calloc(1, sizeof *r);
    ck_assert_msg(r != NULL, "out of memory");
    return r;
}

/* A request for `stages` at the defaults changed by `settings` (tu_params:
 * "levels=0,1,2 amplitudes=exact", or NULL), its parameters also in *p. */
static inline void tu_request(cr_solver_request *rq, cr_params *p, const char *settings,
                              unsigned stages)
{
    tu_params(p, settings);
    cr_solver_request_default(rq, p);
    rq->stages = stages;
}

static inline double now_ms(void)
{
    return 1e3 * cr_clock_monotonic();
}

#endif
