/* buf: the one growable string buffer.
 *
 * A tb_buf holds LEN bytes at P followed by a NUL, so P is always a C string
 * once anything was added (P is NULL while the buffer is empty and has never
 * grown).  Appending never truncates and never fails: memory comes from mem,
 * which aborts on out-of-memory.  Messages, text dumps and expanded template
 * text are built here instead of in fixed arrays, so no length of input can
 * overrun them.
 *
 * Ownership: the tb_buf owns P until tb_buf_take() hands it to the caller or
 * tb_buf_free() releases it.  A zero-initialised tb_buf is ready to use.
 */
#ifndef TB_BUF_H
#define TB_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *p;
    size_t len, cap;
} tb_buf;

void tb_buf_put(tb_buf *b, const char *s, size_t n);
void tb_buf_puts(tb_buf *b, const char *s);
void tb_buf_putc(tb_buf *b, char c);
void tb_buf_printf(tb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tb_buf_vprintf(tb_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The text so far ("" when nothing was added); owned by the buffer. */
const char *tb_buf_str(const tb_buf *b);
/* Empties the buffer, keeping its memory. */
void tb_buf_clear(tb_buf *b);
/* Ownership: returns the text (never NULL) for the caller to free(); the
 * buffer is left empty and owns nothing. */
char *tb_buf_take(tb_buf *b);
void tb_buf_free(tb_buf *b);

#endif
