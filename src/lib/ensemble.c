/* ensemble.c — K seeded trajectories run together (Eq. 5) and their
 * statistics; the members step through traj_kernel.h as cr_ntraj does. */
#include "config.h"

#include "colres/ensemble.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "colres/status.h"
#include "ndynamics_general.h"
#include "traj_kernel.h"
#include "workers.h"

struct cr_ens {
    size_t k;
    int n;                  /* N of the states */
    int map_n;              /* N of the map */
    double *map;            /* S in real form, row stride map_n² */
    double qmap[4][4];      /* the same for a qubit (the cr_traj path) */
    double gamma, mean_wait;
    double e[CR_NMAX];
    int dephase;
    double now;
    gsl_rng **rng;
    double *x;              /* k × N²: the states just after the last collision */
    double *last;           /* time of the last collision */
    double *unit_wait;      /* the next waiting time drawn, in units of 1/Γ */
    unsigned long *count;
};

static void set_identity(cr_ens *e, int n)
{
    int n2 = n * n;
    e->map_n = n;
    memset(e->map, 0, sizeof(double) * CR_NMAX2 * CR_NMAX2);
    for (int i = 0; i < n2; i++)
        e->map[i * n2 + i] = 1.0;
    memset(e->qmap, 0, sizeof e->qmap);
    for (int i = 0; i < 4; i++)
        e->qmap[i][i] = 1.0;
}

cr_ens *cr_ens_alloc(size_t k)
{
    if (k < 1 || k > CR_ENS_KMAX)
        return NULL;
    cr_ens *e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->k = k;
    e->map = malloc(sizeof(double) * CR_NMAX2 * CR_NMAX2);
    e->rng = calloc(k, sizeof *e->rng);
    e->x = malloc(sizeof(double) * CR_NMAX2 * k);
    e->last = malloc(sizeof(double) * k);
    e->unit_wait = malloc(sizeof(double) * k);
    e->count = malloc(sizeof(unsigned long) * k);
    if (e->map == NULL || e->rng == NULL || e->x == NULL || e->last == NULL
        || e->unit_wait == NULL || e->count == NULL) {
        cr_ens_free(e);
        return NULL;
    }
    for (size_t i = 0; i < k; i++)
        if ((e->rng[i] = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
            cr_ens_free(e);
            return NULL;
        }
    /* As a new cr_ntraj: a qubit from |1><1| that only dephases (S =
     * identity, Γ = 1, no splitting) until a map is set. */
    set_identity(e, 2);
    e->gamma = 1.0;
    e->mean_wait = 1.0;
    cr_state excited;
    cr_nstate rho0;
    cr_excited_state(&excited);
    cr_nstate_from_qubit(&excited, &rho0);
    cr_ens_reset_to(e, 1, &rho0);
    return e;
}

void cr_ens_free(cr_ens *e)
{
    if (e == NULL)
        return;
    if (e->rng != NULL)
        for (size_t i = 0; i < e->k; i++)
            if (e->rng[i] != NULL)
                gsl_rng_free(e->rng[i]);
    free(e->rng);
    free(e->map);
    free(e->x);
    free(e->last);
    free(e->unit_wait);
    free(e->count);
    free(e);
}

size_t cr_ens_size(const cr_ens *e)
{
    return e->k;
}

/* gsl_ran_exponential(r, μ) is -μ log1p(-u): drawn with μ = 1 and scaled
 * by 1/Γ when used, the waiting times are cr_traj's to the last bit. */
static double draw_unit_wait(gsl_rng *r)
{
    return gsl_ran_exponential(r, 1.0);
}

void cr_ens_reset_to(cr_ens *e, unsigned long seed, const cr_nstate *rho0)
{
    if (rho0->n < 2 || rho0->n > CR_NMAX)
        return;
    e->n = rho0->n;
    int n2 = e->n * e->n;
    double x0[CR_NMAX2];
    cr_nstate_to_real(rho0, x0);
    for (size_t i = 0; i < e->k; i++) {
        gsl_rng_set(e->rng[i], seed + (unsigned long)i);
        memcpy(e->x + i * (size_t)n2, x0, sizeof(double) * (size_t)n2);
        e->last[i] = 0.0;
        e->count[i] = 0;
        e->unit_wait[i] = draw_unit_wait(e->rng[i]);
    }
    e->now = 0.0;
}

void cr_ens_set_map(cr_ens *e, const cr_nmap *S, double gamma, const double *energies)
{
    int n = S->n;
    if (n < 2 || n > CR_NMAX)
        return;
    cr_nreal_form(n, S->m, e->map);
    e->map_n = n;
    e->gamma = gamma;
    e->mean_wait = 1.0 / gamma;
    for (int j = 0; j < n; j++)
        e->e[j] = energies[j];
    if (n == 2) {
        cr_map q;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                q.m[r][c] = S->m[4 * r + c];
        cr_real_form(q.m, e->qmap);
    }
}

void cr_ens_set_dephase(cr_ens *e, int on)
{
    e->dephase = on != 0;
}

/* One member's collisions up to time t, through the kernel cr_ntraj uses
 * for this N (the qubit's for N = 2). */
static void member_advance(cr_ens *e, size_t i, double t)
{
    int n = e->n, n2 = n * n;
    double *x = e->x + i * (size_t)n2;
    for (;;) {
        double tau = e->mean_wait * e->unit_wait[i];
        if (!(e->last[i] + tau <= t))
            break;
        if (n == 2)
            cr_traj_collide_real((const double (*)[4])e->qmap, e->e[1] - e->e[0],
                                 e->dephase, tau, x);
        else
            cr_ntraj_collide_real(n, e->map, e->e, e->dephase, tau, x);
        e->last[i] += tau;
        e->count[i]++;
        e->unit_wait[i] = draw_unit_wait(e->rng[i]);
    }
}

void cr_ens_advance_to(cr_ens *e, double t)
{
    if (!(t >= e->now))
        return;
    if (e->n == e->map_n)
        for (size_t i = 0; i < e->k; i++)
            member_advance(e, i, t);
    e->now = t;
}

double cr_ens_time(const cr_ens *e)
{
    return e->now;
}

/* Member i's state at the ensemble's time, in real form. */
static void member_now(const cr_ens *e, size_t i, double *x)
{
    int n = e->n, n2 = n * n;
    memcpy(x, e->x + i * (size_t)n2, sizeof(double) * (size_t)n2);
    double dt = e->now - e->last[i];
    if (n == 2)
        cr_traj_precess_real(e->e[1] - e->e[0], dt, x);
    else
        cr_ntraj_precess_real(n, e->e, dt, x);
}

void cr_ens_member_state(const cr_ens *e, size_t i, cr_nstate *rho)
{
    double x[CR_NMAX2];
    member_now(e, i, x);
    cr_nstate_from_real(e->n, x, rho);
}

unsigned long cr_ens_member_count(const cr_ens *e, size_t i)
{
    return e->count[i];
}

double cr_ens_member_last(const cr_ens *e, size_t i)
{
    return e->last[i];
}

double cr_ens_member_next(const cr_ens *e, size_t i)
{
    return e->last[i] + e->mean_wait * e->unit_wait[i];
}

/* ---- statistics: Welford within a block, Chan et al. across blocks ---- */

enum { NVAL_MAX = CR_NMAX2 + CR_NPAIRS };

/* The values a member contributes for N levels: N² real entries, then
 * |ρ_jk| for every pair. */
static int nvalues(int n)
{
    return n * n + n * (n - 1) / 2;
}

/* An accumulator of m values is 1 + 2m doubles: the samples w, the means,
 * the sums of squared deviations (m2). */
#define ACC_LEN(m) ((size_t)(1 + 2 * (m)))

static int sample_values(int n, const double *x, double *v)
{
    int n2 = n * n, m = n2;
    memcpy(v, x, sizeof(double) * (size_t)n2);
    for (int j = n; j < n2; j += 2)
        v[m++] = hypot(x[j], x[j + 1]);
    return m;
}

static void acc_add(double *a, const double *v, int m)
{
    double *mean = a + 1, *m2 = a + 1 + m;
    a[0] += 1.0;
    for (int i = 0; i < m; i++) {
        double d = v[i] - mean[i];
        mean[i] += d / a[0];
        m2[i] += d * (v[i] - mean[i]);
    }
}

static void acc_merge(double *a, const double *b, int m)
{
    if (b[0] == 0.0)
        return;
    double w = a[0] + b[0];
    for (int i = 0; i < m; i++) {
        double d = b[1 + i] - a[1 + i];
        a[1 + i] += d * (b[0] / w);
        a[1 + m + i] += b[1 + m + i] + d * d * (a[0] * b[0] / w);
    }
    a[0] = w;
}

static void acc_stats(const double *a, int n, double t, cr_ens_stats *out)
{
    int n2 = n * n, m = nvalues(n);
    double w = a[0];
    memset(out, 0, sizeof *out);
    out->n = n;
    out->k = (size_t)w;
    out->t = t;
    for (int i = 0; i < n2; i++) {
        out->mean[i] = a[1 + i];
        out->sem[i] = w > 1.0 ? sqrt(a[1 + m + i] / (w - 1.0) / w) : 0.0;
    }
    for (int p = 0; p < n * (n - 1) / 2; p++)
        out->abs_mean[p] = a[1 + n2 + p];
}

void cr_ens_stats_now(const cr_ens *e, cr_ens_stats *out)
{
    double a[ACC_LEN(NVAL_MAX)] = { 0 };
    double x[CR_NMAX2], v[NVAL_MAX];
    for (size_t i = 0; i < e->k; i++) {
        member_now(e, i, x);
        acc_add(a, v, sample_values(e->n, x, v));
    }
    acc_stats(a, e->n, e->now, out);
}

/* ---- the batch form on worker threads ---- */

/* Blocks fixed by K alone (not by the thread count), combined in order. */
enum { BLOCKS_MAX = 32 };

typedef struct ens_job {
    const cr_nmap *S;
    double gamma;
    const double *energies;
    int dephase;
    const cr_nstate *rho0;
    size_t k, nblocks;
    unsigned long seed;
    const double *times;
    size_t nt;
    volatile sig_atomic_t *cancel;
    double *accs;           /* nblocks × nt accumulators of acc_len doubles */
    size_t acc_len;
    pthread_mutex_t lock;
    size_t next_block;
    int status;
} ens_job;

static int job_cancelled(const ens_job *jb)
{
    return jb->cancel != NULL && __atomic_load_n(jb->cancel, __ATOMIC_RELAXED) != 0;
}

static void run_block(ens_job *jb, cr_ens *one, size_t b)
{
    size_t lo = b * jb->k / jb->nblocks, hi = (b + 1) * jb->k / jb->nblocks;
    double *row = jb->accs + b * jb->nt * jb->acc_len;
    double x[CR_NMAX2], v[NVAL_MAX];
    for (size_t i = lo; i < hi && !job_cancelled(jb); i++) {
        cr_ens_reset_to(one, jb->seed + (unsigned long)i, jb->rho0);
        for (size_t j = 0; j < jb->nt; j++) {
            cr_ens_advance_to(one, jb->times[j]);
            member_now(one, 0, x);
            int m = sample_values(one->n, x, v);
            acc_add(row + j * jb->acc_len, v, m);
        }
    }
}

static void *ens_worker(void *arg)
{
    ens_job *jb = arg;
    cr_ens *one = cr_ens_alloc(1);
    if (one == NULL) {
        pthread_mutex_lock(&jb->lock);
        jb->status = CR_ENOMEM;
        pthread_mutex_unlock(&jb->lock);
        return NULL;
    }
    cr_ens_set_map(one, jb->S, jb->gamma, jb->energies);
    cr_ens_set_dephase(one, jb->dephase);
    for (;;) {
        pthread_mutex_lock(&jb->lock);
        size_t b = jb->next_block++;
        int stop = jb->status != CR_OK;
        pthread_mutex_unlock(&jb->lock);
        if (stop || b >= jb->nblocks || job_cancelled(jb))
            break;
        run_block(jb, one, b);
    }
    cr_ens_free(one);
    return NULL;
}



static int check_run_args(const cr_nmap *S, const cr_nstate *rho0, size_t k,
                          const double *times, size_t nt, char *err, size_t errlen)
{
    if (k < 1 || k > CR_ENS_KMAX)
        return cr_error(err, errlen, CR_EINVAL, "ensemble: %zu trajectories: valid range is 1 to %lu",
                        k, CR_ENS_KMAX);
    if (S->n != rho0->n || S->n < 2 || S->n > CR_NMAX)
        return cr_error(err, errlen, CR_EINVAL, "ensemble: the map's N (%d) and the state's (%d) differ",
                        S->n, rho0->n);
    for (size_t j = 0; j < nt; j++)
        if (!(times[j] >= 0.0) || !isfinite(times[j]) || (j > 0 && times[j] < times[j - 1]))
            return cr_error(err, errlen, CR_EINVAL,
                            "ensemble: the times must be finite, >= 0 and non-decreasing");
    return CR_OK;
}

int cr_ens_run(const cr_nmap *S, double gamma, const double *energies, int dephase,
               const cr_nstate *rho0, size_t k, unsigned long seed,
               const double *times, size_t nt, int threads,
               volatile sig_atomic_t *cancel, cr_ens_stats *out,
               char *err, size_t errlen)
{
    int rc = check_run_args(S, rho0, k, times, nt, err, errlen);
    if (rc != CR_OK || nt == 0)
        return rc;
    ens_job jb = { .S = S, .gamma = gamma, .energies = energies, .dephase = dephase,
                   .rho0 = rho0, .k = k, .seed = seed, .times = times, .nt = nt,
                   .cancel = cancel, .status = CR_OK };
    /* At most 64 MiB of accumulators, and the blocks fixed by K, N and
     * the times alone so that the sums do not depend on the threads. */
    int m = nvalues(S->n);
    jb.acc_len = ACC_LEN(m);
    size_t per_block = nt * jb.acc_len * sizeof(double);
    size_t nb = ((size_t)64 << 20) / per_block;
    if (nb > BLOCKS_MAX)
        nb = BLOCKS_MAX;
    if (nb > k)
        nb = k;
    if (nb < 1)
        nb = 1;
    jb.nblocks = nb;
    jb.accs = calloc(nb * nt * jb.acc_len, sizeof(double));
    if (jb.accs == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "ensemble: out of memory (%zu times)", nt);
    pthread_mutex_init(&jb.lock, NULL);
    cr_workers_run(cr_workers_count(threads, nb), ens_worker, &jb);
    pthread_mutex_destroy(&jb.lock);
    rc = jb.status;
    if (rc == CR_OK && job_cancelled(&jb))
        rc = CR_ECANCEL;
    if (rc == CR_OK) {
        double total[ACC_LEN(NVAL_MAX)];
        for (size_t j = 0; j < nt; j++) {
            memcpy(total, jb.accs + j * jb.acc_len, jb.acc_len * sizeof(double));
            for (size_t b = 1; b < nb; b++)
                acc_merge(total, jb.accs + (b * nt + j) * jb.acc_len, m);
            acc_stats(total, S->n, times[j], &out[j]);
        }
    }
    free(jb.accs);
    if (rc == CR_ENOMEM)
        return cr_error(err, errlen, rc, "ensemble: out of memory");
    if (rc == CR_ECANCEL)
        return cr_error(err, errlen, rc, "ensemble: cancelled");
    return rc;
}
