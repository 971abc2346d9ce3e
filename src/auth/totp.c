/*
 * totp.c -- two-factor codes: RFC 6238 time-based one-time passwords
 * (HMAC-SHA1, 6 digits, 30-second steps) through liboath, secrets in
 * base32 (RFC 4648) as authenticator apps read them.
 *
 * A code is accepted within TOTP_WINDOW steps of now and only for a step
 * after the last one accepted, so a code seen over a shoulder cannot be
 * used twice. This file must never log a secret or a code.
 */
#include "auth/auth.h"

#include <stdlib.h>
#include <string.h>

#include <oath.h>
#include <sodium.h>

void totp_secret_generate(char out[TOTP_SECRET_B32])
{
    unsigned char raw[TOTP_SECRET_BYTES];
    char *b32 = NULL;
    size_t n = 0;
    out[0] = '\0';
    randombytes_buf(raw, sizeof raw);
    /* liboath allocates the text with malloc: copied out, freed with free. */
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &n) == OATH_OK &&
        n < TOTP_SECRET_B32) {
        memcpy(out, b32, n);
        out[n] = '\0';
    }
    if (b32) {
        sodium_memzero(b32, n);
        free(b32);
    }
    sodium_memzero(raw, sizeof raw);
}

char *totp_uri(arena *a, const char *secret_b32, const char *login)
{
    /* Logins are [a-z0-9._-] (svc_user_create), safe in a URI path and
     * query as they are. */
    return arena_printf(a,
                        "otpauth://totp/caunoi:%s?secret=%s&issuer=caunoi&algorithm=SHA1"
                        "&digits=%d&period=%d",
                        login, secret_b32, TOTP_DIGITS, TOTP_STEP_S);
}

/* The secret's bytes (malloc'd by liboath, freed by the caller with
 * free after sodium_memzero). */
static bool secret_decode(const char *b32, char **raw, size_t *n)
{
    *raw = NULL;
    *n = 0;
    if (!b32 || !b32[0])
        return false;
    if (oath_base32_decode(b32, strlen(b32), raw, n) != OATH_OK || *n == 0) {
        free(*raw);
        *raw = NULL;
        return false;
    }
    return true;
}

static void secret_free(char *raw, size_t n)
{
    if (raw) {
        sodium_memzero(raw, n);
        free(raw);
    }
}

status totp_code(const char *secret_b32, int64_t now, char out[TOTP_DIGITS + 1], error *e)
{
    char *raw;
    size_t n;
    out[0] = '\0';
    if (!secret_decode(secret_b32, &raw, &n))
        return err_set(e, ST_INTERNAL, "totp_secret", NULL, NULL);
    int rc = oath_totp_generate(raw, n, (time_t)now, TOTP_STEP_S, OATH_TOTP_DEFAULT_START_TIME,
                                TOTP_DIGITS, out);
    secret_free(raw, n);
    if (rc != OATH_OK)
        return err_set(e, ST_INTERNAL, "totp_secret", NULL, NULL);
    return ST_OK;
}

/* The code without spaces into out; false unless exactly TOTP_DIGITS
 * digits remain. */
static bool code_digits(const char *code, char out[TOTP_DIGITS + 1])
{
    size_t n = 0;
    for (const char *p = code; p && *p; p++) {
        if (*p == ' ')
            continue;
        if (*p < '0' || *p > '9' || n == TOTP_DIGITS)
            return false;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n == TOTP_DIGITS;
}

status totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                   int64_t *step, error *e)
{
    char typed[TOTP_DIGITS + 1];
    if (!code_digits(code, typed))
        return err_set(e, ST_UNAUTHORIZED, "totp_format", "code", NULL);
    char *raw;
    size_t n;
    if (!secret_decode(secret_b32, &raw, &n))
        return err_set(e, ST_INTERNAL, "totp_secret", NULL, NULL);
    int64_t here = now / TOTP_STEP_S, found = -1;
    /* Every step of the window is computed, so the work does not depend
     * on which one matches; the latest unused match wins. */
    for (int64_t s = here - TOTP_WINDOW; s <= here + TOTP_WINDOW; s++) {
        char want[TOTP_DIGITS + 1];
        if (s < 0 || oath_totp_generate(raw, n, (time_t)(s * TOTP_STEP_S), TOTP_STEP_S,
                                        OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, want) != OATH_OK)
            continue;
        if (token_equal(want, typed) && s > last_step)
            found = s;
    }
    secret_free(raw, n);
    if (found < 0)
        return err_set(e, ST_UNAUTHORIZED, "totp_invalid", "code", NULL);
    *step = found;
    return ST_OK;
}
