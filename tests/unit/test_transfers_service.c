/*
 * test_transfers_service.c -- transfers, exemptions and delegations'
 * temporary groups over a real database: an official transfer abroad
 * received by the receiving cell's secretary (whose scope is abroad) and
 * the transfer back, with exactly one official period on every day; a
 * temporary transfer that leaves the official unit alone; nothing moving
 * while in transit; each refusal with the database unchanged; two
 * connections on two threads issuing, then receiving, at once; each
 * refusal of exemption_check reached with real facts (a trip to a country
 * with a unit, a transferred member); a group formed and dissolved; and
 * the compliance check seeing the transfers and exemptions.
 */
#include "testutil.h"
#include "fixtures.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/compliance.h"
#include "service/service.h"
#include "service/transfer.h"
#include "service/transfer_internal.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/internal.h"
#include "store/store.h"

#define NOW_UNIX 1795400000 /* 2026-11-23, a Monday, 09:13 in Hà Nội */

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    char dir[64], path[96]; /* the temporary-file database, when one */
    unit tw, hn, cell_a, cell_b, bng, jp_org, jp_cell, fr_cell;
    member an, binh, chi;
    actor officer_hn, officer_bng, sec_a, sec_b, sec_jp, member_an, admin;
} fx;

static date_t D(const char *s)
{
    date_t d;
    assert_true(date_parse(s, &d));
    return d;
}

static const char *iso(fx *f, date_t d)
{
    char buf[DATE_ISO_LEN];
    date_format(d, buf);
    return arena_strdup(&f->a, buf);
}

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX); }

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

/* The tree: TW > HN > HN.G1 > cells A, B; TW > BNG (the overseas
 * committee, with an organization in Japan and a cell there); a cell in
 * France under the Japanese organization's sibling. Mongolia has none. */
static int open_fx(fx *f, const char *path)
{
    error e;
    if (auth_init(&e) != ST_OK || svc_conn_open(path, true, &f->c, &e) != ST_OK)
        return -1;
    as(f, &svc_operator);
    f->tw = make_unit(f, "committee", "TW", 0, NULL);
    f->hn = make_unit(f, "committee", "HN", f->tw.id, NULL);
    unit g = make_unit(f, "grassroots", "HN.G1", f->hn.id, NULL);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", g.id, NULL);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", g.id, NULL);
    f->bng = make_unit(f, "committee", "BNG", f->tw.id, NULL);
    f->jp_org = make_unit(f, "grassroots", "BNG.JP", f->bng.id, "JP");
    f->jp_cell = make_unit(f, "cell", "BNG.JP.TK", f->jp_org.id, "JP");
    unit fr = make_unit(f, "grassroots", "BNG.FR", f->bng.id, "FR");
    f->fr_cell = make_unit(f, "cell", "BNG.FR.P", fr.id, "FR");
    f->an = make_member(f, "Đặng Văn An", "1985-03-14", "001085012345", f->cell_a.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "1986-04-01", "001086012345", f->cell_a.id);
    f->chi = make_member(f, "Lê Văn Chi", "1990-01-02", "001090012345", f->cell_b.id);
    f->officer_hn = staff("canbo.hn", 30, ROLE_OFFICER, &f->hn);
    f->officer_bng = staff("canbo.bng", 31, ROLE_OFFICER, &f->bng);
    f->sec_a = staff("bithu.a", 32, ROLE_SECRETARY, &f->cell_a);
    f->sec_b = staff("bithu.b", 33, ROLE_SECRETARY, &f->cell_b);
    f->sec_jp = staff("bithu.tokyo", 34, ROLE_SECRETARY, &f->jp_cell);
    f->member_an = (actor){.user_id = 35,
                           .label = "an",
                           .scope_path = f->cell_a.path,
                           .role = ROLE_MEMBER,
                           .member_id = f->an.id,
                           .unit_id = f->cell_a.id};
    f->admin = (actor){.user_id = 36, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN};
    return 0;
}

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    if (!f || open_fx(f, ":memory:") != 0)
        return -1;
    *state = f;
    return 0;
}

static int setup_file(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/caunoi-xfer-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (open_fx(f, f->path) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    arena_free(&f->a);
    svc_conn_close(f->c);
    if (f->path[0]) {
        const char *tails[] = {"", "-wal", "-shm"};
        for (int i = 0; i < 3; i++) {
            char p[128];
            snprintf(p, sizeof p, "%s%s", f->path, tails[i]);
            unlink(p);
        }
        rmdir(f->dir);
    }
    xfree(f);
    return 0;
}

/* ---- reading the database behind the services' back ---- */

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

static int64_t query_int(fx *f, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s.db->h, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Everything a transfer, an exemption or a group could touch. */
static char *snapshot(fx *f)
{
    return arena_printf(
        &f->a, "%s|%s|%s|%s|%s|%s|%s",
        query_text(f, "SELECT group_concat(id || ':' || state || ':' || version, ';') FROM"
                      " transfers"),
        query_text(f, "SELECT group_concat(id || ':' || unit_id || ':' || kind || ':' ||"
                      " start_date || ':' || coalesce(end_date, '-'), ';') FROM member_units"),
        query_text(f, "SELECT group_concat(id || ':' || unit_id || ':' || unit_path || ':' ||"
                      " version, ';') FROM members"),
        query_text(f, "SELECT group_concat(id || ':' || version || ':' ||"
                      " coalesce(revoked_on, '-'), ';') FROM exemptions"),
        query_text(f, "SELECT group_concat(id || ':' || version || ':' ||"
                      " coalesce(group_unit_id, '-'), ';') FROM delegations"),
        query_text(f, "SELECT count(*) || ':' || coalesce(max(dissolved_on), '') FROM units"),
        query_text(f, "SELECT count(*) || ':' || coalesce(max(hash), '') FROM audit_log"));
}

/* The official periods covering each day from..to: exactly one each. */
static void one_official_each_day(fx *f, int64_t member_id, const char *from, const char *to)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->s.db->h,
                                        "SELECT count(*) FROM member_units WHERE member_id = ?1 AND"
                                        " kind = 'official' AND start_date <= ?2 AND"
                                        " (end_date IS NULL OR end_date >= ?2)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (date_t d = D(from); d <= D(to); d++) {
        sqlite3_bind_int64(st, 1, member_id);
        const char *day = iso(f, d);
        sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 1)
            fail_msg("%s: %d official periods", day, sqlite3_column_int(st, 0));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    char *q = arena_printf(&f->a,
                           "SELECT count(*) FROM member_units WHERE member_id = %lld AND kind ="
                           " 'official' AND end_date IS NULL",
                           (long long)member_id);
    assert_int_equal(query_int(f, q), 1);
}

static int64_t member_unit(fx *f, int64_t member_id)
{
    return query_int(f, arena_printf(&f->a, "SELECT unit_id FROM members WHERE id = %lld",
                                     (long long)member_id));
}

/* ---- driving the use cases ---- */

static transfer issue_as(fx *f, const actor *who, int64_t member_id, const char *kind,
                         int64_t to_unit_id, const char *on)
{
    as(f, who);
    transfer_input in = {.member_id = member_id,
                         .kind = kind,
                         .to_unit_id = to_unit_id,
                         .issued_on = on,
                         .note = "Theo quyết định cử đi học"};
    transfer x;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_issue(&f->s, &in, &x, &errs) != ST_OK)
        fail_msg("issue: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    return x;
}

static transfer act_as(fx *f, const actor *who, const transfer *x, transfer_action a,
                       const char *on, const char *comment)
{
    as(f, who);
    transfer out;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_transfer_act(&f->s, x->id, x->version, a, on, comment, &out, &errs) != ST_OK)
        fail_msg("%s: %s", transfer_action_name(a), errs.items[0].code);
    errlist_free(&errs);
    return out;
}

/* A refused issue: the status, the first code, and nothing changed. */
static void issue_refused(fx *f, const actor *who, const transfer_input *in, status want,
                          const char *code)
{
    char *before = snapshot(f);
    as(f, who);
    transfer x;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_transfer_issue(&f->s, in, &x, &errs);
    if (st != want || !errs.len || strcmp(errs.items[0].code, code) != 0)
        fail_msg("want %s, got %d %s", code, st, errs.len ? errs.items[0].code : "-");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void act_refused(fx *f, const actor *who, int64_t id, int64_t version, transfer_action a,
                        const char *on, const char *comment, status want, const char *code)
{
    char *before = snapshot(f);
    as(f, who);
    transfer x;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_transfer_act(&f->s, id, version, a, on, comment, &x, &errs);
    if (st != want || !errs.len || strcmp(errs.items[0].code, code) != 0)
        fail_msg("want %s, got %d %s", code, st, errs.len ? errs.items[0].code : "-");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

/* A tourism trip to `country`, taken through its steps by the operator
 * with each step dated: submitted 15 days before departure, approved 10
 * before, departed on dep; back on `back` (NULL: still abroad). */
static int64_t trip_taken(fx *f, const member *m, const char *country, const char *dep,
                          const char *ret, const char *back)
{
    as(f, &svc_operator);
    return fx_trip_taken(&f->s, m->id, "tourism", country, dep, ret, back);
}

/* ---- the lifecycle ---- */

/* An official transfer to a cell in Tokyo, issued by the Hà Nội officer,
 * in transit (nothing moves), received by the Tokyo cell's secretary; then
 * the transfer back, issued by the overseas committee's officer and
 * received by cell A's secretary. One official period every day. */
static void test_official_transfer_there_and_back(void **state)
{
    fx *f = *state;
    char *periods0 = query_text(f, "SELECT group_concat(unit_id || start_date) FROM member_units");
    transfer x = issue_as(f, &f->officer_hn, f->an.id, "official", f->jp_cell.id, "2026-11-02");
    assert_int_equal(x.state, TRANSFER_ISSUED);
    assert_string_equal(x.letter_number, "1/2026/GGT");
    assert_string_equal(x.to_country, "JP");
    assert_string_equal(x.member_name, "Đặng Văn An");
    assert_false(x.back);
    assert_int_equal(x.from_unit_id, f->cell_a.id);
    /* The sender may cancel, not receive: the receiving cell is not his. */
    assert_int_equal(x.allowed, 1u << TRANSFER_CANCEL);
    /* 30 working days from Monday 2 November: Monday 14 December. */
    assert_int_equal(x.receive_due, D("2026-12-14"));
    assert_false(x.overdue);

    /* In transit: the member, the periods, the unit are as they were. */
    assert_int_equal(member_unit(f, f->an.id), f->cell_a.id);
    assert_string_equal(
        query_text(f, "SELECT group_concat(unit_id || start_date) FROM member_units"), periods0);

    /* The Tokyo secretary sees it (the member's name, not the record). */
    as(f, &f->sec_jp);
    transfer seen;
    error e = {0};
    assert_int_equal(svc_transfer_get(&f->s, x.id, &seen, &e), ST_OK);
    assert_int_equal(seen.allowed, (1u << TRANSFER_RECEIVE) | (1u << TRANSFER_RETURN));
    member m;
    assert_int_equal(svc_member_get(&f->s, f->an.id, &m, &e), ST_NOT_FOUND);

    transfer r = act_as(f, &f->sec_jp, &x, TRANSFER_RECEIVE, "2026-11-10", NULL);
    assert_int_equal(r.state, TRANSFER_RECEIVED);
    assert_int_equal(r.received_on, D("2026-11-10"));
    assert_string_equal(r.received_by, "bithu.tokyo");
    assert_int_equal(r.allowed, 0); /* an official transfer does not end */
    assert_int_equal(member_unit(f, f->an.id), f->jp_cell.id);
    assert_string_equal(
        query_text(f, arena_printf(&f->a, "SELECT unit_path FROM members WHERE id = %lld",
                                   (long long)f->an.id)),
        f->jp_cell.path);
    /* Now the Tokyo secretary's member; no longer Hà Nội's. */
    as(f, &f->sec_jp);
    assert_int_equal(svc_member_get(&f->s, f->an.id, &m, &e), ST_OK);
    as(f, &f->officer_hn);
    assert_int_equal(svc_member_get(&f->s, f->an.id, &m, &e), ST_NOT_FOUND);
    assert_int_equal(svc_transfer_get(&f->s, x.id, &seen, &e), ST_OK); /* sent from HN */

    /* Back home: a transfer from a unit abroad to one at home. */
    transfer b = issue_as(f, &f->officer_bng, f->an.id, "official", f->cell_a.id, "2026-11-18");
    assert_true(b.back);
    assert_string_equal(b.letter_number, "2/2026/GGT");
    assert_null(b.to_country);
    act_as(f, &f->sec_a, &b, TRANSFER_RECEIVE, "2026-11-20", NULL);
    assert_int_equal(member_unit(f, f->an.id), f->cell_a.id);

    one_official_each_day(f, f->an.id, "2010-05-19", "2026-11-23");
    assert_string_equal(
        query_text(f, arena_printf(&f->a,
                                   "SELECT group_concat(unit_id || ':' || start_date || ':' ||"
                                   " coalesce(end_date, '-'), ' ') FROM (SELECT * FROM"
                                   " member_units WHERE member_id = %lld ORDER BY id)",
                                   (long long)f->an.id)),
        arena_printf(&f->a,
                     "%lld:2010-05-19:2026-11-09 %lld:2026-11-10:2026-11-19 %lld:2026-11-20:-",
                     (long long)f->cell_a.id, (long long)f->jp_cell.id, (long long)f->cell_a.id));

    /* Each step audited once. */
    assert_int_equal(query_int(f, "SELECT count(*) FROM audit_log WHERE action = 'transfer.issue'"),
                     2);
    assert_int_equal(
        query_int(f, "SELECT count(*) FROM audit_log WHERE action = 'transfer.receive'"), 2);
}

/* Received on the day the current period began: that period closes the
 * same day, and there is still one open. */
static void test_official_received_on_the_periods_first_day(void **state)
{
    fx *f = *state;
    transfer x = issue_as(f, &f->officer_hn, f->chi.id, "official", f->jp_cell.id, "2026-11-02");
    act_as(f, &f->sec_jp, &x, TRANSFER_RECEIVE, "2026-11-05", NULL);
    transfer b = issue_as(f, &f->officer_bng, f->chi.id, "official", f->cell_b.id, "2026-11-05");
    act_as(f, &f->sec_b, &b, TRANSFER_RECEIVE, "2026-11-05", NULL);
    assert_int_equal(member_unit(f, f->chi.id), f->cell_b.id);
    assert_int_equal(query_int(f, arena_printf(&f->a,
                                               "SELECT count(*) FROM member_units WHERE"
                                               " member_id = %lld AND kind = 'official' AND"
                                               " end_date IS NULL",
                                               (long long)f->chi.id)),
                     1);
    one_official_each_day(f, f->chi.id, "2026-11-06", "2026-11-23");
}

/* A temporary transfer opens a temporary period beside the official one,
 * which stays; the sender ends it and the period closes. */
static void test_temporary_transfer_leaves_the_official_unit(void **state)
{
    fx *f = *state;
    transfer x = issue_as(f, &f->officer_hn, f->binh.id, "temporary", f->jp_cell.id, "2026-10-01");
    transfer r = act_as(f, &f->sec_jp, &x, TRANSFER_RECEIVE, "2026-10-05", NULL);
    assert_int_equal(member_unit(f, f->binh.id), f->cell_a.id);
    assert_int_equal(r.allowed, 0); /* the secretary may not end it: the sender does */
    char *q = arena_printf(&f->a,
                           "SELECT group_concat(unit_id || ':' || kind || ':' || start_date || ':'"
                           " || coalesce(end_date, '-'), ' ') FROM (SELECT * FROM member_units"
                           " WHERE member_id = %lld ORDER BY id)",
                           (long long)f->binh.id);
    assert_string_equal(query_text(f, q),
                        arena_printf(&f->a,
                                     "%lld:official:2010-05-19:- %lld:temporary:2026-10-05:-",
                                     (long long)f->cell_a.id, (long long)f->jp_cell.id));
    act_refused(f, &f->sec_jp, r.id, r.version, TRANSFER_END, "2026-11-20", NULL, ST_FORBIDDEN,
                "forbidden");
    as(f, &f->officer_hn);
    transfer got;
    error e = {0};
    assert_int_equal(svc_transfer_get(&f->s, r.id, &got, &e), ST_OK);
    assert_int_equal(got.allowed, 1u << TRANSFER_END);
    transfer end = act_as(f, &f->officer_hn, &r, TRANSFER_END, "2026-11-20", NULL);
    assert_int_equal(end.state, TRANSFER_ENDED);
    assert_int_equal(end.ended_on, D("2026-11-20"));
    assert_string_equal(query_text(f, q),
                        arena_printf(&f->a,
                                     "%lld:official:2010-05-19:- "
                                     "%lld:temporary:2026-10-05:2026-11-20",
                                     (long long)f->cell_a.id, (long long)f->jp_cell.id));
    one_official_each_day(f, f->binh.id, "2026-09-01", "2026-11-23");
}

/* Returned by the receiving unit, cancelled by the sender: nothing moves;
 * the next letter takes the next number. */
static void test_return_and_cancel_move_nothing(void **state)
{
    fx *f = *state;
    char *units0 = query_text(f, "SELECT group_concat(id || unit_id || version) FROM members");
    char *periods0 = query_text(f, "SELECT group_concat(id || coalesce(end_date, '-'))"
                                   " FROM member_units");
    transfer x = issue_as(f, &f->officer_hn, f->an.id, "official", f->jp_cell.id, "2026-11-02");
    transfer r = act_as(f, &f->sec_jp, &x, TRANSFER_RETURN, "2026-11-04", "Không đúng đối tượng");
    assert_int_equal(r.state, TRANSFER_RETURNED);
    assert_int_equal(r.returned_on, D("2026-11-04"));
    transfer y = issue_as(f, &f->officer_hn, f->an.id, "temporary", f->jp_cell.id, "2026-11-05");
    assert_string_equal(y.letter_number, "2/2026/GGT");
    transfer c = act_as(f, &f->officer_hn, &y, TRANSFER_CANCEL, NULL, "Đảng viên hoãn chuyến đi");
    assert_int_equal(c.state, TRANSFER_CANCELLED);
    assert_int_equal(c.cancelled_on, D("2026-11-23"));
    assert_string_equal(query_text(f, "SELECT group_concat(id || unit_id || version) FROM members"),
                        units0);
    assert_string_equal(query_text(f, "SELECT group_concat(id || coalesce(end_date, '-'))"
                                      " FROM member_units"),
                        periods0);

    /* Lists: outgoing from HN, incoming to the Tokyo cell, open only. */
    as(f, &f->officer_hn);
    transfer *items;
    size_t n;
    const char *next;
    error e = {0};
    transfer_query q = {.direction = "outgoing"};
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].id, y.id); /* newest first */
    q = (transfer_query){.state = "open"};
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 0);
    as(f, &f->sec_jp);
    q = (transfer_query){.direction = "incoming", .limit = 1};
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_non_null(next);
    q.cursor = next;
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, x.id);
    as(f, &f->sec_b); /* neither side nor the member's cell */
    q = (transfer_query){0};
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 0);
    q.direction = "sideways";
    assert_int_equal(svc_transfer_list(&f->s, &q, &items, &n, &next, &e), ST_INVALID);
    assert_string_equal(e.code, "transfer_direction_invalid");
}

/* ---- refusals ---- */

static void test_issue_refusals_change_nothing(void **state)
{
    fx *f = *state;
    transfer_input in = {.member_id = f->an.id, .kind = "official", .to_unit_id = f->jp_cell.id};
    issue_refused(f, &f->sec_a, &in, ST_FORBIDDEN, "forbidden");
    issue_refused(f, &f->member_an, &in, ST_FORBIDDEN, "forbidden");
    issue_refused(f, &f->officer_bng, &in, ST_NOT_FOUND, "member_not_found");
    transfer_input bad = in;
    bad.to_unit_id = f->cell_a.id;
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "transfer_same_unit");
    bad = in;
    bad.kind = "single";
    bad.to_unit_id = f->cell_b.id;
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "transfer_single_needs_overseas");
    bad = in;
    bad.kind = "forever";
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "transfer_kind_invalid");
    bad = in;
    bad.to_unit_id = 0;
    bad.to_unit_code = "XX.NONE";
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "unit_not_found");
    bad = in;
    bad.issued_on = "2026-11-24";
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "date_future");
    bad = in;
    bad.trip_id = 999;
    issue_refused(f, &f->officer_hn, &bad, ST_INVALID, "trip_not_found");

    /* A single-member transfer to the overseas committee is accepted. */
    transfer s = issue_as(f, &f->officer_hn, f->an.id, "single", f->bng.id, NULL);
    assert_int_equal(s.kind, TRANSFER_SINGLE);
    /* One open transfer at a time. */
    issue_refused(f, &f->officer_hn, &in, ST_CONFLICT, "transfer_already_open");
}

static void test_step_refusals_change_nothing(void **state)
{
    fx *f = *state;
    transfer x = issue_as(f, &f->officer_hn, f->an.id, "official", f->jp_cell.id, "2026-11-02");
    /* Outside both sides and the member: not found. */
    act_refused(f, &f->sec_b, x.id, x.version, TRANSFER_RECEIVE, NULL, NULL, ST_NOT_FOUND,
                "transfer_not_found");
    act_refused(f, &f->officer_hn, x.id, x.version, TRANSFER_RECEIVE, NULL, NULL, ST_FORBIDDEN,
                "forbidden");
    act_refused(f, &f->sec_a, x.id, x.version, TRANSFER_CANCEL, NULL, "x", ST_FORBIDDEN,
                "forbidden");
    act_refused(f, &f->sec_jp, x.id, x.version + 1, TRANSFER_RECEIVE, NULL, NULL, ST_CONFLICT,
                "version_stale");
    act_refused(f, &f->officer_hn, x.id, x.version, TRANSFER_END, NULL, NULL, ST_CONFLICT,
                "transfer_action_not_allowed");
    act_refused(f, &f->sec_jp, x.id, x.version, TRANSFER_RETURN, NULL, NULL, ST_INVALID,
                "required");
    act_refused(f, &f->officer_hn, x.id, x.version, TRANSFER_CANCEL, NULL, "  ", ST_INVALID,
                "required");
    act_refused(f, &f->sec_jp, x.id, x.version, TRANSFER_RECEIVE, "2026-11-01", NULL, ST_INVALID,
                "transfer_date_before_step");
    act_refused(f, &f->sec_jp, x.id, x.version, TRANSFER_RECEIVE, "2026-11-24", NULL, ST_INVALID,
                "date_future");
    act_refused(f, &f->sec_jp, x.id, x.version, TRANSFER_RECEIVE, "11/2026", NULL, ST_INVALID,
                "date_invalid");
    transfer r = act_as(f, &f->sec_jp, &x, TRANSFER_RECEIVE, NULL, NULL);
    act_refused(f, &f->sec_jp, r.id, r.version, TRANSFER_RECEIVE, NULL, NULL, ST_CONFLICT,
                "transfer_action_not_allowed");
    act_refused(f, &f->sec_jp, r.id, x.version, TRANSFER_RETURN, NULL, "x", ST_CONFLICT,
                "version_stale");
}

/* ---- two officers at once ---- */

typedef struct racer {
    const char *path;
    const actor *who;
    pthread_barrier_t *start;
    int64_t member_id, to_unit_id;
    int64_t transfer_id, version; /* receive: the transfer */
    bool receive;
    status st;
    const char *code;
} racer;

static void *race(void *p)
{
    racer *r = p;
    svc_conn *c = NULL;
    error e = {0};
    r->st = svc_conn_open(r->path, false, &c, &e);
    arena a = {0};
    svc s;
    errlist errs;
    errlist_init(&errs, 0);
    pthread_barrier_wait(r->start);
    if (r->st == ST_OK) {
        svc_init(&s, c, &a, r->who, LANG_VI, NOW_UNIX);
        transfer out;
        if (r->receive) {
            r->st = svc_transfer_act(&s, r->transfer_id, r->version, TRANSFER_RECEIVE, NULL, NULL,
                                     &out, &errs);
        } else {
            transfer_input in = {
                .member_id = r->member_id, .kind = "official", .to_unit_id = r->to_unit_id};
            r->st = svc_transfer_issue(&s, &in, &out, &errs);
        }
        r->code = errs.len ? errs.items[0].code : NULL;
    }
    errlist_free(&errs);
    arena_free(&a);
    svc_conn_close(c);
    return NULL;
}

static void run_race(fx *f, racer r[2])
{
    pthread_barrier_t start;
    pthread_t th[2];
    assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
    for (int i = 0; i < 2; i++) {
        r[i].path = f->path;
        r[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start);
}

/* The loser of two issues at once is told the member already has one
 * open (or the database was busy); one transfer, one official period. */
static void test_concurrent_issues_and_receives_keep_one_of_each(void **state)
{
    fx *f = *state;
    racer r[2] = {{.who = &f->officer_hn, .member_id = f->an.id, .to_unit_id = f->jp_cell.id},
                  {.who = &f->admin, .member_id = f->an.id, .to_unit_id = f->fr_cell.id}};
    run_race(f, r);
    int won = (r[0].st == ST_OK) + (r[1].st == ST_OK);
    assert_int_equal(won, 1);
    racer *lost = r[0].st == ST_OK ? &r[1] : &r[0];
    print_message("the second issue: %s\n", lost->code ? lost->code : "-");
    if (!(lost->st == ST_CONFLICT && strcmp(lost->code, "transfer_already_open") == 0) &&
        lost->st != ST_UNAVAILABLE)
        fail_msg("the loser: %d %s", lost->st, lost->code ? lost->code : "-");
    assert_int_equal(query_int(f, "SELECT count(*) FROM transfers"), 1);
    char *q = arena_printf(&f->a,
                           "SELECT count(*) FROM member_units WHERE member_id = %lld AND kind ="
                           " 'official' AND end_date IS NULL",
                           (long long)f->an.id);
    assert_int_equal(query_int(f, q), 1);

    /* Two receivers of the one transfer at the version they both read. */
    int64_t id = query_int(f, "SELECT id FROM transfers");
    int64_t to = query_int(f, "SELECT to_unit_id FROM transfers");
    actor sec_to =
        to == f->jp_cell.id ? f->sec_jp : staff("bithu.paris", 37, ROLE_SECRETARY, &f->fr_cell);
    actor officer_bng = f->officer_bng;
    racer g[2] = {{.who = &sec_to, .transfer_id = id, .version = 1, .receive = true},
                  {.who = &officer_bng, .transfer_id = id, .version = 1, .receive = true}};
    run_race(f, g);
    assert_int_equal((g[0].st == ST_OK) + (g[1].st == ST_OK), 1);
    lost = g[0].st == ST_OK ? &g[1] : &g[0];
    print_message("the second receive: %s\n", lost->code ? lost->code : "-");
    if (!(lost->st == ST_CONFLICT && (strcmp(lost->code, "version_stale") == 0 ||
                                      strcmp(lost->code, "transfer_action_not_allowed") == 0)) &&
        lost->st != ST_UNAVAILABLE)
        fail_msg("the loser: %d %s", lost->st, lost->code ? lost->code : "-");
    assert_int_equal(query_int(f, q), 1);
    assert_int_equal(member_unit(f, f->an.id), to);
    assert_int_equal(query_int(f, "SELECT count(*) FROM audit_log WHERE action ="
                                  " 'transfer.receive'"),
                     1);
    one_official_each_day(f, f->an.id, "2026-01-01", "2026-11-23");
}

/* ---- exemptions ---- */

static void grant_refused(fx *f, const actor *who, const exemption_input *in, status want,
                          const char *code)
{
    char *before = snapshot(f);
    as(f, who);
    exemption x;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_exemption_grant(&f->s, in, &x, &errs);
    bool has = false;
    for (size_t i = 0; i < errs.len; i++)
        has = has || strcmp(errs.items[i].code, code) == 0;
    if (st != want || !has)
        fail_msg("want %s, got %d %s", code, st, errs.len ? errs.items[0].code : "-");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static exemption grant_as(fx *f, const actor *who, const exemption_input *in)
{
    as(f, who);
    exemption x;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_exemption_grant(&f->s, in, &x, &errs) != ST_OK)
        fail_msg("grant: %s (%s)", errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    return x;
}

/* Each refusal of exemption_check, reached with the member's real facts. */
static void test_exemption_refusals_with_real_facts(void **state)
{
    fx *f = *state;
    /* Chi abroad in Japan, where a unit exists. */
    trip_taken(f, &f->chi, "JP", "2026-09-01", "2027-03-01", NULL);
    exemption_input in = {.member_id = f->chi.id,
                          .kind = "temporary",
                          .reason = "Học tập dài hạn",
                          .starts_on = "2026-10-01",
                          .ends_on = "2027-03-01"};
    grant_refused(f, &f->officer_hn, &in, ST_INVALID, "exemption_unit_exists");
    /* An, transferred to the Tokyo cell: a unit he can attend. */
    transfer x = issue_as(f, &f->officer_hn, f->an.id, "temporary", f->jp_cell.id, "2026-10-01");
    (void)x;
    exemption_input an = in;
    an.member_id = f->an.id;
    grant_refused(f, &f->officer_hn, &an, ST_INVALID, "exemption_unit_attendable");
    /* Bình at home: a full exemption is for a member abroad. */
    exemption_input b = {.member_id = f->binh.id,
                         .kind = "full",
                         .reason = "Ở nước ngoài một mình",
                         .starts_on = "2026-10-01"};
    grant_refused(f, &f->officer_hn, &b, ST_INVALID, "exemption_full_needs_abroad");
    /* The fields. */
    exemption_input t = {.member_id = f->binh.id,
                         .kind = "temporary",
                         .reason = "Điều trị bệnh dài ngày",
                         .starts_on = "2026-10-01",
                         .ends_on = "2027-10-01"};
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "exemption_too_long");
    t.ends_on = "2026-09-01";
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "exemption_dates_order");
    t.ends_on = NULL;
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "required");
    t.ends_on = "2027-03-01";
    t.reason = "  ";
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "required");
    t.reason = "Điều trị bệnh dài ngày";
    t.decided_on = "2026-12-01";
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "date_future");
    t.decided_on = NULL;
    t.kind = "partial";
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "exemption_kind_invalid");
    t.kind = "temporary";
    grant_refused(f, &f->sec_a, &t, ST_FORBIDDEN, "forbidden");
    grant_refused(f, &f->officer_bng, &t, ST_NOT_FOUND, "member_not_found");
    t.approving_unit_id = f->bng.id;
    grant_refused(f, &f->officer_hn, &t, ST_INVALID, "unit_not_found");
    t.approving_unit_id = 0;

    /* What remains is granted, approved by the officer's unit. */
    exemption ok = grant_as(f, &f->officer_hn, &t);
    assert_int_equal(ok.kind, EXEMPTION_TEMPORARY);
    assert_int_equal(ok.approving_unit_id, f->hn.id);
    assert_int_equal(ok.decided_on, D("2026-11-23"));
    assert_false(ok.expired);
}

/* A member abroad where no unit exists may be exempted fully; the
 * exemption is revoked once, then listed; an expired one is listed as
 * such. */
static void test_exemption_full_abroad_revoked_and_listed(void **state)
{
    fx *f = *state;
    trip_taken(f, &f->binh, "MN", "2026-03-01", "2027-03-01", NULL);
    exemption_input b = {.member_id = f->binh.id,
                         .kind = "full",
                         .reason = "Ở Mông Cổ, nơi chưa có tổ chức đảng",
                         .starts_on = "2026-04-01",
                         .decided_on = "2026-03-25",
                         .decision_number = "15-QĐ/ĐU"};
    exemption full = grant_as(f, &f->officer_hn, &b);
    assert_int_equal(full.kind, EXEMPTION_FULL);
    assert_string_equal(full.decision_number, "15-QĐ/ĐU");
    exemption_input t = {.member_id = f->an.id,
                         .kind = "temporary",
                         .reason = "Điều trị bệnh",
                         .starts_on = "2026-01-05",
                         .ends_on = "2026-06-30",
                         .decided_on = "2026-01-02"};
    exemption old = grant_as(f, &f->officer_hn, &t);
    assert_true(old.expired);

    as(f, &f->officer_hn);
    exemption out;
    errlist errs;
    errlist_init(&errs, 0);
    char *before = snapshot(f);
    assert_int_equal(svc_exemption_revoke(&f->s, full.id, full.version, "2026-03-01", &out, &errs),
                     ST_INVALID);
    assert_string_equal(errs.items[0].code, "exemption_revoke_before_decision");
    assert_string_equal(snapshot(f), before);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_exemption_revoke(&f->s, full.id, full.version, "2026-11-20", &out, &errs),
                     ST_OK);
    assert_int_equal(out.revoked_on, D("2026-11-20"));
    assert_int_equal(svc_exemption_revoke(&f->s, full.id, out.version, NULL, &out, &errs),
                     ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "exemption_already_revoked");
    errlist_free(&errs);

    exemption *items;
    size_t n;
    const char *next;
    error e = {0};
    assert_int_equal(svc_exemption_list(&f->s, 0, false, NULL, 0, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].id, old.id);
    assert_int_equal(svc_exemption_list(&f->s, 0, true, NULL, 0, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, old.id);
    as(f, &f->sec_b);
    assert_int_equal(svc_exemption_list(&f->s, 0, false, NULL, 0, &items, &n, &next, &e), ST_OK);
    assert_int_equal(n, 0);
}

/* ---- a delegation's temporary group ---- */

static void test_group_formed_and_dissolved(void **state)
{
    fx *f = *state;
    as(f, &f->officer_hn);
    delegation_input din = {.name = "Đoàn công tác Hà Nội tại Nhật Bản",
                            .unit_id = f->cell_a.id,
                            .planned_departure = "2026-12-01",
                            .planned_return = "2027-02-15"};
    delegation d;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_delegation_create(&f->s, &din, &d, &errs), ST_OK);
    char *before = snapshot(f);
    assert_int_equal(svc_group_form(&f->s, d.id, d.version, NULL, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].code, "group_leader_required");
    assert_string_equal(snapshot(f), before);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_group_dissolve(&f->s, d.id, d.version, NULL, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "group_not_formed");
    errlist_free(&errs);
    errlist_init(&errs, 0);
    delegation_input lead = {.leader_member_id = f->an.id};
    assert_int_equal(svc_delegation_update(&f->s, d.id, d.version, &lead, &d, &errs), ST_OK);

    assert_int_equal(svc_group_form(&f->s, d.id, d.version, "2026-11-20", &errs), ST_OK);
    int64_t gid = query_int(f, "SELECT group_unit_id FROM delegations");
    assert_string_equal(query_text(f, arena_printf(&f->a,
                                                   "SELECT kind || ':' || temporary || ':' ||"
                                                   " parent_id || ':' || name FROM units WHERE"
                                                   " id = %lld",
                                                   (long long)gid)),
                        arena_printf(&f->a, "group:1:%lld:Đoàn công tác Hà Nội tại Nhật Bản",
                                     (long long)f->cell_a.id));
    assert_int_equal(svc_group_form(&f->s, d.id, d.version, NULL, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "version_stale");
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_group_form(&f->s, d.id, d.version + 1, NULL, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "group_already_formed");
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_group_dissolve(&f->s, d.id, d.version + 1, "2026-11-19", &errs),
                     ST_INVALID);
    assert_string_equal(errs.items[0].code, "group_dissolve_before_formed");
    errlist_free(&errs);
    errlist_init(&errs, 0);
    assert_int_equal(svc_group_dissolve(&f->s, d.id, d.version + 1, "2026-11-23", &errs), ST_OK);
    assert_string_equal(query_text(f, "SELECT group_formed_on || ':' || group_dissolved_on FROM"
                                      " delegations"),
                        "2026-11-20:2026-11-23");
    assert_string_equal(
        query_text(f, arena_printf(&f->a, "SELECT dissolved_on FROM units WHERE id = %lld",
                                   (long long)gid)),
        "2026-11-23");
    assert_int_equal(query_int(f, "SELECT count(*) FROM audit_log WHERE action LIKE 'group.%'"), 2);
    errlist_free(&errs);
}

/* ---- the engine sees them ---- */

static compliance_report check_as_of(fx *f, const char *as_of)
{
    as(f, &svc_operator);
    compliance_report r;
    error e = {0};
    if (svc_compliance_check(&f->s, 0, D(as_of), &r, &e) != ST_OK)
        fail_msg("check: %s", e.code);
    return r;
}

static const compliance_finding *finding(const compliance_report *r, const char *code,
                                         int64_t member_id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].rule->code, code) == 0 && r->items[i].item.member_id == member_id)
            return &r->items[i];
    return NULL;
}

/* Chi in Japan from September without a transfer is a violation until a
 * temporary transfer covers the stay; the letter left in transit past its
 * 30 working days is one too. Bình in Mongolia is covered by an
 * exemption until it ends. */
static void test_compliance_sees_transfers_and_exemptions(void **state)
{
    fx *f = *state;
    trip_taken(f, &f->chi, "JP", "2026-06-01", "2027-03-01", NULL);
    trip_taken(f, &f->binh, "MN", "2026-06-01", "2027-03-01", NULL);
    compliance_report r = check_as_of(f, "2026-09-15");
    assert_int_equal(r.abroad_without_arrangement, 2);
    assert_true(finding(&r, "arrangement.temporary_transfer", f->chi.id)->violation);
    assert_true(finding(&r, "arrangement.single", f->binh.id)->violation);

    /* Arrangements, dated in the past through the loaders' path. */
    as(f, &svc_operator);
    error e = {0};
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    trip_when w = {.today = D("2026-09-20"), .at = "2026-09-20T02:00:00Z", .any_party = true};
    transfer_input xin = {.member_id = f->chi.id, .kind = "temporary", .to_unit_id = f->jp_cell.id};
    transfer x;
    if (svc_transfer_issue_tx(&f->s, &w, &xin, &x, &errs) != ST_OK)
        fail_msg("issue: %s", errs.items[0].code);
    exemption_input ein = {.member_id = f->binh.id,
                           .kind = "full",
                           .reason = "Mông Cổ chưa có tổ chức đảng",
                           .starts_on = "2026-09-20",
                           .ends_on = "2026-10-31"};
    exemption ex;
    if (svc_exemption_grant_tx(&f->s, &w, &ein, &ex, &errs) != ST_OK)
        fail_msg("grant: %s", errs.items[0].code);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
    assert_int_equal(x.issued_on, D("2026-09-20"));
    assert_int_equal(ex.decided_on, D("2026-09-20"));

    /* As of 1 October: both covered; the letter owed, not yet late. */
    r = check_as_of(f, "2026-10-01");
    assert_int_equal(r.abroad_without_arrangement, 0);
    const compliance_finding *due = finding(&r, "transfer.not_received", f->chi.id);
    assert_non_null(due);
    assert_false(due->violation);
    assert_int_equal(due->item.transfer_id, x.id);

    /* Today: the letter is past its 30 working days; the exemption ended
     * while Bình is still abroad. */
    r = check_as_of(f, "2026-11-23");
    due = finding(&r, "transfer.not_received", f->chi.id);
    assert_non_null(due);
    assert_true(due->violation);
    as(f, &f->sec_jp);
    transfer seen;
    assert_int_equal(svc_transfer_get(&f->s, x.id, &seen, &e), ST_OK);
    assert_true(seen.overdue);
    const compliance_finding *exp = finding(&r, "exemption.expired", f->binh.id);
    assert_non_null(exp);
    assert_true(exp->violation);
    assert_int_equal(exp->item.exemption_id, ex.id);

    /* Received: the finding is gone. */
    act_as(f, &f->sec_jp, &seen, TRANSFER_RECEIVE, NULL, NULL);
    r = check_as_of(f, "2026-11-23");
    assert_null(finding(&r, "transfer.not_received", f->chi.id));
    assert_null(finding(&r, "arrangement.temporary_transfer", f->chi.id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_official_transfer_there_and_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_official_received_on_the_periods_first_day, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_temporary_transfer_leaves_the_official_unit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_return_and_cancel_move_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issue_refusals_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step_refusals_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_issues_and_receives_keep_one_of_each,
                                        setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_exemption_refusals_with_real_facts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exemption_full_abroad_revoked_and_listed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_group_formed_and_dissolved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compliance_sees_transfers_and_exemptions, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
