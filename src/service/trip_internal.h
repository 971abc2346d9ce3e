/*
 * trip_internal.h -- the trips' use cases inside the caller's write
 * transaction, for loaders that file many records as one all-or-nothing
 * change (the demo load) and must place steps in the past.
 *
 * Each *_tx function does what its public counterpart in service/trip.h
 * does -- checks, the state machine, the trip_events row, the audit entry
 * -- but neither begins nor ends a transaction: the caller has opened one
 * with store_begin_write and commits or rolls back. On failure the caller
 * rolls back (a *_tx function may have written part of its change).
 *
 * When: `w` says on which Vietnam date (w->today) and at which timestamp
 * (w->at, "YYYY-MM-DDTHH:MM:SSZ") the step happens, so "not in the future"
 * and the default dates are judged against that day, and the event and the
 * audit entry carry that time. NULL w, DATE_NONE today or NULL at: s->today
 * and s->now.
 *
 * Who: s->who acts, by the role mapping of service/trip.h, unless
 * w->any_party: then the actor (the operator loading data) acts for
 * whichever party the step needs, and the event records that party's role
 * ("member", "secretary", "officer"). Scope is always s->who's.
 *
 * Nothing outside src/service/ includes this file.
 */
#ifndef CAUNOI_TRIP_INTERNAL_H
#define CAUNOI_TRIP_INTERNAL_H

#include "service/trip.h"
#include "store/trip_store.h"

typedef struct trip_when {
    date_t today;   /* DATE_NONE: s->today */
    const char *at; /* NULL: s->now */
    bool any_party; /* act for the party each step needs (loaders only) */
} trip_when;

/* svc_trip_create inside the caller's transaction. *out (may be NULL) is
 * the record as stored (id, version 1, state draft). Audited "trip.create". */
status svc_trip_create_tx(svc *s, const trip_when *w, int64_t member_id, const trip_input *in,
                          trip *out, errlist *errs);

/* svc_trip_act inside the caller's transaction: `action` on trip `id` at
 * expected_version. step dates default to w->today. *out (may be NULL) is
 * the record after the step. Errors as svc_trip_act's. */
status svc_trip_act_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                       trip_action action, const trip_step *step, trip *out, errlist *errs);

/* svc_trip_attach inside the caller's transaction (the member party, or
 * w->any_party). Errors as svc_trip_attach's. */
status svc_trip_attach_tx(svc *s, const trip_when *w, int64_t trip_id, const char *kind,
                          const char *file_name, const unsigned char *data, size_t len,
                          trip_attachment *out, error *e);

/* svc_delegation_create inside the caller's transaction (secretaries,
 * officers, or w->any_party). *out (may be NULL) gets the row. */
status svc_delegation_create_tx(svc *s, const trip_when *w, const delegation_input *in,
                                delegation *out, errlist *errs);

/* svc_review_open / svc_review_close inside the caller's transaction, the
 * dates given as dates (not after w->today). Officers, or w->any_party. */
status svc_review_open_tx(svc *s, const trip_when *w, int64_t member_id, date_t opened_on,
                          disciplinary_review *out, errlist *errs);
status svc_review_close_tx(svc *s, const trip_when *w, int64_t member_id, int64_t review_id,
                           int64_t expected_version, date_t closed_on, disciplinary_review *out,
                           errlist *errs);

/* svc_rule_set_add inside the caller's transaction: effective_from not
 * before w->today (so a loader may date a set in the past by dating the
 * step). Administrators. */
status svc_rule_set_add_tx(svc *s, const trip_when *w, const rule_set_input *in, rule_set *out,
                           errlist *errs);

/* ---- shared by the trips' service files (trips.c, trip_attachments.c,
 * delegations.c, reviews.c, rule_sets.c) ---- */

/* s as of w: today and now replaced by w's when given. */
svc svc_trip_at(const svc *s, const trip_when *w);
/* Where the actor sees trips: the scope path ("/" for a member account,
 * whose trips are found by owner) and the owner (a member account's
 * member; -1 when it has none, which finds nothing; 0 for staff). */
const char *svc_trip_scope(const svc *s);
int64_t svc_trip_owner(const svc *s);
/* ST_OK when the actor may act for party p (any_party: always):
 * the member party is a member account or a secretary, the cell a
 * secretary, the committee an officer. Else ST_FORBIDDEN
 * "trip_party_forbidden" (arg: the party's name). */
status svc_trip_party_check(const svc *s, bool any_party, trip_party p, error *e);
/* The role recorded in a step's event. */
const char *svc_trip_actor_role(const svc *s, bool any_party, trip_party p);
/* A trip in the actor's sight, for a change inside the caller's
 * transaction (version not checked). */
status svc_trip_load_tx(svc *s, int64_t id, store_trip *out, error *e);
/* Append one event of trip t (from_state NULL: the trip begins). */
status svc_trip_event_tx(svc *s, const trip *t, const char *action, const char *from_state,
                         date_t on, const char *actor_role, const char *outcome,
                         const char *comment, error *e);
/* Free text typed by a person, one or several lines: NULL or blank gives
 * NULL; else valid UTF-8 without control characters (text_clean_line per
 * line), NFC, at most `max` bytes ("text_too_long", arg max). */
status svc_trip_clean_text(svc *s, const char *in, const char *field, size_t max, const char **out,
                           error *e);
/* The rule sets and calendar overrides deadlines are computed with. */
typedef struct trip_env {
    rule_set *sets;
    size_t nsets;
    calendar_override *ov;
    size_t nov;
} trip_env;
status svc_trip_env_tx(svc *s, trip_env *env, error *e);
/* A stored trip as this actor sees it (no events, no attachments; the
 * countries of t as given). */
status svc_trip_view_of(svc *s, const trip_env *env, const store_trip *r, trip_view *v, error *e);
/* The trip with its timeline and attachments as this actor sees it,
 * inside the caller's transaction. */
status svc_trip_view_full_tx(svc *s, int64_t id, trip_view *out, errlist *errs);
/* The ISO text of a date, or NULL for DATE_NONE (audit fields). */
const char *svc_trip_iso(svc *s, date_t d);

#endif
