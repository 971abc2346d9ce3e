/*
 * test_trip.c -- the trip's state machine, record and deadlines
 * (domain/trip.h).
 *
 * The state machine is checked against a table written here by hand from
 * the lifecycle of DOMAIN.md and docs/api.md, not read back from trip.c:
 * every (state, action) pair, with both outcomes of the two decisions, and
 * for each refusal the exact list of allowed actions. Deadlines are
 * checked on dates worked out by hand across weekends, Tết 2026 (17 Feb),
 * a make-up Saturday, and calendar-day periods.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/limits.h"
#include "domain/calendar.h"
#include "domain/rules.h"
#include "domain/trip.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

/* ---- the state machine ---- */

/* One allowed step: from, action, the state after approval (or the only
 * outcome), the state after refusal (same as to when the action carries
 * no outcome). */
typedef struct step {
    trip_state from;
    trip_action action;
    trip_state to, to_refused;
} step;

static const step lifecycle[] = {
    {TRIP_DRAFT, TRIP_SUBMIT, TRIP_SUBMITTED, TRIP_SUBMITTED},
    {TRIP_DRAFT, TRIP_WITHDRAW, TRIP_WITHDRAWN, TRIP_WITHDRAWN},
    {TRIP_SUBMITTED, TRIP_WITHDRAW, TRIP_WITHDRAWN, TRIP_WITHDRAWN},
    {TRIP_SUBMITTED, TRIP_OPINION, TRIP_CELL_REVIEWED, TRIP_CELL_REVIEWED},
    {TRIP_CELL_REVIEWED, TRIP_WITHDRAW, TRIP_WITHDRAWN, TRIP_WITHDRAWN},
    {TRIP_CELL_REVIEWED, TRIP_DECIDE, TRIP_APPROVED, TRIP_REFUSED},
    {TRIP_APPROVED, TRIP_CANCEL, TRIP_CANCELLED, TRIP_CANCELLED},
    {TRIP_APPROVED, TRIP_DEPART, TRIP_DEPARTED, TRIP_DEPARTED},
    {TRIP_DEPARTED, TRIP_REQUEST_EXTENSION, TRIP_EXTENSION_REQUESTED, TRIP_EXTENSION_REQUESTED},
    {TRIP_DEPARTED, TRIP_RETURN, TRIP_RETURNED, TRIP_RETURNED},
    {TRIP_EXTENSION_REQUESTED, TRIP_DECIDE_EXTENSION, TRIP_DEPARTED, TRIP_DEPARTED},
    {TRIP_EXTENSION_REQUESTED, TRIP_RETURN, TRIP_RETURNED, TRIP_RETURNED},
    {TRIP_RETURNED, TRIP_SUBMIT_REPORT, TRIP_REPORT_SUBMITTED, TRIP_REPORT_SUBMITTED},
    {TRIP_REPORT_SUBMITTED, TRIP_REVIEW_REPORT, TRIP_REPORT_REVIEWED, TRIP_REPORT_REVIEWED},
    {TRIP_REPORT_REVIEWED, TRIP_ACKNOWLEDGE, TRIP_CLOSED, TRIP_CLOSED},
};
#define NSTEPS (sizeof lifecycle / sizeof lifecycle[0])

/* What the refusal's arg must list in each state, in action order. */
static const char *const allowed_arg[TRIP_STATE_COUNT] = {
    [TRIP_DRAFT] = "submit,withdraw",
    [TRIP_SUBMITTED] = "withdraw,opinion",
    [TRIP_CELL_REVIEWED] = "withdraw,decide",
    [TRIP_APPROVED] = "cancel,depart",
    [TRIP_REFUSED] = "",
    [TRIP_DEPARTED] = "request_extension,return",
    [TRIP_EXTENSION_REQUESTED] = "decide_extension,return",
    [TRIP_RETURNED] = "submit_report",
    [TRIP_REPORT_SUBMITTED] = "review_report",
    [TRIP_REPORT_REVIEWED] = "acknowledge",
    [TRIP_CLOSED] = "",
    [TRIP_WITHDRAWN] = "",
    [TRIP_CANCELLED] = "",
};

static const step *find_step(trip_state s, trip_action a)
{
    for (size_t i = 0; i < NSTEPS; i++)
        if (lifecycle[i].from == s && lifecycle[i].action == a)
            return &lifecycle[i];
    return NULL;
}

static void check_pair(trip_state s, trip_action a, bool approve)
{
    const step *want = find_step(s, a);
    trip_state to = TRIP_CLOSED;
    error e = {0};
    status st = trip_transition(s, a, approve, &to, &e);
    if (want) {
        assert_int_equal(st, ST_OK);
        assert_int_equal(to, approve ? want->to : want->to_refused);
        return;
    }
    assert_int_equal(st, ST_CONFLICT);
    assert_int_equal(e.st, ST_CONFLICT);
    assert_string_equal(e.code, "trip_action_not_allowed");
    assert_string_equal(e.arg, allowed_arg[s]);
    assert_int_equal(to, TRIP_CLOSED); /* untouched on refusal */
}

static void test_trip_every_state_with_every_action(void **state)
{
    (void)state;
    int allowed = 0;
    for (int s = 0; s < TRIP_STATE_COUNT; s++)
        for (int a = 0; a < TRIP_ACTION_COUNT; a++) {
            check_pair((trip_state)s, (trip_action)a, true);
            check_pair((trip_state)s, (trip_action)a, false);
            allowed += find_step((trip_state)s, (trip_action)a) != NULL;
        }
    assert_int_equal(allowed, (int)NSTEPS);
    assert_int_equal(TRIP_STATE_COUNT * TRIP_ACTION_COUNT, 156);
}

static void test_trip_allowed_actions_match_the_table(void **state)
{
    (void)state;
    for (int s = 0; s < TRIP_STATE_COUNT; s++) {
        unsigned want = 0;
        for (size_t i = 0; i < NSTEPS; i++)
            if (lifecycle[i].from == (trip_state)s)
                want |= 1u << lifecycle[i].action;
        assert_int_equal(trip_allowed_actions((trip_state)s), want);
        assert_int_equal(trip_state_final((trip_state)s), want == 0);
    }
}

static void test_trip_refusal_names_the_allowed_actions(void **state)
{
    (void)state;
    trip_state to;
    error e;
    assert_int_equal(trip_transition(TRIP_APPROVED, TRIP_SUBMIT_REPORT, true, &to, &e),
                     ST_CONFLICT);
    assert_string_equal(e.arg, "cancel,depart");
    assert_string_equal(e.field, "");
    char msg[256];
    err_message(&e, LANG_EN, msg, sizeof msg);
    assert_non_null(strstr(msg, "cancel,depart"));
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_non_null(strstr(msg, "thao tác"));
    /* A final state allows nothing, and says so with an empty list. */
    assert_int_equal(trip_transition(TRIP_CLOSED, TRIP_ACKNOWLEDGE, true, &to, &e), ST_CONFLICT);
    assert_string_equal(e.arg, "");
    /* Out-of-range values are refused, never read past the tables. */
    assert_int_equal(trip_transition((trip_state)99, TRIP_SUBMIT, true, &to, &e), ST_CONFLICT);
    assert_int_equal(trip_transition(TRIP_DRAFT, (trip_action)99, true, &to, &e), ST_CONFLICT);
    assert_string_equal(e.arg, "submit,withdraw");
}

static void test_trip_waiting_for_each_state(void **state)
{
    (void)state;
    static const trip_party want[TRIP_STATE_COUNT] = {
        [TRIP_DRAFT] = TRIP_PARTY_MEMBER,
        [TRIP_SUBMITTED] = TRIP_PARTY_CELL,
        [TRIP_CELL_REVIEWED] = TRIP_PARTY_COMMITTEE,
        [TRIP_APPROVED] = TRIP_PARTY_MEMBER,
        [TRIP_REFUSED] = TRIP_PARTY_NONE,
        [TRIP_DEPARTED] = TRIP_PARTY_MEMBER,
        [TRIP_EXTENSION_REQUESTED] = TRIP_PARTY_COMMITTEE,
        [TRIP_RETURNED] = TRIP_PARTY_MEMBER,
        [TRIP_REPORT_SUBMITTED] = TRIP_PARTY_CELL,
        [TRIP_REPORT_REVIEWED] = TRIP_PARTY_COMMITTEE,
        [TRIP_CLOSED] = TRIP_PARTY_NONE,
        [TRIP_WITHDRAWN] = TRIP_PARTY_NONE,
        [TRIP_CANCELLED] = TRIP_PARTY_NONE,
    };
    for (int s = 0; s < TRIP_STATE_COUNT; s++)
        assert_int_equal(trip_waiting_for((trip_state)s), want[s]);
    for (int s = 0; s < TRIP_STATE_COUNT; s++)
        assert_int_equal(trip_state_abroad((trip_state)s),
                         s == TRIP_DEPARTED || s == TRIP_EXTENSION_REQUESTED);
}

static void test_trip_action_parties(void **state)
{
    (void)state;
    static const trip_party want[TRIP_ACTION_COUNT] = {
        [TRIP_SUBMIT] = TRIP_PARTY_MEMBER,
        [TRIP_WITHDRAW] = TRIP_PARTY_MEMBER,
        [TRIP_OPINION] = TRIP_PARTY_CELL,
        [TRIP_DECIDE] = TRIP_PARTY_COMMITTEE,
        [TRIP_CANCEL] = TRIP_PARTY_MEMBER,
        [TRIP_DEPART] = TRIP_PARTY_MEMBER,
        [TRIP_REQUEST_EXTENSION] = TRIP_PARTY_MEMBER,
        [TRIP_DECIDE_EXTENSION] = TRIP_PARTY_COMMITTEE,
        [TRIP_RETURN] = TRIP_PARTY_MEMBER,
        [TRIP_SUBMIT_REPORT] = TRIP_PARTY_MEMBER,
        [TRIP_REVIEW_REPORT] = TRIP_PARTY_CELL,
        [TRIP_ACKNOWLEDGE] = TRIP_PARTY_COMMITTEE,
    };
    for (int a = 0; a < TRIP_ACTION_COUNT; a++)
        assert_int_equal(trip_action_party((trip_action)a), want[a]);
    assert_string_equal(trip_party_name(TRIP_PARTY_NONE), "none");
    assert_string_equal(trip_party_name(TRIP_PARTY_MEMBER), "member");
    assert_string_equal(trip_party_name(TRIP_PARTY_CELL), "cell");
    assert_string_equal(trip_party_name(TRIP_PARTY_COMMITTEE), "committee");
}

static void test_trip_names_round_trip(void **state)
{
    (void)state;
    static const char *const states[] = {
        "draft",    "submitted",           "cell_reviewed", "approved",         "refused",
        "departed", "extension_requested", "returned",      "report_submitted", "report_reviewed",
        "closed",   "withdrawn",           "cancelled"};
    static const char *const actions[] = {
        "submit", "withdraw",      "opinion",           "decide",
        "cancel", "depart",        "request_extension", "decide_extension",
        "return", "submit_report", "review_report",     "acknowledge"};
    static const char *const purposes[] = {"official",  "study",   "labour",       "tourism",
                                           "relatives", "medical", "private_other"};
    static const char *const payers[] = {"self", "agency", "host", "other"};
    static const char *const docs[] = {"sending_decision", "relatives_commitment",
                                       "invitation",       "self_assessment",
                                       "report",           "other"};
    for (int i = 0; i < TRIP_STATE_COUNT; i++) {
        trip_state s;
        assert_string_equal(trip_state_name((trip_state)i), states[i]);
        assert_true(trip_state_parse(states[i], &s));
        assert_int_equal(s, i);
    }
    for (int i = 0; i < TRIP_ACTION_COUNT; i++) {
        trip_action a;
        assert_string_equal(trip_action_name((trip_action)i), actions[i]);
        assert_true(trip_action_parse(actions[i], &a));
        assert_int_equal(a, i);
    }
    for (int i = 0; i < TRIP_PURPOSE_COUNT; i++) {
        trip_purpose p;
        assert_string_equal(trip_purpose_name((trip_purpose)i), purposes[i]);
        assert_true(trip_purpose_parse(purposes[i], &p));
        assert_int_equal(p, i);
        assert_int_equal(trip_purpose_private(p), i >= TRIP_TOURISM);
    }
    for (int i = 0; i < TRIP_PAYER_COUNT; i++) {
        trip_payer p;
        assert_string_equal(trip_payer_name((trip_payer)i), payers[i]);
        assert_true(trip_payer_parse(payers[i], &p));
        assert_int_equal(p, i);
    }
    assert_null(trip_payer_name(TRIP_PAYER_NONE));
    for (int i = 0; i < TRIP_DOC_COUNT; i++) {
        trip_doc_kind k;
        assert_string_equal(trip_doc_kind_name((trip_doc_kind)i), docs[i]);
        assert_true(trip_doc_kind_parse(docs[i], &k));
        assert_int_equal(k, i);
    }
    /* Parsers take exactly the names: no case folding, no blanks, no NULL. */
    trip_state s;
    trip_action a;
    trip_purpose p;
    assert_false(trip_state_parse("Draft", &s));
    assert_false(trip_state_parse("draft ", &s));
    assert_false(trip_state_parse(NULL, &s));
    assert_false(trip_action_parse("open", &a));
    assert_false(trip_purpose_parse("", &p));
}

/* ---- the record ---- */

/* The errors as "field:code:arg" joined by spaces, in order. */
static void errs_string(const errlist *l, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->len; i++) {
        const error *e = &l->items[i];
        int n = snprintf(buf + used, size - used, "%s%s:%s:%s", i ? " " : "", e->field, e->code,
                         e->arg);
        assert_true(n > 0 && (size_t)n < size - used);
        used += (size_t)n;
    }
}

static status normalize(const trip_input *in, const trip *base, arena *a, trip *out, char *errs,
                        size_t size)
{
    errlist l;
    errlist_init(&l, 0);
    status st = trip_normalize(in, base, a, out, &l);
    errs_string(&l, errs, size);
    errlist_free(&l);
    return st;
}

static void test_trip_normalize_a_full_draft(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    const char *countries[] = {"jp", "KR"};
    trip_input in = {.purpose = "relatives",
                     .countries = countries,
                     .n_countries = 2,
                     .countries_given = true,
                     .planned_departure = "2026-12-01",
                     .planned_return = "2026-12-20",
                     .payer = "self",
                     .delegation_id = -1};
    trip t;
    char errs[512];
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_OK);
    assert_string_equal(errs, "");
    assert_int_equal(t.state, TRIP_DRAFT);
    assert_int_equal(t.purpose, TRIP_RELATIVES);
    assert_int_equal(t.n_countries, 2);
    assert_string_equal(t.countries[0], "JP");
    assert_string_equal(t.countries[1], "KR");
    assert_int_equal(t.planned_departure, d("2026-12-01"));
    assert_int_equal(t.planned_return, d("2026-12-20"));
    assert_int_equal(t.payer, TRIP_PAYER_SELF);
    assert_int_equal(t.delegation_id, 0);
    assert_int_equal(t.actual_departure, DATE_NONE);
    assert_int_equal(t.extended_return, DATE_NONE);
    assert_int_equal(t.submitted_on, DATE_NONE);

    /* An edit: what is not given stays, blanks clear, a list replaces. */
    const char *one[] = {"TH"};
    trip_input edit = {.countries = one,
                       .n_countries = 1,
                       .countries_given = true,
                       .payer = "",
                       .purpose_detail = "  ",
                       .decision_number = "12/QĐ-UBND",
                       .delegation_id = 4};
    trip t2;
    assert_int_equal(normalize(&edit, &t, &a, &t2, errs, sizeof errs), ST_OK);
    assert_int_equal(t2.purpose, TRIP_RELATIVES);
    assert_int_equal(t2.n_countries, 1);
    assert_string_equal(t2.countries[0], "TH");
    assert_int_equal(t2.planned_departure, d("2026-12-01"));
    assert_int_equal(t2.payer, TRIP_PAYER_NONE);
    assert_null(t2.purpose_detail);
    assert_string_equal(t2.decision_number, "12/QĐ-UBND");
    assert_int_equal(t2.delegation_id, 4);
    arena_free(&a);
}

static void test_trip_normalize_names_every_field_error(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    const char *countries[] = {"JP", "VN", "XX", "jp", "J"};
    trip_input in = {.purpose = "holiday",
                     .countries = countries,
                     .n_countries = 5,
                     .countries_given = true,
                     .planned_departure = "2026-02-30",
                     .planned_return = "2026-12-20",
                     .payer = "friend",
                     .delegation_id = -1};
    trip t;
    char errs[1024];
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    assert_string_equal(errs, "purpose:trip_purpose_invalid:holiday "
                              "payer:trip_payer_invalid:friend "
                              "countries:trip_country_home:VN "
                              "countries:country_invalid:XX "
                              "countries:trip_country_repeated:JP "
                              "countries:country_invalid:J "
                              "planned_departure:date_invalid:");

    trip_input none = {.delegation_id = -1};
    assert_int_equal(normalize(&none, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    assert_string_equal(errs, "purpose:required:");
    trip_input blank_purpose = {.purpose = " ", .delegation_id = -1};
    assert_int_equal(normalize(&blank_purpose, &t, &a, &t, errs, sizeof errs), ST_INVALID);
    assert_string_equal(errs, "purpose:required:");

    trip_input order = {.purpose = "tourism",
                        .planned_departure = "2026-12-20",
                        .planned_return = "2026-12-19",
                        .delegation_id = -1};
    assert_int_equal(normalize(&order, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    assert_string_equal(errs, "planned_return:trip_dates_order:");
    arena_free(&a);
}

static void test_trip_normalize_bounds(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    trip t;
    char errs[512];
    /* The longest stay is allowed, one day more is not. */
    date_t dep = d("2026-01-01");
    char ret_ok[DATE_ISO_LEN], ret_long[DATE_ISO_LEN];
    date_format(dep + LIMIT_TRIP_DAYS, ret_ok);
    date_format(dep + LIMIT_TRIP_DAYS + 1, ret_long);
    trip_input in = {.purpose = "study",
                     .planned_departure = "2026-01-01",
                     .planned_return = ret_ok,
                     .delegation_id = -1};
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_OK);
    in.planned_return = ret_long;
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    char want[64];
    snprintf(want, sizeof want, "planned_return:trip_too_long:%d", LIMIT_TRIP_DAYS);
    assert_string_equal(errs, want);
    /* Same day out and back is a trip. */
    in.planned_return = "2026-01-01";
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_OK);

    /* Countries: the limit, and one more. */
    const char *many[] = {"JP", "KR", "TH", "LA", "KH", "SG", "MY", "ID", "PH", "CN", "US"};
    trip_input c = {.purpose = "tourism",
                    .countries = many,
                    .n_countries = LIMIT_TRIP_COUNTRIES,
                    .countries_given = true,
                    .delegation_id = -1};
    assert_int_equal(normalize(&c, NULL, &a, &t, errs, sizeof errs), ST_OK);
    assert_int_equal(t.n_countries, LIMIT_TRIP_COUNTRIES);
    c.n_countries = LIMIT_TRIP_COUNTRIES + 1;
    assert_int_equal(normalize(&c, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    snprintf(want, sizeof want, "countries:trip_countries_too_many:%d", LIMIT_TRIP_COUNTRIES);
    assert_string_equal(errs, want);

    /* Text lengths: at the limit, and one byte past it. */
    char *big = arena_alloc(&a, LIMIT_TRIP_TEXT_BYTES + 2);
    memset(big, 'x', LIMIT_TRIP_TEXT_BYTES);
    trip_input txt = {.purpose = "private_other", .purpose_detail = big, .delegation_id = -1};
    assert_int_equal(normalize(&txt, NULL, &a, &t, errs, sizeof errs), ST_OK);
    big[LIMIT_TRIP_TEXT_BYTES] = 'x';
    assert_int_equal(normalize(&txt, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    snprintf(want, sizeof want, "purpose_detail:text_too_long:%d", LIMIT_TRIP_TEXT_BYTES);
    assert_string_equal(errs, want);
    char number[LIMIT_TRIP_NUMBER_BYTES + 2];
    memset(number, '9', sizeof number - 1);
    number[sizeof number - 1] = '\0';
    trip_input num = {.purpose = "official", .decision_number = number, .delegation_id = -1};
    assert_int_equal(normalize(&num, NULL, &a, &t, errs, sizeof errs), ST_INVALID);
    snprintf(want, sizeof want, "decision_number:text_too_long:%d", LIMIT_TRIP_NUMBER_BYTES);
    assert_string_equal(errs, want);
    arena_free(&a);
}

/* A draft with everything but what the test takes away. */
static trip complete(trip_purpose p)
{
    static const char *jp[] = {"JP"};
    trip t;
    memset(&t, 0, sizeof t);
    t.purpose = p;
    t.countries = jp;
    t.n_countries = 1;
    t.planned_departure = d("2026-12-01");
    t.planned_return = d("2026-12-20");
    t.payer = TRIP_PAYER_SELF;
    t.extended_return = t.requested_return = DATE_NONE;
    t.actual_departure = t.actual_return = DATE_NONE;
    t.submitted_on = t.decided_on = t.report_submitted_on = DATE_NONE;
    return t;
}

static void missing(const trip *t, unsigned have, status want_st, const char *want)
{
    errlist l;
    char got[512];
    errlist_init(&l, 0);
    assert_int_equal(trip_missing(t, have, &l), want_st);
    errs_string(&l, got, sizeof got);
    assert_string_equal(got, want);
    errlist_free(&l);
}

static void test_trip_missing_per_purpose(void **state)
{
    (void)state;
    const unsigned decision = 1u << TRIP_DOC_SENDING_DECISION;
    const unsigned commitment = 1u << TRIP_DOC_RELATIVES_COMMITMENT;
    trip t = complete(TRIP_OFFICIAL);
    missing(&t, 0, ST_INVALID,
            "decision_number:required: attachments:trip_document_missing:sending_decision");
    t.decision_number = "45/QĐ-SNV";
    missing(&t, decision, ST_OK, "");
    t = complete(TRIP_STUDY);
    missing(&t, 0, ST_INVALID, "attachments:trip_document_missing:sending_decision");
    missing(&t, decision | commitment, ST_OK, "");
    t = complete(TRIP_LABOUR);
    missing(&t, commitment, ST_INVALID, "attachments:trip_document_missing:sending_decision");
    t = complete(TRIP_RELATIVES);
    missing(&t, decision, ST_INVALID, "attachments:trip_document_missing:relatives_commitment");
    missing(&t, commitment, ST_OK, "");
    t = complete(TRIP_TOURISM);
    missing(&t, 0, ST_OK, "");
    t = complete(TRIP_MEDICAL);
    missing(&t, 0, ST_OK, "");
    t = complete(TRIP_PRIVATE_OTHER);
    missing(&t, 0, ST_INVALID, "purpose_detail:required:");
    t.purpose_detail = "Dự đám cưới";
    missing(&t, 0, ST_OK, "");
    t.payer = TRIP_PAYER_OTHER;
    missing(&t, 0, ST_INVALID, "payer_note:required:");

    assert_int_equal(trip_documents_required(TRIP_OFFICIAL), decision);
    assert_int_equal(trip_documents_required(TRIP_STUDY), decision);
    assert_int_equal(trip_documents_required(TRIP_LABOUR), decision);
    assert_int_equal(trip_documents_required(TRIP_RELATIVES), commitment);
    assert_int_equal(trip_documents_required(TRIP_TOURISM), 0);
    assert_int_equal(trip_documents_required(TRIP_MEDICAL), 0);
    assert_int_equal(trip_documents_required(TRIP_PRIVATE_OTHER), 0);
}

static void test_trip_missing_on_an_empty_draft(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    trip_input in = {.purpose = "official", .delegation_id = -1};
    trip t;
    char errs[64];
    assert_int_equal(normalize(&in, NULL, &a, &t, errs, sizeof errs), ST_OK);
    missing(&t, 0, ST_INVALID,
            "countries:required: planned_departure:required: planned_return:required: "
            "payer:required: decision_number:required: "
            "attachments:trip_document_missing:sending_decision");
    arena_free(&a);
}

/* ---- deadlines ---- */

/* A trip in `s`, planned 2026-03-02 .. 2026-03-06 (Mon..Fri), submitted
 * 2026-02-20. */
static trip trip_in(trip_state s)
{
    trip t = complete(TRIP_TOURISM);
    t.state = s;
    t.planned_departure = d("2026-03-02");
    t.planned_return = d("2026-03-06");
    t.submitted_on = d("2026-02-20");
    return t;
}

static trip_deadlines deadlines(const trip *t, const rule_set *r, const char *today,
                                const calendar_override *ov, size_t nov)
{
    trip_deadlines dl;
    error e;
    assert_int_equal(trip_deadlines_compute(t, r, d(today), ov, nov, &dl, &e), ST_OK);
    return dl;
}

static void test_deadline_report_across_a_weekend(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_RETURNED);
    t.actual_departure = d("2026-03-02");
    t.actual_return = d("2026-03-06"); /* Friday */
    trip_deadlines dl = deadlines(&t, &r, "2026-03-09", NULL, 0);
    /* Mon 9 .. Fri 13 are 1..5, Mon 16 the 6th, Tue 17 the 7th. */
    assert_int_equal(dl.report_due, d("2026-03-17"));
    assert_int_equal(dl.next_deadline, d("2026-03-17"));
    assert_int_equal(dl.days_left, 8);
    assert_false(dl.report_late);
    assert_int_equal(dl.return_grace_until, DATE_NONE);
    assert_int_equal(dl.return_overdue_from, DATE_NONE);
    assert_false(dl.return_late);
    /* On the due day still on time; the day after, late. */
    assert_false(deadlines(&t, &r, "2026-03-17", NULL, 0).report_late);
    dl = deadlines(&t, &r, "2026-03-18", NULL, 0);
    assert_true(dl.report_late);
    assert_int_equal(dl.days_left, -1);
}

static void test_deadline_report_across_tet_2026(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    /* Back on Friday 13 Feb 2026; Tết (17 Feb) keeps 16-20 Feb off. */
    trip t = trip_in(TRIP_RETURNED);
    t.planned_departure = t.actual_departure = d("2026-02-02");
    t.planned_return = t.actual_return = d("2026-02-13");
    t.submitted_on = d("2026-01-20");
    trip_deadlines dl = deadlines(&t, &r, "2026-02-14", NULL, 0);
    assert_int_equal(dl.report_due, d("2026-03-03"));
    assert_false(dl.report_late);
}

static void test_deadline_report_with_a_make_up_saturday(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_RETURNED);
    t.actual_departure = d("2026-03-02");
    t.actual_return = d("2026-03-06");
    calendar_override sat = {.date = d("2026-03-07"), .kind = CALENDAR_WORKING_DAY};
    /* The Saturday counts: 7, 9..13, 16. */
    assert_int_equal(deadlines(&t, &r, "2026-03-09", &sat, 1).report_due, d("2026-03-16"));
    /* An announced day off pushes it the other way. */
    calendar_override off = {.date = d("2026-03-10"), .kind = CALENDAR_DAY_OFF, .name = "Nghỉ"};
    assert_int_equal(deadlines(&t, &r, "2026-03-09", &off, 1).report_due, d("2026-03-18"));
}

static void test_deadline_report_in_calendar_days(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    r.report_days = 15;
    r.report_in_calendar_days = true;
    trip t = trip_in(TRIP_RETURNED);
    t.actual_departure = d("2026-03-02");
    t.actual_return = d("2026-03-06");
    /* 6 Mar + 15 = Saturday 21 Mar, moved to Monday 23 (Civil Code art. 148). */
    assert_int_equal(deadlines(&t, &r, "2026-03-09", NULL, 0).report_due, d("2026-03-23"));
    /* Back on 5 Mar: 20 Mar, a Friday, stays. */
    t.actual_return = d("2026-03-05");
    assert_int_equal(deadlines(&t, &r, "2026-03-09", NULL, 0).report_due, d("2026-03-20"));
}

static void test_deadline_report_late_by_filing_date(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_CLOSED);
    t.actual_departure = d("2026-03-02");
    t.actual_return = d("2026-03-06");
    t.report_submitted_on = d("2026-03-17");
    trip_deadlines dl = deadlines(&t, &r, "2026-06-01", NULL, 0);
    assert_int_equal(dl.report_due, d("2026-03-17"));
    assert_false(dl.report_late);
    assert_int_equal(dl.next_deadline, DATE_NONE);
    assert_int_equal(dl.days_left, 0);
    t.report_submitted_on = d("2026-03-18");
    assert_true(deadlines(&t, &r, "2026-03-18", NULL, 0).report_late);
}

static void test_deadline_return_grace_edges(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_DEPARTED);
    t.actual_departure = d("2026-03-02");
    /* Planned back Friday 6 Mar: grace Mon 9, Tue 10; overdue from Wed 11. */
    trip_deadlines dl = deadlines(&t, &r, "2026-03-05", NULL, 0);
    assert_int_equal(dl.return_grace_until, d("2026-03-10"));
    assert_int_equal(dl.return_overdue_from, d("2026-03-11"));
    assert_int_equal(dl.next_deadline, d("2026-03-06"));
    assert_int_equal(dl.days_left, 1);
    assert_false(dl.return_late);
    assert_int_equal(dl.report_due, DATE_NONE);
    assert_false(deadlines(&t, &r, "2026-03-10", NULL, 0).return_late); /* the day before */
    assert_true(deadlines(&t, &r, "2026-03-11", NULL, 0).return_late);  /* on */
    assert_true(deadlines(&t, &r, "2026-03-12", NULL, 0).return_late);  /* after */
    /* A pending extension does not move the grace; an approved one does. */
    t.state = TRIP_EXTENSION_REQUESTED;
    t.requested_return = d("2026-03-20");
    assert_true(deadlines(&t, &r, "2026-03-11", NULL, 0).return_late);
    t.state = TRIP_DEPARTED;
    t.extended_return = d("2026-03-20");
    dl = deadlines(&t, &r, "2026-03-11", NULL, 0);
    assert_false(dl.return_late);
    assert_int_equal(dl.next_deadline, d("2026-03-20"));
    assert_int_equal(dl.return_grace_until, d("2026-03-24"));
    assert_int_equal(dl.return_overdue_from, d("2026-03-25"));
    /* A rule set with no grace: overdue from the next working day. */
    r.return_grace_workdays = 0;
    t.extended_return = DATE_NONE;
    dl = deadlines(&t, &r, "2026-03-09", NULL, 0);
    assert_int_equal(dl.return_grace_until, d("2026-03-06"));
    assert_int_equal(dl.return_overdue_from, d("2026-03-09"));
    assert_true(dl.return_late);
}

static void test_deadline_return_grace_across_tet(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_DEPARTED);
    t.planned_departure = t.actual_departure = d("2026-02-02");
    t.planned_return = d("2026-02-13");
    t.submitted_on = d("2026-01-20");
    trip_deadlines dl = deadlines(&t, &r, "2026-02-20", NULL, 0);
    assert_int_equal(dl.return_grace_until, d("2026-02-24"));
    assert_int_equal(dl.return_overdue_from, d("2026-02-25"));
    assert_false(dl.return_late);
    assert_true(deadlines(&t, &r, "2026-02-25", NULL, 0).return_late);
}

static void test_deadline_approved_but_not_gone(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_APPROVED);
    trip_deadlines dl = deadlines(&t, &r, "2026-02-27", NULL, 0);
    assert_int_equal(dl.next_deadline, d("2026-03-02"));
    assert_int_equal(dl.days_left, 3);
    assert_int_equal(dl.return_grace_until, DATE_NONE);
    /* Still recorded as at home past the planned return: watched the same. */
    dl = deadlines(&t, &r, "2026-03-11", NULL, 0);
    assert_int_equal(dl.return_grace_until, d("2026-03-10"));
    assert_true(dl.return_late);
    assert_int_equal(dl.days_left, -9);
}

static void test_deadline_declared_late(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_SUBMITTED);
    t.submitted_on = d("2026-03-01");
    trip_deadlines dl = deadlines(&t, &r, "2026-03-01", NULL, 0);
    assert_false(dl.declared_late);
    assert_int_equal(dl.next_deadline, d("2026-03-02"));
    t.submitted_on = d("2026-03-02");
    assert_true(deadlines(&t, &r, "2026-03-02", NULL, 0).declared_late);
    /* Against the actual departure once known. */
    t = trip_in(TRIP_DEPARTED);
    t.submitted_on = d("2026-02-27");
    t.actual_departure = d("2026-02-26");
    assert_true(deadlines(&t, &r, "2026-03-02", NULL, 0).declared_late);
    /* A draft never submitted is not "declared late". */
    t = trip_in(TRIP_DRAFT);
    t.submitted_on = DATE_NONE;
    dl = deadlines(&t, &r, "2026-03-05", NULL, 0);
    assert_false(dl.declared_late);
    assert_int_equal(dl.days_left, -3);
}

static void test_deadline_final_states_have_none(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    const trip_state finals[] = {TRIP_REFUSED, TRIP_WITHDRAWN,        TRIP_CANCELLED,
                                 TRIP_CLOSED,  TRIP_REPORT_SUBMITTED, TRIP_REPORT_REVIEWED};
    for (size_t i = 0; i < sizeof finals / sizeof finals[0]; i++) {
        trip t = trip_in(finals[i]);
        trip_deadlines dl = deadlines(&t, &r, "2026-04-01", NULL, 0);
        assert_int_equal(dl.next_deadline, DATE_NONE);
        assert_int_equal(dl.days_left, 0);
        assert_int_equal(dl.return_grace_until, DATE_NONE);
        assert_false(dl.return_late);
    }
}

static void test_deadline_outside_the_calendar_is_an_error(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    trip t = trip_in(TRIP_RETURNED);
    t.actual_departure = d("1990-01-01");
    t.actual_return = d("1990-01-05");
    trip_deadlines dl;
    error e;
    assert_int_equal(trip_deadlines_compute(&t, &r, d("1990-01-06"), NULL, 0, &dl, &e), ST_INVALID);
    assert_string_equal(e.code, "calendar_out_of_range");
}

static void test_trip_effective_return(void **state)
{
    (void)state;
    trip t = trip_in(TRIP_DEPARTED);
    assert_int_equal(trip_effective_return(&t), d("2026-03-06"));
    t.requested_return = d("2026-03-30");
    assert_int_equal(trip_effective_return(&t), d("2026-03-06"));
    t.extended_return = d("2026-03-20");
    assert_int_equal(trip_effective_return(&t), d("2026-03-20"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trip_every_state_with_every_action),
        cmocka_unit_test(test_trip_allowed_actions_match_the_table),
        cmocka_unit_test(test_trip_refusal_names_the_allowed_actions),
        cmocka_unit_test(test_trip_waiting_for_each_state),
        cmocka_unit_test(test_trip_action_parties),
        cmocka_unit_test(test_trip_names_round_trip),
        cmocka_unit_test(test_trip_normalize_a_full_draft),
        cmocka_unit_test(test_trip_normalize_names_every_field_error),
        cmocka_unit_test(test_trip_normalize_bounds),
        cmocka_unit_test(test_trip_missing_per_purpose),
        cmocka_unit_test(test_trip_missing_on_an_empty_draft),
        cmocka_unit_test(test_deadline_report_across_a_weekend),
        cmocka_unit_test(test_deadline_report_across_tet_2026),
        cmocka_unit_test(test_deadline_report_with_a_make_up_saturday),
        cmocka_unit_test(test_deadline_report_in_calendar_days),
        cmocka_unit_test(test_deadline_report_late_by_filing_date),
        cmocka_unit_test(test_deadline_return_grace_edges),
        cmocka_unit_test(test_deadline_return_grace_across_tet),
        cmocka_unit_test(test_deadline_approved_but_not_gone),
        cmocka_unit_test(test_deadline_declared_late),
        cmocka_unit_test(test_deadline_final_states_have_none),
        cmocka_unit_test(test_deadline_outside_the_calendar_is_an_error),
        cmocka_unit_test(test_trip_effective_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
