/*
 * text.h -- Vietnamese text: checking, normalization, folding, collation,
 * names and identifiers.
 *
 * Text enters caunoi as UTF-8 and is checked and NFC-normalized here, at the
 * edge (utf8proc); the rest of the program only sees valid NFC. Searching
 * compares folded text (lowercase, no diacritics, đ -> d). Lists sort with
 * ICU's Vietnamese collator ("vi"), never by bytes.
 *
 * Strings returned through an arena belong to that arena. Functions that
 * fail return a status and fill `e` with a code from text/messages.def.
 */
#ifndef CAUNOI_TEXT_H
#define CAUNOI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/str.h"

/* ---- checking and normalization ---- */

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points past U+10FFFF). */
bool text_utf8_valid(const char *s, size_t n);

/* Offset of the first byte of s[0..n) that does not begin a well-formed
 * UTF-8 sequence, or -1 when all of it is valid (for error messages that
 * point at the problem). */
long text_utf8_invalid_at(const char *s, size_t n);

/* True for the code points text_clean_line treats as white space: tab and
 * every space separator (U+0020, NBSP U+00A0, U+2000..200A, U+202F, U+205F,
 * full-width U+3000). */
bool text_is_space(int32_t cp);

/* Check and normalize one line of text typed by a person: must be valid
 * UTF-8 ("utf8_invalid", ST_BAD_REQUEST, arg the 1-based byte offset)
 * without control characters ("text_control", ST_INVALID, arg "U+XXXX"):
 * C0 and C1 controls and DEL (tab aside), line and paragraph separators,
 * and the bidirectional embedding, override and isolate controls. The
 * result (in `a`) is NFC with surrounding white space removed and inner
 * runs of white space (tab, NBSP, full-width space, every Unicode space
 * separator) collapsed to one ASCII space. `field` names the field in the
 * error; *out is NULL on failure. in may hold NUL bytes (refused). */
status text_clean_line(arena *a, const char *in, size_t n, const char *field, char **out, error *e);

/* NFC lowercase (full Unicode case folding of Vietnamese letters), input
 * assumed valid NFC. NULL on allocation failure or invalid UTF-8. */
char *text_lower(arena *a, const char *nfc);

/* Folded form for searching: lowercase, diacritics removed, đ/Đ -> d, every
 * character that is not a letter or digit becomes a space, runs of spaces
 * collapsed, no leading or trailing space. "Đặng  Văn-An" -> "dang van an".
 * Works on NFC or NFD input alike; compatibility forms fold too (full-width
 * "ＡＢ" -> "ab"). NULL on allocation failure or invalid UTF-8. */
char *text_fold(arena *a, const char *s);

/* True when the NFC string has any letter with a diacritic or đ (so its
 * folded form differs from its lowercase form). */
bool text_has_diacritics(const char *nfc);

/* ---- collation (ICU, locale "vi") ---- */

/* One collator per thread: ICU collators are not to be shared across
 * threads. Owned by the caller; close with text_collator_close. */
typedef struct text_collator text_collator;
status text_collator_open(text_collator **out, error *e);
void text_collator_close(text_collator *c);

/* Compare two NFC strings in Vietnamese order (<0, 0, >0). */
int text_collate(text_collator *c, const char *a, const char *b);

/* Append the ICU sort key of `s`, including its terminating 0x00 byte, to
 * `out`. Keys of fields appended one after another compare field by field
 * with memcmp, because 0x00 sorts below every byte inside a key. */
status text_sort_key_append(text_collator *c, const char *s, strbuf *out, error *e);

/* The sort key of a member list entry, as Vietnamese lists sort: given name,
 * then family name, then middle names (each an ICU key with its 0x00
 * terminator), then date of birth as 8 ASCII digits YYYYMMDD ("99999999"
 * for DATE_NONE, so an unknown date sorts last). Compare keys with memcmp
 * (SQLite BLOB order), ties broken by id by the caller. Appends to out;
 * "utf8_invalid" or ST_NOMEM on failure. */
status text_name_sort_key(text_collator *c, const char *family, const char *middle,
                          const char *given, date_t birth, strbuf *out, error *e);

/* ---- names ---- */

/* Split a cleaned full name into family (first word), middle (words between,
 * "" if none) and given (last word), all from `a`. Refuses an empty name
 * ("required"), a name of one word ("name_one_word"), more than
 * LIMIT_NAME_WORDS words, longer than LIMIT_NAME_BYTES ("name_too_long"),
 * or with a character that is not a letter, a combining mark, an
 * apostrophe (' or U+2019) or a hyphen, or a word without a letter
 * ("name_char", arg the character or word). Field "full_name"; ST_INVALID;
 * the three outputs are NULL on failure. */
status text_split_name(arena *a, const char *full, char **family, char **middle, char **given,
                       error *e);

/* ---- identifiers (DOMAIN.md, "Citizen ID") ---- */

#define CCCD_LEN 12

/* Normalize typed input: surrounding spaces and spaces or dots between digit
 * groups are dropped, full-width digits become ASCII; any other character
 * (a dot before the first or after the last digit too) is refused
 * ("cccd_char", arg the character); the result must be 12 digits
 * ("cccd_length"); nothing but spaces is "required". Field "cccd",
 * ST_INVALID. out must hold CCCD_LEN + 1 bytes; "" on failure. */
status cccd_normalize(const char *in, char out[CCCD_LEN + 1], error *e);

/* True when the 3-digit code is one of the 63 province codes. */
bool cccd_province_known(const char *code3);

/* Check a normalized CCCD against the record: the century-and-sex digit must
 * be 0-5 ("cccd_century_digit") and agree with sex ('M' or 'F')
 * ("cccd_sex_mismatch") and birth year ("cccd_century_mismatch"), digits
 * 5-6 with the birth year ("cccd_year_mismatch"). A province code off the
 * list is refused ("cccd_province", arg the code) unless born_abroad, when
 * it is accepted and *warn_foreign is set (the other digits are still
 * checked). A sex other than 'M'/'F' skips the sex test and a birth year
 * outside DATE_MIN_YEAR..DATE_MAX_YEAR the year tests: those fields report
 * their own errors. Not 12 digits: "cccd_length". Field name in errors:
 * "cccd"; ST_INVALID. warn_foreign may be NULL. */
status cccd_check(const char *cccd, char sex, int birth_year, bool born_abroad, bool *warn_foreign,
                  error *e);

/* The old 9-digit ID (CMND): spaces and dots dropped, full-width digits to
 * ASCII, 9 digits ("cmnd_format"; "required" when empty). out holds 10
 * bytes. */
status cmnd_normalize(const char *in, char out[10], error *e);

/* The card-number pattern when no setting overrides it: the 8 digits of the
 * cards issued since 2003 (DOMAIN.md). */
#define CARD_PATTERN_DEFAULT "[0-9]{8}"

/* Party card number: spaces dropped, full-width digits (and full-width ASCII
 * letters) to ASCII, then the whole number must match the POSIX extended
 * regular expression `pattern` (a setting; NULL means CARD_PATTERN_DEFAULT;
 * it is anchored at both ends here) ("card_format"; "card_pattern_invalid",
 * ST_INTERNAL, if the pattern does not compile). out holds 33 bytes; longer
 * input is refused. */
status card_normalize(const char *in, const char *pattern, char out[33], error *e);

/* Record number (số lý lịch): 6 digits then 1-3 ASCII letters, letters
 * stored in upper case; spaces dropped, full-width digits to ASCII
 * ("record_number_format"; "required" when empty). out holds 10 bytes. */
status record_number_normalize(const char *in, char out[10], error *e);

/* Phone: digits with an optional leading '+', spaces, dots, hyphens and
 * parentheses dropped, full-width digits to ASCII, 8-15 digits
 * ("phone_format"; "required" when empty). out holds outsz bytes
 * (LIMIT_PHONE_BYTES; at least 17 for the longest number). */
status phone_normalize(const char *in, char *out, size_t outsz, error *e);

/* E-mail: surrounding spaces dropped; one '@'; a local part of at most 64
 * bytes without spaces, controls or "(),:;<>[\]", not starting or ending
 * with a dot nor holding two in a row; a domain of at least two labels of
 * letters, digits and inner hyphens (or non-ASCII, for internationalized
 * names); at most LIMIT_EMAIL_BYTES in all; valid UTF-8 ("email_format";
 * "required" when empty). Lowercases the domain; *out from `a`. */
status email_normalize(arena *a, const char *in, char **out, error *e);

#endif
