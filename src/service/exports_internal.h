/*
 * exports_internal.h -- what the export files share (service/exports.c,
 * exports_lists.c, exports_stats.c): one writer over XLSX or CSV, the
 * words in the request's language, the title, the unit exported and the
 * audit entry. Nothing outside these files includes it.
 */
#ifndef CAUNOI_EXPORTS_INTERNAL_H
#define CAUNOI_EXPORTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "auth/auth.h"
#include "core/limits.h"
#include "report/xlsx.h"
#include "service/exports.h"

/* A column in both languages. */
typedef struct exp_col {
    const char *vi, *en;
    sheet_type type;
    int decimals;
} exp_col;

/* A stable name and its words (a state, a purpose, a kind). */
typedef struct exp_label {
    const char *name, *vi, *en;
} exp_label;

/* The file being built: XLSX sheets or one CSV table appended to `out`
 * (from `start`; cut back there on failure). */
typedef struct exp_out {
    svc *s;
    bool xlsx;
    xlsx_book *book;
    strbuf *out;
    size_t start;
    sheet_column cols[LIMIT_CSV_COLUMNS];
    size_t ncols;
    bool csv_header; /* the CSV's one header written */
    long rows;       /* every sheet's */
} exp_out;

/* The unit an export covers. */
typedef struct exp_unit {
    int64_t id; /* 0: the whole installation */
    const char *code, *name, *path;
} exp_unit;

/* "xlsx" (NULL, "") or "csv"; else ST_INVALID "export_format_invalid". */
status exp_format(const char *format, bool *xlsx, error *e);
/* Start writing to `out`. */
status exp_open(svc *s, bool xlsx, strbuf *out, exp_out *x, error *e);
/* A table: a sheet of the XLSX (name and title in s->lg), or the CSV's
 * header (a CSV holds one table: a second call is a programming error). */
status exp_table(exp_out *x, const char *name_vi, const char *name_en, const char *title,
                 const exp_col *cols, size_t ncols, error *e);
status exp_row(exp_out *x, const sheet_cell *cells, error *e);
/* Finish the file (the XLSX's bytes appended). On failure `out` is as it
 * was before exp_open. Frees what exp_open took either way. */
status exp_finish(exp_out *x, error *e);
/* Abandon: `out` cut back, the book removed. */
void exp_abandon(exp_out *x);

/* vi or en by s->lg. */
const char *exp_word(const svc *s, const char *vi, const char *en);
/* The words for `name` in labels[0..n), the name itself when unknown,
 * NULL for NULL. */
const char *exp_label_of(const svc *s, const exp_label *labels, size_t n, const char *name);

/* The unit of unit_id (0: the actor's own, or the whole installation),
 * within the scope: ST_NOT_FOUND "unit_not_found" otherwise. */
status exp_unit_get(svc *s, int64_t unit_id, exp_unit *u, error *e);
/* "<what> — <unit> — từ dd/mm/yyyy đến dd/mm/yyyy" (an open period: the
 * side given, or "ngày <today>"), in s->a; NULL when out of memory. */
const char *exp_title(svc *s, const char *what_vi, const char *what_en, const exp_unit *u,
                      date_t from, date_t to);
/* "<what>-<code|all>-<from>-<to>.<xlsx|csv>", in s->a. */
const char *exp_file_name(svc *s, const char *what, const exp_unit *u, date_t from, date_t to,
                          bool xlsx);
/* The Vietnam date of a "YYYY-MM-DDTHH:MM:SSZ" timestamp; DATE_NONE for
 * NULL or anything else. */
date_t exp_vn_date(const char *timestamp);

/* The "export.<what>" entry in its own write transaction: record the
 * unit, scope its path, after the fields given and the format, the
 * period and the rows. */
status exp_audit(svc *s, const char *what, const exp_unit *u, bool xlsx, date_t from, date_t to,
                 const audit_field *filters, size_t nfilters, long rows, error *e);

/* The four lists (exports_lists.c), each into x over the pages of its
 * use case; *unit is the subtree exported. */
status exp_members(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e);
status exp_trips(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e);
status exp_transfers(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e);
status exp_alerts(svc *s, const export_query *q, const exp_unit *u, exp_out *x, error *e);

#endif
