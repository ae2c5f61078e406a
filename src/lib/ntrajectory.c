/* ntrajectory.c — seeded Poissonian trajectories (Eq. 5) for N levels;
 * at N = 2 a cr_traj does the work, so the qubit's digits are unchanged. */
#include "config.h"

#include "colres/ndynamics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "colres/trajectory.h"
#include "ndynamics_general.h"
#include "traj_kernel.h"

struct cr_ntraj {
    cr_traj *qubit;     /* used while state and map are both N = 2 */
    int general;        /* the general path even at N = 2 (tests) */
    gsl_rng *rng;       /* the general path's, seeded as the qubit's */
    int n;              /* N of the state */
    int map_n;          /* N of the map */
    double map[CR_NMAX2 * CR_NMAX2];  /* S in real form, row stride map_n² */
    double gamma;
    double e[CR_NMAX];
    int dephase;
    double x[CR_NMAX2]; /* ρ in real form */
    double t;
    unsigned long count;
    double max_drift;
};

/* A qubit state lives in the cr_traj (unless the tests ask otherwise). */
static int on_qubit(const cr_ntraj *t)
{
    return !t->general && t->n == 2;
}

static void set_identity(cr_ntraj *t, int n)
{
    int n2 = n * n;
    t->map_n = n;
    memset(t->map, 0, sizeof t->map);
    for (int i = 0; i < n2; i++)
        t->map[i * n2 + i] = 1.0;
}

cr_ntraj *cr_ntraj_alloc(unsigned long seed)
{
    cr_ntraj *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->qubit = cr_traj_alloc(seed);
    t->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (t->qubit == NULL || t->rng == NULL) {
        cr_ntraj_free(t);
        return NULL;
    }
    /* As cr_traj: a qubit from |1><1| that only dephases until a map is
     * set (S = identity, Γ = 1, no splitting). */
    set_identity(t, 2);
    t->gamma = 1.0;
    cr_state excited;
    cr_nstate rho0;
    cr_excited_state(&excited);
    cr_nstate_from_qubit(&excited, &rho0);
    cr_ntraj_reset_to(t, seed, &rho0);
    return t;
}

void cr_ntraj_free(cr_ntraj *t)
{
    if (t == NULL)
        return;
    cr_traj_free(t->qubit);
    if (t->rng != NULL)
        gsl_rng_free(t->rng);
    free(t);
}

void cr_ntraj_use_general(cr_ntraj *t, int on)
{
    t->general = on != 0;
}

void cr_ntraj_reset_to(cr_ntraj *t, unsigned long seed, const cr_nstate *rho0)
{
    if (rho0->n < 2 || rho0->n > CR_NMAX)
        return;
    gsl_rng_set(t->rng, seed);
    t->n = rho0->n;
    cr_nstate_to_real(rho0, t->x);
    t->t = 0.0;
    t->count = 0;
    t->max_drift = 0.0;
    if (rho0->n == 2) {
        cr_state q;
        cr_nstate_to_qubit(rho0, &q);
        cr_traj_reset_to(t->qubit, seed, &q);
    }
}

void cr_ntraj_set_map(cr_ntraj *t, const cr_nmap *S, double gamma, const double *e)
{
    int n = S->n;
    if (n < 2 || n > CR_NMAX)
        return;
    cr_nreal_form(n, S->m, t->map);
    t->map_n = n;
    t->gamma = gamma;
    for (int j = 0; j < n; j++)
        t->e[j] = e[j];
    if (n == 2) {
        cr_map q;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                q.m[r][c] = S->m[4 * r + c];
        cr_traj_set_map(t->qubit, &q, gamma, e[1] - e[0]);
    }
}

void cr_ntraj_set_dephase(cr_ntraj *t, int on)
{
    t->dephase = on != 0;
    cr_traj_set_dephase(t->qubit, on);
}

void cr_ntraj_precess_real(int n, const double *e, double tau, double *x)
{
    /* U^τ: ρ_jk → e^{-iΔ_jk τ} ρ_jk, a rotation of (Re, Im) by (E_k - E_j)τ. */
    for (int j = 0; j < n; j++)
        for (int k = j + 1; k < n; k++) {
            int i = cr_nreal_index(n, j, k);
            double phase = (e[k] - e[j]) * tau;
            double c = cos(phase), s = sin(phase);
            double re = x[i], im = x[i + 1];
            x[i] = c * re - s * im;
            x[i + 1] = s * re + c * im;
        }
}

/* One collision of the general path: ρ ← S U^τ ρ (then D if on). */
double cr_ntraj_collide_real(int n, const double *map, const double *e, int dephase,
                             double tau, double *x)
{
    int n2 = n * n;
    double y[CR_NMAX2], z[CR_NMAX2];
    memcpy(y, x, sizeof(double) * (size_t)n2);
    cr_ntraj_precess_real(n, e, tau, y);
    int rows = dephase ? n : n2;
    for (int r = 0; r < rows; r++) {
        const double *row = map + (size_t)r * (size_t)n2;
        double acc = 0.0;
        for (int c = 0; c < n2; c++)
            acc += row[c] * y[c];
        z[r] = acc;
    }
    for (int r = rows; r < n2; r++)
        z[r] = 0.0;
    /* The largest population from the conserved trace rather than its row
     * of S (the qubit takes ρ11 so): the rounding of every row's product
     * would otherwise drift the trace over millions of collisions, and the
     * largest absorbs the correction with the least relative change. */
    int big = 0;
    double before = 0.0, others = 0.0;
    for (int j = 0; j < n; j++) {
        before += y[j];
        if (z[j] > z[big])
            big = j;
    }
    for (int j = 0; j < n; j++)
        if (j != big)
            others += z[j];
    z[big] = before - others;
    double tr = 0.0;
    for (int j = 0; j < n; j++)
        tr += z[j];
    double drift = fabs(tr - 1.0);
    if (drift > 1e-12)
        for (int r = 0; r < n2; r++)
            z[r] /= tr;
    memcpy(x, z, sizeof(double) * (size_t)n2);
    return drift;
}

static void general_collision(cr_ntraj *t, double tau)
{
    double drift = cr_ntraj_collide_real(t->n, t->map, t->e, t->dephase, tau, t->x);
    if (drift > t->max_drift)
        t->max_drift = drift;
}

void cr_ntraj_step(cr_ntraj *t, unsigned long n)
{
    /* A state and a map of different N: nothing to apply. */
    if (t->n != t->map_n)
        return;
    if (on_qubit(t)) {
        cr_traj_step(t->qubit, n);
        return;
    }
    double mean = 1.0 / t->gamma;
    for (unsigned long i = 0; i < n; i++) {
        double tau = gsl_ran_exponential(t->rng, mean);
        general_collision(t, tau);
        t->t += tau;
    }
    t->count += n;
}

void cr_ntraj_state(const cr_ntraj *t, cr_nstate *rho)
{
    if (on_qubit(t)) {
        cr_state q;
        cr_traj_state(t->qubit, &q);
        cr_nstate_from_qubit(&q, rho);
        return;
    }
    cr_nstate_from_real(t->n, t->x, rho);
}

double cr_ntraj_time(const cr_ntraj *t)
{
    return on_qubit(t) ? cr_traj_time(t->qubit) : t->t;
}

unsigned long cr_ntraj_count(const cr_ntraj *t)
{
    return on_qubit(t) ? cr_traj_count(t->qubit) : t->count;
}

double cr_ntraj_max_trace_drift(const cr_ntraj *t)
{
    return on_qubit(t) ? cr_traj_max_trace_drift(t->qubit) : t->max_drift;
}
