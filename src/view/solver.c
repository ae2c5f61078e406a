/* solver.c — the background solver thread of the TUI and `colres snapshot`:
 * newest request wins, staged results published under a mutex, the UI
 * woken through a pipe. */
#include "config.h"

#include "view/solver.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "colres/cancel.h"
#include "colres/clock.h"
#include "colres/status.h"
#include "solver_impl.h"

void cr_solver_request_default(cr_solver_request *rq, const cr_params *p)
{
    memset(rq, 0, sizeof *rq);
    rq->params = *p;
    rq->stages = CR_SOLVE_ALL;
    rq->curve_n = CR_SCREEN_CURVE_POINTS;
    rq->curve_lo = CR_SCREEN_GAMMA_MIN;
    rq->curve_hi = CR_SCREEN_GAMMA_MAX;
    double e[CR_NMAX];
    cr_params_energies(p, e);
    char err[64];
    (void)cr_nstate_initial("excited", p->nlevels, e, p->beta, &rq->mean_rho0, err, sizeof err);
    rq->mean_t0 = 0.0;
    rq->mean_t1 = 2.0 * CR_SCREEN_TRAJ_WINDOW / p->gamma;
    rq->mean_n = CR_SCREEN_MEAN_POINTS;
    cr_plane_get(CR_PLANE_DEFAULT, &rq->heat);
    rq->heat_nx = 40;
    rq->heat_ny = 12;
}

/* ---- helpers shared with solver_heat.c (solver_impl.h) --------------- */

void cr_solver_touch(cr_solver *s, int part)
{
    s->pub.version[part]++;
}

void cr_solver_wake_ui(cr_solver *s)
{
    s->pub.seq++;
    char byte = 1;
    /* A full pipe already holds a wake-up: EAGAIN is fine. */
    if (write(s->pipefd[1], &byte, 1) < 0 && errno != EAGAIN)
        return;
}

int cr_solver_stale(cr_solver *s, unsigned long gen)
{
    pthread_mutex_lock(&s->lock);
    int r = s->stop || s->pub.posted != gen;
    pthread_mutex_unlock(&s->lock);
    return r;
}

static void publish_error(cr_solver *s, unsigned long gen, int status, const char *msg)
{
    pthread_mutex_lock(&s->lock);
    s->pub.error_status = status != CR_OK ? status : CR_ENUMERIC;
    s->pub.error_gen = gen;
    snprintf(s->pub.error, sizeof s->pub.error, "%s", msg);
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
}

/* ---- stages ----------------------------------------------------------- */

/* The top-left 2×2 block of an N-level state (ρ00, ρ01, ρ10, ρ11): the
 * qubit's own state when N = 2. */
static void top_left(const cr_nstate *n, cr_state *q)
{
    q->v[0] = n->v[CR_NVEC(n->n, 0, 0)];
    q->v[1] = n->v[CR_NVEC(n->n, 0, 1)];
    q->v[2] = n->v[CR_NVEC(n->n, 1, 0)];
    q->v[3] = n->v[CR_NVEC(n->n, 1, 1)];
}

static int stage_map(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                     char *err, size_t errlen)
{
    const cr_params *p = &rq->params;
    double secs = -1.0;
    if (!s->have_map || s->map_dephase != rq->dephase
        || !cr_params_equal(&s->map_key, p, SOLVER_MAP_IGNORE)) {
        double t0 = cr_clock_monotonic();
        s->qubit = cr_params_is_qubit(p);
        pthread_mutex_lock(&s->lock); /* a post that needs this map too keeps it */
        s->making_map = 1;
        s->making_key = *p;
        s->making_dephase = rq->dephase;
        pthread_mutex_unlock(&s->lock);
        int st = s->qubit ? cr_smap_compute(s->ws, p, &s->map, err, errlen)
                          : cr_nmap_general(p, &s->nmap, err, errlen);
        pthread_mutex_lock(&s->lock);
        s->making_map = 0;
        pthread_mutex_unlock(&s->lock);
        if (st != CR_OK) {
            s->have_map = 0;
            s->pub_map_current = 0;
            return st;
        }
        if (s->qubit && rq->dephase)
            cr_map_dephased(&s->map, &s->map);
        if (s->qubit)
            cr_nmap_from_qubit(&s->map, &s->nmap);
        else if (rq->dephase)
            cr_nmap_dephased(&s->nmap, &s->nmap);
        secs = cr_clock_monotonic() - t0;
        s->pub_map_current = 0;
        s->have_map = 1;
        s->map_key = *p;
        s->map_dephase = rq->dephase;
    }
    pthread_mutex_lock(&s->lock);
    s->pub.gen_map = gen;
    s->pub.map_params = *p;
    s->pub.map_dephase = rq->dephase;
    if (!s->pub_map_current) { /* a kept map is not published again */
        s->pub.map = s->nmap;
        s->pub_map_current = 1;
        cr_solver_touch(s, CR_PART_MAP);
    }
    if (secs >= 0.0)
        s->pub.map_seconds = secs;
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

static int stage_steady(cr_solver *s, const cr_params *p, unsigned long gen,
                        char *err, size_t errlen)
{
    cr_nstate steady, thermal, first;
    double e[CR_NMAX];
    cr_params_energies(p, e);
    int st = cr_nsteady_state(&s->nmap, p->gamma, e, &steady, err, errlen);
    if (st == CR_OK)
        st = cr_nfirst_order(&s->nmap, p->gamma, p->beta, e, &first, err, errlen);
    if (st != CR_OK)
        return st;
    cr_nthermal_state(p->nlevels, e, p->beta, &thermal);
    pthread_mutex_lock(&s->lock);
    s->pub.gen_steady = gen;
    s->pub.params = *p;
    s->pub.nsteady = steady;
    s->pub.nthermal = thermal;
    s->pub.nfirst = first;
    top_left(&steady, &s->pub.steady);
    top_left(&thermal, &s->pub.thermal);
    top_left(&first, &s->pub.first);
    cr_solver_touch(s, CR_PART_STEADY);
    if (s->pub.error_status != CR_OK && s->pub.error_gen < gen) {
        s->pub.error_status = CR_OK;
        s->pub.error[0] = '\0';
    }
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

/* The Γ curve's populations and quantities from its states. */
static void curve_point(cr_solver *s, size_t i, const cr_params *p, const cr_nstate *steady,
                        const cr_nstate *first)
{
    for (int j = 0; j < steady->n; j++)
        s->curve_pop[j][i] = creal(steady->v[CR_NVEC(steady->n, j, j)]);
    for (int q = 0; q < CR_Q_COUNT; q++) {
        s->curve_q[q][i] = cr_quantity_of(q, steady, p);
        s->curve_qfirst[q][i] = q == CR_Q_DISTANCE ? NAN : cr_quantity_of(q, first, p);
    }
}

/* The Γ curve of any system from the request's map (S does not depend on
 * Γ); the qubit's points hold top-left blocks. */
static int curve_points(cr_solver *s, const cr_solver_request *rq, const double *gammas,
                        size_t n, char *err, size_t errlen)
{
    int st = CR_OK;
    if (s->qubit)
        st = cr_sweep_gamma(&s->map, &rq->params, gammas, n, s->curve, err, errlen);
    double e[CR_NMAX];
    cr_params_energies(&rq->params, e);
    for (size_t i = 0; i < n && st == CR_OK; i++) {
        cr_params p = rq->params;
        p.gamma = gammas[i];
        cr_nstate ss, first, th;
        if (s->qubit) {
            cr_nstate_from_qubit(&s->curve[i].steady, &ss);
            cr_nstate_from_qubit(&s->curve[i].first, &first);
        } else {
            st = cr_nsteady_state(&s->nmap, p.gamma, e, &ss, err, errlen);
            if (st == CR_OK)
                st = cr_nfirst_order(&s->nmap, p.gamma, p.beta, e, &first, err, errlen);
            if (st != CR_OK)
                break;
            cr_nthermal_state(p.nlevels, e, p.beta, &th);
            s->curve[i].value = p.gamma;
            top_left(&ss, &s->curve[i].steady);
            top_left(&first, &s->curve[i].first);
            top_left(&th, &s->curve[i].thermal);
        }
        curve_point(s, i, &p, &ss, &first);
    }
    return st;
}

static int stage_curve(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                       char *err, size_t errlen)
{
    size_t n = rq->curve_n;
    if (n < 2 || n > CR_SCREEN_CURVE_MAX)
        return cr_error(err, errlen, CR_EINVAL, "Γ curve: %zu points, valid range is 2..%d",
                        n, CR_SCREEN_CURVE_MAX);
    int same = s->have_curve && s->curve_key.curve_n == n
        && s->curve_key.curve_lo == rq->curve_lo && s->curve_key.curve_hi == rq->curve_hi
        && s->curve_key.dephase == rq->dephase
        && cr_params_equal(&s->curve_key.params, &rq->params, SOLVER_CURVE_IGNORE);
    if (!same) {
        double gammas[CR_SCREEN_CURVE_MAX];
        int st = cr_grid(rq->curve_lo, rq->curve_hi, n, 1, gammas, err, errlen);
        if (st == CR_OK)
            st = curve_points(s, rq, gammas, n, err, errlen);
        if (st != CR_OK) {
            s->have_curve = 0;
            return st;
        }
        s->have_curve = 1;
        s->curve_key = *rq;
    }
    pthread_mutex_lock(&s->lock);
    s->pub.gen_curve = gen;
    if (!same) {
        s->pub.curve_params = rq->params;
        s->pub.curve_dephase = rq->dephase;
        s->pub.curve_n = n;
        memcpy(s->pub.curve, s->curve, n * sizeof s->curve[0]);
        for (int j = 0; j < rq->params.nlevels; j++)
            memcpy(s->pub.curve_pop[j], s->curve_pop[j], n * sizeof(double));
        for (int q = 0; q < CR_Q_COUNT; q++) {
            memcpy(s->pub.curve_q[q], s->curve_q[q], n * sizeof(double));
            memcpy(s->pub.curve_qfirst[q], s->curve_qfirst[q], n * sizeof(double));
        }
        cr_solver_touch(s, CR_PART_CURVE);
    }
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

static int stage_mean(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                      char *err, size_t errlen)
{
    size_t n = rq->mean_n;
    const cr_params *p = &rq->params;
    if (n < 2 || n > CR_SCREEN_MEAN_MAX || !(rq->mean_t1 > rq->mean_t0))
        return cr_error(err, errlen, CR_EINVAL, "mean curve: bad window (%zu points, t %g..%g)",
                        n, rq->mean_t0, rq->mean_t1);
    double e[CR_NMAX];
    cr_params_energies(p, e);
    if (rq->mean_rho0.n != p->nlevels)
        return cr_error(err, errlen, CR_EINVAL, "mean curve: a %d-level initial state for %d levels",
                        rq->mean_rho0.n, p->nlevels);
    for (size_t i = 0; i < n; i++) {
        double t = rq->mean_t0 + (rq->mean_t1 - rq->mean_t0) * (double)i / (double)(n - 1);
        cr_nstate rho;
        int st = cr_nevolve(&s->nmap, p->gamma, e, t - rq->mean_t0, &rq->mean_rho0,
                            &rho, err, errlen);
        if (st != CR_OK)
            return st;
        top_left(&rho, &s->mean[i]);
        s->mean_t[i] = t;
        if (i % 128 == 127 && cr_solver_stale(s, gen))
            return CR_ECANCEL;
    }
    pthread_mutex_lock(&s->lock);
    s->pub.gen_mean = gen;
    s->pub.mean_params = rq->params;
    s->pub.mean_dephase = rq->dephase;
    s->pub.mean_n = n;
    memcpy(s->pub.mean, s->mean, n * sizeof s->mean[0]);
    memcpy(s->pub.mean_t, s->mean_t, n * sizeof s->mean_t[0]);
    cr_solver_touch(s, CR_PART_MEAN);
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

/* The model's limits for the request: the Choi matrix of the map used
 * and the steady state's eigenvalues cost microseconds; the packet's needs
 * a grid (milliseconds, up to seconds at extreme Δx, β, m), so it comes
 * last and is kept while Δx, β and m stay. */
static int stage_validity(cr_solver *s, const cr_solver_request *rq, unsigned long gen,
                          char *err, size_t errlen)
{
    const cr_params *p = &rq->params;
    unsigned only = 1u << CR_P_DX | 1u << CR_P_BETA | 1u << CR_P_MASS;
    if (!s->have_packet || !cr_params_equal(&s->packet_key, p, ~only)) {
        char perr[256];
        if (cr_validity_packet_min(p, CR_VALIDITY_PACKET_TOL, &s->packet_min, NULL, perr,
                                   sizeof perr) != CR_OK)
            s->packet_min = NAN; /* not converged: no claim either way */
        s->have_packet = 1;
        s->packet_key = *p;
    }
    cr_validity v = { .packet_min = s->packet_min, .wigner = cr_validity_wigner(p) };
    cr_nstate ss;
    double e[CR_NMAX];
    cr_params_energies(p, e);
    int st = cr_validity_nchoi_min(&s->nmap, &v.choi_min, err, errlen);
    if (st == CR_OK)
        st = cr_nsteady_state(&s->nmap, p->gamma, e, &ss, err, errlen);
    if (st != CR_OK)
        return st;
    v.steady_min = cr_nstate_min_eigenvalue(&ss);
    pthread_mutex_lock(&s->lock);
    s->pub.gen_validity = gen;
    s->pub.validity = v;
    cr_solver_wake_ui(s);
    pthread_mutex_unlock(&s->lock);
    return CR_OK;
}

/* ---- the thread -------------------------------------------------------- */

static void process(cr_solver *s, const cr_solver_request *rq, unsigned long gen)
{
    char err[256];
    double t_taken = cr_clock_monotonic();
    const cr_params *p = &rq->params;
    int st = cr_params_validate(p, err, sizeof err);
    unsigned need = rq->stages;
    if (st == CR_OK && (need & (CR_SOLVE_MAP | CR_SOLVE_STEADY | CR_SOLVE_CURVE | CR_SOLVE_MEAN
                                | CR_SOLVE_VALIDITY)))
        st = stage_map(s, rq, gen, err, sizeof err);
    if (st == CR_OK && (need & (CR_SOLVE_STEADY | CR_SOLVE_MEAN)) && !cr_solver_stale(s, gen))
        st = stage_steady(s, p, gen, err, sizeof err);
    if (st == CR_OK && (need & CR_SOLVE_CURVE) && !cr_solver_stale(s, gen))
        st = stage_curve(s, rq, gen, err, sizeof err);
    if (st == CR_OK && (need & CR_SOLVE_MEAN) && !cr_solver_stale(s, gen))
        st = stage_mean(s, rq, gen, err, sizeof err);
    if (st == CR_OK && (need & CR_SOLVE_HEAT) && !cr_solver_stale(s, gen))
        st = cr_solver_stage_heat(s, rq, gen, t_taken, err, sizeof err);
    if (st == CR_OK && (need & CR_SOLVE_VALIDITY) && !cr_solver_stale(s, gen))
        st = stage_validity(s, rq, gen, err, sizeof err);
    if (st != CR_OK && st != CR_ECANCEL)
        publish_error(s, gen, st, err);
}

static void *solver_main(void *arg)
{
    cr_solver *s = arg;
    cr_solver_request *rq = malloc(sizeof *rq);
#ifdef __linux__
    /* Linux nice values are per thread and inherited by the sweep workers
     * this thread starts: the UI thread keeps priority over the number
     * crunching, so keys stay responsive while a heat map computes.
     * Failure (e.g. a sandbox) only costs responsiveness. */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5) != 0)
        errno = 0;
#endif
    /* This thread's own maps (stage_map, the exact N-level ones taking up
     * to seconds) stop when a newer request comes. */
    cr_cancel_bind(&s->cancel);
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->stop && s->finished == s->pub.posted)
            pthread_cond_wait(&s->wake, &s->lock);
        if (s->stop)
            break;
        unsigned long gen = s->pub.posted;
        if (rq != NULL)
            *rq = s->pending;
        __atomic_store_n(&s->cancel, 0, __ATOMIC_RELAXED);
        s->pub.taken++;
        s->pub.busy = 1;
        cr_solver_wake_ui(s);
        pthread_mutex_unlock(&s->lock);

        if (rq != NULL)
            process(s, rq, gen);
        else
            publish_error(s, gen, CR_ENOMEM, "solver: out of memory");

        pthread_mutex_lock(&s->lock);
        s->finished = gen;
        if (s->pub.posted == gen) {
            s->pub.busy = 0;
            cr_solver_wake_ui(s);
            pthread_cond_broadcast(&s->idle);
        }
    }
    s->exited = 1;
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
    free(rq);
    cr_cancel_bind(NULL);
    return NULL;
}

/* ---- the UI side --------------------------------------------------------- */

cr_solver *cr_solver_start(char *err, size_t errlen)
{
    cr_solver *s = calloc(1, sizeof *s);
    if (s == NULL) {
        cr_error(err, errlen, CR_ENOMEM, "solver: out of memory");
        return NULL;
    }
    s->pipefd[0] = s->pipefd[1] = -1;
    s->ws = cr_smap_alloc();
    if (s->ws == NULL) {
        cr_error(err, errlen, CR_ENOMEM, "solver: out of memory");
        goto fail;
    }
    if (pipe(s->pipefd) != 0) {
        cr_error(err, errlen, CR_EIO, "solver: pipe: %s", strerror(errno));
        goto fail;
    }
    for (int i = 0; i < 2; i++) {
        int fl = fcntl(s->pipefd[i], F_GETFL);
        fcntl(s->pipefd[i], F_SETFL, fl | O_NONBLOCK);
        fcntl(s->pipefd[i], F_SETFD, FD_CLOEXEC);
    }
    s->cells_bytes = SOLVER_CELLS_BYTES;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_cond_init(&s->idle, NULL);
    /* The thread, and the sweep workers it starts, inherit a full signal
     * mask: a handler then always runs on the caller's thread, which reads
     * its flags. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&s->thread, NULL, solver_main, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        cr_error(err, errlen, CR_EIO, "solver: cannot start thread: %s", strerror(rc));
        pthread_cond_destroy(&s->idle);
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        goto fail;
    }
    return s;
fail:
    if (s->pipefd[0] >= 0)
        close(s->pipefd[0]);
    if (s->pipefd[1] >= 0)
        close(s->pipefd[1]);
    cr_smap_free(s->ws);
    free(s);
    return NULL;
}

unsigned long cr_solver_post(cr_solver *s, const cr_solver_request *rq)
{
    pthread_mutex_lock(&s->lock);
    unsigned long gen = ++s->pub.posted;
    s->pending = *rq;
    /* The work in progress is stale, unless it is the map this request
     * needs too (S does not depend on Γ): then it finishes and is kept. */
    if (!s->making_map || s->making_dephase != rq->dephase
        || !cr_params_equal(&s->making_key, &rq->params, SOLVER_MAP_IGNORE))
        __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED);
    s->pub.busy = 1;
    s->pub.seq++;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    return gen;
}

void cr_solver_cache_limit(cr_solver *s, size_t bytes)
{
    pthread_mutex_lock(&s->lock);
    s->cells_bytes = bytes;
    pthread_mutex_unlock(&s->lock);
}

int cr_solver_fd(const cr_solver *s)
{
    return s->pipefd[0];
}

void cr_solver_drain(cr_solver *s)
{
    char buf[64];
    while (read(s->pipefd[0], buf, sizeof buf) > 0)
        ;
}

int cr_solver_wait_idle(cr_solver *s, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    if (timeout_ms >= 0) {
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
    }
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    while (s->finished != s->pub.posted) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&s->idle, &s->lock);
        } else if (pthread_cond_timedwait(&s->idle, &s->lock, &until) == ETIMEDOUT) {
            rc = s->finished == s->pub.posted ? 0 : -1;
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

void cr_solver_stop(cr_solver *s)
{
    if (s == NULL)
        return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += CR_SOLVER_STOP_MS * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED);
    pthread_cond_signal(&s->wake);
    while (!s->exited && pthread_cond_timedwait(&s->idle, &s->lock, &until) != ETIMEDOUT)
        ;
    int exited = s->exited;
    pthread_mutex_unlock(&s->lock);
    if (!exited) { /* in a computation that does not poll the flag */
        pthread_detach(s->thread);
        return;
    }
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->idle);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    close(s->pipefd[0]);
    close(s->pipefd[1]);
    cr_smap_free(s->ws);
    cr_solver_heat_free(s);
    free(s);
}
