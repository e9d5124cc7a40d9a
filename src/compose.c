#include "compose.h"
#include "compose_internal.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "origin.h"
#include "url.h"
#include "util.h"

#define LRI OTR_LRI
#define FSI OTR_FSI
#define PDI OTR_PDI

otr_item *otr_new_item(otr_display_page *page, otr_item_kind kind,
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
void otr_place(otr_item *item, const otr_frame *frame, const container *box)
{
    double x = box->x + frame->x;
    if (box->rtl && frame->mirror)
        x = box->x + box->width - frame->x - frame->width;
    item->x = OTR_MM_TO_PT(x);
    item->y = OTR_MM_TO_PT(box->y + frame->y);
    item->width = OTR_MM_TO_PT(frame->width);
    item->height = OTR_MM_TO_PT(box->height > 0 ? box->height : frame->height);
}

void otr_free_item(otr_item *item)
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
    char *url = otr_site_record_url(input->site, kind, lang, id, page,
                                    input->layout->name, input->campaign,
                                    input->layout->medium);
    /* Checked after every expansion: what the QR code and the link carry
     * is an encoded web address or nothing. */
    const char *problem = NULL;
    char *encoded = url ? otr_url_for_machines(url, &problem) : NULL;
    if (url && !encoded) {
        otr_error_at(c->diags, mark, 413, "the %s page's address \"%s\": %s",
                     otr_url_kind_name(kind), url, problem);
        c->failed = 1;
    }
    free(url);
    return encoded;
}

/* "U+2192 "→"" for up to five of CHARS (COUNT), "and 3 more" past that. */
static char *name_chars(const uint32_t *chars, size_t count)
{
    otr_buf out = {0};
    for (size_t i = 0; i < count && i < 5; i++) {
        char utf8[8];
        utf8[g_unichar_to_utf8(chars[i], utf8)] = '\0';
        otr_buf_printf(&out, "%sU+%04X \"%s\"", i ? ", " : "",
                       (unsigned)chars[i], utf8);
    }
    if (count > 5)
        otr_buf_printf(&out, " and %zu more", count - 5);
    return otr_buf_take(&out);
}

/* The content value that holds byte AT of the printed TEXT: in the record
 * of CTX (which may be NULL), its category, or a phrase of its language.
 * Returns 1 and fills OUT, or 0 for text the program made. */
static int find_origin(composer *c, const otr_bind_ctx *ctx, const char *text,
                       size_t at, const char *lang, otr_origin *out)
{
    const otr_compose_input *input = c->input;
    const otr_offer *offer = ctx ? ctx->offer : input->offer;
    const otr_category *category = ctx ? ctx->category : NULL;
    const otr_origin_record records[] = {
        {"offer", offer ? offer->id : NULL, offer ? offer->node : NULL},
        {"event", input->event ? input->event->id : NULL,
         input->event ? input->event->node : NULL},
        {"shelter", input->shelter ? input->shelter->id : NULL,
         input->shelter ? input->shelter->node : NULL},
        {"category", category ? category->id : NULL,
         category ? category->node : NULL},
    };
    const otr_strings *strings = ctx ? ctx->strings : input->strings;
    return otr_origin_find(input->site, records,
                           sizeof records / sizeof *records, strings, text, at,
                           lang, out);
}

/* Names the characters of FIT's text that no bundled font has, at the
 * content value they came from (the record of CTX, its category, or a
 * phrase of its language), one error per value, with the frame at MARK as
 * a note. */
static void report_missing_glyphs(composer *c, const otr_text_fit *fit,
                                  const otr_bind_ctx *ctx, const char *text,
                                  const char *lang, otr_mark mark,
                                  const char *frame_name)
{
    enum { MAX_CHARS = 32 };
    const otr_compose_input *input = c->input;
    otr_missing_char chars[MAX_CHARS];
    size_t count = otr_text_missing_chars(fit->layout, chars, MAX_CHARS);
    otr_origin origins[MAX_CHARS];
    int found[MAX_CHARS], done[MAX_CHARS] = {0};
    for (size_t i = 0; i < count; i++)
        found[i] =
            find_origin(c, ctx, text, chars[i].offset, lang, &origins[i]);
    /* One report for the characters of each value (or of the frame, for
     * text the program made). */
    for (size_t i = 0; i < count; i++) {
        if (done[i])
            continue;
        uint32_t group[MAX_CHARS];
        size_t members = 0;
        for (size_t k = i; k < count; k++) {
            int same =
                found[k] == found[i] &&
                (!found[i] || (origins[k].mark.file == origins[i].mark.file &&
                               origins[k].mark.line == origins[i].mark.line &&
                               origins[k].mark.col == origins[i].mark.col));
            if (!done[k] && same) {
                group[members++] = chars[k].c;
                done[k] = 1;
            }
        }
        char *names = name_chars(group, members);
        const char *subject = members == 1 ? "has" : "have";
        if (!found[i]) {
            otr_error_at(c->diags, mark, 401,
                         "frame \"%s\", language %s: %s %s no glyph in the "
                         "bundled fonts",
                         frame_name, lang, names, subject);
            free(names);
            continue;
        }
        const otr_origin *origin = &origins[i];
        char *where =
            origin->field[0]
                ? otr_xasprintf("%s \"%s\", field \"%s\"", origin->kind,
                                origin->id, origin->field)
                : otr_xasprintf("%s \"%s\"", origin->kind, origin->id);
        otr_error_at(c->diags, origin->mark, 401,
                     "%s %s no glyph in the bundled fonts: %s, language %s; "
                     "replace %s or add a font that has %s to fonts/",
                     names, subject, where, origin->lang ? origin->lang : lang,
                     members == 1 ? "the character" : "the characters",
                     members == 1 ? "it" : "them");
        otr_note_at(c->diags, mark,
                    "the text with U+%04X is printed by frame \"%s\" of "
                    "layout \"%s\", language %s",
                    (unsigned)group[0], frame_name, input->layout->name, lang);
        free(where);
        free(names);
    }
    if (count == 0) /* Pango counted one it could not point at */
        otr_error_at(c->diags, mark, 401,
                     "frame \"%s\", language %s: %d character(s) have no "
                     "glyph in the bundled fonts",
                     frame_name, lang, fit->missing_glyphs);
}

/* How far the ink of text may reach past its frame, in em of the size
 * set: glyphs overhang their advance a little by design (an italic f, the
 * tail of an Arabic letter below a tight last line, a mark above a capital
 * on the first). Measured on every product in every language (docs/text.md),
 * the most is 0.28 em (an Arabic descender below a poster's title); stacked
 * marks reach many times that. */
#define INK_TOLERANCE_EM 0.5

/* The cluster at byte AT of TEXT (a letter and its marks) in words: "the
 * letter \"a\" with 10000 marks stacked on it", or the text from there,
 * quoted. Free the result. */
static char *describe_cluster(const char *text, size_t at)
{
    /* Pango may split a long run of marks into several clusters: go back
     * to the letter they stand on, and count them all. */
    const char *base = text + at;
    while (base > text && g_unichar_ismark(g_utf8_get_char(base)))
        base = g_utf8_prev_char(base);
    size_t marks = 0;
    const char *p = *base ? g_utf8_next_char(base) : base;
    for (; *p && g_unichar_ismark(g_utf8_get_char(p)); p = g_utf8_next_char(p))
        marks++;
    if (marks >= 3) {
        char *letter = g_strndup(base, (gsize)(g_utf8_next_char(base) - base));
        char *out = otr_xasprintf(
            "the letter \"%s\" with %zu marks stacked on it", letter, marks);
        g_free(letter);
        return out;
    }
    char *shown = excerpt(text + at);
    char *out = otr_xasprintf("the text \"%s\"", shown);
    free(shown);
    return out;
}

/* Reports the text of ITEM (laid out, in its frame) whose ink reaches past
 * the frame: stacked combining marks fit by their advance, yet draw over
 * whatever is above, up to the page's edge. */
static void check_ink(composer *c, const otr_item *item,
                      const otr_bind_ctx *ctx, const char *lang, otr_mark mark,
                      const char *frame_name)
{
    otr_ink_overflow over;
    double top = -item->text_offset;
    double tolerance = INK_TOLERANCE_EM * item->size;
    if (!otr_text_ink_overflow(item->layout, 0, top, item->width,
                               top + item->height, tolerance, &over))
        return;
    const char *text = pango_layout_get_text(item->layout);
    char *shown = describe_cluster(text, over.offset);
    otr_origin origin;
    if (find_origin(c, ctx, text, over.offset, lang, &origin)) {
        char *where = origin.field[0]
                          ? otr_xasprintf("%s \"%s\", field \"%s\"",
                                          origin.kind, origin.id, origin.field)
                          : otr_xasprintf("%s \"%s\"", origin.kind, origin.id);
        otr_error_at(c->diags, origin.mark, 406,
                     "%s draws %.1f mm %s its frame (%s, language %s); "
                     "write the text without the stacked marks (accents)",
                     shown, OTR_PT_TO_MM(over.by), over.side, where,
                     origin.lang ? origin.lang : lang);
        otr_note_at(c->diags, mark,
                    "the text is printed by frame \"%s\" of layout \"%s\", "
                    "language %s",
                    frame_name, c->input->layout->name, lang);
        free(where);
    } else {
        otr_error_at(c->diags, mark, 406,
                     "frame \"%s\", language %s: %s draws %.1f mm %s the "
                     "frame; make the frame larger or its text smaller",
                     frame_name, lang, shown, OTR_PT_TO_MM(over.by), over.side);
    }
    free(shown);
    c->failed = 1;
}

/* Lays TEXT out in ITEM's box in STYLE. Reports what does not fit, and the
 * characters no font has (CTX, which may be NULL, says where the text came
 * from). */
void otr_lay_out_text(composer *c, otr_item *item, const otr_bind_ctx *ctx,
                      const char *lang, int rtl, const otr_style *style,
                      otr_align align, int align_rtl, otr_valign valign,
                      int max_lines, otr_mark mark, const char *frame_name)
{
    item->lang = lang;
    item->rtl = rtl;
    item->color = style->color;
    /* The product class's minimum for this kind of text (docs/design.md):
     * a style set below it is an error; shrinking stops at it. */
    double floor =
        otr_format_arabic_script(lang) ? style->floor_arabic : style->floor;
    otr_style floored = *style;
    if (floor > 0 && style->size + 1e-9 < floor) {
        otr_error_at(c->diags, mark, 403,
                     "frame \"%s\", language %s: style \"%s\" is %g pt, below "
                     "the %g pt minimum for %s text on a %s",
                     frame_name, lang, style->name, style->size, floor,
                     style->role, c->input->layout->product_class);
        c->failed = 1;
    } else if (floor > style->min_size) {
        floored.min_size = floor;
        style = &floored;
    }
    otr_text_fit fit;
    otr_text_fit_layout(c->input->fonts, item->text, lang, rtl, style, align,
                        align_rtl, item->width, item->height, max_lines, &fit);
    if (fit.missing_glyphs) {
        report_missing_glyphs(c, &fit, ctx, item->text, lang, mark, frame_name);
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
    if (fit.fits && fit.size + 0.01 < style->size) {
        char *shown = excerpt(item->text);
        otr_warning_at(c->diags, mark, 404,
                       "frame \"%s\", language %s: text shrunk from %g pt to "
                       "%.1f pt to fit: \"%s\"",
                       frame_name, lang, style->size, fit.size, shown);
        free(shown);
    }
    double spare = item->height - fit.height;
    if (spare > 0 && valign == OTR_VALIGN_MIDDLE)
        item->text_offset = spare / 2;
    else if (spare > 0 && valign == OTR_VALIGN_BOTTOM)
        item->text_offset = spare;
    item->layout = fit.layout;
    fit.layout = NULL;
    if (fit.fits)
        check_ink(c, item, ctx, lang, mark, frame_name);
    otr_text_fit_clear(&fit);
}

/* FRAME's text in CTX's language; with "lang: both" in a bilingual
 * document, " · " and the text in the second language after it, isolated.
 * NULL after reporting to DIAGS; the caller frees. */
static char *frame_text(composer *c, const otr_frame *frame,
                        const otr_bind_ctx *ctx, otr_diags *diags)
{
    char *text = otr_bind_text(ctx, frame->text, frame->text_mark, 1, diags);
    if (!text || !*text || !frame->both || !c->input->lang2)
        return text;
    otr_bind_ctx second = *ctx;
    second.lang = c->input->lang2;
    second.strings = c->input->strings2;
    char *other =
        otr_bind_text(&second, frame->text, frame->text_mark, 1, diags);
    if (!other) {
        free(text);
        return NULL;
    }
    if (*other && strcmp(other, text) != 0) {
        char *joined = otr_xasprintf("%s · " OTR_FSI "%s" OTR_PDI, text, other);
        free(text);
        text = joined;
    }
    free(other);
    return text;
}

static void compose_text(composer *c, otr_display_page *page,
                         const otr_frame *frame, const container *box,
                         const otr_bind_ctx *ctx)
{
    char *text = frame_text(c, frame, ctx, c->diags);
    if (!text) {
        c->failed = 1;
        return;
    }
    if (!*text) { /* only optional data, and this record has none */
        free(text);
        return;
    }
    otr_item *item = otr_new_item(page, OTR_ITEM_TEXT, frame);
    otr_place(item, frame, box);
    item->text = text;
    otr_lay_out_text(c, item, ctx, ctx->lang->code, ctx->lang->rtl,
                     frame->style, frame->align, box->rtl, frame->valign,
                     frame->max_lines, frame->text_mark, frame->name);
    if (frame->secondary && frame->align == OTR_ALIGN_START &&
        ctx->lang->rtl != box->rtl)
        otr_text_align_paragraph(item->layout, ctx->lang->rtl);
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
    otr_item *item = otr_new_item(page, OTR_ITEM_QR, frame);
    otr_place(item, frame, box);
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
void otr_compose_image(composer *c, otr_display_page *page,
                       const otr_frame *frame, const container *box,
                       const otr_category *category, double x, double y,
                       double size)
{
    const otr_compose_input *input = c->input;
    const char *root, *name;
    otr_mark mark = frame->src_mark; /* where the file is named */
    int icon = 0;
    if (strcmp(frame->src, "{category.icon}") == 0) {
        if (!category) {
            otr_error_at(c->diags, frame->src_mark, 420,
                         "{category.icon}: this record has no category");
            c->failed = 1;
            return;
        }
        root = input->content_dir;
        name = category->icon;
        const otr_node *named =
            category->node ? otr_map_get(category->node, "icon") : NULL;
        if (named) {
            mark = named->mark;
            icon = 1;
        }
    } else {
        root = input->layouts_dir;
        name = frame->src;
    }
    char *path = otr_path_join(root, name);
    const char *error = NULL;
    const otr_image *image = otr_images_get(input->images, root, name, &error);
    if (!image) {
        /* At the line that names the file, where it can be changed. */
        otr_error_at(c->diags, mark, 421, "%s: %s", path, error);
        if (icon)
            otr_note_at(c->diags, frame->src_mark,
                        "the icon of category \"%s\" is drawn by frame "
                        "\"%s\" of layout \"%s\"",
                        category->id, frame->name, input->layout->name);
        free(path);
        c->failed = 1;
        return;
    }
    otr_item *item = otr_new_item(page, OTR_ITEM_IMAGE, frame);
    if (box) {
        otr_place(item, frame, box);
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

/* One tile per site language, each in its own language and direction; on
 * this sheet, the languages the composer names. */
static void compose_tiles(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *page_ctx)
{
    const otr_compose_input *input = c->input;
    const otr_site *site = input->site;
    double tile_width =
        (frame->width - frame->gap * (frame->columns - 1)) / frame->columns;
    double tile_height =
        (frame->height - frame->gap * (frame->rows - 1)) / frame->rows;
    double frame_x = box->x + frame->x;
    if (box->rtl && frame->mirror)
        frame_x = box->x + box->width - frame->x - frame->width;
    for (size_t i = c->tile_first;
         i < c->tile_first + c->tile_count && i < site->language_count; i++) {
        size_t n = i - c->tile_first;
        int column = (int)(n % (size_t)frame->columns);
        int row = (int)(n / (size_t)frame->columns);
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

/* The context FRAME prints in (its language) into LOCAL; 0 when the frame
 * is left out: text in a second language the document does not have, or
 * an "if" template that comes out empty. Reports into DIAGS (NULL: the
 * composer's). */
static int frame_context(composer *c, const otr_frame *frame,
                         const otr_bind_ctx *ctx, otr_bind_ctx *local,
                         otr_diags *diags)
{
    if (frame->secondary && !c->input->lang2)
        return 0; /* a document in one language */
    *local = *ctx;
    if (frame->secondary) {
        local->lang = c->input->lang2;
        local->strings = c->input->strings2;
    }
    if (frame->condition) {
        char *shown =
            otr_bind_text(local, frame->condition, frame->condition_mark, 0,
                          diags ? diags : c->diags);
        int empty = shown && !*shown;
        if (!shown && !diags)
            c->failed = 1;
        free(shown);
        if (!shown || empty)
            return 0;
    }
    return 1;
}

/* How tall (mm) FRAME's TEXT is set in STYLE at SIZE pt (0: the style's
 * size, shrunk only if a word is too wide), in WIDTH of FRAME. *FITS (may
 * be NULL): 0 when it needs more lines than the frame allows or a word is
 * wider than the frame. */
static double text_height(composer *c, const otr_frame *frame,
                          const container *box, const otr_bind_ctx *local,
                          const char *text, const otr_style *style, double size,
                          int *fits)
{
    otr_style fixed = *style;
    fixed.max_size = 0; /* the height at this size, not grown to fill */
    if (size > 0)
        fixed.size = fixed.min_size = size;
    otr_text_fit fit;
    otr_text_fit_layout(c->input->fonts, text, local->lang->code,
                        local->lang->rtl, &fixed, frame->align, box->rtl,
                        OTR_MM_TO_PT(frame->width), 1e6, frame->max_lines,
                        &fit);
    double height = OTR_PT_TO_MM(fit.height);
    if (fits)
        *fits = fit.fits;
    otr_text_fit_clear(&fit);
    return height;
}

/* How tall (mm) FRAME, a frame in a stack, wants to be (*NEED): text at
 * its style's size, as many lines as it needs (at least the frame's
 * height, at most its max_height), other frames their height; and how
 * short it may get (*LEAST): text at the smallest size it may print at.
 * *NEED -1: the frame is left out (no data). Reports nothing: composing
 * the frame does. */
static void stack_need(composer *c, const otr_frame *frame,
                       const container *box, const otr_bind_ctx *ctx,
                       double *need, double *least)
{
    otr_diags *quiet = otr_diags_new();
    otr_bind_ctx local;
    *need = *least = frame->height;
    if (!frame_context(c, frame, ctx, &local, quiet)) {
        *need = -1;
    } else if (frame->kind == OTR_FRAME_TEXT) {
        char *text = frame_text(c, frame, &local, quiet);
        if (text && !*text) {
            *need = -1;
        } else if (text) {
            double natural =
                text_height(c, frame, box, &local, text, frame->style, 0, NULL);
            if (natural > *need)
                *need = natural;
            if (frame->max_height > 0 && *need > frame->max_height)
                *need = frame->max_height;
            /* The smallest size: the style's, or the product class's
             * minimum (see otr_lay_out_text). */
            otr_style smallest = *frame->style;
            double floor = otr_format_arabic_script(local.lang->code)
                               ? smallest.floor_arabic
                               : smallest.floor;
            smallest.size =
                smallest.min_size > floor ? smallest.min_size : floor;
            if (smallest.size < frame->style->size) {
                double tight = text_height(c, frame, box, &local, text,
                                           &smallest, 0, NULL);
                if (tight > *least)
                    *least = tight < *need ? tight : *need;
            } else {
                *least = *need;
            }
        }
        free(text);
    }
    otr_diags_free(quiet);
}

/* Whether FRAME, a text frame in a stack, can grow: its style has a
 * max_size. */
static int grows(const otr_frame *frame)
{
    return frame->kind == OTR_FRAME_TEXT &&
           frame->style->max_size > frame->style->size;
}

/* How tall (mm) FRAME, a text frame in a stack, is with its text at SIZE
 * pt: *HEIGHT (at least the frame's height). Returns 0 when the text does
 * not fit its frame at that size (more lines than allowed, a word too
 * wide, past max_height). */
static int height_at(composer *c, const otr_frame *frame, const container *box,
                     const otr_bind_ctx *ctx, double size, double *height)
{
    otr_diags *quiet = otr_diags_new();
    otr_bind_ctx local;
    int fits = 0;
    *height = frame->height;
    if (frame_context(c, frame, ctx, &local, quiet)) {
        char *text = frame_text(c, frame, &local, quiet);
        if (text && *text) {
            double h = text_height(c, frame, box, &local, text, frame->style,
                                   size, &fits);
            if (h > *height)
                *height = h;
            if (frame->max_height > 0 && *height > frame->max_height + 1e-9)
                fits = 0;
        }
        free(text);
    }
    otr_diags_free(quiet);
    return fits;
}

/* The size (pt) FRAME's text grows to at SCALE times its style's size: in
 * half points, at most CAP. */
static double grown_size(const otr_frame *frame, double scale, double cap)
{
    double size = frame->style->size;
    size += 0.5 * floor(size * (scale - 1) / 0.5 + 1e-9);
    return size < cap ? size : cap;
}

/* The room a stack has left goes to the text of styles with a max_size.
 * Each such frame can grow up to the largest half-point size at which it
 * still fits its frame (its lines, its width, its max_height); frames
 * whose styles have the same size and max_size (a title in two languages,
 * a date and a time) share the smallest of their limits, so they stay at
 * one size. Then all grow by one factor, found by bisection, as far as the
 * stack's height allows. NEED (mm per frame, -1: left out) is raised to
 * the grown heights. */
static void grow_stack(composer *c, const otr_frame *frame,
                       const container *box, const otr_bind_ctx *ctx,
                       double *need)
{
    size_t n = frame->child_count;
    const otr_frame *kids = frame->children;
    double *cap = otr_xcalloc(n + 1, sizeof(double));
    double most = 1;
    for (size_t k = 0; k < n; k++) {
        if (need[k] < 0 || !grows(&kids[k]))
            continue;
        const otr_style *style = kids[k].style;
        int low = 1, high = (int)((style->max_size - style->size) * 2 + 1e-9);
        int fitting = 0;
        double h;
        while (low <= high) {
            int mid = (low + high) / 2;
            if (height_at(c, &kids[k], box, ctx, style->size + 0.5 * mid, &h)) {
                fitting = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        cap[k] = style->size + 0.5 * fitting;
    }
    for (size_t k = 0; k < n; k++) {
        if (cap[k] <= 0)
            continue;
        for (size_t j = 0; j < n; j++)
            if (cap[j] > 0 && cap[j] < cap[k] &&
                kids[j].style->size == kids[k].style->size &&
                kids[j].style->max_size == kids[k].style->max_size)
                cap[k] = cap[j];
        if (cap[k] / kids[k].style->size > most)
            most = cap[k] / kids[k].style->size;
    }
    double low = 1, high = most;
    for (int round = 0; round < 24 && most > 1; round++) {
        double scale = round == 0 ? high : (low + high) / 2, total = 0, h;
        int shown = 0;
        for (size_t k = 0; k < n; k++) {
            if (need[k] < 0)
                continue;
            h = need[k];
            if (cap[k] > 0 &&
                grown_size(&kids[k], scale, cap[k]) > kids[k].style->size)
                height_at(c, &kids[k], box, ctx,
                          grown_size(&kids[k], scale, cap[k]), &h);
            total += h + kids[k].y + (shown++ ? frame->gap : 0);
        }
        if (total <= frame->height + 1e-6) {
            low = scale;
            if (round == 0)
                break; /* every frame reaches its limit */
        } else {
            high = scale;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (cap[k] > 0 &&
            grown_size(&kids[k], low, cap[k]) > kids[k].style->size)
            height_at(c, &kids[k], box, ctx, grown_size(&kids[k], low, cap[k]),
                      &need[k]);
    free(cap);
}

/* A stack: its frames one below the other in the order given, each frame's
 * y the space above it (plus the stack's gap), text frames as tall as
 * their text needs at their style's size. A frame without data takes no
 * room. When the stack's height cannot hold them all, the tallest text
 * frames give up height first, down to their least height, and their text
 * shrinks (reported as E404 by otr_lay_out_text): shrinking is the last
 * resort. */
static void compose_stack(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *ctx)
{
    size_t n = frame->child_count;
    double *need = otr_xcalloc(n + 1, sizeof(double));
    double *least = otr_xcalloc(n + 1, sizeof(double));
    double total = 0, spare = 0;
    int shown = 0;
    for (size_t k = 0; k < n; k++) {
        const otr_frame *child = &frame->children[k];
        stack_need(c, child, box, ctx, &need[k], &least[k]);
        if (need[k] < 0)
            continue;
        total += need[k] + child->y + (shown++ ? frame->gap : 0);
        spare += need[k] - least[k];
    }
    double over = total - frame->height;
    double stretch = 0; /* the spaces above frames are 1 + STRETCH times */
    if (over < -1e-6) {
        grow_stack(c, frame, box, ctx, need);
        double used = 0, spaces = 0;
        shown = 0;
        for (size_t k = 0; k < n; k++) {
            if (need[k] < 0)
                continue;
            used += need[k] + frame->children[k].y + (shown ? frame->gap : 0);
            if (shown++)
                spaces += frame->children[k].y;
        }
        if (frame->spread > 0 && spaces > 0 && used < frame->height) {
            stretch = (frame->height - used) / spaces;
            if (stretch > frame->spread)
                stretch = frame->spread;
        }
    }
    if (over > 1e-6 && spare > 1e-6) {
        /* The tallest text gives first: every text frame is cut to at most
         * CAP mm (never below its least height), CAP found by bisection so
         * that the frames give up OVER between them. */
        double low = 0, high = 0;
        for (size_t k = 0; k < n; k++)
            if (need[k] > high)
                high = need[k];
        for (int round = 0; round < 40; round++) {
            double cap = (low + high) / 2, given = 0;
            for (size_t k = 0; k < n; k++) {
                double floor = least[k] > cap ? least[k] : cap;
                if (need[k] > floor)
                    given += need[k] - floor;
            }
            if (given >= over)
                low = cap;
            else
                high = cap;
        }
        for (size_t k = 0; k < n; k++) {
            double floor = least[k] > low ? least[k] : low;
            if (need[k] > floor)
                need[k] = floor;
        }
    }
    if (over > 1e-6) {
        double used = 0;
        shown = 0;
        for (size_t k = 0; k < n; k++)
            if (need[k] >= 0)
                used +=
                    need[k] + frame->children[k].y + (shown++ ? frame->gap : 0);
        if (used > frame->height + 0.01) {
            otr_error_at(c->diags, frame->mark, 402,
                         "stack \"%s\", language %s: its frames need %.1f mm "
                         "even with their text at the smallest sizes it may "
                         "print at, the stack has %.1f mm; shorten the texts "
                         "or give the stack more height",
                         frame->name ? frame->name : "", ctx->lang->code, used,
                         frame->height);
            c->failed = 1;
        }
    }
    container inner = {box->x + frame->x, box->y + frame->y, frame->width,
                       box->rtl, 0};
    if (box->rtl && frame->mirror)
        inner.x = box->x + box->width - frame->x - frame->width;
    double top = box->y + frame->y;
    shown = 0;
    for (size_t k = 0; k < n; k++) {
        if (need[k] < 0)
            continue;
        const otr_frame *child = &frame->children[k];
        top += child->y + (shown ? frame->gap + child->y * stretch : 0);
        shown++;
        container placed = inner;
        placed.y = top - child->y; /* otr_place adds the frame's y */
        placed.height = need[k] > 0 ? need[k] : 1e-6;
        compose_frame(c, page, child, &placed, ctx);
        top += need[k];
    }
    free(need);
    free(least);
}

static void compose_frame(composer *c, otr_display_page *page,
                          const otr_frame *frame, const container *box,
                          const otr_bind_ctx *ctx)
{
    otr_bind_ctx local;
    if (!frame_context(c, frame, ctx, &local, NULL))
        return;
    switch (frame->kind) {
    case OTR_FRAME_RECT: {
        otr_item *item = otr_new_item(page, OTR_ITEM_RECT, frame);
        otr_place(item, frame, box);
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
        otr_compose_image(c, page, frame, box, local.category, 0, 0, 0);
        break;
    case OTR_FRAME_TILES:
        compose_tiles(c, page, frame, box, &local);
        break;
    case OTR_FRAME_IMPRINT:
        otr_compose_imprint(c, page, frame, box, &local);
        break;
    case OTR_FRAME_STACK:
        compose_stack(c, page, frame, box, &local);
        break;
    case OTR_FRAME_LIST:
        break; /* placed by the list flow */
    }
}

otr_display_list *otr_compose(const otr_compose_input *input, otr_diags *diags)
{
    const otr_layout *layout = input->layout;
    composer c = {input, diags, 0, 0, 0};
    otr_display_list *list = otr_xcalloc(1, sizeof(*list));
    list->width = OTR_MM_TO_PT(layout->width);
    list->height = OTR_MM_TO_PT(layout->height);
    list->lang = input->lang->code;

    list_output flowed = {0};
    if (input->shelter)
        otr_flow_list(&c, &flowed);
    /* A page with tiles is printed on as many sheets as its languages
     * need, the languages shared out evenly (docs/layouts.md). */
    size_t tiles_page = 0, sheets = 1, per_sheet = 0;
    for (size_t p = 0; p < layout->page_count && !per_sheet; p++) {
        for (size_t f = 0; f < layout->pages[p].frame_count; f++) {
            const otr_frame *frame = &layout->pages[p].frames[f];
            if (frame->kind != OTR_FRAME_TILES)
                continue;
            size_t tiles = (size_t)frame->columns * (size_t)frame->rows;
            size_t count = input->site->language_count;
            tiles_page = p;
            sheets = count > tiles ? (count + tiles - 1) / tiles : 1;
            per_sheet = (count + sheets - 1) / sheets;
            break;
        }
    }
    size_t pages =
        layout->page_count + flowed.continuation_pages + (sheets - 1);
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
    list->rtl = input->lang->rtl;
    if (layout->has_snippet) {
        list->snippet_link = record_url(&c, layout->snippet_link,
                                        input->lang->code, NULL, layout->mark);
        list->snippet_alt = otr_bind_text(&ctx, layout->snippet_alt,
                                          layout->snippet_alt_mark, 1, diags);
        if (!list->snippet_alt)
            c.failed = 1;
    }

    container page_box = {0, 0, layout->width, input->lang->rtl, 0};
    for (size_t p = 0; p < pages; p++) {
        size_t t = p; /* the page of the layout */
        c.tile_first = c.tile_count = 0;
        if (per_sheet && p >= tiles_page && p < tiles_page + sheets) {
            t = tiles_page;
            c.tile_first = (p - tiles_page) * per_sheet;
            c.tile_count = per_sheet;
        } else if (per_sheet && p >= tiles_page + sheets) {
            t = p - (sheets - 1);
        }
        const otr_page *template =
            t < layout->page_count ? &layout->pages[t] : layout->continuation;
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
                    otr_item *item = otr_new_item(page, from->items[i].kind,
                                                  from->items[i].frame);
                    *item = from->items[i];
                }
                from->count = 0;
            }
        }
    }
    for (size_t p = 0; p < flowed.page_count; p++) {
        for (size_t i = 0; i < flowed.pages[p].count; i++)
            otr_free_item(&flowed.pages[p].items[i]);
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
            otr_free_item(&page->items[i]);
        free(page->items);
    }
    free(list->pages);
    free(list->title);
    free(list->snippet_link);
    free(list->snippet_alt);
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
    if (list->snippet_link && list->snippet_alt) {
        fprintf(out, "snippet link=%s alt=", list->snippet_link);
        dump_text(out, list->snippet_alt);
        fputc('\n', out);
    }
}
