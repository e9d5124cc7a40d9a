/* `outreach import integreat`: places and events from the public JSON API
 * of the Integreat CMS (digitalfabrik/integreat-cms, API v3), read from
 * saved responses or over HTTP(S), joined across languages and written as
 * content records. The only file that sees jansson.
 *
 * What the API sends was learned from the CMS's serializers
 * (integreat_cms/api/v3/regions.py, locations.py, events.py) and its own
 * expected test outputs (tests/api/expected-outputs/). */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "directory.h"
#include "dynlib.h"
#include "html_text.h"
#include "http.h"
#include "import.h"
#include "import_integreat.h"
#include "outreach.h"
#include "project.h"
#include "recurrence.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "yamlnode.h"

/* jansson is loaded by this command alone (dynlib.h). */
#define JANSSON_FUNCTIONS(X)                                                   \
    X(json_array_get)                                                          \
    X(json_array_size)                                                         \
    X(json_delete)                                                             \
    X(json_equal)                                                              \
    X(json_integer_value)                                                      \
    X(json_loadb)                                                              \
    X(json_number_value)                                                       \
    X(json_object_get)                                                         \
    X(json_object_iter)                                                        \
    X(json_object_iter_key)                                                    \
    X(json_object_iter_next)                                                   \
    X(json_object_iter_value)                                                  \
    X(json_string_value)
OTR_DYNLIB(libjansson, "libjansson.so.4", "libjansson4", JANSSON_FUNCTIONS);

/* json_decref, whose inline body in jansson.h calls json_delete by name:
 * the same through the table. */
static void drop_json(json_t *json)
{
    if (json && json->refcount != (size_t)-1 && JSON_INTERNAL_DECREF(json) == 0)
        lib.json_delete(json);
}

/* Responses larger than this are refused (the largest regions send a few
 * MiB of places). */
#define RESPONSE_MAX_BYTES (32u * 1024u * 1024u)
#define MAX_OCCURRENCES 400

typedef struct {
    char *code;
    char *name;
    int rtl;
    int site; /* index in the site's languages, or -1 */
} region_language;

/* A place or event, joined over the languages of the region. */
typedef struct {
    long long id;
    json_t *item[16];   /* per site language: a real translation, or NULL */
    char *path[16];     /* per site language: its page, fallbacks included */
    json_t *master;     /* the translation the facts are read from */
    const char *source; /* the response it came from */
} joined;

typedef struct {
    joined *items;
    size_t count, cap;
} joined_list;

/* A place category of the region (the location-categories endpoint): its
 * name per site language (NULL where the response gave the default
 * language's name instead of a translation), colour and icon name. */
typedef struct {
    long long id;
    const char *color, *icon; /* borrowed from the responses */
    const char *name[16];
    int written;
} region_category;

typedef struct {
    const otr_import_integreat_options *opt;
    otr_project *project; /* the content as it is, for the site */
    const otr_site *site;
    otr_diags *diags;
    FILE *report;
    char *region;
    char *region_name; /* "Erfurt" */
    char *prefix;      /* of record ids */
    region_language *languages;
    size_t language_count;
    int have_box;
    double box[4]; /* lon_min, lat_min, lon_max, lat_max */
    /* import configuration */
    otr_yaml_doc *config;
    const char *web;
    const char *district;
    const char *organizer;
    const char *event_category;
    const char *place_category;
    const otr_node *category_map;
    const char **spoken;
    size_t spoken_count;
    int64_t from_utc, until_utc;
    char **sources; /* names of the responses read, for marks */
    size_t source_count, source_cap;
    /* Per site language the region has: the records imported without a
     * text in it, for the report. */
    otr_buf gaps[16];
    size_t gap_count[16];
    region_category *region_categories;
    size_t region_category_count, region_category_cap;
    otr_import_file categories, offers, events;
    char geo_why[320]; /* why a position is refused, with its numbers */
    int failed;
} importer;

static otr_mark source_mark(const char *name)
{
    return (otr_mark){name, 0, 0};
}

static const char *keep_source(importer *im, char *name)
{
    im->sources = otr_grow(im->sources, &im->source_cap, im->source_count + 1,
                           sizeof(char *));
    im->sources[im->source_count++] = name;
    return name;
}

/* ---- Reading responses --------------------------------------------------- */

/* Parses BODY as the JSON of the response called NAME, with a message a
 * person can act on when it is not. */
static json_t *parse_json(importer *im, const char *name, const char *body,
                          size_t len)
{
    size_t skip = 0;
    while (skip < len && isspace((unsigned char)body[skip]))
        skip++;
    if (skip < len && body[skip] == '<') {
        otr_error_at(im->diags, source_mark(name), 610,
                     "this is a web page (HTML), not the API's data (JSON): "
                     "check the address given with --url (the CMS, e.g. "
                     "https://cms.integreat-app.de) and the region");
        return NULL;
    }
    json_error_t error;
    json_t *root = lib.json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
    if (!root) {
        int truncated = error.position >= (int)len - 1 || len == 0 ||
                        strstr(error.text, "premature end") != NULL;
        otr_mark mark = {name, error.line > 0 ? error.line : 0,
                         error.column > 0 ? error.column : 0};
        if (truncated)
            otr_error_at(im->diags, mark, 611,
                         "the data ends in the middle (the response is cut "
                         "off); try again, or save the response again");
        else
            otr_error_at(im->diags, mark, 612, "this is not valid JSON: %s",
                         error.text);
    }
    return root;
}

/* The response of ENDPOINT (for LANG, or NULL); NULL when there is none.
 * A missing saved file is reported as a warning when OPTIONAL. */
static json_t *fetch(importer *im, const char *lang, const char *endpoint,
                     int optional, const char **name_out)
{
    const otr_import_integreat_options *opt = im->opt;
    char *body = NULL;
    size_t len = 0;
    const char *name;
    if (opt->from_dir) {
        char *file = otr_integreat_saved_name(im->region, lang, endpoint);
        char *path = otr_path_join(opt->from_dir, file);
        free(file);
        name = keep_source(im, path);
        FILE *f = fopen(path, "rb");
        if (!f) {
            if (optional)
                otr_warning_at(im->diags, source_mark(name), 613,
                               "no saved response here: %s%s%s left out",
                               endpoint, lang ? " in " : "", lang ? lang : "");
            else
                otr_error_at(im->diags, source_mark(name), 613,
                             "no saved response here (the %s endpoint)",
                             endpoint);
            return NULL;
        }
        otr_buf buf = {0};
        otr_buf_puts(&buf, "");
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            otr_buf_append(&buf, chunk, n);
            if (buf.len > RESPONSE_MAX_BYTES)
                break;
        }
        fclose(f);
        len = buf.len;
        body = otr_buf_take(&buf);
        if (len > RESPONSE_MAX_BYTES) {
            otr_error_at(im->diags, source_mark(name), 614,
                         "the file is larger than %u MiB: not a saved "
                         "response of the API",
                         RESPONSE_MAX_BYTES >> 20);
            free(body);
            return NULL;
        }
    } else {
        char *url = otr_integreat_endpoint_url(opt->base_url, im->region, lang,
                                               endpoint);
        name = keep_source(im, url);
        otr_http_response response;
        if (otr_http_get(url, RESPONSE_MAX_BYTES, opt->timeout_seconds,
                         &response, im->diags) < 0)
            return NULL;
        if (response.status == 404 && optional) {
            otr_warning_at(im->diags, source_mark(name), 613,
                           "the server does not have this address (HTTP "
                           "404): %s%s%s left out",
                           endpoint, lang ? " in " : "", lang ? lang : "");
            otr_http_response_clear(&response);
            return NULL;
        }
        if (response.status == 404 && strcmp(endpoint, "region") == 0) {
            otr_error_at(im->diags, source_mark(name), 615,
                         "there is no region \"%s\" on this server (HTTP "
                         "404): check --region against the region's address "
                         "in the app, e.g. integreat.app/augsburg",
                         im->region);
            otr_http_response_clear(&response);
            return NULL;
        }
        if (response.status != 200) {
            otr_error_at(im->diags, source_mark(name), 616,
                         "the server answered HTTP %ld (%s) instead of the "
                         "data",
                         response.status,
                         response.status == 404   ? "not found"
                         : response.status >= 500 ? "a fault on the server; "
                                                    "try again later"
                                                  : "refused");
            otr_http_response_clear(&response);
            return NULL;
        }
        body = response.body;
        len = response.length;
        response.body = NULL;
        otr_http_response_clear(&response);
    }
    *name_out = name;
    json_t *root = parse_json(im, name, body, len);
    free(body);
    return root;
}

/* ---- Small readers ------------------------------------------------------- */

static const char *str(const json_t *object, const char *key)
{
    const json_t *value = lib.json_object_get(object, key);
    return json_is_string(value) ? lib.json_string_value(value) : NULL;
}

static int has_text(const char *s)
{
    return s && *s;
}

static int flag(const json_t *object, const char *key)
{
    return json_is_true(lib.json_object_get(object, key));
}

/* ---- The import configuration -------------------------------------------- */

static const char *config_string(importer *im, const char *key)
{
    const otr_node *node =
        im->config ? otr_map_get(im->config->root, key) : NULL;
    if (!node)
        return NULL;
    char *label = otr_xasprintf("\"%s\"", key);
    const char *text = otr_expect_string(node, label, 1, im->diags);
    free(label);
    if (!text)
        im->failed = 1;
    return text;
}

static int64_t today_utc(void)
{
    time_t now = time(NULL);
    return (int64_t)now - (int64_t)now % 86400;
}

static void load_config(importer *im)
{
    im->web = "https://integreat.app";
    im->from_utc = today_utc();
    int64_t days = 92;
    const char *path = im->opt->config;
    if (!path)
        return;
    im->config = otr_yaml_load(path, im->diags);
    if (!im->config) {
        im->failed = 1;
        return;
    }
    const otr_node *root = im->config->root;
    if (!root || !otr_expect_map(root, "the import configuration", im->diags)) {
        im->failed = 1;
        return;
    }
    static const char *const keys[] = {"web",
                                       "district",
                                       "organizer",
                                       "languages",
                                       "category",
                                       "categories",
                                       "event_category",
                                       "events_from",
                                       "events_days",
                                       "id_prefix",
                                       NULL};
    if (otr_check_keys(root, keys, "the import configuration", im->diags))
        im->failed = 1;
    const char *web = config_string(im, "web");
    if (web && !otr_url_is_web(web)) {
        otr_error_at(im->diags, otr_map_get(root, "web")->mark, 620,
                     "\"web\" must be the web app's address, like "
                     "https://integreat.app");
        im->failed = 1;
    } else if (web) {
        im->web = web;
    }
    im->district = config_string(im, "district");
    im->organizer = config_string(im, "organizer");
    im->place_category = config_string(im, "category");
    im->event_category = config_string(im, "event_category");
    const char *prefix = config_string(im, "id_prefix");
    if (prefix) {
        if (!otr_valid_id(prefix) || strlen(prefix) > 24) {
            otr_error_at(im->diags, otr_map_get(root, "id_prefix")->mark, 621,
                         "\"id_prefix\" may hold lowercase letters, digits "
                         "and single hyphens (at most 24)");
            im->failed = 1;
        } else {
            free(im->prefix);
            im->prefix = otr_xstrdup(prefix);
        }
    }
    const otr_node *map = otr_map_get(root, "categories");
    if (map && otr_expect_map(map, "\"categories\"", im->diags))
        im->category_map = map;
    else if (map)
        im->failed = 1;
    const otr_node *langs = otr_map_get(root, "languages");
    if (langs && otr_expect_seq(langs, "\"languages\"", im->diags)) {
        im->spoken = otr_xcalloc(langs->count + 1, sizeof(char *));
        for (size_t i = 0; i < langs->count; i++) {
            const char *code = otr_expect_string(
                langs->children[i], "a language code", 1, im->diags);
            if (code)
                im->spoken[im->spoken_count++] = code;
            else
                im->failed = 1;
        }
    } else if (langs) {
        im->failed = 1;
    }
    const otr_node *from = otr_map_get(root, "events_from");
    if (from) {
        const char *text =
            otr_expect_string(from, "\"events_from\"", 1, im->diags);
        char *full = text ? otr_xasprintf("%sT00:00:00Z", text) : NULL;
        otr_datetime parsed;
        if (!full || strlen(text) != 10 ||
            otr_parse_datetime(full, &parsed) < 0) {
            otr_error_at(im->diags, from->mark, 622,
                         "\"events_from\" must be a date like \"2027-01-31\"");
            im->failed = 1;
        } else {
            im->from_utc = parsed.utc;
        }
        free(full);
    }
    const otr_node *count = otr_map_get(root, "events_days");
    double d;
    if (count && otr_expect_number(count, "\"events_days\"", 1, 3660, &d,
                                   im->diags) == 0)
        days = (int64_t)d;
    else if (count)
        im->failed = 1;
    im->until_utc = im->from_utc + days * 86400;
    return;
}

/* ---- Region and languages ------------------------------------------------ */

static int read_languages(importer *im, const json_t *list, const char *name)
{
    if (!json_is_array(list) || lib.json_array_size(list) == 0) {
        otr_error_at(im->diags, source_mark(name), 630,
                     "the region has no list of languages here: is this "
                     "the region's response?");
        return -1;
    }
    size_t n = lib.json_array_size(list);
    im->languages = otr_xcalloc(n + 1, sizeof(region_language));
    for (size_t i = 0; i < n; i++) {
        const json_t *lang = lib.json_array_get(list, i);
        const char *code = str(lang, "code");
        /* A language tag (BCP 47: letters, digits, hyphens): it becomes
         * part of file names and addresses, and is shown. */
        if (!code || !*code || strlen(code) > 15 ||
            strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789-_") != strlen(code))
            continue;
        region_language *l = &im->languages[im->language_count++];
        l->code = otr_xstrdup(code);
        l->name = otr_text_line(
            str(lang, "native_name") ? str(lang, "native_name") : code);
        const char *dir = str(lang, "dir");
        l->rtl = dir &&
                 (strcmp(dir, "RIGHT_TO_LEFT") == 0 || strcmp(dir, "rtl") == 0);
        l->site = -1;
        for (size_t s = 0; s < im->site->language_count && s < 16; s++)
            if (strcmp(im->site->languages[s].code, code) == 0)
                l->site = (int)s;
    }
    return im->language_count ? 0 : -1;
}

static int read_region(importer *im)
{
    const char *name = NULL;
    json_t *region =
        fetch(im, NULL, "region", im->opt->from_dir != NULL, &name);
    if (!region && !im->opt->from_dir)
        return -1;
    if (region && !json_is_object(region)) {
        otr_error_at(im->diags, source_mark(name), 631,
                     "this is not a region's data (an object with \"name\" "
                     "and \"languages\")");
        drop_json(region);
        return -1;
    }
    if (region) {
        const char *path = str(region, "path");
        if (path && strcmp(path, im->region) != 0) {
            otr_error_at(im->diags, source_mark(name), 632,
                         "this is the data of region \"%s\", not \"%s\"", path,
                         im->region);
            drop_json(region);
            return -1;
        }
        const char *town = str(region, "name_without_prefix");
        if (!has_text(town))
            town = str(region, "name");
        if (has_text(town))
            im->region_name = otr_text_line(town);
        const json_t *box = lib.json_object_get(region, "bounding_box");
        if (json_is_array(box) && lib.json_array_size(box) == 2) {
            const json_t *lo = lib.json_array_get(box, 0);
            const json_t *hi = lib.json_array_get(box, 1);
            if (json_is_array(lo) && json_is_array(hi) &&
                json_is_number(lib.json_array_get(lo, 0)) &&
                json_is_number(lib.json_array_get(lo, 1)) &&
                json_is_number(lib.json_array_get(hi, 0)) &&
                json_is_number(lib.json_array_get(hi, 1))) {
                im->box[0] = lib.json_number_value(lib.json_array_get(lo, 0));
                im->box[1] = lib.json_number_value(lib.json_array_get(lo, 1));
                im->box[2] = lib.json_number_value(lib.json_array_get(hi, 0));
                im->box[3] = lib.json_number_value(lib.json_array_get(hi, 1));
                im->have_box =
                    im->box[0] < im->box[2] && im->box[1] < im->box[3];
            }
        }
        const otr_site *site = im->site;
        if (im->have_box && site->has_box &&
            (im->box[2] < site->west || im->box[0] > site->east ||
             im->box[3] < site->south || im->box[1] > site->north)) {
            otr_error_at(im->diags, source_mark(name), 635,
                         "region \"%s\" (lat %.2f to %.2f, lon %.2f to "
                         "%.2f) lies wholly outside the site's bounding_box "
                         "in site.yaml (lat %.2f to %.2f, lon %.2f to %.2f): "
                         "is this the right region for this content folder?",
                         im->region, im->box[1], im->box[3], im->box[0],
                         im->box[2], site->south, site->north, site->west,
                         site->east);
            drop_json(region);
            return -1;
        }
        const json_t *langs = lib.json_object_get(region, "languages");
        if (langs) {
            int status = read_languages(im, langs, name);
            drop_json(region);
            return status;
        }
        drop_json(region);
    }
    json_t *langs = fetch(im, NULL, "languages", 0, &name);
    if (!langs)
        return -1;
    int status = read_languages(im, langs, name);
    drop_json(langs);
    return status;
}

/* Region languages outreach cannot print, and site languages the region
 * does not have. */
static void report_languages(importer *im)
{
    const otr_style style = {
        .name = "probe", .font = "Noto Sans", .size = 10, .min_size = 10};
    for (size_t i = 0; i < im->language_count; i++) {
        region_language *l = &im->languages[i];
        if (l->site >= 0)
            continue;
        otr_text_fit fit;
        otr_text_fit_layout(im->project->fonts, l->name, l->code, l->rtl,
                            &style, OTR_ALIGN_START, l->rtl, 1000, 1000, 0,
                            &fit);
        int glyphs = fit.missing_glyphs;
        otr_text_fit_clear(&fit);
        char *strings = otr_xasprintf("strings/%s.yaml", l->code);
        char *path = otr_path_join(im->project->content_dir, strings);
        int have_strings = otr_is_file(path);
        free(path);
        fprintf(im->report,
                "language %s (%s): the region has it, outreach does not "
                "print it: not in site.yaml%s%s%s\n",
                l->code, l->name, have_strings ? "" : ", no phrases (",
                have_strings ? "" : strings, have_strings ? "" : ")");
        if (glyphs)
            fprintf(im->report,
                    "  and the bundled fonts lack %d letter(s) of its name: "
                    "it needs a font\n",
                    glyphs);
        free(strings);
    }
    for (size_t s = 0; s < im->site->language_count; s++) {
        int found = 0;
        for (size_t i = 0; i < im->language_count && !found; i++)
            found = im->languages[i].site == (int)s;
        if (!found)
            fprintf(im->report,
                    "language %s: the region does not have it; its records "
                    "have no %s text (documents in %s about them are not "
                    "printed unless another language is allowed: --fallback "
                    "CODE, or \"fallback: CODE\" in the campaign), and QR "
                    "codes open the %s page\n",
                    im->site->languages[s].code, im->site->languages[s].code,
                    im->site->languages[s].code, im->languages[0].code);
    }
}

/* ---- Joining translations ------------------------------------------------ */

static long long record_id(const json_t *item, const char *key)
{
    const json_t *inner = lib.json_object_get(item, key);
    const json_t *id = lib.json_object_get(inner, "id");
    return json_is_integer(id) ? (long long)lib.json_integer_value(id) : -1;
}

static joined *find_joined(joined_list *list, long long id)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].id == id)
            return &list->items[i];
    list->items =
        otr_grow(list->items, &list->cap, list->count + 1, sizeof(joined));
    joined *j = &list->items[list->count++];
    memset(j, 0, sizeof(*j));
    j->id = id;
    return j;
}

/* The list ENDPOINT answers in language L, kept alive in KEEP; NULL when
 * there is none (a failure marks the import failed; a missing OPTIONAL
 * response does not). */
static json_t *fetch_list(importer *im, const region_language *l,
                          const char *endpoint, int optional, json_t ***keep,
                          size_t *keep_count, const char **name)
{
    size_t errors = otr_diags_error_count(im->diags);
    json_t *root = fetch(im, l->code, endpoint, optional, name);
    if (!root) {
        /* A saved response may be missing; a broken one fails. */
        if (otr_diags_error_count(im->diags) > errors)
            im->failed = 1;
        return NULL;
    }
    if (!json_is_array(root)) {
        otr_error_at(im->diags, source_mark(*name), 633,
                     "this is not a list of %s: is it the right response?",
                     endpoint);
        drop_json(root);
        im->failed = 1;
        return NULL;
    }
    *keep = otr_xrealloc(*keep, (*keep_count + 1) * sizeof(json_t *));
    (*keep)[(*keep_count)++] = root;
    return root;
}

/* Reads ENDPOINT in every language of the region that the site has and
 * joins the items by KEY's id. A fallback (top-level "id" null: the text
 * of another language served under this language's address) gives the
 * page address for the language, never its text. */
static void join(importer *im, const char *endpoint, const char *key,
                 joined_list *list, json_t ***keep, size_t *keep_count)
{
    for (size_t i = 0; i < im->language_count; i++) {
        region_language *l = &im->languages[i];
        if (l->site < 0)
            continue;
        const char *name = NULL;
        json_t *root = fetch_list(im, l, endpoint, im->opt->from_dir != NULL,
                                  keep, keep_count, &name);
        if (!root)
            continue;
        size_t n = lib.json_array_size(root);
        for (size_t k = 0; k < n; k++) {
            json_t *item = lib.json_array_get(root, k);
            long long id = record_id(item, key);
            if (id < 0) {
                otr_warning_at(im->diags, source_mark(name), 634,
                               "item %zu has no %s id: left out", k + 1, key);
                continue;
            }
            joined *j = find_joined(list, id);
            const char *path = str(item, "path");
            int fallback = json_is_null(lib.json_object_get(item, "id"));
            /* Recurring events come once per occurrence without
             * combine_recurring: the series is read from the first. */
            if (j->item[l->site] || (j->path[l->site] && fallback))
                continue;
            if (path && !j->path[l->site])
                j->path[l->site] = otr_xstrdup(path);
            /* The other languages' pages, also of translations whose own
             * response was not read. */
            json_t *pages = lib.json_object_get(item, "available_languages");
            for (void *at = lib.json_object_iter(pages); at;
                 at = lib.json_object_iter_next(pages, at)) {
                const char *code = lib.json_object_iter_key(at);
                const json_t *other = lib.json_object_iter_value(at);
                for (size_t o = 0; o < im->language_count; o++) {
                    int s = im->languages[o].site;
                    const char *other_path = str(other, "path");
                    if (s >= 0 && strcmp(im->languages[o].code, code) == 0 &&
                        !j->path[s] && other_path)
                        j->path[s] = otr_xstrdup(other_path);
                }
            }
            if (fallback)
                continue;
            j->item[l->site] = item;
            if (!j->master) {
                j->master = item;
                j->source = name;
            }
        }
    }
}

/* Reads the region's place categories in every site language the region
 * has (the location-categories endpoint, GET /api/v3/REGION/LANG/
 * location-categories/: a list of {id, name, color, icon}). The CMS gives
 * the default language's name where a translation is missing, with no
 * mark: such a name is not taken as a translation. Without the endpoint
 * (a saved response missing, an older CMS) the category each place
 * carries is used instead. */
static void read_categories(importer *im, json_t ***keep, size_t *keep_count)
{
    json_t *lists[16] = {0};
    for (size_t i = 0; i < im->language_count; i++) {
        region_language *l = &im->languages[i];
        if (l->site < 0)
            continue;
        const char *name = NULL;
        json_t *root = fetch_list(im, l, "location-categories", 1, keep,
                                  keep_count, &name);
        if (!root)
            continue;
        lists[l->site] = root;
    }
    /* The region's first language is its default one. */
    const json_t *defaults =
        im->languages[0].site >= 0 ? lists[im->languages[0].site] : NULL;
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        for (size_t k = 0; k < lib.json_array_size(lists[s]); k++) {
            const json_t *item = lib.json_array_get(lists[s], k);
            const json_t *idv = lib.json_object_get(item, "id");
            if (!json_is_integer(idv))
                continue;
            long long id = (long long)lib.json_integer_value(idv);
            region_category *c = NULL;
            for (size_t n = 0; n < im->region_category_count && !c; n++)
                if (im->region_categories[n].id == id)
                    c = &im->region_categories[n];
            if (!c) {
                im->region_categories = otr_grow(
                    im->region_categories, &im->region_category_cap,
                    im->region_category_count + 1, sizeof(region_category));
                c = &im->region_categories[im->region_category_count++];
                memset(c, 0, sizeof(*c));
                c->id = id;
            }
            if (!c->color)
                c->color = str(item, "color");
            if (!c->icon)
                c->icon = str(item, "icon");
            const char *label = str(item, "name");
            if (!has_text(label))
                continue;
            /* The default language's name under another language's
             * address is a fallback, not a translation. */
            int fallback = 0;
            if (defaults && lists[s] != defaults) {
                for (size_t d = 0; d < lib.json_array_size(defaults); d++) {
                    const json_t *other = lib.json_array_get(defaults, d);
                    if (lib.json_equal(lib.json_object_get(other, "id"), idv) &&
                        has_text(str(other, "name")) &&
                        strcmp(str(other, "name"), label) == 0)
                        fallback = 1;
                }
            }
            if (!fallback)
                c->name[s] = label;
        }
    }
}

static const region_category *find_region_category(const importer *im,
                                                   long long id)
{
    for (size_t i = 0; i < im->region_category_count; i++)
        if (im->region_categories[i].id == id)
            return &im->region_categories[i];
    return NULL;
}

static void free_joined(joined_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        for (int s = 0; s < 16; s++)
            free(list->items[i].path[s]);
    free(list->items);
}

/* The page of J in site language S: its own, else the region's first
 * language's. The caller frees. */
static char *page_url(importer *im, const joined *j, size_t s,
                      const char *suffix)
{
    const char *path = j->path[s];
    for (size_t i = 0; !path && i < im->language_count; i++)
        if (im->languages[i].site >= 0)
            path = j->path[im->languages[i].site];
    if (!path)
        return NULL;
    size_t len = strlen(path);
    if (suffix) {
        /* A series' page: the path without its "$date/" and with this
         * occurrence's. */
        const char *dollar = strchr(path, '$');
        len = dollar ? (size_t)(dollar - path) : len;
        while (len > 0 && path[len - 1] == '/')
            len--;
    }
    size_t web_len = strlen(im->web);
    while (web_len > 0 && im->web[web_len - 1] == '/')
        web_len--;
    char *raw = otr_xasprintf("%.*s%s%.*s%s", (int)web_len, im->web,
                              path[0] == '/' ? "" : "/", (int)len, path,
                              suffix ? suffix : "");
    char *url = otr_import_uri_encode(raw);
    free(raw);
    return url;
}

static void put_urls(importer *im, otr_buf *out, const joined *j,
                     const char *suffix)
{
    otr_buf_puts(out, "  urls:\n");
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        char *url = page_url(im, j, s, suffix);
        if (!url)
            continue;
        otr_buf_printf(out, "    %s: ", im->site->languages[s].code);
        otr_yaml_quote(out, url);
        otr_buf_puts(out, "\n");
        free(url);
    }
}

/* Per-language texts of FIELD, HTML or plain. */
static int put_texts(importer *im, otr_buf *out, const joined *j,
                     const char *key, const char *field, int html)
{
    int count = 0;
    otr_buf texts = {0};
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        if (!j->item[s])
            continue;
        const char *raw = str(j->item[s], field);
        if (!raw)
            continue;
        char *text = html ? otr_html_to_text(raw) : otr_text_line(raw);
        if (*text) {
            otr_buf_printf(&texts, "    %s: ", im->site->languages[s].code);
            otr_yaml_quote(&texts, text);
            otr_buf_puts(&texts, "\n");
            count++;
        }
        free(text);
    }
    if (count)
        otr_buf_printf(out, "  %s:\n%s", key, texts.data);
    otr_buf_free(&texts);
    return count;
}

/* 1 when the region publishes in site language S. */
static int region_has(const importer *im, size_t s)
{
    for (size_t i = 0; i < im->language_count; i++)
        if (im->languages[i].site == (int)s)
            return 1;
    return 0;
}

/* Notes the site languages the region has in which record ID (written
 * from J) has no FIELD text of its own. */
static void note_gaps(importer *im, const joined *j, const char *id,
                      const char *field)
{
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        if (!region_has(im, s))
            continue;
        const char *raw = j->item[s] ? str(j->item[s], field) : NULL;
        char *text = raw ? otr_html_to_text(raw) : NULL;
        if (!text || !*text) {
            otr_buf_printf(&im->gaps[s], "%s%s", im->gap_count[s] ? ", " : "",
                           id);
            im->gap_count[s]++;
        }
        free(text);
    }
}

/* The texts the portal does not have, once per language: the documents
 * in that language about these records are not printed unless another
 * language is allowed. */
static void report_gaps(importer *im)
{
    int any = 0;
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        if (!im->gap_count[s])
            continue;
        if (!any++)
            fprintf(im->report,
                    "texts missing (the portal has no translation, or its "
                    "response was not read): documents in that language "
                    "about these records are not printed; add the "
                    "translation in the CMS and import again, or allow "
                    "another language: --fallback CODE, or \"fallback: "
                    "CODE\" in the campaign\n");
        fprintf(im->report, "  %s: %zu record(s): %s\n",
                im->site->languages[s].code, im->gap_count[s],
                im->gaps[s].data);
    }
}

static char *record_label(const joined *j, const char *kind)
{
    const char *title = str(j->master, "title");
    /* The report goes to a terminal: the title is the CMS's, not ours. */
    char *shown = otr_escape_controls(title ? title : "");
    char *label = otr_xasprintf("%s %lld (%s)", kind, j->id, shown);
    free(shown);
    return label;
}

static void note_default(importer *im, const joined *j, const char *kind,
                         const char *what, const char *value)
{
    char *label = record_label(j, kind);
    fprintf(im->report, "  %s: %s from the import configuration (%s)\n", label,
            what, value);
    free(label);
}

static void skip(importer *im, const joined *j, const char *kind,
                 const char *why)
{
    char *label = record_label(j, kind);
    otr_warning_at(im->diags, source_mark(j->source), 640,
                   "%s not imported: %s", label, why);
    free(label);
}

/* ---- Places -------------------------------------------------------------- */

/* Whether LAT, LON lies in the region's bounding box (when it has one)
 * and the site's (site.yaml). */
static int in_boxes(const importer *im, double lat, double lon)
{
    const otr_site *site = im->site;
    if (im->have_box && (lon < im->box[0] || lon > im->box[2] ||
                         lat < im->box[1] || lat > im->box[3]))
        return 0;
    return !site->has_box || (lat >= site->south && lat <= site->north &&
                              lon >= site->west && lon <= site->east);
}

/* The position of LOCATION in *LAT, *LON, or 0 with *WHY saying, with the
 * numbers, why it cannot be used: no coordinates, Integreat's placeholder
 * 0, 0 (the CMS's default for a place whose position was never set), or a
 * position outside the region's or the site's bounding box, with a hint
 * when latitude and longitude look swapped. A place without a usable
 * position is not imported: a handout would show its pin and distance
 * wrong. */
static int geo_ok(importer *im, const json_t *location, double *lat,
                  double *lon, const char **why)
{
    const json_t *la = lib.json_object_get(location, "latitude");
    const json_t *lo = lib.json_object_get(location, "longitude");
    *why = im->geo_why;
    if (!json_is_number(la) || !json_is_number(lo)) {
        snprintf(im->geo_why, sizeof im->geo_why,
                 "it has no coordinates (needed to find the offers near a "
                 "shelter); add its position in the CMS");
        return 0;
    }
    *lat = lib.json_number_value(la);
    *lon = lib.json_number_value(lo);
    if (fabs(*lat) < 1e-6 && fabs(*lon) < 1e-6) {
        snprintf(im->geo_why, sizeof im->geo_why,
                 "its coordinates are the placeholder 0, 0 (its position "
                 "was never set): add its position in the CMS");
        return 0;
    }
    if (fabs(*lat) > 90 || fabs(*lon) > 180) {
        snprintf(im->geo_why, sizeof im->geo_why,
                 "its coordinates (latitude %g, longitude %g) are not a "
                 "position on earth: correct them in the CMS",
                 *lat, *lon);
        return 0;
    }
    if (in_boxes(im, *lat, *lon))
        return 1;
    int outside_region =
        im->have_box && (*lon < im->box[0] || *lon > im->box[2] ||
                         *lat < im->box[1] || *lat > im->box[3]);
    snprintf(im->geo_why, sizeof im->geo_why,
             "its coordinates (latitude %g, longitude %g) lie outside %s%s",
             *lat, *lon,
             outside_region ? "the region's bounding box"
                            : "the site's bounding_box (site.yaml)",
             in_boxes(im, *lon, *lat)
                 ? ": latitude and longitude look swapped; correct them in "
                   "the CMS"
                 : ": check its position in the CMS");
    return 0;
}

static void put_address(otr_buf *out, const char *indent,
                        const json_t *location)
{
    char *street = otr_text_line(str(location, "address"));
    char *postcode = otr_text_line(str(location, "postcode"));
    char *town = otr_text_line(str(location, "town"));
    otr_buf_printf(out, "%saddress: {street: ", indent);
    otr_yaml_quote(out, street);
    otr_buf_puts(out, ", postcode: ");
    otr_yaml_quote(out, postcode);
    otr_buf_puts(out, ", town: ");
    otr_yaml_quote(out, town);
    otr_buf_puts(out, "}\n");
    free(street);
    free(postcode);
    free(town);
}

/* Why LOCATION's address cannot be printed, or NULL. */
static const char *address_problem(const json_t *location)
{
    if (!has_text(str(location, "address")) || !has_text(str(location, "town")))
        return "it has no street address";
    const char *postcode = str(location, "postcode");
    if (!postcode || strlen(postcode) != 5 ||
        strspn(postcode, "0123456789") != 5)
        return "its postcode is not five digits";
    return NULL;
}

/* The site category a place of Integreat category CATEGORY belongs to:
 * from the configuration's "categories" (by Integreat's category id or
 * icon name), else one made from Integreat's own. NULL when none. */
static char *place_category(importer *im, const joined *j)
{
    const json_t *category = lib.json_object_get(j->master, "category");
    long long cid = record_id(j->master, "category");
    const char *icon = str(category, "icon");
    if (im->category_map) {
        char key[32];
        snprintf(key, sizeof key, "%lld", cid);
        const otr_node *mapped = otr_map_get(im->category_map, key);
        if (!mapped && icon)
            mapped = otr_map_get(im->category_map, icon);
        if (mapped && mapped->kind == OTR_NODE_SCALAR)
            return otr_xstrdup(mapped->text);
    }
    if (cid < 0) {
        if (im->place_category) {
            note_default(im, j, "place", "category", im->place_category);
            return otr_xstrdup(im->place_category);
        }
        return NULL;
    }
    char *id = otr_xasprintf("%s-category-%lld", im->prefix, cid);
    for (size_t i = 0; i < im->categories.count; i++)
        if (strcmp(im->categories.records[i].id, id) == 0)
            return id;
    /* From the region's list of categories, else as the place carries it
     * (the names of its real translations). */
    region_category own = {.id = cid};
    const region_category *c = find_region_category(im, cid);
    if (!c) {
        own.color = str(category, "color");
        own.icon = icon;
        int d = im->languages[0].site;
        const char *default_name =
            d >= 0 && j->item[d]
                ? str(lib.json_object_get(j->item[d], "category"), "name")
                : NULL;
        for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
            const json_t *cs =
                j->item[s] ? lib.json_object_get(j->item[s], "category") : NULL;
            const char *name = str(cs, "name");
            /* The default language's name served as a fallback. */
            if (has_text(name) && ((int)s == d || !default_name ||
                                   strcmp(name, default_name) != 0))
                own.name[s] = name;
        }
        c = &own;
    }
    otr_buf out = {0};
    otr_buf_printf(&out, "- id: %s\n", id);
    char color[8];
    if (otr_integreat_readable_color(c->color, color))
        fprintf(im->report,
                "  category %lld: colour %s darkened to %s so white text on "
                "it stays readable (contrast 4.5:1)\n",
                cid, c->color ? c->color : "(none)", color);
    otr_buf_printf(&out, "  color: \"%s\"\n", color);
    int close;
    const char *bundled = otr_integreat_bundled_icon(c->icon, &close);
    if (!close)
        fprintf(im->report,
                "  category %lld: no bundled icon shows \"%s\"; %s is "
                "used\n",
                cid, c->icon ? c->icon : "(none)", bundled);
    otr_buf_printf(&out, "  icon: icons/%s.svg\n", bundled);
    otr_buf_puts(&out, "  name:\n");
    int names = 0;
    for (size_t s = 0; s < im->site->language_count && s < 16; s++) {
        if (!has_text(c->name[s]))
            continue;
        char *name = otr_text_line(c->name[s]);
        otr_buf_printf(&out, "    %s: ", im->site->languages[s].code);
        otr_yaml_quote(&out, name);
        otr_buf_puts(&out, "\n");
        free(name);
        names++;
    }
    if (!names) {
        otr_buf_free(&out);
        free(id);
        return NULL;
    }
    otr_import_add(&im->categories, otr_xstrdup(id), otr_buf_take(&out));
    return id;
}

static const char *const weekdays[7] = {"mon", "tue", "wed", "thu",
                                        "fri", "sat", "sun"};

/* "opening_hours": seven days, Monday first, or null when unknown. A day
 * open all day is 00:00-24:00; a day by appointment only makes the whole
 * place "by appointment" (the content has no finer field). */
static void put_hours(importer *im, otr_buf *out, const joined *j,
                      int *by_appointment)
{
    const json_t *days = lib.json_object_get(j->master, "opening_hours");
    if (!json_is_array(days))
        return;
    if (lib.json_array_size(days) != 7) {
        char *label = record_label(j, "place");
        otr_warning_at(im->diags, source_mark(j->source), 641,
                       "%s: opening hours do not have seven days; left out",
                       label);
        free(label);
        return;
    }
    otr_buf hours = {0};
    for (int d = 0; d < 7; d++) {
        const json_t *day = lib.json_array_get(days, (size_t)d);
        if (flag(day, "closed"))
            continue;
        if (flag(day, "appointmentOnly"))
            *by_appointment = 1;
        otr_buf ranges = {0};
        int last_end = -1;
        if (flag(day, "allDay")) {
            otr_buf_puts(&ranges, "\"00:00-24:00\"");
        } else {
            const json_t *slots = lib.json_object_get(day, "timeSlots");
            for (size_t k = 0; k < lib.json_array_size(slots); k++) {
                const json_t *slot = lib.json_array_get(slots, k);
                const char *start = str(slot, "start");
                const char *end = str(slot, "end");
                char *text = otr_xasprintf("%.5s-%.5s", start ? start : "",
                                           end ? end : "");
                otr_time_range range;
                if (otr_parse_time_range(text, &range) < 0 ||
                    range.start < last_end) {
                    char *label = record_label(j, "place");
                    otr_warning_at(im->diags, source_mark(j->source), 642,
                                   "%s: %s time \"%s\" is not a time range "
                                   "after the day's earlier ones; left out",
                                   label, weekdays[d], text);
                    free(label);
                } else {
                    otr_buf_printf(&ranges, "%s\"%s\"", ranges.len ? ", " : "",
                                   text);
                    last_end = range.end;
                }
                free(text);
            }
        }
        if (ranges.len)
            otr_buf_printf(&hours, "    %s: [%s]\n", weekdays[d], ranges.data);
        otr_buf_free(&ranges);
    }
    if (hours.len)
        otr_buf_printf(out, "  hours:\n%s", hours.data);
    otr_buf_free(&hours);
}

/* A contact field: top level (older API) or the first contact's. */
static const char *contact_field(const json_t *item, const char *key)
{
    const char *value = str(item, key);
    if (has_text(value))
        return value;
    const json_t *contacts = lib.json_object_get(item, "contacts");
    for (size_t i = 0; i < lib.json_array_size(contacts); i++) {
        value = str(lib.json_array_get(contacts, i), key);
        if (has_text(value))
            return value;
    }
    return NULL;
}

static void put_contact(importer *im, otr_buf *out, const joined *j)
{
    const char *raw = contact_field(j->master, "phone_number");
    char *phone = otr_integreat_phone(raw);
    char *label = record_label(j, "place");
    if (phone) {
        otr_buf_puts(out, "  phone: ");
        otr_yaml_quote(out, phone);
        otr_buf_puts(out, "\n");
    } else if (raw) {
        otr_warning_at(im->diags, source_mark(j->source), 643,
                       "%s: \"%s\" is not a phone number; left out", label,
                       raw);
    }
    free(phone);
    const char *email = contact_field(j->master, "email");
    if (email && otr_valid_email(email)) {
        otr_buf_puts(out, "  email: ");
        otr_yaml_quote(out, email);
        otr_buf_puts(out, "\n");
    } else if (email) {
        otr_warning_at(im->diags, source_mark(j->source), 644,
                       "%s: \"%s\" is not an e-mail address; left out", label,
                       email);
    }
    const char *website = contact_field(j->master, "website");
    if (website && otr_url_is_web(website)) {
        otr_buf_puts(out, "  website: ");
        otr_yaml_quote(out, website);
        otr_buf_puts(out, "\n");
    } else if (website) {
        otr_warning_at(im->diags, source_mark(j->source), 645,
                       "%s: \"%s\" is not a web address; left out", label,
                       website);
    }
    free(label);
}

static void put_spoken(importer *im, otr_buf *out, const joined *j)
{
    otr_buf list = {0};
    otr_buf_puts(&list, "");
    for (size_t i = 0; i < im->spoken_count; i++)
        otr_buf_printf(&list, "%s%s", i ? ", " : "", im->spoken[i]);
    if (im->spoken_count) {
        note_default(im, j, "place", "languages spoken", list.data);
    } else {
        otr_buf_puts(&list, im->languages[0].code);
        char *label = record_label(j, "place");
        fprintf(im->report,
                "  %s: languages spoken unknown, %s assumed (set "
                "\"languages\" in the import configuration)\n",
                label, im->languages[0].code);
        free(label);
    }
    otr_buf_printf(out, "  languages: [%s]\n", list.data);
    otr_buf_free(&list);
}

static void import_place(importer *im, const joined *j)
{
    if (!j->master)
        return; /* only fallbacks in the site's languages */
    const json_t *location = lib.json_object_get(j->master, "location");
    if (flag(j->master, "temporarily_closed")) {
        skip(im, j, "place", "it is temporarily closed");
        return;
    }
    double lat, lon;
    const char *why = address_problem(location);
    if (why || !geo_ok(im, location, &lat, &lon, &why)) {
        skip(im, j, "place", why);
        return;
    }
    char *category = place_category(im, j);
    if (!category) {
        skip(im, j, "place",
             "it has no category (set \"category\" in the import "
             "configuration)");
        return;
    }
    otr_buf out = {0};
    char *id = otr_xasprintf("%s-place-%lld", im->prefix, j->id);
    otr_buf_printf(&out, "- id: %s\n  category: %s\n  name: ", id, category);
    free(category);
    char *name = otr_text_line(has_text(str(location, "name"))
                                   ? str(location, "name")
                                   : str(j->master, "title"));
    otr_yaml_quote(&out, name);
    free(name);
    otr_buf_puts(&out, "\n");
    if (!put_texts(im, &out, j, "description", "content", 1)) {
        otr_buf_free(&out);
        free(id);
        skip(im, j, "place", "it has no description in the site's languages");
        return;
    }
    put_address(&out, "  ", location);
    const char *district = im->district;
    if (district)
        note_default(im, j, "place", "district", district);
    else
        district = str(location, "town");
    otr_buf_puts(&out, "  district: ");
    otr_yaml_quote(&out, district);
    otr_buf_printf(&out, "\n  geo: {lat: %.7f, lon: %.7f}\n", lat, lon);
    put_contact(im, &out, j);
    int by_appointment = 0;
    put_hours(im, &out, j, &by_appointment);
    if (by_appointment)
        otr_buf_puts(&out, "  by_appointment: true\n");
    put_spoken(im, &out, j);
    put_urls(im, &out, j, NULL);
    note_gaps(im, j, id, "content");
    otr_import_add(&im->offers, id, otr_buf_take(&out));
}

/* ---- Events -------------------------------------------------------------- */

typedef struct {
    const char *category, *district, *organizer;
    int online;
    const json_t *location;
    double lat, lon;
} event_facts;

static void put_event(importer *im, const joined *j, const event_facts *f,
                      const char *id, const char *start, const char *end,
                      int all_day, const char *suffix)
{
    otr_buf out = {0};
    otr_buf_printf(&out, "- id: %s\n", id);
    if (f->category)
        otr_buf_printf(&out, "  category: %s\n", f->category);
    put_texts(im, &out, j, "title", "title", 0);
    put_texts(im, &out, j, "text", "content", 1);
    otr_buf_printf(&out, "  start: \"%s\"\n  end: \"%s\"\n", start, end);
    if (all_day)
        otr_buf_puts(&out, "  all_day: true\n");
    if (f->online) {
        otr_buf_puts(&out, "  online: true\n");
    } else {
        char *name = otr_text_line(str(f->location, "name"));
        otr_buf_puts(&out, "  venue:\n    name: ");
        otr_yaml_quote(&out, name);
        otr_buf_puts(&out, "\n");
        free(name);
        put_address(&out, "    ", f->location);
        otr_buf_printf(&out, "    geo: {lat: %.7f, lon: %.7f}\n", f->lat,
                       f->lon);
    }
    otr_buf_puts(&out, "  district: ");
    otr_yaml_quote(&out, f->district);
    otr_buf_puts(&out, "\n  organizer: ");
    otr_yaml_quote(&out, f->organizer);
    otr_buf_puts(&out, "\n");
    put_urls(im, &out, j, suffix);
    otr_import_add(&im->events, otr_xstrdup(id), otr_buf_take(&out));
}

/* 1 when the site names a time zone (site.yaml "timezone") whose offset
 * at instant UTC is not OFFSET minutes: such a time would not be the one
 * the site's readers live by, and the content refuses it. */
static int off_site_zone(const importer *im, int64_t utc, int offset)
{
    const char *zone = im->site->timezone;
    int64_t wall;
    if (!zone || otr_zone_to_wall(zone, utc, &wall) < 0)
        return 0;
    return wall - utc != (int64_t)offset * 60;
}

static const char *zone_why(importer *im, const char *zone)
{
    static char why[256];
    snprintf(why, sizeof why,
             "its time zone %.40s is not the site's (%.40s, site.yaml): its "
             "times would print at another hour",
             zone, im->site->timezone);
    return why;
}

static void import_event(importer *im, const joined *j)
{
    if (!j->master)
        return;
    const json_t *event = lib.json_object_get(j->master, "event");
    otr_datetime start, end;
    const char *start_text = str(event, "start");
    const char *end_text = str(event, "end");
    if (!start_text || !end_text || otr_parse_datetime(start_text, &start) ||
        otr_parse_datetime(end_text, &end) || end.utc < start.utc) {
        skip(im, j, "event", "its start and end are not times with an offset");
        return;
    }
    if (!start.has_offset || !end.has_offset) {
        skip(im, j, "event", "its start and end are not times with an offset");
        return;
    }
    const char *zone = str(event, "timezone");
    if (!zone || !otr_zone_exists(zone)) {
        if (!im->site->timezone || !otr_zone_exists(im->site->timezone)) {
            skip(im, j, "event",
                 "its time zone is not one of the IANA database (and "
                 "site.yaml names none)");
            return;
        }
        char *label = record_label(j, "event");
        fprintf(im->report, "  %s: %s%s%s, the site's (%s, site.yaml) used\n",
                label, zone ? "time zone \"" : "no time zone given",
                zone ? zone : "", zone ? "\" unknown" : "", im->site->timezone);
        free(label);
        zone = im->site->timezone;
    }
    if (off_site_zone(im, start.utc, start.offset) ||
        off_site_zone(im, end.utc, end.offset)) {
        skip(im, j, "event", zone_why(im, zone));
        return;
    }
    event_facts f = {0};
    f.location = lib.json_object_get(j->master, "location");
    f.online =
        has_text(str(j->master, "meeting_url")) || flag(event, "is_online");
    long long place = record_id(j->master, "location");
    const char *why = NULL;
    if (!f.online && place < 0) {
        skip(im, j, "event", "it has neither a place nor a meeting link");
        return;
    }
    if (!f.online && ((why = address_problem(f.location)) ||
                      !geo_ok(im, f.location, &f.lat, &f.lon, &why))) {
        skip(im, j, "event", why);
        return;
    }
    int all_day = flag(event, "all_day");
    const char *rule = str(j->master, "recurrence_rule");
    if (!has_text(rule) &&
        (end.utc < im->from_utc || start.utc >= im->until_utc)) {
        char *label = record_label(j, "event");
        fprintf(im->report, "  %s: outside the dates imported, left out\n",
                label);
        free(label);
        return;
    }
    f.category = im->event_category;
    f.district = im->district;
    if (f.district)
        note_default(im, j, "event", "district", f.district);
    else if (!f.online)
        f.district = str(f.location, "town");
    if (!f.district) {
        f.district = im->region_name;
        char *label = record_label(j, "event");
        fprintf(im->report,
                "  %s: online, so the region's name is its district (set "
                "\"district\" in the import configuration)\n",
                label);
        free(label);
    }
    f.organizer = im->organizer;
    if (!f.organizer) {
        skip(im, j, "event",
             "Integreat does not name organizers: set \"organizer\" in the "
             "import configuration");
        return;
    }
    note_default(im, j, "event", "organizer", f.organizer);
    char base_id[96];
    snprintf(base_id, sizeof base_id, "%s-event-%lld", im->prefix, j->id);
    if (!has_text(rule)) {
        put_event(im, j, &f, base_id, start_text, end_text, all_day, NULL);
        note_gaps(im, j, base_id, "title");
        return;
    }
    /* A series: expanded in the event's zone, so an event at 13:00 stays
     * at 13:00 local time after the clocks change. */
    int64_t first_utc = otr_integreat_rule_start(rule);
    if (first_utc < 0)
        first_utc = start.utc;
    int64_t first_wall, start_wall = start.utc + (int64_t)start.offset * 60,
                        end_wall = end.utc + (int64_t)end.offset * 60;
    otr_zone_to_wall(zone, first_utc, &first_wall);
    int64_t length = end_wall - start_wall;
    char *body = otr_integreat_rule_body(rule);
    int64_t *starts = otr_xcalloc(MAX_OCCURRENCES, sizeof(int64_t));
    size_t count = 0;
    if (!body || otr_recurrence_expand(body, zone, first_wall, im->from_utc,
                                       im->until_utc, starts, MAX_OCCURRENCES,
                                       &count) < 0) {
        skip(im, j, "event", "its recurrence rule is not one iCalendar reads");
    } else {
        for (size_t i = 0; i < count; i++) {
            int64_t s_utc, e_utc;
            int s_off, e_off;
            otr_zone_to_utc(zone, starts[i], &s_utc, &s_off);
            otr_zone_to_utc(zone, starts[i] + length, &e_utc, &e_off);
            if (off_site_zone(im, s_utc, s_off) ||
                off_site_zone(im, e_utc, e_off)) {
                skip(im, j, "event", zone_why(im, zone));
                count = 0;
            }
        }
        for (size_t i = 0; i < count; i++) {
            int64_t s_utc, e_utc;
            int s_off, e_off;
            otr_zone_to_utc(zone, starts[i], &s_utc, &s_off);
            otr_zone_to_utc(zone, starts[i] + length, &e_utc, &e_off);
            char s_text[64], e_text[64], date[16], id[160], suffix[24];
            otr_integreat_format_time(s_text, s_utc, s_off);
            otr_integreat_format_time(e_text, e_utc, e_off);
            snprintf(date, sizeof date, "%.10s", s_text);
            snprintf(id, sizeof id, "%s-%s", base_id, date);
            snprintf(suffix, sizeof suffix, "$%s/", date);
            put_event(im, j, &f, id, s_text, e_text, all_day, suffix);
        }
        if (count) {
            char *series = otr_xasprintf("%s-* (%zu dates)", base_id, count);
            note_gaps(im, j, series, "title");
            free(series);
        }
    }
    free(body);
    free(starts);
}

/* ---- The whole import ---------------------------------------------------- */

int otr_import_integreat(const otr_paths *paths,
                         const otr_import_integreat_options *options,
                         FILE *report, otr_diags *diags)
{
    /* Events come with time zones and recurrence rules: libical. */
    const char *unloadable = otr_dynlib_load(&libjansson);
    if (!unloadable)
        unloadable = otr_recurrence_load();
    if (unloadable) {
        otr_diags_error(diags, 604, "cannot import: %s", unloadable);
        return -1;
    }
    importer im = {0};
    im.opt = options;
    im.diags = diags;
    im.report = report;
    char *region = options->region ? otr_xstrdup(options->region)
                   : options->from_dir
                       ? otr_integreat_region_of_dir(options->from_dir)
                       : NULL;
    if (!region || !otr_valid_id(region)) {
        free(region);
        otr_error_at(diags, ((otr_mark){"outreach", 0, 0}), 650,
                     "--region needs the region's name as in its address, "
                     "e.g. augsburg (integreat.app/augsburg)");
        return -1;
    }
    if (!(im.project = otr_import_load_content(paths, diags))) {
        free(region);
        return -1;
    }
    im.site = &im.project->site;
    im.region = region;
    im.prefix = otr_xstrdup(region);
    load_config(&im);
    int status = -1;
    json_t **responses = NULL;
    size_t response_count = 0;
    joined_list places = {0}, events = {0};
    if (im.failed || read_region(&im) < 0)
        goto done;
    if (!im.region_name)
        im.region_name = otr_xstrdup(im.region);
    report_languages(&im);

    char *name = otr_xasprintf("integreat-%s.yaml", im.region);
    char *title =
        otr_xasprintf("Imported from Integreat, region %s.", im.region);
    im.categories =
        (otr_import_file){"categories", "category", name, title, NULL, 0, 0};
    im.offers = (otr_import_file){
        "offers", "offer", otr_xstrdup(name), title, NULL, 0, 0};
    im.events = (otr_import_file){
        "events", "event", otr_xstrdup(name), title, NULL, 0, 0};
    read_categories(&im, &responses, &response_count);
    join(&im, "locations", "location", &places, &responses, &response_count);
    join(&im, "events", "event", &events, &responses, &response_count);
    if (im.failed)
        goto done_files;
    for (size_t i = 0; i < places.count; i++)
        import_place(&im, &places.items[i]);
    for (size_t i = 0; i < events.count; i++)
        import_event(&im, &events.items[i]);
    report_gaps(&im);
    fprintf(report,
            "integreat %s: %zu place(s) and %zu event(s) read, %zu "
            "offer(s) and %zu event date(s) to write\n",
            im.region, places.count, events.count, im.offers.count,
            im.events.count);
    otr_import_file files[3] = {im.categories, im.offers, im.events};
    status = otr_import_commit(paths->content_dir, paths->layouts_dir, files, 3,
                               im.opt->max_file_bytes, report, diags);
done_files:
    otr_import_file_clear(&im.categories);
    otr_import_file_clear(&im.offers);
    otr_import_file_clear(&im.events);
    free(title);
done:
    free_joined(&places);
    free_joined(&events);
    for (size_t i = 0; i < response_count; i++)
        drop_json(responses[i]);
    free(responses);
    for (size_t i = 0; i < im.language_count; i++) {
        free(im.languages[i].code);
        free(im.languages[i].name);
    }
    free(im.languages);
    free(im.region_categories);
    for (int s = 0; s < 16; s++)
        otr_buf_free(&im.gaps[s]);
    free(im.spoken);
    for (size_t i = 0; i < im.source_count; i++)
        free(im.sources[i]);
    free(im.sources);
    otr_yaml_doc_free(im.config);
    free(im.region);
    free(im.region_name);
    free(im.prefix);
    otr_project_free(im.project);
    return status;
}
