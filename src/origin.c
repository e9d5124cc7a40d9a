#include "origin.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A search through one record: the keys down to the node being looked at,
 * and the best value so far. */
typedef struct {
    const otr_site *site;
    const char *needle, *lang;
    const char *keys[16];
    int depth;
    int found; /* 0 none, 1 in another language, 2 in LANG or neutral */
    const otr_origin_record *record;
    otr_origin *out;
} search;

static int is_language(const search *s, const char *key)
{
    return key && otr_site_language(s->site, key) != NULL;
}

static void take(search *s, const otr_node *value, int score)
{
    otr_origin *out = s->out;
    out->mark = value->mark;
    out->kind = s->record->kind;
    out->id = s->record->id;
    int keys = s->depth;
    out->lang = NULL;
    if (keys > 0 && is_language(s, s->keys[keys - 1]))
        out->lang = s->keys[--keys];
    out->field[0] = '\0';
    size_t used = 0;
    for (int i = 0; i < keys; i++) {
        int n = snprintf(out->field + used, sizeof out->field - used, "%s%s",
                         i ? "." : "", s->keys[i]);
        if (n < 0 || (size_t)n >= sizeof out->field - used)
            break;
        used += (size_t)n;
    }
    s->found = score;
}

static void walk(search *s, const otr_node *node)
{
    if (!node || s->found == 2)
        return;
    if (node->kind == OTR_NODE_SCALAR) {
        if (!strstr(node->text, s->needle))
            return;
        const char *last = s->depth ? s->keys[s->depth - 1] : NULL;
        int score = !is_language(s, last) || strcmp(last, s->lang) == 0 ? 2 : 1;
        if (score > s->found)
            take(s, node, score);
        return;
    }
    for (size_t i = 0; i < node->count && s->found < 2; i++) {
        const otr_node *child = node->children[i];
        if (node->kind == OTR_NODE_MAP) {
            if (i % 2 == 0)
                continue; /* keys are not printed */
            if (s->depth >= (int)(sizeof s->keys / sizeof *s->keys))
                return;
            s->keys[s->depth++] = node->children[i - 1]->text;
            walk(s, child);
            s->depth--;
        } else {
            walk(s, child);
        }
    }
}

static int find_needle(const otr_site *site, const otr_origin_record *records,
                       size_t count, const otr_strings *strings,
                       const char *needle, const char *lang, otr_origin *out)
{
    search s = {.site = site, .needle = needle, .lang = lang, .out = out};
    for (size_t i = 0; i < count && s.found < 2; i++) {
        s.record = &records[i];
        s.depth = 0;
        walk(&s, records[i].node);
    }
    if (s.found)
        return 1;
    for (size_t i = 0; strings && i < strings->count; i++) {
        if (strstr(strings->items[i].text, needle)) {
            out->mark = strings->items[i].mark;
            out->kind = "phrase";
            out->id = strings->items[i].key;
            out->field[0] = '\0';
            out->lang = strings->lang;
            return 1;
        }
    }
    return 0;
}

/* U+2066-U+2069, the isolates bind.c puts around data (three bytes). */
static int is_isolate(const char *p)
{
    return (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x81 &&
           (unsigned char)p[2] >= 0xA6 && (unsigned char)p[2] <= 0xA9;
}

/* The stretch of TEXT around AT bounded by isolates and line ends, or (with
 * WORD) by spaces too, trimmed. Returns a new string. */
static char *around(const char *text, size_t at, int word)
{
    size_t len = strlen(text), from = at, to = at;
    while (from > 0) {
        const char *p = text + from;
        if (from >= 3 && is_isolate(p - 3))
            break;
        if (p[-1] == '\n' || (word && p[-1] == ' '))
            break;
        from--;
    }
    while (to < len) {
        if (to + 3 <= len && is_isolate(text + to))
            break;
        if (text[to] == '\n' || (word && text[to] == ' '))
            break;
        to++;
    }
    while (from < to && text[from] == ' ')
        from++;
    while (to > from && text[to - 1] == ' ')
        to--;
    return otr_xstrndup(text + from, to - from);
}

int otr_origin_find(const otr_site *site, const otr_origin_record *records,
                    size_t count, const otr_strings *strings, const char *text,
                    size_t at, const char *lang, otr_origin *out)
{
    for (int word = 0; word <= 1; word++) {
        char *needle = around(text, at, word);
        int found = *needle && find_needle(site, records, count, strings,
                                           needle, lang, out);
        free(needle);
        if (found)
            return 1;
    }
    return 0;
}
