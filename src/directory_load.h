/* Reading the directory's records: the helpers every record kind shares
 * (directory.c) and the kinds themselves, each in a file of its own
 * (directory_categories.c, directory_offers.c, directory_shelters.c,
 * directory_events.c). Internal to the directory loader. */
#ifndef OTR_DIRECTORY_LOAD_H
#define OTR_DIRECTORY_LOAD_H

#include "directory.h"

typedef struct {
    const otr_site *site;
    otr_diags *diags;
    int errors; /* reported so far */
    const char *content_dir;
    const char *what; /* the kind of record being read: "an offer" */
} otr_loader;

/* How one kind of record is read. The shared loop checks a record's keys
 * against KEYS and reads its id; LOAD then fills RECORD (zeroed, SIZE
 * bytes) from MAP, id included; DISCARD frees what LOAD allocated. */
typedef struct {
    const char *what; /* "an offer", for messages */
    size_t size;
    const char *const *keys; /* the keys a record may have, NULL-ended */
    void (*load)(otr_loader *ld, otr_directory *dir, const otr_node *map,
                 const char *id, void *record);
    void (*discard)(void *record);
    /* Where the record keeps its own errors (offsetof an otr_diags *), or
     * 0: its errors fail the whole project (categories, which every
     * document may show). */
    size_t problems;
} otr_record_kind;

extern const otr_record_kind otr_category_kind;
extern const otr_record_kind otr_offer_kind;
extern const otr_record_kind otr_shelter_kind;
extern const otr_record_kind otr_event_kind;

/* The text at KEY of MAP, or NULL (reported when REQUIRED, or when it is
 * not text). WHAT names the record for messages: "an offer". */
const char *otr_load_string(otr_loader *ld, const otr_node *map,
                            const char *key, const char *what, int required);
/* The text at KEY in several languages (see load_i18n in directory.c);
 * ALLOW_NEUTRAL accepts one text for every language. */
void otr_load_i18n(otr_loader *ld, const otr_node *map, const char *key,
                   const char *what, int required, int allow_neutral,
                   otr_i18n *out);
/* A required address (street, postcode, town) and position at KEY. */
void otr_load_address(otr_loader *ld, const otr_node *map, const char *key,
                      otr_address *out);
void otr_load_geo(otr_loader *ld, const otr_node *map, const char *key,
                  otr_geo *out);
/* The category named at "category" of MAP, or NULL (reported). */
const otr_category *otr_load_category_ref(otr_loader *ld, otr_directory *dir,
                                          const otr_node *map, int required);
/* "urls": the record's own page per language, e.g. its page in the CMS it
 * was imported from, which replaces the site's URL template; each must be
 * a web address. */
void otr_load_urls(otr_loader *ld, const otr_node *map, otr_i18n *out);
/* "de, en, ar": the site's language codes; the caller frees. */
char *otr_language_list(const otr_site *site);
/* COUNT decimal digits at S into *OUT; -1 when one is not a digit. */
int otr_parse_digits(const char *s, int count, int *out);

#endif
