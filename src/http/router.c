/*
 * router.c -- match a parsed path against the route table.
 *
 * The table itself lives in api/routes.c, where a reader sees every
 * endpoint at once; this file only knows how to read it. A pattern is a
 * path whose segments are literals or {name} parameters; {id}, and any
 * parameter whose name ends in "id" ({aid}, {rid}), matches only a positive
 * decimal integer, so "/members/export" never reaches a handler as an id and
 * "/units/abc" is a plain 404. Matching never allocates and never
 * looks at anything but the method and the decoded segments.
 */
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "http/http.h"

size_t http_body_cap(http_body b)
{
    switch (b) {
    case BODY_CSV: return LIMIT_IMPORT_BODY;
    case BODY_FILE: return LIMIT_ATTACHMENT_BYTES;
    case BODY_NONE:
    case BODY_JSON: break;
    }
    return LIMIT_JSON_BODY;
}

/* The media types a file upload may declare; the bytes decide the rest. */
static const char *const file_types[] = {"application/pdf", "image/jpeg", "image/png",
                                         "application/octet-stream"};

bool http_body_accepts(http_body b, const char *h)
{
    switch (b) {
    case BODY_NONE: return true;
    case BODY_JSON: return http_content_type_is(h, "application/json");
    case BODY_CSV: return http_content_type_is(h, "text/csv");
    case BODY_FILE:
        for (size_t i = 0; i < sizeof file_types / sizeof file_types[0]; i++)
            if (http_content_type_is(h, file_types[i]))
                return true;
        return false;
    }
    return false;
}

const char *http_body_media(http_body b)
{
    switch (b) {
    case BODY_CSV: return "text/csv";
    case BODY_FILE: return "application/pdf, image/jpeg, image/png, application/octet-stream";
    case BODY_NONE:
    case BODY_JSON: break;
    }
    return "application/json";
}

status http_routes_check(const http_route *table, size_t n, error *e)
{
    status st = ST_OK;
    for (size_t i = 0; i < n; i++) {
        if (table[i].access != ACCESS_UNDECLARED)
            continue;
        log_error("route %s %s declares no access rule (routes.c)",
                  http_method_name(table[i].method), table[i].pattern);
        if (st == ST_OK)
            st = err_setf(e, ST_INTERNAL, "route_undeclared", NULL, "%s %s",
                          http_method_name(table[i].method), table[i].pattern);
    }
    return st;
}

/* Match one pattern against the segments; fill params into rq (may be
 * NULL) only when the whole pattern matches. */
static bool pattern_match(const char *pat, const http_target *t, http_request *rq)
{
    const char *params[LIMIT_PATH_PARAMS];
    int64_t ids[LIMIT_PATH_PARAMS];
    size_t np = 0, k = 0;
    const char *p = pat;
    while (*p == '/' && p[1]) {
        p++;
        size_t len = strcspn(p, "/");
        if (k == t->nsegs)
            return false;
        const char *seg = t->segs[k++];
        if (p[0] == '{') {
            if (np == LIMIT_PATH_PARAMS)
                return false;
            ids[np] = 0;
            if (len >= 4 && memcmp(p + len - 3, "id}", 3) == 0 &&
                (!str_is_digits(seg, strlen(seg)) || !str_to_i64(seg, &ids[np]) || ids[np] <= 0))
                return false;
            params[np++] = seg;
        } else if (strlen(seg) != len || memcmp(seg, p, len) != 0) {
            return false;
        }
        p += len;
    }
    if (k != t->nsegs)
        return false;
    if (rq) {
        rq->nparams = np;
        for (size_t i = 0; i < np; i++) {
            rq->params[i] = params[i];
            rq->ids[i] = ids[i];
        }
    }
    return true;
}

long http_route_match(const http_route *table, size_t n, http_method m, const http_target *t,
                      http_request *rq, unsigned *allow)
{
    *allow = 0;
    long found = -1;
    for (size_t i = 0; i < n; i++) {
        if (!pattern_match(table[i].pattern, t, NULL))
            continue;
        *allow |= table[i].method | (table[i].method == HTTP_GET ? HTTP_HEAD : 0);
        bool method_ok = table[i].method == m || (m == HTTP_HEAD && table[i].method == HTTP_GET);
        if (method_ok && found < 0)
            found = (long)i;
    }
    if (found >= 0)
        pattern_match(table[found].pattern, t, rq);
    return found;
}

const char *http_allow_header(arena *a, unsigned allow)
{
    char buf[96];
    size_t len = 0;
    buf[0] = '\0';
    for (unsigned bit = 1; bit <= HTTP_OPTIONS; bit <<= 1) {
        if (!(allow & bit))
            continue;
        const char *name = http_method_name((http_method)bit);
        size_t nl = strlen(name);
        if (len + nl + 3 > sizeof buf)
            break;
        if (len) {
            memcpy(buf + len, ", ", 2);
            len += 2;
        }
        memcpy(buf + len, name, nl + 1);
        len += nl;
    }
    return arena_strdup(a, buf);
}
