/* libFuzzer harness for the layout loader: any bytes as layouts/x.yaml. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "fuzz.h"
#include "yamlnode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *doc =
        otr_yaml_parse("layouts/x.yaml", (const char *)data, size, diags);
    if (doc) {
        otr_layout layout;
        otr_layout_load(&layout, "x", doc->root,
                        (otr_mark){"layouts/x.yaml", 0, 0}, diags);
        otr_layout_clear(&layout);
    }
    fuzz_drain(diags);
    otr_yaml_doc_free(doc);
    otr_diags_free(diags);
    return 0;
}
