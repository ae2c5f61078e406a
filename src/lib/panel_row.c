/* panel_row.c — the Δx row of the panel walker (panel_walk.h): per live
 * node, weight × integrand without the packet's Gaussian and the
 * Gaussian's exponent per class, so that a heat-map cell along Δx is a
 * weighted sum of exponentials (cr_smap_dx_map, cr_nmap_dx_map). */
#include "config.h"

#include "panel_walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"

/* A Δx row stores at most this many nodes and bytes; beyond, the caller
 * computes cell by cell. */
enum { MAX_ROW_NODES = 1 << 17 };
#define MAX_ROW_BYTES (64.0 * 1024 * 1024)

int cr_walk_row_setup(cr_walk_row *r, const cr_walk *w)
{
    free(r->var_entry);
    free(r->vcls_class);
    free(r->vcls_start);
    r->var_entry = malloc(sizeof(int) * (size_t)(w->n + 1));
    r->vcls_class = malloc(sizeof(int) * (size_t)(w->n_cls + 1));
    r->vcls_start = malloc(sizeof(int) * (size_t)(w->n_cls + 2));
    if (!r->var_entry || !r->vcls_class || !r->vcls_start)
        return CR_ENOMEM;
    r->n_vcls = 0;
    r->n_var = 0;
    for (int c = 0; c < w->n_cls; c++) {
        if (w->d[c] == 0.0)
            continue;
        r->vcls_class[r->n_vcls] = c;
        r->vcls_start[r->n_vcls++] = r->n_var;
        for (int i = 0; i < w->n; i++)
            if (w->cls[i] == c)
                r->var_entry[r->n_var++] = i;
    }
    r->vcls_start[r->n_vcls] = r->n_var;
    r->n_nodes = 0;
    r->full = 0;
    return CR_OK;
}

void cr_walk_row_free(cr_walk_row *r)
{
    free(r->var_entry);
    free(r->vcls_class);
    free(r->vcls_start);
    free(r->garg);
    free(r->wf);
    free(r->dead);
    memset(r, 0, sizeof *r);
}

/* Append one node (or mark the row full). */
void cr_walk_row_store(cr_walk_row *r, double wj, const double complex *f, const double *garg)
{
    if (r->full)
        return;
    if (r->n_nodes == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        double bytes = (double)cap * (8.0 * r->n_vcls + 16.0 * r->n_var + 1.0);
        if (cap > MAX_ROW_NODES || bytes > MAX_ROW_BYTES) {
            r->full = 1;
            return;
        }
        double *ga = realloc(r->garg, sizeof(double) * cap * (size_t)(r->n_vcls + 1));
        if (ga != NULL)
            r->garg = ga;
        double complex *wf = realloc(r->wf, sizeof(double complex) * cap * (size_t)(r->n_var + 1));
        if (wf != NULL)
            r->wf = wf;
        unsigned char *dd = realloc(r->dead, cap);
        if (dd != NULL)
            r->dead = dd;
        if (ga == NULL || wf == NULL || dd == NULL) {
            r->full = 1;
            return;
        }
        r->cap = cap;
    }
    size_t n = r->n_nodes++;
    for (int c = 0; c < r->n_vcls; c++)
        r->garg[n * (size_t)r->n_vcls + (size_t)c] = garg[r->vcls_class[c]];
    for (int k = 0; k < r->n_var; k++)
        r->wf[n * (size_t)r->n_var + (size_t)k] = wj * f[r->var_entry[k]];
    r->dead[n] = 0;
}

void cr_walk_row_kill(cr_walk_row *r, size_t first, size_t end)
{
    if (r != NULL && !r->full)
        for (size_t n = first; n < end; n++)
            r->dead[n] = 1;
}

void cr_walk_row_compact(cr_walk_row *r)
{
    size_t u = 0;
    for (size_t n = 0; n < r->n_nodes; n++) {
        if (r->dead[n])
            continue;
        if (u != n) {
            memcpy(r->garg + u * (size_t)r->n_vcls, r->garg + n * (size_t)r->n_vcls,
                   sizeof(double) * (size_t)r->n_vcls);
            memcpy(r->wf + u * (size_t)r->n_var, r->wf + n * (size_t)r->n_var,
                   sizeof(double complex) * (size_t)r->n_var);
        }
        u++;
    }
    r->n_nodes = u;
}

void cr_walk_row_eval_many(const cr_walk_row *r, int m, const double *dx,
                           double complex *const *v)
{
    int nv = r->n_var, nc = r->n_vcls;
    size_t stride = 2 * (size_t)nv;
    /* Per Δx the sums as 2·n_var doubles (real, imaginary): each class's
     * run is a contiguous scaled add, one vector operation per sum at -O2;
     * a node's values are read from memory once for all m. */
    double *acc = calloc(stride * (size_t)m + 1, sizeof(double));
    double *dx2 = malloc(sizeof(double) * ((size_t)m + 1));
    if (acc == NULL || dx2 == NULL) {
        for (int j = 0; j < m; j++)
            for (int k = 0; k < nv; k++)
                v[j][r->var_entry[k]] = NAN;
        goto done;
    }
    for (int j = 0; j < m; j++)
        dx2[j] = dx[j] * dx[j];
    const double *garg = r->garg;
    const double *wf = (const double *)r->wf;
    for (size_t n = 0; n < r->n_nodes; n++, garg += nc, wf += stride)
        for (int c = 0; c < nc; c++) {
            int k0 = r->vcls_start[c], k1 = r->vcls_start[c + 1];
            for (int j = 0; j < m; j++) {
                double g = exp(dx2[j] * garg[c]), *a = acc + (size_t)j * stride;
                for (int k = k0; k < k1; k++) {
                    a[2 * k] += wf[2 * k] * g;
                    a[2 * k + 1] += wf[2 * k + 1] * g;
                }
            }
        }
    for (int j = 0; j < m; j++)
        for (int k = 0; k < nv; k++)
            v[j][r->var_entry[k]] = CMPLX(acc[(size_t)j * stride + 2 * (size_t)k],
                                          acc[(size_t)j * stride + 2 * (size_t)k + 1]);
done:
    free(acc);
    free(dx2);
}

void cr_walk_row_eval(const cr_walk_row *r, double dx, double complex *v)
{
    cr_walk_row_eval_many(r, 1, &dx, &v);
}
