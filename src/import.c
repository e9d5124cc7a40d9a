#include "import.h"

#include <dirent.h>
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

/* One file written or replaced: a part of an imported file. */
typedef struct {
    size_t file; /* index into the imported files */
    char *path, *temp;
    char *old_text, *new_text; /* NULL: no file before, no file after */
} part_plan;

/* Where each imported file goes: its folder, and every part before and
 * after the import. */
typedef struct {
    otr_import_file *files;
    size_t count;
    char **dirs;
    int *made_dir;  /* the folder is new: removed again on failure */
    char **old_all; /* the old parts' records together, for the report */
    size_t *new_parts;
    part_plan *parts;
    size_t part_count, part_cap;
} commit_plan;

/* The text of a part: the title (with "part K of N" when split) and the
 * records FIRST to END of FILE. */
static char *part_text(const otr_import_file *file, size_t first, size_t end,
                       size_t part, size_t parts)
{
    otr_buf out = {0};
    otr_buf_printf(&out, "# %s", file->title);
    if (parts > 1)
        otr_buf_printf(&out, " Part %zu of %zu.", part, parts);
    otr_buf_puts(&out,
                 "\n# Written by `outreach import`: the next import replaces "
                 "this file, so edit\n"
                 "# the records at their source, not here.\n");
    for (size_t i = first; i < end; i++)
        otr_buf_printf(&out, "\n%s", file->records[i].yaml);
    return otr_buf_take(&out);
}

/* Whether NAME (in the folder) is part PART >= 2 of STEM: "STEM.PART.yaml". */
static size_t part_number(const char *name, const char *stem, size_t stem_len)
{
    if (strncmp(name, stem, stem_len) != 0 || name[stem_len] != '.')
        return 0;
    const char *digits = name + stem_len + 1;
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 6 || digits[0] == '0' || strcmp(digits + n, ".yaml") != 0)
        return 0;
    size_t part = (size_t)strtoul(digits, NULL, 10);
    return part >= 2 ? part : 0;
}

static part_plan *plan_part(commit_plan *plan, size_t file, const char *name)
{
    char *path = otr_path_join(plan->dirs[file], name);
    for (size_t i = 0; i < plan->part_count; i++)
        if (strcmp(plan->parts[i].path, path) == 0) {
            free(path);
            return &plan->parts[i];
        }
    plan->parts = otr_grow(plan->parts, &plan->part_cap, plan->part_count + 1,
                           sizeof(part_plan));
    part_plan *p = &plan->parts[plan->part_count++];
    memset(p, 0, sizeof(*p));
    p->file = file;
    p->path = path;
    char *temp_name = otr_xasprintf(".%s.tmp", name);
    p->temp = otr_path_join(plan->dirs[file], temp_name);
    free(temp_name);
    return p;
}

/* Plans FILE (index I): its parts as they are (FILE's name and any
 * "STEM.N.yaml" beside it) and as they will be, each at most MAX_BYTES
 * (a record larger than that gets a part of its own). */
static void plan_file(commit_plan *plan, size_t i, size_t max_bytes)
{
    const otr_import_file *file = &plan->files[i];
    size_t stem_len = strlen(file->name) - 5; /* without ".yaml" */
    otr_buf old_all = {0};
    otr_buf_puts(&old_all, "");
    part_plan *first = plan_part(plan, i, file->name);
    first->old_text = read_text(first->path);
    if (first->old_text)
        otr_buf_puts(&old_all, first->old_text);
    DIR *folder = opendir(plan->dirs[i]);
    struct dirent *entry;
    while (folder && (entry = readdir(folder)))
        if (part_number(entry->d_name, file->name, stem_len)) {
            part_plan *p = plan_part(plan, i, entry->d_name);
            p->old_text = read_text(p->path);
            /* Its records only: a record runs to the next "- id: ". */
            const char *records = p->old_text;
            while (records && *records && strncmp(records, "- id: ", 6)) {
                records = strchr(records, '\n');
                records = records ? records + 1 : NULL;
            }
            if (records && *records)
                otr_buf_printf(&old_all, "\n%s", records);
        }
    if (folder)
        closedir(folder);
    plan->old_all[i] = otr_buf_take(&old_all);

    /* Where the records are split: the parts' ranges, then their texts. */
    size_t *ends = otr_xcalloc(file->count + 2, sizeof(size_t));
    size_t parts = 0, bytes = 0;
    enum { HEADER_BYTES = 256 };
    for (size_t r = 0; r < file->count; r++) {
        size_t len = strlen(file->records[r].yaml) + 1;
        if (bytes > 0 && bytes + len > max_bytes) {
            ends[parts++] = r;
            bytes = 0;
        }
        bytes += (bytes == 0 ? HEADER_BYTES : 0) + len;
    }
    if (file->count)
        ends[parts++] = file->count;
    plan->new_parts[i] = parts;
    for (size_t k = 0, begin = 0; k < parts; begin = ends[k], k++) {
        char *name = k == 0 ? otr_xstrdup(file->name)
                            : otr_xasprintf("%.*s.%zu.yaml", (int)stem_len,
                                            file->name, k + 1);
        part_plan *p = plan_part(plan, i, name);
        p->new_text = part_text(file, begin, ends[k], k + 1, parts);
        free(name);
    }
    free(ends);
}

static void report_changes(const otr_import_file *file, const char *old_text,
                           size_t parts, FILE *report)
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
    fprintf(report, "%s/%s: %zu added, %zu changed, %zu removed, %zu unchanged",
            file->kind, file->name, added, changed, removed, same);
    if (parts > 1)
        fprintf(report, " (written as %zu files: %s and %.*s.2.yaml ...)",
                parts, file->name, (int)(strlen(file->name) - 5), file->name);
    fputs("\n", report);
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
                      otr_import_file *files, size_t count,
                      size_t max_file_bytes, FILE *report, otr_diags *diags)
{
    const char *content = content_dir ? content_dir : "content";
    size_t max_bytes =
        max_file_bytes ? max_file_bytes : OTR_IMPORT_FILE_BYTES_DEFAULT;
    commit_plan plan = {0};
    plan.files = files;
    plan.count = count;
    plan.dirs = otr_xcalloc(count + 1, sizeof(char *));
    plan.made_dir = otr_xcalloc(count + 1, sizeof(int));
    plan.old_all = otr_xcalloc(count + 1, sizeof(char *));
    plan.new_parts = otr_xcalloc(count + 1, sizeof(size_t));
    int status = 0;
    for (size_t i = 0; i < count; i++)
        plan.dirs[i] = otr_path_join(content, files[i].kind);
    for (size_t i = 0; i < count; i++)
        plan_file(&plan, i, max_bytes);
    /* Everything is written before anything is replaced. */
    for (size_t i = 0; i < plan.part_count && status == 0; i++) {
        part_plan *p = &plan.parts[i];
        if (!p->new_text)
            continue;
        const char *dir = plan.dirs[p->file];
        if (!otr_is_dir(dir)) {
            if (mkdir(dir, 0777) != 0) {
                otr_error_at(diags, ((otr_mark){dir, 0, 0}), 601,
                             "cannot make the folder: %s", strerror(errno));
                status = -1;
                continue;
            }
            plan.made_dir[p->file] = 1;
        }
        if (write_text(p->temp, p->new_text, diags) < 0)
            status = -1;
    }
    if (status < 0) {
        for (size_t i = 0; i < plan.part_count; i++)
            unlink(plan.parts[i].temp);
        for (size_t i = 0; i < count; i++)
            if (plan.made_dir[i])
                rmdir(plan.dirs[i]);
        goto done;
    }
    for (size_t i = 0; i < plan.part_count; i++) {
        part_plan *p = &plan.parts[i];
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
        for (size_t i = 0; i < plan.part_count; i++) {
            part_plan *p = &plan.parts[i];
            if (p->new_text)
                unlink(p->path);
            if (p->old_text && write_text(p->temp, p->old_text, diags) == 0)
                rename(p->temp, p->path);
        }
        for (size_t i = 0; i < count; i++)
            if (plan.made_dir[i])
                rmdir(plan.dirs[i]);
        otr_error_at(diags, ((otr_mark){content, 0, 0}), 603,
                     "the imported records do not pass the content checks "
                     "above, so the import was undone and the content is as "
                     "it was (to look at the refused file, import into a "
                     "copy of the content folder with -o)");
        status = -1;
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        if (files[i].count || plan.old_all[i][0])
            report_changes(&files[i], plan.old_all[i], plan.new_parts[i],
                           report);

done:
    for (size_t i = 0; i < plan.part_count; i++) {
        free(plan.parts[i].path);
        free(plan.parts[i].temp);
        free(plan.parts[i].old_text);
        free(plan.parts[i].new_text);
    }
    free(plan.parts);
    for (size_t i = 0; i < count; i++) {
        free(plan.dirs[i]);
        free(plan.old_all[i]);
    }
    free(plan.dirs);
    free(plan.made_dir);
    free(plan.old_all);
    free(plan.new_parts);
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
