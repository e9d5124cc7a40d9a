#include "dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "util.h"

static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static const char *load(otr_dynlib *library)
{
    void *handle = dlopen(library->soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return otr_xasprintf("the library %s cannot be loaded: install the "
                             "Debian package %s",
                             library->soname, library->package);
    for (size_t i = 0; i < library->count; i++) {
        void *address = dlsym(handle, library->names[i]);
        if (!address)
            return otr_xasprintf("the library %s lacks the function %s (an "
                                 "older version?): install the Debian "
                                 "package %s",
                                 library->soname, library->names[i],
                                 library->package);
        /* POSIX: a function's address from dlsym is stored through a
         * pointer to the function pointer. */
        memcpy(library->slots[i], &address, sizeof address);
    }
    return NULL;
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
