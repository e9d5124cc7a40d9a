/* The loaded project, as the library's parts see it. */
#ifndef OTR_PROJECT_H
#define OTR_PROJECT_H

#include <stdint.h>

#include "compose.h"
#include "directory.h"
#include "model.h"
#include "outreach.h"
#include "text.h"
#include "yamlnode.h"

struct otr_project {
    otr_yaml_doc **docs; /* every loaded file; the model points into them */
    size_t doc_count, doc_cap;
    otr_site site;
    otr_directory directory;
    otr_strings *strings; /* one per site language, in the same order */
    otr_theme theme;      /* layouts/theme.yaml, with the site's colours */
    otr_layout *layouts;  /* sorted by name */
    size_t layout_count;
    otr_fonts *fonts;
    otr_images *images; /* loaded on first use, shared by all documents */
    char *content_dir;
    char *layouts_dir;
    char *candidate_events; /* otr_paths.candidate_events, or NULL */
    char *fonts_dir;
    int scoped; /* otr_project_load_for: one layout and what it shows */
    /* What documents are made from, for rebuilding only what changed (not
     * computed for a scoped project). */
    uint64_t shared_hash;     /* site, categories, fonts, program version */
    uint64_t *strings_hashes; /* per site language */
    uint64_t offers_hash;     /* all offers (lists of nearby offers) */
};

/* Reads a YAML file that the project then keeps alive. Returns its root
 * (NULL for an empty file or after an error); FILE is set when the file
 * could be parsed. */
const otr_node *otr_project_load_file(otr_project *project, const char *path,
                                      otr_mark *file, otr_diags *diags);

const otr_layout *otr_project_layout(const otr_project *project,
                                     const char *name);

/* Fills INPUT for LAYOUT in LANGS (one, or two for a bilingual document;
 * a layout's second language is added to one) about record RECORD_ID (NULL
 * for the site), with phrases missing taken from FALLBACK (or the layout's
 * fallback; NULL for none). Returns 0, or -1 after reporting. */
int otr_project_bind(const otr_project *project, const otr_layout *layout,
                     const char *const *langs, size_t lang_count,
                     const char *record_id, const char *fallback,
                     const char *campaign, otr_compose_input *input,
                     otr_diags *diags);

/* What a written document holds, for the batch manifest. */
typedef struct {
    size_t pages;
    char **urls; /* every URL it opens: QR codes and links; owned */
    size_t url_count;
    otr_substitutions substitutions; /* texts printed in the fallback
                                        language */
    char sheet_fit[80]; /* on office sheets: "4 per sheet", "scaled to
                           68%", "tiled on 4 sheets (2x2)"; or "" */
} otr_render_result;

/* otr_render, also filling RESULT (when not NULL) on success; free it with
 * otr_render_result_clear. */
int otr_project_render(otr_project *project, const otr_render_request *request,
                       otr_render_result *result, otr_diags *diags);
void otr_render_result_clear(otr_render_result *result);

#endif
