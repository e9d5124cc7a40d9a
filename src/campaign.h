/* Campaigns (content/campaigns/NAME.yaml): every product a campaign team
 * prints, as jobs of layout x languages x records, expanded into the list
 * of documents a batch run builds. */
#ifndef OTR_CAMPAIGN_H
#define OTR_CAMPAIGN_H

#include <stdint.h>

#include "project.h"

/* One document of a campaign. */
typedef struct {
    const otr_layout *layout;
    const char *langs[2]; /* the first; the second of a bilingual one */
    size_t lang_count;
    const char *record_id; /* NULL for layouts about the site */
    const char *fallback;  /* printed where a text is missing, or NULL */
    char *path;            /* relative to the output folder; owned */
    uint64_t input_hash;   /* everything the document is made from */
    otr_mark job;          /* the job it comes from, for messages */
    long quantity;         /* copies to print; -1 when the campaign says none */
    const char *paper;     /* what to print it on (free text), or NULL */
} otr_document;

typedef struct {
    const char *name;     /* goes into utm_campaign */
    int print_shop;       /* bleed, crop marks and page boxes for every file */
    int pdfx;             /* PDF/X files */
    const char *sheet;    /* or n-up on this office paper; NULL: neither */
    const char *fallback; /* every job's fallback language, or NULL */
    int per_product;      /* also one file per layout x language */
    double radius_km;     /* handouts list offers this near their shelter,
                             unless the shelter gives its own; 0: the
                             layout's */
    otr_document *documents;
    size_t count;
} otr_campaign;

/* Loads PATH (kept alive by PROJECT) and expands its jobs. Returns 0, or -1
 * after reporting every problem. */
int otr_campaign_load(otr_project *project, const char *path,
                      otr_campaign *campaign, otr_diags *diags);
/* The same from a parsed file (ROOT may be NULL for an empty one), which
 * must outlive the campaign. */
int otr_campaign_read(otr_project *project, const otr_node *root, otr_mark file,
                      otr_campaign *campaign, otr_diags *diags);
void otr_campaign_clear(otr_campaign *campaign);

#endif
