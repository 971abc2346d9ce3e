/*
 * dashboard.h -- the figures of a unit's subtree today (docs/api.md
 * "Dashboard"), as one use case (service/dashboard.c).
 *
 * The figures that come from the compliance engine (members abroad, the
 * headline, reports due and overdue, violations and obligations by rule)
 * are svc_compliance_check's over the same scope as of today, so each
 * equals what GET /compliance lists; the rest are counts of the store
 * (store/dashboard_store.h) that equal the lists behind them:
 *   trips_in_progress    GET /trips?state=open&unit=  (trips not final)
 *   transfers_pending    GET /transfers?state=open&unit=  (in transit)
 *   transfers_overdue    ... of those, the ones with "overdue": true
 *   exemptions_expiring  GET /exemptions: not revoked, ending within the
 *                        next DASHBOARD_EXPIRING_DAYS days (today included)
 *   exemptions_expired   GET /exemptions?expired=1
 *
 * Reading only, in one read transaction; nothing is audited (a figure is
 * not a record opened). Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_DASHBOARD_H
#define CAUNOI_SERVICE_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/limits.h"
#include "service/service.h"

typedef struct dashboard_country {
    const char *country; /* ISO 3166 alpha-2, the first destination of the trip abroad */
    int64_t n;
} dashboard_country;

typedef struct dashboard_cell_type {
    const char *cell_type; /* overseas_cell_types.code; NULL: attending no unit abroad */
    const char *name; /* the type's name in s->lg ("Chưa sinh hoạt ở nước ngoài" for NULL) */
    int64_t n;
} dashboard_cell_type;

typedef struct dashboard_rule {
    const char *rule;      /* a compliance rule code (docs/rules.md) */
    const char *rule_name; /* its name in s->lg */
    int64_t n;
} dashboard_rule;

typedef struct dashboard {
    date_t as_of; /* s->today */
    /* The unit whose subtree is counted; id 0 (code and name NULL) when the
     * whole installation is (an administrator without a unit, the operator). */
    int64_t unit_id;
    const char *unit_code, *unit_name;

    int64_t abroad_without_arrangement;   /* the headline: should read 0 */
    int64_t abroad_now;                   /* departed and not back today */
    dashboard_country *abroad_by_country; /* n desc, then country; sums to abroad_now */
    size_t n_abroad_by_country;
    /* By the type of the unit abroad each member abroad attends today (an
     * official unit abroad, or a temporary period in one, the type taken
     * from the nearest unit up the tree that has one); sums to abroad_now;
     * n desc, then code, the NULL type last. */
    dashboard_cell_type *abroad_by_cell_type;
    size_t n_abroad_by_cell_type;

    int64_t trips_in_progress;
    int64_t reports_due;     /* trip.report_due obligations */
    int64_t reports_overdue; /* trip.report_due violations */
    int64_t transfers_pending;
    int64_t transfers_overdue;
    int64_t exemptions_expiring;
    int64_t exemptions_expired;
    int64_t violations;
    int64_t obligations;
    dashboard_rule *violations_by_rule; /* n desc, then catalogue order; sums to violations */
    size_t n_violations_by_rule;
} dashboard;

/* The dashboard of the subtree of unit_id (0: the actor's own unit, or the
 * whole installation for an actor without one) as of s->today.
 * Staff only. Errors: ST_FORBIDDEN "forbidden" (ROLE_MEMBER); ST_NOT_FOUND
 * "unit_not_found" (a unit outside the actor's scope); the database's;
 * ST_NOMEM. On failure *out is zeroed. */
status svc_dashboard(svc *s, int64_t unit_id, dashboard *out, error *e);

#endif
