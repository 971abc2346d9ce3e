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
 * UTF-8 (code "utf8_invalid") without control characters ("text_control");
 * result is NFC with surrounding white space removed and inner runs of
 * white space (including NBSP and full-width space) collapsed to one ASCII
 * space. `field` names the field in the error. */
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
 * then family name, then middle names, then date of birth. Compare keys with
 * memcmp (SQLite BLOB order), ties broken by id by the caller. */
status text_name_sort_key(text_collator *c, const char *family, const char *middle,
                          const char *given, date_t birth, strbuf *out, error *e);

/* ---- names ---- */

/* Split a cleaned full name into family (first word), middle (words between,
 * "" if none) and given (last word). Refuses a name of one word
 * ("name_one_word"), more than LIMIT_NAME_WORDS words, longer than
 * LIMIT_NAME_BYTES ("name_too_long"), or with a character that is not a
 * letter, a combining mark, an apostrophe or a hyphen ("name_char"). */
status text_split_name(arena *a, const char *full, char **family, char **middle, char **given,
                       error *e);

/* ---- identifiers (DOMAIN.md, "Citizen ID") ---- */

#define CCCD_LEN 12

/* Normalize typed input: surrounding spaces and spaces or dots between digit
 * groups are dropped, full-width digits become ASCII; any other character is
 * refused ("cccd_char"); the result must be 12 digits ("cccd_length").
 * out must hold CCCD_LEN + 1 bytes. */
status cccd_normalize(const char *in, char out[CCCD_LEN + 1], error *e);

/* True when the 3-digit code is one of the 63 province codes. */
bool cccd_province_known(const char *code3);

/* Check a normalized CCCD against the record: the century-and-sex digit must
 * agree with sex ('M' or 'F') and birth year ("cccd_sex_mismatch",
 * "cccd_century_mismatch"), digits 5-6 with the birth year
 * ("cccd_year_mismatch"). A province code off the list is refused
 * ("cccd_province") unless born_abroad, when it is accepted and *warn_foreign
 * is set. Field name in errors: "cccd". */
status cccd_check(const char *cccd, char sex, int birth_year, bool born_abroad, bool *warn_foreign,
                  error *e);

/* The old 9-digit ID (CMND): spaces and dots dropped, 9 digits
 * ("cmnd_format"). out holds 10 bytes. */
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

/* Record number (số lý lịch): 6 digits then 1-3 letters, letters stored in
 * upper case ("record_number_format"). out holds 10 bytes. */
status record_number_normalize(const char *in, char out[10], error *e);

/* Phone: digits with an optional leading '+', spaces, dots and hyphens
 * dropped, 8-15 digits ("phone_format"). out holds LIMIT_PHONE_BYTES. */
status phone_normalize(const char *in, char *out, size_t outsz, error *e);

/* E-mail: one '@', a dot in the domain, no spaces, at most
 * LIMIT_EMAIL_BYTES ("email_format"). Lowercases the domain. */
status email_normalize(arena *a, const char *in, char **out, error *e);

#endif
