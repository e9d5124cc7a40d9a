#include "http.h"

/* curl.h's type-checking macros for curl_easy_setopt and curl_easy_getinfo
 * would stand in the way of calls through the function table below. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "util.h"

/* libcurl and the two dozen libraries it brings (TLS, HTTP/2, LDAP,
 * Kerberos...) are loaded with the first web request, not for every
 * document (dynlib.h). */
#define CURL_FUNCTIONS(X)                                                      \
    X(curl_easy_cleanup)                                                       \
    X(curl_easy_getinfo)                                                       \
    X(curl_easy_init)                                                          \
    X(curl_easy_perform)                                                       \
    X(curl_easy_setopt)                                                        \
    X(curl_easy_strerror)                                                      \
    X(curl_global_init)
OTR_DYNLIB(libcurl, "libcurl.so.4", "libcurl4", CURL_FUNCTIONS);

typedef struct {
    otr_buf body;
    size_t max;
    int too_big;
} sink;

static size_t receive(char *data, size_t size, size_t count, void *user)
{
    sink *s = user;
    size_t len = size * count;
    if (s->body.len + len > s->max) {
        s->too_big = 1;
        return 0; /* stops the transfer */
    }
    otr_buf_append(&s->body, data, len);
    return len;
}

int otr_http_get(const char *url, size_t max_bytes, long timeout_seconds,
                 otr_http_response *response, otr_diags *diags)
{
    memset(response, 0, sizeof(*response));
    otr_mark mark = {url, 0, 0};
    const char *unloadable = otr_dynlib_load(&libcurl);
    if (unloadable) {
        otr_error_at(diags, mark, 660, "cannot make a web request: %s",
                     unloadable);
        return -1;
    }
    static int initialised;
    if (!initialised) {
        lib.curl_global_init(CURL_GLOBAL_DEFAULT);
        initialised = 1;
    }
    CURL *curl = lib.curl_easy_init();
    if (!curl) {
        otr_error_at(diags, mark, 660, "cannot start a web request");
        return -1;
    }
    sink s = {{0}, max_bytes, 0};
    otr_buf_puts(&s.body, "");
    char error[CURL_ERROR_SIZE] = "";
    long timeout = timeout_seconds > 0 ? timeout_seconds : 60;
    lib.curl_easy_setopt(curl, CURLOPT_URL, url);
    lib.curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    lib.curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    lib.curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    lib.curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    lib.curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    lib.curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    lib.curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                         timeout < 20 ? timeout : 20);
    lib.curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
    lib.curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                         (curl_off_t)max_bytes);
    lib.curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    lib.curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    lib.curl_easy_setopt(curl, CURLOPT_USERAGENT, "outreach-import/1");
    lib.curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
    lib.curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, receive);
    lib.curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
    lib.curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    CURLcode code = lib.curl_easy_perform(curl);
    long status = 0;
    lib.curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    lib.curl_easy_cleanup(curl);
    if (code == CURLE_OK) {
        response->status = status;
        response->length = s.body.len;
        response->body = otr_buf_take(&s.body);
        return 0;
    }
    otr_buf_free(&s.body);
    if (s.too_big || code == CURLE_FILESIZE_EXCEEDED)
        otr_error_at(diags, mark, 661,
                     "the answer is larger than %zu MiB, more than any "
                     "region's data: refused",
                     max_bytes >> 20);
    else if (code == CURLE_OPERATION_TIMEDOUT)
        otr_error_at(diags, mark, 662,
                     "no complete answer within %ld seconds: the server is "
                     "slow or unreachable; try again later",
                     timeout);
    else if (code == CURLE_PEER_FAILED_VERIFICATION ||
             code == CURLE_SSL_CACERT_BADFILE ||
             code == CURLE_SSL_CONNECT_ERROR)
        otr_error_at(diags, mark, 663,
                     "the server's certificate cannot be trusted (%s): "
                     "the connection was not used",
                     error[0] ? error : lib.curl_easy_strerror(code));
    else if (code == CURLE_COULDNT_RESOLVE_HOST ||
             code == CURLE_COULDNT_CONNECT)
        otr_error_at(diags, mark, 664,
                     "cannot reach the server (%s): check the address and "
                     "the network",
                     error[0] ? error : lib.curl_easy_strerror(code));
    else if (code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR)
        otr_error_at(diags, mark, 611, "the answer was cut off (%s); try again",
                     error[0] ? error : lib.curl_easy_strerror(code));
    else
        otr_error_at(diags, mark, 665, "the request failed: %s",
                     error[0] ? error : lib.curl_easy_strerror(code));
    return -1;
}

void otr_http_response_clear(otr_http_response *response)
{
    free(response->body);
    memset(response, 0, sizeof(*response));
}
