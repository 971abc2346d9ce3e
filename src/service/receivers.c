/*
 * receivers.c -- the units a transfer may be addressed to abroad, for the
 * transfer form's picker (service/receivers.h).
 *
 * Officers and administrators read the installation's units abroad and
 * overseas committees through store/receivers.c. This file must never
 * write SQL, read a member, or decide whether a transfer is allowed: the
 * issue use case does.
 */
#include "service/receivers.h"

#include "service/svc_internal.h"
#include "store/receivers_store.h"

static bool may_issue(const svc *s)
{
    if (!s->who)
        return true; /* the operator */
    return s->who->role == ROLE_OFFICER || s->who->role == ROLE_ADMIN;
}

status svc_transfer_receivers(svc *s, transfer_receiver **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK && !may_issue(s))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    store_receiver *rows = NULL;
    size_t count = 0;
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK) {
        st = store_receivers(s->db, s->a, s->today, &rows, &count, e);
        store_rollback(s->db);
    }
    if (st != ST_OK)
        return st;
    transfer_receiver *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < count; i++) {
        const store_receiver *r = &rows[i];
        items[i] =
            (transfer_receiver){.id = r->id,
                                .kind = r->kind,
                                .code = r->code,
                                .name = r->name,
                                .country = r->country[0] ? arena_strdup(s->a, r->country) : NULL,
                                .cell_type = r->cell_type,
                                .overseas_committee = r->overseas_committee};
        if (r->country[0] && !items[i].country)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    *out = items;
    *n = count;
    return ST_OK;
}
