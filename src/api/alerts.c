/*
 * alerts.c -- /api/v1/alerts: the alerts the compliance scan keeps, and
 * running the scan now.
 *
 * Lists alerts (open, or all) of a subtree or a member, newest first,
 * each with its rule named in the request's language; POST /alerts/scan
 * runs service/compliance.h's scan on a subtree. This file must never
 * open, resolve or judge an alert: the scan does.
 */
#include "api/api.h"
#include "service/alerts_list.h"
#include "service/compliance.h"

static json_t *id_or_null(int64_t id) { return id > 0 ? json_integer(id) : json_null(); }

/* The rule's name in `lg`; the code itself for a code the catalogue no
 * longer has. */
static json_t *rule_name_json(const alert *al, lang lg)
{
    if (!al->rule)
        return api_str_json(al->rule_code);
    return api_str_json(lg == LANG_EN ? al->rule->name_en : al->rule->name_vi);
}

/* {"id", "rule", "rule_name", "member": {id, full_name}, "trip_id",
 * "transfer_id", "exemption_id", "party", "due", "since", "opened_at",
 * "resolved_at"} */
static json_t *alert_json(const alert *al, lang lg)
{
    static const char *const member_names[] = {"id", "full_name"};
    json_t *member_values[] = {json_integer(al->member_id), api_str_json(al->member_name)};
    static const char *const names[] = {"id",      "rule",        "rule_name",    "member",
                                        "trip_id", "transfer_id", "exemption_id", "party",
                                        "due",     "since",       "opened_at",    "resolved_at"};
    json_t *values[] = {json_integer(al->id),         api_str_json(al->rule_code),
                        rule_name_json(al, lg),       api_object(member_names, member_values, 2),
                        id_or_null(al->trip_id),      id_or_null(al->transfer_id),
                        id_or_null(al->exemption_id), api_str_json(al->party),
                        api_date_json(al->due),       api_date_json(al->since),
                        api_str_json(al->opened_at),  api_str_json(al->resolved_at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

void api_alerts_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    alert_query q = {0};
    alert *list;
    size_t n;
    const char *next = NULL;
    if (!api_query_id(rq, rs, "unit", &q.unit_id) ||
        !api_query_id(rq, rs, "member", &q.member_id) || !api_query_bool(rq, rs, "all", &q.all) ||
        !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_alerts_list(&s, &q, &list, &n, &next, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, alert_json(&list[i], rq->lg)) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, next));
}

void api_alerts_scan(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    error e = {0};
    int64_t unit_id = 0;
    alert_scan_report r;
    status st = api_scan_decode(rq->a, rq->body, rq->body_len, &unit_id, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
        goto done;
    }
    if (svc_alerts_scan(&s, unit_id, &r, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        goto done;
    }
    static const char *const names[] = {"as_of", "members_checked", "opened", "resolved", "open"};
    json_t *values[] = {api_date_json(r.as_of), json_integer(r.members_checked),
                        json_integer(r.opened), json_integer(r.resolved), json_integer(r.open)};
    api_respond_json(rq, rs, 200, api_object(names, values, 5));
done:
    errlist_free(&errs);
}
