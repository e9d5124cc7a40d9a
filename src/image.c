#include "image.h"

#include <librsvg/rsvg.h>
#include <string.h>

#include "util.h"

struct otr_image {
    RsvgHandle *svg;         /* or */
    cairo_surface_t *raster; /* a PNG */
    double width, height;    /* natural size, for the proportions */
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

otr_image *otr_image_load(const char *path, const char **error)
{
    if (!otr_is_file(path)) {
        *error = "there is no such file";
        return NULL;
    }
    otr_image *image = otr_xcalloc(1, sizeof(*image));
    if (ends_with(path, ".svg")) {
        GError *gerror = NULL;
        image->svg = rsvg_handle_new_from_file(path, &gerror);
        if (!image->svg) {
            *error = gerror && gerror->domain == G_FILE_ERROR
                         ? "cannot read the file"
                         : "not an SVG image librsvg can read";
            g_clear_error(&gerror);
            free(image);
            return NULL;
        }
        /* Proportions from the viewBox, else from the declared size. */
        gboolean has_width, has_height, has_viewbox;
        RsvgLength width, height;
        RsvgRectangle viewbox;
        rsvg_handle_get_intrinsic_dimensions(image->svg, &has_width, &width,
                                             &has_height, &height, &has_viewbox,
                                             &viewbox);
        gdouble w = 0, h = 0;
        if (has_viewbox) {
            w = viewbox.width;
            h = viewbox.height;
        } else {
            rsvg_handle_get_intrinsic_size_in_pixels(image->svg, &w, &h);
        }
        image->width = w > 0 ? w : 1;
        image->height = h > 0 ? h : 1;
    } else if (ends_with(path, ".png")) {
        image->raster = cairo_image_surface_create_from_png(path);
        if (cairo_surface_status(image->raster) != CAIRO_STATUS_SUCCESS) {
            *error = "not a PNG image cairo can read";
            cairo_surface_destroy(image->raster);
            free(image);
            return NULL;
        }
        image->width = cairo_image_surface_get_width(image->raster);
        image->height = cairo_image_surface_get_height(image->raster);
    } else {
        *error = "images must be .svg or .png";
        free(image);
        return NULL;
    }
    return image;
}

void otr_image_free(otr_image *image)
{
    if (!image)
        return;
    if (image->svg)
        g_object_unref(image->svg);
    if (image->raster)
        cairo_surface_destroy(image->raster);
    free(image);
}

/* A handful of files (the category icons and a layout's pictures): a list
 * searched in order is quicker than hashing would be. */
typedef struct {
    char *path;
    otr_image *image;
} cached_image;

struct otr_images {
    cached_image *entries;
    size_t count, cap;
};

otr_images *otr_images_new(void)
{
    return otr_xcalloc(1, sizeof(otr_images));
}

void otr_images_free(otr_images *images)
{
    if (!images)
        return;
    for (size_t i = 0; i < images->count; i++) {
        free(images->entries[i].path);
        otr_image_free(images->entries[i].image);
    }
    free(images->entries);
    free(images);
}

const otr_image *otr_images_get(otr_images *images, const char *path,
                                const char **error)
{
    for (size_t i = 0; i < images->count; i++)
        if (strcmp(images->entries[i].path, path) == 0)
            return images->entries[i].image;
    otr_image *image = otr_image_load(path, error);
    if (!image)
        return NULL;
    images->entries = otr_grow(images->entries, &images->cap, images->count + 1,
                               sizeof(cached_image));
    images->entries[images->count++] = (cached_image){otr_xstrdup(path), image};
    return image;
}

void otr_image_draw(const otr_image *image, cairo_t *cr, double x, double y,
                    double w, double h)
{
    double scale = w / image->width;
    if (image->height * scale > h)
        scale = h / image->height;
    double dw = image->width * scale, dh = image->height * scale;
    double dx = x + (w - dw) / 2, dy = y + (h - dh) / 2;
    if (image->svg) {
        RsvgRectangle viewport = {dx, dy, dw, dh};
        rsvg_handle_render_document(image->svg, cr, &viewport, NULL);
    } else {
        cairo_save(cr);
        cairo_translate(cr, dx, dy);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, image->raster, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
    }
}
