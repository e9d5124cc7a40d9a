/* The parts of `outreach import integreat` that need no JSON: the names of
 * the API's addresses and saved responses, Integreat's category colours
 * and icons as outreach prints them, its free-text phones, and the times
 * of event series. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "directory.h"
#include "import_integreat.h"
#include "outreach.h"
#include "util.h"

/* What a saved response is called: the upstream test suite's names
 * (augsburg_de_locations.json) for the endpoints. */
char *otr_integreat_saved_name(const char *region, const char *lang,
                               const char *endpoint)
{
    if (strcmp(endpoint, "region") == 0)
        return otr_xasprintf("regions_%s.json", region);
    if (!lang)
        return otr_xasprintf("%s_%s.json", region, endpoint);
    return otr_xasprintf("%s_%s_%s.json", region, lang, endpoint);
}

char *otr_integreat_endpoint_url(const char *base, const char *region,
                                 const char *lang, const char *endpoint)
{
    size_t len = strlen(base);
    while (len > 0 && base[len - 1] == '/')
        len--;
    if (strcmp(endpoint, "region") == 0)
        return otr_xasprintf("%.*s/api/v3/regions/%s/", (int)len, base, region);
    if (!lang)
        return otr_xasprintf("%.*s/api/v3/%s/%s/", (int)len, base, region,
                             endpoint);
    if (strcmp(endpoint, "events") == 0)
        return otr_xasprintf("%.*s/api/v3/%s/%s/events/?combine_recurring=True",
                             (int)len, base, region, lang);
    return otr_xasprintf("%.*s/api/v3/%s/%s/%s/", (int)len, base, region, lang,
                         endpoint);
}

/* WCAG 2.1 relative luminance and contrast ratio (section 1.4.3). */
static double luminance(const double rgb[3])
{
    double sum = 0;
    static const double weight[3] = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
        double c = rgb[i];
        c = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
        sum += weight[i] * c;
    }
    return sum;
}

/* COLOR ("#rrggbb") darkened until white text on it has a contrast of
 * 4.5:1 at least (WCAG 2.1 AA), as every category colour carries white
 * text and icons. Returns "#rrggbb" in OUT, and 1 when it had to change. */
int otr_integreat_readable_color(const char *color, char out[8])
{
    unsigned v[3] = {0x44, 0x44, 0x44};
    int valid = color && strlen(color) == 7 && color[0] == '#' &&
                strspn(color + 1, "0123456789abcdefABCDEF") == 6;
    if (valid)
        sscanf(color + 1, "%2x%2x%2x", &v[0], &v[1], &v[2]);
    double rgb[3] = {v[0] / 255.0, v[1] / 255.0, v[2] / 255.0};
    int changed = !valid;
    while ((1.05) / (luminance(rgb) + 0.05) < 4.5) {
        for (int i = 0; i < 3; i++)
            rgb[i] *= 0.92;
        changed = 1;
    }
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)lround(rgb[0] * 255),
             (unsigned)lround(rgb[1] * 255), (unsigned)lround(rgb[2] * 255));
    return changed;
}

/* Integreat's category icons (integreat_cms/cms/constants/
 * poi_category_icons.py, drawn in static/svg/poi-category-icons/) and the
 * bundled icon that shows the same thing; CLOSE 0 where none does and the
 * nearest is used (reported). */
static const struct {
    const char *integreat;
    const char *bundled;
    int close;
} icon_map[] = {
    {"advice", "migration-counselling", 1},
    {"culture", "clubs-meeting-places", 1},
    {"daily_routine", "clubs-meeting-places", 0},
    {"education", "education-recognition", 1},
    {"finance", "authorities", 0},
    {"gastronomy", "clubs-meeting-places", 0},
    {"health", "health", 1},
    {"house", "housing", 1},
    {"leisure", "clubs-meeting-places", 1},
    {"media", "clubs-meeting-places", 0},
    {"medical_aid", "health", 1},
    {"meeting_point", "clubs-meeting-places", 1},
    {"mental_health", "health", 1},
    {"mobility", "clubs-meeting-places", 0},
    {"office", "authorities", 1},
    {"other", "clubs-meeting-places", 0},
    {"other_help", "migration-counselling", 0},
    {"service", "migration-counselling", 0},
    {"shelter", "housing", 1},
    {"shopping", "clubs-meeting-places", 0},
    {"structure", "authorities", 0},
};

const char *otr_integreat_bundled_icon(const char *name, int *close)
{
    *close = 0;
    for (size_t i = 0; name && i < sizeof icon_map / sizeof icon_map[0]; i++) {
        if (strcmp(name, icon_map[i].integreat) == 0) {
            *close = icon_map[i].close;
            return icon_map[i].bundled;
        }
    }
    return "clubs-meeting-places";
}

/* Phones are free text in Integreat ("Tel.: 0821 324-0"): the number is
 * kept when what is left looks like one. The caller frees; NULL if not. */
char *otr_integreat_phone(const char *text)
{
    if (!text || !*text)
        return NULL;
    const char *start = text;
    while (*start && !(isdigit((unsigned char)*start) || *start == '+'))
        start++;
    size_t len = strspn(start, "+0123456789 /-()");
    while (len > 0 && strchr(" /-(", start[len - 1]))
        len--;
    char *phone = otr_xstrndup(start, len);
    if (!otr_valid_phone(phone)) {
        free(phone);
        return NULL;
    }
    return phone;
}

void otr_integreat_format_time(char out[64], int64_t utc, int offset)
{
    int64_t wall = utc + (int64_t)offset * 60;
    time_t t = (time_t)wall;
    struct tm tm;
    gmtime_r(&t, &tm);
    int a = offset < 0 ? -offset : offset;
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', a / 60, a % 60);
}

/* "DTSTART:20300101T120000" (UTC clock reading without "Z", as the CMS
 * writes it) as an instant; -1 when absent or not a time. */
int64_t otr_integreat_rule_start(const char *rule)
{
    const char *p = strstr(rule, "DTSTART");
    if (!p)
        return -1;
    p = strchr(p, ':');
    int y, mo, d, h, mi, sec;
    if (!p ||
        sscanf(p + 1, "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
        return -1;
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h,
             mi, sec);
    otr_datetime parsed;
    return otr_parse_datetime(text, &parsed) == 0 ? parsed.utc : -1;
}

/* The "RRULE:" line's value, owned by the caller, or NULL. */
char *otr_integreat_rule_body(const char *rule)
{
    const char *p = strstr(rule, "RRULE:");
    if (!p)
        return NULL;
    p += 6;
    return otr_xstrndup(p, strcspn(p, "\r\n"));
}

/* The region of the saved responses in DIR: the name before
 * "_languages.json" or after "regions_", when there is exactly one. The
 * caller frees; NULL when none or several. */
char *otr_integreat_region_of_dir(const char *dir)
{
    DIR *folder = opendir(dir);
    if (!folder)
        return NULL;
    char *found = NULL;
    int several = 0;
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        const char *n = entry->d_name;
        size_t len = strlen(n);
        char *region = NULL;
        if (len > 15 && strcmp(n + len - 15, "_languages.json") == 0)
            region = otr_xstrndup(n, len - 15);
        else if (len > 13 && strncmp(n, "regions_", 8) == 0 &&
                 strcmp(n + len - 5, ".json") == 0)
            region = otr_xstrndup(n + 8, len - 13);
        if (!region)
            continue;
        if (found && strcmp(found, region) != 0)
            several = 1;
        free(found);
        found = region;
    }
    closedir(folder);
    if (several) {
        free(found);
        return NULL;
    }
    return found;
}
