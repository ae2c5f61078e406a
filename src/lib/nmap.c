/* nmap.c — the scattering map of an N-level system (Eq. 17,
 * colres/nlevel.h): the panel quadrature of the general path, the
 * adaptive reference, the dispatch to the qubit's fast path and the
 * conversions.
 *
 * The general path follows the qubit's (smap_panels.c, smap_grid.c): every
 * computed entry on one set of Gauss–Legendre panels in p, split at every
 * break of every entry's integrand, so that each node costs one amplitude
 * evaluation per distinct amplitude energy E_p + off (off = E_j for the
 * first amplitude, E_{k'} - Δ_{j'j} for the second; the whole N × N
 * matrix at once, shared by all entries) and one envelope per distinct
 * d = Δ_{j'j} - Δ_{k'k}.  Each entry is its own integral (none from the
 * trace); Hermiticity preservation gives the mirrored half. */
#include "config.h"

#include "colres/nlevel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/status.h"
#include "special.h"
#include "amp_phase.h"

/* The panel rule of the qubit's map (panel_rule.h, which says how it was
 * chosen), and the depth and budget of the threshold refinement here. */
#include "panel_rule.h"
enum { MAX_DEPTH = 30 };
#define ADAPT_BUDGET 4096L
/* Reflection is resolved while E - e_max < REFLECT_RANGE · V (as
 * smap_grid.c), V the potential's scale. */
#define REFLECT_RANGE 1e4

enum { MAX_LEVELS = 2 * CR_NMAX, MAX_OFF = CR_NMAX * CR_NMAX * CR_NMAX,
       MAX_ENT = CR_NMAX2 * CR_NMAX2 };

typedef struct nentry {
    int jp, kp, j, k, row, col;
    int o1, o2, cls;
    int population;  /* approx: μ|s|² (Eq. 20) */
    int transfer;    /* j = k, j' = k', j != j': a transfer probability */
    int self_conj;   /* its own Hermitian mirror: real */
    double low;      /* lower end of its integral */
} nentry;

typedef struct ngrid {
    const cr_params *par;
    const cr_nsystem *sys;
    int n, exact;
    double node[GL_ORDER], weight[GL_ORDER];
    int ne;
    nentry *e;
    int n_off;
    double off[MAX_OFF];
    int n_lev;                           /* E_j then w_n */
    double level[MAX_LEVELS];
    double *gap, *thr;                   /* [o * MAX_LEVELS + x] */
    int n_cls;
    double d[MAX_ENT];
    double complex proj[CR_NMAX][CR_NMAX2];  /* φ_q[a] conj φ_q[b] */
    double pmax, vscale;
    /* Per node scratch. */
    double complex *sp, *sm;             /* [o * N² + a * N + b] */
    double *env;
    double complex *shift;
    int *need;                           /* offsets used by active entries */
    double complex *scratch;             /* panel_adapt: 3 ne per depth */
    long adapt_left;                     /* panel_adapt: bisections left */
    /* Failure. */
    int panel_cap;
    double failed_p;
    int failed_entry;
} ngrid;

static double upper_cut(const cr_params *p, const cr_nsystem *sys)
{
    /* As cr_smap_pmax: μ is below 1e-17 of its peak once βP²/2m > 40; the
     * margin covers P = (p + π)/2 < p by at most √(2m|d|), |d| at most
     * twice the spread of the levels (Δ for the qubit). */
    return sqrt(2.0 * p->mass * 40.0 / p->beta)
         + sqrt(2.0 * p->mass * 2.0 * (sys->e_max + (sys->e[sys->n - 1] - sys->e[0])));
}

/* Index of x in v (within tol), appended if new. */
static int find_or_add(double *v, int *n, double x, double tol)
{
    for (int i = 0; i < *n; i++)
        if (fabs(v[i] - x) <= tol)
            return i;
    v[*n] = x;
    return (*n)++;
}

static void grid_free(ngrid *g)
{
    free(g->e);
    free(g->gap);
    free(g->thr);
    free(g->sp);
    free(g->sm);
    free(g->env);
    free(g->shift);
    free(g->need);
    free(g->scratch);
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
    g->scratch = malloc(sizeof(double complex) * 3 * (MAX_DEPTH + 1) * n4);
    if (!g->e || !g->gap || !g->thr || !g->sp || !g->sm || !g->env || !g->shift || !g->need
        || !g->scratch) {
        grid_free(g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    }
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GL_ORDER);
    if (t == NULL) {
        grid_free(g);
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
                    c->o1 = find_or_add(g->off, &g->n_off, sys->e[j], tol);
                    c->o2 = find_or_add(g->off, &g->n_off, sys->e[kp] - djpj, tol);
                    c->cls = find_or_add(g->d, &g->n_cls, d, tol);
                    double emin = fmax(0.0, fmax(djpj, g->d[c->cls]));
                    double lo = sqrt(m2 * emin);
                    if (!g->exact) { /* Eq. S1 is the identity below e_max */
                        if (jp != j && sys->e_max > g->off[c->o1])
                            lo = fmax(lo, sqrt(m2 * (sys->e_max - g->off[c->o1])));
                        if (kp != k && sys->e_max > g->off[c->o2])
                            lo = fmax(lo, sqrt(m2 * (sys->e_max - g->off[c->o2])));
                    }
                    c->low = lo;
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

/* Approx amplitudes (Eq. S1) at E into s (N × N), with the projectors. */
static void approx_at(const ngrid *g, double E, double complex *s)
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
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            s[a * n + b] = cr_namp_entry(n, &g->proj[0][a * n + b], CR_NMAX2, v, a, b);
}

/* Exact amplitudes at E_o(p), p = base + off: the distances to the levels
 * as (p - P)(p + P)/2m with p - P = (base - P) + off, exact at a panel's
 * end on a threshold (as smap_grid.c). */
static int exact_at(const ngrid *g, int o, double base, double off,
                    double complex *sp, double complex *sm)
{
    int n = g->n;
    double m2 = 2.0 * g->par->mass, p = base + off, above[MAX_LEVELS];
    for (int x = 0; x < g->n_lev; x++) {
        double P = g->thr[o * MAX_LEVELS + x];
        above[x] = P > 0.0 ? ((base - P) + off) * (p + P) / m2
                           : p * p / m2 - g->gap[o * MAX_LEVELS + x];
    }
    return cr_namp_exact_above(g->sys, above, above + n, sp, sm);
}

/* Envelope μ((p+π)/2)√(p/π) with the Gaussian of Eq. 23, and the packet's
 * phase e^{-i(p-π)x0}, for class c at p. */
static void envelope(const ngrid *g, int c, double p, double *env, double complex *shift)
{
    const cr_params *par = g->par;
    double m = par->mass, d = g->d[c];
    double pi2 = p * p - 2.0 * m * d;
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
    *env = par->beta * P / m * sqrt(p / pi)
         * exp(-par->beta * P * P / (2.0 * m) - 0.5 * par->dx * par->dx * diff * diff);
    double s, co;
    sincos(diff * par->x0, &s, &co);
    *shift = CMPLX(co, -s);
}

/* One entry's integrand from the amplitude tables at this node. */
static inline double complex entry_value(const ngrid *g, const nentry *c)
{
    int n = g->n, nn = n * n;
    double e = g->env[c->cls];
    if (e == 0.0)
        return 0.0;
    double complex a1 = g->sp[c->o1 * nn + c->jp * n + c->j];
    if (c->population)
        return e * (creal(a1) * creal(a1) + cimag(a1) * cimag(a1));
    double complex a2 = g->sp[c->o2 * nn + c->kp * n + c->k];
    double complex amp = a1 * conj(a2);
    if (g->exact)
        amp += g->sm[c->o1 * nn + c->jp * n + c->j] * conj(g->sm[c->o2 * nn + c->kp * n + c->k]);
    return e * g->shift[c->cls] * amp;
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
            approx_at(g, ep + g->off[o], g->sp + o * nn);
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

/* The change of variable of one panel, p(t) on t in [0, 1]. */
typedef struct panel_map {
    double p0, p1, len;
    int sing_left, sing_right;
} panel_map;

/* GL on [ta, tb] of one panel for the active entries (index < n_act in
 * act[]): sums into out[]. */
static int panel_gl(ngrid *g, const panel_map *pm, double ta, double tb, const int *act,
                    int n_act, double complex *out)
{
    for (int i = 0; i < n_act; i++)
        out[i] = 0.0;
    double h = tb - ta, len = pm->len;
    for (int qn = 0; qn < GL_ORDER; qn++) {
        double t = ta + h * g->node[qn], base, off, jac;
        cr_panel_point(pm->p0, pm->p1, len, pm->sing_left, pm->sing_right, t, &base, &off, &jac);
        int st = amplitudes_at(g, base, off);
        if (st != CR_OK)
            return st;
        double p = base + off;
        for (int c = 0; c < g->n_cls; c++)
            envelope(g, c, p, &g->env[c], &g->shift[c]);
        double wj = h * g->weight[qn] * jac;
        for (int i = 0; i < n_act; i++)
            out[i] += wj * entry_value(g, &g->e[act[i]]);
    }
    return CR_OK;
}

/* Bisect until the halves reproduce the whole for every active entry;
 * the refined sum in out. */
static int panel_adapt(ngrid *g, const panel_map *pm, double ta, double tb, const int *act,
                       int n_act, const double complex *whole, const double *scale,
                       double complex *out, int depth)
{
    double tm = 0.5 * (ta + tb);
    /* Scratch of this depth: left, right, the right half's refinement. */
    double complex *buf = g->scratch + (size_t)depth * 3 * (size_t)g->ne;
    double complex *l = buf, *r = buf + n_act, *o2 = buf + 2 * n_act;
    int st = panel_gl(g, pm, ta, tm, act, n_act, l);
    if (st == CR_OK)
        st = panel_gl(g, pm, tm, tb, act, n_act, r);
    if (st != CR_OK)
        return st;
    /* Depth and a budget per threshold panel bound the work where the
     * halves never agree (a feature below round-off). */
    g->adapt_left--;
    int ok = depth >= MAX_DEPTH || g->adapt_left <= 0;
    double tol = ADAPT_TOL * (tb - ta);
    for (int i = 0; i < n_act && !ok; i++) {
        double complex dv = l[i] + r[i] - whole[i];
        double t = tol * scale[i];
        if (!(creal(dv) * creal(dv) + cimag(dv) * cimag(dv) <= t * t))
            break;
        if (i == n_act - 1)
            ok = 1;
    }
    if (ok || n_act == 0) {
        for (int i = 0; i < n_act; i++)
            out[i] = l[i] + r[i];
        return CR_OK;
    }
    st = panel_adapt(g, pm, ta, tm, act, n_act, l, scale, out, depth + 1);
    if (st == CR_OK)
        st = panel_adapt(g, pm, tm, tb, act, n_act, r, scale, o2, depth + 1);
    if (st == CR_OK)
        for (int i = 0; i < n_act; i++)
            out[i] += o2[i];
    return st;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int unique_sorted(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || v[i] > v[u - 1] * (1.0 + 1e-15) + 1e-300)
            v[u++] = v[i];
    return u;
}

/* Momenta where E_p + off_o reaches a level (exact: every E_j and w_n;
 * approx: e_max) for the given offsets; appended to out. */
static int thresholds(const ngrid *g, const int *offs, int n_offs, double *out, int nb,
                      int all_levels)
{
    double m2 = 2.0 * g->par->mass;
    for (int i = 0; i < n_offs; i++) {
        int o = offs[i];
        if (all_levels) {
            for (int x = 0; x < g->n_lev; x++)
                if (g->thr[o * MAX_LEVELS + x] > 0.0)
                    out[nb++] = g->thr[o * MAX_LEVELS + x];
        } else {
            double ek = g->sys->e_max - g->off[o];
            if (ek > 0.0)
                out[nb++] = sqrt(m2 * ek);
        }
    }
    return nb;
}

/* The phases that bound how fast the integrands turn at p: per offset
 * L·q_n and L·k_j at max(E, e_max) (θ = L(q_n - (k_a + k_b)/2) of Eq. S1,
 * which also describes exact transmission), the reflection's L·q_n at E,
 * and per class the packet's p - π. */
typedef struct phase_point {
    double *lq, *lk, *rq, *shift; /* [o * N + i], [c] */
    double *E;
} phase_point;

static void phase_at(const ngrid *g, double p, phase_point *pp)
{
    const cr_nsystem *sys = g->sys;
    int n = g->n;
    double m2 = 2.0 * g->par->mass, L = g->par->length;
    for (int o = 0; o < g->n_off; o++) {
        double E = p * p / m2 + g->off[o], Ec = fmax(E, sys->e_max);
        pp->E[o] = E;
        for (int i = 0; i < n; i++) {
            pp->lq[o * n + i] = L * sqrt(m2 * (Ec - sys->w[i]));
            pp->lk[o * n + i] = L * sqrt(m2 * (Ec - sys->e[i]));
            pp->rq[o * n + i] = g->exact ? 2.0 * L * sqrt(fmax(0.0, m2 * (E - sys->w[i]))) : 0.0;
        }
    }
    for (int c = 0; c < g->n_cls; c++) {
        double m2d = m2 * g->d[c];
        double pi2 = p * p - m2d, sum = p + sqrt(pi2 > 0.0 ? pi2 : 0.0);
        pp->shift[c] = m2d == 0.0 ? 0.0 : sum > 0.0 ? m2d / sum : sqrt(fabs(m2d));
    }
}

/* A bound on the radians any active entry's integrand turns through
 * between phase points A and B (all phases monotonic in p). */
static double phase_bound(const ngrid *g, const int *act, int n_act, const phase_point *A,
                          const phase_point *B, double *per_off)
{
    int n = g->n;
    double reflect_range = REFLECT_RANGE * g->vscale;
    for (int o = 0; o < g->n_off; o++) {
        if (!g->need[o]) {
            per_off[o] = 0.0;
            continue;
        }
        double qmin = INFINITY, qmax = 0.0, kmin = INFINITY, kmax = 0.0, rmax = 0.0;
        for (int i = 0; i < n; i++) {
            double dq = B->lq[o * n + i] - A->lq[o * n + i];
            double dk = 0.5 * (B->lk[o * n + i] - A->lk[o * n + i]);
            qmin = fmin(qmin, dq); qmax = fmax(qmax, dq);
            kmin = fmin(kmin, dk); kmax = fmax(kmax, dk);
            rmax = fmax(rmax, B->rq[o * n + i] - A->rq[o * n + i]);
        }
        /* θ = L(q_n - (k_a + k_b)/2) changes by at most this. */
        double th = fmax(fabs(qmax - 2.0 * kmin), fabs(2.0 * kmax - qmin));
        /* |s|² (an approx population) beats with L(q_n - q_m). */
        th = fmax(th, qmax - qmin);
        if (g->exact && A->E[o] - g->sys->e_max < reflect_range)
            th += rmax;
        per_off[o] = th;
    }
    double x0 = fabs(g->par->x0), ph = 0.0;
    for (int a = 0; a < n_act; a++) {
        const nentry *c = &g->e[act[a]];
        double total = x0 * fabs(B->shift[c->cls] - A->shift[c->cls]) + per_off[c->o1];
        if (!c->population)
            total += per_off[c->o2];
        ph = fmax(ph, total);
    }
    return ph;
}

/* The active entries on a panel starting at p0 (low <= p0, up to
 * round-off: a lower end and the threshold at the same momentum may
 * differ in the last bit, and the break kept is either; the integrand is
 * zero below the lower end), and the offsets they need. */
static int active_set(ngrid *g, double p0, int *act)
{
    int n_act = 0;
    for (int o = 0; o < g->n_off; o++)
        g->need[o] = 0;
    for (int i = 0; i < g->ne; i++)
        if (g->e[i].low <= p0 * (1.0 + 1e-14) && g->e[i].low < g->pmax) {
            act[n_act++] = i;
            g->need[g->e[i].o1] = 1;
            g->need[g->e[i].o2] = 1;
        }
    return n_act;
}

/* Integrate every entry of g over [low, pmax] on shared panels. */
static int grid_integrate(ngrid *g, double complex *sum)
{
    int n = g->n, nb = 0, ns = 0;
    size_t cap_b = (size_t)g->ne + (size_t)g->n_off * MAX_LEVELS + 2;
    double *br = malloc(sizeof(double) * cap_b);
    double *sing = malloc(sizeof(double) * cap_b);
    int *act = malloc(sizeof(int) * (size_t)g->ne);
    int *all_off = malloc(sizeof(int) * (size_t)g->n_off);
    double complex *pf = malloc(sizeof(double complex) * (size_t)g->ne);
    double complex *fine = malloc(sizeof(double complex) * (size_t)g->ne);
    double *scale = malloc(sizeof(double) * (size_t)g->ne);
    double *per_off = malloc(sizeof(double) * (size_t)g->n_off);
    double *ppbuf = malloc(sizeof(double) * 2 * ((size_t)g->n_off * (3 * (size_t)n + 1)
                                                 + (size_t)g->n_cls));
    int st = CR_OK;
    if (!br || !sing || !act || !all_off || !pf || !fine || !scale || !per_off || !ppbuf) {
        st = CR_ENOMEM;
        goto done;
    }
    phase_point A, B;
    {
        double *q = ppbuf;
        size_t no = (size_t)g->n_off * (size_t)n;
        A.lq = q; q += no; A.lk = q; q += no; A.rq = q; q += no;
        A.E = q; q += g->n_off; A.shift = q; q += g->n_cls;
        B.lq = q; q += no; B.lk = q; q += no; B.rq = q; q += no;
        B.E = q; q += g->n_off; B.shift = q;
    }
    for (int i = 0; i < g->ne; i++)
        sum[i] = 0.0;
    double lo = g->pmax;
    for (int i = 0; i < g->ne; i++) {
        lo = fmin(lo, g->e[i].low);
        if (g->e[i].low < g->pmax)
            br[nb++] = g->e[i].low;
    }
    if (!(lo < g->pmax))
        goto done;
    for (int o = 0; o < g->n_off; o++)
        all_off[o] = o;
    /* An entry's breaks are the thresholds of its two energies above its
     * lower end (as cr_smap_entry_breaks): per energy, those above the
     * lowest lower end of the entries that use it. */
    for (int o = 0; o < g->n_off; o++)
        per_off[o] = INFINITY;
    for (int i = 0; i < g->ne; i++) {
        per_off[g->e[i].o1] = fmin(per_off[g->e[i].o1], g->e[i].low);
        per_off[g->e[i].o2] = fmin(per_off[g->e[i].o2], g->e[i].low);
    }
    for (int o = 0; o < g->n_off; o++) {
        int from = nb;
        nb = thresholds(g, &o, 1, br, nb, g->exact);
        int u = from;
        for (int b = from; b < nb; b++)
            if (br[b] > per_off[o])
                br[u++] = br[b];
        nb = u;
    }
    br[nb++] = g->pmax;
    nb = unique_sorted(br, nb);
    while (nb > 0 && br[nb - 1] > g->pmax)
        nb--;
    sing[ns++] = 0.0;
    for (int c = 0; c < g->n_cls; c++)
        if (g->d[c] > 0.0)
            sing[ns++] = sqrt(2.0 * g->par->mass * g->d[c]);
    ns = thresholds(g, all_off, g->n_off, sing, ns, 1);
    ns = unique_sorted(sing, ns);
    /* A level just below an amplitude energy's offset puts a branch point
     * at imaginary p = i√(2m·(off - level)), close to the real axis: the
     * integrand varies on that scale near p = 0 (e.g. a w_n just below
     * e_max = E_{N-1}).  Panels grade towards it too. */
    double b_min = INFINITY;
    for (int o = 0; o < g->n_off; o++)
        for (int x = 0; x < g->n_lev; x++) {
            double gap = g->gap[o * MAX_LEVELS + x];
            if (gap < 0.0)
                b_min = fmin(b_min, sqrt(-2.0 * g->par->mass * gap));
        }

    double h_mu = PANEL_MU * sqrt(g->par->mass / g->par->beta);
    double max_phase = g->exact ? PANEL_PHASE_EXACT : PANEL_PHASE;
    int panels = 0;
    for (int b = 0; b + 1 < nb; b++) {
        double a = br[b], z = br[b + 1];
        if (a < lo)
            continue;
        int n_act = active_set(g, a, act);
        if (n_act == 0)
            continue;
        double p0 = a;
        while (p0 < z && panels < MAX_PANELS) {
            double width = fmin(h_mu, PANEL_DECAY * g->par->mass / (g->par->beta * p0));
            width = fmin(width, PANEL_GRADE * hypot(p0, b_min));
            for (int q = ns - 1; q >= 0; q--)
                if (sing[q] < p0 * (1.0 - 1e-12)) {
                    width = fmin(width, PANEL_GRADE * (p0 - sing[q]));
                    break;
                }
            phase_at(g, p0, &A);
            for (int it = 0; it < 60; it++) {
                double pb = fmin(p0 + width, z);
                phase_at(g, pb, &B);
                double ph = phase_bound(g, act, n_act, &A, &B, per_off);
                if (ph <= max_phase)
                    break;
                width *= fmax(0.1, 0.9 * max_phase / ph);
            }
            double p1 = p0 + width;
            if (p1 > z - 0.25 * width)
                p1 = z;
            int sing_left = (p0 == a), sing_right = (p1 == z && b + 2 < nb);
            panel_map pm = { p0, p1, p1 - p0, sing_left, sing_right };
            st = panel_gl(g, &pm, 0.0, 1.0, act, n_act, pf);
            if (st != CR_OK)
                goto done;
            if (g->exact && (sing_left || sing_right)) {
                /* Exact amplitudes vary near a threshold on scales no
                 * a-priori rule sees: bisect until the halves agree.  A
                 * transfer probability is refined relative to its size. */
                for (int i = 0; i < n_act; i++) {
                    const nentry *c = &g->e[act[i]];
                    /* A transfer's amplitude has absolute round-off ~1e-15,
                     * so its integral is known to ~1e-15 √|it| at best: the
                     * square-root floor keeps the tolerance above that
                     * (relative 1e-12 for a transfer of 1e-4), where a
                     * purely relative one (the qubit's) would refine a
                     * transfer of 1e-20 forever. */
                    double size = cabs(pf[i]);
                    scale[i] = c->transfer ? 1e-2 * fmin(1.0, size) + 1e-3 * sqrt(size) + 1e-300 : 1.0;
                }
                g->adapt_left = ADAPT_BUDGET;
                st = panel_adapt(g, &pm, 0.0, 1.0, act, n_act, pf, scale, fine, 0);
                if (st != CR_OK)
                    goto done;
                memcpy(pf, fine, sizeof(double complex) * (size_t)n_act);
            }
            for (int i = 0; i < n_act; i++)
                sum[act[i]] += pf[i];
            panels++;
            p0 = p1;
        }
    }
    if (panels >= MAX_PANELS) {
        g->panel_cap = 1;
        st = CR_ENUMERIC;
    }
done:
    free(br);
    free(sing);
    free(act);
    free(all_off);
    free(pf);
    free(fine);
    free(scale);
    free(per_off);
    free(ppbuf);
    return st;
}

static int grid_error(const ngrid *g, int st, char *err, size_t errlen)
{
    const cr_params *p = g->par;
    if (st == CR_ENOMEM)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    if (g->panel_cap)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "scattering map: S needs more than %d quadrature "
                        "panels: the integrand oscillates too fast over the thermal range "
                        "(mass/beta = %.3g, length = %.3g)",
                        (int)MAX_PANELS, p->mass / p->beta, p->length);
    const nentry *c = &g->e[g->failed_entry];
    return cr_error(err, errlen, st,
                    "scattering map: S^{%d%d}_{%d%d}: exact amplitudes failed "
                    "(singular matching) at E_p = %.6g",
                    c->j, c->k, c->jp, c->kp, g->failed_p * g->failed_p / (2.0 * p->mass));
}

/* The map from the computed entries (mirrors from Hermiticity). */
static int fill_map(const ngrid *g, const double complex *v, int half, cr_nmap *out,
                    char *err, size_t errlen)
{
    int n = g->n, n2 = n * n;
    memset(out, 0, sizeof *out);
    out->n = n;
    for (int i = 0; i < g->ne; i++) {
        const nentry *c = &g->e[i];
        double complex x = c->self_conj && half ? creal(v[i]) : v[i];
        out->m[c->row * n2 + c->col] = x;
        if (half) {
            int row2 = c->kp * n + c->jp, col2 = c->k * n + c->j;
            out->m[row2 * n2 + col2] = conj(x);
        }
    }
    for (int i = 0; i < n2 * n2; i++)
        if (!isfinite(creal(out->m[i])) || !isfinite(cimag(out->m[i])))
            return cr_error(err, errlen, CR_ENUMERIC,
                            "scattering map: non-finite entry S[%d][%d]", i / n2, i % n2);
    return CR_OK;
}

/* Validated parameters, their system and the grid of entries (half as
 * grid_init: 1 integrates half the entries, Hermiticity giving the rest;
 * 0 all of them, for the reference); sys must outlive g. */
static int grid_setup(ngrid *g, cr_nsystem *sys, const cr_params *p, int half,
                      char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st == CR_OK)
        st = cr_nsystem_init(sys, p, err, errlen);
    if (st == CR_OK)
        st = grid_init(g, p, sys, half, err, errlen);
    return st;
}

int cr_nmap_general(const cr_params *p, cr_nmap *out, char *err, size_t errlen)
{
    cr_nsystem sys;
    ngrid g;
    int st = grid_setup(&g, &sys, p, 1, err, errlen);
    if (st != CR_OK)
        return st;
    double complex *sum = malloc(sizeof(double complex) * (size_t)g.ne);
    if (sum == NULL) {
        grid_free(&g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    }
    st = grid_integrate(&g, sum);
    if (st != CR_OK)
        st = grid_error(&g, st, err, errlen);
    else
        st = fill_map(&g, sum, 1, out, err, errlen);
    free(sum);
    grid_free(&g);
    return st;
}

/* ---- the adaptive reference ------------------------------------------ */

typedef struct ref_ctx {
    ngrid *g;
    const nentry *c;
    int imag, status;
    double a, len; /* segment in the smoothstep variable */
} ref_ctx;

static double complex ref_integrand(ref_ctx *r, double p)
{
    ngrid *g = r->g;
    const nentry *c = r->c;
    if (!(p > 0.0))
        return 0.0;
    for (int o = 0; o < g->n_off; o++)
        g->need[o] = o == c->o1 || o == c->o2;
    int st = amplitudes_at(g, p, 0.0);
    if (st != CR_OK) {
        r->status = st;
        return 0.0;
    }
    envelope(g, c->cls, p, &g->env[c->cls], &g->shift[c->cls]);
    return entry_value(g, c);
}

static double ref_fn(double p, void *arg)
{
    ref_ctx *r = arg;
    double complex v = ref_integrand(r, p);
    return r->imag ? cimag(v) : creal(v);
}

static double seg_fn(double t, void *arg)
{
    ref_ctx *r = arg;
    double p = r->a + r->len * t * t * (3.0 - 2.0 * t);
    return 6.0 * r->len * t * (1.0 - t) * ref_fn(p, r);
}

/* QAG (61-point Gauss–Kronrod) on one segment in the smoothstep
 * variable.  Where round-off stops it short of the tolerance (a sharp
 * feature between nearly coincident thresholds, small λ), the segment is
 * halved, up to 10 times; a result already at round-off level (abserr
 * within 1e3 epsabs or 1e-10 relative) is accepted as it is. */
static int ref_segment(ref_ctx *rc, double epsabs, double epsrel, size_t limit,
                       gsl_integration_workspace *ws, double *result, int depth)
{
    gsl_function f = { seg_fn, rc };
    double res = 0.0, abserr = 0.0;
    int gst = gsl_integration_qag(&f, 0.0, 1.0, epsabs, epsrel, limit, GSL_INTEG_GAUSS61, ws,
                                  &res, &abserr);
    if (gst == GSL_SUCCESS || rc->status != CR_OK
        || (gst == GSL_EROUND && abserr <= fmax(1e3 * epsabs, 1e-10 * fabs(res)))) {
        *result = res;
        return rc->status != CR_OK ? GSL_FAILURE : GSL_SUCCESS;
    }
    if (depth >= 10)
        return gst;
    double a = rc->a, len = rc->len, left = 0.0, right = 0.0;
    rc->len = 0.5 * len;
    gst = ref_segment(rc, 0.5 * epsabs, epsrel, limit, ws, &left, depth + 1);
    if (gst == GSL_SUCCESS) {
        rc->a = a + 0.5 * len;
        gst = ref_segment(rc, 0.5 * epsabs, epsrel, limit, ws, &right, depth + 1);
    }
    rc->a = a;
    rc->len = len;
    *result = left + right;
    return gst;
}

int cr_nmap_reference(const cr_params *p, double epsabs, double epsrel,
                      cr_nmap *out, char *err, size_t errlen)
{
    cr_nsystem sys;
    ngrid g;
    int st = grid_setup(&g, &sys, p, 0, err, errlen);
    if (st != CR_OK)
        return st;
    enum { LIMIT = 4000 };
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(LIMIT);
    double complex *sum = malloc(sizeof(double complex) * (size_t)g.ne);
    if (ws == NULL || sum == NULL) {
        gsl_integration_workspace_free(ws);
        free(sum);
        grid_free(&g);
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
        nb = thresholds(&g, offs, 2, br, nb, g.exact);
        nb = unique_sorted(br, nb);
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
            /* QAG per segment in the smoothstep variable (square-root
             * end-point behaviour becomes smooth). */
            for (int b = 0; b + 1 < nb && st == CR_OK; b++) {
                ref_ctx rc = { &g, c, im, CR_OK, br[b], br[b + 1] - br[b] };
                double res = 0.0;
                int gst = ref_segment(&rc, epsabs / (nb - 1), epsrel, LIMIT, ws, &res, 0);
                if (gst != GSL_SUCCESS || rc.status != CR_OK)
                    st = cr_error(err, errlen, CR_ENUMERIC,
                                  "scattering map reference: S^{%d%d}_{%d%d} %s part: %s",
                                  c->j, c->k, c->jp, c->kp, im ? "imaginary" : "real",
                                  gst != GSL_SUCCESS ? gsl_strerror(gst) : "amplitude failure");
                part[im] += res;
            }
        }
        sum[i] = CMPLX(part[0], part[1]);
    }
    if (st == CR_OK)
        st = fill_map(&g, sum, 0, out, err, errlen);
    gsl_integration_workspace_free(ws);
    free(sum);
    grid_free(&g);
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
