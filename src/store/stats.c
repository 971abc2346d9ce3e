/*
 * stats.c -- the statistics' counts in SQL (stats_store.h): each
 * breakdown one GROUP BY over a date range, read from the indexes of
 * migration 007.
 *
 * Reads only, each query scoped in its WHERE. Must never decide a rule:
 * the deadlines of the reports are the service's (it gets the groups of
 * return and filing dates), the violations are the alerts the scan kept.
 */
#include "store/stats_store.h"

#include <assert.h>

#include "store/internal.h"

/* clang-format off */
#define M_IN " m.unit_path >= ?1 AND m.unit_path < ?2"
#define TRIPS_M " FROM trips t JOIN members m ON m.id = t.member_id WHERE" M_IN " AND"
#define LEFT " t.actual_departure >= ?3 AND t.actual_departure <= ?4"
#define BACK " t.actual_return >= ?3 AND t.actual_return <= ?4"
/* The scope's child unit holding the member (the scope's own path for a
 * member attached to the unit counted itself). */
#define CHILD " substr(m.unit_path, 1, length(?1) + instr(substr(m.unit_path, length(?1) + 1), '/'))"
/* The members abroad on ?3 and the trip that takes each there (the latest).
 * CROSS JOIN keeps the trips first, read from trips_out (those still out on
 * ?3), rather than every member of a large scope. */
#define ABROAD(SCOPE)                                                                        \
    "WITH ab AS (SELECT t.member_id, max(t.id) AS tid FROM trips t CROSS JOIN members m"                 \
    "  ON m.id = t.member_id WHERE" SCOPE " t.state <> 'draft'"                                    \
    "  AND coalesce(t.actual_return, '9999-12-31') > ?3 AND t.actual_departure <= ?3"              \
    "  AND date(t.created_at, '+7 hours') <= ?3"                                                   \
    "  AND NOT (m.status IN ('left', 'deceased') AND m.status_date <= ?3) GROUP BY t.member_id) "
/* The type of the unit abroad a member attends on ?3: the preferred open
 * period (temporary before official, then the latest), the type of the
 * nearest unit up the tree that has one, else 'mixed' (dashboard.c). */
#define CELL_TYPE                                                                                  \
    "(SELECT coalesce((SELECT a.cell_type FROM units a WHERE a.cell_type IS NOT NULL"              \
    "   AND substr(u.path, 1, length(a.path)) = a.path ORDER BY a.depth DESC LIMIT 1), 'mixed')"   \
    "  FROM member_units p JOIN units u ON u.id = p.unit_id WHERE p.member_id = ab.member_id"      \
    "  AND u.country IS NOT NULL AND p.start_date <= ?3 AND (p.end_date IS NULL OR p.end_date >= ?3)" \
    "  ORDER BY p.kind = 'official', p.id DESC LIMIT 1)"
#define RULE_PATH                                                                                  \
    " coalesce((SELECT u.path FROM rule_sets r JOIN units u ON u.id = r.unit_id"                   \
    "  WHERE substr(m.unit_path, 1, length(u.path)) = u.path ORDER BY length(u.path) DESC LIMIT 1), '/')"
#define X_SCOPE                                                                                    \
    " JOIN members m ON m.id = x.member_id JOIN units f ON f.id = x.from_unit_id"                  \
    " JOIN units r ON r.id = x.to_unit_id WHERE ((f.path >= ?1 AND f.path < ?2)"                   \
    " OR (r.path >= ?1 AND r.path < ?2) OR" M_IN ") AND"

static const char *const SQL_SCOPED[STATS_Q_COUNT] = {
    [STATS_Q_TRIPS_YEAR] = "SELECT substr(t.actual_departure, 1, 4), NULL, NULL, count(*)" TRIPS_M LEFT " GROUP BY 1",
    [STATS_Q_TRIPS_PURPOSE] = "SELECT t.purpose, NULL, NULL, count(*)" TRIPS_M LEFT " GROUP BY 1",
    [STATS_Q_TRIPS_COUNTRY] = "SELECT c.country, NULL, NULL, count(*) FROM trips t"
        " JOIN members m ON m.id = t.member_id JOIN trip_countries c ON c.trip_id = t.id"
        " WHERE" M_IN " AND" LEFT " GROUP BY 1",
    [STATS_Q_TRIPS_UNIT] = "SELECT u.code, u.name, NULL, x.n FROM (SELECT" CHILD " AS p, count(*) AS n"
        TRIPS_M LEFT " GROUP BY 1) x JOIN units u ON u.path = x.p",
    [STATS_Q_ABROAD_COUNTRY] = ABROAD(M_IN " AND")
        "SELECT coalesce((SELECT c.country FROM trip_countries c WHERE c.trip_id = ab.tid"
        " ORDER BY c.position LIMIT 1), ''), NULL, NULL, count(*) FROM ab GROUP BY 1",
    [STATS_Q_ABROAD_CELL_TYPE] = ABROAD(M_IN " AND") "SELECT" CELL_TYPE ", NULL, NULL, count(*)"
        " FROM ab GROUP BY 1",
    [STATS_Q_TRANSFERS] = "SELECT x.kind, x.back, NULL, count(*) FROM transfers x" X_SCOPE
        " x.issued_on >= ?3 AND x.issued_on <= ?4 AND x.state <> 'cancelled' GROUP BY 1, 2",
    [STATS_Q_EXEMPTIONS] = "SELECT x.kind, NULL, NULL, count(*) FROM exemptions x"
        " JOIN members m ON m.id = x.member_id WHERE" M_IN
        " AND x.decided_on >= ?3 AND x.decided_on <= ?4 GROUP BY 1",
    [STATS_Q_GROUPS] = "SELECT NULL, NULL, NULL, count(*) FROM delegations g"
        " JOIN units u ON u.id = g.unit_id WHERE u.path >= ?1 AND u.path < ?2"
        " AND g.group_formed_on >= ?3 AND g.group_formed_on <= ?4",
    [STATS_Q_REPORTS] = "SELECT NULL, t.actual_return, t.report_submitted_on, count(*)" TRIPS_M BACK
        " GROUP BY 2, 3",
    [STATS_Q_REPORTS_RULES] = "SELECT" RULE_PATH ", t.actual_return, t.report_submitted_on, count(*)"
        TRIPS_M BACK " GROUP BY 1, 2, 3",
    [STATS_Q_VIOLATIONS] = "SELECT a.rule, substr(a.since, 1, 4), NULL, count(DISTINCT a.key)"
        " FROM alerts a JOIN members m ON m.id = a.member_id WHERE" M_IN
        " AND a.since >= ?3 AND a.since <= ?4 GROUP BY 1, 2",
};

/* The same without the scope, for a scope that holds every unit (NULL:
 * the scoped one serves). ?1 and ?2 are still bound, and unused. */
static const char *const SQL_WHOLE[STATS_Q_COUNT] = {
    [STATS_Q_TRIPS_YEAR] = "SELECT substr(t.actual_departure, 1, 4), NULL, NULL, count(*)"
        " FROM trips t WHERE" LEFT " AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1",
    [STATS_Q_TRIPS_PURPOSE] = "SELECT t.purpose, NULL, NULL, count(*) FROM trips t WHERE" LEFT
        " AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1",
    [STATS_Q_TRIPS_COUNTRY] = "SELECT c.country, NULL, NULL, count(*) FROM trips t"
        " JOIN trip_countries c ON c.trip_id = t.id WHERE" LEFT " AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1",
    [STATS_Q_TRANSFERS] = "SELECT x.kind, x.back, NULL, count(*) FROM transfers x"
        " WHERE x.issued_on >= ?3 AND x.issued_on <= ?4 AND x.state <> 'cancelled'"
        " AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1, 2",
    [STATS_Q_EXEMPTIONS] = "SELECT x.kind, NULL, NULL, count(*) FROM exemptions x"
        " WHERE x.decided_on >= ?3 AND x.decided_on <= ?4 AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1",
    [STATS_Q_GROUPS] = "SELECT NULL, NULL, NULL, count(*) FROM delegations g"
        " WHERE g.group_formed_on >= ?3 AND g.group_formed_on <= ?4 AND ?1 = ?1 AND ?2 = ?2",
    [STATS_Q_REPORTS] = "SELECT NULL, t.actual_return, t.report_submitted_on, count(*) FROM trips t"
        " WHERE" BACK " AND ?1 = ?1 AND ?2 = ?2 GROUP BY 2, 3",
    [STATS_Q_VIOLATIONS] = "SELECT a.rule, substr(a.since, 1, 4), NULL, count(DISTINCT a.key)"
        " FROM alerts a WHERE a.since >= ?3 AND a.since <= ?4 AND ?1 = ?1 AND ?2 = ?2 GROUP BY 1, 2",
};

static const char SQL_WHOLE_SCOPE[] =
    "SELECT NOT EXISTS (SELECT 1 FROM units WHERE path < ?1 OR path >= ?2)";
static const char SQL_UNIT_RULE_SETS[] =
    "SELECT EXISTS (SELECT 1 FROM rule_sets WHERE unit_id IS NOT NULL)";
/* clang-format on */

static status oom(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* Copy the current row into a new element of *out. */
static status take_row(arena *a, sqlite3_stmt *st, store_stats_row **out, size_t *n, size_t *cap,
                       error *e)
{
    store_stats_row *grown = arena_grow(a, *out, *n, cap, sizeof *grown);
    if (!grown)
        return oom(e);
    *out = grown;
    bool fail = false;
    store_stats_row *r = &grown[*n];
    for (int k = 0; k < 3; k++)
        r->key[k] = col_text(a, st, k, &fail);
    r->n = sqlite3_column_int64(st, 3);
    if (fail)
        return oom(e);
    (*n)++;
    return ST_OK;
}

status store_stats_rows(db *d, arena *a, store_stats_query q, const char *scope, bool whole,
                        date_t from, date_t to, store_stats_row **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    assert(q >= 0 && q < STATS_Q_COUNT);
    const char *sql = whole && SQL_WHOLE[q] ? SQL_WHOLE[q] : SQL_SCOPED[q];
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    bind_date(st, 3, from);
    if (q != STATS_Q_ABROAD_COUNTRY && q != STATS_Q_ABROAD_CELL_TYPE)
        bind_date(st, 4, to);
    size_t cap = 0;
    status s = ST_OK;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            s = db_fail(d, rc, e);
        else
            s = take_row(a, st, out, n, &cap, e);
    }
    db_done(st);
    return s;
}

/* One integer from a statement with the scope (or nothing) bound. */
static status one_int(db *d, const char *sql, const char *scope, int64_t *v, error *e)
{
    *v = 0;
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (scope)
        bind_scope(st, 1, scope);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, e);
    db_done(st);
    return s;
}

status store_stats_whole(db *d, const char *scope, bool *whole, error *e)
{
    int64_t v = 0;
    status s = one_int(d, SQL_WHOLE_SCOPE, scope, &v, e);
    *whole = s == ST_OK && v == 1;
    return s;
}

status store_stats_unit_rule_sets(db *d, bool *any, error *e)
{
    int64_t v = 0;
    status s = one_int(d, SQL_UNIT_RULE_SETS, NULL, &v, e);
    *any = s == ST_OK && v == 1;
    return s;
}
