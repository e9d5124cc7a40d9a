/* Shared by the harnesses. */
#ifndef OTR_FUZZ_H
#define OTR_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "outreach.h"

/* Messages are formatted too (they quote what was typed), then dropped. */
static void fuzz_drain(const otr_diags *diags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    otr_diags_print(diags, out);
    fclose(out);
    free(text);
}

#endif
