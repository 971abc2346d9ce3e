/*
 * trip_store.h -- trips, their countries, steps and attachments, the
 * delegations, the disciplinary reviews and the rule sets in SQL
 * (migration 004_trips; store/trips.c, store/trip_extras.c).
 *
 * Scope is structural, as for members: a trip belongs to its member, and
 * every read or write of a trip joins members and puts the scope range on
 * members.unit_path; `owner` (a member id, 0: anyone) narrows it further to
 * one member's trips, which is how a member account sees only its own. A
 * trip outside both is simply not found ("trip_not_found"). Delegations
 * are scoped by their unit's path, reviews by their member's.
 *
 * The store keeps and finds rows: which step is allowed, who may take it
 * and what it means are the service's and domain/'s. Like the rest of
 * store/, nothing here begins or ends a transaction; strings read are
 * copied into the caller's arena. Errors: ST_NOT_FOUND as named, ST_CONFLICT
 * "version_stale", ST_NOMEM, ST_UNAVAILABLE (busy), ST_INTERNAL (logged).
 */
#ifndef CAUNOI_TRIP_STORE_H
#define CAUNOI_TRIP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/rules.h"
#include "domain/trip.h"

typedef struct db db;

/* ---- trips (trips.c) ---- */

/* A trip as stored, with what its lists need beside the record. */
typedef struct store_trip {
    trip t;                       /* countries filled by store_trip_get only */
    const char *state_since;      /* when it entered its state */
    const char *extension_reason; /* the pending (or last) extension's reason */
    const char *delegation_name;  /* NULL when alone */
    unsigned have_docs;           /* bit i: an attachment of kind i exists */
    bool under_review;            /* the member has an open review opened by `today` */
    int inbox_group;              /* store_trip_inbox: 0 or 1 */
} store_trip;

/* The trip `id` within scope (and of `owner` when non-zero), countries
 * included; under_review as of `today`. ST_NOT_FOUND "trip_not_found". */
status store_trip_get(db *d, arena *a, const char *scope, int64_t owner, int64_t id, date_t today,
                      store_trip *out, error *e);
/* The destination countries of a trip, in order. */
status store_trip_countries(db *d, arena *a, int64_t trip_id, const char ***out, size_t *n,
                            error *e);

/* Insert t (member_id, state, fields) for a member within scope (else
 * ST_NOT_FOUND "member_not_found"), version 1, with its countries. Sets
 * t->id and t->version. */
status store_trip_insert(db *d, const char *scope, trip *t, const char *state_since,
                         const char *created_by, const char *now, error *e);
/* Rewrite every field of t (and its countries when countries_changed)
 * when its version is expected_version and its member within scope;
 * bumps t->version. ST_CONFLICT "version_stale" otherwise. */
status store_trip_update(db *d, const char *scope, trip *t, int64_t expected_version,
                         bool countries_changed, const char *state_since,
                         const char *extension_reason, const char *now, error *e);

/* A list of trips: newest planned departure first, those without one
 * first, keyset-paged on (sort key, id). */
typedef struct store_trip_query {
    const char *scope;  /* the actor's, or a unit's within it */
    int64_t owner;      /* 0: any member */
    const char *state;  /* NULL: any */
    bool open;          /* only states that are not final */
    const char *states; /* ",a,b,": only these states (the member abroad); NULL: any */
    const char *purpose, *country;
    int64_t delegation_id; /* 0: any */
    date_t today;          /* for under_review */
    const char *after_key; /* NULL: from the start */
    int64_t after_id;
    int limit;
} store_trip_query;
/* Rows in order; *more when another follows. Each row's sort key for the
 * next cursor is store_trip_sort_key(&row). */
status store_trip_list(db *d, arena *a, const store_trip_query *q, store_trip **out, size_t *n,
                       bool *more, error *e);
/* The list's sort key of a row: its planned departure, or "9999-12-31". */
const char *store_trip_sort_key(arena *a, const store_trip *row);

/* An inbox: trips within scope (of owner when non-zero) whose state is in
 * group 0 (`states0`) or group 1 (`states1`), each a comma-separated list
 * of state names with a comma before and after (",draft,approved,"; "" for
 * none), group 0 first, then oldest state_since, then id; keyset after
 * (after_group, after_since, after_id) when after_since is non-NULL. */
typedef struct store_inbox_query {
    const char *scope;
    int64_t owner;
    const char *states0, *states1;
    date_t today;
    int after_group;
    const char *after_since;
    int64_t after_id;
    int limit;
} store_inbox_query;
status store_trip_inbox(db *d, arena *a, const store_inbox_query *q, store_trip **out, size_t *n,
                        bool *more, error *e);

/* ---- the timeline (trips.c) ---- */

typedef struct store_trip_event {
    int64_t id, trip_id;
    const char *action, *from_state, *to_state; /* from_state NULL on create */
    date_t on_date;
    int64_t user_id; /* 0: the operator */
    const char *actor_label, *actor_role;
    const char *outcome, *comment; /* NULL when none */
    const char *at;
} store_trip_event;
status store_trip_event_add(db *d, const store_trip_event *ev, error *e);
/* The events of a trip, oldest first (the caller has found the trip in
 * scope). */
status store_trip_events(db *d, arena *a, int64_t trip_id, store_trip_event **out, size_t *n,
                         error *e);

/* ---- attachments (trips.c) ---- */

typedef struct store_attachment {
    int64_t id, trip_id;
    const char *kind, *file_name, *media_type, *sha256;
    int64_t size;
    const char *created_by, *created_at;
    const unsigned char *content; /* store_attachment_get only */
} store_attachment;
/* Insert; sets a->id. */
status store_attachment_insert(db *d, store_attachment *at, error *e);
/* The attachments of a trip, without their bytes, oldest first. */
status store_attachments(db *d, arena *a, int64_t trip_id, store_attachment **out, size_t *n,
                         error *e);
/* One attachment with its bytes (copied into `a`).
 * ST_NOT_FOUND "attachment_not_found". */
status store_attachment_get(db *d, arena *a, int64_t trip_id, int64_t id, store_attachment *out,
                            error *e);
/* Delete one; ST_NOT_FOUND "attachment_not_found" when none went. */
status store_attachment_delete(db *d, int64_t trip_id, int64_t id, error *e);

/* ---- delegations (trip_extras.c) ---- */

typedef struct store_delegation {
    int64_t id, version, unit_id;
    const char *name, *unit_code, *unit_name, *unit_path;
    int64_t leader_member_id;
    const char *leader_name;
    date_t planned_departure, planned_return;
    int64_t n_trips;
    const char *created_by, *created_at;
} store_delegation;
/* Insert for unit dl->unit_id within scope (else ST_NOT_FOUND
 * "unit_not_found"); sets id and version. */
status store_delegation_insert(db *d, const char *scope, store_delegation *dl, const char *now,
                               error *e);
/* Rewrite name, unit, leader, dates at expected_version, unit within scope;
 * "version_stale" otherwise. Bumps dl->version. */
status store_delegation_update(db *d, const char *scope, store_delegation *dl,
                               int64_t expected_version, const char *now, error *e);
/* ST_NOT_FOUND "delegation_not_found" outside scope. */
status store_delegation_get(db *d, arena *a, const char *scope, int64_t id, store_delegation *out,
                            error *e);
/* Newest first (id descending) after after_id (0: from the start). */
status store_delegation_list(db *d, arena *a, const char *scope, int64_t after_id, int limit,
                             store_delegation **out, size_t *n, bool *more, error *e);

/* ---- disciplinary reviews (trip_extras.c) ---- */

typedef struct store_review {
    int64_t id, version, member_id;
    date_t opened_on, closed_on;
    const char *created_by, *created_at;
} store_review;
/* Insert an open review (the caller checked that none is open; the unique
 * index refuses a second with ST_CONFLICT "review_already_open"). */
status store_review_insert(db *d, store_review *r, const char *now, error *e);
/* The member's open review: *found false when none. */
status store_review_open_get(db *d, arena *a, int64_t member_id, store_review *out, bool *found,
                             error *e);
/* One review of a member within scope: ST_NOT_FOUND "review_not_found". */
status store_review_get(db *d, arena *a, const char *scope, int64_t member_id, int64_t id,
                        store_review *out, error *e);
/* Close at expected_version: "version_stale" otherwise. */
status store_review_close(db *d, store_review *r, int64_t expected_version, const char *now,
                          error *e);
/* A member's reviews (member within scope), newest first. */
status store_reviews(db *d, arena *a, const char *scope, int64_t member_id, store_review **out,
                     size_t *n, error *e);

/* ---- rule sets (trip_extras.c) ---- */

/* Every rule set with its unit's path ("/" for the installation's), in
 * effective_from then id order: few rows, picked by domain/rules.h. */
status store_rule_sets(db *d, arena *a, rule_set **out, size_t *n, error *e);
/* Insert r (unit_id 0: the installation); sets r->id. A set of that unit
 * from that date exists: ST_CONFLICT "rule_set_duplicate". */
status store_rule_set_insert(db *d, rule_set *r, error *e);

#endif
