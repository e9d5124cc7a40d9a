/* The floor: the benchmark's workload (an A5 offer flyer per document, as
 * layouts/offer-flyer.yaml draws it: a coloured band with the category icon
 * and name, eleven paragraphs, a rule, the QR code and a footer) as plain
 * Cairo, Pango, librsvg and libqrencode calls, with no layout engine, no
 * content files, no checks and no caching. Every library is used the
 * cheapest way it offers: the icon is read once, the QR code is one stencil
 * mask. What outreach costs above this is the engine's own cost.
 *
 *   floor FONTS_DIR ICON.svg OUT_DIR COUNT [WIDTH_MM HEIGHT_MM] */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Per language: category, name, description, and the labels. */
static const char *const texts[][9] = {
    {"de", "Beratung", "Beratungsstelle Erfurt 17",
     "Beratung und Hilfe für Zugewanderte, offen für alle.", "Adresse",
     "Öffnungszeiten", "Telefon", "Wir sprechen",
     "Mehr in Ihrer Sprache: Code scannen."},
    {"en", "Advice", "Beratungsstelle Erfurt 17",
     "Advice and help for newcomers, open to everyone.", "Address",
     "Opening hours", "Phone", "We speak",
     "More in your language: scan the code."},
    {"ar", "استشارة", "Beratungsstelle Erfurt 17",
     "استشارة ومساعدة للقادمين الجدد، مفتوحة للجميع.", "العنوان",
     "أوقات الدوام", "الهاتف", "نتحدث",
     "لمزيد من المعلومات بلغتك: امسح الرمز."},
    {"fa", "مشاوره", "Beratungsstelle Erfurt 17", "مشاوره و کمک برای مهاجران.",
     "نشانی", "ساعت کاری", "تلفن", "زبان‌ها",
     "برای اطلاعات بیشتر کد را اسکن کنید."},
    {"fr", "Conseil", "Beratungsstelle Erfurt 17",
     "Conseil et aide pour les nouveaux arrivants, ouvert à tous.", "Adresse",
     "Horaires", "Téléphone", "Nous parlons",
     "Plus dans votre langue : scannez le code."},
    {"es", "Asesoramiento", "Beratungsstelle Erfurt 17",
     "Asesoramiento y ayuda para personas recién llegadas.", "Dirección",
     "Horario", "Teléfono", "Hablamos", "Más en su idioma: escanee el código."},
    {"ru", "Консультации", "Beratungsstelle Erfurt 17",
     "Консультации и помощь для приезжих, открыто для всех.", "Адрес",
     "Часы работы", "Телефон", "Мы говорим",
     "Больше на вашем языке: отсканируйте код."},
};

static void text(cairo_t *cr, PangoContext *context, const char *lang,
                 const char *s, const char *font, double x, double y,
                 double width)
{
    PangoLayout *layout = pango_layout_new(context);
    PangoFontDescription *desc = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(
        attrs, pango_attr_language_new(pango_language_from_string(lang)));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    pango_layout_set_text(layout, s, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
}

static void qr_code(cairo_t *cr, const char *url, double x, double y,
                    double size)
{
    QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    int w = qr->width;
    cairo_surface_t *mask = cairo_image_surface_create(CAIRO_FORMAT_A1, w, w);
    cairo_surface_flush(mask);
    unsigned char *data = cairo_image_surface_get_data(mask);
    int stride = cairo_image_surface_get_stride(mask);
    memset(data, 0, (size_t)stride * (size_t)w);
    for (int row = 0; row < w; row++)
        for (int col = 0; col < w; col++)
            if (qr->data[row * w + col] & 1) {
                uint32_t *word = (uint32_t *)(void *)(data + row * stride);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                word[col / 32] |= UINT32_C(1) << (col % 32);
#else
                word[col / 32] |= UINT32_C(1) << (31 - col % 32);
#endif
            }
    cairo_surface_mark_dirty(mask);
    double module = size / (w + 8);
    cairo_save(cr);
    cairo_translate(cr, x + 4 * module, y + 4 * module);
    cairo_scale(cr, module, module);
    cairo_pattern_t *pattern = cairo_pattern_create_for_surface(mask);
    cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_mask(cr, pattern);
    cairo_pattern_destroy(pattern);
    cairo_restore(cr);
    cairo_surface_destroy(mask);
    QRcode_free(qr);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: floor FONTS_DIR ICON.svg OUT_DIR COUNT "
              "[WIDTH_MM HEIGHT_MM]\n",
              stderr);
        return 2;
    }
    int count = atoi(argv[4]);
    double mm = 72 / 25.4;
    double w = (argc > 6 ? atof(argv[5]) : 148) * mm;
    double h = (argc > 6 ? atof(argv[6]) : 210) * mm;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);

    FcConfig *config = FcConfigCreate();
    const char *fonts[] = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                           "NotoSansArabic-Regular.ttf",
                           "NotoSansArabic-Bold.ttf"};
    for (int i = 0; i < 4; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], fonts[i]);
        FcConfigAppFontAddFile(config, (const FcChar8 *)path);
    }
    FcConfigSetCurrent(config);
    PangoFontMap *map =
        pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    FcConfigDestroy(config);
    PangoContext *context = pango_font_map_create_context(map);
    RsvgHandle *icon = rsvg_handle_new_from_file(argv[2], NULL);
    if (!icon) {
        fprintf(stderr, "floor: cannot read %s\n", argv[2]);
        return 1;
    }

    /* The flyer's frames, scaled to the page (the card is smaller). */
    double s = w / (148 * mm), x = 12 * mm * s, tw = w - 2 * x;
    const char *bold = "Noto Sans, Noto Sans Arabic Bold";
    for (int n = 0; n < count; n++) {
        const char *const *t = texts[n % 7];
        char path[4096], url[512], font[64];
        snprintf(path, sizeof path, "%s/floor-%d.pdf", argv[3], n);
        snprintf(url, sizeof url,
                 "https://www.thueringen-hilft.de/%s/angebote/angebot-%05d"
                 "?utm_source=offer-flyer&utm_medium=print",
                 t[0], n);
        cairo_surface_t *surface = cairo_pdf_surface_create(path, w, h);
        cairo_t *cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 0.1, 0.4, 0.55);
        cairo_rectangle(cr, 0, 0, w, 34 * mm * s);
        cairo_fill(cr);
        RsvgRectangle box = {x, 8 * mm * s, 18 * mm * s, 18 * mm * s};
        rsvg_handle_render_document(icon, cr, &box, NULL);
        cairo_set_source_rgb(cr, 1, 1, 1);
        snprintf(font, sizeof font, "%s %.1f", bold, 16 * s);
        text(cr, context, t[0], t[1], font, 36 * mm * s, 12 * mm * s,
             100 * mm * s);

        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        snprintf(font, sizeof font, "%s %.1f", bold, 22 * s);
        text(cr, context, t[0], t[2], font, x, 42 * mm * s, tw);
        snprintf(font, sizeof font, "Noto Sans, Noto Sans Arabic %.1f", 11 * s);
        text(cr, context, t[0], t[3], font, x, 66 * mm * s, tw);
        cairo_rectangle(cr, x, 107 * mm * s, tw, 0.3 * mm);
        cairo_fill(cr);
        snprintf(font, sizeof font, "%s %.1f", bold, 9 * s);
        text(cr, context, t[0], t[4], font, x, 110 * mm * s, tw);
        text(cr, context, t[0], t[5], font, x, 140 * mm * s, tw);
        snprintf(font, sizeof font, "Noto Sans, Noto Sans Arabic %.1f", 10 * s);
        text(cr, context, t[0], "Hauptstraße 12, 99084 Erfurt", font, x,
             115.5 * mm * s, tw);
        char contact[256];
        snprintf(contact, sizeof contact,
                 "%s: +49 361 555 %04d\ninfo%d@beispiel.example\n"
                 "angebot-%d.beispiel.example",
                 t[6], n % 10000, n, n);
        text(cr, context, t[0], contact, font, x, 122.5 * mm * s, tw);
        text(cr, context, t[0], "Mo–Fr 09:00–12:00, 13:00–16:00", font, x,
             145.5 * mm * s, tw);
        snprintf(font, sizeof font, "Noto Sans, Noto Sans Arabic %.1f",
                 8.5 * s);
        char spoken[128];
        snprintf(spoken, sizeof spoken, "%s: English, Deutsch, العربية", t[7]);
        text(cr, context, t[0], spoken, font, x, 166.5 * mm * s, tw);
        text(cr, context, t[0], t[8], font, x, 180 * mm * s, 94 * mm * s);
        qr_code(cr, url, w - x - 25 * mm * s, 175 * mm * s, 25 * mm * s);

        cairo_set_source_rgb(cr, 0.06, 0.36, 0.43);
        cairo_rectangle(cr, 0, h - 10 * mm * s, w, 10 * mm * s);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        snprintf(font, sizeof font, "%s %.1f", bold, 9 * s);
        text(cr, context, t[0], "Thüringen hilft · www.thueringen-hilft.de",
             font, x, h - 8 * mm * s, tw);
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "floor: %s: %s\n", path,
                    cairo_status_to_string(cairo_surface_status(surface)));
            return 1;
        }
        cairo_surface_destroy(surface);
    }
    g_object_unref(icon);
    g_object_unref(context);
    g_object_unref(map);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) +
                     (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%d %.3f\n", count, seconds);
    return 0;
}
