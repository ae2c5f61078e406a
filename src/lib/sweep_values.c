/* sweep_values.c — the values a sweep runs over and reports
 * (colres/sweep.h): the quantities of a heat map and the grid of a range. */
#include "config.h"

#include "colres/sweep.h"

#include <math.h>
#include <string.h>

#include "colres/nlevel.h"
#include "colres/status.h"

static const char *const quantity_names[CR_Q_COUNT] = { "rho01_abs", "coherence", "distance" };

const char *cr_quantity_name(int q)
{
    return q >= 0 && q < CR_Q_COUNT ? quantity_names[q] : "?";
}

int cr_quantity_lookup(const char *name)
{
    for (int q = 0; q < CR_Q_COUNT; q++)
        if (strcmp(name, quantity_names[q]) == 0)
            return q;
    return -1;
}

double cr_quantity_of(int q, const cr_nstate *ss, const cr_params *p)
{
    if (q == CR_Q_COHERENCE)
        return cr_ncoherence(ss);
    if (q == CR_Q_DISTANCE) {
        double e[CR_NMAX];
        cr_nstate th;
        cr_params_energies(p, e);
        cr_nthermal_state(ss->n, e, p->beta, &th);
        return cr_ntrace_distance(ss, &th);
    }
    return cabs(ss->v[CR_NVEC(ss->n, 0, 1)]);
}

int cr_grid(double a, double b, size_t n, int log_scale, double *out,
            char *err, size_t errlen)
{
    if (n == 0)
        return cr_error(err, errlen, CR_EINVAL, "invalid points = 0: valid range is >= 1");
    if (!isfinite(a) || !isfinite(b))
        return cr_error(err, errlen, CR_EINVAL, "invalid range %.17g..%.17g: must be finite", a, b);
    if (log_scale && !(a > 0.0 && b > 0.0))
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid range %.17g..%.17g: a log scale needs both ends > 0", a, b);
    for (size_t i = 0; i < n; i++)
        out[i] = cr_grid_value(a, b, n, log_scale, i);
    return CR_OK;
}

double cr_grid_value(double a, double b, size_t n, int log_scale, size_t i)
{
    if (i == 0)
        return a; /* exact end points, whatever exp(log()) rounds to */
    if (i == n - 1)
        return b;
    double f = (double)i / (double)(n - 1);
    return log_scale ? exp(log(a) + f * (log(b) - log(a))) : a + f * (b - a);
}
