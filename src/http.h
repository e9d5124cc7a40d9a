/* Fetching a document over HTTP(S) with libcurl (the only file that sees
 * it): TLS certificates verified, a time-out, a size limit, and a message
 * a person can act on for each way it can fail. */
#ifndef OTR_HTTP_H
#define OTR_HTTP_H

#include <stddef.h>

#include "diag.h"

typedef struct {
    long status;   /* HTTP status code, e.g. 200 */
    char *body;    /* owned, NUL-terminated; LENGTH bytes */
    size_t length; /* bytes in BODY */
} otr_http_response;

/* GETs URL, following up to five redirects. A body over MAX_BYTES, no
 * answer within TIMEOUT_SECONDS (0: 60) or a transfer fault are reported
 * to DIAGS at URL and return -1; any HTTP status returns 0 with RESPONSE
 * filled (free it with otr_http_response_clear). */
int otr_http_get(const char *url, size_t max_bytes, long timeout_seconds,
                 otr_http_response *response, otr_diags *diags);
void otr_http_response_clear(otr_http_response *response);

#endif
