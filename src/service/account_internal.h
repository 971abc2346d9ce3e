/*
 * account_internal.h -- what the account services share (session.c,
 * users.c, audit.c, demo_accounts.c): the clock as numbers, settings read
 * as integers, accounts turned into the public `user`, and role checks.
 * Nothing outside src/service/ includes this file.
 */
#ifndef CAUNOI_ACCOUNT_INTERNAL_H
#define CAUNOI_ACCOUNT_INTERNAL_H

#include "service/svc_internal.h"
#include "store/auth_store.h"

/* Unix seconds of s->now ("YYYY-MM-DDTHH:MM:SSZ"); 0 when it is not set. */
int64_t svc_now_unix(const svc *s);
/* "YYYY-MM-DDTHH:MM:SSZ" of Unix seconds t, from `a` (NULL on failure). */
const char *svc_iso_time(arena *a, int64_t t);
/* Unix seconds of an ISO timestamp as stored; false when unreadable. */
bool svc_parse_time(const char *iso, int64_t *out);

/* An integer setting (settings table) or `dflt` when absent or not a
 * number >= 0. */
status svc_setting_int(svc *s, const char *key, int64_t dflt, int64_t *out, error *e);
/* Whether the role must sign in with a second factor (totp_required_<role>). */
status svc_totp_required_for(svc *s, role r, bool *out, error *e);

/* The public view of an account (no secrets); strings stay in the store
 * row's arena. locked_until only while the lock lasts at s->now. */
void svc_user_public(const svc *s, const store_user *su, user *out);
/* The scope an account acts in: its unit's path, "/" without one. */
const char *svc_user_scope_path(const store_user *su);
/* The actor requests of this account act as, strings from s->a. */
void svc_user_actor(const store_user *su, const char *ip, actor *out);
/* The account's fields for the audit trail (no secrets), JSON from s->a. */
char *svc_user_audit_json(svc *s, const store_user *su);

/* ST_FORBIDDEN "forbidden" unless the actor is an administrator. */
status svc_require_admin(const svc *s, error *e);
/* True when the actor acts on the whole installation (scope "/"). */
bool svc_actor_global(const svc *s);

/* Create an account inside no transaction of the caller's (it opens its
 * own): svc_user_create with must_change chosen (the demo accounts start
 * ready to use). */
status svc_account_create(svc *s, const user_input *in, bool must_change, user *out,
                          char one_time[20], errlist *errs);

#endif
