/* cli: shared command-line plumbing (see cli.h). */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "artifact.h"
#include "manifest.h"
#include "mem.h"

const char tb_cli_usage[] =
    "usage: tradebrief COMMAND [ARGUMENTS] [OPTIONS]\n"
    "\n"
    "  check  DATASET                  validate a dataset, print a summary\n"
    "  stats  DATASET                  the facts of a month as JSON on stdout\n"
    "  charts DATASET --out DIR        the month's chart set (png, svg or pdf)\n"
    "  report DATASET --out FILE.pdf   the monthly briefing as a PDF\n"
    "  diff   OLD_DATASET NEW_DATASET  revisions between two vintages\n"
    "  verify DIR                      check a directory's files against its manifest.json\n"
    "  init   FILE.csv...              draft a dataset.yaml for agency files (stdout)\n"
    "  batch  DATASET --by DIM --out DIR   many briefings, in parallel here\n"
    "  jobs   DATASET --by DIM --out DIR   the same briefings as job lines for a scheduler\n"
    "  help   [COMMAND]                this text, or a command's options\n"
    "\n"
    "tradebrief COMMAND --help lists a command's options; man tradebrief has it all.\n"
    "DATASET is a dataset directory holding dataset.yaml (see docs/dataset-format.md).\n"
    "--days D (stats, charts, report): the partial period days 1..D of the month\n"
    "(a flash from 10-day customs figures).\n"
    "Exit status: 0 success, 1 usage error, 2 bad input (nothing written),\n"
    "75 a transient failure (I/O, out of memory, output directory busy): retry.\n";

/* The options, one line each: name, its value (NULL: a flag), help. */
static const struct {
    const char *name, *value, *help;
} S_opt[TB_OPT_COUNT] = {
    [TB_OPT_MONTH] = {"month", "YYYY-MM", "the reference month (default: the latest with data)"},
    [TB_OPT_REPORTER] = {"reporter", "CODE", "the reporting country (default: the manifest's)"},
    [TB_OPT_OUT] = {"out", "PATH", "where to write; {month} {reporter} {partner} {product} {lang} expand"},
    [TB_OPT_FORMAT] = {"format", "NAME", "the output format"},
    [TB_OPT_LANG] = {"lang", "en|ko", "the language (default: the template's, else en)"},
    [TB_OPT_TEMPLATE] = {"template", "FILE", "the briefing template (default: the shipped one)"},
    [TB_OPT_FORCE] = {"force", NULL, "rebuild even when nothing changed"},
    [TB_OPT_JSON] = {"json", NULL, "print JSON instead of text"},
    [TB_OPT_PARTNER] = {"partner", "CODE", "the headline partner (default WLD, the world)"},
    [TB_OPT_PRODUCT] = {"product", "CODE", "the headline product (default TOTAL)"},
    [TB_OPT_BY] = {"by", "reporter|partner|product", "one briefing per code of this dimension"},
    [TB_OPT_WHAT] = {"what", "report|charts", "what each job makes (default: report)"},
    [TB_OPT_JOBS] = {"jobs", "N", "worker processes (default: the online cores)"},
    [TB_OPT_STRICT] = {"strict", NULL, "fail (exit 2) on any warning or failed job"},
    [TB_OPT_MAKE] = {"make", NULL, "print a makefile, one target per briefing"},
    [TB_OPT_REVISIONS] = {"revisions", "OLD_DATASET", "add a revisions section against an older vintage"},
    [TB_OPT_CLAIMS] = {"claims", "FILE.json", "also write the claims ledger"},
    [TB_OPT_SHARD] = {"shard", "K/N", "only the K-th of N equal shares of the jobs (1 <= K <= N)"},
    [TB_OPT_JOBLOG] = {"joblog", "FILE", "write one status line per job (tab-separated)"},
    [TB_OPT_NOTES] = {"notes", "FILE", "the desk's notes (default: DATASET/notes.yaml)"},
    [TB_OPT_WIDTH] = {"width", "POINTS", "charts: the layout width in points (160-4000; height scales alike)"},
    [TB_OPT_DPI] = {"dpi", "N", "charts: the PNG resolution (36-1200)"},
    [TB_OPT_DAYS] = {"days", "D|latest", "the partial period days 1..D of the month (a flash)"},
};

static int S_usage(const char *usage, const char *what, const char *arg, const char *hint)
{
    fprintf(stderr, "tradebrief: %s%s%s%s", what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    if (hint)
        fprintf(stderr, "; did you mean '--%s'?", hint);
    fprintf(stderr, "\n%s", usage);
    return TB_EXIT_USAGE;
}

/* Prints USAGE and the options of ALLOWED with their help. */
static void S_help(const char *usage, unsigned allowed)
{
    fputs(usage, stdout);
    fputs("\noptions:\n", stdout);
    for (int k = 0; k < TB_OPT_COUNT; k++) {
        if (!(allowed & TB_OPT(k)))
            continue;
        int w = printf("  --%s%s%s", S_opt[k].name, S_opt[k].value ? " " : "", S_opt[k].value ? S_opt[k].value : "");
        printf("%*s%s\n", w < 30 ? 30 - w : 1, "", S_opt[k].help);
    }
    printf("  --help%22s%s\n", "", "this help");
}

/* Levenshtein distance of A and B, or 3 when it is more than 2. */
static size_t S_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 2 || lb > la + 2 || la > 63 || lb > 63)
        return 3;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

const char *tb_cli_nearest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL, *prefixed = NULL;
    size_t bd = 3, len = strlen(word), prefixes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = S_distance(word, names[i]);
        if (d < bd && 2 * d < len)
            bd = d, best = names[i];
        if (len >= 2 && strncmp(word, names[i], len) == 0)
            prefixes++, prefixed = names[i];
    }
    return best ? best : prefixes == 1 ? prefixed : NULL;
}

/* The allowed option nearest to the name LEN bytes at NAME, or NULL. */
static const char *S_near_option(const char *name, size_t len, unsigned allowed)
{
    const char *names[TB_OPT_COUNT];
    size_t n = 0;
    for (int k = 0; k < TB_OPT_COUNT; k++)
        if (allowed & TB_OPT(k))
            names[n++] = S_opt[k].name;
    char *word = tb_mem_strndup(name, len);
    const char *near = tb_cli_nearest(word, names, n);
    free(word);
    return near;
}

int tb_cli_parse(int argc, char **argv, unsigned allowed, int min_pos, int max_pos, const char *usage,
                 tb_cli_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            S_help(usage, allowed);
            return TB_EXIT_HELPED;
        }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (a->n_pos >= max_pos || a->n_pos >= 4)
                return S_usage(usage, "unexpected argument", arg, NULL);
            a->pos[a->n_pos++] = arg;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int k = -1;
        for (int j = 0; j < TB_OPT_COUNT; j++)
            if (strlen(S_opt[j].name) == len && strncmp(name, S_opt[j].name, len) == 0)
                k = j;
        if (k < 0 || !(allowed & TB_OPT(k)))
            return S_usage(usage, k < 0 ? "unknown option" : "option not used by this command:", arg,
                           S_near_option(name, len, allowed));
        if (!S_opt[k].value) {
            if (eq)
                return S_usage(usage, "option takes no value:", arg, NULL);
            a->val[k] = "";
            continue;
        }
        const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val)
            return S_usage(usage, "option needs a value:", arg, NULL);
        a->val[k] = val;
    }
    if (a->n_pos < min_pos)
        return S_usage(usage, min_pos == 1 ? "no DATASET directory given" : "missing arguments", NULL, NULL);
    return 0;
}

/* The value of the pattern field NAME (LEN bytes), or NULL when it needs
 * the dataset and DS is NULL; *KNOWN false for no such field. */
static const char *S_field(const char *name, size_t len, const tb_cli_args *a, const tb_dataset *ds, tb_month m,
                           const char *lang, char month[8], bool *known)
{
    static const struct {
        const char *name;
        int opt;
        const char *dflt;
    } f[] = {{"month", TB_OPT_MONTH, NULL},
             {"reporter", TB_OPT_REPORTER, NULL},
             {"partner", TB_OPT_PARTNER, TB_PARTNER_WORLD},
             {"product", TB_OPT_PRODUCT, TB_PRODUCT_TOTAL},
             {"lang", TB_OPT_LANG, "en"}};
    *known = true;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (strlen(f[i].name) != len || strncmp(name, f[i].name, len) != 0)
            continue;
        if (f[i].opt == TB_OPT_LANG)
            return lang;
        if (f[i].opt == TB_OPT_MONTH && ds)
            return tb_month_iso(m, month);
        const char *v = ds && f[i].opt != TB_OPT_MONTH ? tb_dataset_meta(ds, f[i].name) : a->val[f[i].opt];
        return v ? v : f[i].dflt;
    }
    *known = false;
    return NULL;
}

int tb_cli_out_pattern(const char *pattern, const tb_cli_args *a, const tb_dataset *ds, tb_month m,
                       const char *lang, char **out)
{
    tb_buf b = {0};
    char month[8];
    *out = NULL;
    for (const char *p = pattern; *p; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            tb_buf_putc(&b, *p);
            continue;
        }
        bool known;
        const char *v = S_field(p + 1, (size_t)(close - p - 1), a, ds, m, lang, month, &known);
        if (!known || !v) {
            tb_buf_free(&b);
            if (known)
                return -1;
            fprintf(stderr, "tradebrief: --out knows {month}, {reporter}, {partner}, {product} and {lang} (found: "
                            "\"%.*s\")\n", (int)(close - p + 1), p);
            return TB_EXIT_USAGE;
        }
        for (; *v; v++)
            tb_buf_putc(&b, *v == '/' ? '_' : *v);
        p = close;
    }
    *out = tb_buf_take(&b);
    return 0;
}

bool tb_cli_has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e + 1 && path[n - e - 1] == '.' && path[n - e - 2] != '/' && strcasecmp(path + n - e, ext) == 0;
}

static char *S_digest_dir, *S_digest_text;

bool tb_cli_digest_file(tb_buf *b, const char *path)
{
    char hex[65];
    if (!tb_artifact_file_sha256(path, hex))
        return false;
    tb_buf_printf(b, "%s %s\n", path, hex);
    return true;
}

bool tb_cli_dataset_digest(const char *dir, tb_buf *b)
{
    if (S_digest_dir && strcmp(S_digest_dir, dir) == 0) {
        tb_buf_puts(b, S_digest_text);
        return true;
    }
    char *mpath = tb_mem_printf("%s/dataset.yaml", dir);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_manifest *m = tb_manifest_load(mpath, &diag);
    tb_buf own = {0};
    bool ok = m && tb_cli_digest_file(&own, mpath);
    for (size_t i = 0; ok && i < tb_manifest_input_count(m); i++) {
        char *p = tb_mem_printf("%s/%s", dir, tb_manifest_input(m, i));
        ok = tb_cli_digest_file(&own, p);
        free(p);
    }
    if (ok) {
        free(S_digest_dir);
        free(S_digest_text);
        S_digest_dir = tb_mem_strdup(dir);
        S_digest_text = tb_buf_take(&own);
        tb_buf_puts(b, S_digest_text);
    }
    tb_buf_free(&own);
    tb_manifest_free(m);
    tb_diag_free(&diag);
    free(mpath);
    return ok;
}

static const char *S_pre_dir;
static tb_dataset *S_pre_ds;

void tb_cli_preload(const char *dir, tb_dataset *ds)
{
    S_pre_dir = dir;
    S_pre_ds = ds;
}

tb_dataset *tb_cli_load(const char *dir, tb_load_stats *stats, bool warnings)
{
    if (S_pre_ds && !stats && strcmp(dir, S_pre_dir) == 0) {
        tb_dataset *ds = S_pre_ds;
        S_pre_ds = NULL;
        return ds;
    }
    tb_diag diag;
    tb_diag_init(&diag);
    tb_dataset *ds = tb_load_dataset(dir, &diag, stats);
    if (!ds || warnings)
        tb_diag_print(&diag, stderr);
    tb_diag_free(&diag);
    return ds;
}

/* After "no series": the partners and products there are, and how to choose. */
static void S_hint_codes(const tb_dataset *ds, const char *dir, const tb_subject *s)
{
    static const char *const what[] = {"partner", "product"};
    static const enum tb_dim dims[] = {TB_DIM_PARTNER, TB_DIM_PRODUCT};
    for (int k = 0; k < 2; k++) {
        if (tb_dataset_code_id(ds, dims[k], k ? s->product : s->partner) >= 0)
            continue;
        size_t n = tb_dataset_code_count(ds, dims[k]);
        fprintf(stderr, "%s: the dataset's %ss:", dir, what[k]);
        for (size_t i = 0; i < n && i < 10; i++)
            fprintf(stderr, " %s", tb_dataset_code(ds, dims[k], (int32_t)i));
        fprintf(stderr, "%s; choose with --%s CODE or set %s: CODE in dataset.yaml\n", n > 10 ? " ..." : "", what[k],
                what[k]);
    }
}

int tb_cli_select(const tb_dataset *ds, const char *dir, const tb_cli_args *a, tb_subject *subject)
{
    static const struct {
        int opt, dim;
        const char *what;
    } sel[] = {{TB_OPT_REPORTER, TB_DIM_REPORTER, "reporter"},
               {TB_OPT_PARTNER, TB_DIM_PARTNER, "partner"},
               {TB_OPT_PRODUCT, TB_DIM_PRODUCT, "product"}};
    tb_subject s = tb_dataset_subject(ds);
    const char **field[] = {&s.reporter, &s.partner, &s.product};
    for (size_t i = 0; i < 3; i++) {
        const char *code = a->val[sel[i].opt];
        if (!code)
            continue;
        if (tb_dataset_code_id(ds, (enum tb_dim)sel[i].dim, code) < 0) {
            fprintf(stderr, "%s: no %s \"%s\" in the dataset\n", dir, sel[i].what, code);
            return TB_EXIT_BADINPUT;
        }
        *field[i] = code;
    }
    if (!s.reporter) {
        fprintf(stderr, "%s: the dataset names no default reporter; choose one with --reporter CODE\n", dir);
        return TB_EXIT_BADINPUT;
    }
    if (tb_dataset_headline(ds, &s, TB_EXPORT) == SIZE_MAX && tb_dataset_headline(ds, &s, TB_IMPORT) == SIZE_MAX &&
        tb_dataset_headline(ds, &s, TB_BALANCE) == SIZE_MAX) {
        fprintf(stderr, "%s: no series for %s %s %s\n", dir, s.reporter, s.partner, s.product);
        S_hint_codes(ds, dir, &s);
        return TB_EXIT_BADINPUT;
    }
    *subject = s;
    return 0;
}

int tb_cli_month(const tb_dataset *ds, const tb_subject *subject, const char *dir, const char *text, tb_month *m)
{
    if (!text) {
        *m = tb_dataset_last_month(ds, subject);
        if (*m == TB_MONTH_NONE) {
            fprintf(stderr, "%s: the dataset has no data\n", dir);
            return TB_EXIT_BADINPUT;
        }
        return 0;
    }
    if (!tb_month_parse(text, strlen(text), TB_MONTH_ISO, m)) {
        fprintf(stderr, "tradebrief: --month must be YYYY-MM (found: \"%s\")\n", text);
        return TB_EXIT_USAGE;
    }
    tb_month first = tb_dataset_start(ds), last = first + tb_dataset_months(ds) - 1;
    if (*m < first || *m > last) {
        char a[8], b[8];
        fprintf(stderr, "%s: --month %s is outside the data (%s .. %s)\n", dir, text, tb_month_iso(first, a),
                tb_month_iso(last, b));
        return TB_EXIT_BADINPUT;
    }
    return 0;
}

/* The D of "--days latest": the partial period of the headline exports
 * with the latest month (MONTH_TEXT's when given), the longest D of that
 * month; 0 when there is none. */
static int S_latest_days(const tb_dataset *ds, const tb_subject *s, const char *month_text)
{
    tb_month want = TB_MONTH_NONE, best = TB_MONTH_NONE;
    if (month_text && !tb_month_parse(month_text, strlen(month_text), TB_MONTH_ISO, &want))
        return 0;
    size_t x = tb_dataset_headline(ds, s, TB_EXPORT);
    int days = 0;
    for (size_t i = 0; x != SIZE_MAX && i < tb_dataset_partial_count(ds); i++) {
        int d = tb_dataset_partial_days(ds, i);
        const double *v = tb_dataset_partial(ds, x, d);
        for (int t = tb_dataset_months(ds) - 1; v && t >= 0; t--) {
            tb_month m = tb_dataset_start(ds) + t;
            if (isnan(v[t]) || (want != TB_MONTH_NONE && m != want))
                continue;
            if (m >= best) { /* ascending D: ties go to the longer period */
                best = m;
                days = d;
            }
            break;
        }
    }
    return days;
}

/* --days TEXT (a number or "latest"): replaces *DS by its partial view of
 * D days.  Returns 0 or an exit status after a message. */
static int S_days(tb_dataset **ds, const tb_subject *s, const char *dir, const char *text, const char *month_text)
{
    char *end;
    long d = strcmp(text, "latest") == 0 ? S_latest_days(*ds, s, month_text) : strtol(text, &end, 10);
    if (strcmp(text, "latest") != 0 && (*end || end == text || d < 1 || d > 30)) {
        fprintf(stderr, "tradebrief: --days must be a number of days from 1 to 30 or latest (found: \"%s\")\n",
                text);
        return TB_EXIT_USAGE;
    }
    tb_buf have = {0};
    for (size_t i = 0; i < tb_dataset_partial_count(*ds); i++)
        tb_buf_printf(&have, "%s1-%d", i ? ", " : "", tb_dataset_partial_days(*ds, i));
    bool found = false;
    for (size_t i = 0; i < tb_dataset_partial_count(*ds); i++)
        found |= tb_dataset_partial_days(*ds, i) == d;
    if (!found && d == 0)
        fprintf(stderr, "%s: no partial period of the headline exports%s%s (found: \"%s\")\n", dir,
                month_text ? " in " : "", month_text ? month_text : "", text);
    else if (!found)
        fprintf(stderr, "%s: no partial periods of days 1-%ld (the dataset has: %s)\n", dir, d,
                have.len ? tb_buf_str(&have) : "none");
    tb_buf_free(&have);
    if (!found)
        return TB_EXIT_BADINPUT;
    tb_dataset *view = tb_dataset_partial_view(*ds, (int)d);
    tb_dataset_free(*ds);
    *ds = view;
    return 0;
}

/* With --days: the headline exports must have a figure for month M. */
static int S_days_month(const tb_dataset *ds, const tb_subject *s, const char *dir, tb_month m)
{
    size_t x = tb_dataset_headline(ds, s, TB_EXPORT);
    if (x != SIZE_MAX && !isnan(tb_dataset_get(ds, x)->v[m - tb_dataset_start(ds)]))
        return 0;
    char a[8];
    fprintf(stderr, "%s: no figure of days 1-%s for %s\n", dir, tb_dataset_meta(ds, "partial_days"),
            tb_month_iso(m, a));
    return TB_EXIT_BADINPUT;
}

int tb_cli_open(const tb_cli_args *a, tb_dataset **ds, tb_subject *subject, tb_month *m)
{
    const char *dir = a->pos[0];
    *ds = tb_cli_load(dir, NULL, false);
    if (!*ds)
        return TB_EXIT_BADINPUT;
    int rc = tb_cli_select(*ds, dir, a, subject);
    if (!rc && a->val[TB_OPT_DAYS])
        rc = S_days(ds, subject, dir, a->val[TB_OPT_DAYS], a->val[TB_OPT_MONTH]);
    if (!rc && a->val[TB_OPT_DAYS]) /* the subject's codes lived in the dataset the view replaced */
        rc = tb_cli_select(*ds, dir, a, subject);
    if (!rc)
        rc = tb_cli_month(*ds, subject, dir, a->val[TB_OPT_MONTH], m);
    if (!rc && a->val[TB_OPT_DAYS])
        rc = S_days_month(*ds, subject, dir, *m);
    if (rc) {
        tb_dataset_free(*ds);
        *ds = NULL;
    }
    return rc;
}

char *tb_cli_notes_path(const tb_cli_args *a, const char *dir)
{
    if (a->val[TB_OPT_NOTES])
        return tb_mem_strdup(a->val[TB_OPT_NOTES]);
    char *p = tb_mem_printf("%s/notes.yaml", dir);
    if (access(p, F_OK) == 0)
        return p;
    free(p);
    return NULL;
}
