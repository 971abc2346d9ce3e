/*
 * token.c -- random tokens (session cookies, CSRF tokens), their SHA-256
 * for storage, constant-time comparison, and one-time recovery codes.
 *
 * Randomness comes from libsodium (the kernel's generator). This file must
 * never log a token or a code, nor compare secrets with strcmp.
 */
#include "auth/auth.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

#define TOKEN_BYTES 32
/* Lower-case letters and digits without l/1, o/0: 32 symbols, 5 bits each,
 * so a code of 10 symbols holds 50 bits. */
static const char RECOVERY_ALPHABET[] = "abcdefghijkmnpqrstuvwxyz23456789";
#define RECOVERY_SYMBOLS 10

void token_generate(char out[TOKEN_CHARS + 1])
{
    _Static_assert(sodium_base64_ENCODED_LEN(
                       TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == TOKEN_CHARS + 1,
                   "TOKEN_CHARS must match 32 bytes in base64url");
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool token_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return n == 0 || sodium_memcmp(a, b, n) == 0;
}

void recovery_code_generate(char out[RECOVERY_CODE_CHARS + 1])
{
    size_t o = 0;
    for (int i = 0; i < RECOVERY_SYMBOLS; i++) {
        if (i == RECOVERY_SYMBOLS / 2)
            out[o++] = '-';
        out[o++] = RECOVERY_ALPHABET[randombytes_uniform(sizeof RECOVERY_ALPHABET - 1)];
    }
    out[o] = '\0';
}

bool recovery_code_normalize(const char *in, char out[RECOVERY_CODE_CHARS + 1])
{
    char sym[RECOVERY_SYMBOLS];
    size_t n = 0;
    for (const char *p = in; p && *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        char c = (char)tolower((unsigned char)*p);
        if (n == RECOVERY_SYMBOLS || !strchr(RECOVERY_ALPHABET, c) || c == '\0')
            return false;
        sym[n++] = c;
    }
    if (n != RECOVERY_SYMBOLS)
        return false;
    memcpy(out, sym, RECOVERY_SYMBOLS / 2);
    out[RECOVERY_SYMBOLS / 2] = '-';
    memcpy(out + RECOVERY_SYMBOLS / 2 + 1, sym + RECOVERY_SYMBOLS / 2, RECOVERY_SYMBOLS / 2);
    out[RECOVERY_CODE_CHARS] = '\0';
    return true;
}
