/*
 * compliance_store.h -- reading members' records for the compliance engine
 * (store/compliance.c).
 *
 * A scan walks the members of a scope who have records to check, one by one, and
 * hands each member's records to a callback in the shape
 * domain/compliance.h evaluates. Memory for one member comes from a
 * scratch arena that is emptied before the next, so a scan of the whole
 * country holds one member at a time.
 */
#ifndef CAUNOI_COMPLIANCE_STORE_H
#define CAUNOI_COMPLIANCE_STORE_H

#include "domain/compliance.h"
#include "store/store.h"

/* Called once per member with a trip past draft, a transfer or an
 * exemption; a status other than ST_OK stops the scan and is returned. `m` and everything it points
 * to live until the callback returns. */
typedef status (*store_compliance_fn)(void *ctx, const compliance_member *m, error *e);

/* The members of `scope` (one member when member_id is not 0) who had not
 * left or died by `as_of`, in id order, with their trips (drafts left out:
 * they promise nothing), transfers and exemptions.
 * Errors: the database's; ST_NOMEM. */
status store_compliance_each(db *d, arena *scratch, const char *scope, int64_t member_id,
                             date_t as_of, store_compliance_fn fn, void *ctx, error *e);

/* The countries with a unit abroad open on `on` (founded by then, not
 * dissolved, not a temporary unit), sorted, in `a`. */
status store_countries_with_units(db *d, arena *a, date_t on, const char ***out, size_t *n,
                                  error *e);

/* ---- alerts (store/alerts.c) ---- */

typedef struct store_alert {
    int64_t id;
    const char *key; /* "rule:member:trip:transfer:exemption" */
    const char *rule;
    int64_t member_id, trip_id, transfer_id, exemption_id;
    const char *party;
    date_t due, since;
    const char *opened_at, *resolved_at;
    const char *member_name, *unit_path; /* filled on lists */
} store_alert;

/* Open an alert unless one with its key is open already (*opened false).
 * Requires a write transaction. */
status store_alert_open(db *d, const store_alert *al, const char *now, bool *opened, error *e);
/* The open alerts of the members in `scope`, oldest first (id, key). */
status store_alerts_open(db *d, arena *a, const char *scope, store_alert **out, size_t *n,
                         error *e);
/* Resolve an open alert at `now`. */
status store_alert_resolve(db *d, int64_t id, const char *now, error *e);
/* Alerts of the scope, open ones only unless `all`, newest first, keyset
 * paged on id (after_id 0: the first page); at most `limit`, *more when
 * another page exists. Filled with the member's name. */
status store_alerts_list(db *d, arena *a, const char *scope, bool all, int64_t member_id,
                         int64_t after_id, int limit, store_alert **out, size_t *n, bool *more,
                         error *e);

#endif
