/* nmap.c — the scattering map of an N-level system (Eq. 17,
 * colres/nlevel.h): its entries on a shared grid and their integrand at
 * one node, the adaptive reference, the dispatch to the qubit's fast path
 * and the conversions (the panels are the walker's: nmap_panels.c).
 *
 * Every computed entry shares the nodes, so that each node costs one
 * amplitude evaluation per distinct amplitude energy E_p + off (off = E_j
 * for the first amplitude, E_{k'} - Δ_{j'j} for the second; the whole
 * N × N matrix at once, shared by all entries) and one envelope per
 * distinct d = Δ_{j'j} - Δ_{k'k}.  Each entry is its own integral (none
 * from the trace); Hermiticity preservation gives the mirrored half. */
#include "config.h"

#include "colres/nlevel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/status.h"
#include "nmap_grid.h"
#include "panel_walk.h"
#include "reference.h"
#include "special.h"
#include "amp_phase.h"


static double upper_cut(const cr_params *p, const cr_nsystem *sys)
{
    /* As cr_smap_pmax: μ is below 1e-17 of its peak once βP²/2m > 40; the
     * margin covers P = (p + π)/2 < p by at most √(2m|d|), |d| at most
     * twice the spread of the levels (Δ for the qubit). */
    return sqrt(2.0 * p->mass * 40.0 / p->beta)
         + sqrt(2.0 * p->mass * 2.0 * (sys->e_max + (sys->e[sys->n - 1] - sys->e[0])));
}

void cr_ngrid_free(ngrid *g)
{
    free(g->e);
    free(g->gap);
    free(g->thr);
    free(g->sp);
    free(g->sm);
    free(g->env);
    free(g->shift);
    free(g->need);
    free(g->need_ab);
    free(g->cls);
    free(g->transfer);
    free(g->per_off);
}

/* Fill g: the entries (all of them, or only one of each Hermitian pair),
 * their shared energies and classes, lower ends. */
static int grid_init(ngrid *g, const cr_params *par, const cr_nsystem *sys, int half,
                     char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->par = par;
    g->sys = sys;
    int n = g->n = sys->n;
    g->exact = par->amplitudes == CR_AMP_EXACT;
    size_t n4 = (size_t)n * n * n * n;
    g->e = malloc(sizeof *g->e * n4);
    g->gap = malloc(sizeof(double) * MAX_OFF * MAX_LEVELS);
    g->thr = malloc(sizeof(double) * MAX_OFF * MAX_LEVELS);
    g->sp = malloc(sizeof(double complex) * MAX_OFF * (size_t)(n * n));
    g->sm = malloc(sizeof(double complex) * MAX_OFF * (size_t)(n * n));
    g->env = malloc(sizeof(double) * n4);
    g->shift = malloc(sizeof(double complex) * n4);
    g->need = malloc(sizeof(int) * MAX_OFF);
    g->need_ab = calloc((size_t)MAX_OFF * (size_t)(n * n), 1);
    g->cls = malloc(sizeof(int) * n4);
    g->transfer = malloc(sizeof(int) * n4);
    g->per_off = malloc(sizeof(double) * MAX_OFF);
    if (!g->e || !g->gap || !g->thr || !g->sp || !g->sm || !g->env || !g->shift || !g->need
        || !g->need_ab || !g->cls || !g->transfer || !g->per_off) {
        cr_ngrid_free(g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    }
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GL_ORDER);
    if (t == NULL) {
        cr_ngrid_free(g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    }
    for (size_t i = 0; i < GL_ORDER; i++)
        gsl_integration_glfixed_point(0.0, 1.0, i, &g->node[i], &g->weight[i], t);
    gsl_integration_glfixed_table_free(t);

    double spread = sys->e[n - 1] - sys->e[0];
    double tol = 1e-14 * spread; /* equal energies up to round-off share */
    double m2 = 2.0 * par->mass;
    g->d[g->n_cls++] = 0.0;
    for (int jp = 0; jp < n; jp++)
        for (int kp = 0; kp < n; kp++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                    int row = jp * n + kp, col = j * n + k;
                    int row2 = kp * n + jp, col2 = k * n + j;
                    if (half && row2 * n * n + col2 < row * n * n + col)
                        continue;
                    nentry *c = &g->e[g->ne++];
                    c->jp = jp; c->kp = kp; c->j = j; c->k = k;
                    c->row = row; c->col = col;
                    c->self_conj = row2 == row && col2 == col;
                    c->transfer = j == k && jp == kp && j != jp;
                    c->population = !g->exact && j == k && jp == kp;
                    double djpj = sys->e[jp] - sys->e[j];
                    double d = djpj - (sys->e[kp] - sys->e[k]);
                    c->o1 = cr_find_or_add(g->off, &g->n_off, sys->e[j], tol);
                    c->o2 = cr_find_or_add(g->off, &g->n_off, sys->e[kp] - djpj, tol);
                    c->cls = cr_find_or_add(g->d, &g->n_cls, d, tol);
                    double emin = fmax(0.0, fmax(djpj, g->d[c->cls]));
                    double lo = sqrt(m2 * emin);
                    if (!g->exact) { /* Eq. S1 is the identity below e_max */
                        if (jp != j && sys->e_max > g->off[c->o1])
                            lo = fmax(lo, sqrt(m2 * (sys->e_max - g->off[c->o1])));
                        if (kp != k && sys->e_max > g->off[c->o2])
                            lo = fmax(lo, sqrt(m2 * (sys->e_max - g->off[c->o2])));
                    }
                    c->low = lo;
                    c->i1 = c->o1 * n * n + jp * n + j;
                    c->i2 = c->o2 * n * n + kp * n + k;
                    g->need_ab[c->o1 * n * n + jp * n + j] = 1;
                    if (!c->population)
                        g->need_ab[c->o2 * n * n + kp * n + k] = 1;
                    g->cls[g->ne - 1] = c->cls;
                    g->transfer[g->ne - 1] = c->transfer;
                }
    for (int x = 0; x < n; x++) {
        g->level[x] = sys->e[x];
        g->level[n + x] = sys->w[x];
    }
    g->n_lev = 2 * n;
    for (int o = 0; o < g->n_off; o++)
        for (int x = 0; x < g->n_lev; x++) {
            double ek = g->level[x] - g->off[o];
            g->gap[o * MAX_LEVELS + x] = ek;
            g->thr[o * MAX_LEVELS + x] = ek > 0.0 ? sqrt(m2 * ek) : 0.0;
        }
    for (int q = 0; q < n; q++)
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                g->proj[q][a * n + b] = sys->phi[q][a] * conj(sys->phi[q][b]);
    g->pmax = upper_cut(par, sys);
    g->vscale = 0.5 * (sys->w[n - 1] - sys->w[0]) + spread;
    return CR_OK;
}

int cr_ngrid_setup(ngrid *g, cr_nsystem *sys, const cr_params *p, int half,
                   char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st == CR_OK)
        st = cr_nsystem_init(sys, p, err, errlen);
    if (st == CR_OK)
        st = grid_init(g, p, sys, half, err, errlen);
    return st;
}

/* Approx amplitudes (Eq. S1) at E into s (N × N), with the projectors:
 * the entries that some map entry uses at offset o (need_ab), the others
 * left as they are. */
static void approx_at(const ngrid *g, int o, double E, double complex *s)
{
    const cr_nsystem *sys = g->sys;
    int n = g->n;
    if (E < sys->e_max) {
        for (int a = 0; a < n * n; a++)
            s[a] = 0.0;
        for (int a = 0; a < n; a++)
            s[a * n + a] = 1.0;
        return;
    }
    double complex v[CR_NMAX][CR_NMAX];
    cr_namp_half_phases(sys, E, v); /* stable phases (amp_phase.h) */
    const unsigned char *need = g->need_ab + (size_t)o * (size_t)(n * n);
    for (int a = 0; a < n; a++) {
        int b = 0;
        for (; b + 1 < n; b += 2)
            if (need[a * n + b] || need[a * n + b + 1])
                cr_namp_entries(n, &g->proj[0][a * n + b], &g->proj[0][a * n + b + 1], CR_NMAX2,
                                v, a, b, b + 1, &s[a * n + b]);
        if (b < n && need[a * n + b])
            s[a * n + b] = cr_namp_entry(n, &g->proj[0][a * n + b], CR_NMAX2, v, a, b);
    }
}

/* Exact amplitudes at E_o(p), p = base + off (cr_panel_above). */
static int exact_at(const ngrid *g, int o, double base, double off,
                    double complex *sp, double complex *sm)
{
    double above[MAX_LEVELS];
    cr_panel_above(g->thr + o * MAX_LEVELS, g->gap + o * MAX_LEVELS, g->n_lev, g->par->mass,
                   base, off, above);
    return cr_namp_exact_above(g->sys, above, above + g->n, sp, sm);
}

/* Envelope μ((p+π)/2)√(p/π), with the Gaussian of Eq. 23 inside if
 * with_gauss (its exponent per unit Δx² in *garg), and the packet's phase
 * e^{-i(p-π)x0}, for class c at p. */
static void envelope(const ngrid *g, int c, double p, int with_gauss, double *env,
                     double complex *shift, double *garg)
{
    const cr_params *par = g->par;
    double m = par->mass, d = g->d[c];
    double pi2 = p * p - 2.0 * m * d;
    *garg = 0.0;
    if (pi2 <= 0.0 || p <= 0.0) {
        *env = 0.0;
        *shift = 0.0;
        return;
    }
    if (d == 0.0) {
        *env = par->beta * p / m * exp(-par->beta * p * p / (2.0 * m));
        *shift = 1.0;
        return;
    }
    double pi = sqrt(pi2);
    double diff = 2.0 * m * d / (p + pi); /* p - π without cancellation */
    double P = 0.5 * (p + pi);
    *garg = -0.5 * diff * diff;
    *env = par->beta * P / m * sqrt(p / pi)
         * exp(-par->beta * P * P / (2.0 * m) + (with_gauss ? par->dx * par->dx * *garg : 0.0));
    double s, co;
    sincos(diff * par->x0, &s, &co);
    *shift = CMPLX(co, -s);
}

/* One entry's integrand from the amplitude tables at this node. */
static inline double complex entry_value(const ngrid *g, const nentry *c)
{
    double e = g->env[c->cls];
    if (e == 0.0)
        return 0.0;
    double complex a1 = g->sp[c->i1];
    if (c->population)
        return e * (creal(a1) * creal(a1) + cimag(a1) * cimag(a1));
    /* e·shift·(a1·conj(a2) [+ s⁻ likewise]) in real arithmetic, the
     * operations of the complex products (without their NaN checks). */
    double complex a2 = g->sp[c->i2];
    double re = creal(a1) * creal(a2) + cimag(a1) * cimag(a2);
    double im = cimag(a1) * creal(a2) - creal(a1) * cimag(a2);
    if (g->exact) {
        double complex b1 = g->sm[c->i1], b2 = g->sm[c->i2];
        re += creal(b1) * creal(b2) + cimag(b1) * cimag(b2);
        im += cimag(b1) * creal(b2) - creal(b1) * cimag(b2);
    }
    double sr = e * creal(g->shift[c->cls]), si = e * cimag(g->shift[c->cls]);
    return CMPLX(sr * re - si * im, sr * im + si * re);
}

/* Amplitudes at every needed offset at p = base + off. */
static int amplitudes_at(ngrid *g, double base, double off)
{
    double p = base + off, ep = p * p / (2.0 * g->par->mass);
    int nn = g->n * g->n;
    for (int o = 0; o < g->n_off; o++) {
        if (!g->need[o])
            continue;
        if (!g->exact) {
            approx_at(g, o, ep + g->off[o], g->sp + o * nn);
            continue;
        }
        int st = exact_at(g, o, base, off, g->sp + o * nn, g->sm + o * nn);
        if (st != CR_OK) {
            g->failed_p = p;
            for (int i = 0; i < g->ne; i++)
                if (g->e[i].o1 == o || g->e[i].o2 == o) {
                    g->failed_entry = i;
                    break;
                }
            return st;
        }
    }
    return CR_OK;
}

int cr_ngrid_node(void *ctx, double base, double off, int with_gauss, double complex *f,
                  double *garg)
{
    ngrid *g = ctx;
    int st = amplitudes_at(g, base, off);
    if (st != CR_OK)
        return st;
    double p = base + off;
    for (int c = 0; c < g->n_cls; c++)
        envelope(g, c, p, with_gauss, &g->env[c], &g->shift[c], &garg[c]);
    for (int a = 0; a < g->n_act; a++)
        f[g->act[a]] = entry_value(g, &g->e[g->act[a]]);
    return CR_OK;
}

int cr_ngrid_entry_at(ngrid *g, const nentry *c, double p, double complex *v)
{
    *v = 0.0;
    if (!(p > 0.0))
        return CR_OK;
    for (int o = 0; o < g->n_off; o++)
        g->need[o] = o == c->o1 || o == c->o2;
    int st = amplitudes_at(g, p, 0.0);
    if (st != CR_OK)
        return st;
    double garg;
    envelope(g, c->cls, p, 1, &g->env[c->cls], &g->shift[c->cls], &garg);
    *v = entry_value(g, c);
    return CR_OK;
}

/* ---- the adaptive reference ------------------------------------------ */

typedef struct ref_ctx {
    ngrid *g;
    const nentry *c;
    int imag, status;
} ref_ctx;

static double ref_fn(double p, void *arg)
{
    ref_ctx *r = arg;
    double complex v;
    int st = cr_ngrid_entry_at(r->g, r->c, p, &v);
    if (st != CR_OK) {
        r->status = st;
        return 0.0;
    }
    return r->imag ? cimag(v) : creal(v);
}

int cr_nmap_reference(const cr_params *p, double epsabs, double epsrel,
                      cr_nmap *out, char *err, size_t errlen)
{
    cr_nsystem sys;
    ngrid g;
    int st = cr_ngrid_setup(&g, &sys, p, 0, err, errlen);
    if (st != CR_OK)
        return st;
    enum { LIMIT = 4000 };
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(LIMIT);
    double complex *sum = malloc(sizeof(double complex) * (size_t)g.ne);
    if (ws == NULL || sum == NULL) {
        gsl_integration_workspace_free(ws);
        free(sum);
        cr_ngrid_free(&g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map reference: out of memory");
    }
    for (int i = 0; i < g.ne && st == CR_OK; i++) {
        const nentry *c = &g.e[i];
        sum[i] = 0.0;
        if (!(c->low < g.pmax))
            continue;
        double br[4 * MAX_LEVELS + 2];
        int offs[2] = { c->o1, c->o2 }, nb = 0;
        br[nb++] = c->low;
        nb = cr_ngrid_thresholds(&g, offs, 2, br, nb, g.exact);
        nb = cr_unique_sorted(br, nb);
        /* The lower end itself, then the breaks above it (a threshold
         * equal to it up to round-off is dropped, not the end). */
        double lo = c->low;
        int u = 0;
        for (int b = 0; b < nb; b++)
            if (br[b] > lo * (1.0 + 1e-14) && br[b] < g.pmax)
                br[++u] = br[b];
        br[0] = lo;
        u++;
        br[u++] = g.pmax;
        nb = u;
        double part[2] = { 0.0, 0.0 };
        for (int im = 0; im < 2 && st == CR_OK; im++) {
            ref_ctx rc = { &g, c, im, CR_OK };
            int gst = cr_reference_integral(ref_fn, &rc, &rc.status, br, nb, epsabs, epsrel,
                                            LIMIT, ws, &part[im]);
            if (gst != GSL_SUCCESS || rc.status != CR_OK)
                st = cr_error(err, errlen, CR_ENUMERIC,
                              "scattering map reference: S^{%d%d}_{%d%d} %s part: %s",
                              c->j, c->k, c->jp, c->kp, im ? "imaginary" : "real",
                              gst != GSL_SUCCESS ? gsl_strerror(gst) : "amplitude failure");
        }
        sum[i] = CMPLX(part[0], part[1]);
    }
    if (st == CR_OK)
        st = cr_ngrid_fill(&g, sum, 0, out, err, errlen);
    gsl_integration_workspace_free(ws);
    free(sum);
    cr_ngrid_free(&g);
    return st;
}

/* ---- dispatch and conversions ------------------------------------------ */

void cr_nmap_from_qubit(const cr_map *S, cr_nmap *out)
{
    memset(out, 0, sizeof *out);
    out->n = 2;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            out->m[r * 4 + c] = S->m[r][c];
}

int cr_nmap_to_qubit(const cr_nmap *S, cr_map *out)
{
    if (S->n != 2)
        return CR_EINVAL;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            out->m[r][c] = S->m[r * 4 + c];
    return CR_OK;
}

double cr_nmap_max_diff(const cr_nmap *a, const cr_nmap *b)
{
    if (a->n != b->n)
        return INFINITY;
    int n2 = a->n * a->n;
    double m = 0.0;
    for (int i = 0; i < n2 * n2; i++) {
        double d = cabs(a->m[i] - b->m[i]);
        if (!(d <= m))
            m = d; /* also propagates NaN */
    }
    return m;
}

int cr_nmap_compute(const cr_params *p, cr_nmap *out, char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    if (!cr_params_is_qubit(p))
        return cr_nmap_general(p, out, err, errlen);
    cr_smap_workspace *w = cr_smap_alloc();
    if (w == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    cr_map S;
    st = cr_smap_compute(w, p, &S, err, errlen);
    cr_smap_free(w);
    if (st == CR_OK)
        cr_nmap_from_qubit(&S, out);
    return st;
}
