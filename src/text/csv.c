/*
 * csv.c -- reading and writing CSV the way spreadsheet programs do.
 *
 * The reader walks the file once. A record is read field by field into one
 * growable buffer (each field NUL-terminated, its start kept in offsets[]);
 * pointers are handed out only when the record is complete, since the
 * buffer may move while it grows. Then the record's raw bytes are checked
 * as UTF-8: commas, quotes and line ends are ASCII, so the raw bytes are
 * valid exactly when every field is, and the error can name the byte in
 * the file. Lines are counted as they pass (CRLF, LF, or a lone CR is one
 * line end, in quotes or not) so every error names the physical line.
 *
 * The writer quotes fields that need it and guards fields a spreadsheet
 * would run as a formula (CSV injection) with a leading apostrophe.
 *
 * This file must never read past `end`, never let a field grow past
 * LIMIT_CSV_FIELD nor a record past LIMIT_CSV_COLUMNS fields, and never
 * hand out a field it has not checked.
 */
#include "text/csv.h"

#include <string.h>

#include "text/text.h"

void csv_init(csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->start = r->p = data;
    r->end = data + len;
    r->line = r->next_line = 1;
    if (len >= 3 && memcmp(data, CSV_BOM, 3) == 0)
        r->p += 3;
}

void csv_free(csv_reader *r) { buf_free(&r->storage); }

/* Consume one line end at p (CRLF, LF or CR) if there is one. */
static void skip_eol(csv_reader *r)
{
    if (r->p >= r->end)
        return;
    if (*r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n')
            r->p++;
        r->next_line++;
    } else if (*r->p == '\n') {
        r->p++;
        r->next_line++;
    }
}

static status too_long(csv_reader *r, size_t column, error *e)
{
    err_setf(e, ST_BAD_REQUEST, "csv_field_too_long", NULL, "%zu", column);
    if (e)
        e->row = r->next_line;
    return ST_BAD_REQUEST;
}

static status quote_error(long line, error *e)
{
    err_set(e, ST_BAD_REQUEST, "csv_quote", NULL, NULL);
    if (e)
        e->row = line;
    return ST_BAD_REQUEST;
}

/* An unquoted field: everything up to a comma, a line end or the end. */
static status read_plain(csv_reader *r, size_t column, size_t *flen, error *e)
{
    const char *s = r->p;
    while (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
        r->p++;
    *flen = (size_t)(r->p - s);
    if (*flen > LIMIT_CSV_FIELD)
        return too_long(r, column, e);
    buf_append(&r->storage, s, *flen);
    return ST_OK;
}

/* A quoted field, p at the opening quote: data up to the closing quote,
 * "" standing for one quote; only a comma, a line end or the end of the
 * data may follow. */
static status read_quoted(csv_reader *r, size_t column, size_t *flen, error *e)
{
    long opened = r->next_line;
    *flen = 0;
    r->p++;
    for (;;) {
        const char *s = r->p;
        while (r->p < r->end && *r->p != '"') {
            if (*r->p == '\n' || (*r->p == '\r' && (r->p + 1 == r->end || r->p[1] != '\n')))
                r->next_line++;
            r->p++;
        }
        size_t n = (size_t)(r->p - s);
        *flen += n;
        if (*flen > LIMIT_CSV_FIELD)
            return too_long(r, column, e);
        buf_append(&r->storage, s, n);
        if (r->p >= r->end)
            return quote_error(opened, e);
        r->p++; /* the quote */
        if (r->p < r->end && *r->p == '"') {
            if (++*flen > LIMIT_CSV_FIELD)
                return too_long(r, column, e);
            buf_putc(&r->storage, '"');
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
            return quote_error(r->next_line, e);
        return ST_OK;
    }
}

/* The raw bytes of the record [from, r->p) must be UTF-8 without NUL
 * bytes: a NUL would cut the field short for every later reader, and a
 * file full of them is UTF-16, which the same message asks to re-save. */
static status check_utf8(csv_reader *r, const char *from, error *e)
{
    size_t n = (size_t)(r->p - from);
    long bad = text_utf8_invalid_at(from, n);
    const char *nul = memchr(from, '\0', bad < 0 ? n : (size_t)bad);
    if (nul)
        bad = (long)(nul - from);
    if (bad < 0)
        return ST_OK;
    long line = r->line;
    for (const char *q = from; q < from + bad; q++)
        if (*q == '\n' || (*q == '\r' && q[1] != '\n'))
            line++;
    err_setf(e, ST_BAD_REQUEST, "csv_utf8", NULL, "%ld", (long)(from - r->start) + bad + 1);
    if (e)
        e->row = line;
    return ST_BAD_REQUEST;
}

/* Read one physical record into storage; *n fields. */
static status read_record(csv_reader *r, size_t *n, error *e)
{
    const char *from = r->p;
    r->storage.len = 0;
    r->line = r->next_line;
    *n = 0;
    for (;;) {
        if (*n == LIMIT_CSV_COLUMNS) {
            err_setf(e, ST_BAD_REQUEST, "csv_too_many_columns", NULL, "%d", LIMIT_CSV_COLUMNS);
            if (e)
                e->row = r->next_line;
            return ST_BAD_REQUEST;
        }
        r->offsets[*n] = r->storage.len;
        ++*n;
        size_t flen;
        status st = (r->p < r->end && *r->p == '"') ? read_quoted(r, *n, &flen, e)
                                                    : read_plain(r, *n, &flen, e);
        if (st != ST_OK)
            return st;
        buf_putc(&r->storage, '\0');
        if (r->storage.failed)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        skip_eol(r);
        return check_utf8(r, from, e);
    }
}

static bool all_empty(const csv_reader *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (r->storage.data[r->offsets[i]] != '\0')
            return false;
    return true;
}

status csv_next(csv_reader *r, char ***fields, size_t *nfields, error *e)
{
    *fields = NULL;
    *nfields = 0;
    size_t n = 0;
    for (;;) {
        if (r->eof)
            return ST_OK;
        if (r->p >= r->end) {
            r->eof = true;
            return ST_OK;
        }
        status st = read_record(r, &n, e);
        if (st != ST_OK) {
            r->eof = true;
            return st;
        }
        if (!all_empty(r, n))
            break;
    }
    for (size_t i = 0; i < n; i++)
        r->fields[i] = r->storage.data + r->offsets[i];
    r->record++;
    *fields = r->fields;
    *nfields = n;
    return ST_OK;
}

/* ---- writing ---- */

/* Would a spreadsheet take s for a formula? */
static bool formula_like(const char *s)
{
    char c = s[0];
    if (c == '=' || c == '@' || c == '\t' || c == '\r')
        return true;
    if (c != '+' && c != '-')
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '.'))
            return true;
    return false;
}

/* Guarded fields are those that are formula-like once any leading
 * apostrophes are set aside: guarding "'=x" too keeps unguard exact. */
static bool needs_guard(const char *s)
{
    while (*s == '\'')
        s++;
    return formula_like(s);
}

const char *csv_field_unguard(const char *s)
{
    return (s[0] == '\'' && needs_guard(s + 1)) ? s + 1 : s;
}

void csv_write_field(strbuf *out, const char *s)
{
    if (!s)
        s = "";
    bool guard = needs_guard(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_putc(out, '"');
    if (guard)
        buf_putc(out, '\'');
    if (!quote) {
        buf_puts(out, s);
        return;
    }
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        buf_append(out, p, n);
        p += n;
        if (!*p)
            break;
        buf_append(out, "\"\"", 2);
    }
    buf_putc(out, '"');
}

void csv_write_record(strbuf *out, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(out, ',');
        csv_write_field(out, fields[i]);
    }
    buf_append(out, "\r\n", 2);
}
