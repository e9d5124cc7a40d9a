/* libFuzzer harness for the images content and layouts name: the path
 * confinement, the file reading and the checks made before any decoding,
 * and PNG decoding from memory. (SVGs are checked but not handed to
 * librsvg: that is librsvg's own fuzzing.)
 *
 * Input: a first byte (bit 0: the file is a PNG, else an SVG), then the
 * name as content would write it, up to a newline, then the file's bytes.
 * The bytes go into ROOT/images/icon.png (or .svg); the name is resolved
 * against ROOT, and must never reach a file outside it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "util.h"

static char root[] = "/tmp/otr-fuzz-image-XXXXXX";

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static int ready;
    if (!ready) {
        if (!mkdtemp(root))
            abort();
        char *images = otr_path_join(root, "images");
        mkdir(images, 0700);
        free(images);
        ready = 1;
    }
    const char *file = data[0] & 1 ? "images/icon.png" : "images/icon.svg";
    const uint8_t *rest = data + 1;
    size_t left = size - 1;
    const uint8_t *newline = memchr(rest, '\n', left);
    size_t name_len = newline ? (size_t)(newline - rest) : 0;
    char *name = otr_xstrndup((const char *)rest, name_len);
    const uint8_t *bytes = newline ? newline + 1 : rest;
    size_t byte_count = left - (size_t)(bytes - rest);

    char *path = otr_path_join(root, file);
    if (write_file(path, bytes, byte_count) < 0)
        abort();

    /* The name as written: resolved inside ROOT or refused. */
    const char *problem = NULL;
    char *real = otr_confined_path(root, name, &problem);
    if (real && strncmp(real, root, strlen(root)) != 0)
        abort(); /* a name got out of its folder */
    free(real);

    /* The fixed file through the checks and, for a PNG, the decoder. */
    const char *error = NULL;
    otr_image_check_bytes(file, (const char *)bytes, byte_count, &error);
    if (data[0] & 1) {
        otr_image *image = otr_image_load(root, file, &error);
        otr_image_free(image);
    }
    unlink(path);
    free(path);
    free(name);
    return 0;
}
