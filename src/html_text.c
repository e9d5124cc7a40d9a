#include "html_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", "\xc2\xa0"},
    {"zwnj", "\xe2\x80\x8c"},
    {"zwj", "\xe2\x80\x8d"},
    {"shy", ""},
    {"lrm", ""},
    {"rlm", ""},
    {"ndash", "\xe2\x80\x93"},
    {"mdash", "\xe2\x80\x94"},
    {"hellip", "\xe2\x80\xa6"},
    {"euro", "\xe2\x82\xac"},
    {"laquo", "\xc2\xab"},
    {"raquo", "\xc2\xbb"},
    {"bdquo", "\xe2\x80\x9e"},
    {"ldquo", "\xe2\x80\x9c"},
    {"rdquo", "\xe2\x80\x9d"},
    {"lsquo", "\xe2\x80\x98"},
    {"rsquo", "\xe2\x80\x99"},
    {"sbquo", "\xe2\x80\x9a"},
    {"auml", "\xc3\xa4"},
    {"ouml", "\xc3\xb6"},
    {"uuml", "\xc3\xbc"},
    {"Auml", "\xc3\x84"},
    {"Ouml", "\xc3\x96"},
    {"Uuml", "\xc3\x9c"},
    {"szlig", "\xc3\x9f"},
    {"eacute", "\xc3\xa9"},
    {"egrave", "\xc3\xa8"},
    {"agrave", "\xc3\xa0"},
    {"ccedil", "\xc3\xa7"},
    {"copy", "\xc2\xa9"},
    {"middot", "\xc2\xb7"},
    {"bull", "\xe2\x80\xa2"},
    {"times", "\xc3\x97"},
    {"deg", "\xc2\xb0"},
    {"sect", "\xc2\xa7"},
};

static void put_codepoint(otr_buf *out, unsigned long c)
{
    char b[4];
    if (c < 0x80) {
        b[0] = (char)c;
        otr_buf_append(out, b, 1);
    } else if (c < 0x800) {
        b[0] = (char)(0xc0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3f));
        otr_buf_append(out, b, 2);
    } else if (c < 0x10000) {
        b[0] = (char)(0xe0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (char)(0x80 | (c & 0x3f));
        otr_buf_append(out, b, 3);
    } else {
        b[0] = (char)(0xf0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[3] = (char)(0x80 | (c & 0x3f));
        otr_buf_append(out, b, 4);
    }
}

/* Decodes the character reference at P ("&amp;", "&#x200c;"); returns the
 * bytes read, 0 when it is not one (the "&" is then kept). */
static size_t entity(const char *p, otr_buf *out)
{
    /* Only the next 12 bytes: a text of many "&" without ";" would
     * otherwise be searched to its end from each of them. */
    const char *semi = memchr(p, ';', strnlen(p, 13));
    if (!semi)
        return 0;
    size_t len = (size_t)(semi - p - 1);
    if (p[1] == '#') {
        char *end;
        unsigned long c = p[2] == 'x' || p[2] == 'X' ? strtoul(p + 3, &end, 16)
                                                     : strtoul(p + 2, &end, 10);
        if (end != semi || c == 0 || c > 0x10ffff ||
            (c >= 0xd800 && c <= 0xdfff))
            return 0;
        put_codepoint(out, c);
        return len + 2;
    }
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        if (strlen(entities[i].name) == len &&
            strncmp(p + 1, entities[i].name, len) == 0) {
            otr_buf_puts(out, entities[i].utf8);
            return len + 2;
        }
    }
    return 0;
}

/* Directional formatting characters are refused by the content loader
 * (the program sets its own); other controls mean nothing in print. */
static size_t unwanted_char(const unsigned char *p)
{
    if (p[0] == 0xe2 && p[1] == 0x80 &&
        ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f))
        return 3; /* U+202A..U+202E, U+200E, U+200F */
    if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
        return 3; /* U+2066..U+2069 */
    if (p[0] == 0xd8 && p[1] == 0x9c)
        return 2; /* U+061C ARABIC LETTER MARK */
    if (p[0] < 0x20 || p[0] == 0x7f)
        return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        return 2; /* C1 controls, U+0080..U+009F (U+009B starts an escape
                     sequence on some terminals) */
    return 0;
}

static int tag_is(const char *tag, size_t len, const char *name)
{
    size_t n = strlen(name);
    return len >= n && strncasecmp(tag, name, n) == 0 &&
           (len == n || !isalnum((unsigned char)tag[n]));
}

/* Editor HTML as plain text: paragraphs and list items on lines of their
 * own (items with a bullet), character references decoded, white space
 * folded as a browser would, ZWNJ kept. The caller frees. */
char *otr_html_to_text(const char *html)
{
    otr_buf raw = {0};
    otr_buf_puts(&raw, "");
    const char *p = html;
    int skip_content = 0; /* inside <script> or <style> */
    while (*p) {
        if (*p == '<') {
            const char *end = strchr(p, '>');
            if (!end)
                break;
            const char *tag = p + 1;
            int closing = *tag == '/';
            if (closing)
                tag++;
            size_t len = (size_t)(end - tag);
            if (tag_is(tag, len, "script") || tag_is(tag, len, "style"))
                skip_content = !closing;
            else if (tag_is(tag, len, "li") && !closing)
                otr_buf_puts(&raw, "\n\xe2\x80\xa2 ");
            else if (tag_is(tag, len, "br"))
                otr_buf_puts(&raw, "\n");
            else if (tag_is(tag, len, "p") || tag_is(tag, len, "div") ||
                     tag_is(tag, len, "ul") || tag_is(tag, len, "ol") ||
                     tag_is(tag, len, "li") || tag_is(tag, len, "tr") ||
                     (len >= 2 && (tag[0] == 'h' || tag[0] == 'H') &&
                      tag[1] >= '1' && tag[1] <= '6'))
                otr_buf_puts(&raw, "\n");
            else if (tag_is(tag, len, "td") || tag_is(tag, len, "th"))
                otr_buf_puts(&raw, " ");
            p = end + 1;
            continue;
        }
        if (skip_content) {
            p++;
            continue;
        }
        size_t n;
        if (*p == '&' && (n = entity(p, &raw)) > 0) {
            p += n;
            continue;
        }
        if (*p == '\n' || *p == '\t' || *p == '\r') {
            otr_buf_puts(&raw, " ");
            p++;
            continue;
        }
        if ((n = unwanted_char((const unsigned char *)p)) > 0) {
            p += n;
            continue;
        }
        otr_buf_append(&raw, p, 1);
        p++;
    }
    /* Fold: spaces within a line, blank and empty lines, and the decoded
     * text's own directional controls. */
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    const char *line = raw.data;
    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        otr_buf folded = {0};
        otr_buf_puts(&folded, "");
        for (size_t i = 0; i < len;) {
            size_t n = unwanted_char((const unsigned char *)line + i);
            if (line[i] == ' ' || (n > 0 && line[i] == '\n')) {
                if (folded.len && folded.data[folded.len - 1] != ' ')
                    otr_buf_puts(&folded, " ");
                i++;
            } else if (n > 0) {
                i += n;
            } else {
                otr_buf_append(&folded, line + i, 1);
                i++;
            }
        }
        size_t flen = folded.len;
        while (flen && folded.data[flen - 1] == ' ')
            flen--;
        int only_bullet =
            flen == 3 && strncmp(folded.data, "\xe2\x80\xa2", 3) == 0;
        if (flen > 0 && !only_bullet) {
            if (out.len)
                otr_buf_puts(&out, "\n");
            otr_buf_append(&out, folded.data, flen);
        }
        otr_buf_free(&folded);
        line = nl ? nl + 1 : NULL;
    }
    otr_buf_free(&raw);
    return otr_buf_take(&out);
}

/* A line of plain text (a title, an address) with white space folded and
 * control characters removed. The caller frees. */
char *otr_text_line(const char *text)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    for (const char *p = text; *p;) {
        size_t n = unwanted_char((const unsigned char *)p);
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            if (out.len && out.data[out.len - 1] != ' ')
                otr_buf_puts(&out, " ");
            p++;
        } else if (n > 0) {
            p += n;
        } else {
            otr_buf_append(&out, p, 1);
            p++;
        }
    }
    while (out.len && out.data[out.len - 1] == ' ')
        out.data[--out.len] = '\0';
    return otr_buf_take(&out);
}
