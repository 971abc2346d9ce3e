/*
 * sessions.c -- sign-in sessions in SQL, found by the SHA-256 of the
 * cookie value.
 *
 * A session ends by having ended_at set (logout, expiry noticed, password
 * change, revocation); rows are kept for the record. This file must never
 * see a cookie value, only its hash, and never decide when a session has
 * expired (service/session.c does, from the settings).
 */
#include "store/auth_store.h"
#include "store/internal.h"

#include <string.h>

static const char SQL_CREATE[] =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at,"
    " ip, user_agent) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)";
static const char SQL_GET[] =
    "SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at, ended_at"
    " FROM sessions WHERE token_hash = ?1";
static const char SQL_TOUCH[] = "UPDATE sessions SET last_seen_at = ?1 WHERE id = ?2";
static const char SQL_END[] =
    "UPDATE sessions SET ended_at = ?1 WHERE id = ?2 AND ended_at IS NULL";
static const char SQL_END_USER[] = "UPDATE sessions SET ended_at = ?1"
                                   " WHERE user_id = ?2 AND id <> ?3 AND ended_at IS NULL";
static const char SQL_TRIM[] =
    "UPDATE sessions SET ended_at = ?1 WHERE id IN (SELECT id FROM sessions"
    " WHERE user_id = ?2 AND ended_at IS NULL ORDER BY id DESC LIMIT -1 OFFSET ?3)";

static status run(db *d, sqlite3_stmt *st, error *e)
{
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_session_create(db *d, const char *token_hash, int64_t user_id, const char *csrf,
                            const char *now, const char *expires_at, const char *ip,
                            const char *user_agent, int64_t *id, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CREATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id);
    bind_text(st, 3, csrf);
    bind_text(st, 4, now);
    bind_text(st, 5, expires_at);
    bind_text(st, 6, ip ? ip : "");
    bind_text(st, 7, user_agent ? user_agent : "");
    status s = run(d, st, e);
    if (s == ST_OK)
        *id = sqlite3_last_insert_rowid(d->h);
    return s;
}

status store_session_get(db *d, arena *a, const char *token_hash, store_session *out, error *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(d, SQL_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, token_hash);
    int rc = db_step(st);
    status s = ST_OK;
    bool oom = false;
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->user_id = sqlite3_column_int64(st, 1);
        out->csrf_token = col_text(a, st, 2, &oom);
        out->created_at = col_text(a, st, 3, &oom);
        out->last_seen_at = col_text(a, st, 4, &oom);
        out->expires_at = col_text(a, st, 5, &oom);
        out->ended_at = col_text(a, st, 6, &oom);
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, ST_NOT_FOUND, "session_invalid", NULL, NULL);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    if (s == ST_OK && oom)
        s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return s;
}

status store_session_touch(db *d, int64_t id, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TOUCH, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    return run(d, st, e);
}

status store_session_end(db *d, int64_t id, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_END, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    return run(d, st, e);
}

status store_session_end_user(db *d, int64_t user_id, int64_t except_id, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_END_USER, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, except_id);
    return run(d, st, e);
}

status store_session_trim(db *d, int64_t user_id, int keep, const char *now, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TRIM, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int(st, 3, keep);
    return run(d, st, e);
}
