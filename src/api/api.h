/*
 * api.h -- the JSON API: one file per resource, a route table, a decoder.
 *
 * Each handler reads a typed http_request (never a raw MHD object), decodes
 * its JSON body with the field-spec decoder below, calls one service
 * function, and encodes the answer. Handlers hold no SQL and no rule: a
 * refusal comes back from service/ as an error value and is answered in
 * the shape docs/api.md gives.
 *
 * The route table (routes.c) is the API's whole surface in one place;
 * tests/unit/test_routes.c checks it against web/openapi.json.
 */
#ifndef CAUNOI_API_H
#define CAUNOI_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/str.h"
#include "domain/member.h"
#include "domain/unit.h"
#include "http/http.h"
#include "service/service.h"
#include "service/transfer.h"
#include "service/trip.h"

/* ---- the route table (routes.c) ---- */

extern const http_route api_routes[];
extern const size_t api_routes_count;

/* ---- the gate: who may call a route (access.c) ---- */

/* What the gate knows of the caller when it decides. */
typedef enum gate_session {
    GATE_NO_SESSION,  /* no caunoi_session cookie */
    GATE_BAD_SESSION, /* a cookie, but no live session behind it */
    GATE_SESSION,     /* a live session: the fields below are its */
} gate_session;

typedef struct gate_input {
    const http_route *route; /* its method, pattern, access and roles */
    gate_session session;
    role role;
    bool own_record;         /* the route's first {id} is the caller's member id */
    bool whole_installation; /* the caller's scope is the whole installation */
    bool csrf_ok;            /* X-CSRF-Token equals the session's token */
    bool must_change_password;
    bool totp_enrolment_required;
} gate_input;

/* The gate's answer: allow, or the refusal (status and code in
 * api_gate_error). */
typedef enum gate_outcome {
    GATE_ALLOW = 0,
    GATE_SESSION_REQUIRED, /* 401 session_required */
    GATE_SESSION_INVALID,  /* 401 session_invalid */
    GATE_CSRF_INVALID,     /* 403 csrf_invalid */
    GATE_PASSWORD_CHANGE,  /* 403 password_change_required */
    GATE_TOTP_ENROLMENT,   /* 403 totp_enrolment_required */
    GATE_FORBIDDEN,        /* 403 forbidden */
    GATE_NOT_FOUND,        /* 404 not_found */
} gate_outcome;

/* The decision, a pure function of its input, checked in this order:
 * an undeclared rule is forbidden (fail closed); a public route is allowed;
 * then a session is required, a state-changing route (POST, PUT, PATCH,
 * DELETE) needs the CSRF token, a pending password change allows only
 * GET /me, POST /me/password and DELETE /session, a pending two-factor
 * enrolment only /me, /me/totp..., /me/password and DELETE /session, the
 * role must be among the route's, and an ACCESS_SELF route called by a
 * member must name the member's own record (else 404, as if absent). */
gate_outcome api_gate_decide(const gate_input *in);

/* Fill `e` with the refusal's status and code (nothing for GATE_ALLOW). */
void api_gate_error(gate_outcome o, error *e);

/* The server's gate (http_gate): reads the session behind the request's
 * cookie through svc_session_check, decides, and on success sets
 * rq->session (the actor carries rq->client_ip). A refusal is answered in
 * `rs`; a session_invalid one also clears the cookie. A database failure
 * while looking the session up is answered as that failure (503, 500). */
bool api_access_gate(http_request *rq, const http_route *route, http_response *rs);

/* For handlers that act on the caller's own session (/me, sign-out): true
 * when the gate set one; otherwise answers 401 session_required (a route
 * table that let such a route through without a session fails closed). */
bool api_has_session(http_request *rq, http_response *rs);

/* ---- JSON decoding by field spec (json.c) ---- */

/* Route jansson's allocations through core/alloc.h. Call once at start-up,
 * before any thread uses jansson. */
void api_json_init(void);

typedef enum api_ftype {
    AF_STRING,  /* const char *: NULL not given; JSON null or "" gives "" (clear) */
    AF_ID,      /* int64_t: 0 not given or null; otherwise an integer > 0 */
    AF_BOOL,    /* int: -1 not given; null gives 0; true 1, false 0 */
    AF_OBJECT,  /* const char *: NULL not given; a JSON object, as compact JSON text
                   (decode it in turn with its own spec) */
    AF_STRINGS, /* api_strings: an array of strings; null gives an empty one */
    AF_REF,     /* int64_t: -1 not given; null 0 (none); otherwise an integer > 0 */
    AF_COUNT,   /* int: -1 not given; an integer 0..INT_MAX, else
                   "json_count_invalid" (null is a json_type error) */
} api_ftype;

/* The destination of an AF_STRINGS field: `n` strings in `items` (from the
 * arena), `given` false when the field was absent. */
typedef struct api_strings {
    const char **items;
    size_t n;
    bool given;
} api_strings;

typedef struct api_field {
    const char *name;
    api_ftype type;
    size_t offset; /* offsetof the destination in the output struct */
} api_field;

/* Decode a JSON object body into `out` by `spec`: every spec field is first
 * set to "not given", then each member of the object must name a spec field
 * and have its type. Strings are copied into `a`. Problems go to `errs`, all
 * of them for field problems; the status is that of the first:
 *   "json_syntax" (arg: line and column), "utf8_invalid", "json_not_object",
 *   "json_duplicate_field", "json_number_range": the body as a whole;
 *   "json_unknown_field", "json_type", "json_id_invalid": field named.
 * All are ST_BAD_REQUEST except ST_NOMEM. Never reads past body[len). */
status api_json_decode(arena *a, const char *body, size_t len, const api_field *spec, size_t nspec,
                       void *out, errlist *errs);

/* The member body of POST /members and PATCH /members/{id}: the fields of
 * member_input (unit_id or unit_code). `unit_change_on` NULL: the field is
 * not accepted (POST); otherwise it receives the PATCH's "unit_change_on".
 * The fuzz harness tests this function. */
status api_member_decode(arena *a, const char *body, size_t len, member_input *in,
                         const char **unit_change_on, errlist *errs);

/* The unit body of POST /units (every field of unit_input) and, with
 * `patch`, of PATCH /units/{id} (code, name, cell_type, founded_on only). */
status api_unit_decode(arena *a, const char *body, size_t len, bool patch, unit_input *in,
                       errlist *errs);

/* The trip body of POST /trips (every field of trip_input, and
 * "member_id" into *member_id, 0 when absent) and, with member_id NULL, of
 * PATCH /trips/{id} (member_id refused as unknown). "countries" is an array
 * of strings; "delegation_id" null means none (0), absent -1. Strings are
 * as sent (NFC and the field rules are the service's). The fuzz harness
 * tests this function. */
status api_trip_decode(arena *a, const char *body, size_t len, trip_input *in, int64_t *member_id,
                       errlist *errs);

/* The body of POST /trips/{id}/actions/{action}: "outcome", "comment",
 * "date", "text" (each NULL when absent). An empty body is no fields: a
 * step such as submit carries nothing. */
status api_trip_step_decode(arena *a, const char *body, size_t len, trip_step *out, errlist *errs);

/* The body of POST /transfers: transfer_input's fields (member_id,
 * kind, to_unit_id or to_unit_code, trip_id, issued_on, note); ids null or
 * absent are 0. Strings as sent (the service cleans them). The fuzz
 * harness tests this function and the four below. */
status api_transfer_decode(arena *a, const char *body, size_t len, transfer_input *in,
                           errlist *errs);

/* The body of POST /transfers/{id}/actions/{action}: "date" and
 * "comment", NULL when absent; an empty body is no fields. */
typedef struct api_transfer_step {
    const char *date, *comment;
} api_transfer_step;
status api_transfer_step_decode(arena *a, const char *body, size_t len, api_transfer_step *out,
                                errlist *errs);

/* The body of POST /exemptions: exemption_input's fields. */
status api_exemption_decode(arena *a, const char *body, size_t len, exemption_input *in,
                            errlist *errs);

/* A body {"on": "YYYY-MM-DD"} (revoking an exemption, forming and
 * dissolving a delegation's group): *on NULL when absent or the body
 * empty. */
status api_on_decode(arena *a, const char *body, size_t len, const char **on, errlist *errs);

/* The body of POST /alerts/scan, {"unit_id"}: 0 when absent, null or the
 * body empty. */
status api_scan_decode(arena *a, const char *body, size_t len, int64_t *unit_id, errlist *errs);

/* ---- handler helpers (common.c) ---- */

/* Prepare the service context of a request (the worker's connection, the
 * request's arena and language, the actor): the session's actor when the
 * gate set one, otherwise an anonymous actor (no user, a scope no unit has,
 * the client's address), which is what signing in acts as. Never the
 * operator. */
void api_svc(http_request *rq, svc *s);

/* A password as typed, normalized to NFC, so that the same password typed
 * on systems that compose Vietnamese letters differently (precomposed "ậ"
 * or "a" + two combining marks) is the same password. Applied at sign-in,
 * at a change and wherever a password is checked. NULL in, NULL out; the
 * input unchanged when it cannot be normalized (never invalid UTF-8 here:
 * the JSON decoder refuses it). From `a`. */
const char *api_password_nfc(arena *a, const char *pw);

/* Unix time of a "YYYY-MM-DDTHH:MM:SSZ" timestamp (as services write
 * them); false for anything else. */
bool api_timestamp_unix(const char *ts, int64_t *out);

/* A service export that writes CSV to `emit` (svc_members_export,
 * svc_audit_export with their arguments in `arg`). */
typedef status (*api_csv_writer)(svc *s, const void *arg, export_sink emit, void *sink_ctx,
                                 error *e);
/* Run `write` into an unlinked temporary file (one consistent read, the
 * server's memory bounded whatever the size) and answer the file as a CSV
 * attachment named `filename`; a refusal of the service is answered as
 * its error. */
void api_respond_csv(http_request *rq, http_response *rs, svc *s, api_csv_writer write,
                     const void *arg, const char *filename);

/* Answer `root` (consumed; NULL means allocation failed) as JSON. */
void api_respond_json(http_request *rq, http_response *rs, int code, json_t *root);
void api_respond_error(http_request *rq, http_response *rs, const error *e);
void api_respond_errors(http_request *rq, http_response *rs, const errlist *errs);
/* Answer a failed service call that reports into an errlist: its errors,
 * or a bare `st` when the list is empty (allocation failure). */
void api_respond_failed(http_request *rq, http_response *rs, status st, const errlist *errs);

/* Query parameters: each answers 400 itself and returns false when the
 * value is malformed; an absent parameter leaves *out as the default. */
bool api_query_limit(http_request *rq, http_response *rs, int *out);
bool api_query_id(http_request *rq, http_response *rs, const char *key, int64_t *out);
bool api_query_bool(http_request *rq, http_response *rs, const char *key, bool *out);
bool api_query_text(http_request *rq, http_response *rs, const char *key, size_t max,
                    const char **out);
/* An ISO date (YYYY-MM-DD). */
bool api_query_date(http_request *rq, http_response *rs, const char *key, date_t *out);

/* An ISO date where a malformed one is 400 "date_invalid" naming the
 * parameter (the statistics' and the exports' periods): absent leaves
 * DATE_NONE. */
bool api_query_day(http_request *rq, http_response *rs, const char *key, date_t *out);

/* Answer the bytes of `b` (a file a service built: XLSX, CSV, PDF) as a
 * download of `media_type` named `file_name` (made safe by
 * http_content_disposition), with Cache-Control: no-store; the server adds
 * nosniff. The bytes are copied into the request's arena and `b` freed
 * whatever happens; a buffer whose growth failed is answered 500
 * out_of_memory. */
void api_respond_buffer(http_request *rq, http_response *rs, strbuf *b, const char *media_type,
                        const char *file_name);

/* If-Match of a change: answers 428/400 itself and returns false. */
bool api_if_match(http_request *rq, http_response *rs, int64_t *version);
/* Add ETag: "N". */
void api_etag(http_request *rq, http_response *rs, int64_t version);

/* JSON values (NULL on allocation failure). Dates DATE_NONE and absent
 * strings become null. */
json_t *api_date_json(date_t d);
json_t *api_str_json(const char *s);
json_t *api_unit_json(const unit *u);
json_t *api_member_json(const member *m);
/* An object of n members names[i]: values[i]. Every value is consumed;
 * a NULL one (an allocation that failed) makes the whole NULL. */
json_t *api_object(const char *const *names, json_t **values, size_t n);
/* "submit,withdraw" -> ["submit", "withdraw"] (NULL or "" -> []): the
 * allowed actions an error's arg lists. */
json_t *api_names_json(const char *csv);
/* {"items": [...], "next_cursor": c} with next_cursor left out when NULL;
 * consumes items. */
json_t *api_page_json(json_t *items, const char *next_cursor);

/* ---- handlers, one file per resource ---- */

void api_health(http_request *rq, http_response *rs);    /* health.c */
void api_openapi(http_request *rq, http_response *rs);   /* health.c */
void api_reference(http_request *rq, http_response *rs); /* reference.c */

void api_units_roots(http_request *rq, http_response *rs); /* units.c */
void api_unit_get(http_request *rq, http_response *rs);
void api_unit_children(http_request *rq, http_response *rs);
void api_unit_subtree(http_request *rq, http_response *rs);
void api_unit_ancestors(http_request *rq, http_response *rs);
void api_unit_create(http_request *rq, http_response *rs);
void api_unit_update(http_request *rq, http_response *rs);
void api_unit_move(http_request *rq, http_response *rs);
void api_unit_dissolve(http_request *rq, http_response *rs);
/* GET /units/receivers: the units abroad and overseas committees a
 * transfer may be addressed to, {"items": [...]}, installation-wide. */
void api_units_receivers(http_request *rq, http_response *rs);

void api_members_search(http_request *rq, http_response *rs); /* members.c */
void api_member_get(http_request *rq, http_response *rs);
void api_member_create(http_request *rq, http_response *rs);
void api_member_update(http_request *rq, http_response *rs);
void api_member_status(http_request *rq, http_response *rs);
void api_member_units(http_request *rq, http_response *rs);
void api_members_export(http_request *rq, http_response *rs);

void api_import(http_request *rq, http_response *rs); /* imports.c */

/* {"id", "version", "login", "display_name", "role", "unit": {id, code, name}
 * or null, "member_id", "must_change_password", "totp_enabled", "disabled",
 * "locked_until", "created_at", "updated_at"} (users.c) */
json_t *api_user_json(const user *u);
/* {"user", "csrf_token", "expires_at", "must_change_password",
 * "totp_enrolment_required"}: the answer of signing in and of GET /me
 * (session.c). */
json_t *api_session_json(const session_info *si);

void api_session_create(http_request *rq, http_response *rs); /* session.c */
void api_session_delete(http_request *rq, http_response *rs);

void api_me_get(http_request *rq, http_response *rs); /* me.c */
void api_me_password(http_request *rq, http_response *rs);
void api_me_totp_begin(http_request *rq, http_response *rs);
void api_me_totp_confirm(http_request *rq, http_response *rs);
void api_me_totp_disable(http_request *rq, http_response *rs);

void api_users_list(http_request *rq, http_response *rs); /* users.c */
void api_user_create(http_request *rq, http_response *rs);
void api_user_get(http_request *rq, http_response *rs);
void api_user_update(http_request *rq, http_response *rs);
void api_user_reset_password(http_request *rq, http_response *rs);
void api_user_reset_totp(http_request *rq, http_response *rs);

void api_settings_security_get(http_request *rq, http_response *rs); /* settings.c */
void api_settings_security_update(http_request *rq, http_response *rs);

void api_audit_list(http_request *rq, http_response *rs); /* audit.c */
void api_audit_export(http_request *rq, http_response *rs);
void api_audit_verify(http_request *rq, http_response *rs);

/* Trips abroad (trips.c): list, inbox, file, read, change a draft, the
 * steps (/actions/{action}), attachments. */
/* A trip as docs/api.md shows it, its "missing" worded in `lg`; `full`
 * adds "events" and "attachments" (list items leave them out). NULL on
 * allocation failure. */
json_t *api_trip_json(const trip_view *v, lang lg, bool full);
void api_trips_list(http_request *rq, http_response *rs);
void api_trips_inbox(http_request *rq, http_response *rs);
void api_trip_create(http_request *rq, http_response *rs);
void api_trip_get(http_request *rq, http_response *rs);
void api_trip_update(http_request *rq, http_response *rs);
void api_trip_act(http_request *rq, http_response *rs);
void api_trip_attach(http_request *rq, http_response *rs);
void api_trip_attachment_get(http_request *rq, http_response *rs);
void api_trip_detach(http_request *rq, http_response *rs);

/* Delegations (delegations.c), disciplinary reviews (reviews.c), rule
 * sets (rule_sets.c). */
void api_delegations_list(http_request *rq, http_response *rs);
void api_delegation_create(http_request *rq, http_response *rs);
void api_delegation_get(http_request *rq, http_response *rs);
void api_delegation_update(http_request *rq, http_response *rs);
void api_reviews_list(http_request *rq, http_response *rs);
void api_review_open(http_request *rq, http_response *rs);
void api_review_close(http_request *rq, http_response *rs);
void api_rule_sets_list(http_request *rq, http_response *rs);
void api_rule_set_effective(http_request *rq, http_response *rs);
void api_rule_set_add(http_request *rq, http_response *rs);

/* Delegations' temporary groups (delegations.c): form and dissolve
 * (If-Match), answered as GET /delegations/{id}. */
void api_delegation_group_form(http_request *rq, http_response *rs);
void api_delegation_group_dissolve(http_request *rq, http_response *rs);

/* Transfers of party activity (transfers.c): list, issue, read, a step
 * (/actions/{action}). Exemptions (exemptions.c): list, grant, revoke. */
void api_transfers_list(http_request *rq, http_response *rs);
void api_transfer_issue(http_request *rq, http_response *rs);
void api_transfer_get(http_request *rq, http_response *rs);
void api_transfer_act(http_request *rq, http_response *rs);
void api_exemptions_list(http_request *rq, http_response *rs);
void api_exemption_grant(http_request *rq, http_response *rs);
void api_exemption_revoke(http_request *rq, http_response *rs);

/* The compliance check (compliance.c), the alerts and the scan
 * (alerts.c). */
void api_compliance(http_request *rq, http_response *rs);
void api_alerts_list(http_request *rq, http_response *rs);
void api_alerts_scan(http_request *rq, http_response *rs);

/* The dashboard of a subtree (dashboard.c). */
void api_dashboard(http_request *rq, http_response *rs);

/* Statistics (stats.c): GET /stats, GET /stats/review and the review as
 * a file. The encoders are shared with `caunoi report review --format
 * json`: the stats object and the review object of docs/api.md
 * "Statistics" (NULL on allocation failure). */
struct stats;
struct review_report;
json_t *api_stats_json(const struct stats *x);
json_t *api_review_json(const struct review_report *r);
void api_stats(http_request *rq, http_response *rs);
void api_stats_review(http_request *rq, http_response *rs);
void api_stats_review_xlsx(http_request *rq, http_response *rs);
void api_stats_review_csv(http_request *rq, http_response *rs);
void api_stats_review_pdf(http_request *rq, http_response *rs);

/* Exports of the lists as XLSX or CSV (exports.c), one route a list:
 * svc_export_table with the list's filters. */
void api_export_members(http_request *rq, http_response *rs);
void api_export_trips(http_request *rq, http_response *rs);
void api_export_alerts(http_request *rq, http_response *rs);
void api_export_transfers(http_request *rq, http_response *rs);

/* The printed documents as PDF (documents.c): a trip's application,
 * commitment or report, a transfer's introduction letter. */
void api_document_trip(http_request *rq, http_response *rs);
void api_document_transfer(http_request *rq, http_response *rs);

/* The calendar (calendar.c): days off, working days, the lunar calendar,
 * the administrator's overrides. The JSON encoders are shared with
 * `caunoi calendar --json`: {date, name, name_en, kind}; {day, month,
 * leap, year}; {date, kind, name, created_by, created_at}. */
struct calendar_day;
struct lunar_date;
struct calendar_override_record;
json_t *api_calendar_day_json(const struct calendar_day *d);
json_t *api_lunar_json(const struct lunar_date *ld);
json_t *api_calendar_override_json(const struct calendar_override_record *r);
void api_calendar_holidays(http_request *rq, http_response *rs);
void api_calendar_add_workdays(http_request *rq, http_response *rs);
void api_calendar_lunar(http_request *rq, http_response *rs);
void api_calendar_overrides(http_request *rq, http_response *rs);
void api_calendar_override_add(http_request *rq, http_response *rs);
void api_calendar_override_remove(http_request *rq, http_response *rs);

#endif
