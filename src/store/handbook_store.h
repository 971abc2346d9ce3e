/*
 * handbook_store.h -- the handbook's pages and their revisions in SQL
 * (tables handbook_pages and page_revisions, migration 008_handbook).
 *
 * The store only keeps and finds rows: who may write a page, what a slug
 * or a body may hold and how a body becomes HTML are the service's
 * (service/handbook.c). The handbook belongs to the whole installation, so
 * these functions take no scope. Like the rest of store/, they never begin
 * or end a transaction; strings read are copied into the caller's arena.
 * Errors: ST_NOT_FOUND "handbook_page_not_found" or
 * "handbook_revision_not_found", ST_CONFLICT "handbook_slug_taken" and
 * "version_stale", ST_NOMEM, ST_UNAVAILABLE (busy), ST_INTERNAL (logged).
 */
#ifndef CAUNOI_HANDBOOK_STORE_H
#define CAUNOI_HANDBOOK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct db db;

/* One page. `body` is NULL in lists (body_bytes says how long it is). */
typedef struct store_handbook_page {
    int64_t id, version, position;
    const char *slug, *title, *body;
    int64_t body_bytes;
    bool archived;
    const char *created_by, *created_at; /* the actor's label, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *updated_by, *updated_at;
} store_handbook_page;

/* One save of a page. `body` is NULL in lists. */
typedef struct store_handbook_revision {
    int64_t version;
    const char *title, *body;
    int64_t body_bytes;
    const char *created_by, *created_at;
} store_handbook_revision;

/* The pages in reading order (position, then slug), without their bodies;
 * archived ones too when include_archived. *out NULL when none. */
status store_handbook_list(db *d, arena *a, bool include_archived, store_handbook_page **out,
                           size_t *n, error *e);

/* The page named `slug`, archived or not, with its body. */
status store_handbook_get(db *d, arena *a, const char *slug, store_handbook_page *out, error *e);

/* How many pages exist, archived ones included (the bound on pages), and
 * the next multiple of 10 after the last position (10 when none), so a
 * page can later be put between two others. */
status store_handbook_count(db *d, int64_t *pages, int64_t *next_position, error *e);

/* Insert `p` (slug, title, body, position, created_*; updated_* are set
 * to created_*) at version 1; sets p->id and p->version. A slug in use,
 * archived or not: ST_CONFLICT "handbook_slug_taken", field "slug". */
status store_handbook_insert(db *d, store_handbook_page *p, error *e);

/* Write title, body, position, archived, updated_by and updated_at of page
 * p->id when its version is still expected_version; bumps p->version.
 * Stale: ST_CONFLICT "version_stale". */
status store_handbook_update(db *d, store_handbook_page *p, int64_t expected_version, error *e);

/* Append the revision of page p at its version (p->version, p->title,
 * p->body, p->updated_by, p->updated_at). */
status store_handbook_revision_add(db *d, const store_handbook_page *p, error *e);

/* The revisions of a page, newest first, those with a version below
 * `before` (0: from the newest), at most `limit` (> 0); *more when an
 * older one follows. Without bodies. */
status store_handbook_revisions(db *d, arena *a, int64_t page_id, int64_t before, int limit,
                                store_handbook_revision **out, size_t *n, bool *more, error *e);

/* The revision of a page at `version`, with its body. */
status store_handbook_revision_get(db *d, arena *a, int64_t page_id, int64_t version,
                                   store_handbook_revision *out, error *e);

#endif
