/* diag: collected diagnostics (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

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

bool tb_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= len)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

/* Appends FOUND to BUF, quoted, escaped and shortened. */
static void S_found(char *buf, size_t cap, const char *found)
{
    size_t len = strlen(found), o = strlen(buf), shown = 0;
    const size_t limit = 60;
    o += (size_t)snprintf(buf + o, cap - o, " (found: \"");
    for (size_t i = 0; i < len && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)found[i];
        if (shown >= limit) {
            o += (size_t)snprintf(buf + o, cap - o, "...");
            break;
        }
        if (c >= 0x80) {
            /* copy a whole valid sequence, escape a broken one */
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (n > 1 && i + n <= len && tb_utf8_valid(found + i, n)) {
                memcpy(buf + o, found + i, n);
                o += n;
                i += n - 1;
            } else {
                o += (size_t)snprintf(buf + o, cap - o, "\\x%02X", c);
            }
        } else if (c < 0x20 || c == 0x7F) {
            o += (size_t)snprintf(buf + o, cap - o, "\\x%02X", c);
        } else if (c == '"' || c == '\\') {
            buf[o++] = '\\';
            buf[o++] = (char)c;
        } else {
            buf[o++] = (char)c;
        }
        buf[o] = '\0';
        shown++;
    }
    snprintf(buf + o, cap - o, "\")");
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
    char buf[1024];
    size_t o = 0;
    if (file && *file) {
        o += (size_t)snprintf(buf, sizeof buf, "%s:", file);
        if (line)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%zu:", line);
        if (line && col)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%zu:", col);
        o += (size_t)snprintf(buf + o, sizeof buf - o, " ");
    }
    if (sev == TB_WARNING && o < sizeof buf)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "warning: ");
    va_list ap;
    va_start(ap, fmt);
    if (o < sizeof buf)
        vsnprintf(buf + o, sizeof buf - o, fmt, ap);
    va_end(ap);
    if (found)
        S_found(buf, sizeof buf, found);
    TB_GROW(d->items, d->cap, d->n + 1);
    d->items[d->n].severity = sev;
    d->items[d->n].text = tb_mem_strdup(buf);
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
