/* What the importers share: imported records written as YAML into files of
 * their own beside the hand-written ones, the report of what changed, and
 * the rule that a failed import leaves the content folder as it was. No
 * third-party library is seen here. */
#ifndef OTR_IMPORT_H
#define OTR_IMPORT_H

#include <stdio.h>

#include "diag.h"
#include "outreach.h"
#include "util.h"

/* One record as YAML text: "- id: ...\n  key: ...\n" (the importer's own
 * format, so a re-import can compare records as text). */
typedef struct {
    char *id;   /* owned */
    char *yaml; /* owned */
} otr_import_record;

/* The records of one imported file, e.g. offers/integreat-augsburg.yaml. */
typedef struct {
    const char *kind;  /* "offers", "events" or "categories": the folder */
    const char *noun;  /* "offer", for the report */
    char *name;        /* file name in the folder, owned */
    const char *title; /* first comment line of the file */
    otr_import_record *records;
    size_t count, cap;
} otr_import_file;

/* Adds a record to FILE, taking ID and YAML (both malloc'ed). */
void otr_import_add(otr_import_file *file, char *id, char *yaml);
void otr_import_file_clear(otr_import_file *file);

/* Appends TEXT to OUT as a YAML double-quoted scalar (YAML 1.2 section
 * 7.3.1): quotes, backslashes and control characters escaped. */
void otr_yaml_quote(otr_buf *out, const char *text);

/* What one imported file may hold before it is split: the loader reads at
 * most 16 MiB a file (OTR_YAML_MAX_BYTES), and half of it leaves room. */
#define OTR_IMPORT_FILE_BYTES_DEFAULT ((size_t)8 * 1024 * 1024)

/* Writes FILES (COUNT of them) into CONTENT_DIR, each through a temporary
 * file renamed into place, removes a file that no longer has records, and
 * then loads the content with LAYOUTS_DIR as `check` would: when that
 * finds an error the earlier files are put back (the refused ones are
 * not kept). A file whose records take more than MAX_FILE_BYTES (0: the
 * default above) is written in parts: KIND/NAME.yaml, KIND/NAME.2.yaml,
 * KIND/NAME.3.yaml ..., each at most that size (a single larger record
 * gets a part of its own); parts an earlier import wrote and this one does
 * not need are removed. Writes to REPORT which records were added, changed
 * and removed (across all parts). Returns 0, or -1 after reporting. */
int otr_import_commit(const char *content_dir, const char *layouts_dir,
                      otr_import_file *files, size_t count,
                      size_t max_file_bytes, FILE *report, otr_diags *diags);

/* The content as it is, loaded to be imported into; NULL after reporting
 * that its errors must be fixed first. Free with otr_project_free. */
otr_project *otr_import_load_content(const otr_paths *paths, otr_diags *diags);

/* The source a content file at PATH is imported from ("Integreat", "the
 * spreadsheet"), or NULL for a hand-written file: the importers write
 * offers/, events/ and categories/ files named integreat-*.yaml and
 * csv-*.yaml, which the next import replaces. */
const char *otr_import_source_of(const char *path);

/* TEXT with bytes outside printable ASCII and spaces percent-encoded
 * (RFC 3986 section 2.1), for a URL with non-Latin letters. Caller frees. */
char *otr_import_uri_encode(const char *text);

#endif
