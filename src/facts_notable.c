/* facts_notable: the month's notable facts, ranked (the stats document's
 * "notable" list; docs/facts.md, "Notable facts", is the contract).
 *
 * It reads the facts already in the stats document, so every entry points
 * at a fact the JSON holds.  Each candidate fact has a rarity in months (how
 * far back a comparable event lies: "the highest in 21 months" is 21) and
 * its subject a weight (1 for the headline series, by share for members);
 * score = weight x rarity, rounded to 0.01.  A candidate below its kind's
 * minimum rarity is vacuous: it scores zero and is left out, as is a
 * "longest since" that passes over no shorter run.  Per subject and family
 * (level, growth, daily, quarter, year to date, breadth) only the best
 * candidate is kept, so one event is not stated twice in other words.
 * A member in two breakdowns of the same flow and kind (partners.USA and
 * regions.USA) is one event: only its first entry is listed.
 * Order: score descending, then path; at most S_MAX entries.  Each entry
 * also carries, for templates, its rarity, the subject's names (members and
 * groups; else null), its flow ("export", "import"; null for the balance)
 * and what its breakdown runs along ("product", "partner"; null for a
 * headline series), so a sentence can name the flow ("exports of passenger
 * cars", "대중국 수출"), and `fact`: the fields of the fact at its path that
 * sentences use, all present, null when the fact lacks them.
 */
#include "facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

#define S_MAX 20
#define S_NEVER 120.0 /* rarity of a first that has no earlier comparable event */

enum { F_LEVEL, F_GROWTH, F_DAILY, F_QUARTER, F_YTD, F_OTHER, F_COUNT };

typedef struct {
    const char *kind;
    char *path;
    double rarity;
} S_cand;

typedef struct {
    const char *prefix; /* JSON path of the facts object */
    double weight;
    tb_month month;
    S_cand best[F_COUNT];
    const json_t *names; /* {en, ko} of the subject, or NULL */
    const json_t *obj;   /* the subject's facts object, or NULL */
    const char *flow, *along; /* of its breakdown (flow also of a series), or NULL */
} S_subject;

typedef struct {
    const char *kind;
    char *subject, *path;
    double score, rarity;
    const json_t *names; /* the subject's names, or NULL */
    const json_t *obj;   /* the subject's facts (for its streak), or NULL */
    const char *flow, *along, *code; /* see S_subject; code of a member, or NULL */
} S_entry;

typedef struct {
    S_entry *e;
    size_t n, cap;
} S_list;

/* The value at dotted PATH under O (array elements by number), or NULL. */
static const json_t *S_at(const json_t *o, const char *path)
{
    tb_buf key = {0};
    while (o && *path) {
        size_t n = strcspn(path, ".");
        tb_buf_clear(&key);
        tb_buf_put(&key, path, n);
        o = json_is_array(o) ? json_array_get(o, strtoul(tb_buf_str(&key), NULL, 10))
                             : json_object_get(o, tb_buf_str(&key));
        path += n + (path[n] == '.');
    }
    tb_buf_free(&key);
    return o;
}

static int S_int(const json_t *o, const char *path)
{
    const json_t *v = S_at(o, path);
    return json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

/* KEY under O is null with REASON. */
static bool S_null_for(const json_t *o, const char *key, const char *reason)
{
    tb_buf k = {0};
    tb_buf_printf(&k, "%s_null_reason", key);
    const json_t *r = S_at(o, tb_buf_str(&k));
    tb_buf_free(&k);
    return json_is_null(S_at(o, key)) && json_is_string(r) && strcmp(json_string_value(r), reason) == 0;
}

/* Months from the month named at PATH under O to M, or -1. */
static int S_months_to(const json_t *o, const char *path, tb_month m)
{
    const char *s = json_string_value(S_at(o, path));
    tb_month x;
    return s && tb_month_parse(s, strlen(s), TB_MONTH_ISO, &x) ? m - x : -1;
}

/* True when KIND states a record or a first ("on record", "for the first
 * time") and the subject's history is shorter than the 24 months such a
 * claim needs (docs/narrative.md): on a short history it is no news. */
static bool S_too_short(const S_subject *s, const char *kind)
{
    if (!s->obj || (!strstr(kind, "record") && !strstr(kind, "first")))
        return false;
    const json_t *h = json_object_get(json_object_get(s->obj, "history"), "months");
    return !json_is_integer(h) || json_integer_value(h) < 24;
}

static void S_offer(S_subject *s, int family, const char *kind, const char *rel, double rarity,
                    double min)
{
    S_cand *c = &s->best[family];
    if (rarity < min || rarity <= c->rarity || S_too_short(s, kind))
        return;
    free(c->path);
    c->path = tb_mem_printf("%s.%s", s->prefix, rel);
    c->kind = kind;
    c->rarity = rarity;
}

/* A high_since-like fact KEY of O (dotted, under the subject): its months,
 * or DEPTH when it is null with the reason RECORD. */
static void S_offer_since(S_subject *s, const json_t *o, int family, const char *key,
                          const char *record, const char *kinds[2], double depth)
{
    tb_buf k = {0};
    tb_buf_printf(&k, "%s.months", key);
    int m = S_int(o, tb_buf_str(&k));
    tb_buf_free(&k);
    if (m >= 0)
        S_offer(s, family, kinds[0], key, m, 12);
    else if (S_null_for(o, key, record))
        S_offer(s, family, kinds[1], key, depth, 12);
}

/* Threshold firsts of the array at KEY (threshold_streaks, ytd.thresholds). */
static void S_offer_firsts(S_subject *s, const json_t *o, int family, const char *key,
                           const char *kinds[2], double depth)
{
    const json_t *a = S_at(o, key);
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *t = json_array_get(a, i);
        char *rel = tb_mem_printf("%s.%zu", key, i);
        if (json_is_true(json_object_get(t, "first_ever")))
            S_offer(s, family, kinds[0], rel, depth, 12);
        else if (json_is_true(json_object_get(t, "first_for_month")))
            S_offer(s, family, kinds[1], rel, depth / 2, 12);
        free(rel);
    }
}

/* A year of history per year compared, from a rank's `of`. */
static double S_depth(const json_t *o, const char *rank_of, int skip)
{
    int of = S_int(o, rank_of);
    return of > skip ? 12.0 * (of - skip) : 0;
}

static void S_growth(S_subject *s, const json_t *o, bool bal)
{
    const char *key = bal ? "sign_streak" : "yoy_streak";
    char *k = tb_mem_printf("%s.months", key), *pk = tb_mem_printf("%s.previous.months", key);
    char *prev = tb_mem_printf("%s.previous", key);
    int months = S_int(o, k), pm = S_int(o, pk);
    double depth = S_depth(o, "same_month_rank.of", bal ? 1 : 2);
    if (months == 1 && pm >= 3)
        S_offer(s, F_GROWTH, "turn", prev, pm + 1, 4);
    if (months >= 3 && json_is_true(S_at(o, "longest_since.passes_shorter")))
        S_offer(s, F_GROWTH, "streak_longest_since", "longest_since",
                S_months_to(o, "longest_since.to", s->month), 12);
    if (months >= 3 && S_null_for(o, "longest_since", "the current streak is the longest on record"))
        S_offer(s, F_GROWTH, "streak_record", key, depth, 12);
    free(k);
    free(pk);
    free(prev);
    const json_t *g = S_at(o, "yoy_pct");
    if (bal || !json_is_number(g))
        return;
    if (json_number_value(g) > 0)
        S_offer_since(s, o, F_GROWTH, "yoy_high_since", "highest on record",
                      (const char *[]){"growth_high_since", "growth_record"}, depth);
    else if (json_number_value(g) < 0)
        S_offer_since(s, o, F_GROWTH, "yoy_low_since", "lowest on record",
                      (const char *[]){"decline_low_since", "decline_record"}, depth);
}

static void S_level(S_subject *s, const json_t *o)
{
    double depth = S_depth(o, "same_month_rank.of", 1);
    S_offer_since(s, o, F_LEVEL, "high_since", "highest on record",
                  (const char *[]){"high_since", "record_high"}, depth);
    S_offer_since(s, o, F_LEVEL, "low_since", "lowest on record",
                  (const char *[]){"low_since", "record_low"}, depth);
    int k = S_int(o, "same_month_record_streak.months"), of = S_int(o, "same_month_rank.of");
    if (k >= 1 && of >= 5) /* same-month ranks need 5 years (docs/narrative.md) */
        S_offer(s, F_LEVEL, k == 1 ? "same_month_record" : "same_month_record_streak",
                "same_month_record_streak", 12.0 * k + (of - 1), 12);
    S_offer_firsts(s, o, F_LEVEL, "threshold_streaks",
                   (const char *[]){"threshold_first_ever", "threshold_first_for_month"}, depth);
}

static void S_periods(S_subject *s, const json_t *o)
{
    if (json_is_object(S_at(o, "daily_avg"))) {
        double d = S_depth(o, "daily_avg.same_month_rank.of", 1);
        S_offer_since(s, o, F_DAILY, "daily_avg.high_since", "highest on record",
                      (const char *[]){"daily_high_since", "daily_record_high"}, d);
        S_offer_since(s, o, F_DAILY, "daily_avg.low_since", "lowest on record",
                      (const char *[]){"daily_low_since", "daily_record_low"}, d);
    }
    if (json_is_object(S_at(o, "quarter"))) {
        double d = S_depth(o, "quarter.same_quarter_rank.of", 1);
        S_offer_since(s, o, F_QUARTER, "quarter.high_since", "highest on record",
                      (const char *[]){"quarter_high_since", "quarter_record"}, d);
        if (S_int(o, "quarter.same_quarter_rank.rank") == 1)
            S_offer(s, F_QUARTER, "quarter_record_for_quarter", "quarter.same_quarter_rank", d / 2, 12);
    }
    int mon = tb_month_mon(s->month);
    if (mon == 1) /* the year to date is the month itself */
        return;
    double d = S_depth(o, "ytd.same_period_rank.of", 1);
    int years = S_int(o, "ytd.high_since.years");
    bool dec = mon == 12;
    if (years > 0)
        S_offer(s, F_YTD, dec ? "annual_high_since" : "ytd_high_since", "ytd.high_since", 12.0 * years, 12);
    else if (S_null_for(o, "ytd.high_since", "highest on record"))
        S_offer(s, F_YTD, dec ? "annual_record" : "ytd_record", "ytd.high_since", d, 12);
    S_offer_firsts(s, o, F_YTD, "ytd.thresholds",
                   (const char *[]){"ytd_threshold_first_ever", "ytd_threshold_first_for_period"}, d);
}

/* Moves the best candidates of S into L as entries about SUBJECT. */
static void S_flush(S_subject *s, const char *subject, S_list *l)
{
    for (int f = 0; f < F_COUNT; f++) {
        S_cand *c = &s->best[f];
        double score = round(s->weight * c->rarity * 100.0) / 100.0;
        if (c->path && score > 0) {
            if (l->n == l->cap) {
                l->cap = l->cap ? 2 * l->cap : 16;
                l->e = tb_mem_reallocarray(l->e, l->cap, sizeof *l->e);
            }
            const char *code = s->obj ? json_string_value(json_object_get(s->obj, "code")) : NULL;
            l->e[l->n++] = (S_entry){c->kind, tb_mem_strdup(subject), c->path, score, c->rarity,
                                     s->names, s->obj, s->flow, s->along, code};
        } else {
            free(c->path);
        }
        *c = (S_cand){NULL, NULL, 0};
    }
}

static void S_facts(const json_t *o, const char *prefix, const char *subject, double weight,
                    const char *flow, const char *along, tb_month m, S_list *l)
{
    if (!json_is_object(o))
        return;
    S_subject s = {prefix, weight, m, {{0}}, json_object_get(o, "names"), o, flow, along};
    bool bal = S_at(o, "sign_streak") != NULL; /* only balances have one */
    S_level(&s, o);
    S_growth(&s, o, bal);
    if (!bal)
        S_periods(&s, o);
    S_flush(&s, subject, l);
}

static void S_breakdown(const char *name, const json_t *b, tb_month m, S_list *l)
{
    const char *flow = json_string_value(json_object_get(b, "flow"));
    const char *along = json_string_value(json_object_get(b, "along"));
    const json_t *ms = json_object_get(b, "members");
    for (size_t i = 0; i < json_array_size(ms); i++) {
        const json_t *o = json_array_get(ms, i);
        const json_t *share = json_object_get(o, "share_pct");
        double w = json_is_number(share) ? sqrt(fmax(json_number_value(share), 0) / 100.0) : 0;
        char *prefix = tb_mem_printf("breakdowns.%s.members.%zu", name, i);
        char *subject = tb_mem_printf("%s.%s", name, json_string_value(json_object_get(o, "code")));
        S_facts(o, prefix, subject, fmin(fmax(w, 0.1), 1.0), flow, along, m, l);
        free(prefix);
        free(subject);
    }
    char *prefix = tb_mem_printf("breakdowns.%s", name), *subject = tb_mem_printf("%s.breadth", name);
    S_subject s = {prefix, 0.5, m, {{0}}, NULL, NULL, flow, along};
    S_offer_since(&s, b, F_OTHER, "breadth.high_since", "most members rising on record",
                  (const char *[]){"breadth_high_since", "breadth_record"}, S_NEVER);
    S_flush(&s, subject, l);
    free(subject);
    const char *g;
    const json_t *gj;
    json_object_foreach((json_t *)json_object_get(b, "groups"), g, gj)
    {
        char *rel = tb_mem_printf("groups.%s.all_up", g);
        subject = tb_mem_printf("%s.groups.%s", name, g);
        s = (S_subject){prefix, 0.5, m, {{0}}, json_object_get(gj, "names"), NULL, flow, along};
        if (S_int(gj, "all_up.months") == 1) {
            int since = S_months_to(gj, "all_up_previous.to", m);
            S_offer(&s, F_OTHER, "group_all_up", rel, since >= 0 ? since : S_NEVER, 6);
        }
        S_flush(&s, subject, l);
        free(rel);
        free(subject);
    }
    free(prefix);
}

/* The fields of FACT templates word, every one present (null when FACT
 * has none), so a template loop over the list can name each of them; and
 * the direction (or sign) and months of the current streak of SUBJ. */
static json_t *S_fact(const json_t *fact, const json_t *subj)
{
    static const char *const keys[] = {"month", "months", "years", "since", "from", "to",
                                       "threshold", "direction", "sign"};
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_is_object(fact) ? json_object_get(fact, keys[i]) : NULL;
        json_object_set_new(o, keys[i], v ? json_deep_copy(v) : json_null());
    }
    const json_t *st = S_at(subj, "yoy_streak") ? S_at(subj, "yoy_streak") : S_at(subj, "sign_streak");
    const json_t *d = json_is_object(st) ? json_object_get(st, "direction") : NULL;
    d = d ? d : json_is_object(st) ? json_object_get(st, "sign") : NULL;
    json_object_set_new(o, "streak_direction", d ? json_deep_copy(d) : json_null());
    json_object_set_new(o, "streak_months", json_is_object(st) ? json_deep_copy(json_object_get(st, "months")) : json_null());
    return o;
}

/* For a record or a first (KIND says "record" or "first"): the month the
 * subject's data begin, from which records run (its history's first
 * month, or a breakdown's first month); else null. */
static json_t *S_since_start(const char *kind, const json_t *subj)
{
    if (!strstr(kind, "record") && !strstr(kind, "first"))
        return json_null();
    const json_t *v = S_at(subj, "history.first_month");
    v = json_is_string(v) ? v : S_at(subj, "first_month");
    return json_is_string(v) ? json_deep_copy(v) : json_null();
}

static bool S_eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Entry I of L states the event of an earlier entry: the same kind about
 * the same member code of a breakdown of the same flow and direction. */
static bool S_repeats(const S_list *l, size_t i)
{
    const S_entry *e = &l->e[i];
    for (size_t j = 0; e->code && j < i; j++) {
        const S_entry *p = &l->e[j];
        if (strcmp(p->kind, e->kind) == 0 && S_eq(p->code, e->code) && S_eq(p->flow, e->flow) &&
            S_eq(p->along, e->along))
            return true;
    }
    return false;
}

static int S_cmp(const void *a, const void *b)
{
    const S_entry *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->path, y->path);
}

json_t *tb_facts_notable(const json_t *stats)
{
    S_list l = {NULL, 0, 0};
    const char *ms = json_string_value(json_object_get(stats, "month"));
    tb_month m;
    if (!ms || !tb_month_parse(ms, strlen(ms), TB_MONTH_ISO, &m))
        return json_array();
    static const char *const flows[] = {"exports", "imports", "balance"};
    static const char *const flow[] = {"export", "import", NULL};
    for (size_t i = 0; i < 3; i++) {
        char *prefix = tb_mem_printf("series.%s", flows[i]);
        S_facts(S_at(stats, prefix), prefix, flows[i], 1.0, flow[i], NULL, m, &l);
        free(prefix);
    }
    const char *name;
    const json_t *b;
    json_object_foreach((json_t *)json_object_get(stats, "breakdowns"), name, b)
        S_breakdown(name, b, m, &l);
    if (l.n)
        qsort(l.e, l.n, sizeof *l.e, S_cmp);
    json_t *out = json_array();
    for (size_t i = 0; i < l.n; i++) {
        if (json_array_size(out) < S_MAX && !S_repeats(&l, i)) {
            json_t *e = json_object();
            json_object_set_new(e, "kind", json_string(l.e[i].kind));
            json_object_set_new(e, "subject", json_string(l.e[i].subject));
            json_object_set_new(e, "path", json_string(l.e[i].path));
            json_object_set_new(e, "score", json_real(l.e[i].score));
            json_object_set_new(e, "rarity", json_integer((json_int_t)l.e[i].rarity));
            json_object_set_new(e, "names", l.e[i].names ? json_deep_copy(l.e[i].names) : json_null());
            json_object_set_new(e, "flow", l.e[i].flow ? json_string(l.e[i].flow) : json_null());
            json_object_set_new(e, "along", l.e[i].along ? json_string(l.e[i].along) : json_null());
            json_object_set_new(e, "fact", S_fact(S_at(stats, l.e[i].path), l.e[i].obj));
            json_object_set_new(e, "since_start", S_since_start(l.e[i].kind, l.e[i].obj));
            json_array_append_new(out, e);
        }
        free(l.e[i].subject);
        free(l.e[i].path);
    }
    free(l.e);
    return out;
}
