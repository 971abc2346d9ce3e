/*
 * test_accounts.c -- accounts, signing in, sessions and 2FA end to end on
 * an in-memory database: the one-time password and its change, the
 * backoff and the lock (with the settings lowered), disabled accounts,
 * idle and absolute expiry, logout, TOTP enrolment and recovery codes,
 * the administrators' scope, wrong passwords typed while signed in, and
 * member accounts whose member has left or died. Time moves by giving
 * svc_init Unix seconds.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/alloc.h"
#include "service/service.h"
#include "store/auth_store.h"
#include "store/store.h"

/* 2026-11-23 09:13 in Hà Nội. */
#define T0 1795400000

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s; /* the operator at T0 */
    unit root, p1, p2, cell1;
    int64_t member1;
} fx;

static fx *F;

static svc at(const actor *who, int64_t t)
{
    svc s;
    svc_init(&s, F->c, &F->a, who, LANG_VI, t);
    return s;
}

static unit make_unit(const char *kind, const char *code, int64_t parent)
{
    unit_input in = {
        .kind = kind, .code = code, .name = code, .parent_id = parent, .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_unit_create(&F->s, &in, &u, &errs);
    if (st != ST_OK)
        fprintf(stderr, "unit %s: %s (%s)\n", code, errs.items[0].code, errs.items[0].field);
    errlist_free(&errs);
    assert_int_equal(st, ST_OK);
    return u;
}

static int setup(void **state)
{
    error e;
    if (auth_init(&e) != ST_OK)
        return -1;
    F = xcalloc(1, sizeof *F);
    if (!F || svc_conn_open(":memory:", true, &F->c, &e) != ST_OK)
        return -1;
    svc_init(&F->s, F->c, &F->a, &svc_operator, LANG_VI, T0);
    F->root = make_unit("committee", "TW", 0);
    F->p1 = make_unit("committee", "P1", F->root.id);
    F->p2 = make_unit("committee", "P2", F->root.id);
    F->cell1 = make_unit("cell", "P1.C1", make_unit("grassroots", "P1.G1", F->p1.id).id);
    member_input mi = {.full_name = "Nguyễn Thị Lan",
                       .sex = "F",
                       .birth_date = "1990-04-02",
                       .cccd = "001190012345",
                       .admitted_on = "2015-05-19",
                       .unit_id = F->cell1.id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_member_create(&F->s, &mi, &m, &errs) != ST_OK)
        return -1;
    errlist_free(&errs);
    F->member1 = m.id;
    *state = F;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&F->a);
    svc_conn_close(F->c);
    xfree(F);
    return 0;
}

static void setting(const char *key, const char *value)
{
    error e;
    assert_int_equal(store_begin_write(F->s.db, &e), ST_OK);
    assert_int_equal(store_auth_setting_put(F->s.db, key, value, &e), ST_OK);
    assert_int_equal(store_commit(F->s.db, &e), ST_OK);
}

/* An account made by `who` (NULL: the operator); its one-time password
 * into pw. */
static user make_user(const actor *who, const char *login, const char *role_s, int64_t unit_id,
                      int64_t member_id, char pw[20])
{
    svc s = at(who ? who : &svc_operator, T0);
    user_input in = {
        .login = login, .role = role_s, .unit_id = unit_id, .member_id = member_id, .disabled = -1};
    user u;
    errlist errs;
    errlist_init(&errs, 0);
    status st = svc_user_create(&s, &in, &u, pw, &errs);
    if (st != ST_OK)
        fprintf(stderr, "user %s: %s (%s)\n", login, errs.len ? errs.items[0].code : "?",
                errs.len ? errs.items[0].field : "");
    assert_int_equal(st, ST_OK);
    errlist_free(&errs);
    return u;
}

static status login_at(int64_t t, const char *login, const char *pw, const char *code,
                       session_info *out, error *e)
{
    svc s = at(&svc_operator, t);
    login_request in = {.login = login, .password = pw, .code = code, .ip = "192.0.2.7"};
    return svc_login(&s, &in, out, e);
}

static status check_at(int64_t t, const char *token, session_info *out, error *e)
{
    svc s = at(&svc_operator, t);
    return svc_session_check(&s, token, out, e);
}

/* Entries with this action in the whole trail. */
static size_t audited(const char *action)
{
    audit_query q = {.action = action, .limit = LIMIT_PAGE_MAX};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&F->s, &q, &p, &e), ST_OK);
    return p.n;
}

static void test_one_time_password_must_be_changed_then_new_one_works(void **state)
{
    (void)state;
    char pw[20];
    user u = make_user(NULL, "lan.officer", "officer", F->p1.id, 0, pw);
    assert_true(u.must_change_password);
    session_info si;
    error e = {0};
    assert_int_equal(login_at(T0, "lan.officer", pw, NULL, &si, &e), ST_OK);
    assert_true(si.u.must_change_password);
    assert_int_equal(strlen(si.token), TOKEN_CHARS);
    assert_string_equal(si.who.scope_path, F->p1.path);
    assert_int_equal(si.who.role, ROLE_OFFICER);
    /* A common password is refused and changes nothing. */
    svc s = at(&si.who, T0 + 5);
    assert_int_equal(svc_password_change(&s, pw, "matkhau123", &e), ST_INVALID);
    assert_string_equal(e.code, "password_common");
    assert_int_equal(svc_password_change(&s, "wrong one", "ngựa vàng bay qua sông", &e),
                     ST_INVALID);
    assert_string_equal(e.code, "password_wrong");
    assert_int_equal(svc_password_change(&s, pw, "lan.officer is me 2026", &e), ST_INVALID);
    assert_string_equal(e.code, "password_personal");
    assert_int_equal(svc_password_change(&s, pw, "ngựa vàng bay qua sông", &e), ST_OK);
    assert_int_equal(login_at(T0 + 10, "lan.officer", pw, NULL, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "login_failed");
    assert_int_equal(login_at(T0 + 20, "LAN.Officer", "ngựa vàng bay qua sông", NULL, &si, &e),
                     ST_OK);
    assert_false(si.u.must_change_password);
    assert_true(audited("user.password_change") >= 1);
}

static void test_unknown_login_fails_like_a_wrong_password_and_is_audited(void **state)
{
    (void)state;
    session_info si;
    error e = {0};
    size_t before = audited("login.failure");
    assert_int_equal(login_at(T0, "nobody.here", "whatever password", NULL, &si, &e),
                     ST_UNAUTHORIZED);
    assert_string_equal(e.code, "login_failed");
    assert_int_equal(audited("login.failure"), before + 1);
}

static void test_failures_are_spaced_out_doubling(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "backoff", "officer", F->p1.id, 0, pw);
    session_info si;
    error e = {0};
    size_t throttled = audited("login.throttled");
    assert_int_equal(login_at(T0, "backoff", "wrong password!", NULL, &si, &e), ST_UNAUTHORIZED);
    /* Base 1 s: the next attempt in the same second is refused unchecked,
     * even with the right password. */
    assert_int_equal(login_at(T0, "backoff", pw, NULL, &si, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_throttled");
    assert_string_equal(e.arg, "1");
    assert_int_equal(login_at(T0 + 1, "backoff", "wrong again!!", NULL, &si, &e), ST_UNAUTHORIZED);
    /* Two failures: 2 s after the last one. */
    assert_int_equal(login_at(T0 + 2, "backoff", pw, NULL, &si, &e), ST_TOO_MANY);
    assert_string_equal(e.arg, "1");
    assert_int_equal(audited("login.throttled"), throttled + 2);
    assert_int_equal(login_at(T0 + 3, "backoff", pw, NULL, &si, &e), ST_OK);
    /* Success clears the count: a failure now waits 1 s again. */
    assert_int_equal(login_at(T0 + 4, "backoff", "wrong password!", NULL, &si, &e),
                     ST_UNAUTHORIZED);
    assert_int_equal(login_at(T0 + 5, "backoff", pw, NULL, &si, &e), ST_OK);
}

static void test_lock_after_failures_is_audited_and_ends(void **state)
{
    (void)state;
    setting("login_backoff_ms", "0");
    setting("login_max_failures", "3");
    setting("login_lock_minutes", "1");
    char pw[20];
    user u = make_user(NULL, "locky", "officer", F->p1.id, 0, pw);
    session_info si;
    error e = {0};
    size_t locked = audited("account.locked"), unlocked = audited("account.unlocked");
    assert_int_equal(login_at(T0, "locky", "wrong password 1", NULL, &si, &e), ST_UNAUTHORIZED);
    assert_int_equal(login_at(T0, "locky", "wrong password 2", NULL, &si, &e), ST_UNAUTHORIZED);
    assert_int_equal(login_at(T0, "locky", "wrong password 3", NULL, &si, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_locked");
    assert_string_equal(e.arg, "2026-11-23T02:14:20Z"); /* T0 + 60 s */
    assert_int_equal(audited("account.locked"), locked + 1);
    /* The right password does not open a locked account. */
    assert_int_equal(login_at(T0 + 30, "locky", pw, NULL, &si, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_locked");
    user seen;
    assert_int_equal(svc_user_get(&F->s, u.id, &seen, &e), ST_OK);
    assert_non_null(seen.locked_until);
    /* After the end the lock is lifted (and audited). */
    assert_int_equal(login_at(T0 + 61, "locky", pw, NULL, &si, &e), ST_OK);
    assert_int_equal(audited("account.unlocked"), unlocked + 1);
    setting("login_backoff_ms", "1000");
    setting("login_max_failures", "10");
    setting("login_lock_minutes", "15");
}

static void test_password_reset_clears_a_lock(void **state)
{
    (void)state;
    setting("login_backoff_ms", "0");
    setting("login_max_failures", "1");
    char pw[20], pw2[20];
    user u = make_user(NULL, "resetme", "officer", F->p1.id, 0, pw);
    session_info si;
    error e = {0};
    assert_int_equal(login_at(T0, "resetme", "wrong password 1", NULL, &si, &e), ST_TOO_MANY);
    user after;
    assert_int_equal(svc_user_reset_password(&F->s, u.id, 0, &after, pw2, &e), ST_OK);
    assert_null(after.locked_until);
    assert_true(after.must_change_password);
    assert_int_equal(login_at(T0 + 1, "resetme", pw2, NULL, &si, &e), ST_OK);
    setting("login_backoff_ms", "1000");
    setting("login_max_failures", "10");
}

static void test_disabled_account_fails_and_loses_sessions(void **state)
{
    (void)state;
    char pw[20];
    user u = make_user(NULL, "leaver", "secretary", F->cell1.id, 0, pw);
    session_info si, chk;
    error e = {0};
    assert_int_equal(login_at(T0, "leaver", pw, NULL, &si, &e), ST_OK);
    user_input in = {.disabled = 1};
    user changed;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_user_update(&F->s, u.id, u.version, &in, &changed, &errs), ST_OK);
    errlist_free(&errs);
    assert_true(changed.disabled);
    assert_int_equal(check_at(T0 + 1, si.token, &chk, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "session_invalid");
    assert_int_equal(login_at(T0 + 10, "leaver", pw, NULL, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "login_failed");
}

static void test_session_idle_and_absolute_expiry(void **state)
{
    (void)state;
    setting("session_idle_s", "100");
    setting("session_absolute_s", "300");
    char pw[20];
    make_user(NULL, "sleepy", "auditor", F->root.id, 0, pw);
    session_info si, chk;
    error e = {0};
    /* Idle: 101 s after the last request. */
    assert_int_equal(login_at(T0, "sleepy", pw, NULL, &si, &e), ST_OK);
    assert_int_equal(check_at(T0 + 50, si.token, &chk, &e), ST_OK);
    assert_string_equal(chk.csrf, si.csrf);
    assert_int_equal(chk.who.role, ROLE_AUDITOR);
    assert_string_equal(chk.who.ip, "");
    assert_int_equal(check_at(T0 + 151, si.token, &chk, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "session_invalid");
    /* Ended stays ended. */
    assert_int_equal(check_at(T0 + 152, si.token, &chk, &e), ST_UNAUTHORIZED);
    /* Absolute: busy all along, still over after 300 s. */
    assert_int_equal(login_at(T0 + 1000, "sleepy", pw, NULL, &si, &e), ST_OK);
    for (int64_t t = T0 + 1080; t < T0 + 1300; t += 80)
        assert_int_equal(check_at(t, si.token, &chk, &e), ST_OK);
    assert_int_equal(check_at(T0 + 1300, si.token, &chk, &e), ST_UNAUTHORIZED);
    /* A token that is not one. */
    assert_int_equal(check_at(T0, "short", &chk, &e), ST_UNAUTHORIZED);
    setting("session_idle_s", "1800");
    setting("session_absolute_s", "43200");
}

static void test_logout_ends_the_session(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "byebye", "officer", F->p2.id, 0, pw);
    session_info si, chk;
    error e = {0};
    size_t before = audited("logout");
    assert_int_equal(login_at(T0, "byebye", pw, NULL, &si, &e), ST_OK);
    svc s = at(&si.who, T0 + 1);
    assert_int_equal(svc_logout(&s, si.token, &e), ST_OK);
    assert_int_equal(check_at(T0 + 2, si.token, &chk, &e), ST_UNAUTHORIZED);
    assert_int_equal(audited("logout"), before + 1);
}

static void test_password_change_ends_other_sessions(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "twodevices", "officer", F->p2.id, 0, pw);
    session_info a, b, chk;
    error e = {0};
    assert_int_equal(login_at(T0, "twodevices", pw, NULL, &a, &e), ST_OK);
    assert_int_equal(login_at(T0 + 1, "twodevices", pw, NULL, &b, &e), ST_OK);
    assert_int_equal(check_at(T0 + 2, a.token, &chk, &e), ST_OK);
    svc s = at(&chk.who, T0 + 2);
    assert_int_equal(svc_password_change(&s, pw, "con cò bay lả bay la", &e), ST_OK);
    assert_int_equal(check_at(T0 + 3, a.token, &chk, &e), ST_OK);
    assert_int_equal(check_at(T0 + 3, b.token, &chk, &e), ST_UNAUTHORIZED);
}

/* The newest entry with this action. */
static audit_entry last_audited(const char *action)
{
    audit_query q = {.action = action, .limit = 1};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&F->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    return p.items[0];
}

/* A signed-in user's wrong current password is a failed sign-in: counted
 * (the next sign-in waits), audited, and locking past the limit -- which
 * also ends the guessing session. Changing the password itself is not
 * made to wait. */
static void test_wrong_current_password_counts_as_a_failed_sign_in(void **state)
{
    (void)state;
    setting("login_max_failures", "3");
    setting("login_lock_minutes", "1");
    char pw[20];
    user u = make_user(NULL, "guesser", "officer", F->p1.id, 0, pw);
    session_info si, chk;
    error e = {0};
    assert_int_equal(login_at(T0, "guesser", pw, NULL, &si, &e), ST_OK);
    svc s = at(&si.who, T0 + 1);
    size_t failures = audited("login.failure"), locks = audited("account.locked");
    assert_int_equal(svc_password_change(&s, "không phải mật khẩu", "con cò bay lả bay la", &e),
                     ST_INVALID);
    assert_string_equal(e.code, "password_wrong");
    assert_string_equal(e.field, "current_password");
    assert_int_equal(audited("login.failure"), failures + 1);
    audit_entry en = last_audited("login.failure");
    assert_int_equal(en.user_id, u.id);
    assert_string_equal(en.ip, "192.0.2.7");
    assert_string_equal(en.after, "{\"login\":\"guesser\",\"reason\":\"password_change\"}");
    /* The sign-in backoff applies, as after a failed sign-in. */
    assert_int_equal(login_at(T0 + 1, "guesser", pw, NULL, &chk, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_throttled");
    /* Two more: the third failure locks and ends the session. */
    s = at(&si.who, T0 + 2);
    assert_int_equal(svc_password_change(&s, "sai lần hai", "con cò bay lả bay la", &e),
                     ST_INVALID);
    assert_int_equal(check_at(T0 + 2, si.token, &chk, &e), ST_OK);
    s = at(&si.who, T0 + 3);
    assert_int_equal(svc_password_change(&s, "sai lần ba", "con cò bay lả bay la", &e),
                     ST_TOO_MANY);
    assert_string_equal(e.code, "login_locked");
    assert_string_equal(e.arg, "2026-11-23T02:14:23Z"); /* T0 + 3 + 60 s */
    assert_int_equal(audited("account.locked"), locks + 1);
    assert_int_equal(audited("login.failure"), failures + 3);
    assert_int_equal(check_at(T0 + 4, si.token, &chk, &e), ST_UNAUTHORIZED);
    assert_int_equal(login_at(T0 + 10, "guesser", pw, NULL, &chk, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_locked");
    /* The password did not change: it signs in once the lock is over. */
    assert_int_equal(login_at(T0 + 70, "guesser", pw, NULL, &chk, &e), ST_OK);
    setting("login_max_failures", "10");
    setting("login_lock_minutes", "15");
}

/* Turning 2FA off with a wrong password counts the same way. */
static void test_wrong_password_to_turn_off_totp_counts_as_a_failed_sign_in(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "totpguess", "officer", F->p1.id, 0, pw);
    session_info si, chk;
    error e = {0};
    assert_int_equal(login_at(T0, "totpguess", pw, NULL, &si, &e), ST_OK);
    size_t failures = audited("login.failure");
    svc s = at(&si.who, T0 + 1);
    assert_int_equal(svc_totp_disable(&s, "không phải mật khẩu", &e), ST_INVALID);
    assert_string_equal(e.code, "password_wrong");
    assert_string_equal(e.field, "password");
    assert_int_equal(audited("login.failure"), failures + 1);
    assert_string_equal(last_audited("login.failure").after,
                        "{\"login\":\"totpguess\",\"reason\":\"totp_disable\"}");
    assert_int_equal(login_at(T0 + 1, "totpguess", pw, NULL, &chk, &e), ST_TOO_MANY);
    assert_string_equal(e.code, "login_throttled");
}

static void test_totp_enrolment_login_and_recovery_code_once(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "twofactor", "admin", F->p1.id, 0, pw);
    session_info si;
    error e = {0};
    assert_int_equal(login_at(T0, "twofactor", pw, NULL, &si, &e), ST_OK);
    svc s = at(&si.who, T0);
    totp_enrolment en;
    assert_int_equal(svc_totp_begin(&s, &en, &e), ST_OK);
    assert_int_equal(strlen(en.secret), 32);
    /* Not active until confirmed: signing in needs no code yet. */
    assert_int_equal(login_at(T0 + 1, "twofactor", pw, NULL, &si, &e), ST_OK);
    const char *codes[RECOVERY_CODES];
    assert_int_equal(svc_totp_confirm(&s, "000000", codes, &e), ST_INVALID);
    assert_string_equal(e.code, "totp_invalid");
    char code[TOTP_DIGITS + 1];
    assert_int_equal(totp_code(en.secret, T0, code, &e), ST_OK);
    assert_int_equal(svc_totp_confirm(&s, code, codes, &e), ST_OK);
    assert_int_equal(strlen(codes[0]), RECOVERY_CODE_CHARS);
    /* Password alone: a code is needed. */
    int64_t t = T0 + 60;
    assert_int_equal(login_at(t, "twofactor", pw, NULL, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_required");
    assert_string_equal(e.field, "code");
    assert_int_equal(login_at(t, "twofactor", pw, "123456", &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_invalid");
    assert_int_equal(totp_code(en.secret, t + 2, code, &e), ST_OK);
    assert_int_equal(login_at(t + 2, "twofactor", pw, code, &si, &e), ST_OK);
    assert_true(si.u.totp_enabled);
    /* The same code again (same step) is refused. */
    assert_int_equal(login_at(t + 4, "twofactor", pw, code, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_invalid");
    /* A recovery code works once, typed loosely. */
    char loose[RECOVERY_CODE_CHARS + 2];
    snprintf(loose, sizeof loose, "%.5s %s", codes[3], codes[3] + 6);
    for (char *p = loose; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    size_t used = audited("recovery_code.use");
    assert_int_equal(login_at(t + 8, "twofactor", pw, loose, &si, &e), ST_OK);
    assert_int_equal(audited("recovery_code.use"), used + 1);
    actor me = si.who;
    assert_int_equal(login_at(t + 16, "twofactor", pw, codes[3], &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_invalid");
    /* Disabling needs the password. */
    s = at(&me, t + 20);
    assert_int_equal(svc_totp_disable(&s, "not my password", &e), ST_INVALID);
    assert_int_equal(svc_totp_disable(&s, pw, &e), ST_OK);
    assert_int_equal(login_at(t + 40, "twofactor", pw, NULL, &si, &e), ST_OK);
}

static void test_role_requirement_of_totp(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "mustenrol", "auditor", F->p2.id, 0, pw);
    error e = {0};
    int on[ROLE_COUNT] = {-1, -1, -1, -1, 1};
    assert_int_equal(svc_totp_required_set(&F->s, on, &e), ST_OK);
    bool req[ROLE_COUNT];
    assert_int_equal(svc_totp_required_get(&F->s, req, &e), ST_OK);
    assert_true(req[ROLE_AUDITOR]);
    assert_false(req[ROLE_OFFICER]);
    session_info si;
    assert_int_equal(login_at(T0, "mustenrol", pw, NULL, &si, &e), ST_OK);
    assert_true(si.totp_enrolment_required);
    svc s = at(&si.who, T0);
    assert_int_equal(svc_totp_disable(&s, pw, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "totp_required_by_role");
    int off[ROLE_COUNT] = {-1, -1, -1, -1, 0};
    assert_int_equal(svc_totp_required_set(&F->s, off, &e), ST_OK);
    assert_true(audited("settings.update") >= 2);
    /* Nothing to change: nothing written, not even an audit entry. */
    size_t before = audited("settings.update");
    assert_int_equal(svc_totp_required_set(&F->s, off, &e), ST_OK);
    assert_int_equal(audited("settings.update"), before);
}

static void test_province_admin_sees_and_creates_only_inside(void **state)
{
    (void)state;
    char pw[20], other_pw[20];
    make_user(NULL, "p1.admin", "admin", F->p1.id, 0, pw);
    user outside = make_user(NULL, "p2.officer", "officer", F->p2.id, 0, other_pw);
    session_info si;
    error e = {0};
    assert_int_equal(login_at(T0, "p1.admin", pw, NULL, &si, &e), ST_OK);
    svc s = at(&si.who, T0);
    /* Outside: not found, as if it did not exist. */
    user u;
    assert_int_equal(svc_user_get(&s, outside.id, &u, &e), ST_NOT_FOUND);
    assert_int_equal(svc_user_get_by_login(&s, "p2.officer", &u, &e), ST_NOT_FOUND);
    char one[20];
    assert_int_equal(svc_user_reset_password(&s, outside.id, 0, &u, one, &e), ST_NOT_FOUND);
    user_page page;
    assert_int_equal(svc_user_list(&s, NULL, 0, &page, &e), ST_OK);
    for (size_t i = 0; i < page.n; i++) {
        assert_non_null(page.items[i].scope_path);
        assert_memory_equal(page.items[i].scope_path, F->p1.path, strlen(F->p1.path));
    }
    /* Creating above or beside their unit is refused; changing nothing. */
    size_t n_before = page.n;
    user_input in = {.login = "p2.sec", .role = "secretary", .unit_id = F->p2.id, .disabled = -1};
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_user_create(&s, &in, &u, one, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].code, "unit_not_found");
    errlist_free(&errs);
    user_input global = {.login = "super", .role = "admin", .disabled = -1};
    errlist_init(&errs, 0);
    assert_int_equal(svc_user_create(&s, &global, &u, one, &errs), ST_INVALID);
    assert_string_equal(errs.items[0].field, "unit_code");
    errlist_free(&errs);
    /* Inside: a member of their cell gets an account bound to the member. */
    user_input mem = {.role = "member", .member_id = F->member1, .disabled = -1};
    errlist_init(&errs, 0);
    assert_int_equal(svc_user_create(&s, &mem, &u, one, &errs), ST_OK);
    errlist_free(&errs);
    assert_string_equal(u.login, "member.1");
    assert_string_equal(u.display_name, "Nguyễn Thị Lan");
    assert_int_equal(u.unit_id, F->cell1.id);
    assert_int_equal(svc_user_list(&s, NULL, 0, &page, &e), ST_OK);
    assert_int_equal(page.n, n_before + 1);
    /* A second account for the same member is refused. */
    errlist_init(&errs, 0);
    mem.login = "lan.again";
    assert_int_equal(svc_user_create(&s, &mem, &u, one, &errs), ST_CONFLICT);
    assert_string_equal(errs.items[0].code, "member_has_account");
    errlist_free(&errs);
}

static void test_only_administrators_manage_accounts(void **state)
{
    (void)state;
    char pw[20];
    make_user(NULL, "plain.officer", "officer", F->p1.id, 0, pw);
    session_info si;
    error e = {0};
    assert_int_equal(login_at(T0, "plain.officer", pw, NULL, &si, &e), ST_OK);
    svc s = at(&si.who, T0);
    user_page page;
    assert_int_equal(svc_user_list(&s, NULL, 0, &page, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "forbidden");
    audit_page ap;
    audit_query q = {0};
    assert_int_equal(svc_audit_list(&s, &q, &ap, &e), ST_FORBIDDEN);
    user_input in = {.login = "sneaky", .role = "admin", .unit_id = F->p1.id, .disabled = -1};
    user u;
    char one[20];
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_user_create(&s, &in, &u, one, &errs), ST_FORBIDDEN);
    errlist_free(&errs);
    assert_int_equal(svc_user_get_by_login(&F->s, "sneaky", &u, &e), ST_NOT_FOUND);
}

static void test_member_account_acts_as_the_member(void **state)
{
    (void)state;
    char pw[20];
    session_info si;
    error e = {0};
    user_page page;
    assert_int_equal(svc_user_list(&F->s, NULL, 0, &page, &e), ST_OK);
    const user *mu = NULL;
    for (size_t i = 0; i < page.n; i++)
        if (page.items[i].role == ROLE_MEMBER)
            mu = &page.items[i];
    assert_non_null(mu);
    user after;
    assert_int_equal(svc_user_reset_password(&F->s, mu->id, mu->version, &after, pw, &e), ST_OK);
    assert_int_equal(login_at(T0 + 100, mu->login, pw, NULL, &si, &e), ST_OK);
    assert_int_equal(si.who.role, ROLE_MEMBER);
    assert_int_equal(si.who.member_id, F->member1);
    assert_string_equal(si.who.scope_path, F->cell1.path);
    /* A stale version is refused. */
    assert_int_equal(svc_user_reset_password(&F->s, mu->id, mu->version, &after, pw, &e),
                     ST_CONFLICT);
}

/* A member account acts for its member: once the member has left or died
 * it signs in no more (as a wrong password would answer, the reason in the
 * trail), and its open session ends. */
static void test_member_who_left_or_died_cannot_sign_in(void **state)
{
    (void)state;
    member_input mi = {.full_name = "Trần Văn Đi",
                       .sex = "M",
                       .birth_date = "1980-01-02",
                       .cccd = "001080012345",
                       .admitted_on = "2010-05-19",
                       .unit_id = F->cell1.id,
                       .born_abroad = -1};
    member m;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_member_create(&F->s, &mi, &m, &errs), ST_OK);
    errlist_free(&errs);
    char pw[20];
    user u = make_user(NULL, "tran-van-di", "member", 0, m.id, pw);
    session_info si, chk;
    error e = {0};
    assert_int_equal(login_at(T0, "tran-van-di", pw, NULL, &si, &e), ST_OK);
    assert_int_equal(svc_member_set_status(&F->s, m.id, m.version, "left", "2026-11-01", &m, &e),
                     ST_OK);
    assert_int_equal(check_at(T0 + 1, si.token, &chk, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "session_invalid");
    size_t failures = audited("login.failure");
    assert_int_equal(login_at(T0 + 2, "tran-van-di", pw, NULL, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "login_failed");
    assert_null(e.field[0] ? e.field : NULL);
    assert_int_equal(audited("login.failure"), failures + 1);
    audit_entry en = last_audited("login.failure");
    assert_int_equal(en.record_id, u.id);
    assert_string_equal(en.after, "{\"login\":\"tran-van-di\",\"reason\":\"member_left\"}");
    /* A wrong password answers the same: nothing tells the two apart. */
    assert_int_equal(login_at(T0 + 5, "tran-van-di", "sai mật khẩu rồi", NULL, &si, &e),
                     ST_UNAUTHORIZED);
    assert_string_equal(e.code, "login_failed");
    assert_int_equal(
        svc_member_set_status(&F->s, m.id, m.version, "deceased", "2026-11-10", &m, &e), ST_OK);
    assert_int_equal(login_at(T0 + 10, "tran-van-di", pw, NULL, &si, &e), ST_UNAUTHORIZED);
    assert_string_equal(last_audited("login.failure").after,
                        "{\"login\":\"tran-van-di\",\"reason\":\"member_deceased\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_time_password_must_be_changed_then_new_one_works),
        cmocka_unit_test(test_unknown_login_fails_like_a_wrong_password_and_is_audited),
        cmocka_unit_test(test_failures_are_spaced_out_doubling),
        cmocka_unit_test(test_lock_after_failures_is_audited_and_ends),
        cmocka_unit_test(test_password_reset_clears_a_lock),
        cmocka_unit_test(test_disabled_account_fails_and_loses_sessions),
        cmocka_unit_test(test_session_idle_and_absolute_expiry),
        cmocka_unit_test(test_logout_ends_the_session),
        cmocka_unit_test(test_password_change_ends_other_sessions),
        cmocka_unit_test(test_wrong_current_password_counts_as_a_failed_sign_in),
        cmocka_unit_test(test_wrong_password_to_turn_off_totp_counts_as_a_failed_sign_in),
        cmocka_unit_test(test_totp_enrolment_login_and_recovery_code_once),
        cmocka_unit_test(test_role_requirement_of_totp),
        cmocka_unit_test(test_province_admin_sees_and_creates_only_inside),
        cmocka_unit_test(test_only_administrators_manage_accounts),
        cmocka_unit_test(test_member_account_acts_as_the_member),
        cmocka_unit_test(test_member_who_left_or_died_cannot_sign_in),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
