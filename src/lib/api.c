/* api.c — colres/colres.h: the engine behind an opaque handle, parameters
 * by name, results in plain arrays of doubles.  Each computation calls the
 * engine functions the matching colres command calls, in the same order,
 * so both give the same digits (tests/python_api.py compares them). */
#include "config.h"

#include "colres/colres.h"

#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/ndynamics.h"
#include "colres/nlevel.h"
#include "colres/smap.h"
#include "colres/sweep.h"
#include "colres/validity.h"

struct cr_model {
    cr_params p;
    int dephase;                  /* every map is D.S */
    int threads;                  /* 0: one per CPU */
    volatile sig_atomic_t cancel;
    cr_smap_workspace *ws;        /* the qubit's map, allocated on first use */
    cr_map q;                     /* the qubit's map of the last map_of() */
    cr_nmap S;                    /* the map of the last map_of(), any N */
    char err[512];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

const char *cr_version(void)
{
    return PACKAGE_VERSION;
}

cr_model *cr_model_new(void)
{
    pthread_once(&init_once, cr_init);  /* GSL's handler off, once */
    cr_model *m = malloc(sizeof *m);
    if (m == NULL)
        return NULL;
    cr_params_default(&m->p);
    m->dephase = 0;
    m->threads = 0;
    m->cancel = 0;
    m->ws = NULL;
    m->err[0] = '\0';
    return m;
}

void cr_model_free(cr_model *m)
{
    if (m == NULL)
        return;
    cr_smap_free(m->ws);
    free(m);
}

const char *cr_model_error(const cr_model *m)
{
    return m != NULL ? m->err : "no model (out of memory)";
}

void cr_model_cancel(cr_model *m, int on)
{
    __atomic_store_n(&m->cancel, on != 0, __ATOMIC_RELAXED);
}

static int cancelled(const cr_model *m)
{
    return __atomic_load_n(&m->cancel, __ATOMIC_RELAXED) != 0;
}

/* Start of every call: no message yet. */
static cr_model *begin(cr_model *m)
{
    m->err[0] = '\0';
    return m;
}

#define FAIL(m, st, ...) cr_error((m)->err, sizeof (m)->err, (st), __VA_ARGS__)

/* "rough-s" -> "rough_s" into buf; NULL if too long. */
static const char *param_name(const char *name, char *buf, size_t len)
{
    if (name == NULL || strlen(name) >= len)
        return NULL;
    size_t i = 0;
    for (; name[i] != '\0'; i++)
        buf[i] = name[i] == '-' ? '_' : name[i];
    buf[i] = '\0';
    return buf;
}

/* threads and dephase: the command-line options, with their messages. */
static int set_option(cr_model *m, const char *name, const char *value)
{
    char *end = NULL;
    unsigned long v = strtoul(value, &end, 10);
    int digits = value[0] >= '0' && value[0] <= '9' && end != value && *end == '\0';
    if (strcmp(name, "threads") == 0) {
        if (!digits || v < 1 || v > 256)
            return FAIL(m, CR_EINVAL, "invalid --threads = \"%s\": valid range is 1..256", value);
        m->threads = (int)v;
        return CR_OK;
    }
    if (!digits || v > 1)
        return FAIL(m, CR_EINVAL, "invalid dephase = \"%s\": valid values are 0, 1", value);
    m->dephase = (int)v;
    return CR_OK;
}

int cr_model_set(cr_model *m, const char *name, const char *value)
{
    char buf[32];
    const char *n = param_name(name, buf, sizeof buf);
    begin(m);
    if (n == NULL || value == NULL)
        return FAIL(m, CR_EINVAL, "unknown parameter \"%s\"", name != NULL ? name : "");
    if (strcmp(n, "threads") == 0 || strcmp(n, "dephase") == 0)
        return set_option(m, n, value);
    return cr_params_set(&m->p, n, value, m->err, sizeof m->err);
}

int cr_model_set_double(cr_model *m, const char *name, double value)
{
    char text[64];
    snprintf(text, sizeof text, "%.17g", value);
    return cr_model_set(m, name, text);
}

int cr_model_get(cr_model *m, const char *name, double *value)
{
    char buf[32];
    const char *n = param_name(name, buf, sizeof buf);
    begin(m);
    int id = n != NULL ? cr_param_lookup(n) : -1;
    if (n != NULL && strcmp(n, "threads") == 0)
        *value = m->threads;
    else if (n != NULL && strcmp(n, "dephase") == 0)
        *value = m->dephase;
    else if (id >= 0)
        *value = cr_param_get(&m->p, id);
    else
        return FAIL(m, CR_EINVAL, "unknown parameter \"%s\"", name != NULL ? name : "");
    return CR_OK;
}

int cr_model_load(cr_model *m, const char *path)
{
    return cr_params_load_file(&begin(m)->p, path, m->err, sizeof m->err);
}

int cr_model_validate(cr_model *m)
{
    return cr_params_validate(&begin(m)->p, m->err, sizeof m->err);
}

int cr_model_warnings(cr_model *m, char *buf, size_t len)
{
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    int n = cr_params_warnings(&begin(m)->p, msgs, CR_WARN_MAX);
    size_t at = 0;
    if (len > 0)
        buf[0] = '\0';
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(buf + (at < len ? at : 0), at < len ? len - at : 0, "%s\n", msgs[i]);
    return n;
}

int cr_model_levels(const cr_model *m)
{
    return m->p.nlevels;
}

int cr_model_energies(const cr_model *m, double *e)
{
    double all[CR_NMAX];
    int n = cr_params_energies(&m->p, all);
    memcpy(e, all, sizeof(double) * (size_t)n);
    return n;
}

/* The map into m->S (and m->q for the paper's qubit), D.S with dephase:
 * what cli_setup() and cli_nmap() compute. */
static int map_of(cr_model *m)
{
    int st = cr_params_validate(&m->p, m->err, sizeof m->err);
    if (st != CR_OK)
        return st;
    if (cr_params_is_qubit(&m->p)) {
        if (m->ws == NULL && (m->ws = cr_smap_alloc()) == NULL)
            return FAIL(m, CR_ENOMEM, "scattering map: out of memory");
        st = cr_smap_compute(m->ws, &m->p, &m->q, m->err, sizeof m->err);
        if (st != CR_OK)
            return st;
        if (m->dephase)
            cr_map_dephased(&m->q, &m->q);
        cr_nmap_from_qubit(&m->q, &m->S);
    } else {
        st = cr_nmap_compute(&m->p, &m->S, m->err, sizeof m->err);
        if (st != CR_OK)
            return st;
        if (m->dephase)
            cr_nmap_dephased(&m->S, &m->S);
    }
    int n2 = m->S.n * m->S.n;
    for (int r = 0; r < n2 * n2; r++)
        if (!isfinite(creal(m->S.m[r])) || !isfinite(cimag(m->S.m[r])))
            return FAIL(m, CR_ENUMERIC, "scattering map: an entry is not a finite number");
    return CR_OK;
}

/* A state out as N^2 (re, im) pairs; CR_ENUMERIC if an entry is not finite. */
static int put_state(cr_model *m, const cr_nstate *s, double *out, const char *what)
{
    int n2 = s->n * s->n;
    for (int i = 0; i < n2; i++)
        if (!isfinite(creal(s->v[i])) || !isfinite(cimag(s->v[i])))
            return FAIL(m, CR_ENUMERIC, "%s: the result is not a finite number", what);
    memcpy(out, s->v, sizeof(double complex) * (size_t)n2);
    return CR_OK;
}

int cr_model_map(cr_model *m, double *S)
{
    int st = map_of(begin(m));
    if (st == CR_OK) {
        int n2 = m->S.n * m->S.n;
        memcpy(S, m->S.m, sizeof(double complex) * (size_t)(n2 * n2));
    }
    return st;
}

int cr_model_steady(cr_model *m, double *rho)
{
    int st = map_of(begin(m));
    if (st != CR_OK)
        return st;
    cr_nstate ss;
    if (cr_params_is_qubit(&m->p)) { /* as `colres steady`: the qubit's own */
        cr_state s;
        st = cr_steady_state(&m->q, m->p.gamma, m->p.delta, &s, m->err, sizeof m->err);
        cr_nstate_from_qubit(&s, &ss);
    } else {
        double e[CR_NMAX];
        cr_params_energies(&m->p, e);
        st = cr_nsteady_state(&m->S, m->p.gamma, e, &ss, m->err, sizeof m->err);
    }
    return st == CR_OK ? put_state(m, &ss, rho, "steady state") : st;
}

int cr_model_thermal(cr_model *m, double *rho)
{
    int st = cr_params_validate(&begin(m)->p, m->err, sizeof m->err);
    if (st != CR_OK)
        return st;
    double e[CR_NMAX];
    cr_nstate th;
    cr_nthermal_state(cr_params_energies(&m->p, e), e, m->p.beta, &th);
    return put_state(m, &th, rho, "thermal state");
}

int cr_model_first_order(cr_model *m, double *rho)
{
    int st = map_of(begin(m));
    if (st != CR_OK)
        return st;
    double e[CR_NMAX];
    cr_nstate s;
    cr_params_energies(&m->p, e);
    st = cr_nfirst_order(&m->S, m->p.gamma, m->p.beta, e, &s, m->err, sizeof m->err);
    if (st == CR_OK) /* NaN where undefined: not a failure */
        memcpy(rho, s.v, sizeof(double complex) * (size_t)(s.n * s.n));
    return st;
}

/* rho(0): the named state or the caller's N^2 entries. */
static int initial_state(cr_model *m, const char *initial, const double *rho0, cr_nstate *out)
{
    double e[CR_NMAX];
    int n = cr_params_energies(&m->p, e);
    if (initial != NULL && cr_nstate_initial(initial, n, e, m->p.beta, out, m->err,
                                             sizeof m->err) != CR_OK) /* --initial's words */
        return FAIL(m, CR_EINVAL, "invalid --initial = \"%.40s\": valid values are ground, "
                    "excited, thermal, plus", initial);
    if (initial != NULL)
        return CR_OK;
    if (rho0 == NULL)
        return FAIL(m, CR_EINVAL, "initial state: neither a name nor a matrix");
    out->n = n;
    for (int i = 0; i < n * n; i++) {
        if (!isfinite(rho0[2 * i]) || !isfinite(rho0[2 * i + 1]))
            return FAIL(m, CR_EINVAL, "initial state: entry %d is not a finite number", i);
        memcpy(&out->v[i], rho0 + 2 * i, sizeof out->v[i]); /* (re, im): its layout */
    }
    return CR_OK;
}

int cr_model_evolve(cr_model *m, const char *initial, const double *rho0,
                    const double *t, size_t n, double *rho)
{
    int st = map_of(begin(m));
    cr_nstate r0, r;
    if (st == CR_OK)
        st = initial_state(m, initial, rho0, &r0);
    if (st != CR_OK)
        return st;
    double e[CR_NMAX];
    cr_params_energies(&m->p, e);
    size_t n2 = (size_t)(r0.n * r0.n);
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        if (cancelled(m))
            return FAIL(m, CR_ECANCEL, "evolve: cancelled");
        if (!isfinite(t[i]) || t[i] < 0.0)
            return FAIL(m, CR_EINVAL, "invalid time = %.17g: valid range is >= 0", t[i]);
        st = cr_nevolve(&m->S, m->p.gamma, e, t[i], &r0, &r, m->err, sizeof m->err);
        if (st == CR_OK)
            st = put_state(m, &r, rho + 2 * n2 * i, "mean evolution");
    }
    return st;
}

size_t cr_trajectory_rows(unsigned long collisions, unsigned long every)
{
    if (every == 0)
        return 0;
    return 1 + (size_t)(collisions / every) + (collisions % every != 0);
}

/* Collisions between two looks at the cancel flag: ~10 ms of work. */
enum { TRAJ_CHUNK = 1UL << 17 };

static int traj_check(cr_model *m, unsigned long seed, unsigned long collisions,
                      unsigned long every)
{
    if (collisions > 1000000000000UL)
        return FAIL(m, CR_EINVAL, "invalid --collisions = \"%lu\": valid range is 0..1000000000000",
                    collisions);
    if (seed > 0xffffffffUL)
        return FAIL(m, CR_EINVAL, "invalid --seed = \"%lu\": valid range is 0..4294967295", seed);
    if (every < 1 || every > 1000000000000UL)
        return FAIL(m, CR_EINVAL, "invalid --every = \"%lu\": valid range is 1..1000000000000",
                    every);
    return CR_OK;
}

int cr_model_trajectory(cr_model *m, const char *initial, const double *rho0,
                        unsigned long seed, unsigned long collisions, unsigned long every,
                        double *time, double *count, double *rho)
{
    int st = traj_check(begin(m), seed, collisions, every);
    cr_nstate r0, s;
    if (st == CR_OK)
        st = map_of(m);
    if (st == CR_OK)
        st = initial_state(m, initial, rho0, &r0);
    cr_ntraj *t = st == CR_OK ? cr_ntraj_alloc(seed) : NULL;
    if (st == CR_OK && t == NULL)
        st = FAIL(m, CR_ENOMEM, "trajectory: out of memory");
    if (st != CR_OK)
        return st;
    double e[CR_NMAX];
    cr_params_energies(&m->p, e);
    cr_ntraj_reset_to(t, seed, &r0);
    cr_ntraj_set_map(t, &m->S, m->p.gamma, e);
    /* The map is already D.S with dephase: the trajectory's own D on top
     * changes nothing (D is a projection), as `--dephase` does. */
    cr_ntraj_set_dephase(t, m->dephase);
    size_t n2 = (size_t)(r0.n * r0.n), row = 0;
    for (unsigned long n = 0; st == CR_OK;) {
        cr_ntraj_state(t, &s);
        time[row] = cr_ntraj_time(t);
        if (count != NULL)
            count[row] = (double)cr_ntraj_count(t);
        st = put_state(m, &s, rho + 2 * n2 * row++, "trajectory");
        if (n >= collisions)
            break;
        unsigned long k = every < collisions - n ? every : collisions - n;
        for (unsigned long done = 0; done < k && st == CR_OK;) {
            unsigned long c = k - done < TRAJ_CHUNK ? k - done : TRAJ_CHUNK;
            if (cancelled(m))
                st = FAIL(m, CR_ECANCEL, "trajectory: cancelled");
            else
                cr_ntraj_step(t, c);
            done += c;
        }
        n += k;
    }
    cr_ntraj_free(t);
    return st;
}

int cr_model_validity(cr_model *m, double out[4])
{
    int st = map_of(begin(m));
    if (st != CR_OK)
        return st;
    char err[512];
    double packet = NAN, choi = NAN;
    if (cr_validity_packet_min(&m->p, CR_VALIDITY_PACKET_TOL, &packet, NULL, err, sizeof err) != CR_OK)
        packet = NAN; /* as the command: an empty value, not a failure */
    double e[CR_NMAX];
    cr_params_energies(&m->p, e);
    cr_nstate ss;
    cr_state q;
    st = cr_validity_nchoi_min(&m->S, &choi, m->err, sizeof m->err);
    if (st == CR_OK)
        st = cr_nsteady_state(&m->S, m->p.gamma, e, &ss, m->err, sizeof m->err);
    if (st != CR_OK)
        return st;
    out[0] = packet;
    out[1] = choi;
    out[2] = cr_nstate_to_qubit(&ss, &q) == CR_OK ? cr_validity_state_min(&q)
                                                   : cr_nstate_min_eigenvalue(&ss);
    out[3] = cr_validity_wigner(&m->p);
    return CR_OK;
}

/* ---- sweeps and heat maps (the commands' workers, cancel flag) ---- */

static void sweep_opts(cr_model *m, cr_sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    o->threads = m->threads;
    o->cancel = &m->cancel;
    o->dephase = m->dephase;
}

/* A parameter id by name ('-' or '_'), -1 if unknown. */
static int lookup(const char *name)
{
    char buf[32];
    const char *n = param_name(name, buf, sizeof buf);
    return n != NULL ? cr_param_lookup(n) : -1;
}

#define PARAM_NAMES "gamma, delta, dx, beta, mass, lambda, length, x0, rough_s"

/* Every point valid before any work, as `colres sweep` checks. */
static int sweep_check(cr_model *m, int id, const double *values, size_t n)
{
    char err[400];
    cr_params p = m->p;
    int st = cr_params_validate(&p, err, sizeof err);
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        cr_param_put(&p, id, values[i]);
        st = cr_params_validate(&p, err, sizeof err);
    }
    if (st != CR_OK)
        return FAIL(m, st, "sweep: --vary %s: %s", cr_param_table()[id].name, err);
    return CR_OK;
}

/* One block of the qubit's sweep (the columns of `colres sweep`). */
static void sweep_put(const cr_model *m, int id, const cr_sweep_point *q, size_t k,
                      double *steady, double *thermal, double *first, double *rough)
{
    for (size_t i = 0; i < k; i++) {
        memcpy(steady + 8 * i, q[i].steady.v, sizeof q[i].steady.v);
        if (thermal != NULL)
            memcpy(thermal + 8 * i, q[i].thermal.v, sizeof q[i].thermal.v);
        if (first != NULL)
            memcpy(first + 8 * i, q[i].first.v, sizeof q[i].first.v);
        if (rough != NULL) {
            cr_params p = m->p;
            cr_param_put(&p, id, q[i].value);
            rough[i] = cr_rough_estimate(&p);
        }
    }
}

static void nsweep_put(const cr_model *m, int id, const cr_nsweep_point *q, size_t k,
                       double *steady, double *thermal, double *first, double *rough)
{
    size_t n2 = (size_t)(q[0].steady.n * q[0].steady.n), sz = sizeof(double complex) * n2;
    for (size_t i = 0; i < k; i++) {
        memcpy(steady + 2 * n2 * i, q[i].steady.v, sz);
        if (thermal != NULL)
            memcpy(thermal + 2 * n2 * i, q[i].thermal.v, sz);
        if (first != NULL)
            memcpy(first + 2 * n2 * i, q[i].first.v, sz);
        if (rough != NULL) {
            cr_params p = m->p;
            cr_param_put(&p, id, q[i].value);
            rough[i] = cr_rough_estimate(&p);
        }
    }
}

/* Points computed at a time, as the command: memory whatever n. */
enum { SWEEP_BLOCK = 4096, NSWEEP_BLOCK = 512 };

int cr_model_sweep(cr_model *m, const char *name, const double *values, size_t n,
                   double *steady, double *thermal, double *first, double *rough)
{
    int id = lookup(name);
    begin(m);
    if (id < 0)
        return FAIL(m, CR_EINVAL, "invalid --vary = \"%s\": valid names are " PARAM_NAMES,
                    name != NULL ? name : "");
    int st = sweep_check(m, id, values, n);
    if (st != CR_OK || n == 0)
        return st;
    int qubit = cr_params_is_qubit(&m->p);
    size_t block = qubit ? SWEEP_BLOCK : NSWEEP_BLOCK, n2 = (size_t)(m->p.nlevels * m->p.nlevels);
    cr_sweep_point *pts = qubit ? malloc(sizeof *pts * block) : NULL;
    cr_nsweep_point *npts = qubit ? NULL : malloc(sizeof *npts * block);
    if (pts == NULL && npts == NULL)
        return FAIL(m, CR_ENOMEM, "sweep: out of memory");
    cr_sweep_opts o;
    sweep_opts(m, &o);
    char err[400];
    for (size_t at = 0; st == CR_OK && at < n; at += block) {
        size_t k = n - at < block ? n - at : block, off = 2 * n2 * at;
        double *r = rough != NULL ? rough + at : NULL;
        if (qubit && (st = cr_sweep_1d(&m->p, id, values + at, k, pts, &o, err, sizeof err)) == CR_OK)
            sweep_put(m, id, pts, k, steady + off, thermal ? thermal + off : NULL,
                      first ? first + off : NULL, r);
        if (!qubit && (st = cr_nsweep_1d(&m->p, id, values + at, k, npts, &o, err, sizeof err)) == CR_OK)
            nsweep_put(m, id, npts, k, steady + off, thermal ? thermal + off : NULL,
                       first ? first + off : NULL, r);
    }
    free(pts);
    free(npts);
    if (st != CR_OK)
        FAIL(m, st, "sweep: %s", err);
    return st;
}

/* Each axis value with the other axis at both its ends: every cell is a
 * valid parameter set (x0 < -length/2 is monotone in each). */
static int heat_check(cr_model *m, int xid, const double *x, size_t nx,
                      int yid, const double *y, size_t ny)
{
    char err[400];
    const double *ax[2] = { x, y };
    size_t an[2] = { nx, ny };
    int aid[2] = { xid, yid };
    for (int a = 0; a < 2; a++) {
        const double *o = ax[1 - a];
        size_t on = an[1 - a];
        double lo = o[0], hi = o[0];
        for (size_t i = 1; i < on; i++) {
            lo = o[i] < lo ? o[i] : lo;
            hi = o[i] > hi ? o[i] : hi;
        }
        cr_params p = m->p;
        for (size_t i = 0; i < an[a]; i++)
            for (int end = 0; end < 2; end++) {
                cr_param_put(&p, aid[a], ax[a][i]);
                cr_param_put(&p, aid[1 - a], end ? hi : lo);
                if (cr_params_validate(&p, err, sizeof err) != CR_OK)
                    return FAIL(m, CR_EINVAL, "heatmap: %s", err);
            }
    }
    return CR_OK;
}

int cr_model_heatmap(cr_model *m, const char *xname, const double *x, size_t nx,
                     const char *yname, const double *y, size_t ny,
                     const char *quantity, double *values)
{
    int xid = lookup(xname), yid = lookup(yname);
    int q = quantity != NULL ? cr_quantity_lookup(quantity) : CR_Q_RHO01_ABS;
    begin(m);
    if (xid < 0 || yid < 0)
        return FAIL(m, CR_EINVAL, "heatmap: unknown parameter \"%s\" (valid names are "
                    PARAM_NAMES ")", xid < 0 ? (xname ? xname : "") : (yname ? yname : ""));
    if (xid == yid)
        return FAIL(m, CR_EINVAL, "heatmap: --x and --y must vary different parameters");
    if (q < 0)
        return FAIL(m, CR_EINVAL, "invalid --quantity = \"%s\": valid values are rho01_abs, "
                    "coherence, distance", quantity);
    if (nx == 0 || ny == 0)
        return FAIL(m, CR_EINVAL, "heatmap: an axis has no values");
    int st = cr_params_validate(&m->p, m->err, sizeof m->err);
    if (st == CR_OK)
        st = heat_check(m, xid, x, nx, yid, y, ny);
    if (st != CR_OK)
        return st;
    cr_sweep_opts o;
    sweep_opts(m, &o);
    o.quantity = q;
    char err[400];
    st = cr_heatmap(&m->p, xid, x, nx, yid, y, ny, values, &o, err, sizeof err);
    if (st != CR_OK)
        FAIL(m, st, "heatmap: %s", err);
    return st;
}
