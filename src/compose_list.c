/* Lists: offers near a shelter, grouped by category, flowed over columns
 * and pages. */
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "compose_internal.h"
#include "util.h"

#define FSI OTR_FSI
#define PDI OTR_PDI

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
        otr_free_item(&block->lines[k]);
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
        otr_lay_out_text(c, item, &ctx, ctx.lang->code, ctx.lang->rtl,
                         line->style, OTR_ALIGN_START, c->input->lang->rtl,
                         OTR_VALIGN_TOP, 0, line->mark, frame->name);
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
    otr_item *band = otr_new_item(page, OTR_ITEM_RECT, frame);
    band->x = x;
    band->y = y;
    band->width = width;
    band->height = height;
    band->color = category->color;

    double pad = OTR_MM_TO_PT(1);
    double icon = height - 2 * pad;
    double icon_x = rtl ? x + width - pad - icon : x + pad;
    otr_compose_image(c, page,
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
    otr_item *text = otr_new_item(page, OTR_ITEM_TEXT, frame);
    text->x = rtl ? x + pad : x + icon + 3 * pad;
    text->y = y;
    text->width = width - icon - 4 * pad;
    text->height = height;
    text->text = name;
    /* Two lines at most: a long name in two languages may need them. */
    otr_lay_out_text(c, text, &ctx, input->lang->code, input->lang->rtl,
                     frame->header_style, OTR_ALIGN_START, rtl,
                     OTR_VALIGN_MIDDLE, 2, frame->mark, frame->name);
}

/* Flows the offers near the shelter into the layout's list frames. */
void otr_flow_list(composer *c, list_output *out)
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
    /* An offer with errors fails the handouts that list it; one whose
     * position is in doubt every handout, since it may be near. */
    for (size_t i = 0; i < dir->offer_count; i++) {
        const otr_offer *offer = &dir->offers[i];
        int listed = 0;
        for (size_t k = 0; k < count && !listed; k++)
            listed = nearby[k].offer == offer;
        if (offer->problems && (listed || !offer->geo.known)) {
            otr_diags_append(c->diags, offer->problems);
            c->failed = 1;
        }
    }
    if (c->failed) {
        free(nearby);
        return;
    }

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
                otr_item *line = otr_new_item(page, OTR_ITEM_TEXT, frame);
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
