/*
 * test_pdf.c -- the printed documents from real records: each PDF's text,
 * extracted by pdftotext (poppler-utils), holds the Vietnamese names,
 * dates and headings with their diacritics; pdfinfo counts the pages the
 * layout should take; a long report flows onto page 2 with its number;
 * documents that do not apply are refused with their codes and nothing
 * written; scope is the trips' and transfers' own; and the page layer's
 * Vietnamese formats. Page 1 of each document is rendered to PNG once in
 * tests/unit/out/ (pdftoppm) for a person to look at.
 *
 * The tools run through posix_spawnp with an argument vector (no shell).
 */
#include "testutil.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "report/chart.h"
#include "report/pdf.h"
#include "report/vnfmt.h"
#include "service/documents.h"
#include "service/service.h"
#include "service/transfer.h"
#include "service/trip.h"
#include "store/internal.h"
#include "store/store.h"

extern char **environ;

#define NOW_UNIX 1795400000 /* 2026-11-23, a Monday, 09:13 in Hà Nội */

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    char dir[64];
    unit ward, cell, jp_cell;
    member nguyet, binh;
    actor member_nguyet, member_binh, sec, officer, sec_jp;
} fx;

static const unsigned char PDF[] = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";

/* ---- running the poppler tools ---- */

/* Run argv (found on PATH) with stdout to `out` (NULL: inherited); the
 * exit status, or -1. */
static int run_tool(const char *const *argv, const char *out)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (out)
        posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int ws;
    if (waitpid(pid, &ws, 0) != pid)
        return -1;
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static char *read_file(fx *f, const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    strbuf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        buf_append(&b, chunk, n);
    fclose(fp);
    char *out = arena_strndup(&f->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

/* Whitespace (line breaks of the layout included) folded to one space. */
static char *squeeze(fx *f, const char *s)
{
    char *out = arena_alloc(&f->a, strlen(s) + 1);
    size_t o = 0;
    for (; *s; s++) {
        bool space = *s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\f';
        if (space && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = space ? ' ' : *s;
    }
    out[o] = '\0';
    return out;
}

static const char *save_pdf(fx *f, const strbuf *pdf, const char *name)
{
    const char *path = arena_printf(&f->a, "%s/%s.pdf", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(pdf->data, 1, pdf->len, fp), pdf->len);
    fclose(fp);
    return path;
}

/* The text of pages first..last (0: all) as pdftotext reads it. */
static char *pdf_text(fx *f, const char *pdf, int first, int last)
{
    const char *txt = arena_printf(&f->a, "%s.%d.txt", pdf, first);
    char fbuf[16], lbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", first ? first : 1);
    snprintf(lbuf, sizeof lbuf, "%d", last ? last : 9999);
    const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", "-f", fbuf,
                          "-l",        lbuf,   pdf,    txt,     NULL};
    assert_int_equal(run_tool(argv, NULL), 0);
    return squeeze(f, read_file(f, txt));
}

static int pdf_page_count(fx *f, const char *pdf)
{
    const char *info = arena_printf(&f->a, "%s.info", pdf);
    const char *argv[] = {"pdfinfo", pdf, NULL};
    assert_int_equal(run_tool(argv, info), 0);
    const char *p = strstr(read_file(f, info), "Pages:");
    assert_non_null(p);
    return (int)strtol(p + 6, NULL, 10);
}

/* Page 1 as PNG in tests/unit/out/NAME.png, to be looked at. */
static void render_page1(fx *f, const char *pdf, const char *name)
{
    const char *dir = "tests/unit/out";
    mkdir(dir, 0755);
    const char *prefix = arena_printf(&f->a, "%s/%s", dir, name);
    const char *argv[] = {"pdftoppm", "-png", "-r",          "80", "-f",   "1",
                          "-l",       "1",    "-singlefile", pdf,  prefix, NULL};
    assert_int_equal(run_tool(argv, NULL), 0);
}

/* Render one document; its text and page count. */
typedef struct rendered {
    const char *path, *text;
    int pages;
} rendered;

static rendered look(fx *f, const strbuf *pdf, const char *name)
{
    assert_true(pdf->len > 1000);
    assert_memory_equal(pdf->data, "%PDF-", 5);
    rendered r;
    r.path = save_pdf(f, pdf, name);
    r.text = pdf_text(f, r.path, 0, 0);
    r.pages = pdf_page_count(f, r.path);
    render_page1(f, r.path, name);
    return r;
}

#define assert_has(hay, needle)                                                                    \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("missing \"%s\" in: %s", (needle), (hay));                                    \
    } while (0)

/* ---- the records ---- */

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX); }

static unit make_unit(fx *f, const char *kind, const char *code, const char *name, int64_t parent,
                      const char *country)
{
    unit_input in = {.kind = kind,
                     .code = code,
                     .name = name,
                     .parent_id = parent,
                     .temporary = -1,
                     .country = country,
                     .cell_type = country ? "students" : NULL};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_unit_create(&f->s, &in, &u, &errs) != ST_OK)
        fail_msg("unit %s: %s", code, errs.items[0].code);
    errlist_free(&errs);
    error e;
    assert_int_equal(svc_unit_get(&f->s, u.id, &u, &e), ST_OK);
    return u;
}

static member make_member(fx *f, const char *name, const char *sex, const char *birth,
                          const char *cccd, const char *card, int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = sex,
                       .birth_date = birth,
                       .cccd = cccd,
                       .card_number = card,
                       .admitted_on = "2010-05-19",
                       .official_on = "2011-05-19",
                       .unit_id = unit_id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_member_create(&f->s, &in, &m, &errs) != ST_OK)
        fail_msg("member %s: %s (%s)", name, errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    return m;
}

static actor staff(const char *label, int64_t id, role r, const unit *u)
{
    return (actor){
        .user_id = id, .label = label, .scope_path = u->path, .role = r, .unit_id = u->id};
}

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/caunoi-pdf-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    as(f, &svc_operator);
    unit tw = make_unit(f, "committee", "TW", "Đảng bộ Thành phố Hà Nội", 0, NULL);
    f->ward = make_unit(f, "grassroots", "HN.DA", "Đảng bộ phường Đông Anh", tw.id, NULL);
    f->cell = make_unit(f, "cell", "HN.DA.3", "Chi bộ khu phố 3", f->ward.id, NULL);
    unit bng = make_unit(f, "committee", "BNG", "Đảng ủy Ngoài nước", tw.id, NULL);
    unit jp = make_unit(f, "grassroots", "BNG.JP", "Đảng bộ tại Nhật Bản", bng.id, "JP");
    f->jp_cell = make_unit(f, "cell", "BNG.JP.TK", "Chi bộ sinh viên Tô-ky-ô", jp.id, "JP");
    f->nguyet = make_member(f, "Đặng Thị Ánh Nguyệt", "F", "1985-03-14", "001185012345", "12345678",
                            f->cell.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "M", "1986-04-01", "001086012345", "23456789",
                          f->cell.id);
    f->member_nguyet = (actor){.user_id = 20,
                               .label = "nguyet",
                               .scope_path = f->cell.path,
                               .role = ROLE_MEMBER,
                               .member_id = f->nguyet.id,
                               .unit_id = f->cell.id};
    f->member_binh = f->member_nguyet;
    f->member_binh.user_id = 21;
    f->member_binh.label = "binh";
    f->member_binh.member_id = f->binh.id;
    f->sec = staff("bithu", 22, ROLE_SECRETARY, &f->cell);
    f->officer = staff("canbo", 23, ROLE_OFFICER, &tw);
    f->sec_jp = staff("bithu.tokyo", 24, ROLE_SECRETARY, &f->jp_cell);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    arena_free(&f->a);
    svc_conn_close(f->c);
    const char *argv[] = {"rm", "-rf", f->dir, NULL};
    run_tool(argv, NULL);
    xfree(f);
    return 0;
}

static int release_fonts(void **state)
{
    (void)state;
    pdf_release_caches();
    return 0;
}

static const char *jp_kr[] = {"JP", "KR"};

static trip_view create_trip(fx *f, const char *purpose)
{
    as(f, &f->member_nguyet);
    trip_input in = {.purpose = purpose,
                     .countries = jp_kr,
                     .n_countries = 2,
                     .countries_given = true,
                     .planned_departure = "2026-12-01",
                     .planned_return = "2026-12-20",
                     .payer = "self",
                     .delegation_id = -1};
    trip_view v;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_trip_create(&f->s, 0, &in, &v, &errs) != ST_OK)
        fail_msg("create: %s", errs.items[0].code);
    errlist_free(&errs);
    if (strcmp(purpose, "relatives") == 0) {
        trip_attachment at;
        error e;
        assert_int_equal(svc_trip_attach(&f->s, v.t.id, "relatives_commitment", "cam-ket.pdf", PDF,
                                         sizeof PDF - 1, &at, &e),
                         ST_OK);
        assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_OK);
    }
    return v;
}

static trip_view step(fx *f, const actor *who, const trip_view *v, trip_action a,
                      const char *outcome, const char *comment, const char *date, const char *text)
{
    as(f, who);
    trip_step st = {outcome, comment, date, text};
    trip_view out;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_trip_act(&f->s, v->t.id, v->t.version, a, &st, &out, &errs) != ST_OK)
        fail_msg("%s: %s", trip_action_name(a), errs.items[0].code);
    errlist_free(&errs);
    return out;
}

/* Filed, agreed by the cell, approved by the committee. */
static trip_view approved_trip(fx *f, const char *purpose)
{
    trip_view v = create_trip(f, purpose);
    v = step(f, &f->member_nguyet, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    v = step(f, &f->sec, &v, TRIP_OPINION, "agree", "Đảng viên gương mẫu", NULL, NULL);
    return step(f, &f->officer, &v, TRIP_DECIDE, "approved", NULL, NULL, NULL);
}

static trip_view returned_trip(fx *f, const char *report)
{
    trip_view v = approved_trip(f, "relatives");
    v = step(f, &f->member_nguyet, &v, TRIP_DEPART, NULL, NULL, "2026-11-20", NULL);
    v = step(f, &f->member_nguyet, &v, TRIP_RETURN, NULL, NULL, "2026-11-21", NULL);
    if (report)
        v = step(f, &f->member_nguyet, &v, TRIP_SUBMIT_REPORT, NULL, NULL, NULL, report);
    return v;
}

static int64_t audit_count(fx *f)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(f->s.db->h, "SELECT count(*) FROM audit_log", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* ---- the documents ---- */

static void test_application_holds_names_dates_and_headings(void **state)
{
    fx *f = *state;
    trip_view v = approved_trip(f, "relatives");
    int64_t entries = audit_count(f);
    as(f, &f->member_nguyet);
    strbuf pdf = {0};
    error e = {0};
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "application", &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "application");
    assert_has(r.text, "ĐẢNG CỘNG SẢN VIỆT NAM");
    assert_has(r.text, "ĐẢNG BỘ PHƯỜNG ĐÔNG ANH");
    assert_has(r.text, "CHI BỘ KHU PHỐ 3");
    assert_has(r.text, "ngày 23 tháng 11 năm 2026"); /* submitted today */
    assert_has(r.text, "ĐƠN ĐỀ NGHỊ");
    assert_has(r.text, "Ra nước ngoài về việc riêng");
    assert_has(r.text, "Tên tôi là: Đặng Thị Ánh Nguyệt");
    assert_has(r.text, "Ngày sinh: 14/3/1985");
    assert_has(r.text, "Số thẻ đảng viên: 12345678");
    assert_has(r.text, "Ngày vào Đảng: 19/5/2010");
    assert_has(r.text, "Nước đến: Nhật Bản, Hàn Quốc");
    assert_has(r.text, "Mục đích: Việc riêng: thăm thân nhân");
    assert_has(r.text, "từ ngày 01/12/2026 đến ngày 20/12/2026");
    assert_has(r.text, "Kinh phí: Tự túc");
    assert_has(r.text, "Bản cam kết về thân nhân ở nước ngoài");
    assert_has(r.text, "7 ngày làm việc");
    assert_has(r.text, "Đồng ý. Đảng viên gương mẫu");
    assert_has(r.text, "Đồng ý cho đi.");
    assert_has(r.text, "T/M CHI BỘ");
    assert_has(r.text, "T/M ĐẢNG ỦY");
    assert_int_equal(r.pages, 2);
    /* the opinions carried to page 2, numbered there */
    char *p2 = pdf_text(f, r.path, 2, 2);
    assert_true(strncmp(p2, "2 ", 2) == 0 || strncmp(p2, " 2 ", 3) == 0);
    assert_has(p2, "T/M ĐẢNG ỦY");
    /* printing wrote nothing */
    assert_int_equal(audit_count(f), entries);
    buf_free(&pdf);
}

static void test_commitment_only_for_a_visit_to_relatives(void **state)
{
    fx *f = *state;
    trip_view v = create_trip(f, "relatives");
    strbuf pdf = {0};
    error e = {0};
    as(f, &f->sec);
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "commitment", &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "commitment");
    assert_has(r.text, "BẢN CAM KẾT");
    assert_has(r.text, "Về thân nhân ở nước ngoài");
    assert_has(r.text, "Tên tôi là: Đặng Thị Ánh Nguyệt");
    assert_has(r.text, "tại Nhật Bản, Hàn Quốc, từ ngày 01/12/2026 đến ngày 20/12/2026");
    assert_has(r.text, "Họ và tên thân nhân");
    assert_has(r.text, "NGƯỜI CAM KẾT");
    assert_has(r.text, "ngày tháng năm 2026"); /* a draft: the date left to write */
    assert_int_equal(r.pages, 2);
    buf_free(&pdf);

    trip_view tour = create_trip(f, "tourism");
    strbuf none = {0};
    as(f, &f->member_nguyet);
    assert_int_equal(svc_document_trip(&f->s, tour.t.id, "commitment", &none, &e), ST_CONFLICT);
    assert_string_equal(e.code, "document_not_applicable");
    assert_string_equal(e.arg, "tourism");
    assert_int_equal(none.len, 0);
}

static void test_report_refused_before_return_then_printed(void **state)
{
    fx *f = *state;
    trip_view v = approved_trip(f, "relatives");
    strbuf pdf = {0};
    error e = {0};
    as(f, &f->member_nguyet);
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "report", &pdf, &e), ST_CONFLICT);
    assert_string_equal(e.code, "document_not_ready");
    assert_string_equal(e.arg, "approved");
    assert_int_equal(pdf.len, 0);

    v = step(f, &f->member_nguyet, &v, TRIP_DEPART, NULL, NULL, "2026-11-20", NULL);
    v = step(f, &f->member_nguyet, &v, TRIP_RETURN, NULL, NULL, "2026-11-21", NULL);
    v = step(f, &f->member_nguyet, &v, TRIP_SUBMIT_REPORT, NULL, NULL, NULL,
             "Thăm gia đình con gái ở Tô-ky-ô.\nKhông có gì phát sinh.");
    v = step(f, &f->sec, &v, TRIP_REVIEW_REPORT, "agree", "Báo cáo đúng hạn", NULL, NULL);
    as(f, &f->sec);
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "report", &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "report");
    assert_has(r.text, "BÁO CÁO");
    assert_has(r.text, "Kết quả ra nước ngoài về việc riêng");
    assert_has(r.text, "Nước đã đến: Nhật Bản, Hàn Quốc");
    assert_has(r.text, "Được cấp ủy đồng ý ngày: 23/11/2026");
    assert_has(r.text, "xuất cảnh ngày 20/11/2026, nhập cảnh về nước ngày 21/11/2026");
    assert_has(r.text, "Thăm gia đình con gái ở Tô-ky-ô.");
    assert_has(r.text, "Không có gì phát sinh.");
    assert_has(r.text, "Đồng ý. Báo cáo đúng hạn");
    assert_has(r.text, "ngày 23 tháng 11 năm 2026");
    assert_int_equal(r.pages, 1);
    buf_free(&pdf);
}

static void test_long_report_flows_onto_page_two(void **state)
{
    fx *f = *state;
    strbuf text = {0};
    for (int i = 1; i <= 12; i++)
        buf_printf(&text,
                   "Đoạn %d: trong thời gian ở nước ngoài, tôi chấp hành nghiêm quy định của Đảng "
                   "và pháp luật nước sở tại, giữ liên lạc với chi bộ.\n",
                   i);
    buf_puts(&text, "Đoạn cuối cùng của báo cáo.");
    trip_view v = returned_trip(f, text.data);
    buf_free(&text);
    strbuf pdf = {0};
    error e = {0};
    as(f, &f->member_nguyet);
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "report", &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "report-long");
    assert_int_equal(r.pages, 2);
    char *p1 = pdf_text(f, r.path, 1, 1);
    char *p2 = pdf_text(f, r.path, 2, 2);
    assert_has(p1, "Đoạn 1:");
    assert_null(strstr(p1, "Đoạn cuối cùng"));
    assert_true(strncmp(p2, "2 ", 2) == 0); /* numbered from page 2, in the top margin */
    assert_has(p2, "Đoạn cuối cùng của báo cáo.");
    buf_free(&pdf);
}

static void test_transfer_letter_for_both_sides(void **state)
{
    fx *f = *state;
    as(f, &f->officer);
    transfer_input in = {.member_id = f->binh.id,
                         .kind = "temporary",
                         .to_unit_id = f->jp_cell.id,
                         .issued_on = "2026-11-20",
                         .note = "Du học thạc sĩ"};
    transfer t;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_issue(&f->s, &in, &t, &errs) != ST_OK)
        fail_msg("issue: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    strbuf pdf = {0};
    error e = {0};
    assert_int_equal(svc_document_transfer(&f->s, t.id, &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "transfer");
    assert_has(r.text, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG");
    assert_has(r.text, "Chuyển sinh hoạt đảng tạm thời ra ngoài nước");
    assert_has(r.text, arena_printf(&f->a, "Số %s", t.letter_number));
    assert_has(r.text, "ĐẢNG BỘ PHƯỜNG ĐÔNG ANH"); /* the issuing committee above the cell */
    assert_has(r.text, "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI");
    assert_has(r.text, "ngày 20 tháng 11 năm 2026");
    assert_has(r.text, "Chi bộ sinh viên Tô-ky-ô (Nhật Bản)");
    assert_has(r.text, "cho đồng chí: Nguyễn Văn Bình");
    assert_has(r.text, "Ngày sinh: 01/4/1986");
    assert_has(r.text, "Số thẻ đảng viên (Số TĐV): 23456789");
    assert_has(r.text, "Đang chuyển, chưa trình giấy");
    assert_has(r.text, "Du học thạc sĩ");
    assert_has(r.text, "Lưu Đảng ủy.");
    assert_int_equal(r.pages, 1);
    buf_free(&pdf);

    /* the receiving secretary sees the letter and the name, not the record */
    as(f, &f->sec_jp);
    assert_int_equal(svc_document_transfer(&f->s, t.id, &pdf, &e), ST_OK);
    const char *path = save_pdf(f, &pdf, "transfer-jp");
    char *text = pdf_text(f, path, 0, 0);
    assert_has(text, "Nguyễn Văn Bình");
    assert_has(text, "Ngày sinh: ……/……/………");
    assert_null(strstr(text, "23456789"));
    buf_free(&pdf);

    /* cancelled: not printed */
    as(f, &f->officer);
    transfer after;
    errlist_init(&errs, 0);
    assert_int_equal(svc_transfer_act(&f->s, t.id, t.version, TRANSFER_CANCEL, NULL, "Nhầm đơn vị",
                                      &after, &errs),
                     ST_OK);
    errlist_free(&errs);
    assert_int_equal(svc_document_transfer(&f->s, t.id, &pdf, &e), ST_CONFLICT);
    assert_string_equal(e.code, "document_not_applicable");
    assert_int_equal(pdf.len, 0);
}

static void test_scope_and_kind_refused(void **state)
{
    fx *f = *state;
    trip_view v = create_trip(f, "relatives");
    strbuf pdf = {0};
    error e = {0};
    as(f, &f->member_binh); /* another member's trip */
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "application", &pdf, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "trip_not_found");
    as(f, &f->sec_jp); /* outside the secretary's scope */
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "application", &pdf, &e), ST_NOT_FOUND);
    as(f, &f->member_nguyet);
    assert_int_equal(svc_document_trip(&f->s, v.t.id, "passport", &pdf, &e), ST_INVALID);
    assert_string_equal(e.code, "document_kind_invalid");
    assert_string_equal(e.field, "kind");
    assert_int_equal(svc_document_trip(&f->s, v.t.id, NULL, &pdf, &e), ST_INVALID);
    assert_int_equal(pdf.len, 0);
}

static void test_review_report_with_charts(void **state)
{
    fx *f = *state;
    returned_trip(f, "Thăm gia đình.");
    date_t from, to;
    assert_true(date_parse("2026-01-01", &from));
    assert_true(date_parse("2026-11-23", &to));
    int64_t entries = audit_count(f);
    strbuf pdf = {0};
    error e = {0};
    as(f, &f->officer);
    assert_int_equal(svc_document_review(&f->s, 0, from, to, &pdf, &e), ST_OK);
    rendered r = look(f, &pdf, "review");
    assert_has(r.text, "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI");
    assert_has(r.text, "BÁO CÁO");
    assert_has(r.text, "Tình hình đảng viên ra nước ngoài từ ngày 01/01/2026 đến ngày 23/11/2026");
    assert_has(r.text, "Kỳ trước: từ ngày 08/02/2025 đến ngày 31/12/2025.");
    assert_has(r.text, "I- Tổng hợp, so sánh với kỳ trước");
    assert_has(r.text, "Tổng số chuyến đi trong kỳ: 1 (kỳ trước: 0).");
    assert_has(r.text, "Số chuyến đi theo năm"); /* the chart's title, as text */
    assert_has(r.text, "Số chuyến đi theo nước đến");
    assert_has(r.text, "Nhật Bản 1 0"); /* a row of the table by country */
    assert_has(r.text, "Hàn Quốc");
    assert_has(r.text, "Việc riêng: thăm thân nhân");
    assert_has(r.text, "báo cáo đúng hạn 1");
    assert_has(r.text, "T/M ĐẢNG ỦY");
    assert_true(r.pages >= 2);
    assert_int_equal(audit_count(f), entries);
    buf_free(&pdf);

    as(f, &f->member_nguyet);
    assert_int_equal(svc_document_review(&f->s, 0, from, to, &pdf, &e), ST_FORBIDDEN);
    assert_int_equal(pdf.len, 0);
}

static void test_chart_svg_escapes_and_reads_its_numbers(void **state)
{
    fx *f = *state;
    chart_item items[] = {{"Nhật Bản", 1234}, {"A & B <C>", 2}, {"\"quoted\" 'x'", 0}};
    chart c = {.kind = CHART_BARS,
               .id = "by country!",
               .title = "Chuyến đi theo nước đến",
               .items = items,
               .n = 3};
    const char *svg;
    error e;
    assert_int_equal(chart_svg(&f->a, &c, 400, chart_height(&c, 400), &svg, &e), ST_OK);
    const char *start = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
    assert_true(strncmp(svg, start, strlen(start)) == 0);
    assert_has(svg, "role=\"img\"");
    assert_has(svg, "aria-labelledby=\"by_country_-title by_country_-desc\"");
    assert_has(svg, "<title id=\"by_country_-title\">Chuyến đi theo nước đến</title>");
    assert_has(svg, "<desc id=\"by_country_-desc\">Chuyến đi theo nước đến: Nhật Bản 1.234; A "
                    "&amp; B &lt;C&gt; 2; &quot;quoted&quot; &#39;x&#39; 0.</desc>");
    assert_has(svg, ">1.234</text>");
    assert_has(svg, "<title>A &amp; B &lt;C&gt;: 2</title>");
    assert_null(strstr(svg, "<C>"));
    assert_has(svg, "</svg>");
    c.kind = CHART_COLUMNS;
    assert_int_equal(chart_svg(&f->a, &c, 400, chart_height(&c, 400), &svg, &e), ST_OK);
    assert_has(svg, "text-anchor=\"middle\">Nhật Bản</text>");
}

/* ---- the formats ---- */

static void test_vietnamese_formats(void **state)
{
    fx *f = *state;
    date_t d;
    assert_true(date_parse("2026-01-05", &d));
    assert_string_equal(vn_date_line(&f->a, "Hà Nội", d, 0), "Hà Nội, ngày 05 tháng 01 năm 2026");
    assert_true(date_parse("2019-06-29", &d));
    assert_string_equal(vn_date_line(&f->a, "Huế", d, 0), "Huế, ngày 29 tháng 6 năm 2019");
    assert_string_equal(vn_short_date(&f->a, d), "29/6/2019");
    assert_string_equal(vn_date_line(&f->a, NULL, DATE_NONE, 2026),
                        "……………, ngày      tháng      năm 2026");
    assert_string_equal(vn_number(&f->a, 1234567.891, 2), "1.234.567,89");
    assert_string_equal(vn_number(&f->a, 25.6, 1), "25,6");
    assert_string_equal(vn_number(&f->a, 999, 0), "999");
    assert_string_equal(vn_number(&f->a, -1000, 0), "-1.000");
    assert_string_equal(vn_number(&f->a, 0.05, 1), "0,1");
    assert_string_equal(vn_upper(&f->a, "Chi bộ Đông Anh, ấp Ỷ Lan"), "CHI BỘ ĐÔNG ANH, ẤP Ỷ LAN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_application_holds_names_dates_and_headings, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_commitment_only_for_a_visit_to_relatives, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_refused_before_return_then_printed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_long_report_flows_onto_page_two, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transfer_letter_for_both_sides, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_and_kind_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_report_with_charts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chart_svg_escapes_and_reads_its_numbers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_vietnamese_formats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, release_fonts);
}
