/* Compares a rendered page with its reviewed reference image.
 *
 *   pngdiff REF.png OUT.png DIFF.png [TOLERANCE] [MAX_FRACTION]
 *
 * A pixel differs when any channel differs by more than TOLERANCE (default
 * 48 of 255: anti-aliasing may vary between library versions, a moved or
 * missing glyph may not). Exits 1 when more than MAX_FRACTION (default
 * 0.002) of the pixels differ or the sizes differ, and then writes DIFF.png:
 * the reference faded, differing pixels in red. */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static cairo_surface_t *load(const char *path)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: cannot read %s\n", path);
        exit(2);
    }
    /* Same pixel format for both, whatever the files hold. */
    int w = cairo_image_surface_get_width(png);
    int h = cairo_image_surface_get_height(png);
    cairo_surface_t *rgb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(rgb);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    cairo_surface_flush(rgb);
    return rgb;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: pngdiff REF.png OUT.png DIFF.png [TOLERANCE] "
              "[MAX_FRACTION]\n",
              stderr);
        return 2;
    }
    int tolerance = argc > 4 ? atoi(argv[4]) : 48;
    double max_fraction = argc > 5 ? atof(argv[5]) : 0.002;
    cairo_surface_t *ref = load(argv[1]);
    cairo_surface_t *out = load(argv[2]);
    int w = cairo_image_surface_get_width(ref);
    int h = cairo_image_surface_get_height(ref);
    if (w != cairo_image_surface_get_width(out) ||
        h != cairo_image_surface_get_height(out)) {
        fprintf(stderr, "pngdiff: %s is %dx%d, %s is %dx%d\n", argv[1], w, h,
                argv[2], cairo_image_surface_get_width(out),
                cairo_image_surface_get_height(out));
        return 1;
    }
    cairo_surface_t *diff =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *a = cairo_image_surface_get_data(ref);
    unsigned char *b = cairo_image_surface_get_data(out);
    unsigned char *d = cairo_image_surface_get_data(diff);
    int stride = cairo_image_surface_get_stride(ref);
    long differing = 0;
    for (int y = 0; y < h; y++) {
        uint32_t *ra = (uint32_t *)(void *)(a + (size_t)y * stride);
        uint32_t *rb = (uint32_t *)(void *)(b + (size_t)y * stride);
        uint32_t *rd = (uint32_t *)(void *)(d + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            int worst = 0;
            for (int shift = 0; shift < 24; shift += 8) {
                int ca = (int)((ra[x] >> shift) & 0xFF);
                int cb = (int)((rb[x] >> shift) & 0xFF);
                int delta = ca > cb ? ca - cb : cb - ca;
                if (delta > worst)
                    worst = delta;
            }
            if (worst > tolerance) {
                differing++;
                rd[x] = 0xFF0000;
            } else {
                uint32_t grey = ((ra[x] & 0xFF) + 3 * 255) / 4;
                rd[x] = grey << 16 | grey << 8 | grey;
            }
        }
    }
    cairo_surface_mark_dirty(diff);
    double fraction = (double)differing / ((double)w * h);
    int failed = fraction > max_fraction;
    if (failed) {
        cairo_surface_write_to_png(diff, argv[3]);
        fprintf(stderr,
                "pngdiff: %ld pixels (%.3f%%) differ, more than %.3f%%\n",
                differing, 100 * fraction, 100 * max_fraction);
    }
    cairo_surface_destroy(diff);
    cairo_surface_destroy(ref);
    cairo_surface_destroy(out);
    return failed;
}
