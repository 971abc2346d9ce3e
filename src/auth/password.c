/*
 * password.c -- choosing, hashing and checking passwords.
 *
 * A new password must be long enough, not one of the most common passwords
 * (the embedded list: John the Ripper's and a Vietnamese supplement, sorted
 * and lower-case, build/gen/common_passwords.c), nor such a password with
 * digits or symbols stuck on ("password123!"), not refused by cracklib, and
 * must not contain the person's login or a word of their name. Hashes are
 * argon2id strings from libsodium.
 *
 * This file must never log, store or return a password, and never compare
 * secrets with memcmp/strcmp (libsodium's verify is constant time).
 */
#include "auth/auth.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* <crack.h> uses size_t without including its header. */
#include <stddef.h>
#include <crack.h>
#include <sodium.h>

#include "core/log.h"
#include "text/text.h"

extern const char *const common_passwords[];
extern const size_t common_passwords_count;

/* A listed word must be this long before "word + digits" is refused, so a
 * strong password that happens to start with "xy" followed by symbols is
 * not refused for the two-letter entries of the list. */
#define COMMON_PREFIX_MIN 4
/* Letters a name word needs before a password may not contain it. */
#define NAME_WORD_MIN 3
/* Attempts at a random one-time password before accepting the last one
 * (cracklib refusing sixteen random strings in a row does not happen). */
#define GENERATE_TRIES 16

/* cracklib keeps static state while it reads its dictionary. */
static pthread_mutex_t crack_lock = PTHREAD_MUTEX_INITIALIZER;

static int cmp_entry(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

static bool listed(const char *s)
{
    return bsearch(s, common_passwords, common_passwords_count, sizeof common_passwords[0],
                   cmp_entry) != NULL;
}

/* True when s, or s without a tail of digits and symbols (at least
 * COMMON_PREFIX_MIN bytes left), is on the list. s is lower-case and is
 * cut in place while trying. */
static bool common_or_suffixed(char *s)
{
    if (listed(s))
        return true;
    size_t n = strlen(s);
    while (n > COMMON_PREFIX_MIN && !isalpha((unsigned char)s[n - 1]) && s[n - 1] != ' ' &&
           (unsigned char)s[n - 1] < 0x80) {
        s[--n] = '\0';
        if (listed(s))
            return true;
    }
    return false;
}

/* Drop the spaces text_fold leaves between words: "nguyen van" ->
 * "nguyenvan", in place. */
static void squeeze(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++)
        if (*r != ' ')
            *w++ = *r;
    *w = '\0';
}

static status check_common(arena *a, const char *pw, const char *field, error *e)
{
    char *lower = arena_strdup(a, pw);
    char *folded = text_fold(a, pw);
    if (!lower || !folded)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    squeeze(folded);
    if (common_or_suffixed(lower) || (folded[0] && common_or_suffixed(folded)))
        return err_set(e, ST_INVALID, "password_common", field, NULL);
    return ST_OK;
}

/* The password, folded and without spaces, contains the folded login or a
 * folded word of the name of NAME_WORD_MIN letters or more. */
static status check_personal(arena *a, const char *pw, const char *login, const char *name,
                             const char *field, error *e)
{
    char *fp = text_fold(a, pw);
    char *fl = login ? text_fold(a, login) : NULL;
    char *fn = name ? text_fold(a, name) : NULL;
    if (!fp || (login && !fl) || (name && !fn))
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    squeeze(fp);
    if (fl) {
        squeeze(fl);
        if (strlen(fl) >= NAME_WORD_MIN && strstr(fp, fl))
            return err_set(e, ST_INVALID, "password_personal", field, NULL);
    }
    for (char *w = fn; w && *w;) {
        char *end = strchr(w, ' ');
        if (end)
            *end = '\0';
        if (strlen(w) >= NAME_WORD_MIN && strstr(fp, w))
            return err_set(e, ST_INVALID, "password_personal", field, NULL);
        w = end ? end + 1 : NULL;
    }
    return ST_OK;
}

static status check_cracklib(const char *pw, const char *field, error *e)
{
    pthread_mutex_lock(&crack_lock);
    const char *why = FascistCheck(pw, GetDefaultCracklibDict());
    pthread_mutex_unlock(&crack_lock);
    if (!why)
        return ST_OK;
    if (strstr(why, "error loading dictionary")) {
        /* A missing dictionary must not refuse every password; the length
         * and common-list checks still hold. */
        log_warn("cracklib: %s", why);
        return ST_OK;
    }
    return err_set(e, ST_INVALID, "password_weak", field, NULL);
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

status password_check(const char *pw, const char *login, const char *name, const char *field,
                      error *e)
{
    const char *f = field ? field : "password";
    if (!pw || !pw[0])
        return err_set(e, ST_INVALID, "required", f, NULL);
    size_t n = strlen(pw);
    if (n > PASSWORD_MAX_BYTES)
        return err_setf(e, ST_INVALID, "password_too_long", f, "%d", PASSWORD_MAX_BYTES);
    if (!text_utf8_valid(pw, n))
        return err_set(e, ST_INVALID, "password_not_utf8", f, NULL);
    if (code_points(pw) < PASSWORD_MIN_CHARS)
        return err_setf(e, ST_INVALID, "password_too_short", f, "%d", PASSWORD_MIN_CHARS);
    arena a = ARENA_INIT;
    status st = check_common(&a, pw, f, e);
    if (st == ST_OK)
        st = check_personal(&a, pw, login, name, f, e);
    if (st == ST_OK)
        st = check_cracklib(pw, f, e);
    arena_free(&a);
    return st;
}

status password_hash(const char *pw, char out[PASSWORD_HASH_MAX], error *e)
{
    _Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}

bool password_verify(const char *pw, const char *hash)
{
    if (!pw || !hash || strlen(pw) > PASSWORD_MAX_BYTES)
        return false;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* No 0/O/o, 1/l/I: read aloud or copied from paper without mistakes. */
static const char OTP_ALPHABET[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

void password_generate(char out[20])
{
    for (int tries = 0; tries < GENERATE_TRIES; tries++) {
        size_t o = 0;
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0)
                out[o++] = '-';
            out[o++] = OTP_ALPHABET[randombytes_uniform(sizeof OTP_ALPHABET - 1)];
        }
        out[o] = '\0';
        if (password_check(out, NULL, NULL, NULL, NULL) == ST_OK)
            return;
    }
}
