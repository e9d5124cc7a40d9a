#include "dynlib.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef OTR_PLUGINDIR
#error "OTR_PLUGINDIR: where `cmake --install` puts the plugins"
#endif

static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

/* The folder of the running program (the build tree, or the installed
 * bin/), or NULL when the system does not say. The caller frees. */
static char *program_folder(void)
{
    char path[4096];
    ssize_t len = readlink("/proc/self/exe", path, sizeof path);
    if (len <= 0 || (size_t)len >= sizeof path)
        return NULL;
    path[len] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return otr_xstrdup(path[0] ? path : "/");
}

/* Opens the plugin LIBRARY from the first of its folders that holds it;
 * sets *PATH to where it was found (the caller frees), NULL when nowhere.
 * Returns the handle, or NULL with *ERROR set. */
static void *open_plugin(otr_dynlib *library, char **path, const char **error)
{
    char *beside = program_folder();
    const char *folders[] = {beside, OTR_PLUGINDIR};
    void *handle = NULL;
    *path = NULL;
    for (size_t i = 0; i < 2 && !*path; i++) {
        if (!folders[i])
            continue;
        char *candidate = otr_path_join(folders[i], library->soname);
        if (access(candidate, F_OK) != 0) {
            free(candidate);
            continue;
        }
        *path = candidate;
        struct stat st;
        if (stat(candidate, &st) != 0 || !S_ISREG(st.st_mode)) {
            /* A folder or a pipe would fail, or block dlopen for ever. */
            *error = otr_xasprintf("the plugin %s is not a file: reinstall "
                                   "outreach (cmake --install build, in its "
                                   "source folder)",
                                   candidate);
            break;
        }
        /* Lazy binding, as the program's own libraries have: the plugin's
         * functions are checked by dlsym below, and binding the thousands
         * of symbols of libphonenumber, protobuf and abseil at once would
         * cost a flyer 4 % more instructions (callgrind). */
        if (!(handle = dlopen(candidate, RTLD_LAZY | RTLD_LOCAL)))
            *error = otr_xasprintf("the plugin %s cannot be loaded (%s): "
                                   "install the Debian package %s, or "
                                   "reinstall outreach",
                                   candidate, dlerror(), library->package);
    }
    if (!*path)
        *error = otr_xasprintf("the plugin %s is missing (it is neither "
                               "beside the program, in %s, nor in %s): "
                               "reinstall outreach (cmake --install build, "
                               "in its source folder)",
                               library->soname, beside ? beside : "?",
                               OTR_PLUGINDIR);
    free(beside);
    return handle;
}

static const char *load(otr_dynlib *library)
{
    const char *error = NULL;
    char *path = NULL;
    void *handle;
    if (library->plugin)
        handle = open_plugin(library, &path, &error);
    else if (!(handle = dlopen(library->soname, RTLD_NOW | RTLD_LOCAL)))
        error = otr_xasprintf("the library %s cannot be loaded: install the "
                              "Debian package %s",
                              library->soname, library->package);
    for (size_t i = 0; handle && !error && i < library->count; i++) {
        void *address = dlsym(handle, library->names[i]);
        if (!address && library->plugin)
            error = otr_xasprintf("the plugin %s lacks the function %s (of "
                                  "another version of outreach?): reinstall "
                                  "outreach",
                                  path, library->names[i]);
        else if (!address)
            error = otr_xasprintf("the library %s lacks the function %s (an "
                                  "older version?): install the Debian "
                                  "package %s",
                                  library->soname, library->names[i],
                                  library->package);
        else /* POSIX: a function's address from dlsym is stored through a
              * pointer to the function pointer. */
            memcpy(library->slots[i], &address, sizeof address);
    }
    free(path);
    return error;
}

const char *otr_dynlib_load(otr_dynlib *library)
{
    pthread_mutex_lock(&loading);
    if (!library->tried) {
        library->error = load(library);
        library->tried = 1;
    }
    const char *error = library->error;
    pthread_mutex_unlock(&loading);
    return error;
}
