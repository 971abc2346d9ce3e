/*
 * stats.c -- /api/v1/stats and /api/v1/stats/review: the figures of a
 * subtree over a period and the review report beside the previous period
 * (docs/api.md "Statistics"), as JSON and, for the review, as a file
 * (XLSX and CSV through svc_export_stats, PDF through the printed
 * documents' svc_document_review).
 *
 * The JSON encoders are shared with `caunoi report review --format json`
 * (src/cli/report.c), so the API and the CLI print one object. This file
 * must never count, compare periods or decide what a figure means: the
 * service does; it parses the query, encodes and hands files over.
 */
#include <string.h>

#include "api/api.h"
#include "service/documents.h"
#include "service/exports.h"
#include "service/stats.h"

/* ---- JSON ---- */

/* [{"key", "name", "n"}] */
static json_t *list_json(const stats_list *l)
{
    static const char *const names[] = {"key", "name", "n"};
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n; i++) {
        const stats_count *c = &l->items[i];
        json_t *values[] = {api_str_json(c->key), api_str_json(c->name), json_integer(c->n)};
        if (json_array_append_new(a, api_object(names, values, 3)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* [{"rule", "rule_name", "year", "n"}] */
static json_t *rule_years_json(const stats *x)
{
    static const char *const names[] = {"rule", "rule_name", "year", "n"};
    json_t *a = json_array();
    for (size_t i = 0; a && i < x->n_violations_by_rule_year; i++) {
        const stats_rule_year *r = &x->violations_by_rule_year[i];
        json_t *values[] = {api_str_json(r->rule), api_str_json(r->rule_name),
                            json_integer(r->year), json_integer(r->n)};
        if (json_array_append_new(a, api_object(names, values, 4)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* {"id", "code", "name"}, or null for the whole installation (id 0). */
static json_t *unit_ref_json(int64_t id, const char *code, const char *name)
{
    if (id == 0)
        return json_null();
    static const char *const names[] = {"id", "code", "name"};
    json_t *values[] = {json_integer(id), api_str_json(code), api_str_json(name)};
    return api_object(names, values, 3);
}

static json_t *trips_json(const stats *x)
{
    static const char *const names[] = {"total", "by_year", "by_purpose", "by_country", "by_unit"};
    json_t *values[] = {json_integer(x->trips), list_json(&x->by_year), list_json(&x->by_purpose),
                        list_json(&x->by_country), list_json(&x->by_unit)};
    return api_object(names, values, 5);
}

static json_t *abroad_json(const stats *x)
{
    static const char *const names[] = {"total", "by_country", "by_cell_type"};
    json_t *values[] = {json_integer(x->abroad), list_json(&x->abroad_by_country),
                        list_json(&x->abroad_by_cell_type)};
    return api_object(names, values, 3);
}

static json_t *arrangements_json(const stats *x)
{
    static const char *const names[] = {"transfers_by_kind", "transfers_back", "exemptions_by_kind",
                                        "groups_formed"};
    json_t *values[] = {list_json(&x->transfers_by_kind), json_integer(x->transfers_back),
                        list_json(&x->exemptions_by_kind), json_integer(x->groups_formed)};
    return api_object(names, values, 4);
}

static json_t *reports_json(const stats *x)
{
    static const char *const names[] = {"on_time", "late", "overdue", "pending", "avg_delay_days"};
    json_t *values[] = {json_integer(x->reports_on_time), json_integer(x->reports_late),
                        json_integer(x->reports_overdue), json_integer(x->reports_pending),
                        json_real(x->avg_delay_days)};
    return api_object(names, values, 5);
}

static json_t *violations_json(const stats *x)
{
    static const char *const names[] = {"total", "by_rule", "by_rule_year"};
    json_t *values[] = {json_integer(x->violations), list_json(&x->violations_by_rule),
                        rule_years_json(x)};
    return api_object(names, values, 3);
}

json_t *api_stats_json(const stats *x)
{
    static const char *const names[] = {"unit",   "from",         "to",      "abroad_on", "trips",
                                        "abroad", "arrangements", "reports", "violations"};
    json_t *values[] = {unit_ref_json(x->unit_id, x->unit_code, x->unit_name),
                        api_date_json(x->from),
                        api_date_json(x->to),
                        api_date_json(x->abroad_on),
                        trips_json(x),
                        abroad_json(x),
                        arrangements_json(x),
                        reports_json(x),
                        violations_json(x)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

/* [{"key", "name", "current", "previous", "change"}] */
static json_t *changes_json(const review_report *r)
{
    static const char *const names[] = {"key", "name", "current", "previous", "change"};
    json_t *a = json_array();
    for (size_t i = 0; a && i < STATS_CHANGES; i++) {
        const stats_change *c = &r->changes[i];
        json_t *values[] = {api_str_json(c->key), api_str_json(c->name), json_integer(c->current),
                            json_integer(c->previous), json_integer(c->current - c->previous)};
        if (json_array_append_new(a, api_object(names, values, 5)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

json_t *api_review_json(const review_report *r)
{
    static const char *const names[] = {"unit", "generated_on", "current", "previous", "changes"};
    json_t *values[] = {unit_ref_json(r->unit_id, r->unit_code, r->unit_name),
                        api_date_json(r->generated_on), api_stats_json(&r->current),
                        api_stats_json(&r->previous), changes_json(r)};
    return api_object(names, values, 5);
}

/* ---- the query ---- */

/* The subtree and the period of every statistics route: unit, from, to. */
static bool query_period(http_request *rq, http_response *rs, int64_t *unit_id, date_t *from,
                         date_t *to)
{
    *unit_id = 0;
    return api_query_id(rq, rs, "unit", unit_id) && api_query_day(rq, rs, "from", from) &&
           api_query_day(rq, rs, "to", to);
}

/* ---- handlers ---- */

void api_stats(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    stats_query q = {0};
    stats x;
    if (!query_period(rq, rs, &q.unit_id, &q.from, &q.to))
        return;
    if (svc_stats(&s, &q, &x, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, api_stats_json(&x));
}

void api_stats_review(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id;
    date_t from, to;
    review_report r;
    if (!query_period(rq, rs, &unit_id, &from, &to))
        return;
    if (svc_review_report(&s, unit_id, from, to, &r, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, api_review_json(&r));
}

/* The review report as a spreadsheet of `format` (audited export.stats). */
static void review_table(http_request *rq, http_response *rs, const char *format)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id;
    date_t from, to;
    strbuf b = {0};
    export_file info;
    if (!query_period(rq, rs, &unit_id, &from, &to))
        return;
    if (svc_export_stats(&s, unit_id, from, to, format, &b, &info, &e) != ST_OK) {
        buf_free(&b);
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_buffer(rq, rs, &b, info.media_type, info.file_name);
}

void api_stats_review_xlsx(http_request *rq, http_response *rs) { review_table(rq, rs, "xlsx"); }

void api_stats_review_csv(http_request *rq, http_response *rs) { review_table(rq, rs, "csv"); }

/* The review report as the printed document (PDF, in Vietnamese). */
void api_stats_review_pdf(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id;
    date_t from, to;
    strbuf b = {0};
    if (!query_period(rq, rs, &unit_id, &from, &to))
        return;
    if (svc_document_review(&s, unit_id, from, to, &b, &e) != ST_OK) {
        buf_free(&b);
        api_respond_error(rq, rs, &e);
        return;
    }
    char a[DATE_ISO_LEN], z[DATE_ISO_LEN];
    date_format(from, a);
    date_format(to, z);
    api_respond_buffer(rq, rs, &b, "application/pdf",
                       arena_printf(rq->a, "review-%s-%s.pdf", a, z));
}
