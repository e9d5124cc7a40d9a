#include "recurrence.h"

#include <libical/ical.h>
#include <string.h>

#include "dynlib.h"

/* libical is loaded by the commands that read time zones and recurring
 * events (the importers), not for every document (dynlib.h). */
#define ICAL_FUNCTIONS(X)                                                      \
    X(icalerrno_return)                                                        \
    X(icalerror_clear_errno)                                                   \
    X(icalrecur_iterator_free)                                                 \
    X(icalrecur_iterator_new)                                                  \
    X(icalrecur_iterator_next)                                                 \
    X(icalrecurrencetype_from_string)                                          \
    X(icaltime_as_timet_with_zone)                                             \
    X(icaltime_from_timet_with_zone)                                           \
    X(icaltime_is_null_time)                                                   \
    X(icaltimezone_get_builtin_timezone)                                       \
    X(icaltimezone_get_utc_offset)                                             \
    X(icaltimezone_get_utc_offset_of_utc_time)                                 \
    X(icaltimezone_get_utc_timezone)
OTR_DYNLIB(libical, "libical.so.3", "libical3", ICAL_FUNCTIONS);

const char *otr_recurrence_load(void)
{
    return otr_dynlib_load(&libical);
}

/* The zone TZID, or NULL when it is unknown or libical cannot be loaded. */
static icaltimezone *zone_for(const char *tzid)
{
    if (!tzid || !*tzid || otr_recurrence_load())
        return NULL;
    if (strcmp(tzid, "UTC") == 0)
        return lib.icaltimezone_get_utc_timezone();
    return lib.icaltimezone_get_builtin_timezone(tzid);
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
        lib.icaltime_from_timet_with_zone((time_t)wall, 0, NULL);
    t.zone = NULL;
    return t;
}

static int64_t wall_seconds(struct icaltimetype t)
{
    t.zone = NULL;
    return (int64_t)lib.icaltime_as_timet_with_zone(t, NULL);
}

int otr_zone_to_utc(const char *tzid, int64_t wall, int64_t *utc,
                    int *offset_minutes)
{
    icaltimezone *zone = zone_for(tzid);
    if (!zone)
        return -1;
    struct icaltimetype t = wall_time(wall);
    int daylight = 0;
    int offset = lib.icaltimezone_get_utc_offset(zone, &t, &daylight);
    *utc = wall - offset;
    *offset_minutes = offset / 60;
    return 0;
}

int otr_zone_to_wall(const char *tzid, int64_t utc, int64_t *wall)
{
    icaltimezone *zone = zone_for(tzid);
    if (!zone)
        return -1;
    struct icaltimetype t = lib.icaltime_from_timet_with_zone(
        (time_t)utc, 0, lib.icaltimezone_get_utc_timezone());
    int daylight = 0;
    int offset =
        lib.icaltimezone_get_utc_offset_of_utc_time(zone, &t, &daylight);
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
    lib.icalerror_clear_errno();
    struct icalrecurrencetype recur = lib.icalrecurrencetype_from_string(rrule);
    if (recur.freq == ICAL_NO_RECURRENCE ||
        *lib.icalerrno_return() != ICAL_NO_ERROR) {
        lib.icalerror_clear_errno();
        return -1;
    }
    /* The rule counts in local time: DTSTART is a floating local reading,
     * so BYDAY and the time of day stay local across summer time. */
    struct icaltimetype start = wall_time(first_wall);
    icalrecur_iterator *it = lib.icalrecur_iterator_new(recur, start);
    if (!it) {
        lib.icalerror_clear_errno();
        return -1;
    }
    /* A series without an end stops at the window; a rule that never
     * reaches the window stops after a bounded number of steps. */
    for (long steps = 0; steps < 100000; steps++) {
        struct icaltimetype next = lib.icalrecur_iterator_next(it);
        if (lib.icaltime_is_null_time(next))
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
    lib.icalrecur_iterator_free(it);
    return 0;
}
