/* One file per product (see products.h). */
#include "products.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw.h"
#include "pdfedit.h"
#include "util.h"

/* One product: a layout in one language. */
typedef struct {
    const char *layout, *lang;
    char *name;   /* "LAYOUT-LANG.pdf"; owned */
    size_t *docs; /* positions in DOCS; owned */
    size_t count, cap;
    size_t failed, pages;
} product;

/* 1 for a name this code gives: "LAYOUT-LANG.pdf", lowercase letters,
 * digits and hyphens. A products.csv edited by hand removes nothing
 * else. */
static int product_name(const char *name)
{
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".pdf") != 0)
        return 0;
    for (size_t i = 0; i + 4 < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

/* The files products.csv of an earlier run lists (the first column),
 * NULL-terminated; NULL when there is none. */
static char **earlier_products(const char *csv_path)
{
    FILE *f = fopen(csv_path, "r");
    if (!f)
        return NULL;
    char **names = NULL;
    size_t count = 0, cap = 0;
    char *line = NULL;
    size_t size = 0;
    int header = 1;
    while (getline(&line, &size, f) > 0) {
        line[strcspn(line, ",\r\n")] = '\0';
        if (header) {
            header = 0;
            continue;
        }
        if (!product_name(line))
            continue;
        names = otr_grow(names, &cap, count + 2, sizeof(char *));
        names[count++] = otr_xstrdup(line);
        names[count] = NULL;
    }
    free(line);
    fclose(f);
    return names;
}

static void remove_product(const char *folder, const char *name, FILE *progress,
                           int *removed)
{
    char *path = otr_path_join(folder, name);
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0) {
        if (progress) {
            if (!*removed)
                fputs("Removed per-product files this run does not make:\n",
                      progress);
            fprintf(progress, "  %s/%s\n", OTR_PRODUCTS_FOLDER, name);
        }
        (*removed)++;
    }
    free(path);
}

/* Joins the documents of P into FOLDER/P->name. */
static int join_product(const char *out_dir, const char *folder,
                        const otr_campaign *campaign, const size_t *docs,
                        const product *p, otr_diags *diags)
{
    const char **paths = otr_xcalloc(p->count + 1, sizeof(char *));
    const char **labels = otr_xcalloc(p->count + 1, sizeof(char *));
    for (size_t i = 0; i < p->count; i++) {
        const otr_document *doc = &campaign->documents[docs[p->docs[i]]];
        paths[i] = otr_path_join(out_dir, doc->path);
        labels[i] = doc->record_id ? doc->record_id : doc->layout->name;
    }
    char *final = otr_path_join(folder, p->name);
    char *temp = otr_xasprintf("%s/.%s.XXXXXX", folder, p->name);
    int rc = -1;
    int fd = mkstemp(temp);
    const char *error = NULL;
    if (fd < 0) {
        otr_error_at(diags, ((otr_mark){final, 0, 0}), 544,
                     "cannot write the per-product file: %s", strerror(errno));
    } else {
        close(fd);
        otr_temp_remember(temp);
        if (otr_pdf_join_labelled(paths, labels, p->count, temp, &error) < 0)
            otr_error_at(diags, ((otr_mark){final, 0, 0}), 544,
                         "cannot write the per-product file: %s", error);
        else if (rename(temp, final) != 0)
            otr_error_at(diags, ((otr_mark){final, 0, 0}), 544,
                         "cannot write the per-product file: %s",
                         strerror(errno));
        else
            rc = 0;
        if (rc < 0)
            unlink(temp);
        otr_temp_forget(temp);
    }
    for (size_t i = 0; i < p->count; i++)
        free((char *)paths[i]);
    free(paths);
    free(labels);
    free(final);
    free(temp);
    return rc;
}

static int write_list(const char *folder, const product *products, size_t n,
                      otr_diags *diags)
{
    char *path = otr_path_join(folder, "products.csv");
    char *temp = otr_xasprintf("%s.tmp", path);
    otr_temp_remember(temp);
    FILE *csv = fopen(temp, "w");
    int rc = -1;
    if (csv) {
        fputs("file,layout,language,documents,pages\n", csv);
        for (size_t i = 0; i < n; i++) {
            if (products[i].failed)
                continue;
            char documents[32], pages[32];
            snprintf(documents, sizeof documents, "%zu", products[i].count);
            snprintf(pages, sizeof pages, "%zu", products[i].pages);
            const char *fields[5] = {products[i].name, products[i].layout,
                                     products[i].lang, documents, pages};
            for (int f = 0; f < 5; f++)
                otr_csv_field(csv, fields[f], f == 4);
        }
        int failed = ferror(csv);
        failed |= fclose(csv) != 0;
        rc = failed || rename(temp, path) != 0 ? -1 : 0;
    }
    if (rc < 0) {
        otr_error_at(diags, ((otr_mark){path, 0, 0}), 544,
                     "cannot write the list of per-product files");
        unlink(temp);
    }
    otr_temp_forget(temp);
    free(temp);
    free(path);
    return rc;
}

int otr_write_products(const char *out_dir, const otr_campaign *campaign,
                       const size_t *docs, const int *failed,
                       const size_t *pages, size_t count, int make,
                       FILE *progress, otr_diags *diags)
{
    char *folder = otr_path_join(out_dir, OTR_PRODUCTS_FOLDER);
    char *list_path = otr_path_join(folder, "products.csv");
    char **earlier = earlier_products(list_path);
    product *products = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (size_t i = 0; make && i < count; i++) {
        const otr_document *doc = &campaign->documents[docs[i]];
        if (doc->layout->in_px)
            continue; /* a screen product's PNGs are not joined */
        size_t p = 0;
        while (p < n && !(strcmp(products[p].layout, doc->layout->name) == 0 &&
                          strcmp(products[p].lang, doc->langs[0]) == 0))
            p++;
        if (p == n) {
            products = otr_grow(products, &cap, n + 1, sizeof(product));
            products[n++] = (product){
                doc->layout->name,
                doc->langs[0],
                otr_xasprintf("%s-%s.pdf", doc->layout->name, doc->langs[0]),
                NULL,
                0,
                0,
                0,
                0};
        }
        product *pr = &products[p];
        pr->docs = otr_grow(pr->docs, &pr->cap, pr->count + 1, sizeof(size_t));
        pr->docs[pr->count++] = i;
        pr->failed += failed[i] != 0;
        pr->pages += pages[i];
    }
    if (n && mkdir(folder, 0777) != 0 && errno != EEXIST) {
        otr_error_at(diags, ((otr_mark){folder, 0, 0}), 544,
                     "cannot create the folder: %s", strerror(errno));
        rc = -1;
        for (size_t p = 0; p < n; p++)
            products[p].failed = 1;
    }
    int removed = 0;
    for (size_t p = 0; p < n && rc == 0; p++) {
        if (products[p].failed) {
            char *path = otr_path_join(folder, products[p].name);
            otr_warning_at(diags, ((otr_mark){path, 0, 0}), 545,
                           "not made: %zu of its %zu document(s) could not "
                           "be built, and a file without them must not go "
                           "to print",
                           products[p].failed, products[p].count);
            free(path);
            remove_product(folder, products[p].name, progress, &removed);
        } else if (join_product(out_dir, folder, campaign, docs, &products[p],
                                diags) < 0) {
            products[p].failed = 1;
            rc = -1;
        }
    }
    /* What an earlier run made and this one does not. */
    for (size_t e = 0; earlier && earlier[e]; e++) {
        int made = 0;
        for (size_t p = 0; p < n && !made; p++)
            made = !products[p].failed &&
                   strcmp(products[p].name, earlier[e]) == 0;
        if (!made)
            remove_product(folder, earlier[e], progress, &removed);
    }
    if (n && rc == 0 && write_list(folder, products, n, diags) < 0)
        rc = -1;
    if (!n && earlier) {
        unlink(list_path);
        rmdir(folder); /* when nothing else is left in it */
    }
    for (size_t e = 0; earlier && earlier[e]; e++)
        free(earlier[e]);
    free(earlier);
    for (size_t p = 0; p < n; p++) {
        free(products[p].name);
        free(products[p].docs);
    }
    free(products);
    free(folder);
    free(list_path);
    return rc;
}
