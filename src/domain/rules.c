/*
 * rules.c -- the rule sets: DOMAIN.md's defaults, the bounds an
 * administrator's set must keep, and which set is in force for a unit on a
 * date (the nearest unit's, that unit's latest in force).
 *
 * Pure: the candidate sets come from the store, the date from the caller.
 * This file must never read the clock or the database, and never allocate.
 */
#include "domain/rules.h"

#include <stdio.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/unit.h"

void rule_set_defaults(rule_set *out)
{
    memset(out, 0, sizeof *out);
    out->unit_path = "/";
    if (!date_from_ymd(CALENDAR_MIN_YEAR, 1, 1, &out->effective_from))
        out->effective_from = DATE_NONE;
    out->report_days = 7;
    out->report_in_calendar_days = false;
    out->return_grace_workdays = 2;
    out->review_blocks_approval = true;
    out->group_min_months = 1;
    out->group_min_members = 3;
    out->temp_transfer_months = 3;
    out->official_transfer_months = 12;
    out->official_transfer_strict = false;
    out->transfer_receive_workdays = 30;
    out->probation_reminder_days = 30;
}

/* Append "rule_value_range" for `field` unless lo <= v <= hi. */
static void check_range(errlist *errs, const char *field, int v, int lo, int hi, bool *bad,
                        bool *nomem)
{
    if (v >= lo && v <= hi)
        return;
    error e;
    err_setf(&e, ST_INVALID, "rule_value_range", field, "%d..%d", lo, hi);
    *bad = true;
    if (errlist_add(errs, &e) != ST_OK)
        *nomem = true;
}

status rule_set_check(const rule_set *r, errlist *errs)
{
    bool bad = false, nomem = false;
    check_range(errs, "report_days", r->report_days, 0, RULE_REPORT_DAYS_MAX, &bad, &nomem);
    check_range(errs, "return_grace_workdays", r->return_grace_workdays, 0, RULE_GRACE_WORKDAYS_MAX,
                &bad, &nomem);
    check_range(errs, "group_min_months", r->group_min_months, 0, RULE_MONTHS_MAX, &bad, &nomem);
    check_range(errs, "temp_transfer_months", r->temp_transfer_months, 0, RULE_MONTHS_MAX, &bad,
                &nomem);
    check_range(errs, "official_transfer_months", r->official_transfer_months, 0, RULE_MONTHS_MAX,
                &bad, &nomem);
    check_range(errs, "group_min_members", r->group_min_members, RULE_GROUP_MEMBERS_MIN,
                RULE_GROUP_MEMBERS_MAX, &bad, &nomem);
    check_range(errs, "transfer_receive_workdays", r->transfer_receive_workdays, 1,
                RULE_RECEIVE_WORKDAYS_MAX, &bad, &nomem);
    check_range(errs, "probation_reminder_days", r->probation_reminder_days, 0,
                RULE_REMINDER_DAYS_MAX, &bad, &nomem);
    const char *order_field = NULL;
    if (r->temp_transfer_months < r->group_min_months)
        order_field = "temp_transfer_months";
    else if (r->official_transfer_months < r->temp_transfer_months)
        order_field = "official_transfer_months";
    if (order_field) {
        error e;
        err_set(&e, ST_INVALID, "rule_months_order", order_field, NULL);
        bad = true;
        if (errlist_add(errs, &e) != ST_OK)
            nomem = true;
    }
    if (nomem)
        return ST_NOMEM;
    return bad ? ST_INVALID : ST_OK;
}

/* True when the set's subtree holds the unit at `path` (a NULL or empty
 * set path is the whole installation's, "/"). */
static bool holds(const rule_set *r, const char *path)
{
    return unit_path_within(path, r->unit_path && r->unit_path[0] ? r->unit_path : "/");
}

/* True when `c` should be preferred to `best`: a deeper unit (a longer
 * path, since both hold the same unit, one holds the other), then for the
 * same unit a later effective date, then the later id. */
static bool better(const rule_set *c, const rule_set *best)
{
    size_t lc = c->unit_path ? strlen(c->unit_path) : 1;
    size_t lb = best->unit_path ? strlen(best->unit_path) : 1;
    if (lc != lb)
        return lc > lb;
    if (c->effective_from != best->effective_from)
        return c->effective_from > best->effective_from;
    return c->id > best->id;
}

void rule_set_pick(const rule_set *sets, size_t n, const char *unit_path, date_t on, rule_set *out)
{
    const rule_set *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const rule_set *c = &sets[i];
        if (c->effective_from == DATE_NONE || c->effective_from > on || !holds(c, unit_path))
            continue;
        if (!best || better(c, best))
            best = c;
    }
    if (best)
        *out = *best;
    else
        rule_set_defaults(out);
}
