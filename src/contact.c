/* The contact sheet: a thumbnail of every document of a batch with its file
 * name, A4 landscape, for a last look before printing. */
#include <cairo-pdf.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "campaign.h"
#include "contact.h"
#include "draw.h"
#include "pdfedit.h"
#include "util.h"

enum { COLUMNS = 4, ROWS = 3 };

static void label(cairo_t *cr, otr_fonts *fonts, const char *text, double x,
                  double y, double width, int failed)
{
    otr_style style = {
        .font = "Noto Sans", .size = 7, .min_size = 5, .line_height = 1.25};
    style.bold = failed;
    style.color = failed ? (otr_color){0.75, 0.1, 0.1} : (otr_color){0, 0, 0};
    otr_text_fit fit;
    otr_text_fit_layout(fonts, text, "en", 0, &style, OTR_ALIGN_CENTER, 0,
                        width, 20, 2, &fit);
    cairo_set_source_rgb(cr, style.color.r, style.color.g, style.color.b);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, fit.layout);
    otr_text_fit_clear(&fit);
}

/* Draws the documents FROM to TO - 1 (whole pages of them) into the PDF at
 * FILE. Returns 0, or -1 after reporting (as PATH, the sheet's name). */
static int draw_pages(otr_project *project, const otr_campaign *campaign,
                      const size_t *documents, const int *failed, size_t from,
                      size_t to, const char *file, const char *path,
                      otr_diags *diags)
{
    double width = OTR_MM_TO_PT(297), height = OTR_MM_TO_PT(210);
    double margin = OTR_MM_TO_PT(10), gap = OTR_MM_TO_PT(6);
    double cell_w = (width - 2 * margin - (COLUMNS - 1) * gap) / COLUMNS;
    double cell_h = (height - 2 * margin - (ROWS - 1) * gap) / ROWS;
    double label_h = OTR_MM_TO_PT(8);
    cairo_surface_t *surface = cairo_pdf_surface_create(file, width, height);
    char date[32];
    otr_pdf_creation_date(date, sizeof date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   campaign->name);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "outreach " OTR_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_t *cr = cairo_create(surface);
    for (size_t i = from; i < to; i++) {
        if (i > from && i % (COLUMNS * ROWS) == 0)
            cairo_show_page(cr);
        size_t slot = i % (COLUMNS * ROWS);
        double x = margin + (double)(slot % COLUMNS) * (cell_w + gap);
        double y = margin + (double)(slot / COLUMNS) * (cell_h + gap);
        const otr_document *doc = &campaign->documents[documents[i]];

        /* The first page, composed again, scaled into the cell. */
        otr_diags *quiet = otr_diags_new();
        otr_compose_input input;
        otr_display_list *list = NULL;
        if (!failed[i] &&
            otr_project_bind(project, doc->layout, doc->langs, doc->lang_count,
                             doc->record_id, NULL, campaign->name, &input,
                             quiet) == 0)
            list = otr_compose(&input, quiet);
        otr_diags_free(quiet);
        if (list) {
            double box_h = cell_h - label_h;
            double scale = cell_w / list->width;
            if (list->height * scale > box_h)
                scale = box_h / list->height;
            double dx = x + (cell_w - list->width * scale) / 2;
            cairo_save(cr);
            cairo_translate(cr, dx, y);
            cairo_scale(cr, scale, scale);
            cairo_rectangle(cr, 0, 0, list->width, list->height);
            cairo_clip(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_paint(cr);
            otr_draw_page(cr, list, 0, 0, 0);
            cairo_restore(cr);
            cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
            cairo_set_line_width(cr, 0.5);
            cairo_rectangle(cr, dx, y, list->width * scale,
                            list->height * scale);
            cairo_stroke(cr);
            otr_display_list_free(list);
        }
        char *text = failed[i] ? otr_xasprintf("FAILED %s", doc->path)
                               : otr_xstrdup(doc->path);
        label(cr, project->fonts, text, x, y + cell_h - label_h + 2, cell_w,
              failed[i]);
        free(text);
    }
    cairo_status_t status = otr_cairo_finish(cr, surface);
    if (status == CAIRO_STATUS_SUCCESS)
        return 0;
    otr_error_at(diags, ((otr_mark){path, 0, 0}), 534,
                 "cannot write the contact sheet: %s",
                 cairo_status_to_string(status));
    return -1;
}

/* A long sheet is drawn in parts of at least MIN_PART_PAGES pages, at most
 * MAX_PARTS of them, which qpdf joins. How many parts depends on the number
 * of documents alone, so the sheet's bytes do not depend on -j. */
enum { MAX_PARTS = 8, MIN_PART_PAGES = 4 };

/* Draws part W of PARTS into FILES[W], in a process of its own when
 * FORKED; returns its pid (0 when not forked, with *RC set). */
static pid_t draw_part(otr_project *project, const otr_campaign *campaign,
                       const size_t *documents, const int *failed, size_t count,
                       size_t w, size_t parts, char **files, const char *path,
                       int forked, int *rc, otr_diags *diags)
{
    size_t pages = (count + COLUMNS * ROWS - 1) / (COLUMNS * ROWS);
    size_t from = w * pages / parts * COLUMNS * ROWS;
    size_t to = (w + 1) * pages / parts * COLUMNS * ROWS;
    if (to > count)
        to = count;
    if (!forked) {
        *rc = draw_pages(project, campaign, documents, failed, from, to,
                         files[w], path, diags);
        return 0;
    }
    pid_t pid = otr_fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        otr_interrupt_quietly();
        otr_interrupt_forget_workers();
        otr_diags *own = otr_diags_new();
        int status = draw_pages(project, campaign, documents, failed, from, to,
                                files[w], path, own);
        otr_diags_print(own, stderr);
        fflush(stderr);
        _exit(status == 0 ? 0 : 1);
    }
    otr_interrupt_forward(pid);
    return pid;
}

/* Draws the PARTS parts, at most JOBS at a time (one: in this process), and
 * joins them into TEMP. */
static int draw_in_parts(otr_project *project, const otr_campaign *campaign,
                         const size_t *documents, const int *failed,
                         size_t count, size_t parts, int jobs, const char *temp,
                         const char *path, otr_diags *diags)
{
    char **files = otr_xcalloc(parts, sizeof(char *));
    pid_t *pids = otr_xcalloc(parts, sizeof(pid_t));
    for (size_t w = 0; w < parts; w++) {
        files[w] = otr_xasprintf("%s.%zu.tmp", path, w);
        otr_temp_remember(files[w]);
    }
    int ok = 1;
    size_t running = 0, next_wait = 0;
    for (size_t w = 0; w < parts; w++) {
        int rc = 0;
        if (jobs > 1 && running == (size_t)jobs) {
            int status = 0;
            if (waitpid(pids[next_wait++], &status, 0) < 0 ||
                !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                ok = 0;
            running--;
        }
        pids[w] = draw_part(project, campaign, documents, failed, count, w,
                            parts, files, path, jobs > 1, &rc, diags);
        if (jobs > 1)
            running++;
        else if (rc < 0)
            ok = 0;
    }
    for (; next_wait < parts && jobs > 1; next_wait++) {
        int status = 0;
        if (waitpid(pids[next_wait], &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            ok = 0;
    }
    otr_interrupt_forget_workers();
    int rc = -1;
    const char *error = NULL;
    if (!ok)
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 534,
                     "cannot write the contact sheet: a part of it failed");
    else if (otr_pdf_join((const char *const *)files, parts, temp, &error) < 0)
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 534,
                     "cannot write the contact sheet: %s", error);
    else
        rc = 0;
    for (size_t w = 0; w < parts; w++) {
        remove(files[w]);
        otr_temp_forget(files[w]);
        free(files[w]);
    }
    free(files);
    free(pids);
    return rc;
}

int otr_contact_sheet(otr_project *project, const otr_campaign *campaign,
                      const size_t *documents, const int *failed, size_t count,
                      int jobs, const char *path, otr_diags *diags)
{
    size_t pages = (count + COLUMNS * ROWS - 1) / (COLUMNS * ROWS);
    size_t parts = pages / MIN_PART_PAGES;
    if (parts > MAX_PARTS)
        parts = MAX_PARTS;
    char *temp = otr_xasprintf("%s.tmp", path);
    otr_temp_remember(temp);
    int rc = parts > 1 ? draw_in_parts(project, campaign, documents, failed,
                                       count, parts, jobs, temp, path, diags)
                       : draw_pages(project, campaign, documents, failed, 0,
                                    count, temp, path, diags);
    if (rc == 0 && rename(temp, path) != 0) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 534,
                     "cannot write the contact sheet: %s", strerror(errno));
        rc = -1;
    }
    if (rc < 0)
        remove(temp);
    otr_temp_forget(temp);
    free(temp);
    return rc;
}
