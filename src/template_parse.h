/* template_parse: template text into a template's node and expression
 * pools (template_tree.h): the line scanner, the block builder, the
 * directives and @include.  Not a public header: tb_template_parse and
 * tb_template_load (template.h) are the way in.
 */
#ifndef TB_TEMPLATE_PARSE_H
#define TB_TEMPLATE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "template_tree.h"

/* Parses TEXT (LEN bytes, named by T->files[0] in messages) into T's
 * pools.  Returns false when errors were reported. */
bool tb_tpl_parse(tb_template *t, const char *text, size_t len, tb_diag *diag);

#endif
