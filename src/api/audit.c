/*
 * audit.c -- /api/v1/audit: reading, exporting and verifying the trail.
 *
 * GET /audit lists the entries about the caller's subtree, newest first,
 * filtered by person (account number or login), record, action and
 * period; GET /audit/export answers the same entries as CSV (the export
 * itself is audited by the service); GET /audit/verify walks the whole
 * hash chain. Auditors and administrators only (route table); the scope
 * is the service's. This file must never write to the trail or judge an
 * entry: it only carries them out.
 */
#include <string.h>

#include "api/api.h"
#include "core/date.h"

/* ?from= and ?to=: ISO dates, refused here when malformed. */
static bool query_date(http_request *rq, http_response *rs, const char *key, const char **out)
{
    const char *v = http_query_get(&rq->target, key);
    date_t d;
    if (!v || !v[0])
        return true;
    if (!date_parse(v, &d)) {
        http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "query_value", key, key);
        return false;
    }
    *out = v;
    return true;
}

/* ?user=: digits are an account number, anything else a login (the
 * characters and length a login may have; else refused here). */
static bool query_user(http_request *rq, http_response *rs, audit_query *q)
{
    const char *v = http_query_get(&rq->target, "user");
    if (!v || !v[0] || str_is_digits(v, strlen(v)))
        return api_query_id(rq, rs, "user", &q->user_id);
    size_t n = strlen(v);
    bool ok = n >= LIMIT_LOGIN_MIN_CHARS && n <= LIMIT_LOGIN_MAX_CHARS;
    for (const char *p = v; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             *p == '.' || *p == '_' || *p == '-';
    if (!ok) {
        http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "query_value", "user", "user");
        return false;
    }
    q->user_login = v;
    return true;
}

/* The filters every audit read shares. Answers a malformed one itself. */
static bool audit_filters(http_request *rq, http_response *rs, audit_query *q)
{
    memset(q, 0, sizeof *q);
    return query_user(rq, rs, q) &&
           api_query_text(rq, rs, "record_type", LIMIT_CODE_BYTES, &q->record_type) &&
           api_query_id(rq, rs, "record_id", &q->record_id) &&
           api_query_text(rq, rs, "action", LIMIT_CODE_BYTES, &q->action) &&
           query_date(rq, rs, "from", &q->from) && query_date(rq, rs, "to", &q->to);
}

/* A before/after value: the JSON object the service stored, or null. */
static json_t *values_json(const char *text)
{
    if (!text || !text[0])
        return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

static json_t *entry_json(const audit_entry *en)
{
    return json_pack(
        "{s:I, s:s?, s:o, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:o, s:s?}", "id", (json_int_t)en->id,
        "at", en->at, "user_id", en->user_id ? json_integer(en->user_id) : json_null(), "actor",
        en->actor, "ip", en->ip, "action", en->action, "record_type", en->record_type, "record_id",
        en->record_id ? json_integer(en->record_id) : json_null(), "before",
        values_json(en->before), "after", values_json(en->after), "hash", en->hash);
}

void api_audit_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    audit_query q;
    audit_page p;
    if (!audit_filters(rq, rs, &q) || !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_audit_list(&s, &q, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < p.n; i++)
        if (json_array_append_new(items, entry_json(&p.items[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, p.next_cursor));
}

static status write_audit(svc *s, const void *arg, export_sink emit, void *sink_ctx, error *e)
{
    return svc_audit_export(s, arg, emit, sink_ctx, e);
}

void api_audit_export(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    audit_query q;
    if (!audit_filters(rq, rs, &q))
        return;
    api_respond_csv(rq, rs, &s, write_audit, &q, "audit.csv");
}

void api_audit_verify(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    audit_report r;
    if (svc_audit_verify(&s, &r, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_json(rq, rs, 200,
                     json_pack("{s:I, s:b, s:o, s:s?}", "entries", (json_int_t)r.entries, "ok",
                               r.first_bad_id == 0, "first_bad_id",
                               r.first_bad_id ? json_integer(r.first_bad_id) : json_null(),
                               "problem", r.problem));
}
