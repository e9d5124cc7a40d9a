#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/udatpg.h>
#include <unicode/ulistformatter.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/unumberformatter.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "util.h"

/* The locale ICU keeps CODE's data under. ICU has no data of its own for
 * some languages it files under their macrolanguage: Dari (prs) is Persian
 * as written in Afghanistan (fa_AF), Kurmanji (kmr) is the Kurdish of
 * ICU's "ku" (Latin script). */
static const char *icu_code(const char *code)
{
    static const struct {
        const char *code, *icu;
    } aliases[] = {{"prs", "fa_AF"}, {"kmr", "ku"}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        size_t len = strlen(aliases[i].code);
        if (strncmp(code, aliases[i].code, len) == 0 &&
            (code[len] == '\0' || code[len] == '-' || code[len] == '_'))
            return aliases[i].icu;
    }
    return code;
}

/* The ICU locale for LANG: Gregorian calendar always (ICU's default for
 * "fa" is the Persian calendar), and the site's choice of digits. */
static void icu_locale(const otr_language *lang, char *out, size_t size)
{
    if (lang->numbers)
        snprintf(out, size, "%s@calendar=gregorian;numbers=%s",
                 icu_code(lang->code), lang->numbers);
    else
        snprintf(out, size, "%s@calendar=gregorian", icu_code(lang->code));
}

int otr_language_rtl(const char *code)
{
    return uloc_isRightToLeft(icu_code(code)) ? 1 : 0;
}

static char *to_utf8(const UChar *text, int32_t len)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF8(NULL, 0, &needed, text, len, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        return NULL;
    char *out = otr_xmalloc((size_t)needed + 1);
    status = U_ZERO_ERROR;
    u_strToUTF8(out, needed + 1, NULL, text, len, &status);
    if (U_FAILURE(status)) {
        free(out);
        return NULL;
    }
    return out;
}

/* Opened formatters, kept for the process: opening one (loading its locale
 * data) costs far more than using it, and a batch formats the same few
 * patterns for thousands of documents. Single-threaded: batch workers are
 * processes. */
enum {
    CACHE_DATE,
    CACHE_INTERVAL,
    CACHE_SYMBOLS,
    CACHE_NUMBER,
    CACHE_LIST,
    CACHE_DIGITS
};

typedef struct {
    int kind;
    char key[160];
    void *object;
} cache_entry;

static cache_entry *cache;
static size_t cache_count, cache_cap;

static void *cache_get(int kind, const char *key)
{
    for (size_t i = 0; i < cache_count; i++) {
        if (cache[i].kind == kind && strcmp(cache[i].key, key) == 0)
            return cache[i].object;
    }
    return NULL;
}

static void *cache_put(int kind, const char *key, void *object)
{
    if (!object || strlen(key) >= sizeof cache[0].key)
        return object; /* used once, then leaked no more than before */
    cache = otr_grow(cache, &cache_cap, cache_count + 1, sizeof(cache_entry));
    cache[cache_count].kind = kind;
    memcpy(cache[cache_count].key, key, strlen(key) + 1);
    cache[cache_count].object = object;
    cache_count++;
    return object;
}

void otr_format_release(void)
{
    for (size_t i = 0; i < cache_count; i++) {
        void *object = cache[i].object;
        switch (cache[i].kind) {
        case CACHE_DATE:
        case CACHE_SYMBOLS:
            udat_close(object);
            break;
        case CACHE_INTERVAL:
            udtitvfmt_close(object);
            break;
        case CACHE_NUMBER:
            unumf_close(object);
            break;
        case CACHE_LIST:
            ulistfmt_close(object);
            break;
        case CACHE_DIGITS:
            free(object);
            break;
        }
    }
    free(cache);
    cache = NULL;
    cache_count = cache_cap = 0;
}

/* Time zone "GMT+01:00" for an offset in minutes, as UTF-16. */
static void zone_for(int offset, UChar *out, int32_t size)
{
    char zone[32];
    int minutes = offset < 0 ? -offset : offset;
    snprintf(zone, sizeof zone, "GMT%c%02d:%02d", offset < 0 ? '-' : '+',
             minutes / 60, minutes % 60);
    u_uastrncpy(out, zone, size);
}

/* A date format from a skeleton ("yMMMMEEEEd"): the locale's own pattern
 * for those fields. */
static UDateFormat *open_format(const char *locale, const char *skeleton,
                                int offset)
{
    char key[160];
    snprintf(key, sizeof key, "%s|%s|%d", locale, skeleton, offset);
    UDateFormat *cached = cache_get(CACHE_DATE, key);
    if (cached)
        return cached;
    UErrorCode status = U_ZERO_ERROR;
    UDateTimePatternGenerator *generator = udatpg_open(locale, &status);
    if (U_FAILURE(status))
        return NULL;
    UChar uskeleton[32], pattern[128], zone[32];
    u_uastrncpy(uskeleton, skeleton, 32);
    int32_t len =
        udatpg_getBestPattern(generator, uskeleton, -1, pattern, 128, &status);
    udatpg_close(generator);
    if (U_FAILURE(status) || len >= 128)
        return NULL;
    zone_for(offset, zone, 32);
    UDateFormat *format = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, zone,
                                    -1, pattern, len, &status);
    if (U_FAILURE(status)) {
        udat_close(format);
        return NULL;
    }
    return cache_put(CACHE_DATE, key, format);
}

static char *format_moment(const otr_language *lang, const char *skeleton,
                           UDate when, int offset)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UDateFormat *format = open_format(locale, skeleton, offset);
    if (!format)
        return NULL;
    UChar text[256];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = udat_format(format, when, text, 256, NULL, &status);
    if (U_FAILURE(status) || len >= 256)
        return NULL;
    return to_utf8(text, len);
}

char *otr_format_date(const otr_language *lang, int64_t utc, int offset)
{
    return format_moment(lang, "yMMMMEEEEd", (UDate)utc * 1000.0, offset);
}

static char *time_range(const otr_language *lang, const char *pattern,
                        int64_t start, int64_t end, int offset)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UChar skeleton[8], zone[32], text[128];
    u_uastrncpy(skeleton, pattern, 8);
    zone_for(offset, zone, 32);
    UErrorCode status = U_ZERO_ERROR;
    char key[160];
    snprintf(key, sizeof key, "%s|%d|%s", locale, offset, pattern);
    UDateIntervalFormat *format = cache_get(CACHE_INTERVAL, key);
    if (!format) {
        format = udtitvfmt_open(locale, skeleton, -1, zone, -1, &status);
        if (U_FAILURE(status))
            return NULL;
        cache_put(CACHE_INTERVAL, key, format);
    }
    int32_t len =
        udtitvfmt_format(format, (UDate)start * 1000.0, (UDate)end * 1000.0,
                         text, 128, NULL, &status);
    if (U_FAILURE(status) || len >= 128)
        return NULL;
    return to_utf8(text, len);
}

char *otr_format_time_of_day(const otr_language *lang, int minutes)
{
    return format_moment(lang, "Hm", (UDate)minutes * 60000.0, 0);
}

/* The length of the digit of DIGITS at P, 0 when there is none; *VALUE
 * gets its value. */
static size_t digit_at(const char *p, const otr_digits *digits, int *value)
{
    for (int d = 0; d < 10; d++) {
        size_t n = strlen(digits->digit[d]);
        if (n && strncmp(p, digits->digit[d], n) == 0) {
            *value = d;
            return n;
        }
    }
    return 0;
}

/* TEXT (owned), times in DIGITS, without what reads as dots: the zero
 * before a one-digit hour and the minutes of a whole hour ("٠٩:٠٠–١٢:٣٠"
 * becomes "٩–١٢:٣٠"). */
static char *without_dots(char *text, const otr_digits *digits)
{
    if (!text)
        return NULL;
    char *out = text;
    int after_digit = 0, after_colon = 0, value = 0, next = 0;
    for (const char *p = text; *p;) {
        size_t n = digit_at(p, digits, &value);
        /* The zero of "09", not the one of the minutes in "9:05". */
        if (n && value == 0 && !after_digit && !after_colon &&
            digit_at(p + n, digits, &next)) {
            p += n; /* a leading zero */
            continue;
        }
        if (*p == ':' && after_digit) {
            size_t z1 = digit_at(p + 1, digits, &value);
            int zero1 = z1 && value == 0;
            size_t z2 = z1 ? digit_at(p + 1 + z1, digits, &value) : 0;
            if (zero1 && z2 && value == 0 &&
                !digit_at(p + 1 + z1 + z2, digits, &next)) {
                p += 1 + z1 + z2; /* ":00" of a whole hour */
                continue;
            }
        }
        if (!n)
            n = 1;
        after_colon = *p == ':';
        memmove(out, p, n);
        out += n;
        p += n;
        after_digit = digit_at(out - n, digits, &value) == n;
    }
    *out = '\0';
    return text;
}

/* 1 when LANG writes numbers in digits that are not Latin. */
static int dotted_digits(const otr_language *lang, const otr_digits **digits)
{
    *digits = otr_format_digits(lang);
    return *digits && strcmp((*digits)->system, "latn") != 0;
}

char *otr_format_time_range(const otr_language *lang, int64_t start,
                            int64_t end, int offset)
{
    /* The same rule as opening hours: an event at "١٤–١٧" on the poster
     * reads as it does on the handout. */
    const otr_digits *digits;
    char *range = time_range(lang, "Hm", start, end, offset);
    /* Only within one day: across midnight ICU writes the dates too, and
     * an hour alone after a date reads as part of it. */
    int64_t from = start + (int64_t)offset * 60,
            to = end + (int64_t)offset * 60;
    int same_day = (from - (from % 86400 + 86400) % 86400) ==
                   (to - (to % 86400 + 86400) % 86400);
    return same_day && dotted_digits(lang, &digits)
               ? without_dots(range, digits)
               : range;
}

char *otr_format_opening_hours(const otr_language *lang, int start, int end)
{
    /* Arabic-Indic and Persian zeros are dots and the colon is two more:
     * "٠٩:٠٠" at text size reads as a row of dots. In those digits whole
     * hours are written as hours alone ("٩–١٢"), as signs there often
     * do, and no hour gets a leading zero. */
    const otr_digits *digits;
    int dots = dotted_digits(lang, &digits);
    char *range;
    if (end < 24 * 60) {
        range =
            time_range(lang, "Hm", (int64_t)start * 60, (int64_t)end * 60, 0);
    } else {
        /* Until midnight: ICU would show the next day's date. */
        char *from = format_moment(lang, "Hm", (UDate)start * 60000.0, 0);
        char *to = format_moment(lang, "Hm", 0, 0);
        range = from && to ? otr_xasprintf("%s–%s", from, to) : NULL;
        free(from);
        free(to);
    }
    return dots ? without_dots(range, digits) : range;
}

char *otr_format_weekday(const otr_language *lang, int weekday)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UErrorCode status = U_ZERO_ERROR;
    UChar zone[32];
    zone_for(0, zone, 32);
    UDateFormat *format = cache_get(CACHE_SYMBOLS, locale);
    if (!format) {
        format = udat_open(UDAT_DEFAULT, UDAT_DEFAULT, locale, zone, -1, NULL,
                           0, &status);
        if (U_FAILURE(status))
            return NULL;
        cache_put(CACHE_SYMBOLS, locale, format);
    }
    /* ICU counts Sunday = 1 ... Saturday = 7. */
    UChar name[64];
    int32_t len = udat_getSymbols(format, UDAT_STANDALONE_SHORT_WEEKDAYS,
                                  (weekday + 1) % 7 + 1, name, 64, &status);
    if (U_FAILURE(status) || len >= 64)
        return NULL;
    return to_utf8(name, len);
}

static char *format_number(const otr_language *lang, const char *skeleton,
                           double value)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UChar uskeleton[128], text[128];
    u_uastrncpy(uskeleton, skeleton, 128);
    UErrorCode status = U_ZERO_ERROR;
    char key[160];
    snprintf(key, sizeof key, "%s|%s", locale, skeleton);
    UNumberFormatter *formatter = cache_get(CACHE_NUMBER, key);
    if (!formatter) {
        formatter =
            unumf_openForSkeletonAndLocale(uskeleton, -1, locale, &status);
        if (U_FAILURE(status)) {
            unumf_close(formatter);
            return NULL;
        }
        cache_put(CACHE_NUMBER, key, formatter);
    }
    UFormattedNumber *result = unumf_openResult(&status);
    char *out = NULL;
    if (U_SUCCESS(status)) {
        unumf_formatDouble(formatter, value, result, &status);
        int32_t len = unumf_resultToString(result, text, 128, &status);
        if (U_SUCCESS(status) && len < 128)
            out = to_utf8(text, len);
    }
    unumf_closeResult(result);
    return out;
}

char *otr_format_km(const otr_language *lang, double km)
{
    return format_number(
        lang, "measure-unit/length-kilometer unit-width-short .0", km);
}

char *otr_format_radius_km(const otr_language *lang, double km)
{
    return format_number(
        lang, "measure-unit/length-kilometer unit-width-short .#", km);
}

char *otr_format_integer(const otr_language *lang, long value)
{
    return format_number(lang, "precision-integer", (double)value);
}

char *otr_format_language_name(const otr_language *lang, const char *code)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UChar name[128];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = uloc_getDisplayLanguage(code, locale, name, 128, &status);
    if (U_FAILURE(status) || len >= 128 || status == U_USING_DEFAULT_WARNING)
        return NULL;
    return to_utf8(name, len);
}

char *otr_format_list(const otr_language *lang, const char *const *items,
                      size_t count)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    UChar **texts = otr_xcalloc(count + 1, sizeof(UChar *));
    int32_t *lengths = otr_xcalloc(count + 1, sizeof(int32_t));
    char *result = NULL;
    UErrorCode status = U_ZERO_ERROR;
    for (size_t i = 0; i < count && U_SUCCESS(status); i++) {
        size_t len = strlen(items[i]);
        texts[i] = otr_xcalloc(len + 1, sizeof(UChar));
        u_strFromUTF8(texts[i], (int32_t)len + 1, &lengths[i], items[i], -1,
                      &status);
    }
    UListFormatter *formatter = cache_get(CACHE_LIST, locale);
    if (!formatter && U_SUCCESS(status)) {
        formatter = ulistfmt_openForType(locale, ULISTFMT_TYPE_AND,
                                         ULISTFMT_WIDTH_WIDE, &status);
        if (U_SUCCESS(status))
            cache_put(CACHE_LIST, locale, formatter);
    }
    if (formatter && U_SUCCESS(status)) {
        UChar text[2048];
        int32_t len =
            ulistfmt_format(formatter, (const UChar *const *)texts, lengths,
                            (int32_t)count, text, 2048, &status);
        if (U_SUCCESS(status) && len < 2048)
            result = to_utf8(text, len);
    }
    for (size_t i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
    free(lengths);
    return result;
}

/* One symbol of FORMAT as UTF-8 into OUT (SIZE bytes); 0 on success. */
static int number_symbol(const UNumberFormat *format,
                         UNumberFormatSymbol symbol, char *out, size_t size)
{
    UChar text[16];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = unum_getSymbol(format, symbol, text, 16, &status);
    if (U_FAILURE(status) || len >= 16)
        return -1;
    u_strToUTF8(out, (int32_t)size, NULL, text, len, &status);
    return U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING;
}

const otr_digits *otr_format_digits(const otr_language *lang)
{
    char locale[96];
    icu_locale(lang, locale, sizeof locale);
    otr_digits *digits = cache_get(CACHE_DIGITS, locale);
    if (digits)
        return digits;
    UErrorCode status = U_ZERO_ERROR;
    UNumberingSystem *system = unumsys_open(locale, &status);
    UChar set[32];
    int32_t len = 0;
    char name[16] = "";
    if (U_SUCCESS(status) && !unumsys_isAlgorithmic(system) &&
        unumsys_getRadix(system) == 10) {
        len = unumsys_getDescription(system, set, 32, &status);
        snprintf(name, sizeof name, "%s", unumsys_getName(system));
    }
    unumsys_close(system);
    if (U_FAILURE(status) || len == 0 || len >= 32)
        return NULL;
    digits = otr_xcalloc(1, sizeof(*digits));
    memcpy(digits->system, name, sizeof name);
    int32_t at = 0;
    for (int d = 0; d < 10; d++) {
        UChar32 c;
        if (at >= len) {
            free(digits);
            return NULL;
        }
        U16_NEXT(set, at, len, c);
        char *o = digits->digit[d];
        int n = 0;
        U8_APPEND_UNSAFE(o, n, c);
        o[n] = '\0';
    }
    UNumberFormat *format =
        unum_open(UNUM_DECIMAL, NULL, 0, locale, NULL, &status);
    int bad = U_FAILURE(status) ||
              number_symbol(format, UNUM_DECIMAL_SEPARATOR_SYMBOL,
                            digits->decimal, sizeof digits->decimal) ||
              number_symbol(format, UNUM_GROUPING_SEPARATOR_SYMBOL,
                            digits->group, sizeof digits->group);
    unum_close(format);
    if (bad) {
        free(digits);
        return NULL;
    }
    return cache_put(CACHE_DIGITS, locale, digits);
}

/* ---- Text and time zones, for checking content --------------------------- */

/* TEXT as UTF-16; the caller frees. NULL for text that is not UTF-8. */
static UChar *to_utf16(const char *text, int32_t *len)
{
    UErrorCode status = U_ZERO_ERROR;
    size_t bytes = strlen(text);
    UChar *out = otr_xcalloc(bytes + 1, sizeof(UChar));
    u_strFromUTF8(out, (int32_t)bytes + 1, len, text, -1, &status);
    if (U_FAILURE(status)) {
        free(out);
        return NULL;
    }
    return out;
}

int otr_text_is_blank(const char *text)
{
    int32_t len = 0;
    UChar *wide = to_utf16(text, &len);
    if (!wide)
        return 0;
    int blank = 1;
    for (int32_t i = 0; blank && i < len;) {
        UChar32 c;
        U16_NEXT(wide, i, len, c);
        /* White_Space (NBSP, thin space, ideographic space, ...) and the
         * invisible format characters that print nothing (ZWSP, ZWNJ,
         * ZWJ, word joiner, BOM). */
        blank = u_isUWhiteSpace(c) || c == 0x200B || c == 0x200C ||
                c == 0x200D || c == 0x2060 || c == 0xFEFF;
    }
    free(wide);
    return blank;
}

int otr_text_equal_caseless(const char *a, const char *b)
{
    int32_t la = 0, lb = 0;
    UChar *wa = to_utf16(a, &la);
    UChar *wb = to_utf16(b, &lb);
    int equal = 0;
    if (wa && wb) {
        UErrorCode status = U_ZERO_ERROR;
        equal = u_strCaseCompare(wa, la, wb, lb, U_FOLD_CASE_DEFAULT,
                                 &status) == 0 &&
                U_SUCCESS(status);
    }
    free(wa);
    free(wb);
    return equal;
}

int otr_zone_known(const char *zone)
{
    int32_t len = 0;
    UChar *id = to_utf16(zone, &len);
    if (!id)
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    UChar canonical[128];
    UBool system = 0;
    ucal_getCanonicalTimeZoneID(id, len, canonical, 128, &system, &status);
    free(id);
    return U_SUCCESS(status) && system;
}

/* A calendar in ZONE, or NULL. */
static UCalendar *zone_calendar(const char *zone)
{
    int32_t len = 0;
    UChar *id = to_utf16(zone, &len);
    if (!id)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    UCalendar *cal =
        ucal_open(id, len, "en@calendar=gregorian", UCAL_GREGORIAN, &status);
    free(id);
    if (U_FAILURE(status)) {
        ucal_close(cal);
        return NULL;
    }
    return cal;
}

int otr_zone_offset(const char *zone, int64_t utc, int *minutes)
{
    UCalendar *cal = zone_calendar(zone);
    if (!cal)
        return -1;
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)utc * 1000.0, &status);
    int32_t raw = ucal_get(cal, UCAL_ZONE_OFFSET, &status);
    int32_t dst = ucal_get(cal, UCAL_DST_OFFSET, &status);
    ucal_close(cal);
    if (U_FAILURE(status))
        return -1;
    *minutes = (raw + dst) / 60000;
    return 0;
}

int otr_zone_local_to_utc(const char *zone, int year, int month, int day,
                          int hour, int minute, int second, int64_t *utc,
                          int *offset)
{
    UCalendar *cal = zone_calendar(zone);
    if (!cal)
        return -1;
    UErrorCode status = U_ZERO_ERROR;
    ucal_setAttribute(cal, UCAL_LENIENT, 0);
    ucal_clear(cal);
    ucal_setDateTime(cal, year, month - 1, day, hour, minute, second, &status);
    UDate millis = ucal_getMillis(cal, &status);
    int32_t raw = ucal_get(cal, UCAL_ZONE_OFFSET, &status);
    int32_t dst = ucal_get(cal, UCAL_DST_OFFSET, &status);
    /* A time that does not exist that day (the hour the clocks skip in
     * spring) comes back as another hour. */
    int32_t got_hour = ucal_get(cal, UCAL_HOUR_OF_DAY, &status);
    int32_t got_minute = ucal_get(cal, UCAL_MINUTE, &status);
    ucal_close(cal);
    if (U_FAILURE(status))
        return -1;
    if (got_hour != hour || got_minute != minute)
        return 1;
    *utc = (int64_t)(millis / 1000.0);
    *offset = (raw + dst) / 60000;
    return 0;
}

int otr_format_arabic_script(const char *code)
{
    char full[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    uloc_addLikelySubtags(code, full, sizeof full, &status);
    if (U_FAILURE(status))
        return 0;
    uloc_getScript(full, script, sizeof script, &status);
    return U_SUCCESS(status) && strcmp(script, "Arab") == 0;
}
