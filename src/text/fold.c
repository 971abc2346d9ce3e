/*
 * fold.c -- the folded form that search compares: no case, no diacritics.
 *
 * "Đặng Văn An", its NFD spelling and "DANG van an" all fold to
 * "dang van an": utf8proc decomposes (compatibility forms included, so
 * full-width letters become ASCII), case-folds and strips the combining
 * marks; then đ, which Unicode does not decompose, becomes d, and every run
 * of characters that are not letters or digits becomes one space. The same
 * function folds the names in the index and the words of a query, so both
 * sides always agree.
 *
 * This file must never be used to store or display text: folding loses
 * information on purpose.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* The Vietnamese đ/Đ (U+0111/U+0110), and the Icelandic eth ð/Ð
 * (U+00F0/U+00D0) that old Vietnamese encodings were converted to, all
 * count as d. */
static bool is_d_stroke(int32_t cp)
{
    return cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0;
}

/* Letters (modifier letters aside: they are mostly accents and apostrophe
 * look-alikes) and numbers survive folding; everything else separates
 * words. */
static bool is_word_char(int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return true;
    default: return false;
    }
}

static bool is_mark(int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

/* Write the folded words of m[0..len) into out (which holds len + 1
 * bytes: folding never lengthens the decomposed text). */
static void squeeze_words(const utf8proc_uint8_t *m, utf8proc_ssize_t len, char *out)
{
    size_t o = 0;
    bool pending_space = false;
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, len - i, &cp);
        if (k <= 0)
            break;
        if (is_d_stroke(cp) || is_word_char(cp)) {
            if (pending_space)
                out[o++] = ' ';
            pending_space = false;
            if (is_d_stroke(cp)) {
                out[o++] = 'd';
            } else {
                memcpy(out + o, m + i, (size_t)k);
                o += (size_t)k;
            }
        } else {
            pending_space = o > 0;
        }
        i += k;
    }
    out[o] = '\0';
}

char *text_fold(arena *a, const char *s)
{
    if (!s)
        return NULL;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t len =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &m,
                     UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                         UTF8PROC_STABLE);
    char *out = NULL;
    if (len < 0)
        goto done;
    out = arena_alloc(a, (size_t)len + 1);
    if (out)
        squeeze_words(m, len, out);
done:
    free(m);
    return out;
}

/* True when cp is a mark or decomposes canonically into one. */
static bool carries_mark(int32_t cp)
{
    if (is_mark(cp))
        return true;
    utf8proc_int32_t parts[8];
    int boundclass = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &boundclass);
    for (utf8proc_ssize_t i = 1; i < k && i < 8; i++)
        if (is_mark(parts[i]))
            return true;
    return false;
}

bool text_has_diacritics(const char *nfc)
{
    if (!nfc)
        return false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)nfc;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(nfc);
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &cp);
        if (k <= 0)
            return false;
        if (cp >= 0x80 && (is_d_stroke(cp) || carries_mark(cp)))
            return true;
        i += k;
    }
    return false;
}
