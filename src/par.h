/* par: the same work split over the cores, for the loops whose iterations
 * are independent (facts of every series, the screen of every series).
 *
 * tb_par_run calls FN(CTX, part, parts) once for each part 0..parts-1, part
 * 0 on the calling thread and the others on threads of their own, and
 * returns when every call has returned.  Each part decides from its index
 * which slice of the work is its; the caller merges what the parts wrote to
 * their own slots, in part order, so results never depend on the number of
 * threads.  When a thread cannot be started its part runs on the calling
 * thread afterwards: slower, never wrong.
 *
 * The number of parts: tb_par_parts(WORK) gives 1 for work below
 * TB_PAR_MIN_WORK (a thread costs more than it saves), else the online
 * cores, at most TB_PAR_MAX; the environment variable TB_THREADS=N caps it
 * (TB_THREADS=1: everything on the calling thread, as tests compare).
 */
#ifndef TB_PAR_H
#define TB_PAR_H

#include <stddef.h>

#define TB_PAR_MAX 8
#define TB_PAR_MIN_WORK 200000 /* e.g. series x months below which one thread serves */

typedef void (*tb_par_fn)(void *ctx, int part, int parts);

/* How many parts WORK units of work are best split into (1..TB_PAR_MAX). */
int tb_par_parts(size_t work);

/* Runs FN for parts 0..PARTS-1 (PARTS >= 1), in parallel where it can. */
void tb_par_run(int parts, tb_par_fn fn, void *ctx);

/* The slice [*LO, *HI) of N items that part PART of PARTS takes. */
void tb_par_slice(size_t n, int part, int parts, size_t *lo, size_t *hi);

#endif
