/* load: a dataset directory (dataset.yaml + CSV files) into a tb_dataset.
 *
 * Every file the manifest names is streamed once through csvread; each
 * observation goes straight into its series' growable array, so peak memory
 * is the values themselves (arrays grow by doubling, then are trimmed to the
 * calendar in place) plus the key tables.  After all files: the calendar is
 * fixed from the earliest to the latest month seen, balances are derived,
 * breakdowns and working days resolved, and gaps inside series are
 * reported as warnings.
 *
 * All problems up to the diagnostics cap are collected; any error means no
 * dataset is returned.
 *
 * Threads: a long-format UTF-8 file of 16 MB or more is read by two
 * threads, each its half (load.c says how); the dataset and the
 * diagnostics are the same, byte for byte, as one thread's.  TB_THREADS=1
 * in the environment reads with one thread.  Calls on different datasets
 * may run in different threads.
 */
#ifndef TB_LOAD_H
#define TB_LOAD_H

#include "dataset.h"
#include "diag.h"

/* The largest magnitude a value may have.  Monthly trade is far below it
 * in any unit statistics offices publish (the world's is about 2e12 USD;
 * in Iranian rials, 1e17), and below it every sum, difference and square
 * the facts and charts take stays finite: 1e308 in a file is a sentinel
 * or a typo, reported as such rather than turned into infinities. */
#define TB_LOAD_VALUE_MAX 1e20

typedef struct {
    size_t files, rows, observations, bytes; /* what was read */
    size_t partial;                           /* observations of days 1..D (among them) */
    size_t derived;                           /* balances derived */
    size_t gap_series, gap_months;            /* series with gaps inside, and months */
    size_t parallel;                          /* files read in two parts at once */
} tb_load_stats;

/* Loads DIR/dataset.yaml and its files.  STATS may be NULL.
 * Ownership: returns a dataset the caller frees with tb_dataset_free, or
 * NULL after reporting every problem into DIAG. */
tb_dataset *tb_load_dataset(const char *dir, tb_diag *diag, tb_load_stats *stats);

/* Where an observation was read: for messages about a (series, month) of a
 * dataset already loaded from the same directory. */
typedef struct {
    size_t series;
    tb_month month;
    char *file; /* NULL until found; the caller frees it */
    size_t line;
} tb_load_site;

/* Reads DIR again and fills in the file and line of each of SITES (sorted
 * here by series, then month).  Series indices are those of
 * tb_load_dataset(DIR), which assigns them in reading order.  Leaves every
 * file NULL when a file cannot be read twice (a named pipe). */
void tb_load_locate(const char *dir, tb_load_site *sites, size_t n);

#endif
