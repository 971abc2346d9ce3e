/*
 * compliance.h -- the compliance engine: what a member owes and what is
 * overdue, as of any date (DOMAIN.md "Trips", "Party activity while
 * abroad", "Deadlines", "Invariants").
 *
 * compliance_evaluate is a pure function. Its input is one member's
 * records as plain values, every step carrying the date it happened; the
 * rule sets and the calendar's overrides; and the date to evaluate as of.
 * A step dated after `as_of` is treated as not (yet) happened, so
 * evaluating a past date reproduces what was known then -- provided the
 * caller passes records as they are now (steps are never deleted, only
 * added with their dates).
 *
 * It returns the obligations (what is due, from whom, by when) and the
 * violations (what is overdue, since when), each with a rule code from the
 * catalogue (compliance_rules; docs/rules.md explains each with its
 * source). Nothing here reads the clock, the database or the time zone.
 */
#ifndef CAUNOI_COMPLIANCE_H
#define CAUNOI_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"
#include "domain/rules.h"
#include "domain/trip.h"

/* ---- the rule catalogue ---- */

typedef enum compliance_rule {
    /* trips */
    RULE_TRIP_UNDECLARED = 0,    /* left without an approval decided before departure */
    RULE_TRIP_OPINION_PENDING,   /* the cell's opinion on a submitted trip */
    RULE_TRIP_DECISION_PENDING,  /* the committee's decision, before departure */
    RULE_TRIP_NOT_RETURNED,      /* abroad past the planned return and the grace */
    RULE_TRIP_REPORT_DUE,        /* the post-trip report after re-entry */
    RULE_TRIP_REPORT_REVIEW,     /* the cell's review of a submitted report */
    RULE_TRIP_REPORT_ACK,        /* the committee's acknowledgement */
    RULE_TRIP_EXTENSION_PENDING, /* an extension request awaiting decision */
    /* party activity abroad */
    RULE_ARR_GROUP,             /* 1-3 months, delegation of 3+: temporary group */
    RULE_ARR_TEMP_TRANSFER,     /* over 3, under 12 months, a unit there: temporary transfer */
    RULE_ARR_OFFICIAL_TRANSFER, /* 12 months or more, a unit there: official transfer */
    RULE_ARR_SINGLE,            /* over 3 months, no unit there: single-member guidance */
    RULE_TRANSFER_NOT_RECEIVED, /* the letter not presented within 30 working days */
    RULE_TRANSFER_BACK,         /* back from a stay with a transfer: transferred back */
    RULE_EXEMPTION_EXPIRED,     /* an exemption ended, the member still abroad, no arrangement */
    RULE_EXEMPTION_NOT_ALLOWED, /* an exemption where a unit abroad can be attended */
    RULE_PROBATION_ABROAD,      /* probation ends while abroad: committee decides */
} compliance_rule;
#define COMPLIANCE_RULE_COUNT 17

typedef struct compliance_rule_info {
    compliance_rule rule;
    const char *code; /* stable: "trip.undeclared", "arrangement.temporary_transfer" */
    const char *name_vi, *name_en;
    trip_party party;   /* who must act */
    const char *source; /* the regulation: "Quy định 58-QĐ/TW (2022)" */
} compliance_rule_info;

/* The catalogue, in compliance_rule order. */
extern const compliance_rule_info compliance_rules[COMPLIANCE_RULE_COUNT];
/* By code; NULL when unknown. */
const compliance_rule_info *compliance_rule_by_code(const char *code);

/* ---- the input: one member's records ---- */

typedef struct compliance_trip {
    int64_t id;
    trip_purpose purpose;
    const char *const *countries;
    size_t n_countries;
    date_t created_on; /* the trip exists from this date */
    date_t planned_departure, planned_return;
    date_t submitted_on; /* DATE_NONE: not (yet) */
    date_t opinion_on;
    date_t decided_on;
    bool approved; /* the decision of decided_on */
    date_t withdrawn_on, cancelled_on;
    date_t actual_departure, actual_return;
    date_t extension_requested_on, extension_decided_on;
    date_t extended_return; /* the approved extension (decided on extension_decided_on) */
    date_t report_submitted_on, report_reviewed_on, acknowledged_on;
    int64_t delegation_id;  /* 0: alone */
    int delegation_members; /* members of the delegation (the member included) */
    date_t group_formed_on; /* the delegation's temporary group decided; DATE_NONE */
} compliance_trip;

typedef enum transfer_kind {
    TRANSFER_TEMPORARY = 0, /* to a unit abroad (or elsewhere), official unit unchanged */
    TRANSFER_OFFICIAL,      /* the official unit becomes the receiving one */
    TRANSFER_SINGLE,        /* to the overseas committee's single-member guidance */
} transfer_kind;

typedef struct compliance_transfer {
    int64_t id;
    transfer_kind kind;
    bool abroad;         /* the receiving unit is abroad (or the overseas committee) */
    bool back;           /* a transfer back home on return */
    const char *country; /* the receiving unit's country; NULL at home */
    int64_t trip_id;     /* the trip it serves, 0 if none */
    date_t issued_on;    /* the introduction letter's date */
    date_t received_on;  /* DATE_NONE: in transit */
    date_t ended_on;     /* returned or cancelled, or the temporary one closed */
} compliance_transfer;

typedef enum exemption_kind {
    EXEMPTION_TEMPORARY = 0, /* tạm miễn sinh hoạt: under 12 months, good reason */
    EXEMPTION_FULL,          /* miễn sinh hoạt: abroad alone / private, no unit there */
} exemption_kind;

typedef struct compliance_exemption {
    int64_t id;
    exemption_kind kind;
    date_t decided_on, starts_on, ends_on; /* ends_on DATE_NONE: open-ended */
    date_t revoked_on;
} compliance_exemption;

typedef struct compliance_member {
    int64_t id;
    const char *unit_path; /* for the rule sets */
    date_t admitted_on;    /* probationary from this date ... */
    date_t official_on;    /* ... until this one (DATE_NONE: still) */
    const compliance_trip *trips;
    size_t n_trips;
    const compliance_transfer *transfers;
    size_t n_transfers;
    const compliance_exemption *exemptions;
    size_t n_exemptions;
} compliance_member;

/* Which countries have a party unit abroad open on a date (the table's
 * "no unit in the destination"). */
typedef bool (*compliance_country_fn)(void *ctx, const char *country, date_t on);

typedef struct compliance_env {
    const rule_set *rule_sets; /* every set (rule_set_pick chooses) */
    size_t n_rule_sets;
    const calendar_override *overrides;
    size_t n_overrides;
    compliance_country_fn country_has_unit;
    void *country_ctx;
} compliance_env;

/* ---- the output ---- */

typedef struct compliance_item {
    compliance_rule rule;
    int64_t member_id;
    int64_t trip_id;     /* 0 when none */
    int64_t transfer_id; /* 0 when none */
    int64_t exemption_id;
    trip_party party; /* who must act */
    date_t due;       /* the last day on time; DATE_NONE when the rule sets none */
    date_t since;     /* violations: the first day overdue; obligations: when it arose */
} compliance_item;

typedef struct compliance_result {
    compliance_item *obligations; /* open, not yet overdue */
    size_t n_obligations;
    compliance_item *violations; /* overdue or broken */
    size_t n_violations;
    /* DOMAIN.md "Invariants": abroad (as of as_of) on a stay of more than
     * the temporary-transfer threshold, with no transfer, single-member
     * guidance or exemption covering as_of. The dashboard's headline. */
    bool abroad_without_arrangement;
    bool abroad;         /* departed and not returned as of as_of */
    const char *country; /* the first destination while abroad, else NULL */
} compliance_result;

/* Evaluate member `m` as of `as_of`. Arrays of the result come from `a`.
 * Errors: ST_NOMEM "out_of_memory"; the calendar's ("calendar_out_of_range")
 * when a date lies beyond it. */
status compliance_evaluate(const compliance_member *m, const compliance_env *env, date_t as_of,
                           arena *a, compliance_result *out, error *e);

/* The planned length of a stay in the table's terms, from departure to
 * return (extensions approved by `as_of` included): 0 under 1 month,
 * 1 for 1 to 3 months inclusive, 2 over 3 and under the official
 * threshold, 3 from it (rules->official_transfer_strict: over it). Months
 * are Civil Code months (date_add_months). */
int compliance_stay_band(date_t departure, date_t planned_return, const rule_set *rules);

#endif
