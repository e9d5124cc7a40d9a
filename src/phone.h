/* Phone numbers, read and written by libphonenumber (Google's library of
 * numbering plans; the only file that sees it is phone.cc). Content keeps
 * what staff typed; what is printed is the number in one form:
 *
 *   - a full number: the international format of ITU-T E.123 as
 *     libphonenumber writes it ("+49 361 5550199"), which can be dialled
 *     from any phone, with a SIM card from home or from here, and reads the
 *     same in every language of a bilingual document;
 *   - a short number (emergency, service: 110, 112, 115, 116 117), which
 *     can only be dialled inside the country: its digits, the European
 *     harmonised numbers 116xxx grouped "116 117" as the EU writes them.
 *
 * libphonenumber is a C++ library: phone.cc wraps it in the plugin
 * outreach-phone.so (phone_plugin.h), which these functions load the first
 * time they are called (dynlib.h), and libphonenumber loads its metadata
 * on first use, so a command without phone numbers pays for neither. The
 * functions are thread-safe. */
#ifndef OTR_PHONE_H
#define OTR_PHONE_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when REGION is an ISO 3166-1 alpha-2 code ("DE") with a numbering plan
 * libphonenumber knows, else 0 (also when the plugin cannot be loaded). */
int otr_phone_region_known(const char *region);

/* Reads TYPED as a number dialled in REGION ("DE"; NULL when the site names
 * none: then only numbers written with "+" and a country code are read).
 * On success returns 0 and sets *PRINTED to the number as printed. On
 * failure sets *PROBLEM to what is wrong, in words that follow the quoted
 * number ("is too short for a phone number"), and returns -1 when the
 * number is wrong, -2 when it needs a region the site does not give (the
 * words then say how to fix that), -3 when the plugin cannot be loaded
 * (the words are then a sentence of their own: which file is missing and
 * what to install or reinstall). The string set is malloc'd: the caller
 * frees it. */
int otr_phone_parse(const char *typed, const char *region, char **printed,
                    char **problem);

/* An example number of REGION as printed ("+49 30 123456"), for messages;
 * malloc'd, the caller frees. A made-up German one when REGION is NULL or
 * unknown, or the plugin cannot be loaded. */
char *otr_phone_example(const char *region);

#ifdef __cplusplus
}
#endif

#endif
