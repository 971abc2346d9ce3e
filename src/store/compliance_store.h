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

#endif
