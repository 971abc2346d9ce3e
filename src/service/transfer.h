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
 * cancel; a secretary, officer or administrator whose scope holds the
 * RECEIVING unit receives or returns it (a receiving unit abroad is usually outside the
 * sender's scope: the receiving side sees the transfers addressed to its
 * units, and their members' names, though not the members' full records);
 * the sender ends a temporary transfer. Exemptions: officers of the
 * member's scope grant and revoke. Every change in one write transaction
 * with If-Match on existing records, audited ("transfer.issue",
 * "transfer.receive", "transfer.return", "transfer.cancel", "transfer.end",
 * "exemption.grant", "exemption.revoke", "group.form", "group.dissolve";
 * the receiving side's steps with the receiving unit's path as the entry's
 * scope, the others with the member's).
 *
 * A single-member transfer moves the official unit like an official one
 * (the overseas committee guides the member until a transfer back); the
 * overseas committee is a committee at home with a unit abroad among its
 * children, and "(under) the overseas committee" any unit of its subtree
 * (store_unit_overseas). A transfer is "back" when it goes from a unit
 * abroad, or from single-member guidance, to a unit at home.
 *
 * Loaders place these use cases in the past through
 * service/transfer_internal.h.
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

/* Issue a transfer (letter numbered here, from the member's official unit).
 * Errors: transfer_check's (domain/transfer.h), ST_INVALID "unit_not_found"
 * on to_unit_id/to_unit_code (any unit of the installation may receive:
 * looked up installation-wide), "required" (kind, member_id, to_unit_id),
 * "transfer_kind_invalid", "trip_not_found" (trip_id: not this member's),
 * "date_invalid", "text_too_long" (note); ST_NOT_FOUND "member_not_found"
 * outside scope; ST_FORBIDDEN "forbidden" for roles other than
 * officer/admin. A concurrent second issue waits for the first's
 * transaction and is refused "transfer_already_open" (ST_UNAVAILABLE
 * "busy" past the busy timeout). */
status svc_transfer_issue(svc *s, const transfer_input *in, transfer *out, errlist *errs);

/* receive (date: default today, not before issued_on, not in the future),
 * return and cancel (comment required), end (date, not before
 * received_on). In that order: "transfer_not_found", "version_stale",
 * "transfer_action_not_allowed", ST_FORBIDDEN "forbidden" (not the
 * receiving side / not the sender), then the fields: "date_invalid",
 * "date_future", "transfer_date_before_step" (arg: the earlier step's
 * date), "required" (comment), "transfer_receive_before_period" (an
 * official receipt dated before the member's current official period
 * began; arg its start). */
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
/* Transfers sent from or addressed to the scope, or of its members, newest
 * first; `cursor` is the last id of the previous page. Errors:
 * "cursor_invalid", "transfer_direction_invalid", "transfer_state_invalid",
 * ST_NOT_FOUND "unit_not_found" (unit_id outside scope). */
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
 * starts_on (abroad on a trip past approval -- departed or planned to by
 * then, not back --, its first destination having a unit, a transfer to a
 * unit abroad not returned, cancelled or ended, or an official unit
 * abroad). decided_on defaults to today. Officers/admins of the member's
 * scope. Errors: exemption_check's, "exemption_kind_invalid", "required",
 * "date_invalid", ST_INVALID "unit_not_found" (approving_unit_id outside
 * scope), ST_NOT_FOUND "member_not_found", ST_FORBIDDEN "forbidden". */
status svc_exemption_grant(svc *s, const exemption_input *in, exemption *out, errlist *errs);
/* Revoke on a date (default today; If-Match). Errors: "exemption_not_found",
 * "version_stale", "forbidden", ST_CONFLICT "exemption_already_revoked"
 * (arg: when), "date_future", "exemption_revoke_before_decision". */
status svc_exemption_revoke(svc *s, int64_t id, int64_t expected_version, const char *on,
                            exemption *out, errlist *errs);
/* Exemptions of the scope (member_id 0: all), newest first; expired_only. */
status svc_exemption_list(svc *s, int64_t member_id, bool expired_only, const char *cursor,
                          int limit, exemption **out, size_t *n, const char **next_cursor,
                          error *e);

/* ---- a delegation's temporary group ---- */

/* Form the temporary group (a temporary unit under the delegation's unit
 * -- a group under a cell, a cell under a grassroots organization, a
 * grassroots one under a committee --, code "<unit code>.DG<delegation id>",
 * named after the delegation, audited "unit.create" too; its leader the
 * delegation's leader: "group_leader_required" without one) on `on`
 * (default today, not in the future; before the delegation's departure is
 * on time; after, it is recorded and the engine flags it late). The
 * members of the delegation's trips (not withdrawn, refused or cancelled)
 * get a temporary period in it. Dissolve it on return (`on`): the unit
 * dissolved ("unit.dissolve"), the periods closed. Secretaries, officers
 * and administrators of the delegation's scope. Errors:
 * "delegation_not_found", "version_stale" (the delegation's version;
 * each call bumps it), "forbidden", ST_CONFLICT "group_already_formed",
 * "group_not_formed", "group_already_dissolved";
 * "group_dissolve_before_formed", "date_future". */
status svc_group_form(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                      errlist *errs);
status svc_group_dissolve(svc *s, int64_t delegation_id, int64_t expected_version, const char *on,
                          errlist *errs);

#endif
