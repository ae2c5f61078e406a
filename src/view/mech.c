/* mech.c — the ensemble behind the coherence plane and the ensemble mean
 * (view/mech.h): it follows the session's trajectory collision by
 * collision and shows the time between. */
#include "config.h"

#include "view/mech.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/ensemble.h"
#include "colres/nlevel.h"
#include "colres/status.h"

struct cr_mech {
    cr_ens *ens;
    int k;
    int have_map, dephase;
    double gamma;
    double e[CR_NMAX];
    cr_nmap S, DS;               /* the map, and D·S for the mean with D */
    /* The exact mean e^{ℒ(t - t_a)} ρ_a: restarted where the map changes. */
    cr_nstate anchor_rho;
    double anchor_t;
    double last_t;               /* time of the last frame (for Γt) */
    cr_nstate rho0;              /* of the last reset */
    int cmp_valid, cmp_dephase;  /* compare means computed for this map, D */
};

cr_mech *cr_mech_new(void)
{
    cr_mech *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->ens = cr_ens_alloc(1);
    if (m->ens == NULL) {
        free(m);
        return NULL;
    }
    m->k = 1;
    m->gamma = 1.0;
    return m;
}

void cr_mech_free(cr_mech *m)
{
    if (m == NULL)
        return;
    cr_ens_free(m->ens);
    free(m);
}

int cr_mech_next_k(int k)
{
    static const int cycle[] = { 1, 16, 64, 256, 1024, 4096 };
    for (size_t i = 0; i + 1 < sizeof cycle / sizeof cycle[0]; i++)
        if (k < cycle[i + 1])
            return cycle[i + 1];
    return 1;
}

int cr_mech_set_k(cr_mech *m, cr_mech_view *mv, int k)
{
    if (k < 1 || k > CR_MECH_K_MAX)
        return -1;
    if (k == m->k)
        return 0;
    cr_ens *e = cr_ens_alloc((size_t)k);
    if (e == NULL)
        return -1;
    cr_ens_free(m->ens);
    m->ens = e;
    m->k = k;
    mv->k = k;
    return 0;
}

static void exact_mean_at(const cr_mech *m, double t, cr_nstate *out)
{
    char err[128];
    const cr_nmap *S = m->dephase ? &m->DS : &m->S;
    if (!m->have_map || cr_nevolve(S, m->gamma, m->e, t - m->anchor_t, &m->anchor_rho, out, err,
                                   sizeof err) != CR_OK)
        *out = m->anchor_rho;
}

/* Move the exact mean's anchor to the ensemble's time (before the map or
 * D changes, so the mean continues from where it is). */
static void move_anchor(cr_mech *m)
{
    double t = cr_ens_time(m->ens);
    cr_nstate now;
    exact_mean_at(m, t, &now);
    m->anchor_rho = now;
    m->anchor_t = t;
}

void cr_mech_reset(cr_mech *m, cr_mech_view *mv, unsigned long seed, const cr_nstate *rho0,
                   int dephase)
{
    cr_ens_reset_to(m->ens, seed, rho0);
    m->dephase = dephase != 0;
    cr_ens_set_dephase(m->ens, m->dephase);
    m->anchor_rho = *rho0;
    m->anchor_t = 0.0;
    if (m->rho0.n != rho0->n || memcmp(m->rho0.v, rho0->v, sizeof rho0->v) != 0)
        m->cmp_valid = 0;
    m->rho0 = *rho0;
    m->last_t = 0.0;
    mv->k = m->k;
    if (mv->pair_k <= mv->pair_j || mv->pair_k >= rho0->n) {
        mv->pair_j = 0;
        mv->pair_k = 1;
    }
    mv->gt = mv->t = 0.0;
    mv->tail_n = mv->tail_start = 0;
    mv->ens_n = mv->ens_start = 0;
    mv->at_end = 0;
    mv->stepping = 0;
    mv->have = 0;
}

void cr_mech_set_map(cr_mech *m, const cr_nmap *S, double gamma, const double *e)
{
    if (m->have_map)
        move_anchor(m);
    m->S = *S;
    cr_nmap_dephased(&m->S, &m->DS);
    m->gamma = gamma;
    for (int j = 0; j < S->n; j++)
        m->e[j] = e[j];
    m->have_map = 1;
    m->cmp_valid = 0;
    cr_ens_set_map(m->ens, S, gamma, e);
}

void cr_mech_set_dephase(cr_mech *m, int on)
{
    move_anchor(m);
    m->dephase = on != 0;
    cr_ens_set_dephase(m->ens, m->dephase);
}

double cr_mech_last(const cr_mech *m)
{
    return cr_ens_member_last(m->ens, 0);
}

double cr_mech_next(const cr_mech *m)
{
    return cr_ens_member_next(m->ens, 0);
}

static void push_ring(size_t *n, size_t *start, size_t cap, size_t *slot)
{
    if (*n < cap) {
        *slot = (*start + *n) % cap;
        (*n)++;
    } else {
        *slot = *start;
        *start = (*start + 1) % cap;
    }
}

/* The plane's points: every member's ρ_jk and their mean, e^{ℒt}ρ(0)'s. */
static void fill_plane(cr_mech *m, cr_mech_view *mv)
{
    int n = m->S.n > 0 ? m->S.n : 2;
    int j = mv->pair_j, k = mv->pair_k, at = j * n + k;
    double complex sum = 0;
    cr_nstate rho;
    for (int i = 0; i < m->k; i++) {
        cr_ens_member_state(m->ens, (size_t)i, &rho);
        if (rho.n != n || k >= n) {
            mv->cloud_n = 0;
            return;
        }
        mv->cloud_re[i] = creal(rho.v[at]);
        mv->cloud_im[i] = cimag(rho.v[at]);
        sum += rho.v[at];
    }
    mv->cloud_n = (size_t)m->k;
    mv->cloud_mean = sum / m->k;
    size_t slot;
    push_ring(&mv->tail_n, &mv->tail_start, CR_MECH_TAIL, &slot);
    mv->tail_re[slot] = mv->cloud_re[0];
    mv->tail_im[slot] = mv->cloud_im[0];
    cr_nstate mean;
    exact_mean_at(m, cr_ens_time(m->ens), &mean);
    mv->have_exact = m->have_map && mean.n == n;
    mv->exact_mean = mv->have_exact ? mean.v[at] : 0;
}

void cr_mech_follow(cr_mech *m, cr_mech_view *mv, unsigned long count, double frac)
{
    cr_ens *e = m->ens;
    while (cr_ens_member_count(e, 0) < count) {
        unsigned long before = cr_ens_member_count(e, 0);
        double next = cr_ens_member_next(e, 0);
        if (!isfinite(next))
            break;
        cr_ens_advance_to(e, next);
        if (cr_ens_member_count(e, 0) == before)
            break; /* the state and the map disagree: nothing steps */
    }
    if (frac > 0 && frac < 1) {
        double t0 = cr_ens_member_last(e, 0), t1 = cr_ens_member_next(e, 0);
        double t = t0 + frac * (t1 - t0);
        /* Never onto member 0's next collision: the session steps it. */
        if (t < t1)
            cr_ens_advance_to(e, t);
    }
    double t = cr_ens_time(e);
    mv->gt += m->gamma * (t - m->last_t);
    m->last_t = t;
    mv->t = t;
    mv->collisions = cr_ens_member_count(e, 0);
    fill_plane(m, mv);
    if (m->k > 1) {
        cr_ens_stats st;
        cr_ens_stats_now(e, &st);
        size_t slot;
        push_ring(&mv->ens_n, &mv->ens_start, CR_SCREEN_TRAJ_MAX, &slot);
        mv->ens_gt[slot] = mv->gt;
        mv->ens_mean[slot] = st.mean[0];
        mv->ens_lo[slot] = st.mean[0] - 2.0 * st.sem[0];
        mv->ens_hi[slot] = st.mean[0] + 2.0 * st.sem[0];
    }
    mv->have = 1;
}

static void cmp_means(cr_mech_view *mv, const cr_nmap *S, const double *e, const cr_nstate *rho0,
                      const double *gammas, const int *dephase, int n)
{
    char err[128];
    cr_nmap *DS = malloc(sizeof *DS); /* 64 KiB: not on the stack */
    mv->cmp_n = 0;
    if (DS == NULL)
        return;
    cr_nmap_dephased(S, DS);
    for (int i = 0; i < CR_MECH_CMP_POINTS; i++)
        mv->cmp_gt[i] = CR_MECH_WINDOW * i / (CR_MECH_CMP_POINTS - 1);
    for (int c = 0; c < n && c < CR_MECH_CMP_MAX; c++)
        for (int i = 0; i < CR_MECH_CMP_POINTS; i++) {
            cr_nstate r;
            if (cr_nevolve(dephase[c] ? DS : S, gammas[c], e, mv->cmp_gt[i] / gammas[c], rho0, &r,
                           err, sizeof err) != CR_OK) {
                free(DS);
                return;
            }
            mv->cmp_mean[c][i] = creal(r.v[0]);
        }
    free(DS);
    mv->cmp_n = n < CR_MECH_CMP_MAX ? n : CR_MECH_CMP_MAX;
}

void cr_mech_next_pair(cr_mech_view *mv, int n)
{
    int j = mv->pair_j, k = mv->pair_k + 1;
    if (k >= n) {
        j++;
        k = j + 1;
    }
    if (j >= n - 1 || k >= n) {
        j = 0;
        k = 1;
    }
    mv->pair_j = j;
    mv->pair_k = k;
}

void cr_mech_cmp_update(cr_mech *m, cr_mech_view *mv, int on, int dephase_all)
{
    static const double gammas[] = CR_SCREEN_CMP_GAMMAS;
    static const int dephase[] = CR_SCREEN_CMP_DEPHASE;
    if (!on || !m->have_map || m->rho0.n != m->S.n) {
        mv->cmp_n = 0;
        return;
    }
    if (m->cmp_valid && m->cmp_dephase == dephase_all && mv->cmp_n > 0)
        return;
    int d[CR_SCREEN_CMP_N];
    for (int c = 0; c < CR_SCREEN_CMP_N; c++)
        d[c] = dephase[c] || dephase_all;
    cmp_means(mv, &m->S, m->e, &m->rho0, gammas, d, CR_SCREEN_CMP_N);
    m->cmp_valid = mv->cmp_n > 0;
    m->cmp_dephase = dephase_all;
}

unsigned long cr_mech_collisions_due(cr_mech_view *mv, double speed, double dt, double step_s,
                                     double *carry)
{
    if (mv->stepping) {
        *carry += dt / step_s;
        if (*carry < 1.0)
            return 0;
        *carry = 0.0;
        mv->stepping = 0;
        return 1;
    }
    *carry += speed * dt;
    unsigned long n = (unsigned long)*carry;
    *carry -= (double)n;
    return n;
}

int cr_mech_window_reached(cr_mech_view *mv, double gt, double window, double *carry)
{
    if (!(gt >= window) || mv->at_end)
        return 0;
    mv->at_end = 1;
    *carry = 0.0;
    return 1;
}
