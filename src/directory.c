#include "directory_load.h"

#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
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
    if (phone[0] != '+' && phone[0] != '0' && phone[0] != '(')
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

int otr_parse_digits(const char *s, int count, int *out)
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

/* ---- Loading ------------------------------------------------------------- */

/* Text that prints as nothing (spaces, no-break spaces, ...) where text is
 * required is as good as none: a flyer with no name. */
static const char *not_blank(otr_loader *ld, const otr_node *node,
                             const char *text, const char *what)
{
    if (!text || !otr_text_is_blank(text))
        return text;
    otr_error_at(ld->diags, node->mark, 237,
                 "%s is empty: it holds only spaces (or other blank "
                 "characters such as no-break spaces)",
                 what);
    ld->errors++;
    return NULL;
}

const char *otr_load_string(otr_loader *ld, const otr_node *map,
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
    if (!text)
        ld->errors++;
    text = not_blank(ld, node, text, label);
    free(label);
    return text;
}

char *otr_language_list(const otr_site *site)
{
    otr_buf out = {0};
    for (size_t i = 0; i < site->language_count; i++)
        otr_buf_printf(&out, "%s%s", i ? ", " : "", site->languages[i].code);
    return otr_buf_take(&out);
}

/* NODE is either a text that is the same in every language, or a map from
 * site language codes to texts. */
static void load_i18n(otr_loader *ld, const otr_node *node, const char *what,
                      int allow_neutral, otr_i18n *out)
{
    memset(out, 0, sizeof(*out));
    out->mark = node->mark;
    if (node->kind == OTR_NODE_SCALAR && allow_neutral) {
        const char *text = otr_expect_string(node, what, 1, ld->diags);
        if (!text)
            ld->errors++;
        if (!(text = not_blank(ld, node, text, what)))
            return;
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
            char *known = otr_language_list(ld->site);
            otr_error_at(ld->diags, key->mark, 231,
                         "\"%s\" is not one of the site's languages (%s)",
                         key->text, known);
            free(known);
            ld->errors++;
            continue;
        }
        const char *text = otr_expect_string(value, what, 1, ld->diags);
        if (!text)
            ld->errors++;
        if (!(text = not_blank(ld, value, text, what)))
            continue;
        out->entries[out->count++] =
            (otr_text_entry){key->text, text, value->mark};
    }
    if (out->count == 0 && node->count == 0) {
        otr_error_at(ld->diags, node->mark, 232, "%s has no text", what);
        ld->errors++;
    }
}

void otr_load_i18n(otr_loader *ld, const otr_node *map, const char *key,
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

void otr_load_address(otr_loader *ld, const otr_node *map, const char *key,
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
    out->street = otr_load_string(ld, node, "street", "an address", 1);
    out->postcode = otr_load_string(ld, node, "postcode", "an address", 1);
    out->town = otr_load_string(ld, node, "town", "an address", 1);
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

void otr_load_geo(otr_loader *ld, const otr_node *map, const char *key,
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
    int bad =
        otr_expect_number(lat, "latitude", -90, 90, &out->lat, ld->diags) < 0;
    bad |= otr_expect_number(lon, "longitude", -180, 180, &out->lon,
                             ld->diags) < 0;
    ld->errors += bad;
    out->known = !bad;
}

static const char *id_field(otr_loader *ld, const otr_node *map,
                            const char *what)
{
    const char *id = otr_load_string(ld, map, "id", what, 1);
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
static int duplicate_id(otr_loader *ld, const char *id, otr_mark mark,
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
static int record_list(otr_loader *ld, const otr_node *root, otr_mark file,
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

/* Reads the records of the lists ROOTS (COUNT of them, each a list) into a
 * new array, which it returns with *KEPT set. A record without a valid id,
 * or with the id of one before it, is reported and left out; every other
 * problem is reported and the record kept, so one run shows them all. */
static void *load_records(otr_loader *ld, otr_directory *dir,
                          const otr_node *const *roots, size_t count,
                          const otr_record_kind *kind, size_t *kept)
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
            /* The record's own problems are collected apart. */
            otr_diags *everyone = ld->diags;
            int errors_before = ld->errors;
            ld->diags = otr_diags_new();
            ld->errors +=
                otr_check_keys(map, kind->keys, kind->what, ld->diags);
            const char *id = id_field(ld, map, kind->what);
            memset(record, 0, kind->size);
            kind->load(ld, dir, map, id, record);
            otr_diags *own = ld->diags;
            ld->diags = everyone;
            if (!id || duplicate_id(ld, id, map->mark, &ids, marks, *kept)) {
                otr_diags_append(everyone, own);
                otr_diags_free(own);
                kind->discard(record);
                continue;
            }
            if (kind->problems && otr_diags_error_count(own)) {
                *(otr_diags **)((char *)record + kind->problems) = own;
                ld->errors = errors_before;
            } else {
                otr_diags_append(everyone, own);
                otr_diags_free(own);
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

/* Records of one kind from several files (NAME.yaml and each file in
 * NAME/), each a list; CODE reports an empty file. */
static void *load_many(otr_loader *ld, otr_directory *dir,
                       const otr_node *const *files, const otr_mark *marks,
                       size_t file_count, int code, const char *what,
                       const otr_record_kind *kind, size_t *kept)
{
    const otr_node **roots = otr_xcalloc(file_count + 1, sizeof(otr_node *));
    size_t count = 0;
    for (size_t f = 0; f < file_count; f++) {
        if (record_list(ld, files[f], marks[f], code, what) == 0)
            roots[count++] = files[f];
    }
    void *records = load_records(ld, dir, roots, count, kind, kept);
    free(roots);
    return records;
}

/* ---- Plausibility ---------------------------------------------------------
 * Form is checked while reading; here, whether what was read can be true of
 * this site. */

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A record's position, and where its problems go. */
typedef struct {
    otr_geo *geo;
    otr_diags **problems;
} position;

/* Every known position of the directory, in *COUNT; the caller frees. */
static position *all_positions(otr_directory *dir, size_t *count)
{
    position *all = otr_xcalloc(dir->offer_count + dir->shelter_count +
                                    dir->event_count + 1,
                                sizeof(position));
    *count = 0;
    for (size_t i = 0; i < dir->offer_count; i++)
        all[(*count)++] =
            (position){&dir->offers[i].geo, &dir->offers[i].problems};
    for (size_t i = 0; i < dir->shelter_count; i++)
        all[(*count)++] =
            (position){&dir->shelters[i].geo, &dir->shelters[i].problems};
    for (size_t i = 0; i < dir->event_count; i++)
        all[(*count)++] =
            (position){&dir->events[i].venue_geo, &dir->events[i].problems};
    size_t known = 0;
    for (size_t i = 0; i < *count; i++)
        if (all[i].geo->known)
            all[known++] = all[i];
    *count = known;
    return all;
}

/* Without a bounding_box in site.yaml: the box around the median position
 * of all records, 5 degrees of latitude and 7 of longitude each way (about
 * 550 km by 500 km in Germany: a whole country's portal fits, a position
 * with latitude and longitude swapped, or a sign lost, does not). */
static void derived_box(const position *all, size_t count, double box[4])
{
    double *lats = otr_xcalloc(count + 1, sizeof(double));
    double *lons = otr_xcalloc(count + 1, sizeof(double));
    for (size_t i = 0; i < count; i++) {
        lats[i] = all[i].geo->lat;
        lons[i] = all[i].geo->lon;
    }
    qsort(lats, count, sizeof(double), by_double);
    qsort(lons, count, sizeof(double), by_double);
    double lat = lats[count / 2], lon = lons[count / 2];
    free(lats);
    free(lons);
    box[0] = lat - 5;
    box[1] = lon - 7;
    box[2] = lat + 5;
    box[3] = lon + 7;
}

static int inside(const double box[4], double lat, double lon)
{
    return lat >= box[0] && lat <= box[2] && lon >= box[1] && lon <= box[3];
}

/* A record outside the site's region would silently drop out of every
 * handout (too far from any shelter): report it, and the likely cause. */
static void check_positions(otr_loader *ld, otr_directory *dir)
{
    size_t count = 0;
    position *all = all_positions(dir, &count);
    const otr_site *site = ld->site;
    double box[4] = {site->south, site->west, site->north, site->east};
    if (!site->has_box && count)
        derived_box(all, count, box);
    for (size_t i = 0; count && i < count; i++) {
        otr_geo *g = all[i].geo;
        if (inside(box, g->lat, g->lon))
            continue;
        /* Not where it says: handouts cannot tell whether it is near. */
        g->known = 0;
        if (!*all[i].problems)
            *all[i].problems = otr_diags_new();
        otr_diags *diags = *all[i].problems;
        otr_buf where = {0};
        otr_buf_printf(&where,
                       "lat %g, lon %g is outside the site's region (lat %.1f "
                       "to %.1f, lon %.1f to %.1f%s)",
                       g->lat, g->lon, box[0], box[2], box[1], box[3],
                       site->has_box ? ", bounding_box in site.yaml"
                                     : ", around the other records");
        if (inside(box, g->lon, g->lat))
            otr_error_at(diags, g->mark, 239,
                         "%s: did you swap lat and lon? (lat is the "
                         "north-south position)",
                         where.data);
        else
            otr_error_at(diags, g->mark, 239,
                         "%s: check the position on a map%s", where.data,
                         site->has_box ? ""
                                       : ", or give site.yaml a bounding_box");
        otr_buf_free(&where);
    }
    free(all);
}

int otr_directory_load(otr_directory *dir, const otr_directory_sources *src,
                       const otr_site *site, otr_diags *diags)
{
    memset(dir, 0, sizeof(*dir));
    otr_loader ld = {site, diags, 0, src->content_dir, "a category"};
    dir->categories = load_many(
        &ld, dir, src->categories, src->categories_files, src->categories_count,
        240, "a categories file", &otr_category_kind, &dir->category_count);
    ld.what = "an offer";
    dir->offers =
        load_many(&ld, dir, src->offers, src->offers_files, src->offers_count,
                  250, "an offers file", &otr_offer_kind, &dir->offer_count);
    ld.what = "a shelter";
    if (src->shelters_file.file &&
        record_list(&ld, src->shelters, src->shelters_file, 260,
                    "shelters.yaml") == 0)
        dir->shelters = load_records(&ld, dir, &src->shelters, 1,
                                     &otr_shelter_kind, &dir->shelter_count);
    ld.what = "an event";
    dir->events =
        load_many(&ld, dir, src->events, src->events_files, src->events_count,
                  271, "an events file", &otr_event_kind, &dir->event_count);
    check_positions(&ld, dir);
    dir->site = site;
    for (size_t i = 0; i < dir->offer_count; i++)
        otr_strset_add(&dir->offer_ids, dir->offers[i].id,
                       strlen(dir->offers[i].id), i, NULL);
    for (size_t i = 0; i < dir->shelter_count; i++)
        otr_strset_add(&dir->shelter_ids, dir->shelters[i].id,
                       strlen(dir->shelters[i].id), i, NULL);
    for (size_t i = 0; i < dir->event_count; i++)
        otr_strset_add(&dir->event_ids, dir->events[i].id,
                       strlen(dir->events[i].id), i, NULL);
    return ld.errors;
}

const char *otr_record_page(const otr_i18n *urls, const char *lang)
{
    const otr_text_entry *entry = otr_i18n_find(urls, lang);
    return entry ? entry->text : NULL;
}

void otr_load_urls(otr_loader *ld, const otr_node *map, otr_i18n *out)
{
    otr_load_i18n(ld, map, "urls", "\"urls\"", 0, 0, out);
    for (size_t i = 0; i < out->count; i++) {
        const char *problem = NULL;
        if (otr_url_check(out->entries[i].text, &problem) < 0) {
            otr_error_at(ld->diags, out->entries[i].mark, 251, "\"%s\": %s",
                         out->entries[i].text, problem);
            ld->errors++;
        }
    }
}

void otr_directory_clear(otr_directory *dir)
{
    for (size_t i = 0; i < dir->category_count; i++)
        otr_category_kind.discard(&dir->categories[i]);
    free(dir->categories);
    for (size_t i = 0; i < dir->offer_count; i++)
        otr_offer_kind.discard(&dir->offers[i]);
    free(dir->offers);
    for (size_t i = 0; i < dir->shelter_count; i++)
        otr_shelter_kind.discard(&dir->shelters[i]);
    free(dir->shelters);
    for (size_t i = 0; i < dir->event_count; i++)
        otr_event_kind.discard(&dir->events[i]);
    free(dir->events);
    otr_strset_free(&dir->offer_ids);
    otr_strset_free(&dir->shelter_ids);
    otr_strset_free(&dir->event_ids);
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

static pthread_mutex_t reading_phones = PTHREAD_MUTEX_INITIALIZER;

void otr_directory_read_phones(const otr_directory *dir)
{
    /* Only its users see the directory const (the project owns it). */
    otr_directory *d = (otr_directory *)dir;
    pthread_mutex_lock(&reading_phones);
    for (size_t i = 0; !d->phones_read && i < d->offer_count; i++) {
        otr_offer *offer = &d->offers[i];
        if (!offer->phone_typed)
            continue;
        otr_diags *problems =
            offer->problems ? offer->problems : otr_diags_new();
        offer->phone = otr_site_phone(d->site, offer->phone_node,
                                      offer->phone_typed, problems);
        if (otr_diags_error_count(problems))
            offer->problems = problems;
        else if (problems != offer->problems)
            otr_diags_free(problems);
    }
    d->phones_read = 1;
    pthread_mutex_unlock(&reading_phones);
}

const otr_offer *otr_directory_offer(const otr_directory *dir, const char *id)
{
    size_t i;
    if (!otr_strset_find(&dir->offer_ids, id, strlen(id), &i))
        return NULL;
    otr_directory_read_phones(dir);
    return &dir->offers[i];
}

const otr_shelter *otr_directory_shelter(const otr_directory *dir,
                                         const char *id)
{
    size_t i;
    return otr_strset_find(&dir->shelter_ids, id, strlen(id), &i)
               ? &dir->shelters[i]
               : NULL;
}

const otr_event *otr_directory_event(const otr_directory *dir, const char *id)
{
    size_t i;
    return otr_strset_find(&dir->event_ids, id, strlen(id), &i)
               ? &dir->events[i]
               : NULL;
}
