/* What the parts of composing share: compose.c places frames, compose_list.c
 * flows list records over columns and pages. Internal to the library. */
#ifndef OTR_COMPOSE_INTERNAL_H
#define OTR_COMPOSE_INTERNAL_H

#include "bind.h"
#include "compose.h"

typedef struct {
    const otr_compose_input *input;
    otr_diags *diags;
    int failed;
    /* The languages whose tiles the page being composed holds: a tiles
     * frame with more languages than tiles is repeated on further sheets. */
    size_t tile_first, tile_count;
} composer;

/* Where a frame's children are placed: the physical left edge and top of
 * their container (page, tile or stack) in mm, its width, and whether
 * positions count from the right (right-to-left text). HEIGHT > 0: the
 * height (mm) a stack gives the frame placed in it, instead of its own. */
typedef struct {
    double x, y, width;
    int rtl;
    double height;
} container;

/* Items flowed by a list, per output page, before the pages are composed. */
typedef struct {
    otr_display_page *pages; /* list items per output page */
    size_t page_count;
    size_t continuation_pages;
} list_output;

/* Appends an item of KIND for FRAME to PAGE; the pointer is valid until the
 * next append. */
otr_item *otr_new_item(otr_display_page *page, otr_item_kind kind,
                       const otr_frame *frame);
/* Sets ITEM's box (pt) from FRAME's logical position in BOX (mm), mirrored
 * for right-to-left unless the frame opts out. */
void otr_place(otr_item *item, const otr_frame *frame, const container *box);

/* Frees what ITEM owns (not ITEM itself). */
void otr_free_item(otr_item *item);

/* Lays ITEM->text out in ITEM's box (pt) in STYLE, shrinking down to the
 * style's minimum; reports what does not fit (E402) and the characters no
 * bundled font has (E401, at the content value CTX's record or phrases
 * hold, with the frame at MARK as a note; CTX may be NULL), and marks the
 * composer failed. */
void otr_lay_out_text(composer *c, otr_item *item, const otr_bind_ctx *ctx,
                      const char *lang, int rtl, const otr_style *style,
                      otr_align align, int align_rtl, otr_valign valign,
                      int max_lines, otr_mark mark, const char *frame_name);

/* An image frame in BOX, or (BOX NULL) at X, Y in pt, SIZE pt square. */
void otr_compose_image(composer *c, otr_display_page *page,
                       const otr_frame *frame, const container *box,
                       const otr_category *category, double x, double y,
                       double size);

/* Flows the offers near the document's shelter into the layout's list
 * frames and continuation pages; OUT is filled, the caller frees it. */
void otr_flow_list(composer *c, list_output *out);

/* The site's imprint in FRAME: the phrases in CTX's language (the site's
 * first language's, isolated, where a language lacks them), the funding
 * notice, and the logos at the frame's end edge. Reports a site without an
 * imprint (E430) and unreadable logos (E421). */
void otr_compose_imprint(composer *c, otr_display_page *page,
                         const otr_frame *frame, const container *box,
                         const otr_bind_ctx *ctx);

#endif
