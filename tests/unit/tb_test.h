/* tb_test: the unit-test harness.
 *
 * A test is a void function; TB_RUN(fn) runs it and counts it as passed
 * when none of its checks failed.  Checks print `file:line: ...` on
 * failure and continue.  TB_MAIN_END prints `NAME: N passed, N failed` and
 * returns non-zero on any failure; tests/run.sh adds the counts up.
 */
#ifndef TB_TEST_H
#define TB_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tb_test_failed_checks, tb_test_passed, tb_test_failed;

#define TB_CHECK(cond)                                                            \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            tb_test_failed_checks++;                                              \
        }                                                                         \
    } while (0)

#define TB_CHECK_INT(got, want)                                                       \
    do {                                                                              \
        long long g_ = (long long)(got), w_ = (long long)(want);                      \
        if (g_ != w_) {                                                               \
            fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
            tb_test_failed_checks++;                                                  \
        }                                                                             \
    } while (0)

#define TB_CHECK_NEAR(got, want, tol)                                                   \
    do {                                                                                \
        double g_ = (got), w_ = (want);                                                 \
        if (!(fabs(g_ - w_) <= (tol))) {                                                \
            fprintf(stderr, "%s:%d: %s is %.17g, want %.17g (tol %g)\n", __FILE__, __LINE__, \
                    #got, g_, w_, (double)(tol));                                       \
            tb_test_failed_checks++;                                                    \
        }                                                                               \
    } while (0)

#define TB_CHECK_NAN(got)                                                                 \
    do {                                                                                  \
        double g_ = (got);                                                                \
        if (!isnan(g_)) {                                                                 \
            fprintf(stderr, "%s:%d: %s is %.17g, want NaN\n", __FILE__, __LINE__, #got, g_); \
            tb_test_failed_checks++;                                                      \
        }                                                                                 \
    } while (0)

#define TB_CHECK_STR(got, want)                                                           \
    do {                                                                                  \
        const char *g_ = (got), *w_ = (want);                                             \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                          \
            fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                              \
            tb_test_failed_checks++;                                                      \
        }                                                                                 \
    } while (0)

#define TB_RUN(fn)                                                    \
    do {                                                              \
        int before_ = tb_test_failed_checks;                          \
        fn();                                                         \
        if (tb_test_failed_checks == before_) {                       \
            tb_test_passed++;                                         \
        } else {                                                      \
            tb_test_failed++;                                         \
            fprintf(stderr, "FAIL %s\n", #fn);                        \
        }                                                             \
    } while (0)

#define TB_MAIN_END(name)                                                            \
    do {                                                                             \
        printf("%s: %d passed, %d failed\n", (name), tb_test_passed, tb_test_failed); \
        return tb_test_failed ? 1 : 0;                                               \
    } while (0)

#endif
