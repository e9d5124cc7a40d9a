/* Shared libraries loaded when a command first needs them, not when the
 * program starts: librsvg (image.c), libqpdf (pdfedit.c), libcurl
 * (http.c), libgs (pdfx.c), libmicrohttpd (serve.c) and libzip
 * (serve_zip.c) bring dozens of libraries of their own, which the dynamic
 * loader would otherwise map and relocate before every postcard
 * (bench/README.md, "Start-up"); jansson (import_integreat.c), libical
 * (recurrence.c) and libcsv (import_csv.c) serve the importers alone.
 *
 * The one file that wraps such a library lists the functions it calls and
 * gets a table of them, typed as the library's own header declares them:
 *
 *     #define RSVG_FUNCTIONS(X)                \
 *         X(rsvg_handle_new_from_data)         \
 *         X(rsvg_handle_render_document)
 *     OTR_DYNLIB(librsvg, "librsvg-2.so.2", "librsvg2-2", RSVG_FUNCTIONS);
 *
 * then calls otr_dynlib_load(&librsvg) before the first
 * lib.rsvg_handle_new_from_data(...). It keeps the library's include
 * folder but does not link the library.
 *
 * A C++ library cannot be called that way: a plugin of ours wraps it in C
 * functions (libphonenumber: outreach-phone.so, built from phone.cc), and
 * OTR_PLUGIN declares its table the same way. */
#ifndef OTR_DYNLIB_H
#define OTR_DYNLIB_H

#include <stddef.h>

typedef struct {
    const char *soname;       /* exact, with its ABI version: "libqpdf.so.29";
                                 for a plugin its file name */
    const char *package;      /* the Debian package that installs it; for a
                                 plugin, that of the library it wraps */
    int plugin;               /* 1: a plugin of ours, found beside the program
                                 (the folder of /proc/self/exe: the build
                                 tree) or else in OTR_PLUGINDIR (installed) */
    const char *const *names; /* the functions looked up, COUNT of them */
    void *const *slots;       /* where each address goes: a function pointer */
    size_t count;
    /* Set by otr_dynlib_load. */
    int tried;
    const char *error;
} otr_dynlib;

/* Loads LIBRARY (dlopen of its exact soname, RTLD_NOW | RTLD_LOCAL, or of
 * the plugin's full path, RTLD_LAZY | RTLD_LOCAL) and stores the address of
 * each of its functions in its slot, once per process; thread-safe. Returns
 * NULL when every function was found, else a one-line sentence for the user
 * that names the library and the Debian package to install, or for a plugin
 * where it was looked for and that outreach must be reinstalled (static: it
 * lives until exit), the same on every later call. The library is never
 * unloaded. */
const char *otr_dynlib_load(otr_dynlib *library);

/* Defines, in the wrapping file, the table `lib` with one function pointer
 * for each name FUNCTIONS lists, of the type the library's header declares
 * (GCC's and clang's __typeof__), and the otr_dynlib LIBRARY that fills
 * it from SONAME, which the Debian package PACKAGE installs. */
#define OTR_DYNLIB(library, soname_, package_, FUNCTIONS)                      \
    OTR_DYNLIB_TABLE_(library, soname_, package_, 0, FUNCTIONS)

/* The same for our plugin FILE ("outreach-phone.so"), which links the
 * library that the Debian package PACKAGE installs. */
#define OTR_PLUGIN(library, file_, package_, FUNCTIONS)                        \
    OTR_DYNLIB_TABLE_(library, file_, package_, 1, FUNCTIONS)

#define OTR_DYNLIB_TABLE_(library, soname_, package_, plugin_, FUNCTIONS)      \
    static struct {                                                            \
        FUNCTIONS(OTR_DYNLIB_FIELD_)                                           \
    } lib;                                                                     \
    static const char *const library##_names_[] = {                            \
        FUNCTIONS(OTR_DYNLIB_NAME_)};                                          \
    static void *const library##_slots_[] = {FUNCTIONS(OTR_DYNLIB_SLOT_)};     \
    static otr_dynlib library = {.soname = soname_,                            \
                                 .package = package_,                          \
                                 .plugin = plugin_,                            \
                                 .names = library##_names_,                    \
                                 .slots = library##_slots_,                    \
                                 .count = sizeof library##_names_ /            \
                                          sizeof *library##_names_}
#define OTR_DYNLIB_FIELD_(name) __typeof__(name) *name;
#define OTR_DYNLIB_NAME_(name) #name,
#define OTR_DYNLIB_SLOT_(name) &lib.name,

#endif
