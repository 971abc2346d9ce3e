/*
 * alerts_list.c -- the alerts a compliance scan kept, listed for the API,
 * and the names of the members a compliance report names
 * (service/alerts_list.h).
 *
 * Reads only, each in one read transaction, within the actor's scope (a
 * member: their own alerts). This file must never write, audit, hold SQL
 * or judge a finding: the scan (service/compliance.c) and the engine
 * (domain/compliance.c) do.
 */
#include "service/alerts_list.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "service/svc_internal.h"
#include "store/compliance_store.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* The subtree and member to list, and the page, checked. */
typedef struct alert_filter {
    const char *scope;
    int64_t member_id, after_id;
    int limit;
} alert_filter;

static status filter_of(svc *s, const alert_query *q, alert_filter *f, error *e)
{
    *f = (alert_filter){.scope = svc_scope(s), .member_id = q->member_id};
    int lim = q->limit;
    f->limit = lim <= 0 ? LIMIT_PAGE_DEFAULT : lim > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX : lim;
    if (q->cursor && q->cursor[0] && (!str_to_i64(q->cursor, &f->after_id) || f->after_id <= 0))
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    if (s->who->role == ROLE_MEMBER) {
        int64_t own = s->who->member_id;
        if (own == 0 || (q->member_id && q->member_id != own))
            return err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
        f->member_id = own;
    }
    if (q->unit_id) {
        unit u;
        status st = store_unit_get(s->db, s->a, svc_scope(s), q->unit_id, &u, e);
        if (st != ST_OK)
            return st;
        f->scope = u.path;
    }
    return ST_OK;
}

static void alert_of(const store_alert *r, alert *out)
{
    *out = (alert){.id = r->id,
                   .rule_code = r->rule,
                   .rule = compliance_rule_by_code(r->rule),
                   .member_id = r->member_id,
                   .member_name = r->member_name,
                   .trip_id = r->trip_id,
                   .transfer_id = r->transfer_id,
                   .exemption_id = r->exemption_id,
                   .party = r->party,
                   .due = r->due,
                   .since = r->since,
                   .opened_at = r->opened_at,
                   .resolved_at = r->resolved_at};
}

status svc_alerts_list(svc *s, const alert_query *q, alert **out, size_t *n,
                       const char **next_cursor, error *e)
{
    *out = NULL;
    *n = 0;
    *next_cursor = NULL;
    alert_filter f;
    store_alert *rows = NULL;
    size_t count = 0;
    bool more = false;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = filter_of(s, q, &f, e);
    if (st == ST_OK)
        st = store_alerts_list(s->db, s->a, f.scope, q->all, f.member_id, f.after_id, f.limit,
                               &rows, &count, &more, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    alert *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return nomem(e);
    for (size_t i = 0; i < count; i++)
        alert_of(&rows[i], &items[i]);
    if (more && count && !(*next_cursor = arena_printf(s->a, "%" PRId64, rows[count - 1].id)))
        return nomem(e);
    *out = items;
    *n = count;
    return ST_OK;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The name of each distinct id (sorted in uniq[0..nu)) into uname[]. */
static status names_of(svc *s, const int64_t *uniq, size_t nu, const char **uname, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    for (size_t i = 0; st == ST_OK && i < nu; i++) {
        member m;
        uname[i] = NULL;
        st = store_member_get(s->db, s->a, svc_scope(s), uniq[i], &m, e);
        if (st == ST_OK)
            uname[i] = m.full_name;
        else if (st == ST_NOT_FOUND)
            st = ST_OK;
    }
    store_rollback(s->db);
    return st;
}

status svc_member_names(svc *s, const int64_t *ids, size_t n, const char **names, error *e)
{
    if (n == 0)
        return ST_OK;
    int64_t *uniq = arena_alloc_array(s->a, n, sizeof *uniq);
    const char **uname = arena_alloc_array(s->a, n, sizeof *uname);
    if (!uniq || !uname)
        return nomem(e);
    memcpy(uniq, ids, n * sizeof *uniq);
    qsort(uniq, n, sizeof *uniq, cmp_id);
    size_t nu = 0;
    for (size_t i = 0; i < n; i++)
        if (nu == 0 || uniq[nu - 1] != uniq[i])
            uniq[nu++] = uniq[i];
    status st = names_of(s, uniq, nu, uname, e);
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        const int64_t *hit = bsearch(&ids[i], uniq, nu, sizeof *uniq, cmp_id);
        names[i] = hit ? uname[hit - uniq] : NULL;
    }
    return st;
}
