/*
 * test_xlsx.c -- the spreadsheet exports read back: records made through
 * the use cases (units, members, trips taken through their steps, an
 * alerts scan, a transfer), exported as XLSX and CSV by
 * service/exports.h, then the XLSX opened by python3-openpyxl
 * (tests/unit/read_xlsx.py, run with posix_spawn, printing JSON) and the
 * CSV by text/csv.h, and compared with the records: the title, the
 * headers, each value, date cells that are dates, the frozen pane, the
 * autofilter's range, widths in characters, no formula, no temporary
 * file left behind, the audit entry; refusals that append and audit
 * nothing.
 */
#include "testutil.h"
#include "fixtures.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "domain/unit.h"
#include "report/xlsx.h"
#include "service/compliance.h"
#include "service/exports.h"
#include "service/service.h"
#include "service/stats.h"
#include "service/transfer.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/store.h"
#include "text/csv.h"

#define NOW_UNIX 1795400000 /* 2026-11-23T02:13:20Z: Monday 23 November in Vietnam */

extern char **environ;

static date_t D(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    char tmp[64]; /* TMPDIR of the exports under test */
    unit top, cell_a, cell_b, jp;
    member an, chi, binh;
    int64_t trip_an, trip_chi, trip_binh;
} fx;

/* ---- records through the use cases ---- */

static unit make_unit(fx *f, const char *kind, const char *code, int64_t parent,
                      const char *country)
{
    return fx_unit(&f->s, kind, code, parent, country, NULL);
}

static member make_member(fx *f, const char *name, const char *sex, const char *birth,
                          const char *cccd, int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = sex,
                       .birth_date = birth,
                       .cccd = cccd,
                       .admitted_on = "2010-05-19",
                       .unit_id = unit_id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_member_create(&f->s, &in, &m, &errs) != ST_OK)
        fail_msg("member %s: %s", name, errs.items[0].code);
    errlist_free(&errs);
    return m;
}

/* A tourism trip taken through its steps by the operator, each on its own
 * day: submitted 15 days before departure, agreed 12, approved 10,
 * departed on dep, back on `back` (NULL: still abroad). */
static int64_t trip_taken(fx *f, const member *m, const char *country, const char *dep,
                          const char *ret, const char *back)
{
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    return fx_trip_taken(&f->s, m->id, "tourism", country, dep, ret, back);
}

/* Bình's draft (the operator acting as the member): a private trip whose
 * detail reads like a formula. */
static int64_t draft_with_formula(fx *f)
{
    const char *countries[] = {"FR"};
    trip_input in = {.purpose = "private_other",
                     .purpose_detail = "=1+2",
                     .countries = countries,
                     .n_countries = 1,
                     .countries_given = true,
                     .planned_departure = "2027-02-01",
                     .planned_return = "2027-02-10",
                     .payer = "self",
                     .delegation_id = -1};
    trip t;
    errlist errs;
    errlist_init(&errs, 0);
    error e = {0};
    trip_when w = {.today = DATE_NONE, .at = NULL, .any_party = true};
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    if (svc_trip_create_tx(&f->s, &w, f->binh.id, &in, &t, &errs) != ST_OK)
        fail_msg("draft: %s", errs.items[0].code);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
    return t.id;
}

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    snprintf(f->tmp, sizeof f->tmp, "/tmp/caunoi-test-xlsx-XXXXXX");
    if (!mkdtemp(f->tmp) || setenv("TMPDIR", f->tmp, 1) != 0)
        return -1;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    f->top = make_unit(f, "committee", "HN", 0, NULL);
    unit g = make_unit(f, "grassroots", "HN.G1", f->top.id, NULL);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", g.id, NULL);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", g.id, NULL);
    unit nn = make_unit(f, "committee", "NN", 0, NULL);
    unit nng = make_unit(f, "grassroots", "NN.G", nn.id, NULL);
    f->jp = make_unit(f, "cell", "NN.JP.1", nng.id, "JP");
    f->an = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", f->cell_a.id);
    f->chi = make_member(f, "Lê Thị Chi", "F", "1990-01-02", "001190012345", f->cell_a.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "M", "1986-04-01", "001086012345", f->cell_b.id);
    f->trip_an = trip_taken(f, &f->an, "KR", "2026-02-05", "2026-02-13", "2026-02-13");
    f->trip_chi = trip_taken(f, &f->chi, "JP", "2026-09-01", "2027-03-01", NULL);
    f->trip_binh = draft_with_formula(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    arena_free(&f->a);
    svc_conn_close(f->c);
    rmdir(f->tmp);
    xfree(f);
    return 0;
}

/* ---- reading the files back ---- */

/* Entries left in the exports' TMPDIR (their private directories). */
static int leftovers(const fx *f)
{
    DIR *d = opendir(f->tmp);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The workbook as read_xlsx.py prints it. */
static json_t *read_xlsx(const fx *f, const strbuf *book)
{
    char path[128];
    snprintf(path, sizeof path, "%s/read.xlsx", f->tmp);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(book->data, 1, book->len, fp), book->len);
    assert_int_equal(fclose(fp), 0);
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    const char *py = getenv("PYTHON") ? getenv("PYTHON") : "/usr/bin/python3";
    char *argv[] = {(char *)py, "tests/unit/read_xlsx.py", path, NULL};
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, py, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    strbuf out = {0};
    char chunk[4096];
    for (ssize_t n; (n = read(pipefd[0], chunk, sizeof chunk)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        assert_true(n > 0);
        buf_append(&out, chunk, (size_t)n);
    }
    close(pipefd[0]);
    int wst;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    unlink(path);
    json_error_t je;
    json_t *j = json_loadb(out.data, out.len, 0, &je);
    if (!j)
        fail_msg("read_xlsx.py: %s", je.text);
    buf_free(&out);
    return j;
}

static json_t *sheet_at(json_t *book, size_t i) { return json_array_get(book, i); }

static json_t *cell_at(json_t *sheet, size_t row, size_t col)
{
    return json_array_get(json_array_get(json_object_get(sheet, "rows"), row), col);
}

static const char *text_at(json_t *sheet, size_t row, size_t col)
{
    json_t *c = cell_at(sheet, row, col);
    if (!json_is_string(c))
        fail_msg("row %zu col %zu is not text", row, col);
    return json_string_value(c);
}

static void assert_date_cell(json_t *sheet, size_t row, size_t col, const char *iso)
{
    json_t *c = cell_at(sheet, row, col);
    if (!json_is_object(c) || !json_object_get(c, "date"))
        fail_msg("row %zu col %zu is not a date cell", row, col);
    assert_string_equal(json_string_value(json_object_get(c, "date")), iso);
}

static void assert_empty_cell(json_t *sheet, size_t row, size_t col)
{
    assert_true(json_is_null(cell_at(sheet, row, col)));
}

static size_t nrows(json_t *sheet) { return json_array_size(json_object_get(sheet, "rows")); }

/* The width openpyxl reads, less the padding libxlsxwriter adds. */
static int width_of(json_t *sheet, const char *col)
{
    json_t *w = json_object_get(json_object_get(sheet, "widths"), col);
    assert_non_null(w);
    return (int)floor(json_number_value(w));
}

static strbuf export_of(fx *f, const actor *who, lang lg, const export_query *q, export_file *info)
{
    svc_init(&f->s, f->c, &f->a, who, lg, NOW_UNIX);
    strbuf out = {0};
    error e = {0};
    if (svc_export_table(&f->s, q, &out, info, &e) != ST_OK)
        fail_msg("export %s: %s", q->what, e.code);
    assert_int_equal(leftovers(f), 0);
    return out;
}

/* Entries of the trail whose action starts with "export.". */
static size_t export_entries(fx *f, audit_entry **items)
{
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    audit_query q = {.action = "export.*", .limit = 100};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    if (items)
        *items = p.items;
    return p.n;
}

/* ---- the tests ---- */

static void test_sheet_width_counts_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(sheet_text_width("Nguyễn"), 6);
    assert_int_equal(sheet_text_width("Nguye\xCC\x82\xCC\x83n"), 6); /* NFD marks */
    assert_int_equal(sheet_text_width("日本"), 4);
    assert_int_equal(sheet_text_width("ab\nĐặng Văn"), 8);
    assert_int_equal(sheet_text_width(""), 0);
}

/* The trips of 2026 (An's to Korea, back; Chi's to Japan, still there),
 * not Bình's draft of 2027: every column as the records say. */
static void test_trips_xlsx_reads_back_as_the_records(void **state)
{
    fx *f = *state;
    export_query q = {.what = "trips", .from = D("2026-01-01"), .to = D("2026-12-31")};
    export_file info;
    strbuf out = export_of(f, &svc_operator, LANG_VI, &q, &info);
    assert_string_equal(info.file_name, "trips-all-2026-01-01-2026-12-31.xlsx");
    assert_string_equal(info.media_type, EXPORT_XLSX_TYPE);
    assert_int_equal(info.rows, 2);
    json_t *book = read_xlsx(f, &out);
    assert_int_equal(json_array_size(book), 1);
    json_t *sh = sheet_at(book, 0);
    assert_string_equal(json_string_value(json_object_get(sh, "name")), "Chuyến đi");
    assert_string_equal(json_string_value(json_object_get(sh, "freeze")), "A3");
    assert_string_equal(json_string_value(json_object_get(sh, "filter")), "A2:S4");
    assert_string_equal(text_at(sh, 0, 0), "Danh sách chuyến đi nước ngoài — Toàn hệ thống — từ "
                                           "01/01/2026 đến 31/12/2026");
    const char *headers[] = {"Mã chuyến đi",
                             "Họ và tên",
                             "Đơn vị",
                             "Mục đích",
                             "Chi tiết mục đích",
                             "Nước đến",
                             "Ngày đi dự kiến",
                             "Ngày về dự kiến",
                             "Gia hạn đến",
                             "Ngày đi thực tế",
                             "Ngày về thực tế",
                             "Trạng thái",
                             "Kinh phí",
                             "Đoàn",
                             "Ngày nộp đơn",
                             "Ngày quyết định",
                             "Hạn nộp báo cáo",
                             "Ngày nộp báo cáo",
                             "Số quyết định cử đi"};
    for (size_t k = 0; k < 19; k++)
        assert_string_equal(text_at(sh, 1, k), headers[k]);
    assert_int_equal(nrows(sh), 4);
    /* Newest departure first: Chi, abroad. */
    assert_true(json_number_value(cell_at(sh, 2, 0)) == (double)f->trip_chi);
    assert_string_equal(text_at(sh, 2, 1), "Lê Thị Chi");
    assert_string_equal(text_at(sh, 2, 2), "HN.G1.A");
    assert_string_equal(text_at(sh, 2, 3), "Việc riêng: du lịch");
    assert_empty_cell(sh, 2, 4);
    assert_string_equal(text_at(sh, 2, 5), country_name("JP", LANG_VI));
    assert_date_cell(sh, 2, 6, "2026-09-01");
    assert_date_cell(sh, 2, 7, "2027-03-01");
    assert_empty_cell(sh, 2, 8);
    assert_date_cell(sh, 2, 9, "2026-09-01");
    assert_empty_cell(sh, 2, 10);
    assert_string_equal(text_at(sh, 2, 11), "Đang ở nước ngoài");
    assert_string_equal(text_at(sh, 2, 12), "Tự túc");
    assert_date_cell(sh, 2, 14, "2026-08-17");
    assert_date_cell(sh, 2, 15, "2026-08-22");
    assert_empty_cell(sh, 2, 16);
    /* An: back on 13 February, the report due on 3 March (Tết between). */
    assert_true(json_number_value(cell_at(sh, 3, 0)) == (double)f->trip_an);
    assert_string_equal(text_at(sh, 3, 1), "Đặng Văn An");
    assert_string_equal(text_at(sh, 3, 5), "Hàn Quốc");
    assert_date_cell(sh, 3, 10, "2026-02-13");
    assert_string_equal(text_at(sh, 3, 11), "Đã về, chưa nộp báo cáo");
    assert_date_cell(sh, 3, 16, "2026-03-03");
    assert_empty_cell(sh, 3, 17);
    /* "Đặng Văn An": 11 characters (15 bytes), and 2 for the filter button. */
    assert_int_equal(width_of(sh, "B"), 13);
    assert_int_equal(width_of(sh, "G"), 17); /* "Ngày đi dự kiến" wider than a date */
    json_decref(book);
    buf_free(&out);

    audit_entry *items;
    assert_int_equal(export_entries(f, &items), 1);
    assert_string_equal(items[0].action, "export.trips");
    assert_string_equal(items[0].record_type, "unit");
    assert_non_null(strstr(items[0].after, "\"rows\":\"2\""));
    assert_non_null(strstr(items[0].after, "\"from\":\"2026-01-01\""));
    assert_non_null(strstr(items[0].after, "\"format\":\"xlsx\""));
}

/* A formula-like text: a string cell in XLSX, guarded in CSV, and the
 * CSV parses back field by field. */
static void test_trips_csv_guards_formulas_and_parses_back(void **state)
{
    fx *f = *state;
    export_query q = {.what = "trips", .format = "csv", .from = DATE_NONE, .to = DATE_NONE};
    export_file info;
    strbuf out = export_of(f, &svc_operator, LANG_VI, &q, &info);
    assert_string_equal(info.media_type, EXPORT_CSV_TYPE);
    assert_string_equal(info.file_name, "trips-all-2026-11-23.csv");
    assert_int_equal(info.rows, 3);
    assert_memory_equal(out.data, CSV_BOM, 3);
    assert_non_null(strstr(out.data, "\r\n"));
    assert_non_null(strstr(out.data, ",'=1+2,"));
    csv_reader r;
    csv_init(&r, out.data, out.len);
    char **fields;
    size_t n;
    error e;
    assert_int_equal(csv_next(&r, &fields, &n, &e), ST_OK);
    assert_int_equal(n, 19);
    assert_string_equal(fields[0], "Mã chuyến đi");
    assert_string_equal(fields[16], "Hạn nộp báo cáo");
    int seen = 0;
    for (;;) {
        assert_int_equal(csv_next(&r, &fields, &n, &e), ST_OK);
        if (r.eof)
            break;
        assert_int_equal(n, 19);
        int64_t id;
        assert_true(str_to_i64(fields[0], &id));
        if (id == f->trip_binh) {
            assert_string_equal(fields[1], "Nguyễn Văn Bình");
            assert_string_equal(csv_field_unguard(fields[4]), "=1+2");
            assert_string_equal(fields[6], "2027-02-01");
            assert_string_equal(fields[9], "");
            assert_string_equal(fields[11], "Bản nháp, chưa gửi");
        } else if (id == f->trip_an) {
            assert_string_equal(fields[10], "2026-02-13");
            assert_string_equal(fields[16], "2026-03-03");
        }
        seen++;
    }
    assert_int_equal(seen, 3);
    csv_free(&r);
    buf_free(&out);

    q.format = "xlsx";
    out = export_of(f, &svc_operator, LANG_VI, &q, NULL);
    json_t *book = read_xlsx(f, &out);
    json_t *sh = sheet_at(book, 0);
    assert_int_equal(nrows(sh), 5);
    assert_string_equal(text_at(sh, 2, 4), "=1+2"); /* Bình's (2027) first; a string */
    json_decref(book);
    buf_free(&out);
}

/* English headers when the request asks for English; the Vietnamese CSV
 * re-imports unchanged. */
static void test_members_xlsx_in_english_and_csv_reimports(void **state)
{
    fx *f = *state;
    export_query q = {
        .what = "members", .unit_id = f->cell_a.id, .from = DATE_NONE, .to = DATE_NONE};
    export_file info;
    strbuf out = export_of(f, &svc_operator, LANG_EN, &q, &info);
    assert_string_equal(info.file_name, "members-HN.G1.A-2026-11-23.xlsx");
    json_t *book = read_xlsx(f, &out);
    json_t *sh = sheet_at(book, 0);
    assert_string_equal(json_string_value(json_object_get(sh, "name")), "Members");
    assert_string_equal(text_at(sh, 0, 0), "Members — HN.G1.A — as of 23/11/2026");
    assert_string_equal(text_at(sh, 1, 0), "Full name");
    assert_string_equal(text_at(sh, 1, 2), "Date of birth");
    assert_string_equal(json_string_value(json_object_get(sh, "filter")), "A2:M4");
    assert_int_equal(nrows(sh), 4);
    /* Vietnamese order: An before Chi. */
    assert_string_equal(text_at(sh, 2, 0), "Đặng Văn An");
    assert_string_equal(text_at(sh, 2, 1), "Male");
    assert_date_cell(sh, 2, 2, "1985-03-14");
    assert_string_equal(text_at(sh, 2, 3), "001085012345");
    assert_date_cell(sh, 2, 8, "2010-05-19");
    assert_string_equal(text_at(sh, 3, 0), "Lê Thị Chi");
    assert_string_equal(text_at(sh, 3, 1), "Female");
    assert_string_equal(text_at(sh, 3, 10), "HN.G1.A");
    json_decref(book);
    buf_free(&out);

    q.format = "csv";
    out = export_of(f, &svc_operator, LANG_VI, &q, &info);
    assert_int_equal(info.rows, 2);
    import_report rep;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    status st = svc_members_import(&f->s, out.data, out.len, "members.csv", true, &rep);
    if (st != ST_OK)
        fail_msg("import: %s (row %ld)", rep.errors.items[0].code, rep.errors.items[0].row);
    assert_int_equal(rep.rows, 2);
    assert_int_equal(rep.unchanged, 2);
    assert_int_equal(rep.created + rep.updated, 0);
    errlist_free(&rep.errors);
    buf_free(&out);
}

/* The alerts a scan kept and a transfer issued today, as their lists
 * show them. */
static void test_alerts_and_transfers_read_back(void **state)
{
    fx *f = *state;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    alert_scan_report scan;
    error e;
    assert_int_equal(svc_alerts_scan(&f->s, 0, &scan, &e), ST_OK);
    assert_int_equal(scan.opened, 2); /* An's report, Chi without arrangement */

    export_query q = {.what = "alerts", .from = DATE_NONE, .to = DATE_NONE};
    strbuf out = export_of(f, &svc_operator, LANG_VI, &q, NULL);
    json_t *book = read_xlsx(f, &out);
    json_t *sh = sheet_at(book, 0);
    assert_string_equal(json_string_value(json_object_get(sh, "name")), "Cảnh báo");
    assert_string_equal(text_at(sh, 1, 1), "Vi phạm");
    assert_int_equal(nrows(sh), 4);
    bool report = false, arrangement = false;
    for (size_t r = 2; r < 4; r++) {
        const compliance_rule_info *rule = compliance_rule_by_code(text_at(sh, r, 2));
        assert_non_null(rule);
        assert_string_equal(text_at(sh, r, 1), rule->name_vi);
        assert_string_equal(text_at(sh, r, 12), rule->source);
        assert_date_cell(sh, r, 10, "2026-11-23");
        assert_empty_cell(sh, r, 11);
        if (strcmp(rule->code, "trip.report_due") == 0) {
            report = true;
            assert_string_equal(text_at(sh, r, 3), "Đặng Văn An");
            assert_date_cell(sh, r, 5, "2026-03-04");
            assert_true(json_number_value(cell_at(sh, r, 7)) == (double)f->trip_an);
            assert_empty_cell(sh, r, 8);
        } else {
            arrangement = true;
            assert_string_equal(text_at(sh, r, 3), "Lê Thị Chi");
        }
    }
    assert_true(report && arrangement);
    json_decref(book);
    buf_free(&out);
    /* Only the violations that began in March. */
    q.from = D("2026-03-01");
    q.to = D("2026-03-31");
    q.format = "csv";
    export_file info;
    out = export_of(f, &svc_operator, LANG_VI, &q, &info);
    assert_int_equal(info.rows, 1);
    buf_free(&out);

    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    transfer_input in = {.member_id = f->chi.id,
                         .kind = "temporary",
                         .to_unit_code = "NN.JP.1",
                         .trip_id = f->trip_chi};
    transfer t;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_issue(&f->s, &in, &t, &errs) != ST_OK)
        fail_msg("issue: %s", errs.items[0].code);
    errlist_free(&errs);
    export_query tq = {.what = "transfers", .from = D("2026-11-01"), .to = D("2026-11-30")};
    out = export_of(f, &svc_operator, LANG_VI, &tq, NULL);
    book = read_xlsx(f, &out);
    sh = sheet_at(book, 0);
    assert_int_equal(nrows(sh), 3);
    assert_string_equal(text_at(sh, 1, 0), "Số giấy giới thiệu");
    assert_string_equal(text_at(sh, 2, 0), t.letter_number);
    assert_string_equal(text_at(sh, 2, 1), "Lê Thị Chi");
    assert_string_equal(text_at(sh, 2, 2), "Chuyển sinh hoạt tạm thời");
    assert_string_equal(text_at(sh, 2, 3), "Không");
    assert_string_equal(text_at(sh, 2, 5), "NN.JP.1");
    assert_string_equal(text_at(sh, 2, 6), "Nhật Bản");
    assert_date_cell(sh, 2, 7, "2026-11-23");
    char due[DATE_ISO_LEN];
    date_format(t.receive_due, due);
    assert_date_cell(sh, 2, 8, due);
    assert_string_equal(text_at(sh, 2, 10), "Đang chờ nơi đến tiếp nhận");
    json_decref(book);
    buf_free(&out);
    assert_int_equal(export_entries(f, NULL), 3);
}

/* Each refusal appends nothing, audits nothing, leaves no file. */
static void test_refusals_append_and_audit_nothing(void **state)
{
    fx *f = *state;
    strbuf out = {0};
    buf_puts(&out, "kept");
    error e;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    export_query q = {.what = "trips", .format = "pdf", .from = DATE_NONE, .to = DATE_NONE};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "export_format_invalid");
    assert_string_equal(e.field, "format");
    q = (export_query){.what = "users", .from = DATE_NONE, .to = DATE_NONE};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "export_table_invalid");
    q = (export_query){.what = "trips", .from = D("2026-12-31"), .to = D("2026-01-01")};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "export_period");
    q = (export_query){.what = "trips", .status = "lost", .from = DATE_NONE, .to = DATE_NONE};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "trip_state_invalid");
    q = (export_query){.what = "alerts", .status = "lost", .from = DATE_NONE, .to = DATE_NONE};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "export_status_invalid");
    /* Cell B's secretary: cell A is outside the scope. */
    actor sec = {.user_id = 99,
                 .label = "bt.b",
                 .scope_path = f->cell_b.path,
                 .role = ROLE_SECRETARY,
                 .unit_id = f->cell_b.id,
                 .ip = ""};
    svc_init(&f->s, f->c, &f->a, &sec, LANG_VI, NOW_UNIX);
    q = (export_query){
        .what = "members", .unit_id = f->cell_a.id, .from = DATE_NONE, .to = DATE_NONE};
    assert_int_equal(svc_export_table(&f->s, &q, &out, NULL, &e), ST_NOT_FOUND);
    assert_string_equal(out.data, "kept");
    assert_int_equal(out.len, 4);
    assert_int_equal(export_entries(f, NULL), 0);
    assert_int_equal(leftovers(f), 0);
    /* Their own scope: Bình alone, titled with their cell. */
    q.unit_id = 0;
    strbuf mine = export_of(f, &sec, LANG_VI, &q, NULL);
    json_t *book = read_xlsx(f, &mine);
    json_t *sh = sheet_at(book, 0);
    assert_int_equal(nrows(sh), 3);
    assert_string_equal(text_at(sh, 0, 0), "Danh sách đảng viên — HN.G1.B — ngày 23/11/2026");
    assert_string_equal(text_at(sh, 2, 0), "Nguyễn Văn Bình");
    json_decref(book);
    buf_free(&mine);
    buf_free(&out);
}

/* The review report: the summary and each table against
 * svc_review_report's own figures, this period beside the previous. */
static void test_stats_xlsx_sets_periods_side_by_side(void **state)
{
    fx *f = *state;
    trip_taken(f, &f->binh, "JP", "2025-06-01", "2025-06-10", "2025-06-10");
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    review_report r;
    error e;
    assert_int_equal(svc_review_report(&f->s, 0, D("2026-01-01"), D("2026-12-31"), &r, &e), ST_OK);
    strbuf out = {0};
    export_file info;
    if (svc_export_stats(&f->s, 0, D("2026-01-01"), D("2026-12-31"), "xlsx", &out, &info, &e) !=
        ST_OK)
        fail_msg("stats: %s", e.code);
    assert_int_equal(leftovers(f), 0);
    assert_string_equal(info.file_name, "review-all-2026-01-01-2026-12-31.xlsx");
    json_t *book = read_xlsx(f, &out);
    assert_int_equal(json_array_size(book), 11);
    json_t *sum = sheet_at(book, 0);
    assert_string_equal(json_string_value(json_object_get(sum, "name")), "Tổng hợp");
    assert_string_equal(text_at(sum, 0, 0),
                        "Tổng hợp — Toàn hệ thống — từ 01/01/2026 đến 31/12/2026 (kỳ trước: từ "
                        "01/01/2025 đến 31/12/2025)");
    assert_string_equal(text_at(sum, 1, 2), "Kỳ này");
    assert_string_equal(text_at(sum, 2, 1), "trips");
    assert_true(json_number_value(cell_at(sum, 2, 2)) == (double)r.current.trips);
    assert_true(json_number_value(cell_at(sum, 2, 3)) == (double)r.previous.trips);
    assert_true(json_number_value(cell_at(sum, 2, 4)) ==
                (double)(r.current.trips - r.previous.trips));
    assert_int_equal(r.current.trips, 2);
    assert_int_equal(r.previous.trips, 1);
    /* By country: Korea and Japan this year, Japan last year. */
    json_t *bc = sheet_at(book, 3);
    assert_string_equal(json_string_value(json_object_get(bc, "name")), "Chuyến đi theo nước đến");
    size_t found = 0;
    for (size_t row = 2; row < nrows(bc); row++) {
        const char *key = text_at(bc, row, 1);
        const stats_count *cur = stats_list_find(&r.current.by_country, key);
        const stats_count *prev = stats_list_find(&r.previous.by_country, key);
        assert_true(json_number_value(cell_at(bc, row, 2)) == (double)(cur ? cur->n : 0));
        assert_true(json_number_value(cell_at(bc, row, 3)) == (double)(prev ? prev->n : 0));
        if (strcmp(key, "JP") == 0) {
            assert_true(json_number_value(cell_at(bc, row, 2)) == 1);
            assert_true(json_number_value(cell_at(bc, row, 3)) == 1);
            assert_true(json_number_value(cell_at(bc, row, 4)) == 0);
        }
        found++;
    }
    assert_int_equal(found, 2);
    json_decref(book);
    buf_free(&out);

    if (svc_export_stats(&f->s, 0, D("2026-01-01"), D("2026-12-31"), "csv", &out, &info, &e) !=
        ST_OK)
        fail_msg("stats csv: %s", e.code);
    csv_reader cr;
    csv_init(&cr, out.data, out.len);
    char **fields;
    size_t n;
    long rows = 0;
    assert_int_equal(csv_next(&cr, &fields, &n, &e), ST_OK);
    assert_int_equal(n, 6);
    assert_string_equal(fields[0], "Bảng");
    for (;;) {
        assert_int_equal(csv_next(&cr, &fields, &n, &e), ST_OK);
        if (cr.eof)
            break;
        if (strcmp(fields[2], "trips") == 0) {
            assert_string_equal(fields[0], "Tổng hợp");
            assert_string_equal(fields[3], "2");
            assert_string_equal(fields[4], "1");
            assert_string_equal(fields[5], "1");
        }
        rows++;
    }
    assert_int_equal(rows, info.rows);
    csv_free(&cr);
    buf_free(&out);
    audit_entry *items;
    assert_int_equal(export_entries(f, &items), 2);
    assert_string_equal(items[0].action, "export.stats");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_width_counts_characters_not_bytes),
        cmocka_unit_test_setup_teardown(test_trips_xlsx_reads_back_as_the_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trips_csv_guards_formulas_and_parses_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_members_xlsx_in_english_and_csv_reimports, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_alerts_and_transfers_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_append_and_audit_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_xlsx_sets_periods_side_by_side, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
