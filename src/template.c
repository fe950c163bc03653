/* template: the public face of the template engine: loading, parsing
 * and freeing templates.  The pieces, lowest first: template_tree (the
 * parsed form, pools, messages), template_cursor and template_expr
 * (expressions), template_parse (the scanner and directives),
 * template_filter (values and filters), template_sink, template_eval and
 * template_table (expansion's text, evaluation and table cells), and
 * template_expand (the walk into a document).  Each depends only on
 * those before it; this file sits on top.
 */
#include "template.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "template_parse.h"
#include "template_tree.h"

static tb_template *S_new(const char *name, const char *dir)
{
    tb_template *t = tb_mem_calloc(1, sizeof *t);
    t->files = tb_mem_calloc(1, sizeof *t->files);
    t->files[0] = tb_mem_strdup(name ? name : "template");
    t->n_files = 1;
    t->dir = dir ? tb_mem_strdup(dir) : NULL;
    return t;
}

tb_template *tb_template_parse(const char *name, const char *text, size_t len, const char *dir, tb_diag *diag)
{
    tb_template *t = S_new(name, dir);
    if (!tb_tpl_parse(t, text, len, diag)) {
        tb_template_free(t);
        return NULL;
    }
    return t;
}

tb_template *tb_template_load(const char *path, tb_diag *diag)
{
    size_t len;
    int err;
    char *buf = tb_tpl_read_file(path, TB_TPL_MAX_BYTES, &len, &err);
    if (!buf) {
        if (err == EFBIG)
            tb_diag_error(diag, path, 0, 0, NULL, "the template is larger than %zu MiB", TB_TPL_MAX_BYTES >> 20);
        else
            tb_diag_error(diag, path, 0, 0, NULL, "cannot read the template: %s", strerror(err));
        return NULL;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash ? tb_mem_strndup(path, (size_t)(slash - path) + (slash == path)) : tb_mem_strdup(".");
    tb_template *t = tb_template_parse(path, buf, len, dir, diag);
    free(dir);
    free(buf);
    return t;
}

const char *tb_template_lang(const tb_template *t) { return t->lang; }

const char *const *tb_template_files(const tb_template *t, size_t *n)
{
    *n = t->n_files;
    return (const char *const *)t->files;
}

static void S_free_text_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void tb_template_free(tb_template *t)
{
    if (!t)
        return;
    for (size_t i = 1; i < t->n_exprs; i++) {
        tb_tpl_expr *e = &t->exprs[i];
        free(e->src);
        free(e->str);
        S_free_text_list(e->segs, e->n_segs);
        for (size_t c = 0; c < e->n_calls; c++) {
            for (size_t a = 0; a < e->calls[c].n_args; a++)
                free(e->calls[c].args[a].str);
            free(e->calls[c].args);
        }
        free(e->calls);
        free(e->kids);
    }
    for (size_t i = 1; i < t->n_nodes; i++) {
        tb_tpl_node *n = &t->nodes[i];
        free(n->str);
        S_free_text_list(n->sort_segs, n->n_sort_segs);
        free(n->sort_src);
        if (n->dir) {
            for (size_t k = 0; k < n->dir->n_targs; k++)
                free(n->dir->targs[k].key);
            free(n->dir->targs);
            free(n->dir->name);
            free(n->dir->cells);
            free(n->dir->align);
            free(n->dir);
        }
    }
    free(t->exprs);
    free(t->nodes);
    S_free_text_list(t->files, t->n_files);
    free(t->dir);
    free(t->lang);
    free(t);
}
