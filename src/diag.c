/* diag: collected diagnostics (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "utf8.h"

void tb_diag_init(tb_diag *d)
{
    memset(d, 0, sizeof *d);
    d->max_errors = 20;
    d->max_warnings = 20;
}

void tb_diag_free(tb_diag *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].text);
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* Appends FOUND to B, quoted, escaped and shortened to 60 characters. */
static void S_found(tb_buf *b, const char *found)
{
    size_t len = strlen(found), shown = 0;
    const size_t limit = 60;
    tb_buf_puts(b, " (found: \"");
    for (size_t i = 0; i < len; i++, shown++) {
        unsigned char c = (unsigned char)found[i];
        if (shown >= limit) {
            tb_buf_puts(b, "...");
            break;
        }
        size_t n = tb_utf8_seq(found + i, len - i);
        if (c >= 0x80 && n > 1) {
            tb_buf_put(b, found + i, n); /* a whole valid sequence */
            i += n - 1;
        } else if (c >= 0x80 || c < 0x20 || c == 0x7F) {
            tb_buf_printf(b, "\\x%02X", c);
        } else {
            if (c == '"' || c == '\\')
                tb_buf_putc(b, '\\');
            tb_buf_putc(b, (char)c);
        }
    }
    tb_buf_puts(b, "\")");
}

void tb_diag_add(tb_diag *d, enum tb_severity sev, const char *file, size_t line, size_t col,
                 const char *found, const char *fmt, ...)
{
    if (sev == TB_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (sev == TB_ERROR ? d->errors > d->max_errors : d->warnings > d->max_warnings)
        return;
    tb_buf b = {0};
    if (file && *file) {
        tb_buf_printf(&b, "%s:", file);
        if (line)
            tb_buf_printf(&b, "%zu:", line);
        if (line && col)
            tb_buf_printf(&b, "%zu:", col);
        tb_buf_putc(&b, ' ');
    }
    if (sev == TB_WARNING)
        tb_buf_puts(&b, "warning: ");
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (found)
        S_found(&b, found);
    TB_GROW(d->items, d->cap, d->n + 1);
    d->items[d->n].severity = sev;
    d->items[d->n].text = tb_buf_take(&b);
    d->n++;
}

bool tb_diag_full(const tb_diag *d) { return d->errors > d->max_errors; }

void tb_diag_print(const tb_diag *d, FILE *out)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n; i++)
            if ((int)d->items[i].severity == pass)
                fprintf(out, "%s\n", d->items[i].text);
    if (d->errors > d->max_errors)
        fprintf(out, "too many errors: stopped after the first %zu\n", d->max_errors);
    if (d->warnings > d->max_warnings)
        fprintf(out, "... and %zu more warnings\n", d->warnings - d->max_warnings);
}
