/*
 * calendar.c -- the calendar's use cases: the computed calendar of
 * domain/calendar.h with the administrator's stored overrides applied, the
 * lunar calendar, and adding and removing overrides.
 *
 * Every answer about working days is computed with the overrides one read
 * transaction sees, so a face never mixes two states of the table. Adding
 * or removing an override checks, writes and audits in one write
 * transaction. This file must never hold a calendar rule (domain/ does)
 * nor read the clock or the time zone.
 */
#include "service/calendar.h"

#include <stdio.h>
#include <string.h>

#include "service/account_internal.h"
#include "service/audit.h"
#include "store/calendar_store.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* Out of memory, into a list of errors. */
static status push_nomem(errlist *errs)
{
    error e;
    nomem(&e);
    return svc_push(errs, &e);
}

/* Name the field of an error the domain raised without one. */
static status with_field(status st, error *e, const char *field)
{
    if (st != ST_OK && e && !e->field[0] && st != ST_NOMEM && st != ST_INTERNAL &&
        st != ST_UNAVAILABLE)
        snprintf(e->field, sizeof e->field, "%s", field);
    return st;
}

/* Overrides change the installation's calendar: an administrator of "/"
 * (or the operator, who acts as one). */
static status require_global_admin(const svc *s, error *e)
{
    if (svc_require_admin(s, e) != ST_OK || !svc_actor_global(s))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    return ST_OK;
}

static date_t jan1(int year)
{
    date_t d = DATE_NONE;
    date_from_ymd(year, 1, 1, &d);
    return d;
}

static date_t dec31(int year)
{
    date_t d = DATE_NONE;
    date_from_ymd(year, 12, 31, &d);
    return d;
}

static status year_check(int year, error *e)
{
    if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR)
        return err_setf(e, ST_INVALID, "calendar_year_range", "year", "%d", year);
    return ST_OK;
}

/* ---- the overrides in the domain's shape ---- */

static status load_overrides(svc *s, date_t from, date_t to, calendar_override **out, size_t *n,
                             error *e)
{
    store_calendar_override *rows;
    size_t nrows;
    *out = NULL;
    *n = 0;
    status st = store_calendar_overrides(s->db, s->a, from, to, &rows, &nrows, e);
    if (st != ST_OK || nrows == 0)
        return st;
    calendar_override *ov = arena_alloc_array(s->a, nrows, sizeof *ov);
    if (!ov)
        return nomem(e);
    for (size_t i = 0; i < nrows; i++)
        ov[i] = (calendar_override){rows[i].date, rows[i].kind, rows[i].name};
    *out = ov;
    *n = nrows;
    return ST_OK;
}

status svc_calendar_overrides_tx(svc *s, date_t from, calendar_override **out, size_t *n, error *e)
{
    return load_overrides(s, from, DATE_NONE, out, n, e);
}

/* The overrides dated from `from` to `to` (DATE_NONE: open), in their own
 * read transaction. */
static status overrides_between(svc *s, date_t from, date_t to, calendar_override **out, size_t *n,
                                error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = load_overrides(s, from, to, out, n, e);
    store_rollback(s->db);
    return st;
}

/* ---- reading ---- */

status svc_calendar_holidays(svc *s, int year, calendar_day **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    calendar_override *ov = NULL;
    size_t nov = 0;
    status st = year_check(year, e);
    if (st == ST_OK)
        st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = load_overrides(s, jan1(year), dec31(year), &ov, &nov, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    size_t cap = CALENDAR_HOLIDAYS_CAP(nov);
    calendar_day *days = arena_alloc_array(s->a, cap, sizeof *days);
    if (!days)
        return nomem(e);
    st = with_field(calendar_holidays(year, ov, nov, days, cap, n, e), e, "year");
    if (st == ST_OK)
        *out = days;
    return st;
}

status svc_calendar_add_workdays(svc *s, date_t from, int n, date_t *out, error *e)
{
    calendar_override *ov = NULL;
    size_t nov = 0;
    if (n < 0 || n > CALENDAR_PERIOD_MAX)
        return err_setf(e, ST_INVALID, "calendar_period_range", "n", "%d", n);
    status st = overrides_between(s, from, DATE_NONE, &ov, &nov, e);
    if (st == ST_OK)
        st = with_field(calendar_add_workdays(from, n, ov, nov, out, e), e, "date");
    return st;
}

status svc_calendar_is_workday(svc *s, date_t d, bool *out, error *e)
{
    calendar_override *ov = NULL;
    size_t nov = 0;
    status st = overrides_between(s, d, d, &ov, &nov, e);
    if (st == ST_OK)
        st = with_field(calendar_is_workday(d, ov, nov, out, e), e, "date");
    return st;
}

status svc_calendar_lunar(svc *s, date_t d, lunar_date *out, error *e)
{
    (void)s;
    return with_field(lunar_from_solar(d, out, e), e, "date");
}

status svc_calendar_solar(svc *s, const lunar_date *ld, date_t *out, error *e)
{
    (void)s;
    return with_field(lunar_to_solar(ld, out, e), e, "lunar");
}

/* ---- the overrides ---- */

static void record_of(const store_calendar_override *o, calendar_override_record *out)
{
    out->date = o->date;
    out->kind = o->kind;
    out->name = o->name ? o->name : "";
    out->created_by = o->created_by ? o->created_by : "";
    out->created_at = o->created_at ? o->created_at : "";
}

status svc_calendar_overrides(svc *s, int year, calendar_override_record **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    store_calendar_override *rows = NULL;
    size_t nrows = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_global_admin(s, e);
    if (st == ST_OK)
        st = year_check(year, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_calendar_overrides(s->db, s->a, jan1(year), dec31(year), &rows, &nrows, e);
    store_rollback(s->db);
    if (st != ST_OK || nrows == 0)
        return st;
    calendar_override_record *items = arena_alloc_array(s->a, nrows, sizeof *items);
    if (!items)
        return nomem(e);
    for (size_t i = 0; i < nrows; i++)
        record_of(&rows[i], &items[i]);
    *out = items;
    *n = nrows;
    return ST_OK;
}

/* A date typed by a person: "required" when absent, "date_invalid" when
 * it is no ISO date. */
static status parse_date(const char *in, date_t *out, error *e)
{
    if (!in || !in[0])
        return err_set(e, ST_INVALID, "required", "date", NULL);
    return svc_parse_date(in, DATE_NONE, "date", out, e);
}

/* The override as typed, checked field by field into errs: date, kind,
 * and the name (cleaned to NFC, bounded). *o is usable only when the
 * result is ST_OK. */
static status parse_override(svc *s, const calendar_override_input *in, calendar_override *o,
                             errlist *errs)
{
    error e = {0};
    status st = ST_OK;
    o->kind = CALENDAR_WORKING_DAY;
    o->name = "";
    if (parse_date(in->date, &o->date, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (!in->kind || !in->kind[0]) {
        err_set(&e, ST_INVALID, "required", "kind", NULL);
        st = svc_push(errs, &e);
    } else if (!calendar_override_kind_parse(in->kind, &o->kind)) {
        err_set(&e, ST_INVALID, "calendar_override_kind", "kind", NULL);
        st = svc_push(errs, &e);
    }
    if (in->name && in->name[0]) {
        char *clean = NULL;
        if (text_clean_line(s->a, in->name, strlen(in->name), "name", &clean, &e) != ST_OK)
            st = svc_push(errs, &e);
        else if (strlen(clean) > LIMIT_CALENDAR_NAME_BYTES) {
            err_setf(&e, ST_INVALID, "calendar_override_name_too_long", "name", "%d",
                     LIMIT_CALENDAR_NAME_BYTES);
            st = svc_push(errs, &e);
        } else
            o->name = clean;
    }
    return st == ST_OK ? ST_OK : svc_errs_status(errs);
}

/* The domain's check of the new override among those of its year (the
 * last in the list), its errors' fields renamed from "overrides[i].x" to
 * "x". Called inside the write transaction, so the year cannot change
 * under it. */
static status check_in_year(svc *s, const calendar_override *o, errlist *errs)
{
    error e = {0};
    calendar_override *ov = NULL;
    size_t nov = 0;
    int y, m, d;
    date_to_ymd(o->date, &y, &m, &d);
    status st = load_overrides(s, jan1(y), dec31(y), &ov, &nov, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    calendar_override *all = arena_alloc_array(s->a, nov + 1, sizeof *all);
    if (!all)
        return push_nomem(errs);
    if (nov)
        memcpy(all, ov, nov * sizeof *ov);
    all[nov] = *o;
    errlist found;
    errlist_init(&found, 0);
    st = calendar_overrides_check(all, nov + 1, &found);
    char prefix[ERROR_FIELD_MAX];
    snprintf(prefix, sizeof prefix, "overrides[%zu].", nov);
    for (size_t i = 0; i < found.len; i++) {
        error fe = found.items[i];
        if (strncmp(fe.field, prefix, strlen(prefix)) != 0)
            continue; /* the stored ones passed this check when they were added */
        memmove(fe.field, fe.field + strlen(prefix), strlen(fe.field + strlen(prefix)) + 1);
        if (strcmp(fe.code, "calendar_override_duplicate") == 0)
            fe.st = ST_CONFLICT;
        svc_push(errs, &fe);
    }
    errlist_free(&found);
    if (st == ST_NOMEM)
        return push_nomem(errs);
    return st == ST_OK ? ST_OK : svc_errs_status(errs);
}

static char *override_json(svc *s, const calendar_override_record *r)
{
    audit_field f[3] = {{"date", svc_date_iso(s, r->date)},
                        {"kind", calendar_override_kind_name(r->kind)},
                        {"name", r->name}};
    return audit_fields_json(s->a, f, r->name[0] ? 3 : 2);
}

status svc_calendar_override_add(svc *s, const calendar_override_input *in,
                                 calendar_override_record *out, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = require_global_admin(s, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    calendar_override o;
    if ((st = parse_override(s, in, &o, errs)) != ST_OK)
        return st;
    store_calendar_override row = {o.date, o.kind, o.name, s->who->label, s->now};
    calendar_override_record rec;
    record_of(&row, &rec);
    char *after = override_json(s, &rec);
    if (!after)
        return push_nomem(errs);
    if ((st = store_begin_write(s->db, &e)) != ST_OK)
        return svc_push(errs, &e);
    st = check_in_year(s, &o, errs);
    if (st == ST_OK && (st = store_calendar_override_insert(s->db, &row, &e)) != ST_OK)
        svc_push(errs, &e);
    if (st == ST_OK && (st = svc_audit_tx(s, "calendar.override_add", "calendar_override", 0,
                                          STORE_SCOPE_ALL, NULL, after, &e)) != ST_OK)
        svc_push(errs, &e);
    if (st == ST_OK && (st = store_commit(s->db, &e)) != ST_OK)
        svc_push(errs, &e);
    store_rollback(s->db);
    if (st == ST_OK && out)
        *out = rec;
    return st;
}

status svc_calendar_override_remove(svc *s, const char *date, calendar_override_record *out,
                                    error *e)
{
    date_t d;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_global_admin(s, e);
    if (st == ST_OK)
        st = parse_date(date, &d, e);
    if (st != ST_OK)
        return st;
    store_calendar_override row;
    bool found = false, deleted = false;
    char *before = NULL;
    calendar_override_record rec;
    st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_calendar_override_get(s->db, s->a, d, &row, &found, e);
    if (st == ST_OK && !found)
        st = err_set(e, ST_NOT_FOUND, "calendar_override_not_found", "date", svc_date_iso(s, d));
    if (st == ST_OK) {
        record_of(&row, &rec);
        if (!(before = override_json(s, &rec)))
            st = nomem(e);
    }
    if (st == ST_OK)
        st = store_calendar_override_delete(s->db, d, &deleted, e);
    if (st == ST_OK && !deleted)
        st = err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (st == ST_OK)
        st = svc_audit_tx(s, "calendar.override_remove", "calendar_override", 0, STORE_SCOPE_ALL,
                          before, NULL, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    if (st == ST_OK && out)
        *out = rec;
    return st;
}
