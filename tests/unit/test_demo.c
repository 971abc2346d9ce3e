/*
 * test_demo.c -- the demo data set: its size and shape, that every record
 * is consistent with DOMAIN.md, that it is the same on every run, that a
 * second load is refused and changes nothing, that the issue's search
 * examples find their member, and that the trips reach every state of the
 * lifecycle, show what goes wrong (late and missing reports, a member not
 * back, refusals, extensions, a member under review, a delegation of three)
 * and give each demo account work in its inbox.
 *
 * The demo is loaded once into a temporary database (group setup) for the
 * read-only tests; the determinism test loads a second database.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/str.h"
#include "service/dashboard.h"
#include "service/service.h"
#include "service/transfer.h"
#include "service/trip.h"
#include "text/text.h"

/* 2026-11-23T12:00:00Z: a fixed "now", so nothing depends on the clock. */
#define NOW_UNIX INT64_C(1795435200)
/* 2031-06-01T00:00:00Z: a later "now", to prove the demo ignores it. */
#define LATER_UNIX INT64_C(1938038400)

typedef struct fixture {
    char path[64];
    svc_conn *conn;
    arena a;
    svc s;
} fixture;

static fixture loaded; /* the demo, loaded once for the read-only tests */

static void db_open_at(fixture *f, int64_t now)
{
    snprintf(f->path, sizeof f->path, "/tmp/caunoi-test-demo-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    error e = {0};
    assert_int_equal(svc_conn_open(f->path, true, &f->conn, &e), ST_OK);
    f->a = (arena)ARENA_INIT;
    svc_init(&f->s, f->conn, &f->a, &svc_operator, LANG_VI, now);
}

static void db_open(fixture *f) { db_open_at(f, NOW_UNIX); }

static void db_close(fixture *f)
{
    svc_conn_close(f->conn);
    arena_free(&f->a);
    char side[80];
    unlink(f->path);
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
}

static void load_ok(fixture *f)
{
    error e = {0};
    status st = svc_demo_load(&f->s, &e);
    if (st != ST_OK)
        fail_msg("demo load: %s field=%s arg=%s", e.code, e.field, e.arg);
}

static int group_setup(void **state)
{
    (void)state;
    db_open(&loaded);
    load_ok(&loaded);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(&loaded);
    return 0;
}

/* Every member in creation order (ids are 1, 2, ... in a fresh database). */
static member *all_members(fixture *f, size_t *n)
{
    size_t cap = 512;
    member *m = arena_alloc_array(&f->a, cap, sizeof *m);
    assert_non_null(m);
    *n = 0;
    for (int64_t id = 1;; id++) {
        error e = {0};
        member one;
        status st = svc_member_get(&f->s, id, &one, &e);
        if (st == ST_NOT_FOUND)
            break;
        assert_int_equal(st, ST_OK);
        assert_true(*n < cap);
        m[(*n)++] = one;
    }
    return m;
}

static unit_page all_units(fixture *f)
{
    unit_page p;
    error e = {0};
    assert_int_equal(svc_unit_list_all(&f->s, &p, &e), ST_OK);
    return p;
}

static const unit *unit_by_id(const unit_page *p, int64_t id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].id == id)
            return &p->items[i];
    return NULL;
}

static void test_demo_has_the_tree_since_2025(void **state)
{
    (void)state;
    unit_page p = all_units(&loaded);
    assert_in_range(p.n, 100, 400);
    const char *codes[] = {"TW",  "CP", "CQD", "QH", "MTTW", "CATW", "QUTW",
                           "BNG", "HN", "HCM", "NA", "TN",   "DN"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        unit u;
        error e = {0};
        assert_int_equal(svc_unit_get_by_code(&loaded.s, codes[i], &u, &e), ST_OK);
        assert_int_equal(u.kind, UNIT_COMMITTEE);
    }
    unit tw, cp, bng;
    error e = {0};
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "TW", &tw, &e), ST_OK);
    assert_string_equal(tw.name, "Ban Chấp hành Trung ương");
    assert_int_equal(tw.parent_id, 0);
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "CP", &cp, &e), ST_OK);
    assert_int_equal(cp.parent_id, tw.id);
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "BNG", &bng, &e), ST_OK);
    assert_string_equal(bng.name, "Đảng bộ Bộ Ngoại giao");
    assert_int_equal(bng.parent_id, cp.id);
    /* no district level: a province's children are grassroots organizations */
    size_t grassroots_in_provinces = 0, cells = 0;
    for (size_t i = 0; i < p.n; i++) {
        const unit *u = &p.items[i];
        const unit *parent = unit_by_id(&p, u->parent_id);
        if (u->kind == UNIT_CELL) {
            cells++;
            assert_non_null(parent);
            assert_int_equal(parent->kind, UNIT_GRASSROOTS);
        }
        if (u->kind == UNIT_GRASSROOTS) {
            assert_non_null(parent);
            assert_int_equal(parent->kind, UNIT_COMMITTEE);
            if (parent->parent_id == tw.id)
                grassroots_in_provinces++;
        }
    }
    assert_true(grassroots_in_provinces >= 20);
    assert_true(cells >= 60);
}

static void test_demo_communes_and_merged_provinces_began_july_2025(void **state)
{
    (void)state;
    error e = {0};
    unit u;
    date_t july;
    assert_true(date_parse("2025-07-01", &july));
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "HN.BADINH", &u, &e), ST_OK);
    assert_string_equal(u.name, "Đảng bộ phường Ba Đình");
    assert_int_equal(u.founded_on, july);
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "HCM", &u, &e), ST_OK);
    assert_int_equal(u.founded_on, july);
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "HN", &u, &e), ST_OK);
    assert_int_equal(u.founded_on, DATE_NONE);
}

static void test_demo_abroad_covers_countries_and_cell_types(void **state)
{
    (void)state;
    unit_page p = all_units(&loaded);
    char countries[64][3];
    size_t nc = 0;
    const char *types[] = {"mission", "students", "workers", "business", "residents", "mixed"};
    bool type_seen[6] = {false};
    for (size_t i = 0; i < p.n; i++) {
        const unit *u = &p.items[i];
        if (!u->country[0]) {
            assert_null(u->cell_type);
            continue;
        }
        assert_non_null(u->cell_type); /* every unit abroad has a type */
        for (size_t t = 0; t < 6; t++)
            if (strcmp(u->cell_type, types[t]) == 0)
                type_seen[t] = true;
        bool known = false;
        for (size_t k = 0; k < nc; k++)
            known = known || strcmp(countries[k], u->country) == 0;
        if (!known) {
            assert_true(nc < 64);
            memcpy(countries[nc++], u->country, 3);
        }
    }
    assert_true(nc >= 10);
    for (size_t t = 0; t < 6; t++)
        if (!type_seen[t])
            fail_msg("overseas cell type %s unused", types[t]);
    unit u;
    error e = {0};
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "BNG.JP.LHS-TOKYO", &u, &e), ST_OK);
    assert_string_equal(u.name, "Chi bộ Lưu học sinh tại Tokyo");
    assert_string_equal(u.country, "JP");
    assert_string_equal(u.cell_type, "students");
    assert_int_equal(svc_unit_get_by_code(&loaded.s, "BNG.DE", &u, &e), ST_OK);
    assert_string_equal(u.name, "Đảng bộ Cơ quan đại diện Việt Nam tại Cộng hòa Liên bang Đức");
    assert_int_equal(u.kind, UNIT_GRASSROOTS);
}

static void test_demo_members_count_and_every_status(void **state)
{
    (void)state;
    size_t n;
    member *m = all_members(&loaded, &n);
    assert_in_range(n, 280, 320);
    size_t by_status[4] = {0}, abroad = 0, foreign = 0, with_email = 0;
    unit_page p = all_units(&loaded);
    for (size_t i = 0; i < n; i++) {
        by_status[m[i].status]++;
        const unit *u = unit_by_id(&p, m[i].unit_id);
        assert_non_null(u);
        /* Members sit in cells, but for single-member guidance by the
         * overseas committee. */
        if (u->kind != UNIT_CELL)
            assert_string_equal(u->code, "BNG");
        abroad += u->country[0] != '\0';
        foreign += m[i].born_abroad;
        with_email += m[i].email != NULL;
    }
    for (int st = MS_PROBATIONARY; st <= MS_DECEASED; st++)
        if (by_status[st] == 0)
            fail_msg("no member with status %s", member_status_name((member_status)st));
    assert_true(by_status[MS_OFFICIAL] > n / 2);
    assert_true(abroad >= 80 && abroad <= n - 100);
    assert_in_range(foreign, 1, 2);
    assert_true(with_email >= 50);
}

/* Sex, century and year in the CCCD agree with the record; the province
 * code is one of the 63 unless born abroad (then warned); CCCDs and cards
 * are unique; admission at 18 or older; official 12 months later. */
static void test_demo_members_are_consistent(void **state)
{
    (void)state;
    size_t n;
    member *m = all_members(&loaded, &n);
    for (size_t i = 0; i < n; i++) {
        const member *x = &m[i];
        int y, mo, d;
        date_to_ymd(x->birth_date, &y, &mo, &d);
        assert_in_range(y, 1950, 2004);
        assert_non_null(x->cccd);
        bool warn = false;
        error e = {0};
        if (cccd_check(x->cccd, x->sex, y, x->born_abroad, &warn, &e) != ST_OK)
            fail_msg("member %lld: %s", (long long)x->id, e.code);
        assert_int_equal(warn, x->born_abroad);
        if (x->born_abroad)
            assert_non_null(strstr(x->warnings, "cccd_foreign"));
        assert_int_equal(strlen(x->card_number), 8);
        assert_true(str_is_digits(x->card_number, 8));
        size_t rl = strlen(x->record_number);
        assert_in_range(rl, 7, 9);
        assert_true(str_is_digits(x->record_number, 6));
        assert_true(x->admitted_on >= date_add_years(x->birth_date, 18));
        if (x->official_on != DATE_NONE)
            assert_true(x->official_on >= date_add_months(x->admitted_on, 12));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(x->cccd, m[j].cccd);
            assert_string_not_equal(x->card_number, m[j].card_number);
        }
    }
}

/* ---- trips ---- */

/* Every trip of the load as `who` sees it, in the list's order. */
static trip_view *all_trips(fixture *f, const actor *who, size_t *n)
{
    svc s;
    svc_init(&s, f->conn, &f->a, who, LANG_VI, f == &loaded ? NOW_UNIX : LATER_UNIX);
    size_t cap = 256;
    trip_view *all = arena_alloc_array(&f->a, cap, sizeof *all);
    assert_non_null(all);
    *n = 0;
    trip_query q = {.limit = LIMIT_PAGE_MAX};
    do {
        trip_page page;
        error e = {0};
        assert_int_equal(svc_trip_list(&s, &q, &page, &e), ST_OK);
        for (size_t i = 0; i < page.n; i++) {
            assert_true(*n < cap);
            all[(*n)++] = page.items[i];
        }
        q.cursor = page.next_cursor;
    } while (q.cursor);
    return all;
}

static void test_demo_trips_reach_every_state(void **state)
{
    (void)state;
    size_t n;
    trip_view *t = all_trips(&loaded, &svc_operator, &n);
    assert_in_range(n, 30, 60);
    size_t by_state[TRIP_STATE_COUNT] = {0};
    bool purpose_seen[TRIP_PURPOSE_COUNT] = {false};
    const char *countries[32];
    size_t nc = 0;
    int first_year = 9999, last_year = 0;
    for (size_t i = 0; i < n; i++) {
        by_state[t[i].t.state]++;
        purpose_seen[t[i].t.purpose] = true;
        for (size_t c = 0; c < t[i].t.n_countries; c++) {
            bool known = false;
            for (size_t k = 0; k < nc; k++)
                known = known || strcmp(countries[k], t[i].t.countries[c]) == 0;
            if (!known && nc < 32)
                countries[nc++] = t[i].t.countries[c];
        }
        int y, m, d;
        date_to_ymd(t[i].t.planned_departure, &y, &m, &d);
        first_year = y < first_year ? y : first_year;
        last_year = y > last_year ? y : last_year;
    }
    for (int st = 0; st < TRIP_STATE_COUNT; st++)
        if (by_state[st] == 0)
            fail_msg("no demo trip in state %s", trip_state_name((trip_state)st));
    for (int p = 0; p < TRIP_PURPOSE_COUNT; p++)
        if (!purpose_seen[p])
            fail_msg("no demo trip for %s", trip_purpose_name((trip_purpose)p));
    assert_true(nc >= 12);
    assert_true(last_year - first_year >= 3);
}

static void test_demo_trips_show_what_goes_wrong(void **state)
{
    (void)state;
    size_t n;
    trip_view *t = all_trips(&loaded, &svc_operator, &n);
    size_t late_filed = 0, missing_report = 0, not_back = 0, extended = 0, ext_refused = 0,
           refused_review = 0, cell_disagreed = 0;
    int64_t delegation_trips = 0;
    for (size_t i = 0; i < n; i++) {
        const trip_view *v = &t[i];
        if (v->deadlines.report_late && v->t.report_submitted_on != DATE_NONE)
            late_filed++;
        if (v->deadlines.report_late && v->t.state == TRIP_RETURNED)
            missing_report++;
        not_back += v->deadlines.return_late;
        extended += v->t.extended_return != DATE_NONE;
        ext_refused += v->t.requested_return != DATE_NONE && v->t.extended_return == DATE_NONE &&
                       v->t.state != TRIP_EXTENSION_REQUESTED;
        refused_review += v->t.state == TRIP_REFUSED && v->under_review;
        cell_disagreed += v->t.cell_opinion && strcmp(v->t.cell_opinion, "disagree") == 0;
        if (v->delegation_name)
            delegation_trips++;
        /* A trip in progress is never one the demo would call undeclared. */
        assert_false(v->deadlines.declared_late);
    }
    assert_true(late_filed >= 2);
    assert_true(missing_report >= 1);
    assert_true(not_back >= 1);
    assert_true(extended >= 1);
    assert_true(ext_refused >= 1);
    assert_int_equal(refused_review, 1);
    assert_true(cell_disagreed >= 2);
    assert_int_equal(delegation_trips, 3 + 3 + 4); /* Sở Y tế's, Laos', China's */
}

/* An actor of `role` bound to the unit with `code` (a member: An). */
static actor demo_actor(role r, const char *code, int64_t member_id)
{
    unit u;
    error e = {0};
    assert_int_equal(svc_unit_get_by_code(&loaded.s, code, &u, &e), ST_OK);
    char *path = arena_strdup(&loaded.a, u.path);
    assert_non_null(path);
    return (actor){.user_id = 900 + (int64_t)r,
                   .label = "demo",
                   .scope_path = path,
                   .role = r,
                   .member_id = member_id,
                   .unit_id = u.id};
}

static trip_page inbox_of(const actor *who)
{
    svc s;
    svc_init(&s, loaded.conn, &loaded.a, who, LANG_VI, NOW_UNIX);
    trip_page p;
    error e = {0};
    assert_int_equal(svc_trip_inbox(&s, NULL, LIMIT_PAGE_MAX, &p, &e), ST_OK);
    return p;
}

static void test_demo_accounts_find_work_in_their_inbox(void **state)
{
    (void)state;
    member_query q = {.q = "Đặng Văn An", .limit = 1};
    member_page mp;
    error e = {0};
    assert_int_equal(svc_member_search(&loaded.s, &q, &mp, &e), ST_OK);
    assert_int_equal(mp.n, 1);
    actor an = demo_actor(ROLE_MEMBER, "HN.BADINH.TDP5", mp.items[0].id);
    actor secretary = demo_actor(ROLE_SECRETARY, "HN.BADINH.TDP5", 0);
    actor officer = demo_actor(ROLE_OFFICER, "HN", 0);

    size_t n;
    trip_view *mine = all_trips(&loaded, &an, &n);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(mine[i].t.member_id, mp.items[0].id);

    trip_page p = inbox_of(&an);
    assert_true(p.n >= 2);
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(p.items[i].waiting_for, TRIP_PARTY_MEMBER);

    p = inbox_of(&secretary);
    assert_true(p.n >= 3);
    assert_int_equal(p.items[0].waiting_for, TRIP_PARTY_CELL);
    size_t for_cell = 0;
    for (size_t i = 0; i < p.n; i++)
        for_cell += p.items[i].waiting_for == TRIP_PARTY_CELL;
    assert_true(for_cell >= 2);

    p = inbox_of(&officer);
    assert_true(p.n >= 6);
    for (size_t i = 0; i < p.n; i++) {
        assert_int_equal(p.items[i].waiting_for, TRIP_PARTY_COMMITTEE);
        assert_non_null(strstr(p.items[i].t.unit_code, "HN."));
    }
}

/* ---- transfers, exemptions, the dashboard ---- */

/* Every transfer of the load (the operator sees them all). */
static transfer *all_transfers(size_t *n)
{
    svc s;
    svc_init(&s, loaded.conn, &loaded.a, &svc_operator, LANG_VI, NOW_UNIX);
    transfer_query q = {.limit = LIMIT_PAGE_MAX};
    const char *next = NULL;
    transfer *x = NULL;
    error e = {0};
    assert_int_equal(svc_transfer_list(&s, &q, &x, n, &next, &e), ST_OK);
    assert_null(next);
    return x;
}

/* Every kind the issue names: transfers of each kind, received, stuck in
 * transit past the deadline, just issued, ended and back home; exemptions
 * expired and current; a delegation's temporary group. */
static void test_demo_transfers_and_exemptions_of_every_kind(void **state)
{
    (void)state;
    size_t n;
    transfer *x = all_transfers(&n);
    size_t kinds[3] = {0}, states[TRANSFER_STATE_COUNT] = {0}, back = 0, overdue = 0, transit = 0,
           to_tokyo = 0;
    for (size_t i = 0; i < n; i++) {
        kinds[x[i].kind]++;
        states[x[i].state]++;
        back += x[i].back;
        overdue += x[i].overdue;
        transit += x[i].state == TRANSFER_ISSUED && !x[i].overdue;
        to_tokyo += strcmp(x[i].to_unit_code, "BNG.JP.LHS-TOKYO") == 0;
    }
    assert_int_equal(n, 10);
    assert_true(kinds[TRANSFER_TEMPORARY] >= 3 && kinds[TRANSFER_OFFICIAL] >= 3);
    assert_int_equal(kinds[TRANSFER_SINGLE], 1);
    assert_true(states[TRANSFER_RECEIVED] >= 4);
    assert_int_equal(states[TRANSFER_ENDED], 1);
    assert_int_equal(back, 1);
    assert_int_equal(overdue, 2);
    assert_int_equal(transit, 1);
    assert_true(to_tokyo >= 4);

    svc s;
    svc_init(&s, loaded.conn, &loaded.a, &svc_operator, LANG_VI, NOW_UNIX);
    exemption *ex;
    size_t ne;
    const char *next = NULL;
    error e = {0};
    assert_int_equal(svc_exemption_list(&s, 0, false, NULL, LIMIT_PAGE_MAX, &ex, &ne, &next, &e),
                     ST_OK);
    assert_int_equal(ne, 2);
    size_t expired = 0;
    for (size_t i = 0; i < ne; i++)
        expired += ex[i].expired;
    assert_int_equal(expired, 1);

    unit g;
    assert_int_equal(svc_unit_get_by_code(&s, "HN.DG2", &g, &e), ST_OK);
    assert_true(g.temporary);
}

static dashboard dashboard_of(const actor *who)
{
    svc s;
    svc_init(&s, loaded.conn, &loaded.a, who, LANG_VI, NOW_UNIX);
    dashboard d;
    error e = {0};
    assert_int_equal(svc_dashboard(&s, 0, &d, &e), ST_OK);
    return d;
}

/* The officer of Hà Nội and the secretary of the Tokyo cell both have
 * something to follow: violations by rule, transfers waiting, members
 * abroad by country and by the type of the unit they attend. */
static void test_demo_dashboards_show_what_to_follow(void **state)
{
    (void)state;
    actor officer = demo_actor(ROLE_OFFICER, "HN", 0);
    actor tokyo = demo_actor(ROLE_SECRETARY, "BNG.JP.LHS-TOKYO", 0);
    dashboard d = dashboard_of(&officer);
    assert_true(d.abroad_now >= 10);
    assert_true(d.abroad_without_arrangement >= 3);
    assert_true(d.n_abroad_by_country >= 5);
    assert_true(d.n_abroad_by_cell_type >= 2); /* students' cells and none */
    assert_true(d.trips_in_progress >= 10);
    assert_true(d.reports_overdue >= 1);
    assert_true(d.transfers_pending >= 3);
    assert_true(d.transfers_overdue >= 2);
    assert_int_equal(d.exemptions_expiring, 1);
    assert_int_equal(d.exemptions_expired, 1);
    assert_true(d.violations >= 8 && d.obligations >= 10);
    static const char *const rules[] = {"arrangement.group",  "arrangement.official_transfer",
                                        "arrangement.single", "transfer.not_received",
                                        "transfer.back",      "exemption.expired"};
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool seen = false;
        for (size_t i = 0; i < d.n_violations_by_rule; i++)
            seen = seen || strcmp(d.violations_by_rule[i].rule, rules[r]) == 0;
        if (!seen)
            fail_msg("no %s violation on Hà Nội's dashboard", rules[r]);
    }

    dashboard t = dashboard_of(&tokyo);
    assert_true(t.abroad_now >= 1); /* transferred officially, still abroad */
    assert_true(t.transfers_pending >= 2);
    assert_true(t.transfers_overdue >= 1);
    assert_true(t.obligations + t.violations >= 1);
}

/* Two loads, on different days, write the same members in the same order:
 * the data come from the seed, never from the clock. */
static void test_demo_is_the_same_on_every_run(void **state)
{
    (void)state;
    fixture other;
    db_open_at(&other, LATER_UNIX);
    load_ok(&other);
    size_t n1, n2;
    member *a = all_members(&loaded, &n1);
    member *b = all_members(&other, &n2);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        assert_string_equal(a[i].full_name, b[i].full_name);
        assert_string_equal(a[i].cccd, b[i].cccd);
        assert_string_equal(a[i].card_number, b[i].card_number);
        assert_int_equal(a[i].birth_date, b[i].birth_date);
        assert_int_equal(a[i].status, b[i].status);
    }
    /* The trips keep their shape, their dates moving with the day loaded. */
    trip_view *ta = all_trips(&loaded, &svc_operator, &n1);
    trip_view *tb = all_trips(&other, &svc_operator, &n2);
    assert_int_equal(n1, n2);
    date_t today_a = date_vn_from_unix(NOW_UNIX), today_b = date_vn_from_unix(LATER_UNIX);
    for (size_t i = 0; i < n1; i++) {
        assert_int_equal(ta[i].t.member_id, tb[i].t.member_id);
        assert_int_equal(ta[i].t.state, tb[i].t.state);
        assert_int_equal(ta[i].t.purpose, tb[i].t.purpose);
        assert_int_equal(ta[i].t.planned_departure - today_a, tb[i].t.planned_departure - today_b);
    }
    db_close(&other);
}

/* A digest of what a load could change: every unit and member with its
 * version. */
static char *digest(fixture *f)
{
    strbuf b = {0};
    unit_page p = all_units(f);
    for (size_t i = 0; i < p.n; i++)
        buf_printf(&b, "u %lld %s %lld\n", (long long)p.items[i].id, p.items[i].code,
                   (long long)p.items[i].version);
    size_t n;
    member *m = all_members(f, &n);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "m %lld %s %lld\n", (long long)m[i].id, m[i].full_name,
                   (long long)m[i].version);
    assert_false(b.failed);
    return buf_take(&b);
}

static void test_demo_second_load_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char *before = digest(&loaded);
    error e = {0};
    assert_int_equal(svc_demo_load(&loaded.s, &e), ST_CONFLICT);
    assert_string_equal(e.code, "demo_not_empty");
    char *after = digest(&loaded);
    assert_string_equal(before, after);
    xfree(before);
    xfree(after);
}

static void test_demo_refuses_a_database_with_any_unit(void **state)
{
    (void)state;
    fixture f;
    db_open(&f);
    unit_input in = {.kind = "committee", .code = "T1", .name = "Tỉnh ủy thử", .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 8);
    assert_int_equal(svc_unit_create(&f.s, &in, &u, &errs), ST_OK);
    errlist_free(&errs);
    char *before = digest(&f);
    error e = {0};
    assert_int_equal(svc_demo_load(&f.s, &e), ST_CONFLICT);
    assert_string_equal(e.code, "demo_not_empty");
    char *after = digest(&f);
    assert_string_equal(before, after);
    assert_non_null(strstr(after, "u 1 T1 1\n"));
    assert_null(strstr(after, "\nu 2 "));
    xfree(before);
    xfree(after);
    db_close(&f);
}

/* Units, members and trips in the database, read through a context of
 * their own. */
static void count_records(fixture *f, size_t *units, size_t *members, size_t *trips)
{
    arena a = ARENA_INIT;
    svc s;
    svc_init(&s, f->conn, &a, &svc_operator, LANG_VI, NOW_UNIX);
    unit_page up;
    error e = {0};
    assert_int_equal(svc_unit_list_all(&s, &up, &e), ST_OK);
    *units = up.n;
    member_query q = {.status = "all", .limit = LIMIT_PAGE_MAX};
    member_page mp;
    assert_int_equal(svc_member_search(&s, &q, &mp, &e), ST_OK);
    *members = mp.n;
    trip_query tq = {.limit = LIMIT_PAGE_MAX};
    trip_page tp;
    assert_int_equal(svc_trip_list(&s, &tq, &tp, &e), ST_OK);
    *trips = tp.n;
    arena_free(&a);
}

/* Allocations between injected failures: a prime, so the failures fall on
 * every kind of call in turn, and large enough to keep the walk fast. */
#define DEMO_FAIL_STEP 997

/* STYLE.md rule 18: the load is one transaction, so an allocation failing
 * anywhere in it leaves no unit and no member behind, and the next attempt
 * on the same database is not refused as "not empty". */
static void test_demo_load_is_all_or_nothing_under_allocation_failure(void **state)
{
    (void)state;
    fixture f;
    db_open(&f);
    status st = ST_NOMEM;
    long attempts = 0;
    for (long n = 0; st != ST_OK; n += DEMO_FAIL_STEP, attempts++) {
        arena a = ARENA_INIT;
        svc s;
        svc_init(&s, f.conn, &a, &svc_operator, LANG_VI, NOW_UNIX);
        error e = {0};
        alloc_fail_after(n);
        st = svc_demo_load(&s, &e);
        bool injected = alloc_failed();
        alloc_fail_after(-1);
        arena_free(&a);
        if (st == ST_OK)
            break;
        if (!injected)
            fail_msg("attempt %ld failed without an injected failure: %s", n, e.code);
        /* ... and it says so: never a record "refused" for want of memory. */
        if (st != ST_NOMEM || !e.code || strcmp(e.code, "out_of_memory") != 0)
            fail_msg("failure after %ld allocations answered %d %s (%s)", n, st,
                     e.code ? e.code : "-", e.arg);
        size_t units, members, trips;
        count_records(&f, &units, &members, &trips);
        if (units != 0 || members != 0 || trips != 0)
            fail_msg("failure after %ld allocations left %zu units, %zu members, %zu trips", n,
                     units, members, trips);
    }
    assert_true(attempts > 10);
    size_t units, members, trips;
    count_records(&f, &units, &members, &trips);
    assert_true(units > 100);
    assert_int_equal(members, 300);
    assert_true(trips >= 30);
    db_close(&f);
}

static bool page_has(const member_page *p, const char *full_name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].full_name, full_name) == 0)
            return true;
    return false;
}

static void search(const char *q, const char *expect)
{
    member_query mq = {0};
    mq.q = q;
    mq.status = "all";
    mq.limit = LIMIT_PAGE_MAX;
    member_page p;
    error e = {0};
    assert_int_equal(svc_member_search(&loaded.s, &mq, &p, &e), ST_OK);
    if (!page_has(&p, expect))
        fail_msg("search \"%s\" did not find %s", q, expect);
}

static void test_demo_search_examples_find_their_member(void **state)
{
    (void)state;
    search("dang van an", "Đặng Văn An");
    search("Đặng Văn An", "Đặng Văn An");
    search("van an nguyen", "Nguyễn Văn An");
    search("NGUYEN VAN", "Nguyễn Văn An");
}

int main(void)
{
    if (alloc_install_sqlite() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_has_the_tree_since_2025),
        cmocka_unit_test(test_demo_communes_and_merged_provinces_began_july_2025),
        cmocka_unit_test(test_demo_abroad_covers_countries_and_cell_types),
        cmocka_unit_test(test_demo_members_count_and_every_status),
        cmocka_unit_test(test_demo_members_are_consistent),
        cmocka_unit_test(test_demo_is_the_same_on_every_run),
        cmocka_unit_test(test_demo_second_load_is_refused_and_changes_nothing),
        cmocka_unit_test(test_demo_refuses_a_database_with_any_unit),
        cmocka_unit_test(test_demo_search_examples_find_their_member),
        cmocka_unit_test(test_demo_trips_reach_every_state),
        cmocka_unit_test(test_demo_trips_show_what_goes_wrong),
        cmocka_unit_test(test_demo_transfers_and_exemptions_of_every_kind),
        cmocka_unit_test(test_demo_dashboards_show_what_to_follow),
        cmocka_unit_test(test_demo_accounts_find_work_in_their_inbox),
        cmocka_unit_test(test_demo_load_is_all_or_nothing_under_allocation_failure),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
