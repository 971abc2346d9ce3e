/*
 * units.c -- /api/v1/units: the organization tree over HTTP.
 *
 * Reads (roots, one unit with its breadcrumb, children, subtree,
 * ancestors) and changes (create, update, move, dissolve), each a thin face
 * over one service call. Every change to an existing unit needs If-Match.
 * The units a transfer may be addressed to abroad (GET /units/receivers)
 * are listed for the transfer form, installation-wide.
 * This file must never decide where a unit may hang or when it may be
 * dissolved: service/ and domain/ say so, and their errors are answered as
 * they come.
 */
#include <string.h>

#include "api/api.h"
#include "service/receivers.h"

static void reply_unit(http_request *rq, http_response *rs, int code, const unit *u,
                       json_t *extra_ancestors)
{
    json_t *o = api_unit_json(u);
    if (o && extra_ancestors && json_object_set_new(o, "ancestors", extra_ancestors) != 0) {
        json_decref(o);
        o = NULL;
    } else if (!o) {
        json_decref(extra_ancestors);
    }
    api_etag(rq, rs, u->version);
    api_respond_json(rq, rs, code, o);
}

static json_t *units_json(const unit_page *p)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < p->n; i++)
        if (json_array_append_new(items, api_unit_json(&p->items[i])) != 0) {
            json_decref(items);
            return NULL;
        }
    return items;
}

static void reply_page(http_request *rq, http_response *rs, const unit_page *p)
{
    api_respond_json(rq, rs, 200, api_page_json(units_json(p), p->next_cursor));
}

void api_units_roots(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    bool dissolved = false;
    const char *code = NULL;
    if (!api_query_bool(rq, rs, "include_dissolved", &dissolved) ||
        !api_query_text(rq, rs, "code", LIMIT_CODE_BYTES, &code))
        return;
    if (code) {
        /* A filter on the list: one item, or none. */
        unit u;
        unit_page p = {.items = &u, .n = 1};
        status st = svc_unit_get_by_code(&s, code, &u, &e);
        if (st == ST_NOT_FOUND)
            p.n = 0;
        else if (st != ST_OK) {
            api_respond_error(rq, rs, &e);
            return;
        }
        reply_page(rq, rs, &p);
        return;
    }
    unit_page p;
    if (svc_unit_children(&s, 0, dissolved, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_page(rq, rs, &p);
}

/* A unit's ancestors as {id, code, name, kind}, root first, itself last. */
static json_t *breadcrumb_json(const unit_page *p)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < p->n; i++) {
        const unit *u = &p->items[i];
        json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "code", u->code,
                              "name", u->name, "kind", unit_kind_name(u->kind));
        if (json_array_append_new(items, o) != 0) {
            json_decref(items);
            return NULL;
        }
    }
    return items;
}

void api_unit_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    unit u;
    unit_page anc;
    if (svc_unit_get(&s, rq->ids[0], &u, &e) != ST_OK ||
        svc_unit_ancestors(&s, rq->ids[0], &anc, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_unit(rq, rs, 200, &u, breadcrumb_json(&anc));
}

void api_unit_children(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    bool dissolved = false;
    unit_page p;
    if (!api_query_bool(rq, rs, "include_dissolved", &dissolved))
        return;
    if (svc_unit_children(&s, rq->ids[0], dissolved, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_page(rq, rs, &p);
}

void api_unit_subtree(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int limit = 0;
    const char *cursor = NULL;
    unit_page p;
    if (!api_query_limit(rq, rs, &limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &cursor))
        return;
    if (svc_unit_subtree(&s, rq->ids[0], cursor, limit, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_page(rq, rs, &p);
}

void api_unit_ancestors(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    unit_page p;
    if (svc_unit_ancestors(&s, rq->ids[0], &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    p.next_cursor = NULL;
    reply_page(rq, rs, &p);
}

void api_unit_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    unit_input in;
    unit u;
    status st = api_unit_decode(rq->a, rq->body, rq->body_len, false, &in, &errs);
    if (st == ST_OK)
        st = svc_unit_create(&s, &in, &u, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location", arena_printf(rq->a, "/api/v1/units/%lld", (long long)u.id));
        reply_unit(rq, rs, 201, &u, NULL);
    }
    errlist_free(&errs);
}

void api_unit_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    unit_input in;
    unit u;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_unit_decode(rq->a, rq->body, rq->body_len, true, &in, &errs);
    if (st == ST_OK)
        st = svc_unit_update(&s, rq->ids[0], version, &in, &u, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_unit(rq, rs, 200, &u, NULL);
done:
    errlist_free(&errs);
}

/* The body of /move and /dissolve. */
typedef struct unit_action {
    int64_t parent_id;
    const char *on;
} unit_action;

static const api_field action_spec[] = {
    {"on", AF_STRING, offsetof(unit_action, on)},
    {"parent_id", AF_ID, offsetof(unit_action, parent_id)},
};

/* Decode an action body with `nfields` of action_spec; answers itself and
 * returns false on failure. */
static bool decode_action(http_request *rq, http_response *rs, size_t nfields, unit_action *out)
{
    errlist errs;
    errlist_init(&errs, 0);
    status st = api_json_decode(rq->a, rq->body, rq->body_len, action_spec, nfields, out, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    errlist_free(&errs);
    if (st == ST_OK && out->on && !out->on[0])
        out->on = NULL; /* "" or null: the service's default date (today) */
    return st == ST_OK;
}

void api_unit_move(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t version;
    unit_action act;
    unit u;
    if (!api_if_match(rq, rs, &version) || !decode_action(rq, rs, 2, &act))
        return;
    if (act.parent_id == 0) {
        http_respond_fail(rs, rq->a, rq->lg, ST_INVALID, "required", "parent_id", NULL);
        return;
    }
    if (svc_unit_move(&s, rq->ids[0], version, act.parent_id, act.on, &u, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_unit(rq, rs, 200, &u, NULL);
}

void api_unit_dissolve(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t version;
    unit_action act;
    unit u;
    if (!api_if_match(rq, rs, &version) || !decode_action(rq, rs, 1, &act))
        return;
    if (svc_unit_dissolve(&s, rq->ids[0], version, act.on, &u, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    reply_unit(rq, rs, 200, &u, NULL);
}

/* {"id", "code", "name", "kind", "country", "cell_type", "overseas_committee"} */
static json_t *receiver_json(const transfer_receiver *r)
{
    static const char *const names[] = {
        "id", "code", "name", "kind", "country", "cell_type", "overseas_committee"};
    json_t *values[] = {json_integer(r->id),
                        api_str_json(r->code),
                        api_str_json(r->name),
                        json_string(unit_kind_name(r->kind)),
                        api_str_json(r->country),
                        api_str_json(r->cell_type),
                        json_boolean(r->overseas_committee)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

void api_units_receivers(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    transfer_receiver *list;
    size_t n;
    if (svc_transfer_receivers(&s, &list, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, receiver_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, NULL));
}
