/* buf: the one growable string buffer (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void S_reserve(tb_buf *b, size_t more)
{
    if (more > (size_t)-1 - b->len - 1)
        more = (size_t)-1; /* tb_mem_grow aborts with a message */
    else
        more += b->len + 1;
    TB_GROW(b->p, b->cap, more);
}

void tb_buf_put(tb_buf *b, const char *s, size_t n)
{
    S_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tb_buf_puts(tb_buf *b, const char *s) { tb_buf_put(b, s, strlen(s)); }

void tb_buf_putc(tb_buf *b, char c) { tb_buf_put(b, &c, 1); }

void tb_buf_vprintf(tb_buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n <= 0) {
        S_reserve(b, 0);
        b->p[b->len] = '\0';
        return;
    }
    S_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tb_buf_printf(tb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *tb_buf_str(const tb_buf *b) { return b->p ? b->p : ""; }

void tb_buf_clear(tb_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

char *tb_buf_take(tb_buf *b)
{
    char *p = b->p ? b->p : tb_mem_strdup("");
    *b = (tb_buf){0};
    return p;
}

void tb_buf_free(tb_buf *b)
{
    free(b->p);
    *b = (tb_buf){0};
}
