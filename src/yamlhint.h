/* Plain words for YAML mistakes. libyaml says what its grammar expected
 * ("mapping values are not allowed in this context"); the people who edit
 * content/ need the cause and the fix ("a colon in text: put the text in
 * quotes"). This file looks at the text around libyaml's position to find
 * the usual mistakes of hand-written files; it does not include yaml.h and
 * works on byte offsets into the file's text.
 *
 * Codes: E101 other syntax errors, E118-E129 the mistakes named below. */
#ifndef OTR_YAMLHINT_H
#define OTR_YAMLHINT_H

#include <stddef.h>

#include "diag.h"

/* What libyaml reported, in byte offsets into the text. */
typedef struct {
    int reader;          /* 1: the bytes are not UTF-8 text */
    const char *problem; /* libyaml's words, or NULL */
    const char *context; /* or NULL */
    size_t problem_at;
    int has_context;
    size_t context_at;
    /* The last quoted text before the problem that runs over more than one
     * line (its opening and closing quote), when there is one: a quote left
     * open shows up only where the next quote closes it. */
    int has_quote;
    size_t quote_from, quote_to;
} otr_yaml_failure;

/* Reports FAILURE of the file FILE (TEXT, LEN bytes) as one error. */
void otr_yaml_explain(const char *file, const char *text, size_t len,
                      const otr_yaml_failure *failure, otr_diags *diags);

/* Checks a plain (unquoted) value that YAML accepted but that is probably
 * not what was meant: text cut off by " #" (warning E123; not IN_FLOW,
 * inside [ ] or { }, where the cut breaks the brackets and the syntax error
 * says so), a quote mark without its partner (error E124), and a list item
 * indented so far that it became part of the text above (error E126).
 * FROM and TO are the byte offsets of the value in TEXT; VALUE is what YAML
 * read (VALUE_LEN bytes). */
void otr_yaml_check_plain(const char *file, const char *text, size_t len,
                          size_t from, size_t to, const char *value,
                          size_t value_len, int in_flow, otr_diags *diags);

/* The 1-based line and column (in characters) of byte OFFSET. */
otr_mark otr_yaml_mark_at(const char *file, const char *text, size_t len,
                          size_t offset);

#endif
