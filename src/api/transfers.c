/*
 * transfers.c -- /api/v1/transfers: transfers of party activity over HTTP.
 *
 * List (by member, subtree, direction and state), issue a numbered
 * introduction letter, read one, and take a step (POST
 * .../actions/{action}: receive, return, cancel, end, the name parsed by
 * domain/transfer.h) with If-Match. Thin faces over service/transfer.h. A
 * step the state does not allow lists the allowed ones beside the error,
 * as trips do. This file must never decide who may act (the sending or
 * the receiving side), which state follows, or a date's rule: the
 * service and domain/ do.
 */
#include <string.h>

#include "api/api.h"

/* ---- JSON shapes (docs/api.md "Transfers") ---- */

static json_t *member_ref_json(const transfer *x)
{
    static const char *const names[] = {"id", "full_name"};
    json_t *values[] = {json_integer(x->member_id), api_str_json(x->member_name)};
    return api_object(names, values, 2);
}

static json_t *from_unit_json(const transfer *x)
{
    static const char *const names[] = {"id", "code", "name"};
    json_t *values[] = {json_integer(x->from_unit_id), api_str_json(x->from_unit_code),
                        api_str_json(x->from_unit_name)};
    return api_object(names, values, 3);
}

static json_t *to_unit_json(const transfer *x)
{
    static const char *const names[] = {"id", "code", "name", "country"};
    json_t *values[] = {json_integer(x->to_unit_id), api_str_json(x->to_unit_code),
                        api_str_json(x->to_unit_name), api_str_json(x->to_country)};
    return api_object(names, values, 4);
}

/* The names of the actions whose bits are set, in domain order. */
static json_t *actions_json(unsigned bits)
{
    json_t *list = json_array();
    for (int i = 0; list && i < TRANSFER_ACTION_COUNT; i++)
        if ((bits & (1u << i)) &&
            json_array_append_new(list, json_string(transfer_action_name((transfer_action)i))) !=
                0) {
            json_decref(list);
            return NULL;
        }
    return list;
}

static json_t *transfer_json(const transfer *x)
{
    static const char *const names[] = {
        "id",
        "version",
        "kind",
        "state",
        "member",
        "from_unit",
        "to_unit",
        "trip_id",
        "back",
        "letter_number",
        "issued_on",
        "received_on",
        "returned_on",
        "cancelled_on",
        "ended_on",
        "receive_due",
        "overdue",
        "note",
        "issued_by",
        "received_by",
        "allowed_actions",
        "created_at",
        "updated_at",
    };
    json_t *values[] = {
        json_integer(x->id),
        json_integer(x->version),
        api_str_json(transfer_kind_name(x->kind)),
        api_str_json(transfer_state_name(x->state)),
        member_ref_json(x),
        from_unit_json(x),
        to_unit_json(x),
        x->trip_id > 0 ? json_integer(x->trip_id) : json_null(),
        json_boolean(x->back),
        api_str_json(x->letter_number),
        api_date_json(x->issued_on),
        api_date_json(x->received_on),
        api_date_json(x->returned_on),
        api_date_json(x->cancelled_on),
        api_date_json(x->ended_on),
        api_date_json(x->receive_due),
        json_boolean(x->overdue),
        api_str_json(x->note),
        api_str_json(x->issued_by),
        api_str_json(x->received_by),
        actions_json(x->allowed),
        api_str_json(x->created_at),
        api_str_json(x->updated_at),
    };
    return api_object(names, values, sizeof values / sizeof values[0]);
}

static void reply_transfer(http_request *rq, http_response *rs, int code, const transfer *x)
{
    api_etag(rq, rs, x->version);
    api_respond_json(rq, rs, code, transfer_json(x));
}

/* ---- handlers ---- */

void api_transfers_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    transfer_query q = {0};
    transfer *list;
    size_t n;
    const char *next = NULL;
    if (!api_query_id(rq, rs, "member", &q.member_id) ||
        !api_query_id(rq, rs, "unit", &q.unit_id) ||
        !api_query_text(rq, rs, "direction", LIMIT_CODE_BYTES, &q.direction) ||
        !api_query_text(rq, rs, "state", LIMIT_CODE_BYTES, &q.state) ||
        !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_transfer_list(&s, &q, &list, &n, &next, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, transfer_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, next));
}

void api_transfer_issue(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    transfer_input in;
    transfer x;
    status st = api_transfer_decode(rq->a, rq->body, rq->body_len, &in, &errs);
    if (st == ST_OK)
        st = svc_transfer_issue(&s, &in, &x, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location",
                        arena_printf(rq->a, "/api/v1/transfers/%lld", (long long)x.id));
        reply_transfer(rq, rs, 201, &x);
    }
    errlist_free(&errs);
}

void api_transfer_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    transfer x;
    if (svc_transfer_get(&s, rq->ids[0], &x, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_transfer(rq, rs, 200, &x);
}

/* Set key to value (consumed) on o; false when either failed. */
static bool put(json_t *o, const char *key, json_t *value)
{
    return value && json_object_set_new(o, key, value) == 0;
}

/* A refused step; when the state does not allow the action, the allowed
 * ones (the error's arg) also as "allowed_actions" beside the error. */
static void reply_step_refused(http_request *rq, http_response *rs, status st, const errlist *errs)
{
    if (errs->len == 0 || strcmp(errs->items[0].code, "transfer_action_not_allowed") != 0) {
        api_respond_failed(rq, rs, st, errs);
        return;
    }
    const error *e = &errs->items[0];
    json_t *root = json_object();
    bool ok = root && put(root, "error", http_error_json(e, rq->lg)) &&
              put(root, "allowed_actions", api_names_json(e->arg));
    if (!ok) {
        json_decref(root);
        root = NULL;
    }
    api_respond_json(rq, rs, status_http(e->st), root);
}

void api_transfer_act(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    transfer_action action;
    api_transfer_step step;
    transfer x;
    if (!transfer_action_parse(rq->params[1], &action)) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOT_FOUND, "transfer_action_unknown", "action",
                          rq->params[1]);
        goto done;
    }
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_transfer_step_decode(rq->a, rq->body, rq->body_len, &step, &errs);
    if (st == ST_OK)
        st = svc_transfer_act(&s, rq->ids[0], version, action, step.date, step.comment, &x, &errs);
    if (st != ST_OK)
        reply_step_refused(rq, rs, st, &errs);
    else
        reply_transfer(rq, rs, 200, &x);
done:
    errlist_free(&errs);
}
