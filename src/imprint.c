/* The site's imprint (site.yaml "imprint"): publisher, address, the person
 * responsible under the state press laws, a funding notice and logos. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

static int load_funding(otr_imprint *imprint, const otr_node *node,
                        otr_diags *diags)
{
    if (node->kind == OTR_NODE_SCALAR) {
        const char *text = otr_expect_string(node, "\"funding\"", 1, diags);
        if (!text)
            return 1;
        imprint->funding = otr_xcalloc(1, sizeof(otr_site_text));
        imprint->funding[0] = (otr_site_text){NULL, text};
        imprint->funding_count = 1;
        return 0;
    }
    if (!otr_expect_map(node, "\"funding\" (a text, or one per language)",
                        diags))
        return 1;
    int errors = 0;
    imprint->funding = otr_xcalloc(node->count / 2 + 1, sizeof(otr_site_text));
    for (size_t i = 0; i + 1 < node->count; i += 2) {
        const char *text = otr_expect_string(node->children[i + 1],
                                             "a funding notice", 1, diags);
        if (!text) {
            errors++;
            continue;
        }
        imprint->funding[imprint->funding_count++] =
            (otr_site_text){node->children[i]->text, text};
    }
    return errors;
}

int otr_imprint_load(otr_imprint *imprint, const otr_node *map,
                     otr_diags *diags)
{
    static const char *const keys[] = {"publisher", "address", "responsible",
                                       "funding",   "logos",   NULL};
    memset(imprint, 0, sizeof(*imprint));
    if (!otr_expect_map(map, "\"imprint\"", diags))
        return 1;
    imprint->mark = map->mark;
    int errors = otr_check_keys(map, keys, "\"imprint\"", diags);
    imprint->publisher =
        otr_require_string(map, "publisher", "\"imprint\"", diags);
    imprint->address = otr_require_string(map, "address", "\"imprint\"", diags);
    imprint->responsible =
        otr_require_string(map, "responsible", "\"imprint\"", diags);
    if (!imprint->publisher || !imprint->address || !imprint->responsible)
        errors++;
    const otr_node *node;
    if ((node = otr_map_get(map, "funding")))
        errors += load_funding(imprint, node, diags);
    if ((node = otr_map_get(map, "logos"))) {
        if (!otr_expect_seq(node, "\"logos\"", diags))
            return errors + 1;
        imprint->logos = otr_xcalloc(node->count + 1, sizeof(char *));
        imprint->logo_marks = otr_xcalloc(node->count + 1, sizeof(otr_mark));
        for (size_t i = 0; i < node->count; i++) {
            const otr_node *logo = node->children[i];
            const char *path = otr_expect_string(
                logo, "a logo (a file under content/)", 1, diags);
            size_t len = path ? strlen(path) : 0;
            if (path && (len < 5 || (strcmp(path + len - 4, ".svg") != 0 &&
                                     strcmp(path + len - 4, ".png") != 0))) {
                otr_error_at(diags, logo->mark, 209,
                             "a logo must be an .svg or .png file, not "
                             "\"%s\"",
                             path);
                path = NULL;
            }
            if (!path) {
                errors++;
                continue;
            }
            imprint->logo_marks[imprint->logo_count] = logo->mark;
            imprint->logos[imprint->logo_count++] = path;
        }
    }
    imprint->present = errors == 0;
    return errors;
}

void otr_imprint_clear(otr_imprint *imprint)
{
    free(imprint->funding);
    free(imprint->logos);
    free(imprint->logo_marks);
    memset(imprint, 0, sizeof(*imprint));
}

const char *otr_imprint_funding(const otr_imprint *imprint, const char *lang,
                                int *foreign)
{
    *foreign = 0;
    const char *any = NULL;
    for (size_t i = 0; i < imprint->funding_count; i++) {
        const otr_site_text *t = &imprint->funding[i];
        if (!t->lang)
            return t->text;
        if (strcmp(t->lang, lang) == 0)
            return t->text;
        if (!any)
            any = t->text;
    }
    *foreign = any != NULL;
    return any;
}
