/* Images in layouts: SVG (librsvg) and PNG (cairo). Only image.c sees
 * librsvg.
 *
 * Image files come with the content, which may come from the network, so
 * each is confined to its folder (otr_confined_path) and held to limits
 * before and while it is decoded:
 *   - the file: at most OTR_IMAGE_MAX_FILE_BYTES;
 *   - a PNG: at most OTR_IMAGE_MAX_SIDE pixels on a side and
 *     OTR_IMAGE_MAX_DECODED bytes once decoded (4 bytes a pixel), read from
 *     the IHDR chunk (PNG specification, section 11.2.2) before decoding;
 *   - an SVG: at most OTR_SVG_MAX_ELEMENTS element tags, no DTD entities,
 *     no files it references (librsvg is given no base), librsvg's own
 *     limits (element and reference counts, nesting), and a trial drawing
 *     in a child process held to OTR_SVG_MAX_DRAW_SECONDS of CPU time and
 *     OTR_SVG_MAX_DRAW_BYTES of memory, since librsvg 2.54 cannot stop a
 *     drawing that instantiates <use> elements without end. An SVG that
 *     passed its trial drawing is remembered by the SHA-256 of its bytes in
 *     the user's cache folder ($XDG_CACHE_HOME/outreach/svg-drawn, else
 *     ~/.cache/outreach/svg-drawn): the same bytes are not tried again. A
 *     drawing that failed is never remembered; without a usable cache
 *     folder every SVG is tried. */
#ifndef OTR_IMAGE_H
#define OTR_IMAGE_H

#include <cairo.h>
#include <stddef.h>

#define OTR_IMAGE_MAX_FILE_BYTES (32u * 1024u * 1024u)
#define OTR_IMAGE_MAX_SIDE 16384
#define OTR_IMAGE_MAX_DECODED (128u * 1024u * 1024u)
#define OTR_SVG_MAX_ELEMENTS 50000
#define OTR_SVG_MAX_DRAW_SECONDS 2
#define OTR_SVG_MAX_DRAW_BYTES (512u * 1024u * 1024u)

typedef struct otr_image otr_image;

/* Checks the LEN bytes of the image file called NAME against the limits
 * above that need no decoding: the kind (from NAME's extension), a PNG's
 * signature and pixel dimensions, an SVG's element count and entities.
 * Returns 0, or -1 with *ERROR set to a static sentence. Calls no image
 * library. */
int otr_image_check_bytes(const char *name, const char *data, size_t len,
                          const char **error);

/* Loads the image NAME (.svg or .png, relative to the folder ROOT),
 * confined and limited as described above. Returns NULL and sets *ERROR (a
 * static sentence) when it is refused or cannot be read. Free with
 * otr_image_free. */
otr_image *otr_image_load(const char *root, const char *name,
                          const char **error);
void otr_image_free(otr_image *image);

/* The images a project's documents show, each file loaded once per
 * process: a batch draws the same few icons on thousands of pages. */
typedef struct otr_images otr_images;

otr_images *otr_images_new(void);
void otr_images_free(otr_images *images);

/* The image NAME under ROOT, loaded on first use; it belongs to IMAGES and
 * lives as long as it does. Returns NULL and sets *ERROR as otr_image_load
 * does; a refusal is remembered, so a bad image costs its checks once. */
const otr_image *otr_images_get(otr_images *images, const char *root,
                                const char *name, const char **error);

/* IMAGE's natural width and height (px or SVG user units): for its
 * proportions. */
void otr_image_size(const otr_image *image, double *width, double *height);

/* Draws IMAGE scaled to fit the W x H box at X, Y (pt), centred, keeping
 * its proportions. */
void otr_image_draw(const otr_image *image, cairo_t *cr, double x, double y,
                    double w, double h);

#endif
