/*
 * csv_table.h -- the tables of report/xlsx.h as CSV that spreadsheet
 * programs open with the diacritics intact: a UTF-8 BOM, the header
 * record, then one record a row, each ended by CRLF, every text through
 * text/csv.h's writer (quoted when needed, a formula-like text guarded
 * with an apostrophe).
 *
 * A CSV file holds one table and no title row: the first record is the
 * header, as importers and csv_next expect. Dates are ISO "YYYY-MM-DD"
 * (what caunoi's importer and every spreadsheet program read as a date),
 * integers in decimal digits, decimals with a point and the column's
 * decimals; empty cells are empty fields.
 */
#ifndef CAUNOI_CSV_TABLE_H
#define CAUNOI_CSV_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "report/xlsx.h"

/* Append the BOM (when `bom`: only at the start of a file) and the header
 * record of cols[0..ncols). Allocation failures are recorded in
 * out->failed, as strbuf does. */
void csv_table_header(strbuf *out, const sheet_column *cols, size_t ncols, bool bom);

/* Append one row: cells[0..ncols) in the order of cols. */
void csv_table_row(strbuf *out, const sheet_column *cols, const sheet_cell *cells, size_t ncols);

#endif
