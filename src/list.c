/* `outreach list`: one entry a line, the id first, then a tab and a short
 * summary in the site's first language, so scripts can use `cut -f1`. */
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "util.h"

/* Content as a terminal may show it (otr_escape_controls): a name holding
 * a newline or an escape sequence cannot add a line or run the sequence.
 * The copies live until shown_free. */
typedef struct {
    char *copies[8];
    int count;
} shown;

static const char *show(shown *sh, const char *text)
{
    char *copy = otr_escape_controls(text ? text : "");
    if (sh->count < 8)
        sh->copies[sh->count++] = copy;
    return copy;
}

static void shown_free(shown *sh)
{
    for (int i = 0; i < sh->count; i++)
        free(sh->copies[i]);
    sh->count = 0;
}

static const char *first_language(const otr_project *project)
{
    return project->site.language_count ? project->site.languages[0].code
                                        : "de";
}

static const char *i18n_or(const otr_i18n *text, const char *lang,
                           const char *fallback)
{
    const otr_text_entry *entry = otr_i18n_find(text, lang);
    if (!entry && text->count)
        entry = &text->entries[0];
    return entry ? entry->text : fallback;
}

static void list_categories(const otr_project *project, FILE *out)
{
    const char *lang = first_language(project);
    const otr_directory *dir = &project->directory;
    shown sh = {0};
    for (size_t i = 0; i < dir->category_count; i++) {
        fprintf(out, "%s\t%s\n", show(&sh, dir->categories[i].id),
                show(&sh, i18n_or(&dir->categories[i].name, lang, "")));
        shown_free(&sh);
    }
}

/* What a record with errors shows instead of its summary. */
static const char with_errors[] =
    "(has errors: outreach check --id shows them)";

static void list_offers(const otr_project *project, FILE *out)
{
    const char *lang = first_language(project);
    const otr_directory *dir = &project->directory;
    otr_directory_read_phones(dir);
    for (size_t i = 0; i < dir->offer_count; i++) {
        const otr_offer *offer = &dir->offers[i];
        if (offer->problems) {
            fprintf(out, "%s\t%s\n", offer->id, with_errors);
            continue;
        }
        shown sh = {0};
        fprintf(out, "%s\t%s · %s · %s\n", show(&sh, offer->id),
                show(&sh, i18n_or(&offer->name, lang, "")),
                show(&sh, i18n_or(&offer->category->name, lang,
                                  offer->category->id)),
                show(&sh, offer->address.town));
        shown_free(&sh);
    }
}

static void list_shelters(const otr_project *project, FILE *out)
{
    const otr_directory *dir = &project->directory;
    for (size_t i = 0; i < dir->shelter_count; i++) {
        const otr_shelter *shelter = &dir->shelters[i];
        if (shelter->problems) {
            fprintf(out, "%s\t%s\n", shelter->id, with_errors);
            continue;
        }
        shown sh = {0};
        fprintf(out, "%s\t%s · %s ·", show(&sh, shelter->id),
                show(&sh, shelter->name), show(&sh, shelter->address.town));
        shown_free(&sh);
        for (size_t k = 0; k < shelter->language_count; k++)
            fprintf(out, " %s", shelter->languages[k]->code);
        fputc('\n', out);
    }
}

static void list_events(const otr_project *project, FILE *out)
{
    const char *lang = first_language(project);
    const otr_directory *dir = &project->directory;
    for (size_t i = 0; i < dir->event_count; i++) {
        const otr_event *event = &dir->events[i];
        if (event->problems) {
            fprintf(out, "%s\t%s\n", event->id, with_errors);
            continue;
        }
        /* As written in the content: local date and time of the event. */
        shown sh = {0};
        fprintf(out, "%s\t%.10s %.5s · %s · %s\n", show(&sh, event->id),
                event->start.text, event->start.text + 11,
                show(&sh, i18n_or(&event->title, lang, "")),
                show(&sh, event->venue_address.town));
        shown_free(&sh);
    }
}

int otr_project_list(const otr_project *project, const char *what, FILE *out,
                     otr_diags *diags)
{
    if (strcmp(what, "languages") == 0) {
        for (size_t i = 0; i < project->site.language_count; i++) {
            shown sh = {0};
            fprintf(out, "%s\t%s%s\n",
                    show(&sh, project->site.languages[i].code),
                    show(&sh, project->site.languages[i].name),
                    project->site.languages[i].rtl ? " (right to left)" : "");
            shown_free(&sh);
        }
    } else if (strcmp(what, "layouts") == 0) {
        for (size_t i = 0; i < project->layout_count; i++) {
            shown sh = {0};
            fprintf(out, "%s\t%s\n", show(&sh, project->layouts[i].name),
                    show(&sh, project->layouts[i].description));
            shown_free(&sh);
        }
    } else if (strcmp(what, "categories") == 0) {
        list_categories(project, out);
    } else if (strcmp(what, "offers") == 0) {
        list_offers(project, out);
    } else if (strcmp(what, "shelters") == 0) {
        list_shelters(project, out);
    } else if (strcmp(what, "events") == 0) {
        list_events(project, out);
    } else {
        otr_diags_error(diags, 907,
                        "cannot list \"%s\" (list languages, layouts, "
                        "categories, offers, events or shelters)",
                        what);
        return -1;
    }
    return 0;
}

int otr_project_language_rtl(const otr_project *project, size_t i)
{
    return project->site.languages[i].rtl;
}

otr_record_type otr_project_layout_record(const otr_project *project, size_t i)
{
    switch (project->layouts[i].record) {
    case OTR_URL_OFFER:
        return OTR_RECORD_OFFER;
    case OTR_URL_EVENT:
        return OTR_RECORD_EVENT;
    case OTR_URL_SHELTER:
        return OTR_RECORD_SHELTER;
    default:
        return OTR_RECORD_SITE;
    }
}

size_t otr_project_record_count(const otr_project *project,
                                otr_record_type kind)
{
    const otr_directory *dir = &project->directory;
    switch (kind) {
    case OTR_RECORD_OFFER:
        return dir->offer_count;
    case OTR_RECORD_EVENT:
        return dir->event_count;
    case OTR_RECORD_SHELTER:
        return dir->shelter_count;
    default:
        return 0;
    }
}

void otr_project_record(const otr_project *project, otr_record_type kind,
                        size_t i, const char *lang, otr_record_info *info)
{
    const otr_directory *dir = &project->directory;
    memset(info, 0, sizeof(*info));
    const size_t most = sizeof info->languages / sizeof info->languages[0];
    if (kind == OTR_RECORD_OFFER) {
        const otr_offer *offer = &dir->offers[i];
        info->id = offer->id;
        info->name = i18n_or(&offer->name, lang, offer->id);
        info->town = offer->address.town;
        info->category =
            i18n_or(&offer->category->name, lang, offer->category->id);
        for (size_t k = 0; k < offer->language_count && k < most; k++)
            info->languages[info->language_count++] = offer->languages[k];
    } else if (kind == OTR_RECORD_EVENT) {
        const otr_event *event = &dir->events[i];
        info->id = event->id;
        info->name = i18n_or(&event->title, lang, event->id);
        info->town = event->venue_address.town;
        if (event->category)
            info->category =
                i18n_or(&event->category->name, lang, event->category->id);
        info->start = event->start.text;
    } else if (kind == OTR_RECORD_SHELTER) {
        const otr_shelter *shelter = &dir->shelters[i];
        info->id = shelter->id;
        info->name = shelter->name;
        info->town = shelter->address.town;
        for (size_t k = 0; k < shelter->language_count && k < most; k++)
            info->languages[info->language_count++] =
                shelter->languages[k]->code;
    }
}
