/* Events (content/events.yaml): title and text per language, start and
 * end, venue. */
#include "directory_load.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
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
    out->has_offset = 1;
    if (*p == '\0') {
        offset = 0; /* local time: the caller reads it in the site's zone */
        out->has_offset = 0;
    } else if (*p == 'Z' && p[1] == '\0') {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (otr_parse_digits(p + 1, 2, &oh) ||
            otr_parse_digits(p + 4, 2, &om) || oh > 14 || om > 59)
            return -1;
        offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
    } else {
        return -1;
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

/* "+02:00" for 120 minutes east of UTC. */
static void offset_text(int minutes, char out[16])
{
    int a = minutes < 0 ? -minutes : minutes;
    snprintf(out, 16, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
}

/* An event's start or end. Without an offset it is read in the site's time
 * zone (through ICU's zone data); with one, the offset must be the zone's
 * on that day, or the poster would print a time other than the one meant. */
static void datetime_field(otr_loader *ld, const otr_node *map, const char *key,
                           otr_datetime *out)
{
    memset(out, 0, sizeof(*out));
    const char *text = otr_load_string(ld, map, key, "an event", 1);
    if (!text)
        return;
    out->mark = otr_map_get(map, key)->mark;
    const char *zone = ld->site->timezone;
    if (otr_parse_datetime(text, out) < 0 || (!out->has_offset && !zone)) {
        otr_error_at(ld->diags, out->mark, 270,
                     "\"%s\" is not a date and time like "
                     "\"2027-02-18T10:00:00%s\" (%s)",
                     text, zone ? "" : "+01:00",
                     zone ? "the offset may follow: +01:00"
                          : "with the UTC offset, or name the site's time "
                            "zone in site.yaml: timezone: Europe/Berlin");
        ld->errors++;
        out->text = NULL;
        return;
    }
    if (!zone)
        return;
    /* The wall-clock time as written, and the zone's offset at it. */
    int y, mo, d, h, mi, s = 0;
    sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
    int64_t utc = 0;
    int offset = 0;
    int rc = otr_zone_local_to_utc(zone, y, mo, d, h, mi, s, &utc, &offset);
    if (rc == 1) {
        otr_error_at(ld->diags, out->mark, 274,
                     "there is no %02d:%02d on %.10s in %s: the clocks go "
                     "forward that night",
                     h, mi, text, zone);
        ld->errors++;
        out->text = NULL;
    } else if (rc < 0) {
        otr_error_at(ld->diags, out->mark, 274,
                     "cannot read \"%s\" in the time zone %s", text, zone);
        ld->errors++;
        out->text = NULL;
    } else if (!out->has_offset) {
        out->utc = utc;
        out->offset = offset;
    } else if (offset != out->offset) {
        char right[16], given[16];
        offset_text(offset, right);
        offset_text(out->offset, given);
        otr_error_at(
            ld->diags, out->mark, 273,
            "on %.10s %s is at UTC%s, not %s: write \"%.*s%s\", or "
            "leave the offset out",
            text, zone, right, given,
            (int)(strlen(text) - (text[strlen(text) - 1] == 'Z' ? 1 : 6)), text,
            right);
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
        otr_error_at(ld->diags, venue->mark, 275,
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
    otr_diags_free(event->problems);
}

const otr_record_kind otr_event_kind = {
    "an event", sizeof(otr_event), event_keys,
    load_event, discard_event,     offsetof(otr_event, problems)};
