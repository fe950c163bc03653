/* utf8: the one UTF-8 decoder.
 *
 * Every place that reads UTF-8 text a code point at a time (validating
 * input, finding glyphs, breaking lines, display widths, Korean particles,
 * escaping messages) decodes here, so all agree on what is valid: RFC 3629,
 * no overlong forms, no surrogates, nothing above U+10FFFF.  An invalid
 * byte is one code point of its own, U+FFFD.
 *
 * Nothing here allocates or keeps state; pointers are only read.
 */
#ifndef TB_UTF8_H
#define TB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at S (LEN > 0 bytes left) into *CP; returns its
 * length in bytes.  Invalid bytes decode as U+FFFD, one byte each. */
size_t tb_utf8_next(const char *s, size_t len, uint32_t *cp);

/* The length of the valid sequence starting at S (LEN bytes left), or 0
 * when S does not start one (or LEN is 0). */
size_t tb_utf8_seq(const char *s, size_t len);

/* True when S[0..LEN) is valid UTF-8. */
bool tb_utf8_valid(const char *s, size_t len);

/* Decodes the code point that ends at byte *END of S (*END > 0) and moves
 * *END back to its first byte.  A byte that ends no valid sequence is
 * U+FFFD on its own. */
uint32_t tb_utf8_prev(const char *s, size_t *end);

#endif
