/*
 * reviews.c -- /api/v1/members/{id}/reviews: disciplinary reviews.
 *
 * Only the dates are kept (DOMAIN.md): a committee officer opens a review
 * on a date and closes it on another; staff in scope read them. An open
 * review blocks the approval of the member's trips, which the trip service
 * decides. This file must never hold more than the dates, nor decide who
 * may open or close: the route table and the service do.
 */
#include "api/api.h"

/* {"id", "version", "member_id", "opened_on", "closed_on", "created_by",
 * "created_at"} */
static json_t *review_json(const disciplinary_review *r)
{
    static const char *const names[] = {"id",        "version",    "member_id", "opened_on",
                                        "closed_on", "created_by", "created_at"};
    json_t *values[] = {json_integer(r->id),         json_integer(r->version),
                        json_integer(r->member_id),  api_date_json(r->opened_on),
                        api_date_json(r->closed_on), api_str_json(r->created_by),
                        api_str_json(r->created_at)};
    return api_object(names, values, sizeof values / sizeof values[0]);
}

static void reply_review(http_request *rq, http_response *rs, int code,
                         const disciplinary_review *r)
{
    api_etag(rq, rs, r->version);
    api_respond_json(rq, rs, code, review_json(r));
}

void api_reviews_list(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    disciplinary_review *list;
    size_t n;
    if (svc_review_list(&s, rq->ids[0], &list, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, review_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    api_respond_json(rq, rs, 200, api_page_json(items, NULL));
}

/* Decode {"<field>": "YYYY-MM-DD"} (only that field) into *date. */
static status decode_date(http_request *rq, const char *field, const char **date, errlist *errs)
{
    const api_field spec[] = {{field, AF_STRING, 0}};
    *date = NULL;
    return api_json_decode(rq->a, rq->body, rq->body_len, spec, 1, (void *)date, errs);
}

void api_review_open(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    const char *on;
    disciplinary_review r;
    status st = decode_date(rq, "opened_on", &on, &errs);
    if (st == ST_OK)
        st = svc_review_open(&s, rq->ids[0], on, &r, &errs);
    if (st != ST_OK) {
        api_respond_failed(rq, rs, st, &errs);
    } else {
        http_header_add(rs, "Location",
                        arena_printf(rq->a, "/api/v1/members/%lld/reviews/%lld",
                                     (long long)r.member_id, (long long)r.id));
        reply_review(rq, rs, 201, &r);
    }
    errlist_free(&errs);
}

void api_review_close(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    errlist errs;
    errlist_init(&errs, 0);
    int64_t version;
    const char *on;
    disciplinary_review r;
    if (!api_if_match(rq, rs, &version))
        goto done;
    status st = decode_date(rq, "closed_on", &on, &errs);
    if (st == ST_OK)
        st = svc_review_close(&s, rq->ids[0], rq->ids[1], version, on, &r, &errs);
    if (st != ST_OK)
        api_respond_failed(rq, rs, st, &errs);
    else
        reply_review(rq, rs, 200, &r);
done:
    errlist_free(&errs);
}
