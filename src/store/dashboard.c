/*
 * dashboard.c -- the dashboard's counts in SQL (dashboard_store.h).
 *
 * Reads only, each query scoped in its WHERE (members.unit_path; the
 * transfers like store_transfer_list). Must never decide a rule: which
 * transfer is overdue, which member is abroad or without an arrangement
 * is the service's and the engine's to say.
 */
#include "store/dashboard_store.h"

#include "store/internal.h"

/* clang-format off */
#define M_IN " m.unit_path >= ?1 AND m.unit_path < ?2"
static const char SQL_TRIPS_OPEN[] =
    "SELECT count(*) FROM trips t JOIN members m ON m.id = t.member_id WHERE" M_IN
    " AND t.state NOT IN ('refused', 'closed', 'withdrawn', 'cancelled')";
static const char SQL_EXEMPTIONS[] =
    "SELECT coalesce(sum(e.ends_on >= ?3 AND e.ends_on <= ?4), 0), coalesce(sum(e.ends_on < ?3), 0)"
    " FROM exemptions e JOIN members m ON m.id = e.member_id WHERE" M_IN
    " AND e.revoked_on IS NULL AND e.ends_on IS NOT NULL";
static const char SQL_PENDING[] =
    "SELECT x.id, m.unit_path, x.issued_on FROM transfers x JOIN members m ON m.id = x.member_id"
    " JOIN units f ON f.id = x.from_unit_id JOIN units t ON t.id = x.to_unit_id"
    " WHERE x.state = 'issued' AND ((f.path >= ?1 AND f.path < ?2) OR (t.path >= ?1 AND t.path < ?2)"
    " OR" M_IN ") ORDER BY x.id";
/* The periods open on ?3 in a unit abroad, the preferred one per member
 * (temporary before official, then the latest). */
static const char SQL_ATTENDING[] =
    "WITH att AS (SELECT p.member_id, p.unit_id, p.kind = 'official' AS pref, p.id AS pid"
    "  FROM member_units p JOIN members m ON m.id = p.member_id JOIN units u ON u.id = p.unit_id"
    "  WHERE" M_IN " AND u.country IS NOT NULL AND p.start_date <= ?3"
    "  AND (p.end_date IS NULL OR p.end_date >= ?3))"
    " SELECT att.member_id, coalesce((SELECT a.cell_type FROM units u JOIN units a"
    "   ON substr(u.path, 1, length(a.path)) = a.path WHERE u.id = att.unit_id"
    "   AND a.cell_type IS NOT NULL ORDER BY a.depth DESC LIMIT 1), 'mixed')"
    " FROM att WHERE NOT EXISTS (SELECT 1 FROM att b WHERE b.member_id = att.member_id"
    "  AND (b.pref < att.pref OR (b.pref = att.pref AND b.pid > att.pid)))"
    " ORDER BY att.member_id";
/* clang-format on */

static status oom(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* The statement with the scope bound at ?1 and ?2. */
static sqlite3_stmt *scoped(db *d, const char *sql, const char *scope, error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (st)
        bind_scope(st, 1, scope);
    return st;
}

status store_dashboard_trips_open(db *d, const char *scope, int64_t *n, error *e)
{
    *n = 0;
    sqlite3_stmt *st = scoped(d, SQL_TRIPS_OPEN, scope, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, e);
    db_done(st);
    return s;
}

status store_dashboard_exemptions(db *d, const char *scope, date_t today, date_t until,
                                  int64_t *expiring, int64_t *expired, error *e)
{
    *expiring = *expired = 0;
    sqlite3_stmt *st = scoped(d, SQL_EXEMPTIONS, scope, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 3, today);
    bind_date(st, 4, until);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        *expiring = sqlite3_column_int64(st, 0);
        *expired = sqlite3_column_int64(st, 1);
    } else {
        s = db_fail(d, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, e);
    }
    db_done(st);
    return s;
}

status store_dashboard_transfers_pending(db *d, arena *a, const char *scope,
                                         store_dashboard_transfer **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = scoped(d, SQL_PENDING, scope, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    size_t cap = 0;
    status s = ST_OK;
    for (;;) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_dashboard_transfer *grown = arena_grow(a, *out, *n, &cap, sizeof *grown);
        bool fail = false;
        if (grown)
            grown[*n] = (store_dashboard_transfer){.id = sqlite3_column_int64(st, 0),
                                                   .member_path = col_text(a, st, 1, &fail),
                                                   .issued_on = col_date(st, 2)};
        if (!grown || fail) {
            s = oom(e);
            break;
        }
        *out = grown;
        (*n)++;
    }
    db_done(st);
    return s;
}

status store_dashboard_attending_abroad(db *d, arena *a, const char *scope, date_t on,
                                        store_dashboard_attending **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = scoped(d, SQL_ATTENDING, scope, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 3, on);
    size_t cap = 0;
    status s = ST_OK;
    for (;;) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_dashboard_attending *grown = arena_grow(a, *out, *n, &cap, sizeof *grown);
        bool fail = false;
        if (grown)
            grown[*n] = (store_dashboard_attending){.member_id = sqlite3_column_int64(st, 0),
                                                    .cell_type = col_text(a, st, 1, &fail)};
        if (!grown || fail) {
            s = oom(e);
            break;
        }
        *out = grown;
        (*n)++;
    }
    db_done(st);
    return s;
}
