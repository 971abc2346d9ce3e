/*
 * test_csv.c -- the CSV reader on what spreadsheet programs save (BOM,
 * CRLF, quotes, line breaks in fields), its refusals with their line
 * numbers, and the writer's quoting and formula guard.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/str.h"
#include "text/csv.h"

/* Read every record of s into a printable form: fields joined by '|',
 * records by '\n', each record prefixed with its line "L<n>:". Returns
 * the status of the last csv_next; *e holds the error. */
static status read_all(const char *s, size_t n, strbuf *out, error *e)
{
    csv_reader r;
    csv_init(&r, s, n);
    status st;
    for (;;) {
        char **f;
        size_t nf;
        st = csv_next(&r, &f, &nf, e);
        if (st != ST_OK || r.eof)
            break;
        buf_printf(out, "L%ld:", r.line);
        for (size_t i = 0; i < nf; i++)
            buf_printf(out, "%s%s", i ? "|" : "", f[i]);
        buf_putc(out, '\n');
    }
    assert_true(r.eof);
    csv_free(&r);
    return st;
}

static void expect(const char *in, size_t n, const char *want)
{
    strbuf out = {0};
    error e;
    assert_int_equal(read_all(in, n, &out, &e), ST_OK);
    assert_string_equal(out.data ? out.data : "", want);
    buf_free(&out);
}

static void expect_error(const char *in, size_t n, const char *code, long row, const char *arg)
{
    strbuf out = {0};
    error e;
    assert_int_equal(read_all(in, n, &out, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, code);
    assert_int_equal(e.row, row);
    if (arg)
        assert_string_equal(e.arg, arg);
    buf_free(&out);
}

#define S(lit) lit, sizeof(lit) - 1

static void test_reads_bom_and_crlf_as_spreadsheets_save(void **state)
{
    (void)state;
    expect(S("\xEF\xBB\xBFHọ và tên,Số CCCD\r\nĐặng Văn An,001085012345\r\n"),
           "L1:Họ và tên|Số CCCD\nL2:Đặng Văn An|001085012345\n");
    /* LF, no final line end */
    expect(S("a,b\nc,d"), "L1:a|b\nL2:c|d\n");
    /* a lone CR (old Macintosh) ends a record too */
    expect(S("a,b\rc,d\r"), "L1:a|b\nL2:c|d\n");
    /* the BOM only counts at the very start */
    expect(S("a,\xEF\xBB\xBF"
             "b\n"),
           "L1:a|\xEF\xBB\xBF"
           "b\n");
    expect(S(""), "");
    expect(S("\xEF\xBB\xBF"), "");
}

static void test_quoted_fields_hold_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    expect(S("\"Hà Nội, Việt Nam\",x\r\n"), "L1:Hà Nội, Việt Nam|x\n");
    expect(S("\"Chi bộ \"\"Đoàn kết\"\"\",2\n"), "L1:Chi bộ \"Đoàn kết\"|2\n");
    expect(S("\"dòng 1\r\ndòng 2\",y\r\nz,w\r\n"), "L1:dòng 1\r\ndòng 2|y\nL3:z|w\n");
    expect(S("\"\",\"\"\"\"\n"), "L1:|\"\n");
    expect(S("a,\"b\"\n"), "L1:a|b\n");
    /* a quote inside an unquoted field is kept as data */
    expect(S("5\" floppy,x\n"), "L1:5\" floppy|x\n");
    /* empty fields at either end */
    expect(S(",a,\n"), "L1:|a|\n");
}

static void test_blank_lines_and_empty_rows_are_skipped(void **state)
{
    (void)state;
    expect(S("\r\n\na,b\r\n\r\n,,\r\n\nc,d\n\n"), "L3:a|b\nL7:c|d\n");
    expect(S("\n\n\n"), "");
}

static void test_unterminated_quote_names_its_line(void **state)
{
    (void)state;
    expect_error(S("h1,h2\r\na,\"b\r\nc,d\r\n"), "csv_quote", 2, NULL);
    /* text after a closing quote */
    expect_error(S("h\n\"ab\"c,d\n"), "csv_quote", 2, NULL);
}

static void test_invalid_utf8_names_line_and_byte(void **state)
{
    (void)state;
    /* "Nguyễn" in Windows-1258 on line 3, byte 23 of the file (BOM included) */
    expect_error(S("\xEF\xBB\xBFh1,h2\r\nAn,1\r\nx,Nguy\xD2n\r\n"), "csv_utf8", 3, "23");
    /* inside a quoted field that spans lines: the line of the bad byte */
    expect_error(S("\"a\nb\nc\xFF\",d\n"), "csv_utf8", 3, "7");
    /* an overlong form and a surrogate are not UTF-8 either */
    expect_error(S("a\xC0\xAF\n"), "csv_utf8", 1, "2");
    expect_error(S("a,\xED\xA0\x80\n"), "csv_utf8", 1, "3");
    /* a NUL byte (a UTF-16 file read as bytes) is refused the same way */
    expect_error(S("a\n\"b\0\",c\n"), "csv_utf8", 2, "5");
    expect_error(S("h\0\n"), "csv_utf8", 1, "2");
    char msg[256];
    error e;
    err_set(&e, ST_BAD_REQUEST, "csv_utf8", NULL, "20");
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_string_equal(
        msg, "Tệp CSV không phải UTF-8 hợp lệ (lỗi ở byte 20). Hãy lưu lại tệp với bảng mã UTF-8.");
}

static void test_too_many_columns(void **state)
{
    (void)state;
    strbuf in = {0};
    buf_puts(&in, "ok\n");
    for (int i = 0; i < LIMIT_CSV_COLUMNS; i++)
        buf_puts(&in, "x,");
    buf_puts(&in, "x\n");
    expect_error(in.data, in.len, "csv_too_many_columns", 2, NULL);
    /* exactly the limit is fine */
    strbuf ok = {0};
    for (int i = 0; i < LIMIT_CSV_COLUMNS; i++)
        buf_puts(&ok, i ? ",x" : "x");
    csv_reader r;
    csv_init(&r, ok.data, ok.len);
    char **f;
    size_t nf;
    error e;
    assert_int_equal(csv_next(&r, &f, &nf, &e), ST_OK);
    assert_int_equal(nf, LIMIT_CSV_COLUMNS);
    csv_free(&r);
    buf_free(&in);
    buf_free(&ok);
}

static void test_field_too_long(void **state)
{
    (void)state;
    strbuf in = {0};
    buf_puts(&in, "a,");
    for (int i = 0; i <= LIMIT_CSV_FIELD; i++)
        buf_putc(&in, 'x');
    buf_puts(&in, "\n");
    expect_error(in.data, in.len, "csv_field_too_long", 1, "2");
    /* the same, quoted, with "" escapes counting as one byte each */
    strbuf q = {0};
    buf_puts(&q, "\n\"");
    for (int i = 0; i < LIMIT_CSV_FIELD; i++)
        buf_puts(&q, "\"\"");
    buf_puts(&q, "x\"\n");
    expect_error(q.data, q.len, "csv_field_too_long", 2, "1");
    /* exactly the limit is fine */
    strbuf ok = {0};
    for (int i = 0; i < LIMIT_CSV_FIELD; i++)
        buf_putc(&ok, 'x');
    strbuf out = {0};
    error e;
    assert_int_equal(read_all(ok.data, ok.len, &out, &e), ST_OK);
    buf_free(&in);
    buf_free(&q);
    buf_free(&ok);
    buf_free(&out);
}

static void test_reader_stays_at_eof_after_an_error(void **state)
{
    (void)state;
    const char s[] = "a\n\"b\n";
    csv_reader r;
    csv_init(&r, s, sizeof s - 1);
    char **f;
    size_t nf;
    error e;
    assert_int_equal(csv_next(&r, &f, &nf, &e), ST_OK);
    assert_int_equal(nf, 1);
    assert_int_equal(csv_next(&r, &f, &nf, &e), ST_BAD_REQUEST);
    assert_true(r.eof);
    assert_int_equal(csv_next(&r, &f, &nf, &e), ST_OK);
    assert_true(r.eof);
    assert_int_equal(nf, 0);
    assert_int_equal(r.record, 1);
    csv_free(&r);
}

static void test_writer_quotes_what_needs_quoting(void **state)
{
    (void)state;
    strbuf out = {0};
    const char *rec[] = {"Đặng Văn An", "Hà Nội, Việt Nam", "Chi bộ \"5\"", "a\nb", "", NULL};
    csv_write_record(&out, rec, 6);
    assert_string_equal(out.data,
                        "Đặng Văn An,\"Hà Nội, Việt Nam\",\"Chi bộ \"\"5\"\"\",\"a\nb\",,\r\n");
    buf_free(&out);
}

static void test_writer_guards_formulas(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"+1+2", "'+1+2"},
        {"-2+3", "'-2+3"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        /* phone numbers and negative numbers stay as they are */
        {"+84 912.345.678", "+84 912.345.678"},
        {"-12.5", "-12.5"},
        {"0912345678", "0912345678"},
        /* an apostrophe in front of a formula is guarded too, so the importer's
         * unguard gives back exactly what was written */
        {"'=1", "''=1"},
        {"'abc", "'abc"},
        {"O'Brien", "O'Brien"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strbuf out = {0};
        csv_write_field(&out, cases[i][0]);
        assert_string_equal(out.data, cases[i][1]);
        buf_free(&out);
    }
}

static void test_writer_round_trips_through_reader_and_unguard(void **state)
{
    (void)state;
    const char *rec[] = {"Nguyễn Thị Ánh", "=1+1", "'=1",         "+84 912 345 678",
                         "a,\"b\"\r\nc",   "'",    "-",           "@",
                         "'abc",           "",     "line\rbreak", "Đức",
                         "\t=x",           "--x",  "'''-y"};
    size_t n = sizeof rec / sizeof rec[0];
    strbuf out = {0};
    buf_puts(&out, CSV_BOM);
    csv_write_record(&out, rec, n);
    csv_write_record(&out, rec, n);
    csv_reader r;
    csv_init(&r, out.data, out.len);
    for (int k = 0; k < 2; k++) {
        char **f;
        size_t nf;
        error e;
        assert_int_equal(csv_next(&r, &f, &nf, &e), ST_OK);
        assert_false(r.eof);
        assert_int_equal(nf, n);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(csv_field_unguard(f[i]), rec[i]);
    }
    char **f;
    size_t nf;
    error e;
    assert_int_equal(csv_next(&r, &f, &nf, &e), ST_OK);
    assert_true(r.eof);
    csv_free(&r);
    buf_free(&out);
}

static void test_reader_answers_allocation_failure(void **state)
{
    (void)state;
    const char s[] = "a,b\r\n";
    csv_reader r;
    csv_init(&r, s, sizeof s - 1);
    char **f;
    size_t nf;
    error e;
    alloc_fail_after(0);
    status st = csv_next(&r, &f, &nf, &e);
    alloc_fail_after(-1);
    assert_int_equal(st, ST_NOMEM);
    assert_string_equal(e.code, "out_of_memory");
    assert_true(r.eof);
    csv_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_bom_and_crlf_as_spreadsheets_save),
        cmocka_unit_test(test_quoted_fields_hold_commas_quotes_and_line_breaks),
        cmocka_unit_test(test_blank_lines_and_empty_rows_are_skipped),
        cmocka_unit_test(test_unterminated_quote_names_its_line),
        cmocka_unit_test(test_invalid_utf8_names_line_and_byte),
        cmocka_unit_test(test_too_many_columns),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_reader_stays_at_eof_after_an_error),
        cmocka_unit_test(test_writer_quotes_what_needs_quoting),
        cmocka_unit_test(test_writer_guards_formulas),
        cmocka_unit_test(test_writer_round_trips_through_reader_and_unguard),
        cmocka_unit_test(test_reader_answers_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
