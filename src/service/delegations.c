/*
 * delegations.c -- delegations: the trips of members who travel together,
 * organized by a unit, with a leader.
 *
 * Secretaries and officers create and change them within their scope
 * (the organizing unit in it, the leader a member in it); every staff role
 * reads them. Each change is audited in its transaction
 * ("delegation.create", "delegation.update", record "delegation", scope
 * the unit's path). This file must never write SQL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static status may_organize(const svc *s, bool any_party, error *e)
{
    if (any_party || (s->who && (s->who->role == ROLE_SECRETARY || s->who->role == ROLE_OFFICER)))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

static void push(errlist *errs, bool *bad, error *e)
{
    *bad = true;
    svc_push(errs, e);
}

/* Apply `in` over *g (a copy of the stored row, or zeros for a new one);
 * every problem to errs. */
static status apply_input(svc *s, const delegation_input *in, bool creating, store_delegation *g,
                          errlist *errs)
{
    error e = {0};
    bool bad = false;
    size_t before = errs ? errs->len : 0;
    if (in->name || creating) {
        char *clean = NULL;
        const char *name = in->name ? in->name : "";
        if (text_clean_line(s->a, name, strlen(name), "name", &clean, &e) != ST_OK)
            push(errs, &bad, &e);
        else if (!clean[0])
            push(errs, &bad, (err_set(&e, ST_INVALID, "required", "name", NULL), &e));
        else if (strlen(clean) > LIMIT_TRIP_NUMBER_BYTES)
            push(errs, &bad,
                 (err_setf(&e, ST_INVALID, "text_too_long", "name", "%d", LIMIT_TRIP_NUMBER_BYTES),
                  &e));
        else
            g->name = clean;
    }
    if (in->unit_id || (in->unit_code && in->unit_code[0])) {
        unit u;
        const char *field = in->unit_id ? "unit_id" : "unit_code";
        status st = in->unit_id
                        ? store_unit_get(s->db, s->a, svc_scope(s), in->unit_id, &u, &e)
                        : store_unit_get_by_code(s->db, s->a, svc_scope(s), in->unit_code, &u, &e);
        if (st == ST_NOT_FOUND)
            err_set(&e, ST_INVALID, "unit_not_found", field, NULL);
        if (st != ST_OK)
            push(errs, &bad, &e);
        else
            g->unit_id = u.id, g->unit_path = u.path;
    } else if (creating) {
        push(errs, &bad, (err_set(&e, ST_INVALID, "required", "unit_id", NULL), &e));
    }
    if (in->leader_member_id > 0) {
        member m;
        status st = store_member_get(s->db, s->a, svc_scope(s), in->leader_member_id, &m, &e);
        if (st == ST_NOT_FOUND)
            err_set(&e, ST_INVALID, "member_not_found", "leader_member_id", NULL);
        if (st != ST_OK)
            push(errs, &bad, &e);
        else
            g->leader_member_id = m.id;
    }
    const char *dates[2] = {in->planned_departure, in->planned_return};
    date_t *slots[2] = {&g->planned_departure, &g->planned_return};
    static const char *const fields[2] = {"planned_departure", "planned_return"};
    for (int i = 0; i < 2; i++)
        if (dates[i] && svc_parse_date(dates[i], DATE_NONE, fields[i], slots[i], &e) != ST_OK)
            push(errs, &bad, &e);
    if (!bad && g->planned_departure != DATE_NONE && g->planned_return != DATE_NONE &&
        g->planned_return < g->planned_departure)
        push(errs, &bad, (err_set(&e, ST_INVALID, "trip_dates_order", "planned_return", NULL), &e));
    if (!bad)
        return ST_OK;
    return errs && errs->len > before ? svc_errs_status(errs) : ST_NOMEM;
}

static status audit_delegation(svc *s, const char *action, const store_delegation *g, error *e)
{
    audit_field f[5] = {
        {"name", g->name},
        {"unit_id", arena_printf(s->a, "%" PRId64, g->unit_id)},
        {"leader_member_id",
         g->leader_member_id ? arena_printf(s->a, "%" PRId64, g->leader_member_id) : NULL},
        {"planned_departure", svc_trip_iso(s, g->planned_departure)},
        {"planned_return", svc_trip_iso(s, g->planned_return)}};
    char *after = f[1].value ? audit_fields_json(s->a, f, 5) : NULL;
    if (!after)
        return nomem(e);
    return svc_audit_tx(s, action, "delegation", g->id, g->unit_path, NULL, after, e);
}

static void delegation_out(const store_delegation *g, delegation *out)
{
    *out = (delegation){.id = g->id,
                        .version = g->version,
                        .unit_id = g->unit_id,
                        .name = g->name,
                        .unit_code = g->unit_code,
                        .unit_name = g->unit_name,
                        .unit_path = g->unit_path,
                        .leader_member_id = g->leader_member_id,
                        .leader_name = g->leader_name,
                        .planned_departure = g->planned_departure,
                        .planned_return = g->planned_return,
                        .n_trips = g->n_trips,
                        .created_at = g->created_at};
}

static status create_tx(svc *s, bool any_party, const delegation_input *in, int64_t *id,
                        errlist *errs)
{
    error e = {0};
    store_delegation g = {.planned_departure = DATE_NONE, .planned_return = DATE_NONE};
    status st = may_organize(s, any_party, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = apply_input(s, in, true, &g, errs);
    if (st != ST_OK)
        return st;
    g.created_by = s->who && s->who->label ? s->who->label : "operator";
    st = store_delegation_insert(s->db, svc_scope(s), &g, s->now, &e);
    if (st == ST_OK)
        st = audit_delegation(s, "delegation.create", &g, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    *id = g.id;
    return ST_OK;
}

/* Read delegation `id` back for *out (inside the open transaction). */
static status reload(svc *s, int64_t id, delegation *out, errlist *errs)
{
    store_delegation g;
    error e = {0};
    if (!out)
        return ST_OK;
    if (store_delegation_get(s->db, s->a, svc_scope(s), id, &g, &e) != ST_OK)
        return svc_push(errs, &e);
    delegation_out(&g, out);
    return ST_OK;
}

status svc_delegation_create_tx(svc *s, const trip_when *w, const delegation_input *in,
                                delegation *out, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    int64_t id = 0;
    status st = create_tx(&t, w && w->any_party, in, &id, errs);
    return st == ST_OK ? reload(&t, id, out, errs) : st;
}

/* Commit what `st` allows, reading the row back first. */
static status finish(svc *s, status st, int64_t id, delegation *out, errlist *errs)
{
    error e = {0};
    if (st == ST_OK)
        st = reload(s, id, out, errs);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

static status begin(svc *s, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_delegation_create(svc *s, const delegation_input *in, delegation *out, errlist *errs)
{
    int64_t id = 0;
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = create_tx(s, false, in, &id, errs);
    return finish(s, st, id, out, errs);
}

status svc_delegation_update(svc *s, int64_t id, int64_t expected_version,
                             const delegation_input *in, delegation *out, errlist *errs)
{
    store_delegation g;
    error e = {0};
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = store_delegation_get(s->db, s->a, svc_scope(s), id, &g, &e);
    if (st == ST_OK)
        st = may_organize(s, false, &e);
    if (st == ST_OK && g.version != expected_version)
        st = err_set(&e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st != ST_OK) {
        store_rollback(s->db);
        return svc_push(errs, &e);
    }
    st = apply_input(s, in, false, &g, errs);
    if (st == ST_OK && (st = store_delegation_update(s->db, svc_scope(s), &g, expected_version,
                                                     s->now, &e)) == ST_OK)
        st = audit_delegation(s, "delegation.update", &g, &e);
    if (st != ST_OK && e.code)
        st = svc_push(errs, &e);
    return finish(s, st, id, out, errs);
}

status svc_delegation_get(svc *s, int64_t id, delegation *out, trip_view **trips, size_t *n,
                          error *e)
{
    *trips = NULL;
    *n = 0;
    store_delegation g;
    store_trip_query q = {.owner = svc_trip_owner(s),
                          .scope = svc_trip_scope(s),
                          .delegation_id = id,
                          .today = s->today,
                          .limit = LIMIT_DELEGATION_MEMBERS};
    store_trip *rows = NULL;
    size_t count = 0;
    bool more = false;
    trip_env env;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_delegation_get(s->db, s->a, svc_scope(s), id, &g, e);
    if (st == ST_OK)
        st = store_trip_list(s->db, s->a, &q, &rows, &count, &more, e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, e);
    trip_view *items =
        st == ST_OK ? arena_alloc_array(s->a, count ? count : 1, sizeof *items) : NULL;
    if (st == ST_OK && !items)
        st = nomem(e);
    for (size_t i = 0; st == ST_OK && i < count; i++) {
        st = store_trip_countries(s->db, s->a, rows[i].t.id, &rows[i].t.countries,
                                  &rows[i].t.n_countries, e);
        if (st == ST_OK)
            st = svc_trip_view_of(s, &env, &rows[i], &items[i], e);
    }
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    delegation_out(&g, out);
    *trips = items;
    *n = count;
    return ST_OK;
}

status svc_delegation_list(svc *s, const char *cursor, int limit, delegation **out, size_t *n,
                           const char **next_cursor, error *e)
{
    *out = NULL;
    *n = 0;
    *next_cursor = NULL;
    int64_t after = 0;
    int lim = limit <= 0 ? LIMIT_PAGE_DEFAULT : limit > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX : limit;
    if (cursor && cursor[0] && (!str_to_i64(cursor, &after) || after <= 0))
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    store_delegation *rows = NULL;
    size_t count = 0;
    bool more = false;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_delegation_list(s->db, s->a, svc_scope(s), after, lim, &rows, &count, &more, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    delegation *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return nomem(e);
    for (size_t i = 0; i < count; i++)
        delegation_out(&rows[i], &items[i]);
    if (more && count) {
        *next_cursor = arena_printf(s->a, "%" PRId64, rows[count - 1].id);
        if (!*next_cursor)
            return nomem(e);
    }
    *out = items;
    *n = count;
    return ST_OK;
}
