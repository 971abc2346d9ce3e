/*
 * imports.c -- POST /api/v1/imports: a CSV file of members.
 *
 * The body is the file itself (Content-Type text/csv, up to
 * LIMIT_IMPORT_BODY); ?file_name= names it for the import record and
 * ?dry_run=1 checks every row without writing. The service checks the whole
 * file first and imports all of it or nothing; this handler only reports:
 * 200 when imported, 422 with every row error, 400 when the file itself
 * cannot be read. This file must never look inside the CSV.
 */
#include <string.h>

#include "api/api.h"

/* The longest file name kept with an import (a name, not a path). */
#define IMPORT_FILE_NAME_MAX 255

/* {row, column, field, code, message}: the column as the file wrote it,
 * the field as the API names it (null when the column is not one). */
static json_t *row_error_json(const error *e, lang lg, arena *a)
{
    char msg[512];
    err_message(e, lg, msg, sizeof msg);
    const char *column = e->field[0] ? e->field : NULL;
    return json_pack("{s:I, s:s?, s:s?, s:s, s:s}", "row", (json_int_t)e->row, "column", column,
                     "field", column ? svc_import_column_field(column, a) : NULL, "code",
                     e->code ? e->code : "internal", "message", msg);
}

static json_t *report_json(const import_report *r, lang lg, arena *a)
{
    json_t *errors = json_array();
    for (size_t i = 0; errors && i < r->errors.len; i++)
        if (json_array_append_new(errors, row_error_json(&r->errors.items[i], lg, a)) != 0) {
            json_decref(errors);
            errors = NULL;
        }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:b, s:o}", "rows", (json_int_t)r->rows, "created",
                          (json_int_t)r->created, "updated", (json_int_t)r->updated, "unchanged",
                          (json_int_t)r->unchanged, "committed", r->committed, "errors", errors);
    if (o && r->import_id > 0 &&
        json_object_set_new(o, "import_id", json_integer(r->import_id)) != 0) {
        json_decref(o);
        return NULL;
    }
    /* A refused file also carries the uniform error object (the first). */
    if (o && r->errors.len > 0 && !r->committed &&
        json_object_set(o, "error", json_array_get(errors, 0)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void api_import(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    bool dry_run = false;
    const char *file_name = NULL;
    if (!api_query_bool(rq, rs, "dry_run", &dry_run) ||
        !api_query_text(rq, rs, "file_name", IMPORT_FILE_NAME_MAX, &file_name))
        return;
    import_report r;
    memset(&r, 0, sizeof r);
    status st = svc_members_import(&s, rq->body, rq->body_len, file_name, dry_run, &r);
    if (st == ST_OK || st == ST_INVALID || (st == ST_BAD_REQUEST && r.errors.len > 0))
        api_respond_json(rq, rs, status_http(st), report_json(&r, rq->lg, rq->a));
    else
        api_respond_failed(rq, rs, st, &r.errors);
    errlist_free(&r.errors);
}
