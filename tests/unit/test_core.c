/*
 * test_core.c -- dates, strings, the arena and the error catalogue.
 */
#include "testutil.h"

#include "core/alloc.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/str.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

static void test_date_roundtrip_and_weekday(void **state)
{
    (void)state;
    char out[DATE_ISO_LEN];
    date_format(d("2026-02-17"), out);
    assert_string_equal(out, "2026-02-17");
    assert_int_equal(d("1970-01-01"), 0);
    assert_int_equal(date_weekday(d("2026-11-23")), 1); /* a Monday */
    assert_int_equal(date_weekday(d("2026-02-17")), 2); /* Tết 2026, a Tuesday */
}

static void test_date_parse_refuses_bad_input(void **state)
{
    (void)state;
    date_t t;
    assert_false(date_parse("2026-02-30", &t));
    assert_false(date_parse("2026-2-03", &t));
    assert_false(date_parse("2026-02-03 ", &t));
    assert_false(date_parse("1899-12-31", &t));
    assert_false(date_parse("", &t));
    assert_false(date_parse(NULL, &t));
    assert_true(date_parse("2024-02-29", &t));
    assert_false(date_parse("2023-02-29", &t));
}

static void test_date_add_months_clamps_like_civil_code(void **state)
{
    (void)state;
    assert_int_equal(date_add_months(d("2026-01-31"), 1), d("2026-02-28"));
    assert_int_equal(date_add_months(d("2024-01-31"), 1), d("2024-02-29"));
    assert_int_equal(date_add_months(d("2026-03-15"), 3), d("2026-06-15"));
    assert_int_equal(date_add_months(d("2026-11-30"), 3), d("2027-02-28"));
    assert_int_equal(date_add_years(d("2008-02-29"), 18), d("2026-02-28"));
    assert_int_equal(date_add_months(d("2026-03-31"), -1), d("2026-02-28"));
}

static void test_date_vn_is_utc_plus_7(void **state)
{
    (void)state;
    /* 2026-11-23T16:59:59Z is 23:59:59 in Hà Nội; one second later it is the 24th. */
    assert_int_equal(date_vn_from_unix(1795453199), d("2026-11-23"));
    assert_int_equal(date_vn_from_unix(1795453200), d("2026-11-24"));
}

static void test_str_copy_never_cuts_a_character(void **state)
{
    (void)state;
    char small[5];
    assert_false(str_copy_utf8(small, sizeof small, "Đặng")); /* Đ=2 bytes, ặ=3 bytes */
    assert_string_equal(small, "Đ");
    assert_true(str_copy_utf8(small, sizeof small, "An"));
    assert_string_equal(small, "An");
}

static void test_str_to_i64_is_strict(void **state)
{
    (void)state;
    int64_t v;
    assert_true(str_to_i64("42", &v));
    assert_int_equal(v, 42);
    assert_false(str_to_i64("42x", &v));
    assert_false(str_to_i64(" 42", &v));
    assert_false(str_to_i64("99999999999999999999", &v));
    assert_false(str_to_i64("", &v));
}

static void test_buf_and_arena(void **state)
{
    (void)state;
    strbuf b = {0};
    buf_printf(&b, "%d-%s", 7, "x");
    buf_puts(&b, "yz");
    assert_string_equal(b.data, "7-xyz");
    char *s = buf_take(&b);
    assert_string_equal(s, "7-xyz");
    xfree(s);

    arena a = ARENA_INIT;
    char *p = arena_printf(&a, "%s %d", "Chi bộ", 5);
    assert_string_equal(p, "Chi bộ 5");
    void *big = arena_alloc(&a, 200000);
    assert_non_null(big);
    assert_string_equal(p, "Chi bộ 5"); /* the big block did not disturb the current one */
    size_t cap = 0, len = 0;
    int *xs = NULL;
    for (int i = 0; i < 100; i++) {
        xs = arena_grow(&a, xs, len, &cap, sizeof *xs);
        assert_non_null(xs);
        xs[len++] = i;
    }
    assert_true(cap >= 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(xs[i], i);
    arena_free(&a);
}

static void test_alloc_failure_is_reported(void **state)
{
    (void)state;
    alloc_fail_after(0);
    assert_null(xmalloc(10));
    assert_true(alloc_failed());
    strbuf b = {0};
    buf_puts(&b, "x");
    assert_true(b.failed);
    alloc_fail_after(-1);
    buf_free(&b);
    void *p = xmalloc(10);
    assert_non_null(p);
    xfree(p);
}

static void test_error_messages_in_two_languages(void **state)
{
    (void)state;
    error e;
    assert_int_equal(err_set(&e, ST_INVALID, "required", "full_name", NULL), ST_INVALID);
    char msg[256];
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_string_equal(msg, "Trường này là bắt buộc.");
    err_message(&e, LANG_EN, msg, sizeof msg);
    assert_string_equal(msg, "This field is required.");
    assert_int_equal(status_http(ST_CONFLICT), 409);
    assert_int_equal(lang_from_header("en-US,en;q=0.9"), LANG_EN);
    assert_int_equal(lang_from_header("vi,en;q=0.5"), LANG_VI);
    assert_int_equal(lang_from_header(NULL), LANG_VI);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_roundtrip_and_weekday),
        cmocka_unit_test(test_date_parse_refuses_bad_input),
        cmocka_unit_test(test_date_add_months_clamps_like_civil_code),
        cmocka_unit_test(test_date_vn_is_utc_plus_7),
        cmocka_unit_test(test_str_copy_never_cuts_a_character),
        cmocka_unit_test(test_str_to_i64_is_strict),
        cmocka_unit_test(test_buf_and_arena),
        cmocka_unit_test(test_alloc_failure_is_reported),
        cmocka_unit_test(test_error_messages_in_two_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
