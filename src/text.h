/* Text through Pango with the bundled fonts only. */
#ifndef OTR_TEXT_H
#define OTR_TEXT_H

#include <pango/pango.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"

typedef struct otr_fonts otr_fonts;

/* Loads every font file in DIR into a private fontconfig configuration:
 * system fonts are never seen, so output is the same on every machine.
 * Returns NULL after reporting an error. Free with otr_fonts_free. */
otr_fonts *otr_fonts_new(const char *dir, otr_diags *diags);
void otr_fonts_free(otr_fonts *fonts);

typedef struct {
    PangoLayout *layout;  /* owned: g_object_unref, or otr_text_fit_clear */
    double size;          /* the size chosen, pt */
    double width, height; /* logical extents at that size, pt */
    int lines;
    int fits;           /* 1 when the text fits at SIZE */
    int missing_glyphs; /* characters no bundled font has */
} otr_text_fit;

/* Lays out TEXT (UTF-8, may hold bidi isolates) as paragraphs in language
 * LANG with base direction RTL, in STYLE, wrapped at WIDTH points, and
 * shrinks it from the style's size towards its minimum until it fits
 * within WIDTH x HEIGHT points and MAX_LINES (0: any). ALIGN is logical:
 * start and end follow the direction of the page around the text (ALIGN_RTL),
 * so a German line in a Farsi poster lines up with the Farsi above it. */
void otr_text_fit_layout(otr_fonts *fonts, const char *text, const char *lang,
                         int rtl, const otr_style *style, otr_align align,
                         int align_rtl, double width, double height,
                         int max_lines, otr_text_fit *out);
void otr_text_fit_clear(otr_text_fit *fit);

/* Sets LAYOUT (laid out by otr_text_fit_layout) flush with the start edge
 * of its own reading direction (RTL: 1, the right edge) when it runs over
 * more than one line. A paragraph in a second language reads from a
 * straight edge on its own side: German under Arabic flush left, Arabic
 * under German flush right. A single line keeps the page's alignment and
 * stays paired with the line above it. Alignment moves lines within the
 * width and changes no line break or height. */
void otr_text_align_paragraph(PangoLayout *layout, int rtl);

/* A character no bundled font has: its Unicode scalar value and the byte
 * offset of its first use in the layout's text. */
typedef struct {
    uint32_t c;
    size_t offset;
} otr_missing_char;

/* The characters of LAYOUT's text that no bundled font has, each once, in
 * the order of the text: up to MAX of them into CHARS. Returns how many
 * were stored. */
size_t otr_text_missing_chars(PangoLayout *layout, otr_missing_char *chars,
                              size_t max);

/* How far the ink of a laid-out text reaches past a rectangle: the side
 * ("above", "below", "left", "right": physical, the page's own) and the
 * distance, pt, of the cluster (a letter with its marks) that reaches
 * furthest, and that cluster's byte offset in the layout's text. */
typedef struct {
    const char *side;
    double by;
    size_t offset;
} otr_ink_overflow;

/* Whether the ink of LAYOUT, with its origin at (0, 0), leaves the
 * rectangle LEFT..RIGHT x TOP..BOTTOM (pt, y downwards) by more than
 * TOLERANCE pt on any side. Returns 1 and fills OUT when it does, else 0.
 * Ink is what the glyphs draw (Pango's ink extents), not their advance:
 * stacked combining marks have ink far above their line. */
int otr_text_ink_overflow(PangoLayout *layout, double left, double top,
                          double right, double bottom, double tolerance,
                          otr_ink_overflow *out);

#endif
