/*
 * test_trips_service.c -- the trips' use cases over a real database: the
 * whole path taken by the right roles (member, secretary, officer), each
 * refusal (another party's step, a step the state does not allow, a stale
 * version, a member under review, a submission lacking its documents, a
 * file that is not what it claims, a trip outside the actor's scope) with
 * the database unchanged after it; deadlines stored and computed across
 * Tết with rule sets picked by the deepest unit; each role's inbox; and a
 * step under every allocation failure.
 */
#include "testutil.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "service/service.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/internal.h"
#include "store/store.h"

#define NOW_UNIX 1795400000 /* 2026-11-23, a Monday, 09:13 in Hà Nội */

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
    unit top, cell_a, cell_b;
    member an, binh, chi;
    actor member_an, sec_a, sec_b, officer, admin, auditor;
} fx;

static const unsigned char PDF[] = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

static unit make_unit(fx *f, const char *kind, const char *code, int64_t parent)
{
    unit_input in = {
        .kind = kind, .code = code, .name = code, .parent_id = parent, .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_unit_create(&f->s, &in, &u, &errs), ST_OK);
    errlist_free(&errs);
    error e;
    assert_int_equal(svc_unit_get(&f->s, u.id, &u, &e), ST_OK);
    return u;
}

static member make_member(fx *f, const char *name, const char *sex, const char *birth,
                          const char *cccd, int64_t unit_id)
{
    member_input in = {.full_name = name,
                       .sex = sex,
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
    f->top = make_unit(f, "committee", "HN", 0);
    unit g = make_unit(f, "grassroots", "HN.G1", f->top.id);
    f->cell_a = make_unit(f, "cell", "HN.G1.A", g.id);
    f->cell_b = make_unit(f, "cell", "HN.G1.B", g.id);
    f->an = make_member(f, "Đặng Văn An", "M", "1985-03-14", "001085012345", f->cell_a.id);
    f->chi = make_member(f, "Lê Thị Chi", "F", "1990-01-02", "001190012345", f->cell_a.id);
    f->binh = make_member(f, "Nguyễn Văn Bình", "M", "1986-04-01", "001086012345", f->cell_b.id);
    f->member_an = (actor){.user_id = 20,
                           .label = "an.dang",
                           .scope_path = f->cell_a.path,
                           .role = ROLE_MEMBER,
                           .member_id = f->an.id,
                           .unit_id = f->cell_a.id};
    f->sec_a = (actor){.user_id = 21,
                       .label = "bithu.a",
                       .scope_path = f->cell_a.path,
                       .role = ROLE_SECRETARY,
                       .unit_id = f->cell_a.id};
    f->sec_b = (actor){.user_id = 22,
                       .label = "bithu.b",
                       .scope_path = f->cell_b.path,
                       .role = ROLE_SECRETARY,
                       .unit_id = f->cell_b.id};
    f->officer = (actor){.user_id = 23,
                         .label = "canbo",
                         .scope_path = f->top.path,
                         .role = ROLE_OFFICER,
                         .unit_id = f->top.id};
    f->admin = (actor){.user_id = 24, .label = "quantri", .scope_path = "/", .role = ROLE_ADMIN};
    f->auditor =
        (actor){.user_id = 25, .label = "kiemtra", .scope_path = "/", .role = ROLE_AUDITOR};
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

static void as(fx *f, const actor *who) { svc_init(&f->s, f->c, &f->a, who, LANG_VI, NOW_UNIX); }

static const char *iso(date_t d)
{
    static char buf[DATE_ISO_LEN];
    date_format(d, buf);
    return buf;
}

static date_t D(const char *s)
{
    date_t d;
    assert_true(date_parse(s, &d));
    return d;
}

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

/* Everything a trip's change could touch. */
static char *snapshot(fx *f)
{
    return arena_printf(
        &f->a, "%s|%s|%s|%s|%s",
        query_text(f, "SELECT group_concat(id || ':' || state || ':' || version || ':' ||"
                      " coalesce(cell_opinion, '') || coalesce(decision, ''), ';') FROM trips"),
        query_text(f, "SELECT count(*) FROM trip_events"),
        query_text(f, "SELECT count(*) || ':' || coalesce(sum(size), 0) FROM trip_attachments"),
        query_text(f, "SELECT count(*) FROM disciplinary_reviews"),
        query_text(f, "SELECT count(*) || ':' || coalesce(max(hash), '') FROM audit_log"));
}

static const char *no_countries[] = {"JP", "KR"};

static trip_input relatives_trip(void)
{
    trip_input in = {.purpose = "relatives",
                     .countries = no_countries,
                     .n_countries = 2,
                     .countries_given = true,
                     .planned_departure = "2026-12-01",
                     .planned_return = "2026-12-20",
                     .payer = "self",
                     .delegation_id = -1};
    return in;
}

static trip_view create_as(fx *f, const actor *who, int64_t member_id, const trip_input *in)
{
    as(f, who);
    trip_view v;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_trip_create(&f->s, member_id, in, &v, &errs);
    if (st != ST_OK)
        fail_msg("create: %s (%s)", errs.len ? errs.items[0].code : "?",
                 errs.len ? errs.items[0].field : "");
    errlist_free(&errs);
    return v;
}

static void attach_ok(fx *f, const actor *who, int64_t id, const char *kind)
{
    as(f, who);
    trip_attachment at;
    error e = {0};
    status st = svc_trip_attach(&f->s, id, kind, "giay-to.pdf", PDF, sizeof PDF - 1, &at, &e);
    if (st != ST_OK)
        fail_msg("attach: %s", e.code);
}

/* Take a step that must succeed; returns the trip after it. */
static trip_view step_ok(fx *f, const actor *who, const trip_view *v, trip_action a,
                         const char *outcome, const char *comment, const char *date,
                         const char *text)
{
    as(f, who);
    trip_step step = {outcome, comment, date, text};
    trip_view out;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_trip_act(&f->s, v->t.id, v->t.version, a, &step, &out, &errs);
    if (st != ST_OK)
        fail_msg("%s as %s: %s (%s) %s", trip_action_name(a), who->label,
                 errs.len ? errs.items[0].code : "?", errs.len ? errs.items[0].field : "",
                 errs.len ? errs.items[0].arg : "");
    errlist_free(&errs);
    return out;
}

/* A step that must be refused with st and code, changing nothing; the
 * first error is copied to *first (may be NULL). */
static void step_refused(fx *f, const actor *who, int64_t id, int64_t version, trip_action a,
                         const trip_step *step, status want, const char *code, error *first)
{
    as(f, who);
    char *before = snapshot(f);
    trip_view out;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_trip_act(&f->s, id, version, a, step, &out, &errs), want);
    assert_true(errs.len >= 1);
    assert_string_equal(errs.items[0].code, code);
    if (first)
        *first = errs.items[0];
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

/* A relatives trip of An, filed by himself, submitted, cell agreed. */
static trip_view trip_at_committee(fx *f)
{
    trip_input in = relatives_trip();
    trip_view v = create_as(f, &f->member_an, 0, &in);
    attach_ok(f, &f->member_an, v.t.id, "relatives_commitment");
    as(f, &f->member_an);
    error e;
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_OK);
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    return step_ok(f, &f->sec_a, &v, TRIP_OPINION, "agree", NULL, NULL, NULL);
}

/* ---- the whole path ---- */

static void test_whole_path_as_the_right_roles(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    trip_view v = create_as(f, &f->member_an, 0, &in);
    assert_int_equal(v.t.state, TRIP_DRAFT);
    assert_int_equal(v.t.member_id, f->an.id);
    assert_int_equal(v.t.n_countries, 2);
    assert_string_equal(v.t.countries[1], "KR");
    assert_int_equal(v.missing.len, 1); /* the commitment about relatives abroad */
    assert_string_equal(v.missing.items[0].code, "trip_document_missing");
    assert_string_equal(v.missing.items[0].arg, "relatives_commitment");
    assert_true(v.allowed & (1u << TRIP_SUBMIT));
    assert_false(v.allowed & (1u << TRIP_OPINION)); /* a member is not the cell */
    attach_ok(f, &f->member_an, v.t.id, "relatives_commitment");
    error e;
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_OK);
    assert_int_equal(v.missing.len, 0);
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    assert_int_equal(v.t.state, TRIP_SUBMITTED);
    assert_string_equal(iso(v.t.submitted_on), "2026-11-23");
    assert_int_equal(v.waiting_for, TRIP_PARTY_CELL);
    v = step_ok(f, &f->sec_a, &v, TRIP_OPINION, "agree", "Đồng ý", NULL, NULL);
    assert_string_equal(v.t.cell_opinion, "agree");
    v = step_ok(f, &f->officer, &v, TRIP_DECIDE, "approved", NULL, NULL, NULL);
    assert_int_equal(v.t.state, TRIP_APPROVED);
    assert_string_equal(iso(v.t.decided_on), "2026-11-23");
    v = step_ok(f, &f->member_an, &v, TRIP_DEPART, NULL, NULL, "2026-11-20", NULL);
    assert_string_equal(iso(v.t.actual_departure), "2026-11-20");
    /* the secretary records the return on the member's behalf */
    v = step_ok(f, &f->sec_a, &v, TRIP_RETURN, NULL, NULL, "2026-11-21", NULL);
    assert_int_equal(v.t.state, TRIP_RETURNED);
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT_REPORT, NULL, NULL, NULL,
                "Thăm gia đình.\nKhông có gì phát sinh.");
    assert_string_equal(v.t.report_text, "Thăm gia đình.\nKhông có gì phát sinh.");
    v = step_ok(f, &f->sec_a, &v, TRIP_REVIEW_REPORT, "agree", NULL, NULL, NULL);
    v = step_ok(f, &f->officer, &v, TRIP_ACKNOWLEDGE, NULL, NULL, NULL, NULL);
    assert_int_equal(v.t.state, TRIP_CLOSED);
    assert_int_equal(v.waiting_for, TRIP_PARTY_NONE);
    assert_int_equal(v.allowed, 0);
    /* create, attach and the eight steps, each with who and when */
    assert_int_equal(v.n_events, 10);
    assert_string_equal(v.events[0].action, "create");
    assert_string_equal(v.events[2].action, "submit");
    assert_string_equal(v.events[2].actor_label, "an.dang");
    assert_string_equal(v.events[2].actor_role, "member");
    assert_string_equal(v.events[4].actor_role, "officer");
    assert_string_equal(v.events[6].action, "return");
    assert_string_equal(v.events[6].actor_role, "secretary");
    assert_string_equal(iso(v.events[6].on_date), "2026-11-21");
    assert_int_equal(v.n_attachments, 1);
    assert_string_equal(query_text(f, "SELECT count(*) FROM audit_log WHERE action LIKE 'trip.%'"),
                        "10");
    assert_string_equal(query_text(f, "SELECT scope_path FROM audit_log WHERE action ="
                                      " 'trip.decide'"),
                        f->cell_a.path);
}

static void test_secretary_files_on_behalf_and_member_needs_no_id(void **state)
{
    fx *f = *state;
    trip_input in = {.purpose = "tourism", .delegation_id = -1};
    trip_view v = create_as(f, &f->sec_a, f->chi.id, &in);
    assert_int_equal(v.t.member_id, f->chi.id);
    /* An does not see Chi's trip */
    as(f, &f->member_an);
    error e;
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "trip_not_found");
    /* staff must name the member */
    as(f, &f->sec_a);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_trip_create(&f->s, 0, &in, &v, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].field, "member_id");
    errlist_free(&errs);
}

/* ---- refusals change nothing ---- */

static void test_step_of_another_party_is_forbidden(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    trip_view v = create_as(f, &f->member_an, 0, &in);
    attach_ok(f, &f->member_an, v.t.id, "relatives_commitment");
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    trip_step agree = {.outcome = "agree"};
    error first;
    step_refused(f, &f->member_an, v.t.id, v.t.version, TRIP_OPINION, &agree, ST_FORBIDDEN,
                 "trip_party_forbidden", &first);
    assert_string_equal(first.arg, "cell");
    step_refused(f, &f->officer, v.t.id, v.t.version, TRIP_OPINION, &agree, ST_FORBIDDEN,
                 "trip_party_forbidden", NULL);
    step_refused(f, &f->admin, v.t.id, v.t.version, TRIP_WITHDRAW, NULL, ST_FORBIDDEN,
                 "trip_party_forbidden", &first);
    assert_string_equal(first.arg, "member");
    step_refused(f, &f->auditor, v.t.id, v.t.version, TRIP_OPINION, &agree, ST_FORBIDDEN,
                 "trip_party_forbidden", NULL);
}

static void test_step_the_state_does_not_allow_lists_the_allowed(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    trip_view v = create_as(f, &f->member_an, 0, &in);
    attach_ok(f, &f->member_an, v.t.id, "relatives_commitment");
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    trip_step ok = {.outcome = "approved"};
    error first;
    step_refused(f, &f->officer, v.t.id, v.t.version, TRIP_DECIDE, &ok, ST_CONFLICT,
                 "trip_action_not_allowed", &first);
    assert_string_equal(first.arg, "withdraw,opinion");
}

static void test_stale_version_conflicts(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    trip_step ok = {.outcome = "approved"};
    step_refused(f, &f->officer, v.t.id, v.t.version - 1, TRIP_DECIDE, &ok, ST_CONFLICT,
                 "version_stale", NULL);
    /* an edit with a stale version, and an edit after submission */
    as(f, &f->member_an);
    trip_input in = {.purpose_detail = "x", .delegation_id = -1};
    errlist errs;
    errlist_init(&errs, 0);
    char *before = snapshot(f);
    assert_int_equal(svc_trip_update(&f->s, v.t.id, v.t.version, &in, &v, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "trip_not_editable");
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void test_fields_of_a_step_are_checked(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    trip_step refuse = {.outcome = "refused"};
    error first;
    step_refused(f, &f->officer, v.t.id, v.t.version, TRIP_DECIDE, &refuse, ST_INVALID, "required",
                 &first);
    assert_string_equal(first.field, "comment");
    trip_step odd = {.outcome = "maybe"};
    step_refused(f, &f->officer, v.t.id, v.t.version, TRIP_DECIDE, &odd, ST_INVALID,
                 "trip_outcome_invalid", NULL);
    v = step_ok(f, &f->officer, &v, TRIP_DECIDE, "approved", NULL, NULL, NULL);
    trip_step future = {.date = "2026-11-24"};
    step_refused(f, &f->member_an, v.t.id, v.t.version, TRIP_DEPART, &future, ST_INVALID,
                 "date_future", NULL);
    trip_step bad = {.date = "23/11/2026"};
    step_refused(f, &f->member_an, v.t.id, v.t.version, TRIP_DEPART, &bad, ST_INVALID,
                 "date_invalid", NULL);
}

static void test_member_under_review_is_not_approved(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    as(f, &f->officer);
    disciplinary_review r;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_review_open(&f->s, f->an.id, "2026-11-01", &r, &errs), ST_OK);
    assert_int_equal(svc_review_open(&f->s, f->an.id, NULL, &r, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "review_already_open");
    errlist_free(&errs);
    error e;
    as(f, &f->officer);
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_OK);
    assert_true(v.under_review);
    trip_step ok = {.outcome = "approved"};
    step_refused(f, &f->officer, v.t.id, v.t.version, TRIP_DECIDE, &ok, ST_CONFLICT,
                 "trip_member_under_review", NULL);
    v = step_ok(f, &f->officer, &v, TRIP_DECIDE, "refused", "Đang xem xét kỷ luật", NULL, NULL);
    assert_int_equal(v.t.state, TRIP_REFUSED);
    assert_string_equal(v.t.decision_reasons, "Đang xem xét kỷ luật");
    /* a secretary may not open a review */
    as(f, &f->sec_a);
    errlist_init(&errs, 0);
    assert_int_equal(svc_review_open(&f->s, f->chi.id, NULL, &r, &errs), ST_FORBIDDEN);
    errlist_free(&errs);
}

static void test_rule_set_of_the_subtree_lets_a_reviewed_member_be_approved(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    as(f, &f->officer);
    disciplinary_review r;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_review_open(&f->s, f->an.id, NULL, &r, &errs), ST_OK);
    as(f, &f->admin);
    rule_set_input rin = {.unit_id = f->cell_a.id,
                          .effective_from = "2026-11-23",
                          .report_days = -1,
                          .report_in_calendar_days = -1,
                          .return_grace_workdays = -1,
                          .review_blocks_approval = 0,
                          .group_min_months = -1,
                          .group_min_members = -1,
                          .temp_transfer_months = -1,
                          .official_transfer_months = -1,
                          .official_transfer_strict = -1,
                          .transfer_receive_workdays = -1,
                          .probation_reminder_days = -1,
                          .note = "Quyết định số 12"};
    rule_set rs;
    assert_int_equal(svc_rule_set_add(&f->s, &rin, &rs, &errs), ST_OK);
    assert_int_equal(rs.report_days, 7); /* the rest from the set then in force */
    rin.effective_from = "2026-11-22";
    char *before = snapshot(f);
    assert_int_equal(svc_rule_set_add(&f->s, &rin, &rs, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].code, "rule_set_in_past");
    assert_string_equal(snapshot(f), before);
    errlist_free(&errs);
    v = step_ok(f, &f->officer, &v, TRIP_DECIDE, "approved", NULL, NULL, NULL);
    assert_int_equal(v.t.state, TRIP_APPROVED);
    assert_false(v.rules.review_blocks_approval);
}

static void test_submission_lacking_documents_lists_them(void **state)
{
    fx *f = *state;
    trip_input in = {.purpose = "official", .delegation_id = -1};
    trip_view v = create_as(f, &f->member_an, 0, &in);
    as(f, &f->member_an);
    char *before = snapshot(f);
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_trip_act(&f->s, v.t.id, v.t.version, TRIP_SUBMIT, NULL, &v, &errs),
                     ST_INVALID);
    assert_string_equal(errs.items[0].code, "trip_incomplete");
    bool decision = false, document = false;
    for (size_t i = 1; i < errs.len; i++) {
        decision |= strcmp(errs.items[i].field, "decision_number") == 0;
        document |= strcmp(errs.items[i].code, "trip_document_missing") == 0 &&
                    strcmp(errs.items[i].arg, "sending_decision") == 0;
    }
    assert_true(decision);
    assert_true(document);
    errlist_free(&errs);
    assert_string_equal(snapshot(f), before);
}

static void test_attachments_are_judged_by_content(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    trip_view v = create_as(f, &f->member_an, 0, &in);
    as(f, &f->member_an);
    char *before = snapshot(f);
    trip_attachment at;
    error e = {0};
    const unsigned char text[] = "<html>not a pdf</html>";
    assert_int_equal(
        svc_trip_attach(&f->s, v.t.id, "other", "scan.pdf", text, sizeof text - 1, &at, &e),
        ST_INVALID);
    assert_string_equal(e.code, "attachment_type");
    assert_int_equal(svc_trip_attach(&f->s, v.t.id, "other", "scan.pdf", text, 0, &at, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "attachment_empty");
    assert_int_equal(
        svc_trip_attach(&f->s, v.t.id, "passport", "a.pdf", PDF, sizeof PDF - 1, &at, &e),
        ST_INVALID);
    assert_string_equal(e.code, "attachment_kind_invalid");
    assert_string_equal(snapshot(f), before);
    /* a PNG named .pdf is a PNG; the path and control characters go */
    assert_int_equal(svc_trip_attach(&f->s, v.t.id, "invitation", "C:\\tmp\\thu\tmoi.pdf", PNG,
                                     sizeof PNG, &at, &e),
                     ST_OK);
    assert_string_equal(at.media_type, "image/png");
    assert_string_equal(at.file_name, "thumoi.pdf");
    char hex[65];
    sha256_hex(PNG, sizeof PNG, hex);
    assert_string_equal(at.sha256, hex);
    const unsigned char *data;
    size_t len;
    trip_attachment got;
    assert_int_equal(svc_trip_attachment_get(&f->s, v.t.id, at.id, &got, &data, &len, &e), ST_OK);
    assert_int_equal(len, sizeof PNG);
    assert_memory_equal(data, PNG, sizeof PNG);
    /* another cell's secretary cannot read it */
    as(f, &f->sec_b);
    assert_int_equal(svc_trip_attachment_get(&f->s, v.t.id, at.id, &got, &data, &len, &e),
                     ST_NOT_FOUND);
    assert_string_equal(e.code, "trip_not_found");
    /* removed from the draft, audited */
    as(f, &f->member_an);
    assert_int_equal(svc_trip_detach(&f->s, v.t.id, at.id, &e), ST_OK);
    assert_string_equal(query_text(f,
                                   "SELECT count(*) FROM audit_log WHERE action IN ('trip.attach',"
                                   " 'trip.detach')"),
                        "2");
}

static void test_another_cells_secretary_finds_no_trip(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    error e;
    as(f, &f->sec_b);
    trip_view got;
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &got, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "trip_not_found");
    trip_step ok = {.outcome = "agree"};
    step_refused(f, &f->sec_b, v.t.id, v.t.version, TRIP_REVIEW_REPORT, &ok, ST_NOT_FOUND,
                 "trip_not_found", NULL);
    trip_query q = {0};
    trip_page p;
    assert_int_equal(svc_trip_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 0);
    /* nor may a secretary file for a member of another cell */
    trip_input in = {.purpose = "tourism", .delegation_id = -1};
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_trip_create(&f->s, f->an.id, &in, &got, &errs), ST_NOT_FOUND);
    errlist_free(&errs);
}

/* ---- deadlines across Tết, rule sets by the deepest unit ---- */

/* File a trip for `m` in the past, as the operator loading data, and bring
 * it back on `back`; returns its id. */
static int64_t returned_on(fx *f, const member *m, const char *back)
{
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    error e = {0};
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    errlist errs;
    errlist_init(&errs, 0);
    trip_when w = {.today = D("2026-01-05"), .at = "2026-01-05T02:00:00Z", .any_party = true};
    trip_input in = {.purpose = "tourism",
                     .countries = no_countries,
                     .n_countries = 1,
                     .countries_given = true,
                     .planned_departure = "2026-01-20",
                     .planned_return = "2026-02-12",
                     .payer = "self",
                     .delegation_id = -1};
    trip t;
    assert_int_equal(svc_trip_create_tx(&f->s, &w, m->id, &in, &t, &errs), ST_OK);
    static const struct {
        trip_action a;
        const char *outcome, *day;
    } steps[] = {{TRIP_SUBMIT, NULL, "2026-01-05"},
                 {TRIP_OPINION, "agree", "2026-01-07"},
                 {TRIP_DECIDE, "approved", "2026-01-09"},
                 {TRIP_DEPART, NULL, "2026-01-20"},
                 {TRIP_RETURN, NULL, NULL}};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        const char *day = steps[i].day ? steps[i].day : back;
        w.today = D(day);
        trip_step st = {.outcome = steps[i].outcome};
        status rc = svc_trip_act_tx(&f->s, &w, t.id, t.version, steps[i].a, &st, &t, &errs);
        if (rc != ST_OK)
            fail_msg("%s: %s", trip_action_name(steps[i].a), errs.items[0].code);
    }
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
    return t.id;
}

static trip_view get_as(fx *f, const actor *who, int64_t id)
{
    as(f, who);
    trip_view v;
    error e;
    assert_int_equal(svc_trip_get(&f->s, id, &v, &e), ST_OK);
    return v;
}

static void test_report_due_counts_working_days_across_tet(void **state)
{
    fx *f = *state;
    int64_t id = returned_on(f, &f->an, "2026-02-13"); /* the Friday before Tết */
    trip_view v = get_as(f, &f->sec_a, id);
    assert_int_equal(v.t.state, TRIP_RETURNED);
    assert_string_equal(iso(v.t.actual_return), "2026-02-13");
    /* Tết 2026 closes 14-22 February: 23, 24, 25, 26, 27, 2 and 3 March */
    assert_string_equal(iso(v.deadlines.report_due), "2026-03-03");
    assert_true(v.deadlines.report_late); /* today is 23 November */
    assert_int_equal(v.rules.id, 0);      /* the defaults */
    assert_int_equal(v.events[5].action[0], 'r');
    assert_string_equal(iso(v.events[5].on_date), "2026-02-13");
    assert_string_equal(v.events[5].actor_role, "member");
}

static void test_rule_sets_apply_by_the_deepest_unit(void **state)
{
    fx *f = *state;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, NOW_UNIX);
    error e = {0};
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    trip_when w = {.today = D("2026-01-01"), .at = "2026-01-01T01:00:00Z"};
    rule_set_input whole = {.effective_from = "2026-01-01",
                            .report_days = 10,
                            .report_in_calendar_days = -1,
                            .return_grace_workdays = -1,
                            .review_blocks_approval = -1,
                            .group_min_months = -1,
                            .group_min_members = -1,
                            .temp_transfer_months = -1,
                            .official_transfer_months = -1,
                            .official_transfer_strict = -1,
                            .transfer_receive_workdays = -1,
                            .probation_reminder_days = -1};
    rule_set_input cell = whole;
    cell.unit_code = "HN.G1.A";
    cell.report_days = 15;
    cell.report_in_calendar_days = 1;
    rule_set rs;
    assert_int_equal(svc_rule_set_add_tx(&f->s, &w, &whole, &rs, &errs), ST_OK);
    assert_int_equal(svc_rule_set_add_tx(&f->s, &w, &cell, &rs, &errs), ST_OK);
    assert_int_equal(svc_rule_set_add_tx(&f->s, &w, &cell, &rs, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "rule_set_duplicate");
    store_rollback(f->s.db);
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    assert_int_equal(svc_rule_set_add_tx(&f->s, &w, &whole, &rs, &errs), ST_OK);
    assert_int_equal(svc_rule_set_add_tx(&f->s, &w, &cell, &rs, &errs), ST_OK);
    assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    errlist_free(&errs);
    int64_t in_a = returned_on(f, &f->an, "2026-02-13");
    int64_t in_b = returned_on(f, &f->binh, "2026-02-13");
    trip_view va = get_as(f, &f->officer, in_a), vb = get_as(f, &f->officer, in_b);
    assert_int_equal(va.rules.report_days, 15);
    /* 15 calendar days end on Saturday 28 February: the next working day */
    assert_string_equal(iso(va.deadlines.report_due), "2026-03-02");
    assert_int_equal(vb.rules.report_days, 10);
    assert_string_equal(iso(vb.deadlines.report_due), "2026-03-06"); /* working days */
    /* the effective set and the list, through the service */
    as(f, &f->sec_a);
    rule_set eff;
    assert_int_equal(svc_rule_set_effective(&f->s, 0, DATE_NONE, &eff, &e), ST_OK);
    assert_true(eff.report_in_calendar_days);
    rule_set *list;
    size_t n;
    as(f, &f->sec_b);
    assert_int_equal(svc_rule_set_list(&f->s, &list, &n, &e), ST_OK);
    assert_int_equal(n, 1); /* the installation's; not cell A's */
    as(f, &f->member_an);
    assert_int_equal(svc_rule_set_list(&f->s, &list, &n, &e), ST_FORBIDDEN);
}

/* ---- inboxes ---- */

static size_t inbox_n(fx *f, const actor *who, int64_t *first_id)
{
    as(f, who);
    trip_page p;
    error e;
    assert_int_equal(svc_trip_inbox(&f->s, NULL, 0, &p, &e), ST_OK);
    if (first_id)
        *first_id = p.n ? p.items[0].t.id : 0;
    return p.n;
}

static void test_inbox_holds_what_waits_for_each_role(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    trip_view draft = create_as(f, &f->sec_a, f->chi.id, &in);
    trip_view v = create_as(f, &f->member_an, 0, &in);
    attach_ok(f, &f->member_an, v.t.id, "relatives_commitment");
    as(f, &f->member_an);
    error e;
    assert_int_equal(svc_trip_get(&f->s, v.t.id, &v, &e), ST_OK);
    v = step_ok(f, &f->member_an, &v, TRIP_SUBMIT, NULL, NULL, NULL, NULL);
    int64_t first;
    assert_int_equal(inbox_n(f, &f->member_an, NULL), 0); /* An's waits for the cell */
    assert_int_equal(inbox_n(f, &f->sec_a, &first), 2);   /* cell first, then Chi's draft */
    assert_int_equal(first, v.t.id);
    assert_int_equal(inbox_n(f, &f->officer, NULL), 0);
    assert_int_equal(inbox_n(f, &f->sec_b, NULL), 0);
    assert_int_equal(inbox_n(f, &f->admin, NULL), 0);
    v = step_ok(f, &f->sec_a, &v, TRIP_OPINION, "agree", NULL, NULL, NULL);
    assert_int_equal(inbox_n(f, &f->officer, &first), 1);
    assert_int_equal(first, v.t.id);
    v = step_ok(f, &f->officer, &v, TRIP_DECIDE, "approved", NULL, NULL, NULL);
    assert_int_equal(inbox_n(f, &f->member_an, &first), 1); /* to leave */
    assert_int_equal(first, v.t.id);
    /* paging the secretary's inbox one by one visits each once */
    as(f, &f->sec_a);
    trip_page p;
    assert_int_equal(svc_trip_inbox(&f->s, NULL, 1, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_non_null(p.next_cursor);
    int64_t a = p.items[0].t.id;
    assert_int_equal(svc_trip_inbox(&f->s, p.next_cursor, 1, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_true(p.items[0].t.id != a);
    assert_null(p.next_cursor);
    (void)draft;
}

static void test_list_filters_and_pages(void **state)
{
    fx *f = *state;
    trip_input in = relatives_trip();
    create_as(f, &f->sec_a, f->chi.id, &in);
    in.planned_departure = "2026-12-05";
    create_as(f, &f->sec_a, f->an.id, &in);
    trip_input bare = {.purpose = "medical", .delegation_id = -1};
    create_as(f, &f->sec_b, f->binh.id, &bare);
    as(f, &f->officer);
    trip_query q = {.limit = 2};
    trip_page p;
    error e;
    assert_int_equal(svc_trip_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.items[0].t.member_id, f->binh.id); /* no departure yet: first */
    assert_string_equal(iso(p.items[1].t.planned_departure), "2026-12-05");
    q.cursor = p.next_cursor;
    assert_int_equal(svc_trip_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_null(p.next_cursor);
    trip_query byc = {.country = "kr"};
    assert_int_equal(svc_trip_list(&f->s, &byc, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    trip_query bad = {.state = "flying"};
    assert_int_equal(svc_trip_list(&f->s, &bad, &p, &e), ST_INVALID);
    assert_string_equal(e.code, "trip_state_invalid");
    trip_query cur = {.cursor = "!!"};
    assert_int_equal(svc_trip_list(&f->s, &cur, &p, &e), ST_INVALID);
    assert_string_equal(e.code, "cursor_invalid");
    as(f, &f->member_an);
    trip_query mine = {.member_id = f->chi.id};
    assert_int_equal(svc_trip_list(&f->s, &mine, &p, &e), ST_OK);
    assert_int_equal(p.n, 1); /* his own, whatever he asks */
    assert_int_equal(p.items[0].t.member_id, f->an.id);
}

static void test_delegation_groups_trips(void **state)
{
    fx *f = *state;
    as(f, &f->officer);
    delegation_input din = {.name = "Đoàn công tác Nhật Bản",
                            .unit_code = "HN",
                            .leader_member_id = f->an.id,
                            .planned_departure = "2026-12-01",
                            .planned_return = "2026-12-10"};
    delegation d;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_delegation_create(&f->s, &din, &d, &errs), ST_OK);
    assert_string_equal(d.leader_name, "Đặng Văn An");
    trip_input in = relatives_trip();
    in.delegation_id = d.id;
    create_as(f, &f->sec_a, f->an.id, &in);
    in.delegation_id = 999;
    as(f, &f->sec_a);
    trip_view v;
    assert_int_equal(svc_trip_create(&f->s, f->chi.id, &in, &v, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].code, "delegation_not_found");
    errlist_free(&errs);
    as(f, &f->officer);
    trip_view *trips;
    size_t n;
    error e;
    assert_int_equal(svc_delegation_get(&f->s, d.id, &d, &trips, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(d.n_trips, 1);
    assert_string_equal(trips[0].delegation_name, "Đoàn công tác Nhật Bản");
    as(f, &f->sec_b);
    assert_int_equal(svc_delegation_get(&f->s, d.id, &d, &trips, &n, &e), ST_NOT_FOUND);
}

/* ---- allocation failures ---- */

/* STYLE.md rule 18: a step failing at any allocation answers out of memory
 * and leaves the trip, its timeline and the trail as they were. */
static void test_step_survives_every_allocation_failure(void **state)
{
    fx *f = *state;
    trip_view v = trip_at_committee(f);
    char *before = snapshot(f);
    status st = ST_NOMEM;
    long n;
    for (n = 0; st != ST_OK && n < 100000; n++) {
        arena a = ARENA_INIT;
        svc s;
        svc_init(&s, f->c, &a, &f->officer, LANG_VI, NOW_UNIX);
        errlist errs;
        errlist_init(&errs, 0);
        trip_step step = {.outcome = "approved"};
        trip_view out;
        alloc_fail_after(n);
        st = svc_trip_act(&s, v.t.id, v.t.version, TRIP_DECIDE, &step, &out, &errs);
        bool injected = alloc_failed();
        alloc_fail_after(-1);
        errlist_free(&errs);
        arena_free(&a);
        if (st != ST_OK) {
            assert_true(injected);
            assert_int_equal(st, ST_NOMEM);
            assert_string_equal(snapshot(f), before);
        }
    }
    assert_int_equal(st, ST_OK);
    assert_true(n > 10);
    as(f, &f->officer);
    v = get_as(f, &f->officer, v.t.id);
    assert_int_equal(v.t.state, TRIP_APPROVED);
}

int main(void)
{
    if (alloc_install_sqlite() != 0)
        return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_whole_path_as_the_right_roles),
        T(test_secretary_files_on_behalf_and_member_needs_no_id),
        T(test_step_of_another_party_is_forbidden),
        T(test_step_the_state_does_not_allow_lists_the_allowed),
        T(test_stale_version_conflicts),
        T(test_fields_of_a_step_are_checked),
        T(test_member_under_review_is_not_approved),
        T(test_rule_set_of_the_subtree_lets_a_reviewed_member_be_approved),
        T(test_submission_lacking_documents_lists_them),
        T(test_attachments_are_judged_by_content),
        T(test_another_cells_secretary_finds_no_trip),
        T(test_report_due_counts_working_days_across_tet),
        T(test_rule_sets_apply_by_the_deepest_unit),
        T(test_inbox_holds_what_waits_for_each_role),
        T(test_list_filters_and_pages),
        T(test_delegation_groups_trips),
        T(test_step_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
