/* template_table: the cells of a breakdown table (@table items ...): per
 * column its header, its text for a member or the total, its sort key,
 * the fact it shows (a claim), sparkline history, and the "Other" row
 * that makes the shown rows add up to the total.  The @table directive
 * itself (which members, in which order, into the document) is run by
 * template_expand.c.
 *
 * Ownership: texts are returned to the caller or go into the document; the "Other"
 * row is the caller's (json_decref).
 */
#ifndef TB_TEMPLATE_TABLE_H
#define TB_TEMPLATE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "doc.h"
#include "fmt.h"
#include "template_eval.h"

/* The number at KEY of O, NaN when it is not one. */
double tb_tpl_table_numat(const json_t *o, const char *key);

/* Sort key of member M for column COL. */
void tb_tpl_table_col_key(const tb_tpl_x *X, const json_t *m, int col, tb_tpl_key *k);

/* The header of column COL of breakdown BD (values scaled by VS, changes
 * by CS; SPARK months of sparkline).  Ownership: the caller free()s it. */
char *tb_tpl_table_col_header(const tb_tpl_x *X, int col, const json_t *bd, const tb_fmt_scale *vs,
                              const tb_fmt_scale *cs, int spark);

/* The text of column COL for member M (TOTAL: the total row).
 * Ownership: the caller free()s it. */
char *tb_tpl_table_cell(const tb_tpl_x *X, const json_t *m, bool total, int col, const tb_fmt_scale *vs,
                        const tb_fmt_scale *cs);

/* Claims cell (R, C) of B, text TEXT: member M at MPATH, column COL. */
void tb_tpl_table_cell_claim(const tb_tpl_x *X, tb_doc_block *b, size_t r, size_t c, const char *text, const json_t *m,
                             const char *mpath, bool total, int col);

/* Sparkline history of the row's series (member IDX of breakdown BDNAME,
 * or the total) from the context's dataset, MONTHS long. */
void tb_tpl_table_spark(const tb_tpl_x *X, tb_doc_row *row, const char *bdname, const json_t *m, bool total, size_t idx,
                        int months);

/* The "other" row of a table with a total, so the value, change and
 * contribution columns add up to the total row: a fact of breakdown BD,
 * never derived here, so its cells are claims like any row's.  When all
 * of MEMBERS are shown it is BD's "other" (the total less all members);
 * when the N shown (KEYS[0..N) index MEMBERS) are the N largest, it is
 * BD's rest_after_top.(N-1).  *PATH is set to that fact's path inside BD
 * ("other", "rest_after_top.2").  NULL (and no row) when there is no
 * total, the fact is null (a value missing, the members are the whole)
 * or the shown members are another selection (sorted by growth, say),
 * whose remainder no fact gives.  Ownership: caller json_decref()s the
 * row and free()s *PATH. */
json_t *tb_tpl_table_other_row(const json_t *bd, const json_t *tot, const json_t *members, const tb_tpl_key *keys,
                               size_t n, char **path);

#endif
