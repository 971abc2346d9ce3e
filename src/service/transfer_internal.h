/*
 * transfer_internal.h -- transfers, exemptions and delegations' temporary
 * groups inside the caller's write transaction, for loaders that place
 * them in the past as one all-or-nothing change (the demo load).
 *
 * Each *_tx function does what its public counterpart in
 * service/transfer.h does -- the checks, the domain's state machine, the
 * member's unit periods, the audit entry -- but neither begins nor ends a
 * transaction: the caller has opened one with store_begin_write and
 * commits or rolls back. On failure the caller rolls back (a *_tx function
 * may have written part of its change).
 *
 * When: `w` (service/trip_internal.h's trip_when) says on which Vietnam
 * date (w->today) and at which timestamp (w->at) the step happens: the
 * default dates are w->today and "not in the future" is judged against
 * it; the audit entry carries w->at. NULL w, DATE_NONE today or NULL at:
 * s->today and s->now.
 *
 * Who: s->who acts, by the roles of service/transfer.h, unless
 * w->any_party: then the actor (the operator loading data) acts for
 * whichever side the step needs (the sender, the receiving unit). Scope is
 * always s->who's.
 *
 * Nothing outside src/service/ includes this file.
 */
#ifndef CAUNOI_TRANSFER_INTERNAL_H
#define CAUNOI_TRANSFER_INTERNAL_H

#include "service/transfer.h"
#include "service/trip_internal.h"

/* svc_transfer_issue inside the caller's transaction. *out (may be NULL)
 * is the transfer as stored (state issued, its letter number). */
status svc_transfer_issue_tx(svc *s, const trip_when *w, const transfer_input *in, transfer *out,
                             errlist *errs);

/* svc_transfer_act inside the caller's transaction; `date` defaults to
 * w->today. *out (may be NULL) is the transfer after the step. */
status svc_transfer_act_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                           transfer_action a, const char *date, const char *comment, transfer *out,
                           errlist *errs);

/* svc_exemption_grant / svc_exemption_revoke inside the caller's
 * transaction (decided_on and the revocation not after w->today). */
status svc_exemption_grant_tx(svc *s, const trip_when *w, const exemption_input *in, exemption *out,
                              errlist *errs);
status svc_exemption_revoke_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                               const char *on, exemption *out, errlist *errs);

/* svc_group_form / svc_group_dissolve inside the caller's transaction. */
status svc_group_form_tx(svc *s, const trip_when *w, int64_t delegation_id,
                         int64_t expected_version, const char *on, errlist *errs);
status svc_group_dissolve_tx(svc *s, const trip_when *w, int64_t delegation_id,
                             int64_t expected_version, const char *on, errlist *errs);

#endif
