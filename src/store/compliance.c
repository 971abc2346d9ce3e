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
/* The members with anything to check: trips past draft, transfers,
 * exemptions. */
static const char SQL_MEMBERS[] =
    "SELECT m.id, m.unit_path, m.admitted_on, m.official_on FROM members m"
    " WHERE m.unit_path >= ?1 AND m.unit_path < ?2 AND (?3 = 0 OR m.id = ?3)"
    " AND NOT (m.status IN ('left', 'deceased') AND m.status_date <= ?4)"
    " AND (EXISTS (SELECT 1 FROM trips t WHERE t.member_id = m.id AND t.state <> 'draft')"
    "   OR EXISTS (SELECT 1 FROM transfers x WHERE x.member_id = m.id)"
    "   OR EXISTS (SELECT 1 FROM exemptions x WHERE x.member_id = m.id))"
    " ORDER BY m.id";
static const char SQL_TRIPS[] =
    "SELECT t.id, t.purpose, date(t.created_at, '+7 hours'), t.planned_departure, t.planned_return,"
    " t.submitted_on, t.opinion_on, t.decided_on, t.decision = 'approved', t.withdrawn_on,"
    " t.cancelled_on, t.actual_departure, t.actual_return, t.extension_requested_on,"
    " t.extension_decided_on, t.extended_return, t.report_submitted_on, t.report_reviewed_on,"
    " t.acknowledged_on, coalesce(t.delegation_id, 0),"
    " CASE WHEN t.delegation_id IS NULL THEN 1 ELSE (SELECT count(*) FROM trips t2"
    "   WHERE t2.delegation_id = t.delegation_id"
    "   AND t2.state NOT IN ('draft', 'withdrawn', 'refused', 'cancelled')) END,"
    " (SELECT group_formed_on FROM delegations g WHERE g.id = t.delegation_id),"
    " (SELECT country FROM trip_countries c WHERE c.trip_id = t.id ORDER BY position LIMIT 1)"
    " FROM trips t WHERE t.member_id = ?1 AND t.state <> 'draft' ORDER BY t.id";
static const char SQL_TRANSFERS[] =
    "SELECT x.id, x.kind, x.kind = 'single' OR u.country IS NOT NULL, x.back, u.country,"
    " coalesce(x.trip_id, 0), x.issued_on, x.received_on,"
    " coalesce(x.returned_on, x.cancelled_on, x.ended_on)"
    " FROM transfers x JOIN units u ON u.id = x.to_unit_id WHERE x.member_id = ?1 ORDER BY x.id";
static const char SQL_EXEMPTIONS[] =
    "SELECT id, kind, decided_on, starts_on, ends_on, revoked_on FROM exemptions"
    " WHERE member_id = ?1 ORDER BY id";
static const char SQL_COUNTRIES[] =
    "SELECT DISTINCT country FROM units WHERE country IS NOT NULL AND temporary = 0"
    " AND (founded_on IS NULL OR founded_on <= ?1)"
    " AND (dissolved_on IS NULL OR dissolved_on > ?1) ORDER BY country";
/* clang-format on */

static status oom(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* Step through a statement's rows, calling `row` for each. */
static status each_row(db *d, sqlite3_stmt *st, status (*row)(void *, sqlite3_stmt *, error *),
                       void *ctx, error *e)
{
    status s = ST_OK;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        s = rc == SQLITE_ROW ? row(ctx, st, e) : db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

typedef struct scan {
    arena *a;
    compliance_member m;
    compliance_trip *trips;
    compliance_transfer *transfers;
    compliance_exemption *exemptions;
    size_t cap_t, cap_x, cap_e;
} scan;

static const char *const *one_country(arena *a, sqlite3_stmt *st, int i, size_t *n, bool *fail)
{
    *n = 0;
    const char *c = col_text(a, st, i, fail);
    if (!c || *fail)
        return NULL;
    const char **one = arena_alloc(a, sizeof *one);
    if (!one) {
        *fail = true;
        return NULL;
    }
    one[0] = c;
    *n = 1;
    return one;
}

static status trip_row(void *ctx, sqlite3_stmt *st, error *e)
{
    scan *sc = ctx;
    compliance_trip *grown = arena_grow(sc->a, sc->trips, sc->m.n_trips, &sc->cap_t, sizeof *grown);
    if (!grown)
        return oom(e);
    sc->trips = grown;
    compliance_trip *t = &grown[sc->m.n_trips];
    memset(t, 0, sizeof *t);
    int i = 0;
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
    t->group_formed_on = col_date(st, i++);
    bool fail = false;
    t->countries = one_country(sc->a, st, i, &t->n_countries, &fail);
    if (fail)
        return oom(e);
    sc->m.n_trips++;
    return ST_OK;
}

static status transfer_row(void *ctx, sqlite3_stmt *st, error *e)
{
    scan *sc = ctx;
    compliance_transfer *grown =
        arena_grow(sc->a, sc->transfers, sc->m.n_transfers, &sc->cap_x, sizeof *grown);
    if (!grown)
        return oom(e);
    sc->transfers = grown;
    compliance_transfer *x = &grown[sc->m.n_transfers];
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    x->kind = kind && strcmp(kind, "official") == 0 ? TRANSFER_OFFICIAL
              : kind && strcmp(kind, "single") == 0 ? TRANSFER_SINGLE
                                                    : TRANSFER_TEMPORARY;
    x->abroad = sqlite3_column_int(st, 2) == 1;
    x->back = sqlite3_column_int(st, 3) == 1;
    bool fail = false;
    x->country = col_text(sc->a, st, 4, &fail);
    if (fail)
        return oom(e);
    x->trip_id = sqlite3_column_int64(st, 5);
    x->issued_on = col_date(st, 6);
    x->received_on = col_date(st, 7);
    x->ended_on = col_date(st, 8);
    sc->m.n_transfers++;
    return ST_OK;
}

static status exemption_row(void *ctx, sqlite3_stmt *st, error *e)
{
    scan *sc = ctx;
    compliance_exemption *grown =
        arena_grow(sc->a, sc->exemptions, sc->m.n_exemptions, &sc->cap_e, sizeof *grown);
    if (!grown)
        return oom(e);
    sc->exemptions = grown;
    compliance_exemption *x = &grown[sc->m.n_exemptions++];
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    *x = (compliance_exemption){
        .id = sqlite3_column_int64(st, 0),
        .kind = kind && strcmp(kind, "full") == 0 ? EXEMPTION_FULL : EXEMPTION_TEMPORARY,
        .decided_on = col_date(st, 2),
        .starts_on = col_date(st, 3),
        .ends_on = col_date(st, 4),
        .revoked_on = col_date(st, 5),
    };
    return ST_OK;
}

/* Load one member's records (after the members cursor moved on: the
 * statements are distinct, so they may run while it is open). */
static status load_member(db *d, scan *sc, error *e)
{
    static const char *const sql[] = {SQL_TRIPS, SQL_TRANSFERS, SQL_EXEMPTIONS};
    status (*const rows[])(void *, sqlite3_stmt *, error *) = {trip_row, transfer_row,
                                                               exemption_row};
    status s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < 3; i++) {
        sqlite3_stmt *st = db_stmt(d, sql[i], e);
        if (!st)
            return e ? e->st : ST_INTERNAL;
        sqlite3_bind_int64(st, 1, sc->m.id);
        s = each_row(d, st, rows[i], sc, e);
    }
    sc->m.trips = sc->trips;
    sc->m.transfers = sc->transfers;
    sc->m.exemptions = sc->exemptions;
    return s;
}

status store_compliance_each(db *d, arena *scratch, const char *scope, int64_t member_id,
                             date_t as_of, store_compliance_fn fn, void *ctx, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEMBERS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_scope(st, 1, scope);
    sqlite3_bind_int64(st, 3, member_id);
    bind_date(st, 4, as_of);
    status s = ST_OK;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        arena_free(scratch);
        scan sc = {.a = scratch};
        bool fail = false;
        sc.m.id = sqlite3_column_int64(st, 0);
        sc.m.unit_path = col_text(scratch, st, 1, &fail);
        sc.m.admitted_on = col_date(st, 2);
        sc.m.official_on = col_date(st, 3);
        s = fail ? oom(e) : load_member(d, &sc, e);
        if (s == ST_OK)
            s = fn(ctx, &sc.m, e);
    }
    db_done(st);
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
        bool fail = !grown;
        const char *c = grown ? col_text(a, st, 0, &fail) : NULL;
        if (fail) {
            s = oom(e);
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
