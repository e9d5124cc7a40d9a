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

int main(void)
{
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
