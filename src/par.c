/* par: the same work split over the cores (see par.h). */
#include "par.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    tb_par_fn fn;
    void *ctx;
    int part, parts;
} S_job;

static void *S_start(void *arg)
{
    S_job *j = arg;
    j->fn(j->ctx, j->part, j->parts);
    return NULL;
}

int tb_par_parts(size_t work)
{
    if (work < TB_PAR_MIN_WORK)
        return 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = cores < 1 ? 1 : cores > TB_PAR_MAX ? TB_PAR_MAX : (int)cores;
    const char *env = getenv("TB_THREADS");
    if (env && *env) {
        char *end;
        long cap = strtol(env, &end, 10);
        if (*end == '\0' && cap >= 1 && cap < n)
            n = (int)cap;
    }
    return n;
}

void tb_par_slice(size_t n, int part, int parts, size_t *lo, size_t *hi)
{
    *lo = n * (size_t)part / (size_t)parts;
    *hi = n * (size_t)(part + 1) / (size_t)parts;
}

void tb_par_run(int parts, tb_par_fn fn, void *ctx)
{
    if (parts > TB_PAR_MAX)
        parts = TB_PAR_MAX;
    S_job job[TB_PAR_MAX];
    pthread_t th[TB_PAR_MAX];
    int started[TB_PAR_MAX] = {0};
    for (int p = 1; p < parts; p++) {
        job[p] = (S_job){fn, ctx, p, parts};
        started[p] = pthread_create(&th[p], NULL, S_start, &job[p]) == 0;
    }
    fn(ctx, 0, parts < 1 ? 1 : parts);
    for (int p = 1; p < parts; p++) {
        /* a join of a started, joinable thread cannot fail */
        if (started[p])
            (void)pthread_join(th[p], NULL);
        else
            fn(ctx, p, parts);
    }
}
