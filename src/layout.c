#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "qr.h"
#include "util.h"

typedef struct {
    const char *name;
    double width, height; /* portrait, mm */
} paper_size;

static const paper_size iso_a[] = {
    {"A0", 841, 1189}, {"A1", 594, 841}, {"A2", 420, 594}, {"A3", 297, 420},
    {"A4", 210, 297},  {"A5", 148, 210}, {"A6", 105, 148}, {"A7", 74, 105},
};

int otr_paper_size(const char *name, double *width, double *height)
{
    for (size_t i = 0; i < sizeof iso_a / sizeof iso_a[0]; i++) {
        if (strcmp(iso_a[i].name, name) == 0) {
            *width = iso_a[i].width;
            *height = iso_a[i].height;
            return 0;
        }
    }
    return -1;
}

int otr_parse_color(const otr_node *node, const char *what, otr_color *out,
                    otr_diags *diags)
{
    const char *text = otr_expect_string(node, what, 1, diags);
    if (!text)
        return -1;
    unsigned rgb[3];
    int ok = strlen(text) == 7 && text[0] == '#';
    for (int i = 0; ok && i < 3; i++) {
        char hex[3] = {text[1 + 2 * i], text[2 + 2 * i], '\0'};
        char *end;
        rgb[i] = (unsigned)strtoul(hex, &end, 16);
        ok = *end == '\0';
    }
    if (!ok) {
        otr_error_at(diags, node->mark, 301,
                     "%s must be a colour like \"#1a6b8f\", not \"%s\"", what,
                     text);
        return -1;
    }
    *out = (otr_color){rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0};
    return 0;
}

/* A colour: "#rrggbb" or the name of a theme colour ("primary"). */
static int theme_color(const otr_node *node, const char *what,
                       const otr_theme *theme, otr_color *out, otr_diags *diags)
{
    if (node->kind == OTR_NODE_SCALAR && node->text[0] != '#') {
        const otr_named_color *named = otr_theme_color(theme, node->text);
        if (named) {
            *out = named->color;
            return 0;
        }
        if (theme && theme->color_count) {
            otr_buf names = {0};
            for (size_t i = 0; i < theme->color_count; i++)
                otr_buf_printf(&names, "%s%s", i ? ", " : "",
                               theme->colors[i].name);
            otr_error_at(diags, node->mark, 301,
                         "%s must be a colour like \"#1a6b8f\" or one of the "
                         "theme's (%s), not \"%s\"",
                         what, names.data, node->text);
            otr_buf_free(&names);
            return -1;
        }
    }
    return otr_parse_color(node, what, out, diags);
}

static int parse_choice(const otr_node *node, const char *what,
                        const char *const *choices, int *out, otr_diags *diags)
{
    const char *text = otr_expect_string(node, what, 1, diags);
    if (!text)
        return -1;
    for (int i = 0; choices[i]; i++) {
        if (strcmp(text, choices[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    otr_buf list = {0};
    for (int i = 0; choices[i]; i++)
        otr_buf_printf(&list, "%s%s", i ? ", " : "", choices[i]);
    otr_error_at(diags, node->mark, 302, "%s must be one of %s, not \"%s\"",
                 what, list.data, text);
    otr_buf_free(&list);
    return -1;
}

/* An optional number field: leaves *OUT alone when absent. */
static int optional_number(const otr_node *map, const char *key, double min,
                           double max, double *out, otr_diags *diags)
{
    const otr_node *node = otr_map_get(map, key);
    if (!node)
        return 0;
    char *what = otr_xasprintf("\"%s\"", key);
    int rc = otr_expect_number(node, what, min, max, out, diags);
    free(what);
    return rc < 0 ? 1 : 0;
}

static int required_number(const otr_node *map, const char *key, double min,
                           double max, double *out, const char *what,
                           otr_diags *diags)
{
    if (!otr_map_get(map, key)) {
        otr_report_missing(map, key, what, diags);
        return 1;
    }
    return optional_number(map, key, min, max, out, diags);
}

/* mm per unit of the layout's lengths: 1, or 25.4 / 96 for CSS px. */
static double unit_mm(const otr_layout *layout)
{
    return layout->in_px ? 25.4 / 96.0 : 1.0;
}

static const char *unit_name(const otr_layout *layout)
{
    return layout->in_px ? "px" : "mm";
}

static int load_page_size(otr_layout *layout, const otr_node *page,
                          otr_diags *diags)
{
    static const char *const keys[] = {"size", "orientation", "unit", "density",
                                       NULL};
    if (!otr_expect_map(page, "\"page\"", diags))
        return 1;
    int errors = otr_check_keys(page, keys, "\"page\"", diags);
    const otr_node *unit = otr_map_get(page, "unit");
    if (unit) {
        static const char *const units[] = {"mm", "px", NULL};
        if (parse_choice(unit, "\"unit\"", units, &layout->in_px, diags) < 0)
            return errors + 1;
    }
    double density = 1;
    const otr_node *node = otr_map_get(page, "density");
    if (node && !layout->in_px) {
        otr_error_at(diags, node->mark, 303,
                     "\"density\" is for pages in px (unit: px)");
        return errors + 1;
    }
    if (node &&
        otr_expect_number(node, "\"density\"", 1, 4, &density, diags) < 0)
        return errors + 1;
    if (layout->in_px)
        layout->png_dpi = 96.0 * density;
    const otr_node *size = otr_map_get(page, "size");
    if (!size) {
        otr_report_missing(page, "size", "\"page\"", diags);
        return errors + 1;
    }
    if (size->kind == OTR_NODE_SEQ) {
        const char *w =
            layout->in_px ? "the page width in px" : "the page width in mm";
        const char *h =
            layout->in_px ? "the page height in px" : "the page height in mm";
        if (size->count != 2 ||
            otr_expect_number(size->children[0], w, 10, 5000, &layout->width,
                              diags) < 0 ||
            otr_expect_number(size->children[1], h, 10, 5000, &layout->height,
                              diags) < 0) {
            if (size->count != 2)
                otr_error_at(diags, size->mark, 303,
                             "a page size is [width, height] in %s",
                             unit_name(layout));
            return errors + 1;
        }
    } else {
        const char *name = otr_expect_string(size, "\"size\"", 1, diags);
        if (!name)
            return errors + 1;
        const paper_size *found = NULL;
        for (size_t i = 0; i < sizeof iso_a / sizeof iso_a[0]; i++) {
            if (strcmp(iso_a[i].name, name) == 0)
                found = &iso_a[i];
        }
        if (!found || layout->in_px) {
            otr_error_at(diags, size->mark, 303,
                         layout->in_px
                             ? "unknown page size \"%s\" (a page in px is "
                               "[width, height], e.g. [1080, 1080])"
                             : "unknown page size \"%s\" (use A0 to A7 or "
                               "[width, height] in mm)",
                         name);
            return errors + 1;
        }
        layout->width = found->width;
        layout->height = found->height;
    }
    const otr_node *orientation = otr_map_get(page, "orientation");
    if (orientation) {
        static const char *const choices[] = {"portrait", "landscape", NULL};
        int landscape = 0;
        if (parse_choice(orientation, "\"orientation\"", choices, &landscape,
                         diags) < 0)
            return errors + 1;
        int is_landscape = layout->width > layout->height;
        if (landscape != is_landscape) {
            double w = layout->width;
            layout->width = layout->height;
            layout->height = w;
        }
    }
    return errors;
}

/* Lengths read in px become mm, the unit composing works in. */
static void frames_to_mm(otr_frame *frames, size_t count, double k)
{
    for (size_t i = 0; i < count; i++) {
        otr_frame *f = &frames[i];
        f->x *= k;
        f->y *= k;
        f->width *= k;
        f->height *= k;
        f->radius *= k;
        f->min_module *= k;
        f->logo_height *= k;
        f->gap *= k;
        f->header_height *= k;
        f->entry_gap *= k;
        frames_to_mm(f->children, f->child_count, k);
    }
}

static int load_url_kind(const otr_node *node, const char *what,
                         otr_url_kind *out, otr_diags *diags);

/* "snippet: {link: site, alt: TEMPLATE}": the HTML that puts an e-mail
 * banner into a signature. */
static int load_snippet(otr_layout *layout, const otr_node *map,
                        otr_diags *diags)
{
    static const char *const keys[] = {"link", "alt", NULL};
    if (!otr_expect_map(map, "\"snippet\"", diags))
        return 1;
    int errors = otr_check_keys(map, keys, "\"snippet\"", diags);
    const otr_node *node = otr_map_get(map, "link");
    if (!node) {
        otr_report_missing(map, "link", "\"snippet\"", diags);
        return errors + 1;
    }
    errors += load_url_kind(node, "\"link\"", &layout->snippet_link, diags);
    layout->snippet_alt = otr_require_string(map, "alt", "\"snippet\"", diags);
    if (!layout->snippet_alt)
        return errors + 1;
    layout->snippet_alt_mark = otr_map_get(map, "alt")->mark;
    if (!layout->in_px) {
        otr_error_at(diags, map->mark, 303,
                     "a snippet goes with a screen layout (page unit: px)");
        errors++;
    }
    layout->has_snippet = errors == 0;
    return errors;
}

static const otr_style *theme_style(const otr_theme *theme, const char *name)
{
    for (size_t i = 0; theme && i < theme->style_count; i++) {
        if (strcmp(theme->styles[i].name, name) == 0)
            return &theme->styles[i];
    }
    return NULL;
}

int otr_style_load(otr_style *style, const otr_node *key, const otr_node *map,
                   const otr_theme *theme, otr_diags *diags)
{
    static const char *const keys[] = {
        "base",     "font",        "weight", "size", "min_size",
        "max_size", "line_height", "color",  "role", NULL};
    style->name = key->text;
    style->mark = key->mark;
    style->font = "Noto Sans";
    style->size = 10;
    style->color = (otr_color){0, 0, 0};
    if (!otr_expect_map(map, "a style", diags))
        return 1;
    int errors = otr_check_keys(map, keys, "a style", diags);
    const otr_node *node;
    int has_base = 0;
    if ((node = otr_map_get(map, "base"))) {
        const char *name = otr_expect_string(node, "\"base\"", 1, diags);
        const otr_style *base = name ? theme_style(theme, name) : NULL;
        if (name && !base)
            otr_error_at(diags, node->mark, 306,
                         "no style \"%s\" in layouts/theme.yaml", name);
        if (!base)
            return errors + 1;
        *style = *base;
        style->name = key->text;
        style->mark = key->mark;
        has_base = 1;
    }
    if ((node = otr_map_get(map, "font"))) {
        const char *font = otr_expect_string(node, "\"font\"", 1, diags);
        if (font)
            style->font = font;
        else
            errors++;
    }
    if ((node = otr_map_get(map, "weight"))) {
        static const char *const weights[] = {"regular", "bold", NULL};
        if (parse_choice(node, "\"weight\"", weights, &style->bold, diags) < 0)
            errors++;
    }
    if ((node = otr_map_get(map, "role")) &&
        !(style->role = otr_expect_string(node, "\"role\"", 1, diags)))
        errors++;
    double base_ratio = has_base ? style->min_size / style->size : 1;
    int sized = otr_map_get(map, "size") != NULL;
    errors += optional_number(map, "size", 2, 400, &style->size, diags);
    if (!has_base || sized)
        style->min_size = style->size * base_ratio;
    errors += optional_number(map, "min_size", 2, 400, &style->min_size, diags);
    if (style->min_size > style->size) {
        const otr_node *at = otr_map_get(map, "min_size");
        otr_error_at(diags, at ? at->mark : map->mark, 304,
                     "min_size %g is larger than size %g", style->min_size,
                     style->size);
        errors++;
    }
    if (sized && !otr_map_get(map, "max_size"))
        style->max_size = 0; /* a base's growth is for the base's size */
    errors += optional_number(map, "max_size", 2, 400, &style->max_size, diags);
    if (style->max_size && style->max_size < style->size) {
        const otr_node *at = otr_map_get(map, "max_size");
        otr_error_at(diags, at ? at->mark : map->mark, 304,
                     "max_size %g is smaller than size %g", style->max_size,
                     style->size);
        errors++;
    }
    errors +=
        optional_number(map, "line_height", 0.5, 3, &style->line_height, diags);
    if ((node = otr_map_get(map, "color")) &&
        theme_color(node, "\"color\"", theme, &style->color, diags) < 0)
        errors++;
    return errors;
}

static const otr_style *find_style(const otr_layout *layout, const char *name)
{
    for (size_t i = 0; i < layout->style_count; i++) {
        if (strcmp(layout->styles[i].name, name) == 0)
            return &layout->styles[i];
    }
    return NULL;
}

static int load_url_kind(const otr_node *node, const char *what,
                         otr_url_kind *out, otr_diags *diags)
{
    static const char *const kinds[] = {"site", "offer", "event", "shelter",
                                        NULL};
    int kind = 0;
    if (parse_choice(node, what, kinds, &kind, diags) < 0)
        return 1;
    *out = (otr_url_kind)kind;
    return 0;
}

static int load_frames(otr_layout *layout, const otr_node *list, double width,
                       double height, otr_frame **out, size_t *count, int depth,
                       otr_diags *diags);

/* Containers load_frame is called for. */
enum { IN_PAGE, IN_TILE, IN_STACK };

static int load_entry(otr_layout *layout, otr_frame *frame,
                      const otr_node *list, otr_diags *diags)
{
    if (!otr_expect_seq(list, "\"entry\"", diags))
        return 1;
    int errors = 0;
    frame->entry = otr_xcalloc(list->count + 1, sizeof(otr_entry_line));
    for (size_t i = 0; i < list->count; i++) {
        const otr_node *map = list->children[i];
        static const char *const keys[] = {"text", "style", "lang", NULL};
        if (!otr_expect_map(map, "an entry line", diags)) {
            errors++;
            continue;
        }
        errors += otr_check_keys(map, keys, "an entry line", diags);
        otr_entry_line line = {0};
        line.text = otr_require_string(map, "text", "an entry line", diags);
        const char *style =
            otr_require_string(map, "style", "an entry line", diags);
        if (!line.text || !style) {
            errors++;
            continue;
        }
        line.mark = otr_map_get(map, "text")->mark;
        if (!(line.style = find_style(layout, style))) {
            otr_error_at(diags, otr_map_get(map, "style")->mark, 306,
                         "no style \"%s\" in this layout's \"styles\"", style);
            errors++;
            continue;
        }
        const otr_node *lang = otr_map_get(map, "lang");
        static const char *const langs[] = {"primary", "secondary", NULL};
        if (lang &&
            parse_choice(lang, "\"lang\"", langs, &line.secondary, diags) < 0) {
            errors++;
            continue;
        }
        layout->bilingual |= line.secondary;
        frame->entry[frame->entry_count++] = line;
    }
    if (frame->entry_count == 0 && errors == 0) {
        otr_error_at(diags, list->mark, 309, "an entry needs at least a line");
        errors++;
    }
    return errors;
}

static const otr_style *style_field(otr_layout *layout, const otr_node *map,
                                    const char *key, const char *what,
                                    int *errors, otr_diags *diags)
{
    const char *name = otr_require_string(map, key, what, diags);
    if (!name) {
        (*errors)++;
        return NULL;
    }
    const otr_style *style = find_style(layout, name);
    if (!style) {
        otr_error_at(diags, otr_map_get(map, key)->mark, 306,
                     "no style \"%s\" in this layout's \"styles\"", name);
        (*errors)++;
    }
    return style;
}

/* A list's "emergency" box (model.h: otr_emergency). */
static int load_emergency(otr_layout *layout, otr_frame *frame,
                          const otr_node *map, otr_diags *diags)
{
    static const char *const keys[] = {"heading",
                                       "crisis",
                                       "heading_style",
                                       "number_style",
                                       "style",
                                       "second_style",
                                       "numbers",
                                       "crisis_limit",
                                       "fill",
                                       "accent",
                                       NULL};
    static const char *what = "an emergency box";
    if (!otr_expect_map(map, "\"emergency\"", diags))
        return 1;
    int errors = otr_check_keys(map, keys, what, diags);
    otr_emergency *box = otr_xcalloc(1, sizeof(*box));
    frame->emergency = box;
    box->mark = map->mark;
    if (!(box->heading = otr_require_string(map, "heading", what, diags)))
        errors++;
    const otr_node *node;
    if ((node = otr_map_get(map, "crisis")) &&
        !(box->crisis = otr_expect_string(node, "\"crisis\"", 1, diags)))
        errors++;
    box->heading_style =
        style_field(layout, map, "heading_style", what, &errors, diags);
    box->number_style =
        style_field(layout, map, "number_style", what, &errors, diags);
    box->style = style_field(layout, map, "style", what, &errors, diags);
    box->second_style =
        style_field(layout, map, "second_style", what, &errors, diags);
    double limit = 4;
    errors += optional_number(map, "crisis_limit", 0, 20, &limit, diags);
    box->crisis_limit = (int)limit;
    box->fill = (otr_color){1, 1, 1};
    box->accent = (otr_color){0, 0, 0};
    if ((node = otr_map_get(map, "fill")) &&
        theme_color(node, "\"fill\"", layout->theme, &box->fill, diags) < 0)
        errors++;
    if ((node = otr_map_get(map, "accent")) &&
        theme_color(node, "\"accent\"", layout->theme, &box->accent, diags) < 0)
        errors++;
    const otr_node *list = otr_map_get(map, "numbers");
    if (!list || !otr_expect_seq(list, "\"numbers\"", diags))
        return errors + 1;
    box->numbers = otr_xcalloc(list->count + 1, sizeof(otr_emergency_number));
    for (size_t i = 0; i < list->count; i++) {
        const otr_node *item = list->children[i];
        static const char *const item_keys[] = {"number", "text", NULL};
        if (!otr_expect_map(item, "an emergency number", diags)) {
            errors++;
            continue;
        }
        errors += otr_check_keys(item, item_keys, "an emergency number", diags);
        otr_emergency_number number = {
            otr_require_string(item, "number", "an emergency number", diags),
            otr_require_string(item, "text", "an emergency number", diags),
            item->mark};
        if (!number.number || !number.text) {
            errors++;
            continue;
        }
        int digits = 0, valid = 1;
        for (const char *p = number.number; *p; p++) {
            digits += *p >= '0' && *p <= '9';
            valid &= (*p >= '0' && *p <= '9') || *p == ' ';
        }
        if (!valid || digits < 3 || digits > 15) {
            otr_error_at(diags, otr_map_get(item, "number")->mark, 318,
                         "an emergency number is dialled as printed: 3 to 15 "
                         "digits, spaces between groups (\"116 117\"), not "
                         "\"%s\"",
                         number.number);
            errors++;
            continue;
        }
        box->numbers[box->number_count++] = number;
    }
    return errors;
}

/* A frame inside a container of WIDTH x HEIGHT mm: the page, a tile or a
 * stack (IN_PAGE, IN_TILE, IN_STACK; a stack's HEIGHT is not checked). */
static int load_frame(otr_layout *layout, otr_frame *frame, const otr_node *map,
                      double width, double height, int depth, otr_diags *diags)
{
    static const char *const keys[] = {"type",
                                       "name",
                                       "x",
                                       "y",
                                       "width",
                                       "height",
                                       "mirror",
                                       "lang",
                                       "if",
                                       "max_height",
                                       /* rect */ "fill",
                                       "radius",
                                       /* text */ "text",
                                       "style",
                                       "align",
                                       "valign",
                                       "max_lines",
                                       "link",
                                       /* qr */ "url",
                                       "min_module",
                                       "ecc",
                                       "color",
                                       /* image */ "src",
                                       /* tiles, list */ "columns",
                                       "rows",
                                       "gap",
                                       "frames",
                                       /* stack */ "spread",
                                       /* list */ "records",
                                       "limit",
                                       "max_km",
                                       "header_style",
                                       "header_height",
                                       "entry_gap",
                                       "entry",
                                       "header_continued",
                                       "emergency",
                                       /* imprint */ "logo_height",
                                       NULL};
    static const char *const types[] = {"rect",    "text",  "qr",
                                        "image",   "tiles", "list",
                                        "imprint", "stack", NULL};

    frame->mark = map->mark;
    frame->mirror = 1;
    int errors = otr_check_keys(map, keys, "a frame", diags);
    const otr_node *type = otr_map_get(map, "type");
    int kind = 0;
    if (!type) {
        otr_report_missing(map, "type", "a frame", diags);
        return errors + 1;
    }
    if (parse_choice(type, "\"type\"", types, &kind, diags) < 0)
        return errors + 1;
    frame->kind = (otr_frame_kind)kind;
    frame->name = types[kind];
    const otr_node *node;
    if ((node = otr_map_get(map, "name"))) {
        frame->name = otr_expect_string(node, "\"name\"", 1, diags);
        if (!frame->name) {
            frame->name = types[kind];
            errors++;
        }
    }
    if (depth == IN_STACK) {
        /* In a stack: x and y default to 0 (y is the space above), the
         * width to the stack's. */
        frame->width = width;
        errors += optional_number(map, "x", 0, 5000, &frame->x, diags);
        errors += optional_number(map, "y", 0, 5000, &frame->y, diags);
        errors +=
            optional_number(map, "width", 0.1, 5000, &frame->width, diags);
    } else {
        errors +=
            required_number(map, "x", 0, 5000, &frame->x, "a frame", diags);
        errors +=
            required_number(map, "y", 0, 5000, &frame->y, "a frame", diags);
        errors += required_number(map, "width", 0.1, 5000, &frame->width,
                                  "a frame", diags);
    }
    if (frame->kind == OTR_FRAME_QR && !otr_map_get(map, "height"))
        frame->height = frame->width;
    else if (depth == IN_STACK && frame->kind == OTR_FRAME_TEXT)
        errors +=
            optional_number(map, "height", 0, 5000, &frame->height, diags);
    else
        errors += required_number(map, "height", 0.1, 5000, &frame->height,
                                  "a frame", diags);
    if ((node = otr_map_get(map, "mirror")) &&
        otr_expect_bool(node, "\"mirror\"", &frame->mirror, diags) < 0)
        errors++;
    static const char *const langs[] = {"primary", "secondary", "both", NULL};
    int lang_choice = 0;
    if ((node = otr_map_get(map, "lang")) &&
        parse_choice(node, "\"lang\"", langs, &lang_choice, diags) < 0)
        errors++;
    frame->secondary = lang_choice == 1;
    frame->both = lang_choice == 2;
    if (frame->both && frame->kind != OTR_FRAME_TEXT) {
        otr_error_at(diags, node->mark, 316,
                     "\"lang: both\" is for text frames");
        errors++;
    }
    layout->bilingual |= lang_choice != 0;
    if ((node = otr_map_get(map, "max_height"))) {
        if (depth != IN_STACK || frame->kind != OTR_FRAME_TEXT) {
            otr_error_at(diags, node->mark, 316,
                         "\"max_height\" is for text frames in a stack");
            errors++;
        } else {
            errors += optional_number(map, "max_height", 0.1, 5000,
                                      &frame->max_height, diags);
            if (frame->max_height && frame->max_height < frame->height) {
                otr_error_at(diags, node->mark, 316,
                             "max_height %g is below the frame's height %g",
                             frame->max_height, frame->height);
                errors++;
            }
        }
    }
    if ((node = otr_map_get(map, "if"))) {
        frame->condition = otr_expect_string(node, "\"if\"", 1, diags);
        frame->condition_mark = node->mark;
        if (!frame->condition)
            errors++;
    }
    if (frame->x + frame->width > width + 1e-9 ||
        (depth != IN_STACK && frame->y + frame->height > height + 1e-9)) {
        static const char *const containers[] = {"page", "tile", "stack"};
        otr_error_at(diags, map->mark, 305,
                     "frame \"%s\" reaches past the %gx%g %s %s", frame->name,
                     width, height, unit_name(layout), containers[depth]);
        errors++;
    }

    switch (frame->kind) {
    case OTR_FRAME_RECT:
        frame->fill = (otr_color){0, 0, 0};
        if ((node = otr_map_get(map, "fill"))) {
            if (node->kind == OTR_NODE_SCALAR &&
                strcmp(node->text, "category") == 0)
                frame->fill_category = 1;
            else if (theme_color(node, "\"fill\"", layout->theme, &frame->fill,
                                 diags) < 0)
                errors++;
        }
        errors +=
            optional_number(map, "radius", 0, 1000, &frame->radius, diags);
        break;
    case OTR_FRAME_TEXT: {
        frame->text = otr_require_string(map, "text", "a text frame", diags);
        if (!frame->text)
            errors++;
        else
            frame->text_mark = otr_map_get(map, "text")->mark;
        frame->style =
            style_field(layout, map, "style", "a text frame", &errors, diags);
        static const char *const aligns[] = {"start", "center", "end", NULL};
        static const char *const valigns[] = {"top", "middle", "bottom", NULL};
        int choice = 0;
        if ((node = otr_map_get(map, "align"))) {
            if (parse_choice(node, "\"align\"", aligns, &choice, diags) < 0)
                errors++;
            frame->align = (otr_align)choice;
        }
        if ((node = otr_map_get(map, "valign"))) {
            choice = 0;
            if (parse_choice(node, "\"valign\"", valigns, &choice, diags) < 0)
                errors++;
            frame->valign = (otr_valign)choice;
        }
        double max_lines = 0;
        errors += optional_number(map, "max_lines", 0, 1000, &max_lines, diags);
        frame->max_lines = (int)max_lines;
        if ((node = otr_map_get(map, "link"))) {
            frame->has_link = 1;
            errors += load_url_kind(node, "\"link\"", &frame->link, diags);
        }
        break;
    }
    case OTR_FRAME_QR: {
        frame->min_module = 0.4 / unit_mm(layout);
        frame->ecc = OTR_QR_ECC_M;
        frame->dark = (otr_color){0, 0, 0};
        if (!(node = otr_map_get(map, "url"))) {
            otr_report_missing(map, "url", "a QR frame", diags);
            errors++;
        } else {
            errors += load_url_kind(node, "\"url\"", &frame->url, diags);
        }
        errors += optional_number(map, "min_module", 0.1, 10,
                                  &frame->min_module, diags);
        static const char *const levels[] = {"L", "M", "Q", "H", NULL};
        if ((node = otr_map_get(map, "ecc")) &&
            parse_choice(node, "\"ecc\"", levels, &frame->ecc, diags) < 0)
            errors++;
        if ((node = otr_map_get(map, "color")) &&
            theme_color(node, "\"color\"", layout->theme, &frame->dark, diags) <
                0)
            errors++;
        else if (node) {
            double sc = otr_qr_symbol_contrast(frame->dark.r, frame->dark.g,
                                               frame->dark.b);
            if (sc + 1e-9 < OTR_QR_MIN_SYMBOL_CONTRAST) {
                otr_error_at(diags, node->mark, 314,
                             "frame \"%s\": QR colour %s on white has a "
                             "symbol contrast of %.0f%% (grade %c of ISO/IEC "
                             "15415); phones read QR codes reliably from "
                             "%.0f%% (grade C): choose a darker colour",
                             frame->name, node->text, floor(sc * 100),
                             otr_qr_contrast_grade(sc),
                             OTR_QR_MIN_SYMBOL_CONTRAST * 100);
                errors++;
            }
        }
        if (frame->width != frame->height) {
            otr_error_at(diags, map->mark, 307,
                         "a QR frame must be square (width = height)");
            errors++;
        }
        break;
    }
    case OTR_FRAME_IMAGE:
        frame->src = otr_require_string(map, "src", "an image frame", diags);
        if (!frame->src)
            errors++;
        else
            frame->src_mark = otr_map_get(map, "src")->mark;
        break;
    case OTR_FRAME_TILES: {
        layout->all_languages = 1;
        double columns = 1, rows = 1;
        errors += required_number(map, "columns", 1, 20, &columns,
                                  "a tiles frame", diags);
        errors +=
            required_number(map, "rows", 1, 40, &rows, "a tiles frame", diags);
        errors += optional_number(map, "gap", 0, 100, &frame->gap, diags);
        frame->columns = (int)columns;
        frame->rows = (int)rows;
        double tile_width =
            (frame->width - frame->gap * (frame->columns - 1)) / frame->columns;
        double tile_height =
            (frame->height - frame->gap * (frame->rows - 1)) / frame->rows;
        if (depth != IN_PAGE) {
            otr_error_at(diags, map->mark, 310,
                         "tiles go on the page, not in tiles or a stack");
            errors++;
        } else if (!(node = otr_map_get(map, "frames"))) {
            otr_report_missing(map, "frames", "a tiles frame", diags);
            errors++;
        } else {
            errors += load_frames(layout, node, tile_width, tile_height,
                                  &frame->children, &frame->child_count,
                                  IN_TILE, diags);
        }
        break;
    }
    case OTR_FRAME_STACK:
        errors += optional_number(map, "gap", 0, 100, &frame->gap, diags);
        errors += optional_number(map, "spread", 0, 10, &frame->spread, diags);
        if (depth != IN_PAGE) {
            otr_error_at(diags, map->mark, 310,
                         "a stack goes on the page, not in tiles or a stack");
            errors++;
        } else if (!(node = otr_map_get(map, "frames"))) {
            otr_report_missing(map, "frames", "a stack frame", diags);
            errors++;
        } else {
            errors += load_frames(layout, node, frame->width, frame->height,
                                  &frame->children, &frame->child_count,
                                  IN_STACK, diags);
            for (size_t i = 0; i < frame->child_count; i++) {
                otr_frame_kind inner = frame->children[i].kind;
                if (inner == OTR_FRAME_LIST || inner == OTR_FRAME_STACK ||
                    inner == OTR_FRAME_TILES) {
                    otr_error_at(diags, frame->children[i].mark, 310,
                                 "a stack holds text, rules, images, QR "
                                 "codes and imprints, not lists");
                    errors++;
                }
            }
        }
        break;
    case OTR_FRAME_IMPRINT:
        layout->has_imprint = 1;
        frame->style = style_field(layout, map, "style", "an imprint frame",
                                   &errors, diags);
        errors += optional_number(map, "logo_height", 0, 200,
                                  &frame->logo_height, diags);
        if (frame->logo_height > frame->height) {
            otr_error_at(diags, otr_map_get(map, "logo_height")->mark, 317,
                         "logo_height %g is taller than the frame (%g %s)",
                         frame->logo_height, frame->height, unit_name(layout));
            errors++;
        }
        break;
    case OTR_FRAME_LIST: {
        static const char *const records[] = {"nearby-offers", NULL};
        int which = 0;
        if (!(node = otr_map_get(map, "records"))) {
            otr_report_missing(map, "records", "a list frame", diags);
            errors++;
        } else if (parse_choice(node, "\"records\"", records, &which, diags) <
                   0) {
            errors++;
        }
        if (layout->record != OTR_URL_SHELTER) {
            otr_error_at(diags, map->mark, 311,
                         "a list of nearby offers needs a layout about a "
                         "shelter (record: shelter)");
            errors++;
        }
        double columns = 1, limit = 0;
        errors += optional_number(map, "columns", 1, 6, &columns, diags);
        errors += optional_number(map, "gap", 0, 100, &frame->gap, diags);
        errors += optional_number(map, "limit", 0, 10000, &limit, diags);
        errors +=
            optional_number(map, "max_km", 0, 1000, &frame->max_km, diags);
        frame->columns = (int)columns;
        frame->limit = (int)limit;
        if (otr_map_get(map, "header_style") || otr_map_get(map, "entry"))
            frame->header_style = style_field(layout, map, "header_style",
                                              "a list frame", &errors, diags);
        frame->header_height = 7 / unit_mm(layout);
        errors += optional_number(map, "header_height", 2, 100,
                                  &frame->header_height, diags);
        frame->entry_gap = 2 / unit_mm(layout);
        errors +=
            optional_number(map, "entry_gap", 0, 100, &frame->entry_gap, diags);
        /* Entries are set once, in the first list; later lists (on
         * continuation pages) give only where they go. */
        if ((node = otr_map_get(map, "entry")))
            errors += load_entry(layout, frame, node, diags);
        if ((node = otr_map_get(map, "header_continued")) &&
            !(frame->header_continued =
                  otr_expect_string(node, "\"header_continued\"", 1, diags)))
            errors++;
        if ((node = otr_map_get(map, "emergency")))
            errors += load_emergency(layout, frame, node, diags);
        break;
    }
    }
    return errors;
}

static int load_frames(otr_layout *layout, const otr_node *list, double width,
                       double height, otr_frame **out, size_t *count, int depth,
                       otr_diags *diags)
{
    if (!otr_expect_seq(list, "\"frames\"", diags))
        return 1;
    int errors = 0;
    *out = otr_xcalloc(list->count + 1, sizeof(otr_frame));
    *count = 0;
    for (size_t f = 0; f < list->count; f++) {
        const otr_node *map = list->children[f];
        if (!otr_expect_map(map, "a frame", diags)) {
            errors++;
            continue;
        }
        errors += load_frame(layout, &(*out)[(*count)++], map, width, height,
                             depth, diags);
    }
    return errors;
}

static int load_page(otr_layout *layout, const otr_node *page, otr_page *out,
                     otr_diags *diags)
{
    static const char *const page_keys[] = {"frames", NULL};
    if (!otr_expect_map(page, "a page", diags))
        return 1;
    int errors = otr_check_keys(page, page_keys, "a page", diags);
    const otr_node *frames = otr_map_get(page, "frames");
    if (!frames) {
        otr_report_missing(page, "frames", "a page", diags);
        return errors + 1;
    }
    return errors + load_frames(layout, frames, layout->width, layout->height,
                                &out->frames, &out->frame_count, IN_PAGE,
                                diags);
}

int otr_layout_load(otr_layout *layout, const char *name, const otr_node *root,
                    otr_mark file, otr_diags *diags)
{
    return otr_layout_load_themed(layout, name, root, file, NULL, diags);
}

/* The theme's minimum sizes for the layout's product class, on each style
 * with a role. */
static void apply_floors(otr_layout *layout)
{
    const otr_theme *theme = layout->theme;
    for (size_t i = 0;
         theme && layout->product_class && i < layout->style_count; i++) {
        otr_style *style = &layout->styles[i];
        style->floor = style->floor_arabic = 0;
        for (size_t k = 0; style->role && k < theme->floor_count; k++) {
            const otr_size_floor *f = &theme->floors[k];
            if (strcmp(f->product_class, layout->product_class) == 0 &&
                strcmp(f->role, style->role) == 0) {
                style->floor = f->size;
                style->floor_arabic = f->size_arabic;
            }
        }
    }
}

int otr_layout_load_themed(otr_layout *layout, const char *name,
                           const otr_node *root, otr_mark file,
                           const otr_theme *theme, otr_diags *diags)
{
    memset(layout, 0, sizeof(*layout));
    layout->theme = theme;
    layout->name = name;
    layout->mark = file;
    if (!root) {
        otr_error_at(diags, file, 300, "the file is empty");
        return 1;
    }
    if (!otr_expect_map(root, "a layout", diags))
        return 1;
    static const char *const keys[] = {
        "description", "record", "title",    "fallback",        "page",
        "styles",      "pages",  "continue", "second_language", "class",
        "snippet",     "medium", NULL};
    int errors = otr_check_keys(root, keys, "a layout", diags);
    const otr_node *node;

    layout->description = "";
    if ((node = otr_map_get(root, "description")) &&
        !(layout->description =
              otr_expect_string(node, "\"description\"", 0, diags)))
        errors++;
    if ((node = otr_map_get(root, "title")) &&
        !(layout->title = otr_expect_string(node, "\"title\"", 1, diags)))
        errors++;
    /* Printing another language instead is the user's choice for a job,
     * never a layout's: a layout that still names one prints nothing
     * else, and says so. */
    if ((node = otr_map_get(root, "fallback")))
        otr_warning_at(diags, node->mark, 313,
                       "a layout no longer chooses a fallback language; "
                       "this line is ignored (allow one for a job instead: "
                       "render --fallback CODE, or \"fallback: CODE\" in "
                       "the campaign)");
    if ((node = otr_map_get(root, "second_language")) &&
        !(layout->second =
              otr_expect_string(node, "\"second_language\"", 1, diags)))
        errors++;
    if (node)
        layout->second_mark = node->mark;
    if ((node = otr_map_get(root, "class")) &&
        !(layout->product_class =
              otr_expect_string(node, "\"class\"", 1, diags)))
        errors++;
    layout->record = OTR_URL_SITE;
    if ((node = otr_map_get(root, "record")))
        errors += load_url_kind(node, "\"record\"", &layout->record, diags);

    if (!(node = otr_map_get(root, "page"))) {
        otr_report_missing(root, "page", "a layout", diags);
        return errors + 1;
    }
    if (load_page_size(layout, node, diags))
        return errors + 1;

    /* The layout's own styles, then the theme's: the first of a name is
     * the one used. */
    node = otr_map_get(root, "styles");
    if (node && !otr_expect_map(node, "\"styles\"", diags))
        return errors + 1;
    size_t own = node ? node->count / 2 : 0;
    size_t themed = theme ? theme->style_count : 0;
    layout->styles = otr_xcalloc(own + themed + 1, sizeof(otr_style));
    for (size_t i = 0; i < own; i++)
        errors += otr_style_load(&layout->styles[layout->style_count++],
                                 node->children[2 * i],
                                 node->children[2 * i + 1], theme, diags);
    for (size_t i = 0; i < themed; i++)
        layout->styles[layout->style_count++] = theme->styles[i];
    apply_floors(layout);

    const otr_node *pages = otr_map_get(root, "pages");
    if (!pages) {
        otr_report_missing(root, "pages", "a layout", diags);
        return errors + 1;
    }
    if (!otr_expect_seq(pages, "\"pages\"", diags))
        return errors + 1;
    if (pages->count == 0) {
        otr_error_at(diags, pages->mark, 308, "the layout has no pages");
        return errors + 1;
    }
    layout->pages = otr_xcalloc(pages->count, sizeof(otr_page));
    layout->page_count = pages->count;
    for (size_t p = 0; p < pages->count; p++)
        errors +=
            load_page(layout, pages->children[p], &layout->pages[p], diags);
    if ((node = otr_map_get(root, "continue"))) {
        layout->continuation = otr_xcalloc(1, sizeof(otr_page));
        errors += load_page(layout, node, layout->continuation, diags);
    }
    layout->medium = layout->in_px ? "social" : "print";
    if ((node = otr_map_get(root, "medium")) &&
        !(layout->medium = otr_expect_string(node, "\"medium\"", 1, diags)))
        errors++;
    if ((node = otr_map_get(root, "snippet")))
        errors += load_snippet(layout, node, diags);
    if (layout->in_px) {
        double k = unit_mm(layout);
        layout->width *= k;
        layout->height *= k;
        for (size_t p = 0; p < layout->page_count; p++)
            frames_to_mm(layout->pages[p].frames, layout->pages[p].frame_count,
                         k);
        if (layout->continuation)
            frames_to_mm(layout->continuation->frames,
                         layout->continuation->frame_count, k);
    }
    return errors;
}

static void free_frames(otr_frame *frames, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free_frames(frames[i].children, frames[i].child_count);
        free(frames[i].entry);
        if (frames[i].emergency)
            free(frames[i].emergency->numbers);
        free(frames[i].emergency);
    }
    free(frames);
}

void otr_layout_clear(otr_layout *layout)
{
    for (size_t p = 0; p < layout->page_count; p++)
        free_frames(layout->pages[p].frames, layout->pages[p].frame_count);
    free(layout->pages);
    if (layout->continuation)
        free_frames(layout->continuation->frames,
                    layout->continuation->frame_count);
    free(layout->continuation);
    free(layout->styles);
    memset(layout, 0, sizeof(*layout));
}
