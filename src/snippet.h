/* The HTML that puts an e-mail signature banner into a signature: the
 * banner image, linked to the portal's page, with alt text in the banner's
 * language. */
#ifndef OTR_SNIPPET_H
#define OTR_SNIPPET_H

#include "compose.h"

/* The snippet for LIST (which has snippet_link and snippet_alt), showing
 * the image IMAGE_NAME (a file name or URL, e.g. "email-signature-fa.png")
 * at the page's size in CSS px (1 px = 0.75 pt, CSS Values 4 section 6.2).
 * The element carries lang and dir (HTML Living Standard, "the lang and
 * dir attributes") so mail programs and screen readers read the alt text
 * in its language and direction. Every text is escaped for HTML. The
 * caller frees. */
char *otr_snippet_html(const otr_display_list *list, const char *image_name);

/* PNG_PATH's snippet file: NAME.png -> NAME.html (NAME + ".html" when it
 * has no extension). The caller frees. */
char *otr_snippet_path(const char *png_path);

#endif
