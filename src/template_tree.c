/* template_tree: the pools of a parsed template, its messages (held and
 * sorted while parsing), suggestions for misspelt names, and reading a
 * template file within a size limit.  See template_tree.h.
 */
#include "template_tree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

uint32_t tb_tpl_node_new(tb_template *t, enum tb_tpl_node_kind kind, tb_tpl_pos pos)
{
    if (t->n_nodes == 0)
        t->n_nodes = 1; /* index 0 is "none" */
    TB_GROW(t->nodes, t->cap_nodes, t->n_nodes + 1);
    tb_tpl_node *n = &t->nodes[t->n_nodes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->pos = pos;
    return (uint32_t)t->n_nodes++;
}

uint32_t tb_tpl_expr_new(tb_template *t, enum tb_tpl_expr_kind kind, tb_tpl_pos pos)
{
    if (t->n_exprs == 0)
        t->n_exprs = 1;
    TB_GROW(t->exprs, t->cap_exprs, t->n_exprs + 1);
    tb_tpl_expr *e = &t->exprs[t->n_exprs];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->pos = pos;
    return (uint32_t)t->n_exprs++;
}

struct tb_tpl_held {
    tb_tpl_pos pos;
    size_t seq;
    char *found, *msg;
};

#define S_MAX_HELD 4096

void tb_tpl_error(const tb_template *t, tb_diag *diag, tb_tpl_pos pos, const char *found, const char *fmt, ...)
{
    tb_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *msg = tb_buf_take(&b);
    if (t->hold_errors && t->n_held < S_MAX_HELD) {
        tb_template *w = (tb_template *)t; /* only the parser holds errors, on its own template */
        TB_GROW(w->held, w->cap_held, w->n_held + 1);
        struct tb_tpl_held *h = &w->held[w->n_held];
        h->pos = pos;
        h->seq = w->n_held++;
        h->found = found ? tb_mem_strdup(found) : NULL;
        h->msg = msg;
        return;
    }
    const char *file = pos.file < t->n_files ? t->files[pos.file] : "template";
    tb_diag_error(diag, file, pos.line, pos.col, found, "%s", msg);
    free(msg);
}

static int S_held_cmp(const void *pa, const void *pb)
{
    const struct tb_tpl_held *a = pa, *b = pb;
    if (a->pos.file != b->pos.file)
        return a->pos.file < b->pos.file ? -1 : 1;
    if (a->pos.line != b->pos.line)
        return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col)
        return a->pos.col < b->pos.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void tb_tpl_flush_errors(tb_template *t, tb_diag *diag)
{
    t->hold_errors = false;
    if (t->n_held)
        qsort(t->held, t->n_held, sizeof *t->held, S_held_cmp);
    for (size_t i = 0; i < t->n_held; i++) {
        struct tb_tpl_held *h = &t->held[i];
        tb_tpl_error(t, diag, h->pos, h->found, "%s", h->msg);
        free(h->found);
        free(h->msg);
    }
    free(t->held);
    t->held = NULL;
    t->n_held = t->cap_held = 0;
}

/* Levenshtein distance of A and B, giving up (returning LIMIT + 1) early. */
static size_t S_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + limit || lb > la + limit || la > 64 || lb > 64)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            prev = cur;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

const char *tb_tpl_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = S_distance(word, cands[i], limit);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    if (best || len < 2)
        return best;
    /* "yoy" -> "yoy_pct", "share" -> "share_pct": the shortest WORD_... */
    for (size_t i = 0; i < n; i++)
        if (cands[i] && strncmp(cands[i], word, len) == 0 && cands[i][len] == '_' &&
            (!best || strlen(cands[i]) < strlen(best)))
            best = cands[i];
    return best;
}

char *tb_tpl_read_file(const char *path, size_t limit, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    *err = 0;
    if (!f) {
        *err = errno;
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        TB_GROW(buf, cap, *len + 65536);
        size_t want = cap - *len < limit + 1 - *len ? cap - *len : limit + 1 - *len;
        size_t got = fread(buf + *len, 1, want, f);
        *len += got;
        if (got == 0 || *len > limit)
            break;
    }
    if (ferror(f))
        *err = errno ? errno : EIO;
    else if (*len > limit)
        *err = EFBIG;
    fclose(f);
    if (*err) {
        free(buf);
        return NULL;
    }
    return buf;
}
