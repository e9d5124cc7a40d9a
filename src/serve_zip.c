/* A campaign's output as one ZIP file, for the web page's download: the
 * only user of libzip. Names inside are relative to the folder, sorted, so
 * the same output gives the same list. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "dynlib.h"
#include "serve.h"

/* libzip, and the compression libraries it brings, is loaded when the
 * first ZIP is made (dynlib.h). */
#define ZIP_FUNCTIONS(X)                                                       \
    X(zip_close)                                                               \
    X(zip_discard)                                                             \
    X(zip_file_add)                                                            \
    X(zip_open)                                                                \
    X(zip_source_file)                                                         \
    X(zip_source_free)                                                         \
    X(zip_strerror)
OTR_DYNLIB(libzip, "libzip.so.4", "libzip4", ZIP_FUNCTIONS);

typedef struct {
    char **names;
    size_t count, cap;
} name_list;

static void collect(const char *root, const char *relative, name_list *list)
{
    size_t n = strlen(root) + strlen(relative) + 2;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s%s%s", root, *relative ? "/" : "", relative);
    DIR *dir = opendir(path);
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] == '.')
            continue; /* ".", "..", and files being written */
        size_t m = strlen(relative) + strlen(entry->d_name) + 2;
        char *name = malloc(m);
        char *full = malloc(n + m);
        if (!name || !full)
            abort();
        snprintf(name, m, "%s%s%s", relative, *relative ? "/" : "",
                 entry->d_name);
        snprintf(full, n + m, "%s/%s", root, name);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(root, name, list);
            free(name);
        } else if (S_ISREG(st.st_mode)) {
            if (list->count == list->cap) {
                list->cap = list->cap ? 2 * list->cap : 64;
                list->names = realloc(list->names, list->cap * sizeof(char *));
                if (!list->names)
                    abort();
            }
            list->names[list->count++] = name;
        } else {
            free(name);
        }
        free(full);
    }
    if (dir)
        closedir(dir);
    free(path);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int serve_zip_folder(const char *dir, const char *zip_path)
{
    const char *unloadable = otr_dynlib_load(&libzip);
    if (unloadable) {
        fprintf(stderr, "%s: error[E916]: cannot write the ZIP: %s\n", zip_path,
                unloadable);
        return -1;
    }
    name_list list = {0};
    collect(dir, "", &list);
    qsort(list.names, list.count, sizeof(char *), by_name);
    size_t n = strlen(zip_path) + 8;
    char *partial = malloc(n);
    if (!partial)
        abort();
    snprintf(partial, n, "%s.part", zip_path);
    int error = 0;
    zip_t *zip = lib.zip_open(partial, ZIP_CREATE | ZIP_TRUNCATE, &error);
    int status = zip ? 0 : -1;
    for (size_t i = 0; i < list.count && status == 0; i++) {
        size_t m = strlen(dir) + strlen(list.names[i]) + 2;
        char *path = malloc(m);
        if (!path)
            abort();
        snprintf(path, m, "%s/%s", dir, list.names[i]);
        zip_source_t *source = lib.zip_source_file(zip, path, 0, -1);
        if (!source || lib.zip_file_add(zip, list.names[i], source,
                                        ZIP_FL_ENC_UTF_8) < 0) {
            fprintf(stderr, "%s: error[E916]: cannot add to the ZIP: %s\n",
                    path, lib.zip_strerror(zip));
            lib.zip_source_free(source);
            status = -1;
        }
        free(path);
    }
    if (zip && status == 0 && lib.zip_close(zip) < 0) {
        fprintf(stderr, "%s: error[E916]: cannot write the ZIP: %s\n", zip_path,
                lib.zip_strerror(zip));
        status = -1;
    }
    if (zip && status < 0)
        lib.zip_discard(zip);
    if (status == 0 && rename(partial, zip_path) < 0)
        status = -1;
    if (status < 0)
        unlink(partial);
    for (size_t i = 0; i < list.count; i++)
        free(list.names[i]);
    free(list.names);
    free(partial);
    return status;
}
