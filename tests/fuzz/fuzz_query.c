/*
 * fuzz_query.c -- libFuzzer harness for the request target parser and the
 * header parsers of http/parse.c, and the router over their output.
 *
 * Checks what http.h promises: on success every path segment is non-empty,
 * valid UTF-8, without '/' or NUL, never "." or ".."; the path is at most
 * LIMIT_URL_PATH bytes of input; at most LIMIT_QUERY_PARAMS parameters, no
 * key twice, keys and values valid UTF-8; on failure a catalogued code.
 * The same bytes also go through If-Match and Content-Type parsing.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "auth/auth.h"
#include "http/http.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void h(http_request *rq, http_response *rs) { (void)rq, (void)rs; }

static const http_route table[] = {
    {HTTP_GET, "/api/v1/members", h, BODY_NONE, ACCESS_SESSION, ROLES_ALL, "list"},
    {HTTP_GET, "/api/v1/members/export", h, BODY_NONE, ACCESS_SESSION, ROLES_ALL, "export"},
    {HTTP_GET, "/api/v1/members/{id}", h, BODY_NONE, ACCESS_SESSION, ROLES_ALL, "get"},
    {HTTP_PATCH, "/api/v1/members/{id}", h, BODY_JSON, ACCESS_SESSION, ROLES_ALL, "update"},
    {HTTP_POST, "/api/v1/units/{id}/move", h, BODY_JSON, ACCESS_SESSION, ROLES_ALL, "move"},
    {HTTP_POST, "/api/v1/trips/{id}/actions/{action}", h, BODY_JSON, ACCESS_SESSION, ROLES_ALL,
     "act"},
};

static void check_target(const http_target *t)
{
    assert(t->path && t->path[0] == '/');
    for (size_t i = 0; i < t->nsegs; i++) {
        const char *s = t->segs[i];
        assert(s[0] != '\0' && !strchr(s, '/'));
        assert(strcmp(s, ".") != 0 && strcmp(s, "..") != 0);
        assert(text_utf8_valid(s, strlen(s)));
    }
    assert(t->nquery <= LIMIT_QUERY_PARAMS);
    for (size_t i = 0; i < t->nquery; i++) {
        assert(text_utf8_valid(t->query[i].key, strlen(t->query[i].key)));
        assert(text_utf8_valid(t->query[i].value, strlen(t->query[i].value)));
        for (size_t j = 0; j < i; j++)
            assert(strcmp(t->query[i].key, t->query[j].key) != 0);
        assert(http_query_get(t, t->query[i].key) == t->query[i].value);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = xmalloc(size + 1);
    if (!raw)
        return 0;
    memcpy(raw, data, size);
    raw[size] = '\0';
    arena a = ARENA_INIT;
    http_request rq = {.a = &a};
    error e = {0};
    status st = http_target_parse(&a, raw, &rq.target, &e);
    if (st == ST_OK) {
        check_target(&rq.target);
        unsigned allow;
        long i = http_route_match(table, sizeof table / sizeof table[0], HTTP_GET, &rq.target, &rq,
                                  &allow);
        assert(i < 0 || table[i].method == HTTP_GET);
        for (size_t k = 0; i >= 0 && k < rq.nparams; k++)
            assert(rq.params[k] &&
                   (strcmp(table[i].pattern, "/api/v1/members/{id}") != 0 || rq.ids[k] > 0));
    } else {
        assert(st == ST_BAD_REQUEST || st == ST_NOMEM);
        assert(err_code_known(e.code));
    }
    int64_t v;
    st = http_if_match_parse(raw, &v, &e);
    assert(st == ST_OK ? v > 0 : (st == ST_PRECONDITION || st == ST_BAD_REQUEST));
    (void)http_content_type_is(raw, "application/json");
    arena_free(&a);
    xfree(raw);
    return 0;
}
