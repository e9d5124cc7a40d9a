#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

typedef struct {
    otr_strings *strings;
    size_t cap;
    char **owned; /* dotted keys built here */
    size_t owned_count, owned_cap;
    otr_diags *diags;
    int errors;
} loader;

static void add_string(loader *ld, const char *key, const otr_node *value)
{
    const char *text = otr_expect_string(value, "a phrase", 1, ld->diags);
    if (!text) {
        ld->errors++;
        return;
    }
    otr_strings *s = ld->strings;
    s->items = otr_grow(s->items, &ld->cap, s->count + 1, sizeof(otr_string));
    s->items[s->count++] = (otr_string){key, text, value->mark};
}

static void walk(loader *ld, const char *prefix, const otr_node *map, int depth)
{
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *key = map->children[i];
        const otr_node *value = map->children[i + 1];
        const char *name = key->text;
        if (prefix) {
            char *dotted = otr_xasprintf("%s.%s", prefix, key->text);
            ld->owned = otr_grow(ld->owned, &ld->owned_cap, ld->owned_count + 1,
                                 sizeof(char *));
            ld->owned[ld->owned_count++] = dotted;
            name = dotted;
        }
        if (value->kind == OTR_NODE_MAP && depth < 8)
            walk(ld, name, value, depth + 1);
        else
            add_string(ld, name, value);
    }
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const otr_string *)a)->key, ((const otr_string *)b)->key);
}

int otr_strings_load(otr_strings *strings, const char *lang,
                     const otr_node *root, otr_mark file, otr_diags *diags)
{
    memset(strings, 0, sizeof(*strings));
    strings->lang = lang;
    strings->file = file;
    if (!root) {
        otr_error_at(diags, file, 210, "the file is empty");
        return 1;
    }
    if (!otr_expect_map(root, "a strings file", diags))
        return 1;

    loader ld = {.strings = strings, .diags = diags};
    walk(&ld, NULL, root, 0);
    strings->dotted_keys = ld.owned;
    strings->dotted_count = ld.owned_count;

    if (strings->count > 1)
        qsort(strings->items, strings->count, sizeof(otr_string), by_key);
    for (size_t i = 1; i < strings->count; i++) {
        if (strcmp(strings->items[i].key, strings->items[i - 1].key) == 0) {
            otr_error_at(diags, strings->items[i].mark, 211,
                         "phrase \"%s\" is given twice", strings->items[i].key);
            ld.errors++;
        }
    }
    return ld.errors;
}

void otr_strings_clear(otr_strings *strings)
{
    for (size_t i = 0; i < strings->dotted_count; i++)
        free(strings->dotted_keys[i]);
    free(strings->dotted_keys);
    free(strings->items);
    memset(strings, 0, sizeof(*strings));
}

const otr_string *otr_strings_find(const otr_strings *strings, const char *key)
{
    if (!strings || !strings->count)
        return NULL;
    otr_string probe = {key, NULL, {0}};
    return bsearch(&probe, strings->items, strings->count, sizeof(otr_string),
                   by_key);
}
