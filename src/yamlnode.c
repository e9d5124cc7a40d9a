#include "yamlnode.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"
#include "yamlhint.h"

void otr_yaml_doc_free(otr_yaml_doc *doc)
{
    if (!doc)
        return;
    otr_arena_free(&doc->arena);
    free(doc->path);
    free(doc);
}

static otr_mark mark_from_yaml(const char *file, yaml_mark_t m)
{
    return (otr_mark){file, (int)m.line + 1, (int)m.column + 1};
}

/* A map or list being read. Its children collect in ITEMS, which the next
 * container at the same depth reuses; the node gets an exact copy in the
 * arena when it closes. */
typedef struct {
    otr_node *node;
    otr_node **items;
    size_t count, cap;
    otr_strset keys; /* maps with many keys: the keys so far */
    int flow;        /* written [a, b] or {k: v} */
} frame;

static void add_child(frame *f, otr_node *child)
{
    f->items = otr_grow(f->items, &f->cap, f->count + 1, sizeof(otr_node *));
    f->items[f->count++] = child;
}

static void close_frame(frame *f, otr_arena *arena)
{
    f->node->count = f->count;
    if (f->count) {
        f->node->children =
            otr_arena_alloc(arena, f->count * sizeof(otr_node *));
        memcpy(f->node->children, f->items, f->count * sizeof(otr_node *));
    }
    otr_strset_free(&f->keys);
}

/* Up to this many keys a map is searched in order for duplicates; beyond,
 * a hash set keeps a map of thousands of keys quick. */
enum { LINEAR_KEYS = 8 };

/* Explicit embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) can make printed text read differently from what was
 * written ("Trojan Source"). The program sets its own isolates where data
 * needs them; in the content they are refused. The invisible marks U+200E
 * and U+200F stay allowed. */
/* A direction control at BYTES (three bytes), or 0. */
static unsigned bidi_control(const unsigned char *bytes, size_t left)
{
    if (left < 3 || bytes[0] != 0xE2)
        return 0;
    if ((bytes[1] == 0x80 && bytes[2] >= 0xAA && bytes[2] <= 0xAE) ||
        (bytes[1] == 0x81 && bytes[2] >= 0xA6 && bytes[2] <= 0xA9))
        return 0x2000u + ((bytes[1] & 0x3Fu) << 6) + (bytes[2] & 0x3Fu);
    return 0;
}

/* The byte offset of a libyaml mark (0-based line, column in characters). */
static size_t byte_offset(const char *text, size_t len, yaml_mark_t mark)
{
    size_t at = 0;
    for (size_t line = 0; line < mark.line && at < len; at++) {
        if (text[at] == '\n')
            line++;
    }
    for (size_t column = 0; column < mark.column && at < len; column++) {
        at++;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
            at++;
    }
    return at;
}

static void check_bidi_controls(const otr_node *node, const char *file,
                                const char *text, size_t len, yaml_mark_t start,
                                yaml_mark_t end, otr_diags *diags)
{
    const unsigned char *value = (const unsigned char *)node->text;
    unsigned code = 0;
    for (size_t i = 0; i < node->len && !code; i++)
        code = bidi_control(value + i, node->len - i);
    if (!code)
        return;
    /* Point at the character itself in the file (it may be lines into a
     * block of text); written as an escape, point at the value. */
    otr_mark mark = mark_from_yaml(file, start);
    size_t from = byte_offset(text, len, start);
    size_t to = byte_offset(text, len, end);
    for (size_t i = from; i < to; i++) {
        if (bidi_control((const unsigned char *)text + i, to - i)) {
            mark = otr_yaml_mark_at(file, text, len, i);
            break;
        }
    }
    otr_error_at(diags, mark, 103,
                 "invisible direction control U+%04X in text; it can make "
                 "printed text read differently from what was written "
                 "(remove it: the program isolates data itself)",
                 code);
}

/* Checks the key just added to the map of FRAME against the others. */
static int check_new_key(frame *f, otr_diags *diags)
{
    size_t index = f->count - 1;
    const otr_node *key = f->items[index];
    if (key->kind != OTR_NODE_SCALAR) {
        otr_error_at(diags, key->mark, 107,
                     "a key must be a plain word or text, not a list or map");
        return -1;
    }
    size_t first = 0;
    int duplicate = 0;
    if (index < 2 * LINEAR_KEYS) {
        for (size_t i = 0; i < index && !duplicate; i += 2) {
            const otr_node *other = f->items[i];
            if (other->len == key->len &&
                memcmp(other->text, key->text, key->len) == 0) {
                duplicate = 1;
                first = i;
            }
        }
    } else {
        if (index == 2 * LINEAR_KEYS) /* the set takes over */
            for (size_t i = 0; i < index; i += 2)
                otr_strset_add(&f->keys, f->items[i]->text, f->items[i]->len, i,
                               NULL);
        duplicate =
            otr_strset_add(&f->keys, key->text, key->len, index, &first);
    }
    if (duplicate) {
        otr_error_at(diags, key->mark, 106,
                     "duplicate key \"%s\" (first given at line %d)", key->text,
                     f->items[first]->mark.line);
        return -1;
    }
    return 0;
}

/* A position moving forward through the text, for marks that come in
 * order: each step costs only the bytes between two marks. */
typedef struct {
    size_t line, column, at;
} cursor;

static size_t cursor_to(cursor *c, const char *text, size_t len,
                        yaml_mark_t mark)
{
    if (mark.line < c->line ||
        (mark.line == c->line && mark.column < c->column))
        *c = (cursor){0, 0, 0};
    for (; c->line < mark.line && c->at < len; c->at++) {
        if (text[c->at] == '\n') {
            c->line++;
            c->column = 0;
        }
    }
    for (; c->column < mark.column && c->at < len; c->column++) {
        c->at++;
        while (c->at < len && ((unsigned char)text[c->at] & 0xC0) == 0x80)
            c->at++;
    }
    return c->at;
}

/* A quote left open is found by libyaml only where a later quote mark
 * closes it, often lines later. Scans the tokens again up to the problem
 * for the last quoted text that spans lines: that is where it opened. */
static void find_open_quote(const char *text, size_t len, yaml_mark_t problem,
                            otr_yaml_failure *failure)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        abort();
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    cursor c = {0, 0, 0};
    for (;;) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token))
            break;
        int stop = token.type == YAML_STREAM_END_TOKEN ||
                   token.start_mark.line > problem.line;
        if (!stop && token.type == YAML_SCALAR_TOKEN &&
            (token.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
             token.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
            token.start_mark.line != token.end_mark.line) {
            failure->has_quote = 1;
            failure->quote_from = cursor_to(&c, text, len, token.start_mark);
            size_t end = cursor_to(&c, text, len, token.end_mark);
            failure->quote_to = end > 0 ? end - 1 : 0;
        }
        yaml_token_delete(&token);
        if (stop)
            break;
    }
    yaml_parser_delete(&parser);
}

static void report_failure(yaml_parser_t *parser, const char *file,
                           const char *text, size_t len, otr_diags *diags)
{
    otr_yaml_failure failure = {0};
    failure.problem = parser->problem;
    failure.context = parser->context;
    if (parser->error == YAML_READER_ERROR) {
        failure.reader = 1;
        failure.problem_at = parser->problem_offset;
    } else {
        failure.problem_at = byte_offset(text, len, parser->problem_mark);
        if (parser->context) {
            failure.has_context = 1;
            failure.context_at = byte_offset(text, len, parser->context_mark);
        }
        find_open_quote(text, len, parser->problem_mark, &failure);
    }
    otr_yaml_explain(file, text, len, &failure, diags);
}

otr_yaml_doc *otr_yaml_parse(const char *name, const char *text, size_t len,
                             otr_diags *diags)
{
    otr_yaml_doc *doc = otr_xcalloc(1, sizeof(*doc));
    doc->path = otr_xstrdup(name);
    const char *file = doc->path;
    /* Editors on Windows start UTF-8 files with a byte order mark; YAML
     * allows it, and columns count from after it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        abort(); /* only fails when out of memory */
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    frame stack[OTR_YAML_MAX_DEPTH + 1];
    memset(stack, 0, sizeof stack);
    int depth = 0;
    int documents = 0;
    int failed = 0;
    int done = 0;
    cursor plain = {0, 0, 0};

    while (!done && !failed) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            report_failure(&parser, file, text, len, diags);
            failed = 1;
            break;
        }

        otr_node *node = NULL;
        otr_mark mark = mark_from_yaml(file, event.start_mark);
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                otr_error_at(diags, mark, 108,
                             "only one YAML document per file (remove the "
                             "second \"---\")");
                failed = 1;
            }
            break;
        case YAML_ALIAS_EVENT:
            otr_error_at(diags, mark, 105,
                         "aliases (*%s) are not allowed; write the value out",
                         (const char *)event.data.alias.anchor);
            failed = 1;
            break;
        case YAML_SCALAR_EVENT:
            node = otr_arena_alloc(&doc->arena, sizeof(*node));
            node->kind = OTR_NODE_SCALAR;
            node->text = otr_arena_strndup(
                &doc->arena, (const char *)event.data.scalar.value,
                event.data.scalar.length);
            node->len = event.data.scalar.length;
            node->plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            /* Reported, not fatal: the rest of the file is still checked. */
            check_bidi_controls(node, file, text, len, event.start_mark,
                                event.end_mark, diags);
            if (node->plain) {
                size_t from = cursor_to(&plain, text, len, event.start_mark);
                size_t to = cursor_to(&plain, text, len, event.end_mark);
                otr_yaml_check_plain(file, text, len, from, to, node->text,
                                     node->len,
                                     depth > 0 && stack[depth - 1].flow, diags);
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            node = otr_arena_alloc(&doc->arena, sizeof(*node));
            node->kind = event.type == YAML_SEQUENCE_START_EVENT ? OTR_NODE_SEQ
                                                                 : OTR_NODE_MAP;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            node = stack[--depth].node; /* completed: attach to its parent */
            close_frame(&stack[depth], &doc->arena);
            break;
        default:
            break;
        }

        if (node) {
            int opening = (event.type == YAML_SEQUENCE_START_EVENT ||
                           event.type == YAML_MAPPING_START_EVENT);
            if (opening || event.type == YAML_SCALAR_EVENT)
                node->mark = mark;
            if (opening) {
                if (depth >= OTR_YAML_MAX_DEPTH) {
                    otr_error_at(diags, mark, 104,
                                 "nesting deeper than %d levels",
                                 OTR_YAML_MAX_DEPTH);
                    failed = 1;
                } else {
                    frame *f = &stack[depth++];
                    f->node = node;
                    f->count = 0;
                    f->flow = event.type == YAML_SEQUENCE_START_EVENT
                                  ? event.data.sequence_start.style ==
                                        YAML_FLOW_SEQUENCE_STYLE
                                  : event.data.mapping_start.style ==
                                        YAML_FLOW_MAPPING_STYLE;
                }
            } else if (depth > 0) {
                frame *parent = &stack[depth - 1];
                add_child(parent, node);
                if (parent->node->kind == OTR_NODE_MAP &&
                    parent->count % 2 == 1 && check_new_key(parent, diags) < 0)
                    failed = 1;
            } else {
                doc->root = node;
            }
        }
        yaml_event_delete(&event);
    }

    /* Nodes belong to the arena; the frames' own memory goes now. */
    for (int i = 0; i <= OTR_YAML_MAX_DEPTH; i++) {
        otr_strset_free(&stack[i].keys);
        free(stack[i].items);
    }
    yaml_parser_delete(&parser);
    if (failed) {
        otr_yaml_doc_free(doc);
        return NULL;
    }
    return doc;
}

otr_yaml_doc *otr_yaml_load(const char *path, otr_diags *diags)
{
    otr_mark at = {path, 0, 0};
    otr_buf buf = {0};
    int too_big = 0;
    const char *problem = NULL;
    if (otr_read_file(path, OTR_YAML_MAX_BYTES, &buf, &too_big, &problem) < 0) {
        if (too_big)
            otr_error_at(diags, at, 102, "file is larger than %u MiB",
                         OTR_YAML_MAX_BYTES / (1024u * 1024u));
        else
            otr_error_at(diags, at, 100, "cannot open: %s", problem);
        return NULL;
    }
    otr_yaml_doc *doc =
        otr_yaml_parse(path, buf.data ? buf.data : "", buf.len, diags);
    otr_buf_free(&buf);
    return doc;
}

/* ---- Reading nodes ------------------------------------------------------ */

const otr_node *otr_map_get(const otr_node *map, const char *key)
{
    if (!map || map->kind != OTR_NODE_MAP)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *k = map->children[i];
        if (k->len == len && memcmp(k->text, key, len) == 0)
            return map->children[i + 1];
    }
    return NULL;
}

/* Edit distance, for "did you mean"; keys are short. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

int otr_check_keys(const otr_node *map, const char *const *allowed,
                   const char *what, otr_diags *diags)
{
    int unknown = 0;
    if (!map || map->kind != OTR_NODE_MAP)
        return 0;
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *key = map->children[i];
        int known = 0;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(key->text, *a) == 0;
        if (known)
            continue;
        /* Only an unknown key pays for the suggestion. */
        const char *best = NULL;
        size_t best_distance = 3;
        for (const char *const *a = allowed; *a; a++) {
            size_t d = distance(key->text, *a);
            if (d < best_distance) {
                best_distance = d;
                best = *a;
            }
        }
        unknown++;
        if (best)
            otr_error_at(diags, key->mark, 110,
                         "unknown key \"%s\" in %s; did you mean \"%s\"?",
                         key->text, what, best);
        else
            otr_error_at(diags, key->mark, 110, "unknown key \"%s\" in %s",
                         key->text, what);
    }
    return unknown;
}

void otr_report_missing(const otr_node *map, const char *key, const char *what,
                        otr_diags *diags)
{
    otr_error_at(diags, map->mark, 111, "%s has no \"%s\"", what, key);
}

static const char *kind_name(otr_node_kind kind)
{
    switch (kind) {
    case OTR_NODE_MAP:
        return "a map (key: value lines)";
    case OTR_NODE_SEQ:
        return "a list";
    default:
        return "a single value";
    }
}

static const otr_node *expect_kind(const otr_node *node, otr_node_kind kind,
                                   const char *what, otr_diags *diags)
{
    if (node->kind == kind)
        return node;
    otr_error_at(diags, node->mark, 112, "%s must be %s, not %s", what,
                 kind_name(kind), kind_name(node->kind));
    return NULL;
}

const otr_node *otr_expect_map(const otr_node *node, const char *what,
                               otr_diags *diags)
{
    return expect_kind(node, OTR_NODE_MAP, what, diags);
}

const otr_node *otr_expect_seq(const otr_node *node, const char *what,
                               otr_diags *diags)
{
    return expect_kind(node, OTR_NODE_SEQ, what, diags);
}

const char *otr_expect_string(const otr_node *node, const char *what,
                              int nonempty, otr_diags *diags)
{
    if (!expect_kind(node, OTR_NODE_SCALAR, what, diags))
        return NULL;
    if (strlen(node->text) != node->len) {
        otr_error_at(diags, node->mark, 113, "%s contains a NUL character",
                     what);
        return NULL;
    }
    if (nonempty &&
        (node->len == 0 || (node->plain && strcmp(node->text, "~") == 0) ||
         (node->plain && strcmp(node->text, "null") == 0))) {
        otr_error_at(diags, node->mark, 114, "%s is empty", what);
        return NULL;
    }
    return node->text;
}

int otr_expect_number(const otr_node *node, const char *what, double min,
                      double max, double *out, otr_diags *diags)
{
    if (!expect_kind(node, OTR_NODE_SCALAR, what, diags))
        return -1;
    char *end = NULL;
    errno = 0;
    double value = strtod(node->text, &end);
    if (node->len == 0 || end != node->text + node->len || errno != 0 ||
        !isfinite(value)) {
        otr_error_at(diags, node->mark, 115, "%s must be a number, not \"%s\"",
                     what, node->text);
        return -1;
    }
    if (value < min || value > max) {
        otr_error_at(diags, node->mark, 116,
                     "%s must be between %g and %g, not %g", what, min, max,
                     value);
        return -1;
    }
    *out = value;
    return 0;
}

int otr_expect_bool(const otr_node *node, const char *what, int *out,
                    otr_diags *diags)
{
    if (!expect_kind(node, OTR_NODE_SCALAR, what, diags))
        return -1;
    if (strcmp(node->text, "true") == 0 || strcmp(node->text, "yes") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(node->text, "false") == 0 || strcmp(node->text, "no") == 0) {
        *out = 0;
        return 0;
    }
    otr_error_at(diags, node->mark, 117, "%s must be true or false, not \"%s\"",
                 what, node->text);
    return -1;
}

const char *otr_require_string(const otr_node *map, const char *key,
                               const char *what, otr_diags *diags)
{
    const otr_node *value = otr_map_get(map, key);
    if (!value) {
        otr_report_missing(map, key, what, diags);
        return NULL;
    }
    char *label = otr_xasprintf("\"%s\" of %s", key, what);
    const char *text = otr_expect_string(value, label, 1, diags);
    free(label);
    return text;
}

uint64_t otr_hash_bytes(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t hash = seed ? seed : 14695981039346656037ull;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

uint64_t otr_node_hash(const otr_node *node, uint64_t seed)
{
    if (!node)
        return otr_hash_bytes("", 1, seed);
    unsigned char kind = (unsigned char)node->kind;
    uint64_t hash = otr_hash_bytes(&kind, 1, seed);
    if (node->kind == OTR_NODE_SCALAR) {
        /* The length first, so "ab","c" and "a","bc" differ. */
        uint64_t len = node->len;
        hash = otr_hash_bytes(&len, sizeof len, hash);
        return otr_hash_bytes(node->text, node->len, hash);
    }
    uint64_t count = node->count;
    hash = otr_hash_bytes(&count, sizeof count, hash);
    for (size_t i = 0; i < node->count; i++)
        hash = otr_node_hash(node->children[i], hash);
    return hash;
}
