/* template: the briefing template language, and its expansion into a
 * document (doc.h) from the facts JSON of a month.
 *
 * A template is UTF-8 text written by report authors (docs/templates.md is
 * the reference): running text forms paragraphs, blank lines separate
 * them, lines starting with `@` are layout blocks (@heading, @kpi, @chart,
 * @table...), `{{ fact | filter }}` inserts a formatted fact and
 * `{% if %}` / `{% for %}` choose and repeat text.
 *
 * Two phases, both reporting every problem (up to the diag's cap) as
 * `FILE:LINE:COLUMN: message (found: "text")`, LINE and COLUMN 1-based,
 * COLUMN counted in characters:
 *   - tb_template_load parses the file and its @include's: syntax, unknown
 *     filters, directives and arguments, unclosed blocks, nesting deeper
 *     than 32 levels;
 *   - tb_template_expand first checks the whole template (every branch and
 *     loop body) against the facts it is given: unknown facts, filters
 *     applied to the wrong kind of value, unknown charts and breakdowns;
 *     only then does it build the document.  A fact that exists but is
 *     null is not an error: conditionals test it, placeholders print "–".
 *   Either returns NULL on any error, having built nothing.
 *
 * Names in placeholders resolve, for the first word, against: loop
 * variables (innermost first), `loop`, `dataset` (the context's metadata),
 * then facts.series.*, facts.breakdowns.*, and the top level of the facts.
 *
 * Ownership: tb_template_load / tb_template_parse return a template the
 * caller frees with tb_template_free; tb_template_expand returns a new
 * document the caller frees with tb_doc_free.  The facts and the context
 * are only read, during the call.  A template may be expanded any number of
 * times, from several threads at once.
 */
#ifndef TB_TEMPLATE_H
#define TB_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "dataset.h"
#include "diag.h"
#include "doc.h"

typedef struct tb_template tb_template;

/* An extra `dataset.KEY` value for templates (e.g. "revision"). */
typedef struct {
    const char *key, *value;
} tb_template_meta;

typedef struct {
    /* "en" or "ko": the language of formatted numbers, months and names.
     * A template that declares `@meta lang=...` uses its own instead.
     * NULL means "en". */
    const char *lang;
    /* Optional.  Gives dataset.title / source / basis / reporter /
     * first_month / last_month / working_days, the monthly history that
     * sparkline columns draw and the charts' data (chartset.h).  NULL:
     * those are null, sparklines empty, chart blocks without a spec. */
    const tb_dataset *ds;
    /* Optional extra or overriding dataset.KEY values. */
    const tb_template_meta *meta;
    size_t n_meta;
    /* Optional: the chart names @chart may use (e.g. from tb_chartset);
     * NULL means any name is accepted. */
    const char *const *charts;
    size_t n_charts;
    /* Optional: the desk's notes file (notes.h): @commentary's paragraphs,
     * dataset.release.*, the charts' annotations and the document's
     * "published" date.  NULL: none of those. */
    const struct tb_notes *notes;
    /* Optional: what the briefing is about, the subject the facts were
     * computed for; the charts and dataset.last_month use it.  NULL: the
     * dataset's default (tb_dataset_subject). */
    const tb_subject *subject;
    /* The loop-step budget (0: TB_TPL_MAX_STEPS, 20 million), a multiple
     * of a million: tests take a small one to reach it fast. */
    size_t max_steps;
} tb_template_context;

/* Reads and parses the template at PATH; includes are read from PATH's
 * directory.  Messages name the file as PATH is written. */
tb_template *tb_template_load(const char *path, tb_diag *diag);

/* Parses LEN bytes of TEXT, named NAME in messages.  Includes are read
 * from DIR, or refused with an error when DIR is NULL. */
tb_template *tb_template_parse(const char *name, const char *text, size_t len, const char *dir,
                               tb_diag *diag);

void tb_template_free(tb_template *t);

/* The files T was read from: the template, then each included file once,
 * as paths fopen accepts.  Owned by T. */
const char *const *tb_template_files(const tb_template *t, size_t *n);

/* The language the template declares with `@meta lang=...`, or NULL. */
const char *tb_template_lang(const tb_template *t);

/* Checks T against FACTS (the object tb_facts_json returns) and builds the
 * document.  CTX may be NULL (English, no dataset).  The document's
 * metadata holds "lang", "month", "dataset", "dataset_title" (the
 * dataset's title in the language) and whatever @title / @meta set
 * ("title", "subject", "author", "keywords").  Each chart block carries
 * its spec and data from CTX's dataset (NULL without one). */
tb_doc *tb_template_expand(const tb_template *t, const json_t *facts, const tb_template_context *ctx,
                           tb_diag *diag);

#endif
