/* cmd_init: `tradebrief init FILE.csv...`: drafts a dataset.yaml from the
 * files' first rows, for the user to edit, on standard output.
 *
 * Guessed per file: the encoding (a UTF-16 byte-order mark or NUL bytes:
 * utf-16; not UTF-8: cp949), the delimiter (the most frequent of , ; tab |
 * in the header), long or wide (a header with period, flow and value is
 * long), the period column and its format (the first column whose values
 * all read in one of the known layouts or patterns), thousands and decimal
 * separators (1,187.5 or 1.187,5), and each column's flow from its name
 * (export, 수출, EXP...).  The unit comes from the file name's
 * musd/kusd/kjpy suffix where there is one.  What cannot be guessed
 * (reporter, partner) is marked "# edit".  Nothing is written but stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cmd.h"
#include "csvread.h"
#include "mem.h"
#include "month.h"
#include "period.h"
#include "textin.h"

#define S_SAMPLE_ROWS 40

static const char S_usage[] = "usage: tradebrief init FILE.csv... > DIR/dataset.yaml\n"
                              "  drafts a manifest from the files' headers and first rows; edit the lines\n"
                              "  marked \"# edit\", then run tradebrief check DIR\n";

typedef struct {
    char **cell; /* row-major, S_SAMPLE_ROWS x n */
    size_t n, rows;
} S_sample;

static int S_collect(void *user, tb_csv_row *row)
{
    S_sample *s = user;
    if (s->rows == 0) {
        s->n = row->n;
        s->cell = tb_mem_calloc(S_SAMPLE_ROWS * s->n, sizeof *s->cell);
    }
    for (size_t i = 0; i < s->n && i < row->n; i++)
        s->cell[s->rows * s->n + i] = tb_mem_strdup(row->fields[i]);
    return ++s->rows == S_SAMPLE_ROWS;
}

/* The encoding guessed from the first bytes of PATH; NULL: UTF-8. */
static const char *S_guess_encoding(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    unsigned char b[65536];
    size_t n = fread(b, 1, sizeof b, fp);
    fclose(fp);
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return "utf-16";
    if (memchr(b, 0, n))
        return "utf-16";
    while (n && b[n - 1] != '\n' && n > sizeof b - 4)
        n--; /* a character cut at the block's end is not an error */
    return tb_utf8_valid((const char *)b, n) ? NULL : "cp949";
}

/* The most frequent of , ; tab | in the first line (outside quotes). */
static char S_guess_delimiter(const char *path, const char *encoding)
{
    tb_diag quiet;
    tb_diag_init(&quiet);
    FILE *fp = encoding ? tb_textin_open(path, encoding, path, ',', &quiet) : fopen(path, "rb");
    static const char cand[] = ",;\t|";
    size_t count[4] = {0};
    bool quoted = false;
    for (int c; fp && (c = fgetc(fp)) != EOF && (c != '\n' || quoted);) {
        quoted ^= c == '"';
        for (int k = 0; k < 4 && !quoted; k++)
            count[k] += c == cand[k];
    }
    if (fp)
        fclose(fp);
    tb_diag_free(&quiet);
    int best = 0;
    for (int k = 1; k < 4; k++)
        best = count[k] > count[best] ? k : best;
    return cand[best];
}

static const char *const S_named[] = {"YYYY-MM", "YYYYMM", "YYYY.MM", "YYYYMmm"};
static const char *const S_patterns[] = {"%Y/%m", "%B %Y", "%b %Y", "%b-%y", "%b-%Y", "%Y-%m-%d",
                                         "%m/%Y", "%Y-M%m", "%Y/%m/%d", "%d/%m/%Y", "%Y.%m.%d"};

/* Whether every non-empty sample value of column C reads in format F:
 * F < 4 a named layout, else a pattern. */
static bool S_column_reads(const S_sample *s, size_t c, int f)
{
    size_t seen = 0;
    for (size_t r = 1; r < s->rows; r++) {
        const char *v = s->cell[r * s->n + c];
        if (!v || !*v)
            continue;
        tb_month m;
        bool ok = f < 4 ? tb_month_parse(v, strlen(v), (enum tb_month_format)f, &m)
                        : tb_period_parse(S_patterns[f - 4], v, strlen(v), &m);
        if (!ok)
            return false;
        seen++;
    }
    return seen > 0;
}

/* The period column and its format's name; false when none reads. */
static bool S_guess_period(const S_sample *s, size_t *col, const char **fmt)
{
    int nf = 4 + (int)(sizeof S_patterns / sizeof *S_patterns);
    for (size_t c = 0; c < s->n; c++)
        for (int f = 0; f < nf; f++)
            if (S_column_reads(s, c, f)) {
                *col = c;
                *fmt = f < 4 ? S_named[f] : S_patterns[f - 4];
                return true;
            }
    return false;
}

/* Thousands and decimal separators from the values: 1,187.5 or 1.187,5. */
static void S_guess_number(const S_sample *s, size_t period, char delimiter, char *thousands, char *decimal)
{
    *thousands = 0;
    *decimal = '.';
    for (size_t r = 1; r < s->rows; r++)
        for (size_t c = 0; c < s->n; c++) {
            const char *v = s->cell[r * s->n + c], *comma = v ? strchr(v, ',') : NULL, *dot = v ? strchr(v, '.') : NULL;
            if (c == period || !v || (!comma && !dot))
                continue;
            bool three = comma && strspn(comma + 1, "0123456789") == 3;
            if (comma && dot && comma < dot && delimiter != ',')
                *thousands = ',';
            else if (comma && dot && dot < comma)
                *thousands = '.', *decimal = ',';
            else if (comma && !dot && !three)
                *decimal = ',';
            else if (comma && !dot && three && delimiter != ',' && *decimal != ',')
                *thousands = ',';
        }
}

static const char *S_guess_flow(const char *header)
{
    static const char *const keys[][2] = {{"balance", "balance"}, {"수지", "balance"}, {"bal", "balance"},
                                          {"import", "import"},   {"수입", "import"},   {"imp", "import"},
                                          {"tmg", "import"},      {"export", "export"}, {"수출", "export"},
                                          {"exp", "export"},      {"txg", "export"}};
    tb_buf low = {0};
    for (const char *p = header; *p; p++)
        tb_buf_printf(&low, "%c", *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    const char *flow = NULL;
    for (size_t k = 0; k < sizeof keys / sizeof *keys && !flow; k++)
        if (strstr(tb_buf_str(&low), keys[k][0]))
            flow = keys[k][1];
    tb_buf_free(&low);
    return flow;
}

/* A YAML double-quoted scalar. */
static void S_quoted(tb_buf *b, const char *s)
{
    tb_buf_printf(b, "\"");
    for (; *s; s++)
        tb_buf_printf(b, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    tb_buf_printf(b, "\"");
}

/* The unit from a file name's suffix (..._musd.csv, _kusd, _kjpy, _usd). */
static void S_guess_unit(const char *path, tb_buf *out)
{
    static const struct {
        const char *suffix, *currency, *mult;
    } units[] = {{"musd", "USD", "1000000"}, {"kusd", "USD", "1000"}, {"usd", "USD", "1"},
                 {"mjpy", "JPY", "1000000"}, {"kjpy", "JPY", "1000"}, {"jpy", "JPY", "1"},
                 {"mkrw", "KRW", "1000000"}, {"kkrw", "KRW", "1000"}, {"krw", "KRW", "1"}};
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path, *dot = strrchr(base, '.');
    size_t len = dot ? (size_t)(dot - base) : strlen(base);
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        size_t n = strlen(units[k].suffix);
        if (len > n && base[len - n - 1] == '_' && strncmp(base + len - n, units[k].suffix, n) == 0) {
            tb_buf_printf(out, "unit: {currency: %s, multiplier: %s}  # from the file name\n", units[k].currency,
                          units[k].mult);
            return;
        }
    }
    tb_buf_printf(out, "unit: {currency: USD, multiplier: 1}  # edit: the values' currency and multiplier\n");
}

/* One file's entry; false after a message when it cannot be read. */
static bool S_file(const char *path, tb_buf *out)
{
    const char *enc = S_guess_encoding(path);
    char delim = S_guess_delimiter(path, enc);
    S_sample s = {0};
    tb_diag diag;
    tb_diag_init(&diag);
    long rows = tb_csv_read_enc(path, path, enc, delim, S_collect, &s, &diag, NULL);
    bool ok = rows > 1 || (rows < 0 ? false : s.rows > 1);
    if (!ok) {
        tb_diag_print(&diag, stderr);
        if (!diag.errors)
            fprintf(stderr, "%s: no data rows to draft from\n", path);
    }
    size_t pc = 0;
    const char *pfmt = NULL;
    bool have_period = ok && S_guess_period(&s, &pc, &pfmt);
    bool is_long = false;
    for (size_t c = 0; ok && c < s.n; c++)
        is_long = is_long || strcmp(s.cell[c], "flow") == 0;
    if (ok) {
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        tb_buf_printf(out, "  - path: ");
        S_quoted(out, base);
        tb_buf_printf(out, "\n    format: %s\n", is_long ? "long" : "wide");
        if (enc)
            tb_buf_printf(out, "    encoding: %s  # guessed: the file is not UTF-8\n", enc);
        if (delim != ',')
            tb_buf_printf(out, "    delimiter: \"%s\"\n", delim == '\t' ? "\\t" : (char[2]){delim, 0});
        char th, dec;
        S_guess_number(&s, have_period ? pc : SIZE_MAX, delim, &th, &dec);
        if (th)
            tb_buf_printf(out, "    thousands: \"%c\"\n", th);
        if (dec != '.')
            tb_buf_printf(out, "    decimal: \"%c\"\n", dec);
        if (!have_period) {
            tb_buf_printf(out, "    # edit: no column reads as months; name the period column and its format\n");
        } else {
            if (!is_long || strcmp(s.cell[pc], "period") != 0) {
                tb_buf_printf(out, "    period: ");
                S_quoted(out, s.cell[pc]);
                tb_buf_printf(out, "\n");
            }
            if (strcmp(pfmt, "YYYY-MM") != 0)
                tb_buf_printf(out, "    period_format: \"%s\"\n", pfmt);
        }
        for (size_t c = 0; !is_long && c < s.n; c++) {
            if (have_period && c == pc)
                continue;
            if (c == 0 && !have_period)
                tb_buf_printf(out, "    columns:\n");
            else if (c == (have_period && pc == 0 ? 1u : 0u))
                tb_buf_printf(out, "    columns:\n");
            const char *flow = S_guess_flow(s.cell[c]);
            tb_buf_printf(out, "      ");
            S_quoted(out, s.cell[c]);
            tb_buf_printf(out, ": {flow: %s, partner: WLD, product: TOTAL}  # edit%s\n", flow ? flow : "export",
                          flow ? ": the partner and product" : ": which flow, partner and product?");
        }
    }
    for (size_t i = 0; i < s.rows * s.n; i++)
        free(s.cell[i]);
    free(s.cell);
    tb_diag_free(&diag);
    return ok;
}

/* The dataset's name from the first file's: a-z, 0-9, - and _. */
static void S_name(const char *path, tb_buf *out)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    tb_buf nm = {0};
    for (const char *p = base; *p && *p != '.' && nm.len < 40; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        bool good = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        tb_buf_putc(&nm, good ? c : '_');
    }
    size_t n = nm.len;
    while (n && tb_buf_str(&nm)[n - 1] == '_')
        n--;
    tb_buf_puts(out, "name: ");
    if (n)
        tb_buf_put(out, tb_buf_str(&nm), n);
    else
        tb_buf_puts(out, "dataset");
    tb_buf_puts(out, "  # edit: a-z, 0-9, - and _\n");
    tb_buf_free(&nm);
}

int tb_cmd_init(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--") != 0) {
            fprintf(stderr, "tradebrief init: unknown option '%s'\n%s", argv[i], S_usage);
            return TB_EXIT_USAGE;
        }
    tb_buf out = {0}, files = {0};
    bool ok = true;
    int n = 0;
    const char *first = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            continue;
        first = first ? first : argv[i];
        n++;
        ok = S_file(argv[i], &files) && ok;
    }
    if (!first) {
        fputs(S_usage, stderr);
        return TB_EXIT_USAGE;
    }
    if (ok) {
        tb_buf_printf(&out, "# Drafted by tradebrief init from %d file%s; edit the lines marked \"# edit\",\n"
                            "# put this file next to the CSV files as dataset.yaml, then run tradebrief check.\n",
                      n, n == 1 ? "" : "s");
        S_name(first, &out);
        tb_buf_printf(&out, "reporter: XXX  # edit: the reporting country's code (ISO 3166 alpha-3: KOR, USA, JPN)\n");
        tb_buf_printf(&out, "# partner: WLD  # for a bilateral dataset: the partner's code\n");
        S_guess_unit(first, &out);
        tb_buf_printf(&out, "files:\n%s", tb_buf_str(&files));
        fputs(tb_buf_str(&out), stdout);
    }
    tb_buf_free(&out);
    tb_buf_free(&files);
    return ok ? 0 : TB_EXIT_BADINPUT;
}
