/* smap.c — the scattering map S (Eq. 17) by panel Gauss–Legendre quadrature
 * (the adaptive reference is in smap_reference.c). */
#include "config.h"

#include "colres/smap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/amplitudes.h"
#include "colres/status.h"
#include "panel_walk.h"
#include "smap_entry.h"

double cr_smap_pmax(const cr_params *p)
{
    /* μ(P) ∝ P e^{-βP²/2m} is below 1e-17 of its peak once βP²/2m > 40;
     * the margin covers P = (p + π)/2 < p by at most √(2m|d|). */
    cr_system sys;
    cr_system_init(&sys, p);
    return sqrt(2.0 * p->mass * 40.0 / p->beta)
         + sqrt(2.0 * p->mass * 2.0 * (sys.e_max + p->delta));
}

double cr_map_max_diff(const cr_map *a, const cr_map *b)
{
    double m = 0.0;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            double d = cabs(a->m[r][c] - b->m[r][c]);
            if (!(d <= m))
                m = d; /* also propagates NaN */
        }
    return m;
}


void cr_smap_entry_init(entry_ctx *c, const cr_params *par, const cr_system *sys,
                       int jp, int kp, int j, int k)
{
    c->par = par;
    c->sys = sys;
    c->jp = jp; c->kp = kp; c->j = j; c->k = k;
    double djpj = sys->e[jp] - sys->e[j];
    double dkpk = sys->e[kp] - sys->e[k];
    c->d = djpj - dkpk;
    c->off1 = sys->e[j];
    c->off2 = sys->e[kp] - djpj;
    double emin = fmax(0.0, fmax(djpj, c->d));
    c->p_inf = sqrt(2.0 * par->mass * emin);
    double levels[4] = { sys->e[0], sys->e[1], sys->w[0], sys->w[1] };
    double offs[2] = { c->off1, c->off2 };
    for (int o = 0; o < 2; o++)
        for (int x = 0; x < 4; x++) {
            double ek = levels[x] - offs[o];
            c->gap[o][x] = ek;
            c->threshold_p[o][x] = ek > 0.0 ? sqrt(2.0 * par->mass * ek) : 0.0;
        }
    c->status = CR_OK;
    c->panel_cap = 0;
    c->failed_p = 0.0;
    c->fine = 1.0;
}

/* Exact amplitudes at E_o(p), p = base + off (cr_panel_above). */
static int exact_at(const entry_ctx *c, int o, double base, double off,
                    double complex sp[2][2], double complex sm[2][2])
{
    double above[4];
    cr_panel_above(c->threshold_p[o], c->gap[o], 4, c->par->mass, base, off, above);
    return cr_amp_exact_above(c->sys, above, above + 2, sp, sm);
}

/* The integrand of Eq. 17 at momentum p = base + off > p_inf (both α for
 * exact); base is the panel end off is measured from (see exact_at). */
static double complex integrand_at(entry_ctx *c, double base, double off)
{
    const cr_params *par = c->par;
    double p = base + off;
    double m = par->mass;
    double pi2 = p * p - 2.0 * m * c->d;
    if (pi2 <= 0.0 || p <= 0.0)
        return 0.0;
    double pi = sqrt(pi2);
    double diff = 2.0 * m * c->d / (p + pi);     /* p - π, without cancellation */
    double P = 0.5 * (p + pi);
    /* μ((p+π)/2) times the Gaussian of Eq. 23, in one exponential. */
    double envelope = par->beta * P / m * sqrt(p / pi)
                    * exp(-par->beta * P * P / (2.0 * m) - 0.5 * par->dx * par->dx * diff * diff);
    double ep = p * p / (2.0 * m);
    if (par->amplitudes != CR_AMP_EXACT) {
        /* One complex exponential for the packet's phase and both
         * amplitudes' phases: this is the hot loop of every map. */
        double th1, th2;
        double complex g1 = cr_amp_approx_entry(c->sys, ep + c->off1, c->jp, c->j, &th1);
        if (c->jp == c->kp && c->j == c->k) /* a population: μ|s|², Eq. 20 */
            return envelope * (creal(g1) * creal(g1) + cimag(g1) * cimag(g1));
        double complex g2 = cr_amp_approx_entry(c->sys, ep + c->off2, c->kp, c->k, &th2);
        return envelope * g1 * conj(g2) * cexp(I * (th1 - th2 - diff * par->x0));
    }
    double complex rho_u = cexp(-I * diff * par->x0);
    double complex s1p[2][2], s1m[2][2], s2p[2][2], s2m[2][2];
    double complex amp;
    {
        int st = exact_at(c, 0, base, off, s1p, s1m);
        if (c->off1 == c->off2) { /* k' = j': both amplitudes at one energy */
            memcpy(s2p, s1p, sizeof s2p);
            memcpy(s2m, s1m, sizeof s2m);
        } else if (st == CR_OK) {
            st = exact_at(c, 1, base, off, s2p, s2m);
        }
        if (st != CR_OK) {
            c->status = st;
            c->failed_p = p;
            return 0.0;
        }
        amp = s1p[c->jp][c->j] * conj(s2p[c->kp][c->k])
            + s1m[c->jp][c->j] * conj(s2m[c->kp][c->k]);
    }
    return envelope * rho_u * amp;
}

double complex cr_smap_integrand(entry_ctx *c, double p)
{
    return integrand_at(c, p, 0.0);
}

static void sort_doubles(double *v, int n)
{
    for (int i = 1; i < n; i++) /* insertion sort: n <= 12 */
        for (int q = i; q > 0 && v[q] < v[q - 1]; q--) {
            double t = v[q]; v[q] = v[q - 1]; v[q - 1] = t;
        }
}

/* Append to out the momenta p at which E1(p) or E2(p) equals one of the
 * given energies; returns the new count. */
static int momenta_at(const entry_ctx *c, const double *energies, int ne,
                      double *out, int n)
{
    double offs[2] = { c->off1, c->off2 };
    for (int i = 0; i < ne; i++)
        for (int o = 0; o < 2; o++) {
            double ek = energies[i] - offs[o];
            if (ek > 0.0)
                out[n++] = sqrt(2.0 * c->par->mass * ek);
        }
    return n;
}

/* Momenta (sorted, unique, from lo to hi) where the integrand of this
 * entry is not smooth: the e_max jump of Eq. S1, or for the exact
 * amplitudes the channel thresholds (and w_n, harmless if smooth). */
int cr_smap_entry_breaks(const entry_ctx *c, double lo, double hi, double *out)
{
    const cr_system *sys = c->sys;
    double exact[4] = { sys->e[0], sys->e[1], sys->w[0], sys->w[1] };
    double tmp[MAX_BREAKS];
    int n = c->par->amplitudes == CR_AMP_EXACT ? momenta_at(c, exact, 4, tmp, 0)
                                                : momenta_at(c, &sys->e_max, 1, tmp, 0);
    int u = 0;
    out[u++] = lo;
    sort_doubles(tmp, n);
    for (int i = 0; i < n; i++)
        if (tmp[i] > out[u - 1] * (1.0 + 1e-15) + 1e-300 && tmp[i] < hi)
            out[u++] = tmp[i];
    out[u++] = hi;
    return u;
}

/* Branch points of the integrand in p (sorted): where any channel wave
 * number k_j, internal q_n or π(p) vanishes, for both amplitude energies,
 * and p = 0.  Panels are graded towards them, since near a branch point
 * just outside a panel the integrand still varies on the scale of the
 * distance to it. */
int cr_smap_entry_singular(const entry_ctx *c, double *out)
{
    const cr_system *sys = c->sys;
    double energies[4] = { sys->e[0], sys->e[1], sys->w[0], sys->w[1] };
    int n = 0;
    out[n++] = 0.0;
    if (c->d > 0.0)
        out[n++] = sqrt(2.0 * c->par->mass * c->d);
    n = momenta_at(c, energies, 4, out, n);
    sort_doubles(out, n);
    return n;
}

static int map_with_rule(cr_smap_workspace *w, const cr_params *p, double fine, cr_map *out,
                         char *err, size_t errlen);

int cr_smap_compute(cr_smap_workspace *w, const cr_params *p, cr_map *out,
                    char *err, size_t errlen)
{
    return map_with_rule(w, p, 1.0, out, err, errlen);
}

int cr_smap_error_estimate(cr_smap_workspace *w, const cr_params *p, const cr_map *S,
                           double error[4][4], char *err, size_t errlen)
{
    /* The same panels at a third of every width bound, threshold panels
     * refined 9 times further: the production rule's error is then
     * the difference, to the refined rule's much smaller own error. */
    cr_map fine;
    int st = map_with_rule(w, p, 1.0 / 3.0, &fine, err, errlen);
    if (st != CR_OK)
        return st;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            error[r][c] = cabs(S->m[r][c] - fine.m[r][c]);
    return CR_OK;
}

static int map_with_rule(cr_smap_workspace *w, const cr_params *p, double fine, cr_map *out,
                         char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    if (w == NULL)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no workspace");
    cr_system sys;
    cr_system_init(&sys, p);
    return cr_smap_panels(w, p, &sys, fine, out, err, errlen);
}
