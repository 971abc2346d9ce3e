/*
 * collate.c -- Vietnamese alphabetical order through ICU's "vi" collator.
 *
 * Vietnamese orders its 29 letters a ă â b c d đ e ê g h i k l m n o ô ơ p
 * q r s t u ư v x y, with the tone marks deciding only between otherwise
 * equal words; byte order and the root collation both get this wrong. A
 * member list sorts by given name, then family name, then middle names,
 * then date of birth: text_name_sort_key builds one memcmp-comparable key
 * for that, which the store keeps as a BLOB so the database sorts and pages
 * without calling back into ICU.
 *
 * A collator belongs to one thread. This file must never share one across
 * threads, nor fall back silently to an order that is not Vietnamese.
 */
#include "text/text.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "core/alloc.h"

struct text_collator {
    UCollator *ucol;
};

status text_collator_open(text_collator **out, error *e)
{
    *out = NULL;
    UErrorCode err = U_ZERO_ERROR;
    UCollator *u = ucol_open("vi", &err);
    /* A missing "vi" tailoring answers with the root order and a warning:
     * refuse it rather than sort Vietnamese wrongly. */
    if (U_FAILURE(err) || err == U_USING_DEFAULT_WARNING) {
        if (u)
            ucol_close(u);
        return err_set(e, ST_INTERNAL, "collator_unavailable", NULL, u_errorName(err));
    }
    ucol_setAttribute(u, UCOL_NORMALIZATION_MODE, UCOL_ON, &err);
    text_collator *c = xmalloc(sizeof *c);
    if (!c || U_FAILURE(err)) {
        ucol_close(u);
        xfree(c);
        return c ? err_set(e, ST_INTERNAL, "collator_unavailable", NULL, u_errorName(err))
                 : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    c->ucol = u;
    *out = c;
    return ST_OK;
}

void text_collator_close(text_collator *c)
{
    if (!c)
        return;
    ucol_close(c->ucol);
    xfree(c);
}

int text_collate(text_collator *c, const char *a, const char *b)
{
    UErrorCode err = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(c->ucol, a, -1, b, -1, &err);
    if (U_FAILURE(err)) {
        int k = strcmp(a, b);
        return (k > 0) - (k < 0);
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* UTF-16 of s into *u16: the caller's `stackbuf` of `stackcap` units when
 * it fits, else xmalloc'd (the caller frees *u16 when it is not stackbuf).
 * Sets *len. */
static status to_utf16(const char *s, UChar *stackbuf, int32_t stackcap, UChar **u16, int32_t *len,
                       error *e)
{
    UErrorCode err = U_ZERO_ERROR;
    *u16 = stackbuf;
    u_strFromUTF8(stackbuf, stackcap, len, s, -1, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        err = U_ZERO_ERROR;
        *u16 = xrealloc_array(NULL, (size_t)*len + 1, sizeof(UChar));
        if (!*u16)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        u_strFromUTF8(*u16, *len + 1, len, s, -1, &err);
    }
    if (U_FAILURE(err))
        return err_set(e, ST_BAD_REQUEST, "utf8_invalid", NULL, NULL);
    return ST_OK;
}

/* Append the sort key of u16[0..len) with its 0x00 terminator to out. */
static status append_key(text_collator *c, const UChar *u16, int32_t len, strbuf *out, error *e)
{
    uint8_t stackkey[512];
    uint8_t *key = stackkey;
    status st = ST_OK;
    int32_t need = ucol_getSortKey(c->ucol, u16, len, key, (int32_t)sizeof stackkey);
    if (need <= 0) {
        st = err_set(e, ST_INTERNAL, "collator_unavailable", NULL, "ucol_getSortKey");
        goto done;
    }
    if ((size_t)need > sizeof stackkey) {
        key = xmalloc((size_t)need);
        if (!key) {
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            goto done;
        }
        int32_t again = ucol_getSortKey(c->ucol, u16, len, key, need);
        assert(again == need);
        (void)again;
    }
    assert(key[need - 1] == 0);
    buf_append(out, key, (size_t)need);
    if (out->failed)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
done:
    if (key != stackkey)
        xfree(key);
    return st;
}

status text_sort_key_append(text_collator *c, const char *s, strbuf *out, error *e)
{
    UChar stackbuf[256];
    UChar *u16 = NULL;
    int32_t len = 0;
    status st = to_utf16(s ? s : "", stackbuf, 256, &u16, &len, e);
    if (st == ST_OK)
        st = append_key(c, u16, len, out, e);
    if (u16 && u16 != stackbuf)
        xfree(u16);
    return st;
}

status text_name_sort_key(text_collator *c, const char *family, const char *middle,
                          const char *given, date_t birth, strbuf *out, error *e)
{
    status st = text_sort_key_append(c, given, out, e);
    if (st == ST_OK)
        st = text_sort_key_append(c, family, out, e);
    if (st == ST_OK)
        st = text_sort_key_append(c, middle, out, e);
    if (st != ST_OK)
        return st;
    int y = 9999, m = 99, d = 99; /* an unknown birth date sorts after every known one */
    if (birth != DATE_NONE)
        date_to_ymd(birth, &y, &m, &d);
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%04d%02d%02d", y, m, d);
    if (n != 8)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    buf_append(out, digits, 8);
    if (out->failed)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}
