/*
 * test_import.c -- CSV import and export of members: header languages and
 * order, spreadsheet quirks (BOM, CRLF, quoted fields), all errors in one
 * report, all or nothing, re-import without duplicates, export -> import
 * round trip, non-UTF-8 refusal, every allocation failing in turn; and the
 * audit trail: an entry per record created or updated and one for the
 * file, none for a dry run or a refused file.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "service/service.h"

#define NOW_UNIX 1795400000 /* 2026-11-23 in Hà Nội */

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
} fx;

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    unit_input tw = {.kind = "committee", .code = "TW", .name = "Trung ương", .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_unit_create(&f->s, &tw, &u, &errs) != ST_OK)
        return -1;
    unit_input g = {.kind = "grassroots",
                    .code = "G1",
                    .name = "Đảng bộ cơ sở",
                    .parent_id = u.id,
                    .temporary = -1};
    unit gu;
    if (svc_unit_create(&f->s, &g, &gu, &errs) != ST_OK)
        return -1;
    unit_input cb = {
        .kind = "cell", .code = "CB-01", .name = "Chi bộ 1", .parent_id = gu.id, .temporary = -1};
    if (svc_unit_create(&f->s, &cb, &u, &errs) != ST_OK)
        return -1;
    errlist_free(&errs);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    arena_free(&f->a);
    svc_conn_close(f->c);
    xfree(f);
    return 0;
}

static long member_count(fx *f)
{
    member_query q = {.status = "all", .limit = 500};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    return (long)p.n;
}

static status import(fx *f, const char *csv, import_report *r)
{
    return svc_members_import(&f->s, csv, strlen(csv), "test.csv", false, r);
}

static const char VI_FILE[] =
    "\xEF\xBB\xBFHọ và tên,Giới tính,Ngày sinh,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng,"
    "Ngày chính thức,Mã chi bộ,Sinh ở nước ngoài\r\n"
    "Đặng Văn An,Nam,14/03/1985,001085012345,12345678,19/05/2010,19/05/2011,CB-01,Không\r\n"
    "Nguyễn Thị Bình,Nữ,1990-01-02,001190012345,12345679,2015-06-01,,CB-01,\r\n";

static void test_import_vietnamese_headers_bom_crlf(void **state)
{
    fx *f = *state;
    import_report r;
    assert_int_equal(import(f, VI_FILE, &r), ST_OK);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.created, 2);
    assert_true(r.committed);
    assert_true(r.import_id > 0);
    errlist_free(&r.errors);
    member_query q = {.q = "001085012345"};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].full_name, "Đặng Văn An");
    assert_int_equal(p.items[0].status, MS_OFFICIAL);
    assert_string_equal(p.items[0].unit_code, "CB-01");
    assert_string_equal(p.items[0].card_number, "12345678");
}

static void test_import_english_headers_in_another_order(void **state)
{
    fx *f = *state;
    const char *csv = "unit code,Admission date,citizen id,SEX,Date of Birth,Full Name,E-mail\n"
                      "CB-01,2010-05-19,001085012345,M,1985-03-14,Đặng Văn An,an@Example.VN\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_OK);
    assert_int_equal(r.created, 1);
    errlist_free(&r.errors);
    member_query q = {.q = "dang van"};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].email, "an@example.vn");
}

static void test_import_quoted_fields_with_commas_and_line_breaks(void **state)
{
    fx *f = *state;
    /* An unnamed note column, as spreadsheets leave, holds a comma and a
     * line break; the second record is still row 3, as a spreadsheet shows. */
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ,\r\n"
                      "\"Đặng Văn An\",Nam,1985-03-14,001085012345,2010-05-19,CB-01,"
                      "\"ghi chú, dài\r\nhai dòng\"\r\n"
                      "Lê Văn Cường,Nam,1985-03-14,001085099999,2001-05-19,CB-01,\r\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    assert_int_equal(r.errors.len, 1);
    assert_int_equal(r.errors.items[0].row, 3);
    assert_string_equal(r.errors.items[0].code, "member_admission_age");
    assert_string_equal(r.errors.items[0].field, "Ngày vào Đảng");
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

static void test_import_reports_every_error_and_writes_nothing(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n"
                      "Nguyễn Thị Bình,Nam,1990-01-02,001190012345,2015-06-01,CB-01\n"
                      "Trần Văn Cường,Nam,1980-01-02,001080012345,2015-06-01,KHONG-CO\n"
                      "Phạm Văn Dũng,X,1980-01-02,001080012346,2015-06-01,CB-01\n"
                      "Hoàng Văn Em,Nam,1980-01-02,001085012345,2015-06-01,CB-01\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    assert_false(r.committed);
    assert_int_equal(r.rows, 5);
    /* line 3: sex against CCCD; line 4: unit; line 5: sex; line 6: the
     * CCCD of line 2 again (and its year against the birth date). */
    bool seen3 = false, seen4 = false, seen5 = false, seen6 = false;
    for (size_t i = 0; i < r.errors.len; i++) {
        const error *e = &r.errors.items[i];
        if (e->row == 3 && strcmp(e->code, "cccd_sex_mismatch") == 0)
            seen3 = strcmp(e->field, "Số CCCD") == 0;
        if (e->row == 4 && strcmp(e->code, "unit_not_found") == 0)
            seen4 = strcmp(e->field, "Mã chi bộ") == 0;
        if (e->row == 5 && strcmp(e->code, "member_sex") == 0)
            seen5 = strcmp(e->field, "Giới tính") == 0;
        if (e->row == 6 && strcmp(e->code, "cccd_year_mismatch") == 0)
            seen6 = true;
        assert_int_not_equal(e->row, 2);
    }
    assert_true(seen3 && seen4 && seen5 && seen6);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

/* A refused import saved nothing, so its counts say so; a dry run of the
 * same file still tells what would have happened to the good rows. */
static void test_refused_import_counts_nothing_saved(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n"
                      "Nguyễn Thị Bình,Nữ,1990-01-02,001190012345,2015-06-01,KHONG-CO\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    assert_false(r.committed);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.updated, 0);
    assert_int_equal(r.unchanged, 0);
    assert_int_equal(r.import_id, 0);
    errlist_free(&r.errors);
    assert_int_equal(svc_members_import(&f->s, csv, strlen(csv), "dry.csv", true, &r), ST_INVALID);
    assert_false(r.committed);
    assert_int_equal(r.created, 1);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

/* The importer reads YYYY-MM-DD and DD/MM/YYYY, and its date error says
 * both; the API's "date_invalid" (YYYY-MM-DD only) is not used here. */
static void test_import_bad_date_names_both_accepted_forms(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,31/02/1985,001085012345,2010-05-19,CB-01\n"
                      "Nguyễn Thị Bình,Nữ,1990-01-02,001190012345,2015-13-01,CB-01\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    assert_int_equal(r.errors.len, 2);
    assert_string_equal(r.errors.items[0].code, "import_date_invalid");
    assert_string_equal(r.errors.items[0].field, "Ngày sinh");
    assert_int_equal(r.errors.items[0].row, 2);
    assert_string_equal(r.errors.items[1].code, "import_date_invalid");
    assert_string_equal(r.errors.items[1].field, "Ngày vào Đảng");
    char msg[256];
    err_message(&r.errors.items[0], LANG_VI, msg, sizeof msg);
    assert_non_null(strstr(msg, "YYYY-MM-DD"));
    assert_non_null(strstr(msg, "DD/MM/YYYY"));
    err_message(&r.errors.items[0], LANG_EN, msg, sizeof msg);
    assert_non_null(strstr(msg, "DD/MM/YYYY"));
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

static void test_import_same_cccd_twice_in_file_refused(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n"
                      "Đặng Văn Ân,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    assert_int_equal(r.errors.len, 1);
    assert_string_equal(r.errors.items[0].code, "import_cccd_repeated");
    assert_string_equal(r.errors.items[0].arg, "2");
    assert_int_equal(r.errors.items[0].row, 3);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

static void test_reimport_creates_no_duplicates(void **state)
{
    fx *f = *state;
    import_report r;
    assert_int_equal(import(f, VI_FILE, &r), ST_OK);
    errlist_free(&r.errors);
    assert_int_equal(import(f, VI_FILE, &r), ST_OK);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.updated, 0);
    assert_int_equal(r.unchanged, 2);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 2);
    /* A changed phone updates the record found by its CCCD. */
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Ngày chính thức,"
                      "Mã chi bộ,Điện thoại\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,2011-05-19,CB-01,"
                      "0912 345 678\n";
    assert_int_equal(import(f, csv, &r), ST_OK);
    assert_int_equal(r.updated, 1);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 2);
}

static status collect(void *ctx, const char *data, size_t len)
{
    strbuf *b = ctx;
    buf_append(b, data, len);
    return b->failed ? ST_NOMEM : ST_OK;
}

static void test_export_then_import_changes_nothing(void **state)
{
    fx *f = *state;
    import_report r;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ,Điện thoại,"
                      "Số lý lịch,Thư điện tử\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01,+84912345678,"
                      "123456HN,an@example.vn\n"
                      "Nguyễn Thị Bình,Nữ,1990-01-02,001190012345,2015-06-01,CB-01,,,\n";
    assert_int_equal(import(f, csv, &r), ST_OK);
    errlist_free(&r.errors);
    strbuf out = {0};
    error e;
    assert_int_equal(svc_members_export(&f->s, 0, NULL, collect, &out, &e), ST_OK);
    assert_memory_equal(out.data, "\xEF\xBB\xBFHọ và tên,Giới tính", 3 + 25);
    assert_non_null(strstr(out.data, "\r\n"));
    /* Vietnamese order: An before Bình. */
    assert_true(strstr(out.data, "Đặng Văn An") < strstr(out.data, "Nguyễn Thị Bình"));
    assert_int_equal(svc_members_import(&f->s, out.data, out.len, "export.csv", false, &r), ST_OK);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.updated, 0);
    assert_int_equal(r.unchanged, 2);
    errlist_free(&r.errors);
    buf_free(&out);
}

static void test_non_utf8_file_refused_naming_the_line(void **state)
{
    fx *f = *state;
    /* Windows-1258 bytes on line 3, as an old spreadsheet would save. */
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n"
                      "Nguy\xD2n Th\xD2 B\xECnh,N\xF7,1990-01-02,001190012345,2015-06-01,CB-01\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_BAD_REQUEST);
    assert_int_equal(r.errors.len, 1);
    assert_string_equal(r.errors.items[0].code, "import_not_utf8");
    assert_int_equal(r.errors.items[0].row, 3);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 0);
}

static void test_header_problems_are_file_errors(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Giới tính,Ghi chú,Ngày vào Đảng\n"
                      "Đặng Văn An,Nam,Nam,x,2010-05-19\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_BAD_REQUEST);
    bool repeated = false, unknown = false, missing_birth = false, missing_unit = false;
    for (size_t i = 0; i < r.errors.len; i++) {
        const error *e = &r.errors.items[i];
        repeated |= strcmp(e->code, "import_column_repeated") == 0;
        unknown |=
            strcmp(e->code, "import_column_unknown") == 0 && strcmp(e->field, "Ghi chú") == 0;
        missing_birth |=
            strcmp(e->code, "import_column_missing") == 0 && strcmp(e->arg, "Ngày sinh") == 0;
        missing_unit |=
            strcmp(e->code, "import_column_missing") == 0 && strcmp(e->arg, "Mã chi bộ") == 0;
    }
    assert_true(repeated && unknown && missing_birth && missing_unit);
    errlist_free(&r.errors);
}

/* STYLE.md rule 18: every allocation of a whole import fails in turn; each
 * attempt answers an error and leaves the members as they were. */
static void test_old_records_without_cccd_reimport_unchanged(void **state)
{
    fx *f = *state;
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng,"
                      "Mã chi bộ,Số CMND\n"
                      "Đặng Văn An,Nam,1965-03-14,,12345678,1990-05-19,CB-01,012345678\n"
                      "Lê Thị Cúc,Nữ,1960-01-02,,,1985-06-01,CB-01,\n";
    import_report r;
    assert_int_equal(import(f, csv, &r), ST_OK);
    assert_int_equal(r.created, 2);
    errlist_free(&r.errors);
    member_query q = {.q = "cuc"};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_null(p.items[0].cccd);
    assert_string_equal(p.items[0].warnings, "cccd_missing");
    assert_int_equal(import(f, csv, &r), ST_OK);
    assert_int_equal(r.created, 0);
    assert_int_equal(r.unchanged, 2);
    errlist_free(&r.errors);
    assert_int_equal(member_count(f), 2);
}

/* The entries the operator sees, newest first. */
static audit_page trail(fx *f)
{
    audit_query q = {.limit = 500};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    return p;
}

/* The import.commit entry expected for `csv` with these counts. */
static void assert_commit_entry(const audit_entry *en, const char *csv, const import_report *r,
                                const char *counts)
{
    char sha[65], want[256];
    sha256_hex(csv, strlen(csv), sha);
    snprintf(want, sizeof want, "{\"file_name\":\"test.csv\",\"sha256\":\"%s\",%s}", sha, counts);
    assert_string_equal(en->action, "import.commit");
    assert_string_equal(en->record_type, "import");
    assert_int_equal(en->record_id, r->import_id);
    assert_string_equal(en->scope_path, "/");
    assert_null(en->before);
    assert_string_equal(en->after, want);
}

static void test_import_audits_each_record_and_the_file(void **state)
{
    fx *f = *state;
    size_t n = trail(f).n; /* the units of the setup */
    import_report r;
    assert_int_equal(import(f, VI_FILE, &r), ST_OK);
    audit_page p = trail(f);
    assert_int_equal(p.n, n + 3);
    assert_commit_entry(&p.items[0], VI_FILE, &r,
                        "\"rows\":\"2\",\"created\":\"2\",\"updated\":\"0\",\"unchanged\":\"0\"");
    for (size_t i = 1; i <= 2; i++) {
        assert_string_equal(p.items[i].action, "member.create");
        assert_non_null(strstr(p.items[i].after, "\"unit_code\":\"CB-01\""));
    }
    assert_non_null(strstr(p.items[1].after, "\"full_name\":\"Nguyễn Thị Bình\""));
    errlist_free(&r.errors);
    /* The same file again changes nothing: the file's entry alone. */
    assert_int_equal(import(f, VI_FILE, &r), ST_OK);
    p = trail(f);
    assert_int_equal(p.n, n + 4);
    assert_commit_entry(&p.items[0], VI_FILE, &r,
                        "\"rows\":\"2\",\"created\":\"0\",\"updated\":\"0\",\"unchanged\":\"2\"");
    errlist_free(&r.errors);
    /* A changed phone: the record's update (what changed only), then the file. */
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Ngày chính thức,"
                      "Mã chi bộ,Điện thoại\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,2011-05-19,CB-01,"
                      "0912 345 678\n";
    assert_int_equal(import(f, csv, &r), ST_OK);
    p = trail(f);
    assert_int_equal(p.n, n + 6);
    assert_commit_entry(&p.items[0], csv, &r,
                        "\"rows\":\"1\",\"created\":\"0\",\"updated\":\"1\",\"unchanged\":\"0\"");
    assert_string_equal(p.items[1].action, "member.update");
    assert_string_equal(p.items[1].before, "{\"phone\":null}");
    assert_string_equal(p.items[1].after, "{\"phone\":\"0912345678\"}");
    errlist_free(&r.errors);
}

static void test_dry_run_and_refused_import_append_nothing(void **state)
{
    fx *f = *state;
    size_t n = trail(f).n;
    import_report r;
    assert_int_equal(svc_members_import(&f->s, VI_FILE, strlen(VI_FILE), "dry.csv", true, &r),
                     ST_OK);
    assert_int_equal(r.created, 2);
    errlist_free(&r.errors);
    const char *csv = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n"
                      "Đặng Văn An,Nam,1985-03-14,001085012345,2010-05-19,CB-01\n"
                      "Nguyễn Thị Bình,Nữ,1990-01-02,001190012345,2015-06-01,KHONG-CO\n";
    assert_int_equal(import(f, csv, &r), ST_INVALID);
    errlist_free(&r.errors);
    assert_int_equal(import(f, "Họ và tên\n", &r), ST_BAD_REQUEST);
    errlist_free(&r.errors);
    assert_int_equal(trail(f).n, n);
    assert_int_equal(member_count(f), 0);
}

static void test_import_survives_every_allocation_failure(void **state)
{
    fx *f = *state;
    long before = member_count(f);
    status st = ST_NOMEM;
    long n;
    for (n = 0; st != ST_OK && n < 100000; n++) {
        import_report r;
        arena a = ARENA_INIT;
        svc s;
        svc_init(&s, f->c, &a, &svc_operator, LANG_VI, NOW_UNIX);
        alloc_fail_after(n);
        st = svc_members_import(&s, VI_FILE, strlen(VI_FILE), "inject.csv", false, &r);
        bool injected = alloc_failed();
        alloc_fail_after(-1);
        errlist_free(&r.errors);
        arena_free(&a);
        if (st != ST_OK) {
            assert_true(injected);
            assert_int_equal(st, ST_NOMEM);
            assert_int_equal(member_count(f), before);
        } else {
            assert_false(injected);
        }
    }
    assert_int_equal(st, ST_OK);
    assert_true(n > 10);
    assert_int_equal(member_count(f), before + 2);
}

int main(void)
{
    if (alloc_install_sqlite() != 0)
        return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_import_vietnamese_headers_bom_crlf),
        T(test_import_english_headers_in_another_order),
        T(test_import_quoted_fields_with_commas_and_line_breaks),
        T(test_import_reports_every_error_and_writes_nothing),
        T(test_refused_import_counts_nothing_saved),
        T(test_import_bad_date_names_both_accepted_forms),
        T(test_import_same_cccd_twice_in_file_refused),
        T(test_reimport_creates_no_duplicates),
        T(test_export_then_import_changes_nothing),
        T(test_non_utf8_file_refused_naming_the_line),
        T(test_header_problems_are_file_errors),
        T(test_old_records_without_cccd_reimport_unchanged),
        T(test_import_survives_every_allocation_failure),
        T(test_import_audits_each_record_and_the_file),
        T(test_dry_run_and_refused_import_append_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
