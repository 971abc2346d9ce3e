/*
 * rule_sets.c -- /api/v1/rule-sets: the deadlines and thresholds per
 * subtree, from a date.
 *
 * List the sets of the subtree and its ancestors, show the set in force for
 * a unit on a date, and add a set (administrators). Sets are added, never
 * changed, so there is no PATCH. This file must never check a value's
 * bounds or pick the set in force: domain/rules.h and the service do.
 */
#include "api/api.h"

#define RF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(rule_set_input, name)                                                \
    }
static const api_field rule_set_spec[] = {
    RF(unit_id, AF_ID),
    RF(unit_code, AF_STRING),
    RF(effective_from, AF_STRING),
    RF(report_days, AF_COUNT),
    RF(report_in_calendar_days, AF_BOOL),
    RF(return_grace_workdays, AF_COUNT),
    RF(review_blocks_approval, AF_BOOL),
    RF(group_min_months, AF_COUNT),
    RF(group_min_members, AF_COUNT),
    RF(temp_transfer_months, AF_COUNT),
    RF(official_transfer_months, AF_COUNT),
    RF(official_transfer_strict, AF_BOOL),
    RF(transfer_receive_workdays, AF_COUNT),
    RF(probation_reminder_days, AF_COUNT),
    RF(note, AF_STRING),
};
#undef RF

/* {"id", "unit": {"id", "path"} | null, "effective_from", the numbers and
 * switches, "note", "created_by", "created_at"}; the defaults have id 0. */
static json_t *rule_set_json(const rule_set *r)
{
    json_t *where = json_null();
    if (r->unit_id > 0) {
        static const char *const unit_names[] = {"id", "path"};
        json_t *uv[] = {json_integer(r->unit_id), api_str_json(r->unit_path)};
        where = api_object(unit_names, uv, 2);
    }
    static const char *const names[] = {"id",
                                        "unit",
                                        "effective_from",
                                        "report_days",
                                        "report_in_calendar_days",
                                        "return_grace_workdays",
                                        "review_blocks_approval",
                                        "group_min_months",
                                        "group_min_members",
                                        "temp_transfer_months",
                                        "official_transfer_months",
                                        "official_transfer_strict",
                                        "transfer_receive_workdays",
                                        "probation_reminder_days",
                                        "note",
                                        "created_by",
                                        "created_at"};
    json_t *values[] = {json_integer(r->id),
                        where,
                        api_date_json(r->effective_from),
                        json_integer(r->report_days),
                        json_boolean(r->report_in_calendar_days),
                        json_integer(r->return_grace_workdays),
                        json_boolean(r->review_blocks_approval),
                        json_integer(r->group_min_months),
                        json_integer(r->group_min_members),
                        json_integer(r->temp_transfer_months),
                        json_integer(r->official_transfer_months),
                        json_boolean(r->official_transfer_strict),
                        json_integer(r->transfer_receive_workdays),
                        json_integer(r->probation_reminder_days),
                        api_str_json(r->note),
                        api_str_json(r->created_by),
                        api_str_json(r->created_at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

void api_rule_sets_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    rule_set *list;
    size_t n;
    if (svc_rule_set_list(&s, &list, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, rule_set_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, NULL));
}

void api_rule_set_effective(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id = 0;
    date_t on = DATE_NONE;
    rule_set r;
    if (!api_query_id(rq, rs, "unit", &unit_id) || !api_query_date(rq, rs, "on", &on))
        return;
    if (svc_rule_set_effective(&s, unit_id, on, &r, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, rule_set_json(&r));
}

void api_rule_set_add(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    rule_set_input in;
    rule_set r;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, rule_set_spec,
                                sizeof rule_set_spec / sizeof rule_set_spec[0], &in, &errs);
    if (st == ST_OK)
        st = svc_rule_set_add(&s, &in, &r, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        api_respond_json(rq, rs, 201, rule_set_json(&r));
    errlist_free(&errs);
}
