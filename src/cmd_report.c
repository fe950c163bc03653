/* cmd_report: `tradebrief report DATASET [--month M] [--template FILE]
 * [--lang en|ko] [--reporter CODE] [--partner CODE] [--product CODE]
 * --out FILE.pdf [--claims FILE.json]`: the monthly briefing as a PDF, and
 * its claims ledger (ledger.h).  A ledger in the PDF's directory is an
 * artifact of that directory like the PDF, listed in its manifest.json.
 * `--format text` prints the document as plain text instead (doc.h), for
 * reading and for the golden tests of the shipped templates; nothing is
 * written.
 *
 * The pipeline of DESIGN.md in one command: load the dataset, compute the
 * month's facts (facts.h), load the template and expand it into a document
 * (template.h), render the document (pdf.h).  Every step reports all its
 * problems and stops the run with exit 2 before anything is written; the
 * PDF is written atomically, so an existing file is replaced whole or not
 * at all.  No lock is taken: `tradebrief batch` runs many reports into one
 * directory at once, each writing its own file.
 *
 * The template: --template FILE, else monthly-briefing.tmpl (English) or
 * monthly-briefing.ko.tmpl (Korean), with --days flash.tmpl or flash.ko.tmpl, from $TRADEBRIEF_TEMPLATES, ./templates,
 * or the installed share/tradebrief/templates next to the program.  The
 * language: --lang, else the template's `@meta lang`, else English.
 *
 * A no-change rerun is decided before the dataset is loaded: the report's
 * inputs hash (the template and its includes, the dataset's files, the
 * options, the program version) equals the one the directory's
 * manifest.json records for the PDF, and the PDF still has the recorded
 * bytes.  Nothing is written then, not even the manifest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "artifact.h"
#include "buf.h"
#include "chartset.h"
#include "cli.h"
#include "cmd.h"
#include "facts.h"
#include "ledger.h"
#include "mem.h"
#include "notes.h"
#include "pdf.h"
#include "revise.h"
#include "template.h"

static const char S_usage[] =
    "usage: tradebrief report DATASET [--month YYYY-MM] [--days D|latest] [--template FILE] [--lang en|ko]\n"
    "                         [--reporter CODE] [--partner CODE] [--product CODE] --out FILE.pdf\n"
    "                         [--force] [--revisions OLD_DATASET] [--format pdf|text] [--claims FILE.json]\n"
    "                         [--notes FILE]\n"
    "Writes the monthly briefing as a PDF (--out - : to stdout, with no manifest).\n";

/* Every chart name a template may use (chartset.h); which of them exist
 * for a month depends on the data, and the renderer says so. */
static const char *const S_chart_names[] = {"exports-imports", "balance",        "exports-yoy",
                                            "items-yoy",       "items-share",    "partners-yoy",
                                            "partners-share",  "annual",         "items-heatmap"};

static bool S_readable(const char *path) { return access(path, R_OK) == 0; }

/* The default template for LANG.  Ownership: caller frees; NULL when none
 * is found (a message is printed). */
static char *S_default_template(const char *lang, bool flash)
{
    bool ko = lang && strcmp(lang, "ko") == 0;
    const char *file = flash ? (ko ? "flash.ko.tmpl" : "flash.tmpl")
                             : (ko ? "monthly-briefing.ko.tmpl" : "monthly-briefing.tmpl");
    char *tried[4] = {NULL};
    size_t n = 0;
    const char *env = getenv("TRADEBRIEF_TEMPLATES");
    if (env && *env)
        tried[n++] = tb_mem_printf("%s/%s", env, file);
    tried[n++] = tb_mem_printf("templates/%s", file);
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            tried[n++] = tb_mem_printf("%s/templates/%s", exe, file);
            tried[n++] = tb_mem_printf("%s/../share/tradebrief/templates/%s", exe, file);
        }
    }
    char *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!found && S_readable(tried[i]))
            found = tried[i];
        else
            free(tried[i]);
    }
    if (!found)
        fprintf(stderr, "tradebrief: no template %s found (looked in $TRADEBRIEF_TEMPLATES, ./templates and next to "
                        "the program); give one with --template FILE\n",
                file);
    return found;
}

/* True when FACTS have neither exports nor imports for their month: a
 * briefing of dashes would be published by an unattended run, so the
 * report refuses (a message is printed). */
static bool S_no_headline(const json_t *facts, const char *dir)
{
    const json_t *series = json_object_get(facts, "series");
    const char *flows[] = {"exports", "imports"};
    for (size_t i = 0; i < 2; i++)
        if (json_is_number(json_object_get(json_object_get(series, flows[i]), "value")))
            return false;
    const char *month = json_string_value(json_object_get(facts, "month"));
    fprintf(stderr, "%s: no exports or imports for %s, so there is nothing to brief; no report written (found: \"%s\")\n",
            dir, month ? month : "the month", month ? month : "");
    return true;
}


/* The inputs hash of the report A asks for, known before anything is
 * loaded or rendered: the program version, the options that change the
 * PDF (language, month, selection, SOURCE_DATE_EPOCH), and the digests of
 * the template and its includes, the dataset's files, the notes file and
 * its logo, and the revisions dataset's.  False when a file cannot be read (the run then says why). */
static bool S_inputs(const tb_template *t, const tb_cli_args *a, const char *lang, const tb_notes *notes,
                     char hex[65])
{
    static const int opts[] = {TB_OPT_MONTH, TB_OPT_REPORTER, TB_OPT_PARTNER, TB_OPT_PRODUCT, TB_OPT_REVISIONS,
                               TB_OPT_DAYS};
    tb_buf b = {0};
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    tb_buf_printf(&b, "report\nlang %s\nSOURCE_DATE_EPOCH %s\n", lang, sde ? sde : "-");
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        tb_buf_printf(&b, "option %d %s\n", opts[i], a->val[opts[i]] ? a->val[opts[i]] : "-");
    size_t n;
    const char *const *files = tb_template_files(t, &n);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = tb_cli_digest_file(&b, files[i]);
    ok = ok && tb_cli_dataset_digest(a->pos[0], &b);
    if (ok && notes)
        ok = tb_cli_digest_file(&b, notes->path) && (!notes->logo || tb_cli_digest_file(&b, notes->logo));
    if (ok && a->val[TB_OPT_REVISIONS])
        ok = tb_cli_dataset_digest(a->val[TB_OPT_REVISIONS], &b);
    const char *parts[] = {tb_buf_str(&b)};
    if (ok)
        tb_artifact_inputs_hash(hex, parts, 1);
    tb_buf_free(&b);
    return ok;
}

/* Splits OUT into its directory (*DIR, the caller frees) and file name;
 * NULL when OUT names no file. */
static const char *S_split_out(const char *out, char **dir)
{
    const char *slash = strrchr(out, '/');
    const char *file = slash ? slash + 1 : out;
    if (!*file) {
        *dir = NULL;
        return NULL;
    }
    *dir = slash ? tb_mem_strndup(out, (size_t)(slash - out)) : tb_mem_strdup(".");
    return file;
}

/* The no-change rerun: true, after saying so, when OUT's directory records
 * OUT with these INPUTS and the file still has the recorded bytes.  Reads
 * only: no lock, nothing written. */
static bool S_unchanged(const char *out, const char *inputs)
{
    char *dir;
    const char *file = S_split_out(out, &dir);
    if (!file)
        return false;
    json_t *e = tb_artifact_recorded(*dir ? dir : "/", file, inputs);
    if (e) {
        json_int_t pages = json_integer_value(json_object_get(e, "pages"));
        printf("report: %s (%lld page%s, unchanged)\n", out, (long long)pages, pages == 1 ? "" : "s");
    }
    json_decref(e);
    free(dir);
    return e != NULL;
}

/* Puts FILE (DATA, LEN bytes) into ART unless it is there with these bytes
 * already; *FRESH tells which.  Returns 0 or -1. */
static int S_put(tb_artifacts *art, const char *file, const void *data, size_t len, const char *kind,
                 const char *format, const tb_artifact_info *info, bool *fresh, tb_diag *diag)
{
    char inputs[65];
    tb_artifact_sha256(data, len, inputs);
    *fresh = tb_artifacts_fresh(art, file, inputs);
    return *fresh ? 0 : tb_artifacts_put(art, file, data, len, kind, format, info, inputs, diag);
}

/* The directory part of PATH ("." when none).  Ownership: caller frees. */
static char *S_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? tb_mem_strndup(path, (size_t)(slash - path)) : tb_mem_strdup(".");
}

/* Writes the ledger LED to CLAIMS: into ART when CLAIMS is in ART's
 * directory (DIR), else on its own, atomically.  Returns an exit status. */
static int S_record_claims(tb_artifacts *art, const char *dir, const char *claims, const char *led,
                           const tb_artifact_info *info, tb_diag *diag)
{
    char *cdir = S_dir_of(claims);
    const char *file = strrchr(claims, '/') ? strrchr(claims, '/') + 1 : claims;
    int rc = 0;
    bool fresh;
    if (!*file) {
        fprintf(stderr, "tradebrief: --claims must name a file (found: \"%s\")\n", claims);
        rc = TB_EXIT_USAGE;
    } else if (strcmp(cdir, dir) == 0) {
        rc = S_put(art, file, led, strlen(led), "claims", "json", info, &fresh, diag) ? TB_EXIT_BADINPUT : 0;
    } else if (tb_artifact_write(claims, led, strlen(led)) != 0) {
        fprintf(stderr, "tradebrief: cannot write %s: %s\n", claims, strerror(errno));
        rc = TB_EXIT_BADINPUT;
    }
    free(cdir);
    return rc;
}

/* Records the rendered PDF as an artifact of its directory: written
 * atomically and listed in manifest.json with INPUTS (S_inputs; NULL when
 * they could not be hashed, then the PDF's own digest stands in), or left
 * alone when the file there is already fresh.  The directory lock is held
 * only for this step, so a batch's reports record theirs one after
 * another.  With CLAIMS, the ledger LED is written there too
 * (S_record_claims).  Returns an exit status. */
static int S_record(const char *out, const char *inputs, const unsigned char *pdf, size_t len, const char *claims,
                    const char *led, const tb_dataset *ds, const tb_subject *subject, tb_month m, const char *lang,
                    const char *tpath, bool force, const tb_pdf_stats *st, tb_diag *diag)
{
    char *dir;
    const char *file = S_split_out(out, &dir);
    if (!file) {
        fprintf(stderr, "tradebrief: --out must name a file (found: \"%s\")\n", out);
        return TB_EXIT_USAGE;
    }
    tb_artifacts *art = tb_artifacts_open(*dir ? dir : "/", force, true, diag);
    int rc = TB_EXIT_BADINPUT;
    if (art) {
        char own[65], m1[8], m2[8];
        if (!inputs)
            inputs = tb_artifact_sha256(pdf, len, own);
        tb_month last = tb_dataset_last_month(ds, subject);
        tb_artifact_info info = {.dataset = tb_dataset_name(ds), .month = tb_month_iso(m, m1),
                                 .data_last_month = last == TB_MONTH_NONE ? NULL : tb_month_iso(last, m2),
                                 .lang = lang, .template_path = tpath, .pages = st->pages};
        bool fresh = tb_artifacts_fresh(art, file, inputs);
        if (fresh || tb_artifacts_put(art, file, pdf, len, "report", "pdf", &info, inputs, diag) == 0)
            rc = claims ? S_record_claims(art, *dir ? dir : "/", claims, led, &info, diag) : 0;
        if (tb_artifacts_close(art, diag) != 0)
            rc = TB_EXIT_BADINPUT;
        if (rc == 0)
            printf("report: %s (%zu page%s%s)\n", out, st->pages, st->pages == 1 ? "" : "s",
                   fresh ? ", unchanged" : "");
    }
    free(dir);
    return rc;
}

/* `--out -`: the PDF on standard output, no manifest (there is no
 * directory to record it in); a ledger LED goes to CLAIMS on its own.
 * Returns an exit status. */
static int S_to_stdout(const unsigned char *pdf, size_t len, const char *claims, const char *led)
{
    if (fwrite(pdf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "tradebrief: cannot write the PDF to standard output: %s\n", strerror(errno));
        return TB_EXIT_TRANSIENT;
    }
    if (claims && tb_artifact_write(claims, led, strlen(led)) != 0) {
        fprintf(stderr, "tradebrief: cannot write %s: %s\n", claims, strerror(errno));
        return TB_EXIT_BADINPUT;
    }
    return 0;
}

/* The checks of A's options that need no file: the format, --out and
 * --claims against it, the language.  Returns 0 or TB_EXIT_USAGE after a
 * message. */
static int S_check_args(const tb_cli_args *a)
{
    const char *out = a->val[TB_OPT_OUT], *lang = a->val[TB_OPT_LANG], *format = a->val[TB_OPT_FORMAT];
    bool text = format && strcmp(format, "text") == 0;
    if (format && !text && strcmp(format, "pdf") != 0) {
        fprintf(stderr, "tradebrief: --format must be pdf or text (found: \"%s\")\n", format);
        return TB_EXIT_USAGE;
    }
    if (text && out) {
        fprintf(stderr, "tradebrief: report --format text prints the document; leave out --out\n");
        return TB_EXIT_USAGE;
    }
    if (!out && !text) {
        fprintf(stderr, "tradebrief: report needs --out FILE.pdf\n%s", S_usage);
        return TB_EXIT_USAGE;
    }
    if (out && strcmp(out, "-") != 0 && !tb_cli_has_ext(out, "pdf")) {
        fprintf(stderr, "tradebrief: report --out must name a .pdf file, or - for standard output (found: \"%s\")\n",
                out);
        return TB_EXIT_USAGE;
    }
    if (a->val[TB_OPT_CLAIMS] && !tb_cli_has_ext(a->val[TB_OPT_CLAIMS], "json")) {
        fprintf(stderr, "tradebrief: --claims must name a .json file (found: \"%s\")\n", a->val[TB_OPT_CLAIMS]);
        return TB_EXIT_USAGE;
    }
    if (out && strcmp(out, "-") == 0 && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "tradebrief: report --out - writes a PDF to standard output, which is a terminal here; "
                        "redirect it to a file or a pipe\n");
        return TB_EXIT_USAGE;
    }
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "ko") != 0) {
        fprintf(stderr, "tradebrief: --lang must be en or ko (found: \"%s\")\n", lang);
        return TB_EXIT_USAGE;
    }
    return 0;
}

int tb_cmd_report(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_MONTH) | TB_OPT_SELECT | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_LANG) |
                    TB_OPT(TB_OPT_TEMPLATE) | TB_OPT(TB_OPT_FORCE) | TB_OPT(TB_OPT_REVISIONS) | TB_OPT(TB_OPT_FORMAT) |
                    TB_OPT(TB_OPT_CLAIMS) | TB_OPT(TB_OPT_NOTES) | TB_OPT(TB_OPT_DAYS);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, S_usage, &a);
    if (rc || (rc = S_check_args(&a)))
        return rc;
    const char *dir = a.pos[0], *out = a.val[TB_OPT_OUT], *lang = a.val[TB_OPT_LANG], *format = a.val[TB_OPT_FORMAT];
    bool text = format && strcmp(format, "text") == 0;
    char *tpath = a.val[TB_OPT_TEMPLATE] ? tb_mem_strdup(a.val[TB_OPT_TEMPLATE]) : S_default_template(lang, a.val[TB_OPT_DAYS] != NULL);
    if (!tpath)
        return TB_EXIT_BADINPUT;

    tb_diag diag;
    tb_diag_init(&diag);
    tb_template *t = tb_template_load(tpath, &diag);
    tb_dataset *ds = NULL;
    json_t *facts = NULL;
    tb_doc *doc = NULL;
    tb_month m = TB_MONTH_NONE;
    char *npath = tb_cli_notes_path(&a, dir);
    tb_notes *notes = npath ? tb_notes_load(npath, &diag) : NULL;
    char *path = NULL; /* --out with its pattern expanded */
    rc = TB_EXIT_BADINPUT;
    if (!t || (npath && !notes)) {
        tb_diag_print(&diag, stderr);
        goto done;
    }
    /* One language per document: the template's words and the charts'. */
    if (lang && tb_template_lang(t) && strcmp(lang, tb_template_lang(t)) != 0) {
        fprintf(stderr, "%s: the template is written in \"%s\" but --lang asks for another language; give a template "
                        "in that language (found: \"%s\")\n",
                tpath, tb_template_lang(t), lang);
        goto done;
    }
    if (!lang)
        lang = tb_template_lang(t) ? tb_template_lang(t) : "en";
    /* -1: the pattern needs the dataset ({month} without --month...), so
     * it is expanded once loaded, and no no-change check comes first. */
    int later = out && strcmp(out, "-") != 0 ? tb_cli_out_pattern(out, &a, NULL, TB_MONTH_NONE, lang, &path) : 0;
    if (later == TB_EXIT_USAGE) {
        rc = later;
        goto done;
    }
    char inputs[65];
    bool hashed = S_inputs(t, &a, lang, notes, inputs);
    if (hashed && path && !a.val[TB_OPT_FORCE] && !a.val[TB_OPT_CLAIMS] && S_unchanged(path, inputs)) {
        rc = 0;
        goto done;
    }
    tb_subject subject;
    if ((rc = tb_cli_open(&a, &ds, &subject, &m)))
        goto done;
    if (later == -1 && (rc = tb_cli_out_pattern(out, &a, ds, m, lang, &path)))
        goto done;
    rc = TB_EXIT_BADINPUT;
    char *revision = NULL;
    if (a.val[TB_OPT_REVISIONS]) {
        tb_dataset *old = tb_cli_load(a.val[TB_OPT_REVISIONS], NULL, false);
        tb_revise *r = old ? tb_revise_compare(old, ds, &diag) : NULL;
        if (r)
            revision = tb_revise_sentence(r, &subject, lang);
        tb_revise_free(r);
        tb_dataset_free(old);
        if (!revision) {
            tb_diag_print(&diag, stderr);
            goto done;
        }
    }
    tb_template_meta meta[] = {{"revision", revision}};
    facts = tb_facts_json(ds, &subject, m, &diag);
    if (facts && S_no_headline(facts, dir))
        goto done;
    if (facts) {
        tb_template_context ctx = {lang, ds, meta, revision ? 1 : 0, S_chart_names,
                                   sizeof S_chart_names / sizeof S_chart_names[0], notes, &subject, 0};
        doc = tb_template_expand(t, facts, &ctx, &diag);
    }
    if (doc && text) {
        rc = tb_doc_render_text(doc, stdout) == 0 ? 0 : TB_EXIT_BADINPUT;
    } else if (doc) {
        const char *claims = a.val[TB_OPT_CLAIMS];
        tb_pdf_options opt = {m, lang, claims != NULL};
        tb_pdf_stats st;
        memset(&st, 0, sizeof st);
        unsigned char *pdf = NULL;
        size_t len = 0;
        char *led = NULL;
        if (tb_pdf_render_mem(doc, &opt, &pdf, &len, &st, &diag) == 0) {
            if (claims) {
                json_t *lj = tb_ledger_json(doc, st.places, st.n_places);
                led = json_dumps(lj, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
                json_decref(lj);
            }
            rc = strcmp(out, "-") == 0 ? S_to_stdout(pdf, len, claims, led)
                                       : S_record(path, hashed ? inputs : NULL, pdf, len, claims, led, ds, &subject, m, lang, tpath,
                                                  a.val[TB_OPT_FORCE] != NULL, &st, &diag);
        }
        free(st.places);
        free(led);
        free(pdf);
    }
    free(revision);
    if (rc != 0 || diag.warnings)
        tb_diag_print(&diag, stderr);
done:
    tb_notes_free(notes);
    free(npath);
    tb_doc_free(doc);
    json_decref(facts);
    tb_dataset_free(ds);
    tb_template_free(t);
    tb_diag_free(&diag);
    free(tpath);
    free(path);
    if (rc == 0 && fflush(stdout) != 0)
        rc = TB_EXIT_BADINPUT;
    return rc;
}
