/*
 * trip.h -- a trip abroad and its one state machine (DOMAIN.md "Trips",
 * "Deadlines").
 *
 * The lifecycle:
 *
 *   draft --submit--> submitted --opinion--> cell_reviewed --decide--> approved | refused
 *   approved --depart--> departed --return--> returned --submit_report--> report_submitted
 *   report_submitted --review_report--> report_reviewed --acknowledge--> closed
 *   draft | submitted | cell_reviewed --withdraw--> withdrawn   (before a decision)
 *   approved --cancel--> cancelled                               (after approval, not gone)
 *   departed --request_extension--> extension_requested --decide_extension--> departed
 *   extension_requested --return--> returned                     (the request lapses)
 *
 * Every face (API, CLI, demo) moves a trip only through trip_transition, so
 * an action the state does not allow is refused the same way everywhere:
 * ST_CONFLICT "trip_action_not_allowed" with the allowed actions listed.
 *
 * Who acts: each action belongs to a party (the member, the cell, the
 * committee). Mapping parties to roles is the service's business (roles
 * are auth/'s): the member, or the cell secretary on the member's behalf,
 * for member actions; the secretary for cell actions; an officer for
 * committee actions.
 *
 * Deadlines (trip_deadlines) are pure: the rule set in force and the
 * calendar's overrides come in as parameters. Nothing here reads the clock,
 * the database or the time zone; nothing allocates except into the arena
 * the caller passes.
 */
#ifndef CAUNOI_TRIP_H
#define CAUNOI_TRIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"
#include "domain/rules.h"

typedef enum trip_state {
    TRIP_DRAFT = 0,
    TRIP_SUBMITTED,
    TRIP_CELL_REVIEWED,
    TRIP_APPROVED,
    TRIP_REFUSED,
    TRIP_DEPARTED,
    TRIP_EXTENSION_REQUESTED,
    TRIP_RETURNED,
    TRIP_REPORT_SUBMITTED,
    TRIP_REPORT_REVIEWED,
    TRIP_CLOSED,
    TRIP_WITHDRAWN,
    TRIP_CANCELLED,
} trip_state;
#define TRIP_STATE_COUNT 13

typedef enum trip_action {
    TRIP_SUBMIT = 0,
    TRIP_WITHDRAW,
    TRIP_OPINION,
    TRIP_DECIDE,
    TRIP_CANCEL,
    TRIP_DEPART,
    TRIP_REQUEST_EXTENSION,
    TRIP_DECIDE_EXTENSION,
    TRIP_RETURN,
    TRIP_SUBMIT_REPORT,
    TRIP_REVIEW_REPORT,
    TRIP_ACKNOWLEDGE,
} trip_action;
#define TRIP_ACTION_COUNT 12

/* Who must act. */
typedef enum trip_party {
    TRIP_PARTY_NONE = 0, /* nobody: a final state */
    TRIP_PARTY_MEMBER,   /* the member (or the cell secretary on their behalf) */
    TRIP_PARTY_CELL,     /* the cell secretary */
    TRIP_PARTY_COMMITTEE /* an officer of the competent committee */
} trip_party;

typedef enum trip_purpose {
    TRIP_OFFICIAL = 0, /* công tác */
    TRIP_STUDY,        /* học tập */
    TRIP_LABOUR,       /* lao động */
    TRIP_TOURISM,      /* việc riêng: du lịch */
    TRIP_RELATIVES,    /* việc riêng: thăm thân nhân */
    TRIP_MEDICAL,      /* việc riêng: chữa bệnh */
    TRIP_PRIVATE_OTHER /* việc riêng: khác (purpose_detail says what) */
} trip_purpose;
#define TRIP_PURPOSE_COUNT 7

typedef enum trip_payer {
    TRIP_PAYER_NONE = -1, /* not given yet: a draft may leave it empty (NULL column) */
    TRIP_PAYER_SELF = 0,  /* tự túc */
    TRIP_PAYER_AGENCY,    /* the sending body (state budget or the employer) */
    TRIP_PAYER_HOST,      /* the inviting side abroad */
    TRIP_PAYER_OTHER      /* payer_note says who */
} trip_payer;
#define TRIP_PAYER_COUNT 4

typedef enum trip_doc_kind {
    TRIP_DOC_SENDING_DECISION = 0, /* quyết định cử đi của cơ quan */
    TRIP_DOC_RELATIVES_COMMITMENT, /* bản cam kết về thân nhân ở nước ngoài */
    TRIP_DOC_INVITATION,           /* thư mời */
    TRIP_DOC_SELF_ASSESSMENT,      /* bản tự kiểm điểm (on return) */
    TRIP_DOC_REPORT,               /* báo cáo kết quả, signed scan */
    TRIP_DOC_OTHER
} trip_doc_kind;
#define TRIP_DOC_COUNT 6

/* Stable names (API, CLI, database): "draft", "cell_reviewed", ...;
 * "submit", "request_extension", ...; "member", "cell", "committee",
 * "none"; "official", "study", "labour", "tourism", "relatives", "medical",
 * "private_other"; "self", "agency", "host", "other";
 * "sending_decision", "relatives_commitment", "invitation",
 * "self_assessment", "report", "other". Parsers take exactly these.
 * trip_payer_name(TRIP_PAYER_NONE) is NULL (JSON null, a NULL column);
 * the other name functions never return NULL. */
const char *trip_state_name(trip_state s);
bool trip_state_parse(const char *s, trip_state *out);
const char *trip_action_name(trip_action a);
bool trip_action_parse(const char *s, trip_action *out);
const char *trip_party_name(trip_party p);
const char *trip_purpose_name(trip_purpose p);
bool trip_purpose_parse(const char *s, trip_purpose *out);
const char *trip_payer_name(trip_payer p);
bool trip_payer_parse(const char *s, trip_payer *out);
const char *trip_doc_kind_name(trip_doc_kind k);
bool trip_doc_kind_parse(const char *s, trip_doc_kind *out);

/* Private trips (tourism, relatives, medical, other) follow Quy định 58 and
 * its three forms; official, study and labour trips carry the sending
 * body's decision. */
bool trip_purpose_private(trip_purpose p);

/* ---- the state machine ---- */

/* The state `a` leads to from `from`. ST_OK and *to; or ST_CONFLICT
 * "trip_action_not_allowed" (arg: the allowed actions' names, comma-
 * separated, "" in a final state). TRIP_DECIDE and TRIP_DECIDE_EXTENSION
 * carry an outcome: `approve` picks approved or refused (for an extension,
 * both go back to departed; only the approved one moves the planned
 * return). Other actions ignore `approve`. */
status trip_transition(trip_state from, trip_action a, bool approve, trip_state *to, error *e);
/* Bit i set when action i is allowed in `s`. */
unsigned trip_allowed_actions(trip_state s);
/* The party each action belongs to (TRIP_DEPART is the member's). */
trip_party trip_action_party(trip_action a);
/* Who the trip waits for in `s`: the party of its allowed actions other
 * than withdraw, cancel and request_extension (those are the member's
 * choices, not a step awaited); TRIP_PARTY_NONE in a final state (refused,
 * closed, withdrawn, cancelled). approved and departed wait for the member
 * (to depart, to return). extension_requested waits for the committee's
 * decision (the member's return, which lapses the request, is not awaited). */
trip_party trip_waiting_for(trip_state s);
/* refused, closed, withdrawn, cancelled. */
bool trip_state_final(trip_state s);
/* The member is abroad: departed or extension_requested. */
bool trip_state_abroad(trip_state s);

/* ---- the record ---- */

#define TRIP_OPINION_AGREE    "agree"
#define TRIP_OPINION_DISAGREE "disagree"

typedef struct trip {
    int64_t id, version, member_id;
    const char *member_name; /* filled on reads */
    int64_t unit_id;         /* the member's official unit, filled on reads */
    const char *unit_code, *unit_name, *unit_path;
    trip_state state;
    trip_purpose purpose;
    const char *purpose_detail; /* required for TRIP_PRIVATE_OTHER, else optional */
    const char **countries;     /* ISO 3166-1 alpha-2, not "VN", no repeats, in order given */
    size_t n_countries;
    date_t planned_departure, planned_return;
    date_t extended_return;  /* the approved extension's new return; DATE_NONE if none */
    date_t requested_return; /* a pending or the last requested extension; DATE_NONE */
    trip_payer payer;
    const char *payer_note;                 /* required for TRIP_PAYER_OTHER */
    const char *decision_number;            /* the sending body's; required for TRIP_OFFICIAL */
    int64_t delegation_id;                  /* 0: travelling alone */
    date_t actual_departure, actual_return; /* DATE_NONE until recorded */
    date_t submitted_on;                    /* Vietnam date of submission; DATE_NONE */
    const char *cell_opinion;               /* "agree", "disagree", NULL before */
    const char *cell_comment;
    const char *decision;         /* "approved", "refused", NULL before */
    const char *decision_reasons; /* required when refused */
    date_t decided_on;
    const char *report_text; /* the post-trip report; NULL before */
    date_t report_submitted_on;
    const char *report_opinion; /* the cell's review of the report */
    const char *report_comment;
    const char *created_at, *updated_at;
} trip;

/* What a person typed to create or edit a draft. NULL: not given (on an
 * edit, unchanged); "" or only blanks: cleared (DATE_NONE, NULL,
 * TRIP_PAYER_NONE), except purpose, which a trip always has. countries:
 * n_countries names when countries_given (zero clears the list). */
typedef struct trip_input {
    const char *purpose, *purpose_detail;
    const char **countries;
    size_t n_countries;
    bool countries_given;
    const char *planned_departure, *planned_return;
    const char *payer, *payer_note, *decision_number;
    int64_t delegation_id; /* -1: not given; 0: none */
} trip_input;

/* Normalize `in` over `base` (NULL for a new trip) into *out: text NFC-
 * checked by the caller already; here the enums parsed, the dates parsed
 * (planned_departure on or before planned_return, the stay at most
 * LIMIT_TRIP_DAYS), country codes upper-cased and checked against the ISO
 * list (domain/country), "VN" refused, repeats refused, 1..LIMIT_TRIP_COUNTRIES,
 * lengths within limits.h. Every problem appends to errs with its field:
 * "required", "trip_purpose_invalid", "trip_payer_invalid", "date_invalid",
 * "trip_dates_order", "trip_too_long", "country_invalid", "trip_country_home",
 * "trip_country_repeated", "trip_countries_too_many", "text_too_long".
 * Returns ST_INVALID when any, ST_NOMEM when the list could not grow.
 * Fields a draft may leave empty (all but purpose) are not "required"
 * here: trip_missing says what submission needs. */
status trip_normalize(const trip_input *in, const trip *base, arena *a, trip *out, errlist *errs);

/* What the trip still lacks before it may be submitted, as errors with
 * fields ("required" on "countries", "planned_departure", "planned_return",
 * "payer", "purpose_detail" (other private purpose), "payer_note" (other
 * payer), "decision_number" (official work); "trip_document_missing" with
 * field "attachments" and arg the document kind for each document the
 * purpose requires (trip_documents_required) not among `have` (bit i:
 * a document of kind i is attached)). ST_OK when nothing is missing. */
status trip_missing(const trip *t, unsigned have_docs, errlist *errs);
/* Bit i set when the purpose requires a document of kind i before
 * submission: the sending decision for official, study and labour; the
 * commitment about relatives abroad for a visit to relatives. */
unsigned trip_documents_required(trip_purpose p);

/* The planned return in force: the approved extension's, else the plan. */
date_t trip_effective_return(const trip *t);

/* ---- deadlines ---- */

typedef struct trip_deadlines {
    /* The last day to file the post-trip report (DATE_NONE before the
     * actual return): rules->report_days working days after the actual
     * return, or calendar days when rules->report_in_calendar_days. */
    date_t report_due;
    /* Not back: the last day of grace after the effective planned return
     * (rules->return_grace_workdays working days after it); from the next
     * working day the member is overdue. DATE_NONE unless abroad or
     * approved past its planned return. */
    date_t return_grace_until;
    date_t return_overdue_from; /* the working day after return_grace_until */
    bool report_late;           /* filed after report_due, or not filed and today > report_due */
    bool return_late;   /* abroad (or approved and not departed) and today >= return_overdue_from */
    bool declared_late; /* submitted on or after the actual (or planned) departure */
    /* The next date the trip's progress hangs on, and the calendar days
     * from today to it (negative when past): before the decision and when
     * approved, the planned departure (the decision must come first); abroad,
     * the effective planned return; returned, report_due. DATE_NONE and 0
     * in the other states. */
    date_t next_deadline;
    int days_left;
} trip_deadlines;

/* The trip's deadlines as of `today`, with the rule set in force for the
 * member's unit on the relevant date and the calendar's overrides.
 * Errors: the calendar's ("calendar_out_of_range") for dates beyond it. */
status trip_deadlines_compute(const trip *t, const rule_set *rules, date_t today,
                              const calendar_override *ov, size_t nov, trip_deadlines *out,
                              error *e);

#endif
