#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "model.h"
#include "phone.h"
#include "url.h"
#include "util.h"

static const char *const url_kind_names[OTR_URL_KIND_COUNT] = {
    "site", "offer", "event", "shelter"};

const char *otr_url_kind_name(otr_url_kind kind)
{
    return kind < OTR_URL_KIND_COUNT ? url_kind_names[kind] : "?";
}

int otr_url_kind_parse(const char *name, otr_url_kind *out)
{
    for (int i = 0; i < OTR_URL_KIND_COUNT; i++) {
        if (strcmp(name, url_kind_names[i]) == 0) {
            *out = (otr_url_kind)i;
            return 0;
        }
    }
    return -1;
}

/* A BCP 47 tag as far as we use them: "fa", "pt-BR", "sr-Latn". */
static int plausible_language_tag(const char *code)
{
    size_t segment = 0, total = 0;
    for (const char *p = code; *p; p++, total++) {
        if (*p == '-') {
            if (segment == 0)
                return 0;
            segment = 0;
        } else if (isalnum((unsigned char)*p)) {
            if (++segment > 8)
                return 0;
        } else {
            return 0;
        }
    }
    return total >= 2 && segment > 0 && isalpha((unsigned char)code[0]) &&
           isalpha((unsigned char)code[1]);
}

/* The ICU numbering system for a language's "digits" (NODE), or NULL after
 * reporting. Digits as their users call them; ICU's names are accepted
 * too. */
static const char *digits_system(const otr_node *node, otr_diags *diags)
{
    static const struct {
        const char *name, *icu;
    } systems[] = {
        {"latin", "latn"}, {"arabic-indic", "arab"}, {"persian", "arabext"},
        {"latn", "latn"},  {"arab", "arab"},         {"arabext", "arabext"},
    };
    const char *value = otr_expect_string(node, "\"digits\"", 1, diags);
    if (!value)
        return NULL;
    for (size_t i = 0; i < sizeof systems / sizeof systems[0]; i++) {
        if (strcmp(value, systems[i].name) == 0)
            return systems[i].icu;
    }
    otr_error_at(diags, node->mark, 207,
                 "\"digits\" must be latin (0123), arabic-indic (٠١٢٣) or "
                 "persian (۰۱۲۳), not \"%s\"",
                 value);
    return NULL;
}

static int load_languages(otr_site *site, const otr_node *list,
                          otr_diags *diags)
{
    int errors = 0;
    if (!otr_expect_seq(list, "\"languages\"", diags))
        return 1;
    site->languages = otr_xcalloc(list->count, sizeof(otr_language));
    for (size_t i = 0; i < list->count; i++) {
        const otr_node *entry = list->children[i];
        static const char *const keys[] = {"code", "name", "digits", NULL};
        if (!otr_expect_map(entry, "a language", diags)) {
            errors++;
            continue;
        }
        errors += otr_check_keys(entry, keys, "a language", diags);
        const char *code =
            otr_require_string(entry, "code", "a language", diags);
        const char *name =
            otr_require_string(entry, "name", "a language", diags);
        if (!code || !name) {
            errors++;
            continue;
        }
        const otr_node *code_node = otr_map_get(entry, "code");
        if (!plausible_language_tag(code)) {
            otr_error_at(diags, code_node->mark, 201,
                         "\"%s\" is not a language code (use e.g. \"fa\")",
                         code);
            errors++;
            continue;
        }
        if (otr_site_language(site, code)) {
            otr_error_at(diags, code_node->mark, 202,
                         "language \"%s\" is listed twice", code);
            errors++;
            continue;
        }
        const char *system = NULL;
        if (otr_map_get(entry, "digits") &&
            !(system = digits_system(otr_map_get(entry, "digits"), diags))) {
            errors++;
            continue;
        }
        otr_language *lang = &site->languages[site->language_count++];
        lang->code = code;
        lang->name = name;
        lang->numbers = system;
        lang->mark = entry->mark;
        lang->rtl = otr_language_rtl(code);
    }
    if (site->language_count == 0 && errors == 0) {
        otr_error_at(diags, list->mark, 203, "the site has no languages");
        errors++;
    }
    return errors;
}

/* Expands TEMPLATE once with every variable it may use, so that a typo in a
 * placeholder is found when the site is loaded, not when printing. */
static int check_template(const char *tmpl, const otr_node *node,
                          const otr_url_var *vars, size_t count,
                          otr_diags *diags)
{
    size_t bad_at = 0;
    char *expanded = otr_url_expand(tmpl, vars, count, &bad_at);
    if (expanded) {
        free(expanded);
        return 0;
    }
    otr_mark mark = node->mark;
    mark.col += (int)bad_at + (node->plain ? 0 : 1);
    otr_buf names = {0};
    for (size_t i = 0; i < count; i++)
        otr_buf_printf(&names, "%s{%s}", i ? ", " : "", vars[i].name);
    otr_error_at(diags, mark, 204,
                 "unknown or unclosed placeholder; this template may use %s",
                 names.data);
    otr_buf_free(&names);
    return 1;
}

/* What a template gives with the site's own base URL must be a web address
 * (otr_url_check): "javascript:..." or a template that drops the base is
 * refused here, before it reaches a QR code. */
static int check_template_result(const otr_site *site, const char *tmpl,
                                 const otr_node *node, const char *kind,
                                 size_t var_count, otr_diags *diags)
{
    const char *problem = NULL;
    if (!site->base_url || otr_url_check(site->base_url, &problem) < 0)
        return 0; /* reported with base_url */
    const otr_url_var vars[] = {
        {"base", site->base_url, 1}, {"lang", "de", 0}, {"id", "x", 0}};
    char *url = otr_url_expand(tmpl, vars, var_count, NULL);
    int bad = !url || otr_url_check(url, &problem) < 0;
    if (bad)
        otr_error_at(diags, node->mark, 218,
                     "the %s page's template gives \"%s\": %s", kind,
                     url ? url : tmpl, problem);
    free(url);
    return bad;
}

static int load_urls(otr_site *site, const otr_node *urls, otr_diags *diags)
{
    int errors = 0;
    if (!otr_expect_map(urls, "\"urls\"", diags))
        return 1;
    static const char *const keys[] = {"site", "offer", "event", "shelter",
                                       NULL};
    errors += otr_check_keys(urls, keys, "\"urls\"", diags);
    const otr_url_var vars[] = {
        {"base", "https://example.org", 1}, {"lang", "de", 0}, {"id", "x", 0}};
    for (int kind = 0; kind < OTR_URL_KIND_COUNT; kind++) {
        const otr_node *node = otr_map_get(urls, url_kind_names[kind]);
        if (!node) {
            otr_report_missing(urls, url_kind_names[kind], "\"urls\"", diags);
            errors++;
            continue;
        }
        const char *tmpl = otr_expect_string(node, "a URL template", 1, diags);
        if (!tmpl) {
            errors++;
            continue;
        }
        /* The site's start page has no record id. */
        size_t var_count = kind == OTR_URL_SITE ? 2 : 3;
        if (check_template(tmpl, node, vars, var_count, diags)) {
            errors++;
            continue;
        }
        if (check_template_result(site, tmpl, node, url_kind_names[kind],
                                  var_count, diags)) {
            errors++;
            continue;
        }
        site->url_templates[kind] = tmpl;
        site->url_marks[kind] = node->mark;
    }
    return errors;
}

static int load_tracking(otr_site *site, const otr_node *map, otr_diags *diags)
{
    int errors = 0;
    if (!otr_expect_map(map, "\"tracking\"", diags))
        return 1;
    const otr_url_var vars[] = {{"layout", "postcard", 0},
                                {"campaign", "x", 0},
                                {"lang", "de", 0},
                                {"medium", "print", 0}};
    site->tracking =
        otr_xcalloc(map->count / 2 + 1, sizeof(otr_tracking_param));
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const otr_node *value = map->children[i + 1];
        const char *text =
            otr_expect_string(value, "a tracking parameter", 0, diags);
        if (!text || check_template(text, value, vars, 4, diags)) {
            errors++;
            continue;
        }
        site->tracking[site->tracking_count++] = (otr_tracking_param){
            map->children[i]->text, text, map->children[i]->mark};
    }
    return errors;
}

static int load_timezone(otr_site *site, const otr_node *node, otr_diags *diags)
{
    const char *zone = otr_expect_string(node, "\"timezone\"", 1, diags);
    if (!zone)
        return 1;
    if (!otr_zone_known(zone)) {
        otr_error_at(diags, node->mark, 207,
                     "\"%s\" is not a time zone: write it as in the IANA "
                     "time zone database, e.g. Europe/Berlin",
                     zone);
        return 1;
    }
    site->timezone = zone;
    site->timezone_mark = node->mark;
    return 0;
}

/* bounding_box: {south: 50.2, west: 9.8, north: 51.7, east: 12.7}, in
 * degrees: where the site's records lie. */
static int load_box(otr_site *site, const otr_node *node, otr_diags *diags)
{
    if (!otr_expect_map(node, "\"bounding_box\"", diags))
        return 1;
    static const char *const keys[] = {"south", "west", "north", "east", NULL};
    int errors = otr_check_keys(node, keys, "\"bounding_box\"", diags);
    double *values[] = {&site->south, &site->west, &site->north, &site->east};
    const double limits[] = {90, 180, 90, 180};
    for (int i = 0; i < 4; i++) {
        const otr_node *value = otr_map_get(node, keys[i]);
        if (!value) {
            otr_report_missing(node, keys[i], "\"bounding_box\"", diags);
            errors++;
        } else if (otr_expect_number(value, keys[i], -limits[i], limits[i],
                                     values[i], diags) < 0) {
            errors++;
        }
    }
    if (!errors && (site->south >= site->north || site->west >= site->east)) {
        otr_error_at(diags, node->mark, 208,
                     "\"bounding_box\" must have south below north and west "
                     "below east");
        errors++;
    }
    site->has_box = errors == 0;
    site->box_mark = node->mark;
    return errors;
}

int otr_site_load(otr_site *site, const otr_node *root, otr_mark file,
                  otr_diags *diags)
{
    memset(site, 0, sizeof(*site));
    if (!root) {
        otr_error_at(diags, file, 205, "the file is empty");
        return 1;
    }
    if (!otr_expect_map(root, "site.yaml", diags))
        return 1;
    static const char *const keys[] = {
        "name",         "base_url", "region",   "phone",   "email",
        "languages",    "urls",     "tracking", "imprint", "timezone",
        "bounding_box", "colors",   NULL};
    int errors = otr_check_keys(root, keys, "site.yaml", diags);

    site->name = otr_require_string(root, "name", "site.yaml", diags);
    site->base_url = otr_require_string(root, "base_url", "site.yaml", diags);
    if (!site->name || !site->base_url)
        errors++;
    const char *problem = NULL;
    if (site->base_url && otr_url_check(site->base_url, &problem) < 0) {
        otr_error_at(diags, otr_map_get(root, "base_url")->mark, 206,
                     "base_url \"%s\": %s", site->base_url, problem);
        errors++;
    }

    const otr_node *node;
    if ((node = otr_map_get(root, "region"))) {
        const char *region = otr_expect_string(node, "\"region\"", 1, diags);
        if (region &&
            !(strlen(region) == 2 && isupper((unsigned char)region[0]) &&
              isupper((unsigned char)region[1]))) {
            otr_error_at(diags, node->mark, 207,
                         "region \"%s\" must be a country code of two "
                         "capital letters (ISO 3166-1), e.g. \"DE\"",
                         region);
            region = NULL;
        }
        if (!region)
            errors++;
        site->region = region;
    }
    const char *phone;
    if ((node = otr_map_get(root, "phone")) &&
        (!(phone = otr_expect_string(node, "\"phone\"", 1, diags)) ||
         !(site->phone = otr_site_phone(site, node, phone, diags))))
        errors++;
    if ((node = otr_map_get(root, "email")) &&
        !(site->email = otr_expect_string(node, "\"email\"", 1, diags)))
        errors++;

    const otr_node *languages = otr_map_get(root, "languages");
    const otr_node *urls = otr_map_get(root, "urls");
    const otr_node *tracking = otr_map_get(root, "tracking");
    if (!languages) {
        otr_report_missing(root, "languages", "site.yaml", diags);
        errors++;
    } else {
        errors += load_languages(site, languages, diags);
    }
    if (!urls) {
        otr_report_missing(root, "urls", "site.yaml", diags);
        errors++;
    } else {
        errors += load_urls(site, urls, diags);
    }
    if (tracking)
        errors += load_tracking(site, tracking, diags);
    site->colors = otr_map_get(root, "colors");
    if ((node = otr_map_get(root, "imprint")))
        errors += otr_imprint_load(&site->imprint, node, diags);
    if ((node = otr_map_get(root, "timezone")))
        errors += load_timezone(site, node, diags);
    if ((node = otr_map_get(root, "bounding_box")))
        errors += load_box(site, node, diags);
    return errors;
}

const char *otr_site_phone_region(const otr_site *site, char buf[3])
{
    if (site->region)
        return site->region;
    /* https://www.thueringen-hilft.de/...: the last label of the host. */
    const char *host = site->base_url ? strstr(site->base_url, "://") : NULL;
    if (!host)
        return NULL;
    host += 3;
    size_t len = strcspn(host, "/:?#");
    while (len > 0 && host[len - 1] == '.')
        len--;
    size_t dot = len;
    while (dot > 0 && host[dot - 1] != '.')
        dot--;
    if (len - dot != 2 || !isalpha((unsigned char)host[dot]) ||
        !isalpha((unsigned char)host[dot + 1]))
        return NULL;
    buf[0] = (char)toupper((unsigned char)host[dot]);
    buf[1] = (char)toupper((unsigned char)host[dot + 1]);
    buf[2] = '\0';
    return buf;
}

char *otr_site_phone(const otr_site *site, const otr_node *node,
                     const char *typed, otr_diags *diags)
{
    char buf[3];
    const char *region = otr_site_phone_region(site, buf);
    char *printed = NULL, *problem = NULL;
    int rc = otr_phone_parse(typed, region, &printed, &problem);
    if (rc == 0)
        return printed;
    if (rc == -3) {
        /* Not this number's fault: one line, however many numbers. */
        otr_diags_error(diags, 252, "phone numbers cannot be read: %s",
                        problem);
    } else if (rc == -2) {
        otr_error_at(diags, node->mark, 244, "\"%s\" %s", typed, problem);
    } else {
        char *example = otr_phone_example(region);
        otr_error_at(diags, node->mark, 244, "\"%s\" %s (write it like \"%s\")",
                     typed, problem, example);
        free(example);
    }
    free(problem);
    return NULL;
}

void otr_site_clear(otr_site *site)
{
    free((char *)site->phone);
    free(site->languages);
    free(site->tracking);
    otr_imprint_clear(&site->imprint);
    memset(site, 0, sizeof(*site));
}

const otr_language *otr_site_language(const otr_site *site, const char *code)
{
    for (size_t i = 0; i < site->language_count; i++) {
        if (strcmp(site->languages[i].code, code) == 0)
            return &site->languages[i];
    }
    return NULL;
}

char *otr_site_url(const otr_site *site, otr_url_kind kind, const char *lang,
                   const char *id, const char *layout, const char *campaign)
{
    return otr_site_record_url(site, kind, lang, id, NULL, layout, campaign,
                               "print");
}

char *otr_site_record_url(const otr_site *site, otr_url_kind kind,
                          const char *lang, const char *id, const char *page,
                          const char *layout, const char *campaign,
                          const char *medium)
{
    const otr_url_var vars[] = {
        {"base", site->base_url, 1}, {"lang", lang, 0}, {"id", id, 0}};
    char *url = page ? otr_xstrdup(page)
                     : otr_url_expand(site->url_templates[kind], vars, 3, NULL);
    if (!url || !layout)
        return url;

    otr_url_param *params =
        otr_xcalloc(site->tracking_count + 1, sizeof(otr_url_param));
    char **values = otr_xcalloc(site->tracking_count + 1, sizeof(char *));
    for (size_t i = 0; i < site->tracking_count; i++) {
        /* Values are expanded verbatim here and encoded once, as a whole,
         * by otr_url_add_query. */
        const otr_url_var raw[] = {{"layout", layout, 1},
                                   {"campaign", campaign, 1},
                                   {"lang", lang, 1},
                                   {"medium", medium, 1}};
        values[i] = otr_url_expand(site->tracking[i].value, raw, 4, NULL);
        params[i] = (otr_url_param){site->tracking[i].key, values[i]};
    }
    char *full = otr_url_add_query(url, params, site->tracking_count);
    for (size_t i = 0; i < site->tracking_count; i++)
        free(values[i]);
    free(values);
    free(params);
    free(url);
    return full;
}
