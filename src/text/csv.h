/*
 * csv.h -- RFC 4180 CSV as spreadsheet programs write it.
 *
 * The reader takes the whole file as bytes and hands out one record at a
 * time: a UTF-8 BOM is skipped, CRLF and LF both end records, and so does a
 * lone CR (old Macintosh spreadsheets end lines with it; inside quotes it is
 * kept as data); fields may be quoted and then contain commas, quotes ("")
 * and line breaks. A quote inside an unquoted field is kept as data. Every
 * field is checked to be valid UTF-8; the first problem stops the reader
 * with its line and column. The writer quotes what needs quoting.
 *
 * The reader never reads past `len` and never allocates more than
 * LIMIT_CSV_FIELD per field and LIMIT_CSV_COLUMNS fields per record.
 */
#ifndef CAUNOI_CSV_H
#define CAUNOI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/str.h"

/* The byte order mark an exporter writes first, so that spreadsheet
 * programs open the file as UTF-8 and show the diacritics. */
#define CSV_BOM "\xEF\xBB\xBF"

typedef struct csv_reader {
    const char *start; /* data as passed to csv_init, for byte offsets */
    const char *p, *end;
    long line;      /* physical line where the current record starts, 1-based */
    long next_line; /* physical line at p */
    long record;    /* records read so far */
    bool eof;
    strbuf storage;                    /* field bytes of the current record */
    size_t offsets[LIMIT_CSV_COLUMNS]; /* field start offsets into storage */
    char *fields[LIMIT_CSV_COLUMNS];
} csv_reader;

/* Start reading data[0..len). The reader does not copy data; it must outlive
 * the reader. */
void csv_init(csv_reader *r, const char *data, size_t len);

/* Read the next record. On ST_OK, either r->eof is true (no more records)
 * or *fields points at *nfields NUL-terminated, NFC-unnormalized UTF-8
 * strings owned by the reader and valid until the next call; r->line is the
 * physical line the record started on. Blank lines are skipped, and so are
 * records whose fields are all empty (the ",,,," rows spreadsheets leave).
 * Errors (ST_BAD_REQUEST, e->row = physical line of the problem):
 * "csv_utf8" (invalid UTF-8 or a NUL byte; arg: 1-based byte offset in
 * the file, BOM included),
 * "csv_quote" (unterminated quote, e->row the line where it opened, or text
 * after a closing quote), "csv_too_many_columns" (arg: the limit),
 * "csv_field_too_long" (arg: 1-based column); ST_NOMEM. After an error the
 * reader stays at eof. */
status csv_next(csv_reader *r, char ***fields, size_t *nfields, error *e);

void csv_free(csv_reader *r);

/* Append one field to `out`, quoted when it contains a comma, quote, CR or
 * LF. A field a spreadsheet would take for a formula (starting with =, @,
 * TAB or CR, or with + or - not followed only by digits, spaces and dots, so
 * phone numbers stay as they are) gets an apostrophe in front, so an
 * exported file never runs a formula (CSV injection). The importer drops
 * such a leading apostrophe again. */
void csv_write_field(strbuf *out, const char *s);

/* The importer's half of the injection guard: s without the apostrophe
 * csv_write_field put in front, when it did put one there; s itself
 * otherwise. csv_field_unguard of what the reader returns for
 * csv_write_field(x) is x again, for every x. Returns a pointer into s. */
const char *csv_field_unguard(const char *s);
/* Append a whole record of n fields and CRLF. */
void csv_write_record(strbuf *out, const char *const *fields, size_t n);

#endif
