/* artifact: atomic writes, the output directory's manifest, its lock and
 * incremental regeneration (see artifact.h). */
#include "artifact.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/base16.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "utf8.h"
#include "version.h"

/* Set when a failure here is one a retry may mend (tb_artifact_transient). */
static bool S_transient;

/* Records whether errno E (of a failed write, create or lock) is
 * transient: not a permission, a read-only file system or a bad name. */
static void S_note(int e)
{
    if (e != EACCES && e != EPERM && e != EROFS && e != ENOTDIR && e != EISDIR && e != ENAMETOOLONG && e != ENOENT &&
        e != EEXIST && e != EINVAL)
        S_transient = true;
}

bool tb_artifact_transient(void) { return S_transient; }

struct tb_artifacts {
    char *dir;
    int lock_fd;
    bool force, dirty;
    json_t *entries; /* file -> entry object */
    size_t written, unchanged;
};

int tb_artifact_write(const char *path, const void *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? tb_mem_printf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                      : tb_mem_printf(".%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        S_note(e);
        free(tmp);
        errno = e;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    int rc = fchmod(fd, 0666 & ~mask);
    const unsigned char *p = data;
    size_t left = len;
    while (rc == 0 && left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            rc = -1;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    int e = errno;
    if (rc == 0 && fsync(fd) != 0)
        rc = -1, e = errno;
    if (close(fd) != 0 && rc == 0)
        rc = -1, e = errno;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1, e = errno;
    if (rc != 0) {
        unlink(tmp);
        S_note(e);
    }
    free(tmp);
    errno = e;
    return rc;
}

/* The digest of CTX as hex into HEX (65 bytes). */
static char *S_hex(struct sha256_ctx *ctx, char hex[static 65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof d, d);
    base16_encode_update(hex, sizeof d, d);
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
    return hex;
}

char *tb_artifact_sha256(const void *data, size_t len, char hex[static 65])
{
    struct sha256_ctx s;
    sha256_init(&s);
    sha256_update(&s, len, data);
    return S_hex(&s, hex);
}

void tb_artifact_inputs_hash(char hex[65], const char *const *parts, size_t n)
{
    struct sha256_ctx s;
    sha256_init(&s);
    sha256_update(&s, sizeof TB_VERSION, (const uint8_t *)TB_VERSION);
    for (size_t i = 0; i < n; i++) {
        const char *p = parts[i] ? parts[i] : "";
        sha256_update(&s, strlen(p) + 1, (const uint8_t *)p);
    }
    S_hex(&s, hex);
}

/* SHA-256 of the file at PATH into HEX; false when it cannot be read. */
static bool S_file_hash(const char *path, char hex[65], long long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    struct sha256_ctx s;
    sha256_init(&s);
    unsigned char buf[1 << 16];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&s, n, buf);
        total += (long long)n;
    }
    bool ok = !ferror(f);
    fclose(f);
    S_hex(&s, hex);
    *size = total;
    return ok;
}

bool tb_artifact_file_sha256(const char *path, char hex[static 65])
{
    long long size;
    return S_file_hash(path, hex, &size);
}

static char *S_path(const char *dir, const char *file) { return tb_mem_printf("%s/%s", dir, file); }

/* Removes temporary files (".NAME.XXXXXX") a killed run left in DIR, and
 * the lock file (.tradebrief.lock) versions before 0.2 left there.
 * Called with the lock held, so no other run is writing them. */
static void S_sweep(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        bool old_lock = strcmp(n, ".tradebrief.lock") == 0;
        if (!old_lock && (n[0] != '.' || len < 9 || n[len - 7] != '.'))
            continue;
        bool tmp = true;
        for (size_t i = len - 6; i < len && !old_lock; i++)
            tmp = tmp && ((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= 'A' && n[i] <= 'Z') || (n[i] >= '0' && n[i] <= '9'));
        if (tmp) {
            char *p = S_path(dir, n);
            unlink(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
}

/* mkdir -p DIR.  Returns 0 or -1 with errno set. */
static int S_mkdirs(const char *dir)
{
    char *p = tb_mem_strdup(dir);
    int rc = 0;
    for (char *q = p + 1; rc == 0; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *q = c;
        if (!c)
            break;
    }
    int e = errno;
    free(p);
    errno = e;
    return rc;
}

/* Opens DIR and locks it (flock on the directory itself, so no lock file
 * is left among the outputs).  Returns the descriptor or -1 after a
 * diagnostic. */
static int S_lock(const char *dir, bool wait, tb_diag *diag)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || access(dir, W_OK) != 0) {
        S_note(errno);
        tb_diag_error(diag, dir, 0, 0, NULL, "cannot write in the output directory: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int lr;
    while ((lr = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    if (lr != 0) {
        S_transient = true;
        tb_diag_error(diag, dir, 0, 0, NULL, "another tradebrief run is writing here (the directory is locked)");
        close(fd);
        return -1;
    }
    return fd;
}

/* DIR's manifest.json read into ENTRIES (file -> entry).  False after a
 * diagnostic when the file is there but is not a tradebrief manifest:
 * another tool's file, which we must not replace. */
static bool S_read_manifest(const char *dir, json_t *entries, tb_diag *diag)
{
    char *mpath = S_path(dir, "manifest.json");
    json_error_t err;
    bool there = access(mpath, F_OK) == 0;
    json_t *m = there ? json_load_file(mpath, 0, &err) : NULL;
    json_t *arr = json_object_get(m, "artifacts");
    if (there && (!json_is_string(json_object_get(m, "tradebrief")) || !json_is_array(arr))) {
        tb_diag_error(diag, mpath, m ? 0 : (size_t)(err.line > 0 ? err.line : 0), 0, NULL,
                      "this manifest.json is not tradebrief's, so it is left alone and nothing is written; give "
                      "--out a directory of its own%s%s",
                      m ? "" : ": ", m ? "" : err.text);
        json_decref(m);
        free(mpath);
        return false;
    }
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *file = json_string_value(json_object_get(e, "file"));
        if (file)
            json_object_set(entries, file, e);
    }
    json_decref(m);
    free(mpath);
    return true;
}

tb_artifacts *tb_artifacts_open(const char *dir, bool force, bool wait, tb_diag *diag)
{
    if (S_mkdirs(dir) != 0) {
        S_note(errno);
        tb_diag_error(diag, dir, 0, 0, NULL, "cannot create the output directory: %s", strerror(errno));
        return NULL;
    }
    int fd = S_lock(dir, wait, diag);
    if (fd < 0)
        return NULL;
    json_t *entries = json_object();
    if (!S_read_manifest(dir, entries, diag)) {
        json_decref(entries);
        close(fd);
        return NULL;
    }
    S_sweep(dir);
    tb_artifacts *a = tb_mem_calloc(1, sizeof *a);
    a->dir = tb_mem_strdup(dir);
    a->lock_fd = fd;
    a->force = force;
    a->entries = entries;
    return a;
}

/* Whether entry E records INPUTS and the file DIR/FILE still has its
 * recorded bytes. */
static bool S_entry_fresh(const json_t *e, const char *dir, const char *file, const char *inputs)
{
    const char *rec_inputs = json_string_value(json_object_get(e, "inputs"));
    const char *rec_sha = json_string_value(json_object_get(e, "sha256"));
    if (!rec_inputs || !rec_sha || strcmp(rec_inputs, inputs) != 0)
        return false;
    char *path = S_path(dir, file), hex[65];
    long long size;
    bool same = S_file_hash(path, hex, &size) && strcmp(hex, rec_sha) == 0;
    free(path);
    return same;
}

json_t *tb_artifact_recorded(const char *dir, const char *file, const char *inputs)
{
    char *mpath = S_path(dir, "manifest.json");
    json_t *m = access(mpath, F_OK) == 0 ? json_load_file(mpath, 0, NULL) : NULL;
    free(mpath);
    json_t *found = NULL, *e;
    size_t i;
    json_array_foreach(json_object_get(m, "artifacts"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "file"));
        if (f && strcmp(f, file) == 0 && S_entry_fresh(e, dir, file, inputs))
            found = json_incref(e);
    }
    json_decref(m);
    return found;
}

bool tb_artifacts_fresh(tb_artifacts *a, const char *file, const char *inputs)
{
    bool same = !a->force && S_entry_fresh(json_object_get(a->entries, file), a->dir, file, inputs);
    if (same)
        a->unchanged++;
    return same;
}

/* S as a JSON string: as it is when valid UTF-8, else with each byte that
 * is not part of a valid sequence shown as '?' (a path recorded for
 * information; JSON cannot hold the bytes). */
static json_t *S_text(const char *s)
{
    size_t len = strlen(s);
    if (tb_utf8_valid(s, len))
        return json_string(s);
    char *t = tb_mem_alloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = tb_utf8_seq(s + i, len - i);
        if (n > 0) {
            memcpy(t + o, s + i, n);
            o += n;
            i += n;
        } else {
            t[o++] = '?';
            i++;
        }
    }
    t[o] = '\0';
    json_t *j = json_string(t);
    free(t);
    return j;
}

int tb_artifacts_put(tb_artifacts *a, const char *file, const void *data, size_t len, const char *kind,
                     const char *format, const tb_artifact_info *info, const char *inputs, tb_diag *diag)
{
    if (!tb_utf8_valid(file, strlen(file))) {
        tb_diag_error(diag, a->dir, 0, 0, file, "the file name is not UTF-8, which manifest.json cannot record");
        return -1;
    }
    char *path = S_path(a->dir, file);
    if (tb_artifact_write(path, data, len) != 0) {
        tb_diag_error(diag, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    char hex[65];
    tb_artifact_sha256(data, len, hex);
    json_t *e = json_object();
    json_object_set_new(e, "file", json_string(file));
    json_object_set_new(e, "kind", json_string(kind));
    json_object_set_new(e, "format", json_string(format));
    json_object_set_new(e, "dataset", info->dataset ? json_string(info->dataset) : json_null());
    json_object_set_new(e, "month", info->month ? json_string(info->month) : json_null());
    json_object_set_new(e, "data_last_month", info->data_last_month ? json_string(info->data_last_month) : json_null());
    json_object_set_new(e, "lang", info->lang ? json_string(info->lang) : json_null());
    json_object_set_new(e, "template", info->template_path ? S_text(info->template_path) : json_null());
    json_object_set_new(e, "bytes", json_integer((json_int_t)len));
    json_object_set_new(e, "sha256", json_string(hex));
    json_object_set_new(e, "version", json_string(TB_VERSION));
    json_object_set_new(e, "inputs", json_string(inputs));
    if (info->pages)
        json_object_set_new(e, "pages", json_integer((json_int_t)info->pages));
    json_object_set_new(a->entries, file, e);
    a->written++;
    a->dirty = true;
    return 0;
}

const json_t *tb_artifacts_entry(const tb_artifacts *a, const char *file) { return json_object_get(a->entries, file); }

size_t tb_artifacts_written(const tb_artifacts *a) { return a->written; }
size_t tb_artifacts_unchanged(const tb_artifacts *a) { return a->unchanged; }

static int S_cmp(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

int tb_artifacts_close(tb_artifacts *a, tb_diag *diag)
{
    if (!a)
        return 0;
    int rc = 0;
    if (a->dirty) {
        size_t n = json_object_size(a->entries), k = 0;
        const char **files = tb_mem_reallocarray(NULL, n, sizeof *files);
        const char *key;
        json_t *e;
        json_object_foreach(a->entries, key, e) files[k++] = key;
        qsort(files, n, sizeof *files, S_cmp);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append(arr, json_object_get(a->entries, files[i]));
        free(files);
        json_t *root = json_pack("{s:s, s:o}", "tradebrief", TB_VERSION, "artifacts", arr);
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        char *withnl = tb_mem_printf("%s\n", text);
        char *path = S_path(a->dir, "manifest.json");
        if (tb_artifact_write(path, withnl, strlen(withnl)) != 0) {
            tb_diag_error(diag, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
            rc = -1;
        }
        free(path);
        free(withnl);
        free(text);
        json_decref(root);
    }
    json_decref(a->entries);
    close(a->lock_fd); /* releases the flock */
    free(a->dir);
    free(a);
    return rc;
}

/* tb_artifacts_verify of the manifest file PATH. */
static long S_verify(const char *path, FILE *out, tb_diag *diag)
{
    json_error_t err;
    json_t *m = json_load_file(path, 0, &err);
    json_t *arr = json_object_get(m, "artifacts");
    if (!m || !json_is_array(arr)) {
        tb_diag_error(diag, path, m ? 0 : (size_t)(err.line > 0 ? err.line : 0), 0, NULL, "not a tradebrief manifest%s%s",
                      m ? "" : ": ", m ? "" : err.text);
        json_decref(m);
        return -1;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash ? tb_mem_strndup(path, (size_t)(slash - path)) : tb_mem_strdup(".");
    long checked = 0, bad = 0;
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *sha = json_string_value(json_object_get(e, "sha256"));
        json_int_t bytes = json_integer_value(json_object_get(e, "bytes"));
        if (!file || !sha || strchr(file, '/')) {
            fprintf(out, "%s: entry %zu is malformed\n", path, i + 1);
            bad++;
            continue;
        }
        char *fp = S_path(dir, file), hex[65];
        long long size;
        checked++;
        if (!S_file_hash(fp, hex, &size)) {
            fprintf(out, "%s: missing or unreadable\n", fp);
            bad++;
        } else if (size != (long long)bytes || strcmp(hex, sha) != 0) {
            fprintf(out, "%s: differs from the manifest (%lld bytes, sha256 %.12s..., recorded %lld bytes, %.12s...)\n",
                    fp, size, hex, (long long)bytes, sha);
            bad++;
        }
        free(fp);
    }
    free(dir);
    json_decref(m);
    return bad ? -1 : checked;
}

long tb_artifacts_verify(const char *path, FILE *out, tb_diag *diag)
{
    struct stat st;
    bool isdir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    char *mpath = isdir ? S_path(path, "manifest.json") : tb_mem_strdup(path);
    long n = S_verify(mpath, out, diag);
    free(mpath);
    return n;
}
