/*
 * session.c -- /api/v1/session: signing in and out over HTTP.
 *
 * POST /session is the one public route of the API: it decodes
 * {"login", "password", "code"}, asks svc_login (which throttles, locks,
 * audits and never says whether a login exists), and on success sets the
 * session cookie (http_session_cookie: HttpOnly, SameSite=Strict, Secure
 * under TLS) and answers the session with its CSRF token. DELETE /session
 * ends the session on the server and clears the cookie. This file must
 * never decide whether a password or a code is right, and never put the
 * token anywhere but the Set-Cookie header.
 */
#include <stddef.h>
#include <string.h>

#include "api/api.h"
#include "core/str.h"

typedef struct login_body {
    const char *login, *password, *code;
} login_body;

static const api_field login_spec[] = {
    {"login", AF_STRING, offsetof(login_body, login)},
    {"password", AF_STRING, offsetof(login_body, password)},
    {"code", AF_STRING, offsetof(login_body, code)},
};

json_t *api_session_json(const session_info *si)
{
    json_t *uj = api_user_json(&si->u);
    if (!uj)
        return NULL;
    return json_pack("{s:o, s:s?, s:s?, s:b, s:b}", "user", uj, "csrf_token", si->csrf,
                     "expires_at", si->expires_at, "must_change_password",
                     si->u.must_change_password, "totp_enrolment_required",
                     si->totp_enrolment_required);
}

/* Seconds until the session's absolute end: the cookie's Max-Age. */
static int64_t cookie_max_age(const session_info *si, int64_t now)
{
    int64_t end;
    if (!api_timestamp_unix(si->expires_at, &end) || end <= now ||
        end - now > LIMIT_SESSION_ABSOLUTE_S)
        return LIMIT_SESSION_ABSOLUTE_S;
    return end - now;
}

/* Retry-After of a 429: the wait the service named (seconds for
 * login_throttled, the end of the lock for login_locked). */
static void retry_after(http_request *rq, http_response *rs, const error *e)
{
    int64_t wait = (int64_t)LIMIT_LOCK_MINUTES * 60, n;
    if (str_is_digits(e->arg, strlen(e->arg)) && str_to_i64(e->arg, &n))
        wait = n;
    else if (api_timestamp_unix(e->arg, &n) && n > rq->now)
        wait = n - rq->now;
    if (wait < 1)
        wait = 1;
    http_header_add(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)wait));
}

void api_session_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    login_body b;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, login_spec,
                                sizeof login_spec / sizeof login_spec[0], &b, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
        goto done;
    }
    login_request in = {.login = b.login ? b.login : "",
                        .password = b.password ? api_password_nfc(rq->a, b.password) : "",
                        .code = b.code,
                        .ip = rq->client_ip ? rq->client_ip : "",
                        .user_agent = rq->user_agent ? rq->user_agent : ""};
    session_info si;
    error e = {0};
    if (svc_login(&s, &in, &si, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        if (e.st == ST_TOO_MANY)
            retry_after(rq, rs, &e);
        goto done;
    }
    http_header_add(rs, "Set-Cookie",
                    http_session_cookie(rq->a, si.token, cookie_max_age(&si, rq->now),
                                        http_cookie_secure(rq->cfg)));
    api_respond_json(rq, rs, 200, api_session_json(&si));
done:
    errlist_free(&errs);
}

void api_session_delete(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    svc s;
    api_svc(rq, &s);
    error e = {0};
    if (svc_logout(&s, rq->session_token, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    rs->status = 204;
    http_header_add(rs, "Set-Cookie",
                    http_session_cookie(rq->a, NULL, 0, http_cookie_secure(rq->cfg)));
}
