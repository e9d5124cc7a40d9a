/* `outreach check`: the campaign team's preflight. Every layout is laid out
 * in every site language for every record it would be printed for, without
 * writing anything; what would fail at the print shop is reported here. */
#include <string.h>

#include "project.h"
#include "util.h"

typedef struct {
    size_t documents, with_warnings, with_errors;
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
                           check_cell *cell, otr_diags *diags)
{
    size_t errors = otr_diags_error_count(diags);
    size_t warnings = otr_diags_warning_count(diags);
    otr_compose_input input;
    if (otr_project_bind(project, layout, &lang, 1, record_id, NULL, NULL,
                         &input, diags) == 0)
        otr_display_list_free(otr_compose(&input, diags));
    cell->documents++;
    if (otr_diags_error_count(diags) > errors)
        cell->with_errors++;
    else if (otr_diags_warning_count(diags) > warnings)
        cell->with_warnings++;
}

static void print_cell(FILE *out, const check_cell *c, int width)
{
    char text[48];
    if (c->with_errors)
        snprintf(text, sizeof text, "%zu err", c->with_errors);
    else if (c->with_warnings)
        snprintf(text, sizeof text, "%zu warn", c->with_warnings);
    else
        snprintf(text, sizeof text, "ok");
    fprintf(out, "  %-*s", width, text);
}

int otr_check(otr_project *project, FILE *out, otr_diags *diags)
{
    size_t langs = project->site.language_count;
    size_t layouts = project->layout_count;
    check_cell *cells = otr_xcalloc(langs * layouts + 1, sizeof(check_cell));
    size_t documents = 0, failed = 0, warned = 0, unsigned_layouts = 0;

    for (size_t l = 0; l < layouts; l++) {
        const otr_layout *layout = &project->layouts[l];
        /* Printed matter names its publisher and the person responsible
         * (state press laws, e.g. ThürPrG § 7). */
        if (project->site.imprint.present && !layout->has_imprint &&
            ++unsigned_layouts)
            otr_error_at(diags, layout->mark, 433,
                         "layout \"%s\" prints no imprint: add a frame "
                         "{type: imprint, style: ...} for the publisher and "
                         "the person responsible from site.yaml",
                         layout->name);
        const char **ids;
        size_t count = record_ids(project, layout, &ids);
        for (size_t g = 0; g < langs; g++) {
            check_cell *c = &cells[l * langs + g];
            for (size_t r = 0; r < count; r++)
                check_document(project, layout, project->site.languages[g].code,
                               ids ? ids[r] : NULL, c, diags);
            documents += c->documents;
            failed += c->with_errors;
            warned += c->with_warnings;
        }
        free(ids);
    }

    /* The table: a row per layout, a column per language. */
    int name_width = 6;
    for (size_t l = 0; l < layouts; l++) {
        int len = (int)strlen(project->layouts[l].name);
        if (len > name_width)
            name_width = len;
    }
    const int cell_width = 8;
    fprintf(out, "%-*s", name_width, "layout");
    for (size_t g = 0; g < langs; g++)
        fprintf(out, "  %-*s", g + 1 < langs ? cell_width : 0,
                project->site.languages[g].code);
    fputc('\n', out);
    for (size_t l = 0; l < layouts; l++) {
        fprintf(out, "%-*s", name_width, project->layouts[l].name);
        for (size_t g = 0; g < langs; g++)
            print_cell(out, &cells[l * langs + g],
                       g + 1 < langs ? cell_width : 0);
        fputc('\n', out);
    }
    fprintf(out,
            "%zu document(s) checked: %zu ok, %zu with warnings, %zu with "
            "errors\n",
            documents, documents - failed - warned, warned, failed);
    free(cells);
    return failed || unsigned_layouts ? -1 : 0;
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
    check_document(project, layout, lang, record_id, &cell, diags);
    return cell.with_errors ? -1 : 0;
}
