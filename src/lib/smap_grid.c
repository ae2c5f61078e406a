/* smap_grid.c — the entries of one scattering map (Eq. 17) on a shared
 * grid: their common amplitude energies and classes of d, the integrand of
 * all of them at one node (one amplitude evaluation per distinct energy,
 * one envelope per class), and the phase bound that sizes the panels. */
#include "config.h"

#include "smap_grid.h"

#include <math.h>
#include <string.h>

#include "colres/status.h"
#include "panel_walk.h"
#include "special.h"
#include "amp_phase.h"

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
            g->o1[i] = cr_find_or_add(g->off, &g->n_off, c->off1, 0.0);
            g->o2[i] = cr_find_or_add(g->off, &g->n_off, c->off2, 0.0);
            g->cls[i] = cr_find_or_add(g->d, &g->n_cls, c->d, 0.0);
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
    for (int i = 0; i < g->n; i++) {
        const entry_ctx *c = &g->e[i];
        g->low[i] = entry_low(g, c);
        if (g->population[i]) {
            g->pop_entry[g->n_pop] = i;
            g->pop_amp[g->n_pop++] = 4 * g->o1[i] + 2 * c->jp + c->j;
            continue;
        }
        int t = g->n_coh++;
        g->coh_entry[t] = i;
        g->coh_cls[t] = g->cls[i];
        g->coh_amp1[t] = 4 * g->o1[i] + 2 * c->jp + c->j;
        g->coh_amp2[t] = 4 * g->o2[i] + 2 * c->kp + c->k;
        int o1 = g->o1[i], o2 = g->o2[i], s1 = c->jp + c->j, s2 = c->kp + c->k, q;
        for (q = 0; q < g->n_phase; q++) {
            int q1 = g->phase_th1[q], q2 = g->phase_th2[q];
            if (g->phase_cls[q] != g->cls[i] || q1 / 3 != o1 || q2 / 3 != o2)
                continue;
            if (q1 % 3 == s1 && q2 % 3 == s2)
                break;
            if (o1 == o2 && q2 % 3 - q1 % 3 == s2 - s1)
                break;
        }
        if (q == g->n_phase) {
            g->phase_th1[q] = 3 * o1 + s1;
            g->phase_th2[q] = 3 * o2 + s2;
            g->phase_cls[q] = g->cls[i];
            g->n_phase++;
        }
        g->coh_phase[t] = q;
    }
    double m = par->mass, L = par->length;
    g->beta_m = par->beta / m;
    g->beta_2m = par->beta / (2.0 * m);
    g->inv_2m = 1.0 / (2.0 * m);
    g->lm = L * m;
    g->lmr = L * m * sys->radius;
    g->inv_r = 1.0 / sys->radius;
    for (int ab = 0; ab < 4; ab++) {
        g->h_re[ab] = creal(sys->htot[ab >> 1][ab & 1]);
        g->h_im[ab] = cimag(sys->htot[ab >> 1][ab & 1]);
    }
    for (int o = 0; o < g->n_off; o++)
        for (int x = 0; x < 2; x++) {
            double lev = g->off[o] - sys->e[x];
            g->k_src[o][x] = lev == 0.0 ? K_IS_P : K_OWN;
            for (int c = 0; c < g->n_cls && g->k_src[o][x] == K_OWN; c++)
                if (g->d[c] != 0.0 && -g->d[c] == lev)
                    g->k_src[o][x] = c;
        }
    g->status = CR_OK;
}

/* sin and cos of x[0..n-1], n even; a pair with an argument out of range
 * goes to libm.  Not inlined: in its own frame the constants stay memory
 * operands rather than registers spilled around the caller's values. */
__attribute__((noinline)) static void sincos_n(const double *x, double *s, double *c, int n)
{
    for (int h = 0; h < n; h += 2) {
        int near = fabs(x[h]) <= CR_SINCOS_MAX && fabs(x[h + 1]) <= CR_SINCOS_MAX;
        if (!(CR_VECTOR_MATH && near)) {
            sincos(x[h], &s[h], &c[h]);
            sincos(x[h + 1], &s[h + 1], &c[h + 1]);
            continue;
        }
        cr_v2d vs, vc;
        cr_sincos2(cr_v2_load(x + h), &vs, &vc);
        cr_v2_store(s + h, vs);
        cr_v2_store(c + h, vc);
    }
}

/* Round a count up to whole batches of CR_BATCH (special.h). */
#define BATCHES(n) (((n) + CR_BATCH - 1) / CR_BATCH * CR_BATCH)

/* Exact amplitudes at E_o(p), p = base + off (cr_panel_above). */
static int exact_at(const cr_smap_grid *g, int o, double base, double off,
                    double complex sp[2][2], double complex sm[2][2])
{
    double above[4];
    cr_panel_above(g->threshold_p[o], g->gap[o], 4, g->par->mass, base, off, above);
    return cr_amp_exact_above(g->sys, above, above + 2, sp, sm);
}

/* The integrand of every entry at one node (smap_grid.h).  The libm-free
 * sin, cos and exp of special.h go in batches: one exponential per class
 * of d (μ and the Gaussian of Eq. 23), and for approx amplitudes one sin
 * and cos per amplitude energy (cos and sinc of L·δq) and per entry (the
 * packet's phase and both amplitudes' in one), all of them at once. */
int cr_smap_grid_node(cr_smap_grid *g, double base, double off, int with_gauss,
                      double complex f[MAX_ENTRIES], double garg[MAX_CLASSES])
{
    const cr_params *par = g->par;
    const cr_system *sys = g->sys;
    double p = base + off, m = par->mass;
    double env[BATCHES(MAX_CLASSES)], pre[MAX_CLASSES], earg[BATCHES(MAX_CLASSES)];
    double phase[BATCHES(MAX_CLASSES)];   /* the packet's diff·x0 */
    double pi_c[MAX_CLASSES];             /* π = √(p² - 2md), 0 below p_inf */
    for (int c = 0; c < BATCHES(MAX_CLASSES); c++)
        earg[c] = phase[c] = 0.0;
    for (int c = 0; c < g->n_cls; c++) {
        double pi2 = p * p - 2.0 * m * g->d[c];
        garg[c] = 0.0;
        pre[c] = 0.0;
        pi_c[c] = 0.0;
        if (pi2 <= 0.0 || p <= 0.0)
            continue;
        if (g->d[c] == 0.0) { /* π = p: no packet phase, no Gaussian */
            pre[c] = g->beta_m * p;
            earg[c] = -g->beta_2m * p * p;
            continue;
        }
        double pi = pi_c[c] = sqrt(pi2), sum = p + pi;
        double inv = 1.0 / (pi * sum); /* one division for 1/π and 1/(p + π) */
        double diff = 2.0 * m * g->d[c] * (pi * inv); /* p - π, without cancellation */
        double P = 0.5 * sum;
        /* μ((p+π)/2) of Eq. 23, with the Gaussian in one exponential. */
        garg[c] = -0.5 * diff * diff;
        pre[c] = g->beta_m * P * sqrt(p * (sum * inv));
        earg[c] = -g->beta_2m * P * P + (with_gauss ? g->dx2 * garg[c] : 0.0);
        phase[c] = diff * par->x0;
    }
    cr_exp4(earg, env);
    for (int c = 0; c < g->n_cls; c++)
        env[c] *= pre[c];
    double ep = p * p * g->inv_2m;
    if (!g->exact) {
        /* Eq. S1 (amplitudes.c) at each energy E_o, in the parts every entry
         * shares: s⁺_{ab} = (δ_ab cos(Lδq) - i·gfac·h_ab) e^{iθ_ab}, θ_ab =
         * L(σ - (k_a + k_b)/2) by a + b; below e_max s⁺ = 1 (θ = 0).  The
         * sines and cosines: L·δq per energy, then each entry's phase. */
        enum { N_ARG = BATCHES(MAX_OFFS + MAX_ENTRIES) };
        double arg[N_ARG], sn[N_ARG], cs[N_ARG];
        double inv_sigma[MAX_OFFS], theta[3 * MAX_OFFS];
        int identity[MAX_OFFS];
        double m2 = 2.0 * sys->mass, L = sys->length, R = sys->radius;
        int n_off = g->n_off, na = n_off + g->n_phase;
        for (int o = 0; o < n_off; o++) {
            double E = ep + g->off[o];
            identity[o] = E < sys->e_max;
            if (identity[o]) {
                arg[o] = 0.0;
                inv_sigma[o] = 1.0;
                theta[3 * o] = theta[3 * o + 1] = theta[3 * o + 2] = 0.0;
                continue;
            }
            cr_v2d qab = { m2 * (E - R), m2 * (E + R) };
            qab = cr_sqrt2(qab); /* the two modes' √(2m(E ∓ R)) */
            double sg = 0.5 * (qab[0] + qab[1]);
            inv_sigma[o] = 1.0 / sg;
            arg[o] = -g->lmr * inv_sigma[o]; /* L·δq = -LmR/σ */
            double k[2]; /* k_x = √(2m(E - e_x)), or p, or a class's π */
            for (int x = 0; x < 2; x++) {
                int src = g->k_src[o][x];
                k[x] = src == K_IS_P ? p : src >= 0 ? pi_c[src] : sqrt(m2 * (E - sys->e[x]));
            }
            double k0 = k[0], k1 = k[1];
            double e0 = sys->e[0], e1 = sys->e[1], qa = qab[0], qb = qab[1];
            theta[3 * o] = cr_amp_qubit_theta(L, m2, R, qa, qb, e0, k0, e0, k0);
            theta[3 * o + 1] = cr_amp_qubit_theta(L, m2, R, qa, qb, e0, k0, e1, k1);
            theta[3 * o + 2] = cr_amp_qubit_theta(L, m2, R, qa, qb, e1, k1, e1, k1);
        }
        for (int q = 0; q < g->n_phase; q++)
            arg[n_off + q] = theta[g->phase_th1[q]] - theta[g->phase_th2[q]]
                           - phase[g->phase_cls[q]];
        if (na % 2)
            arg[na++] = 0.0;
        sincos_n(arg, sn, cs, na);
        /* amp[4o + 2a + b] = δ_ab cos(Lδq) - i·gfac·h_ab. */
        double amp_re[4 * MAX_OFFS], amp_im[4 * MAX_OFFS];
        for (int o = 0; o < n_off; o++) {
            double *re = amp_re + 4 * o, *im = amp_im + 4 * o;
            if (identity[o]) {
                re[0] = re[3] = 1.0;
                re[1] = re[2] = im[0] = im[1] = im[2] = im[3] = 0.0;
                continue;
            }
            /* gfac = (Lm/σ) sinc(Lδq) = -sin(Lδq)/R, but for a tiny Lδq. */
            double ldq = arg[o];
            double gfac = fabs(ldq) < 1e-4 ? g->lm * inv_sigma[o] * cr_sinc(ldq)
                                           : -sn[o] * g->inv_r;
            for (int ab = 0; ab < 4; ab++) {
                re[ab] = gfac * g->h_im[ab];
                im[ab] = -gfac * g->h_re[ab];
            }
            re[0] += cs[o];
            re[3] += cs[o];
        }
        for (int t = 0; t < g->n_pop; t++) { /* μ|s|², Eq. 20 */
            double ar = amp_re[g->pop_amp[t]], ai = amp_im[g->pop_amp[t]];
            int i = g->pop_entry[t];
            f[i] = env[g->cls[i]] * (ar * ar + ai * ai);
        }
        for (int t = 0; t < g->n_coh; t++) {
            /* e·g1·conj(g2)·e^{iφ} in real arithmetic (finite operands: no
             * C99 Annex G recovery needed); e = 0 below p_inf. */
            double ar = amp_re[g->coh_amp1[t]], ai = amp_im[g->coh_amp1[t]];
            double br = amp_re[g->coh_amp2[t]], bi = amp_im[g->coh_amp2[t]];
            int q = n_off + g->coh_phase[t];
            double e = env[g->coh_cls[t]], s = sn[q], co = cs[q];
            double ur = ar * br + ai * bi, ui = ai * br - ar * bi; /* g1·conj(g2) */
            f[g->coh_entry[t]] = CMPLX(e * (ur * co - ui * s), e * (ur * s + ui * co));
        }
        return CR_OK;
    }
    double complex shift[MAX_CLASSES];
    {
        double sn[BATCHES(MAX_CLASSES)], cs[BATCHES(MAX_CLASSES)];
        sincos_n(phase, sn, cs, BATCHES(MAX_CLASSES));
        for (int c = 0; c < g->n_cls; c++)
            shift[c] = g->d[c] == 0.0 ? 1.0 : CMPLX(cs[c], -sn[c]);
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
#define REFLECT_FAR 0.125

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
        int k = g->cls[i], transfer = g->exact && c->j == c->k && c->jp == c->kp && c->j != c->jp;
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
             * the fastest single mode bounds both.  Beyond the reflection
             * range, a transfer probability still carries it as a share
             * ~V/E of its own size (|s⁻|² ~ (V/E)², the transfer ~ 1/E):
             * counted at REFLECT_FAR weight, so that 12 nodes integrate
             * it to ~1e-12 of itself, far below the transfer's 1e-12. */
            if (!g->exact)
                continue;
            double weight = A->E[oi] - sys->e_max < reflect_range ? 1.0
                          : transfer ? REFLECT_FAR : 0.0;
            if (weight > 0.0)
                for (int n = 0; n < 2; n++)
                    reflect = fmax(reflect, weight * 2.0 * L * (B->q[oi][n] - A->q[oi][n]));
        }
        if (total + reflect > ph) /* fmax, inline (NaN ignored as there) */
            ph = total + reflect;
    }
    return ph;
}

