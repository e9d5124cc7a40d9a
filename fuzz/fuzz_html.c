/* libFuzzer harness for the text that importers take from the web: editor
 * HTML (an Integreat page's content) and one-line fields. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = malloc(size + 1);
    if (!input)
        return 0;
    memcpy(input, data, size);
    input[size] = '\0';
    free(otr_html_to_text(input));
    free(otr_text_line(input));
    free(input);
    return 0;
}
