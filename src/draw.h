/* Drawing a display list with Cairo and writing it out as PDF, PNG or SVG. */
#ifndef OTR_DRAW_H
#define OTR_DRAW_H

#include <cairo.h>
#include <sys/types.h>

#include "compose.h"
#include "outreach.h"

/* Draws page PAGE of LIST onto CR, whose user space is in points with the
 * origin at the page's top-left corner. With BLEED (pt) > 0, rectangles that
 * touch the page's edge reach that far beyond it, for trimming. FLAGS
 * (below): OTR_DRAW_TAGGED wraps text and codes in structure tags with their
 * links, as a document needs them; a thumbnail does without. */
void otr_draw_page(cairo_t *cr, const otr_display_list *list, size_t page,
                   double bleed, int flags);

/* otr_draw_page's FLAGS. */
#define OTR_DRAW_TAGGED 1 /* structure tags and links */
/* Text and QR codes in dark neutral colours (each channel at most 25 %,
 * within 10 % of each other) drawn in pure black, which the PDF/X step
 * puts on the black plate alone. */
#define OTR_DRAW_PRESS_BLACK 2

/* Print-shop output: bleed, crop marks, TrimBox and BleedBox. */
#define OTR_BLEED_MM 3.0
#define OTR_SLUG_MM 10.0 /* trim to sheet edge: bleed, then the crop marks */

/* How the pages went onto office sheets (--sheet). */
typedef struct {
    size_t pages;  /* sheets (pages of the file) written */
    char text[80]; /* "4 per sheet", "scaled to 68%", "tiled on 4 sheets
                      (2x2)"; "" without a sheet */
} otr_sheet_fit;

#define OTR_SHEET_MARGIN_MM 5.0
#define OTR_SHEET_MIN_TEXT_PT 6.0
#define OTR_TILE_OVERLAP_MM 10.0

/* Writes LIST to PATH in FORMAT. Nothing appears at PATH (or, for PNG and
 * SVG documents of several pages, at PATH-1.png, PATH-2.png, ...) unless
 * every page was written completely. PRINT_SHOP (PDF only) adds bleed and
 * crop marks and sets the page boxes; PDFX (PDF only) makes PDF/X
 * (pdfx.h) with dark text and codes in black ink only; SHEET (PDF only; "A4",
 * or NULL) puts as many copies of each page as fit on sheets of that paper,
 * with cut lines, backs mirrored for duplex. Returns 0, or -1 after reporting.
 */
/*
 * A page larger than the sheet is scaled down to fit inside the sheet's
 * 5 mm margins (office printers do not print to the edge), in the
 * orientation that keeps it largest; where that would print its smallest
 * text below OTR_SHEET_MIN_TEXT_PT, it is tiled instead: printed at full
 * size on as many sheets as it takes, with OTR_TILE_OVERLAP_MM overlap,
 * a dashed line in the middle of each overlap to trim and lay the sheets
 * together on, crop marks at the page's corners and a small map of the
 * tiles on each sheet. Either is a warning (E547 scaled, E548 tiled) that
 * says by how much. FIT (may be NULL) receives what was done. */
int otr_write_document(const otr_display_list *list, otr_format format,
                       double dpi, int print_shop, int pdfx, const char *sheet,
                       const char *path, otr_sheet_fit *fit, otr_diags *diags);

/* Destroys CR, finishes and destroys SURFACE; returns the first error
 * either had (cairo errors are sticky: checked once, at the end). */
cairo_status_t otr_cairo_finish(cairo_t *cr, cairo_surface_t *surface);

/* The PDF creation date ("2026-11-27T10:00:00Z"): SOURCE_DATE_EPOCH when
 * set, so rebuilds are byte-identical; otherwise now. */
void otr_pdf_creation_date(char *out, size_t size);

/* Temporary files being written: removed by an interrupted run's signal
 * handler (otr_handle_interrupts). */
void otr_temp_remember(const char *path);
void otr_temp_forget(const char *path);
/* In batch workers: clean up on a signal without a message of their own. */
void otr_interrupt_quietly(void);
/* In the batch parent: pass a signal on to worker PID and wait for it;
 * forget the workers once they have been waited for. */
void otr_interrupt_forward(pid_t pid);
void otr_interrupt_forget_workers(void);

#endif
