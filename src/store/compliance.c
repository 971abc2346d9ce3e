/*
 * compliance.c -- the compliance engine's reads (compliance_store.h): the
 * trips of a scope, member by member, and the countries that have units.
 *
 * Reads only; every query is scoped on members.unit_path like the other
 * scoped reads. Must never decide a rule: that is domain/compliance.c's.
 */
#include "store/compliance_store.h"

#include <string.h>

#include "store/internal.h"

/* clang-format off */
static const char SQL_SCAN[] =
    "SELECT m.id, m.unit_path, m.admitted_on, m.official_on,"
    " t.id, t.purpose, date(t.created_at, '+7 hours'), t.planned_departure, t.planned_return,"
    " t.submitted_on, t.opinion_on, t.decided_on, t.decision = 'approved', t.withdrawn_on,"
    " t.cancelled_on, t.actual_departure, t.actual_return, t.extension_requested_on,"
    " t.extension_decided_on, t.extended_return, t.report_submitted_on, t.report_reviewed_on,"
    " t.acknowledged_on, coalesce(t.delegation_id, 0),"
    " CASE WHEN t.delegation_id IS NULL THEN 1 ELSE (SELECT count(*) FROM trips t2"
    "   WHERE t2.delegation_id = t.delegation_id"
    "   AND t2.state NOT IN ('draft', 'withdrawn', 'refused', 'cancelled')) END,"
    " (SELECT country FROM trip_countries c WHERE c.trip_id = t.id ORDER BY position LIMIT 1)"
    " FROM trips t JOIN members m ON m.id = t.member_id"
    " WHERE m.unit_path >= ?1 AND m.unit_path < ?2 AND t.state <> 'draft'"
    " AND (?3 = 0 OR m.id = ?3)"
    " AND NOT (m.status IN ('left', 'deceased') AND m.status_date <= ?4)"
    " ORDER BY t.member_id, t.id";
static const char SQL_COUNTRIES[] =
    "SELECT DISTINCT country FROM units WHERE country IS NOT NULL AND temporary = 0"
    " AND (founded_on IS NULL OR founded_on <= ?1)"
    " AND (dissolved_on IS NULL OR dissolved_on > ?1) ORDER BY country";
/* clang-format on */

enum { C_MID, C_PATH, C_ADMITTED, C_OFFICIAL, C_TRIP };

typedef struct scan {
    arena *a;
    compliance_member m;
    compliance_trip *trips;
    size_t cap;
} scan;

static status read_trip(scan *sc, sqlite3_stmt *st, error *e)
{
    compliance_trip *grown = arena_grow(sc->a, sc->trips, sc->m.n_trips, &sc->cap, sizeof *grown);
    if (!grown)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    sc->trips = grown;
    compliance_trip *t = &grown[sc->m.n_trips];
    memset(t, 0, sizeof *t);
    int i = C_TRIP;
    t->id = sqlite3_column_int64(st, i++);
    const char *purpose = (const char *)sqlite3_column_text(st, i++);
    if (!purpose || !trip_purpose_parse(purpose, &t->purpose))
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    date_t *dates[] = {&t->created_on,   &t->planned_departure, &t->planned_return,
                       &t->submitted_on, &t->opinion_on,        &t->decided_on};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++)
        *dates[k] = col_date(st, i++);
    t->approved = sqlite3_column_int(st, i++) == 1;
    date_t *more[] = {&t->withdrawn_on,    &t->cancelled_on,           &t->actual_departure,
                      &t->actual_return,   &t->extension_requested_on, &t->extension_decided_on,
                      &t->extended_return, &t->report_submitted_on,    &t->report_reviewed_on,
                      &t->acknowledged_on};
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++)
        *more[k] = col_date(st, i++);
    t->delegation_id = sqlite3_column_int64(st, i++);
    t->delegation_members = sqlite3_column_int(st, i++);
    t->group_formed_on = DATE_NONE;
    bool oom = false;
    const char *country = col_text(sc->a, st, i, &oom);
    if (oom)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (country) {
        const char **one = arena_alloc(sc->a, sizeof *one);
        if (!one)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        one[0] = country;
        t->countries = one;
        t->n_countries = 1;
    }
    sc->m.n_trips++;
    return ST_OK;
}

static status start_member(scan *sc, sqlite3_stmt *st, error *e)
{
    arena_free(sc->a);
    memset(&sc->m, 0, sizeof sc->m);
    sc->trips = NULL;
    sc->cap = 0;
    bool oom = false;
    sc->m.id = sqlite3_column_int64(st, C_MID);
    sc->m.unit_path = col_text(sc->a, st, C_PATH, &oom);
    sc->m.admitted_on = col_date(st, C_ADMITTED);
    sc->m.official_on = col_date(st, C_OFFICIAL);
    return oom ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL) : ST_OK;
}

static status flush(scan *sc, store_compliance_fn fn, void *ctx, error *e)
{
    if (sc->m.id == 0)
        return ST_OK;
    sc->m.trips = sc->trips;
    return fn(ctx, &sc->m, e);
}

status store_compliance_each(db *d, arena *scratch, const char *scope, int64_t member_id,
                             date_t as_of, store_compliance_fn fn, void *ctx, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SCAN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    sqlite3_bind_int64(st, 3, member_id);
    bind_date(st, 4, as_of);
    scan sc = {.a = scratch};
    status s = ST_OK;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (sqlite3_column_int64(st, C_MID) != sc.m.id) {
            s = flush(&sc, fn, ctx, e);
            if (s == ST_OK)
                s = start_member(&sc, st, e);
        }
        if (s == ST_OK)
            s = read_trip(&sc, st, e);
    }
    db_done(st);
    if (s == ST_OK)
        s = flush(&sc, fn, ctx, e);
    arena_free(scratch);
    return s;
}

status store_countries_with_units(db *d, arena *a, date_t on, const char ***out, size_t *n,
                                  error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTRIES, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, on);
    const char **items = NULL;
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
        const char **grown = arena_grow(a, items, len, &cap, sizeof *grown);
        bool oom = !grown;
        const char *c = grown ? col_text(a, st, 0, &oom) : NULL;
        if (oom) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        items = grown;
        items[len++] = c;
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}
