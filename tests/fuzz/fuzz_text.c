/*
 * fuzz_text.c -- libFuzzer harness for the text edge: clean_line, fold,
 * lower, split_name, sort keys and the identifier normalizers.
 *
 * Whatever the bytes, every function must answer (a value or an error with
 * a code) without a sanitizer report, and everything it returns must be
 * valid UTF-8: clean_line's output has no surrounding or doubled spaces,
 * fold's has no doubled or surrounding spaces either, split_name's parts
 * put back together give the name, and a normalized identifier has the
 * shape its header promises.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/limits.h"
#include "core/str.h"
#include "text/text.h"

static text_collator *coll;

static bool utf8(const char *s) { return s && text_utf8_valid(s, strlen(s)); }

static void check_spacing(const char *s)
{
    size_t n = strlen(s);
    assert(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
    assert(!strstr(s, "  "));
}

static void check_name(arena *a, const char *clean)
{
    char *f, *m, *g;
    error e;
    if (text_split_name(a, clean, &f, &m, &g, &e) != ST_OK) {
        assert(e.code && !f && !m && !g);
        return;
    }
    assert(utf8(f) && utf8(m) && utf8(g) && *f && *g);
    char *joined = *m ? arena_printf(a, "%s %s %s", f, m, g) : arena_printf(a, "%s %s", f, g);
    assert(joined && strcmp(joined, clean) == 0);
    if (!coll)
        return;
    strbuf key = {0};
    status st = text_name_sort_key(coll, f, m, g, 0, &key, &e);
    assert(st == ST_OK || st == ST_NOMEM);
    assert(st != ST_OK || (key.len > 8 && memcmp(key.data + key.len - 8, "19700101", 8) == 0));
    buf_free(&key);
}

static void check_identifiers(arena *a, const char *s)
{
    error e;
    char cccd[CCCD_LEN + 1], cmnd[10], card[33], rec[10], phone[LIMIT_PHONE_BYTES];
    if (cccd_normalize(s, cccd, &e) == ST_OK) {
        assert(strlen(cccd) == CCCD_LEN && str_is_digits(cccd, CCCD_LEN));
        bool warn;
        (void)cccd_check(cccd, 'F', 2001, true, &warn, &e);
        (void)cccd_check(cccd, 'M', 1985, false, &warn, &e);
    }
    if (cmnd_normalize(s, cmnd, &e) == ST_OK)
        assert(strlen(cmnd) == 9 && str_is_digits(cmnd, 9));
    if (card_normalize(s, NULL, card, &e) == ST_OK)
        assert(strlen(card) == 8 && str_is_digits(card, 8));
    if (card_normalize(s, "[A-Z0-9]{1,32}", card, &e) == ST_OK)
        assert(utf8(card) && strlen(card) <= 32);
    if (record_number_normalize(s, rec, &e) == ST_OK)
        assert(strlen(rec) >= 7 && strlen(rec) <= 9 && str_is_digits(rec, 6));
    if (phone_normalize(s, phone, sizeof phone, &e) == ST_OK)
        assert(utf8(phone) && strlen(phone) >= 8 && strlen(phone) <= 16);
    char *mail;
    if (email_normalize(a, s, &mail, &e) == ST_OK)
        assert(utf8(mail) && strchr(mail, '@') && strlen(mail) <= LIMIT_EMAIL_BYTES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!coll) {
        error e;
        if (text_collator_open(&coll, &e) != ST_OK)
            abort();
    }
    arena a = ARENA_INIT;
    char *raw = arena_strndup(&a, (const char *)data, size); /* stops at a NUL for C strings */
    assert(raw);
    error e;
    char *clean;
    if (text_clean_line(&a, (const char *)data, size, "x", &clean, &e) == ST_OK) {
        assert(utf8(clean));
        check_spacing(clean);
        char *folded = text_fold(&a, clean);
        assert(folded && utf8(folded));
        check_spacing(folded);
        char *lower = text_lower(&a, clean);
        assert(lower && utf8(lower));
        (void)text_has_diacritics(clean);
        assert(text_collate(coll, clean, clean) == 0);
        check_name(&a, clean);
    } else {
        assert(e.code && !clean);
    }
    char *folded_raw = text_fold(&a, raw);
    assert(!folded_raw || utf8(folded_raw));
    (void)text_has_diacritics(raw);
    check_identifiers(&a, raw);
    arena_free(&a);
    return 0;
}
