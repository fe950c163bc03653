/* csvread: streaming CSV rows with line numbers, through libcsv.
 *
 * The file is read in blocks and handed to libcsv one physical line at a
 * time, so every row knows the line it started on.  A UTF-8 byte-order mark
 * is skipped; LF and CRLF both end lines; RFC 4180 quoting is libcsv's
 * (strict mode: a stray quote is an error).  A line longer than
 * TB_CSV_MAX_LINE bytes is reported and skipped without being buffered,
 * and a row whose quoted field spans lines past that size ends the
 * reading with an error, so memory stays bounded whatever the input.
 * Empty lines are skipped.
 *
 * Threading: calls share no state; each may run in its own thread with
 * its own DIAG and USER.
 *
 * Ownership: the row passed to the callback, and the strings in it, are
 * valid only during the call.  Fields are NUL-terminated; a field that
 * itself contains a NUL byte has lens[i] != strlen(fields[i]).
 */
#ifndef TB_CSVREAD_H
#define TB_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

#define TB_CSV_MAX_LINE ((size_t)1 << 20)

typedef struct {
    char **fields;
    const size_t *lens;
    size_t n;
    size_t line; /* 1-based physical line the row starts on */
} tb_csv_row;

/* Called once per row; return non-zero to stop reading. */
typedef int (*tb_csv_row_fn)(void *user, tb_csv_row *row);

/* Reads PATH (named NAME in messages) and calls FN for every row, the
 * header included.  PATH is read once, front to back, so it may be a named
 * pipe.  Returns the number of rows delivered, or -1 when the file could
 * not be read at all (missing, unreadable, empty, malformed quoting); every
 * problem goes to DIAG.  BYTES (may be NULL) receives the bytes read. */
long tb_csv_read(const char *path, const char *name, char delimiter, tb_csv_row_fn fn, void *user,
                 tb_diag *diag, size_t *bytes);
/* The same for a file in ENCODING (an iconv name such as "cp949"; NULL:
 * UTF-8), converted to UTF-8 as it is read (textin.h). */
long tb_csv_read_enc(const char *path, const char *name, const char *encoding, char delimiter, tb_csv_row_fn fn,
                     void *user, tb_diag *diag, size_t *bytes);

/* A part of a file, for reading a large file in parts in parallel.
 * START is 0 or the offset just after a newline; LINE the line number of
 * the line there.  END (0: none) is a soft end, just after a newline:
 * when the reading gets there between rows it stops (AT_END set), and
 * when a row runs on past it (a quoted field with a newline) it reads on
 * to the end of the file.  NEXT_LINE: the line number after the last line
 * read.  A part that starts past 0 skips no byte-order mark and is not
 * reported as empty or without rows. */
typedef struct {
    off_t start, end;
    size_t line;
    bool at_end;      /* out */
    size_t next_line; /* out */
} tb_csv_part;

/* Reads PART of PATH (a regular UTF-8 file) as tb_csv_read reads all of
 * it.  Returns the rows delivered, or -1 after reporting into DIAG. */
long tb_csv_read_part(const char *path, const char *name, char delimiter, tb_csv_part *part, tb_csv_row_fn fn,
                      void *user, tb_diag *diag, size_t *bytes);

#endif
