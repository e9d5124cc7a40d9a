/* PDF/X for the print shop, made by Ghostscript's pdfwrite through libgs:
 * every colour converted to CMYK with colour management, an output intent
 * with the CMYK profile used, and the PDF/X version key. Only pdfx.c sees
 * Ghostscript. */
#ifndef OTR_PDFX_H
#define OTR_PDFX_H

/* The standard written: PDF/X-3:2002 (ISO 15930-3). Ghostscript 10.00's
 * pdfwrite makes no PDF/X-4. */
#define OTR_PDFX_VERSION "PDF/X-3:2002"

/* Converts the PDF at IN to PDF/X at OUT. The output intent is
 * Ghostscript's own CMYK profile (default_cmyk.icc, "Artifex CMYK SWOP
 * Profile"), embedded, with OutputConditionIdentifier "Custom": FOGRA39
 * (ISO Coated v2) profiles are not freely distributable and Debian ships
 * none. Annotations (links) are dropped: ISO 15930 allows none inside the
 * bleed box. Fonts stay embedded. DeviceCMYK and DeviceGray colours pass
 * unchanged, so a pure black made beforehand (otr_pdf_pure_black) stays
 * on the black plate. Returns 0, or -1 with *ERROR set to a description
 * the caller frees. */
int otr_pdfx_convert(const char *in, const char *out, char **error);

/* The CMYK profile used, or NULL when Ghostscript's is not installed. */
const char *otr_pdfx_profile(void);

#endif
