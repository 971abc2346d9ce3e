/*
 * fuzz_csv.c -- libFuzzer harness for the CSV reader and writer.
 *
 * Reads every record of the input and checks what csv.h promises: the
 * reader ends (each call consumes input or stops), every field it hands out
 * is valid UTF-8 within LIMIT_CSV_FIELD bytes, at most LIMIT_CSV_COLUMNS
 * fields a record, and never an all-empty record. Each record is then
 * written back with the writer and read again: the fields, with the
 * injection guard removed, must come back unchanged.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "text/csv.h"
#include "text/text.h"

static void check_round_trip(char **f, size_t nf)
{
    for (size_t i = 0; i < nf; i++)
        if (strlen(f[i]) >= LIMIT_CSV_FIELD)
            return; /* the guard's apostrophe may push it past the limit */
    strbuf out = {0};
    buf_puts(&out, CSV_BOM); /* as the exporter writes it */
    csv_write_record(&out, (const char *const *)f, nf);
    assert(!out.failed);
    csv_reader r;
    csv_init(&r, out.data, out.len);
    char **g;
    size_t ng;
    error e;
    status st = csv_next(&r, &g, &ng, &e);
    assert(st == ST_OK && !r.eof && ng == nf);
    for (size_t i = 0; i < nf; i++)
        assert(strcmp(csv_field_unguard(g[i]), f[i]) == 0);
    st = csv_next(&r, &g, &ng, &e);
    assert(st == ST_OK && r.eof);
    csv_free(&r);
    buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_reader r;
    csv_init(&r, (const char *)data, size);
    long calls = 0;
    for (;;) {
        char **f;
        size_t nf;
        error e;
        const char *before = r.p;
        status st = csv_next(&r, &f, &nf, &e);
        assert(++calls <= (long)size + 2);
        if (st != ST_OK) {
            assert(r.eof && e.code && e.row >= 1);
            break;
        }
        if (r.eof)
            break;
        assert(r.p > before && nf >= 1 && nf <= LIMIT_CSV_COLUMNS);
        bool any = false;
        for (size_t i = 0; i < nf; i++) {
            size_t n = strlen(f[i]);
            assert(n <= LIMIT_CSV_FIELD);
            assert(text_utf8_valid(f[i], n));
            any |= n > 0;
        }
        assert(any);
        check_round_trip(f, nf);
    }
    csv_free(&r);
    return 0;
}
