/* One file per product: every document of a layout in one language joined
 * into per-product/LAYOUT-LANG.pdf, for a print shop that wants few files
 * rather than hundreds. */
#ifndef OTR_PRODUCTS_H
#define OTR_PRODUCTS_H

#include <stdio.h>

#include "campaign.h"

/* The folder of the per-product files inside the output folder; a campaign
 * cannot write its documents there. */
#define OTR_PRODUCTS_FOLDER "per-product"

/* Writes OUT_DIR/per-product/LAYOUT-LANG.pdf for each layout x language of
 * the COUNT documents DOCS (indexes into CAMPAIGN, in the manifest's
 * order, with their PAGES), their pages in that order, each page labelled with
 * its record's id (the layout's name for a layout about the site); and
 * per-product/products.csv listing them (file, layout, language,
 * documents, pages). A product of which any document FAILED is not made
 * (warning E545; its file from an earlier run is removed). Files that an
 * earlier run listed in products.csv and this run does not make are
 * removed and named on PROGRESS; with MAKE 0 that is every one of them (a
 * run without --per-product leaves none that may no longer match). Each
 * file appears whole or not at all. Returns 0, or -1 after reporting
 * (E544). */
int otr_write_products(const char *out_dir, const otr_campaign *campaign,
                       const size_t *docs, const int *failed,
                       const size_t *pages, size_t count, int make,
                       FILE *progress, otr_diags *diags);

#endif
