/*
 * test_lunar.c -- the Vietnamese lunar calendar against published dates.
 *
 * Tết and the Hùng Kings' day for 2000-2040 and each year's leap month come
 * from lunar_table.h (Hồ Ngọc Đức's published table); every day of
 * 1990-2050 must survive solar -> lunar -> solar; the checks of DOMAIN.md
 * and the years where Vietnam (UTC+7) and China (UTC+8) differ are named.
 */
#include "testutil.h"

#include "core/date.h"
#include "core/error.h"
#include "domain/lunar.h"
#include "lunar_table.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

static lunar_date lunar_of(const char *iso)
{
    lunar_date l;
    error e;
    assert_int_equal(lunar_from_solar(d(iso), &l, &e), ST_OK);
    return l;
}

static void assert_lunar(lunar_date l, int day, int month, bool leap, int year)
{
    assert_int_equal(l.day, day);
    assert_int_equal(l.month, month);
    assert_int_equal(l.leap, leap);
    assert_int_equal(l.year, year);
}

static void test_lunar_tet_and_hung_kings_match_published_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lunar_table / sizeof lunar_table[0]; i++) {
        const lunar_table_row *r = &lunar_table[i];
        const lunar_date hung = {.day = 10, .month = 3, .year = r->year, .leap = false};
        date_t t;
        assert_int_equal(lunar_new_year(r->year), d(r->tet));
        assert_int_equal(lunar_to_solar(&hung, &t, NULL), ST_OK);
        assert_int_equal(t, d(r->hung));
        assert_lunar(lunar_of(r->tet), 1, 1, false, r->year);
        assert_lunar(lunar_of(r->hung), 10, 3, false, r->year);
    }
    assert_int_equal(lunar_table[0].year, 2000);
    assert_int_equal(lunar_table[sizeof lunar_table / sizeof lunar_table[0] - 1].year, 2040);
}

static void test_lunar_leap_months_match_published_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lunar_table / sizeof lunar_table[0]; i++) {
        const lunar_table_row *r = &lunar_table[i];
        for (int m = 1; m <= 12; m++) {
            const lunar_date ld = {.day = 1, .month = m, .year = r->year, .leap = true};
            date_t t;
            error e;
            const status want = m == r->leap_month ? ST_OK : ST_INVALID;
            assert_int_equal(lunar_to_solar(&ld, &t, &e), want);
        }
    }
}

/* Every day of 1990-2050 maps to a lunar date and back to itself, and the
 * lunar days run on: day + 1, or day 1 of the next month after 29 or 30. */
static void test_lunar_roundtrip_every_day_1990_to_2050(void **state)
{
    (void)state;
    lunar_date prev = lunar_of("1989-12-31");
    for (date_t t = d("1990-01-01"); t <= d("2050-12-31"); t++) {
        lunar_date l;
        date_t back;
        assert_int_equal(lunar_from_solar(t, &l, NULL), ST_OK);
        assert_int_equal(lunar_to_solar(&l, &back, NULL), ST_OK);
        assert_int_equal(back, t);
        if (l.day == 1)
            assert_true(prev.day == 29 || prev.day == 30);
        else
            assert_int_equal(l.day, prev.day + 1);
        prev = l;
    }
}

static void test_lunar_domain_checks(void **state)
{
    (void)state;
    assert_int_equal(lunar_new_year(2026), d("2026-02-17"));
    assert_lunar(lunar_of("2023-03-23"), 2, 2, true, 2023);
    assert_lunar(lunar_of("2023-03-22"), 1, 2, true, 2023);
    assert_lunar(lunar_of("2023-03-21"), 30, 2, false, 2023);
}

/* Vietnam computes for UTC+7, China for UTC+8: a new moon between 23:00 and
 * 24:00 Hà Nội time starts the month a day earlier in Vietnam. */
static void test_lunar_differs_from_chinese_calendar(void **state)
{
    (void)state;
    assert_int_equal(lunar_new_year(2007), d("2007-02-17")); /* China: 18 Feb */
    assert_int_equal(lunar_new_year(2030), d("2030-02-02")); /* China: 3 Feb */
    assert_int_equal(lunar_new_year(1985), d("1985-01-21")); /* China: 20 Feb */
    assert_lunar(lunar_of("2007-02-17"), 1, 1, false, 2007);
    assert_lunar(lunar_of("2007-02-16"), 29, 12, false, 2006);
}

static void test_lunar_year_turns_at_tet_not_at_january(void **state)
{
    (void)state;
    assert_lunar(lunar_of("2026-01-01"), 13, 11, false, 2025);
    assert_lunar(lunar_of("2026-02-16"), 29, 12, false, 2025);
    assert_lunar(lunar_of("2026-02-17"), 1, 1, false, 2026);
    /* 2033 has a leap 11th month, after the December solstice. */
    assert_lunar(lunar_of("2033-12-22"), 1, 11, true, 2033);
    assert_lunar(lunar_of("2034-02-19"), 1, 1, false, 2034);
}

static void test_lunar_range_edges(void **state)
{
    (void)state;
    assert_lunar(lunar_of("1900-01-01"), 1, 12, false, 1899);
    assert_lunar(lunar_of("2199-12-31"), 14, 11, false, 2199);
    const lunar_date first = {.day = 1, .month = 12, .year = 1899, .leap = false};
    date_t t;
    assert_int_equal(lunar_to_solar(&first, &t, NULL), ST_OK);
    assert_int_equal(t, d("1900-01-01"));
}

static void assert_refused(lunar_date ld, const char *code, const char *arg)
{
    date_t t = 12345;
    error e;
    assert_int_equal(lunar_to_solar(&ld, &t, &e), ST_INVALID);
    assert_string_equal(e.code, code);
    assert_string_equal(e.arg, arg);
    assert_int_equal(t, 12345); /* untouched */
}

static void test_lunar_refuses_dates_that_do_not_exist(void **state)
{
    (void)state;
    /* Month 12 of 2025 has 29 days: Tết 2026 follows 29/12. */
    assert_refused((lunar_date){30, 12, 2025, false}, "lunar_date_invalid", "30/12/2025");
    assert_refused((lunar_date){1, 3, 2026, true}, "lunar_date_invalid", "1/3N/2026");
    assert_refused((lunar_date){1, 13, 2026, false}, "lunar_date_invalid", "1/13/2026");
    assert_refused((lunar_date){0, 1, 2026, false}, "lunar_date_invalid", "0/1/2026");
    assert_refused((lunar_date){31, 1, 2026, false}, "lunar_date_invalid", "31/1/2026");
    assert_refused((lunar_date){1, 1, 2200, false}, "lunar_out_of_range", "1/1/2200");
    assert_refused((lunar_date){1, 12, 2199, false}, "lunar_out_of_range", "1/12/2199");
    assert_refused((lunar_date){1, 1, 1898, false}, "lunar_out_of_range", "1/1/1898");
}

static void test_lunar_from_solar_refuses_dates_outside_range(void **state)
{
    (void)state;
    lunar_date l = {7, 7, 2000, false};
    error e;
    assert_int_equal(lunar_from_solar(DATE_NONE, &l, &e), ST_INVALID);
    assert_string_equal(e.code, "lunar_out_of_range");
    assert_int_equal(lunar_from_solar(d("1900-01-01") - 1, &l, &e), ST_INVALID);
    assert_int_equal(lunar_from_solar(d("2199-12-31") + 1, &l, &e), ST_INVALID);
    assert_lunar(l, 7, 7, false, 2000); /* untouched */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lunar_tet_and_hung_kings_match_published_table),
        cmocka_unit_test(test_lunar_leap_months_match_published_table),
        cmocka_unit_test(test_lunar_roundtrip_every_day_1990_to_2050),
        cmocka_unit_test(test_lunar_domain_checks),
        cmocka_unit_test(test_lunar_differs_from_chinese_calendar),
        cmocka_unit_test(test_lunar_year_turns_at_tet_not_at_january),
        cmocka_unit_test(test_lunar_range_edges),
        cmocka_unit_test(test_lunar_refuses_dates_that_do_not_exist),
        cmocka_unit_test(test_lunar_from_solar_refuses_dates_outside_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
