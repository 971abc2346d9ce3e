/*
 * test_handbook.c -- the handbook over a real database: creating, changing
 * under a version, archiving and restoring pages, the revisions every save
 * keeps, who may write and who may read, the bounds and the text rules
 * (NFC, line ends, controls), each refusal leaving the pages, the
 * revisions and the audit trail as they were; and the rendering: headings,
 * lists, tables and safe links kept, raw HTML escaped, and every script or
 * data address removed however it is spelled. Also the demo's pages, and
 * a creation walked through allocation failures.
 */
#include "testutil.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/handbook.h"
#include "service/service.h"
#include "store/internal.h"

#define T0 1795400000 /* 2026-11-22 */

static const actor global_admin = {
    .user_id = 7, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN, .ip = "10.0.0.7"};
static const actor unit_admin = {
    .user_id = 8, .label = "quantri-tinh", .scope_path = "/1/", .role = ROLE_ADMIN, .unit_id = 1};
static const actor global_officer = {
    .user_id = 11, .label = "canbo", .scope_path = "/", .role = ROLE_OFFICER};
static const actor global_auditor = {
    .user_id = 9, .label = "kiemtra", .scope_path = "/", .role = ROLE_AUDITOR};
static const actor a_member = {.user_id = 12,
                               .label = "dangvien",
                               .scope_path = "/1/",
                               .role = ROLE_MEMBER,
                               .member_id = 3,
                               .unit_id = 1};
/* What the API acts as before a session exists (api/common.c). */
static const actor anonymous = {
    .user_id = 0, .label = "anonymous", .scope_path = "/0/", .role = ROLE_MEMBER, .ip = ""};

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
} fx;

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    svc_init(&f->s, f->c, &f->a, &global_admin, LANG_VI, T0);
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

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, T0); }

static char *query_text(fx *f, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s.db->h, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *v = sqlite3_column_text(st, 0);
    char *out = arena_strdup(&f->a, v ? (const char *)v : "");
    sqlite3_finalize(st);
    return out;
}

/* Everything a change could touch: pages, revisions, the audit trail. */
static char *snapshot(fx *f)
{
    return arena_printf(
        &f->a, "%s|%s|%s",
        query_text(f, "SELECT group_concat(slug || ',' || title || ',' || position || ',' ||"
                      " archived || ',' || version || ',' || hex(body), ';')"
                      " FROM (SELECT * FROM handbook_pages ORDER BY id)"),
        query_text(f, "SELECT count(*) || ':' || coalesce(group_concat(page_id || '.' || version),"
                      " '') FROM page_revisions"),
        query_text(f, "SELECT count(*) || ':' || coalesce(max(hash), '') FROM audit_log"));
}

static handbook_page create_ok(fx *f, const char *slug, const char *title, const char *body,
                               int64_t position)
{
    errlist errs;
    errlist_init(&errs, 0);
    handbook_input in = {slug, title, body, position};
    handbook_page p;
    status st = svc_handbook_create(&f->s, &in, &p, &errs);
    if (st != ST_OK)
        fail_msg("create %s: %s on %s", slug, errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    return p;
}

/* The creation is refused with `st` and the first error `code` on
 * `field`, and nothing changed. */
static void create_refused(fx *f, const handbook_input *in, status st, const char *code,
                           const char *field)
{
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_handbook_create(&f->s, in, NULL, &errs), st);
    assert_true(errs.len >= 1);
    assert_string_equal(errs.items[0].code, code);
    assert_string_equal(errs.items[0].field, field);
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static status update(fx *f, const char *slug, int64_t version, const char *title, const char *body,
                     int64_t position, handbook_page *out, errlist *errs)
{
    handbook_input in = {NULL, title, body, position};
    return svc_handbook_update(&f->s, slug, version, &in, out, errs);
}

static void update_refused(fx *f, const char *slug, int64_t version, const char *title,
                           const char *body, status st, const char *code)
{
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(update(f, slug, version, title, body, -1, NULL, &errs), st);
    assert_true(errs.len >= 1);
    assert_string_equal(errs.items[0].code, code);
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

/* The HTML of `md`. */
static char *render(fx *f, const char *md)
{
    char *html = NULL;
    error e = {0};
    assert_int_equal(handbook_render(&f->a, md, strlen(md), &html, &e), ST_OK);
    return html;
}

/* ---- creating and reading ---- */

static void test_create_saves_page_revision_and_audit(void **state)
{
    fx *f = *state;
    handbook_page p =
        create_ok(f, "truoc-khi-di", "Trước khi đi", "# Hồ sơ\n\n- Đơn đề nghị\n", -1);
    assert_true(p.id > 0);
    assert_int_equal(p.version, 1);
    assert_int_equal(p.position, 10); /* the first page, in steps of 10 */
    assert_false(p.archived);
    assert_string_equal(p.created_by, "quantri");
    assert_string_equal(p.updated_by, "quantri");
    assert_string_equal(p.html, "<h1>Hồ sơ</h1>\n<ul>\n<li>Đơn đề nghị</li>\n</ul>\n");
    assert_string_equal(query_text(f, "SELECT count(*) FROM page_revisions"), "1");
    assert_string_equal(query_text(f, "SELECT version || ':' || title || ':' || created_by"
                                      " FROM page_revisions"),
                        "1:Trước khi đi:quantri");
    assert_string_equal(query_text(f, "SELECT action || ':' || record_type || ':' || record_id ||"
                                      " ':' || coalesce(scope_path, '') FROM audit_log"),
                        "handbook.create:handbook_page:1:/");
    char *after = query_text(f, "SELECT after FROM audit_log");
    assert_non_null(strstr(after, "\"slug\":\"truoc-khi-di\""));
    assert_non_null(strstr(after, "\"body_sha256\":"));
    /* the next page goes after the last, at the next multiple of 10 */
    handbook_page q = create_ok(f, "sau-khi-ve", "Sau khi về", "Báo cáo.", -1);
    assert_int_equal(q.position, 20);
    create_ok(f, "xen", "Xen giữa", "x", 25);
    handbook_page r = create_ok(f, "cuoi", "Cuối", "x", -1);
    assert_int_equal(r.position, 30);
}

static void test_list_in_position_order_without_bodies(void **state)
{
    fx *f = *state;
    create_ok(f, "c", "Ba", "x", 30);
    create_ok(f, "a", "Một", "x", 10);
    create_ok(f, "b", "Hai", "x", 10);
    handbook_page *items;
    size_t n;
    error e = {0};
    as(f, &a_member);
    assert_int_equal(svc_handbook_list(&f->s, false, &items, &n, &e), ST_OK);
    assert_int_equal(n, 3);
    assert_string_equal(items[0].slug, "a"); /* position 10, then slug */
    assert_string_equal(items[1].slug, "b");
    assert_string_equal(items[2].slug, "c");
    assert_null(items[0].body);
    assert_null(items[0].html);
    assert_int_equal(items[0].body_bytes, 1);
}

static void test_get_renders_and_reports_missing(void **state)
{
    fx *f = *state;
    create_ok(f, "bieu-mau", "Biểu mẫu", "**Đơn** đề nghị", 0);
    as(f, &a_member);
    handbook_page p;
    error e = {0};
    assert_int_equal(svc_handbook_get(&f->s, "bieu-mau", &p, &e), ST_OK);
    assert_string_equal(p.body, "**Đơn** đề nghị");
    assert_string_equal(p.html, "<p><strong>Đơn</strong> đề nghị</p>\n");
    assert_int_equal(svc_handbook_get(&f->s, "khong-co", &p, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "handbook_page_not_found");
    assert_string_equal(e.arg, "khong-co");
    assert_int_equal(svc_handbook_get(&f->s, "../etc", &p, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "handbook_page_not_found");
}

static void test_text_is_nfc_with_unix_line_ends(void **state)
{
    fx *f = *state;
    /* "Tiếng Việt" with decomposed marks, CR LF and a lone CR, trailing blanks */
    handbook_page p = create_ok(f, "nfc", "  Tie\xcc\x82\xcc\x81ng   Vie\xcc\xa3\xcc\x82t ",
                                "Tie\xcc\x82\xcc\x81ng\r\nVie\xcc\xa3\xcc\x82t\rxong \n\n", 0);
    assert_string_equal(p.title, "Tiếng Việt");
    assert_string_equal(p.body, "Tiếng\nViệt\nxong");
    assert_string_equal(query_text(f, "SELECT body FROM handbook_pages"), "Tiếng\nViệt\nxong");
}

/* ---- refusals ---- */

static void test_field_errors_all_reported_nothing_written(void **state)
{
    fx *f = *state;
    create_ok(f, "co-san", "Có sẵn", "x", 0);
    handbook_input in = {"Sai Slug", "Tiêu\x01đề", "", 100001};
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_handbook_create(&f->s, &in, NULL, &errs), ST_INVALID);
    assert_int_equal(errs.len, 4);
    assert_string_equal(errs.items[0].code, "handbook_slug_invalid");
    assert_string_equal(errs.items[1].code, "text_control");
    assert_string_equal(errs.items[1].field, "title");
    assert_string_equal(errs.items[1].arg, "U+0001");
    assert_string_equal(errs.items[2].code, "required");
    assert_string_equal(errs.items[2].field, "body");
    assert_string_equal(errs.items[3].code, "handbook_position_range");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void test_slugs_refused(void **state)
{
    fx *f = *state;
    static const char *const bad[] = {
        "-a",  "a-",  "a--b",
        "A",   "a b", "đi",
        "a_b", "a/b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        handbook_input in = {bad[i], "T", "x", -1};
        create_refused(f, &in, ST_INVALID, "handbook_slug_invalid", "slug");
    }
    handbook_input none = {NULL, "T", "x", -1};
    create_refused(f, &none, ST_INVALID, "required", "slug");
    create_ok(f, "a-1-b", "T", "x", -1);
    create_ok(f, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "T", "x", -1);
}

static void test_slug_taken_even_when_archived(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "faq", "Hỏi đáp", "x", 0);
    handbook_input again = {"faq", "Khác", "y", -1};
    create_refused(f, &again, ST_CONFLICT, "handbook_slug_taken", "slug");
    error e = {0};
    assert_int_equal(svc_handbook_archive(&f->s, "faq", p.version, NULL, &e), ST_OK);
    create_refused(f, &again, ST_CONFLICT, "handbook_slug_taken", "slug");
}

static void test_bounds(void **state)
{
    fx *f = *state;
    char *big = arena_alloc(&f->a, HANDBOOK_BODY_MAX_BYTES + 2);
    memset(big, 'a', HANDBOOK_BODY_MAX_BYTES + 1);
    handbook_input in = {"dai", "T", big, -1};
    create_refused(f, &in, ST_INVALID, "handbook_body_too_large", "body");
    big[HANDBOOK_BODY_MAX_BYTES] = '\0';
    create_ok(f, "dai", "T", big, -1);
    char title[HANDBOOK_TITLE_MAX_BYTES + 2];
    memset(title, 't', sizeof title - 1);
    title[sizeof title - 1] = '\0';
    handbook_input long_title = {"tieu-de", title, "x", -1};
    create_refused(f, &long_title, ST_INVALID, "handbook_title_too_long", "title");
    handbook_input bad_utf8 = {"utf", "T", "\xc3\x28", -1};
    create_refused(f, &bad_utf8, ST_BAD_REQUEST, "utf8_invalid", "body");
    handbook_input bidi = {"bidi", "T",
                           "a\xe2\x80\xae"
                           "b",
                           -1};
    create_refused(f, &bidi, ST_INVALID, "text_control", "body");
}

static void test_page_count_bounded(void **state)
{
    fx *f = *state;
    for (int i = 0; i < HANDBOOK_PAGES_MAX; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "p%d", i);
        create_ok(f, slug, "T", "x", -1);
    }
    handbook_input one_more = {"them", "T", "x", -1};
    create_refused(f, &one_more, ST_CONFLICT, "handbook_too_many_pages", "");
}

/* ---- who may ---- */

static void test_only_installation_admins_write(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "trang", "Trang", "x", 0);
    const actor *others[] = {&unit_admin, &global_officer, &global_auditor, &a_member, &anonymous};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        as(f, others[i]);
        handbook_input in = {"moi", "Mới", "y", -1};
        create_refused(f, &in, ST_FORBIDDEN, "forbidden", "");
        update_refused(f, "trang", p.version, "Khác", NULL, ST_FORBIDDEN, "forbidden");
        char *before = snapshot(f);
        error e = {0};
        assert_int_equal(svc_handbook_archive(&f->s, "trang", p.version, NULL, &e), ST_FORBIDDEN);
        assert_string_equal(e.code, "forbidden");
        handbook_revision_page hist;
        assert_int_equal(svc_handbook_revisions(&f->s, "trang", 0, 0, &hist, &e), ST_FORBIDDEN);
        assert_string_equal(snapshot(f), before);
    }
    as(f, &svc_operator); /* the CLI acts as an administrator of "/" */
    create_ok(f, "tu-cli", "Từ CLI", "x", -1);
}

static void test_everyone_signed_in_reads(void **state)
{
    fx *f = *state;
    create_ok(f, "doc", "Đọc", "x", 0);
    const actor *readers[] = {&unit_admin, &global_officer, &global_auditor, &a_member};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        as(f, readers[i]);
        handbook_page p, *items;
        size_t n;
        error e = {0};
        assert_int_equal(svc_handbook_get(&f->s, "doc", &p, &e), ST_OK);
        assert_int_equal(svc_handbook_list(&f->s, false, &items, &n, &e), ST_OK);
        assert_int_equal(n, 1);
        /* the archived pages are the editors' */
        assert_int_equal(svc_handbook_list(&f->s, true, &items, &n, &e), ST_FORBIDDEN);
    }
    as(f, &anonymous);
    handbook_page p;
    error e = {0};
    assert_int_equal(svc_handbook_get(&f->s, "doc", &p, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "session_required");
}

/* ---- changing, versions, history ---- */

static void test_update_saves_revision_and_bumps_version(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "trong", "Trong chuyến đi", "Gia hạn.", 10);
    errlist errs;
    errlist_init(&errs, 0);
    handbook_page q;
    assert_int_equal(
        update(f, "trong", p.version, NULL, "Xin **gia hạn** trước ngày về.", -1, &q, &errs),
        ST_OK);
    assert_int_equal(q.version, 2);
    assert_string_equal(q.title, "Trong chuyến đi"); /* not given: unchanged */
    assert_int_equal(q.position, 10);
    assert_string_equal(q.html, "<p>Xin <strong>gia hạn</strong> trước ngày về.</p>\n");
    assert_string_equal(query_text(f, "SELECT group_concat(version || ':' || body, '|')"
                                      " FROM (SELECT * FROM page_revisions ORDER BY version)"),
                        "1:Gia hạn.|2:Xin **gia hạn** trước ngày về.");
    char *last = query_text(f, "SELECT action || ' ' || before || ' ' || after FROM audit_log"
                               " ORDER BY id DESC LIMIT 1");
    assert_non_null(strstr(last, "handbook.update {\"body_sha256\":"));
    assert_null(strstr(last, "\"title\"")); /* only what changed */
    /* the position alone: a new version, no revision (title and body are the same) */
    assert_int_equal(update(f, "trong", 2, NULL, NULL, 5, &q, &errs), ST_OK);
    assert_int_equal(q.version, 3);
    assert_int_equal(q.position, 5);
    assert_string_equal(query_text(f, "SELECT count(*) FROM page_revisions"), "2");
    errlist_free(&errs);
}

static void test_update_with_stale_version_changes_nothing(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "sau", "Sau khi về", "Báo cáo.", 0);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(update(f, "sau", p.version, "Sau khi về nước", NULL, -1, NULL, &errs), ST_OK);
    errlist_free(&errs);
    update_refused(f, "sau", p.version, "Khác", NULL, ST_CONFLICT, "version_stale");
    update_refused(f, "khong-co", 1, "Khác", NULL, ST_NOT_FOUND, "handbook_page_not_found");
    update_refused(f, "sau", 2, "", NULL, ST_INVALID, "required");
}

static void test_update_that_changes_nothing_writes_nothing(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "y-nguyen", "Giữ nguyên", "Nội dung.", 3);
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    handbook_page q;
    assert_int_equal(update(f, "y-nguyen", p.version, "Giữ nguyên", "Nội dung.\n", 3, &q, &errs),
                     ST_OK);
    assert_int_equal(q.version, 1);
    assert_string_equal(snapshot(f), before);
    errlist_free(&errs);
}

static void test_slug_cannot_change(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "co-dinh", "Cố định", "x", 0);
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    handbook_input in = {"khac", NULL, NULL, -1};
    assert_int_equal(svc_handbook_update(&f->s, "co-dinh", p.version, &in, NULL, &errs),
                     ST_INVALID);
    assert_string_equal(errs.items[0].code, "handbook_slug_fixed");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void test_archive_hides_and_restore_brings_back(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "cu", "Trang cũ", "x", 0);
    create_ok(f, "moi", "Trang mới", "y", 1);
    error e = {0};
    handbook_page q;
    assert_int_equal(svc_handbook_archive(&f->s, "cu", p.version, &q, &e), ST_OK);
    assert_true(q.archived);
    assert_int_equal(q.version, 2);
    assert_string_equal(query_text(f, "SELECT count(*) FROM page_revisions"), "2");
    /* archived twice, or changed while archived: refused, nothing written */
    char *before = snapshot(f);
    assert_int_equal(svc_handbook_archive(&f->s, "cu", 2, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "handbook_archived");
    assert_string_equal(snapshot(f), before);
    update_refused(f, "cu", 2, "Sửa", NULL, ST_CONFLICT, "handbook_archived");
    /* readers no longer find it; the editor lists it after the others */
    handbook_page *items;
    size_t n;
    assert_int_equal(svc_handbook_list(&f->s, true, &items, &n, &e), ST_OK);
    assert_int_equal(n, 2);
    assert_string_equal(items[1].slug, "cu");
    assert_true(items[1].archived);
    as(f, &a_member);
    assert_int_equal(svc_handbook_get(&f->s, "cu", &q, &e), ST_NOT_FOUND);
    assert_int_equal(svc_handbook_list(&f->s, false, &items, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    as(f, &global_admin);
    assert_int_equal(svc_handbook_get(&f->s, "cu", &q, &e), ST_OK);
    assert_int_equal(svc_handbook_restore(&f->s, "cu", 1, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "version_stale");
    assert_int_equal(svc_handbook_restore(&f->s, "cu", 2, &q, &e), ST_OK);
    assert_false(q.archived);
    assert_int_equal(svc_handbook_restore(&f->s, "cu", 3, &q, &e), ST_CONFLICT);
    assert_string_equal(e.code, "handbook_not_archived");
    assert_string_equal(query_text(f, "SELECT group_concat(action, ',') FROM (SELECT action FROM"
                                      " audit_log WHERE record_id = 1 ORDER BY id)"),
                        "handbook.create,handbook.archive,handbook.restore");
}

static void test_history_is_paged_and_readable(void **state)
{
    fx *f = *state;
    handbook_page p = create_ok(f, "lich-su", "Lịch sử", "Bản 1", 0);
    errlist errs;
    errlist_init(&errs, 0);
    for (int v = 2; v <= 5; v++) {
        char body[32];
        snprintf(body, sizeof body, "Bản %d", v);
        assert_int_equal(update(f, "lich-su", v - 1, NULL, body, -1, &p, &errs), ST_OK);
    }
    errlist_free(&errs);
    handbook_revision_page pg;
    error e = {0};
    assert_int_equal(svc_handbook_revisions(&f->s, "lich-su", 0, 2, &pg, &e), ST_OK);
    assert_int_equal(pg.n, 2);
    assert_int_equal(pg.items[0].version, 5);
    assert_int_equal(pg.items[1].version, 4);
    assert_null(pg.items[0].body);
    assert_int_equal(pg.next_before, 4);
    assert_int_equal(svc_handbook_revisions(&f->s, "lich-su", 4, 10, &pg, &e), ST_OK);
    assert_int_equal(pg.n, 3);
    assert_int_equal(pg.items[2].version, 1);
    assert_int_equal(pg.next_before, 0);
    handbook_revision r;
    assert_int_equal(svc_handbook_revision_get(&f->s, "lich-su", 2, &r, &e), ST_OK);
    assert_string_equal(r.body, "Bản 2");
    assert_string_equal(r.html, "<p>Bản 2</p>\n");
    assert_int_equal(svc_handbook_revision_get(&f->s, "lich-su", 9, &r, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "handbook_revision_not_found");
    assert_string_equal(e.arg, "9");
}

static void test_history_cannot_be_deleted(void **state)
{
    fx *f = *state;
    create_ok(f, "giu", "Giữ", "x", 0);
    char *err = NULL;
    assert_int_not_equal(sqlite3_exec(f->s.db->h, "DELETE FROM page_revisions", NULL, NULL, &err),
                         SQLITE_OK);
    sqlite3_free(err);
    assert_int_not_equal(sqlite3_exec(f->s.db->h, "DELETE FROM handbook_pages", NULL, NULL, &err),
                         SQLITE_OK);
    sqlite3_free(err);
    assert_int_not_equal(
        sqlite3_exec(f->s.db->h, "UPDATE page_revisions SET body = 'y'", NULL, NULL, &err),
        SQLITE_OK);
    sqlite3_free(err);
    assert_string_equal(query_text(f, "SELECT body FROM page_revisions"), "x");
}

/* ---- rendering ---- */

static void test_render_keeps_headings_lists_tables_links(void **state)
{
    fx *f = *state;
    assert_string_equal(render(f, "## Thời hạn\n\n1. Đơn\n2. Cam kết\n"),
                        "<h2>Thời hạn</h2>\n<ol>\n<li>Đơn</li>\n<li>Cam kết</li>\n</ol>\n");
    assert_string_equal(render(f, "| Việc | Hạn |\n|---|---:|\n| Báo cáo | 7 ngày |\n"),
                        "<table>\n<thead>\n<tr>\n<th>Việc</th>\n<th align=\"right\">Hạn</th>\n"
                        "</tr>\n</thead>\n<tbody>\n<tr>\n<td>Báo cáo</td>\n"
                        "<td align=\"right\">7 ngày</td>\n</tr>\n</tbody>\n</table>\n");
    assert_string_equal(
        render(f, "[Trang](#/handbook/faq) [Web](https://x.vn/a?b=1&c=2 \"T\") "
                  "[Thư](mailto:a@b.vn) [Gọi](tel:+84240000) ![Ảnh](/img/a.png)"),
        "<p><a href=\"#/handbook/faq\">Trang</a> <a href=\"https://x.vn/a?b=1&amp;c=2\" "
        "title=\"T\">Web</a> <a href=\"mailto:a@b.vn\">Thư</a> <a href=\"tel:+84240000\">Gọi</a> "
        "<img src=\"/img/a.png\" alt=\"Ảnh\"></p>\n");
    assert_string_equal(render(f, "xem www.chinhphu.vn"),
                        "<p>xem <a href=\"http://www.chinhphu.vn\">www.chinhphu.vn</a></p>\n");
    assert_string_equal(render(f, ""), "");
}

static void test_render_escapes_raw_html(void **state)
{
    fx *f = *state;
    assert_string_equal(render(f, "<script>alert(1)</script>\n"),
                        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    assert_string_equal(render(f, "a <img src=x onerror=alert(1)> b"),
                        "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n");
    assert_string_equal(render(f, "<div onclick=\"x\">\n\nb\n</div>\n"),
                        "<p>&lt;div onclick=&quot;x&quot;&gt;</p>\n<p>b\n&lt;/div&gt;</p>\n");
}

static void test_render_removes_script_addresses(void **state)
{
    fx *f = *state;
    static const struct {
        const char *md, *html;
    } cases[] = {
        {"[a](javascript:alert(1))", "<p><a>a</a></p>\n"},
        {"[a](JaVaScRiPt:alert(1))", "<p><a>a</a></p>\n"},
        {"[a](javascript&#58;alert(1))", "<p><a>a</a></p>\n"},
        {"[a](&#x6A;avascript:alert(1))", "<p><a>a</a></p>\n"},
        {"[a](<java\tscript:alert(1)>)", "<p><a>a</a></p>\n"},
        {"[a]( javascript:alert(1) \"t\")", "<p><a title=\"t\">a</a></p>\n"},
        {"<javascript:alert(1)>", "<p><a>javascript:alert(1)</a></p>\n"},
        {"[a](vbscript:msgbox)", "<p><a>a</a></p>\n"},
        {"[a](data:text/html;base64,PHNjcmlwdD4=)", "<p><a>a</a></p>\n"},
        {"![a](data:image/svg+xml,<svg onload=alert(1)>)", "<p>![a](data:image/svg+xml,&lt;svg "
                                                           "onload=alert(1)&gt;)</p>\n"},
        {"![a](data:image/png;base64,AAAA)", "<p><img alt=\"a\"></p>\n"},
        {"![a](javascript:alert(1) \"t\")", "<p><img alt=\"a\" title=\"t\"></p>\n"},
        {"![a](mailto:x@y.vn)", "<p><img alt=\"a\"></p>\n"},
        {"[ref]\n\n[ref]: javascript:alert(1)", "<p><a>ref</a></p>\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *html = render(f, cases[i].md);
        if (strcmp(html, cases[i].html) != 0)
            fail_msg("%s\n  gave %s  want %s", cases[i].md, html, cases[i].html);
    }
}

static void test_url_judge(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        bool link, image;
    } cases[] = {
        {"https://x.vn", true, true},
        {"HTTP://x.vn", true, true},
        {"/a/b", true, true},
        {"#/handbook/a", true, true},
        {"a.png", true, true},
        {"?q=1:2", true, true},
        {"mailto:a@b", true, false},
        {"tel:123", true, false},
        {"javascript:x", false, false},
        {"&#x20;javascript:x", false, false},
        {"\x01javascript:x", false, false},
        {"java&#x09;script:x", false, false},
        {"javascript&colon;x", false, false},
        {"javascript&#58x", false, false},
        {"data:x", false, false},
        {"ftp://x", false, false},
        {"a:b", false, false},
        {"verylongschemenamehere:x", false, false},
        {"https&amp;:x", false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *u = cases[i].url;
        if (handbook_url_allowed(u, strlen(u), false) != cases[i].link ||
            handbook_url_allowed(u, strlen(u), true) != cases[i].image)
            fail_msg("%s judged wrongly", u);
    }
}

/* ---- the demo, and failures ---- */

static void test_demo_pages_load_render_and_are_kept(void **state)
{
    fx *f = *state;
    as(f, &svc_operator);
    error e = {0};
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    assert_int_equal(svc_handbook_demo_tx(&f->s, &e), ST_OK);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    handbook_page *items;
    size_t n;
    assert_int_equal(svc_handbook_list(&f->s, false, &items, &n, &e), ST_OK);
    assert_int_equal(n, 5);
    assert_string_equal(items[0].slug, "truoc-khi-di");
    assert_string_equal(items[4].slug, "cau-hoi-thuong-gap");
    for (size_t i = 0; i < n; i++) {
        handbook_page p;
        assert_int_equal(svc_handbook_get(&f->s, items[i].slug, &p, &e), ST_OK);
        assert_non_null(strstr(p.html, "<h2>") ? p.html : strstr(p.html, "<strong>"));
        assert_null(strstr(p.html, "<a>")); /* every link kept: none was judged unsafe */
    }
    handbook_page p;
    assert_int_equal(svc_handbook_get(&f->s, "sau-khi-ve-nuoc", &p, &e), ST_OK);
    assert_non_null(strstr(p.body, "thứ Năm 07/5/2026"));
    assert_int_equal(svc_handbook_get(&f->s, "bieu-mau-va-thoi-han", &p, &e), ST_OK);
    assert_non_null(strstr(p.html, "<table>"));
    /* a second load leaves the pages as they are */
    char *before = snapshot(f);
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    assert_int_equal(svc_handbook_demo_tx(&f->s, &e), ST_OK);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    assert_string_equal(snapshot(f), before);
}

/* STYLE.md rule 18: a creation failing at any allocation answers
 * out_of_memory (or the database's failure) and leaves nothing behind. */
static void test_create_under_allocation_failure_changes_nothing(void **state)
{
    fx *f = *state;
    create_ok(f, "dau", "Đầu", "x", 0);
    char *before = snapshot(f);
    status st = ST_NOMEM;
    long n;
    for (n = 0; st != ST_OK; n++) {
        arena a = ARENA_INIT;
        svc s;
        svc_init(&s, f->c, &a, &global_admin, LANG_VI, T0);
        errlist errs;
        errlist_init(&errs, 0);
        handbook_input in = {"moi", "Trang mới", "# Mới\n\n- một\n- hai\n", -1};
        alloc_fail_after(n);
        st = svc_handbook_create(&s, &in, NULL, &errs);
        alloc_fail_after(-1);
        if (st != ST_OK) {
            if (st != ST_NOMEM && st != ST_INTERNAL)
                fail_msg("failure after %ld allocations answered %d", n, st);
            if (strcmp(snapshot(f), before) != 0)
                fail_msg("failure after %ld allocations changed the database", n);
        }
        errlist_free(&errs);
        arena_free(&a);
    }
    assert_true(n > 5);
    assert_string_equal(query_text(f, "SELECT count(*) FROM handbook_pages"), "2");
}

int main(void)
{
    if (alloc_install_sqlite() != 0)
        return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_create_saves_page_revision_and_audit),
        T(test_list_in_position_order_without_bodies),
        T(test_get_renders_and_reports_missing),
        T(test_text_is_nfc_with_unix_line_ends),
        T(test_field_errors_all_reported_nothing_written),
        T(test_slugs_refused),
        T(test_slug_taken_even_when_archived),
        T(test_bounds),
        T(test_page_count_bounded),
        T(test_only_installation_admins_write),
        T(test_everyone_signed_in_reads),
        T(test_update_saves_revision_and_bumps_version),
        T(test_update_with_stale_version_changes_nothing),
        T(test_update_that_changes_nothing_writes_nothing),
        T(test_slug_cannot_change),
        T(test_archive_hides_and_restore_brings_back),
        T(test_history_is_paged_and_readable),
        T(test_history_cannot_be_deleted),
        T(test_render_keeps_headings_lists_tables_links),
        T(test_render_escapes_raw_html),
        T(test_render_removes_script_addresses),
        T(test_url_judge),
        T(test_demo_pages_load_render_and_are_kept),
        T(test_create_under_allocation_failure_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
