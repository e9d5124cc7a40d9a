/* Small helpers shared by the library: allocation that aborts on exhaustion,
 * a growable string, and file and path functions. */
#ifndef OTR_UTIL_H
#define OTR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <sys/types.h>

#define OTR_MM_TO_PT(mm) ((mm)*72.0 / 25.4)
#define OTR_PT_TO_MM(pt) ((pt)*25.4 / 72.0)

/* Out of memory aborts: a half-made print document is worse than none. */
void *otr_xmalloc(size_t size);
void *otr_xcalloc(size_t count, size_t size);
void *otr_xrealloc(void *ptr, size_t size);
char *otr_xstrdup(const char *s);
char *otr_xstrndup(const char *s, size_t len);
char *otr_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Grows ARRAY (of *CAP elements of SIZE bytes) so that it holds at least
 * NEED elements. */
void *otr_grow(void *array, size_t *cap, size_t need, size_t size);

/* A bump allocator: many small objects with one lifetime, freed at once.
 * Memory is zeroed and aligned for any type. */
typedef struct otr_arena_block otr_arena_block;
typedef struct {
    otr_arena_block *blocks; /* newest first */
    size_t used;             /* bytes taken from the newest block */
    size_t size;             /* bytes in the newest block */
} otr_arena;

void *otr_arena_alloc(otr_arena *arena, size_t size);
/* A NUL-terminated copy of LEN bytes (which may hold NULs). */
char *otr_arena_strndup(otr_arena *arena, const char *s, size_t len);
void otr_arena_free(otr_arena *arena);

typedef struct {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len, cap;
} otr_buf;

void otr_buf_append(otr_buf *buf, const char *s, size_t len);
void otr_buf_puts(otr_buf *buf, const char *s);
void otr_buf_printf(otr_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Hands the string over to the caller (never NULL) and empties BUF. */
char *otr_buf_take(otr_buf *buf);
void otr_buf_free(otr_buf *buf);

/* A set of byte strings, each with a value: the index of its first use,
 * for "duplicate key, first at line N". Keys are not copied: they must
 * outlive the set. */
typedef struct {
    const char **keys;
    size_t *lens;
    size_t *values;
    size_t cap, count;
} otr_strset;

/* Adds KEY (LEN bytes) with VALUE. Returns 1 and sets *EXISTING to the
 * value given first when KEY was there already, else 0. */
int otr_strset_add(otr_strset *set, const char *key, size_t len, size_t value,
                   size_t *existing);
/* 1 and *VALUE when KEY is in the set, else 0. */
int otr_strset_find(const otr_strset *set, const char *key, size_t len,
                    size_t *value);
void otr_strset_free(otr_strset *set);

/* S with what must not reach a terminal raw written as escapes: C0 and C1
 * control characters and DEL ("\\n", "\\t", "\\x1B", "\\u0085"), the
 * bidirectional embeddings and overrides that reorder what follows them
 * on the line (U+200E/F, U+202A..E, as "\\u202E"; isolates end with
 * their text and stay), and bytes that are not UTF-8 ("\\xFF").
 * Everything else, Arabic and Farsi included, stays as it is. The caller
 * frees. */
char *otr_escape_controls(const char *s);

/* The length in bytes (1..4) of the UTF-8 sequence at S, or 0 when the
 * bytes there are not one (RFC 3629: no overlong forms, no surrogates).
 * S must be NUL-terminated. */
int otr_utf8_length(const char *s);

/* "dir" + "/" + "name"; the caller frees. */
char *otr_path_join(const char *dir, const char *name);
int otr_is_dir(const char *path);
int otr_is_file(const char *path);

/* Confinement of the files that content and layouts name (icons, images):
 * NAME (as written, relative) is joined to ROOT and resolved with all
 * symlinks; it must then lie inside ROOT or inside the installed data
 * folder (OTR_DATADIR) and be a regular file. Returns the resolved path
 * (the caller frees), or NULL with *PROBLEM set to a static sentence
 * ("there is no such file", "it lies outside its folder", ...). Nothing is
 * read, so a device or a FIFO named there costs nothing. */
char *otr_confined_path(const char *root, const char *name,
                        const char **problem);
/* The *PROBLEM of a name that resolves to nothing. */
extern const char otr_no_such_file[];

/* Reads the regular file PATH into OUT (NUL-terminated) when it holds at
 * most MAX_BYTES. Devices, FIFOs and directories are refused without being
 * read; a file that grows past MAX_BYTES while read is refused too.
 * Returns 0, or -1 with *PROBLEM set ("too_big" is set to 1 for a file over
 * the limit, so callers can name the limit). OUT is empty on failure. */
int otr_read_file(const char *path, size_t max_bytes, otr_buf *out,
                  int *too_big, const char **problem);

/* fork(2), once no Pango helper thread is running (waits at most 2 s).
 * Pango 1.50 (Debian 12) starts a short-lived thread for FcInit and for
 * each font match and sort ("[pango] FcInit", "[pango] FcFontSetSort");
 * a child forked while one runs never gets that thread's result and waits
 * for it forever (and may inherit a lock it holds). A thread not yet
 * named counts as Pango's. Every fork in the program goes through here.
 * Returns what fork(2) returns. */
pid_t otr_fork(void);

/* Writes TEXT as one CSV field (RFC 4180: quoted when it holds a comma,
 * quote or line break), then a comma, or a line break when LAST. */
void otr_csv_field(FILE *out, const char *text, int last);

/* Progress of a long run of documents, on OUT (NULL: none): on a
 * terminal a bar redrawn in place, with the rate and the time left; else a
 * line at each tenth done. BUILT counts the documents made by this run
 * (the rate), DONE those finished in any way. */
typedef struct {
    FILE *out;
    int tty;
    struct timespec start; /* CLOCK_MONOTONIC */
    int last_tenth;
    double last_drawn; /* s after START: the bar is redrawn 10 times a s */
} otr_progress;

void otr_progress_start(otr_progress *progress, FILE *out);
/* FINAL ends the bar's line. */
void otr_progress_show(otr_progress *progress, size_t done, size_t total,
                       size_t built, int final);

#endif
