/* solver_poll.c — the UI's side of the hand-off (view/solver.h): a poll
 * copies the result's head, the parts whose version moved, and the heat
 * map's rows stored anew, never the whole 324 kB. */
#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "solver_impl.h"

/* Where each part of a result lies: the head is [0, map), the parts
 * follow one another in enum order, the values come last. */
#define PART_AT(field) offsetof(cr_solver_result, field)
static const size_t part_start[CR_PART_COUNT + 1] = {
    [CR_PART_MAP] = PART_AT(map),
    [CR_PART_STEADY] = PART_AT(params),
    [CR_PART_CURVE] = PART_AT(curve_params),
    [CR_PART_MEAN] = PART_AT(mean_params),
    [CR_PART_HEAT] = PART_AT(heat_params),
    [CR_PART_COUNT] = PART_AT(heat_values),
};
_Static_assert(PART_AT(map) < PART_AT(params) && PART_AT(params) < PART_AT(curve_params)
               && PART_AT(curve_params) < PART_AT(mean_params)
               && PART_AT(mean_params) < PART_AT(heat_params)
               && PART_AT(heat_params) < PART_AT(heat_values),
               "cr_solver_result's parts are out of order");

/* Caller holds the lock. */
static size_t copy_result(const cr_solver_result *pub, cr_solver_result *out)
{
    unsigned long had[CR_PART_COUNT], rows_had[CR_SCREEN_HEAT_MAX];
    memcpy(had, out->version, sizeof had);
    memcpy(rows_had, out->heat_row_version, sizeof rows_had);
    size_t n = part_start[0];
    memcpy(out, pub, n);
    for (int k = 0; k < CR_PART_COUNT; k++) {
        if (had[k] == pub->version[k])
            continue;
        size_t len = part_start[k + 1] - part_start[k];
        memcpy((char *)out + part_start[k], (const char *)pub + part_start[k], len);
        n += len;
    }
    for (size_t iy = 0; iy < pub->heat_ny; iy++) {
        if (rows_had[iy] == pub->heat_row_version[iy])
            continue;
        size_t at = iy * pub->heat_nx;
        memcpy(out->heat_values + at, pub->heat_values + at, pub->heat_nx * sizeof(double));
        n += pub->heat_nx * sizeof(double);
    }
    return n;
}

int cr_solver_poll(cr_solver *s, cr_solver_result *out)
{
    int copied = 0;
    pthread_mutex_lock(&s->lock);
    if (out->seq != s->pub.seq) {
        out->copied = copy_result(&s->pub, out);
        copied = 1;
    }
    pthread_mutex_unlock(&s->lock);
    return copied;
}
