/* Binding text templates to a language and a record: "{postcard.headline}"
 * is a phrase, "{offer.phone}" and "{event.date}" are data, formatted for the
 * language and isolated so it reads right in either direction. */
#ifndef OTR_BIND_H
#define OTR_BIND_H

#include "compose.h"
#include "format.h"

/* Unicode directional isolates. */
#define OTR_LRI "\xE2\x81\xA6" /* U+2066: left-to-right isolate */
#define OTR_FSI "\xE2\x81\xA8" /* U+2068: first-strong isolate */
#define OTR_PDI "\xE2\x81\xA9" /* U+2069: pop directional isolate */

typedef struct {
    const otr_compose_input *input;
    const otr_language *lang;   /* the language of the text */
    const otr_strings *strings; /* its phrases */
    const otr_offer *offer;     /* a list entry's offer, or the record */
    const otr_category *category;
    double distance_km; /* from the shelter; < 0 when not known */
    int page, pages;    /* page numbers, 0 when not known */
} otr_bind_ctx;

/* A context for the document's primary (or, with SECONDARY, second)
 * language and its record. */
otr_bind_ctx otr_bind_context(const otr_compose_input *input, int secondary);

/* Expands TMPL. A line whose optional data is empty (an offer without phone)
 * is left out, so the result may be "". Returns NULL after reporting
 * (unknown phrase or data, a missing translation without fallback). With
 * ISOLATE 0 no isolates are inserted (document titles). The caller frees. */
char *otr_bind_text(const otr_bind_ctx *ctx, const char *tmpl, otr_mark mark,
                    int isolate, otr_diags *diags);

/* Phone numbers, e-mail and web addresses and times typed into TEXT
 * (UTF-8) outside any isolate, each set in a left-to-right isolate (LRI ...
 * PDI), so that in right-to-left prose it reads left to right, whole
 * (Unicode bidi algorithm, UAX #9, section 2.7: isolates). Returns a new
 * string; the caller frees. */
char *otr_isolate_data(const char *text);

/* TEXT (UTF-8) with the numbers typed into it outside any isolate written
 * in DIGITS, the document's one digit rule: counts, amounts and times
 * ("40", "1,5", "14:30"). Phone numbers get Latin digits (they are dialled);
 * e-mail and web addresses, numbers inside names and codes ("A1", "5G"),
 * house numbers and postcodes beside a Latin word ("Johannesstraße 12",
 * "99084 Erfurt") and five-digit numbers (postcodes) stay as typed. A
 * separator between digits becomes DIGITS' grouping separator before a
 * group of three digits, else its decimal separator. Returns a new string;
 * the caller frees. */
char *otr_localize_digits(const char *text, const otr_digits *digits);

/* How far, in km, the offers on a shelter's handout may be: the shelter's
 * "radius_km", else the campaign's, else the layout's list "max_km", else
 * OTR_RADIUS_DEFAULT_KM (directory.h). */
double otr_nearby_radius_km(const otr_compose_input *input);

/* Great-circle distance in km. */
double otr_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
