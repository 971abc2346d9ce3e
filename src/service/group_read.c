/*
 * group_read.c -- the temporary groups of delegations, read for the API
 * (service/group_read.h).
 *
 * Reads only, in one read transaction, each delegation looked up within
 * the actor's scope first. This file must never write, hold SQL or decide
 * anything about a group: service/groups.c forms and dissolves them.
 */
#include "service/group_read.h"

#include "service/svc_internal.h"
#include "store/transfer_store.h"
#include "store/trip_store.h"

status svc_delegation_groups(svc *s, const int64_t *ids, size_t n, delegation_group *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK && n > 0)
        st = store_begin_read(s->db, e);
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        store_delegation d;
        store_group g = {0};
        st = store_delegation_get(s->db, s->a, svc_scope(s), ids[i], &d, e);
        if (st == ST_OK)
            st = store_group_get(s->db, ids[i], &g, e);
        if (st == ST_OK)
            out[i] = (delegation_group){.unit_id = g.unit_id,
                                        .formed_on = g.unit_id ? g.formed_on : DATE_NONE,
                                        .dissolved_on = g.unit_id ? g.dissolved_on : DATE_NONE};
    }
    if (n > 0)
        store_rollback(s->db);
    return st;
}
