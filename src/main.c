/* The outreach command line: parse, call the library, print diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "outreach.h"
#include "serve.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage:\n"
    "  outreach render LAYOUT --lang CODE [-o FILE] [--format "
    "pdf|png|svg|list]\n"
    "                  [--dpi N] [--id RECORD] [--campaign NAME]\n"
    "                  [--fallback CODE] [--print-shop | --sheet A4] [--pdfx]\n"
    "  outreach batch CAMPAIGN.yaml [-o DIR] [-j N] [--shard K/N] [--force]\n"
    "                  [--quiet] [--print-shop | --sheet A4] [--pdfx] "
    "[--no-contact-sheet]\n"
    "                  [--per-product]\n"
    "  outreach check [--id RECORD] [--lang CODE] [--layout NAME]\n"
    "                 [--fallback CODE] [--all]\n"
    "  outreach list languages|layouts|categories|offers|events|shelters\n"
    "  outreach import integreat --url BASE --region SLUG | --from DIR\n"
    "                  [-o CONTENT_DIR] [--config FILE] [--timeout SECONDS]\n"
    "                  [--max-file-size SIZE]\n"
    "  outreach import csv FILE --kind offers|events [-o CONTENT_DIR]\n"
    "                  [--max-file-size SIZE]\n"
    "  outreach serve [--listen 127.0.0.1:8080]   (see outreach serve --help)\n"
    "  outreach --help | --version\n"
    "\n"
    "Options for every command:\n"
    "  --content DIR   the portal's content (default: ./content)\n"
    "  --layouts DIR   the layouts (default: ./layouts)\n"
    "\n"
    "render writes one document, by default LAYOUT-RECORD-CODE.pdf in the\n"
    "current folder (LAYOUT-CODE.pdf for a layout about the whole site), and\n"
    "says what it wrote. --format list writes the laid-out page as text (-\n"
    "for stdout).\n"
    "--print-shop adds 3 mm bleed and crop marks and sets the PDF's TrimBox\n"
    "and BleedBox, as print shops want them.\n"
    "--pdfx writes PDF/X-3 in CMYK with an output intent, dark text and QR\n"
    "codes in black ink only (docs/print-shop.md).\n"
    "--sheet A4 puts as many copies as fit on each A4 sheet with cut lines,\n"
    "backs mirrored for two-sided printing, for the office printer.\n"
    "Larger pages are scaled to fit, or tiled at full size over several\n"
    "sheets where their small print would become unreadable; either is\n"
    "said.\n"
    "--fallback CODE prints phrases and texts missing in the language in\n"
    "CODE instead, and names each one; without it a missing translation is\n"
    "an error. A record's name falls back to its original (German) name.\n"
    "\n"
    "batch builds every document of a campaign into DIR (default out/) with\n"
    "N workers (default: one per core), keeps going past failures, writes\n"
    "manifest.csv and manifest.json, and rebuilds only documents whose inputs\n"
    "changed (--force: all). --shard K/N builds the Kth of N equal parts.\n"
    "contact-sheet.pdf shows every document small, for a last look\n"
    "(--no-contact-sheet skips it). print-order.csv and print-order.pdf sum\n"
    "up the copies per product and format. --per-product also joins every\n"
    "product's documents (a layout in one language) into\n"
    "per-product/LAYOUT-LANG.pdf, each page labelled with its record.\n"
    "\n"
    "check lays out every layout in every language for every record, writes\n"
    "nothing, and reports what would not print right: missing phrases, text\n"
    "that does not fit, glyphs the fonts lack, QR codes too small. --id,\n"
    "--lang and --layout narrow it; --all shows every problem (by default a\n"
    "file's first 200).\n"
    "\n"
    "import writes the portal's places and events (Integreat's API, or its\n"
    "responses saved in DIR) or a spreadsheet's rows into files of their own\n"
    "in the content folder and reports what was added, changed and removed;\n"
    "a file larger than --max-file-size (default 8M) is written in parts\n"
    "(NAME.yaml, NAME.2.yaml, ...); see docs/import.md.\n"
    "\n"
    "Each problem is reported with a code (like E402): docs/errors.md says\n"
    "what each code means and what to do.\n"
    "\n"
    "Examples:\n"
    "  outreach render postcard --lang ar -o out/postcard-ar.pdf\n"
    "  outreach list languages\n";

typedef struct {
    otr_paths paths;
    otr_render_request render;
    otr_batch_options batch;
    otr_check_options check;
    int all; /* --all: keep every diagnostic */
    const char *command;
    const char *argument; /* layout name, or what to list */
    const char *file;     /* import csv: the spreadsheet */
    otr_import_integreat_options integreat;
    const char *kind; /* import csv: offers or events */
    int format_given; /* --format was given */
    char *lang_list;  /* copy of --lang, split in place */
    const char *langs[16];
} options;

static int fail_usage(const char *fmt, const char *arg)
{
    fputs("outreach: error[E901]: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'outreach --help'.\n", stderr);
    return EXIT_USAGE;
}

static int parse_format(const char *name, otr_format *out)
{
    static const struct {
        const char *name;
        otr_format format;
    } formats[] = {{"pdf", OTR_FORMAT_PDF},
                   {"png", OTR_FORMAT_PNG},
                   {"svg", OTR_FORMAT_SVG},
                   {"list", OTR_FORMAT_LIST}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].format;
            return 0;
        }
    }
    return -1;
}

static int split_langs(options *opt)
{
    size_t count = 0;
    for (char *code = strtok(opt->lang_list, ","); code;
         code = strtok(NULL, ",")) {
        if (count == sizeof opt->langs / sizeof opt->langs[0])
            return -1;
        opt->langs[count++] = code;
    }
    opt->render.langs = opt->langs;
    opt->render.lang_count = count;
    return count > 0 ? 0 : -1;
}

/* Returns EXIT_OK, or an exit status after printing the problem. */
static int parse(int argc, char **argv, options *opt)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = 1;
        if (strcmp(arg, "--content") == 0)
            opt->paths.content_dir = value;
        else if (strcmp(arg, "--layouts") == 0)
            opt->paths.layouts_dir = value;
        else if (strcmp(arg, "--lang") == 0) {
            free(opt->lang_list);
            opt->lang_list = value ? strdup(value) : NULL;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0)
            opt->render.output = value;
        else if (strcmp(arg, "--id") == 0)
            opt->render.record_id = value;
        else if (strcmp(arg, "--layout") == 0)
            opt->check.layout = value;
        else if (strcmp(arg, "--campaign") == 0)
            opt->render.campaign = value;
        else if (strcmp(arg, "--url") == 0)
            opt->integreat.base_url = value;
        else if (strcmp(arg, "--region") == 0)
            opt->integreat.region = value;
        else if (strcmp(arg, "--from") == 0)
            opt->integreat.from_dir = value;
        else if (strcmp(arg, "--config") == 0)
            opt->integreat.config = value;
        else if (strcmp(arg, "--timeout") == 0) {
            char *end = NULL;
            long seconds = value ? strtol(value, &end, 10) : 0;
            if (!value || *end || seconds < 1 || seconds > 3600)
                return fail_usage("--timeout takes seconds from 1 to 3600, "
                                  "not \"%s\"",
                                  value ? value : "");
            opt->integreat.timeout_seconds = seconds;
        } else if (strcmp(arg, "--max-file-size") == 0) {
            /* Bytes, or KiB with k, MiB with M: the loader's limit is 16
             * MiB a file. */
            char *end = NULL;
            unsigned long long size = value ? strtoull(value, &end, 10) : 0;
            if (value && (*end == 'k' || *end == 'K'))
                size *= 1024, end++;
            else if (value && *end == 'M')
                size *= 1024 * 1024, end++;
            if (!value || value[0] == '-' || *end || size < 1024 ||
                size > 16 * 1024 * 1024)
                return fail_usage("--max-file-size takes a size from 1k to "
                                  "16M (bytes, k or M), not \"%s\"",
                                  value ? value : "");
            opt->integreat.max_file_bytes = (size_t)size;
        } else if (strcmp(arg, "--kind") == 0)
            opt->kind = value;
        else if (strcmp(arg, "--fallback") == 0)
            opt->render.fallback = value;
        else if (strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0) {
            char *end = NULL;
            long jobs = value ? strtol(value, &end, 10) : 0;
            if (!value || *end || jobs < 1 || jobs > 256)
                return fail_usage("-j takes a number of workers from 1 to "
                                  "256, not \"%s\"",
                                  value ? value : "");
            opt->batch.jobs = (int)jobs;
        } else if (strcmp(arg, "--shard") == 0) {
            int k = 0, n = 0;
            char extra;
            if (!value || sscanf(value, "%d/%d%c", &k, &n, &extra) != 2 ||
                n < 1 || k < 1 || k > n)
                return fail_usage("--shard takes K/N with 1 <= K <= N, like "
                                  "2/8, not \"%s\"",
                                  value ? value : "");
            opt->batch.shard = k;
            opt->batch.shards = n;
        } else if (strcmp(arg, "--sheet") == 0) {
            opt->render.sheet = value;
            opt->batch.sheet = value;
        } else if (strcmp(arg, "--pdfx") == 0) {
            opt->render.pdfx = 1;
            opt->batch.pdfx = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--print-shop") == 0) {
            opt->render.print_shop = 1;
            opt->batch.print_shop = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--no-contact-sheet") == 0) {
            opt->batch.no_contact_sheet = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--per-product") == 0) {
            opt->batch.per_product = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--all") == 0) {
            opt->all = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--force") == 0) {
            opt->batch.force = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            opt->batch.quiet = 1;
            takes_value = 0;
        } else if (strcmp(arg, "--format") == 0) {
            if (!value || parse_format(value, &opt->render.format) < 0)
                return fail_usage("--format takes pdf, png, svg or list, not "
                                  "\"%s\"",
                                  value ? value : "");
            opt->format_given = 1;
        } else if (strcmp(arg, "--dpi") == 0) {
            char *end = NULL;
            opt->render.dpi = value ? strtod(value, &end) : 0;
            if (!value || *end || opt->render.dpi < 10 ||
                opt->render.dpi > 2400)
                return fail_usage("--dpi takes a number from 10 to 2400, not "
                                  "\"%s\"",
                                  value ? value : "");
        } else {
            takes_value = 0;
            if (arg[0] == '-' && arg[1] != '\0')
                return fail_usage("unknown option \"%s\"", arg);
            if (!opt->command)
                opt->command = arg;
            else if (!opt->argument)
                opt->argument = arg;
            else if (strcmp(opt->command, "import") == 0 && !opt->file)
                opt->file = arg;
            else
                return fail_usage("unexpected argument \"%s\"", arg);
        }
        if (takes_value) {
            if (!value)
                return fail_usage("%s needs a value", arg);
            i++;
        }
    }
    return EXIT_OK;
}

/* Without --format: the format -o's extension names (.pdf, .png, .svg),
 * else the one the layout is made for (PNG for screens, PDF for print). */
static otr_format natural_format(const otr_project *project, const options *opt)
{
    static const struct {
        const char *extension;
        otr_format format;
    } by_name[] = {{".pdf", OTR_FORMAT_PDF},
                   {".png", OTR_FORMAT_PNG},
                   {".svg", OTR_FORMAT_SVG}};
    const char *out = opt->render.output;
    size_t len = out ? strlen(out) : 0;
    for (size_t i = 0; i < sizeof by_name / sizeof by_name[0]; i++) {
        size_t ext = strlen(by_name[i].extension);
        if (len > ext && strcasecmp(out + len - ext, by_name[i].extension) == 0)
            return by_name[i].format;
    }
    for (size_t i = 0; i < otr_project_layout_count(project); i++) {
        if (strcmp(otr_project_layout_name(project, i), opt->argument) == 0)
            return otr_project_layout_format(project, i);
    }
    return OTR_FORMAT_PDF;
}

static int finish(otr_diags *diags, int status)
{
    otr_diags_print(diags, stderr);
    if (status == EXIT_OK && otr_diags_error_count(diags) > 0)
        status = EXIT_ERRORS;
    otr_diags_free(diags);
    return status;
}

/* import integreat|csv: -o names the content folder to write into. */
static int run_import(options *opt)
{
    int status = EXIT_OK;
    int integreat = opt->argument && strcmp(opt->argument, "integreat") == 0;
    int csv = opt->argument && strcmp(opt->argument, "csv") == 0;
    if (!integreat && !csv)
        status = fail_usage("import takes integreat or csv, not \"%s\"",
                            opt->argument ? opt->argument : "");
    else if (integreat && !opt->integreat.from_dir &&
             !(opt->integreat.base_url && opt->integreat.region))
        status = fail_usage("%s needs --url BASE --region SLUG, or --from DIR",
                            "import integreat");
    else if (integreat && opt->integreat.from_dir && opt->integreat.base_url)
        status = fail_usage("%s takes --url or --from, not both",
                            "import integreat");
    else if (csv && !opt->file)
        status = fail_usage("%s needs the spreadsheet file", "import csv");
    else if (csv && (!opt->kind || (strcmp(opt->kind, "offers") != 0 &&
                                    strcmp(opt->kind, "events") != 0)))
        status =
            fail_usage("%s needs --kind offers or --kind events", "import csv");
    if (status != EXIT_OK) {
        free(opt->lang_list);
        return status;
    }
    if (opt->render.output)
        opt->paths.content_dir = opt->render.output;
    otr_diags *diags = otr_diags_new();
    int failed =
        integreat
            ? otr_import_integreat(&opt->paths, &opt->integreat, stdout, diags)
            : otr_import_csv(&opt->paths, opt->file, opt->kind,
                             opt->integreat.max_file_bytes, stdout, diags);
    free(opt->lang_list);
    return finish(diags, failed < 0 ? EXIT_ERRORS : EXIT_OK);
}

int main(int argc, char **argv)
{
    /* The web page parses its own options (serve.c). */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--content") == 0 ||
            strcmp(argv[i], "--layouts") == 0) {
            i++;
            continue;
        }
        if (strcmp(argv[i], "serve") == 0)
            return otr_serve_main(argc, argv);
        if (argv[i][0] != '-')
            break;
    }
    options opt = {0};
    opt.render.format = OTR_FORMAT_PDF;
    otr_handle_interrupts();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--version") == 0) {
            puts("outreach " OTR_VERSION);
            return EXIT_OK;
        }
    }
    int status = parse(argc, argv, &opt);
    if (status != EXIT_OK) {
        free(opt.lang_list);
        return status;
    }
    if (!opt.command) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }

    int is_render = strcmp(opt.command, "render") == 0;
    int is_list = strcmp(opt.command, "list") == 0;
    int is_check = strcmp(opt.command, "check") == 0;
    int is_batch = strcmp(opt.command, "batch") == 0;
    if (strcmp(opt.command, "import") == 0)
        return run_import(&opt);
    char *default_output = NULL;
    if (!is_render && !is_list && !is_check && !is_batch)
        status = fail_usage("unknown command \"%s\"", opt.command);
    else if (is_check && opt.argument)
        status =
            fail_usage("check takes no argument, not \"%s\"", opt.argument);
    else if (!is_check && !opt.argument)
        status = fail_usage("%s needs an argument", opt.command);
    else if (is_render && !opt.lang_list)
        status = fail_usage("%s needs --lang CODE", "render");
    else if (is_check && opt.lang_list && strchr(opt.lang_list, ','))
        status = fail_usage("check takes one --lang CODE, not \"%s\"",
                            opt.lang_list);
    else if (!is_check && (opt.check.layout || opt.all))
        status = fail_usage("%s is an option of check",
                            opt.check.layout ? "--layout" : "--all");
    else if (is_render && split_langs(&opt) < 0)
        status = fail_usage("--lang takes language codes separated by "
                            "commas, not \"%s\"",
                            opt.lang_list);
    if (status != EXIT_OK) {
        free(opt.lang_list);
        return status;
    }

    otr_diags *diags = otr_diags_new();
    if (opt.all)
        otr_diags_keep_all(diags);
    /* A render reads only what its one layout needs. */
    otr_project *project =
        is_render ? otr_project_load_for(&opt.paths, opt.argument, diags)
                  : otr_project_load(&opt.paths, diags);
    if (!project) {
        free(opt.lang_list);
        return finish(diags, EXIT_ERRORS);
    }
    if (is_batch) {
        opt.batch.campaign = opt.argument;
        opt.batch.output_dir = opt.render.output;
        if (otr_batch(project, &opt.batch, stderr, diags) < 0)
            status = EXIT_ERRORS;
    } else if (is_check) {
        opt.check.id = opt.render.record_id;
        opt.check.lang = opt.lang_list;
        opt.check.fallback = opt.render.fallback;
        if (!opt.batch.quiet)
            opt.check.progress = stderr;
        if (otr_check_some(project, &opt.check, stdout, diags) < 0)
            status = EXIT_ERRORS;
    } else if (is_list) {
        if (otr_project_list(project, opt.argument, stdout, diags) < 0)
            status = EXIT_USAGE;
    } else {
        static const char *const extensions[] = {"pdf", "png", "svg", "txt"};
        opt.render.layout = opt.argument;
        if (!opt.format_given)
            opt.render.format = natural_format(project, &opt);
        if (!opt.render.output) {
            /* The record and every language in the name: two renders
             * never overwrite each other. */
            size_t needed =
                strlen(opt.argument) + 8 +
                (opt.render.record_id ? strlen(opt.render.record_id) + 1 : 0);
            for (size_t i = 0; i < opt.render.lang_count; i++)
                needed += strlen(opt.langs[i]) + 1;
            default_output = malloc(needed);
            if (!default_output)
                abort();
            int n = snprintf(default_output, needed, "%s", opt.argument);
            if (opt.render.record_id)
                n += snprintf(default_output + n, needed - (size_t)n, "-%s",
                              opt.render.record_id);
            for (size_t i = 0; i < opt.render.lang_count; i++)
                n += snprintf(default_output + n, needed - (size_t)n, "-%s",
                              opt.langs[i]);
            snprintf(default_output + n, needed - (size_t)n, ".%s",
                     extensions[opt.render.format]);
            opt.render.output = default_output;
        }
        if (otr_render(project, &opt.render, diags) < 0)
            status = EXIT_ERRORS;
        else if (strcmp(opt.render.output, "-") != 0)
            fprintf(stderr, "outreach: wrote %s\n", opt.render.output);
    }
    otr_project_free(project);
    free(default_output);
    free(opt.lang_list);
    return finish(diags, status);
}
