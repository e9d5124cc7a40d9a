#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"

#include "compose.h"
#include "draw.h"
#include "format.h"
#include "util.h"

const otr_node *otr_project_load_file(otr_project *project, const char *path,
                                      otr_mark *file, otr_diags *diags)
{
    *file = (otr_mark){0};
    otr_yaml_doc *doc = otr_yaml_load(path, diags);
    if (!doc)
        return NULL;
    project->docs = otr_grow(project->docs, &project->doc_cap,
                             project->doc_count + 1, sizeof(otr_yaml_doc *));
    project->docs[project->doc_count++] = doc;
    *file = (otr_mark){doc->path, 0, 0};
    if (!doc->root)
        return NULL;
    return doc->root;
}

/* DIR as given, else the installed copy when DIR is the default and absent. */
static char *data_dir(const char *given, const char *fallback)
{
    if (given)
        return otr_xstrdup(given);
    if (otr_is_dir(fallback))
        return otr_xstrdup(fallback);
    char *installed = otr_path_join(OTR_DATADIR, fallback);
    if (otr_is_dir(installed))
        return installed;
    free(installed);
    return otr_xstrdup(fallback);
}

/* The bundled fonts sit beside the layouts or the content, or are
 * installed with the program. */
static char *find_fonts(const otr_project *project)
{
    const char *bases[] = {project->layouts_dir, project->content_dir};
    for (size_t i = 0; i < 2; i++) {
        char *fonts = otr_path_join(bases[i], "../fonts");
        if (otr_is_dir(fonts))
            return fonts;
        free(fonts);
    }
    return otr_path_join(OTR_DATADIR, "fonts");
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A layout's second language must be the site's. */
static void check_layout_languages(const otr_project *project, otr_diags *diags)
{
    if (!project->site.language_count)
        return; /* site.yaml is broken; that was reported */
    for (size_t i = 0; i < project->layout_count; i++) {
        const otr_layout *layout = &project->layouts[i];
        if (layout->second &&
            !otr_site_language(&project->site, layout->second))
            otr_error_at(diags, layout->second_mark, 312,
                         "\"%s\" is not one of the site's languages",
                         layout->second);
    }
}

/* The bytes of the file at PATH, read only when it is a regular file of
 * at most MAX_BYTES (else its state goes in: missing or refused). */
static uint64_t hash_file(const char *path, size_t max_bytes, uint64_t hash)
{
    otr_buf bytes = {0};
    int too_big = 0;
    const char *problem = NULL;
    if (otr_read_file(path, max_bytes, &bytes, &too_big, &problem) < 0)
        return otr_hash_bytes(problem, strlen(problem), hash);
    hash = otr_hash_bytes(bytes.data, bytes.len, hash);
    otr_buf_free(&bytes);
    return hash;
}

/* An image named by content or a layout, confined to ROOT: its bytes, or
 * the reason it is refused (the documents that show it then fail). */
static uint64_t hash_image(const char *root, const char *name, uint64_t hash)
{
    hash = otr_hash_bytes(name, strlen(name) + 1, hash);
    const char *problem = NULL;
    char *path = otr_confined_path(root, name, &problem);
    if (!path)
        return otr_hash_bytes(problem, strlen(problem), hash);
    hash = hash_file(path, OTR_IMAGE_MAX_FILE_BYTES, hash);
    free(path);
    return hash;
}

static int is_layout_image(const otr_frame *frame)
{
    return frame->kind == OTR_FRAME_IMAGE && frame->src &&
           strcmp(frame->src, "{category.icon}") != 0;
}

/* Calls VISIT for each of LAYOUT's image frames that names a file under
 * layouts/, tiles' frames included. */
static void each_layout_image(otr_layout *layout,
                              void (*visit)(otr_layout *, const otr_frame *,
                                            void *),
                              void *closure)
{
    otr_page *pages[2] = {layout->pages, layout->continuation};
    size_t counts[2] = {layout->page_count, layout->continuation ? 1 : 0};
    for (int k = 0; k < 2; k++) {
        for (size_t p = 0; p < counts[k]; p++) {
            for (size_t f = 0; f < pages[k][p].frame_count; f++) {
                const otr_frame *frame = &pages[k][p].frames[f];
                if (is_layout_image(frame))
                    visit(layout, frame, closure);
                for (size_t c = 0; c < frame->child_count; c++)
                    if (is_layout_image(&frame->children[c]))
                        visit(layout, &frame->children[c], closure);
            }
        }
    }
}

static void hash_layout_image(otr_layout *layout, const otr_frame *frame,
                              void *closure)
{
    const otr_project *project = closure;
    layout->hash = hash_image(project->layouts_dir, frame->src, layout->hash);
}

typedef struct {
    const otr_project *project;
    otr_diags *diags;
} image_check;

/* A layout's image must be a regular file inside the layouts folder; it
 * is decoded (and held to the image limits) when a document shows it. */
static void check_layout_image(otr_layout *layout, const otr_frame *frame,
                               void *closure)
{
    (void)layout;
    const image_check *check = closure;
    const char *problem = NULL;
    char *real =
        otr_confined_path(check->project->layouts_dir, frame->src, &problem);
    if (!real) {
        char *path = otr_path_join(check->project->layouts_dir, frame->src);
        otr_error_at(check->diags, frame->src_mark, 313,
                     "the image file %s cannot be used: %s", path, problem);
        free(path);
    }
    free(real);
}

/* Images drawn from files: category icons count for every document, a
 * layout's own images for that layout. Only files that passed confinement
 * are read, and no more than an image may hold. */
static void hash_images(otr_project *project)
{
    const otr_directory *dir = &project->directory;
    for (size_t i = 0; i < dir->category_count; i++) {
        if (dir->categories[i].icon)
            project->shared_hash =
                hash_image(project->content_dir, dir->categories[i].icon,
                           project->shared_hash);
    }
    const otr_imprint *imprint = &project->site.imprint;
    for (size_t i = 0; i < imprint->logo_count; i++)
        project->shared_hash = hash_image(
            project->content_dir, imprint->logos[i], project->shared_hash);
    for (size_t l = 0; l < project->layout_count; l++)
        each_layout_image(&project->layouts[l], hash_layout_image, project);
}

/* The imprint's logos, like icons, are files inside the content folder. */
static void check_logos(const otr_project *project, otr_diags *diags)
{
    const otr_imprint *imprint = &project->site.imprint;
    for (size_t i = 0; i < imprint->logo_count; i++) {
        const char *problem = NULL;
        char *real = otr_confined_path(project->content_dir, imprint->logos[i],
                                       &problem);
        if (!real) {
            char *path = otr_path_join(project->content_dir, imprint->logos[i]);
            otr_error_at(diags, imprint->logo_marks[i], 239,
                         "the logo file %s cannot be used: %s", path, problem);
            free(path);
        }
        free(real);
    }
}

/* The bundled fonts by name and content: a new font version, even one of
 * the same size, rebuilds all. */
enum { OTR_FONT_MAX_BYTES = 64 * 1024 * 1024 };
static uint64_t fonts_hash(const char *dir, uint64_t hash)
{
    DIR *folder = opendir(dir);
    if (!folder)
        return hash;
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        if (entry->d_name[0] == '.')
            continue;
        names = otr_grow(names, &cap, count + 1, sizeof(char *));
        names[count++] = otr_xstrdup(entry->d_name);
    }
    closedir(folder);
    if (count)
        qsort(names, count, sizeof(char *), by_string);
    for (size_t i = 0; i < count; i++) {
        char *path = otr_path_join(dir, names[i]);
        hash = otr_hash_bytes(names[i], strlen(names[i]) + 1, hash);
        hash = hash_file(path, OTR_FONT_MAX_BYTES, hash);
        free(path);
        free(names[i]);
    }
    free(names);
    return hash;
}

static int by_layout_name(const void *a, const void *b)
{
    return strcmp(((const otr_layout *)a)->name, ((const otr_layout *)b)->name);
}

/* The YAML files in DIR, sorted by name; the caller frees each and the
 * array. */
static char **yaml_files(const char *dir, size_t *count)
{
    char **names = NULL;
    size_t cap = 0;
    *count = 0;
    DIR *folder = opendir(dir);
    if (!folder)
        return NULL;
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        size_t len = strlen(entry->d_name);
        if (entry->d_name[0] == '.' || len <= 5 ||
            strcmp(entry->d_name + len - 5, ".yaml") != 0)
            continue;
        names = otr_grow(names, &cap, *count + 1, sizeof(char *));
        names[(*count)++] = otr_xstrdup(entry->d_name);
    }
    closedir(folder);
    if (*count)
        qsort(names, *count, sizeof(char *), by_string);
    return names;
}

/* Loads an optional content file; FILE stays unset when it does not exist. */
static const otr_node *load_optional(otr_project *project, const char *name,
                                     otr_mark *file, otr_diags *diags)
{
    *file = (otr_mark){0};
    char *path = otr_path_join(project->content_dir, name);
    const otr_node *root = NULL;
    if (otr_is_file(path))
        root = otr_project_load_file(project, path, file, diags);
    free(path);
    return root;
}

/* NAME.yaml and every file in NAME/, for large directories kept one file
 * per town or category and for imported records, which live in files of
 * their own. The caller frees the two arrays. */
static size_t load_record_files(otr_project *project, const char *name,
                                const otr_node ***roots_out,
                                otr_mark **files_out, otr_diags *diags)
{
    char *dir = otr_path_join(project->content_dir, name);
    size_t count = 0;
    char **names = yaml_files(dir, &count);
    const otr_node **roots = otr_xcalloc(count + 2, sizeof(otr_node *));
    otr_mark *files = otr_xcalloc(count + 2, sizeof(otr_mark));
    size_t loaded = 0;
    otr_mark file;
    char *single = otr_xasprintf("%s.yaml", name);
    const otr_node *root = load_optional(project, single, &file, diags);
    free(single);
    if (file.file) {
        roots[loaded] = root;
        files[loaded++] = file;
    }
    for (size_t i = 0; i < count; i++) {
        char *path = otr_path_join(dir, names[i]);
        file = (otr_mark){0};
        root = otr_project_load_file(project, path, &file, diags);
        if (file.file) {
            roots[loaded] = root;
            files[loaded++] = file;
        }
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);
    *roots_out = roots;
    *files_out = files;
    return loaded;
}

/* Which kinds of record a load reads: all of them, or (for one document)
 * those its layout shows. */
typedef struct {
    int offers, events, shelters;
} record_needs;

static const record_needs all_records = {1, 1, 1};

static void load_directory(otr_project *project, record_needs needs,
                           otr_diags *diags)
{
    otr_directory_sources src = {0};
    src.content_dir = project->content_dir;
    const otr_node **categories, **offers = NULL, **events = NULL;
    otr_mark *categories_files, *offers_files = NULL, *events_files = NULL;
    src.categories_count = load_record_files(project, "categories", &categories,
                                             &categories_files, diags);
    if (needs.shelters)
        src.shelters =
            load_optional(project, "shelters.yaml", &src.shelters_file, diags);
    if (needs.events)
        src.events_count =
            load_record_files(project, "events", &events, &events_files, diags);
    if (needs.events && project->candidate_events) {
        /* load_record_files leaves room for one more. */
        otr_mark file = {0};
        const otr_node *root = otr_project_load_file(
            project, project->candidate_events, &file, diags);
        if (file.file) {
            events[src.events_count] = root;
            events_files[src.events_count++] = file;
        }
    }
    if (needs.offers)
        src.offers_count =
            load_record_files(project, "offers", &offers, &offers_files, diags);
    src.categories = categories;
    src.categories_files = categories_files;
    src.offers = offers;
    src.offers_files = offers_files;
    src.events = events;
    src.events_files = events_files;

    otr_directory_load(&project->directory, &src, &project->site, diags);
    for (size_t i = 0; !project->scoped && i < src.categories_count; i++)
        project->shared_hash =
            otr_node_hash(categories[i], project->shared_hash);
    for (size_t i = 0; !project->scoped && i < src.offers_count; i++)
        project->offers_hash = otr_node_hash(offers[i], project->offers_hash);
    free(categories);
    free(categories_files);
    free(offers);
    free(offers_files);
    free(events);
    free(events_files);
}

/* ONLY.yaml as a one-name list, when ONLY is a plain file name (no folder,
 * no hidden file) and that file exists; else NULL. */
static char **only_layout(const otr_project *project, const char *only,
                          size_t *count)
{
    if (!only || !*only || only[0] == '.' || strchr(only, '/'))
        return NULL;
    char *name = otr_xasprintf("%s.yaml", only);
    char *path = otr_path_join(project->layouts_dir, name);
    int exists = strcmp(only, "theme") != 0 && otr_is_file(path);
    free(path);
    if (!exists) {
        free(name);
        return NULL;
    }
    char **names = otr_xcalloc(1, sizeof(char *));
    names[0] = name;
    *count = 1;
    return names;
}

/* Every layout, or only the layout named ONLY (a document of that layout
 * needs no other); an unknown ONLY is reported with the names there are. */
static void load_layouts(otr_project *project, const char *only,
                         otr_diags *diags)
{
    if (!otr_is_dir(project->layouts_dir)) {
        otr_error_at(diags, ((otr_mark){project->layouts_dir, 0, 0}), 130,
                     "cannot open the layouts folder");
        return;
    }
    size_t count = 0;
    char **names = only_layout(project, only, &count);
    if (!names && only) {
        /* No such layout: say so, and name those there are, without
         * reading them (a broken one would hide the answer). */
        names = yaml_files(project->layouts_dir, &count);
        for (size_t i = 0; i < count; i++)
            names[i][strlen(names[i]) - 5] = '\0'; /* without ".yaml" */
        if (count > 1) /* by name, as otr_project_render lists them */
            qsort(names, count, sizeof(char *), by_string);
        otr_buf known = {0};
        for (size_t i = 0; i < count; i++) {
            if (strcmp(names[i], "theme") != 0)
                otr_buf_printf(&known, "%s%s", known.len ? ", " : "", names[i]);
            free(names[i]);
        }
        free(names);
        otr_diags_error(diags, 902, "no layout \"%s\" (there are: %s)", only,
                        known.data ? known.data : "none");
        otr_buf_free(&known);
        return;
    }
    if (!names)
        names = yaml_files(project->layouts_dir, &count);

    /* The house style the layouts use by name; not a layout itself. */
    char *theme_path = otr_path_join(project->layouts_dir, "theme.yaml");
    const otr_node *theme_root = NULL;
    if (otr_is_file(theme_path)) {
        otr_mark file;
        theme_root = otr_project_load_file(project, theme_path, &file, diags);
    }
    free(theme_path);
    otr_theme_load(&project->theme, theme_root, project->site.colors, diags);
    project->theme.hash = otr_node_hash(theme_root, 0);
    project->theme.hash =
        otr_node_hash(project->site.colors, project->theme.hash);

    project->layouts = otr_xcalloc(count + 1, sizeof(otr_layout));
    for (size_t i = 0; i < count; i++) {
        if (strcmp(names[i], "theme.yaml") == 0)
            continue;
        char *path = otr_path_join(project->layouts_dir, names[i]);
        otr_mark file;
        const otr_node *root =
            otr_project_load_file(project, path, &file, diags);
        free(path);
        if (!file.file)
            continue; /* unreadable or bad YAML: reported */
        /* The layout's name is its file name; it lives in the document. */
        otr_yaml_doc *doc = project->docs[project->doc_count - 1];
        const char *base = strrchr(doc->path, '/');
        base = base ? base + 1 : doc->path;
        char *name = otr_xstrndup(base, strlen(base) - 5);
        otr_layout *layout = &project->layouts[project->layout_count];
        if (otr_layout_load_themed(layout, name, root, file, &project->theme,
                                   diags) == 0) {
            project->layout_count++;
            /* Keep the name alive with the layout. */
            layout->name = name;
            layout->hash = otr_node_hash(root, project->theme.hash);
        } else {
            otr_layout_clear(layout);
            free(name);
        }
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    qsort(project->layouts, project->layout_count, sizeof(otr_layout),
          by_layout_name);
}

/* What a layout's documents read of the directory: the kind of record it
 * is printed for, and for a shelter's handout the offers near it. Without
 * a bounding_box in site.yaml, whether a position is plausible is judged
 * against all records' positions, so then all are read. */
static record_needs layout_needs(const otr_project *project,
                                 const otr_layout *layout)
{
    record_needs needs = {0, 0, 0};
    if (!layout)
        return all_records;
    switch (layout->record) {
    case OTR_URL_SITE:
        return needs;
    case OTR_URL_OFFER:
        needs.offers = 1;
        break;
    case OTR_URL_EVENT:
        needs.events = 1;
        break;
    case OTR_URL_SHELTER:
        needs.shelters = needs.offers = 1;
        break;
    default:
        return all_records;
    }
    return project->site.has_box ? needs : all_records;
}

static otr_project *load_project(const otr_paths *paths,
                                 const char *candidate_events,
                                 const char *only_layout_name, otr_diags *diags)
{
    otr_project *project = otr_xcalloc(1, sizeof(*project));
    project->scoped = only_layout_name != NULL;
    if (candidate_events)
        project->candidate_events = otr_xstrdup(candidate_events);
    /* The content is the user's own: never the installed example's. */
    const char *content =
        paths && paths->content_dir ? paths->content_dir : "content";
    project->content_dir = otr_xstrdup(content);
    project->layouts_dir =
        data_dir(paths ? paths->layouts_dir : NULL, "layouts");
    size_t errors_before = otr_diags_error_count(diags);
    if (!otr_is_dir(project->content_dir)) {
        /* One clear message, not a cascade about files inside it. */
        otr_error_at(diags, ((otr_mark){project->content_dir, 0, 0}), 131, "%s",
                     paths && paths->content_dir
                         ? "there is no such content folder (it holds "
                           "site.yaml, offers.yaml, ...): check the path "
                           "given to --content"
                         : "there is no content folder here: run outreach "
                           "in the folder that holds content/ (site.yaml, "
                           "offers.yaml, ...), or point at one with "
                           "--content DIR");
        otr_project_free(project);
        return NULL;
    }

    char *site_path = otr_path_join(project->content_dir, "site.yaml");
    otr_mark file = {0};
    const otr_node *root =
        otr_project_load_file(project, site_path, &file, diags);
    free(site_path);
    if (file.file)
        otr_site_load(&project->site, root, file, diags);
    project->shared_hash = otr_node_hash(root, 0);
    project->shared_hash =
        otr_hash_bytes(OTR_VERSION, sizeof OTR_VERSION, project->shared_hash);

    project->strings =
        otr_xcalloc(project->site.language_count + 1, sizeof(otr_strings));
    project->strings_hashes =
        otr_xcalloc(project->site.language_count + 1, sizeof(uint64_t));
    for (size_t i = 0; i < project->site.language_count; i++) {
        const char *code = project->site.languages[i].code;
        char *name = otr_xasprintf("strings/%s.yaml", code);
        char *path = otr_path_join(project->content_dir, name);
        free(name);
        file = (otr_mark){0};
        if (!otr_is_file(path)) {
            otr_error_at(diags, project->site.languages[i].mark, 212,
                         "language %s has no phrases: %s is missing", code,
                         path);
        } else {
            root = otr_project_load_file(project, path, &file, diags);
            if (file.file)
                otr_strings_load(&project->strings[i], code, root, file, diags);
            project->strings_hashes[i] = otr_node_hash(root, 0);
        }
        free(path);
    }

    /* Everything in the directory refers to the site's languages: with a
     * broken site.yaml it would only repeat that error many times over. */
    int site_ok = otr_diags_error_count(diags) == errors_before;
    if (project->scoped) {
        /* One document: its layout first, then what that layout shows. */
        load_layouts(project, only_layout_name, diags);
        if (site_ok && project->layout_count)
            load_directory(
                project,
                layout_needs(project,
                             otr_project_layout(project, only_layout_name)),
                diags);
    } else {
        if (site_ok)
            load_directory(project, all_records, diags);
        load_layouts(project, NULL, diags);
    }
    check_layout_languages(project, diags);
    check_logos(project, diags);
    image_check check = {project, diags};
    for (size_t l = 0; l < project->layout_count; l++)
        each_layout_image(&project->layouts[l], check_layout_image, &check);

    project->fonts_dir = find_fonts(project);
    if (!project->scoped) {
        /* What batch compares to rebuild only what changed; one document
         * has no use for it, and the fonts are large. */
        hash_images(project);
        project->shared_hash =
            fonts_hash(project->fonts_dir, project->shared_hash);
    }
    project->fonts = otr_fonts_new(project->fonts_dir, diags);
    project->images = otr_images_new();

    if (otr_diags_error_count(diags) > errors_before) {
        /* Nothing can be made: say everything, the records' own errors
         * too, so one run shows them all. */
        const otr_directory *dir = &project->directory;
        otr_directory_read_phones(dir);
        for (size_t i = 0; i < dir->offer_count; i++)
            otr_diags_append(diags, dir->offers[i].problems);
        for (size_t i = 0; i < dir->shelter_count; i++)
            otr_diags_append(diags, dir->shelters[i].problems);
        for (size_t i = 0; i < dir->event_count; i++)
            otr_diags_append(diags, dir->events[i].problems);
        otr_project_free(project);
        return NULL;
    }
    return project;
}

otr_project *otr_project_load(const otr_paths *paths, otr_diags *diags)
{
    return load_project(paths, NULL, NULL, diags);
}

otr_project *otr_project_load_for(const otr_paths *paths, const char *layout,
                                  otr_diags *diags)
{
    return load_project(paths, NULL, layout, diags);
}

otr_project *otr_project_load_candidate(const otr_paths *paths,
                                        const char *candidate_events,
                                        otr_diags *diags)
{
    return load_project(paths, candidate_events, NULL, diags);
}

void otr_project_free(otr_project *project)
{
    if (!project)
        return;
    for (size_t i = 0; i < project->site.language_count; i++)
        otr_strings_clear(&project->strings[i]);
    free(project->strings);
    free(project->strings_hashes);
    otr_directory_clear(&project->directory);
    for (size_t i = 0; i < project->layout_count; i++) {
        free((char *)project->layouts[i].name);
        otr_layout_clear(&project->layouts[i]);
    }
    free(project->layouts);
    otr_theme_clear(&project->theme);
    otr_site_clear(&project->site);
    otr_fonts_free(project->fonts);
    otr_images_free(project->images);
    for (size_t i = 0; i < project->doc_count; i++)
        otr_yaml_doc_free(project->docs[i]);
    free(project->docs);
    free(project->content_dir);
    free(project->layouts_dir);
    free(project->candidate_events);
    free(project->fonts_dir);
    free(project);
    otr_format_release();
}

size_t otr_project_language_count(const otr_project *project)
{
    return project->site.language_count;
}

const char *otr_project_language_code(const otr_project *project, size_t i)
{
    return project->site.languages[i].code;
}

const char *otr_project_language_name(const otr_project *project, size_t i)
{
    return project->site.languages[i].name;
}

const char *otr_project_timezone(const otr_project *project)
{
    return project->site.timezone;
}

size_t otr_project_layout_count(const otr_project *project)
{
    return project->layout_count;
}

const char *otr_project_layout_name(const otr_project *project, size_t i)
{
    return project->layouts[i].name;
}

const char *otr_project_layout_description(const otr_project *project, size_t i)
{
    return project->layouts[i].description;
}

otr_format otr_project_layout_format(const otr_project *project, size_t i)
{
    return project->layouts[i].in_px ? OTR_FORMAT_PNG : OTR_FORMAT_PDF;
}

const otr_layout *otr_project_layout(const otr_project *project,
                                     const char *name)
{
    for (size_t i = 0; i < project->layout_count; i++) {
        if (strcmp(project->layouts[i].name, name) == 0)
            return &project->layouts[i];
    }
    return NULL;
}

static char *known_languages(const otr_project *project)
{
    otr_buf out = {0};
    for (size_t i = 0; i < project->site.language_count; i++)
        otr_buf_printf(&out, "%s%s", i ? ", " : "",
                       project->site.languages[i].code);
    return otr_buf_take(&out);
}

/* The site language CODE and its phrases, or NULL after reporting. */
static const otr_language *find_language(const otr_project *project,
                                         const char *code,
                                         const otr_strings **strings,
                                         otr_diags *diags)
{
    for (size_t i = 0; i < project->site.language_count; i++) {
        if (strcmp(project->site.languages[i].code, code) == 0) {
            *strings = &project->strings[i];
            return &project->site.languages[i];
        }
    }
    char *known = known_languages(project);
    otr_diags_error(diags, 904, "the site has no language \"%s\" (it has: %s)",
                    code, known);
    free(known);
    return NULL;
}

int otr_project_bind(const otr_project *project, const otr_layout *layout,
                     const char *const *langs, size_t lang_count,
                     const char *record_id, const char *fallback,
                     const char *campaign, otr_compose_input *input,
                     otr_diags *diags)
{
    memset(input, 0, sizeof(*input));
    input->site = &project->site;
    input->layout = layout;
    input->fonts = project->fonts;
    input->images = project->images;
    input->directory = &project->directory;
    input->content_dir = project->content_dir;
    input->layouts_dir = project->layouts_dir;
    input->all_strings = project->strings;
    input->record_id = record_id;
    input->campaign = campaign;
    if (lang_count < 1 || lang_count > 2) {
        otr_diags_error(diags, 903,
                        "give one language, or two for a bilingual document "
                        "(--lang fa,de)");
        return -1;
    }
    if (lang_count == 2 && !layout->bilingual) {
        otr_diags_error(diags, 903,
                        "layout \"%s\" is printed in one language at a time "
                        "(give one code to --lang)",
                        layout->name);
        return -1;
    }
    /* A shelter's residents' language the site lacks: its own message. */
    const otr_shelter *shelter =
        layout->record == OTR_URL_SHELTER && record_id
            ? otr_directory_shelter(&project->directory, record_id)
            : NULL;
    for (size_t i = 0; shelter && i < shelter->unknown_count; i++) {
        for (size_t l = 0; l < lang_count; l++) {
            if (strcmp(shelter->unknown_languages[i], langs[l]) == 0) {
                otr_shelter_unknown_language(&project->site, shelter, i, diags);
                return -1;
            }
        }
    }
    input->lang = find_language(project, langs[0], &input->strings, diags);
    if (!input->lang)
        return -1;
    const char *second = lang_count == 2 ? langs[1] : layout->second;
    if (second && strcmp(second, langs[0]) != 0) {
        input->lang2 = find_language(project, second, &input->strings2, diags);
        if (!input->lang2)
            return -1;
    }
    if (fallback && strcmp(fallback, langs[0]) != 0 &&
        !find_language(project, fallback, &input->fallback, diags))
        return -1;
    if (layout->record == OTR_URL_SITE && record_id) {
        otr_diags_error(diags, 905,
                        "layout \"%s\" is about the whole site; it takes no "
                        "--id",
                        layout->name);
        return -1;
    }
    if (layout->record != OTR_URL_SITE && !record_id) {
        const char *kind = otr_url_kind_name(layout->record);
        otr_diags_error(diags, 906,
                        "layout \"%s\" is made for one %s: name it with --id "
                        "(\"outreach list %ss\" shows them)",
                        layout->name, kind, kind);
        return -1;
    }
    const otr_directory *dir = &project->directory;
    if (record_id) {
        switch (layout->record) {
        case OTR_URL_OFFER:
            input->offer = otr_directory_offer(dir, record_id);
            break;
        case OTR_URL_EVENT:
            input->event = otr_directory_event(dir, record_id);
            break;
        case OTR_URL_SHELTER:
            input->shelter = otr_directory_shelter(dir, record_id);
            break;
        default:
            break;
        }
        if (!input->offer && !input->event && !input->shelter) {
            otr_diags_error(
                diags, 908,
                "there is no %s \"%s\" (outreach list %ss shows them)",
                otr_url_kind_name(layout->record), record_id,
                otr_url_kind_name(layout->record));
            return -1;
        }
        /* A record with errors fails the documents about it, and only
         * those. */
        const otr_diags *problems = input->offer   ? input->offer->problems
                                    : input->event ? input->event->problems
                                                   : input->shelter->problems;
        if (problems) {
            otr_diags_append(diags, problems);
            return -1;
        }
    }
    return 0;
}

void otr_render_result_clear(otr_render_result *result)
{
    for (size_t i = 0; i < result->url_count; i++)
        free(result->urls[i]);
    free(result->urls);
    otr_substitutions_clear(&result->substitutions);
    memset(result, 0, sizeof(*result));
}

/* Every web page the document opens (QR codes and links), each once, in
 * order; phone numbers (tel: links) are dialled, not pages of a campaign. */
static void collect_urls(const otr_display_list *list, otr_render_result *out)
{
    size_t cap = 0;
    for (size_t p = 0; p < list->page_count; p++) {
        for (size_t i = 0; i < list->pages[p].count; i++) {
            const char *link = list->pages[p].items[i].link;
            int seen = !link || strncmp(link, "tel:", 4) == 0;
            for (size_t k = 0; !seen && k < out->url_count; k++)
                seen = strcmp(out->urls[k], link) == 0;
            if (seen)
                continue;
            out->urls =
                otr_grow(out->urls, &cap, out->url_count + 1, sizeof(char *));
            out->urls[out->url_count++] = otr_xstrdup(link);
        }
    }
}

int otr_render(otr_project *project, const otr_render_request *request,
               otr_diags *diags)
{
    return otr_project_render(project, request, NULL, diags);
}

int otr_project_render(otr_project *project, const otr_render_request *request,
                       otr_render_result *result, otr_diags *diags)
{
    const otr_layout *layout = otr_project_layout(project, request->layout);
    if (!layout) {
        otr_buf names = {0};
        for (size_t i = 0; i < project->layout_count; i++)
            otr_buf_printf(&names, "%s%s", i ? ", " : "",
                           project->layouts[i].name);
        otr_diags_error(diags, 902, "no layout \"%s\" (there are: %s)",
                        request->layout, names.data ? names.data : "none");
        otr_buf_free(&names);
        return -1;
    }
    otr_compose_input input;
    if (otr_project_bind(project, layout, request->langs, request->lang_count,
                         request->record_id, request->fallback,
                         request->campaign, &input, diags) < 0)
        return -1;
    input.radius_km = request->radius_km;
    otr_substitutions substitutions = {0};
    input.substitutions = &substitutions;
    otr_display_list *list = otr_compose(&input, diags);
    if (!list) {
        otr_substitutions_clear(&substitutions);
        return -1;
    }
    if (request->sheet && request->print_shop) {
        otr_diags_error(diags, 909,
                        "--sheet is for the office printer, --print-shop for "
                        "the print shop: choose one");
        otr_display_list_free(list);
        otr_substitutions_clear(&substitutions);
        return -1;
    }
    if (layout->in_px &&
        (request->print_shop || request->pdfx || request->sheet)) {
        otr_diags_error(diags, 911,
                        "\"%s\" is made for screens (its page is in px): "
                        "--print-shop, --pdfx and --sheet are for print",
                        layout->name);
        otr_display_list_free(list);
        otr_substitutions_clear(&substitutions);
        return -1;
    }
    if (request->pdfx &&
        (request->sheet || request->format != OTR_FORMAT_PDF)) {
        otr_diags_error(diags, 910,
                        "--pdfx makes a PDF for the print shop: it goes "
                        "with PDF output and without --sheet");
        otr_display_list_free(list);
        return -1;
    }
    otr_sheet_fit fit;
    /* A page in px comes out at its px size unless asked otherwise. */
    double dpi = request->dpi > 0 ? request->dpi : layout->png_dpi;
    int rc = otr_write_document(list, request->format, dpi, request->print_shop,
                                request->pdfx, request->sheet, request->output,
                                &fit, diags);
    if (rc == 0 && result) {
        result->pages = fit.pages;
        snprintf(result->sheet_fit, sizeof result->sheet_fit, "%s", fit.text);
        collect_urls(list, result);
        result->substitutions = substitutions;
        memset(&substitutions, 0, sizeof substitutions);
    }
    otr_substitutions_clear(&substitutions);
    otr_display_list_free(list);
    return rc;
}
