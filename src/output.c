/* realpath() is an X/Open function. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <math.h>
#endif
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw.h"
#include "pdfedit.h"
#include "pdfx.h"
#include "snippet.h"
#include "util.h"

/* Files being written, so that an interrupted run can remove them: a
 * signal handler may only call unlink, so the paths live in fixed slots. */
#define MAX_TEMP_FILES 16
#define MAX_TEMP_PATH 4096
static char temp_files[MAX_TEMP_FILES][MAX_TEMP_PATH];
static volatile sig_atomic_t temp_in_use[MAX_TEMP_FILES];
static volatile sig_atomic_t interrupt_quietly;
#define MAX_WORKERS 256
static pid_t workers[MAX_WORKERS];
static volatile sig_atomic_t worker_count;

void otr_interrupt_forward(pid_t pid)
{
    if (worker_count < MAX_WORKERS) {
        workers[worker_count] = pid;
        worker_count = worker_count + 1;
    }
}

void otr_temp_remember(const char *path)
{
    if (strlen(path) >= MAX_TEMP_PATH)
        return;
    for (int i = 0; i < MAX_TEMP_FILES; i++) {
        if (!temp_in_use[i]) {
            memcpy(temp_files[i], path, strlen(path) + 1);
            temp_in_use[i] = 1;
            return;
        }
    }
}

void otr_temp_forget(const char *path)
{
    for (int i = 0; i < MAX_TEMP_FILES; i++) {
        if (temp_in_use[i] && strcmp(temp_files[i], path) == 0) {
            temp_in_use[i] = 0;
            return;
        }
    }
}

static void on_interrupt(int sig)
{
    /* Workers clean up their own files; wait until they have. */
    for (int i = 0; i < worker_count; i++)
        kill(workers[i], sig);
    for (int i = 0; i < worker_count; i++)
        waitpid(workers[i], NULL, 0);
    for (int i = 0; i < MAX_TEMP_FILES; i++) {
        if (temp_in_use[i])
            unlink(temp_files[i]);
    }
    if (!interrupt_quietly) {
        static const char message[] =
            "\noutreach: interrupted: documents not finished were not "
            "written, and no partial file was left\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void otr_handle_interrupts(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

void otr_interrupt_forget_workers(void)
{
    worker_count = 0;
}

void otr_interrupt_quietly(void)
{
    interrupt_quietly = 1;
}

/* The process's umask, read once (reading it means setting it). */
static mode_t creation_mask(void)
{
    static int known;
    static mode_t mask;
    if (!known) {
        mask = umask(022);
        umask(mask);
        known = 1;
    }
    return mask;
}

/* A file being written under a temporary name beside its final path. An
 * output that already exists and is not a file (-o /dev/null, a named
 * pipe) is written into at the end, never replaced: the temporary file
 * is then in the temporary folder. */
typedef struct {
    char *final_path;
    char *temp_path;
    FILE *file;
    int write_failed;
    int write_errno; /* why, for the message */
    int into_device; /* FINAL_PATH is a device or a pipe */
} pending_file;

/* Where the document at PATH goes: PATH itself, or for a link to a file
 * the file it names (renaming onto the link would replace the link, not
 * the file: /dev/stdout redirected to a file). *DEVICE is set when PATH
 * exists and is neither a file nor a folder. The caller frees. */
static char *output_target(const char *path, int *device)
{
    struct stat st, link;
    *device = 0;
    if (stat(path, &st) != 0)
        return otr_xstrdup(path);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        *device = 1;
        return otr_xstrdup(path);
    }
    if (S_ISREG(st.st_mode) && lstat(path, &link) == 0 &&
        S_ISLNK(link.st_mode)) {
        char *real = realpath(path, NULL);
        if (real) {
            char *copy = otr_xstrdup(real);
            free(real);
            return copy;
        }
    }
    return otr_xstrdup(path);
}

static int pending_open(pending_file *pending, const char *given,
                        otr_diags *diags)
{
    memset(pending, 0, sizeof(*pending));
    char *target = output_target(given, &pending->into_device);
    pending->final_path = otr_xstrdup(given);
    const char *path = target;
    char *in_temp = NULL;
    if (pending->into_device) {
        const char *tmp = getenv("TMPDIR");
        in_temp =
            otr_path_join(tmp && tmp[0] == '/' ? tmp : "/tmp", "outreach");
        path = in_temp;
    } else {
        free(pending->final_path);
        pending->final_path = otr_xstrdup(target);
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    /* ".NAME.XXXXXX", with NAME cut so that a legal name (255 bytes, the
     * NAME_MAX of Linux file systems) still gives a legal temporary one. */
    enum { NAME_MAX_BYTES = 255, TEMP_EXTRA = 8 };
    int name_len = (int)strlen(path + dir_len);
    if (name_len > NAME_MAX_BYTES - TEMP_EXTRA)
        name_len = NAME_MAX_BYTES - TEMP_EXTRA;
    pending->temp_path = otr_xasprintf("%.*s.%.*s.XXXXXX", (int)dir_len, path,
                                       name_len, path + dir_len);
    int fd = mkstemp(pending->temp_path);
    int saved_errno = errno;
    free(in_temp);
    free(target);
    if (fd < 0) {
        otr_error_at(diags, ((otr_mark){given, 0, 0}), 501,
                     "cannot create the file: %s", strerror(saved_errno));
        free(pending->temp_path);
        free(pending->final_path);
        memset(pending, 0, sizeof(*pending));
        return -1;
    }
    otr_temp_remember(pending->temp_path);
    /* mkstemp creates the file for its owner alone; the document is
     * shared like any other file the user makes. */
    fchmod(fd, 0666 & ~creation_mask());
    pending->file = fdopen(fd, "wb");
    if (!pending->file)
        abort();
    return 0;
}

static void pending_discard(pending_file *pending)
{
    if (pending->file)
        fclose(pending->file);
    if (pending->temp_path) {
        unlink(pending->temp_path);
        otr_temp_forget(pending->temp_path);
    }
    free(pending->temp_path);
    free(pending->final_path);
    memset(pending, 0, sizeof(*pending));
}

/* Closes the temporary file; returns -1 after reporting when anything
 * failed to be written (a full disk shows here at the latest). */
static int pending_close(pending_file *pending, otr_diags *diags)
{
    int failed = pending->write_failed;
    int saved_errno = pending->write_errno;
    if (fflush(pending->file) != 0) {
        failed = 1;
        saved_errno = errno;
    }
    if (fclose(pending->file) != 0 && !saved_errno) {
        failed = 1;
        saved_errno = errno;
    }
    pending->file = NULL;
    if (failed) {
        otr_error_at(diags, ((otr_mark){pending->final_path, 0, 0}), 502,
                     "cannot write the file: %s",
                     saved_errno ? strerror(saved_errno) : "write error");
        return -1;
    }
    return 0;
}

/* Writes the bytes of the file FROM into the device or pipe TO. */
static int copy_into(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    FILE *out = fopen(to, "wb");
    if (!out) {
        int saved = errno;
        fclose(in);
        errno = saved;
        return -1;
    }
    char buf[65536];
    size_t n;
    int failed = 0;
    while (!failed && (n = fread(buf, 1, sizeof buf, in)) > 0)
        failed = fwrite(buf, 1, n, out) != n;
    int saved = errno;
    failed |= ferror(in);
    fclose(in);
    if (fclose(out) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    errno = saved;
    return failed ? -1 : 0;
}

static int pending_rename(pending_file *pending, otr_diags *diags)
{
    if (pending->into_device) {
        int rc = copy_into(pending->temp_path, pending->final_path);
        int saved = errno;
        unlink(pending->temp_path);
        otr_temp_forget(pending->temp_path);
        free(pending->temp_path);
        pending->temp_path = NULL;
        if (rc < 0) {
            otr_error_at(diags, ((otr_mark){pending->final_path, 0, 0}), 503,
                         "cannot write into it: %s", strerror(saved));
            return -1;
        }
        return 0;
    }
    if (rename(pending->temp_path, pending->final_path) != 0) {
        otr_error_at(diags, ((otr_mark){pending->final_path, 0, 0}), 503,
                     "cannot put the file in place: %s", strerror(errno));
        return -1;
    }
    otr_temp_forget(pending->temp_path);
    free(pending->temp_path);
    pending->temp_path = NULL;
    return 0;
}

static cairo_status_t write_to_file(void *closure, const unsigned char *data,
                                    unsigned int length)
{
    pending_file *pending = closure;
    if (fwrite(data, 1, length, pending->file) != length) {
        pending->write_failed = 1;
        pending->write_errno = errno;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* The creation date: SOURCE_DATE_EPOCH when set, so that rebuilding the same
 * input gives the same bytes; otherwise now. */
void otr_pdf_creation_date(char *out, size_t size)
{
    time_t when = time(NULL);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end = NULL;
        long long value = strtoll(epoch, &end, 10);
        if (*end == '\0' && value >= 0)
            when = (time_t)value;
    }
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int check_surface(cairo_surface_t *surface, const char *path,
                         otr_diags *diags)
{
    cairo_status_t status = cairo_surface_status(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        return 0;
    otr_error_at(diags, ((otr_mark){path, 0, 0}), 504, "drawing failed: %s",
                 cairo_status_to_string(status));
    return -1;
}

/* A step that rewrites the finished temporary PDF (page boxes, pure
 * black, PDF/X) writes into a second temporary file, which then takes the
 * first one's place as what gets renamed. */
static int step_begin(pending_file *pending, pending_file *next,
                      otr_diags *diags)
{
    if (pending_open(next, pending->final_path, diags) < 0)
        return -1;
    fclose(next->file);
    next->file = NULL;
    return 0;
}

static int step_end(pending_file *pending, pending_file *next, int ok, int code,
                    const char *what, const char *error, otr_diags *diags)
{
    if (!ok) {
        otr_error_at(diags, ((otr_mark){pending->final_path, 0, 0}), code,
                     "%s: %s", what, error);
        pending_discard(next);
        return -1;
    }
    unlink(pending->temp_path);
    otr_temp_forget(pending->temp_path);
    free(pending->temp_path);
    pending->temp_path = next->temp_path;
    next->temp_path = NULL;
    pending_discard(next);
    return 0;
}

/* TrimBox and BleedBox, which cairo does not write. */
static int set_boxes(pending_file *pending, const otr_display_list *list,
                     double slug, double bleed, otr_diags *diags)
{
    pending_file boxed;
    if (step_begin(pending, &boxed, diags) < 0)
        return -1;
    /* PDF coordinates: origin at the bottom left of the MediaBox. */
    double trim[4] = {slug, slug, slug + list->width, slug + list->height};
    double bleed_box[4] = {slug - bleed, slug - bleed,
                           slug + list->width + bleed,
                           slug + list->height + bleed};
    const char *error = NULL;
    int ok = otr_pdf_set_boxes(pending->temp_path, boxed.temp_path, trim,
                               bleed_box, &error) == 0;
    return step_end(pending, &boxed, ok, 505, "cannot set the print boxes",
                    error, diags);
}

/* PDF/X: black text and codes on the black plate with overprint, then
 * Ghostscript's conversion to CMYK with the output intent. */
static int make_pdfx(pending_file *pending, otr_diags *diags)
{
    pending_file black;
    if (step_begin(pending, &black, diags) < 0)
        return -1;
    const char *error = NULL;
    int ok =
        otr_pdf_pure_black(pending->temp_path, black.temp_path, &error) == 0;
    if (step_end(pending, &black, ok, 508, "cannot make black pure", error,
                 diags) < 0)
        return -1;
    pending_file converted;
    if (step_begin(pending, &converted, diags) < 0)
        return -1;
    char *message = NULL;
    ok = otr_pdfx_convert(pending->temp_path, converted.temp_path, &message) ==
         0;
    int rc = step_end(pending, &converted, ok, 509, "cannot make PDF/X",
                      message, diags);
    free(message);
    return rc;
}

cairo_status_t otr_cairo_finish(cairo_t *cr, cairo_surface_t *surface)
{
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return status;
}

/* Crop marks at the trim's corners, from the bleed's edge outwards, in
 * registration colour (every ink). */
static void crop_marks(cairo_t *cr, double width, double height, double slug)
{
    double bleed = OTR_MM_TO_PT(OTR_BLEED_MM);
    double xs[2] = {slug, slug + width}, ys[2] = {slug, slug + height};
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.25);
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            cairo_move_to(cr, x + dx * bleed, y);
            cairo_line_to(cr, x + dx * (slug - 1), y);
            cairo_move_to(cr, x, y + dy * bleed);
            cairo_line_to(cr, x, y + dy * (slug - 1));
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Copies of each page side by side on office paper: as many as fit, in the
 * orientation that fits most, centred, with cut lines between them. Backs
 * (even pages) mirror the columns, so a long-edge duplex print puts each
 * back behind its front. */
typedef struct {
    double width, height; /* the sheet, pt */
    int columns, rows;
    double x0, y0; /* the grid's top-left corner */
} sheet_grid;

static int plan_sheet(const otr_display_list *list, double paper_w,
                      double paper_h, sheet_grid *grid)
{
    double w = OTR_MM_TO_PT(paper_w), h = OTR_MM_TO_PT(paper_h);
    int best = 0;
    for (int turn = 0; turn < 2; turn++) {
        double sw = turn ? h : w, sh = turn ? w : h;
        int columns = (int)((sw + 0.01) / list->width);
        int rows = (int)((sh + 0.01) / list->height);
        if (columns * rows > best) {
            best = columns * rows;
            *grid = (sheet_grid){sw,
                                 sh,
                                 columns,
                                 rows,
                                 (sw - columns * list->width) / 2,
                                 (sh - rows * list->height) / 2};
        }
    }
    return best;
}

static void draw_sheet(cairo_t *cr, const otr_display_list *list, size_t page,
                       const sheet_grid *grid)
{
    int back = page % 2 == 1;
    for (int row = 0; row < grid->rows; row++) {
        for (int column = 0; column < grid->columns; column++) {
            int at = back ? grid->columns - 1 - column : column;
            cairo_save(cr);
            cairo_translate(cr, grid->x0 + at * list->width,
                            grid->y0 + row * list->height);
            cairo_rectangle(cr, 0, 0, list->width, list->height);
            cairo_clip(cr);
            /* One copy carries the structure and the links: a screen
             * reader reads the page once, not once per copy. */
            otr_draw_page(cr, list, page, 0,
                          row == 0 && column == 0 ? OTR_DRAW_TAGGED : 0);
            cairo_restore(cr);
        }
    }
    /* Cut lines along every edge of the grid, across the whole sheet. */
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.25);
    for (int c = 0; c <= grid->columns; c++) {
        double x = grid->x0 + c * list->width;
        cairo_move_to(cr, x, 0);
        cairo_line_to(cr, x, grid->height);
    }
    for (int r = 0; r <= grid->rows; r++) {
        double y = grid->y0 + r * list->height;
        cairo_move_to(cr, 0, y);
        cairo_line_to(cr, grid->width, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The smallest text of LIST, pt; 0 when it has none. */
static double smallest_text(const otr_display_list *list)
{
    double smallest = 0;
    for (size_t p = 0; p < list->page_count; p++) {
        const otr_display_page *page = &list->pages[p];
        for (size_t i = 0; i < page->count; i++) {
            const otr_item *item = &page->items[i];
            if (item->kind == OTR_ITEM_TEXT && item->size > 0 &&
                (smallest == 0 || item->size < smallest))
                smallest = item->size;
        }
    }
    return smallest;
}

/* A page larger than the sheet: scaled into the margins, or in tiles. */
typedef struct {
    double width, height;  /* the sheet, pt */
    double scale;          /* < 1: scaled; 1: tiled */
    int columns, rows;     /* tiles (1 x 1 when scaled) */
    double x0, y0;         /* scaled: the page's top-left corner */
    double area_w, area_h; /* tiled: the printed part of each sheet */
    double shrink;         /* the scale that would fit the page on one */
} sheet_fit;

/* Tiles of a LENGTH page over AREA-long parts overlapping by at least
 * OVERLAP (pt). */
static int tiles_along(double length, double area, double overlap)
{
    if (length <= area + 0.01)
        return 1;
    int n = 1;
    while ((double)n * (area - overlap) + overlap < length - 0.01)
        n++;
    return n;
}

static void plan_fit(const otr_display_list *list, double paper_w,
                     double paper_h, sheet_fit *fit)
{
    double margin = OTR_MM_TO_PT(OTR_SHEET_MARGIN_MM);
    double overlap = OTR_MM_TO_PT(OTR_TILE_OVERLAP_MM);
    double smallest = smallest_text(list);
    memset(fit, 0, sizeof(*fit));
    for (int turn = 0; turn < 2; turn++) {
        double sw = OTR_MM_TO_PT(turn ? paper_h : paper_w);
        double sh = OTR_MM_TO_PT(turn ? paper_w : paper_h);
        double aw = sw - 2 * margin, ah = sh - 2 * margin;
        double scale = aw / list->width;
        if (ah / list->height < scale)
            scale = ah / list->height;
        if (scale > fit->scale) {
            fit->scale = scale;
            fit->width = sw;
            fit->height = sh;
            fit->columns = fit->rows = 1;
            fit->x0 = (sw - list->width * scale) / 2;
            fit->y0 = (sh - list->height * scale) / 2;
        }
    }
    fit->shrink = fit->scale;
    if (smallest == 0 || smallest * fit->scale >= OTR_SHEET_MIN_TEXT_PT)
        return;
    double shrink = fit->scale;
    /* Unreadable when scaled: full size, in as few tiles as it takes. */
    int best = 0;
    for (int turn = 0; turn < 2; turn++) {
        double sw = OTR_MM_TO_PT(turn ? paper_h : paper_w);
        double sh = OTR_MM_TO_PT(turn ? paper_w : paper_h);
        double aw = sw - 2 * margin, ah = sh - 2 * margin;
        int columns = tiles_along(list->width, aw, overlap);
        int rows = tiles_along(list->height, ah, overlap);
        if (!best || columns * rows < best) {
            best = columns * rows;
            *fit = (sheet_fit){sw,     sh,     1,  columns, rows,
                               margin, margin, aw, ah,      shrink};
        }
    }
}

/* Where tile I of N starts along a LENGTH page in AREA-long parts: the
 * first at 0, the last ending at the page's end, the others evenly
 * between (so every overlap is at least the planned one). */
static double tile_start(int i, int n, double length, double area)
{
    if (n == 1)
        return (length - area) / 2; /* centred: the page is shorter */
    return (double)i * (length - area) / (double)(n - 1);
}

/* One sheet of a tiled page: the part of the page at tile (COLUMN, ROW),
 * marks to put the sheets together by, and a map of the tiles. */
static void draw_tile(cairo_t *cr, const otr_display_list *list, size_t page,
                      const sheet_fit *fit, int column, int row, int flags)
{
    double tx = tile_start(column, fit->columns, list->width, fit->area_w);
    double ty = tile_start(row, fit->rows, list->height, fit->area_h);
    double mx = fit->x0, my = fit->y0; /* the area's corner on the sheet */
    cairo_save(cr);
    cairo_rectangle(cr, mx, my, fit->area_w, fit->area_h);
    cairo_clip(cr);
    cairo_translate(cr, mx - tx, my - ty);
    cairo_rectangle(cr, 0, 0, list->width, list->height);
    cairo_clip(cr);
    otr_draw_page(cr, list, page, 0, flags);
    cairo_restore(cr);

    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.3);
    /* The middle of each overlap with a neighbour: dashed, across the
     * sheet; trim one sheet there and lay it onto the other's line. */
    double dash[] = {3, 2};
    cairo_set_dash(cr, dash, 2, 0);
    double overlap_x[2] = {-1, -1}, overlap_y[2] = {-1, -1};
    if (column > 0) {
        double prev_end =
            tile_start(column - 1, fit->columns, list->width, fit->area_w) +
            fit->area_w;
        overlap_x[0] = mx + ((tx + prev_end) / 2 - tx);
    }
    if (column + 1 < fit->columns) {
        double next =
            tile_start(column + 1, fit->columns, list->width, fit->area_w);
        overlap_x[1] = mx + ((next + tx + fit->area_w) / 2 - tx);
    }
    if (row > 0) {
        double prev_end =
            tile_start(row - 1, fit->rows, list->height, fit->area_h) +
            fit->area_h;
        overlap_y[0] = my + ((ty + prev_end) / 2 - ty);
    }
    if (row + 1 < fit->rows) {
        double next = tile_start(row + 1, fit->rows, list->height, fit->area_h);
        overlap_y[1] = my + ((next + ty + fit->area_h) / 2 - ty);
    }
    for (int k = 0; k < 2; k++) {
        if (overlap_x[k] >= 0) {
            cairo_move_to(cr, overlap_x[k], 0);
            cairo_line_to(cr, overlap_x[k], fit->height);
        }
        if (overlap_y[k] >= 0) {
            cairo_move_to(cr, 0, overlap_y[k]);
            cairo_line_to(cr, fit->width, overlap_y[k]);
        }
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    /* Crop marks at the page's own corners on this sheet, in the margin. */
    double left = mx - tx, top = my - ty;
    double xs[2] = {left, left + list->width};
    double ys[2] = {top, top + list->height};
    double len = OTR_MM_TO_PT(4);
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            if (x < mx - 0.5 || x > mx + fit->area_w + 0.5 || y < my - 0.5 ||
                y > my + fit->area_h + 0.5)
                continue;
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            cairo_move_to(cr, x + dx, y);
            cairo_line_to(cr, x + dx * len, y);
            cairo_move_to(cr, x, y + dy);
            cairo_line_to(cr, x, y + dy * len);
        }
    }
    cairo_stroke(cr);
    /* Which tile this is: a map in the bottom margin, this one filled. */
    double cell = OTR_MM_TO_PT(2.5);
    double map_x = fit->width - mx - fit->columns * cell;
    double map_y = fit->height - my + OTR_MM_TO_PT(0.8);
    double map_cell_h = (fit->height - map_y - OTR_MM_TO_PT(0.8)) / fit->rows;
    if (map_cell_h > cell)
        map_cell_h = cell;
    for (int r = 0; r < fit->rows; r++) {
        for (int c = 0; c < fit->columns; c++) {
            cairo_rectangle(cr, map_x + c * cell, map_y + r * map_cell_h, cell,
                            map_cell_h);
            if (r == row && c == column)
                cairo_fill_preserve(cr);
            cairo_stroke(cr);
        }
    }
    cairo_restore(cr);
}

/* A scaled page, with grey cut marks at its corners. */
static void draw_scaled(cairo_t *cr, const otr_display_list *list, size_t page,
                        const sheet_fit *fit, int flags)
{
    cairo_save(cr);
    cairo_translate(cr, fit->x0, fit->y0);
    cairo_scale(cr, fit->scale, fit->scale);
    cairo_rectangle(cr, 0, 0, list->width, list->height);
    cairo_clip(cr);
    otr_draw_page(cr, list, page, 0, flags);
    cairo_restore(cr);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.25);
    cairo_rectangle(cr, fit->x0, fit->y0, list->width * fit->scale,
                    list->height * fit->scale);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Each PDF allocates and frees a few hundred kilobytes (zlib's state for
 * every stream, the fonts' subsets). glibc would hand that back to the
 * kernel after every document and fault it in again for the next one,
 * which on a virtual machine costs more than drawing the page: keep the
 * memory once a process has it. */
static void keep_freed_memory(void)
{
#if defined(__GLIBC__)
    static int done;
    if (done)
        return;
    done = 1;
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
}

static int write_pdf(const otr_display_list *list, int print_shop, int pdfx,
                     const char *sheet, const char *path, otr_sheet_fit *report,
                     otr_diags *diags)
{
    sheet_grid grid = {0};
    sheet_fit fit = {0};
    int fitted = 0;
    if (sheet) {
        double paper_w, paper_h;
        if (otr_paper_size(sheet, &paper_w, &paper_h) < 0) {
            otr_error_at(diags, ((otr_mark){path, 0, 0}), 506,
                         "unknown sheet \"%s\" (use A0 to A7)", sheet);
            return -1;
        }
        int copies = plan_sheet(list, paper_w, paper_h, &grid);
        if (copies < 1) {
            fitted = 1;
            plan_fit(list, paper_w, paper_h, &fit);
            grid.width = fit.width;
            grid.height = fit.height;
        }
        double smallest = smallest_text(list);
        if (fitted && fit.scale < 1) {
            snprintf(report->text, sizeof report->text, "scaled to %.0f%%",
                     floor(fit.scale * 100));
            otr_warning_at(
                diags, ((otr_mark){path, 0, 0}), 547,
                "a %.0f x %.0f mm page does not fit on %s: scaled to %.0f%% "
                "(its smallest text, %.1f pt, prints at %.1f pt)",
                OTR_PT_TO_MM(list->width), OTR_PT_TO_MM(list->height), sheet,
                floor(fit.scale * 100), smallest, smallest * fit.scale);
        } else if (fitted) {
            snprintf(report->text, sizeof report->text,
                     "tiled on %d sheets (%dx%d)", fit.columns * fit.rows,
                     fit.columns, fit.rows);
            otr_warning_at(
                diags, ((otr_mark){path, 0, 0}), 548,
                "a %.0f x %.0f mm page does not fit on %s, and scaled down "
                "its smallest text (%.1f pt) would print at %.1f pt, too "
                "small to read: printed at full size on %d sheets (%d x %d) "
                "with %.0f mm overlap, to be trimmed at the dashed lines and "
                "put together",
                OTR_PT_TO_MM(list->width), OTR_PT_TO_MM(list->height), sheet,
                smallest, smallest * fit.shrink, fit.columns * fit.rows,
                fit.columns, fit.rows, OTR_TILE_OVERLAP_MM);
        } else {
            snprintf(report->text, sizeof report->text, "%d per sheet", copies);
        }
    }
    keep_freed_memory();
    pending_file pending;
    if (pending_open(&pending, path, diags) < 0)
        return -1;
    double slug = print_shop ? OTR_MM_TO_PT(OTR_SLUG_MM) : 0;
    double bleed = print_shop ? OTR_MM_TO_PT(OTR_BLEED_MM) : 0;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_to_file, &pending, sheet ? grid.width : list->width + 2 * slug,
        sheet ? grid.height : list->height + 2 * slug);
    char date[32];
    otr_pdf_creation_date(date, sizeof date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   list->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "outreach " OTR_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_t *cr = cairo_create(surface);
    cairo_tag_begin(cr, "Document", NULL);
    for (size_t p = 0; p < list->page_count; p++) {
        if (sheet && fitted && fit.scale < 1) {
            draw_scaled(cr, list, p, &fit, OTR_DRAW_TAGGED);
        } else if (sheet && fitted) {
            for (int t = 0; t < fit.columns * fit.rows; t++) {
                /* The links and structure once: on the first tile. */
                draw_tile(cr, list, p, &fit, t % fit.columns, t / fit.columns,
                          t == 0 ? OTR_DRAW_TAGGED : 0);
                if (t + 1 < fit.columns * fit.rows)
                    cairo_show_page(cr);
            }
        } else if (sheet) {
            draw_sheet(cr, list, p, &grid);
        } else {
            cairo_save(cr);
            cairo_translate(cr, slug, slug);
            otr_draw_page(cr, list, p, bleed,
                          OTR_DRAW_TAGGED | (pdfx ? OTR_DRAW_PRESS_BLACK : 0));
            cairo_restore(cr);
        }
        if (print_shop)
            crop_marks(cr, list->width, list->height, slug);
        if (p + 1 < list->page_count)
            cairo_show_page(cr);
    }
    cairo_tag_end(cr, "Document");
    cairo_show_page(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int rc = 0;
    if (status != CAIRO_STATUS_SUCCESS && !pending.write_failed) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 504, "drawing failed: %s",
                     cairo_status_to_string(status));
        rc = -1;
    }
    if (rc == 0 && !pending.write_failed)
        rc = check_surface(surface, path, diags);
    cairo_surface_destroy(surface);
    if (pending_close(&pending, diags) < 0)
        rc = -1;
    if (rc == 0 && print_shop)
        rc = set_boxes(&pending, list, slug, bleed, diags);
    if (rc == 0 && pdfx)
        rc = make_pdfx(&pending, diags);
    if (rc == 0)
        rc = pending_rename(&pending, diags);
    pending_discard(&pending);
    report->pages =
        list->page_count *
        (size_t)(fitted && fit.scale >= 1 ? fit.columns * fit.rows : 1);
    return rc;
}

/* NAME.png -> NAME-3.png for page 3 of a document of several pages. */
static char *page_path(const char *path, size_t page, size_t page_count)
{
    if (page_count == 1)
        return otr_xstrdup(path);
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return otr_xasprintf("%s-%zu", path, page + 1);
    return otr_xasprintf("%.*s-%zu%s", (int)(dot - path), path, page + 1, dot);
}

static int draw_raster_page(const otr_display_list *list, size_t page,
                            double dpi, pending_file *pending)
{
    double scale = dpi / 72.0;
    int width = (int)(list->width * scale + 0.5);
    int height = (int)(list->height * scale + 0.5);
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    otr_draw_page(cr, list, page, 0, OTR_DRAW_TAGGED);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    if (status == CAIRO_STATUS_SUCCESS)
        status =
            cairo_surface_write_to_png_stream(surface, write_to_file, pending);
    cairo_surface_destroy(surface);
    return status == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

static int draw_svg_page(const otr_display_list *list, size_t page,
                         pending_file *pending)
{
    cairo_surface_t *surface = cairo_svg_surface_create_for_stream(
        write_to_file, pending, list->width, list->height);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(surface);
    otr_draw_page(cr, list, page, 0, OTR_DRAW_TAGGED);
    return otr_cairo_finish(cr, surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

/* One file a page. All pages are written before any is renamed, so a
 * failure leaves none of them behind. */
static int write_pages(const otr_display_list *list, otr_format format,
                       double dpi, const char *path, otr_diags *diags)
{
    pending_file *pending = otr_xcalloc(list->page_count, sizeof(*pending));
    int rc = 0;
    size_t opened = 0;
    for (size_t p = 0; p < list->page_count && rc == 0; p++) {
        char *file = page_path(path, p, list->page_count);
        if (pending_open(&pending[p], file, diags) < 0) {
            free(file);
            rc = -1;
            break;
        }
        free(file);
        opened++;
        int drawn = format == OTR_FORMAT_PNG
                        ? draw_raster_page(list, p, dpi, &pending[p])
                        : draw_svg_page(list, p, &pending[p]);
        if (pending_close(&pending[p], diags) < 0)
            rc = -1;
        else if (drawn < 0) {
            otr_error_at(diags, ((otr_mark){pending[p].final_path, 0, 0}), 504,
                         "drawing the page failed");
            rc = -1;
        }
    }
    /* An e-mail banner's HTML snippet, beside its image and put in place
     * with it. */
    pending_file html = {0};
    int has_html = 0;
    if (rc == 0 && format == OTR_FORMAT_PNG && list->snippet_link &&
        list->snippet_alt) {
        char *html_path = otr_snippet_path(path);
        char *image = page_path(path, 0, list->page_count);
        const char *slash = strrchr(image, '/');
        if (pending_open(&html, html_path, diags) < 0) {
            rc = -1;
        } else {
            has_html = 1;
            char *text = otr_snippet_html(list, slash ? slash + 1 : image);
            fputs(text, html.file);
            free(text);
            if (pending_close(&html, diags) < 0)
                rc = -1;
        }
        free(image);
        free(html_path);
    }
    for (size_t p = 0; p < opened && rc == 0; p++)
        rc = pending_rename(&pending[p], diags);
    if (has_html && rc == 0)
        rc = pending_rename(&html, diags);
    if (has_html)
        pending_discard(&html);
    for (size_t p = 0; p < opened; p++)
        pending_discard(&pending[p]);
    free(pending);
    return rc;
}

static int write_list(const otr_display_list *list, const char *path,
                      otr_diags *diags)
{
    if (strcmp(path, "-") == 0) {
        otr_display_list_dump(list, stdout);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    pending_file pending;
    if (pending_open(&pending, path, diags) < 0)
        return -1;
    otr_display_list_dump(list, pending.file);
    int rc = pending_close(&pending, diags);
    if (rc == 0)
        rc = pending_rename(&pending, diags);
    pending_discard(&pending);
    return rc;
}

int otr_write_document(const otr_display_list *list, otr_format format,
                       double dpi, int print_shop, int pdfx, const char *sheet,
                       const char *path, otr_sheet_fit *fit, otr_diags *diags)
{
    otr_sheet_fit ignored;
    if (!fit)
        fit = &ignored;
    memset(fit, 0, sizeof(*fit));
    fit->pages = list->page_count;
    switch (format) {
    case OTR_FORMAT_PDF:
        return write_pdf(list, print_shop, pdfx, sheet, path, fit, diags);
    case OTR_FORMAT_PNG:
    case OTR_FORMAT_SVG:
        return write_pages(list, format, dpi > 0 ? dpi : 150, path, diags);
    case OTR_FORMAT_LIST:
        return write_list(list, path, diags);
    }
    return -1;
}
