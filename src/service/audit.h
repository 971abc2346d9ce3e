/*
 * audit.h -- appending to the audit trail from inside a use case.
 *
 * Every service that changes something calls svc_audit_tx inside its own
 * write transaction, after the change and before store_commit, so that an
 * entry exists exactly when the change commits: a rollback takes the entry
 * with it, and no change commits without its entry.
 *
 *     st = store_begin_write(s->db, e);
 *     ... change ...
 *     if (st == ST_OK)
 *         st = svc_audit_tx(s, "member.update", "member", m.id, m.unit_path,
 *                           before_json, after_json, e);
 *     if (st == ST_OK)
 *         st = store_commit(s->db, e);
 *
 * before/after are JSON objects of the fields that matter (build them with
 * audit_fields_json from auth/auth.h), NULL when there is nothing to say.
 * Never put a password, hash, token, TOTP secret or recovery code in them.
 */
#ifndef CAUNOI_SERVICE_AUDIT_H
#define CAUNOI_SERVICE_AUDIT_H

#include "service/service.h"

/* Append one entry as s->who (user id, label, ip) at s->now: the id after
 * the newest entry, prev_hash that entry's hash (read inside the caller's
 * write transaction, so concurrent appends queue and the chain never
 * forks), the hash over all of it; and move the head record (settings
 * 'audit_head' = "count:hash") that verify compares with, so deleting the
 * newest entries is caught. `action` as "member.update", "unit.move",
 * "import.commit"; `record_type` as "member", "unit", "user", "import",
 * "session" ("" or NULL: none); record_id 0: none; `scope_path` the unit
 * path the record belongs to (a member's unit_path, a unit's path), which
 * decides who may read the entry; NULL means "/" (installation-wide:
 * only administrators and auditors of "/" see it).
 * Requires an open write transaction (store_begin_write). Errors:
 * ST_NOMEM, ST_UNAVAILABLE, ST_INTERNAL; the caller then rolls back. */
status svc_audit_tx(svc *s, const char *action, const char *record_type, int64_t record_id,
                    const char *scope_path, const char *before_json, const char *after_json,
                    error *e);

/* The same, as another actor than s->who: sign-in attempts, before any
 * session exists, are recorded as the account they name. */
status svc_audit_tx_as(svc *s, const actor *who, const char *action, const char *record_type,
                       int64_t record_id, const char *scope_path, const char *before_json,
                       const char *after_json, error *e);

/* The values of the fields that differ, for before/after: `was` and `now`
 * name the same fields in the same order (n each; a NULL value is "none",
 * and "" counts as none too). `was` NULL describes a new record: *before
 * is NULL and *after holds every field of `now` that has a value. Either
 * is NULL when no field qualifies. JSON from s->a; ST_NOMEM
 * "out_of_memory" when it cannot be built. */
status svc_audit_diff(svc *s, const audit_field *was, const audit_field *now, size_t n,
                      char **before, char **after, error *e);

#endif
