/*
 * session.c -- signing in, sessions, signing out, changing one's own
 * password and two-factor enrolment; and the clock and settings helpers
 * the account services share.
 *
 * Signing in never says whether a login exists: an unknown login costs
 * the same argon2id work (a dummy hash) and gets the same answer as a
 * wrong password. Failures are spaced out (after a failure the next
 * attempt waits base * 2^(failures-1)), then lock the account for a while;
 * every attempt, refused or not, is in the audit trail, committed even
 * though the sign-in fails. Password hashing and checking run outside any
 * transaction, so a slow argon2id never holds the write lock.
 *
 * Bounds and timeouts are settings rows (login_backoff_ms,
 * login_max_failures, login_lock_minutes, session_idle_s,
 * session_absolute_s) defaulting to limits.h, so an operator (and a test)
 * can change them without a rebuild.
 *
 * This file must never store or log a password, a cookie value, a TOTP
 * secret in clear outside the users row, or a recovery code.
 */
#include "service/account_internal.h"
#include "service/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"

/* An argon2id hash of a random password nobody knows, with the same
 * parameters as real ones: an unknown login is checked against it so that
 * it takes as long as a known one. */
static const char DUMMY_HASH[] = "$argon2id$v=19$m=65536,t=2,p=1$0m2oR7KUFQ0B5Sg/"
                                 "eyD61Q$YI+9PZafQUAlX/M78N3lwnp1AL9wjHI73tsn340Ecqw";
/* The longest typed login the audit trail records as typed. */
#define AUDIT_LOGIN_BYTES 64
/* The doubling of the backoff stops here (2^20 s is twelve days). */
#define BACKOFF_MAX_SHIFT 20

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- shared helpers ---- */

bool svc_parse_time(const char *iso, int64_t *out)
{
    char day[DATE_ISO_LEN];
    date_t d;
    if (!iso || strlen(iso) != 20 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' ||
        iso[19] != 'Z')
        return false;
    memcpy(day, iso, 10);
    day[10] = '\0';
    if (!date_parse(day, &d) || !str_is_digits(iso + 11, 2) || !str_is_digits(iso + 14, 2) ||
        !str_is_digits(iso + 17, 2))
        return false;
    int h = (iso[11] - '0') * 10 + iso[12] - '0', m = (iso[14] - '0') * 10 + iso[15] - '0',
        sec = (iso[17] - '0') * 10 + iso[18] - '0';
    *out = (int64_t)d * 86400 + h * 3600 + m * 60 + sec;
    return true;
}

int64_t svc_now_unix(const svc *s)
{
    int64_t t = 0;
    return svc_parse_time(s->now, &t) ? t : 0;
}

const char *svc_iso_time(arena *a, int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t rest = t - days * 86400;
    char day[DATE_ISO_LEN];
    date_format((date_t)days, day);
    return arena_printf(a, "%sT%02d:%02d:%02dZ", day, (int)(rest / 3600), (int)(rest / 60 % 60),
                        (int)(rest % 60));
}

status svc_setting_int(svc *s, const char *key, int64_t dflt, int64_t *out, error *e)
{
    const char *v = NULL;
    *out = dflt;
    status st = store_setting_get(s->db, s->a, key, &v, e);
    int64_t n;
    if (st == ST_OK && v && str_to_i64(v, &n) && n >= 0)
        *out = n;
    return st;
}

status svc_totp_required_for(svc *s, role r, bool *out, error *e)
{
    char key[48];
    snprintf(key, sizeof key, "totp_required_%s", role_name(r));
    int64_t v;
    status st = svc_setting_int(s, key, 0, &v, e);
    *out = st == ST_OK && v != 0;
    return st;
}

/* ---- signing in ---- */

typedef struct login_cfg {
    int64_t backoff_ms, max_failures, lock_min, idle_s, absolute_s;
} login_cfg;

static status read_cfg(svc *s, login_cfg *c, error *e)
{
    status st = svc_setting_int(s, "login_backoff_ms", LIMIT_LOGIN_BACKOFF_MS, &c->backoff_ms, e);
    if (st == ST_OK)
        st = svc_setting_int(s, "login_max_failures", LIMIT_LOGIN_FAILURES, &c->max_failures, e);
    if (st == ST_OK)
        st = svc_setting_int(s, "login_lock_minutes", LIMIT_LOCK_MINUTES, &c->lock_min, e);
    if (st == ST_OK)
        st = svc_setting_int(s, "session_idle_s", LIMIT_SESSION_IDLE_S, &c->idle_s, e);
    if (st == ST_OK)
        st = svc_setting_int(s, "session_absolute_s", LIMIT_SESSION_ABSOLUTE_S, &c->absolute_s, e);
    if (c->max_failures < 1)
        c->max_failures = 1;
    return st;
}

/* What one sign-in attempt is about, carried between its phases. */
typedef struct attempt {
    svc *s;
    const login_request *in;
    login_cfg cfg;
    int64_t now;
    store_user su;
    actor who;         /* the account's actor, for the audit trail */
    bool unlocked;     /* an expired lock was found: cleared in the write phase */
    bool via_recovery; /* the second factor was a recovery code */
    char recovery_hash[65];
    int64_t totp_step; /* > 0: a TOTP code was accepted for this step */
} attempt;

/* The typed login as the audit trail records it for an unknown account:
 * valid UTF-8 without control characters, at most AUDIT_LOGIN_BYTES. */
static const char *typed_label(svc *s, const char *login)
{
    char buf[AUDIT_LOGIN_BYTES + 1];
    if (!login || !text_utf8_valid(login, strlen(login)))
        return "?";
    str_copy_utf8(buf, sizeof buf, login);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    const char *c = arena_strdup(s->a, buf);
    return c ? c : "?";
}

/* Audit one event of the attempt in its own write transaction (refusals
 * that change no account state). */
static status audit_alone(attempt *t, const actor *who, const char *action, int64_t record_id,
                          const char *scope, const char *after, error *e)
{
    status st = store_begin_write(t->s->db, e);
    if (st == ST_OK)
        st = svc_audit_tx_as(t->s, who, action, "user", record_id, scope, NULL, after, e);
    if (st == ST_OK)
        st = store_commit(t->s->db, e);
    store_rollback(t->s->db);
    return st;
}

static char *reason_json(svc *s, const char *login, const char *reason, const char *extra_name,
                         const char *extra)
{
    audit_field f[] = {{"login", login}, {"reason", reason}, {extra_name, extra}};
    return audit_fields_json(s->a, f, extra_name ? 3 : 2);
}

static status refuse_unknown(attempt *t, error *e)
{
    svc *s = t->s;
    (void)password_verify(t->in->password ? t->in->password : "", DUMMY_HASH);
    const char *label = typed_label(s, t->in->login);
    actor who = {.label = label, .scope_path = "/", .ip = t->in->ip ? t->in->ip : ""};
    char *after = reason_json(s, label, "unknown", NULL, NULL);
    status st = after ? audit_alone(t, &who, "login.failure", 0, "/", after, e) : nomem(e);
    if (st != ST_OK)
        return st;
    return err_set(e, ST_UNAUTHORIZED, "login_failed", NULL, NULL);
}

/* Locked now, or attempting before the backoff has passed: refused
 * without looking at the password. ST_OK when the attempt may go on. */
static status refuse_early(attempt *t, error *e)
{
    svc *s = t->s;
    const store_user *su = &t->su;
    int64_t until = 0, last = 0;
    const char *scope = svc_user_scope_path(su);
    if (su->locked_until && svc_parse_time(su->locked_until, &until)) {
        if (until > t->now) {
            char *after = reason_json(s, su->login, "locked", "locked_until", su->locked_until);
            status st = after ? audit_alone(t, &t->who, "login.throttled", su->id, scope, after, e)
                              : nomem(e);
            return st != ST_OK ? st
                               : err_set(e, ST_TOO_MANY, "login_locked", NULL, su->locked_until);
        }
        t->unlocked = true;
        return ST_OK;
    }
    if (su->failed_logins <= 0 || t->cfg.backoff_ms <= 0 || !su->last_failed_at ||
        !svc_parse_time(su->last_failed_at, &last))
        return ST_OK;
    int64_t shift =
        su->failed_logins - 1 < BACKOFF_MAX_SHIFT ? su->failed_logins - 1 : BACKOFF_MAX_SHIFT;
    int64_t allowed_ms = last * 1000 + (t->cfg.backoff_ms << shift);
    if (t->now * 1000 >= allowed_ms)
        return ST_OK;
    int64_t wait = (allowed_ms - t->now * 1000 + 999) / 1000;
    char secs[24];
    snprintf(secs, sizeof secs, "%" PRId64, wait);
    char *after = reason_json(s, su->login, "backoff", "retry_after", secs);
    status st =
        after ? audit_alone(t, &t->who, "login.throttled", su->id, scope, after, e) : nomem(e);
    return st != ST_OK ? st : err_set(e, ST_TOO_MANY, "login_throttled", NULL, secs);
}

typedef enum verdict { V_OK, V_WRONG, V_CODE_WRONG, V_CODE_NEEDED } verdict;

/* The password and, when the account has 2FA, the code; outside any
 * transaction (argon2id takes a while). A recovery code is only
 * normalized and hashed here: it is spent in the write phase. */
static verdict check_secrets(attempt *t)
{
    const login_request *in = t->in;
    if (!in->password || !password_verify(in->password, t->su.password_hash))
        return V_WRONG;
    if (!t->su.totp_confirmed)
        return V_OK;
    if (!in->code || !in->code[0])
        return V_CODE_NEEDED;
    char norm[RECOVERY_CODE_CHARS + 1];
    error ignored = {0};
    if (strspn(in->code, "0123456789 ") == strlen(in->code))
        return totp_verify(t->su.totp_secret, in->code, t->now, t->su.totp_last_step, &t->totp_step,
                           &ignored) == ST_OK
                   ? V_OK
                   : V_CODE_WRONG;
    if (!recovery_code_normalize(in->code, norm))
        return V_CODE_WRONG;
    sha256_hex(norm, strlen(norm), t->recovery_hash);
    t->via_recovery = true;
    return V_OK;
}

/* In the write transaction: count a failure, lock past the limit, audit
 * (login.failure with the reason; account.locked when it locks). *locked
 * is the end of a new lock, NULL when none. Nothing is committed. */
static status count_failure(attempt *t, const store_user *fresh, const char *reason,
                            const char **locked, error *e)
{
    svc *s = t->s;
    const char *scope = svc_user_scope_path(fresh);
    int64_t failed = (t->unlocked ? 0 : fresh->failed_logins) + 1;
    status st = ST_OK;
    *locked = NULL;
    if (failed >= t->cfg.max_failures) {
        *locked = svc_iso_time(s->a, t->now + t->cfg.lock_min * 60);
        char *after =
            *locked ? reason_json(s, fresh->login, "failures", "locked_until", *locked) : NULL;
        st = after ? svc_audit_tx_as(s, &t->who, "account.locked", "user", fresh->id, scope, NULL,
                                     after, e)
                   : nomem(e);
    }
    if (st == ST_OK)
        st = store_user_login_state(s->db, fresh->id, failed, s->now, *locked, e);
    char *after = reason_json(s, fresh->login, reason, NULL, NULL);
    if (st == ST_OK)
        st = after ? svc_audit_tx_as(s, &t->who, "login.failure", "user", fresh->id, scope, NULL,
                                     after, e)
                   : nomem(e);
    return st;
}

/* count_failure and commit. Returns the error the person sees. */
static status record_failure(attempt *t, const store_user *fresh, const char *reason,
                             const char *code, error *e)
{
    const char *locked = NULL;
    status st = count_failure(t, fresh, reason, &locked, e);
    if (st == ST_OK)
        st = store_commit(t->s->db, e);
    if (st != ST_OK)
        return st;
    if (locked)
        return err_set(e, ST_TOO_MANY, "login_locked", NULL, locked);
    return err_set(e, ST_UNAUTHORIZED, code, strcmp(code, "login_failed") ? "code" : NULL, NULL);
}

/* The lock found on the account has run out: clear it and the count. */
static status unlock_expired(attempt *t, const store_user *fresh, error *e)
{
    svc *s = t->s;
    char *before =
        audit_fields_json(s->a, (audit_field[]){{"locked_until", fresh->locked_until}}, 1);
    char *after = audit_fields_json(s->a, (audit_field[]){{"locked_until", NULL}}, 1);
    status st =
        before && after ? store_user_login_state(s->db, fresh->id, 0, NULL, NULL, e) : nomem(e);
    if (st == ST_OK)
        st = svc_audit_tx_as(s, &t->who, "account.unlocked", "user", fresh->id,
                             svc_user_scope_path(fresh), before, after, e);
    return st;
}

/* A new session row for the account: token and CSRF token fresh, the
 * oldest sessions past LIMIT_SESSIONS_PER_USER ended. */
static status open_session(attempt *t, session_info *out, error *e)
{
    svc *s = t->s;
    char token[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1], hash[65];
    token_generate(token);
    token_generate(csrf);
    sha256_hex(token, TOKEN_CHARS, hash);
    const char *expires = svc_iso_time(s->a, t->now + t->cfg.absolute_s);
    out->token = arena_strdup(s->a, token);
    out->csrf = arena_strdup(s->a, csrf);
    out->expires_at = expires;
    if (!expires || !out->token || !out->csrf)
        return nomem(e);
    int64_t id = 0;
    status st = store_session_create(s->db, hash, t->su.id, csrf, s->now, expires, t->in->ip,
                                     t->in->user_agent, &id, e);
    if (st == ST_OK)
        st = store_session_trim(s->db, t->su.id, LIMIT_SESSIONS_PER_USER, s->now, e);
    out->who.session_id = id;
    return st;
}

static status fill_info(svc *s, const store_user *su, const char *ip, session_info *out, error *e)
{
    svc_user_public(s, su, &out->u);
    int64_t sid = out->who.session_id;
    svc_user_actor(su, ip, &out->who);
    out->who.session_id = sid;
    bool required = false;
    status st = svc_totp_required_for(s, out->u.role, &required, e);
    out->totp_enrolment_required = required && !su->totp_confirmed;
    return st;
}

static status succeed(attempt *t, const store_user *fresh, session_info *out, error *e)
{
    svc *s = t->s;
    const char *scope = svc_user_scope_path(fresh);
    status st = ST_OK;
    if (t->via_recovery) {
        bool used = false;
        st = store_recovery_use(s->db, fresh->id, t->recovery_hash, s->now, &used, e);
        if (st == ST_OK && !used)
            return record_failure(t, fresh, "recovery_code_invalid", "totp_invalid", e);
        char *after = audit_fields_json(s->a, (audit_field[]){{"login", fresh->login}}, 1);
        if (st == ST_OK)
            st = after ? svc_audit_tx_as(s, &t->who, "recovery_code.use", "user", fresh->id, scope,
                                         NULL, after, e)
                       : nomem(e);
    }
    if (st == ST_OK && t->totp_step > 0)
        st = store_user_totp_step(s->db, fresh->id, t->totp_step, e);
    if (st == ST_OK && (fresh->failed_logins || fresh->locked_until))
        st = store_user_login_state(s->db, fresh->id, 0, NULL, NULL, e);
    if (st == ST_OK)
        st = open_session(t, out, e);
    const char *method = t->via_recovery    ? "password+recovery_code"
                         : t->totp_step > 0 ? "password+totp"
                                            : "password";
    audit_field f[] = {{"login", fresh->login}, {"method", method}};
    char *after = audit_fields_json(s->a, f, 2);
    if (st == ST_OK)
        st = after ? svc_audit_tx_as(s, &t->who, "login.success", "user", fresh->id, scope, NULL,
                                     after, e)
                   : nomem(e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st == ST_OK)
        st = fill_info(s, fresh, t->in->ip, out, e);
    return st;
}

/* The write phase: the account re-read under the write lock (another
 * attempt may have counted a failure meanwhile), then the verdict. */
static status conclude(attempt *t, verdict v, session_info *out, error *e)
{
    svc *s = t->s;
    store_user fresh;
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, t->su.id, &fresh, e);
    int64_t until = 0;
    if (st == ST_OK && fresh.locked_until && svc_parse_time(fresh.locked_until, &until) &&
        until > t->now) {
        store_rollback(s->db);
        return err_set(e, ST_TOO_MANY, "login_locked", NULL, fresh.locked_until);
    }
    /* Decided again from the fresh row: another attempt may have cleared
     * the expired lock meanwhile. */
    t->unlocked = st == ST_OK && fresh.locked_until != NULL;
    if (st == ST_OK && t->unlocked)
        st = unlock_expired(t, &fresh, e);
    if (st == ST_OK) {
        switch (v) {
        case V_WRONG: st = record_failure(t, &fresh, "password", "login_failed", e); break;
        case V_CODE_WRONG: st = record_failure(t, &fresh, "totp_invalid", "totp_invalid", e); break;
        case V_CODE_NEEDED: {
            char *after = reason_json(s, fresh.login, "totp_required", NULL, NULL);
            st = after ? svc_audit_tx_as(s, &t->who, "login.failure", "user", fresh.id,
                                         svc_user_scope_path(&fresh), NULL, after, e)
                       : nomem(e);
            if (st == ST_OK)
                st = store_commit(s->db, e);
            if (st == ST_OK)
                st = err_set(e, ST_UNAUTHORIZED, "totp_required", "code", NULL);
            break;
        }
        case V_OK: st = succeed(t, &fresh, out, e); break;
        }
    }
    store_rollback(s->db);
    return st;
}

/* The login as stored: ASCII lower-case; NULL when it cannot be one. */
static char *login_key(arena *a, const char *login)
{
    if (!login || !login[0] || strlen(login) > LIMIT_LOGIN_MAX_CHARS)
        return NULL;
    char *k = arena_strdup(a, login);
    for (char *p = k; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

/* Why a member account may no longer act: its member has left or died
 * ("member_left", "member_deceased") or is gone ("member_missing"); NULL
 * for any other account. Inside the caller's read transaction. */
static status member_gone(svc *s, const store_user *su, const char **reason, error *e)
{
    *reason = NULL;
    if (strcmp(su->role, "member") != 0)
        return ST_OK;
    member m;
    status st = su->member_id ? store_member_get(s->db, s->a, STORE_SCOPE_ALL, su->member_id, &m, e)
                              : ST_NOT_FOUND;
    if (st == ST_NOT_FOUND)
        *reason = "member_missing";
    else if (st == ST_OK && m.status == MS_LEFT)
        *reason = "member_left";
    else if (st == ST_OK && m.status == MS_DECEASED)
        *reason = "member_deceased";
    return st == ST_NOT_FOUND ? ST_OK : st;
}

status svc_login(svc *s, const login_request *in, session_info *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (!s->db || !s->a)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (!s->now)
        return nomem(e);
    attempt t = {.s = s, .in = in, .now = svc_now_unix(s)};
    status st = read_cfg(s, &t.cfg, e);
    if (st != ST_OK)
        return st;
    char *key = login_key(s->a, in->login);
    st = key ? store_begin_read(s->db, e) : ST_NOT_FOUND;
    if (st == ST_OK)
        st = store_user_get_by_login(s->db, s->a, STORE_SCOPE_ALL, key, &t.su, e);
    const char *gone = NULL;
    if (st == ST_OK)
        st = member_gone(s, &t.su, &gone, e);
    store_rollback(s->db);
    if (st == ST_NOT_FOUND)
        return refuse_unknown(&t, e);
    if (st != ST_OK)
        return st;
    svc_user_actor(&t.su, in->ip, &t.who);
    if (t.su.disabled || gone) {
        (void)password_verify(in->password ? in->password : "", t.su.password_hash);
        char *after = reason_json(s, t.su.login, gone ? gone : "disabled", NULL, NULL);
        st = after ? audit_alone(&t, &t.who, "login.failure", t.su.id, svc_user_scope_path(&t.su),
                                 after, e)
                   : nomem(e);
        return st != ST_OK ? st : err_set(e, ST_UNAUTHORIZED, "login_failed", NULL, NULL);
    }
    st = refuse_early(&t, e);
    if (st != ST_OK)
        return st;
    return conclude(&t, check_secrets(&t), out, e);
}

/* ---- sessions ---- */

static status invalid(error *e)
{
    return err_set(e, ST_UNAUTHORIZED, "session_invalid", NULL, NULL);
}

/* The session and its account, read in one read transaction. */
static status load_session(svc *s, const char *token, store_session *ses, store_user *su, error *e)
{
    char hash[65];
    if (!token || strlen(token) != TOKEN_CHARS)
        return invalid(e);
    sha256_hex(token, TOKEN_CHARS, hash);
    status st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_session_get(s->db, s->a, hash, ses, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, ses->user_id, su, e);
    store_rollback(s->db);
    if (st == ST_NOT_FOUND || (st == ST_OK && ses->ended_at))
        return invalid(e);
    return st;
}

/* One statement in its own write transaction (end or touch a session). */
static status write_session(svc *s, int64_t id, bool end, error *e)
{
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = end ? store_session_end(s->db, id, s->now, e)
                 : store_session_touch(s->db, id, s->now, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}

status svc_session_check(svc *s, const char *token, session_info *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (!s->db || !s->a)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (!s->now)
        return nomem(e);
    login_cfg cfg;
    store_session ses;
    store_user su;
    const char *gone = NULL;
    status st = read_cfg(s, &cfg, e);
    if (st == ST_OK)
        st = load_session(s, token, &ses, &su, e);
    if (st == ST_OK && strcmp(su.role, "member") == 0) {
        st = store_begin_read(s->db, e);
        if (st == ST_OK)
            st = member_gone(s, &su, &gone, e);
        store_rollback(s->db);
    }
    if (st != ST_OK)
        return st;
    int64_t now = svc_now_unix(s), created, seen, expires;
    if (!svc_parse_time(ses.created_at, &created) || !svc_parse_time(ses.last_seen_at, &seen) ||
        !svc_parse_time(ses.expires_at, &expires))
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (now >= expires || now - created >= cfg.absolute_s || now - seen >= cfg.idle_s ||
        su.disabled || gone) {
        st = write_session(s, ses.id, true, e);
        return st != ST_OK ? st : invalid(e);
    }
    if (now - seen >= LIMIT_SESSION_TOUCH_S && (st = write_session(s, ses.id, false, e)) != ST_OK)
        return st;
    out->csrf = ses.csrf_token;
    out->expires_at = ses.expires_at;
    out->who.session_id = ses.id;
    return fill_info(s, &su, s->who && s->who->ip ? s->who->ip : "", out, e);
}

status svc_logout(svc *s, const char *token, error *e)
{
    if (!s->db || !s->a)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (!s->now)
        return nomem(e);
    store_session ses;
    store_user su;
    status st = load_session(s, token, &ses, &su, e);
    if (st != ST_OK)
        return st;
    actor who;
    svc_user_actor(&su, s->who && s->who->ip ? s->who->ip : "", &who);
    who.session_id = ses.id;
    char *after = audit_fields_json(s->a, (audit_field[]){{"login", su.login}}, 1);
    if (!after)
        return nomem(e);
    st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_session_end(s->db, ses.id, s->now, e);
    if (st == ST_OK)
        st = svc_audit_tx_as(s, &who, "logout", "session", ses.id, svc_user_scope_path(&su), NULL,
                             after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}

/* ---- the signed-in user's own account ---- */

/* The acting user's account; the operator has none (ST_FORBIDDEN). */
static status load_self(svc *s, store_user *su, error *e)
{
    if (!s->db || !s->a)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (!s->now)
        return nomem(e);
    if (!s->who || s->who->user_id <= 0)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    status st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, s->who->user_id, su, e);
    store_rollback(s->db);
    return st;
}

/* A wrong password typed by a signed-in user (changing the password,
 * turning 2FA off) is a failed sign-in: it is counted with the same
 * settings, audited as login.failure (`reason`), and locks the account
 * past the limit, as svc_login would. A lock then also ends every session
 * of the account, the one guessing included: a lock that left the
 * guessing session open would not stop the guessing. Answers ST_INVALID
 * "password_wrong" on `field`, or ST_TOO_MANY "login_locked" (arg: the
 * end of the lock). */
static status wrong_password(svc *s, const store_user *su, const char *reason, const char *field,
                             error *e)
{
    attempt t = {.s = s, .now = svc_now_unix(s), .who = *s->who};
    store_user fresh;
    const char *locked = NULL;
    int64_t until = 0;
    status st = read_cfg(s, &t.cfg, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, su->id, &fresh, e);
    /* A lock that has run out: cleared first, the count starts again. */
    t.unlocked = st == ST_OK && fresh.locked_until && svc_parse_time(fresh.locked_until, &until) &&
                 until <= t.now;
    if (st == ST_OK && t.unlocked)
        st = unlock_expired(&t, &fresh, e);
    if (st == ST_OK)
        st = count_failure(&t, &fresh, reason, &locked, e);
    if (st == ST_OK && locked)
        st = store_session_end_user(s->db, su->id, 0, s->now, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    if (locked)
        return err_set(e, ST_TOO_MANY, "login_locked", NULL, locked);
    return err_set(e, ST_INVALID, "password_wrong", field, NULL);
}

status svc_password_change(svc *s, const char *current, const char *new_password, error *e)
{
    store_user su;
    char hash[PASSWORD_HASH_MAX];
    status st = load_self(s, &su, e);
    if (st != ST_OK)
        return st;
    if (!current || !password_verify(current, su.password_hash))
        return wrong_password(s, &su, "password_change", "current_password", e);
    st = password_check(new_password, su.login, su.display_name, "new_password", e);
    if (st != ST_OK)
        return st;
    if (strcmp(current, new_password) == 0)
        return err_set(e, ST_INVALID, "password_same", "new_password", NULL);
    if ((st = password_hash(new_password, hash, e)) != ST_OK)
        return st;
    char *after = audit_fields_json(s->a, (audit_field[]){{"login", su.login}}, 1);
    if (!after)
        return nomem(e);
    store_user fresh;
    st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, su.id, &fresh, e);
    /* Changed by someone else (a reset) since it was checked: check again. */
    if (st == ST_OK && strcmp(fresh.password_hash, su.password_hash) != 0)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st == ST_OK)
        st = store_user_set_password(s->db, su.id, hash, false, s->now, e);
    if (st == ST_OK)
        st = store_session_end_user(s->db, su.id, s->who->session_id, s->now, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, "user.password_change", "user", su.id, svc_user_scope_path(&su), NULL,
                          after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}

/* ---- two-factor sign-in ---- */

/* Run a change of the acting user's own 2FA in a write transaction with
 * its audit entry. */
static status self_totp_write(svc *s, const store_user *su, const char *secret, bool confirmed,
                              int64_t step, const char *const *hashes, size_t nhashes,
                              const char *action, error *e)
{
    char *after = audit_fields_json(s->a, (audit_field[]){{"login", su->login}}, 1);
    if (!after)
        return nomem(e);
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = store_user_set_totp(s->db, su->id, secret, confirmed, step, s->now, e);
    if (st == ST_OK && (confirmed || !secret))
        st = store_recovery_replace(s->db, su->id, hashes, nhashes, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "user", su->id, svc_user_scope_path(su), NULL, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}

status svc_totp_begin(svc *s, totp_enrolment *out, error *e)
{
    memset(out, 0, sizeof *out);
    store_user su;
    status st = load_self(s, &su, e);
    if (st != ST_OK)
        return st;
    if (su.totp_confirmed)
        return err_set(e, ST_CONFLICT, "totp_already_enabled", NULL, NULL);
    char secret[TOTP_SECRET_B32];
    totp_secret_generate(secret);
    out->secret = arena_strdup(s->a, secret);
    out->uri = totp_uri(s->a, secret, su.login);
    if (!secret[0] || !out->secret || !out->uri)
        return nomem(e);
    return self_totp_write(s, &su, secret, false, 0, NULL, 0, "totp.enrolment_start", e);
}

status svc_totp_confirm(svc *s, const char *code, const char **recovery, error *e)
{
    store_user su;
    status st = load_self(s, &su, e);
    if (st != ST_OK)
        return st;
    if (su.totp_confirmed)
        return err_set(e, ST_CONFLICT, "totp_already_enabled", NULL, NULL);
    if (!su.totp_secret)
        return err_set(e, ST_CONFLICT, "totp_not_started", NULL, NULL);
    int64_t step = 0;
    st = totp_verify(su.totp_secret, code, svc_now_unix(s), 0, &step, e);
    if (st != ST_OK) {
        /* Signed in: a wrong code is a field error (422), not a 401 that
         * would read as "signed out". */
        if (e)
            e->st = ST_INVALID;
        return ST_INVALID;
    }
    const char *hashes[RECOVERY_CODES];
    for (int i = 0; i < RECOVERY_CODES; i++) {
        char c[RECOVERY_CODE_CHARS + 1], h[65];
        recovery_code_generate(c);
        sha256_hex(c, strlen(c), h);
        recovery[i] = arena_strdup(s->a, c);
        hashes[i] = arena_strdup(s->a, h);
        if (!recovery[i] || !hashes[i])
            return nomem(e);
    }
    return self_totp_write(s, &su, su.totp_secret, true, step, hashes, RECOVERY_CODES,
                           "totp.enable", e);
}

status svc_totp_disable(svc *s, const char *password, error *e)
{
    store_user su;
    status st = load_self(s, &su, e);
    if (st != ST_OK)
        return st;
    if (!password || !password_verify(password, su.password_hash))
        return wrong_password(s, &su, "totp_disable", "password", e);
    role r = ROLE_MEMBER;
    bool required = false;
    role_parse(su.role, &r);
    if ((st = svc_totp_required_for(s, r, &required, e)) != ST_OK)
        return st;
    if (required)
        return err_set(e, ST_FORBIDDEN, "totp_required_by_role", NULL, NULL);
    if (!su.totp_secret)
        return ST_OK;
    return self_totp_write(s, &su, NULL, false, 0, NULL, 0, "totp.disable", e);
}
