/* smap_panels.c — the production quadrature of the scattering map
 * (Eq. 17): every computed entry on one set of Gauss–Legendre panels, so
 * that each node costs one amplitude evaluation per distinct energy
 * (E_p + e_j and E_p + e_{k'} - Δ_{j'j}: three offsets for the qubit) and
 * one envelope per distinct d = Δ_{j'j} - Δ_{k'k}, shared by all entries.
 *
 * The panels depend on nothing but the parameters other than Δx (the
 * Gaussian of Eq. 23 is ≤ 1, so the integrand without it bounds what the
 * adaptive refinement near thresholds must resolve).  Along Δx, then, the
 * nodes, the amplitudes and the envelope are one computation: a row of a
 * heat map keeps, per node, the integrand without its Gaussian and the
 * Gaussian's exponent, and each cell is a weighted sum of exponentials
 * (cr_smap_dx_prepare / cr_smap_dx_map). */
#include "config.h"

#include "colres/smap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "colres/amplitudes.h"
#include "colres/status.h"
#include "smap_entry.h"
#include "special.h"

/* Panel rule: GL_ORDER Gauss–Legendre nodes per panel; a panel spans at
 * most PANEL_MU thermal momenta √(m/β), PANEL_DECAY e-folds of μ's tail,
 * PANEL_GRADE times its distance to the nearest branch point behind it,
 * and turns the integrand of every entry through at most PANEL_PHASE
 * radians (PANEL_PHASE_EXACT for exact amplitudes, whose near-resonant
 * reflection sharpens features beyond what the phase bound sees), measured
 * by cr_smap_entry_phase() across the panel rather than from a rate at its
 * start.  Chosen by comparing with the adaptive reference over extreme
 * parameters (tests/check_smap.c): approx with phase 3, 5, 7 agreed to
 * 4e-12, 2e-12, 2e-12 up to m = 1e5, β = 1e-5; exact with 6 missed by 8e-9
 * at m = 100 (2: 1e-14), with 2 by 3.5e-9 at m = 1000, β = 1 (1.5: 3.2e-11). */
enum { GL_ORDER = 12, MAX_PANELS = 1 << 20 };
#define PANEL_MU 1.0
#define PANEL_PHASE 6.0
#define PANEL_PHASE_EXACT 1.5
#define PANEL_GRADE 1.5
#define PANEL_DECAY 8.0

/* Exact amplitudes vary near a channel threshold on scales no a-priori
 * rule sees (a quasi-bound state just below it): panels that touch a
 * threshold are bisected in t until the halves reproduce the whole. */
#define ADAPT_TOL 1e-11

enum {
    MAX_ENTRIES = 10, /* computed entries; Hermiticity gives the other 6 */
    MAX_OFFS = 4,     /* distinct amplitude energies E_p + off */
    MAX_CLASSES = 4,  /* distinct d, zero included */
    MAX_EDGES = 4 * MAX_BREAKS,
    /* A Δx row stores at most this many nodes (about 25 MB); beyond it,
     * cr_smap_dx_prepare() declines and the caller computes cell by cell. */
    MAX_ROW_NODES = 1 << 17
};

/* A Δx row: the entries with d = 0 carry no Gaussian and are summed once;
 * the others keep, per live node, weight × integrand without the Gaussian
 * (wf) and the Gaussian's exponent per unit Δx² (garg, per class of d). */
typedef struct dx_row {
    int ready;
    int too_large;                    /* the last prepare ran out of room */
    cr_params par;                    /* as prepared (dx aside) */
    int n_entries, row[MAX_ENTRIES], col[MAX_ENTRIES];
    int self_conj[MAX_ENTRIES];
    double complex constant[MAX_ENTRIES]; /* d = 0 entries: their integral */
    int n_var, var_entry[MAX_ENTRIES], var_class[MAX_ENTRIES];
    int n_vcls;                       /* classes with d != 0 */
    size_t n_nodes, cap;
    double *garg;                     /* [node * n_vcls + class] */
    double complex *wf;               /* [node * n_var + k] */
    unsigned char *dead;              /* replaced by a refinement */
} dx_row;

struct cr_smap_workspace {
    double node[GL_ORDER];   /* on [0, 1] */
    double weight[GL_ORDER];
    dx_row row;
};

cr_smap_workspace *cr_smap_alloc(void)
{
    cr_smap_workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GL_ORDER);
    if (t == NULL) {
        free(w);
        return NULL;
    }
    for (size_t i = 0; i < GL_ORDER; i++) {
        double x, wt;
        if (gsl_integration_glfixed_point(0.0, 1.0, i, &x, &wt, t) != GSL_SUCCESS) {
            gsl_integration_glfixed_table_free(t);
            free(w);
            return NULL;
        }
        w->node[i] = x;
        w->weight[i] = wt;
    }
    gsl_integration_glfixed_table_free(t);
    return w;
}

void cr_smap_free(cr_smap_workspace *w)
{
    if (w == NULL)
        return;
    free(w->row.garg);
    free(w->row.wf);
    free(w->row.dead);
    free(w);
}

/* Everything one map's quadrature shares across its entries. */
typedef struct grid {
    const cr_params *par;
    const cr_system *sys;
    const cr_smap_workspace *ws;
    int exact;
    double fine;
    double dx2;                        /* Δx² of the Gaussian (map path) */
    int n;                             /* computed entries */
    entry_ctx e[MAX_ENTRIES];
    int row[MAX_ENTRIES], col[MAX_ENTRIES];
    int o1[MAX_ENTRIES], o2[MAX_ENTRIES], cls[MAX_ENTRIES];
    int population[MAX_ENTRIES];       /* approx: μ|s|², Eq. 20 */
    double low[MAX_ENTRIES];           /* lower end of each integral */
    int n_off;
    double off[MAX_OFFS];
    double threshold_p[MAX_OFFS][4], gap[MAX_OFFS][4];
    int n_cls;
    double d[MAX_CLASSES];
    /* Storage of a Δx row (NULL: map path). */
    dx_row *store;
    int store_full;
    /* Failure. */
    int status, panel_cap;
    double failed_p;
    int failed_entry;
} grid;

static int find_or_add(double *v, int *n, double x)
{
    for (int i = 0; i < *n; i++)
        if (v[i] == x)
            return i;
    v[*n] = x;
    return (*n)++;
}

static void grid_init(grid *g, const cr_smap_workspace *ws, const cr_params *par,
                      const cr_system *sys, double fine)
{
    memset(g, 0, sizeof *g);
    g->par = par;
    g->sys = sys;
    g->ws = ws;
    g->exact = par->amplitudes == CR_AMP_EXACT;
    g->fine = fine;
    g->dx2 = par->dx * par->dx;
    for (int r = 0; r < 4; r++) {
        int jp = r / 2, kp = r % 2;
        for (int col = 0; col < 4; col++) {
            int j = col / 2, k = col % 2;
            /* Hermiticity preservation, S^{jk}_{j'k'} = conj S^{kj}_{k'j'}:
             * compute the first of each pair, mirror the other. */
            int r2 = CR_VEC(kp, jp), c2 = CR_VEC(k, j);
            if (r2 * 4 + c2 < r * 4 + col)
                continue;
            int i = g->n++;
            entry_ctx *c = &g->e[i];
            cr_smap_entry_init(c, par, sys, jp, kp, j, k);
            c->fine = fine;
            g->row[i] = r;
            g->col[i] = col;
            g->o1[i] = find_or_add(g->off, &g->n_off, c->off1);
            g->o2[i] = find_or_add(g->off, &g->n_off, c->off2);
            g->cls[i] = find_or_add(g->d, &g->n_cls, c->d);
            g->population[i] = !g->exact && jp == kp && j == k;
        }
    }
    double levels[4] = { sys->e[0], sys->e[1], sys->w[0], sys->w[1] };
    for (int o = 0; o < g->n_off; o++)
        for (int x = 0; x < 4; x++) {
            /* As cr_smap_entry_init and the breakpoints compute them, so
             * that a panel end at a threshold is that threshold exactly. */
            double ek = levels[x] - g->off[o];
            g->gap[o][x] = ek;
            g->threshold_p[o][x] = ek > 0.0 ? sqrt(2.0 * par->mass * ek) : 0.0;
        }
    g->status = CR_OK;
}

/* The approx amplitude (Eq. S1, amplitudes.c) at one energy, in the parts
 * that every entry shares: s⁺_{ab} = (δ_ab cos + gfac·h_ab) e^{iθ_ab}. */
typedef struct approx_amp {
    int identity;          /* below e_max: s⁺ = 1 */
    double cosine, gfac, sigma, k[2];
} approx_amp;

static void approx_at(const grid *g, double E, approx_amp *a)
{
    const cr_system *sys = g->sys;
    if (E < sys->e_max) {
        a->identity = 1;
        return;
    }
    a->identity = 0;
    double m2 = 2.0 * sys->mass, L = sys->length, R = sys->radius;
    double qa = sqrt(m2 * (E - R)), qb = sqrt(m2 * (E + R));
    a->sigma = 0.5 * (qa + qb);
    double ldq = -L * sys->mass * R / a->sigma, sinc;
    if (fabs(ldq) < 1e-4) {
        a->cosine = cos(ldq);
        sinc = cr_sinc(ldq);
    } else {
        double s;
        sincos(ldq, &s, &a->cosine);
        sinc = s / ldq;
    }
    a->gfac = (L * sys->mass / a->sigma) * sinc;
    a->k[0] = sqrt(m2 * (E - sys->e[0]));
    a->k[1] = sqrt(m2 * (E - sys->e[1]));
}

/* s⁺_{ab} = amp · e^{iθ}: returns amp, sets *theta. */
static double complex approx_entry(const grid *g, const approx_amp *a, int jp, int j,
                                   double *theta)
{
    if (a->identity) {
        *theta = 0.0;
        return jp == j ? 1.0 : 0.0;
    }
    *theta = g->sys->length * (a->sigma - 0.5 * (a->k[jp] + a->k[j]));
    double complex h = g->sys->htot[jp][j];
    /* -i·gfac·h */
    double complex amp = CMPLX(a->gfac * cimag(h), -a->gfac * creal(h));
    if (jp == j)
        amp += a->cosine;
    return amp;
}

/* Exact amplitudes at E_o(p), p = base + off: E_o - level as
 * (p - P)(p + P)/2m with p - P = (base - P) + off, which keeps the
 * distance to a threshold at a panel's end (base = P) to full relative
 * precision; elsewhere p²/2m - gap. */
static int exact_at(const grid *g, int o, double base, double off,
                    double complex sp[2][2], double complex sm[2][2])
{
    double m2 = 2.0 * g->par->mass, p = base + off, above[4];
    for (int x = 0; x < 4; x++) {
        double P = g->threshold_p[o][x];
        above[x] = P > 0.0 ? ((base - P) + off) * (p + P) / m2 : p * p / m2 - g->gap[o][x];
    }
    return cr_amp_exact_above(g->sys, above, above + 2, sp, sm);
}

/* The integrand of every entry at p = base + off: f[i], without the
 * Gaussian factor of Eq. 23 unless with_gauss (then joined into μ's
 * exponential); the Gaussian is exp(Δx² · garg[class]).  Returns CR_OK, or
 * the amplitudes' failure (f then undefined). */
static int grid_node(grid *g, double base, double off, int with_gauss,
                     double complex f[MAX_ENTRIES], double garg[MAX_CLASSES])
{
    const cr_params *par = g->par;
    double p = base + off, m = par->mass;
    double env[MAX_CLASSES];
    double complex shift[MAX_CLASSES];
    for (int c = 0; c < g->n_cls; c++) {
        double pi2 = p * p - 2.0 * m * g->d[c];
        garg[c] = 0.0;
        if (pi2 <= 0.0 || p <= 0.0) {
            env[c] = 0.0;
            shift[c] = 0.0;
            continue;
        }
        if (g->d[c] == 0.0) { /* π = p: no packet phase, no Gaussian */
            env[c] = par->beta * p / m * exp(-par->beta * p * p / (2.0 * m));
            shift[c] = g->exact ? 1.0 : 0.0;
            continue;
        }
        double pi = sqrt(pi2);
        double diff = 2.0 * m * g->d[c] / (p + pi); /* p - π, without cancellation */
        double P = 0.5 * (p + pi);
        /* μ((p+π)/2) of Eq. 23, with the Gaussian in one exponential. */
        garg[c] = -0.5 * diff * diff;
        env[c] = par->beta * P / m * sqrt(p / pi)
               * exp(-par->beta * P * P / (2.0 * m) + (with_gauss ? g->dx2 * garg[c] : 0.0));
        if (g->exact) {
            double s, co;
            sincos(diff * par->x0, &s, &co);
            shift[c] = CMPLX(co, -s);
        } else {
            shift[c] = diff * par->x0; /* a phase, joined below */
        }
    }
    double ep = p * p / (2.0 * m);
    if (!g->exact) {
        approx_amp a[MAX_OFFS];
        for (int o = 0; o < g->n_off; o++)
            approx_at(g, ep + g->off[o], &a[o]);
        for (int i = 0; i < g->n; i++) {
            const entry_ctx *c = &g->e[i];
            double th1, th2, e = env[g->cls[i]];
            if (e == 0.0) {
                f[i] = 0.0;
                continue;
            }
            double complex g1 = approx_entry(g, &a[g->o1[i]], c->jp, c->j, &th1);
            if (g->population[i]) {
                f[i] = e * (creal(g1) * creal(g1) + cimag(g1) * cimag(g1));
                continue;
            }
            double complex g2 = approx_entry(g, &a[g->o2[i]], c->kp, c->k, &th2);
            double s, co;
            /* One sincos for the packet's phase and both amplitudes'; the
             * product e·g1·conj(g2)·e^{iφ} in real arithmetic (finite
             * operands: no C99 Annex G recovery needed). */
            sincos(th1 - th2 - creal(shift[g->cls[i]]), &s, &co);
            double ar = creal(g1), ai = cimag(g1), br = creal(g2), bi = cimag(g2);
            double ur = ar * br + ai * bi, ui = ai * br - ar * bi; /* g1·conj(g2) */
            f[i] = CMPLX(e * (ur * co - ui * s), e * (ur * s + ui * co));
        }
        return CR_OK;
    }
    double complex sp[MAX_OFFS][2][2], sm[MAX_OFFS][2][2];
    for (int o = 0; o < g->n_off; o++) {
        int st = exact_at(g, o, base, off, sp[o], sm[o]);
        if (st != CR_OK) {
            g->failed_p = p;
            for (int i = 0; i < g->n; i++)
                if (g->o1[i] == o || g->o2[i] == o) {
                    g->failed_entry = i;
                    break;
                }
            return st;
        }
    }
    for (int i = 0; i < g->n; i++) {
        const entry_ctx *c = &g->e[i];
        int k = g->cls[i];
        double complex amp = sp[g->o1[i]][c->jp][c->j] * conj(sp[g->o2[i]][c->kp][c->k])
                           + sm[g->o1[i]][c->jp][c->j] * conj(sm[g->o2[i]][c->kp][c->k]);
        f[i] = env[k] * shift[k] * amp;
    }
    return CR_OK;
}

/* The change of variable of one panel, p(t) on t in [0, 1]. */
typedef struct panel_map {
    double p0, p1, len;
    int sing_left, sing_right;
} panel_map;

/* Append one node to the Δx row (or mark the row full). */
static void store_node(grid *g, double wj, const double complex f[MAX_ENTRIES],
                       const double garg[MAX_CLASSES])
{
    dx_row *r = g->store;
    if (g->store_full)
        return;
    if (r->n_nodes == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        if (cap > MAX_ROW_NODES) {
            g->store_full = 1;
            return;
        }
        double *ga = realloc(r->garg, sizeof(double) * cap * MAX_CLASSES);
        if (ga != NULL)
            r->garg = ga;
        double complex *wf = realloc(r->wf, sizeof(double complex) * cap * MAX_ENTRIES);
        if (wf != NULL)
            r->wf = wf;
        unsigned char *dd = realloc(r->dead, cap);
        if (dd != NULL)
            r->dead = dd;
        if (ga == NULL || wf == NULL || dd == NULL) {
            g->store_full = 1;
            return;
        }
        r->cap = cap;
    }
    size_t n = r->n_nodes++;
    for (int c = 0; c < r->n_vcls; c++)
        r->garg[n * (size_t)r->n_vcls + (size_t)c] = garg[c + 1];
    for (int k = 0; k < r->n_var; k++)
        r->wf[n * (size_t)r->n_var + (size_t)k] = wj * f[r->var_entry[k]];
    r->dead[n] = 0;
}

/* GL on [ta, tb] of one panel: sums of every entry with the Gaussian
 * (full) and, if want_free, without it (free_, the refinement's
 * Δx-independent measure; else a copy of full).  Stored nodes (Δx row)
 * start at *first. */
static int panel_gl(grid *g, const panel_map *pm, double ta, double tb, int want_free,
                    double complex full[MAX_ENTRIES], double complex free_[MAX_ENTRIES],
                    size_t *first)
{
    want_free = want_free || g->store != NULL;
    const cr_smap_workspace *w = g->ws;
    for (int i = 0; i < g->n; i++)
        full[i] = free_[i] = 0.0;
    if (g->store != NULL)
        *first = g->store->n_nodes;
    double h = tb - ta, len = pm->len;
    for (int q = 0; q < GL_ORDER; q++) {
        /* p = base + off, with base the nearer end that is a threshold. */
        double t = ta + h * w->node[q], base, off, jac;
        if (pm->sing_left && pm->sing_right) {
            double u = 1.0 - t;
            base = t <= 0.5 ? pm->p0 : pm->p1;
            off = t <= 0.5 ? len * t * t * (3.0 - 2.0 * t) : -len * u * u * (1.0 + 2.0 * t);
            jac = 6.0 * len * t * u;
        } else if (pm->sing_left) {
            base = pm->p0;
            off = len * t * t;
            jac = 2.0 * len * t;
        } else if (pm->sing_right) {
            double u = 1.0 - t;
            base = pm->p1;
            off = -len * u * u;
            jac = 2.0 * len * u;
        } else {
            base = pm->p0;
            off = len * t;
            jac = len;
        }
        double complex f[MAX_ENTRIES];
        double garg[MAX_CLASSES], gauss[MAX_CLASSES];
        int st = grid_node(g, base, off, !want_free, f, garg);
        if (st != CR_OK)
            return st;
        double wj = h * w->weight[q] * jac;
        if (!want_free) {
            for (int i = 0; i < g->n; i++)
                full[i] += CMPLX(wj * creal(f[i]), wj * cimag(f[i]));
            continue;
        }
        for (int c = 0; c < g->n_cls; c++)
            gauss[c] = g->d[c] == 0.0 ? 1.0 : exp(g->dx2 * garg[c]);
        for (int i = 0; i < g->n; i++) {
            double complex v = wj * f[i];
            free_[i] += v;
            full[i] += v * gauss[g->cls[i]];
        }
        if (g->store != NULL)
            store_node(g, wj, f, garg);
    }
    if (!want_free)
        memcpy(free_, full, sizeof(double complex) * MAX_ENTRIES);
    return CR_OK;
}

static void kill_range(grid *g, size_t first, size_t end)
{
    if (g->store != NULL && !g->store_full)
        for (size_t n = first; n < end; n++)
            g->store->dead[n] = 1;
}

/* Bisect until the halves reproduce the whole for every entry (without
 * the Gaussian: the node set must not depend on Δx); adds the refined
 * sums minus the whole's to acc_full / acc_free. */
static int panel_adapt(grid *g, const panel_map *pm, double ta, double tb,
                       const double complex whole[MAX_ENTRIES], const double scale[MAX_ENTRIES],
                       double complex out_full[MAX_ENTRIES], double complex out_free[MAX_ENTRIES],
                       int depth)
{
    double tm = 0.5 * (ta + tb);
    double complex lf[MAX_ENTRIES], lo[MAX_ENTRIES], rf[MAX_ENTRIES], ro[MAX_ENTRIES];
    size_t lfirst = 0, rfirst = 0;
    int st = panel_gl(g, pm, ta, tm, 1, lf, lo, &lfirst);
    if (st == CR_OK)
        st = panel_gl(g, pm, tm, tb, 1, rf, ro, &rfirst);
    if (st != CR_OK)
        return st;
    int ok = depth >= 30;
    if (!ok) {
        ok = 1;
        double tol = ADAPT_TOL * g->fine * g->fine * (tb - ta);
        for (int i = 0; i < g->n && ok; i++) {
            double complex dv = lo[i] + ro[i] - whole[i];
            if (!(creal(dv) * creal(dv) + cimag(dv) * cimag(dv)
                  <= (tol * scale[i]) * (tol * scale[i])))
                ok = 0;
        }
    }
    if (ok) {
        for (int i = 0; i < g->n; i++) {
            out_full[i] = lf[i] + rf[i];
            out_free[i] = lo[i] + ro[i];
        }
        return CR_OK;
    }
    size_t end = g->store != NULL ? g->store->n_nodes : 0;
    kill_range(g, lfirst, end);
    double complex af[MAX_ENTRIES], ao[MAX_ENTRIES], bf[MAX_ENTRIES], bo[MAX_ENTRIES];
    st = panel_adapt(g, pm, ta, tm, lo, scale, af, ao, depth + 1);
    if (st == CR_OK)
        st = panel_adapt(g, pm, tm, tb, ro, scale, bf, bo, depth + 1);
    if (st != CR_OK)
        return st;
    for (int i = 0; i < g->n; i++) {
        out_full[i] = af[i] + bf[i];
        out_free[i] = ao[i] + bo[i];
    }
    return CR_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted union of v (n values), dropping values within 1e-15 relative of
 * the previous one; returns the new count. */
static int unique_sorted(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || v[i] > v[u - 1] * (1.0 + 1e-15) + 1e-300)
            v[u++] = v[i];
    return u;
}

/* The lower end of entry i's integral: p_inf, or for approx amplitudes
 * above which an off-diagonal amplitude is not zero (Eq. S1 is the
 * identity below e_max). */
static double entry_low(const grid *g, const entry_ctx *c)
{
    double lo = c->p_inf;
    if (!g->exact) {
        double m2 = 2.0 * g->par->mass, e_max = g->sys->e_max;
        if (c->jp != c->j && e_max > c->off1)
            lo = fmax(lo, sqrt(m2 * (e_max - c->off1)));
        if (c->kp != c->k && e_max > c->off2)
            lo = fmax(lo, sqrt(m2 * (e_max - c->off2)));
    }
    return lo;
}

/* Reflection is resolved only while E - e_max < REFLECT_RANGE·V (V = R + Δ,
 * the potential's scale): beyond, |s⁻| ~ V/(2(E - e_max)) < 5e-5 and the
 * e^{2iqL} modulation it puts on |s|² averages out over the panels.  At
 * the paper's physical example (exact, m = 66086, β = 4.3e-5) ranges 1e5,
 * 1e4, 1e3 gave maps within 1.2e-11 and 3.4e-10 of each other. */
#define REFLECT_RANGE 1e4

/* The phases that bound how fast the integrands turn, at one momentum p,
 * for every amplitude energy E_o and class of d: the approx beat L·mR/σ
 * between the two modes of H_tot (which |s|² follows) and θ_{ab} =
 * L(σ - (k_a + k_b)/2) by a + b (below e_max Eq. S1 is the identity: the
 * phases stay at their e_max values); for exact amplitudes the internal
 * wave numbers q_n; and the packet's p - π = 2md/(p + π) (Eq. 23). */
typedef struct phase_point {
    double E[MAX_OFFS], beat[MAX_OFFS], theta[MAX_OFFS][3], q[MAX_OFFS][2];
    double shift[MAX_CLASSES];
} phase_point;

static void phase_at(const grid *g, double p, phase_point *pp)
{
    const cr_system *sys = g->sys;
    double m2 = 2.0 * g->par->mass, L = g->par->length, R = sys->radius;
    for (int o = 0; o < g->n_off; o++) {
        double E = p * p / m2 + g->off[o], Ec = E > sys->e_max ? E : sys->e_max;
        pp->E[o] = E;
        double sigma = 0.5 * (sqrt(m2 * (Ec - R)) + sqrt(m2 * (Ec + R)));
        double k0 = sqrt(m2 * (Ec - sys->e[0])), k1 = sqrt(m2 * (Ec - sys->e[1]));
        pp->beat[o] = L * g->par->mass * R / sigma;
        pp->theta[o][0] = L * (sigma - 0.5 * (k0 + k0));
        pp->theta[o][1] = L * (sigma - 0.5 * (k0 + k1));
        pp->theta[o][2] = L * (sigma - 0.5 * (k1 + k1));
        if (g->exact)
            for (int n = 0; n < 2; n++)
                pp->q[o][n] = sqrt(fmax(0.0, m2 * (E - sys->w[n])));
    }
    for (int c = 0; c < g->n_cls; c++) {
        double m2d = m2 * g->d[c];
        double pi2 = p * p - m2d, sum = p + sqrt(pi2 > 0.0 ? pi2 : 0.0);
        pp->shift[c] = m2d == 0.0 ? 0.0 : sum > 0.0 ? m2d / sum : sqrt(fabs(m2d));
    }
}

/* A bound on how many radians the integrand of any entry turns through
 * on [pa, pb] (phase points A and B; all phases are monotonic in p there,
 * so their changes add): the packet's x0(p - π), and for each amplitude
 * energy the approx beat and θ (which also describe exact transmission),
 * plus for exact amplitudes the fastest reflection phase 2 q_n L while
 * reflection is not negligible.  An entry whose integral starts at or
 * above pb does not count (its lower end is a breakpoint, so a panel is
 * either wholly below it or wholly above).  A panel turning through at
 * most 6 radians is integrated to ~1e-13. */
static double grid_phase(const grid *g, double pb, const phase_point *A, const phase_point *B)
{
    const cr_system *sys = g->sys;
    double L = g->par->length, ph = 0.0, x0 = fabs(g->par->x0);
    double reflect_range = REFLECT_RANGE * (sys->radius + g->par->delta);
    for (int i = 0; i < g->n; i++) {
        if (!(pb > g->low[i]))
            continue;
        const entry_ctx *c = &g->e[i];
        int k = g->cls[i];
        double total = x0 * fabs(B->shift[k] - A->shift[k]), reflect = 0.0;
        for (int o = 0; o < 2; o++) {
            int oi = o == 0 ? g->o1[i] : g->o2[i];
            int ab = o == 0 ? c->jp + c->j : c->kp + c->k;
            /* An approx population's integrand μ|s|² carries the beat, not θ
             * (measured: the grid of tests/check_smap.c stays within 3.2e-11
             * of the reference, the physical example the worst). */
            total += 2.0 * fabs(B->beat[oi] - A->beat[oi])
                   + (g->population[i] ? 0.0 : fabs(B->theta[oi][ab] - A->theta[oi][ab]));
            if (g->population[i])
                break; /* its two amplitudes are one */
            /* |s⁻|² turns with 2qL, s⁻(E1) conj s⁻(E2) with the difference:
             * the fastest single mode bounds both. */
            if (g->exact && A->E[oi] - sys->e_max < reflect_range)
                for (int n = 0; n < 2; n++)
                    reflect = fmax(reflect, 2.0 * L * (B->q[oi][n] - A->q[oi][n]));
        }
        ph = fmax(ph, total + reflect);
    }
    return ph;
}

/* Integrate every entry over [lo, pmax] on one set of panels: sums with
 * the Gaussian in full[], without it in free_[]. */
static int grid_integrate(grid *g, double pmax, double complex full[MAX_ENTRIES],
                          double complex free_[MAX_ENTRIES])
{
    double br[MAX_ENTRIES * MAX_BREAKS + 1], sing[MAX_ENTRIES * MAX_BREAKS];
    int nb = 0, ns = 0;
    double lo = pmax;
    for (int i = 0; i < g->n; i++) {
        g->low[i] = entry_low(g, &g->e[i]);
        lo = fmin(lo, g->low[i]);
    }
    for (int i = 0; i < g->n; i++) {
        full[i] = free_[i] = 0.0;
        double elo = g->low[i];
        if (elo < pmax)
            nb += cr_smap_entry_breaks(&g->e[i], elo, pmax, br + nb);
        ns += cr_smap_entry_singular(&g->e[i], sing + ns);
    }
    if (!(lo < pmax))
        return CR_OK;
    nb = unique_sorted(br, nb);
    ns = unique_sorted(sing, ns);
    double h_mu = g->fine * PANEL_MU * sqrt(g->par->mass / g->par->beta);
    double max_phase = g->fine * (g->exact ? PANEL_PHASE_EXACT : PANEL_PHASE);
    int panels = 0;
    panel_map edge[MAX_EDGES];
    double complex edge_full[MAX_EDGES][MAX_ENTRIES], edge_free[MAX_EDGES][MAX_ENTRIES];
    size_t edge_first[MAX_EDGES], edge_end[MAX_EDGES];
    int n_edge = 0;
    for (int b = 0; b + 1 < nb; b++) {
        double a = br[b], z = br[b + 1];
        double p0 = a;
        while (p0 < z && panels < MAX_PANELS) {
            /* Deep in the tail μ decays by e^{-βp·h/m} across a panel: cap
             * that exponent, so that an entry which starts there (a small
             * transfer) keeps relative, not only absolute, accuracy. */
            double width = fmin(h_mu, g->fine * PANEL_DECAY * g->par->mass / (g->par->beta * p0));
            /* Grade towards the nearest branch point behind p0 (one at p0
             * itself is removed by the change of variable below). */
            for (int q = ns - 1; q >= 0; q--)
                if (sing[q] < p0 * (1.0 - 1e-12)) {
                    width = fmin(width, g->fine * PANEL_GRADE * (p0 - sing[q]));
                    break;
                }
            /* Then shrink it until every integrand turns through at most
             * max_phase radians on it. */
            phase_point A, B;
            phase_at(g, p0, &A);
            for (int it = 0; it < 60; it++) {
                double pb = fmin(p0 + width, z);
                phase_at(g, pb, &B);
                double ph = grid_phase(g, pb, &A, &B);
                if (ph <= max_phase)
                    break;
                width *= fmax(0.1, 0.9 * max_phase / ph);
            }
            double p1 = p0 + width;
            if (p1 > z - 0.25 * width)
                p1 = z;
            int sing_left = (p0 == a), sing_right = (p1 == z && b + 2 < nb);
            panel_map pm = { p0, p1, p1 - p0, sing_left, sing_right };
            double complex pf[MAX_ENTRIES], po[MAX_ENTRIES];
            size_t first = 0;
            int edge_panel = g->exact && (sing_left || sing_right);
            int st = panel_gl(g, &pm, 0.0, 1.0, edge_panel, pf, po, &first);
            if (st != CR_OK)
                return st;
            if (edge_panel && n_edge < MAX_EDGES) {
                edge[n_edge] = pm;
                memcpy(edge_full[n_edge], pf, sizeof pf);
                memcpy(edge_free[n_edge], po, sizeof po);
                edge_first[n_edge] = first;
                edge_end[n_edge++] = g->store != NULL ? g->store->n_nodes : 0;
            }
            for (int i = 0; i < g->n; i++) {
                full[i] += pf[i];
                free_[i] += po[i];
            }
            panels++;
            p0 = p1;
        }
    }
    /* Refine the panels that touch a threshold.  A transfer probability
     * (Eq. 20) has a positive integrand |s|²μ: refine it relative to its
     * own size, so a tiny transfer keeps detailed balance; the others to
     * 1e-11 absolute, as their integrands may cancel. */
    double scale[MAX_ENTRIES];
    for (int i = 0; i < g->n; i++) {
        const entry_ctx *c = &g->e[i];
        int transfer = c->j == c->k && c->jp == c->kp && c->j != c->jp;
        scale[i] = transfer ? 1e-2 * fmin(1.0, cabs(free_[i])) + 1e-300 : 1.0;
    }
    for (int e = 0; e < n_edge; e++) {
        double complex af[MAX_ENTRIES], ao[MAX_ENTRIES];
        size_t before = g->store != NULL ? g->store->n_nodes : 0;
        int st = panel_adapt(g, &edge[e], 0.0, 1.0, edge_free[e], scale, af, ao, 0);
        if (st != CR_OK)
            return st;
        /* The whole panel's nodes give way to the refinement's. */
        if (g->store != NULL && g->store->n_nodes > before)
            kill_range(g, edge_first[e], edge_end[e]);
        for (int i = 0; i < g->n; i++) {
            full[i] += af[i] - edge_full[e][i];
            free_[i] += ao[i] - edge_free[e][i];
        }
    }
    if (panels >= MAX_PANELS) {
        g->panel_cap = 1;
        return CR_ENUMERIC;
    }
    return CR_OK;
}

/* The error message of a failed grid. */
static int grid_error(const grid *g, int st, char *err, size_t errlen)
{
    const entry_ctx *c = &g->e[g->failed_entry];
    const cr_params *p = g->par;
    if (g->panel_cap)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "scattering map: S needs more than %d quadrature "
                        "panels: the integrand oscillates too fast over the thermal range "
                        "(mass/beta = %.3g, length = %.3g)",
                        (int)MAX_PANELS, p->mass / p->beta, p->length);
    return cr_error(err, errlen, st,
                    "scattering map: S^{%d%d}_{%d%d}: exact amplitudes failed "
                    "(singular matching) at E_p = %.6g",
                    c->j, c->k, c->jp, c->kp, g->failed_p * g->failed_p / (2.0 * p->mass));
}

/* Fill the 16 entries from the computed ones (Hermiticity for the rest). */
static int grid_fill(const int *rows, const int *cols, const int *self_conj, int n,
                     const double complex *v, cr_map *out, char *err, size_t errlen)
{
    cr_map m;
    memset(&m, 0, sizeof m);
    for (int i = 0; i < n; i++)
        m.m[rows[i]][cols[i]] = self_conj[i] ? creal(v[i]) : v[i]; /* self-conjugate: real */
    for (int r = 0; r < 4; r++)
        for (int col = 0; col < 4; col++) {
            int r2 = CR_VEC(r % 2, r / 2), c2 = CR_VEC(col % 2, col / 2);
            if (r2 * 4 + c2 < r * 4 + col)
                m.m[r][col] = conj(m.m[r2][c2]);
        }
    for (int r = 0; r < 4; r++)
        for (int col = 0; col < 4; col++)
            if (!isfinite(creal(m.m[r][col])) || !isfinite(cimag(m.m[r][col])))
                return cr_error(err, errlen, CR_ENUMERIC,
                                "scattering map: non-finite entry S[%d][%d]", r, col);
    *out = m;
    return CR_OK;
}

static void self_conjugate(const grid *g, int *out)
{
    for (int i = 0; i < g->n; i++) {
        int r = g->row[i], col = g->col[i];
        out[i] = CR_VEC(r % 2, r / 2) == r && CR_VEC(col % 2, col / 2) == col;
    }
}

int cr_smap_panels(cr_smap_workspace *w, const cr_params *p, const cr_system *sys,
                   double fine, cr_map *out, char *err, size_t errlen)
{
    grid g;
    grid_init(&g, w, p, sys, fine);
    double complex full[MAX_ENTRIES], free_[MAX_ENTRIES];
    int st = grid_integrate(&g, cr_smap_pmax(p), full, free_);
    if (st != CR_OK)
        return grid_error(&g, st, err, errlen);
    int sc[MAX_ENTRIES];
    self_conjugate(&g, sc);
    return grid_fill(g.row, g.col, sc, g.n, full, out, err, errlen);
}

int cr_smap_dx_prepare(cr_smap_workspace *w, const cr_params *p, char *err, size_t errlen)
{
    if (w == NULL)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no workspace");
    dx_row *r = &w->row;
    r->ready = 0;
    r->too_large = 0;
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    cr_system sys;
    cr_system_init(&sys, p);
    grid g;
    grid_init(&g, w, p, &sys, 1.0);
    /* Classes: 0 is d = 0 (first entry, S^{00}_{00}), the others vary. */
    r->n_vcls = 0;
    for (int c = 0; c < g.n_cls; c++)
        if (g.d[c] != 0.0)
            r->n_vcls++;
    if (g.d[0] != 0.0 || r->n_vcls != g.n_cls - 1)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: unexpected entry classes");
    r->n_entries = g.n;
    r->n_var = 0;
    for (int i = 0; i < g.n; i++) {
        r->row[i] = g.row[i];
        r->col[i] = g.col[i];
        if (g.cls[i] != 0) {
            r->var_entry[r->n_var] = i;
            r->var_class[r->n_var++] = g.cls[i] - 1;
        }
    }
    self_conjugate(&g, r->self_conj);
    r->n_nodes = 0;
    g.store = r;
    double complex full[MAX_ENTRIES], free_[MAX_ENTRIES];
    st = grid_integrate(&g, cr_smap_pmax(p), full, free_);
    if (st != CR_OK)
        return grid_error(&g, st, err, errlen);
    r->too_large = g.store_full;
    if (g.store_full)
        return cr_error(err, errlen, CR_ENOMEM,
                        "scattering map: a dx row needs more than %d nodes", (int)MAX_ROW_NODES);
    for (int i = 0; i < g.n; i++)
        r->constant[i] = free_[i];
    /* Drop the nodes a refinement replaced. */
    size_t u = 0;
    for (size_t n = 0; n < r->n_nodes; n++) {
        if (r->dead[n])
            continue;
        if (u != n) {
            memcpy(r->garg + u * (size_t)r->n_vcls, r->garg + n * (size_t)r->n_vcls,
                   sizeof(double) * (size_t)r->n_vcls);
            memcpy(r->wf + u * (size_t)r->n_var, r->wf + n * (size_t)r->n_var,
                   sizeof(double complex) * (size_t)r->n_var);
        }
        u++;
    }
    r->n_nodes = u;
    r->par = *p;
    r->ready = 1;
    return CR_OK;
}

int cr_smap_dx_map(const cr_smap_workspace *w, double dx, cr_map *out, char *err, size_t errlen)
{
    if (w != NULL && w->row.too_large)
        return cr_error(err, errlen, CR_ENOMEM,
                        "scattering map: the dx row was too large to keep");
    if (w == NULL || !w->row.ready)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no prepared dx row");
    const dx_row *r = &w->row;
    cr_params p = r->par;
    p.dx = dx;
    int st = cr_params_validate(&p, err, errlen);
    if (st != CR_OK)
        return st;
    double complex v[MAX_ENTRIES], acc[MAX_ENTRIES];
    for (int i = 0; i < r->n_entries; i++)
        v[i] = r->constant[i];
    for (int k = 0; k < r->n_var; k++)
        acc[k] = 0.0;
    double dx2 = dx * dx;
    int nv = r->n_var, nc = r->n_vcls;
    const double *garg = r->garg;
    const double complex *wf = r->wf;
    for (size_t n = 0; n < r->n_nodes; n++, garg += nc, wf += nv) {
        double gauss[MAX_CLASSES];
        for (int c = 0; c < nc; c++)
            gauss[c] = exp(dx2 * garg[c]);
        for (int k = 0; k < nv; k++)
            acc[k] += wf[k] * gauss[r->var_class[k]];
    }
    for (int k = 0; k < nv; k++)
        v[r->var_entry[k]] = acc[k];
    return grid_fill(r->row, r->col, r->self_conj, r->n_entries, v, out, err, errlen);
}
