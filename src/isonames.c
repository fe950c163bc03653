/* isonames: ISO 3166-1 names from iso-codes (see isonames.h). */
#include "isonames.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* A GNU .mo catalogue in memory: sorted originals, binary search. */
typedef struct {
    unsigned char *data;
    size_t size;
    uint32_t n, orig, trans;
    bool swap;
} S_mo;

static uint32_t S_u32(const S_mo *mo, size_t off)
{
    if (off + 4 > mo->size)
        return 0;
    const unsigned char *p = mo->data + off;
    return mo->swap ? (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24
                    : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool S_mo_load(S_mo *mo, const char *path)
{
    memset(mo, 0, sizeof *mo);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t cap = 0;
    for (size_t got = 1; got;) {
        TB_GROW(mo->data, cap, mo->size + 65536);
        got = fread(mo->data + mo->size, 1, cap - mo->size, fp);
        mo->size += got;
    }
    fclose(fp);
    uint32_t magic = S_u32(mo, 0);
    mo->swap = magic == 0xde120495u;
    if (magic != 0x950412deu && !mo->swap) {
        free(mo->data);
        mo->data = NULL;
        return false;
    }
    mo->n = S_u32(mo, 8);
    mo->orig = S_u32(mo, 12);
    mo->trans = S_u32(mo, 16);
    return true;
}

/* The string of table entry I at table offset TABLE, or NULL when out of bounds. */
static const char *S_mo_str(const S_mo *mo, uint32_t table, uint32_t i)
{
    size_t len = S_u32(mo, (size_t)table + 8 * (size_t)i), off = S_u32(mo, (size_t)table + 8 * (size_t)i + 4);
    if (off + len >= mo->size || mo->data[off + len] != '\0')
        return NULL;
    return (const char *)mo->data + off;
}

static const char *S_mo_find(const S_mo *mo, const char *msgid)
{
    uint32_t lo = 0, hi = mo->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *s = S_mo_str(mo, mo->orig, mid);
        int c = s ? strcmp(msgid, s) : -1;
        if (c == 0)
            return S_mo_str(mo, mo->trans, mid);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Whether CODE of DIM has a label in LANG of its own (not a fallback). */
static bool S_has(const tb_dataset *ds, int dim, const char *code, const char *lang)
{
    const char *l = tb_dataset_label(ds, dim, code, lang);
    if (strcmp(lang, "en") == 0)
        return strcmp(l, code) != 0;
    return strcmp(l, tb_dataset_label(ds, dim, code, "en")) != 0;
}

static json_t *S_entry(json_t *list, const char *code)
{
    const char *key = strlen(code) == 3 ? "alpha_3" : strlen(code) == 2 ? "alpha_2" : NULL;
    size_t i;
    json_t *e;
    if (key)
        json_array_foreach(list, i, e)
        {
            const char *c = json_string_value(json_object_get(e, key));
            if (c && strcmp(c, code) == 0)
                return e;
        }
    return NULL;
}

static void S_fill_dim(tb_dataset *ds, enum tb_dim dim, json_t *list, const S_mo *ko)
{
    for (size_t i = 0; i < tb_dataset_code_count(ds, dim); i++) {
        const char *code = tb_dataset_code(ds, dim, (int32_t)i);
        bool en = S_has(ds, (int)dim, code, "en"), has_ko = S_has(ds, (int)dim, code, "ko");
        if (en && has_ko)
            continue;
        json_t *e = S_entry(list, code);
        const char *name = json_string_value(json_object_get(e, "common_name"));
        if (!name)
            name = json_string_value(json_object_get(e, "name"));
        if (!name)
            continue;
        const char *kname = ko->data && !has_ko ? S_mo_find(ko, name) : NULL;
        if (!en)
            tb_dataset_set_label(ds, (int)dim, code, "en", name);
        if (kname && *kname)
            tb_dataset_set_label(ds, (int)dim, code, "ko", kname);
    }
}

/* Whether any reporter or partner lacks a label in en or ko. */
static bool S_any_missing(const tb_dataset *ds)
{
    static const enum tb_dim dims[] = {TB_DIM_REPORTER, TB_DIM_PARTNER};
    for (int d = 0; d < 2; d++)
        for (size_t i = 0; i < tb_dataset_code_count(ds, dims[d]); i++) {
            const char *code = tb_dataset_code(ds, dims[d], (int32_t)i);
            if (!S_has(ds, (int)dims[d], code, "en") || !S_has(ds, (int)dims[d], code, "ko"))
                return true;
        }
    return false;
}

void tb_isonames_fill(tb_dataset *ds)
{
    if (!S_any_missing(ds))
        return;
    json_t *root = json_load_file(TB_ISONAMES_JSON, 0, NULL);
    json_t *list = json_object_get(root, "3166-1");
    if (json_is_array(list)) {
        S_mo ko;
        S_mo_load(&ko, TB_ISONAMES_MO_KO);
        S_fill_dim(ds, TB_DIM_REPORTER, list, &ko);
        S_fill_dim(ds, TB_DIM_PARTNER, list, &ko);
        free(ko.data);
    }
    json_decref(root);
}
