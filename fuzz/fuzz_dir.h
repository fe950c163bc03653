/* fuzz_dir: the scratch dataset directory of the fuzz targets that go
 * through the loader (which reads files, not memory).
 *
 * tb_fuzz_dir() makes /tmp/tb-fuzz-KIND-PID once and removes it, with
 * whatever was written into it, when the process exits (libFuzzer and the
 * replay runner both exit normally).  tb_fuzz_write() replaces one file in
 * it.  Header-only: each target is one translation unit.
 */
#ifndef TB_FUZZ_DIR_H
#define TB_FUZZ_DIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tb_fuzz_dir_path[64];

static void tb_fuzz_dir_remove(void)
{
    DIR *d = opendir(tb_fuzz_dir_path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[128];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            snprintf(p, sizeof p, "%s/%s", tb_fuzz_dir_path, e->d_name) < (int)sizeof p)
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(tb_fuzz_dir_path);
}

/* The directory for KIND; true the first time (write the fixed files then). */
static int tb_fuzz_dir(const char *kind)
{
    if (tb_fuzz_dir_path[0])
        return 0;
    snprintf(tb_fuzz_dir_path, sizeof tb_fuzz_dir_path, "/tmp/tb-fuzz-%s-%d", kind, (int)getpid());
    if (mkdir(tb_fuzz_dir_path, 0700) != 0)
        abort();
    atexit(tb_fuzz_dir_remove);
    return 1;
}

static void tb_fuzz_write(const char *name, const void *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", tb_fuzz_dir_path, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

#endif
