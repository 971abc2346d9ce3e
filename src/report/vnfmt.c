/*
 * vnfmt.c -- Vietnamese dates, numbers and capitals for printed documents
 * (vnfmt.h). This file must never read the clock or decide what a
 * document says: it only writes values the way DOCUMENTS.md asks.
 */
#include "report/vnfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* "05" for days 1-9; months 1-2 likewise, 3-12 without a zero. */
static void day_month(date_t d, char dd[12], char mm[12], int *y)
{
    int m, day;
    date_to_ymd(d, y, &m, &day);
    snprintf(dd, 12, "%02d", day);
    if (m < 3)
        snprintf(mm, 12, "%02d", m);
    else
        snprintf(mm, 12, "%d", m);
}

const char *vn_date_line(arena *a, const char *place, date_t d, int year)
{
    const char *where = place && *place ? place : "……………";
    if (d == DATE_NONE) {
        if (year > 0)
            return arena_printf(a, "%s, ngày      tháng      năm %d", where, year);
        return arena_printf(a, "%s, ngày      tháng      năm ……", where);
    }
    char dd[12], mm[12];
    int y;
    day_month(d, dd, mm, &y);
    return arena_printf(a, "%s, ngày %s tháng %s năm %d", where, dd, mm, y);
}

const char *vn_short_date(arena *a, date_t d)
{
    if (d == DATE_NONE)
        return arena_strdup(a, "……/……/………");
    char dd[12], mm[12];
    int y;
    day_month(d, dd, mm, &y);
    return arena_printf(a, "%s/%s/%d", dd, mm, y);
}

const char *vn_number(arena *a, double v, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    double scale = pow(10.0, decimals);
    double r = round(fabs(v) * scale);
    if (!isfinite(r) || r > 9e15)
        return arena_strdup(a, "—");
    unsigned long long whole = (unsigned long long)(r / scale);
    unsigned long long frac = (unsigned long long)(r - (double)whole * scale + 0.5);
    char digits[32], out[48];
    int n = snprintf(digits, sizeof digits, "%llu", whole);
    if (n < 0 || (size_t)n >= sizeof digits)
        return NULL;
    size_t o = 0;
    if (v < 0 && r > 0)
        out[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    if (decimals == 0)
        return arena_strdup(a, out);
    return arena_printf(a, "%s,%0*llu", out, decimals, frac);
}

const char *vn_upper(arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    /* An upper-case letter takes at most 4 bytes, as does its source. */
    char *out = arena_alloc(a, n * 4 + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0) {
            out[o++] = s[i++];
            continue;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
        i += (size_t)len;
    }
    out[o] = '\0';
    return out;
}
