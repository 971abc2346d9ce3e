/*
 * users.c -- accounts, managed by administrators within their subtree;
 * the per-role two-factor requirement; and the helpers that turn an
 * account row into the public `user` and into an actor.
 *
 * Only administrators manage accounts (ST_FORBIDDEN "forbidden" for any
 * other role). An account outside the administrator's subtree does not
 * exist for them (ST_NOT_FOUND), and an administrator cannot create or
 * move an account above their own unit: units and members are looked up
 * in the actor's scope. Every change is audited in its transaction.
 * One-time passwords are hashed before the transaction begins (argon2id
 * is slow) and shown once; this file must never audit or log one.
 */
#include "service/account_internal.h"
#include "service/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- helpers shared by the account services ---- */

const char *svc_user_scope_path(const store_user *su)
{
    return su->unit_path ? su->unit_path : STORE_SCOPE_ALL;
}

void svc_user_public(const svc *s, const store_user *su, user *out)
{
    memset(out, 0, sizeof *out);
    out->id = su->id;
    out->version = su->version;
    out->login = su->login;
    out->display_name = su->display_name;
    out->role = ROLE_MEMBER;
    role_parse(su->role, &out->role);
    out->unit_id = su->unit_id;
    out->unit_code = su->unit_code;
    out->unit_name = su->unit_name;
    out->scope_path = svc_user_scope_path(su);
    out->member_id = su->member_id;
    out->must_change_password = su->must_change_password;
    out->totp_enabled = su->totp_confirmed;
    out->disabled = su->disabled;
    int64_t until;
    if (su->locked_until && svc_parse_time(su->locked_until, &until) && until > svc_now_unix(s))
        out->locked_until = su->locked_until;
    out->created_at = su->created_at;
    out->updated_at = su->updated_at;
}

void svc_user_actor(const store_user *su, const char *ip, actor *out)
{
    memset(out, 0, sizeof *out);
    out->user_id = su->id;
    out->label = su->login;
    out->scope_path = svc_user_scope_path(su);
    out->role = ROLE_MEMBER;
    role_parse(su->role, &out->role);
    out->member_id = out->role == ROLE_MEMBER ? su->member_id : 0;
    out->unit_id = su->unit_id;
    out->ip = ip ? ip : "";
}

char *svc_user_audit_json(svc *s, const store_user *su)
{
    char mid[24] = "";
    if (su->member_id)
        snprintf(mid, sizeof mid, "%" PRId64, su->member_id);
    audit_field f[] = {{"login", su->login},
                       {"display_name", su->display_name},
                       {"role", su->role},
                       {"unit_code", su->unit_code},
                       {"member_id", su->member_id ? mid : NULL},
                       {"disabled", su->disabled ? "true" : "false"}};
    return audit_fields_json(s->a, f, sizeof f / sizeof f[0]);
}

status svc_require_admin(const svc *s, error *e)
{
    if (s->who && s->who->role == ROLE_ADMIN)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

bool svc_actor_global(const svc *s) { return actor_whole_installation(s->who); }

/* ---- checking what an administrator typed ---- */

static bool login_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Lower-case the login into `a` and check it: LIMIT_LOGIN_MIN_CHARS to
 * LIMIT_LOGIN_MAX_CHARS of [a-z0-9._-], starting with a letter or digit. */
static status login_normalize(arena *a, const char *in, const char **out, error *e)
{
    size_t n = in ? strlen(in) : 0;
    if (n < LIMIT_LOGIN_MIN_CHARS || n > LIMIT_LOGIN_MAX_CHARS)
        return err_set(e, ST_INVALID, "login_invalid", "login", NULL);
    char *k = arena_strdup(a, in);
    if (!k)
        return nomem(e);
    for (char *p = k; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        if (!login_char(*p))
            return err_set(e, ST_INVALID, "login_invalid", "login", NULL);
    }
    if (k[0] == '.' || k[0] == '_' || k[0] == '-')
        return err_set(e, ST_INVALID, "login_invalid", "login", NULL);
    *out = k;
    return ST_OK;
}

static status display_name_clean(svc *s, const char *in, const char **out, error *e)
{
    char *clean = NULL;
    status st = text_clean_line(s->a, in, strlen(in), "display_name", &clean, e);
    if (st != ST_OK)
        return st;
    if (!clean[0])
        return err_set(e, ST_INVALID, "required", "display_name", NULL);
    if (strlen(clean) > LIMIT_NAME_BYTES)
        return err_set(e, ST_INVALID, "display_name_too_long", "display_name", NULL);
    *out = clean;
    return ST_OK;
}

/* A login made from the role and the unit code ("officer.hn",
 * "member.42"), free in the installation. */
static status login_derive(svc *s, const char *role_s, const store_user *nu, const char **out,
                           error *e)
{
    char base[LIMIT_LOGIN_MAX_CHARS + 1];
    if (strcmp(role_s, "member") == 0)
        snprintf(base, sizeof base, "member.%" PRId64, nu->member_id);
    else
        snprintf(base, sizeof base, "%s.%s", role_s, nu->unit_code ? nu->unit_code : "all");
    for (char *p = base; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        else if (!login_char(*p))
            *p = '-';
    }
    for (int i = 1; i < 100; i++) {
        const char *cand =
            i == 1 ? arena_strdup(s->a, base) : arena_printf(s->a, "%.28s-%d", base, i);
        if (!cand)
            return nomem(e);
        store_user other;
        status st = store_user_get_by_login(s->db, s->a, STORE_SCOPE_ALL, cand, &other, NULL);
        if (st == ST_NOT_FOUND) {
            *out = cand;
            return ST_OK;
        }
        if (st != ST_OK)
            return err_set(e, st, "internal", NULL, NULL);
    }
    return err_set(e, ST_CONFLICT, "login_taken", "login", base);
}

/* The member named by id, in scope; ST_INVALID on the field when absent. */
static status load_member(svc *s, int64_t id, member *m, error *e)
{
    status st = store_member_get(s->db, s->a, svc_scope(s), id, m, e);
    if (st == ST_NOT_FOUND)
        return err_set(e, ST_INVALID, "member_not_found", "member_id", NULL);
    return st;
}

/* Set nu's unit (id, code, path) from the input's unit_id or unit_code, in
 * scope. *given false when the input names none. */
static status load_unit(svc *s, const user_input *in, store_user *nu, bool *given, error *e)
{
    unit u;
    status st;
    const char *field;
    *given = in->unit_id || (in->unit_code && in->unit_code[0]);
    if (!*given)
        return ST_OK;
    if (in->unit_id) {
        field = "unit_id";
        st = store_unit_get(s->db, s->a, svc_scope(s), in->unit_id, &u, e);
    } else {
        field = "unit_code";
        st = store_unit_get_by_code(s->db, s->a, svc_scope(s), in->unit_code, &u, e);
    }
    if (st == ST_NOT_FOUND)
        return err_set(e, ST_INVALID, "unit_not_found", field, NULL);
    if (st == ST_OK) {
        nu->unit_id = u.id;
        nu->unit_code = u.code;
        nu->unit_path = u.path;
    }
    return st;
}

/* Role, unit and member of nu from the input over nu's current values:
 * a member account takes the member's unit; other roles need a unit,
 * except an installation administrator made by a global actor. */
static status resolve_binding(svc *s, const user_input *in, store_user *nu, bool creating, error *e)
{
    role r;
    if (in->role && !role_parse(in->role, &r))
        return err_set(e, ST_INVALID, "role_invalid", "role", NULL);
    if (in->role)
        nu->role = role_name(r);
    if (!nu->role)
        return err_set(e, ST_INVALID, "required", "role", NULL);
    if (in->member_id)
        nu->member_id = in->member_id;
    bool unit_given = false;
    status st = load_unit(s, in, nu, &unit_given, e);
    if (st != ST_OK)
        return st;
    member m;
    if (nu->member_id && (st = load_member(s, nu->member_id, &m, e)) != ST_OK)
        return st;
    if (strcmp(nu->role, "member") == 0) {
        if (!nu->member_id)
            return err_set(e, ST_INVALID, "required", "member_id", NULL);
        nu->unit_id = m.unit_id;
        nu->unit_code = m.unit_code;
        nu->unit_path = m.unit_path;
        return ST_OK;
    }
    if (nu->unit_id)
        return ST_OK;
    if (strcmp(nu->role, "admin") == 0 && svc_actor_global(s) && (creating || !unit_given))
        return ST_OK;
    return err_set(e, ST_INVALID, "required", "unit_code", NULL);
}

/* ---- use cases ---- */

static status create_tx(svc *s, const user_input *in, bool must_change, const char *hash,
                        store_user *su, error *e)
{
    store_user nu = {.password_hash = hash, .must_change_password = must_change};
    status st = resolve_binding(s, in, &nu, true, e);
    if (st == ST_OK && in->login && in->login[0])
        st = login_normalize(s->a, in->login, &nu.login, e);
    else if (st == ST_OK)
        st = login_derive(s, nu.role, &nu, &nu.login, e);
    if (st == ST_OK && in->display_name && in->display_name[0])
        st = display_name_clean(s, in->display_name, &nu.display_name, e);
    if (st == ST_OK && !nu.display_name) {
        member m;
        nu.display_name = nu.login;
        if (nu.member_id && load_member(s, nu.member_id, &m, NULL) == ST_OK)
            nu.display_name = m.full_name;
    }
    if (st == ST_OK)
        st = store_user_insert(s->db, &nu, s->now, e);
    if (st == ST_CONFLICT && e && strcmp(e->code, "login_taken") == 0)
        err_set(e, ST_CONFLICT, "login_taken", "login", nu.login);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, nu.id, su, e);
    char *after = st == ST_OK ? svc_user_audit_json(s, su) : NULL;
    if (st == ST_OK && !after)
        st = nomem(e);
    if (st == ST_OK)
        st =
            svc_audit_tx(s, "user.create", "user", su->id, svc_user_scope_path(su), NULL, after, e);
    return st;
}

status svc_account_create(svc *s, const user_input *in, bool must_change, user *out,
                          char one_time[20], errlist *errs)
{
    error e = {0};
    char hash[PASSWORD_HASH_MAX];
    store_user su;
    memset(out, 0, sizeof *out);
    one_time[0] = '\0';
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = svc_require_admin(s, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    char pw[20];
    password_generate(pw);
    if ((st = password_hash(pw, hash, &e)) != ST_OK)
        return svc_push(errs, &e);
    st = store_begin_write(s->db, &e);
    if (st == ST_OK)
        st = create_tx(s, in, must_change, hash, &su, &e);
    if (st == ST_OK)
        st = store_commit(s->db, &e);
    store_rollback(s->db);
    if (st != ST_OK)
        return svc_push(errs, &e);
    svc_user_public(s, &su, out);
    memcpy(one_time, pw, sizeof pw);
    return ST_OK;
}

status svc_user_create(svc *s, const user_input *in, user *out, char one_time[20], errlist *errs)
{
    return svc_account_create(s, in, true, out, one_time, errs);
}

/* Begin a transaction (write or read) and load an account in scope, as an
 * administrator. */
static status open_account(svc *s, bool write, int64_t id, store_user *su, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = svc_require_admin(s, e);
    if (st == ST_OK)
        st = write ? store_begin_write(s->db, e) : store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_user_get(s->db, s->a, svc_scope(s), id, su, e);
    return st;
}

status svc_user_get(svc *s, int64_t id, user *out, error *e)
{
    store_user su;
    memset(out, 0, sizeof *out);
    status st = open_account(s, false, id, &su, e);
    store_rollback(s->db);
    if (st == ST_OK)
        svc_user_public(s, &su, out);
    return st;
}

status svc_user_get_by_login(svc *s, const char *login, user *out, error *e)
{
    store_user su;
    const char *key = NULL;
    memset(out, 0, sizeof *out);
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = svc_require_admin(s, e);
    if (st == ST_OK && login_normalize(s->a, login, &key, NULL) != ST_OK)
        st = err_set(e, ST_NOT_FOUND, "user_not_found", NULL, NULL);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_user_get_by_login(s->db, s->a, svc_scope(s), key, &su, e);
    store_rollback(s->db);
    if (st == ST_OK)
        svc_user_public(s, &su, out);
    return st;
}

static status cursor_decode(svc *s, const char *cursor, int64_t *after, error *e)
{
    unsigned char *raw;
    size_t n;
    char num[24];
    *after = 0;
    if (!cursor || !cursor[0])
        return ST_OK;
    if (!svc_b64url_decode(s->a, cursor, &raw, &n) || n == 0 || n >= sizeof num)
        return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
    memcpy(num, raw, n);
    num[n] = '\0';
    if (!str_to_i64(num, after) || *after <= 0)
        return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
    return ST_OK;
}

status svc_user_list(svc *s, const char *cursor, int limit, user_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    int64_t after = 0;
    store_user *rows = NULL;
    size_t n = 0;
    bool more = false;
    if (limit <= 0)
        limit = LIMIT_PAGE_DEFAULT;
    if (limit > LIMIT_PAGE_MAX)
        limit = LIMIT_PAGE_MAX;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = svc_require_admin(s, e);
    if (st == ST_OK)
        st = cursor_decode(s, cursor, &after, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_user_list(s->db, s->a, svc_scope(s), after, limit, &rows, &n, &more, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    out->items = arena_alloc_array(s->a, n ? n : 1, sizeof *out->items);
    if (!out->items)
        return nomem(e);
    for (size_t i = 0; i < n; i++)
        svc_user_public(s, &rows[i], &out->items[i]);
    out->n = n;
    if (more && n > 0) {
        char num[24];
        snprintf(num, sizeof num, "%" PRId64, rows[n - 1].id);
        if (!(out->next_cursor = svc_b64url_encode(s->a, num, strlen(num))))
            return nomem(e);
    }
    return ST_OK;
}

/* Reload the changed account, audit before/after, commit; out filled. */
static status finish_change(svc *s, const char *action, const store_user *before_row, user *out,
                            error *e)
{
    store_user su;
    char *before = svc_user_audit_json(s, before_row);
    status st = store_user_get(s->db, s->a, STORE_SCOPE_ALL, before_row->id, &su, e);
    char *after = st == ST_OK ? svc_user_audit_json(s, &su) : NULL;
    if (st == ST_OK && (!before || !after))
        st = nomem(e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "user", su.id, svc_user_scope_path(&su), before, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    if (st == ST_OK && out)
        svc_user_public(s, &su, out);
    return st;
}

status svc_user_update(svc *s, int64_t id, int64_t expected_version, const user_input *in,
                       user *out, errlist *errs)
{
    error e = {0};
    store_user su;
    memset(out, 0, sizeof *out);
    status st = open_account(s, true, id, &su, &e);
    store_user nu = su;
    if (st == ST_OK && in->display_name)
        st = display_name_clean(s, in->display_name, &nu.display_name, &e);
    if (st == ST_OK && (in->role || in->unit_id || in->unit_code || in->member_id))
        st = resolve_binding(s, in, &nu, false, &e);
    if (st == ST_OK && in->disabled >= 0)
        nu.disabled = in->disabled != 0;
    if (st == ST_OK && nu.disabled && s->who->user_id == su.id)
        st = err_set(&e, ST_INVALID, "user_disable_self", "disabled", NULL);
    if (st == ST_OK)
        st = store_user_update(s->db, &nu, expected_version, s->now, &e);
    if (st == ST_OK && nu.disabled && !su.disabled)
        st = store_session_end_user(s->db, su.id, 0, s->now, &e);
    if (st == ST_OK)
        st = finish_change(s, "user.update", &su, out, &e);
    store_rollback(s->db);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

static status version_check(const store_user *su, int64_t expected, error *e)
{
    if (expected && su->version != expected)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    return ST_OK;
}

status svc_user_reset_password(svc *s, int64_t id, int64_t expected_version, user *out,
                               char one_time[20], error *e)
{
    store_user su;
    char hash[PASSWORD_HASH_MAX], pw[20];
    memset(out, 0, sizeof *out);
    one_time[0] = '\0';
    password_generate(pw);
    status st = password_hash(pw, hash, e);
    if (st == ST_OK)
        st = open_account(s, true, id, &su, e);
    if (st == ST_OK)
        st = version_check(&su, expected_version, e);
    if (st == ST_OK)
        st = store_user_set_password(s->db, su.id, hash, true, s->now, e);
    if (st == ST_OK)
        st = store_session_end_user(s->db, su.id, 0, s->now, e);
    if (st == ST_OK)
        st = finish_change(s, "user.password_reset", &su, out, e);
    store_rollback(s->db);
    if (st == ST_OK)
        memcpy(one_time, pw, sizeof pw);
    return st;
}

status svc_user_reset_totp(svc *s, int64_t id, int64_t expected_version, user *out, error *e)
{
    store_user su;
    memset(out, 0, sizeof *out);
    status st = open_account(s, true, id, &su, e);
    if (st == ST_OK)
        st = version_check(&su, expected_version, e);
    if (st == ST_OK)
        st = store_user_set_totp(s->db, su.id, NULL, false, 0, s->now, e);
    if (st == ST_OK)
        st = store_recovery_replace(s->db, su.id, NULL, 0, e);
    if (st == ST_OK)
        st = finish_change(s, "user.totp_reset", &su, out, e);
    store_rollback(s->db);
    return st;
}

/* ---- the two-factor requirement per role ---- */

/* Security settings are the installation's: only an administrator of the
 * whole tree reads or changes them. */
static status require_global_admin(svc *s, error *e)
{
    if (svc_require_admin(s, e) != ST_OK || !svc_actor_global(s))
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    return ST_OK;
}

status svc_totp_required_get(svc *s, bool out[ROLE_COUNT], error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_global_admin(s, e);
    for (int r = 0; st == ST_OK && r < ROLE_COUNT; r++)
        st = svc_totp_required_for(s, (role)r, &out[r], e);
    return st;
}

/* The before and after of the roles that change, as audit JSON. */
static status totp_change_json(svc *s, const bool was[ROLE_COUNT], const int req[ROLE_COUNT],
                               char **before, char **after, error *e)
{
    audit_field b[ROLE_COUNT], a[ROLE_COUNT];
    size_t n = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (req[r] < 0 || (req[r] == 1) == was[r])
            continue;
        b[n] = (audit_field){role_name((role)r), was[r] ? "1" : "0"};
        a[n] = (audit_field){role_name((role)r), req[r] == 1 ? "1" : "0"};
        n++;
    }
    *before = n ? audit_fields_json(s->a, b, n) : NULL;
    *after = n ? audit_fields_json(s->a, a, n) : NULL;
    return n && (!*before || !*after) ? nomem(e) : ST_OK;
}

status svc_totp_required_set(svc *s, const int required[ROLE_COUNT], error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_global_admin(s, e);
    if (st != ST_OK)
        return st;
    bool was[ROLE_COUNT] = {false};
    char *before = NULL, *after = NULL;
    st = store_begin_write(s->db, e);
    for (int r = 0; st == ST_OK && r < ROLE_COUNT; r++)
        st = svc_totp_required_for(s, (role)r, &was[r], e);
    if (st == ST_OK)
        st = totp_change_json(s, was, required, &before, &after, e);
    for (int r = 0; st == ST_OK && r < ROLE_COUNT; r++) {
        if (required[r] < 0 || (required[r] == 1) == was[r])
            continue;
        char key[48];
        snprintf(key, sizeof key, "totp_required_%s", role_name((role)r));
        st = store_auth_setting_put(s->db, key, required[r] == 1 ? "1" : "0", e);
    }
    if (st == ST_OK && before)
        st = svc_audit_tx(s, "settings.update", "setting", 0, STORE_SCOPE_ALL, before, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}
