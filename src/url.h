/* Building the portal's URLs from the templates in site.yaml. */
#ifndef OTR_URL_H
#define OTR_URL_H

#include <stddef.h>

typedef struct {
    const char *name;  /* as written between braces, e.g. "lang" */
    const char *value; /* NULL or "" expands to nothing */
    int raw;           /* 1: inserted verbatim (the base URL); 0: encoded */
} otr_url_var;

/* Expands "{name}" placeholders in TEMPLATE. Values are percent-encoded as
 * URL components unless marked raw; "{{" and "}}" give literal braces.
 * Returns a new string, or NULL with *BAD_AT set to the offset of an
 * unknown or unclosed placeholder. The caller frees. */
char *otr_url_expand(const char *tmpl, const otr_url_var *vars,
                     size_t var_count, size_t *bad_at);

/* A query parameter; an empty value leaves the parameter out. */
typedef struct {
    const char *key;
    const char *value;
} otr_url_param;

/* URL with the parameters appended as "?k=v&k=v" (or "&..." when URL has a
 * query already), keys and values percent-encoded. The caller frees. */
char *otr_url_add_query(const char *url, const otr_url_param *params,
                        size_t param_count);

/* The URL as printed for people to type: without "https://" or "http://"
 * and without a trailing "/". The caller frees. */
char *otr_url_display(const char *url);

/* 1 for an absolute http or https URL with a host, else 0. */
int otr_url_is_web(const char *url);

#endif
