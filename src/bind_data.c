/* Data typed into prose: phone numbers, e-mail and web addresses and times
 * found in a right-to-left text and set in left-to-right isolates. */
#include "bind.h"

#include <glib.h>
#include <string.h>

#include "util.h"

/* A decimal digit of any script people type numbers in: ASCII, Arabic-Indic
 * (U+0660-0669), Extended Arabic-Indic (Persian, U+06F0-06F9). */
static int is_digit(gunichar c)
{
    return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
           (c >= 0x6F0 && c <= 0x6F9);
}

static int is_ascii_alnum(gunichar c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static gunichar at(const char *p)
{
    return *p ? g_utf8_get_char(p) : 0;
}

/* Punctuation that ends a sentence or clause rather than an address:
 * ASCII and the Arabic comma, semicolon and question mark. */
static int is_trailing_punct(gunichar c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
           c == '?' || c == ')' || c == '\'' || c == '"' || c == 0x60C ||
           c == 0x61B || c == 0x61F || c == 0xBB || c == 0x201D;
}

/* Length in bytes of the web address at P ("https://...", "www...."), or 0.
 * It runs to the next space, less the punctuation that ends the
 * sentence. */
static size_t web_address(const char *p)
{
    if (g_ascii_strncasecmp(p, "http://", 7) != 0 &&
        g_ascii_strncasecmp(p, "https://", 8) != 0 &&
        g_ascii_strncasecmp(p, "www.", 4) != 0)
        return 0;
    const char *end = p;
    while (*end && !g_unichar_isspace(at(end)) && at(end) != 0x2066 &&
           at(end) != 0x2068 && at(end) != 0x2069)
        end = g_utf8_next_char(end);
    while (end > p) {
        const char *prev = g_utf8_find_prev_char(p, end);
        if (!is_trailing_punct(at(prev)))
            break;
        end = prev;
    }
    return (size_t)(end - p);
}

/* Length of the e-mail address at P (local@domain.tld, ASCII), or 0. */
static size_t email_address(const char *p)
{
    const char *q = p;
    while (is_ascii_alnum((unsigned char)*q) || (*q && strchr("._%+-", *q)))
        q++;
    if (q == p || *q != '@')
        return 0;
    const char *domain = ++q;
    int dots = 0;
    while (is_ascii_alnum((unsigned char)*q) || (*q && strchr(".-", *q))) {
        dots += *q == '.';
        q++;
    }
    while (q > domain && (q[-1] == '.' || q[-1] == '-')) {
        dots -= q[-1] == '.';
        q--;
    }
    return dots > 0 && q > domain ? (size_t)(q - p) : 0;
}

/* Length of the time at P ("9:30", "14:00", "٩:٣٠", with seconds), or 0. */
static size_t time_of_day(const char *p)
{
    const char *q = p;
    int digits = 0;
    while (is_digit(at(q)) && digits < 3) {
        q = g_utf8_next_char(q);
        digits++;
    }
    if (digits < 1 || digits > 2)
        return 0;
    for (int part = 0; part < 2; part++) {
        if (*q != ':' || !is_digit(at(q + 1)))
            return part ? (size_t)(q - p) : 0;
        const char *d = q + 1;
        int n = 0;
        while (is_digit(at(d))) {
            d = g_utf8_next_char(d);
            n++;
        }
        if (n != 2)
            return part ? (size_t)(q - p) : 0;
        q = d;
    }
    return (size_t)(q - p);
}

/* Length of the phone number at P, or 0: an optional "+", then groups of
 * digits joined by single spaces, no-break spaces, hyphens, slashes or a
 * pair of brackets, seven digits or more in all (shorter groups are
 * counts, years and house numbers). */
static size_t phone_number(const char *p)
{
    const char *q = p;
    if (*q == '+')
        q++;
    const char *end = q;
    int digits = 0, open = 0;
    for (;;) {
        gunichar c = at(q);
        if (is_digit(c)) {
            digits++;
            q = g_utf8_next_char(q);
            end = q;
            continue;
        }
        const char *next = g_utf8_next_char(q);
        if (c == '(' && !open && is_digit(at(next))) {
            open = 1;
            q = next;
            continue;
        }
        if (c == ')' && open) {
            open = 0;
            q = next;
            end = q;
            if (*q == ' ' || at(q) == 0xA0)
                q = g_utf8_next_char(q);
            if (!is_digit(at(q)))
                break;
            continue;
        }
        if ((c == ' ' || c == 0xA0 || c == '-' || c == '/') &&
            (is_digit(at(next)) || (at(next) == '(' && !open))) {
            q = next;
            continue;
        }
        break;
    }
    if (open || digits < 7)
        return 0;
    return (size_t)(end - p);
}

/* The datum starting at P, or 0. */
static size_t datum(const char *p)
{
    size_t n = web_address(p);
    if (!n)
        n = email_address(p);
    if (!n && (*p == '+' || *p == '(' || is_digit(at(p)))) {
        n = phone_number(p);
        if (!n)
            n = time_of_day(p);
    }
    return n;
}

/* Whether a datum may start after the character before P: at the start,
 * after a space or an opening bracket or quote, not inside a word or a
 * number. */
static int at_boundary(const char *text, const char *p)
{
    if (p == text)
        return 1;
    gunichar prev = at(g_utf8_find_prev_char(text, p));
    return !g_unichar_isalnum(prev) && prev != '.' && prev != '@' &&
           prev != '+' && prev != ':' && prev != '/' && prev != '-' &&
           prev != '_';
}

/* Whether C opens or closes a directional isolate; counts *DEPTH, the
 * isolates open (the program's own or ones found in the text). */
static int isolate_control(gunichar c, int *depth)
{
    if (c == 0x2066 || c == 0x2067 || c == 0x2068) {
        ++*depth;
        return 1;
    }
    if (c == 0x2069) {
        *depth -= *depth > 0;
        return 1;
    }
    return 0;
}

char *otr_isolate_data(const char *text)
{
    otr_buf out = {0};
    int depth = 0;
    const char *p = text;
    while (*p) {
        gunichar c = at(p);
        const char *next = g_utf8_next_char(p);
        if (isolate_control(c, &depth)) {
            /* copied below */
        } else if (depth == 0 && at_boundary(text, p)) {
            size_t n = datum(p);
            if (n) {
                otr_buf_puts(&out, OTR_LRI);
                otr_buf_append(&out, p, n);
                otr_buf_puts(&out, OTR_PDI);
                p += n;
                continue;
            }
        }
        otr_buf_append(&out, p, (size_t)(next - p));
        p = next;
    }
    return otr_buf_take(&out);
}

/* The value 0-9 of a digit of any script at P, or -1. */
static int digit_value(gunichar c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 0x660 && c <= 0x669)
        return (int)(c - 0x660);
    if (c >= 0x6F0 && c <= 0x6F9)
        return (int)(c - 0x6F0);
    return -1;
}

/* Separators typed between the digits of one number: ASCII and the Arabic
 * decimal and thousands separators. */
static int is_number_separator(gunichar c)
{
    return c == '.' || c == ',' || c == 0x66B || c == 0x66C;
}

/* Copies the digits of TEXT[0..LEN) to OUT in DIGITS (NULL: ASCII), and
 * everything else as it is. */
static void copy_digits(otr_buf *out, const char *text, size_t len,
                        const otr_digits *digits)
{
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
        int d = digit_value(at(p));
        if (d >= 0 && digits)
            otr_buf_puts(out, digits->digit[d]);
        else if (d >= 0)
            otr_buf_printf(out, "%d", d);
        else
            otr_buf_append(out, p, (size_t)(g_utf8_next_char(p) - p));
    }
}

/* The script of the word beside a number: the letter before P, one space
 * back, or the letter at P, one space on. */
static int latin_word_before(const char *text, const char *p)
{
    if (p == text)
        return 0;
    const char *q = g_utf8_find_prev_char(text, p);
    if (at(q) != ' ' && at(q) != 0xA0)
        return 0;
    if (q == text)
        return 0;
    q = g_utf8_find_prev_char(text, q);
    return g_unichar_get_script(at(q)) == G_UNICODE_SCRIPT_LATIN;
}

static int latin_word_after(const char *p)
{
    if (at(p) != ' ' && at(p) != 0xA0)
        return 0;
    return g_unichar_get_script(at(g_utf8_next_char(p))) ==
           G_UNICODE_SCRIPT_LATIN;
}

/* Length of the number at P: digit groups joined by single separators. */
static size_t number_at(const char *p, int *groups, int *first_group)
{
    const char *q = p, *end = p;
    *groups = 0;
    *first_group = 0;
    while (digit_value(at(q)) >= 0) {
        int n = 0;
        while (digit_value(at(q)) >= 0) {
            q = g_utf8_next_char(q);
            n++;
        }
        if (!*groups)
            *first_group = n;
        ++*groups;
        end = q;
        if (!is_number_separator(at(q)) ||
            digit_value(at(g_utf8_next_char(q))) < 0)
            break;
        q = g_utf8_next_char(q);
    }
    return (size_t)(end - p);
}

/* Writes the number TEXT[0..LEN) in DIGITS: each digit, and each separator
 * as the decimal or grouping separator (a group of three digits after it
 * makes it a grouping separator: "1.500", "1,500"). */
static void write_number(otr_buf *out, const char *text, size_t len,
                         const otr_digits *digits)
{
    const char *end = text + len;
    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        gunichar c = at(p);
        int d = digit_value(c);
        if (d >= 0) {
            otr_buf_puts(out, digits->digit[d]);
            continue;
        }
        int after = 0;
        for (const char *q = g_utf8_next_char(p);
             q < end && digit_value(at(q)) >= 0; q = g_utf8_next_char(q))
            after++;
        otr_buf_puts(out, after == 3 ? digits->group : digits->decimal);
    }
}

/* Whether the number TEXT[0..LEN) is already written in DIGITS. */
static int in_digits(const char *text, size_t len, const otr_digits *digits)
{
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
        int d = digit_value(at(p));
        if (d >= 0 && strncmp(p, digits->digit[d], strlen(digits->digit[d])))
            return 0;
    }
    return 1;
}

/* Whether a number may start at P: not inside a number, a Latin word or
 * code ("A1"), an address or a path; after a letter of another script it
 * may ("و2026": Arabic writes "and" joined to the word). */
static int number_boundary(const char *text, const char *p)
{
    if (p == text)
        return 1;
    gunichar prev = at(g_utf8_find_prev_char(text, p));
    if (g_unichar_isalpha(prev))
        return g_unichar_get_script(prev) != G_UNICODE_SCRIPT_LATIN &&
               g_unichar_get_script(prev) != G_UNICODE_SCRIPT_CYRILLIC &&
               g_unichar_get_script(prev) != G_UNICODE_SCRIPT_GREEK;
    return !g_unichar_isdigit(prev) && digit_value(prev) < 0 && prev != '.' &&
           prev != ',' && prev != '@' && prev != '+' && prev != ':' &&
           prev != '/' && prev != '_' && prev != 0x66B && prev != 0x66C;
}

char *otr_localize_digits(const char *text, const otr_digits *digits)
{
    otr_buf out = {0};
    otr_buf_puts(&out, "");
    int depth = 0;
    const char *p = text;
    while (*p) {
        gunichar c = at(p);
        const char *next = g_utf8_next_char(p);
        if (isolate_control(c, &depth)) {
            /* copied below */
        } else if (depth == 0 && at_boundary(text, p)) {
            size_t n = web_address(p);
            if (!n)
                n = email_address(p);
            if (n) { /* as typed */
                otr_buf_append(&out, p, n);
                p += n;
                continue;
            }
            if (*p == '+' || *p == '(' || digit_value(c) >= 0) {
                if ((n = phone_number(p))) { /* dialled: Latin digits */
                    copy_digits(&out, p, n, NULL);
                    p += n;
                    continue;
                }
                if ((n = time_of_day(p))) {
                    copy_digits(&out, p, n, digits);
                    p += n;
                    continue;
                }
            }
        }
        if (depth == 0 && digit_value(c) >= 0 && number_boundary(text, p)) {
            size_t n = time_of_day(p);
            if (n) {
                copy_digits(&out, p, n, digits);
                p += n;
                continue;
            }
            int groups = 0, first = 0;
            n = number_at(p, &groups, &first);
            gunichar after = at(p + n);
            /* Part of a name or code ("A1", "5G"), a house number or
             * postcode beside a Latin word ("Johannesstraße 12", "99084
             * Erfurt"), or a postcode alone (five digits): as typed. */
            int latin = strcmp(digits->digit[0], "0") == 0;
            int keep =
                g_unichar_isalpha(after) || after == '_' || after == '@' ||
                (!latin &&
                 (latin_word_before(text, p) || latin_word_after(p + n))) ||
                (groups == 1 && first == 5) || in_digits(p, n, digits);
            if (keep)
                otr_buf_append(&out, p, n);
            else
                write_number(&out, p, n, digits);
            p += n;
            continue;
        }
        otr_buf_append(&out, p, (size_t)(next - p));
        p = next;
    }
    return otr_buf_take(&out);
}
