/*
 * trips.c -- trips in SQL: the record, its destination countries, its
 * timeline and its attachments; the lists and the inboxes.
 *
 * Scope is in every WHERE: a trip is read or written only joined to its
 * member with the scope range on members.unit_path (and, for a member
 * account, the owner's id), so a trip outside it is not found rather than
 * refused. Lists page by keyset, never by OFFSET. This file must never
 * decide a rule (which step is allowed, who may take it): it stores what
 * the service decided, and builds no SQL from input.
 */
#include "store/trip_store.h"

#include <string.h>

#include "store/internal.h"

#define TRIP_COLS                                                                                  \
    "t.id, t.version, t.member_id, m.full_name, m.unit_id, u.code, u.name, m.unit_path, t.state,"  \
    " t.purpose, t.purpose_detail, t.planned_departure, t.planned_return, t.extended_return,"      \
    " t.requested_return, t.payer, t.payer_note, t.decision_number, t.delegation_id,"              \
    " t.actual_departure, t.actual_return, t.submitted_on, t.cell_opinion, t.cell_comment,"        \
    " t.decision, t.decision_reasons, t.decided_on, t.report_text, t.report_submitted_on,"         \
    " t.report_opinion, t.report_comment, t.created_at, t.updated_at, t.state_since,"              \
    " t.extension_reason, d.name,"                                                                 \
    " (SELECT group_concat(DISTINCT a.kind) FROM trip_attachments a WHERE a.trip_id = t.id),"      \
    " EXISTS (SELECT 1 FROM disciplinary_reviews r WHERE r.member_id = t.member_id"                \
    " AND r.closed_on IS NULL AND r.opened_on <= :today)"
#define TRIP_NCOLS 38
#define TRIP_FROM                                                                                  \
    " FROM trips t JOIN members m ON m.id = t.member_id JOIN units u ON u.id = m.unit_id"          \
    " LEFT JOIN delegations d ON d.id = t.delegation_id"
#define IN_SCOPE                                                                                   \
    " m.unit_path >= :scope AND m.unit_path < :upper AND (:owner IS NULL OR t.member_id = :owner)"
#define SORT_KEY  "coalesce(t.planned_departure, '9999-12-31')"
#define INBOX_GRP "CASE WHEN instr(:s0, ',' || t.state || ',') > 0 THEN 0 ELSE 1 END"

static const char SQL_GET[] = "SELECT " TRIP_COLS ", 0" TRIP_FROM " WHERE t.id = :id AND" IN_SCOPE;
static const char SQL_COUNTRIES[] =
    "SELECT country FROM trip_countries WHERE trip_id = ?1 ORDER BY position";
static const char SQL_COUNTRIES_CLEAR[] = "DELETE FROM trip_countries WHERE trip_id = ?1";
static const char SQL_COUNTRY_ADD[] =
    "INSERT INTO trip_countries (trip_id, position, country) VALUES (?1, ?2, ?3)";
static const char SQL_INSERT[] =
    "INSERT INTO trips (member_id, state, purpose, purpose_detail, planned_departure,"
    " planned_return, extended_return, requested_return, payer, payer_note, decision_number,"
    " delegation_id, actual_departure, actual_return, submitted_on, cell_opinion, cell_comment,"
    " decision, decision_reasons, decided_on, report_text, report_submitted_on, report_opinion,"
    " report_comment, state_since, version, created_by, created_at, updated_at)"
    " SELECT m.id, :state, :purpose, :purpose_detail, :planned_departure, :planned_return,"
    " :extended_return, :requested_return, :payer, :payer_note, :decision_number,"
    " :delegation_id, :actual_departure, :actual_return, :submitted_on, :cell_opinion,"
    " :cell_comment, :decision, :decision_reasons, :decided_on, :report_text,"
    " :report_submitted_on, :report_opinion, :report_comment, :state_since, 1, :created_by,"
    " :now, :now FROM members m"
    " WHERE m.id = :member_id AND m.unit_path >= :scope AND m.unit_path < :upper";
static const char SQL_UPDATE[] =
    "UPDATE trips SET state = :state, purpose = :purpose, purpose_detail = :purpose_detail,"
    " planned_departure = :planned_departure, planned_return = :planned_return,"
    " extended_return = :extended_return, requested_return = :requested_return,"
    " payer = :payer, payer_note = :payer_note, decision_number = :decision_number,"
    " delegation_id = :delegation_id, actual_departure = :actual_departure,"
    " actual_return = :actual_return, submitted_on = :submitted_on,"
    " cell_opinion = :cell_opinion, cell_comment = :cell_comment, decision = :decision,"
    " decision_reasons = :decision_reasons, decided_on = :decided_on,"
    " report_text = :report_text, report_submitted_on = :report_submitted_on,"
    " report_opinion = :report_opinion, report_comment = :report_comment,"
    " state_since = :state_since, extension_reason = :extension_reason,"
    " version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version AND EXISTS (SELECT 1 FROM members m"
    " WHERE m.id = trips.member_id AND m.unit_path >= :scope AND m.unit_path < :upper)";
/* The list's filters after the scope (shared by both forms below). */
#define LIST_FILTERS                                                                               \
    " AND (:state IS NULL OR t.state = :state)"                                                    \
    " AND (:open = 0 OR t.state NOT IN ('refused', 'closed', 'withdrawn', 'cancelled'))"           \
    " AND (:states IS NULL OR instr(:states, ',' || t.state || ',') > 0)"                          \
    " AND (:purpose IS NULL OR t.purpose = :purpose)"                                              \
    " AND (:country IS NULL OR EXISTS (SELECT 1 FROM trip_countries c"                             \
    " WHERE c.trip_id = t.id AND c.country = :country))"                                           \
    " AND (:delegation IS NULL OR t.delegation_id = :delegation)"                                  \
    " AND (" SORT_KEY ", t.id) < (:ckey, :cid)"                                                    \
    " ORDER BY " SORT_KEY " DESC, t.id DESC LIMIT :limit"
/* One member's trips: the member named outright, so SQLite starts from
 * trips_member instead of walking the scope's members (84 ms against 2 ms
 * on 55,000 members, bench/run.sh). */
static const char SQL_LIST_MEMBER[] =
    "SELECT " TRIP_COLS ", 0" TRIP_FROM " WHERE t.member_id = :owner"
    " AND m.unit_path >= :scope AND m.unit_path < :upper" LIST_FILTERS;
static const char SQL_LIST[] =
    "SELECT " TRIP_COLS ", 0" TRIP_FROM " WHERE" IN_SCOPE
    " AND (:state IS NULL OR t.state = :state)"
    " AND (:open = 0 OR t.state NOT IN ('refused', 'closed', 'withdrawn', 'cancelled'))"
    " AND (:states IS NULL OR instr(:states, ',' || t.state || ',') > 0)"
    " AND (:purpose IS NULL OR t.purpose = :purpose)"
    " AND (:country IS NULL OR EXISTS (SELECT 1 FROM trip_countries c"
    " WHERE c.trip_id = t.id AND c.country = :country))"
    " AND (:delegation IS NULL OR t.delegation_id = :delegation)"
    " AND (" SORT_KEY ", t.id) < (:ckey, :cid)"
    " ORDER BY " SORT_KEY " DESC, t.id DESC LIMIT :limit";
static const char SQL_INBOX[] =
    "SELECT " TRIP_COLS ", " INBOX_GRP " AS grp" TRIP_FROM " WHERE" IN_SCOPE
    " AND (instr(:s0, ',' || t.state || ',') > 0 OR instr(:s1, ',' || t.state || ',') > 0)"
    " AND (:csince IS NULL OR (" INBOX_GRP ", t.state_since, t.id) > (:cgrp, :csince, :cid))"
    " ORDER BY grp, t.state_since, t.id LIMIT :limit";

static const char SQL_EVENT_ADD[] =
    "INSERT INTO trip_events (trip_id, action, from_state, to_state, on_date, user_id,"
    " actor_label, actor_role, outcome, comment, at)"
    " VALUES (:trip_id, :action, :from_state, :to_state, :on_date, :user_id, :actor_label,"
    " :actor_role, :outcome, :comment, :at)";
static const char SQL_EVENTS[] =
    "SELECT id, trip_id, action, from_state, to_state, on_date, user_id, actor_label,"
    " actor_role, outcome, comment, at FROM trip_events WHERE trip_id = ?1 ORDER BY id";

#define ATT_COLS "id, trip_id, kind, file_name, media_type, sha256, size, created_by, created_at"
static const char SQL_ATT_ADD[] =
    "INSERT INTO trip_attachments (trip_id, kind, file_name, media_type, size, sha256, content,"
    " created_by, created_at) VALUES (:trip_id, :kind, :file_name, :media_type, :size,"
    " :sha256, :content, :created_by, :created_at)";
static const char SQL_ATT_LIST[] =
    "SELECT " ATT_COLS " FROM trip_attachments WHERE trip_id = ?1 ORDER BY id";
static const char SQL_ATT_GET[] =
    "SELECT " ATT_COLS ", content FROM trip_attachments WHERE trip_id = ?1 AND id = ?2";
static const char SQL_ATT_DELETE[] = "DELETE FROM trip_attachments WHERE trip_id = ?1 AND id = ?2";

/* ---- rows ---- */

static const char *payer_text(trip_payer p)
{
    return p == TRIP_PAYER_NONE ? NULL : trip_payer_name(p);
}

static unsigned docs_of(const char *kinds)
{
    unsigned have = 0;
    while (kinds && *kinds) {
        const char *end = strchr(kinds, ',');
        size_t n = end ? (size_t)(end - kinds) : strlen(kinds);
        char name[32];
        trip_doc_kind k;
        if (n < sizeof name) {
            memcpy(name, kinds, n);
            name[n] = '\0';
            if (trip_doc_kind_parse(name, &k))
                have |= 1u << k;
        }
        kinds = end ? end + 1 : NULL;
    }
    return have;
}

/* The enums of a row; unknown text (impossible under the CHECKs) keeps
 * the first value. */
static void read_enums(sqlite3_stmt *st, trip *t)
{
    const char *s = (const char *)sqlite3_column_text(st, 8);
    if (!s || !trip_state_parse(s, &t->state))
        t->state = TRIP_DRAFT;
    s = (const char *)sqlite3_column_text(st, 9);
    if (!s || !trip_purpose_parse(s, &t->purpose))
        t->purpose = TRIP_OFFICIAL;
    s = (const char *)sqlite3_column_text(st, 15);
    if (!s || !trip_payer_parse(s, &t->payer))
        t->payer = TRIP_PAYER_NONE;
}

static status read_trip(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_trip *r = row;
    bool oom = false;
    memset(r, 0, sizeof *r);
    trip *t = &r->t;
    t->id = sqlite3_column_int64(st, 0);
    t->version = sqlite3_column_int64(st, 1);
    t->member_id = sqlite3_column_int64(st, 2);
    t->member_name = col_text(a, st, 3, &oom);
    t->unit_id = sqlite3_column_int64(st, 4);
    t->unit_code = col_text(a, st, 5, &oom);
    t->unit_name = col_text(a, st, 6, &oom);
    t->unit_path = col_text(a, st, 7, &oom);
    read_enums(st, t);
    t->purpose_detail = col_text(a, st, 10, &oom);
    t->planned_departure = col_date(st, 11);
    t->planned_return = col_date(st, 12);
    t->extended_return = col_date(st, 13);
    t->requested_return = col_date(st, 14);
    t->payer_note = col_text(a, st, 16, &oom);
    t->decision_number = col_text(a, st, 17, &oom);
    t->delegation_id = sqlite3_column_int64(st, 18);
    t->actual_departure = col_date(st, 19);
    t->actual_return = col_date(st, 20);
    t->submitted_on = col_date(st, 21);
    t->cell_opinion = col_text(a, st, 22, &oom);
    t->cell_comment = col_text(a, st, 23, &oom);
    t->decision = col_text(a, st, 24, &oom);
    t->decision_reasons = col_text(a, st, 25, &oom);
    t->decided_on = col_date(st, 26);
    t->report_text = col_text(a, st, 27, &oom);
    t->report_submitted_on = col_date(st, 28);
    t->report_opinion = col_text(a, st, 29, &oom);
    t->report_comment = col_text(a, st, 30, &oom);
    t->created_at = col_text(a, st, 31, &oom);
    t->updated_at = col_text(a, st, 32, &oom);
    r->state_since = col_text(a, st, 33, &oom);
    r->extension_reason = col_text(a, st, 34, &oom);
    r->delegation_name = col_text(a, st, 35, &oom);
    r->have_docs = docs_of((const char *)sqlite3_column_text(st, 36));
    r->under_review = sqlite3_column_int(st, 37) != 0;
    r->inbox_group = sqlite3_column_int(st, TRIP_NCOLS);
    return oom ? db_nomem(e) : ST_OK;
}

static void bind_fields(sqlite3_stmt *st, const trip *t)
{
    bindn_text(st, ":state", trip_state_name(t->state));
    bindn_text(st, ":purpose", trip_purpose_name(t->purpose));
    bindn_text(st, ":purpose_detail", t->purpose_detail);
    bindn_date(st, ":planned_departure", t->planned_departure);
    bindn_date(st, ":planned_return", t->planned_return);
    bindn_date(st, ":extended_return", t->extended_return);
    bindn_date(st, ":requested_return", t->requested_return);
    bindn_text(st, ":payer", payer_text(t->payer));
    bindn_text(st, ":payer_note", t->payer_note);
    bindn_text(st, ":decision_number", t->decision_number);
    bindn_id(st, ":delegation_id", t->delegation_id);
    bindn_date(st, ":actual_departure", t->actual_departure);
    bindn_date(st, ":actual_return", t->actual_return);
    bindn_date(st, ":submitted_on", t->submitted_on);
    bindn_text(st, ":cell_opinion", t->cell_opinion);
    bindn_text(st, ":cell_comment", t->cell_comment);
    bindn_text(st, ":decision", t->decision);
    bindn_text(st, ":decision_reasons", t->decision_reasons);
    bindn_date(st, ":decided_on", t->decided_on);
    bindn_text(st, ":report_text", t->report_text);
    bindn_date(st, ":report_submitted_on", t->report_submitted_on);
    bindn_text(st, ":report_opinion", t->report_opinion);
    bindn_text(st, ":report_comment", t->report_comment);
}

/* Step a statement that yields trips into an array of at most `limit`
 * (*more when another row follows); db_done is done here. */
static status collect(db *d, arena *a, sqlite3_stmt *st, int limit, store_trip **out, size_t *n,
                      bool *more, error *e)
{
    size_t max = limit > 0 ? (size_t)limit : 1, len = 0;
    store_trip *items = arena_alloc_array(a, max, sizeof *items);
    status s = items ? ST_OK : db_nomem(e);
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
        s = read_trip(a, st, &items[len++], e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

/* ---- one trip ---- */

status store_trip_countries(db *d, arena *a, int64_t trip_id, const char ***out, size_t *n,
                            error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTRIES, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, trip_id);
    size_t cap = LIMIT_TRIP_COUNTRIES, len = 0;
    const char **items = arena_alloc_array(a, cap, sizeof *items);
    status s = items ? ST_OK : db_nomem(e);
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        const char **grown = arena_grow(a, items, len, &cap, sizeof *items);
        bool oom = !grown;
        if (grown) {
            items = grown;
            items[len++] = col_text(a, st, 0, &oom);
        }
        if (oom)
            s = db_nomem(e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

status store_trip_get(db *d, arena *a, const char *scope, int64_t owner, int64_t id, date_t today,
                      store_trip *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", id);
    bindn_id(st, ":owner", owner);
    bindn_date(st, ":today", today);
    bindn_scope(st, scope);
    status s = db_one(d, a, st, read_trip, out, "trip_not_found", e);
    if (s == ST_OK)
        s = store_trip_countries(d, a, id, &out->t.countries, &out->t.n_countries, e);
    return s;
}

static status countries_write(db *d, const trip *t, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNTRIES_CLEAR, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, t->id);
    status s = db_exec_step(d, st, e);
    db_done(st);
    for (size_t i = 0; s == ST_OK && i < t->n_countries; i++) {
        st = db_stmt(d, SQL_COUNTRY_ADD, e);
        if (!st)
            return e ? e->st : ST_INTERNAL;
        sqlite3_bind_int64(st, 1, t->id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        bind_text(st, 3, t->countries[i]);
        s = db_exec_step(d, st, e);
        db_done(st);
    }
    return s;
}

status store_trip_insert(db *d, const char *scope, trip *t, const char *state_since,
                         const char *created_by, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_fields(st, t);
    bindn_int(st, ":member_id", t->member_id);
    bindn_text(st, ":state_since", state_since);
    bindn_text(st, ":created_by", created_by);
    bindn_text(st, ":now", now);
    bindn_scope(st, scope);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_NOT_FOUND, "member_not_found", "member_id", NULL);
    t->id = sqlite3_last_insert_rowid(d->h);
    t->version = 1;
    return countries_write(d, t, e);
}

status store_trip_update(db *d, const char *scope, trip *t, int64_t expected_version,
                         bool countries_changed, const char *state_since,
                         const char *extension_reason, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_fields(st, t);
    bindn_int(st, ":id", t->id);
    bindn_int(st, ":version", expected_version);
    bindn_text(st, ":state_since", state_since);
    bindn_text(st, ":extension_reason", extension_reason);
    bindn_text(st, ":now", now);
    bindn_scope(st, scope);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    t->version = expected_version + 1;
    return countries_changed ? countries_write(d, t, e) : ST_OK;
}

/* ---- lists ---- */

const char *store_trip_sort_key(arena *a, const store_trip *row)
{
    char iso[DATE_ISO_LEN];
    if (row->t.planned_departure == DATE_NONE)
        return "9999-12-31";
    date_format(row->t.planned_departure, iso);
    return arena_strdup(a, iso);
}

status store_trip_list(db *d, arena *a, const store_trip_query *q, store_trip **out, size_t *n,
                       bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, q->owner ? SQL_LIST_MEMBER : SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_scope(st, q->scope);
    bindn_id(st, ":owner", q->owner);
    bindn_date(st, ":today", q->today);
    bindn_text(st, ":state", q->state);
    bindn_int(st, ":open", q->open ? 1 : 0);
    bindn_text(st, ":states", q->states);
    bindn_text(st, ":purpose", q->purpose);
    bindn_text(st, ":country", q->country);
    bindn_id(st, ":delegation", q->delegation_id);
    bindn_text(st, ":ckey", q->after_key ? q->after_key : "~");
    bindn_int(st, ":cid", q->after_key ? q->after_id : INT64_MAX);
    bindn_int(st, ":limit", (int64_t)q->limit + 1);
    return collect(d, a, st, q->limit, out, n, more, e);
}

status store_trip_inbox(db *d, arena *a, const store_inbox_query *q, store_trip **out, size_t *n,
                        bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_INBOX, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_scope(st, q->scope);
    bindn_id(st, ":owner", q->owner);
    bindn_date(st, ":today", q->today);
    bindn_text(st, ":s0", q->states0 ? q->states0 : "");
    bindn_text(st, ":s1", q->states1 ? q->states1 : "");
    bindn_text(st, ":csince", q->after_since);
    bindn_int(st, ":cgrp", q->after_group);
    bindn_int(st, ":cid", q->after_id);
    bindn_int(st, ":limit", (int64_t)q->limit + 1);
    return collect(d, a, st, q->limit, out, n, more, e);
}

/* ---- the timeline ---- */

status store_trip_event_add(db *d, const store_trip_event *ev, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_EVENT_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":trip_id", ev->trip_id);
    bindn_text(st, ":action", ev->action);
    bindn_text(st, ":from_state", ev->from_state);
    bindn_text(st, ":to_state", ev->to_state);
    bindn_date(st, ":on_date", ev->on_date);
    bindn_id(st, ":user_id", ev->user_id);
    bindn_text(st, ":actor_label", ev->actor_label);
    bindn_text(st, ":actor_role", ev->actor_role);
    bindn_text(st, ":outcome", ev->outcome);
    bindn_text(st, ":comment", ev->comment);
    bindn_text(st, ":at", ev->at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

static status read_event(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_trip_event *ev = row;
    bool oom = false;
    ev->id = sqlite3_column_int64(st, 0);
    ev->trip_id = sqlite3_column_int64(st, 1);
    ev->action = col_text(a, st, 2, &oom);
    ev->from_state = col_text(a, st, 3, &oom);
    ev->to_state = col_text(a, st, 4, &oom);
    ev->on_date = col_date(st, 5);
    ev->user_id = sqlite3_column_int64(st, 6);
    ev->actor_label = col_text(a, st, 7, &oom);
    ev->actor_role = col_text(a, st, 8, &oom);
    ev->outcome = col_text(a, st, 9, &oom);
    ev->comment = col_text(a, st, 10, &oom);
    ev->at = col_text(a, st, 11, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

status store_trip_events(db *d, arena *a, int64_t trip_id, store_trip_event **out, size_t *n,
                         error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_EVENTS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, trip_id);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof(store_trip_event), read_event, 0, &items, n, NULL, e);
    if (s == ST_OK)
        *out = items;
    return s;
}

/* ---- attachments ---- */

status store_attachment_insert(db *d, store_attachment *at, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ATT_ADD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":trip_id", at->trip_id);
    bindn_text(st, ":kind", at->kind);
    bindn_text(st, ":file_name", at->file_name);
    bindn_text(st, ":media_type", at->media_type);
    bindn_int(st, ":size", at->size);
    bindn_text(st, ":sha256", at->sha256);
    int i = sqlite3_bind_parameter_index(st, ":content");
    bind_blob(st, i, at->content, (size_t)at->size);
    bindn_text(st, ":created_by", at->created_by);
    bindn_text(st, ":created_at", at->created_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK)
        at->id = sqlite3_last_insert_rowid(d->h);
    return s;
}

static status read_attachment(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_attachment *at = row;
    bool oom = false;
    memset(at, 0, sizeof *at);
    at->id = sqlite3_column_int64(st, 0);
    at->trip_id = sqlite3_column_int64(st, 1);
    at->kind = col_text(a, st, 2, &oom);
    at->file_name = col_text(a, st, 3, &oom);
    at->media_type = col_text(a, st, 4, &oom);
    at->sha256 = col_text(a, st, 5, &oom);
    at->size = sqlite3_column_int64(st, 6);
    at->created_by = col_text(a, st, 7, &oom);
    at->created_at = col_text(a, st, 8, &oom);
    return oom ? db_nomem(e) : ST_OK;
}

status store_attachments(db *d, arena *a, int64_t trip_id, store_attachment **out, size_t *n,
                         error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_ATT_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, trip_id);
    void *items = NULL;
    status s =
        db_collect(d, a, st, sizeof(store_attachment), read_attachment, 0, &items, n, NULL, e);
    if (s == ST_OK)
        *out = items;
    return s;
}

status store_attachment_get(db *d, arena *a, int64_t trip_id, int64_t id, store_attachment *out,
                            error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ATT_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, trip_id);
    sqlite3_bind_int64(st, 2, id);
    int rc = db_step(st);
    status s;
    if (rc == SQLITE_ROW) {
        s = read_attachment(a, st, out, e);
        const void *blob = sqlite3_column_blob(st, 9);
        size_t n = (size_t)sqlite3_column_bytes(st, 9);
        unsigned char *copy = s == ST_OK ? arena_alloc(a, n ? n : 1) : NULL;
        if (s == ST_OK && (!copy || (n && !blob)))
            s = db_nomem(e);
        if (s == ST_OK) {
            if (n)
                memcpy(copy, blob, n);
            out->content = copy;
            out->size = (int64_t)n;
        }
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, ST_NOT_FOUND, "attachment_not_found", NULL, NULL);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

status store_attachment_delete(db *d, int64_t trip_id, int64_t id, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ATT_DELETE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, trip_id);
    sqlite3_bind_int64(st, 2, id);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_NOT_FOUND, "attachment_not_found", NULL, NULL);
    return s;
}
