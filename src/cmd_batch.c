/* cmd_batch: many briefings from one dataset.
 *
 *   tradebrief batch DATASET --by reporter|partner|product --out DIR
 *                    [--what report|charts] [--jobs N] [--strict] [--month M] [--lang L]
 *   tradebrief jobs  DATASET --by ... --out DIR [--what ...] [--make]
 *
 * A job is one `tradebrief report` (DIR/CODE.pdf) or `tradebrief charts`
 * (DIR/CODE/) for one reporter, partner or product.  Every job is a pure
 * function of its inputs and writes its own files, so jobs run in any
 * order, anywhere.  `batch` runs them here in N worker processes (default:
 * the online cores), each job in a forked child that calls the command
 * directly (no exec), a progress line on a terminal, and goes on past a job
 * that fails: the failures are listed at the end, and the exit status is 2
 * only with --strict.  `jobs` prints the same jobs as shell command lines
 * (one per line, for GNU parallel, locally or with --sshlogin) or, with
 * --make, as a makefile whose targets are the outputs (for make -j and its
 * jobserver).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "manifest.h"
#include "mem.h"
#include "screen.h"

typedef struct {
    char *code;
    char *out; /* DIR/CODE.pdf or DIR/CODE */
    char *argv[16];
    int argc;
} S_job;

typedef struct {
    S_job *jobs;
    size_t n;
    const char *what, *by;
} S_plan;

static const char S_usage[] =
    "usage: tradebrief batch DATASET --by reporter|partner|product --out DIR [--what report|charts]\n"
    "                        [--jobs N] [--strict] [--month YYYY-MM] [--lang en|ko] [--template FILE]\n"
    "       tradebrief jobs  DATASET --by reporter|partner|product --out DIR [--what report|charts]\n"
    "                        [--make] [--month YYYY-MM] [--lang en|ko] [--template FILE]\n";

/* A file-name-safe form of CODE.  Ownership: caller frees. */
static char *S_safe(const char *code)
{
    char *s = tb_mem_strdup(code);
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == ' ' || *p == '\\' || (p == s && *p == '.'))
            *p = '_';
    return s;
}

/* The subjects of the batch: codes along BY that have data. */
static char **S_subjects(const tb_dataset *ds, const char *by, size_t *n)
{
    enum tb_dim dim = strcmp(by, "reporter") == 0 ? TB_DIM_REPORTER
                      : strcmp(by, "partner") == 0 ? TB_DIM_PARTNER
                                                   : TB_DIM_PRODUCT;
    char **out = NULL;
    size_t cap = 0;
    *n = 0;
    const tb_breakdown *bd = dim == TB_DIM_REPORTER ? NULL
                             : tb_dataset_breakdown_by_name(ds, dim == TB_DIM_PARTNER ? "partners" : "items");
    if (bd && bd->along == dim) {
        for (size_t i = 0; i < bd->n_members; i++) {
            const tb_series *s = tb_dataset_get(ds, bd->members[i]);
            int32_t id = dim == TB_DIM_PARTNER ? s->key.partner : s->key.product;
            TB_GROW(out, cap, *n + 1);
            out[(*n)++] = tb_mem_strdup(tb_dataset_code(ds, dim, id));
        }
        return out;
    }
    for (size_t i = 0; i < tb_dataset_code_count(ds, dim); i++) {
        const char *code = tb_dataset_code(ds, dim, (int32_t)i);
        if ((dim == TB_DIM_PARTNER && strcmp(code, TB_PARTNER_WORLD) == 0) ||
            (dim == TB_DIM_PRODUCT && strcmp(code, TB_PRODUCT_TOTAL) == 0))
            continue;
        TB_GROW(out, cap, *n + 1);
        out[(*n)++] = tb_mem_strdup(code);
    }
    return out;
}

static void S_plan_free(S_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->jobs[i].code);
        free(p->jobs[i].out);
    }
    free(p->jobs);
}

/* Builds the jobs; the loaded dataset goes to *DS when DS is not NULL.
 * Returns 0 or an exit status after a message. */
static int S_build(const tb_cli_args *a, S_plan *p, tb_dataset **keep)
{
    memset(p, 0, sizeof *p);
    const char *dir = a->pos[0], *out = a->val[TB_OPT_OUT];
    p->by = a->val[TB_OPT_BY];
    p->what = a->val[TB_OPT_WHAT] ? a->val[TB_OPT_WHAT] : "report";
    if (!p->by || (strcmp(p->by, "reporter") != 0 && strcmp(p->by, "partner") != 0 && strcmp(p->by, "product") != 0)) {
        fprintf(stderr, "tradebrief: --by must be reporter, partner or product\n%s", S_usage);
        return TB_EXIT_USAGE;
    }
    if (strcmp(p->what, "report") != 0 && strcmp(p->what, "charts") != 0) {
        fprintf(stderr, "tradebrief: --what must be report or charts (found: \"%s\")\n", p->what);
        return TB_EXIT_USAGE;
    }
    if (!out) {
        fprintf(stderr, "tradebrief: --out DIR is required\n%s", S_usage);
        return TB_EXIT_USAGE;
    }
    tb_dataset *ds = tb_cli_load(dir, NULL, false);
    if (!ds)
        return TB_EXIT_BADINPUT;
    size_t n;
    char **codes = S_subjects(ds, p->by, &n);
    if (keep)
        *keep = ds;
    else
        tb_dataset_free(ds);
    if (n == 0) {
        fprintf(stderr, "%s: no %s to make briefings for\n", dir, p->by);
        free(codes);
        if (keep)
            tb_dataset_free(*keep), *keep = NULL;
        return TB_EXIT_BADINPUT;
    }
    bool report = strcmp(p->what, "report") == 0;
    const char *lang = a->val[TB_OPT_LANG];
    p->jobs = tb_mem_calloc(n, sizeof *p->jobs);
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        S_job *j = &p->jobs[i];
        char *safe = S_safe(codes[i]);
        j->code = codes[i];
        j->out = report ? tb_mem_printf("%s/%s%s%s.pdf", out, safe, lang && strcmp(lang, "en") ? "." : "",
                                        lang && strcmp(lang, "en") ? lang : "")
                        : tb_mem_printf("%s/%s", out, safe);
        free(safe);
        char **v = j->argv;
        int k = 0;
        v[k++] = (char *)p->what;
        v[k++] = (char *)dir;
        v[k++] = strcmp(p->by, "reporter") == 0 ? "--reporter" : strcmp(p->by, "partner") == 0 ? "--partner" : "--product";
        v[k++] = j->code;
        v[k++] = "--out";
        v[k++] = j->out;
        static const int pass[] = {TB_OPT_MONTH, TB_OPT_LANG, TB_OPT_TEMPLATE};
        static const char *const flags[] = {"--month", "--lang", "--template"};
        for (int o = 0; o < 3; o++)
            if (a->val[pass[o]] && (report || pass[o] != TB_OPT_TEMPLATE)) {
                v[k++] = (char *)flags[o];
                v[k++] = (char *)a->val[pass[o]];
            }
        v[k] = NULL;
        j->argc = k;
    }
    free(codes);
    return 0;
}

/* Single-quotes S for a POSIX shell when it needs it; in a makefile
 * recipe (MAKE), '$' is doubled so that make passes it on. */
static void S_shell_word(FILE *f, const char *s, bool make)
{
    if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:+,") == strlen(s)) {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else if (*s == '$' && make)
            fputs("$$", f);
        else
            fputc(*s, f);
    fputc('\'', f);
}

/* S as one word of a makefile's rule: spaces and the characters make
 * treats specially are escaped; '%' only in a TARGET, where it would
 * make a pattern rule (in a prerequisite list a backslash would stay). */
static void S_make_word(FILE *f, const char *s, bool target)
{
    for (; *s; s++) {
        if (*s == '$')
            fputc('$', f);
        else if (strchr(" \t#:*?[]\\=;|", *s) || (*s == '%' && target))
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* The files a dataset is read from (manifest, CSV files, working days),
 * as prerequisites of every job in the makefile. */
static void S_make_inputs(FILE *f, const char *dir)
{
    char *mpath = tb_mem_printf("%s/dataset.yaml", dir);
    tb_diag diag;
    tb_diag_init(&diag);
    tb_manifest *m = tb_manifest_load(mpath, &diag); /* loaded before: cannot fail now but for a race */
    fputs("DATA := ", f);
    S_make_word(f, mpath, false);
    for (size_t i = 0; m && i < tb_manifest_input_count(m); i++) {
        char *p = tb_mem_printf("%s/%s", dir, tb_manifest_input(m, i));
        fputs(" \\\n  ", f);
        S_make_word(f, p, false);
        free(p);
    }
    fputc('\n', f);
    tb_manifest_free(m);
    tb_diag_free(&diag);
    free(mpath);
}

static char *S_self(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    return tb_mem_strdup(n > 0 ? (buf[n] = '\0', buf) : "tradebrief");
}

/* A job list is lines of words: a path with a line break cannot be in one. */
static bool S_one_line(const S_plan *p, const char *self)
{
    const char *bad = strpbrk(self, "\n\r") ? self : NULL;
    for (size_t i = 0; i < p->n && !bad; i++)
        for (int k = 0; k < p->jobs[i].argc && !bad; k++)
            if (strpbrk(p->jobs[i].argv[k], "\n\r"))
                bad = p->jobs[i].argv[k];
    if (bad)
        fprintf(stderr, "tradebrief: a job list cannot hold a name with a line break (found: \"%s\")\n", bad);
    return !bad;
}

int tb_cmd_jobs(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_BY) | TB_OPT(TB_OPT_WHAT) | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_MAKE) |
                    TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_LANG) | TB_OPT(TB_OPT_TEMPLATE);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, S_usage, &a);
    S_plan p;
    if (rc || (rc = S_build(&a, &p, NULL)))
        return rc;
    char *self = S_self();
    if (!S_one_line(&p, self)) {
        free(self);
        S_plan_free(&p);
        return TB_EXIT_BADINPUT;
    }
    bool make = a.val[TB_OPT_MAKE] != NULL, charts = strcmp(p.what, "charts") == 0;
    if (make) {
        printf("# Generated by `tradebrief jobs --make`: one target per briefing; run with make -j.\n");
        fputs("TRADEBRIEF ?= ", stdout);
        S_shell_word(stdout, self, true);
        putchar('\n');
        S_make_inputs(stdout, a.pos[0]);
        printf("\nall:");
        for (size_t i = 0; i < p.n; i++) {
            fputs(" \\\n  ", stdout);
            S_make_word(stdout, p.jobs[i].out, false);
            fputs(charts ? "/manifest.json" : "", stdout);
        }
        printf("\n.PHONY: all\n");
    }
    for (size_t i = 0; i < p.n; i++) {
        const S_job *j = &p.jobs[i];
        if (make) {
            putchar('\n');
            S_make_word(stdout, j->out, true);
            printf("%s: $(DATA)\n\t$(TRADEBRIEF)", charts ? "/manifest.json" : "");
        } else {
            S_shell_word(stdout, self, false);
        }
        for (int k = 0; k < j->argc; k++) {
            putchar(' ');
            S_shell_word(stdout, j->argv[k], make);
        }
        putchar('\n');
    }
    free(self);
    S_plan_free(&p);
    return fflush(stdout) == 0 ? 0 : TB_EXIT_BADINPUT;
}

typedef struct {
    pid_t pid;
    size_t job;
    FILE *err;
} S_worker;

/* Prints the subjects of P whose series the data-quality screen flags, with
 * their number of warnings (details: `tradebrief check`). */
static void S_warned(const tb_dataset *ds, const S_plan *p)
{
    enum tb_dim dim = strcmp(p->by, "reporter") == 0  ? TB_DIM_REPORTER
                      : strcmp(p->by, "partner") == 0 ? TB_DIM_PARTNER
                                                      : TB_DIM_PRODUCT;
    tb_screen s = {0};
    tb_screen_run(ds, NULL, &s);
    size_t listed = 0;
    for (size_t j = 0; j < p->n; j++) {
        int32_t id = tb_dataset_code_id(ds, dim, p->jobs[j].code);
        size_t n = 0;
        for (size_t i = 0; i < s.n; i++) {
            tb_key k = tb_dataset_get(ds, s.v[i].series)->key;
            n += (dim == TB_DIM_REPORTER ? k.reporter : dim == TB_DIM_PARTNER ? k.partner : k.product) == id;
        }
        if (n)
            printf("%s %s (%zu)", listed++ ? "," : "  data-quality warnings (see tradebrief check):", p->jobs[j].code, n);
    }
    if (listed)
        printf("\n");
    tb_screen_free(&s);
}

/* The first line of a failed job's messages.  Ownership: caller frees. */
static char *S_first_line(FILE *f)
{
    char buf[512] = "";
    rewind(f);
    if (!fgets(buf, sizeof buf, f))
        snprintf(buf, sizeof buf, "(no message)");
    buf[strcspn(buf, "\n")] = '\0';
    return tb_mem_strdup(buf);
}

int tb_cmd_batch(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_BY) | TB_OPT(TB_OPT_WHAT) | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_JOBS) |
                    TB_OPT(TB_OPT_STRICT) | TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_LANG) | TB_OPT(TB_OPT_TEMPLATE);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, S_usage, &a);
    S_plan p;
    tb_dataset *ds = NULL;
    if (rc || (rc = S_build(&a, &p, &ds)))
        return rc;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long jobs = a.val[TB_OPT_JOBS] ? strtol(a.val[TB_OPT_JOBS], NULL, 10) : ncpu > 0 ? ncpu : 1;
    if (jobs < 1 || jobs > 256) {
        fprintf(stderr, "tradebrief: --jobs must be 1 to 256\n");
        S_plan_free(&p);
        tb_dataset_free(ds);
        return TB_EXIT_USAGE;
    }
    if (mkdir(a.val[TB_OPT_OUT], 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create the output directory: %s\n", a.val[TB_OPT_OUT], strerror(errno));
        S_plan_free(&p);
        tb_dataset_free(ds);
        return TB_EXIT_BADINPUT;
    }
    if (strcmp(p.what, "report") == 0) { /* workers inherit the digests for their no-change check */
        tb_buf digest = {0};
        tb_cli_dataset_digest(a.pos[0], &digest);
        tb_buf_free(&digest);
    }
    bool progress = isatty(STDERR_FILENO) && !getenv("CI");
    S_worker *w = tb_mem_calloc((size_t)jobs, sizeof *w);
    int *status = tb_mem_calloc(p.n, sizeof *status);
    char **why = tb_mem_calloc(p.n, sizeof *why);
    size_t next = 0, done = 0, failed = 0, running = 0;
    fflush(NULL);
    while (done < p.n) {
        while (running < (size_t)jobs && next < p.n) {
            FILE *err = tmpfile();
            pid_t pid = err ? fork() : -1;
            if (pid == 0) {
                if (!freopen("/dev/null", "w", stdout))
                    _exit(TB_EXIT_BADINPUT);
                dup2(fileno(err), STDERR_FILENO);
                tb_cli_preload(a.pos[0], ds); /* the child's copy: loaded once, inherited */
                int r = tb_cmd_run(p.jobs[next].argv[0], p.jobs[next].argc - 1, p.jobs[next].argv + 1);
                fflush(NULL);
                _exit(r);
            }
            if (pid < 0) {
                status[next] = -1;
                why[next] = tb_mem_printf("cannot start a worker: %s", strerror(errno));
                if (err)
                    fclose(err);
                failed++, done++, next++;
                continue;
            }
            for (long k = 0; k < jobs; k++)
                if (!w[k].pid) {
                    w[k] = (S_worker){pid, next, err};
                    break;
                }
            running++;
            next++;
        }
        int st;
        pid_t pid = wait(&st);
        if (pid < 0)
            break;
        for (long k = 0; k < jobs; k++) {
            if (w[k].pid != pid)
                continue;
            size_t j = w[k].job;
            status[j] = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            if (status[j] != 0) {
                why[j] = WIFEXITED(st) ? S_first_line(w[k].err) : tb_mem_printf("killed by signal %d", WTERMSIG(st));
                failed++;
            }
            fclose(w[k].err);
            w[k].pid = 0;
            running--;
            done++;
            if (progress)
                fprintf(stderr, "\rbatch: %zu/%zu done, %zu failed  ", done, p.n, failed);
        }
    }
    if (progress)
        fputc('\n', stderr);
    printf("batch: %zu %s briefings by %s in %s: %zu ok, %zu failed\n", p.n, p.what, p.by, a.val[TB_OPT_OUT],
           p.n - failed, failed);
    for (size_t j = 0; j < p.n; j++)
        if (status[j] != 0)
            printf("  failed %s: %s\n", p.jobs[j].code, why[j] ? why[j] : "?");
    if (ds)
        S_warned(ds, &p);
    for (size_t j = 0; j < p.n; j++)
        free(why[j]);
    free(why);
    free(status);
    free(w);
    S_plan_free(&p);
    tb_dataset_free(ds);
    return failed && a.val[TB_OPT_STRICT] ? TB_EXIT_BADINPUT : 0;
}
