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

#endif
