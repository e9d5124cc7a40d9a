#include "phone.h"

#include "dynlib.h"
#include "phone_plugin.h"
#include "util.h"

/* libphonenumber, behind the plugin that wraps it in C, is loaded with the
 * first phone number, not for every document (dynlib.h). */
#define PHONE_FUNCTIONS(X)                                                     \
    X(otr_phone_plugin_example)                                                \
    X(otr_phone_plugin_parse)                                                  \
    X(otr_phone_plugin_region_known)
OTR_PLUGIN(plugin, "outreach-phone.so", "libphonenumber8", PHONE_FUNCTIONS);

/* The example of phone.h when the plugin is missing. */
#define EXAMPLE "+49 30 123456"

int otr_phone_region_known(const char *region)
{
    return !otr_dynlib_load(&plugin) &&
           lib.otr_phone_plugin_region_known(region);
}

int otr_phone_parse(const char *typed, const char *region, char **printed,
                    char **problem)
{
    const char *unloadable = otr_dynlib_load(&plugin);
    if (unloadable) {
        *printed = NULL;
        *problem = otr_xstrdup(unloadable);
        return -3;
    }
    return lib.otr_phone_plugin_parse(typed, region, printed, problem);
}

char *otr_phone_example(const char *region)
{
    if (otr_dynlib_load(&plugin))
        return otr_xstrdup(EXAMPLE);
    return lib.otr_phone_plugin_example(region);
}
