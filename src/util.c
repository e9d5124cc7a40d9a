/* realpath() is an X/Open function. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* syscall() */

#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *check(void *ptr)
{
    if (!ptr) {
        fputs("outreach: out of memory\n", stderr);
        abort();
    }
    return ptr;
}

void *otr_xmalloc(size_t size)
{
    return check(malloc(size ? size : 1));
}

void *otr_xcalloc(size_t count, size_t size)
{
    return check(calloc(count ? count : 1, size ? size : 1));
}

void *otr_xrealloc(void *ptr, size_t size)
{
    return check(realloc(ptr, size ? size : 1));
}

char *otr_xstrdup(const char *s)
{
    return otr_xstrndup(s, strlen(s));
}

char *otr_xstrndup(const char *s, size_t len)
{
    char *copy = otr_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *otr_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return otr_xstrdup("");
    char *s = otr_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void *otr_grow(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return array;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap < need)
        new_cap *= 2;
    array = otr_xrealloc(array, new_cap * size);
    *cap = new_cap;
    return array;
}

void otr_buf_append(otr_buf *buf, const char *s, size_t len)
{
    buf->data = otr_grow(buf->data, &buf->cap, buf->len + len + 1, 1);
    memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void otr_buf_puts(otr_buf *buf, const char *s)
{
    otr_buf_append(buf, s, strlen(s));
}

void otr_buf_printf(otr_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    buf->data = otr_grow(buf->data, &buf->cap, buf->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

char *otr_buf_take(otr_buf *buf)
{
    char *s = buf->data ? buf->data : otr_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return s;
}

void otr_buf_free(otr_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

int otr_utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = p[0] < 0x80   ? 1
            : p[0] < 0xC2 ? 0
            : p[0] < 0xE0 ? 2
            : p[0] < 0xF0 ? 3
            : p[0] < 0xF5 ? 4
                          : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 &&
        ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
        return 0; /* overlong, or a surrogate */
    if (n == 4 &&
        ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
        return 0;
    return n;
}

static unsigned long utf8_decode(const unsigned char *p, int n)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned long c = p[0] & lead_mask[n];
    for (int i = 1; i < n; i++)
        c = c << 6 | (p[i] & 0x3F);
    return c;
}

char *otr_escape_controls(const char *s)
{
    otr_buf out = {0};
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = otr_utf8_length((const char *)p);
        unsigned long c = n ? utf8_decode(p, n) : 0;
        if (!n) {
            otr_buf_printf(&out, "\\x%02X", *p);
            p++;
            continue;
        }
        if (c == '\n')
            otr_buf_puts(&out, "\\n");
        else if (c == '\t')
            otr_buf_puts(&out, "\\t");
        else if (c == '\r')
            otr_buf_puts(&out, "\\r");
        else if (c < 0x20 || c == 0x7F)
            otr_buf_printf(&out, "\\x%02lX", c);
        else if ((c >= 0x80 && c <= 0x9F) || c == 0x200E || c == 0x200F ||
                 (c >= 0x202A && c <= 0x202E))
            otr_buf_printf(&out, "\\u%04lX", c);
        else
            otr_buf_append(&out, (const char *)p, (size_t)n);
        p += n;
    }
    return otr_buf_take(&out);
}

char *otr_path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (len > 0 && dir[len - 1] == '/')
        return otr_xasprintf("%s%s", dir, name);
    return otr_xasprintf("%s/%s", dir, name);
}

int otr_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int otr_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* 1 when the resolved PATH is DIR itself or lies below it. */
static int lies_in(const char *path, const char *dir)
{
    size_t len = strlen(dir);
    if (strncmp(path, dir, len) != 0)
        return 0;
    return path[len] == '/' || path[len] == '\0' ||
           (len > 0 && dir[len - 1] == '/');
}

/* 1 when the resolved PATH lies inside the folder DIR (resolved too). */
static int lies_in_dir(const char *path, const char *dir)
{
    char *real = realpath(dir, NULL);
    int inside = real && lies_in(path, real);
    free(real);
    return inside;
}

const char otr_no_such_file[] = "there is no such file";

char *otr_confined_path(const char *root, const char *name,
                        const char **problem)
{
    if (!name[0]) {
        *problem = "the file name is empty";
        return NULL;
    }
    if (name[0] == '/') {
        *problem = "give the path relative to its folder, not from /";
        return NULL;
    }
    char *joined = otr_path_join(root, name);
    char *real = realpath(joined, NULL);
    int error = errno;
    free(joined);
    if (!real) {
        *problem = error == ENOENT || error == ENOTDIR ? otr_no_such_file
                   : error == ELOOP  ? "its links go round in a circle"
                   : error == EACCES ? "it may not be read (permission denied)"
                                     : "it cannot be opened";
        return NULL;
    }
#ifdef OTR_DATADIR
    const char *bundled = OTR_DATADIR;
#else
    const char *bundled = NULL;
#endif
    if (!lies_in_dir(real, root) && !(bundled && lies_in_dir(real, bundled))) {
        *problem = "it lies outside its folder (through \"..\" or a link); "
                   "copy the file into the folder";
        free(real);
        return NULL;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        *problem = "it is not a regular file";
        free(real);
        return NULL;
    }
    return real;
}

int otr_read_file(const char *path, size_t max_bytes, otr_buf *out,
                  int *too_big, const char **problem)
{
    *too_big = 0;
    /* Non-blocking: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *problem = errno == ENOENT   ? otr_no_such_file
                   : errno == EACCES ? "it may not be read (permission denied)"
                                     : "it cannot be opened";
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *problem = "it is not a regular file";
        close(fd);
        return -1;
    }
    if ((uintmax_t)st.st_size > max_bytes) {
        *too_big = 1;
        *problem = "the file is too large";
        close(fd);
        return -1;
    }
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *problem = "the file cannot be read";
            break;
        }
        if (n == 0) {
            close(fd);
            if (!out->data)
                otr_buf_append(out, "", 0);
            return 0;
        }
        if (out->len + (size_t)n > max_bytes) {
            *too_big = 1;
            *problem = "the file is too large";
            break;
        }
        otr_buf_append(out, chunk, (size_t)n);
    }
    close(fd);
    otr_buf_free(out);
    return -1;
}

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t hash = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char)key[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

static void strset_put(otr_strset *set, const char *key, size_t len,
                       size_t value)
{
    size_t mask = set->cap - 1;
    size_t i = (size_t)hash_key(key, len) & mask;
    while (set->keys[i])
        i = (i + 1) & mask;
    set->keys[i] = key;
    set->lens[i] = len;
    set->values[i] = value;
    set->count++;
}

int otr_strset_find(const otr_strset *set, const char *key, size_t len,
                    size_t *value)
{
    if (!set->cap)
        return 0;
    size_t mask = set->cap - 1;
    for (size_t i = (size_t)hash_key(key, len) & mask; set->keys[i];
         i = (i + 1) & mask) {
        if (set->lens[i] == len && memcmp(set->keys[i], key, len) == 0) {
            *value = set->values[i];
            return 1;
        }
    }
    return 0;
}

int otr_strset_add(otr_strset *set, const char *key, size_t len, size_t value,
                   size_t *existing)
{
    size_t found;
    if (otr_strset_find(set, key, len, &found)) {
        if (existing)
            *existing = found;
        return 1;
    }
    /* Open addressing, kept at most half full. */
    if (2 * (set->count + 1) > set->cap) {
        otr_strset old = *set;
        set->cap = old.cap ? 2 * old.cap : 16;
        set->keys = otr_xcalloc(set->cap, sizeof(char *));
        set->lens = otr_xcalloc(set->cap, sizeof(size_t));
        set->values = otr_xcalloc(set->cap, sizeof(size_t));
        set->count = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (old.keys[i])
                strset_put(set, old.keys[i], old.lens[i], old.values[i]);
        }
        otr_strset_free(&old);
    }
    strset_put(set, key, len, value);
    return 0;
}

void otr_strset_free(otr_strset *set)
{
    free(set->keys);
    free(set->lens);
    free(set->values);
    memset(set, 0, sizeof(*set));
}

struct otr_arena_block {
    otr_arena_block *next;
    max_align_t data[]; /* aligned for any type */
};

enum { ARENA_BLOCK = 64 * 1024 };

void *otr_arena_alloc(otr_arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) / align * align;
    if (!arena->blocks || arena->size - arena->used < size) {
        /* A large request gets a block of its own. */
        size_t bytes = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        otr_arena_block *block =
            otr_xcalloc(1, sizeof(otr_arena_block) + bytes);
        if (arena->blocks && size > ARENA_BLOCK) {
            /* Keep filling the current block: put this one behind it. */
            block->next = arena->blocks->next;
            arena->blocks->next = block;
            return block->data;
        }
        block->next = arena->blocks;
        arena->blocks = block;
        arena->used = 0;
        arena->size = bytes;
    }
    void *p = (char *)arena->blocks->data + arena->used;
    arena->used += size;
    return p;
}

char *otr_arena_strndup(otr_arena *arena, const char *s, size_t len)
{
    char *copy = otr_arena_alloc(arena, len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void otr_arena_free(otr_arena *arena)
{
    while (arena->blocks) {
        otr_arena_block *next = arena->blocks->next;
        free(arena->blocks);
        arena->blocks = next;
    }
    arena->used = arena->size = 0;
}

/* The number of this process's threads, the main and the calling one
 * aside, that are
 * Pango's ("[pango] ..." in /proc/self/task/TID/comm) or not yet named (a
 * thread is named by itself once it runs, and until then has the
 * program's name). 0 where /proc cannot be read. */
static int pango_threads(void)
{
    char program[32] = "";
    FILE *comm = fopen("/proc/self/comm", "r");
    if (!comm)
        return 0;
    if (!fgets(program, sizeof program, comm))
        program[0] = '\0';
    fclose(comm);
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks)
        return 0;
    char main_id[24], own_id[24];
    snprintf(main_id, sizeof main_id, "%ld", (long)getpid());
    snprintf(own_id, sizeof own_id, "%ld", (long)syscall(SYS_gettid));
    int count = 0;
    struct dirent *task;
    while ((task = readdir(tasks)) != NULL) {
        if (task->d_name[0] == '.' || strcmp(task->d_name, main_id) == 0 ||
            strcmp(task->d_name, own_id) == 0)
            continue;
        char path[64], name[32] = "";
        snprintf(path, sizeof path, "/proc/self/task/%.20s/comm", task->d_name);
        comm = fopen(path, "r");
        if (!comm)
            continue; /* the thread has just ended */
        if (fgets(name, sizeof name, comm) &&
            (strncmp(name, "[pango]", 7) == 0 || strcmp(name, program) == 0))
            count++;
        fclose(comm);
    }
    closedir(tasks);
    return count;
}

pid_t otr_fork(void)
{
    struct timespec pause = {0, 1000000}; /* 1 ms */
    for (int waited = 0; waited < 2000 && pango_threads() > 0; waited++)
        nanosleep(&pause, NULL);
    fflush(NULL);
    return fork();
}

void otr_csv_field(FILE *out, const char *text, int last)
{
    if (strpbrk(text, ",\"\n\r")) {
        fputc('"', out);
        for (const char *p = text; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(text, out);
    }
    fputc(last ? '\n' : ',', out);
}

void otr_progress_start(otr_progress *progress, FILE *out)
{
    progress->out = out;
    progress->tty = out && isatty(fileno(out));
    clock_gettime(CLOCK_MONOTONIC, &progress->start);
    progress->last_tenth = -1;
    progress->last_drawn = -1;
}

void otr_progress_show(otr_progress *progress, size_t done, size_t total,
                       size_t built, int final)
{
    FILE *out = progress->out;
    if (!out)
        return;
    struct timespec start = progress->start;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = (double)(now.tv_sec - start.tv_sec) +
                     (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    double rate = elapsed > 0 ? (double)built / elapsed : 0;
    if (progress->tty) {
        if (!final && progress->last_drawn >= 0 &&
            elapsed - progress->last_drawn < 0.1)
            return;
        progress->last_drawn = elapsed;
        int width = 30;
        int filled =
            total ? (int)((double)done / (double)total * width) : width;
        fprintf(out, "\r[%.*s%*s] %zu/%zu", filled,
                "==============================", width - filled, "", done,
                total);
        if (rate > 0 && !final)
            fprintf(out, "  %.0f/s, %.0f s left   ", rate,
                    (double)(total - done) / rate * (built ? 1 : 0));
        else
            fputs("                    ", out);
        if (final)
            fputc('\n', out);
        fflush(out);
        return;
    }
    int tenth = total ? (int)(done * 10 / total) : 10;
    if (tenth > progress->last_tenth) {
        progress->last_tenth = tenth;
        fprintf(out, "%zu/%zu documents (%.0f%%), %.1f s\n", done, total,
                total ? 100.0 * (double)done / (double)total : 100.0, elapsed);
        fflush(out);
    }
}
