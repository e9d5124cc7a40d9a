#include "pdfedit.h"

#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>

static void box(char *out, size_t size, const double r[4])
{
    snprintf(out, size, "[%.4f %.4f %.4f %.4f]", r[0], r[1], r[2], r[3]);
}

int otr_pdf_set_boxes(const char *in, const char *out, const double trim[4],
                      const double bleed[4], const char **error)
{
    qpdf_data qpdf = qpdf_init();
    qpdf_silence_errors(qpdf);
    int rc = -1;
    if (qpdf_read(qpdf, in, NULL) & QPDF_ERRORS) {
        *error = "qpdf cannot read the document";
        goto cleanup;
    }
    char trim_box[128], bleed_box[128];
    box(trim_box, sizeof trim_box, trim);
    box(bleed_box, sizeof bleed_box, bleed);
    int pages = qpdf_get_num_pages(qpdf);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = qpdf_get_page_n(qpdf, (size_t)i);
        qpdf_oh_replace_key(qpdf, page, "/TrimBox",
                            qpdf_oh_parse(qpdf, trim_box));
        qpdf_oh_replace_key(qpdf, page, "/BleedBox",
                            qpdf_oh_parse(qpdf, bleed_box));
    }
    if (qpdf_init_write(qpdf, out) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    qpdf_set_deterministic_ID(qpdf, QPDF_TRUE);
    if (qpdf_write(qpdf) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    rc = 0;
cleanup:
    qpdf_cleanup(&qpdf);
    return rc;
}

int otr_pdf_join(const char *const *paths, size_t count, const char *out,
                 const char **error)
{
    if (count == 0) {
        *error = "nothing to join";
        return -1;
    }
    /* Pages added from another file keep reading their streams from it
     * until the result is written: every file stays open until then. */
    qpdf_data *files = calloc(count, sizeof(qpdf_data));
    if (!files)
        abort();
    int rc = -1;
    for (size_t i = 0; i < count; i++) {
        files[i] = qpdf_init();
        qpdf_silence_errors(files[i]);
        if (qpdf_read(files[i], paths[i], NULL) & QPDF_ERRORS) {
            *error = "qpdf cannot read a part";
            goto cleanup;
        }
    }
    for (size_t i = 1; i < count; i++) {
        int pages = qpdf_get_num_pages(files[i]);
        for (int p = 0; p < pages; p++) {
            qpdf_oh page = qpdf_get_page_n(files[i], (size_t)p);
            if (qpdf_add_page(files[0], files[i], page, QPDF_FALSE) &
                QPDF_ERRORS) {
                *error = "qpdf cannot join the parts";
                goto cleanup;
            }
        }
    }
    if (qpdf_init_write(files[0], out) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    qpdf_set_deterministic_ID(files[0], QPDF_TRUE);
    if (qpdf_write(files[0]) & QPDF_ERRORS) {
        *error = "qpdf cannot write the document";
        goto cleanup;
    }
    rc = 0;
cleanup:
    for (size_t i = 0; i < count; i++)
        if (files[i])
            qpdf_cleanup(&files[i]);
    free(files);
    return rc;
}
