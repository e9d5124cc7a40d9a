#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "url.h"
#include "util.h"

#define LRI OTR_LRI
#define FSI OTR_FSI
#define PDI OTR_PDI

typedef struct {
    const otr_compose_input *input;
    otr_diags *diags;
    int failed;
} composer;

/* Where a frame's children are placed: the physical left edge and top of
 * their container (page or tile) in mm, its width, and whether positions
 * count from the right (right-to-left text). */
typedef struct {
    double x, y, width;
    int rtl;
} container;

static otr_item *new_item(otr_display_page *page, otr_item_kind kind,
                          const otr_frame *frame)
{
    page->items =
        otr_grow(page->items, &page->cap, page->count + 1, sizeof(otr_item));
    otr_item *item = &page->items[page->count++];
    memset(item, 0, sizeof(*item));
    item->kind = kind;
    item->frame = frame;
    return item;
}

/* Sets ITEM's box from FRAME's logical position in BOX (mirrored for
 * right-to-left unless the frame opts out). */
static void place(otr_item *item, const otr_frame *frame, const container *box)
{
    double x = box->x + frame->x;
    if (box->rtl && frame->mirror)
        x = box->x + box->width - frame->x - frame->width;
    item->x = OTR_MM_TO_PT(x);
    item->y = OTR_MM_TO_PT(box->y + frame->y);
    item->width = OTR_MM_TO_PT(frame->width);
    item->height = OTR_MM_TO_PT(frame->height);
}

static void free_item(otr_item *item)
{
    free(item->text);
    free(item->link);
    free(item->src);
    if (item->layout)
        g_object_unref(item->layout);
    otr_qr_free(item->qr);
}

/* Shortens long text for messages, at a character boundary, without the
 * invisible isolates. */
static char *excerpt(const char *text)
{
    otr_buf out = {0};
    size_t chars = 0;
    for (const char *p = text; *p; p++) {
        if (strncmp(p, LRI, 3) == 0 || strncmp(p, FSI, 3) == 0 ||
            strncmp(p, PDI, 3) == 0) {
            p += 2;
            continue;
        }
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > 60) {
            otr_buf_puts(&out, "...");
            break;
        }
        if (*p == '\n')
            otr_buf_puts(&out, " ");
        else
            otr_buf_append(&out, p, 1);
    }
    return otr_buf_take(&out);
}

/* The URL of page KIND for the document's record in LANG, with tracking,
 * or NULL after reporting. */
static char *record_url(composer *c, otr_url_kind kind, const char *lang,
                        const otr_offer *offer, otr_mark mark)
{
    const otr_compose_input *input = c->input;
    const char *id = NULL;
    if (kind == OTR_URL_OFFER && offer)
        id = offer->id;
    else if (kind == input->layout->record)
        id = input->record_id;
    if (kind != OTR_URL_SITE && !id) {
        otr_error_at(c->diags, mark, 412,
                     "a link to a %s page needs a layout about a %s",
                     otr_url_kind_name(kind), otr_url_kind_name(kind));
        c->failed = 1;
        return NULL;
    }
    const char *page = NULL;
    if (kind == OTR_URL_OFFER && offer)
        page = otr_record_page(&offer->urls, lang);
    else if (kind == OTR_URL_OFFER && input->offer)
        page = otr_record_page(&input->offer->urls, lang);
    else if (kind == OTR_URL_EVENT && input->event)
        page = otr_record_page(&input->event->urls, lang);
    return otr_site_record_url(input->site, kind, lang, id, page,
                               input->layout->name, input->campaign);
}

/* Lays TEXT out in ITEM's box in STYLE. Reports what does not fit. */
static void lay_out_text(composer *c, otr_item *item, const char *lang, int rtl,
                         const otr_style *style, otr_align align, int align_rtl,
                         otr_valign valign, int max_lines, otr_mark mark,
                         const char *frame_name)
{
    item->lang = lang;
    item->rtl = rtl;
    item->color = style->color;
    otr_text_fit fit;
    otr_text_fit_layout(c->input->fonts, item->text, lang, rtl, style, align,
                        align_rtl, item->width, item->height, max_lines, &fit);
    if (fit.missing_glyphs) {
        char *shown = excerpt(item->text);
        otr_error_at(c->diags, mark, 401,
                     "frame \"%s\", language %s: %d character(s) in \"%s\" "
                     "have no glyph in the bundled fonts",
                     frame_name, lang, fit.missing_glyphs, shown);
        free(shown);
        c->failed = 1;
    }
    if (!fit.fits) {
        char *shown = excerpt(item->text);
        char *reason;
        if (max_lines && fit.lines > max_lines)
            reason = otr_xasprintf("needs %d lines, the frame allows %d",
                                   fit.lines, max_lines);
        else if (fit.height > item->height + 0.01)
            reason = otr_xasprintf("needs %.1f mm of height, the frame has "
                                   "%.1f mm",
                                   OTR_PT_TO_MM(fit.height),
                                   OTR_PT_TO_MM(item->height));
        else
            reason = otr_xstrdup("a word is wider than the frame");
        otr_error_at(c->diags, mark, 402,
                     "frame \"%s\", language %s: text does not fit even at "
                     "the minimum size %gpt (%s): \"%s\"",
                     frame_name, lang, style->min_size, reason, shown);
        free(reason);
        free(shown);
        c->failed = 1;
    }
    item->size = fit.size;
    double spare = item->height - fit.height;
    if (spare > 0 && valign == OTR_VALIGN_MIDDLE)
        item->text_offset = spare / 2;
    else if (spare > 0 && valign == OTR_VALIGN_BOTTOM)
        item->text_offset = spare;
    item->layout = fit.layout;
    fit.layout = NULL;
    otr_text_fit_clear(&fit);
}

static void compose_text(composer *c, otr_display_page *page,
                         const otr_frame *frame, const container *box,
                         const otr_bind_ctx *ctx)
{
    char *text = otr_bind_text(ctx, frame->text, frame->text_mark, 1, c->diags);
    if (!text) {
        c->failed = 1;
        return;
    }
    if (!*text) { /* only optional data, and this record has none */
        free(text);
        return;
    }
    otr_item *item = new_item(page, OTR_ITEM_TEXT, frame);
    place(item, frame, box);
    item->text = text;
    lay_out_text(c, item, ctx->lang->code, ctx->lang->rtl, frame->style,
                 frame->align, box->rtl, frame->valign, frame->max_lines,
                 frame->text_mark, frame->name);
    if (frame->has_link)
        item->link = record_url(c, frame->link, ctx->lang->code, ctx->offer,
                                frame->mark);
}

static void compose_qr(composer *c, otr_display_page *page,
                       const otr_frame *frame, const container *box,
                       const otr_language *lang)
{
    char *url = record_url(c, frame->url, lang->code, NULL, frame->mark);
    if (!url)
        return;
    otr_item *item = new_item(page, OTR_ITEM_QR, frame);
    place(item, frame, box);
    item->link = url;
    item->color = frame->dark;
    item->qr = otr_qr_encode(url, (otr_qr_ecc)frame->ecc);
    if (!item->qr) {
        otr_error_at(c->diags, frame->mark, 410,
                     "frame \"%s\": the URL is too long for a QR code: %s",
                     frame->name, url);
        c->failed = 1;
        return;
    }
    /* The frame holds the symbol and its 4-module quiet zone. */
    int modules = otr_qr_width(item->qr) + 8;
    item->module = item->width / modules;
    double module_mm = OTR_PT_TO_MM(item->module);
    if (module_mm + 1e-9 < frame->min_module) {
        otr_error_at(c->diags, frame->mark, 411,
                     "frame \"%s\", language %s: QR module is %.2f mm, below "
                     "the minimum %.2f mm (make the frame at least %.1f mm "
                     "wide or the URL shorter)",
                     frame->name, lang->code, module_mm, frame->min_module,
                     frame->min_module * modules);
        c->failed = 1;
    }
}

/* An image file: a path under layouts/, or the record's category icon
 * (under content/). */
static void compose_image(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_category *category, double x, double y,
                          double size)
{
    const otr_compose_input *input = c->input;
    const char *root, *name;
    if (strcmp(frame->src, "{category.icon}") == 0) {
        if (!category) {
            otr_error_at(c->diags, frame->src_mark, 420,
                         "{category.icon}: this record has no category");
            c->failed = 1;
            return;
        }
        root = input->content_dir;
        name = category->icon;
    } else {
        root = input->layouts_dir;
        name = frame->src;
    }
    char *path = otr_path_join(root, name);
    const char *error = NULL;
    const otr_image *image = otr_images_get(input->images, root, name, &error);
    if (!image) {
        otr_error_at(c->diags, frame->src_mark, 421, "%s: %s", path, error);
        free(path);
        c->failed = 1;
        return;
    }
    otr_item *item = new_item(page, OTR_ITEM_IMAGE, frame);
    if (box) {
        place(item, frame, box);
    } else {
        item->x = x;
        item->y = y;
        item->width = item->height = size;
    }
    item->image = image;
    item->src = path;
}

static void compose_frame(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *ctx);

/* One tile per site language, each in its own language and direction. */
static void compose_tiles(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *page_ctx)
{
    const otr_compose_input *input = c->input;
    const otr_site *site = input->site;
    size_t tiles = (size_t)frame->columns * (size_t)frame->rows;
    if (site->language_count > tiles) {
        otr_error_at(c->diags, frame->mark, 422,
                     "frame \"%s\" has %zu tiles for %zu languages",
                     frame->name, tiles, site->language_count);
        c->failed = 1;
        return;
    }
    double tile_width =
        (frame->width - frame->gap * (frame->columns - 1)) / frame->columns;
    double tile_height =
        (frame->height - frame->gap * (frame->rows - 1)) / frame->rows;
    double frame_x = box->x + frame->x;
    if (box->rtl && frame->mirror)
        frame_x = box->x + box->width - frame->x - frame->width;
    for (size_t i = 0; i < site->language_count; i++) {
        int column = (int)(i % (size_t)frame->columns);
        int row = (int)(i / (size_t)frame->columns);
        double offset = column * (tile_width + frame->gap);
        container tile = {
            .x = box->rtl ? frame_x + frame->width - offset - tile_width
                          : frame_x + offset,
            .y = box->y + frame->y + row * (tile_height + frame->gap),
            .width = tile_width,
            .rtl = site->languages[i].rtl,
        };
        otr_bind_ctx ctx = *page_ctx;
        ctx.lang = &site->languages[i];
        ctx.strings = &input->all_strings[i];
        for (size_t k = 0; k < frame->child_count; k++)
            compose_frame(c, page, &frame->children[k], &tile, &ctx);
    }
}

static void compose_frame(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *ctx)
{
    if (frame->secondary && !c->input->lang2)
        return; /* a document in one language */
    otr_bind_ctx local = *ctx;
    if (frame->secondary) {
        local.lang = c->input->lang2;
        local.strings = c->input->strings2;
    }
    switch (frame->kind) {
    case OTR_FRAME_RECT: {
        otr_item *item = new_item(page, OTR_ITEM_RECT, frame);
        place(item, frame, box);
        item->color = frame->fill;
        if (frame->fill_category) {
            if (local.category) {
                item->color = local.category->color;
            } else {
                otr_error_at(c->diags, frame->mark, 420,
                             "fill: category, but this record has no "
                             "category");
                c->failed = 1;
            }
        }
        item->radius = OTR_MM_TO_PT(frame->radius);
        break;
    }
    case OTR_FRAME_TEXT:
        compose_text(c, page, frame, box, &local);
        break;
    case OTR_FRAME_QR:
        compose_qr(c, page, frame, box, local.lang);
        break;
    case OTR_FRAME_IMAGE:
        compose_image(c, page, frame, box, local.category, 0, 0, 0);
        break;
    case OTR_FRAME_TILES:
        compose_tiles(c, page, frame, box, &local);
        break;
    case OTR_FRAME_LIST:
        break; /* placed by the list flow */
    }
}

/* ---- Lists: offers near a shelter, grouped by category, flowed over
 * columns and pages ----------------------------------------------------- */

typedef struct {
    const otr_offer *offer;
    double km;
} nearby_offer;

static int by_distance(const void *a, const void *b)
{
    const nearby_offer *x = a, *y = b;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return strcmp(x->offer->id, y->offer->id);
}

/* A block placed as a whole: a category header, or an entry. */
typedef struct {
    const otr_category *category; /* headers */
    otr_item *lines;              /* entries: text items, positioned later */
    size_t line_count;
    double height; /* pt */
} list_block;

/* Where list blocks go: the list frames of the layout's pages, then of as
 * many continuation pages as needed. */
typedef struct {
    size_t page; /* output page */
    const otr_frame *frame;
} list_region;

typedef struct {
    otr_display_page *pages; /* list items per output page */
    size_t page_count;
    size_t continuation_pages;
} list_output;

static otr_display_page *output_page(list_output *out, size_t page)
{
    if (page >= out->page_count) {
        out->pages =
            otr_xrealloc(out->pages, (page + 1) * sizeof(otr_display_page));
        memset(out->pages + out->page_count, 0,
               (page + 1 - out->page_count) * sizeof(otr_display_page));
        out->page_count = page + 1;
    }
    return &out->pages[page];
}

/* The Nth list region, adding continuation pages as needed; 0 when there
 * is none. */
static int find_region(const otr_layout *layout, size_t n, list_output *out,
                       list_region *region)
{
    size_t seen = 0;
    for (size_t p = 0; p < layout->page_count; p++) {
        const otr_page *page = &layout->pages[p];
        for (size_t f = 0; f < page->frame_count; f++) {
            if (page->frames[f].kind == OTR_FRAME_LIST && seen++ == n) {
                *region = (list_region){p, &page->frames[f]};
                return 1;
            }
        }
    }
    const otr_page *more = layout->continuation;
    if (!more)
        return 0;
    size_t per_page = 0;
    const otr_frame *first = NULL;
    for (size_t f = 0; f < more->frame_count; f++) {
        if (more->frames[f].kind == OTR_FRAME_LIST) {
            if (!first)
                first = &more->frames[f];
            per_page++;
        }
    }
    if (!per_page)
        return 0;
    size_t index = n - seen;
    size_t extra = index / per_page;
    size_t within = index % per_page;
    for (size_t f = 0, k = 0; f < more->frame_count; f++) {
        if (more->frames[f].kind == OTR_FRAME_LIST && k++ == within) {
            *region =
                (list_region){layout->page_count + extra, &more->frames[f]};
            if (extra + 1 > out->continuation_pages)
                out->continuation_pages = extra + 1;
            return 1;
        }
    }
    return 0;
}

static void free_block(list_block *block)
{
    for (size_t k = 0; k < block->line_count; k++)
        free_item(&block->lines[k]);
    free(block->lines);
    memset(block, 0, sizeof(*block));
}

/* Builds an entry's lines for OFFER; returns its height in pt. */
static double build_entry(composer *c, const otr_frame *frame,
                          const nearby_offer *nearby, double width,
                          list_block *block)
{
    block->lines = otr_xcalloc(frame->entry_count + 1, sizeof(otr_item));
    double height = 0;
    for (size_t i = 0; i < frame->entry_count; i++) {
        const otr_entry_line *line = &frame->entry[i];
        if (line->secondary && !c->input->lang2)
            continue;
        otr_bind_ctx ctx = otr_bind_context(c->input, line->secondary);
        ctx.offer = nearby->offer;
        ctx.category = nearby->offer->category;
        ctx.distance_km = nearby->km;
        char *text = otr_bind_text(&ctx, line->text, line->mark, 1, c->diags);
        if (!text) {
            c->failed = 1;
            continue;
        }
        if (!*text) {
            free(text);
            continue;
        }
        otr_item *item = &block->lines[block->line_count++];
        item->kind = OTR_ITEM_TEXT;
        item->frame = frame;
        item->text = text;
        item->width = width;
        item->height = 1e6; /* entries take the height they need */
        lay_out_text(c, item, ctx.lang->code, ctx.lang->rtl, line->style,
                     OTR_ALIGN_START, c->input->lang->rtl, OTR_VALIGN_TOP, 0,
                     line->mark, frame->name);
        PangoRectangle logical;
        pango_layout_get_extents(item->layout, NULL, &logical);
        item->height = (double)logical.height / PANGO_SCALE;
        item->y = height; /* relative to the entry's top */
        height += item->height;
    }
    return height + OTR_MM_TO_PT(frame->entry_gap);
}

static void place_header(composer *c, otr_display_page *page,
                         const otr_frame *frame, const otr_category *category,
                         double x, double y, double width, int rtl)
{
    const otr_compose_input *input = c->input;
    double height = OTR_MM_TO_PT(frame->header_height);
    otr_item *band = new_item(page, OTR_ITEM_RECT, frame);
    band->x = x;
    band->y = y;
    band->width = width;
    band->height = height;
    band->color = category->color;

    double pad = OTR_MM_TO_PT(1);
    double icon = height - 2 * pad;
    double icon_x = rtl ? x + width - pad - icon : x + pad;
    compose_image(c, page,
                  &(otr_frame){.src = "{category.icon}",
                               .src_mark = frame->mark,
                               .name = frame->name},
                  NULL, category, icon_x, y + pad, icon);
    if (page->count && page->items[page->count - 1].kind == OTR_ITEM_IMAGE)
        page->items[page->count - 1].frame = frame;

    otr_bind_ctx ctx = otr_bind_context(input, 0);
    ctx.category = category;
    const char *tmpl = input->lang2 ? "{category.name}" : "{category.name}";
    char *name = otr_bind_text(&ctx, tmpl, frame->mark, 1, c->diags);
    if (name && input->lang2) {
        otr_bind_ctx second = otr_bind_context(input, 1);
        second.category = category;
        char *other = otr_bind_text(&second, tmpl, frame->mark, 1, c->diags);
        if (other) {
            char *both = otr_xasprintf("%s · " FSI "%s" PDI, name, other);
            free(name);
            free(other);
            name = both;
        }
    }
    if (!name) {
        c->failed = 1;
        return;
    }
    otr_item *text = new_item(page, OTR_ITEM_TEXT, frame);
    text->x = rtl ? x + pad : x + icon + 3 * pad;
    text->y = y;
    text->width = width - icon - 4 * pad;
    text->height = height;
    text->text = name;
    /* Two lines at most: a long name in two languages may need them. */
    lay_out_text(c, text, input->lang->code, input->lang->rtl,
                 frame->header_style, OTR_ALIGN_START, rtl, OTR_VALIGN_MIDDLE,
                 2, frame->mark, frame->name);
}

/* Flows the offers near the shelter into the layout's list frames. */
static void flow_list(composer *c, list_output *out)
{
    const otr_compose_input *input = c->input;
    const otr_layout *layout = input->layout;
    list_region region;
    if (!find_region(layout, 0, out, &region))
        return; /* no list in this layout */
    const otr_frame *frame = region.frame;
    const otr_frame *entries = frame; /* how entries look, for all regions */
    if (!entries->entry_count) {
        otr_error_at(c->diags, frame->mark, 425,
                     "list \"%s\" needs \"entry\": the lines of each offer",
                     frame->name);
        c->failed = 1;
        return;
    }
    const otr_shelter *shelter = input->shelter;
    const otr_directory *dir = input->directory;

    nearby_offer *nearby = otr_xcalloc(dir->offer_count + 1, sizeof(*nearby));
    size_t count = 0;
    for (size_t i = 0; i < dir->offer_count; i++) {
        const otr_offer *offer = &dir->offers[i];
        double km = otr_distance_km(shelter->geo.lat, shelter->geo.lon,
                                    offer->geo.lat, offer->geo.lon);
        if (frame->max_km > 0 && km > frame->max_km)
            continue;
        nearby[count++] = (nearby_offer){offer, km};
    }
    qsort(nearby, count, sizeof(*nearby), by_distance);
    if (frame->limit > 0 && count > (size_t)frame->limit)
        count = (size_t)frame->limit;

    /* Group by category, groups in the order of their nearest offer. */
    const otr_category **order =
        otr_xcalloc(dir->category_count + 1, sizeof(otr_category *));
    size_t groups = 0;
    for (size_t i = 0; i < count; i++) {
        size_t g = 0;
        while (g < groups && order[g] != nearby[i].offer->category)
            g++;
        if (g == groups)
            order[groups++] = nearby[i].offer->category;
    }

    size_t region_index = 0, placed = 0;
    int column = 0;
    double used = 0; /* pt from the top of the column */
    int rtl = input->lang->rtl;
    for (size_t g = 0; g < groups && !c->failed; g++) {
        int first = 1;
        for (size_t i = 0; i < count && !c->failed; i++) {
            if (nearby[i].offer->category != order[g])
                continue;
            list_block entry = {0};
            double entry_width = 0, entry_height = 0, column_width = 0;
            double header = 0;
            /* Find the column it fits in; a header stays with its first
             * entry. Lists on continuation pages may have other columns:
             * the entry is laid out again for a new width. */
            for (;;) {
                frame = region.frame;
                column_width = OTR_MM_TO_PT(
                    (frame->width - frame->gap * (frame->columns - 1)) /
                    frame->columns);
                if (column_width != entry_width) {
                    free_block(&entry);
                    entry_height = build_entry(c, entries, &nearby[i],
                                               column_width, &entry);
                    entry_width = column_width;
                }
                header = first ? OTR_MM_TO_PT(entries->header_height + 1) : 0;
                if (used + header + entry_height <=
                    OTR_MM_TO_PT(frame->height) + 0.01)
                    break;
                if (used == 0) {
                    otr_error_at(c->diags, frame->mark, 423,
                                 "list \"%s\": the entry for offer \"%s\" is "
                                 "taller than a whole column",
                                 frame->name, nearby[i].offer->id);
                    c->failed = 1;
                    break;
                }
                used = 0;
                first = 1;
                if (++column == frame->columns) {
                    column = 0;
                    if (!find_region(layout, ++region_index, out, &region)) {
                        otr_error_at(c->diags, frame->mark, 424,
                                     "list \"%s\" is full after %zu of %zu "
                                     "offers: add a \"continue:\" page to the "
                                     "layout or lower \"limit\"",
                                     frame->name, placed, count);
                        c->failed = 1;
                        break;
                    }
                }
            }
            if (c->failed) {
                free_block(&entry);
                break;
            }
            /* Column COLUMN of the region's frame, from the start edge. */
            double frame_x = OTR_MM_TO_PT(frame->x);
            double page_width = OTR_MM_TO_PT(layout->width);
            double width = OTR_MM_TO_PT(frame->width);
            if (rtl && frame->mirror)
                frame_x = page_width - frame_x - width;
            double offset = column * (column_width + OTR_MM_TO_PT(frame->gap));
            double x = rtl ? frame_x + width - offset - column_width
                           : frame_x + offset;
            double top = OTR_MM_TO_PT(frame->y) + used;
            otr_display_page *page = output_page(out, region.page);
            if (header > 0) {
                place_header(c, page, entries, order[g], x, top, column_width,
                             rtl);
                top += header;
                used += header;
            }
            for (size_t k = 0; k < entry.line_count; k++) {
                otr_item *line = new_item(page, OTR_ITEM_TEXT, frame);
                *line = entry.lines[k];
                line->x = x;
                line->y = top + entry.lines[k].y;
            }
            free(entry.lines);
            used += entry_height;
            first = 0;
            placed++;
        }
    }
    free(order);
    free(nearby);
}

otr_display_list *otr_compose(const otr_compose_input *input, otr_diags *diags)
{
    const otr_layout *layout = input->layout;
    composer c = {input, diags, 0};
    otr_display_list *list = otr_xcalloc(1, sizeof(*list));
    list->width = OTR_MM_TO_PT(layout->width);
    list->height = OTR_MM_TO_PT(layout->height);
    list->lang = input->lang->code;

    list_output flowed = {0};
    if (input->shelter)
        flow_list(&c, &flowed);
    size_t pages = layout->page_count + flowed.continuation_pages;
    list->pages = otr_xcalloc(pages, sizeof(otr_display_page));
    list->page_count = pages;

    otr_bind_ctx ctx = otr_bind_context(input, 0);
    ctx.pages = (int)pages;
    if (layout->title) {
        char *tmpl = otr_xasprintf("{%s}", layout->title);
        list->title = otr_bind_text(&ctx, tmpl, layout->mark, 0, diags);
        free(tmpl);
        if (!list->title)
            c.failed = 1;
    }
    if (!list->title)
        list->title = otr_xstrdup(input->site->name);

    container page_box = {0, 0, layout->width, input->lang->rtl};
    for (size_t p = 0; p < pages; p++) {
        const otr_page *template =
            p < layout->page_count ? &layout->pages[p] : layout->continuation;
        ctx.page = (int)p + 1;
        otr_display_page *page = &list->pages[p];
        for (size_t f = 0; f < template->frame_count; f++) {
            const otr_frame *frame = &template->frames[f];
            if (frame->kind != OTR_FRAME_LIST) {
                compose_frame(&c, page, frame, &page_box, &ctx);
                continue;
            }
            /* The flowed entries, in the list frame's place in the order. */
            if (p < flowed.page_count) {
                otr_display_page *from = &flowed.pages[p];
                for (size_t i = 0; i < from->count; i++) {
                    otr_item *item = new_item(page, from->items[i].kind,
                                              from->items[i].frame);
                    *item = from->items[i];
                }
                from->count = 0;
            }
        }
    }
    for (size_t p = 0; p < flowed.page_count; p++) {
        for (size_t i = 0; i < flowed.pages[p].count; i++)
            free_item(&flowed.pages[p].items[i]);
        free(flowed.pages[p].items);
    }
    free(flowed.pages);

    if (c.failed) {
        otr_display_list_free(list);
        return NULL;
    }
    return list;
}

void otr_display_list_free(otr_display_list *list)
{
    if (!list)
        return;
    for (size_t p = 0; p < list->page_count; p++) {
        otr_display_page *page = &list->pages[p];
        for (size_t i = 0; i < page->count; i++)
            free_item(&page->items[i]);
        free(page->items);
    }
    free(list->pages);
    free(list->title);
    free(list);
}

static void dump_color(FILE *out, otr_color c)
{
    fprintf(out, "#%02x%02x%02x", (int)(c.r * 255 + 0.5),
            (int)(c.g * 255 + 0.5), (int)(c.b * 255 + 0.5));
}

/* Isolates and line breaks are invisible; show them so a golden file tells
 * what the reader's direction algorithm gets. */
static void dump_text(FILE *out, const char *text)
{
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (strncmp(p, LRI, 3) == 0) {
            fputs("<LRI>", out);
            p += 2;
        } else if (strncmp(p, FSI, 3) == 0) {
            fputs("<FSI>", out);
            p += 2;
        } else if (strncmp(p, PDI, 3) == 0) {
            fputs("<PDI>", out);
            p += 2;
        } else if (*p == '\n') {
            fputs("\\n", out);
        } else if (*p == '"' || *p == '\\') {
            fprintf(out, "\\%c", *p);
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

void otr_display_list_dump(const otr_display_list *list, FILE *out)
{
    fprintf(out, "document lang=%s size=%.2fx%.2fmm title=", list->lang,
            OTR_PT_TO_MM(list->width), OTR_PT_TO_MM(list->height));
    dump_text(out, list->title);
    fputc('\n', out);
    for (size_t p = 0; p < list->page_count; p++) {
        const otr_display_page *page = &list->pages[p];
        fprintf(out, "page %zu\n", p + 1);
        for (size_t i = 0; i < page->count; i++) {
            const otr_item *item = &page->items[i];
            static const char *const kinds[] = {"rect", "text", "qr", "image"};
            fprintf(out, "  %s %s x=%.2f y=%.2f w=%.2f h=%.2f",
                    kinds[item->kind], item->frame->name, OTR_PT_TO_MM(item->x),
                    OTR_PT_TO_MM(item->y), OTR_PT_TO_MM(item->width),
                    OTR_PT_TO_MM(item->height));
            switch (item->kind) {
            case OTR_ITEM_RECT:
                fputs(" fill=", out);
                dump_color(out, item->color);
                if (item->radius > 0)
                    fprintf(out, " radius=%.2f", OTR_PT_TO_MM(item->radius));
                break;
            case OTR_ITEM_TEXT: {
                PangoAlignment a = pango_layout_get_alignment(item->layout);
                fprintf(out, " lang=%s dir=%s align=%s size=%.1f lines=%d",
                        item->lang, item->rtl ? "rtl" : "ltr",
                        a == PANGO_ALIGN_LEFT    ? "left"
                        : a == PANGO_ALIGN_RIGHT ? "right"
                                                 : "center",
                        item->size, pango_layout_get_line_count(item->layout));
                fputs(" color=", out);
                dump_color(out, item->color);
                fputc(' ', out);
                dump_text(out, item->text);
                break;
            }
            case OTR_ITEM_QR:
                fprintf(out, " version=%d modules=%d module=%.3f",
                        otr_qr_version(item->qr), otr_qr_width(item->qr),
                        OTR_PT_TO_MM(item->module));
                break;
            case OTR_ITEM_IMAGE: {
                const char *base = strrchr(item->src, '/');
                fprintf(out, " src=%s", base ? base + 1 : item->src);
                break;
            }
            }
            if (item->link)
                fprintf(out, " link=%s", item->link);
            fputc('\n', out);
        }
    }
}
