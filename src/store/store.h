/*
 * store.h -- the SQLite store: the only place caunoi speaks SQL.
 *
 * A `db` is one SQLite connection with its prepared-statement cache; it is
 * owned by one thread (a server worker or the CLI) and never shared. Every
 * statement is prepared once per connection, reset after use, and takes its
 * values as bound parameters: no SQL text is ever built from input.
 *
 * Scope is structural: every function that reads or writes units or members
 * takes the actor's scope path ("/1/7/") and puts it in its WHERE as a range
 * (path >= scope AND path < upper, upper being scope with its last '/'
 * replaced by '0'), so a record outside the scope is simply not found.
 * STORE_SCOPE_ALL ("/") is for the checks that are global by nature (a CCCD
 * is unique in the installation) and for the operator.
 *
 * Transactions: the service opens one per use case with store_begin_write
 * (BEGIN IMMEDIATE: writers queue behind the busy timeout) or
 * store_begin_read, and ends it with store_commit or store_rollback. Store
 * functions never begin or end transactions themselves.
 *
 * Strings read from the database are copied into the caller's arena.
 * Errors: ST_NOT_FOUND ("unit_not_found", "member_not_found"), ST_CONFLICT
 * for stale versions and unique keys, ST_UNAVAILABLE when the database is
 * busy past LIMIT_BUSY_TIMEOUT_MS, ST_NOMEM, ST_INTERNAL (logged).
 */
#ifndef CAUNOI_STORE_H
#define CAUNOI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/limits.h"
#include "domain/member.h"
#include "domain/unit.h"

typedef struct db db;

/* The whole tree: for global uniqueness checks and the operator. */
#define STORE_SCOPE_ALL "/"
/* Longest materialized path: LIMIT_TREE_DEPTH ids of up to 19 digits, each
 * followed by '/', and the leading '/'. */
#define STORE_PATH_MAX (LIMIT_TREE_DEPTH * 20 + 2)

/* ---- connection, migrations, transactions (db.c) ---- */

/* Open (and with `create`, create) the database at `path` (":memory:" for a
 * private in-memory one), set WAL, foreign keys, synchronous=FULL and the
 * busy timeout, and apply every migration not yet recorded in
 * schema_migrations, each in its own transaction. A missing file without
 * `create` is ST_NOT_FOUND "db_missing". *out is owned by the caller:
 * store_close. */
status store_open(const char *path, bool create, db **out, error *e);
void store_close(db *d);
/* The highest migration version applied, 0 if none (or on error). */
int store_schema_version(db *d);
/* How many rows schema_migrations holds (tests prove reopening adds none). */
int store_migrations_recorded(db *d);

status store_begin_write(db *d, error *e);
status store_begin_read(db *d, error *e);
status store_commit(db *d, error *e);
/* Roll back the open transaction, if any; never fails visibly. */
void store_rollback(db *d);
/* End a transaction a failed rollback left open (out of memory), so the
 * next reads see only committed data. Begins call it; so does svc_ready. */
void store_end_leftover(db *d);

/* True when `scope` is a well-formed path ("/", "/1/", "/1/7/"). */
bool store_scope_valid(const char *scope);

/* ---- settings and reference lists (ref.c) ---- */

/* The value of a setting, copied into `a`; NULL with ST_OK when unset. */
status store_setting_get(db *d, arena *a, const char *key, const char **out, error *e);

typedef struct store_cell_type {
    const char *code, *name_vi, *name_en;
} store_cell_type;
/* Active overseas cell types in code order. */
status store_cell_types(db *d, arena *a, store_cell_type **out, size_t *n, error *e);
/* True in *known when `code` is an active overseas cell type. */
status store_cell_type_known(db *d, const char *code, bool *known, error *e);

/* ---- units (units.c) ---- */

status store_unit_get(db *d, arena *a, const char *scope, int64_t id, unit *out, error *e);
status store_unit_get_by_code(db *d, arena *a, const char *scope, const char *code, unit *out,
                              error *e);
/* The unit whose path is exactly `path`, within scope. */
status store_unit_get_by_path(db *d, arena *a, const char *scope, const char *path, unit *out,
                              error *e);
/* Insert `u` (u->depth set by the caller) under `parent_path` ("" for a
 * root); sets u->id and u->version; the caller reloads for the path. The new path must lie in scope
 * (else ST_NOT_FOUND). A taken code is ST_CONFLICT "unit_code_taken". */
status store_unit_insert(db *d, const char *scope, const char *parent_path, unit *u,
                         const char *now, error *e);
/* Write code, name, cell_type, founded_on, dissolved_on of `u` when its
 * version is still expected_version; bumps u->version. Stale:
 * ST_CONFLICT "version_stale". */
status store_unit_update(db *d, const char *scope, unit *u, int64_t expected_version,
                         const char *now, error *e);
/* Move unit `u` (path old_path) under the unit `np`: the unit's parent, and
 * in one statement each the paths and depths of the whole subtree and the
 * unit_path of every member in it. Sets u->path, u->depth, u->parent_id,
 * u->version. */
status store_unit_move(db *d, const char *scope, unit *u, int64_t expected_version, const unit *np,
                       const char *now, error *e);
/* Height of the subtree under `path` (0 for a leaf). */
status store_unit_subtree_height(db *d, const char *scope, const char *path, int *out, error *e);
/* Active (not dissolved) child units and active members in the unit itself
 * and its subtree. */
status store_unit_activity(db *d, const char *scope, const unit *u, int64_t *children,
                           int64_t *members, error *e);
/* Children of parent_id (0: the units at the top of the scope), with child
 * and member counts, in Vietnamese name order is the caller's: here by
 * name bytes. */
status store_unit_children(db *d, arena *a, const char *scope, int64_t parent_id,
                           bool include_dissolved, unit **out, size_t *n, error *e);
/* Units of the subtree at `path` in path order, after `after_path` (NULL:
 * from the start), at most `limit`; *more when another row follows. */
status store_unit_subtree(db *d, arena *a, const char *scope, const char *path,
                          const char *after_path, int limit, unit **out, size_t *n, bool *more,
                          error *e);
status store_unit_event(db *d, int64_t unit_id, const char *kind, const char *on_date,
                        const char *old_value, const char *new_value, const char *now, error *e);
status store_unit_count(db *d, const char *scope, int64_t *out, error *e);

/* ---- members (members.c) ---- */

/* The columns that serve searching and sorting, computed by the service. */
typedef struct member_index {
    const char *name_lower;  /* NFC lowercase full name */
    const char *name_folded; /* text_fold of the full name */
    const void *sort_key;    /* text_name_sort_key */
    size_t sort_key_len;
} member_index;

status store_member_get(db *d, arena *a, const char *scope, int64_t id, member *out, error *e);
/* Find by CCCD or card number; ST_NOT_FOUND "member_not_found" if none. */
status store_member_get_by_cccd(db *d, arena *a, const char *scope, const char *cccd, member *out,
                                error *e);
status store_member_get_by_card(db *d, arena *a, const char *scope, const char *card, member *out,
                                error *e);
/* The one member without CCCD and card with exactly this full name and
 * birth date (old imported records); ST_NOT_FOUND when none or several. */
status store_member_get_unkeyed(db *d, arena *a, const char *scope, const char *full_name,
                                date_t birth, member *out, error *e);
/* Insert `m` into its unit m->unit_id, which must lie in scope (else
 * ST_NOT_FOUND "unit_not_found"); unit_path is copied from the unit in the
 * same statement. Sets m->id and m->version. Duplicate CCCD or card:
 * ST_CONFLICT "cccd_taken" / "card_taken" with the field. */
status store_member_insert(db *d, const char *scope, member *m, const member_index *ix,
                           const char *now, error *e);
/* Rewrite every field of `m` when its version is expected_version; the
 * unit_path follows m->unit_id. Bumps m->version. */
status store_member_update(db *d, const char *scope, member *m, const member_index *ix,
                           int64_t expected_version, const char *now, error *e);
status store_member_count(db *d, const char *scope, int64_t *out, error *e);

/* Periods of a member's units. */
typedef struct store_period {
    int64_t id, unit_id;
    const char *unit_code, *unit_name, *kind;
    const char *start_date, *end_date; /* end NULL while open */
} store_period;
status store_period_open(db *d, int64_t member_id, int64_t unit_id, const char *kind,
                         const char *start_date, error *e);
/* The open official period of a member: ST_NOT_FOUND "period_not_found". */
status store_period_current(db *d, arena *a, int64_t member_id, store_period *out, error *e);
status store_period_close(db *d, int64_t period_id, const char *end_date, error *e);
status store_period_set_unit(db *d, int64_t period_id, int64_t unit_id, error *e);
/* Move a period's start (a corrected admission date). A start after the
 * period's end breaks the table's CHECK: the caller checks first. */
status store_period_set_start(db *d, int64_t period_id, const char *start_date, error *e);
/* All periods, oldest first; the member must be in scope. */
status store_periods(db *d, arena *a, const char *scope, int64_t member_id, store_period **out,
                     size_t *n, error *e);
/* How many open official periods a member has (the invariant says 1). */
status store_period_open_count(db *d, int64_t member_id, int64_t *out, error *e);

/* Search and list. */
typedef enum store_match { MATCH_ALL, MATCH_NAME, MATCH_CCCD, MATCH_CARD } store_match;
typedef struct store_member_query {
    const char *scope;
    store_match match;
    const char *fts;               /* MATCH_NAME: the FTS5 query ("dang"* "van"*) */
    const char *exact;             /* MATCH_CCCD / MATCH_CARD: the value */
    const char *lower;             /* MATCH_NAME with diacritics: lowercased query words */
    const char *status1, *status2; /* status IN (status1, status2); NULL both: any */
    /* Keyset cursor: rows after (rank, sort_key, id) in the order. */
    bool has_cursor;
    int cursor_rank;
    const void *cursor_key;
    size_t cursor_key_len;
    int64_t cursor_id;
    int limit;
} store_member_query;
/* Each row's rank (1 when written with the query's diacritics) and sort key
 * come back beside it for the next cursor. */
typedef struct store_member_hit {
    member m;
    int rank;
    const void *sort_key;
    size_t sort_key_len;
} store_member_hit;
status store_member_search(db *d, arena *a, const store_member_query *q, store_member_hit **out,
                           size_t *n, bool *more, error *e);

/* ---- imports (members.c) ---- */

status store_import_record(db *d, const char *file_name, long rows, long created, long updated,
                           long unchanged, const char *now, int64_t *id, error *e);

#endif
