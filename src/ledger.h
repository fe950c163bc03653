/* ledger: the claims ledger of a briefing (DESIGN.md "Narrative"), built
 * from the claims the template engine recorded in the document (doc.h) and
 * the places the PDF renderer put its blocks (pdf.h).
 *
 *   {"dataset", "month", "lang",
 *    "sentences": [{"page", "block", "origin", "text",
 *                   "claims": [{"path", "value", "text"}], "by"?}]}
 *
 * "by": "desk" marks a sentence of the desk's own commentary (a notes
 * file's text at @commentary, doc.h `desk`): a view, not computed, so it
 * has no claims and the audit does not check it against the facts.
 *
 * Sentences, in reading order: each sentence of a heading, paragraph,
 * footnote or source line (split after . ! ? and a space, unless a
 * lower-case letter follows); a table's caption, its header row and each
 * row (cells joined by " | "); each KPI item ("label value change note");
 * a chart's title, subtitle and note, then each of its figure labels
 * (chart_spec.h: a bar's "+22.6%", "Deficit for 12 months", an end
 * label "$56.5bn"), one sentence each with the claim of its figure.  Claims are those of the pieces the
 * sentence is made of, each claim's text being the bytes it covers, so a
 * claim's text is always a substring of its sentence.  Nothing is parsed
 * back from text.  "block" is the block's kind and index ("paragraph 12"),
 * "origin" the template line that made it.
 *
 * Ownership: the document and places are only read; tb_ledger_json returns
 * a new reference the caller releases with json_decref.
 */
#ifndef TB_LEDGER_H
#define TB_LEDGER_H

#include <stddef.h>

#include <jansson.h>

#include "doc.h"
#include "pdf.h"

/* The ledger of DOC.  PLACES may be NULL (every page is then 0). */
json_t *tb_ledger_json(const tb_doc *doc, const tb_pdf_place *places, size_t n_places);

#endif
