/* layouts/theme.yaml: the house style (colours, type scale, minimum sizes
 * per product class) that every layout uses by name. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

const otr_named_color *otr_theme_color(const otr_theme *theme, const char *name)
{
    for (size_t i = 0; theme && i < theme->color_count; i++) {
        if (strcmp(theme->colors[i].name, name) == 0)
            return &theme->colors[i];
    }
    return NULL;
}

/* Reads the "name: "#rrggbb"" pairs of MAP into THEME's colours, replacing
 * those of the same name; OWN says whether new names may be added (the
 * theme's own map) or only the theme's replaced (the site's). */
static int load_colors(otr_theme *theme, const otr_node *map, int own,
                       otr_diags *diags)
{
    if (!otr_expect_map(map, "\"colors\"", diags))
        return 1;
    int errors = 0;
    theme->colors =
        otr_xrealloc(theme->colors, (theme->color_count + map->count / 2 + 1) *
                                        sizeof(otr_named_color));
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *key = map->children[i];
        otr_named_color color = {key->text, {0, 0, 0}, key->mark};
        char *what = otr_xasprintf("colour \"%s\"", key->text);
        int bad = otr_parse_color(map->children[i + 1], what, &color.color,
                                  diags) < 0;
        free(what);
        if (bad) {
            errors++;
            continue;
        }
        otr_named_color *known =
            (otr_named_color *)otr_theme_color(theme, key->text);
        if (known) {
            known->color = color.color;
        } else if (own) {
            theme->colors[theme->color_count++] = color;
        } else {
            otr_error_at(diags, key->mark, 315,
                         "the theme has no colour \"%s\" to replace",
                         key->text);
            errors++;
        }
    }
    return errors;
}

static int load_floors(otr_theme *theme, const otr_node *map, otr_diags *diags)
{
    if (!otr_expect_map(map, "\"minimum_sizes\"", diags))
        return 1;
    int errors = 0;
    size_t cap = 0;
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *roles = map->children[i + 1];
        if (!otr_expect_map(roles, "the minimum sizes of a product class",
                            diags)) {
            errors++;
            continue;
        }
        for (size_t k = 0; k + 1 < roles->count; k += 2) {
            const otr_node *value = roles->children[k + 1];
            otr_size_floor floor = {map->children[i]->text,
                                    roles->children[k]->text, 0, 0};
            if (value->kind == OTR_NODE_MAP) {
                static const char *const keys[] = {"latin", "arabic", NULL};
                errors += otr_check_keys(value, keys, "a minimum size", diags);
                const otr_node *latin = otr_map_get(value, "latin");
                const otr_node *arabic = otr_map_get(value, "arabic");
                if (!latin) {
                    otr_report_missing(value, "latin", "a minimum size", diags);
                    errors++;
                    continue;
                }
                if (otr_expect_number(latin, "a minimum size in pt", 2, 400,
                                      &floor.size, diags) < 0 ||
                    (arabic &&
                     otr_expect_number(arabic, "a minimum size in pt", 2, 400,
                                       &floor.size_arabic, diags) < 0)) {
                    errors++;
                    continue;
                }
            } else if (otr_expect_number(value, "a minimum size in pt", 2, 400,
                                         &floor.size, diags) < 0) {
                errors++;
                continue;
            }
            if (floor.size_arabic < floor.size)
                floor.size_arabic = floor.size;
            theme->floors = otr_grow(theme->floors, &cap,
                                     theme->floor_count + 1, sizeof(floor));
            theme->floors[theme->floor_count++] = floor;
        }
    }
    return errors;
}

int otr_theme_load(otr_theme *theme, const otr_node *root,
                   const otr_node *site_colors, otr_diags *diags)
{
    memset(theme, 0, sizeof(*theme));
    int errors = 0;
    if (root) {
        static const char *const keys[] = {"colors", "styles", "minimum_sizes",
                                           NULL};
        if (!otr_expect_map(root, "theme.yaml", diags))
            return 1;
        errors += otr_check_keys(root, keys, "theme.yaml", diags);
        const otr_node *node;
        if ((node = otr_map_get(root, "colors")))
            errors += load_colors(theme, node, 1, diags);
        /* The site's colours before the styles, which use them. */
        if (site_colors)
            errors += load_colors(theme, site_colors, 0, diags);
        site_colors = NULL;
        if ((node = otr_map_get(root, "minimum_sizes")))
            errors += load_floors(theme, node, diags);
        if ((node = otr_map_get(root, "styles"))) {
            if (!otr_expect_map(node, "\"styles\"", diags))
                return errors + 1;
            theme->styles = otr_xcalloc(node->count / 2 + 1, sizeof(otr_style));
            for (size_t i = 0; i + 1 < node->count; i += 2)
                errors += otr_style_load(&theme->styles[theme->style_count++],
                                         node->children[i],
                                         node->children[i + 1], theme, diags);
        }
    }
    if (site_colors)
        errors += load_colors(theme, site_colors, 0, diags);
    return errors;
}

void otr_theme_clear(otr_theme *theme)
{
    free(theme->colors);
    free(theme->styles);
    free(theme->floors);
    memset(theme, 0, sizeof(*theme));
}
