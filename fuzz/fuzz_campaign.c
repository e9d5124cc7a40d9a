/* libFuzzer harness for campaign files, expanded against the example
 * project (loaded once, from OTR_FUZZ_PROJECT or the source tree). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "campaign.h"
#include "fuzz.h"
#include "yamlnode.h"

static otr_project *project;

/* Loaded once, before the first input, so that it does not count as that
 * input's leak. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = getenv("OTR_FUZZ_PROJECT");
    if (!root)
        root = OTR_SOURCE_DIR;
    char content[4096], layouts[4096];
    snprintf(content, sizeof content, "%s/content", root);
    snprintf(layouts, sizeof layouts, "%s/layouts", root);
    otr_diags *diags = otr_diags_new();
    otr_paths paths = {content, layouts};
    project = otr_project_load(&paths, diags);
    otr_diags_free(diags);
    if (!project)
        abort(); /* the example project must load */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    otr_project *example = project;
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *doc =
        otr_yaml_parse("campaigns/x.yaml", (const char *)data, size, diags);
    if (doc) {
        otr_campaign campaign;
        if (otr_campaign_read(example, doc->root,
                              (otr_mark){"campaigns/x.yaml", 0, 0}, &campaign,
                              diags) == 0)
            otr_campaign_clear(&campaign);
    }
    fuzz_drain(diags);
    otr_yaml_doc_free(doc);
    otr_diags_free(diags);
    return 0;
}
