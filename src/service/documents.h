/*
 * documents.h -- the printed documents as use cases (issue 6, DOCUMENTS.md):
 * a trip's application to go abroad (Đơn đề nghị ra nước ngoài), the
 * commitment about relatives abroad (Bản cam kết về thân nhân ở nước
 * ngoài), the post-trip report (Báo cáo kết quả ra nước ngoài), a
 * transfer's introduction letter (Giấy giới thiệu sinh hoạt đảng, as a data
 * sheet to copy onto the numbered blank), and the review report of a
 * subtree with its charts.
 *
 * Each loads its records through the existing use cases, so who may print
 * what is exactly who may read it there: a trip as svc_trip_get allows
 * (a member their own, staff within scope; another's or outside scope is
 * ST_NOT_FOUND "trip_not_found"), a transfer as svc_transfer_get (the
 * receiving side too), the review report as svc_review_report (staff only).
 * The member's details (date of birth, card number, dates of admission)
 * come from svc_member_get when the actor's scope holds the member; the
 * receiving side of a transfer, which sees only the member's name, gets a
 * letter with gaps where those would be. Names of the bodies above the
 * member's cell are printed in the header whatever the actor's scope: a
 * header names its bodies. Nothing is written or audited (printing is a
 * reading of what the faces already show).
 *
 * The PDF (A4, profile party-hd36, real text) is appended to *out (the
 * caller's buffer, which it frees); on failure nothing is appended.
 */
#ifndef CAUNOI_SERVICE_DOCUMENTS_H
#define CAUNOI_SERVICE_DOCUMENTS_H

#include <stdint.h>

#include "core/date.h"
#include "core/str.h"
#include "core/limits.h"
#include "service/service.h"

/* DOCUMENT_CHART_BARS (core/limits.h): the most bars a country chart shows. */

/* The trip's document of `kind`: "application", "commitment" or "report".
 * Errors, in order: ST_INVALID "document_kind_invalid" (field "kind");
 * svc_trip_get's; ST_CONFLICT "document_not_applicable" (arg the purpose:
 * a commitment for a trip that is not a visit to relatives); ST_CONFLICT
 * "document_not_ready" (arg the state: a report before the trip returned,
 * i.e. not in returned, report_submitted, report_reviewed or closed);
 * ST_NOMEM; ST_INTERNAL "pdf_failed". A report not yet written prints
 * with dotted lines to write it on. */
status svc_document_trip(svc *s, int64_t trip_id, const char *kind, strbuf *out, error *e);

/* The transfer's introduction letter. Errors: svc_transfer_get's
 * ("transfer_not_found"); ST_CONFLICT "document_not_applicable" (arg
 * "cancelled": a cancelled letter is not printed); ST_NOMEM; ST_INTERNAL
 * "pdf_failed". */
status svc_document_transfer(svc *s, int64_t transfer_id, strbuf *out, error *e);

/* The review report of the subtree of unit_id (0: the actor's unit) over
 * [from, to] beside the period of equal length before it: the headline
 * figures compared, trips by year (chart and table), by country (chart
 * and table), by purpose and by unit, members abroad, arrangements,
 * reports on time and late, violations by rule. Errors: svc_review_report's
 * (ST_FORBIDDEN "forbidden" for members, "stats_period", ...); ST_NOMEM;
 * ST_INTERNAL "pdf_failed". */
status svc_document_review(svc *s, int64_t unit_id, date_t from, date_t to, strbuf *out, error *e);

#endif
