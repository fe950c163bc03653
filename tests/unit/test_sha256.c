/* test_sha256: the SHA-256 digests artifact.c records (through nettle)
 * against the FIPS 180-4 / NIST example vectors, and the inputs hash
 * against its definition (version, then each part, NUL-terminated). */
#include "artifact.h"
#include "tb_test.h"
#include "version.h"

#include <stdlib.h>

static void test_vectors(void)
{
    char h[65];
    TB_CHECK_STR(tb_artifact_sha256("", 0, h), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    TB_CHECK_STR(tb_artifact_sha256("abc", 3, h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    TB_CHECK_STR(tb_artifact_sha256(m, strlen(m), h),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m2 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnop"
                     "qrlmnopqrsmnopqrstnopqrstu";
    TB_CHECK_STR(tb_artifact_sha256(m2, strlen(m2), h),
                 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void)
{
    char *a = malloc(1000000), h[65];
    memset(a, 'a', 1000000);
    TB_CHECK_STR(tb_artifact_sha256(a, 1000000, h),
                 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

static void test_padding_boundary(void)
{
    char h[65];
    TB_CHECK_STR(tb_artifact_sha256("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, h),
                 "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    TB_CHECK_STR(tb_artifact_sha256("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56, h),
                 "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

static void test_inputs_hash(void)
{
    const char *parts[] = {"exports.csv", NULL, "en"};
    char got[65], want[65];
    tb_artifact_inputs_hash(got, parts, 3);
    size_t nv = sizeof TB_VERSION;
    char buf[64];
    memcpy(buf, TB_VERSION, nv);
    memcpy(buf + nv, "exports.csv\0\0en", 16);
    TB_CHECK_STR(got, tb_artifact_sha256(buf, nv + 16, want));
    parts[1] = "";
    TB_CHECK_STR(got, (tb_artifact_inputs_hash(want, parts, 3), want));
    parts[2] = "ko";
    tb_artifact_inputs_hash(want, parts, 3);
    TB_CHECK(strcmp(got, want) != 0);
}

int main(void)
{
    TB_RUN(test_vectors);
    TB_RUN(test_million_a);
    TB_RUN(test_padding_boundary);
    TB_RUN(test_inputs_hash);
    TB_MAIN_END("test_sha256");
}
