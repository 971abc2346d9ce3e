/*
 * test_compliance_service.c -- the compliance check over a real database:
 * trips filed through the trips' use cases with their steps dated in the
 * past, then checked as of several dates, in several scopes and as
 * several roles; the rule set of a subtree changing a deadline; the
 * headline count of members abroad without an arrangement.
 */
#include "testutil.h"
#include "fixtures.h"

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/compliance.h"
#include "service/service.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/compliance_store.h"
#include "store/store.h"

#define NOW_UNIX 1795400000 /* 2026-11-23T02:13:20Z: Monday 23 November in Vietnam */

static date_t D(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    unit top, cell_a, cell_b, jp;
    member an, chi, binh;
} fx;

static unit make_unit(fx *f, const char *kind, const char *code, int64_t parent,
                      const char *country)
{
    return fx_unit(&f->s, kind, code, parent, country, NULL);
}

static member make_member(fx *f, const char *name, const char *birth, const char *cccd,
                          int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = "M",
                       .birth_date = birth,
                       .cccd = cccd,
                       .admitted_on = "2010-05-19",
                       .unit_id = unit_id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_create(&f->s, &in, &m, &errs), ST_OK);
    errlist_free(&errs);
    return m;
}

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    f->top = make_unit(f, "committee", "HN", 0, NULL);
    unit g = make_unit(f, "grassroots", "HN.G1", f->top.id, NULL);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", g.id, NULL);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", g.id, NULL);
    unit nn = make_unit(f, "committee", "NN", 0, NULL);
    unit nng = make_unit(f, "grassroots", "NN.G", nn.id, NULL);
    f->jp = make_unit(f, "cell", "NN.JP.1", nng.id, "JP");
    f->an = make_member(f, "Đặng Văn An", "1985-03-14", "001085012345", f->cell_a.id);
    f->chi = make_member(f, "Lê Văn Chi", "1990-01-02", "001090012345", f->cell_a.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "1986-04-01", "001086012345", f->cell_b.id);
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

/* A tourism trip to `country` from dep to ret, taken through its steps by
 * the operator with each step on its own day: submitted 15 days before
 * departure, agreed 12, approved 10; departed on dep; back on `back`
 * (NULL: still abroad). */
static int64_t trip_taken(fx *f, const member *m, const char *country, const char *dep,
                          const char *ret, const char *back)
{
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    return fx_trip_taken(&f->s, m->id, "tourism", country, dep, ret, back);
}

static compliance_report check_as(fx *f, const actor *who, int64_t unit_id, const char *as_of)
{
    svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX);
    compliance_report r;
    error e = {0};
    status st = svc_compliance_check(&f->s, unit_id, as_of ? D(as_of) : DATE_NONE, &r, &e);
    if (st != ST_OK)
        fail_msg("check: %s", e.code);
    return r;
}

static const compliance_finding *find(const compliance_report *r, const char *code,
                                      int64_t member_id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].rule->code, code) == 0 && r->items[i].item.member_id == member_id)
            return &r->items[i];
    return NULL;
}

/* Back on Friday 13 February 2026 without a report: due Tuesday 3 March
 * (Tết in between); the check as of 3 March owes it, as of 4 March it is
 * a violation, and today (November) still. */
static void test_check_finds_a_missing_report_across_tet(void **state)
{
    fx *f = *state;
    int64_t id = trip_taken(f, &f->an, "KR", "2026-02-05", "2026-02-13", "2026-02-13");
    compliance_report r = check_as(f, &svc_operator, 0, "2026-03-03");
    const compliance_finding *x = find(&r, "trip.report_due", f->an.id);
    assert_non_null(x);
    assert_false(x->violation);
    assert_int_equal(x->item.trip_id, id);
    assert_int_equal(x->item.due, D("2026-03-03"));
    assert_int_equal(r.n_violations, 0);

    r = check_as(f, &svc_operator, 0, "2026-03-04");
    x = find(&r, "trip.report_due", f->an.id);
    assert_non_null(x);
    assert_true(x->violation);
    assert_int_equal(x->item.since, D("2026-03-04"));
    assert_int_equal(r.n_violations, 1);
    assert_int_equal(r.members_checked, 1);

    r = check_as(f, &svc_operator, 0, NULL);
    assert_int_equal(r.as_of, D("2026-11-23"));
    assert_non_null(find(&r, "trip.report_due", f->an.id));
    /* As of before the trip was filed, nothing was known. */
    r = check_as(f, &svc_operator, 0, "2026-01-10");
    assert_int_equal(r.n, 0);
}

/* A longer deadline for the subtree from a date: 15 calendar days. */
static void test_check_follows_the_rule_set_of_the_subtree(void **state)
{
    fx *f = *state;
    trip_taken(f, &f->an, "KR", "2026-02-23", "2026-03-01", "2026-03-02");
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    error e = {0};
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    errlist errs;
    errlist_init(&errs, 0);
    trip_when w = {.today = D("2026-01-01"), .at = "2026-01-01T00:00:00Z"};
    rule_set_input in = {.unit_id = f->cell_a.id,
                         .effective_from = "2026-01-01",
                         .report_days = 15,
                         .report_in_calendar_days = 1,
                         .return_grace_workdays = -1,
                         .review_blocks_approval = -1,
                         .group_min_months = -1,
                         .group_min_members = -1,
                         .temp_transfer_months = -1,
                         .official_transfer_months = -1,
                         .official_transfer_strict = -1,
                         .transfer_receive_workdays = -1,
                         .probation_reminder_days = -1};
    rule_set out;
    if (svc_rule_set_add_tx(&f->s, &w, &in, &out, &errs) != ST_OK)
        fail_msg("rule set: %s", errs.items[0].code);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
    /* Back 2 March + 15 calendar days = 17 March (7 working days: 11 March). */
    compliance_report r = check_as(f, &svc_operator, 0, "2026-03-17");
    const compliance_finding *x = find(&r, "trip.report_due", f->an.id);
    assert_non_null(x);
    assert_false(x->violation);
    assert_int_equal(x->item.due, D("2026-03-17"));
    r = check_as(f, &svc_operator, 0, "2026-03-18");
    assert_true(find(&r, "trip.report_due", f->an.id)->violation);
}

/* Six months in Japan (units there) and in Mongolia (none), no transfer:
 * both abroad without an arrangement; scoped by unit and by role. */
static void test_check_counts_members_abroad_without_arrangement(void **state)
{
    fx *f = *state;
    trip_taken(f, &f->chi, "JP", "2026-09-01", "2027-03-01", NULL);
    trip_taken(f, &f->binh, "MN", "2026-09-01", "2027-03-01", NULL);
    compliance_report r = check_as(f, &svc_operator, 0, "2026-10-01");
    assert_int_equal(r.members_checked, 2);
    assert_int_equal(r.members_abroad, 2);
    assert_int_equal(r.abroad_without_arrangement, 2);
    assert_true(find(&r, "arrangement.temporary_transfer", f->chi.id)->violation);
    assert_true(find(&r, "arrangement.single", f->binh.id)->violation);
    assert_int_equal(r.n_violations, 2);
    assert_true(r.items[0].violation && r.items[1].violation); /* violations first */

    /* Cell A's subtree: Chi only. */
    r = check_as(f, &svc_operator, f->cell_a.id, "2026-10-01");
    assert_int_equal(r.members_checked, 1);
    assert_null(find(&r, "arrangement.single", f->binh.id));

    /* A secretary of cell B sees Bình only; a member account, itself. */
    actor sec_b = {.user_id = 22,
                   .label = "bithu.b",
                   .scope_path = f->cell_b.path,
                   .role = ROLE_SECRETARY,
                   .unit_id = f->cell_b.id};
    r = check_as(f, &sec_b, 0, "2026-10-01");
    assert_int_equal(r.members_checked, 1);
    assert_non_null(find(&r, "arrangement.single", f->binh.id));
    actor chi = {.user_id = 20,
                 .label = "chi",
                 .scope_path = f->cell_a.path,
                 .role = ROLE_MEMBER,
                 .member_id = f->chi.id,
                 .unit_id = f->cell_a.id};
    r = check_as(f, &chi, 0, "2026-10-01");
    assert_int_equal(r.members_checked, 1);
    assert_non_null(find(&r, "arrangement.temporary_transfer", f->chi.id));

    /* Another cell's unit is not the secretary's to check. */
    svc_init(&f->s, f->c, &f->a, &sec_b, LANG_VI, NOW_UNIX);
    error e = {0};
    assert_int_equal(svc_compliance_check(&f->s, f->cell_a.id, DATE_NONE, &r, &e), ST_NOT_FOUND);
    assert_int_equal(r.n, 0);
}

static void test_check_refuses_a_date_outside_the_calendar(void **state)
{
    fx *f = *state;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    compliance_report r;
    error e = {0};
    assert_int_equal(svc_compliance_check(&f->s, 0, D("1990-01-01"), &r, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
    assert_string_equal(e.field, "as_of");
}

/* The scan keeps each violation as one alert, opens none twice, and
 * resolves an alert when its violation is gone. */
static void test_scan_keeps_alerts_without_duplicates(void **state)
{
    fx *f = *state;
    int64_t id = trip_taken(f, &f->an, "KR", "2026-02-05", "2026-02-13", "2026-02-13");
    trip_taken(f, &f->binh, "MN", "2026-09-01", "2027-03-01", NULL);
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    alert_scan_report a;
    error e = {0};
    assert_int_equal(svc_alerts_scan(&f->s, 0, &a, &e), ST_OK);
    assert_int_equal(a.opened, 2); /* the report, single guidance */
    assert_int_equal(a.resolved, 0);
    assert_int_equal(a.open, 2);
    assert_int_equal(svc_alerts_scan(&f->s, 0, &a, &e), ST_OK);
    assert_int_equal(a.opened, 0);
    assert_int_equal(a.open, 2);

    /* An files the report: its alert resolves, Bình's stays. */
    trip_view v;
    assert_int_equal(svc_trip_get(&f->s, id, &v, &e), ST_OK);
    errlist errs;
    errlist_init(&errs, 0);
    trip_step step = {.text = "Chuyến đi an toàn, không có gì phải báo cáo thêm."};
    actor sec_a = {.user_id = 21,
                   .label = "bithu.a",
                   .scope_path = f->cell_a.path,
                   .role = ROLE_SECRETARY,
                   .unit_id = f->cell_a.id};
    svc_init(&f->s, f->c, &f->a, &sec_a, LANG_VI, NOW_UNIX);
    if (svc_trip_act(&f->s, id, v.t.version, TRIP_SUBMIT_REPORT, &step, &v, &errs) != ST_OK)
        fail_msg("report: %s", errs.items[0].code);
    errlist_free(&errs);
    /* A secretary may not run the scan. */
    assert_int_equal(svc_alerts_scan(&f->s, 0, &a, &e), ST_FORBIDDEN);

    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    assert_int_equal(svc_alerts_scan(&f->s, 0, &a, &e), ST_OK);
    assert_int_equal(a.opened, 0);
    assert_int_equal(a.resolved, 1);
    assert_int_equal(a.open, 1);

    /* The list keeps the resolved one with its time; one is open. */
    store_alert *items;
    size_t n;
    bool more;
    assert_int_equal(store_alerts_list(f->s.db, &f->a, "/", true, 0, 0, 10, &items, &n, &more, &e),
                     ST_OK);
    assert_int_equal(n, 2);
    int open = 0;
    for (size_t i = 0; i < n; i++)
        open += items[i].resolved_at == NULL;
    assert_int_equal(open, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check_finds_a_missing_report_across_tet, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check_follows_the_rule_set_of_the_subtree, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check_counts_members_abroad_without_arrangement, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check_refuses_a_date_outside_the_calendar, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scan_keeps_alerts_without_duplicates, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
