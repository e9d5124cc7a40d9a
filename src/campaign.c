#include "campaign.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "util.h"

/* How many copies of each document of a job are printed ("quantity"). */
typedef struct {
    int given;
    long fixed;          /* copies, when not per resident */
    double per_resident; /* copies per resident; 0: fixed */
    long min;            /* at least this many */
    otr_mark mark;
} quantity_rule;

typedef struct {
    otr_project *project;
    otr_campaign *campaign;
    otr_diags *diags;
    int errors;
    size_t cap;
    otr_strset paths; /* the documents' paths (keys are theirs): a national
                         campaign has hundreds of thousands */
    quantity_rule quantity; /* the campaign's, for jobs without their own */
    const char *paper;      /* the campaign's, for jobs without their own */
    otr_strset missing;     /* "SHELTER LANG" without a number, reported */
    otr_arena missing_keys;
} expander;

enum { MAX_COPIES = 10000000 };

/* "quantity": a number of copies (200), "residents" (one per resident
 * who reads the document's language), or {per_resident: 1.5, min: 20}. */
static int read_quantity(expander *ex, const otr_node *node,
                         quantity_rule *rule)
{
    memset(rule, 0, sizeof(*rule));
    rule->mark = node->mark;
    rule->given = 1;
    if (node->kind == OTR_NODE_SCALAR && strcmp(node->text, "residents") == 0) {
        rule->per_resident = 1;
        return 0;
    }
    if (node->kind == OTR_NODE_SCALAR) {
        char *end = NULL;
        long value = strtol(node->text, &end, 10);
        if (node->len > 0 && end == node->text + node->len &&
            node->text[0] != '-' && node->text[0] != '+' && value >= 1 &&
            value <= MAX_COPIES) {
            rule->fixed = value;
            return 0;
        }
        otr_error_at(ex->diags, node->mark, 540,
                     "\"quantity\" is a whole number of copies from 1 to %d "
                     "(quantity: 200), residents (one per resident who reads "
                     "the language), or {per_resident: 1.5, min: 20}; not "
                     "\"%s\"",
                     MAX_COPIES, node->text);
        return -1;
    }
    if (node->kind != OTR_NODE_MAP) {
        otr_error_at(ex->diags, node->mark, 540,
                     "\"quantity\" is a whole number of copies (quantity: "
                     "200), residents, or {per_resident: 1.5, min: 20}");
        return -1;
    }
    static const char *const keys[] = {"per_resident", "min", NULL};
    if (otr_check_keys(node, keys, "\"quantity\"", ex->diags))
        return -1;
    const otr_node *value = otr_map_get(node, "per_resident");
    if (!value) {
        otr_report_missing(node, "per_resident", "\"quantity\"", ex->diags);
        return -1;
    }
    if (otr_expect_number(value, "\"per_resident\" (copies per resident)", 0.01,
                          100, &rule->per_resident, ex->diags) < 0)
        return -1;
    double min = 0;
    if ((value = otr_map_get(node, "min"))) {
        if (otr_expect_number(value, "\"min\" (the fewest copies)", 0,
                              MAX_COPIES, &min, ex->diags) < 0)
            return -1;
        if (min != (double)(long)min) {
            otr_error_at(ex->diags, value->mark, 540,
                         "\"min\" is a whole number of copies, not %s",
                         value->text);
            return -1;
        }
    }
    rule->min = (long)min;
    return 0;
}

/* Residents of SHELTER who read CODE, or -1 after a warning that
 * shelters.yaml does not say (at the shelter, where the number belongs):
 * the files are right, only their quantity is not given, and the print
 * order says so. */
static long shelter_readers(expander *ex, const otr_shelter *shelter,
                            const char *code, const quantity_rule *rule)
{
    long count = otr_shelter_residents(shelter, code);
    char *key = otr_xasprintf("%s %s", shelter->id, code);
    size_t ignored;
    int reported = otr_strset_find(&ex->missing, key, strlen(key), &ignored);
    if (count < 0 && !reported)
        otr_strset_add(&ex->missing,
                       otr_arena_strndup(&ex->missing_keys, key, strlen(key)),
                       strlen(key), 0, NULL);
    free(key);
    if (count < 0 && !reported)
        otr_warning_at(ex->diags, shelter->mark, 541,
                       "shelter \"%s\" does not say how many of its residents "
                       "read %s, which the quantity at %s:%d needs: add "
                       "\"residents: {%s: NUMBER}\" to it (until then the "
                       "print order gives no quantity for those files)",
                       shelter->id, code,
                       rule->mark.file ? rule->mark.file : "", rule->mark.line,
                       code);
    return count;
}

/* Copies of a document in language CODE: for SHELTER's own document by its
 * readers of CODE, otherwise by the readers of CODE in every shelter that
 * has it. -1 when a number is missing (a warning); 0 is a warning too. A
 * handout in a language the site lacks fails anyway: no quantity. */
static long copies(expander *ex, const quantity_rule *rule,
                   const otr_shelter *shelter, const char *code)
{
    if (!rule->given)
        return -1;
    if (!rule->per_resident)
        return rule->fixed;
    long readers = 0;
    int known = !shelter;
    for (size_t l = 0; shelter && l < shelter->language_count; l++)
        known |= strcmp(shelter->languages[l]->code, code) == 0;
    if (!known)
        return -1;
    if (shelter) {
        readers = shelter_readers(ex, shelter, code, rule);
    } else {
        const otr_directory *dir = &ex->project->directory;
        for (size_t i = 0; i < dir->shelter_count && readers >= 0; i++) {
            const otr_shelter *s = &dir->shelters[i];
            int reads = 0;
            for (size_t l = 0; l < s->language_count; l++)
                reads |= strcmp(s->languages[l]->code, code) == 0;
            if (!reads)
                continue;
            long n = shelter_readers(ex, s, code, rule);
            readers = n < 0 ? -1 : readers + n;
        }
    }
    if (readers < 0)
        return -1;
    double wanted = (double)readers * rule->per_resident;
    long count = (long)wanted;
    if ((double)count < wanted - 1e-9)
        count++;
    if (count < rule->min)
        count = rule->min;
    if (count > MAX_COPIES)
        count = MAX_COPIES;
    if (count == 0)
        otr_warning_at(ex->diags, rule->mark, 542,
                       "no copies in %s%s%s: no resident%s reads it", code,
                       shelter ? " for shelter " : "",
                       shelter ? shelter->id : "",
                       shelter ? " there" : " of any shelter");
    return count;
}

/* Record filters of a job. */
typedef struct {
    const char *category;
    const char *district;
    const char *from, *to; /* "YYYY-MM-DD", events' local start date */
} filters;

static int matches(const filters *f, const otr_category *category,
                   const char *district, const char *date)
{
    if (f->category && (!category || strcmp(category->id, f->category) != 0))
        return 0;
    /* "erfurt" in a record is the district Erfurt, not another one. */
    if (f->district &&
        (!district || !otr_text_equal_caseless(district, f->district)))
        return 0;
    if (date && f->from && strncmp(date, f->from, 10) < 0)
        return 0;
    if (date && f->to && strncmp(date, f->to, 10) > 0)
        return 0;
    return 1;
}

/* "{layout}/{lang}/{record}.pdf" for one document; NULL after reporting a
 * pattern that could write outside the output folder. */
static char *expand_path(expander *ex, const char *pattern, otr_mark mark,
                         const otr_layout *layout, const char *lang,
                         const char *record)
{
    otr_buf out = {0};
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t len = close ? (size_t)(close - p - 1) : 0;
            const char *value = NULL;
            if (close && len == 6 && strncmp(p + 1, "layout", 6) == 0)
                value = layout->name;
            else if (close && len == 4 && strncmp(p + 1, "lang", 4) == 0)
                value = lang;
            else if (close && len == 6 && strncmp(p + 1, "record", 6) == 0)
                value = record ? record : layout->name;
            else if (close && len == 8 && strncmp(p + 1, "campaign", 8) == 0)
                value = ex->campaign->name;
            if (!value) {
                otr_error_at(ex->diags, mark, 512,
                             "unknown placeholder in output \"%s\" (use "
                             "{layout}, {lang}, {record}, {campaign})",
                             pattern);
                otr_buf_free(&out);
                return NULL;
            }
            otr_buf_puts(&out, value);
            p = close + 1;
        } else {
            otr_buf_append(&out, p, 1);
            p++;
        }
    }
    char *path = otr_buf_take(&out);
    /* Ids, codes and layout names are safe already; the pattern must keep
     * the files inside the output folder too. */
    int safe = path[0] != '/' && path[0] != '\0';
    for (const char *p = path; safe && *p; p++) {
        unsigned char c = (unsigned char)*p;
        safe = c > ' ' && c != '\\' && c != 0x7F;
        if (*p == '/' && p[1] == '/')
            safe = 0;
    }
    for (const char *seg = path; safe && seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if ((len == 2 && strncmp(seg, "..", 2) == 0) ||
            (len == 1 && seg[0] == '.') || len == 0)
            safe = 0;
        seg = end ? end + 1 : NULL;
    }
    /* Nor take the place of what batch writes itself, or be hidden like
     * its temporary files. */
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (safe &&
        (strncmp(path, "manifest", 8) == 0 ||
         strncmp(path, "contact-sheet", 13) == 0 ||
         strncmp(path, "print-order", 11) == 0 ||
         strncmp(path, "per-product/", 12) == 0 || base[0] == '.' ||
         (strlen(base) > 4 && strcmp(base + strlen(base) - 4, ".tmp") == 0))) {
        otr_error_at(
            ex->diags, mark, 511,
            "output \"%s\" gives \"%s\", a name batch keeps for its "
            "own files (manifests, the contact sheet, the print order, "
            "per-product/, temporary and hidden files)",
            pattern, path);
        free(path);
        return NULL;
    }
    if (!safe) {
        otr_error_at(ex->diags, mark, 513,
                     "output \"%s\" gives \"%s\", which is not a file inside "
                     "the output folder",
                     pattern, path);
        free(path);
        return NULL;
    }
    return path;
}

static size_t lang_index(const otr_project *project, const char *code)
{
    for (size_t i = 0; i < project->site.language_count; i++) {
        if (strcmp(project->site.languages[i].code, code) == 0)
            return i;
    }
    return 0;
}

/* Everything the document is made from; a document whose hash has not
 * changed since it was written is not rebuilt. */
static uint64_t input_hash(const otr_project *project, const otr_layout *layout,
                           const char *lang, const otr_node *record,
                           const otr_node *category, const char *campaign,
                           double radius_km, const char *fallback)
{
    uint64_t hash = project->shared_hash;
    hash = otr_hash_bytes(&layout->hash, sizeof layout->hash, hash);
    uint64_t strings = project->strings_hashes[lang_index(project, lang)];
    hash = otr_hash_bytes(&strings, sizeof strings, hash);
    hash = otr_hash_bytes(lang, strlen(lang) + 1, hash);
    if (layout->second) {
        strings = project->strings_hashes[lang_index(project, layout->second)];
        hash = otr_hash_bytes(&strings, sizeof strings, hash);
    }
    /* A language poster prints every language's phrases. */
    for (size_t i = 0;
         layout->all_languages && i < project->site.language_count; i++)
        hash =
            otr_hash_bytes(&project->strings_hashes[i], sizeof(uint64_t), hash);
    if (fallback) {
        strings = project->strings_hashes[lang_index(project, fallback)];
        hash = otr_hash_bytes(&strings, sizeof strings, hash);
        hash = otr_hash_bytes(fallback, strlen(fallback) + 1, hash);
    }
    hash = otr_hash_bytes(campaign, strlen(campaign) + 1, hash);
    hash = otr_node_hash(record, hash);
    hash = otr_node_hash(category, hash);
    /* A shelter's handout lists the offers near it: any offer counts. */
    if (layout->record == OTR_URL_SHELTER) {
        hash = otr_hash_bytes(&project->offers_hash,
                              sizeof project->offers_hash, hash);
        hash = otr_hash_bytes(&radius_km, sizeof radius_km, hash);
    }
    return hash;
}

/* What a job asks for each of its documents besides the file. */
typedef struct {
    const char *pattern;
    otr_mark mark;
    const char *paper;
    quantity_rule quantity;
} job_order;

static void add_document(expander *ex, const otr_layout *layout,
                         const char *lang, const char *fallback,
                         const char *record_id, const otr_node *record,
                         const otr_node *category, const otr_shelter *shelter,
                         const job_order *order)
{
    const char *pattern = order->pattern;
    otr_mark mark = order->mark;
    long quantity = copies(ex, &order->quantity, shelter, lang);
    char *path = expand_path(ex, pattern, mark, layout, lang, record_id);
    if (!path) {
        ex->errors++;
        return;
    }
    /* Screen layouts (pages in px) are made as PNG: "x.pdf" becomes
     * "x.png", so one output pattern serves print and screen. */
    size_t len = strlen(path);
    if (layout->in_px && len > 4 && strcmp(path + len - 4, ".pdf") == 0)
        memcpy(path + len - 4, ".png", 4);
    otr_campaign *c = ex->campaign;
    size_t other = 0;
    if (otr_strset_find(&ex->paths, path, strlen(path), &other)) {
        otr_error_at(ex->diags, mark, 514,
                     "two documents would be written to \"%s\" (the "
                     "other from the job at line %d): put {record} and "
                     "{lang} in the output",
                     path, c->documents[other].job.line);
        free(path);
        ex->errors++;
        return;
    }
    otr_strset_add(&ex->paths, path, strlen(path), c->count, NULL);
    c->documents =
        otr_grow(c->documents, &ex->cap, c->count + 1, sizeof(otr_document));
    c->documents[c->count++] = (otr_document){
        .layout = layout,
        .langs = {lang, NULL},
        .lang_count = 1,
        .record_id = record_id,
        .fallback = fallback && strcmp(fallback, lang) != 0 ? fallback : NULL,
        .path = path,
        .input_hash = input_hash(ex->project, layout, lang, record, category,
                                 c->name, c->radius_km, fallback),
        .job = mark,
        .quantity = quantity,
        .paper = order->paper,
    };
}

/* The languages of a job: "all", "record" (a shelter's residents'), or a
 * list of codes. */
static int job_languages(expander *ex, const otr_node *node,
                         const otr_layout *layout, const char ***codes,
                         size_t *count, int *per_record)
{
    const otr_site *site = &ex->project->site;
    *codes = NULL;
    *count = 0;
    *per_record = 0;
    if (node->kind == OTR_NODE_SCALAR && strcmp(node->text, "all") == 0) {
        *codes = otr_xcalloc(site->language_count + 1, sizeof(char *));
        for (size_t i = 0; i < site->language_count; i++)
            (*codes)[(*count)++] = site->languages[i].code;
        return 0;
    }
    if (node->kind == OTR_NODE_SCALAR && strcmp(node->text, "record") == 0) {
        if (layout->record != OTR_URL_SHELTER) {
            otr_error_at(ex->diags, node->mark, 515,
                         "languages: record means each shelter's residents' "
                         "languages; layout \"%s\" is not about shelters",
                         layout->name);
            return -1;
        }
        *per_record = 1;
        return 0;
    }
    if (node->kind != OTR_NODE_SEQ) {
        otr_error_at(ex->diags, node->mark, 516,
                     "\"languages\" is all, record, or a list of language "
                     "codes like [de, ar, fa]");
        return -1;
    }
    *codes = otr_xcalloc(node->count + 1, sizeof(char *));
    for (size_t i = 0; i < node->count; i++) {
        const char *code = otr_expect_string(node->children[i],
                                             "a language code", 1, ex->diags);
        if (!code) {
            free(*codes);
            return -1;
        }
        if (!otr_site_language(site, code)) {
            otr_error_at(ex->diags, node->children[i]->mark, 517,
                         "\"%s\" is not one of the site's languages", code);
            free(*codes);
            return -1;
        }
        (*codes)[(*count)++] = code;
    }
    return 0;
}

static int job_filters(expander *ex, const otr_node *node,
                       const otr_layout *layout, filters *f)
{
    memset(f, 0, sizeof(*f));
    if (!node)
        return 0;
    if (node->kind == OTR_NODE_SCALAR && strcmp(node->text, "all") == 0)
        return 0;
    if (layout->record == OTR_URL_SITE) {
        otr_error_at(ex->diags, node->mark, 518,
                     "layout \"%s\" is about the whole site; it has no "
                     "records to choose",
                     layout->name);
        return -1;
    }
    if (!otr_expect_map(node, "\"records\"", ex->diags))
        return -1;
    static const char *const keys[] = {"category", "district", "from", "to",
                                       NULL};
    if (otr_check_keys(node, keys, "\"records\"", ex->diags))
        return -1;
    const otr_node *value;
    int errors = 0;
    if ((value = otr_map_get(node, "category")) &&
        !(f->category = otr_expect_string(value, "\"category\"", 1, ex->diags)))
        errors++;
    if (f->category &&
        !otr_directory_category(&ex->project->directory, f->category)) {
        otr_error_at(ex->diags, value->mark, 519, "no category \"%s\"",
                     f->category);
        errors++;
    }
    if ((value = otr_map_get(node, "district")) &&
        !(f->district = otr_expect_string(value, "\"district\"", 1, ex->diags)))
        errors++;
    const char *dates[2] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        if (!(value = otr_map_get(node, dates[i])))
            continue;
        const char *date = otr_expect_string(value, "a date", 1, ex->diags);
        otr_datetime check;
        char *probe = date ? otr_xasprintf("%sT00:00:00Z", date) : NULL;
        if (!date || strlen(date) != 10 || otr_parse_datetime(probe, &check)) {
            if (date)
                otr_error_at(ex->diags, value->mark, 520,
                             "\"%s\" is not a date like 2027-03-31", date);
            errors++;
        } else if (i == 0) {
            f->from = date;
        } else {
            f->to = date;
        }
        free(probe);
    }
    return errors ? -1 : 0;
}

/* A campaign's or a job's "fallback": the language printed where a text
 * or phrase is missing in a document's language; "none" for none. */
static int fallback_language(expander *ex, const otr_node *node,
                             const char **out)
{
    const char *code = otr_expect_string(node, "\"fallback\"", 1, ex->diags);
    if (!code)
        return -1;
    if (strcmp(code, "none") == 0) {
        *out = NULL;
        return 0;
    }
    if (!otr_site_language(&ex->project->site, code)) {
        otr_error_at(ex->diags, node->mark, 521,
                     "fallback \"%s\" is not one of the site's languages "
                     "(or write none)",
                     code);
        return -1;
    }
    *out = code;
    return 0;
}

static void expand_job(expander *ex, const otr_node *job,
                       const char *default_output)
{
    static const char *const keys[] = {"layout", "languages", "records",
                                       "output", "fallback",  "quantity",
                                       "paper",  NULL};
    if (!otr_expect_map(job, "a job", ex->diags)) {
        ex->errors++;
        return;
    }
    if (otr_check_keys(job, keys, "a job", ex->diags)) {
        ex->errors++;
        return;
    }
    const char *name = otr_require_string(job, "layout", "a job", ex->diags);
    if (!name) {
        ex->errors++;
        return;
    }
    const otr_layout *layout = otr_project_layout(ex->project, name);
    if (!layout) {
        otr_error_at(ex->diags, otr_map_get(job, "layout")->mark, 510,
                     "no layout \"%s\" (outreach list layouts shows them)",
                     name);
        ex->errors++;
        return;
    }
    const char *pattern = default_output;
    const otr_node *node;
    if ((node = otr_map_get(job, "output")) &&
        !(pattern = otr_expect_string(node, "\"output\"", 1, ex->diags))) {
        ex->errors++;
        return;
    }
    job_order order = {pattern, job->mark, ex->paper, ex->quantity};
    if ((node = otr_map_get(job, "paper")) &&
        !(order.paper = otr_expect_string(node, "\"paper\"", 1, ex->diags))) {
        ex->errors++;
        return;
    }
    if ((node = otr_map_get(job, "quantity")) &&
        read_quantity(ex, node, &order.quantity) < 0) {
        ex->errors++;
        return;
    }
    const char *fallback = ex->campaign->fallback;
    if ((node = otr_map_get(job, "fallback")) &&
        fallback_language(ex, node, &fallback) < 0) {
        ex->errors++;
        return;
    }
    const char **codes = NULL;
    size_t code_count = 0;
    int per_record = 0;
    if (!(node = otr_map_get(job, "languages"))) {
        otr_report_missing(job, "languages", "a job", ex->diags);
        ex->errors++;
        return;
    }
    if (job_languages(ex, node, layout, &codes, &code_count, &per_record) < 0) {
        ex->errors++;
        return;
    }
    filters f;
    if (job_filters(ex, otr_map_get(job, "records"), layout, &f) < 0) {
        free(codes);
        ex->errors++;
        return;
    }

    const otr_directory *dir = &ex->project->directory;
    otr_mark mark = job->mark;
    const job_order *o = &order;
    size_t documents_before = ex->campaign->count;
    int errors_before = ex->errors;
    switch (layout->record) {
    case OTR_URL_SITE:
        for (size_t l = 0; l < code_count; l++)
            add_document(ex, layout, codes[l], fallback, NULL, NULL, NULL, NULL,
                         o);
        break;
    case OTR_URL_OFFER:
        for (size_t r = 0; r < dir->offer_count; r++) {
            const otr_offer *of = &dir->offers[r];
            if (!matches(&f, of->category, of->district, NULL))
                continue;
            for (size_t l = 0; l < code_count; l++)
                add_document(ex, layout, codes[l], fallback, of->id, of->node,
                             of->category ? of->category->node : NULL, NULL, o);
        }
        break;
    case OTR_URL_EVENT:
        for (size_t r = 0; r < dir->event_count; r++) {
            const otr_event *e = &dir->events[r];
            if (!matches(&f, e->category, e->district, e->start.text))
                continue;
            for (size_t l = 0; l < code_count; l++)
                add_document(ex, layout, codes[l], fallback, e->id, e->node,
                             e->category ? e->category->node : NULL, NULL, o);
        }
        break;
    case OTR_URL_SHELTER:
        for (size_t r = 0; r < dir->shelter_count; r++) {
            const otr_shelter *s = &dir->shelters[r];
            if (!matches(&f, NULL, s->district, NULL))
                continue;
            size_t n = per_record ? s->language_count : code_count;
            for (size_t l = 0; l < n; l++)
                add_document(ex, layout,
                             per_record ? s->languages[l]->code : codes[l],
                             fallback, s->id, s->node, NULL, s, o);
            /* A residents' language the site lacks: a document that fails
             * when built, saying why, while the others are made. */
            for (size_t l = 0; per_record && l < s->unknown_count; l++)
                add_document(ex, layout, s->unknown_languages[l], fallback,
                             s->id, s->node, NULL, s, o);
        }
        break;
    default:
        break;
    }
    free(codes);
    /* A job that chooses nothing is most likely a typing mistake in its
     * filters: say so, though other jobs may still build. */
    if (ex->campaign->count == documents_before && ex->errors == errors_before)
        otr_warning_at(ex->diags, mark, 522,
                       "this job (layout \"%s\") matches no %s: check its "
                       "\"records\" and \"languages\"",
                       layout->name,
                       layout->record == OTR_URL_SITE
                           ? "language"
                           : otr_url_kind_name(layout->record));
}

int otr_campaign_load(otr_project *project, const char *path,
                      otr_campaign *campaign, otr_diags *diags)
{
    memset(campaign, 0, sizeof(*campaign));
    otr_mark file = {0};
    const otr_node *root = otr_project_load_file(project, path, &file, diags);
    if (!file.file)
        return -1;
    return otr_campaign_read(project, root, file, campaign, diags);
}

int otr_campaign_read(otr_project *project, const otr_node *root, otr_mark file,
                      otr_campaign *campaign, otr_diags *diags)
{
    memset(campaign, 0, sizeof(*campaign));
    size_t errors_before = otr_diags_error_count(diags);
    if (!root) {
        otr_error_at(diags, file, 500, "the campaign file is empty");
        return -1;
    }
    if (!otr_expect_map(root, "a campaign", diags))
        return -1;
    static const char *const keys[] = {"name",        "output",    "print_shop",
                                       "pdfx",        "sheet",     "jobs",
                                       "fallback",    "quantity",  "paper",
                                       "per_product", "radius_km", NULL};
    otr_check_keys(root, keys, "a campaign", diags);
    const otr_node *node;
    campaign->name = otr_require_string(root, "name", "a campaign", diags);
    if (campaign->name && !otr_valid_id(campaign->name)) {
        otr_error_at(diags, otr_map_get(root, "name")->mark, 524,
                     "campaign name \"%s\" may hold only lowercase letters, "
                     "digits and single hyphens (it goes into every QR code)",
                     campaign->name);
        campaign->name = NULL;
    }
    if ((node = otr_map_get(root, "print_shop")) &&
        otr_expect_bool(node, "\"print_shop\"", &campaign->print_shop, diags) <
            0)
        return -1;
    if ((node = otr_map_get(root, "pdfx")) &&
        otr_expect_bool(node, "\"pdfx\"", &campaign->pdfx, diags) < 0)
        return -1;
    if ((node = otr_map_get(root, "radius_km")) &&
        otr_radius_km_read(node, &campaign->radius_km, diags) < 0)
        return -1;
    if ((node = otr_map_get(root, "per_product")) &&
        otr_expect_bool(node, "\"per_product\"", &campaign->per_product,
                        diags) < 0)
        return -1;
    double paper_w, paper_h;
    if ((node = otr_map_get(root, "sheet")) &&
        (!(campaign->sheet = otr_expect_string(node, "\"sheet\"", 1, diags)) ||
         otr_paper_size(campaign->sheet, &paper_w, &paper_h) < 0)) {
        if (campaign->sheet)
            otr_error_at(diags, node->mark, 525,
                         "\"sheet\" is a paper size from A0 to A7, not \"%s\"",
                         campaign->sheet);
        return -1;
    }
    if (campaign->print_shop && campaign->sheet) {
        otr_error_at(diags, root->mark, 526,
                     "a campaign goes to the print shop (print_shop) or to the "
                     "office printer (sheet), not both");
        return -1;
    }
    const char *output = "{layout}/{lang}/{record}.pdf";
    if ((node = otr_map_get(root, "output")) &&
        !(output = otr_expect_string(node, "\"output\"", 1, diags)))
        return -1;
    const otr_node *jobs = otr_map_get(root, "jobs");
    if (!jobs) {
        otr_report_missing(root, "jobs", "a campaign", diags);
        return -1;
    }
    if (!otr_expect_seq(jobs, "\"jobs\"", diags) || !campaign->name)
        return -1;
    expander ex = {project, campaign, diags, 0, 0, {0}, {0}, NULL, {0}, {0}};
    if ((node = otr_map_get(root, "paper")) &&
        !(ex.paper = otr_expect_string(node, "\"paper\"", 1, diags)))
        return -1;
    if ((node = otr_map_get(root, "quantity")) &&
        read_quantity(&ex, node, &ex.quantity) < 0)
        return -1;
    if ((node = otr_map_get(root, "fallback")) &&
        fallback_language(&ex, node, &campaign->fallback) < 0) {
        otr_strset_free(&ex.paths);
        return -1;
    }
    for (size_t i = 0; i < jobs->count; i++)
        expand_job(&ex, jobs->children[i], output);
    otr_strset_free(&ex.paths);
    otr_strset_free(&ex.missing);
    otr_arena_free(&ex.missing_keys);
    if (otr_diags_error_count(diags) == errors_before && !campaign->count)
        otr_error_at(diags, jobs->count ? jobs->mark : root->mark, 523,
                     "the campaign builds nothing: none of its jobs matches "
                     "a record");
    if (otr_diags_error_count(diags) > errors_before) {
        otr_campaign_clear(campaign);
        return -1;
    }
    return 0;
}

void otr_campaign_clear(otr_campaign *campaign)
{
    for (size_t i = 0; i < campaign->count; i++)
        free(campaign->documents[i].path);
    free(campaign->documents);
    memset(campaign, 0, sizeof(*campaign));
}
