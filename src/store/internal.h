/*
 * internal.h -- what the store's own files share: the connection struct,
 * the statement cache and the binding helpers. Nothing outside src/store/
 * includes this file.
 */
#ifndef CAUNOI_STORE_INTERNAL_H
#define CAUNOI_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Distinct SQL statements the program prepares; each is prepared at most
 * once per connection. Raise it when store/ gains more statements (an
 * overflow is an internal error, caught by the tests). */
#define STORE_STMT_CACHE 256

struct db {
    sqlite3 *h;
    struct {
        const char *sql; /* identity: the address of a static string */
        sqlite3_stmt *st;
    } cache[STORE_STMT_CACHE];
    size_t ncache;
    bool gate_held; /* this connection holds the process's write gate (db.c) */
};

/* The cached statement for `sql` (a static string: its address is the
 * key), prepared on first use, ready to bind. Give it back with db_done. */
sqlite3_stmt *db_stmt(db *d, const char *sql, error *e);
/* Reset the statement and clear its bindings. */
void db_done(sqlite3_stmt *st);
/* Map an SQLite result code to a status and error; logs internal errors. */
status db_fail(db *d, int rc, error *e);
/* Step a statement that returns no rows; db_done is the caller's. */
status db_exec_step(db *d, sqlite3_stmt *st, error *e);

/* Step a statement; SQLITE_NOMEM without stepping when a bind helper
 * failed since the last step (SQLite answers a failed copy of a bound
 * value with an error but leaves the parameter NULL, which must never run
 * as if it were the caller's value). */
int db_step(sqlite3_stmt *st);

/* Bind helpers: NULL text binds SQL NULL; dates DATE_NONE bind NULL. All
 * text is bound SQLITE_TRANSIENT (copied), so callers' buffers may go. */
int bind_text(sqlite3_stmt *st, int i, const char *s);
int bind_date(sqlite3_stmt *st, int i, date_t t);
/* Bind the scope range at i (lower) and i+1 (upper). */
int bind_scope(sqlite3_stmt *st, int i, const char *scope);
/* The scope range at any two parameter indexes. */
int bind_scope_at(sqlite3_stmt *st, int lower, int upper, const char *scope);
int bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n);
/* Upper bound of a path range: the path with its last '/' replaced by '0'. */
void path_upper(const char *path, char out[STORE_PATH_MAX]);

/* Reads one row of a statement into `row` (a `size`-byte slot of the
 * array db_collect grows); strings into the arena. */
typedef status (*row_reader)(arena *a, sqlite3_stmt *st, void *row, error *e);
/* Step `st` into an arena array of `size`-byte rows read by `read`: at most
 * `limit` rows when limit > 0 (then *more, when given, says whether another
 * follows), all of them otherwise. Resets the statement (db_done). *out and
 * *n are set only on success. */
status db_collect(db *d, arena *a, sqlite3_stmt *st, size_t size, row_reader read, int limit,
                  void **out, size_t *n, bool *more, error *e);

/* Binding by parameter name (":scope", ":id"): statements that share a
 * binding function need not use every name; a name the statement lacks is
 * skipped. bindn_id binds NULL for 0; bindn_range binds a path range at the
 * two names (bindn_scope: ":scope" and ":upper"). */
void bindn_text(sqlite3_stmt *st, const char *name, const char *v);
void bindn_date(sqlite3_stmt *st, const char *name, date_t v);
void bindn_int(sqlite3_stmt *st, const char *name, int64_t v);
void bindn_id(sqlite3_stmt *st, const char *name, int64_t v);
void bindn_blob(sqlite3_stmt *st, const char *name, const void *p, size_t n);
void bindn_range(sqlite3_stmt *st, const char *lo, const char *hi, const char *path);
void bindn_scope(sqlite3_stmt *st, const char *scope);
/* ST_NOMEM "out_of_memory" into e. */
status db_nomem(error *e);

/* One row of `st` (bound, not yet stepped) into `row` by `read`, or
 * ST_NOT_FOUND with the `missing` code when there is none. Resets the
 * statement. */
status db_one(db *d, arena *a, sqlite3_stmt *st, row_reader read, void *row, const char *missing,
              error *e);

/* Column helpers: text copied into the arena (NULL for SQL NULL; *oom set
 * when the copy failed), dates parsed (DATE_NONE for NULL). */
const char *col_text(arena *a, sqlite3_stmt *st, int i, bool *oom);
date_t col_date(sqlite3_stmt *st, int i);

#endif
