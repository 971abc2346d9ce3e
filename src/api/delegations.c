/*
 * delegations.c -- /api/v1/delegations: members travelling together.
 *
 * List the delegations of the subtree, create one, open one with its trips,
 * change one with If-Match, form and dissolve its temporary group (POST
 * .../group, .../group/dissolve with If-Match). Thin faces over
 * service/trip.h and service/transfer.h; a trip joins a delegation
 * through its own delegation_id (trips.c). This file must never check a
 * date, a leader or a scope: the services do.
 */
#include <string.h>

#include "api/api.h"
#include "service/group_read.h"

static const api_field delegation_spec[] = {
    {"name", AF_STRING, offsetof(delegation_input, name)},
    {"unit_id", AF_ID, offsetof(delegation_input, unit_id)},
    {"unit_code", AF_STRING, offsetof(delegation_input, unit_code)},
    {"leader_member_id", AF_ID, offsetof(delegation_input, leader_member_id)},
    {"planned_departure", AF_STRING, offsetof(delegation_input, planned_departure)},
    {"planned_return", AF_STRING, offsetof(delegation_input, planned_return)},
};

/* "group": {"unit_id", "formed_on", "dissolved_on"} | null */
static json_t *group_json(const delegation_group *g)
{
    if (!g || g->unit_id == 0)
        return json_null();
    static const char *const names[] = {"unit_id", "formed_on", "dissolved_on"};
    json_t *values[] = {json_integer(g->unit_id), api_date_json(g->formed_on),
                        api_date_json(g->dissolved_on)};
    return api_object(names, values, 3);
}

/* {"id", "version", "name", "unit": {id, code, name}, "leader": {id,
 * full_name} | null, "planned_departure", "planned_return", "trips": n,
 * "group": {...} | null, "created_at"} */
static json_t *delegation_json(const delegation *d, const delegation_group *g)
{
    static const char *const unit_names[] = {"id", "code", "name"};
    json_t *unit_values[] = {json_integer(d->unit_id), api_str_json(d->unit_code),
                             api_str_json(d->unit_name)};
    static const char *const leader_names[] = {"id", "full_name"};
    json_t *leader = json_null();
    if (d->leader_member_id > 0) {
        json_t *lv[] = {json_integer(d->leader_member_id), api_str_json(d->leader_name)};
        leader = api_object(leader_names, lv, 2);
    }
    static const char *const names[] = {"id",     "version",           "name",  "unit",
                                        "leader", "planned_departure", "trips", "planned_return",
                                        "group",  "created_at"};
    json_t *values[] = {json_integer(d->id),
                        json_integer(d->version),
                        api_str_json(d->name),
                        api_object(unit_names, unit_values, 3),
                        leader,
                        api_date_json(d->planned_departure),
                        json_integer(d->n_trips),
                        api_date_json(d->planned_return),
                        group_json(g),
                        api_str_json(d->created_at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

/* The delegation with its group, read after `d` (a refusal to read the
 * group is answered as its error). */
static void reply_delegation(http_request *rq, http_response *rs, int code, const delegation *d)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    delegation_group g;
    if (svc_delegation_groups(&s, &d->id, 1, &g, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_etag(rq, rs, d->version);
    api_respond_json(rq, rs, code, delegation_json(d, &g));
}

void api_delegations_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int limit = 0;
    const char *cursor = NULL, *next = NULL;
    delegation *list;
    size_t n;
    if (!api_query_limit(rq, rs, &limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &cursor))
        return;
    if (svc_delegation_list(&s, cursor, limit, &list, &n, &next, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    int64_t *ids = arena_alloc_array(rq->a, n ? n : 1, sizeof *ids);
    delegation_group *groups = arena_alloc_array(rq->a, n ? n : 1, sizeof *groups);
    if (!ids || !groups) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = list[i].id;
    if (svc_delegation_groups(&s, ids, n, groups, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, delegation_json(&list[i], &groups[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, next));
}

void api_delegation_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    delegation_input in;
    delegation d;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, delegation_spec,
                                sizeof delegation_spec / sizeof delegation_spec[0], &in, &errs);
    if (st == ST_OK)
        st = svc_delegation_create(&s, &in, &d, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location",
                        arena_printf(rq->a, "/api/v1/delegations/%lld", (long long)d.id));
        reply_delegation(rq, rs, 201, &d);
    }
    errlist_free(&errs);
}

/* The delegation's "trips" count replaced by the trips themselves, as list
 * items (trips.c's shape, without events and attachments). */
static json_t *with_trips(http_request *rq, json_t *o, const trip_view *trips, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_trip_json(&trips[i], rq->lg, false)) != 0) {
            json_decref(items);
            items = NULL;
        }
    if (!o || !items || json_object_set_new(o, "trips", items) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void api_delegation_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    delegation d;
    trip_view *trips;
    size_t n;
    delegation_group g;
    if (svc_delegation_get(&s, rq->ids[0], &d, &trips, &n, &e) != ST_OK ||
        svc_delegation_groups(&s, &d.id, 1, &g, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_etag(rq, rs, d.version);
    api_respond_json(rq, rs, 200, with_trips(rq, delegation_json(&d, &g), trips, n));
}

void api_delegation_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    delegation_input in;
    delegation d;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, delegation_spec,
                                sizeof delegation_spec / sizeof delegation_spec[0], &in, &errs);
    if (st == ST_OK)
        st = svc_delegation_update(&s, rq->ids[0], version, &in, &d, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_delegation(rq, rs, 200, &d);
done:
    errlist_free(&errs);
}

/* ---- the temporary group ---- */

typedef status (*group_step)(svc *s, int64_t delegation_id, int64_t expected_version,
                             const char *on, errlist *errs);

/* Form or dissolve the group, then answer the delegation as GET does. */
static void group_act(http_request *rq, http_response *rs, group_step step)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    const char *on = NULL;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_on_decode(rq->a, rq->body, rq->body_len, &on, &errs);
    if (st == ST_OK)
        st = step(&s, rq->ids[0], version, on, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        api_delegation_get(rq, rs);
done:
    errlist_free(&errs);
}

void api_delegation_group_form(http_request *rq, http_response *rs)
{
    group_act(rq, rs, svc_group_form);
}

void api_delegation_group_dissolve(http_request *rq, http_response *rs)
{
    group_act(rq, rs, svc_group_dissolve);
}
