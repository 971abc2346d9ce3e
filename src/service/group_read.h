/*
 * group_read.h -- a delegation's temporary group as the API shows it
 * (service/group_read.c): which unit, formed and dissolved when.
 *
 * Interim: the group belongs in service/trip.h's `delegation` record
 * (filled by svc_delegation_get and _list); this read moves there when
 * its owner adds the fields.
 *
 * Ownership: nothing allocated.
 */
#ifndef CAUNOI_SERVICE_GROUP_READ_H
#define CAUNOI_SERVICE_GROUP_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "service/service.h"

typedef struct delegation_group {
    int64_t unit_id;     /* 0: no group formed */
    date_t formed_on;    /* DATE_NONE when none */
    date_t dissolved_on; /* DATE_NONE while it lasts */
} delegation_group;

/* The groups of delegations ids[0..n), each within the actor's scope, in
 * one read. Errors: ST_NOT_FOUND "delegation_not_found" (outside the scope
 * or absent), the database's. */
status svc_delegation_groups(svc *s, const int64_t *ids, size_t n, delegation_group *out, error *e);

#endif
