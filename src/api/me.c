/*
 * me.c -- /api/v1/me: the signed-in user's own account.
 *
 * Read oneself (with the CSRF token the page needs), change one's password,
 * and enrol in, confirm or turn off two-factor sign-in. Every handler acts
 * on the session the gate found (rq->session), never on an id from the
 * request. Passwords are NFC-normalized as at sign-in (api_password_nfc).
 * This file must never check a password or a code itself: the service does.
 */
#include <stddef.h>

#include "api/api.h"

void api_me_get(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    api_respond_json(rq, rs, 200, api_session_json(rq->session));
}

/* Decode a body of string fields; answers the problem itself. */
static bool decode(http_request *rq, http_response *rs, const api_field *spec, size_t n, void *out)
{
    errlist errs;
    errlist_init(&errs, 0);
    status st = api_json_decode(rq->a, rq->body, rq->body_len, spec, n, out, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    errlist_free(&errs);
    return st == ST_OK;
}

typedef struct password_body {
    const char *current_password, *new_password;
} password_body;

static const api_field password_spec[] = {
    {"current_password", AF_STRING, offsetof(password_body, current_password)},
    {"new_password", AF_STRING, offsetof(password_body, new_password)},
};

/* Answers the session as it now is (must_change_password cleared). */
void api_me_password(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    svc s;
    api_svc(rq, &s);
    password_body b;
    if (!decode(rq, rs, password_spec, 2, &b))
        return;
    error e = {0};
    session_info si;
    const char *cur = api_password_nfc(rq->a, b.current_password ? b.current_password : "");
    const char *pw = api_password_nfc(rq->a, b.new_password ? b.new_password : "");
    if (svc_password_change(&s, cur, pw, &e) != ST_OK ||
        svc_session_check(&s, rq->session_token, &si, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_json(rq, rs, 200, api_session_json(&si));
}

void api_me_totp_begin(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    svc s;
    api_svc(rq, &s);
    error e = {0};
    totp_enrolment en;
    if (svc_totp_begin(&s, &en, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_json(rq, rs, 200, json_pack("{s:s, s:s}", "secret", en.secret, "uri", en.uri));
}

typedef struct code_body {
    const char *code;
} code_body;

static const api_field code_spec[] = {{"code", AF_STRING, offsetof(code_body, code)}};

void api_me_totp_confirm(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    svc s;
    api_svc(rq, &s);
    code_body b;
    if (!decode(rq, rs, code_spec, 1, &b))
        return;
    error e = {0};
    const char *codes[RECOVERY_CODES] = {0};
    if (svc_totp_confirm(&s, b.code ? b.code : "", codes, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; list && i < RECOVERY_CODES; i++)
        if (!codes[i] || json_array_append_new(list, json_string(codes[i])) != 0) {
            json_decref(list);
            list = NULL;
        }
    api_respond_json(rq, rs, 200, list ? json_pack("{s:o}", "recovery_codes", list) : NULL);
}

typedef struct disable_body {
    const char *password;
} disable_body;

static const api_field disable_spec[] = {{"password", AF_STRING, offsetof(disable_body, password)}};

void api_me_totp_disable(http_request *rq, http_response *rs)
{
    if (!api_has_session(rq, rs))
        return;
    svc s;
    api_svc(rq, &s);
    disable_body b;
    if (!decode(rq, rs, disable_spec, 1, &b))
        return;
    error e = {0};
    if (svc_totp_disable(&s, api_password_nfc(rq->a, b.password ? b.password : ""), &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    rs->status = 204;
}
