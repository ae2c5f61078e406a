/* sweep_nlevel.c — the sweep's and heat map's units for any level scheme
 * and coupling (sweep_job.h): the general map per point, per Δx row
 * (cr_nmap_dx_prepare) or per Γ column, and the cells' cache. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/cancel.h"
#include "colres/status.h"
#include "sweep_cells.h"
#include "sweep_job.h"

/* ---- any level scheme and coupling: the general map, no cache ---- */

int cr_nsweep_map(const cr_params *p, const cr_sweep_opts *o, cr_nmap *S,
                      char *err, size_t errlen)
{
    int st = cr_nmap_compute(p, S, err, errlen);
    if (st == CR_OK && o != NULL && o->dephase)
        cr_nmap_dephased(S, S);
    return st;
}

int cr_npoint_at(const cr_params *p, const cr_nmap *given, const cr_sweep_opts *o,
                     cr_nsweep_point *out, char *err, size_t errlen)
{
    int st = cr_params_validate(p, err, errlen);
    if (st != CR_OK)
        return st;
    cr_nmap *local = NULL;
    const cr_nmap *S = given;
    if (S == NULL) {
        local = malloc(sizeof *local);
        if (local == NULL)
            return cr_error(err, errlen, CR_ENOMEM, "sweep: out of memory");
        st = cr_nsweep_map(p, o, local, err, errlen);
        S = local;
    }
    double e[CR_NMAX];
    cr_params_energies(p, e);
    if (st == CR_OK)
        st = cr_nsteady_state(S, p->gamma, e, &out->steady, err, errlen);
    if (st == CR_OK)
        st = cr_nfirst_order(S, p->gamma, p->beta, e, &out->first, err, errlen);
    cr_nthermal_state(p->nlevels, e, p->beta, &out->thermal);
    free(local);
    return st;
}

int cr_sweep_unit_npoint(job *jb, unit_scratch *ws, double *row, size_t u,
                       char *err, size_t errlen)
{
    (void)ws;
    (void)row;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->param_id, jb->values[u]);
    jb->npoints[u].value = jb->values[u];
    int st = cr_npoint_at(&p, NULL, jb->opts, &jb->npoints[u], err, errlen);
    if (st != CR_OK && (st = cr_sweep_survive(&jb->lock, jb->opts, u, st, err)) == CR_OK)
        cr_sweep_nan_npoint(&jb->npoints[u], p.nlevels);
    return st;
}

/* A heat-map row of any system: a map per cell (per row along x = Γ);
 * with the caller's cache (nmaps), a row whose maps are known costs
 * steady states only, and a row computed here leaves its maps there. */
int cr_sweep_unit_nrow(job *jb, unit_scratch *ws, double *row, size_t u,
                     char *err, size_t errlen)
{
    (void)ws;
    const cr_sweep_opts *o = jb->opts;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->yparam, jb->ys[u]);
    cr_nmap *S = malloc(sizeof *S);
    if (S == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    size_t n2 = (size_t)p.nlevels * (size_t)p.nlevels, n4 = n2 * n2;
    double complex *cache = o != NULL && o->nmaps != NULL ? o->nmaps + u * jb->nx * n4 : NULL;
    int cached = cache != NULL && o->maps_ok[u];
    int st = CR_OK, have_map = 0, any_failed = 0;
    size_t nq = (size_t)cr_sweep_nq_of(o);
    double e[CR_NMAX];
    /* Along Δx, one quadrature a row, as unit_row (too large: per cell);
     * its cells CHUNK at a time, so that the row's nodes are read once per
     * CHUNK cells (a chunk that fails goes cell by cell, for the cell's
     * own error). */
    enum { CHUNK = 8 };
    if (jb->xparam == CR_P_DX && !cached && ws->nrow == NULL)
        ws->nrow = cr_nmap_row_alloc();
    cr_nmap_row *dx_row = jb->xparam == CR_P_DX && !cached ? ws->nrow : NULL;
    cr_nmap *chunk = dx_row != NULL ? malloc(sizeof *chunk * CHUNK) : NULL;
    size_t chunk_from = 0, chunk_n = 0; /* cells chunk_from .. + chunk_n - 1 */
    if (chunk == NULL)
        dx_row = NULL;
    int row_ready = 0;
    for (size_t ix = 0; ix < jb->nx && st == CR_OK; ix++) {
        if (cr_sweep_cancelled(o)) {
            st = cr_error(err, errlen, CR_ECANCEL, "heat map: cancelled");
            break;
        }
        cr_param_put(&p, jb->xparam, jb->xs[ix]);
        st = cr_params_validate(&p, err, errlen);
        if (st == CR_OK && dx_row != NULL && !row_ready) {
            st = cr_nmap_dx_prepare(dx_row, &p, err, errlen);
            row_ready = st == CR_OK;
            if (st == CR_ENOMEM) {
                dx_row = NULL;
                st = CR_OK;
            }
        }
        cr_nmap *M = S; /* this cell's map: S, or its place in the chunk */
        if (st == CR_OK && cached) {
            S->n = p.nlevels;
            memcpy(S->m, cache + ix * n4, n4 * sizeof *cache);
        } else if (st == CR_OK && row_ready) {
            if (!(ix >= chunk_from && ix < chunk_from + chunk_n)) {
                chunk_from = ix;
                chunk_n = jb->nx - ix < CHUNK ? jb->nx - ix : CHUNK;
                if (cr_nmap_dx_maps(dx_row, (int)chunk_n, jb->xs + ix, chunk, err, errlen)
                    != CR_OK)
                    chunk_n = 0;
            }
            if (ix < chunk_from + chunk_n)
                M = &chunk[ix - chunk_from];
            else
                st = cr_nmap_dx_map(dx_row, jb->xs[ix], S, err, errlen);
            if (st == CR_OK && o != NULL && o->dephase)
                cr_nmap_dephased(M, M);
        } else if (st == CR_OK && !(jb->xparam == CR_P_GAMMA && have_map)) {
            st = cr_nsweep_map(&p, o, S, err, errlen);
            have_map = st == CR_OK;
        }
        if (st == CR_OK && cache != NULL && !cached)
            memcpy(cache + ix * n4, M->m, n4 * sizeof *cache);
        cr_nstate ss;
        cr_params_energies(&p, e);
        if (st == CR_OK)
            st = cr_nsteady_state(M, p.gamma, e, &ss, err, errlen);
        if (st == CR_OK)
            cr_sweep_ncell(o, M, &ss, &p, e, row + ix * nq);
        else if ((st = cr_sweep_survive(&jb->lock, o, u * jb->nx + ix, st, err)) == CR_OK) {
            cr_sweep_nan_fill(row + ix * nq, nq);
            any_failed = 1;
        }
    }
    free(S);
    free(chunk);
    if (st == CR_OK && cache != NULL && !any_failed)
        o->maps_ok[u] = 1; /* this row's byte only: no other worker writes it */
    if (st == CR_OK)
        memcpy(jb->grid + u * jb->nx * nq, row, sizeof(double) * jb->nx * nq);
    return st;
}

/* y = Γ, any system: one map per column. */
int cr_sweep_unit_ncolumn(job *jb, unit_scratch *ws, double *row, size_t u,
                        char *err, size_t errlen)
{
    (void)ws;
    (void)row;
    cr_params p = *jb->base;
    cr_param_put(&p, jb->xparam, jb->xs[u]);
    cr_nmap *S = malloc(sizeof *S);
    if (S == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    double e[CR_NMAX];
    cr_params_energies(&p, e);
    size_t nq = (size_t)cr_sweep_nq_of(jb->opts);
    int st = cr_params_validate(&p, err, errlen);
    if (st == CR_OK)
        st = cr_nsweep_map(&p, jb->opts, S, err, errlen);
    int map_st = st;
    for (size_t iy = 0; iy < jb->ny; iy++) {
        if (!cr_sweep_row_wanted(jb->opts, iy))
            continue;
        cr_nstate ss;
        double *cell = jb->grid + (iy * jb->nx + u) * nq;
        p.gamma = jb->ys[iy];
        st = map_st == CR_OK ? cr_nsteady_state(S, p.gamma, e, &ss, err, errlen) : map_st;
        if (st == CR_OK)
            cr_sweep_ncell(jb->opts, S, &ss, &p, e, cell);
        else if ((st = cr_sweep_survive(&jb->lock, jb->opts, iy * jb->nx + u, st, err)) == CR_OK)
            cr_sweep_nan_fill(cell, nq);
        else
            break;
    }
    free(S);
    return st;
}

/* Every worker: its own workspace and scratch row, units until none is
 * left, each reported to cr_sweep_finish(). */
