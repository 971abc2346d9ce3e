/*
 * normalize.c -- the edge where text enters caunoi: UTF-8 checking, NFC,
 * control characters and white space.
 *
 * Every line a person types passes text_clean_line before anything else
 * looks at it, so the rest of the program sees valid NFC with single ASCII
 * spaces. The validator is strict (RFC 3629: no overlong forms, no UTF-16
 * surrogates, nothing past U+10FFFF) and is also what the CSV reader uses.
 * utf8proc does the normalization; its malloc'd buffers are copied into the
 * caller's arena and freed here with free(), never with xfree.
 *
 * This file must never accept a byte sequence it has not validated, and
 * never cut a character in half.
 */
#include "text/text.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Length of the well-formed sequence at s[0..n), or 0 when it is not one. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates U+D800..DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

long text_utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq_len(u + i, n - i);
        if (k == 0)
            return (long)i;
        i += k;
    }
    return -1;
}

bool text_utf8_valid(const char *s, size_t n) { return text_utf8_invalid_at(s, n) < 0; }

bool text_is_space(int32_t cp)
{
    return cp == '\t' || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Characters a single line may not hold: C0 and C1 controls and DEL (tab
 * aside, it counts as white space), line and paragraph separators, and the
 * invisible bidirectional embeddings, overrides and isolates that can make
 * a name display as something it is not. */
static bool is_forbidden_control(int32_t cp)
{
    if (cp == '\t')
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP)
        return true;
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Copy utf8proc's NFC of s[0..n) into `a`, trimming and collapsing white
 * space into single ASCII spaces. NULL on allocation failure. */
static char *nfc_collapse(arena *a, const char *s, size_t n)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                                        UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    char *out = NULL;
    if (len < 0)
        goto done;
    out = arena_alloc(a, (size_t)len + 1);
    if (!out)
        goto done;
    size_t o = 0;
    bool pending_space = false;
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(nfc + i, len - i, &cp);
        assert(k > 0);
        if (text_is_space(cp)) {
            pending_space = o > 0;
        } else {
            if (pending_space)
                out[o++] = ' ';
            pending_space = false;
            memcpy(out + o, nfc + i, (size_t)k);
            o += (size_t)k;
        }
        i += k;
    }
    out[o] = '\0';
done:
    free(nfc);
    return out;
}

status text_clean_line(arena *a, const char *in, size_t n, const char *field, char **out, error *e)
{
    *out = NULL;
    if (!in) {
        in = "";
        n = 0;
    }
    long bad = text_utf8_invalid_at(in, n);
    if (bad >= 0)
        return err_setf(e, ST_BAD_REQUEST, "utf8_invalid", field, "%ld", bad + 1);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(n - i), &cp);
        assert(k > 0);
        if (is_forbidden_control(cp))
            return err_setf(e, ST_INVALID, "text_control", field, "U+%04X", (unsigned)cp);
        i += (size_t)k;
    }
    *out = nfc_collapse(a, in, n);
    if (!*out)
        return err_set(e, ST_NOMEM, "out_of_memory", field, NULL);
    return ST_OK;
}

/* Run utf8proc_map on a NUL-terminated string and copy the result into the
 * arena. NULL on invalid UTF-8 or allocation failure. */
static char *map_into_arena(arena *a, const char *s, utf8proc_option_t options)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t len =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &mapped, options);
    char *out = NULL;
    if (len >= 0)
        out = arena_strndup(a, (const char *)mapped, (size_t)len);
    free(mapped);
    return out;
}

char *text_lower(arena *a, const char *nfc)
{
    return map_into_arena(a, nfc, UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
}
