/*
 * exports.c -- /api/v1/exports/{members,trips,alerts,transfers}: a list as
 * the spreadsheet people open (XLSX, the default, or CSV), with the
 * filters of the list behind it (docs/api.md "Exports").
 *
 * One route a list, so each carries the roles of the list it exports
 * (an export shows exactly what the list shows: svc_export_table reads
 * through the list's use case, and audits "export.<what>" before the file
 * is handed over). Headers and labels follow Accept-Language. This file
 * parses the query and hands the file over; it must never filter, count
 * or name a row itself.
 */
#include "api/api.h"
#include "service/exports.h"

/* The query every export reads: format, unit, from, to. */
static bool common_query(http_request *rq, http_response *rs, export_query *q)
{
    return api_query_text(rq, rs, "format", LIMIT_CODE_BYTES, &q->format) &&
           api_query_id(rq, rs, "unit", &q->unit_id) && api_query_day(rq, rs, "from", &q->from) &&
           api_query_day(rq, rs, "to", &q->to);
}

/* Build the file of q->what and hand it over, or answer the refusal. */
static void export_list(http_request *rq, http_response *rs, svc *s, const export_query *q)
{
    error e = {0};
    strbuf b = {0};
    export_file info;
    if (svc_export_table(s, q, &b, &info, &e) != ST_OK) {
        buf_free(&b);
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_buffer(rq, rs, &b, info.media_type, info.file_name);
}

/* Each list's own filters carry the names of its list route: GET
 * /members/export's status, GET /trips's state, purpose and country, GET
 * /alerts's all, GET /transfers's state and direction. */

void api_export_members(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    export_query q = {.what = "members"};
    if (common_query(rq, rs, &q) && api_query_text(rq, rs, "status", LIMIT_CODE_BYTES, &q.status))
        export_list(rq, rs, &s, &q);
}

void api_export_trips(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    export_query q = {.what = "trips"};
    if (common_query(rq, rs, &q) && api_query_text(rq, rs, "state", LIMIT_CODE_BYTES, &q.status) &&
        api_query_text(rq, rs, "purpose", LIMIT_CODE_BYTES, &q.purpose) &&
        api_query_text(rq, rs, "country", LIMIT_CODE_BYTES, &q.country))
        export_list(rq, rs, &s, &q);
}

void api_export_alerts(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    export_query q = {.what = "alerts"};
    bool all = false;
    if (!common_query(rq, rs, &q) || !api_query_bool(rq, rs, "all", &all))
        return;
    q.status = all ? "all" : NULL;
    export_list(rq, rs, &s, &q);
}

void api_export_transfers(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    export_query q = {.what = "transfers"};
    if (common_query(rq, rs, &q) && api_query_text(rq, rs, "state", LIMIT_CODE_BYTES, &q.status) &&
        api_query_text(rq, rs, "direction", LIMIT_CODE_BYTES, &q.direction))
        export_list(rq, rs, &s, &q);
}
