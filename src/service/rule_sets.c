/*
 * rule_sets.c -- the rule sets: which deadlines and thresholds are in
 * force for a unit on a date, and adding a set for a subtree from a date.
 *
 * Sets are added, never changed, and never take effect before the day
 * they are added, so a past date keeps the rules it had; which set is in
 * force is domain/rules.h's rule_set_pick over every stored set (a few
 * rows). Administrators add (one of the whole installation for the whole
 * installation), audited "rules.add"; staff read. This file must never
 * write SQL nor decide which set wins.
 */
#include <stdio.h>
#include <string.h>

#include "service/account_internal.h"
#include "service/audit.h"
#include "service/trip_internal.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

status svc_rules_for_tx(svc *s, const char *unit_path, date_t on, rule_set *out, error *e)
{
    rule_set *sets;
    size_t n;
    status st = store_rule_sets(s->db, s->a, &sets, &n, e);
    if (st == ST_OK)
        rule_set_pick(sets, n, unit_path ? unit_path : "/", on, out);
    return st;
}

/* The unit a set is for: unit_id or unit_code within scope; neither is the
 * whole installation, for an administrator of it only. *path "/" then. */
static status target_unit(svc *s, const rule_set_input *in, int64_t *unit_id, const char **path,
                          errlist *errs)
{
    error e = {0};
    unit u;
    status st = ST_OK;
    const char *field = in->unit_id ? "unit_id" : "unit_code";
    if (in->unit_id)
        st = store_unit_get(s->db, s->a, svc_scope(s), in->unit_id, &u, &e);
    else if (in->unit_code && in->unit_code[0])
        st = store_unit_get_by_code(s->db, s->a, svc_scope(s), in->unit_code, &u, &e);
    else if (!svc_actor_global(s))
        return svc_push(errs, (err_set(&e, ST_FORBIDDEN, "forbidden", NULL, NULL), &e));
    else {
        *unit_id = 0;
        *path = "/";
        return ST_OK;
    }
    if (st == ST_NOT_FOUND)
        err_set(&e, ST_INVALID, "unit_not_found", field, NULL);
    if (st != ST_OK)
        return svc_push(errs, &e);
    *unit_id = u.id;
    *path = u.path;
    return ST_OK;
}

/* The numbers given in `in` over the set then in force. */
static void take_given(const rule_set_input *in, rule_set *r)
{
#define TAKE(f)                                                                                    \
    if (in->f >= 0)                                                                                \
        r->f = in->f;
#define TAKE_BOOL(f)                                                                               \
    if (in->f >= 0)                                                                                \
        r->f = in->f != 0;
    TAKE(report_days)
    TAKE_BOOL(report_in_calendar_days)
    TAKE(return_grace_workdays)
    TAKE_BOOL(review_blocks_approval)
    TAKE(group_min_months)
    TAKE(group_min_members)
    TAKE(temp_transfer_months)
    TAKE(official_transfer_months)
    TAKE_BOOL(official_transfer_strict)
    TAKE(transfer_receive_workdays)
    TAKE(probation_reminder_days)
#undef TAKE
#undef TAKE_BOOL
}

static status audit_rules(svc *s, const rule_set *r, error *e)
{
    char buf[11][16];
    int v[11] = {r->report_days,
                 r->report_in_calendar_days,
                 r->return_grace_workdays,
                 r->review_blocks_approval,
                 r->group_min_months,
                 r->group_min_members,
                 r->temp_transfer_months,
                 r->official_transfer_months,
                 r->official_transfer_strict,
                 r->transfer_receive_workdays,
                 r->probation_reminder_days};
    for (int i = 0; i < 11; i++)
        snprintf(buf[i], sizeof buf[i], "%d", v[i]);
    audit_field f[14] = {{"unit_path", r->unit_path},
                         {"effective_from", svc_trip_iso(s, r->effective_from)},
                         {"report_days", buf[0]},
                         {"report_in_calendar_days", buf[1]},
                         {"return_grace_workdays", buf[2]},
                         {"review_blocks_approval", buf[3]},
                         {"group_min_months", buf[4]},
                         {"group_min_members", buf[5]},
                         {"temp_transfer_months", buf[6]},
                         {"official_transfer_months", buf[7]},
                         {"official_transfer_strict", buf[8]},
                         {"transfer_receive_workdays", buf[9]},
                         {"probation_reminder_days", buf[10]},
                         {"note", r->note}};
    char *after = audit_fields_json(s->a, f, 14);
    if (!after)
        return nomem(e);
    return svc_audit_tx(s, "rules.add", "rule_set", r->id, r->unit_path, NULL, after, e);
}

static status add_tx(svc *s, const rule_set_input *in, rule_set *out, errlist *errs)
{
    error e = {0};
    int64_t unit_id = 0;
    const char *path = "/";
    date_t from = DATE_NONE;
    const char *note = NULL;
    status st = svc_require_admin(s, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = target_unit(s, in, &unit_id, &path, errs);
    if (st != ST_OK)
        return st;
    if (!in->effective_from || !in->effective_from[0])
        return svc_push(errs, (err_set(&e, ST_INVALID, "required", "effective_from", NULL), &e));
    if (svc_parse_date(in->effective_from, DATE_NONE, "effective_from", &from, &e) != ST_OK)
        return svc_push(errs, &e);
    if (from < s->today)
        return svc_push(errs, (err_set(&e, ST_INVALID, "rule_set_in_past", "effective_from",
                                       svc_trip_iso(s, s->today)),
                               &e));
    if (svc_trip_clean_text(s, in->note, "note", LIMIT_TRIP_TEXT_BYTES, &note, &e) != ST_OK)
        return svc_push(errs, &e);
    rule_set r;
    st = svc_rules_for_tx(s, path, from, &r, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    take_given(in, &r);
    r.id = 0;
    r.unit_id = unit_id;
    r.unit_path = path;
    r.effective_from = from;
    r.note = note;
    r.created_by = s->who && s->who->label ? s->who->label : "operator";
    r.created_at = s->now;
    size_t before = errs ? errs->len : 0;
    if (rule_set_check(&r, errs) != ST_OK)
        return errs && errs->len > before ? svc_errs_status(errs) : ST_NOMEM;
    st = store_rule_set_insert(s->db, &r, &e);
    if (st == ST_OK)
        st = audit_rules(s, &r, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (out)
        *out = r;
    return ST_OK;
}

status svc_rule_set_add_tx(svc *s, const trip_when *w, const rule_set_input *in, rule_set *out,
                           errlist *errs)
{
    svc t = svc_trip_at(s, w);
    return add_tx(&t, in, out, errs);
}

status svc_rule_set_add(svc *s, const rule_set_input *in, rule_set *out, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = add_tx(s, in, out, errs);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

static bool staff(const svc *s) { return s->who && s->who->role != ROLE_MEMBER; }

/* A set concerns the actor when its unit is in their subtree or above it. */
static bool concerns(const char *scope, const char *path)
{
    size_t ls = strlen(scope), lp = strlen(path);
    return strncmp(path, scope, ls) == 0 || (lp <= ls && strncmp(scope, path, lp) == 0);
}

status svc_rule_set_list(svc *s, rule_set **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    rule_set *sets = NULL;
    size_t count = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK && !staff(s))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_rule_sets(s->db, s->a, &sets, &count, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    rule_set *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return nomem(e);
    size_t k = 0;
    for (size_t i = count; i-- > 0;) /* stored oldest first: newest first here */
        if (concerns(svc_scope(s), sets[i].unit_path))
            items[k++] = sets[i];
    *out = items;
    *n = k;
    return ST_OK;
}

status svc_rule_set_effective(svc *s, int64_t unit_id, date_t on, rule_set *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK && !staff(s))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    const char *path = "/";
    int64_t id = unit_id ? unit_id : (s->who ? s->who->unit_id : 0);
    unit u;
    if (id) {
        st = store_unit_get(s->db, s->a, svc_scope(s), id, &u, e);
        if (st == ST_OK)
            path = u.path;
    }
    if (st == ST_OK)
        st = svc_rules_for_tx(s, path, on == DATE_NONE ? s->today : on, out, e);
    store_rollback(s->db);
    return st;
}
