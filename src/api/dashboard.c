/*
 * dashboard.c -- /api/v1/dashboard: the figures of a subtree today, each
 * the count of a list the client can open (docs/api.md "Dashboard").
 *
 * Encodes service/dashboard.h's snapshot. This file must never count,
 * evaluate or choose what a figure means: the service does.
 */
#include "api/api.h"
#include "service/dashboard.h"

/* {"id", "code", "name"}, or null for the whole installation. */
static json_t *unit_json(const dashboard *d)
{
    if (d->unit_id == 0)
        return json_null();
    static const char *const names[] = {"id", "code", "name"};
    json_t *values[] = {json_integer(d->unit_id), api_str_json(d->unit_code),
                        api_str_json(d->unit_name)};
    return api_object(names, values, 3);
}

static json_t *by_country_json(const dashboard *d)
{
    static const char *const names[] = {"country", "n"};
    json_t *list = json_array();
    for (size_t i = 0; list && i < d->n_abroad_by_country; i++) {
        const dashboard_country *c = &d->abroad_by_country[i];
        json_t *values[] = {api_str_json(c->country), json_integer(c->n)};
        if (json_array_append_new(list, api_object(names, values, 2)) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

static json_t *by_cell_type_json(const dashboard *d)
{
    static const char *const names[] = {"cell_type", "name", "n"};
    json_t *list = json_array();
    for (size_t i = 0; list && i < d->n_abroad_by_cell_type; i++) {
        const dashboard_cell_type *c = &d->abroad_by_cell_type[i];
        json_t *values[] = {api_str_json(c->cell_type), api_str_json(c->name), json_integer(c->n)};
        if (json_array_append_new(list, api_object(names, values, 3)) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

static json_t *by_rule_json(const dashboard *d)
{
    static const char *const names[] = {"rule", "rule_name", "n"};
    json_t *list = json_array();
    for (size_t i = 0; list && i < d->n_violations_by_rule; i++) {
        const dashboard_rule *r = &d->violations_by_rule[i];
        json_t *values[] = {api_str_json(r->rule), api_str_json(r->rule_name), json_integer(r->n)};
        if (json_array_append_new(list, api_object(names, values, 3)) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

static json_t *dashboard_json(const dashboard *d)
{
    static const char *const names[] = {
        "as_of",
        "unit",
        "abroad_without_arrangement",
        "abroad_now",
        "abroad_by_country",
        "abroad_by_cell_type",
        "trips_in_progress",
        "reports_due",
        "reports_overdue",
        "transfers_pending",
        "transfers_overdue",
        "exemptions_expiring",
        "exemptions_expired",
        "violations",
        "obligations",
        "violations_by_rule",
    };
    json_t *values[] = {
        api_date_json(d->as_of),
        unit_json(d),
        json_integer(d->abroad_without_arrangement),
        json_integer(d->abroad_now),
        by_country_json(d),
        by_cell_type_json(d),
        json_integer(d->trips_in_progress),
        json_integer(d->reports_due),
        json_integer(d->reports_overdue),
        json_integer(d->transfers_pending),
        json_integer(d->transfers_overdue),
        json_integer(d->exemptions_expiring),
        json_integer(d->exemptions_expired),
        json_integer(d->violations),
        json_integer(d->obligations),
        by_rule_json(d),
    };
    return api_object(names, values, sizeof values / sizeof values[0]);
}

void api_dashboard(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id = 0;
    dashboard d;
    if (!api_query_id(rq, rs, "unit", &unit_id))
        return;
    if (svc_dashboard(&s, unit_id, &d, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, dashboard_json(&d));
}
