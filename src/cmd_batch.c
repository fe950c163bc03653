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
 * (one per line, for GNU parallel, locally or with --sshlogin; the program
 * is `tradebrief`, or $TRADEBRIEF when set), with --make as a makefile
 * whose targets are the outputs (for make -j and its jobserver), with
 * --json as JSON (for a CI matrix).  --shard K/N takes every N-th job from
 * the K-th, for N machines that split a batch without talking.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "artifact.h"
#include "buf.h"
#include "cli.h"
#include "cmd.h"
#include "font.h"
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
    "                        [--jobs N] [--strict] [--shard K/N] [--joblog FILE] [--month YYYY-MM]\n"
    "                        [--lang en|ko] [--template FILE]\n"
    "Makes one briefing (DIR/CODE.pdf) or chart set (DIR/CODE/) per code, in parallel here.\n";
static const char S_jobs_usage[] =
    "usage: tradebrief jobs DATASET --by reporter|partner|product --out DIR [--what report|charts]\n"
    "                       [--make | --json] [--shard K/N] [--month YYYY-MM] [--lang en|ko] [--template FILE]\n"
    "Prints the jobs of `tradebrief batch` for a scheduler: shell command lines, a makefile or JSON.\n";

/* --shard K/N into *K (0-based) and *N; 0 and 1 when not given.  Returns
 * 0 or TB_EXIT_USAGE after a message. */
static int S_shard(const char *text, size_t *k, size_t *n)
{
    *k = 0, *n = 1;
    if (!text)
        return 0;
    char *end1, *end2;
    long a = strtol(text, &end1, 10);
    long b = *end1 == '/' ? strtol(end1 + 1, &end2, 10) : 0;
    if (*end1 != '/' || *end2 != '\0' || b < 1 || a < 1 || a > b) {
        fprintf(stderr, "tradebrief: --shard must be K/N with 1 <= K <= N (found: \"%s\")\n", text);
        return TB_EXIT_USAGE;
    }
    *k = (size_t)a - 1, *n = (size_t)b;
    return 0;
}

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
    size_t shard, shards;
    if (S_shard(a->val[TB_OPT_SHARD], &shard, &shards))
        return TB_EXIT_USAGE;
    tb_dataset *ds = tb_cli_load(dir, NULL, false);
    if (!ds)
        return TB_EXIT_BADINPUT;
    size_t n, all;
    char **codes = S_subjects(ds, p->by, &all);
    for (size_t i = n = 0; i < all; i++) /* a shard: every N-th code from the K-th */
        if (i % shards == shard)
            codes[n++] = codes[i];
        else
            free(codes[i]);
    if (keep)
        *keep = ds;
    else
        tb_dataset_free(ds);
    if (n == 0) {
        fprintf(stderr, "%s: no %s to make briefings for%s\n", dir, p->by, all ? " in this shard" : "");
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

/* The program the job lines run: $TRADEBRIEF when set (asked for, e.g.
 * a checkout's ./tradebrief), else "tradebrief" from the PATH of whatever
 * machine runs the line; never this binary's local path unasked.
 * Ownership: caller frees. */
static char *S_self(void)
{
    const char *env = getenv("TRADEBRIEF");
    return tb_mem_strdup(env && *env ? env : "tradebrief");
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

/* `jobs --json`: {"dataset", "by", "what", "jobs": [{"code", "out",
 * "args"}]}, args being the tradebrief arguments after the program name
 * (a CI matrix or an indexed job runs `tradebrief ARGS...`).  Frees P;
 * returns an exit status. */
static int S_jobs_json(S_plan *p, const char *dataset)
{
    json_t *jobs = json_array();
    for (size_t i = 0; i < p->n; i++) {
        json_t *args = json_array();
        for (int k = 0; k < p->jobs[i].argc; k++)
            json_array_append_new(args, json_string(p->jobs[i].argv[k]));
        json_array_append_new(jobs, json_pack("{s:s, s:s, s:o}", "code", p->jobs[i].code, "out", p->jobs[i].out,
                                              "args", args));
    }
    json_t *root = json_pack("{s:s, s:s, s:s, s:o}", "dataset", dataset, "by", p->by, "what", p->what, "jobs", jobs);
    int rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 && putchar('\n') != EOF &&
                     fflush(stdout) == 0
                 ? 0
                 : TB_EXIT_BADINPUT;
    if (!root)
        fprintf(stderr, "tradebrief: a job's name is not UTF-8, which JSON cannot hold\n");
    json_decref(root);
    S_plan_free(p);
    return rc;
}

int tb_cmd_jobs(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_BY) | TB_OPT(TB_OPT_WHAT) | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_MAKE) |
                    TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_LANG) | TB_OPT(TB_OPT_TEMPLATE) | TB_OPT(TB_OPT_JSON) |
                    TB_OPT(TB_OPT_SHARD);
    int rc = tb_cli_parse(argc, argv, opts, 1, 1, S_jobs_usage, &a);
    if (!rc && a.val[TB_OPT_MAKE] && a.val[TB_OPT_JSON]) {
        fprintf(stderr, "tradebrief: jobs prints a makefile (--make) or JSON (--json), not both\n");
        rc = TB_EXIT_USAGE;
    }
    S_plan p;
    if (rc || (rc = S_build(&a, &p, NULL)))
        return rc;
    if (a.val[TB_OPT_JSON])
        return S_jobs_json(&p, a.pos[0]);
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
    double start;
} S_worker;

static double S_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* --joblog FILE: a header and one tab-separated line per job (code,
 * exit status, seconds, output, first message line), written atomically
 * once the batch ends, in job order.  Returns 0 or TB_EXIT_TRANSIENT
 * after a message. */
static int S_joblog(const char *path, const S_plan *p, const int *status, const double *secs, char *const *why)
{
    tb_buf b = {0};
    tb_buf_puts(&b, "code\texit\tseconds\toutput\tmessage\n");
    for (size_t j = 0; j < p->n; j++) {
        char *msg = tb_mem_strdup(why[j] ? why[j] : "");
        for (char *c = msg; *c; c++)
            *c = *c == '\t' ? ' ' : *c;
        tb_buf_printf(&b, "%s\t%d\t%.3f\t%s\t%s\n", p->jobs[j].code, status[j], secs[j], p->jobs[j].out, msg);
        free(msg);
    }
    int rc = 0;
    if (tb_artifact_write(path, tb_buf_str(&b), strlen(tb_buf_str(&b))) != 0) {
        fprintf(stderr, "%s: cannot write the job log: %s\n", path, strerror(errno));
        rc = TB_EXIT_TRANSIENT;
    }
    tb_buf_free(&b);
    return rc;
}

/* The exit status of a batch: 0, or with --strict (STRICT) 2 when a job
 * failed on bad input and else TB_EXIT_TRANSIENT when a job failed in a
 * way a retry may mend (its own status 75, a signal). */
static int S_status(const int *status, size_t n, bool strict)
{
    int rc = 0;
    for (size_t j = 0; strict && j < n; j++)
        if (status[j] == TB_EXIT_BADINPUT || status[j] == TB_EXIT_USAGE)
            rc = TB_EXIT_BADINPUT;
        else if (status[j] != 0 && rc == 0)
            rc = TB_EXIT_TRANSIENT;
    return rc;
}

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
    char *line = NULL;
    size_t cap = 0;
    rewind(f);
    ssize_t n = getline(&line, &cap, f);
    char *s = tb_mem_strdup(n > 0 ? line : "(no message)");
    free(line);
    s[strcspn(s, "\n")] = '\0';
    return s;
}

int tb_cmd_batch(int argc, char **argv)
{
    tb_cli_args a;
    unsigned opts = TB_OPT(TB_OPT_BY) | TB_OPT(TB_OPT_WHAT) | TB_OPT(TB_OPT_OUT) | TB_OPT(TB_OPT_JOBS) |
                    TB_OPT(TB_OPT_STRICT) | TB_OPT(TB_OPT_MONTH) | TB_OPT(TB_OPT_LANG) | TB_OPT(TB_OPT_TEMPLATE) |
                    TB_OPT(TB_OPT_SHARD) | TB_OPT(TB_OPT_JOBLOG);
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
    tb_font_preload(); /* every job draws: the workers inherit the faces, set up once */
    bool progress = isatty(STDERR_FILENO) && !getenv("CI");
    S_worker *w = tb_mem_calloc((size_t)jobs, sizeof *w);
    int *status = tb_mem_calloc(p.n, sizeof *status);
    double *secs = tb_mem_calloc(p.n, sizeof *secs);
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
                    w[k] = (S_worker){pid, next, err, S_now()};
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
            secs[j] = S_now() - w[k].start;
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
    printf("batch: %zu %s briefing%s by %s in %s: %zu ok, %zu failed\n", p.n, p.what, p.n == 1 ? "" : "s", p.by,
           a.val[TB_OPT_OUT], p.n - failed, failed);
    for (size_t j = 0; j < p.n; j++)
        if (status[j] != 0)
            printf("  failed %s: %s\n", p.jobs[j].code, why[j] ? why[j] : "?");
    if (ds)
        S_warned(ds, &p);
    rc = S_status(status, p.n, a.val[TB_OPT_STRICT] != NULL);
    if (a.val[TB_OPT_JOBLOG] && S_joblog(a.val[TB_OPT_JOBLOG], &p, status, secs, why) != 0 && rc == 0)
        rc = TB_EXIT_TRANSIENT;
    for (size_t j = 0; j < p.n; j++)
        free(why[j]);
    free(why);
    free(status);
    free(secs);
    free(w);
    S_plan_free(&p);
    tb_dataset_free(ds);
    return rc;
}
