/* Unit test for src/qr.c: QR encoding and the vector outline of the dark
 * modules. Standalone; exits non-zero and explains on stderr on failure.
 *
 * The outline is checked against the module matrix by geometry alone: at
 * every module centre the winding number must be +1 for dark and 0 for
 * light, the even-odd parity must agree, and the outline must be exactly as
 * long as the dark/light boundary, which rules out overlapping or internal
 * edges (such as one rectangle per module). */
#include "qr.h"

#include <qrencode.h> /* only to compare against the library's own matrix */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("test_qr: FAIL: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    failures++;
}

/* Twice the signed area; positive means clockwise on screen (y down). */
static long doubled_signed_area(const otr_qr_contour *c)
{
    long sum = 0;
    for (size_t i = 0; i < c->count; i++) {
        otr_qr_point a = c->points[i], b = c->points[(i + 1) % c->count];
        sum += (long)a.x * b.y - (long)b.x * a.y;
    }
    return sum;
}

/* Winding number and ray crossings at the point (hx / 2, hy / 2), with hx
 * and hy odd so that the point never lies on a grid line. Casts a ray
 * towards +x; a downward edge (clockwise on screen) counts +1. Assumes
 * axis-parallel edges, which check_outline verifies separately. */
static void wind(const otr_qr_contour *contours, size_t count, int hx, int hy,
                 int *winding, int *crossings)
{
    *winding = 0;
    *crossings = 0;
    for (size_t i = 0; i < count; i++) {
        const otr_qr_contour *c = &contours[i];
        for (size_t j = 0; j < c->count; j++) {
            otr_qr_point a = c->points[j], b = c->points[(j + 1) % c->count];
            if (a.x != b.x || 2 * a.x < hx)
                continue;
            int low = a.y < b.y ? a.y : b.y, high = a.y < b.y ? b.y : a.y;
            if (2 * low < hy && hy < 2 * high) {
                *winding += b.y > a.y ? 1 : -1;
                ++*crossings;
            }
        }
    }
}

/* Unit edges between a dark module and a light one or the outside. */
static long boundary_length(const otr_qr *qr)
{
    int w = otr_qr_width(qr);
    long length = 0;
    for (int y = -1; y <= w; y++) {
        for (int x = -1; x <= w; x++) {
            int here = otr_qr_dark(qr, x, y);
            length += here != otr_qr_dark(qr, x + 1, y);
            length += here != otr_qr_dark(qr, x, y + 1);
        }
    }
    return length;
}

/* Verifies every property the outline promises; LABEL names the case in
 * messages. Returns the number of new failures. */
static int check_outline(otr_qr *qr, const char *label)
{
    int before = failures;
    int w = otr_qr_width(qr);
    size_t count;
    const otr_qr_contour *contours = otr_qr_outline(qr, &count);
    long perimeter = 0;

    for (size_t i = 0; i < count; i++) {
        const otr_qr_contour *c = &contours[i];
        if (c->count < 4) {
            fail("%s: contour %zu has only %zu points", label, i, c->count);
            continue;
        }
        for (size_t j = 0; j < c->count; j++) {
            otr_qr_point a = c->points[j];
            otr_qr_point b = c->points[(j + 1) % c->count];
            otr_qr_point n = c->points[(j + 2) % c->count];
            if (a.x < 0 || a.y < 0 || a.x > w || a.y > w)
                fail("%s: contour %zu point %zu (%d,%d) outside 0..%d", label,
                     i, j, a.x, a.y, w);
            int dx = b.x - a.x, dy = b.y - a.y;
            int next_dx = n.x - b.x, next_dy = n.y - b.y;
            if ((dx != 0) == (dy != 0))
                fail("%s: contour %zu edge %zu (%d,%d)->(%d,%d) is not a "
                     "non-empty axis-parallel edge",
                     label, i, j, a.x, a.y, b.x, b.y);
            /* Both edges are axis-parallel here, so collinear means both
             * horizontal or both vertical. */
            if ((dx == 0) == (next_dx == 0) && (dy == 0) == (next_dy == 0))
                fail("%s: contour %zu edges %zu and %zu are collinear at "
                     "(%d,%d)",
                     label, i, j, (j + 1) % c->count, b.x, b.y);
            perimeter += labs((long)dx) + labs((long)dy);
        }
    }

    long expected_perimeter = boundary_length(qr);
    if (perimeter != expected_perimeter)
        fail("%s: outline is %ld units long, the dark/light boundary %ld",
             label, perimeter, expected_perimeter);

    /* Includes one ring of modules outside the symbol, which must stay
     * empty. */
    for (int y = -1; y <= w; y++) {
        for (int x = -1; x <= w; x++) {
            int dark = otr_qr_dark(qr, x, y), winding, crossings;
            wind(contours, count, 2 * x + 1, 2 * y + 1, &winding, &crossings);
            if (winding < -1 || winding > 1)
                fail("%s: module (%d,%d) covered with winding %d", label, x, y,
                     winding);
            if ((winding != 0) != dark)
                fail("%s: module (%d,%d) is %s but has winding %d (non-zero "
                     "rule)",
                     label, x, y, dark ? "dark" : "light", winding);
            if ((crossings % 2 != 0) != dark)
                fail("%s: module (%d,%d) is %s but has %d crossings "
                     "(even-odd rule)",
                     label, x, y, dark ? "dark" : "light", crossings);
            if (dark && winding != 1)
                fail("%s: dark module (%d,%d) has winding %d, want +1 "
                     "(outer boundaries clockwise)",
                     label, x, y, winding);
        }
    }
    return failures - before;
}

static otr_qr *from_rows(const char *const *rows, int width)
{
    unsigned char modules[16 * 16];
    for (int y = 0; y < width; y++)
        for (int x = 0; x < width; x++)
            modules[y * width + x] = rows[y][x] == '#';
    return otr_qr_from_modules(modules, width);
}

/* Checks a hand-made matrix: the outline properties, then the expected
 * number of contours and of points in all of them together. */
static void check_matrix(const char *label, const char *const *rows, int width,
                         size_t contours_expected, size_t points_expected)
{
    otr_qr *qr = from_rows(rows, width);
    if (!qr) {
        fail("%s: otr_qr_from_modules returned NULL", label);
        return;
    }
    if (otr_qr_version(qr) != 0)
        fail("%s: version %d, want 0", label, otr_qr_version(qr));
    check_outline(qr, label);
    size_t count;
    const otr_qr_contour *contours = otr_qr_outline(qr, &count);
    if (count != contours_expected)
        fail("%s: %zu contours, want %zu", label, count, contours_expected);
    size_t points = 0;
    for (size_t i = 0; i < count; i++)
        points += contours[i].count;
    if (points != points_expected)
        fail("%s: %zu points in all contours, want %zu", label, points,
             points_expected);
    otr_qr_free(qr);
}

static void test_single_cell(void)
{
    static const char *const rows[] = {"...", ".#.", "..."};
    otr_qr *qr = from_rows(rows, 3);
    check_outline(qr, "single cell");
    size_t count;
    const otr_qr_contour *c = otr_qr_outline(qr, &count);
    if (count != 1 || c[0].count != 4) {
        fail("single cell: want 1 contour of 4 points, got %zu contours",
             count);
    } else {
        /* Clockwise on screen, starting anywhere. */
        static const otr_qr_point square[4] = {{1, 1}, {2, 1}, {2, 2}, {1, 2}};
        size_t start = 0;
        while (start < 4 && (c[0].points[0].x != square[start].x ||
                             c[0].points[0].y != square[start].y))
            start++;
        for (size_t i = 0; i < 4; i++) {
            const otr_qr_point *want = &square[(start + i) % 4];
            if (start == 4 || c[0].points[i].x != want->x ||
                c[0].points[i].y != want->y) {
                fail("single cell: point %zu is (%d,%d), not the clockwise "
                     "unit square around (1,1)",
                     i, c[0].points[i].x, c[0].points[i].y);
                break;
            }
        }
        if (doubled_signed_area(&c[0]) != 2)
            fail("single cell: doubled signed area %ld, want +2 (clockwise)",
                 doubled_signed_area(&c[0]));
    }
    otr_qr_free(qr);
}

static void test_ring(void)
{
    static const char *const rows[] = {"###", "#.#", "###"};
    check_matrix("ring", rows, 3, 2, 8);

    otr_qr *qr = from_rows(rows, 3);
    size_t count;
    const otr_qr_contour *c = otr_qr_outline(qr, &count);
    long outer = 0, hole = 0;
    for (size_t i = 0; i < count; i++) {
        if (c[i].count != 4)
            fail("ring: contour %zu has %zu points, want 4", i, c[i].count);
        long area = doubled_signed_area(&c[i]);
        if (area == 18)
            outer++;
        else if (area == -2)
            hole++;
        else
            fail("ring: contour %zu has doubled signed area %ld, want +18 "
                 "(outer, clockwise) or -2 (hole, counter-clockwise)",
                 i, area);
    }
    if (outer != 1 || hole != 1)
        fail("ring: %ld outer and %ld hole contours, want 1 and 1", outer,
             hole);
    otr_qr_free(qr);
}

static void test_hand_made(void)
{
    test_single_cell();
    test_ring();

    static const char *const one_dark[] = {"#"};
    static const char *const one_light[] = {"."};
    check_matrix("1x1 dark", one_dark, 1, 1, 4);
    check_matrix("1x1 light", one_light, 1, 0, 0);

    /* Dark modules touching only at a corner: each keeps its own square,
     * the two meet at the shared vertex without crossing. */
    static const char *const checker[] = {"#.", ".#"};
    static const char *const checker_flipped[] = {".#", "#."};
    check_matrix("2x2 checkerboard", checker, 2, 2, 8);
    check_matrix("2x2 checkerboard, other diagonal", checker_flipped, 2, 2, 8);

    /* Light modules touching only at a corner inside a dark block: one hole
     * that touches itself, plus the outer boundary. */
    static const char *const diagonal_hole[] = {"####", "#.##", "##.#", "####"};
    check_matrix("diagonal hole", diagonal_hole, 4, 2, 4 + 8);

    /* Straight runs longer than one module must collapse to their ends. */
    static const char *const plus[] = {"..#..", "..#..", "#####", "..#..",
                                       "..#.."};
    check_matrix("plus", plus, 5, 1, 12);
    static const char *const full[] = {"###", "###", "###"};
    check_matrix("full", full, 3, 1, 4);
}

static void test_random_matrices(void)
{
    unsigned long state = 20240611; /* fixed seed: reproducible failures */
    for (int trial = 0; trial < 50; trial++) {
        enum { WIDTH = 9 };
        unsigned char modules[WIDTH * WIDTH];
        for (int i = 0; i < WIDTH * WIDTH; i++) {
            /* Numerical Recipes LCG; the high bits are the random ones. */
            state = (state * 1664525ul + 1013904223ul) & 0xfffffffful;
            modules[i] = (unsigned char)(state >> 31);
        }
        otr_qr *qr = otr_qr_from_modules(modules, WIDTH);
        char label[64];
        snprintf(label, sizeof label, "random 9x9 trial %d", trial);
        if (check_outline(qr, label)) {
            fputs("test_qr: matrix of the failing trial:\n", stderr);
            for (int y = 0; y < WIDTH; y++) {
                for (int x = 0; x < WIDTH; x++)
                    fputc(modules[y * WIDTH + x] ? '#' : '.', stderr);
                fputc('\n', stderr);
            }
        }
        otr_qr_free(qr);
    }
}

static const char url[] =
    "https://www.thueringen-hilft.de/fa/?utm_source=postcard&utm_medium=print";

/* Our symbol must match libqrencode's own for the same level, which also
 * proves the ECC mapping and case-sensitive 8-bit mode. */
static void compare_with_libqrencode(const char *text, otr_qr_ecc ecc,
                                     QRecLevel level, const char *label)
{
    otr_qr *qr = otr_qr_encode(text, ecc);
    QRcode *code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
    if (!qr || !code) {
        fail("%s: encoding failed (ours %p, libqrencode %p)", label, (void *)qr,
             (void *)code);
    } else if (otr_qr_width(qr) != code->width ||
               otr_qr_version(qr) != code->version) {
        fail("%s: width/version %d/%d, libqrencode %d/%d", label,
             otr_qr_width(qr), otr_qr_version(qr), code->width, code->version);
    } else {
        int mismatches = 0;
        for (int y = 0; y < code->width; y++)
            for (int x = 0; x < code->width; x++)
                mismatches += otr_qr_dark(qr, x, y) !=
                              (code->data[y * code->width + x] & 1);
        if (mismatches)
            fail("%s: %d modules differ from libqrencode", label, mismatches);
    }
    if (code)
        QRcode_free(code);
    otr_qr_free(qr);
}

static void test_encode(void)
{
    otr_qr *qr = otr_qr_encode(url, OTR_QR_ECC_M);
    if (!qr) {
        fail("url: otr_qr_encode returned NULL");
        return;
    }
    int version = otr_qr_version(qr), width = otr_qr_width(qr);
    if (version < 1 || version > 40)
        fail("url: version %d outside 1..40", version);
    if (width != 17 + 4 * version)
        fail("url: width %d, want 17 + 4 * %d", width, version);
    const int outside[][2] = {{-1, 0},       {0, -1},     {width, 0},
                              {0, width},    {-1, -1},    {width, width},
                              {-1000000, 5}, {5, 1000000}};
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++)
        if (otr_qr_dark(qr, outside[i][0], outside[i][1]) != 0)
            fail("url: otr_qr_dark(%d,%d) outside the symbol is not 0",
                 outside[i][0], outside[i][1]);
    /* The top-left finder pattern: its corner module is always dark, the
     * separator next to it always light. */
    if (otr_qr_dark(qr, 0, 0) != 1 || otr_qr_dark(qr, 7, 0) != 0)
        fail("url: finder pattern not where expected");
    check_outline(qr, "url");
    otr_qr_free(qr);

    compare_with_libqrencode(url, OTR_QR_ECC_L, QR_ECLEVEL_L, "url ECC L");
    compare_with_libqrencode(url, OTR_QR_ECC_M, QR_ECLEVEL_M, "url ECC M");
    compare_with_libqrencode(url, OTR_QR_ECC_Q, QR_ECLEVEL_Q, "url ECC Q");
    compare_with_libqrencode(url, OTR_QR_ECC_H, QR_ECLEVEL_H, "url ECC H");

    char long_text[301];
    for (size_t i = 0; i < sizeof long_text - 1; i++)
        long_text[i] = "abcdefghijklmnopqrstuvwxyz0123456789/?=&"[i % 40];
    long_text[sizeof long_text - 1] = '\0';
    const char *const texts[] = {"x", long_text};
    const char *const labels[] = {"1-char text", "300-char text"};
    for (size_t i = 0; i < 2; i++) {
        compare_with_libqrencode(texts[i], OTR_QR_ECC_M, QR_ECLEVEL_M,
                                 labels[i]);
        qr = otr_qr_encode(texts[i], OTR_QR_ECC_M);
        if (!qr) {
            fail("%s: otr_qr_encode returned NULL", labels[i]);
            continue;
        }
        check_outline(qr, labels[i]);
        otr_qr_free(qr);
    }

    char *huge = malloc(5001);
    if (!huge) {
        fail("out of memory");
        return;
    }
    memset(huge, 'a', 5000);
    huge[5000] = '\0';
    qr = otr_qr_encode(huge, OTR_QR_ECC_M);
    if (qr) {
        fail("5000-byte text: expected NULL, got version %d",
             otr_qr_version(qr));
        otr_qr_free(qr);
    }
    free(huge);

    if (otr_qr_encode(NULL, OTR_QR_ECC_M) != NULL)
        fail("NULL text: expected NULL");
    otr_qr_free(NULL); /* must be a no-op */
}

/* Symbol contrast of dark modules on white, graded as ISO/IEC 15415 does. */
static void test_contrast(void)
{
    static const struct {
        int rgb;
        int percent; /* SC, truncated */
        char grade;
    } cases[] = {
        {0x000000, 100, 'A'}, {0xffffff, 0, 'F'},  {0x1a6b8f, 87, 'A'},
        {0x808080, 78, 'A'},  {0xc0c0c0, 47, 'C'}, {0xd0d0d0, 36, 'D'},
        {0xffff00, 7, 'F'},   {0xff0000, 78, 'A'}, {0x00ff00, 28, 'D'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rgb = cases[i].rgb;
        double sc = otr_qr_symbol_contrast(((rgb >> 16) & 255) / 255.0,
                                           ((rgb >> 8) & 255) / 255.0,
                                           (rgb & 255) / 255.0);
        if ((int)(sc * 100) != cases[i].percent ||
            otr_qr_contrast_grade(sc) != cases[i].grade)
            fail("#%06x: contrast %.3f grade %c, expected %d%% grade %c", rgb,
                 sc, otr_qr_contrast_grade(sc), cases[i].percent,
                 cases[i].grade);
    }
    if (otr_qr_contrast_grade(OTR_QR_MIN_SYMBOL_CONTRAST) != 'C')
        fail("the minimum contrast is not grade C");
}

int main(void)
{
    test_contrast();
    test_hand_made();
    test_random_matrices();
    test_encode();
    if (failures) {
        fprintf(stderr, "test_qr: %d check(s) failed\n", failures);
        return 1;
    }
    puts("test_qr: all checks passed");
    return 0;
}
