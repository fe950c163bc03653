/* csvread: streaming CSV through libcsv with line numbers (see csvread.h). */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "textin.h"

typedef struct {
    /* the current row: field bytes back to back, NUL-separated */
    char *text;
    size_t text_len, text_cap;
    size_t *offs, *lens;
    char **fields;
    size_t n, cap;
    size_t line, row_line;
    long rows;
    bool stop;
    tb_csv_row_fn fn;
    void *user;
} S_state;

static void S_field(void *s, size_t len, void *data)
{
    S_state *st = data;
    if (st->stop)
        return;
    if (st->n == 0)
        st->row_line = st->line;
    if (st->text_len + len + 1 > st->text_cap) /* rare: spare the call per field */
        TB_GROW(st->text, st->text_cap, st->text_len + len + 1);
    if (len)
        memcpy(st->text + st->text_len, s, len);
    st->text[st->text_len + len] = '\0';
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        st->offs = tb_mem_reallocarray(st->offs, st->cap, sizeof *st->offs);
        st->lens = tb_mem_reallocarray(st->lens, st->cap, sizeof *st->lens);
        st->fields = tb_mem_reallocarray(st->fields, st->cap, sizeof *st->fields);
    }
    st->offs[st->n] = st->text_len;
    st->lens[st->n] = len;
    st->n++;
    st->text_len += len + 1;
}

static void S_row(int c, void *data)
{
    S_state *st = data;
    (void)c;
    if (st->stop || st->n == 0) {
        st->n = st->text_len = 0;
        return;
    }
    for (size_t i = 0; i < st->n; i++)
        st->fields[i] = st->text + st->offs[i];
    tb_csv_row row = {.fields = st->fields, .lens = st->lens, .n = st->n, .line = st->row_line};
    st->rows++;
    if (st->fn(st->user, &row))
        st->stop = true;
    st->n = st->text_len = 0;
}

static int S_is_space(unsigned char c) { return c == ' '; }

long tb_csv_read(const char *path, const char *name, char delimiter, tb_csv_row_fn fn, void *user,
                 tb_diag *diag, size_t *bytes)
{
    return tb_csv_read_enc(path, name, NULL, delimiter, fn, user, diag, bytes);
}

long tb_csv_read_enc(const char *path, const char *name, const char *encoding, char delimiter, tb_csv_row_fn fn,
                     void *user, tb_diag *diag, size_t *bytes)
{
    if (bytes)
        *bytes = 0;
    FILE *fp = encoding ? tb_textin_open(path, encoding, name, delimiter, diag) : fopen(path, "rb");
    if (!fp) {
        tb_diag_error(diag, name, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fclose(fp);
        tb_diag_error(diag, name, 0, 0, NULL, "cannot initialise the CSV parser");
        return -1;
    }
    csv_set_delim(&p, (unsigned char)delimiter);
    csv_set_space_func(&p, S_is_space);
    csv_set_realloc_func(&p, tb_mem_realloc);

    S_state st = {.fn = fn, .user = user, .line = 1};
    const size_t cap = TB_CSV_MAX_LINE + 2 + (1 << 16);
    char *buf = tb_mem_alloc(cap);
    size_t have = 0, pos = 0;
    bool eof = false, first = true, skipping = false, failed = false, any = false;
    size_t skipped_len = 0, row_start = 1;

    while (!st.stop && !failed) {
        char *nl = pos < have ? memchr(buf + pos, '\n', have - pos) : NULL;
        if (!nl) {
            if (skipping) {
                skipped_len += have - pos;
                pos = have = 0;
            }
            if (eof)
                break;
            if (pos > 0) {
                memmove(buf, buf + pos, have - pos);
                have -= pos;
                pos = 0;
            }
            if (have >= TB_CSV_MAX_LINE + 2 && !skipping) {
                skipping = true;
                skipped_len = have;
                have = 0;
                continue;
            }
            size_t got = fread(buf + have, 1, cap - have, fp);
            if (got == 0) {
                if (ferror(fp)) {
                    if (errno != EILSEQ) /* textin reported it */
                        tb_diag_error(diag, name, st.line, 0, NULL, "read error: %s", strerror(errno));
                    failed = true;
                    break;
                }
                eof = true;
                if (skipping) {
                    tb_diag_error(diag, name, st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)",
                                  skipped_len);
                    skipping = false;
                    have = pos = 0;
                }
                continue;
            }
            if (first) {
                first = false;
                any = got > 0;
                if (got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
                    pos = 3;
            }
            have += got;
            if (bytes)
                *bytes += got;
            continue;
        }
        size_t len = (size_t)(nl - (buf + pos)) + 1;
        if (skipping) {
            skipped_len += len;
            tb_diag_error(diag, name, st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)", skipped_len - 1);
            skipping = false;
            pos += len;
            st.line++;
            continue;
        }
        size_t content = len - 1 - (len >= 2 && nl[-1] == '\r');
        if (content > TB_CSV_MAX_LINE) {
            tb_diag_error(diag, name, st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)", content);
            pos += len;
            st.line++;
            continue;
        }
        if (st.n == 0 && p.entry_pos == 0 && !p.quoted)
            row_start = st.line;
        if (csv_parse(&p, buf + pos, len, S_field, S_row, &st) != len) {
            tb_diag_error(diag, name, st.line, st.n + 1, NULL, "malformed CSV: %s (a quote inside an unquoted field?)",
                          csv_strerror(csv_error(&p)));
            failed = true;
            break;
        }
        /* A quoted field may span lines; the row it is in is held in
         * memory, so it gets the line cap too.  Past it there is no
         * telling where rows start again: the file is not read further. */
        if (st.text_len + p.entry_pos > TB_CSV_MAX_LINE) {
            tb_diag_error(diag, name, row_start, 1, NULL,
                          "row runs on over more than 1 MiB, to line %zu (a quoted field left open?)", st.line);
            failed = true;
            break;
        }
        pos += len;
        st.line++;
    }
    /* the last line, without a newline */
    if (!st.stop && !failed && have > pos) {
        if (have - pos > TB_CSV_MAX_LINE) {
            tb_diag_error(diag, name, st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)", have - pos);
        } else if (csv_parse(&p, buf + pos, have - pos, S_field, S_row, &st) != have - pos) {
            tb_diag_error(diag, name, st.line, st.n + 1, NULL, "malformed CSV: %s", csv_strerror(csv_error(&p)));
            failed = true;
        }
    }
    if (!st.stop && !failed && csv_fini(&p, S_field, S_row, &st) != 0) {
        tb_diag_error(diag, name, st.line, 0, NULL, "malformed CSV: %s (an unclosed quote?)",
                      csv_strerror(csv_error(&p)));
        failed = true;
    }
    csv_free(&p);
    fclose(fp);
    free(buf);
    free(st.text);
    free(st.offs);
    free(st.lens);
    free(st.fields);
    if (!any && !failed) {
        tb_diag_error(diag, name, 0, 0, NULL, "file is empty");
        return -1;
    }
    if (!failed && st.rows == 0) {
        tb_diag_error(diag, name, 0, 0, NULL, "file has no rows");
        return -1;
    }
    return failed ? -1 : st.rows;
}
