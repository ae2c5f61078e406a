/* api_sweep.c — colres/colres.h's sweeps and heat maps: every point
 * checked first, then the commands' workers (colres/sweep.h) with the
 * handle's threads, dephasing and cancel flag. */
#include "config.h"

#include "colres/colres.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/sweep.h"

#include "api_impl.h"

static void sweep_opts(cr_model *m, cr_sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    o->threads = m->threads;
    o->cancel = &m->cancel;
    o->dephase = m->dephase;
}

/* A parameter id by name ('-' or '_'), -1 if unknown. */
static int lookup(const char *name)
{
    char buf[32];
    const char *n = cr_api_param_name(name, buf, sizeof buf);
    return n != NULL ? cr_param_lookup(n) : -1;
}

#define PARAM_NAMES "gamma, delta, dx, beta, mass, lambda, length, x0, rough_s"

/* Every point valid before any work, as `colres sweep` checks. */
static int sweep_check(cr_model *m, int id, const double *values, size_t n)
{
    char err[400];
    cr_params p = m->p;
    int st = cr_params_validate(&p, err, sizeof err);
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        cr_param_put(&p, id, values[i]);
        st = cr_params_validate(&p, err, sizeof err);
    }
    if (st != CR_OK)
        return FAIL(m, st, "sweep: --vary %s: %s", cr_param_table()[id].name, err);
    return CR_OK;
}

/* One block of the qubit's sweep (the columns of `colres sweep`). */
static void sweep_put(const cr_model *m, int id, const cr_sweep_point *q, size_t k,
                      double *steady, double *thermal, double *first, double *rough)
{
    for (size_t i = 0; i < k; i++) {
        memcpy(steady + 8 * i, q[i].steady.v, sizeof q[i].steady.v);
        if (thermal != NULL)
            memcpy(thermal + 8 * i, q[i].thermal.v, sizeof q[i].thermal.v);
        if (first != NULL)
            memcpy(first + 8 * i, q[i].first.v, sizeof q[i].first.v);
        if (rough != NULL) {
            cr_params p = m->p;
            cr_param_put(&p, id, q[i].value);
            rough[i] = cr_rough_estimate(&p);
        }
    }
}

static void nsweep_put(const cr_model *m, int id, const cr_nsweep_point *q, size_t k,
                       double *steady, double *thermal, double *first, double *rough)
{
    size_t n2 = (size_t)(q[0].steady.n * q[0].steady.n), sz = sizeof(double complex) * n2;
    for (size_t i = 0; i < k; i++) {
        memcpy(steady + 2 * n2 * i, q[i].steady.v, sz);
        if (thermal != NULL)
            memcpy(thermal + 2 * n2 * i, q[i].thermal.v, sz);
        if (first != NULL)
            memcpy(first + 2 * n2 * i, q[i].first.v, sz);
        if (rough != NULL) {
            cr_params p = m->p;
            cr_param_put(&p, id, q[i].value);
            rough[i] = cr_rough_estimate(&p);
        }
    }
}

/* Points computed at a time, as the command: memory whatever n. */
enum { SWEEP_BLOCK = 4096, NSWEEP_BLOCK = 512 };

int cr_model_sweep(cr_model *m, const char *name, const double *values, size_t n,
                   double *steady, double *thermal, double *first, double *rough)
{
    int id = lookup(name);
    cr_api_begin(m);
    if (id < 0)
        return FAIL(m, CR_EINVAL, "invalid --vary = \"%s\": valid names are " PARAM_NAMES,
                    name != NULL ? name : "");
    int st = sweep_check(m, id, values, n);
    if (st != CR_OK || n == 0)
        return st;
    int qubit = cr_params_is_qubit(&m->p);
    size_t block = qubit ? SWEEP_BLOCK : NSWEEP_BLOCK, n2 = (size_t)(m->p.nlevels * m->p.nlevels);
    cr_sweep_point *pts = qubit ? malloc(sizeof *pts * block) : NULL;
    cr_nsweep_point *npts = qubit ? NULL : malloc(sizeof *npts * block);
    if (pts == NULL && npts == NULL)
        return FAIL(m, CR_ENOMEM, "sweep: out of memory");
    cr_sweep_opts o;
    sweep_opts(m, &o);
    char err[400];
    for (size_t at = 0; st == CR_OK && at < n; at += block) {
        size_t k = n - at < block ? n - at : block, off = 2 * n2 * at;
        double *r = rough != NULL ? rough + at : NULL;
        if (qubit && (st = cr_sweep_1d(&m->p, id, values + at, k, pts, &o, err, sizeof err)) == CR_OK)
            sweep_put(m, id, pts, k, steady + off, thermal ? thermal + off : NULL,
                      first ? first + off : NULL, r);
        if (!qubit && (st = cr_nsweep_1d(&m->p, id, values + at, k, npts, &o, err, sizeof err)) == CR_OK)
            nsweep_put(m, id, npts, k, steady + off, thermal ? thermal + off : NULL,
                       first ? first + off : NULL, r);
    }
    free(pts);
    free(npts);
    if (st != CR_OK)
        FAIL(m, st, "sweep: %s", err);
    return st;
}

/* Each axis value with the other axis at both its ends: every cell is a
 * valid parameter set (x0 < -length/2 is monotone in each). */
static int heat_check(cr_model *m, int xid, const double *x, size_t nx,
                      int yid, const double *y, size_t ny)
{
    char err[400];
    const double *ax[2] = { x, y };
    size_t an[2] = { nx, ny };
    int aid[2] = { xid, yid };
    for (int a = 0; a < 2; a++) {
        const double *o = ax[1 - a];
        size_t on = an[1 - a];
        double lo = o[0], hi = o[0];
        for (size_t i = 1; i < on; i++) {
            lo = o[i] < lo ? o[i] : lo;
            hi = o[i] > hi ? o[i] : hi;
        }
        cr_params p = m->p;
        for (size_t i = 0; i < an[a]; i++)
            for (int end = 0; end < 2; end++) {
                cr_param_put(&p, aid[a], ax[a][i]);
                cr_param_put(&p, aid[1 - a], end ? hi : lo);
                if (cr_params_validate(&p, err, sizeof err) != CR_OK)
                    return FAIL(m, CR_EINVAL, "heatmap: %s", err);
            }
    }
    return CR_OK;
}

int cr_model_heatmap(cr_model *m, const char *xname, const double *x, size_t nx,
                     const char *yname, const double *y, size_t ny,
                     const char *quantity, double *values)
{
    int xid = lookup(xname), yid = lookup(yname);
    int qs[CR_Q_ALL] = { CR_Q_RHO01_ABS }, nq = 1;
    char qerr[512] = "";
    if (quantity != NULL)
        nq = cr_quantity_list(quantity, qs, CR_Q_ALL, qerr, sizeof qerr);
    cr_api_begin(m);
    if (xid < 0 || yid < 0)
        return FAIL(m, CR_EINVAL, "heatmap: unknown parameter \"%s\" (valid names are "
                    PARAM_NAMES ")", xid < 0 ? (xname ? xname : "") : (yname ? yname : ""));
    if (xid == yid)
        return FAIL(m, CR_EINVAL, "heatmap: --x and --y must vary different parameters");
    if (nq < 0)
        return FAIL(m, CR_EINVAL, "%s", qerr);
    if (nx == 0 || ny == 0)
        return FAIL(m, CR_EINVAL, "heatmap: an axis has no values");
    int st = cr_params_validate(&m->p, m->err, sizeof m->err);
    if (st == CR_OK)
        st = heat_check(m, xid, x, nx, yid, y, ny);
    if (st != CR_OK)
        return st;
    cr_sweep_opts o;
    sweep_opts(m, &o);
    if (nq == 1) {
        o.quantity = qs[0];
    } else {
        o.quantities = qs;
        o.nquantities = nq;
    }
    char err[400];
    st = cr_heatmap(&m->p, xid, x, nx, yid, y, ny, values, &o, err, sizeof err);
    if (st != CR_OK)
        FAIL(m, st, "heatmap: %s", err);
    return st;
}
