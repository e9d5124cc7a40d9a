/* YAML files as trees of nodes that remember where they came from. This is
 * the only part of the program that sees libyaml.
 *
 * Input written by hand by people who are not programmers is checked
 * strictly here: syntax, UTF-8, size, nesting depth, duplicate keys, and
 * aliases (refused outright, so a "billion laughs" file cannot expand). */
#ifndef OTR_YAMLNODE_H
#define OTR_YAMLNODE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

typedef enum { OTR_NODE_SCALAR, OTR_NODE_MAP, OTR_NODE_SEQ } otr_node_kind;

typedef struct otr_node otr_node;
struct otr_node {
    otr_node_kind kind;
    otr_mark mark;       /* where the node starts */
    char *text;          /* scalars: the value, NUL-terminated */
    size_t len;          /* scalars: bytes in text (may hold NUL) */
    int plain;           /* scalars: written without quotes */
    otr_node **children; /* sequences: items; maps: key, value, key, ... */
    size_t count;        /* number of entries in children */
};

typedef struct {
    char *path;      /* as given; marks point into it */
    otr_node *root;  /* NULL for an empty file */
    otr_arena arena; /* every node, text and child list of the file */
} otr_yaml_doc;

#define OTR_YAML_MAX_BYTES (16u * 1024u * 1024u)
#define OTR_YAML_MAX_DEPTH 64

/* Reads and parses PATH. Returns NULL after reporting to DIAGS when the file
 * cannot be read or is not acceptable YAML. Free with otr_yaml_doc_free. */
otr_yaml_doc *otr_yaml_load(const char *path, otr_diags *diags);

/* Parses TEXT (LEN bytes) as if it were the file NAME. */
otr_yaml_doc *otr_yaml_parse(const char *name, const char *text, size_t len,
                             otr_diags *diags);

void otr_yaml_doc_free(otr_yaml_doc *doc);

/* ---- Reading nodes ------------------------------------------------------
 * The otr_expect_* helpers report a typed error at the node and return
 * NULL/-1 when the node is not what was expected. */

/* The value of KEY in MAP, or NULL (also when MAP is not a map). */
const otr_node *otr_map_get(const otr_node *map, const char *key);

/* Reports every key of MAP that is not in ALLOWED (NULL-terminated), with a
 * "did you mean" for near misses. Returns the number of unknown keys. */
int otr_check_keys(const otr_node *map, const char *const *allowed,
                   const char *what, otr_diags *diags);

/* Reports a missing required key; MAP's mark is used. */
void otr_report_missing(const otr_node *map, const char *key, const char *what,
                        otr_diags *diags);

const otr_node *otr_expect_map(const otr_node *node, const char *what,
                               otr_diags *diags);
const otr_node *otr_expect_seq(const otr_node *node, const char *what,
                               otr_diags *diags);
/* A scalar's text, NULL after an error (also for empty or NUL-holding
 * strings when NONEMPTY). */
const char *otr_expect_string(const otr_node *node, const char *what,
                              int nonempty, otr_diags *diags);
/* A number within [MIN, MAX]; returns 0 on success, -1 after an error. */
int otr_expect_number(const otr_node *node, const char *what, double min,
                      double max, double *out, otr_diags *diags);
/* true/false; returns 0 on success, -1 after an error. */
int otr_expect_bool(const otr_node *node, const char *what, int *out,
                    otr_diags *diags);

/* A 64-bit FNV-1a hash of NODE's content (kinds, keys and values, not
 * positions), mixed into SEED: a record hashes the same wherever it moves
 * in its file. NULL hashes as nothing. */
uint64_t otr_node_hash(const otr_node *node, uint64_t seed);
uint64_t otr_hash_bytes(const void *data, size_t len, uint64_t seed);

/* Required string field KEY of MAP. */
const char *otr_require_string(const otr_node *map, const char *key,
                               const char *what, otr_diags *diags);

#endif
