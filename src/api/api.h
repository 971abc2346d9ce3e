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
#include "domain/member.h"
#include "domain/unit.h"
#include "http/http.h"
#include "service/service.h"

/* ---- the route table (routes.c) ---- */

extern const http_route api_routes[];
extern const size_t api_routes_count;

/* ---- JSON decoding by field spec (json.c) ---- */

/* Route jansson's allocations through core/alloc.h. Call once at start-up,
 * before any thread uses jansson. */
void api_json_init(void);

typedef enum api_ftype {
    AF_STRING, /* const char *: NULL not given; JSON null or "" gives "" (clear) */
    AF_ID,     /* int64_t: 0 not given or null; otherwise an integer > 0 */
    AF_BOOL,   /* int: -1 not given; null gives 0; true 1, false 0 */
} api_ftype;

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

/* ---- handler helpers (common.c) ---- */

/* Prepare the service context of a request (the worker's connection, the
 * request's arena and language, the actor). Until issue 3 adds accounts,
 * every request acts as the operator. */
void api_svc(http_request *rq, svc *s);

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

void api_members_search(http_request *rq, http_response *rs); /* members.c */
void api_member_get(http_request *rq, http_response *rs);
void api_member_create(http_request *rq, http_response *rs);
void api_member_update(http_request *rq, http_response *rs);
void api_member_status(http_request *rq, http_response *rs);
void api_member_units(http_request *rq, http_response *rs);
void api_members_export(http_request *rq, http_response *rs);

void api_import(http_request *rq, http_response *rs); /* imports.c */

#endif
