/* Categories (content/categories.yaml): id, colour, icon, name per
 * language. */
#include "directory_load.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const category_keys[] = {"id",   "color",     "icon",
                                            "name", "emergency", NULL};

static void load_category(otr_loader *ld, otr_directory *dir,
                          const otr_node *map, const char *id, void *record)
{
    (void)dir;
    otr_category *c = record;
    c->mark = map->mark;
    c->node = map;
    c->id = id;
    const otr_node *color = otr_map_get(map, "color");
    if (!color) {
        otr_report_missing(map, "color", "a category", ld->diags);
        ld->errors++;
    } else if (otr_parse_color(color, "\"color\"", &c->color, ld->diags) < 0) {
        ld->errors++;
    }
    c->icon = otr_load_string(ld, map, "icon", "a category", 1);
    if (c->icon && ld->content_dir) {
        /* Confined to the content folder; nothing is read here. */
        const char *problem = NULL;
        char *real = otr_confined_path(ld->content_dir, c->icon, &problem);
        if (!real) {
            char *path = otr_path_join(ld->content_dir, c->icon);
            if (problem == otr_no_such_file)
                otr_error_at(ld->diags, otr_map_get(map, "icon")->mark, 236,
                             "there is no icon file %s", path);
            else
                otr_error_at(ld->diags, otr_map_get(map, "icon")->mark, 238,
                             "the icon file %s cannot be used: %s", path,
                             problem);
            free(path);
            ld->errors++;
        }
        free(real);
    }
    otr_load_i18n(ld, map, "name", "\"name\"", 1, 0, &c->name);
    const otr_node *emergency = otr_map_get(map, "emergency");
    if (emergency && otr_expect_bool(emergency, "\"emergency\"", &c->emergency,
                                     ld->diags) < 0)
        ld->errors++;
}

static void discard_category(void *record)
{
    free(((otr_category *)record)->name.entries);
}

const otr_record_kind otr_category_kind = {
    "a category",  sizeof(otr_category), category_keys,
    load_category, discard_category,     0};

const otr_category *otr_load_category_ref(otr_loader *ld, otr_directory *dir,
                                          const otr_node *map, int required)
{
    const char *id = otr_load_string(ld, map, "category", ld->what, required);
    if (!id)
        return NULL;
    const otr_category *category = otr_directory_category(dir, id);
    if (!category) {
        otr_buf known = {0};
        for (size_t i = 0; i < dir->category_count; i++)
            otr_buf_printf(&known, "%s%s", i ? ", " : "",
                           dir->categories[i].id);
        otr_error_at(ld->diags, otr_map_get(map, "category")->mark, 241,
                     "no category \"%s\" in categories.yaml (there are: %s)",
                     id, known.data ? known.data : "none");
        otr_buf_free(&known);
        ld->errors++;
    }
    return category;
}
