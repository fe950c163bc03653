/* textin: a text file in another encoding (cp949, euc-kr, utf-16, ...)
 * read as UTF-8, converted by iconv as it streams.
 *
 * The stream is a stdio FILE (glibc fopencookie), so csvread reads it like
 * any file, front to back, and memory stays bounded (a 64 KiB input block).
 * Line breaks survive the conversion, so line numbers are those of the
 * original file.  A byte sequence invalid in the encoding is reported at
 * its line and CSV field (counted by delimiters outside quotes), and the
 * stream then fails with errno EILSEQ: callers do not report it twice.
 *
 * Ownership: tb_textin_open returns a stream the caller fcloses; NAME and
 * DIAG must outlive it.
 */
#ifndef TB_TEXTIN_H
#define TB_TEXTIN_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

/* Whether iconv can convert ENCODING to UTF-8. */
bool tb_textin_encoding_ok(const char *encoding);

/* Opens PATH (named NAME in messages) in ENCODING for reading as UTF-8.
 * NULL with errno set when PATH cannot be opened or ENCODING is unknown. */
FILE *tb_textin_open(const char *path, const char *encoding, const char *name, char delimiter, tb_diag *diag);

#endif
