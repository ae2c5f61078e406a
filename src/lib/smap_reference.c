/* smap_reference.c — the adaptive GSL reference for the scattering map
 * (colres/smap.h): every entry of Eq. 17 on its own, QAGP between the
 * integrand's breakpoints, QAG per segment where QAGP gives up. */
#include "config.h"

#include "colres/smap.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/amplitudes.h"
#include "colres/status.h"
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

/* The same integral over one breakpoint segment in the smoothstep
 * variable t, where square-root end-point behaviour becomes smooth. */
typedef struct seg_ctx {
    ref_ctx *rc;
    double a, len;
} seg_ctx;

static double seg_fn(double t, void *arg)
{
    seg_ctx *sc = arg;
    double p = sc->a + sc->len * t * t * (3.0 - 2.0 * t);
    return 6.0 * sc->len * t * (1.0 - t) * ref_fn(p, sc->rc);
}

/* QAGP's extrapolation sometimes gives up ("roundoff error", "divergent")
 * at extreme parameters with exact amplitudes; then integrate each
 * segment with QAG (61-point Gauss–Kronrod) in the smoothstep variable. */
static int reference_by_segments(ref_ctx *rc, const double *br, int nb, double epsabs,
                                 double epsrel, size_t limit,
                                 gsl_integration_workspace *ws, double *result)
{
    double total = 0.0;
    for (int i = 0; i + 1 < nb; i++) {
        seg_ctx sc = { rc, br[i], br[i + 1] - br[i] };
        gsl_function f = { seg_fn, &sc };
        double res, abserr;
        int gst = gsl_integration_qag(&f, 0.0, 1.0, epsabs / (nb - 1), epsrel, limit,
                                      GSL_INTEG_GAUSS61, ws, &res, &abserr);
        if (gst != GSL_SUCCESS)
            return gst;
        total += res;
    }
    *result = total;
    return GSL_SUCCESS;
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
                gsl_function f = { ref_fn, &rc };
                double res, abserr;
                int gst = gsl_integration_qagp(&f, br, (size_t)nb, epsabs, epsrel,
                                               LIMIT, ws, &res, &abserr);
                if (gst != GSL_SUCCESS && c.status == CR_OK)
                    gst = reference_by_segments(&rc, br, nb, epsabs, epsrel, LIMIT, ws, &res);
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
