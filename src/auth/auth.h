/*
 * auth.h -- who may do what, and the cryptography behind it.
 *
 * Roles and their rules; passwords (argon2id through libsodium, checked
 * for length and against common passwords: libcrack2 and John the Ripper's
 * list of the most common passwords, embedded at build time); random
 * tokens for sessions and CSRF; two-factor codes (RFC 6238 TOTP through
 * liboath) and one-time recovery codes; the audit chain's hash.
 *
 * No SQL and no HTTP here: persistence is store/'s, the request cycle is
 * http/'s. Functions are thread-safe unless a comment says otherwise.
 */
#ifndef CAUNOI_AUTH_H
#define CAUNOI_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

/* Call once at start-up, before threads: libsodium and liboath init.
 * ST_INTERNAL "crypto_init" when either fails. */
status auth_init(error *e);

/* ---- roles ---- */

typedef enum role {
    ROLE_MEMBER = 0,    /* their own record, trips and reports */
    ROLE_SECRETARY = 1, /* the members of their cell; the cell's opinions */
    ROLE_OFFICER = 2,   /* their unit's subtree: decisions, transfers, statistics */
    ROLE_ADMIN = 3,     /* accounts, rule sets, holidays, settings in their subtree */
    ROLE_AUDITOR = 4,   /* read-only on their subtree, and the audit trail */
} role;
#define ROLE_COUNT 5

/* Bit masks for route rules: ROLE_BIT(ROLE_ADMIN) | ... */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL   0x1Fu
#define ROLES_STAFF                                                                                \
    (ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_OFFICER) | ROLE_BIT(ROLE_ADMIN) |                    \
     ROLE_BIT(ROLE_AUDITOR))
#define ROLES_MANAGERS (ROLE_BIT(ROLE_OFFICER) | ROLE_BIT(ROLE_ADMIN))

const char *role_name(role r); /* "member", "secretary", ... */
bool role_parse(const char *s, role *out);

/* ---- passwords ---- */

#define PASSWORD_MIN_CHARS 10  /* code points, NIST SP 800-63B allows 8; we ask 10 */
#define PASSWORD_MAX_BYTES 256 /* bounds the hashing work an attacker can ask for */
#define PASSWORD_HASH_MAX  128 /* crypto_pwhash_STRBYTES */

/* Check a new password: valid UTF-8, at least PASSWORD_MIN_CHARS characters
 * ("password_too_short"), at most PASSWORD_MAX_BYTES ("password_too_long"),
 * not in the common-password list, case-insensitively, nor that list's
 * entry followed by digits or symbols ("password_common"), not refused by
 * cracklib ("password_weak"), not containing the login or any word of the
 * person's name of 3+ letters, folded ("password_personal"). `login` and
 * `name` may be NULL. Field "password" (or `field`). */
status password_check(const char *pw, const char *login, const char *name, const char *field,
                      error *e);

/* argon2id hash (libsodium crypto_pwhash_str, OPSLIMIT/MEMLIMIT_INTERACTIVE)
 * into out[PASSWORD_HASH_MAX]. ST_NOMEM when libsodium cannot get memory. */
status password_hash(const char *pw, char out[PASSWORD_HASH_MAX], error *e);
/* True when pw matches the stored hash (constant time in libsodium). */
bool password_verify(const char *pw, const char *hash);

/* A one-time password for a new or reset account: 16 characters from an
 * alphabet without look-alikes (no 0/O, 1/l/I), in groups of 4 with '-'.
 * out holds 20 bytes. It always passes password_check. */
void password_generate(char out[20]);

/* ---- tokens ---- */

#define TOKEN_CHARS 43 /* 32 random bytes in base64url without padding */

/* A fresh random token (base64url, TOKEN_CHARS characters) into
 * out[TOKEN_CHARS + 1]. */
void token_generate(char out[TOKEN_CHARS + 1]);
/* Lower-case hex SHA-256 of s into out[65] (sessions and recovery codes are
 * stored by this hash, never in clear). */
void sha256_hex(const void *data, size_t len, char out[65]);
/* Constant-time comparison of two NUL-terminated strings. */
bool token_equal(const char *a, const char *b);

/* ---- two-factor codes ---- */

#define TOTP_DIGITS         6
#define TOTP_STEP_S         30
#define TOTP_WINDOW         1  /* steps accepted either side, for clock drift */
#define TOTP_SECRET_BYTES   20 /* RFC 4226 recommends 160 bits */
#define TOTP_SECRET_B32     33 /* base32 of 20 bytes (32 chars) and NUL */
#define RECOVERY_CODES      10
#define RECOVERY_CODE_CHARS 11 /* "xxxxx-xxxxx" */

/* A new random TOTP secret in base32 (RFC 4648, no padding). */
void totp_secret_generate(char out[TOTP_SECRET_B32]);
/* The otpauth:// URI an authenticator app reads (issuer "caunoi", account
 * `login`), from `a`. */
char *totp_uri(arena *a, const char *secret_b32, const char *login);
/* Check a 6-digit code typed by the user at Unix time `now` against the
 * secret, within TOTP_WINDOW steps, refusing any step <= last_step (a code
 * is used once). On success *step is the matched step (store it as the new
 * last step). Errors: "totp_format" (not 6 digits after dropping spaces),
 * "totp_invalid" (wrong or reused), field "code". */
status totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                   int64_t *step, error *e);
/* The code for a given time (tests and enrolment checks). out[7]. */
status totp_code(const char *secret_b32, int64_t now, char out[TOTP_DIGITS + 1], error *e);

/* A recovery code: RECOVERY_CODE_CHARS characters, lower-case letters and
 * digits without look-alikes, "xxxxx-xxxxx". out[RECOVERY_CODE_CHARS + 1].
 * Store sha256_hex of recovery_code_normalize(code). */
void recovery_code_generate(char out[RECOVERY_CODE_CHARS + 1]);
/* Lower-case, drop spaces and hyphens, so "ABCDE FGHIJ" matches. out holds
 * RECOVERY_CODE_CHARS + 1; false when the input cannot be a code. */
bool recovery_code_normalize(const char *in, char out[RECOVERY_CODE_CHARS + 1]);

/* ---- the audit chain ---- */

#define AUDIT_HASH_HEX 65
#define AUDIT_GENESIS  "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct audit_entry {
    int64_t id;
    const char *at, *actor, *ip, *action, *record_type;
    int64_t user_id;            /* 0: none */
    int64_t record_id;          /* 0: none */
    const char *scope_path;     /* unit path the entry belongs to, for scoped reading */
    const char *before, *after; /* JSON text or NULL */
    const char *prev_hash;
    const char *hash;
} audit_entry;

/* The entry's hash: SHA-256 over prev_hash and every field in a fixed,
 * length-prefixed canonical form (so no two different entries serialize
 * alike), as lower-case hex into out[AUDIT_HASH_HEX]. `hash` itself is not
 * part of the input. */
void audit_hash(const audit_entry *en, char out[AUDIT_HASH_HEX]);

/* Before/after values for the trail, built without a JSON library in the
 * callers: a flat object of string fields. Values NULL are written as JSON
 * null. Returns the JSON text from `a`, NULL on allocation failure. */
typedef struct audit_field {
    const char *name, *value;
} audit_field;
char *audit_fields_json(arena *a, const audit_field *f, size_t n);

#endif
