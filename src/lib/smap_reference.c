/* smap_reference.c — the adaptive GSL reference quadrature of every
 * scattering map (reference.h), and the qubit's reference map
 * (colres/smap.h): every entry of Eq. 17 on its own, QAGP between the
 * integrand's breakpoints, QAG per segment where QAGP gives up. */
#include "config.h"

#include "colres/smap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/amplitudes.h"
#include "colres/nlevel.h"
#include "colres/status.h"
#include "reference.h"
#include "smap_entry.h"

typedef struct ref_ctx {
    entry_ctx *entry;
    int imag;
} ref_ctx;

static double ref_fn(double p, void *arg)
{
    ref_ctx *r = arg;
    double complex v = cr_smap_integrand(r->entry, p);
    return r->imag ? cimag(v) : creal(v);
}

/* One breakpoint segment [a, a + len] in the smoothstep variable t. */
typedef struct seg_ctx {
    double (*fn)(double, void *);
    void *ctx;
    double a, len;
} seg_ctx;

static double seg_fn(double t, void *arg)
{
    seg_ctx *sc = arg;
    double p = sc->a + sc->len * t * t * (3.0 - 2.0 * t);
    return 6.0 * sc->len * t * (1.0 - t) * sc->fn(p, sc->ctx);
}

/* QAG on one segment; where round-off stops it short of the tolerance (a
 * sharp feature between nearly coincident thresholds, small λ), halved up
 * to 10 times; a result already at round-off level (abserr within 1e3
 * epsabs or 1e-10 relative) is accepted as it is. */
static int ref_segment(seg_ctx *sc, const int *failed, double epsabs, double epsrel,
                       size_t limit, gsl_integration_workspace *ws, double *result, int depth)
{
    gsl_function f = { seg_fn, sc };
    double res = 0.0, abserr = 0.0;
    int gst = gsl_integration_qag(&f, 0.0, 1.0, epsabs, epsrel, limit, GSL_INTEG_GAUSS61, ws,
                                  &res, &abserr);
    if (gst == GSL_SUCCESS || *failed
        || (gst == GSL_EROUND && abserr <= fmax(1e3 * epsabs, 1e-10 * fabs(res)))) {
        *result = res;
        return *failed ? GSL_FAILURE : GSL_SUCCESS;
    }
    if (depth >= 10)
        return gst;
    double a = sc->a, len = sc->len, left = 0.0, right = 0.0;
    sc->len = 0.5 * len;
    gst = ref_segment(sc, failed, 0.5 * epsabs, epsrel, limit, ws, &left, depth + 1);
    if (gst == GSL_SUCCESS) {
        sc->a = a + 0.5 * len;
        gst = ref_segment(sc, failed, 0.5 * epsabs, epsrel, limit, ws, &right, depth + 1);
    }
    sc->a = a;
    sc->len = len;
    *result = left + right;
    return gst;
}

int cr_reference_integral(double (*fn)(double p, void *ctx), void *ctx, const int *failed,
                          const double *br, int nb, double epsabs, double epsrel,
                          size_t limit, gsl_integration_workspace *ws, double *result)
{
    gsl_function f = { fn, ctx };
    double res = 0.0, abserr, pts[8 * CR_NMAX + 16];
    if (nb > (int)(sizeof pts / sizeof pts[0]))
        return GSL_EINVAL;
    memcpy(pts, br, sizeof(double) * (size_t)nb);
    int gst = gsl_integration_qagp(&f, pts, (size_t)nb, epsabs, epsrel, limit, ws, &res, &abserr);
    if (gst == GSL_SUCCESS || *failed) {
        *result = res;
        return *failed ? GSL_FAILURE : gst;
    }
    double total = 0.0;
    gst = GSL_SUCCESS;
    for (int i = 0; i + 1 < nb && gst == GSL_SUCCESS; i++) {
        seg_ctx sc = { fn, ctx, br[i], br[i + 1] - br[i] };
        double part = 0.0;
        gst = ref_segment(&sc, failed, epsabs / (nb - 1), epsrel, limit, ws, &part, 0);
        total += part;
    }
    *result = total;
    return gst;
}

int cr_smap_reference(const cr_params *p, double epsabs, double epsrel,
                      cr_map *out, char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    enum { LIMIT = 4000 };
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(LIMIT);
    if (ws == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map reference: out of memory");
    cr_system sys;
    cr_system_init(&sys, p);
    double pmax = cr_smap_pmax(p);
    cr_map m;
    memset(&m, 0, sizeof m);
    st = CR_OK;
    for (int r = 0; r < 4 && st == CR_OK; r++)
        for (int col = 0; col < 4 && st == CR_OK; col++) {
            entry_ctx c;
            cr_smap_entry_init(&c, p, &sys, r / 2, r % 2, col / 2, col % 2);
            if (!(c.p_inf < pmax))
                continue;
            double br[MAX_BREAKS];
            int nb = cr_smap_entry_breaks(&c, c.p_inf, pmax, br);
            double part[2];
            for (int im = 0; im < 2 && st == CR_OK; im++) {
                ref_ctx rc = { &c, im };
                double res = 0.0;
                int gst = cr_reference_integral(ref_fn, &rc, &c.status, br, nb, epsabs,
                                                epsrel, LIMIT, ws, &res);
                if (gst != GSL_SUCCESS || c.status != CR_OK)
                    st = cr_error(err, errlen, CR_ENUMERIC,
                                  "scattering map reference: S^{%d%d}_{%d%d} %s part: %s",
                                  col / 2, col % 2, r / 2, r % 2, im ? "imaginary" : "real",
                                  gst != GSL_SUCCESS ? gsl_strerror(gst) : "amplitude failure");
                part[im] = res;
            }
            if (st == CR_OK)
                m.m[r][col] = part[0] + I * part[1];
        }
    gsl_integration_workspace_free(ws);
    if (st == CR_OK)
        *out = m;
    return st;
}
