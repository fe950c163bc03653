/* mem: the one allocator interface.
 *
 * Every allocation in tradebrief goes through these functions.  They never
 * return NULL: on out-of-memory they print a message and end the process
 * with exit status 75 (TB_EXIT_TRANSIENT, cli.h: a retry may succeed),
 * writing nothing more, so the rest of the code carries no impossible NULL
 * checks.  Free with free().
 */
#ifndef TB_MEM_H
#define TB_MEM_H

#include <stddef.h>

/* Ownership: all of these return memory the caller frees with free(). */
void *tb_mem_alloc(size_t size);
void *tb_mem_calloc(size_t n, size_t size);
void *tb_mem_realloc(void *p, size_t size);
/* realloc to N * SIZE bytes, aborting on multiplication overflow. */
void *tb_mem_reallocarray(void *p, size_t n, size_t size);
char *tb_mem_strdup(const char *s);
char *tb_mem_strndup(const char *s, size_t n);
/* printf into a new string. */
char *tb_mem_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *P (an array of *CAP elements of SIZE bytes) so it holds at least
 * NEED elements, doubling; updates *CAP. */
void tb_mem_grow(void **p, size_t *cap, size_t need, size_t size);
#define TB_GROW(arr, cap, need) tb_mem_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
