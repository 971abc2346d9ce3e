/*
 * handbook.c -- /api/v1/handbook: the members' handbook over HTTP.
 *
 * List the pages, read one (its Markdown and its HTML, with an ETag),
 * create one, change one with If-Match, archive and restore it, and read
 * its history. Each handler is a thin face over one call of
 * service/handbook.h. This file must never decide who may write a page,
 * what a slug or a body may hold, or touch the HTML: the service renders
 * and sanitizes it, and it is answered as the service handed it.
 */
#include "api/handbook.h"

#include <string.h>

#include "api/api.h"
#include "core/str.h"
#include "service/handbook.h"

/* ---- JSON shapes (docs/api.md "Handbook") ---- */

/* A page; `full` adds "body" (Markdown) and "html" (list items leave
 * them out). NULL on allocation failure. */
static json_t *page_json(const handbook_page *p, bool full)
{
    static const char *const names[] = {
        "id",         "slug",       "title",      "position",   "archived", "version", "body_bytes",
        "created_by", "created_at", "updated_by", "updated_at", "body",     "html"};
    json_t *values[] = {json_integer(p->id),
                        api_str_json(p->slug),
                        api_str_json(p->title),
                        json_integer(p->position),
                        json_boolean(p->archived),
                        json_integer(p->version),
                        json_integer(p->body_bytes),
                        api_str_json(p->created_by),
                        api_str_json(p->created_at),
                        api_str_json(p->updated_by),
                        api_str_json(p->updated_at),
                        NULL,
                        NULL};
    size_t n = sizeof values / sizeof values[0] - 2;
    if (full) {
        values[n++] = api_str_json(p->body);
        values[n++] = api_str_json(p->html);
    }
    return api_object(names, values, n);
}

static json_t *revision_json(const handbook_revision *r, bool full)
{
    static const char *const names[] = {"version",    "title", "body_bytes", "created_by",
                                        "created_at", "body",  "html"};
    json_t *values[] = {json_integer(r->version),
                        api_str_json(r->title),
                        json_integer(r->body_bytes),
                        api_str_json(r->created_by),
                        api_str_json(r->created_at),
                        NULL,
                        NULL};
    size_t n = 5;
    if (full) {
        values[n++] = api_str_json(r->body);
        values[n++] = api_str_json(r->html);
    }
    return api_object(names, values, n);
}

/* Answer one page with its ETag. */
static void reply_page(http_request *rq, http_response *rs, int code, const handbook_page *p)
{
    api_etag(rq, rs, p->version);
    api_respond_json(rq, rs, code, page_json(p, true));
}

/* ---- reading ---- */

void api_handbook_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    bool archived = false;
    if (!api_query_bool(rq, rs, "include_archived", &archived))
        return;
    error e = {0};
    handbook_page *items;
    size_t n;
    if (svc_handbook_list(&s, archived, &items, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        if (json_array_append_new(list, page_json(&items[i], false)) != 0) {
            json_decref(list);
            list = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(list, NULL));
}

void api_handbook_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    handbook_page p;
    if (svc_handbook_get(&s, rq->params[0], &p, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_page(rq, rs, 200, &p);
}

/* ---- changing ---- */

/* The body of POST /handbook (slug, title, body, position) and, without
 * slug, of PATCH /handbook/{slug}. */
typedef struct page_body {
    const char *slug, *title, *body;
    int position; /* -1 not given */
} page_body;

static const api_field create_spec[] = {
    {"slug", AF_STRING, offsetof(page_body, slug)},
    {"title", AF_STRING, offsetof(page_body, title)},
    {"body", AF_STRING, offsetof(page_body, body)},
    {"position", AF_COUNT, offsetof(page_body, position)},
};
/* The same fields but the slug: a page keeps its address. */
static const api_field *const update_spec = create_spec + 1;
#define UPDATE_FIELDS (sizeof create_spec / sizeof create_spec[0] - 1)

static status decode_page(http_request *rq, bool creating, handbook_input *in, errlist *errs)
{
    page_body b = {0};
    status st = creating ? api_json_decode(rq->a, rq->body, rq->body_len, create_spec,
                                           sizeof create_spec / sizeof create_spec[0], &b, errs)
                         : api_json_decode(rq->a, rq->body, rq->body_len, update_spec,
                                           UPDATE_FIELDS, &b, errs);
    *in = (handbook_input){creating ? b.slug : NULL, b.title, b.body, b.position};
    return st;
}

void api_handbook_create(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    handbook_input in;
    handbook_page p;
    status st = decode_page(rq, true, &in, &errs);
    if (st == ST_OK)
        st = svc_handbook_create(&s, &in, &p, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_page(rq, rs, 201, &p);
    errlist_free(&errs);
}

void api_handbook_update(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    handbook_input in;
    handbook_page p;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = decode_page(rq, false, &in, &errs);
    if (st == ST_OK)
        st = svc_handbook_update(&s, rq->params[0], version, &in, &p, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_page(rq, rs, 200, &p);
done:
    errlist_free(&errs);
}

typedef status (*archive_call)(svc *s, const char *slug, int64_t version, handbook_page *out,
                               error *e);

/* Archive or restore: If-Match, and a body that is empty or {}. */
static void archive_or_restore(http_request *rq, http_response *rs, archive_call call)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    handbook_page p;
    error e = {0};
    if (!api_if_match(rq, rs, &version))
        goto done;
    if (rq->body_len > 0) {
        status st = api_json_decode(rq->a, rq->body, rq->body_len, NULL, 0, NULL, &errs);
        if (st != ST_OK) {
            api_respond_failed(rq, rs, st, &errs);
            goto done;
        }
    }
    if (call(&s, rq->params[0], version, &p, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        reply_page(rq, rs, 200, &p);
done:
    errlist_free(&errs);
}

void api_handbook_archive(http_request *rq, http_response *rs)
{
    archive_or_restore(rq, rs, svc_handbook_archive);
}

void api_handbook_restore(http_request *rq, http_response *rs)
{
    archive_or_restore(rq, rs, svc_handbook_restore);
}

/* ---- history ---- */

void api_handbook_revisions(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    int limit = 0;
    int64_t before = 0;
    if (!api_query_limit(rq, rs, &limit) || !api_query_id(rq, rs, "cursor", &before))
        return;
    error e = {0};
    handbook_revision_page pg;
    if (svc_handbook_revisions(&s, rq->params[0], before, limit, &pg, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; list && i < pg.n; i++)
        if (json_array_append_new(list, revision_json(&pg.items[i], false)) != 0) {
            json_decref(list);
            list = NULL;
        }
    const char *next =
        pg.next_before > 0 ? arena_printf(rq->a, "%lld", (long long)pg.next_before) : NULL;
    api_respond_json(rq, rs, 200, api_page_json(list, next));
}

void api_handbook_revision_get(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    handbook_revision r;
    int64_t version = 0;
    const char *v = rq->nparams > 1 ? rq->params[1] : "";
    if (!str_is_digits(v, strlen(v)) || !str_to_i64(v, &version) || version <= 0) {
        err_set(&e, ST_NOT_FOUND, "handbook_revision_not_found", NULL, v);
        api_respond_error(rq, rs, &e);
        return;
    }
    if (svc_handbook_revision_get(&s, rq->params[0], version, &r, &e) != ST_OK)
        api_respond_error(rq, rs, &e);
    else
        api_respond_json(rq, rs, 200, revision_json(&r, true));
}
