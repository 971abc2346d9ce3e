/*
 * members.c -- the member registry's use cases: create, read, update with
 * versions, status changes, and the history of official units.
 *
 * Each use case opens one transaction, loads within the actor's scope,
 * asks domain/member.c, writes the record and its unit periods together,
 * and commits -- or rolls back, leaving nothing half-saved. The invariant
 * kept here: exactly one open official period per active member (the
 * partial unique index of member_units backs it up). Every change appends
 * its audit entry (member.create, member.update, member.status) in the same
 * transaction, at the in-transaction level that the importer and the demo
 * share, and a person opening a full record appends member.read. This file
 * must never write SQL nor decide a member rule itself.
 */
#include "service/audit.h"
#include "service/svc_internal.h"

#include <stdio.h>
#include <string.h>

status svc_member_resolve_unit(svc *s, const member_input *in, const member *base, member *m,
                               errlist *errs)
{
    error e = {0};
    unit u;
    status st;
    const char *field = "unit_id";
    if (in->unit_id) {
        st = store_unit_get(s->db, s->a, svc_scope(s), in->unit_id, &u, &e);
    } else if (in->unit_code && in->unit_code[0]) {
        field = "unit_code";
        st = store_unit_get_by_code(s->db, s->a, svc_scope(s), in->unit_code, &u, &e);
    } else if (base) {
        return ST_OK;
    } else {
        err_set(&e, ST_INVALID, "required", "unit_id", NULL);
        return svc_push(errs, &e);
    }
    if (st == ST_NOT_FOUND) {
        err_set(&e, ST_INVALID, "unit_not_found", field, NULL);
        return svc_push(errs, &e);
    }
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (u.dissolved_on != DATE_NONE && (!base || base->unit_id != u.id)) {
        err_set(&e, ST_INVALID, "member_unit_dissolved", field, u.code);
        return svc_push(errs, &e);
    }
    m->unit_id = u.id;
    m->unit_code = u.code;
    m->unit_name = u.name;
    m->unit_path = u.path;
    return ST_OK;
}

static bool str_same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && strcmp(a, b) == 0);
}

bool svc_member_same(const member *a, const member *b)
{
    return str_same(a->full_name, b->full_name) && a->sex == b->sex &&
           a->birth_date == b->birth_date && str_same(a->cccd, b->cccd) &&
           a->born_abroad == b->born_abroad && str_same(a->cmnd, b->cmnd) &&
           str_same(a->card_number, b->card_number) &&
           str_same(a->record_number, b->record_number) && a->admitted_on == b->admitted_on &&
           a->official_on == b->official_on && a->unit_id == b->unit_id &&
           str_same(a->phone, b->phone) && str_same(a->email, b->email);
}

/* ---- the audit trail ---- */

enum {
    MF_FULL_NAME,
    MF_SEX,
    MF_BIRTH,
    MF_CCCD,
    MF_BORN_ABROAD,
    MF_CMND,
    MF_CARD,
    MF_RECORD,
    MF_ADMITTED,
    MF_OFFICIAL,
    MF_STATUS,
    MF_STATUS_DATE,
    MF_ACTIVE,
    MF_UNIT_ID,
    MF_UNIT_CODE,
    MF_UNIT_CHANGE_ON,
    MF_PHONE,
    MF_EMAIL,
    MF_COUNT
};

/* A record's fields as text for svc_audit_diff (names as the API's);
 * the buffers hold numbers and dates. "active" says whether the member
 * counts as active (probationary or official): what a status change ends. */
typedef struct member_text {
    char birth[DATE_ISO_LEN], admitted[DATE_ISO_LEN], official[DATE_ISO_LEN],
        status_date[DATE_ISO_LEN], change_on[DATE_ISO_LEN], unit_id[24];
    audit_field f[MF_COUNT];
} member_text;

/* `change_on`: the day a unit change takes effect (DATE_NONE: none). */
static void member_text_of(const member *m, date_t change_on, member_text *t)
{
    date_format(m->birth_date, t->birth);
    date_format(m->admitted_on, t->admitted);
    date_format(m->official_on, t->official);
    date_format(m->status_date, t->status_date);
    date_format(change_on, t->change_on);
    snprintf(t->unit_id, sizeof t->unit_id, "%lld", (long long)m->unit_id);
    bool active = m->status == MS_PROBATIONARY || m->status == MS_OFFICIAL;
    t->f[MF_FULL_NAME] = (audit_field){"full_name", m->full_name};
    t->f[MF_SEX] = (audit_field){"sex", m->sex == 'F' ? "F" : m->sex == 'M' ? "M" : NULL};
    t->f[MF_BIRTH] = (audit_field){"birth_date", t->birth};
    t->f[MF_CCCD] = (audit_field){"cccd", m->cccd};
    t->f[MF_BORN_ABROAD] = (audit_field){"born_abroad", m->born_abroad ? "true" : "false"};
    t->f[MF_CMND] = (audit_field){"cmnd", m->cmnd};
    t->f[MF_CARD] = (audit_field){"card_number", m->card_number};
    t->f[MF_RECORD] = (audit_field){"record_number", m->record_number};
    t->f[MF_ADMITTED] = (audit_field){"admitted_on", t->admitted};
    t->f[MF_OFFICIAL] = (audit_field){"official_on", t->official};
    t->f[MF_STATUS] = (audit_field){"status", member_status_name(m->status)};
    t->f[MF_STATUS_DATE] = (audit_field){"status_date", t->status_date};
    t->f[MF_ACTIVE] = (audit_field){"active", active ? "true" : "false"};
    t->f[MF_UNIT_ID] = (audit_field){"unit_id", m->unit_id ? t->unit_id : NULL};
    t->f[MF_UNIT_CODE] = (audit_field){"unit_code", m->unit_code};
    t->f[MF_UNIT_CHANGE_ON] = (audit_field){"unit_change_on", t->change_on};
    t->f[MF_PHONE] = (audit_field){"phone", m->phone};
    t->f[MF_EMAIL] = (audit_field){"email", m->email};
}

/* Append the entry of a change from `was` (NULL: created) to `now`, in
 * the caller's transaction. The scope is the record's unit as it now is:
 * after a unit change, the old unit is in `before`. */
static status audit_change(svc *s, const char *action, const member *was, const member *now,
                           date_t change_on, error *e)
{
    member_text tw, tn;
    char *before, *after;
    if (was)
        member_text_of(was, DATE_NONE, &tw);
    member_text_of(now, change_on, &tn);
    status st = svc_audit_diff(s, was ? tw.f : NULL, tn.f, MF_COUNT, &before, &after, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "member", now->id, now->unit_path, before, after, e);
    return st;
}

status svc_member_insert_tx(svc *s, member *m, errlist *errs)
{
    error e = {0};
    member_index ix;
    status st = svc_member_index(s, m, &ix, &e);
    if (st == ST_OK)
        st = store_member_insert(s->db, svc_scope(s), m, &ix, s->now, &e);
    if (st == ST_OK)
        st = store_period_open(s->db, m->id, m->unit_id, "official",
                               svc_date_iso(s, m->admitted_on), &e);
    if (st == ST_OK)
        st = audit_change(s, "member.create", NULL, m, DATE_NONE, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* Move the open official period to m->unit_id from `on`: the old one ends
 * the day before. A change on the period's first day corrects it instead. */
static status move_period(svc *s, const member *base, const member *m, date_t on, error *e)
{
    if (base->status == MS_LEFT || base->status == MS_DECEASED)
        return err_set(e, ST_INVALID, "member_inactive", "unit_id", NULL);
    if (on > s->today)
        return err_set(e, ST_INVALID, "member_unit_change_date", "unit_change_on", NULL);
    store_period cur;
    status st = store_period_current(s->db, s->a, base->id, &cur, e);
    if (st == ST_NOT_FOUND)
        return store_period_open(s->db, base->id, m->unit_id, "official", svc_date_iso(s, on), e);
    if (st != ST_OK)
        return st;
    date_t start = DATE_NONE;
    date_parse(cur.start_date, &start);
    if (on < start)
        return err_set(e, ST_INVALID, "member_unit_change_date", "unit_change_on", cur.start_date);
    if (on == start)
        return store_period_set_unit(s->db, cur.id, m->unit_id, e);
    st = store_period_close(s->db, cur.id, svc_date_iso(s, on - 1), e);
    if (st == ST_OK)
        st = store_period_open(s->db, base->id, m->unit_id, "official", svc_date_iso(s, on), e);
    return st;
}

/* The first official period began on the old admission date: it moves to
 * the new one. A new date after that period ended is refused
 * ("member_admission_period" on admitted_on); a period that began on
 * another day (a record whose history was entered otherwise) stays. */
static status follow_admission(svc *s, const member *base, const member *m, error *e)
{
    if (m->admitted_on == base->admitted_on)
        return ST_OK;
    store_period *p;
    size_t n;
    status st = store_periods(s->db, s->a, svc_scope(s), base->id, &p, &n, e);
    if (st != ST_OK)
        return st;
    const store_period *first = NULL;
    for (size_t i = 0; i < n && !first; i++)
        if (p[i].kind && strcmp(p[i].kind, "official") == 0)
            first = &p[i];
    date_t start = DATE_NONE, end = DATE_NONE;
    if (!first || !date_parse(first->start_date, &start) || start != base->admitted_on)
        return ST_OK;
    if (first->end_date && date_parse(first->end_date, &end) && m->admitted_on > end)
        return err_set(e, ST_INVALID, "member_admission_period", "admitted_on", first->end_date);
    return store_period_set_start(s->db, first->id, svc_date_iso(s, m->admitted_on), e);
}

status svc_member_update_tx(svc *s, const member *base, member *m, date_t change_on, errlist *errs)
{
    error e = {0};
    member_index ix;
    status st = follow_admission(s, base, m, &e);
    if (st == ST_OK && m->unit_id != base->unit_id)
        st = move_period(s, base, m, change_on, &e);
    if (st == ST_OK)
        st = svc_member_index(s, m, &ix, &e);
    if (st == ST_OK)
        st = store_member_update(s->db, svc_scope(s), m, &ix, base->version, s->now, &e);
    if (st == ST_OK)
        st = audit_change(s, "member.update", base, m,
                          m->unit_id != base->unit_id ? change_on : DATE_NONE, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* Finish a use case: commit, or roll back on any failure; then reload. */
static status finish(svc *s, status st, int64_t id, member *out, errlist *errs)
{
    error e = {0};
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    if (store_member_get(s->db, s->a, svc_scope(s), id, out, &e) != ST_OK)
        return svc_push(errs, &e);
    return ST_OK;
}

static status begin(svc *s, member_rules *r, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st == ST_OK && svc_member_rules(s, r, &e) != ST_OK) {
        store_rollback(s->db);
        st = e.st;
    }
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* The status of a refused record: that of its errors. Every refusal
 * records one, so a list that did not grow (and dropped none) means the
 * list itself could not: ST_NOMEM, never a 422 without a reason. */
static status refused(const errlist *errs, size_t before)
{
    if (!errs || errs->dropped)
        return errs && errs->len ? svc_errs_status(errs) : ST_INVALID;
    return errs->len > before ? svc_errs_status(errs) : ST_NOMEM;
}

status svc_member_create_tx(svc *s, const member_rules *r, const member_input *in, member *m,
                            errlist *errs)
{
    size_t before = errs ? errs->len : 0;
    bool bad = member_normalize(s->a, in, NULL, r, m, errs) != ST_OK;
    if (svc_member_resolve_unit(s, in, NULL, m, errs) != ST_OK)
        bad = true;
    if (bad)
        return refused(errs, before);
    return svc_member_insert_tx(s, m, errs);
}

status svc_member_create(svc *s, const member_input *in, member *out, errlist *errs)
{
    member_rules r;
    member m;
    status st = begin(s, &r, errs);
    if (st != ST_OK)
        return st;
    st = svc_member_create_tx(s, &r, in, &m, errs);
    return finish(s, st, m.id, out, errs);
}

status svc_member_get(svc *s, int64_t id, member *out, error *e)
{
    status st = svc_ready(s, e);
    return st == ST_OK ? store_member_get(s->db, s->a, svc_scope(s), id, out, e) : st;
}

status svc_member_open(svc *s, int64_t id, member *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = store_member_get(s->db, s->a, svc_scope(s), id, out, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, "member.read", "member", out->id, out->unit_path, NULL, NULL, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

static status load_for_change(svc *s, int64_t id, int64_t expected_version, member *base, error *e)
{
    status st = store_member_get(s->db, s->a, svc_scope(s), id, base, e);
    if (st == ST_OK && base->version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    return st;
}

status svc_member_update(svc *s, int64_t id, int64_t expected_version, const member_input *in,
                         const char *unit_change_on, member *out, errlist *errs)
{
    member_rules r;
    member base, m;
    error e = {0};
    date_t change_on = DATE_NONE;
    status st = begin(s, &r, errs);
    if (st != ST_OK)
        return st;
    if (load_for_change(s, id, expected_version, &base, &e) != ST_OK ||
        svc_parse_date(unit_change_on, s->today, "unit_change_on", &change_on, &e) != ST_OK) {
        st = svc_push(errs, &e);
        store_rollback(s->db);
        return st;
    }
    size_t before = errs ? errs->len : 0;
    bool bad = member_normalize(s->a, in, &base, &r, &m, errs) != ST_OK;
    if (svc_member_resolve_unit(s, in, &base, &m, errs) != ST_OK)
        bad = true;
    if (bad)
        st = refused(errs, before);
    else if (!svc_member_same(&base, &m)) /* a change of nothing writes nothing */
        st = svc_member_update_tx(s, &base, &m, change_on, errs);
    return finish(s, st, id, out, errs);
}

status svc_member_set_status_tx(svc *s, int64_t id, int64_t expected_version, member_status to,
                                date_t on, error *e)
{
    member base;
    status st = load_for_change(s, id, expected_version, &base, e);
    if (st == ST_OK)
        st = member_check_status_change(&base, to, on, s->today, e);
    if (st != ST_OK)
        return st;
    store_period cur;
    st = store_period_current(s->db, s->a, id, &cur, e);
    if (st == ST_OK) {
        date_t start = DATE_NONE;
        date_parse(cur.start_date, &start);
        if (on < start)
            return err_set(e, ST_INVALID, "member_status_date", "on", cur.start_date);
        st = store_period_close(s->db, cur.id, svc_date_iso(s, on), e);
    } else if (st == ST_NOT_FOUND) {
        st = ST_OK; /* left earlier, now deceased: the period is already closed */
    }
    if (st != ST_OK)
        return st;
    member m = base;
    m.status = to;
    m.status_date = on;
    member_index ix;
    st = svc_member_index(s, &m, &ix, e);
    if (st == ST_OK)
        st = store_member_update(s->db, svc_scope(s), &m, &ix, base.version, s->now, e);
    if (st == ST_OK)
        st = audit_change(s, "member.status", &base, &m, DATE_NONE, e);
    return st;
}

status svc_member_set_status(svc *s, int64_t id, int64_t expected_version, const char *status_name,
                             const char *on, member *out, error *e)
{
    member_status to;
    date_t day = DATE_NONE;
    status st = svc_ready(s, e);
    if (st == ST_OK &&
        (!member_status_parse(status_name, &to) || (to != MS_LEFT && to != MS_DECEASED)))
        st = err_set(e, ST_INVALID, "member_status_invalid", "status", NULL);
    if (st == ST_OK)
        st = svc_parse_date(on, DATE_NONE, "on", &day, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = svc_member_set_status_tx(s, id, expected_version, to, day, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    return store_member_get(s->db, s->a, svc_scope(s), id, out, e);
}

status svc_member_periods(svc *s, int64_t id, member_period **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    member m;
    store_period *rows = NULL;
    size_t count = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), id, &m, e);
    if (st == ST_OK)
        st = store_periods(s->db, s->a, svc_scope(s), id, &rows, &count, e);
    if (st != ST_OK)
        return st;
    member_period *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < count; i++) {
        items[i].unit_id = rows[i].unit_id;
        items[i].unit_code = rows[i].unit_code;
        items[i].unit_name = rows[i].unit_name;
        items[i].kind = rows[i].kind;
        items[i].start_date = DATE_NONE;
        items[i].end_date = DATE_NONE;
        if (rows[i].start_date)
            date_parse(rows[i].start_date, &items[i].start_date);
        if (rows[i].end_date)
            date_parse(rows[i].end_date, &items[i].end_date);
    }
    *out = items;
    *n = count;
    return ST_OK;
}
