/*
 * db.c -- opening the database, migrations, transactions, the statement
 * cache and the helpers the other store files bind and read with.
 *
 * Migrations come from build/gen/migrations.h (src/store/migrations/
 * NNN_name.sql embedded by scripts/embed-migrations.sh); each one not yet in
 * schema_migrations is applied in its own BEGIN IMMEDIATE transaction and
 * recorded there, so reopening a database applies nothing twice.
 *
 * This file must never build SQL text from input: the only SQL it runs is
 * static strings and the embedded migrations.
 */
#include "store/internal.h"

#include <stdio.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "migrations.h"

/* A bind that failed (out of memory) since the last step, per thread: a
 * connection belongs to one thread, so this is that connection's state. */
static _Thread_local int bind_failed;

status db_fail(db *d, int rc, error *e)
{
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return err_set(e, ST_UNAVAILABLE, "busy", NULL, NULL);
    if (prim == SQLITE_NOMEM)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    log_error("sqlite error %d: %s", rc, d && d->h ? sqlite3_errmsg(d->h) : "(no handle)");
    return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
}

sqlite3_stmt *db_stmt(db *d, const char *sql, error *e)
{
    for (size_t i = 0; i < d->ncache; i++)
        if (d->cache[i].sql == sql)
            return d->cache[i].st;
    if (d->ncache == STORE_STMT_CACHE) {
        log_error("statement cache full (STORE_STMT_CACHE)");
        err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        db_fail(d, rc, e);
        sqlite3_finalize(st);
        return NULL;
    }
    d->cache[d->ncache].sql = sql;
    d->cache[d->ncache].st = st;
    d->ncache++;
    return st;
}

void db_done(sqlite3_stmt *st)
{
    bind_failed = 0;
    if (!st)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

status db_exec_step(db *d, sqlite3_stmt *st, error *e)
{
    int rc = db_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return ST_OK;
    return db_fail(d, rc, e);
}

static int bind_rc(int rc)
{
    if (rc != SQLITE_OK)
        bind_failed = rc;
    return rc;
}

int db_step(sqlite3_stmt *st)
{
    if (bind_failed) {
        int rc = bind_failed;
        bind_failed = 0;
        return rc;
    }
    return sqlite3_step(st);
}

int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (!s)
        return sqlite3_bind_null(st, i);
    return bind_rc(sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT));
}

int bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    return bind_rc(sqlite3_bind_blob(st, i, n ? p : "", (int)n, SQLITE_TRANSIENT));
}

int bind_date(sqlite3_stmt *st, int i, date_t t)
{
    if (t == DATE_NONE)
        return sqlite3_bind_null(st, i);
    char iso[DATE_ISO_LEN];
    date_format(t, iso);
    return bind_rc(sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT));
}

void path_upper(const char *path, char out[STORE_PATH_MAX])
{
    size_t n = strlen(path);
    if (n == 0 || n >= STORE_PATH_MAX) {
        out[0] = '\0'; /* an empty range: nothing matches */
        return;
    }
    memcpy(out, path, n + 1);
    if (out[n - 1] == '/')
        out[n - 1] = '0';
}

bool store_scope_valid(const char *scope)
{
    if (!scope || scope[0] != '/')
        return false;
    size_t n = strlen(scope);
    if (n >= STORE_PATH_MAX || scope[n - 1] != '/')
        return false;
    for (size_t i = 1; i < n; i++) {
        if (scope[i] == '/' && scope[i - 1] == '/')
            return false;
        if (scope[i] != '/' && (scope[i] < '0' || scope[i] > '9'))
            return false;
    }
    return true;
}

int bind_scope_at(sqlite3_stmt *st, int lower, int upper, const char *scope)
{
    char up[STORE_PATH_MAX];
    if (!store_scope_valid(scope)) {
        /* An invalid scope sees nothing: an empty range. */
        int rc = bind_rc(sqlite3_bind_text(st, lower, "1", -1, SQLITE_STATIC));
        return rc != SQLITE_OK ? rc : bind_rc(sqlite3_bind_text(st, upper, "0", -1, SQLITE_STATIC));
    }
    path_upper(scope, up);
    int rc = bind_rc(sqlite3_bind_text(st, lower, scope, -1, SQLITE_TRANSIENT));
    return rc != SQLITE_OK ? rc : bind_rc(sqlite3_bind_text(st, upper, up, -1, SQLITE_TRANSIENT));
}

int bind_scope(sqlite3_stmt *st, int i, const char *scope)
{
    return bind_scope_at(st, i, i + 1, scope);
}

const char *col_text(arena *a, sqlite3_stmt *st, int i, bool *oom)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    if (!s) {
        if (sqlite3_column_type(st, i) != SQLITE_NULL)
            *oom = true;
        return NULL;
    }
    char *c = arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(st, i));
    if (!c)
        *oom = true;
    return c;
}

date_t col_date(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    date_t t;
    if (!s || !date_parse((const char *)s, &t))
        return DATE_NONE;
    return t;
}

/* ---- transactions ---- */

static const char SQL_BEGIN_WRITE[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

static status run_simple(db *d, const char *sql, error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    status rc = db_exec_step(d, st, e);
    db_done(st);
    return rc;
}

/* A rollback that itself ran out of memory leaves its transaction open; the
 * next use case on the connection ends it before beginning its own, so no
 * half-done work is ever committed or read. */
void store_end_leftover(db *d)
{
    if (!sqlite3_get_autocommit(d->h)) {
        log_warn("rolling back a transaction left open by a failed rollback");
        store_rollback(d);
    }
}

/* The writers of this process queue here, in the order the mutex grants,
 * before BEGIN IMMEDIATE: one SQLite writer at a time anyway, but without
 * the busy handler's growing sleeps (up to 100 ms a retry), which made the
 * slowest writes wait far longer than the queue ahead of them (a p99 of a
 * second under 64 connections, bench/run.sh). Other processes (the CLI)
 * still meet the busy timeout. */
static pthread_mutex_t write_gate = PTHREAD_MUTEX_INITIALIZER;

static void gate_release(db *d)
{
    if (d->gate_held) {
        d->gate_held = false;
        pthread_mutex_unlock(&write_gate);
    }
}

status store_begin_write(db *d, error *e)
{
    store_end_leftover(d);
    gate_release(d); /* SQLite may have ended the last transaction itself */
    /* Bounded like the busy timeout: a writer that never ends its
     * transaction makes the others fail "busy", never hang. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += LIMIT_BUSY_TIMEOUT_MS / 1000;
    until.tv_nsec += (long)(LIMIT_BUSY_TIMEOUT_MS % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&write_gate, &until) != 0)
        return err_set(e, ST_UNAVAILABLE, "busy", NULL, NULL);
    d->gate_held = true;
    status st = run_simple(d, SQL_BEGIN_WRITE, e);
    if (st != ST_OK)
        gate_release(d);
    return st;
}

status store_begin_read(db *d, error *e)
{
    store_end_leftover(d);
    return run_simple(d, SQL_BEGIN_READ, e);
}

status store_commit(db *d, error *e)
{
    status st = run_simple(d, SQL_COMMIT, e);
    if (st != ST_OK)
        store_rollback(d);
    gate_release(d);
    return st;
}

void store_rollback(db *d)
{
    if (sqlite3_get_autocommit(d->h)) {
        gate_release(d);
        return;
    }
    /* Prepared at open (see configure), so a rollback needs no memory to
     * parse when memory is what ran out. */
    sqlite3_stmt *st = db_stmt(d, SQL_ROLLBACK, NULL);
    int rc = st ? sqlite3_step(st) : SQLITE_NOMEM;
    db_done(st);
    if (rc != SQLITE_DONE && !sqlite3_get_autocommit(d->h))
        rc = sqlite3_exec(d->h, SQL_ROLLBACK, NULL, NULL, NULL);
    if (!sqlite3_get_autocommit(d->h))
        log_error("rollback failed: %d", rc);
    gate_release(d);
}

/* Prepare the transaction statements up front: ROLLBACK above all must be
 * ready before anything can fail. */
static status prepare_transactions(db *d, error *e)
{
    const char *const sqls[] = {SQL_BEGIN_WRITE, SQL_BEGIN_READ, SQL_COMMIT, SQL_ROLLBACK};
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++)
        if (!db_stmt(d, sqls[i], e))
            return e ? e->st : ST_INTERNAL;
    return ST_OK;
}

/* ---- search helper: diacritic-exact ranking ---- */

/* caunoi_prefix_words(name_lower, query_lower): 1 when every space-separated
 * word of the query is a byte prefix of some word of the name, else 0. Both
 * are NFC lowercase, so "đặng" ranks "Đặng" above "Dặng" and "Dang". */
static bool word_in(const char *name, const char *w, size_t wn)
{
    const char *p = name;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - start) >= wn && memcmp(start, w, wn) == 0)
            return true;
    }
    return false;
}

static void fn_prefix_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *q = (const char *)sqlite3_value_text(argv[1]);
    if (!name || !q) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    const char *p = q;
    int all = 1;
    while (*p && all) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p > start && !word_in(name, start, (size_t)(p - start)))
            all = 0;
    }
    sqlite3_result_int(ctx, all);
}

/* ---- open and migrate ---- */

static const char SQL_MIGRATIONS_TABLE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char SQL_MIGRATION_MAX[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char SQL_MIGRATION_COUNT[] = "SELECT count(*) FROM schema_migrations";
static const char SQL_MIGRATION_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

static int query_int(db *d, const char *sql, error *e, status *stp)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st) {
        *stp = e ? e->st : ST_INTERNAL;
        return 0;
    }
    int v = 0;
    int rc = db_step(st);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    else
        *stp = db_fail(d, rc, e);
    db_done(st);
    return v;
}

static status apply_one(db *d, const struct migration *m, error *e)
{
    status st = store_begin_write(d, e);
    if (st != ST_OK)
        return st;
    /* Another connection (a sibling worker) may have applied it while this
     * one waited for the write lock. */
    if (query_int(d, SQL_MIGRATION_MAX, e, &st) >= m->version || st != ST_OK)
        goto done;
    int rc = sqlite3_exec(d->h, m->sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st = db_fail(d, rc, e);
        goto done;
    }
    sqlite3_stmt *rec = db_stmt(d, SQL_MIGRATION_RECORD, e);
    if (!rec) {
        st = e ? e->st : ST_INTERNAL;
        goto done;
    }
    sqlite3_bind_int(rec, 1, m->version);
    bind_text(rec, 2, m->name);
    st = db_exec_step(d, rec, e);
    db_done(rec);
    if (st == ST_OK)
        st = store_commit(d, e);
done:
    if (st != ST_OK || !sqlite3_get_autocommit(d->h))
        store_rollback(d);
    else
        log_info("applied migration %s", m->name);
    return st;
}

static status migrate(db *d, error *e)
{
    int rc = sqlite3_exec(d->h, SQL_MIGRATIONS_TABLE, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(d, rc, e);
    status st = ST_OK;
    int have = query_int(d, SQL_MIGRATION_MAX, e, &st);
    for (int i = 0; st == ST_OK && i < migrations_count; i++)
        if (migrations[i].version > have)
            st = apply_one(d, &migrations[i], e);
    return st;
}

static status configure(db *d, error *e)
{
    static const char *const pragmas[] = {
        "PRAGMA journal_mode = WAL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA synchronous = FULL",
    };
    /* The busy timeout first: switching to WAL takes a lock that sibling
     * connections opening at the same moment also want. */
    int rc = sqlite3_extended_result_codes(d->h, 1);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(d->h, LIMIT_BUSY_TIMEOUT_MS);
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof pragmas / sizeof pragmas[0]; i++)
        rc = sqlite3_exec(d->h, pragmas[i], NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(d->h, "caunoi_prefix_words", 2,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_prefix_words,
                                        NULL, NULL, NULL);
    return rc == SQLITE_OK ? ST_OK : db_fail(d, rc, e);
}

status store_open(const char *path, bool create, db **out, error *e)
{
    *out = NULL;
    db *d = xcalloc(1, sizeof *d);
    if (!d)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &d->h, flags, NULL);
    status st = ST_OK;
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_CANTOPEN && !create)
            st = err_set(e, ST_NOT_FOUND, "db_missing", NULL, path);
        else if ((rc & 0xff) == SQLITE_CANTOPEN)
            st = err_set(e, ST_INTERNAL, "db_cannot_open", NULL, path);
        else
            st = db_fail(d, rc, e);
        goto done;
    }
    st = configure(d, e);
    if (st == ST_OK)
        st = prepare_transactions(d, e);
    if (st == ST_OK)
        st = migrate(d, e);
done:
    if (st != ST_OK) {
        store_close(d);
        return st;
    }
    *out = d;
    return ST_OK;
}

void store_close(db *d)
{
    if (!d)
        return;
    gate_release(d); /* a transaction left open ends with the connection */
    for (size_t i = 0; i < d->ncache; i++)
        sqlite3_finalize(d->cache[i].st);
    if (d->h)
        sqlite3_close_v2(d->h);
    xfree(d);
}

int store_schema_version(db *d)
{
    status st = ST_OK;
    int v = query_int(d, SQL_MIGRATION_MAX, NULL, &st);
    return st == ST_OK ? v : 0;
}

int store_migrations_recorded(db *d)
{
    status st = ST_OK;
    int v = query_int(d, SQL_MIGRATION_COUNT, NULL, &st);
    return st == ST_OK ? v : 0;
}

status db_collect(db *d, arena *a, sqlite3_stmt *st, size_t size, row_reader read, int limit,
                  void **out, size_t *n, bool *more, error *e)
{
    size_t cap = limit > 0 ? (size_t)limit : 8, len = 0;
    char *items = arena_alloc_array(a, cap, size);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (limit > 0 && len == (size_t)limit) {
            if (more)
                *more = true;
            break;
        }
        char *grown = arena_grow(a, items, len, &cap, size);
        if (!grown) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        items = grown;
        s = read(a, st, items + size * len++, e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

/* ---- binding by name ---- */

void bindn_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        bind_text(st, i, v);
}

void bindn_date(sqlite3_stmt *st, const char *name, date_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        bind_date(st, i, v);
}

void bindn_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_int64(st, i, v);
}

void bindn_id(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i && v)
        sqlite3_bind_int64(st, i, v);
    else if (i)
        sqlite3_bind_null(st, i);
}

void bindn_blob(sqlite3_stmt *st, const char *name, const void *p, size_t n)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        bind_blob(st, i, p, n);
}

void bindn_range(sqlite3_stmt *st, const char *lo, const char *hi, const char *path)
{
    int i = sqlite3_bind_parameter_index(st, lo);
    if (i)
        bind_scope_at(st, i, sqlite3_bind_parameter_index(st, hi), path);
}

void bindn_scope(sqlite3_stmt *st, const char *scope)
{
    bindn_range(st, ":scope", ":upper", scope);
}

status db_nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

status db_one(db *d, arena *a, sqlite3_stmt *st, row_reader read, void *row, const char *missing,
              error *e)
{
    int rc = db_step(st);
    status s;
    if (rc == SQLITE_ROW)
        s = read(a, st, row, e);
    else if (rc == SQLITE_DONE)
        s = err_set(e, ST_NOT_FOUND, missing, NULL, NULL);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}
