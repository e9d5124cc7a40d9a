/* Lists: offers near a shelter, grouped by category, flowed over columns
 * and pages, below a box of emergency numbers (docs/design.md, "The
 * shelter handout"). */
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "compose_internal.h"
#include "util.h"

#define FSI OTR_FSI
#define LRI OTR_LRI
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

/* An entry: its text items, laid out for one column width and positioned
 * later. */
typedef struct {
    const nearby_offer *nearby;
    size_t group; /* index into the groups' categories */
    int first;    /* the first entry of its group */
    double width; /* pt the lines were laid out for; 0: not yet */
    otr_item *lines;
    size_t line_count;
    double height; /* pt, with the gap after it */
} list_entry;

/* Where list entries go: the list frames of the layout's pages, then of as
 * many continuation pages as needed. */
typedef struct {
    size_t page;  /* output page */
    size_t extra; /* continuation pages it needs, 0 on the layout's own */
    const otr_frame *frame;
} list_region;

/* Where an entry is placed, and whether a category header goes above it. */
typedef struct {
    size_t region;
    int column;
    double y;   /* pt from the top of the column's space */
    int header; /* 0: none, 1: the category's first, 2: "continued" */
} placement;

typedef struct {
    composer *c;
    const otr_frame *entries; /* how entries look, for all regions */
    list_entry *items;
    size_t count;
    const otr_category **groups;
    double top; /* pt taken by the emergency box in the first region */
    /* Header heights, pt, per group and "continued", for HEADER_WIDTH. */
    double *header_heights;
    double header_width;
} flow;

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

/* The Nth list region; 0 when there is none. */
static int find_region(const otr_layout *layout, size_t n, list_region *region)
{
    size_t seen = 0;
    for (size_t p = 0; p < layout->page_count; p++) {
        const otr_page *page = &layout->pages[p];
        for (size_t f = 0; f < page->frame_count; f++) {
            if (page->frames[f].kind == OTR_FRAME_LIST && seen++ == n) {
                *region = (list_region){p, 0, &page->frames[f]};
                return 1;
            }
        }
    }
    const otr_page *more = layout->continuation;
    if (!more)
        return 0;
    size_t per_page = 0;
    for (size_t f = 0; f < more->frame_count; f++)
        per_page += more->frames[f].kind == OTR_FRAME_LIST;
    if (!per_page)
        return 0;
    size_t index = n - seen;
    size_t extra = index / per_page;
    size_t within = index % per_page;
    for (size_t f = 0, k = 0; f < more->frame_count; f++) {
        if (more->frames[f].kind == OTR_FRAME_LIST && k++ == within) {
            *region = (list_region){layout->page_count + extra, extra + 1,
                                    &more->frames[f]};
            return 1;
        }
    }
    return 0;
}

static double column_width(const otr_frame *frame)
{
    return OTR_MM_TO_PT((frame->width - frame->gap * (frame->columns - 1)) /
                        frame->columns);
}

static void free_lines(list_entry *entry)
{
    for (size_t k = 0; k < entry->line_count; k++)
        otr_free_item(&entry->lines[k]);
    free(entry->lines);
    entry->lines = NULL;
    entry->line_count = 0;
}

/* Lays TEXT (owned by ITEM from now on) out WIDTH pt wide at the height it
 * needs, in the language of CTX; returns that height in pt. */
static double lay_out_block(composer *c, otr_item *item, const otr_frame *frame,
                            const otr_bind_ctx *ctx, char *text,
                            const otr_style *style, double width,
                            otr_align align, otr_mark mark)
{
    item->kind = OTR_ITEM_TEXT;
    item->frame = frame;
    item->text = text;
    item->width = width;
    item->height = 1e6;
    otr_lay_out_text(c, item, ctx, ctx->lang->code, ctx->lang->rtl, style,
                     align, c->input->lang->rtl, OTR_VALIGN_TOP, 0, mark,
                     frame->name);
    if (!item->layout)
        return item->height = 0;
    PangoRectangle logical;
    pango_layout_get_extents(item->layout, NULL, &logical);
    return item->height = (double)logical.height / PANGO_SCALE;
}

/* Lays ENTRY's lines out for WIDTH pt; a line whose data is empty is left
 * out, and a second-language line only in a bilingual document. */
static void build_entry(flow *f, list_entry *entry, double width)
{
    composer *c = f->c;
    const otr_frame *frame = f->entries;
    if (entry->width == width)
        return;
    free_lines(entry);
    entry->width = width;
    entry->lines = otr_xcalloc(frame->entry_count + 1, sizeof(otr_item));
    double height = 0;
    for (size_t i = 0; i < frame->entry_count; i++) {
        const otr_entry_line *line = &frame->entry[i];
        if (line->secondary && !c->input->lang2)
            continue;
        otr_bind_ctx ctx = otr_bind_context(c->input, line->secondary);
        ctx.offer = entry->nearby->offer;
        ctx.category = entry->nearby->offer->category;
        ctx.distance_km = entry->nearby->km;
        char *text = otr_bind_text(&ctx, line->text, line->mark, 1, c->diags);
        if (!text) {
            c->failed = 1;
            continue;
        }
        if (!*text) {
            free(text);
            continue;
        }
        otr_item *item = &entry->lines[entry->line_count++];
        item->y = height; /* relative to the entry's top */
        height += lay_out_block(c, item, frame, &ctx, text, line->style, width,
                                OTR_ALIGN_START, line->mark);
    }
    entry->height = height + OTR_MM_TO_PT(frame->entry_gap);
}

/* The category's name in the document's language(s), with the layout's
 * "continued" note on a header repeated at a column or page break; the
 * caller frees. NULL after reporting. */
static char *header_text(composer *c, const otr_frame *frame,
                         const otr_category *category, int continued)
{
    const otr_compose_input *input = c->input;
    char *names[2] = {NULL, NULL};
    for (int second = 0; second <= (input->lang2 != NULL); second++) {
        otr_bind_ctx ctx = otr_bind_context(input, second);
        ctx.category = category;
        char *tmpl =
            continued && frame->header_continued
                ? otr_xasprintf("{category.name} (%s)", frame->header_continued)
                : otr_xstrdup("{category.name}");
        names[second] = otr_bind_text(&ctx, tmpl, frame->mark, 1, c->diags);
        free(tmpl);
        if (!names[second]) {
            free(names[0]);
            c->failed = 1;
            return NULL;
        }
    }
    if (!names[1])
        return names[0];
    char *both = otr_xasprintf("%s · " FSI "%s" PDI, names[0], names[1]);
    free(names[0]);
    free(names[1]);
    return both;
}

/* A header's icon: a square in the band's first header_height. */
static double header_icon(const otr_frame *frame)
{
    return OTR_MM_TO_PT(frame->header_height) - 2 * OTR_MM_TO_PT(1);
}

/* The band's height for TEXT in a column WIDTH pt wide: header_height, or
 * taller when the name in two languages (and "continued") needs more
 * lines. */
static double header_band(composer *c, const otr_frame *frame, const char *text,
                          double width)
{
    double pad = OTR_MM_TO_PT(1);
    otr_text_fit fit;
    otr_text_fit_layout(c->input->fonts, text, c->input->lang->code,
                        c->input->lang->rtl, frame->header_style,
                        OTR_ALIGN_START, c->input->lang->rtl,
                        width - header_icon(frame) - 4 * pad, 1e6, 0, &fit);
    double height = fit.height + 2 * pad;
    otr_text_fit_clear(&fit);
    double least = OTR_MM_TO_PT(frame->header_height);
    return height > least ? height : least;
}

/* The height a header takes above an entry (HEADER 1: the group's first,
 * 2: continued), with the gap below it; 0 for none. */
static double header_space(flow *f, size_t group, int header, double width)
{
    if (!header)
        return 0;
    if (f->header_width != width) {
        for (size_t i = 0; f->groups[i]; i++)
            f->header_heights[2 * i] = f->header_heights[2 * i + 1] = -1;
        f->header_width = width;
    }
    double *height = &f->header_heights[2 * group + (header == 2)];
    if (*height < 0) {
        char *text =
            header_text(f->c, f->entries, f->groups[group], header == 2);
        *height = text ? header_band(f->c, f->entries, text, width) : 0;
        free(text);
    }
    return *height + OTR_MM_TO_PT(1);
}

static void place_header(composer *c, otr_display_page *page,
                         const otr_frame *frame, const otr_category *category,
                         int continued, double x, double y, double width,
                         double height, int rtl)
{
    const otr_compose_input *input = c->input;
    otr_item *band = otr_new_item(page, OTR_ITEM_RECT, frame);
    band->x = x;
    band->y = y;
    band->width = width;
    band->height = height;
    band->color = category->color;

    double pad = OTR_MM_TO_PT(1);
    double icon = header_icon(frame);
    double icon_x = rtl ? x + width - pad - icon : x + pad;
    otr_compose_image(c, page,
                      &(otr_frame){.src = "{category.icon}",
                                   .src_mark = frame->mark,
                                   .name = frame->name},
                      NULL, category, icon_x, y + pad, icon);
    if (page->count && page->items[page->count - 1].kind == OTR_ITEM_IMAGE)
        page->items[page->count - 1].frame = frame;

    char *name = header_text(c, frame, category, continued);
    if (!name)
        return;
    otr_bind_ctx ctx = otr_bind_context(input, 0);
    ctx.category = category;
    otr_item *text = otr_new_item(page, OTR_ITEM_TEXT, frame);
    text->x = rtl ? x + pad : x + icon + 3 * pad;
    text->y = y;
    text->width = width - icon - 4 * pad;
    text->height = height;
    text->text = name;
    otr_lay_out_text(c, text, &ctx, input->lang->code, input->lang->rtl,
                     frame->header_style, OTR_ALIGN_START, rtl,
                     OTR_VALIGN_MIDDLE, 0, frame->mark, frame->name);
}

/* ---- The emergency box ---------------------------------------------------
 */

/* Binds TMPL in the primary (SECOND 0) or second language; NULL after
 * reporting, "" when only empty data. */
static char *bind_in(composer *c, const char *tmpl, otr_mark mark, int second,
                     const otr_offer *offer, double km)
{
    otr_bind_ctx ctx = otr_bind_context(c->input, second);
    if (offer) {
        ctx.offer = offer;
        ctx.category = offer->category;
        ctx.distance_km = km;
    }
    char *text = otr_bind_text(&ctx, tmpl, mark, 1, c->diags);
    if (!text)
        c->failed = 1;
    return text;
}

/* The box's items, from its top-left corner; moved into place at the end. */
typedef struct {
    composer *c;
    const otr_frame *frame;
    const otr_emergency *box;
    otr_display_page items;
} box_builder;

/* A text in the box at X, Y (pt, from the box's start edge and top), WIDTH
 * wide, in the primary or the second language; returns its height. */
static double box_text(box_builder *b, char *text, int second,
                       const otr_style *style, double x, double y, double width,
                       const char *link)
{
    if (!text)
        return 0;
    if (!*text) {
        free(text);
        return 0;
    }
    otr_bind_ctx ctx = otr_bind_context(b->c->input, second);
    otr_item *item = otr_new_item(&b->items, OTR_ITEM_TEXT, b->frame);
    item->x = x;
    item->y = y;
    double height = lay_out_block(b->c, item, b->frame, &ctx, text, style,
                                  width, OTR_ALIGN_START, b->box->mark);
    item = &b->items.items[b->items.count - 1];
    if (link)
        item->link = otr_xstrdup(link);
    return height;
}

/* "tel:116117" for a number as printed. */
static char *tel_link(const char *number)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "tel:");
    for (const char *p = number; *p; p++)
        if (*p == '+' || (*p >= '0' && *p <= '9'))
            otr_buf_append(&out, p, 1);
    return otr_buf_take(&out);
}

/* A heading in the document's language(s): "primary · second". */
static char *both_languages(composer *c, const char *tmpl, otr_mark mark)
{
    char *first = bind_in(c, tmpl, mark, 0, NULL, 0);
    if (!first || !c->input->lang2)
        return first;
    char *second = bind_in(c, tmpl, mark, 1, NULL, 0);
    if (!second) {
        free(first);
        return NULL;
    }
    char *both = otr_xasprintf("%s · " FSI "%s" PDI, first, second);
    free(first);
    free(second);
    return both;
}

/* Lays out the emergency box of FRAME at the top of REGION's space on its
 * page; returns the height it takes (pt, with the gap below it). The crisis
 * lines are the NEARBY offers (COUNT, nearest first) in categories marked
 * "emergency". */
static double compose_emergency(composer *c, const otr_frame *frame,
                                const list_region *region, list_output *out,
                                const nearby_offer *nearby, size_t count)
{
    const otr_emergency *box = frame->emergency;
    box_builder b = {c, frame, box, {0}};
    const otr_compose_input *input = c->input;
    int rtl = input->lang->rtl;
    double width = OTR_MM_TO_PT(frame->width);
    double pad = OTR_MM_TO_PT(3), bar = OTR_MM_TO_PT(1.5);
    double inner_x = bar + pad, inner = width - bar - 2 * pad;
    double y = pad;

    y += box_text(&b, both_languages(c, box->heading, box->mark), 0,
                  box->heading_style, inner_x, y, inner, NULL);
    y += OTR_MM_TO_PT(1.5);

    /* The fixed numbers, up to three a row. */
    size_t per_row = box->number_count < 3 ? box->number_count : 3;
    double gap = OTR_MM_TO_PT(4);
    double cell = per_row
                      ? (inner - gap * (double)(per_row - 1)) / (double)per_row
                      : inner;
    for (size_t i = 0; i < box->number_count; i += per_row) {
        double row = 0;
        for (size_t k = i; k < i + per_row && k < box->number_count; k++) {
            const otr_emergency_number *number = &box->numbers[k];
            double x = inner_x + (double)(k - i) * (cell + gap);
            char *link = tel_link(number->number);
            double h = box_text(&b, otr_xasprintf(LRI "%s" PDI, number->number),
                                0, box->number_style, x, y, cell, link);
            free(link);
            h +=
                box_text(&b, bind_in(c, number->text, number->mark, 0, NULL, 0),
                         0, box->style, x, y + h, cell, NULL);
            if (input->lang2)
                h += box_text(
                    &b, bind_in(c, number->text, number->mark, 1, NULL, 0), 1,
                    box->second_style, x, y + h, cell, NULL);
            if (h > row)
                row = h;
        }
        y += row + OTR_MM_TO_PT(1.5);
    }

    /* The crisis lines near the shelter, two a row. */
    size_t lines = 0;
    for (size_t i = 0; box->crisis && i < count; i++)
        lines += nearby[i].offer->category->emergency && nearby[i].offer->phone;
    if (lines > (size_t)box->crisis_limit)
        lines = (size_t)box->crisis_limit;
    if (lines) {
        y += OTR_MM_TO_PT(1);
        otr_item *rule = otr_new_item(&b.items, OTR_ITEM_RECT, frame);
        rule->x = inner_x;
        rule->y = y;
        rule->width = inner;
        rule->height = 0.75;
        rule->color = box->accent;
        y += OTR_MM_TO_PT(2);
        y += box_text(&b, both_languages(c, box->crisis, box->mark), 0,
                      box->style, inner_x, y, inner, NULL);
        y += OTR_MM_TO_PT(1);
        double half = (inner - gap) / 2, row = 0;
        for (size_t i = 0, n = 0; i < count && n < lines; i++) {
            const nearby_offer *line = &nearby[i];
            if (!line->offer->category->emergency || !line->offer->phone)
                continue;
            double x = inner_x + (double)(n % 2) * (half + gap);
            char *link = tel_link(line->offer->phone);
            double h = box_text(&b,
                                bind_in(c, "{offer.phone}", box->mark, 0,
                                        line->offer, line->km),
                                0, box->heading_style, x, y, half, link);
            free(link);
            h += box_text(&b,
                          bind_in(c, "{offer.name} · {offer.distance}",
                                  box->mark, 0, line->offer, line->km),
                          0, box->style, x, y + h, half, NULL);
            if (h > row)
                row = h;
            if (++n % 2 == 0 || n == lines) {
                y += row + OTR_MM_TO_PT(1.5);
                row = 0;
            }
        }
    }
    double height = y + pad - OTR_MM_TO_PT(1.5);

    /* Into place: the tint, the accent bar at the start edge, the texts;
     * mirrored for right-to-left. */
    double frame_x = OTR_MM_TO_PT(frame->x);
    if (rtl && frame->mirror)
        frame_x = OTR_MM_TO_PT(input->layout->width) - frame_x - width;
    double top = OTR_MM_TO_PT(frame->y);
    otr_display_page *page = output_page(out, region->page);
    otr_item *tint = otr_new_item(page, OTR_ITEM_RECT, frame);
    *tint = (otr_item){.kind = OTR_ITEM_RECT,
                       .frame = frame,
                       .x = frame_x,
                       .y = top,
                       .width = width,
                       .height = height,
                       .color = box->fill};
    otr_item *accent = otr_new_item(page, OTR_ITEM_RECT, frame);
    *accent = (otr_item){.kind = OTR_ITEM_RECT,
                         .frame = frame,
                         .x = rtl ? frame_x + width - bar : frame_x,
                         .y = top,
                         .width = bar,
                         .height = height,
                         .color = box->accent};
    for (size_t i = 0; i < b.items.count; i++) {
        otr_item *item = otr_new_item(page, b.items.items[i].kind, frame);
        *item = b.items.items[i];
        item->x =
            rtl ? frame_x + width - item->x - item->width : frame_x + item->x;
        item->y += top;
    }
    free(b.items.items);
    return height + OTR_MM_TO_PT(4);
}

/* ---- Flowing the entries -------------------------------------------------
 */

/* Places every entry, filling columns in order; a header stays with the
 * entry below it, and a category continued in a new column gets its
 * header again. The columns of region CAP_REGION hold at most CAP pt (0:
 * no limit). Returns the number of regions used, or 0 after reporting
 * (REPORT) an entry taller than a column or a list that is full. */
static size_t place_all(flow *f, double cap, size_t cap_region, placement *at,
                        int report)
{
    composer *c = f->c;
    const otr_layout *layout = c->input->layout;
    size_t region_index = 0;
    list_region region;
    find_region(layout, 0, &region);
    int column = 0;
    double used = 0;
    for (size_t i = 0; i < f->count; i++) {
        list_entry *entry = &f->items[i];
        int header = entry->first ? 1 : 0;
        for (;;) {
            const otr_frame *frame = region.frame;
            build_entry(f, entry, column_width(frame));
            if (c->failed)
                return 0;
            double space =
                OTR_MM_TO_PT(frame->height) - (region_index == 0 ? f->top : 0);
            if (cap > 0 && region_index == cap_region && cap < space)
                space = cap;
            double need =
                header_space(f, entry->group, header, column_width(frame)) +
                entry->height;
            if (used + need <= space + 0.01)
                break;
            if (used == 0) {
                if (report) {
                    otr_error_at(c->diags, frame->mark, 423,
                                 "list \"%s\": the entry for offer \"%s\" is "
                                 "taller than a whole column",
                                 frame->name, entry->nearby->offer->id);
                    c->failed = 1;
                }
                return 0;
            }
            used = 0;
            if (!header)
                header = 2; /* the category goes on: "continued" */
            if (++column == frame->columns) {
                column = 0;
                if (!find_region(layout, ++region_index, &region)) {
                    if (report) {
                        otr_error_at(c->diags, frame->mark, 424,
                                     "list \"%s\" is full after %zu of %zu "
                                     "offers: add a \"continue:\" page to the "
                                     "layout or lower \"limit\"",
                                     frame->name, i, f->count);
                        c->failed = 1;
                    }
                    return 0;
                }
            }
        }
        at[i] = (placement){region_index, column, used, header};
        used +=
            header_space(f, entry->group, header, column_width(region.frame)) +
            entry->height;
    }
    return region_index + 1;
}

/* Balances the columns of the last region: the smallest column height that
 * still holds its entries, so they end level instead of one full column
 * beside an empty one. */
static void balance(flow *f, size_t regions, placement *at)
{
    const otr_layout *layout = f->c->input->layout;
    list_region last;
    if (!regions || !find_region(layout, regions - 1, &last) ||
        last.frame->columns < 2)
        return;
    placement *trial = otr_xcalloc(f->count + 1, sizeof(placement));
    double low = 0;
    double high = OTR_MM_TO_PT(last.frame->height);
    while (high - low > 0.5) {
        double mid = (low + high) / 2;
        if (place_all(f, mid, regions - 1, trial, 0) == regions)
            high = mid;
        else
            low = mid;
    }
    if (place_all(f, high, regions - 1, trial, 0) == regions)
        memcpy(at, trial, f->count * sizeof(placement));
    free(trial);
}

/* Flows the offers near the shelter into the layout's list frames. */
void otr_flow_list(composer *c, list_output *out)
{
    const otr_compose_input *input = c->input;
    const otr_layout *layout = input->layout;
    list_region region;
    if (!find_region(layout, 0, &region))
        return; /* no list in this layout */
    const otr_frame *frame = region.frame;
    if (!frame->entry_count) {
        otr_error_at(c->diags, frame->mark, 425,
                     "list \"%s\" needs \"entry\": the lines of each offer",
                     frame->name);
        c->failed = 1;
        return;
    }
    const otr_shelter *shelter = input->shelter;
    const otr_directory *dir = input->directory;

    otr_directory_read_phones(dir);
    nearby_offer *nearby = otr_xcalloc(dir->offer_count + 1, sizeof(*nearby));
    size_t count = 0;
    double radius = otr_nearby_radius_km(input);
    for (size_t i = 0; i < dir->offer_count; i++) {
        const otr_offer *offer = &dir->offers[i];
        double km = otr_distance_km(shelter->geo.lat, shelter->geo.lon,
                                    offer->geo.lat, offer->geo.lon);
        if (km > radius)
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
    if (!count)
        otr_warning_at(c->diags, shelter->mark, 427,
                       "no offer lies within %g km of shelter \"%s\": its "
                       "handout lists none (give the shelter a larger "
                       "\"radius_km\")",
                       radius, shelter->id);

    flow f = {.c = c, .entries = frame};
    if (frame->emergency) {
        f.top = compose_emergency(c, frame, &region, out, nearby, count);
        if (f.top >= OTR_MM_TO_PT(frame->height)) {
            otr_error_at(c->diags, frame->emergency->mark, 426,
                         "list \"%s\": the emergency numbers need %.0f mm, "
                         "more than the list's %g mm",
                         frame->name, OTR_PT_TO_MM(f.top), frame->height);
            c->failed = 1;
        }
    }

    /* Group by category, groups in the order of their nearest offer. */
    f.groups = otr_xcalloc(dir->category_count + 1, sizeof(otr_category *));
    size_t groups = 0;
    for (size_t i = 0; i < count; i++) {
        size_t g = 0;
        while (g < groups && f.groups[g] != nearby[i].offer->category)
            g++;
        if (g == groups)
            f.groups[groups++] = nearby[i].offer->category;
    }
    f.header_heights = otr_xcalloc(2 * groups + 2, sizeof(double));
    f.items = otr_xcalloc(count + 1, sizeof(list_entry));
    for (size_t g = 0; g < groups; g++) {
        int first = 1;
        for (size_t i = 0; i < count; i++) {
            if (nearby[i].offer->category != f.groups[g])
                continue;
            f.items[f.count++] =
                (list_entry){&nearby[i], g, first, 0, NULL, 0, 0};
            first = 0;
        }
    }

    placement *at = otr_xcalloc(count + 1, sizeof(placement));
    size_t regions = c->failed ? 0 : place_all(&f, 0, 0, at, 1);
    if (regions)
        balance(&f, regions, at);
    int rtl = input->lang->rtl;
    for (size_t i = 0; regions && i < f.count && !c->failed; i++) {
        list_entry *entry = &f.items[i];
        find_region(layout, at[i].region, &region);
        if (region.extra > out->continuation_pages)
            out->continuation_pages = region.extra;
        frame = region.frame;
        double width = column_width(frame);
        build_entry(&f, entry, width);
        /* Column COLUMN of the region's frame, from the start edge. */
        double frame_x = OTR_MM_TO_PT(frame->x);
        double frame_width = OTR_MM_TO_PT(frame->width);
        if (rtl && frame->mirror)
            frame_x = OTR_MM_TO_PT(layout->width) - frame_x - frame_width;
        double offset = at[i].column * (width + OTR_MM_TO_PT(frame->gap));
        double x =
            rtl ? frame_x + frame_width - offset - width : frame_x + offset;
        double top =
            OTR_MM_TO_PT(frame->y) + at[i].y + (at[i].region == 0 ? f.top : 0);
        otr_display_page *page = output_page(out, region.page);
        if (at[i].header) {
            double space = header_space(&f, entry->group, at[i].header, width);
            place_header(c, page, f.entries, f.groups[entry->group],
                         at[i].header == 2, x, top, width,
                         space - OTR_MM_TO_PT(1), rtl);
            top += space;
        }
        for (size_t k = 0; k < entry->line_count; k++) {
            otr_item *line = otr_new_item(page, OTR_ITEM_TEXT, frame);
            *line = entry->lines[k];
            line->x = x;
            line->y = top + entry->lines[k].y;
        }
        free(entry->lines);
        entry->lines = NULL;
        entry->line_count = 0;
    }
    for (size_t i = 0; i < f.count; i++)
        free_lines(&f.items[i]);
    free(at);
    free(f.items);
    free(f.header_heights);
    free(f.groups);
    free(nearby);
}
