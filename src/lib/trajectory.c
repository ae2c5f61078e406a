/* trajectory.c — seeded Poissonian trajectories (Eq. 5) with optional D. */
#include "config.h"

#include "colres/trajectory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "traj_kernel.h"

struct cr_traj {
    gsl_rng *rng;
    double map[4][4];   /* S in real form, x = (ρ00, ρ11, Re ρ01, Im ρ01) */
    double gamma, delta;
    int dephase;
    double x[4];
    double t;
    unsigned long n;
    double max_drift;
};

cr_traj *cr_traj_alloc(unsigned long seed)
{
    cr_traj *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (t->rng == NULL) {
        free(t);
        return NULL;
    }
    /* Until a map is set the trajectory only dephases (S = identity). */
    for (int i = 0; i < 4; i++)
        t->map[i][i] = 1.0;
    t->gamma = 1.0;
    cr_traj_reset(t, seed);
    return t;
}

void cr_traj_free(cr_traj *t)
{
    if (t == NULL)
        return;
    gsl_rng_free(t->rng);
    free(t);
}

void cr_traj_reset(cr_traj *t, unsigned long seed)
{
    cr_state excited;
    cr_excited_state(&excited);
    cr_traj_reset_to(t, seed, &excited);
}

void cr_traj_reset_to(cr_traj *t, unsigned long seed, const cr_state *rho0)
{
    gsl_rng_set(t->rng, seed);
    cr_state_to_real(rho0, t->x);
    t->t = 0.0;
    t->n = 0;
    t->max_drift = 0.0;
}

void cr_traj_set_map(cr_traj *t, const cr_map *S, double gamma, double delta)
{
    cr_real_form(S->m, t->map);
    t->gamma = gamma;
    t->delta = delta;
}

void cr_traj_set_dephase(cr_traj *t, int on)
{
    t->dephase = on != 0;
}

static inline double dot4(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
}

void cr_traj_precess_real(double delta, double tau, double x[4])
{
    double c = cos(delta * tau), s = sin(delta * tau);
    double re = x[2], im = x[3];
    x[2] = c * re - s * im;
    x[3] = s * re + c * im;
}

double cr_traj_collide_real(const double M[4][4], double delta, int dephase,
                            double tau, double x[4])
{
    double y[4] = { x[0], x[1], x[2], x[3] };
    cr_traj_precess_real(delta, tau, y);
    double z[4] = { dot4(M[0], y), 0.0, dot4(M[2], y), dot4(M[3], y) };
    /* ρ11 from the conserved trace rather than from its row of S: the
     * map preserves the trace, but the rounding of that row's product
     * does not average out over 1e7 collisions. */
    z[1] = (y[0] + y[1]) - z[0];
    if (dephase) {
        z[2] = 0.0;
        z[3] = 0.0;
    }
    double tr = z[0] + z[1];
    double drift = fabs(tr - 1.0);
    if (drift > 1e-12) {
        /* S preserves the trace to quadrature accuracy; renormalise so
         * that round-off cannot accumulate over hour-long runs. */
        for (int r = 0; r < 4; r++)
            z[r] /= tr;
    }
    memcpy(x, z, sizeof z);
    return drift;
}

void cr_traj_step(cr_traj *t, unsigned long n)
{
    double mean = 1.0 / t->gamma;
    for (unsigned long i = 0; i < n; i++) {
        double tau = gsl_ran_exponential(t->rng, mean);
        double drift = cr_traj_collide_real(t->map, t->delta, t->dephase, tau, t->x);
        if (drift > t->max_drift)
            t->max_drift = drift;
        t->t += tau;
    }
    t->n += n;
}

void cr_traj_state(const cr_traj *t, cr_state *rho)
{
    cr_state_from_real(t->x, rho);
}

double cr_traj_time(const cr_traj *t)
{
    return t->t;
}

unsigned long cr_traj_count(const cr_traj *t)
{
    return t->n;
}

double cr_traj_max_trace_drift(const cr_traj *t)
{
    return t->max_drift;
}
