/* The web page's jobs, each in a worker process of its own: a render that
 * crashes or hangs takes only its own request with it, and the server never
 * holds the library's state, so every job sees the content as it is on disk
 * now (an event saved a moment ago included). */
#define _GNU_SOURCE /* tm_gmtoff */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"
#include "util.h"

/* ---- The pool ------------------------------------------------------------ */

void serve_pool_init(serve_pool *pool, int workers, int queue_limit)
{
    memset(pool, 0, sizeof(*pool));
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    pool->workers = workers;
    pool->queue_limit = queue_limit;
}

static int pool_enter(serve_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    if (pool->running >= pool->workers) {
        if (pool->waiting >= pool->queue_limit) {
            pthread_mutex_unlock(&pool->lock);
            return -1;
        }
        pool->waiting++;
        while (pool->running >= pool->workers)
            pthread_cond_wait(&pool->freed, &pool->lock);
        pool->waiting--;
    }
    pool->running++;
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

static void pool_leave(serve_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->running--;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

/* In the new process: nothing of the server's (its sockets, its blocked
 * signals) reaches the job. */
static void become_worker(void)
{
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        close((int)fd);
}

pid_t serve_start_job(job_fn fn, const job_args *args)
{
    pid_t pid = otr_fork();
    if (pid == 0) {
        become_worker();
        int status = fn(args);
        fflush(NULL);
        _exit(status);
    }
    if (pid > 0)
        setpgid(pid, pid); /* also here: no race with the kill below */
    return pid;
}

job_status serve_run_job(serve_pool *pool, job_fn fn, const job_args *args,
                         double time_limit)
{
    if (pool_enter(pool) < 0)
        return JOB_BUSY;
    pid_t pid = serve_start_job(fn, args);
    job_status result = JOB_CRASHED;
    if (pid > 0) {
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        int status = 0;
        for (;;) {
            pid_t done = waitpid(pid, &status, WNOHANG);
            if (done == pid)
                break;
            if (done < 0 && errno != EINTR) {
                status = -1;
                break;
            }
            clock_gettime(CLOCK_MONOTONIC, &now);
            double elapsed = (double)(now.tv_sec - start.tv_sec) +
                             (double)(now.tv_nsec - start.tv_nsec) / 1e9;
            if (elapsed > time_limit) {
                kill(-pid, SIGKILL);
                waitpid(pid, &status, 0);
                result = JOB_TIMEOUT;
                break;
            }
            /* Short naps: a preview takes a fraction of a second. */
            nanosleep(&(struct timespec){0, 3 * 1000 * 1000}, NULL);
        }
        if (result != JOB_TIMEOUT && status >= 0 && WIFEXITED(status))
            result = WEXITSTATUS(status) == 0   ? JOB_OK
                     : WEXITSTATUS(status) == 1 ? JOB_REPORTED
                                                : JOB_CRASHED;
    }
    pool_leave(pool);
    return result;
}

void serve_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *entry;
        while (dir && (entry = readdir(dir))) {
            if (strcmp(entry->d_name, ".") == 0 ||
                strcmp(entry->d_name, "..") == 0)
                continue;
            size_t n = strlen(path) + strlen(entry->d_name) + 2;
            char *child = malloc(n);
            if (!child)
                abort();
            snprintf(child, n, "%s/%s", path, entry->d_name);
            serve_remove_tree(child);
            free(child);
        }
        if (dir)
            closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- JSON out -------------------------------------------------------------
 */

void serve_json_string(FILE *out, const char *text)
{
    if (!text) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\u%04x", *p);
        else if (*p == '<') /* never closes a script element */
            fputs("\\u003c", out);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static FILE *open_in(const job_args *args, const char *name)
{
    size_t n = strlen(args->dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s/%s", args->dir, name);
    FILE *out = fopen(path, "w");
    free(path);
    return out;
}

static void write_diag(FILE *out, const otr_diag_info *d)
{
    fprintf(out, "{\"error\":%s,\"code\":\"E%03d\",\"file\":",
            d->is_error ? "true" : "false", d->code);
    serve_json_string(out, d->file);
    fprintf(out, ",\"line\":%d,\"col\":%d,\"message\":", d->line, d->col);
    serve_json_string(out, d->message);
    fputc('}', out);
}

/* Every diagnostic, in order, as a JSON list. */
static void write_diag_list(FILE *out, const otr_diags *diags)
{
    fputc('[', out);
    for (size_t i = 0; i < otr_diags_count(diags); i++) {
        otr_diag_info d;
        otr_diags_get(diags, i, &d);
        if (i)
            fputc(',', out);
        write_diag(out, &d);
    }
    fputc(']', out);
}

/* messages.json: every diagnostic of the job. */
static void write_messages(const job_args *args, const otr_diags *diags)
{
    FILE *out = open_in(args, "messages.json");
    if (!out)
        return;
    write_diag_list(out, diags);
    fputc('\n', out);
    fclose(out);
}

static otr_project *load(const job_args *args, const char *content_dir,
                         otr_diags *diags)
{
    otr_paths paths = {content_dir, args->layouts_dir};
    return otr_project_load(&paths, diags);
}

/* ---- Render -----------------------------------------------------------------
 */

/* 1 when LAYOUT is made for screens (its page in px). */
static int screen_layout(const otr_project *project, const char *layout)
{
    for (size_t i = 0; i < otr_project_layout_count(project); i++) {
        if (strcmp(otr_project_layout_name(project, i), layout) == 0)
            return otr_project_layout_format(project, i) == OTR_FORMAT_PNG;
    }
    return 0;
}

int serve_job_render(const job_args *args)
{
    otr_diags *diags = otr_diags_new();
    /* As `outreach render`: what the one document needs. */
    otr_paths paths = {args->content_dir, args->layouts_dir};
    otr_project *project = otr_project_load_for(&paths, args->layout, diags);
    int status = 1;
    if (project) {
        int png =
            strcmp(args->as, "preview") == 0 || strcmp(args->as, "png") == 0;
        size_t n = strlen(args->dir) + 16;
        char *output = malloc(n);
        if (!output)
            abort();
        snprintf(output, n, "%s/out.%s", args->dir, png ? "png" : "pdf");
        otr_render_request request = {
            .layout = args->layout,
            .langs = args->langs,
            .lang_count = args->lang_count,
            .record_id = args->record_id,
            .format = png ? OTR_FORMAT_PNG : OTR_FORMAT_PDF,
            /* A preview fits a screen; a PNG of a printed product is
             * sharp, one of a screen product (page in px) at its size. */
            .dpi = strcmp(args->as, "preview") == 0       ? 60
                   : screen_layout(project, args->layout) ? 0
                                                          : 200,
            .print_shop = strcmp(args->as, "print-shop") == 0,
            .sheet = strcmp(args->as, "sheet") == 0 ? "A4" : NULL,
            .output = output,
        };
        status = otr_render(project, &request, diags) == 0 ? 0 : 1;
        free(output);
    }
    write_messages(args, diags);
    otr_project_free(project);
    otr_diags_free(diags);
    return status;
}

/* ---- Records ----------------------------------------------------------------
 */

static otr_record_type kind_named(const char *name)
{
    return strcmp(name, "offer") == 0     ? OTR_RECORD_OFFER
           : strcmp(name, "event") == 0   ? OTR_RECORD_EVENT
           : strcmp(name, "shelter") == 0 ? OTR_RECORD_SHELTER
                                          : OTR_RECORD_SITE;
}

static void write_record(FILE *out, const otr_record_info *r)
{
    fputs("{\"id\":", out);
    serve_json_string(out, r->id);
    fputs(",\"name\":", out);
    serve_json_string(out, r->name);
    fputs(",\"town\":", out);
    serve_json_string(out, r->town);
    fputs(",\"category\":", out);
    serve_json_string(out, r->category);
    fputs(",\"start\":", out);
    serve_json_string(out, r->start);
    fputs(",\"languages\":[", out);
    for (size_t k = 0; k < r->language_count; k++) {
        if (k)
            fputc(',', out);
        serve_json_string(out, r->languages[k]);
    }
    fputs("]}", out);
}

int serve_job_records(const job_args *args)
{
    otr_diags *diags = otr_diags_new();
    otr_project *project = load(args, args->content_dir, diags);
    int status = 1;
    FILE *out = project ? open_in(args, "result.json") : NULL;
    if (out) {
        otr_record_type kind = kind_named(args->kind);
        fputs("{\"records\":[", out);
        size_t count = otr_project_record_count(project, kind);
        for (size_t i = 0; i < count; i++) {
            otr_record_info info;
            otr_project_record(project, kind, i, args->lang, &info);
            if (i)
                fputc(',', out);
            write_record(out, &info);
        }
        fputs("]}\n", out);
        status = fclose(out) == 0 ? 0 : 1;
    }
    write_messages(args, diags);
    otr_project_free(project);
    otr_diags_free(diags);
    return status;
}

/* ---- Check ------------------------------------------------------------------
 */

/* One finding of a record, with every document it appears in. */
typedef struct {
    otr_diag_info info;
    char *where; /* "offer-flyer fr, offer-flyer es" */
} finding;

typedef struct {
    otr_record_type kind;
    const char *id, *name;
    finding *findings;
    size_t count;
} record_findings;

static void add_finding(record_findings *r, const otr_diag_info *d,
                        const char *layout, const char *lang)
{
    finding *f = NULL;
    for (size_t i = 0; i < r->count && !f; i++) {
        const otr_diag_info *o = &r->findings[i].info;
        if (o->code == d->code && o->line == d->line &&
            strcmp(o->message, d->message) == 0 &&
            (o->file == d->file ||
             (o->file && d->file && strcmp(o->file, d->file) == 0)))
            f = &r->findings[i];
    }
    if (!f) {
        r->findings = realloc(r->findings, (r->count + 1) * sizeof(finding));
        if (!r->findings)
            abort();
        f = &r->findings[r->count++];
        f->info = *d;
        f->info.file = d->file ? strdup(d->file) : NULL;
        f->info.message = strdup(d->message);
        f->where = strdup("");
        if (!f->info.message || !f->where)
            abort();
    }
    size_t n = strlen(f->where) + strlen(layout) + strlen(lang) + 4;
    char *where = malloc(n);
    if (!where)
        abort();
    snprintf(where, n, "%s%s%s %s", f->where, *f->where ? ", " : "", layout,
             lang);
    free(f->where);
    f->where = where;
}

static void write_findings(FILE *out, const record_findings *r)
{
    static const char *const kinds[] = {"site", "offer", "event", "shelter"};
    fprintf(out, "{\"kind\":\"%s\",\"id\":", kinds[r->kind]);
    serve_json_string(out, r->id);
    fputs(",\"name\":", out);
    serve_json_string(out, r->name);
    fputs(",\"findings\":[", out);
    for (size_t i = 0; i < r->count; i++) {
        if (i)
            fputc(',', out);
        fputs("{\"diag\":", out);
        write_diag(out, &r->findings[i].info);
        fputs(",\"where\":", out);
        serve_json_string(out, r->findings[i].where);
        fputc('}', out);
        free((char *)r->findings[i].info.file);
        free((char *)r->findings[i].info.message);
        free(r->findings[i].where);
    }
    fputs("]}", out);
    free(r->findings);
}

/* Every document of every layout in every language, as `outreach check`
 * lays them out; the findings grouped by the record they are about. */
static void check_project(otr_project *project, FILE *out)
{
    size_t layouts = otr_project_layout_count(project);
    size_t langs = otr_project_language_count(project);
    size_t documents = 0, errors = 0, warnings = 0, written = 0;
    const char *first_lang =
        langs ? otr_project_language_code(project, 0) : "de";
    fputs("\"records\":[", out);
    for (int k = OTR_RECORD_SITE; k <= OTR_RECORD_SHELTER; k++) {
        size_t count =
            k == OTR_RECORD_SITE ? 1 : otr_project_record_count(project, k);
        for (size_t i = 0; i < count; i++) {
            record_findings r = {k, NULL, NULL, NULL, 0};
            if (k != OTR_RECORD_SITE) {
                otr_record_info info;
                otr_project_record(project, k, i, first_lang, &info);
                r.id = info.id;
                r.name = info.name;
            }
            for (size_t l = 0; l < layouts; l++) {
                if ((int)otr_project_layout_record(project, l) != k)
                    continue;
                const char *layout = otr_project_layout_name(project, l);
                for (size_t g = 0; g < langs; g++) {
                    const char *lang = otr_project_language_code(project, g);
                    otr_diags *doc = otr_diags_new();
                    otr_check_document(project, layout, lang, r.id, doc);
                    documents++;
                    if (otr_diags_error_count(doc))
                        errors++;
                    else if (otr_diags_warning_count(doc))
                        warnings++;
                    for (size_t d = 0; d < otr_diags_count(doc); d++) {
                        otr_diag_info info;
                        otr_diags_get(doc, d, &info);
                        add_finding(&r, &info, layout, lang);
                    }
                    otr_diags_free(doc);
                }
            }
            if (r.count) {
                if (written++)
                    fputc(',', out);
                write_findings(out, &r);
            }
        }
    }
    fprintf(out,
            "],\"documents\":%zu,\"with_errors\":%zu,\"with_warnings\":%zu",
            documents, errors, warnings);
}

int serve_job_check(const job_args *args)
{
    otr_diags *diags = otr_diags_new();
    otr_project *project = load(args, args->content_dir, diags);
    FILE *out = open_in(args, "result.json");
    if (!out) {
        otr_project_free(project);
        otr_diags_free(diags);
        return 2;
    }
    /* Problems found while loading are the content files' own. */
    fputs("{\"load\":", out);
    write_diag_list(out, diags);
    fputc(',', out);
    if (project)
        check_project(project, out);
    else
        fputs("\"records\":[],\"documents\":0", out);
    fputs("}\n", out);
    int status = fclose(out) == 0 ? 0 : 2;
    otr_project_free(project);
    otr_diags_free(diags);
    return status;
}

/* ---- Campaign
 * ----------------------------------------------------------------- */

/* Builds the campaign into DIR/out as `outreach batch` does, progress lines
 * into DIR/progress.txt, then packs DIR/out into DIR/NAME.zip. */
int serve_job_campaign(const job_args *args)
{
    otr_handle_interrupts();
    size_t n = strlen(args->dir) + strlen(args->content_dir) +
               2 * strlen(args->campaign) + 64;
    char *file = malloc(n), *out_dir = malloc(n), *zip = malloc(n);
    if (!file || !out_dir || !zip)
        abort();
    snprintf(file, n, "%s/campaigns/%s.yaml", args->content_dir,
             args->campaign);
    snprintf(out_dir, n, "%s/out", args->dir);
    snprintf(zip, n, "%s/%s.zip", args->dir, args->campaign);
    FILE *progress = open_in(args, "progress.txt");
    if (progress)
        setvbuf(progress, NULL, _IOLBF, 0);
    otr_diags *diags = otr_diags_new();
    otr_project *project = load(args, args->content_dir, diags);
    int status = 1;
    if (project) {
        otr_batch_options options = {
            .campaign = file, .output_dir = out_dir, .jobs = 2};
        status = otr_batch(project, &options, progress, diags) == 0 ? 0 : 1;
        struct stat st;
        if (stat(out_dir, &st) == 0 && serve_zip_folder(out_dir, zip) < 0)
            status = 2;
    }
    if (progress) {
        otr_diags_print(diags, progress);
        fclose(progress);
    }
    write_messages(args, diags);
    otr_project_free(project);
    otr_diags_free(diags);
    free(file);
    free(out_dir);
    free(zip);
    return status;
}
