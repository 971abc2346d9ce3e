/*
 * test_transfer.c -- the transfer state machine, every kind, state and
 * action; the checks before a transfer is issued and an exemption granted.
 */
#include "testutil.h"

#include "core/date.h"
#include "core/error.h"
#include "domain/transfer.h"

static date_t d(const char *iso)
{
    date_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

/* Every (kind, state, action): the expected next state, or -1 refused. */
static int expected(transfer_kind k, transfer_state s, transfer_action a)
{
    if (s == TRANSFER_ISSUED && a == TRANSFER_RECEIVE)
        return TRANSFER_RECEIVED;
    if (s == TRANSFER_ISSUED && a == TRANSFER_RETURN)
        return TRANSFER_RETURNED;
    if (s == TRANSFER_ISSUED && a == TRANSFER_CANCEL)
        return TRANSFER_CANCELLED;
    if (s == TRANSFER_RECEIVED && a == TRANSFER_END && k == TRANSFER_TEMPORARY)
        return TRANSFER_ENDED;
    return -1;
}

static void test_transfer_state_machine_exhaustive(void **state)
{
    (void)state;
    int allowed = 0;
    for (int k = 0; k < 3; k++)
        for (int s = 0; s < TRANSFER_STATE_COUNT; s++)
            for (int a = 0; a < TRANSFER_ACTION_COUNT; a++) {
                transfer_state to = TRANSFER_ISSUED;
                error e = {0};
                status st = transfer_transition((transfer_kind)k, (transfer_state)s,
                                                (transfer_action)a, &to, &e);
                int want = expected((transfer_kind)k, (transfer_state)s, (transfer_action)a);
                unsigned bits = transfer_allowed_actions((transfer_kind)k, (transfer_state)s);
                if (want < 0) {
                    assert_int_equal(st, ST_CONFLICT);
                    assert_string_equal(e.code, "transfer_action_not_allowed");
                    assert_false(bits & (1u << a));
                } else {
                    assert_int_equal(st, ST_OK);
                    assert_int_equal(to, want);
                    assert_true(bits & (1u << a));
                    allowed++;
                }
            }
    assert_int_equal(allowed, 3 * 3 + 1);
}

static void test_transfer_refusal_lists_allowed_actions(void **state)
{
    (void)state;
    transfer_state to;
    error e = {0};
    assert_int_equal(transfer_transition(TRANSFER_OFFICIAL, TRANSFER_ISSUED, TRANSFER_END, &to, &e),
                     ST_CONFLICT);
    assert_string_equal(e.arg, "receive,return,cancel");
    assert_int_equal(
        transfer_transition(TRANSFER_OFFICIAL, TRANSFER_RECEIVED, TRANSFER_END, &to, &e),
        ST_CONFLICT);
    assert_string_equal(e.arg, "");
    assert_true(transfer_state_open(TRANSFER_ISSUED));
    assert_false(transfer_state_open(TRANSFER_RECEIVED));
}

static void test_transfer_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < TRANSFER_STATE_COUNT; i++) {
        transfer_state s;
        assert_true(transfer_state_parse(transfer_state_name((transfer_state)i), &s));
        assert_int_equal(s, i);
    }
    for (int i = 0; i < TRANSFER_ACTION_COUNT; i++) {
        transfer_action a;
        assert_true(transfer_action_parse(transfer_action_name((transfer_action)i), &a));
        assert_int_equal(a, i);
    }
    transfer_kind k;
    assert_true(transfer_kind_parse("single", &k));
    assert_int_equal(k, TRANSFER_SINGLE);
    exemption_kind x;
    assert_true(exemption_kind_parse("full", &x));
    assert_int_equal(x, EXEMPTION_FULL);
    assert_false(transfer_kind_parse("Temporary", &k));
    assert_false(transfer_state_parse(NULL, &(transfer_state){0}));
    assert_string_equal(transfer_state_name((transfer_state)99), "");
}

static transfer_request good_transfer(void)
{
    return (transfer_request){.kind = TRANSFER_TEMPORARY,
                              .member_id = 7,
                              .from_unit_id = 10,
                              .to_unit_id = 20,
                              .to_unit_abroad = true,
                              .member_active = true,
                              .issued_on = d("2026-06-01"),
                              .today = d("2026-06-01")};
}

static void assert_one(errlist *l, const char *code, const char *field)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].code, code) == 0 && strcmp(l->items[i].field, field) == 0)
            return;
    fail_msg("missing %s on %s", code, field);
}

static void test_transfer_check(void **state)
{
    (void)state;
    errlist l;
    errlist_init(&l, 0);
    transfer_request r = good_transfer();
    assert_int_equal(transfer_check(&r, &l), ST_OK);
    assert_int_equal(l.len, 0);

    r.to_unit_id = r.from_unit_id;
    r.to_unit_dissolved = true;
    r.member_active = false;
    r.issued_on = d("2026-06-02");
    r.kind = TRANSFER_SINGLE;
    assert_int_equal(transfer_check(&r, &l), ST_INVALID);
    assert_int_equal(l.len, 5);
    assert_one(&l, "transfer_same_unit", "to_unit_id");
    assert_one(&l, "transfer_unit_dissolved", "to_unit_id");
    assert_one(&l, "member_not_active", "member_id");
    assert_one(&l, "date_future", "issued_on");
    assert_one(&l, "transfer_single_needs_overseas", "to_unit_id");
    errlist_free(&l);

    errlist_init(&l, 0);
    r = good_transfer();
    r.member_has_open_transfer = true;
    assert_int_equal(transfer_check(&r, &l), ST_CONFLICT);
    assert_one(&l, "transfer_already_open", "member_id");
    r = good_transfer();
    r.kind = TRANSFER_SINGLE;
    r.to_unit_overseas_committee = true;
    errlist_free(&l);
    errlist_init(&l, 0);
    assert_int_equal(transfer_check(&r, &l), ST_OK);
    errlist_free(&l);
}

static exemption_request good_exemption(void)
{
    return (exemption_request){.kind = EXEMPTION_TEMPORARY,
                               .starts_on = d("2026-01-10"),
                               .ends_on = d("2027-01-09"),
                               .decided_on = d("2026-01-05"),
                               .today = d("2026-01-05"),
                               .member_active = true,
                               .reason = "Điều trị bệnh dài ngày"};
}

static void test_exemption_check(void **state)
{
    (void)state;
    errlist l;
    errlist_init(&l, 0);
    exemption_request r = good_exemption();
    assert_int_equal(exemption_check(&r, &l), ST_OK); /* a day under 12 months */
    r.ends_on = d("2027-01-10");
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "exemption_too_long", "ends_on");
    errlist_free(&l);

    errlist_init(&l, 0);
    r = good_exemption();
    r.reason = "";
    r.ends_on = DATE_NONE;
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "required", "reason");
    assert_one(&l, "required", "ends_on");
    errlist_free(&l);

    errlist_init(&l, 0);
    r = good_exemption();
    r.ends_on = d("2026-01-09");
    r.decided_on = d("2026-01-06");
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "exemption_dates_order", "ends_on");
    assert_one(&l, "date_future", "decided_on");
    errlist_free(&l);

    /* Abroad: where a unit exists, a transfer, not an exemption. */
    errlist_init(&l, 0);
    r = good_exemption();
    r.abroad = true;
    r.destination_has_unit = true;
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "exemption_unit_exists", "kind");
    r.transferred_to_unit_abroad = true;
    errlist_free(&l);
    errlist_init(&l, 0);
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "exemption_unit_attendable", "kind");
    errlist_free(&l);

    /* A full exemption: abroad where no unit exists, open-ended allowed. */
    errlist_init(&l, 0);
    r = good_exemption();
    r.kind = EXEMPTION_FULL;
    r.ends_on = DATE_NONE;
    assert_int_equal(exemption_check(&r, &l), ST_INVALID);
    assert_one(&l, "exemption_full_needs_abroad", "kind");
    errlist_free(&l);
    errlist_init(&l, 0);
    r.abroad = true;
    assert_int_equal(exemption_check(&r, &l), ST_OK);
    errlist_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transfer_state_machine_exhaustive),
        cmocka_unit_test(test_transfer_refusal_lists_allowed_actions),
        cmocka_unit_test(test_transfer_names_round_trip),
        cmocka_unit_test(test_transfer_check),
        cmocka_unit_test(test_exemption_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
