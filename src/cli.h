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

/* Exit statuses (docs/tradebrief.1 "EXIT STATUS"): 2 is bad input, which
 * a rerun cannot mend; TB_EXIT_TRANSIENT (75, EX_TEMPFAIL of sysexits.h)
 * is a failure a retry may mend: an I/O error (a full disk, a file size
 * limit), out of memory, another run holding the output directory.
 * Schedulers retry only that one.  TB_EXIT_HELPED is no exit status:
 * tb_cli_parse printed the help asked for (tb_cmd_run returns 0). */
enum { TB_EXIT_OK = 0, TB_EXIT_USAGE = 1, TB_EXIT_BADINPUT = 2, TB_EXIT_TRANSIENT = 75, TB_EXIT_HELPED = -2 };

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
    TB_OPT_NOTES,    /* --notes FILE (report, charts: the desk's notes; default DATASET/notes.yaml) */
    TB_OPT_DAYS,     /* --days D: the partial period days 1..D (stats, charts, report) */
    TB_OPT_SHARD,    /* --shard K/N (batch, jobs: the K-th of N shares of the jobs) */
    TB_OPT_JOBLOG,   /* --joblog FILE (batch: one status line per job) */
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
 * and MAX_POS positional arguments.  USAGE (the command's synopsis and
 * what it does) is printed on errors.  --help or -h prints USAGE and the
 * allowed options with their help (the table in cli.c) to stdout and
 * returns TB_EXIT_HELPED, which the command returns as it is.  An
 * unknown option gets "did you mean ...?" when one is near.
 * Returns 0, TB_EXIT_HELPED or TB_EXIT_USAGE (after a message). */
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

/* The subject of a briefing: the dataset's default (tb_dataset_subject)
 * with --reporter, --partner and --product applied (each must be a code of
 * the dataset); it needs a reporter and a headline series.  Returns 0 with
 * *SUBJECT set (its codes are DS's or A's), or TB_EXIT_BADINPUT after a
 * message. */
int tb_cli_select(const tb_dataset *ds, const char *dir, const tb_cli_args *a, tb_subject *subject);

/* The reference month: TEXT (YYYY-MM, inside the calendar) or, when NULL,
 * the latest month with data of SUBJECT.  Returns 0, TB_EXIT_USAGE or
 * TB_EXIT_BADINPUT after a message. */
int tb_cli_month(const tb_dataset *ds, const tb_subject *subject, const char *dir, const char *text, tb_month *m);

/* tb_cli_load + tb_cli_select + tb_cli_month for the dataset A names:
 * what every command about one briefing starts with.  With --days D the
 * dataset returned is tb_dataset_partial_view(D) of the one loaded (its
 * months mean days 1..D of the month) and the month, given or by default
 * the latest, must have a days 1..D figure of the headline exports.  Returns 0 with *DS
 * (the caller frees it), *SUBJECT and *M set, or an exit status after a
 * message. */
int tb_cli_open(const tb_cli_args *a, tb_dataset **ds, tb_subject *subject, tb_month *m);

/* Appends "PATH SHA-256" and a newline to B (an inputs hash being
 * built); false when PATH cannot be read. */
bool tb_cli_digest_file(tb_buf *b, const char *path);

/* Expands an --out PATTERN: {month} (YYYY-MM), {reporter}, {partner},
 * {product} (the selection's codes, '/' shown as '_') and {lang}.  DS is
 * the dataset after tb_cli_select and M the month, or DS is NULL before
 * loading: then the values come from A (--month, --reporter, --partner,
 * --product; WLD and TOTAL by default) and LANG.  Returns 0 with *OUT
 * set (the caller frees it), -1 when a value needs the dataset and DS is
 * NULL, or TB_EXIT_USAGE after a message (an unknown {name}). */
int tb_cli_out_pattern(const char *pattern, const tb_cli_args *a, const tb_dataset *ds, tb_month m,
                       const char *lang, char **out);

/* Whether the file name PATH ends in "." EXT (ASCII case ignored), as
 * --out and --claims must match their format. */
bool tb_cli_has_ext(const char *path, const char *ext);

/* The usage text of the whole program. */
/* The notes file A asks for: --notes FILE, else DIR/notes.yaml when it
 * exists, else none (NULL).  Ownership: caller frees. */
char *tb_cli_notes_path(const tb_cli_args *a, const char *dir);

extern const char tb_cli_usage[];

/* The one of the N words in NAMES nearest to WORD (edit distance at most
 * 2, and less than half of WORD's length; else the one name WORD begins),
 * or NULL: "did you mean". */
const char *tb_cli_nearest(const char *word, const char *const *names, size_t n);

#endif
