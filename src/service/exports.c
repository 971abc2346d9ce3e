/*
 * exports.c -- the lists as spreadsheet files (exports.h): the writer
 * over XLSX or CSV the tables share, the title, the file's name, the unit
 * exported, the audit entry, and svc_export_table that ties them.
 *
 * The rows are the use cases' (exports_lists.c, exports_stats.c): this
 * file never reads the database itself except to append the audit entry,
 * and never hands over a file whose entry was not written.
 */
#include "service/exports_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "report/csv_table.h"
#include "service/audit.h"
#include "service/svc_internal.h"

/* ---- the writer ---- */

status exp_format(const char *format, bool *xlsx, error *e)
{
    if (!format || !format[0] || strcmp(format, "xlsx") == 0)
        *xlsx = true;
    else if (strcmp(format, "csv") == 0)
        *xlsx = false;
    else
        return err_set(e, ST_INVALID, "export_format_invalid", "format", format);
    return ST_OK;
}

status exp_open(svc *s, bool xlsx, strbuf *out, exp_out *x, error *e)
{
    memset(x, 0, sizeof *x);
    x->s = s;
    x->xlsx = xlsx;
    x->out = out;
    x->start = out->len;
    return xlsx ? xlsx_book_new(&x->book, e) : ST_OK;
}

status exp_table(exp_out *x, const char *name_vi, const char *name_en, const char *title,
                 const exp_col *cols, size_t ncols, error *e)
{
    assert(ncols > 0 && ncols <= LIMIT_CSV_COLUMNS);
    for (size_t k = 0; k < ncols; k++)
        x->cols[k] =
            (sheet_column){exp_word(x->s, cols[k].vi, cols[k].en), cols[k].type, cols[k].decimals};
    x->ncols = ncols;
    if (x->xlsx)
        return xlsx_sheet_begin(x->book, exp_word(x->s, name_vi, name_en), title, x->cols, ncols,
                                e);
    assert(!x->csv_header);
    x->csv_header = true;
    csv_table_header(x->out, x->cols, ncols, x->start == 0);
    return x->out->failed ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL) : ST_OK;
}

status exp_row(exp_out *x, const sheet_cell *cells, error *e)
{
    status st = ST_OK;
    if (x->xlsx) {
        st = xlsx_row(x->book, cells, e);
    } else {
        csv_table_row(x->out, x->cols, cells, x->ncols);
        if (x->out->failed)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (st == ST_OK)
        x->rows++;
    return st;
}

static void cut_back(exp_out *x)
{
    x->out->len = x->start;
    x->out->failed = false;
    if (x->out->data)
        x->out->data[x->start] = '\0';
}

status exp_finish(exp_out *x, error *e)
{
    status st = ST_OK;
    if (x->xlsx) {
        st = xlsx_book_finish(x->book, x->out, e);
        x->book = NULL;
    } else if (x->out->failed) {
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (st != ST_OK)
        cut_back(x);
    return st;
}

void exp_abandon(exp_out *x)
{
    xlsx_book_free(x->book);
    x->book = NULL;
    cut_back(x);
}

/* ---- words ---- */

const char *exp_word(const svc *s, const char *vi, const char *en)
{
    return s->lg == LANG_EN ? en : vi;
}

const char *exp_label_of(const svc *s, const exp_label *labels, size_t n, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i].name, name) == 0)
            return exp_word(s, labels[i].vi, labels[i].en);
    return name;
}

status exp_unit_get(svc *s, int64_t unit_id, exp_unit *u, error *e)
{
    memset(u, 0, sizeof *u);
    u->path = svc_scope(s);
    u->name = exp_word(s, "Toàn hệ thống", "The whole installation");
    int64_t id = unit_id ? unit_id : s->who->unit_id;
    if (!id)
        return ST_OK;
    unit un;
    status st = svc_unit_get(s, id, &un, e);
    if (st != ST_OK && !unit_id && st == ST_NOT_FOUND)
        return ST_OK; /* a member's own unit may lie outside what they may list */
    if (st != ST_OK)
        return st;
    *u = (exp_unit){un.id, un.code, un.name, un.path};
    return ST_OK;
}

static void short_date(date_t d, char out[DATE_ISO_LEN])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, DATE_ISO_LEN, "%02d/%02d/%04d", dd, m, y);
}

const char *exp_title(svc *s, const char *what_vi, const char *what_en, const exp_unit *u,
                      date_t from, date_t to)
{
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    short_date(from, f);
    short_date(to == DATE_NONE && from == DATE_NONE ? s->today : to, t);
    const char *what = exp_word(s, what_vi, what_en);
    bool en = s->lg == LANG_EN;
    if (from != DATE_NONE && to != DATE_NONE)
        return arena_printf(s->a, en ? "%s — %s — %s to %s" : "%s — %s — từ %s đến %s", what,
                            u->name, f, t);
    if (from != DATE_NONE)
        return arena_printf(s->a, en ? "%s — %s — from %s" : "%s — %s — từ %s", what, u->name, f);
    if (to != DATE_NONE)
        return arena_printf(s->a, en ? "%s — %s — until %s" : "%s — %s — đến %s", what, u->name, t);
    return arena_printf(s->a, en ? "%s — %s — as of %s" : "%s — %s — ngày %s", what, u->name, t);
}

const char *exp_file_name(svc *s, const char *what, const exp_unit *u, date_t from, date_t to,
                          bool xlsx)
{
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    date_format(from, f);
    date_format(from == DATE_NONE && to == DATE_NONE ? s->today : to, t);
    return arena_printf(s->a, "%s-%s%s%s%s%s.%s", what, u->code ? u->code : "all", f[0] ? "-" : "",
                        f, t[0] ? "-" : "", t, xlsx ? "xlsx" : "csv");
}

date_t exp_vn_date(const char *ts)
{
    int y, m, d, h, mi, sec;
    char z;
    date_t t;
    if (!ts || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &m, &d, &h, &mi, &sec, &z) != 7 ||
        z != 'Z' || !date_from_ymd(y, m, d, &t) || h < 0 || h > 23)
        return DATE_NONE;
    return h + VN_UTC_OFFSET_S / 3600 >= 24 ? t + 1 : t;
}

/* ---- the audit entry ---- */

status exp_audit(svc *s, const char *what, const exp_unit *u, bool xlsx, date_t from, date_t to,
                 const audit_field *filters, size_t nfilters, long rows, error *e)
{
    enum { FIXED = 5 };
    audit_field f[FIXED + 8];
    char uid[24], nrows[24], fr[DATE_ISO_LEN], tt[DATE_ISO_LEN];
    assert(nfilters <= 8);
    snprintf(uid, sizeof uid, "%lld", (long long)u->id);
    snprintf(nrows, sizeof nrows, "%ld", rows);
    date_format(from, fr);
    date_format(to, tt);
    f[0] = (audit_field){"unit_id", u->id ? uid : NULL};
    f[1] = (audit_field){"format", xlsx ? "xlsx" : "csv"};
    f[2] = (audit_field){"from", fr[0] ? fr : NULL};
    f[3] = (audit_field){"to", tt[0] ? tt : NULL};
    f[4] = (audit_field){"rows", nrows};
    for (size_t i = 0; i < nfilters; i++)
        f[FIXED + i] = filters[i];
    char *after = audit_fields_json(s->a, f, FIXED + nfilters);
    const char *action = arena_printf(s->a, "export.%s", what);
    if (!after || !action)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "unit", u->id, u->path, NULL, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

/* ---- the lists ---- */

typedef status (*exp_list_fn)(svc *, const export_query *, const exp_unit *, exp_out *, error *);

typedef struct exp_table_def {
    const char *what;
    exp_list_fn fn;
} exp_table_def;

static const exp_table_def tables[] = {
    {"members", exp_members},
    {"trips", exp_trips},
    {"alerts", exp_alerts},
    {"transfers", exp_transfers},
};

static const exp_table_def *table_of(const char *what)
{
    for (size_t i = 0; what && i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(tables[i].what, what) == 0)
            return &tables[i];
    return NULL;
}

/* The filters of q worth recording, for the audit entry. */
static size_t filters_of(const export_query *q, audit_field *f)
{
    size_t n = 0;
    f[n++] = (audit_field){"status", q->status};
    f[n++] = (audit_field){"purpose", q->purpose};
    f[n++] = (audit_field){"country", q->country};
    f[n++] = (audit_field){"direction", q->direction};
    return n;
}

static status check_query(const export_query *q, const exp_table_def **t, bool *xlsx, error *e)
{
    if (!(*t = table_of(q->what)))
        return err_set(e, ST_INVALID, "export_table_invalid", "what", q->what);
    status st = exp_format(q->format, xlsx, e);
    if (st == ST_OK && q->from != DATE_NONE && q->to != DATE_NONE && q->from > q->to)
        st = err_set(e, ST_INVALID, "export_period", "from", NULL);
    return st;
}

status svc_export_table(svc *s, const export_query *q, strbuf *out, export_file *info, error *e)
{
    const exp_table_def *t;
    bool xlsx;
    exp_unit u;
    exp_out x;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = check_query(q, &t, &xlsx, e);
    if (st == ST_OK)
        st = exp_unit_get(s, q->unit_id, &u, e);
    if (st != ST_OK || (st = exp_open(s, xlsx, out, &x, e)) != ST_OK)
        return st;
    st = t->fn(s, q, &u, &x, e);
    if (st != ST_OK) {
        exp_abandon(&x);
        return st;
    }
    audit_field f[4];
    size_t nf = filters_of(q, f);
    bool members = strcmp(t->what, "members") == 0;
    date_t from = members ? DATE_NONE : q->from, to = members ? DATE_NONE : q->to;
    const char *name = exp_file_name(s, t->what, &u, from, to, xlsx);
    st = name ? exp_finish(&x, e) : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st == ST_OK)
        st = exp_audit(s, t->what, &u, xlsx, from, to, f, nf, x.rows, e);
    if (st != ST_OK) {
        exp_abandon(&x);
        return st;
    }
    if (info)
        *info = (export_file){name, xlsx ? EXPORT_XLSX_TYPE : EXPORT_CSV_TYPE, x.rows};
    return ST_OK;
}
