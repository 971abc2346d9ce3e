/*
 * test_calendar.c -- days off by year, working days and deadlines.
 *
 * Lists are compared as one string, "date:kind" per day off with kind h
 * (holiday), c (compensatory, nghỉ bù) or a (announced by an administrator),
 * so each year's expectation reads like the government's announcement.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"
#include "domain/lunar.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

static const char kind_letter[] = {
    [CALENDAR_HOLIDAY] = 'h', [CALENDAR_COMPENSATORY] = 'c', [CALENDAR_ANNOUNCED] = 'a'};

/* The days off of `year` as "2026-01-01:h 2026-02-15:h ...". */
static void days_off(int year, const calendar_override *ov, size_t nov, char *buf, size_t size)
{
    calendar_day days[CALENDAR_HOLIDAYS_CAP(8)];
    size_t n = 0;
    error e;
    assert_true(nov <= 8);
    assert_int_equal(calendar_holidays(year, ov, nov, days, CALENDAR_HOLIDAYS_CAP(nov), &n, &e),
                     ST_OK);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char iso[DATE_ISO_LEN];
        date_format(days[i].date, iso);
        int len = snprintf(buf + used, size - used, "%s%s:%c", i ? " " : "", iso,
                           kind_letter[days[i].kind]);
        assert_true(len > 0 && (size_t)len < size - used);
        used += (size_t)len;
    }
}

static void assert_days_off(int year, const char *want)
{
    char got[1024];
    days_off(year, NULL, 0, got, sizeof got);
    assert_string_equal(got, want);
}

static date_t add_workdays(const char *iso, int n, const calendar_override *ov, size_t nov)
{
    date_t t = DATE_NONE;
    error e;
    assert_int_equal(calendar_add_workdays(d(iso), n, ov, nov, &t, &e), ST_OK);
    return t;
}

static date_t deadline(const char *event, int days)
{
    date_t t = DATE_NONE;
    error e;
    assert_int_equal(calendar_add_calendar_days_deadline(d(event), days, NULL, 0, &t, &e), ST_OK);
    return t;
}

static void test_calendar_2013_has_a_four_day_tet(void **state)
{
    (void)state;
    /* Tết 10 Feb 2013, a Sunday: 29/12 (Sat) to 3/1; the Saturday and the
     * Sunday give Wednesday 13 and Thursday 14. */
    assert_days_off(2013, "2013-01-01:h "
                          "2013-02-09:h 2013-02-10:h 2013-02-11:h 2013-02-12:h "
                          "2013-02-13:c 2013-02-14:c "
                          "2013-04-19:h 2013-04-30:h 2013-05-01:h 2013-09-02:h");
}

static void test_calendar_2014_has_a_five_day_tet(void **state)
{
    (void)state;
    /* Tết 31 Jan 2014; the 12th month had 30 days, so 29 and 30 of it are
     * off (the government announced 29 Jan to 4 Feb). */
    assert_days_off(2014, "2014-01-01:h "
                          "2014-01-29:h 2014-01-30:h 2014-01-31:h 2014-02-01:h 2014-02-02:h "
                          "2014-02-03:c 2014-02-04:c "
                          "2014-04-09:h 2014-04-30:h 2014-05-01:h 2014-09-02:h");
    lunar_date l;
    assert_int_equal(lunar_from_solar(d("2014-01-29"), &l, NULL), ST_OK);
    assert_int_equal(l.day, 29);
    assert_int_equal(l.month, 12);
}

static void test_calendar_2020_has_one_national_day(void **state)
{
    (void)state;
    assert_days_off(2020, "2020-01-01:h "
                          "2020-01-23:h 2020-01-24:h 2020-01-25:h 2020-01-26:h 2020-01-27:h "
                          "2020-01-28:c 2020-01-29:c "
                          "2020-04-02:h 2020-04-30:h 2020-05-01:h 2020-09-02:h");
}

static void test_calendar_2021_adds_the_day_next_to_national_day(void **state)
{
    (void)state;
    /* 1 May on a Saturday gives Monday 3 May; 2 Sep a Thursday: 3 Sep. */
    assert_days_off(2021, "2021-01-01:h "
                          "2021-02-10:h 2021-02-11:h 2021-02-12:h 2021-02-13:h 2021-02-14:h "
                          "2021-02-15:c 2021-02-16:c "
                          "2021-04-21:h 2021-04-30:h 2021-05-01:h 2021-05-03:c "
                          "2021-09-02:h 2021-09-03:h");
}

static void test_calendar_2026_computed_default(void **state)
{
    (void)state;
    /* Tết 17 Feb: 28 and 29 of a 29-day 12th month (15, a Sunday, and 16),
     * then 17-19; the Sunday gives Friday 20. Hùng Kings' day 26 April is a
     * Sunday: Monday 27. 2 September is a Wednesday: 3 September. */
    assert_days_off(2026, "2026-01-01:h "
                          "2026-02-15:h 2026-02-16:h 2026-02-17:h 2026-02-18:h 2026-02-19:h "
                          "2026-02-20:c "
                          "2026-04-26:h 2026-04-27:c 2026-04-30:h 2026-05-01:h "
                          "2026-09-02:h 2026-09-03:h");
    calendar_day days[CALENDAR_HOLIDAYS_CAP(0)];
    size_t n;
    assert_int_equal(calendar_holidays(2026, NULL, 0, days, CALENDAR_HOLIDAYS_CAP(0), &n, NULL),
                     ST_OK);
    assert_string_equal(days[6].name_vi, "Nghỉ bù Tết Nguyên đán");
    assert_string_equal(days[7].name_vi, "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    assert_string_equal(days[8].name_en, "Compensatory day off for the Hùng Kings' Commemoration");
}

static void test_calendar_weekend_holidays_each_give_one_day(void **state)
{
    (void)state;
    /* 2023: Hùng Kings Sat 29 Apr, 30 Apr Sun, 1 May Mon: Tue 2 and Wed 3
     * May; 2 Sep a Saturday: 1 Sep (Friday) is the adjacent day and the
     * Saturday gives Monday 4 Sep -- as the government announced. */
    assert_days_off(2023, "2023-01-01:h 2023-01-02:c "
                          "2023-01-20:h 2023-01-21:h 2023-01-22:h 2023-01-23:h 2023-01-24:h "
                          "2023-01-25:c 2023-01-26:c "
                          "2023-04-29:h 2023-04-30:h 2023-05-01:h 2023-05-02:c 2023-05-03:c "
                          "2023-09-01:h 2023-09-02:h 2023-09-04:c");
    /* 2016: Hùng Kings Sat 16 Apr gives Mon 18; 30 Apr Sat and 1 May Sun
     * give Mon 2 and Tue 3 May. */
    char got[1024];
    days_off(2016, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2016-04-16:h 2016-04-18:c "
                                "2016-04-30:h 2016-05-01:h 2016-05-02:c 2016-05-03:c"));
}

static void test_calendar_national_day_adjacent_day_by_weekday(void **state)
{
    (void)state;
    char got[1024];
    /* 2 Sep: 2022 Fri, 2025 Tue -> 1 Sep; 2024 Mon, 2027 Thu -> 3 Sep;
     * 2029 Sun -> 3 Sep, and the Sunday gives Tuesday 4 Sep. */
    days_off(2022, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2022-09-01:h 2022-09-02:h"));
    days_off(2025, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2025-09-01:h 2025-09-02:h"));
    days_off(2024, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2024-09-02:h 2024-09-03:h"));
    days_off(2027, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2027-09-02:h 2027-09-03:h"));
    days_off(2029, NULL, 0, got, sizeof got);
    assert_non_null(strstr(got, "2029-09-02:h 2029-09-03:h 2029-09-04:c"));
}

static void test_calendar_every_year_is_sorted_and_consistent(void **state)
{
    (void)state;
    for (int y = CALENDAR_MIN_YEAR; y <= CALENDAR_MAX_YEAR; y++) {
        calendar_day days[CALENDAR_HOLIDAYS_CAP(0)];
        size_t n;
        assert_int_equal(calendar_holidays(y, NULL, 0, days, CALENDAR_HOLIDAYS_CAP(0), &n, NULL),
                         ST_OK);
        assert_true(n >= 8); /* 1995-2006: 1 + 4 (Tết) + 3 */
        for (size_t i = 0; i < n; i++) {
            bool work = true;
            assert_int_equal(calendar_is_workday(days[i].date, NULL, 0, &work, NULL), ST_OK);
            assert_false(work);
            if (i > 0)
                assert_true(days[i - 1].date < days[i].date);
            if (days[i].kind == CALENDAR_COMPENSATORY)
                assert_true(date_weekday(days[i].date) <= 5);
        }
    }
}

static void test_workdays_across_a_weekend(void **state)
{
    (void)state;
    assert_int_equal(add_workdays("2026-03-06", 1, NULL, 0), d("2026-03-09")); /* Fri -> Mon */
    assert_int_equal(add_workdays("2026-03-06", 5, NULL, 0), d("2026-03-13"));
    assert_int_equal(add_workdays("2026-03-07", 1, NULL, 0), d("2026-03-09")); /* from a Sat */
    assert_int_equal(add_workdays("2026-03-09", 0, NULL, 0), d("2026-03-09"));
    assert_int_equal(add_workdays("2026-03-07", 0, NULL, 0), d("2026-03-09"));
}

static void test_workdays_across_tet_and_new_year(void **state)
{
    (void)state;
    assert_int_equal(add_workdays("2026-02-12", 1, NULL, 0), d("2026-02-13"));
    assert_int_equal(add_workdays("2026-02-12", 2, NULL, 0), d("2026-02-23"));
    /* Report due 7 working days after re-entry on Friday 13 Feb 2026. */
    assert_int_equal(add_workdays("2026-02-13", 7, NULL, 0), d("2026-03-03"));
    /* Back on Friday 24 Apr 2026: 27 (nghỉ bù), 30 Apr and 1 May are off. */
    assert_int_equal(add_workdays("2026-04-24", 7, NULL, 0), d("2026-05-08"));
    assert_int_equal(add_workdays("2025-12-31", 2, NULL, 0), d("2026-01-05"));
}

static void test_workdays_zero_on_a_day_off_is_the_next_working_day(void **state)
{
    (void)state;
    assert_int_equal(add_workdays("2026-02-17", 0, NULL, 0), d("2026-02-23")); /* Tết */
    assert_int_equal(add_workdays("2026-04-27", 0, NULL, 0), d("2026-04-28")); /* nghỉ bù */
}

/* The kind of announcement the government makes: an extra day off after
 * Tết, and a Saturday worked in exchange. */
static const calendar_override announced[] = {
    {.date = 0, .kind = CALENDAR_DAY_OFF, .name = "Nghỉ Tết theo thông báo của Chính phủ"},
    {.date = 0, .kind = CALENDAR_WORKING_DAY, .name = "Làm bù ngày 23/02"},
    {.date = 0, .kind = CALENDAR_WORKING_DAY, .name = "Làm việc (thay nghỉ bù)"},
};

static void announcements(calendar_override ov[3])
{
    for (int i = 0; i < 3; i++)
        ov[i] = announced[i];
    ov[0].date = d("2026-02-23"); /* Monday after Tết: off */
    ov[1].date = d("2026-02-28"); /* Saturday: worked */
    ov[2].date = d("2026-02-20"); /* the computed nghỉ bù: worked instead */
}

static void test_workdays_follow_overrides(void **state)
{
    (void)state;
    calendar_override ov[3];
    announcements(ov);
    assert_int_equal(add_workdays("2026-02-12", 2, ov, 3), d("2026-02-20"));
    assert_int_equal(add_workdays("2026-02-12", 3, ov, 3), d("2026-02-24"));
    assert_int_equal(add_workdays("2026-02-23", 0, ov, 3), d("2026-02-24"));
    /* 24, 25, 26, 27 and the worked Saturday 28. */
    assert_int_equal(add_workdays("2026-02-23", 5, ov, 3), d("2026-02-28"));
    assert_int_equal(add_workdays("2026-02-23", 5, NULL, 0), d("2026-03-02"));
    bool work = false;
    assert_int_equal(calendar_is_workday(d("2026-02-28"), ov, 3, &work, NULL), ST_OK);
    assert_true(work);
    assert_int_equal(calendar_is_workday(d("2026-02-23"), ov, 3, &work, NULL), ST_OK);
    assert_false(work);
}

static void test_holidays_list_follows_overrides(void **state)
{
    (void)state;
    calendar_override ov[3];
    announcements(ov);
    char got[1024];
    days_off(2026, ov, 3, got, sizeof got);
    assert_string_equal(got, "2026-01-01:h "
                             "2026-02-15:h 2026-02-16:h 2026-02-17:h 2026-02-18:h 2026-02-19:h "
                             "2026-02-23:a "
                             "2026-04-26:h 2026-04-27:c 2026-04-30:h 2026-05-01:h "
                             "2026-09-02:h 2026-09-03:h");
    calendar_day days[CALENDAR_HOLIDAYS_CAP(3)];
    size_t n;
    assert_int_equal(calendar_holidays(2026, ov, 3, days, CALENDAR_HOLIDAYS_CAP(3), &n, NULL),
                     ST_OK);
    assert_string_equal(days[6].name_vi, "Nghỉ Tết theo thông báo của Chính phủ");
    /* Overrides of another year change nothing in this one. */
    days_off(2025, ov, 3, got, sizeof got);
    char plain[1024];
    days_off(2025, NULL, 0, plain, sizeof plain);
    assert_string_equal(got, plain);
}

static void test_calendar_day_deadline_moves_off_days_off(void **state)
{
    (void)state;
    /* The period starts the day after the event (art. 147). */
    assert_int_equal(deadline("2026-03-02", 1), d("2026-03-03"));
    assert_int_equal(deadline("2026-03-02", 15), d("2026-03-17"));
    /* Ends on Sunday 15 March: moves to Monday (art. 148). */
    assert_int_equal(deadline("2026-03-01", 14), d("2026-03-15") + 1);
    assert_int_equal(date_weekday(deadline("2026-03-01", 14)), 1);
    /* Ends on Tết (Monday 16 Feb): moves past Tết and its nghỉ bù. */
    assert_int_equal(deadline("2026-02-01", 15), d("2026-02-23"));
}

static void test_calendar_refuses_out_of_range_input(void **state)
{
    (void)state;
    calendar_day days[CALENDAR_HOLIDAYS_CAP(0)];
    size_t n = 99;
    error e;
    date_t t = 12345;
    assert_int_equal(calendar_holidays(1994, NULL, 0, days, CALENDAR_HOLIDAYS_CAP(0), &n, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "calendar_year_range");
    assert_string_equal(e.arg, "1994");
    assert_int_equal(n, 0);
    assert_int_equal(calendar_add_workdays(d("2026-03-02"), -1, NULL, 0, &t, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_period_range");
    assert_int_equal(
        calendar_add_workdays(d("2026-03-02"), CALENDAR_PERIOD_MAX + 1, NULL, 0, &t, &e),
        ST_INVALID);
    assert_int_equal(calendar_add_workdays(d("2199-12-31"), 1, NULL, 0, &t, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
    assert_int_equal(calendar_add_workdays(DATE_NONE, 1, NULL, 0, &t, &e), ST_INVALID);
    assert_int_equal(calendar_add_calendar_days_deadline(d("1994-12-31"), 1, NULL, 0, &t, &e),
                     ST_INVALID);
    assert_string_equal(e.arg, "1994-12-31");
    assert_int_equal(t, 12345); /* untouched by every refusal */
    bool work = true;
    assert_int_equal(calendar_is_workday(d("1990-01-02"), NULL, 0, &work, &e), ST_INVALID);
    assert_true(work);
}

static void test_calendar_list_too_small_says_how_many(void **state)
{
    (void)state;
    calendar_day days[3];
    size_t n = 0;
    error e;
    assert_int_equal(calendar_holidays(2026, NULL, 0, days, 3, &n, &e), ST_INTERNAL);
    assert_string_equal(e.code, "calendar_list_too_small");
    assert_int_equal(n, 13);
}

static void test_overrides_check_names_each_problem(void **state)
{
    (void)state;
    calendar_override ov[3];
    announcements(ov);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(calendar_overrides_check(ov, 3, &errs), ST_OK);
    assert_int_equal(errs.len, 0);
    calendar_override bad[4] = {
        {.date = d("2026-02-23"), .kind = CALENDAR_DAY_OFF, .name = ""},
        {.date = d("2026-02-23"), .kind = CALENDAR_WORKING_DAY, .name = NULL},
        {.date = d("1994-05-02"), .kind = (calendar_override_kind)7, .name = "x"},
        {.date = d("2026-02-28"), .kind = CALENDAR_WORKING_DAY, .name = NULL},
    };
    assert_int_equal(calendar_overrides_check(bad, 4, &errs), ST_INVALID);
    assert_int_equal(errs.len, 4);
    assert_string_equal(errs.items[0].code, "calendar_override_name_required");
    assert_string_equal(errs.items[0].field, "overrides[0].name");
    assert_string_equal(errs.items[1].code, "calendar_override_duplicate");
    assert_string_equal(errs.items[1].arg, "2026-02-23");
    assert_string_equal(errs.items[2].code, "calendar_out_of_range");
    assert_string_equal(errs.items[3].code, "calendar_override_kind");
    assert_string_equal(errs.items[3].field, "overrides[2].kind");
    errlist_free(&errs);
    calendar_override_kind k;
    assert_true(calendar_override_kind_parse("working_day", &k));
    assert_int_equal(k, CALENDAR_WORKING_DAY);
    assert_false(calendar_override_kind_parse("holiday", &k));
    assert_string_equal(calendar_override_kind_name(CALENDAR_DAY_OFF), "day_off");
    assert_string_equal(calendar_day_kind_name(CALENDAR_COMPENSATORY), "compensatory");
}

/* Nothing reads the process's zone: the same answers under any TZ. */
static void test_calendar_ignores_the_process_time_zone(void **state)
{
    (void)state;
    static const char *zones[] = {"Pacific/Kiritimati", "America/Los_Angeles", "UTC"};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        assert_int_equal(setenv("TZ", zones[i], 1), 0);
        tzset();
        assert_int_equal(lunar_new_year(2026), d("2026-02-17"));
        assert_int_equal(add_workdays("2026-02-12", 2, NULL, 0), d("2026-02-23"));
        assert_days_off(2020, "2020-01-01:h "
                              "2020-01-23:h 2020-01-24:h 2020-01-25:h 2020-01-26:h 2020-01-27:h "
                              "2020-01-28:c 2020-01-29:c "
                              "2020-04-02:h 2020-04-30:h 2020-05-01:h 2020-09-02:h");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_2013_has_a_four_day_tet),
        cmocka_unit_test(test_calendar_2014_has_a_five_day_tet),
        cmocka_unit_test(test_calendar_2020_has_one_national_day),
        cmocka_unit_test(test_calendar_2021_adds_the_day_next_to_national_day),
        cmocka_unit_test(test_calendar_2026_computed_default),
        cmocka_unit_test(test_calendar_weekend_holidays_each_give_one_day),
        cmocka_unit_test(test_calendar_national_day_adjacent_day_by_weekday),
        cmocka_unit_test(test_calendar_every_year_is_sorted_and_consistent),
        cmocka_unit_test(test_workdays_across_a_weekend),
        cmocka_unit_test(test_workdays_across_tet_and_new_year),
        cmocka_unit_test(test_workdays_zero_on_a_day_off_is_the_next_working_day),
        cmocka_unit_test(test_workdays_follow_overrides),
        cmocka_unit_test(test_holidays_list_follows_overrides),
        cmocka_unit_test(test_calendar_day_deadline_moves_off_days_off),
        cmocka_unit_test(test_calendar_refuses_out_of_range_input),
        cmocka_unit_test(test_calendar_list_too_small_says_how_many),
        cmocka_unit_test(test_overrides_check_names_each_problem),
        cmocka_unit_test(test_calendar_ignores_the_process_time_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
