/* The content-stream rewrite that puts black on the black plate. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pdfedit.h"

static char *rewrite(const char *content, int *changed)
{
    size_t length = 0;
    return otr_pdf_pure_black_content((const unsigned char *)content,
                                      strlen(content), &length, changed);
}

static void test_black_fill(void)
{
    int changed = 0;
    char *out = rewrite("q 0 0 0 rg BT /f-0-0 1 Tf [<01>]TJ ET Q", &changed);
    CHECK_STR(out, "q /OTRBlackOverprint gs 0 0 0 1 k BT /f-0-0 1 Tf "
                   "[<01>]TJ ET Q");
    CHECK(changed);
    free(out);
}

static void test_other_colours_knock_out(void)
{
    int changed = 1;
    char *out = rewrite("0.2 0.4 0.6 rg 0 0 10 10 re f\n/x5 Do\n1 g", &changed);
    CHECK_STR(out, "/OTRKnockout gs 0.2 0.4 0.6 rg 0 0 10 10 re f\n"
                   "/OTRKnockout gs /x5 Do\n/OTRKnockout gs 1 g");
    CHECK(!changed);
    free(out);
    /* A black stroke is not a fill: left alone. */
    out = rewrite("0 0 0 RG 1 w 0 0 m 5 5 l S", &changed);
    CHECK_STR(out, "0 0 0 RG 1 w 0 0 m 5 5 l S");
    free(out);
}

static void test_strings_and_images_untouched(void)
{
    int changed = 0;
    char *out = rewrite("BT (0 0 0 rg \\) 0 0 0 rg) Tj ET % 0 0 0 rg\n"
                        "BI /W 1 /H 1 ID 0 0 0 rg EI 0 0 0 rg",
                        &changed);
    CHECK_STR(out, "BT (0 0 0 rg \\) 0 0 0 rg) Tj ET % 0 0 0 rg\n"
                   "/OTRKnockout gs BI /W 1 /H 1 ID 0 0 0 rg EI "
                   "/OTRBlackOverprint gs 0 0 0 1 k");
    free(out);
    /* Grey that is not black, and black written other ways, stay. */
    out = rewrite("0 0 0.01 rg 0.0 0 0 rg", &changed);
    CHECK_STR(out, "/OTRKnockout gs 0 0 0.01 rg /OTRKnockout gs 0.0 0 0 rg");
    free(out);
}

int main(void)
{
    test_black_fill();
    test_other_colours_knock_out();
    test_strings_and_images_untouched();
    return check_report("test_pdfedit");
}
