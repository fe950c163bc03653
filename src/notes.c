/* notes: the desk's notes file through libyaml's document API (see
 * notes.h).  The document is loaded whole, then walked; every problem is
 * reported with its node's position and the walk goes on.
 */
#include "notes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mem.h"

typedef struct {
    yaml_document_t *doc;
    const char *path;
    tb_diag *diag;
} S_ctx;

#define S_ERR(c, node, found, ...)                                                                           \
    tb_diag_error((c)->diag, (c)->path, (node)->start_mark.line + 1, (node)->start_mark.column + 1, (found), \
                  __VA_ARGS__)

static yaml_node_t *S_node(S_ctx *c, int id) { return yaml_document_get_node(c->doc, id); }

/* The scalar's text, or NULL after a message naming WHAT. */
static const char *S_scalar(S_ctx *c, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        S_ERR(c, n, NULL, "%s must be a text", what);
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        S_ERR(c, n, NULL, "%s contains a NUL byte", what);
        return NULL;
    }
    return s;
}

static bool S_is_map(S_ctx *c, yaml_node_t *n, const char *what)
{
    if (n->type == YAML_MAPPING_NODE)
        return true;
    S_ERR(c, n, NULL, "%s must be a mapping (key: value lines)", what);
    return false;
}

/* A non-empty text (surrounding blank lines dropped).  Ownership: caller frees. */
static char *S_text_dup(S_ctx *c, yaml_node_t *n, const char *what)
{
    const char *s = S_scalar(c, n, what);
    if (!s)
        return NULL;
    size_t a = strspn(s, " \t\r\n"), b = strlen(s);
    while (b > a && strchr(" \t\r\n", s[b - 1]))
        b--;
    if (b == a) {
        S_ERR(c, n, NULL, "%s is empty", what);
        return NULL;
    }
    return tb_mem_strndup(s + a, b - a);
}

/* A text: a string for both languages, or {en: ..., ko: ...}. */
static void S_text(S_ctx *c, yaml_node_t *n, const char *what, tb_notes_text *t)
{
    if (n->type == YAML_SCALAR_NODE) {
        free(t->en);
        free(t->ko);
        t->en = S_text_dup(c, n, what);
        t->ko = t->en ? tb_mem_strdup(t->en) : NULL;
        return;
    }
    if (!S_is_map(c, n, what))
        return;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = S_node(c, p->key), *v = S_node(c, p->value);
        const char *key = S_scalar(c, k, "a key");
        char **slot = !key ? NULL : strcmp(key, "en") == 0 ? &t->en : strcmp(key, "ko") == 0 ? &t->ko : NULL;
        if (key && !slot)
            S_ERR(c, k, key, "%s has a text per language: en or ko", what);
        if (slot) {
            free(*slot);
            *slot = S_text_dup(c, v, what);
        }
    }
}

bool tb_notes_date(const char *s, int *y, int *m, int *d)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
    bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days[*m - 1] && !(*m == 2 && *d == 29 && !leap);
}

static char *S_date(S_ctx *c, yaml_node_t *n, const char *what)
{
    const char *s = S_scalar(c, n, what);
    int y, m, d;
    if (s && !tb_notes_date(s, &y, &m, &d)) {
        S_ERR(c, n, s, "%s must be a date written YYYY-MM-DD", what);
        return NULL;
    }
    return s ? tb_mem_strdup(s) : NULL;
}

static bool S_month(S_ctx *c, yaml_node_t *n, tb_month *out)
{
    const char *s = S_scalar(c, n, "a month");
    if (s && !tb_month_parse(s, strlen(s), TB_MONTH_ISO, out)) {
        S_ERR(c, n, s, "expected a month written YYYY-MM");
        return false;
    }
    return s != NULL;
}

/* The logo's path relative to the notes file's directory, when it names
 * a readable PNG file. */
static char *S_logo(S_ctx *c, yaml_node_t *n)
{
    char *s = S_text_dup(c, n, "logo");
    if (!s)
        return NULL;
    const char *slash = strrchr(c->path, '/');
    char *p = s[0] == '/' || !slash ? tb_mem_strdup(s) : tb_mem_printf("%.*s/%s", (int)(slash - c->path), c->path, s);
    FILE *f = fopen(p, "rb");
    unsigned char sig[8] = {0};
    bool png = f && fread(sig, 1, 8, f) == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0;
    if (!f)
        S_ERR(c, n, s, "cannot open the logo: %s", strerror(errno));
    else if (!png)
        S_ERR(c, n, s, "the logo must be a PNG image");
    if (f)
        fclose(f);
    free(s);
    if (!png) {
        free(p);
        return NULL;
    }
    return p;
}

static void S_release(S_ctx *c, tb_notes *out, yaml_node_t *n)
{
    if (!S_is_map(c, n, "release"))
        return;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = S_node(c, p->key), *v = S_node(c, p->value);
        const char *key = S_scalar(c, k, "a key");
        if (!key)
            continue;
        char **date = strcmp(key, "published") == 0      ? &out->published
                      : strcmp(key, "next_release") == 0 ? &out->next_release
                                                         : NULL;
        if (strcmp(key, "month") == 0) {
            S_month(c, v, &out->release_month);
        } else if (date) {
            free(*date);
            *date = S_date(c, v, key);
        } else if (strcmp(key, "embargo") == 0) {
            S_text(c, v, "embargo", &out->embargo);
        } else if (strcmp(key, "contact") == 0) {
            S_text(c, v, "contact", &out->contact);
        } else if (strcmp(key, "logo") == 0) {
            free(out->logo);
            out->logo = S_logo(c, v);
        } else {
            S_ERR(c, k, key, "unknown key in release: month, published, next_release, embargo, contact or logo");
        }
    }
    if (out->release_month == TB_MONTH_NONE &&
        (out->published || out->next_release || out->embargo.en || out->embargo.ko))
        S_ERR(c, n, NULL, "published, next_release and embargo belong to one month's release: add month: YYYY-MM");
}

static bool S_has_month(const tb_notes *n, tb_month m)
{
    for (size_t i = 0; i < n->n_commentary; i++)
        if (n->commentary[i].month == m)
            return true;
    return false;
}

static void S_commentary(S_ctx *c, tb_notes *out, yaml_node_t *n)
{
    if (!S_is_map(c, n, "commentary"))
        return;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = S_node(c, p->key), *v = S_node(c, p->value);
        tb_month m;
        if (!S_month(c, k, &m))
            continue;
        if (S_has_month(out, m)) {
            S_ERR(c, k, (const char *)k->data.scalar.value, "a second commentary for the same month");
            continue;
        }
        tb_notes_entry e = {m, {NULL, NULL}};
        S_text(c, v, "the commentary", &e.text);
        if (!e.text.en && !e.text.ko)
            continue;
        TB_GROW(out->commentary, out->cap_commentary, out->n_commentary + 1);
        out->commentary[out->n_commentary++] = e;
    }
}

static void S_annotation(S_ctx *c, tb_notes *out, yaml_node_t *n)
{
    if (!S_is_map(c, n, "an annotation"))
        return;
    tb_notes_entry e = {TB_MONTH_NONE, {NULL, NULL}};
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = S_node(c, p->key), *v = S_node(c, p->value);
        const char *key = S_scalar(c, k, "a key");
        if (key && strcmp(key, "month") == 0)
            S_month(c, v, &e.month);
        else if (key && (strcmp(key, "en") == 0 || strcmp(key, "ko") == 0)) {
            char **slot = key[0] == 'e' ? &e.text.en : &e.text.ko;
            free(*slot);
            *slot = S_text_dup(c, v, "an annotation's text");
        } else if (key)
            S_ERR(c, k, key, "unknown key in an annotation: month, en or ko");
    }
    if (e.month == TB_MONTH_NONE)
        S_ERR(c, n, NULL, "an annotation needs month: YYYY-MM");
    else if (!e.text.en && !e.text.ko)
        S_ERR(c, n, NULL, "an annotation needs a text: en: ... or ko: ...");
    if (e.month == TB_MONTH_NONE || (!e.text.en && !e.text.ko)) {
        free(e.text.en);
        free(e.text.ko);
        return;
    }
    TB_GROW(out->annotations, out->cap_annotations, out->n_annotations + 1);
    out->annotations[out->n_annotations++] = e;
}

static int S_by_month(const void *pa, const void *pb)
{
    const tb_notes_entry *a = pa, *b = pb;
    return (a->month > b->month) - (a->month < b->month);
}

static void S_root(S_ctx *c, tb_notes *out, yaml_node_t *root)
{
    if (!S_is_map(c, root, "the notes file"))
        return;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = S_node(c, p->key), *v = S_node(c, p->value);
        const char *key = S_scalar(c, k, "a key");
        if (!key)
            continue;
        if (strcmp(key, "release") == 0)
            S_release(c, out, v);
        else if (strcmp(key, "commentary") == 0)
            S_commentary(c, out, v);
        else if (strcmp(key, "annotations") == 0 && v->type != YAML_SEQUENCE_NODE)
            S_ERR(c, v, NULL, "annotations must be a list (lines starting with -)");
        else if (strcmp(key, "annotations") == 0)
            for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
                S_annotation(c, out, S_node(c, *i));
        else
            S_ERR(c, k, key, "unknown key in the notes file: release, commentary or annotations");
    }
    /* a stable order of annotations by month: insertion order breaks ties */
    for (size_t i = 1; i < out->n_annotations; i++)
        for (size_t j = i; j > 0 && S_by_month(&out->annotations[j - 1], &out->annotations[j]) > 0; j--) {
            tb_notes_entry t = out->annotations[j];
            out->annotations[j] = out->annotations[j - 1];
            out->annotations[j - 1] = t;
        }
}

/* Loads PATH as a YAML document into *DOC; false after a message. */
static bool S_load_yaml(const char *path, yaml_document_t *doc, tb_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        tb_diag_error(diag, path, 0, 0, NULL, "cannot open the notes file: %s", strerror(errno));
        return false;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    bool ok = yaml_parser_load(&parser, doc);
    if (!ok) {
        const char *problem = parser.problem ? parser.problem : "cannot parse";
        yaml_mark_t mk = parser.error == YAML_READER_ERROR ? parser.mark : parser.problem_mark;
        tb_diag_error(diag, path, mk.line + 1, mk.column + 1, NULL, "%s in the notes file: %s%s%s",
                      parser.error == YAML_READER_ERROR ? "unreadable text" : "invalid YAML", problem,
                      parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    fclose(fp);
    return ok;
}

tb_notes *tb_notes_load(const char *path, tb_diag *diag)
{
    yaml_document_t doc;
    if (!S_load_yaml(path, &doc, diag))
        return NULL;
    tb_notes *n = tb_mem_calloc(1, sizeof *n);
    n->path = tb_mem_strdup(path);
    n->release_month = TB_MONTH_NONE;
    size_t before = diag->errors;
    S_ctx c = {&doc, path, diag};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root)
        S_root(&c, n, root);
    yaml_document_delete(&doc);
    if (diag->errors != before) {
        tb_notes_free(n);
        return NULL;
    }
    return n;
}

static void S_entries_free(tb_notes_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].text.en);
        free(e[i].text.ko);
    }
    free(e);
}

void tb_notes_free(tb_notes *n)
{
    if (!n)
        return;
    S_entries_free(n->commentary, n->n_commentary);
    S_entries_free(n->annotations, n->n_annotations);
    free(n->embargo.en);
    free(n->embargo.ko);
    free(n->contact.en);
    free(n->contact.ko);
    free(n->published);
    free(n->next_release);
    free(n->logo);
    free(n->path);
    free(n);
}

const char *tb_notes_text_in(const tb_notes_text *t, const char *lang)
{
    return lang && strcmp(lang, "ko") == 0 ? t->ko : t->en;
}

const char *tb_notes_commentary(const tb_notes *n, tb_month m, const char *lang)
{
    for (size_t i = 0; n && i < n->n_commentary; i++)
        if (n->commentary[i].month == m)
            return tb_notes_text_in(&n->commentary[i].text, lang);
    return NULL;
}

bool tb_notes_release_of(const tb_notes *n, tb_month m)
{
    return n && n->release_month != TB_MONTH_NONE && n->release_month == m;
}
