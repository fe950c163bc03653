/* test_sha256: SHA-256 against the FIPS 180-4 / NIST example vectors, and
 * incremental hashing in odd-sized pieces against the one-shot digest. */
#include "sha256.h"
#include "tb_test.h"

#include <stdlib.h>

static void test_empty(void)
{
    char h[65];
    TB_CHECK_STR(tb_sha256_hex("", 0, h), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void)
{
    char h[65];
    TB_CHECK_STR(tb_sha256_hex("abc", 3, h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_two_blocks(void)
{
    char h[65];
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    TB_CHECK_STR(tb_sha256_hex(m, strlen(m), h),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m2 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnop"
                     "qrlmnopqrsmnopqrstnopqrstu";
    TB_CHECK_STR(tb_sha256_hex(m2, strlen(m2), h),
                 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void)
{
    tb_sha256 s;
    uint8_t d[32];
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    tb_sha256_init(&s);
    for (int i = 0; i < 1000; i++)
        tb_sha256_update(&s, chunk, sizeof chunk);
    tb_sha256_final(&s, d);
    static const uint8_t want[32] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
                                     0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
                                     0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    TB_CHECK(memcmp(d, want, 32) == 0);
}

static void test_pieces(void)
{
    unsigned char data[300];
    for (int i = 0; i < 300; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    char want[65];
    tb_sha256_hex(data, sizeof data, want);
    for (size_t step = 1; step < 130; step += 7) {
        tb_sha256 s;
        uint8_t d[32];
        tb_sha256_init(&s);
        for (size_t off = 0; off < sizeof data; off += step)
            tb_sha256_update(&s, data + off, off + step > sizeof data ? sizeof data - off : step);
        tb_sha256_final(&s, d);
        char got[65];
        for (int i = 0; i < 32; i++)
            sprintf(got + 2 * i, "%02x", d[i]);
        TB_CHECK_STR(got, want);
    }
    /* Lengths around the padding boundary (55, 56, 64 bytes). */
    char h[65];
    TB_CHECK_STR(tb_sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, h),
                 "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    TB_CHECK_STR(tb_sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56, h),
                 "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

int main(void)
{
    TB_RUN(test_empty);
    TB_RUN(test_abc);
    TB_RUN(test_two_blocks);
    TB_RUN(test_million_a);
    TB_RUN(test_pieces);
    TB_MAIN_END("test_sha256");
}
