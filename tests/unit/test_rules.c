/*
 * test_rules.c -- the rule sets (domain/rules.h): the defaults of
 * DOMAIN.md, which set is in force for a unit on a date, and the bounds
 * an administrator's set must keep.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"
#include "domain/rules.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

/* A set of unit `path` from `from` whose report_days tells it apart. */
static rule_set set(int64_t id, const char *path, const char *from, int report_days)
{
    rule_set r;
    rule_set_defaults(&r);
    r.id = id;
    r.unit_id = id * 10;
    r.unit_path = path;
    r.effective_from = d(from);
    r.report_days = report_days;
    return r;
}

static int64_t pick(const rule_set *sets, size_t n, const char *path, const char *on)
{
    rule_set out;
    rule_set_pick(sets, n, path, d(on), &out);
    return out.id;
}

static void test_rules_defaults_are_domain_md(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    assert_int_equal(r.id, 0);
    assert_int_equal(r.unit_id, 0);
    assert_string_equal(r.unit_path, "/");
    date_t first;
    assert_true(date_from_ymd(CALENDAR_MIN_YEAR, 1, 1, &first));
    assert_int_equal(r.effective_from, first);
    assert_int_equal(r.report_days, 7);
    assert_false(r.report_in_calendar_days);
    assert_int_equal(r.return_grace_workdays, 2);
    assert_true(r.review_blocks_approval);
    assert_int_equal(r.group_min_months, 1);
    assert_int_equal(r.group_min_members, 3);
    assert_int_equal(r.temp_transfer_months, 3);
    assert_int_equal(r.official_transfer_months, 12);
    assert_false(r.official_transfer_strict);
    assert_int_equal(r.transfer_receive_workdays, 30);
    assert_int_equal(r.probation_reminder_days, 30);
    errlist l;
    errlist_init(&l, 0);
    assert_int_equal(rule_set_check(&r, &l), ST_OK);
    assert_int_equal(l.len, 0);
    errlist_free(&l);
}

static void test_rules_pick_without_sets_gives_defaults(void **state)
{
    (void)state;
    rule_set out;
    rule_set_pick(NULL, 0, "/1/7/", d("2026-03-01"), &out);
    assert_int_equal(out.id, 0);
    assert_int_equal(out.report_days, 7);
    /* A set of another subtree does not apply. */
    rule_set other = set(5, "/1/8/", "2020-01-01", 15);
    rule_set_pick(&other, 1, "/1/7/42/", d("2026-03-01"), &out);
    assert_int_equal(out.id, 0);
    /* Nor one whose path merely starts with the same characters (a path
     * is a subtree only up to its closing slash). */
    rule_set near = set(6, "/1/7", "2020-01-01", 15);
    rule_set sibling = set(7, "/1/74/", "2020-01-01", 15);
    rule_set both[] = {near, sibling};
    assert_int_equal(pick(both, 2, "/1/7/42/", "2026-03-01"), 0);
}

static void test_rules_pick_deepest_unit_wins(void **state)
{
    (void)state;
    rule_set sets[] = {
        set(1, "/", "2020-01-01", 10),
        set(2, "/1/", "2021-01-01", 11),
        set(3, "/1/7/", "2022-01-01", 12),
        set(4, "/1/7/42/", "2023-01-01", 13),
    };
    assert_int_equal(pick(sets, 4, "/1/7/42/", "2026-03-01"), 4);
    assert_int_equal(pick(sets, 4, "/1/7/43/", "2026-03-01"), 3);
    assert_int_equal(pick(sets, 4, "/1/8/", "2026-03-01"), 2);
    assert_int_equal(pick(sets, 4, "/2/", "2026-03-01"), 1);
    /* The order of the candidates does not matter. */
    rule_set rev[] = {sets[3], sets[2], sets[1], sets[0]};
    assert_int_equal(pick(rev, 4, "/1/7/42/", "2026-03-01"), 4);
    assert_int_equal(pick(rev, 4, "/1/7/43/", "2026-03-01"), 3);
    /* A deeper set wins even when an ancestor's is newer. */
    rule_set newer_root[] = {set(8, "/", "2025-06-01", 20), set(9, "/1/7/", "2021-01-01", 21)};
    assert_int_equal(pick(newer_root, 2, "/1/7/42/", "2026-03-01"), 9);
}

static void test_rules_pick_latest_in_force_for_a_unit(void **state)
{
    (void)state;
    rule_set sets[] = {
        set(1, "/1/7/", "2021-01-01", 10), set(2, "/1/7/", "2024-07-01", 15),
        set(3, "/1/7/", "2027-01-01", 20), /* not yet in force */
    };
    assert_int_equal(pick(sets, 3, "/1/7/42/", "2026-03-01"), 2);
    /* History keeps the rules it had. */
    assert_int_equal(pick(sets, 3, "/1/7/42/", "2024-06-30"), 1);
    assert_int_equal(pick(sets, 3, "/1/7/42/", "2024-07-01"), 2);
    assert_int_equal(pick(sets, 3, "/1/7/42/", "2020-12-31"), 0);
    assert_int_equal(pick(sets, 3, "/1/7/42/", "2027-01-01"), 3);
    /* A deeper set not yet in force leaves the ancestor's in force. */
    rule_set later[] = {set(4, "/1/", "2020-01-01", 10), set(5, "/1/7/", "2030-01-01", 11)};
    assert_int_equal(pick(later, 2, "/1/7/", "2026-03-01"), 4);
    /* The copy carries the set's values, strings borrowed. */
    rule_set out;
    rule_set_pick(sets, 3, "/1/7/42/", d("2026-03-01"), &out);
    assert_int_equal(out.report_days, 15);
    assert_ptr_equal(out.unit_path, sets[1].unit_path);
}

static void test_rules_installation_set_applies_everywhere(void **state)
{
    (void)state;
    rule_set root = set(1, "/", "2025-01-01", 15);
    root.report_in_calendar_days = true;
    rule_set out;
    rule_set_pick(&root, 1, "/1/7/42/", d("2026-03-01"), &out);
    assert_int_equal(out.id, 1);
    assert_true(out.report_in_calendar_days);
    /* A NULL or empty path is read as the installation's. */
    root.unit_path = NULL;
    assert_int_equal(pick(&root, 1, "/3/", "2026-03-01"), 1);
}

/* rule_set_check's errors as "field:code:arg". */
static void check(const rule_set *r, status want_st, const char *want)
{
    errlist l;
    char got[512] = "";
    size_t used = 0;
    errlist_init(&l, 0);
    assert_int_equal(rule_set_check(r, &l), want_st);
    for (size_t i = 0; i < l.len; i++) {
        int n = snprintf(got + used, sizeof got - used, "%s%s:%s:%s", i ? " " : "",
                         l.items[i].field, l.items[i].code, l.items[i].arg);
        assert_true(n > 0 && (size_t)n < sizeof got - used);
        used += (size_t)n;
    }
    assert_string_equal(got, want);
    errlist_free(&l);
}

static void test_rules_check_bounds(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    /* Each bound itself is accepted. */
    r.report_days = 0;
    r.return_grace_workdays = RULE_GRACE_WORKDAYS_MAX;
    r.group_min_members = RULE_GROUP_MEMBERS_MIN;
    r.transfer_receive_workdays = 1;
    r.probation_reminder_days = RULE_REMINDER_DAYS_MAX;
    check(&r, ST_OK, "");
    r.report_days = RULE_REPORT_DAYS_MAX;
    r.group_min_members = RULE_GROUP_MEMBERS_MAX;
    r.transfer_receive_workdays = RULE_RECEIVE_WORKDAYS_MAX;
    r.probation_reminder_days = 0;
    r.group_min_months = 0;
    r.temp_transfer_months = 0;
    r.official_transfer_months = RULE_MONTHS_MAX;
    check(&r, ST_OK, "");
    /* One past each: every problem named at once. */
    rule_set_defaults(&r);
    r.report_days = RULE_REPORT_DAYS_MAX + 1;
    r.return_grace_workdays = -1;
    r.group_min_members = RULE_GROUP_MEMBERS_MIN - 1;
    r.transfer_receive_workdays = 0;
    r.probation_reminder_days = RULE_REMINDER_DAYS_MAX + 1;
    check(&r, ST_INVALID,
          "report_days:rule_value_range:0..60 return_grace_workdays:rule_value_range:0..30 "
          "group_min_members:rule_value_range:2..50 "
          "transfer_receive_workdays:rule_value_range:1..120 "
          "probation_reminder_days:rule_value_range:0..365");
    rule_set_defaults(&r);
    r.official_transfer_months = RULE_MONTHS_MAX + 1;
    r.group_min_members = RULE_GROUP_MEMBERS_MAX + 1;
    check(&r, ST_INVALID,
          "official_transfer_months:rule_value_range:0..120 "
          "group_min_members:rule_value_range:2..50");
}

static void test_rules_check_months_in_order(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    r.temp_transfer_months = 12;
    r.official_transfer_months = 12; /* equal is fine */
    check(&r, ST_OK, "");
    r.official_transfer_months = 6;
    check(&r, ST_INVALID, "official_transfer_months:rule_months_order:");
    rule_set_defaults(&r);
    r.group_min_months = 4;
    check(&r, ST_INVALID, "temp_transfer_months:rule_months_order:");
    char msg[256];
    error e;
    err_set(&e, ST_INVALID, "rule_value_range", "report_days", "0..60");
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_non_null(strstr(msg, "0..60"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_defaults_are_domain_md),
        cmocka_unit_test(test_rules_pick_without_sets_gives_defaults),
        cmocka_unit_test(test_rules_pick_deepest_unit_wins),
        cmocka_unit_test(test_rules_pick_latest_in_force_for_a_unit),
        cmocka_unit_test(test_rules_installation_set_applies_everywhere),
        cmocka_unit_test(test_rules_check_bounds),
        cmocka_unit_test(test_rules_check_months_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
