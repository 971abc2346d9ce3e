/*
 * dashboard.c -- the dashboard of a subtree (service/dashboard.h): the
 * compliance check's figures and the store's counts, read in one
 * snapshot, gathered into the breakdowns.
 *
 * Holds no rule (the engine decides who is abroad, what is due and what
 * is late; domain/calendar.h the transfers' deadlines) and no SQL. Reads
 * only: never writes, never audits.
 */
#include "service/dashboard.h"

#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "service/compliance_internal.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"
#include "store/dashboard_store.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- the subtree ---- */

/* The unit counted and its path: unit_id inside the actor's scope, or the
 * actor's own unit, or the whole installation for an actor without one. */
static status which_unit(svc *s, int64_t unit_id, dashboard *out, const char **scope, error *e)
{
    *scope = svc_scope(s);
    int64_t id = unit_id ? unit_id : s->who->unit_id;
    if (id == 0)
        return ST_OK;
    unit u;
    status st = svc_unit_get(s, id, &u, e);
    if (st != ST_OK)
        return st;
    out->unit_id = u.id;
    out->unit_code = u.code;
    out->unit_name = u.name;
    *scope = u.path;
    return ST_OK;
}

/* ---- the engine's figures ---- */

static status by_country(svc *s, const compliance_report *r, dashboard *out, error *e)
{
    size_t cap = 0;
    for (size_t i = 0; i < r->n_abroad; i++) {
        const char *c = r->abroad[i].country ? r->abroad[i].country : "";
        size_t j = 0;
        while (j < out->n_abroad_by_country && strcmp(out->abroad_by_country[j].country, c) != 0)
            j++;
        if (j == out->n_abroad_by_country) {
            dashboard_country *g =
                arena_grow(s->a, out->abroad_by_country, out->n_abroad_by_country, &cap, sizeof *g);
            if (!g)
                return nomem(e);
            out->abroad_by_country = g;
            g[out->n_abroad_by_country++] = (dashboard_country){.country = c};
        }
        out->abroad_by_country[j].n++;
    }
    return ST_OK;
}

static int cmp_country(const void *pa, const void *pb)
{
    const dashboard_country *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->country, b->country);
}

static status by_rule(svc *s, const compliance_report *r, dashboard *out, error *e)
{
    int64_t counts[COMPLIANCE_RULE_COUNT] = {0};
    size_t kinds = 0;
    for (size_t i = 0; i < r->n; i++) {
        const compliance_finding *f = &r->items[i];
        if (f->item.rule == RULE_TRIP_REPORT_DUE && f->violation)
            out->reports_overdue++;
        else if (f->item.rule == RULE_TRIP_REPORT_DUE)
            out->reports_due++;
        if (f->violation && counts[f->item.rule]++ == 0)
            kinds++;
    }
    out->violations = (int64_t)r->n_violations;
    out->obligations = (int64_t)(r->n - r->n_violations);
    out->violations_by_rule = arena_alloc_array(s->a, kinds ? kinds : 1, sizeof(dashboard_rule));
    if (!out->violations_by_rule)
        return nomem(e);
    for (int k = 0; k < COMPLIANCE_RULE_COUNT; k++)
        if (counts[k])
            out->violations_by_rule[out->n_violations_by_rule++] =
                (dashboard_rule){.rule = compliance_rules[k].code,
                                 .rule_name = s->lg == LANG_EN ? compliance_rules[k].name_en
                                                               : compliance_rules[k].name_vi,
                                 .n = counts[k]};
    return ST_OK;
}

/* Stable: catalogue order among equal counts (the array is built in it). */
static void sort_rules(dashboard_rule *r, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && r[j].n > r[j - 1].n; j--) {
            dashboard_rule t = r[j];
            r[j] = r[j - 1];
            r[j - 1] = t;
        }
}

/* ---- the units attended abroad ---- */

static int cmp_attending(const void *key, const void *item)
{
    int64_t id = *(const int64_t *)key;
    const store_dashboard_attending *a = item;
    return id < a->member_id ? -1 : id > a->member_id;
}

static const char *type_name(svc *s, const store_cell_type *types, size_t n, const char *code)
{
    if (!code)
        return s->lg == LANG_EN ? "Not attending a unit abroad" : "Chưa sinh hoạt ở nước ngoài";
    for (size_t i = 0; i < n; i++)
        if (strcmp(types[i].code, code) == 0)
            return s->lg == LANG_EN ? types[i].name_en : types[i].name_vi;
    return code; /* a type no longer active keeps its code */
}

static status by_cell_type(svc *s, const char *scope, const compliance_report *r, dashboard *out,
                           error *e)
{
    store_dashboard_attending *att = NULL;
    size_t n_att = 0, n_types = 0, cap = 0;
    store_cell_type *types = NULL;
    status st = store_dashboard_attending_abroad(s->db, s->a, scope, out->as_of, &att, &n_att, e);
    if (st == ST_OK)
        st = store_cell_types(s->db, s->a, &types, &n_types, e);
    for (size_t i = 0; st == ST_OK && i < r->n_abroad; i++) {
        const store_dashboard_attending *a =
            n_att ? bsearch(&r->abroad[i].member_id, att, n_att, sizeof *att, cmp_attending) : NULL;
        const char *code = a ? a->cell_type : NULL;
        size_t j = 0;
        while (j < out->n_abroad_by_cell_type &&
               !((code == NULL && out->abroad_by_cell_type[j].cell_type == NULL) ||
                 (code && out->abroad_by_cell_type[j].cell_type &&
                  strcmp(code, out->abroad_by_cell_type[j].cell_type) == 0)))
            j++;
        if (j == out->n_abroad_by_cell_type) {
            dashboard_cell_type *g = arena_grow(s->a, out->abroad_by_cell_type,
                                                out->n_abroad_by_cell_type, &cap, sizeof *g);
            if (!g)
                return nomem(e);
            out->abroad_by_cell_type = g;
            g[out->n_abroad_by_cell_type++] = (dashboard_cell_type){
                .cell_type = code, .name = type_name(s, types, n_types, code)};
        }
        out->abroad_by_cell_type[j].n++;
    }
    return st;
}

static int cmp_cell_type(const void *pa, const void *pb)
{
    const dashboard_cell_type *a = pa, *b = pb;
    if (!a->cell_type != !b->cell_type)
        return a->cell_type ? -1 : 1;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return a->cell_type ? strcmp(a->cell_type, b->cell_type) : 0;
}

/* ---- the store's counts ---- */

/* The last day to present a letter, as transfers.c computes it for the
 * list's "overdue": the rule set of the member's unit on the day of
 * issue, in working days. DATE_NONE past the calendar. */
static date_t receive_due(const trip_env *env, const store_dashboard_transfer *x)
{
    rule_set r;
    rule_set_pick(env->sets, env->nsets, x->member_path ? x->member_path : "/", x->issued_on, &r);
    date_t due = DATE_NONE;
    error e = {0};
    if (calendar_add_workdays(x->issued_on, r.transfer_receive_workdays, env->ov, env->nov, &due,
                              &e) != ST_OK)
        return DATE_NONE;
    return due;
}

static status transfers(svc *s, const char *scope, dashboard *out, error *e)
{
    store_dashboard_transfer *x = NULL;
    size_t n = 0;
    trip_env env;
    status st = store_dashboard_transfers_pending(s->db, s->a, scope, &x, &n, e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, e);
    if (st != ST_OK)
        return st;
    out->transfers_pending = (int64_t)n;
    for (size_t i = 0; i < n; i++) {
        date_t due = receive_due(&env, &x[i]);
        out->transfers_overdue += due != DATE_NONE && out->as_of > due;
    }
    return ST_OK;
}

static status counts(svc *s, const char *scope, dashboard *out, error *e)
{
    date_t until = out->as_of + DASHBOARD_EXPIRING_DAYS;
    status st = store_dashboard_trips_open(s->db, scope, &out->trips_in_progress, e);
    if (st == ST_OK)
        st = store_dashboard_exemptions(s->db, scope, out->as_of, until, &out->exemptions_expiring,
                                        &out->exemptions_expired, e);
    if (st == ST_OK)
        st = transfers(s, scope, out, e);
    return st;
}

/* ---- the use case ---- */

static status gather(svc *s, const char *scope, dashboard *out, error *e)
{
    compliance_report r = {.as_of = out->as_of};
    status st = svc_compliance_check_tx(s, scope, out->as_of, &r, e);
    if (st == ST_OK) {
        out->abroad_now = r.members_abroad;
        out->abroad_without_arrangement = r.abroad_without_arrangement;
        st = by_country(s, &r, out, e);
    }
    if (st == ST_OK)
        st = by_rule(s, &r, out, e);
    if (st == ST_OK)
        st = by_cell_type(s, scope, &r, out, e);
    if (st == ST_OK)
        st = counts(s, scope, out, e);
    if (st == ST_OK) {
        if (out->n_abroad_by_country > 1)
            qsort(out->abroad_by_country, out->n_abroad_by_country, sizeof *out->abroad_by_country,
                  cmp_country);
        if (out->n_abroad_by_cell_type > 1)
            qsort(out->abroad_by_cell_type, out->n_abroad_by_cell_type,
                  sizeof *out->abroad_by_cell_type, cmp_cell_type);
        sort_rules(out->violations_by_rule, out->n_violations_by_rule);
    }
    return st;
}

status svc_dashboard(svc *s, int64_t unit_id, dashboard *out, error *e)
{
    memset(out, 0, sizeof *out);
    status st = svc_ready(s, e);
    if (st == ST_OK && s->who->role == ROLE_MEMBER)
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    const char *scope = NULL;
    if (st == ST_OK)
        st = which_unit(s, unit_id, out, &scope, e);
    out->as_of = s->today;
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = gather(s, scope, out, e);
    store_rollback(s->db);
    if (st != ST_OK)
        memset(out, 0, sizeof *out);
    return st;
}
