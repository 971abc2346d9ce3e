/*
 * users.c -- accounts and their recovery codes in SQL.
 *
 * An account's unit is the one it is bound to, except a member account's,
 * which follows the member's official unit (a member who moves takes the
 * account along); every read carries the scope range on that unit's path,
 * and installation administrators (no unit) are seen only from "/". This
 * file must never decide a rule (who may create what is service/users.c)
 * nor build SQL from input.
 */
#include "store/auth_store.h"
#include "store/internal.h"

#include <string.h>

#define USER_COLS                                                                                  \
    "u.id, u.version, u.login, u.display_name, u.role, n.id, n.code, n.name, n.path,"              \
    " u.member_id, u.password_hash, u.must_change_password, u.totp_secret, u.totp_confirmed,"      \
    " u.totp_last_step, u.failed_logins, u.last_failed_at, u.locked_until, u.disabled,"            \
    " u.created_at, u.updated_at"
#define USER_FROM                                                                                  \
    " FROM users u LEFT JOIN members m ON m.id = u.member_id"                                      \
    " LEFT JOIN units n ON n.id = CASE WHEN u.role = 'member' THEN m.unit_id ELSE u.unit_id END"
/* The scope range at ?2, ?3 on the account's unit; no unit: only "/". */
#define USER_IN_SCOPE "((n.path >= ?2 AND n.path < ?3) OR (u.unit_id IS NULL AND ?2 = '/'))"

static const char SQL_GET[] = "SELECT " USER_COLS USER_FROM " WHERE u.id = ?1 AND " USER_IN_SCOPE;
static const char SQL_GET_LOGIN[] =
    "SELECT " USER_COLS USER_FROM " WHERE u.login = ?1 AND " USER_IN_SCOPE;
static const char SQL_LIST[] =
    "SELECT " USER_COLS USER_FROM " WHERE u.id > ?1 AND " USER_IN_SCOPE " ORDER BY u.id LIMIT ?4";
static const char SQL_INSERT[] =
    "INSERT INTO users (login, display_name, role, unit_id, member_id, password_hash,"
    " must_change_password, version, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)";
static const char SQL_UPDATE[] =
    "UPDATE users SET display_name = ?1, role = ?2, unit_id = ?3, member_id = ?4, disabled = ?5,"
    " version = version + 1, updated_at = ?6 WHERE id = ?7 AND version = ?8";
static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET password_hash = ?1, must_change_password = ?2, password_changed_at = ?3,"
    " failed_logins = 0, last_failed_at = NULL, locked_until = NULL,"
    " version = version + 1, updated_at = ?3 WHERE id = ?4";
static const char SQL_LOGIN_STATE[] =
    "UPDATE users SET failed_logins = ?1, last_failed_at = ?2, locked_until = ?3 WHERE id = ?4";
static const char SQL_SET_TOTP[] =
    "UPDATE users SET totp_secret = ?1, totp_confirmed = ?2, totp_last_step = ?3,"
    " version = version + 1, updated_at = ?4 WHERE id = ?5";
static const char SQL_TOTP_STEP[] = "UPDATE users SET totp_last_step = ?1 WHERE id = ?2";
static const char SQL_RECOVERY_DELETE[] = "DELETE FROM recovery_codes WHERE user_id = ?1";
static const char SQL_RECOVERY_INSERT[] =
    "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)";
static const char SQL_RECOVERY_USE[] = "UPDATE recovery_codes SET used_at = ?1"
                                       " WHERE user_id = ?2 AND code_hash = ?3 AND used_at IS NULL";

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static int64_t col_id(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

static void read_user(arena *a, sqlite3_stmt *st, store_user *u, bool *oom)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->version = sqlite3_column_int64(st, 1);
    u->login = col_text(a, st, 2, oom);
    u->display_name = col_text(a, st, 3, oom);
    u->role = col_text(a, st, 4, oom);
    u->unit_id = col_id(st, 5);
    u->unit_code = col_text(a, st, 6, oom);
    u->unit_name = col_text(a, st, 7, oom);
    u->unit_path = col_text(a, st, 8, oom);
    u->member_id = col_id(st, 9);
    u->password_hash = col_text(a, st, 10, oom);
    u->must_change_password = sqlite3_column_int(st, 11) != 0;
    u->totp_secret = col_text(a, st, 12, oom);
    u->totp_confirmed = sqlite3_column_int(st, 13) != 0;
    u->totp_last_step = sqlite3_column_int64(st, 14);
    u->failed_logins = sqlite3_column_int64(st, 15);
    u->last_failed_at = col_text(a, st, 16, oom);
    u->locked_until = col_text(a, st, 17, oom);
    u->disabled = sqlite3_column_int(st, 18) != 0;
    u->created_at = col_text(a, st, 19, oom);
    u->updated_at = col_text(a, st, 20, oom);
}

/* One row of a prepared SQL_GET-like statement whose key is bound at ?1. */
static status get_one(db *d, arena *a, sqlite3_stmt *st, const char *scope, store_user *out,
                      error *e)
{
    bind_scope(st, 2, scope);
    int rc = db_step(st);
    status s = ST_OK;
    bool oom = false;
    if (rc == SQLITE_ROW)
        read_user(a, st, out, &oom);
    else if (rc == SQLITE_DONE)
        s = err_set(e, ST_NOT_FOUND, "user_not_found", NULL, NULL);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s == ST_OK && oom ? nomem(e) : s;
}

status store_user_get(db *d, arena *a, const char *scope, int64_t id, store_user *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, id);
    return get_one(d, a, st, scope, out, e);
}

status store_user_get_by_login(db *d, arena *a, const char *scope, const char *login,
                               store_user *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET_LOGIN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, login);
    return get_one(d, a, st, scope, out, e);
}

status store_user_list(db *d, arena *a, const char *scope, int64_t after_id, int limit,
                       store_user **out, size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    store_user *items = arena_alloc_array(a, (size_t)limit + 1, sizeof *items);
    if (!items) {
        db_done(st);
        return nomem(e);
    }
    sqlite3_bind_int64(st, 1, after_id);
    bind_scope(st, 2, scope);
    sqlite3_bind_int(st, 4, limit + 1);
    status s = ST_OK;
    bool oom = false;
    size_t len = 0;
    for (;;) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        read_user(a, st, &items[len++], &oom);
    }
    db_done(st);
    if (s == ST_OK && oom)
        s = nomem(e);
    if (s != ST_OK)
        return s;
    if (len > (size_t)limit) {
        *more = true;
        len = (size_t)limit;
    }
    *out = items;
    *n = len;
    return ST_OK;
}

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

/* A unique index refused the row: which one. */
static status conflict(db *d, int rc, error *e)
{
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        const char *m = sqlite3_errmsg(d->h);
        if (strstr(m, "users.login"))
            return err_set(e, ST_CONFLICT, "login_taken", "login", NULL);
        if (strstr(m, "users.member_id"))
            return err_set(e, ST_CONFLICT, "member_has_account", "member_id", NULL);
    }
    return db_fail(d, rc, e);
}

status store_user_insert(db *d, store_user *u, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, u->login);
    bind_text(st, 2, u->display_name);
    bind_text(st, 3, u->role);
    bind_id_or_null(st, 4, u->unit_id);
    bind_id_or_null(st, 5, u->member_id);
    bind_text(st, 6, u->password_hash);
    sqlite3_bind_int(st, 7, u->must_change_password);
    bind_text(st, 8, now);
    int rc = db_step(st);
    status s = rc == SQLITE_DONE ? ST_OK : conflict(d, rc, e);
    db_done(st);
    if (s == ST_OK) {
        u->id = sqlite3_last_insert_rowid(d->h);
        u->version = 1;
    }
    return s;
}

status store_user_update(db *d, store_user *u, int64_t expected_version, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, u->display_name);
    bind_text(st, 2, u->role);
    bind_id_or_null(st, 3, u->unit_id);
    bind_id_or_null(st, 4, u->member_id);
    sqlite3_bind_int(st, 5, u->disabled);
    bind_text(st, 6, now);
    sqlite3_bind_int64(st, 7, u->id);
    sqlite3_bind_int64(st, 8, expected_version);
    int rc = db_step(st);
    status s = rc == SQLITE_DONE ? ST_OK : conflict(d, rc, e);
    db_done(st);
    if (s == ST_OK && sqlite3_changes(d->h) != 1)
        s = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (s == ST_OK)
        u->version = expected_version + 1;
    return s;
}

/* Run a prepared UPDATE/DELETE whose parameters are bound. */
static status run(db *d, sqlite3_stmt *st, error *e)
{
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_user_set_password(db *d, int64_t id, const char *hash, bool must_change,
                               const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_PASSWORD, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, hash);
    sqlite3_bind_int(st, 2, must_change);
    bind_text(st, 3, now);
    sqlite3_bind_int64(st, 4, id);
    return run(d, st, e);
}

status store_user_login_state(db *d, int64_t id, int64_t failed, const char *last_failed_at,
                              const char *locked_until, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LOGIN_STATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, failed);
    bind_text(st, 2, last_failed_at);
    bind_text(st, 3, locked_until);
    sqlite3_bind_int64(st, 4, id);
    return run(d, st, e);
}

status store_user_set_totp(db *d, int64_t id, const char *secret, bool confirmed, int64_t last_step,
                           const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SET_TOTP, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, secret);
    sqlite3_bind_int(st, 2, confirmed);
    sqlite3_bind_int64(st, 3, last_step);
    bind_text(st, 4, now);
    sqlite3_bind_int64(st, 5, id);
    return run(d, st, e);
}

status store_user_totp_step(db *d, int64_t id, int64_t step, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TOTP_STEP, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, step);
    sqlite3_bind_int64(st, 2, id);
    return run(d, st, e);
}

status store_recovery_replace(db *d, int64_t user_id, const char *const *hashes, size_t n, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RECOVERY_DELETE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, user_id);
    status s = run(d, st, e);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        st = db_stmt(d, SQL_RECOVERY_INSERT, e);
        if (!st)
            return e ? e->st : ST_INTERNAL;
        sqlite3_bind_int64(st, 1, user_id);
        bind_text(st, 2, hashes[i]);
        s = run(d, st, e);
    }
    return s;
}

status store_recovery_use(db *d, int64_t user_id, const char *hash, const char *now, bool *used,
                          error *e)
{
    *used = false;
    sqlite3_stmt *st = db_stmt(d, SQL_RECOVERY_USE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    bind_text(st, 3, hash);
    status s = run(d, st, e);
    if (s == ST_OK)
        *used = sqlite3_changes(d->h) == 1;
    return s;
}
