/*
 * calendar.c -- /api/v1/calendar: days off, working days, the lunar
 * calendar, and the administrator's overrides.
 *
 *   GET  /calendar/holidays?year=        {"year", "items": [{date, name, name_en, kind}]}
 *   GET  /calendar/add-workdays?date=&n= {"from", "n", "date"}
 *   GET  /calendar/lunar?date=           {"date", "day", "month", "leap", "year"}
 *   GET  /calendar/lunar?lunar_day=&lunar_month=&lunar_year=[&leap=]  (the reverse)
 *   GET  /calendar/overrides?year=       {"year", "items": [override]}
 *   POST /calendar/overrides             {date, kind, name} -> 201 override
 *   POST /calendar/overrides/remove      {date} -> 200 the override removed
 *
 * Malformed query values answer 400 query_value here; everything else is
 * the service's to judge. The JSON shapes are shared with `caunoi
 * calendar --json` (cli/calendar.c). This file must never compute a day
 * off or a working day itself.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "api/api.h"
#include "core/str.h"
#include "service/calendar.h"

json_t *api_calendar_day_json(const calendar_day *d)
{
    return json_pack("{s:o, s:s, s:s, s:s}", "date", api_date_json(d->date), "name", d->name_vi,
                     "name_en", d->name_en, "kind", calendar_day_kind_name(d->kind));
}

json_t *api_lunar_json(const lunar_date *ld)
{
    return json_pack("{s:i, s:i, s:b, s:i}", "day", ld->day, "month", ld->month, "leap", ld->leap,
                     "year", ld->year);
}

json_t *api_calendar_override_json(const calendar_override_record *r)
{
    return json_pack("{s:o, s:s, s:s, s:s, s:s}", "date", api_date_json(r->date), "kind",
                     calendar_override_kind_name(r->kind), "name", r->name, "created_by",
                     r->created_by, "created_at", r->created_at);
}

/* ---- query parameters ---- */

static bool bad_query(http_request *rq, http_response *rs, const char *key)
{
    http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "query_value", key, key);
    return false;
}

/* An integer parameter; absent leaves *out. */
static bool query_int(http_request *rq, http_response *rs, const char *key, int *out)
{
    const char *v = http_query_get(&rq->target, key);
    int64_t n;
    if (!v)
        return true;
    if (!str_to_i64(v, &n) || n < INT_MIN || n > INT_MAX)
        return bad_query(rq, rs, key);
    *out = (int)n;
    return true;
}

/* An ISO date parameter; absent leaves *out. */
static bool query_date(http_request *rq, http_response *rs, const char *key, date_t *out)
{
    const char *v = http_query_get(&rq->target, key);
    if (!v)
        return true;
    if (!date_parse(v, out))
        return bad_query(rq, rs, key);
    return true;
}

/* A parameter that must be there: 400 "required" naming it. */
static bool present(http_request *rq, http_response *rs, const char *key)
{
    if (http_query_get(&rq->target, key))
        return true;
    http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "required", key, NULL);
    return false;
}

static int year_of(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* {"year": y, "items": items} (items consumed). */
static json_t *year_list(int year, json_t *items)
{
    return items ? json_pack("{s:i, s:o}", "year", year, "items", items) : NULL;
}

/* ---- reading ---- */

void api_calendar_holidays(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int year = year_of(s.today);
    if (!query_int(rq, rs, "year", &year))
        return;
    error e = {0};
    calendar_day *days;
    size_t n;
    if (svc_calendar_holidays(&s, year, &days, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_calendar_day_json(&days[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, year_list(year, items));
}

void api_calendar_add_workdays(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    date_t from = DATE_NONE, to;
    int n = 0;
    if (!present(rq, rs, "date") || !present(rq, rs, "n") || !query_date(rq, rs, "date", &from) ||
        !query_int(rq, rs, "n", &n))
        return;
    error e = {0};
    if (svc_calendar_add_workdays(&s, from, n, &to, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_json(rq, rs, 200,
                     json_pack("{s:o, s:i, s:o}", "from", api_date_json(from), "n", n, "date",
                               api_date_json(to)));
}

/* ?lunar_day=&lunar_month=&lunar_year=[&leap=]: the solar date of a lunar
 * one. False when it answered (a refusal). */
static bool lunar_query(http_request *rq, http_response *rs, lunar_date *ld)
{
    bool leap = false;
    if (!present(rq, rs, "lunar_day") || !present(rq, rs, "lunar_month") ||
        !present(rq, rs, "lunar_year") || !query_int(rq, rs, "lunar_day", &ld->day) ||
        !query_int(rq, rs, "lunar_month", &ld->month) ||
        !query_int(rq, rs, "lunar_year", &ld->year) || !api_query_bool(rq, rs, "leap", &leap))
        return false;
    ld->leap = leap;
    return true;
}

void api_calendar_lunar(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    lunar_date ld = {0};
    date_t d = s.today;
    error e = {0};
    status st;
    bool reverse = http_query_get(&rq->target, "lunar_day") ||
                   http_query_get(&rq->target, "lunar_month") ||
                   http_query_get(&rq->target, "lunar_year");
    if (reverse && http_query_get(&rq->target, "date")) {
        bad_query(rq, rs, "date");
        return;
    }
    if (reverse) {
        if (!lunar_query(rq, rs, &ld))
            return;
        st = svc_calendar_solar(&s, &ld, &d, &e);
    } else {
        if (!query_date(rq, rs, "date", &d))
            return;
        st = svc_calendar_lunar(&s, d, &ld, &e);
    }
    if (st != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *o = api_lunar_json(&ld);
    if (o && json_object_set_new(o, "date", api_date_json(d)) != 0) {
        json_decref(o);
        o = NULL;
    }
    api_respond_json(rq, rs, 200, o);
}

/* ---- the overrides ---- */

void api_calendar_overrides(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int year = year_of(s.today);
    if (!query_int(rq, rs, "year", &year))
        return;
    error e = {0};
    calendar_override_record *rows;
    size_t n;
    if (svc_calendar_overrides(&s, year, &rows, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_calendar_override_json(&rows[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, year_list(year, items));
}

static const api_field override_spec[] = {
    {"date", AF_STRING, offsetof(calendar_override_input, date)},
    {"kind", AF_STRING, offsetof(calendar_override_input, kind)},
    {"name", AF_STRING, offsetof(calendar_override_input, name)},
};

void api_calendar_override_add(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    calendar_override_input in;
    calendar_override_record out;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, override_spec,
                                sizeof override_spec / sizeof override_spec[0], &in, &errs);
    if (st == ST_OK)
        st = svc_calendar_override_add(&s, &in, &out, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        api_respond_json(rq, rs, 201, api_calendar_override_json(&out));
    errlist_free(&errs);
}

typedef struct remove_body {
    const char *date;
} remove_body;

static const api_field remove_spec[] = {{"date", AF_STRING, offsetof(remove_body, date)}};

void api_calendar_override_remove(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    remove_body b;
    calendar_override_record out;
    error e = {0};
    status st = api_json_decode(rq->a, rq->body, rq->body_len, remove_spec, 1, &b, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else if (svc_calendar_override_remove(&s, b.date, &out, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, api_calendar_override_json(&out));
    errlist_free(&errs);
}
