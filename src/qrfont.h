/* A QR code's outline as the one glyph of a TrueType font, for PDF output.
 *
 * Cairo writes a path into a PDF by formatting every coordinate as a
 * decimal number (the outline of a version 5 code has some 2,000), which
 * costs as much as the rest of a postcard together. A TrueType font's
 * glyph is the same filled path (non-zero winding, ISO/IEC 14496-22 'glyf'
 * table) kept in binary: cairo embeds it by copying the bytes (FontFile2),
 * and every renderer fills it as one path with exact module edges. Only
 * qrfont.c sees FreeType. */
#ifndef OTR_QRFONT_H
#define OTR_QRFONT_H

#include <cairo.h>

#include "qr.h"

/* The glyph that draws QR's dark modules (without the quiet zone). */
#define OTR_QR_GLYPH 1

/* A font face whose glyph OTR_QR_GLYPH is the outline of QR's dark modules:
 * one font unit per module, an em as wide as the symbol (WIDTH modules),
 * the symbol's bottom-left corner at the glyph origin. Drawn with a font
 * size of the symbol's side (pt) and the glyph at the symbol's bottom-left
 * corner, it covers exactly the dark modules. The caller owns the face
 * (cairo_font_face_destroy); it holds its own copy of the font data.
 * Returns NULL when FreeType cannot load the font (the caller then draws
 * the outline as a path). */
cairo_font_face_t *otr_qr_font_face(otr_qr *qr);

#endif
