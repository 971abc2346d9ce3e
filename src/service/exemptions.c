/*
 * exemptions.c -- exemptions from party activity as use cases
 * (service/transfer.h): granting a temporary exemption or an exemption
 * after domain/transfer.h's exemption_check with the member's real facts
 * on the first day (abroad on a trip, a unit in the destination, a
 * transfer to a unit abroad), revoking one, listing them.
 *
 * Officers and administrators of the member's scope grant and revoke; each
 * change is one write transaction with its audit entry ("exemption.grant",
 * "exemption.revoke", record "exemption", scope the member's unit path).
 * This file must never write SQL nor decide whether an exemption is
 * allowed: exemption_check does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/audit.h"
#include "service/exemption_list.h"
#include "service/svc_internal.h"
#include "service/transfer_internal.h"
#include "store/exemption_list_store.h"
#include "store/transfer_store.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static status may_decide(const svc *s, bool any_party, error *e)
{
    role r = s->who ? s->who->role : ROLE_ADMIN;
    if (any_party || r == ROLE_OFFICER || r == ROLE_ADMIN)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

static void view_of(const svc *s, const store_exemption *x, exemption *out)
{
    *out = (exemption){.id = x->id,
                       .version = x->version,
                       .member_id = x->member_id,
                       .member_name = x->member_name,
                       .kind = x->kind,
                       .reason = x->reason,
                       .decision_number = x->decision_number,
                       .starts_on = x->starts_on,
                       .ends_on = x->ends_on,
                       .decided_on = x->decided_on,
                       .revoked_on = x->revoked_on,
                       .approving_unit_id = x->approving_unit_id,
                       .approving_unit_name = x->approving_unit_name,
                       .created_by = x->created_by,
                       .created_at = x->created_at};
    out->expired = x->revoked_on == DATE_NONE && x->ends_on != DATE_NONE && x->ends_on < s->today;
}

static status reload(svc *s, int64_t id, exemption *out, error *e)
{
    store_exemption x;
    status st = store_exemption_get(s->db, s->a, svc_scope(s), id, &x, e);
    if (st == ST_OK)
        view_of(s, &x, out);
    return st;
}

/* ---- granting ---- */

typedef struct grant_ctx {
    svc *s;
    errlist *errs;
    bool bad;
    member m;
    store_exemption x;
} grant_ctx;

static void keep(grant_ctx *c, const error *e)
{
    c->bad = true;
    svc_push(c->errs, e);
}

static void parse_date(grant_ctx *c, const char *in, date_t dflt, const char *field, date_t *out)
{
    error e = {0};
    if (svc_parse_date(in, dflt, field, out, &e) != ST_OK)
        keep(c, &e);
}

/* The input's fields onto c->x; problems to errs. */
static status read_input(grant_ctx *c, const exemption_input *in)
{
    svc *s = c->s;
    error e = {0};
    store_exemption *x = &c->x;
    if (!in->kind || !in->kind[0])
        keep(c, (err_set(&e, ST_INVALID, "required", "kind", NULL), &e));
    else if (!exemption_kind_parse(in->kind, &x->kind))
        keep(c, (err_set(&e, ST_INVALID, "exemption_kind_invalid", "kind", in->kind), &e));
    status st = svc_trip_clean_text(s, in->reason, "reason", LIMIT_TRIP_TEXT_BYTES, &x->reason, &e);
    if (st == ST_NOMEM)
        return svc_push(c->errs, &e);
    if (st != ST_OK)
        keep(c, &e);
    if (in->decision_number) {
        char *clean = NULL;
        st = text_clean_line(s->a, in->decision_number, strlen(in->decision_number),
                             "decision_number", &clean, &e);
        if (st == ST_OK && strlen(clean) > LIMIT_TRIP_NUMBER_BYTES)
            st = err_setf(&e, ST_INVALID, "text_too_long", "decision_number", "%d",
                          LIMIT_TRIP_NUMBER_BYTES);
        if (st == ST_NOMEM)
            return svc_push(c->errs, &e);
        if (st != ST_OK)
            keep(c, &e);
        else
            x->decision_number = clean[0] ? clean : NULL;
    }
    parse_date(c, in->starts_on, DATE_NONE, "starts_on", &x->starts_on);
    parse_date(c, in->ends_on, DATE_NONE, "ends_on", &x->ends_on);
    parse_date(c, in->decided_on, s->today, "decided_on", &x->decided_on);
    return ST_OK;
}

/* The approving unit: given, else the officer's unit, else the member's;
 * within the actor's scope. */
static status approving_unit(grant_ctx *c, int64_t given)
{
    svc *s = c->s;
    int64_t id = given > 0                                                      ? given
                 : s->who && s->who->unit_id > 0 && s->who->role != ROLE_MEMBER ? s->who->unit_id
                                                                                : c->m.unit_id;
    unit u;
    error e = {0};
    status st = store_unit_get(s->db, s->a, svc_scope(s), id, &u, &e);
    if (st == ST_NOT_FOUND)
        err_set(&e, ST_INVALID, "unit_not_found", "approving_unit_id", NULL);
    if (st == ST_NOT_FOUND || st == ST_OK) {
        if (st == ST_OK)
            c->x.approving_unit_id = u.id, c->x.approving_unit_name = u.name;
        else
            keep(c, &e);
        return ST_OK;
    }
    return svc_push(c->errs, &e);
}

/* exemption_check with the member's facts on the first day. */
static status check(grant_ctx *c)
{
    svc *s = c->s;
    store_member_facts f = {0};
    error e = {0};
    if (c->x.starts_on != DATE_NONE &&
        store_member_facts_on(s->db, s->a, c->m.id, c->x.starts_on, &f, &e) != ST_OK)
        return svc_push(c->errs, &e);
    exemption_request r = {.kind = c->x.kind,
                           .starts_on = c->x.starts_on,
                           .ends_on = c->x.ends_on,
                           .decided_on = c->x.decided_on,
                           .today = s->today,
                           .member_active =
                               c->m.status == MS_PROBATIONARY || c->m.status == MS_OFFICIAL,
                           .abroad = f.abroad,
                           .destination_has_unit = f.destination_has_unit,
                           .transferred_to_unit_abroad = f.transferred_to_unit_abroad,
                           .reason = c->x.reason};
    size_t before = c->errs ? c->errs->len : 0;
    status st = exemption_check(&r, c->errs);
    if (st == ST_NOMEM)
        return st;
    if (st == ST_OK && !c->bad)
        return ST_OK;
    if (c->errs && c->errs->len == before && !c->errs->dropped && !c->bad)
        return ST_NOMEM;
    return svc_errs_status(c->errs);
}

static status audit_grant(svc *s, const store_exemption *x, const char *member_path, error *e)
{
    audit_field f[8] = {
        {"member_id", arena_printf(s->a, "%" PRId64, x->member_id)},
        {"kind", exemption_kind_name(x->kind)},
        {"reason", x->reason},
        {"starts_on", svc_trip_iso(s, x->starts_on)},
        {"ends_on", svc_trip_iso(s, x->ends_on)},
        {"decided_on", svc_trip_iso(s, x->decided_on)},
        {"decision_number", x->decision_number},
        {"approving_unit_id", arena_printf(s->a, "%" PRId64, x->approving_unit_id)}};
    char *after = f[0].value && f[7].value ? audit_fields_json(s->a, f, 8) : NULL;
    if (!after)
        return nomem(e);
    return svc_audit_tx(s, "exemption.grant", "exemption", x->id, member_path, NULL, after, e);
}

static status grant_tx(svc *s, bool any_party, const exemption_input *in, int64_t *id,
                       errlist *errs)
{
    grant_ctx c = {.s = s, .errs = errs};
    c.x.starts_on = c.x.ends_on = c.x.decided_on = c.x.revoked_on = DATE_NONE;
    error e = {0};
    status st = may_decide(s, any_party, &e);
    if (st == ST_OK && in->member_id <= 0)
        st = err_set(&e, ST_INVALID, "required", "member_id", NULL);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), in->member_id, &c.m, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = read_input(&c, in);
    if (st == ST_OK)
        st = approving_unit(&c, in->approving_unit_id);
    if (st == ST_OK)
        st = check(&c);
    if (st != ST_OK)
        return st;
    c.x.member_id = c.m.id;
    c.x.created_by = s->who && s->who->label ? s->who->label : "operator";
    st = store_exemption_insert(s->db, &c.x, s->now, &e);
    if (st == ST_OK)
        st = audit_grant(s, &c.x, c.m.unit_path, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    *id = c.x.id;
    return ST_OK;
}

/* ---- revoking ---- */

static status revoke_tx(svc *s, bool any_party, int64_t id, int64_t expected_version,
                        const char *on, errlist *errs)
{
    store_exemption x;
    error e = {0};
    date_t day = DATE_NONE;
    status st = store_exemption_get(s->db, s->a, svc_scope(s), id, &x, &e);
    if (st == ST_OK && x.version != expected_version)
        st = err_set(&e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st == ST_OK)
        st = may_decide(s, any_party, &e);
    if (st == ST_OK && x.revoked_on != DATE_NONE)
        st = err_set(&e, ST_CONFLICT, "exemption_already_revoked", NULL,
                     svc_date_iso(s, x.revoked_on));
    if (st == ST_OK)
        st = svc_parse_date(on, s->today, "on", &day, &e);
    if (st == ST_OK && day > s->today)
        st = err_set(&e, ST_INVALID, "date_future", "on", NULL);
    if (st == ST_OK && day < x.decided_on)
        st = err_set(&e, ST_INVALID, "exemption_revoke_before_decision", "on",
                     svc_date_iso(s, x.decided_on));
    if (st == ST_OK) {
        x.revoked_on = day;
        st = store_exemption_revoke(s->db, &x, expected_version, s->now, &e);
    }
    if (st == ST_OK) {
        audit_field f[1] = {{"revoked_on", svc_trip_iso(s, day)}};
        char *after = audit_fields_json(s->a, f, 1);
        st = after ? svc_audit_tx(s, "exemption.revoke", "exemption", x.id, x.member_path, NULL,
                                  after, &e)
                   : nomem(&e);
    }
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* ---- the public faces ---- */

static status begin(svc *s, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

static status finish(svc *s, status st, int64_t id, exemption *out, errlist *errs)
{
    error e = {0};
    if (st == ST_OK && out && reload(s, id, out, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_exemption_grant_tx(svc *s, const trip_when *w, const exemption_input *in, exemption *out,
                              errlist *errs)
{
    svc t = svc_trip_at(s, w);
    int64_t id = 0;
    error e = {0};
    status st = grant_tx(&t, w && w->any_party, in, &id, errs);
    if (st == ST_OK && out && (st = reload(&t, id, out, &e)) != ST_OK)
        svc_push(errs, &e);
    return st;
}

status svc_exemption_grant(svc *s, const exemption_input *in, exemption *out, errlist *errs)
{
    int64_t id = 0;
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = grant_tx(s, false, in, &id, errs);
    return finish(s, st, id, out, errs);
}

status svc_exemption_revoke_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                               const char *on, exemption *out, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    error e = {0};
    status st = revoke_tx(&t, w && w->any_party, id, expected_version, on, errs);
    if (st == ST_OK && out && (st = reload(&t, id, out, &e)) != ST_OK)
        svc_push(errs, &e);
    return st;
}

status svc_exemption_revoke(svc *s, int64_t id, int64_t expected_version, const char *on,
                            exemption *out, errlist *errs)
{
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = revoke_tx(s, false, id, expected_version, on, errs);
    return finish(s, st, id, out, errs);
}

status svc_exemption_list(svc *s, int64_t member_id, bool expired_only, const char *cursor,
                          int limit, exemption **out, size_t *n, const char **next_cursor, error *e)
{
    exemption_query q = {
        .member_id = member_id, .expired = expired_only, .cursor = cursor, .limit = limit};
    return svc_exemption_find(s, &q, out, n, next_cursor, e);
}

/* The filter of q in the store's terms: the subtree's path (the unit's
 * when given, within the actor's scope), the window, the page. */
static status filter_of(svc *s, const exemption_query *q, store_exemption_filter *f, error *e)
{
    *f = (store_exemption_filter){.scope = svc_scope(s),
                                  .member_id = q->member_id,
                                  .today = s->today,
                                  .expired = q->expired,
                                  .expiring_till = DATE_NONE,
                                  .limit = q->limit <= 0               ? LIMIT_PAGE_DEFAULT
                                           : q->limit > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX
                                                                       : q->limit};
    if (q->expiring)
        f->expiring_till = s->today + DASHBOARD_EXPIRING_DAYS;
    if (q->cursor && q->cursor[0] && (!str_to_i64(q->cursor, &f->after_id) || f->after_id <= 0))
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    if (q->unit_id) {
        unit u;
        status st = store_unit_get(s->db, s->a, f->scope, q->unit_id, &u, e);
        if (st != ST_OK)
            return st;
        f->scope = u.path;
    }
    return ST_OK;
}

/* Read the page's exemptions one by one, in the transaction open. */
static status load_page(svc *s, const store_exemption_filter *f, exemption **items, size_t *count,
                        bool *more, error *e)
{
    int64_t *ids = NULL;
    status st = store_exemption_ids(s->db, s->a, f, &ids, count, more, e);
    if (st != ST_OK)
        return st;
    *items = arena_alloc_array(s->a, *count ? *count : 1, sizeof **items);
    if (!*items)
        return nomem(e);
    for (size_t i = 0; st == ST_OK && i < *count; i++) {
        store_exemption x;
        st = store_exemption_get(s->db, s->a, f->scope, ids[i], &x, e);
        if (st == ST_OK)
            view_of(s, &x, &(*items)[i]);
    }
    return st;
}

status svc_exemption_find(svc *s, const exemption_query *q, exemption **out, size_t *n,
                          const char **next_cursor, error *e)
{
    *out = NULL;
    *n = 0;
    *next_cursor = NULL;
    store_exemption_filter f;
    exemption *items = NULL;
    size_t count = 0;
    bool more = false;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    st = filter_of(s, q, &f, e);
    if (st == ST_OK)
        st = load_page(s, &f, &items, &count, &more, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    if (more && count) {
        *next_cursor = arena_printf(s->a, "%" PRId64, items[count - 1].id);
        if (!*next_cursor)
            return nomem(e);
    }
    *out = items;
    *n = count;
    return ST_OK;
}
