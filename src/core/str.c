/*
 * str.c -- bounded string helpers and the growable buffer.
 */
#include "core/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* Length of the longest prefix of s[0..n) that ends on a character boundary. */
static size_t utf8_boundary(const char *s, size_t n)
{
    size_t i = n;
    /* Step back over continuation bytes to the start of the last character. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return (n - (i - 1) >= need) ? n : i - 1;
}

bool str_copy_utf8(char *dst, size_t dstsz, const char *src)
{
    if (dstsz == 0)
        return false;
    size_t n = strlen(src);
    bool whole = n < dstsz;
    if (!whole)
        n = utf8_boundary(src, dstsz - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
    return whole;
}

void str_trim_utf8_tail(char *s)
{
    size_t n = strlen(s);
    s[utf8_boundary(s, n)] = '\0';
}

bool str_to_i64(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    if (!(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0' || end == s)
        return false;
    *out = v;
    return true;
}

bool str_is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

bool str_ieq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

static bool buf_reserve(strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1) {
        if (ncap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        ncap *= 2;
    }
    char *n = xrealloc(b->data, ncap);
    if (!n) {
        b->failed = true;
        return false;
    }
    b->data = n;
    b->cap = ncap;
    return true;
}

void buf_append(strbuf *b, const void *p, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(strbuf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(strbuf *b, char c) { buf_append(b, &c, 1); }

void buf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *buf_take(strbuf *b)
{
    char *d = b->data;
    if (!d && !b->failed)
        d = xstrdup("");
    if (b->failed) {
        xfree(b->data);
        d = NULL;
    }
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return d;
}

void buf_free(strbuf *b)
{
    xfree(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
