/*
 * units.c -- the organization tree in SQL: units, their paths, their events.
 *
 * Every statement that touches units carries the scope range on the path
 * (?scope <= path < ?upper), so nothing outside the caller's subtree is read
 * or written. A move rewrites the paths of the whole subtree and the
 * unit_path of its members in one statement each, inside the caller's
 * transaction. This file must never decide a rule (that is domain/unit.c)
 * nor build SQL from input.
 */
#include "store/internal.h"

#include <stdio.h>
#include <string.h>

#define UNIT_COLS                                                                                  \
    "u.id, u.parent_id, u.kind, u.code, u.name, u.path, u.depth, u.country, u.cell_type,"          \
    " u.temporary, u.founded_on, u.dissolved_on, u.version"
#define UNIT_NCOLS 13

/* Active members (probationary, official) of the subtree of u. */
#define SUBTREE_MEMBERS                                                                            \
    "(SELECT count(*) FROM members m WHERE m.unit_path >= u.path"                                  \
    " AND m.unit_path < substr(u.path, 1, length(u.path) - 1) || '0'"                              \
    " AND m.status IN ('probationary', 'official'))"

static const char SQL_GET[] = "SELECT " UNIT_COLS " FROM units u"
                              " WHERE u.id = ?1 AND u.path >= ?2 AND u.path < ?3";
static const char SQL_GET_CODE[] = "SELECT " UNIT_COLS " FROM units u"
                                   " WHERE u.code = ?1 AND u.path >= ?2 AND u.path < ?3";
static const char SQL_GET_PATH[] = "SELECT " UNIT_COLS " FROM units u"
                                   " WHERE u.path = ?1 AND u.path >= ?2 AND u.path < ?3";
static const char SQL_CODE_TAKEN[] = "SELECT 1 FROM units WHERE code = ?1 AND id <> ?2";
/* The new row gets a placeholder path ('#' and its unique code) until its id
 * is known; the second statement sets the real one, inside the scope. */
static const char SQL_INSERT[] =
    "INSERT INTO units (parent_id, kind, code, name, path, depth, country, cell_type,"
    " temporary, founded_on, dissolved_on, version, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, '#' || ?3, ?5, ?6, ?7, ?8, ?9, NULL, 1, ?10, ?10)";
static const char SQL_SET_PATH[] =
    "UPDATE units SET path = ?1 WHERE id = ?2 AND ?1 >= ?3 AND ?1 < ?4";
static const char SQL_UPDATE[] =
    "UPDATE units SET code = ?1, name = ?2, cell_type = ?3, founded_on = ?4, dissolved_on = ?5,"
    " version = version + 1, updated_at = ?6"
    " WHERE id = ?7 AND version = ?8 AND path >= ?9 AND path < ?10";
/* The unit itself first (parent, depth and path together, so the check
 * that only roots lack a parent holds after each statement), then the
 * descendants, still under the old path. */
static const char SQL_MOVE_UNIT[] =
    "UPDATE units SET parent_id = ?1, depth = ?7, path = ?8, version = version + 1,"
    " updated_at = ?2 WHERE id = ?3 AND version = ?4 AND path >= ?5 AND path < ?6";
static const char SQL_MOVE_PATHS[] =
    "UPDATE units SET path = ?1 || substr(path, length(?2) + 1), depth = depth + ?3"
    " WHERE path >= ?2 AND path < ?4 AND path >= ?5 AND path < ?6";
static const char SQL_MOVE_MEMBERS[] =
    "UPDATE members SET unit_path = ?1 || substr(unit_path, length(?2) + 1)"
    " WHERE unit_path >= ?2 AND unit_path < ?3 AND unit_path >= ?4 AND unit_path < ?5";
static const char SQL_HEIGHT[] =
    "SELECT coalesce(max(depth), 0) - (SELECT depth FROM units WHERE path = ?1) FROM units"
    " WHERE path >= ?1 AND path < ?2 AND path >= ?3 AND path < ?4";
static const char SQL_ACTIVITY[] =
    "SELECT (SELECT count(*) FROM units c WHERE c.parent_id = u.id AND c.dissolved_on IS NULL),"
    " " SUBTREE_MEMBERS " FROM units u WHERE u.id = ?1 AND u.path >= ?2 AND u.path < ?3";
static const char SQL_CHILDREN[] =
    "SELECT " UNIT_COLS ", (SELECT count(*) FROM units c WHERE c.parent_id = u.id"
    " AND (?2 OR c.dissolved_on IS NULL)), " SUBTREE_MEMBERS " FROM units u"
    " WHERE u.parent_id = ?1 AND (?2 OR u.dissolved_on IS NULL)"
    " AND u.path >= ?3 AND u.path < ?4 ORDER BY u.name, u.id";
/* The tops of a scope: the roots for "/", else the scope's own unit. */
static const char SQL_TOPS[] =
    "SELECT " UNIT_COLS ", (SELECT count(*) FROM units c WHERE c.parent_id = u.id"
    " AND (?1 OR c.dissolved_on IS NULL)), " SUBTREE_MEMBERS " FROM units u"
    " WHERE (u.parent_id IS NULL OR u.path = ?2) AND (?1 OR u.dissolved_on IS NULL)"
    " AND u.path >= ?2 AND u.path < ?3 ORDER BY u.name, u.id";
static const char SQL_SUBTREE[] =
    "SELECT " UNIT_COLS " FROM units u WHERE u.path >= ?1 AND u.path < ?2"
    " AND u.path > ?3 AND u.path >= ?4 AND u.path < ?5 ORDER BY u.path LIMIT ?6";
static const char SQL_EVENT[] =
    "INSERT INTO unit_events (unit_id, kind, on_date, old_value, new_value, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_COUNT[] = "SELECT count(*) FROM units WHERE path >= ?1 AND path < ?2";

static status read_unit(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    unit *u = row;
    bool oom = false;
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->parent_id = sqlite3_column_int64(st, 1);
    const char *kind = (const char *)sqlite3_column_text(st, 2);
    if (!kind || !unit_kind_parse(kind, &u->kind))
        u->kind = UNIT_COMMITTEE;
    u->code = col_text(a, st, 3, &oom);
    u->name = col_text(a, st, 4, &oom);
    u->path = col_text(a, st, 5, &oom);
    u->depth = sqlite3_column_int(st, 6);
    const char *cc = (const char *)sqlite3_column_text(st, 7);
    if (cc && strlen(cc) == 2)
        memcpy(u->country, cc, 3);
    u->cell_type = col_text(a, st, 8, &oom);
    u->temporary = sqlite3_column_int(st, 9) != 0;
    u->founded_on = col_date(st, 10);
    u->dissolved_on = col_date(st, 11);
    u->version = sqlite3_column_int64(st, 12);
    u->child_count = -1;
    u->member_count = -1;
    if (oom)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}

/* Step a one-row lookup: ST_NOT_FOUND "unit_not_found" when no row. */
static status get_one(db *d, arena *a, sqlite3_stmt *st, unit *out, error *e)
{
    status s = db_one(d, a, st, read_unit, out, "unit_not_found", e);
    return s;
}

static status get_by(db *d, arena *a, const char *sql, const char *scope, const char *key,
                     int64_t id, unit *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (key)
        bind_text(st, 1, key);
    else
        sqlite3_bind_int64(st, 1, id);
    bind_scope(st, 2, scope);
    return get_one(d, a, st, out, e);
}

status store_unit_get(db *d, arena *a, const char *scope, int64_t id, unit *out, error *e)
{
    return get_by(d, a, SQL_GET, scope, NULL, id, out, e);
}

status store_unit_get_by_code(db *d, arena *a, const char *scope, const char *code, unit *out,
                              error *e)
{
    return get_by(d, a, SQL_GET_CODE, scope, code ? code : "", 0, out, e);
}

status store_unit_get_by_path(db *d, arena *a, const char *scope, const char *path, unit *out,
                              error *e)
{
    return get_by(d, a, SQL_GET_PATH, scope, path ? path : "", 0, out, e);
}

/* Whether another unit than `self` (0: none) has the code. */
static status code_taken(db *d, const char *code, int64_t self, bool *taken, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CODE_TAKEN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, code);
    sqlite3_bind_int64(st, 2, self);
    int rc = db_step(st);
    db_done(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(d, rc, e);
    *taken = rc == SQLITE_ROW;
    return ST_OK;
}

static status set_path(db *d, const char *scope, unit *u, const char *parent_path, error *e)
{
    char path[STORE_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s%lld/", parent_path[0] ? parent_path : "/",
                     (long long)u->id);
    if (n < 0 || (size_t)n >= sizeof path)
        return err_set(e, ST_INVALID, "unit_too_deep", "parent_id", NULL);
    sqlite3_stmt *st = db_stmt(d, SQL_SET_PATH, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, path);
    sqlite3_bind_int64(st, 2, u->id);
    bind_scope(st, 3, scope);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_NOT_FOUND, "unit_not_found", "parent_id", NULL);
    return s;
}

status store_unit_insert(db *d, const char *scope, const char *parent_path, unit *u,
                         const char *now, error *e)
{
    bool taken = false;
    status s = code_taken(d, u->code, 0, &taken, e);
    if (s != ST_OK)
        return s;
    if (taken)
        return err_set(e, ST_CONFLICT, "unit_code_taken", "code", u->code);
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (u->parent_id)
        sqlite3_bind_int64(st, 1, u->parent_id);
    bind_text(st, 2, unit_kind_name(u->kind));
    bind_text(st, 3, u->code);
    bind_text(st, 4, u->name);
    sqlite3_bind_int(st, 5, u->depth);
    bind_text(st, 6, u->country[0] ? u->country : NULL);
    bind_text(st, 7, u->cell_type);
    sqlite3_bind_int(st, 8, u->temporary ? 1 : 0);
    bind_date(st, 9, u->founded_on);
    bind_text(st, 10, now);
    s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    u->id = sqlite3_last_insert_rowid(d->h);
    u->version = 1;
    s = set_path(d, scope, u, parent_path, e);
    return s;
}

status store_unit_update(db *d, const char *scope, unit *u, int64_t expected_version,
                         const char *now, error *e)
{
    bool taken = false;
    status s = code_taken(d, u->code, u->id, &taken, e);
    if (s != ST_OK)
        return s;
    if (taken)
        return err_set(e, ST_CONFLICT, "unit_code_taken", "code", u->code);
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, u->code);
    bind_text(st, 2, u->name);
    bind_text(st, 3, u->cell_type);
    bind_date(st, 4, u->founded_on);
    bind_date(st, 5, u->dissolved_on);
    bind_text(st, 6, now);
    sqlite3_bind_int64(st, 7, u->id);
    sqlite3_bind_int64(st, 8, expected_version);
    bind_scope(st, 9, scope);
    s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (s == ST_OK)
        u->version = expected_version + 1;
    return s;
}

/* Rewrite the subtree's paths (units, then members) from old_path to
 * new_path. */
static status move_paths(db *d, const char *scope, const char *old_path, const char *new_path,
                         int depth_delta, error *e)
{
    char old_upper[STORE_PATH_MAX];
    path_upper(old_path, old_upper);
    sqlite3_stmt *st = db_stmt(d, SQL_MOVE_PATHS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, new_path);
    bind_text(st, 2, old_path);
    sqlite3_bind_int(st, 3, depth_delta);
    bind_text(st, 4, old_upper);
    bind_scope(st, 5, scope);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    st = db_stmt(d, SQL_MOVE_MEMBERS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, new_path);
    bind_text(st, 2, old_path);
    bind_text(st, 3, old_upper);
    bind_scope(st, 4, scope);
    s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_unit_move(db *d, const char *scope, unit *u, int64_t expected_version, const unit *np,
                       const char *now, error *e)
{
    char new_path[STORE_PATH_MAX];
    int n = snprintf(new_path, sizeof new_path, "%s%lld/", np->path, (long long)u->id);
    if (n < 0 || (size_t)n >= sizeof new_path)
        return err_set(e, ST_INVALID, "unit_too_deep", "parent_id", NULL);
    sqlite3_stmt *st = db_stmt(d, SQL_MOVE_UNIT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, np->id);
    bind_text(st, 2, now);
    sqlite3_bind_int64(st, 3, u->id);
    sqlite3_bind_int64(st, 4, expected_version);
    bind_scope(st, 5, scope);
    sqlite3_bind_int(st, 7, np->depth + 1);
    bind_text(st, 8, new_path);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (s != ST_OK)
        return s;
    int delta = np->depth + 1 - u->depth;
    s = move_paths(d, scope, u->path, new_path, delta, e);
    if (s != ST_OK)
        return s;
    u->parent_id = np->id;
    u->depth = np->depth + 1;
    u->version = expected_version + 1;
    u->path = NULL; /* the caller reloads: the old string is stale */
    return ST_OK;
}

status store_unit_subtree_height(db *d, const char *scope, const char *path, int *out, error *e)
{
    char upper[STORE_PATH_MAX];
    path_upper(path, upper);
    sqlite3_stmt *st = db_stmt(d, SQL_HEIGHT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, path);
    bind_text(st, 2, upper);
    bind_scope(st, 3, scope);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}

status store_unit_activity(db *d, const char *scope, const unit *u, int64_t *children,
                           int64_t *members, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ACTIVITY, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, u->id);
    bind_scope(st, 2, scope);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        *children = sqlite3_column_int64(st, 0);
        *members = sqlite3_column_int64(st, 1);
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, ST_NOT_FOUND, "unit_not_found", NULL, NULL);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

/* Collect rows of `st` (unit columns, optionally followed by child and
 * member counts) into an arena array. At most `max` rows are kept; *more
 * tells whether another followed. */
static status collect(db *d, arena *a, sqlite3_stmt *st, bool counts, size_t max, unit **out,
                      size_t *n, bool *more, error *e)
{
    size_t cap = 16, len = 0;
    unit *items = arena_alloc_array(a, cap, sizeof *items);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (more)
        *more = false;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (len == max) {
            if (more)
                *more = true;
            break;
        }
        unit *grown = arena_grow(a, items, len, &cap, sizeof *items);
        if (!grown) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        items = grown;
        s = read_unit(a, st, &items[len], e);
        if (s == ST_OK && counts) {
            items[len].child_count = sqlite3_column_int64(st, UNIT_NCOLS);
            items[len].member_count = sqlite3_column_int64(st, UNIT_NCOLS + 1);
        }
        len++;
    }
    db_done(st);
    *out = items;
    *n = s == ST_OK ? len : 0;
    return s;
}

status store_unit_children(db *d, arena *a, const char *scope, int64_t parent_id,
                           bool include_dissolved, unit **out, size_t *n, error *e)
{
    sqlite3_stmt *st = db_stmt(d, parent_id ? SQL_CHILDREN : SQL_TOPS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (parent_id) {
        sqlite3_bind_int64(st, 1, parent_id);
        sqlite3_bind_int(st, 2, include_dissolved);
        bind_scope(st, 3, scope);
    } else {
        sqlite3_bind_int(st, 1, include_dissolved);
        bind_scope(st, 2, scope);
    }
    return collect(d, a, st, true, SIZE_MAX, out, n, NULL, e);
}

status store_unit_subtree(db *d, arena *a, const char *scope, const char *path,
                          const char *after_path, int limit, unit **out, size_t *n, bool *more,
                          error *e)
{
    char upper[STORE_PATH_MAX];
    path_upper(path, upper);
    sqlite3_stmt *st = db_stmt(d, SQL_SUBTREE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, path);
    bind_text(st, 2, upper);
    bind_text(st, 3, after_path ? after_path : "");
    bind_scope(st, 4, scope);
    sqlite3_bind_int(st, 6, limit + 1);
    return collect(d, a, st, false, (size_t)limit, out, n, more, e);
}

status store_unit_event(db *d, int64_t unit_id, const char *kind, const char *on_date,
                        const char *old_value, const char *new_value, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, unit_id);
    bind_text(st, 2, kind);
    bind_text(st, 3, on_date);
    bind_text(st, 4, old_value);
    bind_text(st, 5, new_value);
    bind_text(st, 6, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_unit_count(db *d, const char *scope, int64_t *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}
