/*
 * receivers_store.h -- the units a transfer of party activity may be
 * addressed to abroad (store/receivers.c): every unit abroad and every
 * overseas committee of the installation, whatever the reader's scope (a
 * transfer leaves the sending subtree by nature).
 *
 * Only identifying columns are read (no members, no counts), so listing
 * them outside a scope reveals nothing of another subtree's records.
 */
#ifndef CAUNOI_RECEIVERS_STORE_H
#define CAUNOI_RECEIVERS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/unit.h"
#include "store/store.h"

typedef struct store_receiver {
    int64_t id;
    unit_kind kind;
    const char *code, *name;
    char country[3];       /* "" for an overseas committee (at home) */
    const char *cell_type; /* NULL when none */
    bool overseas_committee;
} store_receiver;

/* The units not dissolved on `today` (and not temporary groups) that have a
 * country, and the committees at home with a child abroad (the overseas
 * committee, which guides single-member transfers): the committees
 * first, then by country and code. Strings from `a`. */
status store_receivers(db *d, arena *a, date_t today, store_receiver **out, size_t *n, error *e);

#endif
