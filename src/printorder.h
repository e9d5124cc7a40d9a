/* The print order of a batch run: what the print shop is asked to print,
 * grouped by product and format, as print-order.csv and a one-page
 * print-order.pdf. */
#ifndef OTR_PRINTORDER_H
#define OTR_PRINTORDER_H

#include <stddef.h>

#include "text.h"
#include "util.h"

/* One built document, as the order counts it. */
typedef struct {
    const char *product;  /* the layout's name */
    double width, height; /* trim size, mm */
    double bleed;         /* mm beyond the trim on every side; 0: none */
    size_t pages;         /* pages of one copy */
    const char *colour;   /* "RGB" or "CMYK PDF/X-3" */
    const char *paper;    /* free text from the campaign, or NULL */
    const char *language; /* the document's language code */
    long quantity;        /* copies; -1 when the campaign gives none */
} otr_order_item;

/* The colour mode of a document as the manifest and the order name it. */
const char *otr_order_colour(int pdfx);

/* Writes CSV_PATH and PDF_PATH (each through a temporary file renamed at
 * the end, so neither is ever half-written): the COUNT items grouped by
 * product x trim size x bleed x pages x colour x paper, with the number of
 * files, their languages and the sum of their copies (a group with any
 * document without a quantity has none). FAILED documents could not be
 * built: the PDF says that they are missing from the order. TITLE names
 * the campaign. FONTS draws the PDF's text. Returns 0, or -1 after
 * reporting (error E543). */
int otr_print_order_write(otr_fonts *fonts, const char *title,
                          const otr_order_item *items, size_t count,
                          size_t failed, const char *csv_path,
                          const char *pdf_path, otr_diags *diags);

#endif
