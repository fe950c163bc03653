/* Unit tests of cli: "did you mean", --out patterns, extensions, and the
 * option parser's answers to mistakes (--help: tests/e2e/cli.sh). */
#include "tb_test.h"

#include "cli.h"

static void test_nearest(void)
{
    const char *names[] = {"check", "stats", "charts", "report", "diff", "verify", "batch", "jobs", "help"};
    size_t n = sizeof names / sizeof names[0];
    TB_CHECK_STR(tb_cli_nearest("reprot", names, n), "report");
    TB_CHECK_STR(tb_cli_nearest("chart", names, n), "charts");
    TB_CHECK_STR(tb_cli_nearest("stat", names, n), "stats");
    TB_CHECK_STR(tb_cli_nearest("verfy", names, n), "verify");
    TB_CHECK_STR(tb_cli_nearest("repo", names, n), "report"); /* the one name it begins */
    TB_CHECK(tb_cli_nearest("ch", names, n) == NULL);        /* check and charts: no guess */
    TB_CHECK(tb_cli_nearest("frobnicate", names, n) == NULL);
    TB_CHECK(tb_cli_nearest("xy", names, n) == NULL); /* 2 edits of a 2-letter word is no likeness */
    TB_CHECK(tb_cli_nearest("", names, n) == NULL);
}

static void test_pattern(void)
{
    tb_cli_args a;
    memset(&a, 0, sizeof a);
    char *out = NULL;
    TB_CHECK_INT(tb_cli_out_pattern("out/{partner}-{product}.{lang}.pdf", &a, NULL, TB_MONTH_NONE, "ko", &out), 0);
    TB_CHECK_STR(out, "out/WLD-TOTAL.ko.pdf");
    free(out);
    a.val[TB_OPT_MONTH] = "2024-03";
    a.val[TB_OPT_REPORTER] = "A/B";
    TB_CHECK_INT(tb_cli_out_pattern("{reporter}_{month}", &a, NULL, TB_MONTH_NONE, "en", &out), 0);
    TB_CHECK_STR(out, "A_B_2024-03"); /* a '/' in a code is no directory */
    free(out);
    a.val[TB_OPT_MONTH] = NULL;
    TB_CHECK_INT(tb_cli_out_pattern("{month}.pdf", &a, NULL, TB_MONTH_NONE, "en", &out), -1); /* needs the data */
    TB_CHECK(out == NULL);
    TB_CHECK_INT(tb_cli_out_pattern("plain {.pdf", &a, NULL, TB_MONTH_NONE, "en", &out), 0);
    TB_CHECK_STR(out, "plain {.pdf");
    free(out);
    TB_CHECK_INT(tb_cli_out_pattern("{year}.pdf", &a, NULL, TB_MONTH_NONE, "en", &out), TB_EXIT_USAGE);
}

static void test_ext(void)
{
    TB_CHECK(tb_cli_has_ext("a/b.pdf", "pdf"));
    TB_CHECK(tb_cli_has_ext("B.PDF", "pdf"));
    TB_CHECK(!tb_cli_has_ext("b.png", "pdf"));
    TB_CHECK(!tb_cli_has_ext("pdf", "pdf"));
    TB_CHECK(!tb_cli_has_ext("dir/.pdf", "pdf"));
    TB_CHECK(!tb_cli_has_ext("x.pdf/", "pdf"));
}

static void test_parse(void)
{
    tb_cli_args a;
    char *ok[] = {"ds", "--month=2024-03", "--force"};
    TB_CHECK_INT(tb_cli_parse(3, ok, TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_FORCE), 1, 1, "", &a), 0);
    TB_CHECK_STR(a.val[TB_OPT_MONTH], "2024-03");
    TB_CHECK_STR(a.val[TB_OPT_FORCE], "");
    TB_CHECK_STR(a.pos[0], "ds");
    char *typo[] = {"ds", "--mnth", "2024-03"};
    TB_CHECK_INT(tb_cli_parse(3, typo, TB_OPT(TB_OPT_MONTH), 1, 1, "", &a), TB_EXIT_USAGE);
    char *flagval[] = {"ds", "--force=yes"};
    TB_CHECK_INT(tb_cli_parse(2, flagval, TB_OPT(TB_OPT_FORCE), 1, 1, "", &a), TB_EXIT_USAGE);
    char *novalue[] = {"ds", "--month"};
    TB_CHECK_INT(tb_cli_parse(2, novalue, TB_OPT(TB_OPT_MONTH), 1, 1, "", &a), TB_EXIT_USAGE);
}

int main(void)
{
    TB_RUN(test_nearest);
    TB_RUN(test_pattern);
    TB_RUN(test_ext);
    TB_RUN(test_parse);
    TB_MAIN_END("test_cli");
}
