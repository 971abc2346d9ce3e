/*
 * groups.c -- a delegation's temporary group or cell as use cases
 * (service/transfer.h): formed with its leader (the delegation's) as a
 * temporary unit under the delegation's organizing unit, its members
 * (those of the delegation's trips) given temporary periods in it, and
 * dissolved on return, the periods closed.
 *
 * Secretaries, officers and administrators whose scope holds the
 * delegation act; each change is one write transaction with its audit
 * entry ("group.form", "group.dissolve", record "delegation"), at the
 * delegation's If-Match version. This file must never write SQL nor
 * decide a tree rule (domain/unit.h decides which kind may hang where).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/transfer_internal.h"
#include "store/transfer_store.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static status may_organize(const svc *s, bool any_party, error *e)
{
    role r = s->who ? s->who->role : ROLE_ADMIN;
    if (any_party || r == ROLE_SECRETARY || r == ROLE_OFFICER || r == ROLE_ADMIN)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

/* The delegation in scope at the version read, its group, and the day. */
static status load(svc *s, bool any_party, int64_t id, int64_t expected_version, const char *on,
                   store_delegation *g, store_group *grp, date_t *day, error *e)
{
    status st = store_delegation_get(s->db, s->a, svc_scope(s), id, g, e);
    if (st == ST_OK && g->version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st == ST_OK)
        st = may_organize(s, any_party, e);
    if (st == ST_OK)
        st = store_group_get(s->db, id, grp, e);
    if (st == ST_OK)
        st = svc_parse_date(on, s->today, "on", day, e);
    if (st == ST_OK && *day > s->today)
        st = err_set(e, ST_INVALID, "date_future", "on", NULL);
    return st;
}

/* The group's kind under its parent: a group under a cell, a cell under
 * a grassroots organization, a (partial) grassroots one under a
 * committee. */
static const char *kind_under(const unit *parent)
{
    switch (parent->kind) {
    case UNIT_CELL: return "group";
    case UNIT_GRASSROOTS: return "cell";
    default: return "grassroots";
    }
}

static status audit_group(svc *s, const char *action, const store_delegation *g,
                          const store_group *grp, error *e)
{
    audit_field f[3] = {{"group_unit_id", arena_printf(s->a, "%" PRId64, grp->unit_id)},
                        {"group_formed_on", svc_trip_iso(s, grp->formed_on)},
                        {"group_dissolved_on", svc_trip_iso(s, grp->dissolved_on)}};
    char *after = f[0].value ? audit_fields_json(s->a, f, 3) : NULL;
    if (!after)
        return nomem(e);
    return svc_audit_tx(s, action, "delegation", g->id, g->unit_path, NULL, after, e);
}

/* Open (or close, on dissolve) a temporary period in the group for each
 * member of the delegation's trips. */
static status member_periods(svc *s, const store_delegation *g, const store_group *grp, bool open,
                             error *e)
{
    int64_t *ids = NULL;
    size_t n = 0;
    status st = store_delegation_members(s->db, s->a, g->id, &ids, &n, e);
    const char *day = svc_date_iso(s, open ? grp->formed_on : grp->dissolved_on);
    if (st == ST_OK && !day)
        st = nomem(e);
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        if (open) {
            st = store_period_open(s->db, ids[i], grp->unit_id, "temporary", day, e);
            continue;
        }
        int64_t pid = 0;
        st = store_period_temporary_open(s->db, ids[i], grp->unit_id, &pid, e);
        if (st == ST_OK)
            st = store_period_close(s->db, pid, day, e);
        else if (st == ST_NOT_FOUND)
            st = ST_OK;
    }
    return st;
}

/* The temporary unit, created through the units' use case (audited
 * "unit.create"). */
static status make_unit(svc *s, const store_delegation *g, date_t on, int64_t *unit_id,
                        errlist *errs)
{
    unit parent, u;
    error e = {0};
    if (store_unit_get(s->db, s->a, STORE_SCOPE_ALL, g->unit_id, &parent, &e) != ST_OK)
        return svc_push(errs, &e);
    const char *code = arena_printf(s->a, "%s.DG%" PRId64, parent.code, g->id);
    const char *founded = svc_date_iso(s, on);
    if (!code || !founded)
        return svc_push(errs, (nomem(&e), &e));
    unit_input in = {.kind = kind_under(&parent),
                     .code = code,
                     .name = g->name,
                     .parent_id = parent.id,
                     .founded_on = founded,
                     .temporary = 1};
    status st = svc_unit_create_tx(s, &in, &u, errs);
    if (st == ST_OK)
        *unit_id = u.id;
    return st;
}

static status form_tx(svc *s, bool any_party, int64_t id, int64_t expected_version, const char *on,
                      errlist *errs)
{
    store_delegation g;
    store_group grp;
    date_t day = DATE_NONE;
    error e = {0};
    status st = load(s, any_party, id, expected_version, on, &g, &grp, &day, &e);
    if (st == ST_OK && grp.unit_id)
        st = err_set(&e, ST_CONFLICT, "group_already_formed", NULL, svc_date_iso(s, grp.formed_on));
    if (st == ST_OK && !g.leader_member_id)
        st = err_set(&e, ST_INVALID, "group_leader_required", "leader_member_id", NULL);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = make_unit(s, &g, day, &grp.unit_id, errs);
    if (st != ST_OK)
        return st;
    grp.formed_on = day;
    grp.dissolved_on = DATE_NONE;
    st = store_group_set(s->db, id, expected_version, &grp, s->now, NULL, &e);
    if (st == ST_OK)
        st = member_periods(s, &g, &grp, true, &e);
    if (st == ST_OK)
        st = audit_group(s, "group.form", &g, &grp, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* Dissolve the temporary unit on `on` (recorded as the units' use case
 * would: the unit's event and "unit.dissolve"). */
static status dissolve_unit(svc *s, int64_t unit_id, date_t on, error *e)
{
    unit u;
    status st = store_unit_get(s->db, s->a, STORE_SCOPE_ALL, unit_id, &u, e);
    if (st != ST_OK)
        return st;
    int64_t was = u.version;
    u.dissolved_on = on;
    st = store_unit_update(s->db, STORE_SCOPE_ALL, &u, was, s->now, e);
    if (st == ST_OK)
        st = store_unit_event(s->db, u.id, "dissolved", svc_date_iso(s, on), NULL, NULL, s->now, e);
    if (st == ST_OK) {
        audit_field f[1] = {{"dissolved_on", svc_trip_iso(s, on)}};
        char *after = audit_fields_json(s->a, f, 1);
        st = after ? svc_audit_tx(s, "unit.dissolve", "unit", u.id, u.path, NULL, after, e)
                   : nomem(e);
    }
    return st;
}

static status dissolve_tx(svc *s, bool any_party, int64_t id, int64_t expected_version,
                          const char *on, errlist *errs)
{
    store_delegation g;
    store_group grp;
    date_t day = DATE_NONE;
    error e = {0};
    status st = load(s, any_party, id, expected_version, on, &g, &grp, &day, &e);
    if (st == ST_OK && !grp.unit_id)
        st = err_set(&e, ST_CONFLICT, "group_not_formed", NULL, NULL);
    if (st == ST_OK && grp.dissolved_on != DATE_NONE)
        st = err_set(&e, ST_CONFLICT, "group_already_dissolved", NULL,
                     svc_date_iso(s, grp.dissolved_on));
    if (st == ST_OK && day < grp.formed_on)
        st = err_set(&e, ST_INVALID, "group_dissolve_before_formed", "on",
                     svc_date_iso(s, grp.formed_on));
    if (st == ST_OK) {
        grp.dissolved_on = day;
        st = store_group_set(s->db, id, expected_version, &grp, s->now, NULL, &e);
    }
    if (st == ST_OK)
        st = member_periods(s, &g, &grp, false, &e);
    if (st == ST_OK)
        st = dissolve_unit(s, grp.unit_id, day, &e);
    if (st == ST_OK)
        st = audit_group(s, "group.dissolve", &g, &grp, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* ---- the public faces ---- */

static status run(svc *s, status (*tx)(svc *, bool, int64_t, int64_t, const char *, errlist *),
                  int64_t id, int64_t expected_version, const char *on, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = tx(s, false, id, expected_version, on, errs);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_group_form(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                      errlist *errs)
{
    return run(s, form_tx, delegation_id, expected_version, on, errs);
}

status svc_group_dissolve(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                          errlist *errs)
{
    return run(s, dissolve_tx, delegation_id, expected_version, on, errs);
}

status svc_group_form_tx(svc *s, const trip_when *w, int64_t delegation_id,
                         int64_t expected_version, const char *on, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    return form_tx(&t, w && w->any_party, delegation_id, expected_version, on, errs);
}

status svc_group_dissolve_tx(svc *s, const trip_when *w, int64_t delegation_id,
                             int64_t expected_version, const char *on, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    return dissolve_tx(&t, w && w->any_party, delegation_id, expected_version, on, errs);
}
