/* The portal's directory: categories, offers (contact points), shelters and
 * events, loaded strictly from the YAML files in content/. Strings point into
 * the YAML documents, which the project keeps alive as long as the directory.
 */
#ifndef OTR_DIRECTORY_H
#define OTR_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "util.h"
#include "yamlnode.h"

/* A text in several languages. An entry without a language (lang NULL) is
 * the same in every language: a German name that stays German. */
typedef struct {
    const char *lang;
    const char *text;
    otr_mark mark;
} otr_text_entry;

typedef struct {
    otr_text_entry *entries;
    size_t count;
    otr_mark mark;
} otr_i18n;

/* The text for LANG, else the language-neutral one, else NULL. */
const otr_text_entry *otr_i18n_find(const otr_i18n *text, const char *lang);

typedef struct {
    const char *street;
    const char *postcode;
    const char *town;
    otr_mark mark;
} otr_address;

typedef struct {
    double lat, lon;
    otr_mark mark;
    int known; /* both read */
} otr_geo;

typedef struct {
    const char *id;
    otr_mark mark;
    const otr_node *node; /* as written, for change detection */
    otr_color color;
    const char *icon; /* path relative to the content folder */
    otr_i18n name;
    int emergency; /* "emergency: true": its offers are crisis lines, printed
                      with the emergency numbers of a handout */
} otr_category;

/* Opening times: minutes since midnight. */
typedef struct {
    int start, end;
} otr_time_range;

enum { OTR_WEEKDAYS = 7 }; /* Monday first, as in ISO 8601 */

/* Each offer, shelter and event keeps the errors found in it (PROBLEMS,
 * NULL when none) rather than failing the whole project: a document that
 * uses the record fails with them, every other document is made. */
typedef struct {
    const char *id;
    otr_mark mark;
    const otr_node *node;         /* as written, for change detection */
    otr_diags *problems;          /* errors in this record, or NULL; owned */
    const otr_category *category; /* NULL when it has problems */
    otr_i18n name;
    otr_i18n description;
    otr_address address;
    const char *district;
    otr_geo geo;
    const char *phone; /* as printed (phone.h), owned; NULL when not given,
                          wrong, or not read yet (otr_directory_read_phones) */
    const char *phone_typed;    /* as written; NULL when not given */
    const otr_node *phone_node; /* where it is written */
    const char *email;          /* NULL when not given */
    const char *website;        /* NULL when not given */
    otr_time_range *hours[OTR_WEEKDAYS];
    size_t hours_count[OTR_WEEKDAYS];
    int by_appointment;
    const char **languages; /* languages spoken: BCP 47 codes */
    size_t language_count;
    otr_i18n urls; /* the offer's own page per language ("urls"), which
                      replaces the site's URL template; count 0 if none */
} otr_offer;

typedef struct {
    const char *id;
    otr_mark mark;
    const otr_node *node; /* as written, for change detection */
    otr_diags *problems;  /* errors in this record, or NULL; owned */
    const char *name;
    otr_address address;
    const char *district;
    otr_geo geo;
    const otr_language **languages; /* residents' languages, of the site's */
    size_t language_count;
    /* Residents' languages the site does not have: only their handouts
     * fail (with UNKNOWN_MARKS' positions). */
    const char **unknown_languages;
    otr_mark *unknown_marks;
    size_t unknown_count;
    /* How many residents read each language ("residents: {ar: 120}"), for
     * print quantities; languages not listed have no count. */
    const char **resident_languages;
    long *resident_counts;
    size_t resident_count;
    /* "radius_km": how far, in km, the offers on its handout may be; 0
     * when not given (the campaign's or the layout's radius applies). */
    double radius_km;
} otr_shelter;

/* The limits of a handout's radius, km: wide enough for a rural district,
 * narrow enough that "nearby" still means reachable by bus. */
#define OTR_RADIUS_MIN_KM 1.0
#define OTR_RADIUS_MAX_KM 100.0
/* Without one from the shelter, the campaign or the layout: a town and
 * its outskirts, about half an hour by bus. */
#define OTR_RADIUS_DEFAULT_KM 15.0

/* Reads NODE, a "radius_km" of a shelter or a campaign, into *KM; returns
 * 0, or -1 after reporting E269 at NODE. */
int otr_radius_km_read(const otr_node *node, double *km, otr_diags *diags);

/* The number of SHELTER's residents who read language CODE, or -1 when
 * shelters.yaml gives none. */
long otr_shelter_residents(const otr_shelter *shelter, const char *code);

/* A moment as written in the content: the UTC instant and the offset it was
 * given with, so it prints in the local time of the event. */
typedef struct {
    int64_t utc;      /* seconds since 1970-01-01T00:00:00Z */
    int offset;       /* minutes east of UTC */
    int has_offset;   /* written with its offset (or Z) */
    const char *text; /* as written */
    otr_mark mark;
} otr_datetime;

typedef struct {
    const char *id;
    otr_mark mark;
    const otr_node *node;         /* as written, for change detection */
    otr_diags *problems;          /* errors in this record, or NULL; owned */
    const otr_category *category; /* NULL when not given */
    otr_i18n title;
    otr_i18n text;
    otr_datetime start, end;
    const char *venue_name;
    otr_address venue_address;
    otr_geo venue_geo;
    const char *district;
    const char *organizer;
    int all_day;   /* printed with its date only */
    int online;    /* takes place online: no venue */
    otr_i18n urls; /* the event's own page per language, as for offers */
} otr_event;

/* The record's own page for LANG from its "urls" map, or NULL when the
 * site's URL template applies. */
const char *otr_record_page(const otr_i18n *urls, const char *lang);

typedef struct {
    otr_category *categories;
    size_t category_count;
    otr_offer *offers;
    size_t offer_count;
    otr_shelter *shelters;
    size_t shelter_count;
    otr_event *events;
    size_t event_count;
    /* Id to index, so that looking a record up is not a pass over all
     * (a check of 50,000 offers looks each up once per document). */
    otr_strset offer_ids, shelter_ids, event_ids;
    const otr_site *site; /* whose region phone numbers are read in */
    int phones_read;      /* otr_directory_read_phones has run */
} otr_directory;

/* Root nodes of the files, NULL where a file does not exist. Categories,
 * offers and events may each come from several files (categories.yaml and
 * each file in categories/, and so on: imported records live in files of
 * their own); a root is NULL for an empty file. */
typedef struct {
    const char *content_dir; /* category icons are relative to it */
    const otr_node **categories;
    const otr_mark *categories_files;
    size_t categories_count;
    const otr_node **offers;
    const otr_mark *offers_files;
    size_t offers_count;
    const otr_node *shelters;
    otr_mark shelters_file;
    const otr_node **events;
    const otr_mark *events_files;
    size_t events_count;
} otr_directory_sources;

/* Loads and checks everything, reporting every problem. Returns the number
 * of errors. */
int otr_directory_load(otr_directory *dir, const otr_directory_sources *src,
                       const otr_site *site, otr_diags *diags);
void otr_directory_clear(otr_directory *dir);

const otr_category *otr_directory_category(const otr_directory *dir,
                                           const char *id);
/* The offer ID (its phone number read, as below), or NULL. */
const otr_offer *otr_directory_offer(const otr_directory *dir, const char *id);
const otr_shelter *otr_directory_shelter(const otr_directory *dir,
                                         const char *id);
const otr_event *otr_directory_event(const otr_directory *dir, const char *id);

/* Reads the offers' phone numbers (each offer's PHONE from PHONE_TYPED; a
 * wrong number is one of its PROBLEMS), the first time it is called: not
 * when the directory is loaded, so that libphonenumber (phone.h: a plugin
 * loaded with the first number) is loaded only by the commands that look
 * at offers. Call it before reading the PHONE or PROBLEMS of an offer of
 * DIR.OFFERS; otr_directory_offer does. Thread-safe. */
void otr_directory_read_phones(const otr_directory *dir);

/* Reports the Ith of SHELTER's languages the site does not have. */
void otr_shelter_unknown_language(const otr_site *site,
                                  const otr_shelter *shelter, size_t i,
                                  otr_diags *diags);

/* ---- Field checks, shared with other loaders ----------------------------- */

/* 1 for a record id: lowercase letters, digits and single hyphens, at most
 * 64 characters, so it is safe in file names and URLs. */
int otr_valid_id(const char *id);
/* 1 when PHONE has the shape of a phone number ("+49 361 555 0142",
 * "(0361) 555-0199"): a first screen for importers, which write what they
 * keep into content files. Whether the number exists, and how it prints,
 * is decided when content is loaded (otr_site_phone, phone.h). */
int otr_valid_phone(const char *phone);
/* 1 for a plausible e-mail address. */
int otr_valid_email(const char *email);
/* Parses "2027-02-18T10:00:00+01:00" (seconds optional, "Z" allowed).
 * Without an offset ("2027-02-18T10:00") HAS_OFFSET is 0 and UTC holds the
 * local time as if it were UTC: the caller reads it in the site's zone. */
int otr_parse_datetime(const char *text, otr_datetime *out);
/* Parses "09:00-12:30"; 0 on success. */
int otr_parse_time_range(const char *text, otr_time_range *out);

#endif
