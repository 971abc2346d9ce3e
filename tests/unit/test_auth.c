/*
 * test_auth.c -- auth/ on its own: roles, the password rules, hashing,
 * tokens, RFC 6238 codes with their window and replay refusal, recovery
 * codes, the audit hash and the JSON of an entry's values.
 */
#include "testutil.h"

#include <stdio.h>

#include "auth/auth.h"
#include "core/alloc.h"

static int setup(void **state)
{
    (void)state;
    error e;
    return auth_init(&e) == ST_OK ? 0 : -1;
}

static const char *check(const char *pw, const char *login, const char *name)
{
    error e = {0};
    status st = password_check(pw, login, name, NULL, &e);
    return st == ST_OK ? "ok" : e.code;
}

static void test_roles_round_trip(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        role back;
        assert_true(role_parse(role_name((role)r), &back));
        assert_int_equal(back, r);
    }
    role x;
    assert_false(role_parse("root", &x));
    assert_false(role_parse(NULL, &x));
    assert_string_equal(role_name(ROLE_SECRETARY), "secretary");
}

static void test_password_rules_refuse_common_short_and_personal(void **state)
{
    (void)state;
    assert_string_equal(check("matkhau123", NULL, NULL), "password_common");
    assert_string_equal(check("password123!", NULL, NULL), "password_common");
    assert_string_equal(check("Password1!", NULL, NULL), "password_common");
    assert_string_equal(check("Mật khẩu 123", NULL, NULL), "password_common");
    assert_string_equal(check("Tr0ub4d!x", NULL, NULL), "password_too_short");
    assert_string_equal(check("", NULL, NULL), "required");
    /* Ten letters with diacritics are ten characters, not 20 bytes. */
    assert_string_equal(check("Đặng Ánh ơ", NULL, NULL), "ok");
    assert_string_equal(check("hn.badinh.tdp1-ngay-mai", "hn.badinh.tdp1", NULL),
                        "password_personal");
    assert_string_equal(check("Lan-nguyen-di-hoc-buoi-sang", NULL, "Nguyễn Thị Lan"),
                        "password_personal");
    assert_string_equal(check("ngựa vàng bay qua sông Hồng", "hn.badinh.tdp1", "Nguyễn Thị Lan"),
                        "ok");
    assert_string_equal(check("correct horse battery staple", NULL, NULL), "ok");
    char big[PASSWORD_MAX_BYTES + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(check(big, NULL, NULL), "password_too_long");
    assert_string_equal(check("\xff\xfe-not-utf8-at-all", NULL, NULL), "password_not_utf8");
}

static void test_password_cracklib_refuses_systematic(void **state)
{
    (void)state;
    assert_string_equal(check("abcdefghijklmnop", NULL, NULL), "password_weak");
}

static void test_password_error_names_the_field(void **state)
{
    (void)state;
    error e = {0};
    assert_int_equal(password_check("short", NULL, NULL, "new_password", &e), ST_INVALID);
    assert_string_equal(e.field, "new_password");
    assert_string_equal(e.arg, "10");
}

static void test_password_hash_and_verify(void **state)
{
    (void)state;
    char h[PASSWORD_HASH_MAX];
    error e;
    assert_int_equal(password_hash("correct horse battery staple", h, &e), ST_OK);
    assert_memory_equal(h, "$argon2id$", 10);
    assert_true(password_verify("correct horse battery staple", h));
    assert_false(password_verify("correct horse battery stapl", h));
    assert_false(password_verify("", h));
    assert_false(password_verify("x", "not a hash"));
}

static void test_generated_password_passes_and_has_groups(void **state)
{
    (void)state;
    for (int i = 0; i < 20; i++) {
        char pw[20];
        password_generate(pw);
        assert_int_equal(strlen(pw), 19);
        assert_true(pw[4] == '-' && pw[9] == '-' && pw[14] == '-');
        assert_null(strpbrk(pw, "0O1lI"));
        assert_string_equal(check(pw, NULL, NULL), "ok");
    }
}

static void test_tokens_are_random_base64url(void **state)
{
    (void)state;
    char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1];
    token_generate(a);
    token_generate(b);
    assert_int_equal(strlen(a), TOKEN_CHARS);
    assert_true(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                TOKEN_CHARS);
    assert_false(token_equal(a, b));
    assert_true(token_equal(a, a));
    assert_false(token_equal("abc", "abcd"));
    assert_false(token_equal(NULL, "a"));
}

static void test_sha256_hex_known_value(void **state)
{
    (void)state;
    char h[65];
    sha256_hex("abc", 3, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* RFC 6238 appendix B: the SHA-1 secret "12345678901234567890". */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void test_totp_rfc6238_vectors(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *code8;
    } v[] = {{59, "94287082"},
             {1111111109, "07081804"},
             {1234567890, "89005924"},
             {2000000000, "69279037"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char out[TOTP_DIGITS + 1];
        error e;
        assert_int_equal(totp_code(RFC_SECRET, v[i].t, out, &e), ST_OK);
        assert_string_equal(out, v[i].code8 + 2); /* the last 6 digits */
    }
}

static void test_totp_window_and_replay(void **state)
{
    (void)state;
    error e = {0};
    int64_t step = 0, now = 1234567890;
    /* The code of the step before now (clock drift) is accepted. */
    char prev[TOTP_DIGITS + 1];
    assert_int_equal(totp_code(RFC_SECRET, now - TOTP_STEP_S, prev, &e), ST_OK);
    assert_int_equal(totp_verify(RFC_SECRET, prev, now, 0, &step, &e), ST_OK);
    assert_int_equal(step, now / TOTP_STEP_S - 1);
    /* Used once: the same step again is refused. */
    assert_int_equal(totp_verify(RFC_SECRET, prev, now, step, &step, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_invalid");
    /* Two steps away is outside the window. */
    char old[TOTP_DIGITS + 1];
    assert_int_equal(totp_code(RFC_SECRET, now - 2 * TOTP_STEP_S, old, &e), ST_OK);
    assert_int_equal(totp_verify(RFC_SECRET, old, now, 0, &step, &e), ST_UNAUTHORIZED);
    /* Spaces are dropped; other characters are a format error. */
    assert_int_equal(totp_verify(RFC_SECRET, "005 924", now, 0, &step, &e), ST_OK);
    assert_int_equal(totp_verify(RFC_SECRET, "00592a", now, 0, &step, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_format");
    assert_string_equal(e.field, "code");
    assert_int_equal(totp_verify(RFC_SECRET, "1234567", now, 0, &step, &e), ST_UNAUTHORIZED);
    assert_string_equal(e.code, "totp_format");
}

static void test_totp_secret_and_uri(void **state)
{
    (void)state;
    char s[TOTP_SECRET_B32];
    totp_secret_generate(s);
    assert_int_equal(strlen(s), 32);
    assert_true(strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == 32);
    char code[TOTP_DIGITS + 1];
    error e;
    assert_int_equal(totp_code(s, 1795400000, code, &e), ST_OK);
    int64_t step;
    assert_int_equal(totp_verify(s, code, 1795400000, 0, &step, &e), ST_OK);
    arena a = ARENA_INIT;
    char *uri = totp_uri(&a, s, "lan.nguyen");
    assert_non_null(strstr(uri, "otpauth://totp/caunoi:lan.nguyen?secret="));
    assert_non_null(strstr(uri, "issuer=caunoi"));
    arena_free(&a);
}

static void test_recovery_code_normalization(void **state)
{
    (void)state;
    char c[RECOVERY_CODE_CHARS + 1], n[RECOVERY_CODE_CHARS + 1];
    recovery_code_generate(c);
    assert_int_equal(strlen(c), RECOVERY_CODE_CHARS);
    assert_int_equal(c[5], '-');
    assert_true(recovery_code_normalize(c, n));
    assert_string_equal(n, c);
    assert_true(recovery_code_normalize("ABCDE FGHJK", n));
    assert_string_equal(n, "abcde-fghjk");
    assert_true(recovery_code_normalize(" abcdefghjk ", n));
    assert_string_equal(n, "abcde-fghjk");
    assert_false(recovery_code_normalize("abcde-fghj", n));   /* too short */
    assert_false(recovery_code_normalize("abcde-fghjkm", n)); /* too long */
    assert_false(recovery_code_normalize("abcde-fghj1", n));  /* 1 is not in the alphabet */
    assert_false(recovery_code_normalize("", n));
}

static audit_entry sample(void)
{
    audit_entry en = {.id = 7,
                      .at = "2026-11-23T02:13:20Z",
                      .actor = "admin",
                      .ip = "10.0.0.1",
                      .action = "member.update",
                      .record_type = "member",
                      .user_id = 3,
                      .record_id = 42,
                      .scope_path = "/1/7/",
                      .before = "{\"phone\":\"1\"}",
                      .after = "{\"phone\":\"2\"}",
                      .prev_hash = AUDIT_GENESIS};
    return en;
}

static void test_audit_hash_changes_with_every_field(void **state)
{
    (void)state;
    audit_entry base = sample();
    char h0[AUDIT_HASH_HEX], h[AUDIT_HASH_HEX];
    audit_hash(&base, h0);
    assert_int_equal(strlen(h0), 64);
    audit_hash(&base, h);
    assert_string_equal(h, h0); /* deterministic */
    for (int f = 0; f < 12; f++) {
        audit_entry en = sample();
        switch (f) {
        case 0: en.id = 8; break;
        case 1: en.at = "2026-11-23T02:13:21Z"; break;
        case 2: en.actor = "admim"; break;
        case 3: en.ip = "10.0.0.2"; break;
        case 4: en.action = "member.create"; break;
        case 5: en.record_type = "unit"; break;
        case 6: en.user_id = 4; break;
        case 7: en.record_id = 43; break;
        case 8: en.scope_path = "/1/"; break;
        case 9: en.before = NULL; break;
        case 10: en.after = "{\"phone\":\"3\"}"; break;
        case 11:
            en.prev_hash = "1111111111111111111111111111111111111111111111111111111111111111";
            break;
        }
        audit_hash(&en, h);
        assert_string_not_equal(h, h0);
    }
    /* A byte moved from one field to the next changes the hash too. */
    audit_entry a = sample(), b = sample();
    a.actor = "ad";
    a.ip = "min";
    b.actor = "adm";
    b.ip = "in";
    char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];
    audit_hash(&a, ha);
    audit_hash(&b, hb);
    assert_string_not_equal(ha, hb);
    /* NULL and "" differ. */
    a = sample();
    a.before = "";
    audit_hash(&a, ha);
    b = sample();
    b.before = NULL;
    audit_hash(&b, hb);
    assert_string_not_equal(ha, hb);
}

static void test_audit_fields_json_escapes(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    audit_field f[] = {{"name", "Đặng \"An\" \\ <script>"},
                       {"note", "line1\nline2\ttab\x01"},
                       {"member_id", NULL}};
    char *j = audit_fields_json(&a, f, 3);
    assert_string_equal(j, "{\"name\":\"Đặng \\\"An\\\" \\\\ <script>\","
                           "\"note\":\"line1\\u000aline2\\u0009tab\\u0001\","
                           "\"member_id\":null}");
    assert_string_equal(audit_fields_json(&a, f, 0), "{}");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_round_trip),
        cmocka_unit_test(test_password_rules_refuse_common_short_and_personal),
        cmocka_unit_test(test_password_cracklib_refuses_systematic),
        cmocka_unit_test(test_password_error_names_the_field),
        cmocka_unit_test(test_password_hash_and_verify),
        cmocka_unit_test(test_generated_password_passes_and_has_groups),
        cmocka_unit_test(test_tokens_are_random_base64url),
        cmocka_unit_test(test_sha256_hex_known_value),
        cmocka_unit_test(test_totp_rfc6238_vectors),
        cmocka_unit_test(test_totp_window_and_replay),
        cmocka_unit_test(test_totp_secret_and_uri),
        cmocka_unit_test(test_recovery_code_normalization),
        cmocka_unit_test(test_audit_hash_changes_with_every_field),
        cmocka_unit_test(test_audit_fields_json_escapes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
