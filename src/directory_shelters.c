/* Shelters (content/shelters.yaml): where residents live, and in which
 * languages their handouts are printed. */
#include "directory_load.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const shelter_keys[] = {
    "id",        "name",      "address",   "district", "geo",
    "languages", "residents", "radius_km", NULL};

/* "residents: {ar: 120, fa: 45}": how many residents read each of the
 * shelter's languages (whole numbers), for the quantities a campaign
 * prints. Optional. */
static void load_residents(otr_loader *ld, const otr_node *map, otr_shelter *s)
{
    const otr_node *node = otr_map_get(map, "residents");
    if (!node)
        return;
    if (!otr_expect_map(node, "\"residents\"", ld->diags)) {
        ld->errors++;
        return;
    }
    size_t pairs = node->count / 2;
    s->resident_languages = otr_xcalloc(pairs + 1, sizeof(char *));
    s->resident_counts = otr_xcalloc(pairs + 1, sizeof(long));
    for (size_t i = 0; i + 1 < node->count; i += 2) {
        const otr_node *key = node->children[i];
        const otr_node *value = node->children[i + 1];
        if (!otr_expect_string(key, "a language code", 1, ld->diags)) {
            ld->errors++;
            continue;
        }
        int listed = 0;
        for (size_t l = 0; l < s->language_count; l++)
            listed |= strcmp(s->languages[l]->code, key->text) == 0;
        for (size_t l = 0; l < s->unknown_count; l++)
            listed |= strcmp(s->unknown_languages[l], key->text) == 0;
        if (!listed) {
            otr_error_at(ld->diags, key->mark, 268,
                         "\"%s\" is not one of this shelter's languages: "
                         "\"residents\" counts the readers of each language "
                         "under \"languages\"",
                         key->text);
            ld->errors++;
            continue;
        }
        double count = 0;
        if (otr_expect_number(value, "a number of residents", 0, 1000000,
                              &count, ld->diags) < 0) {
            ld->errors++;
            continue;
        }
        if (count != (double)(long)count) {
            otr_error_at(ld->diags, value->mark, 268,
                         "a number of residents is a whole number, not %s",
                         value->text);
            ld->errors++;
            continue;
        }
        s->resident_languages[s->resident_count] = key->text;
        s->resident_counts[s->resident_count++] = (long)count;
    }
}

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
        s->unknown_languages = otr_xcalloc(langs->count + 1, sizeof(char *));
        s->unknown_marks = otr_xcalloc(langs->count + 1, sizeof(otr_mark));
        for (size_t k = 0; k < langs->count; k++) {
            const otr_node *code_node = langs->children[k];
            const char *code =
                otr_expect_string(code_node, "a language code", 1, ld->diags);
            const otr_language *lang =
                code ? otr_site_language(ld->site, code) : NULL;
            if (!code) {
                ld->errors++;
                continue;
            }
            if (!lang) {
                /* Only the handout in that language fails (reported when
                 * it is made or checked); the others are printed. */
                s->unknown_languages[s->unknown_count] = code;
                s->unknown_marks[s->unknown_count++] = code_node->mark;
                continue;
            }
            s->languages[s->language_count++] = lang;
        }
    }
    load_residents(ld, map, s);
    const otr_node *radius = otr_map_get(map, "radius_km");
    if (radius && otr_radius_km_read(radius, &s->radius_km, ld->diags) < 0)
        ld->errors++;
}

int otr_radius_km_read(const otr_node *node, double *km, otr_diags *diags)
{
    const char *text = node->kind == OTR_NODE_SCALAR ? node->text : "";
    char *end = NULL;
    double value = strtod(text, &end);
    if (!*text || *end || !(value >= OTR_RADIUS_MIN_KM) ||
        !(value <= OTR_RADIUS_MAX_KM)) {
        otr_error_at(diags, node->mark, 269,
                     "\"radius_km\" is how far the offers on a handout may "
                     "be, in km: a number from %g to %g (e.g. radius_km: 15), "
                     "not \"%s\"",
                     OTR_RADIUS_MIN_KM, OTR_RADIUS_MAX_KM,
                     node->kind == OTR_NODE_SCALAR ? node->text
                                                   : "a list or a map");
        return -1;
    }
    *km = value;
    return 0;
}

long otr_shelter_residents(const otr_shelter *shelter, const char *code)
{
    for (size_t i = 0; i < shelter->resident_count; i++)
        if (strcmp(shelter->resident_languages[i], code) == 0)
            return shelter->resident_counts[i];
    return -1;
}

static void discard_shelter(void *record)
{
    otr_shelter *s = record;
    free(s->languages);
    free(s->unknown_languages);
    free(s->unknown_marks);
    free(s->resident_languages);
    free(s->resident_counts);
    otr_diags_free(s->problems);
}

void otr_shelter_unknown_language(const otr_site *site,
                                  const otr_shelter *shelter, size_t i,
                                  otr_diags *diags)
{
    char *known = otr_language_list(site);
    otr_error_at(diags, shelter->unknown_marks[i], 261,
                 "\"%s\" is not one of the site's languages (%s): the "
                 "shelter's handout in it cannot be printed (add the "
                 "language to site.yaml, or correct the code)",
                 shelter->unknown_languages[i], known);
    free(known);
}

const otr_record_kind otr_shelter_kind = {
    "a shelter",  sizeof(otr_shelter), shelter_keys,
    load_shelter, discard_shelter,     offsetof(otr_shelter, problems)};
