/* Dates, times, numbers and names written the way each language writes
 * them, by ICU: Persian digits in Farsi, Arabic-Indic or Latin digits in
 * Arabic as the site says, Gregorian calendar everywhere (events happen in
 * Germany), weekday and language names in the reader's language. Only
 * format.c sees ICU's formatting API. */
#ifndef OTR_FORMAT_H
#define OTR_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Every function returns a new UTF-8 string the caller frees, or NULL when
 * ICU cannot format for that language (reported by the caller). */

/* "Donnerstag, 18. Februar 2027" / "الخميس، ١٨ فبراير ٢٠٢٧", at the local
 * time of OFFSET minutes east of UTC. */
char *otr_format_date(const otr_language *lang, int64_t utc, int offset);

/* "10:00–15:00" in the language's way of writing times. */
char *otr_format_time_range(const otr_language *lang, int64_t start,
                            int64_t end, int offset);

/* A time of day given in minutes since midnight: "09:30". */
char *otr_format_time_of_day(const otr_language *lang, int minutes);

/* The short weekday name, Monday = 0: "Mo.", "Mon", "دوشنبه". */
char *otr_format_weekday(const otr_language *lang, int weekday);

/* A distance: "1,2 km", "۱٫۲ کیلومتر". */
char *otr_format_km(const otr_language *lang, double km);

/* An integer in the language's digits: "3", "۳". */
char *otr_format_integer(const otr_language *lang, long value);

/* The name of language CODE in LANG: "Arabisch", "عربی". */
char *otr_format_language_name(const otr_language *lang, const char *code);

/* ITEMS joined the way LANG writes a list: "Deutsch, Englisch und
 * Arabisch", "09:00–12:00 und 14:00–16:00" ("،" and "و" in Arabic and
 * Farsi). */
char *otr_format_list(const otr_language *lang, const char *const *items,
                      size_t count);

/* Closes the formatters kept open between calls (otr_project_free does). */
void otr_format_release(void);

#endif
