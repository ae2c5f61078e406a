/* sweep_cells.c — what a sweep point or heat-map cell holds: the
 * quantities (names, values), the grid along an axis, and NaN for a point
 * that failed.  Shared by sweep.c only. */
#include "config.h"

#include "colres/sweep.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "colres/nlevel.h"
#include "colres/status.h"
#include "sweep_cells.h"

static const char *const quantity_names[CR_Q_ALL] = {
    "rho01_abs", "coherence", "distance", "rho00", "first_order", "rough",
};

const char *cr_quantity_name(int q)
{
    return q >= 0 && q < CR_Q_ALL ? quantity_names[q] : "?";
}

int cr_quantity_lookup(const char *name)
{
    for (int q = 0; q < CR_Q_ALL; q++)
        if (strcmp(name, quantity_names[q]) == 0)
            return q;
    return -1;
}

int cr_quantity_list(const char *text, int *q, int max, char *err, size_t errlen)
{
    char buf[256];
    if (text == NULL || strlen(text) >= sizeof buf || *text == '\0') {
        snprintf(err, errlen, "invalid --quantity = \"%s\": expected names separated by "
                 "commas (%s)", text != NULL ? text : "", CR_QUANTITY_NAMES);
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", text);
    int n = 0;
    for (char *s = buf, *end; s != NULL; s = end) {
        end = strchr(s, ',');
        if (end != NULL)
            *end++ = '\0';
        int k = cr_quantity_lookup(s);
        if (k < 0) {
            snprintf(err, errlen, "invalid --quantity = \"%s\": unknown quantity \"%s\" "
                     "(valid: %s)", text, s, CR_QUANTITY_NAMES);
            return -1;
        }
        for (int j = 0; j < n; j++)
            if (q[j] == k) {
                snprintf(err, errlen, "invalid --quantity = \"%s\": \"%s\" twice", text, s);
                return -1;
            }
        if (n == max) {
            snprintf(err, errlen, "invalid --quantity = \"%s\": at most %d quantities", text,
                     max);
            return -1;
        }
        q[n++] = k;
    }
    return n;
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
    if (q == CR_Q_RHO00)
        return creal(ss->v[CR_NVEC(ss->n, 0, 0)]);
    if (q == CR_Q_ROUGH)
        return cr_rough_estimate(p);
    if (q == CR_Q_FIRST_ORDER)
        return NAN;
    return cabs(ss->v[CR_NVEC(ss->n, 0, 1)]);
}

/* The quantities of a heat-map cell: one (opts->quantity) or several. */
int cr_sweep_nq_of(const cr_sweep_opts *o)
{
    return o != NULL && o->nquantities > 0 ? o->nquantities : 1;
}

int cr_sweep_q_at(const cr_sweep_opts *o, int k)
{
    return o == NULL ? CR_Q_RHO01_ABS : o->nquantities > 0 ? o->quantities[k] : o->quantity;
}

/* A qubit cell's quantities into out[0 .. nq), from its map S and steady
 * state ss at p; the first order is NaN where it is undefined. */
void cr_sweep_qubit_cell(const cr_sweep_opts *o, const cr_map *S, const cr_state *ss,
                       const cr_params *p, double *out)
{
    for (int k = 0; k < cr_sweep_nq_of(o); k++) {
        int q = cr_sweep_q_at(o, k);
        cr_state f;
        cr_nstate s;
        if (q == CR_Q_RHO01_ABS)
            out[k] = cabs(ss->v[1]);
        else if (q == CR_Q_FIRST_ORDER)
            out[k] = cr_first_order(S, p->gamma, p->beta, p->delta, &f, NULL, 0) == CR_OK
                   ? cabs(f.v[1]) : NAN;
        else {
            cr_nstate_from_qubit(ss, &s);
            out[k] = cr_quantity_of(q, &s, p);
        }
    }
}

/* The same for any system; e the energies of p. */
void cr_sweep_ncell(const cr_sweep_opts *o, const cr_nmap *S, const cr_nstate *ss,
                  const cr_params *p, const double *e, double *out)
{
    for (int k = 0; k < cr_sweep_nq_of(o); k++) {
        int q = cr_sweep_q_at(o, k);
        cr_nstate f;
        if (q == CR_Q_FIRST_ORDER)
            out[k] = cr_nfirst_order(S, p->gamma, p->beta, e, &f, NULL, 0) == CR_OK
                   ? cabs(f.v[CR_NVEC(f.n, 0, 1)]) : NAN;
        else
            out[k] = cr_quantity_of(q, ss, p);
    }
}

void cr_sweep_nan_fill(double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = NAN;
}

void cr_sweep_nan_point(cr_sweep_point *pt)
{
    for (int i = 0; i < 4; i++)
        pt->steady.v[i] = pt->thermal.v[i] = pt->first.v[i] = NAN;
}

void cr_sweep_nan_npoint(cr_nsweep_point *pt, int n)
{
    pt->steady.n = pt->thermal.n = pt->first.n = n;
    for (int i = 0; i < n * n; i++)
        pt->steady.v[i] = pt->thermal.v[i] = pt->first.v[i] = NAN;
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
