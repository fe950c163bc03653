/* cli: shared command-line plumbing (see cli.h). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "manifest.h"
#include "mem.h"

const char tb_cli_usage[] =
    "usage: tradebrief check  DATASET [--strict]\n"
    "       tradebrief stats  DATASET [--month YYYY-MM] [SELECT]\n"
    "       tradebrief charts DATASET [--month YYYY-MM] --out DIR [--format png|svg|pdf]\n"
    "                         [--lang en|ko] [--width POINTS] [--dpi N] [--force] [SELECT]\n"
    "       tradebrief report DATASET [--month YYYY-MM] [--template FILE] [--lang en|ko] [SELECT]\n"
    "                         --out FILE.pdf\n"
    "       tradebrief diff   OLD_DATASET NEW_DATASET [--json]\n"
    "       tradebrief verify MANIFEST\n"
    "       tradebrief batch  DATASET --by reporter|partner|product --out DIR [--what report|charts]\n"
    "                         [--jobs N] [--strict] [--month YYYY-MM] [--lang en|ko]\n"
    "       tradebrief jobs   DATASET --by reporter|partner|product --out DIR [--what ...] [--make]\n"
    "       tradebrief --version | --help\n"
    "\n"
    "DATASET is a dataset directory holding dataset.yaml (see docs/dataset-format.md).\n"
    "--month defaults to the latest month with data.  SELECT chooses what a briefing is\n"
    "about: --reporter CODE (default: the manifest's), --partner CODE (default WLD),\n"
    "--product CODE (default TOTAL).\n"
    "Exit status: 0 success, 1 usage error, 2 bad input (nothing written).\n";

static const char *const S_names[TB_OPT_COUNT] = {"month",   "reporter", "out", "format", "lang",   "template",
                                                  "force",   "json",     "partner", "product", "by", "what",
                                                  "jobs",    "strict",   "make", "revisions", "claims",
                                                  "width",   "dpi"};
static const bool S_flag[TB_OPT_COUNT] = {[TB_OPT_FORCE] = true, [TB_OPT_JSON] = true, [TB_OPT_STRICT] = true,
                                          [TB_OPT_MAKE] = true};

static int S_usage(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "tradebrief: %s%s%s%s\n%s", what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "", usage);
    return TB_EXIT_USAGE;
}

int tb_cli_parse(int argc, char **argv, unsigned allowed, int min_pos, int max_pos, const char *usage,
                 tb_cli_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (a->n_pos >= max_pos || a->n_pos >= 4)
                return S_usage(usage, "unexpected argument", arg);
            a->pos[a->n_pos++] = arg;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int k = -1;
        for (int j = 0; j < TB_OPT_COUNT; j++)
            if (strlen(S_names[j]) == len && strncmp(name, S_names[j], len) == 0)
                k = j;
        if (k < 0 || !(allowed & TB_OPT(k)))
            return S_usage(usage, "unknown option", arg);
        if (S_flag[k]) {
            if (eq)
                return S_usage(usage, "option takes no value:", arg);
            a->val[k] = "";
            continue;
        }
        const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val)
            return S_usage(usage, "option needs a value:", arg);
        a->val[k] = val;
    }
    if (a->n_pos < min_pos)
        return S_usage(usage, min_pos == 1 ? "no DATASET directory given" : "missing arguments", NULL);
    return 0;
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
    for (size_t i = 0; ok && i < m->n_files + (m->workdays_file != NULL); i++) {
        char *p = tb_mem_printf("%s/%s", dir, i < m->n_files ? m->files[i].path : m->workdays_file);
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

int tb_cli_select(tb_dataset *ds, const char *dir, const tb_cli_args *a)
{
    static const struct {
        int opt, dim;
        const char *what;
    } sel[] = {{TB_OPT_REPORTER, TB_DIM_REPORTER, "reporter"},
               {TB_OPT_PARTNER, TB_DIM_PARTNER, "partner"},
               {TB_OPT_PRODUCT, TB_DIM_PRODUCT, "product"}};
    for (size_t i = 0; i < 3; i++) {
        const char *code = a->val[sel[i].opt];
        if (!code)
            continue;
        if (tb_dataset_code_id(ds, (enum tb_dim)sel[i].dim, code) < 0) {
            fprintf(stderr, "%s: no %s \"%s\" in the dataset\n", dir, sel[i].what, code);
            return TB_EXIT_BADINPUT;
        }
        tb_dataset_set_meta(ds, sel[i].what, code);
    }
    if (!tb_dataset_meta(ds, "reporter")) {
        fprintf(stderr, "%s: the dataset names no default reporter; choose one with --reporter CODE\n", dir);
        return TB_EXIT_BADINPUT;
    }
    if (tb_dataset_headline(ds, TB_EXPORT) == SIZE_MAX && tb_dataset_headline(ds, TB_IMPORT) == SIZE_MAX &&
        tb_dataset_headline(ds, TB_BALANCE) == SIZE_MAX) {
        const char *p = tb_dataset_meta(ds, "partner"), *q = tb_dataset_meta(ds, "product");
        fprintf(stderr, "%s: no series for %s %s %s\n", dir, tb_dataset_meta(ds, "reporter"), p ? p : TB_PARTNER_WORLD,
                q ? q : TB_PRODUCT_TOTAL);
        return TB_EXIT_BADINPUT;
    }
    return 0;
}

int tb_cli_month(const tb_dataset *ds, const char *dir, const char *text, tb_month *m)
{
    if (!text) {
        *m = tb_dataset_last_month(ds);
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

int tb_cli_open(const tb_cli_args *a, tb_dataset **ds, tb_month *m)
{
    const char *dir = a->pos[0];
    *ds = tb_cli_load(dir, NULL, false);
    if (!*ds)
        return TB_EXIT_BADINPUT;
    int rc = tb_cli_select(*ds, dir, a);
    if (!rc)
        rc = tb_cli_month(*ds, dir, a->val[TB_OPT_MONTH], m);
    if (rc) {
        tb_dataset_free(*ds);
        *ds = NULL;
    }
    return rc;
}
