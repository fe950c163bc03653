/* template_sink: see template_sink.h. */
#include "template_sink.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void tb_tpl_sink_claims_free(tb_tpl_claims *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].value);
    }
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* Hands the claims in C to part PART of block B (NULL: dropped), emptying C. */
void tb_tpl_sink_claims_give(tb_tpl_claims *c, tb_doc_block *b, const char *part)
{
    for (size_t i = 0; b && i < c->n; i++)
        tb_doc_add_claim(b, part, c->v[i].start, c->v[i].len, c->v[i].path, c->v[i].value);
    tb_tpl_sink_claims_free(c);
}

static void S_sink_flush(tb_tpl_sink *k)
{
    if (!k->cur.len)
        return;
    TB_GROW(k->runs, k->cap, k->n + 1);
    k->runs[k->n].text = tb_mem_strndup(k->cur.p, k->cur.len);
    k->runs[k->n].style = k->cur_style;
    k->n++;
    k->cur.len = 0;
}

static void S_sink_put(tb_tpl_sink *k, const char *s, size_t n, unsigned style)
{
    if (k->cur.len && style != k->cur_style)
        S_sink_flush(k);
    k->cur_style = style;
    tb_buf_put(&k->cur, s, n);
    k->plain_len += n;
}

void tb_tpl_sink_text(tb_tpl_sink *k, const char *s, size_t n, unsigned style)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (tb_tpl_sink_blank(c)) {
            if (k->any && !k->pending) {
                k->pending = true;
                k->pending_style = style;
            }
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !tb_tpl_sink_blank((unsigned char)s[j]))
            j++;
        if (k->pending) {
            k->pending = false;
            if (!strchr(",.;:!?)", c))
                S_sink_put(k, " ", 1, k->pending_style);
        }
        S_sink_put(k, s + i, j - i, style);
        k->any = true;
        i = j;
    }
}

/* Moves the sink's text into T (may be NULL: dropped) and empties it. */
void tb_tpl_sink_take(tb_tpl_sink *k, tb_doc_text *t)
{
    S_sink_flush(k);
    if (t) {
        /* merge neighbours of the same style (a style toggled on and off) */
        size_t o = 0;
        for (size_t i = 0; i < k->n; i++) {
            if (o > 0 && k->runs[o - 1].style == k->runs[i].style) {
                char *m = tb_mem_printf("%s%s", k->runs[o - 1].text, k->runs[i].text);
                free(k->runs[o - 1].text);
                free(k->runs[i].text);
                k->runs[o - 1].text = m;
            } else {
                k->runs[o++] = k->runs[i];
            }
        }
        tb_doc_text_adopt(t, k->runs, o);
    } else {
        for (size_t i = 0; i < k->n; i++)
            free(k->runs[i].text);
        free(k->runs);
    }
    free(k->cur.p);
    tb_tpl_sink_claims_free(&k->cl);
    memset(k, 0, sizeof *k);
}

/* The sink's text as one plain string; empties it.  Ownership: caller frees. */
char *tb_tpl_sink_plain(tb_tpl_sink *k)
{
    tb_doc_text t;
    memset(&t, 0, sizeof t);
    tb_tpl_sink_take(k, &t);
    char *s = t.plain;
    for (size_t i = 0; i < t.n_runs; i++)
        free(t.runs[i].text);
    free(t.runs);
    return s;
}
