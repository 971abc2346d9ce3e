/*
 * test_ident.c -- citizen ID (CCCD) normalization and checks, CMND, party
 * card number, record number, phone and e-mail (DOMAIN.md, "Citizen ID").
 */
#include "testutil.h"

#include "core/arena.h"
#include "core/error.h"
#include "core/limits.h"
#include "text/text.h"

static void test_cccd_normalize_plain_dotted_spaced_fullwidth(void **state)
{
    (void)state;
    char out[CCCD_LEN + 1];
    error e;
    assert_int_equal(cccd_normalize("001085012345", out, &e), ST_OK);
    assert_string_equal(out, "001085012345");
    assert_int_equal(cccd_normalize("  001 085 012345 ", out, &e), ST_OK);
    assert_string_equal(out, "001085012345");
    assert_int_equal(cccd_normalize("001.085.012.345", out, &e), ST_OK);
    assert_string_equal(out, "001085012345");
    /* full-width digits from a Vietnamese input method, full-width space */
    assert_int_equal(cccd_normalize("\xEF\xBC\x90\xEF\xBC\x97\xEF\xBC\x99\xE3\x80\x80"
                                    "301000123",
                                    out, &e),
                     ST_OK);
    assert_string_equal(out, "079301000123");
}

static void test_cccd_normalize_refusals(void **state)
{
    (void)state;
    char out[CCCD_LEN + 1];
    error e;
    assert_int_equal(cccd_normalize("001-085-012345", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_char");
    assert_string_equal(e.field, "cccd");
    assert_string_equal(e.arg, "-");
    assert_string_equal(out, "");
    assert_int_equal(cccd_normalize("00108501234O", out, &e), ST_INVALID); /* letter O */
    assert_string_equal(e.code, "cccd_char");
    assert_string_equal(e.arg, "O");
    assert_int_equal(cccd_normalize(".001085012345", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_char");
    assert_int_equal(cccd_normalize("001085012345.", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_char");
    assert_int_equal(cccd_normalize("00108501234", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_length");
    assert_int_equal(cccd_normalize("0010850123456", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_length");
    assert_int_equal(cccd_normalize("00108501234567890123", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_length");
    assert_int_equal(cccd_normalize("   ", out, &e), ST_INVALID);
    assert_string_equal(e.code, "required");
    assert_int_equal(cccd_normalize("0010\xC3", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_char");
    assert_int_equal(cccd_normalize("１２", out, &e), ST_INVALID); /* "１２" ok chars, too short */
    assert_string_equal(e.code, "cccd_length");
}

static void test_cccd_province_codes_are_exactly_the_63(void **state)
{
    (void)state;
    static const char *const codes[] = {
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
        "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
        "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
        "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
        "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
    };
    size_t known = 0;
    for (int i = 0; i < 1000; i++) {
        char c[4] = {(char)('0' + i / 100), (char)('0' + i / 10 % 10), (char)('0' + i % 10), 0};
        bool listed = false;
        for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
            listed |= strcmp(codes[k], c) == 0;
        assert_int_equal(cccd_province_known(c), listed);
        known += listed;
    }
    assert_int_equal(known, 63);
    assert_false(cccd_province_known("01"));
    assert_false(cccd_province_known("0a1"));
    assert_false(cccd_province_known(NULL));
}

static void test_cccd_check_valid_examples(void **state)
{
    (void)state;
    error e;
    bool warn = true;
    /* Hà Nội, male, born 1985 */
    assert_int_equal(cccd_check("001085012345", 'M', 1985, false, &warn, &e), ST_OK);
    assert_false(warn);
    /* Hồ Chí Minh City, female, born 2001 */
    assert_int_equal(cccd_check("079301000123", 'F', 2001, false, &warn, &e), ST_OK);
    /* Cà Mau, female, born 1999 */
    assert_int_equal(cccd_check("096199000001", 'F', 1999, false, &warn, &e), ST_OK);
    /* male born 2100, female born 2199 */
    assert_int_equal(cccd_check("001400000001", 'M', 2100, false, &warn, &e), ST_OK);
    assert_int_equal(cccd_check("001599000001", 'F', 2199, false, &warn, &e), ST_OK);
    /* born 1900 */
    assert_int_equal(cccd_check("001000000001", 'M', 1900, false, &warn, &e), ST_OK);
}

static void test_cccd_check_sex_century_and_year(void **state)
{
    (void)state;
    error e;
    bool warn;
    assert_int_equal(cccd_check("001085012345", 'F', 1985, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_sex_mismatch");
    assert_string_equal(e.field, "cccd");
    char msg[256];
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_string_equal(msg, "Chữ số thứ tư của số CCCD không khớp với giới tính và thế kỷ sinh.");
    assert_int_equal(cccd_check("079301000123", 'M', 2001, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_sex_mismatch");
    /* digit 0 says the 1900s, the record says 2085 */
    assert_int_equal(cccd_check("001085012345", 'M', 2085, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_century_mismatch");
    assert_int_equal(cccd_check("079301000123", 'F', 1901, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_century_mismatch");
    assert_int_equal(cccd_check("001085012345", 'M', 1986, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_year_mismatch");
    assert_string_equal(e.arg, "85");
    /* digits 6..9 name no century */
    assert_int_equal(cccd_check("001685012345", 'M', 1985, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_century_digit");
    assert_int_equal(cccd_check("001985012345", 'F', 1985, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_century_digit");
    /* not normalized */
    assert_int_equal(cccd_check("001 085 012345", 'M', 1985, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_length");
}

static void test_cccd_foreign_code_refused_unless_born_abroad(void **state)
{
    (void)state;
    error e;
    bool warn = false;
    /* 003 is not a province code */
    assert_int_equal(cccd_check("003085012345", 'M', 1985, false, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_province");
    assert_string_equal(e.arg, "003");
    assert_false(warn);
    assert_int_equal(cccd_check("003085012345", 'M', 1985, true, &warn, &e), ST_OK);
    assert_true(warn);
    /* a listed code with born_abroad set is no warning */
    assert_int_equal(cccd_check("001085012345", 'M', 1985, true, &warn, &e), ST_OK);
    assert_false(warn);
    /* born abroad does not excuse the other digits */
    assert_int_equal(cccd_check("999185012345", 'M', 1985, true, &warn, &e), ST_INVALID);
    assert_string_equal(e.code, "cccd_sex_mismatch");
}

static void test_cmnd(void **state)
{
    (void)state;
    char out[10];
    error e;
    assert_int_equal(cmnd_normalize(" 012.345.678 ", out, &e), ST_OK);
    assert_string_equal(out, "012345678");
    assert_int_equal(cmnd_normalize("01234567", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cmnd_format");
    assert_string_equal(e.field, "cmnd");
    assert_int_equal(cmnd_normalize("0123456789", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cmnd_format");
    assert_int_equal(cmnd_normalize("012345678x", out, &e), ST_INVALID);
    assert_string_equal(e.code, "cmnd_format");
}

static void test_card_number_against_the_pattern(void **state)
{
    (void)state;
    char out[33];
    error e;
    assert_int_equal(card_normalize(" 1234 5678 ", NULL, out, &e), ST_OK);
    assert_string_equal(out, "12345678");
    assert_int_equal(card_normalize("\xEF\xBC\x91"
                                    "2345678",
                                    CARD_PATTERN_DEFAULT, out, &e),
                     ST_OK);
    assert_string_equal(out, "12345678");
    /* the pattern is anchored: nine digits do not pass an 8-digit pattern */
    assert_int_equal(card_normalize("123456789", "[0-9]{8}", out, &e), ST_INVALID);
    assert_string_equal(e.code, "card_format");
    assert_string_equal(e.field, "card_number");
    assert_string_equal(out, "");
    assert_int_equal(card_normalize("1234567", NULL, out, &e), ST_INVALID);
    /* a pattern that anchors itself works too */
    assert_int_equal(card_normalize("12345678", "^[0-9]{8}$", out, &e), ST_OK);
    /* a chip-card pattern set by an administrator */
    assert_int_equal(card_normalize("AB123456789", "[A-Z]{2}[0-9]{9}|[0-9]{8}", out, &e), ST_OK);
    assert_int_equal(card_normalize("12345678", "[A-Z]{2}[0-9]{9}|[0-9]{8}", out, &e), ST_OK);
    assert_int_equal(card_normalize("12345678", "[0-9]{8", out, &e), ST_INTERNAL);
    assert_string_equal(e.code, "card_pattern_invalid");
    assert_int_equal(card_normalize("123456789012345678901234567890123", "[0-9]+", out, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "card_format");
    assert_int_equal(card_normalize("1234ế678", "[0-9]{8}", out, &e), ST_INVALID);
    assert_string_equal(e.code, "card_format");
}

static void test_record_number(void **state)
{
    (void)state;
    char out[10];
    error e;
    assert_int_equal(record_number_normalize("012345hn", out, &e), ST_OK);
    assert_string_equal(out, "012345HN");
    assert_int_equal(record_number_normalize(" 012345 ABC ", out, &e), ST_OK);
    assert_string_equal(out, "012345ABC");
    assert_int_equal(record_number_normalize("012345A", out, &e), ST_OK);
    static const char *const bad[] = {"012345",   "01234HN", "0123456HN", "012345ABCD",
                                      "HN012345", "012345Đ", "012345-HN", "012345H1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(record_number_normalize(bad[i], out, &e), ST_INVALID);
        assert_string_equal(e.code, "record_number_format");
        assert_string_equal(e.field, "record_number");
    }
}

static void test_phone(void **state)
{
    (void)state;
    char out[LIMIT_PHONE_BYTES];
    error e;
    assert_int_equal(phone_normalize("+84 912.345-678", out, sizeof out, &e), ST_OK);
    assert_string_equal(out, "+84912345678");
    assert_int_equal(phone_normalize("(024) 3825 1234", out, sizeof out, &e), ST_OK);
    assert_string_equal(out, "02438251234");
    assert_int_equal(phone_normalize("0912 345 678", out, sizeof out, &e), ST_OK);
    assert_string_equal(out, "0912345678");
    assert_int_equal(phone_normalize("1234567", out, sizeof out, &e), ST_INVALID);
    assert_string_equal(e.code, "phone_format");
    assert_int_equal(phone_normalize("1234567890123456", out, sizeof out, &e), ST_INVALID);
    assert_int_equal(phone_normalize("0912+345678", out, sizeof out, &e), ST_INVALID);
    assert_int_equal(phone_normalize("0912 345 678 ext 2", out, sizeof out, &e), ST_INVALID);
    assert_string_equal(e.code, "phone_format");
    assert_string_equal(e.field, "phone");
    char tiny[5];
    assert_int_equal(phone_normalize("0912345678", tiny, sizeof tiny, &e), ST_INVALID);
    assert_string_equal(tiny, "");
}

static void test_email(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *out;
    assert_int_equal(email_normalize(&a, " Nguyen.An@Example.VN ", &out, &e), ST_OK);
    assert_string_equal(out, "Nguyen.An@example.vn");
    assert_int_equal(email_normalize(&a, "an+chi-bo@mofa.gov.vn", &out, &e), ST_OK);
    static const char *const bad[] = {"an",
                                      "an@",
                                      "@example.vn",
                                      "an@example",
                                      "an@@example.vn",
                                      "a@b@example.vn",
                                      "an nguyen@example.vn",
                                      "an@.example.vn",
                                      "an@example..vn",
                                      "an@-example.vn",
                                      ".an@example.vn",
                                      "an..b@example.vn",
                                      "an@example.vn.",
                                      "an@exa_mple.vn"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (email_normalize(&a, bad[i], &out, &e) != ST_INVALID)
            fail_msg("accepted %s", bad[i]);
        assert_string_equal(e.code, "email_format");
        assert_string_equal(e.field, "email");
        assert_null(out);
    }
    /* one byte past the limit, every part well-formed */
    char big[LIMIT_EMAIL_BYTES + 2];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "an@", 3);
    memcpy(big + sizeof big - 4, ".vn", 3);
    assert_int_equal(email_normalize(&a, big, &out, &e), ST_INVALID);
    assert_string_equal(e.code, "email_format");
    big[sizeof big - 5] = '\0';
    memcpy(big + sizeof big - 8, ".vn", 3);
    assert_int_equal(email_normalize(&a, big, &out, &e), ST_OK);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cccd_normalize_plain_dotted_spaced_fullwidth),
        cmocka_unit_test(test_cccd_normalize_refusals),
        cmocka_unit_test(test_cccd_province_codes_are_exactly_the_63),
        cmocka_unit_test(test_cccd_check_valid_examples),
        cmocka_unit_test(test_cccd_check_sex_century_and_year),
        cmocka_unit_test(test_cccd_foreign_code_refused_unless_born_abroad),
        cmocka_unit_test(test_cmnd),
        cmocka_unit_test(test_card_number_against_the_pattern),
        cmocka_unit_test(test_record_number),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_email),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
