/* ledger: see ledger.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart_spec.h"
#include "ledger.h"
#include "mem.h"

typedef struct {
    const tb_doc *doc;
    const tb_pdf_place *pl;
    size_t n_pl;
    json_t *out; /* the sentences */
} S_led;

/* A sentence being built: its text and claims. */
typedef struct {
    tb_buf text;
    json_t *claims;
} S_sent;

static const char *const S_kind_names[TB_DOC_KIND_COUNT] = {
    [TB_DOC_PAGEBREAK] = "pagebreak", [TB_DOC_HEADING] = "heading", [TB_DOC_PARAGRAPH] = "paragraph",
    [TB_DOC_KPI] = "kpi",             [TB_DOC_CHART] = "chart",     [TB_DOC_TABLE] = "table",
    [TB_DOC_FOOTNOTE] = "footnote",   [TB_DOC_SOURCE] = "source",   [TB_DOC_SPACER] = "spacer"};

/* The page that position AT of block BLK is on (tb_pdf_place), 0 unknown. */
static size_t S_page(const S_led *L, size_t blk, size_t at)
{
    size_t page = 0;
    for (size_t i = 0; i < L->n_pl; i++)
        if (L->pl[i].block == blk && (page == 0 || L->pl[i].at <= at))
            page = L->pl[i].page;
    return page;
}

/* Appends bytes [FROM, TO) of TEXT, part PART of block B, to sentence S
 * with the claims whose text starts there. */
static void S_piece(S_sent *s, const tb_doc_block *b, const char *part, const char *text, size_t from, size_t to)
{
    tb_buf_put(&s->text, text + from, to - from);
    for (size_t i = 0; i < b->n_claims; i++) {
        const tb_doc_claim *c = &b->claims[i];
        if (strcmp(c->part, part) != 0 || c->start < from || c->start >= to)
            continue;
        size_t len = c->start + c->len <= to ? c->len : to - c->start;
        json_t *v = json_loads(c->value, JSON_DECODE_ANY, NULL);
        json_array_append_new(s->claims, json_pack("{s:s, s:o, s:s%}", "path", c->path, "value", v ? v : json_null(),
                                                   "text", text + c->start, len));
    }
}

/* Adds sentence S (emptied) of block BLK at position AT, unless it is empty. */
static void S_emit(S_led *L, size_t blk, size_t at, S_sent *s)
{
    const tb_doc_block *b = tb_doc_block_at(L->doc, blk);
    if (s->text.len) {
        char *block = tb_mem_printf("%s %zu", S_kind_names[b->kind], blk);
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o}", "page", (json_int_t)S_page(L, blk, at), "block", block,
                              "origin", b->origin, "text", tb_buf_str(&s->text), "claims", s->claims);
        if (b->desk) /* the desk's own words: nothing in them is computed */
            json_object_set_new(o, "by", json_string("desk"));
        json_array_append_new(L->out, o);
        free(block);
    } else {
        json_decref(s->claims);
    }
    tb_buf_clear(&s->text);
    s->claims = json_array();
}

/* Running text: one sentence per ". " (or ! ?) not followed by a
 * lower-case letter. */
static void S_text(S_led *L, size_t blk, S_sent *s)
{
    const tb_doc_block *b = tb_doc_block_at(L->doc, blk);
    const char *t = b->text.plain;
    size_t n = strlen(t), from = 0;
    for (size_t i = 0; i <= n; i++) {
        bool end = i == n || (strchr(".!?", t[i]) && t[i + 1] == ' ' && !(t[i + 2] >= 'a' && t[i + 2] <= 'z'));
        if (!end)
            continue;
        size_t to = i < n ? i + 1 : n;
        S_piece(s, b, "text", t, from, to);
        S_emit(L, blk, from, s);
        from = to + 1;
        i = to;
    }
}

/* Parts PARTS[0..N) of block BLK joined by SEP into one sentence. */
static void S_joined(S_led *L, size_t blk, size_t at, const char *const *parts, size_t n, const char *sep, S_sent *s)
{
    const tb_doc_block *b = tb_doc_block_at(L->doc, blk);
    for (size_t i = 0; i < n; i++) {
        const char *t = tb_doc_part(b, parts[i]);
        if (!t || !*t)
            continue;
        if (s->text.len)
            tb_buf_puts(&s->text, sep);
        S_piece(s, b, parts[i], t, 0, strlen(t));
    }
    S_emit(L, blk, at, s);
}

static void S_table(S_led *L, size_t blk, S_sent *s)
{
    const tb_doc_block *b = tb_doc_block_at(L->doc, blk);
    const char *title[] = {"title"};
    S_joined(L, blk, 0, title, 1, "", s);
    size_t nc = b->table.n_cols;
    char **parts = tb_mem_calloc(nc + 1, sizeof *parts);
    for (size_t r = 0; r <= b->table.n_rows; r++) {
        if (r == 0 && !b->table.header)
            continue;
        for (size_t c = 0; c < nc; c++)
            parts[c] = r == 0 ? tb_mem_printf("header.%zu", c) : tb_mem_printf("cell.%zu.%zu", r - 1, c);
        S_joined(L, blk, r, (const char *const *)parts, nc, " | ", s);
        for (size_t c = 0; c < nc; c++)
            free(parts[c]);
    }
    free(parts);
}

static void S_block(S_led *L, size_t blk, S_sent *s)
{
    const tb_doc_block *b = tb_doc_block_at(L->doc, blk);
    switch (b->kind) {
    case TB_DOC_HEADING:
    case TB_DOC_PARAGRAPH:
    case TB_DOC_FOOTNOTE:
    case TB_DOC_SOURCE:
        S_text(L, blk, s);
        break;
    case TB_DOC_KPI:
        for (size_t k = 0; k < b->kpi.n; k++) {
            static const char *const fields[4] = {"label", "value", "change", "note"};
            char parts[4][48];
            const char *p[4];
            for (size_t f = 0; f < 4; f++) {
                snprintf(parts[f], sizeof parts[f], "kpi.%zu.%s", k, fields[f]);
                p[f] = parts[f];
            }
            S_joined(L, blk, 0, p, 4, " ", s);
        }
        break;
    case TB_DOC_CHART: {
        static const char *const keys[3] = {"param.title", "param.subtitle", "param.note"};
        for (size_t k = 0; k < 3; k++)
            S_joined(L, blk, 0, &keys[k], 1, "", s);
        for (size_t k = 0; b->chart.spec && k < b->chart.spec->n_labels; k++) {
            char part[32];
            const char *p = part;
            snprintf(part, sizeof part, "label.%zu", k);
            S_joined(L, blk, 0, &p, 1, "", s);
        }
        break;
    }
    case TB_DOC_TABLE:
        S_table(L, blk, s);
        break;
    default:
        break;
    }
}

json_t *tb_ledger_json(const tb_doc *doc, const tb_pdf_place *places, size_t n_places)
{
    S_led L = {doc, places, n_places, json_array()};
    S_sent s = {{0}, json_array()};
    for (size_t i = 0; i < tb_doc_count(doc); i++)
        S_block(&L, i, &s);
    json_decref(s.claims);
    tb_buf_free(&s.text);
    const char *ds = tb_doc_meta(doc, "dataset"), *month = tb_doc_meta(doc, "month"), *lang = tb_doc_meta(doc, "lang");
    return json_pack("{s:s?, s:s?, s:s?, s:o}", "dataset", ds, "month", month, "lang", lang, "sentences", L.out);
}
