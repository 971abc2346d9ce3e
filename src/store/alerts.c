/*
 * alerts.c -- the alerts a compliance scan keeps (compliance_store.h):
 * opened once per finding (the partial unique index on the key makes a
 * second open a no-op), resolved when the finding is gone.
 *
 * Scoped like every member read: the member's unit path is in the WHERE.
 * Must never decide what is a violation: the engine does.
 */
#include "store/compliance_store.h"

#include <string.h>

#include "store/internal.h"

/* clang-format off */
static const char SQL_OPEN[] =
    "INSERT INTO alerts (key, rule, member_id, trip_id, transfer_id, exemption_id, party, due,"
    " since, opened_at) VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0), nullif(?6, 0), ?7, ?8,"
    " ?9, ?10) ON CONFLICT (key) WHERE resolved_at IS NULL DO NOTHING";
static const char SQL_OPEN_LIST[] =
    "SELECT a.id, a.key FROM alerts a JOIN members m ON m.id = a.member_id"
    " WHERE a.resolved_at IS NULL AND m.unit_path >= ?1 AND m.unit_path < ?2 ORDER BY a.id";
static const char SQL_RESOLVE[] =
    "UPDATE alerts SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL";
static const char SQL_LIST[] =
    "SELECT a.id, a.key, a.rule, a.member_id, coalesce(a.trip_id, 0), coalesce(a.transfer_id, 0),"
    " coalesce(a.exemption_id, 0), a.party, a.due, a.since, a.opened_at, a.resolved_at,"
    " m.full_name, m.unit_path FROM alerts a JOIN members m ON m.id = a.member_id"
    " WHERE m.unit_path >= ?1 AND m.unit_path < ?2 AND (?3 = 1 OR a.resolved_at IS NULL)"
    " AND (?4 = 0 OR a.member_id = ?4) AND (?5 = 0 OR a.id < ?5)"
    " ORDER BY a.id DESC LIMIT ?6";
/* clang-format on */

status store_alert_open(db *d, const store_alert *al, const char *now, bool *opened, error *e)
{
    *opened = false;
    sqlite3_stmt *st = db_stmt(d, SQL_OPEN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, al->key);
    bind_text(st, 2, al->rule);
    sqlite3_bind_int64(st, 3, al->member_id);
    sqlite3_bind_int64(st, 4, al->trip_id);
    sqlite3_bind_int64(st, 5, al->transfer_id);
    sqlite3_bind_int64(st, 6, al->exemption_id);
    bind_text(st, 7, al->party);
    bind_date(st, 8, al->due);
    bind_date(st, 9, al->since);
    bind_text(st, 10, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK)
        *opened = sqlite3_changes(d->h) == 1;
    return s;
}

status store_alerts_open(db *d, arena *a, const char *scope, store_alert **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_OPEN_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    store_alert *items = NULL;
    size_t len = 0, cap = 0;
    status s = ST_OK;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_alert *grown = arena_grow(a, items, len, &cap, sizeof *grown);
        bool fail = !grown;
        if (grown) {
            items = grown;
            memset(&items[len], 0, sizeof items[len]);
            items[len].id = sqlite3_column_int64(st, 0);
            items[len].key = col_text(a, st, 1, &fail);
        }
        if (fail) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        len++;
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

status store_alert_resolve(db *d, int64_t id, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RESOLVE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

static status read_alert(arena *a, sqlite3_stmt *st, store_alert *al, error *e)
{
    bool fail = false;
    *al = (store_alert){
        .id = sqlite3_column_int64(st, 0),
        .key = col_text(a, st, 1, &fail),
        .rule = col_text(a, st, 2, &fail),
        .member_id = sqlite3_column_int64(st, 3),
        .trip_id = sqlite3_column_int64(st, 4),
        .transfer_id = sqlite3_column_int64(st, 5),
        .exemption_id = sqlite3_column_int64(st, 6),
        .party = col_text(a, st, 7, &fail),
        .due = col_date(st, 8),
        .since = col_date(st, 9),
        .opened_at = col_text(a, st, 10, &fail),
        .resolved_at = col_text(a, st, 11, &fail),
        .member_name = col_text(a, st, 12, &fail),
        .unit_path = col_text(a, st, 13, &fail),
    };
    return fail ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL) : ST_OK;
}

status store_alerts_list(db *d, arena *a, const char *scope, bool all, int64_t member_id,
                         int64_t after_id, int limit, store_alert **out, size_t *n, bool *more,
                         error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    sqlite3_bind_int(st, 3, all ? 1 : 0);
    sqlite3_bind_int64(st, 4, member_id);
    sqlite3_bind_int64(st, 5, after_id);
    sqlite3_bind_int(st, 6, limit + 1);
    size_t max = limit > 0 ? (size_t)limit : 1;
    store_alert *items = arena_alloc_array(a, max, sizeof *items);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    size_t len = 0;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (len == max) {
            *more = true;
            break;
        }
        s = read_alert(a, st, &items[len++], e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}
