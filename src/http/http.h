/*
 * http.h -- the HTTP edge: typed requests, responses, the router, the server.
 *
 * libmicrohttpd stays inside http/server.c. Everything a handler in api/
 * sees is the typed `http_request` built here: the method, the path split
 * into decoded segments, the {id} parameters as integers, the query string
 * decoded into key/value pairs (valid UTF-8, no NUL, bounded), the body
 * (already capped), and the three headers the API reads. A handler answers
 * by filling an `http_response`; server.c turns it into an MHD response and
 * adds the security headers every answer carries.
 *
 * The parsers here (request target, query string, If-Match, Content-Type)
 * are pure functions over bytes so that the unit tests and the fuzz
 * harnesses drive exactly the code the server runs.
 */
#ifndef CAUNOI_HTTP_H
#define CAUNOI_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/limits.h"

typedef struct svc_conn svc_conn;         /* service/service.h */
typedef struct session_info session_info; /* service/service.h */

/* Methods are bits so a route table can build the Allow header of a 405. */
typedef enum http_method {
    HTTP_GET = 1,
    HTTP_HEAD = 2,
    HTTP_POST = 4,
    HTTP_PUT = 8,
    HTTP_PATCH = 16,
    HTTP_DELETE = 32,
    HTTP_OPTIONS = 64,
} http_method;

/* The method named by an HTTP token ("GET"), or 0 for one caunoi never
 * routes. */
http_method http_method_parse(const char *s);
const char *http_method_name(http_method m);

/* ---- the request target ---- */

typedef struct http_param {
    const char *key, *value; /* decoded, valid UTF-8, no NUL */
} http_param;

/* A request target ("/api/v1/units/12?limit=5") parsed once at the edge. */
typedef struct http_target {
    const char **segs; /* decoded path segments, "" never among them */
    size_t nsegs;
    const char *path;    /* "/" + decoded segments joined by "/" */
    bool trailing_slash; /* the raw path ended in "/" (and was not "/") */
    http_param query[LIMIT_QUERY_PARAMS];
    size_t nquery;
} http_target;

/* Parse a raw request target (origin form: path, optional "?query", an
 * optional "#fragment" is ignored). Percent-escapes are decoded per path
 * segment and per query key and value ('+' is a space in the query). Every
 * decoded piece must be valid UTF-8 without NUL. Strings come from `a`.
 * Errors (e->field names the query key when there is one):
 *   ST_BAD_REQUEST "path_invalid"     not starting with '/', an empty segment,
 *                                     a segment "." or ".." (encoded or not),
 *                                     or one decoding to '/', NUL or a bad escape
 *   ST_BAD_REQUEST "url_too_long"     path longer than LIMIT_URL_PATH bytes
 *   ST_BAD_REQUEST "query_invalid"    a bad percent-escape or a NUL
 *   ST_BAD_REQUEST "utf8_invalid"     invalid UTF-8 after decoding
 *   ST_BAD_REQUEST "query_too_many"   more than LIMIT_QUERY_PARAMS parameters
 *   ST_BAD_REQUEST "query_repeated"   the same key twice (refused rather than
 *                                     guessing which one the client meant)
 *   ST_NOMEM */
status http_target_parse(arena *a, const char *raw, http_target *out, error *e);

/* The value of query key `key`, or NULL when absent. */
const char *http_query_get(const http_target *t, const char *key);

/* ---- headers ---- */

/* If-Match for a record version: "N", N and W/"N" with N a positive
 * integer, surrounding spaces allowed. NULL or empty: ST_PRECONDITION
 * "precondition_required"; anything else: ST_BAD_REQUEST "if_match_invalid". */
status http_if_match_parse(const char *h, int64_t *version, error *e);

/* True when Content-Type header `h` names media type `type` ("text/csv"),
 * case-insensitively, with parameters allowed after ';' as long as any
 * charset parameter is UTF-8. NULL is never acceptable. */
bool http_content_type_is(const char *h, const char *type);

/* ---- cookies (cookie.c) ---- */

/* The session cookie's name (its longest value: LIMIT_COOKIE_VALUE). */
#define HTTP_SESSION_COOKIE "caunoi_session"

/* Find cookie `name` in a Cookie request header (RFC 6265 section 5.4:
 * "a=b; c=d", parsed leniently: pairs split on ';', white space around
 * names and values ignored, a pair without '=' skipped, one pair of double
 * quotes around a value removed). The first pair with that name counts.
 * *out is the value copied into `a`, or NULL when the header is NULL or has
 * no such cookie (or only an empty one). A value that is not 1 to
 * LIMIT_COOKIE_VALUE cookie-octets (RFC 6265 section 4.1.1: printable
 * ASCII but space, '"', ',', ';', '\\') is ST_BAD_REQUEST "cookie_invalid";
 * ST_NOMEM. Never reads past the header's NUL. */
status http_cookie_get(arena *a, const char *header, const char *name, const char **out, error *e);

/* The Set-Cookie value that gives the browser session `token` (cookie-octets
 * only, asserted) for max_age seconds: "caunoi_session=TOKEN; Path=/;
 * Max-Age=N; HttpOnly; SameSite=Strict" and "; Secure" when `secure`.
 * token NULL clears it ("caunoi_session=; ...; Max-Age=0; ..."). From `a`;
 * NULL on allocation failure. */
const char *http_session_cookie(arena *a, const char *token, int64_t max_age, bool secure);

/* ---- requests and responses ---- */

struct http_config;

typedef struct http_request {
    arena *a;           /* the request's arena: everything below lives in it */
    http_method method; /* HEAD is routed as GET; see head */
    bool head;          /* the client sent HEAD */
    http_target target;
    int64_t ids[LIMIT_PATH_PARAMS];        /* path parameters in order: each {..id} > 0, 0 else */
    const char *params[LIMIT_PATH_PARAMS]; /* every {name} parameter as text */
    size_t nparams;
    const char *body; /* NUL-terminated, body_len bytes; NULL without a body */
    size_t body_len;
    const char *content_type; /* header values or NULL */
    const char *accept_language;
    const char *if_match;
    const char *csrf_token;    /* X-CSRF-Token */
    const char *user_agent;    /* User-Agent, cut to LIMIT_USER_AGENT bytes, or NULL */
    const char *session_token; /* the caunoi_session cookie, NULL when absent */
    bool session_cookie_bad;   /* a caunoi_session cookie that is no token */
    const char *client_ip;     /* numeric address of the peer, "" when unknown */
    /* The caller's session, set by the gate (api/access.c) before the
     * handler runs; NULL on a public route. Its `who` is the actor every
     * service call of the request acts as. */
    const session_info *session;
    lang lg;        /* from Accept-Language */
    int64_t now;    /* Unix time the request arrived */
    svc_conn *conn; /* the worker thread's database connection */
    const struct http_config *cfg;
} http_request;

#define HTTP_MAX_HEADERS 8

typedef struct http_header {
    const char *name, *value;
} http_header;

/* What a handler answers. Either `body` (body_len bytes, owned by the
 * request's arena or static) or `fd` (an open regular file of fd_size bytes
 * that the server sends and closes). */
typedef struct http_response {
    int status;
    const char *content_type;
    const char *body;
    size_t body_len;
    int fd; /* -1 when the body is in memory */
    uint64_t fd_size;
    http_header headers[HTTP_MAX_HEADERS];
    size_t nheaders;
} http_response;

/* An empty 500 response (the value a handler that forgets to answer sends). */
void http_response_init(http_response *rs);
/* Add a header; the strings must outlive the response (arena or static).
 * Returns false when HTTP_MAX_HEADERS are already set. */
bool http_header_add(http_response *rs, const char *name, const char *value);

struct json_t;

/* Answer with a JSON document (already serialized, arena-owned or static). */
void http_respond_json_text(http_response *rs, int code, const char *json, size_t len);
/* Serialize `root` (a json_t, consumed; NULL means allocation failed: 500)
 * into the arena and answer it as JSON. */
void http_respond_json(http_response *rs, arena *a, int code, struct json_t *root);
/* The error object of docs/api.md: {"code", "field", "message"} worded in
 * `lg`, with "row" (an import's) and "arg" (what the message names: the
 * allowed actions, a missing document's kind) when there is one. NULL on
 * allocation failure. */
struct json_t *http_error_json(const error *e, lang lg);
/* Answer with the error object of docs/api.md, worded in `lg`; the HTTP
 * status comes from e->st. */
void http_respond_error(http_response *rs, arena *a, lang lg, const error *e);
/* Same with every error of `errs` in "errors" and the first in "error". */
void http_respond_errors(http_response *rs, arena *a, lang lg, const errlist *errs);
/* Answer `len` bytes of `data` (arena-owned or static) as a download:
 * Content-Type `media_type`, Content-Disposition: attachment with
 * `file_name` made safe (http_content_disposition). The server adds
 * X-Content-Type-Options: nosniff to every answer, so a browser never
 * reads an uploaded file as anything but its stored type. */
void http_respond_download(http_response *rs, arena *a, const char *media_type,
                           const unsigned char *data, size_t len, const char *file_name);
/* The Content-Disposition value for a download named `name` (UTF-8, may
 * be NULL): 'attachment; filename="ASCII"' where every byte outside
 * printable ASCII (one per character), and '"', '\\', '/', ';', '%', is '_' (and the name
 * "download" when nothing is left), then, when that changed the name,
 * "; filename*=UTF-8''" and the name percent-encoded (RFC 6266, RFC 8187)
 * with control characters, '"', '/' and '\\' dropped. From `a`; NULL
 * on allocation failure. */
const char *http_content_disposition(arena *a, const char *name);
/* Shorthand: build an error from its parts and answer it. */
void http_respond_fail(http_response *rs, arena *a, lang lg, status st, const char *code,
                       const char *field, const char *arg);

/* ---- routes ---- */

typedef void (*http_handler)(http_request *rq, http_response *rs);

/* What kind of body a route reads, and so which Content-Type it accepts. */
typedef enum http_body {
    BODY_NONE, /* anything sent is read and ignored up to LIMIT_JSON_BODY */
    BODY_JSON, /* application/json, up to LIMIT_JSON_BODY */
    BODY_CSV,  /* text/csv, up to LIMIT_IMPORT_BODY */
    BODY_FILE, /* a file's bytes: application/pdf, image/jpeg, image/png or
                  application/octet-stream, up to LIMIT_ATTACHMENT_BYTES. The
                  declared type is only a gate: what the bytes are is the
                  service's to decide (by content, never by name or type). */
} http_body;

/* Who may call a route, declared beside it in the route table and checked
 * in one place (api/access.c) before any handler runs:
 *   ACCESS_PUBLIC   no session (signing in, and nothing else);
 *   ACCESS_SESSION  a session whose role is in `roles` (else 403); the
 *                   record's scope is then enforced by the store (404);
 *   ACCESS_SELF     as ACCESS_SESSION, and for ROLE_MEMBER the route's {id}
 *                   must be the member's own record (else 404);
 *   ACCESS_INSTALLATION as ACCESS_SESSION, and the caller must cover the
 *                   whole installation -- an administrator or auditor with
 *                   no unit -- because what the route reads or changes
 *                   belongs to no subtree (security settings, the calendar's
 *                   days off, the whole audit chain) (else 403).
 * A route whose access is ACCESS_UNDECLARED (the zero value: a forgotten
 * rule) makes the server refuse to start and the route test fail. */
typedef enum http_access {
    ACCESS_UNDECLARED = 0,
    ACCESS_PUBLIC,
    ACCESS_SESSION,
    ACCESS_SELF,
    ACCESS_INSTALLATION,
} http_access;

/* One entry of the route table (src/api/routes.c). */
typedef struct http_route {
    http_method method;
    const char *pattern; /* "/api/v1/units/{id}/children": {id}, and any {..id}
                            such as {aid}, is an integer > 0 (in ids[]) */
    http_handler handler;
    http_body body;
    http_access access;
    unsigned roles;      /* ROLE_BIT mask (auth/auth.h) for every access but ACCESS_PUBLIC */
    const char *summary; /* one line, for readers of the table */
} http_route;

/* The body cap of a route's body kind. */
size_t http_body_cap(http_body b);
/* True when Content-Type header `h` is one that body kind `b` reads
 * (BODY_NONE reads any, even none). */
bool http_body_accepts(http_body b, const char *h);
/* The media types body kind `b` accepts, for the 415 answer's message
 * ("application/json"; "application/pdf, image/jpeg, ..."). */
const char *http_body_media(http_body b);

/* ST_OK when every route of the table declares its access; otherwise logs
 * each route that does not and answers ST_INTERNAL "route_undeclared" (arg:
 * the first such route). The server refuses to start on it. */
status http_routes_check(const http_route *table, size_t n, error *e);

/* The one authorization step, run by the server for every /api/ request
 * after routing and before reading the body or running the handler (the
 * gate is api_access_gate in api/access.c). Returns true to go on (with
 * rq->session set for a non-public route); false with `rs` filled with the
 * refusal. */
typedef bool (*http_gate)(http_request *rq, const http_route *route, http_response *rs);

/* Find the route for (method, path segments). On a match returns its index
 * and fills the request's path parameters. Otherwise returns -1 and sets
 * *allow to the methods the path accepts: 0 means no route has this path
 * (404), non-zero means a wrong method (405 with Allow). A trailing slash is
 * ignored. HEAD matches GET routes. */
long http_route_match(const http_route *table, size_t n, http_method m, const http_target *t,
                      http_request *rq, unsigned *allow);

/* "GET, HEAD, POST" for an allow mask, from `a`. */
const char *http_allow_header(arena *a, unsigned allow);

/* ---- static files ---- */

typedef struct http_config {
    const char *db_path;
    const char *web_dir;    /* the front end, and openapi.json */
    const char *vendor_dir; /* served under /vendor/ */
    const http_route *routes;
    size_t nroutes;
    http_gate gate; /* required: the server refuses to start without it */
    /* TLS: PEM text of the certificate (chain) and of its key, both or
     * neither; with them the server speaks only HTTPS and sends
     * Strict-Transport-Security. */
    const char *tls_cert_pem, *tls_key_pem;
    bool secure_cookies; /* add Secure to the session cookie (always under TLS) */
} http_config;

/* True when the session cookie must carry Secure. */
bool http_cookie_secure(const http_config *cfg);

/* MIME type for a file name by its extension, or NULL when caunoi does not
 * serve that kind of file. */
const char *http_mime_type(const char *name);

/* Answer with the regular file at root/rel (rel already a decoded path of
 * checked segments, without "..": the caller guarantees it). 404 when it is
 * missing, not a regular file, or of a type caunoi does not serve. */
void http_respond_file(http_request *rq, http_response *rs, const char *root, const char *rel);

/* Serve a GET or HEAD outside /api/: /vendor/x from the vendor root, a path
 * with a file extension from the web root, and any other path the front end's
 * index.html (it routes by URL). */
void http_serve_static(http_request *rq, http_response *rs);

/* ---- the server ---- */

/* Run the server on `listen` ("127.0.0.1:8080" or "[::1]:8080") with
 * `threads` workers until SIGINT or SIGTERM; each worker opens its own
 * database connection on its first request; all are closed on the way out.
 * Returns ST_OK after a clean stop. Refuses to start with ST_INTERNAL:
 * "route_undeclared" (http_routes_check), "internal" (no gate),
 * "tls_unsupported" (TLS asked of a libmicrohttpd without it),
 * "tls_failed" or "listen_failed" (with the address in e->arg). */
status http_serve(const http_config *cfg, const char *listen, int threads, error *e);

#endif
