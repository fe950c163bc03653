/* canvas_impl: what canvas backends see (private to src/canvas*.c).
 *
 * canvas.c owns the path, the graphics state stack, text layout and the
 * sticky status; a backend implements the operations below on its own
 * surface.  Paths reach the backend in canvas coordinates (top-left origin,
 * y down, points) together with the state to paint them with; a backend
 * converts coordinates and sets its own state before building the path.
 */
#ifndef TB_CANVAS_IMPL_H
#define TB_CANVAS_IMPL_H

#include "canvas.h"

enum tb_path_verb { TB_PATH_MOVE, TB_PATH_LINE, TB_PATH_CURVE, TB_PATH_CLOSE };

typedef struct {
    enum tb_path_verb verb;
    double x[3], y[3]; /* MOVE/LINE use [0]; CURVE uses [0..2] */
} tb_path_op;

typedef struct {
    tb_rgba fill, stroke;
    double line_width;
    double dash[8];
    int n_dash;
    double dash_offset;
    enum tb_line_cap cap;
    enum tb_line_join join;
    enum tb_font_role font_role;
    double font_size;
} tb_canvas_gstate;

enum { TB_PAINT_FILL = 1, TB_PAINT_STROKE = 2 };

typedef struct {
    /* MODE is TB_PAINT_FILL, TB_PAINT_STROKE or both (fill first). */
    void (*paint)(tb_canvas *c, const tb_path_op *ops, size_t n, int mode, const tb_canvas_gstate *gs);
    void (*save)(tb_canvas *c);
    void (*restore)(tb_canvas *c);
    /* S[0..LEN) in FONT at SIZE, baseline origin (X, Y), rotated by ANGLE. */
    void (*text)(tb_canvas *c, int font, double size, double x, double y, double angle, const char *s,
                 size_t len, tb_rgba colour);
    int (*finish)(tb_canvas *c);                                  /* may be NULL */
    int (*encode)(tb_canvas *c, unsigned char **out, size_t *len); /* NULL: cannot encode */
    void (*destroy)(tb_canvas *c);
} tb_canvas_backend;

/* A new canvas of W x H points on BACKEND with IMPL as its data; PIXEL_SCALE
 * device pixels per point (0 for vector canvases). */
tb_canvas *tb_canvas_new(const tb_canvas_backend *backend, void *impl, double w, double h,
                         double pixel_scale);
void *tb_canvas_impl(tb_canvas *c);
const tb_canvas_backend *tb_canvas_backend_of(const tb_canvas *c);

#endif
