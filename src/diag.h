/* diag: collected diagnostics for bad input.
 *
 * Loaders and parsers report every problem they find into a tb_diag instead
 * of stopping at the first: `FILE:LINE:COLUMN: message (found: "text")`.
 * Errors beyond the cap are counted, not stored; tb_diag_full() tells a
 * parser it may stop early.  Warnings (e.g. gaps) never fail a run.
 * LINE and COLUMN are 1-based; 0 means "not applicable" and is omitted.
 *
 * Ownership: the tb_diag owns its messages; strings passed in are copied.
 */
#ifndef TB_DIAG_H
#define TB_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "utf8.h" /* tb_utf8_valid, which callers of diag check input with */

enum tb_severity { TB_ERROR, TB_WARNING };

typedef struct {
    enum tb_severity severity;
    char *text; /* the whole formatted line, without newline */
} tb_diag_item;

typedef struct {
    tb_diag_item *items;
    size_t n, cap;
    size_t errors, warnings; /* totals, including those past the cap */
    size_t max_errors;       /* stored errors at most (default 20) */
    size_t max_warnings;     /* stored warnings at most (default 20) */
} tb_diag;

void tb_diag_init(tb_diag *d);
void tb_diag_free(tb_diag *d);

/* Records a problem.  FOUND may be NULL; when given it is appended as
 * ` (found: "FOUND")`, shortened to 60 bytes and with control characters
 * and invalid UTF-8 escaped. */
void tb_diag_add(tb_diag *d, enum tb_severity sev, const char *file, size_t line, size_t col,
                 const char *found, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
#define tb_diag_error(d, file, line, col, found, ...) \
    tb_diag_add((d), TB_ERROR, (file), (line), (col), (found), __VA_ARGS__)
#define tb_diag_warn(d, file, line, col, found, ...) \
    tb_diag_add((d), TB_WARNING, (file), (line), (col), (found), __VA_ARGS__)

/* True once more errors than the cap were reported: parsers stop reading
 * (the cap's worth is shown, then "too many errors"). */
bool tb_diag_full(const tb_diag *d);
/* Prints the stored items, errors first, then a line saying the cap was
 * passed, if it was. */
void tb_diag_print(const tb_diag *d, FILE *out);

#endif
