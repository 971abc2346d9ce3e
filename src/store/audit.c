/*
 * audit.c -- the audit trail in SQL: append, read the newest entry for
 * the chain, list with filters in a scope (newest first, keyset paging),
 * scan in id order for verification; and writing a settings row.
 *
 * The schema's triggers refuse UPDATE and DELETE on audit_log; this file
 * only ever inserts and reads. It must never compute or check a hash
 * (auth/audit.c and service/audit.c do) nor build SQL from input.
 */
#include "store/auth_store.h"
#include "store/internal.h"

#include <string.h>

#define AUDIT_COLS                                                                                 \
    "id, at, coalesce(user_id, 0), actor, ip, action, record_type, coalesce(record_id, 0),"        \
    " scope_path, before, after, prev_hash, hash"

static const char SQL_LAST[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (id, at, user_id, actor, ip, action, record_type, record_id,"
    " scope_path, before, after, prev_hash, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char SQL_COUNT[] = "SELECT count(*) FROM audit_log";
/* Optional filters are written as (?n IS NULL OR ...) so one prepared
 * statement serves every combination. */
static const char SQL_LIST[] = "SELECT " AUDIT_COLS " FROM audit_log"
                               " WHERE scope_path >= ?1 AND scope_path < ?2"
                               " AND (?3 = 0 OR user_id = ?3)"
                               " AND (?4 IS NULL OR record_type = ?4)"
                               " AND (?5 = 0 OR record_id = ?5)"
                               " AND (?6 IS NULL OR action = ?6)"
                               " AND (?7 IS NULL OR (action >= ?7 AND action < ?8))"
                               " AND (?9 IS NULL OR at >= ?9)"
                               " AND (?10 IS NULL OR at < ?10)"
                               " AND (?11 = 0 OR id < ?11)"
                               " ORDER BY id DESC LIMIT ?12";
static const char SQL_SCAN[] =
    "SELECT " AUDIT_COLS " FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char SQL_SETTING_PUT[] = "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

status store_audit_last(db *d, arena *a, int64_t *id, const char **hash, error *e)
{
    *id = 0;
    *hash = NULL;
    sqlite3_stmt *st = db_stmt(d, SQL_LAST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    int rc = db_step(st);
    status s = ST_OK;
    bool oom = false;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *hash = col_text(a, st, 1, &oom);
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s == ST_OK && oom ? nomem(e) : s;
}

static void bind_opt_id(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

status store_audit_insert(db *d, const audit_entry *en, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, en->id);
    bind_text(st, 2, en->at);
    bind_opt_id(st, 3, en->user_id);
    bind_text(st, 4, en->actor);
    bind_text(st, 5, en->ip ? en->ip : "");
    bind_text(st, 6, en->action);
    bind_text(st, 7, en->record_type ? en->record_type : "");
    bind_opt_id(st, 8, en->record_id);
    bind_text(st, 9, en->scope_path);
    bind_text(st, 10, en->before);
    bind_text(st, 11, en->after);
    bind_text(st, 12, en->prev_hash);
    bind_text(st, 13, en->hash);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_audit_count(db *d, int64_t *out, error *e)
{
    *out = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}

static void read_entry(arena *a, sqlite3_stmt *st, audit_entry *en, bool *oom)
{
    memset(en, 0, sizeof *en);
    en->id = sqlite3_column_int64(st, 0);
    en->at = col_text(a, st, 1, oom);
    en->user_id = sqlite3_column_int64(st, 2);
    en->actor = col_text(a, st, 3, oom);
    en->ip = col_text(a, st, 4, oom);
    en->action = col_text(a, st, 5, oom);
    en->record_type = col_text(a, st, 6, oom);
    en->record_id = sqlite3_column_int64(st, 7);
    en->scope_path = col_text(a, st, 8, oom);
    en->before = col_text(a, st, 9, oom);
    en->after = col_text(a, st, 10, oom);
    en->prev_hash = col_text(a, st, 11, oom);
    en->hash = col_text(a, st, 12, oom);
}

/* Step st to the end, reading up to cap rows into items. */
static status read_rows(db *d, arena *a, sqlite3_stmt *st, audit_entry *items, size_t cap,
                        size_t *n, error *e)
{
    status s = ST_OK;
    bool oom = false;
    *n = 0;
    for (;;) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (*n < cap)
            read_entry(a, st, &items[(*n)++], &oom);
    }
    db_done(st);
    return s == ST_OK && oom ? nomem(e) : s;
}

status store_audit_list(db *d, arena *a, const store_audit_query *q, audit_entry **out, size_t *n,
                        bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    audit_entry *items = arena_alloc_array(a, (size_t)q->limit + 1, sizeof *items);
    if (!items)
        return nomem(e);
    bind_scope(st, 1, q->scope);
    sqlite3_bind_int64(st, 3, q->user_id);
    bind_text(st, 4, q->record_type);
    sqlite3_bind_int64(st, 5, q->record_id);
    bind_text(st, 6, q->action);
    if (q->action_prefix) {
        /* The prefix range: "member." <= action < "member/" ('.' + 1). */
        char upper[STORE_PATH_MAX];
        size_t len = strlen(q->action_prefix);
        if (len == 0 || len >= sizeof upper) {
            db_done(st);
            return err_set(e, ST_INVALID, "audit_action_invalid", "action", NULL);
        }
        memcpy(upper, q->action_prefix, len + 1);
        upper[len - 1] = (char)(upper[len - 1] + 1);
        bind_text(st, 7, q->action_prefix);
        bind_text(st, 8, upper);
    }
    bind_text(st, 9, q->from);
    bind_text(st, 10, q->to_excl);
    sqlite3_bind_int64(st, 11, q->before_id);
    sqlite3_bind_int(st, 12, q->limit + 1);
    size_t got;
    status s = read_rows(d, a, st, items, (size_t)q->limit + 1, &got, e);
    if (s != ST_OK)
        return s;
    if (got > (size_t)q->limit) {
        *more = true;
        got = (size_t)q->limit;
    }
    *out = items;
    *n = got;
    return ST_OK;
}

status store_audit_scan(db *d, arena *a, int64_t after_id, int limit, audit_entry **out, size_t *n,
                        error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_SCAN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    audit_entry *items = arena_alloc_array(a, (size_t)limit, sizeof *items);
    if (!items)
        return nomem(e);
    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int(st, 2, limit);
    status s = read_rows(d, a, st, items, (size_t)limit, n, e);
    if (s == ST_OK)
        *out = items;
    return s;
}

status store_auth_setting_put(db *d, const char *key, const char *value, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SETTING_PUT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, key);
    bind_text(st, 2, value);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}
