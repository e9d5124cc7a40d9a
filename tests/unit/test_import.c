/* What the importers do without a network or a content folder: editor HTML
 * as plain text, and series of events in a time zone. */
#include <stdlib.h>

#include "check.h"
#include "directory.h"
#include "html_text.h"
#include "recurrence.h"

static void check_html(const char *html, const char *expected)
{
    char *text = otr_html_to_text(html);
    CHECK_STR(text, expected);
    free(text);
}

static void test_html(void)
{
    check_html("<p>Beratung</p><p>Arbeit &amp; Wohnen</p>",
               "Beratung\nArbeit & Wohnen");
    check_html("<ul>\n<li>eins</li>\n<li><strong>zwei</strong></li></ul>",
               "\xe2\x80\xa2 eins\n\xe2\x80\xa2 zwei");
    /* &nbsp; is a no-break space, &zwnj; the Persian half space. */
    check_html("<p>Mo&nbsp;&ndash; Fr</p>", "Mo\xc2\xa0\xe2\x80\x93 Fr");
    check_html("<p>\xd8\xae\xd8\xa7\xd9\x86\xd9\x87&zwnj;\xd9\x87\xd8\xa7</p>",
               "\xd8\xae\xd8\xa7\xd9\x86\xd9\x87\xe2\x80\x8c\xd9\x87\xd8\xa7");
    check_html("a&#8204;b &#x41; &#65;", "a\xe2\x80\x8c"
                                         "b A A");
    /* Directional controls, written or as references, are removed. */
    check_html("<p>\xe2\x80\xae"
               "evil\xe2\x80\xac &rlm;x&#x2067;y&#8207;</p>",
               "evil xy");
    /* White space folds as in a browser; <br> breaks the line. */
    check_html("  a \n\t b<br>c  <br/>  d ", "a b\nc\nd");
    check_html("<script>alert(1)</script><style>p{}</style>ok", "ok");
    /* Not references: kept as written. */
    check_html("Fish & Chips; a &unknown; b &#0; c",
               "Fish & Chips; a &unknown; b &#0; c");
    check_html("<p></p><ul><li></li></ul>", "");
    char *line = otr_text_line(" Kinder\t<6 \n Jahre\xe2\x80\x8f ");
    CHECK_STR(line, "Kinder <6 Jahre");
    free(line);
}

static int64_t at(const char *text)
{
    otr_datetime t;
    return otr_parse_datetime(text, &t) == 0 ? t.utc : -1;
}

static void test_series(void)
{
    CHECK(otr_zone_exists("Europe/Berlin"));
    CHECK(!otr_zone_exists("Europe/Nowhere"));
    /* Tuesdays at 18:00 in Berlin from 16 March 2027: summer time starts
     * on 28 March, and the series stays at 18:00 local time. */
    int64_t first_wall = at("2027-03-16T18:00:00Z");
    int64_t starts[8];
    size_t count = 0;
    CHECK(otr_recurrence_expand("FREQ=WEEKLY;BYDAY=TU;COUNT=4", "Europe/Berlin",
                                first_wall, at("2027-03-01T00:00:00Z"),
                                at("2028-01-01T00:00:00Z"), starts, 8,
                                &count) == 0);
    CHECK(count == 4);
    int64_t utc;
    int offset;
    otr_zone_to_utc("Europe/Berlin", starts[2], &utc, &offset);
    CHECK(starts[2] == at("2027-03-30T18:00:00Z"));
    CHECK(offset == 120);
    CHECK(utc == at("2027-03-30T18:00:00+02:00"));
    otr_zone_to_utc("Europe/Berlin", starts[1], &utc, &offset);
    CHECK(offset == 60);
    CHECK(utc == at("2027-03-23T18:00:00+01:00"));

    /* The window: only dates that start inside it. */
    CHECK(otr_recurrence_expand("FREQ=WEEKLY;BYDAY=TU,TH", "Europe/Berlin",
                                first_wall, at("2027-03-20T00:00:00Z"),
                                at("2027-03-26T00:00:00Z"), starts, 8,
                                &count) == 0);
    CHECK(count == 2);
    CHECK(count == 2 && starts[0] == at("2027-03-23T18:00:00Z") &&
          starts[1] == at("2027-03-25T18:00:00Z"));

    /* BYDAY counts local days: 00:30 on Wednesday in Berlin is Tuesday in
     * UTC. */
    CHECK(otr_recurrence_expand(
              "FREQ=WEEKLY;BYDAY=WE;COUNT=2", "Europe/Berlin",
              at("2027-01-06T00:30:00Z"), at("2027-01-01T00:00:00Z"),
              at("2028-01-01T00:00:00Z"), starts, 8, &count) == 0);
    CHECK(count == 2 && starts[1] == at("2027-01-13T00:30:00Z"));

    int64_t wall;
    CHECK(otr_zone_to_wall("Europe/Berlin", at("2030-01-01T12:00:00Z"),
                           &wall) == 0);
    CHECK(wall == at("2030-01-01T13:00:00Z"));
    CHECK(otr_recurrence_expand("FREQ=SOMETIMES", "Europe/Berlin", first_wall,
                                0, at("2028-01-01T00:00:00Z"), starts, 8,
                                &count) < 0);
    CHECK(otr_recurrence_expand("FREQ=DAILY", "Mars/Olympus", first_wall, 0,
                                at("2028-01-01T00:00:00Z"), starts, 8,
                                &count) < 0);
}

int main(void)
{
    test_html();
    test_series();
    return check_report("test_import");
}
