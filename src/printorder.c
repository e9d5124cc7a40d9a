/* The print order: print-order.csv for the shop's order system and a
 * one-page print-order.pdf to read and sign off. */
#include "printorder.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"

/* One line of the order: the documents of one product in one format. */
typedef struct {
    const otr_order_item *first; /* its format: product, size, colour... */
    size_t files;
    long copies;       /* sum; -1 when any document has no quantity */
    otr_buf languages; /* "de ar fa", in the order first seen */
} group;

const char *otr_order_colour(int pdfx)
{
    return pdfx ? "CMYK PDF/X-3" : "RGB";
}

static int same_format(const otr_order_item *a, const otr_order_item *b)
{
    return strcmp(a->product, b->product) == 0 && a->width == b->width &&
           a->height == b->height && a->bleed == b->bleed &&
           a->pages == b->pages && strcmp(a->colour, b->colour) == 0 &&
           strcmp(a->paper ? a->paper : "", b->paper ? b->paper : "") == 0;
}

/* Lines by product, then format, pages and paper. */
static int by_format(const void *a, const void *b)
{
    const otr_order_item *x = ((const group *)a)->first;
    const otr_order_item *y = ((const group *)b)->first;
    int c = strcmp(x->product, y->product);
    if (c)
        return c;
    if (x->width * x->height != y->width * y->height)
        return x->width * x->height < y->width * y->height ? -1 : 1;
    if (x->pages != y->pages)
        return x->pages < y->pages ? -1 : 1;
    if ((c = strcmp(x->colour, y->colour)))
        return c;
    return strcmp(x->paper ? x->paper : "", y->paper ? y->paper : "");
}

/* The groups in the order of their first document (the manifest's order,
 * by file name). */
static group *group_items(const otr_order_item *items, size_t count,
                          size_t *group_count)
{
    group *groups = NULL;
    size_t cap = 0, n = 0;
    for (size_t i = 0; i < count; i++) {
        size_t g = 0;
        while (g < n && !same_format(groups[g].first, &items[i]))
            g++;
        if (g == n) {
            groups = otr_grow(groups, &cap, n + 1, sizeof(group));
            groups[n++] = (group){&items[i], 0, 0, {0}};
        }
        group *gr = &groups[g];
        gr->files++;
        if (items[i].quantity < 0 || gr->copies < 0)
            gr->copies = -1;
        else
            gr->copies += items[i].quantity;
        /* The language once, as a whole word. */
        const char *lang = items[i].language;
        size_t len = strlen(lang);
        const char *seen = gr->languages.data;
        int found = 0;
        for (const char *p = seen; p && *p && !found;) {
            size_t word = strcspn(p, " ");
            found = word == len && strncmp(p, lang, len) == 0;
            p += word;
            while (*p == ' ')
                p++;
        }
        if (!found)
            otr_buf_printf(&gr->languages, "%s%s", gr->languages.len ? " " : "",
                           lang);
    }
    if (n > 1)
        qsort(groups, n, sizeof(group), by_format);
    *group_count = n;
    return groups;
}

/* The nine fields of an order line, as the CSV (ON_PAPER 0) or the PDF
 * writes them. */
typedef struct {
    char trim[64], bleed[32], pages[32], files[32], copies[32];
    const char *fields[9];
} line_text;

static void line_fields(const group *g, int on_paper, line_text *t)
{
    const otr_order_item *f = g->first;
    snprintf(t->trim, sizeof t->trim, "%g%s%g", f->width,
             on_paper ? " \u00d7 " : "x", f->height);
    snprintf(t->bleed, sizeof t->bleed, on_paper ? "%g mm" : "%g", f->bleed);
    if (on_paper && f->bleed <= 0)
        snprintf(t->bleed, sizeof t->bleed, "none");
    snprintf(t->pages, sizeof t->pages, "%zu", f->pages);
    snprintf(t->files, sizeof t->files, "%zu", g->files);
    if (g->copies >= 0)
        snprintf(t->copies, sizeof t->copies, "%ld", g->copies);
    else
        snprintf(t->copies, sizeof t->copies, "%s",
                 on_paper ? "not given" : "");
    const char *none = on_paper ? "not given" : "";
    const char *fields[9] = {f->product,
                             t->trim,
                             t->bleed,
                             t->pages,
                             f->colour,
                             f->paper ? f->paper : none,
                             g->languages.data ? g->languages.data : "",
                             t->files,
                             t->copies};
    memcpy(t->fields, fields, sizeof fields);
}

static int write_csv(const group *groups, size_t n, const char *temp)
{
    FILE *csv = fopen(temp, "w");
    if (!csv)
        return -1;
    fputs("product,trim_mm,bleed_mm,pages,colour,paper,languages,files,"
          "copies\n",
          csv);
    for (size_t g = 0; g < n; g++) {
        line_text t;
        line_fields(&groups[g], 0, &t);
        for (int k = 0; k < 9; k++)
            otr_csv_field(csv, t.fields[k], k == 8);
    }
    int failed = ferror(csv);
    failed |= fclose(csv) != 0;
    return failed ? -1 : 0;
}

/* ---- The PDF --------------------------------------------------------- */

enum { COLUMN_COUNT = 9 };

static const char *const headings[COLUMN_COUNT] = {
    "Product", "Trim (mm)", "Bleed", "Pages", "Colours",
    "Paper",   "Languages", "Files", "Copies"};
/* Widths in points (the table is 481 pt, A4 less 20 mm margins); numbers
 * are set flush right. */
static const double widths[COLUMN_COUNT] = {78, 56, 30, 30, 60, 84, 64, 30, 49};
static const int numeric[COLUMN_COUNT] = {0, 0, 1, 1, 0, 0, 0, 1, 1};

/* TEXT in a box of WIDTH x HEIGHT at X, Y; shrinks to fit, in two lines
 * at most. */
static void cell(cairo_t *cr, otr_fonts *fonts, const char *text, double x,
                 double y, double width, double height, double size, int bold,
                 otr_align align, otr_color color)
{
    otr_style style = {.font = "Noto Sans",
                       .size = size,
                       .min_size = size * 0.7,
                       .line_height = 1.2,
                       .bold = bold,
                       .color = color};
    otr_text_fit fit;
    otr_text_fit_layout(fonts, text, "en", 0, &style, align, 0, width, height,
                        2, &fit);
    cairo_set_source_rgb(cr, color.r, color.g, color.b);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, fit.layout);
    otr_text_fit_clear(&fit);
}

static void row(cairo_t *cr, otr_fonts *fonts, const char *const *texts,
                double x, double y, double height, int bold)
{
    otr_color ink = {0.1, 0.1, 0.1};
    for (int c = 0; c < COLUMN_COUNT; c++) {
        cell(cr, fonts, texts[c], x + 2, y + 3, widths[c] - 4, height - 4, 8.5,
             bold, numeric[c] ? OTR_ALIGN_END : OTR_ALIGN_START, ink);
        x += widths[c];
    }
}

static int write_pdf(otr_fonts *fonts, const char *title, const group *groups,
                     size_t n, size_t failed, const char *temp)
{
    double width = OTR_MM_TO_PT(210), height = OTR_MM_TO_PT(297);
    double margin = OTR_MM_TO_PT(20);
    double table_w = 0;
    for (int c = 0; c < COLUMN_COUNT; c++)
        table_w += widths[c];
    cairo_surface_t *surface = cairo_pdf_surface_create(temp, width, height);
    char date[32];
    otr_pdf_creation_date(date, sizeof date);
    char *doc_title = otr_xasprintf("Print order %s", title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   doc_title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "outreach " OTR_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_t *cr = cairo_create(surface);
    otr_color ink = {0.1, 0.1, 0.1}, grey = {0.35, 0.35, 0.35};
    double y = margin;
    cell(cr, fonts, doc_title, margin, y, table_w, 30, 18, 1, OTR_ALIGN_START,
         ink);
    y += 30;
    long total = 0;
    size_t files = 0;
    int unknown = 0;
    for (size_t g = 0; g < n; g++) {
        files += groups[g].files;
        if (groups[g].copies < 0)
            unknown = 1;
        else
            total += groups[g].copies;
    }
    char *summary = otr_xasprintf(
        "%zu file(s) in %zu line(s). Made %.10s. The copies of each file are "
        "in manifest.csv (column quantity).",
        files, n, date);
    cell(cr, fonts, summary, margin, y, table_w, 28, 9, 0, OTR_ALIGN_START,
         grey);
    free(summary);
    y += 26;
    if (failed) {
        char *warning = otr_xasprintf(
            "%zu document(s) could not be built and are NOT in this order: "
            "see the batch's messages, correct them and run it again.",
            failed);
        cell(cr, fonts, warning, margin, y, table_w, 28, 10, 1, OTR_ALIGN_START,
             (otr_color){0.75, 0.1, 0.1});
        free(warning);
        y += 28;
    }
    double row_h = 26;
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_rectangle(cr, margin, y, table_w, row_h);
    cairo_fill(cr);
    row(cr, fonts, headings, margin, y, row_h, 1);
    y += row_h;
    double bottom = height - margin - 3 * row_h;
    size_t shown = 0;
    for (size_t g = 0; g < n && y + row_h <= bottom; g++, shown++) {
        line_text t;
        line_fields(&groups[g], 1, &t);
        row(cr, fonts, t.fields, margin, y, row_h, 0);
        cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, margin, y + row_h);
        cairo_line_to(cr, margin + table_w, y + row_h);
        cairo_stroke(cr);
        y += row_h;
    }
    if (shown < n) {
        char *more = otr_xasprintf(
            "... and %zu more line(s): the whole order is in print-order.csv",
            n - shown);
        cell(cr, fonts, more, margin, y + 4, table_w, row_h, 9, 1,
             OTR_ALIGN_START, ink);
        y += row_h;
    }
    char copies[64];
    snprintf(copies, sizeof copies, "%ld", total);
    char files_text[32];
    snprintf(files_text, sizeof files_text, "%zu", files);
    const char *totals[COLUMN_COUNT] = {"Total", "", "",         "",    "",
                                        "",      "", files_text, copies};
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, margin, y);
    cairo_line_to(cr, margin + table_w, y);
    cairo_stroke(cr);
    row(cr, fonts, totals, margin, y, row_h, 1);
    if (unknown)
        cell(cr, fonts,
             "Lines marked \"not given\" have no quantity in the campaign "
             "(key quantity): the total counts only the other lines.",
             margin, y + row_h, table_w, 28, 9, 1, OTR_ALIGN_START,
             (otr_color){0.75, 0.1, 0.1});
    free(doc_title);
    return otr_cairo_finish(cr, surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

int otr_print_order_write(otr_fonts *fonts, const char *title,
                          const otr_order_item *items, size_t count,
                          size_t failed, const char *csv_path,
                          const char *pdf_path, otr_diags *diags)
{
    size_t n = 0;
    group *groups = group_items(items, count, &n);
    char *csv_temp = otr_xasprintf("%s.tmp", csv_path);
    char *pdf_temp = otr_xasprintf("%s.tmp", pdf_path);
    otr_temp_remember(csv_temp);
    otr_temp_remember(pdf_temp);
    int rc = 0;
    const char *bad = csv_path;
    if (write_csv(groups, n, csv_temp) < 0) {
        rc = -1;
    } else if (write_pdf(fonts, title, groups, n, failed, pdf_temp) < 0) {
        bad = pdf_path;
        rc = -1;
    } else if (rename(csv_temp, csv_path) != 0 ||
               rename(pdf_temp, pdf_path) != 0) {
        rc = -1;
    }
    if (rc < 0) {
        otr_error_at(diags, ((otr_mark){bad, 0, 0}), 543,
                     "cannot write the print order: %s",
                     errno ? strerror(errno) : "drawing failed");
        unlink(csv_temp);
        unlink(pdf_temp);
    }
    otr_temp_forget(csv_temp);
    otr_temp_forget(pdf_temp);
    free(csv_temp);
    free(pdf_temp);
    for (size_t g = 0; g < n; g++)
        otr_buf_free(&groups[g].languages);
    free(groups);
    return rc;
}
