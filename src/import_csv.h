/* The columns of a spreadsheet imported with `outreach import csv`: which
 * field a header cell names, in German or English, and how a column is
 * called in the spreadsheet ("F"). Shared by import_csv.c and
 * import_csv_columns.c; no third-party library is seen here. */
#ifndef OTR_IMPORT_CSV_H
#define OTR_IMPORT_CSV_H

#include <stddef.h>

#include "model.h"

typedef enum {
    COL_ID,
    COL_CATEGORY,
    COL_NAME,
    COL_DESCRIPTION,
    COL_TITLE,
    COL_TEXT,
    COL_STREET,
    COL_POSTCODE,
    COL_TOWN,
    COL_DISTRICT,
    COL_LAT,
    COL_LON,
    COL_PHONE,
    COL_EMAIL,
    COL_WEBSITE,
    COL_APPOINTMENT,
    COL_LANGUAGES,
    COL_MON,
    COL_TUE,
    COL_WED,
    COL_THU,
    COL_FRI,
    COL_SAT,
    COL_SUN,
    COL_START,
    COL_END,
    COL_DATE,
    COL_END_DATE,
    COL_VENUE,
    COL_ORGANIZER,
    COL_ALL_DAY,
    COL_ONLINE,
    COL_URL,
    COL_COUNT
} otr_csv_column;

/* Which kind of records a column is read for. */
enum { OFFERS = 1, EVENTS = 2, BOTH = 3 };

/* A header cell as read: its field, and for a text in one language its
 * language ("Beschreibung (ar)": COL_DESCRIPTION, "ar"). */
typedef struct {
    otr_csv_column col;
    const char *lang; /* a site language's code (borrowed); NULL: none */
} otr_csv_header;

/* Reads header cell CELL ("Telefon", "Beschreibung (ar)", "title_en") for
 * records of KIND (OFFERS or EVENTS), with SITE's language codes as
 * suffixes. Returns 0 and fills OUT, or -1 for a name not known. */
int otr_csv_parse_header(const char *cell, int kind, const otr_site *site,
                         otr_csv_header *out);

/* 1 for a column that holds text per language (name, description, ...). */
int otr_csv_is_text_column(otr_csv_column col);

/* The spreadsheet's name of the column at 0-based INDEX: "A", ..., "Z",
 * "AA"; at most 7 letters and a NUL in OUT. */
void otr_csv_column_letters(size_t index, char out[8]);

#endif
