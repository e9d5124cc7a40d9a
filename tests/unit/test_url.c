/* URL building: templates, encoding, tracking parameters, display form. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "model.h"
#include "url.h"
#include "yamlnode.h"

static void test_expand(void)
{
    const otr_url_var vars[] = {{"base", "https://www.example.org", 1},
                                {"lang", "fa", 0},
                                {"id", "Café & Co/1", 0}};
    char *url = otr_url_expand("{base}/{lang}/angebote/{id}", vars, 3, NULL);
    CHECK_STR(url,
              "https://www.example.org/fa/angebote/Caf%C3%A9%20%26%20Co%2F1");
    free(url);

    url = otr_url_expand("{{literal}} {lang}", vars, 3, NULL);
    CHECK_STR(url, "{literal} fa");
    free(url);

    size_t bad_at = 0;
    CHECK(otr_url_expand("{base}/{langs}/", vars, 3, &bad_at) == NULL);
    CHECK(bad_at == 7);
    CHECK(otr_url_expand("{base}/{lang", vars, 3, &bad_at) == NULL);
    CHECK(bad_at == 7);
}

static void test_query(void)
{
    const otr_url_param params[] = {{"utm_source", "postcard"},
                                    {"utm_campaign", ""},
                                    {"utm_medium", "print"},
                                    {"q", "a b&c=d"}};
    char *url = otr_url_add_query("https://x.de/ar/", params, 4);
    CHECK_STR(url, "https://x.de/ar/"
                   "?utm_source=postcard&utm_medium=print&q=a%20b%26c%3Dd");
    free(url);
    url = otr_url_add_query("https://x.de/?a=1", params, 1);
    CHECK_STR(url, "https://x.de/?a=1&utm_source=postcard");
    free(url);
    url = otr_url_add_query("https://x.de/", params + 1, 1);
    CHECK_STR(url, "https://x.de/");
    free(url);
}

static void test_display(void)
{
    char *shown = otr_url_display("https://www.thueringen-hilft.de/ar/");
    CHECK_STR(shown, "www.thueringen-hilft.de/ar");
    free(shown);
    shown = otr_url_display("http://example.org");
    CHECK_STR(shown, "example.org");
    free(shown);
}

static void test_is_web(void)
{
    CHECK(otr_url_is_web("https://www.thueringen-hilft.de"));
    CHECK(otr_url_is_web("http://x.de/a?b=c"));
    CHECK(!otr_url_is_web("javascript:alert(1)"));
    CHECK(!otr_url_is_web("file:///etc/passwd"));
    CHECK(!otr_url_is_web("https://"));
    CHECK(!otr_url_is_web("https://bad host.de"));
    CHECK(!otr_url_is_web("ftp://x.de"));
}

static const char site_yaml[] =
    "name: Thüringen hilft\n"
    "base_url: https://www.thueringen-hilft.de\n"
    "languages:\n"
    "  - {code: de, name: Deutsch}\n"
    "  - {code: fa, name: فارسی}\n"
    "urls:\n"
    "  site: \"{base}/{lang}/\"\n"
    "  offer: \"{base}/{lang}/angebote/{id}\"\n"
    "  event: \"{base}/{lang}/veranstaltungen/{id}\"\n"
    "  shelter: \"{base}/{lang}/orte/{id}\"\n"
    "tracking:\n"
    "  utm_source: \"{layout}\"\n"
    "  utm_medium: print\n"
    "  utm_campaign: \"{campaign}\"\n";

static void test_site_urls(void)
{
    otr_diags *diags = otr_diags_new();
    otr_yaml_doc *doc =
        otr_yaml_parse("site.yaml", site_yaml, sizeof site_yaml - 1, diags);
    CHECK(doc != NULL);
    otr_site site;
    CHECK(otr_site_load(&site, doc->root, (otr_mark){"site.yaml", 0, 0},
                        diags) == 0);
    CHECK(otr_diags_error_count(diags) == 0);
    CHECK(site.language_count == 2);
    CHECK(site.languages[1].rtl == 1 && site.languages[0].rtl == 0);

    char *url = otr_site_url(&site, OTR_URL_SITE, "fa", NULL, "postcard", NULL);
    CHECK_STR(url, "https://www.thueringen-hilft.de/fa/"
                   "?utm_source=postcard&utm_medium=print");
    free(url);
    url = otr_site_url(&site, OTR_URL_SITE, "de", NULL, "postcard",
                       "Herbst 2026");
    CHECK_STR(url, "https://www.thueringen-hilft.de/de/?utm_source=postcard"
                   "&utm_medium=print&utm_campaign=Herbst%202026");
    free(url);
    url = otr_site_url(&site, OTR_URL_OFFER, "fa", "sprachcafe-jena",
                       "offer-flyer", "x");
    CHECK_STR(url, "https://www.thueringen-hilft.de/fa/angebote/sprachcafe-jena"
                   "?utm_source=offer-flyer&utm_medium=print&utm_campaign=x");
    free(url);
    url = otr_site_url(&site, OTR_URL_SHELTER, "ar", "eaе", NULL, NULL);
    CHECK_STR(url, "https://www.thueringen-hilft.de/ar/orte/ea%D0%B5");
    free(url);

    otr_site_clear(&site);
    otr_yaml_doc_free(doc);
    otr_diags_free(diags);
}

/* What QR codes and links carry: IDNA hosts, encoded paths, and only web
 * addresses. */
static void machine(const char *url, const char *expected)
{
    const char *problem = NULL;
    char *got = otr_url_for_machines(url, &problem);
    if (expected)
        CHECK_STR(got, expected);
    else
        CHECK(got == NULL && problem != NULL);
    free(got);
}

static void test_for_machines(void)
{
    machine("https://www.thüringen-hilft.de",
            "https://www.xn--thringen-hilft-hsb.de");
    machine("https://www.THÜRINGEN-hilft.de/über?q=ä#Öffnung",
            "https://www.xn--thringen-hilft-hsb.de/%C3%BCber?q=%C3%A4#%C3%"
            "96ffnung");
    machine("http://example.org:8080/a%20b/%zz/{x}",
            "http://example.org:8080/a%20b/%25zz/%7Bx%7D");
    machine("https://[2001:db8::1]:443/", "https://[2001:db8::1]:443/");
    machine("https://straße.de/", "https://xn--strae-oqa.de/");
    machine("https://مثال.إختبار/", "https://xn--mgbh0fb.xn--kgbechtv/");
    machine("javascript:alert(1)//x", NULL);
    machine("HTTPS://example.org", NULL);
    machine("https://", NULL);
    machine("https:///path", NULL);
    machine("https://www.thueringen-hilft.de@evil.example/", NULL);
    machine("https://example.org/a b", NULL);
    machine("https://example.org/a\tb", NULL);
    machine("https://example.org/\x1b[31m", NULL);
    machine("https://example.org/\xc2\x85", NULL); /* NEL, a C1 control */
    machine("https://example.org/a\xc2\xa0"
            "b",
            NULL); /* no-break space */
    machine("https://example.org:80x/", NULL);
    machine("https://xn--a.de/", NULL);
    machine("https://a..b/", NULL);
    char long_url[300];
    snprintf(long_url, sizeof long_url, "https://example.org/%0*d", 230, 0);
    machine(long_url, long_url); /* 250 bytes */
    snprintf(long_url, sizeof long_url, "https://example.org/%0*d", 231, 0);
    machine(long_url, NULL);
}

static void iri(const char *uri, const char *expected)
{
    char *shown = otr_url_to_iri(uri);
    CHECK_STR(shown, expected);
    free(shown);
}

/* RFC 3987 section 3.2: UTF-8 escapes become letters; ASCII escapes,
 * broken UTF-8 and characters that reorder or hide text stay encoded. */
static void test_iri(void)
{
    iri("integreat.app/erfurt/ar/locations/%D8%B3%D9%84%D8%A7%D9%85-1",
        "integreat.app/erfurt/ar/locations/\u0633\u0644\u0627\u0645-1");
    iri("example.org/fa/%DA%A9%D9%84%D8%A7%D8%B3",
        "example.org/fa/\u06A9\u0644\u0627\u0633");
    iri("example.org/Caf%c3%a9%20%26%2F", "example.org/Caf\u00E9%20%26%2F");
    iri("example.org/%E2%80%AEevil", "example.org/%E2%80%AEevil"); /* RLO */
    iri("example.org/%E2%81%A6x", "example.org/%E2%81%A6x");       /* LRI */
    iri("example.org/a%E2%80%8Bb", "example.org/a%E2%80%8Bb");     /* ZWSP */
    iri("example.org/%C2%A0", "example.org/%C2%A0");               /* NBSP */
    iri("example.org/%D8", "example.org/%D8");             /* cut short */
    iri("example.org/%C0%AF", "example.org/%C0%AF");       /* overlong */
    iri("example.org/%ED%A0%80", "example.org/%ED%A0%80"); /* surrogate */
    iri("example.org/%D8%41", "example.org/%D8%41");
    iri("%", "%");
    iri("%D", "%D");
}

int main(void)
{
    test_iri();
    test_for_machines();
    test_expand();
    test_query();
    test_display();
    test_is_web();
    test_site_urls();
    return check_report("test_url");
}
