/*
 * view.c — the view model (view/view.h) and its setters.
 */
#include "config.h"

#include "view/view.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"

/* Slider order and ranges: wide enough for the paper's figures. */
static const struct {
    int param;
    double min, max;
    int log;
} slider_defaults[CR_VIEW_SLIDERS] = {
    { CR_P_GAMMA, CR_SCREEN_GAMMA_MIN, CR_SCREEN_GAMMA_MAX, 1 },
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
    v->traj_window = CR_SCREEN_TRAJ_WINDOW;
    v->mech.k = 1;
    v->mech.pair_k = 1;
    v->seed = 1;
    v->map_ms = -1;
    v->heat_seconds = -1;
    v->plane = CR_PLANE_DEFAULT;
    v->heat_log = -1;
    v->busy_rows = -1;
    cr_plane_get(v->plane, &v->heat_axes);
    v->show_first = 1;
    cr_params_default(&p);
    cr_view_set_params(v, &p);
    /* The paper's closing example; it converts (tested in check_units). */
    cr_units_input in;
    cr_units_default(&in);
    cr_view_set_units(v, &in, NULL, 0);
}

int cr_view_shows(const cr_view *v, int fig)
{
    return v->focus < 1 || v->focus > 3 || v->focus == fig;
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
    double e[CR_NMAX];
    cr_params_energies(p, e);
    cr_nthermal_state(p->nlevels, e, p->beta, &v->nthermal);
    if (p->nlevels == 2)
        cr_nstate_to_qubit(&v->nthermal, &v->thermal);
    else
        for (int i = 0; i < 4; i++)
            v->thermal.v[i] = v->nthermal.v[CR_NVEC(p->nlevels, i / 2, i % 2)];
    if (v->nsteady.n != p->nlevels) {
        /* another number of levels: the old state and curve are gone */
        v->have_steady = 0;
        v->curve_n = v->curve_q_n = 0;
    }
    v->nwarn = cr_params_warnings(p, v->warnings, CR_WARN_MAX);
    if (v->have_validity)
        v->nwarn += cr_validity_warnings(&v->validity, v->warnings + v->nwarn,
                                         CR_VIEW_WARN_MAX - v->nwarn);
}

void cr_view_set_validity(cr_view *v, const cr_validity *val)
{
    v->validity = *val;
    v->have_validity = 1;
    cr_view_set_params(v, &v->params); /* the warnings again, with these */
}

void cr_view_set_curve(cr_view *v, const cr_sweep_point *pts, size_t n)
{
    cr_params q = v->params;

    if (n > CR_SCREEN_CURVE_MAX)
        n = CR_SCREEN_CURVE_MAX;
    memcpy(v->curve_pts, pts, n * sizeof *pts);
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

void cr_view_set_steady(cr_view *v, const cr_state *steady, const cr_nstate *nsteady)
{
    v->steady = *steady;
    v->nsteady = *nsteady;
    if (nsteady->n == v->nthermal.n)
        v->trace_distance = cr_ntrace_distance(nsteady, &v->nthermal);
    else
        v->trace_distance = NAN;
    v->have_steady = 1;
}

void cr_view_set_curve_levels(cr_view *v, int nlev, const double (*pop)[CR_SCREEN_CURVE_MAX],
                              const double (*q)[CR_SCREEN_CURVE_MAX],
                              const double (*qfirst)[CR_SCREEN_CURVE_MAX], size_t n)
{
    if (n > CR_SCREEN_CURVE_MAX)
        n = CR_SCREEN_CURVE_MAX;
    for (int j = 0; j < nlev && j < CR_NMAX; j++)
        memcpy(v->curve_pop[j], pop[j], n * sizeof(double));
    for (int k = 0; k < CR_Q_COUNT; k++) {
        memcpy(v->curve_q[k], q[k], n * sizeof(double));
        memcpy(v->curve_qfirst[k], qfirst[k], n * sizeof(double));
    }
    v->curve_q_n = n;
    cr_view_set_quantity(v, v->quantity);
}

void cr_view_set_quantity(cr_view *v, int quantity)
{
    if (quantity < 0 || quantity >= CR_Q_COUNT)
        quantity = CR_Q_RHO01_ABS;
    v->quantity = quantity;
    if (v->curve_q_n != v->curve_n)
        return; /* only cr_view_set_curve's |ρ01| rows so far */
    memcpy(v->curve_coh, v->curve_q[quantity], v->curve_n * sizeof(double));
    memcpy(v->curve_first_coh, v->curve_qfirst[quantity], v->curve_n * sizeof(double));
}

void cr_view_traj_clear(cr_view *v)
{
    v->traj_n = 0;
    v->traj_start = 0;
    v->collisions = 0;
}

/* Append to a ring buffer of CR_SCREEN_TRAJ_MAX samples (n used, oldest at
 * *start), dropping the oldest when full. */
static void ring_push(size_t *n, size_t *start, double *gt, double *rho00, double gamma_t,
                      double r00)
{
    size_t k;

    if (*n < CR_SCREEN_TRAJ_MAX) {
        k = (*start + *n) % CR_SCREEN_TRAJ_MAX;
        (*n)++;
    } else {
        k = *start;
        *start = (*start + 1) % CR_SCREEN_TRAJ_MAX;
    }
    gt[k] = gamma_t;
    rho00[k] = r00;
}

void cr_view_traj_push(cr_view *v, double gamma_t, double rho00)
{
    ring_push(&v->traj_n, &v->traj_start, v->traj_gt, v->traj_rho00, gamma_t, rho00);
}

void cr_view_cmp_push(cr_view *v, int k, double gamma_t, double rho00)
{
    struct cr_view_cmp *c = &v->cmp[k];
    ring_push(&c->n, &c->start, c->gt, c->rho00, gamma_t, rho00);
}

void cr_view_set_mean(cr_view *v, const double *gamma_t, const double *rho00,
                      size_t n)
{
    if (n > CR_SCREEN_MEAN_MAX)
        n = CR_SCREEN_MEAN_MAX;
    memcpy(v->mean_gt, gamma_t, n * sizeof *gamma_t);
    memcpy(v->mean_rho00, rho00, n * sizeof *rho00);
    v->mean_n = n;
}

void cr_view_heat_setup(cr_view *v, const cr_plane *axes, int nx, int ny)
{
    nx = nx < 0 ? 0 : nx > CR_SCREEN_HEAT_MAX ? CR_SCREEN_HEAT_MAX : nx;
    ny = ny < 0 ? 0 : ny > CR_SCREEN_HEAT_MAX ? CR_SCREEN_HEAT_MAX : ny;
    v->heat_axes = *axes;
    v->heat_nx = nx;
    v->heat_ny = ny;
    v->heat_rows_done = 0;
    for (size_t i = 0; i < (size_t)nx * (size_t)ny; i++)
        v->heat[i] = NAN;
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

int cr_view_heat_scale(const cr_view *v, cr_heat_scale *out)
{
    size_t n = (size_t)v->heat_nx * (size_t)v->heat_ny;
    double lo = 0, hi = 0, plo = 0, phi = 0;
    if (v->heat_lock) {
        *out = v->heat_locked;
        out->solid = v->color;
        return 0;
    }
    if (n == 0 || cr_plot_heat_range(v->heat, n, 0, &lo, &hi) != 0)
        return -1;
    int have_pos = cr_plot_heat_range(v->heat, n, 1, &plo, &phi) == 0;
    int use_log = v->heat_log == 1 || (v->heat_log < 0 && have_pos && phi > 10 * plo);
    if (use_log && have_pos && phi > plo)
        *out = (cr_heat_scale){ .lo = plo, .hi = phi, .log = 1 };
    else
        *out = (cr_heat_scale){ .lo = lo, .hi = hi };
    out->solid = v->color;
    return 0;
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

/* A value as printf's %.12g would write it, read back: the nearest double
 * to the round decimal (so that 0.1 * 3 shows as 0.3). */
static double strtod_round(double x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.12g", x);
    return strtod(buf, NULL);
}

/* Log sliders step through ten round values a decade (a preferred-number
 * series that holds 1, 2, 5 and the paper's 0.1, 1, 5, 10), linear ones
 * through multiples of a round step (0.05 for Δ), so the arrows reach the
 * values a lecturer names. */
static const double decade[10] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 };

static double log_step(double value, int steps)
{
    double k = floor(log10(value));
    double base = pow(10, k);
    /* Index of the grid value at or just below value (a relative 1e-9
     * tolerance so that 5.0000000001 counts as on the grid). */
    int i = 9;
    while (i > 0 && decade[i] * base > value * (1 + 1e-9))
        i--;
    int on_grid = fabs(decade[i] * base - value) <= 1e-9 * value;
    long idx = (long)k * 10 + i;
    if (!on_grid && steps < 0)
        idx++; /* stepping down from between grid values lands on the lower one */
    idx += steps;
    long dk = idx >= 0 ? idx / 10 : -((-idx + 9) / 10);
    int di = (int)(idx - dk * 10);
    /* Round away the representation error of 10^k (1.2e-1 → 0.12). */
    return strtod_round(decade[di] * pow(10, (double)dk));
}

static double linear_step(double lo, double hi, double value, int steps)
{
    /* The largest 1, 2 or 5 × 10^k that still gives 40 steps or more. */
    double want = (hi - lo) / 40, step = pow(10, floor(log10(want)));
    if (5 * step <= want)
        step *= 5;
    else if (2 * step <= want)
        step *= 2;
    double n = steps > 0 ? floor(value / step + 1e-9) : ceil(value / step - 1e-9);
    return strtod_round((n + steps) * step);
}

double cr_view_slider_step(const cr_view *v, int slider, double value,
                           int steps)
{
    double lo, hi;

    if (slider < 0 || slider >= CR_VIEW_SLIDERS)
        return value;
    lo = v->slider_min[slider];
    hi = v->slider_max[slider];
    if (v->slider_log[slider] && value > 0 && lo > 0)
        value = log_step(value, steps);
    else
        value = linear_step(lo, hi, value, steps);
    if (value < lo)
        value = lo;
    if (value > hi)
        value = hi;
    return value;
}
