/*
 * exemption_list.h -- the exemptions list with all its filters
 * (service/exemptions.c): GET /exemptions's member, unit, expired and
 * expiring. svc_exemption_list (service/transfer.h) is this with member
 * and expired only.
 */
#ifndef CAUNOI_SERVICE_EXEMPTION_LIST_H
#define CAUNOI_SERVICE_EXEMPTION_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/limits.h"
#include "service/service.h"
#include "service/transfer.h"

typedef struct exemption_query {
    int64_t member_id; /* 0: any */
    int64_t unit_id;   /* the members of this subtree; 0: the actor's scope */
    bool expired;      /* ended before today, not revoked (the dashboard's expired) */
    bool expiring;     /* not revoked, ending within DASHBOARD_EXPIRING_DAYS days from
                          today, today included (the dashboard's expiring) */
    const char *cursor;
    int limit; /* <= 0: LIMIT_PAGE_DEFAULT; capped at LIMIT_PAGE_MAX */
} exemption_query;

/* Exemptions of the scope's members passing every filter given, newest
 * first; `next_cursor` NULL on the last page. Reading only. Errors:
 * ST_INVALID "cursor_invalid" (field "cursor"); ST_NOT_FOUND
 * "unit_not_found" (unit_id outside the scope); the database's; ST_NOMEM.
 * Items in s->a. */
status svc_exemption_find(svc *s, const exemption_query *q, exemption **out, size_t *n,
                          const char **next_cursor, error *e);

#endif
