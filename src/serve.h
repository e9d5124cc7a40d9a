/* `outreach serve`: the web page's front end. serve.c speaks HTTP (the only
 * user of libmicrohttpd) and guards the door; serve_work.c runs every job
 * that touches the library in a worker process of its own; serve_zip.c packs
 * a campaign's output (the only user of libzip). Like main.c, these files
 * use only the library's public interface. */
#ifndef OTR_SERVE_H
#define OTR_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "outreach.h"

/* Runs the server until SIGTERM or SIGINT; ARGV as given to main. Returns
 * the process's exit status. */
int otr_serve_main(int argc, char **argv);

/* ---- Worker processes (serve_work.c) --------------------------------------
 */

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int workers;     /* renders at once */
    int queue_limit; /* requests waiting for a worker, past that: busy */
    int running, waiting;
    int stopping;
} serve_pool;

typedef enum {
    JOB_OK,       /* the job did its work */
    JOB_REPORTED, /* the job reported problems (diagnostics in its folder) */
    JOB_CRASHED,  /* the worker died */
    JOB_TIMEOUT,  /* the worker ran past its time limit and was stopped */
    JOB_BUSY      /* every worker busy and the queue full: nothing ran */
} job_status;

/* What a job needs; every string was validated before. */
typedef struct {
    const char *content_dir, *layouts_dir;
    const char *dir; /* the job's own empty folder, where it writes */
    /* render */
    const char *layout, *record_id, *as; /* preview|pdf|print-shop|sheet|png */
    const char *langs[2];
    size_t lang_count;
    /* records, check */
    const char *kind; /* offer|event|shelter */
    const char *lang; /* of the names */
    /* event form: NAME=VALUE fields; save: also write it to content/events */
    const char *const *field_names;
    const char *const *field_values;
    size_t field_count;
    int save;
    /* campaign */
    const char *campaign; /* file name inside content/campaigns */
} job_args;

typedef int (*job_fn)(const job_args *args);

void serve_pool_init(serve_pool *pool, int workers, int queue_limit);
/* Runs FN(ARGS) in a new worker process once one of POOL's workers is free,
 * stopping it after TIME_LIMIT seconds. A job returns 0 for JOB_OK and 1 for
 * JOB_REPORTED. */
job_status serve_run_job(serve_pool *pool, job_fn fn, const job_args *args,
                         double time_limit);
/* Starts FN(ARGS) in a worker process of its own, outside the pool, in a
 * process group of its own; returns its id, or -1. */
pid_t serve_start_job(job_fn fn, const job_args *args);

/* The jobs. Each writes into ARGS->dir: render -> "out.pdf"/"out.png" (or
 * "out-N.png" per page); the others -> "result.json"; and every job's
 * diagnostics -> "messages.json". */
int serve_job_render(const job_args *args);
int serve_job_records(const job_args *args);
int serve_job_check(const job_args *args);
int serve_job_event(const job_args *args);
int serve_job_campaign(const job_args *args);

/* Writes TEXT as a JSON string (null for NULL), safe inside HTML too. */
void serve_json_string(FILE *out, const char *text);

/* Removes PATH and everything under it; ignores what is not there. */
void serve_remove_tree(const char *path);

/* ---- ZIP (serve_zip.c) -----------------------------------------------------
 */

/* Packs every file under DIR (names relative to DIR, sorted) into ZIP_PATH,
 * written beside it under a temporary name and renamed when complete.
 * Returns 0, or -1 after writing the reason to stderr. */
int serve_zip_folder(const char *dir, const char *zip_path);

#endif
