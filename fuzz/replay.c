/* replay: runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so the seed corpus and every past finding are replayed by
 * `make test` and, under the sanitizers, by `make asan`.
 *
 * Built once per target as test_fuzz_KIND (Makefile): it replays
 * fuzz/corpus/KIND/ and fuzz/regress/KIND/ (the inputs that once crashed,
 * hung or leaked, kept as they were found), relative to TB_ROOT or the
 * working directory, and prints "test_fuzz_KIND: N passed, 0 failed".  A
 * finding that comes back crashes the program, which tests/run.sh counts
 * as a failure.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TB_FUZZ_KIND
#error "build with -DTB_FUZZ_KIND=\"csv\" (or manifest, template, facts)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int S_by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

/* Replays every regular file in DIR; returns how many, or -1 on a read
 * error.  A missing directory holds nothing. */
static long S_replay_dir(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, S_by_name);
    if (n < 0)
        return 0;
    long done = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        bool hidden = names[i]->d_name[0] == '.';
        free(names[i]);
        FILE *f = hidden ? NULL : fopen(path, "rb");
        if (!f)
            continue;
        size_t cap = 1 << 16, len = 0, got;
        uint8_t *buf = malloc(cap);
        while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0)
            if ((len += got) == cap)
                buf = realloc(buf, cap *= 2);
        fclose(f);
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", path);
            return -1;
        }
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        done++;
    }
    free(names);
    return done;
}

int main(void)
{
    const char *root = getenv("TB_ROOT");
    if (root && chdir(root) != 0) {
        perror(root);
        return 1;
    }
    long a = S_replay_dir("fuzz/corpus/" TB_FUZZ_KIND), b = S_replay_dir("fuzz/regress/" TB_FUZZ_KIND);
    if (a < 0 || b < 0 || a == 0) {
        fprintf(stderr, "test_fuzz_%s: no corpus in fuzz/corpus/%s\n", TB_FUZZ_KIND, TB_FUZZ_KIND);
        printf("test_fuzz_%s: 0 passed, 1 failed\n", TB_FUZZ_KIND);
        return 1;
    }
    printf("test_fuzz_%s: %ld passed, 0 failed\n", TB_FUZZ_KIND, a + b);
    return 0;
}
