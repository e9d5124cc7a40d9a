/* The floor: the benchmark's workload (an A5 offer flyer per document) as
 * plain Cairo, Pango and libqrencode calls, with no layout engine, no
 * content files and no checks. What outreach costs above this is the
 * engine's own cost.
 *
 *   floor FONTS_DIR OUT_DIR COUNT */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const texts[][3] = {
    {"de", "Beratungsstelle Erfurt 17",
     "Beratung und Hilfe für Zugewanderte, offen für alle."},
    {"en", "Beratungsstelle Erfurt 17",
     "Advice and help for newcomers, open to everyone."},
    {"ar", "Beratungsstelle Erfurt 17",
     "استشارة ومساعدة للقادمين الجدد، مفتوحة للجميع."},
    {"fa", "Beratungsstelle Erfurt 17", "مشاوره و کمک برای مهاجران."},
    {"fr", "Beratungsstelle Erfurt 17",
     "Conseil et aide pour les nouveaux arrivants, ouvert à tous."},
    {"es", "Beratungsstelle Erfurt 17",
     "Asesoramiento y ayuda para personas recién llegadas."},
    {"ru", "Beratungsstelle Erfurt 17",
     "Консультации и помощь для приезжих, открыто для всех."},
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

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: floor FONTS_DIR OUT_DIR COUNT\n", stderr);
        return 2;
    }
    int count = atoi(argv[3]);
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
    PangoFontMap *map =
        pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    FcConfigDestroy(config);
    PangoContext *context = pango_font_map_create_context(map);

    double w = 148 * 72 / 25.4, h = 210 * 72 / 25.4;
    for (int n = 0; n < count; n++) {
        const char *const *t = texts[n % 7];
        char path[4096], url[512];
        snprintf(path, sizeof path, "%s/floor-%d.pdf", argv[2], n);
        snprintf(url, sizeof url,
                 "https://www.thueringen-hilft.de/%s/angebote/angebot-%05d"
                 "?utm_source=offer-flyer&utm_medium=print",
                 t[0], n);
        cairo_surface_t *surface = cairo_pdf_surface_create(path, w, h);
        cairo_t *cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 0.1, 0.4, 0.55);
        cairo_rectangle(cr, 0, 0, w, 96);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text(cr, context, t[0], t[1], "Noto Sans, Noto Sans Arabic Bold 22", 34,
             120, w - 68);
        text(cr, context, t[0], t[2], "Noto Sans, Noto Sans Arabic 11", 34, 190,
             w - 68);
        text(cr, context, t[0], "Hauptstraße 12, 99084 Erfurt", "Noto Sans 10",
             34, 320, w - 68);
        text(cr, context, t[0], "+49 361 555 1234", "Noto Sans 10", 34, 340,
             w - 68);
        text(cr, context, t[0], "Mo–Fr 09:00–12:00", "Noto Sans 10", 34, 360,
             w - 68);
        QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        double module = 70.0 / (qr->width + 8);
        for (int y = 0; y < qr->width; y++)
            for (int x = 0; x < qr->width; x++)
                if (qr->data[y * qr->width + x] & 1)
                    cairo_rectangle(cr, 310 + (x + 4) * module,
                                    490 + (y + 4) * module, module, module);
        cairo_fill(cr);
        QRcode_free(qr);
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        cairo_surface_destroy(surface);
    }
    g_object_unref(context);
    g_object_unref(map);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) +
                     (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%d %.3f\n", count, seconds);
    return 0;
}
