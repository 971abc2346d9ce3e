/*
 * test_service.c -- the use cases end to end on an in-memory database:
 * units (create, update with versions, move, dissolve, children, subtree,
 * ancestors), members (create, update with versions, unit periods, status),
 * search (folding, word order, NFD, ranking, paging, scope); the audit
 * entry every change appends in its own transaction (and none for a
 * refused change or a change of nothing), the audited opening of a
 * record, the audited export, and a demo load whose chain verifies.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/alloc.h"
#include "core/limits.h"
#include "service/service.h"

/* 2026-11-23 09:13 in Hà Nội. */
#define NOW_UNIX 1795400000

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

static unit make_unit(fx *f, const char *kind, const char *code, const char *name,
                      int64_t parent_id)
{
    unit_input in = {
        .kind = kind, .code = code, .name = name, .parent_id = parent_id, .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_unit_create(&f->s, &in, &u, &errs);
    if (st != ST_OK)
        fprintf(stderr, "unit %s: %s (%s)\n", code, errs.len ? errs.items[0].code : "?",
                errs.len ? errs.items[0].field : "");
    assert_int_equal(st, ST_OK);
    errlist_free(&errs);
    return u;
}

static member_input person(const char *name, const char *sex, const char *birth, const char *cccd,
                           int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = sex,
                       .birth_date = birth,
                       .cccd = cccd,
                       .admitted_on = "2010-05-19",
                       .unit_id = unit_id,
                       .born_abroad = -1};
    return in;
}

static member make_member(fx *f, const char *name, const char *sex, const char *birth,
                          const char *cccd, int64_t unit_id)
{
    member_input in = person(name, sex, birth, cccd, unit_id);
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_member_create(&f->s, &in, &m, &errs);
    if (st != ST_OK)
        fprintf(stderr, "member %s: %s (%s)\n", name, errs.len ? errs.items[0].code : "?",
                errs.len ? errs.items[0].field : "");
    assert_int_equal(st, ST_OK);
    errlist_free(&errs);
    return m;
}

static size_t search_count(fx *f, const char *q)
{
    member_query mq = {.q = q};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &mq, &p, &e), ST_OK);
    return p.n;
}

static void test_unit_create_sets_path_and_reads_back(void **state)
{
    fx *f = *state;
    unit root = make_unit(f, "committee", "TW", "Đảng bộ Trung ương", 0);
    unit hn = make_unit(f, "committee", "HN", "Thành ủy Hà Nội", root.id);
    char want[64];
    snprintf(want, sizeof want, "/%lld/%lld/", (long long)root.id, (long long)hn.id);
    assert_string_equal(hn.path, want);
    assert_int_equal(hn.depth, 1);
    assert_int_equal(hn.version, 1);
    unit got;
    error e;
    assert_int_equal(svc_unit_get_by_code(&f->s, "HN", &got, &e), ST_OK);
    assert_int_equal(got.id, hn.id);
    assert_string_equal(got.name, "Thành ủy Hà Nội");
    assert_int_equal(svc_unit_get(&f->s, 9999, &got, &e), ST_NOT_FOUND);
}

static void test_member_create_and_get(void **state)
{
    fx *f = *state;
    unit root = make_unit(f, "committee", "TW", "Trung ương", 0);
    unit g = make_unit(f, "grassroots", "G1", "Đảng bộ cơ sở 1", root.id);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g.id);
    assert_string_equal(m.family_name, "Đặng");
    assert_string_equal(m.middle_name, "Văn");
    assert_string_equal(m.given_name, "An");
    assert_int_equal(m.status, MS_PROBATIONARY);
    assert_string_equal(m.unit_code, "G1");
    member got;
    error e;
    assert_int_equal(svc_member_get(&f->s, m.id, &got, &e), ST_OK);
    assert_string_equal(got.cccd, "001085012345");
    assert_int_equal(got.version, 1);
}

static void test_search_folds_and_ignores_word_order(void **state)
{
    fx *f = *state;
    unit root = make_unit(f, "committee", "TW", "Trung ương", 0);
    make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", root.id);
    make_member(f, "Nguyễn Văn An", "M", "1986-04-01", "001086012345", root.id);
    make_member(f, "Nguyễn Thị Bình", "F", "1990-01-02", "001190012345", root.id);
    assert_int_equal(search_count(f, "van an nguyen"), 1);
    assert_int_equal(search_count(f, "NGUYEN VAN"), 1);
    assert_int_equal(search_count(f, "van an"), 2);
    assert_int_equal(search_count(f, "an dang"), 1);
    assert_int_equal(search_count(f, "đặng"), 1);
    assert_int_equal(search_count(f, "dang"), 1);
    assert_int_equal(search_count(f, "ĐẶNG"), 1);
    /* "Đặng" in NFD: a, combining dot below, combining breve. */
    assert_int_equal(search_count(f, "\xC4\x90"
                                     "a\xCC\xA3\xCC\x86"
                                     "ng v"),
                     1);
    assert_int_equal(search_count(f, "nguy"), 2);
    assert_int_equal(search_count(f, "001085012345"), 1);
    assert_int_equal(search_count(f, "001 085 012 345"), 1);
    assert_int_equal(search_count(f, NULL), 3);
}

static unit tree3(fx *f, unit *g1, unit *g2)
{
    unit root = make_unit(f, "committee", "TW", "Trung ương", 0);
    *g1 = make_unit(f, "grassroots", "G1", "Đảng bộ cơ sở Một", root.id);
    *g2 = make_unit(f, "grassroots", "G2", "Đảng bộ cơ sở Hai", root.id);
    return root;
}

static void test_member_update_stale_version_conflicts_and_changes_nothing(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    member_input in = {.phone = "0912345678", .born_abroad = -1};
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &in, NULL, &out, &errs), ST_OK);
    assert_int_equal(out.version, 2);
    assert_string_equal(out.phone, "0912345678");
    member_input again = {.phone = "0987654321", .full_name = "Đặng Văn Anh", .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &again, NULL, &out, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[errs.len - 1].code, "version_stale");
    errlist_free(&errs);
    member now;
    error e;
    assert_int_equal(svc_member_get(&f->s, m.id, &now, &e), ST_OK);
    assert_int_equal(now.version, 2);
    assert_string_equal(now.phone, "0912345678");
    assert_string_equal(now.full_name, "Đặng Văn An");
}

static void test_unit_update_stale_version_conflicts(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    unit_input in = {.name = "Đảng bộ cơ sở Mới", .temporary = -1};
    unit out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &in, &out, &errs), ST_OK);
    assert_string_equal(out.name, "Đảng bộ cơ sở Mới");
    assert_int_equal(out.version, 2);
    unit_input in2 = {.name = "Tên khác", .temporary = -1};
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &in2, &out, &errs), ST_CONFLICT);
    errlist_free(&errs);
    error e;
    assert_int_equal(svc_unit_get(&f->s, g1.id, &out, &e), ST_OK);
    assert_string_equal(out.name, "Đảng bộ cơ sở Mới");
}

static void test_duplicate_cccd_conflicts_naming_the_field(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    member_input in = person("Lê Văn Bình", "M", "1985-01-01", "001085012345", g2.id);
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_create(&f->s, &in, &out, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "cccd_taken");
    assert_string_equal(errs.items[0].field, "cccd");
    errlist_free(&errs);
    assert_int_equal(search_count(f, NULL), 1);
}

static void test_move_subtree_carries_paths_and_members(void **state)
{
    fx *f = *state;
    unit g1, g2;
    unit root = tree3(f, &g1, &g2);
    unit cell = make_unit(f, "cell", "C1", "Chi bộ 1", g1.id);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", cell.id);
    unit moved;
    error e;
    assert_int_equal(svc_unit_move(&f->s, g1.id, 1, g2.id, NULL, &moved, &e), ST_OK);
    char want[64];
    snprintf(want, sizeof want, "/%lld/%lld/%lld/", (long long)root.id, (long long)g2.id,
             (long long)g1.id);
    assert_string_equal(moved.path, want);
    assert_int_equal(moved.parent_id, g2.id);
    unit c;
    assert_int_equal(svc_unit_get(&f->s, cell.id, &c, &e), ST_OK);
    assert_int_equal(c.depth, 3);
    member got;
    assert_int_equal(svc_member_get(&f->s, m.id, &got, &e), ST_OK);
    assert_string_equal(got.unit_path, c.path);
    /* g2's subtree now counts the member; the breadcrumb follows. */
    assert_int_equal(svc_unit_get(&f->s, g2.id, &c, &e), ST_OK);
    assert_int_equal(c.member_count, 1);
    unit_page anc;
    assert_int_equal(svc_unit_ancestors(&f->s, cell.id, &anc, &e), ST_OK);
    assert_int_equal(anc.n, 4);
    assert_string_equal(anc.items[0].code, "TW");
    assert_string_equal(anc.items[1].code, "G2");
    assert_string_equal(anc.items[2].code, "G1");
    assert_string_equal(anc.items[3].code, "C1");
    /* Moving a unit into its own subtree is refused. */
    assert_int_equal(svc_unit_get(&f->s, g2.id, &c, &e), ST_OK);
    assert_int_equal(svc_unit_move(&f->s, g2.id, c.version, g1.id, NULL, &moved, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_move_cycle");
}

static void test_dissolve_refused_with_members(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    unit out;
    error e;
    assert_int_equal(svc_unit_dissolve(&f->s, g1.id, 1, "2026-11-23", &out, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_has_members");
    assert_int_equal(svc_unit_get(&f->s, g1.id, &out, &e), ST_OK);
    assert_int_equal(out.dissolved_on, DATE_NONE);
    assert_int_equal(out.version, 1);
    /* Once the member has left, the unit may dissolve; it stays, dated. */
    member left;
    assert_int_equal(svc_member_set_status(&f->s, m.id, 1, "left", "2026-11-01", &left, &e), ST_OK);
    assert_int_equal(left.status, MS_LEFT);
    assert_int_equal(svc_unit_dissolve(&f->s, g1.id, 1, "2026-11-23", &out, &e), ST_OK);
    char iso[DATE_ISO_LEN];
    date_format(out.dissolved_on, iso);
    assert_string_equal(iso, "2026-11-23");
    unit_page kids;
    assert_int_equal(svc_unit_children(&f->s, out.parent_id, false, &kids, &e), ST_OK);
    assert_int_equal(kids.n, 1);
    assert_int_equal(svc_unit_children(&f->s, out.parent_id, true, &kids, &e), ST_OK);
    assert_int_equal(kids.n, 2);
}

static size_t open_official(fx *f, int64_t id)
{
    member_period *p;
    size_t n, open = 0;
    error e;
    assert_int_equal(svc_member_periods(&f->s, id, &p, &n, &e), ST_OK);
    for (size_t i = 0; i < n; i++)
        open += strcmp(p[i].kind, "official") == 0 && p[i].end_date == DATE_NONE;
    return open;
}

static void test_unit_change_keeps_exactly_one_open_official_period(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    assert_int_equal(open_official(f, m.id), 1);
    member_input in = {.unit_code = "G2", .born_abroad = -1};
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &in, "2020-01-01", &out, &errs), ST_OK);
    assert_int_equal(out.unit_id, g2.id);
    assert_string_equal(out.unit_path, g2.path);
    assert_int_equal(open_official(f, m.id), 1);
    member_period *p;
    size_t n;
    error e;
    assert_int_equal(svc_member_periods(&f->s, m.id, &p, &n, &e), ST_OK);
    assert_int_equal(n, 2);
    char iso[DATE_ISO_LEN];
    date_format(p[0].end_date, iso);
    assert_string_equal(iso, "2019-12-31");
    assert_int_equal(p[1].unit_id, g2.id);
    /* A change dated before the current period began is refused. */
    member_input back = {.unit_id = g1.id, .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 2, &back, "2019-06-01", &out, &errs),
                     ST_INVALID);
    errlist_free(&errs);
    assert_int_equal(open_official(f, m.id), 1);
    assert_int_equal(svc_member_get(&f->s, m.id, &out, &e), ST_OK);
    assert_int_equal(out.unit_id, g2.id);
}

static void test_results_in_vietnamese_order(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    /* By bytes "Đức" would come after "Em"; in Vietnamese, D < Đ < E. */
    make_member(f, "Trần Văn Em", "M", "1985-03-14", "001085000001", g1.id);
    make_member(f, "Lê Minh Đức", "M", "1985-03-14", "001085000002", g1.id);
    make_member(f, "Phạm Tiến Dũng", "M", "1985-03-14", "001085000003", g1.id);
    make_member(f, "Nguyễn Văn Dũng", "M", "1985-03-14", "001085000004", g1.id);
    member_query q = {0};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 4);
    assert_string_equal(p.items[0].full_name, "Nguyễn Văn Dũng"); /* Dũng: Nguyễn < Phạm */
    assert_string_equal(p.items[1].full_name, "Phạm Tiến Dũng");
    assert_string_equal(p.items[2].full_name, "Lê Minh Đức");
    assert_string_equal(p.items[3].full_name, "Trần Văn Em");
}

static void test_query_diacritics_rank_exact_names_first(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    make_member(f, "Dang Văn An", "M", "1985-03-14", "001085000001", g1.id);
    make_member(f, "Đặng Văn Bảo", "M", "1985-03-14", "001085000002", g1.id);
    member_query q = {.q = "đặng"};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.items[0].full_name, "Đặng Văn Bảo");
    q.q = "Đặng-văn";
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.items[0].full_name, "Đặng Văn Bảo");
    q.q = "dang";
    assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
    assert_string_equal(p.items[0].full_name, "Dang Văn An"); /* plain order: An < Bảo */
}

static void test_paging_with_cursor_visits_each_member_once(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    static const char *const names[] = {"Nguyễn Văn An",    "Trần Văn An", "Lê Thị Bình",
                                        "Nguyễn Văn Cường", "Đỗ Văn Dũng", "Vũ Thị Hoa",
                                        "Nguyễn Văn Ân"};
    for (int i = 0; i < 7; i++) {
        char cccd[13];
        snprintf(cccd, sizeof cccd, "00108500001%d", i);
        make_member(f, names[i], strstr(names[i], "Thị") ? "F" : "M", "1985-03-14",
                    strstr(names[i], "Thị") ? (i == 2 ? "001185000012" : "001185000015") : cccd,
                    i % 2 ? g1.id : g2.id);
    }
    member_query all = {.limit = 100};
    member_page full;
    error e;
    assert_int_equal(svc_member_search(&f->s, &all, &full, &e), ST_OK);
    assert_int_equal(full.n, 7);
    assert_null(full.next_cursor);
    size_t seen = 0;
    member_query q = {.limit = 3};
    for (int page = 0; page < 5; page++) {
        member_page p;
        assert_int_equal(svc_member_search(&f->s, &q, &p, &e), ST_OK);
        for (size_t i = 0; i < p.n; i++)
            assert_int_equal(p.items[i].id, full.items[seen + i].id);
        seen += p.n;
        if (!p.next_cursor)
            break;
        q.cursor = p.next_cursor;
    }
    assert_int_equal(seen, 7);
    /* The same with a name query ("van" matches five). */
    member_query nq = {.q = "van", .limit = 2};
    seen = 0;
    for (int page = 0; page < 5; page++) {
        member_page p;
        assert_int_equal(svc_member_search(&f->s, &nq, &p, &e), ST_OK);
        seen += p.n;
        if (!p.next_cursor)
            break;
        nq.cursor = p.next_cursor;
    }
    assert_int_equal(seen, 5);
    member_query bad = {.cursor = "!!notacursor"};
    member_page p;
    assert_int_equal(svc_member_search(&f->s, &bad, &p, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "cursor_invalid");
}

static void test_scope_hides_other_subtrees(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    member other = make_member(f, "Đặng Văn Bình", "M", "1985-03-14", "001085012346", g2.id);
    actor secretary = {.user_id = 7, .label = "g1", .scope_path = g1.path};
    arena a = ARENA_INIT;
    svc s;
    svc_init(&s, f->c, &a, &secretary, LANG_VI, NOW_UNIX);
    member_query q = {.q = "dang"};
    member_page p;
    error e;
    assert_int_equal(svc_member_search(&s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].full_name, "Đặng Văn An");
    member_query list = {0};
    assert_int_equal(svc_member_search(&s, &list, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    member m;
    assert_int_equal(svc_member_get(&s, other.id, &m, &e), ST_NOT_FOUND);
    unit u;
    assert_int_equal(svc_unit_get(&s, g2.id, &u, &e), ST_NOT_FOUND);
    q.unit_id = g2.id;
    assert_int_equal(svc_member_search(&s, &q, &p, &e), ST_NOT_FOUND);
    unit_page tops;
    assert_int_equal(svc_unit_children(&s, 0, false, &tops, &e), ST_OK);
    assert_int_equal(tops.n, 1);
    assert_int_equal(tops.items[0].id, g1.id);
    /* Creating a member in a unit outside the scope is refused. */
    member_input in = person("Lê Văn Cường", "M", "1985-03-14", "001085012347", g2.id);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_create(&s, &in, &m, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].code, "unit_not_found");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_subtree_pages_in_path_order(void **state)
{
    fx *f = *state;
    unit g1, g2;
    unit root = tree3(f, &g1, &g2);
    make_unit(f, "cell", "C1", "Chi bộ 1", g1.id);
    make_unit(f, "cell", "C2", "Chi bộ 2", g2.id);
    unit_page p;
    error e;
    size_t seen = 0;
    const char *cursor = NULL;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(svc_unit_subtree(&f->s, root.id, cursor, 2, &p, &e), ST_OK);
        seen += p.n;
        if (!p.next_cursor)
            break;
        cursor = p.next_cursor;
    }
    assert_int_equal(seen, 5);
}

static void test_root_committee_moves_under_another(void **state)
{
    fx *f = *state;
    unit a = make_unit(f, "committee", "A", "Tỉnh ủy A", 0);
    unit b = make_unit(f, "committee", "B", "Tỉnh ủy B", 0);
    unit g = make_unit(f, "grassroots", "AG", "Đảng bộ xã", a.id);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g.id);
    unit moved;
    error e;
    assert_int_equal(svc_unit_move(&f->s, a.id, 1, b.id, "2025-07-01", &moved, &e), ST_OK);
    assert_int_equal(moved.depth, 1);
    assert_int_equal(moved.parent_id, b.id);
    unit gg;
    assert_int_equal(svc_unit_get(&f->s, g.id, &gg, &e), ST_OK);
    assert_int_equal(gg.depth, 2);
    member got;
    assert_int_equal(svc_member_get(&f->s, m.id, &got, &e), ST_OK);
    assert_string_equal(got.unit_path, gg.path);
}

static size_t unit_count(fx *f)
{
    unit_page p;
    error e;
    assert_int_equal(svc_unit_list_all(&f->s, &p, &e), ST_OK);
    return p.n;
}

/* Try to create a cell under the given parent; the first error's code and
 * field go to `code` and `field`. */
static status try_cell(fx *f, const char *code, int64_t parent_id, const char *parent_code,
                       char err_code[64], char field[64])
{
    unit_input in = {.kind = "cell",
                     .code = code,
                     .name = "Chi bộ thử",
                     .parent_id = parent_id,
                     .parent_code = parent_code,
                     .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_unit_create(&f->s, &in, &u, &errs);
    snprintf(err_code, 64, "%s", errs.len && errs.items[0].code ? errs.items[0].code : "");
    snprintf(field, 64, "%s", errs.len ? errs.items[0].field : "");
    errlist_free(&errs);
    return st;
}

static void test_unit_parent_id_and_code_naming_different_units_refused(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    size_t before = unit_count(f);
    char code[64], field[64];
    assert_int_equal(try_cell(f, "C-AMB", g1.id, "G2", code, field), ST_INVALID);
    assert_string_equal(code, "unit_parent_ambiguous");
    assert_string_equal(field, "parent_code");
    assert_int_equal(unit_count(f), before);
    /* Both naming the same unit is no contradiction. */
    assert_int_equal(try_cell(f, "C-SAME", g1.id, "G1", code, field), ST_OK);
    assert_int_equal(unit_count(f), before + 1);
}

/* An id or code in a body that names no unit is a field error (422), not
 * a missing resource (404): the URL named a resource that exists. */
static void test_unknown_parent_in_body_is_invalid_naming_the_field(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    size_t before = unit_count(f);
    char code[64], field[64];
    assert_int_equal(try_cell(f, "C-X1", 99999, NULL, code, field), ST_INVALID);
    assert_string_equal(code, "unit_not_found");
    assert_string_equal(field, "parent_id");
    assert_int_equal(try_cell(f, "C-X2", 0, "NO-SUCH", code, field), ST_INVALID);
    assert_string_equal(code, "unit_not_found");
    assert_string_equal(field, "parent_code");
    assert_int_equal(try_cell(f, "C-X3", g1.id, "NO-SUCH", code, field), ST_INVALID);
    assert_string_equal(field, "parent_code");
    assert_int_equal(unit_count(f), before);
    unit moved;
    error e = {0};
    assert_int_equal(svc_unit_move(&f->s, g1.id, 1, 99999, NULL, &moved, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_not_found");
    assert_string_equal(e.field, "parent_id");
    /* The unit of the URL itself is still not found. */
    assert_int_equal(svc_unit_move(&f->s, 99999, 1, g2.id, NULL, &moved, &e), ST_NOT_FOUND);
    assert_int_equal(svc_unit_get(&f->s, g1.id, &moved, &e), ST_OK);
    assert_int_equal(moved.version, 1);
    assert_int_equal(moved.parent_id, g1.parent_id);
}

/* A PATCH that changes nothing (only unit_change_on, or every field equal
 * to what is stored) writes nothing: same version, same periods. */
static void test_member_update_changing_nothing_keeps_the_version(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    member_input none = {.born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &none, "2020-01-01", &out, &errs), ST_OK);
    assert_int_equal(out.version, 1);
    member_input same = {.full_name = "Đặng  Văn An",
                         .sex = "M",
                         .birth_date = "1985-03-14",
                         .cccd = "001 085 012 345",
                         .admitted_on = "2010-05-19",
                         .unit_code = "G1",
                         .phone = "",
                         .born_abroad = 0};
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &same, NULL, &out, &errs), ST_OK);
    assert_int_equal(out.version, 1);
    assert_int_equal(out.unit_id, g1.id);
    member_period *p;
    size_t n;
    error e;
    assert_int_equal(svc_member_periods(&f->s, m.id, &p, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    /* A stale version is still refused, even for a change of nothing. */
    assert_int_equal(svc_member_update(&f->s, m.id, 7, &none, NULL, &out, &errs), ST_CONFLICT);
    /* A real change still bumps it. */
    member_input phone = {.phone = "0912345678", .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &phone, NULL, &out, &errs), ST_OK);
    assert_int_equal(out.version, 2);
    errlist_free(&errs);
}

static void test_unit_update_changing_nothing_keeps_the_version(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    unit out;
    errlist errs;
    errlist_init(&errs, 0);
    unit_input none = {.temporary = -1};
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &none, &out, &errs), ST_OK);
    assert_int_equal(out.version, 1);
    unit_input same = {
        .name = " Đảng bộ cơ sở  Một ", .code = "G1", .cell_type = "", .temporary = -1};
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &same, &out, &errs), ST_OK);
    assert_int_equal(out.version, 1);
    assert_string_equal(out.name, "Đảng bộ cơ sở Một");
    unit_input rename = {.name = "Đảng bộ cơ sở Mới", .temporary = -1};
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &rename, &out, &errs), ST_OK);
    assert_int_equal(out.version, 2);
    errlist_free(&errs);
}

static const char *first_start(fx *f, int64_t id, char iso[DATE_ISO_LEN])
{
    member_period *p;
    size_t n;
    error e;
    assert_int_equal(svc_member_periods(&f->s, id, &p, &n, &e), ST_OK);
    assert_true(n > 0);
    date_format(p[0].start_date, iso);
    return iso;
}

/* The first official period begins on admission; correcting the admission
 * date moves it, unless the period would then start after it ended. */
static void test_admission_change_moves_the_first_official_period(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    char iso[DATE_ISO_LEN];
    assert_string_equal(first_start(f, m.id, iso), "2010-05-19");
    member_input earlier = {.admitted_on = "2009-05-19", .born_abroad = -1};
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &earlier, NULL, &out, &errs), ST_OK);
    assert_string_equal(first_start(f, m.id, iso), "2009-05-19");
    member_input move = {.unit_id = g2.id, .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 2, &move, "2020-01-01", &out, &errs), ST_OK);
    /* After the first period ended (2019-12-31): refused, nothing saved. */
    member_input late = {.admitted_on = "2020-06-01", .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 3, &late, NULL, &out, &errs), ST_INVALID);
    assert_string_equal(errs.items[errs.len - 1].code, "member_admission_period");
    assert_string_equal(errs.items[errs.len - 1].field, "admitted_on");
    errlist_free(&errs);
    assert_string_equal(first_start(f, m.id, iso), "2009-05-19");
    error e;
    assert_int_equal(svc_member_get(&f->s, m.id, &out, &e), ST_OK);
    assert_int_equal(out.version, 3);
    date_format(out.admitted_on, iso);
    assert_string_equal(iso, "2009-05-19");
}

/* ---- the audit trail ---- */

/* The entries the operator sees, newest first (at most a page). */
static audit_page trail(fx *f)
{
    audit_query q = {.limit = LIMIT_PAGE_MAX};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    return p;
}

static size_t trail_len(fx *f) { return trail(f).n; }

/* The newest entry, which must be `action` about record `id`. */
static audit_entry newest(fx *f, const char *action, int64_t id)
{
    audit_page p = trail(f);
    assert_true(p.n > 0);
    assert_string_equal(p.items[0].action, action);
    assert_int_equal(p.items[0].record_id, id);
    assert_string_equal(p.items[0].actor, "operator");
    return p.items[0];
}

static void assert_json(const char *got, const char *want)
{
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void test_unit_changes_are_audited_with_before_and_after(void **state)
{
    fx *f = *state;
    unit g1, g2;
    unit root = tree3(f, &g1, &g2);
    assert_int_equal(trail_len(f), 3);
    unit c = make_unit(f, "cell", "G1-C1", "Chi bộ Một", g1.id);
    audit_entry en = newest(f, "unit.create", c.id);
    assert_string_equal(en.record_type, "unit");
    assert_string_equal(en.scope_path, c.path);
    assert_null(en.before);
    char want[256];
    snprintf(want, sizeof want,
             "{\"code\":\"G1-C1\",\"name\":\"Chi bộ Một\",\"kind\":\"cell\",\"parent_id\":\"%lld\","
             "\"parent_code\":\"G1\",\"path\":\"%s\",\"temporary\":\"false\"}",
             (long long)g1.id, c.path);
    assert_json(en.after, want);

    unit_input ren = {.name = "Chi bộ Một Mới", .temporary = -1};
    unit out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_unit_update(&f->s, c.id, 1, &ren, &out, &errs), ST_OK);
    en = newest(f, "unit.update", c.id);
    assert_json(en.before, "{\"name\":\"Chi bộ Một\"}");
    assert_json(en.after, "{\"name\":\"Chi bộ Một Mới\"}");

    error e;
    assert_int_equal(svc_unit_move(&f->s, c.id, out.version, g2.id, "2026-01-05", &out, &e), ST_OK);
    en = newest(f, "unit.move", c.id);
    assert_string_equal(en.scope_path, out.path); /* the new place */
    snprintf(want, sizeof want,
             "{\"parent_id\":\"%lld\",\"parent_code\":\"G1\",\"path\":\"/%lld/%lld/%lld/"
             "\",\"moved_on\":null}",
             (long long)g1.id, (long long)root.id, (long long)g1.id, (long long)c.id);
    assert_json(en.before, want);
    snprintf(want, sizeof want,
             "{\"parent_id\":\"%lld\",\"parent_code\":\"G2\",\"path\":\"%s\",\"moved_on\":\"2026-"
             "01-05\"}",
             (long long)g2.id, out.path);
    assert_json(en.after, want);

    assert_int_equal(svc_unit_dissolve(&f->s, c.id, out.version, "2026-11-01", &out, &e), ST_OK);
    en = newest(f, "unit.dissolve", c.id);
    assert_json(en.before, "{\"dissolved_on\":null}");
    assert_json(en.after, "{\"dissolved_on\":\"2026-11-01\"}");
    assert_int_equal(trail_len(f), 7);
    errlist_free(&errs);
}

static void test_refused_or_empty_unit_change_appends_nothing(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    size_t n = trail_len(f);
    unit_input ren = {.name = "Tên mới", .temporary = -1};
    unit_input same = {.name = g1.name, .temporary = -1};
    unit_input dup = {
        .kind = "cell", .code = "G2", .name = "Trùng mã", .parent_id = g1.id, .temporary = -1};
    unit out;
    errlist errs;
    errlist_init(&errs, 0);
    error e;
    assert_int_equal(svc_unit_update(&f->s, g1.id, 7, &ren, &out, &errs), ST_CONFLICT);
    assert_int_equal(svc_unit_update(&f->s, g1.id, 1, &same, &out, &errs), ST_OK);
    assert_int_equal(svc_unit_create(&f->s, &dup, &out, &errs), ST_CONFLICT);
    assert_int_equal(svc_unit_move(&f->s, g1.id, 1, g1.id, NULL, &out, &e), ST_INVALID);
    assert_int_equal(svc_unit_dissolve(&f->s, g1.id, 2, "2026-11-01", &out, &e), ST_CONFLICT);
    assert_int_equal(trail_len(f), n);
    errlist_free(&errs);
}

static void test_member_changes_are_audited_with_what_changed(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    audit_entry en = newest(f, "member.create", m.id);
    assert_string_equal(en.record_type, "member");
    assert_string_equal(en.scope_path, g1.path);
    assert_null(en.before);
    char want[512];
    snprintf(want, sizeof want,
             "{\"full_name\":\"Đặng Văn An\",\"sex\":\"M\",\"birth_date\":\"1985-03-14\","
             "\"cccd\":\"001085012345\",\"born_abroad\":\"false\",\"admitted_on\":\"2010-05-19\","
             "\"status\":\"probationary\",\"status_date\":\"2010-05-19\",\"active\":\"true\","
             "\"unit_id\":\"%lld\",\"unit_code\":\"G1\"}",
             (long long)g1.id);
    assert_json(en.after, want);

    member_input ph = {.phone = "0912345678", .born_abroad = -1};
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &ph, NULL, &out, &errs), ST_OK);
    en = newest(f, "member.update", m.id);
    assert_json(en.before, "{\"phone\":null}");
    assert_json(en.after, "{\"phone\":\"0912345678\"}");

    /* A unit change: the entry belongs to the new unit; the old is in before. */
    member_input mv = {.unit_id = g2.id, .born_abroad = -1};
    assert_int_equal(svc_member_update(&f->s, m.id, 2, &mv, "2026-01-05", &out, &errs), ST_OK);
    en = newest(f, "member.update", m.id);
    assert_string_equal(en.scope_path, g2.path);
    snprintf(want, sizeof want,
             "{\"unit_id\":\"%lld\",\"unit_code\":\"G1\",\"unit_change_on\":null}",
             (long long)g1.id);
    assert_json(en.before, want);
    snprintf(want, sizeof want,
             "{\"unit_id\":\"%lld\",\"unit_code\":\"G2\",\"unit_change_on\":\"2026-01-05\"}",
             (long long)g2.id);
    assert_json(en.after, want);

    error e;
    assert_int_equal(svc_member_set_status(&f->s, m.id, 3, "left", "2026-11-01", &out, &e), ST_OK);
    en = newest(f, "member.status", m.id);
    assert_json(en.before,
                "{\"status\":\"probationary\",\"status_date\":\"2010-05-19\",\"active\":\"true\"}");
    assert_json(en.after,
                "{\"status\":\"left\",\"status_date\":\"2026-11-01\",\"active\":\"false\"}");
    assert_int_equal(svc_member_set_status(&f->s, m.id, 4, "deceased", "2026-11-10", &out, &e),
                     ST_OK);
    en = newest(f, "member.status", m.id);
    assert_json(en.before, "{\"status\":\"left\",\"status_date\":\"2026-11-01\"}");
    assert_json(en.after, "{\"status\":\"deceased\",\"status_date\":\"2026-11-10\"}");
    errlist_free(&errs);
}

static void test_refused_or_empty_member_change_appends_nothing(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    size_t n = trail_len(f);
    member_input ph = {.phone = "0912345678", .born_abroad = -1};
    member_input same = {.full_name = "Đặng Văn An", .born_abroad = -1};
    member_input bad = {.birth_date = "2030-01-01", .born_abroad = -1};
    member_input twin = person("Nguyễn Văn Hai", "M", "1985-03-14", "001085012345", g1.id);
    member out;
    errlist errs;
    errlist_init(&errs, 0);
    error e;
    assert_int_equal(svc_member_update(&f->s, m.id, 9, &ph, NULL, &out, &errs), ST_CONFLICT);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &same, NULL, &out, &errs), ST_OK);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_update(&f->s, m.id, 1, &bad, NULL, &out, &errs), ST_INVALID);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_create(&f->s, &twin, &out, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "cccd_taken");
    assert_int_equal(svc_member_set_status(&f->s, m.id, 1, "left", "2001-01-01", &out, &e),
                     ST_INVALID);
    assert_int_equal(trail_len(f), n);
    errlist_free(&errs);
}

/* Opening a record is accountable; the services' own reads, searches and
 * a record outside the scope leave no entry. */
static void test_opening_a_record_is_audited_reading_it_internally_is_not(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    member m = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    member other = make_member(f, "Nguyễn Thị Bình", "F", "1990-01-02", "001190012345", g2.id);
    size_t n = trail_len(f);
    member got;
    error e;
    assert_int_equal(svc_member_get(&f->s, m.id, &got, &e), ST_OK);
    assert_int_equal(search_count(f, "an"), 1);
    assert_int_equal(trail_len(f), n);
    assert_int_equal(svc_member_open(&f->s, m.id, &got, &e), ST_OK);
    assert_string_equal(got.full_name, "Đặng Văn An");
    audit_entry en = newest(f, "member.read", m.id);
    assert_string_equal(en.scope_path, g1.path);
    assert_null(en.before);
    assert_null(en.after);
    assert_int_equal(trail_len(f), n + 1);
    /* An officer of G1 cannot open G2's member, and that leaves no entry. */
    actor officer = {.user_id = 5,
                     .label = "officer.g1",
                     .scope_path = g1.path,
                     .role = ROLE_OFFICER,
                     .unit_id = g1.id,
                     .ip = "192.0.2.1"};
    svc s;
    svc_init(&s, f->c, &f->a, &officer, LANG_VI, NOW_UNIX);
    assert_int_equal(svc_member_open(&s, other.id, &got, &e), ST_NOT_FOUND);
    assert_int_equal(svc_member_open(&s, 999, &got, &e), ST_NOT_FOUND);
    assert_int_equal(trail_len(f), n + 1);
    assert_int_equal(svc_member_open(&s, m.id, &got, &e), ST_OK);
    audit_page p = trail(f);
    assert_int_equal(p.items[0].user_id, 5);
    assert_string_equal(p.items[0].actor, "officer.g1");
    assert_string_equal(p.items[0].ip, "192.0.2.1");
}

static status discard(void *ctx, const char *data, size_t len)
{
    (void)data;
    *(size_t *)ctx += len;
    return ST_OK;
}

static void test_members_export_is_audited_with_filter_and_rows(void **state)
{
    fx *f = *state;
    unit g1, g2;
    tree3(f, &g1, &g2);
    make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", g1.id);
    make_member(f, "Nguyễn Văn Ba", "M", "1986-04-01", "001086012345", g1.id);
    make_member(f, "Nguyễn Thị Bình", "F", "1990-01-02", "001190012345", g2.id);
    size_t bytes = 0;
    error e;
    assert_int_equal(svc_members_export(&f->s, g1.id, NULL, discard, &bytes, &e), ST_OK);
    assert_true(bytes > 0);
    audit_entry en = newest(f, "members.export", g1.id);
    assert_string_equal(en.record_type, "unit");
    assert_string_equal(en.scope_path, g1.path);
    char want[128];
    snprintf(want, sizeof want, "{\"unit_id\":\"%lld\",\"status\":\"active\",\"rows\":\"2\"}",
             (long long)g1.id);
    assert_json(en.after, want);
    assert_int_equal(svc_members_export(&f->s, 0, "all", discard, &bytes, &e), ST_OK);
    en = newest(f, "members.export", 0);
    assert_string_equal(en.scope_path, "/");
    assert_json(en.after, "{\"unit_id\":null,\"status\":\"all\",\"rows\":\"3\"}");
    /* A refused filter exports nothing and appends nothing. */
    size_t n = trail_len(f);
    assert_int_equal(svc_members_export(&f->s, g1.id, "nonsense", discard, &bytes, &e), ST_INVALID);
    assert_int_equal(trail_len(f), n);
}

/* The demo goes through the audited use cases as the operator: one entry
 * per unit, per member and per status change, and the chain is whole. */
static void test_demo_load_is_audited_and_the_chain_verifies(void **state)
{
    fx *f = *state;
    error e;
    assert_int_equal(svc_demo_load(&f->s, &e), ST_OK);
    audit_report r;
    assert_int_equal(svc_audit_verify(&f->s, &r, &e), ST_OK);
    assert_int_equal(r.first_bad_id, 0);
    assert_null(r.problem);
    unit_page up;
    assert_int_equal(svc_unit_list_all(&f->s, &up, &e), ST_OK);
    member_query q = {.status = "all", .limit = LIMIT_PAGE_MAX};
    member_page mp;
    assert_int_equal(svc_member_search(&f->s, &q, &mp, &e), ST_OK);
    size_t gone = 0;
    for (size_t i = 0; i < mp.n; i++)
        gone += mp.items[i].status == MS_LEFT || mp.items[i].status == MS_DECEASED;
    assert_true(gone > 0);
    /* ... and the demo's trips: an entry per step (trip.*), and the review,
     * the delegation and the rule set they hang on; the transfers, the
     * exemptions and the temporary group (whose unit is among the units). */
    static const char *const trip_actions[] = {"trip.*",  "review.*",   "delegation.*",
                                               "rules.*", "transfer.*", "exemption.*",
                                               "group.*", "handbook.*"};
    size_t trips = 0;
    for (size_t i = 0; i < sizeof trip_actions / sizeof trip_actions[0]; i++) {
        audit_query tq = {.action = trip_actions[i], .limit = LIMIT_PAGE_MAX};
        audit_page tp;
        assert_int_equal(svc_audit_list(&f->s, &tq, &tp, &e), ST_OK);
        assert_true(tp.n > 0 && tp.n < LIMIT_PAGE_MAX);
        trips += tp.n;
    }
    assert_int_equal(r.entries, (int64_t)(up.n + mp.n + gone + trips));
    audit_page p = trail(f);
    for (size_t i = 0; i < p.n; i++) {
        assert_string_equal(p.items[i].actor, "operator");
        assert_int_equal(p.items[i].user_id, 0);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unit_create_sets_path_and_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_create_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_folds_and_ignores_word_order, setup, teardown),
        T(test_member_update_stale_version_conflicts_and_changes_nothing),
        T(test_unit_update_stale_version_conflicts),
        T(test_duplicate_cccd_conflicts_naming_the_field),
        T(test_move_subtree_carries_paths_and_members),
        T(test_dissolve_refused_with_members),
        T(test_unit_change_keeps_exactly_one_open_official_period),
        T(test_results_in_vietnamese_order),
        T(test_query_diacritics_rank_exact_names_first),
        T(test_paging_with_cursor_visits_each_member_once),
        T(test_scope_hides_other_subtrees),
        T(test_subtree_pages_in_path_order),
        T(test_root_committee_moves_under_another),
        T(test_unit_parent_id_and_code_naming_different_units_refused),
        T(test_unknown_parent_in_body_is_invalid_naming_the_field),
        T(test_member_update_changing_nothing_keeps_the_version),
        T(test_unit_update_changing_nothing_keeps_the_version),
        T(test_admission_change_moves_the_first_official_period),
        T(test_unit_changes_are_audited_with_before_and_after),
        T(test_refused_or_empty_unit_change_appends_nothing),
        T(test_member_changes_are_audited_with_what_changed),
        T(test_refused_or_empty_member_change_appends_nothing),
        T(test_opening_a_record_is_audited_reading_it_internally_is_not),
        T(test_members_export_is_audited_with_filter_and_rows),
        T(test_demo_load_is_audited_and_the_chain_verifies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
