#include "text.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

#include "util.h"

/* Fitted paragraphs by everything that decides their layout. A batch
 * sets the same phrases (headings, the footer, the call to scan) in every
 * document of a language, and fitting shapes a text up to eight times. The
 * table is emptied when full, which bounds its memory. */
enum { FIT_CACHE_MAX = 2048 };

struct otr_fonts {
    PangoFontMap *font_map;
    PangoContext *ltr; /* one context per base direction */
    PangoContext *rtl;
    GHashTable *fits; /* key string -> otr_text_fit (layout referenced) */
};

static void free_cached_fit(gpointer data)
{
    otr_text_fit *fit = data;
    otr_text_fit_clear(fit);
    free(fit);
}

static PangoContext *make_context(PangoFontMap *font_map, PangoDirection dir)
{
    PangoContext *context = pango_font_map_create_context(font_map);
    /* Unhinted outlines and metrics at fractional positions: the layout
     * measured here is the one printed, at any output resolution. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(context, 72.0); /* 1 unit = 1 pt */
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_context_set_base_dir(context, dir);
    return context;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

otr_fonts *otr_fonts_new(const char *dir, otr_diags *diags)
{
    otr_mark at = {dir, 0, 0};
    if (!otr_is_dir(dir)) {
        otr_error_at(diags, at, 140, "the fonts folder does not exist");
        return NULL;
    }
    FcConfig *config = FcConfigCreate();
    if (!config)
        abort();
    /* Font by font rather than FcConfigAppFontAddDir: that one wants to write
     * a cache, and this configuration has (and needs) no cache folder. */
    DIR *folder = opendir(dir);
    if (!folder) {
        otr_error_at(diags, at, 141, "cannot read the fonts folder");
        FcConfigDestroy(config);
        return NULL;
    }
    char **files = NULL;
    size_t count = 0, cap = 0;
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        size_t len = strlen(entry->d_name);
        if (len > 4 && (strcmp(entry->d_name + len - 4, ".ttf") == 0 ||
                        strcmp(entry->d_name + len - 4, ".otf") == 0)) {
            files = otr_grow(files, &cap, count + 1, sizeof(char *));
            files[count++] = otr_path_join(dir, entry->d_name);
        }
    }
    closedir(folder);
    if (count > 1)
        qsort(files, count, sizeof(char *), by_name);
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (!failed &&
            !FcConfigAppFontAddFile(config, (const FcChar8 *)files[i])) {
            otr_error_at(diags, ((otr_mark){files[i], 0, 0}), 143,
                         "not a font file fontconfig can read");
            failed = 1;
        }
        free(files[i]);
    }
    free(files);
    if (failed) {
        FcConfigDestroy(config);
        return NULL;
    }
    FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
    if (!set || set->nfont == 0) {
        otr_error_at(diags, at, 142,
                     "no font files (.ttf, .otf) in the fonts folder");
        FcConfigDestroy(config);
        return NULL;
    }

    /* The process's current configuration too, before Pango starts: Pango
     * otherwise loads the system's (its files and every system font's
     * cache) in a thread, which outreach never uses. */
    FcConfigSetCurrent(config);

    otr_fonts *fonts = otr_xcalloc(1, sizeof(*fonts));
    fonts->font_map =
        pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!fonts->font_map)
        abort();
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->font_map), config);
    FcConfigDestroy(config); /* the font map holds its own reference */
    fonts->ltr = make_context(fonts->font_map, PANGO_DIRECTION_LTR);
    fonts->rtl = make_context(fonts->font_map, PANGO_DIRECTION_RTL);
    fonts->fits =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_cached_fit);
    return fonts;
}

void otr_fonts_free(otr_fonts *fonts)
{
    if (!fonts)
        return;
    g_hash_table_destroy(fonts->fits);
    g_object_unref(fonts->ltr);
    g_object_unref(fonts->rtl);
    g_object_unref(fonts->font_map);
    free(fonts);
}

/* Pango breaks a word that is wider than the frame inside the word; for
 * print that counts as not fitting. */
static int breaks_inside_word(PangoLayout *layout)
{
    int attr_count = 0;
    const PangoLogAttr *attrs =
        pango_layout_get_log_attrs_readonly(layout, &attr_count);
    const char *text = pango_layout_get_text(layout);
    GSList *lines = pango_layout_get_lines_readonly(layout);
    for (GSList *l = lines ? lines->next : NULL; l; l = l->next) {
        const PangoLayoutLine *line = l->data;
        glong offset = g_utf8_pointer_to_offset(text, text + line->start_index);
        if (offset < attr_count && !attrs[offset].is_line_break)
            return 1;
    }
    return 0;
}

/* A left-to-right isolate holds data (a phone number, an address, a time):
 * it is never broken across lines, unless it is a list of parts (a postal
 * address, "street, postcode town"), which may break after a comma. */
static void keep_data_whole(PangoAttrList *attrs, const char *text)
{
    const char *open = NULL;
    int depth = 0, list = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x2066 || c == 0x2067 || c == 0x2068) {
            if (depth++ == 0 && c == 0x2066) {
                open = p;
                list = 0;
            }
        } else if (c == 0x2069 && depth > 0) {
            if (--depth == 0 && open) {
                if (!list) {
                    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
                    a->start_index = (guint)(open - text);
                    a->end_index = (guint)(p - text);
                    pango_attr_list_insert(attrs, a);
                }
                open = NULL;
            }
        } else if (open && (c == ',' || c == '\n')) {
            list = 1;
        }
    }
}

/* Persian (fa) and Dari (prs) are set in a face made for Persian, whose
 * digits, keheh, farsi yeh and decimal separator look Persian; its
 * non-Latin cut leaves Latin text to Noto Sans. */
static int persian(const char *lang)
{
    return strcmp(lang, "fa") == 0 || strcmp(lang, "prs") == 0 ||
           strncmp(lang, "fa-", 3) == 0;
}

/* Arabic script set at the Latin's size looks a size smaller. The scale
 * that matches them is measured, not chosen by eye (docs/text.md): the
 * mean ink height above the baseline of the letters, a-z in Noto Sans
 * (0.612 em) against the isolated letters of the alphabet in the Arabic
 * face: Noto Sans Arabic 0.542 em (1.13), Vazirmatn 0.526 em (1.16). */
#define ARABIC_SCALE 1.13
#define PERSIAN_SCALE 1.16

static int arabic_script(gunichar c)
{
    return g_unichar_get_script(c) == G_UNICODE_SCRIPT_ARABIC;
}

static int script_neutral(gunichar c)
{
    GUnicodeScript s = g_unichar_get_script(c);
    return (s == G_UNICODE_SCRIPT_COMMON || s == G_UNICODE_SCRIPT_INHERITED) &&
           c != 0x2066 && c != 0x2067 && c != 0x2068 && c != 0x2069;
}

/* Scales each stretch of Arabic-script text (with the spaces and marks
 * inside it, not the punctuation or Latin around it) by SCALE. */
static void scale_arabic_script(PangoAttrList *attrs, const char *text,
                                double scale)
{
    const char *start = NULL, *end = NULL;
    for (const char *p = text;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0;
        if (c && arabic_script(c)) {
            if (!start)
                start = p;
            end = g_utf8_next_char(p);
            continue;
        }
        if (c && start && script_neutral(c))
            continue;
        if (start) {
            PangoAttribute *a = pango_attr_scale_new(scale);
            a->start_index = (guint)(start - text);
            a->end_index = (guint)(end - text);
            pango_attr_list_insert(attrs, a);
            start = NULL;
        }
        if (!c)
            break;
    }
}

/* Font and line height at SIZE. The line height is a multiple of the font
 * size rather than of each font's own line height, so Arabic and Latin lines
 * keep the same rhythm: Noto Sans Arabic's own line height is much taller. */
static void set_size(PangoLayout *layout, const char *lang,
                     const otr_style *style, double size)
{
    char *family = persian(lang)
                       ? g_strconcat("Vazirmatn NL, ", style->font, NULL)
                       : g_strdup(style->font);
    PangoFontDescription *desc = pango_font_description_from_string(family);
    g_free(family);
    pango_font_description_set_weight(desc, style->bold ? PANGO_WEIGHT_BOLD
                                                        : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);

    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(
        attrs, pango_attr_language_new(pango_language_from_string(lang)));
    if (style->line_height > 0)
        pango_attr_list_insert(
            attrs, pango_attr_line_height_new_absolute(
                       (int)(style->line_height * size * PANGO_SCALE)));
    keep_data_whole(attrs, pango_layout_get_text(layout));
    scale_arabic_script(attrs, pango_layout_get_text(layout),
                        persian(lang) ? PERSIAN_SCALE : ARABIC_SCALE);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
}

/* Lays LAYOUT out at SIZE and records the result; 1 when it fits. */
static int try_size(PangoLayout *layout, const char *lang,
                    const otr_style *style, double size, double width,
                    double height, int max_lines, otr_text_fit *out)
{
    set_size(layout, lang, style, size);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    out->width = (double)logical.width / PANGO_SCALE;
    out->height = (double)logical.height / PANGO_SCALE;
    out->lines = pango_layout_get_line_count(layout);
    out->size = size;
    out->fits = out->height <= height + 0.01 && out->width <= width + 0.01 &&
                (max_lines == 0 || out->lines <= max_lines) &&
                !breaks_inside_word(layout);
    return out->fits;
}

void otr_text_align_paragraph(PangoLayout *layout, int rtl)
{
    if (layout && pango_layout_get_line_count(layout) > 1)
        pango_layout_set_alignment(layout,
                                   rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

static void fit_layout(otr_fonts *fonts, const char *text, const char *lang,
                       int rtl, const otr_style *style, otr_align align,
                       int align_rtl, double width, double height,
                       int max_lines, otr_text_fit *out)
{
    memset(out, 0, sizeof(*out));
    PangoLayout *layout = pango_layout_new(rtl ? fonts->rtl : fonts->ltr);
    pango_layout_set_auto_dir(layout, FALSE);
    pango_layout_set_text(layout, text, -1);

    PangoAlignment alignment = PANGO_ALIGN_CENTER;
    if (align == OTR_ALIGN_START)
        alignment = align_rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    else if (align == OTR_ALIGN_END)
        alignment = align_rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
    pango_layout_set_alignment(layout, alignment);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);

    /* The style's size when it fits (most text does), else the largest
     * half-point step down to the minimum that fits, found by bisection:
     * each try shapes the whole text again. */
    int steps = (int)((style->size - style->min_size) * 2 + 1e-9);
    int grow = (int)((style->max_size - style->size) * 2 + 1e-9);
    int fits = try_size(layout, lang, style, style->size, width, height,
                        max_lines, out);
    if (fits && grow > 0) {
        /* A style with a max_size fills its frame: the largest half-point
         * step up to max_size that still fits. */
        int fitting = 0, low = 1, high = grow;
        while (low <= high) {
            int mid = (low + high) / 2;
            if (try_size(layout, lang, style, style->size + 0.5 * mid, width,
                         height, max_lines, out)) {
                fitting = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        try_size(layout, lang, style, style->size + 0.5 * fitting, width,
                 height, max_lines, out);
    } else if (!fits && steps > 0) {
        int fitting = -1; /* largest step index known to fit; 0 = size */
        int low = 1, high = steps;
        while (low <= high) {
            int mid = (low + high) / 2;
            if (try_size(layout, lang, style, style->size - 0.5 * mid, width,
                         height, max_lines, out)) {
                fitting = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        /* Leave the layout at the size chosen (or at the minimum, to report
         * how far it is from fitting). */
        try_size(layout, lang, style,
                 fitting > 0 ? style->size - 0.5 * fitting
                             : style->size - 0.5 * steps,
                 width, height, max_lines, out);
    }
    out->missing_glyphs = pango_layout_get_unknown_glyphs_count(layout);
    out->layout = layout;
}

void otr_text_fit_layout(otr_fonts *fonts, const char *text, const char *lang,
                         int rtl, const otr_style *style, otr_align align,
                         int align_rtl, double width, double height,
                         int max_lines, otr_text_fit *out)
{
    /* Sizes in hexadecimal floating point, exact: equal keys mean equal
     * inputs. The font list goes with its length and the text comes last,
     * so neither can pass for another field. */
    char *key = g_strdup_printf("%s|%d|%zu:%s|%d|%a|%a|%a|%a|%d|%d|%a|%a|%d|%s",
                                lang, rtl, strlen(style->font), style->font,
                                style->bold, style->size, style->min_size,
                                style->max_size, style->line_height, (int)align,
                                align_rtl, width, height, max_lines, text);
    const otr_text_fit *cached = g_hash_table_lookup(fonts->fits, key);
    if (cached) {
        g_free(key);
        *out = *cached;
        g_object_ref(out->layout);
        return;
    }
    fit_layout(fonts, text, lang, rtl, style, align, align_rtl, width, height,
               max_lines, out);
    if (g_hash_table_size(fonts->fits) >= FIT_CACHE_MAX)
        g_hash_table_remove_all(fonts->fits);
    otr_text_fit *copy = otr_xmalloc(sizeof(*copy));
    *copy = *out;
    g_object_ref(copy->layout);
    g_hash_table_insert(fonts->fits, key, copy);
}

void otr_text_fit_clear(otr_text_fit *fit)
{
    if (fit->layout)
        g_object_unref(fit->layout);
    memset(fit, 0, sizeof(*fit));
}

size_t otr_text_missing_chars(PangoLayout *layout, otr_missing_char *chars,
                              size_t max)
{
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    size_t count = 0;
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run)
            continue; /* the end of a line */
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            if (!(run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue;
            size_t offset = (size_t)run->item->offset +
                            (size_t)run->glyphs->log_clusters[i];
            uint32_t c = g_utf8_get_char(text + offset);
            size_t k = 0;
            while (k < count && chars[k].c != c)
                k++;
            if (k == count && count < max)
                chars[count++] = (otr_missing_char){c, offset};
            else if (k < count && offset < chars[k].offset)
                chars[k].offset = offset;
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    /* Runs come in visual order; the text's order is the logical one. */
    for (size_t i = 1; i < count; i++) {
        otr_missing_char m = chars[i];
        size_t k = i;
        for (; k > 0 && chars[k - 1].offset > m.offset; k--)
            chars[k] = chars[k - 1];
        chars[k] = m;
    }
    return count;
}

/* How far RECT (Pango units) reaches past LEFT..RIGHT x TOP..BOTTOM (pt),
 * as the side that reaches furthest. Returns the distance, pt (<= 0 when
 * RECT is inside). */
static double reach(const PangoRectangle *rect, double left, double top,
                    double right, double bottom, const char **side)
{
    if (rect->width <= 0 || rect->height <= 0)
        return 0; /* no ink: a space, a line end */
    const struct {
        const char *side;
        double by;
    } sides[] = {
        {"above", top - (double)rect->y / PANGO_SCALE},
        {"below", (double)(rect->y + rect->height) / PANGO_SCALE - bottom},
        {"left", left - (double)rect->x / PANGO_SCALE},
        {"right", (double)(rect->x + rect->width) / PANGO_SCALE - right},
    };
    double most = 0;
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        if (sides[i].by > most) {
            most = sides[i].by;
            *side = sides[i].side;
        }
    }
    return most;
}

int otr_text_ink_overflow(PangoLayout *layout, double left, double top,
                          double right, double bottom, double tolerance,
                          otr_ink_overflow *out)
{
    PangoRectangle ink;
    const char *side = NULL;
    pango_layout_get_extents(layout, &ink, NULL);
    if (reach(&ink, left, top, right, bottom, &side) <= tolerance)
        return 0;
    /* Find the cluster that reaches furthest, to say which text it is. */
    memset(out, 0, sizeof(*out));
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    do {
        PangoRectangle cluster;
        pango_layout_iter_get_cluster_extents(iter, &cluster, NULL);
        double by = reach(&cluster, left, top, right, bottom, &side);
        if (by > out->by) {
            out->by = by;
            out->side = side;
            out->offset = (size_t)pango_layout_iter_get_index(iter);
        }
    } while (pango_layout_iter_next_cluster(iter));
    pango_layout_iter_free(iter);
    if (!out->side) { /* the whole reaches out, no one cluster: the runs */
        out->by = reach(&ink, left, top, right, bottom, &out->side);
        out->offset = 0;
    }
    return out->by > tolerance;
}
