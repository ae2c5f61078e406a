/* smap_grid.c — the entries of one scattering map (Eq. 17) on a shared
 * grid: their common amplitude energies and classes of d, the integrand of
 * all of them at one node (one amplitude evaluation per distinct energy,
 * one envelope per class), and the phase bound that sizes the panels. */
#include "config.h"

#include "smap_grid.h"

#include <math.h>
#include <string.h>

#include "colres/status.h"
#include "special.h"

/* The lower end of entry i's integral: p_inf, or for approx amplitudes
 * above which an off-diagonal amplitude is not zero (Eq. S1 is the
 * identity below e_max). */
static double entry_low(const cr_smap_grid *g, const entry_ctx *c)
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

static int find_or_add(double *v, int *n, double x)
{
    for (int i = 0; i < *n; i++)
        if (v[i] == x)
            return i;
    v[*n] = x;
    return (*n)++;
}

void cr_smap_grid_init(cr_smap_grid *g, const cr_smap_workspace *ws, const cr_params *par,
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
    for (int i = 0; i < g->n; i++)
        g->low[i] = entry_low(g, &g->e[i]);
    g->status = CR_OK;
}

/* The approx amplitude (Eq. S1, amplitudes.c) at one energy, in the parts
 * that every entry shares: s⁺_{ab} = (δ_ab cos + gfac·h_ab) e^{iθ_ab}. */
typedef struct approx_amp {
    int identity;          /* below e_max: s⁺ = 1 */
    double cosine, gfac, sigma, k[2];
} approx_amp;

static void approx_at(const cr_smap_grid *g, double E, approx_amp *a)
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
static double complex approx_entry(const cr_smap_grid *g, const approx_amp *a, int jp, int j,
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
static int exact_at(const cr_smap_grid *g, int o, double base, double off,
                    double complex sp[2][2], double complex sm[2][2])
{
    double m2 = 2.0 * g->par->mass, p = base + off, above[4];
    for (int x = 0; x < 4; x++) {
        double P = g->threshold_p[o][x];
        above[x] = P > 0.0 ? ((base - P) + off) * (p + P) / m2 : p * p / m2 - g->gap[o][x];
    }
    return cr_amp_exact_above(g->sys, above, above + 2, sp, sm);
}

/* The integrand of every entry at one node (smap_grid.h). */
int cr_smap_grid_node(cr_smap_grid *g, double base, double off, int with_gauss,
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

/* Reflection is resolved only while E - e_max < REFLECT_RANGE·V (V = R + Δ,
 * the potential's scale): beyond, |s⁻| ~ V/(2(E - e_max)) < 5e-5 and the
 * e^{2iqL} modulation it puts on |s|² averages out over the panels.  At
 * the paper's physical example (exact, m = 66086, β = 4.3e-5) ranges 1e5,
 * 1e4, 1e3 gave maps within 1.2e-11 and 3.4e-10 of each other. */
#define REFLECT_RANGE 1e4

void cr_smap_grid_phase_at(const cr_smap_grid *g, double p, cr_smap_phase_point *pp)
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
double cr_smap_grid_phase(const cr_smap_grid *g, double pb, const cr_smap_phase_point *A,
                          const cr_smap_phase_point *B)
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

