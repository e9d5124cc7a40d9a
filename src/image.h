/* Images in layouts: SVG (librsvg) and PNG (cairo). Only image.c sees
 * librsvg. */
#ifndef OTR_IMAGE_H
#define OTR_IMAGE_H

#include <cairo.h>

typedef struct otr_image otr_image;

/* Loads PATH (.svg or .png). Returns NULL and sets *ERROR (a static
 * string) when it cannot be read. Free with otr_image_free. */
otr_image *otr_image_load(const char *path, const char **error);
void otr_image_free(otr_image *image);

/* Draws IMAGE scaled to fit the W x H box at X, Y, centred, keeping its
 * proportions. */
void otr_image_draw(const otr_image *image, cairo_t *cr, double x, double y,
                    double w, double h);

#endif
