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

struct otr_diags {
    diagnostic *items;
    size_t count, cap;
    size_t errors, warnings;
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

static void add(otr_diags *diags, otr_severity severity, otr_mark mark,
                int code, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *message = otr_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    message[0] = '\0';
    if (n > 0)
        vsnprintf(message, (size_t)n + 1, fmt, ap);

    diags->items = otr_grow(diags->items, &diags->cap, diags->count + 1,
                            sizeof(diagnostic));
    diags->items[diags->count++] = (diagnostic){
        .severity = severity,
        .file = mark.file ? otr_xstrdup(mark.file) : NULL,
        .line = mark.line,
        .col = mark.col,
        .code = code,
        .message = message,
    };
    if (severity == OTR_SEV_ERROR)
        diags->errors++;
    else
        diags->warnings++;
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

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The same problem found again (a missing phrase, for each of a hundred
 * offers) is printed once. */
static int printed_before(const otr_diags *diags, size_t index)
{
    const diagnostic *d = &diags->items[index];
    for (size_t i = 0; i < index; i++) {
        const diagnostic *e = &diags->items[i];
        if (e->code == d->code && e->line == d->line && e->col == d->col &&
            e->severity == d->severity && same_text(e->file, d->file) &&
            strcmp(e->message, d->message) == 0)
            return 1;
    }
    return 0;
}

void otr_diags_print(const otr_diags *diags, FILE *out)
{
    for (size_t i = 0; i < diags->count; i++) {
        const diagnostic *d = &diags->items[i];
        if (printed_before(diags, i))
            continue;
        const char *kind = d->severity == OTR_SEV_ERROR ? "error" : "warning";
        if (d->file && d->line > 0)
            fprintf(out, "%s:%d:%d: ", d->file, d->line, d->col);
        else if (d->file)
            fprintf(out, "%s: ", d->file);
        else
            fputs("outreach: ", out);
        fprintf(out, "%s[E%03d]: %s\n", kind, d->code, d->message);
    }
}
