/*
 * xlsx.h -- tables as spreadsheets (libxlsxwriter): one workbook, one or
 * more sheets, each a table with a title row.
 *
 * The table model (sheet_column, sheet_cell) is shared with
 * report/csv_table.h, so a service builds its rows once and hands them to
 * either writer.
 *
 * Every sheet is laid out the same way: row 1 the title (the unit and the
 * period, in bold), row 2 the column headers (bold, frozen with the title
 * above them, an autofilter from the headers to the last row), then the
 * rows. Dates are real date cells (a serial number shown dd/mm/yyyy, what
 * spreadsheet programs sort and filter as dates); integers and decimals
 * are numbers; text is always a string cell, never a formula, whatever it
 * starts with. Column widths fit the widest of the header and the cells,
 * measured in characters as a screen shows them (utf8proc's width: a
 * Vietnamese letter with its marks is one, a CJK character two), within
 * XLSX_WIDTH_MIN..XLSX_WIDTH_MAX.
 *
 * libxlsxwriter writes to a file: the book lives in a private directory
 * (mkdtemp, mode 0700, under $TMPDIR or /tmp) that also holds the
 * library's own temporary files; xlsx_book_finish reads the file back into
 * memory and removes the directory, and so does xlsx_book_free on any
 * path. Rows are streamed to disk as they come (constant memory), so a
 * sheet's rows must arrive in order and memory does not grow with them.
 *
 * Nothing here reads the database, the clock or the language: the caller
 * hands over the words.
 */
#ifndef CAUNOI_XLSX_H
#define CAUNOI_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/str.h"

/* XLSX_WIDTH_MIN, XLSX_WIDTH_MAX and XLSX_ROWS_MAX are in core/limits.h. */
/* A sheet's name: at most 31 characters (Excel's limit). */
#define XLSX_SHEET_NAME_CHARS 31

typedef enum sheet_type {
    SHEET_TEXT = 0,
    SHEET_DATE,    /* a date_t */
    SHEET_INT,     /* an int64_t, shown without decimals */
    SHEET_DECIMAL, /* a double, shown with the column's decimals */
} sheet_type;

typedef struct sheet_column {
    const char *header; /* the column's name as people read it */
    sheet_type type;
    int decimals; /* SHEET_DECIMAL: digits after the point, 0..6 */
} sheet_column;

/* One cell: its type must be its column's (a SHEET_DECIMAL column may also
 * hold SHEET_INT cells, shown without decimals), or the cell is empty. */
typedef struct sheet_cell {
    sheet_type type;
    bool empty;
    const char *text; /* SHEET_TEXT: valid UTF-8 */
    date_t date;
    int64_t num;
    double dec;
} sheet_cell;

/* The constructors a row is written with; NULL text and DATE_NONE give an
 * empty cell. */
sheet_cell sheet_text(const char *s);
sheet_cell sheet_date(date_t d);
sheet_cell sheet_int(int64_t n);
sheet_cell sheet_dec(double x);
sheet_cell sheet_empty(void);

/* The width a text takes on screen, in characters (see above); invalid
 * UTF-8 counts a byte a character. The widest line of multi-line text. */
size_t sheet_text_width(const char *s);

typedef struct xlsx_book xlsx_book;

/* A new workbook in its private directory. The caller owns *out and ends
 * it with xlsx_book_finish or xlsx_book_free. Errors: ST_NOMEM
 * "out_of_memory", ST_INTERNAL "internal" (the directory or the library;
 * logged with the reason). */
status xlsx_book_new(xlsx_book **out, error *e);

/* Start a sheet, finishing the previous one (widths, filter): `name` is
 * the tab's name (characters []:*?/\ become '-', cut to
 * XLSX_SHEET_NAME_CHARS characters; names must differ), `title` the first
 * row (NULL: none, the row stays empty), `cols[0..ncols)` the headers
 * (1..LIMIT_CSV_COLUMNS columns; the array must outlive the sheet).
 * Errors: ST_NOMEM, ST_INTERNAL "internal" (a name used twice, the
 * library). */
status xlsx_sheet_begin(xlsx_book *b, const char *name, const char *title, const sheet_column *cols,
                        size_t ncols, error *e);

/* Append one row of the current sheet: cells[0..ncols) in column order.
 * Past XLSX_ROWS_MAX rows: ST_TOO_LARGE "export_too_many_rows" (arg: the
 * limit), nothing written. A cell of the wrong type is a programming
 * error (assert). */
status xlsx_row(xlsx_book *b, const sheet_cell *cells, error *e);

/* Rows written to the current sheet so far. */
size_t xlsx_rows(const xlsx_book *b);

/* Finish the workbook, append its bytes to `out` and free the book and
 * its directory, whatever the outcome. Errors: ST_NOMEM, ST_INTERNAL
 * "internal" (a book without sheets, the library, reading the file). */
status xlsx_book_finish(xlsx_book *b, strbuf *out, error *e);

/* Abandon a book: its files and directory removed, its memory freed.
 * NULL is fine. */
void xlsx_book_free(xlsx_book *b);

#endif
