/* Time zones and recurring events, from libical (the only file that
 * includes its headers). Times are seconds since 1970-01-01T00:00:00:
 * "utc" is a real instant; "wall" is the local clock reading counted the
 * same way, as if it were UTC, so dates and times can be added to it. */
#ifndef OTR_RECURRENCE_H
#define OTR_RECURRENCE_H

#include <stddef.h>
#include <stdint.h>

/* Loads libical, which the functions below load themselves when first
 * called (dynlib.h): NULL, or a sentence for the user that names the
 * Debian package to install; a caller reports it before it relies on the
 * functions below, which otherwise fail as for an unknown zone. */
const char *otr_recurrence_load(void);

/* 1 when TZID names a time zone of the IANA database ("Europe/Berlin"). */
int otr_zone_exists(const char *tzid);

/* The instant of local clock reading WALL in zone TZID and the zone's
 * offset then, in minutes east of UTC. In the hour the clocks go back the
 * earlier reading wins; a reading in the skipped hour counts as after the
 * change. Returns 0, or -1 for an unknown zone. */
int otr_zone_to_utc(const char *tzid, int64_t wall, int64_t *utc,
                    int *offset_minutes);

/* The local clock reading in TZID at instant UTC. 0, or -1. */
int otr_zone_to_wall(const char *tzid, int64_t utc, int64_t *wall);

/* Expands the iCalendar rule RRULE (RFC 5545 section 3.3.10, the part after
 * "RRULE:") from the first occurrence FIRST_WALL, a local clock reading in
 * TZID: every occurrence keeps its local time of day across changes of
 * summer time, and BYDAY counts local days. Writes the local clock readings
 * of the occurrences that start in [FROM_UTC, UNTIL_UTC) to STARTS (up to
 * MAX of them) and their number to *COUNT. Returns 0, or -1 for a rule or
 * zone that libical refuses. */
int otr_recurrence_expand(const char *rrule, const char *tzid,
                          int64_t first_wall, int64_t from_utc,
                          int64_t until_utc, int64_t *starts, size_t max,
                          size_t *count);

#endif
