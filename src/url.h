/* Building the portal's URLs from the templates in site.yaml. */
#ifndef OTR_URL_H
#define OTR_URL_H

#include <stddef.h>

typedef struct {
    const char *name;  /* as written between braces, e.g. "lang" */
    const char *value; /* NULL or "" expands to nothing */
    int raw;           /* 1: inserted verbatim (the base URL); 0: encoded */
} otr_url_var;

/* Expands "{name}" placeholders in TEMPLATE. Values are percent-encoded as
 * URL components unless marked raw; "{{" and "}}" give literal braces.
 * Returns a new string, or NULL with *BAD_AT set to the offset of an
 * unknown or unclosed placeholder. The caller frees. */
char *otr_url_expand(const char *tmpl, const otr_url_var *vars,
                     size_t var_count, size_t *bad_at);

/* A query parameter; an empty value leaves the parameter out. */
typedef struct {
    const char *key;
    const char *value;
} otr_url_param;

/* URL with the parameters appended as "?k=v&k=v" (or "&..." when URL has a
 * query already), keys and values percent-encoded. The caller frees. */
char *otr_url_add_query(const char *url, const otr_url_param *params,
                        size_t param_count);

/* The URL as printed for people to type: without "https://" or "http://"
 * and without a trailing "/". The caller frees. */
char *otr_url_display(const char *url);

/* URL with its percent-encoded UTF-8 turned back into the characters it
 * stands for, as a person reads it: ".../ar/%D8%B3..." -> ".../ar/س..."
 * (RFC 3987 section 3.2, converting a URI to an IRI). Escapes of ASCII
 * bytes, of bytes that are not UTF-8, and of characters that would reorder
 * or hide text (controls, spaces, bidi and other format characters; RFC
 * 3987 section 4.1) stay as they are. For display only: links and QR codes
 * keep the URI. The caller frees. */
char *otr_url_to_iri(const char *url);

/* The longest URL a QR code carries: 250 bytes fit a version 11 symbol
 * at error correction M (251 bytes in byte mode, ISO/IEC 18004:2015 table
 * 7), 61 modules plus the quiet zone, which prints at 0.4 mm modules in a
 * frame of 28 mm. */
#define OTR_URL_MAX_BYTES 250

/* URL as QR codes and PDF links carry it: the host through IDNA (idna.h),
 * so "thüringen" becomes "xn--thringen-...", and bytes of the path, query
 * and fragment that RFC 3986 section 2 does not allow raw (non-ASCII,
 * '"', '<', '>', '\\', '^', '`', '{', '|', '}', a '%' not starting an
 * escape) percent-encoded. Refuses, with NULL and *PROBLEM set to a static
 * sentence: anything but an absolute http:// or https:// address with a
 * host, a user name before the host ("https://bank.de@evil.example"),
 * control characters or spaces anywhere, a host IDNA refuses, and a result
 * longer than OTR_URL_MAX_BYTES. The caller frees. */
char *otr_url_for_machines(const char *url, const char **problem);

/* 0 when otr_url_for_machines accepts URL, else -1 with *PROBLEM set. */
int otr_url_check(const char *url, const char **problem);

/* 1 when otr_url_check accepts URL, else 0. */
int otr_url_is_web(const char *url);

#endif
