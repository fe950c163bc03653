/* dataset: the series model (see dataset.h).
 *
 * Codes are interned per dimension in open-addressing string tables; series
 * keys pack into 64 bits and live in one open-addressing table of series
 * indices.  Both tables keep a load factor under 1/2, so a look-up is one or
 * two probes.  Labels and free-text metadata are small string maps.
 */
#include "dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* A string -> string and/or string -> id open-addressing map; cap is 0 or a
 * power of two. */
typedef struct {
    char **keys;
    char **vals;
    int32_t *ids;
    size_t cap, n;
} S_strmap;

typedef struct {
    S_strmap map;
    char **codes; /* by id */
    size_t n, cap;
} S_codes;

/* The partial-period values of one D: per series index, NULL = none. */
typedef struct {
    int days;
    double **v;
    size_t n; /* entries of v */
} S_partial;

struct tb_dataset {
    tb_month start;
    int months;
    tb_series *series;
    size_t n, cap;
    size_t *slots; /* series index + 1, 0 = empty */
    size_t slot_cap;
    S_codes codes[TB_DIM_COUNT];
    S_strmap labels, meta;
    char *name;
    tb_unit unit;
    double *workdays;
    double *day_workdays; /* months x 31, NaN unknown; NULL: none */
    S_partial *partials;  /* ascending days */
    size_t n_partials;
    tb_breakdown *breakdowns;
    size_t n_breakdowns, cap_breakdowns;
    struct S_status {
        size_t series;
        tb_month month;
        char *text;
    } *status;
    size_t n_status, cap_status;
};

static uint64_t S_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint64_t S_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static size_t S_map_slot(const S_strmap *m, const char *key)
{
    size_t mask = m->cap - 1, i = (size_t)S_hash_str(key) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static void S_map_grow(S_strmap *m)
{
    S_strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 16;
    m->keys = tb_mem_calloc(m->cap, sizeof *m->keys);
    m->vals = tb_mem_calloc(m->cap, sizeof *m->vals);
    m->ids = tb_mem_calloc(m->cap, sizeof *m->ids);
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.keys[i])
            continue;
        size_t j = S_map_slot(m, old.keys[i]);
        m->keys[j] = old.keys[i];
        m->vals[j] = old.vals[i];
        m->ids[j] = old.ids[i];
    }
    free(old.keys);
    free(old.vals);
    free(old.ids);
}

/* Returns the slot of KEY, inserting it (key copied) if absent. */
static size_t S_map_put(S_strmap *m, const char *key, bool *fresh)
{
    if ((m->n + 1) * 2 > m->cap)
        S_map_grow(m);
    size_t i = S_map_slot(m, key);
    *fresh = m->keys[i] == NULL;
    if (*fresh) {
        m->keys[i] = tb_mem_strdup(key);
        m->n++;
    }
    return i;
}

static const S_strmap *S_map_find(const S_strmap *m, const char *key, size_t *slot)
{
    if (!m->cap)
        return NULL;
    size_t i = S_map_slot(m, key);
    if (!m->keys[i])
        return NULL;
    *slot = i;
    return m;
}

static void S_map_free(S_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->keys[i]);
        free(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    free(m->ids);
    memset(m, 0, sizeof *m);
}

static void S_map_set(S_strmap *m, const char *key, const char *val)
{
    bool fresh;
    size_t i = S_map_put(m, key, &fresh);
    free(m->vals[i]);
    m->vals[i] = tb_mem_strdup(val);
}

static const char *S_map_get(const S_strmap *m, const char *key)
{
    size_t i;
    return S_map_find(m, key, &i) ? m->vals[i] : NULL;
}

tb_dataset *tb_dataset_new(tb_month start, int months)
{
    tb_dataset *ds = tb_mem_calloc(1, sizeof *ds);
    ds->start = start;
    ds->months = months < 0 ? 0 : months;
    ds->unit.multiplier = 1;
    return ds;
}

void tb_dataset_free(tb_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n; i++)
        free(ds->series[i].v);
    free(ds->series);
    free(ds->slots);
    for (int d = 0; d < TB_DIM_COUNT; d++) {
        S_map_free(&ds->codes[d].map);
        free(ds->codes[d].codes); /* strings are owned by the map */
    }
    S_map_free(&ds->labels);
    S_map_free(&ds->meta);
    for (size_t i = 0; i < ds->n_status; i++)
        free(ds->status[i].text);
    free(ds->status);
    free(ds->name);
    free(ds->workdays);
    free(ds->day_workdays);
    for (size_t p = 0; p < ds->n_partials; p++) {
        for (size_t i = 0; i < ds->partials[p].n; i++)
            free(ds->partials[p].v[i]);
        free(ds->partials[p].v);
    }
    free(ds->partials);
    for (size_t i = 0; i < ds->n_breakdowns; i++) {
        tb_breakdown *b = &ds->breakdowns[i];
        for (size_t g = 0; g < b->n_groups; g++) {
            free((char *)b->groups[g].name);
            free((char *)b->groups[g].en);
            free((char *)b->groups[g].ko);
            free(b->groups[g].members);
        }
        free(b->groups);
        free((char *)b->name);
        free(b->members);
    }
    free(ds->breakdowns);
    free(ds);
}

tb_month tb_dataset_start(const tb_dataset *ds) { return ds->start; }
int tb_dataset_months(const tb_dataset *ds) { return ds->months; }
size_t tb_dataset_count(const tb_dataset *ds) { return ds->n; }

int32_t tb_dataset_intern(tb_dataset *ds, enum tb_dim dim, const char *code)
{
    S_codes *c = &ds->codes[dim];
    bool fresh;
    size_t slot = S_map_put(&c->map, code, &fresh);
    if (fresh) {
        TB_GROW(c->codes, c->cap, c->n + 1);
        c->codes[c->n] = c->map.keys[slot];
        c->map.ids[slot] = (int32_t)c->n++;
    }
    return c->map.ids[slot];
}

int32_t tb_dataset_code_id(const tb_dataset *ds, enum tb_dim dim, const char *code)
{
    size_t slot;
    const S_codes *c = &ds->codes[dim];
    return S_map_find(&c->map, code, &slot) ? c->map.ids[slot] : -1;
}

const char *tb_dataset_code(const tb_dataset *ds, enum tb_dim dim, int32_t id)
{
    const S_codes *c = &ds->codes[dim];
    return id >= 0 && (size_t)id < c->n ? c->codes[id] : NULL;
}

size_t tb_dataset_code_count(const tb_dataset *ds, enum tb_dim dim) { return ds->codes[dim].n; }

static uint64_t S_key_hash(tb_key k)
{
    uint64_t x = ((uint64_t)(uint32_t)k.reporter << 42) ^ ((uint64_t)(uint32_t)k.partner << 21) ^
                 (uint64_t)(uint32_t)k.product ^ ((uint64_t)k.flow << 62);
    return S_mix(x);
}

static bool S_key_eq(tb_key a, tb_key b)
{
    return a.reporter == b.reporter && a.partner == b.partner && a.product == b.product &&
           a.flow == b.flow;
}

static size_t S_slot(const tb_dataset *ds, tb_key key)
{
    size_t mask = ds->slot_cap - 1, i = (size_t)S_key_hash(key) & mask;
    while (ds->slots[i] && !S_key_eq(ds->series[ds->slots[i] - 1].key, key))
        i = (i + 1) & mask;
    return i;
}

size_t tb_dataset_find(const tb_dataset *ds, tb_key key)
{
    if (!ds->slot_cap)
        return SIZE_MAX;
    size_t i = S_slot(ds, key);
    return ds->slots[i] ? ds->slots[i] - 1 : SIZE_MAX;
}

static void S_rehash(tb_dataset *ds)
{
    free(ds->slots);
    ds->slot_cap = ds->slot_cap ? ds->slot_cap * 2 : 64;
    ds->slots = tb_mem_calloc(ds->slot_cap, sizeof *ds->slots);
    for (size_t s = 0; s < ds->n; s++)
        ds->slots[S_slot(ds, ds->series[s].key)] = s + 1;
}

static size_t S_insert(tb_dataset *ds, tb_key key, double *values)
{
    if ((ds->n + 1) * 2 > ds->slot_cap)
        S_rehash(ds);
    size_t slot = S_slot(ds, key);
    if (ds->slots[slot]) {
        free(values);
        return ds->slots[slot] - 1;
    }
    TB_GROW(ds->series, ds->cap, ds->n + 1);
    ds->series[ds->n] = (tb_series){.key = key, .v = values, .derived = false};
    ds->slots[slot] = ++ds->n;
    return ds->n - 1;
}

size_t tb_dataset_add(tb_dataset *ds, tb_key key)
{
    size_t found = tb_dataset_find(ds, key);
    if (found != SIZE_MAX)
        return found;
    double *v = tb_mem_reallocarray(NULL, (size_t)ds->months, sizeof *v);
    for (int i = 0; i < ds->months; i++)
        v[i] = NAN;
    return S_insert(ds, key, v);
}

size_t tb_dataset_adopt(tb_dataset *ds, tb_key key, double *values) { return S_insert(ds, key, values); }

tb_series *tb_dataset_series(tb_dataset *ds, size_t i) { return i < ds->n ? &ds->series[i] : NULL; }
const tb_series *tb_dataset_get(const tb_dataset *ds, size_t i) { return i < ds->n ? &ds->series[i] : NULL; }

size_t tb_dataset_lookup(const tb_dataset *ds, const char *reporter, enum tb_flow flow,
                         const char *partner, const char *product)
{
    if (!reporter)
        reporter = tb_dataset_meta(ds, "reporter");
    if (!reporter)
        return SIZE_MAX;
    tb_key k = {.reporter = tb_dataset_code_id(ds, TB_DIM_REPORTER, reporter),
                .partner = tb_dataset_code_id(ds, TB_DIM_PARTNER, partner),
                .product = tb_dataset_code_id(ds, TB_DIM_PRODUCT, product),
                .flow = flow};
    if (k.reporter < 0 || k.partner < 0 || k.product < 0)
        return SIZE_MAX;
    return tb_dataset_find(ds, k);
}

tb_subject tb_dataset_subject(const tb_dataset *ds)
{
    /* the manifest's reporter, and its headline partner: and product:
     * when it names them (a bilateral or one-product dataset) */
    const char *p = tb_dataset_meta(ds, "partner"), *q = tb_dataset_meta(ds, "product");
    return (tb_subject){tb_dataset_meta(ds, "reporter"), p ? p : TB_PARTNER_WORLD, q ? q : TB_PRODUCT_TOTAL};
}

size_t tb_dataset_headline(const tb_dataset *ds, const tb_subject *s, enum tb_flow flow)
{
    tb_subject def = tb_dataset_subject(ds);
    if (!s)
        s = &def;
    if (!s->reporter)
        return SIZE_MAX;
    return tb_dataset_lookup(ds, s->reporter, flow, s->partner, s->product);
}

size_t tb_dataset_derive_balances(tb_dataset *ds)
{
    size_t derived = 0, n = ds->n;
    for (size_t i = 0; i < n; i++) {
        if (ds->series[i].key.flow != TB_EXPORT)
            continue;
        tb_key k = ds->series[i].key;
        k.flow = TB_IMPORT;
        size_t imp = tb_dataset_find(ds, k);
        k.flow = TB_BALANCE;
        if (imp == SIZE_MAX || tb_dataset_find(ds, k) != SIZE_MAX)
            continue;
        double *v = tb_mem_reallocarray(NULL, (size_t)ds->months, sizeof *v);
        const double *x = ds->series[i].v, *m = ds->series[imp].v;
        for (int t = 0; t < ds->months; t++)
            v[t] = x[t] - m[t]; /* NaN propagates */
        size_t b = S_insert(ds, k, v);
        ds->series[b].derived = true;
        derived++;
    }
    return derived;
}

void tb_dataset_set_calendar(tb_dataset *ds, tb_month start, int months)
{
    ds->start = start;
    ds->months = months < 0 ? 0 : months;
}

void tb_dataset_set_name(tb_dataset *ds, const char *name)
{
    free(ds->name);
    ds->name = tb_mem_strdup(name);
}

const char *tb_dataset_name(const tb_dataset *ds) { return ds->name ? ds->name : ""; }
void tb_dataset_set_unit(tb_dataset *ds, tb_unit unit) { ds->unit = unit; }
tb_unit tb_dataset_unit(const tb_dataset *ds) { return ds->unit; }
void tb_dataset_set_meta(tb_dataset *ds, const char *key, const char *value) { S_map_set(&ds->meta, key, value); }
const char *tb_dataset_meta(const tb_dataset *ds, const char *key) { return S_map_get(&ds->meta, key); }

static const char *const S_dim_names[] = {"reporter", "partner", "product"};

static char *S_label_key(int dim, const char *code, const char *lang)
{
    return tb_mem_printf("%s\x1f%s\x1f%s", dim < 0 ? "flow" : S_dim_names[dim], code, lang);
}

void tb_dataset_set_label(tb_dataset *ds, int dim, const char *code, const char *lang, const char *label)
{
    char *k = S_label_key(dim, code, lang);
    S_map_set(&ds->labels, k, label);
    free(k);
}

const char *tb_dataset_label(const tb_dataset *ds, int dim, const char *code, const char *lang)
{
    const char *langs[2] = {lang ? lang : "en", "en"};
    for (int i = 0; i < 2; i++) {
        char *k = S_label_key(dim, code, langs[i]);
        const char *v = S_map_get(&ds->labels, k);
        free(k);
        if (v)
            return v;
    }
    return code;
}

void tb_dataset_set_workdays(tb_dataset *ds, const double *days)
{
    free(ds->workdays);
    ds->workdays = NULL;
    if (!days)
        return;
    ds->workdays = tb_mem_reallocarray(NULL, (size_t)ds->months, sizeof *days);
    memcpy(ds->workdays, days, (size_t)ds->months * sizeof *days);
}

const double *tb_dataset_workdays(const tb_dataset *ds) { return ds->workdays; }

void tb_dataset_add_breakdown(tb_dataset *ds, const char *name, enum tb_dim along, size_t total,
                              const size_t *members, size_t n_members)
{
    TB_GROW(ds->breakdowns, ds->cap_breakdowns, ds->n_breakdowns + 1);
    tb_breakdown *b = &ds->breakdowns[ds->n_breakdowns++];
    b->name = tb_mem_strdup(name);
    b->along = along;
    b->total = total;
    b->members = tb_mem_reallocarray(NULL, n_members, sizeof *members);
    if (n_members)
        memcpy(b->members, members, n_members * sizeof *members);
    b->n_members = n_members;
    b->groups = NULL;
    b->n_groups = 0;
}

void tb_dataset_add_group(tb_dataset *ds, size_t breakdown, const char *name, const char *en,
                          const char *ko, const size_t *positions, size_t n)
{
    tb_breakdown *b = &ds->breakdowns[breakdown];
    b->groups = tb_mem_reallocarray(b->groups, b->n_groups + 1, sizeof *b->groups);
    tb_group *g = &b->groups[b->n_groups++];
    g->name = tb_mem_strdup(name);
    g->en = en ? tb_mem_strdup(en) : NULL;
    g->ko = ko ? tb_mem_strdup(ko) : NULL;
    g->members = tb_mem_reallocarray(NULL, n ? n : 1, sizeof *positions);
    if (n)
        memcpy(g->members, positions, n * sizeof *positions);
    g->n_members = n;
}

size_t tb_dataset_breakdown_count(const tb_dataset *ds) { return ds->n_breakdowns; }

const tb_breakdown *tb_dataset_breakdown(const tb_dataset *ds, size_t i)
{
    return i < ds->n_breakdowns ? &ds->breakdowns[i] : NULL;
}

const tb_breakdown *tb_dataset_breakdown_by_name(const tb_dataset *ds, const char *name)
{
    for (size_t i = 0; i < ds->n_breakdowns; i++)
        if (strcmp(ds->breakdowns[i].name, name) == 0)
            return &ds->breakdowns[i];
    return NULL;
}

static int S_last_index(const double *v, int months)
{
    for (int t = months - 1; t >= 0; t--)
        if (!isnan(v[t]))
            return t;
    return -1;
}

/* The latest month in which every headline series that has data has a
 * value; -1 when they share none. */
static int S_last_common(const tb_dataset *ds, const tb_subject *s)
{
    const double *v[TB_FLOW_COUNT] = {NULL};
    int n = 0;
    for (int f = 0; f < TB_FLOW_COUNT; f++) {
        size_t i = tb_dataset_headline(ds, s, (enum tb_flow)f);
        if (i != SIZE_MAX && S_last_index(ds->series[i].v, ds->months) >= 0)
            v[n++] = ds->series[i].v;
    }
    for (int t = ds->months - 1; n > 0 && t >= 0; t--) {
        int k = 0;
        while (k < n && !isnan(v[k][t]))
            k++;
        if (k == n)
            return t;
    }
    return -1;
}

tb_month tb_dataset_last_month(const tb_dataset *ds, const tb_subject *s)
{
    int last = S_last_common(ds, s);
    size_t total = tb_dataset_headline(ds, s, TB_EXPORT);
    if (total == SIZE_MAX) /* a reporter of imports only */
        total = tb_dataset_headline(ds, s, TB_IMPORT);
    if (last < 0 && total != SIZE_MAX)
        last = S_last_index(ds->series[total].v, ds->months);
    if (last < 0)
        for (size_t i = 0; i < ds->n; i++) {
            int t = S_last_index(ds->series[i].v, ds->months);
            if (t > last)
                last = t;
        }
    return last < 0 ? TB_MONTH_NONE : ds->start + last;
}

static const char *const S_flow_codes[] = {"export", "import", "balance"};

const char *tb_flow_code(enum tb_flow flow) { return (unsigned)flow < TB_FLOW_COUNT ? S_flow_codes[flow] : "?"; }

int tb_flow_parse(const char *s)
{
    for (int i = 0; i < TB_FLOW_COUNT; i++)
        if (strcmp(s, S_flow_codes[i]) == 0)
            return i;
    return -1;
}

/* ---- partial periods ------------------------------------------------- */

void tb_dataset_set_day_workdays(tb_dataset *ds, tb_month m, int day, double w)
{
    if (m < ds->start || m >= ds->start + ds->months || day < 1 || day > tb_month_length(m))
        return;
    if (!ds->day_workdays) {
        size_t n = (size_t)ds->months * 31;
        ds->day_workdays = tb_mem_reallocarray(NULL, n, sizeof *ds->day_workdays);
        for (size_t i = 0; i < n; i++)
            ds->day_workdays[i] = NAN;
    }
    ds->day_workdays[(size_t)(m - ds->start) * 31 + (size_t)(day - 1)] = w;
}

double tb_dataset_workdays_through(const tb_dataset *ds, tb_month m, int days)
{
    if (!ds->day_workdays || m < ds->start || m >= ds->start + ds->months || days < 1 ||
        days > tb_month_length(m))
        return NAN;
    const double *d = ds->day_workdays + (size_t)(m - ds->start) * 31;
    double sum = 0;
    for (int i = 0; i < days; i++)
        sum += d[i]; /* NaN propagates: an unknown day makes the sum unknown */
    return sum;
}

static S_partial *S_partial_of(const tb_dataset *ds, int days)
{
    for (size_t p = 0; p < ds->n_partials; p++)
        if (ds->partials[p].days == days)
            return &ds->partials[p];
    return NULL;
}

void tb_dataset_set_partial(tb_dataset *ds, size_t series, int days, tb_month m, double v)
{
    if (series >= ds->n || m < ds->start || m >= ds->start + ds->months)
        return;
    S_partial *P = S_partial_of(ds, days);
    if (!P) {
        size_t at = 0;
        while (at < ds->n_partials && ds->partials[at].days < days)
            at++;
        ds->partials = tb_mem_reallocarray(ds->partials, ds->n_partials + 1, sizeof *ds->partials);
        memmove(ds->partials + at + 1, ds->partials + at, (ds->n_partials - at) * sizeof *ds->partials);
        ds->n_partials++;
        P = &ds->partials[at];
        *P = (S_partial){.days = days};
    }
    if (series >= P->n) {
        P->v = tb_mem_reallocarray(P->v, ds->n, sizeof *P->v);
        memset(P->v + P->n, 0, (ds->n - P->n) * sizeof *P->v);
        P->n = ds->n;
    }
    if (!P->v[series]) {
        P->v[series] = tb_mem_reallocarray(NULL, (size_t)ds->months, sizeof **P->v);
        for (int t = 0; t < ds->months; t++)
            P->v[series][t] = NAN;
    }
    P->v[series][m - ds->start] = v;
}

const double *tb_dataset_partial(const tb_dataset *ds, size_t series, int days)
{
    const S_partial *P = S_partial_of(ds, days);
    return P && series < P->n ? P->v[series] : NULL;
}

size_t tb_dataset_partial_count(const tb_dataset *ds) { return ds->n_partials; }

int tb_dataset_partial_days(const tb_dataset *ds, size_t i)
{
    return i < ds->n_partials ? ds->partials[i].days : 0;
}

static void S_map_copy(S_strmap *to, const S_strmap *from)
{
    for (size_t i = 0; i < from->cap; i++)
        if (from->keys[i] && from->vals[i])
            S_map_set(to, from->keys[i], from->vals[i]);
}

static void S_view_breakdowns(tb_dataset *v, const tb_dataset *ds)
{
    for (size_t b = 0; b < ds->n_breakdowns; b++) {
        const tb_breakdown *bd = &ds->breakdowns[b];
        tb_dataset_add_breakdown(v, bd->name, bd->along, bd->total, bd->members, bd->n_members);
        for (size_t g = 0; g < bd->n_groups; g++) {
            const tb_group *gr = &bd->groups[g];
            tb_dataset_add_group(v, b, gr->name, gr->en, gr->ko, gr->members, gr->n_members);
        }
    }
}

tb_dataset *tb_dataset_partial_view(const tb_dataset *ds, int days)
{
    tb_dataset *v = tb_dataset_new(ds->start, ds->months);
    for (int d = 0; d < TB_DIM_COUNT; d++)
        for (size_t i = 0; i < ds->codes[d].n; i++)
            tb_dataset_intern(v, (enum tb_dim)d, ds->codes[d].codes[i]);
    size_t months = (size_t)ds->months;
    for (size_t i = 0; i < ds->n; i++) {
        const double *p = tb_dataset_partial(ds, i, days);
        double *vals = tb_mem_reallocarray(NULL, months ? months : 1, sizeof *vals);
        for (size_t t = 0; t < months; t++)
            vals[t] = p ? p[t] : NAN;
        tb_dataset_adopt(v, ds->series[i].key, vals);
        v->series[i].derived = ds->series[i].derived;
    }
    for (size_t i = 0; i < v->n; i++) /* derived balances of partial flows */
        if (v->series[i].derived) {
            tb_key k = v->series[i].key;
            k.flow = TB_EXPORT;
            size_t x = tb_dataset_find(v, k);
            k.flow = TB_IMPORT;
            size_t m = tb_dataset_find(v, k);
            for (size_t t = 0; x != SIZE_MAX && m != SIZE_MAX && t < months; t++)
                v->series[i].v[t] = v->series[x].v[t] - v->series[m].v[t];
        }
    S_map_copy(&v->labels, &ds->labels);
    S_map_copy(&v->meta, &ds->meta);
    tb_dataset_set_name(v, tb_dataset_name(ds));
    v->unit = ds->unit;
    char d[16];
    snprintf(d, sizeof d, "%d", days);
    tb_dataset_set_meta(v, "partial_days", d);
    v->workdays = tb_mem_reallocarray(NULL, months ? months : 1, sizeof *v->workdays);
    for (size_t t = 0; t < months; t++)
        v->workdays[t] = tb_dataset_workdays_through(ds, ds->start + (tb_month)t, days);
    S_view_breakdowns(v, ds);
    return v;
}

void tb_dataset_add_status(tb_dataset *ds, size_t series, tb_month month, const char *status)
{
    TB_GROW(ds->status, ds->cap_status, ds->n_status + 1);
    ds->status[ds->n_status++] = (struct S_status){series, month, tb_mem_strdup(status)};
}

size_t tb_dataset_status_count(const tb_dataset *ds) { return ds->n_status; }

const char *tb_dataset_status(const tb_dataset *ds, size_t i, size_t *series, tb_month *month)
{
    *series = ds->status[i].series;
    *month = ds->status[i].month;
    return ds->status[i].text;
}
