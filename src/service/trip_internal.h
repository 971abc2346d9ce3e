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

#endif
