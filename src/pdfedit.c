#include "pdfedit.h"

#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "util.h"

/* libqpdf is loaded when a document is first edited (print boxes, joined
 * files, PDF/X), not for every document (dynlib.h). */
#define QPDF_FUNCTIONS(X)                                                      \
    X(qpdf_add_page)                                                           \
    X(qpdf_cleanup)                                                            \
    X(qpdf_get_num_pages)                                                      \
    X(qpdf_get_page_n)                                                         \
    X(qpdf_get_root)                                                           \
    X(qpdf_get_trailer)                                                        \
    X(qpdf_init)                                                               \
    X(qpdf_init_write)                                                         \
    X(qpdf_oh_append_item)                                                     \
    X(qpdf_oh_begin_dict_key_iter)                                             \
    X(qpdf_oh_dict_more_keys)                                                  \
    X(qpdf_oh_dict_next_key)                                                   \
    X(qpdf_oh_get_array_item)                                                  \
    X(qpdf_oh_get_array_n_items)                                               \
    X(qpdf_oh_get_dict)                                                        \
    X(qpdf_oh_get_int_value_as_int)                                            \
    X(qpdf_oh_get_key)                                                         \
    X(qpdf_oh_get_object_id)                                                   \
    X(qpdf_oh_get_stream_data)                                                 \
    X(qpdf_oh_is_array)                                                        \
    X(qpdf_oh_is_dictionary)                                                   \
    X(qpdf_oh_is_name_and_equals)                                              \
    X(qpdf_oh_is_stream)                                                       \
    X(qpdf_oh_new_array)                                                       \
    X(qpdf_oh_new_dictionary)                                                  \
    X(qpdf_oh_new_integer)                                                     \
    X(qpdf_oh_new_name)                                                        \
    X(qpdf_oh_new_null)                                                        \
    X(qpdf_oh_new_unicode_string)                                              \
    X(qpdf_oh_parse)                                                           \
    X(qpdf_oh_remove_key)                                                      \
    X(qpdf_oh_replace_key)                                                     \
    X(qpdf_oh_replace_stream_data)                                             \
    X(qpdf_read)                                                               \
    X(qpdf_set_compress_streams)                                               \
    X(qpdf_set_deterministic_ID)                                               \
    X(qpdf_silence_errors)                                                     \
    X(qpdf_write)
OTR_DYNLIB(libqpdf, "libqpdf.so.29", "libqpdf29", QPDF_FUNCTIONS);

static void box(char *out, size_t size, const double r[4])
{
    snprintf(out, size, "[%.4f %.4f %.4f %.4f]", r[0], r[1], r[2], r[3]);
}

int otr_pdf_set_boxes(const char *in, const char *out, const double trim[4],
                      const double bleed[4], const char **error)
{
    *error = otr_dynlib_load(&libqpdf);
    if (*error)
        return -1;
    qpdf_data qpdf = lib.qpdf_init();
    lib.qpdf_silence_errors(qpdf);
    int rc = -1;
    if (lib.qpdf_read(qpdf, in, NULL) & QPDF_ERRORS) {
        *error = "qpdf cannot read the document";
        goto cleanup;
    }
    char trim_box[128], bleed_box[128];
    box(trim_box, sizeof trim_box, trim);
    box(bleed_box, sizeof bleed_box, bleed);
    int pages = lib.qpdf_get_num_pages(qpdf);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = lib.qpdf_get_page_n(qpdf, (size_t)i);
        lib.qpdf_oh_replace_key(qpdf, page, "/TrimBox",
                                lib.qpdf_oh_parse(qpdf, trim_box));
        lib.qpdf_oh_replace_key(qpdf, page, "/BleedBox",
                                lib.qpdf_oh_parse(qpdf, bleed_box));
    }
    if (lib.qpdf_init_write(qpdf, out) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    lib.qpdf_set_deterministic_ID(qpdf, QPDF_TRUE);
    if (lib.qpdf_write(qpdf) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    rc = 0;
cleanup:
    lib.qpdf_cleanup(&qpdf);
    return rc;
}

/* Page labels (ISO 32000-1 section 12.4.2): the pages of part I are
 * labelled LABELS[I] (a part of one page) or "LABELS[I] 1", "... 2" (a
 * part of several), starting at STARTS[I]. The structure tree of the
 * first part is dropped: it does not describe the other parts' pages, and
 * a file for the press needs none. */
static void label_pages(qpdf_data qpdf, const char *const *labels,
                        const int *starts, const int *lengths, size_t count)
{
    qpdf_oh nums = lib.qpdf_oh_new_array(qpdf);
    for (size_t i = 0; i < count; i++) {
        qpdf_oh range = lib.qpdf_oh_new_dictionary(qpdf);
        char *prefix = lengths[i] > 1 ? otr_xasprintf("%s ", labels[i])
                                      : otr_xstrdup(labels[i]);
        lib.qpdf_oh_replace_key(qpdf, range, "/P",
                                lib.qpdf_oh_new_unicode_string(qpdf, prefix));
        free(prefix);
        if (lengths[i] > 1)
            lib.qpdf_oh_replace_key(qpdf, range, "/S",
                                    lib.qpdf_oh_new_name(qpdf, "/D"));
        lib.qpdf_oh_append_item(qpdf, nums,
                                lib.qpdf_oh_new_integer(qpdf, starts[i]));
        lib.qpdf_oh_append_item(qpdf, nums, range);
    }
    qpdf_oh page_labels = lib.qpdf_oh_new_dictionary(qpdf);
    lib.qpdf_oh_replace_key(qpdf, page_labels, "/Nums", nums);
    qpdf_oh root = lib.qpdf_get_root(qpdf);
    lib.qpdf_oh_replace_key(qpdf, root, "/PageLabels", page_labels);
    lib.qpdf_oh_remove_key(qpdf, root, "/StructTreeRoot");
    lib.qpdf_oh_remove_key(qpdf, root, "/MarkInfo");
    int pages = lib.qpdf_get_num_pages(qpdf);
    for (int p = 0; p < pages; p++)
        lib.qpdf_oh_remove_key(qpdf, lib.qpdf_get_page_n(qpdf, (size_t)p),
                               "/StructParents");
}

static int join(const char *const *paths, const char *const *labels,
                size_t count, const char *out, const char **error)
{
    if (count == 0) {
        *error = "nothing to join";
        return -1;
    }
    *error = otr_dynlib_load(&libqpdf);
    if (*error)
        return -1;
    /* Pages added from another file keep reading their streams from it
     * until the result is written: every file stays open until then. */
    qpdf_data *files = otr_xcalloc(count, sizeof(qpdf_data));
    int *starts = otr_xcalloc(count, sizeof(int));
    int *lengths = otr_xcalloc(count, sizeof(int));
    int rc = -1;
    for (size_t i = 0; i < count; i++) {
        files[i] = lib.qpdf_init();
        lib.qpdf_silence_errors(files[i]);
        if (lib.qpdf_read(files[i], paths[i], NULL) & QPDF_ERRORS) {
            *error = "qpdf cannot read a part";
            goto cleanup;
        }
    }
    lengths[0] = lib.qpdf_get_num_pages(files[0]);
    for (size_t i = 1; i < count; i++) {
        int pages = lib.qpdf_get_num_pages(files[i]);
        starts[i] = starts[i - 1] + lengths[i - 1];
        lengths[i] = pages;
        for (int p = 0; p < pages; p++) {
            qpdf_oh page = lib.qpdf_get_page_n(files[i], (size_t)p);
            if (lib.qpdf_add_page(files[0], files[i], page, QPDF_FALSE) &
                QPDF_ERRORS) {
                *error = "qpdf cannot join the parts";
                goto cleanup;
            }
        }
    }
    if (labels)
        label_pages(files[0], labels, starts, lengths, count);
    if (lib.qpdf_init_write(files[0], out) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    lib.qpdf_set_deterministic_ID(files[0], QPDF_TRUE);
    if (lib.qpdf_write(files[0]) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    rc = 0;
cleanup:
    for (size_t i = 0; i < count; i++)
        if (files[i])
            lib.qpdf_cleanup(&files[i]);
    free(files);
    free(starts);
    free(lengths);
    return rc;
}

int otr_pdf_join(const char *const *paths, size_t count, const char *out,
                 const char **error)
{
    return join(paths, NULL, count, out, error);
}

int otr_pdf_join_labelled(const char *const *paths, const char *const *labels,
                          size_t count, const char *out, const char **error)
{
    return join(paths, labels, count, out, error);
}

/* Pure black for the press. The content stream's fill colour "0 0 0 rg"
 * (cairo's black, which a colour-managed conversion would turn into four
 * inks) becomes DeviceCMYK 0 0 0 1 with overprint on (ExtGState
 * OTRBlackOverprint: op true, OPM 1, so black prints over the colours
 * beneath instead of cutting them out: misregistered plates leave no white
 * edges); every other fill colour and painting operator that uses no
 * fill colour of its own (images, shadings, forms) switches overprint off
 * again (OTRKnockout). ISO 32000-1 sections 7.8.2 (content streams), 8.6.7
 * (overprint), 8.9.7 (inline images). */

#define BLACK_STATE "OTRBlackOverprint"
#define KNOCKOUT_STATE "OTRKnockout"

static int is_delimiter(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
           c == '\0';
}

static int token_is(const unsigned char *token, size_t length, const char *word)
{
    return strlen(word) == length && memcmp(token, word, length) == 0;
}

/* The end of the string, hex string, comment or inline image starting at
 * I, for copying it unchanged. */
static size_t skip_literal(const unsigned char *data, size_t length, size_t i)
{
    int depth = 0;
    for (; i < length; i++) {
        if (data[i] == '\\')
            i++;
        else if (data[i] == '(')
            depth++;
        else if (data[i] == ')' && --depth == 0)
            return i + 1;
    }
    return length;
}

static size_t skip_inline_image(const unsigned char *data, size_t length,
                                size_t i)
{
    /* The dictionary up to ID, then binary data up to EI between white
     * space. */
    for (; i + 1 < length; i++)
        if (data[i] == 'I' && data[i + 1] == 'D' && is_space(data[i - 1]))
            break;
    for (i += 2; i + 2 < length; i++)
        if (is_space(data[i]) && data[i + 1] == 'E' && data[i + 2] == 'I' &&
            (i + 3 == length || is_space(data[i + 3]) ||
             is_delimiter(data[i + 3])))
            return i + 3;
    return length;
}

char *otr_pdf_pure_black_content(const unsigned char *data, size_t length,
                                 size_t *out_length, int *changed)
{
    otr_buf out = {0};
    otr_buf_append(&out, "", 0);
    size_t operands_at = 0; /* where the current operands begin in OUT */
    size_t zeros = 0, operands = 0;
    *changed = 0;
    size_t i = 0;
    while (i < length) {
        unsigned char c = data[i];
        size_t start = i;
        if (is_space(c) || c == '%') {
            /* White space and comments belong to no operand. */
            if (c == '%')
                while (i < length && data[i] != '\n' && data[i] != '\r')
                    i++;
            else
                i++;
            otr_buf_append(&out, (const char *)&data[start], i - start);
            continue;
        }
        if (c == '(') {
            i = skip_literal(data, length, i);
        } else if (c == '<' && i + 1 < length && data[i + 1] == '<') {
            i += 2;
        } else if (c == '>' && i + 1 < length && data[i + 1] == '>') {
            i += 2;
        } else if (c == '<') {
            while (i < length && data[i] != '>')
                i++;
            i = i < length ? i + 1 : length;
        } else if (c == '/') {
            i++;
            while (i < length && !is_space(data[i]) && !is_delimiter(data[i]))
                i++;
        } else if (is_delimiter(c)) {
            i++;
        } else {
            while (i < length && !is_space(data[i]) && !is_delimiter(data[i]))
                i++;
        }
        const unsigned char *token = data + start;
        size_t token_length = i - start;
        int regular = !is_delimiter(c);
        int number = c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9');
        int keyword = regular && !number &&
                      !token_is(token, token_length, "true") &&
                      !token_is(token, token_length, "false") &&
                      !token_is(token, token_length, "null");
        if (!keyword) {
            /* An operand: a number, string, name, array or dictionary
             * bracket. */
            if (operands == 0)
                operands_at = out.len;
            operands++;
            if (token_is(token, token_length, "0"))
                zeros++;
            otr_buf_append(&out, (const char *)token, token_length);
            continue;
        }
        if (operands == 0)
            operands_at = out.len;
        if (token_is(token, token_length, "rg") && operands == 3 &&
            zeros == 3) {
            out.len = operands_at;
            otr_buf_puts(&out, "/" BLACK_STATE " gs 0 0 0 1 k");
            *changed = 1;
        } else {
            if (token_is(token, token_length, "rg") ||
                token_is(token, token_length, "g") ||
                token_is(token, token_length, "k") ||
                token_is(token, token_length, "cs") ||
                token_is(token, token_length, "sc") ||
                token_is(token, token_length, "scn") ||
                token_is(token, token_length, "sh") ||
                token_is(token, token_length, "Do") ||
                token_is(token, token_length, "BI")) {
                char *operand_text = otr_xstrdup(out.data + operands_at);
                out.len = operands_at;
                otr_buf_puts(&out, "/" KNOCKOUT_STATE " gs ");
                otr_buf_puts(&out, operand_text);
                free(operand_text);
            }
            if (token_is(token, token_length, "BI"))
                i = skip_inline_image(data, length, i);
            otr_buf_append(&out, (const char *)token, i - start);
        }
        operands = zeros = 0;
    }
    *out_length = out.len;
    return otr_buf_take(&out);
}

/* Adds the two graphics states to RESOURCES (a dictionary). */
static void add_black_states(qpdf_data qpdf, qpdf_oh resources)
{
    qpdf_oh states = lib.qpdf_oh_get_key(qpdf, resources, "/ExtGState");
    if (!lib.qpdf_oh_is_dictionary(qpdf, states)) {
        states = lib.qpdf_oh_new_dictionary(qpdf);
        lib.qpdf_oh_replace_key(qpdf, resources, "/ExtGState", states);
    }
    lib.qpdf_oh_replace_key(
        qpdf, states, "/" BLACK_STATE,
        lib.qpdf_oh_parse(qpdf, "<< /Type /ExtGState /op true /OPM 1 >>"));
    lib.qpdf_oh_replace_key(
        qpdf, states, "/" KNOCKOUT_STATE,
        lib.qpdf_oh_parse(qpdf, "<< /Type /ExtGState /op false >>"));
}

/* Rewrites one content stream; returns -1 when qpdf cannot decode it. */
static int pure_black_stream(qpdf_data qpdf, qpdf_oh stream)
{
    unsigned char *data = NULL;
    size_t length = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if ((lib.qpdf_oh_get_stream_data(qpdf, stream, qpdf_dl_generalized,
                                     &filtered, &data, &length) &
         QPDF_ERRORS) ||
        !filtered) {
        free(data);
        return -1;
    }
    size_t out_length = 0;
    int changed = 0;
    char *out = otr_pdf_pure_black_content(data, length, &out_length, &changed);
    free(data);
    lib.qpdf_oh_replace_stream_data(qpdf, stream, (const unsigned char *)out,
                                    out_length, lib.qpdf_oh_new_null(qpdf),
                                    lib.qpdf_oh_new_null(qpdf));
    free(out);
    return 0;
}

/* The forms a resource dictionary names, rewritten once each (by object
 * number in SEEN, COUNT entries long). */
static int pure_black_resources(qpdf_data qpdf, qpdf_oh resources,
                                unsigned char *seen, int count);

static int pure_black_form(qpdf_data qpdf, qpdf_oh form, unsigned char *seen,
                           int count)
{
    int id = lib.qpdf_oh_get_object_id(qpdf, form);
    if (id > 0 && id < count) {
        if (seen[id])
            return 0;
        seen[id] = 1;
    }
    qpdf_oh dict = lib.qpdf_oh_get_dict(qpdf, form);
    if (!lib.qpdf_oh_is_name_and_equals(
            qpdf, lib.qpdf_oh_get_key(qpdf, dict, "/Subtype"), "/Form"))
        return 0;
    qpdf_oh resources = lib.qpdf_oh_get_key(qpdf, dict, "/Resources");
    if (!lib.qpdf_oh_is_dictionary(qpdf, resources)) {
        resources = lib.qpdf_oh_new_dictionary(qpdf);
        lib.qpdf_oh_replace_key(qpdf, dict, "/Resources", resources);
    }
    add_black_states(qpdf, resources);
    if (pure_black_stream(qpdf, form) < 0)
        return -1;
    return pure_black_resources(qpdf, resources, seen, count);
}

static int pure_black_resources(qpdf_data qpdf, qpdf_oh resources,
                                unsigned char *seen, int count)
{
    qpdf_oh objects = lib.qpdf_oh_get_key(qpdf, resources, "/XObject");
    if (!lib.qpdf_oh_is_dictionary(qpdf, objects))
        return 0;
    /* qpdf iterates one dictionary at a time: take the keys first. */
    size_t key_count = 0, capacity = 0;
    char **keys = NULL;
    lib.qpdf_oh_begin_dict_key_iter(qpdf, objects);
    while (lib.qpdf_oh_dict_more_keys(qpdf)) {
        keys = otr_grow(keys, &capacity, key_count + 1, sizeof *keys);
        keys[key_count++] = otr_xstrdup(lib.qpdf_oh_dict_next_key(qpdf));
    }
    int rc = 0;
    for (size_t i = 0; i < key_count; i++) {
        qpdf_oh object = lib.qpdf_oh_get_key(qpdf, objects, keys[i]);
        if (rc == 0 && lib.qpdf_oh_is_stream(qpdf, object))
            rc = pure_black_form(qpdf, object, seen, count);
        free(keys[i]);
    }
    free(keys);
    return rc;
}

int otr_pdf_pure_black(const char *in, const char *out, const char **error)
{
    *error = otr_dynlib_load(&libqpdf);
    if (*error)
        return -1;
    qpdf_data qpdf = lib.qpdf_init();
    lib.qpdf_silence_errors(qpdf);
    unsigned char *seen = NULL;
    int rc = -1;
    if (lib.qpdf_read(qpdf, in, NULL) & QPDF_ERRORS) {
        *error = "qpdf cannot read the document";
        goto cleanup;
    }
    int count = lib.qpdf_oh_get_int_value_as_int(
        qpdf, lib.qpdf_oh_get_key(qpdf, lib.qpdf_get_trailer(qpdf), "/Size"));
    if (count < 1)
        count = 1;
    seen = otr_xcalloc((size_t)count, 1);
    int pages = lib.qpdf_get_num_pages(qpdf);
    for (int p = 0; p < pages; p++) {
        qpdf_oh page = lib.qpdf_get_page_n(qpdf, (size_t)p);
        qpdf_oh resources = lib.qpdf_oh_get_key(qpdf, page, "/Resources");
        if (!lib.qpdf_oh_is_dictionary(qpdf, resources)) {
            resources = lib.qpdf_oh_new_dictionary(qpdf);
            lib.qpdf_oh_replace_key(qpdf, page, "/Resources", resources);
        }
        add_black_states(qpdf, resources);
        qpdf_oh contents = lib.qpdf_oh_get_key(qpdf, page, "/Contents");
        int failed = 0;
        if (lib.qpdf_oh_is_array(qpdf, contents)) {
            int n = lib.qpdf_oh_get_array_n_items(qpdf, contents);
            for (int i = 0; i < n && !failed; i++)
                failed = pure_black_stream(qpdf, lib.qpdf_oh_get_array_item(
                                                     qpdf, contents, i)) < 0;
        } else if (lib.qpdf_oh_is_stream(qpdf, contents)) {
            failed = pure_black_stream(qpdf, contents) < 0;
        }
        if (failed || pure_black_resources(qpdf, resources, seen, count) < 0) {
            *error = "qpdf cannot decode a content stream";
            goto cleanup;
        }
    }
    if (lib.qpdf_init_write(qpdf, out) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    lib.qpdf_set_deterministic_ID(qpdf, QPDF_TRUE);
    lib.qpdf_set_compress_streams(qpdf, QPDF_TRUE);
    if (lib.qpdf_write(qpdf) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(seen);
    lib.qpdf_cleanup(&qpdf);
    return rc;
}
