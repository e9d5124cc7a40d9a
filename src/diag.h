/* Diagnostics with positions. Codes by area:
 *   E1xx  reading files and YAML syntax
 *   E2xx  content: site, strings
 *   E3xx  layouts
 *   E4xx  laying out text and codes (fit, glyphs, QR)
 *   E5xx  writing output
 *   E6xx  importing (Integreat, spreadsheets)
 *   E9xx  command line */
#ifndef OTR_DIAG_H
#define OTR_DIAG_H

#include "outreach.h"

/* A note adds to the diagnostic before it (another place that matters:
 * "the frame that prints it"); it is not counted. */
typedef enum { OTR_SEV_WARNING, OTR_SEV_ERROR, OTR_SEV_NOTE } otr_severity;

/* A place in a source file; line and col are 1-based, 0 when unknown. FILE
 * points into a string that outlives the diagnostics (the loaded model). */
typedef struct {
    const char *file;
    int line, col;
} otr_mark;

void otr_diag_at(otr_diags *diags, otr_severity severity, otr_mark mark,
                 int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Adds every diagnostic of FROM to TO (each counted; one already there is
 * kept once). */
void otr_diags_append(otr_diags *to, const otr_diags *from);

#define otr_error_at(diags, mark, code, ...)                                   \
    otr_diag_at((diags), OTR_SEV_ERROR, (mark), (code), __VA_ARGS__)
#define otr_warning_at(diags, mark, code, ...)                                 \
    otr_diag_at((diags), OTR_SEV_WARNING, (mark), (code), __VA_ARGS__)
#define otr_note_at(diags, mark, ...)                                          \
    otr_diag_at((diags), OTR_SEV_NOTE, (mark), 0, __VA_ARGS__)

#endif
