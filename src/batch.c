/* `outreach batch`: every document of a campaign, built by worker
 * processes, with progress, a manifest, and only what changed rebuilt. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign.h"
#include "contact.h"
#include "draw.h"
#include "printorder.h"
#include "products.h"
#include "project.h"
#include "util.h"

enum { DOC_PENDING, DOC_BUILT, DOC_UNCHANGED, DOC_FAILED };

typedef struct {
    int status;
    size_t pages;
    long long bytes;
    char *urls;          /* space-separated; owned */
    char *messages;      /* diagnostics, one a line; owned */
    char file_hash[17];  /* of the written file's bytes, hex; "" unknown */
    char *substitutions; /* "event.title=en ...", or NULL; owned */
    char sheet_fit[80];  /* how it went onto office sheets, or "" */
} doc_result;

/* A row of the previous run's manifest. */
typedef struct {
    char *file, *pages, *bytes, *hash, *urls;
    char *file_hash;     /* of the file's own bytes, as written */
    char *substitutions; /* "" when none, or in a manifest without them */
    char *sheet_fit;     /* "" when none, or in a manifest without it */
} old_row;

/* ---- CSV ------------------------------------------------------------------
 */

/* Splits one CSV line into at most MAX fields; returns the count. */
static size_t csv_split(char *line, char **fields, size_t max)
{
    size_t count = 0;
    char *p = line;
    while (count < max) {
        char *out = p;
        fields[count++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    break;
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                *out++ = *p++;
        }
        char sep = *p;
        *out = '\0';
        if (sep != ',')
            break;
        p++;
    }
    return count;
}

/* Columns are found by their names in the header, so that a manifest with
 * more or fewer columns (an older or newer version) still reads. */
static old_row *read_manifest(const char *path, size_t *count)
{
    *count = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    old_row *rows = NULL;
    size_t cap = 0;
    char *line = NULL;
    size_t size = 0;
    enum { MAX_FIELDS = 32 };
    static const char *const names[] = {"file",       "pages", "bytes",
                                        "input_hash", "urls",  "file_hash"};
    int column[6] = {-1, -1, -1, -1, -1, -1};
    int substituted = -1; /* optional: manifests before it lack it */
    int sheet_fit = -1;
    int header = 1;
    while (getline(&line, &size, f) > 0) {
        char *fields[MAX_FIELDS];
        size_t n = csv_split(line, fields, MAX_FIELDS);
        if (header) {
            header = 0;
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 6; k++)
                    if (strcmp(fields[i], names[k]) == 0)
                        column[k] = (int)i;
            for (size_t i = 0; i < n; i++) {
                if (strcmp(fields[i], "substituted") == 0)
                    substituted = (int)i;
                if (strcmp(fields[i], "sheet_fit") == 0)
                    sheet_fit = (int)i;
            }
            continue;
        }
        char *values[6];
        int complete = 1;
        for (int k = 0; k < 6; k++) {
            complete &= column[k] >= 0 && (size_t)column[k] < n;
            values[k] = complete ? fields[column[k]] : NULL;
        }
        if (!complete)
            continue; /* no file hash: such a file is rebuilt */
        rows = otr_grow(rows, &cap, *count + 1, sizeof(old_row));
        rows[(*count)++] =
            (old_row){otr_xstrdup(values[0]),
                      otr_xstrdup(values[1]),
                      otr_xstrdup(values[2]),
                      otr_xstrdup(values[3]),
                      otr_xstrdup(values[4]),
                      otr_xstrdup(values[5]),
                      otr_xstrdup(substituted >= 0 && (size_t)substituted < n
                                      ? fields[substituted]
                                      : ""),
                      otr_xstrdup(sheet_fit >= 0 && (size_t)sheet_fit < n
                                      ? fields[sheet_fit]
                                      : "")};
    }
    free(line);
    fclose(f);
    return rows;
}

static void free_rows(old_row *rows, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(rows[i].file);
        free(rows[i].pages);
        free(rows[i].bytes);
        free(rows[i].hash);
        free(rows[i].urls);
        free(rows[i].file_hash);
        free(rows[i].substitutions);
        free(rows[i].sheet_fit);
    }
    free(rows);
}

/* A JSON string of LEN bytes of TEXT (RFC 8259): UTF-8 passes through,
 * bytes that are not UTF-8 become U+FFFD, so the file stays valid JSON
 * whatever a name holds. */
static void json_string(FILE *out, const char *text, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        int n = otr_utf8_length(text + i);
        if (n == 0 || i + (size_t)n > len) {
            fputs("\\ufffd", out);
            i++;
        } else if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
            i++;
        } else if (c < 0x20) {
            fprintf(out, "\\u%04x", c);
            i++;
        } else {
            fwrite(text + i, 1, (size_t)n, out);
            i += (size_t)n;
        }
    }
    fputc('"', out);
}

/* ---- Files ------------------------------------------------------------- */

static int make_dirs(const char *path)
{
    char *copy = otr_xstrdup(path);
    int rc = 0;
    for (char *p = copy + 1; *p && rc == 0; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    free(copy);
    return rc;
}

/* The folders made for this run's documents, each made once: a campaign
 * has thousands of documents in a few dozen folders. */
typedef struct {
    otr_strset folders; /* keys live in the arena */
    otr_arena names;
} made_folders;

static int make_dirs_once(const char *path, made_folders *made)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    size_t ignored;
    if (otr_strset_find(&made->folders, path, len, &ignored))
        return 0;
    if (make_dirs(path) < 0)
        return -1;
    char *name = otr_arena_strndup(&made->names, path, len);
    otr_strset_add(&made->folders, name, len, 0, NULL);
    return 0;
}

/* The output folder exists (made if need be) and takes new files: checked
 * once, before any work, so that a folder nobody may write to gives one
 * clear message rather than one per document. */
static int check_output_folder(const char *out_dir, otr_diags *diags)
{
    otr_mark at = {out_dir, 0, 0};
    char *probe = otr_path_join(out_dir, ".outreach-XXXXXX");
    int rc = 0;
    if (make_dirs(probe) < 0) {
        otr_error_at(diags, at, 535, "cannot create the output folder: %s",
                     strerror(errno));
        rc = -1;
    } else {
        int fd = mkstemp(probe);
        if (fd < 0) {
            otr_error_at(diags, at, 535,
                         "cannot write into the output folder: %s",
                         strerror(errno));
            rc = -1;
        } else {
            close(fd);
            unlink(probe);
        }
    }
    free(probe);
    return rc;
}

/* The newest modification time of the inputs: the default creation date,
 * so that the same inputs give the same bytes without SOURCE_DATE_EPOCH. */
static void default_creation_date(const otr_project *project)
{
    if (getenv("SOURCE_DATE_EPOCH"))
        return;
    time_t newest = 0;
    struct stat st;
    for (size_t i = 0; i < project->doc_count; i++) {
        if (stat(project->docs[i]->path, &st) == 0 && st.st_mtime > newest)
            newest = st.st_mtime;
    }
    if (stat(project->fonts_dir, &st) == 0 && st.st_mtime > newest)
        newest = st.st_mtime;
    char value[32];
    snprintf(value, sizeof value, "%lld", (long long)newest);
    setenv("SOURCE_DATE_EPOCH", value, 1);
}

/* ---- Trust in what is on disk ------------------------------------------- */

/* The hash of the file's own bytes, as 16 hex digits in OUT; "" when it
 * cannot be read. What the manifest records is what was written: a file
 * rewritten by a run that was stopped before its manifest no longer
 * matches, and is rebuilt. */
static void hash_output_file(const char *path, char out[17])
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    uint64_t hash = 0;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        hash = otr_hash_bytes(chunk, n, hash);
    if (!ferror(f))
        snprintf(out, 17, "%016llx", (unsigned long long)hash);
    fclose(f);
}

/* Holds the output folder for this run (an advisory lock on the folder
 * itself, so nothing is left in it; released when the process ends): a
 * second batch into the same folder waits, saying so, rather than mixing
 * its files and manifest with this one's. Returns the lock's descriptor,
 * or -1 after reporting. */
static int lock_output_folder(const char *out_dir, FILE *progress,
                              otr_diags *diags)
{
    int fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd;
    if (fd < 0) {
        otr_error_at(diags, ((otr_mark){out_dir, 0, 0}), 538,
                     "cannot lock the output folder: %s", strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (progress) {
            fprintf(progress,
                    "another batch is writing into %s; waiting until it is "
                    "done\n",
                    out_dir);
            fflush(progress);
        }
        while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (rc != 0) {
            otr_error_at(diags, ((otr_mark){out_dir, 0, 0}), 538,
                         "cannot lock the output folder: %s", strerror(errno));
            close(fd);
        } else {
            rc = fd;
        }
    }
    return rc;
}

/* 1 for NAME a temporary file of a document (".NAME.pdf.XXXXXX", see
 * output.c) or of batch itself ("manifest.csv.tmp",
 * "contact-sheet.pdf.3.tmp"). */
static int is_temporary_name(const char *name)
{
    size_t len = strlen(name);
    if (name[0] == '.' && len > 8 && name[len - 7] == '.') {
        for (size_t i = len - 6; i < len; i++) {
            unsigned char c = (unsigned char)name[i];
            if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
                !(c >= '0' && c <= '9'))
                return 0;
        }
        return 1;
    }
    return (strncmp(name, "manifest", 8) == 0 ||
            strncmp(name, "contact-sheet", 13) == 0 ||
            strncmp(name, "print-order", 11) == 0) &&
           len > 4 && strcmp(name + len - 4, ".tmp") == 0;
}

/* Removes the temporary files a stopped earlier run left in the output
 * folder and in the folders of this campaign's documents (names a campaign
 * cannot give: see campaign.c). Runs with the folder locked, so none is
 * another run's. Returns how many were removed. */
static size_t remove_stale_temporaries(const char *out_dir,
                                       const otr_campaign *campaign)
{
    otr_strset seen = {0};
    otr_arena names = {0};
    size_t removed = 0;
    for (size_t i = 0; i <= campaign->count; i++) {
        const char *doc =
            i < campaign->count ? campaign->documents[i].path : "";
        const char *slash = strrchr(doc, '/');
        size_t len = slash ? (size_t)(slash - doc) : 0;
        size_t ignored;
        if (otr_strset_find(&seen, doc, len, &ignored))
            continue;
        otr_strset_add(&seen, otr_arena_strndup(&names, doc, len), len, 0,
                       NULL);
        char *sub = otr_xstrndup(doc, len);
        char *folder = len ? otr_path_join(out_dir, sub) : otr_xstrdup(out_dir);
        free(sub);
        DIR *dir = opendir(folder);
        struct dirent *entry;
        while (dir && (entry = readdir(dir))) {
            if (!is_temporary_name(entry->d_name))
                continue;
            char *path = otr_path_join(folder, entry->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                unlink(path) == 0)
                removed++;
            free(path);
        }
        if (dir)
            closedir(dir);
        free(folder);
    }
    otr_strset_free(&seen);
    otr_arena_free(&names);
    return removed;
}

/* ---- Workers ------------------------------------------------------------- */

static void send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

/* Builds one document in a worker and sends its result:
 *   R <index> <status> <pages> <bytes> <urls> <substitutions>
 *   M <index> <diagnostic line>          (any number) */
static void build_one(otr_project *project, const otr_campaign *campaign,
                      const char *out_dir, const otr_batch_options *options,
                      size_t index, int fd)
{
    const otr_document *doc = &campaign->documents[index];
    otr_diags *diags = otr_diags_new();
    char *path = otr_path_join(out_dir, doc->path);
    otr_render_request request = {
        .layout = doc->layout->name,
        .langs = doc->langs,
        .lang_count = doc->lang_count,
        .record_id = doc->record_id,
        .campaign = campaign->name,
        .radius_km = campaign->radius_km,
        /* Screen layouts come out as PNG at their px size; the print
         * options are for the printed ones. */
        .format = doc->layout->in_px ? OTR_FORMAT_PNG : OTR_FORMAT_PDF,
        .print_shop = doc->layout->in_px ? 0 : options->print_shop,
        .pdfx = doc->layout->in_px ? 0 : options->pdfx,
        .sheet = doc->layout->in_px ? NULL : options->sheet,
        .fallback = doc->fallback,
        .output = path,
    };
    otr_render_result result = {0};
    int rc = otr_project_render(project, &request, &result, diags);
    otr_buf line = {0};
    struct stat st;
    long long bytes =
        rc == 0 && stat(path, &st) == 0 ? (long long)st.st_size : 0;
    otr_buf_printf(&line, "R\t%zu\t%d\t%zu\t%lld\t", index,
                   rc == 0 ? DOC_BUILT : DOC_FAILED, result.pages, bytes);
    for (size_t i = 0; i < result.url_count; i++)
        otr_buf_printf(&line, "%s%s", i ? " " : "", result.urls[i]);
    char *substituted = otr_substitutions_text(&result.substitutions);
    otr_buf_printf(&line, "\t%s\t%s\n", substituted, result.sheet_fit);
    free(substituted);
    if (rc == 0) {
        char file_hash[17];
        hash_output_file(path, file_hash);
        otr_buf_printf(&line, "H\t%zu\t%s\n", index, file_hash);
    }

    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    otr_diags_print(diags, mem);
    fclose(mem);
    for (char *p = text; p && *p;) {
        char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        otr_buf_printf(&line, "M\t%zu\t%.*s\n", index, (int)len, p);
        p = end ? end + 1 : p + len;
    }
    free(text);
    send_all(fd, line.data, line.len);
    otr_buf_free(&line);
    otr_render_result_clear(&result);
    otr_diags_free(diags);
    free(path);
}

typedef struct {
    pid_t pid;
    int fd;
    otr_buf pending; /* bytes of an incomplete line */
} worker;

static void take_line(char *line, doc_result *results, size_t count,
                      size_t *done)
{
    char *fields[8];
    char kind = line[0];
    size_t n = 0, max = kind == 'R' ? 8u : 3u;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab || n == max)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    size_t index = n > 1 ? strtoul(fields[1], NULL, 10) : count;
    if (index >= count)
        return;
    doc_result *r = &results[index];
    if (kind == 'R' && n == 8) {
        r->status = atoi(fields[2]);
        r->pages = strtoul(fields[3], NULL, 10);
        r->bytes = atoll(fields[4]);
        r->urls = otr_xstrdup(fields[5]);
        r->substitutions = *fields[6] ? otr_xstrdup(fields[6]) : NULL;
        snprintf(r->sheet_fit, sizeof r->sheet_fit, "%s", fields[7]);
        (*done)++;
    } else if (kind == 'H' && n == 3) {
        snprintf(r->file_hash, sizeof r->file_hash, "%s", fields[2]);
    } else if (kind == 'M' && n == 3) {
        char *joined =
            otr_xasprintf("%s%s\n", r->messages ? r->messages : "", fields[2]);
        free(r->messages);
        r->messages = joined;
    }
}

/* The document's input hash for this run: print-shop and n-up files
 * differ. */
static uint64_t run_hash(const otr_document *doc,
                         const otr_batch_options *options)
{
    uint64_t hash = doc->input_hash;
    if (options->print_shop)
        hash = otr_hash_bytes("print-shop", 10, hash);
    if (options->pdfx)
        hash = otr_hash_bytes("pdfx", 4, hash);
    if (options->sheet)
        hash = otr_hash_bytes(options->sheet, strlen(options->sheet), hash);
    return hash;
}

/* A file from an earlier run may stay when everything it is made from
 * hashes the same (INPUT_HASH) and the file is still, byte for byte, the
 * one that run wrote. */
static int is_unchanged(const char *path, const old_row *row,
                        const char *input_hash)
{
    struct stat st;
    if (strcmp(row->hash, input_hash) != 0 || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode) || st.st_size != atoll(row->bytes) ||
        !row->file_hash[0])
        return 0;
    char file_hash[17];
    hash_output_file(path, file_hash);
    return strcmp(file_hash, row->file_hash) == 0;
}

/* ---- The run ------------------------------------------------------------- */

/* Rows in ORDER (positions in CHOSEN and RESULTS), sorted by file name. */
static void write_manifests(const char *out_dir, const char *name,
                            const otr_campaign *campaign,
                            const otr_batch_options *options,
                            const size_t *chosen, const size_t *order,
                            size_t count, const doc_result *results,
                            otr_diags *diags)
{
    char *csv_name = otr_xasprintf("%s.csv", name);
    char *json_name = otr_xasprintf("%s.json", name);
    char *csv_path = otr_path_join(out_dir, csv_name);
    char *json_path = otr_path_join(out_dir, json_name);
    char *csv_temp = otr_xasprintf("%s.tmp", csv_path);
    char *json_temp = otr_xasprintf("%s.tmp", json_path);
    otr_temp_remember(csv_temp);
    otr_temp_remember(json_temp);
    FILE *csv = fopen(csv_temp, "w");
    FILE *json = fopen(json_temp, "w");
    if (!csv || !json) {
        otr_error_at(diags, ((otr_mark){csv ? json_path : csv_path, 0, 0}), 530,
                     "cannot write the manifest: %s", strerror(errno));
        if (csv)
            fclose(csv);
        if (json)
            fclose(json);
        unlink(csv_temp);
        unlink(json_temp);
        goto cleanup;
    }
    fputs("file,layout,languages,record,pages,bytes,input_hash,urls,"
          "file_hash,substituted,trim_mm,bleed_mm,colour,quantity,paper,"
          "sheet_fit\n",
          csv);
    fputs("[\n", json);
    int first = 1;
    for (size_t i = 0; i < count; i++) {
        const otr_document *doc = &campaign->documents[chosen[order[i]]];
        const doc_result *r = &results[order[i]];
        if (r->status == DOC_FAILED || r->status == DOC_PENDING)
            continue;
        char pages[32], bytes[32], hash[32];
        snprintf(pages, sizeof pages, "%zu", r->pages);
        snprintf(bytes, sizeof bytes, "%lld", r->bytes);
        snprintf(hash, sizeof hash, "%016llx",
                 (unsigned long long)run_hash(doc, options));
        const char *subs = r->substitutions ? r->substitutions : "";
        char trim[64], bleed[32], quantity[32];
        snprintf(trim, sizeof trim, "%gx%g", doc->layout->width,
                 doc->layout->height);
        /* Screen products (pages in px) are PNGs, made without bleed. */
        int printed = !doc->layout->in_px;
        snprintf(bleed, sizeof bleed, "%g",
                 options->print_shop && printed ? OTR_BLEED_MM : 0.0);
        if (doc->quantity < 0)
            quantity[0] = '\0';
        else
            snprintf(quantity, sizeof quantity, "%ld", doc->quantity);
        const char *colour = otr_order_colour(options->pdfx && printed);
        const char *fields[16] = {doc->path,
                                  doc->layout->name,
                                  doc->langs[0],
                                  doc->record_id ? doc->record_id : "",
                                  pages,
                                  bytes,
                                  hash,
                                  r->urls ? r->urls : "",
                                  r->file_hash,
                                  subs,
                                  trim,
                                  bleed,
                                  colour,
                                  quantity,
                                  doc->paper ? doc->paper : "",
                                  r->sheet_fit};
        for (int f = 0; f < 16; f++)
            otr_csv_field(csv, fields[f], f == 15);
        fprintf(json, "%s  {\"file\": ", first ? "" : ",\n");
        json_string(json, doc->path, strlen(doc->path));
        fputs(", \"layout\": ", json);
        json_string(json, doc->layout->name, strlen(doc->layout->name));
        fputs(", \"languages\": [", json);
        json_string(json, doc->langs[0], strlen(doc->langs[0]));
        fputs("], \"record\": ", json);
        if (doc->record_id)
            json_string(json, doc->record_id, strlen(doc->record_id));
        else
            fputs("null", json);
        fprintf(json,
                ", \"pages\": %zu, \"bytes\": %lld, \"input_hash\": \"%s\", "
                "\"file_hash\": \"%s\", \"urls\": [",
                r->pages, r->bytes, hash, r->file_hash);
        const char *u = r->urls ? r->urls : "";
        int first_url = 1;
        while (*u) {
            const char *end = strchr(u, ' ');
            size_t len = end ? (size_t)(end - u) : strlen(u);
            fputs(first_url ? "" : ", ", json);
            json_string(json, u, len);
            first_url = 0;
            u += len;
            while (*u == ' ')
                u++;
        }
        /* "substituted": [{"field": "event.title", "record": null,
         * "language": "en"}], from "event.title=en". */
        fputs("], \"substituted\": [", json);
        for (const char *e = subs; *e;) {
            size_t len = strcspn(e, " ");
            const char *eq = memchr(e, '=', len);
            const char *at = memchr(e, '@', len);
            const char *field_end = at ? at : eq ? eq : e + len;
            fputs(e == subs ? "{\"field\": " : ", {\"field\": ", json);
            json_string(json, e, (size_t)(field_end - e));
            fputs(", \"record\": ", json);
            if (at && eq && at < eq)
                json_string(json, at + 1, (size_t)(eq - at - 1));
            else
                fputs("null", json);
            fputs(", \"language\": ", json);
            if (eq)
                json_string(json, eq + 1, (size_t)(e + len - eq - 1));
            else
                fputs("null", json);
            fputc('}', json);
            e += len;
            while (*e == ' ')
                e++;
        }
        fprintf(json,
                "], \"trim_mm\": [%g, %g], \"bleed_mm\": %g, \"colour\": "
                "\"%s\", \"quantity\": ",
                doc->layout->width, doc->layout->height,
                options->print_shop && printed ? OTR_BLEED_MM : 0.0, colour);
        if (doc->quantity < 0)
            fputs("null", json);
        else
            fprintf(json, "%ld", doc->quantity);
        fputs(", \"paper\": ", json);
        if (doc->paper)
            json_string(json, doc->paper, strlen(doc->paper));
        else
            fputs("null", json);
        fputs(", \"sheet_fit\": ", json);
        if (r->sheet_fit[0])
            json_string(json, r->sheet_fit, strlen(r->sheet_fit));
        else
            fputs("null", json);
        fputc('}', json);
        first = 0;
    }
    fputs("\n]\n", json);
    int failed = ferror(csv) | ferror(json);
    failed |= fclose(csv) != 0;
    failed |= fclose(json) != 0;
    if (failed || rename(csv_temp, csv_path) != 0 ||
        rename(json_temp, json_path) != 0) {
        otr_error_at(diags, ((otr_mark){csv_path, 0, 0}), 530,
                     "cannot write the manifest");
        unlink(csv_temp);
        unlink(json_temp);
    }
cleanup:
    otr_temp_forget(csv_temp);
    otr_temp_forget(json_temp);
    free(csv_name);
    free(json_name);
    free(csv_path);
    free(json_path);
    free(csv_temp);
    free(json_temp);
}

/* print-order.csv and .pdf (print-order-K-of-N.* for a shard): the built
 * documents, in the manifest's order, grouped by product and format. */
static void write_print_order(otr_project *project, const char *out_dir,
                              int shards, int shard,
                              const otr_campaign *campaign,
                              const otr_batch_options *options,
                              const size_t *chosen, const size_t *order,
                              size_t count, const doc_result *results,
                              otr_diags *diags)
{
    otr_order_item *items = otr_xcalloc(count + 1, sizeof(otr_order_item));
    size_t n = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        const otr_document *doc = &campaign->documents[chosen[order[i]]];
        const doc_result *r = &results[order[i]];
        if (r->status == DOC_FAILED || r->status == DOC_PENDING) {
            failed++;
            continue;
        }
        if (doc->layout->in_px)
            continue; /* a screen product: nothing to print */
        items[n++] = (otr_order_item){
            .product = doc->layout->name,
            .width = doc->layout->width,
            .height = doc->layout->height,
            .bleed = options->print_shop ? OTR_BLEED_MM : 0.0,
            .pages = r->pages,
            .colour = otr_order_colour(options->pdfx),
            .paper = doc->paper,
            .language = doc->langs[0],
            .quantity = doc->quantity,
        };
    }
    char *name = shards > 1
                     ? otr_xasprintf("print-order-%d-of-%d", shard, shards)
                     : otr_xstrdup("print-order");
    char *csv_name = otr_xasprintf("%s.csv", name);
    char *pdf_name = otr_xasprintf("%s.pdf", name);
    char *csv_path = otr_path_join(out_dir, csv_name);
    char *pdf_path = otr_path_join(out_dir, pdf_name);
    otr_print_order_write(project->fonts, campaign->name, items, n, failed,
                          csv_path, pdf_path, diags);
    free(name);
    free(csv_name);
    free(pdf_name);
    free(csv_path);
    free(pdf_path);
    free(items);
}

/* per-product/LAYOUT-LANG.pdf when asked for, from a run of the whole
 * campaign: a shard has only part of each product. */
static void write_products(const char *out_dir, int shards,
                           const otr_campaign *campaign,
                           const otr_batch_options *options,
                           const size_t *chosen, const size_t *order,
                           size_t count, const doc_result *results,
                           FILE *progress, otr_diags *diags)
{
    int make = options->per_product || campaign->per_product;
    if (shards > 1) {
        if (make)
            otr_warning_at(diags, ((otr_mark){out_dir, 0, 0}), 546,
                           "one file per product is made by a run of the "
                           "whole campaign, not by --shard: none is made");
        return;
    }
    size_t *docs = otr_xcalloc(count + 1, sizeof(size_t));
    int *failed = otr_xcalloc(count + 1, sizeof(int));
    size_t *pages = otr_xcalloc(count + 1, sizeof(size_t));
    for (size_t i = 0; i < count; i++) {
        const doc_result *r = &results[order[i]];
        docs[i] = chosen[order[i]];
        failed[i] = r->status == DOC_FAILED || r->status == DOC_PENDING;
        pages[i] = r->pages;
    }
    otr_write_products(out_dir, campaign, docs, failed, pages, count, make,
                       options->quiet ? NULL : progress, diags);
    free(docs);
    free(failed);
    free(pages);
}

/* 1 when PATH, read from a manifest, names a file inside the output
 * folder that batch may have written: relative, no "..", not its own. */
static int document_path(const char *path)
{
    if (!*path || path[0] == '/' || strncmp(path, "manifest", 8) == 0 ||
        strncmp(path, "contact-sheet", 13) == 0 ||
        strncmp(path, "print-order", 11) == 0)
        return 0;
    for (const char *seg = path; seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || seg[0] == '.')
            return 0;
        seg = end ? end + 1 : NULL;
    }
    return 1;
}

/* Removes the files an earlier run wrote (the rows of its manifest, OLD)
 * whose documents the campaign no longer has: a record deleted, an event
 * cancelled or out of the date range, a language dropped. A file not in
 * the manifest is never touched, nor one whose size differs from what the
 * manifest says batch wrote (someone put their own file there). Folders
 * left empty go too. Each removal is listed on PROGRESS. */
static void remove_stale(const char *out_dir, const otr_campaign *campaign,
                         const old_row *old, size_t old_count, FILE *progress,
                         otr_diags *diags)
{
    /* Every shard's documents: a file another shard builds is not stale. */
    otr_strset current = {0};
    for (size_t i = 0; i < campaign->count; i++)
        otr_strset_add(&current, campaign->documents[i].path,
                       strlen(campaign->documents[i].path), i, NULL);
    size_t removed = 0;
    for (size_t i = 0; i < old_count; i++) {
        const char *file = old[i].file;
        size_t ignored;
        if (otr_strset_find(&current, file, strlen(file), &ignored) ||
            !document_path(file))
            continue;
        char *path = otr_path_join(out_dir, file);
        struct stat st;
        if (lstat(path, &st) != 0) {
            free(path);
            continue; /* removed already */
        }
        if (!S_ISREG(st.st_mode) || st.st_size != atoll(old[i].bytes)) {
            otr_warning_at(diags, ((otr_mark){path, 0, 0}), 536,
                           "the campaign no longer has this document, but "
                           "the file is not the one batch wrote; it is left "
                           "as it is");
            free(path);
            continue;
        }
        if (unlink(path) != 0) {
            otr_error_at(diags, ((otr_mark){path, 0, 0}), 537,
                         "the campaign no longer has this document, and its "
                         "old file cannot be removed: %s",
                         strerror(errno));
            free(path);
            continue;
        }
        if (progress) {
            if (!removed)
                fputs("Removed files of documents the campaign no longer "
                      "has:\n",
                      progress);
            fprintf(progress, "  %s\n", file);
        }
        removed++;
        /* Its folders, when nothing else is left in them. */
        for (char *slash = strrchr(path, '/');
             slash && slash > path + strlen(out_dir);
             slash = strrchr(path, '/')) {
            *slash = '\0';
            if (rmdir(path) != 0)
                break;
        }
        free(path);
    }
    otr_strset_free(&current);
}

/* qsort has no context argument: the comparison's data, set just before. */
static const otr_campaign *sort_campaign;
static const size_t *sort_chosen;

static int by_path(const void *a, const void *b)
{
    const otr_document *docs = sort_campaign->documents;
    return strcmp(docs[sort_chosen[*(const size_t *)a]].path,
                  docs[sort_chosen[*(const size_t *)b]].path);
}

int otr_batch(otr_project *project, const otr_batch_options *options,
              FILE *progress, otr_diags *diags)
{
    otr_campaign campaign;
    if (otr_campaign_load(project, options->campaign, &campaign, diags) < 0)
        return -1;
    /* The campaign's choice of output, unless the command line says. */
    otr_batch_options merged = *options;
    if (!merged.print_shop && !merged.sheet) {
        merged.print_shop = campaign.print_shop;
        merged.sheet = campaign.sheet;
    }
    if (campaign.pdfx)
        merged.pdfx = 1;
    options = &merged;
    if (options->print_shop && options->sheet) {
        otr_diags_error(diags, 909,
                        "--sheet is for the office printer, --print-shop for "
                        "the print shop: choose one");
        otr_campaign_clear(&campaign);
        return -1;
    }
    const char *out_dir = options->output_dir ? options->output_dir : "out";
    if (check_output_folder(out_dir, diags) < 0) {
        otr_campaign_clear(&campaign);
        return -1;
    }
    int lock =
        lock_output_folder(out_dir, options->quiet ? NULL : progress, diags);
    if (lock < 0) {
        otr_campaign_clear(&campaign);
        return -1;
    }
    size_t stale = remove_stale_temporaries(out_dir, &campaign);
    if (stale && progress && !options->quiet)
        fprintf(progress,
                "removed %zu temporary file(s) that a stopped earlier run "
                "left\n",
                stale);
    int shards = options->shards > 0 ? options->shards : 1;
    int shard = options->shards > 0 ? options->shard : 1;

    /* This shard's documents, in the campaign's order: the same split on
     * every machine. */
    size_t *chosen = otr_xcalloc(campaign.count + 1, sizeof(size_t));
    size_t count = 0;
    for (size_t i = 0; i < campaign.count; i++) {
        if ((int)(i % (size_t)shards) == shard - 1)
            chosen[count++] = i;
    }
    char *manifest = shards > 1
                         ? otr_xasprintf("manifest-%d-of-%d", shard, shards)
                         : otr_xstrdup("manifest");
    char *old_name = otr_xasprintf("%s.csv", manifest);
    char *old_path = otr_path_join(out_dir, old_name);
    size_t old_count = 0;
    old_row *old = read_manifest(old_path, &old_count);
    free(old_name);
    free(old_path);

    /* The previous run's rows by file, for thousands of documents. */
    otr_strset old_files = {0};
    for (size_t i = 0; i < old_count; i++)
        otr_strset_add(&old_files, old[i].file, strlen(old[i].file), i, NULL);

    default_creation_date(project);
    doc_result *results = otr_xcalloc(count + 1, sizeof(doc_result));
    size_t *todo = otr_xcalloc(count + 1, sizeof(size_t));
    size_t todo_count = 0, done = 0;
    made_folders made = {0};
    int rc = 0;
    for (size_t k = 0; k < count; k++) {
        const otr_document *doc = &campaign.documents[chosen[k]];
        char *path = otr_path_join(out_dir, doc->path);
        char hash[32];
        snprintf(hash, sizeof hash, "%016llx",
                 (unsigned long long)run_hash(doc, options));
        const old_row *row = NULL;
        size_t index = 0;
        if (otr_strset_find(&old_files, doc->path, strlen(doc->path), &index))
            row = &old[index];
        /* A sheet's file from before manifests said how it fits: made
         * again, so the manifest can say. */
        if (!options->force && row && (!options->sheet || *row->sheet_fit) &&
            is_unchanged(path, row, hash)) {
            results[k] = (doc_result){DOC_UNCHANGED,
                                      strtoul(row->pages, NULL, 10),
                                      atoll(row->bytes),
                                      otr_xstrdup(row->urls),
                                      NULL,
                                      "",
                                      NULL,
                                      ""};
            snprintf(results[k].file_hash, sizeof results[k].file_hash, "%s",
                     row->file_hash);
            if (*row->substitutions)
                results[k].substitutions = otr_xstrdup(row->substitutions);
            snprintf(results[k].sheet_fit, sizeof results[k].sheet_fit, "%s",
                     row->sheet_fit);
            done++;
        } else if (make_dirs_once(path, &made) < 0) {
            results[k].status = DOC_FAILED;
            results[k].messages =
                otr_xasprintf("%s: error[E531]: cannot create its folder: %s\n",
                              path, strerror(errno));
            done++;
        } else {
            todo[todo_count++] = k;
        }
        free(path);
    }
    otr_strset_free(&old_files);
    otr_strset_free(&made.folders);
    otr_arena_free(&made.names);

    int jobs =
        options->jobs > 0 ? options->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if (jobs > 256)
        jobs = 256; /* as many as a signal is passed on to */
    /* The contact sheet shows every document, built now or not. */
    int sheet_jobs = jobs;
    if ((size_t)jobs > todo_count)
        jobs = todo_count ? (int)todo_count : 1;
    otr_progress shown;
    otr_progress_start(&shown, options->quiet ? NULL : progress);
    size_t built_before = done;

    worker *workers = otr_xcalloc((size_t)jobs, sizeof(worker));
    fflush(NULL);
    for (int w = 0; w < jobs && todo_count; w++) {
        int fds[2];
        if (pipe(fds) < 0)
            abort();
        pid_t pid = otr_fork();
        if (pid < 0)
            abort();
        if (pid == 0) {
            otr_interrupt_quietly();
            close(fds[0]);
            for (int other = 0; other < w; other++)
                close(workers[other].fd);
            for (size_t t = (size_t)w; t < todo_count; t += (size_t)jobs)
                build_one(project, &campaign, out_dir, options, chosen[todo[t]],
                          fds[1]);
            close(fds[1]);
            _exit(0);
        }
        close(fds[1]);
        otr_interrupt_forward(pid);
        workers[w] = (worker){pid, fds[0], {0}};
    }

    /* Results by position in CHOSEN: workers report campaign indexes. */
    doc_result *by_campaign =
        otr_xcalloc(campaign.count + 1, sizeof(doc_result));
    int open_pipes = todo_count ? jobs : 0;
    struct pollfd *polls = otr_xcalloc((size_t)jobs, sizeof(struct pollfd));
    while (open_pipes > 0) {
        for (int w = 0; w < jobs; w++)
            polls[w] = (struct pollfd){workers[w].fd, POLLIN, 0};
        if (poll(polls, (nfds_t)jobs, 200) < 0 && errno != EINTR)
            break;
        for (int w = 0; w < jobs; w++) {
            if (workers[w].fd < 0 || !(polls[w].revents & (POLLIN | POLLHUP)))
                continue;
            char chunk[4096];
            ssize_t n = read(workers[w].fd, chunk, sizeof chunk);
            if (n <= 0) {
                close(workers[w].fd);
                workers[w].fd = -1;
                open_pipes--;
                continue;
            }
            otr_buf_append(&workers[w].pending, chunk, (size_t)n);
            char *line = workers[w].pending.data, *end;
            while ((end = strchr(line, '\n'))) {
                *end = '\0';
                take_line(line, by_campaign, campaign.count, &done);
                line = end + 1;
            }
            size_t rest = strlen(line);
            memmove(workers[w].pending.data, line, rest + 1);
            workers[w].pending.len = rest;
        }
        otr_progress_show(&shown, done, count, done - built_before, 0);
    }
    for (int w = 0; w < jobs && todo_count; w++) {
        int status = 0;
        waitpid(workers[w].pid, &status, 0);
        otr_buf_free(&workers[w].pending);
    }
    otr_interrupt_forget_workers();
    free(polls);
    free(workers);
    for (size_t t = 0; t < todo_count; t++) {
        size_t k = todo[t];
        doc_result *from = &by_campaign[chosen[k]];
        results[k] = *from;
        if (results[k].status == DOC_PENDING) {
            results[k].status = DOC_FAILED;
            free(results[k].messages);
            results[k].messages =
                otr_xstrdup("outreach: error[E532]: the worker building it "
                            "stopped unexpectedly\n");
        }
    }
    free(by_campaign);
    otr_progress_show(&shown, count, count, done - built_before, 1);

    /* Warnings and failures, in the campaign's order. */
    size_t built = 0, unchanged = 0, failed = 0, substituted = 0;
    for (size_t k = 0; k < count; k++) {
        const otr_document *doc = &campaign.documents[chosen[k]];
        if (results[k].status == DOC_FAILED) {
            failed++;
            /* A file from an earlier run no longer matches the content: it
             * must not be printed by mistake with the others. */
            char *path = otr_path_join(out_dir, doc->path);
            int removed = unlink(path) == 0;
            free(path);
            if (progress)
                fprintf(progress, "FAILED %s\n%s%s", doc->path,
                        results[k].messages ? results[k].messages : "",
                        removed
                            ? "  (its file from an earlier run was removed: "
                              "it no longer matches the content)\n"
                            : "");
        } else if (results[k].status == DOC_UNCHANGED) {
            unchanged++;
        } else {
            built++;
        }
        if (results[k].status != DOC_FAILED && results[k].substitutions)
            substituted++;
    }
    /* Text in another language than the document's is never printed
     * without being named: the user allowed it, and sees each one. */
    if (substituted && progress) {
        fprintf(progress,
                "%zu document(s) print text in another language, as the "
                "campaign's fallback allows:\n",
                substituted);
        for (size_t k = 0; k < count; k++) {
            if (results[k].status != DOC_FAILED && results[k].substitutions)
                fprintf(progress, "  %s: %s\n",
                        campaign.documents[chosen[k]].path,
                        results[k].substitutions);
        }
    }
    /* A page printed smaller than made, or in parts, is never a surprise. */
    size_t resized = 0;
    for (size_t k = 0; k < count; k++)
        resized += results[k].status != DOC_FAILED &&
                   (strncmp(results[k].sheet_fit, "scaled", 6) == 0 ||
                    strncmp(results[k].sheet_fit, "tiled", 5) == 0);
    if (resized && progress) {
        fprintf(progress,
                "%zu document(s) do not fit on %s as they are (manifest "
                "column sheet_fit):\n",
                resized, options->sheet);
        for (size_t k = 0; k < count; k++) {
            const char *fit = results[k].sheet_fit;
            if (results[k].status != DOC_FAILED &&
                (strncmp(fit, "scaled", 6) == 0 ||
                 strncmp(fit, "tiled", 5) == 0))
                fprintf(progress, "  %s: %s\n",
                        campaign.documents[chosen[k]].path, fit);
        }
    }
    remove_stale(out_dir, &campaign, old, old_count, progress, diags);
    free_rows(old, old_count);
    size_t *order = otr_xcalloc(count + 1, sizeof(size_t));
    for (size_t k = 0; k < count; k++)
        order[k] = k;
    sort_campaign = &campaign;
    sort_chosen = chosen;
    qsort(order, count, sizeof(size_t), by_path);
    write_manifests(out_dir, manifest, &campaign, options, chosen, order, count,
                    results, diags);
    write_print_order(project, out_dir, shards, shard, &campaign, options,
                      chosen, order, count, results, diags);
    write_products(out_dir, shards, &campaign, options, chosen, order, count,
                   results, progress, diags);
    /* The contact sheet, in the manifest's order. */
    size_t *sheet_docs = otr_xcalloc(count + 1, sizeof(size_t));
    int *sheet_failed = otr_xcalloc(count + 1, sizeof(int));
    for (size_t i = 0; i < count; i++) {
        sheet_docs[i] = chosen[order[i]];
        sheet_failed[i] = results[order[i]].status == DOC_FAILED;
    }
    char *sheet_name =
        shards > 1 ? otr_xasprintf("contact-sheet-%d-of-%d.pdf", shard, shards)
                   : otr_xstrdup("contact-sheet.pdf");
    char *sheet_path = otr_path_join(out_dir, sheet_name);
    if (count && !options->no_contact_sheet)
        otr_contact_sheet(project, &campaign, sheet_docs, sheet_failed, count,
                          sheet_jobs, sheet_path, diags);
    free(sheet_name);
    free(sheet_path);
    free(sheet_docs);
    free(sheet_failed);
    free(order);
    if (progress)
        fprintf(progress,
                "%zu document(s): %zu built, %zu unchanged, %zu failed, %zu "
                "with text in another language\n",
                count, built, unchanged, failed, substituted);
    if (failed) {
        otr_diags_error(diags, 533, "%zu of %zu document(s) could not be built",
                        failed, count);
        rc = -1;
    }
    for (size_t k = 0; k < count; k++) {
        free(results[k].urls);
        free(results[k].substitutions);
        free(results[k].messages);
    }
    free(results);
    free(todo);
    free(chosen);
    free(manifest);
    otr_campaign_clear(&campaign);
    close(lock);
    return rc;
}
