/* fuzz_template: libFuzzer target for the template parser and expansion.
 *
 * The input is a template; it is parsed (includes refused: no directory)
 * and, when it parses, expanded against the facts fixture
 * tests/templates/facts.json (found through TB_FUZZ_FACTS or the working
 * directory), then rendered as text, so every stage sees arbitrary input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "doc.h"
#include "template.h"

static json_t *S_facts;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!S_facts) {
        const char *path = getenv("TB_FUZZ_FACTS");
        S_facts = json_load_file(path ? path : "tests/templates/facts.json", 0, NULL);
        if (!S_facts)
            abort();
    }
    tb_diag diag;
    tb_diag_init(&diag);
    tb_template *t = tb_template_parse("fuzz.tmpl", (const char *)data, size, NULL, &diag);
    if (t) {
        tb_template_context ctx = {.lang = (size && (data[0] & 1)) ? "ko" : "en"};
        tb_doc *doc = tb_template_expand(t, S_facts, &ctx, &diag);
        if (doc) {
            FILE *devnull = fopen("/dev/null", "w");
            if (devnull) {
                tb_doc_render_text(doc, devnull);
                fclose(devnull);
            }
        }
        tb_doc_free(doc);
        tb_template_free(t);
    }
    tb_diag_free(&diag);
    return 0;
}
