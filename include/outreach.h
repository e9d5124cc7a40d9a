/* outreach: print-ready multilingual outreach material from a help portal's
 * directory data. This is the library's public interface; the command-line
 * tool and any other front end use nothing else.
 *
 * Ownership: every otr_X_new/otr_X_load has an otr_X_free that accepts NULL.
 * Strings returned by accessors belong to the object they came from. */
#ifndef OUTREACH_H
#define OUTREACH_H

#include <stddef.h>
#include <stdio.h>

/* ---- Diagnostics --------------------------------------------------------
 * Collected like a compiler does: every problem found, each with a stable
 * code and, where it comes from a file, the file, line and column. The
 * same problem found again (a missing phrase, for each of a hundred offers)
 * is counted but kept once. */

typedef struct otr_diags otr_diags;

otr_diags *otr_diags_new(void);
void otr_diags_free(otr_diags *diags);
size_t otr_diags_error_count(const otr_diags *diags);
size_t otr_diags_warning_count(const otr_diags *diags);
/* Writes every diagnostic, one a line:
 * "FILE:LINE:COL: error[E123]: message". */
void otr_diags_print(const otr_diags *diags, FILE *out);
/* Keeps every diagnostic: by default a file's first 200 are kept (a broken
 * file only repeats itself) and the rest counted in a note. */
void otr_diags_keep_all(otr_diags *diags);
/* Reports a problem that has no file position (used by front ends for
 * command-line mistakes). */
void otr_diags_error(otr_diags *diags, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* One diagnostic as data, for front ends that show them otherwise than as
 * lines (the web page). The strings belong to DIAGS. */
typedef struct {
    int is_error;     /* 1: error, 0: warning */
    int code;         /* the number of "E123" */
    const char *file; /* NULL when the problem has no file */
    int line, col;    /* 1-based; 0 when unknown */
    const char *message;
} otr_diag_info;

size_t otr_diags_count(const otr_diags *diags);
/* Fills INFO with diagnostic I (0 <= I < otr_diags_count). */
void otr_diags_get(const otr_diags *diags, size_t i, otr_diag_info *info);

/* ---- Project: content, layouts and fonts --------------------------------- */

typedef struct otr_project otr_project;

typedef struct {
    const char *content_dir; /* NULL: "content" (or the installed copy) */
    const char *layouts_dir; /* NULL: "layouts" (or the installed copy) */
} otr_paths;

/* Loads site, strings and layouts and sets up the bundled fonts. Returns NULL
 * when any error was reported to DIAGS. Free with otr_project_free. */
otr_project *otr_project_load(const otr_paths *paths, otr_diags *diags);
/* otr_project_load, reading one more events file, CANDIDATE_EVENTS, after
 * those of the content folder: a front end checks a new event with it, in
 * the company of all the others, before it saves it there. */
otr_project *otr_project_load_candidate(const otr_paths *paths,
                                        const char *candidate_events,
                                        otr_diags *diags);
/* otr_project_load for the documents of one layout (render): reads the
 * site, the phrases, that layout and the theme, and of the directory only
 * the categories and the kinds of record LAYOUT shows (an offer flyer: the
 * offers; a handout: the shelters and the offers; a postcard: none). A
 * problem in a file the layout does not read is not reported; otr_check
 * on an otr_project_load project reads everything. An unknown LAYOUT
 * is an error (E902) naming the layouts there are, none of them read. The
 * project cannot batch (its change hashes are not computed). */
otr_project *otr_project_load_for(const otr_paths *paths, const char *layout,
                                  otr_diags *diags);
void otr_project_free(otr_project *project);

size_t otr_project_language_count(const otr_project *project);
const char *otr_project_language_code(const otr_project *project, size_t i);
const char *otr_project_language_name(const otr_project *project, size_t i);
/* The site's IANA time zone (site.yaml `timezone:`, e.g. "Europe/Berlin"),
 * or NULL when the site names none. Belongs to the project. */
const char *otr_project_timezone(const otr_project *project);

size_t otr_project_layout_count(const otr_project *project);
const char *otr_project_layout_name(const otr_project *project, size_t i);
const char *otr_project_layout_description(const otr_project *project,
                                           size_t i);

/* What a layout is printed for, and the kinds of record in the content. */
typedef enum {
    OTR_RECORD_SITE,
    OTR_RECORD_OFFER,
    OTR_RECORD_EVENT,
    OTR_RECORD_SHELTER
} otr_record_type;

int otr_project_language_rtl(const otr_project *project, size_t i);
otr_record_type otr_project_layout_record(const otr_project *project, size_t i);

/* A record as a list shows it. Strings belong to the project. */
typedef struct {
    const char *id;
    const char *name;     /* in the language asked for, else the original */
    const char *town;     /* of the address or the venue */
    const char *category; /* the category's name; NULL when none */
    const char *start;    /* events: the start as written (ISO 8601) */
    const char *languages[16]; /* offers: spoken; shelters: residents' */
    size_t language_count;     /* at most 16 are given */
} otr_record_info;

/* Whether ID is a well-formed record id (lowercase letters a-z, digits and
 * single hyphens, at most 64 characters), as the loader requires. */
int otr_valid_id(const char *id);

size_t otr_project_record_count(const otr_project *project,
                                otr_record_type kind);
/* Fills INFO with record I of KIND (0 <= I < the count), names in LANG. */
void otr_project_record(const otr_project *project, otr_record_type kind,
                        size_t i, const char *lang, otr_record_info *info);

/* Writes one line per entry of WHAT (languages, layouts, categories,
 * offers, events, shelters): the id, a tab, and a short summary. Returns 0,
 * or -1 after reporting an unknown WHAT. */
int otr_project_list(const otr_project *project, const char *what, FILE *out,
                     otr_diags *diags);

/* Lays out every layout in every site language for every record it is
 * printed for, writing nothing; reports each problem to DIAGS and prints a
 * table (layout x language: ok, warnings, errors) to OUT. Returns 0 when no
 * document has errors, else -1. */
int otr_check(otr_project *project, FILE *out, otr_diags *diags);

/* Lays out one document (LAYOUT in LANG about RECORD_ID, NULL for the site)
 * as otr_check does, writing nothing. Returns 0, or -1 when it has errors
 * (reported to DIAGS, with its warnings). */
int otr_check_document(otr_project *project, const char *layout,
                       const char *lang, const char *record_id,
                       otr_diags *diags);

typedef struct {
    const char *id;       /* only the documents about this record, or NULL */
    const char *lang;     /* only this language, or NULL */
    const char *layout;   /* only this layout, or NULL */
    const char *fallback; /* as render --fallback: a document that prints
                             text in this language instead is counted
                             apart ("subst"), not as failing; or NULL */
    FILE *progress;       /* progress of the documents laid out, as batch
                             shows it, on a terminal only (NULL: none) */
} otr_check_options;

/* otr_check for the documents OPTIONS (may be NULL: all) choose. A record,
 * language or layout the project does not have is reported; returns -1
 * then, or when any chosen document has errors. */
int otr_check_some(otr_project *project, const otr_check_options *options,
                   FILE *out, otr_diags *diags);

/* ---- Rendering ----------------------------------------------------------- */

typedef enum {
    OTR_FORMAT_PDF,
    OTR_FORMAT_PNG,
    OTR_FORMAT_SVG,
    OTR_FORMAT_LIST /* the laid-out display list as text, for review */
} otr_format;

typedef struct {
    const char *layout;       /* layout name, e.g. "postcard" */
    const char *const *langs; /* primary language first */
    size_t lang_count;
    const char *record_id; /* NULL for layouts about the site */
    const char *campaign;  /* utm_campaign, or NULL */
    const char *fallback;  /* language for missing phrases, or NULL */
    double radius_km; /* a campaign's handout radius, km; 0: the layout's */
    otr_format format;
    double dpi;         /* PNG resolution; 0: the layout's own for pages in
                           px (their px size), else 150 */
    int print_shop;     /* PDF with 3 mm bleed, crop marks and page boxes */
    int pdfx;           /* PDF/X: CMYK, output intent, black text on K */
    const char *sheet;  /* PDF n-up on this office paper ("A4"), or NULL */
    const char *output; /* file to write */
} otr_render_request;

/* The format layout I is made for: OTR_FORMAT_PNG for a screen layout
 * (its page in px: social media tiles, e-mail banners), written at its px
 * size; OTR_FORMAT_PDF for print. */
otr_format otr_project_layout_format(const otr_project *project, size_t i);

/* Lays out and writes one document. The file appears at REQUEST->output only
 * when it is complete (written beside it under a temporary name, then
 * renamed); PNG output of a document with several pages writes NAME-1.png,
 * NAME-2.png, ... Returns 0 on success, -1 when errors were reported. */
int otr_render(otr_project *project, const otr_render_request *request,
               otr_diags *diags);

/* ---- Campaigns ----------------------------------------------------------- */

typedef struct {
    const char *campaign;   /* the campaign file */
    const char *output_dir; /* NULL: "out" */
    int jobs;               /* worker processes; 0: one per core */
    int shard, shards;      /* build the SHARDth of SHARDS parts; 0: all */
    int force;              /* rebuild documents whose inputs did not change */
    int quiet;              /* no progress */
    int print_shop;         /* bleed, crop marks and page boxes */
    int pdfx;               /* PDF/X files (docs/print-shop.md) */
    const char *sheet;      /* n-up on this office paper, or NULL */
    int no_contact_sheet;   /* skip the overview of all documents */
    int per_product;        /* also one file per layout x language */
} otr_batch_options;

/* Builds every document of a campaign (or of one shard of it) into the
 * output folder, keeps going past failures, and writes manifest.csv and
 * manifest.json (manifest-K-of-N.* for a shard). Documents whose inputs did
 * not change since the manifest was written are kept. Progress and the
 * failures' messages go to PROGRESS (may be NULL). Returns 0 when every
 * document is there, -1 when any failed or the campaign has errors. */
int otr_batch(otr_project *project, const otr_batch_options *options,
              FILE *progress, otr_diags *diags);

/* ---- Importing -----------------------------------------------------------
 * Imported records are written into files of their own in the content
 * folder (offers/integreat-REGION.yaml, ...), replaced on each import;
 * hand-written files are never touched. What was added, changed and
 * removed, and every default used, goes to REPORT. A failed import leaves
 * the content as it was. Both return 0, or -1 after reporting to DIAGS. */

typedef struct {
    const char *from_dir;  /* saved API responses, or NULL for BASE_URL */
    const char *base_url;  /* the CMS, e.g. https://cms.integreat-app.de */
    const char *region;    /* the region's slug; NULL: from FROM_DIR's names */
    const char *config;    /* the import configuration (YAML), or NULL */
    long timeout_seconds;  /* per request; 0: 60 */
    size_t max_file_bytes; /* per file written, larger is split; 0: 8 MiB */
} otr_import_integreat_options;

int otr_import_integreat(const otr_paths *paths,
                         const otr_import_integreat_options *options,
                         FILE *report, otr_diags *diags);

/* Offers or events (KIND "offers" or "events") from a spreadsheet saved as
 * CSV (UTF-8, comma or semicolon) into KIND/csv-NAME.yaml (split into
 * files of at most MAX_FILE_BYTES, 0: 8 MiB, as for Integreat). */
int otr_import_csv(const otr_paths *paths, const char *file, const char *kind,
                   size_t max_file_bytes, FILE *report, otr_diags *diags);

/* Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the files
 * being written, say so, and end the process as the signal would. */
void otr_handle_interrupts(void);

#endif
