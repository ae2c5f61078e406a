/* panel_walk.c — the panel walker of every scattering map (panel_walk.h).
 *
 * Between consecutive breaks the panels grow from each break: a width
 * capped by the thermal momentum, μ's decay and the distance to the branch
 * point behind, then shrunk until every live integrand turns through at
 * most the rule's phase on it (the caller's phase bound); Gauss–Legendre
 * on each panel, with the change of variable of cr_panel_point at a break.
 * With exact amplitudes the panels that touch a threshold are then
 * bisected until the halves reproduce the whole, a transfer probability
 * relative to its own integral (so a tiny transfer keeps detailed
 * balance).  The panels depend on nothing but the parameters other than
 * Δx (the Gaussian of Eq. 23 is ≤ 1), so a Δx row keeps each node's
 * integrand without it. */
#include "config.h"

#include "panel_walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/cancel.h"
#include "colres/status.h"
#include "special.h"

enum { MAX_DEPTH = 30 };
/* Bisections per threshold panel: bounds the work where the halves never
 * agree (a feature below round-off). */
#define ADAPT_BUDGET 4096L

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int cr_unique_sorted(double *v, int n)
{
    /* A few dozen values, most of them repeated (the qubit): insertion
     * sort; a few thousand (N levels, each entry's lower end): qsort, for
     * insertion sort's n² moves were 2 % of an N = 8 heat map. */
    if (n > 64) {
        qsort(v, (size_t)n, sizeof *v, by_value);
    } else {
        for (int i = 1; i < n; i++) {
            double x = v[i];
            int q = i;
            for (; q > 0 && v[q - 1] > x; q--)
                v[q] = v[q - 1];
            v[q] = x;
        }
    }
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || v[i] > v[u - 1] * (1.0 + 1e-15) + 1e-300)
            v[u++] = v[i];
    return u;
}

int cr_find_or_add(double *v, int *n, double x, double tol)
{
    for (int i = 0; i < *n; i++)
        if (v[i] == x || fabs(v[i] - x) <= tol)
            return i;
    v[*n] = x;
    return (*n)++;
}

void cr_panel_above(const double *threshold_p, const double *gap, int n, double mass,
                    double base, double off_p, double *above)
{
    double m2 = 2.0 * mass, p = base + off_p;
    for (int x = 0; x < n; x++) {
        double P = threshold_p[x];
        above[x] = P > 0.0 ? ((base - P) + off_p) * (p + P) / m2 : p * p / m2 - gap[x];
    }
}

/* ---- panels ----------------------------------------------------------- */

/* The change of variable of one panel, p(t) on t in [0, 1]. */
typedef struct panel_map {
    double p0, p1, len;
    int sing_left, sing_right;
} panel_map;

/* Scratch of one walk. */
typedef struct walk_scratch {
    int *act, n_act;
    char *pp;                    /* three phase points */
    double complex *f;
    double *garg, *gauss;
    double complex *adapt;       /* 6 n per depth */
    long adapt_left;
} walk_scratch;

/* GL on [ta, tb] of one panel for the live sums: sums with the Gaussian
 * (full) and, if want_free, without it (free_, the refinement's
 * Δx-independent measure; else a copy of full).  Stored nodes (Δx row)
 * start at *first. */
static int panel_gl(cr_walk *w, walk_scratch *s, const panel_map *pm, double ta, double tb,
                    int want_free, double complex *full, double complex *free_, size_t *first)
{
    want_free = want_free || w->store != NULL;
    const int *act = s->act;
    int n_act = s->n_act;
    if (n_act == w->n) /* all live: act is 0, 1, ... */
        for (int i = 0; i < n_act; i++)
            full[i] = free_[i] = 0.0;
    else
        for (int a = 0; a < n_act; a++)
            full[act[a]] = free_[act[a]] = 0.0;
    if (w->store != NULL)
        *first = w->store->n_nodes;
    double h = tb - ta, len = pm->len;
    double complex *f = s->f;
    for (int q = 0; q < GL_ORDER; q++) {
        /* p = base + off, with base the nearer end that is a threshold. */
        double t = ta + h * w->node[q], base, off, jac;
        cr_panel_point(pm->p0, pm->p1, len, pm->sing_left, pm->sing_right, t, &base, &off, &jac);
        int st = w->node_fn(w->ctx, base, off, !want_free, f, s->garg);
        if (st != CR_OK)
            return st;
        double wj = h * w->weight[q] * jac;
        if (!want_free && n_act == w->n) { /* all live: act is 0, 1, ... */
            for (int i = 0; i < n_act; i++)
                full[i] += CMPLX(wj * creal(f[i]), wj * cimag(f[i]));
            continue;
        }
        if (!want_free) {
            for (int a = 0; a < n_act; a++) {
                int i = act[a];
                full[i] += CMPLX(wj * creal(f[i]), wj * cimag(f[i]));
            }
            continue;
        }
        for (int c = 0; c < w->n_cls; c++)
            s->gauss[c] = w->d[c] == 0.0 ? 1.0 : exp(w->dx2 * s->garg[c]);
        for (int a = 0; a < n_act; a++) {
            int i = act[a];
            double complex v = wj * f[i];
            free_[i] += v;
            full[i] += v * s->gauss[w->cls[i]];
        }
        if (w->store != NULL)
            cr_walk_row_store(w->store, wj, f, s->garg);
    }
    if (!want_free)
        for (int a = 0; a < n_act; a++)
            free_[act[a]] = full[act[a]];
    return CR_OK;
}

/* Bisect until the halves reproduce the whole for every live sum (without
 * the Gaussian: the node set must not depend on Δx); the refined sums in
 * out_full / out_free. */
static int panel_adapt(cr_walk *w, walk_scratch *s, const panel_map *pm, double ta, double tb,
                       const double complex *whole, const double *scale,
                       double complex *out_full, double complex *out_free, int depth)
{
    if (cr_cancelled())
        return CR_ECANCEL;
    size_t n = (size_t)w->n;
    double complex *lf = s->adapt + (size_t)depth * 6 * n, *lo = lf + n, *rf = lo + n,
                   *ro = rf + n, *bf = ro + n, *bo = bf + n;
    const int *act = s->act;
    int n_act = s->n_act;
    double tm = 0.5 * (ta + tb);
    size_t lfirst = 0, rfirst = 0;
    int st = panel_gl(w, s, pm, ta, tm, 1, lf, lo, &lfirst);
    if (st == CR_OK)
        st = panel_gl(w, s, pm, tm, tb, 1, rf, ro, &rfirst);
    if (st != CR_OK)
        return st;
    s->adapt_left--;
    int ok = depth >= MAX_DEPTH || s->adapt_left <= 0;
    if (!ok) {
        ok = 1;
        double tol = ADAPT_TOL * w->fine * w->fine * (tb - ta);
        for (int a = 0; a < n_act && ok; a++) {
            int i = act[a];
            double complex dv = lo[i] + ro[i] - whole[i];
            if (!(creal(dv) * creal(dv) + cimag(dv) * cimag(dv)
                  <= (tol * scale[i]) * (tol * scale[i])))
                ok = 0;
        }
    }
    if (ok) {
        for (int a = 0; a < n_act; a++) {
            int i = act[a];
            out_full[i] = lf[i] + rf[i];
            out_free[i] = lo[i] + ro[i];
        }
        return CR_OK;
    }
    cr_walk_row_kill(w->store, lfirst, w->store != NULL ? w->store->n_nodes : 0);
    st = panel_adapt(w, s, pm, ta, tm, lo, scale, out_full, out_free, depth + 1);
    if (st == CR_OK)
        st = panel_adapt(w, s, pm, tm, tb, ro, scale, bf, bo, depth + 1);
    if (st != CR_OK)
        return st;
    for (int a = 0; a < n_act; a++) {
        int i = act[a];
        out_full[i] += bf[i];
        out_free[i] += bo[i];
    }
    return CR_OK;
}

/* The threshold panels, refined after the walk (a transfer's tolerance
 * is relative to its whole integral). */
typedef struct edge_list {
    int n, cap;
    panel_map *pm;
    double *seg;                 /* the segment's start (its live sums) */
    double complex *full, *free_; /* [e * n_sums + i] */
    size_t *first, *end;
} edge_list;

static void edges_free(edge_list *e)
{
    free(e->pm);
    free(e->seg);
    free(e->full);
    free(e->free_);
    free(e->first);
    free(e->end);
}

static int edge_add(edge_list *e, int n, const panel_map *pm, double seg,
                    const double complex *full, const double complex *free_, size_t first,
                    size_t end)
{
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 16;
        panel_map *a = realloc(e->pm, sizeof *a * (size_t)cap);
        if (a != NULL)
            e->pm = a;
        double *b = realloc(e->seg, sizeof *b * (size_t)cap);
        if (b != NULL)
            e->seg = b;
        double complex *c = realloc(e->full, sizeof *c * (size_t)cap * (size_t)n);
        if (c != NULL)
            e->full = c;
        double complex *d = realloc(e->free_, sizeof *d * (size_t)cap * (size_t)n);
        if (d != NULL)
            e->free_ = d;
        size_t *f = realloc(e->first, sizeof *f * (size_t)cap);
        if (f != NULL)
            e->first = f;
        size_t *g = realloc(e->end, sizeof *g * (size_t)cap);
        if (g != NULL)
            e->end = g;
        if (!a || !b || !c || !d || !f || !g)
            return CR_ENOMEM;
        e->cap = cap;
    }
    int k = e->n++;
    e->pm[k] = *pm;
    e->seg[k] = seg;
    memcpy(e->full + (size_t)k * (size_t)n, full, sizeof *full * (size_t)n);
    memcpy(e->free_ + (size_t)k * (size_t)n, free_, sizeof *free_ * (size_t)n);
    e->first[k] = first;
    e->end[k] = end;
    return CR_OK;
}

/* The live sums from a (the segment's set); the integrand's other sums
 * are zero, here once for the segment, not by the node function at each
 * node (cr_walk_node_fn). */
static int live_sums(cr_walk *w, walk_scratch *s, double a)
{
    if (w->segment != NULL) {
        for (int i = 0; i < w->n; i++)
            s->f[i] = 0.0;
        return s->n_act = w->segment(w->ctx, a, s->act);
    }
    for (int i = 0; i < w->n; i++)
        s->act[i] = i;
    return s->n_act = w->n;
}

/* The width of the panel from p0: the thermal momentum, μ's decay, the
 * grading towards the nearest branch point behind p0 (one at p0 itself is
 * removed by the change of variable) and towards i·b_min. */
static double rule_width(const cr_walk *w, double h_mu, double p0)
{
    double width = fmin(h_mu, w->fine * PANEL_DECAY * w->mass / (w->beta * p0));
    /* Deep in the tail μ decays by e^{-βp·h/m} across a panel: the cap on
     * that exponent keeps a sum which starts there (a small transfer)
     * accurate in relative, not only absolute, terms. */
    if (w->b_min < INFINITY)
        width = fmin(width, w->fine * PANEL_GRADE * hypot(p0, w->b_min));
    for (int q = w->ns - 1; q >= 0; q--)
        if (w->sing[q] < p0 * (1.0 - 1e-12)) {
            width = fmin(width, w->fine * PANEL_GRADE * (p0 - w->sing[q]));
            break;
        }
    return width;
}

/* Walk the panels of every segment; threshold panels into edges. */
static int walk_panels(cr_walk *w, walk_scratch *s, double complex *full, double complex *free_,
                       double complex *pf, double complex *po, edge_list *edges)
{
    double max_phase = w->fine * (w->exact ? PANEL_PHASE_EXACT : PANEL_PHASE);
    double h_mu = w->fine * PANEL_MU * sqrt(w->mass / w->beta);
    char *pp = s->pp;
    void *A = pp, *B = pp + w->phase_size, *end = pp + 2 * w->phase_size;
    double end_p = 0.0;
    int have_end = 0, panels = 0, st = CR_OK;
    for (int b = 0; b + 1 < w->nb && st == CR_OK; b++) {
        double a = w->br[b], z = w->br[b + 1];
        if (a < w->lo || live_sums(w, s, a) == 0)
            continue;
        double p0 = a;
        while (p0 < z && panels < MAX_PANELS) {
            if (cr_cancelled()) {
                st = CR_ECANCEL;
                break;
            }
            double width = rule_width(w, h_mu, p0);
            /* Shrink it until every integrand turns through at most
             * max_phase radians on it. */
            if (have_end && end_p == p0) { /* the previous panel's end */
                void *t = A; A = end; end = t;
            } else {
                w->phase_at(w->ctx, p0, A);
            }
            double pb = p0;
            for (int it = 0; it < 60; it++) {
                pb = fmin(p0 + width, z);
                w->phase_at(w->ctx, pb, B);
                double ph = w->phase(w->ctx, pb, A, B);
                if (ph <= max_phase)
                    break;
                width *= fmax(0.1, 0.9 * max_phase / ph);
            }
            /* A remainder short of a quarter panel joins this one; short of
             * half a panel at the end of the range, where every integrand is
             * below e^{-27} of its value at its lower end (βp²/2m grows by
             * at least 40 from any lower end to the cut, by at most 13
             * across 1.5 panels of the decay bound). */
            double p1 = p0 + width;
            if (p1 > z - (b + 2 == w->nb ? 0.5 : 0.25) * width)
                p1 = z;
            have_end = p1 == pb;
            if (have_end) {
                void *t = end; end = B; B = t;
                end_p = pb;
            }
            int sing_left = (p0 == a), sing_right = (p1 == z && b + 2 < w->nb);
            panel_map pm = { p0, p1, p1 - p0, sing_left, sing_right };
            size_t first = 0;
            int edge_panel = w->exact && (sing_left || sing_right);
            st = panel_gl(w, s, &pm, 0.0, 1.0, edge_panel, pf, po, &first);
            if (st == CR_OK && edge_panel)
                st = edge_add(edges, w->n, &pm, a, pf, po, first,
                              w->store != NULL ? w->store->n_nodes : 0);
            if (st != CR_OK)
                break;
            for (int k = 0; k < s->n_act; k++) {
                int i = s->act[k];
                full[i] += pf[i];
                free_[i] += po[i];
            }
            panels++;
            p0 = p1;
        }
    }
    if (st == CR_OK && panels >= MAX_PANELS) {
        w->panel_cap = 1;
        st = CR_ENUMERIC;
    }
    return st;
}

/* Refine the threshold panels.  A transfer probability (Eq. 20) has a
 * positive integrand |s|²μ: refined relative to its own integral I (plus
 * floor_sqrt·√|I|, where round-off bounds what can be known), so a tiny
 * transfer keeps detailed balance; the others to ADAPT_TOL absolute, as
 * their integrands may cancel. */
static int refine_edges(cr_walk *w, walk_scratch *s, double complex *full,
                        double complex *free_, double complex *af, double complex *ao,
                        const edge_list *edges)
{
    if (edges->n == 0)
        return CR_OK;
    size_t n = (size_t)w->n;
    double *scale = malloc(sizeof(double) * n);
    s->adapt = malloc(sizeof(double complex) * 6 * n * (MAX_DEPTH + 1));
    if (scale == NULL || s->adapt == NULL) {
        free(scale);
        return CR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double size = cabs(free_[i]);
        scale[i] = w->transfer[i] ? 1e-2 * fmin(1.0, size) + w->floor_sqrt * sqrt(size) + 1e-300
                                  : 1.0;
    }
    int st = CR_OK;
    for (int e = 0; e < edges->n && st == CR_OK; e++) {
        live_sums(w, s, edges->seg[e]);
        const double complex *ef = edges->full + (size_t)e * n, *eo = edges->free_ + (size_t)e * n;
        size_t before = w->store != NULL ? w->store->n_nodes : 0;
        s->adapt_left = ADAPT_BUDGET;
        st = panel_adapt(w, s, &edges->pm[e], 0.0, 1.0, eo, scale, af, ao, 0);
        if (st != CR_OK)
            break;
        /* The whole panel's nodes give way to the refinement's. */
        if (w->store != NULL && w->store->n_nodes > before)
            cr_walk_row_kill(w->store, edges->first[e], edges->end[e]);
        for (int k = 0; k < s->n_act; k++) {
            int i = s->act[k];
            full[i] += af[i] - ef[i];
            free_[i] += ao[i] - eo[i];
        }
    }
    free(scale);
    return st;
}

/* Refuse at once what would reach MAX_PANELS.  Three lower bounds on the
 * panels: every phase is monotonic in p, so the fastest integrand's turn
 * over the whole range divided by the rule's phase per panel; the range
 * divided by the thermal width cap; and the panels of μ's decay cap.  A panel exceeds either by at
 * most half where it joins a remainder: refused beyond 1.5 MAX_PANELS. */
static int too_many_panels(cr_walk *w, walk_scratch *s)
{
    double max_phase = w->fine * (w->exact ? PANEL_PHASE_EXACT : PANEL_PHASE);
    double hi = w->br[w->nb - 1];
    char *pp = s->pp;
    live_sums(w, s, hi);
    w->phase_at(w->ctx, w->lo, pp);
    w->phase_at(w->ctx, hi, pp + w->phase_size);
    w->phase_total = w->phase(w->ctx, hi, pp, pp + w->phase_size);
    double h_mu = w->fine * PANEL_MU * sqrt(w->mass / w->beta);
    /* The decay cap m·DECAY/(βp): ∫ βp/(m·DECAY) dp over the range. */
    double decay = w->beta * (hi - w->lo) * (hi + w->lo) / (2.0 * w->fine * PANEL_DECAY * w->mass);
    double bound = fmax(w->phase_total / max_phase, fmax((hi - w->lo) / h_mu, decay));
    if (bound > 1.5 * MAX_PANELS) {
        /* 2: the range itself (set by the level spacing), not a phase. */
        w->panel_cap = w->phase_total / max_phase >= bound ? 1 : 2;
        return CR_ENUMERIC;
    }
    return CR_OK;
}

int cr_walk_refusal(char *err, size_t errlen, int range, double packet, double scatterer,
                    double x0, double spacing, double length, double lambda)
{
    if (range)
        return cr_error(err, errlen, CR_ENUMERIC,
                        "scattering map: refused: more than %d quadrature panels needed: the "
                        "level spacing %.3g or lambda %.3g too large (the momenta up to the "
                        "largest eigenvalue of H_S and H_tot span too many thermal widths)",
                        (int)MAX_PANELS, spacing, lambda);
    const char *cause = packet >= scatterer ? "the packet's phase x0*(p - pi): |x0| or the "
                                              "level spacing (times sqrt(mass)) too large"
                                            : "the scatterer's phase L*q: the length, "
                                              "lambda or mass too large";
    return cr_error(err, errlen, CR_ENUMERIC,
                    "scattering map: refused: more than %d quadrature panels needed: %s "
                    "(over the thermal range x0*(p - pi) turns through %.3g rad, x0 = %.3g, "
                    "level spacing %.3g; L*q through %.3g rad, length = %.3g, lambda = %.3g)",
                    (int)MAX_PANELS, cause, packet, x0, spacing, scatterer, length, lambda);
}

int cr_walk_integrate(cr_walk *w, double complex *full, double complex *free_)
{
    size_t n = (size_t)w->n;
    for (size_t i = 0; i < n; i++)
        full[i] = free_[i] = 0.0;
    w->panel_cap = 0;
    w->phase_total = 0.0;
    if (w->nb < 2 || !(w->lo < w->br[w->nb - 1]))
        return CR_OK;
    walk_scratch s = { 0 };
    edge_list edges = { 0 };
    /* One block for the scratch: on the stack for the qubit's few sums. */
    size_t phase = (w->phase_size + 15) / 16 * 16;
    size_t need = sizeof(double complex) * n * 5 + sizeof(double) * 2 * (size_t)w->n_cls
                + 3 * phase + sizeof(int) * n + 64;
    _Alignas(16) char small[4096];
    char *block = need <= sizeof small ? small : malloc(need);
    int st = CR_ENOMEM;
    if (block != NULL) {
        s.f = (double complex *)block;
        s.pp = (char *)(s.f + 5 * n);
        s.garg = (double *)(s.pp + 3 * phase);
        s.gauss = s.garg + w->n_cls;
        s.act = (int *)(s.gauss + w->n_cls);
        double complex *pf = s.f + n, *po = pf + n, *af = po + n, *ao = af + n;
        st = too_many_panels(w, &s);
        if (st == CR_OK)
            st = walk_panels(w, &s, full, free_, pf, po, &edges);
        if (st == CR_OK)
            st = refine_edges(w, &s, full, free_, af, ao, &edges);
    }
    if (block != small)
        free(block);
    free(s.adapt);
    edges_free(&edges);
    return st;
}
