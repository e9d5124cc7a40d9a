/* Where the time goes for one document: each stage of rendering an offer
 * flyer, timed on its own over many documents (the offers in turn, each in
 * the next language, as a batch makes them).
 *
 *   phases CONTENT_DIR LAYOUTS_DIR OUT_DIR REPEAT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "project.h"
#include "qr.h"
#include "text.h"
#include "util.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: phases CONTENT LAYOUTS OUT_DIR REPEAT\n", stderr);
        return 2;
    }
    int repeat = atoi(argv[4]);
    otr_diags *diags = otr_diags_new();
    otr_paths paths = {argv[1], argv[2]};

    double t0 = now();
    otr_project *project = otr_project_load(&paths, diags);
    double load = now() - t0;
    if (!project) {
        otr_diags_print(diags, stderr);
        return 1;
    }
    /* Font set-up alone, for the share of loading it takes. */
    t0 = now();
    otr_fonts_free(otr_fonts_new(project->fonts_dir, diags));
    double fonts = now() - t0;

    const otr_layout *layout = otr_project_layout(project, "offer-flyer");
    const char *codes[] = {"de", "en", "ar", "fa", "fr", "es", "ru"};
    double compose = 0, write = 0, qr = 0;
    char *path = otr_path_join(argv[3], "phases.pdf");
    if (!layout || project->directory.offer_count == 0) {
        fputs("phases: needs the offer-flyer layout and offers\n", stderr);
        return 1;
    }
    for (int i = 0; i < repeat; i++) {
        otr_compose_input input;
        const char *lang = codes[i % 7];
        const char *id =
            project->directory.offers[i % project->directory.offer_count].id;
        t0 = now();
        if (otr_project_bind(project, layout, &lang, 1, id, "en", NULL, &input,
                             diags) < 0) {
            otr_diags_print(diags, stderr);
            return 1;
        }
        otr_display_list *list = otr_compose(&input, diags);
        compose += now() - t0;
        t0 = now();
        otr_write_document(list, OTR_FORMAT_PDF, 0, 0, NULL, path, diags);
        write += now() - t0;
        otr_display_list_free(list);
        char url[256];
        snprintf(url, sizeof url,
                 "https://www.thueringen-hilft.de/%s/angebote/%s?utm_source="
                 "offer-flyer&utm_medium=print",
                 lang, id);
        t0 = now();
        otr_qr_free(otr_qr_encode(url, OTR_QR_ECC_M));
        qr += now() - t0;
    }
    unlink(path);
    free(path);
    printf("project load (YAML, model, fonts)  %8.2f ms\n", load * 1e3);
    printf("  of which font set-up             %8.2f ms\n", fonts * 1e3);
    printf("compose (bind, shape, fit, QR)     %8.2f ms per document\n",
           compose * 1e3 / repeat);
    printf("  of which QR encoding            %8.2f ms\n", qr * 1e3 / repeat);
    printf("PDF writing and file I/O           %8.2f ms per document\n",
           write * 1e3 / repeat);
    otr_project_free(project);
    otr_diags_free(diags);
    return 0;
}
