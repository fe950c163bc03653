/* Runs the facts specification (tests/facts-spec.txt, format described at
 * its top) against the library: each example becomes a dataset built
 * through the dataset.h API, tb_facts_json computes the stats document for
 * the example's months, and every assertion is checked.  One example is one
 * test; a failing assertion prints `facts-spec.txt:LINE: ...`.
 *
 * The file is found at $TB_ROOT/tests/facts-spec.txt (tests/run.sh sets
 * TB_ROOT), else tests/facts-spec.txt relative to the working directory.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "mem.h"
#include "tb_test.h"

typedef struct {
    char flow[16], partner[64], product[64];
    tb_month month;
    double value;
    size_t line;
} S_obs;

typedef struct {
    char *text; /* the assertion or the month setting, trimmed */
    size_t line;
    bool is_month;
} S_line;

typedef struct {
    char *name;
    size_t line;
    S_obs *obs;
    size_t n_obs, cap_obs;
    S_obs *days; /* workdays: flow unused */
    size_t n_days, cap_days;
    S_line *bds;
    size_t n_bds, cap_bds;
    S_line *exp; /* month settings and assertions, in order */
    size_t n_exp, cap_exp;
    bool broken; /* a parse error was reported */
} S_example;

static const char *S_file = "tests/facts-spec.txt";
static S_example *S_cur;
static int S_assertions;

static void S_fail(size_t line, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "%s:%zu: example \"%s\": ", S_file, line, S_cur ? S_cur->name : "?");
    fprintf(stderr, fmt, a ? a : "", b ? b : "");
    fputc('\n', stderr);
    tb_test_failed_checks++;
}

static char *S_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static bool S_parse_month(const char *s, tb_month *m)
{
    return tb_month_parse(s, strlen(s), TB_MONTH_ISO, m);
}

static void S_add_obs(S_example *ex, bool days, const char *flow, const char *partner,
                      const char *product, tb_month m, double v, size_t line)
{
    S_obs o;
    memset(&o, 0, sizeof o);
    snprintf(o.flow, sizeof o.flow, "%s", flow);
    snprintf(o.partner, sizeof o.partner, "%s", partner && *partner ? partner : "WLD");
    snprintf(o.product, sizeof o.product, "%s", product && *product ? product : "TOTAL");
    o.month = m;
    o.value = v;
    o.line = line;
    if (days) {
        TB_GROW(ex->days, ex->cap_days, ex->n_days + 1);
        ex->days[ex->n_days++] = o;
    } else {
        TB_GROW(ex->obs, ex->cap_obs, ex->n_obs + 1);
        ex->obs[ex->n_obs++] = o;
    }
}

static bool S_value(const char *s, double *v)
{
    if (*s == '\0' || strcmp(s, ".") == 0) {
        *v = NAN;
        return true;
    }
    char *end;
    *v = strtod(s, &end);
    return *end == '\0' && isfinite(*v);
}

/* `SERIES START: V V ...` */
static void S_data_line(S_example *ex, char *s, size_t line)
{
    char *colon = strstr(s, ": ");
    if (!colon && s[strlen(s) - 1] == ':')
        colon = s + strlen(s) - 1;
    char *sp = strchr(s, ' ');
    if (!colon || !sp || sp > colon) {
        S_fail(line, "bad data line (want SERIES START: V V ...)%s%s", NULL, NULL);
        ex->broken = true;
        return;
    }
    *sp = '\0';
    *colon = '\0';
    tb_month m;
    if (!S_parse_month(S_trim(sp + 1), &m)) {
        S_fail(line, "bad start month \"%s\"%s", sp + 1, NULL);
        ex->broken = true;
        return;
    }
    char *parts[3] = {s, NULL, NULL};
    for (int i = 1; i < 3; i++) {
        char *slash = parts[i - 1] ? strchr(parts[i - 1], '/') : NULL;
        if (slash) {
            *slash = '\0';
            parts[i] = slash + 1;
        }
    }
    bool days = strcmp(parts[0], "workdays") == 0;
    if (!days && tb_flow_parse(parts[0]) < 0) {
        S_fail(line, "unknown flow \"%s\"%s", parts[0], NULL);
        ex->broken = true;
        return;
    }
    char *save = NULL;
    for (char *tok = strtok_r(colon + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        double v;
        if (!S_value(tok, &v)) {
            S_fail(line, "bad value \"%s\"%s", tok, NULL);
            ex->broken = true;
            return;
        }
        S_add_obs(ex, days, parts[0], parts[1], parts[2], m++, v, line);
    }
}

/* Splits S at commas in place into at most 8 fields; returns the count. */
static int S_split(char *s, char *f[8])
{
    int n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < 8; p++)
        if (*p == ',') {
            *p = '\0';
            f[n++] = p + 1;
        }
    for (int i = 0; i < n; i++)
        f[i] = S_trim(f[i]);
    return n;
}

static int S_col[8]; /* csv column -> 0 period 1 flow 2 partner 3 product 4 value 5 reporter */
static int S_ncol;

static void S_csv_header(S_example *ex, char *s, size_t line)
{
    static const char *const names[] = {"period", "flow", "partner", "product", "value", "reporter"};
    char *f[8];
    S_ncol = S_split(s, f);
    bool seen[6] = {0};
    for (int i = 0; i < S_ncol; i++) {
        S_col[i] = -1;
        for (int k = 0; k < 6; k++)
            if (strcmp(f[i], names[k]) == 0) {
                S_col[i] = k;
                seen[k] = true;
            }
        if (S_col[i] < 0) {
            S_fail(line, "unknown csv column \"%s\"%s", f[i], NULL);
            ex->broken = true;
        }
    }
    if (!seen[0] || !seen[1] || !seen[4]) {
        S_fail(line, "csv header needs period, flow and value%s%s", NULL, NULL);
        ex->broken = true;
    }
}

static void S_csv_row(S_example *ex, char *s, size_t line)
{
    char *f[8], *v[6] = {"", "", "", "", "", ""};
    int n = S_split(s, f);
    if (n != S_ncol) {
        S_fail(line, "csv row has a different number of fields than the header%s%s", NULL, NULL);
        ex->broken = true;
        return;
    }
    for (int i = 0; i < n; i++)
        if (S_col[i] >= 0)
            v[S_col[i]] = f[i];
    tb_month m;
    double x;
    if (!S_parse_month(v[0], &m) || tb_flow_parse(v[1]) < 0 || !S_value(v[4], &x)) {
        S_fail(line, "bad csv row%s%s", NULL, NULL);
        ex->broken = true;
        return;
    }
    S_add_obs(ex, false, v[1], v[2], v[3], m, x, line);
}

static void S_push_line(S_line **arr, size_t *n, size_t *cap, const char *text, size_t line,
                        bool is_month)
{
    TB_GROW(*arr, *cap, *n + 1);
    (*arr)[*n].text = tb_mem_strdup(text);
    (*arr)[*n].line = line;
    (*arr)[*n].is_month = is_month;
    (*n)++;
}

static void S_example_free(S_example *ex)
{
    free(ex->name);
    free(ex->obs);
    free(ex->days);
    for (size_t i = 0; i < ex->n_bds; i++)
        free(ex->bds[i].text);
    free(ex->bds);
    for (size_t i = 0; i < ex->n_exp; i++)
        free(ex->exp[i].text);
    free(ex->exp);
    memset(ex, 0, sizeof *ex);
}

/* ---- building the dataset ---- */

/* `group=NAME:A,B`: adds group NAME of members A, B (codes of LIST, the
 * breakdown's member list) to the last breakdown; false when it cannot. */
static bool S_group(tb_dataset *ds, const char *spec, const char *list)
{
    char *buf = tb_mem_strdup(spec), *colon = strchr(buf, ':'), *save = NULL;
    size_t pos[64], n = 0;
    bool ok = colon != NULL;
    if (ok) {
        *colon = '\0';
        for (char *c = strtok_r(colon + 1, ",", &save); c && n < 64; c = strtok_r(NULL, ",", &save)) {
            size_t k = 0, len = strlen(c);
            const char *m = list;
            while (m && !(strncmp(m, c, len) == 0 && (m[len] == ',' || m[len] == '\0'))) {
                m = strchr(m, ',');
                m = m ? m + 1 : NULL;
                k++;
            }
            ok = ok && m;
            pos[n++] = k;
        }
    }
    if (ok)
        tb_dataset_add_group(ds, tb_dataset_breakdown_count(ds) - 1, buf, NULL, NULL, pos, n);
    free(buf);
    return ok;
}

/* `NAME key=value ...`: adds the breakdown; false when it cannot. */
static bool S_breakdown(tb_dataset *ds, const char *text, size_t line)
{
    char *buf = tb_mem_strdup(text), *save = NULL;
    char *name = strtok_r(buf, " \t", &save);
    const char *flow = NULL, *partner = NULL, *product = NULL, *total = NULL, *list = NULL;
    const char *groups[8];
    size_t n_groups = 0;
    enum tb_dim along = TB_DIM_PRODUCT;
    for (char *tok = strtok_r(NULL, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *val = eq + 1;
        if (strcmp(tok, "flow") == 0)
            flow = val;
        else if (strcmp(tok, "partner") == 0)
            partner = val;
        else if (strcmp(tok, "product") == 0)
            product = val;
        else if (strcmp(tok, "total") == 0)
            total = val;
        else if (strcmp(tok, "products") == 0)
            list = val, along = TB_DIM_PRODUCT;
        else if (strcmp(tok, "partners") == 0)
            list = val, along = TB_DIM_PARTNER;
        else if (strcmp(tok, "group") == 0 && n_groups < 8)
            groups[n_groups++] = val;
    }
    bool ok = name && flow && tb_flow_parse(flow) >= 0 && total && list &&
              (along == TB_DIM_PRODUCT ? partner != NULL : product != NULL);
    size_t *members = NULL, n = 0, cap = 0, tot = SIZE_MAX;
    if (ok) {
        enum tb_flow fl = (enum tb_flow)tb_flow_parse(flow);
        tot = along == TB_DIM_PRODUCT ? tb_dataset_lookup(ds, NULL, fl, partner, total)
                                      : tb_dataset_lookup(ds, NULL, fl, total, product);
        char *lsave = NULL, *lbuf = tb_mem_strdup(list);
        for (char *c = strtok_r(lbuf, ",", &lsave); c; c = strtok_r(NULL, ",", &lsave)) {
            size_t i = along == TB_DIM_PRODUCT ? tb_dataset_lookup(ds, NULL, fl, partner, c)
                                               : tb_dataset_lookup(ds, NULL, fl, c, product);
            if (i == SIZE_MAX)
                ok = false;
            TB_GROW(members, cap, n + 1);
            members[n++] = i;
        }
        free(lbuf);
        ok = ok && tot != SIZE_MAX;
    }
    if (ok) {
        tb_dataset_add_breakdown(ds, name, along, tot, members, n);
        for (size_t g = 0; g < n_groups && ok; g++)
            ok = S_group(ds, groups[g], list);
    }
    if (!ok)
        S_fail(line, "bad breakdown (or a series it names has no data): %s%s", text, NULL);
    free(members);
    free(buf);
    return ok;
}

static tb_dataset *S_build(S_example *ex)
{
    if (ex->n_obs == 0) {
        S_fail(ex->line, "no data%s%s", NULL, NULL);
        return NULL;
    }
    tb_month lo = ex->obs[0].month, hi = lo;
    for (size_t i = 0; i < ex->n_obs; i++) {
        lo = ex->obs[i].month < lo ? ex->obs[i].month : lo;
        hi = ex->obs[i].month > hi ? ex->obs[i].month : hi;
    }
    int months = hi - lo + 1;
    tb_dataset *ds = tb_dataset_new(lo, months);
    tb_dataset_set_name(ds, "spec");
    tb_dataset_set_meta(ds, "reporter", "KOR");
    tb_dataset_set_unit(ds, (tb_unit){"USD", 1000});
    int32_t kor = tb_dataset_intern(ds, TB_DIM_REPORTER, "KOR");
    bool ok = true;
    for (size_t i = 0; i < ex->n_obs; i++) {
        const S_obs *o = &ex->obs[i];
        tb_key k = {.reporter = kor,
                    .partner = tb_dataset_intern(ds, TB_DIM_PARTNER, o->partner),
                    .product = tb_dataset_intern(ds, TB_DIM_PRODUCT, o->product),
                    .flow = (enum tb_flow)tb_flow_parse(o->flow)};
        double *v = tb_dataset_series(ds, tb_dataset_add(ds, k))->v;
        if (!isnan(v[o->month - lo])) {
            S_fail(o->line, "the same series and month given twice%s%s", NULL, NULL);
            ok = false;
        }
        v[o->month - lo] = o->value;
    }
    if (ex->n_days) {
        double *wd = tb_mem_alloc(sizeof(double) * (size_t)months);
        for (int t = 0; t < months; t++)
            wd[t] = NAN;
        for (size_t i = 0; i < ex->n_days; i++)
            if (ex->days[i].month >= lo && ex->days[i].month <= hi)
                wd[ex->days[i].month - lo] = ex->days[i].value;
        tb_dataset_set_workdays(ds, wd);
        free(wd);
    }
    tb_dataset_derive_balances(ds);
    for (size_t i = 0; i < ex->n_bds; i++)
        ok = S_breakdown(ds, ex->bds[i].text, ex->bds[i].line) && ok;
    if (!ok) {
        tb_dataset_free(ds);
        return NULL;
    }
    return ds;
}

/* ---- assertions ---- */

/* Resolves PATH under J; *PARENT_OK tells whether all but the last step
 * resolved (for `absent`). */
static json_t *S_resolve(json_t *j, const char *path, bool *parent_ok)
{
    char *buf = tb_mem_strdup(path), *p = buf;
    *parent_ok = true;
    while (j && *p) {
        char *end = p + strcspn(p, ".[");
        char sep = *end;
        *end = '\0';
        if (*p) {
            if (!json_is_object(j)) {
                j = NULL;
                *parent_ok = false;
                break;
            }
            j = json_object_get(j, p);
        }
        p = end + (sep ? 1 : 0);
        if (!sep)
            break;
        if (!j) {
            if (*p)
                *parent_ok = false;
            break;
        }
        if (sep == '[') {
            char *close = strchr(p, ']');
            if (!close || !json_is_array(j)) {
                j = NULL;
                *parent_ok = false;
                break;
            }
            *close = '\0';
            char *e;
            long idx = strtol(p, &e, 10);
            if (*e == '\0' && e != p) {
                j = json_array_get(j, (size_t)idx);
            } else {
                json_t *hit = NULL, *it;
                size_t i;
                json_array_foreach(j, i, it) {
                    if (json_is_string(json_object_get(it, "code")) &&
                        strcmp(json_string_value(json_object_get(it, "code")), p) == 0) {
                        hit = it;
                        break;
                    }
                }
                j = hit;
            }
            p = close + 1;
            if (*p == '.')
                p++;
            if (!j && *p)
                *parent_ok = false;
        }
    }
    free(buf);
    return j;
}

static json_t *S_lookup(json_t *root, const char *path, bool *parent_ok)
{
    size_t first = strcspn(path, ".[");
    char *key = tb_mem_strndup(path, first);
    json_t *base = root;
    if (!json_object_get(root, key)) {
        if (json_object_get(json_object_get(root, "series"), key))
            base = json_object_get(root, "series");
        else if (json_object_get(json_object_get(root, "breakdowns"), key))
            base = json_object_get(root, "breakdowns");
    }
    free(key);
    return S_resolve(base, path, parent_ok);
}

static char *S_show(const json_t *j)
{
    if (!j)
        return tb_mem_strdup("(absent)");
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    return s ? s : tb_mem_strdup("(unprintable)");
}

static double S_tolerance(const char *num)
{
    const char *dot = strchr(num, '.');
    int decimals = 0;
    if (dot)
        for (const char *p = dot + 1; isdigit((unsigned char)*p); p++)
            decimals++;
    return 0.5 * pow(10.0, -decimals);
}

static void S_check(json_t *root, const char *err, const char *text, size_t line)
{
    char *buf = tb_mem_strdup(text);
    char *path = buf, *rest = buf + strcspn(buf, " \t");
    if (*rest)
        *rest++ = '\0';
    rest = S_trim(rest);
    S_assertions++;

    if (strcmp(path, "error") == 0) {
        json_error_t je;
        json_t *want = rest[0] == '=' ? json_loads(S_trim(rest + 1), JSON_DECODE_ANY, &je) : NULL;
        if (!json_is_string(want))
            S_fail(line, "bad error assertion: %s%s", text, NULL);
        else if (!err)
            S_fail(line, "want the error \"%s\", the facts were computed%s",
                   json_string_value(want), NULL);
        else if (!strstr(err, json_string_value(want)))
            S_fail(line, "error is \"%s\", want it to contain \"%s\"", err, json_string_value(want));
        json_decref(want);
        free(buf);
        return;
    }
    if (!root) {
        S_fail(line, "no facts (error: %s)%s", err ? err : "?", NULL);
        free(buf);
        return;
    }
    bool parent_ok;
    json_t *got = S_lookup(root, path, &parent_ok);
    if (strcmp(rest, "absent") == 0) {
        if (got || !parent_ok) {
            char *g = S_show(got);
            S_fail(line, got ? "%s is %s, want it absent" : "%s: its parent is missing%s", path,
                   got ? g : NULL);
            free(g);
        }
    } else if (rest[0] == '~') {
        const char *num = S_trim(rest + 1);
        char *e;
        double want = strtod(num, &e);
        if (*e || e == num) {
            S_fail(line, "bad number in: %s%s", text, NULL);
        } else if (!json_is_number(got) || fabs(json_number_value(got) - want) > S_tolerance(num)) {
            char *g = S_show(got);
            char w[64];
            snprintf(w, sizeof w, "%s (+-%g)", num, S_tolerance(num));
            S_fail(line, "%s, want %s", g, w);
            free(g);
        }
    } else if (rest[0] == '=') {
        json_error_t je;
        json_t *want = json_loads(S_trim(rest + 1), JSON_DECODE_ANY, &je);
        if (!want) {
            S_fail(line, "bad JSON in: %s%s", text, NULL);
        } else {
            bool eq = got && ((json_is_number(got) && json_is_number(want))
                                  ? json_number_value(got) == json_number_value(want)
                                  : json_equal(got, want));
            if (!eq) {
                char *g = S_show(got), *w = S_show(want);
                char *msg = tb_mem_printf("%s is %s", path, g);
                S_fail(line, "%s, want %s", msg, w);
                free(msg);
                free(g);
                free(w);
            }
            json_decref(want);
        }
    } else {
        S_fail(line, "bad assertion (want PATH = JSON, PATH ~ NUMBER or PATH absent): %s%s", text,
               NULL);
    }
    free(buf);
}

static void S_run_example(void)
{
    S_example *ex = S_cur;
    if (ex->broken) {
        tb_test_failed_checks++;
        return;
    }
    tb_dataset *ds = S_build(ex);
    if (!ds)
        return;
    tb_month month = tb_dataset_last_month(ds, NULL), cur = TB_MONTH_NONE;
    json_t *root = NULL;
    char *err = NULL;
    for (size_t i = 0; i < ex->n_exp; i++) {
        const S_line *l = &ex->exp[i];
        if (l->is_month) {
            if (!S_parse_month(l->text, &month))
                S_fail(l->line, "bad month \"%s\"%s", l->text, NULL);
            continue;
        }
        if (month != cur || (!root && !err)) {
            json_decref(root);
            free(err);
            err = NULL;
            tb_diag d;
            tb_diag_init(&d);
            root = tb_facts_json(ds, NULL, month, &d);
            if (!root)
                err = tb_mem_strdup(d.n > 0 ? d.items[0].text : "(no diagnostic)");
            tb_diag_free(&d);
            cur = month;
        }
        S_check(root, err, l->text, l->line);
    }
    json_decref(root);
    free(err);
    tb_dataset_free(ds);
}

static void S_finish(S_example *ex)
{
    if (!ex->name)
        return;
    S_cur = ex;
    if (ex->n_exp == 0) {
        fprintf(stderr, "%s:%zu: example \"%s\" has no assertions\n", S_file, ex->line, ex->name);
        tb_test_failed++;
    } else {
        int before = tb_test_failed_checks;
        S_run_example();
        if (tb_test_failed_checks == before) {
            tb_test_passed++;
        } else {
            tb_test_failed++;
            fprintf(stderr, "FAIL %s:%zu: %s\n", S_file, ex->line, ex->name);
        }
    }
    S_cur = NULL;
    S_example_free(ex);
}

int main(void)
{
    tb_facts_init();
    const char *root = getenv("TB_ROOT");
    char path[4096];
    if (root) {
        snprintf(path, sizeof path, "%s/tests/facts-spec.txt", root);
        S_file = path;
    }
    FILE *f = fopen(S_file, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", S_file);
        tb_test_failed++;
        TB_MAIN_END("test_facts_spec");
    }
    enum { NONE, DATA, CSV, EXPECT } section = NONE;
    bool csv_header = false;
    S_example ex;
    memset(&ex, 0, sizeof ex);
    char raw[8192];
    size_t line = 0;
    while (fgets(raw, sizeof raw, f)) {
        line++;
        char *s = S_trim(raw);
        if (strncmp(s, "###", 3) == 0) {
            S_finish(&ex);
            ex.name = tb_mem_strdup(S_trim(s + 3));
            ex.line = line;
            section = NONE;
            continue;
        }
        if (*s == '\0' || *s == '#' || !ex.name)
            continue;
        S_cur = &ex;
        if (strcmp(s, "data:") == 0) {
            section = DATA;
        } else if (strcmp(s, "csv:") == 0) {
            section = CSV;
            csv_header = true;
        } else if (strcmp(s, "expect:") == 0) {
            section = EXPECT;
        } else if (strncmp(s, "month:", 6) == 0) {
            S_push_line(&ex.exp, &ex.n_exp, &ex.cap_exp, S_trim(s + 6), line, true);
        } else if (strncmp(s, "breakdown:", 10) == 0) {
            S_push_line(&ex.bds, &ex.n_bds, &ex.cap_bds, S_trim(s + 10), line, false);
        } else if (section == DATA) {
            S_data_line(&ex, s, line);
        } else if (section == CSV && csv_header) {
            S_csv_header(&ex, s, line);
            csv_header = false;
        } else if (section == CSV) {
            S_csv_row(&ex, s, line);
        } else if (section == EXPECT) {
            S_push_line(&ex.exp, &ex.n_exp, &ex.cap_exp, s, line, false);
        } else {
            S_fail(line, "line outside a data:, csv: or expect: section: %s%s", s, NULL);
            ex.broken = true;
        }
        S_cur = NULL;
    }
    S_finish(&ex);
    fclose(f);
    printf("test_facts_spec: %d assertions\n", S_assertions);
    TB_MAIN_END("test_facts_spec");
}
