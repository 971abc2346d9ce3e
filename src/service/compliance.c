/*
 * compliance.c -- the compliance check (service/compliance.h): loads what
 * the engine needs once, walks the members of the scope through the store,
 * and gathers the engine's findings.
 *
 * Holds no rule (domain/compliance.c has them) and no SQL (store/ has it).
 * Reads only: never writes, never audits.
 */
#include "service/compliance.h"

#include <stdlib.h>
#include <string.h>

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
    return bsearch(country, c->countries, c->n_countries, sizeof *c->countries, cmp_country);
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

static status one_member(void *ctx, const compliance_member *m, error *e)
{
    check *c = ctx;
    compliance_result res;
    status st = compliance_evaluate(m, &c->env, c->as_of, &c->eval, &res, e);
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

status svc_compliance_check(svc *s, int64_t unit_id, date_t as_of, compliance_report *out, error *e)
{
    memset(out, 0, sizeof *out);
    check c = {.s = s, .out = out, .eval = ARENA_INIT};
    c.as_of = out->as_of = as_of == DATE_NONE ? s->today : as_of;
    const char *scope = NULL;
    status st = svc_ready(s, e);
    int y = 0, mo, dd;
    date_to_ymd(c.as_of, &y, &mo, &dd);
    if (st == ST_OK && (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR))
        st = err_set(e, ST_INVALID, "calendar_out_of_range", "as_of", NULL);
    if (st == ST_OK)
        st = check_scope(s, unit_id, &scope, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    rule_set *sets = NULL;
    size_t n_sets = 0;
    calendar_override *ov = NULL;
    size_t nov = 0;
    if (st == ST_OK)
        st = store_rule_sets(s->db, s->a, &sets, &n_sets, e);
    if (st == ST_OK)
        st = svc_calendar_overrides_tx(s, DATE_NONE, &ov, &nov, e);
    if (st == ST_OK)
        st = store_countries_with_units(s->db, s->a, c.as_of, &c.countries, &c.n_countries, e);
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
        st = store_compliance_each(s->db, &scratch, scope, only, c.as_of, one_member, &c, e);
    store_rollback(s->db);
    arena_free(&scratch);
    arena_free(&c.eval);
    if (st == ST_OK && out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_finding);
    if (st != ST_OK)
        memset(out, 0, sizeof *out);
    return st;
}
