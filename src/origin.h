/* Where printed text came from. A frame prints a template ("{offer.name}
 * · {flyer.address}") filled from records and phrases; when something is
 * wrong with a piece of the result (a character no font has), the person
 * who can fix it needs the content file and line of that piece, not the
 * layout's. This finds the value in the content that holds it. */
#ifndef OTR_ORIGIN_H
#define OTR_ORIGIN_H

#include "model.h"
#include "yamlnode.h"

/* A record as written in the content: "offer", its id, its YAML map. */
typedef struct {
    const char *kind; /* "offer", "event", "shelter", "category" */
    const char *id;
    const otr_node *node; /* may be NULL: skipped */
} otr_origin_record;

typedef struct {
    otr_mark mark;    /* the value, in its content file */
    const char *kind; /* "offer", ..., or "phrase" */
    const char *id;   /* the record's id, or the phrase's key */
    char field[96];   /* the keys down to the value: "address.street";
                         empty for a phrase */
    const char *lang; /* the language the value is given for, or NULL */
} otr_origin;

/* Finds the value that holds the printed TEXT around byte AT: the stretch
 * between the direction isolates the program puts around each piece of
 * data (or the word at AT, when the stretch was changed on its way to
 * print), in RECORDS (COUNT of them, in order) and then in the phrases of
 * STRINGS (may be NULL). A value given for language LANG wins over the
 * same field in other languages; SITE tells which keys are language codes.
 * Returns 1 and fills OUT, or 0 when no value holds it (text the program
 * made: a date, a distance). */
int otr_origin_find(const otr_site *site, const otr_origin_record *records,
                    size_t count, const otr_strings *strings, const char *text,
                    size_t at, const char *lang, otr_origin *out);

#endif
