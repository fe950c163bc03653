/* canvas_probe: the text-reporting canvas backend (see canvas_probe.h).
 * Paths and state changes are accepted and dropped. */
#include "canvas_probe.h"

#include <stdlib.h>

#include "canvas_impl.h"
#include "mem.h"

typedef struct {
    tb_canvas_probe_fn fn;
    void *user;
} S_impl;

static void S_paint(tb_canvas *c, const tb_path_op *ops, size_t n, int mode, const tb_canvas_gstate *gs) {}
static void S_save(tb_canvas *c) {}
static void S_restore(tb_canvas *c) {}

static void S_text(tb_canvas *c, int font, double size, double x, double y, double angle, const char *s, size_t len,
                   tb_rgba colour)
{
    S_impl *m = tb_canvas_impl(c);
    m->fn(font, s, len, m->user);
}

static void S_destroy(tb_canvas *c) { free(tb_canvas_impl(c)); }

static const tb_canvas_backend S_backend = {S_paint, S_save, S_restore, S_text, NULL, NULL, S_destroy};

tb_canvas *tb_canvas_probe_new(double w, double h, tb_canvas_probe_fn fn, void *user)
{
    S_impl *m = tb_mem_calloc(1, sizeof *m);
    m->fn = fn;
    m->user = user;
    return tb_canvas_new(&S_backend, m, w, h, 0);
}
