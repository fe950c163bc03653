/* csvread: streaming CSV through libcsv with line numbers (see csvread.h).
 *
 * Threading: a call keeps all its state (parser, buffers) on its own stack
 * and heap and touches only the DIAG and USER it is given, so calls on
 * different files or parts may run in different threads at once as long as
 * each has its own DIAG and USER.
 */
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

/* Only the space trims unquoted fields: libcsv's default also trims tabs.
 * For every other byte the two agree, so a block without a tab is parsed
 * with the default, which libcsv tests inline instead of calling this once
 * per byte (see S_fill). */
static int S_is_space(unsigned char c) { return c == ' '; }

/* One reading: the file, its block buffer and where the reading is. */
typedef struct {
    FILE *fp;
    const char *name;
    tb_diag *diag;
    struct csv_parser p;
    S_state st;
    char *buf;
    size_t cap, have, pos;
    size_t left;   /* bytes before the soft end (SIZE_MAX: none) */
    size_t *bytes; /* may be NULL */
    bool eof, first, skipping, failed, any, at_end;
    size_t skipped_len, row_start;
} S_reader;

/* Whether the parser is between rows: no field or row begun, no quote open
 * (ROW_NOT_BEGUN is libcsv's state 0). */
static bool S_between_rows(const S_reader *R)
{
    return R->st.n == 0 && R->p.pstate == 0 && !R->p.quoted && R->p.entry_pos == 0 && !R->skipping;
}

/* Reads the next block after what is left of the buffer, or sets R->eof
 * at the end of the file or at a soft end between rows (R->at_end too), or
 * R->failed on an error. */
static void S_fill(S_reader *R)
{
    if (R->left == 0) {
        if (R->pos == R->have && S_between_rows(R)) {
            R->at_end = R->eof = true;
            return;
        }
        R->left = SIZE_MAX; /* a row runs on past the soft end: read on */
    }
    size_t want = R->cap - R->have < R->left ? R->cap - R->have : R->left;
    size_t got = fread(R->buf + R->have, 1, want, R->fp);
    if (got == 0) {
        if (ferror(R->fp)) {
            if (errno != EILSEQ) /* textin reported it */
                tb_diag_error(R->diag, R->name, R->st.line, 0, NULL, "read error: %s", strerror(errno));
            R->failed = true;
            return;
        }
        R->eof = true;
        if (R->skipping) {
            tb_diag_error(R->diag, R->name, R->st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)",
                          R->skipped_len);
            R->skipping = false;
            R->have = R->pos = 0;
        }
        return;
    }
    if (R->left != SIZE_MAX)
        R->left -= got;
    if (R->first) {
        R->first = false;
        R->any = true;
        if (got >= 3 && memcmp(R->buf, "\xEF\xBB\xBF", 3) == 0)
            R->pos = 3;
    }
    R->have += got;
    if (R->bytes)
        *R->bytes += got;
    bool tab = memchr(R->buf, '\t', R->have) != NULL;
    csv_set_space_func(&R->p, tab ? S_is_space : NULL);
}

/* No newline in the buffer: keeps the partial line and reads on. */
static void S_no_newline(S_reader *R)
{
    if (R->skipping) {
        R->skipped_len += R->have - R->pos;
        R->pos = R->have = 0;
    }
    if (R->eof)
        return;
    if (R->pos > 0) {
        memmove(R->buf, R->buf + R->pos, R->have - R->pos);
        R->have -= R->pos;
        R->pos = 0;
    }
    if (R->have >= TB_CSV_MAX_LINE + 2 && !R->skipping) {
        R->skipping = true;
        R->skipped_len = R->have;
        R->have = 0;
        return;
    }
    S_fill(R);
}

/* Parses the LEN bytes of the line at R->pos, newline included. */
static void S_line(S_reader *R, size_t len, const char *nl)
{
    if (R->skipping) {
        R->skipped_len += len;
        tb_diag_error(R->diag, R->name, R->st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)",
                      R->skipped_len - 1);
        R->skipping = false;
        R->pos += len;
        R->st.line++;
        return;
    }
    size_t content = len - 1 - (len >= 2 && nl[-1] == '\r');
    if (content > TB_CSV_MAX_LINE) {
        tb_diag_error(R->diag, R->name, R->st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)", content);
        R->pos += len;
        R->st.line++;
        return;
    }
    if (R->st.n == 0 && R->p.entry_pos == 0 && !R->p.quoted)
        R->row_start = R->st.line;
    if (csv_parse(&R->p, R->buf + R->pos, len, S_field, S_row, &R->st) != len) {
        tb_diag_error(R->diag, R->name, R->st.line, R->st.n + 1, NULL,
                      "malformed CSV: %s (a quote inside an unquoted field?)", csv_strerror(csv_error(&R->p)));
        R->failed = true;
        return;
    }
    /* A quoted field may span lines; the row it is in is held in memory,
     * so it gets the line cap too.  Past it there is no telling where rows
     * start again: the file is not read further. */
    if (R->st.text_len + R->p.entry_pos > TB_CSV_MAX_LINE) {
        tb_diag_error(R->diag, R->name, R->row_start, 1, NULL,
                      "row runs on over more than 1 MiB, to line %zu (a quoted field left open?)", R->st.line);
        R->failed = true;
        return;
    }
    R->pos += len;
    R->st.line++;
}

/* The last line, without a newline, and the end of the parse. */
static void S_finish(S_reader *R)
{
    if (R->st.stop || R->failed || R->at_end)
        return;
    if (R->have > R->pos) {
        if (R->have - R->pos > TB_CSV_MAX_LINE) {
            tb_diag_error(R->diag, R->name, R->st.line, 1, NULL, "line is longer than 1 MiB (%zu bytes)",
                          R->have - R->pos);
        } else if (csv_parse(&R->p, R->buf + R->pos, R->have - R->pos, S_field, S_row, &R->st) != R->have - R->pos) {
            tb_diag_error(R->diag, R->name, R->st.line, R->st.n + 1, NULL, "malformed CSV: %s",
                          csv_strerror(csv_error(&R->p)));
            R->failed = true;
            return;
        }
    }
    if (csv_fini(&R->p, S_field, S_row, &R->st) != 0) {
        tb_diag_error(R->diag, R->name, R->st.line, 0, NULL, "malformed CSV: %s (an unclosed quote?)",
                      csv_strerror(csv_error(&R->p)));
        R->failed = true;
    }
}

static void S_run(S_reader *R)
{
    while (!R->st.stop && !R->failed) {
        char *nl = R->pos < R->have ? memchr(R->buf + R->pos, '\n', R->have - R->pos) : NULL;
        if (nl)
            S_line(R, (size_t)(nl - (R->buf + R->pos)) + 1, nl);
        else if (R->eof)
            break;
        else
            S_no_newline(R);
    }
    S_finish(R);
}

/* Reads FP from where it stands; PART as in tb_csv_read_part.  Closes FP. */
static long S_read(FILE *fp, const char *name, char delimiter, tb_csv_part *part, tb_csv_row_fn fn, void *user,
                   tb_diag *diag, size_t *bytes)
{
    if (bytes)
        *bytes = 0;
    S_reader R = {.fp = fp,
                  .name = name,
                  .diag = diag,
                  .bytes = bytes,
                  .first = part->start == 0,
                  .any = part->start != 0,
                  .left = part->end ? (size_t)(part->end - part->start) : SIZE_MAX,
                  .st = {.fn = fn, .user = user, .line = part->line},
                  .row_start = part->line};
    if (csv_init(&R.p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fclose(fp);
        tb_diag_error(diag, name, 0, 0, NULL, "cannot initialise the CSV parser");
        return -1;
    }
    csv_set_delim(&R.p, (unsigned char)delimiter);
    csv_set_space_func(&R.p, S_is_space);
    csv_set_realloc_func(&R.p, tb_mem_realloc);
    R.cap = TB_CSV_MAX_LINE + 2 + (1 << 16);
    R.buf = tb_mem_alloc(R.cap);
    S_run(&R);
    part->at_end = R.at_end;
    part->next_line = R.st.line;
    csv_free(&R.p);
    fclose(fp);
    free(R.buf);
    free(R.st.text);
    free(R.st.offs);
    free(R.st.lens);
    free(R.st.fields);
    if (part->start == 0 && !R.any && !R.failed) {
        tb_diag_error(diag, name, 0, 0, NULL, "file is empty");
        return -1;
    }
    if (part->start == 0 && !R.failed && R.st.rows == 0) {
        tb_diag_error(diag, name, 0, 0, NULL, "file has no rows");
        return -1;
    }
    return R.failed ? -1 : R.st.rows;
}

long tb_csv_read(const char *path, const char *name, char delimiter, tb_csv_row_fn fn, void *user, tb_diag *diag,
                 size_t *bytes)
{
    return tb_csv_read_enc(path, name, NULL, delimiter, fn, user, diag, bytes);
}

long tb_csv_read_enc(const char *path, const char *name, const char *encoding, char delimiter, tb_csv_row_fn fn,
                     void *user, tb_diag *diag, size_t *bytes)
{
    FILE *fp = encoding ? tb_textin_open(path, encoding, name, delimiter, diag) : fopen(path, "rb");
    if (!fp) {
        if (bytes)
            *bytes = 0;
        tb_diag_error(diag, name, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return -1;
    }
    tb_csv_part whole = {.line = 1};
    return S_read(fp, name, delimiter, &whole, fn, user, diag, bytes);
}

long tb_csv_read_part(const char *path, const char *name, char delimiter, tb_csv_part *part, tb_csv_row_fn fn,
                      void *user, tb_diag *diag, size_t *bytes)
{
    FILE *fp = fopen(path, "rb");
    if (!fp || (part->start && fseeko(fp, part->start, SEEK_SET) != 0)) {
        if (bytes)
            *bytes = 0;
        tb_diag_error(diag, name, 0, 0, NULL, "cannot open: %s", strerror(errno));
        if (fp)
            fclose(fp);
        return -1;
    }
    return S_read(fp, name, delimiter, part, fn, user, diag, bytes);
}
