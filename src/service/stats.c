/*
 * stats.c -- the statistics of a subtree over a period and the review
 * report (service/stats.h): the store's GROUP BY rows gathered into the
 * breakdowns, the reports' deadlines computed once per group of return
 * dates, names in the reader's language.
 *
 * Holds no SQL, and no rule of its own: a report's deadline is the rule
 * set's and the calendar's (as the compliance engine computes it), the
 * violations are the alerts the scan kept. Reads only: never writes,
 * never audits.
 */
#include "service/stats.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/compliance.h"
#include "domain/trip.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"
#include "store/stats_store.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- names ---- */

typedef struct kind_name {
    const char *key, *vi, *en;
} kind_name;

static const kind_name PURPOSES[] = {
    {"official", "Đi công tác", "Official work"},
    {"study", "Đi học tập", "Study"},
    {"labour", "Đi lao động", "Labour"},
    {"tourism", "Việc riêng: du lịch", "Private: tourism"},
    {"relatives", "Việc riêng: thăm thân nhân", "Private: visiting relatives"},
    {"medical", "Việc riêng: chữa bệnh", "Private: medical treatment"},
    {"private_other", "Việc riêng khác", "Private: other"},
};
static const kind_name TRANSFER_KINDS[] = {
    {"temporary", "Chuyển sinh hoạt tạm thời", "Temporary transfer"},
    {"official", "Chuyển sinh hoạt chính thức", "Official transfer"},
    {"single", "Sinh hoạt đơn lẻ", "Single-member guidance"},
};
static const kind_name EXEMPTION_KINDS[] = {
    {"temporary", "Tạm miễn sinh hoạt", "Temporary exemption"},
    {"full", "Miễn sinh hoạt", "Exemption"},
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *kind_label(const svc *s, const kind_name *t, size_t n, const char *key)
{
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return s->lg == LANG_EN ? t[i].en : t[i].vi;
    return key;
}

static const char *country_label(const svc *s, const char *cc)
{
    if (!cc || !*cc)
        return s->lg == LANG_EN ? "Not recorded" : "Chưa ghi nơi đến";
    const char *name = country_name(cc, s->lg);
    return name ? name : cc;
}

static const char *cell_type_label(const svc *s, const store_cell_type *types, size_t n,
                                   const char *code)
{
    if (!code)
        return s->lg == LANG_EN ? "Not attending a unit abroad" : "Chưa sinh hoạt ở nước ngoài";
    for (size_t i = 0; i < n; i++)
        if (strcmp(types[i].code, code) == 0)
            return s->lg == LANG_EN ? types[i].name_en : types[i].name_vi;
    return code; /* a type no longer active keeps its code */
}

/* ---- lists ---- */

static int cmp_count(const void *pa, const void *pb)
{
    const stats_count *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    if (!a->key || !b->key)
        return !a->key - !b->key; /* the NULL key last */
    return strcmp(a->key, b->key);
}

/* The rows as a list (key0, name from key1 or `label`), n desc then key;
 * *total (may be NULL) gets their sum. */
static status to_list(svc *s, const store_stats_row *rows, size_t n, stats_list *out,
                      int64_t *total, const char *(*label)(const svc *, const char *), error *e)
{
    out->n = 0;
    out->items = arena_alloc_array(s->a, n ? n : 1, sizeof *out->items);
    if (!out->items)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        const char *key = rows[i].key[0];
        out->items[out->n++] = (stats_count){
            .key = key, .name = label ? label(s, key) : rows[i].key[1], .n = rows[i].n};
        if (total)
            *total += rows[i].n;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_count);
    return ST_OK;
}

static const char *purpose_label(const svc *s, const char *k)
{
    return kind_label(s, PURPOSES, COUNT(PURPOSES), k);
}
static const char *transfer_label(const svc *s, const char *k)
{
    return kind_label(s, TRANSFER_KINDS, COUNT(TRANSFER_KINDS), k);
}
static const char *exemption_label(const svc *s, const char *k)
{
    return kind_label(s, EXEMPTION_KINDS, COUNT(EXEMPTION_KINDS), k);
}

const stats_count *stats_list_find(const stats_list *list, const char *key)
{
    for (size_t i = 0; list && i < list->n; i++) {
        const char *k = list->items[i].key;
        if ((!k && !key) || (k && key && strcmp(k, key) == 0))
            return &list->items[i];
    }
    return NULL;
}

/* ---- the query ---- */

typedef struct query_ctx {
    svc *s;
    const char *scope;
    bool whole;
    date_t from, to;
} query_ctx;

static status rows(const query_ctx *c, store_stats_query q, store_stats_row **r, size_t *n,
                   error *e)
{
    return store_stats_rows(c->s->db, c->s->a, q, c->scope, c->whole, c->from, c->to, r, n, e);
}

/* ---- trips ---- */

static int year_of(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* Every year of the period, zeros included, in year order. */
static status by_year(const query_ctx *c, const store_stats_row *r, size_t n, stats *out, error *e)
{
    int y0 = year_of(c->from), y1 = year_of(c->to);
    size_t years = (size_t)(y1 - y0 + 1);
    out->by_year.items = arena_alloc_array(c->s->a, years, sizeof *out->by_year.items);
    if (!out->by_year.items)
        return nomem(e);
    out->by_year.n = years;
    for (size_t i = 0; i < years; i++) {
        const char *key = arena_printf(c->s->a, "%d", y0 + (int)i);
        if (!key)
            return nomem(e);
        out->by_year.items[i] = (stats_count){.key = key, .name = key};
    }
    for (size_t i = 0; i < n; i++) {
        long y = r[i].key[0] ? strtol(r[i].key[0], NULL, 10) : 0;
        if (y >= y0 && y <= y1)
            out->by_year.items[y - y0].n += r[i].n;
    }
    return ST_OK;
}

static status trips(const query_ctx *c, stats *out, error *e)
{
    store_stats_row *r = NULL;
    size_t n = 0;
    status st = rows(c, STATS_Q_TRIPS_YEAR, &r, &n, e);
    if (st == ST_OK)
        st = by_year(c, r, n, out, e);
    if (st == ST_OK)
        st = rows(c, STATS_Q_TRIPS_PURPOSE, &r, &n, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->by_purpose, &out->trips, purpose_label, e);
    if (st == ST_OK)
        st = rows(c, STATS_Q_TRIPS_COUNTRY, &r, &n, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->by_country, NULL, country_label, e);
    if (st == ST_OK)
        st = rows(c, STATS_Q_TRIPS_UNIT, &r, &n, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->by_unit, NULL, NULL, e);
    return st;
}

/* ---- abroad on a day ---- */

static status abroad(const query_ctx *c, stats *out, error *e)
{
    query_ctx day = *c;
    day.from = day.to = out->abroad_on;
    store_stats_row *r = NULL;
    size_t n = 0, n_types = 0;
    store_cell_type *types = NULL;
    status st = rows(&day, STATS_Q_ABROAD_COUNTRY, &r, &n, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->abroad_by_country, &out->abroad, country_label, e);
    if (st == ST_OK)
        st = rows(&day, STATS_Q_ABROAD_CELL_TYPE, &r, &n, e);
    if (st == ST_OK)
        st = store_cell_types(c->s->db, c->s->a, &types, &n_types, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->abroad_by_cell_type, NULL, NULL, e);
    for (size_t i = 0; st == ST_OK && i < out->abroad_by_cell_type.n; i++) {
        stats_count *k = &out->abroad_by_cell_type.items[i];
        k->name = cell_type_label(c->s, types, n_types, k->key);
    }
    return st;
}

/* ---- arrangements ---- */

static status arrangements(const query_ctx *c, stats *out, error *e)
{
    store_stats_row *r = NULL;
    size_t n = 0;
    status st = rows(c, STATS_Q_TRANSFERS, &r, &n, e);
    size_t kept = 0;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        if (r[i].key[1] && strcmp(r[i].key[1], "1") == 0)
            out->transfers_back += r[i].n;
        else
            r[kept++] = r[i];
    }
    /* Two rows of one kind cannot remain: the back ones are gone. */
    if (st == ST_OK)
        st = to_list(c->s, r, kept, &out->transfers_by_kind, NULL, transfer_label, e);
    if (st == ST_OK)
        st = rows(c, STATS_Q_EXEMPTIONS, &r, &n, e);
    if (st == ST_OK)
        st = to_list(c->s, r, n, &out->exemptions_by_kind, NULL, exemption_label, e);
    if (st == ST_OK)
        st = rows(c, STATS_Q_GROUPS, &r, &n, e);
    if (st == ST_OK && n == 1)
        out->groups_formed = r[0].n;
    return st;
}

/* ---- post-trip reports ---- */

/* The deadline of a report for a return on `ret` under the rule set of
 * the unit at `rule_path`, as the compliance engine computes it. */
static status report_due(const trip_env *env, const char *rule_path, date_t ret, date_t *due,
                         error *e)
{
    rule_set r;
    rule_set_pick(env->sets, env->nsets, rule_path ? rule_path : "/", ret, &r);
    if (r.report_in_calendar_days)
        return calendar_add_calendar_days_deadline(ret, r.report_days, env->ov, env->nov, due, e);
    return calendar_add_workdays(ret, r.report_days, env->ov, env->nov, due, e);
}

static status reports(const query_ctx *c, stats *out, error *e)
{
    trip_env env;
    bool unit_sets = false;
    store_stats_row *r = NULL;
    size_t n = 0;
    status st = svc_trip_env_tx(c->s, &env, e);
    if (st == ST_OK)
        st = store_stats_unit_rule_sets(c->s->db, &unit_sets, e);
    if (st == ST_OK)
        st = rows(c, unit_sets ? STATS_Q_REPORTS_RULES : STATS_Q_REPORTS, &r, &n, e);
    int64_t delay = 0;
    date_t last_ret = DATE_NONE, last_due = DATE_NONE;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        date_t ret = DATE_NONE, filed = DATE_NONE, due = DATE_NONE;
        if (!r[i].key[1] || !date_parse(r[i].key[1], &ret))
            return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        if (r[i].key[2] && !date_parse(r[i].key[2], &filed))
            return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        /* The rows come grouped by rule path and return: one deadline each. */
        bool same = i > 0 && ret == last_ret &&
                    ((!r[i].key[0] && !r[i - 1].key[0]) ||
                     (r[i].key[0] && r[i - 1].key[0] && strcmp(r[i].key[0], r[i - 1].key[0]) == 0));
        if (same) {
            due = last_due;
        } else {
            st = report_due(&env, r[i].key[0], ret, &due, e);
            if (st != ST_OK)
                break;
            last_ret = ret;
            last_due = due;
        }
        if (filed != DATE_NONE && filed <= due) {
            out->reports_on_time += r[i].n;
        } else if (filed != DATE_NONE) {
            out->reports_late += r[i].n;
            delay += (int64_t)(filed - due) * r[i].n;
        } else if (c->s->today > due) {
            out->reports_overdue += r[i].n;
        } else {
            out->reports_pending += r[i].n;
        }
    }
    if (st == ST_OK && out->reports_late)
        out->avg_delay_days = (double)delay / (double)out->reports_late;
    return st;
}

/* ---- violations ---- */

static int cmp_rule_year(const void *pa, const void *pb)
{
    const stats_rule_year *a = pa, *b = pb;
    const compliance_rule_info *ra = compliance_rule_by_code(a->rule);
    const compliance_rule_info *rb = compliance_rule_by_code(b->rule);
    int ka = ra ? (int)ra->rule : COMPLIANCE_RULE_COUNT;
    int kb = rb ? (int)rb->rule : COMPLIANCE_RULE_COUNT;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (ka == COMPLIANCE_RULE_COUNT && strcmp(a->rule, b->rule) != 0)
        return strcmp(a->rule, b->rule);
    return (a->year > b->year) - (a->year < b->year);
}

static const char *rule_label(const svc *s, const char *code)
{
    const compliance_rule_info *i = compliance_rule_by_code(code);
    if (!i)
        return code;
    return s->lg == LANG_EN ? i->name_en : i->name_vi;
}

/* By rule: the rows of one rule summed (the store's rows are by rule and
 * year). */
static status by_rule(svc *s, const store_stats_row *r, size_t n, stats *out, error *e)
{
    stats_list *l = &out->violations_by_rule;
    l->items = arena_alloc_array(s->a, n ? n : 1, sizeof *l->items);
    if (!l->items)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        stats_count *k = (stats_count *)stats_list_find(l, r[i].key[0]);
        if (!k) {
            k = &l->items[l->n++];
            *k = (stats_count){.key = r[i].key[0], .name = rule_label(s, r[i].key[0])};
        }
        k->n += r[i].n;
    }
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, cmp_count);
    return ST_OK;
}

static status violations(const query_ctx *c, stats *out, error *e)
{
    store_stats_row *r = NULL;
    size_t n = 0;
    status st = rows(c, STATS_Q_VIOLATIONS, &r, &n, e);
    if (st != ST_OK)
        return st;
    out->violations_by_rule_year = arena_alloc_array(c->s->a, n ? n : 1, sizeof(stats_rule_year));
    if (!out->violations_by_rule_year)
        return nomem(e);
    for (size_t i = 0; i < n; i++) {
        if (!r[i].key[0] || !r[i].key[1])
            return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        out->violations_by_rule_year[out->n_violations_by_rule_year++] =
            (stats_rule_year){.rule = r[i].key[0],
                              .rule_name = rule_label(c->s, r[i].key[0]),
                              .year = (int)strtol(r[i].key[1], NULL, 10),
                              .n = r[i].n};
        out->violations += r[i].n;
    }
    if (n > 1)
        qsort(out->violations_by_rule_year, n, sizeof(stats_rule_year), cmp_rule_year);
    return by_rule(c->s, r, n, out, e);
}

/* ---- the use cases ---- */

/* The figures of one period, inside the caller's read transaction. */
static status period_tx(svc *s, const char *scope, bool whole, date_t from, date_t to, stats *out,
                        error *e)
{
    out->from = from;
    out->to = to;
    out->abroad_on = to < s->today ? to : s->today;
    query_ctx c = {.s = s, .scope = scope, .whole = whole, .from = from, .to = to};
    status st = trips(&c, out, e);
    if (st == ST_OK)
        st = abroad(&c, out, e);
    if (st == ST_OK)
        st = arrangements(&c, out, e);
    if (st == ST_OK)
        st = reports(&c, out, e);
    if (st == ST_OK)
        st = violations(&c, out, e);
    return st;
}

static bool in_calendar(date_t d)
{
    int y = year_of(d);
    return y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR;
}

static status check_period(date_t from, date_t to, error *e)
{
    char years[16];
    int w = snprintf(years, sizeof years, "%d", STATS_PERIOD_MAX_YEARS);
    assert(w > 0 && (size_t)w < sizeof years);
    (void)w;
    if (from == DATE_NONE || to == DATE_NONE || from > to)
        return err_set(e, ST_INVALID, "stats_period", "from", years);
    char day[DATE_ISO_LEN];
    if (!in_calendar(from) || !in_calendar(to)) {
        date_format(in_calendar(from) ? to : from, day);
        return err_set(e, ST_INVALID, "calendar_out_of_range", in_calendar(from) ? "to" : "from",
                       day);
    }
    if (to >= date_add_years(from, STATS_PERIOD_MAX_YEARS))
        return err_set(e, ST_INVALID, "stats_period", "from", years);
    return ST_OK;
}

/* The subtree counted: unit_id inside the actor's scope, or the actor's own
 * unit, or the whole installation for an actor without one. */
typedef struct subtree {
    int64_t id;
    const char *code, *name, *path;
} subtree;

static status which_unit(svc *s, int64_t unit_id, subtree *out, error *e)
{
    *out = (subtree){.path = svc_scope(s)};
    int64_t id = unit_id ? unit_id : s->who->unit_id;
    if (id == 0)
        return ST_OK;
    unit u;
    status st = svc_unit_get(s, id, &u, e);
    if (st == ST_OK)
        *out = (subtree){.id = u.id, .code = u.code, .name = u.name, .path = u.path};
    return st;
}

/* Checks shared by both use cases (`earliest`: the first day read, the
 * previous period's for the review), then the read transaction opened and
 * *whole known. */
static status open_read(svc *s, int64_t unit_id, date_t from, date_t to, date_t earliest,
                        subtree *u, bool *whole, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK && s->who->role == ROLE_MEMBER)
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = check_period(from, to, e);
    if (st == ST_OK && !in_calendar(earliest)) {
        char day[DATE_ISO_LEN];
        date_format(earliest, day);
        st = err_set(e, ST_INVALID, "calendar_out_of_range", "from", day);
    }
    if (st == ST_OK)
        st = which_unit(s, unit_id, u, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK) {
        st = store_stats_whole(s->db, u->path, whole, e);
        if (st != ST_OK)
            store_rollback(s->db);
    }
    return st;
}

static void label(stats *out, const subtree *u)
{
    out->unit_id = u->id;
    out->unit_code = u->code;
    out->unit_name = u->name;
}

status svc_stats(svc *s, const stats_query *q, stats *out, error *e)
{
    memset(out, 0, sizeof *out);
    subtree u;
    bool whole = false;
    status st = open_read(s, q->unit_id, q->from, q->to, q->from, &u, &whole, e);
    if (st != ST_OK)
        return st;
    label(out, &u);
    st = period_tx(s, u.path, whole, q->from, q->to, out, e);
    store_rollback(s->db);
    if (st != ST_OK)
        memset(out, 0, sizeof *out);
    return st;
}

static int64_t list_sum(const stats_list *l)
{
    int64_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->items[i].n;
    return n;
}

/* The headline figures of one period, in stats_change order. */
static void headline(const stats *x, int64_t v[STATS_CHANGES])
{
    int64_t h[STATS_CHANGES] = {x->trips,
                                x->abroad,
                                list_sum(&x->transfers_by_kind),
                                x->transfers_back,
                                list_sum(&x->exemptions_by_kind),
                                x->groups_formed,
                                x->reports_on_time,
                                x->reports_late,
                                x->reports_overdue,
                                x->violations};
    memcpy(v, h, sizeof h);
}

static const kind_name CHANGES[STATS_CHANGES] = {
    {"trips", "Lượt đi nước ngoài", "Trips abroad"},
    {"abroad", "Đảng viên đang ở nước ngoài", "Members abroad"},
    {"transfers", "Chuyển sinh hoạt ra nước ngoài", "Transfers issued"},
    {"transfers_back", "Chuyển sinh hoạt trở về", "Transfers back home"},
    {"exemptions", "Miễn, tạm miễn sinh hoạt", "Exemptions decided"},
    {"groups_formed", "Tổ đảng, chi bộ tạm thời đã lập", "Temporary groups formed"},
    {"reports_on_time", "Báo cáo sau chuyến đi đúng hạn", "Post-trip reports on time"},
    {"reports_late", "Báo cáo sau chuyến đi muộn", "Post-trip reports late"},
    {"reports_overdue", "Báo cáo quá hạn chưa nộp", "Post-trip reports overdue"},
    {"violations", "Vi phạm phát sinh", "Violations begun"},
};

static void compare(const svc *s, review_report *out)
{
    int64_t cur[STATS_CHANGES], prev[STATS_CHANGES];
    headline(&out->current, cur);
    headline(&out->previous, prev);
    for (size_t i = 0; i < STATS_CHANGES; i++)
        out->changes[i] = (stats_change){.key = CHANGES[i].key,
                                         .name = s->lg == LANG_EN ? CHANGES[i].en : CHANGES[i].vi,
                                         .current = cur[i],
                                         .previous = prev[i]};
}

status svc_review_report(svc *s, int64_t unit_id, date_t from, date_t to, review_report *out,
                         error *e)
{
    memset(out, 0, sizeof *out);
    date_t prev_to = from - 1, prev_from = from;
    if (from != DATE_NONE && to != DATE_NONE && from <= to)
        prev_from = from - (to - from + 1);
    subtree u;
    bool whole = false;
    status st = open_read(s, unit_id, from, to, prev_from, &u, &whole, e);
    if (st != ST_OK)
        return st;
    out->unit_id = u.id;
    out->unit_code = u.code;
    out->unit_name = u.name;
    out->generated_on = s->today;
    label(&out->current, &u);
    label(&out->previous, &u);
    st = period_tx(s, u.path, whole, from, to, &out->current, e);
    if (st == ST_OK)
        st = period_tx(s, u.path, whole, prev_from, prev_to, &out->previous, e);
    store_rollback(s->db);
    if (st == ST_OK)
        compare(s, out);
    if (st != ST_OK)
        memset(out, 0, sizeof *out);
    return st;
}
