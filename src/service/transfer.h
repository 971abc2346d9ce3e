/*
 * transfer.h -- transfers of party activity, exemptions and delegations'
 * temporary groups as use cases (service/transfers.c, exemptions.c,
 * groups.c), over domain/transfer.h and the 006_transfers schema.
 *
 * Invariants held here and in the database: a member has exactly one
 * official unit at every moment (an official transfer received on day D
 * closes the official period on D-1 and opens the receiving unit's on D,
 * in the same transaction); a temporary transfer received opens a
 * temporary period (member_units kind 'temporary') without touching the
 * official one, and ending it closes that period; while a transfer is in
 * transit nothing changes (the sending unit stays responsible); a member
 * is in at most one open transfer (the partial unique index answers a
 * concurrent second issue with ST_CONFLICT "transfer_already_open").
 *
 * Who: officers (and administrators) of the sending unit's scope issue and
 * cancel; a secretary or officer whose scope holds the RECEIVING unit
 * receives or returns it (a receiving unit abroad is usually outside the
 * sender's scope: the receiving side sees the transfers addressed to its
 * units, and their members' names, though not the members' full records);
 * the sender ends a temporary transfer. Exemptions: officers of the
 * member's scope grant and revoke. Every change in one write transaction
 * with If-Match on existing records, audited ("transfer.issue",
 * "transfer.receive", "transfer.return", "transfer.cancel", "transfer.end",
 * "exemption.grant", "exemption.revoke", "group.form", "group.dissolve").
 *
 * Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_TRANSFER_H
#define CAUNOI_SERVICE_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/transfer.h"
#include "service/service.h"

typedef struct transfer {
    int64_t id, version, member_id;
    const char *member_name;
    transfer_kind kind;
    transfer_state state;
    int64_t from_unit_id, to_unit_id;
    const char *from_unit_code, *from_unit_name, *to_unit_code, *to_unit_name;
    const char *to_country; /* NULL at home */
    int64_t trip_id;        /* 0: none */
    bool back;
    const char *letter_number; /* "12/2026/GGT": sequence per year, installation-wide */
    date_t issued_on, received_on, returned_on, cancelled_on, ended_on;
    date_t receive_due; /* the last day to present the letter (rule set, working days) */
    bool overdue;       /* in transit past receive_due as of today */
    const char *note, *issued_by, *received_by;
    unsigned allowed; /* transfer_allowed_actions this actor may take (bits) */
    const char *created_at, *updated_at;
} transfer;

typedef struct transfer_input {
    int64_t member_id;
    const char *kind;   /* "temporary", "official", "single" */
    int64_t to_unit_id; /* or to_unit_code */
    const char *to_unit_code;
    int64_t trip_id;       /* 0: none */
    const char *issued_on; /* default today, not in the future */
    const char *note;
} transfer_input;

/* Issue a transfer (letter numbered here). Errors: transfer_check's
 * (domain/transfer.h), "unit_not_found" on to_unit (any unit of the
 * installation may receive: looked up installation-wide), "trip_not_found",
 * ST_FORBIDDEN "forbidden" for roles other than officer/admin. */
status svc_transfer_issue(svc *s, const transfer_input *in, transfer *out, errlist *errs);

/* receive (date: default today, not before issued_on, not in the future),
 * return and cancel (comment required), end (date). Errors:
 * "transfer_not_found", "version_stale", "transfer_action_not_allowed",
 * ST_FORBIDDEN "forbidden" (not the receiving side / not the sender). */
status svc_transfer_act(svc *s, int64_t id, int64_t expected_version, transfer_action a,
                        const char *date, const char *comment, transfer *out, errlist *errs);

status svc_transfer_get(svc *s, int64_t id, transfer *out, error *e);

typedef struct transfer_query {
    int64_t member_id;     /* 0: any */
    int64_t unit_id;       /* sent from or addressed to this subtree; 0: the actor's scope */
    const char *direction; /* NULL/"any", "outgoing", "incoming" */
    const char *state;     /* NULL: any; "open" = issued */
    const char *cursor;
    int limit;
} transfer_query;
/* Transfers sent from or addressed to the scope, newest first. */
status svc_transfer_list(svc *s, const transfer_query *q, transfer **out, size_t *n,
                         const char **next_cursor, error *e);

/* ---- exemptions ---- */

typedef struct exemption {
    int64_t id, version, member_id;
    const char *member_name;
    exemption_kind kind;
    const char *reason, *decision_number;
    date_t starts_on, ends_on, decided_on, revoked_on;
    int64_t approving_unit_id;
    const char *approving_unit_name;
    bool expired; /* ends_on before today, not revoked */
    const char *created_by, *created_at;
} exemption;

typedef struct exemption_input {
    int64_t member_id;
    const char *kind, *reason, *decision_number;
    const char *starts_on, *ends_on, *decided_on;
    int64_t approving_unit_id; /* default: the officer's unit */
} exemption_input;

/* Grant an exemption after exemption_check with the member's facts on
 * starts_on (abroad on a trip, its first destination having a unit, an
 * open transfer abroad). Officers/admins of the member's scope. */
status svc_exemption_grant(svc *s, const exemption_input *in, exemption *out, errlist *errs);
/* Revoke on a date (If-Match). */
status svc_exemption_revoke(svc *s, int64_t id, int64_t expected_version, const char *on,
                            exemption *out, errlist *errs);
/* Exemptions of the scope (member_id 0: all), newest first; expired_only. */
status svc_exemption_list(svc *s, int64_t member_id, bool expired_only, const char *cursor,
                          int limit, exemption **out, size_t *n, const char **next_cursor,
                          error *e);

/* ---- a delegation's temporary group ---- */

/* Form the temporary group (a temporary unit of kind "group" under the
 * delegation's unit, named after the delegation, its leader the
 * delegation's leader: "group_leader_required" without one) on `on`
 * (before the delegation's departure is on time; after, it is recorded
 * and the engine flags it late). Dissolve it on return (`on`). */
status svc_group_form(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                      errlist *errs);
status svc_group_dissolve(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                          errlist *errs);

#endif
