/* Phone numbers: however staff type a number, it prints in one form, and
 * what is not a number that can be dialled is refused in plain words. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "phone.h"

/* PRINTED for TYPED in REGION, or "error: PROBLEM". Caller frees. */
static char *run(const char *typed, const char *region)
{
    char *printed = NULL, *problem = NULL;
    int rc = otr_phone_parse(typed, region, &printed, &problem);
    CHECK((rc == 0) == (printed != NULL) && (rc == 0) == (problem == NULL));
    if (rc == 0)
        return printed;
    size_t n = strlen(problem) + 8;
    char *out = malloc(n);
    snprintf(out, n, "error: %s", problem);
    free(problem);
    return out;
}

#define EXPECT_PHONE(typed, region, expected)                                  \
    do {                                                                       \
        char *got_ = run((typed), (region));                                   \
        CHECK_STR(got_, expected);                                             \
        free(got_);                                                            \
    } while (0)

static void test_one_number_five_spellings(void)
{
    static const char *const spellings[] = {"0361/555 01-99", "(0361) 555-0199",
                                            "+49 361 5550199",
                                            "0049 361 5550199", "0361 5550199"};
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++)
        EXPECT_PHONE(spellings[i], "DE", "+49 361 5550199");
    EXPECT_PHONE("0361/123 45-67", "DE", "+49 361 1234567");
    EXPECT_PHONE("03641 555 0100", "DE", "+49 3641 5550100");
    EXPECT_PHONE("0170 1234567", "DE", "+49 170 1234567");
    /* Written with its country code, a number needs no region. */
    EXPECT_PHONE("+49 (0)361 555 0199", NULL, "+49 361 5550199");
    /* A foreign number keeps its own country's grouping. */
    EXPECT_PHONE("+33 1 42 68 53 00", "DE", "+33 1 42 68 53 00");
    EXPECT_PHONE("0033 1 42 68 53 00", "DE", "+33 1 42 68 53 00");
}

static void test_short_numbers(void)
{
    EXPECT_PHONE("110", "DE", "110");
    EXPECT_PHONE("112", "DE", "112");
    EXPECT_PHONE("115", "DE", "115");
    EXPECT_PHONE("116 117", "DE", "116 117");
    EXPECT_PHONE("116117", "DE", "116 117");
    /* Missing from libphonenumber's metadata, valid all over the EU. */
    EXPECT_PHONE("116 016", "DE", "116 016");
    EXPECT_PHONE("116 111", "DE", "116 111");
}

static void test_refused(void)
{
    EXPECT_PHONE("call us on Tuesdays", "DE",
                 "error: does not look like a phone number");
    EXPECT_PHONE("0361 55", "DE",
                 "error: is not a phone number that exists with +49: check "
                 "the area code and the digits");
    EXPECT_PHONE("0361 5550199 5550199 555", "DE",
                 "error: is too long for a phone number");
    EXPECT_PHONE("+999 123456", "DE",
                 "error: has no country code known after \"+\" (or \"00\")");
    EXPECT_PHONE("0361 5550199", NULL,
                 "error: is written without a country code, and site.yaml "
                 "names no region: write it with \"+\" and the country "
                 "code, or add \"region: DE\" (your country) to site.yaml");
    /* 116 numbers are short numbers at home, not after a country code. */
    EXPECT_PHONE("+33 116 016", "DE",
                 "error: is too short for a phone number with +33");
}

static void test_regions(void)
{
    CHECK(otr_phone_region_known("DE"));
    CHECK(otr_phone_region_known("AT"));
    CHECK(!otr_phone_region_known("XX"));
    CHECK(!otr_phone_region_known("de"));
    CHECK(!otr_phone_region_known(NULL));
    char *example = otr_phone_example("DE");
    CHECK_STR(example, "+49 30 123456");
    free(example);
}

int main(void)
{
    test_one_number_five_spellings();
    test_short_numbers();
    test_refused();
    test_regions();
    return check_report("test_phone");
}
