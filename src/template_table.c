/* template_table: see template_table.h. */
#include "template_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

double tb_tpl_table_numat(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *S_label(const tb_tpl_x *X, const json_t *m)
{
    const json_t *s = json_object_get(json_object_get(m, "names"), tb_fmt_is_ko(X->lang) ? "ko" : "en");
    if (!json_is_string(s))
        s = json_object_get(m, "name");
    if (!json_is_string(s))
        s = json_object_get(m, "code");
    return json_is_string(s) ? json_string_value(s) : "";
}

/* Sort key of member M for column COL. */
void tb_tpl_table_col_key(const tb_tpl_x *X, const json_t *m, int col, tb_tpl_key *k)
{
    double v = NAN;
    k->kind = 1;
    switch (col) {
    case TCOL_NAME:
        k->kind = 2;
        k->str = S_label(X, m);
        return;
    case TCOL_CODE:
        k->kind = 2;
        k->str = json_string_value(json_object_get(m, "code"));
        if (!k->str)
            k->kind = 0;
        return;
    case TCOL_VALUE:
        v = tb_tpl_table_numat(m, "value");
        break;
    case TCOL_CHANGE:
        v = tb_tpl_table_numat(m, "yoy_change");
        break;
    case TCOL_YOY:
        v = tb_tpl_table_numat(m, "yoy_pct");
        break;
    case TCOL_MOM:
        v = tb_tpl_table_numat(m, "mom_pct");
        break;
    case TCOL_SHARE:
        v = tb_tpl_table_numat(m, "share_pct");
        break;
    case TCOL_CONTRIBUTION:
        v = tb_tpl_table_numat(m, "contribution_pp");
        break;
    case TCOL_RANK:
        v = tb_tpl_table_numat(json_object_get(m, "rank"), "value");
        break;
    case TCOL_STREAK: {
        const json_t *s = json_object_get(m, "yoy_streak");
        if (!s)
            s = json_object_get(m, "sign_streak");
        const char *d = json_string_value(json_object_get(s, "direction"));
        if (!d)
            d = json_string_value(json_object_get(s, "sign"));
        v = tb_tpl_table_numat(s, "months");
        if (d && (strcmp(d, "down") == 0 || strcmp(d, "deficit") == 0))
            v = -v;
        break;
    }
    default:
        break;
    }
    k->num = v;
    if (isnan(v))
        k->kind = 0;
}

static char *S_header(const tb_tpl_x *X, int col, const json_t *bd, const tb_fmt_scale *vs, const tb_fmt_scale *cs,
                      int spark)
{
    bool ko = tb_fmt_is_ko(X->lang);
    bool partner = json_is_string(json_object_get(bd, "along")) &&
                   strcmp(json_string_value(json_object_get(bd, "along")), "partner") == 0;
    switch (col) {
    case TCOL_NAME:
        return tb_mem_strdup(tb_lang(partner ? TB_L_COL_PARTNER : TB_L_COL_ITEM, ko));
    case TCOL_CODE:
        return tb_mem_strdup(tb_lang(TB_L_COL_CODE, ko));
    case TCOL_VALUE:
        return tb_mem_printf(tb_lang(TB_L_COL_VALUE, ko), vs->label);
    case TCOL_CHANGE:
        return tb_mem_printf(tb_lang(TB_L_COL_CHANGE, ko), cs->label);
    case TCOL_SPARKLINE:
        return tb_mem_printf(tb_lang(TB_L_COL_SPARKLINE, ko), spark);
    default:
        return NULL;
    }
}

char *tb_tpl_table_col_header(const tb_tpl_x *X, int col, const json_t *bd, const tb_fmt_scale *vs,
                              const tb_fmt_scale *cs, int spark)
{
    char *h = S_header(X, col, bd, vs, cs, spark);
    if (h)
        return h;
    bool ko = tb_fmt_is_ko(X->lang);
    switch (col) {
    case TCOL_YOY:
        return tb_mem_strdup(tb_lang(TB_L_COL_YOY, ko));
    case TCOL_MOM:
        return tb_mem_strdup(tb_lang(TB_L_COL_MOM, ko));
    case TCOL_SHARE:
        return tb_mem_strdup(tb_lang(TB_L_COL_SHARE, ko));
    case TCOL_CONTRIBUTION:
        return tb_mem_strdup(tb_lang(TB_L_COL_CONTRIBUTION, ko));
    case TCOL_STREAK:
        return tb_mem_strdup(tb_lang(TB_L_COL_STREAK, ko));
    case TCOL_RANK:
        return tb_mem_strdup(tb_lang(TB_L_COL_RANK, ko));
    default:
        return tb_mem_strdup("");
    }
}

/* The streak cell of M ("up 6 months"), or a dash. */
static char *S_streak_cell(const tb_tpl_x *X, const json_t *m)
{
    bool ko = tb_fmt_is_ko(X->lang);
    const json_t *s = json_object_get(m, "yoy_streak");
    bool sign = false;
    if (!s) {
        s = json_object_get(m, "sign_streak");
        sign = true;
    }
    const char *d = json_string_value(json_object_get(s, sign ? "sign" : "direction"));
    double months = tb_tpl_table_numat(s, "months");
    if (!d || isnan(months)) {
        char buf[TB_FMT_SIZE];
        tb_fmt_number(buf, sizeof buf, NAN, 0, 0);
        return tb_mem_strdup(buf);
    }
    bool up = strcmp(d, "up") == 0 || strcmp(d, "surplus") == 0;
    const char *word = tb_lang(sign ? (up ? TB_L_CELL_SURPLUS : TB_L_CELL_DEFICIT) : (up ? TB_L_CELL_UP : TB_L_CELL_DOWN), ko);
    return tb_mem_printf(tb_lang(TB_L_CELL_STREAK, ko), word, months, months == 1 ? "" : "s");
}

char *tb_tpl_table_cell(const tb_tpl_x *X, const json_t *m, bool total, int col, const tb_fmt_scale *vs,
                        const tb_fmt_scale *cs)
{
    char buf[TB_FMT_SIZE]; /* one formatted number */
    buf[0] = '\0';
    switch (col) {
    case TCOL_NAME:
        return tb_mem_strdup(S_label(X, m));
    case TCOL_CODE: {
        const char *c = json_string_value(json_object_get(m, "code"));
        return tb_mem_strdup(c ? c : "");
    }
    case TCOL_VALUE:
        tb_fmt_number(buf, sizeof buf, tb_tpl_table_numat(m, "value") / vs->divisor, 1, 0);
        break;
    case TCOL_CHANGE:
        tb_fmt_number(buf, sizeof buf, tb_tpl_table_numat(m, "yoy_change") / cs->divisor, 1, TB_FMT_SIGN);
        break;
    case TCOL_YOY:
        tb_fmt_pct(buf, sizeof buf, tb_tpl_table_numat(m, "yoy_pct"), 1, TB_FMT_SIGN);
        break;
    case TCOL_MOM:
        tb_fmt_pct(buf, sizeof buf, tb_tpl_table_numat(m, "mom_pct"), 1, TB_FMT_SIGN);
        break;
    case TCOL_SHARE:
        tb_fmt_pct(buf, sizeof buf, total && !isnan(tb_tpl_table_numat(m, "value")) ? 100.0 : tb_tpl_table_numat(m, "share_pct"), 1, 0);
        break;
    case TCOL_CONTRIBUTION:
        tb_fmt_pp(buf, sizeof buf, total ? tb_tpl_table_numat(m, "yoy_pct") : tb_tpl_table_numat(m, "contribution_pp"), 1, X->lang, TB_FMT_SIGN);
        break;
    case TCOL_RANK:
        tb_fmt_number(buf, sizeof buf, total ? NAN : tb_tpl_table_numat(json_object_get(m, "rank"), "value"), 0, 0);
        break;
    case TCOL_STREAK:
        return S_streak_cell(X, m);
    default:
        break;
    }
    return tb_mem_strdup(buf);
}

/* The fact of member M (or the total) that column COL shows, as a path
 * inside M; NULL for columns that show none. */
static const char *S_col_fact(const tb_tpl_x *X, const json_t *m, bool total, int col)
{
    switch (col) {
    case TCOL_NAME: {
        const json_t *names = json_object_get(m, "names");
        bool ko = tb_fmt_is_ko(X->lang);
        if (json_is_string(json_object_get(names, ko ? "ko" : "en")))
            return ko ? "names.ko" : "names.en";
        return json_is_string(json_object_get(m, "name")) ? "name" : "code";
    }
    case TCOL_CODE:
        return "code";
    case TCOL_VALUE:
        return "value";
    case TCOL_CHANGE:
        return "yoy_change";
    case TCOL_YOY:
        return "yoy_pct";
    case TCOL_MOM:
        return "mom_pct";
    case TCOL_SHARE:
        return total ? NULL : "share_pct";
    case TCOL_CONTRIBUTION:
        return total ? "yoy_pct" : "contribution_pp";
    case TCOL_RANK:
        return total ? NULL : "rank.value";
    case TCOL_STREAK:
        return json_object_get(m, "yoy_streak")    ? "yoy_streak.months"
               : json_object_get(m, "sign_streak") ? "sign_streak.months"
                                                   : NULL;
    default:
        return NULL;
    }
}

/* Claims cell (R, C) of B, text TEXT: member M at MPATH, column COL. */
void tb_tpl_table_cell_claim(const tb_tpl_x *X, tb_doc_block *b, size_t r, size_t c, const char *text, const json_t *m,
                             const char *mpath, bool total, int col)
{
    const char *fact = S_col_fact(X, m, total, col);
    if (!fact || !*text)
        return;
    const json_t *j = m;
    char *segs = tb_mem_strdup(fact), *save = NULL;
    for (char *seg = strtok_r(segs, ".", &save); seg; seg = strtok_r(NULL, ".", &save))
        j = json_object_get(j, seg);
    free(segs);
    if (!j) /* a fact the row does not have ("Other" has no streak): nothing claimed */
        return;
    char *value = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    char *path = tb_mem_printf("%s.%s", mpath, fact);
    char *part = tb_mem_printf("cell.%zu.%zu", r, c);
    tb_doc_add_claim(b, part, 0, strlen(text), path, value ? value : "null");
    free(part);
    free(path);
    free(value);
}

/* Sparkline history of the row's series from the context's dataset. */
void tb_tpl_table_spark(const tb_tpl_x *X, tb_doc_row *row, const char *bdname, const json_t *m, bool total, size_t idx,
                        int months)
{
    const tb_dataset *ds = X->ctx ? X->ctx->ds : NULL;
    if (!ds || X->month == TB_MONTH_NONE)
        return;
    const tb_breakdown *bd = tb_dataset_breakdown_by_name(ds, bdname);
    if (!bd)
        return;
    const char *code = json_string_value(json_object_get(m, "code"));
    size_t series = SIZE_MAX;
    if (total) {
        series = bd->total;
    } else {
        for (size_t pass = 0; pass < 2 && series == SIZE_MAX; pass++)
            for (size_t i = pass ? 0 : idx; i < (pass ? bd->n_members : idx + 1) && i < bd->n_members; i++) {
                const tb_key *k = &tb_dataset_get(ds, bd->members[i])->key;
                const char *c = tb_dataset_code(ds, bd->along, bd->along == TB_DIM_PARTNER ? k->partner : k->product);
                if (code && c && strcmp(code, c) == 0) {
                    series = bd->members[i];
                    break;
                }
            }
    }
    if (series == SIZE_MAX)
        return;
    const double *v = tb_dataset_get(ds, series)->v;
    int n = tb_dataset_months(ds);
    long end = (long)(X->month - tb_dataset_start(ds));
    double *out = tb_mem_calloc((size_t)months, sizeof *out);
    for (int i = 0; i < months; i++) {
        long t = end - months + 1 + i;
        out[i] = t >= 0 && t < n ? v[t] : NAN;
    }
    tb_doc_set_spark(row, out, (size_t)months);
    free(out);
}

/* Whether the N members KEYS[0..N) index in MEMBERS are the N first of
 * BD's by_value list (the N largest), in any order. */
static bool S_top_by_value(const json_t *bd, const json_t *members, const tb_tpl_key *keys, size_t n)
{
    const json_t *order = json_object_get(bd, "by_value");
    if (json_array_size(order) < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        const char *code = json_string_value(json_object_get(json_array_get(members, keys[i].idx), "code"));
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = code && json_is_string(json_array_get(order, k)) &&
                    strcmp(code, json_string_value(json_array_get(order, k))) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* The "other" row (see template_table.h). */
json_t *tb_tpl_table_other_row(const json_t *bd, const json_t *tot, const json_t *members, const tb_tpl_key *keys,
                               size_t n, char **path)
{
    *path = NULL;
    if (!tot || n == 0)
        return NULL;
    const json_t *o = NULL;
    if (n == json_array_size(members)) {
        o = json_object_get(bd, "other");
        *path = tb_mem_strdup("other");
    } else if (S_top_by_value(bd, members, keys, n)) {
        o = json_array_get(json_object_get(bd, "rest_after_top"), n - 1);
        *path = tb_mem_printf("rest_after_top.%zu", n - 1);
    }
    if (!json_is_object(o) || !json_is_number(json_object_get(o, "value"))) {
        free(*path);
        *path = NULL;
        return NULL;
    }
    return json_incref((json_t *)o);
}
