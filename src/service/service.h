/*
 * service.h -- the use cases, shared by the API and the CLI.
 *
 * One function per use case. Each takes a `svc` context (the connection,
 * the request's arena, the actor and their scope, the language, today),
 * opens its own transaction, loads through store/, asks domain/ what the
 * rules say, saves, and commits -- or rolls back and changes nothing.
 * api/ and cli/ are thin faces over these calls and hold no SQL and no rule.
 *
 * Scope: every read and write is limited to the actor's subtree; a record
 * outside it answers ST_NOT_FOUND as if it did not exist.
 *
 * Ownership: every pointer a service returns lives in ctx->a (the arena).
 */
#ifndef CAUNOI_SERVICE_H
#define CAUNOI_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/str.h"
#include "domain/member.h"
#include "auth/auth.h"
#include "domain/unit.h"

typedef struct db db;                       /* store/db.h */
typedef struct text_collator text_collator; /* text/text.h */

/* Who is acting: a signed-in user (from their session) or the operator of
 * the installation (the CLI). The scope is the subtree of the user's unit;
 * a member sees only their own record (member_id). */
typedef struct actor {
    int64_t user_id;        /* 0 for the operator */
    const char *label;      /* login, or "operator": for the audit trail */
    const char *scope_path; /* "/1/7/": the subtree the actor may see */
    role role;              /* the operator acts as ROLE_ADMIN of "/" */
    int64_t member_id;      /* ROLE_MEMBER: their own record; else 0 */
    int64_t unit_id;        /* the bound unit; 0 for an installation administrator */
    const char *ip;         /* the request's address; "" for the CLI */
    int64_t session_id;     /* the session acting (svc_session_check); 0 for the CLI */
} actor;

typedef struct svc {
    struct svc_conn *conn;
    db *db;
    arena *a;
    text_collator *coll;
    const actor *who;
    lang lg;
    date_t today;    /* Vietnam date of the request */
    const char *now; /* "YYYY-MM-DDTHH:MM:SSZ", the request's timestamp */
} svc;

/* A connection: the SQLite handle with its prepared-statement cache and an
 * ICU collator. One per thread (the server's workers each open one); not
 * shareable. `create` makes the file and applies the migrations; without it
 * a missing file is "db_missing". Migrations newer than the file are applied
 * at open either way. */
typedef struct svc_conn svc_conn;
status svc_conn_open(const char *db_path, bool create, svc_conn **out, error *e);
void svc_conn_close(svc_conn *c);
/* The schema version of the open database (last migration applied). */
int svc_schema_version(svc_conn *c);

/* Prepare a context for one request or command: today and now come from
 * `unix_seconds` (the only place services learn the time). */
void svc_init(svc *s, svc_conn *c, arena *a, const actor *who, lang lg, int64_t unix_seconds);

/* The operator: the CLI's actor, scope "/" (everything). */
extern const actor svc_operator;

/* True when the actor's scope is the whole installation (the operator, or
 * an account with no unit): what belongs to no subtree is theirs alone. */
bool actor_whole_installation(const actor *who);

/* ---- units ---- */

typedef struct unit_input {
    const char *kind, *code, *name, *country, *cell_type, *founded_on;
    int64_t parent_id; /* 0: none given */
    const char *parent_code;
    int temporary; /* -1 not given */
} unit_input;

typedef struct unit_page {
    unit *items;
    size_t n;
    const char *next_cursor; /* NULL on the last page */
} unit_page;

status svc_unit_create(svc *s, const unit_input *in, unit *out, errlist *errs);
status svc_unit_get(svc *s, int64_t id, unit *out, error *e);
status svc_unit_get_by_code(svc *s, const char *code, unit *out, error *e);
/* Rename and other attribute changes (name, code, cell_type, founded_on);
 * fields NULL in `in` are unchanged. expected_version from If-Match. */
status svc_unit_update(svc *s, int64_t id, int64_t expected_version, const unit_input *in,
                       unit *out, errlist *errs);
/* Move the unit and its subtree under new_parent_id, as of `on`. */
status svc_unit_move(svc *s, int64_t id, int64_t expected_version, int64_t new_parent_id,
                     const char *on, unit *out, error *e);
status svc_unit_dissolve(svc *s, int64_t id, int64_t expected_version, const char *on, unit *out,
                         error *e);
/* Children of a unit (id 0: the roots visible to the actor), with child and
 * member counts, in name order. */
status svc_unit_children(svc *s, int64_t id, bool include_dissolved, unit_page *out, error *e);
/* The whole subtree of a unit in path order, paged. */
status svc_unit_subtree(svc *s, int64_t id, const char *cursor, int limit, unit_page *out,
                        error *e);
/* Ancestors from the root down to the unit itself (breadcrumb), limited to
 * those inside the actor's scope. */
status svc_unit_ancestors(svc *s, int64_t id, unit_page *out, error *e);
/* All units in the scope (for `caunoi units` and pickers), path order. */
status svc_unit_list_all(svc *s, unit_page *out, error *e);

/* ---- members ---- */

typedef struct member_period {
    int64_t unit_id;
    const char *unit_code, *unit_name;
    const char *kind;            /* "official" or "temporary" */
    date_t start_date, end_date; /* end DATE_NONE while open */
} member_period;

status svc_member_create(svc *s, const member_input *in, member *out, errlist *errs);
/* Reads the full record, for the services' own use: not audited. */
status svc_member_get(svc *s, int64_t id, member *out, error *e);
/* A person opens the full record (GET /members/{id}): reads it and appends
 * "member.read" (record the member, scope its unit, no before or after) in
 * one write transaction, so the entry exists exactly when the record was
 * read, and a record outside the scope (ST_NOT_FOUND) leaves no entry.
 * Searches, lists, exports and the services' own reads (svc_member_get)
 * are not openings; faces that show a person one record call this. Errors:
 * ST_NOT_FOUND "member_not_found", ST_NOMEM, ST_UNAVAILABLE, ST_INTERNAL. */
status svc_member_open(svc *s, int64_t id, member *out, error *e);
/* Change the given fields; a changed unit closes the official period the day
 * before `unit_change_on` (default today) and opens the new one. A stale
 * expected_version answers ST_CONFLICT ("version_stale") and changes
 * nothing. */
status svc_member_update(svc *s, int64_t id, int64_t expected_version, const member_input *in,
                         const char *unit_change_on, member *out, errlist *errs);
/* Left or deceased with a date. */
status svc_member_set_status(svc *s, int64_t id, int64_t expected_version, const char *status,
                             const char *on, member *out, error *e);
status svc_member_periods(svc *s, int64_t id, member_period **out, size_t *n, error *e);

typedef struct member_query {
    const char *q;      /* the search box; NULL or "" lists all */
    int64_t unit_id;    /* subtree to search, 0: the actor's scope */
    const char *status; /* NULL: active (probationary and official); "all"; a status name */
    const char *cursor; /* from the previous page */
    int limit;          /* 0: LIMIT_PAGE_DEFAULT; capped at LIMIT_PAGE_MAX */
} member_query;

typedef struct member_page {
    member *items;
    size_t n;
    const char *next_cursor; /* NULL on the last page */
} member_page;

/* One search box: words match the starts of name words in any order,
 * ignoring case and diacritics; 12 digits find the CCCD, a card number the
 * card. Vietnamese order (given, family, middle, birth), names written with
 * the query's diacritics first. Errors: "search_too_long", "cursor_invalid". */
status svc_member_search(svc *s, const member_query *q, member_page *out, error *e);

/* ---- import and export ---- */

typedef struct import_report {
    long rows; /* data rows read */
    /* Records saved (a dry run: that would be); all 0 when a real import is
     * refused, since nothing was saved. */
    long created, updated, unchanged;
    errlist errors; /* row, field (column header as written), code; owned, errlist_free */
    bool committed;
    int64_t import_id;
} import_report;

/* Check every row of a CSV file first and report all errors; then import
 * the whole file in one transaction, or nothing. Rows update by CCCD
 * (re-importing the same file creates no duplicates). Headers in Vietnamese
 * or English, any order (see docs/). Errors that stop the file as a whole
 * (not UTF-8, no header, unknown or duplicate column, missing required
 * column) are in report->errors with row 0 or the line. dry_run checks
 * without writing. Returns ST_OK when imported (or would be), ST_INVALID
 * when any row failed, ST_BAD_REQUEST when the file itself is unreadable.
 * An import that commits is audited in its transaction: each record
 * created or updated (member.create, member.update) and the file
 * (import.commit: file name, SHA-256 of the bytes, the counts); a dry run
 * or a refused file leaves no entry. */
status svc_members_import(svc *s, const char *data, size_t len, const char *file_name, bool dry_run,
                          import_report *report);

/* The API field ("cccd") of an import column header as a file may write
 * it ("Số CCCD", "citizen id"), or NULL when the header is not a column.
 * For the API's import report, whose errors name the column as written.
 * Scratch memory from `a`. */
const char *svc_import_column_field(const char *header, arena *a);

/* Write the members of a subtree (unit_id 0: the actor's scope) as CSV with
 * a UTF-8 BOM and CRLF, Vietnamese headers that the importer reads back,
 * in Vietnamese order, to `emit` in chunks. A completed export is audited
 * (members.export: the unit, the status filter, the rows) after the last
 * chunk; when that entry cannot be written the export fails, so a caller
 * that holds the chunks until ST_OK (the API) never hands over an
 * unaudited export. */
typedef status (*export_sink)(void *ctx, const char *data, size_t len);
status svc_members_export(svc *s, int64_t unit_id, const char *status, export_sink emit,
                          void *sink_ctx, error *e);

/* ---- reference lists ---- */

typedef struct cell_type {
    const char *code, *name; /* name in s->lg */
} cell_type;
status svc_cell_types(svc *s, cell_type **out, size_t *n, error *e);

/* ---- sign-in and sessions (service/session.c) ---- */

typedef struct user {
    int64_t id, version;
    const char *login, *display_name;
    role role;
    int64_t unit_id; /* 0: installation administrator */
    const char *unit_code, *unit_name, *scope_path;
    int64_t member_id;
    bool must_change_password, totp_enabled, disabled;
    const char *locked_until; /* NULL unless locked now */
    const char *created_at, *updated_at;
} user;

typedef struct login_request {
    const char *login, *password;
    const char *code; /* a TOTP code or a recovery code; NULL or "" if none */
    const char *ip, *user_agent;
} login_request;

typedef struct session_info {
    const char *token; /* the cookie value: only from svc_login, never stored */
    const char *csrf;  /* sent back by the client in X-CSRF-Token */
    const char *expires_at;
    user u;
    actor who;                    /* the actor requests of this session act as */
    bool totp_enrolment_required; /* the role requires 2FA and the user has none */
} session_info;

/* Sign in. Failures (all audited, none says whether the login exists):
 * ST_UNAUTHORIZED "login_failed"; ST_UNAUTHORIZED "totp_required" (field
 * "code": password right, a code is needed); "totp_invalid"; ST_TOO_MANY
 * "login_throttled" (arg: seconds to wait; attempts after a failure are
 * spaced out, doubling) or "login_locked" (arg: when the lock ends; after
 * LIMIT_LOGIN_FAILURES failures, for LIMIT_LOCK_MINUTES; the lock and its
 * end are audited). A disabled account fails as "login_failed", and so
 * does a member account whose member has left or died (audited with the
 * reason "member_left" or "member_deceased"). */
status svc_login(svc *s, const login_request *in, session_info *out, error *e);

/* The session behind a cookie, as of now (s->now): ST_UNAUTHORIZED
 * "session_invalid" when unknown, ended, idle past LIMIT_SESSION_IDLE_S or
 * older than LIMIT_SESSION_ABSOLUTE_S, or its account disabled or (a member
 * account) its member left or died (the session is then ended). Refreshes
 * last_seen. Fills out->who for the request. */
status svc_session_check(svc *s, const char *token, session_info *out, error *e);
/* End the session (logout). */
status svc_logout(svc *s, const char *token, error *e);

/* The signed-in user changes their password: the current one must match
 * ("password_wrong", field "current_password"); the new one must pass
 * password_check and differ from the current. Clears must_change_password
 * and ends the user's other sessions. A wrong current password is a failed
 * sign-in (the same settings and audit as svc_login: login.failure, reason
 * "password_change"): the next sign-in waits, and past
 * LIMIT_LOGIN_FAILURES the account locks (ST_TOO_MANY "login_locked", arg
 * the end) and every session of it ends, so a stolen session cannot go on
 * guessing. */
status svc_password_change(svc *s, const char *current, const char *new_password, error *e);

typedef struct totp_enrolment {
    const char *secret; /* base32, shown once */
    const char *uri;    /* otpauth:// */
} totp_enrolment;
/* Start enrolment: a new secret, not yet active. */
status svc_totp_begin(svc *s, totp_enrolment *out, error *e);
/* Confirm with a first code: 2FA becomes active; RECOVERY_CODES codes are
 * returned once (the store keeps their hashes). */
status svc_totp_confirm(svc *s, const char *code, const char **recovery, error *e);
/* Turn 2FA off (password required: a wrong one counts as a failed
 * sign-in, reason "totp_disable", as in svc_password_change); refused when
 * the role requires it. */
status svc_totp_disable(svc *s, const char *password, error *e);

/* ---- accounts (service/users.c; administrators, within their subtree) ---- */

typedef struct user_input {
    const char *login, *display_name, *role, *unit_code;
    int64_t unit_id, member_id; /* 0: not given */
    int disabled;               /* -1 not given */
} user_input;

typedef struct user_page {
    user *items;
    size_t n;
    const char *next_cursor;
} user_page;

/* Create an account; *one_time receives its first password (shown once;
 * must be changed at first sign-in). A role member needs member_id (a member
 * in scope, at most one account each); other roles need a unit in scope,
 * except an administrator created by the operator with no unit (the
 * installation administrator). Login: 3-32 of [a-z0-9._-]. */
status svc_user_create(svc *s, const user_input *in, user *out, char one_time[20], errlist *errs);
status svc_user_get(svc *s, int64_t id, user *out, error *e);
status svc_user_get_by_login(svc *s, const char *login, user *out, error *e);
status svc_user_list(svc *s, const char *cursor, int limit, user_page *out, error *e);
/* Change display name, role, unit, member, disabled (If-Match). Disabling
 * ends the user's sessions. */
status svc_user_update(svc *s, int64_t id, int64_t expected_version, const user_input *in,
                       user *out, errlist *errs);
/* New one-time password; clears a lock and the failure count. */
status svc_user_reset_password(svc *s, int64_t id, int64_t expected_version, user *out,
                               char one_time[20], error *e);
/* Remove the user's 2FA (lost phone, recovery codes gone). */
status svc_user_reset_totp(svc *s, int64_t id, int64_t expected_version, user *out, error *e);

/* Two-factor login required per role (administrators). */
status svc_totp_required_get(svc *s, bool out[ROLE_COUNT], error *e);
/* Set the requirement for several roles at once: required[r] is 1, 0, or -1
 * (unchanged). One transaction and one audit entry naming the roles that
 * changed; nothing is written when nothing changes. Both need an
 * administrator of the whole installation (ST_FORBIDDEN "forbidden"). */
status svc_totp_required_set(svc *s, const int required[ROLE_COUNT], error *e);

/* ---- the audit trail (service/audit.c) ---- */

typedef struct audit_query {
    int64_t user_id;         /* 0: anyone */
    const char *user_login;  /* or the account by its login, any case (NULL: anyone); a login
                                no account has matches no entry */
    const char *record_type; /* NULL: any */
    int64_t record_id;       /* 0: any */
    const char *action;      /* NULL: any; "member.*" matches a prefix */
    const char *from, *to;   /* dates, inclusive; NULL: open */
    const char *cursor;
    int limit;
} audit_query;

typedef struct audit_page {
    audit_entry *items; /* newest first */
    size_t n;
    const char *next_cursor;
} audit_page;

/* Entries about records and people in the actor's scope (auditors and
 * administrators). Reading the trail is itself not audited. */
status svc_audit_list(svc *s, const audit_query *q, audit_page *out, error *e);
/* The same entries as CSV (BOM, CRLF) to `emit`; the export is audited. */
status svc_audit_export(svc *s, const audit_query *q, export_sink emit, void *sink_ctx, error *e);

typedef struct audit_report {
    int64_t entries;      /* entries checked */
    int64_t first_bad_id; /* 0 when the chain is whole */
    const char *problem;  /* "altered", "removed", "inserted", NULL when whole */
} audit_report;
/* Walk the whole chain (operator or administrator of "/"). ST_OK with the
 * report whether or not it is whole. */
status svc_audit_verify(svc *s, audit_report *out, error *e);

/* ---- demo ---- */

/* Load the demo data set (fixed seed) into an empty database; refuses a
 * database that already has units ("demo_not_empty"). One write
 * transaction: any failure (out of memory included) leaves the database
 * empty. Every record goes through the audited use cases as the caller's
 * actor (the CLI's operator), so the trail holds an entry per unit, member
 * and status change. */
status svc_demo_load(svc *s, error *e);

/* One demo account per role (an administrator and an auditor of the whole
 * tree, an officer of a province, a secretary of a cell, a member of that
 * cell) with fresh random passwords, not to be changed at first sign-in.
 * Returns them for the CLI to print once. */
typedef struct demo_account {
    const char *login, *password, *role, *unit_code;
} demo_account;
status svc_demo_accounts(svc *s, demo_account **out, size_t *n, error *e);

#endif
