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
#include "smap_grid.h"
#include "special.h"

#include "panel_rule.h"

enum {
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

/* The change of variable of one panel, p(t) on t in [0, 1]. */
typedef struct panel_map {
    double p0, p1, len;
    int sing_left, sing_right;
} panel_map;

/* Append one node to the Δx row (or mark the row full). */
static void store_node(cr_smap_grid *g, double wj, const double complex f[MAX_ENTRIES],
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
static int panel_gl(cr_smap_grid *g, const panel_map *pm, double ta, double tb, int want_free,
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
        cr_panel_point(pm->p0, pm->p1, len, pm->sing_left, pm->sing_right, t, &base, &off, &jac);
        double complex f[MAX_ENTRIES];
        double garg[MAX_CLASSES], gauss[MAX_CLASSES];
        int st = cr_smap_grid_node(g, base, off, !want_free, f, garg);
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

static void kill_range(cr_smap_grid *g, size_t first, size_t end)
{
    if (g->store != NULL && !g->store_full)
        for (size_t n = first; n < end; n++)
            g->store->dead[n] = 1;
}

/* Bisect until the halves reproduce the whole for every entry (without
 * the Gaussian: the node set must not depend on Δx); adds the refined
 * sums minus the whole's to acc_full / acc_free. */
static int panel_adapt(cr_smap_grid *g, const panel_map *pm, double ta, double tb,
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

/* Sorted union of v (n values), dropping values within 1e-15 relative of
 * the previous one; returns the new count.  Insertion sort: a few dozen
 * values, most of them repeated. */
static int unique_sorted(double *v, int n)
{
    for (int i = 1; i < n; i++) {
        double x = v[i];
        int q = i;
        for (; q > 0 && v[q - 1] > x; q--)
            v[q] = v[q - 1];
        v[q] = x;
    }
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || v[i] > v[u - 1] * (1.0 + 1e-15) + 1e-300)
            v[u++] = v[i];
    return u;
}

/* Integrate every entry over [lo, pmax] on one set of panels: sums with
 * the Gaussian in full[], without it in free_[]. */
static int grid_integrate(cr_smap_grid *g, double pmax, double complex full[MAX_ENTRIES],
                          double complex free_[MAX_ENTRIES])
{
    double br[MAX_ENTRIES * MAX_BREAKS + 1], sing[MAX_ENTRIES * MAX_BREAKS];
    int nb = 0, ns = 0;
    double lo = pmax;
    for (int i = 0; i < g->n; i++)
        lo = fmin(lo, g->low[i]);
    for (int i = 0; i < g->n; i++) {
        full[i] = free_[i] = 0.0;
        double elo = g->low[i];
        if (elo < pmax)
            nb += cr_smap_entry_breaks(&g->e[i], elo, pmax, br + nb);
    }
    /* Their branch points: the entries share most of them (the same
     * energies and classes), so keep each value once before sorting. */
    for (int i = 0; i < g->n; i++) {
        double one[MAX_BREAKS];
        int k = cr_smap_entry_singular(&g->e[i], one);
        for (int q = 0; q < k; q++) {
            int seen = 0;
            for (int u = 0; u < ns && !seen; u++)
                seen = sing[u] == one[q];
            if (!seen)
                sing[ns++] = one[q];
        }
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
    cr_smap_phase_point end; /* the phase point at the last panel's end */
    double end_p = 0.0;
    int have_end = 0;
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
            cr_smap_phase_point A, B;
            if (have_end && end_p == p0)
                A = end; /* the previous panel's end */
            else
                cr_smap_grid_phase_at(g, p0, &A);
            double pb = p0;
            for (int it = 0; it < 60; it++) {
                pb = fmin(p0 + width, z);
                cr_smap_grid_phase_at(g, pb, &B);
                double ph = cr_smap_grid_phase(g, pb, &A, &B);
                if (ph <= max_phase)
                    break;
                width *= fmax(0.1, 0.9 * max_phase / ph);
            }
            /* A remainder short of a quarter panel joins this one; short of
             * half a panel at the end of the range, where every integrand is
             * below e^{-27} of its value at its lower end (βp²/2m grows by
             * at least 40 from any entry's lower end to pmax, by at most 13
             * across 1.5 panels of the decay bound), so that a last panel up
             * to 1.5 times the rule's width stays far below the contract. */
            double p1 = p0 + width;
            if (p1 > z - (b + 2 == nb ? 0.5 : 0.25) * width)
                p1 = z;
            have_end = p1 == pb;
            if (have_end) {
                end = B;
                end_p = pb;
            }
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
static int grid_error(const cr_smap_grid *g, int st, char *err, size_t errlen)
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

static void self_conjugate(const cr_smap_grid *g, int *out)
{
    for (int i = 0; i < g->n; i++) {
        int r = g->row[i], col = g->col[i];
        out[i] = CR_VEC(r % 2, r / 2) == r && CR_VEC(col % 2, col / 2) == col;
    }
}

int cr_smap_panels(cr_smap_workspace *w, const cr_params *p, const cr_system *sys,
                   double fine, cr_map *out, char *err, size_t errlen)
{
    cr_smap_grid g;
    cr_smap_grid_init(&g, w, p, sys, fine);
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
    cr_smap_grid g;
    cr_smap_grid_init(&g, w, p, &sys, 1.0);
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
