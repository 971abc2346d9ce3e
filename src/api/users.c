/*
 * users.c -- /api/v1/users: accounts, for administrators.
 *
 * List and read the accounts in the administrator's subtree, create one
 * (its one-time password is answered once, here, and never again), change
 * one (If-Match), and reset a password or a two-factor sign-in. The route
 * table lets only administrators in; the service keeps each of them to
 * their subtree (404 outside it) and audits every change. This file must
 * never hold a rule about roles, units or logins: service/users.c does.
 */
#include <stddef.h>
#include <string.h>

#include "api/api.h"

static json_t *unit_ref_json(const user *u)
{
    if (!u->unit_id)
        return json_null();
    return json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)u->unit_id, "code", u->unit_code,
                     "name", u->unit_name);
}

json_t *api_user_json(const user *u)
{
    json_t *uref = unit_ref_json(u);
    if (!uref)
        return NULL;
    return json_pack("{s:I, s:I, s:s?, s:s?, s:s, s:o, s:o, s:b, s:b, s:b, s:o, s:o, s:o}", "id",
                     (json_int_t)u->id, "version", (json_int_t)u->version, "login", u->login,
                     "display_name", u->display_name, "role", role_name(u->role), "unit", uref,
                     "member_id", u->member_id ? json_integer(u->member_id) : json_null(),
                     "must_change_password", u->must_change_password, "totp_enabled",
                     u->totp_enabled, "disabled", u->disabled, "locked_until",
                     api_str_json(u->locked_until), "created_at", api_str_json(u->created_at),
                     "updated_at", api_str_json(u->updated_at));
}

static void reply_user(http_request *rq, http_response *rs, int code, const user *u,
                       const char *one_time)
{
    api_etag(rq, rs, u->version);
    json_t *o = api_user_json(u);
    if (one_time)
        o = o ? json_pack("{s:o, s:s}", "user", o, "one_time_password", one_time) : NULL;
    api_respond_json(rq, rs, code, o);
}

#define UF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(user_input, name)                                                    \
    }
static const api_field create_spec[] = {
    UF(login, AF_STRING), UF(display_name, AF_STRING), UF(role, AF_STRING),
    UF(unit_id, AF_ID),   UF(unit_code, AF_STRING),    UF(member_id, AF_ID),
};
/* An account keeps its login (the trail names people by it). */
static const api_field patch_spec[] = {
    UF(display_name, AF_STRING), UF(role, AF_STRING),  UF(unit_id, AF_ID),
    UF(unit_code, AF_STRING),    UF(member_id, AF_ID), UF(disabled, AF_BOOL),
};
#undef UF

/* Decode a user body: POST takes the fields of a new account, PATCH the
 * changeable ones. Answers the problem itself. */
static bool decode_user(http_request *rq, http_response *rs, bool patch, user_input *in)
{
    errlist errs;
    errlist_init(&errs, 0);
    memset(in, 0, sizeof *in);
    in->disabled = -1;
    status st = patch ? api_json_decode(rq->a, rq->body, rq->body_len, patch_spec,
                                        sizeof patch_spec / sizeof patch_spec[0], in, &errs)
                      : api_json_decode(rq->a, rq->body, rq->body_len, create_spec,
                                        sizeof create_spec / sizeof create_spec[0], in, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    errlist_free(&errs);
    return st == ST_OK;
}

void api_users_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    const char *cursor = NULL;
    int limit = 0;
    user_page p;
    if (!api_query_limit(rq, rs, &limit) ||
        !api_query_text(rq, rs, "cursor", LIMIT_CURSOR, &cursor))
        return;
    if (svc_user_list(&s, cursor, limit, &p, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < p.n; i++)
        if (json_array_append_new(items, api_user_json(&p.items[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, p.next_cursor));
}

void api_user_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    user_input in;
    if (!decode_user(rq, rs, false, &in))
        return;
    errlist errs;
    errlist_init(&errs, 0);
    user u;
    char one_time[20];
    status st = svc_user_create(&s, &in, &u, one_time, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location", arena_printf(rq->a, "/api/v1/users/%lld", (long long)u.id));
        reply_user(rq, rs, 201, &u, arena_strdup(rq->a, one_time));
    }
    errlist_free(&errs);
}

void api_user_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    user u;
    if (svc_user_get(&s, rq->ids[0], &u, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_user(rq, rs, 200, &u, NULL);
}

void api_user_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int64_t version;
    user_input in;
    if (!api_if_match(rq, rs, &version) || !decode_user(rq, rs, true, &in))
        return;
    errlist errs;
    errlist_init(&errs, 0);
    user u;
    status st = svc_user_update(&s, rq->ids[0], version, &in, &u, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_user(rq, rs, 200, &u, NULL);
    errlist_free(&errs);
}

void api_user_reset_password(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int64_t version;
    if (!api_if_match(rq, rs, &version))
        return;
    error e = {0};
    user u;
    char one_time[20];
    if (svc_user_reset_password(&s, rq->ids[0], version, &u, one_time, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_user(rq, rs, 200, &u, arena_strdup(rq->a, one_time));
}

void api_user_reset_totp(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int64_t version;
    if (!api_if_match(rq, rs, &version))
        return;
    error e = {0};
    user u;
    if (svc_user_reset_totp(&s, rq->ids[0], version, &u, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_user(rq, rs, 200, &u, NULL);
}
