/* Drawing a display list with Cairo and writing it out as PDF, PNG or SVG. */
#ifndef OTR_DRAW_H
#define OTR_DRAW_H

#include <cairo.h>

#include "compose.h"
#include "outreach.h"

/* Draws page PAGE of LIST onto CR, whose user space is in points with the
 * origin at the page's top-left corner. */
void otr_draw_page(cairo_t *cr, const otr_display_list *list, size_t page);

/* Writes LIST to PATH in FORMAT. Nothing appears at PATH (or, for PNG and
 * SVG documents of several pages, at PATH-1.png, PATH-2.png, ...) unless
 * every page was written completely. Returns 0, or -1 after reporting. */
int otr_write_document(const otr_display_list *list, otr_format format,
                       double dpi, const char *path, otr_diags *diags);

#endif
