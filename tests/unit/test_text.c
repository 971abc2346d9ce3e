/*
 * test_text.c -- UTF-8 checking, NFC and white space, folding, Vietnamese
 * collation and sort keys, name splitting.
 */
#include "testutil.h"

#include <stdlib.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/str.h"
#include "text/text.h"

/* "Đặng Văn An" in NFC and in NFD (base letters followed by combining
 * marks; Đ has no decomposition, so NFD keeps U+0110). */
#define DANG_NFC "\xC4\x90\xE1\xBA\xB7ng V\xC4\x83n An"
#define DANG_NFD                                                                                   \
    "\xC4\x90"                                                                                     \
    "a\xCC\xA3\xCC\x86"                                                                            \
    "ng Va\xCC\x86n An"

static void test_utf8_validator_is_strict(void **state)
{
    (void)state;
    assert_true(text_utf8_valid("Nguyễn", strlen("Nguyễn")));
    assert_true(text_utf8_valid("\xF4\x8F\xBF\xBF", 4));  /* U+10FFFF */
    assert_false(text_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(text_utf8_valid("\xE0\x80\xAF", 3));     /* overlong, 3 bytes */
    assert_false(text_utf8_valid("\xF0\x80\x80\xAF", 4)); /* overlong, 4 bytes */
    assert_false(text_utf8_valid("\xED\xA0\x80", 3));     /* surrogate U+D800 */
    assert_false(text_utf8_valid("\xF4\x90\x80\x80", 4)); /* U+110000 */
    assert_false(text_utf8_valid("\xE1\xBA", 2));         /* truncated */
    assert_false(text_utf8_valid("\x80", 1));             /* lone continuation */
    assert_false(text_utf8_valid("\xFF", 1));
    assert_int_equal(text_utf8_invalid_at("ab\xC3(", 4), 2);
    assert_int_equal(text_utf8_invalid_at("abc", 3), -1);
}

static void test_clean_line_trims_and_collapses_white_space(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *out;
    /* tab, NBSP, full-width space and runs of spaces all become one space */
    const char *in = " \t Nguy\xE1\xBB\x85n\xC2\xA0\xC2\xA0V\xC4\x83n\xE3\x80\x80"
                     "An  ";
    assert_int_equal(text_clean_line(&a, in, strlen(in), "full_name", &out, &e), ST_OK);
    assert_string_equal(out, "Nguyễn Văn An");
    assert_int_equal(text_clean_line(&a, "   ", 3, "full_name", &out, &e), ST_OK);
    assert_string_equal(out, "");
    arena_free(&a);
}

static void test_clean_line_composes_nfd_to_nfc(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *out;
    assert_int_equal(text_clean_line(&a, DANG_NFD, strlen(DANG_NFD), "full_name", &out, &e), ST_OK);
    assert_string_equal(out, DANG_NFC);
    assert_string_equal(out, "Đặng Văn An");
    arena_free(&a);
}

static void test_clean_line_refuses_control_characters(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *out = (char *)"unchanged";
    assert_int_equal(text_clean_line(&a, "An\nBình", strlen("An\nBình"), "full_name", &out, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "text_control");
    assert_string_equal(e.field, "full_name");
    assert_string_equal(e.arg, "U+000A");
    assert_null(out);
    assert_int_equal(text_clean_line(&a, "An\0B", 4, "x", &out, &e), ST_INVALID);
    assert_string_equal(e.code, "text_control");
    assert_int_equal(text_clean_line(&a, "An\xC2\x85", 4, "x", &out, &e), ST_INVALID); /* C1 NEL */
    assert_string_equal(e.arg, "U+0085");
    assert_int_equal(text_clean_line(&a, "\x7F", 1, "x", &out, &e), ST_INVALID);
    /* a right-to-left override could make a name display as another */
    assert_int_equal(text_clean_line(&a, "An\xE2\x80\xAE", 5, "x", &out, &e), ST_INVALID);
    assert_string_equal(e.arg, "U+202E");
    arena_free(&a);
}

static void test_clean_line_refuses_invalid_utf8_with_offset(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *out;
    const char cp1258[] = "Nguy\xD2n"; /* "Nguyễn" in Windows-1258 */
    assert_int_equal(text_clean_line(&a, cp1258, strlen(cp1258), "full_name", &out, &e),
                     ST_BAD_REQUEST);
    assert_string_equal(e.code, "utf8_invalid");
    assert_string_equal(e.arg, "5");
    assert_null(out);
    assert_int_equal(text_clean_line(&a, "\xED\xA0\x80", 3, "x", &out, &e), ST_BAD_REQUEST);
    char msg[256];
    err_message(&e, LANG_VI, msg, sizeof msg);
    assert_string_equal(msg, "Văn bản không phải UTF-8 hợp lệ (lỗi ở byte 1).");
    arena_free(&a);
}

static void test_fold_removes_case_diacritics_and_d_stroke(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(text_fold(&a, DANG_NFC), "dang van an");
    assert_string_equal(text_fold(&a, DANG_NFD), "dang van an");
    assert_string_equal(text_fold(&a, "DANG van an"), "dang van an");
    assert_string_equal(text_fold(&a, "Đặng  Văn-An"), "dang van an");
    assert_string_equal(text_fold(&a, "đ Đ"), "d d");
    assert_string_equal(text_fold(&a, "NGUYỄN THỊ ÁNH TUYẾT"), "nguyen thi anh tuyet");
    assert_string_equal(text_fold(&a, "Ưng Hoàng Phúc"), "ung hoang phuc");
    assert_string_equal(text_fold(&a, "  ,.;  "), "");
    assert_string_equal(text_fold(&a, "K'Sor H'Hen"), "k sor h hen");
    assert_string_equal(text_fold(&a, "Chi bộ 5"), "chi bo 5");
    assert_string_equal(text_fold(&a, "\xEF\xBC\xA1\xEF\xBC\xAE"), "an"); /* full-width "ＡＮ" */
    assert_string_equal(text_fold(&a, "\xC3\x90inh"), "dinh"); /* Ð (eth) typed for Đ */
    assert_null(text_fold(&a, "An\xC3"));
    arena_free(&a);
}

static void test_lower_keeps_diacritics(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(text_lower(&a, "ĐẶNG Văn AN"), "đặng văn an");
    assert_string_equal(text_lower(&a, "ƯƠ"), "ươ");
    arena_free(&a);
}

static void test_has_diacritics(void **state)
{
    (void)state;
    assert_true(text_has_diacritics("Đặng"));
    assert_true(text_has_diacritics("đ"));
    assert_true(text_has_diacritics("Văn"));
    assert_true(text_has_diacritics("Ư"));
    assert_true(text_has_diacritics("a\xCC\x81")); /* NFD á */
    assert_false(text_has_diacritics("Dang Van An"));
    assert_false(text_has_diacritics(""));
    assert_false(text_has_diacritics("0912 345"));
}

/* ---- collation ---- */

static int setup_collator(void **state)
{
    text_collator *c;
    error e;
    if (text_collator_open(&c, &e) != ST_OK)
        return -1;
    *state = c;
    return 0;
}

static int teardown_collator(void **state)
{
    text_collator_close(*state);
    return 0;
}

static void assert_strictly_ascending(text_collator *c, const char *const *words, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (text_collate(c, words[i], words[i + 1]) >= 0)
            fail_msg("expected \"%s\" < \"%s\"", words[i], words[i + 1]);
        if (text_collate(c, words[i + 1], words[i]) <= 0)
            fail_msg("expected \"%s\" > \"%s\"", words[i + 1], words[i]);
    }
}

static void test_collation_follows_the_vietnamese_alphabet(void **state)
{
    text_collator *c = *state;
    static const char *const alphabet[] = {
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m",
        "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
    };
    assert_strictly_ascending(c, alphabet, sizeof alphabet / sizeof alphabet[0]);
    static const char *const capitals[] = {"A", "Ă", "Â", "D", "Đ", "E",
                                           "Ê", "O", "Ô", "Ơ", "U", "Ư"};
    assert_strictly_ascending(c, capitals, sizeof capitals / sizeof capitals[0]);
}

static void test_collation_orders_given_names(void **state)
{
    text_collator *c = *state;
    static const char *const names[] = {"An", "Anh", "Ánh", "Bình", "Cúc", "Dũng", "Đức", "Ước"};
    assert_strictly_ascending(c, names, sizeof names / sizeof names[0]);
    /* byte order would put "Đức" after "Ước" and "Dũng" after "Đức"; the
     * tone mark decides only between otherwise equal words */
    assert_true(text_collate(c, "Dũng", "Đức") < 0);
    assert_true(text_collate(c, "Dung", "Dũng") < 0);
    assert_true(text_collate(c, "Dũng", "Dương") < 0);
    assert_int_equal(text_collate(c, "Bình", "Bình"), 0);
    /* NFD input compares equal to its NFC form */
    assert_int_equal(text_collate(c, "Bi\xCC\x80nh", "Bình"), 0);
}

typedef struct entry {
    const char *family, *middle, *given, *birth;
    strbuf key;
} entry;

static int cmp_key(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
    int r = memcmp(a->key.data, b->key.data, n);
    return r ? r : (a->key.len > b->key.len) - (a->key.len < b->key.len);
}

static void test_name_sort_key_orders_given_family_middle_birth(void **state)
{
    text_collator *c = *state;
    entry list[] = {
        {"Nguyễn", "Văn", "Đức", "1980-01-01", {0}},  {"Lê", "Thị", "Cúc", "1975-05-05", {0}},
        {"Trần", "Văn", "Bình", "1990-09-09", {0}},   {"Trần", "Thị", "Bình", "1991-01-01", {0}},
        {"Nguyễn", "Văn", "Dũng", "1985-03-03", {0}}, {"Lê", "", "An", "1970-07-07", {0}},
        {"Nguyễn", "Văn", "Bình", "1988-08-08", {0}}, {"Nguyễn", "Văn", "Bình", "1966-06-06", {0}},
        {"Lê", "Văn", "An", "1960-01-01", {0}},
    };
    size_t n = sizeof list / sizeof list[0];
    error e;
    for (size_t i = 0; i < n; i++) {
        date_t b;
        assert_true(date_parse(list[i].birth, &b));
        assert_int_equal(text_name_sort_key(c, list[i].family, list[i].middle, list[i].given, b,
                                            &list[i].key, &e),
                         ST_OK);
    }
    qsort(list, n, sizeof list[0], cmp_key);
    static const char *const expected[][3] = {
        {"Lê", "", "An"}, /* given "An", family "Lê", no middle name first */
        {"Lê", "Văn", "An"},       {"Nguyễn", "Văn", "Bình"}, /* given "Bình": Nguyễn < Trần; then
                                                                 born 1966 */
        {"Nguyễn", "Văn", "Bình"},                            /* born 1988 */
        {"Trần", "Thị", "Bình"},                              /* Thị < Văn */
        {"Trần", "Văn", "Bình"},   {"Lê", "Thị", "Cúc"},      {"Nguyễn", "Văn", "Dũng"},
        {"Nguyễn", "Văn", "Đức"},
    };
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(list[i].family, expected[i][0]);
        assert_string_equal(list[i].middle, expected[i][1]);
        assert_string_equal(list[i].given, expected[i][2]);
    }
    assert_string_equal(list[2].birth, "1966-06-06");
    assert_string_equal(list[3].birth, "1988-08-08");
    /* the key ends with the birth date as 8 ASCII digits */
    assert_memory_equal(list[2].key.data + list[2].key.len - 8, "19660606", 8);
    for (size_t i = 0; i < n; i++)
        buf_free(&list[i].key);
}

static void test_name_sort_key_by_given_name_first(void **state)
{
    text_collator *c = *state;
    /* "Trần Văn Bình" before "Lê Thị Cúc" before "Nguyễn Văn Đức" */
    strbuf k1 = {0}, k2 = {0}, k3 = {0};
    error e;
    assert_int_equal(text_name_sort_key(c, "Trần", "Văn", "Bình", DATE_NONE, &k1, &e), ST_OK);
    assert_int_equal(text_name_sort_key(c, "Lê", "Thị", "Cúc", DATE_NONE, &k2, &e), ST_OK);
    assert_int_equal(text_name_sort_key(c, "Nguyễn", "Văn", "Đức", DATE_NONE, &k3, &e), ST_OK);
    assert_true(cmp_key(&(entry){.key = k1}, &(entry){.key = k2}) < 0);
    assert_true(cmp_key(&(entry){.key = k2}, &(entry){.key = k3}) < 0);
    buf_free(&k1);
    buf_free(&k2);
    buf_free(&k3);
}

static void test_sort_key_appends_terminated_key(void **state)
{
    text_collator *c = *state;
    strbuf k = {0};
    error e;
    assert_int_equal(text_sort_key_append(c, "An", &k, &e), ST_OK);
    size_t first = k.len;
    assert_true(first > 1);
    assert_int_equal((unsigned char)k.data[first - 1], 0);
    /* a long name takes the heap path for UTF-16 and key buffers */
    char longname[2000];
    const char *word = "Đức ";
    size_t o = 0, wl = strlen(word);
    while (o + wl < sizeof longname) {
        memcpy(longname + o, word, wl);
        o += wl;
    }
    longname[o] = '\0';
    assert_int_equal(text_sort_key_append(c, longname, &k, &e), ST_OK);
    assert_int_equal((unsigned char)k.data[k.len - 1], 0);
    assert_true(k.len - first > 512);
    assert_int_equal(text_sort_key_append(c, "An\xC3", &k, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "utf8_invalid");
    buf_free(&k);
}

/* ---- names ---- */

static void test_split_name_family_middle_given(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *f, *m, *g;
    assert_int_equal(text_split_name(&a, "Nguyễn Thị Minh Khai", &f, &m, &g, &e), ST_OK);
    assert_string_equal(f, "Nguyễn");
    assert_string_equal(m, "Thị Minh");
    assert_string_equal(g, "Khai");
    assert_int_equal(text_split_name(&a, "Lê An", &f, &m, &g, &e), ST_OK);
    assert_string_equal(f, "Lê");
    assert_string_equal(m, "");
    assert_string_equal(g, "An");
    assert_int_equal(text_split_name(&a, "Ksor H'Hen Niê", &f, &m, &g, &e), ST_OK);
    assert_string_equal(m, "H'Hen");
    assert_int_equal(text_split_name(&a, "Trần Lê-Anh Thư", &f, &m, &g, &e), ST_OK);
    assert_string_equal(m, "Lê-Anh");
    /* NFD marks are letters' marks, not foreign characters */
    assert_int_equal(text_split_name(&a, "Nguye\xCC\x82\xCC\x83n An", &f, &m, &g, &e), ST_OK);
    arena_free(&a);
}

static void test_split_name_refusals(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    error e;
    char *f, *m, *g;
    assert_int_equal(text_split_name(&a, "Khai", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_one_word");
    assert_string_equal(e.field, "full_name");
    assert_null(f);
    assert_int_equal(text_split_name(&a, "", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "required");
    assert_int_equal(text_split_name(&a, "Nguyễn Văn 2", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_char");
    assert_string_equal(e.arg, "2");
    assert_int_equal(text_split_name(&a, "Nguyễn. Văn", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_char");
    assert_int_equal(text_split_name(&a, "Nguyễn - Văn", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_char");
    assert_string_equal(e.arg, "-");
    assert_int_equal(text_split_name(&a, "A B C D E F G H I J K", &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_too_long");
    assert_int_equal(text_split_name(&a, "A B C D E F G H I J", &f, &m, &g, &e), ST_OK);
    char big[LIMIT_NAME_BYTES + 8];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[3] = ' ';
    assert_int_equal(text_split_name(&a, big, &f, &m, &g, &e), ST_INVALID);
    assert_string_equal(e.code, "name_too_long");
    arena_free(&a);
}

static void test_allocation_failures_are_answered(void **state)
{
    text_collator *c = *state;
    arena a = ARENA_INIT;
    error e;
    char *out = (char *)"unchanged";
    alloc_fail_after(0);
    status st = text_clean_line(&a, "Đặng Văn An", strlen("Đặng Văn An"), "full_name", &out, &e);
    char *folded = text_fold(&a, "Đặng");
    char *f, *m, *g;
    status split = text_split_name(&a, "Đặng Văn An", &f, &m, &g, &e);
    strbuf key = {0};
    status keyst = text_sort_key_append(c, "Đặng", &key, &e);
    text_collator *c2 = NULL;
    status open = text_collator_open(&c2, &e);
    alloc_fail_after(-1);
    assert_int_equal(st, ST_NOMEM);
    assert_null(out);
    assert_null(folded);
    assert_int_equal(split, ST_NOMEM);
    assert_null(f);
    assert_int_equal(keyst, ST_NOMEM);
    assert_int_equal(open, ST_NOMEM);
    assert_null(c2);
    buf_free(&key);
    arena_free(&a);
}

static void test_every_text_error_code_has_messages(void **state)
{
    (void)state;
    static const char *const codes[] = {
        "utf8_invalid",
        "text_control",
        "collator_unavailable",
        "name_one_word",
        "name_too_long",
        "name_char",
        "cccd_char",
        "cccd_length",
        "cccd_province",
        "cccd_century_digit",
        "cccd_sex_mismatch",
        "cccd_century_mismatch",
        "cccd_year_mismatch",
        "cmnd_format",
        "card_format",
        "card_pattern_invalid",
        "record_number_format",
        "phone_format",
        "email_format",
        "csv_utf8",
        "csv_quote",
        "csv_too_many_columns",
        "csv_field_too_long",
        "required",
        "out_of_memory",
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!err_code_known(codes[i]))
            fail_msg("no message for %s", codes[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_validator_is_strict),
        cmocka_unit_test(test_clean_line_trims_and_collapses_white_space),
        cmocka_unit_test(test_clean_line_composes_nfd_to_nfc),
        cmocka_unit_test(test_clean_line_refuses_control_characters),
        cmocka_unit_test(test_clean_line_refuses_invalid_utf8_with_offset),
        cmocka_unit_test(test_fold_removes_case_diacritics_and_d_stroke),
        cmocka_unit_test(test_lower_keeps_diacritics),
        cmocka_unit_test(test_has_diacritics),
        cmocka_unit_test_setup_teardown(test_collation_follows_the_vietnamese_alphabet,
                                        setup_collator, teardown_collator),
        cmocka_unit_test_setup_teardown(test_collation_orders_given_names, setup_collator,
                                        teardown_collator),
        cmocka_unit_test_setup_teardown(test_name_sort_key_orders_given_family_middle_birth,
                                        setup_collator, teardown_collator),
        cmocka_unit_test_setup_teardown(test_name_sort_key_by_given_name_first, setup_collator,
                                        teardown_collator),
        cmocka_unit_test_setup_teardown(test_sort_key_appends_terminated_key, setup_collator,
                                        teardown_collator),
        cmocka_unit_test_setup_teardown(test_allocation_failures_are_answered, setup_collator,
                                        teardown_collator),
        cmocka_unit_test(test_split_name_family_middle_given),
        cmocka_unit_test(test_split_name_refusals),
        cmocka_unit_test(test_every_text_error_code_has_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
