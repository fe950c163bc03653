/* mem: aborting allocator (see mem.h). */
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void S_oom(size_t size)
{
    fprintf(stderr, "tradebrief: out of memory (allocating %zu bytes)\n", size);
    _exit(75); /* TB_EXIT_TRANSIENT; no exit(): buffered output stays unwritten */
}

void *tb_mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        S_oom(size);
    return p;
}

void *tb_mem_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        S_oom(n * size);
    return p;
}

void *tb_mem_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        S_oom(size);
    return q;
}

void *tb_mem_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        S_oom(SIZE_MAX);
    return tb_mem_realloc(p, n * size);
}

char *tb_mem_strndup(const char *s, size_t n)
{
    char *p = tb_mem_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tb_mem_strdup(const char *s) { return tb_mem_strndup(s, strlen(s)); }

char *tb_mem_printf(const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = tb_mem_alloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return p;
}

void tb_mem_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            S_oom(SIZE_MAX);
        n *= 2;
    }
    *p = tb_mem_reallocarray(*p, n, size);
    *cap = n;
}
