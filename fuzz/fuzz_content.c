/* libFuzzer harness for the content loaders: the first byte chooses what the
 * rest is (site.yaml, a strings file, categories, offers, shelters or
 * events), read against a fixed small site. Nothing may crash, hang, leak or
 * read out of bounds, whatever people type into these files. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "directory.h"
#include "model.h"
#include "fuzz.h"
#include "yamlnode.h"

static const char site_yaml[] =
    "name: Beispiel hilft\n"
    "base_url: https://www.beispiel.example\n"
    "languages: [{code: de, name: Deutsch}, {code: ar, name: العربية}]\n"
    "urls: {site: \"{base}/{lang}/\", offer: \"{base}/{lang}/a/{id}\",\n"
    "       event: \"{base}/{lang}/v/{id}\", shelter: "
    "\"{base}/{lang}/o/{id}\"}\n";

static const char categories_yaml[] =
    "- {id: health, color: \"#a23b3b\", icon: icons/health.svg,\n"
    "   name: {de: Gesundheit, ar: الصحة}}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int kind = data[0] % 6;
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *site_doc =
        otr_yaml_parse("site.yaml", site_yaml, sizeof site_yaml - 1, diags);
    otr_yaml_doc *categories_doc = otr_yaml_parse(
        "categories.yaml", categories_yaml, sizeof categories_yaml - 1, diags);
    otr_yaml_doc *input =
        otr_yaml_parse("input.yaml", (const char *)data + 1, size - 1, diags);
    otr_mark file = {"input.yaml", 0, 0};

    otr_site site;
    if (kind == 0) {
        otr_site_load(&site, input ? input->root : NULL, file, diags);
    } else {
        otr_site_load(&site, site_doc->root, (otr_mark){"site.yaml", 0, 0},
                      diags);
    }
    if (kind == 1 && input) {
        otr_strings strings;
        otr_strings_load(&strings, "de", input->root, file, diags);
        otr_strings_find(&strings, "postcard.headline");
        otr_strings_clear(&strings);
    }
    if (kind >= 2 && input) {
        otr_directory_sources src = {0};
        const otr_node *roots[1] = {input->root};
        otr_mark files[1] = {file};
        const otr_node *categories[1] = {kind == 2 ? input->root
                                                   : categories_doc->root};
        otr_mark categories_files[1] = {kind == 2 ? file
                                                  : (otr_mark){"c.yaml", 0, 0}};
        src.categories = categories;
        src.categories_files = categories_files;
        src.categories_count = 1;
        if (kind == 3) {
            src.offers = roots;
            src.offers_files = files;
            src.offers_count = 1;
        }
        if (kind == 4) {
            src.shelters = input->root;
            src.shelters_file = file;
        }
        if (kind == 5) {
            src.events = roots;
            src.events_files = files;
            src.events_count = 1;
        }
        otr_directory dir;
        otr_directory_load(&dir, &src, &site, diags);
        otr_directory_read_phones(&dir); /* read when first looked at */
        otr_directory_clear(&dir);
    }
    otr_site_clear(&site);
    fuzz_drain(diags);
    otr_yaml_doc_free(input);
    otr_yaml_doc_free(categories_doc);
    otr_yaml_doc_free(site_doc);
    otr_diags_free(diags);
    return 0;
}
