/*
 * test_calendar_service.c -- the calendar's use cases over a real database:
 * the stored overrides change the days off and the working-day arithmetic
 * (a make-up working Saturday, an extra day off), only an administrator of
 * the whole installation changes them, every refused change leaves the
 * table and the audit trail as they were, and each accepted one is audited
 * in its own transaction. Also the ranges, the lunar calendar both ways
 * without a database, and reading by every role.
 */
#include "testutil.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/calendar.h"
#include "service/service.h"
#include "store/internal.h"

#define T0 1795400000 /* 2026-11-22 */

/* Actors other than the operator. */
static const actor global_admin = {
    .user_id = 7, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN, .ip = "10.0.0.7"};
static const actor unit_admin = {
    .user_id = 8, .label = "quantri-tinh", .scope_path = "/1/", .role = ROLE_ADMIN, .unit_id = 1};
static const actor global_auditor = {
    .user_id = 9, .label = "kiemtra", .scope_path = "/", .role = ROLE_AUDITOR};
static const actor secretary = {
    .user_id = 10, .label = "bithu", .scope_path = "/1/", .role = ROLE_SECRETARY, .unit_id = 1};
static const actor officer = {
    .user_id = 11, .label = "canbo", .scope_path = "/", .role = ROLE_OFFICER};

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
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, T0);
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

/* Act as `who` from now on. */
static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, T0); }

static date_t D(const char *iso)
{
    date_t d;
    assert_true(date_parse(iso, &d));
    return d;
}

static const char *iso(date_t d)
{
    static char buf[DATE_ISO_LEN];
    date_format(d, buf);
    return buf;
}

/* One text value of a query (the first column of the first row). */
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

/* Everything a change could touch: the overrides and the audit trail. */
static char *snapshot(fx *f)
{
    return arena_printf(
        &f->a, "%s|%s",
        query_text(f, "SELECT group_concat(date || ',' || kind || ',' || coalesce(name, '') || ','"
                      " || created_by, ';') FROM (SELECT * FROM calendar_overrides ORDER BY date)"),
        query_text(f, "SELECT count(*) || ':' || coalesce(max(hash), '') FROM audit_log"));
}

static status add(fx *f, const char *date, const char *kind, const char *name, errlist *errs)
{
    calendar_override_input in = {date, kind, name};
    calendar_override_record out;
    return svc_calendar_override_add(&f->s, &in, &out, errs);
}

static void add_ok(fx *f, const char *date, const char *kind, const char *name)
{
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(add(f, date, kind, name, &errs), ST_OK);
    assert_int_equal(errs.len, 0);
    errlist_free(&errs);
}

/* The add is refused with `st` and `code` on `field`, and changes nothing. */
static void add_refused(fx *f, const char *date, const char *kind, const char *name, status st,
                        const char *code, const char *field)
{
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(add(f, date, kind, name, &errs), st);
    assert_true(errs.len >= 1);
    assert_string_equal(errs.items[0].code, code);
    assert_string_equal(errs.items[0].field, field);
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static date_t add_workdays(fx *f, const char *from, int n)
{
    date_t out = DATE_NONE;
    error e = {0};
    assert_int_equal(svc_calendar_add_workdays(&f->s, D(from), n, &out, &e), ST_OK);
    return out;
}

/* ---- the overrides change the working days ---- */

static void test_computed_calendar_without_overrides(void **state)
{
    fx *f = *state;
    calendar_day *days;
    size_t n;
    error e;
    assert_int_equal(svc_calendar_holidays(&f->s, 2026, &days, &n, &e), ST_OK);
    assert_int_equal(n, 13);
    assert_string_equal(iso(days[0].date), "2026-01-01");
    assert_string_equal(iso(days[3].date), "2026-02-17"); /* Tết, 1/1 lunar */
    assert_string_equal(days[3].name_vi, "Tết Nguyên đán");
    assert_int_equal(days[3].kind, CALENDAR_HOLIDAY);
    assert_string_equal(iso(days[8].date), "2026-04-27"); /* Hùng Kings' day was a Sunday */
    assert_int_equal(days[8].kind, CALENDAR_COMPENSATORY);
    /* Friday before Tết, one working day on: the Monday after the break. */
    assert_string_equal(iso(add_workdays(f, "2026-02-13", 1)), "2026-02-23");
}

static void test_make_up_saturday_brings_the_deadline_forward(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-21", "working_day", "Làm bù cho ngày 20/2");
    assert_string_equal(iso(add_workdays(f, "2026-02-13", 1)), "2026-02-21");
    assert_string_equal(iso(add_workdays(f, "2026-02-13", 2)), "2026-02-23");
    /* n = 0 on the Saturday itself: it is a working day now. */
    assert_string_equal(iso(add_workdays(f, "2026-02-21", 0)), "2026-02-21");
    bool work = false;
    error e;
    assert_int_equal(svc_calendar_is_workday(&f->s, D("2026-02-21"), &work, &e), ST_OK);
    assert_true(work);
    assert_int_equal(svc_calendar_is_workday(&f->s, D("2026-02-28"), &work, &e), ST_OK);
    assert_false(work); /* other Saturdays stay off */
}

static void test_extra_day_off_pushes_the_deadline_back(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-23", "day_off", "Nghỉ thêm theo thông báo của Chính phủ");
    assert_string_equal(iso(add_workdays(f, "2026-02-13", 1)), "2026-02-24");
    calendar_day *days;
    size_t n;
    error e;
    assert_int_equal(svc_calendar_holidays(&f->s, 2026, &days, &n, &e), ST_OK);
    assert_int_equal(n, 14);
    assert_string_equal(iso(days[7].date), "2026-02-23");
    assert_int_equal(days[7].kind, CALENDAR_ANNOUNCED);
    assert_string_equal(days[7].name_vi, "Nghỉ thêm theo thông báo của Chính phủ");
    assert_string_equal(days[7].name_en, days[7].name_vi);
}

static void test_working_day_override_removes_a_computed_day_off(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-09-03", "working_day", NULL);
    calendar_day *days;
    size_t n;
    error e;
    assert_int_equal(svc_calendar_holidays(&f->s, 2026, &days, &n, &e), ST_OK);
    assert_int_equal(n, 12);
    assert_string_equal(iso(days[n - 1].date), "2026-09-02");
    assert_string_equal(iso(add_workdays(f, "2026-09-02", 0)), "2026-09-03");
}

static void test_removing_an_override_restores_the_computed_calendar(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-21", "working_day", "Làm bù");
    calendar_override_record gone;
    error e;
    assert_int_equal(svc_calendar_override_remove(&f->s, "2026-02-21", &gone, &e), ST_OK);
    assert_string_equal(iso(gone.date), "2026-02-21");
    assert_int_equal(gone.kind, CALENDAR_WORKING_DAY);
    assert_string_equal(gone.name, "Làm bù");
    assert_string_equal(iso(add_workdays(f, "2026-02-13", 1)), "2026-02-23");
    char *before = snapshot(f);
    assert_int_equal(svc_calendar_override_remove(&f->s, "2026-02-21", NULL, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "calendar_override_not_found");
    assert_string_equal(e.field, "date");
    assert_string_equal(snapshot(f), before);
}

static void test_list_of_a_year_in_date_order_with_who_and_when(void **state)
{
    fx *f = *state;
    as(f, &global_admin);
    add_ok(f, "2026-09-01", "day_off", "Nghỉ Quốc khánh");
    add_ok(f, "2026-02-21", "working_day", "");
    add_ok(f, "2027-01-02", "working_day", "Làm bù");
    calendar_override_record *rows;
    size_t n;
    error e;
    assert_int_equal(svc_calendar_overrides(&f->s, 2026, &rows, &n, &e), ST_OK);
    assert_int_equal(n, 2);
    assert_string_equal(iso(rows[0].date), "2026-02-21");
    assert_string_equal(rows[0].name, "");
    assert_string_equal(iso(rows[1].date), "2026-09-01");
    assert_int_equal(rows[1].kind, CALENDAR_DAY_OFF);
    assert_string_equal(rows[1].created_by, "quantri");
    assert_string_equal(rows[1].created_at, f->s.now);
}

/* ---- who may change them ---- */

static void test_only_an_installation_administrator_changes_overrides(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-21", "working_day", "Làm bù");
    const actor *refused[] = {&unit_admin, &global_auditor, &secretary, &officer};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        as(f, refused[i]);
        add_refused(f, "2026-02-28", "working_day", "Làm bù", ST_FORBIDDEN, "forbidden", "");
        char *before = snapshot(f);
        error e = {0};
        assert_int_equal(svc_calendar_override_remove(&f->s, "2026-02-21", NULL, &e), ST_FORBIDDEN);
        assert_string_equal(e.code, "forbidden");
        calendar_override_record *rows;
        size_t n;
        assert_int_equal(svc_calendar_overrides(&f->s, 2026, &rows, &n, &e), ST_FORBIDDEN);
        assert_string_equal(snapshot(f), before);
    }
    as(f, &global_admin);
    add_ok(f, "2026-02-28", "working_day", "Làm bù");
}

static void test_every_role_reads_the_calendar(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-21", "working_day", "Làm bù");
    const actor *readers[] = {&secretary, &officer, &global_auditor, &unit_admin};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        as(f, readers[i]);
        assert_string_equal(iso(add_workdays(f, "2026-02-13", 1)), "2026-02-21");
        calendar_day *days;
        size_t n;
        error e;
        assert_int_equal(svc_calendar_holidays(&f->s, 2026, &days, &n, &e), ST_OK);
        assert_int_equal(n, 13);
    }
}

/* ---- refusals change nothing ---- */

static void test_invalid_overrides_are_refused_and_change_nothing(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-23", "day_off", "Nghỉ thêm");
    add_refused(f, NULL, "day_off", "Nghỉ", ST_INVALID, "required", "date");
    add_refused(f, "2026-02-30", "day_off", "Nghỉ", ST_INVALID, "date_invalid", "date");
    add_refused(f, "23/02/2026", "day_off", "Nghỉ", ST_INVALID, "date_invalid", "date");
    add_refused(f, "2026-02-24", NULL, "Nghỉ", ST_INVALID, "required", "kind");
    add_refused(f, "2026-02-24", "holiday", "Nghỉ", ST_INVALID, "calendar_override_kind", "kind");
    add_refused(f, "2026-02-24", "day_off", NULL, ST_INVALID, "calendar_override_name_required",
                "name");
    add_refused(f, "2026-02-24", "day_off", "   ", ST_INVALID, "calendar_override_name_required",
                "name");
    add_refused(f, "1990-02-03", "day_off", "Nghỉ", ST_INVALID, "calendar_out_of_range", "date");
    add_refused(f, "2026-02-23", "working_day", NULL, ST_CONFLICT, "calendar_override_duplicate",
                "date");
    add_refused(f, "2026-02-24", "day_off", "Nghỉ\x07", ST_INVALID, "text_control", "name");
    char long_name[LIMIT_CALENDAR_NAME_BYTES + 2];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    add_refused(f, "2026-02-24", "day_off", long_name, ST_INVALID,
                "calendar_override_name_too_long", "name");
}

static void test_every_problem_is_reported_at_once(void **state)
{
    fx *f = *state;
    errlist errs;
    errlist_init(&errs, 0);
    char *before = snapshot(f);
    assert_int_equal(add(f, "2026-13-01", "x", NULL, &errs), ST_INVALID);
    assert_int_equal(errs.len, 2);
    assert_string_equal(errs.items[0].field, "date");
    assert_string_equal(errs.items[1].field, "kind");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void test_name_is_stored_nfc_with_spaces_collapsed(void **state)
{
    fx *f = *state;
    /* "Nghỉ" with a decomposed ỉ (i + combining hook above), extra spaces. */
    add_ok(f, "2026-02-23", "day_off", "  Nghi\xcc\x89   thêm ");
    assert_string_equal(query_text(f, "SELECT name FROM calendar_overrides"), "Nghỉ thêm");
}

/* ---- the audit trail ---- */

static void test_changes_are_audited_in_their_transaction(void **state)
{
    fx *f = *state;
    as(f, &global_admin);
    add_ok(f, "2026-02-21", "working_day", "Làm bù");
    error e;
    assert_int_equal(svc_calendar_override_remove(&f->s, "2026-02-21", NULL, &e), ST_OK);
    as(f, &svc_operator);
    audit_query q = {.action = "calendar.*"};
    audit_page p;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.items[0].action, "calendar.override_remove");
    assert_string_equal(p.items[0].actor, "quantri");
    assert_string_equal(p.items[0].ip, "10.0.0.7");
    assert_string_equal(p.items[0].scope_path, "/");
    assert_string_equal(p.items[0].record_type, "calendar_override");
    assert_string_equal(p.items[0].before,
                        "{\"date\":\"2026-02-21\",\"kind\":\"working_day\",\"name\":\"Làm bù\"}");
    assert_null(p.items[0].after);
    assert_string_equal(p.items[1].action, "calendar.override_add");
    assert_null(p.items[1].before);
    assert_string_equal(p.items[1].after,
                        "{\"date\":\"2026-02-21\",\"kind\":\"working_day\",\"name\":\"Làm bù\"}");
    audit_report r;
    assert_int_equal(svc_audit_verify(&f->s, &r, &e), ST_OK);
    assert_null(r.problem);
    assert_int_equal(r.entries, 2);
}

/* ---- ranges, the lunar calendar, the other services' view ---- */

static void test_ranges_name_their_field(void **state)
{
    fx *f = *state;
    date_t out = DATE_NONE;
    error e;
    assert_int_equal(svc_calendar_add_workdays(&f->s, D("2026-02-13"), -1, &out, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_period_range");
    assert_string_equal(e.field, "n");
    assert_int_equal(
        svc_calendar_add_workdays(&f->s, D("2026-02-13"), CALENDAR_PERIOD_MAX + 1, &out, &e),
        ST_INVALID);
    assert_int_equal(svc_calendar_add_workdays(&f->s, D("1994-12-30"), 1, &out, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
    assert_string_equal(e.field, "date");
    assert_int_equal(out, DATE_NONE);
    assert_int_equal(
        svc_calendar_add_workdays(&f->s, D("2026-02-13"), CALENDAR_PERIOD_MAX, &out, &e), ST_OK);
    calendar_day *days;
    size_t n;
    assert_int_equal(svc_calendar_holidays(&f->s, 1994, &days, &n, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_year_range");
    assert_string_equal(e.field, "year");
    calendar_override_record *rows;
    assert_int_equal(svc_calendar_overrides(&f->s, 2200, &rows, &n, &e), ST_INVALID);
    assert_string_equal(e.field, "year");
}

static void test_lunar_both_ways_without_a_database(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    svc s;
    svc_init(&s, NULL, &a, &svc_operator, LANG_VI, T0);
    lunar_date ld;
    error e;
    assert_int_equal(svc_calendar_lunar(&s, D("2023-03-23"), &ld, &e), ST_OK);
    assert_int_equal(ld.day, 2);
    assert_int_equal(ld.month, 2);
    assert_true(ld.leap);
    assert_int_equal(ld.year, 2023);
    date_t d;
    assert_int_equal(svc_calendar_solar(&s, &ld, &d, &e), ST_OK);
    assert_string_equal(iso(d), "2023-03-23");
    lunar_date tet = {.day = 1, .month = 1, .year = 2026};
    assert_int_equal(svc_calendar_solar(&s, &tet, &d, &e), ST_OK);
    assert_string_equal(iso(d), "2026-02-17");
    lunar_date no_leap = {.day = 1, .month = 3, .year = 2026, .leap = true};
    assert_int_equal(svc_calendar_solar(&s, &no_leap, &d, &e), ST_INVALID);
    assert_string_equal(e.code, "lunar_date_invalid");
    assert_string_equal(e.field, "lunar");
    lunar_date too_late = {.day = 1, .month = 1, .year = LUNAR_MAX_YEAR + 1};
    assert_int_equal(svc_calendar_solar(&s, &too_late, &d, &e), ST_INVALID);
    assert_string_equal(e.code, "lunar_out_of_range");
    arena_free(&a);
}

static void test_overrides_tx_gives_other_services_the_days_from_a_date(void **state)
{
    fx *f = *state;
    add_ok(f, "2026-02-21", "working_day", "Làm bù");
    add_ok(f, "2026-02-23", "day_off", "Nghỉ thêm");
    add_ok(f, "2025-12-27", "working_day", "Làm bù");
    calendar_override *ov;
    size_t n;
    error e;
    assert_int_equal(store_begin_read(f->s.db, &e), ST_OK);
    assert_int_equal(svc_calendar_overrides_tx(&f->s, D("2026-01-01"), &ov, &n, &e), ST_OK);
    store_rollback(f->s.db);
    assert_int_equal(n, 2);
    date_t out;
    assert_int_equal(calendar_add_workdays(D("2026-02-13"), 2, ov, n, &out, &e), ST_OK);
    assert_string_equal(iso(out), "2026-02-24");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_computed_calendar_without_overrides),
        T(test_make_up_saturday_brings_the_deadline_forward),
        T(test_extra_day_off_pushes_the_deadline_back),
        T(test_working_day_override_removes_a_computed_day_off),
        T(test_removing_an_override_restores_the_computed_calendar),
        T(test_list_of_a_year_in_date_order_with_who_and_when),
        T(test_only_an_installation_administrator_changes_overrides),
        T(test_every_role_reads_the_calendar),
        T(test_invalid_overrides_are_refused_and_change_nothing),
        T(test_every_problem_is_reported_at_once),
        T(test_name_is_stored_nfc_with_spaces_collapsed),
        T(test_changes_are_audited_in_their_transaction),
        T(test_ranges_name_their_field),
        T(test_lunar_both_ways_without_a_database),
        T(test_overrides_tx_gives_other_services_the_days_from_a_date),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
