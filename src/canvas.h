/* canvas: the small drawing interface chart code draws on.
 *
 * One interface, two backends: cairo (PNG, SVG, in-memory images; see
 * canvas_cairo.h) and a libharu PDF page (see canvas_hpdf.h).  Chart code
 * never sees a backend.  The canvas hides their differences:
 *   - coordinates: origin top-left, y grows downwards, units are points;
 *   - paths are recorded here and replayed by the backend when painted, so
 *     colours, widths and dashes may be set at any time (libharu forbids
 *     changing them inside a path);
 *   - fill and stroke colours are separate state (text uses the fill);
 *   - dash lengths may be fractional (libharu takes integers);
 *   - text is measured here from the TrueType fonts both backends load
 *     (font.h), so widths and alignment agree in every output.
 *
 * Painting (fill, stroke, fill_stroke) consumes the current path.
 * Angles are degrees, counter-clockwise as the reader sees them.
 *
 * Errors are sticky, like cairo's: the first error is remembered, every
 * later call is a no-op, and the caller checks tb_canvas_status() once at
 * the end (tb_canvas_encode and tb_canvas_finish also return it).
 *
 * Ownership: a canvas is created by a backend constructor and freed with
 * tb_canvas_free, which also frees what the backend owns (surfaces, and the
 * PDF document of a standalone PDF canvas; never a caller's page).
 */
#ifndef TB_CANVAS_H
#define TB_CANVAS_H

#include <stdbool.h>
#include <stddef.h>

#include "font.h"

typedef struct {
    double r, g, b, a; /* 0..1, not premultiplied */
} tb_rgba;

/* 0xRRGGBB as an opaque colour, and with alpha. */
tb_rgba tb_rgb_hex(unsigned hex);
tb_rgba tb_rgba_hex(unsigned hex, double alpha);
/* A mixed toward white by T (0 = A, 1 = white), opaque. */
tb_rgba tb_rgba_tint(tb_rgba a, double t);

typedef struct tb_canvas tb_canvas;

enum tb_halign { TB_ALIGN_LEFT, TB_ALIGN_CENTER, TB_ALIGN_RIGHT };
enum tb_valign {
    TB_VALIGN_BASELINE, /* y is the baseline */
    TB_VALIGN_MIDDLE,   /* y is halfway up the capitals */
    TB_VALIGN_TOP,      /* y is the top of the capitals */
    TB_VALIGN_BOTTOM,   /* y is the bottom of the descenders */
};
enum tb_line_cap { TB_CAP_BUTT, TB_CAP_ROUND, TB_CAP_SQUARE };
enum tb_line_join { TB_JOIN_MITER, TB_JOIN_ROUND, TB_JOIN_BEVEL };

double tb_canvas_width(const tb_canvas *c);
double tb_canvas_height(const tb_canvas *c);
/* V moved so a line of WIDTH at V is crisp on a raster canvas (centred on
 * a pixel or on a pixel edge); V itself on vector canvases. */
double tb_canvas_snap(const tb_canvas *c, double v, double width);

/* The language of the text to come: picks the primary fonts ("en", "ko").
 * Default "en". */
void tb_canvas_set_lang(tb_canvas *c, const char *lang);

/* Path construction. */
void tb_canvas_move_to(tb_canvas *c, double x, double y);
void tb_canvas_line_to(tb_canvas *c, double x, double y);
void tb_canvas_curve_to(tb_canvas *c, double x1, double y1, double x2, double y2, double x3, double y3);
void tb_canvas_close_path(tb_canvas *c);
void tb_canvas_rect(tb_canvas *c, double x, double y, double w, double h);
/* A circle as four Bézier arcs. */
void tb_canvas_circle(tb_canvas *c, double cx, double cy, double r);

/* State (saved and restored by save/restore). */
void tb_canvas_set_fill(tb_canvas *c, tb_rgba colour);
void tb_canvas_set_stroke(tb_canvas *c, tb_rgba colour);
void tb_canvas_set_line_width(tb_canvas *c, double width);
/* N dash lengths (N <= 8; 0 = solid), starting OFFSET into the pattern. */
void tb_canvas_set_dash(tb_canvas *c, const double *dashes, int n, double offset);
void tb_canvas_set_line_cap(tb_canvas *c, enum tb_line_cap cap);
void tb_canvas_set_line_join(tb_canvas *c, enum tb_line_join join);
void tb_canvas_set_font(tb_canvas *c, enum tb_font_role role, double size);

/* Painting: each consumes the current path. */
void tb_canvas_fill(tb_canvas *c);
void tb_canvas_stroke(tb_canvas *c);
void tb_canvas_fill_stroke(tb_canvas *c);

void tb_canvas_save(tb_canvas *c);
void tb_canvas_restore(tb_canvas *c);

/* Text in the current font, in the fill colour. */
double tb_canvas_text_width(tb_canvas *c, const char *s);
/* The height in points of the current font's capitals. */
double tb_canvas_cap_height(tb_canvas *c);
void tb_canvas_text(tb_canvas *c, double x, double y, const char *s, enum tb_halign ha, enum tb_valign va);
void tb_canvas_text_rotated(tb_canvas *c, double x, double y, const char *s, enum tb_halign ha,
                            enum tb_valign va, double angle);
/* S shortened with "…" to fit MAX_W in the current font (S itself when it
 * fits).  Ownership: caller frees. */
char *tb_canvas_ellipsize(tb_canvas *c, const char *s, double max_w);

/* The boxes a canvas remembers, so that tests can check that no label
 * crosses another label or a line that must stay clear: every text drawn
 * (unrotated; from the top of the capitals to the bottom of the
 * descenders) and every rule a caller marks with tb_canvas_mark_rule. */
enum tb_box_kind { TB_BOX_TEXT, TB_BOX_RULE };
typedef struct {
    double x, y, w, h;
    enum tb_box_kind kind;
    char text[48]; /* the text's start ("" for rules) */
} tb_canvas_box;

/* Marks the box (X, Y, W, H) as a line labels must not cross (e.g. a
 * reference line); draws nothing. */
void tb_canvas_mark_rule(tb_canvas *c, double x, double y, double w, double h);
/* The boxes so far, in drawing order; *N their number.  Ownership: the
 * canvas's, valid until the next drawing call. */
const tb_canvas_box *tb_canvas_boxes(const tb_canvas *c, size_t *n);
/* Whether two boxes overlap by more than SLACK points both ways. */
bool tb_canvas_box_overlap(const tb_canvas_box *a, const tb_canvas_box *b, double slack);

/* Sticky status: 0 while all is well, -1 after the first error. */
int tb_canvas_status(const tb_canvas *c);
/* The first error's message ("" when none). */
const char *tb_canvas_error(const tb_canvas *c);
/* Records an error (the first one wins). */
void tb_canvas_fail(tb_canvas *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Finishes drawing and returns the encoded output of a file canvas: PNG
 * bytes for a cairo image canvas, SVG for an SVG canvas, PDF for a
 * standalone PDF canvas.  Returns 0, or -1 with the status set (also for
 * canvases that draw into a caller's page).  Ownership: *OUT is the
 * caller's (free); drawing after encoding is an error. */
int tb_canvas_encode(tb_canvas *c, unsigned char **out, size_t *len);
/* Finishes drawing without encoding (e.g. a PDF page canvas); returns the
 * status. */
int tb_canvas_finish(tb_canvas *c);
void tb_canvas_free(tb_canvas *c);

#endif
