/*
 * access.c -- the gate: who may call a route, decided in one place.
 *
 * Every /api/ request passes here after routing and before its body is read
 * or its handler runs (server.c calls api_access_gate through
 * http_config.gate). The rule each route obeys is declared beside it in
 * routes.c (http_access and a role mask); this file reads that declaration,
 * the session behind the request's cookie (svc_session_check), the CSRF
 * header and the session's flags, and either lets the request through --
 * carrying the session's actor, so every service call below acts as the
 * signed-in user -- or answers the refusal.
 *
 * The decision itself is api_gate_decide, a pure function of a small input
 * that tests/unit/test_access.c walks exhaustively. The scope of a record
 * (the caller's subtree) is not decided here: the store enforces it under
 * every service, and a record outside it is 404.
 *
 * This file must never let a request through without a live session except
 * on an ACCESS_PUBLIC route, and never fall back to the operator.
 */
#include <string.h>

#include "api/api.h"
#include "core/log.h"

static bool state_changing(http_method m)
{
    return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

static bool is(const http_route *r, http_method m, const char *pattern)
{
    return r->method == m && strcmp(r->pattern, pattern) == 0;
}

/* What a user who must change their password may still do. */
static bool allowed_before_password_change(const http_route *r)
{
    return is(r, HTTP_GET, "/api/v1/me") || is(r, HTTP_POST, "/api/v1/me/password") ||
           is(r, HTTP_DELETE, "/api/v1/session");
}

/* What a user whose role requires two-factor sign-in, and who has none, may
 * still do: read themselves, enrol, change the password, sign out. */
static bool allowed_before_totp_enrolment(const http_route *r)
{
    static const char totp[] = "/api/v1/me/totp";
    return strcmp(r->pattern, "/api/v1/me") == 0 ||
           strncmp(r->pattern, totp, sizeof totp - 1) == 0 ||
           strcmp(r->pattern, "/api/v1/me/password") == 0 || is(r, HTTP_DELETE, "/api/v1/session");
}

gate_outcome api_gate_decide(const gate_input *in)
{
    const http_route *r = in->route;
    if (r->access == ACCESS_UNDECLARED)
        return GATE_FORBIDDEN;
    if (r->access == ACCESS_PUBLIC)
        return GATE_ALLOW;
    if (in->session == GATE_NO_SESSION)
        return GATE_SESSION_REQUIRED;
    if (in->session != GATE_SESSION)
        return GATE_SESSION_INVALID;
    if (state_changing(r->method) && !in->csrf_ok)
        return GATE_CSRF_INVALID;
    if (in->must_change_password && !allowed_before_password_change(r))
        return GATE_PASSWORD_CHANGE;
    if (in->totp_enrolment_required && !allowed_before_totp_enrolment(r))
        return GATE_TOTP_ENROLMENT;
    if ((unsigned)in->role >= ROLE_COUNT || !(r->roles & ROLE_BIT(in->role)))
        return GATE_FORBIDDEN;
    if (r->access == ACCESS_INSTALLATION && !in->whole_installation)
        return GATE_FORBIDDEN;
    if (r->access == ACCESS_SELF && in->role == ROLE_MEMBER && !in->own_record)
        return GATE_NOT_FOUND;
    return GATE_ALLOW;
}

void api_gate_error(gate_outcome o, error *e)
{
    switch (o) {
    case GATE_ALLOW: break;
    case GATE_SESSION_REQUIRED: err_set(e, ST_UNAUTHORIZED, "session_required", NULL, NULL); break;
    case GATE_SESSION_INVALID: err_set(e, ST_UNAUTHORIZED, "session_invalid", NULL, NULL); break;
    case GATE_CSRF_INVALID: err_set(e, ST_FORBIDDEN, "csrf_invalid", "X-CSRF-Token", NULL); break;
    case GATE_PASSWORD_CHANGE:
        err_set(e, ST_FORBIDDEN, "password_change_required", NULL, NULL);
        break;
    case GATE_TOTP_ENROLMENT:
        err_set(e, ST_FORBIDDEN, "totp_enrolment_required", NULL, NULL);
        break;
    case GATE_FORBIDDEN: err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL); break;
    case GATE_NOT_FOUND: err_set(e, ST_NOT_FOUND, "not_found", NULL, NULL); break;
    }
}

/* Look up the session behind the cookie and fill the session half of `in`.
 * False when the lookup itself failed (answered in rs). */
static bool load_session(http_request *rq, http_response *rs, gate_input *in, session_info **out)
{
    *out = NULL;
    if (rq->session_cookie_bad) {
        in->session = GATE_BAD_SESSION;
        return true;
    }
    if (!rq->session_token) {
        in->session = GATE_NO_SESSION;
        return true;
    }
    session_info *si = arena_alloc(rq->a, sizeof *si);
    if (!si) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
        return false;
    }
    svc s;
    api_svc(rq, &s);
    error e = {0};
    status st = svc_session_check(&s, rq->session_token, si, &e);
    if (st == ST_UNAUTHORIZED) {
        in->session = GATE_BAD_SESSION;
        return true;
    }
    if (st != ST_OK) {
        api_respond_error(rq, rs, &e);
        return false;
    }
    si->who.ip = rq->client_ip ? rq->client_ip : "";
    in->session = GATE_SESSION;
    in->role = si->who.role;
    in->own_record = rq->nparams > 0 && si->who.member_id > 0 && rq->ids[0] == si->who.member_id;
    in->whole_installation = actor_whole_installation(&si->who);
    in->csrf_ok = rq->csrf_token && si->csrf && token_equal(rq->csrf_token, si->csrf);
    in->must_change_password = si->u.must_change_password;
    in->totp_enrolment_required = si->totp_enrolment_required;
    *out = si;
    return true;
}

bool api_access_gate(http_request *rq, const http_route *route, http_response *rs)
{
    gate_input in = {.route = route, .session = GATE_NO_SESSION};
    session_info *si = NULL;
    if (route->access != ACCESS_PUBLIC && route->access != ACCESS_UNDECLARED &&
        !load_session(rq, rs, &in, &si))
        return false;
    gate_outcome o = api_gate_decide(&in);
    if (o == GATE_ALLOW) {
        rq->session = si;
        return true;
    }
    if (route->access == ACCESS_UNDECLARED)
        log_error("refused %s %s: the route declares no access rule",
                  http_method_name(route->method), route->pattern);
    error e = {0};
    api_gate_error(o, &e);
    api_respond_error(rq, rs, &e);
    if (o == GATE_SESSION_INVALID)
        http_header_add(rs, "Set-Cookie",
                        http_session_cookie(rq->a, NULL, 0, http_cookie_secure(rq->cfg)));
    return false;
}

bool api_has_session(http_request *rq, http_response *rs)
{
    if (rq->session)
        return true;
    http_respond_fail(rs, rq->a, rq->lg, ST_UNAUTHORIZED, "session_required", NULL, NULL);
    return false;
}
