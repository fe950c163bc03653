/* tb_test: the unit-test harness.
 *
 * A test is a void function; TB_RUN(fn) runs it and counts it as passed
 * when it made at least one check and none of its checks failed: a test
 * that checked nothing proves nothing, so it fails.  Checks print
 * `file:line: ...` on failure and continue.  A test that cannot run here
 * says so with TB_SKIP (or tb_test_need for a tool) and makes no check: it
 * is counted as skipped, never as passed.  TB_MAIN_END prints `NAME: N
 * passed, N failed, N skipped` and returns non-zero on any failure, or when
 * the program ran no test at all; tests/run.sh adds the counts up.
 */
#ifndef TB_TEST_H
#define TB_TEST_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int tb_test_checks, tb_test_failed_checks, tb_test_skips, tb_test_passed, tb_test_failed, tb_test_skipped;

/* The running test cannot run here (WHY says what is missing). */
#define TB_SKIP(why)                          \
    do {                                      \
        tb_test_skips++;                      \
        fprintf(stderr, "SKIP: %s\n", (why)); \
    } while (0)

/* FN is left out for WHY: counted as skipped. */
#define TB_SKIPPED(fn, why)                           \
    do {                                              \
        tb_test_skipped++;                            \
        fprintf(stderr, "SKIP %s: %s\n", #fn, (why)); \
    } while (0)

#define TB_CHECK(cond)                                                               \
    do {                                                                             \
        tb_test_checks++;                                                            \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            tb_test_failed_checks++;                                                 \
        }                                                                            \
    } while (0)

#define TB_CHECK_INT(got, want)                                                                  \
    do {                                                                                         \
        tb_test_checks++;                                                                        \
        long long g_ = (long long)(got), w_ = (long long)(want);                                 \
        if (g_ != w_) {                                                                          \
            fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
            tb_test_failed_checks++;                                                             \
        }                                                                                        \
    } while (0)

#define TB_CHECK_NEAR(got, want, tol)                                                                      \
    do {                                                                                                   \
        tb_test_checks++;                                                                                  \
        double g_ = (got), w_ = (want);                                                                    \
        if (!(fabs(g_ - w_) <= (tol))) {                                                                   \
            fprintf(stderr, "%s:%d: %s is %.17g, want %.17g (tol %g)\n", __FILE__, __LINE__, #got, g_, w_, \
                    (double)(tol));                                                                        \
            tb_test_failed_checks++;                                                                       \
        }                                                                                                  \
    } while (0)

#define TB_CHECK_NAN(got)                                                                    \
    do {                                                                                     \
        tb_test_checks++;                                                                    \
        double g_ = (got);                                                                   \
        if (!isnan(g_)) {                                                                    \
            fprintf(stderr, "%s:%d: %s is %.17g, want NaN\n", __FILE__, __LINE__, #got, g_); \
            tb_test_failed_checks++;                                                         \
        }                                                                                    \
    } while (0)

#define TB_CHECK_STR(got, want)                                                                                 \
    do {                                                                                                        \
        tb_test_checks++;                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                                   \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                                \
            fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
                    w_ ? w_ : "(null)");                                                                        \
            tb_test_failed_checks++;                                                                            \
        }                                                                                                       \
    } while (0)

#define TB_RUN(fn)                                                     \
    do {                                                               \
        int before_ = tb_test_failed_checks, checks_ = tb_test_checks; \
        int skips_ = tb_test_skips;                                    \
        fn();                                                          \
        if (tb_test_checks == checks_ && tb_test_skips != skips_) {    \
            tb_test_skipped++;                                         \
        } else if (tb_test_checks == checks_) {                        \
            tb_test_failed++;                                          \
            fprintf(stderr, "FAIL %s: made no check\n", #fn);          \
        } else if (tb_test_failed_checks == before_) {                 \
            tb_test_passed++;                                          \
        } else {                                                       \
            tb_test_failed++;                                          \
            fprintf(stderr, "FAIL %s\n", #fn);                         \
        }                                                              \
    } while (0)

#define TB_MAIN_END(name)                                                                                          \
    do {                                                                                                           \
        if (tb_test_passed + tb_test_failed + tb_test_skipped == 0) {                                              \
            fprintf(stderr, "%s: ran no test\n", (name));                                                          \
            tb_test_failed++;                                                                                      \
        }                                                                                                          \
        printf("%s: %d passed, %d failed, %d skipped\n", (name), tb_test_passed, tb_test_failed, tb_test_skipped); \
        return tb_test_failed ? 1 : 0;                                                                             \
    } while (0)

/* Writes TEXT to DIR/NAME (a fixture); a file that cannot be written is a
 * failed check. */
static inline void tb_test_write(const char *dir, const char *name, const char *text)
{
    tb_buf path = {0};
    tb_buf_printf(&path, "%s/%s", dir, name);
    FILE *f = fopen(tb_buf_str(&path), "wb");
    TB_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        TB_CHECK(fclose(f) == 0);
    }
    tb_buf_free(&path);
}

/* Whether TOOL is on the PATH.  When it is not, the running test is
 * skipped, or, with CI=true (where every tool must be installed), fails. */
static inline bool tb_test_need(const char *tool)
{
    tb_buf cmd = {0};
    tb_buf_printf(&cmd, "command -v '%s' >/dev/null 2>&1", tool);
    bool found = system(tb_buf_str(&cmd)) == 0;
    tb_buf_free(&cmd);
    if (found)
        return true;
    const char *ci = getenv("CI");
    if (ci && strcmp(ci, "true") == 0) {
        fprintf(stderr, "required tool %s is missing (CI=true)\n", tool);
        tb_test_checks++;
        tb_test_failed_checks++;
    } else {
        tb_test_skips++;
        fprintf(stderr, "SKIP: no %s\n", tool);
    }
    return false;
}

#endif
