/* Data typed into right-to-left prose: what is found and isolated, and what
 * is left alone. */
#include <stdlib.h>

#include "bind.h"
#include "check.h"

#define L OTR_LRI
#define P OTR_PDI

static void expect(const char *text, const char *isolated)
{
    char *out = otr_isolate_data(text);
    CHECK_STR(out, isolated);
    free(out);
}

/* TEXT in the digits of language CODE with the site's choice SYSTEM
 * (NULL: the language's default), as ICU gives them. */
static void expect_digits(const char *code, const char *system,
                          const char *text, const char *localized)
{
    otr_language lang = {.code = code, .name = code, .numbers = system};
    const otr_digits *digits = otr_format_digits(&lang);
    CHECK(digits != NULL);
    if (!digits)
        return;
    char *out = otr_localize_digits(text, digits);
    CHECK_STR(out, localized);
    free(out);
}

static void digit_rule(void)
{
    /* Counts, amounts and times follow the document's digits. */
    expect_digits("ar", NULL, "نحو 40 شركة، من 12 إلى 27 عاماً",
                  "نحو ٤٠ شركة، من ١٢ إلى ٢٧ عاماً");
    expect_digits("ar", "latn", "نحو ٤٠ شركة الساعة ١٤:٣٠",
                  "نحو 40 شركة الساعة 14:30");
    expect_digits("ar", "arab", "الساعة 14:30 و2026 و14:30 من 12-27",
                  "الساعة ١٤:٣٠ و٢٠٢٦ و١٤:٣٠ من ١٢-٢٧");
    expect_digits("fa", NULL, "۱۲ تا 27 ساله، 1,5 کیلومتر، 1.500 نفر",
                  "۱۲ تا ۲۷ ساله، ۱٫۵ کیلومتر، ۱٬۵۰۰ نفر");
    expect_digits("prs", NULL, "12 سال", "۱۲ سال");
    expect_digits("ps", NULL, "12 کاله", "۱۲ کاله");
    /* Dialled numbers in Latin digits; addresses, codes, postcodes and
     * house numbers as typed. */
    expect_digits("ar", NULL, "اتصلوا على ٠٣٦١ ٥٥٥ ٠١٤٢ أو 0361 555 0142",
                  "اتصلوا على 0361 555 0142 أو 0361 555 0142");
    expect_digits("fa", NULL,
                  "سطح A1 تا B1، USB 3، Johannesstraße 12، 99084 Erfurt، "
                  "کد 07743، info2@x1.de www.x.de/a1",
                  "سطح A1 تا B1، USB 3، Johannesstraße 12، 99084 Erfurt، "
                  "کد 07743، info2@x1.de www.x.de/a1");
    /* Isolated data (from placeholders) is left alone; Latin digits in a
     * language that writes them are unchanged. */
    expect_digits("ar", NULL, L "+49 361 1234567" P " " OTR_FSI "Haus 7" P,
                  L "+49 361 1234567" P " " OTR_FSI "Haus 7" P);
    expect_digits("de", NULL, "Von 12 bis 27, 1,5 km, ٤٠ Firmen",
                  "Von 12 bis 27, 1,5 km, 40 Firmen");
    expect_digits("ar", NULL, "", "");
}

int main(void)
{
    digit_rule();
    /* The sentence from the bug report. */
    expect("اتصلوا على 0361 555 0142 أو عبر WhatsApp على +49 176 555 0199، ",
           "اتصلوا على " L "0361 555 0142" P " أو عبر WhatsApp على " L
           "+49 176 555 0199" P "، ");
    /* Brackets, slashes, hyphens; Arabic-Indic and Persian digits. */
    expect("هاتف (0361) 555-0142.", "هاتف " L "(0361) 555-0142" P ".");
    expect("0361/5550142", L "0361/5550142" P);
    expect("تلفن ۰۳۶۱ ۵۵۵ ۰۱۴۲", "تلفن " L "۰۳۶۱ ۵۵۵ ۰۱۴۲" P);
    /* E-mail and web addresses, without the sentence's punctuation. */
    expect("إلى info@example.org، أو", "إلى " L "info@example.org" P "، أو");
    expect("زوروا https://www.example.org/ar/?q=1.",
           "زوروا " L "https://www.example.org/ar/?q=1" P ".");
    expect("به www.example.org/fa سر بزنید",
           "به " L "www.example.org/fa" P " سر بزنید");
    /* Times, each one on its own in a range. */
    expect("الساعة 14:30", "الساعة " L "14:30" P);
    expect("۹:۰۰ تا ۱۲:۰۰", L "۹:۰۰" P " تا " L "۱۲:۰۰" P);
    expect("08:15:30", L "08:15:30" P);
    /* Left alone: short numbers, years, decimals, ratios, words, and what
     * is already isolated. */
    expect("3 أطفال في 2026، ١٫٤ كم", "3 أطفال في 2026، ١٫٤ كم");
    expect("123:4 و 1:234 و 12 34 56", "123:4 و 1:234 و 12 34 56");
    expect("user@localhost x@y", "user@localhost x@y");
    expect("abc03615550142 و", "abc03615550142 و");
    expect(L "+49 361 1234567" P " و " OTR_FSI "www.a.de" P,
           L "+49 361 1234567" P " و " OTR_FSI "www.a.de" P);
    expect("", "");
    return check_report("test_bind_data");
}
