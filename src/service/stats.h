/*
 * stats.h -- the statistics of a subtree over a period, and the review
 * report that sets a period beside the one before it (issue 6; docs/api.md
 * "Statistics"). service/stats.c computes them; store/stats.c counts.
 *
 * What each figure counts (the same definitions the API, the CLI, the PDF
 * and the XLSX show; docs/api.md "Statistics" says it for people):
 *   trips           trips of the scope's members that left Vietnam in the
 *                   period (actual_departure in [from, to]): by year of
 *                   departure, by purpose, by destination country (a trip to
 *                   two countries counts once in each, so the countries may
 *                   sum to more than the total), and by unit: the direct
 *                   children of the unit counted, each with its subtree, and
 *                   the unit itself for members attached to it directly.
 *   abroad          members of the scope abroad on `abroad_on` = min(to,
 *                   today): departed on or before it, not back by it (as the
 *                   compliance engine says "abroad"), each member once; by the
 *                   first destination of the trip abroad, and by the
 *                   overseas cell type of the unit attended abroad that day
 *                   (service/dashboard.h's rule; NULL: attending none).
 *   arrangements    transfers issued in the period (not cancelled) by kind
 *                   ("temporary", "official", "single"; transfers back home
 *                   counted apart in transfers_back); exemptions decided in
 *                   the period by kind ("temporary", "full"); delegations'
 *                   temporary groups formed in the period.
 *   reports         the post-trip reports of the trips that came back in the
 *                   period (actual_return in [from, to]), each against its
 *                   deadline (the rule set in force for the member's unit on
 *                   the day of return, working or calendar days, the
 *                   calendar's overrides): on time, late (filed after the
 *                   deadline), overdue (not filed, deadline before today),
 *                   pending (not filed, not yet due): as the records stand
 *                   today, so a report filed after the period still counts. The delay
 *                   is the calendar days from the deadline to the filing;
 *                   avg_delay_days its mean over the late reports (0 when
 *                   none).
 *   violations      the violations that BEGAN in the period (the first day
 *                   overdue in [from, to]), by rule and by year of that day:
 *                   read from the alerts the compliance scan keeps (each
 *                   finding once, resolved or not), not by re-running the
 *                   engine, so a national twenty-year figure stays a GROUP
 *                   BY. A violation no scan saw (a scan not run) is not
 *                   counted: the daily scan runs with the server, `caunoi
 *                   check --save` by hand.
 * Every list is ordered by n descending then key, except by_year (year
 * order) and violations_by_rule_year (rule, then year).
 *
 * Reading only, in one read transaction; nothing is audited (a figure is
 * not a record opened). Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_STATS_H
#define CAUNOI_SERVICE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/limits.h"
#include "service/service.h"

/* The longest period accepted: STATS_PERIOD_MAX_YEARS (core/limits.h). */

typedef struct stats_query {
    int64_t unit_id; /* 0: the actor's own unit (the whole installation without one) */
    date_t from, to; /* inclusive; from <= to, both inside the calendar's years */
} stats_query;

/* One row of a breakdown. */
typedef struct stats_count {
    const char *key;  /* stable: "2024", "study", "JP", a unit's code, a cell type's code */
    const char *name; /* for people, in s->lg: the purpose's, country's, unit's name */
    int64_t n;
} stats_count;

typedef struct stats_rule_year {
    const char *rule;      /* a compliance rule code (docs/rules.md) */
    const char *rule_name; /* in s->lg */
    int year;
    int64_t n;
} stats_rule_year;

typedef struct stats_list {
    stats_count *items;
    size_t n;
} stats_list;

typedef struct stats {
    /* The subtree: unit_id 0 (code and name NULL) for the whole installation. */
    int64_t unit_id;
    const char *unit_code, *unit_name;
    date_t from, to;
    date_t abroad_on; /* min(to, today) */

    int64_t trips;         /* left in the period */
    stats_list by_year;    /* key "YYYY", every year of the period, zeros included */
    stats_list by_purpose; /* key trip_purpose_name */
    stats_list by_country; /* key ISO 3166 alpha-2 */
    stats_list by_unit;    /* key unit code of a child, or of the unit itself */

    int64_t abroad;                 /* members abroad on abroad_on */
    stats_list abroad_by_country;   /* sums to abroad ("" key: no destination recorded) */
    stats_list abroad_by_cell_type; /* key NULL: attending no unit abroad; sums to abroad */

    stats_list transfers_by_kind;  /* "temporary", "official", "single"; back ones excluded */
    int64_t transfers_back;        /* transfers home after a stay abroad */
    stats_list exemptions_by_kind; /* "temporary", "full" */
    int64_t groups_formed;         /* delegations' temporary groups */

    int64_t reports_on_time, reports_late, reports_overdue, reports_pending;
    double avg_delay_days; /* over reports_late; 0 when none */

    int64_t violations;                       /* began in the period */
    stats_list violations_by_rule;            /* key rule code */
    stats_rule_year *violations_by_rule_year; /* rule (catalogue order), then year */
    size_t n_violations_by_rule_year;
} stats;

/* The statistics of the subtree of q->unit_id over [q->from, q->to].
 * Staff only. Errors, in this order: ST_FORBIDDEN "forbidden" (ROLE_MEMBER);
 * ST_INVALID "stats_period" (field "from": DATE_NONE given, from > to, or
 * longer than STATS_PERIOD_MAX_YEARS), "calendar_out_of_range" (field "from"
 * or "to": a year outside the calendar's); ST_NOT_FOUND "unit_not_found" (a
 * unit outside the actor's scope); the database's; ST_NOMEM. On failure
 * *out is zeroed. */
status svc_stats(svc *s, const stats_query *q, stats *out, error *e);

/* One headline figure of the two periods, for the comparison table. */
typedef struct stats_change {
    const char *key;  /* "trips", "abroad", "transfers", "transfers_back", "exemptions",
                         "groups_formed", "reports_on_time", "reports_late",
                         "reports_overdue", "violations" (this order) */
    const char *name; /* in s->lg */
    int64_t current, previous;
} stats_change;
#define STATS_CHANGES 10

/* The review report: the statistics of [from, to] and of the period of
 * equal length just before it (previous.to = from - 1), and the headline
 * figures side by side (transfers: the sum by kind; exemptions: by kind). */
typedef struct review_report {
    int64_t unit_id; /* as in stats */
    const char *unit_code, *unit_name;
    date_t generated_on; /* s->today */
    stats current;
    stats previous;
    stats_change changes[STATS_CHANGES];
} review_report;

/* The review report of the subtree of unit_id (0: as svc_stats) for
 * [from, to], both periods read in one snapshot. Errors as svc_stats's (the
 * previous period must lie inside the calendar too: "calendar_out_of_range"
 * on "from"). On failure *out is zeroed. */
status svc_review_report(svc *s, int64_t unit_id, date_t from, date_t to, review_report *out,
                         error *e);

/* The row of `list` with `key` (NULL key matches a NULL key), or NULL: for
 * the faces that set the two periods side by side. */
const stats_count *stats_list_find(const stats_list *list, const char *key);

#endif
