/* manifest: a dataset's dataset.yaml, parsed with libyaml.
 *
 * The manifest says what the dataset is (name, reporter, unit, display
 * names, breakdowns) and which CSV files hold its series and how to read
 * them.  The schema is in docs/dataset-format.md.  Parsing checks shapes and
 * scalar syntax only; whether codes and files exist is the loader's job,
 * which is why every entry keeps the manifest position it came from.
 *
 * Invariants of a parsed manifest: name, unit and at least one file are
 * set; every file has a valid period format and one-byte delimiter,
 * decimal and (optional) thousands separators that differ from each other;
 * a wide file has at least one column mapping.
 *
 * Ownership: tb_manifest_load returns a manifest the caller frees with
 * tb_manifest_free; all strings inside belong to it.
 */
#ifndef TB_MANIFEST_H
#define TB_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"
#include "diag.h"

typedef struct {
    size_t line, col; /* 1-based position in the manifest */
} tb_manifest_pos;

typedef struct {
    char *header; /* CSV column header */
    char *reporter; /* NULL: the manifest's reporter */
    enum tb_flow flow;
    char *partner, *product;
    tb_manifest_pos pos;
} tb_manifest_column;

/* A long or SDMX-CSV file's agency code mapped to ours (codes: in the
 * manifest): DIM is an enum tb_dim, or -1 for flows. */
typedef struct {
    int dim;
    char *from, *to;
} tb_manifest_code;

/* The columns of a long file, by our names (headers: maps them). */
enum { TB_HDR_PERIOD, TB_HDR_REPORTER, TB_HDR_FLOW, TB_HDR_PARTNER, TB_HDR_PRODUCT, TB_HDR_VALUE, TB_HDR_STATUS,
       TB_HDR_COUNT };

typedef struct {
    char *path; /* as written, relative to the dataset directory */
    tb_manifest_pos pos;
    bool wide;
    bool sdmx;      /* format: sdmx-csv (a long file with SDMX defaults) */
    char *encoding; /* iconv name; NULL: UTF-8 */
    char *period_pattern; /* period_format with %: a tb_period pattern; NULL: period_format */
    char *headers[TB_HDR_COUNT]; /* headers: our column -> the file's; NULL: default */
    char *fixed[TB_DIM_COUNT];   /* reporter/partner/product: the code when the column is absent */
    tb_manifest_code *codes;
    size_t n_codes;
    char *period_column; /* default "period" */
    int period_format;   /* enum tb_month_format */
    char delimiter, decimal, thousands; /* thousands 0: none */
    char **missing;
    size_t n_missing;
    bool has_unit;
    tb_unit unit;
    tb_manifest_pos unit_pos;
    tb_manifest_column *columns;
    size_t n_columns;
} tb_manifest_file;

/* groups: {NAME: {en: ..., ko: ..., products|partners: [CODE, ...]}} */
typedef struct {
    char *name, *en, *ko; /* en, ko NULL when not given */
    char **codes;
    size_t n_codes;
    tb_manifest_pos pos;
} tb_manifest_group;

typedef struct {
    char *name;
    enum tb_flow flow;
    enum tb_dim along;  /* the dimension members vary along */
    char *fixed;        /* the code of the other dimension (partner or product) */
    char *total;        /* code of the total along ALONG */
    char **members;
    size_t n_members;
    tb_manifest_group *groups;
    size_t n_groups;
    tb_manifest_pos pos;
} tb_manifest_breakdown;

typedef struct {
    int dim; /* enum tb_dim, or -1 for flows */
    char *code, *lang, *label;
} tb_manifest_label;

typedef struct {
    char *key, *value; /* "title.en", "basis", "source", ... */
} tb_manifest_meta;

typedef struct {
    char *path; /* the manifest file itself, for messages */
    char *name;
    char *reporter; /* NULL when rows always name their reporter */
    tb_unit unit;
    tb_manifest_meta *meta;
    size_t n_meta;
    tb_manifest_label *labels;
    size_t n_labels;
    tb_manifest_breakdown *breakdowns;
    size_t n_breakdowns;
    tb_manifest_file *files;
    size_t n_files;
    char *workdays_file; /* NULL: none */
    tb_manifest_pos workdays_pos;
    char *workdays_daily; /* day-level calendar (date,days); NULL: none */
    tb_manifest_pos workdays_daily_pos;
} tb_manifest;

/* The header of long column OURS ("period", "value", ...) in F: the manifest's
 * headers: mapping, else for SDMX-CSV TIME_PERIOD, OBS_VALUE, OBS_STATUS,
 * REF_AREA, COUNTERPART_AREA, else OURS itself. */
const char *tb_manifest_header(const tb_manifest_file *f, const char *ours);
/* CODE of dimension DIM (-1: flow) as the dataset names it: F's codes:
 * mapping, else CODE itself. */
const char *tb_manifest_map_code(const tb_manifest_file *f, int dim, const char *code);

/* Parses the manifest at PATH.  Returns NULL after reporting every problem
 * into DIAG.  Ownership: caller frees with tb_manifest_free. */
tb_manifest *tb_manifest_load(const char *path, tb_diag *diag);
void tb_manifest_free(tb_manifest *m);

/* The files the dataset is read from besides the manifest: the data files,
 * then the working-day files; paths relative to the dataset directory,
 * owned by M.  I below tb_manifest_input_count(M). */
size_t tb_manifest_input_count(const tb_manifest *m);
const char *tb_manifest_input(const tb_manifest *m, size_t i);

#endif
