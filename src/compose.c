#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "util.h"

/* Unicode directional isolates: data keeps its own direction inside a
 * paragraph of the other one ("+49 361 ..." stays whole in Arabic). */
#define LRI "\xE2\x81\xA6" /* U+2066: left-to-right isolate */
#define FSI "\xE2\x81\xA8" /* U+2068: first-strong isolate */
#define PDI "\xE2\x81\xA9" /* U+2069: pop directional isolate */

/* A data placeholder's value, or NULL when NAME is not data. *ISOLATE is
 * set to the isolate the value needs inside text of either direction: LRI
 * for what always reads left to right (phone numbers, addresses, URLs),
 * FSI for names, NULL for a list whose items are isolated one by one and
 * which follows the paragraph's direction. The caller frees. */
static char *data_value(const otr_compose_input *input, const char *name,
                        const char **isolate)
{
    const otr_site *site = input->site;
    *isolate = FSI;
    if (strcmp(name, "site.name") == 0)
        return otr_xstrdup(site->name);
    if (strcmp(name, "site.languages") == 0) {
        otr_buf list = {0};
        for (size_t i = 0; i < site->language_count; i++)
            otr_buf_printf(&list, "%s" FSI "%s" PDI, i ? " · " : "",
                           site->languages[i].name);
        *isolate = NULL;
        return otr_buf_take(&list);
    }
    *isolate = LRI;
    if (strcmp(name, "site.phone") == 0)
        return site->phone ? otr_xstrdup(site->phone) : NULL;
    if (strcmp(name, "site.email") == 0)
        return site->email ? otr_xstrdup(site->email) : NULL;
    if (strncmp(name, "url.", 4) == 0) {
        otr_url_kind kind;
        if (otr_url_kind_parse(name + 4, &kind) < 0)
            return NULL;
        if (kind != OTR_URL_SITE && !input->record_id)
            return NULL;
        char *url = otr_site_url(site, kind, input->lang->code,
                                 input->record_id, NULL, NULL);
        char *shown = otr_url_display(url);
        free(url);
        return shown;
    }
    return NULL;
}

static int is_data_name(const char *name)
{
    return strncmp(name, "site.", 5) == 0 || strncmp(name, "url.", 4) == 0;
}

/* Expands placeholders of TMPL into OUT. Phrases may use data placeholders
 * but not other phrases (ALLOW_PHRASES = 0), so expansion cannot loop. */
static int expand(const otr_compose_input *input, const char *tmpl,
                  otr_mark mark, int isolate, int allow_phrases, otr_buf *out,
                  otr_diags *diags)
{
    const char *p = tmpl;
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            otr_buf_append(out, p, 1);
            p += 2;
            continue;
        }
        if (*p != '{') {
            otr_buf_append(out, p, 1);
            p++;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            otr_error_at(diags, mark, 220, "unclosed \"{\" in \"%s\"", tmpl);
            return -1;
        }
        char *name = otr_xstrndup(p + 1, (size_t)(close - p - 1));
        p = close + 1;
        const char *wrap = NULL;
        char *value = data_value(input, name, &wrap);
        if (value) {
            if (isolate && wrap)
                otr_buf_puts(out, wrap);
            otr_buf_puts(out, value);
            if (isolate && wrap)
                otr_buf_puts(out, PDI);
            free(value);
        } else if (is_data_name(name)) {
            otr_error_at(diags, mark, 221,
                         "unknown or empty data \"{%s}\" (this layout may "
                         "use {site.name}, {site.languages}, {site.phone}, "
                         "{site.email} and {url.site})",
                         name);
            free(name);
            return -1;
        } else if (!allow_phrases) {
            otr_error_at(diags, mark, 222,
                         "a phrase cannot contain another phrase \"{%s}\"",
                         name);
            free(name);
            return -1;
        } else {
            const otr_string *phrase = otr_strings_find(input->strings, name);
            int fallback = 0;
            if (!phrase && input->fallback) {
                phrase = otr_strings_find(input->fallback, name);
                fallback = phrase != NULL;
            }
            if (!phrase) {
                otr_error_at(diags, mark, 223,
                             "no phrase \"%s\" in language %s (add it to "
                             "strings/%s.yaml)",
                             name, input->lang->code, input->lang->code);
                free(name);
                return -1;
            }
            if (fallback)
                otr_warning_at(diags, mark, 224,
                               "no phrase \"%s\" in language %s; printing "
                               "the %s text instead",
                               name, input->lang->code, input->fallback->lang);
            /* Text in another language keeps its own direction. */
            if (fallback && isolate)
                otr_buf_puts(out, FSI);
            int rc = expand(input, phrase->text, phrase->mark, isolate, 0, out,
                            diags);
            if (fallback && isolate)
                otr_buf_puts(out, PDI);
            if (rc < 0) {
                free(name);
                return -1;
            }
        }
        free(name);
    }
    return 0;
}

char *otr_expand_text(const otr_compose_input *input, const char *tmpl,
                      otr_mark mark, int isolate, otr_diags *diags)
{
    otr_buf out = {0};
    if (expand(input, tmpl, mark, isolate, 1, &out, diags) < 0) {
        otr_buf_free(&out);
        return NULL;
    }
    return otr_buf_take(&out);
}

static otr_item *add_item(otr_display_page *page, otr_item_kind kind,
                          const otr_frame *frame, double page_width, int rtl)
{
    page->items =
        otr_grow(page->items, &page->cap, page->count + 1, sizeof(otr_item));
    otr_item *item = &page->items[page->count++];
    memset(item, 0, sizeof(*item));
    item->kind = kind;
    item->frame = frame;
    /* Frames are placed from the start edge: mirror them for right-to-left
     * languages unless the frame opts out. */
    double x = frame->x;
    if (rtl && frame->mirror)
        x = OTR_PT_TO_MM(page_width) - frame->x - frame->width;
    item->x = OTR_MM_TO_PT(x);
    item->y = OTR_MM_TO_PT(frame->y);
    item->width = OTR_MM_TO_PT(frame->width);
    item->height = OTR_MM_TO_PT(frame->height);
    return item;
}

static char *record_url(const otr_compose_input *input, otr_url_kind kind)
{
    return otr_site_url(input->site, kind, input->lang->code, input->record_id,
                        input->layout->name, input->campaign);
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

static int compose_text(const otr_compose_input *input, otr_item *item,
                        otr_diags *diags)
{
    const otr_frame *frame = item->frame;
    item->text =
        otr_expand_text(input, frame->text, frame->text_mark, 1, diags);
    if (!item->text)
        return -1;
    item->lang = input->lang->code;
    item->rtl = input->lang->rtl;
    item->color = frame->style->color;

    otr_text_fit fit;
    otr_text_fit_layout(input->fonts, item->text, item->lang, item->rtl,
                        frame->style, frame->align, item->width, item->height,
                        frame->max_lines, &fit);
    int rc = 0;
    if (fit.missing_glyphs) {
        char *shown = excerpt(item->text);
        otr_error_at(diags, frame->text_mark, 401,
                     "frame \"%s\", language %s: %d character(s) in \"%s\" "
                     "have no glyph in the bundled fonts",
                     frame->name, item->lang, fit.missing_glyphs, shown);
        free(shown);
        rc = -1;
    }
    if (!fit.fits) {
        char *shown = excerpt(item->text);
        char *reason;
        if (frame->max_lines && fit.lines > frame->max_lines)
            reason = otr_xasprintf("needs %d lines, the frame allows %d",
                                   fit.lines, frame->max_lines);
        else if (OTR_PT_TO_MM(fit.height) > frame->height)
            reason = otr_xasprintf("needs %.1f mm of height, the frame has "
                                   "%.1f mm",
                                   OTR_PT_TO_MM(fit.height), frame->height);
        else
            reason = otr_xstrdup("a word is wider than the frame");
        otr_error_at(diags, frame->text_mark, 402,
                     "frame \"%s\", language %s: text does not fit even at "
                     "the minimum size %gpt (%s): \"%s\"",
                     frame->name, item->lang, frame->style->min_size, reason,
                     shown);
        free(reason);
        free(shown);
        rc = -1;
    }
    item->size = fit.size;
    double spare = item->height - fit.height;
    if (spare > 0 && frame->valign == OTR_VALIGN_MIDDLE)
        item->text_offset = spare / 2;
    else if (spare > 0 && frame->valign == OTR_VALIGN_BOTTOM)
        item->text_offset = spare;
    item->layout = fit.layout;
    fit.layout = NULL;
    otr_text_fit_clear(&fit);
    if (frame->has_link)
        item->link = record_url(input, frame->link);
    return rc;
}

static int compose_qr(const otr_compose_input *input, otr_item *item,
                      otr_diags *diags)
{
    const otr_frame *frame = item->frame;
    item->link = record_url(input, frame->url);
    item->color = frame->dark;
    item->qr = otr_qr_encode(item->link, (otr_qr_ecc)frame->ecc);
    if (!item->qr) {
        otr_error_at(diags, frame->mark, 410,
                     "frame \"%s\": the URL is too long for a QR code: %s",
                     frame->name, item->link);
        return -1;
    }
    /* The frame holds the symbol and its 4-module quiet zone. */
    int modules = otr_qr_width(item->qr) + 8;
    item->module = item->width / modules;
    double module_mm = OTR_PT_TO_MM(item->module);
    if (module_mm + 1e-9 < frame->min_module) {
        otr_error_at(diags, frame->mark, 411,
                     "frame \"%s\", language %s: QR module is %.2f mm, below "
                     "the minimum %.2f mm (make the frame at least %.1f mm "
                     "wide or the URL shorter)",
                     frame->name, input->lang->code, module_mm,
                     frame->min_module, frame->min_module * modules);
        return -1;
    }
    return 0;
}

otr_display_list *otr_compose(const otr_compose_input *input, otr_diags *diags)
{
    const otr_layout *layout = input->layout;
    otr_display_list *list = otr_xcalloc(1, sizeof(*list));
    list->width = OTR_MM_TO_PT(layout->width);
    list->height = OTR_MM_TO_PT(layout->height);
    list->lang = input->lang->code;
    list->pages = otr_xcalloc(layout->page_count, sizeof(otr_display_page));
    list->page_count = layout->page_count;
    int failed = 0;

    if (layout->title) {
        otr_buf tmpl = {0};
        otr_buf_printf(&tmpl, "{%s}", layout->title);
        list->title = otr_expand_text(input, tmpl.data, layout->mark, 0, diags);
        otr_buf_free(&tmpl);
        if (!list->title)
            failed = 1;
    } else {
        list->title = otr_xstrdup(input->site->name);
    }

    for (size_t p = 0; p < layout->page_count; p++) {
        const otr_page *page = &layout->pages[p];
        for (size_t f = 0; f < page->frame_count; f++) {
            const otr_frame *frame = &page->frames[f];
            otr_item *item =
                add_item(&list->pages[p], (otr_item_kind)frame->kind, frame,
                         list->width, input->lang->rtl);
            switch (frame->kind) {
            case OTR_FRAME_RECT:
                item->color = frame->fill;
                item->radius = OTR_MM_TO_PT(frame->radius);
                break;
            case OTR_FRAME_TEXT:
                if (compose_text(input, item, diags) < 0)
                    failed = 1;
                break;
            case OTR_FRAME_QR:
                if (compose_qr(input, item, diags) < 0)
                    failed = 1;
                break;
            }
        }
    }
    if (failed) {
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
        for (size_t i = 0; i < page->count; i++) {
            otr_item *item = &page->items[i];
            free(item->text);
            free(item->link);
            if (item->layout)
                g_object_unref(item->layout);
            otr_qr_free(item->qr);
        }
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
            static const char *const kinds[] = {"rect", "text", "qr"};
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
            }
            if (item->link)
                fprintf(out, " link=%s", item->link);
            fputc('\n', out);
        }
    }
}
