/*
 * str.h -- bounded string helpers and a growable byte buffer.
 *
 * The safe replacements for the C library calls STYLE.md bans: copies that
 * never overflow and never cut a UTF-8 character in half, and integer
 * parsing that rejects trailing garbage and overflow.
 */
#ifndef CAUNOI_STR_H
#define CAUNOI_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copy src into dst[dstsz], NUL-terminated; when it does not fit, cut at the
 * last whole UTF-8 character. Returns true when nothing was cut. */
bool str_copy_utf8(char *dst, size_t dstsz, const char *src);

/* Remove a trailing incomplete UTF-8 sequence from a NUL-terminated string
 * (after a truncating snprintf). */
void str_trim_utf8_tail(char *s);

/* Parse a whole decimal integer (optional leading '-'); false on empty
 * input, trailing characters, or overflow. */
bool str_to_i64(const char *s, int64_t *out);

/* ASCII-only helpers (identifiers, codes, headers). */
bool str_is_digits(const char *s, size_t n);
bool str_ieq(const char *a, const char *b);

/* A growable buffer. Zero-initialize, then append. On allocation failure the
 * buffer records it (`failed`) and further appends are ignored, so a caller
 * may check once at the end. `data` is always NUL-terminated when len > 0. */
typedef struct strbuf {
    char *data;
    size_t len, cap;
    bool failed;
} strbuf;

void buf_append(strbuf *b, const void *p, size_t n);
void buf_puts(strbuf *b, const char *s);
void buf_putc(strbuf *b, char c);
void buf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Give up ownership of the data (caller frees with xfree); resets b. */
char *buf_take(strbuf *b);
void buf_free(strbuf *b);

#endif
