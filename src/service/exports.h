/*
 * exports.h -- the lists and the statistics as files people open in a
 * spreadsheet program: XLSX (report/xlsx.h) or CSV (report/csv_table.h),
 * for members, trips, alerts, transfers and every statistics table (issue
 * 6, "Spreadsheets").
 *
 * The rows come through the use cases that list them (svc_member_search,
 * svc_trip_list, svc_alerts_list, svc_transfer_list, svc_review_report),
 * so an export shows exactly what the actor may see in the interface:
 * their scope, their role's refusals, the same errors. Lists are read a
 * page at a time (keyset paging, each page its own read transaction), the
 * page's memory freed before the next, so an export of a province holds
 * one page and the file.
 *
 * Words: headers, the title, the sheet names and the labels of states,
 * purposes and kinds follow s->lg -- Vietnamese unless the request asks
 * for English (the API passes Accept-Language) -- so the file reads in the
 * language of the screen it was asked from. The member list's headers are
 * the importer's (Vietnamese or English, both read back), its values as
 * the member CSV export writes them, so a member CSV re-imports unchanged.
 *
 * Layout: XLSX has one sheet a table, row 1 the title (what, the unit, the
 * period: "Danh sách chuyến đi — Đảng bộ tỉnh Hà Nội — từ 01/01/2026 đến
 * 31/12/2026"), row 2 the headers (frozen, with an autofilter), real date
 * cells, fitted widths. CSV: a UTF-8 BOM, the header, the rows, CRLF, no
 * title; formula-like text guarded (text/csv.h).
 *
 * Every completed export is audited in its own short write transaction
 * after the file is built: "export.<what>" ("export.members",
 * "export.trips", "export.alerts", "export.transfers", "export.stats"),
 * record "unit" (the unit exported; the actor's own unit for their whole
 * scope, 0 for the whole installation), scope the subtree's path, after
 * {unit_id, format, from, to, the filters, rows}. When the entry cannot be
 * written the export fails and *out is left as it was, so a face never
 * hands over an unaudited file. Refusals write nothing.
 *
 * Ownership: *out is the caller's strbuf (the bytes are appended);
 * export_file's strings live in s->a.
 */
#ifndef CAUNOI_SERVICE_EXPORTS_H
#define CAUNOI_SERVICE_EXPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/str.h"
#include "service/service.h"

typedef struct export_query {
    const char *what;   /* "members", "trips", "alerts", "transfers" */
    const char *format; /* "xlsx" (NULL or "" too), "csv" */
    int64_t unit_id;    /* the subtree; 0: the actor's scope */
    /* The period, inclusive; DATE_NONE: open on that side. Trips: leaving
     * in it (the actual departure when recorded, else the planned one;
     * trips with neither are left out when a period is given); transfers:
     * issued in it; alerts: the violation began in it (`since`, as the
     * statistics count them); members: not used (the list as of today). */
    date_t from, to;
    /* members: NULL active, "all", or a status name (as svc_members_export);
     * trips: NULL any, "open", "abroad" or a state name;
     * transfers: NULL any, "open" or a state name;
     * alerts: NULL open ones, "all" resolved ones too. */
    const char *status;
    const char *purpose, *country; /* trips: as trip_query; NULL any */
    const char *direction;         /* transfers: NULL/"any", "outgoing", "incoming" */
} export_query;

/* What the face needs to hand the file over. */
typedef struct export_file {
    const char *file_name;  /* ASCII, "trips-HN-2026-01-01-2026-12-31.xlsx" */
    const char *media_type; /* the XLSX or "text/csv; charset=utf-8" type */
    long rows;              /* data rows written (every sheet's, for the statistics) */
} export_file;

#define EXPORT_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define EXPORT_CSV_TYPE  "text/csv; charset=utf-8"

/* Build the file of q->what and append it to `out`; *info (may be NULL)
 * says its name, type and rows. Errors, in this order: ST_INVALID
 * "export_table_invalid" (field "what"), "export_format_invalid" (field
 * "format"), "export_period" (field "from": from after to); ST_NOT_FOUND
 * "unit_not_found" (a unit outside the scope); then the list's own
 * (svc_member_search's "member_status_filter", svc_trip_list's
 * "trip_state_invalid", "trip_purpose_invalid", "country_invalid",
 * svc_transfer_list's "transfer_state_invalid",
 * "transfer_direction_invalid", svc_alerts_list's, ST_FORBIDDEN where the
 * list refuses the role); ST_TOO_LARGE "export_too_many_rows" (an XLSX
 * sheet past XLSX_ROWS_MAX: ask for CSV or a smaller subtree); ST_NOMEM;
 * ST_INTERNAL (the spreadsheet library, the temporary file); the
 * database's. On failure nothing is appended and nothing audited. */
status svc_export_table(svc *s, const export_query *q, strbuf *out, export_file *info, error *e);

/* The review report of the subtree of unit_id (0: as svc_stats) for
 * [from, to] as a file: XLSX with one sheet a statistics table (trips by
 * year, by purpose, by country, by unit; members abroad by country and by
 * cell type; arrangements; post-trip reports; violations by rule and by
 * rule and year), each row with the figure of the period, of the previous
 * period of equal length and the change, after a summary sheet of the
 * headline figures; CSV: the same tables as one long table (table, key,
 * name, current, previous, change). Errors: "export_format_invalid",
 * svc_review_report's ("forbidden", "stats_period",
 * "calendar_out_of_range", "unit_not_found"), as svc_export_table's
 * otherwise. Audited "export.stats". */
status svc_export_stats(svc *s, int64_t unit_id, date_t from, date_t to, const char *format,
                        strbuf *out, export_file *info, error *e);

#endif
