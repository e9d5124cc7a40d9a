/* International domain names: the one file that sees libidn2. */
#ifndef OTR_IDNA_H
#define OTR_IDNA_H

#include <stddef.h>

/* The LEN-byte host name HOST (UTF-8, e.g. "www.thüringen-hilft.de") in
 * the ASCII form DNS and QR scanners use ("www.xn--thringen-hilft-...").
 * Mapping and validity follow IDNA2008 with the UTS #46 non-transitional
 * mapping (lower case, NFC; "ß" stays "ß"), as browsers do. Returns a new
 * string (the caller frees), or NULL with *PROBLEM set to a static
 * sentence. */
char *otr_idna_to_ascii(const char *host, size_t len, const char **problem);

#endif
