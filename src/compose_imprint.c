/* The imprint: publisher, the person responsible under the state press
 * laws, a funding notice, and the logos, on every printed product. */
#include <stdlib.h>
#include <string.h>

#include "compose_internal.h"
#include "util.h"

#define LOGO_GAP_MM 3.0 /* between logos, and between logos and text */

/* The phrase KEY in CTX's language, or in the layout's fallback; else the
 * site's first language's, set apart in an isolate with a warning: the
 * imprint is printed in any case. NULL after reporting. */
static char *imprint_phrase(composer *c, const otr_bind_ctx *ctx,
                            const char *key, otr_mark mark)
{
    const otr_compose_input *input = c->input;
    char *tmpl = otr_xasprintf("{%s}", key);
    otr_bind_ctx use = *ctx;
    int foreign = 0;
    if (!otr_strings_find(ctx->strings, key) &&
        !(input->fallback && otr_strings_find(input->fallback, key)) &&
        input->site->language_count > 0 &&
        otr_strings_find(&input->all_strings[0], key)) {
        use.lang = &input->site->languages[0];
        use.strings = &input->all_strings[0];
        foreign = 1;
        otr_warning_at(c->diags, mark, 431,
                       "no phrase \"%s\" in language %s; printing the "
                       "imprint's %s phrase instead",
                       key, ctx->lang->code, use.lang->code);
    }
    char *text = otr_bind_text(&use, tmpl, mark, 1, c->diags);
    free(tmpl);
    if (text && foreign) {
        char *isolated = otr_xasprintf(OTR_FSI "%s" OTR_PDI, text);
        free(text);
        text = isolated;
    }
    return text;
}

void otr_compose_imprint(composer *c, otr_display_page *page,
                         const otr_frame *frame, const container *box,
                         const otr_bind_ctx *ctx)
{
    const otr_compose_input *input = c->input;
    const otr_imprint *imprint = &input->site->imprint;
    if (!imprint->present) {
        otr_error_at(c->diags, frame->mark, 430,
                     "frame \"%s\": site.yaml has no \"imprint\" (publisher, "
                     "address and the person responsible), which printed "
                     "matter must carry",
                     frame->name);
        c->failed = 1;
        return;
    }

    /* The logos, at the frame's end edge, all LOGO_HEIGHT high. */
    double logos_width = 0;
    const otr_image **images =
        otr_xcalloc(imprint->logo_count + 1, sizeof(otr_image *));
    char **paths = otr_xcalloc(imprint->logo_count + 1, sizeof(char *));
    double *widths = otr_xcalloc(imprint->logo_count + 1, sizeof(double));
    for (size_t i = 0; frame->logo_height > 0 && i < imprint->logo_count; i++) {
        paths[i] = otr_path_join(input->content_dir, imprint->logos[i]);
        const char *error = NULL;
        images[i] = otr_images_get(input->images, input->content_dir,
                                   imprint->logos[i], &error);
        if (!images[i]) {
            otr_error_at(c->diags, imprint->logo_marks[i], 421, "%s: %s",
                         paths[i], error);
            c->failed = 1;
            continue;
        }
        double w, h;
        otr_image_size(images[i], &w, &h);
        widths[i] = frame->logo_height * w / h;
        logos_width += widths[i] + (logos_width > 0 ? LOGO_GAP_MM : 0);
    }
    if (logos_width > frame->width / 2) {
        otr_error_at(c->diags, frame->mark, 432,
                     "frame \"%s\": the logos need %.1f mm of the frame's "
                     "%.1f mm width; lower \"logo_height\"",
                     frame->name, logos_width, frame->width);
        c->failed = 1;
    }

    char *publisher = imprint_phrase(c, ctx, "imprint.publisher", frame->mark);
    char *responsible =
        imprint_phrase(c, ctx, "imprint.responsible", frame->mark);
    if (publisher && responsible && !c->failed) {
        otr_buf text = {0};
        otr_buf_printf(&text, "%s · %s", publisher, responsible);
        int foreign = 0;
        const char *funding =
            otr_imprint_funding(imprint, ctx->lang->code, &foreign);
        if (funding)
            otr_buf_printf(&text, "\n%s%s%s", foreign ? OTR_FSI : "", funding,
                           foreign ? OTR_PDI : "");
        otr_frame part = *frame;
        if (logos_width > 0)
            part.width = frame->width - logos_width - LOGO_GAP_MM;
        otr_item *item = otr_new_item(page, OTR_ITEM_TEXT, frame);
        otr_place(item, &part, box);
        item->text = otr_buf_take(&text);
        otr_lay_out_text(c, item, ctx, ctx->lang->code, ctx->lang->rtl,
                         frame->style, OTR_ALIGN_START, box->rtl,
                         OTR_VALIGN_MIDDLE, 0, frame->mark, frame->name);

        double x = frame->x + frame->width - logos_width;
        for (size_t i = 0; i < imprint->logo_count; i++) {
            if (!images[i])
                continue;
            part = *frame;
            part.x = x;
            part.width = widths[i];
            part.y = frame->y + (frame->height - frame->logo_height) / 2;
            part.height = frame->logo_height;
            otr_item *logo = otr_new_item(page, OTR_ITEM_IMAGE, frame);
            otr_place(logo, &part, box);
            logo->image = images[i];
            logo->src = paths[i];
            paths[i] = NULL;
            x += widths[i] + LOGO_GAP_MM;
        }
    } else {
        c->failed = 1;
    }
    free(publisher);
    free(responsible);
    for (size_t i = 0; i < imprint->logo_count; i++)
        free(paths[i]);
    free(paths);
    free(widths);
    free(images);
}
