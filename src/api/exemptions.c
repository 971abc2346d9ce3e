/*
 * exemptions.c -- /api/v1/exemptions: exemptions from party activity
 * over HTTP.
 *
 * List (by member, unit, expired or expiring), grant one, revoke one on a date with
 * If-Match. Thin faces over service/transfer.h. This file must never
 * judge whether an exemption is allowed (domain/transfer.h's
 * exemption_check does, with the member's facts, in the service) nor
 * when one has expired.
 */
#include "api/api.h"
#include "service/exemption_list.h"

/* {"id", "version", "member": {id, full_name}, "kind", "reason",
 * "decision_number", "starts_on", "ends_on", "decided_on", "revoked_on",
 * "approving_unit": {id, name}, "expired", "created_by", "created_at"} */
static json_t *exemption_json(const exemption *x)
{
    static const char *const member_names[] = {"id", "full_name"};
    json_t *member_values[] = {json_integer(x->member_id), api_str_json(x->member_name)};
    static const char *const unit_names[] = {"id", "name"};
    json_t *unit_values[] = {json_integer(x->approving_unit_id),
                             api_str_json(x->approving_unit_name)};
    static const char *const names[] = {
        "id",         "version",    "member",     "kind",       "reason",         "decision_number",
        "starts_on",  "ends_on",    "decided_on", "revoked_on", "approving_unit", "expired",
        "created_by", "created_at",
    };
    json_t *values[] = {
        json_integer(x->id),
        json_integer(x->version),
        api_object(member_names, member_values, 2),
        api_str_json(exemption_kind_name(x->kind)),
        api_str_json(x->reason),
        api_str_json(x->decision_number),
        api_date_json(x->starts_on),
        api_date_json(x->ends_on),
        api_date_json(x->decided_on),
        api_date_json(x->revoked_on),
        api_object(unit_names, unit_values, 2),
        json_boolean(x->expired),
        api_str_json(x->created_by),
        api_str_json(x->created_at),
    };
    return api_object(names, values, sizeof values / sizeof values[0]);
}

static void reply_exemption(http_request *rq, http_response *rs, int code, const exemption *x)
{
    api_etag(rq, rs, x->version);
    api_respond_json(rq, rs, code, exemption_json(x));
}

void api_exemptions_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    exemption_query q = {0};
    const char *next = NULL;
    exemption *list;
    size_t n;
    if (!api_query_id(rq, rs, "member", &q.member_id) ||
        !api_query_id(rq, rs, "unit", &q.unit_id) ||
        !api_query_bool(rq, rs, "expired", &q.expired) ||
        !api_query_bool(rq, rs, "expiring", &q.expiring) || !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_exemption_find(&s, &q, &list, &n, &next, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, exemption_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, next));
}

void api_exemption_grant(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    exemption_input in;
    exemption x;
    status st = api_exemption_decode(rq->a, rq->body, rq->body_len, &in, &errs);
    if (st == ST_OK)
        st = svc_exemption_grant(&s, &in, &x, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_exemption(rq, rs, 201, &x);
    errlist_free(&errs);
}

void api_exemption_revoke(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    const char *on = NULL;
    exemption x;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_on_decode(rq->a, rq->body, rq->body_len, &on, &errs);
    if (st == ST_OK)
        st = svc_exemption_revoke(&s, rq->ids[0], version, on, &x, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_exemption(rq, rs, 200, &x);
done:
    errlist_free(&errs);
}
