#include "url.h"

#include <string.h>

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

int otr_url_is_web(const char *url)
{
    const char *host;
    if (strncmp(url, "https://", 8) == 0)
        host = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        host = url + 7;
    else
        return 0;
    if (!*host || *host == '/' || *host == '?' || *host == '#')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= ' ' || *p == 0x7F)
            return 0;
    }
    return 1;
}
