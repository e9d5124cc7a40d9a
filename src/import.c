#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outreach.h"

void otr_import_add(otr_import_file *file, char *id, char *yaml)
{
    file->records = otr_grow(file->records, &file->cap, file->count + 1,
                             sizeof(otr_import_record));
    file->records[file->count++] = (otr_import_record){id, yaml};
}

void otr_import_file_clear(otr_import_file *file)
{
    for (size_t i = 0; i < file->count; i++) {
        free(file->records[i].id);
        free(file->records[i].yaml);
    }
    free(file->records);
    free(file->name);
    memset(file, 0, sizeof(*file));
}

void otr_yaml_quote(otr_buf *out, const char *text)
{
    otr_buf_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            otr_buf_printf(out, "\\%c", *p);
        else if (*p == '\n')
            otr_buf_puts(out, "\\n");
        else if (*p == '\t')
            otr_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            otr_buf_printf(out, "\\x%02x", *p);
        else
            otr_buf_append(out, (const char *)p, 1);
    }
    otr_buf_puts(out, "\"");
}

char *otr_import_uri_encode(const char *text)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>' ||
            *p == '\\' || *p == '^' || *p == '`' || *p == '{' || *p == '|' ||
            *p == '}')
            otr_buf_printf(&out, "%%%02X", *p);
        else
            otr_buf_append(&out, (const char *)p, 1);
    }
    return otr_buf_take(&out);
}

/* The whole file, or NULL when it does not exist. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    otr_buf buf = {0};
    otr_buf_puts(&buf, "");
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        otr_buf_append(&buf, chunk, n);
    fclose(f);
    return otr_buf_take(&buf);
}

/* The record with ID in TEXT, a file this module wrote: its records start
 * with "- id: ID" at the start of a line. Returns its length and start. */
static const char *find_record(const char *text, const char *id, size_t *len)
{
    size_t id_len = strlen(id);
    for (const char *p = text; p && *p;) {
        if (strncmp(p, "- id: ", 6) == 0 && strncmp(p + 6, id, id_len) == 0 &&
            p[6 + id_len] == '\n') {
            const char *end = strstr(p + 1, "\n- id: ");
            *len = end ? (size_t)(end + 1 - p) : strlen(p);
            return p;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

static int write_text(const char *path, const char *text, otr_diags *diags)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 601,
                     "cannot write the file: %s", strerror(errno));
        return -1;
    }
    size_t len = strlen(text);
    int failed = fwrite(text, 1, len, f) != len;
    failed |= fflush(f) != 0;
    failed |= fsync(fileno(f)) != 0;
    failed |= fclose(f) != 0;
    if (failed) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 601,
                     "cannot write the file: %s", strerror(errno));
        unlink(path);
        return -1;
    }
    return 0;
}

typedef struct {
    char *dir, *path, *temp;
    int made_dir;              /* the folder is new: removed again on failure */
    char *old_text, *new_text; /* NULL: no file */
} file_plan;

static char *file_text(const otr_import_file *file)
{
    if (file->count == 0)
        return NULL;
    otr_buf out = {0};
    otr_buf_printf(&out,
                   "# %s\n"
                   "# Written by `outreach import`: the next import replaces "
                   "this file, so edit\n"
                   "# the records at their source, not here.\n",
                   file->title);
    for (size_t i = 0; i < file->count; i++)
        otr_buf_printf(&out, "\n%s", file->records[i].yaml);
    return otr_buf_take(&out);
}

static void report_changes(const otr_import_file *file, const char *old_text,
                           FILE *report)
{
    size_t added = 0, changed = 0, removed = 0, same = 0;
    for (size_t i = 0; i < file->count; i++) {
        const otr_import_record *r = &file->records[i];
        size_t len = 0;
        const char *old = old_text ? find_record(old_text, r->id, &len) : NULL;
        /* The stored record ends with the blank line before the next. */
        size_t new_len = strlen(r->yaml);
        if (!old) {
            fprintf(report, "  added   %s %s\n", file->noun, r->id);
            added++;
        } else if (!(len >= new_len && strncmp(old, r->yaml, new_len) == 0 &&
                     strspn(old + new_len, "\n") == len - new_len)) {
            fprintf(report, "  changed %s %s\n", file->noun, r->id);
            changed++;
        } else {
            same++;
        }
    }
    for (const char *p = old_text; p && *p;) {
        if (strncmp(p, "- id: ", 6) == 0) {
            const char *end = strchr(p + 6, '\n');
            size_t len = end ? (size_t)(end - p - 6) : strlen(p + 6);
            int kept = 0;
            for (size_t i = 0; i < file->count && !kept; i++)
                kept = strlen(file->records[i].id) == len &&
                       strncmp(file->records[i].id, p + 6, len) == 0;
            if (!kept) {
                fprintf(report, "  removed %s %.*s\n", file->noun, (int)len,
                        p + 6);
                removed++;
            }
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    fprintf(report,
            "%s/%s: %zu added, %zu changed, %zu removed, %zu unchanged\n",
            file->kind, file->name, added, changed, removed, same);
}

otr_project *otr_import_load_content(const otr_paths *paths, otr_diags *diags)
{
    size_t before = otr_diags_error_count(diags);
    otr_project *project = otr_project_load(paths, diags);
    if (project)
        return project;
    const char *dir = paths->content_dir ? paths->content_dir : "content";
    otr_error_at(diags, ((otr_mark){dir, 0, 0}), 602,
                 "the content has %zu error(s) already (above): fix them, "
                 "then import again; nothing was changed",
                 otr_diags_error_count(diags) - before);
    return NULL;
}

int otr_import_commit(const char *content_dir, const char *layouts_dir,
                      otr_import_file *files, size_t count, FILE *report,
                      otr_diags *diags)
{
    const char *content = content_dir ? content_dir : "content";
    file_plan *plans = otr_xcalloc(count + 1, sizeof(file_plan));
    int status = 0;
    for (size_t i = 0; i < count; i++) {
        file_plan *p = &plans[i];
        p->dir = otr_path_join(content, files[i].kind);
        p->path = otr_path_join(p->dir, files[i].name);
        char *temp_name = otr_xasprintf(".%s.tmp", files[i].name);
        p->temp = otr_path_join(p->dir, temp_name);
        free(temp_name);
        p->old_text = read_text(p->path);
        p->new_text = file_text(&files[i]);
    }
    /* Everything is written before anything is replaced. */
    for (size_t i = 0; i < count && status == 0; i++) {
        file_plan *p = &plans[i];
        if (!p->new_text)
            continue;
        if (!otr_is_dir(p->dir)) {
            if (mkdir(p->dir, 0777) != 0) {
                otr_error_at(diags, ((otr_mark){p->dir, 0, 0}), 601,
                             "cannot make the folder: %s", strerror(errno));
                status = -1;
                continue;
            }
            p->made_dir = 1;
        }
        if (write_text(p->temp, p->new_text, diags) < 0) {
            status = -1;
        }
    }
    if (status < 0) {
        for (size_t i = 0; i < count; i++) {
            unlink(plans[i].temp);
            if (plans[i].made_dir)
                rmdir(plans[i].dir);
        }
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        file_plan *p = &plans[i];
        if (p->new_text)
            rename(p->temp, p->path);
        else if (p->old_text)
            unlink(p->path);
    }

    /* The imported records must pass the same checks as hand-written ones. */
    size_t errors_before = otr_diags_error_count(diags);
    otr_paths paths = {content, layouts_dir};
    otr_project *project = otr_project_load(&paths, diags);
    otr_project_free(project);
    if (otr_diags_error_count(diags) > errors_before) {
        for (size_t i = 0; i < count; i++) {
            file_plan *p = &plans[i];
            if (p->new_text)
                unlink(p->path);
            if (p->old_text && write_text(p->temp, p->old_text, diags) == 0)
                rename(p->temp, p->path);
            if (p->made_dir)
                rmdir(p->dir);
        }
        otr_error_at(diags, ((otr_mark){content, 0, 0}), 603,
                     "the imported records do not pass the content checks "
                     "above, so the import was undone and the content is as "
                     "it was (to look at the refused file, import into a "
                     "copy of the content folder with -o)");
        status = -1;
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        if (files[i].count || plans[i].old_text)
            report_changes(&files[i], plans[i].old_text, report);

done:
    for (size_t i = 0; i < count; i++) {
        free(plans[i].dir);
        free(plans[i].path);
        free(plans[i].temp);
        free(plans[i].old_text);
        free(plans[i].new_text);
    }
    free(plans);
    return status;
}

const char *otr_import_source_of(const char *path)
{
    if (!path)
        return NULL;
    const char *base = strrchr(path, '/');
    if (!base)
        return NULL;
    const char *dir = base;
    while (dir > path && dir[-1] != '/')
        dir--;
    size_t dir_len = (size_t)(base - dir);
    base++;
    int folder = (dir_len == 6 && strncmp(dir, "offers", 6) == 0) ||
                 (dir_len == 6 && strncmp(dir, "events", 6) == 0) ||
                 (dir_len == 10 && strncmp(dir, "categories", 10) == 0);
    size_t len = strlen(base);
    if (!folder || len < 5 || strcmp(base + len - 5, ".yaml") != 0)
        return NULL;
    if (strncmp(base, "integreat-", 10) == 0)
        return "Integreat";
    if (strncmp(base, "csv-", 4) == 0)
        return "the spreadsheet";
    return NULL;
}
