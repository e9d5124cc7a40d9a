/* `outreach import csv`: offers or events from a spreadsheet saved as CSV
 * by LibreOffice or Excel, into a file of their own beside the hand-written
 * ones. The only file that sees libcsv. */
#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory.h"
#include "dynlib.h"
#include "import.h"
#include "import_csv.h"
#include "outreach.h"
#include "project.h"
#include "recurrence.h"
#include "url.h"
#include "util.h"

#define CSV_MAX_BYTES (16u * 1024u * 1024u)

/* libcsv is loaded by this command alone (dynlib.h). */
#define CSV_FUNCTIONS(X)                                                       \
    X(csv_error)                                                               \
    X(csv_fini)                                                                \
    X(csv_free)                                                                \
    X(csv_init)                                                                \
    X(csv_parse)                                                               \
    X(csv_set_delim)                                                           \
    X(csv_strerror)
OTR_DYNLIB(libcsv, "libcsv.so.3", "libcsv3", CSV_FUNCTIONS);

/* ---- Reading the cells --------------------------------------------------- */

typedef struct {
    char **cells;
    size_t count, cap;
} csv_row;

typedef struct {
    csv_row *rows;
    size_t count, cap;
    csv_row current;
} csv_table;

static void on_field(void *data, size_t len, void *user)
{
    csv_table *t = user;
    csv_row *r = &t->current;
    r->cells = otr_grow(r->cells, &r->cap, r->count + 1, sizeof(char *));
    char *cell = otr_xstrndup(data ? data : "", data ? len : 0);
    /* Line breaks inside a cell as Windows writes them: "\r\n" -> "\n". */
    char *to = cell;
    for (const char *from = cell; *from; from++)
        if (!(*from == '\r' && from[1] == '\n'))
            *to++ = *from;
    *to = '\0';
    r->cells[r->count++] = cell;
}

static void on_row(int end, void *user)
{
    (void)end;
    csv_table *t = user;
    t->rows = otr_grow(t->rows, &t->cap, t->count + 1, sizeof(csv_row));
    t->rows[t->count++] = t->current;
    memset(&t->current, 0, sizeof(t->current));
}

static void free_table(csv_table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        for (size_t c = 0; c < t->rows[i].count; c++)
            free(t->rows[i].cells[c]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    for (size_t c = 0; c < t->current.count; c++)
        free(t->current.cells[c]);
    free(t->current.cells);
}

/* The separator of the header line: the one of ';' and ',' that occurs
 * more often outside quotes (LibreOffice and a German Excel write ';'). */
static unsigned char separator(const char *text, size_t len)
{
    size_t semicolons = 0, commas = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && (quoted || text[i] != '\n'); i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && text[i] == ';')
            semicolons++;
        else if (!quoted && text[i] == ',')
            commas++;
    }
    return semicolons > commas ? ';' : ',';
}

/* 1 for well-formed UTF-8; else *BAD_AT is the offset of the first bad
 * byte. */
static int valid_utf8(const unsigned char *s, size_t len, size_t *bad_at)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80         ? 1
                   : (c >> 5) == 6  ? 2
                   : (c >> 4) == 14 ? 3
                   : (c >> 3) == 30 ? 4
                                    : 0;
        if (n == 0 || i + n > len) {
            *bad_at = i;
            return 0;
        }
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                *bad_at = i;
                return 0;
            }
        }
        i += n;
    }
    return 1;
}

/* ---- Columns ------------------------------------------------------------- */

typedef otr_csv_column column;
typedef otr_csv_header header;

/* ---- Rows ---------------------------------------------------------------- */

typedef struct {
    const char *file;
    const otr_project *project;
    otr_diags *diags;
    int events;
    header *headers;
    size_t header_count;
    char **header_names;
    size_t row; /* 1-based, the header is row 1 */
    int failed;
    otr_strset ids;
    char **id_store;
    size_t id_count, id_cap;
} reader;

static void cell_error(reader *r, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void cell_error(reader *r, size_t col, const char *fmt, ...)
{
    char letters[8];
    otr_csv_column_letters(col, letters);
    va_list ap;
    va_start(ap, fmt);
    otr_buf message = {0};
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    otr_buf_printf(&message, "row %zu, column %s (%s): %s", r->row, letters,
                   col < r->header_count ? r->header_names[col] : "?", text);
    otr_error_at(r->diags, ((otr_mark){r->file, 0, 0}), 680, "%s",
                 message.data);
    otr_buf_free(&message);
    r->failed = 1;
}

/* The cell of COL in ROW (trimmed), its index in *AT, or NULL when the
 * table has no such column or the cell is empty. */
static const char *cell(const reader *r, const csv_row *row, column col,
                        size_t *at)
{
    for (size_t i = 0; i < r->header_count && i < row->count; i++) {
        if (r->headers[i].col == col && !r->headers[i].lang &&
            row->cells[i][0]) {
            if (at)
                *at = i;
            return row->cells[i];
        }
    }
    return NULL;
}

/* Reports a control character in the cell TEXT of column COL (a
 * spreadsheet cell may hold line breaks and tabs, nothing else of the
 * kind: an escape sequence would run in the terminal of whoever lists the
 * records). Returns 1 when there is one. */
static int control_in_cell(reader *r, const char *text, size_t col)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xc0) != 0x80)
            chars++;
        unsigned c = *p;
        if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            c = p[1]; /* C1, U+0080..U+009F */
        else if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t' ||
                 c == '\r')
            continue;
        cell_error(r, col,
                   "an invisible control character (U+%04X) at character "
                   "%zu; delete it in the spreadsheet",
                   c, chars);
        return 1;
    }
    return 0;
}

static void trim(char *s)
{
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    size_t lead = strspn(s, " \t\r\n");
    memmove(s, s + lead, len - lead + 1);
}

/* "ja", "x", "yes", "true", "1" or "nein", "no", "false", "0", "". */
static int yes_no(reader *r, const csv_row *row, column col)
{
    size_t at = 0;
    const char *text = cell(r, row, col, &at);
    if (!text)
        return 0;
    static const char *const yes[] = {"ja", "x", "yes", "true", "1", "j", "y"};
    static const char *const no[] = {"nein", "no", "false", "0", "n", "-"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcasecmp(text, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcasecmp(text, no[i]) == 0)
            return 0;
    cell_error(r, at, "\"%s\" is neither yes nor no (write ja or nein)", text);
    return 0;
}

static void put_string(otr_buf *out, const char *key, const char *value)
{
    otr_buf_printf(out, "  %s: ", key);
    otr_yaml_quote(out, value);
    otr_buf_puts(out, "\n");
}

/* A text per language from the columns of COL ("Beschreibung (ar)"); a
 * column without a language is the site's first language. */
static int put_texts(reader *r, otr_buf *out, const csv_row *row, column col,
                     const char *key)
{
    otr_buf texts = {0};
    int count = 0;
    const otr_site *site = &r->project->site;
    for (size_t i = 0; i < r->header_count && i < row->count; i++) {
        if (r->headers[i].col != col || !row->cells[i][0])
            continue;
        const char *lang =
            r->headers[i].lang ? r->headers[i].lang : site->languages[0].code;
        otr_buf_printf(&texts, "    %s: ", lang);
        otr_yaml_quote(&texts, row->cells[i]);
        otr_buf_puts(&texts, "\n");
        count++;
    }
    if (count)
        otr_buf_printf(out, "  %s:\n%s", key, texts.data);
    otr_buf_free(&texts);
    return count;
}

/* A decimal number, with a comma or a point: "50,9795". */
static int number(reader *r, const csv_row *row, column col, double min,
                  double max, double *out)
{
    size_t at = 0;
    const char *text = cell(r, row, col, &at);
    if (!text)
        return -1;
    char *copy = otr_xstrdup(text);
    for (char *p = copy; *p; p++)
        if (*p == ',')
            *p = '.';
    char *end;
    *out = strtod(copy, &end);
    int ok = end != copy && *end == '\0' && *out >= min && *out <= max;
    free(copy);
    if (!ok)
        cell_error(r, at, "\"%s\" is not a number from %g to %g", text, min,
                   max);
    return ok ? 0 : -1;
}

/* A lowercase id from a name: "Sprachcafé Mosaik" -> "sprachcafe-mosaik". */
static char *id_from(const char *name)
{
    static const struct {
        const char *utf8, *ascii;
    } letters[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"ß", "ss"},
                   {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"}, {"é", "e"},
                   {"è", "e"},  {"à", "a"},  {"ç", "c"}};
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    for (const char *p = name; *p && out.len < 56;) {
        size_t matched = 0;
        for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
            size_t n = strlen(letters[i].utf8);
            if (strncmp(p, letters[i].utf8, n) == 0) {
                otr_buf_puts(&out, letters[i].ascii);
                matched = n;
                break;
            }
        }
        if (matched) {
            p += matched;
        } else if (isalnum((unsigned char)*p) && (unsigned char)*p < 0x80) {
            char c = (char)tolower((unsigned char)*p);
            otr_buf_append(&out, &c, 1);
            p++;
        } else {
            if (out.len && out.data[out.len - 1] != '-')
                otr_buf_puts(&out, "-");
            p++;
        }
    }
    while (out.len && out.data[out.len - 1] == '-')
        out.data[--out.len] = '\0';
    return otr_buf_take(&out);
}

static char *row_id(reader *r, const csv_row *row, const char *name)
{
    size_t at = 0;
    const char *given = cell(r, row, COL_ID, &at);
    char *id;
    if (given) {
        if (!otr_valid_id(given)) {
            cell_error(r, at,
                       "id \"%s\" may hold only lowercase letters a-z, "
                       "digits and single hyphens",
                       given);
            return NULL;
        }
        id = otr_xstrdup(given);
    } else {
        char *base = id_from(name ? name : "");
        id = *base ? otr_xasprintf("csv-%s", base)
                   : otr_xasprintf("csv-row-%zu", r->row);
        free(base);
    }
    size_t first;
    r->id_store =
        otr_grow(r->id_store, &r->id_cap, r->id_count + 1, sizeof(char *));
    r->id_store[r->id_count++] = id;
    if (otr_strset_add(&r->ids, id, strlen(id), r->row, &first)) {
        if (given)
            cell_error(r, at, "id \"%s\" is used in row %zu already", id,
                       first);
        else {
            char *numbered = otr_xasprintf("%s-%zu", id, r->row);
            r->id_store = otr_grow(r->id_store, &r->id_cap, r->id_count + 1,
                                   sizeof(char *));
            r->id_store[r->id_count++] = numbered;
            otr_strset_add(&r->ids, numbered, strlen(numbered), r->row, &first);
            return otr_xstrdup(numbered);
        }
        return NULL;
    }
    return otr_xstrdup(id);
}

static void put_common(reader *r, otr_buf *out, const csv_row *row,
                       const char *indent)
{
    size_t at = 0;
    const char *street = cell(r, row, COL_STREET, NULL);
    const char *postcode = cell(r, row, COL_POSTCODE, &at);
    const char *town = cell(r, row, COL_TOWN, NULL);
    if (postcode &&
        (strlen(postcode) != 5 || strspn(postcode, "0123456789") != 5))
        cell_error(r, at,
                   "postcode \"%s\" is not five digits (format the column "
                   "as text, so 07743 keeps its 0)",
                   postcode);
    otr_buf_printf(out, "%saddress: {street: ", indent);
    otr_yaml_quote(out, street ? street : "");
    otr_buf_puts(out, ", postcode: ");
    otr_yaml_quote(out, postcode ? postcode : "");
    otr_buf_puts(out, ", town: ");
    otr_yaml_quote(out, town ? town : "");
    otr_buf_puts(out, "}\n");
    double lat = 0, lon = 0;
    int have = number(r, row, COL_LAT, -90, 90, &lat) == 0;
    have &= number(r, row, COL_LON, -180, 180, &lon) == 0;
    /* Where the site's records lie (site.yaml "bounding_box"): a position
     * outside is most often latitude and longitude swapped. */
    const otr_site *site = &r->project->site;
    if (have && lat == 0 && lon == 0) {
        /* What a form or a spreadsheet leaves when no position was set. */
        cell(r, row, COL_LAT, &at);
        cell_error(r, at,
                   "0, 0 is a placeholder, not the place's position: give "
                   "its latitude and longitude (from a map)");
        have = 0;
    }
    if (have && site->has_box &&
        (lat < site->south || lat > site->north || lon < site->west ||
         lon > site->east)) {
        cell(r, row, COL_LAT, &at);
        int swapped = lon >= site->south && lon <= site->north &&
                      lat >= site->west && lat <= site->east;
        cell_error(r, at,
                   "%g, %g lies outside the site's region (bounding_box in "
                   "site.yaml: latitude %g to %g, longitude %g to %g)%s",
                   lat, lon, site->south, site->north, site->west, site->east,
                   swapped ? ": are latitude and longitude swapped?"
                           : ": check the position on a map");
        have = 0;
    }
    if (have)
        otr_buf_printf(out, "%sgeo: {lat: %.7f, lon: %.7f}\n", indent, lat,
                       lon);
}

/* Every cell of COLS must be filled in (for a text column: in some
 * language). */
static void check_required(reader *r, const csv_row *row, const column *cols,
                           const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        size_t first = (size_t)-1;
        int filled = 0;
        for (size_t c = 0; c < r->header_count; c++) {
            if (r->headers[c].col != cols[i])
                continue;
            if (first == (size_t)-1)
                first = c;
            filled |= c < row->count && row->cells[c][0];
        }
        if (!filled && first != (size_t)-1)
            cell_error(r, first, "empty, but every %s needs its %s",
                       r->events ? "event" : "offer", names[i]);
    }
}

/* Reports the columns every record needs that the table lacks. */
static void check_columns(reader *r, const column *cols,
                          const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int found = 0;
        for (size_t c = 0; c < r->header_count && !found; c++)
            found = r->headers[c].col == cols[i];
        if (!found) {
            otr_error_at(r->diags, ((otr_mark){r->file, 1, 0}), 681,
                         "row 1: there is no column for the %s (name one "
                         "\"%s\"; docs/import.md lists the names)",
                         names[i], names[i]);
            r->failed = 1;
        }
    }
}

static const column offer_required[] = {
    COL_CATEGORY, COL_NAME,     COL_DESCRIPTION, COL_STREET, COL_POSTCODE,
    COL_TOWN,     COL_DISTRICT, COL_LAT,         COL_LON,    COL_LANGUAGES};
static const char *const offer_required_names[] = {
    "category", "name",     "description", "street",    "postcode",
    "town",     "district", "latitude",    "longitude", "languages"};

static const char *const weekdays[7] = {"mon", "tue", "wed", "thu",
                                        "fri", "sat", "sun"};

static void put_hours(reader *r, otr_buf *out, const csv_row *row)
{
    otr_buf hours = {0};
    for (int d = 0; d < 7; d++) {
        size_t at = 0;
        const char *text = cell(r, row, (column)(COL_MON + d), &at);
        if (!text)
            continue;
        otr_buf list = {0};
        otr_buf_puts(&list, "");
        char *copy = otr_xstrdup(text);
        int last_end = -1;
        for (char *part = strtok(copy, ",;\n"); part;
             part = strtok(NULL, ",;\n")) {
            trim(part);
            /* "9:00 - 12:00", "09.00-12.00" and "9-12" as well. */
            int h1, m1 = 0, h2, m2 = 0;
            char tail;
            if (sscanf(part, "%d:%d - %d:%d%c", &h1, &m1, &h2, &m2, &tail) !=
                    4 &&
                sscanf(part, "%d.%d - %d.%d%c", &h1, &m1, &h2, &m2, &tail) !=
                    4 &&
                (m1 = m2 = 0, sscanf(part, "%d - %d%c", &h1, &h2, &tail)) !=
                    2) {
                cell_error(r, at,
                           "\"%s\" is not opening hours like "
                           "\"09:00-12:00, 14:00-16:00\"",
                           part);
                continue;
            }
            char range[16];
            snprintf(range, sizeof range, "%02d:%02d-%02d:%02d", h1 % 100,
                     m1 % 100, h2 % 100, m2 % 100);
            otr_time_range parsed;
            if (otr_parse_time_range(range, &parsed) < 0 ||
                parsed.start < last_end) {
                cell_error(r, at,
                           "\"%s\" is not a time range after the day's "
                           "earlier ones",
                           part);
                continue;
            }
            last_end = parsed.end;
            otr_buf_printf(&list, "%s\"%s\"", list.len ? ", " : "", range);
        }
        free(copy);
        if (list.len)
            otr_buf_printf(&hours, "    %s: [%s]\n", weekdays[d], list.data);
        otr_buf_free(&list);
    }
    if (hours.len)
        otr_buf_printf(out, "  hours:\n%s", hours.data);
    otr_buf_free(&hours);
}

static void put_category(reader *r, otr_buf *out, const csv_row *row,
                         int required)
{
    size_t at = 0;
    const char *category = cell(r, row, COL_CATEGORY, &at);
    if (!category)
        return;
    const otr_directory *dir = &r->project->directory;
    const char *id = NULL;
    /* The category's id, or its name in any language. */
    for (size_t i = 0; i < dir->category_count && !id; i++) {
        const otr_category *c = &dir->categories[i];
        if (strcasecmp(c->id, category) == 0)
            id = c->id;
        for (size_t k = 0; k < c->name.count && !id; k++)
            if (strcasecmp(c->name.entries[k].text, category) == 0)
                id = c->id;
    }
    if (id)
        otr_buf_printf(out, "  category: %s\n", id);
    else if (required || category)
        cell_error(r, at,
                   "there is no category \"%s\" (write one of the "
                   "names of `outreach list categories`)",
                   category);
}

static char *offer_row(reader *r, const csv_row *row, char **id_out)
{
    check_required(r, row, offer_required, offer_required_names,
                   sizeof offer_required / sizeof offer_required[0]);
    const char *name = cell(r, row, COL_NAME, NULL);
    char *id = row_id(r, row, name);
    if (!id)
        return NULL;
    otr_buf out = {0};
    otr_buf_printf(&out, "- id: %s\n", id);
    put_category(r, &out, row, 1);
    if (name)
        put_string(&out, "name", name);
    put_texts(r, &out, row, COL_DESCRIPTION, "description");
    put_common(r, &out, row, "  ");
    const char *district = cell(r, row, COL_DISTRICT, NULL);
    if (district)
        put_string(&out, "district", district);
    size_t at = 0;
    const char *phone = cell(r, row, COL_PHONE, &at);
    if (phone && !otr_valid_phone(phone))
        cell_error(r, at,
                   "\"%s\" does not look like a phone number (write it "
                   "like +49 361 555 0142)",
                   phone);
    else if (phone)
        put_string(&out, "phone", phone);
    const char *email = cell(r, row, COL_EMAIL, &at);
    if (email && !otr_valid_email(email))
        cell_error(r, at, "\"%s\" does not look like an e-mail address", email);
    else if (email)
        put_string(&out, "email", email);
    const char *website = cell(r, row, COL_WEBSITE, &at);
    if (website && !otr_url_is_web(website))
        cell_error(r, at, "\"%s\" must start with https:// or http://",
                   website);
    else if (website)
        put_string(&out, "website", website);
    put_hours(r, &out, row);
    if (yes_no(r, row, COL_APPOINTMENT))
        otr_buf_puts(&out, "  by_appointment: true\n");
    const char *langs = cell(r, row, COL_LANGUAGES, &at);
    if (langs) {
        otr_buf list = {0};
        otr_buf_puts(&list, "");
        char *copy = otr_xstrdup(langs);
        for (char *code = strtok(copy, ",; /"); code;
             code = strtok(NULL, ",; /")) {
            size_t n = strlen(code);
            int valid = n >= 2 && n <= 3;
            for (size_t k = 0; valid && k < n; k++)
                valid = islower((unsigned char)code[k]);
            if (!valid)
                cell_error(r, at,
                           "\"%s\" is not a language code (two or three "
                           "lowercase letters, e.g. de, ar, ckb)",
                           code);
            else
                otr_buf_printf(&list, "%s%s", list.len ? ", " : "", code);
        }
        free(copy);
        otr_buf_printf(&out, "  languages: [%s]\n", list.data);
        otr_buf_free(&list);
    }
    *id_out = id;
    return otr_buf_take(&out);
}

static const column event_required[] = {COL_TITLE, COL_DISTRICT, COL_ORGANIZER};
static const char *const event_required_names[] = {"title", "district",
                                                   "organizer"};

/* START (and END) as ISO 8601 with offset, or "18.03.2027 18:00" / a date
 * and a time in two columns, local time in the site's time zone
 * (site.yaml "timezone"). */
static int event_time(reader *r, const csv_row *row, column date_col,
                      column time_col, const char *fallback_date, char out[64],
                      size_t *at_out)
{
    size_t at = 0, date_at = 0;
    const char *time_text = cell(r, row, time_col, &at);
    const char *date_text = cell(r, row, date_col, &date_at);
    if (!date_text)
        date_text = fallback_date;
    if (time_text) {
        otr_datetime iso;
        if (otr_parse_datetime(time_text, &iso) == 0) {
            snprintf(out, 64, "%s", time_text);
            *at_out = at;
            return 0;
        }
    }
    if (!date_text) {
        cell_error(r, time_text ? at : date_at,
                   "no date: write it like 18.03.2027 or 2027-03-18");
        return -1;
    }
    int y, mo, d, h = 0, mi = 0;
    char tail;
    const char *day = date_text;
    if (!(sscanf(day, "%d.%d.%d%c", &d, &mo, &y, &tail) == 3 ||
          sscanf(day, "%d-%d-%d%c", &y, &mo, &d, &tail) == 3) ||
        y < 1970 || y > 2200) {
        cell_error(r, date_at, "\"%s\" is not a date like 18.03.2027",
                   date_text);
        return -1;
    }
    if (time_text && sscanf(time_text, "%d:%d%c", &h, &mi, &tail) != 2 &&
        sscanf(time_text, "%d.%d%c", &h, &mi, &tail) != 2) {
        cell_error(r, at, "\"%s\" is not a time like 18:00", time_text);
        return -1;
    }
    char iso[40];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:00Z", y % 10000,
             mo % 100, d % 100, h % 100, mi % 100);
    otr_datetime wall;
    if (otr_parse_datetime(iso, &wall) < 0 || h > 23 || mi > 59) {
        cell_error(r, time_text ? at : date_at, "there is no such day or time");
        return -1;
    }
    const char *zone = r->project->site.timezone;
    int64_t utc;
    int offset;
    if (!zone || otr_zone_to_utc(zone, wall.utc, &utc, &offset) < 0) {
        cell_error(r, time_text ? at : date_at,
                   "a time without its UTC offset needs the site's time "
                   "zone: add \"timezone: Europe/Berlin\" (or yours) to "
                   "site.yaml, or write it like 2027-03-18T18:00:00+01:00");
        return -1;
    }
    int a = offset < 0 ? -offset : offset;
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", y % 10000,
             mo % 100, d % 100, h % 100, mi % 100, offset < 0 ? '-' : '+',
             a / 60, a % 60);
    *at_out = time_text ? at : date_at;
    return 0;
}

static char *event_row(reader *r, const csv_row *row, char **id_out)
{
    check_required(r, row, event_required, event_required_names,
                   sizeof event_required / sizeof event_required[0]);
    const char *title = NULL;
    for (size_t i = 0; i < r->header_count && i < row->count && !title; i++)
        if (r->headers[i].col == COL_TITLE && row->cells[i][0])
            title = row->cells[i];
    char *id = row_id(r, row, title);
    if (!id)
        return NULL;
    otr_buf out = {0};
    otr_buf_printf(&out, "- id: %s\n", id);
    put_category(r, &out, row, 0);
    put_texts(r, &out, row, COL_TITLE, "title");
    put_texts(r, &out, row, COL_TEXT, "text");
    char start[64] = "", end[64] = "";
    size_t start_at = 0, end_at = 0;
    int all_day = yes_no(r, row, COL_ALL_DAY);
    const char *date = cell(r, row, COL_DATE, NULL);
    if (event_time(r, row, COL_DATE, COL_START, NULL, start, &start_at) == 0 &&
        event_time(r, row, COL_END_DATE, COL_END, date, end, &end_at) == 0) {
        otr_datetime s, e;
        otr_parse_datetime(start, &s);
        otr_parse_datetime(end, &e);
        if (all_day && e.utc <= s.utc) {
            /* An all-day event given by its date alone lasts the day. */
            e.utc = s.utc + 86400 - 60;
            char *iso = otr_xasprintf("%.10sT23:59:00%s", start, start + 19);
            snprintf(end, sizeof end, "%s", iso);
            free(iso);
        } else if (e.utc <= s.utc) {
            cell_error(r, end_at, "the event ends (%s) before it starts (%s)",
                       end, start);
        }
        otr_buf_printf(&out, "  start: \"%s\"\n  end: \"%s\"\n", start, end);
    }
    if (all_day)
        otr_buf_puts(&out, "  all_day: true\n");
    if (yes_no(r, row, COL_ONLINE)) {
        otr_buf_puts(&out, "  online: true\n");
    } else {
        size_t at = 0;
        const char *venue = cell(r, row, COL_VENUE, &at);
        otr_buf_puts(&out, "  venue:\n");
        otr_buf_puts(&out, "    name: ");
        otr_yaml_quote(&out, venue ? venue : "");
        otr_buf_puts(&out, "\n");
        static const column where[] = {COL_VENUE, COL_STREET, COL_POSTCODE,
                                       COL_TOWN,  COL_LAT,    COL_LON};
        static const char *const where_names[] = {
            "venue", "street", "postcode", "town", "latitude", "longitude"};
        check_required(r, row, where, where_names, 6);
        put_common(r, &out, row, "    ");
    }
    const char *district = cell(r, row, COL_DISTRICT, NULL);
    if (district)
        put_string(&out, "district", district);
    const char *organizer = cell(r, row, COL_ORGANIZER, NULL);
    if (organizer)
        put_string(&out, "organizer", organizer);
    *id_out = id;
    return otr_buf_take(&out);
}

/* ---- The whole import ---------------------------------------------------- */

static char *read_file(const char *path, size_t *len, otr_diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 682,
                     "cannot open the spreadsheet file");
        return NULL;
    }
    otr_buf buf = {0};
    otr_buf_puts(&buf, "");
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
           buf.len <= CSV_MAX_BYTES)
        otr_buf_append(&buf, chunk, n);
    fclose(f);
    if (buf.len > CSV_MAX_BYTES) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 683,
                     "the file is larger than 16 MiB: not a list of offers "
                     "or events");
        otr_buf_free(&buf);
        return NULL;
    }
    *len = buf.len;
    return otr_buf_take(&buf);
}

int otr_import_csv(const otr_paths *paths, const char *file, const char *kind,
                   size_t max_file_bytes, FILE *report, otr_diags *diags)
{
    int events = strcmp(kind, "events") == 0;
    /* Events are read in the site's time zone, with libical. */
    const char *unloadable = otr_dynlib_load(&libcsv);
    if (!unloadable && events)
        unloadable = otr_recurrence_load();
    if (unloadable) {
        otr_diags_error(diags, 604, "cannot import: %s", unloadable);
        return -1;
    }
    size_t len = 0;
    char *text = read_file(file, &len, diags);
    if (!text)
        return -1;
    const char *body = text;
    if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
        body += 3; /* the byte order mark Excel writes */
        len -= 3;
    }
    size_t bad_at;
    if (!valid_utf8((const unsigned char *)body, len, &bad_at)) {
        int line = 1;
        for (size_t i = 0; i < bad_at; i++)
            line += body[i] == '\n';
        otr_error_at(diags, ((otr_mark){file, line, 0}), 684,
                     "the file is not UTF-8: save it again as \"CSV UTF-8\" "
                     "(Excel) or with the character set Unicode (UTF-8) "
                     "(LibreOffice)");
        free(text);
        return -1;
    }
    otr_project *project = otr_import_load_content(paths, diags);
    if (!project) {
        free(text);
        return -1;
    }
    csv_table table = {0};
    struct csv_parser parser;
    lib.csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    lib.csv_set_delim(&parser, separator(body, len));
    int status = -1;
    reader r = {0};
    otr_import_file out = {0};
    if (lib.csv_parse(&parser, body, len, on_field, on_row, &table) != len ||
        lib.csv_fini(&parser, on_field, on_row, &table) != 0) {
        otr_error_at(diags, ((otr_mark){file, 0, 0}), 685,
                     "row %zu: %s (a quote that is not closed?)",
                     table.count + 1, lib.csv_strerror(lib.csv_error(&parser)));
        goto done;
    }
    if (table.count < 2) {
        otr_error_at(diags, ((otr_mark){file, 0, 0}), 686,
                     "there is no row under the header row");
        goto done;
    }
    r = (reader){file, project, diags, events, NULL, 0, NULL,
                 1,    0,       {0},   NULL,   0,    0};
    csv_row *head = &table.rows[0];
    r.header_count = head->count;
    r.headers = otr_xcalloc(head->count + 1, sizeof(header));
    r.header_names = head->cells;
    for (size_t c = 0; c < head->count; c++) {
        trim(head->cells[c]);
        if (otr_csv_parse_header(head->cells[c], events ? EVENTS : OFFERS,
                                 &project->site, &r.headers[c]) < 0) {
            r.headers[c].col = COL_COUNT;
            char letters[8];
            otr_csv_column_letters(c, letters);
            if (head->cells[c][0]) {
                /* The report goes to a terminal: the cell is the table's. */
                char *shown = otr_escape_controls(head->cells[c]);
                fprintf(report, "column %s (%s): not a known name, left out\n",
                        letters, shown);
                free(shown);
            }
        }
    }
    if (events)
        check_columns(&r, event_required, event_required_names, 3);
    else
        check_columns(&r, offer_required, offer_required_names,
                      sizeof offer_required / sizeof offer_required[0]);
    if (r.failed)
        goto done;
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char *stem = otr_xstrndup(base, strcspn(base, "."));
    char *slug = id_from(stem);
    free(stem);
    out.kind = events ? "events" : "offers";
    out.noun = events ? "event" : "offer";
    out.name = otr_xasprintf("csv-%s.yaml", *slug ? slug : "table");
    out.title = "Imported from a spreadsheet.";
    free(slug);
    for (size_t i = 1; i < table.count; i++) {
        csv_row *row = &table.rows[i];
        r.row = i + 1;
        int empty = 1;
        for (size_t c = 0; c < row->count; c++) {
            trim(row->cells[c]);
            empty &= row->cells[c][0] == '\0';
        }
        if (empty)
            continue;
        int controls = 0;
        for (size_t c = 0; c < row->count && c < r.header_count; c++)
            if (r.headers[c].col != COL_COUNT)
                controls |= control_in_cell(&r, row->cells[c], c);
        if (controls)
            continue;
        char *id = NULL;
        char *yaml = events ? event_row(&r, row, &id) : offer_row(&r, row, &id);
        if (yaml)
            otr_import_add(&out, id, yaml);
    }
    if (r.failed) {
        otr_error_at(diags, ((otr_mark){file, 0, 0}), 687,
                     "nothing was imported: correct the cells above in the "
                     "spreadsheet, save it as CSV again and import again");
        goto done;
    }
    fprintf(report, "%s: %zu %s(s) read\n", file, out.count, out.noun);
    status = otr_import_commit(paths->content_dir, paths->layouts_dir, &out, 1,
                               max_file_bytes, report, diags);
done:
    lib.csv_free(&parser);
    if (out.name)
        otr_import_file_clear(&out);
    free(r.headers);
    for (size_t i = 0; i < r.id_count; i++)
        free(r.id_store[i]);
    free(r.id_store);
    otr_strset_free(&r.ids);
    free_table(&table);
    otr_project_free(project);
    free(text);
    return status;
}
