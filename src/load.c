/* load: dataset directory -> tb_dataset (see load.h).
 *
 * Observations are stored as they stream in: each series owns an array
 * covering [base, base + cap) months, grown by doubling in whichever
 * direction a new month falls.  Slots never written hold S_UNSET, a NaN
 * with a payload of its own, so an explicit missing value (NaN) and a
 * duplicate observation can be told apart without a second bitmap.  At the
 * end every array is shifted and trimmed in place to the dataset calendar
 * and S_UNSET becomes an ordinary NaN.
 *
 * Threads: the loader, its dataset and its diagnostics belong to the
 * calling thread.  A large file's second half may be read by a second
 * thread into a loader of its own (see "a large file read in two parts"),
 * joined before the calling thread reads that loader; the two share only
 * the manifest, which neither writes.  Nothing here is static and mutable.
 */
#include "load.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "isonames.h"
#include "manifest.h"
#include "period.h"
#include "buf.h"
#include "mem.h"
#include "par.h"
#include "utf8.h"

#define S_UNSET_BITS 0x7ff4d0d0d0d0d0d1ull

static double S_unset(void)
{
    uint64_t b = S_UNSET_BITS;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static bool S_is_unset(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b == S_UNSET_BITS;
}

typedef struct {
    double *v;
    tb_month base;
    int cap;
} S_acc;

/* An observation of days 1..days of a month (a partial period), kept
 * aside until the calendar is known. */
typedef struct {
    size_t series, file, line, col, seq;
    tb_month t;
    int days;
    double v;
} S_pobs;

typedef struct {
    tb_dataset *ds;
    const tb_manifest *m;
    const char *dir;
    tb_diag *diag;
    S_acc *accs;
    size_t n_accs, cap_accs;
    tb_month min, max;
    tb_load_stats stats;
    double unset;
    tb_load_site *sites; /* tb_load_locate: sorted, to be filled in */
    size_t n_sites;
    S_pobs *pobs; /* partial periods, in reading order */
    size_t n_pobs, cap_pobs;
    size_t file; /* index of the manifest file being read */
    const double *ahead; /* the slot last prefetched (S_prefetch) */
} S_loader;

static char *S_join(const char *dir, const char *path)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    return tb_mem_printf("%.*s/%s", (int)len, dir, path);
}

/* ---- values ---------------------------------------------------------- */

static const double S_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

enum { S_NUM_OK, S_NUM_SYNTAX, S_NUM_RANGE };

#define S_STR_(x) #x
#define S_STR(x) S_STR_(x) /* a macro's value as written: "1e20" */

/* Parses a decimal number with the file's separators.  Numbers of up to 15
 * significant digits and 22 decimals are exact integers divided by an
 * exact power of ten, which IEEE division rounds correctly; anything else
 * goes through strtod. */
static int S_number(const char *s, size_t len, char decimal, char thousands, double *out)
{
    /* most values: digits alone, no leading zero, exact in a double */
    if (len && len <= 15 && s[0] >= '1' && s[0] <= '9') {
        uint64_t m = 0;
        size_t i = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            m = m * 10 + (uint64_t)(s[i++] - '0');
        if (i == len) {
            *out = (double)m;
            return S_NUM_OK;
        }
    }
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    uint64_t mant = 0;
    int sig = 0, frac = 0;
    bool digit = false, dot = false, exp = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digit = true;
            if (mant || c != '0')
                sig++;
            if (sig <= 18)
                mant = mant * 10 + (uint64_t)(c - '0');
            if (dot)
                frac++;
        } else if (thousands && c == thousands && !dot && digit && i + 1 < len && s[i + 1] >= '0' &&
                   s[i + 1] <= '9') {
            continue;
        } else if (c == decimal && !dot) {
            dot = true;
        } else if ((c == 'e' || c == 'E') && digit) {
            size_t j = i + 1;
            if (j < len && (s[j] == '-' || s[j] == '+'))
                j++;
            if (j == len)
                return S_NUM_SYNTAX;
            for (; j < len; j++)
                if (s[j] < '0' || s[j] > '9')
                    return S_NUM_SYNTAX;
            exp = true;
            break;
        } else {
            return S_NUM_SYNTAX;
        }
    }
    if (!digit)
        return S_NUM_SYNTAX;
    double v;
    if (!exp && sig <= 15 && frac <= 22) {
        v = (double)mant;
        if (frac)
            v /= S_pow10[frac];
    } else {
        /* Normalise to the C locale's syntax and let strtod round. */
        char *tmp = tb_mem_alloc(len + 1), *o = tmp;
        for (size_t k = 0; k < len; k++) {
            if (thousands && s[k] == thousands && !(exp && k > i))
                continue;
            *o++ = s[k] == decimal ? '.' : s[k];
        }
        *o = '\0';
        errno = 0;
        v = fabs(strtod(tmp, NULL));
        free(tmp);
        if (isinf(v) || (errno == ERANGE && v > 1))
            return S_NUM_RANGE;
    }
    v = neg ? -v : v;
    *out = v == 0 ? 0.0 : v; /* no negative zero */
    return S_NUM_OK;
}

/* ---- series accumulation ---------------------------------------------- */

static size_t S_series(S_loader *L, int32_t rep, enum tb_flow flow, int32_t partner, int32_t product)
{
    tb_key k = {.reporter = rep, .partner = partner, .product = product, .flow = flow};
    size_t i = tb_dataset_find(L->ds, k);
    if (i != SIZE_MAX)
        return i;
    i = tb_dataset_adopt(L->ds, k, NULL);
    TB_GROW(L->accs, L->cap_accs, i + 1);
    L->accs[i] = (S_acc){0};
    L->n_accs = i + 1;
    return i;
}

static void S_fill_unset(double *v, size_t n, double unset)
{
    for (size_t i = 0; i < n; i++)
        v[i] = unset;
}

/* Moves A's values into a new array covering [LO, HI), which holds A's
 * months; the months new to it are unset. */
static void S_rebase(const S_loader *L, S_acc *a, tb_month lo, tb_month hi)
{
    double *v = tb_mem_reallocarray(NULL, (size_t)(hi - lo), sizeof *v);
    S_fill_unset(v, (size_t)(hi - lo), L->unset);
    memcpy(v + (a->base - lo), a->v, (size_t)a->cap * sizeof *v);
    free(a->v);
    a->v = v;
    a->base = lo;
    a->cap = hi - lo;
}

/* Makes A's array cover month T. */
static void S_cover(S_loader *L, S_acc *a, tb_month t)
{
    if (!a->v) {
        /* Most series share the calendar seen so far: start at its length,
         * so a million short series do not each hold 64 months. */
        long span = L->max >= L->min ? (long)L->max - L->min + 1 : 0;
        a->base = t;
        a->cap = span < 16 ? 16 : (int)span;
        a->v = tb_mem_reallocarray(NULL, (size_t)a->cap, sizeof *a->v);
        S_fill_unset(a->v, (size_t)a->cap, L->unset);
        return;
    }
    if (t >= a->base && t < a->base + a->cap)
        return;
    tb_month lo = a->base, hi = a->base + a->cap;
    if (t < lo)
        lo = t < lo - a->cap ? t : lo - a->cap;
    else
        hi = t + 1 > hi + a->cap ? t + 1 : hi + a->cap;
    if (lo < 12)
        lo = 12; /* year 1, January */
    S_rebase(L, a, lo, hi);
}

/* "REPORTER FLOW PARTNER PRODUCT" of SERIES.  Ownership: caller frees. */
static char *S_key_text(const S_loader *L, size_t series)
{
    const tb_series *s = tb_dataset_get(L->ds, series);
    return tb_mem_printf("%s %s %s %s", tb_dataset_code(L->ds, TB_DIM_REPORTER, s->key.reporter),
             tb_flow_code(s->key.flow), tb_dataset_code(L->ds, TB_DIM_PARTNER, s->key.partner),
             tb_dataset_code(L->ds, TB_DIM_PRODUCT, s->key.product));
}

static int S_site_cmp(const void *a, const void *b)
{
    const tb_load_site *p = a, *q = b;
    if (p->series != q->series)
        return p->series < q->series ? -1 : 1;
    return (p->month > q->month) - (p->month < q->month);
}

static void S_site(S_loader *L, size_t series, tb_month t, const char *file, size_t line)
{
    tb_load_site key = {.series = series, .month = t};
    tb_load_site *s = bsearch(&key, L->sites, L->n_sites, sizeof key, S_site_cmp);
    if (!s)
        return;
    while (s > L->sites && S_site_cmp(s - 1, &key) == 0)
        s--;
    for (; s < L->sites + L->n_sites && S_site_cmp(s, &key) == 0; s++)
        if (!s->file) {
            s->file = tb_mem_strdup(file);
            s->line = line;
        }
}

static void S_observe(S_loader *L, size_t series, tb_month t, double value, const char *file, size_t line,
                      size_t col)
{
    if (L->n_sites)
        S_site(L, series, t, file, line);
    S_acc *a = &L->accs[series];
    S_cover(L, a, t);
    double *slot = &a->v[t - a->base];
    if (!S_is_unset(*slot)) {
        char month[8], *key = S_key_text(L, series);
        tb_diag_error(L->diag, file, line, col, NULL, "duplicate observation of %s for %s", key,
                      tb_month_iso(t, month));
        free(key);
        return;
    }
    *slot = value;
    L->stats.observations++;
    if (t < L->min)
        L->min = t;
    if (t > L->max)
        L->max = t;
}

/* ---- raw keys ---------------------------------------------------------- */

/* The series of the raw key fields already seen in a file: a row's
 * reporter, flow, partner and product bytes, each followed by 0x1F, map to
 * the series they gave, so each distinct key is checked, mapped and
 * interned once per file however the rows are ordered (only keys that gave
 * a series are kept; none holds 0x1F, a control character, so the text is
 * unambiguous).  Entries and their texts are kept in first-seen order; each
 * remembers the entry that followed it last (next), so a file ordered by
 * series (the same key again) or by month (the keys in the same order each
 * month) finds its key without hashing, in memory read in order.  Else an
 * open-addressing table of entry indices (+1, 0 empty; load factor under
 * 1/2) over a hash of the text. */
typedef struct {
    uint64_t hash;
    size_t off, len, series;
    size_t next; /* entry that followed this one last, SIZE_MAX none */
} S_kent;

typedef struct {
    char *text; /* the entries' key texts back to back */
    size_t text_len, text_cap;
    S_kent *ents;
    size_t n, ents_cap;
    size_t *table;
    size_t cap;
    char *row; /* the current row's key text */
    size_t row_len, row_cap;
    size_t last;  /* entry of the previous row with a series, SIZE_MAX none */
    bool by_next; /* the current row's key was the last one's next */
} S_keys;

static uint64_t S_key_hash(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
}

static bool S_keys_is(const S_keys *K, size_t e)
{
    const S_kent *x = &K->ents[e];
    return x->len == K->row_len && memcmp(K->text + x->off, K->row, x->len) == 0;
}

/* The table slot of the current row's key (hash H), or the empty one where
 * it goes. */
static size_t *S_keys_slot(const S_keys *K, uint64_t h)
{
    size_t mask = K->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        size_t e = K->table[i];
        if (!e || (K->ents[e - 1].hash == h && S_keys_is(K, e - 1)))
            return &K->table[i];
    }
}

static void S_keys_follow(S_keys *K, size_t e)
{
    K->by_next = K->last != SIZE_MAX && K->ents[K->last].next == e;
    if (K->last != SIZE_MAX && K->last != e)
        K->ents[K->last].next = e;
    K->last = e;
}

/* The series of the current row's key: true when known (*SERIES set). */
static bool S_keys_find(S_keys *K, size_t *series)
{
    size_t e = SIZE_MAX;
    if (K->last != SIZE_MAX) {
        size_t nx = K->ents[K->last].next;
        if (S_keys_is(K, K->last))
            e = K->last;
        else if (nx != SIZE_MAX && S_keys_is(K, nx))
            e = nx;
    }
    if (e == SIZE_MAX && K->n) {
        size_t *slot = S_keys_slot(K, S_key_hash(K->row, K->row_len));
        e = *slot ? *slot - 1 : SIZE_MAX;
    }
    if (e == SIZE_MAX)
        return false;
    S_keys_follow(K, e);
    *series = K->ents[e].series;
    return true;
}

static void S_keys_add(S_keys *K, size_t series)
{
    if (2 * (K->n + 1) > K->cap) {
        K->cap = K->cap ? 2 * K->cap : 64;
        free(K->table);
        K->table = tb_mem_calloc(K->cap, sizeof *K->table);
        for (size_t e = 0; e < K->n; e++) {
            size_t i = (size_t)K->ents[e].hash & (K->cap - 1);
            while (K->table[i])
                i = (i + 1) & (K->cap - 1);
            K->table[i] = e + 1;
        }
    }
    uint64_t h = S_key_hash(K->row, K->row_len);
    *S_keys_slot(K, h) = K->n + 1;
    TB_GROW(K->text, K->text_cap, K->text_len + K->row_len);
    memcpy(K->text + K->text_len, K->row, K->row_len);
    TB_GROW(K->ents, K->ents_cap, K->n + 1);
    K->ents[K->n] = (S_kent){.hash = h, .off = K->text_len, .len = K->row_len, .series = series, .next = SIZE_MAX};
    K->text_len += K->row_len;
    S_keys_follow(K, K->n++);
}

/* The series D rows ahead when the rows keep following the order of the
 * last time round (a file ordered by month), or SIZE_MAX. */
static size_t S_keys_ahead(const S_keys *K, int d)
{
    if (!K->by_next)
        return SIZE_MAX;
    size_t e = K->last;
    for (; d > 0 && e != SIZE_MAX; d--)
        e = K->ents[e].next;
    return e == SIZE_MAX ? SIZE_MAX : K->ents[e].series;
}

static void S_keys_free(S_keys *K)
{
    free(K->text);
    free(K->ents);
    free(K->table);
    free(K->row);
}

/* ---- one file ---------------------------------------------------------- */

enum { C_PERIOD, C_REPORTER, C_FLOW, C_PARTNER, C_PRODUCT, C_VALUE, C_DAYS, C_COUNT };
static const char *const S_long_cols[C_COUNT] = {"period", "reporter", "flow", "partner", "product", "value",
                                                 "days"};

typedef struct {
    S_loader *L;
    const tb_manifest_file *mf;
    const char *name;
    bool header_done, broken;
    size_t n_fields;
    int col[C_COUNT]; /* long: field index per column, -1 absent */
    size_t *wide_series; /* wide: series per field, SIZE_MAX = not mapped */
    const char **wide_names; /* wide: the mapped header per field */
    int32_t default_reporter;
    int32_t fixed[TB_DIM_COUNT]; /* long: ids of the manifest's fixed codes, -1 none */
    int col_status, col_freq;    /* long: OBS_STATUS and SDMX FREQ fields, -1 absent */
    double scale; /* the file's unit multiplier over the dataset's: values are converted */
    bool hinted_thousands; /* "set thousands:" said once per file */
    S_keys keys;           /* long: raw key -> series, see S_keys */
    struct S_split *split; /* the part-2 reading to start after the header, or NULL */
    atomic_bool *cancel;   /* a part-2 reading: stop at its first error or when set */
} S_file;

static bool S_code_ok(S_file *F, const char *s, size_t len, size_t line, size_t col, const char *what)
{
    if (len != strlen(s)) {
        tb_diag_error(F->L->diag, F->name, line, col, NULL, "%s contains a NUL byte", what);
        return false;
    }
    if (!tb_utf8_valid(s, len)) {
        tb_diag_error(F->L->diag, F->name, line, col, s, "invalid UTF-8 in %s", what);
        return false;
    }
    if (!len) {
        tb_diag_error(F->L->diag, F->name, line, col, NULL, "empty %s", what);
        return false;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) {
            tb_diag_error(F->L->diag, F->name, line, col, s, "control character in %s", what);
            return false;
        }
    return true;
}

static bool S_period(S_file *F, tb_csv_row *row, size_t idx, tb_month *t)
{
    static const char *const fmts[] = {"YYYY-MM", "YYYYMM", "YYYY.MM", "YYYYMmm"};
    const char *s = row->fields[idx];
    size_t len = row->lens[idx];
    while (len && s[len - 1] == ' ')
        len--;
    const char *pat = F->mf->period_pattern;
    if (pat ? tb_period_parse(pat, s, len, t)
            : tb_month_parse(s, len, (enum tb_month_format)F->mf->period_format, t) ||
                  (F->mf->sdmx && tb_period_parse("%Y-M%m", s, len, t)))
        return true;
    tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s, "invalid period, expected %s%s",
                  pat ? pat : fmts[F->mf->period_format], F->mf->sdmx && !pat ? " or YYYY-Mmm" : "");
    return false;
}

static bool S_is_missing(const tb_manifest_file *mf, const char *s, size_t len)
{
    if (len == 0)
        return true;
    for (size_t i = 0; i < mf->n_missing; i++)
        if (strcmp(mf->missing[i], s) == 0)
            return true;
    return false;
}

/* The thousands separator S (LEN bytes) seems to use: digits in groups of
 * three after the first, separated by , . or a space other than DECIMAL
 * ("1,187.5", "12.345.678"); 0 when it does not look so. */
static char S_thousands_in(const char *s, size_t len, char decimal)
{
    size_t i = s[0] == '-' || s[0] == '+', lead = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, lead++;
    char sep = i < len ? s[i] : 0;
    if (!lead || lead > 3 || !sep || sep == decimal || !(sep == ',' || sep == '.' || sep == ' ' || sep == '\''))
        return 0;
    int groups = 0;
    while (i + 3 < len && s[i] == sep && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
           s[i + 3] >= '0' && s[i + 3] <= '9')
        i += 4, groups++;
    return groups && (i == len || s[i] == decimal) ? sep : 0;
}

/* Parses field IDX as a value of SERIES' flow; false after reporting. */
static bool S_value(S_file *F, tb_csv_row *row, size_t idx, enum tb_flow flow, const char *column, double *v)
{
    const char *s = row->fields[idx];
    size_t len = row->lens[idx];
    if (S_is_missing(F->mf, s, len)) {
        *v = NAN;
        return true;
    }
    int r = len == strlen(s) ? S_number(s, len, F->mf->decimal, F->mf->thousands, v) : S_NUM_SYNTAX;
    char sep = r == S_NUM_SYNTAX && !F->mf->thousands ? S_thousands_in(s, len, F->mf->decimal) : 0;
    if (sep && F->hinted_thousands)
        return false; /* the first one failed the run and named the fix */
    if (sep) {
        /* once per file: every row would say the same */
        tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s,
                      "a number with thousands separators in column \"%s\": set thousands: \"%c\" in the file's "
                      "entry of the manifest",
                      column, sep);
        F->hinted_thousands = true;
        return false;
    }
    if (r == S_NUM_SYNTAX) {
        tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s, "expected a number in column \"%s\"", column);
        return false;
    }
    *v *= F->scale;
    if (r == S_NUM_RANGE || fabs(*v) > TB_LOAD_VALUE_MAX) {
        tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s,
                      "number out of range in column \"%s\": values are at most " S_STR(TB_LOAD_VALUE_MAX) " in magnitude",
                      column);
        return false;
    }
    if (*v < 0 && flow != TB_BALANCE) {
        tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s, "negative %s value", tb_flow_code(flow));
        return false;
    }
    return true;
}

/* Whether long column C is a dimension the manifest fixes for the file. */
static bool S_fixed_dim(const S_file *F, int c)
{
    return (c == C_REPORTER && F->fixed[TB_DIM_REPORTER] >= 0) || (c == C_PARTNER && F->fixed[TB_DIM_PARTNER] >= 0) ||
           (c == C_PRODUCT && F->fixed[TB_DIM_PRODUCT] >= 0);
}

/* The fields of a long file that are not series keys: OBS_STATUS, FREQ. */
static void S_header_extra(S_file *F, tb_csv_row *row)
{
    F->col_status = F->col_freq = -1;
    for (size_t i = 0; i < row->n; i++) {
        if (strcmp(row->fields[i], tb_manifest_header(F->mf, "status")) == 0)
            F->col_status = (int)i;
        if (F->mf->sdmx && strcmp(row->fields[i], "FREQ") == 0)
            F->col_freq = (int)i;
    }
}

static void S_header_long(S_file *F, tb_csv_row *row)
{
    S_header_extra(F, row);
    for (int c = 0; c < C_COUNT; c++)
        F->col[c] = -1;
    for (size_t i = 0; i < row->n; i++)
        for (int c = 0; c < C_COUNT; c++)
            if (strcmp(row->fields[i], tb_manifest_header(F->mf, S_long_cols[c])) == 0) {
                if (F->col[c] >= 0) {
                    tb_diag_error(F->L->diag, F->name, row->line, i + 1, row->fields[i], "duplicate column");
                    F->broken = true;
                }
                F->col[c] = (int)i;
            }
    for (int c = 0; c < C_COUNT; c++) {
        if (F->col[c] >= 0 || (c == C_REPORTER && F->L->m->reporter) || c == C_DAYS || S_fixed_dim(F, c))
            continue;
        tb_buf found = {0};
        for (size_t i = 0; i < row->n; i++)
            tb_buf_printf(&found, "%s%s", i ? "," : "", row->fields[i]);
        tb_diag_error(F->L->diag, F->name, row->line, 0, tb_buf_str(&found),
                      c == C_REPORTER ? "missing column \"%s\" (the manifest names no default reporter)"
                                      : "missing column \"%s\" in the header",
                      tb_manifest_header(F->mf, S_long_cols[c]));
        tb_buf_free(&found);
        F->broken = true;
    }
}

/* Whether mapping C of the file names the same series as an earlier one:
 * both mappings are pointed at, once. */
static void S_same_series(S_file *F, size_t c)
{
    const tb_manifest_file *mf = F->mf;
    const tb_manifest_column *a = &mf->columns[c];
    for (size_t k = 0; k < c; k++) {
        const tb_manifest_column *b = &mf->columns[k];
        bool same = a->flow == b->flow && strcmp(a->partner, b->partner) == 0 &&
                    strcmp(a->product, b->product) == 0 &&
                    strcmp(a->reporter ? a->reporter : "", b->reporter ? b->reporter : "") == 0;
        if (!same)
            continue;
        tb_diag_error(F->L->diag, F->L->m->path, a->pos.line, a->pos.col, a->header,
                      "columns \"%s\" and \"%s\" (mapped at %zu:%zu) map to the same series; give each its own "
                      "flow, partner or product",
                      a->header, b->header, b->pos.line, b->pos.col);
        F->broken = true;
        return;
    }
}

static void S_header_wide(S_file *F, tb_csv_row *row)
{
    S_loader *L = F->L;
    const tb_manifest_file *mf = F->mf;
    F->wide_series = tb_mem_reallocarray(NULL, row->n, sizeof *F->wide_series);
    F->wide_names = tb_mem_calloc(row->n, sizeof *F->wide_names);
    F->col[C_PERIOD] = -1;
    for (size_t i = 0; i < row->n; i++) {
        F->wide_series[i] = SIZE_MAX;
        if (strcmp(row->fields[i], mf->period_column) == 0)
            F->col[C_PERIOD] = (int)i;
    }
    if (F->col[C_PERIOD] < 0) {
        tb_diag_error(L->diag, F->name, row->line, 1, row->n ? row->fields[0] : NULL,
                      "missing period column \"%s\" in the header: name it in the manifest (period: the first "
                      "column's header?)",
                      mf->period_column);
        F->broken = true;
    }
    for (size_t c = 0; c < mf->n_columns; c++) {
        const tb_manifest_column *mc = &mf->columns[c];
        size_t at = SIZE_MAX;
        for (size_t i = 0; i < row->n; i++)
            if (strcmp(row->fields[i], mc->header) == 0) {
                if (at != SIZE_MAX) {
                    tb_diag_error(L->diag, F->name, row->line, i + 1, row->fields[i], "duplicate column");
                    F->broken = true;
                }
                at = i;
            }
        if (at == SIZE_MAX) {
            tb_diag_error(L->diag, F->name, row->line, 0, NULL, "missing column \"%s\" (mapped at %s:%zu:%zu)",
                          mc->header, L->m->path, mc->pos.line, mc->pos.col);
            F->broken = true;
            continue;
        }
        const char *rep = mc->reporter ? mc->reporter : L->m->reporter;
        if (!rep) {
            tb_diag_error(L->diag, L->m->path, mc->pos.line, mc->pos.col, mc->header,
                          "column mapping names no reporter and the manifest has no default reporter");
            F->broken = true;
            continue;
        }
        F->wide_names[at] = mc->header;
        F->wide_series[at] = S_series(L, tb_dataset_intern(L->ds, TB_DIM_REPORTER, rep), mc->flow,
                                      tb_dataset_intern(L->ds, TB_DIM_PARTNER, mc->partner),
                                      tb_dataset_intern(L->ds, TB_DIM_PRODUCT, mc->product));
        S_same_series(F, c);
    }
}

static void S_wide_row(S_file *F, tb_csv_row *row)
{
    tb_month t;
    if (!S_period(F, row, (size_t)F->col[C_PERIOD], &t))
        return;
    for (size_t i = 0; i < row->n; i++) {
        size_t s = F->wide_series[i];
        if (s == SIZE_MAX)
            continue;
        double v;
        if (S_value(F, row, i, tb_dataset_get(F->L->ds, s)->key.flow, F->wide_names[i], &v))
            S_observe(F->L, s, t, v, F->name, row->line, i + 1);
    }
}

/* The `days` field IDX of a long row for month T: 0 when empty (the whole
 * month), else D with 1 <= D < the month's length; false after reporting. */
static bool S_days(S_file *F, tb_csv_row *row, size_t idx, tb_month t, int *days)
{
    const char *s = row->fields[idx];
    size_t len = row->lens[idx];
    *days = 0;
    if (len == 0)
        return true;
    int d = 0;
    size_t i = 0;
    while (i < len && i < 3 && s[i] >= '0' && s[i] <= '9')
        d = d * 10 + (s[i++] - '0');
    if (i == len && d >= 1 && d < tb_month_length(t)) {
        *days = d;
        return true;
    }
    tb_diag_error(F->L->diag, F->name, row->line, idx + 1, s,
                  "expected a number of days from 1 to %d in column \"days\" (empty for the whole month)",
                  tb_month_length(t) - 1);
    return false;
}

static void S_partial_observe(S_loader *L, size_t series, tb_month t, int days, double v, size_t line, size_t col)
{
    TB_GROW(L->pobs, L->cap_pobs, L->n_pobs + 1);
    L->pobs[L->n_pobs] = (S_pobs){.series = series, .file = L->file, .line = line, .col = col,
                                  .seq = L->n_pobs, .t = t, .days = days, .v = v};
    L->n_pobs++;
    L->stats.observations++;
    L->stats.partial++;
    if (t < L->min)
        L->min = t;
    if (t > L->max)
        L->max = t;
}

/* Rows ahead whose slot S_prefetch asks for: a file ordered by month
 * writes each row to another series' array, a cache miss each without. */
#define S_AHEAD 8

/* Starts loading the slot of SERIES (SIZE_MAX: none) for month T.  The
 * slot's address is stored in L->ahead: GCC 12 finds a static function
 * whose only effect is a prefetch pure, and drops its calls. */
static void S_prefetch(S_loader *L, size_t series, tb_month t)
{
    if (series >= L->n_accs)
        return;
    const S_acc *a = &L->accs[series];
    if (a->v && t >= a->base && t < a->base + a->cap) {
        L->ahead = &a->v[t - a->base];
        __builtin_prefetch(L->ahead, 1);
    }
}

static const int S_key_cols[4] = {C_REPORTER, C_FLOW, C_PARTNER, C_PRODUCT};

/* Checks, maps and interns the key fields of a row whose key the file has
 * not given yet: the series, or false after reporting. */
static bool S_new_key(S_file *F, tb_csv_row *row, size_t *series)
{
    S_loader *L = F->L;
    int32_t ids[4] = {F->fixed[TB_DIM_REPORTER] >= 0 ? F->fixed[TB_DIM_REPORTER] : F->default_reporter, -1,
                      F->fixed[TB_DIM_PARTNER], F->fixed[TB_DIM_PRODUCT]};
    static const char *const what[4] = {"reporter", "flow", "partner", "product"};
    static const int dims[4] = {TB_DIM_REPORTER, -1, TB_DIM_PARTNER, TB_DIM_PRODUCT};
    bool key_ok = true;
    for (int k = 0; k < 4; k++) {
        int c = F->col[S_key_cols[k]];
        if (c < 0)
            continue;
        const char *s = row->fields[c];
        size_t len = row->lens[c];
        if (k == 0 && len == 0 && F->default_reporter >= 0)
            continue;
        if (k == 1) {
            ids[1] = len == strlen(s) ? tb_flow_parse(tb_manifest_map_code(F->mf, -1, s)) : -1;
            if (ids[1] < 0) {
                tb_diag_error(L->diag, F->name, row->line, (size_t)c + 1, s,
                              "unknown flow, expected export, import or balance");
                key_ok = false;
            }
            continue;
        }
        if (!S_code_ok(F, s, len, row->line, (size_t)c + 1, what[k])) {
            key_ok = false;
            continue;
        }
        ids[k] = tb_dataset_intern(L->ds, (enum tb_dim)dims[k], tb_manifest_map_code(F->mf, dims[k], s));
    }
    if (key_ok)
        *series = S_series(L, ids[0], (enum tb_flow)ids[1], ids[2], ids[3]);
    return key_ok;
}

/* The series of a long row, through the file's raw keys; false after
 * reporting. */
/* Whether entry E's key text is the row's key fields, each followed by
 * 0x1F: the comparison S_keys_is makes, without building the row's text. */
static bool S_keys_row_is(const S_file *F, const tb_csv_row *row, size_t e)
{
    const S_keys *K = &F->keys;
    const char *t = K->text + K->ents[e].off, *end = t + K->ents[e].len;
    for (int k = 0; k < 4; k++) {
        int c = F->col[S_key_cols[k]];
        size_t len = c < 0 ? 0 : row->lens[c];
        if ((size_t)(end - t) < len + 1 || (len && memcmp(t, row->fields[c], len) != 0) || t[len] != 0x1F)
            return false;
        t += len + 1;
    }
    return t == end;
}

static bool S_row_series(S_file *F, tb_csv_row *row, size_t *series)
{
    S_keys *K = &F->keys;
    /* the rows of a series in a row, or the series in last month's order */
    size_t e = K->last;
    if (e != SIZE_MAX && !S_keys_row_is(F, row, e))
        e = K->ents[e].next != SIZE_MAX && S_keys_row_is(F, row, K->ents[e].next) ? K->ents[e].next : SIZE_MAX;
    if (e != SIZE_MAX) {
        S_keys_follow(K, e);
        *series = K->ents[e].series;
        return true;
    }
    size_t need = 4;
    for (int k = 0; k < 4; k++)
        need += F->col[S_key_cols[k]] < 0 ? 0 : row->lens[F->col[S_key_cols[k]]];
    TB_GROW(K->row, K->row_cap, need);
    K->row_len = 0;
    for (int k = 0; k < 4; k++) {
        int c = F->col[S_key_cols[k]];
        size_t len = c < 0 ? 0 : row->lens[c];
        if (len)
            memcpy(K->row + K->row_len, row->fields[c], len);
        K->row_len += len;
        K->row[K->row_len++] = 0x1F;
    }
    if (S_keys_find(K, series))
        return true;
    if (!S_new_key(F, row, series))
        return false;
    S_keys_add(K, *series);
    return true;
}

static void S_long_row(S_file *F, tb_csv_row *row)
{
    S_loader *L = F->L;
    if (F->col_freq >= 0 && strcmp(row->fields[F->col_freq], "M") != 0)
        return; /* SDMX: annual or quarterly rows of the same flow */
    tb_month t;
    bool ok = S_period(F, row, (size_t)F->col[C_PERIOD], &t);
    size_t series;
    if (!S_row_series(F, row, &series))
        return;
    if (ok)
        S_prefetch(L, S_keys_ahead(&F->keys, S_AHEAD), t);
    double v;
    size_t vc = (size_t)F->col[C_VALUE];
    int days = 0;
    if (F->col[C_DAYS] >= 0 && ok)
        ok = S_days(F, row, (size_t)F->col[C_DAYS], t, &days);
    if (S_value(F, row, vc, tb_dataset_get(L->ds, series)->key.flow, "value", &v) && ok) {
        if (days)
            S_partial_observe(L, series, t, days, v, row->line, vc + 1);
        else
            S_observe(L, series, t, v, F->name, row->line, vc + 1);
        if (F->col_status >= 0 && row->lens[F->col_status] && strcmp(row->fields[F->col_status], "A") != 0)
            tb_dataset_add_status(L->ds, series, t, row->fields[F->col_status]);
    }
}

/* A header that is not UTF-8 means a file in another encoding: one
 * message that names the fix, instead of one per column. */
static bool S_header_not_utf8(S_file *F, tb_csv_row *row)
{
    bool nul = row->n && row->lens[0] >= 2 && ((unsigned char)row->fields[0][0] & 0xFE) == 0xFE; /* a UTF-16 BOM */
    for (size_t i = 0; i < row->n; i++)
        nul = nul || row->lens[i] != strlen(row->fields[i]);
    for (size_t i = 0; i < row->n; i++) {
        if (!nul && tb_utf8_valid(row->fields[i], row->lens[i]))
            continue;
        tb_diag_error(F->L->diag, F->name, row->line, i + 1, nul ? NULL : row->fields[i],
                      "the header is not UTF-8: set encoding: %s in the file's entry of the manifest",
                      nul ? "utf-16 (it has NUL bytes)" : "cp949 (or euc-kr, latin1, ...)");
        return true;
    }
    return false;
}

/* A header read as one column that holds another delimiter: the file is
 * separated by that one. */
static bool S_header_one_column(S_file *F, tb_csv_row *row)
{
    const char *cand = ";\t|,";
    for (const char *c = cand; row->n == 1 && *c; c++)
        if (*c != F->mf->delimiter && strchr(row->fields[0], *c)) {
            tb_diag_error(F->L->diag, F->name, row->line, 1, row->fields[0],
                          "the header is one column but holds \"%s\": set delimiter: \"%s\" in the file's entry of "
                          "the manifest",
                          *c == '\t' ? "\\t" : (char[2]){*c, 0}, *c == '\t' ? "\\t" : (char[2]){*c, 0});
            return true;
        }
    return false;
}

static void S_split_start(S_file *F);

static int S_on_row(void *user, tb_csv_row *row)
{
    S_file *F = user;
    F->L->stats.rows++;
    if (!F->header_done) {
        F->header_done = true;
        if ((!F->mf->encoding && S_header_not_utf8(F, row)) || S_header_one_column(F, row))
            return F->broken = true;
        F->n_fields = row->n;
        if (F->mf->wide)
            S_header_wide(F, row);
        else
            S_header_long(F, row);
        if (F->split && !F->broken)
            S_split_start(F);
        return F->broken;
    }
    if (row->n != F->n_fields) {
        tb_diag_error(F->L->diag, F->name, row->line, (row->n < F->n_fields ? row->n : F->n_fields) + 1, NULL,
                      "expected %zu fields as in the header, found %zu", F->n_fields, row->n);
    } else if (F->mf->wide) {
        S_wide_row(F, row);
    } else {
        S_long_row(F, row);
    }
    if (F->cancel && (F->L->diag->errors || atomic_load(F->cancel)))
        return 1;
    return tb_diag_full(F->L->diag) || F->broken;
}

/* ---- a large file read in two parts at once ----------------------------
 *
 * A long UTF-8 file of S_SPLIT_MIN bytes or more is cut just after the
 * first newline past its middle.  The calling thread reads part 1 (the
 * header and the rows up to the cut) into the dataset as always; once the
 * header is read, a second thread reads part 2 with a copy of the header's
 * state into a loader of its own: its own dataset for the codes and series
 * it meets, accumulators, partial periods and diagnostics.  The two threads
 * share only the manifest and the path, which neither writes; the caller's
 * dataset and diagnostics are touched by the calling thread alone.
 *
 * Part 2 is speculative.  It is merged only when it is clean: part 1 ended
 * at the cut between rows (the cut is a row boundary, not inside a quoted
 * field), part 2 reported nothing, and no observation of part 2 repeats one
 * of part 1.  Its series are then interned in the order part 2 met them,
 * which is the order one thread gives them, and its values, partial periods
 * and statuses move over, line numbers shifted by part 1's.  Otherwise part
 * 2's work is dropped and the calling thread reads part 2 after part 1 as
 * one thread does: every message is the one-thread reading's, in file
 * order, whatever the input.  Two parts whatever the cores (the reading is
 * cut once); TB_THREADS=1 or one core reads every file in one part. */

#define S_SPLIT_MIN ((off_t)16 << 20)

typedef struct S_split {
    const char *path;
    off_t cut;
    S_loader L; /* part 2's own */
    tb_diag diag;
    S_file F;
    tb_csv_part part;
    long rows;
    size_t bytes;
    atomic_bool cancel;
    pthread_t thread;
    bool started;
} S_split;

/* Where to cut PATH of SIZE bytes: just after the first newline past the
 * middle, or 0 for a reading in one part (a small file, one core, or
 * TB_THREADS=1: par.h).  TB_LOAD_SPLIT_MIN (bytes) lets tests cut small
 * files. */
static off_t S_cut(const char *path, off_t size)
{
    const char *min = getenv("TB_LOAD_SPLIT_MIN");
    if (size < (min ? (off_t)strtoll(min, NULL, 10) : S_SPLIT_MIN) || tb_par_parts(SIZE_MAX) < 2)
        return 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    const size_t want = 1 << 16;
    char *buf = tb_mem_alloc(want);
    off_t mid = size / 2, cut = 0;
    if (fseeko(fp, mid, SEEK_SET) == 0) {
        size_t got = fread(buf, 1, want, fp);
        const char *nl = memchr(buf, '\n', got);
        if (nl && mid + (nl - buf) + 1 < size)
            cut = mid + (off_t)(nl - buf) + 1;
    }
    free(buf);
    fclose(fp);
    return cut;
}

/* The ids of the codes the manifest gives F's file, in F's dataset. */
static void S_file_codes(S_file *F)
{
    tb_dataset *ds = F->L->ds;
    const tb_manifest_file *mf = F->mf;
    F->default_reporter = F->L->m->reporter ? tb_dataset_intern(ds, TB_DIM_REPORTER, F->L->m->reporter) : -1;
    for (int d = 0; d < TB_DIM_COUNT; d++)
        F->fixed[d] = mf->fixed[d] ? tb_dataset_intern(ds, (enum tb_dim)d, mf->fixed[d]) : -1;
}

static void *S_split_main(void *arg)
{
    S_split *S = arg;
    S->rows = tb_csv_read_part(S->path, S->path, S->F.mf->delimiter, &S->part, S_on_row, &S->F, &S->diag,
                               &S->bytes);
    return NULL;
}

/* Starts reading part 2, F's header being read; if no thread can be
 * started, part 2 is read after part 1. */
static void S_split_start(S_file *F)
{
    S_split *S = F->split;
    const S_loader *L = F->L;
    tb_diag_init(&S->diag);
    S->L = (S_loader){.ds = tb_dataset_new(0, 0), .m = L->m, .dir = L->dir, .diag = &S->diag, .min = INT32_MAX,
                      .max = INT32_MIN, .unset = L->unset, .file = L->file};
    S->F = *F;
    S->F.L = &S->L;
    S->F.split = NULL;
    S->F.cancel = &S->cancel;
    S->F.keys = (S_keys){.last = SIZE_MAX};
    S_file_codes(&S->F);
    S->part = (tb_csv_part){.start = S->cut, .line = 1};
    atomic_init(&S->cancel, false);
#ifdef M_ARENA_MAX
    /* One malloc arena: the merge frees part 2's arrays while it allocates
     * the merged ones, which reuse that memory only in the same arena. */
    mallopt(M_ARENA_MAX, 1);
#endif
    S->started = pthread_create(&S->thread, NULL, S_split_main, S) == 0;
}

/* Waits for part 2; whether it is to be merged (WANTED: part 1 ended at
 * the cut) and is clean. */
static bool S_split_join(S_split *S, bool wanted)
{
    if (!S->started)
        return false;
    if (!wanted)
        atomic_store(&S->cancel, true);
    int rc = pthread_join(S->thread, NULL);
    if (rc != 0) { /* only a wrong thread id fails: part 2 may still be running */
        fprintf(stderr, "tradebrief: cannot wait for the loader thread: %s\n", strerror(rc));
        abort();
    }
    return wanted && S->rows >= 0 && S->diag.errors == 0 && S->diag.warnings == 0;
}

/* The series of L's dataset that part 2's series I is, or SIZE_MAX. */
static size_t S_split_lookup(const S_loader *L, const S_split *S, size_t i)
{
    const tb_dataset *ds = S->L.ds;
    tb_key k = tb_dataset_get(ds, i)->key;
    return tb_dataset_lookup(L->ds, tb_dataset_code(ds, TB_DIM_REPORTER, k.reporter), k.flow,
                             tb_dataset_code(ds, TB_DIM_PARTNER, k.partner),
                             tb_dataset_code(ds, TB_DIM_PRODUCT, k.product));
}

/* Whether an observation of part 2 repeats one of part 1. */
static bool S_split_repeats(const S_loader *L, const S_split *S)
{
    for (size_t i = 0; i < S->L.n_accs; i++) {
        const S_acc *b = &S->L.accs[i];
        size_t j = b->v ? S_split_lookup(L, S, i) : SIZE_MAX;
        if (j >= L->n_accs || !L->accs[j].v)
            continue;
        const S_acc *a = &L->accs[j];
        tb_month lo = a->base > b->base ? a->base : b->base;
        tb_month hi = a->base + a->cap < b->base + b->cap ? a->base + a->cap : b->base + b->cap;
        for (tb_month t = lo; t < hi; t++)
            if (!S_is_unset(a->v[t - a->base]) && !S_is_unset(b->v[t - b->base]))
                return true;
    }
    return false;
}

/* Makes A's array cover [LO, HI) exactly (no room to grow: it is full). */
static void S_span(const S_loader *L, S_acc *a, tb_month lo, tb_month hi)
{
    if (lo >= a->base && hi <= a->base + a->cap)
        return;
    S_rebase(L, a, lo < a->base ? lo : a->base, hi > a->base + a->cap ? hi : a->base + a->cap);
}

/* Moves B's values into A, which has none of B's months; B is left empty. */
static void S_acc_merge(const S_loader *L, S_acc *a, S_acc *b)
{
    if (!a->v) {
        *a = *b;
        *b = (S_acc){0};
        return;
    }
    int first = 0, last = b->cap - 1;
    while (first <= last && S_is_unset(b->v[first]))
        first++;
    while (last >= first && S_is_unset(b->v[last]))
        last--;
    if (first <= last)
        S_span(L, a, b->base + first, b->base + last + 1);
    for (int k = first; k <= last; k++)
        if (!S_is_unset(b->v[k]))
            a->v[b->base + k - a->base] = b->v[k];
    free(b->v);
    *b = (S_acc){0};
}

/* The codes of part 2's series I interned in L's dataset: its series there. */
static size_t S_split_series(S_loader *L, const S_split *S, size_t i)
{
    const tb_dataset *ds = S->L.ds;
    tb_key k = tb_dataset_get(ds, i)->key;
    int32_t rep = tb_dataset_intern(L->ds, TB_DIM_REPORTER, tb_dataset_code(ds, TB_DIM_REPORTER, k.reporter));
    int32_t partner = tb_dataset_intern(L->ds, TB_DIM_PARTNER, tb_dataset_code(ds, TB_DIM_PARTNER, k.partner));
    int32_t product = tb_dataset_intern(L->ds, TB_DIM_PRODUCT, tb_dataset_code(ds, TB_DIM_PRODUCT, k.product));
    return S_series(L, rep, k.flow, partner, product);
}

/* Moves clean part 2 into L; its line numbers start after LINES lines. */
static void S_split_merge(S_loader *L, S_split *S, size_t lines)
{
    S_loader *M = &S->L;
    size_t *map = tb_mem_reallocarray(NULL, M->n_accs + 1, sizeof *map);
    for (size_t i = 0; i < M->n_accs; i++) {
        map[i] = S_split_series(L, S, i);
        S_acc_merge(L, &L->accs[map[i]], &M->accs[i]);
    }
    L->min = M->min < L->min ? M->min : L->min;
    L->max = M->max > L->max ? M->max : L->max;
    L->stats.rows += M->stats.rows;
    L->stats.observations += M->stats.observations;
    L->stats.partial += M->stats.partial;
    TB_GROW(L->pobs, L->cap_pobs, L->n_pobs + M->n_pobs);
    for (size_t k = 0; k < M->n_pobs; k++) {
        S_pobs o = M->pobs[k];
        o.series = map[o.series];
        o.line += lines;
        o.seq = L->n_pobs;
        L->pobs[L->n_pobs++] = o;
    }
    for (size_t k = 0; k < tb_dataset_status_count(M->ds); k++) {
        size_t series;
        tb_month t;
        const char *text = tb_dataset_status(M->ds, k, &series, &t);
        tb_dataset_add_status(L->ds, map[series], t, text);
    }
    free(map);
}

static void S_split_free(S_split *S)
{
    if (S->L.ds) {
        for (size_t i = 0; i < S->L.n_accs; i++)
            free(S->L.accs[i].v);
        free(S->L.accs);
        free(S->L.pobs);
        tb_dataset_free(S->L.ds);
        tb_diag_free(&S->diag);
    }
    S_keys_free(&S->F.keys);
}

/* Reads F's file PATH in two parts cut at CUT (see above); the rows read,
 * or -1 as tb_csv_read. */
static long S_read_split(S_file *F, const char *path, off_t cut, size_t *bytes)
{
    S_loader *L = F->L;
    S_split *S = tb_mem_calloc(1, sizeof *S); /* on the heap: the thread holds it */
    S->path = path;
    S->cut = cut;
    F->split = S;
    tb_csv_part p1 = {.end = cut, .line = 1};
    long rows = tb_csv_read_part(path, path, F->mf->delimiter, &p1, S_on_row, F, L->diag, bytes);
    F->split = NULL;
    bool clean = S_split_join(S, p1.at_end);
    S_keys_free(&S->F.keys); /* part 2's raw keys: not needed past its reading */
    S->F.keys = (S_keys){.last = SIZE_MAX};
    if (clean && !S_split_repeats(L, S)) {
        S_keys_free(&F->keys); /* nor part 1's, past a clean merge: the peak is the merge */
        F->keys = (S_keys){.last = SIZE_MAX};
        S_split_merge(L, S, p1.next_line - 1);
        L->stats.parallel++;
        rows += S->rows;
        *bytes += S->bytes;
    } else if (p1.at_end) {
        tb_csv_part p2 = {.start = cut, .line = p1.next_line};
        size_t more;
        long rows2 = tb_csv_read_part(path, path, F->mf->delimiter, &p2, S_on_row, F, L->diag, &more);
        *bytes += more;
        rows = rows2 < 0 ? -1 : rows + rows2;
    }
    S_split_free(S);
    free(S);
    return rows;
}

static void S_read_file(S_loader *L, const tb_manifest_file *mf)
{
    char *path = S_join(L->dir, mf->path);
    if (mf->has_unit && strcmp(mf->unit.currency, L->m->unit.currency) != 0) {
        tb_diag_error(L->diag, L->m->path, mf->unit_pos.line, mf->unit_pos.col, NULL,
                      "unit of %s (%s x %.15g) is in another currency than the dataset's (%s x %.15g)", mf->path,
                      mf->unit.currency, mf->unit.multiplier, L->m->unit.currency, L->m->unit.multiplier);
        free(path);
        return;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) {
        tb_diag_error(L->diag, L->m->path, mf->pos.line, mf->pos.col, mf->path,
                      stat(path, &st) != 0 ? "file does not exist" : "not a regular file");
        free(path);
        return;
    }
    L->stats.files++;
    S_file F = {.L = L, .mf = mf, .name = path, .keys = {.last = SIZE_MAX},
                .scale = mf->has_unit ? mf->unit.multiplier / L->m->unit.multiplier : 1};
    S_file_codes(&F);
    size_t bytes;
    bool split = S_ISREG(st.st_mode) && !mf->wide && !mf->encoding && !L->n_sites;
    off_t cut = split ? S_cut(path, st.st_size) : 0;
    long rows = cut ? S_read_split(&F, path, cut, &bytes)
                    : tb_csv_read_enc(path, path, mf->encoding, mf->delimiter, S_on_row, &F, L->diag, &bytes);
    L->stats.bytes += bytes;
    if (rows == 1 && !F.broken)
        tb_diag_warn(L->diag, path, 0, 0, NULL, "no data rows, only a header");
    free(F.wide_series);
    free(F.wide_names);
    S_keys_free(&F.keys);
    free(path);
}

/* ---- working days --------------------------------------------------- */

typedef struct {
    S_loader *L;
    const char *name;
    double *days;
    int col_period, col_days;
    bool header_done;
} S_wd;

/* The calendar files' shared frame: the header row (KEY and "days"
 * columns found, or an error) and each row's field count.  Returns -1 for
 * a data row to read, else the callback's return value. */
static int S_wd_frame(S_wd *W, tb_csv_row *row, const char *key)
{
    tb_diag *diag = W->L->diag;
    if (!W->header_done) {
        W->header_done = true;
        W->col_period = W->col_days = -1;
        for (size_t i = 0; i < row->n; i++) {
            if (strcmp(row->fields[i], key) == 0)
                W->col_period = (int)i;
            if (strcmp(row->fields[i], "days") == 0)
                W->col_days = (int)i;
        }
        if (W->col_period < 0 || W->col_days < 0) {
            tb_diag_error(diag, W->name, row->line, 0, NULL, "missing column \"%s\" in the header",
                          W->col_period < 0 ? key : "days");
            return 1;
        }
        return 0;
    }
    size_t need = (size_t)(W->col_period > W->col_days ? W->col_period : W->col_days) + 1;
    if (row->n < need) {
        tb_diag_error(diag, W->name, row->line, row->n + 1, NULL, "expected %zu fields, found %zu", need, row->n);
        return tb_diag_full(diag);
    }
    return -1;
}

static int S_on_wd_row(void *user, tb_csv_row *row)
{
    S_wd *W = user;
    tb_diag *diag = W->L->diag;
    int rc = S_wd_frame(W, row, "period");
    if (rc >= 0)
        return rc;
    tb_month t;
    const char *p = row->fields[W->col_period], *d = row->fields[W->col_days];
    if (!tb_month_parse(p, row->lens[W->col_period], TB_MONTH_ISO, &t)) {
        tb_diag_error(diag, W->name, row->line, (size_t)W->col_period + 1, p, "invalid period, expected YYYY-MM");
        return tb_diag_full(diag);
    }
    double v;
    if (S_number(d, row->lens[W->col_days], '.', 0, &v) != S_NUM_OK || v < 0 || v > 31) {
        tb_diag_error(diag, W->name, row->line, (size_t)W->col_days + 1, d,
                      "expected a number of working days from 0 to 31");
        return tb_diag_full(diag);
    }
    tb_month start = tb_dataset_start(W->L->ds);
    if (t >= start && t < start + tb_dataset_months(W->L->ds))
        W->days[t - start] = v;
    return 0;
}

static void S_workdays(S_loader *L)
{
    char *path = S_join(L->dir, L->m->workdays_file);
    if (access(path, R_OK) != 0) {
        tb_diag_error(L->diag, L->m->path, L->m->workdays_pos.line, L->m->workdays_pos.col, L->m->workdays_file,
                      "file does not exist");
        free(path);
        return;
    }
    int months = tb_dataset_months(L->ds);
    S_wd W = {.L = L, .name = path, .days = tb_mem_reallocarray(NULL, (size_t)months, sizeof(double))};
    for (int i = 0; i < months; i++)
        W.days[i] = NAN;
    size_t before = L->diag->errors;
    tb_csv_read(path, path, ',', S_on_wd_row, &W, L->diag, NULL);
    if (L->diag->errors == before)
        tb_dataset_set_workdays(L->ds, W.days);
    free(W.days);
    free(path);
}

/* The day-level calendar: rows date,days with date YYYY-MM-DD and days
 * from 0 to 1 (a half day is 0.5).  Days outside the calendar are ignored. */
static int S_on_day_row(void *user, tb_csv_row *row)
{
    S_wd *W = user;
    tb_diag *diag = W->L->diag;
    int rc = S_wd_frame(W, row, "date");
    if (rc >= 0)
        return rc;
    const char *p = row->fields[W->col_period], *d = row->fields[W->col_days];
    tb_month t;
    int day = 0;
    bool ok = row->lens[W->col_period] == 10 && p[7] == '-' && tb_month_parse(p, 7, TB_MONTH_ISO, &t) &&
              p[8] >= '0' && p[8] <= '9' && p[9] >= '0' && p[9] <= '9';
    if (ok)
        day = (p[8] - '0') * 10 + (p[9] - '0');
    if (!ok || day < 1 || day > tb_month_length(t)) {
        tb_diag_error(diag, W->name, row->line, (size_t)W->col_period + 1, p, "invalid date, expected YYYY-MM-DD");
        return tb_diag_full(diag);
    }
    double v;
    if (S_number(d, row->lens[W->col_days], '.', 0, &v) != S_NUM_OK || v < 0 || v > 1) {
        tb_diag_error(diag, W->name, row->line, (size_t)W->col_days + 1, d,
                      "expected the working days of one day, from 0 to 1");
        return tb_diag_full(diag);
    }
    tb_dataset_set_day_workdays(W->L->ds, t, day, v);
    return 0;
}

static void S_day_workdays(S_loader *L)
{
    char *path = S_join(L->dir, L->m->workdays_daily);
    if (access(path, R_OK) != 0) {
        tb_diag_error(L->diag, L->m->path, L->m->workdays_daily_pos.line, L->m->workdays_daily_pos.col,
                      L->m->workdays_daily, "file does not exist");
        free(path);
        return;
    }
    S_wd W = {.L = L, .name = path};
    tb_csv_read(path, path, ',', S_on_day_row, &W, L->diag, NULL);
    free(path);
}

/* ---- finishing --------------------------------------------------------- */

static int S_pobs_cmp(const void *a, const void *b)
{
    const S_pobs *p = a, *q = b;
    if (p->series != q->series)
        return p->series < q->series ? -1 : 1;
    if (p->days != q->days)
        return p->days < q->days ? -1 : 1;
    if (p->t != q->t)
        return p->t < q->t ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

/* Stores the partial periods once the calendar is set; the same (series,
 * days, month) twice is an error at the later row. */
static void S_partials(S_loader *L)
{
    if (!L->n_pobs)
        return; /* qsort must not see the NULL array */
    qsort(L->pobs, L->n_pobs, sizeof *L->pobs, S_pobs_cmp);
    for (size_t i = 0; i < L->n_pobs; i++) {
        const S_pobs *o = &L->pobs[i];
        if (i && o->series == o[-1].series && o->days == o[-1].days && o->t == o[-1].t) {
            char month[8], *key = S_key_text(L, o->series);
            char *path = S_join(L->dir, L->m->files[o->file].path);
            tb_diag_error(L->diag, path, o->line, o->col, NULL, "duplicate observation of %s for days 1-%d of %s",
                          key, o->days, tb_month_iso(o->t, month));
            free(path);
            free(key);
            continue;
        }
        tb_dataset_set_partial(L->ds, o->series, o->days, o->t, o->v);
    }
}

/* Moves A's values onto the calendar [start, start + months), in place. */
static double *S_realign(S_acc *a, tb_month start, int months)
{
    double *v = a->v;
    if (!v) {
        v = tb_mem_reallocarray(NULL, (size_t)months, sizeof *v);
        for (int i = 0; i < months; i++)
            v[i] = NAN;
        return v;
    }
    long off = (long)start - a->base; /* new[i] = old[i + off] */
    if (months > a->cap)
        v = tb_mem_reallocarray(v, (size_t)months, sizeof *v);
    long lo = off < 0 ? -off : 0, hi = a->cap - off < months ? a->cap - off : months;
    if (hi > lo)
        memmove(v + lo, v + lo + off, (size_t)(hi - lo) * sizeof *v);
    else
        lo = hi = 0;
    for (long i = 0; i < lo; i++)
        v[i] = NAN;
    for (long i = hi; i < months; i++)
        v[i] = NAN;
    for (long i = lo; i < hi; i++)
        if (S_is_unset(v[i]))
            v[i] = NAN;
    if (months < a->cap)
        v = tb_mem_reallocarray(v, (size_t)months, sizeof *v);
    a->v = NULL;
    return v;
}

static void S_gaps(S_loader *L)
{
    tb_dataset *ds = L->ds;
    int months = tb_dataset_months(ds);
    for (size_t i = 0; i < tb_dataset_count(ds); i++) {
        const tb_series *s = tb_dataset_get(ds, i);
        if (s->derived)
            continue;
        int first = 0, last = months - 1;
        while (first < months && isnan(s->v[first]))
            first++;
        while (last > first && isnan(s->v[last]))
            last--;
        int gaps = 0, run_start = -1;
        for (int t = first; t <= last; t++)
            if (isnan(s->v[t])) {
                gaps++;
                if (run_start < 0)
                    run_start = t;
            }
        if (!gaps)
            continue;
        L->stats.gap_series++;
        L->stats.gap_months += (size_t)gaps;
        char m1[8], *key = S_key_text(L, i);
        tb_diag_warn(L->diag, L->m->path, 0, 0, NULL, "%s has %d missing month%s inside its span, first %s", key,
                     gaps, gaps == 1 ? "" : "s", tb_month_iso(tb_dataset_start(ds) + run_start, m1));
        free(key);
    }
}

/* The groups of manifest breakdown MB, added to dataset breakdown BI: each
 * code must be one of MB's members. */
static void S_groups(S_loader *L, const tb_manifest_breakdown *mb, size_t bi)
{
    for (size_t g = 0; g < mb->n_groups; g++) {
        const tb_manifest_group *mg = &mb->groups[g];
        size_t *pos = tb_mem_reallocarray(NULL, mg->n_codes, sizeof *pos);
        bool ok = true;
        for (size_t j = 0; j < mg->n_codes; j++) {
            pos[j] = SIZE_MAX;
            for (size_t k = 0; k < mb->n_members && pos[j] == SIZE_MAX; k++)
                if (strcmp(mb->members[k], mg->codes[j]) == 0)
                    pos[j] = k;
            if (pos[j] == SIZE_MAX) {
                tb_diag_error(L->diag, L->m->path, mg->pos.line, mg->pos.col, mg->codes[j],
                              "group \"%s\": not a member of breakdown \"%s\"", mg->name, mb->name);
                ok = false;
            }
        }
        if (ok)
            tb_dataset_add_group(L->ds, bi, mg->name, mg->en, mg->ko, pos, mg->n_codes);
        free(pos);
    }
}

static void S_breakdowns(S_loader *L)
{
    tb_dataset *ds = L->ds;
    for (size_t b = 0; b < L->m->n_breakdowns; b++) {
        const tb_manifest_breakdown *mb = &L->m->breakdowns[b];
        const char *rep = L->m->reporter;
        if (!rep) {
            tb_diag_error(L->diag, L->m->path, mb->pos.line, mb->pos.col, mb->name,
                          "a breakdown needs the manifest's default reporter");
            continue;
        }
        size_t n = mb->n_members + 1, *idx = tb_mem_reallocarray(NULL, n, sizeof *idx);
        bool ok = true;
        for (size_t j = 0; j < n; j++) {
            const char *code = j == 0 ? mb->total : mb->members[j - 1];
            const char *partner = mb->along == TB_DIM_PARTNER ? code : mb->fixed;
            const char *product = mb->along == TB_DIM_PARTNER ? mb->fixed : code;
            idx[j] = tb_dataset_lookup(ds, rep, mb->flow, partner, product);
            if (idx[j] == SIZE_MAX) {
                tb_diag_error(L->diag, L->m->path, mb->pos.line, mb->pos.col, code,
                              "breakdown \"%s\": no %s series for %s %s", mb->name, tb_flow_code(mb->flow),
                              mb->along == TB_DIM_PARTNER ? "partner" : "product", code);
                ok = false;
            }
        }
        if (ok) {
            tb_dataset_add_breakdown(ds, mb->name, mb->along, idx[0], idx + 1, mb->n_members);
            S_groups(L, mb, tb_dataset_breakdown_count(ds) - 1);
        }
        free(idx);
    }
}

static void S_metadata(S_loader *L)
{
    tb_dataset *ds = L->ds;
    const tb_manifest *m = L->m;
    tb_dataset_set_name(ds, m->name);
    tb_dataset_set_unit(ds, m->unit);
    if (m->reporter)
        tb_dataset_set_meta(ds, "reporter", m->reporter);
    for (size_t i = 0; i < m->n_meta; i++)
        tb_dataset_set_meta(ds, m->meta[i].key, m->meta[i].value);
    /* flow names unless the manifest gives its own (which replace these) */
    static const char *const flows[3][3] = {{"export", "Exports", "수출"},
                                            {"import", "Imports", "수입"},
                                            {"balance", "Trade balance", "무역수지"}};
    for (int f = 0; f < 3; f++) {
        tb_dataset_set_label(ds, -1, flows[f][0], "en", flows[f][1]);
        tb_dataset_set_label(ds, -1, flows[f][0], "ko", flows[f][2]);
    }
    for (size_t i = 0; i < m->n_labels; i++)
        tb_dataset_set_label(ds, m->labels[i].dim, m->labels[i].code, m->labels[i].lang, m->labels[i].label);
    tb_isonames_fill(ds);
}

static tb_dataset *S_load(const char *dir, tb_diag *diag, tb_load_stats *stats, tb_load_site *sites,
                          size_t n_sites)
{
    size_t errors_before = diag->errors;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        tb_diag_error(diag, dir, 0, 0, NULL, "not a dataset directory: %s",
                      stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
        return NULL;
    }
    char *mpath = S_join(dir, "dataset.yaml");
    tb_manifest *m = tb_manifest_load(mpath, diag);
    free(mpath);
    if (!m)
        return NULL;

    S_loader L = {.ds = tb_dataset_new(0, 0), .m = m, .dir = dir, .diag = diag, .min = INT32_MAX,
                  .max = INT32_MIN, .unset = S_unset(), .sites = sites, .n_sites = n_sites};
    for (size_t f = 0; f < m->n_files && !tb_diag_full(diag); f++) {
        L.file = f;
        S_read_file(&L, &m->files[f]);
    }

    bool ok = diag->errors == errors_before;
    if (ok && L.min > L.max) {
        tb_diag_error(diag, m->path, 0, 0, NULL, "the dataset has no observations");
        ok = false;
    }
    if (ok) {
        int months = L.max - L.min + 1;
        tb_dataset_set_calendar(L.ds, L.min, months);
        for (size_t i = 0; i < L.n_accs; i++)
            tb_dataset_series(L.ds, i)->v = S_realign(&L.accs[i], L.min, months);
        S_partials(&L);
        L.stats.derived = tb_dataset_derive_balances(L.ds);
        S_metadata(&L);
        S_breakdowns(&L);
        if (m->workdays_file)
            S_workdays(&L);
        if (m->workdays_daily)
            S_day_workdays(&L);
        S_gaps(&L);
        ok = diag->errors == errors_before;
    } else {
        for (size_t i = 0; i < L.n_accs; i++)
            free(L.accs[i].v);
    }
    free(L.accs);
    free(L.pobs);
    tb_manifest_free(m);
    if (stats)
        *stats = L.stats;
    if (!ok) {
        tb_dataset_free(L.ds);
        return NULL;
    }
    return L.ds;
}

tb_dataset *tb_load_dataset(const char *dir, tb_diag *diag, tb_load_stats *stats)
{
    return S_load(dir, diag, stats, NULL, 0);
}

/* Whether every file of DIR's manifest is a regular file, so it can be read
 * a second time (a named pipe cannot). */
static bool S_rereadable(const char *dir, tb_diag *quiet)
{
    char *mpath = S_join(dir, "dataset.yaml");
    tb_manifest *m = tb_manifest_load(mpath, quiet);
    free(mpath);
    bool ok = m != NULL;
    for (size_t i = 0; ok && i < tb_manifest_input_count(m); i++) {
        char *path = S_join(dir, tb_manifest_input(m, i));
        struct stat st;
        ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
    }
    tb_manifest_free(m);
    return ok;
}

void tb_load_locate(const char *dir, tb_load_site *sites, size_t n)
{
    if (!n)
        return;
    qsort(sites, n, sizeof *sites, S_site_cmp);
    tb_diag quiet;
    tb_diag_init(&quiet);
    if (S_rereadable(dir, &quiet))
        tb_dataset_free(S_load(dir, &quiet, NULL, sites, n));
    tb_diag_free(&quiet);
}
