/* template_tree: a parsed template as the parser builds it and the
 * expander walks it, its pools, and the messages and helpers both share
 * (not a public header).
 *
 * A parsed template is two pools owned by the tb_template: nodes and
 * expressions, addressed by 32-bit index (index 0 is "none" in both), so
 * the pools may grow while a parser holds indices.  Bodies are sibling
 * lists (first child in `body`, then `next`).  Nesting (if, for, @kpi,
 * @table, included files) is at most TB_TPL_MAX_DEPTH deep, expressions at
 * most TB_TPL_MAX_DEPTH parentheses / `not`s deep: the parser enforces both
 * with an error, so the recursive walks over a loaded template are bounded.
 *
 * Ownership: every string in a node, expression or argument belongs to the
 * template and is freed by tb_template_free.
 */
#ifndef TB_TEMPLATE_TREE_H
#define TB_TEMPLATE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dataset.h"
#include "diag.h"
#include "template.h"

#define TB_TPL_MAX_DEPTH 32

/* A template and the files it includes are at most this many bytes in
 * all.  A briefing's template is a few kilobytes; a 100 MB one would be
 * laid out for minutes into tens of thousands of pages, so it is refused
 * before it is read. */
#define TB_TPL_MAX_BYTES ((size_t)4 << 20)
/* Expansion budgets: loop steps (members looked at, bodies run, table
 * rows) and text.  A list of a million members sorted, filtered and
 * printed a few times fits; loops nested over long lists, or a document
 * of thousands of pages, end with a message. */
#define TB_TPL_MAX_STEPS 20000000
#define TB_TPL_MAX_TEXT ((size_t)8 << 20)

typedef struct {
    uint32_t file; /* index into tb_template.files */
    uint32_t line, col;
} tb_tpl_pos;

/* ------------------------------------------------------------ expressions */

enum tb_tpl_expr_kind { TE_NUM, TE_STR, TE_BOOL, TE_NULL, TE_PATH, TE_PIPE, TE_CMP, TE_AND, TE_OR, TE_NOT, TE_DEFINED };
enum tb_tpl_cmp { TC_EQ, TC_NE, TC_LT, TC_LE, TC_GT, TC_GE };

/* A literal argument of a filter call. */
typedef struct {
    bool is_num;
    double num;
    char *str;
    tb_tpl_pos pos;
} tb_tpl_arg;

typedef struct {
    int filter;        /* index into the filter table */
    tb_tpl_pos pos;    /* of the filter's name */
    tb_tpl_arg *args;  /* positional literals */
    size_t n_args;
    unsigned options;  /* bit i: option word i of the filter given */
} tb_tpl_call;

typedef struct {
    enum tb_tpl_expr_kind kind;
    tb_tpl_pos pos;
    char *src;         /* the expression's source text (for messages) */
    double num;        /* TE_NUM */
    bool integer;      /* TE_NUM written without a fraction or exponent */
    bool b;            /* TE_BOOL; TE_DEFINED: `is not defined` */
    char *str;         /* TE_STR */
    char **segs;       /* TE_PATH */
    size_t n_segs;
    uint32_t base;     /* TE_PIPE: the filtered expression; TE_NOT, TE_DEFINED: operand */
    tb_tpl_call *calls; /* TE_PIPE */
    size_t n_calls;
    enum tb_tpl_cmp op; /* TE_CMP: kids[0] op kids[1] */
    uint32_t *kids;    /* TE_CMP (2), TE_AND, TE_OR */
    size_t n_kids;
} tb_tpl_expr;

/* ------------------------------------------------------------ nodes */

enum tb_tpl_node_kind {
    TN_TEXT,      /* str: literal text (escapes resolved) */
    TN_SPACE,     /* a line end inside running text */
    TN_BREAK,     /* a blank line: ends the paragraph */
    TN_STYLE,     /* style: TB_DOC_BOLD or TB_DOC_EMPH toggled */
    TN_VALUE,     /* expr: {{ ... }} */
    TN_IF,        /* body: TN_BRANCH list */
    TN_BRANCH,    /* expr: condition (0 for else); body */
    TN_FOR,       /* see the fields */
    TN_DIRECTIVE, /* dir: see tb_tpl_dir */
};

enum tb_tpl_dir_kind {
    TD_TITLE,
    TD_HEADING,
    TD_SUBHEADING,
    TD_FOOTNOTE,
    TD_SOURCE,
    TD_PAGEBREAK,
    TD_SPACER,
    TD_META,
    TD_KPI,
    TD_ITEM,
    TD_ENDKPI,
    TD_CHART,
    TD_TABLE,
    TD_HEADER,
    TD_ROW,
    TD_ENDTABLE,
    TD_INCLUDE,
    TD_COMMENTARY,
    TD_COUNT
};

/* Columns of a breakdown table. */
enum tb_tpl_col {
    TCOL_NAME,
    TCOL_CODE,
    TCOL_VALUE,
    TCOL_CHANGE,
    TCOL_YOY,
    TCOL_MOM,
    TCOL_SHARE,
    TCOL_CONTRIBUTION,
    TCOL_STREAK,
    TCOL_RANK,
    TCOL_SPARKLINE,
    TCOL_COUNT
};

#define TB_TPL_MAX_COLS 16

/* A KEY=VALUE argument of a directive whose value is template text
 * (placeholders allowed): `text` is a node list. */
typedef struct {
    char *key;
    tb_tpl_pos pos; /* of the key */
    uint32_t text;
} tb_tpl_targ;

typedef struct {
    enum tb_tpl_dir_kind kind;
    uint32_t text;         /* TITLE..SOURCE: the line's text */
    tb_tpl_targ *targs;    /* text arguments in source order */
    size_t n_targs;
    uint32_t expr;         /* ITEM: trend; TABLE: the breakdown (0: hand-made table) */
    double num;            /* SPACER: lines */
    char *name;            /* CHART: chart name; META: lang */
    tb_tpl_pos name_pos;
    uint32_t *cells;       /* HEADER, ROW: one node list per cell; TABLE: headers= */
    size_t n_cells;
    /* TABLE */
    int cols[TB_TPL_MAX_COLS];
    size_t n_cols;         /* breakdown: columns; hand-made: cells per row */
    int sort;              /* column, -1 none */
    int desc;              /* 1 desc, 0 asc, -1 the column's default */
    long top;              /* 0: all */
    bool total;
    int spark;             /* months of sparkline history */
    char *align;           /* hand-made: "lrr..." */
    tb_tpl_pos align_pos;
} tb_tpl_dir;

typedef struct {
    enum tb_tpl_node_kind kind;
    tb_tpl_pos pos;
    uint32_t next, body;
    uint32_t expr;      /* VALUE, BRANCH, FOR (the list) */
    char *str;          /* TEXT; FOR: the variable */
    unsigned style;     /* STYLE */
    /* FOR */
    uint32_t where;     /* expression, 0 none */
    uint32_t body2;     /* {% else %} body */
    char **sort_segs;   /* path inside an element, NULL none */
    size_t n_sort_segs;
    char *sort_src;
    tb_tpl_pos sort_pos;
    bool sort_desc;
    long limit;         /* 0 none */
    /* DIRECTIVE */
    tb_tpl_dir *dir;
} tb_tpl_node;

struct tb_template {
    char **files; /* names as shown in messages; [0] is the template */
    size_t n_files;
    char *dir;    /* directory includes are read from; NULL: refused */
    char *lang;   /* @meta lang=, NULL if not given */
    tb_tpl_node *nodes;
    size_t n_nodes, cap_nodes;
    tb_tpl_expr *exprs;
    size_t n_exprs, cap_exprs;
    uint32_t root; /* first node of the top-level body */
    /* While parsing, errors are held here and reported sorted by position
     * at the end (an unclosed block is only known at the end of the file). */
    bool hold_errors;
    struct tb_tpl_held *held;
    size_t n_held, cap_held;
};

/* Reports the held errors, sorted by file (in order of inclusion), line
 * and column, and stops holding. */
void tb_tpl_flush_errors(tb_template *t, tb_diag *diag);

/* New zeroed node / expression; returns its index (never 0). */
uint32_t tb_tpl_node_new(tb_template *t, enum tb_tpl_node_kind kind, tb_tpl_pos pos);
uint32_t tb_tpl_expr_new(tb_template *t, enum tb_tpl_expr_kind kind, tb_tpl_pos pos);

/* Reads PATH whole if it holds at most LIMIT bytes.  Returns the bytes
 * (*LEN of them), or NULL with *ERR an errno value: EFBIG when the file is
 * larger than LIMIT.  Ownership: the caller frees the result. */
char *tb_tpl_read_file(const char *path, size_t limit, size_t *len, int *err);

/* The closest of N candidate strings to WORD within a small edit distance,
 * or NULL. */
const char *tb_tpl_suggest(const char *word, const char *const *cands, size_t n);

/* Reports an error at POS of template T. */
void tb_tpl_error(const tb_template *t, tb_diag *diag, tb_tpl_pos pos, const char *found, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
