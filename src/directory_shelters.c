/* Shelters (content/shelters.yaml): where residents live, and in which
 * languages their handouts are printed. */
#include "directory_load.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const shelter_keys[] = {
    "id", "name", "address", "district", "geo", "languages", NULL};

static void load_shelter(otr_loader *ld, otr_directory *dir,
                         const otr_node *map, const char *id, void *record)
{
    (void)dir;
    otr_shelter *s = record;
    s->mark = map->mark;
    s->node = map;
    s->id = id;
    s->name = otr_load_string(ld, map, "name", "a shelter", 1);
    otr_load_address(ld, map, "address", &s->address);
    s->district = otr_load_string(ld, map, "district", "a shelter", 1);
    otr_load_geo(ld, map, "geo", &s->geo);
    const otr_node *langs = otr_map_get(map, "languages");
    if (!langs) {
        otr_report_missing(map, "languages", "a shelter", ld->diags);
        ld->errors++;
    } else if (!otr_expect_seq(langs, "\"languages\"", ld->diags)) {
        ld->errors++;
    } else {
        s->languages = otr_xcalloc(langs->count + 1, sizeof(otr_language *));
        for (size_t k = 0; k < langs->count; k++) {
            const otr_node *code_node = langs->children[k];
            const char *code =
                otr_expect_string(code_node, "a language code", 1, ld->diags);
            const otr_language *lang =
                code ? otr_site_language(ld->site, code) : NULL;
            if (code && !lang) {
                char *known = otr_language_list(ld->site);
                otr_error_at(ld->diags, code_node->mark, 261,
                             "\"%s\" is not one of the site's languages "
                             "(%s); the handout is printed in the "
                             "residents' languages",
                             code, known);
                free(known);
            }
            if (!lang) {
                ld->errors++;
                continue;
            }
            s->languages[s->language_count++] = lang;
        }
    }
}

static void discard_shelter(void *record)
{
    free(((otr_shelter *)record)->languages);
}

const otr_record_kind otr_shelter_kind = {"a shelter", sizeof(otr_shelter),
                                          shelter_keys, load_shelter,
                                          discard_shelter};
