/*
 * trips.c -- /api/v1/trips: trips abroad over HTTP.
 *
 * List and inbox, file a draft, open one trip (its timeline, attachments,
 * deadlines and what the caller may do next), change a draft with
 * If-Match, take a step of the lifecycle (POST .../actions/{action}, the
 * action's name parsed by domain/trip.h), and upload, download and remove
 * attachments. Each handler is a thin face over one call of
 * service/trip.h. A refused step answers the service's error; when the
 * state does not allow the action, the allowed ones are listed beside it.
 * This file must never decide who may take a step, which state follows,
 * or what a file is: the state machine and the service do, and an
 * attachment's type comes from its bytes in the service, never from the
 * name or the Content-Type sent here.
 */
#include <string.h>

#include "api/api.h"

/* ---- JSON shapes (docs/api.md "Trips") ---- */

/* {"id", name_key: name}, or null when id is 0 (none). */
static json_t *ref_json(int64_t id, const char *name_key, const char *name)
{
    if (id <= 0)
        return json_null();
    const char *const keys[] = {"id", name_key};
    json_t *values[] = {json_integer(id), api_str_json(name)};
    return api_object(keys, values, 2);
}

static json_t *trip_unit_json(const trip *t)
{
    static const char *const names[] = {"id", "code", "name"};
    json_t *values[] = {json_integer(t->unit_id), api_str_json(t->unit_code),
                        api_str_json(t->unit_name)};
    return api_object(names, values, 3);
}

static json_t *countries_json(const trip *t)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < t->n_countries; i++)
        if (json_array_append_new(list, api_str_json(t->countries[i])) != 0) {
            json_decref(list);
            return NULL;
        }
    return list;
}

static json_t *deadlines_json(const trip_deadlines *d)
{
    static const char *const names[] = {
        "report_due",  "return_grace_until", "return_overdue_from", "report_late",
        "return_late", "declared_late",      "next_deadline",       "days_left"};
    json_t *values[] = {api_date_json(d->report_due),
                        api_date_json(d->return_grace_until),
                        api_date_json(d->return_overdue_from),
                        json_boolean(d->report_late),
                        json_boolean(d->return_late),
                        json_boolean(d->declared_late),
                        api_date_json(d->next_deadline),
                        d->next_deadline == DATE_NONE ? json_null() : json_integer(d->days_left)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

static json_t *rules_json(const rule_set *r)
{
    static const char *const names[] = {"report_days", "report_in_calendar_days",
                                        "return_grace_workdays", "review_blocks_approval"};
    json_t *values[] = {json_integer(r->report_days), json_boolean(r->report_in_calendar_days),
                        json_integer(r->return_grace_workdays),
                        json_boolean(r->review_blocks_approval)};
    return api_object(names, values, 4);
}

/* The names of the actions whose bits are set, in the state machine's
 * order. */
static json_t *actions_json(unsigned bits)
{
    json_t *list = json_array();
    for (int i = 0; list && i < TRIP_ACTION_COUNT; i++)
        if ((bits & (1u << i)) &&
            json_array_append_new(list, json_string(trip_action_name((trip_action)i))) != 0) {
            json_decref(list);
            return NULL;
        }
    return list;
}

static json_t *errors_json(const errlist *errs, lang lg)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < errs->len; i++)
        if (json_array_append_new(list, http_error_json(&errs->items[i], lg)) != 0) {
            json_decref(list);
            return NULL;
        }
    return list;
}

static json_t *event_json(const trip_event *ev)
{
    static const char *const names[] = {"id",    "action",     "from_state", "to_state", "on_date",
                                        "actor", "actor_role", "outcome",    "comment",  "at"};
    json_t *values[] = {json_integer(ev->id),         api_str_json(ev->action),
                        api_str_json(ev->from_state), api_str_json(ev->to_state),
                        api_date_json(ev->on_date),   api_str_json(ev->actor_label),
                        api_str_json(ev->actor_role), api_str_json(ev->outcome),
                        api_str_json(ev->comment),    api_str_json(ev->at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

static json_t *attachment_json(const trip_attachment *at)
{
    static const char *const names[] = {"id",   "trip_id", "kind",       "file_name", "media_type",
                                        "size", "sha256",  "created_by", "created_at"};
    json_t *values[] = {json_integer(at->id),
                        json_integer(at->trip_id),
                        api_str_json(trip_doc_kind_name(at->kind)),
                        api_str_json(at->file_name),
                        api_str_json(at->media_type),
                        json_integer(at->size),
                        api_str_json(at->sha256),
                        api_str_json(at->created_by),
                        api_str_json(at->created_at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

/* A list of n items encoded one by one; NULL when anything failed. */
#define LIST_JSON(items, n, encode)                                                                \
    do {                                                                                           \
        list = json_array();                                                                       \
        for (size_t i_ = 0; list && i_ < (n); i_++)                                                \
            if (json_array_append_new(list, encode(&(items)[i_])) != 0) {                          \
                json_decref(list);                                                                 \
                list = NULL;                                                                       \
            }                                                                                      \
    } while (0)

static json_t *events_json(const trip_view *v)
{
    json_t *list;
    LIST_JSON(v->events, v->n_events, event_json);
    return list;
}

static json_t *attachments_json(const trip_view *v)
{
    json_t *list;
    LIST_JSON(v->attachments, v->n_attachments, attachment_json);
    return list;
}

/* The record's own fields. */
static json_t *trip_fields_json(const trip *t)
{
    static const char *const names[] = {
        "id",
        "version",
        "state",
        "member",
        "unit",
        "purpose",
        "purpose_detail",
        "countries",
        "planned_departure",
        "planned_return",
        "extended_return",
        "requested_return",
        "payer",
        "payer_note",
        "decision_number",
        "actual_departure",
        "actual_return",
        "submitted_on",
        "cell_opinion",
        "cell_comment",
        "decision",
        "decision_reasons",
        "decided_on",
        "report_text",
        "report_submitted_on",
        "report_opinion",
        "report_comment",
        "created_at",
        "updated_at",
    };
    json_t *values[] = {
        json_integer(t->id),
        json_integer(t->version),
        api_str_json(trip_state_name(t->state)),
        ref_json(t->member_id, "full_name", t->member_name),
        trip_unit_json(t),
        api_str_json(trip_purpose_name(t->purpose)),
        api_str_json(t->purpose_detail),
        countries_json(t),
        api_date_json(t->planned_departure),
        api_date_json(t->planned_return),
        api_date_json(t->extended_return),
        api_date_json(t->requested_return),
        api_str_json(trip_payer_name(t->payer)),
        api_str_json(t->payer_note),
        api_str_json(t->decision_number),
        api_date_json(t->actual_departure),
        api_date_json(t->actual_return),
        api_date_json(t->submitted_on),
        api_str_json(t->cell_opinion),
        api_str_json(t->cell_comment),
        api_str_json(t->decision),
        api_str_json(t->decision_reasons),
        api_date_json(t->decided_on),
        api_str_json(t->report_text),
        api_date_json(t->report_submitted_on),
        api_str_json(t->report_opinion),
        api_str_json(t->report_comment),
        api_str_json(t->created_at),
        api_str_json(t->updated_at),
    };
    return api_object(names, values, sizeof values / sizeof values[0]);
}

/* Set key to value (consumed) on o; false when either failed. */
static bool put(json_t *o, const char *key, json_t *value)
{
    if (!value)
        return false;
    return json_object_set_new(o, key, value) == 0;
}

json_t *api_trip_json(const trip_view *v, lang lg, bool full)
{
    json_t *o = trip_fields_json(&v->t);
    bool ok = o && put(o, "delegation", ref_json(v->t.delegation_id, "name", v->delegation_name)) &&
              put(o, "deadlines", deadlines_json(&v->deadlines)) &&
              put(o, "rules", rules_json(&v->rules)) &&
              put(o, "waiting_for", api_str_json(trip_party_name(v->waiting_for))) &&
              put(o, "allowed_actions", actions_json(v->allowed)) &&
              put(o, "missing", errors_json(&v->missing, lg)) &&
              put(o, "under_review", json_boolean(v->under_review));
    if (ok && full)
        ok = put(o, "events", events_json(v)) && put(o, "attachments", attachments_json(v));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void reply_trip(http_request *rq, http_response *rs, int code, const trip_view *v)
{
    api_etag(rq, rs, v->t.version);
    api_respond_json(rq, rs, code, api_trip_json(v, rq->lg, true));
}

static void reply_page(http_request *rq, http_response *rs, const trip_page *p)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < p->n; i++)
        if (json_array_append_new(items, api_trip_json(&p->items[i], rq->lg, false)) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, p->next_cursor));
}

/* ---- lists ---- */

void api_trips_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    trip_query q = {0};
    trip_page p;
    if (!api_query_id(rq, rs, "member", &q.member_id) ||
        !api_query_id(rq, rs, "unit", &q.unit_id) ||
        !api_query_text(rq, rs, "state", LIMIT_CODE_BYTES, &q.state) ||
        !api_query_text(rq, rs, "purpose", LIMIT_CODE_BYTES, &q.purpose) ||
        !api_query_text(rq, rs, "country", LIMIT_CODE_BYTES, &q.country) ||
        !api_query_limit(rq, rs, &q.limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &q.cursor))
        return;
    if (svc_trip_list(&s, &q, &p, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_page(rq, rs, &p);
}

void api_trips_inbox(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int limit = 0;
    const char *cursor = NULL;
    trip_page p;
    if (!api_query_limit(rq, rs, &limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &cursor))
        return;
    if (svc_trip_inbox(&s, cursor, limit, &p, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_page(rq, rs, &p);
}

/* ---- one trip ---- */

void api_trip_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    trip_input in;
    int64_t member_id = 0;
    trip_view v;
    status st = api_trip_decode(rq->a, rq->body, rq->body_len, &in, &member_id, &errs);
    if (st == ST_OK)
        st = svc_trip_create(&s, member_id, &in, &v, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location",
                        arena_printf(rq->a, "/api/v1/trips/%lld", (long long)v.t.id));
        reply_trip(rq, rs, 201, &v);
    }
    errlist_free(&errs);
}

void api_trip_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    trip_view v;
    if (svc_trip_get(&s, rq->ids[0], &v, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_trip(rq, rs, 200, &v);
}

void api_trip_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    trip_input in;
    trip_view v;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_trip_decode(rq->a, rq->body, rq->body_len, &in, NULL, &errs);
    if (st == ST_OK)
        st = svc_trip_update(&s, rq->ids[0], version, &in, &v, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_trip(rq, rs, 200, &v);
done:
    errlist_free(&errs);
}

/* A refused step. When the state does not allow the action, the allowed
 * ones (the error's arg) are also listed as "allowed_actions" beside the
 * error, so a client need not parse the message. */
static void reply_step_refused(http_request *rq, http_response *rs, status st, const errlist *errs)
{
    if (errs->len == 0 || strcmp(errs->items[0].code, "trip_action_not_allowed") != 0) {
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

void api_trip_act(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    trip_action action;
    trip_step step;
    trip_view v;
    if (!trip_action_parse(rq->params[1], &action)) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOT_FOUND, "trip_action_unknown", "action",
                          rq->params[1]);
        goto done;
    }
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = api_trip_step_decode(rq->a, rq->body, rq->body_len, &step, &errs);
    if (st == ST_OK)
        st = svc_trip_act(&s, rq->ids[0], version, action, &step, &v, &errs);
    if (st != ST_OK)
        reply_step_refused(rq, rs, st, &errs);
    else
        reply_trip(rq, rs, 200, &v);
done:
    errlist_free(&errs);
}

/* ---- attachments ---- */

void api_trip_attach(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    const char *kind = NULL, *name = NULL;
    trip_attachment at;
    if (!api_query_text(rq, rs, "kind", LIMIT_CODE_BYTES, &kind) ||
        !api_query_text(rq, rs, "name", LIMIT_URL_PATH, &name))
        return;
    if (svc_trip_attach(&s, rq->ids[0], kind, name, (const unsigned char *)rq->body,
                        rq->body ? rq->body_len : 0, &at, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    http_header_add(rs, "Location",
                    arena_printf(rq->a, "/api/v1/trips/%lld/attachments/%lld",
                                 (long long)at.trip_id, (long long)at.id));
    api_respond_json(rq, rs, 201, attachment_json(&at));
}

void api_trip_attachment_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    trip_attachment at;
    const unsigned char *data = NULL;
    size_t len = 0;
    if (svc_trip_attachment_get(&s, rq->ids[0], rq->ids[1], &at, &data, &len, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    http_respond_download(rs, rq->a, at.media_type, data, len, at.file_name);
}

void api_trip_detach(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    if (svc_trip_detach(&s, rq->ids[0], rq->ids[1], &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    rs->status = 204;
}
