/* Events (content/events.yaml): title and text per language, start and
 * end, venue. */
#include "directory_load.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int otr_parse_datetime(const char *text, otr_datetime *out)
{
    int y, mo, d, h, mi, s = 0;
    const char *p = text;
    if (otr_parse_digits(p, 4, &y) || p[4] != '-' ||
        otr_parse_digits(p + 5, 2, &mo) || p[7] != '-' ||
        otr_parse_digits(p + 8, 2, &d) || p[10] != 'T' ||
        otr_parse_digits(p + 11, 2, &h) || p[13] != ':' ||
        otr_parse_digits(p + 14, 2, &mi))
        return -1;
    p += 16;
    if (*p == ':') {
        if (otr_parse_digits(p + 1, 2, &s))
            return -1;
        p += 3;
    }
    int offset;
    if (*p == 'Z' && p[1] == '\0') {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (otr_parse_digits(p + 1, 2, &oh) ||
            otr_parse_digits(p + 4, 2, &om) || oh > 14 || om > 59)
            return -1;
        offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
    } else {
        return -1; /* a time without its offset is ambiguous for print */
    }
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || s > 59)
        return -1;
    out->utc = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
               (int64_t)offset * 60;
    out->offset = offset;
    out->text = text;
    return 0;
}

static void datetime_field(otr_loader *ld, const otr_node *map, const char *key,
                           otr_datetime *out)
{
    memset(out, 0, sizeof(*out));
    const char *text = otr_load_string(ld, map, key, "an event", 1);
    if (!text)
        return;
    out->mark = otr_map_get(map, key)->mark;
    if (otr_parse_datetime(text, out) < 0) {
        otr_error_at(ld->diags, out->mark, 270,
                     "\"%s\" is not a date and time like "
                     "\"2027-02-18T10:00:00+01:00\" (with the UTC offset)",
                     text);
        ld->errors++;
        out->text = NULL;
    }
}

static const char *const event_keys[] = {
    "id",       "category", "title",  "text", "start",     "end", "venue",
    "district", "all_day",  "online", "urls", "organizer", NULL};

static void load_event(otr_loader *ld, otr_directory *dir, const otr_node *map,
                       const char *id, void *record)
{
    otr_event *e = record;
    e->mark = map->mark;
    e->node = map;
    e->id = id;
    e->category = otr_load_category_ref(ld, dir, map, 0);
    otr_load_i18n(ld, map, "title", "\"title\"", 1, 0, &e->title);
    otr_load_i18n(ld, map, "text", "\"text\"", 0, 0, &e->text);
    datetime_field(ld, map, "start", &e->start);
    datetime_field(ld, map, "end", &e->end);
    if (e->start.text && e->end.text && e->end.utc <= e->start.utc) {
        otr_error_at(ld->diags, e->end.mark, 272,
                     "the event ends (%s) before it starts (%s)", e->end.text,
                     e->start.text);
        ld->errors++;
    }
    const otr_node *flag;
    if ((flag = otr_map_get(map, "all_day")) &&
        otr_expect_bool(flag, "\"all_day\"", &e->all_day, ld->diags) < 0)
        ld->errors++;
    if ((flag = otr_map_get(map, "online")) &&
        otr_expect_bool(flag, "\"online\"", &e->online, ld->diags) < 0)
        ld->errors++;
    otr_load_urls(ld, map, &e->urls);
    const otr_node *venue = otr_map_get(map, "venue");
    if (e->online && venue) {
        otr_error_at(ld->diags, venue->mark, 273,
                     "an online event has no venue: remove \"venue\" or "
                     "\"online: true\"");
        ld->errors++;
    } else if (e->online) {
        /* takes place online: nothing to read */
    } else if (!venue) {
        otr_report_missing(map, "venue", "an event", ld->diags);
        ld->errors++;
    } else if (!otr_expect_map(venue, "\"venue\"", ld->diags)) {
        ld->errors++;
    } else {
        static const char *const venue_keys[] = {"name", "address", "geo",
                                                 NULL};
        ld->errors += otr_check_keys(venue, venue_keys, "\"venue\"", ld->diags);
        e->venue_name = otr_load_string(ld, venue, "name", "\"venue\"", 1);
        otr_load_address(ld, venue, "address", &e->venue_address);
        otr_load_geo(ld, venue, "geo", &e->venue_geo);
    }
    e->district = otr_load_string(ld, map, "district", "an event", 1);
    e->organizer = otr_load_string(ld, map, "organizer", "an event", 1);
}

static void discard_event(void *record)
{
    otr_event *event = record;
    free(event->title.entries);
    free(event->text.entries);
    free(event->urls.entries);
}

const otr_record_kind otr_event_kind = {"an event", sizeof(otr_event),
                                        event_keys, load_event, discard_event};
