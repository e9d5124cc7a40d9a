#include "pdfx.h"

#include <ghostscript/gserrors.h>
#include <ghostscript/iapi.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "util.h"

/* libgs and the dozens of libraries it brings are loaded only when a
 * PDF/X is made, not at every start of the program (dynlib.h). */
#define GS_FUNCTIONS(X)                                                        \
    X(gsapi_new_instance)                                                      \
    X(gsapi_delete_instance)                                                   \
    X(gsapi_set_stdio)                                                         \
    X(gsapi_set_arg_encoding)                                                  \
    X(gsapi_init_with_args)                                                    \
    X(gsapi_exit)
OTR_DYNLIB(libgs, "libgs.so.10", "libgs10", GS_FUNCTIONS);

const char *otr_pdfx_profile(void)
{
    static char *profile;
    static int searched;
    if (searched)
        return profile;
    searched = 1;
    /* Debian installs Ghostscript's profiles under its version. */
    glob_t found;
    if (glob("/usr/share/ghostscript/*/iccprofiles/default_cmyk.icc", 0, NULL,
             &found) == 0 &&
        found.gl_pathc > 0)
        profile = otr_xstrdup(found.gl_pathv[found.gl_pathc - 1]);
    globfree(&found);
    return profile;
}

/* A PostScript string literal of TEXT. */
static void put_ps_string(otr_buf *out, const char *text)
{
    otr_buf_puts(out, "(");
    for (const char *p = text; *p; p++) {
        if (*p == '(' || *p == ')' || *p == '\\')
            otr_buf_append(out, "\\", 1);
        otr_buf_append(out, p, 1);
    }
    otr_buf_puts(out, ")");
}

/* The pdfmarks of Ghostscript's lib/PDFX_def.ps: the version key, the
 * trapping state, and the output intent with the embedded profile
 * (ISO 15930-3 section 6.2.2). */
static char *pdfx_marks(const char *profile)
{
    otr_buf ps = {0};
    otr_buf_puts(&ps, "[ /GTS_PDFXVersion (" OTR_PDFX_VERSION ") "
                      "/Trapped /False /DOCINFO pdfmark\n"
                      "[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark\n"
                      "[{icc_PDFX} << /N 4 >> /PUT pdfmark\n"
                      "[{icc_PDFX} ");
    put_ps_string(&ps, profile);
    otr_buf_puts(&ps,
                 " (r) file /PUT pdfmark\n"
                 "[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark\n"
                 "[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX "
                 "/OutputConditionIdentifier (Custom) "
                 "/OutputCondition (Artifex CMYK SWOP Profile) "
                 "/Info (Artifex CMYK SWOP Profile, Ghostscript's "
                 "default CMYK) "
                 "/RegistryName (http://www.color.org) "
                 "/DestOutputProfile {icc_PDFX} >> /PUT pdfmark\n"
                 "[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] "
                 ">> /PUT pdfmark\n");
    return otr_buf_take(&ps);
}

/* Ghostscript's messages, kept for the error report. */
static int gs_quiet(void *closure, const char *text, int length)
{
    (void)closure;
    (void)text;
    return length;
}

static int gs_message(void *closure, const char *text, int length)
{
    otr_buf *messages = closure;
    if (messages->len < 4096)
        otr_buf_append(messages, text, (size_t)length);
    return length;
}

static int gs_no_input(void *closure, char *buffer, int length)
{
    (void)closure;
    (void)buffer;
    (void)length;
    return 0;
}

int otr_pdfx_convert(const char *in, const char *out, char **error)
{
    *error = NULL;
    const char *profile = otr_pdfx_profile();
    if (!profile) {
        *error = otr_xstrdup("Ghostscript's CMYK profile (default_cmyk.icc) "
                             "is not installed");
        return -1;
    }
    char *marks = pdfx_marks(profile);
    char *output = otr_xasprintf("-sOutputFile=%s", out);
    char *permit = otr_xasprintf("--permit-file-read=%s", profile);
    char *input = otr_xasprintf("%s", in);
    const char *args[] = {
        "outreach", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", permit,
        "-sDEVICE=pdfwrite", "-dPDFX", "-sColorConversionStrategy=CMYK",
        /* Links lie inside the bleed box: not allowed. */
        "-dPreserveAnnots=false", "-dAutoRotatePages=/None",
        "-dEmbedAllFonts=true", output, "-c", marks, "-f", input};
    otr_buf messages = {0};
    void *gs = NULL;
    int rc = -1;
    const char *unloadable = otr_dynlib_load(&libgs);
    if (unloadable) {
        *error = otr_xstrdup(unloadable);
        goto cleanup;
    }
    if (lib.gsapi_new_instance(&gs, &messages) < 0) {
        *error = otr_xstrdup("Ghostscript cannot start");
        goto cleanup;
    }
    lib.gsapi_set_stdio(gs, gs_no_input, gs_quiet, gs_message);
    lib.gsapi_set_arg_encoding(gs, GS_ARG_ENCODING_UTF8);
    int code = lib.gsapi_init_with_args(gs, (int)(sizeof args / sizeof args[0]),
                                        (char **)args);
    int exit_code = lib.gsapi_exit(gs);
    if ((code == 0 || code == gs_error_Quit) && exit_code == 0) {
        rc = 0;
    } else {
        *error = otr_xasprintf("Ghostscript failed (%d)%s%s", code,
                               messages.len ? ": " : "",
                               messages.len ? messages.data : "");
    }
    lib.gsapi_delete_instance(gs);
cleanup:
    otr_buf_free(&messages);
    free(marks);
    free(output);
    free(permit);
    free(input);
    return rc;
}
