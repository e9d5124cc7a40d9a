#include "recurrence.h"

#include <libical/ical.h>
#include <string.h>

static icaltimezone *zone_for(const char *tzid)
{
    if (!tzid || !*tzid)
        return NULL;
    if (strcmp(tzid, "UTC") == 0)
        return icaltimezone_get_utc_timezone();
    return icaltimezone_get_builtin_timezone(tzid);
}

int otr_zone_exists(const char *tzid)
{
    return zone_for(tzid) != NULL;
}

static struct icaltimetype wall_time(int64_t wall)
{
    /* The wall reading is counted as if it were UTC; take it apart as such
     * and forget the zone. */
    struct icaltimetype t =
        icaltime_from_timet_with_zone((time_t)wall, 0, NULL);
    t.zone = NULL;
    return t;
}

static int64_t wall_seconds(struct icaltimetype t)
{
    t.zone = NULL;
    return (int64_t)icaltime_as_timet_with_zone(t, NULL);
}

int otr_zone_to_utc(const char *tzid, int64_t wall, int64_t *utc,
                    int *offset_minutes)
{
    icaltimezone *zone = zone_for(tzid);
    if (!zone)
        return -1;
    struct icaltimetype t = wall_time(wall);
    int daylight = 0;
    int offset = icaltimezone_get_utc_offset(zone, &t, &daylight);
    *utc = wall - offset;
    *offset_minutes = offset / 60;
    return 0;
}

int otr_zone_to_wall(const char *tzid, int64_t utc, int64_t *wall)
{
    icaltimezone *zone = zone_for(tzid);
    if (!zone)
        return -1;
    struct icaltimetype t = icaltime_from_timet_with_zone(
        (time_t)utc, 0, icaltimezone_get_utc_timezone());
    int daylight = 0;
    int offset = icaltimezone_get_utc_offset_of_utc_time(zone, &t, &daylight);
    *wall = utc + offset;
    return 0;
}

int otr_recurrence_expand(const char *rrule, const char *tzid,
                          int64_t first_wall, int64_t from_utc,
                          int64_t until_utc, int64_t *starts, size_t max,
                          size_t *count)
{
    *count = 0;
    icaltimezone *zone = zone_for(tzid);
    if (!zone)
        return -1;
    icalerror_clear_errno();
    struct icalrecurrencetype recur = icalrecurrencetype_from_string(rrule);
    if (recur.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_clear_errno();
        return -1;
    }
    /* The rule counts in local time: DTSTART is a floating local reading,
     * so BYDAY and the time of day stay local across summer time. */
    struct icaltimetype start = wall_time(first_wall);
    icalrecur_iterator *it = icalrecur_iterator_new(recur, start);
    if (!it) {
        icalerror_clear_errno();
        return -1;
    }
    /* A series without an end stops at the window; a rule that never
     * reaches the window stops after a bounded number of steps. */
    for (long steps = 0; steps < 100000; steps++) {
        struct icaltimetype next = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(next))
            break;
        int64_t wall = wall_seconds(next);
        int64_t utc;
        int offset;
        otr_zone_to_utc(tzid, wall, &utc, &offset);
        if (utc >= until_utc)
            break;
        if (utc < from_utc)
            continue;
        if (*count == max)
            break;
        starts[(*count)++] = wall;
    }
    icalrecur_iterator_free(it);
    return 0;
}
