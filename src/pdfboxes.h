/* Page boxes for the print shop: cairo writes only the MediaBox, so the
 * TrimBox (the finished size) and the BleedBox (where backgrounds reach) are
 * set afterwards with qpdf's library. Only pdfboxes.c sees qpdf. */
#ifndef OTR_PDFBOXES_H
#define OTR_PDFBOXES_H

/* Copies the PDF at IN to OUT with every page's TrimBox and BleedBox set to
 * the given rectangles (x0, y0, x1, y1 in points, PDF coordinates). The ID
 * is derived from the content, so the same input gives the same file.
 * Returns 0, or -1 with *ERROR pointing to a static description. */
int otr_pdf_set_boxes(const char *in, const char *out, const double trim[4],
                      const double bleed[4], const char **error);

#endif
