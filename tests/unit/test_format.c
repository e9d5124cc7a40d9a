/* Dates, times, numbers and names per language, through ICU: Persian
 * digits and the Gregorian calendar in Farsi, the site's choice of digits in
 * Arabic, 24-hour times. */
#include <stdlib.h>

#include "check.h"
#include "directory.h"
#include "format.h"

#define CHECK_FORMAT(call, expected)                                           \
    do {                                                                       \
        char *got_ = (call);                                                   \
        CHECK_STR(got_, expected);                                             \
        free(got_);                                                            \
    } while (0)

int main(void)
{
    otr_language de = {.code = "de"}, en = {.code = "en"}, fa = {.code = "fa"};
    otr_language ar = {.code = "ar"},
                 ar_latin = {.code = "ar", .numbers = "latn"};
    otr_language ru = {.code = "ru"};
    otr_datetime start, end;
    CHECK(otr_parse_datetime("2027-02-18T10:00:00+01:00", &start) == 0);
    CHECK(otr_parse_datetime("2027-02-18T15:30:00+01:00", &end) == 0);
    CHECK(start.utc == 1802941200 && start.offset == 60);
    /* Malformed offsets and dates are refused, never read past. */
    otr_datetime bad;
    CHECK(otr_parse_datetime("2026-12-09T10:00+1", &bad) < 0);
    CHECK(otr_parse_datetime("2026-12-09T10:00+01", &bad) < 0);
    CHECK(otr_parse_datetime("2026-12-09T10:00+01:00x", &bad) < 0);
    CHECK(otr_parse_datetime("2026-12-09", &bad) < 0);
    CHECK(otr_parse_datetime("2026-02-29T10:00Z", &bad) < 0);
    CHECK(otr_parse_datetime("2028-02-29T10:00Z", &bad) == 0);

    CHECK_FORMAT(otr_format_date(&de, start.utc, start.offset),
                 "Donnerstag, 18. Februar 2027");
    CHECK_FORMAT(otr_format_date(&en, start.utc, start.offset),
                 "Thursday, February 18, 2027");
    /* Gregorian, not the Persian calendar ICU uses for "fa" by default. */
    CHECK_FORMAT(otr_format_date(&fa, start.utc, start.offset),
                 "پنجشنبه ۱۸ فوریهٔ ۲۰۲۷");
    CHECK_FORMAT(otr_format_date(&ar, start.utc, start.offset),
                 "الخميس، ١٨ فبراير ٢٠٢٧");
    CHECK_FORMAT(otr_format_date(&ar_latin, start.utc, start.offset),
                 "الخميس، 18 فبراير 2027");
    CHECK_FORMAT(otr_format_date(&ru, start.utc, start.offset),
                 "четверг, 18 февраля 2027\u202fг.");

    /* The local time of the event, whatever the machine's time zone. */
    CHECK_FORMAT(otr_format_time_range(&de, start.utc, end.utc, start.offset),
                 "10:00–15:30 Uhr");
    /* In Persian and Arabic-Indic digits, as opening hours: no ":00" of a
     * whole hour (a row of dots), no leading zero. */
    CHECK_FORMAT(otr_format_time_range(&fa, start.utc, end.utc, start.offset),
                 "۱۰ تا ۱۵:۳۰");
    CHECK_FORMAT(otr_format_time_range(&ar, start.utc, end.utc, start.offset),
                 "١٠–١٥:٣٠");
    CHECK_FORMAT(
        otr_format_time_range(&ar_latin, start.utc, end.utc, start.offset),
        "10:00–15:30");
    /* Across midnight the dates are written, and the hours keep ":00". */
    {
        char *night = otr_format_time_range(
            &fa, start.utc + 12 * 3600, start.utc + 16 * 3600, start.offset);
        CHECK(night && strstr(night, "۲۲:۰۰") != NULL);
        free(night);
    }
    /* Minutes under ten keep their zero: "٩:٠٥", never "٩:٥". */
    CHECK_FORMAT(otr_format_opening_hours(&ar, 9 * 60 + 5, 16 * 60 + 7),
                 "٩:٠٥–١٦:٠٧");
    CHECK_FORMAT(otr_format_opening_hours(&fa, 9 * 60, 12 * 60 + 5),
                 "۹ تا ۱۲:۰۵");
    CHECK_FORMAT(otr_format_time_of_day(&de, 9 * 60 + 5), "09:05");
    CHECK_FORMAT(otr_format_time_of_day(&fa, 13 * 60), "۱۳:۰۰");

    CHECK_FORMAT(otr_format_weekday(&de, 0), "Mo");
    CHECK_FORMAT(otr_format_weekday(&de, 6), "So");
    CHECK_FORMAT(otr_format_weekday(&fa, 4), "جمعه");

    CHECK_FORMAT(otr_format_km(&de, 1.26), "1,3 km");
    CHECK_FORMAT(otr_format_km(&en, 12), "12.0 km");
    CHECK_FORMAT(otr_format_integer(&fa, 12), "۱۲");
    CHECK_FORMAT(otr_format_integer(&ar_latin, 12), "12");

    CHECK_FORMAT(otr_format_language_name(&de, "ar"), "Arabisch");
    CHECK_FORMAT(otr_format_language_name(&fa, "ar"), "عربی");
    CHECK_FORMAT(otr_format_language_name(&en, "ckb"), "Central Kurdish");
    const char *const three[] = {"Deutsch", "Englisch", "Arabisch"};
    CHECK_FORMAT(otr_format_list(&de, three, 3),
                 "Deutsch, Englisch und Arabisch");
    const char *const two[] = {"۹:۰۰ تا ۱۲:۰۰", "۱۴:۰۰ تا ۱۶:۰۰"};
    CHECK_FORMAT(otr_format_list(&fa, two, 2),
                 "۹:۰۰ تا ۱۲:۰۰ و ۱۴:۰۰ تا ۱۶:۰۰");
    CHECK_FORMAT(otr_format_list(&de, three, 1), "Deutsch");
    otr_format_release();
    return check_report("test_format");
}
