/*
 * cookie.c -- the session cookie, read from the Cookie header and written
 * as a Set-Cookie value.
 *
 * The Cookie header is the one place a browser hands caunoi a secret, and
 * the header also carries whatever other applications on the same host set,
 * so reading it is lenient about the others and strict about ours: the
 * caunoi_session value must be a short run of cookie-octets or it is
 * refused. Writing is the other half: every attribute that keeps the token
 * away from scripts and other sites (HttpOnly, SameSite=Strict, Secure) is
 * added here, in one place. This file must never look a token up or decide
 * whether it is valid: api/access.c asks the service.
 */
#include <assert.h>
#include <string.h>

#include "http/http.h"

/* RFC 6265 section 4.1.1 cookie-octet. */
static bool cookie_octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
           (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

static bool ows(char c) { return c == ' ' || c == '\t'; }

/* s[0..*n) without surrounding white space. */
static const char *trim(const char *s, size_t *n)
{
    while (*n > 0 && ows(s[0])) {
        s++;
        (*n)--;
    }
    while (*n > 0 && ows(s[*n - 1]))
        (*n)--;
    return s;
}

/* Check and copy one value (quotes already removed). */
static status take_value(arena *a, const char *v, size_t n, const char **out, error *e)
{
    if (n == 0)
        return ST_OK; /* an empty cookie is no cookie (what a cleared one looks like) */
    if (n > LIMIT_COOKIE_VALUE)
        return err_set(e, ST_BAD_REQUEST, "cookie_invalid", NULL, NULL);
    for (size_t i = 0; i < n; i++)
        if (!cookie_octet((unsigned char)v[i]))
            return err_set(e, ST_BAD_REQUEST, "cookie_invalid", NULL, NULL);
    *out = arena_strndup(a, v, n);
    return *out ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
}

status http_cookie_get(arena *a, const char *header, const char *name, const char **out, error *e)
{
    *out = NULL;
    if (!header)
        return ST_OK;
    size_t name_len = strlen(name);
    const char *p = header;
    while (*p) {
        size_t len = strcspn(p, ";");
        const char *pair = p;
        p += len;
        if (*p == ';')
            p++;
        const char *eq = memchr(pair, '=', len);
        if (!eq)
            continue;
        size_t nl = (size_t)(eq - pair);
        const char *n = trim(pair, &nl);
        if (nl != name_len || memcmp(n, name, nl) != 0)
            continue;
        size_t vl = len - (size_t)(eq + 1 - pair);
        const char *v = trim(eq + 1, &vl);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        return take_value(a, v, vl, out, e);
    }
    return ST_OK;
}

const char *http_session_cookie(arena *a, const char *token, int64_t max_age, bool secure)
{
    if (!token)
        max_age = 0;
    for (const char *t = token; t && *t; t++)
        assert(cookie_octet((unsigned char)*t));
    if (max_age < 0)
        max_age = 0;
    return arena_printf(a, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
                        HTTP_SESSION_COOKIE, token ? token : "", (long long)max_age,
                        secure ? "; Secure" : "");
}

bool http_cookie_secure(const http_config *cfg)
{
    return cfg && (cfg->secure_cookies || cfg->tls_cert_pem);
}
