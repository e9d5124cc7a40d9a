#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <librsvg/rsvg.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dynlib.h"
#include "util.h"

/* librsvg and the libraries only it needs are loaded with the first SVG
 * image, not for every document (dynlib.h). */
#define RSVG_FUNCTIONS(X)                                                      \
    X(rsvg_handle_new_from_data)                                               \
    X(rsvg_handle_get_intrinsic_dimensions)                                    \
    X(rsvg_handle_get_intrinsic_size_in_pixels)                                \
    X(rsvg_handle_render_document)
OTR_DYNLIB(librsvg, "librsvg-2.so.2", "librsvg2-2", RSVG_FUNCTIONS);

#if defined(__SANITIZE_ADDRESS__)
#define OTR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTR_ASAN 1
#endif
#endif

struct otr_image {
    RsvgHandle *svg;         /* or */
    cairo_surface_t *raster; /* a PNG */
    double width, height;    /* natural size, for the proportions */
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static uint32_t big_endian32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

/* The pixel size from the IHDR chunk, which must come first (PNG
 * specification, sections 5.2 and 11.2.2). */
static int check_png(const unsigned char *data, size_t len, const char **error)
{
    static const unsigned char signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1A, '\n'};
    if (len < 24 || memcmp(data, signature, 8) != 0 ||
        memcmp(data + 12, "IHDR", 4) != 0) {
        *error = "not a PNG image (the file does not start like one)";
        return -1;
    }
    uint32_t width = big_endian32(data + 16), height = big_endian32(data + 20);
    if (width == 0 || height == 0) {
        *error = "the PNG image has no pixels";
        return -1;
    }
    if (width > OTR_IMAGE_MAX_SIDE || height > OTR_IMAGE_MAX_SIDE) {
        *error = "the PNG image is more than 16384 pixels wide or high; "
                 "make it smaller";
        return -1;
    }
    if ((uint64_t)width * height * 4 > OTR_IMAGE_MAX_DECODED) {
        *error = "the PNG image has more than 33 million pixels (128 MiB "
                 "once decoded); make it smaller";
        return -1;
    }
    return 0;
}

/* Element tags are counted, not parsed: a bound is what matters. Entities
 * are refused, since an icon needs none and they multiply text. */
static int check_svg(const char *data, size_t len, const char **error)
{
    size_t elements = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (data[i] != '<')
            continue;
        unsigned char next = (unsigned char)data[i + 1];
        if ((next | 0x20) >= 'a' && (next | 0x20) <= 'z')
            elements++;
        else if (next == '_' || next == ':' || next >= 0x80)
            elements++;
        if (next == '!' && len - i >= 8 &&
            memcmp(data + i, "<!ENTITY", 8) == 0) {
            *error = "the SVG image declares entities (<!ENTITY); save it "
                     "without a DOCTYPE";
            return -1;
        }
    }
    if (elements > OTR_SVG_MAX_ELEMENTS) {
        *error = "the SVG image has more than 50000 elements; simplify it";
        return -1;
    }
    return 0;
}

int otr_image_check_bytes(const char *name, const char *data, size_t len,
                          const char **error)
{
    if (len > OTR_IMAGE_MAX_FILE_BYTES) {
        *error = "the image file is larger than 32 MiB";
        return -1;
    }
    if (ends_with(name, ".png"))
        return check_png((const unsigned char *)data, len, error);
    if (ends_with(name, ".svg"))
        return check_svg(data, len, error);
    *error = "images must be .svg or .png";
    return -1;
}

/* ---- Decoding ----------------------------------------------------------- */

typedef struct {
    const unsigned char *data;
    size_t len, at;
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *out,
                               unsigned int length)
{
    png_reader *r = closure;
    if (r->len - r->at < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static int load_png(otr_image *image, const otr_buf *file, const char **error)
{
    png_reader reader = {(const unsigned char *)file->data, file->len, 0};
    image->raster =
        cairo_image_surface_create_from_png_stream(read_png, &reader);
    if (cairo_surface_status(image->raster) != CAIRO_STATUS_SUCCESS) {
        *error = "not a PNG image cairo can read";
        return -1;
    }
    image->width = cairo_image_surface_get_width(image->raster);
    image->height = cairo_image_surface_get_height(image->raster);
    return 0;
}

/* Draws SVG once in a child process with its CPU time and memory capped:
 * what cannot be drawn there in time is refused before any document
 * waits on it. Returns 0 when the drawing finished. */
static int trial_draw(RsvgHandle *svg, const char **error)
{
    pid_t pid = otr_fork();
    if (pid < 0) {
        *error = "the SVG image could not be checked (no process for a "
                 "trial drawing)";
        return -1;
    }
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        struct rlimit cpu = {OTR_SVG_MAX_DRAW_SECONDS,
                             OTR_SVG_MAX_DRAW_SECONDS + 1};
        setrlimit(RLIMIT_CPU, &cpu);
        /* The wall clock too, for a drawing that sleeps or waits. */
        alarm(2 * OTR_SVG_MAX_DRAW_SECONDS + 1);
#ifndef OTR_ASAN
        /* Address space: what the process maps now plus the allowance
         * (AddressSanitizer's shadow memory rules this out there). */
        unsigned long pages = 0;
        FILE *statm = fopen("/proc/self/statm", "r");
        if (statm) {
            if (fscanf(statm, "%lu", &pages) != 1)
                pages = 0;
            fclose(statm);
        }
        if (pages) {
            rlim_t bytes = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) +
                           OTR_SVG_MAX_DRAW_BYTES;
            struct rlimit as = {bytes, bytes};
            setrlimit(RLIMIT_AS, &as);
        }
#endif
        cairo_surface_t *surface =
            cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 512, 512);
        cairo_t *cr = cairo_create(surface);
        RsvgRectangle viewport = {0, 0, 512, 512};
        gboolean ok = lib.rsvg_handle_render_document(svg, cr, &viewport, NULL);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            *error = "the SVG image could not be checked";
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    /* The SVG parsed, so a drawing that fails stopped at one of librsvg's
     * own limits (referenced elements, nesting) or ran out of the memory
     * allowed: either way too complex. Which comes first depends on the
     * machine's speed, so both say the same thing to do. */
    if (WIFEXITED(status))
        *error = "the SVG image is too complex for librsvg to draw (too many "
                 "nested <use> elements or elements?); simplify it";
    else
        *error = "the SVG image takes more than 2 s or 512 MiB to draw "
                 "(nested <use> elements or filters?); simplify it";
    return -1;
}

/* ---- Trial drawings remembered ------------------------------------------
 * A trial drawing costs a process and a drawing (tens of milliseconds) on
 * every run, for the same logo each time. One that passed is remembered as
 * an empty file named after the SHA-256 of the program version, the limits
 * and the SVG's bytes: only those exact bytes skip the trial. */

/* The folder of remembered trials, or NULL when there is no home. */
static char *drawn_folder(void)
{
    const char *cache = getenv("XDG_CACHE_HOME");
    if (cache && cache[0] == '/')
        return otr_path_join(cache, "outreach/svg-drawn");
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return otr_path_join(home, ".cache/outreach/svg-drawn");
    return NULL;
}

/* The file that remembers FILE's trial, or NULL; the caller frees. */
static char *drawn_path(const otr_buf *file)
{
    char *folder = drawn_folder();
    if (!folder)
        return NULL;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char limits[96];
    int n = snprintf(limits, sizeof limits, "outreach %s|%u|%u|%u|",
                     OTR_VERSION, (unsigned)OTR_SVG_MAX_ELEMENTS,
                     (unsigned)OTR_SVG_MAX_DRAW_SECONDS,
                     (unsigned)OTR_SVG_MAX_DRAW_BYTES);
    g_checksum_update(sum, (const guchar *)limits, (gssize)n);
    g_checksum_update(sum, (const guchar *)file->data, (gssize)file->len);
    char *path = otr_path_join(folder, g_checksum_get_string(sum));
    g_checksum_free(sum);
    free(folder);
    return path;
}

/* Only a remembrance the user alone could have written counts: the file
 * and its folder belong to the user, and no one else may write in the
 * folder (a shared or world-writable cache folder could otherwise vouch
 * for an SVG bomb). */
static int drawn_before(const char *path)
{
    struct stat st, folder;
    if (!path || lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid())
        return 0;
    char *dir = otr_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int ok = slash && lstat(dir, &folder) == 0 && S_ISDIR(folder.st_mode) &&
             folder.st_uid == geteuid() && (folder.st_mode & 022) == 0;
    free(dir);
    return ok;
}

/* Creates PATH's folders (only for the user) and PATH; a failure only
 * means the next run tries again. */
static void remember_drawn(const char *path)
{
    char *dir = otr_xstrdup(path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            free(dir);
            return;
        }
        *p = '/';
    }
    free(dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0)
        close(fd);
}

static int load_svg(otr_image *image, const otr_buf *file, const char **error)
{
    const char *unloadable = otr_dynlib_load(&librsvg);
    if (unloadable) {
        *error = unloadable;
        return -1;
    }
    GError *gerror = NULL;
    /* No base file: the SVG may not pull in other files. */
    image->svg = lib.rsvg_handle_new_from_data((const guint8 *)file->data,
                                               file->len, &gerror);
    if (!image->svg) {
        *error = "not an SVG image librsvg can read";
        g_clear_error(&gerror);
        return -1;
    }
    /* Proportions from the viewBox, else from the declared size. */
    gboolean has_width, has_height, has_viewbox;
    RsvgLength width, height;
    RsvgRectangle viewbox;
    lib.rsvg_handle_get_intrinsic_dimensions(image->svg, &has_width, &width,
                                             &has_height, &height, &has_viewbox,
                                             &viewbox);
    gdouble w = 0, h = 0;
    if (has_viewbox) {
        w = viewbox.width;
        h = viewbox.height;
    } else {
        lib.rsvg_handle_get_intrinsic_size_in_pixels(image->svg, &w, &h);
    }
    image->width = w > 0 && w < 1e9 ? w : 1;
    image->height = h > 0 && h < 1e9 ? h : 1;
    char *drawn = drawn_path(file);
    int rc = 0;
    if (!drawn_before(drawn)) {
        rc = trial_draw(image->svg, error);
        if (rc == 0 && drawn)
            remember_drawn(drawn);
    }
    free(drawn);
    return rc;
}

otr_image *otr_image_load(const char *root, const char *name,
                          const char **error)
{
    char *path = otr_confined_path(root, name, error);
    if (!path)
        return NULL;
    otr_buf file = {0};
    int too_big = 0;
    int rc =
        otr_read_file(path, OTR_IMAGE_MAX_FILE_BYTES, &file, &too_big, error);
    free(path);
    if (rc < 0) {
        if (too_big)
            *error = "the image file is larger than 32 MiB";
        return NULL;
    }
    otr_image *image = NULL;
    if (otr_image_check_bytes(name, file.data, file.len, error) == 0) {
        image = otr_xcalloc(1, sizeof(*image));
        rc = ends_with(name, ".svg") ? load_svg(image, &file, error)
                                     : load_png(image, &file, error);
        if (rc < 0) {
            otr_image_free(image);
            image = NULL;
        }
    }
    otr_buf_free(&file);
    return image;
}

void otr_image_free(otr_image *image)
{
    if (!image)
        return;
    if (image->svg)
        g_object_unref(image->svg);
    if (image->raster)
        cairo_surface_destroy(image->raster);
    free(image);
}

/* A handful of files (the category icons and a layout's pictures): a list
 * searched in order is quicker than hashing would be. */
typedef struct {
    char *root, *name;
    otr_image *image;  /* or */
    const char *error; /* why it was refused */
} cached_image;

struct otr_images {
    cached_image *entries;
    size_t count, cap;
};

otr_images *otr_images_new(void)
{
    return otr_xcalloc(1, sizeof(otr_images));
}

void otr_images_free(otr_images *images)
{
    if (!images)
        return;
    for (size_t i = 0; i < images->count; i++) {
        free(images->entries[i].root);
        free(images->entries[i].name);
        otr_image_free(images->entries[i].image);
    }
    free(images->entries);
    free(images);
}

const otr_image *otr_images_get(otr_images *images, const char *root,
                                const char *name, const char **error)
{
    for (size_t i = 0; i < images->count; i++) {
        cached_image *entry = &images->entries[i];
        if (strcmp(entry->name, name) == 0 && strcmp(entry->root, root) == 0) {
            if (!entry->image)
                *error = entry->error;
            return entry->image;
        }
    }
    const char *problem = NULL;
    otr_image *image = otr_image_load(root, name, &problem);
    images->entries = otr_grow(images->entries, &images->cap, images->count + 1,
                               sizeof(cached_image));
    images->entries[images->count++] =
        (cached_image){otr_xstrdup(root), otr_xstrdup(name), image, problem};
    if (!image)
        *error = problem;
    return image;
}

void otr_image_draw(const otr_image *image, cairo_t *cr, double x, double y,
                    double w, double h)
{
    double scale = w / image->width;
    if (image->height * scale > h)
        scale = h / image->height;
    double dw = image->width * scale, dh = image->height * scale;
    double dx = x + (w - dw) / 2, dy = y + (h - dh) / 2;
    if (image->svg) {
        RsvgRectangle viewport = {dx, dy, dw, dh};
        lib.rsvg_handle_render_document(image->svg, cr, &viewport, NULL);
    } else {
        cairo_save(cr);
        cairo_translate(cr, dx, dy);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, image->raster, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
    }
}

void otr_image_size(const otr_image *image, double *width, double *height)
{
    *width = image->width;
    *height = image->height;
}
