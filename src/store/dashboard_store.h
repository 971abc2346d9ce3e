/*
 * dashboard_store.h -- the dashboard's counts (store/dashboard.c): what
 * the compliance engine does not give, counted the way the lists behind
 * the figures select their rows.
 *
 * Every query is scoped: trips, exemptions and the units members attend
 * on members.unit_path like the other scoped reads; transfers like
 * store_transfer_list (sent from, addressed to, or of a member of the
 * scope), so the receiving side abroad counts what it is waiting for.
 */
#ifndef CAUNOI_DASHBOARD_STORE_H
#define CAUNOI_DASHBOARD_STORE_H

#include <stdint.h>

#include "store/store.h"

/* Trips of the scope's members not in a final state (GET /trips?state=open). */
status store_dashboard_trips_open(db *d, const char *scope, int64_t *n, error *e);

/* Exemptions of the scope's members, not revoked: ending on or after
 * `today` and on or before `until` (*expiring), ended before `today`
 * (*expired, GET /exemptions?expired=1). */
status store_dashboard_exemptions(db *d, const char *scope, date_t today, date_t until,
                                  int64_t *expiring, int64_t *expired, error *e);

/* A transfer in transit, with what its deadline is computed from. */
typedef struct store_dashboard_transfer {
    int64_t id;
    const char *member_path; /* the member's unit path: the rule set's */
    date_t issued_on;
} store_dashboard_transfer;
/* The transfers in transit (state issued) the scope sees, id order, in `a`. */
status store_dashboard_transfers_pending(db *d, arena *a, const char *scope,
                                         store_dashboard_transfer **out, size_t *n, error *e);

/* A member of the scope attending a unit abroad on a day. */
typedef struct store_dashboard_attending {
    int64_t member_id;
    /* The overseas cell type of the unit attended, from the nearest unit up
     * the tree that has one ("mixed" when none has). */
    const char *cell_type;
} store_dashboard_attending;
/* The members of the scope with a period (official or temporary) open on
 * `on` in a unit abroad, one row each (a temporary period before the
 * official one, the latest first), in member id order, in `a`. */
status store_dashboard_attending_abroad(db *d, arena *a, const char *scope, date_t on,
                                        store_dashboard_attending **out, size_t *n, error *e);

#endif
