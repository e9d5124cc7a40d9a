/* QR codes: encoding (libqrencode) and the vector outline of the dark
 * modules. Only qr.c includes qrencode.h. */
#ifndef OTR_QR_H
#define OTR_QR_H

#include <stddef.h>

typedef enum {
    OTR_QR_ECC_L,
    OTR_QR_ECC_M,
    OTR_QR_ECC_Q,
    OTR_QR_ECC_H
} otr_qr_ecc;

typedef struct otr_qr otr_qr;

/* A vertex of the outline, in module units; (0,0) is the top-left corner of
 * the symbol (without quiet zone), x grows right, y grows down. */
typedef struct {
    int x, y;
} otr_qr_point;

/* One closed polygon of the outline. The last point connects back to the
 * first. Outer boundaries run clockwise (on screen, y down), holes
 * counter-clockwise, so the whole outline fills correctly with the non-zero
 * winding rule and with even-odd alike. Consecutive edges are never
 * collinear. */
typedef struct {
    const otr_qr_point *points;
    size_t count;
} otr_qr_contour;

/* Encodes TEXT (8-bit mode, case-sensitive) with the given error correction
 * level, choosing the smallest version that fits. Returns NULL when the text
 * does not fit in any version or on invalid arguments. The caller owns the
 * result: free it with otr_qr_free. */
otr_qr *otr_qr_encode(const char *text, otr_qr_ecc ecc);

/* Builds a symbol from a given module matrix (row-major, width*width bytes,
 * non-zero = dark); for tests. The caller owns the result. */
otr_qr *otr_qr_from_modules(const unsigned char *modules, int width);

void otr_qr_free(otr_qr *qr);

/* Modules per side, without the quiet zone. */
int otr_qr_width(const otr_qr *qr);

/* QR version (1..40), or 0 for a symbol made by otr_qr_from_modules. */
int otr_qr_version(const otr_qr *qr);

/* 1 when the module at column X, row Y is dark; 0 when light or outside. */
int otr_qr_dark(const otr_qr *qr, int x, int y);

/* The outline of all dark modules as closed polygons, traced on first use. The
 * array and the points belong to QR and stay valid until otr_qr_free. */
const otr_qr_contour *otr_qr_outline(otr_qr *qr, size_t *count);

/* What a renderer made from QR once and reuses for every copy drawn (the
 * PDF writer's glyph font): NULL until set. Setting it releases what was
 * there with its DRAWING_FREE; otr_qr_free releases the last one. */
void *otr_qr_drawing(const otr_qr *qr);
void otr_qr_set_drawing(otr_qr *qr, void *drawing,
                        void (*drawing_free)(void *));

/* ---- Print contrast ----------------------------------------------------
 * ISO/IEC 18004 (QR Code) leaves print quality to ISO/IEC 15415, which
 * grades a 2D symbol's symbol contrast SC = Rmax - Rmin, the reflectance of
 * its light areas minus that of its dark modules: A from 70 %, B from
 * 55 %, C from 40 %, D from 20 %, F below. Application standards ask for
 * grade C or better of printed symbols, and phone cameras read grade C
 * reliably; below it they fail first in poor light. The program draws the
 * light modules and quiet zone white, so SC depends on the dark colour
 * alone. */
#define OTR_QR_MIN_SYMBOL_CONTRAST 0.40 /* grade C */

/* The symbol contrast (0..1) of dark modules in the sRGB colour R, G, B
 * (each 0..1) on white: 1 minus the colour's relative luminance (sRGB
 * decoded to linear light, weighted as ITU-R BT.709 does), the share of
 * light a white-lit print reflects to a camera. */
double otr_qr_symbol_contrast(double r, double g, double b);

/* The ISO/IEC 15415 grade letter of symbol contrast SC: 'A' to 'D', 'F'. */
char otr_qr_contrast_grade(double sc);

#endif
