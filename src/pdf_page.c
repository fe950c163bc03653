/* pdf_page: paper sizes and the type scale (see pdf_page.h). */
#include "pdf_page.h"

#include <string.h>

static const tb_pdf_type S_TYPE_EN = {9.8, 14.4, 7.5, 7.6, 10.2, 21, 25.5, 14.2, 17.5, 10.4, 13.5, 8.5, 7.6, 15.0};
static const tb_pdf_type S_TYPE_KO = {9.6, 15.8, 7.5, 7.5, 10.8, 20, 25.5, 14.0, 18.0, 10.3, 14.0, 8.4, 7.6, 15.6};

int tb_pdf_page_for(const char *paper, tb_pdf_page *pg)
{
    bool letter = paper && strcmp(paper, "letter") == 0;
    int rc = !paper || !*paper || letter || strcmp(paper, "a4") == 0 ? 0 : -1;
    pg->w = letter ? 612.0 : 595.276;
    pg->h = letter ? 792.0 : 841.89;
    pg->margin = 56.69; /* 20 mm */
    pg->col_w = pg->w - 2 * pg->margin;
    pg->top_first = 46.0;
    pg->top = 66.0;
    pg->bottom = pg->h - 58.0;
    pg->header_base = 38.0;
    pg->footer_base = pg->h - 32.0;
    return rc;
}

const tb_pdf_type *tb_pdf_page_type(bool ko) { return ko ? &S_TYPE_KO : &S_TYPE_EN; }
