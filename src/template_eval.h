/* template_eval: the expander's state and the evaluation of template
 * expressions against the facts JSON, the dataset object and the loop
 * variables in scope.
 *
 * A path resolves from its first segment: a loop variable (innermost
 * first), `loop`, `dataset`, `series`, `breakdowns`, `month`, or a key
 * of the facts; a list member may be named by its code
 * (items.members.SEMI: a linear search cached per expression, so the same
 * look-up inside a loop costs O(1) after the first).  While checking
 * (X->check) every unknown fact, wrong filter input or mixed comparison
 * is reported, once per expression; `is defined` evaluates quietly.
 * While building, tb_tpl_eval_traced records the stats-JSON path a value
 * came from (X->path), for the claims ledger.
 *
 * Ownership: values borrow from the facts, the template or X->f's arena.
 */
#ifndef TB_TEMPLATE_EVAL_H
#define TB_TEMPLATE_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "chartset.h"
#include "doc.h"
#include "month.h"
#include "template.h"
#include "template_filter.h"
#include "template_sink.h"
#include "template_tree.h"

typedef struct {
    const char *name;
    tb_tpl_val val;
    size_t index, length;
    char *path;         /* of the element in the facts ("breakdowns.items.members.3"), NULL unknown */
    const json_t *json; /* the element */
} tb_tpl_scope;

typedef struct {
    const json_t *arr;
    size_t idx;
} tb_tpl_cache;

/* A money(column) cell of the open hand-made table: row R, column C, the
 * amount V with TB_FMT_* FLAGS, set in its column's scale at @endtable. */
typedef struct {
    size_t r, c;
    double v;
    unsigned flags;
} tb_tpl_colcell;

typedef struct {
    const tb_template *t;
    tb_diag *diag;
    const tb_template_context *ctx;
    const json_t *facts, *series, *breakdowns;
    json_t *dataset;
    tb_tpl_fctx f;
    const char *lang;
    tb_month month;
    bool check;
    bool quiet;              /* resolving for `is defined`: report nothing */
    unsigned char *reported; /* per expression */
    tb_tpl_cache *cache;     /* per expression */
    tb_tpl_scope *scopes;
    size_t n_scopes, cap_scopes;
    tb_doc *doc;
    tb_tpl_sink para;
    bool para_open;
    tb_tpl_pos para_pos;
    tb_tpl_sink *sink;
    unsigned style;
    size_t kpi, table;   /* block indices of the open @kpi / @table, SIZE_MAX none */
    size_t steps, bytes; /* spent so far (tb_tpl_eval_spend) */
    size_t max_steps;    /* the loop-step budget */
    /* where the last path resolved to: its stats-JSON path and JSON value
     * (NULL: null), valid while `traced` */
    tb_buf path;
    const json_t *path_json;
    bool traced;
    bool trace;          /* trace paths while resolving (placeholders, lists, tables) */
    bool over;           /* past a budget: reported, expansion stops */
    tb_chartset *charts; /* the last chart set built for @chart, of window charts_window */
    int charts_window;
    tb_tpl_colcell *colcells; /* of the open hand-made table */
    size_t n_colcells, cap_colcells;
} tb_tpl_x;

static inline const tb_tpl_expr *tb_tpl_eval_expr(const tb_tpl_x *X, uint32_t i) { return &X->t->exprs[i]; }
static inline const tb_tpl_node *tb_tpl_eval_node(const tb_tpl_x *X, uint32_t i) { return &X->t->nodes[i]; }

/* Whether expansion stops: past a budget, or the diag is full. */
static inline bool tb_tpl_eval_stop(const tb_tpl_x *X) { return X->over || tb_diag_full(X->diag); }

/* Counts STEPS loop steps (a member looked at, a body run, a table row)
 * and BYTES of text against the budgets, so that loops nested over long
 * lists end with a message instead of running for hours: false, after
 * the message (once), when a budget is spent. */
bool tb_tpl_eval_spend(tb_tpl_x *X, size_t steps, size_t bytes, tb_tpl_pos pos);

/* Reports once per expression E (0: always); nothing while X->quiet. */
void tb_tpl_eval_err(tb_tpl_x *X, uint32_t e, tb_tpl_pos pos, const char *found, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "file:line" of POS.  Ownership: caller frees. */
char *tb_tpl_eval_origin(const tb_tpl_x *X, tb_tpl_pos pos);

/* J as a value (NULL and JSON null: TV_NULL). */
tb_tpl_val tb_tpl_eval_from_json(const json_t *j);
/* Truth of a value in {% if %}: null, unknown, false, "" and empty lists
 * are false; every number (0 too) and object is true. */
bool tb_tpl_eval_truth(tb_tpl_val v);
/* "a number", "a text", ...: V's kind in messages. */
const char *tb_tpl_eval_kind_word(tb_tpl_val v);

/* Evaluates expression EI into *OUT; false after an error (reported). */
bool tb_tpl_eval(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out);
/* tb_tpl_eval with paths traced (X->traced, X->path, X->path_json). */
bool tb_tpl_eval_traced(tb_tpl_x *X, uint32_t ei, tb_tpl_val *out);

/* A sort key of a list element (loops' sort=, tables' sort=). */
typedef struct {
    int kind; /* 0 null, 1 number, 2 text */
    double num;
    const char *str;
    size_t idx;
    bool desc;
} tb_tpl_key;

/* qsort order of keys: nulls last, numbers before texts, then by value
 * (reversed when desc), then by original index (stable). */
int tb_tpl_eval_key_cmp(const void *pa, const void *pb);

#endif
