/*
 * compliance_internal.h -- the compliance check inside the caller's
 * transaction, for use cases that read other figures beside it in the
 * same snapshot (service/dashboard.c). Nothing outside src/service/
 * includes this file.
 */
#ifndef CAUNOI_COMPLIANCE_INTERNAL_H
#define CAUNOI_COMPLIANCE_INTERNAL_H

#include "service/compliance.h"

/* svc_compliance_check of the subtree at `scope` (a path the caller has
 * checked against the actor's scope) as of `as_of` (a date inside the
 * calendar), inside the caller's read or write transaction. *out is filled
 * (as_of set by the caller); on failure it may hold part of the findings.
 * Errors: the database's; ST_NOMEM; ST_NOT_FOUND "member_not_found" for a
 * member account without a member. */
status svc_compliance_check_tx(svc *s, const char *scope, date_t as_of, compliance_report *out,
                               error *e);

#endif
