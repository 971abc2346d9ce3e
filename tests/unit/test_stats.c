/*
 * test_stats.c -- the statistics and the review report over a real
 * database: three years of trips generated (seeded) through the trips'
 * use cases with their steps dated in the past, transfers and exemptions
 * through theirs, the compliance scan run month by month to keep its
 * alerts; every figure checked against a count made another way (walking
 * the trips the test filed, the trip view's own deadline, the compliance
 * engine's findings at each scan, the dashboard's breakdown, plain SQL);
 * the previous period; the subtree by unit and by role; the refusals.
 */
#include "testutil.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/compliance.h"
#include "service/dashboard.h"
#include "service/service.h"
#include "service/stats.h"
#include "service/transfer.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/internal.h"
#include "store/store.h"

#define NOW_UNIX  1795400000 /* 2026-11-23, a Monday, 09:13 in Hà Nội */
#define DAY_S     86400
#define MAX_TRIPS 200
#define N_MEMBERS 11

typedef struct trip_fact {
    int64_t id, member_id;
    int member; /* index in fx.m */
    const char *purpose;
    const char *countries[2];
    size_t n_countries;
    date_t dep, ret, filed; /* ret, filed DATE_NONE: not yet */
} trip_fact;

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    unit tw, hn, g1, cell_a, cell_b, bng, jp_org, jp_cell;
    member m[N_MEMBERS];
    const unit *m_unit[N_MEMBERS];
    trip_fact t[MAX_TRIPS];
    size_t nt;
    actor officer_hn, sec_a, member_a, admin;
    uint32_t seed;
} fx;

static date_t D(const char *s)
{
    date_t d;
    assert_true(date_parse(s, &d));
    return d;
}

static int64_t unix_of(date_t d) { return (int64_t)d * DAY_S + 2 * 3600; }

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX); }

static uint32_t rnd(fx *f, uint32_t n)
{
    f->seed = f->seed * 1103515245u + 12345u;
    return (f->seed >> 8) % n;
}

static unit make_unit(fx *f, const char *kind, const char *code, int64_t parent,
                      const char *country, const char *type)
{
    unit_input in = {.kind = kind,
                     .code = code,
                     .name = code,
                     .parent_id = parent,
                     .temporary = -1,
                     .country = country,
                     .cell_type = type};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_unit_create(&f->s, &in, &u, &errs) != ST_OK)
        fail_msg("unit %s: %s", code, errs.items[0].code);
    errlist_free(&errs);
    error e;
    assert_int_equal(svc_unit_get(&f->s, u.id, &u, &e), ST_OK);
    return u;
}

static member make_member(fx *f, int i, const unit *u)
{
    char name[64], cccd[16];
    assert_true(snprintf(name, sizeof name, "Nguyễn Văn Thống %c", 'A' + i) > 0);
    assert_true(snprintf(cccd, sizeof cccd, "0010850123%02d", i) > 0);
    member_input in = {.full_name = name,
                       .sex = "M",
                       .birth_date = "1985-03-14",
                       .cccd = cccd,
                       .admitted_on = "2010-05-19",
                       .unit_id = u->id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_member_create(&f->s, &in, &m, &errs) != ST_OK)
        fail_msg("member %d: %s", i, errs.items[0].code);
    errlist_free(&errs);
    f->m_unit[i] = u;
    return m;
}

static actor staff(const char *label, int64_t id, role r, const unit *u)
{
    return (actor){
        .user_id = id, .label = label, .scope_path = u->path, .role = r, .unit_id = u->id};
}

/* File trip k of the fixture through the use cases, each step on its day:
 * created and submitted before departure, approved, departed, back and
 * reported when the fact says so. */
static void file_trip(fx *f, trip_fact *k)
{
    as(f, &svc_operator);
    error e = {0};
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    errlist errs;
    errlist_init(&errs, 0);
    char dep[DATE_ISO_LEN], ret[DATE_ISO_LEN];
    date_format(k->dep, dep);
    date_format(k->ret != DATE_NONE ? k->ret : k->dep + 40, ret);
    trip_when w = {.today = k->dep - 16, .at = "2023-01-01T00:00:00Z", .any_party = true};
    trip_input in = {.purpose = k->purpose,
                     .purpose_detail = "Hội thảo",
                     .countries = k->countries,
                     .n_countries = k->n_countries,
                     .countries_given = true,
                     .planned_departure = dep,
                     .planned_return = ret,
                     .payer = "self",
                     .delegation_id = -1};
    trip t;
    if (svc_trip_create_tx(&f->s, &w, k->member_id, &in, &t, &errs) != ST_OK)
        fail_msg("create: %s", errs.items[0].code);
    k->id = t.id;
    const struct {
        trip_action a;
        const char *outcome, *text;
        date_t day;
    } steps[] = {{TRIP_SUBMIT, NULL, NULL, k->dep - 15},
                 {TRIP_OPINION, "agree", NULL, k->dep - 12},
                 {TRIP_DECIDE, "approved", NULL, k->dep - 10},
                 {TRIP_DEPART, NULL, NULL, k->dep},
                 {TRIP_RETURN, NULL, NULL, k->ret},
                 {TRIP_SUBMIT_REPORT, NULL, "Báo cáo kết quả chuyến đi.", k->filed}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && steps[i].day != DATE_NONE; i++) {
        w.today = steps[i].day;
        trip_step st = {.outcome = steps[i].outcome, .text = steps[i].text};
        if (svc_trip_act_tx(&f->s, &w, t.id, t.version, steps[i].a, &st, &t, &errs) != ST_OK)
            fail_msg("%s: %s", trip_action_name(steps[i].a), errs.items[0].code);
    }
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
}

static const char *const PURPOSES[] = {"tourism", "medical", "private_other"};
static const char *const COUNTRIES[] = {"JP", "FR", "KR", "MN"};

/* Each member's trips one after another from 2023 on: mostly short, now
 * and then a long stay; reports on time, late or never. */
static void generate_trips(fx *f, int i)
{
    date_t today = D("2026-11-23"), cursor = D("2023-01-05") + (date_t)rnd(f, 60);
    for (;;) {
        date_t dep = cursor + 20 + (date_t)rnd(f, 100);
        if (dep > today - 5 || f->nt == MAX_TRIPS)
            return;
        trip_fact *k = &f->t[f->nt++];
        *k = (trip_fact){.member = i,
                         .member_id = f->m[i].id,
                         .dep = dep,
                         .purpose = PURPOSES[rnd(f, 3)],
                         .ret = DATE_NONE,
                         .filed = DATE_NONE};
        k->countries[k->n_countries++] = COUNTRIES[rnd(f, 4)];
        if (rnd(f, 4) == 0) {
            const char *c2 = COUNTRIES[rnd(f, 4)];
            if (strcmp(c2, k->countries[0]) != 0)
                k->countries[k->n_countries++] = c2;
        }
        date_t len = rnd(f, 8) == 0 ? 100 + (date_t)rnd(f, 100) : 5 + (date_t)rnd(f, 50);
        if (dep + len < today - 1) {
            k->ret = dep + len;
            uint32_t r = rnd(f, 10);
            date_t lag = r < 6 ? 1 + (date_t)rnd(f, 5) : r < 8 ? 12 + (date_t)rnd(f, 20) : -1;
            if (lag > 0 && k->ret + lag <= today)
                k->filed = k->ret + lag;
        }
        file_trip(f, k);
        if (k->ret == DATE_NONE)
            return;
        cursor = (k->filed != DATE_NONE ? k->filed : k->ret) + 1;
    }
}

static void issue(fx *f, int64_t member_id, const char *kind, int64_t to, const char *on,
                  transfer *out)
{
    as(f, &f->officer_hn);
    transfer_input in = {.member_id = member_id, .kind = kind, .to_unit_id = to, .issued_on = on};
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_issue(&f->s, &in, out, &errs) != ST_OK)
        fail_msg("issue: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
}

/* The compliance scan on each first of the month, as the server's daily
 * run would have kept its alerts. */
static void scan_monthly(fx *f)
{
    for (date_t d = D("2023-02-01"); d <= D("2026-11-23"); d = date_add_months(d, 1)) {
        svc_init(&f->s, f->c, &f->a, &f->officer_hn, LANG_VI, unix_of(d));
        alert_scan_report r;
        error e = {0};
        if (svc_alerts_scan(&f->s, 0, &r, &e) != ST_OK)
            fail_msg("scan: %s", e.code);
    }
}

/* The tree: TW > HN > HN.G1 > cells A, B (and members attached to HN.G1
 * itself); TW > BNG > a students' organization in Japan with its cell. */
static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    f->seed = 20261123;
    as(f, &svc_operator);
    f->tw = make_unit(f, "committee", "TW", 0, NULL, NULL);
    f->hn = make_unit(f, "committee", "HN", f->tw.id, NULL, NULL);
    f->g1 = make_unit(f, "grassroots", "HN.G1", f->hn.id, NULL, NULL);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", f->g1.id, NULL, NULL);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", f->g1.id, NULL, NULL);
    f->bng = make_unit(f, "committee", "BNG", f->tw.id, NULL, NULL);
    f->jp_org = make_unit(f, "grassroots", "BNG.JP", f->bng.id, "JP", "students");
    f->jp_cell = make_unit(f, "cell", "BNG.JP.TK", f->jp_org.id, "JP", "students");
    for (int i = 0; i < N_MEMBERS; i++)
        f->m[i] = make_member(f, i, i < 5 ? &f->cell_a : i < 9 ? &f->cell_b : &f->g1);
    f->officer_hn = staff("canbo.hn", 30, ROLE_OFFICER, &f->hn);
    f->sec_a = staff("bithu.a", 32, ROLE_SECRETARY, &f->cell_a);
    f->member_a = (actor){.user_id = 35,
                          .label = "dangvien",
                          .scope_path = f->cell_a.path,
                          .role = ROLE_MEMBER,
                          .member_id = f->m[0].id,
                          .unit_id = f->cell_a.id};
    f->admin = (actor){.user_id = 36, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN};
    for (int i = 0; i < N_MEMBERS; i++)
        generate_trips(f, i);

    /* Arrangements: a letter to Tokyo received for the first member abroad
     * today (so one member attends a students' unit), an official one in
     * 2025 never received, one cancelled. */
    int abroad = -1;
    for (size_t k = 0; k < f->nt && abroad < 0; k++)
        if (f->t[k].ret == DATE_NONE && f->m_unit[f->t[k].member] != &f->g1)
            abroad = f->t[k].member;
    assert_true(abroad >= 0);
    transfer x;
    issue(f, f->m[abroad].id, "temporary", f->jp_cell.id, "2026-11-10", &x);
    actor sec_jp = staff("bithu.tokyo", 34, ROLE_SECRETARY, &f->jp_cell);
    as(f, &sec_jp);
    errlist errs;
    errlist_init(&errs, 0);
    transfer r;
    if (svc_transfer_act(&f->s, x.id, x.version, TRANSFER_RECEIVE, "2026-11-12", NULL, &r, &errs) !=
        ST_OK)
        fail_msg("receive: %s", errs.items[0].code);
    issue(f, f->m[(abroad + 1) % 9].id, "official", f->jp_cell.id, "2025-04-01", &x);
    issue(f, f->m[(abroad + 2) % 9].id, "single", f->bng.id, "2025-09-15", &x);
    as(f, &f->officer_hn);
    if (svc_transfer_act(&f->s, x.id, x.version, TRANSFER_CANCEL, "2025-09-20",
                         "Đảng viên không đi nữa", &r, &errs) != ST_OK)
        fail_msg("cancel: %s", errs.items[0].code);
    /* An exemption for a member abroad where no unit exists. */
    for (size_t k = 0; k < f->nt; k++) {
        const trip_fact *t = &f->t[k];
        if (t->ret != DATE_NONE || strcmp(t->countries[0], "JP") == 0 || t->n_countries != 1 ||
            t->member == abroad)
            continue;
        char from[DATE_ISO_LEN];
        date_format(t->dep, from);
        exemption_input in = {.member_id = t->member_id,
                              .kind = "full",
                              .reason = "Lao động ở nơi chưa có tổ chức đảng",
                              .decision_number = "15-QĐ/ĐU",
                              .starts_on = from,
                              .decided_on = from};
        exemption ex;
        as(f, &f->officer_hn);
        if (svc_exemption_grant(&f->s, &in, &ex, &errs) != ST_OK)
            fail_msg("grant: %s (%s)", errs.items[0].code, errs.items[0].field);
        break;
    }
    errlist_free(&errs);
    scan_monthly(f);
    as(f, &svc_operator);
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

/* ---- counting another way ---- */

static bool in_subtree(const fx *f, int who, const unit *u)
{
    const char *p = f->m_unit[who]->path;
    return strncmp(p, u->path, strlen(u->path)) == 0;
}

static int64_t sql_count(fx *f, const char *q, const char *scope, date_t from, date_t to)
{
    sqlite3_stmt *st;
    char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
    date_format(from, a);
    date_format(to, b);
    assert_int_equal(sqlite3_prepare_v2(f->s.db->h, q, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, scope, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t find_n(const stats_list *l, const char *key)
{
    const stats_count *c = stats_list_find(l, key);
    return c ? c->n : 0;
}

static int64_t list_sum(const stats_list *l)
{
    int64_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->items[i].n;
    return n;
}

static int year_of(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* Trips: by year, purpose, country and unit from the filed facts. */
static void check_trips(fx *f, const stats *x, const unit *u)
{
    int64_t total = 0, years[8] = {0};
    for (size_t k = 0; k < f->nt; k++) {
        const trip_fact *t = &f->t[k];
        if (!in_subtree(f, t->member, u) || t->dep < x->from || t->dep > x->to)
            continue;
        total++;
        years[year_of(t->dep) - year_of(x->from)]++;
    }
    assert_int_equal(x->trips, total);
    assert_int_equal((int64_t)x->by_year.n, year_of(x->to) - year_of(x->from) + 1);
    for (size_t i = 0; i < x->by_year.n; i++)
        assert_int_equal(x->by_year.items[i].n, years[i]);
    assert_int_equal(list_sum(&x->by_purpose), total);
    for (size_t p = 0; p < 3; p++) {
        int64_t n = 0;
        for (size_t k = 0; k < f->nt; k++)
            n += in_subtree(f, f->t[k].member, u) && f->t[k].dep >= x->from &&
                 f->t[k].dep <= x->to && strcmp(f->t[k].purpose, PURPOSES[p]) == 0;
        assert_int_equal(find_n(&x->by_purpose, PURPOSES[p]), n);
    }
    for (size_t c = 0; c < 4; c++) {
        int64_t n = 0;
        for (size_t k = 0; k < f->nt; k++)
            for (size_t j = 0; j < f->t[k].n_countries; j++)
                n += in_subtree(f, f->t[k].member, u) && f->t[k].dep >= x->from &&
                     f->t[k].dep <= x->to && strcmp(f->t[k].countries[j], COUNTRIES[c]) == 0;
        assert_int_equal(find_n(&x->by_country, COUNTRIES[c]), n);
    }
    assert_int_equal(list_sum(&x->by_unit), total);
}

/* Members abroad on a day, by the first country of the trip out. */
static void check_abroad(fx *f, const stats *x, const unit *u)
{
    int64_t total = 0, by_country[4] = {0};
    date_t d = x->abroad_on;
    for (int i = 0; i < N_MEMBERS; i++) {
        if (!in_subtree(f, i, u))
            continue;
        for (size_t k = 0; k < f->nt; k++) {
            const trip_fact *t = &f->t[k];
            if (t->member == i && t->dep <= d && (t->ret == DATE_NONE || t->ret > d)) {
                total++;
                for (size_t c = 0; c < 4; c++)
                    by_country[c] += strcmp(t->countries[0], COUNTRIES[c]) == 0;
                break;
            }
        }
    }
    assert_int_equal(x->abroad, total);
    for (size_t c = 0; c < 4; c++)
        assert_int_equal(find_n(&x->abroad_by_country, COUNTRIES[c]), by_country[c]);
    assert_int_equal(list_sum(&x->abroad_by_cell_type), total);
}

/* The reports against the deadline the trip's own view computes. */
static void check_reports(fx *f, const stats *x, const unit *u)
{
    int64_t on_time = 0, late = 0, overdue = 0, pending = 0, delay = 0;
    date_t today = D("2026-11-23");
    for (size_t k = 0; k < f->nt; k++) {
        const trip_fact *t = &f->t[k];
        if (!in_subtree(f, t->member, u) || t->ret == DATE_NONE || t->ret < x->from ||
            t->ret > x->to)
            continue;
        as(f, &svc_operator);
        trip_view v;
        error e = {0};
        assert_int_equal(svc_trip_get(&f->s, t->id, &v, &e), ST_OK);
        date_t due = v.deadlines.report_due;
        assert_true(due != DATE_NONE);
        if (t->filed != DATE_NONE && t->filed <= due)
            on_time++;
        else if (t->filed != DATE_NONE)
            late++, delay += t->filed - due;
        else if (today > due)
            overdue++;
        else
            pending++;
    }
    assert_int_equal(x->reports_on_time, on_time);
    assert_int_equal(x->reports_late, late);
    assert_int_equal(x->reports_overdue, overdue);
    assert_int_equal(x->reports_pending, pending);
    if (late)
        assert_true(x->avg_delay_days * (double)late > (double)delay - 0.001 &&
                    x->avg_delay_days * (double)late < (double)delay + 0.001);
    else
        assert_true(x->avg_delay_days == 0.0);
}

/* A violation as the engine names it. */
typedef struct seen {
    const char *rule;
    int64_t member, trip, transfer, exemption;
    date_t since;
} seen;

/* The violations that began in the period: the engine's findings at each
 * monthly scan date, each finding once. */
static void check_violations(fx *f, const stats *x, const unit *u)
{
    enum { MAX_SEEN = 2000 };
    seen *all = xcalloc(MAX_SEEN, sizeof *all);
    size_t n = 0;
    for (date_t d = D("2023-02-01"); d <= D("2026-11-23"); d = date_add_months(d, 1)) {
        as(f, &f->officer_hn);
        compliance_report r;
        error e = {0};
        assert_int_equal(svc_compliance_check(&f->s, u->id, d, &r, &e), ST_OK);
        for (size_t i = 0; i < r.n_violations; i++) {
            const compliance_item *it = &r.items[i].item;
            seen s = {r.items[i].rule->code, it->member_id,    it->trip_id,
                      it->transfer_id,       it->exemption_id, it->since};
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(all[j].rule, s.rule) == 0 && all[j].member == s.member &&
                      all[j].trip == s.trip && all[j].transfer == s.transfer &&
                      all[j].exemption == s.exemption;
            if (!dup && s.since >= x->from && s.since <= x->to) {
                assert_true(n < MAX_SEEN);
                all[n++] = s;
            }
        }
    }
    assert_int_equal(x->violations, (int64_t)n);
    for (size_t i = 0; i < x->violations_by_rule.n; i++) {
        const stats_count *c = &x->violations_by_rule.items[i];
        int64_t m = 0;
        for (size_t j = 0; j < n; j++)
            m += strcmp(all[j].rule, c->key) == 0;
        assert_int_equal(c->n, m);
        int64_t by_year = 0;
        for (size_t j = 0; j < x->n_violations_by_rule_year; j++) {
            const stats_rule_year *ry = &x->violations_by_rule_year[j];
            if (strcmp(ry->rule, c->key) != 0)
                continue;
            int64_t k = 0;
            for (size_t s = 0; s < n; s++)
                k += strcmp(all[s].rule, c->key) == 0 && year_of(all[s].since) == ry->year;
            assert_int_equal(ry->n, k);
            by_year += ry->n;
        }
        assert_int_equal(by_year, c->n);
    }
    xfree(all);
}

/* Transfers, exemptions and groups in plain SQL. */
static void check_arrangements(fx *f, const stats *x, const unit *u)
{
    const char *q_transfers =
        "SELECT count(*) FROM transfers x JOIN members m ON m.id = x.member_id"
        " JOIN units a ON a.id = x.from_unit_id JOIN units b ON b.id = x.to_unit_id"
        " WHERE x.state <> 'cancelled' AND x.back = 0 AND x.issued_on BETWEEN ?2 AND ?3"
        " AND (substr(m.unit_path, 1, length(?1)) = ?1 OR substr(a.path, 1, length(?1)) = ?1"
        " OR substr(b.path, 1, length(?1)) = ?1)";
    assert_int_equal(list_sum(&x->transfers_by_kind),
                     sql_count(f, q_transfers, u->path, x->from, x->to));
    const char *q_exemptions =
        "SELECT count(*) FROM exemptions x JOIN members m ON m.id = x.member_id"
        " WHERE substr(m.unit_path, 1, length(?1)) = ?1 AND x.decided_on BETWEEN ?2 AND ?3";
    assert_int_equal(list_sum(&x->exemptions_by_kind),
                     sql_count(f, q_exemptions, u->path, x->from, x->to));
    const char *q_groups = "SELECT count(*) FROM delegations g JOIN units u ON u.id = g.unit_id"
                           " WHERE substr(u.path, 1, length(?1)) = ?1"
                           " AND g.group_formed_on BETWEEN ?2 AND ?3";
    assert_int_equal(x->groups_formed, sql_count(f, q_groups, u->path, x->from, x->to));
}

static void check_all(fx *f, const stats *x, const unit *u)
{
    check_trips(f, x, u);
    check_abroad(f, x, u);
    check_reports(f, x, u);
    check_arrangements(f, x, u);
    check_violations(f, x, u);
}

static stats get(fx *f, const actor *who, int64_t unit_id, const char *from, const char *to)
{
    as(f, who);
    stats x;
    error e = {0};
    stats_query q = {.unit_id = unit_id, .from = D(from), .to = D(to)};
    if (svc_stats(&f->s, &q, &x, &e) != ST_OK)
        fail_msg("stats: %s (%s)", e.code, e.field);
    return x;
}

/* ---- the tests ---- */

static void test_every_figure_matches_an_independent_count(void **state)
{
    fx *f = *state;
    assert_true(f->nt > 40);
    stats x = get(f, &f->officer_hn, 0, "2023-01-01", "2026-12-31");
    assert_int_equal(x.unit_id, f->hn.id);
    assert_string_equal(x.unit_code, "HN");
    assert_int_equal(x.abroad_on, D("2026-11-23"));
    assert_true(x.trips > 40 && x.reports_on_time > 0 && x.reports_late > 0);
    assert_true(x.violations > 0 && x.abroad > 0);
    check_all(f, &x, &f->hn);
    /* The letter received in Tokyo: one member abroad attends a students'
     * unit, as the dashboard counts it today. */
    assert_int_equal(find_n(&x.abroad_by_cell_type, "students"), 1);
    as(f, &f->officer_hn);
    dashboard d;
    error e = {0};
    assert_int_equal(svc_dashboard(&f->s, 0, &d, &e), ST_OK);
    assert_int_equal(x.abroad, d.abroad_now);
    for (size_t i = 0; i < d.n_abroad_by_cell_type; i++)
        assert_int_equal(find_n(&x.abroad_by_cell_type, d.abroad_by_cell_type[i].cell_type),
                         d.abroad_by_cell_type[i].n);
    /* Transfers: the official one of 2025, the temporary one of 2026; the
     * cancelled one is not counted. */
    assert_int_equal(find_n(&x.transfers_by_kind, "official"), 1);
    assert_int_equal(find_n(&x.transfers_by_kind, "temporary"), 1);
    assert_int_equal(find_n(&x.transfers_by_kind, "single"), 0);
    assert_int_equal(find_n(&x.exemptions_by_kind, "full"), 1);
    /* By unit: the grassroots unit (its cells inside) is HN's only child. */
    assert_int_equal(x.by_unit.n, 1);
    assert_string_equal(x.by_unit.items[0].key, "HN.G1");
    /* Sorted: the largest first. */
    for (size_t i = 1; i < x.by_country.n; i++)
        assert_true(x.by_country.items[i - 1].n >= x.by_country.items[i].n);
}

static void test_a_past_period_counts_abroad_on_its_last_day(void **state)
{
    fx *f = *state;
    stats x = get(f, &f->officer_hn, 0, "2024-04-01", "2025-03-31");
    assert_int_equal(x.abroad_on, D("2025-03-31"));
    assert_int_equal(x.by_year.n, 2);
    assert_string_equal(x.by_year.items[0].key, "2024");
    check_all(f, &x, &f->hn);
}

static void test_review_sets_the_previous_period_beside(void **state)
{
    fx *f = *state;
    as(f, &f->officer_hn);
    review_report r;
    error e = {0};
    assert_int_equal(svc_review_report(&f->s, f->g1.id, D("2026-01-01"), D("2026-06-30"), &r, &e),
                     ST_OK);
    assert_int_equal(r.unit_id, f->g1.id);
    assert_string_equal(r.unit_code, "HN.G1");
    assert_int_equal(r.generated_on, D("2026-11-23"));
    /* 181 days, and the 181 before. */
    assert_int_equal(r.previous.to, D("2025-12-31"));
    assert_int_equal(r.previous.from, D("2025-07-04"));
    check_all(f, &r.current, &f->g1);
    check_all(f, &r.previous, &f->g1);
    stats p = get(f, &f->officer_hn, f->g1.id, "2025-07-04", "2025-12-31");
    assert_int_equal(p.trips, r.previous.trips);
    assert_int_equal(p.violations, r.previous.violations);
    assert_string_equal(r.changes[0].key, "trips");
    assert_int_equal(r.changes[0].current, r.current.trips);
    assert_int_equal(r.changes[0].previous, r.previous.trips);
    assert_string_equal(r.changes[9].key, "violations");
    assert_int_equal(r.changes[9].current, r.current.violations);
    assert_int_equal(r.changes[9].previous, r.previous.violations);
    assert_string_equal(r.changes[2].key, "transfers");
    assert_int_equal(r.changes[2].previous, list_sum(&r.previous.transfers_by_kind));
}

static void test_scope_by_unit_and_by_role(void **state)
{
    fx *f = *state;
    stats a = get(f, &f->officer_hn, f->cell_a.id, "2023-01-01", "2026-12-31");
    check_all(f, &a, &f->cell_a);
    stats b = get(f, &f->officer_hn, f->cell_b.id, "2023-01-01", "2026-12-31");
    check_all(f, &b, &f->cell_b);
    stats g = get(f, &f->officer_hn, f->g1.id, "2023-01-01", "2026-12-31");
    /* The grassroots unit: its two cells and its own members. */
    assert_int_equal(g.by_unit.n, 3);
    assert_int_equal(find_n(&g.by_unit, "HN.G1.A"), a.trips);
    assert_int_equal(find_n(&g.by_unit, "HN.G1.B"), b.trips);
    assert_int_equal(find_n(&g.by_unit, "HN.G1"), g.trips - a.trips - b.trips);
    /* Cell A's secretary sees cell A by default. */
    stats s = get(f, &f->sec_a, 0, "2023-01-01", "2026-12-31");
    assert_int_equal(s.unit_id, f->cell_a.id);
    assert_int_equal(s.trips, a.trips);
    assert_int_equal(s.violations, a.violations);
    assert_int_equal(s.reports_late, a.reports_late);
    /* The whole installation for an administrator without a unit, which
     * reads without the join to members: the same figures as HN's, since
     * nobody outside HN travelled. */
    stats all = get(f, &f->admin, 0, "2023-01-01", "2026-12-31");
    stats hn = get(f, &f->officer_hn, 0, "2023-01-01", "2026-12-31");
    assert_int_equal(all.unit_id, 0);
    assert_null(all.unit_code);
    assert_int_equal(all.trips, hn.trips);
    assert_int_equal(all.reports_on_time, hn.reports_on_time);
    assert_int_equal(all.violations, hn.violations);
    assert_int_equal(list_sum(&all.transfers_by_kind), list_sum(&hn.transfers_by_kind));
    assert_string_equal(all.by_unit.items[0].key, "TW");
}

static void test_refusals(void **state)
{
    fx *f = *state;
    int64_t alerts =
        sql_count(f, "SELECT count(*) + 0 * length(?1 || ?2 || ?3) FROM alerts", "", 0, 0);
    stats x;
    error e = {0};
    stats_query q = {.from = D("2025-01-01"), .to = D("2025-12-31")};
    as(f, &f->member_a);
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "forbidden");
    as(f, &f->officer_hn);
    q.unit_id = f->jp_cell.id;
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "unit_not_found");
    assert_int_equal(x.trips, 0);
    as(f, &f->sec_a);
    q.unit_id = f->cell_b.id;
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_NOT_FOUND);
    as(f, &f->officer_hn);
    q = (stats_query){.from = D("2025-02-01"), .to = D("2025-01-31")};
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_INVALID);
    assert_string_equal(e.code, "stats_period");
    assert_string_equal(e.field, "from");
    q = (stats_query){.from = DATE_NONE, .to = D("2025-01-31")};
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_INVALID);
    assert_string_equal(e.code, "stats_period");
    q = (stats_query){.from = D("2000-01-01"), .to = D("2025-01-01")};
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_INVALID);
    assert_string_equal(e.code, "stats_period");
    q = (stats_query){.from = D("2000-01-02"), .to = D("2025-01-01")}; /* 25 years less a day */
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_OK);
    q = (stats_query){.from = D("1990-01-01"), .to = D("2000-01-01")};
    assert_int_equal(svc_stats(&f->s, &q, &x, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
    assert_string_equal(e.field, "from");
    review_report r;
    assert_int_equal(svc_review_report(&f->s, 0, D("1995-06-01"), D("1996-06-30"), &r, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
    assert_int_equal(r.current.trips, 0);
    as(f, &f->member_a);
    assert_int_equal(svc_review_report(&f->s, 0, D("2025-01-01"), D("2025-12-31"), &r, &e),
                     ST_FORBIDDEN);
    /* Reading wrote nothing. */
    assert_int_equal(
        sql_count(f, "SELECT count(*) + 0 * length(?1 || ?2 || ?3) FROM alerts", "", 0, 0), alerts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_figure_matches_an_independent_count),
        cmocka_unit_test(test_a_past_period_counts_abroad_on_its_last_day),
        cmocka_unit_test(test_review_sets_the_previous_period_beside),
        cmocka_unit_test(test_scope_by_unit_and_by_role),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
