/* dataset: the series model.
 *
 * A dataset is a set of monthly series that all share one contiguous
 * calendar [start, start + months).  A series is keyed by (reporter, flow,
 * partner, product), the SDMX dimensions; codes are interned per dimension
 * so a key is four small integers and a look-up is one hash probe.
 *
 * Invariants:
 *   - every series has exactly tb_dataset_months() values; a missing
 *     observation is NaN, never 0 and never a shifted index;
 *   - export and import values are >= 0 or NaN; balances may be negative;
 *   - a balance either comes from the data or is derived (export - import,
 *     NaN where either is NaN) and then has `derived` set;
 *   - series indices are stable: adding series never moves existing ones'
 *     values (the tb_series structs themselves may move; re-fetch pointers
 *     after tb_dataset_add).
 *
 * Partial periods: a series may also carry cumulative observations of days
 * 1..D of a month (the 10-day customs figures), one array per distinct D on
 * the same calendar, apart from the whole-month values: nothing that reads
 * tb_series.v ever sees them.  1 <= D < the month's length.
 *
 * Ownership: the dataset owns everything it returns; pointers stay valid
 * until tb_dataset_free (tb_series pointers: until the next tb_dataset_add).
 */
#ifndef TB_DATASET_H
#define TB_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "month.h"

enum tb_flow { TB_EXPORT, TB_IMPORT, TB_BALANCE, TB_FLOW_COUNT };

/* The three coded dimensions (flow is an enum, not a code). */
enum tb_dim { TB_DIM_REPORTER, TB_DIM_PARTNER, TB_DIM_PRODUCT, TB_DIM_COUNT };

/* The codes of all partners (the world) and all products: a briefing's
 * partner and product unless it chooses others, and the fixed side of a
 * breakdown along the other dimension.  Defined here only. */
#define TB_PARTNER_WORLD "WLD"
#define TB_PRODUCT_TOTAL "TOTAL"

typedef struct {
    int32_t reporter, partner, product; /* interned code ids */
    enum tb_flow flow;
} tb_key;

typedef struct {
    tb_key key;
    double *v;    /* tb_dataset_months() values, NaN = missing */
    bool derived; /* balance computed as export - import */
} tb_series;

typedef struct {
    char currency[8]; /* ISO 4217, e.g. "USD" */
    double multiplier; /* 1000 = values are thousands of currency */
} tb_unit;

/* A named group of a breakdown's members ("IT items"). */
typedef struct {
    const char *name;       /* "it" */
    const char *en, *ko;    /* labels; NULL when not given */
    size_t *members;        /* positions in the breakdown's members */
    size_t n_members;
} tb_group;

/* A breakdown from the manifest: members that vary along one dimension,
 * with the others fixed, and the series they are parts of. */
typedef struct {
    const char *name;  /* "items", "partners", ... */
    enum tb_dim along; /* TB_DIM_PRODUCT or TB_DIM_PARTNER */
    size_t total;      /* series index of the total */
    size_t *members;   /* series indices, manifest order */
    size_t n_members;
    tb_group *groups;  /* manifest order */
    size_t n_groups;
} tb_breakdown;

typedef struct tb_dataset tb_dataset;

/* A new empty dataset on the calendar [start, start + months).
 * Ownership: caller frees with tb_dataset_free. */
tb_dataset *tb_dataset_new(tb_month start, int months);
void tb_dataset_free(tb_dataset *ds);

tb_month tb_dataset_start(const tb_dataset *ds);
int tb_dataset_months(const tb_dataset *ds);
size_t tb_dataset_count(const tb_dataset *ds);

/* Interns CODE in dimension DIM and returns its id (>= 0). */
int32_t tb_dataset_intern(tb_dataset *ds, enum tb_dim dim, const char *code);
/* The id of CODE, or -1 if the dataset never saw it. */
int32_t tb_dataset_code_id(const tb_dataset *ds, enum tb_dim dim, const char *code);
const char *tb_dataset_code(const tb_dataset *ds, enum tb_dim dim, int32_t id);
size_t tb_dataset_code_count(const tb_dataset *ds, enum tb_dim dim);

/* Adds a series (values all NaN) and returns its index; if the key exists
 * returns the existing index. */
size_t tb_dataset_add(tb_dataset *ds, tb_key key);
/* Adds a series that adopts VALUES (tb_dataset_months() doubles, from
 * malloc); the dataset frees them.  The key must not exist yet. */
size_t tb_dataset_adopt(tb_dataset *ds, tb_key key, double *values);

tb_series *tb_dataset_series(tb_dataset *ds, size_t i);
const tb_series *tb_dataset_get(const tb_dataset *ds, size_t i);
/* Index of the series with KEY, or SIZE_MAX.  O(1). */
size_t tb_dataset_find(const tb_dataset *ds, tb_key key);
/* Convenience look-up by codes; NULL reporter means the default reporter.
 * Returns the series index or SIZE_MAX. */
size_t tb_dataset_lookup(const tb_dataset *ds, const char *reporter, enum tb_flow flow,
                         const char *partner, const char *product);

/* What a briefing is about: whose statistics (reporter), with whom
 * (partner) and of what (product), as codes of the dataset.  Chosen on the
 * command line and passed explicitly to the facts, the charts and the
 * document; never stored in the dataset.  Ownership: the codes are
 * borrowed (the dataset's, the command line's or string literals). */
typedef struct {
    const char *reporter; /* NULL: the dataset names no reporter */
    const char *partner;  /* TB_PARTNER_WORLD: the world */
    const char *product;  /* TB_PRODUCT_TOTAL: all goods */
} tb_subject;

/* The default subject, defined here only: the manifest's reporter (NULL
 * when it names none), and its headline partner: and product: when it
 * names them, else the world and all goods. */
tb_subject tb_dataset_subject(const tb_dataset *ds);

/* The headline series of FLOW for subject S (NULL: the default subject):
 * S's reporter, partner and product.  SIZE_MAX when absent. */
size_t tb_dataset_headline(const tb_dataset *ds, const tb_subject *s, enum tb_flow flow);

/* Adds export - import balances for every (reporter, partner, product) that
 * has both flows and no balance yet.  Returns how many were derived. */
size_t tb_dataset_derive_balances(tb_dataset *ds);

/* For loaders that learn the calendar last: sets it without touching any
 * series; the caller must then give every series an array of MONTHS values
 * (from malloc) through tb_dataset_series(ds, i)->v. */
void tb_dataset_set_calendar(tb_dataset *ds, tb_month start, int months);

/* Metadata.  Strings are copied. */
void tb_dataset_set_name(tb_dataset *ds, const char *name);
const char *tb_dataset_name(const tb_dataset *ds);
void tb_dataset_set_unit(tb_dataset *ds, tb_unit unit);
tb_unit tb_dataset_unit(const tb_dataset *ds);
/* Free-text metadata by key ("title.en", "source", "basis", "reporter":
 * the manifest's default reporter...). */
void tb_dataset_set_meta(tb_dataset *ds, const char *key, const char *value);
const char *tb_dataset_meta(const tb_dataset *ds, const char *key); /* NULL if unset */

/* Display name of a code in LANG ("en", "ko"); falls back to English, then
 * to the code itself.  DIM may be -1 for flows ("export", "import",
 * "balance"). */
void tb_dataset_set_label(tb_dataset *ds, int dim, const char *code, const char *lang,
                          const char *label);
const char *tb_dataset_label(const tb_dataset *ds, int dim, const char *code, const char *lang);

/* Working days per month on the calendar, or NULL when the dataset has none.
 * NaN where unknown.  tb_dataset_set_workdays copies. */
void tb_dataset_set_workdays(tb_dataset *ds, const double *days);
const double *tb_dataset_workdays(const tb_dataset *ds);

/* Working days of single days (a day-level calendar: 1 a working day, 0.5
 * a half day, 0 a holiday), for partial periods.  Unset days are unknown.
 * DAY is 1..tb_month_length(M); M inside the calendar (else ignored). */
void tb_dataset_set_day_workdays(tb_dataset *ds, tb_month m, int day, double w);
/* The working days of days 1..DAYS of month M: NaN when any of those days
 * is unknown, M is outside the calendar or there is no day-level calendar. */
double tb_dataset_workdays_through(const tb_dataset *ds, tb_month m, int days);

/* Partial periods.  tb_dataset_set_partial stores the value of days 1..DAYS
 * of month M (inside the calendar) for SERIES; the caller checks DAYS and
 * duplicates.  tb_dataset_partial returns the series' array for DAYS
 * (tb_dataset_months() values, NaN = none) or NULL when it has none. */
void tb_dataset_set_partial(tb_dataset *ds, size_t series, int days, tb_month m, double v);
const double *tb_dataset_partial(const tb_dataset *ds, size_t series, int days);
/* The distinct D of the partial periods, ascending: how many, and the Ith. */
size_t tb_dataset_partial_count(const tb_dataset *ds);
int tb_dataset_partial_days(const tb_dataset *ds, size_t i);
/* A copy of DS whose whole-month values are its days 1..DAYS values (NaN
 * where a series has none) and whose working days per month are those of
 * days 1..DAYS (tb_dataset_workdays_through): everything computed on months
 * (facts, charts) then means "days 1..DAYS of the month".  It has no
 * partial periods of its own; metadata "partial_days" holds DAYS.
 * Ownership: the caller frees it with tb_dataset_free. */
tb_dataset *tb_dataset_partial_view(const tb_dataset *ds, int days);

/* Observation status flags from the source (SDMX OBS_STATUS: E estimated,
 * P provisional, B break, ...), in the order added; the screen reports
 * them.  STATUS is copied.  tb_dataset_status returns the Ith flag's text
 * and its series and month. */
void tb_dataset_add_status(tb_dataset *ds, size_t series, tb_month month, const char *status);
size_t tb_dataset_status_count(const tb_dataset *ds);
const char *tb_dataset_status(const tb_dataset *ds, size_t i, size_t *series, tb_month *month);

/* Breakdowns, in manifest order.  tb_dataset_add_breakdown copies MEMBERS. */
void tb_dataset_add_breakdown(tb_dataset *ds, const char *name, enum tb_dim along, size_t total,
                              const size_t *members, size_t n_members);
size_t tb_dataset_breakdown_count(const tb_dataset *ds);
/* Adds a group to breakdown BREAKDOWN (an index below the count); copies
 * the strings (EN, KO may be NULL) and POSITIONS (indices into the
 * breakdown's members). */
void tb_dataset_add_group(tb_dataset *ds, size_t breakdown, const char *name, const char *en,
                          const char *ko, const size_t *positions, size_t n);
const tb_breakdown *tb_dataset_breakdown(const tb_dataset *ds, size_t i);
const tb_breakdown *tb_dataset_breakdown_by_name(const tb_dataset *ds, const char *name);

/* The default month of a briefing about subject S (NULL: the default
 * subject): the latest month in which every headline series
 * (tb_dataset_headline: exports, imports, balance) that has data has a
 * value; failing that, the last month of the headline exports (imports
 * for a reporter without exports) or of any
 * series; TB_MONTH_NONE without data. */
tb_month tb_dataset_last_month(const tb_dataset *ds, const tb_subject *s);

const char *tb_flow_code(enum tb_flow flow);       /* "export", ... */
int tb_flow_parse(const char *s);                   /* enum or -1 */

#endif
