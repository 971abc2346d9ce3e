/*
 * trip_extras.c -- what trips lean on, in SQL: delegations (scoped by
 * their organizing unit's path), disciplinary reviews (by their member's
 * unit path) and rule sets (installation-wide rows, few, picked by
 * domain/rules.h).
 *
 * This file must never decide a rule (who may open a review, which set is
 * in force) nor build SQL from input.
 */
#include "store/trip_store.h"

#include <string.h>

#include "store/internal.h"

#define DELEG_COLS                                                                                 \
    "g.id, g.version, g.unit_id, g.name, u.code, u.name, u.path, g.leader_member_id,"              \
    " lm.full_name, g.planned_departure, g.planned_return,"                                        \
    " (SELECT count(*) FROM trips t WHERE t.delegation_id = g.id), g.created_by, g.created_at"     \
    " FROM delegations g JOIN units u ON u.id = g.unit_id"                                         \
    " LEFT JOIN members lm ON lm.id = g.leader_member_id"
#define UNIT_IN_SCOPE " u.path >= :scope AND u.path < :upper"

static const char SQL_DELEG_ADD[] =
    "INSERT INTO delegations (name, unit_id, leader_member_id, planned_departure,"
    " planned_return, version, created_by, created_at, updated_at)"
    " SELECT :name, u.id, :leader, :dep, :ret, 1, :created_by, :now, :now FROM units u"
    " WHERE u.id = :unit_id AND" UNIT_IN_SCOPE;
static const char SQL_DELEG_UPDATE[] =
    "UPDATE delegations SET name = :name, unit_id = :unit_id, leader_member_id = :leader,"
    " planned_departure = :dep, planned_return = :ret, version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version"
    " AND EXISTS (SELECT 1 FROM units u WHERE u.id = delegations.unit_id AND" UNIT_IN_SCOPE ")"
    " AND EXISTS (SELECT 1 FROM units u WHERE u.id = :unit_id AND" UNIT_IN_SCOPE ")";
static const char SQL_DELEG_GET[] = "SELECT " DELEG_COLS " WHERE g.id = :id AND" UNIT_IN_SCOPE;
static const char SQL_DELEG_LIST[] = "SELECT " DELEG_COLS " WHERE" UNIT_IN_SCOPE
                                     " AND g.id < :after ORDER BY g.id DESC LIMIT :limit";

#define REVIEW_COLS                                                                                \
    "r.id, r.version, r.member_id, r.opened_on, r.closed_on, r.created_by, r.created_at"
static const char SQL_REVIEW_ADD[] =
    "INSERT INTO disciplinary_reviews (member_id, opened_on, closed_on, version, created_by,"
    " created_at, updated_at) VALUES (?1, ?2, NULL, 1, ?3, ?4, ?4)";
static const char SQL_REVIEW_OPEN[] =
    "SELECT " REVIEW_COLS " FROM disciplinary_reviews r WHERE r.member_id = ?1"
    " AND r.closed_on IS NULL";
static const char SQL_REVIEW_GET[] =
    "SELECT " REVIEW_COLS " FROM disciplinary_reviews r JOIN members m ON m.id = r.member_id"
    " WHERE r.id = :id AND r.member_id = :member_id AND m.unit_path >= :scope"
    " AND m.unit_path < :upper";
static const char SQL_REVIEW_CLOSE[] =
    "UPDATE disciplinary_reviews SET closed_on = ?1, version = version + 1, updated_at = ?2"
    " WHERE id = ?3 AND version = ?4 AND closed_on IS NULL";
static const char SQL_REVIEWS[] =
    "SELECT " REVIEW_COLS " FROM disciplinary_reviews r JOIN members m ON m.id = r.member_id"
    " WHERE r.member_id = :member_id AND m.unit_path >= :scope AND m.unit_path < :upper"
    " ORDER BY r.opened_on DESC, r.id DESC";

static const char SQL_RULES[] =
    "SELECT r.id, r.unit_id, coalesce(u.path, '/'), r.effective_from, r.report_days,"
    " r.report_in_calendar_days, r.return_grace_workdays, r.review_blocks_approval,"
    " r.group_min_months, r.group_min_members, r.temp_transfer_months,"
    " r.official_transfer_months, r.official_transfer_strict, r.transfer_receive_workdays,"
    " r.probation_reminder_days, r.note, r.created_by, r.created_at"
    " FROM rule_sets r LEFT JOIN units u ON u.id = r.unit_id ORDER BY r.effective_from, r.id";
static const char SQL_RULE_ADD[] =
    "INSERT INTO rule_sets (unit_id, effective_from, report_days, report_in_calendar_days,"
    " return_grace_workdays, review_blocks_approval, group_min_months, group_min_members,"
    " temp_transfer_months, official_transfer_months, official_transfer_strict,"
    " transfer_receive_workdays, probation_reminder_days, note, created_by, created_at)"
    " SELECT :unit_id, :from, :report_days, :cal, :grace, :review, :gmonths, :gmembers,"
    " :temp, :official, :strict, :receive, :probation, :note, :created_by, :created_at"
    " WHERE NOT EXISTS (SELECT 1 FROM rule_sets WHERE unit_id IS :unit_id"
    " AND effective_from = :from)";

/* ---- delegations ---- */

static status read_delegation(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_delegation *g = row;
    bool oom = false;
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(st, 0);
    g->version = sqlite3_column_int64(st, 1);
    g->unit_id = sqlite3_column_int64(st, 2);
    g->name = col_text(a, st, 3, &oom);
    g->unit_code = col_text(a, st, 4, &oom);
    g->unit_name = col_text(a, st, 5, &oom);
    g->unit_path = col_text(a, st, 6, &oom);
    g->leader_member_id = sqlite3_column_int64(st, 7);
    g->leader_name = col_text(a, st, 8, &oom);
    g->planned_departure = col_date(st, 9);
    g->planned_return = col_date(st, 10);
    g->n_trips = sqlite3_column_int64(st, 11);
    g->created_by = col_text(a, st, 12, &oom);
    g->created_at = col_text(a, st, 13, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

static void bind_delegation(sqlite3_stmt *st, const char *scope, const store_delegation *g,
                            const char *now)
{
    bindn_text(st, ":name", g->name);
    bindn_int(st, ":unit_id", g->unit_id);
    bindn_id(st, ":leader", g->leader_member_id);
    bindn_date(st, ":dep", g->planned_departure);
    bindn_date(st, ":ret", g->planned_return);
    bindn_text(st, ":created_by", g->created_by);
    bindn_text(st, ":now", now);
    bindn_scope(st, scope);
}

status store_delegation_insert(db *d, const char *scope, store_delegation *g, const char *now,
                               error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELEG_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_delegation(st, scope, g, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_NOT_FOUND, "unit_not_found", "unit_id", NULL);
    g->id = sqlite3_last_insert_rowid(d->h);
    g->version = 1;
    return ST_OK;
}

status store_delegation_update(db *d, const char *scope, store_delegation *g,
                               int64_t expected_version, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELEG_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_delegation(st, scope, g, now);
    bindn_int(st, ":id", g->id);
    bindn_int(st, ":version", expected_version);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    g->version = expected_version + 1;
    return ST_OK;
}

status store_delegation_get(db *d, arena *a, const char *scope, int64_t id, store_delegation *out,
                            error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELEG_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", id);
    bindn_scope(st, scope);
    status s = db_one(d, a, st, read_delegation, out, "delegation_not_found", e);
    return s;
}

status store_delegation_list(db *d, arena *a, const char *scope, int64_t after_id, int limit,
                             store_delegation **out, size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_DELEG_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_scope(st, scope);
    bindn_int(st, ":after", after_id > 0 ? after_id : INT64_MAX);
    bindn_int(st, ":limit", (int64_t)(limit > 0 ? limit : 1) + 1);
    return db_collect(d, a, st, sizeof **out, read_delegation, limit > 0 ? limit : 1, (void **)out,
                      n, more, e);
}

/* ---- disciplinary reviews ---- */

static status read_review(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_review *r = row;
    bool oom = false;
    r->id = sqlite3_column_int64(st, 0);
    r->version = sqlite3_column_int64(st, 1);
    r->member_id = sqlite3_column_int64(st, 2);
    r->opened_on = col_date(st, 3);
    r->closed_on = col_date(st, 4);
    r->created_by = col_text(a, st, 5, &oom);
    r->created_at = col_text(a, st, 6, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

status store_review_insert(db *d, store_review *r, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REVIEW_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, r->member_id);
    bind_date(st, 2, r->opened_on);
    bind_text(st, 3, r->created_by);
    bind_text(st, 4, now);
    int rc = db_step(st);
    status s = ST_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) /* the one-open-review index */
        s = err_set(e, ST_CONFLICT, "review_already_open", "opened_on", NULL);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc, e);
    db_done(st);
    if (s == ST_OK) {
        r->id = sqlite3_last_insert_rowid(d->h);
        r->version = 1;
        r->closed_on = DATE_NONE;
        r->created_at = now;
    }
    return s;
}

status store_review_open_get(db *d, arena *a, int64_t member_id, store_review *out, bool *found,
                             error *e)
{
    *found = false;
    sqlite3_stmt *st = db_stmt(d, SQL_REVIEW_OPEN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        s = read_review(a, st, out, e);
        *found = s == ST_OK;
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

status store_review_get(db *d, arena *a, const char *scope, int64_t member_id, int64_t id,
                        store_review *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REVIEW_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", id);
    bindn_int(st, ":member_id", member_id);
    bindn_scope(st, scope);
    status s = db_one(d, a, st, read_review, out, "review_not_found", e);
    return s;
}

status store_review_close(db *d, store_review *r, int64_t expected_version, const char *now,
                          error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REVIEW_CLOSE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, r->closed_on);
    bind_text(st, 2, now);
    sqlite3_bind_int64(st, 3, r->id);
    sqlite3_bind_int64(st, 4, expected_version);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (s == ST_OK)
        r->version = expected_version + 1;
    return s;
}

status store_reviews(db *d, arena *a, const char *scope, int64_t member_id, store_review **out,
                     size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_REVIEWS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":member_id", member_id);
    bindn_scope(st, scope);
    return db_collect(d, a, st, sizeof **out, read_review, 0, (void **)out, n, NULL, e);
}

/* ---- rule sets ---- */

static status read_rule_set(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    rule_set *r = row;
    bool oom = false;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->unit_id = sqlite3_column_int64(st, 1);
    r->unit_path = col_text(a, st, 2, &oom);
    r->effective_from = col_date(st, 3);
    r->report_days = sqlite3_column_int(st, 4);
    r->report_in_calendar_days = sqlite3_column_int(st, 5) != 0;
    r->return_grace_workdays = sqlite3_column_int(st, 6);
    r->review_blocks_approval = sqlite3_column_int(st, 7) != 0;
    r->group_min_months = sqlite3_column_int(st, 8);
    r->group_min_members = sqlite3_column_int(st, 9);
    r->temp_transfer_months = sqlite3_column_int(st, 10);
    r->official_transfer_months = sqlite3_column_int(st, 11);
    r->official_transfer_strict = sqlite3_column_int(st, 12) != 0;
    r->transfer_receive_workdays = sqlite3_column_int(st, 13);
    r->probation_reminder_days = sqlite3_column_int(st, 14);
    r->note = col_text(a, st, 15, &oom);
    r->created_by = col_text(a, st, 16, &oom);
    r->created_at = col_text(a, st, 17, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

status store_rule_sets(db *d, arena *a, rule_set **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_RULES, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    return db_collect(d, a, st, sizeof **out, read_rule_set, 0, (void **)out, n, NULL, e);
}

status store_rule_set_insert(db *d, rule_set *r, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RULE_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_id(st, ":unit_id", r->unit_id);
    bindn_date(st, ":from", r->effective_from);
    bindn_int(st, ":report_days", r->report_days);
    bindn_int(st, ":cal", r->report_in_calendar_days);
    bindn_int(st, ":grace", r->return_grace_workdays);
    bindn_int(st, ":review", r->review_blocks_approval);
    bindn_int(st, ":gmonths", r->group_min_months);
    bindn_int(st, ":gmembers", r->group_min_members);
    bindn_int(st, ":temp", r->temp_transfer_months);
    bindn_int(st, ":official", r->official_transfer_months);
    bindn_int(st, ":strict", r->official_transfer_strict);
    bindn_int(st, ":receive", r->transfer_receive_workdays);
    bindn_int(st, ":probation", r->probation_reminder_days);
    bindn_text(st, ":note", r->note);
    bindn_text(st, ":created_by", r->created_by);
    bindn_text(st, ":created_at", r->created_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "rule_set_duplicate", "effective_from", NULL);
    r->id = sqlite3_last_insert_rowid(d->h);
    return ST_OK;
}
