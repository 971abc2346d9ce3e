/*
 * auth_store.h -- accounts, sessions, recovery codes and the audit trail in
 * SQL (users.c, sessions.c, audit.c).
 *
 * Same rules as store.h: one connection per thread, statements prepared
 * once and cached, bound parameters only, strings copied into the caller's
 * arena, no transactions begun or ended here (the service holds them).
 *
 * Scope: an account belongs to the unit it is bound to -- for a member
 * account, the member's official unit as it is now. A scope sees the
 * accounts whose unit path lies in it; installation administrators (no
 * unit) are seen only from "/". Sessions are found by the SHA-256 of the
 * cookie, never by the cookie. Secrets (hash, TOTP secret) are read here
 * for service/ to check and must never leave service/.
 */
#ifndef CAUNOI_AUTH_STORE_H
#define CAUNOI_AUTH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/error.h"

typedef struct db db;

/* ---- accounts (users.c) ---- */

typedef struct store_user {
    int64_t id, version;
    const char *login, *display_name, *role;
    int64_t unit_id; /* the effective unit (a member's official unit); 0: none */
    const char *unit_code, *unit_name, *unit_path;
    int64_t member_id; /* 0: none */
    const char *password_hash;
    bool must_change_password;
    const char *totp_secret; /* NULL when 2FA is off */
    bool totp_confirmed;
    int64_t totp_last_step;
    int64_t failed_logins;
    const char *last_failed_at, *locked_until; /* NULL when none */
    bool disabled;
    const char *created_at, *updated_at;
} store_user;

/* One account in scope. ST_NOT_FOUND "user_not_found" when there is none. */
status store_user_get(db *d, arena *a, const char *scope, int64_t id, store_user *out, error *e);
status store_user_get_by_login(db *d, arena *a, const char *scope, const char *login,
                               store_user *out, error *e);
/* Accounts in scope with id > after_id, in id order, at most `limit`;
 * *more when another follows. */
status store_user_list(db *d, arena *a, const char *scope, int64_t after_id, int limit,
                       store_user **out, size_t *n, bool *more, error *e);
/* Insert u (login, display_name, role, unit_id (0: NULL), member_id,
 * password_hash, must_change_password); sets u->id and u->version.
 * ST_CONFLICT "login_taken" (field login) or "member_has_account" (field
 * member_id). */
status store_user_insert(db *d, store_user *u, const char *now, error *e);
/* Write display_name, role, unit_id, member_id, disabled of u when its
 * version is still expected_version; bumps u->version. Stale: ST_CONFLICT
 * "version_stale". Same conflicts as insert. */
status store_user_update(db *d, store_user *u, int64_t expected_version, const char *now, error *e);
/* New password hash; clears the failure count and any lock; bumps the
 * version. */
status store_user_set_password(db *d, int64_t id, const char *hash, bool must_change,
                               const char *now, error *e);
/* The sign-in counters (not an edit of the account: no version bump). */
status store_user_login_state(db *d, int64_t id, int64_t failed, const char *last_failed_at,
                              const char *locked_until, error *e);
/* TOTP secret (NULL: off), confirmed flag and last step; bumps the version. */
status store_user_set_totp(db *d, int64_t id, const char *secret, bool confirmed, int64_t last_step,
                           const char *now, error *e);
/* The last accepted step after a successful code (no version bump). */
status store_user_totp_step(db *d, int64_t id, int64_t step, error *e);

/* Replace the user's recovery codes by these hashes (n 0: remove all). */
status store_recovery_replace(db *d, int64_t user_id, const char *const *hashes, size_t n,
                              error *e);
/* Mark the unused code with this hash used; *used false when none. */
status store_recovery_use(db *d, int64_t user_id, const char *hash, const char *now, bool *used,
                          error *e);

/* ---- sessions (sessions.c) ---- */

typedef struct store_session {
    int64_t id, user_id;
    const char *csrf_token, *created_at, *last_seen_at, *expires_at, *ended_at;
} store_session;

status store_session_create(db *d, const char *token_hash, int64_t user_id, const char *csrf,
                            const char *now, const char *expires_at, const char *ip,
                            const char *user_agent, int64_t *id, error *e);
/* ST_NOT_FOUND "session_invalid" when no session has this hash. */
status store_session_get(db *d, arena *a, const char *token_hash, store_session *out, error *e);
status store_session_touch(db *d, int64_t id, const char *now, error *e);
status store_session_end(db *d, int64_t id, const char *now, error *e);
/* End every open session of the user except except_id (0: all). */
status store_session_end_user(db *d, int64_t user_id, int64_t except_id, const char *now, error *e);
/* End the user's oldest open sessions beyond the newest `keep`. */
status store_session_trim(db *d, int64_t user_id, int keep, const char *now, error *e);

/* ---- the audit trail (audit.c) ---- */

/* The newest entry's id and hash; id 0 and hash NULL when the trail is
 * empty. Call inside the write transaction that appends. */
status store_audit_last(db *d, arena *a, int64_t *id, const char **hash, error *e);
/* Insert the entry as given (id, hash and prev_hash computed by the
 * caller). */
status store_audit_insert(db *d, const audit_entry *en, error *e);
status store_audit_count(db *d, int64_t *out, error *e);

typedef struct store_audit_query {
    const char *scope;
    int64_t user_id;            /* 0: any */
    const char *record_type;    /* NULL: any */
    int64_t record_id;          /* 0: any */
    const char *action;         /* exact; NULL: any */
    const char *action_prefix;  /* "member.": any action starting so; NULL: any */
    const char *from, *to_excl; /* at >= from, at < to_excl; NULL: open */
    int64_t before_id;          /* keyset: id < before_id; 0: from the newest */
    int limit;
} store_audit_query;
/* Entries matching q, newest first; *more when another follows. */
status store_audit_list(db *d, arena *a, const store_audit_query *q, audit_entry **out, size_t *n,
                        bool *more, error *e);
/* Up to `limit` entries with id > after_id in id order (verify walks the
 * whole trail page by page). */
status store_audit_scan(db *d, arena *a, int64_t after_id, int limit, audit_entry **out, size_t *n,
                        error *e);

/* Insert or replace a settings row (the audit head, the per-role 2FA
 * requirement). store.h has only the reader. */
status store_auth_setting_put(db *d, const char *key, const char *value, error *e);

#endif
