/* A QR code as a one-glyph TrueType font (see qrfont.h). Table layouts
 * follow the OpenType specification (ISO/IEC 14496-22): the font has the
 * tables FreeType and cairo's TrueType subsetter read (head, hhea, maxp,
 * hmtx, loca, glyf, name, post) and no cmap: the glyph is drawn by index. */
#include "qrfont.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Big-endian writers into a buffer sized in advance (every table's size
 * is known from the outline): no bounds checks on the way. */
typedef struct {
    unsigned char *data;
    size_t len;
} bytes;

static void put8(bytes *out, unsigned value)
{
    out->data[out->len++] = (unsigned char)value;
}

static void put16(bytes *out, unsigned value)
{
    out->data[out->len++] = (unsigned char)(value >> 8);
    out->data[out->len++] = (unsigned char)value;
}

static void put32(bytes *out, uint32_t value)
{
    put16(out, (unsigned)(value >> 16));
    put16(out, (unsigned)(value & 0xffff));
}

static void pad4(bytes *out)
{
    while (out->len % 4)
        put8(out, 0);
}

/* Flags of a simple glyph's points ('glyf' table). */
enum {
    ON_CURVE = 0x01,
    X_SHORT = 0x02,
    Y_SHORT = 0x04,
    X_SAME_OR_POSITIVE = 0x10,
    Y_SAME_OR_POSITIVE = 0x20
};

/* One coordinate delta: its flag bits and bytes (none when zero). */
static unsigned delta_flags(int delta, unsigned short_bit, unsigned same_bit)
{
    if (delta == 0)
        return same_bit;
    if (delta > -256 && delta < 256)
        return short_bit | (delta > 0 ? same_bit : 0);
    return 0;
}

static void put_delta(bytes *out, int delta, unsigned flags, unsigned short_bit,
                      unsigned same_bit)
{
    if (flags & short_bit)
        put8(out, (unsigned)(delta < 0 ? -delta : delta));
    else if (!(flags & same_bit)) {
        put16(out, (unsigned)(delta & 0xffff));
    }
}

/* The glyph: every contour of the outline, y flipped to the font's y-up
 * space and the point order reversed, so outer boundaries stay clockwise
 * as TrueType expects and holes counter-clockwise. */
static void put_glyph(bytes *out, const otr_qr_contour *contours, size_t count,
                      int width, size_t *points_out)
{
    size_t points = 0;
    for (size_t c = 0; c < count; c++)
        points += contours[c].count;
    *points_out = points;

    put16(out, (unsigned)count);
    put16(out, 0);               /* xMin */
    put16(out, 0);               /* yMin */
    put16(out, (unsigned)width); /* xMax */
    put16(out, (unsigned)width); /* yMax */
    size_t end = 0;
    for (size_t c = 0; c < count; c++) {
        end += contours[c].count;
        put16(out, (unsigned)(end - 1));
    }
    put16(out, 0); /* no instructions */

    /* Points in font order: contour by contour, each reversed. */
    otr_qr_point *ordered = otr_xmalloc(points * sizeof *ordered);
    size_t at = 0;
    for (size_t c = 0; c < count; c++) {
        for (size_t i = contours[c].count; i-- > 0;) {
            otr_qr_point p = contours[c].points[i];
            ordered[at++] = (otr_qr_point){p.x, width - p.y};
        }
    }
    unsigned char *flags = out->data + out->len;
    int x = 0, y = 0;
    for (size_t i = 0; i < points; i++) {
        int dx = ordered[i].x - x, dy = ordered[i].y - y;
        flags[i] =
            (unsigned char)(ON_CURVE |
                            delta_flags(dx, X_SHORT, X_SAME_OR_POSITIVE) |
                            delta_flags(dy, Y_SHORT, Y_SAME_OR_POSITIVE));
        x = ordered[i].x;
        y = ordered[i].y;
    }
    out->len += points;
    x = 0;
    for (size_t i = 0; i < points; i++) {
        put_delta(out, ordered[i].x - x, flags[i], X_SHORT, X_SAME_OR_POSITIVE);
        x = ordered[i].x;
    }
    y = 0;
    for (size_t i = 0; i < points; i++) {
        put_delta(out, ordered[i].y - y, flags[i], Y_SHORT, Y_SAME_OR_POSITIVE);
        y = ordered[i].y;
    }
    free(ordered);
}

/* The PostScript name the PDF shows for the font (pdffonts). */
static const char font_name[] = "OutreachQRCode";

static void build_name(bytes *out)
{
    size_t length = sizeof font_name - 1;
    put16(out, 0);      /* format */
    put16(out, 1);      /* one record */
    put16(out, 6 + 12); /* strings follow the record */
    /* Macintosh, Roman, English: PostScript name (name ID 6). */
    put16(out, 1);
    put16(out, 0);
    put16(out, 0);
    put16(out, 6);
    put16(out, (unsigned)length);
    put16(out, 0);
    memcpy(out->data + out->len, font_name, length);
    out->len += length;
}

/* Where each table lies in the font file. */
typedef struct {
    const char *tag;
    size_t offset, length;
} table_entry;

static uint32_t checksum(const unsigned char *data, size_t length)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < length; i += 4) {
        uint32_t word = 0;
        for (size_t j = 0; j < 4; j++)
            word = (word << 8) | (i + j < length ? data[i + j] : 0u);
        sum += word;
    }
    return sum;
}

/* The whole font file; *SIZE gets its length. The caller frees it. */
static unsigned char *build_font(otr_qr *qr, size_t *size)
{
    int width = otr_qr_width(qr);
    size_t contour_count = 0;
    const otr_qr_contour *contours = otr_qr_outline(qr, &contour_count);
    size_t point_count = 0;
    for (size_t c = 0; c < contour_count; c++)
        point_count += contours[c].count;

    /* In tag order, as the table directory must be. */
    enum { GLYF, HEAD, HHEA, HMTX, LOCA, MAXP, NAME, POST, TABLE_COUNT };
    table_entry tables[TABLE_COUNT] = {
        {"glyf", 0, 0}, {"head", 0, 0}, {"hhea", 0, 0}, {"hmtx", 0, 0},
        {"loca", 0, 0}, {"maxp", 0, 0}, {"name", 0, 0}, {"post", 0, 0}};
    size_t directory = 12 + 16 * TABLE_COUNT;
    /* The glyph: a header, the contour ends and at most five bytes a
     * point; the other tables are small and fixed. */
    size_t capacity = directory + 12 + 2 * contour_count + 5 * point_count +
                      512 + sizeof font_name;
    bytes font = {otr_xcalloc(capacity, 1), directory};
    size_t glyph_length = 0;

    for (int t = 0; t < TABLE_COUNT; t++) {
        tables[t].offset = font.len;
        bytes *out = &font;
        switch (t) {
        case GLYF:
            put_glyph(out, contours, contour_count, width, &point_count);
            glyph_length = font.len - tables[t].offset;
            break;
        case HEAD:
            put32(out, 0x00010000);      /* version */
            put32(out, 0x00010000);      /* fontRevision */
            put32(out, 0);               /* checksumAdjustment, below */
            put32(out, 0x5F0F3CF5);      /* magicNumber */
            put16(out, 0x000B);          /* baseline, lsb at 0; integer ppem */
            put16(out, (unsigned)width); /* unitsPerEm: a unit a module */
            for (int i = 0; i < 4; i++)  /* created, modified: fixed, so */
                put32(out, 0);           /* the bytes never follow the clock */
            put16(out, 0);               /* xMin */
            put16(out, 0);               /* yMin */
            put16(out, (unsigned)width); /* xMax */
            put16(out, (unsigned)width); /* yMax */
            put16(out, 0);               /* macStyle */
            put16(out, 8);               /* lowestRecPPEM */
            put16(out, 2);               /* fontDirectionHint */
            put16(out, 1);               /* indexToLocFormat: 32-bit */
            put16(out, 0);               /* glyphDataFormat */
            break;
        case HHEA:
            put32(out, 0x00010000);
            put16(out, (unsigned)width); /* ascender */
            put16(out, 0);               /* descender */
            put16(out, 0);               /* lineGap */
            put16(out, (unsigned)width); /* advanceWidthMax */
            put16(out, 0);               /* minLeftSideBearing */
            put16(out, 0);               /* minRightSideBearing */
            put16(out, (unsigned)width); /* xMaxExtent */
            put16(out, 1);               /* caretSlopeRise */
            for (int i = 0; i < 6; i++)  /* caretSlopeRun, caretOffset, */
                put16(out, 0);           /* reserved */
            put16(out, 0);               /* metricDataFormat */
            put16(out, 2);               /* numberOfHMetrics */
            break;
        case HMTX:
            for (int glyph = 0; glyph < 2; glyph++) {
                put16(out, (unsigned)width); /* advance */
                put16(out, 0);               /* left side bearing */
            }
            break;
        case LOCA:
            put32(out, 0); /* .notdef is empty */
            put32(out, 0);
            put32(out, (uint32_t)glyph_length);
            break;
        case MAXP:
            put32(out, 0x00010000);
            put16(out, 2);                       /* numGlyphs */
            put16(out, (unsigned)point_count);   /* maxPoints */
            put16(out, (unsigned)contour_count); /* maxContours */
            put16(out, 0);                       /* maxCompositePoints */
            put16(out, 0);                       /* maxCompositeContours */
            put16(out, 2);                       /* maxZones */
            for (int i = 0; i < 8; i++)          /* no hinting at all */
                put16(out, 0);
            break;
        case NAME:
            build_name(out);
            break;
        case POST:
            put32(out, 0x00030000); /* version 3: no glyph names */
            for (int i = 0; i < 7; i++)
                put32(out, 0);
            break;
        }
        tables[t].length = font.len - tables[t].offset;
        pad4(&font);
    }
    *size = font.len;

    bytes header = {font.data, 0};
    put32(&header, 0x00010000); /* TrueType outlines */
    put16(&header, TABLE_COUNT);
    put16(&header, 128); /* searchRange: 16 * 2^floor(log2(8)) */
    put16(&header, 3);   /* entrySelector */
    put16(&header, TABLE_COUNT * 16 - 128);
    for (int t = 0; t < TABLE_COUNT; t++) {
        memcpy(header.data + header.len, tables[t].tag, 4);
        header.len += 4;
        put32(&header,
              checksum(font.data + tables[t].offset, tables[t].length));
        put32(&header, (uint32_t)tables[t].offset);
        put32(&header, (uint32_t)tables[t].length);
    }
    bytes adjustment = {font.data, tables[HEAD].offset + 8};
    put32(&adjustment, 0xB1B0AFBA - checksum(font.data, font.len));
    return font.data;
}

/* What a font face keeps alive: FreeType's face and the bytes it reads. */
typedef struct {
    FT_Face face;
    unsigned char *data;
} qr_font;

static FT_Library library;
static const cairo_user_data_key_t qr_font_key;

static void qr_font_free(void *closure)
{
    qr_font *font = closure;
    FT_Done_Face(font->face);
    free(font->data);
    free(font);
}

cairo_font_face_t *otr_qr_font_face(otr_qr *qr)
{
    if (!library && FT_Init_FreeType(&library) != 0) {
        library = NULL;
        return NULL;
    }
    qr_font *font = otr_xcalloc(1, sizeof *font);
    size_t size = 0;
    font->data = build_font(qr, &size);
    if (FT_New_Memory_Face(library, font->data, (FT_Long)size, 0,
                           &font->face) != 0) {
        free(font->data);
        free(font);
        return NULL;
    }
    cairo_font_face_t *face =
        cairo_ft_font_face_create_for_ft_face(font->face, FT_LOAD_NO_HINTING);
    if (cairo_font_face_set_user_data(face, &qr_font_key, font, qr_font_free) !=
        CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(face);
        qr_font_free(font);
        return NULL;
    }
    return face;
}
