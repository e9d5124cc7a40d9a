#include "url.h"

#include <stdlib.h>
#include <string.h>

#include "idna.h"
#include "util.h"

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

static void append_encoded(otr_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            otr_buf_append(out, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            otr_buf_append(out, esc, 3);
        }
    }
}

char *otr_url_expand(const char *tmpl, const otr_url_var *vars,
                     size_t var_count, size_t *bad_at)
{
    otr_buf out = {0};
    const char *p = tmpl;
    while (*p) {
        if (p[0] == '{' && p[1] == '{') {
            otr_buf_append(&out, "{", 1);
            p += 2;
            continue;
        }
        if (p[0] == '}' && p[1] == '}') {
            otr_buf_append(&out, "}", 1);
            p += 2;
            continue;
        }
        if (*p != '{') {
            otr_buf_append(&out, p, 1);
            p++;
            continue;
        }
        const char *close = strchr(p, '}');
        const otr_url_var *var = NULL;
        if (close) {
            size_t len = (size_t)(close - p - 1);
            for (size_t i = 0; i < var_count; i++) {
                if (strlen(vars[i].name) == len &&
                    memcmp(vars[i].name, p + 1, len) == 0) {
                    var = &vars[i];
                    break;
                }
            }
        }
        if (!var) {
            if (bad_at)
                *bad_at = (size_t)(p - tmpl);
            otr_buf_free(&out);
            return NULL;
        }
        if (var->value) {
            if (var->raw)
                otr_buf_puts(&out, var->value);
            else
                append_encoded(&out, var->value);
        }
        p = close + 1;
    }
    return otr_buf_take(&out);
}

char *otr_url_add_query(const char *url, const otr_url_param *params,
                        size_t param_count)
{
    otr_buf out = {0};
    otr_buf_puts(&out, url);
    char separator = strchr(url, '?') ? '&' : '?';
    for (size_t i = 0; i < param_count; i++) {
        if (!params[i].value || !params[i].value[0])
            continue;
        otr_buf_append(&out, &separator, 1);
        append_encoded(&out, params[i].key);
        otr_buf_append(&out, "=", 1);
        append_encoded(&out, params[i].value);
        separator = '&';
    }
    return otr_buf_take(&out);
}

char *otr_url_display(const char *url)
{
    const char *start = url;
    if (strncmp(start, "https://", 8) == 0)
        start += 8;
    else if (strncmp(start, "http://", 7) == 0)
        start += 7;
    size_t len = strlen(start);
    while (len > 0 && start[len - 1] == '/')
        len--;
    return otr_xstrndup(start, len);
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The byte of the escape "%XX" at P, or -1 when P holds none. */
static int escaped_byte(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] != '%' || !is_hex(u[1]) || !is_hex(u[2]))
        return -1;
    int hi = u[1] <= '9' ? u[1] - '0' : (u[1] | 0x20) - 'a' + 10;
    int lo = u[2] <= '9' ? u[2] - '0' : (u[2] | 0x20) - 'a' + 10;
    return hi * 16 + lo;
}

/* 1 for a code point an IRI shows as itself: not a C1 control, a space,
 * or a format character (bidi marks, embeddings and isolates, zero-width
 * characters, the BOM; Unicode general category Cf or Zs). */
static int shows_as_itself(unsigned long c)
{
    return !(c <= 0xA0 || c == 0xAD || c == 0x61C || c == 0x1680 ||
             (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
             (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF ||
             (c >= 0xFFF9 && c <= 0xFFFB));
}

char *otr_url_to_iri(const char *url)
{
    otr_buf out = {0};
    const char *p = url;
    while (*p) {
        char bytes[5] = {0};
        int lead = escaped_byte(p), n = 0;
        if (lead >= 0xC2) {
            int want = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            for (n = 0; n < want; n++) {
                int b = escaped_byte(p + 3 * n);
                if (b < 0x80)
                    break;
                bytes[n] = (char)b;
            }
            if (n != want || otr_utf8_length(bytes) != want)
                n = 0;
        }
        if (n > 0) {
            const unsigned char *u = (const unsigned char *)bytes;
            unsigned long c = u[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (int i = 1; i < n; i++)
                c = (c << 6) | (u[i] & 0x3F);
            if (!shows_as_itself(c))
                n = 0;
        }
        if (n > 0) {
            otr_buf_append(&out, bytes, (size_t)n);
            p += 3 * n;
        } else {
            otr_buf_append(&out, p, 1);
            p++;
        }
    }
    return otr_buf_take(&out);
}

/* Control characters: C0, DEL, and C1 (U+0080..U+009F, UTF-8 C2 80..9F);
 * spaces: ASCII and the Unicode spaces a URL cannot hold either. */
static int has_control_or_space(const unsigned char *p)
{
    for (; *p; p++) {
        if (*p <= ' ' || *p == 0x7F)
            return 1;
        if (p[0] == 0xC2 && (p[1] >= 0x80 && p[1] <= 0xA0))
            return 1; /* C1 controls and U+00A0 no-break space */
        if (p[0] == 0xE2 && p[1] == 0x80 &&
            ((p[2] >= 0x80 && p[2] <= 0x8F) || p[2] == 0xA8 || p[2] == 0xA9 ||
             p[2] == 0xAF))
            return 1; /* U+2000..U+200F spaces and marks, U+2028/9, U+202F */
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            return 1; /* U+3000 ideographic space */
    }
    return 0;
}

static void append_path_byte(otr_buf *out, const unsigned char *p)
{
    static const char hex[] = "0123456789ABCDEF";
    int escape = *p >= 0x80 || strchr("\"<>\\^`{|}", *p) != NULL ||
                 (*p == '%' && !(is_hex(p[1]) && is_hex(p[2])));
    if (escape) {
        char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        otr_buf_append(out, esc, 3);
    } else {
        otr_buf_append(out, (const char *)p, 1);
    }
}

char *otr_url_for_machines(const char *url, const char **problem)
{
    const char *scheme;
    if (strncmp(url, "https://", 8) == 0)
        scheme = "https://";
    else if (strncmp(url, "http://", 7) == 0)
        scheme = "http://";
    else {
        *problem = "a web address must start with https:// or http://";
        return NULL;
    }
    if (has_control_or_space((const unsigned char *)url)) {
        *problem = "a web address cannot hold spaces or control characters";
        return NULL;
    }
    const char *authority = url + strlen(scheme);
    size_t authority_len = strcspn(authority, "/?#");
    if (memchr(authority, '@', authority_len)) {
        *problem = "a web address must not hold a user name (the part "
                   "before \"@\" would be read as one)";
        return NULL;
    }
    /* The host, then an optional ":port". */
    size_t host_len = authority_len;
    const char *colon = NULL;
    if (authority[0] == '[') {
        const char *close = memchr(authority, ']', authority_len);
        if (!close) {
            *problem = "the host name is not closed with \"]\"";
            return NULL;
        }
        host_len = (size_t)(close - authority) + 1;
        if (host_len < authority_len)
            colon = authority + host_len;
    } else {
        colon = memchr(authority, ':', authority_len);
        if (colon)
            host_len = (size_t)(colon - authority);
    }
    if (colon) {
        const char *port = colon + 1;
        size_t port_len = authority_len - (size_t)(port - authority);
        if (*colon != ':' || port_len == 0 || port_len > 5 ||
            strspn(port, "0123456789") < port_len) {
            *problem = "the port after \":\" must be a number";
            return NULL;
        }
    }
    if (host_len == 0) {
        *problem = "a web address needs a host name after the //";
        return NULL;
    }
    char *host = NULL;
    if (authority[0] == '[') {
        host = otr_xstrndup(authority, host_len);
        if (strspn(host + 1, "0123456789abcdefABCDEF:.") + 2 != host_len) {
            *problem = "the address in [ ] is not an IPv6 address";
            free(host);
            return NULL;
        }
    } else {
        host = otr_idna_to_ascii(authority, host_len, problem);
        if (!host)
            return NULL;
        /* Letters, digits, hyphens and dots (RFC 1123 section 2.1; '_'
         * as some hosts have it), no empty label but a final dot. */
        size_t n = strlen(host);
        if (strspn(host, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") < n ||
            host[0] == '.' || strstr(host, "..")) {
            *problem = "the host name may hold only letters, digits, "
                       "hyphens and dots between its parts";
            free(host);
            return NULL;
        }
    }

    otr_buf out = {0};
    otr_buf_puts(&out, scheme);
    otr_buf_puts(&out, host);
    free(host);
    if (colon)
        otr_buf_append(&out, colon, authority_len - host_len);
    for (const unsigned char *p =
             (const unsigned char *)authority + authority_len;
         *p; p++)
        append_path_byte(&out, p);
    char *result = otr_buf_take(&out);
    if (strlen(result) > OTR_URL_MAX_BYTES) {
        *problem = "the web address is longer than the 250 characters a QR "
                   "code can hold at a printable size";
        free(result);
        return NULL;
    }
    return result;
}

int otr_url_check(const char *url, const char **problem)
{
    char *encoded = otr_url_for_machines(url, problem);
    int rc = encoded ? 0 : -1;
    free(encoded);
    return rc;
}

int otr_url_is_web(const char *url)
{
    const char *problem;
    return otr_url_check(url, &problem) == 0;
}
