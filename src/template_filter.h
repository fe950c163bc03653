/* template_filter: values during evaluation and the filter table that
 * turns them into text (money, percentages, months, Korean particles);
 * shared by the parser (filter names and arguments are checked at parse
 * time) and the expander (not a public header).
 *
 * Ownership: values borrow their strings; strings a filter makes live in
 * the tb_tpl_fctx arena until tb_tpl_arena_clear.
 */
#ifndef TB_TEMPLATE_FILTER_H
#define TB_TEMPLATE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "dataset.h"
#include "template_tree.h"

enum tb_tpl_val_kind { TV_NULL, TV_UNKNOWN, TV_BOOL, TV_NUM, TV_STR, TV_JSON };

/* A value during evaluation.  Strings are borrowed (from the facts, the
 * template or the evaluation's arena); TV_JSON is an object or array.
 * TV_UNKNOWN stands for "some element of an empty list" while checking a
 * template: it passes every test and prints as nothing. */
typedef struct {
    enum tb_tpl_val_kind kind;
    bool b;
    double num;
    bool integer;
    const char *s;
    const json_t *j;
} tb_tpl_val;

/* What filters need: the language, the money unit and a string arena;
 * and, for money(column), whether a hand-made table's cell is being
 * expanded and the amounts it printed (the table rescales them). */
typedef struct {
    const char *lang;
    tb_unit unit;
    char **strs; /* strings made during one evaluation; freed together */
    size_t n_strs, cap_strs;
    bool in_cell;       /* set by @row around each cell */
    size_t col_n;       /* money(column) amounts printed in the cell */
    double col_v;       /* the last one, after abs */
    unsigned col_flags; /* its TB_FMT_* flags */
} tb_tpl_fctx;

/* A copy of S kept until tb_tpl_arena_clear. */
const char *tb_tpl_arena_str(tb_tpl_fctx *f, const char *s);
void tb_tpl_arena_clear(tb_tpl_fctx *f);

/* The filter table. */
typedef struct {
    const char *name;
    const char *args;    /* positional arguments: 'N' number, 'S' text, 'V' either;
                            lower case optional (only after the required ones) */
    const char *const *options; /* NULL-terminated option words, or NULL */
    bool one_option;     /* at most one option (month styles) */
    const char *usage;   /* how to write it, for messages */
} tb_tpl_filter_def;

int tb_tpl_filter_find(const char *name);
const tb_tpl_filter_def *tb_tpl_filter_def_at(int i);
size_t tb_tpl_filter_count(void);
/* Checks a literal argument list at parse time (beyond counts and types):
 * returns NULL or a message, and sets *BAD to the offending argument. */
const char *tb_tpl_filter_check(const tb_tpl_call *call, size_t *bad);

/* Applies CALL to IN.  Returns NULL, or a message describing a type error
 * (static or kept in F's arena)
 * (the caller reports it with the value in *FOUND, a string from F's
 * arena). */
const char *tb_tpl_filter_apply(tb_tpl_fctx *f, const tb_tpl_call *call, tb_tpl_val in, tb_tpl_val *out,
                                const char **found);

/* The text a value prints as ("–" for null).  TV_JSON gives NULL. */
const char *tb_tpl_val_text(tb_tpl_fctx *f, tb_tpl_val v);

/* +1 up, -1 down, 0 unchanged: the sign of V rounded to one decimal. */
int tb_tpl_direction(double v);

/* Prose money: "$56.5 billion", "565.2억 달러" (see docs/templates.md). */
char *tb_tpl_money_long(char *buf, size_t size, double v, tb_unit unit, const char *lang, unsigned flags);

#endif
