/* notes: the desk's notes file (notes.yaml beside the dataset, or
 * `--notes FILE`), parsed with libyaml: what a briefing says that the data
 * cannot, kept out of the template.
 *
 *   release:                    (all optional)
 *     month: 2026-02            the briefing month the next three are for
 *     published: 2026-03-15     the publication date (YYYY-MM-DD)
 *     next_release: 2026-04-15
 *     embargo: TEXT             TEXT: a string for both languages, or
 *                               {en: ..., ko: ...} (a language left out
 *                               shows nothing in that language)
 *     contact: TEXT
 *     logo: FILE.png            relative to the notes file's directory
 *   commentary:                 the desk's paragraphs, per month
 *     2026-02: {en: TEXT, ko: TEXT}    (blank lines separate paragraphs)
 *   annotations:                events drawn on the charts over time
 *     - {month: 2020-04, en: TEXT, ko: TEXT}
 *
 * Invariants of a loaded notes file: months and dates are valid, texts
 * are non-empty UTF-8 (libyaml checks the encoding), at most one
 * commentary per month, annotations sorted by month.  Anything else is an
 * error with its file:line:column, and nothing is returned.
 *
 * Ownership: tb_notes_load returns notes the caller frees with
 * tb_notes_free; every string belongs to them.
 */
#ifndef TB_NOTES_H
#define TB_NOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "month.h"

/* A text in both languages; one of them may be NULL (not given). */
typedef struct {
    char *en, *ko;
} tb_notes_text;

typedef struct {
    tb_month month;
    tb_notes_text text;
} tb_notes_entry;

typedef struct tb_notes {
    char *path;                     /* the notes file, for messages */
    tb_month release_month;         /* the month published, next_release and embargo are for; TB_MONTH_NONE */
    char *published, *next_release; /* "YYYY-MM-DD" or NULL */
    tb_notes_text embargo, contact;
    char *logo;                 /* a path fopen accepts, or NULL */
    tb_notes_entry *commentary; /* in file order */
    size_t n_commentary, cap_commentary;
    tb_notes_entry *annotations; /* sorted by month */
    size_t n_annotations, cap_annotations;
} tb_notes;

/* Reads and checks the notes file at PATH.  NULL after reporting every
 * problem to DIAG. */
tb_notes *tb_notes_load(const char *path, tb_diag *diag);
void tb_notes_free(tb_notes *n);

/* T in LANG ("ko", or anything else for English); NULL when T has no
 * text in that language. */
const char *tb_notes_text_in(const tb_notes_text *t, const char *lang);

/* The commentary of month M in LANG, or NULL (N may be NULL). */
const char *tb_notes_commentary(const tb_notes *n, tb_month m, const char *lang);

/* Whether the release dates and embargo of N (may be NULL) are M's. */
bool tb_notes_release_of(const tb_notes *n, tb_month m);

/* Parses "YYYY-MM-DD" into *Y, *M, *D; false when it is not a real date. */
bool tb_notes_date(const char *s, int *y, int *m, int *d);

#endif
