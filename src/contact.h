/* The contact sheet of a batch run. */
#ifndef OTR_CONTACT_H
#define OTR_CONTACT_H

#include "campaign.h"

/* Writes PATH: a thumbnail of the first page of each of the COUNT documents
 * (indexes into CAMPAIGN) with its file name; FAILED marks those that could
 * not be built. A long sheet is drawn in parts, up to JOBS processes at a
 * time; the bytes are the same whatever JOBS. Returns 0, or -1 after
 * reporting. */
int otr_contact_sheet(otr_project *project, const otr_campaign *campaign,
                      const size_t *documents, const int *failed, size_t count,
                      int jobs, const char *path, otr_diags *diags);

#endif
