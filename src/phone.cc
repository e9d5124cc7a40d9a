// Phone numbers through libphonenumber: see phone.h. Built as the plugin
// outreach-phone.so (phone_plugin.h), which phone.c loads when first needed.
#include "phone_plugin.h"

#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

#include <cstdlib>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

namespace
{

char *copy(const std::string &text)
{
    char *out = static_cast<char *>(std::malloc(text.size() + 1));
    if (!out)
        std::abort(); // out of memory: as otr_xmalloc does
    std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

// The digits of TEXT alone.
std::string digits_of(const char *text)
{
    std::string digits;
    for (const char *p = text; *p; p++)
        if (*p >= '0' && *p <= '9')
            digits += *p;
    return digits;
}

// The European harmonised numbers of social value, 116000 to 116999
// (Commission Decision 2007/116/EC): valid in every member state, though
// libphonenumber's metadata lists only some of them (116 016, the helpline
// against violence against women, is missing from 8.12).
bool is_eu_116(const std::string &digits)
{
    return digits.size() == 6 && digits.compare(0, 3, "116") == 0;
}

// A short number (110, 112, 116 117) as printed: its digits.
std::string short_printed(const std::string &digits)
{
    if (is_eu_116(digits))
        return digits.substr(0, 3) + " " + digits.substr(3);
    return digits;
}

std::string region_or_unknown(const char *region)
{
    return region && *region ? std::string(region) : std::string("ZZ");
}

// ShortNumberInfo reads all of libphonenumber's metadata again when it is
// made: made once, on the first number that is not a full one, and kept
// (C++11 makes the first use thread-safe).
const ShortNumberInfo &short_numbers()
{
    static const ShortNumberInfo *info = new ShortNumberInfo();
    return *info;
}

} // namespace

extern "C" int otr_phone_plugin_region_known(const char *region)
{
    if (!region || std::strlen(region) != 2)
        return 0;
    return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region) != 0;
}

extern "C" char *otr_phone_plugin_example(const char *region)
{
    PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber example;
    std::string text;
    if (otr_phone_plugin_region_known(region) &&
        util->GetExampleNumber(region, &example)) {
        util->Format(example, PhoneNumberUtil::INTERNATIONAL, &text);
        return copy(text);
    }
    return copy("+49 30 123456");
}

extern "C" int otr_phone_plugin_parse(const char *typed, const char *region,
                               char **printed, char **problem)
{
    *printed = nullptr;
    *problem = nullptr;
    PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    const std::string where = region_or_unknown(region);

    PhoneNumber number;
    PhoneNumberUtil::ErrorType error = util->Parse(typed, where, &number);
    switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        if (std::strchr(typed, '+') || digits_of(typed).rfind("00", 0) == 0)
            *problem = copy("has no country code known after \"+\" (or "
                            "\"00\")");
        else if (region && *region)
            *problem = copy("is written without a country code, and region \"" +
                            std::string(region) +
                            "\" of site.yaml is not a country whose numbers "
                            "are known: write the number with \"+\" and the "
                            "country code, or correct the region");
        else
            *problem = copy("is written without a country code, and site.yaml "
                            "names no region: write it with \"+\" and the "
                            "country code, or add \"region: DE\" (your "
                            "country) to site.yaml");
        return std::strchr(typed, '+') ? -1 : -2;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
        *problem = copy("is too short for a phone number");
        return -1;
    case PhoneNumberUtil::TOO_LONG_NSN:
        *problem = copy("is too long for a phone number");
        return -1;
    default:
        *problem = copy("does not look like a phone number");
        return -1;
    }

    if (util->IsValidNumber(number)) {
        std::string text;
        util->Format(number, PhoneNumberUtil::INTERNATIONAL, &text);
        *printed = copy(text);
        return 0;
    }
    const std::string national = std::to_string(number.national_number());
    const bool domestic =
        number.country_code() == util->GetCountryCodeForRegion(where);
    if ((domestic && is_eu_116(national)) ||
        short_numbers().IsValidShortNumber(number)) {
        *printed = copy(short_printed(national));
        return 0;
    }
    std::string calling = "+" + std::to_string(number.country_code());
    switch (util->IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::TOO_SHORT:
        *problem = copy("is too short for a phone number with " + calling);
        break;
    case PhoneNumberUtil::TOO_LONG:
        *problem = copy("is too long for a phone number with " + calling);
        break;
    default:
        *problem = copy("is not a phone number that exists with " + calling +
                        ": check the area code and the digits");
        break;
    }
    return -1;
}
