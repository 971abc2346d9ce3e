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

typedef struct compliance_report {
    date_t as_of;
    int64_t members_checked;            /* members with trips past draft */
    int64_t members_abroad;             /* departed and not back as of as_of */
    int64_t abroad_without_arrangement; /* the headline: should be 0 */
    compliance_finding *items;          /* violations first, then obligations; each by due date */
    size_t n;
    size_t n_violations;
} compliance_report;

/* Check the subtree of unit_id (0: the actor's scope; a unit outside it is
 * ST_NOT_FOUND "unit_not_found") as of `as_of` (DATE_NONE: today). A date
 * outside the calendar is ST_INVALID "calendar_out_of_range". */
status svc_compliance_check(svc *s, int64_t unit_id, date_t as_of, compliance_report *out,
                            error *e);

#endif
