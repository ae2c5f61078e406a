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

#include "panel_walk.h"

struct cr_smap_workspace {
    double node[GL_ORDER];   /* on [0, 1] */
    double weight[GL_ORDER];
    /* The prepared Δx row. */
    int ready, too_large;
    cr_params par;                    /* as prepared (dx aside) */
    int n_entries, row[MAX_ENTRIES], col[MAX_ENTRIES];
    int self_conj[MAX_ENTRIES];
    double complex constant[MAX_ENTRIES]; /* d = 0 entries: their integral */
    cr_walk_row store;
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
    cr_walk_row_free(&w->store);
    free(w);
}

/* The walker's callbacks: the grid's node and phase bound. */
static int walk_node(void *ctx, double base, double off, int with_gauss, double complex *f,
                     double *garg)
{
    return cr_smap_grid_node(ctx, base, off, with_gauss, f, garg);
}

static void walk_phase_at(void *ctx, double p, void *pp)
{
    cr_smap_grid_phase_at(ctx, p, pp);
}

static double walk_phase(void *ctx, double pb, const void *A, const void *B)
{
    return cr_smap_grid_phase(ctx, pb, A, B);
}

/* Integrate every entry over [lo, pmax] on one set of panels (the
 * walker's): sums with the Gaussian in full[], without it in free_[]. */
static int grid_integrate(cr_smap_grid *g, double pmax, cr_walk_row *store,
                          double complex full[MAX_ENTRIES], double complex free_[MAX_ENTRIES])
{
    double br[MAX_ENTRIES * MAX_BREAKS + 1], sing[MAX_ENTRIES * MAX_BREAKS];
    int nb = 0, ns = 0, transfer[MAX_ENTRIES];
    double lo = pmax;
    for (int i = 0; i < g->n; i++)
        lo = fmin(lo, g->low[i]);
    for (int i = 0; i < g->n; i++) {
        full[i] = free_[i] = 0.0;
        double elo = g->low[i];
        if (elo < pmax)
            nb += cr_smap_entry_breaks(&g->e[i], elo, pmax, br + nb);
        const entry_ctx *c = &g->e[i];
        transfer[i] = c->j == c->k && c->jp == c->kp && c->j != c->jp;
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
    nb = cr_unique_sorted(br, nb);
    ns = cr_unique_sorted(sing, ns);
    /* No square-root floor in the refinement of transfers: the qubit's
     * amplitudes keep their relative precision in a tiny transfer (λ → 0,
     * detailed balance to 1e-12 in tests/check_smap.c); where round-off
     * stops the halves agreeing (kL << 1), the walker's budget ends it. */
    cr_walk w = {
        .n = g->n, .n_cls = g->n_cls, .d = g->d, .cls = g->cls, .transfer = transfer,
        .dx2 = g->dx2, .mass = g->par->mass, .beta = g->par->beta, .fine = g->fine,
        .exact = g->exact, .b_min = INFINITY, .floor_sqrt = 0.0,
        .br = br, .nb = nb, .sing = sing, .ns = ns, .lo = lo,
        .node = g->ws->node, .weight = g->ws->weight, .ctx = g,
        .node_fn = walk_node, .phase_at = walk_phase_at, .phase = walk_phase,
        .segment = NULL, .phase_size = sizeof(cr_smap_phase_point), .store = store,
    };
    if (store != NULL && cr_walk_row_setup(store, &w) != CR_OK)
        return CR_ENOMEM;
    int st = cr_walk_integrate(&w, full, free_);
    g->panel_cap = w.panel_cap;
    return st;
}

/* A map refused for its panels: what turns its integrands, the packet
 * (x0 and the level spacing) or the scatterer (L, λ), from lo to pmax. */
static int panel_refusal(const cr_smap_grid *g, char *err, size_t errlen)
{
    const cr_params *p = g->par;
    double pmax = cr_smap_pmax(p), lo = pmax, packet = 0.0, scatterer = 0.0;
    for (int i = 0; i < g->n; i++)
        lo = fmin(lo, g->low[i]);
    cr_smap_phase_point A, B;
    cr_smap_grid_phase_at(g, lo, &A);
    cr_smap_grid_phase_at(g, pmax, &B);
    for (int c = 0; c < g->n_cls; c++)
        packet = fmax(packet, fabs(p->x0) * fabs(B.shift[c] - A.shift[c]));
    for (int o = 0; o < g->n_off; o++) {
        double t = 2.0 * fabs(B.beat[o] - A.beat[o]);
        for (int ab = 0; ab < 3; ab++)
            t = fmax(t, fabs(B.theta[o][ab] - A.theta[o][ab]));
        if (g->exact)
            for (int n = 0; n < 2; n++)
                t += 2.0 * p->length * fabs(B.q[o][n] - A.q[o][n]);
        scatterer = fmax(scatterer, t);
    }
    return cr_walk_refusal(err, errlen, g->panel_cap == 2, packet, scatterer, p->x0, p->delta,
                           p->length, p->lambda);
}

/* The error message of a failed grid. */
static int grid_error(const cr_smap_grid *g, int st, char *err, size_t errlen)
{
    const entry_ctx *c = &g->e[g->failed_entry];
    const cr_params *p = g->par;
    if (st == CR_ECANCEL)
        return cr_error(err, errlen, st, "scattering map: cancelled");
    if (st == CR_ENOMEM)
        return cr_error(err, errlen, st, "scattering map: out of memory");
    if (g->panel_cap)
        return panel_refusal(g, err, errlen);
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
    int st = grid_integrate(&g, cr_smap_pmax(p), NULL, full, free_);
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
    w->ready = 0;
    w->too_large = 0;
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    cr_system sys;
    cr_system_init(&sys, p);
    cr_smap_grid g;
    cr_smap_grid_init(&g, w, p, &sys, 1.0);
    w->n_entries = g.n;
    for (int i = 0; i < g.n; i++) {
        w->row[i] = g.row[i];
        w->col[i] = g.col[i];
    }
    self_conjugate(&g, w->self_conj);
    double complex full[MAX_ENTRIES], free_[MAX_ENTRIES];
    st = grid_integrate(&g, cr_smap_pmax(p), &w->store, full, free_);
    if (st != CR_OK)
        return grid_error(&g, st, err, errlen);
    w->too_large = w->store.full;
    if (w->store.full)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: a dx row is too large to keep");
    for (int i = 0; i < g.n; i++)
        w->constant[i] = free_[i];
    cr_walk_row_compact(&w->store);
    w->par = *p;
    w->ready = 1;
    return CR_OK;
}

int cr_smap_dx_maps(const cr_smap_workspace *w, int m, const double *dx, cr_map *out,
                    char *err, size_t errlen)
{
    if (w != NULL && w->too_large)
        return cr_error(err, errlen, CR_ENOMEM,
                        "scattering map: the dx row was too large to keep");
    if (w == NULL || !w->ready)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no prepared dx row");
    if (m < 1 || m > CR_SMAP_DX_CHUNK)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: %d dx values at once", m);
    int st = cr_walk_row_check_dx(&w->par, m, dx, err, errlen);
    if (st != CR_OK)
        return st;
    double complex v[CR_SMAP_DX_CHUNK][MAX_ENTRIES], *vj[CR_SMAP_DX_CHUNK];
    for (int j = 0; j < m; j++) {
        vj[j] = v[j];
        for (int i = 0; i < w->n_entries; i++)
            v[j][i] = w->constant[i];
    }
    cr_walk_row_eval_many(&w->store, m, dx, vj);
    for (int j = 0; j < m && st == CR_OK; j++)
        st = grid_fill(w->row, w->col, w->self_conj, w->n_entries, v[j], &out[j], err, errlen);
    return st;
}

int cr_smap_dx_map(const cr_smap_workspace *w, double dx, cr_map *out, char *err, size_t errlen)
{
    return cr_smap_dx_maps(w, 1, &dx, out, err, errlen);
}
