/* facts: growth, streaks, records, shares and contributions of monthly series.
 *
 * Every fact is about one reference month M of one series s; the semantics
 * are the contract in DESIGN.md ("Facts: semantics").  The computation has
 * two steps:
 *
 *   1. tb_facts_prep_series() makes one O(n) pass over a series (plus an
 *      O(n log n) sparse table and per-calendar-month rank trees) and keeps
 *      arrays of run lengths (yoy up/down streaks, balance sign streaks),
 *      previous-greater / previous-smaller months (monotonic stacks, for
 *      high_since / low_since), the answer to longest_since for every month
 *      (a stack of earlier runs, binary-searched), running year-to-date sums,
 *      running year highs and lows, same-month ranks, moving averages and the
 *      12-month rolling sum (GSL movstat);
 *   2. tb_facts_at() reads the facts of one month from those arrays in O(1)
 *      (threshold streaks O(log n), the trend one gsl_fit_linear over the
 *      trend window).  A backfill of all months never rescans history.
 *   When only a few months are wanted (a briefing's one month) the
 *   precomputation scans back from those months instead (O(n) each), which
 *   is cheaper than the stacks; the facts are the same either way.
 *
 * Conventions (DESIGN.md leaves these open; tests/facts-spec.txt pins them):
 *   - Percentages are in percent: yoy_pct = (s(M) - s(M-12)) / s(M-12) * 100;
 *     a zero base gives null.  mom likewise with M-1.
 *   - NaN is a missing month.  A missing month breaks every run; it is never
 *     "higher" or "lower" than anything (high_since / low_since skip it).
 *   - yoy "up": s(M) > s(M-12); "down": s(M) < s(M-12); equal is flat: it
 *     ends a streak and has no direction.  sign: surplus > 0, deficit < 0;
 *     zero ends a run.  A run that starts at the first month where such a
 *     run can be observed (the series' first month with a yoy comparison;
 *     its first month with a value, for sign) counts from there and is
 *     flagged from_start: its true length may be longer.
 *   - longest_since: the most recent earlier complete run of the same kind
 *     (up, down, surplus, deficit) at least as long as the current one.
 *   - high_since / low_since: the most recent earlier month strictly higher
 *     (lower); months = M - that month.  A tie is not higher.
 *   - same_month_rank: competition ranking ("1224"): rank = 1 + the number
 *     of years up to M's year whose same calendar month was strictly higher;
 *     ties share a rank; `of` counts the years with a value, M's included.
 *   - year_high / year_low: no earlier month of M's year (among those with
 *     data) is strictly higher / lower; January is trivially both.
 *   - ytd: January..M of M's year, null when a month is missing or January
 *     precedes the data; quarter: the three months ending at M when M is
 *     March, June, September or December.
 *   - threshold streaks: months in a row ending at M with s >= threshold
 *     (any threshold: tb_facts_threshold_streak); the default ones for the
 *     JSON are given by tb_facts_default_thresholds.
 *   - moving: trailing 3- and 12-month means and the 12-month sum ending at
 *     M (GSL movstat over the whole history, so results do not depend on
 *     which months are queried); null when the window holds a missing month
 *     or starts before the data.
 *   - trend: least squares line (gsl_fit_linear) through the present months
 *     of the last TB_FACTS_TREND_YEARS years ending at M, x in years; slope
 *     per year, and slope_pct = slope / mean of the window * 100.  Null with
 *     less history than the window or fewer than half the months present.
 *     For query ranges longer than 12 months (a backfill) the fit comes
 *     from double-double prefix sums in O(1) a month instead: equal to
 *     gsl_fit_linear's to 1e-9 relative (tested; in practice 1e-12), not
 *     always to the last bit.
 *   - Balances: percent changes of a balance are not meaningful, so balance
 *     facts carry changes (mom_change, yoy_change) instead of percentages,
 *     sign_streak instead of yoy_streak, and longest_since refers to the sign
 *     streak.  For exports and imports longest_since refers to yoy_streak.
 *   - Release kinds (DESIGN.md, "release fact kinds"):
 *     streak_previous is the run that ended the month before the current
 *     run began (null when that month has no direction, or the current run
 *     starts where the data first allow one); longest_since.passes_shorter
 *     says a shorter run of the same kind lies in between (false: the fact
 *     only names the previous run, no news).  same_month_record_streak:
 *     months in a row up to M each strictly above every earlier year's same
 *     calendar month (a tie is no record; null when M is not one, or has no
 *     earlier year).  yoy_high_since / yoy_low_since, daily_avg high/low
 *     since and its same-month rank: as high_since and same_month_rank on
 *     the yoy_pct and daily_avg series.  quarter: same_quarter_rank among
 *     the same quarter of every year, high_since among all earlier quarters
 *     (month = that quarter's last month).  ytd: same_period_rank among
 *     January..M of every year, high_since the most recent earlier year
 *     whose January..M was higher (month = its end month, years back).
 *     Threshold firsts: first_ever = no earlier month at or above it,
 *     first_for_month = no earlier year's same month; for ytd thresholds the
 *     same over earlier year-to-date figures.
 *   - Breakdowns: share_pct = member(M) / total(M) * 100; contribution_pp =
 *     (member(M) - member(M-12)) / total(M-12) * 100; breadth counts members
 *     up / down / flat year on year, `of` = those with a comparison, the
 *     others are `missing`; ranks by value and by yoy_pct are competition
 *     ranks, ordered lists break ties in manifest order.
 *
 * Null convention.  A fact that cannot be computed is a tb_facts_num (or
 * struct) whose `reason` is a non-NULL static English string; its value is
 * then NaN (or 0) and must not be used.  In JSON such a fact is `null`
 * followed immediately by a sibling key "<key>_null_reason" holding the
 * reason: {"yoy_pct": null, "yoy_pct_null_reason": "no data 12 months
 * earlier"}.  The JSON never holds NaN or infinities.
 *
 * Ownership: the prep workspace belongs to its creator (tb_facts_prep_free);
 * tb_facts structs hold no pointers except static reason strings; every
 * function returning memory or a json_t says who frees it.  A workspace
 * serves one thread at a time; call tb_facts_init() before starting threads.
 */
#ifndef TB_FACTS_H
#define TB_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "dataset.h"
#include "diag.h"
#include "month.h"

/* Default trend window in years (tb_facts_prep_set_trend_years). */
#define TB_FACTS_TREND_YEARS 5
/* Periods without data named at most in a sign streak across gaps (the
 * latest ones). */
#define TB_FACTS_MAX_GAPS 3
/* Default threshold streaks reported per series at most. */
#define TB_FACTS_MAX_THRESHOLDS 2

/* A number, or null with a reason (v is NaN then). */
typedef struct {
    double v;
    const char *reason; /* NULL when v is valid */
} tb_facts_num;

/* A run of months ending at M (yoy_streak, sign_streak, threshold streak). */
typedef struct {
    int dir;          /* yoy: +1 up, -1 down; sign: +1 surplus, -1 deficit */
    int months;       /* length, M included */
    tb_month since;   /* first month of the run */
    bool from_start;  /* starts where the data first allow such a run */
    const char *reason; /* non-NULL: no run (dir, months, since unset) */
    /* Sign streaks only: the run when months without data do not break it
     * (gap_missing > 0 only when an earlier run of the same sign lies just
     * before a gap): every month with data from gap_since to M has this
     * sign; gap_months of them, gap_missing months without data, in
     * gap_periods runs; the latest TB_FACTS_MAX_GAPS runs in gaps, oldest
     * first (n_gaps of them). */
    tb_month gap_since;
    int gap_months, gap_missing, gap_periods, n_gaps;
    bool gap_from_start;
    struct {
        tb_month from, to;
    } gaps[TB_FACTS_MAX_GAPS];
} tb_facts_streak;

/* The most recent earlier run of the same kind at least as long.
 * passes_shorter: a shorter run of the same kind lies between it and the
 * current run (false: "longest since" only names the previous such run,
 * which is no news). */
typedef struct {
    tb_month from, to;
    int months;
    bool from_start;
    bool passes_shorter;
    const char *reason;
} tb_facts_longest;

/* A complete run that ended before the current one (yoy_streak.previous,
 * sign_streak.previous: the run ending the month before the current run
 * began; a group's all_up_previous). */
typedef struct {
    int dir; /* as tb_facts_streak */
    int months;
    tb_month since, to;
    bool from_start;
    const char *reason;
} tb_facts_prev;

/* The most recent earlier month that was higher (lower), and the distance. */
typedef struct {
    tb_month month;
    int months; /* M - month */
    const char *reason;
} tb_facts_since;

typedef struct {
    int rank, of;
    const char *reason;
} tb_facts_rank;

/* The most recent earlier same period (same months January..M) that was
 * higher, and how many years back. */
typedef struct {
    tb_month month; /* end month of that period */
    int years;
    const char *reason;
} tb_facts_since_years;

/* Consecutive months up to M each strictly higher than every earlier year's
 * same calendar month. */
typedef struct {
    int months;
    tb_month since;
    bool from_start; /* the month before had no earlier year to beat */
    const char *reason;
} tb_facts_record_streak;

/* Whether a value at or above THRESHOLD is a first: no earlier month
 * (first_ever) / no earlier year's same month (first_for_month) reached it.
 * Both false when the value is below the threshold. */
typedef struct {
    double threshold;
    bool first_ever, first_for_month;
} tb_facts_first;

/* A threshold streak: months in a row at or above THRESHOLD ending at M.
 * months is 0 (and since TB_MONTH_NONE) when s(M) is below it. */
typedef struct {
    double threshold;
    int months;
    tb_month since;
    bool from_start;
    bool first_ever, first_for_month; /* see tb_facts_first */
    const char *reason;
} tb_facts_threshold;

/* All facts of one series at one month. */
typedef struct {
    tb_month month;
    bool balance; /* the series is a balance (see the header comment) */
    tb_facts_num value;
    tb_facts_num mom_pct, yoy_pct;       /* flows only (reason for balances) */
    tb_facts_num mom_change, yoy_change; /* s(M) - s(M-1), s(M) - s(M-12) */
    tb_facts_num ytd, ytd_yoy_pct, ytd_yoy_change;
    bool quarter_end; /* M is March, June, September or December */
    tb_facts_num quarter, quarter_yoy_pct, quarter_yoy_change;
    tb_facts_streak yoy_streak;  /* flows */
    tb_facts_streak sign_streak; /* balances */
    tb_facts_prev streak_previous; /* of yoy_streak (flows) or sign_streak */
    tb_facts_longest longest_since;
    tb_facts_since high_since, low_since;
    tb_facts_rank same_month_rank;
    tb_facts_record_streak same_month_record_streak;
    tb_facts_since yoy_high_since, yoy_low_since; /* records of yoy_pct */
    tb_facts_since daily_high_since, daily_low_since; /* records of daily_avg */
    tb_facts_rank daily_same_month_rank;
    tb_facts_rank same_quarter_rank; /* quarter ends only */
    tb_facts_since quarter_high_since;
    tb_facts_rank same_period_rank; /* ytd against January..M of other years */
    tb_facts_since_years ytd_high_since;
    tb_facts_first ytd_thresholds[TB_FACTS_MAX_THRESHOLDS]; /* default ones of ytd */
    int n_ytd_thresholds;
    /* The history records are computed over: the series' first month with
     * data (TB_MONTH_NONE: none up to M), the months with data from then to
     * M, and the months missing in between. */
    tb_month first_month;
    int history_months, history_missing;
    int year_high, year_low; /* 1 true, 0 false, -1 null (no data) */
    /* Default threshold streaks, descending (flows with a positive value;
     * see tb_facts_default_thresholds). */
    tb_facts_threshold thresholds[TB_FACTS_MAX_THRESHOLDS];
    int n_thresholds;
    tb_facts_num daily_avg, daily_avg_yoy_pct, working_days;
    tb_facts_num avg3, avg12, sum12;                /* trailing windows ending at M */
    int trend_years, trend_points;                  /* window in years, months fitted */
    tb_facts_num trend_slope, trend_slope_pct;      /* per year; percent of the window mean */
} tb_facts;

/* Calls gsl_set_error_handler_off() once.  Every entry point of this module
 * calls it; callers need not. */
void tb_facts_init(void);

/* The per-series workspace: arrays reused from series to series.
 * Ownership: caller frees with tb_facts_prep_free. */
typedef struct tb_facts_prep tb_facts_prep;
tb_facts_prep *tb_facts_prep_new(void);
void tb_facts_prep_free(tb_facts_prep *p);
/* Trend window in years (default TB_FACTS_TREND_YEARS); 0 disables the trend. */
void tb_facts_prep_set_trend_years(tb_facts_prep *p, int years);

/* Precomputes series V[0..N) whose V[0] is month START, for queries of the
 * months FROM..N-1 (pass FROM = N - 1 for one month, 0 for a backfill).
 * Runs, year-to-date sums and moving statistics always cover the whole
 * history, so a month's facts do not depend on FROM; for short query ranges
 * (up to 12 months) previous higher/lower months and ranks are found by
 * scanning back instead of with stacks and sorts, which is cheaper there.
 * WORKDAYS (N values, NaN unknown) may be NULL.  V and WORKDAYS are read
 * during this call and by later tb_facts_at calls: they must outlive the
 * workspace's use for this series.  Returns 0, or -1 when a GSL routine
 * failed (then the moving averages are null with a reason). */
int tb_facts_prep_series(tb_facts_prep *p, const double *v, int n, tb_month start, bool balance,
                         const double *workdays, int from);
/* The facts of month index T (FROM <= T < N of the last prep; other T give
 * facts that are all null with the reason "month outside the prepared
 * range"). */
void tb_facts_at(const tb_facts_prep *p, int t, tb_facts *out);
/* The threshold streak at month index T for THRESHOLD.  O(log n). */
tb_facts_threshold tb_facts_threshold_streak(const tb_facts_prep *p, int t, double threshold);

/* The round thresholds reported by default for a value X > 0, descending,
 * written to OUT (at most TB_FACTS_MAX_THRESHOLDS); returns how many.  They
 * are the largest multiple of the leading power of ten not above X
 * (56.5e6 -> 50e6) and the largest 1-2-5 step not above X (38e6 -> 20e6),
 * without duplicates: 56.5e6 -> {50e6}; 38e6 -> {30e6, 20e6}. */
int tb_facts_default_thresholds(double x, double out[static TB_FACTS_MAX_THRESHOLDS]);

/* Facts of one series of DS at month M.  Returns 0, or -1 with a diagnostic
 * when M is outside the data or SERIES is not an index of DS. */
int tb_facts_series(const tb_dataset *ds, size_t series, tb_month m, tb_facts *out,
                    tb_diag *diag);

/* The streak of months at or above THRESHOLD of one series of DS ending at
 * month M (for a threshold a template names).  Returns 0, or -1 with a
 * diagnostic when M is outside the data or SERIES is not an index of DS. */
int tb_facts_series_threshold(const tb_dataset *ds, size_t series, tb_month m, double threshold,
                              tb_facts_threshold *out, tb_diag *diag);

/* Flags of tb_facts_all. */
enum {
    TB_FACTS_NO_TREND = 1, /* skip the trend (one gsl_fit_linear per series-month,
                              most of a backfill's time); its facts are null */
};

/* Facts for every series of DS and every month in [FROM, TO]; SINK is called
 * once per (series, month), series in index order, months ascending.  One
 * precomputation per series; a month's facts are the same as those
 * tb_facts_series gives.  Returns 0, or -1 with a diagnostic when the range
 * is empty or outside the data. */
typedef void (*tb_facts_sink)(void *ctx, size_t series, const tb_facts *f);
int tb_facts_all(const tb_dataset *ds, tb_month from, tb_month to, unsigned flags,
                 tb_facts_sink sink, void *ctx, tb_diag *diag);

/* Breakdowns. */
typedef struct {
    int up, down, flat; /* members whose yoy could be compared, by direction */
    int of;             /* up + down + flat */
    int missing;        /* members without a yoy comparison */
    /* the most recent earlier month in which at least as many members rose
     * (ties count: "the most items rising since"); null when none */
    tb_facts_since high_since;
} tb_facts_breadth;

/* A group of members (tb_group): the months in a row up to M in which every
 * member rose year on year (all_up; dir is +1), and the last such run
 * before it (before M when all_up is null).  from_start: the run starts at
 * the first month in which every member has a comparison. */
typedef struct {
    tb_facts_streak all_up;
    tb_facts_prev all_up_previous;
} tb_facts_group;

typedef struct {
    size_t series;     /* series index of the member */
    tb_facts f;        /* the member's own facts */
    tb_facts_num share_pct;       /* member(M) / total(M) * 100 */
    tb_facts_num contribution_pp; /* (member(M) - member(M-12)) / total(M-12) * 100 */
    int rank_value;  /* competition rank by value, 1 = largest; 0 when value is null */
    int rank_growth; /* competition rank by yoy_pct, 1 = fastest; 0 when null */
} tb_facts_member;

/* Facts of breakdown BD at month M: the total's facts in *TOTAL, breadth in
 * *BREADTH, and the members in manifest order.  M must be inside the data.
 * Ownership: returns a new array of bd->n_members elements (NULL when there
 * are none) the caller frees with free(). */
tb_facts_member *tb_facts_breakdown(const tb_dataset *ds, const tb_breakdown *bd, tb_month m,
                                    tb_facts *total, tb_facts_breadth *breadth);

/* The rest of breakdown BD's total at month M: the total less all its
 * members ("Other items"), so that the members and this row add up to the
 * total, value, change and contribution alike.  value = total(M) - sum of
 * member(M); yoy_change against the same rest 12 months earlier; yoy_pct
 * when that rest was positive; share_pct of total(M); contribution_pp =
 * yoy_change / total(M-12) * 100.  Every number is null with a reason when
 * the total or a member lacks data, and *WHOLE is set when the members make
 * up the whole total (no rest to show). */
typedef struct {
    tb_facts_num value, yoy_change, yoy_pct, share_pct, contribution_pp;
} tb_facts_other;
void tb_facts_breakdown_other(const tb_dataset *ds, const tb_breakdown *bd, tb_month m, tb_facts_other *out,
                              bool *whole);
/* The same for the total less only the members EXCLUDED[i] marks (one
 * bool per member of BD): the rest of a table of the top few. */
void tb_facts_breakdown_rest(const tb_dataset *ds, const tb_breakdown *bd, tb_month m, const bool *excluded,
                             tb_facts_other *out, bool *whole);

/* The facts of BD's groups at month M (inside the data), in manifest order.
 * Ownership: returns a new array of bd->n_groups elements (NULL when there
 * are none) the caller frees with free(). */
tb_facts_group *tb_facts_groups(const tb_dataset *ds, const tb_breakdown *bd, tb_month m);

/* Moving statistics of X[0..N) over a trailing window of W months (GSL
 * movstat): OUT[t] is the mean (sum) of X[t-W+1..t], NaN where the window
 * starts before X or holds a NaN.  Returns 0, or -1 when GSL fails (OUT is
 * all NaN then).  For charts. */
int tb_facts_moving_mean(const double *x, size_t n, size_t w, double *out);
int tb_facts_moving_sum(const double *x, size_t n, size_t w, double *out);

/* One series' facts as a JSON object, keys in a fixed order (balances get
 * sign_streak and changes, flows yoy_streak, percentages, thresholds and
 * daily_avg).
 * Ownership: returns a new reference the caller json_decref's. */
json_t *tb_facts_to_json(const tb_facts *f);

/* The stats document of DESIGN.md ("Command line") for month M: dataset,
 * month, unit, the subject (reporter, partner, product) and its exports,
 * imports and balance, every manifest breakdown (with its groups), and the
 * notable list (tb_facts_notable).  SUBJECT NULL: the dataset's default
 * (tb_dataset_subject).  Returns NULL with a diagnostic when M is outside
 * the data.
 * Ownership: returns a new reference the caller json_decref's. */
json_t *tb_facts_json(const tb_dataset *ds, const tb_subject *subject, tb_month month, tb_diag *diag);

/* For a partial view (tb_dataset_partial_view: metadata "partial_days"),
 * reshapes ROOT, a tb_facts_json document without "notable", into the
 * flash facts of days 1..D of month M (docs/facts.md, "Flash facts"):
 * "days" and "period" after "month", no sums over months, no series or
 * breakdowns without partial figures, both periods' working days.  Does
 * nothing for other datasets.  SUBJECT as tb_facts_json, which calls it. */
void tb_facts_flash_shape(const tb_dataset *view, const tb_subject *subject, tb_month m, json_t *root);

/* The month's notable facts read from STATS (a tb_facts_json document
 * without "notable"): [{kind, subject, path, score}], ranked as
 * docs/facts.md ("Notable facts") says.
 * Ownership: returns a new reference the caller json_decref's. */
json_t *tb_facts_notable(const json_t *stats);

/* Prints tb_facts_json(DS, SUBJECT, MONTH) to OUT, indented by 2, with a
 * final newline.  Returns 0, or -1 with a diagnostic (month outside the
 * data, write error). */
int tb_facts_print(const tb_dataset *ds, const tb_subject *subject, tb_month month, FILE *out, tb_diag *diag);

#endif
