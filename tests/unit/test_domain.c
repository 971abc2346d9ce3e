/*
 * test_domain.c -- the pure rules: the shape of the tree, units abroad,
 * moves and dissolutions, countries; member normalization, each date rule
 * the day before, on and after its threshold, the CCCD checks, and the
 * status transitions.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/limits.h"
#include "domain/member.h"
#include "domain/unit.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

static bool has(const errlist *l, const char *code, const char *field)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].code, code) == 0 &&
            (!field || strcmp(l->items[i].field, field) == 0))
            return true;
    return false;
}

static unit mk(unit_kind k, const char *code, int depth)
{
    unit u;
    memset(&u, 0, sizeof u);
    u.kind = k;
    u.code = code;
    u.name = "Chi bộ";
    u.depth = depth;
    u.founded_on = u.dissolved_on = DATE_NONE;
    return u;
}

#define TODAY d("2026-11-23")

/* ---- units ---- */

static void test_unit_kinds_nest_as_the_party_does(void **state)
{
    (void)state;
    unit c = mk(UNIT_COMMITTEE, "A", 0), g = mk(UNIT_GRASSROOTS, "B", 1);
    unit cell = mk(UNIT_CELL, "C", 2), grp = mk(UNIT_GROUP, "D", 3);
    assert_true(unit_kind_allowed(NULL, UNIT_COMMITTEE));
    assert_false(unit_kind_allowed(NULL, UNIT_CELL));
    assert_true(unit_kind_allowed(&c, UNIT_COMMITTEE));
    assert_true(unit_kind_allowed(&c, UNIT_GRASSROOTS));
    assert_false(unit_kind_allowed(&c, UNIT_CELL));
    assert_true(unit_kind_allowed(&g, UNIT_GRASSROOTS));
    assert_true(unit_kind_allowed(&g, UNIT_CELL));
    assert_true(unit_kind_allowed(&cell, UNIT_GROUP));
    assert_false(unit_kind_allowed(&cell, UNIT_CELL));
    assert_false(unit_kind_allowed(&grp, UNIT_GROUP));
    unit_kind k;
    assert_true(unit_kind_parse("grassroots", &k));
    assert_int_equal(k, UNIT_GRASSROOTS);
    assert_false(unit_kind_parse("district", &k));
    assert_string_equal(unit_kind_name(UNIT_CELL), "cell");
}

static void test_unit_check_names_every_problem(void **state)
{
    (void)state;
    unit parent = mk(UNIT_COMMITTEE, "TW", 0);
    unit u = mk(UNIT_CELL, "bad code!", 1);
    u.name = "";
    memcpy(u.country, "VN", 3);
    u.founded_on = d("2026-11-24");
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&u, &parent, TODAY, &errs), ST_INVALID);
    assert_true(has(&errs, "unit_code_format", "code"));
    assert_true(has(&errs, "unit_name_required", "name"));
    assert_true(has(&errs, "unit_kind_parent", "kind"));
    assert_true(has(&errs, "unit_country", "country"));
    assert_true(has(&errs, "unit_founded_future", "founded_on"));
    errlist_free(&errs);

    u = mk(UNIT_COMMITTEE, "HN", 1);
    u.founded_on = TODAY;
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&u, &parent, TODAY, &errs), ST_OK);
    assert_int_equal(errs.len, 0);
    errlist_free(&errs);
}

static void test_unit_abroad_carries_country_and_cell_type(void **state)
{
    (void)state;
    unit ovs = mk(UNIT_COMMITTEE, "NN", 0);
    unit g = mk(UNIT_GRASSROOTS, "NN-DE", 1);
    memcpy(g.country, "DE", 3);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&g, &ovs, TODAY, &errs), ST_INVALID);
    assert_true(has(&errs, "unit_cell_type", "cell_type"));
    errlist_free(&errs);
    g.cell_type = "students";
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&g, &ovs, TODAY, &errs), ST_OK);
    errlist_free(&errs);

    unit home = mk(UNIT_CELL, "X", 2);
    home.cell_type = "students";
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&home, &g, TODAY, &errs), ST_INVALID);
    assert_true(has(&errs, "unit_cell_type_home", "cell_type"));
    assert_true(has(&errs, "unit_country_parent", "country"));
    errlist_free(&errs);

    memcpy(g.country, "ZZ", 3);
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&g, &ovs, TODAY, &errs), ST_INVALID);
    assert_true(has(&errs, "unit_country", "country"));
    errlist_free(&errs);
}

static void test_unit_depth_is_bounded(void **state)
{
    (void)state;
    unit parent = mk(UNIT_COMMITTEE, "P", LIMIT_TREE_DEPTH - 1);
    unit u = mk(UNIT_COMMITTEE, "C", LIMIT_TREE_DEPTH);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&u, &parent, TODAY, &errs), ST_INVALID);
    assert_true(has(&errs, "unit_too_deep", NULL));
    errlist_free(&errs);
    parent.depth = LIMIT_TREE_DEPTH - 2;
    errlist_init(&errs, 0);
    assert_int_equal(unit_check(&u, &parent, TODAY, &errs), ST_OK);
    errlist_free(&errs);
}

static void test_unit_move_refuses_cycles_kinds_and_depth(void **state)
{
    (void)state;
    unit u = mk(UNIT_COMMITTEE, "A", 1);
    u.id = 7;
    u.path = "/1/7/";
    unit inside = mk(UNIT_COMMITTEE, "B", 2);
    inside.id = 42;
    inside.path = "/1/7/42/";
    unit sibling = mk(UNIT_COMMITTEE, "C", 1);
    sibling.id = 70;
    sibling.path = "/1/70/";
    error e;
    assert_int_equal(unit_check_move(&u, &inside, 1, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_move_cycle");
    assert_int_equal(unit_check_move(&u, &u, 0, &e), ST_INVALID);
    assert_int_equal(unit_check_move(&u, &sibling, 1, &e), ST_OK);
    assert_int_equal(unit_check_move(&u, &sibling, LIMIT_TREE_DEPTH - 2, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_too_deep");
    assert_int_equal(unit_check_move(&u, &sibling, LIMIT_TREE_DEPTH - 3, &e), ST_OK);
    unit cell = mk(UNIT_CELL, "D", 2);
    cell.id = 9;
    cell.path = "/1/9/";
    assert_int_equal(unit_check_move(&cell, &sibling, 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_kind_parent");
    sibling.dissolved_on = d("2026-01-01");
    assert_int_equal(unit_check_move(&u, &sibling, 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_parent_dissolved");
}

static void test_unit_dissolve_rules(void **state)
{
    (void)state;
    unit u = mk(UNIT_CELL, "A", 2);
    u.founded_on = d("2020-01-01");
    error e;
    assert_int_equal(unit_check_dissolve(&u, TODAY, TODAY, 0, 3, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_has_members");
    assert_string_equal(e.arg, "3");
    assert_int_equal(unit_check_dissolve(&u, TODAY, TODAY, 1, 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_has_active_children");
    assert_int_equal(unit_check_dissolve(&u, TODAY + 1, TODAY, 0, 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_dissolve_future");
    assert_int_equal(unit_check_dissolve(&u, d("2019-12-31"), TODAY, 0, 0, &e), ST_INVALID);
    assert_string_equal(e.code, "unit_dissolve_before_founded");
    assert_int_equal(unit_check_dissolve(&u, d("2020-01-01"), TODAY, 0, 0, &e), ST_OK);
    assert_int_equal(unit_check_dissolve(&u, TODAY, TODAY, 0, 0, &e), ST_OK);
    u.dissolved_on = TODAY;
    assert_int_equal(unit_check_dissolve(&u, TODAY, TODAY, 0, 0, &e), ST_CONFLICT);
    assert_string_equal(e.code, "unit_already_dissolved");
}

static void test_unit_path_within_is_a_whole_segment_prefix(void **state)
{
    (void)state;
    assert_true(unit_path_within("/1/7/42/", "/1/7/"));
    assert_true(unit_path_within("/1/7/", "/1/7/"));
    assert_false(unit_path_within("/1/70/", "/1/7/"));
    assert_true(unit_path_within("/1/70/", "/"));
    assert_false(unit_path_within("/1/", "/1/7/"));
}

static void test_countries_are_iso_assigned_codes(void **state)
{
    (void)state;
    assert_int_equal(country_count(), 249);
    assert_true(country_known("DE"));
    assert_true(country_known("VN"));
    assert_false(country_abroad("VN"));
    assert_true(country_abroad("CZ"));
    assert_false(country_known("XK")); /* user-assigned, not ISO */
    assert_false(country_known("de"));
    assert_false(country_known("DEU"));
    assert_string_equal(country_name("DE", LANG_VI), "Đức");
    assert_string_equal(country_name("DE", LANG_EN), "Germany");
    assert_string_equal(country_name("VN", LANG_VI), "Việt Nam");
    for (size_t i = 1; i < country_count(); i++)
        assert_true(strcmp(country_code_at(i - 1), country_code_at(i)) < 0);
}

/* ---- members ---- */

static const member_rules RULES = {0, "^[0-9]{8}$"};

static member_input base_input(void)
{
    /* Born 2000-03-15, male: CCCD century-sex digit 2, year 00. */
    member_input in = {.full_name = "  Đặng   Văn An ",
                       .sex = "M",
                       .birth_date = "2000-03-15",
                       .cccd = "001 200 123456",
                       .admitted_on = "2018-03-15",
                       .unit_id = 5,
                       .born_abroad = -1};
    return in;
}

static status norm(const member_input *in, const member *base, member *out, errlist *errs, arena *a)
{
    member_rules r = RULES;
    r.today = TODAY;
    return member_normalize(a, in, base, &r, out, errs);
}

static void test_member_normalize_canonical_record(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in = base_input();
    in.card_number = "1234 5678";
    member m;
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_OK);
    assert_string_equal(m.full_name, "Đặng Văn An");
    assert_string_equal(m.family_name, "Đặng");
    assert_string_equal(m.middle_name, "Văn");
    assert_string_equal(m.given_name, "An");
    assert_string_equal(m.cccd, "001200123456");
    assert_string_equal(m.card_number, "12345678");
    assert_int_equal(m.sex, 'M');
    assert_int_equal(m.status, MS_PROBATIONARY);
    assert_int_equal(m.status_date, d("2018-03-15"));
    assert_int_equal(m.unit_id, 5);
    assert_string_equal(m.warnings, "");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_member_normalize_reports_every_field(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in = {.full_name = "An",
                       .sex = "X",
                       .birth_date = "15/03/2000",
                       .cccd = "12ab",
                       .admitted_on = "",
                       .email = "no-at-sign",
                       .born_abroad = -1};
    member m;
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_INVALID);
    assert_true(has(&errs, "name_one_word", "full_name"));
    assert_true(has(&errs, "member_sex", "sex"));
    assert_true(has(&errs, "date_invalid", "birth_date"));
    assert_true(has(&errs, "cccd_char", "cccd"));
    assert_true(has(&errs, "required", "admitted_on"));
    assert_true(has(&errs, "email_format", "email"));
    errlist_free(&errs);
    arena_free(&a);
}

static void test_member_cccd_required_unless_old_import(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in = base_input();
    in.cccd = NULL;
    member m;
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_INVALID);
    assert_true(has(&errs, "required", "cccd"));
    errlist_free(&errs);
    errlist_init(&errs, 0);
    in.cccd_optional = true;
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_OK);
    assert_string_equal(m.warnings, "cccd_missing");
    errlist_free(&errs);
    arena_free(&a);
}

/* Admission on the 18th birthday is allowed; the day before is not. */
static void test_member_admission_exactly_at_18(void **state)
{
    (void)state;
    const char *dates[3] = {"2018-03-14", "2018-03-15", "2018-03-16"};
    const status want[3] = {ST_INVALID, ST_OK, ST_OK};
    for (int i = 0; i < 3; i++) {
        arena a = ARENA_INIT;
        errlist errs;
        errlist_init(&errs, 0);
        member_input in = base_input();
        in.admitted_on = dates[i];
        member m;
        assert_int_equal(norm(&in, NULL, &m, &errs, &a), want[i]);
        assert_int_equal(has(&errs, "member_admission_age", "admitted_on"), want[i] != ST_OK);
        errlist_free(&errs);
        arena_free(&a);
    }
}

/* The official date is 12 months after admission at the earliest. */
static void test_member_official_12_months_after_admission(void **state)
{
    (void)state;
    const char *dates[3] = {"2019-03-14", "2019-03-15", "2019-03-16"};
    const status want[3] = {ST_INVALID, ST_OK, ST_OK};
    for (int i = 0; i < 3; i++) {
        arena a = ARENA_INIT;
        errlist errs;
        errlist_init(&errs, 0);
        member_input in = base_input();
        in.official_on = dates[i];
        member m;
        assert_int_equal(norm(&in, NULL, &m, &errs, &a), want[i]);
        assert_int_equal(has(&errs, "member_official_early", "official_on"), want[i] != ST_OK);
        if (want[i] == ST_OK) {
            assert_int_equal(m.status, MS_OFFICIAL);
            assert_int_equal(m.status_date, d(dates[i]));
        }
        errlist_free(&errs);
        arena_free(&a);
    }
}

/* Dates in the future: today is fine, tomorrow is not. */
static void test_member_dates_not_in_the_future(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in = base_input();
    in.admitted_on = "2025-11-23";
    in.official_on = "2026-11-23";
    member m;
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_OK);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    in.official_on = "2026-11-24";
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_INVALID);
    assert_true(has(&errs, "member_official_future", "official_on"));
    errlist_free(&errs);
    errlist_init(&errs, 0);
    in.official_on = NULL;
    in.admitted_on = "2026-11-24";
    assert_int_equal(norm(&in, NULL, &m, &errs, &a), ST_INVALID);
    assert_true(has(&errs, "member_admission_future", "admitted_on"));
    errlist_free(&errs);
    arena_free(&a);
}

static void test_member_cccd_must_agree_with_the_record(void **state)
{
    (void)state;
    struct {
        const char *sex, *cccd, *code;
        int born_abroad;
    } cases[] = {
        {"F", "001200123456", "cccd_sex_mismatch", -1},     /* male digit, female record */
        {"M", "001201123456", "cccd_year_mismatch", -1},    /* year 01 vs 2000 */
        {"M", "001000123456", "cccd_century_mismatch", -1}, /* 1900s digit vs 2000 */
        {"M", "003200123456", "cccd_province", -1},         /* 003 is not a province */
        {"F", "001300123456", NULL, -1},
        {"M", "003200123456", NULL, 1}, /* born abroad: kept with a warning */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a = ARENA_INIT;
        errlist errs;
        errlist_init(&errs, 0);
        member_input in = base_input();
        in.sex = cases[i].sex;
        in.cccd = cases[i].cccd;
        in.born_abroad = cases[i].born_abroad;
        member m;
        status st = norm(&in, NULL, &m, &errs, &a);
        if (cases[i].code) {
            assert_int_equal(st, ST_INVALID);
            assert_true(has(&errs, cases[i].code, "cccd"));
        } else {
            assert_int_equal(st, ST_OK);
        }
        if (cases[i].born_abroad == 1)
            assert_string_equal(m.warnings, "cccd_foreign");
        errlist_free(&errs);
        arena_free(&a);
    }
}

static void test_member_update_keeps_fields_not_given(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in = base_input();
    in.phone = "0912 345 678";
    member base, m;
    assert_int_equal(norm(&in, NULL, &base, &errs, &a), ST_OK);
    member_input change = {.phone = "", .official_on = "2019-04-01", .born_abroad = -1};
    assert_int_equal(norm(&change, &base, &m, &errs, &a), ST_OK);
    assert_null(m.phone);
    assert_string_equal(m.full_name, "Đặng Văn An");
    assert_string_equal(m.cccd, "001200123456");
    assert_int_equal(m.status, MS_OFFICIAL);
    errlist_free(&errs);
    arena_free(&a);
}

static member active(member_status st)
{
    member m;
    memset(&m, 0, sizeof m);
    m.status = st;
    m.admitted_on = d("2018-03-15");
    m.status_date = d("2018-03-15");
    m.official_on = DATE_NONE;
    return m;
}

static void test_member_status_transitions(void **state)
{
    (void)state;
    error e;
    member p = active(MS_PROBATIONARY), o = active(MS_OFFICIAL);
    member l = active(MS_LEFT), x = active(MS_DECEASED);
    l.status_date = d("2020-01-01");
    assert_int_equal(member_check_status_change(&p, MS_LEFT, TODAY, TODAY, &e), ST_OK);
    assert_int_equal(member_check_status_change(&o, MS_DECEASED, TODAY, TODAY, &e), ST_OK);
    assert_int_equal(member_check_status_change(&l, MS_DECEASED, TODAY, TODAY, &e), ST_OK);
    assert_int_equal(member_check_status_change(&l, MS_LEFT, TODAY, TODAY, &e), ST_CONFLICT);
    assert_string_equal(e.code, "member_status_transition");
    assert_int_equal(member_check_status_change(&x, MS_LEFT, TODAY, TODAY, &e), ST_CONFLICT);
    assert_int_equal(member_check_status_change(&p, MS_OFFICIAL, TODAY, TODAY, &e), ST_INVALID);
    assert_string_equal(e.code, "member_status_invalid");
    /* The date: from admission (inclusive) to today (inclusive). */
    assert_int_equal(member_check_status_change(&p, MS_LEFT, d("2018-03-14"), TODAY, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "member_status_date");
    assert_int_equal(member_check_status_change(&p, MS_LEFT, d("2018-03-15"), TODAY, &e), ST_OK);
    assert_int_equal(member_check_status_change(&p, MS_LEFT, TODAY + 1, TODAY, &e), ST_INVALID);
    /* Death is not before leaving. */
    assert_int_equal(member_check_status_change(&l, MS_DECEASED, d("2019-12-31"), TODAY, &e),
                     ST_INVALID);
    member_status s;
    assert_true(member_status_parse("left", &s));
    assert_int_equal(s, MS_LEFT);
    assert_false(member_status_parse("expelled", &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unit_kinds_nest_as_the_party_does),
        cmocka_unit_test(test_unit_check_names_every_problem),
        cmocka_unit_test(test_unit_abroad_carries_country_and_cell_type),
        cmocka_unit_test(test_unit_depth_is_bounded),
        cmocka_unit_test(test_unit_move_refuses_cycles_kinds_and_depth),
        cmocka_unit_test(test_unit_dissolve_rules),
        cmocka_unit_test(test_unit_path_within_is_a_whole_segment_prefix),
        cmocka_unit_test(test_countries_are_iso_assigned_codes),
        cmocka_unit_test(test_member_normalize_canonical_record),
        cmocka_unit_test(test_member_normalize_reports_every_field),
        cmocka_unit_test(test_member_cccd_required_unless_old_import),
        cmocka_unit_test(test_member_admission_exactly_at_18),
        cmocka_unit_test(test_member_official_12_months_after_admission),
        cmocka_unit_test(test_member_dates_not_in_the_future),
        cmocka_unit_test(test_member_cccd_must_agree_with_the_record),
        cmocka_unit_test(test_member_update_keeps_fields_not_given),
        cmocka_unit_test(test_member_status_transitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
