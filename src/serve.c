/* `outreach serve`: the main jobs on a web page, for staff who do not use a
 * terminal. This file speaks HTTP (the only user of libmicrohttpd) and
 * guards the door: who may ask (Host, password, same origin, CSRF token),
 * how much (body, URL, connections, workers), and what (every id checked,
 * no name from a request ever becomes a path by itself). What is asked is
 * done in worker processes by serve_work.c. */
#define _GNU_SOURCE /* realpath, getrandom */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dynlib.h"
#include "serve.h"

/* libmicrohttpd, and GnuTLS with it, is loaded when the server starts, not
 * for every command (dynlib.h). */
#define MHD_FUNCTIONS(X)                                                       \
    X(MHD_add_response_header)                                                 \
    X(MHD_basic_auth_get_username_password)                                    \
    X(MHD_create_post_processor)                                               \
    X(MHD_create_response_from_buffer)                                         \
    X(MHD_create_response_from_fd)                                             \
    X(MHD_destroy_post_processor)                                              \
    X(MHD_destroy_response)                                                    \
    X(MHD_free)                                                                \
    X(MHD_get_connection_values)                                               \
    X(MHD_get_daemon_info)                                                     \
    X(MHD_lookup_connection_value)                                             \
    X(MHD_lookup_connection_value_n)                                           \
    X(MHD_post_process)                                                        \
    X(MHD_queue_basic_auth_fail_response)                                      \
    X(MHD_queue_response)                                                      \
    X(MHD_quiesce_daemon)                                                      \
    X(MHD_start_daemon)                                                        \
    X(MHD_stop_daemon)
OTR_DYNLIB(libmicrohttpd, "libmicrohttpd.so.12", "libmicrohttpd12",
           MHD_FUNCTIONS);

enum {
    MAX_BODY = 64 * 1024,    /* the event form is a few kilobytes */
    MAX_URL = 2048,          /* the longest query is a render's */
    MAX_HEADERS = 32 * 1024, /* request line and headers together */
    MAX_FIELDS = 64,         /* form fields */
    MAX_HOSTS = 8,           /* names the server answers to */
    MAX_CAMPAIGN_RUNS = 32,  /* kept until the server stops */
    EXIT_USAGE = 2,
};

/* Embedded from src/web/ at build time (web_assets.c). */
typedef struct {
    const char *path, *type;
    const unsigned char *data;
    size_t size;
} serve_asset;
extern const serve_asset serve_assets[];
extern const size_t serve_asset_count;

typedef struct {
    int id;
    char name[80];
    char dir[512];
    pid_t pid;
    int finished, status; /* exit status of the job once finished */
    pthread_t waiter;
} campaign_run;

typedef struct {
    /* What the server serves. */
    char *content_dir, *layouts_dir;
    size_t layout_count, lang_count;
    char **layouts, **layout_descriptions;
    otr_record_type *layout_records;
    char **langs, **lang_names;
    int *lang_rtl;
    char *categories; /* `outreach list categories`: "ID\tNAME\n" lines */
    /* The door. */
    int tls;
    char hosts[MAX_HOSTS][300]; /* "127.0.0.1:8080", "localhost:8080" */
    size_t host_count;
    char **users, **passwords;
    size_t user_count;
    char csrf[65];
    /* The work. */
    char *state_dir; /* private, removed at exit */
    serve_pool pool;
    double time_limit; /* seconds, a render or a check */
    int fault;         /* for the tests: 1 crash, 2 hang, for "fault-test" */
    pthread_mutex_t lock;
    long in_flight;
    unsigned job_counter;
    campaign_run runs[MAX_CAMPAIGN_RUNS];
    int run_count;
} server;

typedef struct {
    int refused; /* a response is queued already */
    struct MHD_PostProcessor *post;
    size_t body_bytes;
    size_t field_count;
    char *names[MAX_FIELDS];
    char *values[MAX_FIELDS];
} request;

/* ---- Small helpers ------------------------------------------------------ */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        abort();
    return copy;
}

static char *xprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *out = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* Compares in time independent of where they differ (a token, a
 * password). */
static int same_secret(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned char diff = (unsigned char)(na != nb);
    for (size_t i = 0; i < na; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (nb ? nb : 1)]);
    return diff == 0;
}

static char *read_file(const char *path, size_t *size)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    char chunk[8192];
    size_t n;
    while (out && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        fwrite(chunk, 1, n, out);
    fclose(in);
    if (out)
        fclose(out);
    if (size)
        *size = len;
    return data;
}

/* ---- Responses ------------------------------------------------------------
 */

static void common_headers(struct MHD_Response *response)
{
    lib.MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    lib.MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    lib.MHD_add_response_header(response, "X-Frame-Options", "DENY");
    lib.MHD_add_response_header(response, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' blob:; "
                                "frame-ancestors 'none'; form-action 'self'; "
                                "base-uri 'none'");
    lib.MHD_add_response_header(response, "Cache-Control", "no-store");
}

static enum MHD_Result send_buffer(struct MHD_Connection *c, unsigned status,
                                   const char *type, char *data, size_t size)
{
    struct MHD_Response *response =
        lib.MHD_create_response_from_buffer(size, data, MHD_RESPMEM_MUST_FREE);
    common_headers(response);
    lib.MHD_add_response_header(response, "Content-Type", type);
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        lib.MHD_add_response_header(response, "Retry-After", "2");
    enum MHD_Result ok = lib.MHD_queue_response(c, status, response);
    lib.MHD_destroy_response(response);
    return ok;
}

/* {"error": MESSAGE, "messages": MESSAGES}: MESSAGES is JSON or NULL. */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status,
                                  const char *message, const char *messages)
{
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    fputs("{\"error\":", out);
    serve_json_string(out, message);
    fprintf(out, ",\"messages\":%s}\n", messages ? messages : "[]");
    fclose(out);
    return send_buffer(c, status, "application/json; charset=utf-8", data,
                       size);
}

/* ---- The door --------------------------------------------------------------
 */

static const char *header(struct MHD_Connection *c, const char *name)
{
    return lib.MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* A query argument; one with a NUL byte inside comes back as "\x01",
 * which no check lets through. */
static const char *query(struct MHD_Connection *c, const char *name)
{
    const char *value = NULL;
    size_t size = 0;
    if (lib.MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, name,
                                          strlen(name), &value,
                                          &size) != MHD_YES)
        return NULL;
    return value && strlen(value) == size ? value : "\x01";
}

static int known_host(const server *s, const char *host)
{
    if (!host)
        return 0;
    for (size_t i = 0; i < s->host_count; i++)
        if (strcasecmp(host, s->hosts[i]) == 0)
            return 1;
    return 0;
}

/* A state-changing request must come from a page of this server: the
 * browser says so in Origin (or, failing that, Sec-Fetch-Site), and the
 * page proves it read /api/info with the CSRF token. */
static const char *cross_origin_problem(const server *s,
                                        struct MHD_Connection *c)
{
    const char *origin = header(c, "Origin");
    const char *fetch_site = header(c, "Sec-Fetch-Site");
    if (origin) {
        const char *scheme = s->tls ? "https://" : "http://";
        size_t n = strlen(scheme);
        if (strncmp(origin, scheme, n) != 0 ||
            strcasecmp(origin + n, header(c, "Host")) != 0)
            return "this request comes from another web site";
    } else if (!fetch_site || strcmp(fetch_site, "same-origin") != 0) {
        return "this request does not say it comes from this page";
    }
    const char *token = header(c, "X-CSRF-Token");
    if (!token || !same_secret(token, s->csrf))
        return "this request lacks the page's token; reload the page";
    return NULL;
}

static int authorised(const server *s, struct MHD_Connection *c)
{
    if (!s->user_count)
        return 1;
    char *password = NULL;
    char *user = lib.MHD_basic_auth_get_username_password(c, &password);
    int ok = 0;
    for (size_t i = 0; user && password && i < s->user_count; i++)
        ok |= strcmp(user, s->users[i]) == 0 &&
              same_secret(password, s->passwords[i]);
    lib.MHD_free(user);
    lib.MHD_free(password);
    return ok;
}

/* ---- Form fields -------------------------------------------------------- */

static enum MHD_Result take_field(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *filename,
                                  const char *content_type,
                                  const char *encoding, const char *data,
                                  uint64_t off, size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)encoding;
    request *r = cls;
    size_t i = 0;
    while (i < r->field_count && strcmp(r->names[i], key) != 0)
        i++;
    if (i == r->field_count) {
        if (r->field_count == MAX_FIELDS)
            return MHD_NO;
        r->names[i] = xstrdup(key);
        r->values[i] = xstrdup("");
        r->field_count++;
    }
    size_t have = strlen(r->values[i]);
    if (off != have)
        return MHD_NO;
    char *value = xmalloc(have + size + 1);
    memcpy(value, r->values[i], have);
    memcpy(value + have, data, size);
    value[have + size] = '\0';
    free(r->values[i]);
    r->values[i] = value;
    return MHD_YES;
}

static const char *field(const request *r, const char *name)
{
    for (size_t i = 0; i < r->field_count; i++)
        if (strcmp(r->names[i], name) == 0)
            return r->values[i];
    return NULL;
}

/* ---- Validation of what a request names ------------------------------------
 */

static int layout_index(const server *s, const char *name)
{
    for (size_t i = 0; name && i < s->layout_count; i++)
        if (strcmp(name, s->layouts[i]) == 0)
            return (int)i;
    return -1;
}

static int known_lang(const server *s, const char *code)
{
    for (size_t i = 0; code && i < s->lang_count; i++)
        if (strcmp(code, s->langs[i]) == 0)
            return 1;
    return 0;
}

/* ---- Jobs ------------------------------------------------------------------
 */

/* A fresh private folder for one job, under the state folder. */
static char *job_dir(server *s)
{
    pthread_mutex_lock(&s->lock);
    unsigned n = ++s->job_counter;
    pthread_mutex_unlock(&s->lock);
    char *dir = xprintf("%s/job-%u", s->state_dir, n);
    if (mkdir(dir, 0700) < 0) {
        free(dir);
        return NULL;
    }
    return dir;
}

static char *job_file(const char *dir, const char *name, size_t *size)
{
    char *path = xprintf("%s/%s", dir, name);
    char *data = read_file(path, size);
    free(path);
    return data;
}

/* Answers a job that did not do its work. */
static enum MHD_Result send_job_failure(struct MHD_Connection *c,
                                        job_status status, const char *dir)
{
    switch (status) {
    case JOB_BUSY:
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "every worker is busy; try again in a moment", NULL);
    case JOB_TIMEOUT:
        return send_error(c, MHD_HTTP_GATEWAY_TIMEOUT,
                          "this took too long and was stopped", NULL);
    case JOB_REPORTED: {
        char *messages = job_file(dir, "messages.json", NULL);
        /* An unknown record or layout is a page that is not there. */
        unsigned code = messages && (strstr(messages, "\"E908\"") ||
                                     strstr(messages, "\"E902\""))
                            ? MHD_HTTP_NOT_FOUND
                            : MHD_HTTP_UNPROCESSABLE_CONTENT;
        enum MHD_Result ok =
            send_error(c, code, "the document has problems", messages);
        free(messages);
        return ok;
    }
    default:
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "the worker stopped unexpectedly; nothing else "
                          "is affected, try again",
                          NULL);
    }
}

static int fault_job(const job_args *args)
{
    /* Only for the tests of the pool: what a broken render would do. */
    if (strcmp(args->as, "hang") == 0)
        for (;;)
            pause();
    raise(SIGSEGV);
    return 2;
}

static int slow_render(const job_args *args)
{
    /* For the test of stopping: a request surely in flight. */
    sleep(3);
    return serve_job_render(args);
}

/* GET /api/render?layout=L&id=ID&lang=a[,b]&as=preview|pdf|print-shop|
 * sheet|png[&page=N] */
static enum MHD_Result serve_render(server *s, struct MHD_Connection *c)
{
    const char *layout = query(c, "layout");
    const char *id = query(c, "id");
    const char *lang = query(c, "lang");
    const char *as = query(c, "as");
    const char *page_text = query(c, "page");
    int li = layout_index(s, layout);
    if (li < 0)
        return send_error(c, MHD_HTTP_NOT_FOUND, "there is no such layout",
                          NULL);
    if (id && *id && !otr_valid_id(id))
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "a record id holds only a-z, 0-9 and hyphens", NULL);
    static const char *const kinds[] = {"preview", "pdf", "print-shop", "sheet",
                                        "png"};
    int ki = -1;
    for (int i = 0; as && i < 5; i++)
        if (strcmp(as, kinds[i]) == 0)
            ki = i;
    if (ki < 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "as= is preview, pdf, print-shop, sheet or png",
                          NULL);
    int page = 1;
    if (page_text) {
        char *end = NULL;
        long n = strtol(page_text, &end, 10);
        if (*end || n < 1 || n > 999)
            return send_error(c, MHD_HTTP_BAD_REQUEST, "bad page number", NULL);
        page = (int)n;
    }
    char langs[2][16] = {{0}};
    size_t lang_count = 0;
    if (lang) {
        const char *comma = strchr(lang, ',');
        size_t first = comma ? (size_t)(comma - lang) : strlen(lang);
        if (first < sizeof langs[0]) {
            memcpy(langs[0], lang, first);
            lang_count = 1;
        }
        if (comma && strlen(comma + 1) < sizeof langs[1]) {
            strcpy(langs[1], comma + 1);
            lang_count = 2;
        }
    }
    if (lang_count == 0 || !known_lang(s, langs[0]) ||
        (lang_count == 2 && !known_lang(s, langs[1])))
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "lang= names one or two of the site's languages",
                          NULL);
    int needs_record = s->layout_records[li] != OTR_RECORD_SITE;
    if (needs_record && (!id || !*id))
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "this layout is printed for a record: choose one",
                          NULL);

    char *dir = job_dir(s);
    if (!dir)
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "cannot make a working folder", NULL);
    job_args args = {
        .content_dir = s->content_dir,
        .layouts_dir = s->layouts_dir,
        .dir = dir,
        .layout = s->layouts[li],
        .record_id = needs_record ? id : NULL,
        .as = kinds[ki],
        .langs = {langs[0], langs[1]},
        .lang_count = lang_count,
    };
    job_fn fn = s->fault == 3 ? slow_render : serve_job_render;
    if (s->fault && s->fault != 3 && id && strcmp(id, "fault-test") == 0) {
        fn = fault_job;
        args.as = s->fault == 2 ? "hang" : "crash";
    }
    job_status status = serve_run_job(&s->pool, fn, &args, s->time_limit);
    enum MHD_Result ok;
    if (status != JOB_OK) {
        ok = send_job_failure(c, status, dir);
        serve_remove_tree(dir);
        free(dir);
        return ok;
    }

    /* PNG: one file a page, NAME-N.png, or NAME.png for a single page. */
    int png = ki == 0 || ki == 4;
    int pages = 1;
    char *path = NULL;
    if (png) {
        struct stat st;
        char *probe;
        while ((probe = xprintf("%s/out-%d.png", dir, pages)),
               stat(probe, &st) == 0) {
            free(probe);
            pages++;
        }
        free(probe);
        pages = pages > 1 ? pages - 1 : 1;
        path = pages > 1 || page > 1 ? xprintf("%s/out-%d.png", dir, page)
                                     : xprintf("%s/out.png", dir);
        if (stat(path, &st) < 0) {
            free(path);
            path = xprintf("%s/out-%d.png", dir, page);
        }
    } else {
        path = xprintf("%s/out.pdf", dir);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    free(path);
    serve_remove_tree(dir); /* the open file stays readable */
    free(dir);
    if (fd < 0 || fstat(fd, &st) < 0) {
        if (fd >= 0)
            close(fd);
        return send_error(c, MHD_HTTP_NOT_FOUND,
                          "the document has no such page", NULL);
    }
    struct MHD_Response *response =
        lib.MHD_create_response_from_fd((size_t)st.st_size, fd);
    common_headers(response);
    lib.MHD_add_response_header(response, "Content-Type",
                                png ? "image/png" : "application/pdf");
    char text[32];
    snprintf(text, sizeof text, "%d", pages);
    lib.MHD_add_response_header(response, "X-Pages", text);
    if (ki != 0) {
        /* Every part was checked above: no quote or slash can be in it. */
        static const char *const suffix[] = {"", "", "-print-shop", "-a4-sheet",
                                             ""};
        char *name = xprintf("attachment; filename=\"%s%s%s-%s%s%s%s.%s\"",
                             s->layouts[li], needs_record ? "-" : "",
                             needs_record ? id : "", langs[0],
                             lang_count == 2 ? "-" : "", langs[1], suffix[ki],
                             png ? "png" : "pdf");
        lib.MHD_add_response_header(response, "Content-Disposition", name);
        free(name);
    }
    ok = lib.MHD_queue_response(c, MHD_HTTP_OK, response);
    lib.MHD_destroy_response(response);
    return ok;
}

/* Runs a job that answers result.json. */
static enum MHD_Result serve_json_job(server *s, struct MHD_Connection *c,
                                      job_fn fn, job_args *args,
                                      double time_limit, int accept_reported)
{
    char *dir = job_dir(s);
    if (!dir)
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "cannot make a working folder", NULL);
    args->content_dir = s->content_dir;
    args->layouts_dir = s->layouts_dir;
    args->dir = dir;
    job_status status = serve_run_job(&s->pool, fn, args, time_limit);
    enum MHD_Result ok;
    size_t size = 0;
    char *data = NULL;
    if ((status == JOB_OK || (status == JOB_REPORTED && accept_reported)) &&
        (data = job_file(dir, "result.json", &size)))
        ok = send_buffer(c, MHD_HTTP_OK, "application/json; charset=utf-8",
                         data, size);
    else
        ok = send_job_failure(c, status == JOB_OK ? JOB_CRASHED : status, dir);
    serve_remove_tree(dir);
    free(dir);
    return ok;
}

/* ---- Campaigns --------------------------------------------------------------
 */

static int valid_campaign_name(const char *name)
{
    return name && otr_valid_id(name);
}

static char **campaign_names(const server *s, size_t *count)
{
    char *dir_path = xprintf("%s/campaigns", s->content_dir);
    DIR *dir = opendir(dir_path);
    free(dir_path);
    char **names = NULL;
    *count = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        size_t n = strlen(entry->d_name);
        if (n < 6 || strcmp(entry->d_name + n - 5, ".yaml") != 0)
            continue;
        char *name = xstrdup(entry->d_name);
        name[n - 5] = '\0';
        if (!valid_campaign_name(name)) {
            free(name);
            continue;
        }
        names = realloc(names, (*count + 1) * sizeof(char *));
        if (!names)
            abort();
        names[(*count)++] = name;
    }
    if (dir)
        closedir(dir);
    return names;
}

static void *wait_campaign(void *arg)
{
    campaign_run *run = arg;
    int status = 0;
    while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* Read by the request threads under the server's lock. */
    run->status = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
    __atomic_store_n(&run->finished, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* POST /api/campaign name=NAME */
static enum MHD_Result start_campaign(server *s, struct MHD_Connection *c,
                                      const request *r)
{
    const char *name = field(r, "name");
    size_t count = 0;
    char **names = campaign_names(s, &count);
    int known = 0;
    for (size_t i = 0; i < count; i++) {
        known |= name && strcmp(names[i], name) == 0;
        free(names[i]);
    }
    free(names);
    if (!known)
        return send_error(c, MHD_HTTP_NOT_FOUND, "there is no such campaign",
                          NULL);
    pthread_mutex_lock(&s->lock);
    int busy = 0;
    for (int i = 0; i < s->run_count; i++)
        busy |= !__atomic_load_n(&s->runs[i].finished, __ATOMIC_ACQUIRE);
    if (busy || s->run_count == MAX_CAMPAIGN_RUNS) {
        pthread_mutex_unlock(&s->lock);
        return send_error(c, MHD_HTTP_CONFLICT,
                          busy ? "a campaign is being built; wait until it "
                                 "is done"
                               : "too many campaigns built; restart the "
                                 "server",
                          NULL);
    }
    campaign_run *run = &s->runs[s->run_count];
    memset(run, 0, sizeof(*run));
    run->id = s->run_count + 1;
    snprintf(run->name, sizeof run->name, "%s", name);
    snprintf(run->dir, sizeof run->dir, "%s/campaign-%d", s->state_dir,
             run->id);
    if (mkdir(run->dir, 0700) < 0) {
        pthread_mutex_unlock(&s->lock);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "cannot make a working folder", NULL);
    }
    job_args args = {.content_dir = s->content_dir,
                     .layouts_dir = s->layouts_dir,
                     .dir = run->dir,
                     .campaign = run->name};
    run->pid = serve_start_job(serve_job_campaign, &args);
    if (run->pid < 0 ||
        pthread_create(&run->waiter, NULL, wait_campaign, run) != 0) {
        pthread_mutex_unlock(&s->lock);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "cannot start the campaign", NULL);
    }
    s->run_count++;
    pthread_mutex_unlock(&s->lock);
    char *answer = xprintf("{\"id\":%d}\n", run->id);
    return send_buffer(c, MHD_HTTP_ACCEPTED, "application/json", answer,
                       strlen(answer));
}

static campaign_run *find_run(server *s, const char *id_text)
{
    char *end = NULL;
    long id = id_text ? strtol(id_text, &end, 10) : 0;
    if (!id_text || *end || id < 1)
        return NULL;
    pthread_mutex_lock(&s->lock);
    campaign_run *run = id <= s->run_count ? &s->runs[id - 1] : NULL;
    pthread_mutex_unlock(&s->lock);
    return run;
}

/* GET /api/campaign?id=N: progress from the batch's own lines. */
static enum MHD_Result campaign_status(server *s, struct MHD_Connection *c)
{
    campaign_run *run = find_run(s, query(c, "id"));
    if (!run)
        return send_error(c, MHD_HTTP_NOT_FOUND, "there is no such run", NULL);
    int finished = __atomic_load_n(&run->finished, __ATOMIC_ACQUIRE);
    char *progress = job_file(run->dir, "progress.txt", NULL);
    long done = 0, total = 0;
    for (char *line = progress; line && *line;) {
        long d, t;
        if (sscanf(line, "%ld/%ld documents", &d, &t) == 2)
            done = d, total = t;
        char *next = strchr(line, '\n');
        line = next ? next + 1 : NULL;
    }
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    fprintf(out, "{\"id\":%d,\"name\":", run->id);
    serve_json_string(out, run->name);
    fprintf(out, ",\"done\":%ld,\"total\":%ld,\"finished\":%s", done, total,
            finished ? "true" : "false");
    if (finished) {
        char *zip = xprintf("%s/%s.zip", run->dir, run->name);
        struct stat st;
        fprintf(out, ",\"complete\":%s,\"zip\":%s",
                run->status == 0 ? "true" : "false",
                stat(zip, &st) == 0 ? "true" : "false");
        free(zip);
        fputs(",\"log\":", out);
        serve_json_string(out, progress ? progress : "");
    }
    fputs("}\n", out);
    fclose(out);
    free(progress);
    return send_buffer(c, MHD_HTTP_OK, "application/json; charset=utf-8", data,
                       size);
}

static enum MHD_Result campaign_zip(server *s, struct MHD_Connection *c)
{
    campaign_run *run = find_run(s, query(c, "id"));
    if (!run || !__atomic_load_n(&run->finished, __ATOMIC_ACQUIRE))
        return send_error(c, MHD_HTTP_NOT_FOUND, "there is no finished run",
                          NULL);
    char *path = xprintf("%s/%s.zip", run->dir, run->name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    free(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        if (fd >= 0)
            close(fd);
        return send_error(c, MHD_HTTP_NOT_FOUND, "the run made no ZIP", NULL);
    }
    struct MHD_Response *response =
        lib.MHD_create_response_from_fd((size_t)st.st_size, fd);
    common_headers(response);
    lib.MHD_add_response_header(response, "Content-Type", "application/zip");
    char *disposition = xprintf("attachment; filename=\"%s.zip\"", run->name);
    lib.MHD_add_response_header(response, "Content-Disposition", disposition);
    free(disposition);
    enum MHD_Result ok = lib.MHD_queue_response(c, MHD_HTTP_OK, response);
    lib.MHD_destroy_response(response);
    return ok;
}

/* ---- Pages and data
 * ----------------------------------------------------------- */

static enum MHD_Result serve_info(server *s, struct MHD_Connection *c)
{
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    fputs("{\"version\":\"" OTR_VERSION "\",\"content\":", out);
    serve_json_string(out, s->content_dir);
    fputs(",\"layouts_dir\":", out);
    serve_json_string(out, s->layouts_dir);
    fputs(",\"csrf\":", out);
    serve_json_string(out, s->csrf);
    fputs(",\"languages\":[", out);
    for (size_t i = 0; i < s->lang_count; i++) {
        fprintf(out, "%s{\"code\":", i ? "," : "");
        serve_json_string(out, s->langs[i]);
        fputs(",\"name\":", out);
        serve_json_string(out, s->lang_names[i]);
        fprintf(out, ",\"rtl\":%s}", s->lang_rtl[i] ? "true" : "false");
    }
    fputs("],\"layouts\":[", out);
    static const char *const kinds[] = {"site", "offer", "event", "shelter"};
    for (size_t i = 0; i < s->layout_count; i++) {
        fprintf(out, "%s{\"name\":", i ? "," : "");
        serve_json_string(out, s->layouts[i]);
        fputs(",\"description\":", out);
        serve_json_string(out, s->layout_descriptions[i]);
        fprintf(out, ",\"record\":\"%s\"}", kinds[s->layout_records[i]]);
    }
    fputs("],\"categories\":[", out);
    const char *line = s->categories ? s->categories : "";
    for (int first = 1; *line; first = 0) {
        const char *tab = strchr(line, '\t');
        const char *end = strchr(line, '\n');
        if (!tab || !end || tab > end)
            break;
        char *id = strndup(line, (size_t)(tab - line));
        char *name = strndup(tab + 1, (size_t)(end - tab - 1));
        fputs(first ? "{\"id\":" : ",{\"id\":", out);
        serve_json_string(out, id);
        fputs(",\"name\":", out);
        serve_json_string(out, name);
        fputc('}', out);
        free(id);
        free(name);
        line = end + 1;
    }
    fputs("],\"campaigns\":[", out);
    size_t count = 0;
    char **names = campaign_names(s, &count);
    for (size_t i = 0; i < count; i++) {
        fputs(i ? "," : "", out);
        serve_json_string(out, names[i]);
        free(names[i]);
    }
    free(names);
    fputs("]}\n", out);
    fclose(out);
    return send_buffer(c, MHD_HTTP_OK, "application/json; charset=utf-8", data,
                       size);
}

static enum MHD_Result serve_asset_at(struct MHD_Connection *c, const char *url)
{
    if (strcmp(url, "/") == 0)
        url = "/index.html";
    for (size_t i = 0; i < serve_asset_count; i++) {
        if (strcmp(url, serve_assets[i].path) != 0)
            continue;
        struct MHD_Response *response = lib.MHD_create_response_from_buffer(
            serve_assets[i].size, (void *)serve_assets[i].data,
            MHD_RESPMEM_PERSISTENT);
        common_headers(response);
        lib.MHD_add_response_header(response, "Content-Type",
                                    serve_assets[i].type);
        enum MHD_Result ok = lib.MHD_queue_response(c, MHD_HTTP_OK, response);
        lib.MHD_destroy_response(response);
        return ok;
    }
    return send_error(c, MHD_HTTP_NOT_FOUND, "there is no such page", NULL);
}

/* ---- Routing --------------------------------------------------------------
 */

static enum MHD_Result route_get(server *s, struct MHD_Connection *c,
                                 const char *url)
{
    if (strcmp(url, "/api/info") == 0)
        return serve_info(s, c);
    if (strcmp(url, "/api/render") == 0)
        return serve_render(s, c);
    if (strcmp(url, "/api/records") == 0) {
        const char *kind = query(c, "kind");
        const char *lang = query(c, "lang");
        if (!kind ||
            (strcmp(kind, "offer") != 0 && strcmp(kind, "event") != 0 &&
             strcmp(kind, "shelter") != 0))
            return send_error(c, MHD_HTTP_BAD_REQUEST,
                              "kind= is offer, event or shelter", NULL);
        if (!known_lang(s, lang))
            return send_error(c, MHD_HTTP_BAD_REQUEST,
                              "lang= names a language of the site", NULL);
        job_args args = {.kind = kind, .lang = lang};
        return serve_json_job(s, c, serve_job_records, &args, s->time_limit, 0);
    }
    if (strcmp(url, "/api/check") == 0) {
        job_args args = {0};
        /* Every document of the site: longer than one render. */
        return serve_json_job(s, c, serve_job_check, &args, s->time_limit * 10,
                              0);
    }
    if (strcmp(url, "/api/campaign") == 0)
        return campaign_status(s, c);
    if (strcmp(url, "/api/campaign.zip") == 0)
        return campaign_zip(s, c);
    return serve_asset_at(c, url);
}

static enum MHD_Result route_post(server *s, struct MHD_Connection *c,
                                  const char *url, const request *r)
{
    if (strcmp(url, "/api/event") == 0) {
        job_args args = {
            .field_names = (const char *const *)r->names,
            .field_values = (const char *const *)r->values,
            .field_count = r->field_count,
        };
        const char *action = field(r, "action");
        args.save = action && strcmp(action, "save") == 0;
        return serve_json_job(s, c, serve_job_event, &args, s->time_limit, 1);
    }
    if (strcmp(url, "/api/campaign") == 0)
        return start_campaign(s, c, r);
    return send_error(c, MHD_HTTP_NOT_FOUND, "there is no such page", NULL);
}

static enum MHD_Result add_length(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 2;
    return MHD_YES;
}

/* The first look at a request, before any body is read: returns 0 to go on,
 * or queues the refusal and returns 1. */
static int refuse(server *s, struct MHD_Connection *c, const char *url,
                  const char *method, request *r)
{
    size_t length_of_url = strlen(url);
    lib.MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_length,
                                  &length_of_url);
    if (length_of_url > MAX_URL) {
        send_error(c, MHD_HTTP_URI_TOO_LONG, "the address is too long", NULL);
        return 1;
    }
    /* Against DNS rebinding: a page from elsewhere that reaches this
     * server under its own name must not be answered. */
    if (!known_host(s, header(c, "Host"))) {
        send_error(c, MHD_HTTP_MISDIRECTED_REQUEST,
                   "this server does not answer to that host name", NULL);
        return 1;
    }
    if (!authorised(s, c)) {
        struct MHD_Response *response = lib.MHD_create_response_from_buffer(
            0, (void *)"", MHD_RESPMEM_PERSISTENT);
        common_headers(response);
        lib.MHD_queue_basic_auth_fail_response(c, "outreach", response);
        lib.MHD_destroy_response(response);
        return 1;
    }
    int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
        strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                   "only GET and POST are answered", NULL);
        return 1;
    }
    const char *length = header(c, "Content-Length");
    if (length && strtoull(length, NULL, 10) > MAX_BODY) {
        send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "the request is too large",
                   NULL);
        return 1;
    }
    if (!post) {
        if (length && strcmp(length, "0") != 0) {
            send_error(c, MHD_HTTP_BAD_REQUEST, "GET takes no body", NULL);
            return 1;
        }
        return 0;
    }
    const char *problem = cross_origin_problem(s, c);
    if (problem) {
        send_error(c, MHD_HTTP_FORBIDDEN, problem, NULL);
        return 1;
    }
    const char *type = header(c, "Content-Type");
    if (!type ||
        strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
        send_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                   "send the form as application/x-www-form-urlencoded", NULL);
        return 1;
    }
    r->post = lib.MHD_create_post_processor(c, 4096, take_field, r);
    if (!r->post) {
        send_error(c, MHD_HTTP_BAD_REQUEST, "the form cannot be read", NULL);
        return 1;
    }
    return 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_size, void **context)
{
    (void)version;
    server *s = cls;
    request *r = *context;
    if (!r) {
        r = xmalloc(sizeof(*r));
        memset(r, 0, sizeof(*r));
        *context = r;
        pthread_mutex_lock(&s->lock);
        s->in_flight++;
        pthread_mutex_unlock(&s->lock);
        r->refused = refuse(s, c, url, method, r);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t size = *upload_size;
        *upload_size = 0;
        if (r->refused)
            return MHD_YES;
        r->body_bytes += size;
        if (r->body_bytes > MAX_BODY) {
            /* A body without a length that grows past the limit. */
            r->refused = 1;
            send_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
                       "the request is too large", NULL);
            return MHD_YES;
        }
        if (r->post &&
            lib.MHD_post_process(r->post, upload_data, size) != MHD_YES)
            r->refused = 2;
        return MHD_YES;
    }
    if (r->refused == 1)
        return MHD_YES;
    if (r->refused == 2)
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "the form cannot be read (too many fields?)", NULL);
    if (r->post)
        return route_post(s, c, url, r);
    return route_get(s, c, url);
}

static void completed(void *cls, struct MHD_Connection *c, void **context,
                      enum MHD_RequestTerminationCode code)
{
    (void)c, (void)code;
    server *s = cls;
    request *r = *context;
    if (!r)
        return;
    if (r->post)
        lib.MHD_destroy_post_processor(r->post);
    for (size_t i = 0; i < r->field_count; i++) {
        free(r->names[i]);
        free(r->values[i]);
    }
    free(r);
    *context = NULL;
    pthread_mutex_lock(&s->lock);
    s->in_flight--;
    pthread_mutex_unlock(&s->lock);
}

/* ---- Start and stop -------------------------------------------------------
 */

typedef struct {
    const char *listen, *content, *layouts;
    const char *tls_cert, *tls_key, *password_file;
    const char *names[MAX_HOSTS];
    size_t name_count;
    int workers, queue, max_connections, idle_timeout;
    double time_limit;
} serve_options;

static const char serve_usage[] =
    "Usage: outreach serve [--listen ADDRESS:PORT] [--content DIR] "
    "[--layouts DIR]\n"
    "                      [--tls-cert FILE --tls-key FILE --password-file "
    "FILE]\n"
    "                      [--server-name NAME[:PORT]] [--workers N] "
    "[--queue N]\n"
    "                      [--max-connections N] [--idle-timeout S] "
    "[--time-limit S]\n"
    "\n"
    "Serves the web page on 127.0.0.1:8080 unless told otherwise. Any address\n"
    "other than loopback needs --tls-cert and --tls-key (PEM) and\n"
    "--password-file, a file only its owner may read, with one USER:PASSWORD\n"
    "a line. --server-name adds a name the page may be opened under (the\n"
    "address's own names always work). Renders run in N worker processes\n"
    "(default 2), with up to --queue requests waiting (default 16; past that:\n"
    "503, try again), each stopped after --time-limit seconds (default 60).\n"
    "SIGTERM or Ctrl-C finishes the requests in flight, then stops.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("outreach serve: error[E901]: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'outreach serve --help'.\n", stderr);
    return EXIT_USAGE;
}

static int parse_number(const char *text, int low, int high, int *out)
{
    char *end = NULL;
    long n = text ? strtol(text, &end, 10) : 0;
    if (!text || *end || n < low || n > high)
        return -1;
    *out = (int)n;
    return 0;
}

static int parse_options(int argc, char **argv, serve_options *o)
{
    *o = (serve_options){.listen = "127.0.0.1:8080",
                         .workers = 2,
                         .queue = 16,
                         .max_connections = 64,
                         .idle_timeout = 30,
                         .time_limit = 60};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "serve") == 0)
            continue;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(serve_usage, stdout);
            return -1;
        }
        if (!value)
            return usage_error("%s needs a value (or is not an option of "
                               "serve)",
                               arg);
        int number = 0;
        if (strcmp(arg, "--listen") == 0)
            o->listen = value;
        else if (strcmp(arg, "--content") == 0)
            o->content = value;
        else if (strcmp(arg, "--layouts") == 0)
            o->layouts = value;
        else if (strcmp(arg, "--tls-cert") == 0)
            o->tls_cert = value;
        else if (strcmp(arg, "--tls-key") == 0)
            o->tls_key = value;
        else if (strcmp(arg, "--password-file") == 0)
            o->password_file = value;
        else if (strcmp(arg, "--server-name") == 0) {
            if (o->name_count + 3 >= MAX_HOSTS || strlen(value) > 250)
                return usage_error("too many or too long names: %s", value);
            o->names[o->name_count++] = value;
        } else if (strcmp(arg, "--workers") == 0) {
            if (parse_number(value, 1, 64, &o->workers) < 0)
                return usage_error("--workers takes 1 to 64, not \"%s\"",
                                   value);
        } else if (strcmp(arg, "--queue") == 0) {
            if (parse_number(value, 0, 1000, &o->queue) < 0)
                return usage_error("--queue takes 0 to 1000, not \"%s\"",
                                   value);
        } else if (strcmp(arg, "--max-connections") == 0) {
            if (parse_number(value, 4, 1000, &o->max_connections) < 0)
                return usage_error("--max-connections takes 4 to 1000, not "
                                   "\"%s\"",
                                   value);
        } else if (strcmp(arg, "--idle-timeout") == 0) {
            if (parse_number(value, 1, 3600, &o->idle_timeout) < 0)
                return usage_error("--idle-timeout takes 1 to 3600 seconds, "
                                   "not \"%s\"",
                                   value);
        } else if (strcmp(arg, "--time-limit") == 0) {
            if (parse_number(value, 1, 3600, &number) < 0)
                return usage_error("--time-limit takes 1 to 3600 seconds, "
                                   "not \"%s\"",
                                   value);
            o->time_limit = number;
        } else {
            return usage_error("unknown option \"%s\"", arg);
        }
        i++;
    }
    return 0;
}

/* Reads USER:PASSWORD lines; the file must be its owner's alone. */
static int load_passwords(server *s, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "%s: error[E919]: cannot read the password file\n",
                path);
        return -1;
    }
    if (st.st_mode & 077) {
        fprintf(stderr,
                "%s: error[E912]: others may read or change this password "
                "file; run chmod 600 %s\n",
                path, path);
        return -1;
    }
    char *text = read_file(path, NULL);
    if (!text)
        return -1;
    int line_number = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        line_number++;
        line[strcspn(line, "\r")] = '\0';
        if (!*line || *line == '#')
            continue;
        char *colon = strchr(line, ':');
        if (!colon || colon == line || !colon[1]) {
            fprintf(stderr, "%s:%d:1: error[E913]: a line is USER:PASSWORD\n",
                    path, line_number);
            free(text);
            return -1;
        }
        *colon = '\0';
        s->users = realloc(s->users, (s->user_count + 1) * sizeof(char *));
        s->passwords =
            realloc(s->passwords, (s->user_count + 1) * sizeof(char *));
        if (!s->users || !s->passwords)
            abort();
        s->users[s->user_count] = xstrdup(line);
        s->passwords[s->user_count++] = xstrdup(colon + 1);
    }
    free(text);
    if (!s->user_count) {
        fprintf(stderr, "%s: error[E913]: the password file has no user\n",
                path);
        return -1;
    }
    return 0;
}

/* Splits "HOST:PORT" or "[V6]:PORT" and resolves it to a socket address. */
static int parse_listen(const char *text, struct sockaddr_storage *addr,
                        socklen_t *len, char *host, size_t host_size, int *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text)
        return -1;
    size_t n = (size_t)(colon - text);
    const char *start = text;
    if (*text == '[') {
        if (n < 2 || text[n - 1] != ']')
            return -1;
        start++;
        n -= 2;
    }
    if (n >= host_size)
        return -1;
    memcpy(host, start, n);
    host[n] = '\0';
    if (parse_number(colon + 1, 0, 65535, port) < 0)
        return -1;
    if (strcmp(host, "localhost") == 0)
        snprintf(host, host_size, "127.0.0.1");
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *found = NULL;
    if (getaddrinfo(host, colon + 1, &hints, &found) != 0 || !found)
        return -1;
    memcpy(addr, found->ai_addr, found->ai_addrlen);
    *len = found->ai_addrlen;
    freeaddrinfo(found);
    return 0;
}

static int is_loopback(const struct sockaddr_storage *addr)
{
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    return 0;
}

static void add_host(server *s, const char *name, int port)
{
    if (s->host_count == MAX_HOSTS)
        return;
    int default_port = s->tls ? 443 : 80;
    if (strchr(name, ':') && name[0] != '[') /* already NAME:PORT */
        snprintf(s->hosts[s->host_count++], sizeof s->hosts[0], "%s", name);
    else {
        snprintf(s->hosts[s->host_count++], sizeof s->hosts[0], "%s:%d", name,
                 port);
        if (port == default_port && s->host_count < MAX_HOSTS)
            snprintf(s->hosts[s->host_count++], sizeof s->hosts[0], "%s", name);
    }
}

/* What the page offers: languages and layouts, read once at start. */
static int load_project_facts(server *s, const serve_options *o)
{
    otr_diags *diags = otr_diags_new();
    otr_paths paths = {o->content, o->layouts};
    otr_project *project = otr_project_load(&paths, diags);
    otr_diags_print(diags, stderr);
    otr_diags_free(diags);
    if (!project)
        return -1;
    s->lang_count = otr_project_language_count(project);
    s->langs = xmalloc(s->lang_count * sizeof(char *));
    s->lang_names = xmalloc(s->lang_count * sizeof(char *));
    s->lang_rtl = xmalloc(s->lang_count * sizeof(int));
    for (size_t i = 0; i < s->lang_count; i++) {
        s->langs[i] = xstrdup(otr_project_language_code(project, i));
        s->lang_names[i] = xstrdup(otr_project_language_name(project, i));
        s->lang_rtl[i] = otr_project_language_rtl(project, i);
    }
    s->layout_count = otr_project_layout_count(project);
    s->layouts = xmalloc(s->layout_count * sizeof(char *));
    s->layout_descriptions = xmalloc(s->layout_count * sizeof(char *));
    s->layout_records = xmalloc(s->layout_count * sizeof(otr_record_type));
    for (size_t i = 0; i < s->layout_count; i++) {
        s->layouts[i] = xstrdup(otr_project_layout_name(project, i));
        const char *description = otr_project_layout_description(project, i);
        s->layout_descriptions[i] = xstrdup(description ? description : "");
        s->layout_records[i] = otr_project_layout_record(project, i);
    }
    size_t size = 0;
    FILE *list = open_memstream(&s->categories, &size);
    otr_project_list(project, "categories", list, NULL);
    fclose(list);
    otr_project_free(project);
    return 0;
}

static char *absolute(const char *path, const char *fallback)
{
    char *real = realpath(path ? path : fallback, NULL);
    return real ? real : xstrdup(path ? path : fallback);
}

static void free_server(server *s)
{
    for (size_t i = 0; i < s->lang_count; i++) {
        free(s->langs[i]);
        free(s->lang_names[i]);
    }
    for (size_t i = 0; i < s->layout_count; i++) {
        free(s->layouts[i]);
        free(s->layout_descriptions[i]);
    }
    for (size_t i = 0; i < s->user_count; i++) {
        free(s->users[i]);
        free(s->passwords[i]);
    }
    free(s->langs);
    free(s->lang_names);
    free(s->lang_rtl);
    free(s->layouts);
    free(s->layout_descriptions);
    free(s->layout_records);
    free(s->users);
    free(s->passwords);
    free(s->categories);
    free(s->content_dir);
    free(s->layouts_dir);
    free(s->state_dir);
}

/* After SIGTERM: no new connections, the requests in flight answered, a
 * running campaign stopped (the batch removes what it was writing), the
 * private folder removed. */
static void shut_down(server *s, struct MHD_Daemon *daemon)
{
    fputs("outreach serve: stopping after the requests in flight\n", stderr);
    lib.MHD_quiesce_daemon(daemon);
    for (;;) {
        pthread_mutex_lock(&s->lock);
        long left = s->in_flight;
        pthread_mutex_unlock(&s->lock);
        if (left <= 0)
            break;
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    lib.MHD_stop_daemon(daemon);
    for (int i = 0; i < s->run_count; i++) {
        if (!__atomic_load_n(&s->runs[i].finished, __ATOMIC_ACQUIRE))
            kill(-s->runs[i].pid, SIGTERM);
        pthread_join(s->runs[i].waiter, NULL);
    }
    serve_remove_tree(s->state_dir);
}

int otr_serve_main(int argc, char **argv)
{
    serve_options o;
    int status = parse_options(argc, argv, &o);
    if (status)
        return status < 0 ? 0 : status;
    const char *unloadable = otr_dynlib_load(&libmicrohttpd);
    if (unloadable) {
        fprintf(stderr, "outreach serve: error[E917]: %s\n", unloadable);
        return 1;
    }

    server s;
    memset(&s, 0, sizeof s);
    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    char host[256];
    int port = 0;
    if (parse_listen(o.listen, &addr, &addr_len, host, sizeof host, &port) < 0)
        return usage_error("--listen takes ADDRESS:PORT like 127.0.0.1:8080 "
                           "or [::1]:8080, not \"%s\"",
                           o.listen);
    s.tls = o.tls_cert || o.tls_key;
    if (s.tls && !(o.tls_cert && o.tls_key))
        return usage_error("%s", "TLS needs both --tls-cert and --tls-key");
    if (!is_loopback(&addr) && !(s.tls && o.password_file)) {
        fprintf(stderr,
                "outreach serve: error[E910]: %s is reachable from other "
                "machines; that needs --tls-cert, --tls-key and "
                "--password-file, or listen on 127.0.0.1\n",
                o.listen);
        return EXIT_USAGE;
    }
    if (o.password_file && load_passwords(&s, o.password_file) < 0) {
        free_server(&s);
        return EXIT_USAGE;
    }
    char *tls_key = NULL, *tls_cert = NULL;
    if (s.tls) {
        tls_key = read_file(o.tls_key, NULL);
        tls_cert = read_file(o.tls_cert, NULL);
        if (!tls_key || !tls_cert) {
            fprintf(stderr, "%s: error[E919]: cannot read this TLS file\n",
                    tls_key ? o.tls_cert : o.tls_key);
            free(tls_key);
            free(tls_cert);
            free_server(&s);
            return EXIT_USAGE;
        }
    }
    if (load_project_facts(&s, &o) < 0) {
        free(tls_key);
        free(tls_cert);
        free_server(&s);
        return 1;
    }
    s.content_dir = absolute(o.content, "content");
    s.layouts_dir = absolute(o.layouts, "layouts");
    s.time_limit = o.time_limit;
    const char *fault = getenv("OUTREACH_SERVE_FAULT");
    s.fault = !fault                       ? 0
              : strcmp(fault, "hang") == 0 ? 2
              : strcmp(fault, "slow") == 0 ? 3
                                           : 1;
    pthread_mutex_init(&s.lock, NULL);
    serve_pool_init(&s.pool, o.workers, o.queue);

    unsigned char random[32];
    if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random)
        abort();
    for (size_t i = 0; i < sizeof random; i++)
        snprintf(s.csrf + 2 * i, 3, "%02x", random[i]);
    const char *tmp = getenv("TMPDIR");
    s.state_dir =
        xprintf("%s/outreach-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s.state_dir)) {
        fprintf(stderr,
                "%s: error[E914]: cannot make the server's working "
                "folder\n",
                s.state_dir);
        free(tls_key);
        free(tls_cert);
        free_server(&s);
        return 1;
    }

    /* Signals go to this thread alone (sigwait below); a client that goes
     * away must not end the server. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (s.tls)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_options[] = {
        {s.tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, tls_key},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, tls_cert},
        {MHD_OPTION_END, 0, NULL}};
    struct MHD_Daemon *daemon = lib.MHD_start_daemon(
        flags, 0, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)o.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o.idle_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MAX_HEADERS,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)1024 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &s, MHD_OPTION_ARRAY,
        tls_options, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr,
                "outreach serve: error[E915]: cannot listen on %s (in use, "
                "or not an address of this machine?)\n",
                o.listen);
        serve_remove_tree(s.state_dir);
        free(tls_key);
        free(tls_cert);
        free_server(&s);
        return 1;
    }
    const union MHD_DaemonInfo *info =
        lib.MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (info)
        port = info->port;
    if (is_loopback(&addr)) {
        add_host(&s, addr.ss_family == AF_INET6 ? "[::1]" : host, port);
        add_host(&s, "localhost", port);
    } else {
        char bracketed[sizeof host + 2];
        snprintf(bracketed, sizeof bracketed, "[%s]", host);
        add_host(&s, addr.ss_family == AF_INET6 ? bracketed : host, port);
    }
    for (size_t i = 0; i < o.name_count; i++)
        add_host(&s, o.names[i], port);

    printf("outreach serve: %s://%s/ serving %s (outreach %s)\n",
           s.tls ? "https" : "http", s.hosts[0], s.content_dir, OTR_VERSION);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    shut_down(&s, daemon);
    free(tls_key);
    free(tls_cert);
    free_server(&s);
    return 0;
}
