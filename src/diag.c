#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct {
    otr_severity severity;
    char *file; /* copied: diagnostics may outlive what they point at */
    int line, col;
    int code;
    char *message;
} diagnostic;

/* Problems kept per file: past this, a broken file only repeats itself. */
#define MAX_PER_FILE 200

typedef struct {
    char *file;
    size_t kept, dropped;
} file_count;

struct otr_diags {
    diagnostic *items;
    size_t count, cap;
    size_t errors, warnings;
    file_count *files;
    size_t file_count, file_cap;
    otr_strset seen; /* every kept diagnostic, as "file\nline\n...";
                        the keys are owned */
    int keep_all;
    int dropped_last; /* the last error or warning was not kept: nor are
                         the notes that follow it */
};

otr_diags *otr_diags_new(void)
{
    return otr_xcalloc(1, sizeof(otr_diags));
}

void otr_diags_free(otr_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].file);
        free(diags->items[i].message);
    }
    free(diags->items);
    for (size_t i = 0; i < diags->file_count; i++)
        free(diags->files[i].file);
    free(diags->files);
    for (size_t i = 0; i < diags->seen.cap; i++)
        free((char *)diags->seen.keys[i]);
    otr_strset_free(&diags->seen);
    free(diags);
}

size_t otr_diags_error_count(const otr_diags *diags)
{
    return diags->errors;
}

size_t otr_diags_warning_count(const otr_diags *diags)
{
    return diags->warnings;
}

static file_count *count_for(otr_diags *diags, const char *file)
{
    for (size_t i = 0; i < diags->file_count; i++) {
        if (strcmp(diags->files[i].file, file) == 0)
            return &diags->files[i];
    }
    diags->files = otr_grow(diags->files, &diags->file_cap,
                            diags->file_count + 1, sizeof(file_count));
    file_count *f = &diags->files[diags->file_count++];
    *f = (file_count){otr_xstrdup(file), 0, 0};
    return f;
}

static void add(otr_diags *diags, otr_severity severity, otr_mark mark,
                int code, const char *fmt, va_list ap)
{
    if (severity == OTR_SEV_ERROR)
        diags->errors++;
    else if (severity == OTR_SEV_WARNING)
        diags->warnings++;
    if (severity == OTR_SEV_NOTE && diags->dropped_last)
        return; /* it would stand under another problem */
    if (severity != OTR_SEV_NOTE)
        diags->dropped_last = 1; /* until it is kept, below */
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *raw = otr_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    raw[0] = '\0';
    if (n > 0)
        vsnprintf(raw, (size_t)n + 1, fmt, ap);
    /* Content quoted in a message never reaches the terminal raw. */
    char *message = otr_escape_controls(raw);
    free(raw);

    char *key =
        otr_xasprintf("%s\n%d\n%d\n%d\n%d\n%s", mark.file ? mark.file : "",
                      mark.line, mark.col, code, (int)severity, message);
    if (otr_strset_add(&diags->seen, key, strlen(key), 0, NULL)) {
        free(key); /* the same problem again: counted, kept once */
        free(message);
        return;
    }
    if (mark.file) {
        file_count *f = count_for(diags, mark.file);
        if (f->kept >= MAX_PER_FILE && !diags->keep_all) {
            f->dropped++;
            free(message);
            return;
        }
        f->kept++;
    }
    if (severity != OTR_SEV_NOTE)
        diags->dropped_last = 0;
    diags->items = otr_grow(diags->items, &diags->cap, diags->count + 1,
                            sizeof(diagnostic));
    diags->items[diags->count++] = (diagnostic){
        .severity = severity,
        .file = mark.file ? otr_escape_controls(mark.file) : NULL,
        .line = mark.line,
        .col = mark.col,
        .code = code,
        .message = message,
    };
}

void otr_diags_append(otr_diags *to, const otr_diags *from)
{
    for (size_t i = 0; from && i < from->count; i++) {
        const diagnostic *d = &from->items[i];
        otr_diag_at(to, d->severity, (otr_mark){d->file, d->line, d->col},
                    d->code, "%s", d->message);
    }
}

void otr_diags_keep_all(otr_diags *diags)
{
    diags->keep_all = 1;
}

void otr_diag_at(otr_diags *diags, otr_severity severity, otr_mark mark,
                 int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(diags, severity, mark, code, fmt, ap);
    va_end(ap);
}

void otr_diags_error(otr_diags *diags, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(diags, OTR_SEV_ERROR, (otr_mark){0}, code, fmt, ap);
    va_end(ap);
}

void otr_diags_print(const otr_diags *diags, FILE *out)
{
    for (size_t i = 0; i < diags->count; i++) {
        const diagnostic *d = &diags->items[i];
        const char *kind = d->severity == OTR_SEV_ERROR ? "error" : "warning";
        if (d->file && d->line > 0)
            fprintf(out, "%s:%d:%d: ", d->file, d->line, d->col);
        else if (d->file)
            fprintf(out, "%s: ", d->file);
        else
            fputs("outreach: ", out);
        if (d->severity == OTR_SEV_NOTE)
            fprintf(out, "note: %s\n", d->message);
        else
            fprintf(out, "%s[E%03d]: %s\n", kind, d->code, d->message);
    }
    for (size_t i = 0; i < diags->file_count; i++) {
        if (diags->files[i].dropped)
            fprintf(out,
                    "%s: note: %zu more problem(s) in this file not shown\n",
                    diags->files[i].file, diags->files[i].dropped);
    }
}

size_t otr_diags_count(const otr_diags *diags)
{
    return diags->count;
}

void otr_diags_get(const otr_diags *diags, size_t i, otr_diag_info *info)
{
    const diagnostic *d = &diags->items[i];
    *info = (otr_diag_info){
        .is_error = d->severity == OTR_SEV_ERROR,
        .code = d->code,
        .file = d->file,
        .line = d->line,
        .col = d->col,
        .message = d->message,
    };
}
