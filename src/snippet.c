#include "snippet.h"

#include <math.h>
#include <string.h>

#include "util.h"

/* Text escaped for an HTML attribute value in double quotes or for element
 * content: & < > " ' become character references. */
static void put_escaped(otr_buf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&':
            otr_buf_puts(out, "&amp;");
            break;
        case '<':
            otr_buf_puts(out, "&lt;");
            break;
        case '>':
            otr_buf_puts(out, "&gt;");
            break;
        case '"':
            otr_buf_puts(out, "&quot;");
            break;
        case '\'':
            otr_buf_puts(out, "&#39;");
            break;
        default:
            otr_buf_append(out, p, 1);
        }
    }
}

char *otr_snippet_html(const otr_display_list *list, const char *image_name)
{
    /* pt -> CSS px: 1 px = 1/96 in, 1 pt = 1/72 in. */
    long width = lround(list->width * 96.0 / 72.0);
    long height = lround(list->height * 96.0 / 72.0);
    otr_buf out = {0};
    otr_buf_puts(&out, "<a href=\"");
    put_escaped(&out, list->snippet_link);
    otr_buf_puts(&out, "\" lang=\"");
    put_escaped(&out, list->lang);
    otr_buf_printf(&out, "\" dir=\"%s\"><img src=\"",
                   list->rtl ? "rtl" : "ltr");
    put_escaped(&out, image_name);
    otr_buf_printf(&out, "\" width=\"%ld\" height=\"%ld\" alt=\"", width,
                   height);
    put_escaped(&out, list->snippet_alt);
    otr_buf_puts(&out, "\" style=\"display:block;border:0\"></a>\n");
    return otr_buf_take(&out);
}

char *otr_snippet_path(const char *png_path)
{
    const char *slash = strrchr(png_path, '/');
    const char *dot = strrchr(png_path, '.');
    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : png_path))
        return otr_xasprintf("%s.html", png_path);
    return otr_xasprintf("%.*s.html", (int)(dot - png_path), png_path);
}
