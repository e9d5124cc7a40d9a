#include "yamlhint.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

otr_mark otr_yaml_mark_at(const char *file, const char *text, size_t len,
                          size_t offset)
{
    otr_mark mark = {file, 1, 1};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            mark.line++;
            mark.col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            mark.col++;
        }
    }
    return mark;
}

/* ---- Lines -------------------------------------------------------------- */

typedef struct {
    const char *text;
    size_t len;
} source;

static size_t line_start(const source *s, size_t at)
{
    while (at > 0 && s->text[at - 1] != '\n')
        at--;
    return at;
}

static size_t line_end(const source *s, size_t at)
{
    while (at < s->len && s->text[at] != '\n' && s->text[at] != '\r')
        at++;
    return at;
}

/* The first byte of the line at AT that is not a space or tab. */
static size_t first_content(const source *s, size_t at)
{
    size_t i = line_start(s, at), end = line_end(s, at);
    while (i < end && (s->text[i] == ' ' || s->text[i] == '\t'))
        i++;
    return i;
}

static int is_blank_line(const source *s, size_t at)
{
    size_t i = first_content(s, at);
    return i == line_end(s, at) || s->text[i] == '#';
}

/* The start of the last line before the one at AT that holds content (not
 * blank, not only a comment); 0 with *FOUND unset when there is none. */
static size_t previous_content_line(const source *s, size_t at, int *found)
{
    size_t start = line_start(s, at);
    *found = 0;
    while (start > 0) {
        start = line_start(s, start - 1);
        if (!is_blank_line(s, start)) {
            *found = 1;
            return start;
        }
    }
    return 0;
}

static int line_number(const source *s, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at && i < s->len; i++)
        line += s->text[i] == '\n';
    return line;
}

/* Where the key of the line at AT starts: after the indentation and any
 * list dashes ("- - key: value"). */
static size_t key_start(const source *s, size_t at)
{
    size_t i = first_content(s, at), end = line_end(s, at);
    while (i + 1 < end && s->text[i] == '-' && s->text[i + 1] == ' ') {
        i += 2;
        while (i < end && s->text[i] == ' ')
            i++;
    }
    return i;
}

/* The byte offset of the colon that ends the key of the line at AT ("key:"
 * followed by a space or the end of the line), or (size_t)-1. */
static size_t key_colon(const source *s, size_t at)
{
    size_t i = key_start(s, at), end = line_end(s, at);
    if (i < end && (s->text[i] == '"' || s->text[i] == '\''))
        return (size_t)-1;
    for (; i < end; i++) {
        if (s->text[i] == ':' &&
            (i + 1 == end || s->text[i + 1] == ' ' || s->text[i + 1] == '\t'))
            return i;
        if (s->text[i] == ' ' && i + 1 < end && s->text[i + 1] == '#')
            return (size_t)-1;
    }
    return (size_t)-1;
}

static int columns(const source *s, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to && i < s->len; i++)
        n += ((unsigned char)s->text[i] & 0xC0) != 0x80;
    return n;
}

static const char *spaces(int n)
{
    return n == 1 ? "space" : "spaces";
}

static otr_mark mark_of(const char *file, const source *s, size_t at)
{
    return otr_yaml_mark_at(file, s->text, s->len, at);
}

/* Text shown inside a message: at most about 40 characters, cut at a
 * character boundary with "..." after it. Returns a new string. */
static char *excerpt(const char *text, size_t len)
{
    size_t cut = len;
    int cut_short = 0;
    if (len > 40) {
        cut = 40;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        cut_short = 1;
    }
    return otr_xasprintf("%.*s%s", (int)cut, text, cut_short ? "..." : "");
}

/* TEXT (LEN bytes) as a quoted YAML value, or NULL when it holds both kinds
 * of quote or is too long to show. Returns a new string. */
static char *quoted(const char *text, size_t len)
{
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len > 60)
        return NULL;
    int has_double = memchr(text, '"', len) || memchr(text, '\\', len);
    int has_single = memchr(text, '\'', len) != NULL;
    if (!has_double)
        return otr_xasprintf("\"%.*s\"", (int)len, text);
    if (!has_single)
        return otr_xasprintf("'%.*s'", (int)len, text);
    return NULL;
}

/* "KEY: QUOTED" for the line at AT (whose value starts at VALUE), or NULL. */
static char *suggest_line(const source *s, size_t at, size_t value)
{
    size_t key = key_start(s, at), end = line_end(s, at);
    char *q = quoted(s->text + value, end - value);
    if (!q)
        return NULL;
    char *line = otr_xasprintf("%.*s%s", (int)(value - key), s->text + key, q);
    free(q);
    return line;
}

/* ---- Not UTF-8 ---------------------------------------------------------- */

/* Windows-1252 bytes 0x80-0x9F (Latin-1 has control codes there). */
static const unsigned short cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0};

static void put_utf8(char *out, unsigned code)
{
    if (code < 0x80) {
        out[0] = (char)code;
        out[1] = 0;
    } else if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        out[2] = 0;
    } else {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        out[3] = 0;
    }
}

static void explain_encoding(const char *file, const source *s,
                             const otr_yaml_failure *f, otr_diags *diags)
{
    const unsigned char *bytes = (const unsigned char *)s->text;
    if (s->len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                        (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        otr_error_at(diags, ((otr_mark){file, 1, 1}), 125,
                     "the file is saved as UTF-16, not UTF-8; save it as "
                     "UTF-8 (in the editor's \"Save as\", choose the "
                     "encoding UTF-8)");
        return;
    }
    /* Point at the start of a broken sequence, not at the byte after it
     * that showed it broken. */
    size_t at = f->problem_at < s->len ? f->problem_at : s->len;
    int trailing = f->problem && (strstr(f->problem, "trailing") ||
                                  strstr(f->problem, "incomplete"));
    while (trailing && at > 0 && at < s->len && (bytes[at] & 0xC0) != 0xC0 &&
           (bytes[at - 1] & 0x80))
        at--;
    otr_mark mark = mark_of(file, s, at);
    if (f->problem && strstr(f->problem, "control characters")) {
        otr_error_at(diags, mark, 101,
                     "an invisible control character here; delete it (text "
                     "files hold letters, spaces and line breaks)");
        return;
    }
    if (at < s->len && bytes[at] >= 0x80) {
        unsigned code =
            bytes[at] >= 0xA0 ? bytes[at] : cp1252[bytes[at] - 0x80];
        if (code) {
            char shown[4];
            put_utf8(shown, code);
            otr_error_at(diags, mark, 125,
                         "the file is not saved as UTF-8: the byte 0x%02X "
                         "here is \"%s\" in an older encoding (Latin-1 or "
                         "Windows-1252); save it as UTF-8 (in the editor's "
                         "\"Save as\", choose the encoding UTF-8)",
                         bytes[at], shown);
            return;
        }
    }
    otr_error_at(diags, mark, 125,
                 "the file is not valid UTF-8 text here (%s); save it as "
                 "UTF-8 (in the editor's \"Save as\", choose the encoding "
                 "UTF-8)",
                 f->problem ? f->problem : "unreadable");
}

/* ---- Syntax ------------------------------------------------------------- */

/* A tab in the indentation of the line at AT, or of the lines back to
 * FROM (offsets); its offset or (size_t)-1. */
static size_t indentation_tab(const source *s, size_t from, size_t at)
{
    size_t start = line_start(s, at);
    for (;;) {
        for (size_t i = start; i < s->len; i++) {
            if (s->text[i] == '\t')
                return i;
            if (s->text[i] != ' ')
                break;
        }
        if (start == 0 || start <= from)
            return (size_t)-1;
        start = line_start(s, start - 1);
    }
}

static int starts_with(const char *text, const char *prefix)
{
    return text && strncmp(text, prefix, strlen(prefix)) == 0;
}

static int contains(const char *text, const char *part)
{
    return text && strstr(text, part);
}

/* A line whose list dash has no space after it ("-id: x"): YAML reads the
 * dash as part of the key. Reports and returns 1 when the line at AT is. */
static int missing_dash_space(const char *file, const source *s, size_t at,
                              otr_diags *diags)
{
    size_t i = first_content(s, at);
    if (i + 1 < s->len && s->text[i] == '-' && s->text[i + 1] != ' ' &&
        s->text[i + 1] != '-' && s->text[i + 1] != '\n' &&
        s->text[i + 1] != '\r') {
        otr_error_at(diags, mark_of(file, s, i), 127,
                     "a space is missing after \"-\": a list item is written "
                     "\"- %.*s\"",
                     (int)(line_end(s, at) - i - 1), s->text + i + 1);
        return 1;
    }
    return 0;
}

/* The line at AT is a list item ("- ..."). */
static int is_item(const source *s, size_t at)
{
    size_t i = first_content(s, at);
    return i + 1 < s->len && s->text[i] == '-' &&
           (s->text[i + 1] == ' ' || s->text[i + 1] == '\n');
}

/* The line at AT (its first content at AT) does not line up with the lines
 * above it. */
static void explain_indentation(const char *file, const source *s, size_t at,
                                int in_list, otr_diags *diags)
{
    int found;
    size_t previous = previous_content_line(s, at, &found);
    if (found && missing_dash_space(file, s, previous, diags))
        return;
    int indent = columns(s, line_start(s, at), at);
    otr_mark mark = mark_of(file, s, at);
    if (is_item(s, at)) {
        /* Line it up with the nearest list item above. */
        size_t line = line_start(s, at);
        while (line > 0) {
            line = line_start(s, line - 1);
            if (!is_blank_line(s, line) && is_item(s, line))
                break;
        }
        if (line < at && is_item(s, line)) {
            int other = columns(s, line, first_content(s, line));
            otr_error_at(diags, mark, 126,
                         "this list item is indented by %d %s, the one on "
                         "line %d by %d; the \"-\" of items of one list "
                         "must line up",
                         indent, spaces(indent), line_number(s, line), other);
            return;
        }
    }
    if (found) {
        size_t key = key_start(s, previous);
        size_t colon = key_colon(s, previous);
        int other = columns(s, line_start(s, previous), key);
        if (colon != (size_t)-1 && other != indent) {
            char *name = excerpt(s->text + key, colon - key);
            otr_error_at(
                diags, mark, 126,
                "this line is indented by %d %s, but \"%s\" on line %d by "
                "%d; keys of one record must line up%s",
                indent, spaces(indent), name, line_number(s, previous), other,
                indent == 0 && in_list
                    ? " (or, to start a new record, begin the line with \"- \")"
                    : "");
            free(name);
            return;
        }
    }
    otr_error_at(diags, mark, 126,
                 "this line does not line up with the lines above it; check "
                 "its indentation (spaces at the start of the line)");
}

/* After a quoted text ended, more text followed on its line. Returns 1
 * when that is what happened at AT. */
static int text_after_quote(const char *file, const source *s, size_t at,
                            otr_diags *diags)
{
    size_t i = at;
    while (i > line_start(s, at) &&
           (s->text[i - 1] == ' ' || s->text[i - 1] == '\t'))
        i--;
    if (i == line_start(s, at))
        return 0;
    char quote = s->text[i - 1];
    if (quote != '"' && quote != '\'')
        return 0;
    otr_mark mark = mark_of(file, s, at);
    if (s->text[at] == quote) {
        otr_error_at(diags, mark, 124,
                     "a stray quote mark after the end of the text; remove it");
        return 1;
    }
    /* Find where the quoted text opened, for a suggestion. */
    size_t open = i - 1;
    while (open > line_start(s, at) && s->text[open - 1] != quote)
        open--;
    size_t value = open > line_start(s, at) ? open - 1 : open;
    char *whole = NULL;
    size_t colon = key_colon(s, at);
    size_t end = line_end(s, at);
    while (end > at && (s->text[end - 1] == ' ' || s->text[end - 1] == '\t'))
        end--;
    if (quote == '\'' && end - 1 > value && s->text[end - 1] == quote) {
        /* 'Café l'Europe': the apostrophe closed the text early. */
        char *inner = quoted(s->text + value + 1, end - value - 2);
        if (inner && colon != (size_t)-1 && colon < value)
            whole = otr_xasprintf("%.*s%s", (int)(value - key_start(s, at)),
                                  s->text + key_start(s, at), inner);
        free(inner);
    } else if (colon != (size_t)-1 && colon < value) {
        whole = suggest_line(s, at, value);
    }
    if (quote == '\'')
        otr_error_at(diags, mark, 124,
                     "the text goes on after its closing quote '; inside "
                     "single quotes write an apostrophe twice ('') or put "
                     "the text in double quotes%s%s",
                     whole ? ": " : "", whole ? whole : "");
    else
        otr_error_at(diags, mark, 124,
                     "the text goes on after its closing quote \"; put the "
                     "whole text in quotes, and write a quote mark inside "
                     "it as \\\"%s%s",
                     whole ? ", or use single quotes around it: " : "",
                     whole ? whole : "");
    free(whole);
    return 1;
}

/* A " #" outside quotes on the line at AT, after FROM; its offset (the
 * '#') or (size_t)-1. */
static size_t comment_on_line(const source *s, size_t from, size_t at)
{
    size_t end = line_end(s, at);
    char quote = 0;
    for (size_t i = from; i < end; i++) {
        char c = s->text[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            if (i == from || strchr(" [{,:", s->text[i - 1]))
                quote = c;
        } else if (c == '#' && i > from &&
                   (s->text[i - 1] == ' ' || s->text[i - 1] == '\t')) {
            return i;
        }
    }
    return (size_t)-1;
}

static void explain_flow(const char *file, const source *s,
                         const otr_yaml_failure *f, otr_diags *diags)
{
    size_t open = f->context_at;
    char bracket = open < s->len ? s->text[open] : '[';
    char close = bracket == '{' ? '}' : ']';
    size_t hash = comment_on_line(s, open, open);
    if (hash != (size_t)-1) {
        size_t end = line_end(s, hash);
        char *rest = excerpt(s->text + hash, end - hash);
        otr_error_at(diags, mark_of(file, s, hash), 123,
                     "the rest of the line (\"%s\") was read as a comment, so "
                     "the \"%c\" before it is never closed; put the text "
                     "with \"#\" in quotes",
                     rest, bracket);
        free(rest);
        return;
    }
    if (line_start(s, f->problem_at) == line_start(s, open))
        otr_error_at(diags, mark_of(file, s, f->problem_at), 128,
                     "expected \",\" or \"%c\" here: items inside \"%c %c\" "
                     "are separated by commas; put text with a comma or "
                     "colon in quotes",
                     close, bracket, close);
    else
        otr_error_at(diags, mark_of(file, s, open), 128,
                     "the \"%c\" here is not closed; end the list with \"%c\" "
                     "on this line",
                     bracket, close);
}

static void explain_colon(const char *file, const source *s, size_t at,
                          otr_diags *diags)
{
    size_t colon = key_colon(s, at);
    if (colon != (size_t)-1 && colon < at) {
        size_t value = colon + 1;
        while (value < s->len && s->text[value] == ' ')
            value++;
        char *line = suggest_line(s, at, value);
        otr_error_at(diags, mark_of(file, s, at), 122,
                     "a colon followed by a space in text that is not in "
                     "quotes; put the text in quotes%s%s",
                     line ? ": " : "", line ? line : "");
        free(line);
        return;
    }
    /* The key of this line is the first colon: the line was read as the
     * text of the line above, so it is indented too far. */
    size_t start = first_content(s, at);
    int found;
    size_t previous = previous_content_line(s, start, &found);
    if (found && missing_dash_space(file, s, previous, diags))
        return;
    if (found) {
        size_t key = key_start(s, previous);
        size_t other_colon = key_colon(s, previous);
        int other = columns(s, line_start(s, previous), key);
        if (other_colon != (size_t)-1) {
            char *name = excerpt(s->text + key, other_colon - key);
            otr_error_at(diags, mark_of(file, s, start), 126,
                         "this line is indented more than \"%s\" on line %d, "
                         "which has a value already, so it was read as part "
                         "of that text; indent it by %d %s like \"%s\"",
                         name, line_number(s, previous), other, spaces(other),
                         name);
            free(name);
            return;
        }
    }
    otr_error_at(diags, mark_of(file, s, at), 122,
                 "a colon followed by a space here is read as \"key: value\"; "
                 "if it belongs to the text, put the text in quotes");
}

static void explain_missing_colon(const char *file, const source *s,
                                  const otr_yaml_failure *f, otr_diags *diags)
{
    size_t at = f->has_context ? f->context_at : f->problem_at;
    size_t start = key_start(s, at), end = line_end(s, at);
    for (size_t i = start; i < end; i++) {
        char c = s->text[i];
        if (c == ':' && i + 1 < end && s->text[i + 1] != ' ') {
            otr_error_at(diags, mark_of(file, s, i), 127,
                         "a space is missing after the colon: write "
                         "\"%.*s: %.*s\"",
                         (int)(i - start), s->text + start, (int)(end - i - 1),
                         s->text + i + 1);
            return;
        }
        if (c == ' ' || c == '"' || c == '\'')
            break;
    }
    size_t word = start;
    while (word < end && s->text[word] != ' ')
        word++;
    if (word < end)
        otr_error_at(diags, mark_of(file, s, start), 127,
                     "this line has no colon after its key; write \"%.*s: "
                     "%.*s\"",
                     (int)(word - start), s->text + start,
                     (int)(end - word - 1), s->text + word + 1);
    else
        otr_error_at(diags, mark_of(file, s, start), 127,
                     "this line has no colon after its key; write "
                     "\"key: value\"");
}

void otr_yaml_explain(const char *file, const char *text, size_t len,
                      const otr_yaml_failure *f, otr_diags *diags)
{
    source src = {text, len}, *s = &src;
    const char *problem = f->problem ? f->problem : "error";
    size_t at = f->problem_at < len ? f->problem_at : len;
    otr_mark mark = mark_of(file, s, at);

    if (f->reader) {
        explain_encoding(file, s, f, diags);
        return;
    }
    size_t tab = indentation_tab(s, f->has_context ? f->context_at : at, at);
    if ((at < len && text[at] == '\t') || contains(problem, "tab")) {
        if (tab == (size_t)-1)
            tab = at;
    }
    if (tab != (size_t)-1) {
        otr_error_at(diags, mark_of(file, s, tab), 120,
                     "a tab here; YAML does not allow tabs for indentation: "
                     "use spaces instead");
        return;
    }
    if (contains(f->context, "quoted scalar") && f->has_context &&
        (contains(problem, "end of stream") ||
         contains(problem, "document indicator"))) {
        otr_error_at(diags, mark_of(file, s, f->context_at), 121,
                     "the quote opened here is never closed; end the text "
                     "with a closing quote mark on this line");
        return;
    }
    if (contains(problem, "unknown escape")) {
        otr_error_at(diags, mark, 118,
                     "a backslash in text in double quotes starts an escape "
                     "like \\n; write \\\\ for a backslash, or put the text in "
                     "single quotes");
        return;
    }
    if (f->has_quote && line_start(s, f->quote_to) == line_start(s, at)) {
        otr_error_at(diags, mark_of(file, s, f->quote_from), 121,
                     "the quote opened here is not closed on its line, so the "
                     "text ran on to the next quote mark, on line %d; end the "
                     "text with a closing quote mark on this line",
                     line_number(s, f->quote_to));
        return;
    }
    if (contains(problem, "mapping values are not allowed")) {
        explain_colon(file, s, at, diags);
        return;
    }
    if (contains(problem, "could not find expected ':'")) {
        explain_missing_colon(file, s, f, diags);
        return;
    }
    if (contains(f->context, "flow") && f->has_context &&
        contains(problem, "did not find expected ','")) {
        explain_flow(file, s, f, diags);
        return;
    }
    if (contains(problem, "did not find expected key") ||
        contains(problem, "did not find expected '-'")) {
        if (at != first_content(s, at)) {
            if (text_after_quote(file, s, at, diags))
                return;
        } else {
            explain_indentation(
                file, s, at, contains(f->context, "block collection"), diags);
            return;
        }
    }
    if (contains(problem, "block sequence entries are not allowed")) {
        otr_error_at(diags, mark, 126,
                     "a list item (\"- \") cannot follow a key on the same "
                     "line; put each item on a line of its own, indented "
                     "under the key, or write the list as [a, b]");
        return;
    }
    size_t start = at;
    if (f->has_context &&
        (contains(f->context, "alias") || contains(f->context, "anchor") ||
         contains(f->context, "tag") || contains(f->context, "block scalar")))
        start = f->context_at;
    if (start < len &&
        (contains(problem, "cannot start any token") || start != at) &&
        strchr("@`*&!%|>", text[start])) {
        otr_error_at(diags, mark_of(file, s, start), 129,
                     "text cannot start with \"%c\" unless it is in quotes; "
                     "put the text in quotes",
                     text[start]);
        return;
    }
    if (starts_with(problem, "found character that cannot start any token")) {
        otr_error_at(diags, mark, 101,
                     "YAML cannot read the character here; if it belongs to "
                     "text, put the text in quotes");
        return;
    }
    if (f->context)
        otr_error_at(diags, mark, 101, "YAML syntax: %s %s", problem,
                     f->context);
    else
        otr_error_at(diags, mark, 101, "YAML syntax: %s", problem);
}

/* ---- Values YAML accepted ----------------------------------------------- */

/* A value that is meant as a number or a yes/no, where a comment after it
 * is most likely a comment. */
static int looks_like_number(const char *value, size_t len)
{
    static const char *const words[] = {"true", "false", "yes", "no",
                                        "null", "~",     NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == len && memcmp(*w, value, len) == 0)
            return 1;
    if (len == 0)
        return 0;
    char *end = NULL;
    errno = 0;
    (void)strtod(value, &end);
    return end == value + len;
}

void otr_yaml_check_plain(const char *file, const char *text, size_t len,
                          size_t from, size_t to, const char *value,
                          size_t value_len, int in_flow, otr_diags *diags)
{
    source src = {text, len}, *s = &src;
    if (to > len || from > to)
        return;

    /* "- item" on a line of its own inside the text: a list item indented
     * deeper than the one before it. */
    for (size_t i = line_end(s, from); i < to; i = line_end(s, i + 1)) {
        size_t start = first_content(s, i + 1);
        if (start < to && is_item(s, start)) {
            otr_error_at(diags, mark_of(file, s, start), 126,
                         "this list item is indented more than the line "
                         "above it, so it was read as part of that text; "
                         "line up the \"-\" with the item above");
            break;
        }
    }

    size_t quotes = 0;
    for (size_t i = 0; i < value_len; i++)
        quotes += value[i] == '"';
    if (quotes % 2) {
        size_t at = to;
        while (at > from && text[at - 1] != '"')
            at--;
        at = at > from ? at - 1 : from;
        int last = at + 1 == to;
        otr_error_at(diags, mark_of(file, s, at), 124,
                     "%s; it would be printed. Remove it, or put a quote "
                     "mark at the %s of the text too",
                     last ? "a closing quote mark without an opening one"
                          : "a quote mark without its partner",
                     last ? "start" : "other end");
    }

    /* A comment right after the value on its line. */
    size_t i = to;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    if (in_flow || i == to || i >= len || text[i] != '#' ||
        looks_like_number(value, value_len))
        return;
    size_t end = line_end(s, i);
    char *rest = excerpt(text + i, end - i);
    if (value_len == 0) {
        otr_warning_at(diags, mark_of(file, s, i), 123,
                       "the rest of the line was read as a comment, so the "
                       "value is empty; put the text in quotes if \"%s\" "
                       "belongs to it",
                       rest);
    } else {
        char *whole = quoted(text + from, end - from);
        char *shown = excerpt(value, value_len);
        otr_warning_at(diags, mark_of(file, s, i), 123,
                       "the rest of the line was read as a comment, so the "
                       "text is only \"%s\"; put the text in quotes if "
                       "\"%s\" belongs to it%s%s",
                       shown, rest, whole ? ": " : "", whole ? whole : "");
        free(shown);
        free(whole);
    }
    free(rest);
}
