/* The web page's event form: the fields become a candidate YAML file that
 * the loader reads after the content's own events, so the form's errors
 * are the loader's own checks, shown at the field they come from. Saving writes
 * the file as content/events/ID.yaml, a new file each time: a hand-written file
 * is never rewritten. */
#define _GNU_SOURCE /* tm_gmtoff */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

/* The form's times are wall-clock times in the site's zone (site.yaml
 * `timezone:`), written with that zone's offset on the day; a site that
 * names no zone is taken to be in Germany (CET or CEST). */
#define DEFAULT_TIME_ZONE "Europe/Berlin"

enum { MAX_LINES = 128 };

typedef struct {
    const job_args *args;
    FILE *out;
    int line;               /* the line being written, 1-based */
    char *field[MAX_LINES]; /* the form field each line comes from */
} candidate;

static const char *form(const job_args *args, const char *name)
{
    for (size_t i = 0; i < args->field_count; i++)
        if (strcmp(args->field_names[i], name) == 0)
            return args->field_values[i];
    return "";
}

/* A YAML double-quoted scalar: nothing in VALUE can end it early. */
static void yaml_string(FILE *out, const char *value)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Writes "INDENTKEY: VALUE\n" for form field FIELD (VALUE NULL: a map
 * follows). */
static void put(candidate *c, int indent, const char *key, const char *field,
                const char *value)
{
    fprintf(c->out, "%*s%s:", indent, "", key);
    if (value) {
        fputc(' ', c->out);
        yaml_string(c->out, value);
    }
    fputc('\n', c->out);
    if (c->line < MAX_LINES && field)
        c->field[c->line] = strdup(field);
    c->line++;
}

static void put_number(candidate *c, int indent, const char *key,
                       const char *field)
{
    const char *value = form(c->args, field);
    char *end = NULL;
    strtod(value, &end);
    if (*value && end && !*end &&
        strspn(value, "+-.0123456789") == strlen(value)) {
        fprintf(c->out, "%*s%s: %s\n", indent, "", key, value);
        if (c->line < MAX_LINES)
            c->field[c->line] = strdup(field);
        c->line++;
    } else {
        put(c, indent, key, field, value); /* the loader says what is wrong */
    }
}

/* "2027-02-18" and "10:00" -> "2027-02-18T10:00:00+01:00"; as given when
 * they are not a date and a time, for the loader to report. */
static char *date_time(const char *date, const char *time_text)
{
    int y, mo, d, h, mi;
    char extra;
    char *out = NULL;
    size_t size = 0;
    FILE *text = open_memstream(&out, &size);
    if (sscanf(date, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) == 3 &&
        sscanf(time_text, "%2d:%2d%c", &h, &mi, &extra) == 2) {
        struct tm tm = {.tm_year = y - 1900,
                        .tm_mon = mo - 1,
                        .tm_mday = d,
                        .tm_hour = h,
                        .tm_min = mi,
                        .tm_isdst = -1};
        mktime(&tm);
        long offset = tm.tm_gmtoff / 60;
        fprintf(text, "%04d-%02d-%02dT%02d:%02d:00%c%02ld:%02ld", y, mo, d, h,
                mi, offset < 0 ? '-' : '+', labs(offset) / 60,
                labs(offset) % 60);
    } else {
        fprintf(text, "%sT%s", date, time_text);
    }
    fclose(text);
    return out;
}

static void write_i18n(candidate *c, const char *key, const char *prefix,
                       const otr_project *project)
{
    size_t langs = otr_project_language_count(project);
    size_t given = 0;
    char name[48];
    for (size_t g = 0; g < langs; g++) {
        snprintf(name, sizeof name, "%s_%s", prefix,
                 otr_project_language_code(project, g));
        given += *form(c->args, name) != '\0';
    }
    snprintf(name, sizeof name, "%s_%s", prefix,
             langs ? otr_project_language_code(project, 0) : "de");
    if (!given) {
        if (strcmp(key, "title") == 0) {
            /* The loader reports a title with no language here. */
            fprintf(c->out, "  %s: {}\n", key);
            c->field[c->line++] = strdup(name);
        }
        return;
    }
    put(c, 2, key, name, NULL);
    for (size_t g = 0; g < langs; g++) {
        const char *code = otr_project_language_code(project, g);
        snprintf(name, sizeof name, "%s_%s", prefix, code);
        if (*form(c->args, name))
            put(c, 4, code, name, form(c->args, name));
    }
}

static void write_candidate(candidate *c, const char *id,
                            const otr_project *project)
{
    const job_args *a = c->args;
    put(c, 0, "- id", "title", id);
    write_i18n(c, "title", "title", project);
    write_i18n(c, "text", "text", project);
    char *start = date_time(form(a, "date"), form(a, "start"));
    char *end = date_time(form(a, "date"), form(a, "end"));
    put(c, 2, "start", "start", start);
    put(c, 2, "end", "end", end);
    free(start);
    free(end);
    put(c, 2, "venue", "venue", NULL);
    put(c, 4, "name", "venue", form(a, "venue"));
    put(c, 4, "address", "street", NULL);
    put(c, 6, "street", "street", form(a, "street"));
    put(c, 6, "postcode", "postcode", form(a, "postcode"));
    put(c, 6, "town", "town", form(a, "town"));
    put(c, 4, "geo", "lat", NULL);
    put_number(c, 6, "lat", "lat");
    put_number(c, 6, "lon", "lon");
    put(c, 2, "district", "district", form(a, "district"));
    put(c, 2, "organizer", "organizer", form(a, "organizer"));
    if (*form(a, "category"))
        put(c, 2, "category", "category", form(a, "category"));
}

/* Lowercase a-z, digits and single hyphens: the loader's rule for ids. */
static void slug(char *out, size_t size, const char *text)
{
    static const struct {
        const char *from, *to;
    } letters[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"ß", "ss"},
                   {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"}, {"é", "e"},
                   {"è", "e"},  {"á", "a"},  {"à", "a"},  {"ç", "c"}};
    size_t n = 0;
    while (*text && n + 3 < size) {
        int replaced = 0;
        for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
            size_t len = strlen(letters[i].from);
            if (strncmp(text, letters[i].from, len) == 0) {
                for (const char *t = letters[i].to; *t; t++)
                    out[n++] = *t;
                text += len;
                replaced = 1;
                break;
            }
        }
        if (replaced)
            continue;
        char ch = *text++;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[n++] = ch;
        else if (n && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

/* TOWN-TITLE-YYYY-MM, made unique among the events there are. */
static void make_id(char *id, size_t size, const job_args *a,
                    const otr_project *project)
{
    char town[24], title[40], base[80];
    const char *first = otr_project_language_count(project)
                            ? otr_project_language_code(project, 0)
                            : "de";
    char name[48];
    snprintf(name, sizeof name, "title_%s", first);
    const char *title_text = form(a, name);
    for (size_t g = 0; !*title_text && g < a->field_count; g++)
        if (strncmp(a->field_names[g], "title_", 6) == 0)
            title_text = a->field_values[g];
    slug(town, sizeof town, form(a, "town"));
    slug(title, sizeof title, title_text);
    char month[8] = "";
    const char *date = form(a, "date");
    if (strlen(date) >= 7 && date[4] == '-')
        snprintf(month, sizeof month, "%.7s", date);
    snprintf(base, sizeof base, "%s%s%s%s%s", town, *town ? "-" : "", title,
             *month ? "-" : "", month);
    if (!*base)
        snprintf(base, sizeof base, "event");
    size_t events = otr_project_record_count(project, OTR_RECORD_EVENT);
    for (int n = 1;; n++) {
        if (n == 1)
            snprintf(id, size, "%s", base);
        else
            snprintf(id, size, "%s-%d", base, n);
        int taken = 0;
        for (size_t i = 0; i < events && !taken; i++) {
            otr_record_info info;
            otr_project_record(project, OTR_RECORD_EVENT, i, first, &info);
            taken = strcmp(info.id, id) == 0;
        }
        if (!taken)
            return;
    }
}

static char *path_printf(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, fmt, a, b ? b : "");
    return path;
}

/* Writes FILE's bytes as content/events/ID.yaml, complete or not at all,
 * and never over a file that is there. */
static int save_event(const job_args *a, const char *id, const char *file,
                      char **saved)
{
    char *folder = path_printf("%s/events", a->content_dir, NULL);
    char *final = path_printf("%s/%s.yaml", folder, id);
    char *partial = path_printf("%s/.%s.yaml.part", folder, id);
    mkdir(folder, 0755);
    int status = -1;
    FILE *in = fopen(file, "rb");
    FILE *out = fopen(partial, "wbx");
    if (in && out) {
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
            fwrite(chunk, 1, n, out);
        status = fflush(out) == 0 && fsync(fileno(out)) == 0 ? 0 : -1;
    }
    if (out && fclose(out) != 0)
        status = -1;
    if (in)
        fclose(in);
    /* link() refuses an existing name: nothing is ever overwritten. */
    if (status == 0 && link(partial, final) < 0)
        status = -1;
    if (out)
        unlink(partial);
    *saved = status == 0 ? final : NULL;
    if (status < 0)
        free(final);
    free(folder);
    free(partial);
    return status;
}

/* POSTER: the messages come from laying out the poster (only errors, from
 * any file), not from loading the content. */
static void json_messages(FILE *out, const candidate *c, const otr_diags *d,
                          const char *file, int poster, int *errors,
                          int *written)
{
    for (size_t i = 0; i < otr_diags_count(d); i++) {
        otr_diag_info info;
        otr_diags_get(d, i, &info);
        if (poster && !info.is_error)
            continue;
        int ours = info.file && strcmp(info.file, file) == 0;
        /* Loading: problems elsewhere in the content are not this form's.
         * Laying out its poster: every problem is. */
        if (!poster && info.file && !ours)
            continue;
        const char *field = ours && info.line > 0 && info.line < MAX_LINES
                                ? c->field[info.line]
                                : NULL;
        fprintf(out, "%s{\"field\":", (*written)++ ? "," : "");
        serve_json_string(out, field);
        fprintf(out, ",\"error\":%s,\"code\":\"E%03d\",\"message\":",
                info.is_error ? "true" : "false", info.code);
        serve_json_string(out, info.message);
        fputc('}', out);
        *errors += info.is_error;
    }
}

int serve_job_event(const job_args *a)
{
    otr_paths paths = {a->content_dir, a->layouts_dir};
    otr_diags *diags = otr_diags_new();
    otr_project *real = otr_project_load(&paths, diags);
    otr_diags_free(diags);
    const char *zone = real ? otr_project_timezone(real) : NULL;
    setenv("TZ", zone ? zone : DEFAULT_TIME_ZONE, 1);
    tzset();
    if (!real) {
        /* The content itself is broken: the check page says how. */
        char *json_path = path_printf("%s/result.json", a->dir, NULL);
        FILE *json = fopen(json_path, "w");
        free(json_path);
        if (!json)
            return 2;
        fputs("{\"messages\":[{\"field\":null,\"error\":true,\"code\":"
              "\"E000\",\"message\":\"the content folder has errors; the "
              "check page shows them\"}],\"id\":null,\"ok\":false,"
              "\"saved\":false,\"file\":null}\n",
              json);
        return fclose(json) == 0 ? 1 : 2;
    }
    char id[96];
    make_id(id, sizeof id, a, real);
    char *file = path_printf("%s/%s.yaml", a->dir, id);
    candidate c = {.args = a, .line = 1};
    c.out = fopen(file, "w");
    if (!c.out) {
        otr_project_free(real);
        free(file);
        return 2;
    }
    fputs("# Written by the event form of `outreach serve`.\n", c.out);
    c.line = 2;
    write_candidate(&c, id, real);
    fclose(c.out);

    /* The loader's checks, then the poster's: does every text fit? */
    diags = otr_diags_new();
    otr_project *project = otr_project_load_candidate(&paths, file, diags);
    char *result = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&result, &size);
    int errors = 0, written = 0;
    fputs("{\"messages\":[", out);
    json_messages(out, &c, diags, file, 0, &errors, &written);
    otr_diags_free(diags);
    if (!project && !errors) {
        fprintf(out,
                "%s{\"field\":null,\"error\":true,\"code\":"
                "\"E000\",\"message\":\"other content files have "
                "errors; the check page shows them\"}",
                written++ ? "," : "");
        errors++;
    }
    if (project && !errors) {
        for (size_t g = 0; g < otr_project_language_count(project); g++) {
            const char *lang = otr_project_language_code(project, g);
            char name[48];
            snprintf(name, sizeof name, "title_%s", lang);
            if (!*form(a, name))
                continue;
            diags = otr_diags_new();
            otr_check_document(project, "event-poster", lang, id, diags);
            json_messages(out, &c, diags, file, 1, &errors, &written);
            otr_diags_free(diags);
        }
    }
    fputs("],\"id\":", out);
    serve_json_string(out, id);
    char *saved = NULL;
    if (a->save && !errors && project)
        save_event(a, id, file, &saved);
    fprintf(out, ",\"ok\":%s,\"saved\":%s,\"file\":", errors ? "false" : "true",
            saved ? "true" : "false");
    serve_json_string(out, saved);
    fputs("}\n", out);
    fclose(out);
    int status = a->save && !saved ? 1 : 0;
    char *json_path = path_printf("%s/result.json", a->dir, NULL);
    FILE *json = fopen(json_path, "w");
    free(json_path);
    if (json) {
        fputs(result, json);
        fclose(json);
    }
    for (int i = 0; i < MAX_LINES; i++)
        free(c.field[i]);
    free(result);
    free(saved);
    free(file);
    otr_project_free(project);
    otr_project_free(real);
    return status;
}
