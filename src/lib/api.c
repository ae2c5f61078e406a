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
#include "colres/validity.h"

#include "api_impl.h"


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

cr_model *cr_api_begin(cr_model *m)
{
    m->err[0] = '\0';
    return m;
}

const char *cr_api_param_name(const char *name, char *buf, size_t len)
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
    const char *n = cr_api_param_name(name, buf, sizeof buf);
    cr_api_begin(m);
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
    const char *n = cr_api_param_name(name, buf, sizeof buf);
    cr_api_begin(m);
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
    return cr_params_load_file(&cr_api_begin(m)->p, path, m->err, sizeof m->err);
}

int cr_model_validate(cr_model *m)
{
    return cr_params_validate(&cr_api_begin(m)->p, m->err, sizeof m->err);
}

int cr_model_warnings(cr_model *m, char *buf, size_t len)
{
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    int n = cr_params_warnings(&cr_api_begin(m)->p, msgs, CR_WARN_MAX);
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
    int st = map_of(cr_api_begin(m));
    if (st == CR_OK) {
        int n2 = m->S.n * m->S.n;
        memcpy(S, m->S.m, sizeof(double complex) * (size_t)(n2 * n2));
    }
    return st;
}

int cr_model_steady(cr_model *m, double *rho)
{
    int st = map_of(cr_api_begin(m));
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
    int st = cr_params_validate(&cr_api_begin(m)->p, m->err, sizeof m->err);
    if (st != CR_OK)
        return st;
    double e[CR_NMAX];
    cr_nstate th;
    cr_nthermal_state(cr_params_energies(&m->p, e), e, m->p.beta, &th);
    return put_state(m, &th, rho, "thermal state");
}

int cr_model_first_order(cr_model *m, double *rho)
{
    int st = map_of(cr_api_begin(m));
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
    int st = map_of(cr_api_begin(m));
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
    int st = traj_check(cr_api_begin(m), seed, collisions, every);
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
    int st = map_of(cr_api_begin(m));
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
