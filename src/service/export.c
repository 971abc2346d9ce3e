/*
 * export.c -- the members of a subtree as CSV that spreadsheet programs
 * open with the diacritics intact, and that the importer reads back
 * unchanged.
 *
 * UTF-8 with a BOM, CRLF, the Vietnamese headers of docs/api.md in their
 * order, rows in Vietnamese order, formula-like fields guarded by
 * csv_write_field. Pages through the store by keyset inside one read
 * transaction, so a large export is consistent and its memory bounded by a
 * page. Every export that completes is in the audit trail (members.export:
 * the unit, the status filter, the number of rows), written before the API
 * hands the file over. This file must never write a column the importer
 * cannot read.
 */
#include "service/audit.h"
#include "service/svc_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "text/csv.h"

static const char BOM[] = "\xEF\xBB\xBF";

static void write_header(strbuf *out)
{
    const char *names[SVC_COL_COUNT];
    for (int k = 0; k < SVC_COL_COUNT; k++)
        names[k] = svc_columns[k].vi;
    buf_append(out, BOM, 3);
    csv_write_record(out, names, SVC_COL_COUNT);
}

static void write_member(strbuf *out, const member *m)
{
    char birth[DATE_ISO_LEN], admitted[DATE_ISO_LEN], official[DATE_ISO_LEN];
    date_format(m->birth_date, birth);
    date_format(m->admitted_on, admitted);
    date_format(m->official_on, official);
    const char *v[SVC_COL_COUNT];
    v[SVC_COL_FULL_NAME] = m->full_name;
    v[SVC_COL_SEX] = m->sex == 'F' ? "Nữ" : "Nam";
    v[SVC_COL_BIRTH] = birth;
    v[SVC_COL_CCCD] = m->cccd ? m->cccd : "";
    v[SVC_COL_BORN_ABROAD] = m->born_abroad ? "Có" : "Không";
    v[SVC_COL_CMND] = m->cmnd ? m->cmnd : "";
    v[SVC_COL_CARD] = m->card_number ? m->card_number : "";
    v[SVC_COL_RECORD] = m->record_number ? m->record_number : "";
    v[SVC_COL_ADMITTED] = admitted;
    v[SVC_COL_OFFICIAL] = official;
    v[SVC_COL_UNIT] = m->unit_code ? m->unit_code : "";
    v[SVC_COL_PHONE] = m->phone ? m->phone : "";
    v[SVC_COL_EMAIL] = m->email ? m->email : "";
    csv_write_record(out, v, SVC_COL_COUNT);
}

static status set_filter(svc *s, int64_t unit_id, const char *status_name, store_member_query *q,
                         error *e)
{
    memset(q, 0, sizeof *q);
    q->match = MATCH_ALL;
    q->limit = LIMIT_PAGE_MAX;
    q->scope = svc_scope(s);
    member_status ms;
    if (!status_name || !status_name[0]) {
        q->status1 = "probationary";
        q->status2 = "official";
    } else if (member_status_parse(status_name, &ms)) {
        q->status1 = q->status2 = member_status_name(ms);
    } else if (strcmp(status_name, "all") != 0) {
        return err_set(e, ST_INVALID, "member_status_filter", "status", NULL);
    }
    if (!unit_id)
        return ST_OK;
    unit u;
    status st = store_unit_get(s->db, s->a, svc_scope(s), unit_id, &u, e);
    if (st == ST_OK)
        q->scope = u.path;
    return st;
}

/* One page: rows after the cursor held in `key`/q, written and emitted;
 * *rows counts them. */
static status one_page(svc *s, store_member_query *q, strbuf *key, export_sink emit, void *ctx,
                       bool *more, long *rows, error *e)
{
    arena pa = ARENA_INIT;
    store_member_hit *hits;
    size_t n;
    strbuf out = {0};
    status st = store_member_search(s->db, &pa, q, &hits, &n, more, e);
    for (size_t i = 0; st == ST_OK && i < n; i++)
        write_member(&out, &hits[i].m);
    if (st == ST_OK && out.failed)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st == ST_OK && out.len && (st = emit(ctx, out.data, out.len)) != ST_OK)
        err_set(e, st, st == ST_NOMEM ? "out_of_memory" : "internal", NULL, NULL);
    if (st == ST_OK)
        *rows += (long)n;
    if (st == ST_OK && n > 0) {
        key->len = 0;
        buf_append(key, hits[n - 1].sort_key, hits[n - 1].sort_key_len);
        if (key->failed)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        q->has_cursor = true;
        q->cursor_id = hits[n - 1].m.id;
        q->cursor_key = key->data;
        q->cursor_key_len = hits[n - 1].sort_key_len;
    }
    buf_free(&out);
    arena_free(&pa);
    return st;
}

/* The members.export entry in its own write transaction: the export read
 * in a read transaction (a long export never holds the write lock), the
 * entry says what left and how much. Record: the unit exported (the
 * actor's own unit for the whole scope); scope: the subtree exported. */
static status audit_export(svc *s, int64_t unit_id, const char *status_name, const char *scope,
                           long rows, error *e)
{
    char uid[24], nrows[24];
    int64_t record = unit_id ? unit_id : s->who->unit_id;
    snprintf(uid, sizeof uid, "%lld", (long long)record);
    snprintf(nrows, sizeof nrows, "%ld", rows);
    audit_field f[] = {{"unit_id", record ? uid : NULL},
                       {"status", status_name && status_name[0] ? status_name : "active"},
                       {"rows", nrows}};
    char *after = audit_fields_json(s->a, f, sizeof f / sizeof f[0]);
    if (!after)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, "members.export", "unit", record, scope, NULL, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_members_export(svc *s, int64_t unit_id, const char *status_name, export_sink emit,
                          void *sink_ctx, error *e)
{
    store_member_query q;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    st = set_filter(s, unit_id, status_name, &q, e);
    strbuf out = {0}, key = {0};
    if (st == ST_OK) {
        write_header(&out);
        st = out.failed ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL)
                        : emit(sink_ctx, out.data, out.len);
        if (st != ST_OK && !out.failed)
            err_set(e, st, st == ST_NOMEM ? "out_of_memory" : "internal", NULL, NULL);
    }
    bool more = st == ST_OK;
    long rows = 0;
    while (st == ST_OK && more)
        st = one_page(s, &q, &key, emit, sink_ctx, &more, &rows, e);
    buf_free(&out);
    buf_free(&key);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    else
        store_rollback(s->db);
    if (st == ST_OK)
        st = audit_export(s, unit_id, status_name, q.scope, rows, e);
    return st;
}
