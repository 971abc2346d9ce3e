/*
 * test_dashboard.c -- the dashboard over a real database: members abroad
 * on trips filed through the trips' use cases with their steps dated in
 * the past, transfers and exemptions through theirs; each figure checked
 * against a count of its own (SQL behind the services' back, the list
 * behind the figure, or what the scenario was built to hold); a figure
 * changing when the receiving cell's secretary receives a transfer; the
 * subtree by unit and by role; the refusals.
 */
#include "testutil.h"
#include "fixtures.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/compliance.h"
#include "service/dashboard.h"
#include "service/service.h"
#include "service/transfer.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/internal.h"
#include "store/store.h"

#define NOW_UNIX 1795400000 /* 2026-11-23, a Monday, 09:13 in Hà Nội */

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    unit tw, hn, cell_a, cell_b, bng, jp_org, jp_cell, fr_cell;
    member an, binh, chi, dung, em, giang, hung;
    int64_t binh_transfer, binh_transfer_version;
    actor officer_hn, sec_a, sec_jp, member_an, admin, auditor_hn;
} fx;

static date_t D(const char *s)
{
    date_t d;
    assert_true(date_parse(s, &d));
    return d;
}

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX); }

static unit make_unit(fx *f, const char *kind, const char *code, int64_t parent,
                      const char *country, const char *type)
{
    return fx_unit(&f->s, kind, code, parent, country, type);
}

static member make_member(fx *f, const char *name, const char *cccd, int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = "M",
                       .birth_date = "1985-03-14",
                       .cccd = cccd,
                       .admitted_on = "2010-05-19",
                       .unit_id = unit_id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_member_create(&f->s, &in, &m, &errs) != ST_OK)
        fail_msg("member %s: %s", name, errs.items[0].code);
    errlist_free(&errs);
    return m;
}

static actor staff(const char *label, int64_t id, role r, const unit *u)
{
    return (actor){
        .user_id = id, .label = label, .scope_path = u->path, .role = r, .unit_id = u->id};
}

/* A trip to `country`, its steps dated by the operator: submitted 15 days
 * before departure, approved 10 before, departed on dep; back on `back`
 * (NULL: still abroad). */
static void trip_taken(fx *f, const member *m, const char *purpose, const char *country,
                       const char *dep, const char *ret, const char *back)
{
    as(f, &svc_operator);
    fx_trip_taken(&f->s, m->id, purpose, country, dep, ret, back);
}

static transfer issue(fx *f, int64_t member_id, const char *kind, int64_t to, const char *on)
{
    as(f, &f->officer_hn);
    transfer_input in = {.member_id = member_id, .kind = kind, .to_unit_id = to, .issued_on = on};
    transfer x;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_issue(&f->s, &in, &x, &errs) != ST_OK)
        fail_msg("issue: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    return x;
}

static void grant(fx *f, int64_t member_id, const char *kind, const char *from, const char *to)
{
    as(f, &f->officer_hn);
    exemption_input in = {.member_id = member_id,
                          .kind = kind,
                          .reason = "Lao động ở nơi chưa có tổ chức đảng",
                          .decision_number = "15-QĐ/ĐU",
                          .starts_on = from,
                          .ends_on = to,
                          .decided_on = from};
    exemption x;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_exemption_grant(&f->s, &in, &x, &errs) != ST_OK)
        fail_msg("grant: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
}

/* The tree: TW > HN > HN.G1 > cells A, B; TW > BNG (the overseas
 * committee) > a students' organization in Japan with its cell, a workers'
 * cell in France. Mongolia has no unit.
 *
 * Today, Monday 23 November 2026:
 *   An     (A) studies in Japan a year from 1 June, no arrangement
 *   Bình   (A) studies in Japan five months; a temporary transfer to the
 *              Tokyo cell issued on 16 November, in transit
 *   Chi    (B) back from France on 5 November, no report: overdue
 *   Dũng   (B) back from France on 20 November, no report: due
 *   Em     (A) works in Mongolia a year; a temporary exemption ended
 *              on 1 November: expired while abroad, no arrangement
 *   Giang  (B) in Mongolia five months, exempted until 10 December
 *   Hùng   (A) an official transfer to the French cell issued on
 *              1 September, never received: overdue */
static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    as(f, &svc_operator);
    f->tw = make_unit(f, "committee", "TW", 0, NULL, NULL);
    f->hn = make_unit(f, "committee", "HN", f->tw.id, NULL, NULL);
    unit g = make_unit(f, "grassroots", "HN.G1", f->hn.id, NULL, NULL);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", g.id, NULL, NULL);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", g.id, NULL, NULL);
    f->bng = make_unit(f, "committee", "BNG", f->tw.id, NULL, NULL);
    f->jp_org = make_unit(f, "grassroots", "BNG.JP", f->bng.id, "JP", "students");
    f->jp_cell = make_unit(f, "cell", "BNG.JP.TK", f->jp_org.id, "JP", "students");
    unit fr = make_unit(f, "grassroots", "BNG.FR", f->bng.id, "FR", "workers");
    f->fr_cell = make_unit(f, "cell", "BNG.FR.P", fr.id, "FR", "workers");
    f->an = make_member(f, "Đặng Văn An", "001085012345", f->cell_a.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "001085012346", f->cell_a.id);
    f->chi = make_member(f, "Lê Văn Chi", "001085012347", f->cell_b.id);
    f->dung = make_member(f, "Trần Văn Dũng", "001085012348", f->cell_b.id);
    f->em = make_member(f, "Phạm Văn Em", "001085012349", f->cell_a.id);
    f->giang = make_member(f, "Hoàng Văn Giang", "001085012350", f->cell_b.id);
    f->hung = make_member(f, "Vũ Văn Hùng", "001085012351", f->cell_a.id);
    f->officer_hn = staff("canbo.hn", 30, ROLE_OFFICER, &f->hn);
    f->auditor_hn = staff("kiemtra.hn", 31, ROLE_AUDITOR, &f->hn);
    f->sec_a = staff("bithu.a", 32, ROLE_SECRETARY, &f->cell_a);
    f->sec_jp = staff("bithu.tokyo", 34, ROLE_SECRETARY, &f->jp_cell);
    f->member_an = (actor){.user_id = 35,
                           .label = "an",
                           .scope_path = f->cell_a.path,
                           .role = ROLE_MEMBER,
                           .member_id = f->an.id,
                           .unit_id = f->cell_a.id};
    f->admin = (actor){.user_id = 36, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN};

    trip_taken(f, &f->an, "tourism", "JP", "2026-06-01", "2027-06-01", NULL);
    trip_taken(f, &f->binh, "tourism", "JP", "2026-08-03", "2027-01-08", NULL);
    trip_taken(f, &f->chi, "tourism", "FR", "2026-10-20", "2026-11-05", "2026-11-05");
    trip_taken(f, &f->dung, "tourism", "FR", "2026-11-08", "2026-11-20", "2026-11-20");
    trip_taken(f, &f->em, "tourism", "MN", "2026-05-04", "2027-05-03", NULL);
    trip_taken(f, &f->giang, "tourism", "MN", "2026-10-01", "2027-03-01", NULL);
    transfer x = issue(f, f->binh.id, "temporary", f->jp_cell.id, "2026-11-16");
    f->binh_transfer = x.id;
    f->binh_transfer_version = x.version;
    issue(f, f->hung.id, "official", f->fr_cell.id, "2026-09-01");
    grant(f, f->em.id, "temporary", "2026-05-04", "2026-11-01");
    grant(f, f->giang.id, "full", "2026-10-01", "2026-12-10");
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

/* ---- counting behind the services' back ---- */

static int64_t count(fx *f, const char *q, const char *scope)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s.db->h, q, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_text(st, 1, scope, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

#define IN_SCOPE(col) " substr(" col ", 1, length(?1)) = ?1"

static int64_t sql_trips_open(fx *f, const char *scope)
{
    return count(f,
                 "SELECT count(*) FROM trips t JOIN members m ON m.id = t.member_id WHERE" IN_SCOPE(
                     "m.unit_path") " AND t.state IN ('submitted', 'opinion_given', 'approved',"
                                    " 'departed', 'extension_requested', 'returned',"
                                    " 'report_submitted', 'report_reviewed')",
                 scope);
}

static int64_t sql_abroad(fx *f, const char *scope)
{
    return count(f,
                 "SELECT count(DISTINCT t.member_id) FROM trips t JOIN members m ON m.id ="
                 " t.member_id WHERE" IN_SCOPE("m.unit_path") " AND t.actual_departure <="
                                                              " '2026-11-23' AND t.actual_return"
                                                              " IS NULL",
                 scope);
}

static int64_t sql_in_transit(fx *f, const char *scope)
{
    return count(f,
                 "SELECT count(*) FROM transfers x JOIN members m ON m.id = x.member_id JOIN"
                 " units a ON a.id = x.from_unit_id JOIN units b ON b.id = x.to_unit_id WHERE"
                 " x.state = 'issued' AND (" IN_SCOPE("m.unit_path") " OR" IN_SCOPE(
                     "a.path") " OR" IN_SCOPE("b.path") ")",
                 scope);
}

static int64_t sql_exemptions(fx *f, const char *scope, const char *cond)
{
    char q[512];
    int n = snprintf(q, sizeof q,
                     "SELECT count(*) FROM exemptions e JOIN members m ON m.id = e.member_id"
                     " WHERE substr(m.unit_path, 1, length(?1)) = ?1 AND e.revoked_on IS NULL"
                     " AND %s",
                     cond);
    assert_true(n > 0 && (size_t)n < sizeof q);
    return count(f, q, scope);
}

/* ---- helpers over the dashboard ---- */

static dashboard board(fx *f, const actor *who, int64_t unit_id)
{
    as(f, who);
    dashboard d;
    error e = {0};
    if (svc_dashboard(&f->s, unit_id, &d, &e) != ST_OK)
        fail_msg("dashboard: %s", e.code);
    return d;
}

static int64_t country_n(const dashboard *d, const char *c)
{
    for (size_t i = 0; i < d->n_abroad_by_country; i++)
        if (strcmp(d->abroad_by_country[i].country, c) == 0)
            return d->abroad_by_country[i].n;
    return 0;
}

static int64_t type_n(const dashboard *d, const char *t)
{
    for (size_t i = 0; i < d->n_abroad_by_cell_type; i++) {
        const dashboard_cell_type *c = &d->abroad_by_cell_type[i];
        if ((t == NULL && c->cell_type == NULL) ||
            (t && c->cell_type && strcmp(c->cell_type, t) == 0))
            return c->n;
    }
    return 0;
}

static int64_t rule_n(const dashboard *d, const char *rule)
{
    for (size_t i = 0; i < d->n_violations_by_rule; i++)
        if (strcmp(d->violations_by_rule[i].rule, rule) == 0)
            return d->violations_by_rule[i].n;
    return 0;
}

/* The figures from the engine equal the list behind them (GET /compliance). */
static void matches_compliance(fx *f, const actor *who, int64_t unit_id, const dashboard *d)
{
    as(f, who);
    compliance_report r;
    error e = {0};
    assert_int_equal(svc_compliance_check(&f->s, unit_id, DATE_NONE, &r, &e), ST_OK);
    assert_int_equal(d->violations, (int64_t)r.n_violations);
    assert_int_equal(d->obligations, (int64_t)(r.n - r.n_violations));
    assert_int_equal(d->abroad_now, r.members_abroad);
    assert_int_equal(d->abroad_without_arrangement, r.abroad_without_arrangement);
    int64_t sum = 0, due = 0, late = 0;
    for (size_t i = 0; i < d->n_violations_by_rule; i++)
        sum += d->violations_by_rule[i].n;
    for (size_t i = 0; i < r.n; i++)
        if (strcmp(r.items[i].rule->code, "trip.report_due") == 0)
            (*(r.items[i].violation ? &late : &due))++;
    assert_int_equal(sum, d->violations);
    assert_int_equal(d->reports_due, due);
    assert_int_equal(d->reports_overdue, late);
}

/* ---- the tests ---- */

/* The Hà Nội officer's dashboard: every figure against its own count. */
static void test_every_figure_of_the_officers_subtree(void **state)
{
    fx *f = *state;
    dashboard d = board(f, &f->officer_hn, 0);
    assert_int_equal(d.as_of, D("2026-11-23"));
    assert_int_equal(d.unit_id, f->hn.id);
    assert_string_equal(d.unit_code, "HN");

    /* Abroad: An and Bình in Japan, Em and Giang in Mongolia. */
    assert_int_equal(d.abroad_now, 4);
    assert_int_equal(d.abroad_now, sql_abroad(f, f->hn.path));
    assert_int_equal(d.n_abroad_by_country, 2);
    assert_int_equal(country_n(&d, "JP"), 2);
    assert_int_equal(country_n(&d, "MN"), 2);
    /* Bình's transfer is in transit: nobody attends a unit abroad yet. */
    assert_int_equal(d.n_abroad_by_cell_type, 1);
    assert_null(d.abroad_by_cell_type[0].cell_type);
    assert_string_equal(d.abroad_by_cell_type[0].name, "Chưa sinh hoạt ở nước ngoài");
    assert_int_equal(d.abroad_by_cell_type[0].n, 4);
    /* Without an arrangement: An (a year in Japan, nothing) and Em (his
     * exemption ended); Bình's letter and Giang's exemption cover them. */
    assert_int_equal(d.abroad_without_arrangement, 2);
    assert_int_equal(rule_n(&d, "arrangement.official_transfer"), 1);
    assert_int_equal(rule_n(&d, "exemption.expired"), 1);

    /* Six trips not closed: four abroad, two back without a report. */
    assert_int_equal(d.trips_in_progress, 6);
    assert_int_equal(d.trips_in_progress, sql_trips_open(f, f->hn.path));
    assert_int_equal(d.reports_due, 1);     /* Dũng, back on Friday */
    assert_int_equal(d.reports_overdue, 1); /* Chi, back on 5 November */
    assert_int_equal(rule_n(&d, "trip.report_due"), 1);

    /* Bình's and Hùng's letters; Hùng's 30 working days ran out in October. */
    assert_int_equal(d.transfers_pending, 2);
    assert_int_equal(d.transfers_pending, sql_in_transit(f, f->hn.path));
    assert_int_equal(d.transfers_overdue, 1);
    assert_int_equal(rule_n(&d, "transfer.not_received"), 1);

    assert_int_equal(d.exemptions_expiring, 1); /* Giang's, 10 December */
    assert_int_equal(
        d.exemptions_expiring,
        sql_exemptions(f, f->hn.path, "e.ends_on BETWEEN '2026-11-23' AND '2026-12-23'"));
    assert_int_equal(d.exemptions_expired, 1); /* Em's */
    assert_int_equal(d.exemptions_expired,
                     sql_exemptions(f, f->hn.path, "e.ends_on < '2026-11-23'"));

    matches_compliance(f, &f->officer_hn, 0, &d);
    /* Sorted: the largest count first. */
    for (size_t i = 1; i < d.n_violations_by_rule; i++)
        assert_true(d.violations_by_rule[i - 1].n >= d.violations_by_rule[i].n);
    for (size_t i = 0; i < d.n_violations_by_rule; i++)
        assert_non_null(d.violations_by_rule[i].rule_name);
}

/* Receiving Bình's letter in Tokyo: one transfer fewer in transit, and
 * one member abroad now attends a students' cell. */
static void test_receiving_a_transfer_changes_the_figures(void **state)
{
    fx *f = *state;
    dashboard before = board(f, &f->officer_hn, 0);
    dashboard tokyo = board(f, &f->sec_jp, 0);
    assert_int_equal(tokyo.unit_id, f->jp_cell.id);
    assert_int_equal(tokyo.transfers_pending, 1); /* addressed to the cell */
    assert_int_equal(tokyo.transfers_pending, sql_in_transit(f, f->jp_cell.path));
    assert_int_equal(tokyo.abroad_now, 0); /* Bình's record stays in Hà Nội */

    as(f, &f->sec_jp);
    transfer r;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_transfer_act(&f->s, f->binh_transfer, f->binh_transfer_version,
                                      TRANSFER_RECEIVE, "2026-11-20", NULL, &r, &errs),
                     ST_OK);
    errlist_free(&errs);

    dashboard after = board(f, &f->officer_hn, 0);
    assert_int_equal(after.transfers_pending, before.transfers_pending - 1);
    assert_int_equal(after.transfers_pending, sql_in_transit(f, f->hn.path));
    assert_int_equal(after.transfers_overdue, 1);
    assert_int_equal(after.abroad_now, before.abroad_now);
    assert_int_equal(type_n(&after, "students"), 1);
    assert_int_equal(type_n(&after, NULL), 3);
    assert_string_equal(after.abroad_by_cell_type[0].cell_type, "students");
    assert_string_equal(after.abroad_by_cell_type[0].name, "Lưu học sinh");
    assert_int_equal(after.abroad_without_arrangement, before.abroad_without_arrangement);
    matches_compliance(f, &f->officer_hn, 0, &after);

    tokyo = board(f, &f->sec_jp, 0);
    assert_int_equal(tokyo.transfers_pending, 0);

    /* In English, the type's English name. */
    svc_init(&f->s, f->c, &f->a, &f->officer_hn, LANG_EN, NOW_UNIX);
    dashboard en;
    error e = {0};
    assert_int_equal(svc_dashboard(&f->s, 0, &en, &e), ST_OK);
    assert_string_equal(en.abroad_by_cell_type[0].name, "Students");
}

/* A cell's subtree holds its members' figures only, by unit or by role. */
static void test_scope_by_unit_and_by_role(void **state)
{
    fx *f = *state;
    dashboard b = board(f, &f->officer_hn, f->cell_b.id);
    assert_int_equal(b.unit_id, f->cell_b.id);
    assert_int_equal(b.abroad_now, 1); /* Giang */
    assert_int_equal(country_n(&b, "MN"), 1);
    assert_int_equal(b.trips_in_progress, 3);
    assert_int_equal(b.trips_in_progress, sql_trips_open(f, f->cell_b.path));
    assert_int_equal(b.reports_due, 1);
    assert_int_equal(b.reports_overdue, 1);
    assert_int_equal(b.transfers_pending, 0);
    assert_int_equal(b.exemptions_expiring, 1);
    assert_int_equal(b.exemptions_expired, 0);
    assert_int_equal(b.abroad_without_arrangement, 0);
    matches_compliance(f, &f->officer_hn, f->cell_b.id, &b);

    /* Cell A's secretary sees cell A by default. */
    dashboard a = board(f, &f->sec_a, 0);
    assert_int_equal(a.unit_id, f->cell_a.id);
    assert_int_equal(a.abroad_now, 3);
    assert_int_equal(a.abroad_now, sql_abroad(f, f->cell_a.path));
    assert_int_equal(a.transfers_pending, 2);
    assert_int_equal(a.exemptions_expired, 1);
    assert_int_equal(a.abroad_without_arrangement, 2);
    matches_compliance(f, &f->sec_a, 0, &a);

    /* The two cells make the whole. */
    dashboard hn = board(f, &f->auditor_hn, 0);
    assert_int_equal(hn.abroad_now, a.abroad_now + b.abroad_now);
    assert_int_equal(hn.violations, a.violations + b.violations);
    assert_int_equal(hn.obligations, a.obligations + b.obligations);

    /* An administrator without a unit: the whole installation. */
    dashboard all = board(f, &f->admin, 0);
    assert_int_equal(all.unit_id, 0);
    assert_null(all.unit_code);
    assert_int_equal(all.abroad_now, sql_abroad(f, "/"));
    assert_int_equal(all.transfers_pending, sql_in_transit(f, "/"));
}

static void test_refusals(void **state)
{
    fx *f = *state;
    dashboard d;
    error e = {0};
    as(f, &f->member_an);
    assert_int_equal(svc_dashboard(&f->s, 0, &d, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "forbidden");
    assert_int_equal(d.abroad_now, 0);
    as(f, &f->officer_hn);
    assert_int_equal(svc_dashboard(&f->s, f->jp_cell.id, &d, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "unit_not_found");
    as(f, &f->sec_a);
    assert_int_equal(svc_dashboard(&f->s, f->cell_b.id, &d, &e), ST_NOT_FOUND);
    assert_int_equal(svc_dashboard(&f->s, 999999, &d, &e), ST_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_figure_of_the_officers_subtree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_receiving_a_transfer_changes_the_figures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scope_by_unit_and_by_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
