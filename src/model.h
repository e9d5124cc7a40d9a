/* The loaded content and layouts. Strings point into the YAML documents the
 * project keeps alive until otr_project_free; marks point at their source. */
#ifndef OTR_MODEL_H
#define OTR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "yamlnode.h"

/* ---- Site (content/site.yaml) ------------------------------------------- */

typedef struct {
    const char *code;    /* BCP 47, e.g. "fa" */
    const char *name;    /* the language's own name for itself */
    const char *numbers; /* ICU numbering system ("latn", "arab"), or NULL
                            for the language's default */
    int rtl;             /* written right to left (from ICU's locale data) */
    otr_mark mark;
} otr_language;

typedef struct {
    const char *key;
    const char *value; /* template: {layout}, {campaign}, {lang} */
    otr_mark mark;
} otr_tracking_param;

typedef enum {
    OTR_URL_SITE,
    OTR_URL_OFFER,
    OTR_URL_EVENT,
    OTR_URL_SHELTER,
    OTR_URL_KIND_COUNT
} otr_url_kind;

/* Text a site gives per language ("de: ..., ar: ..."), or one text for all. */
typedef struct {
    const char *lang; /* NULL: every language */
    const char *text;
} otr_site_text;

/* The imprint printed matter carries under the German state press laws
 * (e.g. Thüringer Pressegesetz § 7): who publishes it and who is
 * responsible for its content, plus an optional funding notice and the
 * publisher's and funders' logos. */
typedef struct {
    int present;
    const char *publisher;
    const char *address; /* the publisher's postal address */
    const char *responsible;
    otr_site_text *funding; /* per language; may be empty */
    size_t funding_count;
    const char **logos; /* files under content/, SVG or PNG */
    otr_mark *logo_marks;
    size_t logo_count;
    otr_mark mark;
} otr_imprint;

/* Fills IMPRINT from site.yaml's "imprint" map; returns the number of
 * errors. Strings point into the YAML document. */
int otr_imprint_load(otr_imprint *imprint, const otr_node *map,
                     otr_diags *diags);
void otr_imprint_clear(otr_imprint *imprint);

/* The funding notice for LANG: its own, else the one for every language,
 * else the site's first language's (*FOREIGN set); NULL when none. */
const char *otr_imprint_funding(const otr_imprint *imprint, const char *lang,
                                int *foreign);

typedef struct {
    const char *name;
    const char *base_url;
    const char *phone;  /* the portal's hotline as printed (phone.h), or NULL;
                           owned */
    const char *region; /* "region" as written ("DE"), or NULL */
    const char *email;  /* the portal's contact address, or NULL */
    otr_language *languages;
    size_t language_count;
    const char *url_templates[OTR_URL_KIND_COUNT];
    otr_mark url_marks[OTR_URL_KIND_COUNT];
    otr_tracking_param *tracking;
    size_t tracking_count;
    otr_imprint imprint;
    /* The IANA time zone events happen in ("Europe/Berlin"), or NULL: then
     * every event time carries its UTC offset. */
    const char *timezone;
    otr_mark timezone_mark;
    /* The region records lie in, degrees; has_box 0: derived from the
     * records themselves (see directory.c). */
    int has_box;
    double south, west, north, east;
    otr_mark box_mark;
    const otr_node *colors; /* "colors": the site's own values for theme
                               colour names, read with the theme */
} otr_site;

const char *otr_url_kind_name(otr_url_kind kind);
int otr_url_kind_parse(const char *name, otr_url_kind *out);

/* Fills SITE from the root of site.yaml. Returns the number of errors. */
int otr_site_load(otr_site *site, const otr_node *root, otr_mark file,
                  otr_diags *diags);
void otr_site_clear(otr_site *site);

/* The region phone numbers without a country code are dialled in: the
 * site's "region", else the country of base_url's top-level domain
 * (".de": "DE"), else NULL. BUF holds a derived code. */
const char *otr_site_phone_region(const otr_site *site, char buf[3]);

/* The phone number TYPED (the text of NODE) as printed, in the form of
 * phone.h; NULL after reporting error E244 at NODE. The caller frees. */
char *otr_site_phone(const otr_site *site, const otr_node *node,
                     const char *typed, otr_diags *diags);
const otr_language *otr_site_language(const otr_site *site, const char *code);

/* The URL of a page of the portal for LANG (and record ID where the kind
 * needs one), with the print tracking parameters when LAYOUT is given.
 * The caller frees. */
char *otr_site_url(const otr_site *site, otr_url_kind kind, const char *lang,
                   const char *id, const char *layout, const char *campaign);
/* The same, but PAGE (a record's own page for LANG, e.g. from the portal's
 * CMS) replaces the site's template when it is not NULL, and MEDIUM (the
 * layout's: print, social, email) fills the tracking's {medium}. */
char *otr_site_record_url(const otr_site *site, otr_url_kind kind,
                          const char *lang, const char *id, const char *page,
                          const char *layout, const char *campaign,
                          const char *medium);

/* ---- Strings (content/strings/LANG.yaml) --------------------------------- */

typedef struct {
    const char *key; /* dotted path of nested maps: "postcard.headline" */
    const char *text;
    otr_mark mark;
} otr_string;

typedef struct {
    const char *lang;
    otr_string *items; /* sorted by key */
    size_t count;
    char **dotted_keys; /* keys built from nested maps, owned */
    size_t dotted_count;
    otr_mark file;
} otr_strings;

int otr_strings_load(otr_strings *strings, const char *lang,
                     const otr_node *root, otr_mark file, otr_diags *diags);
void otr_strings_clear(otr_strings *strings);
const otr_string *otr_strings_find(const otr_strings *strings, const char *key);

/* ---- Layouts (layouts/NAME.yaml) ----------------------------------------- */

typedef struct {
    double r, g, b; /* 0..1 */
} otr_color;

/* Reads "#rrggbb"; returns 0, or -1 after reporting. */
int otr_parse_color(const otr_node *node, const char *what, otr_color *out,
                    otr_diags *diags);

typedef enum { OTR_ALIGN_START, OTR_ALIGN_CENTER, OTR_ALIGN_END } otr_align;
typedef enum {
    OTR_VALIGN_TOP,
    OTR_VALIGN_MIDDLE,
    OTR_VALIGN_BOTTOM
} otr_valign;

typedef struct {
    const char *name;
    const char
        *font; /* Pango family list, e.g. "Noto Sans, Noto Sans Arabic" */
    int bold;
    double size;        /* pt */
    double min_size;    /* pt; text shrinks down to this to fit */
    double max_size;    /* pt; 0, or text grows up to this to fill its frame
                           (in a stack: the room the stack has left) */
    double line_height; /* baseline distance as a multiple of the size; 0:
                           the font's own */
    otr_color color;
    const char *role;    /* body, title, date, ... for the minimum sizes */
    double floor;        /* pt: the product class's minimum for the role */
    double floor_arabic; /* pt: the same for text in Arabic script */
    otr_mark mark;
} otr_style;

/* A colour of the house style, by name ("primary"). */
typedef struct {
    const char *name;
    otr_color color;
    otr_mark mark;
} otr_named_color;

/* The smallest size text of ROLE may print at on a product of CLASS. */
typedef struct {
    const char *product_class; /* "flyer", "handout", "poster-a3", ... */
    const char *role;
    double size, size_arabic; /* pt */
} otr_size_floor;

/* layouts/theme.yaml: the house style every layout uses by name. */
typedef struct {
    otr_named_color *colors; /* the site's colours replace the theme's */
    size_t color_count;
    otr_style *styles; /* the type scale */
    size_t style_count;
    otr_size_floor *floors;
    size_t floor_count;
    uint64_t hash;
} otr_theme;

/* Fills THEME from theme.yaml's ROOT (NULL: an empty theme), then lays
 * SITE_COLORS (site.yaml's "colors" map, or NULL) over its colours. Returns
 * the number of errors. */
int otr_theme_load(otr_theme *theme, const otr_node *root,
                   const otr_node *site_colors, otr_diags *diags);
void otr_theme_clear(otr_theme *theme);

/* Reads the style KEY: MAP; "base" names a THEME style it starts from, and
 * colours may be THEME colour names. Returns the number of errors. */
int otr_style_load(otr_style *style, const otr_node *key, const otr_node *map,
                   const otr_theme *theme, otr_diags *diags);
/* The theme colour NAME, or NULL. */
const otr_named_color *otr_theme_color(const otr_theme *theme,
                                       const char *name);

typedef enum {
    OTR_FRAME_RECT,
    OTR_FRAME_TEXT,
    OTR_FRAME_QR,
    OTR_FRAME_IMAGE,
    OTR_FRAME_TILES,   /* one tile per site language */
    OTR_FRAME_LIST,    /* records flowed over columns and pages */
    OTR_FRAME_IMPRINT, /* the site's imprint and logos */
    OTR_FRAME_STACK    /* frames one below the other, as tall as their
                          content needs */
} otr_frame_kind;

/* A line of a list entry: a text template in a style; a line whose data is
 * empty (an offer without phone) is left out. */
typedef struct {
    const char *text;
    otr_mark mark;
    const otr_style *style;
    int secondary; /* in the document's second language */
} otr_entry_line;

/* A number a handout's emergency box prints: dialled as written (short
 * numbers like 110, Latin digits), and what it is for. */
typedef struct {
    const char *number;
    const char *text; /* template */
    otr_mark mark;
} otr_emergency_number;

/* The box of emergency numbers at the top of a list (the handout's first
 * page): the fixed NUMBERS, then the phone numbers of the nearby offers in
 * categories marked "emergency" (crisis lines) under CRISIS. */
typedef struct {
    const char *heading; /* template */
    const char *crisis;  /* template; NULL: no crisis lines */
    otr_mark mark;
    const otr_style *heading_style, *number_style, *style, *second_style;
    otr_emergency_number *numbers;
    size_t number_count;
    int crisis_limit; /* most crisis lines */
    otr_color fill, accent;
} otr_emergency;

typedef struct otr_frame otr_frame;
struct otr_frame {
    otr_frame_kind kind;
    const char *name; /* for messages and the display list */
    otr_mark mark;
    double x, y, width, height; /* mm; x is measured from the start edge.
                                   In a stack, y is the space above the
                                   frame and height its least height (text
                                   takes what it needs, up to max_height) */
    double max_height;          /* mm, in a stack; 0: what is left */
    int mirror;                 /* follows the reading direction (default) */
    int secondary; /* text in the document's second language; the frame is
                      left out of documents in one language */
    int both;      /* lang: both: the text in the document's language, and
                      in a bilingual document " · " and the second's */
    const char *condition; /* "if": a template; the frame is left out when
                              it comes out empty (a heading without data) */
    otr_mark condition_mark;
    /* rect */
    otr_color fill;
    int fill_category; /* the record's category colour */
    double radius;     /* mm */
    /* text */
    const char *text; /* template: "{strings.key}", "{site.name}", ... */
    otr_mark text_mark;
    const otr_style *style;
    otr_align align;
    otr_valign valign;
    int max_lines; /* 0: as many as fit */
    int has_link;
    otr_url_kind link; /* the frame is a link to this page */
    /* qr */
    otr_url_kind url;
    double min_module; /* mm */
    int ecc;           /* otr_qr_ecc */
    otr_color dark;
    /* imprint: the logos' height, mm (0: none) */
    double logo_height;
    /* image: a file under layouts/, or "{category.icon}" */
    const char *src;
    otr_mark src_mark;
    /* tiles and list */
    int columns, rows;
    double gap;          /* mm between tiles or columns */
    double spread;       /* stack: the space above its frames (their y) may grow
                            up to 1 + SPREAD times to take the room left over */
    otr_frame *children; /* tiles: frames of one tile, tile-relative;
                            stack: the frames from top to bottom */
    size_t child_count;
    /* list */
    int limit;                     /* most entries; 0: all */
    double max_km;                 /* farthest offer; 0: any */
    const otr_style *header_style; /* category headers */
    double header_height;          /* mm */
    double entry_gap;              /* mm after each entry */
    otr_entry_line *entry;
    size_t entry_count;
    const char *header_continued; /* template added to a header repeated at
                                     a column or page break, or NULL */
    otr_emergency *emergency;     /* or NULL */
};

typedef struct {
    otr_frame *frames;
    size_t frame_count;
} otr_page;

typedef struct {
    const char *name; /* from the file name */
    const char *description;
    const char *title;  /* strings key of the document title */
    const char *second; /* a second language printed beside the first
                           unless it is the first, or NULL */
    otr_mark second_mark;
    int bilingual;     /* has text in a second language */
    int all_languages; /* has tiles: prints every site language */
    int has_imprint;   /* has an imprint frame */
    otr_url_kind record;
    double width, height;      /* mm */
    const char *product_class; /* for the minimum sizes, or NULL */
    const otr_theme *theme;    /* the project's; NULL: none */
    /* Screen products (social media tiles, e-mail banners) give their page
     * and frames in CSS px ("unit: px", 1 px = 1/96 in = 25.4/96 mm); they
     * are kept here in mm like every other layout. PNG_DPI is the PNG
     * resolution that gives the page's px size times its "density" (96 x
     * density); 0 for layouts in mm (print). */
    int in_px;
    double png_dpi;
    /* An e-mail banner's HTML snippet ("snippet:"): the page the image
     * links to and the template of its alt text; HAS_SNIPPET 0: none. */
    int has_snippet;
    otr_url_kind snippet_link;
    const char *snippet_alt;
    otr_mark snippet_alt_mark;
    /* The tracking's {medium} ("medium:"): print (default), social for
     * layouts in px, or as written (email). */
    const char *medium;
    otr_style *styles;
    size_t style_count;
    otr_page *pages;
    size_t page_count;
    otr_page *continuation; /* for list entries that overflow, or NULL */
    otr_mark mark;
    uint64_t hash; /* of the file's content, for change detection */
} otr_layout;

/* The portrait size in mm of ISO paper NAME ("A4"); -1 when unknown. */
int otr_paper_size(const char *name, double *width, double *height);

int otr_layout_load(otr_layout *layout, const char *name, const otr_node *root,
                    otr_mark file, otr_diags *diags);
/* The same with THEME's colours and styles available by name (THEME must
 * outlive LAYOUT). */
int otr_layout_load_themed(otr_layout *layout, const char *name,
                           const otr_node *root, otr_mark file,
                           const otr_theme *theme, otr_diags *diags);
void otr_layout_clear(otr_layout *layout);

#endif
