/* Offers (content/offers.yaml, offers/NAME.yaml): the portal's contact
 * points, with opening hours, contact details and languages spoken. */
#include "directory_load.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"
#include "util.h"

int otr_parse_time_range(const char *text, otr_time_range *out)
{
    int h1, m1, h2, m2;
    if (strlen(text) != 11 || otr_parse_digits(text, 2, &h1) ||
        text[2] != ':' || otr_parse_digits(text + 3, 2, &m1) ||
        text[5] != '-' || otr_parse_digits(text + 6, 2, &h2) ||
        text[8] != ':' || otr_parse_digits(text + 9, 2, &m2))
        return -1;
    if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 == 24 && m2 != 0))
        return -1;
    out->start = h1 * 60 + m1;
    out->end = h2 * 60 + m2;
    return out->start < out->end ? 0 : -1;
}

/* The keys a day's hours may be given under, Monday first: English and
 * German, short and long, in any case ("mon", "Mo", "Dienstag"). */
static const char *const weekday_names[OTR_WEEKDAYS][6] = {
    {"mon", "monday", "mo", "montag", NULL},
    {"tue", "tuesday", "di", "dienstag", NULL},
    {"wed", "wednesday", "mi", "mittwoch", NULL},
    {"thu", "thursday", "do", "donnerstag", NULL},
    {"fri", "friday", "fr", "freitag", NULL},
    {"sat", "saturday", "sa", "samstag", "sonnabend", NULL},
    {"sun", "sunday", "so", "sonntag", NULL}};

/* The weekday (Monday = 0) KEY names, or -1. */
static int weekday_of(const char *key)
{
    for (int day = 0; day < OTR_WEEKDAYS; day++)
        for (int k = 0; weekday_names[day][k]; k++)
            if (strcasecmp(key, weekday_names[day][k]) == 0)
                return day;
    return -1;
}

/* The day an unknown key most likely means, by its first two letters in
 * either language ("Die" -> tue, "Thur" -> thu, "Son" -> sun); -1. */
static int weekday_meant(const char *key)
{
    static const char *const starts[OTR_WEEKDAYS][3] = {
        {"mo", NULL},       {"tu", "di", NULL}, {"we", "mi", NULL},
        {"th", "do", NULL}, {"fr", NULL},       {"sa", NULL},
        {"su", "so", NULL}};
    if (strlen(key) < 2)
        return -1;
    for (int day = 0; day < OTR_WEEKDAYS; day++)
        for (int k = 0; starts[day][k]; k++)
            if (strncasecmp(key, starts[day][k], 2) == 0)
                return day;
    return -1;
}

static void load_hours(otr_loader *ld, otr_offer *offer, const otr_node *node)
{
    if (!otr_expect_map(node, "\"hours\"", ld->diags)) {
        ld->errors++;
        return;
    }
    const otr_node *given[OTR_WEEKDAYS] = {0};
    for (size_t i = 0; i + 1 < node->count; i += 2) {
        const otr_node *key = node->children[i];
        int day = weekday_of(key->text);
        if (day < 0) {
            int meant = weekday_meant(key->text);
            if (meant >= 0)
                otr_error_at(ld->diags, key->mark, 249,
                             "\"%s\" is not a weekday; did you mean %s?",
                             key->text, weekday_names[meant][0]);
            else
                otr_error_at(ld->diags, key->mark, 249,
                             "\"%s\" is not a weekday (write mon, tue, wed, "
                             "thu, fri, sat, sun, or Mo, Di, Mi, Do, Fr, Sa, "
                             "So)",
                             key->text);
            ld->errors++;
        } else if (given[day]) {
            otr_error_at(ld->diags, key->mark, 249,
                         "%s is given twice (first at line %d)",
                         weekday_names[day][0], given[day]->mark.line);
            ld->errors++;
        } else {
            given[day] = node->children[i + 1];
        }
    }
    for (int day = 0; day < OTR_WEEKDAYS; day++) {
        const otr_node *ranges = given[day];
        if (!ranges)
            continue;
        if (!otr_expect_seq(ranges, "opening hours of a day", ld->diags)) {
            ld->errors++;
            continue;
        }
        offer->hours[day] =
            otr_xcalloc(ranges->count + 1, sizeof(otr_time_range));
        for (size_t i = 0; i < ranges->count; i++) {
            const otr_node *range = ranges->children[i];
            const char *text =
                otr_expect_string(range, "a time range", 1, ld->diags);
            otr_time_range parsed;
            if (!text) {
                ld->errors++;
            } else if (otr_parse_time_range(text, &parsed) < 0) {
                otr_error_at(ld->diags, range->mark, 242,
                             "\"%s\" is not a time range like "
                             "\"09:00-12:30\" (start before end)",
                             text);
                ld->errors++;
            } else {
                size_t n = offer->hours_count[day];
                if (n > 0 && offer->hours[day][n - 1].end > parsed.start) {
                    otr_error_at(ld->diags, range->mark, 243,
                                 "\"%s\" overlaps or comes before the "
                                 "previous time range of the day",
                                 text);
                    ld->errors++;
                    continue;
                }
                offer->hours[day][offer->hours_count[day]++] = parsed;
            }
        }
    }
}

static void check_contact(otr_loader *ld, const otr_node *map,
                          const char *email, const char *website)
{
    if (email && !otr_valid_email(email)) {
        otr_error_at(ld->diags, otr_map_get(map, "email")->mark, 245,
                     "\"%s\" does not look like an e-mail address", email);
        ld->errors++;
    }
    const char *problem = NULL;
    if (website && otr_url_check(website, &problem) < 0) {
        otr_error_at(ld->diags, otr_map_get(map, "website")->mark, 246,
                     "website \"%s\": %s", website, problem);
        ld->errors++;
    }
}

static void load_languages_spoken(otr_loader *ld, otr_offer *offer,
                                  const otr_node *node)
{
    if (!otr_expect_seq(node, "\"languages\"", ld->diags)) {
        ld->errors++;
        return;
    }
    offer->languages = otr_xcalloc(node->count + 1, sizeof(char *));
    for (size_t i = 0; i < node->count; i++) {
        const char *code = otr_expect_string(node->children[i],
                                             "a language code", 1, ld->diags);
        if (!code) {
            ld->errors++;
            continue;
        }
        size_t len = strlen(code);
        int valid = len >= 2 && len <= 3;
        for (size_t k = 0; valid && k < len; k++)
            valid = code[k] >= 'a' && code[k] <= 'z';
        if (!valid) {
            otr_error_at(ld->diags, node->children[i]->mark, 247,
                         "\"%s\" is not a language code (two or three "
                         "lowercase letters, e.g. \"ar\", \"ckb\")",
                         code);
            ld->errors++;
            continue;
        }
        offer->languages[offer->language_count++] = code;
    }
    if (node->count == 0) {
        otr_error_at(ld->diags, node->mark, 248,
                     "\"languages\" is empty: name the languages spoken, "
                     "e.g. [de, ar]");
        ld->errors++;
    }
}

static const char *const offer_keys[] = {
    "id",        "category", "name",  "description",
    "address",   "district", "geo",   "phone",
    "email",     "website",  "hours", "by_appointment",
    "languages", "urls",     NULL};

static void load_offer(otr_loader *ld, otr_directory *dir, const otr_node *map,
                       const char *id, void *record)
{
    otr_offer *offer = record;
    offer->mark = map->mark;
    offer->node = map;
    offer->id = id;
    offer->category = otr_load_category_ref(ld, dir, map, 1);
    otr_load_i18n(ld, map, "name", "\"name\"", 1, 1, &offer->name);
    otr_load_i18n(ld, map, "description", "\"description\"", 1, 0,
                  &offer->description);
    otr_load_address(ld, map, "address", &offer->address);
    offer->district = otr_load_string(ld, map, "district", "an offer", 1);
    otr_load_geo(ld, map, "geo", &offer->geo);
    /* Read with the first look at offers (otr_directory_read_phones). */
    offer->phone_typed = otr_load_string(ld, map, "phone", "an offer", 0);
    offer->phone_node = otr_map_get(map, "phone");
    offer->email = otr_load_string(ld, map, "email", "an offer", 0);
    offer->website = otr_load_string(ld, map, "website", "an offer", 0);
    check_contact(ld, map, offer->email, offer->website);
    const otr_node *node;
    if ((node = otr_map_get(map, "hours")))
        load_hours(ld, offer, node);
    if ((node = otr_map_get(map, "by_appointment")) &&
        otr_expect_bool(node, "\"by_appointment\"", &offer->by_appointment,
                        ld->diags) < 0)
        ld->errors++;
    if (!(node = otr_map_get(map, "languages"))) {
        otr_report_missing(map, "languages", "an offer", ld->diags);
        ld->errors++;
    } else {
        load_languages_spoken(ld, offer, node);
    }
    otr_load_urls(ld, map, &offer->urls);
}

static void discard_offer(void *record)
{
    otr_offer *offer = record;
    free(offer->name.entries);
    free(offer->description.entries);
    for (int day = 0; day < OTR_WEEKDAYS; day++)
        free(offer->hours[day]);
    free(offer->languages);
    free(offer->urls.entries);
    free((char *)offer->phone);
    otr_diags_free(offer->problems);
}

const otr_record_kind otr_offer_kind = {
    "an offer", sizeof(otr_offer), offer_keys,
    load_offer, discard_offer,     offsetof(otr_offer, problems)};
