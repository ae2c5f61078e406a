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
#include "special.h" /* CMPLX under clang */

/* A Δx row stores at most this many nodes and bytes; beyond, the caller
 * computes cell by cell.  An 8-level row with exact amplitudes at the
 * paper's parameters keeps 62 MB (2400 nodes of up to 1876 values). */
enum { MAX_ROW_NODES = 1 << 17 };
#define MAX_ROW_BYTES (128.0 * 1024 * 1024)

typedef struct keyed {
    double key;
    int i;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

int cr_walk_row_setup(cr_walk_row *r, const cr_walk *w)
{
    free(r->var_entry);
    free(r->vcls_class);
    free(r->vcls_start);
    r->var_entry = malloc(sizeof(int) * (size_t)(w->n + 1));
    r->vcls_class = malloc(sizeof(int) * (size_t)(w->n_cls + 1));
    r->vcls_start = malloc(sizeof(int) * (size_t)(w->n_cls + 2));
    keyed *order = malloc(sizeof(keyed) * (size_t)(w->n + 1));
    if (!r->var_entry || !r->vcls_class || !r->vcls_start || !order) {
        free(order);
        return CR_ENOMEM;
    }
    r->n_vcls = 0;
    r->n_var = 0;
    for (int c = 0; c < w->n_cls; c++) {
        if (w->d[c] == 0.0)
            continue;
        r->vcls_class[r->n_vcls] = c;
        r->vcls_start[r->n_vcls++] = r->n_var;
        int m = 0;
        for (int i = 0; i < w->n; i++)
            if (w->cls[i] == c)
                order[m++] = (keyed){ .key = w->sort_key != NULL ? w->sort_key[i] : 0.0, .i = i };
        qsort(order, (size_t)m, sizeof *order, by_key);
        for (int x = 0; x < m; x++)
            r->var_entry[r->n_var++] = order[x].i;
    }
    r->vcls_start[r->n_vcls] = r->n_var;
    free(order);
    r->n_nodes = 0;
    r->full = 0;
    if (r->at != NULL)
        r->at[0] = 0;
    return CR_OK;
}

void cr_walk_row_free(cr_walk_row *r)
{
    free(r->var_entry);
    free(r->vcls_class);
    free(r->vcls_start);
    free(r->garg);
    free(r->cnt);
    free(r->at);
    free(r->wf);
    free(r->dead);
    memset(r, 0, sizeof *r);
}

int cr_walk_row_check_dx(const cr_params *par, int m, const double *dx, char *err,
                         size_t errlen)
{
    for (int j = 0; j < m; j++) {
        cr_params p = *par;
        p.dx = dx[j];
        int st = cr_params_validate(&p, err, errlen);
        if (st != CR_OK)
            return st;
    }
    return CR_OK;
}

static double row_bytes(const cr_walk_row *r, size_t cap, size_t wf_cap)
{
    return (double)cap * (12.0 * r->n_vcls + 9.0) + 16.0 * (double)wf_cap;
}

/* Room for one more node of up to `need` values, or mark the row full. */
static int row_room(cr_walk_row *r, size_t need)
{
    if (r->n_nodes == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        if (cap > MAX_ROW_NODES || row_bytes(r, cap, r->wf_cap) > MAX_ROW_BYTES)
            return 0;
        size_t nc = (size_t)r->n_vcls + 1;
        double *ga = realloc(r->garg, sizeof(double) * cap * nc);
        if (ga != NULL)
            r->garg = ga;
        int *cn = realloc(r->cnt, sizeof(int) * cap * nc);
        if (cn != NULL)
            r->cnt = cn;
        size_t *at = realloc(r->at, sizeof(size_t) * (cap + 1));
        if (at != NULL)
            r->at = at;
        unsigned char *dd = realloc(r->dead, cap);
        if (dd != NULL)
            r->dead = dd;
        if (ga == NULL || cn == NULL || at == NULL || dd == NULL)
            return 0;
        if (r->n_nodes == 0)
            r->at[0] = 0;
        r->cap = cap;
    }
    size_t used = r->at[r->n_nodes];
    if (used + need > r->wf_cap) {
        size_t wcap = r->wf_cap ? 2 * r->wf_cap : 1024 * ((size_t)r->n_var + 1);
        while (wcap < used + need)
            wcap *= 2;
        /* Doubling stops at the bound, so that the values themselves, not
         * the spare half of a doubled block, meet it. */
        double room = (MAX_ROW_BYTES - row_bytes(r, r->cap, 0)) / sizeof(double complex);
        if ((double)wcap > room)
            wcap = room > 0.0 ? (size_t)room : 0;
        if (wcap < used + need)
            return 0;
        double complex *wf = realloc(r->wf, sizeof(double complex) * wcap);
        if (wf == NULL)
            return 0;
        r->wf = wf;
        r->wf_cap = wcap;
    }
    return 1;
}

/* Append one node (or mark the row full). */
void cr_walk_row_store(cr_walk_row *r, double wj, const double complex *f, const double *garg)
{
    if (r->full)
        return;
    if (!row_room(r, (size_t)r->n_var)) {
        r->full = 1;
        return;
    }
    size_t n = r->n_nodes++, nc = (size_t)r->n_vcls;
    double complex *out = r->wf + r->at[n];
    for (size_t c = 0; c < nc; c++) {
        r->garg[n * nc + c] = garg[r->vcls_class[c]];
        int k0 = r->vcls_start[c], k = r->vcls_start[c + 1];
        while (k > k0 && f[r->var_entry[k - 1]] == 0.0)
            k--;
        r->cnt[n * nc + c] = k - k0;
        for (int x = k0; x < k; x++)
            *out++ = wj * f[r->var_entry[x]];
    }
    r->at[n + 1] = (size_t)(out - r->wf);
    r->dead[n] = 0;
}

void cr_walk_row_kill(cr_walk_row *r, size_t first, size_t end)
{
    if (r == NULL || r->full)
        return;
    if (end == r->n_nodes) { /* the newest nodes (a bisection's): their room is reused */
        r->n_nodes = first;
        return;
    }
    for (size_t n = first; n < end; n++)
        r->dead[n] = 1;
}

void cr_walk_row_compact(cr_walk_row *r)
{
    size_t u = 0, nc = (size_t)r->n_vcls, to = 0;
    for (size_t n = 0; n < r->n_nodes; n++) {
        if (r->dead[n])
            continue;
        size_t from = r->at[n], len = r->at[n + 1] - from;
        if (u != n) {
            memcpy(r->garg + u * nc, r->garg + n * nc, sizeof(double) * nc);
            memcpy(r->cnt + u * nc, r->cnt + n * nc, sizeof(int) * nc);
            memmove(r->wf + to, r->wf + from, sizeof(double complex) * len);
        }
        r->at[u] = to;
        to += len;
        u++;
    }
    r->n_nodes = u;
    if (r->at != NULL)
        r->at[u] = to;
}

void cr_walk_row_eval_many(const cr_walk_row *r, int m, const double *dx,
                           double complex *const *v)
{
    int nv = r->n_var, nc = r->n_vcls;
    size_t stride = 2 * (size_t)nv;
    /* Per Δx the sums as 2·n_var doubles (real, imaginary): each class's
     * run is a contiguous scaled add, one vector operation per sum at -O2;
     * a node's values are read from memory once for all m. */
    enum { SMALL = 256 }; /* the qubit's cells: no allocation per cell */
    double acc_s[SMALL], dx2_s[SMALL];
    size_t n_acc = stride * (size_t)m;
    int small = n_acc <= SMALL && m <= SMALL;
    double *acc = small ? acc_s : calloc(n_acc + 1, sizeof(double));
    double *dx2 = small ? dx2_s : malloc(sizeof(double) * ((size_t)m + 1));
    if (small)
        for (size_t x = 0; x < n_acc; x++)
            acc[x] = 0.0;
    if (acc == NULL || dx2 == NULL) {
        for (int j = 0; j < m; j++)
            for (int k = 0; k < nv; k++)
                v[j][r->var_entry[k]] = NAN;
        goto done;
    }
    for (int j = 0; j < m; j++)
        dx2[j] = dx[j] * dx[j];
    for (size_t n = 0; n < r->n_nodes; n++) {
        const double *garg = r->garg + n * (size_t)nc, *wf = (const double *)(r->wf + r->at[n]);
        const int *cnt = r->cnt + n * (size_t)nc;
        for (int c = 0; c < nc; wf += 2 * (size_t)cnt[c], c++) {
            int k0 = r->vcls_start[c], len = cnt[c];
            if (len == 0)
                continue;
            for (int j = 0; j < m; j++) {
                double g = exp(dx2[j] * garg[c]), *a = acc + (size_t)j * stride + 2 * (size_t)k0;
                for (int k = 0; k < len; k++) {
                    a[2 * k] += wf[2 * k] * g;
                    a[2 * k + 1] += wf[2 * k + 1] * g;
                }
            }
        }
    }
    for (int j = 0; j < m; j++)
        for (int k = 0; k < nv; k++)
            v[j][r->var_entry[k]] = CMPLX(acc[(size_t)j * stride + 2 * (size_t)k],
                                          acc[(size_t)j * stride + 2 * (size_t)k + 1]);
done:
    if (!small) {
        free(acc);
        free(dx2);
    }
}

void cr_walk_row_eval(const cr_walk_row *r, double dx, double complex *v)
{
    cr_walk_row_eval_many(r, 1, &dx, &v);
}
