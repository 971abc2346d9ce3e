/*
 * name.c -- a Vietnamese full name split into its parts.
 *
 * "Nguyễn Thị Minh Khai" is family name "Nguyễn", middle names "Thị Minh"
 * and given name "Khai": the family name comes first and the name a person
 * is called by comes last, which is why lists sort by the last word. A name
 * holds letters of any script (members abroad may carry a foreign name),
 * combining marks, apostrophes (K'Sor, H'Hen Niê) and hyphens; nothing else.
 *
 * This file must never reorder, re-case or otherwise "correct" a name: it
 * only checks and splits what text_clean_line produced.
 */
#include "text/text.h"

#include <string.h>

#include <utf8proc.h>

#include "core/limits.h"

#define FIELD "full_name"

/* May this code point appear inside a word of a name? */
static bool is_name_char(int32_t cp, bool *is_letter)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    /* Modifier letters (Lm) may appear but do not make a word by themselves:
     * U+02BC is an apostrophe look-alike. */
    *is_letter =
        cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO && cat != UTF8PROC_CATEGORY_LM;
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
        return true;
    if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
        return true;
    /* apostrophe and right single quotation mark; hyphen-minus and hyphen */
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010;
}

/* Check every word of s (single-space separated, already trimmed) and
 * count them. */
static status check_words(const char *s, size_t n, size_t *words, error *e)
{
    *words = 0;
    bool in_word = false, word_has_letter = false;
    size_t word_start = 0;
    for (size_t i = 0; i <= n;) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t k = 1;
        if (i < n) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0)
                return err_set(e, ST_BAD_REQUEST, "utf8_invalid", FIELD, NULL);
        }
        if (i == n || cp == ' ') {
            if (in_word && !word_has_letter)
                return err_setf(e, ST_INVALID, "name_char", FIELD, "%.*s", (int)(i - word_start),
                                s + word_start);
            in_word = false;
        } else {
            bool letter;
            if (!is_name_char(cp, &letter))
                return err_setf(e, ST_INVALID, "name_char", FIELD, "%.*s", (int)k, s + i);
            if (!in_word) {
                in_word = true;
                word_has_letter = false;
                word_start = i;
                ++*words;
            }
            word_has_letter |= letter;
        }
        i += (size_t)k;
    }
    return ST_OK;
}

status text_split_name(arena *a, const char *full, char **family, char **middle, char **given,
                       error *e)
{
    *family = *middle = *given = NULL;
    if (!full)
        full = "";
    while (*full == ' ')
        full++;
    size_t n = strlen(full);
    while (n > 0 && full[n - 1] == ' ')
        n--;
    if (n == 0)
        return err_set(e, ST_INVALID, "required", FIELD, NULL);
    if (n > LIMIT_NAME_BYTES)
        return err_set(e, ST_INVALID, "name_too_long", FIELD, NULL);
    size_t words;
    status st = check_words(full, n, &words, e);
    if (st != ST_OK)
        return st;
    if (words < 2)
        return err_set(e, ST_INVALID, "name_one_word", FIELD, NULL);
    if (words > LIMIT_NAME_WORDS)
        return err_set(e, ST_INVALID, "name_too_long", FIELD, NULL);

    const char *first_end = memchr(full, ' ', n);
    const char *last_start = full + n;
    while (last_start[-1] != ' ')
        last_start--;
    const char *mid = first_end;
    while (*mid == ' ')
        mid++;
    const char *mid_end = last_start;
    while (mid_end > mid && mid_end[-1] == ' ')
        mid_end--;

    *family = arena_strndup(a, full, (size_t)(first_end - full));
    *middle = arena_strndup(a, mid, mid_end > mid ? (size_t)(mid_end - mid) : 0);
    *given = arena_strndup(a, last_start, (size_t)(full + n - last_start));
    if (!*family || !*middle || !*given) {
        *family = *middle = *given = NULL;
        return err_set(e, ST_NOMEM, "out_of_memory", FIELD, NULL);
    }
    return ST_OK;
}
