#include "bind.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "import.h"
#include "url.h"
#include "util.h"

#define PI 3.14159265358979323846

otr_bind_ctx otr_bind_context(const otr_compose_input *input, int secondary)
{
    otr_bind_ctx ctx = {0};
    ctx.input = input;
    ctx.lang = secondary && input->lang2 ? input->lang2 : input->lang;
    ctx.strings = secondary && input->lang2 ? input->strings2 : input->strings;
    ctx.offer = input->offer;
    if (input->offer)
        ctx.category = input->offer->category;
    else if (input->event)
        ctx.category = input->event->category;
    ctx.distance_km = -1;
    return ctx;
}

double otr_nearby_radius_km(const otr_compose_input *input)
{
    if (input->shelter && input->shelter->radius_km > 0)
        return input->shelter->radius_km;
    if (input->radius_km > 0)
        return input->radius_km;
    const otr_layout *layout = input->layout;
    for (size_t p = 0; p < layout->page_count; p++)
        for (size_t f = 0; f < layout->pages[p].frame_count; f++)
            if (layout->pages[p].frames[f].kind == OTR_FRAME_LIST &&
                layout->pages[p].frames[f].max_km > 0)
                return layout->pages[p].frames[f].max_km;
    return OTR_RADIUS_DEFAULT_KM;
}

double otr_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double radius = 6371.0088; /* mean Earth radius */
    double p1 = lat1 * PI / 180, p2 = lat2 * PI / 180;
    double dp = p2 - p1, dl = (lon2 - lon1) * PI / 180;
    double a = sin(dp / 2) * sin(dp / 2) +
               cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * radius * atan2(sqrt(a), sqrt(1 - a));
}

/* What a data placeholder gives. */
typedef struct {
    char *text;          /* owned; NULL: not data at all */
    const char *isolate; /* OTR_LRI, OTR_FSI or NULL */
    int empty;           /* optional data that this record does not have */
} value;

static value none(void)
{
    return (value){NULL, NULL, 0};
}

static value empty(void)
{
    return (value){otr_xstrdup(""), NULL, 1};
}

static value ltr(const char *text)
{
    return text ? (value){otr_xstrdup(text), OTR_LRI, 0} : empty();
}

static value named(const char *text)
{
    return text ? (value){otr_xstrdup(text), OTR_FSI, 0} : empty();
}

static value owned(char *text, const char *isolate)
{
    return text ? (value){text, isolate, 0} : empty();
}

typedef struct {
    const otr_bind_ctx *ctx;
    otr_mark mark;
    otr_diags *diags;
    int failed;
} binder;

void otr_substitutions_add(otr_substitutions *subs, const char *field,
                           const char *record, const char *lang)
{
    for (size_t i = 0; i < subs->count; i++) {
        const otr_substitution *s = &subs->items[i];
        if (strcmp(s->field, field) == 0 &&
            ((!s->record && !record) ||
             (s->record && record && strcmp(s->record, record) == 0)))
            return;
    }
    subs->items = otr_grow(subs->items, &subs->cap, subs->count + 1,
                           sizeof(otr_substitution));
    subs->items[subs->count++] = (otr_substitution){
        otr_xstrdup(field), record ? otr_xstrdup(record) : NULL, lang};
}

char *otr_substitutions_text(const otr_substitutions *subs)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    for (size_t i = 0; i < subs->count; i++) {
        const otr_substitution *s = &subs->items[i];
        /* A phrase's key is one word: "phrase:postcard.headline". */
        otr_buf_printf(&out, "%s", i ? " " : "");
        for (const char *p = s->field; *p; p++)
            otr_buf_append(&out, *p == ' ' ? ":" : p, 1);
        if (s->record)
            otr_buf_printf(&out, "@%s", s->record);
        otr_buf_printf(&out, "=%s", s->lang);
    }
    return otr_buf_take(&out);
}

void otr_substitutions_clear(otr_substitutions *subs)
{
    for (size_t i = 0; i < subs->count; i++) {
        free(subs->items[i].field);
        free(subs->items[i].record);
    }
    free(subs->items);
    memset(subs, 0, sizeof(*subs));
}

/* How a field of a record may stand in for a missing translation. */
typedef enum {
    RUNNING_TEXT, /* only in the fallback language the user allowed */
    PROPER_NAME   /* the original name, the one on the door */
} text_kind;

/* The text of field FIELD ("title") of record KIND ("event") with id ID in
 * the context's language. A proper name falls back to its original name
 * (the site's first language); running text to the fallback language only
 * when the user allowed one, which is recorded; else an error at the
 * record's text, where the translation belongs. */
static value i18n(binder *b, const otr_i18n *text, const char *kind,
                  const char *id, const char *field, int optional,
                  text_kind how)
{
    const otr_bind_ctx *ctx = b->ctx;
    if (text->count == 0 && optional)
        return empty();
    const otr_text_entry *entry = otr_i18n_find(text, ctx->lang->code);
    if (entry)
        return (value){otr_xstrdup(entry->text), entry->lang ? NULL : OTR_FSI,
                       0};
    const otr_site *site = ctx->input->site;
    if (how == PROPER_NAME && site->language_count &&
        (entry = otr_i18n_find(text, site->languages[0].code)))
        return (value){otr_xstrdup(entry->text), OTR_FSI, 0};
    const otr_strings *fallback = ctx->input->fallback;
    if (fallback && (entry = otr_i18n_find(text, fallback->lang))) {
        otr_warning_at(b->diags, text->mark, 226,
                       "%s \"%s\" has no %s in language %s; printing the %s "
                       "text, as allowed",
                       kind, id, field, ctx->lang->code, fallback->lang);
        if (ctx->input->substitutions) {
            char *name = otr_xasprintf("%s.%s", kind, field);
            /* The document's own record goes without saying. */
            int own =
                ctx->input->record_id && strcmp(ctx->input->record_id, id) == 0;
            otr_substitutions_add(ctx->input->substitutions, name,
                                  own ? NULL : id, fallback->lang);
            free(name);
        }
        return (value){otr_xstrdup(entry->text), OTR_FSI, 0};
    }
    const char *source = otr_import_source_of(text->mark.file);
    if (source)
        /* An edit here is lost on the next import. */
        otr_error_at(b->diags, text->mark, 225,
                     "%s \"%s\" has no %s in language %s: %s has no %s "
                     "text for it; add it there and import again (or allow "
                     "printing another language instead: --fallback CODE, "
                     "or \"fallback: CODE\" in the campaign)",
                     kind, id, field, ctx->lang->code, source, ctx->lang->code);
    else
        otr_error_at(b->diags, text->mark, 225,
                     "%s \"%s\" has no %s in language %s: add \"%s: ...\" "
                     "here (or allow printing another language instead: "
                     "--fallback CODE, or \"fallback: CODE\" in the "
                     "campaign)",
                     kind, id, field, ctx->lang->code, ctx->lang->code);
    b->failed = 1;
    return none();
}

static char *join_address(const otr_address *address)
{
    return otr_xasprintf("%s, %s %s", address->street, address->postcode,
                         address->town);
}

/* "Deutsch, Englisch und Arabisch", in the context's language. */
static char *language_names(const otr_bind_ctx *ctx, const char **codes,
                            size_t count)
{
    char **names = otr_xcalloc(count + 1, sizeof(char *));
    for (size_t i = 0; i < count; i++) {
        names[i] = otr_format_language_name(ctx->lang, codes[i]);
        if (!names[i])
            names[i] = otr_xstrdup(codes[i]);
    }
    char *list = otr_format_list(ctx->lang, (const char *const *)names, count);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return list;
}

static int same_hours(const otr_offer *offer, int a, int b)
{
    if (offer->hours_count[a] != offer->hours_count[b])
        return 0;
    for (size_t i = 0; i < offer->hours_count[a]; i++) {
        if (offer->hours[a][i].start != offer->hours[b][i].start ||
            offer->hours[a][i].end != offer->hours[b][i].end)
            return 0;
    }
    return 1;
}

/* "Mo–Fr 09:00–12:00, 13:00–16:00": a line per run of days with the same
 * hours, then "by appointment". */

/* A phrase the data itself needs ("by appointment"), in the document's
 * language or its fallback; NULL after reporting when neither has it. */
static const char *common_phrase(binder *b, const char *key)
{
    const otr_bind_ctx *ctx = b->ctx;
    const otr_string *phrase = otr_strings_find(ctx->strings, key);
    if (!phrase && ctx->input->fallback &&
        (phrase = otr_strings_find(ctx->input->fallback, key)) &&
        ctx->input->substitutions) {
        char *field = otr_xasprintf("phrase %s", key);
        otr_substitutions_add(ctx->input->substitutions, field, NULL,
                              ctx->input->fallback->lang);
        free(field);
    }
    if (!phrase) {
        otr_error_at(b->diags, b->mark, 223,
                     "no phrase \"%s\" in language %s (add it to "
                     "strings/%s.yaml)",
                     key, ctx->lang->code, ctx->lang->code);
        b->failed = 1;
        return NULL;
    }
    return phrase->text;
}

static char *opening_hours(binder *b, const otr_offer *offer)
{
    const otr_bind_ctx *ctx = b->ctx;
    otr_buf out = {0};
    for (int day = 0; day < OTR_WEEKDAYS; day++) {
        if (!offer->hours_count[day])
            continue;
        int last = day;
        while (last + 1 < OTR_WEEKDAYS && same_hours(offer, day, last + 1))
            last++;
        /* Days: "Mo", "Mo, Di" (a pair), "Mo–Fr" (a range). */
        char *days[2] = {otr_format_weekday(ctx->lang, day),
                         otr_format_weekday(ctx->lang, last)};
        char *when;
        if (last == day)
            when = otr_xstrdup(days[0] ? days[0] : "");
        else if (last == day + 1 && days[0] && days[1])
            when = otr_format_list(ctx->lang, (const char *const *)days, 2);
        else
            when = otr_xasprintf("%s–%s", days[0] ? days[0] : "",
                                 days[1] ? days[1] : "");
        free(days[0]);
        free(days[1]);
        size_t n = offer->hours_count[day];
        char **ranges = otr_xcalloc(n + 1, sizeof(char *));
        for (size_t i = 0; i < n; i++) {
            const otr_time_range *range = &offer->hours[day][i];
            ranges[i] =
                otr_format_opening_hours(ctx->lang, range->start, range->end);
            if (!ranges[i])
                ranges[i] = otr_xstrdup("");
        }
        char *times =
            otr_format_list(ctx->lang, (const char *const *)ranges, n);
        otr_buf_printf(&out, "%s%s %s", out.len ? "\n" : "", when ? when : "",
                       times ? times : "");
        for (size_t i = 0; i < n; i++)
            free(ranges[i]);
        free(ranges);
        free(times);
        free(when);
        day = last;
    }
    if (offer->by_appointment) {
        const char *phrase = common_phrase(b, "common.by_appointment");
        if (phrase)
            otr_buf_printf(&out, "%s%s", out.len ? "\n" : "", phrase);
    }
    return otr_buf_take(&out);
}

static value offer_value(binder *b, const otr_offer *offer, const char *field)
{
    const otr_bind_ctx *ctx = b->ctx;
    if (strcmp(field, "name") == 0)
        return i18n(b, &offer->name, "offer", offer->id, "name", 0,
                    PROPER_NAME);
    if (strcmp(field, "description") == 0)
        return i18n(b, &offer->description, "offer", offer->id, "description",
                    0, RUNNING_TEXT);
    if (strcmp(field, "address") == 0)
        return owned(join_address(&offer->address), OTR_LRI);
    if (strcmp(field, "street") == 0)
        return ltr(offer->address.street);
    if (strcmp(field, "town") == 0)
        return owned(otr_xasprintf("%s %s", offer->address.postcode,
                                   offer->address.town),
                     OTR_LRI);
    if (strcmp(field, "district") == 0)
        return named(offer->district);
    if (strcmp(field, "phone") == 0)
        return ltr(offer->phone);
    if (strcmp(field, "email") == 0)
        return ltr(offer->email);
    if (strcmp(field, "website") == 0)
        return offer->website ? owned(otr_url_display(offer->website), OTR_LRI)
                              : empty();
    if (strcmp(field, "hours") == 0) {
        char *hours = opening_hours(b, offer);
        if (!*hours) {
            free(hours);
            return empty();
        }
        return owned(hours, NULL);
    }
    if (strcmp(field, "languages") == 0)
        return owned(
            language_names(ctx, offer->languages, offer->language_count), NULL);
    if (strcmp(field, "distance") == 0)
        return ctx->distance_km >= 0
                   ? owned(otr_format_km(ctx->lang, ctx->distance_km), NULL)
                   : empty();
    if (strcmp(field, "category") == 0)
        return i18n(b, &offer->category->name, "category", offer->category->id,
                    "name", 0, RUNNING_TEXT);
    return none();
}

static value event_value(binder *b, const otr_event *event, const char *field)
{
    const otr_bind_ctx *ctx = b->ctx;
    if (strcmp(field, "title") == 0)
        return i18n(b, &event->title, "event", event->id, "title", 0,
                    RUNNING_TEXT);
    if (strcmp(field, "text") == 0)
        return i18n(b, &event->text, "event", event->id, "text", 1,
                    RUNNING_TEXT);
    if (strcmp(field, "date") == 0)
        return owned(
            otr_format_date(ctx->lang, event->start.utc, event->start.offset),
            NULL);
    if ((strcmp(field, "time") == 0 && event->all_day) ||
        (strcmp(field, "address") == 0 && event->online))
        return empty();
    if (strcmp(field, "venue") == 0 && event->online) {
        const char *online = common_phrase(b, "common.online");
        return online ? named(online) : empty();
    }
    if (strcmp(field, "time") == 0)
        return owned(otr_format_time_range(ctx->lang, event->start.utc,
                                           event->end.utc, event->start.offset),
                     NULL);
    if (strcmp(field, "venue") == 0)
        return named(event->venue_name);
    if (strcmp(field, "address") == 0)
        return owned(join_address(&event->venue_address), OTR_LRI);
    if (strcmp(field, "organizer") == 0)
        return named(event->organizer);
    if (strcmp(field, "category") == 0)
        return event->category
                   ? i18n(b, &event->category->name, "category",
                          event->category->id, "name", 0, RUNNING_TEXT)
                   : empty();
    return none();
}

/* TEXT with no-break spaces, except after a comma: a name or an address
 * broken over two lines reads, in right-to-left text, in the wrong order. */
static char *unbreakable(const char *text)
{
    otr_buf out = {0};
    for (const char *p = text; *p; p++) {
        if (*p == ' ' && (p == text || p[-1] != ','))
            otr_buf_puts(&out, "\xC2\xA0");
        else
            otr_buf_append(&out, p, 1);
    }
    return otr_buf_take(&out);
}

static value site_value(binder *b, const char *name)
{
    const otr_bind_ctx *ctx = b->ctx;
    const otr_site *site = ctx->input->site;
    if (strcmp(name, "site.name") == 0)
        return named(site->name);
    if (strcmp(name, "site.languages") == 0) {
        /* Each name isolated and whole; the list follows the paragraph's
         * direction and wraps only after a separator. */
        otr_buf list = {0};
        for (size_t i = 0; i < site->language_count; i++) {
            char *whole = unbreakable(site->languages[i].name);
            otr_buf_printf(&list, "%s" OTR_FSI "%s" OTR_PDI,
                           i ? "\xC2\xA0· " : "", whole);
            free(whole);
        }
        return owned(otr_buf_take(&list), NULL);
    }
    if (strcmp(name, "site.phone") == 0)
        return ltr(site->phone);
    if (strcmp(name, "site.email") == 0)
        return ltr(site->email);
    const otr_imprint *imprint = &site->imprint;
    if (strcmp(name, "site.publisher") == 0)
        return imprint->publisher
                   ? owned(unbreakable(imprint->publisher), OTR_FSI)
                   : empty();
    if (strcmp(name, "site.publisher_address") == 0)
        return imprint->address ? owned(unbreakable(imprint->address), OTR_LRI)
                                : empty();
    if (strcmp(name, "site.responsible") == 0)
        return imprint->responsible
                   ? owned(unbreakable(imprint->responsible), OTR_FSI)
                   : empty();
    return none();
}

/* A web address on a screen product (a PNG: nobody copies it) may wrap
 * after each "/" inside it: a ZERO WIDTH SPACE (U+200B) there is a line
 * break opportunity (UAX #14, class ZW). The caller frees. */
static char *url_line_breaks(const char *shown)
{
    otr_buf out = {0};
    for (const char *p = shown; *p; p++) {
        otr_buf_append(&out, p, 1);
        if (*p == '/' && p[1] && p[1] != '/')
            otr_buf_puts(&out, "\xE2\x80\x8B");
    }
    return otr_buf_take(&out);
}

static value data_value(binder *b, const char *name)
{
    const otr_bind_ctx *ctx = b->ctx;
    const otr_compose_input *input = ctx->input;
    if (strncmp(name, "site.", 5) == 0)
        return site_value(b, name);
    if (strncmp(name, "url.", 4) == 0) {
        otr_url_kind kind;
        if (otr_url_kind_parse(name + 4, &kind) < 0)
            return none();
        const char *id = NULL;
        if (kind == OTR_URL_OFFER && ctx->offer)
            id = ctx->offer->id;
        else if (kind != OTR_URL_SITE && kind == input->layout->record)
            id = input->record_id;
        if (kind != OTR_URL_SITE && !id)
            return none();
        const otr_i18n *urls = NULL;
        if (kind == OTR_URL_OFFER && ctx->offer)
            urls = &ctx->offer->urls;
        else if (kind == OTR_URL_OFFER && input->offer)
            urls = &input->offer->urls;
        else if (kind == OTR_URL_EVENT && input->event)
            urls = &input->event->urls;
        const char *page = urls ? otr_record_page(urls, ctx->lang->code) : NULL;
        char *url = otr_site_record_url(input->site, kind, ctx->lang->code, id,
                                        page, NULL, NULL, NULL);
        char *shown = otr_url_display(url);
        free(url);
        if (shown && input->layout->in_px) {
            /* Read on a screen, typed by hand: the page's address as the
             * browser's address bar shows it, in the reader's letters. */
            char *iri = otr_url_to_iri(shown);
            free(shown);
            shown = iri;
            char *breakable = url_line_breaks(shown);
            free(shown);
            shown = breakable;
        }
        return owned(shown, OTR_LRI);
    }
    if (strncmp(name, "offer.", 6) == 0 && ctx->offer)
        return offer_value(b, ctx->offer, name + 6);
    if (strncmp(name, "event.", 6) == 0 && input->event)
        return event_value(b, input->event, name + 6);
    if (strncmp(name, "shelter.", 8) == 0 && input->shelter) {
        const otr_shelter *shelter = input->shelter;
        if (strcmp(name + 8, "name") == 0)
            return named(shelter->name);
        if (strcmp(name + 8, "address") == 0)
            return owned(join_address(&shelter->address), OTR_LRI);
        if (strcmp(name + 8, "district") == 0)
            return named(shelter->district);
        if (strcmp(name + 8, "radius") == 0)
            return owned(
                otr_format_radius_km(ctx->lang, otr_nearby_radius_km(input)),
                NULL);
        return none();
    }
    if (strcmp(name, "lang.name") == 0)
        return owned(otr_xstrdup(ctx->lang->name), NULL);
    if (strcmp(name, "category.name") == 0 && ctx->category)
        return i18n(b, &ctx->category->name, "category", ctx->category->id,
                    "name", 0, RUNNING_TEXT);
    if (strcmp(name, "page") == 0 && ctx->page)
        return owned(otr_format_integer(ctx->lang, ctx->page), NULL);
    if (strcmp(name, "pages") == 0 && ctx->pages)
        return owned(otr_format_integer(ctx->lang, ctx->pages), NULL);
    return none();
}

/* What each kind of data offers, for the message about a name that is not
 * there ("{offer.phne}"). */
static const struct {
    const char *prefix, *fields;
} data_fields[] = {
    {"site.", "name, languages, phone, email, publisher, "
              "publisher_address, responsible"},
    {"url.", "site, offer, event, shelter"},
    {"offer.", "name, description, category, address, street, town, "
               "district, phone, email, website, hours, languages, distance"},
    {"event.", "title, text, date, time, venue, address, organizer, category"},
    {"shelter.", "name, address, district, radius"},
    {"category.", "name"},
    {"lang.", "name"},
};

static void unknown_data(binder *b, const char *name, otr_mark mark)
{
    const otr_bind_ctx *ctx = b->ctx;
    for (size_t i = 0; i < sizeof data_fields / sizeof data_fields[0]; i++) {
        size_t len = strlen(data_fields[i].prefix);
        if (strncmp(name, data_fields[i].prefix, len) != 0)
            continue;
        int have = (i == 2 && ctx->offer) || (i == 3 && ctx->input->event) ||
                   (i == 4 && ctx->input->shelter) || i == 0 || i == 6 ||
                   (i == 5 && ctx->category);
        if (have || i == 1)
            otr_error_at(
                b->diags, mark, 221, "there is no \"{%s}\": %.*s has %s", name,
                (int)len - 1, data_fields[i].prefix, data_fields[i].fields);
        else
            otr_error_at(b->diags, mark, 221,
                         "no \"{%s}\" in this layout: it is about the %s", name,
                         otr_url_kind_name(ctx->input->layout->record));
        return;
    }
    otr_error_at(b->diags, mark, 221, "no data \"{%s}\"", name);
}

static int is_data_name(const char *name)
{
    static const char *const prefixes[] = {
        "site.", "url.", "offer.", "event.", "shelter.", "category.", NULL};
    for (int i = 0; prefixes[i]; i++) {
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    }
    return strcmp(name, "page") == 0 || strcmp(name, "pages") == 0;
}

/* Expands TMPL into OUT; *LINE_EMPTY is set when optional data came out
 * empty. Phrases may hold data but not other phrases, so this cannot loop. */
static int expand(binder *b, const char *tmpl, otr_mark mark, int isolate,
                  int allow_phrases, otr_buf *out, int *line_empty)
{
    const otr_bind_ctx *ctx = b->ctx;
    const char *p = tmpl;
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            otr_buf_append(out, p, 1);
            p += 2;
            continue;
        }
        if (*p != '{') {
            otr_buf_append(out, p, 1);
            p++;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            otr_error_at(b->diags, mark, 220, "unclosed \"{\" in \"%s\"", tmpl);
            return -1;
        }
        char *name = otr_xstrndup(p + 1, (size_t)(close - p - 1));
        p = close + 1;
        binder inner = *b;
        inner.mark = mark;
        value v = data_value(&inner, name);
        b->failed |= inner.failed;
        if (inner.failed) {
            free(v.text);
            free(name);
            return -1;
        }
        if (v.text) {
            if (v.empty)
                *line_empty = 1;
            if (isolate && v.isolate && *v.text)
                otr_buf_puts(out, v.isolate);
            otr_buf_puts(out, v.text);
            if (isolate && v.isolate && *v.text)
                otr_buf_puts(out, OTR_PDI);
            free(v.text);
        } else if (is_data_name(name)) {
            unknown_data(b, name, mark);
            free(name);
            return -1;
        } else if (!allow_phrases) {
            otr_error_at(b->diags, mark, 222,
                         "a phrase cannot contain another phrase \"{%s}\"",
                         name);
            free(name);
            return -1;
        } else {
            const otr_string *phrase = otr_strings_find(ctx->strings, name);
            const otr_strings *fallback = ctx->input->fallback;
            int from_fallback = 0;
            if (!phrase && fallback) {
                phrase = otr_strings_find(fallback, name);
                from_fallback = phrase != NULL;
            }
            if (!phrase) {
                otr_error_at(b->diags, mark, 223,
                             "no phrase \"%s\" in language %s (add it to "
                             "strings/%s.yaml)",
                             name, ctx->lang->code, ctx->lang->code);
                free(name);
                return -1;
            }
            if (from_fallback) {
                otr_warning_at(b->diags, mark, 224,
                               "no phrase \"%s\" in language %s; printing "
                               "the %s text, as allowed",
                               name, ctx->lang->code, fallback->lang);
                if (ctx->input->substitutions) {
                    char *field = otr_xasprintf("phrase %s", name);
                    otr_substitutions_add(ctx->input->substitutions, field,
                                          NULL, fallback->lang);
                    free(field);
                }
            }
            /* Text in another language keeps its own direction. */
            if (from_fallback && isolate)
                otr_buf_puts(out, OTR_FSI);
            int rc = expand(b, phrase->text, phrase->mark, isolate, 0, out,
                            line_empty);
            if (from_fallback && isolate)
                otr_buf_puts(out, OTR_PDI);
            if (rc < 0) {
                free(name);
                return -1;
            }
        }
        free(name);
    }
    return 0;
}

char *otr_bind_text(const otr_bind_ctx *ctx, const char *tmpl, otr_mark mark,
                    int isolate, otr_diags *diags)
{
    binder b = {ctx, mark, diags, 0};
    otr_buf out = {0};
    /* Line by line, so a line with missing optional data can be left out. */
    const char *line = tmpl;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *part = otr_xstrndup(line, len);
        otr_buf expanded = {0};
        int line_empty = 0;
        int rc = expand(&b, part, mark, isolate, 1, &expanded, &line_empty);
        free(part);
        if (rc < 0) {
            otr_buf_free(&expanded);
            otr_buf_free(&out);
            return NULL;
        }
        if (!line_empty && expanded.len) {
            if (out.len)
                otr_buf_append(&out, "\n", 1);
            otr_buf_append(&out, expanded.data, expanded.len);
        }
        otr_buf_free(&expanded);
        line = end ? end + 1 : line + len;
    }
    char *text = otr_buf_take(&out);
    /* One digit rule per document: numbers typed into phrases and content
     * are written in the language's digits like the formatted ones. */
    const otr_digits *digits = otr_format_digits(ctx->lang);
    if (isolate && digits && text) {
        char *localized = otr_localize_digits(text, digits);
        free(text);
        text = localized;
    }
    /* Data typed into right-to-left prose reads left to right, whole. */
    if (isolate && ctx->lang->rtl && text) {
        char *isolated = otr_isolate_data(text);
        free(text);
        text = isolated;
    }
    return text;
}
