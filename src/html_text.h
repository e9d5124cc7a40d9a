/* Text from the web for print: editor HTML as plain text, and one-line
 * fields cleaned. No third-party library. */
#ifndef OTR_HTML_TEXT_H
#define OTR_HTML_TEXT_H

/* HTML as a CMS's editor writes it, as plain text: paragraphs, headings,
 * list items and <br> on lines of their own (list items after "• "),
 * character references decoded (HTML 5 named ones in common use and all
 * numeric ones; &nbsp; stays U+00A0, &zwnj; stays U+200C), white space
 * folded as a browser would, <script>/<style> dropped, and directional
 * formatting characters (U+200E, U+200F, U+061C, U+202A..U+202E,
 * U+2066..U+2069) and other controls removed. Returns a new string (UTF-8,
 * no trailing newline); the caller frees. */
char *otr_html_to_text(const char *html);

/* A one-line plain text (a title, an address) with white space folded and
 * control and directional formatting characters removed. The caller
 * frees. */
char *otr_text_line(const char *text);

#endif
