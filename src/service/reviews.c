/*
 * reviews.c -- disciplinary reviews: only the dates a committee officer
 * records (opened, closed), which decide whether a member's trip may be
 * approved while the rule set says so.
 *
 * Officers open and close; staff in scope read. One open review per
 * member (the partial unique index backs the check). Each change is
 * audited in its own transaction ("review.open", "review.close", record
 * "review", scope the member's unit). This file must never write SQL.
 */
#include <stdio.h>
#include <string.h>

#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"

static status officer_only(const svc *s, bool any_party, error *e)
{
    if (any_party || (s->who && s->who->role == ROLE_OFFICER))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

static void review_out(const store_review *r, disciplinary_review *out)
{
    if (out)
        *out = (disciplinary_review){.id = r->id,
                                     .version = r->version,
                                     .member_id = r->member_id,
                                     .opened_on = r->opened_on,
                                     .closed_on = r->closed_on,
                                     .created_by = r->created_by,
                                     .created_at = r->created_at};
}

static status audit_review(svc *s, const char *action, const store_review *r, const member *m,
                           error *e)
{
    audit_field f[3] = {{"member_id", arena_printf(s->a, "%lld", (long long)r->member_id)},
                        {"opened_on", svc_trip_iso(s, r->opened_on)},
                        {"closed_on", svc_trip_iso(s, r->closed_on)}};
    char *after = f[0].value ? audit_fields_json(s->a, f, 3) : NULL;
    if (!after)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return svc_audit_tx(s, action, "review", r->id, m->unit_path, NULL, after, e);
}

static status open_tx(svc *s, bool any_party, int64_t member_id, date_t opened_on,
                      disciplinary_review *out, error *e)
{
    member m;
    store_review r = {0};
    bool found = false;
    status st = officer_only(s, any_party, e);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), member_id, &m, e);
    if (st == ST_OK && opened_on == DATE_NONE)
        st = err_set(e, ST_INVALID, "required", "opened_on", NULL);
    if (st == ST_OK && opened_on > s->today)
        st = err_set(e, ST_INVALID, "date_future", "opened_on", NULL);
    if (st == ST_OK)
        st = store_review_open_get(s->db, s->a, member_id, &r, &found, e);
    if (st == ST_OK && found)
        st = err_set(e, ST_CONFLICT, "review_already_open", "opened_on",
                     svc_trip_iso(s, r.opened_on));
    if (st != ST_OK)
        return st;
    r = (store_review){.member_id = member_id,
                       .opened_on = opened_on,
                       .closed_on = DATE_NONE,
                       .created_by = s->who && s->who->label ? s->who->label : "operator"};
    st = store_review_insert(s->db, &r, s->now, e);
    if (st == ST_OK)
        st = audit_review(s, "review.open", &r, &m, e);
    if (st == ST_OK)
        review_out(&r, out);
    return st;
}

static status close_tx(svc *s, bool any_party, int64_t member_id, int64_t review_id,
                       int64_t expected_version, date_t closed_on, disciplinary_review *out,
                       error *e)
{
    member m;
    store_review r;
    status st = officer_only(s, any_party, e);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), member_id, &m, e);
    if (st == ST_OK)
        st = store_review_get(s->db, s->a, svc_scope(s), member_id, review_id, &r, e);
    if (st == ST_OK && r.version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st == ST_OK && r.closed_on != DATE_NONE)
        st = err_set(e, ST_CONFLICT, "review_already_closed", NULL, svc_trip_iso(s, r.closed_on));
    if (st == ST_OK && closed_on == DATE_NONE)
        st = err_set(e, ST_INVALID, "required", "closed_on", NULL);
    if (st == ST_OK && closed_on > s->today)
        st = err_set(e, ST_INVALID, "date_future", "closed_on", NULL);
    if (st == ST_OK && closed_on < r.opened_on)
        st = err_set(e, ST_INVALID, "review_close_before_open", "closed_on",
                     svc_trip_iso(s, r.opened_on));
    if (st != ST_OK)
        return st;
    r.closed_on = closed_on;
    st = store_review_close(s->db, &r, expected_version, s->now, e);
    if (st == ST_OK)
        st = audit_review(s, "review.close", &r, &m, e);
    if (st == ST_OK)
        review_out(&r, out);
    return st;
}

status svc_review_open_tx(svc *s, const trip_when *w, int64_t member_id, date_t opened_on,
                          disciplinary_review *out, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    error e = {0};
    status st = open_tx(&t, w && w->any_party, member_id, opened_on, out, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_review_close_tx(svc *s, const trip_when *w, int64_t member_id, int64_t review_id,
                           int64_t expected_version, date_t closed_on, disciplinary_review *out,
                           errlist *errs)
{
    svc t = svc_trip_at(s, w);
    error e = {0};
    status st =
        close_tx(&t, w && w->any_party, member_id, review_id, expected_version, closed_on, out, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* Begin, run, commit or roll back. */
static status in_write(svc *s, status st, error *e)
{
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_review_open(svc *s, int64_t member_id, const char *opened_on, disciplinary_review *out,
                       errlist *errs)
{
    error e = {0};
    date_t on = DATE_NONE;
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = svc_parse_date(opened_on, s->today, "opened_on", &on, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st == ST_OK)
        st = in_write(s, open_tx(s, false, member_id, on, out, &e), &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_review_close(svc *s, int64_t member_id, int64_t review_id, int64_t expected_version,
                        const char *closed_on, disciplinary_review *out, errlist *errs)
{
    error e = {0};
    date_t on = DATE_NONE;
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = svc_parse_date(closed_on, s->today, "closed_on", &on, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st == ST_OK)
        st = in_write(s, close_tx(s, false, member_id, review_id, expected_version, on, out, &e),
                      &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_review_list(svc *s, int64_t member_id, disciplinary_review **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    member m;
    store_review *rows = NULL;
    size_t count = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK && (!s->who || s->who->role == ROLE_MEMBER))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), member_id, &m, e);
    if (st == ST_OK)
        st = store_reviews(s->db, s->a, svc_scope(s), member_id, &rows, &count, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    disciplinary_review *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < count; i++)
        review_out(&rows[i], &items[i]);
    *out = items;
    *n = count;
    return ST_OK;
}
