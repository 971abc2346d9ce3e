/*
 * transfers.c -- transfers of party activity as use cases
 * (service/transfer.h): issuing a numbered introduction letter, receiving,
 * returning, cancelling and ending it, reading and listing them.
 *
 * Every change runs in one write transaction: load within scope, check
 * the version read, ask domain/transfer.h whether the step is allowed,
 * check who acts (the sending side or the receiving side), check the
 * step's date, write the transfer and -- on receipt and end -- the
 * member's unit periods, append the audit entry, commit. A refusal rolls
 * back and changes nothing. Invariants kept here with the database's
 * indexes: one open official period per member at every moment (an
 * official transfer received on D closes the old period on D-1, or on D
 * when it began on D, and opens the new one on D); a temporary transfer
 * never touches the official period; nothing changes while in transit.
 * This file must never write SQL nor hold a rule domain/transfer.h holds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/calendar.h"
#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/transfer_internal.h"
#include "store/transfer_store.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static const char *label_of(const svc *s)
{
    return s->who && s->who->label ? s->who->label : "operator";
}

static role role_of(const svc *s) { return s->who ? s->who->role : ROLE_ADMIN; }

static bool in_scope(const svc *s, const char *path)
{
    return path && unit_path_within(path, svc_scope(s));
}

/* The sending side: officers and administrators whose scope holds the
 * sending unit. The receiving side: secretaries, officers and
 * administrators whose scope holds the receiving unit. */
static bool may_act(const svc *s, bool any_party, const store_transfer *x, transfer_action a)
{
    if (any_party)
        return true;
    role r = role_of(s);
    if (a == TRANSFER_RECEIVE || a == TRANSFER_RETURN)
        return (r == ROLE_SECRETARY || r == ROLE_OFFICER || r == ROLE_ADMIN) &&
               in_scope(s, x->to_path);
    return (r == ROLE_OFFICER || r == ROLE_ADMIN) && in_scope(s, x->from_path);
}

/* ---- the record as the actor sees it ---- */

/* The last day to present the letter: the rule set of the member's unit
 * on the day of issue, in working days. DATE_NONE past the calendar. */
static date_t receive_due(const trip_env *env, const store_transfer *x)
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

static void view_of(const svc *s, bool any_party, const trip_env *env, const store_transfer *x,
                    transfer *out)
{
    *out = (transfer){.id = x->id,
                      .version = x->version,
                      .member_id = x->member_id,
                      .member_name = x->member_name,
                      .kind = x->kind,
                      .state = x->state,
                      .from_unit_id = x->from_unit_id,
                      .to_unit_id = x->to_unit_id,
                      .from_unit_code = x->from_code,
                      .from_unit_name = x->from_name,
                      .to_unit_code = x->to_code,
                      .to_unit_name = x->to_name,
                      .to_country = x->to_country,
                      .trip_id = x->trip_id,
                      .back = x->back,
                      .letter_number = x->letter_number,
                      .issued_on = x->issued_on,
                      .received_on = x->received_on,
                      .returned_on = x->returned_on,
                      .cancelled_on = x->cancelled_on,
                      .ended_on = x->ended_on,
                      .note = x->note,
                      .issued_by = x->issued_by,
                      .received_by = x->received_by,
                      .created_at = x->created_at,
                      .updated_at = x->updated_at};
    out->receive_due = receive_due(env, x);
    out->overdue =
        x->state == TRANSFER_ISSUED && out->receive_due != DATE_NONE && s->today > out->receive_due;
    unsigned bits = transfer_allowed_actions(x->kind, x->state);
    for (int a = 0; a < TRANSFER_ACTION_COUNT; a++)
        if ((bits & (1u << a)) && may_act(s, any_party, x, (transfer_action)a))
            out->allowed |= 1u << a;
}

/* Transfer `id` read back inside the open transaction for *out. */
static status reload(svc *s, bool any_party, int64_t id, transfer *out, error *e)
{
    store_transfer x;
    trip_env env;
    status st = store_transfer_get(s->db, s->a, svc_scope(s), id, &x, e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, e);
    if (st == ST_OK)
        view_of(s, any_party, &env, &x, out);
    return st;
}

/* ---- issuing ---- */

/* The receiving unit, looked up installation-wide (any unit may receive). */
static status to_unit_of(svc *s, const transfer_input *in, unit *u, error *e)
{
    bool by_code = in->to_unit_code && in->to_unit_code[0];
    const char *field = in->to_unit_id ? "to_unit_id" : "to_unit_code";
    status st;
    if (in->to_unit_id)
        st = store_unit_get(s->db, s->a, STORE_SCOPE_ALL, in->to_unit_id, u, e);
    else if (by_code)
        st = store_unit_get_by_code(s->db, s->a, STORE_SCOPE_ALL, in->to_unit_code, u, e);
    else
        return err_set(e, ST_INVALID, "required", "to_unit_id", NULL);
    if (st == ST_NOT_FOUND)
        return err_set(e, ST_INVALID, "unit_not_found", field, NULL);
    return st;
}

/* What issuing needs beside the input: the member, both units, facts. */
typedef struct issue_ctx {
    svc *s;
    bool any_party;
    member m;
    unit from, to;
    transfer_kind kind;
    date_t issued_on;
    const char *note;
    bool to_overseas, has_open;
    errlist *errs;
    bool bad;
} issue_ctx;

static void keep(issue_ctx *c, const error *e)
{
    c->bad = true;
    svc_push(c->errs, e);
}

/* The input's own fields: kind, date, note, trip. */
static status read_input(issue_ctx *c, const transfer_input *in)
{
    svc *s = c->s;
    error e = {0};
    if (!in->kind || !in->kind[0])
        keep(c, (err_set(&e, ST_INVALID, "required", "kind", NULL), &e));
    else if (!transfer_kind_parse(in->kind, &c->kind))
        keep(c, (err_set(&e, ST_INVALID, "transfer_kind_invalid", "kind", in->kind), &e));
    if (svc_parse_date(in->issued_on, s->today, "issued_on", &c->issued_on, &e) != ST_OK)
        keep(c, &e);
    if (svc_trip_clean_text(s, in->note, "note", LIMIT_TRIP_TEXT_BYTES, &c->note, &e) != ST_OK) {
        if (e.st == ST_NOMEM)
            return svc_push(c->errs, &e);
        keep(c, &e);
    }
    if (in->trip_id > 0) {
        store_trip t;
        status st =
            store_trip_get(s->db, s->a, STORE_SCOPE_ALL, c->m.id, in->trip_id, s->today, &t, &e);
        if (st == ST_NOT_FOUND)
            keep(c, (err_set(&e, ST_INVALID, "trip_not_found", "trip_id", NULL), &e));
        else if (st != ST_OK)
            return svc_push(c->errs, &e);
    }
    return ST_OK;
}

/* The member (in scope), the units, the open transfer. */
static status load_facts(issue_ctx *c, const transfer_input *in)
{
    svc *s = c->s;
    error e = {0};
    role r = role_of(s);
    status st = ST_OK;
    if (!c->any_party && r != ROLE_OFFICER && r != ROLE_ADMIN)
        st = err_set(&e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    else if (in->member_id <= 0)
        st = err_set(&e, ST_INVALID, "required", "member_id", NULL);
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_scope(s), in->member_id, &c->m, &e);
    if (st == ST_OK)
        st = store_unit_get(s->db, s->a, STORE_SCOPE_ALL, c->m.unit_id, &c->from, &e);
    if (st != ST_OK)
        return svc_push(c->errs, &e);
    st = to_unit_of(s, in, &c->to, &e);
    if (st == ST_OK)
        st = store_unit_overseas(s->db, c->to.id, &c->to_overseas, &e);
    if (st == ST_OK) {
        store_transfer open;
        st = store_transfer_open_of(s->db, s->a, c->m.id, &open, &c->has_open, &e);
    }
    if (st == ST_INVALID) {
        keep(c, &e);
        return ST_OK;
    }
    return st == ST_OK ? ST_OK : svc_push(c->errs, &e);
}

static status check_issue(issue_ctx *c)
{
    bool have_to = c->to.id != 0;
    transfer_request r = {
        .kind = c->kind,
        .member_id = c->m.id,
        .from_unit_id = c->from.id,
        .to_unit_id = have_to ? c->to.id : -1,
        .to_unit_dissolved =
            have_to && c->to.dissolved_on != DATE_NONE && c->to.dissolved_on <= c->issued_on,
        .to_unit_abroad = have_to && c->to.country[0] != '\0',
        .to_unit_overseas_committee = c->to_overseas,
        .member_active = c->m.status == MS_PROBATIONARY || c->m.status == MS_OFFICIAL,
        .member_has_open_transfer = c->has_open,
        .to_is_current_official = have_to && c->to.id == c->m.unit_id,
        .issued_on = c->issued_on,
        .today = c->s->today,
    };
    size_t before = c->errs ? c->errs->len : 0;
    status st = transfer_check(&r, c->errs);
    if (st == ST_NOMEM)
        return st;
    if (st == ST_OK && !c->bad)
        return ST_OK;
    if (c->errs && c->errs->len == before && !c->errs->dropped && !c->bad)
        return ST_NOMEM;
    return svc_errs_status(c->errs);
}

/* A transfer from a unit abroad (or from the overseas committee's single
 * guidance) to a unit at home is the transfer back after a stay. */
static status is_back(issue_ctx *c, bool *back, error *e)
{
    *back = false;
    if (c->to.country[0] || c->to_overseas)
        return ST_OK;
    if (c->from.country[0]) {
        *back = true;
        return ST_OK;
    }
    return store_transfer_reached_single(c->s->db, c->m.id, c->from.id, back, e);
}

static status audit_issue(svc *s, const store_transfer *x, error *e)
{
    audit_field f[8] = {{"member_id", arena_printf(s->a, "%" PRId64, x->member_id)},
                        {"kind", transfer_kind_name(x->kind)},
                        {"from_unit_id", arena_printf(s->a, "%" PRId64, x->from_unit_id)},
                        {"to_unit_id", arena_printf(s->a, "%" PRId64, x->to_unit_id)},
                        {"letter_number", x->letter_number},
                        {"issued_on", svc_trip_iso(s, x->issued_on)},
                        {"trip_id", x->trip_id ? arena_printf(s->a, "%" PRId64, x->trip_id) : NULL},
                        {"note", x->note}};
    if (!f[0].value || !f[2].value || !f[3].value || (x->trip_id && !f[6].value))
        return nomem(e);
    char *after = audit_fields_json(s->a, f, 8);
    if (!after)
        return nomem(e);
    return svc_audit_tx(s, "transfer.issue", "transfer", x->id, x->member_path, NULL, after, e);
}

static status issue_tx(svc *s, bool any_party, const transfer_input *in, int64_t *id, errlist *errs)
{
    issue_ctx c = {.s = s, .any_party = any_party, .errs = errs, .issued_on = DATE_NONE};
    c.to.dissolved_on = DATE_NONE;
    status st = load_facts(&c, in);
    if (st == ST_OK)
        st = read_input(&c, in);
    if (st == ST_OK)
        st = check_issue(&c);
    if (st != ST_OK)
        return st;
    error e = {0};
    int y = 0, mo = 0, d = 0;
    date_to_ymd(c.issued_on, &y, &mo, &d);
    store_transfer x = {.member_id = c.m.id,
                        .member_path = c.m.unit_path,
                        .kind = c.kind,
                        .from_unit_id = c.from.id,
                        .to_unit_id = c.to.id,
                        .trip_id = in->trip_id > 0 ? in->trip_id : 0,
                        .issued_on = c.issued_on,
                        .note = c.note,
                        .issued_by = label_of(s)};
    st = is_back(&c, &x.back, &e);
    if (st == ST_OK)
        st = store_transfer_next_letter(s->db, s->a, y, &x.letter_number, &e);
    if (st == ST_OK)
        st = store_transfer_insert(s->db, &x, s->now, &e);
    if (st == ST_OK)
        st = audit_issue(s, &x, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    *id = x.id;
    return ST_OK;
}

/* ---- steps ---- */

/* The member's periods on receipt: an official (or single-member)
 * transfer moves the official unit on `on`; a temporary one opens a
 * temporary period beside it. */
static status periods_on_receive(svc *s, const store_transfer *x, date_t on, error *e)
{
    const char *day = svc_date_iso(s, on);
    if (!day)
        return nomem(e);
    if (x->kind == TRANSFER_TEMPORARY)
        return store_period_open(s->db, x->member_id, x->to_unit_id, "temporary", day, e);
    store_period cur;
    status st = store_period_current(s->db, s->a, x->member_id, &cur, e);
    if (st == ST_OK) {
        date_t start = DATE_NONE;
        if (!date_parse(cur.start_date, &start))
            return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
        if (start > on)
            return err_set(e, ST_INVALID, "transfer_receive_before_period", "date", cur.start_date);
        st = store_period_close(s->db, cur.id, start == on ? day : svc_date_iso(s, on - 1), e);
    } else if (st == ST_NOT_FOUND) {
        st = ST_OK; /* no open period (a record kept before periods): open one */
    }
    if (st == ST_OK)
        st = store_period_open(s->db, x->member_id, x->to_unit_id, "official", day, e);
    if (st == ST_OK)
        st = store_member_move_unit(s->db, x->member_id, x->to_unit_id, s->now, e);
    return st;
}

/* A temporary transfer ends: its temporary period closes on `on`. */
static status period_on_end(svc *s, const store_transfer *x, date_t on, error *e)
{
    int64_t pid = 0;
    status st = store_period_temporary_open(s->db, x->member_id, x->to_unit_id, &pid, e);
    if (st == ST_NOT_FOUND)
        return ST_OK;
    if (st == ST_OK)
        st = store_period_close(s->db, pid, svc_date_iso(s, on), e);
    return st;
}

/* The step's date: given or today; not in the future; not before the
 * step it follows. */
static status step_date(svc *s, const store_transfer *x, transfer_action a, const char *in,
                        date_t *on, error *e)
{
    status st = svc_parse_date(in, s->today, "date", on, e);
    if (st != ST_OK)
        return st;
    if (*on > s->today)
        return err_set(e, ST_INVALID, "date_future", "date", NULL);
    date_t after = a == TRANSFER_END ? x->received_on : x->issued_on;
    if (after != DATE_NONE && *on < after)
        return err_set(e, ST_INVALID, "transfer_date_before_step", "date", svc_date_iso(s, after));
    return ST_OK;
}

static status audit_step(svc *s, const store_transfer *was, const store_transfer *x,
                         transfer_action a, date_t on, const char *comment, error *e)
{
    audit_field before[1] = {{"state", transfer_state_name(was->state)}};
    audit_field after[3] = {{"state", transfer_state_name(x->state)},
                            {"date", svc_trip_iso(s, on)},
                            {"comment", comment}};
    char *b = audit_fields_json(s->a, before, 1);
    char *n = audit_fields_json(s->a, after, 3);
    const char *action = arena_printf(s->a, "transfer.%s", transfer_action_name(a));
    if (!b || !n || !action)
        return nomem(e);
    /* The receiving side's steps are read by the receiving side's auditors. */
    const char *scope = a == TRANSFER_RECEIVE || a == TRANSFER_RETURN ? x->to_path : x->member_path;
    return svc_audit_tx(s, action, "transfer", x->id, scope, b, n, e);
}

static status write_step(svc *s, store_transfer *x, const store_transfer *was, transfer_action a,
                         date_t on, const char *comment, error *e)
{
    status st = ST_OK;
    switch (a) {
    case TRANSFER_RECEIVE:
        x->received_on = on;
        x->received_by = label_of(s);
        st = periods_on_receive(s, x, on, e);
        break;
    case TRANSFER_RETURN: x->returned_on = on; break;
    case TRANSFER_CANCEL: x->cancelled_on = on; break;
    case TRANSFER_END:
        x->ended_on = on;
        st = period_on_end(s, x, on, e);
        break;
    }
    if (st == ST_OK)
        st = store_transfer_update(s->db, x, was->version, s->now, e);
    if (st == ST_OK)
        st = audit_step(s, was, x, a, on, comment, e);
    return st;
}

static status act_tx(svc *s, bool any_party, int64_t id, int64_t expected_version,
                     transfer_action a, const char *date, const char *comment, errlist *errs)
{
    store_transfer was, x;
    error e = {0};
    date_t on = DATE_NONE;
    const char *text = NULL;
    status st = (int)a >= 0 && (int)a < TRANSFER_ACTION_COUNT
                    ? store_transfer_get(s->db, s->a, svc_scope(s), id, &was, &e)
                    : err_set(&e, ST_NOT_FOUND, "not_found", NULL, NULL);
    if (st == ST_OK && was.version != expected_version)
        st = err_set(&e, ST_CONFLICT, "version_stale", NULL, NULL);
    x = was;
    if (st == ST_OK)
        st = transfer_transition(was.kind, was.state, a, &x.state, &e);
    if (st == ST_OK && !may_act(s, any_party, &was, a))
        st = err_set(&e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = step_date(s, &was, a, date, &on, &e);
    if (st == ST_OK)
        st = svc_trip_clean_text(s, comment, "comment", LIMIT_TRIP_TEXT_BYTES, &text, &e);
    if (st == ST_OK && !text && (a == TRANSFER_RETURN || a == TRANSFER_CANCEL))
        st = err_set(&e, ST_INVALID, "required", "comment", NULL);
    if (st == ST_OK)
        st = write_step(s, &x, &was, a, on, text, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* ---- the public faces ---- */

static status begin(svc *s, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* Read back for *out inside the transaction, then commit; roll back on
 * any failure, so no answer is lost after a commit. */
static status finish(svc *s, status st, int64_t id, transfer *out, errlist *errs)
{
    error e = {0};
    if (st == ST_OK && out && reload(s, false, id, out, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_transfer_issue_tx(svc *s, const trip_when *w, const transfer_input *in, transfer *out,
                             errlist *errs)
{
    svc t = svc_trip_at(s, w);
    bool any = w && w->any_party;
    int64_t id = 0;
    error e = {0};
    status st = issue_tx(&t, any, in, &id, errs);
    if (st == ST_OK && out && (st = reload(&t, any, id, out, &e)) != ST_OK)
        svc_push(errs, &e);
    return st;
}

status svc_transfer_issue(svc *s, const transfer_input *in, transfer *out, errlist *errs)
{
    int64_t id = 0;
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = issue_tx(s, false, in, &id, errs);
    return finish(s, st, id, out, errs);
}

status svc_transfer_act_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                           transfer_action a, const char *date, const char *comment, transfer *out,
                           errlist *errs)
{
    svc t = svc_trip_at(s, w);
    bool any = w && w->any_party;
    error e = {0};
    status st = act_tx(&t, any, id, expected_version, a, date, comment, errs);
    if (st == ST_OK && out && (st = reload(&t, any, id, out, &e)) != ST_OK)
        svc_push(errs, &e);
    return st;
}

status svc_transfer_act(svc *s, int64_t id, int64_t expected_version, transfer_action a,
                        const char *date, const char *comment, transfer *out, errlist *errs)
{
    status st = begin(s, errs);
    if (st != ST_OK)
        return st;
    st = act_tx(s, false, id, expected_version, a, date, comment, errs);
    return finish(s, st, id, out, errs);
}

status svc_transfer_get(svc *s, int64_t id, transfer *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = reload(s, false, id, out, e);
    store_rollback(s->db);
    return st;
}

/* The query's subtree (unit_id within the scope, or the scope) and its
 * direction and state, checked. */
static status list_query(svc *s, const transfer_query *q, store_transfer_query *sq, error *e)
{
    *sq = (store_transfer_query){.scope = svc_scope(s), .member_id = q->member_id};
    int lim = q->limit;
    sq->limit = lim <= 0 ? LIMIT_PAGE_DEFAULT : lim > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX : lim;
    if (q->cursor && q->cursor[0] && (!str_to_i64(q->cursor, &sq->after_id) || sq->after_id <= 0))
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    const char *dir = q->direction;
    if (!dir || !dir[0] || strcmp(dir, "any") == 0)
        sq->direction = 0;
    else if (strcmp(dir, "outgoing") == 0)
        sq->direction = 1;
    else if (strcmp(dir, "incoming") == 0)
        sq->direction = 2;
    else
        return err_set(e, ST_INVALID, "transfer_direction_invalid", "direction", dir);
    transfer_state ts;
    if (q->state && q->state[0]) {
        if (strcmp(q->state, "open") == 0)
            sq->state = transfer_state_name(TRANSFER_ISSUED);
        else if (transfer_state_parse(q->state, &ts))
            sq->state = transfer_state_name(ts);
        else
            return err_set(e, ST_INVALID, "transfer_state_invalid", "state", q->state);
    }
    if (q->unit_id) {
        unit u;
        status st = store_unit_get(s->db, s->a, svc_scope(s), q->unit_id, &u, e);
        if (st != ST_OK)
            return st;
        sq->within = u.path;
    }
    return ST_OK;
}

status svc_transfer_list(svc *s, const transfer_query *q, transfer **out, size_t *n,
                         const char **next_cursor, error *e)
{
    *out = NULL;
    *n = 0;
    *next_cursor = NULL;
    store_transfer_query sq;
    store_transfer *rows = NULL;
    size_t count = 0;
    bool more = false;
    trip_env env;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = list_query(s, q, &sq, e);
    if (st == ST_OK)
        st = store_transfer_list(s->db, s->a, &sq, &rows, &count, &more, e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    transfer *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return nomem(e);
    for (size_t i = 0; i < count; i++)
        view_of(s, false, &env, &rows[i], &items[i]);
    if (more && count) {
        *next_cursor = arena_printf(s->a, "%" PRId64, rows[count - 1].id);
        if (!*next_cursor)
            return nomem(e);
    }
    *out = items;
    *n = count;
    return ST_OK;
}
