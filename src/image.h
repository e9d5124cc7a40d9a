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

/* The images a project's documents show, each file loaded once: a batch
 * draws the same few icons on thousands of pages. */
typedef struct otr_images otr_images;

otr_images *otr_images_new(void);
void otr_images_free(otr_images *images);

/* PATH's image, loaded on first use; it belongs to IMAGES and lives as long
 * as it does. Returns NULL and sets *ERROR as otr_image_load does (a failure
 * is not remembered: the next call tries again). */
const otr_image *otr_images_get(otr_images *images, const char *path,
                                const char **error);

/* Draws IMAGE scaled to fit the W x H box at X, Y, centred, keeping its
 * proportions. */
void otr_image_draw(const otr_image *image, cairo_t *cr, double x, double y,
                    double w, double h);

#endif
