/* What cairo cannot do to a finished PDF, done with qpdf's library: page
 * boxes for the print shop (cairo writes only the MediaBox) and joining
 * files page by page. Only pdfedit.c sees qpdf. */
#ifndef OTR_PDFEDIT_H
#define OTR_PDFEDIT_H

#include <stddef.h>

/* Copies the PDF at IN to OUT with every page's TrimBox and BleedBox set to
 * the given rectangles (x0, y0, x1, y1 in points, PDF coordinates). The ID
 * is derived from the content, so the same input gives the same file.
 * Returns 0, or -1 with *ERROR pointing to a static description. */
int otr_pdf_set_boxes(const char *in, const char *out, const double trim[4],
                      const double bleed[4], const char **error);

/* Writes OUT: the pages of the COUNT PDFs at PATHS, in order, with the
 * first file's document information (title, creator, dates). The ID is
 * derived from the content. Returns 0, or -1 with *ERROR set as above. */
int otr_pdf_join(const char *const *paths, size_t count, const char *out,
                 const char **error);

/* The same, with page labels naming the part each page comes from: the
 * pages of PATHS[I] are labelled LABELS[I] (one page) or "LABELS[I] 1",
 * "LABELS[I] 2"... (UTF-8; ISO 32000-1 section 12.4.2), as a viewer shows
 * them in place of page numbers. The first file's structure tree is left
 * out (it would describe its pages only). */
int otr_pdf_join_labelled(const char *const *paths, const char *const *labels,
                          size_t count, const char *out, const char **error);

/* Copies the PDF at IN to OUT with black made press black: every fill
 * colour "0 0 0 rg" in the pages' and forms' content streams becomes
 * DeviceCMYK 0 0 0 1 (the black plate alone) with overprint (op true,
 * OPM 1); other fills, images, shadings and forms knock out as before.
 * Returns 0, or -1 with *ERROR set as above. */
int otr_pdf_pure_black(const char *in, const char *out, const char **error);

/* The content-stream rewrite behind otr_pdf_pure_black, on decoded
 * content (LENGTH bytes): returns the new content (*OUT_LENGTH bytes,
 * NUL-terminated, the caller frees it) and sets *CHANGED when any black
 * was found. Strings, comments and inline images are copied unchanged. */
char *otr_pdf_pure_black_content(const unsigned char *data, size_t length,
                                 size_t *out_length, int *changed);

#endif
