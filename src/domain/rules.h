/*
 * rules.h -- the rule sets: the deadlines and thresholds DOMAIN.md marks as
 * settings, and which set is in force for a unit on a date.
 *
 * A rule set belongs to a subtree (its unit; the whole installation when
 * none) from a date on. Sets are added, never edited or removed once in
 * force, so evaluating a past date reproduces the rules of that date. The
 * set in force for a unit on a date is, among the sets of the unit and its
 * ancestors that are in force on that date, the one of the deepest unit,
 * and for that unit the latest effective date. Where no set applies, the
 * defaults (rule_set_defaults) do.
 *
 * Pure: no clock, no database; the store loads the candidate rows.
 */
#ifndef CAUNOI_RULES_H
#define CAUNOI_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "core/limits.h"

typedef struct rule_set {
    int64_t id;            /* 0: the built-in defaults */
    int64_t unit_id;       /* 0: the whole installation */
    const char *unit_path; /* "/" for the whole installation */
    date_t effective_from;
    /* Trips (DOMAIN.md "Trips"): the post-trip report is due report_days
     * working days after re-entry (7), or calendar days when
     * report_in_calendar_days (some units use 15 calendar days). */
    int report_days;
    bool report_in_calendar_days;
    /* Not back by the planned return: alert after this many working days (2). */
    int return_grace_workdays;
    /* A member under an open disciplinary review cannot be approved (on). */
    bool review_blocks_approval;
    /* Party activity abroad (DOMAIN.md table), for the compliance engine:
     * months of stay from which each arrangement is required. */
    int group_min_months;          /* 1: temporary group for a delegation */
    int group_min_members;         /* 3 */
    int temp_transfer_months;      /* 3: over this, a temporary transfer */
    int official_transfer_months;  /* 12: from this, an official transfer */
    bool official_transfer_strict; /* false: "12 or more"; true: "more than 12" */
    int transfer_receive_workdays; /* 30: letter presented within this */
    int probation_reminder_days;   /* 30: calendar days ahead of probation's end */
    const char *note;              /* why the set was made (the decision it follows) */
    const char *created_by, *created_at;
} rule_set;

/* The bounds rule_set_check keeps are RULE_*_MAX/MIN in core/limits.h. */

/* The defaults of DOMAIN.md, in force from the calendar's first year. */
void rule_set_defaults(rule_set *out);

/* Check a set an administrator enters: each number within its bounds
 * (report_days 0..60, return_grace_workdays 0..30, months 0..120 in
 * increasing order group <= temp_transfer <= official_transfer,
 * group_min_members 2..50, transfer_receive_workdays 1..120,
 * probation_reminder_days 0..365) -> "rule_value_range" with the field
 * name as field and arg "lo..hi"; "rule_months_order". Appends each problem;
 * ST_INVALID when any. */
status rule_set_check(const rule_set *r, errlist *errs);

/* The set in force for the unit at `unit_path` on `on` among `sets` (any
 * order, any units; those whose unit_path is not a prefix of unit_path, or
 * not yet in force, are skipped), or the defaults when none applies.
 * *out is a copy (strings borrowed from `sets`). */
void rule_set_pick(const rule_set *sets, size_t n, const char *unit_path, date_t on, rule_set *out);

#endif
