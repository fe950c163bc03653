/* cli: what the commands share: argument parsing, loading a dataset,
 * choosing the month and the reporter, exit statuses.
 *
 * Each command lives in src/cmd_NAME.c as `int tb_cmd_NAME(int argc, char
 * **argv)` (argv after the command word) and returns an exit status:
 * 0 success, TB_EXIT_USAGE (1) usage error, TB_EXIT_BADINPUT (2) bad input.
 * Diagnostics go to stderr, results to stdout or files; a command that
 * fails writes nothing.
 */
#ifndef TB_CLI_H
#define TB_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "dataset.h"
#include "load.h"

#include "version.h"

enum { TB_EXIT_OK = 0, TB_EXIT_USAGE = 1, TB_EXIT_BADINPUT = 2 };

enum tb_cli_opt {
    TB_OPT_MONTH,    /* --month YYYY-MM */
    TB_OPT_REPORTER, /* --reporter CODE */
    TB_OPT_OUT,      /* --out PATH */
    TB_OPT_FORMAT,   /* --format NAME */
    TB_OPT_LANG,     /* --lang en|ko */
    TB_OPT_TEMPLATE, /* --template FILE */
    TB_OPT_FORCE,    /* --force (a flag) */
    TB_OPT_JSON,     /* --json (a flag) */
    TB_OPT_PARTNER,  /* --partner CODE: the headline partner (default WLD) */
    TB_OPT_PRODUCT,  /* --product CODE: the headline product (default TOTAL) */
    TB_OPT_BY,       /* --by reporter|partner|product (batch, jobs) */
    TB_OPT_WHAT,     /* --what report|charts (batch, jobs) */
    TB_OPT_JOBS,     /* --jobs N (batch) */
    TB_OPT_STRICT,   /* --strict (a flag: batch fails when a job fails) */
    TB_OPT_MAKE,     /* --make (a flag: jobs as a makefile) */
    TB_OPT_REVISIONS, /* --revisions OLD_DATASET (report: a revisions section) */
    TB_OPT_CLAIMS,   /* --claims FILE.json (report: the claims ledger) */
    TB_OPT_WIDTH,    /* --width POINTS (charts: layout width) */
    TB_OPT_DPI,      /* --dpi N (charts: PNG resolution) */
    TB_OPT_COUNT
};
#define TB_OPT(o) (1u << (o))

typedef struct {
    const char *pos[4]; /* positional arguments */
    int n_pos;
    const char *val[TB_OPT_COUNT]; /* NULL: not given; flags get "" */
} tb_cli_args;

/* Parses ARGV into A.  ALLOWED is a mask of TB_OPT(...); between MIN_POS
 * and MAX_POS positional arguments.  USAGE is printed on errors.
 * Returns 0 or TB_EXIT_USAGE (after a message). */
int tb_cli_parse(int argc, char **argv, unsigned allowed, int min_pos, int max_pos, const char *usage,
                 tb_cli_args *a);

/* Hands DS, loaded from DIR, to the next tb_cli_load(DIR) of this process
 * (batch loads a dataset once, then forks workers that inherit it).
 * Ownership: the dataset passes to whoever loads DIR next. */
void tb_cli_preload(const char *dir, tb_dataset *ds);

/* Appends to B a line "PATH SHA-256" for each file dataset DIR is read
 * from (dataset.yaml, its data files, working days); false when one cannot
 * be read or the manifest is bad (loading the dataset then says why).  The
 * last directory's lines are remembered for the process, so batch hashes
 * the files once before it forks its workers. */
bool tb_cli_dataset_digest(const char *dir, tb_buf *b);

/* Loads DIR, printing diagnostics (warnings too when WARNINGS).  STATS may
 * be NULL.  Ownership: caller frees the dataset; NULL on bad input. */
tb_dataset *tb_cli_load(const char *dir, tb_load_stats *stats, bool warnings);

/* The options that choose what a briefing is about. */
#define TB_OPT_SELECT (TB_OPT(TB_OPT_REPORTER) | TB_OPT(TB_OPT_PARTNER) | TB_OPT(TB_OPT_PRODUCT))

/* Applies --reporter, --partner and --product (each must be a code of the
 * dataset) and requires a reporter.  Returns 0 or TB_EXIT_BADINPUT after a
 * message. */
int tb_cli_select(tb_dataset *ds, const char *dir, const tb_cli_args *a);

/* The reference month: TEXT (YYYY-MM, inside the calendar) or, when NULL,
 * the latest month with data.  Returns 0, TB_EXIT_USAGE or TB_EXIT_BADINPUT
 * after a message. */
int tb_cli_month(const tb_dataset *ds, const char *dir, const char *text, tb_month *m);

/* tb_cli_load + tb_cli_select + tb_cli_month for the dataset A names:
 * what every command about one briefing starts with.  Returns 0 with *DS
 * (the caller frees it) and *M set, or an exit status after a message. */
int tb_cli_open(const tb_cli_args *a, tb_dataset **ds, tb_month *m);

/* Appends "PATH SHA-256" and a newline to B (an inputs hash being
 * built); false when PATH cannot be read. */
bool tb_cli_digest_file(tb_buf *b, const char *path);

/* The usage text of the whole program. */
extern const char tb_cli_usage[];

#endif
