/* export_job.c — `e` on a thread of its own (export_job.h). */
#include "config.h"

#include "export_job.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "colres/status.h"

struct tui_export_job {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t done_cv;
    int done;                  /* the thread has finished (under lock) */
    volatile sig_atomic_t cancel;
    int pipefd[2];
    int status;
    char dir[4096];
    tui_export_opts opts;
    char msg[1024];
    cr_view view;              /* the copy exported (608 kB) */
};

static void *run(void *arg)
{
    tui_export_job *j = arg;
    char msg[sizeof j->msg];
    int st = tui_export(&j->view, &j->opts, msg, sizeof msg);
    pthread_mutex_lock(&j->lock);
    j->status = st;
    snprintf(j->msg, sizeof j->msg, "%s", msg);
    j->done = 1;
    pthread_cond_broadcast(&j->done_cv);
    pthread_mutex_unlock(&j->lock);
    char byte = 1;
    if (write(j->pipefd[1], &byte, 1) < 0)
        errno = 0; /* the UI also waits on done_cv */
    return NULL;
}

tui_export_job *tui_export_start(const cr_view *v, const tui_export_opts *o, char *msg,
                                 size_t msglen)
{
    tui_export_job *j = calloc(1, sizeof *j);
    if (j == NULL) {
        cr_error(msg, msglen, CR_ENOMEM, "export failed: out of memory");
        return NULL;
    }
    j->view = *v;
    j->opts = *o;
    snprintf(j->dir, sizeof j->dir, "%s", o->dir != NULL ? o->dir : "");
    j->opts.dir = j->dir;
    j->opts.cancel = &j->cancel;
    if (pipe(j->pipefd) != 0) {
        cr_error(msg, msglen, CR_EIO, "export failed: pipe: %s", strerror(errno));
        free(j);
        return NULL;
    }
    for (int i = 0; i < 2; i++)
        fcntl(j->pipefd[i], F_SETFD, FD_CLOEXEC);
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->done_cv, NULL);
    /* Signals stay with the UI thread, which reads their flags. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&j->thread, NULL, run, j);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        cr_error(msg, msglen, CR_EIO, "export failed: cannot start a thread: %s", strerror(rc));
        pthread_cond_destroy(&j->done_cv);
        pthread_mutex_destroy(&j->lock);
        close(j->pipefd[0]);
        close(j->pipefd[1]);
        free(j);
        return NULL;
    }
    return j;
}

int tui_export_fd(const tui_export_job *j)
{
    return j->pipefd[0];
}

int tui_export_finish(tui_export_job *j, int cancel, char *msg, size_t msglen)
{
    if (j == NULL) {
        if (msglen > 0)
            msg[0] = '\0';
        return CR_OK;
    }
    if (cancel)
        __atomic_store_n(&j->cancel, 1, __ATOMIC_RELAXED);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += TUI_EXPORT_CANCEL_MS * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&j->lock);
    while (!j->done) {
        if (!cancel)
            pthread_cond_wait(&j->done_cv, &j->lock);
        else if (pthread_cond_timedwait(&j->done_cv, &j->lock, &until) == ETIMEDOUT)
            break;
    }
    int done = j->done;
    pthread_mutex_unlock(&j->lock);
    if (!done) { /* one cell longer than the wait: leave it to the exit */
        pthread_detach(j->thread);
        return cr_error(msg, msglen, CR_ECANCEL, "export cancelled");
    }
    pthread_join(j->thread, NULL);
    int st = j->status;
    if (st == CR_ECANCEL)
        cr_error(msg, msglen, st, "export cancelled: nothing written");
    else
        snprintf(msg, msglen, "%s", j->msg);
    pthread_cond_destroy(&j->done_cv);
    pthread_mutex_destroy(&j->lock);
    close(j->pipefd[0]);
    close(j->pipefd[1]);
    free(j);
    return st;
}
