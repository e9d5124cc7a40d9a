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

/* Opening hours START to END, minutes since midnight (END up to 24 * 60):
 * "09:00–12:30", "٩–١٢" (whole hours in digits whose zero is a dot). The
 * caller frees; NULL when ICU fails. */
char *otr_format_opening_hours(const otr_language *lang, int start, int end);

/* The short weekday name, Monday = 0: "Mo.", "Mon", "دوشنبه". */
char *otr_format_weekday(const otr_language *lang, int weekday);

/* A distance: "1,2 km", "۱٫۲ کیلومتر". */
char *otr_format_km(const otr_language *lang, double km);
/* A radius, without a zero decimal: "15 km", "۱۵ کیلومتر", "7,5 km". */
char *otr_format_radius_km(const otr_language *lang, double km);

/* An integer in the language's digits: "3", "۳". */
char *otr_format_integer(const otr_language *lang, long value);

/* The digits LANG writes numbers with, by the site's choice or the
 * language's default (ICU's numbering system of the locale): each digit
 * zero to nine as UTF-8, and the decimal and grouping separators that go
 * with them ("٫", "٬" with Arabic-Indic digits). */
typedef struct {
    char system[16];   /* ICU's name: "latn", "arab", "arabext" */
    char digit[10][5]; /* "0" ... "9", "٠" ... "٩" */
    char decimal[8], group[8];
} otr_digits;

/* LANG's digits, kept open with the formatters (do not free); NULL when
 * ICU has none for it. */
const otr_digits *otr_format_digits(const otr_language *lang);

/* 1 when language CODE (BCP 47) is written right to left, by ICU's locale
 * data (Dari, "prs", as Persian). */
int otr_language_rtl(const char *code);

/* The name of language CODE in LANG: "Arabisch", "عربی". */
char *otr_format_language_name(const otr_language *lang, const char *code);

/* ITEMS joined the way LANG writes a list: "Deutsch, Englisch und
 * Arabisch", "09:00–12:00 und 14:00–16:00" ("،" and "و" in Arabic and
 * Farsi). */
char *otr_format_list(const otr_language *lang, const char *const *items,
                      size_t count);

/* ---- Checking content ---------------------------------------------------- */

/* 1 when TEXT holds nothing that prints: only white space (any Unicode
 * White_Space character: space, tab, no-break space, thin space,
 * ideographic space, ...) and zero-width characters. */
int otr_text_is_blank(const char *text);
/* 1 when A and B are the same text ignoring case (Unicode case folding:
 * "erfurt" and "Erfurt", "SAALFELD" and "Saalfeld"). */
int otr_text_equal_caseless(const char *a, const char *b);

/* 1 when ZONE is an IANA time zone ICU knows: "Europe/Berlin". */
int otr_zone_known(const char *zone);
/* The UTC offset in minutes in ZONE at the instant UTC (seconds since
 * 1970): 60 in Berlin in January, 120 in July. 0, or -1 when ZONE is not
 * known. */
int otr_zone_offset(const char *zone, int64_t utc, int *minutes);
/* The instant of the local time YEAR-MONTH-DAY HOUR:MINUTE:SECOND in ZONE
 * (*UTC, seconds since 1970) and its offset (*OFFSET, minutes). 0; 1 for
 * a time that does not exist there (skipped when the clocks go forward);
 * -1 when ZONE is not known. A time that exists twice (when the clocks go
 * back) is read as the first. */
int otr_zone_local_to_utc(const char *zone, int year, int month, int day,
                          int hour, int minute, int second, int64_t *utc,
                          int *offset);

/* Closes the formatters kept open between calls (otr_project_free does). */
void otr_format_release(void);

/* Whether language CODE ("fa", "ckb", "ur") is written in Arabic script,
 * by ICU's likely-subtags data (CLDR). */
int otr_format_arabic_script(const char *code);

#endif
