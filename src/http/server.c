/*
 * server.c -- libmicrohttpd in, typed requests out: the request lifecycle.
 *
 * The one file that knows libmicrohttpd. A fixed pool of worker threads
 * (MHD_OPTION_THREAD_POOL_SIZE) serves connections; each worker opens its
 * own database connection on its first request and keeps it, and all of
 * them are closed when the server stops. A request goes through:
 *
 *   1. request line  MHD reports the raw target to on_uri (the URI log
 *                    callback), which creates the request's state with its
 *                    arena: MHD hands that pointer to every later call as
 *                    *req_cls. It is created here rather than on the first
 *                    access-handler call because only here the target is
 *                    still raw, so our own parser (parse.c, fuzzed) decodes
 *                    it instead of MHD's.
 *   2. first call    headers are in: parse the target and the session
 *                    cookie, pick the route, refuse at once what can be
 *                    refused before any body is read (404, 405, 415, 413 by
 *                    Content-Length), then run the gate (api/access.c):
 *                    no handler runs, and no body is buffered, for a
 *                    caller the route's rule refuses (401, 403).
 *   3. body calls    bytes are appended to a buffer capped per route; past
 *                    the cap they are dropped and the answer will be 413.
 *   4. last call     build the typed http_request, run the handler or serve
 *                    a static file, turn the http_response into an MHD one
 *                    with the security headers, queue it.
 *   5. completed     on_completed frees the state and its arena.
 *
 * This file must never interpret a route's meaning, JSON, or the database:
 * handlers in api/ do that.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/str.h"
#include "http/http.h"
#include "service/service.h"

/* One worker thread's database connection. */
typedef struct worker_conn {
    pthread_t thread;
    svc_conn *conn;
} worker_conn;

typedef struct server {
    const http_config *cfg;
    pthread_mutex_t lock; /* guards conns */
    worker_conn conns[LIMIT_MAX_THREADS + 1];
    size_t nconns;
} server;

typedef struct req_state {
    server *srv;
    arena a;
    const char *raw_target;
    bool started;
    bool api;                /* under /api/ */
    const http_route *route; /* NULL for static files */
    http_request rq;
    strbuf body;
    bool keep_body; /* the route reads a body */
    size_t cap;
    size_t received;
    bool too_large;
    size_t dropped;
    bool responded; /* a response is queued */
    struct timespec t0;
} req_state;

/* On every response. (libmicrohttpd's own error pages -- 431 past the
 * header memory, 400 for a request line or header it cannot parse -- are
 * built inside the library, which offers no hook to add headers to them in
 * 0.9.75; they carry a fixed HTML body and no script.) */
static const char *const security_headers[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy",
     "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
};
/* Under TLS: browsers remember to use HTTPS for a year. */
static const char hsts[] = "max-age=31536000";

/* ---- worker connections ---- */

/* The calling worker's connection, opened on its first request. */
static status worker_conn_get(server *srv, svc_conn **out, error *e)
{
    pthread_t self = pthread_self();
    status st = ST_OK;
    pthread_mutex_lock(&srv->lock);
    for (size_t i = 0; i < srv->nconns; i++)
        if (pthread_equal(srv->conns[i].thread, self)) {
            *out = srv->conns[i].conn;
            goto done;
        }
    if (srv->nconns == sizeof srv->conns / sizeof srv->conns[0]) {
        st = err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        goto done;
    }
    /* Opening under the lock serializes the first request of each worker
     * only; migrations were applied by `serve` before the workers started. */
    st = svc_conn_open(srv->cfg->db_path, false, out, e);
    if (st == ST_OK) {
        srv->conns[srv->nconns].thread = self;
        srv->conns[srv->nconns].conn = *out;
        srv->nconns++;
    }
done:
    pthread_mutex_unlock(&srv->lock);
    return st;
}

static void worker_conns_close(server *srv)
{
    for (size_t i = 0; i < srv->nconns; i++)
        svc_conn_close(srv->conns[i].conn);
    srv->nconns = 0;
}

/* ---- responses ---- */

static enum MHD_Result send_response(struct MHD_Connection *c, req_state *st, http_response *rs)
{
    struct MHD_Response *r;
    if (rs->fd >= 0)
        r = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
    else
        r = MHD_create_response_from_buffer(rs->body_len, (void *)(rs->body ? rs->body : ""),
                                            MHD_RESPMEM_MUST_COPY);
    if (!r) {
        if (rs->fd >= 0)
            close(rs->fd);
        return MHD_NO;
    }
    bool ok = true;
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        ok = ok && MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
    if (st->srv->cfg->tls_cert_pem)
        ok = ok && MHD_add_response_header(r, "Strict-Transport-Security", hsts);
    if (rs->content_type)
        ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
    for (size_t i = 0; i < rs->nheaders; i++)
        ok = ok && MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
    /* Answers of the API hold personal data: no cache keeps them. */
    if (st->api && !MHD_get_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL))
        ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result res = ok ? MHD_queue_response(c, (unsigned)rs->status, r) : MHD_NO;
    MHD_destroy_response(r);
    st->responded = res == MHD_YES;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (long)((t1.tv_sec - st->t0.tv_sec) * 1000 + (t1.tv_nsec - st->t0.tv_nsec) / 1000000);
    /* Ids may appear in the path, never names: the query is not logged. */
    log_info("%s %s %d %ldms", http_method_name(st->rq.method),
             st->rq.target.path ? st->rq.target.path : "-", rs->status, ms);
    return res;
}

static enum MHD_Result send_fail(struct MHD_Connection *c, req_state *st, status code_st,
                                 const char *code, const char *field, const char *arg)
{
    http_response rs;
    http_response_init(&rs);
    http_respond_fail(&rs, &st->a, st->rq.lg, code_st, code, field, arg);
    return send_response(c, st, &rs);
}

static enum MHD_Result send_error(struct MHD_Connection *c, req_state *st, const error *e,
                                  int http_status)
{
    http_response rs;
    http_response_init(&rs);
    http_respond_error(&rs, &st->a, st->rq.lg, e);
    if (http_status)
        rs.status = http_status;
    return send_response(c, st, &rs);
}

/* ---- the request lifecycle ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    req_state *st = xcalloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->srv = cls;
    clock_gettime(CLOCK_MONOTONIC, &st->t0);
    st->raw_target = arena_strdup(&st->a, uri ? uri : "");
    return st;
}

static const char *header(struct MHD_Connection *c, req_state *st, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? arena_strdup(&st->a, v) : NULL;
}

static enum MHD_Result count_lengths(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind, (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

/* Content-Length, when sent: -1 when absent, -2 when malformed or sent
 * twice (MHD would read the first; a proxy in front might have read the
 * other: the request-smuggling ambiguity RFC 9112 section 6.3 refuses). */
static int64_t content_length(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    int64_t n;
    int count = 0;
    if (!v)
        return -1;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_lengths, &count);
    if (count != 1)
        return -2;
    return str_is_digits(v, strlen(v)) && str_to_i64(v, &n) ? n : -2;
}

/* The peer's numeric address ("" when MHD cannot say), for the audit trail. */
static const char *client_ip(struct MHD_Connection *c, arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[NI_MAXHOST];
    if (!ci || !ci->client_addr)
        return "";
    const struct sockaddr *sa = ci->client_addr;
    socklen_t len = sa->sa_family == AF_INET6 ? (socklen_t)sizeof(struct sockaddr_in6)
                                              : (socklen_t)sizeof(struct sockaddr_in);
    if (getnameinfo(sa, len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
        return "";
    const char *ip = arena_strdup(a, host);
    return ip ? ip : "";
}

/* The session cookie and the CSRF header of an /api/ request. A malformed
 * session cookie is remembered (the gate answers session_invalid); only
 * running out of memory stops the request. */
static bool read_credentials(struct MHD_Connection *c, req_state *st, error *e)
{
    const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    status s = http_cookie_get(&st->a, cookie, HTTP_SESSION_COOKIE, &st->rq.session_token, e);
    if (s == ST_NOMEM)
        return false;
    st->rq.session_cookie_bad = s != ST_OK;
    st->rq.csrf_token = header(c, st, "X-CSRF-Token");
    const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
    char ua_cut[LIMIT_USER_AGENT + 1];
    if (ua) {
        str_copy_utf8(ua_cut, sizeof ua_cut, ua);
        st->rq.user_agent = arena_strdup(&st->a, ua_cut);
    }
    st->rq.client_ip = client_ip(c, &st->a);
    return true;
}

/* Pick the route of an /api/ request and check what can be checked before
 * the body: 404, 405, 415. Returns MHD_YES with nothing queued to go on. */
static enum MHD_Result begin_api(server *srv, struct MHD_Connection *c, req_state *st)
{
    unsigned allow;
    long i = http_route_match(srv->cfg->routes, srv->cfg->nroutes, st->rq.method, &st->rq.target,
                              &st->rq, &allow);
    if (i < 0 && allow == 0)
        return send_fail(c, st, ST_NOT_FOUND, "not_found", NULL, NULL);
    if (i < 0) {
        http_response rs;
        http_response_init(&rs);
        http_respond_fail(&rs, &st->a, st->rq.lg, ST_BAD_REQUEST, "method_not_allowed", NULL,
                          http_method_name(st->rq.method));
        rs.status = 405;
        http_header_add(&rs, "Allow", http_allow_header(&st->a, allow));
        return send_response(c, st, &rs);
    }
    st->route = &srv->cfg->routes[i];
    st->keep_body = st->route->body != BODY_NONE;
    st->cap = http_body_cap(st->route->body);
    if (!http_body_accepts(st->route->body, st->rq.content_type))
        return send_fail(c, st, ST_UNSUPPORTED, "unsupported_media_type", NULL,
                         http_body_media(st->route->body));
    return MHD_YES;
}

/* The gate, before any body is read: a caller the route refuses makes the
 * server buffer nothing. Needs the worker's database connection (the
 * session lives there), which the handler then uses too. */
static enum MHD_Result authorize(server *srv, struct MHD_Connection *c, req_state *st)
{
    error e = {0};
    if (!read_credentials(c, st, &e))
        return send_fail(c, st, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (worker_conn_get(srv, &st->rq.conn, &e) != ST_OK) {
        log_error("database open failed: %s", e.code ? e.code : "?");
        return send_fail(c, st, ST_UNAVAILABLE, "db_unavailable", NULL, NULL);
    }
    http_response rs;
    http_response_init(&rs);
    if (!srv->cfg->gate(&st->rq, st->route, &rs))
        return send_response(c, st, &rs);
    return MHD_YES;
}

static enum MHD_Result begin(server *srv, struct MHD_Connection *c, req_state *st,
                             const char *method)
{
    error e = {0};
    st->started = true;
    st->rq.a = &st->a;
    st->rq.cfg = srv->cfg;
    st->rq.now = (int64_t)time(NULL);
    st->rq.accept_language = header(c, st, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    st->rq.content_type = header(c, st, MHD_HTTP_HEADER_CONTENT_TYPE);
    st->rq.if_match = header(c, st, MHD_HTTP_HEADER_IF_MATCH);
    st->rq.lg = lang_from_header(st->rq.accept_language);
    st->rq.method = http_method_parse(method);
    st->rq.head = st->rq.method == HTTP_HEAD;
    st->cap = LIMIT_JSON_BODY;
    if (!st->raw_target)
        return send_fail(c, st, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (http_target_parse(&st->a, st->raw_target, &st->rq.target, &e) != ST_OK)
        return send_error(c, st, &e, strcmp(e.code, "url_too_long") == 0 ? 414 : 0);
    st->api = st->rq.target.nsegs > 0 && strcmp(st->rq.target.segs[0], "api") == 0;
    enum MHD_Result r = MHD_YES;
    if (st->api) {
        r = begin_api(srv, c, st);
    } else if (st->rq.method != HTTP_GET && st->rq.method != HTTP_HEAD) {
        http_response rs;
        http_response_init(&rs);
        http_respond_fail(&rs, &st->a, st->rq.lg, ST_BAD_REQUEST, "method_not_allowed", NULL,
                          method);
        rs.status = 405;
        http_header_add(&rs, "Allow", "GET, HEAD");
        return send_response(c, st, &rs);
    }
    if (r != MHD_YES || st->responded)
        return r;
    int64_t len = content_length(c);
    if (len == -2)
        return send_fail(c, st, ST_BAD_REQUEST, "content_length_invalid", NULL, NULL);
    if (len > (int64_t)st->cap)
        return send_fail(c, st, ST_TOO_LARGE, "body_too_large", NULL,
                         arena_printf(&st->a, "%zu", st->cap));
    return st->api ? authorize(srv, c, st) : MHD_YES;
}

/* Take a piece of the body (a route without one reads and ignores it, up to
 * the same cap). Past the cap the bytes are dropped and the answer will be
 * 413; when the client keeps sending another cap's worth (a chunked upload
 * has no Content-Length to refuse early), the connection is closed. */
static enum MHD_Result absorb(req_state *st, const char *data, size_t *size)
{
    size_t n = *size;
    *size = 0;
    if (!st->too_large && st->received + n <= st->cap) {
        st->received += n;
        if (st->keep_body)
            buf_append(&st->body, data, n);
        return MHD_YES;
    }
    st->too_large = true;
    st->dropped += n;
    return st->dropped > st->cap ? MHD_NO : MHD_YES;
}

static enum MHD_Result finish(struct MHD_Connection *c, req_state *st)
{
    if (st->too_large)
        return send_fail(c, st, ST_TOO_LARGE, "body_too_large", NULL,
                         arena_printf(&st->a, "%zu", st->cap));
    if (st->body.failed)
        return send_fail(c, st, ST_NOMEM, "out_of_memory", NULL, NULL);
    http_response rs;
    http_response_init(&rs);
    if (st->keep_body) {
        st->rq.body = st->body.len ? st->body.data : "";
        st->rq.body_len = st->body.len;
    }
    if (!st->api) {
        http_serve_static(&st->rq, &rs);
        return send_response(c, st, &rs);
    }
    st->route->handler(&st->rq, &rs);
    return send_response(c, st, &rs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
    (void)url, (void)version;
    server *srv = cls;
    req_state *st = *req_cls;
    if (!st)
        return MHD_NO; /* on_uri could not allocate: drop the connection */
    if (!st->started)
        return begin(srv, c, st, method);
    if (*upload_size)
        return absorb(st, upload_data, upload_size);
    return finish(c, st);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    req_state *st = *req_cls;
    if (!st)
        return;
    buf_free(&st->body);
    arena_free(&st->a);
    xfree(st);
    *req_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    if (vsnprintf(line, sizeof line, fmt, ap) < 0)
        return;
    line[strcspn(line, "\n")] = '\0';
    log_warn("microhttpd: %s", line);
}

/* ---- start and stop ---- */

/* Split "host:port" or "[v6]:port" and resolve it (numeric or a name). */
static status resolve(const char *listen, struct addrinfo **out, error *e)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return err_set(e, ST_INTERNAL, "listen_failed", NULL, listen);
    const char *h = listen;
    size_t hl = (size_t)(colon - listen);
    if (h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    if (getaddrinfo(host, colon + 1, &hints, out) != 0)
        return err_set(e, ST_INTERNAL, "listen_failed", NULL, listen);
    return ST_OK;
}

/* What must hold before the server listens: every route declares its
 * access, there is a gate to enforce it, and TLS is there when asked for. */
static status preflight(const http_config *cfg, error *e)
{
    status st = http_routes_check(cfg->routes, cfg->nroutes, e);
    if (st != ST_OK)
        return st;
    if (!cfg->gate)
        return err_set(e, ST_INTERNAL, "internal", NULL, "no access gate");
    if (!cfg->tls_cert_pem != !cfg->tls_key_pem)
        return err_set(e, ST_INTERNAL, "tls_failed", NULL, NULL);
    if (cfg->tls_cert_pem && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return err_set(e, ST_INTERNAL, "tls_unsupported", NULL, NULL);
    return ST_OK;
}

status http_serve(const http_config *cfg, const char *listen, int threads, error *e)
{
    server srv = {.cfg = cfg};
    struct addrinfo *ai = NULL;
    status st = preflight(cfg, e);
    if (st == ST_OK)
        st = resolve(listen, &ai, e);
    if (st != ST_OK)
        return st;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* Workers inherit the mask: only sigwait below sees the stop signals. */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_mutex_init(&srv.lock, NULL);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    if (cfg->tls_cert_pem)
        flags |= MHD_USE_TLS;
    else
        tls[0].option = MHD_OPTION_END;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, &srv,
        MHD_OPTION_ARRAY, tls, MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIMIT_CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_CONNECTION_MEMORY,
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!d) {
        /* A bad certificate or key fails here too; MHD's log has said which. */
        st = err_set(e, ST_INTERNAL, cfg->tls_cert_pem ? "tls_failed" : "listen_failed", NULL,
                     listen);
        goto done;
    }
    log_info("caunoi serving on %s://%s with %d threads", cfg->tls_cert_pem ? "https" : "http",
             listen, threads);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    log_info("signal %d: stopping", sig);
    MHD_stop_daemon(d);
done:
    worker_conns_close(&srv);
    pthread_mutex_destroy(&srv.lock);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    return st;
}
