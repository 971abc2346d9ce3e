/*
 * trip.h -- the trips' use cases: filing, the steps of the lifecycle,
 * attachments, inboxes, delegations, disciplinary reviews and rule sets
 * (service/trips.c, trip_attachments.c, delegations.c, reviews.c,
 * rule_sets.c).
 *
 * Every step goes through domain/trip.h's state machine, inside one write
 * transaction that checks the version the caller read (If-Match), applies
 * the step, appends a trip_events row and an audit entry ("trip.<action>",
 * record "trip", scope the member's unit path), and commits; a refusal
 * changes nothing.
 *
 * Who may act (the parties of domain/trip.h):
 *   - a member (ROLE_MEMBER) sees and acts on their own trips only, as the
 *     member party; another member's trip is ST_NOT_FOUND;
 *   - a secretary, within their scope, acts for the member (files on their
 *     behalf, records departure and return, the report) and as the cell;
 *   - an officer, within their scope, acts as the committee;
 *   - the installation's operator (the CLI) may take any party's step,
 *     recorded as that party's role with the label "operator";
 *   - administrators and auditors read; their actions are ST_FORBIDDEN
 *     "trip_party_forbidden" (arg: the party the action needs), and so is
 *     any role acting for a party it is not.
 * A trip outside the actor's scope is ST_NOT_FOUND "trip_not_found".
 *
 * Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_TRIP_H
#define CAUNOI_SERVICE_TRIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/rules.h"
#include "domain/trip.h"
#include "service/service.h"

/* One step of the timeline. */
typedef struct trip_event {
    int64_t id;
    const char *action; /* "create", "edit", or a trip_action name */
    const char *from_state, *to_state;
    date_t on_date;
    const char *actor_label, *actor_role;
    const char *outcome, *comment; /* NULL when none */
    const char *at;
} trip_event;

/* An attachment's description (the bytes come from svc_trip_attachment_get). */
typedef struct trip_attachment {
    int64_t id, trip_id;
    trip_doc_kind kind;
    const char *file_name, *media_type, *sha256;
    int64_t size;
    const char *created_by, *created_at;
} trip_attachment;

/* A trip as a face shows it: the record, and what it means now for this
 * actor. */
typedef struct trip_view {
    trip t;
    trip_deadlines deadlines;
    rule_set rules;         /* the set in force for the member's unit */
    unsigned allowed;       /* trip_allowed_actions(state) that THIS actor may take (bits) */
    trip_party waiting_for; /* trip_waiting_for(state) */
    errlist missing;        /* trip_missing: what a draft lacks before submission */
    trip_event *events;     /* oldest first (only svc_trip_get fills them) */
    size_t n_events;
    trip_attachment *attachments; /* (only svc_trip_get) */
    size_t n_attachments;
    bool under_review;           /* the member has an open disciplinary review */
    const char *delegation_name; /* NULL when alone */
} trip_view;

typedef struct trip_page {
    trip_view *items;
    size_t n;
    const char *next_cursor; /* NULL on the last page */
} trip_page;

/* ---- filing and editing ---- */

/* Create a draft for member_id (a member: their own; 0 means their own; a
 * secretary or officer: a member in scope, active). Purpose required; the
 * rest may come later (trip_missing). The member must be probationary or
 * official ("member_not_active"). Audited "trip.create". */
status svc_trip_create(svc *s, int64_t member_id, const trip_input *in, trip_view *out,
                       errlist *errs);
/* Change a draft (fields given in `in`). Only in draft
 * ("trip_not_editable", ST_CONFLICT); the version must match
 * ("version_stale", ST_CONFLICT). Audited "trip.edit" with the diff. */
status svc_trip_update(svc *s, int64_t id, int64_t expected_version, const trip_input *in,
                       trip_view *out, errlist *errs);
/* The trip with its timeline, attachments, deadlines, the actions this
 * actor may take, what it lacks. Not audited (trips are not the member's
 * full record). */
status svc_trip_get(svc *s, int64_t id, trip_view *out, error *e);

/* ---- the steps ---- */

/* What a step carries; each action reads only its own fields:
 *   submit            -- (nothing; refused with the list of what is missing:
 *                        ST_INVALID "trip_incomplete", details in errs)
 *   withdraw, cancel  -- comment (a reason; required for cancel)
 *   opinion           -- outcome "agree"|"disagree" (required), comment
 *                        (required when disagreeing)
 *   decide            -- outcome "approved"|"refused", comment = reasons
 *                        (required when refused). Approval of a member under
 *                        an open disciplinary review, when the rule set
 *                        says so, is refused: ST_CONFLICT
 *                        "trip_member_under_review" (the step is not taken;
 *                        the officer records a refusal with that reason)
 *   depart            -- date: the actual departure (default today; not
 *                        after today, "date_future")
 *   request_extension -- date: the requested new return (after the
 *                        effective return, "trip_extension_not_later"),
 *                        comment: the reason (required)
 *   decide_extension  -- outcome "approved"|"refused", comment
 *   return            -- date: the actual re-entry (default today; not
 *                        before the departure, not after today)
 *   submit_report     -- text (required, the report), date (default today)
 *   review_report     -- outcome "agree"|"disagree", comment
 *   acknowledge       -- comment
 * Dates are ISO text as typed; "date_invalid" on field "date". */
typedef struct trip_step {
    const char *outcome, *comment, *date, *text;
} trip_step;

/* Take `action` on trip `id` at version expected_version. Errors:
 * ST_NOT_FOUND "trip_not_found"; ST_CONFLICT "version_stale",
 * "trip_action_not_allowed" (arg: allowed actions), "trip_member_under_review";
 * ST_FORBIDDEN "trip_party_forbidden"; ST_INVALID field errors in errs;
 * "trip_incomplete" with the missing list. On success *out is the trip
 * after the step (with events), audited "trip.<action>". */
status svc_trip_act(svc *s, int64_t id, int64_t expected_version, trip_action action,
                    const trip_step *step, trip_view *out, errlist *errs);

/* ---- lists ---- */

typedef struct trip_query {
    int64_t member_id;   /* 0: any in scope (a member: always their own) */
    int64_t unit_id;     /* subtree, 0: the actor's scope */
    const char *state;   /* NULL: any; a state name; "open" = not final */
    const char *purpose; /* NULL: any */
    const char *country; /* NULL: any */
    const char *cursor;
    int limit;
} trip_query;

/* Trips in scope, newest planned departure first (drafts without one
 * first), keyset-paged. "cursor_invalid", "trip_state_invalid",
 * "trip_purpose_invalid", "country_invalid" on bad filters. */
status svc_trip_list(svc *s, const trip_query *q, trip_page *out, error *e);

/* What waits for this actor, oldest first (by state_since): for a member,
 * their own trips waiting for the member party; for a secretary, trips in
 * scope waiting for the cell, then those waiting for the member (so the
 * secretary can chase them); for an officer, those waiting for the
 * committee. Administrators and auditors get an empty inbox. Includes
 * overdue returns and reports (deadlines filled). Paged like the list. */
status svc_trip_inbox(svc *s, const char *cursor, int limit, trip_page *out, error *e);

/* ---- attachments ---- */

/* Attach a file to a trip in draft (any kind), or, for self_assessment and
 * report, in returned or report_submitted. The content decides the media
 * type (PDF "%PDF-", JPEG FF D8 FF, PNG signature): anything else is
 * ST_INVALID "attachment_type" whatever its name says; empty is
 * "attachment_empty"; over LIMIT_ATTACHMENT_BYTES "attachment_too_large";
 * past LIMIT_ATTACHMENTS_PER_TRIP "attachment_too_many"; the name is
 * cleaned (no path, no control characters, at most
 * LIMIT_ATTACHMENT_NAME_BYTES) or "attachment.<ext>" when empty. SHA-256
 * (libsodium) stored with it. The member party may attach. Audited
 * "trip.attach" (kind, name, size, hash). */
status svc_trip_attach(svc *s, int64_t trip_id, const char *kind, const char *file_name,
                       const unsigned char *data, size_t len, trip_attachment *out, error *e);
/* The bytes of an attachment (in s->a) with its description. Reading is
 * not audited. ST_NOT_FOUND "attachment_not_found". */
status svc_trip_attachment_get(svc *s, int64_t trip_id, int64_t attachment_id, trip_attachment *out,
                               const unsigned char **data, size_t *len, error *e);
/* Remove an attachment of a draft ("trip_not_editable" otherwise).
 * Audited "trip.detach". */
status svc_trip_detach(svc *s, int64_t trip_id, int64_t attachment_id, error *e);

/* ---- delegations ---- */

typedef struct delegation {
    int64_t id, version, unit_id;
    const char *name, *unit_code, *unit_name, *unit_path;
    int64_t leader_member_id;
    const char *leader_name;
    date_t planned_departure, planned_return;
    int64_t n_trips;
    const char *created_at;
} delegation;

typedef struct delegation_input {
    const char *name;
    int64_t unit_id; /* or unit_code */
    const char *unit_code;
    int64_t leader_member_id; /* 0: none yet */
    const char *planned_departure, *planned_return;
} delegation_input;

/* Secretaries and officers, within their scope. The leader must be a
 * member in scope. Audited "delegation.create" / "delegation.update". */
status svc_delegation_create(svc *s, const delegation_input *in, delegation *out, errlist *errs);
status svc_delegation_update(svc *s, int64_t id, int64_t expected_version,
                             const delegation_input *in, delegation *out, errlist *errs);
status svc_delegation_get(svc *s, int64_t id, delegation *out, trip_view **trips, size_t *n,
                          error *e);
status svc_delegation_list(svc *s, const char *cursor, int limit, delegation **out, size_t *n,
                           const char **next_cursor, error *e);

/* ---- disciplinary reviews (officers; read by staff in scope) ---- */

typedef struct disciplinary_review {
    int64_t id, version, member_id;
    date_t opened_on, closed_on; /* closed_on DATE_NONE while open */
    const char *created_by, *created_at;
} disciplinary_review;

/* Open a review on `opened_on` (not in the future): one open at a time
 * ("review_already_open", ST_CONFLICT). Officers only
 * (ST_FORBIDDEN "forbidden"). Audited "review.open". */
status svc_review_open(svc *s, int64_t member_id, const char *opened_on, disciplinary_review *out,
                       errlist *errs);
/* Close it on `closed_on` (not before opened_on, "review_close_before_open";
 * not in the future). Audited "review.close". */
status svc_review_close(svc *s, int64_t member_id, int64_t review_id, int64_t expected_version,
                        const char *closed_on, disciplinary_review *out, errlist *errs);
status svc_review_list(svc *s, int64_t member_id, disciplinary_review **out, size_t *n, error *e);

/* ---- rule sets (administrators; read by every staff role) ---- */

typedef struct rule_set_input {
    int64_t unit_id; /* 0 with unit_code NULL: the whole installation (admin of "/") */
    const char *unit_code;
    const char *effective_from; /* not before today: history is never rewritten */
    /* -1: not given (the set in force for that unit on that date gives it). */
    int report_days, report_in_calendar_days, return_grace_workdays, review_blocks_approval;
    int group_min_months, group_min_members, temp_transfer_months, official_transfer_months;
    int official_transfer_strict, transfer_receive_workdays, probation_reminder_days;
    const char *note;
} rule_set_input;

/* Add a rule set for a subtree from a date. Errors: "rule_set_in_past"
 * (field effective_from), "rule_set_duplicate" (that unit already has one
 * from that date), rule_set_check's, the unit's. Audited "rules.add". */
status svc_rule_set_add(svc *s, const rule_set_input *in, rule_set *out, errlist *errs);
/* The sets of the units in scope and of their ancestors, newest first. */
status svc_rule_set_list(svc *s, rule_set **out, size_t *n, error *e);
/* The set in force for a unit (0: the actor's unit; root for the
 * installation) on a date (DATE_NONE: today). */
status svc_rule_set_effective(svc *s, int64_t unit_id, date_t on, rule_set *out, error *e);

/* ---- for other services, inside their own transaction ---- */

/* The rule set in force for a unit path on a date. */
status svc_rules_for_tx(svc *s, const char *unit_path, date_t on, rule_set *out, error *e);

#endif
