/* nmap_panels.c — the N-level scattering map on the panel walker
 * (panel_walk.c): the breaks and branch points of every entry, the phase
 * bound that sizes the panels, the live entries per segment, and the map
 * from the sums (nmap.c holds the integrand). */
#include "config.h"

#include "colres/nlevel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "nmap_grid.h"
#include "panel_walk.h"

/* Reflection is resolved while E - e_max < REFLECT_RANGE · V (as
 * smap_grid.c), V the potential's scale. */
#define REFLECT_RANGE 1e4

/* Momenta where E_p + off_o reaches a level (exact: every E_j and w_n;
 * approx: e_max) for the given offsets; appended to out. */
int cr_ngrid_thresholds(const ngrid *g, const int *offs, int n_offs, double *out, int nb,
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

/* The phases that bound how fast the integrands turn at p, in one flat
 * phase point (the walker's): per offset o and level i, L·q_i and L·k_i at
 * max(E, e_max) (θ = L(q_n - (k_a + k_b)/2) of Eq. S1, which also
 * describes exact transmission) and the reflection's 2L·q_i at E; per
 * offset E; per class the packet's p - π. */
enum { PP_LQ, PP_LK, PP_RQ };

static size_t pp_size(const ngrid *g)
{
    return sizeof(double) * ((size_t)g->n_off * (3 * (size_t)g->n + 1) + (size_t)g->n_cls);
}

static void phase_at(void *ctx, double p, void *out)
{
    const ngrid *g = ctx;
    const cr_nsystem *sys = g->sys;
    int n = g->n;
    size_t no = (size_t)g->n_off * (size_t)n;
    double *lq = out, *lk = lq + no, *rq = lk + no, *Ep = rq + no, *shift = Ep + g->n_off;
    double m2 = 2.0 * g->par->mass, L = g->par->length;
    for (int o = 0; o < g->n_off; o++) {
        double E = p * p / m2 + g->off[o], Ec = fmax(E, sys->e_max);
        Ep[o] = E;
        for (int i = 0; i < n; i++) {
            lq[o * n + i] = L * sqrt(m2 * (Ec - sys->w[i]));
            lk[o * n + i] = L * sqrt(m2 * (Ec - sys->e[i]));
            rq[o * n + i] = g->exact ? 2.0 * L * sqrt(fmax(0.0, m2 * (E - sys->w[i]))) : 0.0;
        }
    }
    for (int c = 0; c < g->n_cls; c++) {
        double m2d = m2 * g->d[c];
        double pi2 = p * p - m2d, sum = p + sqrt(pi2 > 0.0 ? pi2 : 0.0);
        shift[c] = m2d == 0.0 ? 0.0 : sum > 0.0 ? m2d / sum : sqrt(fabs(m2d));
    }
}

/* A bound on the radians any live entry's integrand turns through
 * between phase points A and B (all phases monotonic in p). */
static double phase_bound(void *ctx, double pb, const void *pa, const void *pbv)
{
    (void)pb;
    ngrid *g = ctx;
    int n = g->n;
    size_t no = (size_t)g->n_off * (size_t)n;
    const double *A = pa, *B = pbv;
    const double *AE = A + 3 * no, *Ash = AE + g->n_off, *Bsh = B + 3 * no + g->n_off;
    double reflect_range = REFLECT_RANGE * g->vscale;
    for (int o = 0; o < g->n_off; o++) {
        if (!g->need[o]) {
            g->per_off[o] = 0.0;
            continue;
        }
        double qmin = INFINITY, qmax = 0.0, kmin = INFINITY, kmax = 0.0, rmax = 0.0;
        for (int i = 0; i < n; i++) {
            size_t x = (size_t)(o * n + i);
            double dq = B[PP_LQ * no + x] - A[PP_LQ * no + x];
            double dk = 0.5 * (B[PP_LK * no + x] - A[PP_LK * no + x]);
            qmin = fmin(qmin, dq); qmax = fmax(qmax, dq);
            kmin = fmin(kmin, dk); kmax = fmax(kmax, dk);
            rmax = fmax(rmax, B[PP_RQ * no + x] - A[PP_RQ * no + x]);
        }
        /* θ = L(q_n - (k_a + k_b)/2) changes by at most this. */
        double th = fmax(fabs(qmax - 2.0 * kmin), fabs(2.0 * kmax - qmin));
        /* |s|² (an approx population) beats with L(q_n - q_m). */
        th = fmax(th, qmax - qmin);
        if (g->exact && AE[o] - g->sys->e_max < reflect_range)
            th += rmax;
        g->per_off[o] = th;
    }
    double x0 = fabs(g->par->x0), ph = 0.0;
    for (int a = 0; a < g->n_act; a++) {
        const nentry *c = &g->e[g->act[a]];
        double total = x0 * fabs(Bsh[c->cls] - Ash[c->cls]) + g->per_off[c->o1];
        if (!c->population)
            total += g->per_off[c->o2];
        ph = fmax(ph, total);
    }
    return ph;
}

/* The live entries on a segment starting at p0 (low <= p0, up to
 * round-off: a lower end and the threshold at the same momentum may
 * differ in the last bit, and the break kept is either; the integrand is
 * zero below the lower end), and the offsets they need. */
static int active_set(void *ctx, double p0, int *act)
{
    ngrid *g = ctx;
    int n_act = 0;
    for (int o = 0; o < g->n_off; o++)
        g->need[o] = 0;
    for (int i = 0; i < g->ne; i++)
        if (g->e[i].low <= p0 * (1.0 + 1e-14) && g->e[i].low < g->pmax) {
            act[n_act++] = i;
            g->need[g->e[i].o1] = 1;
            g->need[g->e[i].o2] = 1;
        }
    g->act = act;
    g->n_act = n_act;
    return n_act;
}

/* Breaks and branch points of every entry of g; the walker over them.
 * Sums with the Gaussian in full[ne], without it in free_[ne]. */
static int grid_integrate(ngrid *g, cr_walk_row *store, double complex *full,
                          double complex *free_)
{
    int nb = 0, ns = 0;
    size_t cap_b = (size_t)g->ne + (size_t)g->n_off * MAX_LEVELS + 2;
    double *br = malloc(sizeof(double) * cap_b);
    double *sing = malloc(sizeof(double) * cap_b);
    int *all_off = malloc(sizeof(int) * (size_t)g->n_off);
    double *low = malloc(sizeof(double) * ((size_t)g->ne + 1));
    double *per_off = g->per_off;
    int st = CR_OK;
    for (int i = 0; i < g->ne; i++)
        full[i] = free_[i] = 0.0;
    if (!br || !sing || !all_off || !low) {
        st = CR_ENOMEM;
        goto done;
    }
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
        nb = cr_ngrid_thresholds(g, &o, 1, br, nb, g->exact);
        int u = from;
        for (int b = from; b < nb; b++)
            if (br[b] > per_off[o])
                br[u++] = br[b];
        nb = u;
    }
    br[nb++] = g->pmax;
    nb = cr_unique_sorted(br, nb);
    while (nb > 0 && br[nb - 1] > g->pmax)
        nb--;
    sing[ns++] = 0.0;
    for (int c = 0; c < g->n_cls; c++)
        if (g->d[c] > 0.0)
            sing[ns++] = sqrt(2.0 * g->par->mass * g->d[c]);
    ns = cr_ngrid_thresholds(g, all_off, g->n_off, sing, ns, 1);
    ns = cr_unique_sorted(sing, ns);
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
    /* The Δx row keeps a class's sums by lower end: at a node, those still
     * below theirs are zero and at the end of the run. */
    for (int i = 0; i < g->ne; i++)
        low[i] = g->e[i].low;
    /* A transfer's amplitude has absolute round-off ~1e-15, so its
     * integral I is known to ~1e-15 √|I| at best: the refinement's
     * square-root floor keeps its tolerance above that, where a purely
     * relative one would refine a transfer of 1e-20 to the budget. */
    cr_walk w = {
        .n = g->ne, .n_cls = g->n_cls, .d = g->d, .cls = g->cls, .transfer = g->transfer,
        .dx2 = g->par->dx * g->par->dx, .mass = g->par->mass, .beta = g->par->beta,
        .fine = 1.0, .exact = g->exact, .b_min = b_min, .floor_sqrt = 1e-4,
        .br = br, .nb = nb, .sing = sing, .ns = ns, .lo = lo,
        .node = g->node, .weight = g->weight, .ctx = g,
        .node_fn = cr_ngrid_node, .phase_at = phase_at, .phase = phase_bound,
        .segment = active_set, .phase_size = pp_size(g), .store = store, .sort_key = low,
    };
    if (store != NULL && cr_walk_row_setup(store, &w) != CR_OK) {
        st = CR_ENOMEM;
        goto done;
    }
    st = cr_walk_integrate(&w, full, free_);
    g->panel_cap = w.panel_cap;
done:
    free(br);
    free(sing);
    free(all_off);
    free(low);
    return st;
}

/* A map refused for its panels: what turns its integrands, the packet
 * (x0 and the level spacing) or the scatterer (L, λ), from lo to pmax. */
static int panel_refusal(const ngrid *g, char *err, size_t errlen)
{
    const cr_params *p = g->par;
    size_t no = (size_t)g->n_off * (size_t)g->n, size = pp_size(g) / sizeof(double);
    double *A = malloc(2 * pp_size(g)), lo = g->pmax, packet = 0.0, scatterer = 0.0;
    if (A == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    double *B = A + size;
    for (int i = 0; i < g->ne; i++)
        lo = fmin(lo, g->e[i].low);
    phase_at((void *)g, lo, A);
    phase_at((void *)g, g->pmax, B);
    for (size_t x = 0; x < no; x++)
        scatterer = fmax(scatterer, fabs(B[x] - A[x]) + fabs(B[no + x] - A[no + x])
                                        + fabs(B[2 * no + x] - A[2 * no + x]));
    for (int c = 0; c < g->n_cls; c++)
        packet = fmax(packet, fabs(p->x0) * fabs(B[size - (size_t)g->n_cls + (size_t)c]
                                                 - A[size - (size_t)g->n_cls + (size_t)c]));
    free(A);
    return cr_walk_refusal(err, errlen, g->panel_cap == 2, packet, scatterer, p->x0,
                           g->sys->e[g->n - 1] - g->sys->e[0], p->length, p->lambda);
}

static int grid_error(const ngrid *g, int st, char *err, size_t errlen)
{
    const cr_params *p = g->par;
    if (st == CR_ENOMEM)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    if (st == CR_ECANCEL)
        return cr_error(err, errlen, st, "scattering map: cancelled");
    if (g->panel_cap)
        return panel_refusal(g, err, errlen);
    const nentry *c = &g->e[g->failed_entry];
    return cr_error(err, errlen, st,
                    "scattering map: S^{%d%d}_{%d%d}: exact amplitudes failed "
                    "(singular matching) at E_p = %.6g",
                    c->j, c->k, c->jp, c->kp, g->failed_p * g->failed_p / (2.0 * p->mass));
}

/* The map from the computed entries (mirrors from Hermiticity). */
int cr_ngrid_fill(const ngrid *g, const double complex *v, int half, cr_nmap *out,
                  char *err, size_t errlen)
{
    int n = g->n, n2 = n * n;
    /* The N⁴ entries only: the whole struct is 64 kB, 25 times a qutrit's
     * map, and a heat-map row fills eight of them per pass. */
    out->n = n;
    memset(out->m, 0, sizeof(double complex) * (size_t)n2 * (size_t)n2);
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

int cr_nmap_general(const cr_params *p, cr_nmap *out, char *err, size_t errlen)
{
    cr_nsystem sys;
    ngrid g;
    int st = cr_ngrid_setup(&g, &sys, p, 1, err, errlen);
    if (st != CR_OK)
        return st;
    double complex *sum = malloc(sizeof(double complex) * 2 * (size_t)g.ne);
    if (sum == NULL) {
        cr_ngrid_free(&g);
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    }
    st = grid_integrate(&g, NULL, sum, sum + g.ne);
    if (st != CR_OK)
        st = grid_error(&g, st, err, errlen);
    else
        st = cr_ngrid_fill(&g, sum, 1, out, err, errlen);
    free(sum);
    cr_ngrid_free(&g);
    return st;
}

/* ---- the Δx row ----------------------------------------------------- */

struct cr_nmap_row {
    int ready, too_large;
    cr_params par;               /* as prepared (dx aside) */
    cr_nsystem sys;
    ngrid g;                     /* the entries, for the fill */
    int have_grid;
    double complex *constant;    /* [ne]: the sums without a Gaussian */
    cr_walk_row store;
};

cr_nmap_row *cr_nmap_row_alloc(void)
{
    return calloc(1, sizeof(cr_nmap_row));
}

static void row_release(cr_nmap_row *r)
{
    if (r->have_grid)
        cr_ngrid_free(&r->g);
    r->have_grid = 0;
    free(r->constant);
    r->constant = NULL;
    r->ready = 0;
}

void cr_nmap_row_free(cr_nmap_row *r)
{
    if (r == NULL)
        return;
    row_release(r);
    cr_walk_row_free(&r->store);
    free(r);
}

int cr_nmap_dx_prepare(cr_nmap_row *r, const cr_params *p, char *err, size_t errlen)
{
    if (r == NULL)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no dx row");
    row_release(r);
    r->too_large = 0;
    r->par = *p;
    int st = cr_ngrid_setup(&r->g, &r->sys, &r->par, 1, err, errlen);
    if (st != CR_OK)
        return st;
    r->have_grid = 1;
    size_t ne = (size_t)r->g.ne;
    r->constant = malloc(sizeof(double complex) * 2 * ne);
    if (r->constant == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    st = grid_integrate(&r->g, &r->store, r->constant + ne, r->constant);
    if (st != CR_OK)
        return grid_error(&r->g, st, err, errlen);
    r->too_large = r->store.full;
    if (r->store.full)
        return cr_error(err, errlen, CR_ENOMEM, "scattering map: a dx row is too large to keep");
    cr_walk_row_compact(&r->store);
    r->ready = 1;
    return CR_OK;
}

int cr_nmap_dx_maps(cr_nmap_row *r, int m, const double *dx, cr_nmap *out, char *err,
                    size_t errlen)
{
    if (r == NULL || !r->ready)
        return cr_error(err, errlen, CR_EINVAL, "scattering map: no prepared dx row");
    int st = cr_walk_row_check_dx(&r->par, m, dx, err, errlen);
    if (st != CR_OK)
        return st;
    size_t ne = (size_t)r->g.ne;
    double complex *v = malloc(sizeof(double complex) * ne * (size_t)m + 1);
    double complex **vj = calloc((size_t)m + 1, sizeof *vj);
    if (v == NULL || vj == NULL) {
        st = cr_error(err, errlen, CR_ENOMEM, "scattering map: out of memory");
    } else {
        for (int j = 0; j < m; j++) {
            vj[j] = v + (size_t)j * ne;
            memcpy(vj[j], r->constant, sizeof(double complex) * ne);
        }
        cr_walk_row_eval_many(&r->store, m, dx, vj);
        for (int j = 0; j < m && st == CR_OK; j++)
            st = cr_ngrid_fill(&r->g, vj[j], 1, &out[j], err, errlen);
    }
    free(v);
    free(vj);
    return st;
}

int cr_nmap_dx_map(cr_nmap_row *r, double dx, cr_nmap *out, char *err, size_t errlen)
{
    return cr_nmap_dx_maps(r, 1, &dx, out, err, errlen);
}
