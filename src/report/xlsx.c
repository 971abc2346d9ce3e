/*
 * xlsx.c -- the table writer of xlsx.h over libxlsxwriter: a title row, a
 * frozen bold header with an autofilter, typed cells and fitted widths,
 * sheet after sheet, into a private directory that is read back into
 * memory and removed.
 *
 * This file must never write a text as a formula, leave a file or a
 * directory behind on any path, or use a name a second process could
 * guess before it exists (mkdtemp, not tmpnam).
 */
#include "report/xlsx.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>
#include <xlsxwriter.h>

#include "core/alloc.h"
#include "core/limits.h"
#include "core/log.h"

#define BOOK_FILE "book.xlsx"

struct xlsx_book {
    char dir[256];  /* the private directory */
    char path[300]; /* dir/book.xlsx */
    lxw_workbook *wb;
    lxw_format *title, *header, *date, *integer, *decimal[7];
    lxw_worksheet *ws; /* the current sheet */
    const sheet_column *cols;
    size_t ncols, rows, nsheets;
    size_t width[LIMIT_CSV_COLUMNS];
};

/* ---- cells ---- */

sheet_cell sheet_text(const char *s)
{
    return (sheet_cell){.type = SHEET_TEXT, .empty = s == NULL, .text = s};
}

sheet_cell sheet_date(date_t d)
{
    return (sheet_cell){.type = SHEET_DATE, .empty = d == DATE_NONE, .date = d};
}

sheet_cell sheet_int(int64_t n) { return (sheet_cell){.type = SHEET_INT, .num = n}; }
sheet_cell sheet_dec(double x) { return (sheet_cell){.type = SHEET_DECIMAL, .dec = x}; }
sheet_cell sheet_empty(void) { return (sheet_cell){.empty = true}; }

size_t sheet_text_width(const char *s)
{
    size_t best = 0, line = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            n = 1;
            line++;
        } else if (cp == '\n') {
            line = 0;
        } else {
            line += (size_t)utf8proc_charwidth(cp);
        }
        if (line > best)
            best = line;
        p += n;
        left -= n;
    }
    return best;
}

/* ---- errors ---- */

static status lxw_fail(lxw_error le, const char *what, error *e)
{
    if (le == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    log_error("xlsx: %s: %s", what, lxw_strerror(le));
    return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
}

static status sys_fail(const char *what, error *e)
{
    log_error("xlsx: %s: %s", what, strerror(errno));
    return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
}

/* ---- the book ---- */

static status make_dir(xlsx_book *b, error *e)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/')
        tmp = "/tmp";
    int n = snprintf(b->dir, sizeof b->dir, "%s/caunoi-xlsx-XXXXXX", tmp);
    if (n < 0 || (size_t)n >= sizeof b->dir) {
        b->dir[0] = '\0';
        errno = ENAMETOOLONG;
        return sys_fail("TMPDIR", e);
    }
    if (!mkdtemp(b->dir)) {
        b->dir[0] = '\0';
        return sys_fail("mkdtemp", e);
    }
    n = snprintf(b->path, sizeof b->path, "%s/%s", b->dir, BOOK_FILE);
    assert(n > 0 && (size_t)n < sizeof b->path);
    return ST_OK;
}

static lxw_format *new_format(lxw_workbook *wb, const char *num_format, bool bold, double size)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (size > 0)
        format_set_font_size(f, size);
    return f;
}

static bool make_formats(xlsx_book *b)
{
    static const char *const dec[7] = {"0",      "0.0",     "0.00",    "0.000",
                                       "0.0000", "0.00000", "0.000000"};
    b->title = new_format(b->wb, NULL, true, 13);
    b->header = new_format(b->wb, NULL, true, 0);
    b->date = new_format(b->wb, "dd/mm/yyyy", false, 0);
    b->integer = new_format(b->wb, "0", false, 0);
    bool ok = b->title && b->header && b->date && b->integer;
    for (int k = 0; ok && k < 7; k++)
        ok = (b->decimal[k] = new_format(b->wb, dec[k], false, 0)) != NULL;
    return ok;
}

status xlsx_book_new(xlsx_book **out, error *e)
{
    *out = NULL;
    xlsx_book *b = xcalloc(1, sizeof *b);
    if (!b)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = make_dir(b, e);
    if (st == ST_OK) {
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = b->dir};
        b->wb = workbook_new_opt(b->path, &opt);
        if (!b->wb)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (st == ST_OK && !make_formats(b))
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st != ST_OK) {
        xlsx_book_free(b);
        return st;
    }
    *out = b;
    return ST_OK;
}

static void remove_files(xlsx_book *b)
{
    if (!b->dir[0])
        return;
    if (unlink(b->path) != 0 && errno != ENOENT)
        log_error("xlsx: unlink %s: %s", b->path, strerror(errno));
    if (rmdir(b->dir) != 0)
        log_error("xlsx: rmdir %s: %s", b->dir, strerror(errno));
    b->dir[0] = '\0';
}

void xlsx_book_free(xlsx_book *b)
{
    if (!b)
        return;
    if (b->wb) {
        /* libxlsxwriter frees a workbook only by closing it: the file it
         * writes is removed with the directory. */
        workbook_close(b->wb);
        b->wb = NULL;
    }
    remove_files(b);
    xfree(b);
}

/* ---- sheets ---- */

static lxw_error write_widths(xlsx_book *b)
{
    lxw_error le = LXW_NO_ERROR;
    for (size_t k = 0; le == LXW_NO_ERROR && k < b->ncols; k++) {
        size_t w = b->width[k] + 2; /* the filter button beside the header */
        if (w < XLSX_WIDTH_MIN)
            w = XLSX_WIDTH_MIN;
        if (w > XLSX_WIDTH_MAX)
            w = XLSX_WIDTH_MAX;
        le = worksheet_set_column(b->ws, (lxw_col_t)k, (lxw_col_t)k, (double)w, NULL);
    }
    return le;
}

/* Widths and the filter of the current sheet, once its rows are known. */
static status finish_sheet(xlsx_book *b, error *e)
{
    if (!b->ws)
        return ST_OK;
    lxw_error le = write_widths(b);
    if (le == LXW_NO_ERROR)
        le = worksheet_autofilter(b->ws, 1, 0, (lxw_row_t)(1 + b->rows), (lxw_col_t)(b->ncols - 1));
    b->ws = NULL;
    return le == LXW_NO_ERROR ? ST_OK : lxw_fail(le, "sheet", e);
}

/* The tab's name: forbidden characters replaced, at most
 * XLSX_SHEET_NAME_CHARS characters, never cut inside one. */
static void sheet_name(const char *name, char out[XLSX_SHEET_NAME_CHARS * 4 + 1])
{
    size_t o = 0, chars = 0;
    for (const char *p = name; *p && chars < XLSX_SHEET_NAME_CHARS; chars++) {
        size_t n = 1;
        while ((p[n] & 0xC0) == 0x80 && n < 4)
            n++;
        if (n == 1 && strchr("[]:*?/\\'", *p))
            out[o++] = '-';
        else
            for (size_t k = 0; k < n; k++)
                out[o++] = p[k];
        p += n;
    }
    out[o] = '\0';
}

static lxw_error write_heading(xlsx_book *b, const char *title)
{
    lxw_error le = LXW_NO_ERROR;
    if (title)
        le = worksheet_write_string(b->ws, 0, 0, title, b->title);
    for (size_t k = 0; le == LXW_NO_ERROR && k < b->ncols; k++) {
        le = worksheet_write_string(b->ws, 1, (lxw_col_t)k, b->cols[k].header, b->header);
        b->width[k] = sheet_text_width(b->cols[k].header);
    }
    if (le == LXW_NO_ERROR)
        worksheet_freeze_panes(b->ws, 2, 0);
    return le;
}

status xlsx_sheet_begin(xlsx_book *b, const char *name, const char *title, const sheet_column *cols,
                        size_t ncols, error *e)
{
    assert(ncols > 0 && ncols <= LIMIT_CSV_COLUMNS);
    status st = finish_sheet(b, e);
    if (st != ST_OK)
        return st;
    char tab[XLSX_SHEET_NAME_CHARS * 4 + 1];
    sheet_name(name, tab);
    b->ws = workbook_add_worksheet(b->wb, tab);
    if (!b->ws) {
        log_error("xlsx: sheet \"%s\" refused (a name used twice?)", tab);
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    }
    b->nsheets++;
    b->cols = cols;
    b->ncols = ncols;
    b->rows = 0;
    lxw_error le = write_heading(b, title);
    return le == LXW_NO_ERROR ? ST_OK : lxw_fail(le, "heading", e);
}

/* ---- rows ---- */

static lxw_error write_cell(xlsx_book *b, lxw_row_t r, lxw_col_t k, const sheet_cell *c)
{
    const sheet_column *col = &b->cols[k];
    char iso[DATE_ISO_LEN];
    int y, m, d;
    if (c->empty)
        return LXW_NO_ERROR;
    assert(c->type == col->type || (c->type == SHEET_INT && col->type == SHEET_DECIMAL));
    switch (c->type) {
    case SHEET_TEXT:
        if (sheet_text_width(c->text) > b->width[k])
            b->width[k] = sheet_text_width(c->text);
        return worksheet_write_string(b->ws, r, k, c->text, NULL);
    case SHEET_DATE:
        date_to_ymd(c->date, &y, &m, &d);
        if (b->width[k] < 10)
            b->width[k] = 10; /* dd/mm/yyyy */
        return worksheet_write_datetime(b->ws, r, k, &(lxw_datetime){y, m, d, 0, 0, 0}, b->date);
    case SHEET_INT:
        snprintf(iso, sizeof iso, "%lld", (long long)c->num);
        if (strlen(iso) > b->width[k])
            b->width[k] = strlen(iso);
        return worksheet_write_number(b->ws, r, k, (double)c->num, b->integer);
    case SHEET_DECIMAL: {
        int dp = col->decimals < 0 ? 0 : col->decimals > 6 ? 6 : col->decimals;
        char num[64];
        snprintf(num, sizeof num, "%.*f", dp, c->dec);
        if (strlen(num) > b->width[k])
            b->width[k] = strlen(num);
        return worksheet_write_number(b->ws, r, k, c->dec, b->decimal[dp]);
    }
    }
    return LXW_NO_ERROR;
}

status xlsx_row(xlsx_book *b, const sheet_cell *cells, error *e)
{
    assert(b->ws);
    if (b->rows >= XLSX_ROWS_MAX)
        return err_setf(e, ST_TOO_LARGE, "export_too_many_rows", NULL, "%d", XLSX_ROWS_MAX);
    lxw_row_t r = (lxw_row_t)(2 + b->rows);
    lxw_error le = LXW_NO_ERROR;
    for (size_t k = 0; le == LXW_NO_ERROR && k < b->ncols; k++)
        le = write_cell(b, r, (lxw_col_t)k, &cells[k]);
    if (le != LXW_NO_ERROR)
        return lxw_fail(le, "row", e);
    b->rows++;
    return ST_OK;
}

size_t xlsx_rows(const xlsx_book *b) { return b->rows; }

/* ---- the file ---- */

static status read_back(const char *path, strbuf *out, error *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sys_fail("open", e);
    status st = ST_OK;
    char chunk[16384];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = sys_fail("read", e);
            break;
        }
        if (n == 0)
            break;
        buf_append(out, chunk, (size_t)n);
    }
    close(fd);
    if (st == ST_OK && out->failed)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return st;
}

status xlsx_book_finish(xlsx_book *b, strbuf *out, error *e)
{
    status st = b->nsheets ? finish_sheet(b, e) : err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    lxw_error le = workbook_close(b->wb);
    b->wb = NULL;
    if (st == ST_OK && le != LXW_NO_ERROR)
        st = lxw_fail(le, "close", e);
    if (st == ST_OK)
        st = read_back(b->path, out, e);
    xlsx_book_free(b);
    return st;
}
