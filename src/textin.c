/* textin: iconv behind a stdio stream (see textin.h). */
#define _GNU_SOURCE /* fopencookie */
#include "textin.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define S_BLOCK 65536

typedef struct {
    FILE *raw;
    iconv_t cd;
    char in[S_BLOCK];
    size_t have; /* unconverted bytes at the start of in */
    bool eof, failed, quoted;
    const char *name, *encoding;
    tb_diag *diag;
    char delimiter;
    size_t line, field; /* of the next output byte, 1-based */
} S_in;

bool tb_textin_encoding_ok(const char *encoding)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* Follows lines and fields through converted output, for messages. */
static void S_track(S_in *c, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"')
            c->quoted = !c->quoted;
        else if (p[i] == '\n')
            c->line++, c->field = 1;
        else if (p[i] == c->delimiter && !c->quoted)
            c->field++;
    }
}

static ssize_t S_fail(S_in *c, size_t produced, const char *at, size_t n, const char *what)
{
    char found[5] = {0};
    memcpy(found, at, n < 4 ? n : 4);
    tb_diag_error(c->diag, c->name, c->line, c->field, found, "%s in %s (is the file's encoding %s?)", what,
                  c->encoding, c->encoding);
    c->failed = true;
    if (produced)
        return (ssize_t)produced;
    errno = EILSEQ;
    return -1;
}

static ssize_t S_read(void *cookie, char *buf, size_t size)
{
    S_in *c = cookie;
    char *out = buf;
    size_t left = size;
    while (left && !c->failed) {
        if (c->have < 16 && !c->eof) {
            size_t got = fread(c->in + c->have, 1, S_BLOCK - c->have, c->raw);
            c->have += got;
            c->eof = got == 0 && (feof(c->raw) || ferror(c->raw));
            if (got == 0 && ferror(c->raw))
                return out > buf ? out - buf : -1;
        }
        if (!c->have)
            break;
        char *inp = c->in, *o = out;
        size_t inleft = c->have;
        size_t r = iconv(c->cd, &inp, &inleft, &o, &left);
        int e = errno;
        S_track(c, out, (size_t)(o - out));
        out = o;
        memmove(c->in, inp, inleft);
        c->have = inleft;
        if (r != (size_t)-1)
            continue;
        if (e == E2BIG)
            break;
        if (e == EILSEQ)
            return S_fail(c, (size_t)(out - buf), c->in, c->have, "invalid byte sequence");
        if (e == EINVAL && c->eof)
            return S_fail(c, (size_t)(out - buf), c->in, c->have, "incomplete character at the end of the file");
        if (e == EINVAL && c->have >= 16)
            return S_fail(c, (size_t)(out - buf), c->in, c->have, "invalid byte sequence");
    }
    if (c->failed && out == buf) {
        errno = EILSEQ;
        return -1;
    }
    return out - buf;
}

static int S_close(void *cookie)
{
    S_in *c = cookie;
    iconv_close(c->cd);
    int r = fclose(c->raw);
    free(c);
    return r;
}

FILE *tb_textin_open(const char *path, const char *encoding, const char *name, char delimiter, tb_diag *diag)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return NULL;
    FILE *raw = fopen(path, "rb");
    if (!raw) {
        int e = errno;
        iconv_close(cd);
        errno = e;
        return NULL;
    }
    S_in *c = tb_mem_calloc(1, sizeof *c);
    *c = (S_in){.raw = raw, .cd = cd, .name = name, .encoding = encoding, .diag = diag, .delimiter = delimiter,
                .line = 1, .field = 1};
    FILE *fp = fopencookie(c, "rb", (cookie_io_functions_t){.read = S_read, .close = S_close});
    if (!fp)
        S_close(c);
    return fp;
}
