/* template_expand: a parsed template + the facts JSON -> a document: the
 * walk over the nodes, loops, directives and the @table driver.  Text
 * goes through template_sink, expressions through template_eval, table
 * cells through template_table.
 *
 * Two walks over the same nodes with the same code:
 *   1. check (X->check): every branch of every {% if %} and every loop body
 *      once, with each loop variable bound to the list's first element (or
 *      to "unknown" when the list is empty), evaluating every expression:
 *      unknown facts, filters given the wrong kind of value, comparisons of
 *      a number with a text, unknown breakdowns and charts are all reported
 *      here, whatever this month's data would make the template print;
 *   2. build: the real expansion into a tb_doc, run only when the check
 *      found nothing.  Errors that only a later list element can show (a
 *      key missing from the 5th member) are still reported, once per
 *      expression, and the document is then dropped.
 * Recursion follows the template's nesting, which the parser caps.
 *
 * Text goes into a sink that collapses whitespace to single spaces, drops
 * it at the start and end, and drops a space before , . ; : ! ? ) so that
 * an {% if %} that prints nothing leaves no stray space.  Running text
 * collects into the open paragraph; a blank line or any block directive
 * closes it.
 *
 * Loops: where filters in O(n), sort is qsort on precomputed keys with the
 * original position as tie-break (stable, nulls last), limit after sort, so
 * a list of 10^6 members costs O(n log n).  A member named by its code
 * (items.members.SEMI) is found by a linear search cached per expression,
 * so the same look-up inside a loop costs O(1) after the first.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "chart_annotate.h"
#include "chartset.h"
#include "doc.h"
#include "fmt.h"
#include "buf.h"
#include "mem.h"
#include "month.h"
#include "notes.h"
#include "template_eval.h"
#include "template_filter.h"
#include "template_sink.h"
#include "template_table.h"
#include "template_tree.h"

/* ------------------------------------------------------------ output */

/* Puts S into the sink; true when it went in. */
static bool S_out(tb_tpl_x *X, const char *s, tb_tpl_pos pos)
{
    if (X->check || !X->sink)
        return false;
    if (X->sink == &X->para && !X->para_open) {
        const char *p = s;
        while (*p && tb_tpl_sink_blank((unsigned char)*p))
            p++;
        if (!*p)
            return false;
        X->para_open = true;
        X->para_pos = pos;
    }
    size_t n = strlen(s);
    if (!tb_tpl_eval_spend(X, 0, n, pos))
        return false;
    tb_tpl_sink_text(X->sink, s, n, X->style);
    return true;
}

/* Bytes of S once the sink has collapsed its whitespace. */
static size_t S_collapsed_len(const char *s)
{
    size_t n = 0;
    bool space = false, any = false;
    for (; *s; s++) {
        if (tb_tpl_sink_blank((unsigned char)*s)) {
            space = any;
            continue;
        }
        n += 1 + space;
        space = false;
        any = true;
    }
    return n;
}

/* Records that text S, just put into the sink, says the value at the last
 * traced path.  A breakdown's member (printed by `label`) claims its name;
 * other groups and lists make no claim. */
static void S_record_claim(tb_tpl_x *X, const char *s)
{
    size_t len = S_collapsed_len(s);
    if (!X->traced || !len || len > X->sink->plain_len)
        return;
    const json_t *j = X->path_json;
    if (json_is_object(j)) {
        static const char *const keys[] = {"names", "name", "code"};
        const json_t *name = NULL;
        for (size_t i = 0; i < 3 && !name; i++) {
            name = json_object_get(j, keys[i]);
            if (i == 0 && name) {
                const char *lang = tb_fmt_is_ko(X->lang) ? "ko" : "en";
                name = json_object_get(name, lang);
                if (name)
                    tb_buf_printf(&X->path, ".names.%s", lang);
            } else if (name) {
                tb_buf_printf(&X->path, ".%s", keys[i]);
            }
        }
        j = name;
        if (!j)
            return;
    } else if (json_is_array(j)) {
        return;
    }
    tb_tpl_claims *c = &X->sink->cl;
    TB_GROW(c->v, c->cap, c->n + 1);
    char *value = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    c->v[c->n++] = (tb_tpl_claim){X->sink->plain_len - len, len, tb_buf_take(&X->path), tb_mem_strdup(value ? value : "null")};
    free(value);
}

static void S_para_close(tb_tpl_x *X)
{
    if (X->check || !X->para_open)
        return;
    X->para_open = false;
    if (!X->para.any) {
        tb_tpl_sink_take(&X->para, NULL);
        return;
    }
    char *origin = tb_tpl_eval_origin(X, X->para_pos);
    tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_PARAGRAPH, origin);
    free(origin);
    tb_tpl_sink_claims_give(&X->para.cl, b, "text");
    tb_tpl_sink_take(&X->para, &b->text);
}

static void S_walk(tb_tpl_x *X, uint32_t first);

/* Expands node list LIST as text into a fresh sink (runs into T, or plain
 * into *PLAIN; its claims into CL, or dropped when CL is NULL).  T and PLAIN
 * may both be NULL while checking. */
static void S_text_into(tb_tpl_x *X, uint32_t list, tb_doc_text *t, char **plain, tb_tpl_claims *cl)
{
    tb_tpl_sink k;
    memset(&k, 0, sizeof k);
    tb_tpl_sink *saved = X->sink;
    unsigned style = X->style;
    X->sink = &k;
    X->style = 0;
    S_walk(X, list);
    X->sink = saved;
    X->style = style;
    if (cl) {
        tb_tpl_sink_claims_free(cl);
        *cl = k.cl;
        memset(&k.cl, 0, sizeof k.cl);
    }
    if (plain)
        *plain = tb_tpl_sink_plain(&k);
    else
        tb_tpl_sink_take(&k, t);
}

static char *S_plain(tb_tpl_x *X, uint32_t list, tb_tpl_claims *cl)
{
    char *s = NULL;
    S_text_into(X, list, NULL, &s, cl);
    return s;
}

static const tb_tpl_targ *S_targ(const tb_tpl_dir *d, const char *key)
{
    for (size_t i = 0; i < d->n_targs; i++)
        if (strcmp(d->targs[i].key, key) == 0)
            return &d->targs[i];
    return NULL;
}

static char *S_targ_plain(tb_tpl_x *X, const tb_tpl_dir *d, const char *key, tb_tpl_claims *cl)
{
    const tb_tpl_targ *a = S_targ(d, key);
    return a ? S_plain(X, a->text, cl) : tb_mem_strdup("");
}

/* ------------------------------------------------------------ loops */

/* Binds NAME to element I (0-based) of LIST, whose path is LPATH (NULL:
 * unknown), as the loop's INDEX-th of LENGTH. */
static void S_push_scope(tb_tpl_x *X, const char *name, const json_t *list, size_t i, const char *lpath, size_t index,
                         size_t length)
{
    TB_GROW(X->scopes, X->cap_scopes, X->n_scopes + 1);
    const json_t *el = json_array_get(list, i);
    tb_tpl_val v = {.kind = TV_UNKNOWN};
    if (el)
        v = tb_tpl_eval_from_json(el);
    char *path = lpath && el && !X->check ? tb_mem_printf("%s.%zu", lpath, i) : NULL;
    X->scopes[X->n_scopes++] = (tb_tpl_scope){name, v, index, length, path, el};
}

static void S_pop_scope(tb_tpl_x *X)
{
    free(X->scopes[--X->n_scopes].path);
}

/* The value at SEGS inside element V (objects only; null when missing).
 * *MISSING is set to the first segment not found. */
static tb_tpl_val S_inside(tb_tpl_val v, char *const *segs, size_t n, size_t *missing)
{
    *missing = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        if (v.kind != TV_JSON || !json_is_object(v.j)) {
            if (v.kind != TV_NULL && v.kind != TV_UNKNOWN)
                *missing = k;
            tb_tpl_val nul = {.kind = v.kind == TV_UNKNOWN ? TV_UNKNOWN : TV_NULL};
            return nul;
        }
        const json_t *c = json_object_get(v.j, segs[k]);
        if (!c) {
            *missing = k;
            tb_tpl_val nul = {.kind = TV_NULL};
            return nul;
        }
        v = tb_tpl_eval_from_json(c);
    }
    return v;
}

/* The list a {% for %} or @table goes through: an array, or the members
 * of a breakdown.  NULL for null; sets *BAD for anything else. */
static const json_t *S_list_of(tb_tpl_val v, bool *bad)
{
    *bad = false;
    if (v.kind == TV_JSON && json_is_array(v.j))
        return v.j;
    if (v.kind == TV_JSON && json_is_array(json_object_get(v.j, "members")))
        return json_object_get(v.j, "members");
    if (v.kind != TV_NULL && v.kind != TV_UNKNOWN)
        *bad = true;
    return NULL;
}

static void S_for(tb_tpl_x *X, const tb_tpl_node *n)
{
    tb_tpl_val lv;
    if (!tb_tpl_eval_traced(X, n->expr, &lv))
        return;
    bool bad;
    const json_t *list = S_list_of(lv, &bad);
    /* the elements' paths: LIST.I, or BREAKDOWN.members.I */
    tb_buf lpath = {0};
    if (X->traced && list && !X->check)
        tb_buf_printf(&lpath, "%s%s", tb_buf_str(&X->path), list != lv.j ? ".members" : "");
    if (bad) {
        tb_tpl_eval_err(X, n->expr, tb_tpl_eval_expr(X, n->expr)->pos, tb_tpl_eval_expr(X, n->expr)->src,
              "{%% for %%} needs a list, like items or items.members, not %s", tb_tpl_eval_kind_word(lv));
        return;
    }
    size_t total = list ? json_array_size(list) : 0;
    if (X->check) {
        S_push_scope(X, n->str, list, 0, NULL, 1, total ? total : 1);
        tb_tpl_val el = X->scopes[X->n_scopes - 1].val;
        if (n->where) {
            tb_tpl_val w;
            tb_tpl_eval(X, n->where, &w);
        }
        if (n->sort_segs) {
            size_t missing;
            S_inside(el, n->sort_segs, n->n_sort_segs, &missing);
            if (missing != SIZE_MAX) {
                const char *cands[64];
                size_t nc = 0;
                const json_t *o = el.j;
                for (size_t k = 0; k < missing; k++)
                    o = json_object_get(o, n->sort_segs[k]);
                const char *key;
                json_t *val;
                if (json_is_object(o))
                    json_object_foreach((json_t *)o, key, val)
                    {
                        if (nc < 64)
                            cands[nc++] = key;
                    }
                const char *s = tb_tpl_suggest(n->sort_segs[missing], cands, nc);
                if (s) {
                    /* the whole key as written, with the bad part replaced */
                    const char *src = n->sort_src, *at = src;
                    size_t written = 1; /* segments as written, "m." included */
                    for (const char *q = src; *q; q++)
                        written += *q == '.';
                    for (size_t k = 0; k < written - n->n_sort_segs + missing; k++)
                        at = strchr(at, '.') + 1;
                    char *full = tb_mem_printf("%.*s%s", (int)(at - src), src, s);
                    tb_tpl_eval_err(X, 0, n->sort_pos, n->sort_src, "unknown fact to sort by; did you mean \"%s\"?", full);
                    free(full);
                } else
                    tb_tpl_eval_err(X, 0, n->sort_pos, n->sort_src, "unknown fact to sort by");
            }
        }
        S_walk(X, n->body);
        S_pop_scope(X);
        S_walk(X, n->body2);
        return;
    }
    tb_tpl_key *keys = tb_mem_calloc(total ? total : 1, sizeof *keys);
    size_t count = 0;
    for (size_t i = 0; i < total && !tb_tpl_eval_stop(X); i++) {
        tb_tpl_val el = tb_tpl_eval_from_json(json_array_get(list, i));
        if (n->where) {
            if (!tb_tpl_eval_spend(X, 1, 0, n->pos))
                break;
            S_push_scope(X, n->str, list, i, NULL, i + 1, total);
            tb_tpl_val w;
            bool ok = tb_tpl_eval(X, n->where, &w);
            S_pop_scope(X);
            tb_tpl_arena_clear(&X->f);
            if (!ok || !tb_tpl_eval_truth(w))
                continue;
        }
        tb_tpl_key *k = &keys[count++];
        k->idx = i;
        k->desc = n->sort_desc;
        if (n->sort_segs) {
            size_t missing;
            tb_tpl_val sv = S_inside(el, n->sort_segs, n->n_sort_segs, &missing);
            k->kind = sv.kind == TV_NUM ? 1 : sv.kind == TV_STR ? 2 : 0;
            k->num = sv.num;
            k->str = sv.s;
        }
    }
    if (n->sort_segs)
        qsort(keys, count, sizeof *keys, tb_tpl_eval_key_cmp);
    if (n->limit > 0 && count > (size_t)n->limit)
        count = (size_t)n->limit;
    if (count == 0) {
        S_walk(X, n->body2);
    } else {
        for (size_t k = 0; k < count && tb_tpl_eval_spend(X, 1, 0, n->pos) && !tb_tpl_eval_stop(X); k++) {
            S_push_scope(X, n->str, list, keys[k].idx, tb_buf_str(&lpath), k + 1, count);
            S_walk(X, n->body);
            S_pop_scope(X);
        }
    }
    free(keys);
    tb_buf_free(&lpath);
}

/* ------------------------------------------------------------ tables */

static void S_table(tb_tpl_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    const tb_tpl_expr *be = tb_tpl_eval_expr(X, d->expr);
    tb_tpl_val bv;
    if (!tb_tpl_eval_traced(X, d->expr, &bv))
        return;
    char *bdpath = X->traced ? tb_buf_take(&X->path) : NULL;
    tb_tpl_claims tcl = {0}, *hcl = tb_mem_calloc(d->n_cells + 1, sizeof *hcl);
    char *title = S_targ_plain(X, d, "title", &tcl);
    char **headers = NULL;
    if (d->n_cells) {
        headers = tb_mem_calloc(d->n_cells, sizeof *headers);
        for (size_t i = 0; i < d->n_cells; i++)
            headers[i] = S_plain(X, d->cells[i], &hcl[i]);
    }
    const json_t *members = NULL;
    if (bv.kind == TV_JSON && json_is_object(bv.j))
        members = json_object_get(bv.j, "members");
    if (bv.kind != TV_UNKNOWN && !json_is_array(members))
        tb_tpl_eval_err(X, d->expr, be->pos, be->src, "@table needs a breakdown, like items or partners, not %s",
              bv.kind == TV_JSON && json_is_object(bv.j) ? "a group of facts without members" : tb_tpl_eval_kind_word(bv));
    if (X->check || !json_is_array(members))
        goto done;
    {
        const json_t *bd = bv.j;
        const json_t *tot = d->total ? json_object_get(bd, "total") : NULL;
        size_t n = json_array_size(members);
        tb_tpl_key *keys = tb_mem_calloc(n ? n : 1, sizeof *keys);
        for (size_t i = 0; i < n; i++) {
            keys[i].idx = i;
            if (d->sort >= 0) {
                tb_tpl_table_col_key(X, json_array_get(members, i), d->sort, &keys[i]);
                bool asc_default = d->sort == TCOL_NAME || d->sort == TCOL_CODE || d->sort == TCOL_RANK;
                keys[i].desc = d->desc >= 0 ? d->desc == 1 : !asc_default;
            }
        }
        if (d->sort >= 0)
            qsort(keys, n, sizeof *keys, tb_tpl_eval_key_cmp);
        size_t shown = d->top > 0 && (size_t)d->top < n ? (size_t)d->top : n;
        const char *bdname = be->segs[be->n_segs - 1];
        char *other_path;
        json_t *other = tb_tpl_table_other_row(bd, tot, members, keys, shown, &other_path);
        size_t nrows = shown + (tot ? 1 : 0);
        double vmax = 0, cmax = 0;
        for (size_t r = 0; r < nrows; r++) {
            const json_t *m = tot && r == 0 ? tot : json_array_get(members, keys[tot ? r - 1 : r].idx);
            double v = fabs(tb_tpl_table_numat(m, "value")), c = fabs(tb_tpl_table_numat(m, "yoy_change"));
            vmax = v > vmax ? v : vmax;
            cmax = c > cmax ? c : cmax;
        }
        tb_unit unit = X->f.unit;
        tb_fmt_scale vs = tb_fmt_money_scale(vmax, unit, X->lang), cs = tb_fmt_money_scale(cmax, unit, X->lang);
        char *origin = tb_tpl_eval_origin(X, node->pos);
        tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_TABLE, origin);
        free(origin);
        b->table.title = title;
        title = NULL;
        tb_tpl_sink_claims_give(&tcl, b, "title");
        for (size_t c = 0; c < d->n_cells; c++) {
            char *part = tb_mem_printf("header.%zu", c);
            tb_tpl_sink_claims_give(&hcl[c], b, part);
            free(part);
        }
        b->table.breakdown = tb_mem_strdup(bdname);
        b->table.header = true;
        bool spark = false;
        for (size_t c = 0; c < d->n_cols; c++) {
            int col = d->cols[c];
            char *h = headers ? tb_mem_strdup(headers[c]) : tb_tpl_table_col_header(X, col, bd, &vs, &cs, d->spark);
            enum tb_doc_align al = col == TCOL_NAME || col == TCOL_CODE || col == TCOL_STREAK ? TB_DOC_LEFT
                                   : col == TCOL_SPARKLINE                                   ? TB_DOC_CENTER
                                                                                             : TB_DOC_RIGHT;
            tb_doc_add_column(b, h, al, col == TCOL_SPARKLINE);
            free(h);
            spark |= col == TCOL_SPARKLINE;
        }
        if (spark && X->month != TB_MONTH_NONE)
            b->table.spark_from = X->month - d->spark + 1;
        for (size_t r = 0; r < nrows + (other ? 1 : 0); r++) {
            bool is_total = tot && r == 0, is_other = r == nrows;
            size_t mi = is_total || is_other ? 0 : keys[tot ? r - 1 : r].idx;
            const json_t *m = is_other ? other : is_total ? tot : json_array_get(members, mi);
            tb_doc_row *row = tb_doc_add_row(b);
            row->total = is_total;
            row->other = is_other;
            for (size_t c = 0; c < d->n_cols; c++) {
                char *cb = tb_tpl_table_cell(X, m, is_total, d->cols[c], &vs, &cs);
                tb_doc_set_cell(row, c, cb);
                if (bdpath) {
                    char *mpath = is_total   ? tb_mem_printf("%s.total", bdpath)
                                  : is_other ? tb_mem_printf("%s.%s", bdpath, other_path)
                                             : tb_mem_printf("%s.members.%zu", bdpath, mi);
                    tb_tpl_table_cell_claim(X, tb_doc_last(X->doc), b->table.n_rows - 1, c, cb, m, mpath, is_total, d->cols[c]);
                    free(mpath);
                }
                bool more = tb_tpl_eval_spend(X, c == 0, strlen(cb), node->pos);
                free(cb);
                if (!more)
                    break;
            }
            if (X->over)
                break;
            if (spark && !is_other)
                tb_tpl_table_spark(X, row, bdname, m, is_total, mi, d->spark);
        }
        json_decref(other);
        free(other_path);
        free(keys);
    }
done:
    free(title);
    free(bdpath);
    tb_tpl_sink_claims_free(&tcl);
    for (size_t i = 0; i < d->n_cells; i++)
        tb_tpl_sink_claims_free(&hcl[i]);
    free(hcl);
    for (size_t i = 0; i < d->n_cells && headers; i++)
        free(headers[i]);
    free(headers);
}

/* ------------------------------------------------------------ directives */

static void S_chart_check(tb_tpl_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    if (!X->ctx || !X->ctx->charts || !d->name)
        return;
    for (size_t i = 0; i < X->ctx->n_charts; i++)
        if (strcmp(X->ctx->charts[i], d->name) == 0)
            return;
    const char *s = tb_tpl_suggest(d->name, (const char **)X->ctx->charts, X->ctx->n_charts);
    if (s) {
        tb_tpl_eval_err(X, 0, d->name_pos, d->name, "unknown chart; did you mean \"%s\"?", s);
        return;
    }
    tb_buf msg = {0};
    tb_buf_puts(&msg, "unknown chart; the charts are");
    for (size_t i = 0; i < X->ctx->n_charts; i++)
        tb_buf_printf(&msg, "%s %s", i ? "," : "", X->ctx->charts[i]);
    tb_tpl_eval_err(X, 0, d->name_pos, d->name, "%s", tb_buf_str(&msg));
    tb_buf_free(&msg);
}

/* The chart set of the context's dataset for the month and language with
 * WINDOW months over time (0: the defaults), built once per window in a
 * row.  NULL after reporting into the diag. */
static const tb_chartset *S_chartset(tb_tpl_x *X, int window)
{
    if (X->charts && X->charts_window == window)
        return X->charts;
    tb_chartset_free(X->charts);
    X->charts = tb_chartset_build_months(X->ctx->ds, X->ctx->subject, X->month, X->lang, window, X->diag);
    X->charts_window = window;
    return X->charts;
}

/* The claims of chart block B's figure labels (chart_spec.h), part
 * "label.N": each says the value the chart drew at its stats-JSON path. */
static void S_chart_claims(tb_doc_block *b)
{
    for (size_t i = 0; i < b->chart.spec->n_labels; i++) {
        const tb_chart_label *l = &b->chart.spec->labels[i];
        bool whole = l->value == floor(l->value) && fabs(l->value) < 1e15;
        json_t *j = whole ? json_integer((json_int_t)l->value) : json_real(l->value);
        char *value = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17));
        char part[32];
        snprintf(part, sizeof part, "label.%zu", i);
        tb_doc_add_claim(b, part, l->start, l->len, l->path, value ? value : "null");
        free(value);
        json_decref(j);
    }
}

/* What chart block B draws, from the context's dataset and B's months=,
 * title=, subtitle=, note= and height=, copied into the document.  Without
 * a dataset B has no spec (a renderer reports it). */
static void S_chart_data(tb_tpl_x *X, tb_doc_block *b, const tb_tpl_dir *d)
{
    const char *v = tb_doc_chart_param(b, "height");
    b->chart.height_mm = v ? strtod(v, NULL) : 0;
    if (!X->ctx || !X->ctx->ds)
        return;
    v = tb_doc_chart_param(b, "months");
    const tb_chartset *set = S_chartset(X, v ? atoi(v) : 0);
    if (!set)
        return;
    const tb_chart_spec *base = tb_chartset_find(set, b->chart.name);
    if (!base) {
        tb_buf list = {0};
        for (size_t i = 0; i < tb_chartset_count(set); i++)
            tb_buf_printf(&list, "%s%s", i ? ", " : "", tb_chartset_name(set, i));
        tb_tpl_eval_err(X, 0, d->name_pos, d->name, "no chart \"%s\" for this dataset and month (there are: %s)",
              b->chart.name, tb_buf_str(&list));
        tb_buf_free(&list);
        return;
    }
    tb_chart_spec spec = *base;
    if ((v = tb_doc_chart_param(b, "title")))
        spec.title = v;
    if ((v = tb_doc_chart_param(b, "subtitle")))
        spec.subtitle = v;
    if ((v = tb_doc_chart_param(b, "note")))
        spec.note = v;
    tb_chart_annotation *ann = tb_chart_annotate_from_notes(X->ctx->notes, X->lang, &spec.n_annotations);
    spec.annotations = ann;
    b->chart.spec = tb_chart_spec_copy(&spec);
    free(ann);
    S_chart_claims(b);
}

static enum tb_doc_dir S_trend(tb_tpl_x *X, uint32_t ei)
{
    if (!ei)
        return TB_DOC_DIR_NONE;
    tb_tpl_val v;
    if (!tb_tpl_eval(X, ei, &v))
        return TB_DOC_DIR_NONE;
    enum tb_doc_dir r = TB_DOC_DIR_NONE;
    if (v.kind == TV_NUM) {
        int s = tb_tpl_direction(v.num);
        r = s > 0 ? TB_DOC_DIR_UP : s < 0 ? TB_DOC_DIR_DOWN : TB_DOC_DIR_FLAT;
    } else if (v.kind == TV_STR && (strcmp(v.s, "up") == 0 || strcmp(v.s, "surplus") == 0)) {
        r = TB_DOC_DIR_UP;
    } else if (v.kind == TV_STR && (strcmp(v.s, "down") == 0 || strcmp(v.s, "deficit") == 0)) {
        r = TB_DOC_DIR_DOWN;
    } else if (v.kind == TV_STR && strcmp(v.s, "flat") == 0) {
        r = TB_DOC_DIR_FLAT;
    } else if (v.kind != TV_NULL && v.kind != TV_UNKNOWN) {
        tb_tpl_eval_err(X, ei, tb_tpl_eval_expr(X, ei)->pos, tb_tpl_eval_expr(X, ei)->src, "trend= needs a number, or up, down or flat, not %s",
              tb_tpl_eval_kind_word(v));
    }
    tb_tpl_arena_clear(&X->f);
    return r;
}

/* A block of text without claims: a heading (level 1), or a paragraph of
 * the desk's own text (the notes file), not computed, marked `desk` for
 * the ledger.  Whitespace collapses as in template text. */
static void S_desk_block(tb_tpl_x *X, enum tb_doc_kind kind, const char *origin, const char *s, size_t n)
{
    tb_tpl_sink k;
    memset(&k, 0, sizeof k);
    tb_tpl_sink_text(&k, s, n, TB_DOC_REGULAR);
    if (!k.any) {
        tb_tpl_sink_take(&k, NULL);
        return;
    }
    tb_doc_block *b = tb_doc_append(X->doc, kind, origin);
    tb_tpl_sink_take(&k, &b->text);
    b->level = 1;
    b->desk = kind == TB_DOC_PARAGRAPH;
}

/* The end of the paragraph at P: a line end before a blank line, or the
 * end of the text. */
static const char *S_para_end(const char *p)
{
    for (; *p; p++)
        if (*p == '\n' && p[1 + strspn(p + 1, " \t\r")] == '\n')
            return p;
    return p;
}

/* @commentary: the month's paragraphs of the desk in the language, from
 * the notes file (blank lines separate paragraphs), under the title=
 * heading; nothing at all when the desk wrote none. */
static void S_commentary(tb_tpl_x *X, const tb_tpl_dir *d, const char *origin)
{
    const tb_notes *notes = X->ctx ? X->ctx->notes : NULL;
    const char *text = tb_notes_commentary(notes, X->month, X->lang);
    char *title = S_targ_plain(X, d, "title", NULL);
    if (!X->check && text) {
        if (*title)
            S_desk_block(X, TB_DOC_HEADING, origin, title, strlen(title));
        for (const char *p = text; *p; p += strspn(p, " \t\r\n")) {
            const char *end = S_para_end(p);
            S_desk_block(X, TB_DOC_PARAGRAPH, origin, p, (size_t)(end - p));
            p = end;
        }
    }
    free(title);
}

/* Cell C of @row (text V, claims CL) printed a money(column) amount: it
 * must be the cell's one claim and whole text, so @endtable can set it in
 * its column's scale and keep the claim. */
static void S_column_cell(tb_tpl_x *X, const tb_tpl_node *node, tb_doc_block *b, size_t c, const char *v,
                          const tb_tpl_claims *cl)
{
    bool whole = X->check || (cl->n == 1 && cl->v[0].start == 0 && cl->v[0].len == strlen(v)); /* no claims while checking */
    if (X->f.col_n != 1 || !whole) {
        tb_tpl_eval_err(X, 0, node->pos, NULL,
                        "a money(column) cell holds one amount from the facts and nothing else "
                        "(its column sets the scale; the unit goes into the header)");
        return;
    }
    if (!b || c >= b->table.n_cols)
        return;
    TB_GROW(X->colcells, X->cap_colcells, X->n_colcells + 1);
    X->colcells[X->n_colcells++] = (tb_tpl_colcell){b->table.n_rows - 1, c, X->f.col_v, X->f.col_flags};
}

/* Sets cell (R, C) of B to TEXT and its claim's span to the whole text. */
static void S_reset_cell(tb_doc_block *b, size_t r, size_t c, const char *text)
{
    tb_doc_set_cell(&b->table.rows[r], c, text);
    char *part = tb_mem_printf("cell.%zu.%zu", r, c);
    for (size_t i = 0; i < b->n_claims; i++)
        if (strcmp(b->claims[i].part, part) == 0) {
            b->claims[i].start = 0;
            b->claims[i].len = strlen(text);
        }
    free(part);
}

/* @endtable of a hand-made table: each column's money(column) amounts in
 * one scale, the one that fits its largest amount (tb_fmt_column_scale),
 * to one decimal, and
 * the scale's unit after the column's header ("This month ($bn)"). */
static void S_scale_columns(tb_tpl_x *X, tb_doc_block *b)
{
    for (size_t c = 0; c < b->table.n_cols; c++) {
        double maxabs = -1;
        for (size_t i = 0; i < X->n_colcells; i++)
            if (X->colcells[i].c == c && fabs(X->colcells[i].v) > maxabs)
                maxabs = fabs(X->colcells[i].v);
        if (maxabs < 0)
            continue;
        tb_fmt_scale sc = tb_fmt_column_scale(maxabs, X->f.unit, X->lang);
        for (size_t i = 0; i < X->n_colcells; i++) {
            const tb_tpl_colcell *k = &X->colcells[i];
            if (k->c != c)
                continue;
            char buf[TB_FMT_SIZE];
            tb_fmt_number(buf, sizeof buf, k->v / sc.divisor, 1, k->flags);
            S_reset_cell(b, k->r, c, buf);
        }
        const char *h = b->table.cols[c].header;
        char *head = tb_mem_printf(tb_lang(TB_L_COL_UNIT, tb_fmt_is_ko(X->lang)), h ? h : "", sc.label);
        tb_doc_set_header(b, c, head);
        free(head);
    }
}

static void S_directive(tb_tpl_x *X, const tb_tpl_node *node)
{
    const tb_tpl_dir *d = node->dir;
    enum tb_tpl_dir_kind k = d->kind;
    if (k != TD_ITEM && k != TD_HEADER && k != TD_ROW && k != TD_META)
        S_para_close(X);
    char *origin = X->check ? NULL : tb_tpl_eval_origin(X, node->pos);
    switch (k) {
    case TD_TITLE:
    case TD_HEADING:
    case TD_SUBHEADING:
    case TD_FOOTNOTE:
    case TD_SOURCE: {
        tb_doc_text t;
        memset(&t, 0, sizeof t);
        tb_tpl_claims cl = {0};
        S_text_into(X, d->text, X->check ? NULL : &t, NULL, &cl);
        if (X->check || t.n_runs == 0) {
            tb_tpl_sink_claims_free(&cl);
            free(t.runs);
            free(t.plain);
            break;
        }
        enum tb_doc_kind dk = k == TD_FOOTNOTE ? TB_DOC_FOOTNOTE : k == TD_SOURCE ? TB_DOC_SOURCE : TB_DOC_HEADING;
        tb_doc_block *b = tb_doc_append(X->doc, dk, origin);
        tb_tpl_sink_claims_give(&cl, b, "text");
        free(b->text.plain);
        b->text = t;
        b->level = k == TD_TITLE ? 0 : k == TD_HEADING ? 1 : 2;
        if (k == TD_TITLE && !tb_doc_meta(X->doc, "title"))
            tb_doc_set_meta(X->doc, "title", t.plain);
        break;
    }
    case TD_PAGEBREAK:
        if (!X->check && tb_doc_count(X->doc) > 0 &&
            tb_doc_block_at(X->doc, tb_doc_count(X->doc) - 1)->kind != TB_DOC_PAGEBREAK)
            tb_doc_append(X->doc, TB_DOC_PAGEBREAK, origin);
        break;
    case TD_SPACER:
        if (!X->check)
            tb_doc_append(X->doc, TB_DOC_SPACER, origin)->lines = d->num;
        break;
    case TD_COMMENTARY:
        S_commentary(X, d, origin);
        break;
    case TD_META:
        for (size_t i = 0; i < d->n_targs; i++) {
            char *v = S_plain(X, d->targs[i].text, NULL);
            if (!X->check)
                tb_doc_set_meta(X->doc, d->targs[i].key, v);
            free(v);
        }
        break;
    case TD_KPI: {
        size_t saved = X->kpi;
        if (!X->check) {
            tb_doc_append(X->doc, TB_DOC_KPI, origin);
            X->kpi = tb_doc_count(X->doc) - 1;
        }
        S_walk(X, node->body);
        X->kpi = saved;
        break;
    }
    case TD_ITEM: {
        static const char *const fields[4] = {"label", "value", "change", "note"};
        tb_tpl_claims cl[4] = {{0}};
        char *label = S_targ_plain(X, d, "label", &cl[0]), *value = S_targ_plain(X, d, "value", &cl[1]);
        char *change = S_targ_plain(X, d, "change", &cl[2]), *note = S_targ_plain(X, d, "note", &cl[3]);
        enum tb_doc_dir dir = S_trend(X, d->expr);
        tb_doc_block *b = !X->check && X->kpi != SIZE_MAX ? tb_doc_last(X->doc) : NULL;
        if (b)
            tb_doc_add_kpi(b, label, value, change, note, dir);
        for (size_t f = 0; f < 4; f++) {
            char part[48];
            snprintf(part, sizeof part, "kpi.%zu.%s", b ? b->kpi.n - 1 : 0, fields[f]);
            tb_tpl_sink_claims_give(&cl[f], b, part);
        }
        free(label);
        free(value);
        free(change);
        free(note);
        break;
    }
    case TD_CHART: {
        if (X->check)
            S_chart_check(X, node);
        tb_doc_block *b = X->check ? NULL : tb_doc_append(X->doc, TB_DOC_CHART, origin);
        if (b)
            b->chart.name = tb_mem_strdup(d->name ? d->name : "");
        for (size_t i = 0; i < d->n_targs; i++) {
            tb_tpl_claims cl = {0};
            char *v = S_plain(X, d->targs[i].text, &cl);
            char *part = tb_mem_printf("param.%s", d->targs[i].key);
            if (b)
                tb_doc_add_param(b, d->targs[i].key, v);
            tb_tpl_sink_claims_give(&cl, b, part);
            free(part);
            free(v);
        }
        if (b)
            S_chart_data(X, b, d);
        break;
    }
    case TD_TABLE:
        if (d->expr) {
            S_table(X, node);
            break;
        }
        {
            tb_tpl_claims cl = {0};
            char *title = S_targ_plain(X, d, "title", &cl);
            size_t saved = X->table;
            if (!X->check) {
                tb_doc_block *b = tb_doc_append(X->doc, TB_DOC_TABLE, origin);
                tb_tpl_sink_claims_give(&cl, b, "title");
                b->table.title = title;
                title = NULL;
                b->table.breakdown = tb_mem_strdup("");
                for (size_t c = 0; c < d->n_cols; c++) {
                    char a = d->align && c < strlen(d->align) ? d->align[c] : c == 0 ? 'l' : 'r';
                    tb_doc_add_column(b, "", a == 'l' ? TB_DOC_LEFT : a == 'c' ? TB_DOC_CENTER : TB_DOC_RIGHT, false);
                }
                X->table = tb_doc_count(X->doc) - 1;
            }
            free(title);
            tb_tpl_sink_claims_free(&cl);
            X->n_colcells = 0;
            S_walk(X, node->body);
            if (X->table != SIZE_MAX && !X->check)
                S_scale_columns(X, tb_doc_last(X->doc));
            X->n_colcells = 0;
            X->table = saved;
        }
        break;
    case TD_HEADER:
    case TD_ROW: {
        tb_doc_block *b = X->check || X->table == SIZE_MAX ? NULL : tb_doc_last(X->doc);
        tb_doc_row *row = b && k == TD_ROW ? tb_doc_add_row(b) : NULL;
        for (size_t c = 0; c < d->n_cells; c++) {
            tb_tpl_claims cl = {0};
            X->f.in_cell = k == TD_ROW;
            X->f.col_n = 0;
            char *v = S_plain(X, d->cells[c], &cl);
            X->f.in_cell = false;
            if (X->f.col_n)
                S_column_cell(X, node, b, c, v, &cl);
            char part[48];
            if (row)
                snprintf(part, sizeof part, "cell.%zu.%zu", b->table.n_rows - 1, c);
            else
                snprintf(part, sizeof part, "header.%zu", c);
            if (b && c < b->table.n_cols) {
                if (row)
                    tb_doc_set_cell(row, c, v);
                else
                    tb_doc_set_header(b, c, v);
            }
            tb_tpl_sink_claims_give(&cl, b && c < b->table.n_cols ? b : NULL, part);
            free(v);
        }
        if (b && k == TD_HEADER)
            b->table.header = true;
        break;
    }
    default:
        break;
    }
    free(origin);
}

/* ------------------------------------------------------------ walk */

static void S_value(tb_tpl_x *X, const tb_tpl_node *n)
{
    tb_tpl_val v;
    const tb_tpl_expr *top = tb_tpl_eval_expr(X, n->expr);
    if (tb_tpl_eval_traced(X, n->expr, &v)) {
        /* only a fact, filtered or not, is a claim: not a literal, not loop.* */
        if (top->kind != TE_PATH && (top->kind != TE_PIPE || tb_tpl_eval_expr(X, top->base)->kind != TE_PATH))
            X->traced = false;
        const char *s = tb_tpl_val_text(&X->f, v);
        if (!s) {
            const tb_tpl_expr *e = tb_tpl_eval_expr(X, n->expr);
            if (json_is_array(v.j))
                tb_tpl_eval_err(X, n->expr, e->pos, e->src, "a placeholder needs a single value, not a list: go through it with {%% for %%}");
            else if (json_object_get(v.j, "names") || json_object_get(v.j, "code"))
                tb_tpl_eval_err(X, n->expr, e->pos, e->src,
                      "a placeholder needs a single value, not a group of facts: add | label for its name, or name one fact, like %s.value",
                      e->src);
            else
                tb_tpl_eval_err(X, n->expr, e->pos, e->src,
                      "a placeholder needs a single value, not a group of facts: name one of them, like exports.value");
        } else if (S_out(X, s, n->pos)) {
            S_record_claim(X, s);
        }
    }
    tb_tpl_arena_clear(&X->f);
}

/* How a branch condition guards its body while checking: -1 when it
 * requires a fact that does not exist (`x is defined`, alone or joined with
 * and), so the body is not checked; +1 when it is true because a fact does
 * not exist (`x is not defined`), so the later branches are not checked;
 * 0 otherwise. */
static int S_guard(tb_tpl_x *X, uint32_t ei)
{
    if (!ei)
        return 0;
    const tb_tpl_expr *e = tb_tpl_eval_expr(X, ei);
    tb_tpl_val v;
    if (e->kind == TE_DEFINED) {
        tb_tpl_eval(X, ei, &v);
        return !v.b && !e->b ? -1 : v.b && e->b ? 1 : 0;
    }
    if (e->kind == TE_AND)
        for (size_t i = 0; i < e->n_kids; i++)
            if (tb_tpl_eval_expr(X, e->kids[i])->kind == TE_DEFINED && S_guard(X, e->kids[i]) < 0)
                return -1;
    return 0;
}

static void S_node_run(tb_tpl_x *X, uint32_t i)
{
    const tb_tpl_node *n = tb_tpl_eval_node(X, i);
    switch (n->kind) {
    case TN_TEXT:
        S_out(X, n->str, n->pos);
        break;
    case TN_SPACE:
        S_out(X, " ", n->pos);
        break;
    case TN_BREAK:
        if (X->sink == &X->para)
            S_para_close(X);
        break;
    case TN_STYLE:
        X->style ^= n->style;
        break;
    case TN_VALUE:
        S_value(X, n);
        break;
    case TN_IF:
        for (uint32_t b = n->body; b && !tb_tpl_eval_stop(X); b = tb_tpl_eval_node(X, b)->next) {
            const tb_tpl_node *br = tb_tpl_eval_node(X, b);
            bool take = true;
            if (br->expr) {
                tb_tpl_val v;
                take = tb_tpl_eval(X, br->expr, &v) && tb_tpl_eval_truth(v);
                tb_tpl_arena_clear(&X->f);
            }
            if (!X->check) {
                if (take) {
                    S_walk(X, br->body);
                    break;
                }
                continue;
            }
            /* checking: every branch, except what `is defined` rules out */
            int guard = S_guard(X, br->expr);
            if (guard >= 0)
                S_walk(X, br->body);
            if (guard > 0)
                break;
        }
        break;
    case TN_FOR:
        S_for(X, n);
        break;
    case TN_DIRECTIVE:
        S_directive(X, n);
        break;
    default:
        break;
    }
}

static void S_walk(tb_tpl_x *X, uint32_t first)
{
    for (uint32_t i = first; i && !tb_tpl_eval_stop(X); i = tb_tpl_eval_node(X, i)->next)
        S_node_run(X, i);
}

/* ------------------------------------------------------------ entry */

static void S_set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

/* dataset.KEY: LANG's version of metadata KEY, else English, else plain. */
static const char *S_ds_meta(const tb_dataset *ds, const char *key, const char *lang)
{
    char *k = tb_mem_printf("%s.%s", key, lang);
    const char *v = tb_dataset_meta(ds, k);
    free(k);
    if (!v) {
        k = tb_mem_printf("%s.en", key);
        v = tb_dataset_meta(ds, k);
        free(k);
    }
    return v ? v : tb_dataset_meta(ds, key);
}

/* NAME with its first letter in lower case unless it starts an acronym
 * ("Semiconductors" -> "semiconductors", "IT products" stays).
 * Ownership: caller frees. */
static char *S_lower_first(const char *name)
{
    char *s = tb_mem_strdup(name);
    if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

/* dataset.subject: how the briefing names its flows and itself, with the
 * partner (PAR) and product (PRO) it is about, if any (NULL: the world,
 * all goods): "Exports of semiconductors to China", "대중국 반도체 수출". */
static json_t *S_subject(const char *rep, const char *par, const char *pro, bool ko)
{
    char *lp = pro ? S_lower_first(pro) : NULL;
    json_t *o = json_object();
    if (ko) {
        char *pre = tb_mem_printf("%s%s%s%s%s", par ? "대" : "", par ? par : "", par ? " " : "", pro ? pro : "",
                                  pro ? " " : "");
        json_object_set_new(o, "exports", json_sprintf("%s수출", pre));
        json_object_set_new(o, "imports", json_sprintf("%s수입", pre));
        json_object_set_new(o, "balance", json_sprintf("%s%s%s무역수지", par ? "대" : "", par ? par : "", par ? " " : ""));
        json_object_set_new(o, "title", json_sprintf("%s%s%s %s%s수출입", rep, par ? "·" : "", par ? par : "",
                                                     pro ? pro : "", pro ? " " : ""));
        free(pre);
    } else {
        char *of = tb_mem_printf("%s%s", pro ? " of " : "", pro ? lp : "");
        const char *the = tb_lang_takes_the(par) ? "the " : "";
        json_object_set_new(o, "exports", json_sprintf("Exports%s%s%s%s", of, par ? " to " : "", the, par ? par : ""));
        json_object_set_new(o, "imports", json_sprintf("Imports%s%s%s%s", of, par ? " from " : "", the, par ? par : ""));
        json_object_set_new(o, "balance", json_sprintf("Trade balance%s%s%s", par ? " with " : "", the, par ? par : ""));
        json_object_set_new(o, "title", json_sprintf("%s%s%s%s: trade in %s", rep, par ? " and " : "", the,
                                                     par ? par : "", pro ? lp : "goods"));
        free(of);
    }
    free(lp);
    return o;
}

/* "15 March 2026" / "2026년 3월 15일" from "2026-03-15", or NULL. */
static char *S_date_text(const char *iso, const char *lang)
{
    int y, m, d;
    if (!iso || !tb_notes_date(iso, &y, &m, &d))
        return NULL;
    char buf[TB_FMT_SIZE];
    tb_fmt_month(buf, sizeof buf, tb_month_make(y, m), TB_FMT_MONTH_LONG, lang);
    return tb_fmt_is_ko(lang) ? tb_mem_printf("%s %d일", buf, d) : tb_mem_printf("%d %s", d, buf);
}

/* dataset.release: the notes file's release metadata in LANG, each null
 * when not given; the dates and the embargo only for the release's month. */
static json_t *S_release_obj(const tb_notes *n, tb_month month, const char *lang)
{
    json_t *o = json_object();
    const tb_notes *own = tb_notes_release_of(n, month) ? n : NULL; /* the dates and embargo of this month only */
    char *pub = S_date_text(own ? own->published : NULL, lang);
    char *next = S_date_text(own ? own->next_release : NULL, lang);
    S_set_str(o, "published", pub);
    S_set_str(o, "next_release", next);
    S_set_str(o, "embargo", own ? tb_notes_text_in(&own->embargo, lang) : NULL);
    S_set_str(o, "contact", n ? tb_notes_text_in(&n->contact, lang) : NULL);
    free(pub);
    free(next);
    return o;
}

static json_t *S_dataset_obj(const json_t *facts, const tb_template_context *ctx, const char *lang, tb_unit unit,
                             tb_month month)
{
    const tb_dataset *ds = ctx ? ctx->ds : NULL;
    bool ko = tb_fmt_is_ko(lang);
    json_t *o = json_object();
    const char *name = json_string_value(json_object_get(facts, "dataset"));
    if (!name && ds)
        name = tb_dataset_name(ds);
    S_set_str(o, "name", name);
    S_set_str(o, "title", ds ? S_ds_meta(ds, "title", lang) : NULL);
    S_set_str(o, "source", ds ? S_ds_meta(ds, "source", lang) : NULL);
    S_set_str(o, "basis", ds ? S_ds_meta(ds, "basis", lang) : NULL);
    const char *rep = json_string_value(json_object_get(facts, "reporter"));
    if (!rep && ds)
        rep = ctx && ctx->subject ? ctx->subject->reporter : tb_dataset_subject(ds).reporter;
    S_set_str(o, "reporter_code", rep);
    S_set_str(o, "reporter", ds && rep ? tb_dataset_label(ds, TB_DIM_REPORTER, rep, lang) : rep);
    /* The selection a briefing is about, in words; null for the world / all
     * products, so a template can name it ("exports to China"). */
    const char *par = json_string_value(json_object_get(facts, "partner"));
    const char *pro = json_string_value(json_object_get(facts, "product"));
    bool sp = par && strcmp(par, TB_PARTNER_WORLD) != 0, sq = pro && strcmp(pro, TB_PRODUCT_TOTAL) != 0;
    const char *pname = sp ? (ds ? tb_dataset_label(ds, TB_DIM_PARTNER, par, lang) : par) : NULL;
    const char *qname = sq ? (ds ? tb_dataset_label(ds, TB_DIM_PRODUCT, pro, lang) : pro) : NULL;
    S_set_str(o, "partner", pname);
    S_set_str(o, "product", qname);
    const char *rname = json_string_value(json_object_get(o, "reporter"));
    json_object_set_new(o, "subject", S_subject(rname ? rname : tb_lang(TB_L_ALL_TRADE, ko), pname, qname, ko));
    S_set_str(o, "currency", unit.currency);
    json_object_set_new(o, "multiplier", json_real(unit.multiplier));
    /* "thousand USD" / "천 달러" */
    tb_fmt_scale cur = tb_fmt_money_scale(0, unit, lang);
    double m = unit.multiplier;
    const char *mag = m == 1e3 ? tb_lang(TB_L_THOUSAND, ko) : m == 1e6 ? tb_lang(TB_L_MILLION, ko)
                      : m == 1e9 ? tb_lang(TB_L_BILLION, ko)
                                 : "";
    char *u = tb_mem_printf("%s%s", mag, ko ? cur.label : unit.currency);
    S_set_str(o, "unit", u);
    free(u);
    char mb[8];
    tb_month last = ds && ctx ? tb_dataset_last_month(ds, ctx->subject) : TB_MONTH_NONE;
    S_set_str(o, "first_month", ds && tb_dataset_months(ds) > 0 ? tb_month_iso(tb_dataset_start(ds), mb) : NULL);
    S_set_str(o, "last_month", last != TB_MONTH_NONE ? tb_month_iso(last, mb) : NULL);
    json_object_set_new(o, "working_days", ds ? json_boolean(tb_dataset_workdays(ds) != NULL) : json_null());
    json_object_set_new(o, "revision", json_null());
    json_object_set_new(o, "release", S_release_obj(ctx ? ctx->notes : NULL, month, lang));
    for (size_t i = 0; ctx && i < ctx->n_meta; i++)
        S_set_str(o, ctx->meta[i].key, ctx->meta[i].value);
    return o;
}

tb_doc *tb_template_expand(const tb_template *t, const json_t *facts, const tb_template_context *ctx,
                           tb_diag *diag)
{
    size_t before = diag->errors;
    tb_tpl_x X;
    memset(&X, 0, sizeof X);
    X.t = t;
    X.diag = diag;
    X.ctx = ctx;
    X.max_steps = ctx && ctx->max_steps ? ctx->max_steps : TB_TPL_MAX_STEPS;
    X.facts = json_is_object(facts) ? facts : NULL;
    X.series = json_object_get(X.facts, "series");
    X.breakdowns = json_object_get(X.facts, "breakdowns");
    if (!json_is_object(X.series))
        X.series = NULL;
    if (!json_is_object(X.breakdowns))
        X.breakdowns = NULL;
    X.lang = t->lang ? t->lang : ctx && ctx->lang ? ctx->lang : "en";
    X.f.lang = X.lang;
    tb_unit unit = {"USD", 1};
    if (ctx && ctx->ds)
        unit = tb_dataset_unit(ctx->ds);
    const json_t *ju = json_object_get(X.facts, "unit");
    if (json_is_string(json_object_get(ju, "currency")))
        snprintf(unit.currency, sizeof unit.currency, "%s", json_string_value(json_object_get(ju, "currency")));
    if (json_is_number(json_object_get(ju, "multiplier")))
        unit.multiplier = json_number_value(json_object_get(ju, "multiplier"));
    X.f.unit = unit;
    const char *ms = json_string_value(json_object_get(X.facts, "month"));
    if (!ms || !tb_month_parse(ms, strlen(ms), TB_MONTH_ISO, &X.month))
        X.month = TB_MONTH_NONE;
    X.dataset = S_dataset_obj(X.facts, ctx, X.lang, unit, X.month);
    X.reported = tb_mem_calloc(t->n_exprs + 1, 1);
    X.cache = tb_mem_calloc(t->n_exprs + 1, sizeof *X.cache);
    X.kpi = X.table = SIZE_MAX;
    X.sink = &X.para;

    X.check = true;
    S_walk(&X, t->root);
    tb_doc *doc = NULL;
    if (diag->errors == before) {
        X.check = false;
        X.n_scopes = 0;
        X.style = 0;
        doc = X.doc = tb_doc_new();
        tb_doc_set_meta(doc, "lang", X.lang);
        if (ms)
            tb_doc_set_meta(doc, "month", ms);
        const char *name = json_string_value(json_object_get(X.dataset, "name"));
        if (name)
            tb_doc_set_meta(doc, "dataset", name);
        const char *title = json_string_value(json_object_get(X.dataset, "title"));
        if (title)
            tb_doc_set_meta(doc, "dataset_title", title);
        const tb_notes *notes = ctx ? ctx->notes : NULL;
        if (tb_notes_release_of(notes, X.month) && notes->published)
            tb_doc_set_meta(doc, "published", notes->published);
        if (notes && notes->logo)
            tb_doc_set_meta(doc, "logo", notes->logo);
        S_walk(&X, t->root);
        S_para_close(&X);
        if (diag->errors != before) {
            tb_doc_free(doc);
            doc = NULL;
        }
    }
    tb_tpl_sink_take(&X.para, NULL);
    tb_buf_free(&X.path);
    while (X.n_scopes)
        S_pop_scope(&X);
    tb_tpl_arena_clear(&X.f);
    free(X.f.strs);
    free(X.scopes);
    free(X.colcells);
    free(X.reported);
    free(X.cache);
    json_decref(X.dataset);
    tb_chartset_free(X.charts);
    return doc;
}
