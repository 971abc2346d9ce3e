/*
 * ident.c -- identifiers as people type them: citizen ID (CCCD), the old
 * 9-digit ID (CMND), party card number, record number, phone, e-mail.
 *
 * Each normalizer accepts the harmless variations of typing (spaces, the
 * dots some people put between digit groups, the full-width digits a
 * Vietnamese input method produces) and refuses everything else, naming
 * the problem. cccd_check then ties a normalized CCCD to the record: its
 * province of birth registration, its century-and-sex digit and its birth
 * year (DOMAIN.md, "Citizen ID"; Thông tư 07/2016/TT-BCA).
 *
 * This file must never guess: an identifier that is not clearly what it
 * claims to be is refused, and a foreign registration code is accepted only
 * when the caller says the member was born abroad, and then reported.
 */
#include "text/text.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/limits.h"

/* The 63 province codes of birth registration (DOMAIN.md), sorted. */
static const char province_codes[][4] = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
};

bool cccd_province_known(const char *code3)
{
    if (!code3 || !str_is_digits(code3, 3))
        return false;
    size_t lo = 0, hi = sizeof province_codes / sizeof province_codes[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(code3, province_codes[mid], 3);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* Decode the next code point of the NUL-terminated s at *i; 0 at the end,
 * -1 on invalid UTF-8. */
static int32_t next_cp(const char *s, size_t n, size_t *i)
{
    if (*i >= n)
        return 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
    if (k <= 0)
        return -1;
    *i += (size_t)k;
    return cp;
}

/* ASCII digit for an ASCII or full-width (U+FF10..FF19) digit, else -1. */
static int digit_value(int32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

static bool is_dot(int32_t cp) { return cp == '.' || cp == 0xFF0E; }

typedef enum digits_result {
    DIGITS_OK,
    DIGITS_EMPTY,
    DIGITS_BAD_CHAR,
    DIGITS_TOO_MANY
} digits_result;

/* Collect the digits of `in` into out[cap] (NUL-terminated): white space
 * anywhere and dots between digits are dropped. On DIGITS_BAD_CHAR, bad[]
 * holds the offending character (for the error message). */
static digits_result collect_digits(const char *in, char *out, size_t cap, char bad[8])
{
    size_t n = in ? strlen(in) : 0, i = 0, len = 0;
    bool dot_pending = false;
    out[0] = '\0';
    for (;;) {
        size_t at = i;
        int32_t cp = next_cp(in, n, &i);
        if (cp == 0)
            break;
        int d = cp > 0 ? digit_value(cp) : -1;
        if (d >= 0) {
            if (len + 1 >= cap)
                return DIGITS_TOO_MANY;
            out[len++] = (char)('0' + d);
            out[len] = '\0';
            dot_pending = false;
        } else if (cp > 0 && text_is_space(cp)) {
            continue;
        } else if (cp > 0 && is_dot(cp) && len > 0) {
            dot_pending = true;
        } else {
            size_t k = cp > 0 ? i - at : 1;
            memcpy(bad, in + at, k);
            bad[k] = '\0';
            return DIGITS_BAD_CHAR;
        }
    }
    if (dot_pending) {
        memcpy(bad, ".", 2);
        return DIGITS_BAD_CHAR;
    }
    return len == 0 ? DIGITS_EMPTY : DIGITS_OK;
}

status cccd_normalize(const char *in, char out[CCCD_LEN + 1], error *e)
{
    char bad[8];
    switch (collect_digits(in, out, CCCD_LEN + 1, bad)) {
    case DIGITS_OK: break;
    case DIGITS_EMPTY: return err_set(e, ST_INVALID, "required", "cccd", NULL);
    case DIGITS_BAD_CHAR:
        out[0] = '\0';
        return err_set(e, ST_INVALID, "cccd_char", "cccd",
                       text_utf8_valid(bad, strlen(bad)) ? bad : "?");
    case DIGITS_TOO_MANY: out[0] = '\0'; return err_set(e, ST_INVALID, "cccd_length", "cccd", NULL);
    }
    if (strlen(out) != CCCD_LEN) {
        out[0] = '\0';
        return err_set(e, ST_INVALID, "cccd_length", "cccd", NULL);
    }
    return ST_OK;
}

status cccd_check(const char *cccd, char sex, int birth_year, bool born_abroad, bool *warn_foreign,
                  error *e)
{
    if (warn_foreign)
        *warn_foreign = false;
    if (!cccd || strlen(cccd) != CCCD_LEN || !str_is_digits(cccd, CCCD_LEN))
        return err_set(e, ST_INVALID, "cccd_length", "cccd", NULL);
    if (!cccd_province_known(cccd)) {
        if (!born_abroad)
            return err_setf(e, ST_INVALID, "cccd_province", "cccd", "%.3s", cccd);
        if (warn_foreign)
            *warn_foreign = true;
    }
    int cs = cccd[3] - '0';
    if (cs > 5)
        return err_setf(e, ST_INVALID, "cccd_century_digit", "cccd", "%d", cs);
    if ((sex == 'M' && cs % 2 != 0) || (sex == 'F' && cs % 2 != 1))
        return err_set(e, ST_INVALID, "cccd_sex_mismatch", "cccd", NULL);
    if (birth_year < DATE_MIN_YEAR || birth_year > DATE_MAX_YEAR)
        return ST_OK; /* the birth date's own check reports it */
    if (DATE_MIN_YEAR + (cs / 2) * 100 != birth_year / 100 * 100)
        return err_set(e, ST_INVALID, "cccd_century_mismatch", "cccd", NULL);
    if ((cccd[4] - '0') * 10 + (cccd[5] - '0') != birth_year % 100)
        return err_setf(e, ST_INVALID, "cccd_year_mismatch", "cccd", "%.2s", cccd + 4);
    return ST_OK;
}

status cmnd_normalize(const char *in, char out[10], error *e)
{
    char bad[8];
    digits_result r = collect_digits(in, out, 10, bad);
    if (r == DIGITS_EMPTY)
        return err_set(e, ST_INVALID, "required", "cmnd", NULL);
    if (r != DIGITS_OK || strlen(out) != 9) {
        out[0] = '\0';
        return err_set(e, ST_INVALID, "cmnd_format", "cmnd", NULL);
    }
    return ST_OK;
}

/* Anchor `pattern` so that it must match the whole number, compile it and
 * match `s`. ST_OK when it matches; "card_format" when not;
 * "card_pattern_invalid" when the pattern does not compile. */
static status card_match(const char *s, const char *pattern, error *e)
{
    strbuf anchored = {0};
    buf_printf(&anchored, "^(%s)$", pattern);
    if (anchored.failed)
        return err_set(e, ST_NOMEM, "out_of_memory", "card_number", NULL);
    regex_t re;
    status st = ST_OK;
    if (regcomp(&re, anchored.data, REG_EXTENDED | REG_NOSUB) != 0) {
        st = err_set(e, ST_INTERNAL, "card_pattern_invalid", "card_number", pattern);
        goto done;
    }
    if (regexec(&re, s, 0, NULL, 0) != 0)
        st = err_set(e, ST_INVALID, "card_format", "card_number", NULL);
    regfree(&re);
done:
    buf_free(&anchored);
    return st;
}

status card_normalize(const char *in, const char *pattern, char out[33], error *e)
{
    size_t n = in ? strlen(in) : 0, i = 0, len = 0;
    out[0] = '\0';
    for (;;) {
        int32_t cp = next_cp(in, n, &i);
        if (cp == 0)
            break;
        if (cp > 0 && text_is_space(cp))
            continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFF01 - 0x21; /* full-width ASCII to ASCII */
        if (cp <= 0x20 || cp >= 0x7F || len + 1 >= 33) {
            out[0] = '\0';
            return err_set(e, ST_INVALID, "card_format", "card_number", NULL);
        }
        out[len++] = (char)cp;
        out[len] = '\0';
    }
    if (len == 0)
        return err_set(e, ST_INVALID, "required", "card_number", NULL);
    status st = card_match(out, pattern ? pattern : CARD_PATTERN_DEFAULT, e);
    if (st != ST_OK)
        out[0] = '\0';
    return st;
}

status record_number_normalize(const char *in, char out[10], error *e)
{
    size_t n = in ? strlen(in) : 0, i = 0, digits = 0, letters = 0;
    out[0] = '\0';
    for (;;) {
        int32_t cp = next_cp(in, n, &i);
        if (cp == 0)
            break;
        if (cp > 0 && text_is_space(cp))
            continue;
        int d = cp > 0 ? digit_value(cp) : -1;
        if (cp >= 'a' && cp <= 'z')
            cp -= 'a' - 'A';
        if (d >= 0 && letters == 0 && digits < 6) {
            out[digits++] = (char)('0' + d);
        } else if (cp >= 'A' && cp <= 'Z' && digits == 6 && letters < 3) {
            out[digits + letters++] = (char)cp;
        } else {
            out[0] = '\0';
            return err_set(e, ST_INVALID, "record_number_format", "record_number", NULL);
        }
        out[digits + letters] = '\0';
    }
    if (digits == 0 && letters == 0)
        return err_set(e, ST_INVALID, "required", "record_number", NULL);
    if (digits != 6 || letters == 0) {
        out[0] = '\0';
        return err_set(e, ST_INVALID, "record_number_format", "record_number", NULL);
    }
    return ST_OK;
}

/* Phone separators people type between digit groups. */
static bool is_phone_separator(int32_t cp)
{
    return text_is_space(cp) || cp == '.' || cp == '-' || cp == '(' || cp == ')';
}

status phone_normalize(const char *in, char *out, size_t outsz, error *e)
{
    size_t n = in ? strlen(in) : 0, i = 0, len = 0, digits = 0;
    bool seen_any = false;
    if (outsz > 0)
        out[0] = '\0';
    for (;;) {
        int32_t cp = next_cp(in, n, &i);
        if (cp == 0)
            break;
        int d = cp > 0 ? digit_value(cp) : -1;
        bool plus = (cp == '+' || cp == 0xFF0B) && !seen_any;
        if (cp > 0 && is_phone_separator(cp))
            continue;
        if ((d < 0 && !plus) || len + 2 > outsz || digits >= 15)
            goto bad;
        out[len++] = plus ? '+' : (char)('0' + d);
        out[len] = '\0';
        digits += d >= 0;
        seen_any = true;
    }
    if (!seen_any)
        return err_set(e, ST_INVALID, "required", "phone", NULL);
    if (digits < 8)
        goto bad;
    return ST_OK;
bad:
    if (outsz > 0)
        out[0] = '\0';
    return err_set(e, ST_INVALID, "phone_format", "phone", NULL);
}

/* Characters RFC 5322 keeps out of an unquoted local part, plus controls. */
static bool local_char_ok(unsigned char c)
{
    return c > 0x20 && c != 0x7F && !strchr("\"(),:;<>[\\]@", c);
}

/* A domain: labels of letters, digits and hyphens (or non-ASCII, for
 * internationalized names) separated by single dots, at least two labels,
 * no label starting or ending with a hyphen. */
static bool domain_ok(const char *d, size_t n)
{
    if (n == 0 || !memchr(d, '.', n))
        return false;
    size_t label = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)d[i] : '.';
        if (c == '.') {
            if (label == 0 || d[i - 1] == '-')
                return false;
            label = 0;
        } else if (c == '-') {
            if (label == 0)
                return false;
            label++;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c >= 0x80) {
            label++;
        } else {
            return false;
        }
    }
    return true;
}

static bool local_ok(const char *l, size_t n)
{
    if (n == 0 || n > 64 || l[0] == '.' || l[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!local_char_ok((unsigned char)l[i]) || (l[i] == '.' && l[i + 1] == '.'))
            return false;
    return true;
}

status email_normalize(arena *a, const char *in, char **out, error *e)
{
    *out = NULL;
    if (!in)
        in = "";
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    if (n == 0)
        return err_set(e, ST_INVALID, "required", "email", NULL);
    const char *at = memchr(in, '@', n);
    if (n > LIMIT_EMAIL_BYTES || !text_utf8_valid(in, n) || !at ||
        !local_ok(in, (size_t)(at - in)) || !domain_ok(at + 1, (size_t)(in + n - at - 1)))
        return err_set(e, ST_INVALID, "email_format", "email", NULL);
    char *s = arena_strndup(a, in, n);
    if (!s)
        return err_set(e, ST_NOMEM, "out_of_memory", "email", NULL);
    for (char *p = s + (at - in) + 1; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    *out = s;
    return ST_OK;
}
