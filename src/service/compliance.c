/*
 * compliance.c -- the compliance check (service/compliance.h): loads what
 * the engine needs once, walks the members of the scope through the store,
 * and gathers the engine's findings.
 *
 * Holds no rule (domain/compliance.c has them) and no SQL (store/ has it).
 * Reads only: never writes, never audits.
 */
#include "service/compliance.h"
#include "service/compliance_internal.h"

#include <stdlib.h>
#include <string.h>

#include "service/audit.h"
#include "service/calendar.h"
#include "service/svc_internal.h"
#include "store/compliance_store.h"
#include "store/trip_store.h"

typedef struct check {
    svc *s;
    date_t as_of;
    compliance_env env;
    const char **countries;
    size_t n_countries;
    compliance_report *out;
    size_t cap;
    size_t cap_abroad;
    arena eval; /* the engine's arrays for one member */
} check;

static int cmp_country(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

static bool has_unit(void *ctx, const char *country, date_t on)
{
    (void)on; /* the list was loaded for as_of */
    const check *c = ctx;
    return c->n_countries &&
           bsearch(country, c->countries, c->n_countries, sizeof *c->countries, cmp_country);
}

static status keep(check *c, const compliance_item *it, bool violation, error *e)
{
    compliance_report *r = c->out;
    compliance_finding *grown = arena_grow(c->s->a, r->items, r->n, &c->cap, sizeof *grown);
    if (!grown)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    r->items = grown;
    grown[r->n++] = (compliance_finding){
        .item = *it, .violation = violation, .rule = &compliance_rules[it->rule]};
    if (violation)
        r->n_violations++;
    return ST_OK;
}

/* Note a member abroad (the country copied out of the scan's memory). */
static status keep_abroad(check *c, int64_t member_id, const compliance_result *res, error *e)
{
    compliance_report *r = c->out;
    compliance_abroad *grown =
        arena_grow(c->s->a, r->abroad, r->n_abroad, &c->cap_abroad, sizeof *grown);
    const char *country = res->country ? arena_strdup(c->s->a, res->country) : NULL;
    if (!grown || (res->country && !country))
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    r->abroad = grown;
    grown[r->n_abroad++] =
        (compliance_abroad){.member_id = member_id,
                            .country = country,
                            .without_arrangement = res->abroad_without_arrangement};
    return ST_OK;
}

static status one_member(void *ctx, const compliance_member *m, error *e)
{
    check *c = ctx;
    compliance_result res;
    status st = compliance_evaluate(m, &c->env, c->as_of, &c->eval, &res, e);
    if (st == ST_OK && res.abroad)
        st = keep_abroad(c, m->id, &res, e);
    for (size_t i = 0; st == ST_OK && i < res.n_violations; i++)
        st = keep(c, &res.violations[i], true, e);
    for (size_t i = 0; st == ST_OK && i < res.n_obligations; i++)
        st = keep(c, &res.obligations[i], false, e);
    if (st == ST_OK) {
        c->out->members_checked++;
        c->out->members_abroad += res.abroad;
        c->out->abroad_without_arrangement += res.abroad_without_arrangement;
    }
    arena_free(&c->eval);
    return st;
}

static date_t sort_date(const compliance_finding *f)
{
    return f->item.due != DATE_NONE ? f->item.due : f->item.since;
}

static int cmp_finding(const void *pa, const void *pb)
{
    const compliance_finding *a = pa, *b = pb;
    if (a->violation != b->violation)
        return a->violation ? -1 : 1;
    date_t da = sort_date(a), db_ = sort_date(b);
    if (da != db_)
        return da < db_ ? -1 : 1;
    if (a->item.member_id != b->item.member_id)
        return a->item.member_id < b->item.member_id ? -1 : 1;
    return (int)a->item.rule - (int)b->item.rule;
}

/* The scope path to check: the unit's (inside the actor's scope) or the
 * actor's own. */
static status check_scope(svc *s, int64_t unit_id, const char **scope, error *e)
{
    *scope = svc_scope(s);
    if (unit_id == 0)
        return ST_OK;
    unit u;
    status st = svc_unit_get(s, unit_id, &u, e);
    if (st == ST_OK)
        *scope = u.path;
    return st;
}

status svc_compliance_check_tx(svc *s, const char *scope, date_t as_of, compliance_report *out,
                               error *e)
{
    check c = {.s = s, .out = out, .eval = ARENA_INIT, .as_of = as_of};
    rule_set *sets = NULL;
    size_t n_sets = 0;
    calendar_override *ov = NULL;
    size_t nov = 0;
    status st = store_rule_sets(s->db, s->a, &sets, &n_sets, e);
    if (st == ST_OK)
        st = svc_calendar_overrides_tx(s, DATE_NONE, &ov, &nov, e);
    if (st == ST_OK)
        st = store_countries_with_units(s->db, s->a, as_of, &c.countries, &c.n_countries, e);
    c.env = (compliance_env){.rule_sets = sets,
                             .n_rule_sets = n_sets,
                             .overrides = ov,
                             .n_overrides = nov,
                             .country_has_unit = has_unit,
                             .country_ctx = &c};
    int64_t only = s->who->role == ROLE_MEMBER ? s->who->member_id : 0;
    if (st == ST_OK && s->who->role == ROLE_MEMBER && only == 0)
        st = err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
    arena scratch = ARENA_INIT;
    if (st == ST_OK)
        st = store_compliance_each(s->db, &scratch, scope, only, as_of, one_member, &c, e);
    arena_free(&scratch);
    arena_free(&c.eval);
    if (st == ST_OK && out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_finding);
    return st;
}

/* The context checks both use cases share: ready, as_of in the calendar,
 * the unit in scope. */
static status prepare(svc *s, int64_t unit_id, date_t *as_of, const char **scope, error *e)
{
    if (*as_of == DATE_NONE)
        *as_of = s->today;
    status st = svc_ready(s, e);
    int y = 0, mo, dd;
    date_to_ymd(*as_of, &y, &mo, &dd);
    if (st == ST_OK && (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR))
        st = err_set(e, ST_INVALID, "calendar_out_of_range", "as_of", NULL);
    if (st == ST_OK)
        st = check_scope(s, unit_id, scope, e);
    return st;
}

status svc_compliance_check(svc *s, int64_t unit_id, date_t as_of, compliance_report *out, error *e)
{
    memset(out, 0, sizeof *out);
    const char *scope = NULL;
    status st = prepare(s, unit_id, &as_of, &scope, e);
    out->as_of = as_of;
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = svc_compliance_check_tx(s, scope, as_of, out, e);
    store_rollback(s->db);
    if (st != ST_OK)
        memset(out, 0, sizeof *out);
    return st;
}

/* ---- the scan that keeps alerts ---- */

static const char *finding_key(svc *s, const compliance_item *it)
{
    return arena_printf(s->a, "%s:%lld:%lld:%lld:%lld", compliance_rules[it->rule].code,
                        (long long)it->member_id, (long long)it->trip_id,
                        (long long)it->transfer_id, (long long)it->exemption_id);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Open an alert for each violation; keys[] receives them, sorted. */
static status open_alerts(svc *s, const compliance_report *r, const char **keys, size_t *nkeys,
                          alert_scan_report *out, error *e)
{
    *nkeys = 0;
    status st = ST_OK;
    for (size_t i = 0; st == ST_OK && i < r->n; i++) {
        const compliance_finding *f = &r->items[i];
        if (!f->violation)
            continue;
        const char *key = finding_key(s, &f->item);
        if (!key)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        store_alert al = {.key = key,
                          .rule = f->rule->code,
                          .member_id = f->item.member_id,
                          .trip_id = f->item.trip_id,
                          .transfer_id = f->item.transfer_id,
                          .exemption_id = f->item.exemption_id,
                          .party = trip_party_name(f->item.party),
                          .due = f->item.due,
                          .since = f->item.since};
        bool opened = false;
        st = store_alert_open(s->db, &al, s->now, &opened, e);
        out->opened += opened;
        keys[(*nkeys)++] = key;
    }
    if (*nkeys > 1)
        qsort(keys, *nkeys, sizeof *keys, cmp_key);
    return st;
}

/* Resolve the open alerts of the scope whose finding is gone. */
static status resolve_gone(svc *s, const char *scope, const char **keys, size_t nkeys,
                           alert_scan_report *out, error *e)
{
    store_alert *open = NULL;
    size_t n = 0;
    status st = store_alerts_open(s->db, s->a, scope, &open, &n, e);
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        if (bsearch(&open[i].key, keys, nkeys, sizeof *keys, cmp_key))
            continue;
        st = store_alert_resolve(s->db, open[i].id, s->now, e);
        out->resolved++;
    }
    return st;
}

status svc_alerts_scan(svc *s, int64_t unit_id, alert_scan_report *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (svc_ready(s, e) != ST_OK)
        return e->st;
    if (s->who->role != ROLE_ADMIN && s->who->role != ROLE_OFFICER)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    date_t as_of = s->today;
    const char *scope = NULL;
    status st = prepare(s, unit_id, &as_of, &scope, e);
    compliance_report r = {.as_of = as_of};
    const char **keys = NULL;
    size_t nkeys = 0;
    /* The evaluation reads a snapshot without holding the write lock (a
     * national scan takes seconds; every writer would wait behind it); the
     * alerts are then brought in line in a short write transaction. A
     * change committed in between shows at the next scan. */
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = svc_compliance_check_tx(s, scope, as_of, &r, e);
    store_rollback(s->db);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st == ST_OK) {
        keys = arena_alloc_array(s->a, r.n ? r.n : 1, sizeof *keys);
        if (!keys)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (st == ST_OK)
        st = open_alerts(s, &r, keys, &nkeys, out, e);
    if (st == ST_OK)
        st = resolve_gone(s, scope, keys, nkeys, out, e);
    out->open = (int64_t)nkeys;
    out->as_of = as_of;
    out->members_checked = r.members_checked;
    /* A scan that changes nothing writes nothing, not even its entry. */
    if (st == ST_OK && (out->opened || out->resolved)) {
        const char *after =
            arena_printf(s->a, "{\"as_of\":\"%s\",\"opened\":%lld,\"resolved\":%lld,\"open\":%lld}",
                         svc_date_iso(s, as_of), (long long)out->opened, (long long)out->resolved,
                         (long long)out->open);
        st = after ? svc_audit_tx(s, "alerts.scan", NULL, 0, scope, NULL, after, e)
                   : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK) {
        store_rollback(s->db);
        memset(out, 0, sizeof *out);
    }
    return st;
}
