/* artifact: writing output files safely, and knowing what was written.
 *
 * Every file tradebrief produces goes through here:
 *   - written atomically: a temporary file in the target directory, then
 *     rename(2), so an interrupted run leaves the previous file intact and
 *     never a truncated one;
 *   - recorded in the output directory's manifest.json: file, kind,
 *     dataset, month, language, template, the data's last month, size,
 *     SHA-256, the program version, and a hash of everything the file was
 *     made from (its inputs);
 *   - skipped when its inputs hash equals the recorded one and the file on
 *     disk still has the recorded SHA-256 (incremental regeneration);
 *   - under a lock: one run at a time per output directory (flock on the
 *     directory itself, so no lock file sits among the outputs), a second
 *     run fails with a message; with the lock held, temporary files a
 *     killed run left are removed;
 *   - never over another tool's manifest.json: a directory whose
 *     manifest.json is not a tradebrief manifest (an object with a
 *     "tradebrief" version and an "artifacts" list) is refused.
 * The manifest is rewritten (atomically) only after the artifacts, so a
 * run killed midway leaves a manifest that describes files that are
 * either the old ones or are rebuilt next time.  manifest.json holds no
 * clock time: the same inputs give the same bytes.
 *
 * Ownership: tb_artifacts_open returns a handle that tb_artifacts_close
 * frees (and unlocks); strings passed in are copied.
 */
#ifndef TB_ARTIFACT_H
#define TB_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "diag.h"

/* Writes LEN bytes to PATH atomically.  Returns 0, or -1 with errno set. */
int tb_artifact_write(const char *path, const void *data, size_t len);

/* SHA-256 (nettle) of LEN bytes at DATA as 64 lower-case hex digits and a
 * NUL in HEX; returns HEX. */
char *tb_artifact_sha256(const void *data, size_t len, char hex[static 65]);

/* SHA-256 of the file at PATH as hex into HEX; false when it cannot be
 * read. */
bool tb_artifact_file_sha256(const char *path, char hex[static 65]);

/* SHA-256 of the inputs an artifact is made from: the program version and
 * the given parts (NUL-separated).  HEX gets 65 bytes. */
void tb_artifact_inputs_hash(char hex[65], const char *const *parts, size_t n);

typedef struct tb_artifacts tb_artifacts;

/* True when a write, a directory or the lock failed in this process in a
 * way a retry may mend (a full disk, a file size limit, an I/O error,
 * another run holding the directory), as opposed to a permission or a bad
 * path: the command's exit status is then TB_EXIT_TRANSIENT (cli.h). */
bool tb_artifact_transient(void);

/* The manifest entry of DIR/FILE when DIR's manifest.json records it with
 * INPUTS and the file still has the recorded SHA-256, else NULL.  Reads
 * only, takes no lock and creates nothing (the manifest is replaced
 * atomically, so it is read whole or not at all): a no-change rerun can
 * decide here.  Ownership: a new reference, json_decref it. */
json_t *tb_artifact_recorded(const char *dir, const char *file, const char *inputs);

/* What every artifact of a run shares. */
typedef struct {
    const char *dataset;         /* dataset name */
    const char *month;           /* YYYY-MM the artifact is about */
    const char *data_last_month; /* the data's last month */
    const char *lang;            /* "en", "ko" */
    const char *template_path;   /* NULL for charts */
    size_t pages;                /* a report's pages; 0: not recorded */
} tb_artifact_info;

/* Creates DIR and its parents if missing, takes its lock and reads its
 * manifest.json (refusing another tool's).  FORCE: rebuild everything.  WAIT: wait for the lock
 * (for short critical sections, e.g. recording one report made beforehand
 * while other reports of a batch record theirs) instead of failing.  NULL
 * after a diagnostic. */
tb_artifacts *tb_artifacts_open(const char *dir, bool force, bool wait, tb_diag *diag);

/* True when FILE (relative to the directory) is recorded with INPUTS and
 * still has its recorded SHA-256 on disk: nothing to do. */
bool tb_artifacts_fresh(tb_artifacts *a, const char *file, const char *inputs);

/* Writes FILE atomically and records it.  KIND: "chart", "report",
 * "charts-index"...  Returns 0, or -1 after a diagnostic. */
int tb_artifacts_put(tb_artifacts *a, const char *file, const void *data, size_t len, const char *kind,
                     const char *format, const tb_artifact_info *info, const char *inputs, tb_diag *diag);

/* The manifest entry recorded for FILE (borrowed; valid until the next
 * put or close), or NULL. */
const json_t *tb_artifacts_entry(const tb_artifacts *a, const char *file);

/* Counts of this run: files written and files found fresh. */
size_t tb_artifacts_written(const tb_artifacts *a);
size_t tb_artifacts_unchanged(const tb_artifacts *a);

/* Writes manifest.json (if anything changed), unlocks and frees A.
 * Returns 0, or -1 after a diagnostic. */
int tb_artifacts_close(tb_artifacts *a, tb_diag *diag);

/* Checks every file listed in the manifest at PATH (a manifest.json, or
 * a directory holding one) (size and SHA-256),
 * printing one line per problem to OUT.  Returns the number of files
 * checked, or -1 after a diagnostic (unreadable manifest) or when any
 * file does not match (the lines say which). */
long tb_artifacts_verify(const char *path, FILE *out, tb_diag *diag);

#endif
