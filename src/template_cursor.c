/* template_cursor: see template_cursor.h. */
#include "template_cursor.h"

#include <string.h>

void tb_tpl_cur_next(tb_tpl_cur *c)
{
    if (c->p >= c->end)
        return;
    if (*c->p == '\n') {
        c->pos.line++;
        c->pos.col = 1;
        c->p++;
        return;
    }
    size_t n = tb_tpl_cur_charlen((unsigned char)*c->p);
    if (n > (size_t)(c->end - c->p))
        n = (size_t)(c->end - c->p);
    c->p += n;
    c->pos.col++;
}

/* Advances to TO (a position inside the cursor's range). */
void tb_tpl_cur_goto(tb_tpl_cur *c, const char *to)
{
    while (c->p < to)
        tb_tpl_cur_next(c);
}

/* The end of the line at P: the '\n' or END. */
const char *tb_tpl_cur_eol(const char *p, const char *end)
{
    const char *q = memchr(p, '\n', (size_t)(end - p));
    return q ? q : end;
}

/* The first CLOSE (two characters) in [P, END) outside quoted strings,
 * not crossing a line end; NULL if there is none.  *QUOTE (may be NULL)
 * is set to the opening quote of a string left open, else NULL. */
const char *tb_tpl_cur_find_close_q(const char *p, const char *end, const char *close, const char **quote)
{
    if (quote)
        *quote = NULL;
    while (p + 1 < end && *p != '\n') {
        if (*p == '"' || *p == '\'') {
            const char *open = p;
            char q = *p++;
            while (p < end && *p != q && *p != '\n')
                p += (*p == '\\' && p + 1 < end && p[1] != '\n') ? 2 : 1;
            if (p >= end || *p == '\n') {
                if (quote)
                    *quote = open;
                return NULL;
            }
            p++;
            continue;
        }
        if (p[0] == close[0] && p[1] == close[1])
            return p;
        p++;
    }
    return NULL;
}

const char *tb_tpl_cur_find_close(const char *p, const char *end, const char *close)
{
    return tb_tpl_cur_find_close_q(p, end, close, NULL);
}
