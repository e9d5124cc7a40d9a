/* The columns of `outreach import csv`: header names in German and
 * English (compared without case) and the spreadsheet's column letters. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "import_csv.h"

/* Header names, German and English, compared without case; KINDS says
 * for which kind of record. */
static const struct {
    otr_csv_column col;
    int kinds;
    const char *names; /* "|"-separated */
} headers[] = {
    {COL_ID, BOTH, "id|kennung|nr|kürzel"},
    {COL_CATEGORY, BOTH, "category|kategorie|bereich"},
    {COL_NAME, OFFERS, "name|einrichtung|stelle|organisation"},
    {COL_DESCRIPTION, OFFERS, "description|beschreibung|angebot"},
    {COL_TITLE, EVENTS, "title|titel|veranstaltung|name"},
    {COL_TEXT, EVENTS, "text|beschreibung|description|details"},
    {COL_STREET, BOTH, "street|straße|strasse|adresse|address"},
    {COL_POSTCODE, BOTH, "postcode|plz|postleitzahl|zip|postal code"},
    {COL_TOWN, BOTH, "town|ort|stadt|city|gemeinde"},
    {COL_DISTRICT, BOTH, "district|landkreis|kreis|bezirk"},
    {COL_LAT, BOTH, "lat|latitude|breitengrad|breite"},
    {COL_LON, BOTH, "lon|lng|longitude|längengrad|länge"},
    {COL_PHONE, OFFERS, "phone|telefon|tel|telefonnummer"},
    {COL_EMAIL, OFFERS, "email|e-mail|mail"},
    {COL_WEBSITE, OFFERS, "website|webseite|internet|homepage|web"},
    {COL_APPOINTMENT, OFFERS,
     "by appointment|by_appointment|nach vereinbarung|termin|"
     "termine nach vereinbarung"},
    {COL_LANGUAGES, OFFERS,
     "languages|sprachen|languages spoken|gesprochene sprachen"},
    {COL_MON, OFFERS, "mon|monday|mo|montag"},
    {COL_TUE, OFFERS, "tue|tuesday|di|dienstag"},
    {COL_WED, OFFERS, "wed|wednesday|mi|mittwoch"},
    {COL_THU, OFFERS, "thu|thursday|do|donnerstag"},
    {COL_FRI, OFFERS, "fri|friday|fr|freitag"},
    {COL_SAT, OFFERS, "sat|saturday|sa|samstag"},
    {COL_SUN, OFFERS, "sun|sunday|so|sonntag"},
    {COL_START, EVENTS, "start|beginn|von|start time|uhrzeit|time|zeit"},
    {COL_END, EVENTS, "end|ende|bis|end time"},
    {COL_DATE, EVENTS, "date|datum|start date|tag"},
    {COL_END_DATE, EVENTS, "end date|enddatum|bis datum"},
    {COL_VENUE, EVENTS, "venue|veranstaltungsort|ort der veranstaltung"},
    {COL_ORGANIZER, EVENTS, "organizer|organiser|veranstalter|träger"},
    {COL_ALL_DAY, EVENTS, "all day|all_day|ganztägig|ganztags"},
    {COL_ONLINE, EVENTS, "online"},
};

static int name_in(const char *name, size_t len, const char *names)
{
    for (const char *p = names; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncasecmp(p, name, n) == 0)
            return 1;
        p = bar ? bar + 1 : p + n;
    }
    return 0;
}

int otr_csv_is_text_column(otr_csv_column col)
{
    return col == COL_NAME || col == COL_DESCRIPTION || col == COL_TITLE ||
           col == COL_TEXT;
}

int otr_csv_parse_header(const char *cell, int kind, const otr_site *site,
                         otr_csv_header *out)
{
    size_t len = strlen(cell);
    while (len && isspace((unsigned char)cell[len - 1]))
        len--;
    while (len && isspace((unsigned char)*cell)) {
        cell++;
        len--;
    }
    /* A language at the end: "(ar)", "_ar", " ar", "-ar". */
    const char *lang = NULL;
    size_t base = len;
    for (size_t s = 0; s < site->language_count && !lang; s++) {
        const char *code = site->languages[s].code;
        size_t n = strlen(code);
        if (len > n + 2 && cell[len - 1] == ')' && cell[len - n - 2] == '(' &&
            strncasecmp(cell + len - n - 1, code, n) == 0) {
            lang = code;
            base = len - n - 2;
        } else if (len > n + 1 && strchr(" _-", cell[len - n - 1]) &&
                   strncasecmp(cell + len - n, code, n) == 0) {
            lang = code;
            base = len - n - 1;
        }
    }
    while (base && strchr(" _-", cell[base - 1]))
        base--;
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        if (!(headers[i].kinds & kind))
            continue;
        otr_csv_column col = headers[i].col;
        if (name_in(cell, len, headers[i].names)) {
            *out = (otr_csv_header){col, NULL};
            return 0;
        }
        if (lang && otr_csv_is_text_column(col) &&
            name_in(cell, base, headers[i].names)) {
            *out = (otr_csv_header){col, lang};
            return 0;
        }
    }
    return -1;
}

void otr_csv_column_letters(size_t index, char out[8])
{
    char tmp[8];
    size_t n = 0;
    index++;
    while (index > 0 && n < 7) {
        index--;
        tmp[n++] = (char)('A' + index % 26);
        index /= 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
