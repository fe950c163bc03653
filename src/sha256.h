/* sha256: the SHA-256 hash (FIPS 180-4), for content digests in charts.json.
 *
 * Incremental: init, update any number of times, final.  No allocation.
 * tb_sha256_hex formats a digest as 64 lower-case hex digits.
 */
#ifndef TB_SHA256_H
#define TB_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t len;      /* bytes hashed so far */
    uint8_t buf[64];   /* pending partial block */
    size_t nbuf;
} tb_sha256;

void tb_sha256_init(tb_sha256 *s);
void tb_sha256_update(tb_sha256 *s, const void *data, size_t len);
void tb_sha256_final(tb_sha256 *s, uint8_t digest[32]);

/* One-shot digest of DATA as hex into OUT (65 bytes with the NUL); returns OUT. */
char *tb_sha256_hex(const void *data, size_t len, char out[static 65]);

#endif
