/*
 * response.c -- building what a handler answers.
 *
 * A response is a status, a content type, headers and a body held in the
 * request's arena (or an open file). Errors are always answered in the one
 * shape docs/api.md gives, with the message worded from the catalogue in
 * the request's language; a download carries its stored media type and a
 * Content-Disposition whose name cannot break out of the header. This file
 * must never send anything itself: server.c does that, and adds the
 * security headers.
 */
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
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

json_t *http_error_json(const error *e, lang lg)
{
    char msg[512];
    err_message(e, lg, msg, sizeof msg);
    json_t *o = json_pack("{s:s, s:s?, s:s}", "code", e->code ? e->code : "internal", "field",
                          e->field[0] ? e->field : NULL, "message", msg);
    if (o && e->row > 0 && json_object_set_new(o, "row", json_integer(e->row)) != 0) {
        json_decref(o);
        return NULL;
    }
    if (o && e->arg[0] && json_object_set_new(o, "arg", json_string(e->arg)) != 0) {
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
    json_t *obj = http_error_json(e, lg);
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
    bool ok = root && list &&
              json_object_set_new(root, "error", http_error_json(&errs->items[0], lg)) == 0;
    for (size_t i = 0; ok && i < errs->len; i++)
        ok = json_array_append_new(list, http_error_json(&errs->items[i], lg)) == 0;
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

/* A byte the quoted fallback name may keep as is. */
static bool fallback_ok(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != ';' && c != '%';
}

/* RFC 8187 attr-char: what filename* may carry without a percent-escape. */
static bool attr_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$&+-.^_`|~", c));
}

const char *http_content_disposition(arena *a, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf b = {0};
    bool changed = false, any = false;
    const unsigned char *n = (const unsigned char *)(name ? name : "");
    buf_puts(&b, "attachment; filename=\"");
    for (size_t i = 0; n[i]; i++) {
        bool keep = fallback_ok(n[i]);
        if (keep || (n[i] & 0xC0) != 0x80) /* one '_' per character, not per byte */
            buf_putc(&b, keep ? (char)n[i] : '_');
        changed = changed || !keep;
        any = true;
    }
    if (!any)
        buf_puts(&b, "download");
    buf_putc(&b, '"');
    if (changed) {
        buf_puts(&b, "; filename*=UTF-8''");
        for (size_t i = 0; n[i]; i++) {
            if (n[i] < 0x20 || n[i] == 0x7f || n[i] == '"' || n[i] == '/' || n[i] == '\\')
                continue;
            if (attr_char(n[i])) {
                buf_putc(&b, (char)n[i]);
            } else {
                char esc[3] = {'%', hex[n[i] >> 4], hex[n[i] & 15]};
                buf_append(&b, esc, 3);
            }
        }
    }
    const char *out = b.failed ? NULL : arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}

void http_respond_download(http_response *rs, arena *a, const char *media_type,
                           const unsigned char *data, size_t len, const char *file_name)
{
    const char *disposition = http_content_disposition(a, file_name);
    if (!disposition) {
        respond_nomem(rs);
        return;
    }
    rs->status = 200;
    rs->content_type = media_type;
    rs->body = (const char *)data;
    rs->body_len = len;
    http_header_add(rs, "Content-Disposition", disposition);
}
