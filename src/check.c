/* `outreach check`: the campaign team's preflight. Every layout is laid out
 * in every site language for every record it would be printed for, without
 * writing anything; what would fail at the print shop is reported here. */
#include <string.h>
#include <unistd.h>

#include "project.h"
#include "util.h"

typedef struct {
    size_t documents, with_warnings, with_substitutions, with_errors;
} check_cell;

/* The ids of the records LAYOUT is printed for; NULL (one document) for
 * the site. */
static size_t record_ids(const otr_project *project, const otr_layout *layout,
                         const char ***ids)
{
    const otr_directory *dir = &project->directory;
    size_t count = 0;
    *ids = NULL;
    switch (layout->record) {
    case OTR_URL_SITE:
        return 1;
    case OTR_URL_OFFER:
        count = dir->offer_count;
        break;
    case OTR_URL_EVENT:
        count = dir->event_count;
        break;
    case OTR_URL_SHELTER:
        count = dir->shelter_count;
        break;
    default:
        return 0;
    }
    *ids = otr_xcalloc(count + 1, sizeof(char *));
    for (size_t i = 0; i < count; i++) {
        (*ids)[i] = layout->record == OTR_URL_OFFER   ? dir->offers[i].id
                    : layout->record == OTR_URL_EVENT ? dir->events[i].id
                                                      : dir->shelters[i].id;
    }
    return count;
}

static void check_document(otr_project *project, const otr_layout *layout,
                           const char *lang, const char *record_id,
                           const char *fallback, check_cell *cell,
                           otr_diags *diags)
{
    size_t errors = otr_diags_error_count(diags);
    size_t warnings = otr_diags_warning_count(diags);
    otr_compose_input input;
    otr_substitutions substitutions = {0};
    if (otr_project_bind(project, layout, &lang, 1, record_id,
                         fallback && strcmp(fallback, lang) != 0 ? fallback
                                                                 : NULL,
                         NULL, &input, diags) == 0) {
        input.substitutions = &substitutions;
        otr_display_list_free(otr_compose(&input, diags));
    }
    cell->documents++;
    if (otr_diags_error_count(diags) > errors)
        cell->with_errors++;
    else if (substitutions.count)
        cell->with_substitutions++;
    else if (otr_diags_warning_count(diags) > warnings)
        cell->with_warnings++;
    otr_substitutions_clear(&substitutions);
}

static void print_cell(FILE *out, const check_cell *c, int width)
{
    char text[48];
    if (!c->documents)
        snprintf(text, sizeof text, "-");
    else if (c->with_errors)
        snprintf(text, sizeof text, "%zu err", c->with_errors);
    else if (c->with_substitutions)
        snprintf(text, sizeof text, "%zu subst", c->with_substitutions);
    else if (c->with_warnings)
        snprintf(text, sizeof text, "%zu warn", c->with_warnings);
    else
        snprintf(text, sizeof text, "ok");
    fprintf(out, "  %-*s", width, text);
}

/* 1 when LAYOUT is printed for a record with id ID. */
static int has_record(const otr_project *project, const otr_layout *layout,
                      const char *id)
{
    const otr_directory *dir = &project->directory;
    switch (layout->record) {
    case OTR_URL_OFFER:
        return otr_directory_offer(dir, id) != NULL;
    case OTR_URL_EVENT:
        return otr_directory_event(dir, id) != NULL;
    case OTR_URL_SHELTER:
        return otr_directory_shelter(dir, id) != NULL;
    default:
        return 0;
    }
}

/* How many documents the loop of otr_check_some lays out: layouts SHOWN
 * x languages x records, as OPTIONS narrow them. */
static size_t count_documents(const otr_project *project,
                              const otr_check_options *options,
                              const int *shown)
{
    size_t total = 0;
    size_t langs = options->lang ? 1 : project->site.language_count;
    for (size_t l = 0; l < project->layout_count; l++) {
        if (!shown[l])
            continue;
        const char **ids;
        size_t count = record_ids(project, &project->layouts[l], &ids);
        free(ids);
        total += (options->id ? 1 : count) * langs;
    }
    return total;
}

/* Reports the errors of the record ID (PROBLEMS, may be NULL) when the
 * options choose it. Returns 1 when it has errors. */
static size_t report_record(const char *id, const otr_diags *problems,
                            const otr_check_options *options, otr_diags *diags)
{
    /* Narrowed to a layout or language: only the records its documents
     * use, which fail there. */
    if (!problems || options->layout || options->lang ||
        (options->id && strcmp(options->id, id) != 0))
        return 0;
    otr_diags_append(diags, problems);
    return 1;
}

/* Reports a record, language or layout the options name that the project
 * does not have. Returns 0 when all are there. */
static int check_options(const otr_project *project,
                         const otr_check_options *options, otr_diags *diags)
{
    int errors = 0;
    if (options->lang && !otr_site_language(&project->site, options->lang)) {
        otr_diags_error(diags, 904, "the site has no language \"%s\"",
                        options->lang);
        errors++;
    }
    if (options->fallback &&
        !otr_site_language(&project->site, options->fallback)) {
        otr_diags_error(diags, 904, "the site has no language \"%s\"",
                        options->fallback);
        errors++;
    }
    if (options->layout && !otr_project_layout(project, options->layout)) {
        otr_diags_error(diags, 902,
                        "no layout \"%s\" (outreach list layouts shows them)",
                        options->layout);
        errors++;
    }
    if (options->id) {
        const otr_directory *dir = &project->directory;
        if (!otr_directory_offer(dir, options->id) &&
            !otr_directory_event(dir, options->id) &&
            !otr_directory_shelter(dir, options->id)) {
            otr_diags_error(diags, 908,
                            "there is no offer, event or shelter \"%s\"",
                            options->id);
            errors++;
        }
    }
    return errors ? -1 : 0;
}

int otr_check(otr_project *project, FILE *out, otr_diags *diags)
{
    return otr_check_some(project, NULL, out, diags);
}

int otr_check_some(otr_project *project, const otr_check_options *options,
                   FILE *out, otr_diags *diags)
{
    otr_check_options none = {0};
    if (!options)
        options = &none;
    if (check_options(project, options, diags) < 0)
        return -1;
    /* Every record's own errors, once, whether or not a layout prints it
     * (each fails the documents about it, counted below). */
    const otr_directory *dir = &project->directory;
    otr_directory_read_phones(dir);
    size_t broken = 0;
    for (size_t i = 0; i < dir->offer_count; i++)
        broken += report_record(dir->offers[i].id, dir->offers[i].problems,
                                options, diags);
    for (size_t i = 0; i < dir->shelter_count; i++)
        broken += report_record(dir->shelters[i].id, dir->shelters[i].problems,
                                options, diags);
    for (size_t i = 0; i < dir->event_count; i++)
        broken += report_record(dir->events[i].id, dir->events[i].problems,
                                options, diags);
    size_t langs = project->site.language_count;
    size_t layouts = project->layout_count;
    check_cell *cells = otr_xcalloc(langs * layouts + 1, sizeof(check_cell));
    size_t documents = 0, failed = 0, warned = 0, substituted = 0;
    size_t unsigned_layouts = 0, checked = 0;
    int *shown = otr_xcalloc(layouts + 1, sizeof(int));
    for (size_t l = 0; l < layouts; l++) {
        const otr_layout *layout = &project->layouts[l];
        shown[l] =
            (!options->layout || strcmp(layout->name, options->layout) == 0) &&
            (!options->id || has_record(project, layout, options->id));
    }

    /* Progress on a terminal only: elsewhere the diagnostics alone are
     * the output, and stay the same from run to run. */
    otr_progress progress;
    FILE *progress_out = options->progress;
    if (progress_out && !isatty(fileno(progress_out)))
        progress_out = NULL;
    otr_progress_start(&progress, progress_out);
    size_t total = progress_out ? count_documents(project, options, shown) : 0;

    for (size_t l = 0; l < layouts; l++) {
        const otr_layout *layout = &project->layouts[l];
        if (!shown[l])
            continue;
        /* Printed matter names its publisher and the person responsible
         * (state press laws, e.g. ThürPrG § 7). Screen products (pages in
         * px) are not printed matter: the account or site that shows them
         * carries its own imprint (DDG § 5). */
        if (project->site.imprint.present && !layout->has_imprint &&
            !layout->in_px && ++unsigned_layouts)
            otr_error_at(diags, layout->mark, 433,
                         "layout \"%s\" prints no imprint: add a frame "
                         "{type: imprint, style: ...} for the publisher and "
                         "the person responsible from site.yaml",
                         layout->name);
        const char **ids;
        size_t count = record_ids(project, layout, &ids);
        for (size_t g = 0; g < langs; g++) {
            const char *code = project->site.languages[g].code;
            if (options->lang && strcmp(code, options->lang) != 0)
                continue;
            check_cell *c = &cells[l * langs + g];
            for (size_t r = 0; r < count; r++) {
                const char *id = ids ? ids[r] : NULL;
                if (options->id && strcmp(id, options->id) != 0)
                    continue;
                check_document(project, layout, code, id, options->fallback, c,
                               diags);
                if (progress_out) {
                    checked++;
                    otr_progress_show(&progress, checked, total, checked, 0);
                }
            }
            documents += c->documents;
            failed += c->with_errors;
            warned += c->with_warnings;
            substituted += c->with_substitutions;
        }
        free(ids);
    }
    if (progress_out)
        otr_progress_show(&progress, checked, total, checked, 1);

    /* Handouts in a residents' language the site lacks: no column of the
     * table, but each a document that cannot be printed. */
    for (size_t l = 0; l < layouts; l++) {
        const otr_layout *layout = &project->layouts[l];
        if (!shown[l] || layout->record != OTR_URL_SHELTER || options->lang)
            continue;

        for (size_t s = 0; s < dir->shelter_count; s++) {
            const otr_shelter *shelter = &dir->shelters[s];
            if (options->id && strcmp(options->id, shelter->id) != 0)
                continue;
            for (size_t k = 0; k < shelter->unknown_count; k++) {
                otr_shelter_unknown_language(&project->site, shelter, k, diags);
                documents++;
                failed++;
            }
        }
    }

    /* The table: a row per layout, a column per language. */
    int name_width = 6;
    for (size_t l = 0; l < layouts; l++) {
        int len = (int)strlen(project->layouts[l].name);
        if (shown[l] && len > name_width)
            name_width = len;
    }
    const int cell_width = 8;
    fprintf(out, "%-*s", name_width, "layout");
    for (size_t g = 0; g < langs; g++)
        fprintf(out, "  %-*s", g + 1 < langs ? cell_width : 0,
                project->site.languages[g].code);
    fputc('\n', out);
    for (size_t l = 0; l < layouts; l++) {
        if (!shown[l])
            continue;
        fprintf(out, "%-*s", name_width, project->layouts[l].name);
        for (size_t g = 0; g < langs; g++)
            print_cell(out, &cells[l * langs + g],
                       g + 1 < langs ? cell_width : 0);
        fputc('\n', out);
    }
    fputs("ok: every document prints as asked; N warn: documents with "
          "warnings;\n"
          "N subst: documents that print text in the --fallback language "
          "instead;\n"
          "N err: documents that cannot be printed; -: not checked\n",
          out);
    fprintf(out,
            "%zu document(s) checked: %zu ok, %zu with warnings, %zu with "
            "text in another language, %zu with errors\n",
            documents, documents - failed - warned - substituted, warned,
            substituted, failed);
    if (broken)
        fprintf(out,
                "%zu record(s) with errors: the documents about them are "
                "not printed, all others are\n",
                broken);
    free(shown);
    free(cells);
    return failed || broken || unsigned_layouts ? -1 : 0;
}

int otr_check_document(otr_project *project, const char *layout_name,
                       const char *lang, const char *record_id,
                       otr_diags *diags)
{
    const otr_layout *layout = otr_project_layout(project, layout_name);
    if (!layout) {
        otr_diags_error(diags, 902, "no layout \"%s\"", layout_name);
        return -1;
    }
    check_cell cell = {0};
    check_document(project, layout, lang, record_id, NULL, &cell, diags);
    return cell.with_errors ? -1 : 0;
}
