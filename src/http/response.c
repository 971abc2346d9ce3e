/*
 * response.c -- building what a handler answers.
 *
 * A response is a status, a content type, headers and a body held in the
 * request's arena (or an open file). Errors are always answered in the one
 * shape docs/api.md gives, with the message worded from the catalogue in
 * the request's language. This file must never send anything itself:
 * server.c does that, and adds the security headers.
 */
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "http/http.h"

void http_response_init(http_response *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->status = 500;
    rs->fd = -1;
}

bool http_header_add(http_response *rs, const char *name, const char *value)
{
    if (rs->nheaders == HTTP_MAX_HEADERS || !name || !value)
        return false;
    rs->headers[rs->nheaders].name = name;
    rs->headers[rs->nheaders].value = value;
    rs->nheaders++;
    return true;
}

void http_respond_json_text(http_response *rs, int code, const char *json, size_t len)
{
    rs->status = code;
    rs->content_type = "application/json; charset=utf-8";
    rs->body = json;
    rs->body_len = len;
}

/* The last-resort answer when even the error could not be built. */
static void respond_nomem(http_response *rs)
{
    static const char body[] =
        "{\"error\":{\"code\":\"out_of_memory\",\"field\":null,\"message\":\"out of memory\"}}";
    http_respond_json_text(rs, 500, body, sizeof body - 1);
}

static json_t *error_object(const error *e, lang lg)
{
    char msg[512];
    err_message(e, lg, msg, sizeof msg);
    json_t *o = json_pack("{s:s, s:s?, s:s}", "code", e->code ? e->code : "internal", "field",
                          e->field[0] ? e->field : NULL, "message", msg);
    if (o && e->row > 0 && json_object_set_new(o, "row", json_integer(e->row)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void http_respond_json(http_response *rs, arena *a, int code, json_t *root)
{
    char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
    json_decref(root);
    char *copy = text ? arena_strdup(a, text) : NULL;
    xfree(text); /* jansson allocates through core/alloc.h (api_json_init) */
    if (!copy) {
        respond_nomem(rs);
        return;
    }
    http_respond_json_text(rs, code, copy, strlen(copy));
}

void http_respond_error(http_response *rs, arena *a, lang lg, const error *e)
{
    json_t *root = json_object();
    json_t *obj = error_object(e, lg);
    if (!root || !obj || json_object_set_new(root, "error", obj) != 0) {
        json_decref(root);
        respond_nomem(rs);
        return;
    }
    http_respond_json(rs, a, status_http(e->st), root);
}

void http_respond_errors(http_response *rs, arena *a, lang lg, const errlist *errs)
{
    if (errs->len == 0) {
        http_respond_fail(rs, a, lg, ST_INTERNAL, "internal", NULL, NULL);
        return;
    }
    if (errs->len == 1) {
        http_respond_error(rs, a, lg, &errs->items[0]);
        return;
    }
    json_t *root = json_object();
    json_t *list = json_array();
    bool ok =
        root && list && json_object_set_new(root, "error", error_object(&errs->items[0], lg)) == 0;
    for (size_t i = 0; ok && i < errs->len; i++)
        ok = json_array_append_new(list, error_object(&errs->items[i], lg)) == 0;
    if (!ok || json_object_set_new(root, "errors", list) != 0) {
        json_decref(root);
        if (!ok)
            json_decref(list);
        respond_nomem(rs);
        return;
    }
    http_respond_json(rs, a, status_http(errs->items[0].st), root);
}

void http_respond_fail(http_response *rs, arena *a, lang lg, status st, const char *code,
                       const char *field, const char *arg)
{
    error e;
    err_set(&e, st, code, field, arg);
    http_respond_error(rs, a, lg, &e);
}
