/*
 * compliance.h -- the compliance check as a use case (service/compliance.c):
 * every member of a subtree through domain/compliance.h's engine, as of a
 * date.
 *
 * Reading only, in one read transaction: the rule sets, the calendar's
 * overrides and the countries that have units are loaded once, then the
 * store walks the members with trips one at a time. A member (ROLE_MEMBER)
 * sees their own findings; other roles their scope.
 *
 * Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_COMPLIANCE_H
#define CAUNOI_SERVICE_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/compliance.h"
#include "service/service.h"

typedef struct compliance_finding {
    compliance_item item;
    bool violation;
    const compliance_rule_info *rule;
} compliance_finding;

/* A member abroad as of the check's date (the dashboard's breakdowns). */
typedef struct compliance_abroad {
    int64_t member_id;
    const char *country; /* the first destination of the trip abroad */
    bool without_arrangement;
} compliance_abroad;

typedef struct compliance_report {
    date_t as_of;
    int64_t members_checked;            /* members with trips past draft */
    int64_t members_abroad;             /* departed and not back as of as_of */
    int64_t abroad_without_arrangement; /* the headline: should be 0 */
    compliance_finding *items;          /* violations first, then obligations; each by due date */
    size_t n;
    size_t n_violations;
    compliance_abroad *abroad; /* the members_abroad members, in member id order */
    size_t n_abroad;
} compliance_report;

/* Check the subtree of unit_id (0: the actor's scope; a unit outside it is
 * ST_NOT_FOUND "unit_not_found") as of `as_of` (DATE_NONE: today). A date
 * outside the calendar is ST_INVALID "calendar_out_of_range". */
status svc_compliance_check(svc *s, int64_t unit_id, date_t as_of, compliance_report *out,
                            error *e);

/* ---- alerts: what a scan keeps ---- */

typedef struct alert_scan_report {
    date_t as_of;
    int64_t members_checked;
    int64_t opened;   /* new alerts */
    int64_t resolved; /* alerts whose violation is gone */
    int64_t open;     /* violations open after the scan */
} alert_scan_report;

/* Check the subtree of unit_id (0: the actor's scope) as of today and keep
 * the violations as alerts: the check reads a snapshot (no write lock
 * held while it runs), then one short write transaction brings the
 * alerts in line: an alert is opened
 * for each violation that has none open (never two for the same finding:
 * rule, member, trip, transfer, exemption), and the open alerts of the
 * scope whose violation is gone are resolved, with timestamps. Audited
 * "alerts.scan" with the counts when it opened or resolved any (a scan
 * that changes nothing writes nothing). Officers and administrators (and the
 * operator, `caunoi check --save`, the server's daily run); others
 * ST_FORBIDDEN "forbidden". */
status svc_alerts_scan(svc *s, int64_t unit_id, alert_scan_report *out, error *e);

#endif
