/*
 * settings.c -- /api/v1/settings/security: which roles must sign in with a
 * second factor.
 *
 * GET answers {"totp_required": {"member": false, ...}} with every role;
 * PATCH takes the same shape with any subset of the roles and answers the
 * settings as they now are. The whole body is checked before anything is
 * written. Administrators only (route table); the service decides which
 * administrators may change it and audits the change. This file must never
 * read or write a setting except through the service.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"

static void reply_settings(http_request *rq, http_response *rs, svc *s)
{
    error e = {0};
    bool req[ROLE_COUNT];
    if (svc_totp_required_get(s, req, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *roles = json_object();
    for (int r = 0; roles && r < ROLE_COUNT; r++)
        if (json_object_set_new(roles, role_name((role)r), json_boolean(req[r])) != 0) {
            json_decref(roles);
            roles = NULL;
        }
    api_respond_json(rq, rs, 200, roles ? json_pack("{s:o}", "totp_required", roles) : NULL);
}

void api_settings_security_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    reply_settings(rq, rs, &s);
}

typedef struct security_body {
    const char *totp_required; /* a JSON object */
} security_body;

static const api_field security_spec[] = {
    {"totp_required", AF_OBJECT, offsetof(security_body, totp_required)}};

/* The inner object: one boolean per role, by role name. */
typedef struct totp_roles {
    int value[ROLE_COUNT]; /* -1 not given */
} totp_roles;

/* Decode the body into one flag per role; errors inside the inner object
 * name their field "totp_required.ROLE". */
static status decode_security(http_request *rq, totp_roles *out, errlist *errs)
{
    security_body b;
    status st = api_json_decode(rq->a, rq->body, rq->body_len, security_spec, 1, &b, errs);
    for (int r = 0; r < ROLE_COUNT; r++)
        out->value[r] = -1;
    if (st != ST_OK || !b.totp_required)
        return st;
    api_field spec[ROLE_COUNT];
    for (int r = 0; r < ROLE_COUNT; r++) {
        spec[r].name = role_name((role)r);
        spec[r].type = AF_BOOL;
        spec[r].offset = offsetof(totp_roles, value) + (size_t)r * sizeof(int);
    }
    st = api_json_decode(rq->a, b.totp_required, strlen(b.totp_required), spec, ROLE_COUNT, out,
                         errs);
    for (size_t i = 0; i < errs->len; i++) {
        error *e = &errs->items[i];
        char inner[ERROR_FIELD_MAX];
        if (!e->field[0] || snprintf(inner, sizeof inner, "%s", e->field) < 0)
            continue;
        if (snprintf(e->field, sizeof e->field, "totp_required.%s", inner) < 0)
            e->field[0] = '\0';
    }
    return st;
}

void api_settings_security_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    totp_roles in;
    status st = decode_security(rq, &in, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
        goto done;
    }
    error e = {0};
    if (svc_totp_required_set(&s, in.value, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        goto done;
    }
    reply_settings(rq, rs, &s);
done:
    errlist_free(&errs);
}
