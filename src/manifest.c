/* manifest: dataset.yaml through libyaml's document API (see manifest.h).
 *
 * The whole document is loaded, then walked; every problem is reported
 * with the node's position and the walk goes on, so one run shows all of a
 * manifest's mistakes.
 */
#include "manifest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "mem.h"
#include "month.h"
#include "period.h"
#include "textin.h"

typedef struct {
    yaml_document_t *doc;
    const char *path;
    tb_diag *diag;
    size_t errors_before;
} S_ctx;

static tb_manifest_pos S_pos(const yaml_node_t *n)
{
    return (tb_manifest_pos){n->start_mark.line + 1, n->start_mark.column + 1};
}

static const char *S_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

#define S_ERR(c, node, found, ...)                                                          \
    tb_diag_error((c)->diag, (c)->path, S_pos(node).line, S_pos(node).col, (found), __VA_ARGS__)

static const char *S_scalar(S_ctx *c, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        S_ERR(c, n, NULL, "%s must be a scalar (found %s)", what, S_kind(n));
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        S_ERR(c, n, NULL, "%s contains a NUL byte", what);
        return NULL;
    }
    return s;
}

static char *S_dup(S_ctx *c, yaml_node_t *n, const char *what)
{
    const char *s = S_scalar(c, n, what);
    return s ? tb_mem_strdup(s) : NULL;
}

static bool S_is_map(S_ctx *c, yaml_node_t *n, const char *what)
{
    if (n->type == YAML_MAPPING_NODE)
        return true;
    S_ERR(c, n, NULL, "%s must be a mapping (found %s)", what, S_kind(n));
    return false;
}

static bool S_is_seq(S_ctx *c, yaml_node_t *n, const char *what)
{
    if (n->type == YAML_SEQUENCE_NODE)
        return true;
    S_ERR(c, n, NULL, "%s must be a list (found %s)", what, S_kind(n));
    return false;
}

/* Iterates the pairs of a mapping node (or the items of a sequence); the
 * cursor's name carries the line number so loops can nest. */
#define S_CAT2(a, b) a##b
#define S_CAT(a, b) S_CAT2(a, b)
#define S_FOR_PAIRS(c, map, k, v) S_FOR_PAIRS_(c, map, k, v, S_CAT(p_, __LINE__))
#define S_FOR_PAIRS_(c, map, k, v, p)                                                      \
    for (yaml_node_pair_t *p = (map)->data.mapping.pairs.start;                            \
         p < (map)->data.mapping.pairs.top && ((k) = yaml_document_get_node((c)->doc, p->key), \
                                               (v) = yaml_document_get_node((c)->doc, p->value), 1); \
         p++)
#define S_FOR_ITEMS(c, seq, item) S_FOR_ITEMS_(c, seq, item, S_CAT(i_, __LINE__))
#define S_FOR_ITEMS_(c, seq, item, i)                                                      \
    for (yaml_node_item_t *i = (seq)->data.sequence.items.start;                           \
         i < (seq)->data.sequence.items.top && ((item) = yaml_document_get_node((c)->doc, *i), 1); i++)

/* The key's text, or NULL (reported) when it is not a scalar. */
static const char *S_key(S_ctx *c, yaml_node_t *k) { return S_scalar(c, k, "a key"); }

static void S_unknown_key(S_ctx *c, yaml_node_t *k, const char *key, const char *where, const char *allowed)
{
    S_ERR(c, k, key, "unknown key in %s (expected one of: %s)", where, allowed);
}

static bool S_code_ok(S_ctx *c, yaml_node_t *n, const char *s, const char *what)
{
    size_t len = strlen(s);
    if (!len || s[0] == ' ' || s[len - 1] == ' ') {
        S_ERR(c, n, s, "%s must be a non-empty code without surrounding spaces", what);
        return false;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) {
            S_ERR(c, n, s, "%s contains a control character", what);
            return false;
        }
    return true;
}

static char *S_code(S_ctx *c, yaml_node_t *n, const char *what)
{
    const char *s = S_scalar(c, n, what);
    return s && S_code_ok(c, n, s, what) ? tb_mem_strdup(s) : NULL;
}

static bool S_one_byte(S_ctx *c, yaml_node_t *n, const char *what, bool allow_empty, char *out)
{
    const char *s = S_scalar(c, n, what);
    if (!s)
        return false;
    if (allow_empty && !*s) {
        *out = 0;
        return true;
    }
    if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0)
        s = "\t";
    if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r') {
        S_ERR(c, n, s, "%s must be a single character other than a quote or a newline", what);
        return false;
    }
    *out = s[0];
    return true;
}

static bool S_unit(S_ctx *c, yaml_node_t *n, tb_unit *unit)
{
    if (!S_is_map(c, n, "unit"))
        return false;
    bool have_cur = false, have_mult = false, ok = true;
    yaml_node_t *k, *v;
    S_FOR_PAIRS(c, n, k, v)
    {
        const char *key = S_key(c, k);
        if (!key)
            continue;
        if (strcmp(key, "currency") == 0) {
            const char *s = S_scalar(c, v, "unit.currency");
            size_t len = s ? strlen(s) : 0;
            bool good = s && len >= 1 && len <= 7;
            for (size_t i = 0; good && i < len; i++)
                good = s[i] >= 'A' && s[i] <= 'Z';
            if (!good) {
                if (s)
                    S_ERR(c, v, s, "unit.currency must be an upper-case currency code such as USD");
                ok = false;
                continue;
            }
            memcpy(unit->currency, s, len + 1);
            have_cur = true;
        } else if (strcmp(key, "multiplier") == 0) {
            const char *s = S_scalar(c, v, "unit.multiplier");
            char *end;
            errno = 0;
            double m = s ? strtod(s, &end) : NAN;
            if (!s || errno || *end || !(m > 0) || !isfinite(m)) {
                if (s)
                    S_ERR(c, v, s, "unit.multiplier must be a positive number such as 1000");
                ok = false;
                continue;
            }
            unit->multiplier = m;
            have_mult = true;
        } else {
            S_unknown_key(c, k, key, "unit", "currency, multiplier");
            ok = false;
        }
    }
    if (ok && (!have_cur || !have_mult)) {
        S_ERR(c, n, NULL, "unit needs both currency and multiplier");
        ok = false;
    }
    return ok;
}

static void S_add_meta(tb_manifest *m, const char *key, const char *value)
{
    m->meta = tb_mem_reallocarray(m->meta, m->n_meta + 1, sizeof *m->meta);
    m->meta[m->n_meta].key = tb_mem_strdup(key);
    m->meta[m->n_meta].value = tb_mem_strdup(value);
    m->n_meta++;
}

static void S_add_label(tb_manifest *m, int dim, const char *code, const char *lang, const char *label)
{
    m->labels = tb_mem_reallocarray(m->labels, m->n_labels + 1, sizeof *m->labels);
    m->labels[m->n_labels] = (tb_manifest_label){dim, tb_mem_strdup(code), tb_mem_strdup(lang),
                                                 tb_mem_strdup(label)};
    m->n_labels++;
}

static bool S_lang_ok(S_ctx *c, yaml_node_t *k, const char *lang)
{
    size_t len = strlen(lang);
    bool ok = len >= 2 && len <= 8;
    for (size_t i = 0; ok && i < len; i++)
        ok = (lang[i] >= 'a' && lang[i] <= 'z') || lang[i] == '-';
    if (!ok)
        S_ERR(c, k, lang, "a language must be a code such as en or ko");
    return ok;
}

/* title: {en: ..., ko: ...} or a plain string (English). */
static void S_text(S_ctx *c, tb_manifest *m, const char *key, yaml_node_t *v)
{
    if (v->type == YAML_SCALAR_NODE) {
        const char *s = S_scalar(c, v, key);
        if (s) {
            char *mk = tb_mem_printf("%s.en", key);
            S_add_meta(m, mk, s);
            free(mk);
        }
        return;
    }
    if (!S_is_map(c, v, key))
        return;
    yaml_node_t *lk, *lv;
    S_FOR_PAIRS(c, v, lk, lv)
    {
        const char *lang = S_key(c, lk), *s = S_scalar(c, lv, key);
        if (!lang || !s || !S_lang_ok(c, lk, lang))
            continue;
        char *mk = tb_mem_printf("%s.%s", key, lang);
        S_add_meta(m, mk, s);
        free(mk);
    }
}

static void S_names(S_ctx *c, tb_manifest *m, yaml_node_t *n)
{
    static const char *const groups[] = {"reporters", "partners", "products", "flows"};
    static const int dims[] = {TB_DIM_REPORTER, TB_DIM_PARTNER, TB_DIM_PRODUCT, -1};
    if (!S_is_map(c, n, "names"))
        return;
    yaml_node_t *gk, *gv;
    S_FOR_PAIRS(c, n, gk, gv)
    {
        const char *group = S_key(c, gk);
        if (!group)
            continue;
        int g = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(group, groups[i]) == 0)
                g = i;
        if (g < 0) {
            S_unknown_key(c, gk, group, "names", "reporters, partners, products, flows");
            continue;
        }
        if (!S_is_map(c, gv, group))
            continue;
        yaml_node_t *ck, *cv;
        S_FOR_PAIRS(c, gv, ck, cv)
        {
            const char *code = S_scalar(c, ck, "a code");
            if (!code || !S_code_ok(c, ck, code, "a code"))
                continue;
            if (dims[g] < 0 && tb_flow_parse(code) < 0) {
                S_ERR(c, ck, code, "unknown flow (expected export, import or balance)");
                continue;
            }
            if (cv->type == YAML_SCALAR_NODE) {
                const char *s = S_scalar(c, cv, "a name");
                if (s)
                    S_add_label(m, dims[g], code, "en", s);
                continue;
            }
            if (!S_is_map(c, cv, "a name"))
                continue;
            yaml_node_t *lk, *lv;
            S_FOR_PAIRS(c, cv, lk, lv)
            {
                const char *lang = S_key(c, lk), *s = S_scalar(c, lv, "a name");
                if (lang && s && S_lang_ok(c, lk, lang))
                    S_add_label(m, dims[g], code, lang, s);
            }
        }
    }
}

static int S_flow(S_ctx *c, yaml_node_t *v)
{
    const char *s = S_scalar(c, v, "flow");
    if (!s)
        return -1;
    int f = tb_flow_parse(s);
    if (f < 0)
        S_ERR(c, v, s, "unknown flow (expected export, import or balance)");
    return f;
}

static void S_groups_free(tb_manifest_breakdown *b)
{
    for (size_t i = 0; i < b->n_groups; i++) {
        tb_manifest_group *g = &b->groups[i];
        free(g->name);
        free(g->en);
        free(g->ko);
        for (size_t j = 0; j < g->n_codes; j++)
            free(g->codes[j]);
        free(g->codes);
    }
    free(b->groups);
}

/* One group's mapping into G; false when something was reported. */
static bool S_group(S_ctx *c, tb_manifest_group *g, yaml_node_t *v)
{
    bool ok = S_is_map(c, v, "a group");
    yaml_node_t *gk, *gv, *item;
    if (ok)
        S_FOR_PAIRS(c, v, gk, gv)
        {
            const char *key = S_key(c, gk);
            char **text = !key ? NULL : strcmp(key, "en") == 0 ? &g->en : strcmp(key, "ko") == 0 ? &g->ko : NULL;
            if (text) {
                free(*text);
                *text = S_dup(c, gv, key);
                ok = *text && ok;
            } else if (key && (strcmp(key, "products") == 0 || strcmp(key, "partners") == 0) &&
                       S_is_seq(c, gv, "the group's members")) {
                S_FOR_ITEMS(c, gv, item)
                {
                    char *code = S_code(c, item, "a member");
                    ok = code && ok;
                    if (!code)
                        continue;
                    g->codes = tb_mem_reallocarray(g->codes, g->n_codes + 1, sizeof *g->codes);
                    g->codes[g->n_codes++] = code;
                }
            } else {
                if (key && strcmp(key, "products") != 0 && strcmp(key, "partners") != 0)
                    S_unknown_key(c, gk, key, "a group", "en, ko, products, partners");
                ok = false;
            }
        }
    if (ok && g->n_codes == 0) {
        S_ERR(c, v, g->name, "a group needs a list of products or partners");
        ok = false;
    }
    return ok;
}

static bool S_groups(S_ctx *c, tb_manifest_breakdown *b, yaml_node_t *v)
{
    if (!S_is_map(c, v, "groups"))
        return false;
    bool ok = true;
    yaml_node_t *gk, *gv;
    S_FOR_PAIRS(c, v, gk, gv)
    {
        char *name = S_code(c, gk, "a group name");
        if (!name) {
            ok = false;
            continue;
        }
        b->groups = tb_mem_reallocarray(b->groups, b->n_groups + 1, sizeof *b->groups);
        tb_manifest_group *g = &b->groups[b->n_groups++];
        *g = (tb_manifest_group){.name = name, .pos = S_pos(gk)};
        ok = S_group(c, g, gv) && ok;
    }
    return ok;
}

static void S_breakdown(S_ctx *c, tb_manifest *m, yaml_node_t *k, yaml_node_t *v)
{
    const char *name = S_key(c, k);
    if (!name || !S_is_map(c, v, "a breakdown"))
        return;
    tb_manifest_breakdown b = {.name = tb_mem_strdup(name), .pos = S_pos(k)};
    int flow = -1, along = -1;
    bool ok = true;
    yaml_node_t *bk, *bv, *list = NULL;
    char *partner = NULL, *product = NULL;
    S_FOR_PAIRS(c, v, bk, bv)
    {
        const char *key = S_key(c, bk);
        if (!key) {
            ok = false;
        } else if (strcmp(key, "flow") == 0) {
            flow = S_flow(c, bv);
        } else if (strcmp(key, "total") == 0) {
            free(b.total);
            b.total = S_code(c, bv, "total");
        } else if (strcmp(key, "partner") == 0 || strcmp(key, "product") == 0) {
            char **dst = key[1] == 'a' ? &partner : &product;
            free(*dst);
            *dst = S_code(c, bv, key);
        } else if (strcmp(key, "partners") == 0 || strcmp(key, "products") == 0) {
            if (list) {
                S_ERR(c, bk, key, "a breakdown lists members along one dimension only");
                ok = false;
            }
            list = bv;
            along = key[1] == 'a' ? TB_DIM_PARTNER : TB_DIM_PRODUCT;
        } else if (strcmp(key, "groups") == 0) {
            ok = S_groups(c, &b, bv) && ok;
        } else {
            S_unknown_key(c, bk, key, "a breakdown",
                          "flow, partner, product, total, partners, products, groups");
            ok = false;
        }
    }
    if (flow < 0) {
        S_ERR(c, k, name, "breakdown needs a flow");
        ok = false;
    }
    if (!list) {
        S_ERR(c, k, name, "breakdown needs a list of partners or products");
        ok = false;
    } else if (S_is_seq(c, list, "the members")) {
        yaml_node_t *item;
        S_FOR_ITEMS(c, list, item)
        {
            char *code = S_code(c, item, "a member");
            if (!code) {
                ok = false;
                continue;
            }
            b.members = tb_mem_reallocarray(b.members, b.n_members + 1, sizeof *b.members);
            b.members[b.n_members++] = code;
        }
    } else {
        ok = false;
    }
    if (list && !b.total) {
        S_ERR(c, k, name, "breakdown needs a total");
        ok = false;
    }
    if (along >= 0) {
        char **fixed = along == TB_DIM_PARTNER ? &product : &partner;
        b.fixed = *fixed ? *fixed : tb_mem_strdup(along == TB_DIM_PARTNER ? TB_PRODUCT_TOTAL : TB_PARTNER_WORLD);
        *fixed = NULL;
        if (along == TB_DIM_PARTNER ? partner != NULL : product != NULL) {
            S_ERR(c, k, name, "breakdown fixes the dimension its members vary along");
            ok = false;
        }
    }
    free(partner);
    free(product);
    b.flow = flow < 0 ? TB_EXPORT : (enum tb_flow)flow;
    b.along = along < 0 ? TB_DIM_PRODUCT : (enum tb_dim)along;
    if (!ok) {
        free(b.name);
        free(b.fixed);
        free(b.total);
        for (size_t i = 0; i < b.n_members; i++)
            free(b.members[i]);
        free(b.members);
        S_groups_free(&b);
        return;
    }
    m->breakdowns = tb_mem_reallocarray(m->breakdowns, m->n_breakdowns + 1, sizeof *m->breakdowns);
    m->breakdowns[m->n_breakdowns++] = b;
}

static void S_column(S_ctx *c, tb_manifest_file *f, yaml_node_t *k, yaml_node_t *v)
{
    const char *header = S_key(c, k);
    if (!header || !S_is_map(c, v, "a column mapping"))
        return;
    tb_manifest_column col = {.header = tb_mem_strdup(header), .pos = S_pos(k)};
    int flow = -1;
    bool ok = true;
    yaml_node_t *ck, *cv;
    S_FOR_PAIRS(c, v, ck, cv)
    {
        const char *key = S_key(c, ck);
        char **dst = NULL;
        if (!key)
            ok = false;
        else if (strcmp(key, "flow") == 0)
            flow = S_flow(c, cv);
        else if (strcmp(key, "reporter") == 0)
            dst = &col.reporter;
        else if (strcmp(key, "partner") == 0)
            dst = &col.partner;
        else if (strcmp(key, "product") == 0)
            dst = &col.product;
        else {
            S_unknown_key(c, ck, key, "a column mapping", "reporter, flow, partner, product");
            ok = false;
        }
        if (dst) {
            free(*dst);
            *dst = S_code(c, cv, key);
            ok = ok && *dst;
        }
    }
    if (flow < 0 || !col.partner || !col.product) {
        S_ERR(c, k, header, "a column mapping needs flow, partner and product");
        ok = false;
    }
    col.flow = flow < 0 ? TB_EXPORT : (enum tb_flow)flow;
    if (!ok) {
        free(col.header);
        free(col.reporter);
        free(col.partner);
        free(col.product);
        return;
    }
    f->columns = tb_mem_reallocarray(f->columns, f->n_columns + 1, sizeof *f->columns);
    f->columns[f->n_columns++] = col;
}

static const char *const S_hdr_names[TB_HDR_COUNT] = {"period",  "reporter", "flow",  "partner",
                                                       "product", "value",    "status"};

/* headers: {period: TIME, value: VALUE, ...}: our column names to the file's. */
static bool S_headers(S_ctx *c, tb_manifest_file *f, yaml_node_t *n)
{
    if (!S_is_map(c, n, "headers"))
        return false;
    bool ok = true;
    yaml_node_t *k, *v;
    S_FOR_PAIRS(c, n, k, v)
    {
        const char *key = S_key(c, k);
        int h = -1;
        for (int i = 0; key && i < TB_HDR_COUNT; i++)
            if (strcmp(key, S_hdr_names[i]) == 0)
                h = i;
        if (h < 0) {
            if (key)
                S_unknown_key(c, k, key, "headers", "period, reporter, flow, partner, product, value, status");
            ok = false;
            continue;
        }
        free(f->headers[h]);
        f->headers[h] = S_dup(c, v, key);
        ok = f->headers[h] && ok;
    }
    return ok;
}

/* codes: {flow: {X: export, M: import}, partner: {W00: WLD}, ...}. */
static bool S_codes(S_ctx *c, tb_manifest_file *f, yaml_node_t *n)
{
    static const char *const dims[] = {"reporter", "partner", "product", "flow"};
    if (!S_is_map(c, n, "codes"))
        return false;
    bool ok = true;
    yaml_node_t *k, *v, *ck, *cv;
    S_FOR_PAIRS(c, n, k, v)
    {
        const char *key = S_key(c, k);
        int d = -2;
        for (int i = 0; key && i < 4; i++)
            if (strcmp(key, dims[i]) == 0)
                d = i == 3 ? -1 : i;
        if (d == -2) {
            if (key)
                S_unknown_key(c, k, key, "codes", "reporter, partner, product, flow");
            ok = false;
            continue;
        }
        if (!S_is_map(c, v, key)) {
            ok = false;
            continue;
        }
        S_FOR_PAIRS(c, v, ck, cv)
        {
            char *from = S_dup(c, ck, "an agency code"), *to = S_code(c, cv, "a code");
            if (to && d < 0 && tb_flow_parse(to) < 0) {
                S_ERR(c, cv, to, "unknown flow (expected export, import or balance)");
                free(to);
                to = NULL;
            }
            if (!from || !to) {
                free(from);
                free(to);
                ok = false;
                continue;
            }
            f->codes = tb_mem_reallocarray(f->codes, f->n_codes + 1, sizeof *f->codes);
            f->codes[f->n_codes++] = (tb_manifest_code){d, from, to};
        }
    }
    return ok;
}

static bool S_encoding(S_ctx *c, tb_manifest_file *f, yaml_node_t *v)
{
    free(f->encoding);
    f->encoding = S_dup(c, v, "encoding");
    if (!f->encoding)
        return false;
    if (strcasecmp(f->encoding, "utf-8") == 0 || strcasecmp(f->encoding, "utf8") == 0) {
        free(f->encoding);
        f->encoding = NULL;
        return true;
    }
    if (tb_textin_encoding_ok(f->encoding))
        return true;
    S_ERR(c, v, f->encoding, "unknown encoding (iconv names such as cp949, euc-kr, utf-16, latin1)");
    return false;
}

static bool S_period_format(S_ctx *c, tb_manifest_file *f, yaml_node_t *v)
{
    const char *s = S_scalar(c, v, "period_format"), *why = NULL;
    if (!s)
        return false;
    if (strchr(s, '%')) {
        if (!tb_period_pattern_ok(s, &why)) {
            S_ERR(c, v, s, "period_format: %s", why);
            return false;
        }
        free(f->period_pattern);
        f->period_pattern = tb_mem_strdup(s);
        return true;
    }
    int pf = tb_month_format_parse(s);
    if (pf < 0) {
        S_ERR(c, v, s,
              "unknown period_format (expected YYYY-MM, YYYYMM, YYYY.MM, YYYYMmm or a pattern such as %%Y/%%m, "
              "%%B %%Y, %%Y-%%m-%%d)");
        return false;
    }
    f->period_format = pf;
    return true;
}

/* reporter:, partner:, product: in a file entry: the code of a dimension
 * the file has no column for. */
static bool S_fixed(S_ctx *c, tb_manifest_file *f, const char *key, yaml_node_t *v)
{
    int d = key[1] == 'e' ? TB_DIM_REPORTER : key[1] == 'a' ? TB_DIM_PARTNER : TB_DIM_PRODUCT;
    free(f->fixed[d]);
    f->fixed[d] = S_code(c, v, key);
    return f->fixed[d] != NULL;
}

const char *tb_manifest_header(const tb_manifest_file *f, const char *ours)
{
    static const char *const sdmx[TB_HDR_COUNT] = {"TIME_PERIOD", "REF_AREA", NULL, "COUNTERPART_AREA",
                                                   NULL,          "OBS_VALUE", "OBS_STATUS"};
    for (int h = 0; h < TB_HDR_COUNT; h++) {
        if (strcmp(ours, S_hdr_names[h]) != 0)
            continue;
        if (f->headers[h])
            return f->headers[h];
        if (f->sdmx && sdmx[h])
            return sdmx[h];
    }
    return ours;
}

const char *tb_manifest_map_code(const tb_manifest_file *f, int dim, const char *code)
{
    for (size_t i = 0; i < f->n_codes; i++)
        if (f->codes[i].dim == dim && strcmp(f->codes[i].from, code) == 0)
            return f->codes[i].to;
    return code;
}

static void S_file(S_ctx *c, tb_manifest *m, yaml_node_t *n)
{
    if (!S_is_map(c, n, "a file entry"))
        return;
    tb_manifest_file f = {.pos = S_pos(n), .delimiter = ',', .decimal = '.', .period_format = TB_MONTH_ISO};
    bool ok = true;
    yaml_node_t *k, *v, *columns = NULL;
    S_FOR_PAIRS(c, n, k, v)
    {
        const char *key = S_key(c, k);
        if (!key) {
            ok = false;
        } else if (strcmp(key, "path") == 0) {
            free(f.path);
            f.path = S_dup(c, v, "path");
            if (f.path && (!*f.path || f.path[0] == '/' || strstr(f.path, ".."))) {
                S_ERR(c, v, f.path, "path must be relative to the dataset directory, without ..");
                ok = false;
            }
        } else if (strcmp(key, "format") == 0) {
            const char *s = S_scalar(c, v, "format");
            if (s && strcmp(s, "long") != 0 && strcmp(s, "wide") != 0 && strcmp(s, "sdmx-csv") != 0) {
                S_ERR(c, v, s, "unknown format (expected long, wide or sdmx-csv)");
                ok = false;
            }
            f.wide = s && strcmp(s, "wide") == 0;
            f.sdmx = s && strcmp(s, "sdmx-csv") == 0;
        } else if (strcmp(key, "period") == 0) {
            free(f.period_column);
            f.period_column = S_dup(c, v, "period");
        } else if (strcmp(key, "period_format") == 0) {
            ok = S_period_format(c, &f, v) && ok;
        } else if (strcmp(key, "encoding") == 0) {
            ok = S_encoding(c, &f, v) && ok;
        } else if (strcmp(key, "headers") == 0) {
            ok = S_headers(c, &f, v) && ok;
        } else if (strcmp(key, "codes") == 0) {
            ok = S_codes(c, &f, v) && ok;
        } else if (strcmp(key, "reporter") == 0 || strcmp(key, "partner") == 0 || strcmp(key, "product") == 0) {
            ok = S_fixed(c, &f, key, v) && ok;
        } else if (strcmp(key, "delimiter") == 0) {
            ok = S_one_byte(c, v, "delimiter", false, &f.delimiter) && ok;
        } else if (strcmp(key, "decimal") == 0) {
            ok = S_one_byte(c, v, "decimal", false, &f.decimal) && ok;
        } else if (strcmp(key, "thousands") == 0) {
            ok = S_one_byte(c, v, "thousands", true, &f.thousands) && ok;
        } else if (strcmp(key, "missing") == 0) {
            if (!S_is_seq(c, v, "missing")) {
                ok = false;
                continue;
            }
            yaml_node_t *item;
            S_FOR_ITEMS(c, v, item)
            {
                char *s = S_dup(c, item, "a missing token");
                if (!s)
                    continue;
                f.missing = tb_mem_reallocarray(f.missing, f.n_missing + 1, sizeof *f.missing);
                f.missing[f.n_missing++] = s;
            }
        } else if (strcmp(key, "unit") == 0) {
            f.has_unit = S_unit(c, v, &f.unit);
            f.unit_pos = S_pos(v);
            ok = f.has_unit && ok;
        } else if (strcmp(key, "columns") == 0) {
            columns = v;
        } else {
            S_unknown_key(c, k, key, "a file entry",
                          "path, format, encoding, period, period_format, delimiter, decimal, thousands, missing, unit, "
                          "columns, headers, codes, reporter, partner, product");
            ok = false;
        }
    }
    if (!f.path) {
        S_ERR(c, n, NULL, "a file entry needs a path");
        ok = false;
    }
    if (f.decimal == f.thousands) {
        /* Either may equal the delimiter: such values are quoted. */
        S_ERR(c, n, f.path, "decimal and thousands separators must differ");
        ok = false;
    }
    if (f.wide && (f.n_codes || f.headers[TB_HDR_PERIOD] || f.fixed[TB_DIM_REPORTER] || f.fixed[TB_DIM_PARTNER] ||
                   f.fixed[TB_DIM_PRODUCT])) {
        S_ERR(c, n, f.path, "headers, codes, reporter, partner and product are for long files; a wide file maps "
                            "its columns in columns");
        ok = false;
    }
    if (columns && !f.wide) {
        S_ERR(c, columns, NULL, "columns are for wide files; a long file names its columns in its header");
        ok = false;
    } else if (columns && S_is_map(c, columns, "columns")) {
        yaml_node_t *ck, *cv;
        S_FOR_PAIRS(c, columns, ck, cv) S_column(c, &f, ck, cv);
    }
    if (f.wide && !f.n_columns && ok) {
        S_ERR(c, n, f.path, "a wide file needs columns mapping headers to series");
        ok = false;
    }
    if (!f.period_column)
        f.period_column = tb_mem_strdup("period");
    m->files = tb_mem_reallocarray(m->files, m->n_files + 1, sizeof *m->files);
    m->files[m->n_files++] = f;
    (void)ok;
}

static void S_workdays(S_ctx *c, tb_manifest *m, yaml_node_t *n)
{
    if (!S_is_map(c, n, "working_days"))
        return;
    yaml_node_t *k, *v;
    S_FOR_PAIRS(c, n, k, v)
    {
        const char *key = S_key(c, k);
        if (key && strcmp(key, "file") == 0) {
            free(m->workdays_file);
    free(m->workdays_daily);
            m->workdays_file = S_dup(c, v, "working_days.file");
            m->workdays_pos = S_pos(v);
        } else if (key && strcmp(key, "daily") == 0) {
            free(m->workdays_daily);
            m->workdays_daily = S_dup(c, v, "working_days.daily");
            m->workdays_daily_pos = S_pos(v);
        } else if (key) {
            S_unknown_key(c, k, key, "working_days", "file, daily");
        }
    }
}

static void S_root(S_ctx *c, tb_manifest *m, yaml_node_t *root)
{
    if (!S_is_map(c, root, "the manifest"))
        return;
    bool have_unit = false, have_files = false;
    yaml_node_t *k, *v;
    S_FOR_PAIRS(c, root, k, v)
    {
        const char *key = S_key(c, k);
        if (!key)
            continue;
        if (strcmp(key, "name") == 0) {
            free(m->name);
            m->name = S_dup(c, v, "name");
            for (const char *p = m->name; p && *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) {
                    S_ERR(c, v, m->name, "name may hold only a-z, 0-9, - and _");
                    break;
                }
        } else if (strcmp(key, "reporter") == 0) {
            free(m->reporter);
            m->reporter = S_code(c, v, "reporter");
        } else if (strcmp(key, "partner") == 0 || strcmp(key, "product") == 0) {
            /* the headline partner and product (a bilateral dataset's partner) */
            char *code = S_code(c, v, key);
            if (code)
                S_add_meta(m, key, code);
            free(code);
        } else if (strcmp(key, "unit") == 0) {
            have_unit = S_unit(c, v, &m->unit);
        } else if (strcmp(key, "title") == 0 || strcmp(key, "basis") == 0 || strcmp(key, "source") == 0 ||
                   strcmp(key, "note") == 0) {
            S_text(c, m, key, v);
        } else if (strcmp(key, "names") == 0) {
            S_names(c, m, v);
        } else if (strcmp(key, "breakdowns") == 0) {
            if (!S_is_map(c, v, "breakdowns"))
                continue;
            yaml_node_t *bk, *bv;
            S_FOR_PAIRS(c, v, bk, bv) S_breakdown(c, m, bk, bv);
        } else if (strcmp(key, "files") == 0) {
            if (!S_is_seq(c, v, "files"))
                continue;
            yaml_node_t *item;
            S_FOR_ITEMS(c, v, item) S_file(c, m, item);
            have_files = true;
        } else if (strcmp(key, "working_days") == 0) {
            S_workdays(c, m, v);
        } else if (strcmp(key, "aggregates") == 0) {
            /* reporters that are country groups: meta "aggregate.CODE" */
            if (!S_is_seq(c, v, "aggregates"))
                continue;
            yaml_node_t *item;
            S_FOR_ITEMS(c, v, item)
            {
                char *code = S_code(c, item, "an aggregate");
                if (!code)
                    continue;
                char *mk = tb_mem_printf("aggregate.%s", code);
                S_add_meta(m, mk, "yes");
                free(mk);
                free(code);
            }
        } else {
            S_unknown_key(c, k, key, "the manifest",
                          "name, title, reporter, partner, product, unit, basis, source, note, names, breakdowns, files, "
                          "working_days, aggregates");
        }
    }
    if (!m->name)
        S_ERR(c, root, NULL, "the manifest needs a name");
    if (!have_unit && c->diag->errors == c->errors_before)
        S_ERR(c, root, NULL, "the manifest needs a unit: {currency: ..., multiplier: ...}");
    if ((!have_files || !m->n_files) && c->diag->errors == c->errors_before)
        S_ERR(c, root, NULL, "the manifest needs a list of files");
}

/* Whether line LINE (0-based) of FP is indented with a tab: libyaml's
 * message for it ("found character that cannot start any token") does not
 * say so. */
static bool S_tab_at(FILE *fp, size_t line)
{
    rewind(fp);
    size_t at = 0;
    int ch;
    while (at < line && (ch = fgetc(fp)) != EOF)
        at += ch == '\n';
    while ((ch = fgetc(fp)) == ' ')
        ;
    return ch == '\t';
}

tb_manifest *tb_manifest_load(const char *path, tb_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        tb_diag_error(diag, path, 0, 0, NULL, "cannot open the manifest: %s", strerror(errno));
        return NULL;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        const char *problem = parser.problem ? parser.problem : "cannot parse";
        if (parser.error == YAML_READER_ERROR) {
            /* reader errors carry a byte offset, not a mark */
            size_t line = 1, col = 1;
            rewind(fp);
            for (size_t i = 0; i < parser.problem_offset; i++) {
                int ch = fgetc(fp);
                if (ch == EOF)
                    break;
                if (ch == '\n')
                    line++, col = 1;
                else if ((ch & 0xC0) != 0x80)
                    col++;
            }
            tb_diag_error(diag, path, line, col, NULL, "invalid UTF-8 in the manifest: %s", problem);
            yaml_parser_delete(&parser);
            fclose(fp);
            return NULL;
        }
        if (S_tab_at(fp, parser.problem_mark.line))
            tb_diag_error(diag, path, parser.problem_mark.line + 1, parser.problem_mark.column + 1, NULL,
                          "invalid YAML: tabs are not allowed for indentation; indent with spaces");
        else
            tb_diag_error(diag, path, parser.problem_mark.line + 1, parser.problem_mark.column + 1, NULL,
                          "invalid YAML: %s%s%s", problem, parser.context ? " " : "",
                          parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        fclose(fp);
        return NULL;
    }
    yaml_parser_delete(&parser);
    fclose(fp);

    tb_manifest *m = tb_mem_calloc(1, sizeof *m);
    m->path = tb_mem_strdup(path);
    S_ctx c = {.doc = &doc, .path = path, .diag = diag, .errors_before = diag->errors};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root)
        tb_diag_error(diag, path, 0, 0, NULL, "the manifest is empty");
    else
        S_root(&c, m, root);
    yaml_document_delete(&doc);
    if (diag->errors != c.errors_before) {
        tb_manifest_free(m);
        return NULL;
    }
    return m;
}

void tb_manifest_free(tb_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_meta; i++) {
        free(m->meta[i].key);
        free(m->meta[i].value);
    }
    for (size_t i = 0; i < m->n_labels; i++) {
        free(m->labels[i].code);
        free(m->labels[i].lang);
        free(m->labels[i].label);
    }
    for (size_t i = 0; i < m->n_breakdowns; i++) {
        tb_manifest_breakdown *b = &m->breakdowns[i];
        free(b->name);
        free(b->fixed);
        free(b->total);
        for (size_t j = 0; j < b->n_members; j++)
            free(b->members[j]);
        free(b->members);
        S_groups_free(b);
    }
    for (size_t i = 0; i < m->n_files; i++) {
        tb_manifest_file *f = &m->files[i];
        free(f->path);
        free(f->period_column);
        free(f->encoding);
        free(f->period_pattern);
        for (int h = 0; h < TB_HDR_COUNT; h++)
            free(f->headers[h]);
        for (int d = 0; d < TB_DIM_COUNT; d++)
            free(f->fixed[d]);
        for (size_t j = 0; j < f->n_codes; j++) {
            free(f->codes[j].from);
            free(f->codes[j].to);
        }
        free(f->codes);
        for (size_t j = 0; j < f->n_missing; j++)
            free(f->missing[j]);
        free(f->missing);
        for (size_t j = 0; j < f->n_columns; j++) {
            free(f->columns[j].header);
            free(f->columns[j].reporter);
            free(f->columns[j].partner);
            free(f->columns[j].product);
        }
        free(f->columns);
    }
    free(m->meta);
    free(m->labels);
    free(m->breakdowns);
    free(m->files);
    free(m->workdays_file);
    free(m->workdays_daily);
    free(m->path);
    free(m->name);
    free(m->reporter);
    free(m);
}

size_t tb_manifest_input_count(const tb_manifest *m)
{
    return m->n_files + (m->workdays_file != NULL) + (m->workdays_daily != NULL);
}

const char *tb_manifest_input(const tb_manifest *m, size_t i)
{
    if (i < m->n_files)
        return m->files[i].path;
    if (i == m->n_files && m->workdays_file)
        return m->workdays_file;
    return m->workdays_daily;
}
