/* Composing a document: a layout, bound to a language and a record, laid out
 * into a display list of positioned items. Nothing here draws; draw.c turns
 * a display list into pages. */
#ifndef OTR_COMPOSE_H
#define OTR_COMPOSE_H

#include <pango/pango.h>
#include <stdio.h>

#include "directory.h"
#include "image.h"
#include "model.h"
#include "qr.h"
#include "text.h"

typedef enum {
    OTR_ITEM_RECT,
    OTR_ITEM_TEXT,
    OTR_ITEM_QR,
    OTR_ITEM_IMAGE
} otr_item_kind;

typedef struct {
    otr_item_kind kind;
    const otr_frame *frame;
    double x, y, width, height; /* pt, from the page's top-left corner */
    otr_color color;
    double radius; /* rect: corner radius, pt */
    /* text */
    char *text; /* as laid out, with bidi isolates */
    const char *lang;
    int rtl;
    PangoLayout *layout; /* owned */
    double size;         /* pt, after fitting */
    double text_offset;  /* from y to the layout's top (vertical alignment) */
    /* qr */
    otr_qr *qr;    /* owned */
    double module; /* pt */
    /* image */
    const otr_image *image; /* belongs to the input's image cache */
    char *src;              /* the file, for the display list; owned */
    /* any item */
    char *link; /* URI the item's area opens, or NULL; owned */
} otr_item;

typedef struct {
    otr_item *items;
    size_t count, cap;
} otr_display_page;

typedef struct {
    double width, height; /* pt */
    otr_display_page *pages;
    size_t page_count;
    char *title; /* document title for the PDF metadata; owned */
    const char *lang;
    int rtl; /* the document's language is written right to left */
    /* A layout with a snippet (an e-mail banner): the page the image links
     * to, with tracking, and its alt text in the document's language (data
     * in bidi isolates, as in the image); both owned, NULL otherwise. */
    char *snippet_link;
    char *snippet_alt;
} otr_display_list;

/* A text printed in another language than the document's because the user
 * allowed a fallback language for this job: what the manifests flag. */
typedef struct {
    char *field;      /* "event.title", "offer.description", "phrase
                         postcard.headline"; owned */
    char *record;     /* the record the text belongs to, or NULL; owned */
    const char *lang; /* the language printed instead (a site language) */
} otr_substitution;

typedef struct {
    otr_substitution *items; /* in the order first met, each once */
    size_t count, cap;
} otr_substitutions;

/* Adds one, unless the same field of the same record is there already. */
void otr_substitutions_add(otr_substitutions *subs, const char *field,
                           const char *record, const char *lang);
/* "event.title=en offer.name@erfurt-tafel=en": the manifest's form; the
 * caller frees. "" for none. */
char *otr_substitutions_text(const otr_substitutions *subs);
void otr_substitutions_clear(otr_substitutions *subs);

typedef struct {
    const otr_site *site;
    const otr_layout *layout;
    const otr_language *lang;   /* the document's (first) language */
    const otr_strings *strings; /* of LANG */
    const otr_language *lang2;  /* a bilingual document's second language */
    const otr_strings *strings2;
    /* Phrases and texts missing in LANG are printed in this language only
     * when the user allowed it (--fallback, a campaign's "fallback"); NULL:
     * a missing translation is an error. */
    const otr_strings *fallback;
    otr_substitutions *substitutions; /* each fallback used is added here;
                                         may be NULL */
    const otr_strings *all_strings;   /* per site language, in its order */
    otr_fonts *fonts;
    otr_images *images; /* every image file, loaded once */
    const otr_directory *directory;
    const char *content_dir; /* category icons are relative to this */
    const char *layouts_dir; /* layout images are relative to this */
    const char *record_id;   /* NULL for site layouts */
    const otr_offer *offer;  /* the record, by kind */
    const otr_event *event;
    const otr_shelter *shelter;
    const char *campaign; /* NULL: none */
    double radius_km;     /* the campaign's handout radius, km; 0: none */
} otr_compose_input;

/* Lays out every page. Returns NULL after reporting each problem (missing
 * phrases, text that does not fit even at its minimum size, glyphs missing
 * from the bundled fonts, QR modules below the minimum size) to DIAGS. The
 * caller frees the result with otr_display_list_free. */
otr_display_list *otr_compose(const otr_compose_input *input, otr_diags *diags);
void otr_display_list_free(otr_display_list *list);

/* Writes the display list as text, one item a line, in mm: the form that
 * layout tests compare. */
void otr_display_list_dump(const otr_display_list *list, FILE *out);

#endif
