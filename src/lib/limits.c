/* limits.c — ranges of validity (colres/limits.h). */
#include "config.h"

#include "colres/limits.h"

#include <float.h>
#include <math.h>

double cr_exact_energy_limit(const cr_params *p)
{
    double re[CR_NMAX][CR_NMAX], im[CR_NMAX][CR_NMAX];
    int n = cr_params_coupling(p, re, im);
    double v = 0.0;
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            if (j != k)
                v = fmax(v, hypot(re[j][k], im[j][k]));
    v *= p->lambda;
    if (!(v > 0.0))
        return INFINITY;
    return CR_EXACT_REL_TOL * v / (2.0 * DBL_EPSILON);
}

/* max |E_j| and the spread of H_tot's eigenvalues bound (|E_j| + λ‖C‖). */
static double level_scale(const cr_params *p)
{
    double e[CR_NMAX], re[CR_NMAX][CR_NMAX], im[CR_NMAX][CR_NMAX];
    int n = cr_params_energies(p, e);
    cr_params_coupling(p, re, im);
    double top = 0.0, c = 0.0;
    for (int j = 0; j < n; j++) {
        top = fmax(top, fabs(e[j]));
        double row = 0.0;
        for (int k = 0; k < n; k++)
            row += hypot(re[j][k], im[j][k]);
        c = fmax(c, row);
    }
    return top + p->lambda * c;
}

double cr_map_energy_top(const cr_params *p)
{
    /* βE ≤ 50: μ below e^{-50} of its scale. */
    return 50.0 / p->beta + level_scale(p);
}

double cr_smap_error_floor(const cr_params *p)
{
    if (p->amplitudes == CR_AMP_EXACT)
        return 0.0;
    return 4.0 * p->beta * DBL_EPSILON * level_scale(p);
}

double cr_min_bohr(const cr_params *p)
{
    double e[CR_NMAX];
    int n = cr_params_energies(p, e);
    double m = INFINITY;
    for (int j = 0; j + 1 < n; j++)
        m = fmin(m, fabs(e[j + 1] - e[j])); /* ascending: neighbours */
    return m;
}

int cr_first_order_in_range(const cr_params *p, double value)
{
    return p->gamma < cr_min_bohr(p) && value <= 0.5;
}

int cr_rough_in_range(const cr_params *p, double value)
{
    (void)p;
    return value <= 0.5;
}
