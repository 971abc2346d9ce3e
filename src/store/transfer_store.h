/*
 * transfer_store.h -- transfers of party activity, exemptions, the facts
 * an exemption is checked against, and delegations' temporary groups in
 * SQL (migration 006_transfers; store/transfers.c).
 *
 * Scope is structural. A transfer is seen by a scope that holds its
 * sending unit, its receiving unit or its member (a receiving unit abroad
 * is usually outside the sender's scope, and the sender's outside the
 * receiver's); an exemption by its member's unit_path. A row outside is
 * simply not found.
 *
 * The store keeps and finds rows: who may act and whether a step is
 * allowed are the service's and domain/'s. Like the rest of store/,
 * nothing here begins or ends a transaction; strings read are copied into
 * the caller's arena. Errors: ST_NOT_FOUND as named, ST_CONFLICT
 * "version_stale" (and "transfer_already_open" from the unique index),
 * ST_NOMEM, ST_UNAVAILABLE (busy), ST_INTERNAL (logged).
 */
#ifndef CAUNOI_TRANSFER_STORE_H
#define CAUNOI_TRANSFER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/transfer.h"

typedef struct db db;

/* ---- transfers ---- */

typedef struct store_transfer {
    int64_t id, version, member_id;
    const char *member_name, *member_path; /* the member's current unit path */
    transfer_kind kind;
    transfer_state state;
    int64_t from_unit_id, to_unit_id;
    const char *from_code, *from_name, *from_path;
    const char *to_code, *to_name, *to_path;
    const char *to_country; /* NULL at home */
    int64_t trip_id;        /* 0: none */
    bool back;
    const char *letter_number;
    date_t issued_on, received_on, returned_on, cancelled_on, ended_on;
    const char *note, *issued_by, *received_by;
    const char *created_at, *updated_at;
} store_transfer;

/* Transfer `id` seen from `scope` (sending unit, receiving unit or member
 * within it). ST_NOT_FOUND "transfer_not_found". */
status store_transfer_get(db *d, arena *a, const char *scope, int64_t id, store_transfer *out,
                          error *e);
/* The member's open (issued) transfer: *found false when none. */
status store_transfer_open_of(db *d, arena *a, int64_t member_id, store_transfer *out, bool *found,
                              error *e);
/* The next letter number of `year`: "N/YYYY/GGT", N one more than the
 * year's highest (1 for the first). Inside the write transaction that
 * inserts it, so two letters never share a number. */
status store_transfer_next_letter(db *d, arena *a, int year, const char **out, error *e);
/* Insert x (member, kind, units, trip, back, letter, issued_on, note,
 * issued_by), state issued, version 1; sets x->id and x->version. A second
 * open transfer of the member: ST_CONFLICT "transfer_already_open". */
status store_transfer_insert(db *d, store_transfer *x, const char *now, error *e);
/* Write state, the step dates and received_by at expected_version;
 * bumps x->version. ST_CONFLICT "version_stale" otherwise. */
status store_transfer_update(db *d, store_transfer *x, int64_t expected_version, const char *now,
                             error *e);
/* True in *out when the member's official unit `unit_id` was reached by a
 * received single-member transfer (guidance by the overseas committee):
 * a transfer from it is a transfer back. */
status store_transfer_reached_single(db *d, int64_t member_id, int64_t unit_id, bool *out,
                                     error *e);

typedef struct store_transfer_query {
    const char *scope;  /* the actor's */
    const char *within; /* a subtree in scope the transfer is sent from or addressed to */
    int64_t member_id;  /* 0: any */
    int direction;      /* 0 any (sent from, addressed to, or of a member in `within`),
                           1 outgoing, 2 incoming */
    const char *state;  /* NULL: any */
    int64_t after_id;   /* keyset: ids below it; 0 from the start */
    int limit;
} store_transfer_query;
/* Newest first (id descending); *more when another row follows. */
status store_transfer_list(db *d, arena *a, const store_transfer_query *q, store_transfer **out,
                           size_t *n, bool *more, error *e);

/* The member's official unit becomes `unit_id` (members.unit_id and
 * unit_path copied from the unit in the same statement), version bumped.
 * Not scoped: the receiving side acts on a member outside its scope, and
 * the service found the transfer in scope first. */
status store_member_move_unit(db *d, int64_t member_id, int64_t unit_id, const char *now, error *e);
/* The member's open temporary period in `unit_id` (its id; ST_NOT_FOUND
 * "period_not_found" when none). */
status store_period_temporary_open(db *d, int64_t member_id, int64_t unit_id, int64_t *period_id,
                                   error *e);

/* Whether unit `unit_id` is the overseas committee or under it: a
 * committee at home with a unit abroad among its children, or any unit in
 * the subtree of one. */
status store_unit_overseas(db *d, int64_t unit_id, bool *out, error *e);

/* ---- what an exemption is checked against ---- */

typedef struct store_member_facts {
    bool abroad;                     /* on a trip abroad on the day */
    const char *country;             /* its first destination; NULL at home */
    bool destination_has_unit;       /* a unit (not temporary) open there that day */
    bool transferred_to_unit_abroad; /* an open or received (not ended) temporary or
                                        official transfer to a unit abroad, or an
                                        official unit abroad */
} store_member_facts;
/* The member's facts on `on`: a trip abroad is one past approval, not
 * withdrawn, refused or cancelled, departed (or planned to) by `on` and
 * not back (nor planned back) before it. */
status store_member_facts_on(db *d, arena *a, int64_t member_id, date_t on, store_member_facts *out,
                             error *e);

/* ---- exemptions ---- */

typedef struct store_exemption {
    int64_t id, version, member_id;
    const char *member_name, *member_path;
    exemption_kind kind;
    const char *reason, *decision_number;
    date_t starts_on, ends_on, decided_on, revoked_on;
    int64_t approving_unit_id;
    const char *approving_unit_name;
    const char *created_by, *created_at;
} store_exemption;

/* Insert x; sets id and version 1. */
status store_exemption_insert(db *d, store_exemption *x, const char *now, error *e);
/* ST_NOT_FOUND "exemption_not_found" outside scope (by the member's path). */
status store_exemption_get(db *d, arena *a, const char *scope, int64_t id, store_exemption *out,
                           error *e);
/* Set revoked_on at expected_version ("version_stale" otherwise). */
status store_exemption_revoke(db *d, store_exemption *x, int64_t expected_version, const char *now,
                              error *e);
/* Exemptions of members in scope (of member_id when not 0), id descending
 * below after_id (0: from the start); expired_only: ended before `today`
 * and not revoked. */
status store_exemption_list(db *d, arena *a, const char *scope, int64_t member_id,
                            bool expired_only, date_t today, int64_t after_id, int limit,
                            store_exemption **out, size_t *n, bool *more, error *e);

/* ---- a delegation's temporary group ---- */

typedef struct store_group {
    int64_t unit_id; /* 0: none formed */
    date_t formed_on, dissolved_on;
} store_group;
status store_group_get(db *d, int64_t delegation_id, store_group *out, error *e);
/* Write the group columns at expected_version of the delegation (bumped
 * into *new_version); "version_stale" otherwise. */
status store_group_set(db *d, int64_t delegation_id, int64_t expected_version, const store_group *g,
                       const char *now, int64_t *new_version, error *e);
/* The members of the delegation's trips that are not withdrawn, refused
 * or cancelled (each once), for the group's temporary periods. */
status store_delegation_members(db *d, arena *a, int64_t delegation_id, int64_t **out, size_t *n,
                                error *e);

#endif
