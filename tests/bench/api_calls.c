/* api_calls.c — CPU time of libcolres's handle API called from C, the
 * reference for tests/bench/python_overhead.py (which builds and runs
 * this).  Prints "name min_us median_us" lines:
 *   steady_kept  cr_model_steady() on one handle (Gamma set once)
 *   steady_new   cr_model_new + set gamma + cr_model_steady + free
 *   heatmap      one 1000x1000 |rho01| heat map (dx-delta), THREADS workers
 * Usage: api_calls [THREADS] */
#include <stdio.h>
#include <stdlib.h>

#include "colres/clock.h"
#include "colres/colres.h"

enum { ROUNDS = 7, CALLS = 2000, SIDE = 1000 };

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *name, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%s %.4g %.4g\n", name, t[0] * 1e6, t[n / 2] * 1e6);
}

int main(int argc, char **argv)
{
    double rho[8], t[ROUNDS];
    cr_model *m = cr_model_new();
    if (m == NULL || cr_model_set(m, "gamma", "5") != CR_OK)
        return 1;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = cr_clock_cpu();
        for (int i = 0; i < CALLS; i++)
            if (cr_model_steady(m, rho) != CR_OK)
                return 1;
        t[r] = (cr_clock_cpu() - t0) / CALLS;
    }
    report("steady_kept", t, ROUNDS);
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = cr_clock_cpu();
        for (int i = 0; i < CALLS; i++) {
            cr_model *k = cr_model_new();
            if (k == NULL || cr_model_set(k, "gamma", "5") != CR_OK || cr_model_steady(k, rho) != CR_OK)
                return 1;
            cr_model_free(k);
        }
        t[r] = (cr_clock_cpu() - t0) / CALLS;
    }
    report("steady_new", t, ROUNDS);
    double *x = malloc(sizeof(double) * SIDE), *y = malloc(sizeof(double) * SIDE);
    double *v = malloc(sizeof(double) * SIDE * SIDE);
    if (x == NULL || y == NULL || v == NULL)
        return 1;
    for (int i = 0; i < SIDE; i++) { /* = colres.grid(0.1, 3, 1000) and (0.05, 3, 1000) */
        x[i] = 0.1 + (3.0 - 0.1) * i / (SIDE - 1);
        y[i] = 0.05 + (3.0 - 0.05) * i / (SIDE - 1);
    }
    if (argc > 1 && cr_model_set(m, "threads", argv[1]) != CR_OK)
        return 1;
    double t0 = cr_clock_cpu();
    if (cr_model_heatmap(m, "dx", x, SIDE, "delta", y, SIDE, NULL, v) != CR_OK)
        return 1;
    t[0] = cr_clock_cpu() - t0;
    report("heatmap", t, 1);
    cr_model_free(m);
    free(x);
    free(y);
    free(v);
    return 0;
}
