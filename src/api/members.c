/*
 * members.c -- /api/v1/members: the registry over HTTP.
 *
 * Search and list, open one record (with its ETag; the service records
 * the opening in the audit trail), create, update with If-Match, change
 * status, the periods of a member's units, and the CSV export of a
 * subtree. Each handler is a thin face over one service call.
 * This file must never check a member field or a rule between fields:
 * domain/ does, through service/, and its errors are answered as they come.
 */
#include <string.h>

#include "api/api.h"

static void reply_member(http_request *rq, http_response *rs, int code, const member *m)
{
    api_etag(rq, rs, m->version);
    api_respond_json(rq, rs, code, api_member_json(m));
}

/* ?status=: "all" or a status name; anything else is refused here rather
 * than matching nothing. */
static bool query_status(http_request *rq, http_response *rs, const char **out)
{
    const char *v = http_query_get(&rq->target, "status");
    member_status ms;
    if (!v || !v[0])
        return true;
    if (strcmp(v, "all") != 0 && !member_status_parse(v, &ms)) {
        http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "query_value", "status", "status");
        return false;
    }
    *out = v;
    return true;
}

void api_members_search(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    member_query q = {0};
    member_page p;
    if (!api_query_text(rq, rs, "q", LIMIT_URL_PATH, &q.q) ||
        !api_query_id(rq, rs, "unit", &q.unit_id) || !query_status(rq, rs, &q.status) ||
        !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_member_search(&s, &q, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < p.n; i++)
        if (json_array_append_new(items, api_member_json(&p.items[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, p.next_cursor));
}

void api_member_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    member m;
    if (svc_member_open(&s, rq->ids[0], &m, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_member(rq, rs, 200, &m);
}

void api_member_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    member_input in;
    member m;
    status st = api_member_decode(rq->a, rq->body, rq->body_len, &in, NULL, &errs);
    if (st == ST_OK)
        st = svc_member_create(&s, &in, &m, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location",
                        arena_printf(rq->a, "/api/v1/members/%lld", (long long)m.id));
        reply_member(rq, rs, 201, &m);
    }
    errlist_free(&errs);
}

void api_member_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    member_input in;
    const char *change_on = NULL;
    member m;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_member_decode(rq->a, rq->body, rq->body_len, &in, &change_on, &errs);
    if (st == ST_OK)
        st = svc_member_update(&s, rq->ids[0], version, &in,
                               change_on && change_on[0] ? change_on : NULL, &m, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_member(rq, rs, 200, &m);
done:
    errlist_free(&errs);
}

typedef struct status_body {
    const char *status, *on;
} status_body;

static const api_field status_spec[] = {
    {"status", AF_STRING, offsetof(status_body, status)},
    {"on", AF_STRING, offsetof(status_body, on)},
};

void api_member_status(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    error e = {0};
    int64_t version;
    status_body b;
    member m;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, status_spec, 2, &b, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
        goto done;
    }
    if (!b.status || !b.status[0]) {
        http_respond_fail(rs, rq->a, rq->lg, ST_INVALID, "required", "status", NULL);
        goto done;
    }
    if (!b.on || !b.on[0]) {
        http_respond_fail(rs, rq->a, rq->lg, ST_INVALID, "required", "on", NULL);
        goto done;
    }
    if (svc_member_set_status(&s, rq->ids[0], version, b.status, b.on, &m, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_member(rq, rs, 200, &m);
done:
    errlist_free(&errs);
}

void api_member_units(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    member_period *per;
    size_t n;
    if (svc_member_periods(&s, rq->ids[0], &per, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *o = json_pack(
            "{s:I, s:o, s:o, s:s, s:o, s:o}", "unit_id", (json_int_t)per[i].unit_id, "unit_code",
            api_str_json(per[i].unit_code), "unit_name", api_str_json(per[i].unit_name), "kind",
            per[i].kind ? per[i].kind : "official", "start_date", api_date_json(per[i].start_date),
            "end_date", api_date_json(per[i].end_date));
        if (json_array_append_new(items, o) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    api_respond_json(rq, rs, 200, api_page_json(items, NULL));
}

/* The export of a subtree: unit and status from the query. */
typedef struct export_args {
    int64_t unit_id;
    const char *status;
} export_args;

static status write_members(svc *s, const void *arg, export_sink emit, void *sink_ctx, error *e)
{
    const export_args *x = arg;
    return svc_members_export(s, x->unit_id, x->status, emit, sink_ctx, e);
}

void api_members_export(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    export_args x = {0};
    if (!api_query_id(rq, rs, "unit", &x.unit_id) || !query_status(rq, rs, &x.status))
        return;
    api_respond_csv(rq, rs, &s, write_members, &x, "members.csv");
}
