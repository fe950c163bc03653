/* revise: what changed between two vintages of a dataset.
 *
 * Series are matched by their codes (reporter, flow, partner, product), not
 * by index, and months by calendar month, so the two datasets may have
 * different calendars and series orders.  An observation is
 *   - revised when both vintages have a value and the values differ,
 *   - added when only the new vintage has one,
 *   - removed when only the old vintage has one.
 * Derived balances are compared like given series (a revised export
 * revises its balance).  Fact changes compare the facts of the month the
 * old vintage ended on, as a briefing would word them: months, streaks,
 * records exactly; percentages to one decimal; values as formatted money.
 *
 * Ownership: tb_revise_compare returns a result the caller frees with
 * tb_revise_free; everything inside belongs to it.
 */
#ifndef TB_REVISE_H
#define TB_REVISE_H

#include <jansson.h>
#include <stdio.h>

#include "dataset.h"
#include "diag.h"

typedef struct {
    char *series; /* "KOR export WLD TOTAL" */
    char *codes[4]; /* reporter, flow, partner, product */
    tb_month month;
    double old_value, new_value;
} tb_revision;

/* A run of months a series gained (or lost) between vintages. */
typedef struct {
    char *series;
    char *codes[4];
    tb_month from, to;
    int observations;
} tb_revise_span;

typedef struct {
    char *path; /* "exports.yoy_streak.months", "items.SEMI.high_since.month" */
    char *old_text, *new_text; /* "null" when absent */
} tb_fact_change;

typedef struct {
    tb_unit unit;
    tb_revision *revised;
    size_t n_revised;
    tb_revise_span *added, *removed;
    size_t n_added, n_removed;
    tb_month facts_month; /* TB_MONTH_NONE: facts not compared */
    tb_fact_change *changes;
    size_t n_changes;
} tb_revise;

/* Compares OLD and NEW.  Returns NULL with a diagnostic when they cannot be
 * compared (different units).  Ownership: caller frees with tb_revise_free. */
tb_revise *tb_revise_compare(const tb_dataset *old, const tb_dataset *new_, tb_diag *diag);
void tb_revise_free(tb_revise *r);

/* Plain text for people ("February exports were revised from $52.4bn to
 * $52.6bn" style lines), at most MAX_ROWS revised rows (0: all). */
void tb_revise_print(const tb_revise *r, const char *old_name, const char *new_name, size_t max_rows,
                     FILE *out);
/* A paragraph for a briefing's revisions note, in LANG ("en", "ko"): how
 * many figures were revised, the largest revisions of the headline series
 * (SUBJECT's exports and imports) in words ("February 2026 exports were
 * revised from $67.3bn to $67.7bn"), and the months added.
 * Ownership: a new string the caller frees. */
char *tb_revise_sentence(const tb_revise *r, const tb_subject *subject, const char *lang);

/* The same as JSON.  Ownership: a new reference the caller json_decref's. */
json_t *tb_revise_json(const tb_revise *r, const char *old_name, const char *new_name);

#endif
