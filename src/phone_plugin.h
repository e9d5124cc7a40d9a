/* The C interface of the plugin outreach-phone.so (phone.cc), the one
 * object that links libphonenumber, a C++ library whose static
 * initialisers (protobuf, abseil) and a dozen shared objects would
 * otherwise be loaded by every command. phone.c loads the plugin the first
 * time a phone number is read (dynlib.h) and calls these through it; they
 * do what phone.h says of the functions of the same name without
 * "_plugin". */
#ifndef OTR_PHONE_PLUGIN_H
#define OTR_PHONE_PLUGIN_H

#ifdef __cplusplus
extern "C" {
#endif

/* The plugin is built with hidden symbols; these are all it exports. */
#define OTR_PHONE_EXPORT __attribute__((visibility("default")))

OTR_PHONE_EXPORT int otr_phone_plugin_region_known(const char *region);
OTR_PHONE_EXPORT int otr_phone_plugin_parse(const char *typed,
                                            const char *region, char **printed,
                                            char **problem);
OTR_PHONE_EXPORT char *otr_phone_plugin_example(const char *region);

#ifdef __cplusplus
}
#endif

#endif
