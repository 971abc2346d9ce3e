/*
 * documents.c -- the printed documents as PDF downloads (docs/api.md
 * "Documents"): GET /trips/{id}/documents/{kind} (the application to go
 * abroad, the commitment about relatives abroad, the post-trip report) and
 * GET /transfers/{id}/letter (the introduction letter's data sheet).
 *
 * Thin faces over service/documents.h, which loads the records through
 * the trips' and transfers' use cases: whoever may read the record may
 * print it (a member their own trip), and nothing is written. This file
 * must never fill a document, decide whether one applies or choose who may
 * print it.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "api/api.h"
#include "report/pdf.h"
#include "service/documents.h"

#define PDF_TYPE "application/pdf"

void api_document_trip(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    strbuf b = {0};
    const char *kind = rq->params[1];
    if (svc_document_trip(&s, rq->ids[0], kind, &b, &e) != ST_OK) {
        buf_free(&b);
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_buffer(rq, rs, &b, PDF_TYPE,
                       arena_printf(rq->a, "trip-%" PRId64 "-%s.pdf", rq->ids[0], kind));
}

void api_document_transfer(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    strbuf b = {0};
    if (svc_document_transfer(&s, rq->ids[0], &b, &e) != ST_OK) {
        buf_free(&b);
        api_respond_error(rq, rs, &e);
        return;
    }
    api_respond_buffer(rq, rs, &b, PDF_TYPE,
                       arena_printf(rq->a, "transfer-%" PRId64 "-letter.pdf", rq->ids[0]));
}
