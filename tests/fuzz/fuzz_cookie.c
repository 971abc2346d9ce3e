/*
 * fuzz_cookie.c -- libFuzzer harness for the Cookie header parser of
 * http/cookie.c.
 *
 * The bytes are a Cookie header. Checks what http.h promises: the parser
 * never reads past the NUL; on success the session value is absent or 1 to
 * LIMIT_COOKIE_VALUE cookie-octets that occur in the header; on failure
 * the code is "cookie_invalid" (or out of memory). A value found survives
 * the round trip through the Set-Cookie value caunoi writes, read back as a
 * browser would send it.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool cookie_octets(const char *v)
{
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (c < 0x21 || c > 0x7E || c == '"' || c == ',' || c == ';' || c == '\\')
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = xmalloc(size + 1);
    if (!raw)
        return 0;
    memcpy(raw, data, size);
    raw[size] = '\0';
    arena a = ARENA_INIT;
    error e = {0};
    const char *v = NULL;
    status st = http_cookie_get(&a, raw, HTTP_SESSION_COOKIE, &v, &e);
    if (st == ST_OK && v) {
        size_t n = strlen(v);
        assert(n >= 1 && n <= LIMIT_COOKIE_VALUE);
        assert(cookie_octets(v));
        assert(strstr(raw, v));
        /* What the browser sends back: the name=value part of Set-Cookie. */
        const char *set = http_session_cookie(&a, v, 60, true);
        assert(set);
        const char *back = NULL;
        assert(http_cookie_get(&a, set, HTTP_SESSION_COOKIE, &back, &e) == ST_OK);
        assert(back && strcmp(back, v) == 0);
    } else if (st == ST_OK) {
        assert(v == NULL);
    } else {
        assert(v == NULL);
        assert(st == ST_BAD_REQUEST || st == ST_NOMEM);
        assert(st == ST_NOMEM || strcmp(e.code, "cookie_invalid") == 0);
    }
    arena_free(&a);
    xfree(raw);
    return 0;
}
