/*
 * transfers.c -- transfers of party activity, exemptions, the facts an
 * exemption is checked against, the member's unit as a transfer moves it,
 * and delegations' temporary groups, in SQL (transfer_store.h).
 *
 * Scope is in every WHERE: a transfer is found only through a scope that
 * holds its sending unit, its receiving unit or its member; an exemption
 * only through its member's unit_path. Lists page by keyset on id, never
 * by OFFSET. This file must never decide a rule (which step is allowed,
 * who may take it, whether an exemption is allowed): it stores what the
 * service decided and reports facts; and it builds no SQL from input.
 */
#include "store/transfer_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

/* ---- binding by name ---- */

/* ---- SQL ---- */

/* clang-format off */
#define X_COLS                                                                                     \
    "x.id, x.version, x.member_id, m.full_name, m.unit_path, x.kind, x.state, x.from_unit_id,"     \
    " x.to_unit_id, f.code, f.name, f.path, t.code, t.name, t.path, t.country,"                    \
    " coalesce(x.trip_id, 0), x.back, x.letter_number, x.issued_on, x.received_on,"                \
    " x.returned_on, x.cancelled_on, x.ended_on, x.note, x.issued_by, x.received_by,"              \
    " x.created_at, x.updated_at"                                                                  \
    " FROM transfers x JOIN members m ON m.id = x.member_id"                                       \
    " JOIN units f ON f.id = x.from_unit_id JOIN units t ON t.id = x.to_unit_id"
#define IN(col, lo, hi) " (" col " >= " lo " AND " col " < " hi ")"
#define X_SEEN                                                                                     \
    " (" IN("f.path", ":scope", ":upper") " OR" IN("t.path", ":scope", ":upper")                   \
    " OR" IN("m.unit_path", ":scope", ":upper") ")"

static const char SQL_X_GET[] = "SELECT " X_COLS " WHERE x.id = :id AND" X_SEEN;
static const char SQL_X_OPEN[] =
    "SELECT " X_COLS " WHERE x.member_id = :member_id AND x.state = 'issued'";
static const char SQL_X_LETTER[] =
    "SELECT coalesce(max(CAST(substr(letter_number, 1, instr(letter_number, '/') - 1)"
    " AS INTEGER)), 0) + 1 FROM transfers WHERE letter_number LIKE ?1";
static const char SQL_X_INSERT[] =
    "INSERT INTO transfers (member_id, kind, state, from_unit_id, to_unit_id, trip_id, back,"
    " letter_number, issued_on, note, issued_by, version, created_at, updated_at)"
    " VALUES (:member_id, :kind, 'issued', :from, :to, :trip, :back, :letter, :issued_on,"
    " :note, :issued_by, 1, :now, :now)";
static const char SQL_X_UPDATE[] =
    "UPDATE transfers SET state = :state, received_on = :received_on,"
    " returned_on = :returned_on, cancelled_on = :cancelled_on, ended_on = :ended_on,"
    " received_by = :received_by, version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version";
static const char SQL_X_SINGLE[] =
    "SELECT EXISTS (SELECT 1 FROM transfers WHERE member_id = ?1 AND to_unit_id = ?2"
    " AND kind = 'single' AND state = 'received')";
static const char SQL_X_LIST[] =
    "SELECT " X_COLS " WHERE" X_SEEN
    " AND (:member_id IS NULL OR x.member_id = :member_id)"
    " AND (:state IS NULL OR x.state = :state)"
    " AND ((:dir = 0 AND (" IN("f.path", ":wlo", ":whi") " OR" IN("t.path", ":wlo", ":whi")
    "   OR" IN("m.unit_path", ":wlo", ":whi") "))"
    "  OR (:dir = 1 AND" IN("f.path", ":wlo", ":whi") ")"
    "  OR (:dir = 2 AND" IN("t.path", ":wlo", ":whi") "))"
    " AND x.id < :after ORDER BY x.id DESC LIMIT :limit";

static const char SQL_MEMBER_MOVE[] =
    "UPDATE members SET unit_id = ?2, unit_path = (SELECT path FROM units WHERE id = ?2),"
    " version = version + 1, updated_at = ?3 WHERE id = ?1"
    " AND EXISTS (SELECT 1 FROM units WHERE id = ?2)";
static const char SQL_PERIOD_TEMP[] =
    "SELECT id FROM member_units WHERE member_id = ?1 AND unit_id = ?2 AND kind = 'temporary'"
    " AND end_date IS NULL ORDER BY id DESC LIMIT 1";
static const char SQL_OVERSEAS[] =
    "SELECT EXISTS (SELECT 1 FROM units u JOIN units k ON substr(u.path, 1, length(k.path)) = k.path"
    " WHERE u.id = ?1 AND k.kind = 'committee' AND k.country IS NULL"
    " AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = k.id AND c.country IS NOT NULL))";

static const char SQL_FACT_TRIP[] =
    "SELECT (SELECT country FROM trip_countries c WHERE c.trip_id = t.id ORDER BY position LIMIT 1)"
    " FROM trips t WHERE t.member_id = ?1"
    " AND t.state IN ('approved', 'departed', 'extension_requested', 'returned',"
    "  'report_submitted', 'report_reviewed', 'closed')"
    " AND coalesce(t.actual_departure, t.planned_departure) <= ?2"
    " AND coalesce(t.actual_return, t.extended_return, t.planned_return, '9999-12-31') > ?2"
    " ORDER BY t.id DESC LIMIT 1";
static const char SQL_FACT_UNIT[] =
    "SELECT EXISTS (SELECT 1 FROM units WHERE country = ?1 AND temporary = 0"
    " AND (founded_on IS NULL OR founded_on <= ?2) AND (dissolved_on IS NULL OR dissolved_on > ?2))";
static const char SQL_FACT_TRANSFER[] =
    "SELECT EXISTS (SELECT 1 FROM transfers x JOIN units u ON u.id = x.to_unit_id"
    " WHERE x.member_id = ?1 AND x.kind IN ('temporary', 'official') AND u.country IS NOT NULL"
    " AND x.issued_on <= ?2 AND x.state IN ('issued', 'received', 'ended')"
    " AND coalesce(x.ended_on, '9999-12-31') > ?2)"
    " OR EXISTS (SELECT 1 FROM members m JOIN units u ON u.id = m.unit_id"
    " WHERE m.id = ?1 AND u.country IS NOT NULL)";

#define E_COLS                                                                                     \
    "e.id, e.version, e.member_id, m.full_name, m.unit_path, e.kind, e.reason,"                    \
    " e.decision_number, e.starts_on, e.ends_on, e.decided_on, e.revoked_on,"                      \
    " e.approving_unit_id, u.name, e.created_by, e.created_at"                                     \
    " FROM exemptions e JOIN members m ON m.id = e.member_id"                                      \
    " JOIN units u ON u.id = e.approving_unit_id"
static const char SQL_E_INSERT[] =
    "INSERT INTO exemptions (member_id, kind, reason, starts_on, ends_on, decided_on,"
    " decision_number, approving_unit_id, version, created_by, created_at, updated_at)"
    " VALUES (:member_id, :kind, :reason, :starts_on, :ends_on, :decided_on, :number,"
    " :unit, 1, :created_by, :now, :now)";
static const char SQL_E_GET[] =
    "SELECT " E_COLS " WHERE e.id = :id AND" IN("m.unit_path", ":scope", ":upper");
static const char SQL_E_REVOKE[] =
    "UPDATE exemptions SET revoked_on = :revoked_on, version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version";
static const char SQL_E_LIST[] =
    "SELECT " E_COLS " WHERE" IN("m.unit_path", ":scope", ":upper")
    " AND (:member_id IS NULL OR e.member_id = :member_id)"
    " AND (:expired = 0 OR (e.revoked_on IS NULL AND e.ends_on < :today))"
    " AND e.id < :after ORDER BY e.id DESC LIMIT :limit";

static const char SQL_G_GET[] =
    "SELECT coalesce(group_unit_id, 0), group_formed_on, group_dissolved_on FROM delegations"
    " WHERE id = ?1";
static const char SQL_G_SET[] =
    "UPDATE delegations SET group_unit_id = :unit, group_formed_on = :formed,"
    " group_dissolved_on = :dissolved, version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version";
static const char SQL_G_MEMBERS[] =
    "SELECT DISTINCT member_id FROM trips WHERE delegation_id = ?1"
    " AND state NOT IN ('draft', 'withdrawn', 'refused', 'cancelled') ORDER BY member_id";
/* clang-format on */

/* ---- shared steps ---- */

/* Step a statement that yields one integer. */
static status one_int(db *d, sqlite3_stmt *st, int64_t *out, error *e)
{
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, e);
    db_done(st);
    return s;
}

/* Run a write that must touch exactly one row ("version_stale" else). */
static status write_one(db *d, sqlite3_stmt *st, error *e)
{
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    return s;
}

/* ---- transfers ---- */

static status read_transfer(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_transfer *x = row;
    bool oom = false;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    x->version = sqlite3_column_int64(st, 1);
    x->member_id = sqlite3_column_int64(st, 2);
    x->member_name = col_text(a, st, 3, &oom);
    x->member_path = col_text(a, st, 4, &oom);
    const char *kind = (const char *)sqlite3_column_text(st, 5);
    if (!kind || !transfer_kind_parse(kind, &x->kind))
        x->kind = TRANSFER_TEMPORARY;
    const char *state = (const char *)sqlite3_column_text(st, 6);
    if (!state || !transfer_state_parse(state, &x->state))
        x->state = TRANSFER_ISSUED;
    x->from_unit_id = sqlite3_column_int64(st, 7);
    x->to_unit_id = sqlite3_column_int64(st, 8);
    x->from_code = col_text(a, st, 9, &oom);
    x->from_name = col_text(a, st, 10, &oom);
    x->from_path = col_text(a, st, 11, &oom);
    x->to_code = col_text(a, st, 12, &oom);
    x->to_name = col_text(a, st, 13, &oom);
    x->to_path = col_text(a, st, 14, &oom);
    x->to_country = col_text(a, st, 15, &oom);
    x->trip_id = sqlite3_column_int64(st, 16);
    x->back = sqlite3_column_int(st, 17) != 0;
    x->letter_number = col_text(a, st, 18, &oom);
    x->issued_on = col_date(st, 19);
    x->received_on = col_date(st, 20);
    x->returned_on = col_date(st, 21);
    x->cancelled_on = col_date(st, 22);
    x->ended_on = col_date(st, 23);
    x->note = col_text(a, st, 24, &oom);
    x->issued_by = col_text(a, st, 25, &oom);
    x->received_by = col_text(a, st, 26, &oom);
    x->created_at = col_text(a, st, 27, &oom);
    x->updated_at = col_text(a, st, 28, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

/* One transfer row, or `missing` when none. */
static status get_one(db *d, arena *a, sqlite3_stmt *st, store_transfer *out, bool *found, error *e)
{
    int rc = db_step(st);
    status s = ST_OK;
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        s = read_transfer(a, st, out, e);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}

status store_transfer_get(db *d, arena *a, const char *scope, int64_t id, store_transfer *out,
                          error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_X_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", id);
    bindn_range(st, ":scope", ":upper", scope);
    bool found = false;
    status s = get_one(d, a, st, out, &found, e);
    if (s == ST_OK && !found)
        s = err_set(e, ST_NOT_FOUND, "transfer_not_found", NULL, NULL);
    return s;
}

status store_transfer_open_of(db *d, arena *a, int64_t member_id, store_transfer *out, bool *found,
                              error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_X_OPEN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":member_id", member_id);
    return get_one(d, a, st, out, found, e);
}

status store_transfer_next_letter(db *d, arena *a, int year, const char **out, error *e)
{
    char like[24];
    int w = snprintf(like, sizeof like, "%%/%04d/GGT", year);
    if (w < 0 || (size_t)w >= sizeof like)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    sqlite3_stmt *st = db_stmt(d, SQL_X_LETTER, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, like);
    int64_t next = 0;
    status s = one_int(d, st, &next, e);
    if (s != ST_OK)
        return s;
    *out = arena_printf(a, "%" PRId64 "/%04d/GGT", next, year);
    return *out ? ST_OK : db_nomem(e);
}

status store_transfer_insert(db *d, store_transfer *x, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_X_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":member_id", x->member_id);
    bindn_text(st, ":kind", transfer_kind_name(x->kind));
    bindn_int(st, ":from", x->from_unit_id);
    bindn_int(st, ":to", x->to_unit_id);
    bindn_id(st, ":trip", x->trip_id);
    bindn_int(st, ":back", x->back ? 1 : 0);
    bindn_text(st, ":letter", x->letter_number);
    bindn_date(st, ":issued_on", x->issued_on);
    bindn_text(st, ":note", x->note);
    bindn_text(st, ":issued_by", x->issued_by);
    bindn_text(st, ":now", now);
    int rc = db_step(st);
    status s = ST_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT &&
        strstr(sqlite3_errmsg(d->h), "transfers.member_id") != NULL)
        s = err_set(e, ST_CONFLICT, "transfer_already_open", "member_id", NULL);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc, e);
    db_done(st);
    if (s == ST_OK) {
        x->id = sqlite3_last_insert_rowid(d->h);
        x->version = 1;
        x->state = TRANSFER_ISSUED;
    }
    return s;
}

status store_transfer_update(db *d, store_transfer *x, int64_t expected_version, const char *now,
                             error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_X_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_text(st, ":state", transfer_state_name(x->state));
    bindn_date(st, ":received_on", x->received_on);
    bindn_date(st, ":returned_on", x->returned_on);
    bindn_date(st, ":cancelled_on", x->cancelled_on);
    bindn_date(st, ":ended_on", x->ended_on);
    bindn_text(st, ":received_by", x->received_by);
    bindn_text(st, ":now", now);
    bindn_int(st, ":id", x->id);
    bindn_int(st, ":version", expected_version);
    status s = write_one(d, st, e);
    if (s == ST_OK)
        x->version = expected_version + 1;
    return s;
}

status store_transfer_reached_single(db *d, int64_t member_id, int64_t unit_id, bool *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_X_SINGLE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    sqlite3_bind_int64(st, 2, unit_id);
    int64_t v = 0;
    status s = one_int(d, st, &v, e);
    *out = v != 0;
    return s;
}

status store_transfer_list(db *d, arena *a, const store_transfer_query *q, store_transfer **out,
                           size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_X_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_range(st, ":scope", ":upper", q->scope);
    bindn_range(st, ":wlo", ":whi", q->within ? q->within : q->scope);
    bindn_id(st, ":member_id", q->member_id);
    bindn_text(st, ":state", q->state);
    bindn_int(st, ":dir", q->direction);
    bindn_int(st, ":after", q->after_id > 0 ? q->after_id : INT64_MAX);
    bindn_int(st, ":limit", (int64_t)q->limit + 1);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_transfer, q->limit, &items, n, more, e);
    *out = items;
    return s;
}

/* ---- the member's units ---- */

status store_member_move_unit(db *d, int64_t member_id, int64_t unit_id, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_MEMBER_MOVE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    sqlite3_bind_int64(st, 2, unit_id);
    bind_text(st, 3, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
    return s;
}

status store_period_temporary_open(db *d, int64_t member_id, int64_t unit_id, int64_t *period_id,
                                   error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERIOD_TEMP, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    sqlite3_bind_int64(st, 2, unit_id);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *period_id = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        s = err_set(e, ST_NOT_FOUND, "period_not_found", NULL, NULL);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}

status store_unit_overseas(db *d, int64_t unit_id, bool *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OVERSEAS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, unit_id);
    int64_t v = 0;
    status s = one_int(d, st, &v, e);
    *out = v != 0;
    return s;
}

/* ---- facts ---- */

/* An EXISTS query over (text or member id, date). */
static status exists2(db *d, const char *sql, const char *text, int64_t id, date_t on, bool *out,
                      error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (text)
        bind_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, id);
    bind_date(st, 2, on);
    int64_t v = 0;
    status s = one_int(d, st, &v, e);
    *out = v != 0;
    return s;
}

status store_member_facts_on(db *d, arena *a, int64_t member_id, date_t on, store_member_facts *out,
                             error *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(d, SQL_FACT_TRIP, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    bind_date(st, 2, on);
    int rc = db_step(st);
    status s = ST_OK;
    bool oom = false;
    if (rc == SQLITE_ROW) {
        out->abroad = true;
        out->country = col_text(a, st, 0, &oom);
        if (oom)
            s = db_nomem(e);
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    if (s == ST_OK && out->country)
        s = exists2(d, SQL_FACT_UNIT, out->country, 0, on, &out->destination_has_unit, e);
    if (s == ST_OK)
        s = exists2(d, SQL_FACT_TRANSFER, NULL, member_id, on, &out->transferred_to_unit_abroad, e);
    return s;
}

/* ---- exemptions ---- */

static status read_exemption(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_exemption *x = row;
    bool oom = false;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    x->version = sqlite3_column_int64(st, 1);
    x->member_id = sqlite3_column_int64(st, 2);
    x->member_name = col_text(a, st, 3, &oom);
    x->member_path = col_text(a, st, 4, &oom);
    const char *kind = (const char *)sqlite3_column_text(st, 5);
    if (!kind || !exemption_kind_parse(kind, &x->kind))
        x->kind = EXEMPTION_TEMPORARY;
    x->reason = col_text(a, st, 6, &oom);
    x->decision_number = col_text(a, st, 7, &oom);
    x->starts_on = col_date(st, 8);
    x->ends_on = col_date(st, 9);
    x->decided_on = col_date(st, 10);
    x->revoked_on = col_date(st, 11);
    x->approving_unit_id = sqlite3_column_int64(st, 12);
    x->approving_unit_name = col_text(a, st, 13, &oom);
    x->created_by = col_text(a, st, 14, &oom);
    x->created_at = col_text(a, st, 15, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

status store_exemption_insert(db *d, store_exemption *x, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_E_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":member_id", x->member_id);
    bindn_text(st, ":kind", exemption_kind_name(x->kind));
    bindn_text(st, ":reason", x->reason);
    bindn_date(st, ":starts_on", x->starts_on);
    bindn_date(st, ":ends_on", x->ends_on);
    bindn_date(st, ":decided_on", x->decided_on);
    bindn_text(st, ":number", x->decision_number);
    bindn_int(st, ":unit", x->approving_unit_id);
    bindn_text(st, ":created_by", x->created_by);
    bindn_text(st, ":now", now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK) {
        x->id = sqlite3_last_insert_rowid(d->h);
        x->version = 1;
    }
    return s;
}

status store_exemption_get(db *d, arena *a, const char *scope, int64_t id, store_exemption *out,
                           error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_E_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", id);
    bindn_range(st, ":scope", ":upper", scope);
    status s = db_one(d, a, st, read_exemption, out, "exemption_not_found", e);
    return s;
}

status store_exemption_revoke(db *d, store_exemption *x, int64_t expected_version, const char *now,
                              error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_E_REVOKE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_date(st, ":revoked_on", x->revoked_on);
    bindn_text(st, ":now", now);
    bindn_int(st, ":id", x->id);
    bindn_int(st, ":version", expected_version);
    status s = write_one(d, st, e);
    if (s == ST_OK)
        x->version = expected_version + 1;
    return s;
}

status store_exemption_list(db *d, arena *a, const char *scope, int64_t member_id,
                            bool expired_only, date_t today, int64_t after_id, int limit,
                            store_exemption **out, size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_E_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_range(st, ":scope", ":upper", scope);
    bindn_id(st, ":member_id", member_id);
    bindn_int(st, ":expired", expired_only ? 1 : 0);
    bindn_date(st, ":today", today);
    bindn_int(st, ":after", after_id > 0 ? after_id : INT64_MAX);
    bindn_int(st, ":limit", (int64_t)limit + 1);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_exemption, limit, &items, n, more, e);
    *out = items;
    return s;
}

/* ---- a delegation's temporary group ---- */

status store_group_get(db *d, int64_t delegation_id, store_group *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_G_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, delegation_id);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        out->unit_id = sqlite3_column_int64(st, 0);
        out->formed_on = col_date(st, 1);
        out->dissolved_on = col_date(st, 2);
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, ST_NOT_FOUND, "delegation_not_found", NULL, NULL);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

status store_group_set(db *d, int64_t delegation_id, int64_t expected_version, const store_group *g,
                       const char *now, int64_t *new_version, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_G_SET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_id(st, ":unit", g->unit_id);
    bindn_date(st, ":formed", g->formed_on);
    bindn_date(st, ":dissolved", g->dissolved_on);
    bindn_text(st, ":now", now);
    bindn_int(st, ":id", delegation_id);
    bindn_int(st, ":version", expected_version);
    status s = write_one(d, st, e);
    if (s == ST_OK && new_version)
        *new_version = expected_version + 1;
    return s;
}

static status read_id(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    (void)a;
    (void)e;
    *(int64_t *)row = sqlite3_column_int64(st, 0);
    return ST_OK;
}

status store_delegation_members(db *d, arena *a, int64_t delegation_id, int64_t **out, size_t *n,
                                error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_G_MEMBERS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, delegation_id);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_id, 0, &items, n, NULL, e);
    *out = items;
    return s;
}
