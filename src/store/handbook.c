/*
 * handbook.c -- the handbook's pages and revisions in SQL: list in reading
 * order, find by slug, count, insert, update under a version, and the
 * append-only revisions.
 *
 * Lists leave the bodies out (length(body) only): a page's Markdown can be
 * tens of kilobytes and the list is read on every visit. This file must
 * never judge a page (the service does) nor delete a row (the migration's
 * triggers refuse it anyway).
 */
#include "store/handbook_store.h"
#include "store/internal.h"

#include <string.h>

#define LIST_COLS                                                                                  \
    "id, version, position, slug, title, NULL, length(CAST(body AS BLOB)), archived, created_by,"  \
    " created_at, updated_by, updated_at"
#define PAGE_COLS                                                                                  \
    "id, version, position, slug, title, body, length(CAST(body AS BLOB)), archived, created_by,"  \
    " created_at, updated_by, updated_at"

static const char SQL_LIST[] = "SELECT " LIST_COLS " FROM handbook_pages"
                               " WHERE ?1 OR archived = 0 ORDER BY archived, position, slug";
static const char SQL_GET[] = "SELECT " PAGE_COLS " FROM handbook_pages WHERE slug = ?1";
static const char SQL_COUNT[] =
    "SELECT count(*), coalesce(max(position) / 10 * 10 + 10, 10) FROM handbook_pages";
static const char SQL_INSERT[] =
    "INSERT INTO handbook_pages (slug, title, body, position, archived, version, created_by,"
    " created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, 0, 1, ?5, ?6, ?5, ?6)"
    " ON CONFLICT (slug) DO NOTHING";
static const char SQL_UPDATE[] =
    "UPDATE handbook_pages SET title = ?3, body = ?4, position = ?5, archived = ?6,"
    " updated_by = ?7, updated_at = ?8, version = version + 1 WHERE id = ?1 AND version = ?2";
static const char SQL_REV_ADD[] =
    "INSERT INTO page_revisions (page_id, version, title, body, created_by, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_REV_LIST[] =
    "SELECT version, title, NULL, length(CAST(body AS BLOB)), created_by, created_at"
    " FROM page_revisions WHERE page_id = ?1 AND version < ?2 ORDER BY version DESC LIMIT ?3";
static const char SQL_REV_GET[] =
    "SELECT version, title, body, length(CAST(body AS BLOB)), created_by, created_at"
    " FROM page_revisions WHERE page_id = ?1 AND version = ?2";

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* A row over LIST_COLS or PAGE_COLS (db_collect's reader). */
static status read_page(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_handbook_page *p = row;
    bool oom = false;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->version = sqlite3_column_int64(st, 1);
    p->position = sqlite3_column_int64(st, 2);
    p->slug = col_text(a, st, 3, &oom);
    p->title = col_text(a, st, 4, &oom);
    p->body = col_text(a, st, 5, &oom);
    p->body_bytes = sqlite3_column_int64(st, 6);
    p->archived = sqlite3_column_int(st, 7) != 0;
    p->created_by = col_text(a, st, 8, &oom);
    p->created_at = col_text(a, st, 9, &oom);
    p->updated_by = col_text(a, st, 10, &oom);
    p->updated_at = col_text(a, st, 11, &oom);
    return oom ? nomem(e) : ST_OK;
}

static status read_revision(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_handbook_revision *r = row;
    bool oom = false;
    memset(r, 0, sizeof *r);
    r->version = sqlite3_column_int64(st, 0);
    r->title = col_text(a, st, 1, &oom);
    r->body = col_text(a, st, 2, &oom);
    r->body_bytes = sqlite3_column_int64(st, 3);
    r->created_by = col_text(a, st, 4, &oom);
    r->created_at = col_text(a, st, 5, &oom);
    return oom ? nomem(e) : ST_OK;
}

status store_handbook_list(db *d, arena *a, bool include_archived, store_handbook_page **out,
                           size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int(st, 1, include_archived ? 1 : 0);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_page, 0, &items, n, NULL, e);
    if (s == ST_OK)
        *out = items;
    return s;
}

status store_handbook_get(db *d, arena *a, const char *slug, store_handbook_page *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, slug);
    return db_one(d, a, st, read_page, out, "handbook_page_not_found", e);
}

status store_handbook_count(db *d, int64_t *pages, int64_t *next_position, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        *pages = sqlite3_column_int64(st, 0);
        *next_position = sqlite3_column_int64(st, 1);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

status store_handbook_insert(db *d, store_handbook_page *p, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, p->slug);
    bind_text(st, 2, p->title);
    bind_text(st, 3, p->body);
    sqlite3_bind_int64(st, 4, p->position);
    bind_text(st, 5, p->created_by);
    bind_text(st, 6, p->created_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "handbook_slug_taken", "slug", p->slug);
    p->id = sqlite3_last_insert_rowid(d->h);
    p->version = 1;
    p->archived = false;
    p->updated_by = p->created_by;
    p->updated_at = p->created_at;
    return ST_OK;
}

status store_handbook_update(db *d, store_handbook_page *p, int64_t expected_version, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int64(st, 2, expected_version);
    bind_text(st, 3, p->title);
    bind_text(st, 4, p->body);
    sqlite3_bind_int64(st, 5, p->position);
    sqlite3_bind_int(st, 6, p->archived ? 1 : 0);
    bind_text(st, 7, p->updated_by);
    bind_text(st, 8, p->updated_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    p->version = expected_version + 1;
    return ST_OK;
}

status store_handbook_revision_add(db *d, const store_handbook_page *p, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REV_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int64(st, 2, p->version);
    bind_text(st, 3, p->title);
    bind_text(st, 4, p->body);
    bind_text(st, 5, p->updated_by);
    bind_text(st, 6, p->updated_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_handbook_revisions(db *d, arena *a, int64_t page_id, int64_t before, int limit,
                                store_handbook_revision **out, size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_REV_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, page_id);
    sqlite3_bind_int64(st, 2, before > 0 ? before : INT64_MAX);
    sqlite3_bind_int64(st, 3, (int64_t)limit + 1);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_revision, limit, &items, n, more, e);
    if (s == ST_OK)
        *out = items;
    return s;
}

status store_handbook_revision_get(db *d, arena *a, int64_t page_id, int64_t version,
                                   store_handbook_revision *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REV_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, page_id);
    sqlite3_bind_int64(st, 2, version);
    return db_one(d, a, st, read_revision, out, "handbook_revision_not_found", e);
}
