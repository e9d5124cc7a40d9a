#include "draw.h"

#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h,
                         double r)
{
    if (r <= 0) {
        cairo_rectangle(cr, x, y, w, h);
        return;
    }
    if (r > w / 2)
        r = w / 2;
    if (r > h / 2)
        r = h / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
    cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path(cr);
}

/* Link attributes quote the URI in single quotes; escape what would end it. */
static char *link_attributes(const char *uri)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "uri='");
    for (const char *p = uri; *p; p++) {
        if (*p == '\'' || *p == '\\')
            otr_buf_append(&out, "\\", 1);
        otr_buf_append(&out, p, 1);
    }
    otr_buf_puts(&out, "'");
    return otr_buf_take(&out);
}

/* The dark modules as a one-bit image, one pixel per module. */
static cairo_surface_t *qr_mask(const otr_qr *qr)
{
    int width = otr_qr_width(qr);
    cairo_surface_t *mask =
        cairo_image_surface_create(CAIRO_FORMAT_A1, width, width);
    if (cairo_surface_status(mask) != CAIRO_STATUS_SUCCESS)
        return mask;
    cairo_surface_flush(mask);
    unsigned char *data = cairo_image_surface_get_data(mask);
    int stride = cairo_image_surface_get_stride(mask);
    memset(data, 0, (size_t)stride * (size_t)width);
    for (int y = 0; y < width; y++) {
        /* A1 pixels are bits of native-endian 32-bit words. */
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * stride);
        for (int x = 0; x < width; x++) {
            if (!otr_qr_dark(qr, x, y))
                continue;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            row[x / 32] |= UINT32_C(1) << (x % 32);
#else
            row[x / 32] |= UINT32_C(1) << (31 - x % 32);
#endif
        }
    }
    cairo_surface_mark_dirty(mask);
    return mask;
}

static void draw_qr(cairo_t *cr, const otr_item *item)
{
    /* The quiet zone must be light whatever lies behind the frame. */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, item->x, item->y, item->width, item->height);
    cairo_fill(cr);

    double x0 = item->x + 4 * item->module;
    double y0 = item->y + 4 * item->module;
    cairo_set_source_rgb(cr, item->color.r, item->color.g, item->color.b);

    /* In a PDF the modules are a stencil mask (/ImageMask, no
     * interpolation): exact squares at any resolution, a few hundred bytes,
     * and far cheaper for cairo to write than the outline's thousands of
     * coordinates. Raster and SVG output draw the outline, which a browser
     * would not smooth into a blur. */
    cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
    if (type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_PS) {
        cairo_surface_t *mask = qr_mask(item->qr);
        cairo_pattern_t *pattern = cairo_pattern_create_for_surface(mask);
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST);
        cairo_matrix_t matrix;
        /* Pattern space maps to user space: one module per pixel. */
        cairo_matrix_init_scale(&matrix, 1 / item->module, 1 / item->module);
        cairo_matrix_translate(&matrix, -x0, -y0);
        cairo_pattern_set_matrix(pattern, &matrix);
        cairo_mask(cr, pattern);
        cairo_pattern_destroy(pattern);
        cairo_surface_destroy(mask);
        return;
    }

    /* All modules as one path filled once: no seams between neighbours. */
    size_t count = 0;
    const otr_qr_contour *contours = otr_qr_outline(item->qr, &count);
    cairo_new_path(cr);
    for (size_t c = 0; c < count; c++) {
        const otr_qr_contour *contour = &contours[c];
        for (size_t i = 0; i < contour->count; i++) {
            double x = x0 + contour->points[i].x * item->module;
            double y = y0 + contour->points[i].y * item->module;
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_close_path(cr);
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
}

static void draw_item(cairo_t *cr, const otr_display_list *list,
                      const otr_item *item, double bleed)
{
    switch (item->kind) {
    case OTR_ITEM_RECT: {
        /* Backgrounds that reach the edge reach into the bleed, so no white
         * line shows where the print shop's cut wanders. */
        double x = item->x, y = item->y, w = item->width, h = item->height;
        const double edge = 0.01;
        if (bleed > 0 && item->radius <= 0) {
            if (x <= edge) {
                x -= bleed;
                w += bleed;
            }
            if (y <= edge) {
                y -= bleed;
                h += bleed;
            }
            if (x + w >= list->width - edge)
                w += bleed;
            if (y + h >= list->height - edge)
                h += bleed;
        }
        cairo_set_source_rgb(cr, item->color.r, item->color.g, item->color.b);
        rounded_rect(cr, x, y, w, h, item->radius);
        cairo_fill(cr);
        break;
    }
    case OTR_ITEM_TEXT:
        cairo_set_source_rgb(cr, item->color.r, item->color.g, item->color.b);
        cairo_move_to(cr, item->x, item->y + item->text_offset);
        pango_cairo_show_layout(cr, item->layout);
        break;
    case OTR_ITEM_QR:
        draw_qr(cr, item);
        break;
    case OTR_ITEM_IMAGE:
        otr_image_draw(item->image, cr, item->x, item->y, item->width,
                       item->height);
        break;
    }
}

void otr_draw_page(cairo_t *cr, const otr_display_list *list, size_t page,
                   double bleed, int tagged)
{
    const otr_display_page *p = &list->pages[page];
    for (size_t i = 0; i < p->count; i++) {
        const otr_item *item = &p->items[i];
        /* Structure tags make the PDF tagged (read aloud in order by screen
         * readers) and keep cairo's link annotations well-formed. */
        const char *tag = item->kind == OTR_ITEM_TEXT ? "P"
                          : item->kind == OTR_ITEM_QR ? "Figure"
                                                      : NULL;
        if (!tag || !tagged) {
            draw_item(cr, list, item, bleed);
            continue;
        }
        cairo_tag_begin(cr, tag, NULL);
        if (item->link) {
            char *attributes = link_attributes(item->link);
            cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes);
            free(attributes);
        }
        draw_item(cr, list, item, bleed);
        if (item->link)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
        cairo_tag_end(cr, tag);
    }
}
