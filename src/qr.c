/* QR codes: encoding via libqrencode and the vector outline of the dark
 * modules.
 *
 * The outline is traced on the grid of module corners. Every unit edge that
 * separates a dark module from a light one (or from the outside) becomes a
 * directed edge with the dark module on its right-hand side (screen
 * coordinates, y down), so outer boundaries run clockwise and holes
 * counter-clockwise. Edges are then chained into loops; only the vertices
 * where the direction changes are kept. */
#include "qr.h"

#include <math.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct otr_qr {
    int width;
    int version;
    unsigned char *modules; /* width * width, 1 = dark */
    otr_qr_contour *contours;
    size_t contour_count;
    otr_qr_point *points; /* storage for all contours, back to back */
    int outlined;         /* contours built (on first use) */
    void *drawing;        /* a renderer's resource for this code */
    void (*drawing_free)(void *);
};

/* Directions in clockwise order, so that (d + 1) % 4 is a right turn and
 * (d + 3) % 4 a left turn on screen. */
enum { DIR_EAST, DIR_SOUTH, DIR_WEST, DIR_NORTH, DIR_COUNT };

static int module_dark(const otr_qr *qr, int x, int y)
{
    if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
        return 0;
    return qr->modules[(size_t)y * (size_t)qr->width + (size_t)x];
}

/* Bit set of outgoing boundary edges for every corner of the module grid
 * ((width + 1)^2 corners, row-major). The modules are first copied into a
 * grid with a light border, so no neighbour needs a bounds check. */
static unsigned char *collect_boundary_edges(const otr_qr *qr)
{
    size_t width = (size_t)qr->width, side = width + 1, padded = width + 2;
    unsigned char *grid = otr_xcalloc(padded * padded, 1);
    for (size_t y = 0; y < width; y++)
        memcpy(grid + (y + 1) * padded + 1, qr->modules + y * width, width);
    unsigned char *out = otr_xcalloc(side * side, 1);

    for (size_t y = 0; y < width; y++) {
        const unsigned char *row = grid + (y + 1) * padded + 1;
        for (size_t x = 0; x < width; x++) {
            if (!row[x])
                continue;
            size_t top_left = y * side + x;
            if (!row[x - padded])
                out[top_left] |= 1u << DIR_EAST;
            if (!row[x + 1])
                out[top_left + 1] |= 1u << DIR_SOUTH;
            if (!row[x + padded])
                out[top_left + side + 1] |= 1u << DIR_WEST;
            if (!row[x - 1])
                out[top_left + side] |= 1u << DIR_NORTH;
        }
    }
    free(grid);
    return out;
}

/* The edge to leave a corner by after arriving in direction INCOMING. Where
 * two dark modules touch only diagonally the corner has two ways out; always
 * preferring the right turn keeps each loop hugging its own module, so loops
 * meet at such corners without crossing (dark regions are traced as
 * 4-connected). A U-turn is impossible on a boundary. */
static int next_direction(unsigned edges, int incoming)
{
    int right = (incoming + 1) & 3, left = (incoming + 3) & 3;
    if (edges & (1u << right))
        return right;
    if (edges & (1u << incoming))
        return incoming;
    if (edges & (1u << left))
        return left;
    abort(); /* every corner has as many edges out as in */
}

/* Growable buffer of points. */
typedef struct {
    otr_qr_point *items;
    size_t count, capacity;
} point_buffer;

static void point_buffer_push(point_buffer *buf, otr_qr_point p)
{
    if (buf->count == buf->capacity)
        buf->items = otr_grow(buf->items, &buf->capacity, buf->count + 1,
                              sizeof *buf->items);
    buf->items[buf->count++] = p;
}

static void build_outline(otr_qr *qr)
{
    qr->outlined = 1;
    size_t side = (size_t)qr->width + 1;
    unsigned char *edges = collect_boundary_edges(qr);
    /* The turning rule sees all edges of a corner, used or not, so it pairs
     * incoming with outgoing edges once and for all and every loop ends
     * exactly where it began. */
    unsigned char *used = otr_xcalloc(side * side, 1);
    const ptrdiff_t step[DIR_COUNT] = {1, (ptrdiff_t)side, -1,
                                       -(ptrdiff_t)side};

    point_buffer corners = {0};
    size_t *contour_starts = NULL;
    size_t contour_capacity = 0;

    for (size_t start = 0; start < side * side; start++) {
        for (int start_dir = 0; start_dir < DIR_COUNT; start_dir++) {
            unsigned bit = 1u << start_dir;
            if (!(edges[start] & bit) || (used[start] & bit))
                continue;

            size_t first = corners.count;
            size_t corner = start;
            int dir = start_dir, previous = -1;
            do {
                used[corner] |= (unsigned char)(1u << dir);
                /* Keep only corners: a vertex inside a straight run is
                 * redundant. */
                if (dir != previous)
                    point_buffer_push(&corners,
                                      (otr_qr_point){(int)(corner % side),
                                                     (int)(corner / side)});
                previous = dir;
                corner = (size_t)((ptrdiff_t)corner + step[dir]);
                dir = next_direction(edges[corner], dir);
            } while (corner != start || dir != start_dir);
            /* The start is a corner only where the loop turns into it. */
            if (previous == start_dir) {
                memmove(corners.items + first, corners.items + first + 1,
                        (corners.count - first - 1) * sizeof *corners.items);
                corners.count--;
            }

            if (qr->contour_count == contour_capacity)
                contour_starts =
                    otr_grow(contour_starts, &contour_capacity,
                             qr->contour_count + 1, sizeof *contour_starts);
            contour_starts[qr->contour_count++] = first;
        }
    }

    /* Contours point into the final point array, so they are filled in only
     * after it has stopped moving. */
    qr->points = corners.items;
    qr->contours = otr_xmalloc(qr->contour_count * sizeof *qr->contours);
    for (size_t i = 0; i < qr->contour_count; i++) {
        size_t end =
            i + 1 < qr->contour_count ? contour_starts[i + 1] : corners.count;
        qr->contours[i].points = qr->points + contour_starts[i];
        qr->contours[i].count = end - contour_starts[i];
    }

    free(contour_starts);
    free(used);
    free(edges);
}

/* Takes ownership of MODULES (width * width bytes, 0 or 1). */
static otr_qr *qr_create(unsigned char *modules, int width, int version)
{
    otr_qr *qr = otr_xmalloc(sizeof *qr);
    *qr = (otr_qr){.width = width, .version = version, .modules = modules};
    return qr;
}

otr_qr *otr_qr_encode(const char *text, otr_qr_ecc ecc)
{
    if (!text)
        return NULL;

    QRecLevel level;
    switch (ecc) {
    case OTR_QR_ECC_L:
        level = QR_ECLEVEL_L;
        break;
    case OTR_QR_ECC_M:
        level = QR_ECLEVEL_M;
        break;
    case OTR_QR_ECC_Q:
        level = QR_ECLEVEL_Q;
        break;
    case OTR_QR_ECC_H:
        level = QR_ECLEVEL_H;
        break;
    default:
        return NULL;
    }

    QRcode *code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
    if (!code)
        return NULL;

    size_t count = (size_t)code->width * (size_t)code->width;
    unsigned char *modules = otr_xmalloc(count);
    for (size_t i = 0; i < count; i++)
        modules[i] = code->data[i] & 1; /* the other bits describe roles */
    int width = code->width, version = code->version;
    QRcode_free(code);

    return qr_create(modules, width, version);
}

otr_qr *otr_qr_from_modules(const unsigned char *modules, int width)
{
    if (!modules || width <= 0)
        return NULL;

    size_t count = (size_t)width * (size_t)width;
    unsigned char *copy = otr_xmalloc(count);
    for (size_t i = 0; i < count; i++)
        copy[i] = modules[i] != 0;
    return qr_create(copy, width, 0);
}

void otr_qr_free(otr_qr *qr)
{
    if (!qr)
        return;
    if (qr->drawing_free)
        qr->drawing_free(qr->drawing);
    free(qr->modules);
    free(qr->contours);
    free(qr->points);
    free(qr);
}

int otr_qr_width(const otr_qr *qr)
{
    return qr->width;
}

int otr_qr_version(const otr_qr *qr)
{
    return qr->version;
}

int otr_qr_dark(const otr_qr *qr, int x, int y)
{
    return module_dark(qr, x, y);
}

const otr_qr_contour *otr_qr_outline(otr_qr *qr, size_t *count)
{
    if (!qr->outlined)
        build_outline(qr);
    *count = qr->contour_count;
    return qr->contours;
}

void *otr_qr_drawing(const otr_qr *qr)
{
    return qr->drawing;
}

void otr_qr_set_drawing(otr_qr *qr, void *drawing, void (*drawing_free)(void *))
{
    if (qr->drawing_free)
        qr->drawing_free(qr->drawing);
    qr->drawing = drawing;
    qr->drawing_free = drawing_free;
}

/* sRGB (IEC 61966-2-1) to linear light. */
static double linear(double channel)
{
    return channel <= 0.04045 ? channel / 12.92
                              : pow((channel + 0.055) / 1.055, 2.4);
}

double otr_qr_symbol_contrast(double r, double g, double b)
{
    double luminance =
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    return 1.0 - luminance;
}

char otr_qr_contrast_grade(double sc)
{
    if (sc >= 0.70)
        return 'A';
    if (sc >= 0.55)
        return 'B';
    if (sc >= 0.40)
        return 'C';
    if (sc >= 0.20)
        return 'D';
    return 'F';
}
