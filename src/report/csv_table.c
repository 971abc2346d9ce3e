/*
 * csv_table.c -- a table of report/xlsx.h's model written as CSV records
 * (csv_table.h). Text goes through csv_write_field, so the formula guard
 * and the quoting are text/csv.c's, never re-invented here. This file must
 * never write a record without its CRLF or a number in the locale's form.
 */
#include "report/csv_table.h"

#include <assert.h>
#include <stdio.h>

#include "core/limits.h"
#include "text/csv.h"

void csv_table_header(strbuf *out, const sheet_column *cols, size_t ncols, bool bom)
{
    assert(ncols <= LIMIT_CSV_COLUMNS);
    const char *names[LIMIT_CSV_COLUMNS];
    for (size_t k = 0; k < ncols; k++)
        names[k] = cols[k].header;
    if (bom)
        buf_puts(out, CSV_BOM);
    csv_write_record(out, names, ncols);
}

/* The cell as the text of its field, in buf (or pointing at the text). */
static const char *cell_text(const sheet_column *col, const sheet_cell *c, char *buf, size_t sz)
{
    if (c->empty)
        return "";
    assert(c->type == col->type || (c->type == SHEET_INT && col->type == SHEET_DECIMAL));
    switch (c->type) {
    case SHEET_TEXT: return c->text;
    case SHEET_DATE: date_format(c->date, buf); return buf;
    case SHEET_INT: snprintf(buf, sz, "%lld", (long long)c->num); return buf;
    case SHEET_DECIMAL: {
        int dp = col->decimals < 0 ? 0 : col->decimals > 6 ? 6 : col->decimals;
        snprintf(buf, sz, "%.*f", dp, c->dec);
        return buf;
    }
    }
    return "";
}

void csv_table_row(strbuf *out, const sheet_column *cols, const sheet_cell *cells, size_t ncols)
{
    for (size_t k = 0; k < ncols; k++) {
        char num[64];
        if (k)
            buf_putc(out, ',');
        csv_write_field(out, cell_text(&cols[k], &cells[k], num, sizeof num));
    }
    buf_puts(out, "\r\n");
}
