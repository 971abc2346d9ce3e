/*
 * receivers.h -- where a transfer of party activity may be addressed
 * abroad (service/receivers.c): the picker of the transfer form (docs/api.md
 * "Transfers", GET /units/receivers).
 *
 * The receiving unit of a transfer lies outside the sending subtree by
 * nature (a unit abroad, or the overseas committee guiding a member where
 * no unit exists), so this list is installation-wide: it names units
 * (code, name, country, overseas cell type) and nothing of their members.
 * Whether a given transfer is allowed is still decided on issuing
 * (svc_transfer_issue, domain/transfer.h).
 */
#ifndef CAUNOI_SERVICE_RECEIVERS_H
#define CAUNOI_SERVICE_RECEIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/unit.h"
#include "service/service.h"

typedef struct transfer_receiver {
    int64_t id;
    unit_kind kind;
    const char *code, *name;
    const char *country;     /* ISO 3166-1 alpha-2; NULL for an overseas committee */
    const char *cell_type;   /* overseas cell type code, NULL when none */
    bool overseas_committee; /* a committee at home with units abroad: single transfers */
} transfer_receiver;

/* Every unit abroad and every overseas committee not dissolved today (and
 * not a delegation's temporary group): the committees first, then by
 * country and code. Officers and administrators, who issue transfers (and
 * the operator); others ST_FORBIDDEN "forbidden". Reading only, one read
 * transaction, nothing audited (no member is opened). Strings in s->a. */
status svc_transfer_receivers(svc *s, transfer_receiver **out, size_t *n, error *e);

#endif
