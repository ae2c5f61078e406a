/*
 * model.c — filling the view model (colres/model.h) from engine results.
 */
#include "config.h"

#include "colres/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/smap.h"
#include "colres/status.h"
#include "colres/trajectory.h"

/* Slider order and ranges: wide enough for the paper's figures. */
static const struct {
    int param;
    double min, max;
    int log;
} slider_defaults[CR_VIEW_SLIDERS] = {
    { CR_P_GAMMA, 1e-2, 1e2, 1 },
    { CR_P_DELTA, 0.05, 3.0, 0 },
    { CR_P_DX,    0.1,  10.0, 1 },
    { CR_P_BETA,  0.01, 1.0, 1 },
    { CR_P_MASS,  0.01, 1.0, 1 },
};

void cr_view_init(cr_view *v)
{
    cr_params p;

    memset(v, 0, sizeof *v);
    for (int i = 0; i < CR_VIEW_SLIDERS; i++) {
        v->slider_param[i] = slider_defaults[i].param;
        v->slider_min[i] = slider_defaults[i].min;
        v->slider_max[i] = slider_defaults[i].max;
        v->slider_log[i] = slider_defaults[i].log;
    }
    v->traj_window = 40;
    v->seed = 1;
    v->map_ms = -1;
    v->heat_seconds = -1;
    /* Fig. 3 middle: |ρ01| over Δx and Δ at Γ = 5. */
    v->heat_xparam = CR_P_DX;
    v->heat_xmin = 0.1;
    v->heat_xmax = 10;
    v->heat_xlog = 1;
    v->heat_yparam = CR_P_DELTA;
    v->heat_ymin = 0.1;
    v->heat_ymax = 2.0;
    v->heat_ylog = 0;
    v->show_first = 1;
    cr_params_default(&p);
    cr_view_set_params(v, &p);
    /* The paper's closing example; it converts (tested in check_units). */
    cr_units_input in;
    cr_units_default(&in);
    cr_view_set_units(v, &in, NULL, 0);
}

cr_view *cr_view_new(void)
{
    cr_view *v = malloc(sizeof *v);

    if (v)
        cr_view_init(v);
    return v;
}

void cr_view_free(cr_view *v)
{
    free(v);
}

void cr_view_set_params(cr_view *v, const cr_params *p)
{
    v->params = *p;
    cr_thermal_state(p->beta, p->delta, &v->thermal);
    v->nwarn = cr_params_warnings(p, v->warnings, CR_WARN_MAX);
    v->have_steady = 0;
}

void cr_view_set_curve(cr_view *v, const cr_sweep_point *pts, size_t n)
{
    cr_params q = v->params;

    if (n > CR_VIEW_CURVE_MAX)
        n = CR_VIEW_CURVE_MAX;
    for (size_t i = 0; i < n; i++) {
        v->curve_gamma[i] = pts[i].value;
        v->curve_rho00[i] = creal(pts[i].steady.v[CR_VEC(0, 0)]);
        v->curve_rho11[i] = creal(pts[i].steady.v[CR_VEC(1, 1)]);
        v->curve_coh[i] = cabs(pts[i].steady.v[CR_VEC(0, 1)]);
        v->curve_first_coh[i] = cabs(pts[i].first.v[CR_VEC(0, 1)]);
        q.gamma = pts[i].value;
        v->curve_rough[i] = cr_rough_estimate(&q);   /* Eq. 24 */
    }
    v->have_rough = 1;
    v->curve_n = n;
}

void cr_view_set_steady(cr_view *v, const cr_state *steady)
{
    v->steady = *steady;
    v->trace_distance = cr_trace_distance(steady, &v->thermal);
    v->have_steady = 1;
}

void cr_view_traj_clear(cr_view *v)
{
    v->traj_n = 0;
    v->traj_start = 0;
    v->collisions = 0;
}

void cr_view_traj_push(cr_view *v, double gamma_t, double rho00)
{
    size_t k;

    if (v->traj_n < CR_VIEW_TRAJ_MAX) {
        k = (v->traj_start + v->traj_n) % CR_VIEW_TRAJ_MAX;
        v->traj_n++;
    } else {
        k = v->traj_start;
        v->traj_start = (v->traj_start + 1) % CR_VIEW_TRAJ_MAX;
    }
    v->traj_gt[k] = gamma_t;
    v->traj_rho00[k] = rho00;
}

void cr_view_set_mean(cr_view *v, const double *gamma_t, const double *rho00,
                      size_t n)
{
    if (n > CR_VIEW_MEAN_MAX)
        n = CR_VIEW_MEAN_MAX;
    memcpy(v->mean_gt, gamma_t, n * sizeof *gamma_t);
    memcpy(v->mean_rho00, rho00, n * sizeof *rho00);
    v->mean_n = n;
}

void cr_view_heat_setup(cr_view *v, int xparam, double xmin, double xmax,
                        int xlog, int yparam, double ymin, double ymax,
                        int ylog, int nx, int ny)
{
    if (nx < 0)
        nx = 0;
    if (ny < 0)
        ny = 0;
    if (nx > CR_VIEW_HEAT_MAX)
        nx = CR_VIEW_HEAT_MAX;
    if (ny > CR_VIEW_HEAT_MAX)
        ny = CR_VIEW_HEAT_MAX;
    v->heat_xparam = xparam;
    v->heat_yparam = yparam;
    v->heat_xmin = xmin;
    v->heat_xmax = xmax;
    v->heat_xlog = xlog;
    v->heat_ymin = ymin;
    v->heat_ymax = ymax;
    v->heat_ylog = ylog;
    v->heat_nx = nx;
    v->heat_ny = ny;
    v->heat_rows_done = 0;
    for (size_t i = 0; i < (size_t)nx * (size_t)ny; i++)
        v->heat[i] = NAN;
}

int cr_view_heat_grid(const cr_view *v, double *xs, double *ys, char *err,
                      size_t errlen)
{
    int rc;

    if (v->heat_nx <= 0 || v->heat_ny <= 0)
        return cr_error(err, errlen, CR_EINVAL, "heat map: empty grid");
    rc = cr_grid(v->heat_xmin, v->heat_xmax, (size_t)v->heat_nx,
                 v->heat_xlog, xs, err, errlen);
    if (rc == CR_OK)
        rc = cr_grid(v->heat_ymin, v->heat_ymax, (size_t)v->heat_ny,
                     v->heat_ylog, ys, err, errlen);
    return rc;
}

void cr_view_heat_row(cr_view *v, size_t row, const double *values, size_t n)
{
    if (row >= (size_t)v->heat_ny)
        return;
    if (n > (size_t)v->heat_nx)
        n = (size_t)v->heat_nx;
    memcpy(&v->heat[row * (size_t)v->heat_nx], values, n * sizeof *values);
    v->heat_rows_done++;
}

int cr_view_set_units(cr_view *v, const cr_units_input *in, char *err,
                      size_t errlen)
{
    cr_units_result r;
    int rc = cr_units_convert(in, &r, err, errlen);

    if (rc != CR_OK)
        return rc;
    v->units_in = *in;
    v->units = r;
    v->have_units = 1;
    return CR_OK;
}

double cr_view_slider_step(const cr_view *v, int slider, double value,
                           int steps)
{
    double lo, hi, u;

    if (slider < 0 || slider >= CR_VIEW_SLIDERS)
        return value;
    lo = v->slider_min[slider];
    hi = v->slider_max[slider];
    if (v->slider_log[slider] && value > 0 && lo > 0) {
        u = log(value / lo) / log(hi / lo) + steps / 100.0;
        value = lo * exp(u * log(hi / lo));
    } else {
        value += steps / 100.0 * (hi - lo);
    }
    if (value < lo)
        value = lo;
    if (value > hi)
        value = hi;
    return value;
}

/* The trajectory from |1><1| over Γt in [0, traj_window], one sample per
 * collision (Eq. 5, Fig. 1). */
static int compute_trajectory(cr_view *v, const cr_map *S, char *err,
                              size_t errlen)
{
    const cr_params *p = &v->params;
    cr_traj *t = cr_traj_alloc(v->seed);
    cr_state rho;

    if (!t)
        return cr_error(err, errlen, CR_ENOMEM, "trajectory: out of memory");
    cr_traj_set_map(t, S, p->gamma, p->delta);
    cr_traj_set_dephase(t, v->dephase);
    cr_view_traj_clear(v);
    cr_traj_state(t, &rho);
    cr_view_traj_push(v, 0, creal(rho.v[CR_VEC(0, 0)]));
    while (v->traj_n < CR_VIEW_TRAJ_MAX) {
        cr_traj_step(t, 1);
        cr_traj_state(t, &rho);
        double gt = p->gamma * cr_traj_time(t);
        cr_view_traj_push(v, gt, creal(rho.v[CR_VEC(0, 0)]));
        if (gt > v->traj_window)
            break;
    }
    v->collisions = cr_traj_count(t);
    cr_traj_free(t);
    return CR_OK;
}

static int compute_mean(cr_view *v, const cr_map *S, char *err,
                        size_t errlen)
{
    const cr_params *p = &v->params;
    double gt[CR_VIEW_MEAN_MAX], r00[CR_VIEW_MEAN_MAX];
    size_t n = 201;
    cr_state rho0, rho;

    cr_excited_state(&rho0);
    for (size_t i = 0; i < n; i++) {
        gt[i] = v->traj_window * (double)i / (double)(n - 1);
        int rc = cr_evolve(S, p->gamma, p->delta, gt[i] / p->gamma, &rho0,
                           &rho, err, errlen);
        if (rc != CR_OK)
            return rc;
        r00[i] = creal(rho.v[CR_VEC(0, 0)]);
    }
    cr_view_set_mean(v, gt, r00, n);
    return CR_OK;
}

static int compute_curve(cr_view *v, size_t n, const cr_sweep_opts *so,
                         char *err, size_t errlen)
{
    double gammas[CR_VIEW_CURVE_MAX];
    cr_sweep_point *pts;
    int rc;

    if (n > CR_VIEW_CURVE_MAX)
        n = CR_VIEW_CURVE_MAX;
    rc = cr_grid(1e-2, 1e2, n, 1, gammas, err, errlen);
    if (rc != CR_OK)
        return rc;
    pts = malloc(n * sizeof *pts);
    if (!pts)
        return cr_error(err, errlen, CR_ENOMEM, "Γ curve: out of memory");
    rc = cr_sweep_1d(&v->params, CR_P_GAMMA, gammas, n, pts, so, err,
                     errlen);
    if (rc == CR_OK)
        cr_view_set_curve(v, pts, n);
    free(pts);
    return rc;
}

static int compute_heat(cr_view *v, int nx, int ny, const cr_sweep_opts *so,
                        char *err, size_t errlen)
{
    double *xs, *ys;
    int rc;

    cr_view_heat_setup(v, v->heat_xparam, v->heat_xmin, v->heat_xmax,
                       v->heat_xlog, v->heat_yparam, v->heat_ymin,
                       v->heat_ymax, v->heat_ylog, nx, ny);
    xs = malloc((size_t)v->heat_nx * sizeof *xs);
    ys = malloc((size_t)v->heat_ny * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    }
    rc = cr_view_heat_grid(v, xs, ys, err, errlen);
    if (rc == CR_OK)
        rc = cr_heatmap(&v->params, v->heat_xparam, xs, (size_t)v->heat_nx,
                        v->heat_yparam, ys, (size_t)v->heat_ny, v->heat, so,
                        err, errlen);
    if (rc == CR_OK)
        v->heat_rows_done = v->heat_ny;
    free(xs);
    free(ys);
    return rc;
}

int cr_view_compute(cr_view *v, const cr_view_compute_opts *o, char *err,
                    size_t errlen)
{
    cr_smap_workspace *w;
    cr_sweep_opts so;
    cr_state steady;
    cr_map S;
    int rc;

    cr_view_set_params(v, &v->params);
    memset(&so, 0, sizeof so);
    so.threads = o->threads;
    so.cancel = o->cancel;
    w = cr_smap_alloc();
    if (!w)
        return cr_error(err, errlen, CR_ENOMEM, "map: out of memory");
    rc = cr_smap_compute(w, &v->params, &S, err, errlen);
    cr_smap_free(w);
    if (rc != CR_OK)
        return rc;
    rc = cr_steady_state(&S, v->params.gamma, v->params.delta, &steady, err,
                         errlen);
    if (rc != CR_OK)
        return rc;
    cr_view_set_steady(v, &steady);
    rc = compute_curve(v, o->curve_points ? o->curve_points : 100, &so, err,
                       errlen);
    if (rc == CR_OK)
        rc = compute_trajectory(v, &S, err, errlen);
    if (rc == CR_OK)
        rc = compute_mean(v, &S, err, errlen);
    if (rc == CR_OK && o->heat_nx > 0 && o->heat_ny > 0)
        rc = compute_heat(v, o->heat_nx, o->heat_ny, &so, err, errlen);
    return rc;
}
