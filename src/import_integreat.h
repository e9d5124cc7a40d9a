/* What `outreach import integreat` needs besides the JSON (which only
 * import_integreat.c reads, with jansson): the API's addresses, Integreat's
 * category colours and icons as printed here, free-text phones, and the
 * times of event series. Strings returned are malloc'ed: the caller frees. */
#ifndef OTR_IMPORT_INTEGREAT_H
#define OTR_IMPORT_INTEGREAT_H

#include <stdint.h>

/* The saved response of ENDPOINT ("region", "locations", "events",
 * "location-categories", ...) for LANG (or NULL): the upstream test
 * suite's names, "regions_augsburg.json", "augsburg_de_locations.json". */
char *otr_integreat_saved_name(const char *region, const char *lang,
                               const char *endpoint);

/* The API v3 address of ENDPOINT at the CMS BASE ("https://cms..."), e.g.
 * BASE/api/v3/augsburg/de/events/?combine_recurring=True. */
char *otr_integreat_endpoint_url(const char *base, const char *region,
                                 const char *lang, const char *endpoint);

/* COLOR ("#rrggbb"; anything else counts as grey) darkened until white
 * text on it has a contrast of at least 4.5:1 (WCAG 2.1 section 1.4.3),
 * written as "#rrggbb" to OUT. Returns 1 when it had to change. */
int otr_integreat_readable_color(const char *color, char out[8]);

/* The bundled icon (content/icons/NAME.svg) for Integreat's category icon
 * NAME (integreat_cms/cms/constants/poi_category_icons.py); *CLOSE is 0
 * when none shows the same thing and the nearest is given. */
const char *otr_integreat_bundled_icon(const char *name, int *close);

/* The phone number in free TEXT ("Tel.: 0821 324-0" -> "0821 324-0"), or
 * NULL when what is left does not look like one. */
char *otr_integreat_phone(const char *text);

/* Instant UTC as "YYYY-MM-DDTHH:MM:SS+HH:MM" at OFFSET minutes east. */
void otr_integreat_format_time(char out[64], int64_t utc, int offset);

/* The instant of a rule's "DTSTART:20300101T120000" (UTC clock reading
 * without "Z", as the CMS writes it); -1 when absent or not a time. */
int64_t otr_integreat_rule_start(const char *rule);

/* The value of the rule's "RRULE:" line, or NULL. */
char *otr_integreat_rule_body(const char *rule);

/* The one region whose responses are saved in DIR, or NULL when none or
 * several. */
char *otr_integreat_region_of_dir(const char *dir);

#endif
