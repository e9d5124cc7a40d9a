#include "directory.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "util.h"

/* ---- Field checks -------------------------------------------------------- */

int otr_valid_id(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > 64 || id[0] == '-' || id[len - 1] == '-')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
        if (c == '-' && id[i + 1] == '-')
            return 0;
    }
    return 1;
}

int otr_valid_phone(const char *phone)
{
    int digits = 0;
    if (phone[0] != '+' && phone[0] != '0')
        return 0;
    for (const char *p = phone; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (!strchr(" /-()", *p) && !(*p == '+' && p == phone))
            return 0;
    }
    return digits >= 6 && digits <= 15; /* E.164 allows 15 at most */
}

int otr_valid_email(const char *email)
{
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@'))
        return 0;
    for (const char *p = email; p < at; p++) {
        if ((unsigned char)*p <= ' ' || strchr("\"(),:;<>[\\]", *p))
            return 0;
    }
    const char *domain = at + 1;
    const char *dot = strrchr(domain, '.');
    if (!dot || dot == domain || dot[1] == '\0')
        return 0;
    for (const char *p = domain; *p; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '.'))
            return 0;
        if (*p == '.' && (p[1] == '.' || p == domain))
            return 0;
    }
    return 1;
}

static int digits(const char *s, int count, int *out)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        value = value * 10 + (s[i] - '0');
    }
    *out = value;
    return 0;
}

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
    if (digits(p, 4, &y) || p[4] != '-' || digits(p + 5, 2, &mo) ||
        p[7] != '-' || digits(p + 8, 2, &d) || p[10] != 'T' ||
        digits(p + 11, 2, &h) || p[13] != ':' || digits(p + 14, 2, &mi))
        return -1;
    p += 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &s))
            return -1;
        p += 3;
    }
    int offset;
    if (*p == 'Z' && p[1] == '\0') {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 14 ||
            om > 59)
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

int otr_parse_time_range(const char *text, otr_time_range *out)
{
    int h1, m1, h2, m2;
    if (strlen(text) != 11 || digits(text, 2, &h1) || text[2] != ':' ||
        digits(text + 3, 2, &m1) || text[5] != '-' ||
        digits(text + 6, 2, &h2) || text[8] != ':' || digits(text + 9, 2, &m2))
        return -1;
    if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 == 24 && m2 != 0))
        return -1;
    out->start = h1 * 60 + m1;
    out->end = h2 * 60 + m2;
    return out->start < out->end ? 0 : -1;
}

/* ---- Loading ------------------------------------------------------------- */

typedef struct {
    const otr_site *site;
    otr_diags *diags;
    int errors;
    const char *content_dir;
    const char *what; /* the kind of record being read: "an offer" */
} loader;

static const char *string_field(loader *ld, const otr_node *map,
                                const char *key, const char *what, int required)
{
    const otr_node *node = otr_map_get(map, key);
    if (!node) {
        if (required) {
            otr_report_missing(map, key, what, ld->diags);
            ld->errors++;
        }
        return NULL;
    }
    char *label = otr_xasprintf("\"%s\"", key);
    const char *text = otr_expect_string(node, label, 1, ld->diags);
    free(label);
    if (!text)
        ld->errors++;
    return text;
}

static char *language_list(const otr_site *site)
{
    otr_buf out = {0};
    for (size_t i = 0; i < site->language_count; i++)
        otr_buf_printf(&out, "%s%s", i ? ", " : "", site->languages[i].code);
    return otr_buf_take(&out);
}

/* NODE is either a text that is the same in every language, or a map from
 * site language codes to texts. */
static void load_i18n(loader *ld, const otr_node *node, const char *what,
                      int allow_neutral, otr_i18n *out)
{
    memset(out, 0, sizeof(*out));
    out->mark = node->mark;
    if (node->kind == OTR_NODE_SCALAR && allow_neutral) {
        const char *text = otr_expect_string(node, what, 1, ld->diags);
        if (!text) {
            ld->errors++;
            return;
        }
        out->entries = otr_xmalloc(sizeof(otr_text_entry));
        out->entries[0] = (otr_text_entry){NULL, text, node->mark};
        out->count = 1;
        return;
    }
    if (node->kind != OTR_NODE_MAP) {
        otr_error_at(ld->diags, node->mark, 230,
                     "%s must be a map of language codes to texts%s", what,
                     allow_neutral ? ", or one text for all languages" : "");
        ld->errors++;
        return;
    }
    out->entries = otr_xcalloc(node->count / 2 + 1, sizeof(otr_text_entry));
    for (size_t i = 0; i + 1 < node->count; i += 2) {
        const otr_node *key = node->children[i];
        const otr_node *value = node->children[i + 1];
        if (!otr_site_language(ld->site, key->text)) {
            char *known = language_list(ld->site);
            otr_error_at(ld->diags, key->mark, 231,
                         "\"%s\" is not one of the site's languages (%s)",
                         key->text, known);
            free(known);
            ld->errors++;
            continue;
        }
        const char *text = otr_expect_string(value, what, 1, ld->diags);
        if (!text) {
            ld->errors++;
            continue;
        }
        out->entries[out->count++] =
            (otr_text_entry){key->text, text, value->mark};
    }
    if (out->count == 0 && node->count == 0) {
        otr_error_at(ld->diags, node->mark, 232, "%s has no text", what);
        ld->errors++;
    }
}

static void i18n_field(loader *ld, const otr_node *map, const char *key,
                       const char *what, int required, int allow_neutral,
                       otr_i18n *out)
{
    memset(out, 0, sizeof(*out));
    const otr_node *node = otr_map_get(map, key);
    if (!node) {
        if (required) {
            otr_report_missing(map, key, what, ld->diags);
            ld->errors++;
        }
        return;
    }
    char *label = otr_xasprintf("\"%s\"", key);
    load_i18n(ld, node, label, allow_neutral, out);
    free(label);
}

const otr_text_entry *otr_i18n_find(const otr_i18n *text, const char *lang)
{
    const otr_text_entry *neutral = NULL;
    for (size_t i = 0; i < text->count; i++) {
        if (!text->entries[i].lang)
            neutral = &text->entries[i];
        else if (strcmp(text->entries[i].lang, lang) == 0)
            return &text->entries[i];
    }
    return neutral;
}

static void load_address(loader *ld, const otr_node *map, const char *key,
                         otr_address *out)
{
    memset(out, 0, sizeof(*out));
    const otr_node *node = otr_map_get(map, key);
    if (!node) {
        otr_report_missing(map, key, ld->what, ld->diags);
        ld->errors++;
        return;
    }
    if (!otr_expect_map(node, "an address", ld->diags)) {
        ld->errors++;
        return;
    }
    static const char *const keys[] = {"street", "postcode", "town", NULL};
    ld->errors += otr_check_keys(node, keys, "an address", ld->diags);
    out->mark = node->mark;
    out->street = string_field(ld, node, "street", "an address", 1);
    out->postcode = string_field(ld, node, "postcode", "an address", 1);
    out->town = string_field(ld, node, "town", "an address", 1);
    if (out->postcode) {
        int valid = strlen(out->postcode) == 5;
        for (int i = 0; valid && i < 5; i++)
            valid = isdigit((unsigned char)out->postcode[i]);
        if (!valid) {
            otr_error_at(ld->diags, otr_map_get(node, "postcode")->mark, 233,
                         "postcode \"%s\" is not five digits (write it in "
                         "quotes: \"07743\")",
                         out->postcode);
            ld->errors++;
        }
    }
}

static void load_geo(loader *ld, const otr_node *map, const char *key,
                     otr_geo *out)
{
    memset(out, 0, sizeof(*out));
    const otr_node *node = otr_map_get(map, key);
    if (!node) {
        otr_report_missing(map, key, ld->what, ld->diags);
        ld->errors++;
        return;
    }
    if (!otr_expect_map(node, "\"geo\"", ld->diags)) {
        ld->errors++;
        return;
    }
    static const char *const keys[] = {"lat", "lon", NULL};
    ld->errors += otr_check_keys(node, keys, "\"geo\"", ld->diags);
    out->mark = node->mark;
    const otr_node *lat = otr_map_get(node, "lat");
    const otr_node *lon = otr_map_get(node, "lon");
    if (!lat || !lon) {
        otr_report_missing(node, lat ? "lon" : "lat", "\"geo\"", ld->diags);
        ld->errors++;
        return;
    }
    if (otr_expect_number(lat, "latitude", -90, 90, &out->lat, ld->diags) < 0)
        ld->errors++;
    if (otr_expect_number(lon, "longitude", -180, 180, &out->lon, ld->diags) <
        0)
        ld->errors++;
}

static const char *id_field(loader *ld, const otr_node *map, const char *what)
{
    const char *id = string_field(ld, map, "id", what, 1);
    if (id && !otr_valid_id(id)) {
        otr_error_at(ld->diags, otr_map_get(map, "id")->mark, 234,
                     "id \"%s\" may hold only lowercase letters a-z, digits "
                     "and single hyphens (at most 64 characters)",
                     id);
        ld->errors++;
        return NULL;
    }
    return id;
}

/* Ids are unique per kind; the first one wins, later ones are reported.
 * SEEN maps ids to the index of their record in MARKS. */
static int duplicate_id(loader *ld, const char *id, otr_mark mark,
                        otr_strset *seen, const otr_mark *marks, size_t index)
{
    size_t first = 0;
    if (!otr_strset_add(seen, id, strlen(id), index, &first))
        return 0;
    otr_error_at(ld->diags, mark, 235,
                 "id \"%s\" is used twice (first at %s:%d)", id,
                 marks[first].file, marks[first].line);
    ld->errors++;
    return 1;
}

/* A file that holds a list of records: reports an empty file or one that is
 * not a list. Returns 0 when ROOT is a list. */
static int record_list(loader *ld, const otr_node *root, otr_mark file,
                       int code, const char *what)
{
    if (!root) {
        otr_error_at(ld->diags, file, code, "the file is empty");
        ld->errors++;
        return -1;
    }
    if (!otr_expect_seq(root, what, ld->diags)) {
        ld->errors++;
        return -1;
    }
    return 0;
}

/* How one kind of record is read. The shared loop checks a record's keys
 * against KEYS and reads its id; LOAD then fills RECORD (zeroed, SIZE
 * bytes) from MAP, id included; DISCARD frees what LOAD allocated, for a
 * record that is not kept. */
typedef struct {
    const char *what; /* "an offer", for messages */
    size_t size;
    const char *const *keys; /* the keys a record may have, NULL-ended */
    void (*load)(loader *ld, otr_directory *dir, const otr_node *map,
                 const char *id, void *record);
    void (*discard)(void *record);
} record_kind;

/* Reads the records of the lists ROOTS (COUNT of them, each a list) into a
 * new array, which it returns with *KEPT set. A record without a valid id,
 * or with the id of one before it, is reported and left out; every other
 * problem is reported and the record kept, so one run shows them all. */
static void *load_records(loader *ld, otr_directory *dir,
                          const otr_node *const *roots, size_t count,
                          const record_kind *kind, size_t *kept)
{
    size_t total = 0;
    for (size_t r = 0; r < count; r++)
        total += roots[r]->count;
    char *records = otr_xcalloc(total + 1, kind->size);
    otr_mark *marks = otr_xcalloc(total + 1, sizeof(otr_mark));
    otr_strset ids = {0};
    void *record = otr_xmalloc(kind->size);
    *kept = 0;
    for (size_t r = 0; r < count; r++) {
        for (size_t i = 0; i < roots[r]->count; i++) {
            const otr_node *map = roots[r]->children[i];
            if (!otr_expect_map(map, kind->what, ld->diags)) {
                ld->errors++;
                continue;
            }
            ld->errors +=
                otr_check_keys(map, kind->keys, kind->what, ld->diags);
            const char *id = id_field(ld, map, kind->what);
            memset(record, 0, kind->size);
            kind->load(ld, dir, map, id, record);
            if (!id || duplicate_id(ld, id, map->mark, &ids, marks, *kept)) {
                kind->discard(record);
                continue;
            }
            marks[*kept] = map->mark;
            memcpy(records + *kept * kind->size, record, kind->size);
            ++*kept;
        }
    }
    free(record);
    otr_strset_free(&ids);
    free(marks);
    return records;
}

static const char *const category_keys[] = {"id", "color", "icon", "name",
                                            NULL};

static void load_category(loader *ld, otr_directory *dir, const otr_node *map,
                          const char *id, void *record)
{
    (void)dir;
    otr_category *c = record;
    c->mark = map->mark;
    c->node = map;
    c->id = id;
    const otr_node *color = otr_map_get(map, "color");
    if (!color) {
        otr_report_missing(map, "color", "a category", ld->diags);
        ld->errors++;
    } else if (otr_parse_color(color, "\"color\"", &c->color, ld->diags) < 0) {
        ld->errors++;
    }
    c->icon = string_field(ld, map, "icon", "a category", 1);
    if (c->icon && ld->content_dir) {
        char *path = otr_path_join(ld->content_dir, c->icon);
        if (!otr_is_file(path)) {
            otr_error_at(ld->diags, otr_map_get(map, "icon")->mark, 236,
                         "there is no icon file %s", path);
            ld->errors++;
        }
        free(path);
    }
    i18n_field(ld, map, "name", "\"name\"", 1, 0, &c->name);
}

static void discard_category(void *record)
{
    free(((otr_category *)record)->name.entries);
}

static const record_kind category_kind = {"a category", sizeof(otr_category),
                                          category_keys, load_category,
                                          discard_category};

static const otr_category *category_field(loader *ld, otr_directory *dir,
                                          const otr_node *map, int required)
{
    const char *id = string_field(ld, map, "category", ld->what, required);
    if (!id)
        return NULL;
    const otr_category *category = otr_directory_category(dir, id);
    if (!category) {
        otr_buf known = {0};
        for (size_t i = 0; i < dir->category_count; i++)
            otr_buf_printf(&known, "%s%s", i ? ", " : "",
                           dir->categories[i].id);
        otr_error_at(ld->diags, otr_map_get(map, "category")->mark, 241,
                     "no category \"%s\" in categories.yaml (there are: %s)",
                     id, known.data ? known.data : "none");
        otr_buf_free(&known);
        ld->errors++;
    }
    return category;
}

static const char *const weekday_keys[OTR_WEEKDAYS] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static void load_hours(loader *ld, otr_offer *offer, const otr_node *node)
{
    if (!otr_expect_map(node, "\"hours\"", ld->diags)) {
        ld->errors++;
        return;
    }
    static const char *const keys[] = {"mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun", NULL};
    ld->errors += otr_check_keys(node, keys, "\"hours\"", ld->diags);
    for (int day = 0; day < OTR_WEEKDAYS; day++) {
        const otr_node *ranges = otr_map_get(node, weekday_keys[day]);
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

static void check_contact(loader *ld, const otr_node *map, const char *phone,
                          const char *email, const char *website)
{
    if (phone && !otr_valid_phone(phone)) {
        otr_error_at(ld->diags, otr_map_get(map, "phone")->mark, 244,
                     "\"%s\" does not look like a phone number (write it "
                     "like \"+49 361 555 0142\")",
                     phone);
        ld->errors++;
    }
    if (email && !otr_valid_email(email)) {
        otr_error_at(ld->diags, otr_map_get(map, "email")->mark, 245,
                     "\"%s\" does not look like an e-mail address", email);
        ld->errors++;
    }
    if (website && !otr_url_is_web(website)) {
        otr_error_at(ld->diags, otr_map_get(map, "website")->mark, 246,
                     "website \"%s\" must be a web address starting with "
                     "https:// or http://",
                     website);
        ld->errors++;
    }
}

static void load_languages_spoken(loader *ld, otr_offer *offer,
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
    "languages", NULL};

static void load_offer(loader *ld, otr_directory *dir, const otr_node *map,
                       const char *id, void *record)
{
    otr_offer *offer = record;
    offer->mark = map->mark;
    offer->node = map;
    offer->id = id;
    offer->category = category_field(ld, dir, map, 1);
    i18n_field(ld, map, "name", "\"name\"", 1, 1, &offer->name);
    i18n_field(ld, map, "description", "\"description\"", 1, 0,
               &offer->description);
    load_address(ld, map, "address", &offer->address);
    offer->district = string_field(ld, map, "district", "an offer", 1);
    load_geo(ld, map, "geo", &offer->geo);
    offer->phone = string_field(ld, map, "phone", "an offer", 0);
    offer->email = string_field(ld, map, "email", "an offer", 0);
    offer->website = string_field(ld, map, "website", "an offer", 0);
    check_contact(ld, map, offer->phone, offer->email, offer->website);
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
}

static void discard_offer(void *record)
{
    otr_offer *offer = record;
    free(offer->name.entries);
    free(offer->description.entries);
    for (int day = 0; day < OTR_WEEKDAYS; day++)
        free(offer->hours[day]);
    free(offer->languages);
}

static void load_offers(loader *ld, otr_directory *dir,
                        const otr_directory_sources *src)
{
    for (size_t f = 0; f < src->offers_count; f++) {
        if (!src->offers[f]) {
            otr_error_at(ld->diags, src->offers_files[f], 250,
                         "the file is empty");
            ld->errors++;
        } else if (!otr_expect_seq(src->offers[f], "an offers file",
                                   ld->diags)) {
            ld->errors++;
        }
    }
    const otr_node **roots =
        otr_xcalloc(src->offers_count + 1, sizeof(otr_node *));
    size_t count = 0;
    for (size_t f = 0; f < src->offers_count; f++)
        if (src->offers[f] && src->offers[f]->kind == OTR_NODE_SEQ)
            roots[count++] = src->offers[f];
    static const record_kind kind = {"an offer", sizeof(otr_offer), offer_keys,
                                     load_offer, discard_offer};
    dir->offers = load_records(ld, dir, roots, count, &kind, &dir->offer_count);
    free(roots);
}

static const char *const shelter_keys[] = {
    "id", "name", "address", "district", "geo", "languages", NULL};

static void load_shelter(loader *ld, otr_directory *dir, const otr_node *map,
                         const char *id, void *record)
{
    (void)dir;
    otr_shelter *s = record;
    s->mark = map->mark;
    s->node = map;
    s->id = id;
    s->name = string_field(ld, map, "name", "a shelter", 1);
    load_address(ld, map, "address", &s->address);
    s->district = string_field(ld, map, "district", "a shelter", 1);
    load_geo(ld, map, "geo", &s->geo);
    const otr_node *langs = otr_map_get(map, "languages");
    if (!langs) {
        otr_report_missing(map, "languages", "a shelter", ld->diags);
        ld->errors++;
    } else if (!otr_expect_seq(langs, "\"languages\"", ld->diags)) {
        ld->errors++;
    } else {
        s->languages = otr_xcalloc(langs->count + 1, sizeof(otr_language *));
        for (size_t k = 0; k < langs->count; k++) {
            const otr_node *code_node = langs->children[k];
            const char *code =
                otr_expect_string(code_node, "a language code", 1, ld->diags);
            const otr_language *lang =
                code ? otr_site_language(ld->site, code) : NULL;
            if (code && !lang) {
                char *known = language_list(ld->site);
                otr_error_at(ld->diags, code_node->mark, 261,
                             "\"%s\" is not one of the site's languages "
                             "(%s); the handout is printed in the "
                             "residents' languages",
                             code, known);
                free(known);
            }
            if (!lang) {
                ld->errors++;
                continue;
            }
            s->languages[s->language_count++] = lang;
        }
    }
}

static void discard_shelter(void *record)
{
    free(((otr_shelter *)record)->languages);
}

static const record_kind shelter_kind = {"a shelter", sizeof(otr_shelter),
                                         shelter_keys, load_shelter,
                                         discard_shelter};

static void datetime_field(loader *ld, const otr_node *map, const char *key,
                           otr_datetime *out)
{
    memset(out, 0, sizeof(*out));
    const char *text = string_field(ld, map, key, "an event", 1);
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
    "id",  "category", "title",    "text",      "start",
    "end", "venue",    "district", "organizer", NULL};

static void load_event(loader *ld, otr_directory *dir, const otr_node *map,
                       const char *id, void *record)
{
    otr_event *e = record;
    e->mark = map->mark;
    e->node = map;
    e->id = id;
    e->category = category_field(ld, dir, map, 0);
    i18n_field(ld, map, "title", "\"title\"", 1, 0, &e->title);
    i18n_field(ld, map, "text", "\"text\"", 0, 0, &e->text);
    datetime_field(ld, map, "start", &e->start);
    datetime_field(ld, map, "end", &e->end);
    if (e->start.text && e->end.text && e->end.utc <= e->start.utc) {
        otr_error_at(ld->diags, e->end.mark, 272,
                     "the event ends (%s) before it starts (%s)", e->end.text,
                     e->start.text);
        ld->errors++;
    }
    const otr_node *venue = otr_map_get(map, "venue");
    if (!venue) {
        otr_report_missing(map, "venue", "an event", ld->diags);
        ld->errors++;
    } else if (!otr_expect_map(venue, "\"venue\"", ld->diags)) {
        ld->errors++;
    } else {
        static const char *const venue_keys[] = {"name", "address", "geo",
                                                 NULL};
        ld->errors += otr_check_keys(venue, venue_keys, "\"venue\"", ld->diags);
        e->venue_name = string_field(ld, venue, "name", "\"venue\"", 1);
        load_address(ld, venue, "address", &e->venue_address);
        load_geo(ld, venue, "geo", &e->venue_geo);
    }
    e->district = string_field(ld, map, "district", "an event", 1);
    e->organizer = string_field(ld, map, "organizer", "an event", 1);
}

static void discard_event(void *record)
{
    otr_event *event = record;
    free(event->title.entries);
    free(event->text.entries);
}

static const record_kind event_kind = {"an event", sizeof(otr_event),
                                       event_keys, load_event, discard_event};

/* Categories, shelters and events: one file, a list of records. */
static void *load_file(loader *ld, otr_directory *dir, const otr_node *root,
                       otr_mark file, int code, const char *name,
                       const record_kind *kind, size_t *count)
{
    if (record_list(ld, root, file, code, name) < 0)
        return NULL;
    return load_records(ld, dir, &root, 1, kind, count);
}

int otr_directory_load(otr_directory *dir, const otr_directory_sources *src,
                       const otr_site *site, otr_diags *diags)
{
    memset(dir, 0, sizeof(*dir));
    loader ld = {site, diags, 0, src->content_dir, "a category"};
    if (src->categories_file.file)
        dir->categories =
            load_file(&ld, dir, src->categories, src->categories_file, 240,
                      "categories.yaml", &category_kind, &dir->category_count);
    ld.what = "an offer";
    load_offers(&ld, dir, src);
    ld.what = "a shelter";
    if (src->shelters_file.file)
        dir->shelters =
            load_file(&ld, dir, src->shelters, src->shelters_file, 260,
                      "shelters.yaml", &shelter_kind, &dir->shelter_count);
    ld.what = "an event";
    if (src->events_file.file)
        dir->events = load_file(&ld, dir, src->events, src->events_file, 271,
                                "events.yaml", &event_kind, &dir->event_count);
    return ld.errors;
}

void otr_directory_clear(otr_directory *dir)
{
    for (size_t i = 0; i < dir->category_count; i++)
        free(dir->categories[i].name.entries);
    free(dir->categories);
    for (size_t i = 0; i < dir->offer_count; i++)
        discard_offer(&dir->offers[i]);
    free(dir->offers);
    for (size_t i = 0; i < dir->shelter_count; i++)
        free(dir->shelters[i].languages);
    free(dir->shelters);
    for (size_t i = 0; i < dir->event_count; i++) {
        free(dir->events[i].title.entries);
        free(dir->events[i].text.entries);
    }
    free(dir->events);
    memset(dir, 0, sizeof(*dir));
}

const otr_category *otr_directory_category(const otr_directory *dir,
                                           const char *id)
{
    for (size_t i = 0; i < dir->category_count; i++) {
        if (strcmp(dir->categories[i].id, id) == 0)
            return &dir->categories[i];
    }
    return NULL;
}

const otr_offer *otr_directory_offer(const otr_directory *dir, const char *id)
{
    for (size_t i = 0; i < dir->offer_count; i++) {
        if (strcmp(dir->offers[i].id, id) == 0)
            return &dir->offers[i];
    }
    return NULL;
}

const otr_shelter *otr_directory_shelter(const otr_directory *dir,
                                         const char *id)
{
    for (size_t i = 0; i < dir->shelter_count; i++) {
        if (strcmp(dir->shelters[i].id, id) == 0)
            return &dir->shelters[i];
    }
    return NULL;
}

const otr_event *otr_directory_event(const otr_directory *dir, const char *id)
{
    for (size_t i = 0; i < dir->event_count; i++) {
        if (strcmp(dir->events[i].id, id) == 0)
            return &dir->events[i];
    }
    return NULL;
}
