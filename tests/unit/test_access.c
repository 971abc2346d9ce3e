/*
 * test_access.c -- the gate's decision (api_gate_decide), walked
 * exhaustively: every kind of route rule, method and role mask, on the
 * routes with exemptions and on an ordinary one, against every session
 * state, role, own-record or not, CSRF right or wrong, and both pending
 * flags. Each combination is checked against the rules of docs/api.md
 * stated as conditions (a request passes when it meets all of them; a
 * refusal names the first unmet one), then the real route table is checked
 * for what each role may call, and the refusals' HTTP answers.
 */
#include "testutil.h"

#include <stdio.h>

#include "api/api.h"

static const http_access accesses[] = {ACCESS_UNDECLARED, ACCESS_PUBLIC, ACCESS_SESSION,
                                       ACCESS_SELF, ACCESS_INSTALLATION};
#define NACCESS (sizeof accesses / sizeof accesses[0])
static const http_method methods[] = {HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE};
static const char *const patterns[] = {
    "/api/v1/me",
    "/api/v1/me/password",
    "/api/v1/me/totp",
    "/api/v1/me/totp/confirm",
    "/api/v1/me/totp/disable",
    "/api/v1/session",
    "/api/v1/members/{id}",
    "/api/v1/users",
};

static bool writes(http_method m)
{
    return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* docs/api.md: "every request but GET /me, POST /me/password and DELETE /session" */
static bool open_before_password_change(const http_route *r)
{
    return (r->method == HTTP_GET && strcmp(r->pattern, "/api/v1/me") == 0) ||
           (r->method == HTTP_POST && strcmp(r->pattern, "/api/v1/me/password") == 0) ||
           (r->method == HTTP_DELETE && strcmp(r->pattern, "/api/v1/session") == 0);
}

/* "all but /me, /me/totp..., /me/password and DELETE /session" */
static bool open_before_totp_enrolment(const http_route *r)
{
    return strcmp(r->pattern, "/api/v1/me") == 0 || strcmp(r->pattern, "/api/v1/me/totp") == 0 ||
           strcmp(r->pattern, "/api/v1/me/totp/confirm") == 0 ||
           strcmp(r->pattern, "/api/v1/me/totp/disable") == 0 ||
           strcmp(r->pattern, "/api/v1/me/password") == 0 ||
           (r->method == HTTP_DELETE && strcmp(r->pattern, "/api/v1/session") == 0);
}

/* The expected outcome: the first unmet condition, in the documented order. */
static gate_outcome expected(const gate_input *in)
{
    const http_route *r = in->route;
    struct {
        bool met;
        gate_outcome refusal;
    } conditions[] = {
        {r->access != ACCESS_UNDECLARED, GATE_FORBIDDEN},
        {in->session != GATE_NO_SESSION, GATE_SESSION_REQUIRED},
        {in->session == GATE_SESSION, GATE_SESSION_INVALID},
        {!writes(r->method) || in->csrf_ok, GATE_CSRF_INVALID},
        {!in->must_change_password || open_before_password_change(r), GATE_PASSWORD_CHANGE},
        {!in->totp_enrolment_required || open_before_totp_enrolment(r), GATE_TOTP_ENROLMENT},
        {(r->roles & ROLE_BIT(in->role)) != 0, GATE_FORBIDDEN},
        {r->access != ACCESS_INSTALLATION || in->whole_installation, GATE_FORBIDDEN},
        {r->access != ACCESS_SELF || in->role != ROLE_MEMBER || in->own_record, GATE_NOT_FOUND},
    };
    if (r->access == ACCESS_PUBLIC)
        return GATE_ALLOW;
    for (size_t i = 0; i < sizeof conditions / sizeof conditions[0]; i++)
        if (!conditions[i].met)
            return conditions[i].refusal;
    return GATE_ALLOW;
}

static void test_every_combination_meets_the_documented_rules(void **state)
{
    (void)state;
    long checked = 0, allowed = 0;
    for (size_t ai = 0; ai < NACCESS; ai++)
        for (size_t mi = 0; mi < 5; mi++)
            for (size_t pi = 0; pi < sizeof patterns / sizeof patterns[0]; pi++)
                for (unsigned mask = 0; mask <= ROLES_ALL; mask++) {
                    http_route r = {methods[mi],  patterns[pi], NULL, BODY_NONE,
                                    accesses[ai], mask,         "t"};
                    for (int bits = 0; bits < 3 * ROLE_COUNT * 32; bits++) {
                        gate_input in = {
                            .route = &r,
                            .session = (gate_session)(bits % 3),
                            .role = (role)(bits / 3 % ROLE_COUNT),
                            .own_record = (bits / 15) & 1,
                            .csrf_ok = (bits / 30) & 1,
                            .must_change_password = (bits / 60) & 1,
                            .totp_enrolment_required = (bits / 120) & 1,
                            .whole_installation = (bits / 240) & 1,
                        };
                        gate_outcome got = api_gate_decide(&in), want = expected(&in);
                        if (got != want)
                            fail_msg("%s %s access %d roles %#x session %d role %d own %d "
                                     "csrf %d mcp %d totp %d whole %d: got %d, want %d",
                                     http_method_name(r.method), r.pattern, (int)r.access, mask,
                                     (int)in.session, (int)in.role, in.own_record, in.csrf_ok,
                                     in.must_change_password, in.totp_enrolment_required,
                                     in.whole_installation, got, want);
                        checked++;
                        allowed += got == GATE_ALLOW;
                    }
                }
    assert_int_equal(checked, (long)NACCESS * 5 * 8 * 32 * 480);
    assert_true(allowed > 0 && allowed < checked);
}

/* A live session of `rl` with a right CSRF token and no pending flag. */
static gate_input signed_in(const http_route *r, role rl)
{
    return (gate_input){.route = r, .session = GATE_SESSION, .role = rl, .csrf_ok = true};
}

static void test_no_route_but_signing_in_answers_without_a_session(void **state)
{
    (void)state;
    size_t public_routes = 0;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        gate_input none = {.route = r, .session = GATE_NO_SESSION};
        gate_input bad = {.route = r, .session = GATE_BAD_SESSION, .csrf_ok = true};
        if (r->access == ACCESS_PUBLIC) {
            public_routes++;
            assert_int_equal(r->method, HTTP_POST);
            assert_string_equal(r->pattern, "/api/v1/session");
            assert_int_equal(api_gate_decide(&none), GATE_ALLOW);
            continue;
        }
        assert_int_equal(api_gate_decide(&none), GATE_SESSION_REQUIRED);
        assert_int_equal(api_gate_decide(&bad), GATE_SESSION_INVALID);
    }
    assert_int_equal(public_routes, 1);
}

static void test_each_role_calls_exactly_the_routes_declared_for_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        if (r->access == ACCESS_PUBLIC)
            continue;
        for (int rl = 0; rl < ROLE_COUNT; rl++) {
            /* A caller of the whole installation, then one bound to a unit. */
            for (int whole = 1; whole >= 0; whole--) {
                gate_input in = signed_in(r, (role)rl);
                in.own_record = true;
                in.whole_installation = whole;
                bool may = (r->roles & ROLE_BIT(rl)) && (r->access != ACCESS_INSTALLATION || whole);
                gate_outcome want = may ? GATE_ALLOW : GATE_FORBIDDEN;
                if (api_gate_decide(&in) != want)
                    fail_msg("%s %s as %s%s", http_method_name(r->method), r->pattern,
                             role_name((role)rl), whole ? "" : " bound to a unit");
            }
        }
    }
}

static const http_route *find(http_method m, const char *pattern)
{
    for (size_t i = 0; i < api_routes_count; i++)
        if (api_routes[i].method == m && strcmp(api_routes[i].pattern, pattern) == 0)
            return &api_routes[i];
    fail_msg("no route %s %s", http_method_name(m), pattern);
    return NULL;
}

static void test_a_member_reads_only_their_own_record(void **state)
{
    (void)state;
    const http_route *get = find(HTTP_GET, "/api/v1/members/{id}");
    const http_route *units = find(HTTP_GET, "/api/v1/members/{id}/units");
    gate_input in = signed_in(get, ROLE_MEMBER);
    in.own_record = true;
    assert_int_equal(api_gate_decide(&in), GATE_ALLOW);
    in.own_record = false;
    assert_int_equal(api_gate_decide(&in), GATE_NOT_FOUND);
    in.route = units;
    assert_int_equal(api_gate_decide(&in), GATE_NOT_FOUND);
    /* Staff are not held to their own record here: the store scopes them. */
    in = signed_in(get, ROLE_SECRETARY);
    assert_int_equal(api_gate_decide(&in), GATE_ALLOW);
    /* A member may not list, change or export. */
    in = signed_in(find(HTTP_GET, "/api/v1/members"), ROLE_MEMBER);
    assert_int_equal(api_gate_decide(&in), GATE_FORBIDDEN);
    in = signed_in(find(HTTP_PATCH, "/api/v1/members/{id}"), ROLE_MEMBER);
    in.own_record = true;
    assert_int_equal(api_gate_decide(&in), GATE_FORBIDDEN);
}

static void test_state_changes_need_the_csrf_token_reads_do_not(void **state)
{
    (void)state;
    gate_input in = signed_in(find(HTTP_DELETE, "/api/v1/session"), ROLE_MEMBER);
    in.csrf_ok = false;
    assert_int_equal(api_gate_decide(&in), GATE_CSRF_INVALID);
    in = signed_in(find(HTTP_POST, "/api/v1/units"), ROLE_ADMIN);
    in.csrf_ok = false;
    assert_int_equal(api_gate_decide(&in), GATE_CSRF_INVALID);
    /* The CSRF refusal comes before the role's: a forged request learns
     * nothing about what the victim may do. */
    in = signed_in(find(HTTP_POST, "/api/v1/units"), ROLE_AUDITOR);
    in.csrf_ok = false;
    assert_int_equal(api_gate_decide(&in), GATE_CSRF_INVALID);
    in = signed_in(find(HTTP_GET, "/api/v1/units"), ROLE_AUDITOR);
    in.csrf_ok = false;
    assert_int_equal(api_gate_decide(&in), GATE_ALLOW);
    /* Signing in is exempt (SameSite=Strict protects it). */
    in = (gate_input){.route = find(HTTP_POST, "/api/v1/session")};
    assert_int_equal(api_gate_decide(&in), GATE_ALLOW);
}

static void test_a_pending_password_change_opens_only_three_routes(void **state)
{
    (void)state;
    size_t open = 0;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        if (r->access == ACCESS_PUBLIC)
            continue;
        gate_input in = signed_in(r, ROLE_ADMIN);
        in.must_change_password = true;
        gate_outcome o = api_gate_decide(&in);
        assert_true(o == GATE_ALLOW || o == GATE_PASSWORD_CHANGE);
        open += o == GATE_ALLOW;
    }
    assert_int_equal(open, 3);
    gate_input in = signed_in(find(HTTP_POST, "/api/v1/me/password"), ROLE_MEMBER);
    in.must_change_password = true;
    assert_int_equal(api_gate_decide(&in), GATE_ALLOW);
    in.route = find(HTTP_POST, "/api/v1/me/totp");
    assert_int_equal(api_gate_decide(&in), GATE_PASSWORD_CHANGE);
}

static void test_a_pending_totp_enrolment_opens_me_and_enrolment(void **state)
{
    (void)state;
    static const char *const open_routes[][2] = {
        {"GET", "/api/v1/me"},
        {"POST", "/api/v1/me/password"},
        {"POST", "/api/v1/me/totp"},
        {"POST", "/api/v1/me/totp/confirm"},
        {"POST", "/api/v1/me/totp/disable"},
        {"DELETE", "/api/v1/session"},
    };
    size_t open = 0;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        if (r->access == ACCESS_PUBLIC)
            continue;
        gate_input in = signed_in(r, ROLE_ADMIN);
        in.totp_enrolment_required = true;
        gate_outcome o = api_gate_decide(&in);
        bool listed = false;
        for (size_t k = 0; k < sizeof open_routes / sizeof open_routes[0]; k++)
            listed = listed || (strcmp(http_method_name(r->method), open_routes[k][0]) == 0 &&
                                strcmp(r->pattern, open_routes[k][1]) == 0);
        assert_int_equal(o, listed ? GATE_ALLOW : GATE_TOTP_ENROLMENT);
        open += o == GATE_ALLOW;
    }
    assert_int_equal(open, sizeof open_routes / sizeof open_routes[0]);
}

static void test_refusals_answer_the_documented_status_and_code(void **state)
{
    (void)state;
    static const struct {
        gate_outcome o;
        status st;
        int http;
        const char *code;
    } cases[] = {
        {GATE_SESSION_REQUIRED, ST_UNAUTHORIZED, 401, "session_required"},
        {GATE_SESSION_INVALID, ST_UNAUTHORIZED, 401, "session_invalid"},
        {GATE_CSRF_INVALID, ST_FORBIDDEN, 403, "csrf_invalid"},
        {GATE_PASSWORD_CHANGE, ST_FORBIDDEN, 403, "password_change_required"},
        {GATE_TOTP_ENROLMENT, ST_FORBIDDEN, 403, "totp_enrolment_required"},
        {GATE_FORBIDDEN, ST_FORBIDDEN, 403, "forbidden"},
        {GATE_NOT_FOUND, ST_NOT_FOUND, 404, "not_found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        error e = {0};
        api_gate_error(cases[i].o, &e);
        assert_int_equal(e.st, cases[i].st);
        assert_int_equal(status_http(e.st), cases[i].http);
        assert_string_equal(e.code, cases[i].code);
        assert_true(err_code_known(e.code));
        char msg[256];
        err_message(&e, LANG_VI, msg, sizeof msg);
        assert_true(strlen(msg) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_combination_meets_the_documented_rules),
        cmocka_unit_test(test_no_route_but_signing_in_answers_without_a_session),
        cmocka_unit_test(test_each_role_calls_exactly_the_routes_declared_for_it),
        cmocka_unit_test(test_a_member_reads_only_their_own_record),
        cmocka_unit_test(test_state_changes_need_the_csrf_token_reads_do_not),
        cmocka_unit_test(test_a_pending_password_change_opens_only_three_routes),
        cmocka_unit_test(test_a_pending_totp_enrolment_opens_me_and_enrolment),
        cmocka_unit_test(test_refusals_answer_the_documented_status_and_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
