/* screen: a data-quality screen over a loaded dataset, as statistical
 * offices run before they publish.  It never changes the data; it lists
 * suspicious observations with the rule that flagged them and why.
 *
 * Rules (thresholds in docs/dataset-format.md, "The data-quality screen"):
 *   outlier   a value far off the series' own seasonal pattern: the
 *             seasonal difference ln v[t] - ln v[t-12] against its moving
 *             median, in moving MADs (gsl_filter_impulse), and at least a
 *             factor TB_SCREEN_OUTLIER_FACTOR off;
 *   shift     the median level of the 12 months from t differs from that
 *             of the 12 months before by a factor TB_SCREEN_SHIFT_FACTOR
 *             or more; a "unit jump" when that factor is near 10^k;
 *   run       TB_SCREEN_RUN_MONTHS or more equal values in a row, or as
 *             many months in a row that repeat the value of 12 months
 *             earlier (last year's rows copied);
 *   ratio     a reporter's export/import ratio far off its own history in
 *             some months, or the mirror image of it (columns swapped), or
 *             its median ratio far outside the range across reporters (a
 *             flow in wrong units);
 *   balance   a balance given in the files that disagrees with exports -
 *             imports;
 *   stale     one flow of a reporter ends TB_SCREEN_STALE_MONTHS or more
 *             before the other, or a series ends that much before the
 *             median end of the same flow, partner and product across
 *             reporters (at least TB_SCREEN_ACROSS_MIN of them).
 *   status    observations the source itself flags (SDMX OBS_STATUS other
 *             than A: estimated, provisional, a break ...), one finding per
 *             run of months with the same flag.
 * Only series given in the files are screened (derived balances follow
 * from their flows).  Findings are in series order, then month order.
 *
 * Ownership: a tb_screen owns its findings and their texts.
 */
#ifndef TB_SCREEN_H
#define TB_SCREEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dataset.h"
#include "revise.h"

#define TB_SCREEN_WINDOW 25         /* months in the moving median/MAD window */
#define TB_SCREEN_OUTLIER_MADS 6.0  /* seasonal outlier: scaled MADs off */
#define TB_SCREEN_OUTLIER_FACTOR 2.5
#define TB_SCREEN_SHIFT_FACTOR 4.0
#define TB_SCREEN_RUN_MONTHS 3
#define TB_SCREEN_RATIO_MADS 6.0    /* a month's ratio off the reporter's own */
#define TB_SCREEN_RATIO_FACTOR 3.0
#define TB_SCREEN_SWAP_MADS 4.0     /* ... or its mirror image: swapped flows */
#define TB_SCREEN_SWAP_FACTOR 1.5
#define TB_SCREEN_ACROSS_MADS 4.0   /* a reporter's median ratio off the others' */
#define TB_SCREEN_ACROSS_MIN 10     /* reporters needed for the across rule */
#define TB_SCREEN_BALANCE_TOL 0.005 /* of exports + imports */
#define TB_SCREEN_STALE_MONTHS 12
#define TB_SCREEN_REVISION 0.05     /* a revision of more than 5 % of the old value */

typedef enum {
    TB_SCREEN_OUTLIER,
    TB_SCREEN_SHIFT,
    TB_SCREEN_RUN,
    TB_SCREEN_RATIO,
    TB_SCREEN_BALANCE,
    TB_SCREEN_STALE,
    TB_SCREEN_STATUS
} tb_screen_rule;

typedef struct {
    size_t series;       /* index in the dataset */
    tb_month month;      /* the observation the finding points at */
    tb_screen_rule rule;
    char *what;          /* "value 56,518,309,000 is 1000 times ..." */
} tb_screen_finding;

typedef struct {
    tb_screen_finding *v;
    size_t n, cap;
} tb_screen;

/* Screens the given series of REPORTER (every reporter when NULL) into *OUT
 * (zero-initialised first); the across-reporters ratio rule still compares
 * with all reporters.  Ownership: the caller frees *OUT with tb_screen_free. */
void tb_screen_run(const tb_dataset *ds, const char *reporter, tb_screen *out);
void tb_screen_free(tb_screen *s);

/* Whether revising an export or import value OLD to NEW_ is large: both
 * positive and NEW_ more than TB_SCREEN_REVISION off OLD (either way, on
 * logarithms: a value halved is as large a revision as one doubled).
 * Balances are never large on their own (near zero any change is large);
 * their flows are screened instead. */
bool tb_screen_revision_large(enum tb_flow flow, double old, double new_);

/* Prints a warning to OUT for every large revision of R, each at the file
 * and line of the new value in NEW_DIR (read again for that, as `check`
 * does): `FILE:LINE: warning: SERIES MONTH: revision: ...`.  NEW_ is the
 * dataset loaded from NEW_DIR.  Returns how many. */
size_t tb_screen_revisions(const tb_revise *r, const tb_dataset *new_, const char *new_dir, FILE *out);

/* "outlier", "shift", ... */
const char *tb_screen_rule_name(tb_screen_rule rule);

/* The findings on series of REPORTER (all reporters when NULL) as a JSON
 * array of {"series", "month", "rule", "text"}: the stats field "warnings".
 * Ownership: returns a new reference. */
json_t *tb_screen_json(const tb_dataset *ds, const char *reporter);

#endif
