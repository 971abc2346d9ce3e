/*
 * compliance.c -- the compliance engine (compliance.h): one member's
 * obligations and violations as of a date.
 *
 * Every rule is a small function over one record (a trip, a transfer, an
 * exemption) that looks only at steps dated on or before `as_of`, so the
 * same records evaluated as of an earlier date give the answer of that
 * date. Must never read the clock, the database or the process's time
 * zone, and never allocate outside the caller's arena.
 */
#include "domain/compliance.h"

#include <string.h>

/* clang-format off */
const compliance_rule_info compliance_rules[COMPLIANCE_RULE_COUNT] = {
    {RULE_TRIP_UNDECLARED, "trip.undeclared",
     "Ra nước ngoài khi chưa được cấp có thẩm quyền đồng ý",
     "Left without an approval decided before departure",
     TRIP_PARTY_COMMITTEE, "Quy định 58-QĐ/TW (2022); Hướng dẫn 01-HD/BTCTW (2022)"},
    {RULE_TRIP_OPINION_PENDING, "trip.opinion_pending",
     "Chi bộ chưa cho ý kiến về đơn ra nước ngoài",
     "The cell has not given its opinion on the application",
     TRIP_PARTY_CELL, "Hướng dẫn 01-HD/BTCTW (2022)"},
    {RULE_TRIP_DECISION_PENDING, "trip.decision_pending",
     "Cấp ủy chưa quyết định trước ngày đi",
     "The committee has not decided before the departure date",
     TRIP_PARTY_COMMITTEE, "Quy định 58-QĐ/TW (2022)"},
    {RULE_TRIP_NOT_RETURNED, "trip.not_returned",
     "Quá hạn về nước mà không được gia hạn",
     "Not back by the planned return without an approved extension",
     TRIP_PARTY_MEMBER, "Quy định 58-QĐ/TW (2022); thời gian ân hạn là thiết lập"},
    {RULE_TRIP_REPORT_DUE, "trip.report_due",
     "Báo cáo kết quả chuyến đi sau khi về nước",
     "The post-trip report after re-entry",
     TRIP_PARTY_MEMBER, "Hướng dẫn 01-HD/BTCTW (2022): trong 7 ngày làm việc"},
    {RULE_TRIP_REPORT_REVIEW, "trip.report_review",
     "Chi bộ chưa cho ý kiến về báo cáo",
     "The cell has not reviewed the report",
     TRIP_PARTY_CELL, "Hướng dẫn 01-HD/BTCTW (2022)"},
    {RULE_TRIP_REPORT_ACK, "trip.report_ack",
     "Cấp ủy chưa ghi nhận báo cáo",
     "The committee has not acknowledged the report",
     TRIP_PARTY_COMMITTEE, "Hướng dẫn 01-HD/BTCTW (2022)"},
    {RULE_TRIP_EXTENSION_PENDING, "trip.extension_pending",
     "Đề nghị gia hạn chưa được quyết định",
     "An extension request awaits a decision",
     TRIP_PARTY_COMMITTEE, "Quy định 58-QĐ/TW (2022)"},
    {RULE_ARR_GROUP, "arrangement.group",
     "Đoàn từ 3 đảng viên, đi 1 đến 3 tháng: lập tổ đảng hoặc chi bộ tạm thời",
     "Delegation of 3 or more for 1 to 3 months: a temporary group or cell",
     TRIP_PARTY_COMMITTEE, "Quy định 86-QĐ/TW (2022); Hướng dẫn 30-HD/BTCTW (2025)"},
    {RULE_ARR_TEMP_TRANSFER, "arrangement.temporary_transfer",
     "Ở nước ngoài trên 3 tháng: chuyển sinh hoạt đảng tạm thời",
     "Abroad over 3 months: temporary transfer to a unit there",
     TRIP_PARTY_COMMITTEE, "Quy định 86-QĐ/TW (2022); Hướng dẫn 01-HD/TW (2021) §10"},
    {RULE_ARR_OFFICIAL_TRANSFER, "arrangement.official_transfer",
     "Ở nước ngoài từ 12 tháng: chuyển sinh hoạt đảng chính thức",
     "Abroad 12 months or more: official transfer abroad",
     TRIP_PARTY_COMMITTEE, "Quy định 86-QĐ/TW (2022); Hướng dẫn 30-HD/BTCTW (2025)"},
    {RULE_ARR_SINGLE, "arrangement.single",
     "Nơi đến chưa có tổ chức đảng: sinh hoạt đơn lẻ do Đảng ủy Ngoài nước quản lý",
     "No unit in the destination: single-member guidance by the overseas committee",
     TRIP_PARTY_COMMITTEE, "Quy định 86-QĐ/TW (2022); Hướng dẫn 30-HD/BTCTW (2025)"},
    {RULE_TRANSFER_NOT_RECEIVED, "transfer.not_received",
     "Giấy giới thiệu chưa được nộp cho nơi đến trong 30 ngày làm việc",
     "Introduction letter not presented within 30 working days",
     TRIP_PARTY_MEMBER, "Quy định 294-QĐ/TW (2025) §6.3"},
    {RULE_TRANSFER_BACK, "transfer.back",
     "Về nước: chuyển sinh hoạt đảng trở lại trong 30 ngày làm việc",
     "Back home: transferred back within 30 working days",
     TRIP_PARTY_MEMBER, "Quy định 294-QĐ/TW (2025) §6.3; Hướng dẫn 01-HD/TW (2021) §10"},
    {RULE_EXEMPTION_EXPIRED, "exemption.expired",
     "Miễn, tạm miễn sinh hoạt đã hết hạn khi đảng viên vẫn ở nước ngoài",
     "Exemption expired while the member is still abroad",
     TRIP_PARTY_COMMITTEE, "Hướng dẫn 01-HD/TW (2021) §10"},
    {RULE_EXEMPTION_NOT_ALLOWED, "exemption.not_allowed",
     "Miễn sinh hoạt khi ở nơi có tổ chức đảng có thể sinh hoạt",
     "Exemption where a unit abroad can be attended",
     TRIP_PARTY_COMMITTEE, "Hướng dẫn 01-HD/TW (2021) §10"},
    {RULE_PROBATION_ABROAD, "probation.abroad",
     "Hết thời gian dự bị khi đang ở nước ngoài: xét công nhận đảng viên chính thức",
     "Probation ends while abroad: the committee decides on official membership",
     TRIP_PARTY_COMMITTEE, "Quy định 86-QĐ/TW (2022); Hướng dẫn 30-HD/BTCTW (2025)"},
};
/* clang-format on */

const compliance_rule_info *compliance_rule_by_code(const char *code)
{
    for (size_t i = 0; code && i < COMPLIANCE_RULE_COUNT; i++)
        if (strcmp(compliance_rules[i].code, code) == 0)
            return &compliance_rules[i];
    return NULL;
}

/* ---- dates as of a day ---- */

static bool by(date_t d, date_t as_of) { return d != DATE_NONE && d <= as_of; }

static date_t later(date_t a, date_t b)
{
    if (a == DATE_NONE)
        return b;
    if (b == DATE_NONE)
        return a;
    return a > b ? a : b;
}

int compliance_stay_band(date_t departure, date_t planned_return, const rule_set *r)
{
    if (departure == DATE_NONE || planned_return == DATE_NONE)
        return 0;
    date_t official = date_add_months(departure, r->official_transfer_months);
    if (r->official_transfer_strict ? planned_return > official : planned_return >= official)
        return 3;
    if (planned_return > date_add_months(departure, r->temp_transfer_months))
        return 2;
    if (planned_return >= date_add_months(departure, r->group_min_months))
        return 1;
    return 0;
}

/* ---- the evaluation's working state ---- */

typedef struct ctx {
    const compliance_member *m;
    const compliance_env *env;
    date_t as_of;
    compliance_result *out;
    size_t cap_o, cap_v;
    error *e;
} ctx;

static void rules_on(const ctx *c, date_t on, rule_set *r)
{
    rule_set_pick(c->env->rule_sets, c->env->n_rule_sets, c->m->unit_path, on, r);
}

static status add_workdays(const ctx *c, date_t from, int n, date_t *out)
{
    return calendar_add_workdays(from, n, c->env->overrides, c->env->n_overrides, out, c->e);
}

static void push(ctx *c, bool violation, compliance_rule rule, const compliance_trip *t,
                 int64_t transfer_id, int64_t exemption_id, date_t due, date_t since)
{
    compliance_item it = {
        .rule = rule,
        .member_id = c->m->id,
        .trip_id = t ? t->id : 0,
        .transfer_id = transfer_id,
        .exemption_id = exemption_id,
        .party = compliance_rules[rule].party,
        .due = due,
        .since = since,
    };
    /* The arrays are sized for every rule of every record (evaluate). */
    if (violation && c->out->n_violations < c->cap_v)
        c->out->violations[c->out->n_violations++] = it;
    else if (!violation && c->out->n_obligations < c->cap_o)
        c->out->obligations[c->out->n_obligations++] = it;
}

/* A step that is due by `due` (the last day on time): an obligation up to
 * that day, a violation from the next. */
static void due_by(ctx *c, compliance_rule rule, const compliance_trip *t, int64_t tr, int64_t ex,
                   date_t due, date_t since)
{
    if (due != DATE_NONE && c->as_of > due)
        push(c, true, rule, t, tr, ex, due, due + 1);
    else
        push(c, false, rule, t, tr, ex, due, since);
}

/* ---- trips ---- */

typedef struct trip_now {
    bool known, active, submitted, decided, approved, departed, returned;
    date_t departure;  /* actual, else planned */
    date_t eff_return; /* extension approved by as_of, else planned */
} trip_now;

static trip_now trip_as_of(const compliance_trip *t, date_t d)
{
    trip_now n = {0};
    n.known = by(t->created_on, d);
    n.submitted = by(t->submitted_on, d);
    n.decided = by(t->decided_on, d);
    n.approved = n.decided && t->approved;
    n.departed = by(t->actual_departure, d);
    n.returned = n.departed && by(t->actual_return, d);
    n.active = n.known && !by(t->withdrawn_on, d) && !(n.decided && !t->approved) &&
               (n.departed || !by(t->cancelled_on, d));
    n.departure = n.departed ? t->actual_departure : t->planned_departure;
    n.eff_return = t->planned_return;
    if (by(t->extension_decided_on, d) && t->extended_return != DATE_NONE)
        n.eff_return = t->extended_return;
    return n;
}

static status trip_steps(ctx *c, const compliance_trip *t, const trip_now *n)
{
    date_t d = c->as_of;
    status s = ST_OK;
    bool closed = by(t->acknowledged_on, d);
    if (n->departed && !closed &&
        (!n->approved || t->decided_on > t->actual_departure ||
         t->created_on > t->actual_departure))
        push(c, true, RULE_TRIP_UNDECLARED, t, 0, 0, DATE_NONE, t->actual_departure);
    if (n->submitted && !n->decided && !n->departed && !by(t->withdrawn_on, d)) {
        if (!by(t->opinion_on, d))
            push(c, false, RULE_TRIP_OPINION_PENDING, t, 0, 0, DATE_NONE, t->submitted_on);
        date_t due = t->planned_departure != DATE_NONE ? t->planned_departure - 1 : DATE_NONE;
        due_by(c, RULE_TRIP_DECISION_PENDING, t, 0, 0, due, t->submitted_on);
    }
    if (!n->departed)
        return ST_OK;
    if (!n->returned) {
        if (by(t->extension_requested_on, d) && !by(t->extension_decided_on, d))
            due_by(c, RULE_TRIP_EXTENSION_PENDING, t, 0, 0, n->eff_return,
                   t->extension_requested_on);
        if (n->eff_return == DATE_NONE)
            return ST_OK;
        rule_set r;
        rules_on(c, n->eff_return, &r);
        date_t grace;
        s = add_workdays(c, n->eff_return, r.return_grace_workdays, &grace);
        if (s == ST_OK)
            due_by(c, RULE_TRIP_NOT_RETURNED, t, 0, 0, grace, t->actual_departure);
        return s;
    }
    if (!by(t->report_submitted_on, d)) {
        rule_set r;
        rules_on(c, t->actual_return, &r);
        date_t due;
        if (r.report_in_calendar_days)
            s = calendar_add_calendar_days_deadline(t->actual_return, r.report_days,
                                                    c->env->overrides, c->env->n_overrides, &due,
                                                    c->e);
        else
            s = add_workdays(c, t->actual_return, r.report_days, &due);
        if (s == ST_OK)
            due_by(c, RULE_TRIP_REPORT_DUE, t, 0, 0, due, t->actual_return);
    } else if (!by(t->report_reviewed_on, d)) {
        push(c, false, RULE_TRIP_REPORT_REVIEW, t, 0, 0, DATE_NONE, t->report_submitted_on);
    } else if (!closed) {
        push(c, false, RULE_TRIP_REPORT_ACK, t, 0, 0, DATE_NONE, t->report_reviewed_on);
    }
    return s;
}

/* ---- arrangements ---- */

static bool transfer_open(const compliance_transfer *x, date_t d)
{
    return by(x->issued_on, d) && !by(x->ended_on, d);
}

/* An open transfer abroad (not a transfer back) of one of `kinds` (bits). */
static const compliance_transfer *open_abroad(const compliance_member *m, date_t d, unsigned kinds)
{
    for (size_t i = 0; i < m->n_transfers; i++) {
        const compliance_transfer *x = &m->transfers[i];
        if (x->abroad && !x->back && transfer_open(x, d) && (kinds & (1u << x->kind)))
            return x;
    }
    return NULL;
}

static const compliance_exemption *exemption_covering(const compliance_member *m, date_t d)
{
    for (size_t i = 0; i < m->n_exemptions; i++) {
        const compliance_exemption *x = &m->exemptions[i];
        if (by(x->decided_on, d) && by(x->starts_on, d) && !by(x->revoked_on, d) &&
            (x->ends_on == DATE_NONE || d <= x->ends_on))
            return x;
    }
    return NULL;
}

/* The latest exemption that ended before `d` (not revoked), or NULL. */
static const compliance_exemption *exemption_expired(const compliance_member *m, date_t d)
{
    const compliance_exemption *best = NULL;
    for (size_t i = 0; i < m->n_exemptions; i++) {
        const compliance_exemption *x = &m->exemptions[i];
        if (by(x->decided_on, d) && !by(x->revoked_on, d) && x->ends_on != DATE_NONE &&
            x->ends_on < d && (!best || x->ends_on > best->ends_on))
            best = x;
    }
    return best;
}

#define KIND(k) (1u << (k))

/* A requirement of the table for trip t: met, or an obligation before the
 * departure (transfers are issued before it), or a violation once gone.
 * When the requirement arose from an extension decided abroad, the
 * committee has the transfer time limit from that decision. */
static status require(ctx *c, compliance_rule rule, const compliance_trip *t, const trip_now *n,
                      bool met, bool by_extension)
{
    if (met)
        return ST_OK;
    if (!n->departed) {
        date_t due = n->departure != DATE_NONE ? n->departure - 1 : DATE_NONE;
        due_by(c, rule, t, 0, 0, due, t->created_on);
        return ST_OK;
    }
    if (!by_extension) {
        push(c, true, rule, t, 0, 0, n->departure - 1, n->departure);
        return ST_OK;
    }
    rule_set r;
    rules_on(c, t->extension_decided_on, &r);
    date_t due;
    status s = add_workdays(c, t->extension_decided_on, r.transfer_receive_workdays, &due);
    if (s == ST_OK)
        due_by(c, rule, t, 0, 0, due, t->extension_decided_on);
    return s;
}

static status arrangements(ctx *c, const compliance_trip *t, const trip_now *n)
{
    date_t d = c->as_of;
    if (!n->active || n->returned || !(n->approved || n->departed) || n->departure == DATE_NONE)
        return ST_OK;
    rule_set r;
    rules_on(c, n->departure, &r);
    int band = compliance_stay_band(n->departure, n->eff_return, &r);
    int planned_band = compliance_stay_band(n->departure, t->planned_return, &r);
    bool by_extension = n->departed && band > planned_band;
    status s = ST_OK;
    if (band == 1 && t->delegation_id && t->delegation_members >= r.group_min_members)
        s = require(c, RULE_ARR_GROUP, t, n, by(t->group_formed_on, d), by_extension);
    if (band < 2 || s != ST_OK)
        return s;

    const char *country = t->n_countries ? t->countries[0] : NULL;
    bool has_unit = country && c->env->country_has_unit &&
                    c->env->country_has_unit(c->env->country_ctx, country, d);
    const compliance_transfer *any = open_abroad(
        c->m, d, KIND(TRANSFER_TEMPORARY) | KIND(TRANSFER_OFFICIAL) | KIND(TRANSFER_SINGLE));
    const compliance_exemption *ex = exemption_covering(c->m, d);
    bool covered = any || ex;
    if (n->departed)
        c->out->abroad_without_arrangement = !covered;

    if (!has_unit) {
        const compliance_exemption *old = ex ? NULL : exemption_expired(c->m, d);
        if (!any && old && n->departed)
            push(c, true, RULE_EXEMPTION_EXPIRED, t, 0, old->id, old->ends_on, old->ends_on + 1);
        else
            s = require(c, RULE_ARR_SINGLE, t, n, covered, by_extension);
        return s;
    }
    if (ex && n->departed)
        push(c, true, RULE_EXEMPTION_NOT_ALLOWED, t, 0, ex->id, DATE_NONE,
             later(ex->starts_on, n->departure));
    if (band == 3)
        return require(c, RULE_ARR_OFFICIAL_TRANSFER, t, n,
                       open_abroad(c->m, d, KIND(TRANSFER_OFFICIAL)) != NULL, by_extension);
    return require(c, RULE_ARR_TEMP_TRANSFER, t, n,
                   open_abroad(c->m, d, KIND(TRANSFER_TEMPORARY) | KIND(TRANSFER_OFFICIAL)) != NULL,
                   by_extension);
}

/* Back home from a stay that had a transfer abroad: transferred back (a
 * transfer back received) or the temporary one closed, within the time
 * limit from the return. */
static status transfer_back(ctx *c, const compliance_trip *t, const trip_now *n)
{
    date_t d = c->as_of;
    if (!n->returned)
        return ST_OK;
    for (size_t i = 0; i < c->m->n_transfers; i++) {
        const compliance_transfer *x = &c->m->transfers[i];
        if (!x->abroad || x->back || !by(x->issued_on, t->actual_return) ||
            (x->ended_on != DATE_NONE && x->ended_on < t->actual_return))
            continue;
        if (x->trip_id && x->trip_id != t->id)
            continue;
        bool met = x->kind == TRANSFER_TEMPORARY && by(x->ended_on, d);
        for (size_t j = 0; !met && j < c->m->n_transfers; j++) {
            const compliance_transfer *b = &c->m->transfers[j];
            met = b->back && b->issued_on >= x->issued_on && by(b->received_on, d);
        }
        if (met)
            continue;
        rule_set r;
        rules_on(c, t->actual_return, &r);
        date_t due;
        status s = add_workdays(c, t->actual_return, r.transfer_receive_workdays, &due);
        if (s != ST_OK)
            return s;
        due_by(c, RULE_TRANSFER_BACK, t, x->id, 0, due, t->actual_return);
    }
    return ST_OK;
}

/* ---- transfers, exemptions, probation ---- */

static status transfers_received(ctx *c)
{
    date_t d = c->as_of;
    for (size_t i = 0; i < c->m->n_transfers; i++) {
        const compliance_transfer *x = &c->m->transfers[i];
        if (!transfer_open(x, d) || by(x->received_on, d))
            continue;
        rule_set r;
        rules_on(c, x->issued_on, &r);
        date_t due;
        status s = add_workdays(c, x->issued_on, r.transfer_receive_workdays, &due);
        if (s != ST_OK)
            return s;
        due_by(c, RULE_TRANSFER_NOT_RECEIVED, NULL, x->id, 0, due, x->issued_on);
    }
    return ST_OK;
}

/* The trip the member is on at `d` (departed, not yet back), if any. */
static const compliance_trip *abroad_on(const compliance_member *m, date_t d, date_t *ret)
{
    for (size_t i = 0; i < m->n_trips; i++) {
        const compliance_trip *t = &m->trips[i];
        trip_now n = trip_as_of(t, d);
        if (n.departed && !n.returned) {
            *ret = n.eff_return;
            return t;
        }
    }
    return NULL;
}

static void probation(ctx *c)
{
    const compliance_member *m = c->m;
    date_t d = c->as_of;
    if (m->admitted_on == DATE_NONE || m->admitted_on > d || by(m->official_on, d))
        return;
    date_t end = date_add_months(m->admitted_on, 12);
    rule_set r;
    rules_on(c, end, &r);
    if (d < end - r.probation_reminder_days)
        return;
    /* Abroad when probation ends: on a trip then (as known today), or now. */
    date_t ret = DATE_NONE;
    const compliance_trip *t = abroad_on(m, d < end ? d : end, &ret);
    if (!t || (ret != DATE_NONE && ret < end && d < end))
        return;
    due_by(c, RULE_PROBATION_ABROAD, t, 0, 0, end, end - r.probation_reminder_days);
}

/* ---- the whole member ---- */

status compliance_evaluate(const compliance_member *m, const compliance_env *env, date_t as_of,
                           arena *a, compliance_result *out, error *e)
{
    memset(out, 0, sizeof *out);
    /* At most, per trip: 3 steps (undeclared, opinion, decision; or
     * extension and return; or the report), 3 for its arrangement (group,
     * exemption, transfer), one transfer back per transfer; then one per
     * transfer not received, one for probation. */
    size_t cap = m->n_trips * (6 + m->n_transfers) + m->n_transfers + 1;
    ctx c = {.m = m, .env = env, .as_of = as_of, .out = out, .cap_o = cap, .cap_v = cap, .e = e};
    out->obligations = arena_alloc_array(a, cap, sizeof *out->obligations);
    out->violations = arena_alloc_array(a, cap, sizeof *out->violations);
    if (!out->obligations || !out->violations)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < m->n_trips; i++) {
        const compliance_trip *t = &m->trips[i];
        trip_now n = trip_as_of(t, as_of);
        if (!n.known)
            continue;
        if (n.departed && !n.returned) {
            out->abroad = true;
            out->country = t->n_countries ? t->countries[0] : NULL;
        }
        s = trip_steps(&c, t, &n);
        if (s == ST_OK)
            s = arrangements(&c, t, &n);
        if (s == ST_OK)
            s = transfer_back(&c, t, &n);
    }
    if (s == ST_OK)
        s = transfers_received(&c);
    if (s == ST_OK)
        probation(&c);
    return s;
}
