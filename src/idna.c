#include "idna.h"

#include <idn2.h>
#include <stdlib.h>

#include "util.h"

char *otr_idna_to_ascii(const char *host, size_t len, const char **problem)
{
    char *input = otr_xstrndup(host, len);
    char *ascii = NULL;
    int rc = idn2_to_ascii_8z(input, &ascii, IDN2_NONTRANSITIONAL);
    free(input);
    if (rc != IDN2_OK) {
        *problem = rc == IDN2_TOO_BIG_DOMAIN || rc == IDN2_TOO_BIG_LABEL
                       ? "the host name is too long"
                       : "the host name is not a valid international domain "
                         "name (IDNA2008)";
        return NULL;
    }
    /* idn2 allocates with malloc; hand over a copy of our own. */
    char *copy = otr_xstrdup(ascii);
    idn2_free(ascii);
    return copy;
}
