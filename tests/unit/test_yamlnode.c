/* The YAML loader: positions, strictness, and limits against hostile
 * input. Each case checks the exact diagnostic a user would see. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "yamlnode.h"

/* Parses TEXT and returns the printed diagnostics (caller frees). */
static char *diagnose(const char *text, size_t len, otr_yaml_doc **doc_out)
{
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *doc = otr_yaml_parse("in.yaml", text, len, diags);
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    otr_diags_print(diags, f);
    fclose(f);
    otr_diags_free(diags);
    if (doc_out)
        *doc_out = doc;
    else
        otr_yaml_doc_free(doc);
    return out;
}

#define EXPECT_DIAG(text, expected)                                            \
    do {                                                                       \
        char *got_ = diagnose((text), sizeof(text) - 1, NULL);                 \
        CHECK_STR(got_, expected);                                             \
        free(got_);                                                            \
    } while (0)

static void test_tree_and_marks(void)
{
    static const char text[] = "name: Jena\n"
                               "list:\n"
                               "  - one\n"
                               "  - \"two\"\n"
                               "nested: {a: 1}\n";
    otr_yaml_doc *doc = NULL;
    char *diags = diagnose(text, sizeof text - 1, &doc);
    CHECK_STR(diags, "");
    free(diags);
    CHECK(doc && doc->root && doc->root->kind == OTR_NODE_MAP);
    CHECK(doc->root->count == 6);
    const otr_node *list = otr_map_get(doc->root, "list");
    CHECK(list && list->kind == OTR_NODE_SEQ && list->count == 2);
    CHECK(list->children[1]->mark.line == 4 &&
          list->children[1]->mark.col == 5);
    CHECK(list->children[0]->plain == 1 && list->children[1]->plain == 0);
    const otr_node *a = otr_map_get(otr_map_get(doc->root, "nested"), "a");
    CHECK(a && a->mark.line == 5 && a->mark.col == 13);
    CHECK(otr_map_get(doc->root, "missing") == NULL);
    otr_yaml_doc_free(doc);
}

static void test_errors(void)
{
    EXPECT_DIAG("a: [1, 2\nb: 3\n",
                "in.yaml:1:4: error[E128]: the \"[\" here is not closed; end "
                "the list with \"]\" on this line\n");
    EXPECT_DIAG("a: 1\nb: 2\na: 3\n",
                "in.yaml:3:1: error[E106]: duplicate key \"a\" (first given "
                "at line 1)\n");
    EXPECT_DIAG("a: &x [1]\nb: *x\n",
                "in.yaml:2:4: error[E105]: aliases (*x) are not allowed; "
                "write the value out\n");
    EXPECT_DIAG("a: 1\n---\nb: 2\n",
                "in.yaml:2:1: error[E108]: only one YAML document per file "
                "(remove the second \"---\")\n");
    EXPECT_DIAG("? [1]\n: x\n",
                "in.yaml:1:3: error[E107]: a key must be a plain word or "
                "text, not a list or map\n");
    /* Invalid UTF-8 (a lone continuation byte) on line 2, column 7. */
    EXPECT_DIAG("a: ok\nname: \x80x\n",
                "in.yaml:2:7: error[E125]: the file is not saved as UTF-8: "
                "the byte 0x80 here is \"\u20ac\" in an older encoding "
                "(Latin-1 or Windows-1252); save it as UTF-8 (in the "
                "editor's \"Save as\", choose the encoding UTF-8)\n");
}

/* Mistakes of hand-written files, named with their cause and fix; the
 * broken-input corpus (tests/broken/yaml-*) has them in content files. */
static void test_plain_words(void)
{
    /* A byte order mark is allowed, and columns count from after it. */
    EXPECT_DIAG("\xEF\xBB\xBF"
                "a: 1\nb: [2\n",
                "in.yaml:2:4: error[E128]: the \"[\" here is not closed; end "
                "the list with \"]\" on this line\n");
    EXPECT_DIAG("\xEF\xBB\xBF"
                "a: 1\n",
                "");
    /* Windows line ends are fine. */
    EXPECT_DIAG("a: 1\r\nb:\r\n  - x\r\n", "");
    /* A tab deeper in a nested map. */
    EXPECT_DIAG("a:\n  b: 1\n \tc: 2\n",
                "in.yaml:3:2: error[E120]: a tab here; YAML does not allow "
                "tabs for indentation: use spaces instead\n");
    /* A comment after a number is a comment; after text, a warning. */
    EXPECT_DIAG("size: 12 # pt\nok: true # yes\n", "");
    EXPECT_DIAG("street: Hauptstra\xC3\x9F"
                "e #2\n",
                "in.yaml:1:21: warning[E123]: the rest of the line was read "
                "as a comment, so the text is only \"Hauptstra\xC3\x9F"
                "e\"; "
                "put the text in quotes if \"#2\" belongs to it: "
                "\"Hauptstra\xC3\x9F"
                "e #2\"\n");
    /* A comment on its own line, or after quoted text, is meant. */
    EXPECT_DIAG("# note\na: \"x\" # note\nb: [1, 2] # note\n", "");
    /* Quotes that belong to the text are fine in pairs. */
    EXPECT_DIAG("name: Caf\xC3\xA9 \"Bunt\"\n", "");
    EXPECT_DIAG("name: Caf\xC3\xA9 \"Bunt\n",
                "in.yaml:1:12: error[E124]: a quote mark without its "
                "partner; it would be printed. Remove it, or put a quote "
                "mark at the other end of the text too\n");
    EXPECT_DIAG("a: x\nlist: - one\n",
                "in.yaml:2:7: error[E126]: a list item (\"- \") cannot follow "
                "a key on the same line; put each item on a line of its "
                "own, indented under the key, or write the list as [a, b]\n");
}

/* Duplicate keys are found in a map of any size: the first keys are
 * compared in order, later ones through a hash set (from the ninth key);
 * a duplicate on either side of that switch points at the first use. */
static void test_duplicates_in_long_maps(void)
{
    for (int keys = 2; keys <= 40; keys++) {
        for (int dup = 0; dup < keys - 1; dup++) {
            otr_buf text = {0};
            for (int k = 0; k < keys - 1; k++)
                otr_buf_printf(&text, "key%d: %d\n", k, k);
            otr_buf_printf(&text, "key%d: again\n", dup);
            char *got = diagnose(text.data, text.len, NULL);
            char expected[160];
            snprintf(expected, sizeof expected,
                     "in.yaml:%d:1: error[E106]: duplicate key \"key%d\" "
                     "(first given at line %d)\n",
                     keys, dup, dup + 1);
            CHECK_STR(got, expected);
            free(got);
            otr_buf_free(&text);
        }
    }
    /* Maps at the same depth one after another each start afresh, and a
     * long map's children are all kept, in order. */
    otr_buf text = {0};
    for (int m = 0; m < 3; m++) {
        otr_buf_printf(&text, "m%d:\n", m);
        for (int k = 0; k < 20; k++)
            otr_buf_printf(&text, "  key%d: [%d, {x: %d}]\n", k, m, k);
    }
    otr_yaml_doc *doc = NULL;
    char *got = diagnose(text.data, text.len, &doc);
    CHECK_STR(got, "");
    free(got);
    CHECK(doc && doc->root && doc->root->count == 6);
    const otr_node *m2 = otr_map_get(doc->root, "m2");
    CHECK(m2 && m2->count == 40);
    const otr_node *item = otr_map_get(m2, "key19");
    CHECK(item && item->kind == OTR_NODE_SEQ && item->count == 2);
    const otr_node *x = item ? otr_map_get(item->children[1], "x") : NULL;
    CHECK(x && strcmp(x->text, "19") == 0 && x->mark.line == 63);
    otr_yaml_doc_free(doc);
    otr_buf_free(&text);
}

static void test_billion_laughs(void)
{
    static const char text[] =
        "a: &a "
        "[\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    char *got = diagnose(text, sizeof text - 1, NULL);
    CHECK(got && strstr(got, "in.yaml:2:8: error[E105]") == got);
    free(got);
}

static void test_depth(void)
{
    char text[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        text[n++] = '[';
    for (int i = 0; i < 100; i++)
        text[n++] = ']';
    text[n++] = '\n';
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *doc = otr_yaml_parse("deep.yaml", text, n, diags);
    CHECK(doc == NULL);
    CHECK(otr_diags_error_count(diags) == 1);
    otr_diags_free(diags);

    /* 64 levels are fine. */
    n = 0;
    for (int i = 0; i < 64; i++)
        text[n++] = '[';
    for (int i = 0; i < 64; i++)
        text[n++] = ']';
    diags = otr_diags_new();
    doc = otr_yaml_parse("deep.yaml", text, n, diags);
    CHECK(doc != NULL);
    CHECK(otr_diags_error_count(diags) == 0);
    otr_yaml_doc_free(doc);
    otr_diags_free(diags);
}

static void test_reading(void)
{
    static const char text[] = "adress: x\nsize: 12.5\nbad: 12pt\nflag: yes\n"
                               "empty: \"\"\nnul: \"a\\0b\"\n";
    otr_yaml_doc *doc = NULL;
    free(diagnose(text, sizeof text - 1, &doc));
    CHECK(doc != NULL);
    otr_diags *diags = otr_diags_new();
    static const char *const keys[] = {"address", "size", "bad", "flag",
                                       "empty",   "nul",  NULL};
    CHECK(otr_check_keys(doc->root, keys, "an offer", diags) == 1);
    double number = 0;
    CHECK(otr_expect_number(otr_map_get(doc->root, "size"), "size", 1, 100,
                            &number, diags) == 0 &&
          number == 12.5);
    CHECK(otr_expect_number(otr_map_get(doc->root, "size"), "size", 1, 10,
                            &number, diags) < 0);
    CHECK(otr_expect_number(otr_map_get(doc->root, "bad"), "bad", 0, 100,
                            &number, diags) < 0);
    int flag = 0;
    CHECK(otr_expect_bool(otr_map_get(doc->root, "flag"), "flag", &flag,
                          diags) == 0 &&
          flag == 1);
    CHECK(otr_expect_string(otr_map_get(doc->root, "empty"), "empty", 1,
                            diags) == NULL);
    CHECK(otr_expect_string(otr_map_get(doc->root, "nul"), "nul", 0, diags) ==
          NULL);

    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    otr_diags_print(diags, f);
    fclose(f);
    CHECK_STR(out,
              "in.yaml:1:1: error[E110]: unknown key \"adress\" in an offer; "
              "did you mean \"address\"?\n"
              "in.yaml:2:7: error[E116]: size must be between 1 and 10, not "
              "12.5\n"
              "in.yaml:3:6: error[E115]: bad must be a number, not \"12pt\"\n"
              "in.yaml:5:8: error[E114]: empty is empty\n"
              "in.yaml:6:6: error[E113]: nul contains a NUL character\n");
    free(out);
    otr_diags_free(diags);
    otr_yaml_doc_free(doc);
}

static void test_missing_file(void)
{
    otr_diags *diags = otr_diags_new();
    CHECK(otr_yaml_load("/nonexistent/site.yaml", diags) == NULL);
    CHECK(otr_diags_error_count(diags) == 1);
    otr_diags_free(diags);
}

int main(void)
{
    test_tree_and_marks();
    test_errors();
    test_plain_words();
    test_duplicates_in_long_maps();
    test_billion_laughs();
    test_depth();
    test_reading();
    test_missing_file();
    return check_report("test_yamlnode");
}
