#include "draw.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "qrfont.h"
#include "util.h"

/* Writing glyphs with the text they stand for.
 *
 * Pango shapes and breaks the lines; this part only writes each run's
 * glyphs, so that what a reader extracts is the text that was set. PDF
 * readers (PDFium, pdf.js, poppler, MuPDF) read a right-to-left line by
 * collecting its glyphs left to right, as they appear on the page, and then
 * reversing the right-to-left stretches by the Unicode bidi algorithm
 * (UAX #9). So every run is written left to right, in visual order, and
 * each glyph is tied (through cairo's text clusters, which become the
 * font's /ToUnicode map) to the characters it shows, in that visual order:
 * the two letters of a lam-alef ligature are given alef first, so that the
 * reader's reversal restores lam-alef. A cluster of several glyphs (a letter
 * and its marks) is split into one cluster per glyph where the font's
 * character map says which character each glyph draws; otherwise cairo
 * writes the whole cluster as /ActualText, which every reader handles
 * less well. ZWNJ and ZWJ, which Pango draws no glyph for, are written as
 * the font's own glyph for them where it has one without advance or ink
 * (some fonts draw a visible symbol there), so that copying keeps them.
 *
 * The glyphs and their positions are exactly those pango_cairo_show_layout
 * would draw (the same arithmetic, see pango's pangocairo-render.c), so the
 * pixels are unchanged. */

typedef struct {
    cairo_glyph_t *glyphs;
    size_t glyph_count, glyph_cap;
    cairo_text_cluster_t *clusters;
    size_t cluster_count, cluster_cap;
    otr_buf text; /* the clusters' characters, in visual order */
} glyph_run;

static void add_glyph(glyph_run *run, unsigned long index, double x, double y)
{
    run->glyphs = otr_grow(run->glyphs, &run->glyph_cap, run->glyph_count + 1,
                           sizeof(*run->glyphs));
    run->glyphs[run->glyph_count++] = (cairo_glyph_t){index, x, y};
}

/* Closes a cluster over the glyphs added since FIRST_GLYPH and the text
 * appended since FIRST_BYTE. */
static void add_cluster(glyph_run *run, size_t first_glyph, size_t first_byte)
{
    run->clusters = otr_grow(run->clusters, &run->cluster_cap,
                             run->cluster_count + 1, sizeof(*run->clusters));
    run->clusters[run->cluster_count++] =
        (cairo_text_cluster_t){(int)(run->text.len - first_byte),
                               (int)(run->glyph_count - first_glyph)};
}

/* Appends the characters of TEXT[0..LEN) to OUT, in reverse order when
 * REVERSE. */
static void append_chars(otr_buf *out, const char *text, size_t len,
                         int reverse)
{
    if (!reverse) {
        otr_buf_append(out, text, len);
        return;
    }
    const char *end = text + len;
    while (end > text) {
        const char *start = g_utf8_find_prev_char(text, end);
        otr_buf_append(out, start, (size_t)(end - start));
        end = start;
    }
}

/* The glyph FONT's character map gives C, or 0. */
static hb_codepoint_t nominal_glyph(hb_font_t *font, gunichar c)
{
    hb_codepoint_t glyph = 0;
    if (!hb_font_get_nominal_glyph(font, c, &glyph))
        return 0;
    return glyph;
}

/* Glyphs [FIRST, LAST) of GLYPHS, one cluster of TEXT[0..LEN) (logical
 * order) drawn at X positions XS: adds them to RUN as one cluster, or as one
 * cluster per glyph when the character map assigns every character to a
 * glyph of the cluster and every glyph gets at least one character. */
static void add_cluster_glyphs(glyph_run *run, hb_font_t *font,
                               const PangoGlyphString *glyphs, int first,
                               int last, const double *xs, double y,
                               const char *text, size_t len, int rtl)
{
    int count = last - first;
    size_t first_glyph = run->glyph_count, first_byte = run->text.len;
    int split = count > 1;
    /* owner[k]: the glyph (index from FIRST) character k is drawn by. */
    int owners[64];
    long chars = g_utf8_strlen(text, (gssize)len);
    if (chars > 64 || count > 64)
        split = 0;
    if (split) {
        int used[64] = {0};
        const char *p = text;
        for (long k = 0; k < chars; k++, p = g_utf8_next_char(p)) {
            hb_codepoint_t g = nominal_glyph(font, g_utf8_get_char(p));
            owners[k] = -1;
            for (int j = 0; j < count && g; j++) {
                if (glyphs->glyphs[first + j].glyph == g) {
                    owners[k] = j;
                    used[j] = 1;
                    break;
                }
            }
            if (owners[k] < 0)
                split = 0;
        }
        for (int j = 0; j < count; j++)
            if (!used[j])
                split = 0;
    }
    for (int j = 0; j < count; j++) {
        const PangoGlyphInfo *gi = &glyphs->glyphs[first + j];
        double gy = gi->geometry.y_offset
                        ? y + (double)gi->geometry.y_offset / PANGO_SCALE
                        : y;
        add_glyph(run, gi->glyph, xs[j], gy);
        if (!split)
            continue;
        /* This glyph's characters, in the order of the run. */
        size_t byte = run->text.len;
        const char *p = text;
        otr_buf mine = {0};
        for (long k = 0; k < chars; k++) {
            const char *next = g_utf8_next_char(p);
            if (owners[k] == j)
                otr_buf_append(&mine, p, (size_t)(next - p));
            p = next;
        }
        append_chars(&run->text, mine.data, mine.len, rtl);
        free(mine.data);
        add_cluster(run, run->glyph_count - 1, byte);
    }
    if (!split) {
        append_chars(&run->text, text, len, rtl);
        add_cluster(run, first_glyph, first_byte);
    }
}

/* Writes one run of glyphs whose left edge is at X on baseline Y. */
static void show_run(cairo_t *cr, const char *text, PangoGlyphItem *item,
                     double x, double y)
{
    const PangoGlyphString *glyphs = item->glyphs;
    PangoFont *font = item->item->analysis.font;
    int rtl = item->item->analysis.level % 2;
    const char *item_text = text + item->item->offset;
    int item_len = item->item->length;
    for (int i = 0; i < glyphs->num_glyphs; i++) {
        if (glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
            /* A missing glyph: Pango draws a box with its code. */
            cairo_save(cr);
            cairo_translate(cr, x, y);
            pango_cairo_show_glyph_item(cr, text, item);
            cairo_restore(cr);
            return;
        }
    }
    hb_font_t *hb = pango_font_get_hb_font(font);
    glyph_run run = {0};
    double *xs = otr_xcalloc((size_t)glyphs->num_glyphs + 1, sizeof(double));
    int x_position = 0;
    for (int i = 0; i < glyphs->num_glyphs; i++) {
        const PangoGlyphInfo *gi = &glyphs->glyphs[i];
        xs[i] = x + (double)(x_position + gi->geometry.x_offset) / PANGO_SCALE;
        x_position += gi->geometry.width;
    }
    /* Glyphs are in visual order; log_clusters gives each glyph's cluster
     * start (bytes from the item's start), equal along a cluster. */
    int i = 0;
    while (i < glyphs->num_glyphs) {
        int start = glyphs->log_clusters[i];
        int j = i + 1;
        while (j < glyphs->num_glyphs && glyphs->log_clusters[j] == start)
            j++;
        /* The cluster ends where the next one in logical order starts. */
        int end = item_len;
        for (int k = 0; k < glyphs->num_glyphs; k++)
            if (glyphs->log_clusters[k] > start &&
                glyphs->log_clusters[k] < end)
                end = glyphs->log_clusters[k];
        const char *ctext = item_text + start;
        size_t clen = (size_t)(end - start);
        /* The joiner controls ZWNJ and ZWJ (Pango's empty glyph) are
         * written as the font's glyph for them, if that one is invisible
         * too. Bidi controls are not: the reader's order is visual, where
         * they would mean something else. */
        int visible = 0;
        for (int k = i; k < j; k++)
            if (glyphs->glyphs[k].glyph != PANGO_GLYPH_EMPTY)
                visible++;
        if (visible == j - i) {
            add_cluster_glyphs(&run, hb, glyphs, i, j, xs + i, y, ctext, clen,
                               rtl);
        } else if (visible == 0) {
            gunichar c = g_utf8_get_char(ctext);
            hb_codepoint_t g = nominal_glyph(hb, c);
            hb_glyph_extents_t ink = {0};
            if ((c == 0x200C || c == 0x200D) && g &&
                g_utf8_strlen(ctext, (gssize)clen) == 1 &&
                hb_font_get_glyph_h_advance(hb, g) == 0 &&
                hb_font_get_glyph_extents(hb, g, &ink) && ink.width == 0 &&
                ink.height == 0) {
                size_t first_glyph = run.glyph_count, first_byte = run.text.len;
                add_glyph(&run, g, xs[i], y);
                otr_buf_append(&run.text, ctext, clen);
                add_cluster(&run, first_glyph, first_byte);
            }
        } else {
            /* Visible and empty glyphs mixed: the visible ones alone,
             * carrying the cluster's text. */
            size_t first_glyph = run.glyph_count, first_byte = run.text.len;
            for (int k = i; k < j; k++) {
                const PangoGlyphInfo *gi = &glyphs->glyphs[k];
                if (gi->glyph == PANGO_GLYPH_EMPTY)
                    continue;
                add_glyph(&run, gi->glyph, xs[k],
                          gi->geometry.y_offset
                              ? y + (double)gi->geometry.y_offset / PANGO_SCALE
                              : y);
            }
            append_chars(&run.text, ctext, clen, rtl);
            add_cluster(&run, first_glyph, first_byte);
        }
        i = j;
    }
    if (run.glyph_count > 0) {
        cairo_set_scaled_font(
            cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)));
        cairo_show_text_glyphs(cr, run.text.data, (int)run.text.len, run.glyphs,
                               (int)run.glyph_count, run.clusters,
                               (int)run.cluster_count, 0);
    }
    free(xs);
    free(run.glyphs);
    free(run.clusters);
    free(run.text.data);
}

/* Draws LAYOUT with its top-left corner at X, Y, as pango_cairo_show_layout
 * does, run by run. */
static void show_layout(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    /* Pango starts from cairo's current point, which cairo keeps in fixed
     * point (1/256 device unit): the same rounding, the same pixels. */
    cairo_move_to(cr, x, y);
    cairo_get_current_point(cr, &x, &y);
    cairo_new_path(cr);
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run)
            continue;
        PangoRectangle logical;
        pango_layout_iter_get_run_extents(iter, NULL, &logical);
        int baseline = pango_layout_iter_get_baseline(iter);
        show_run(cr, text, run, x + (double)logical.x / PANGO_SCALE,
                 y + (double)baseline / PANGO_SCALE);
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
}

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

static void release_font_face(void *face)
{
    cairo_font_face_destroy(face);
}

/* The code as the one glyph of its own font (qrfont.h): the same exact
 * path as the outline, which cairo embeds as binary font data instead of
 * formatting every coordinate. Returns -1 when the font cannot be made. */
static int draw_qr_glyph(cairo_t *cr, const otr_item *item, double x0,
                         double y0)
{
    /* One font per code, however many copies a sheet carries. */
    cairo_font_face_t *face = otr_qr_drawing(item->qr);
    if (!face) {
        face = otr_qr_font_face(item->qr);
        if (!face)
            return -1;
        otr_qr_set_drawing(item->qr, face, release_font_face);
    }
    double side = otr_qr_width(item->qr) * item->module;
    cairo_save(cr);
    cairo_set_font_face(cr, face);
    cairo_matrix_t size;
    cairo_matrix_init_scale(&size, side, side);
    cairo_set_font_matrix(cr, &size);
    /* Outlines at their exact positions: no hinting, no rounded advance. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
    cairo_glyph_t glyph = {OTR_QR_GLYPH, x0, y0 + side};
    /* No text behind the glyph: a reader's copy or search finds nothing
     * where the code is (the link and the printed address carry it). */
    cairo_text_cluster_t cluster = {0, 1};
    cairo_show_text_glyphs(cr, "", 0, &glyph, 1, &cluster, 1, 0);
    cairo_restore(cr);
    return 0;
}

/* Sets the colour of text or a code: with OTR_DRAW_PRESS_BLACK a dark
 * neutral colour (a designer's near-black) becomes pure black. */
static void set_ink(cairo_t *cr, otr_color color, int flags)
{
    double high = fmax(color.r, fmax(color.g, color.b));
    double low = fmin(color.r, fmin(color.g, color.b));
    if ((flags & OTR_DRAW_PRESS_BLACK) && high <= 0.25 && high - low <= 0.1)
        color.r = color.g = color.b = 0;
    cairo_set_source_rgb(cr, color.r, color.g, color.b);
}

static void draw_qr(cairo_t *cr, const otr_item *item, int flags)
{
    /* The quiet zone must be light whatever lies behind the frame. */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, item->x, item->y, item->width, item->height);
    cairo_fill(cr);

    double x0 = item->x + 4 * item->module;
    double y0 = item->y + 4 * item->module;
    set_ink(cr, item->color, flags);

    /* In a PDF the modules are one glyph; raster and SVG output draw the
     * outline as a path. Both fill one path: no seams between modules. */
    cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
    if (type == CAIRO_SURFACE_TYPE_PDF && draw_qr_glyph(cr, item, x0, y0) == 0)
        return;

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
                      const otr_item *item, double bleed, int flags)
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
        set_ink(cr, item->color, flags);
        show_layout(cr, item->layout, item->x, item->y + item->text_offset);
        break;
    case OTR_ITEM_QR:
        draw_qr(cr, item, flags);
        break;
    case OTR_ITEM_IMAGE:
        otr_image_draw(item->image, cr, item->x, item->y, item->width,
                       item->height);
        break;
    }
}

void otr_draw_page(cairo_t *cr, const otr_display_list *list, size_t page,
                   double bleed, int flags)
{
    int tagged = flags & OTR_DRAW_TAGGED;
    const otr_display_page *p = &list->pages[page];
    for (size_t i = 0; i < p->count; i++) {
        const otr_item *item = &p->items[i];
        /* Structure tags make the PDF tagged (read aloud in order by screen
         * readers) and keep cairo's link annotations well-formed. */
        const char *tag = item->kind == OTR_ITEM_TEXT ? "P"
                          : item->kind == OTR_ITEM_QR ? "Figure"
                                                      : NULL;
        if (!tag || !tagged) {
            draw_item(cr, list, item, bleed, flags);
            continue;
        }
        cairo_tag_begin(cr, tag, NULL);
        if (item->link) {
            char *attributes = link_attributes(item->link);
            cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes);
            free(attributes);
        }
        draw_item(cr, list, item, bleed, flags);
        if (item->link)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
        cairo_tag_end(cr, tag);
    }
}
