/*
 * exemption_list_store.h -- which exemptions a filtered list shows
 * (store/exemption_list.c): GET /exemptions with its unit, expired and
 * expiring filters, a page of ids at a time; the rows themselves are read
 * with store_exemption_get (store/transfer_store.h), so one reader maps an
 * exemption.
 */
#ifndef CAUNOI_EXEMPTION_LIST_STORE_H
#define CAUNOI_EXEMPTION_LIST_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct store_exemption_filter {
    const char *scope; /* the members' unit subtree (a path) */
    int64_t member_id; /* 0: any */
    date_t today;
    bool expired;         /* not revoked, ended before today */
    date_t expiring_till; /* DATE_NONE: no filter; else not revoked, ending in [today, it] */
    int64_t after_id;     /* 0: from the start; else ids below it */
    int limit;
} store_exemption_filter;

/* The ids of the exemptions of the members of f->scope that pass the
 * filters, id descending, at most f->limit (*more: another follows). The
 * ids are from `a`. */
status store_exemption_ids(db *d, arena *a, const store_exemption_filter *f, int64_t **ids,
                           size_t *n, bool *more, error *e);

#endif
