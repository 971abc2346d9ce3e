/*
 * parse.c -- the request's bytes into typed values, once, at the edge.
 *
 * The request target (path and query string), If-Match and Content-Type
 * are parsed here and nowhere else. Every length is checked before it is
 * used, every decoded piece is checked to be UTF-8 without NUL, and nothing
 * here allocates outside the request's arena. This file must never consult
 * the database or decide what a route means: it only turns bytes into
 * values or refuses them with a code.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"
#include "http/http.h"
#include "text/text.h"

static const struct {
    http_method m;
    const char *name;
} methods[] = {
    {HTTP_GET, "GET"},     {HTTP_HEAD, "HEAD"},     {HTTP_POST, "POST"},       {HTTP_PUT, "PUT"},
    {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"}, {HTTP_OPTIONS, "OPTIONS"},
};

http_method http_method_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(s, methods[i].name) == 0)
            return methods[i].m;
    return 0;
}

const char *http_method_name(http_method m)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].m == m)
            return methods[i].name;
    return "";
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into a fresh arena string. plus_space: '+' means ' '.
 * Refuses bad escapes and NUL ("query_invalid"/`bad_code`) and invalid
 * UTF-8 ("utf8_invalid"). */
static status decode(arena *a, const char *s, size_t n, bool plus_space, const char *bad_code,
                     const char *field, char **out, error *e)
{
    char *d = arena_alloc(a, n + 1);
    if (!d)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return err_set(e, ST_BAD_REQUEST, bad_code, field, NULL);
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == '\0')
            return err_set(e, ST_BAD_REQUEST, bad_code, field, NULL);
        d[j++] = c;
    }
    d[j] = '\0';
    long bad = text_utf8_invalid_at(d, j);
    if (bad >= 0) /* the 1-based offset in the decoded text, as text/ reports it */
        return err_setf(e, ST_BAD_REQUEST, "utf8_invalid", field, "%ld", bad + 1);
    *out = d;
    return ST_OK;
}

static status parse_path(arena *a, const char *p, size_t n, http_target *t, error *e)
{
    if (n == 0 || p[0] != '/')
        return err_set(e, ST_BAD_REQUEST, "path_invalid", NULL, NULL);
    if (n > LIMIT_URL_PATH)
        return err_set(e, ST_BAD_REQUEST, "url_too_long", NULL, NULL);
    size_t max = 1;
    for (size_t i = 0; i < n; i++)
        max += p[i] == '/';
    t->segs = arena_alloc_array(a, max, sizeof *t->segs);
    if (!t->segs)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    t->nsegs = 0;
    t->trailing_slash = n > 1 && p[n - 1] == '/';
    size_t end = t->trailing_slash ? n - 1 : n;
    size_t i = 1;
    while (i < end) {
        const char *slash = memchr(p + i, '/', end - i);
        size_t len = slash ? (size_t)(slash - (p + i)) : end - i;
        char *seg;
        if (len == 0)
            return err_set(e, ST_BAD_REQUEST, "path_invalid", NULL, NULL);
        status st = decode(a, p + i, len, false, "path_invalid", NULL, &seg, e);
        if (st != ST_OK)
            return st;
        if (strchr(seg, '/') || strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0)
            return err_set(e, ST_BAD_REQUEST, "path_invalid", NULL, NULL);
        t->segs[t->nsegs++] = seg;
        i += len + 1;
    }
    strbuf b = {0};
    for (size_t k = 0; k < t->nsegs; k++) {
        buf_putc(&b, '/');
        buf_puts(&b, t->segs[k]);
    }
    t->path = b.failed ? NULL : arena_strdup(a, t->nsegs ? b.data : "/");
    buf_free(&b);
    return t->path ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
}

static status parse_query(arena *a, const char *q, size_t n, http_target *t, error *e)
{
    size_t i = 0;
    t->nquery = 0;
    while (i < n) {
        const char *amp = memchr(q + i, '&', n - i);
        size_t len = amp ? (size_t)(amp - (q + i)) : n - i;
        if (len > 0) {
            const char *eq = memchr(q + i, '=', len);
            size_t klen = eq ? (size_t)(eq - (q + i)) : len;
            char *k, *v = NULL;
            status st = decode(a, q + i, klen, true, "query_invalid", NULL, &k, e);
            if (st == ST_OK && eq)
                st = decode(a, eq + 1, len - klen - 1, true, "query_invalid", k, &v, e);
            else if (st == ST_OK && !(v = arena_strdup(a, "")))
                st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            if (st != ST_OK)
                return st;
            if (http_query_get(t, k))
                return err_set(e, ST_BAD_REQUEST, "query_repeated", k, k);
            if (t->nquery == LIMIT_QUERY_PARAMS)
                return err_setf(e, ST_BAD_REQUEST, "query_too_many", NULL, "%d",
                                LIMIT_QUERY_PARAMS);
            t->query[t->nquery].key = k;
            t->query[t->nquery].value = v;
            t->nquery++;
        }
        i += len + 1;
    }
    return ST_OK;
}

status http_target_parse(arena *a, const char *raw, http_target *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (!raw)
        return err_set(e, ST_BAD_REQUEST, "path_invalid", NULL, NULL);
    size_t n = strcspn(raw, "#");
    const char *qm = memchr(raw, '?', n);
    size_t plen = qm ? (size_t)(qm - raw) : n;
    status st = parse_path(a, raw, plen, out, e);
    if (st == ST_OK && qm)
        st = parse_query(a, qm + 1, n - plen - 1, out, e);
    return st;
}

const char *http_query_get(const http_target *t, const char *key)
{
    for (size_t i = 0; i < t->nquery; i++)
        if (strcmp(t->query[i].key, key) == 0)
            return t->query[i].value;
    return NULL;
}

status http_if_match_parse(const char *h, int64_t *version, error *e)
{
    while (h && (*h == ' ' || *h == '\t'))
        h++;
    if (!h || !*h)
        return err_set(e, ST_PRECONDITION, "precondition_required", "If-Match", NULL);
    if (h[0] == 'W' && h[1] == '/')
        h += 2;
    bool quoted = *h == '"';
    if (quoted)
        h++;
    const char *d = h;
    while (*h >= '0' && *h <= '9')
        h++;
    size_t nd = (size_t)(h - d);
    if (quoted && *h != '"')
        nd = 0;
    else if (quoted)
        h++;
    while (*h == ' ' || *h == '\t')
        h++;
    char num[20];
    int64_t v;
    if (nd == 0 || nd >= sizeof num || *h)
        return err_set(e, ST_BAD_REQUEST, "if_match_invalid", "If-Match", NULL);
    memcpy(num, d, nd);
    num[nd] = '\0';
    if (!str_to_i64(num, &v) || v <= 0)
        return err_set(e, ST_BAD_REQUEST, "if_match_invalid", "If-Match", NULL);
    *version = v;
    return ST_OK;
}

/* Skip optional white space. */
static const char *ows(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

bool http_content_type_is(const char *h, const char *type)
{
    if (!h)
        return false;
    h = ows(h);
    size_t tl = strlen(type);
    if (strncasecmp(h, type, tl) != 0)
        return false;
    h = ows(h + tl);
    while (*h == ';') {
        h = ows(h + 1);
        size_t nl = strcspn(h, "=; \t");
        const char *name = h;
        h += nl;
        if (*h != '=')
            return false;
        h++;
        const char *v = h;
        bool q = *v == '"';
        if (q)
            v++;
        size_t vl = strcspn(v, q ? "\"" : "; \t");
        if (q && v[vl] != '"')
            return false;
        if (nl == 7 && strncasecmp(name, "charset", 7) == 0 &&
            !((vl == 5 && strncasecmp(v, "utf-8", 5) == 0) ||
              (vl == 4 && strncasecmp(v, "utf8", 4) == 0)))
            return false;
        h = ows(v + vl + (q ? 1 : 0));
    }
    return *h == '\0';
}
