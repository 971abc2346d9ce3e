/*
 * exemption_list.c -- the ids of a filtered page of exemptions
 * (exemption_list_store.h): by the members' subtree, member, expired,
 * expiring within a window.
 *
 * Reads only; must never decide whether an exemption is allowed, nor map
 * its row (store_exemption_get does).
 */
#include "store/exemption_list_store.h"

#include "store/internal.h"

/* clang-format off */
static const char SQL_IDS[] =
    "SELECT e.id FROM exemptions e JOIN members m ON m.id = e.member_id"
    " WHERE m.unit_path >= ?1 AND m.unit_path < ?2"
    " AND (?3 IS NULL OR e.member_id = ?3)"
    " AND (?4 = 0 OR (e.revoked_on IS NULL AND e.ends_on < ?5))"
    " AND (?6 IS NULL OR (e.revoked_on IS NULL AND e.ends_on >= ?5 AND e.ends_on <= ?6))"
    " AND e.id < ?7 ORDER BY e.id DESC LIMIT ?8";
/* clang-format on */

static status read_id(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    (void)a;
    (void)e;
    *(int64_t *)row = sqlite3_column_int64(st, 0);
    return ST_OK;
}

status store_exemption_ids(db *d, arena *a, const store_exemption_filter *f, int64_t **ids,
                           size_t *n, bool *more, error *e)
{
    *ids = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_IDS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, f->scope);
    if (f->member_id > 0)
        sqlite3_bind_int64(st, 3, f->member_id);
    sqlite3_bind_int(st, 4, f->expired ? 1 : 0);
    bind_date(st, 5, f->today);
    bind_date(st, 6, f->expiring_till);
    sqlite3_bind_int64(st, 7, f->after_id > 0 ? f->after_id : INT64_MAX);
    sqlite3_bind_int64(st, 8, (int64_t)f->limit + 1);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **ids, read_id, f->limit, &items, n, more, e);
    if (s == ST_OK)
        *ids = items;
    return s;
}
