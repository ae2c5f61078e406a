/* workers.c — worker threads for the sweeps and ensembles (workers.h). */
#include "config.h"

#include "workers.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

int cr_workers_count(int threads, size_t work)
{
    long n = threads > 0 ? threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 256)
        n = 256;
    if ((size_t)n > work)
        n = (long)(work > 0 ? work : 1);
    return (int)n;
}

void cr_workers_run(int n, void *(*fn)(void *), void *arg)
{
    pthread_t tid[256];
    int started = 0;
    sigset_t all, saved;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_SETMASK, &all, &saved) == 0;
    for (int i = 0; i < n && i < 256; i++) {
        if (pthread_create(&tid[i], NULL, fn, arg) != 0)
            break;
        started++;
    }
    if (masked)
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (started == 0)
        fn(arg); /* no threads available: do the work here */
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}
