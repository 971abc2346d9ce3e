/*
 * trip_steps.c -- one step of a trip's lifecycle (svc_trip_act): the
 * state machine's answer, the party, the step's own fields, then the
 * record, its event and its audit entry in one write transaction.
 *
 * The order of the checks is what a person sees: a trip outside their
 * sight is not found; a stale version is a conflict; an action the state
 * does not allow lists the allowed ones; an action of another party is
 * forbidden; then the fields. Every refusal rolls back. This file must
 * never hold a rule domain/trip.h holds (which step leads where, what
 * submission needs) nor write SQL.
 */
#include <string.h>

#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"

/* A step under way: the record before and after, what the event says. */
typedef struct step_ctx {
    svc *s;
    store_trip r;        /* as loaded */
    trip t;              /* as it will be stored */
    rule_set rules;      /* in force for the member's unit today */
    date_t on;           /* the date the step states */
    const char *outcome; /* for the event */
    const char *comment;
    const char *extension_reason;
    errlist *errs;
    bool bad;   /* a field error was recorded */
    bool nomem; /* the list could not grow */
} step_ctx;

static void field_err(step_ctx *c, status st, const char *code, const char *field, const char *arg)
{
    error e = {0};
    err_set(&e, st, code, field, arg);
    c->bad = true;
    if (svc_push(c->errs, &e) == ST_NOMEM && c->errs)
        c->nomem = true;
}

/* Keep an error the helpers raised. */
static void keep(step_ctx *c, const error *e)
{
    if (e->st == ST_NOMEM)
        c->nomem = true;
    c->bad = true;
    if (svc_push(c->errs, e) == ST_NOMEM && c->errs)
        c->nomem = true;
}

static const char *text_field(step_ctx *c, const char *in, const char *field, size_t max)
{
    const char *out = NULL;
    error e = {0};
    if (svc_trip_clean_text(c->s, in, field, max, &out, &e) != ST_OK)
        keep(c, &e);
    return out;
}

static void require(step_ctx *c, const void *v, const char *field)
{
    if (!v)
        field_err(c, ST_INVALID, "required", field, NULL);
}

/* outcome among two words; "" or NULL is "required". */
static const char *outcome_of(step_ctx *c, const char *in, const char *yes, const char *no)
{
    if (!in || !in[0]) {
        field_err(c, ST_INVALID, "required", "outcome", NULL);
        return NULL;
    }
    if (strcmp(in, yes) == 0)
        return yes;
    if (strcmp(in, no) == 0)
        return no;
    char allowed[64];
    memcpy(allowed, yes, strlen(yes) + 1);
    size_t n = strlen(allowed);
    if (n + strlen(no) + 2 < sizeof allowed) {
        allowed[n] = ',';
        memcpy(allowed + n + 1, no, strlen(no) + 1);
    }
    field_err(c, ST_INVALID, "trip_outcome_invalid", "outcome", allowed);
    return NULL;
}

/* The step's date: `in`, or today; not in the future. */
static date_t date_of(step_ctx *c, const char *in, bool required)
{
    date_t d = DATE_NONE;
    error e = {0};
    if (required && (!in || !in[0])) {
        field_err(c, ST_INVALID, "required", "date", NULL);
        return DATE_NONE;
    }
    if (svc_parse_date(in, c->s->today, "date", &d, &e) != ST_OK) {
        keep(c, &e);
        return DATE_NONE;
    }
    return d;
}

static date_t past_date_of(step_ctx *c, const char *in)
{
    date_t d = date_of(c, in, false);
    if (d != DATE_NONE && d > c->s->today) {
        field_err(c, ST_INVALID, "date_future", "date", NULL);
        return DATE_NONE;
    }
    return d;
}

/* ---- each action's fields ---- */

static void do_submit(step_ctx *c)
{
    errlist missing;
    errlist_init(&missing, 0);
    status st = trip_missing(&c->t, c->r.have_docs, &missing);
    if (st == ST_NOMEM) {
        c->nomem = true;
    } else if (st != ST_OK) {
        field_err(c, ST_INVALID, "trip_incomplete", NULL, NULL);
        for (size_t i = 0; i < missing.len; i++)
            keep(c, &missing.items[i]);
    }
    errlist_free(&missing);
    c->t.submitted_on = c->s->today;
}

static void do_opinion(step_ctx *c, const trip_step *in)
{
    c->outcome = outcome_of(c, in->outcome, TRIP_OPINION_AGREE, TRIP_OPINION_DISAGREE);
    c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
    if (c->outcome && strcmp(c->outcome, TRIP_OPINION_DISAGREE) == 0)
        require(c, c->comment, "comment");
    c->t.cell_opinion = c->outcome;
    c->t.cell_comment = c->comment;
}

static void do_decide(step_ctx *c, const trip_step *in)
{
    c->outcome = outcome_of(c, in->outcome, "approved", "refused");
    c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
    if (c->outcome && strcmp(c->outcome, "refused") == 0)
        require(c, c->comment, "comment");
    c->t.decision = c->outcome;
    c->t.decision_reasons = c->comment;
    c->t.decided_on = c->s->today;
}

static void do_request_extension(step_ctx *c, const trip_step *in)
{
    date_t d = date_of(c, in->date, true);
    c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
    require(c, c->comment, "comment");
    date_t now_return = trip_effective_return(&c->t);
    if (d != DATE_NONE && now_return != DATE_NONE && d <= now_return)
        field_err(c, ST_INVALID, "trip_extension_not_later", "date",
                  svc_trip_iso(c->s, now_return));
    c->t.requested_return = d;
    c->extension_reason = c->comment;
    c->on = c->s->today;
}

static void do_decide_extension(step_ctx *c, const trip_step *in)
{
    c->outcome = outcome_of(c, in->outcome, "approved", "refused");
    c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
    if (c->outcome && strcmp(c->outcome, "approved") == 0)
        c->t.extended_return = c->t.requested_return;
}

static void do_return(step_ctx *c, const trip_step *in)
{
    date_t d = past_date_of(c, in->date);
    if (d != DATE_NONE && c->t.actual_departure != DATE_NONE && d < c->t.actual_departure)
        field_err(c, ST_INVALID, "trip_return_before_departure", "date",
                  svc_trip_iso(c->s, c->t.actual_departure));
    c->t.actual_return = d;
    c->on = d;
}

static void do_submit_report(step_ctx *c, const trip_step *in)
{
    const char *text = text_field(c, in->text, "text", LIMIT_TRIP_REPORT_BYTES);
    require(c, text, "text");
    date_t d = past_date_of(c, in->date);
    if (d != DATE_NONE && c->t.actual_return != DATE_NONE && d < c->t.actual_return)
        field_err(c, ST_INVALID, "trip_report_before_return", "date",
                  svc_trip_iso(c->s, c->t.actual_return));
    c->t.report_text = text;
    c->t.report_submitted_on = d;
    c->on = d;
}

static void do_review_report(step_ctx *c, const trip_step *in)
{
    c->outcome = outcome_of(c, in->outcome, TRIP_OPINION_AGREE, TRIP_OPINION_DISAGREE);
    c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
    c->t.report_opinion = c->outcome;
    c->t.report_comment = c->comment;
}

static void fields_of_action(step_ctx *c, trip_action a, const trip_step *in)
{
    switch (a) {
    case TRIP_SUBMIT: do_submit(c); break;
    case TRIP_WITHDRAW:
    case TRIP_ACKNOWLEDGE:
        c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
        break;
    case TRIP_CANCEL:
        c->comment = text_field(c, in->comment, "comment", LIMIT_TRIP_TEXT_BYTES);
        require(c, c->comment, "comment");
        break;
    case TRIP_OPINION: do_opinion(c, in); break;
    case TRIP_DECIDE: do_decide(c, in); break;
    case TRIP_DEPART: c->t.actual_departure = c->on = past_date_of(c, in->date); break;
    case TRIP_REQUEST_EXTENSION: do_request_extension(c, in); break;
    case TRIP_DECIDE_EXTENSION: do_decide_extension(c, in); break;
    case TRIP_RETURN: do_return(c, in); break;
    case TRIP_SUBMIT_REPORT: do_submit_report(c, in); break;
    case TRIP_REVIEW_REPORT: do_review_report(c, in); break;
    }
}

/* ---- the step ---- */

static status audit_step(step_ctx *c, trip_action a, error *e)
{
    svc *s = c->s;
    audit_field was[1] = {{"state", trip_state_name(c->r.t.state)}};
    audit_field now[4] = {{"state", trip_state_name(c->t.state)},
                          {"outcome", c->outcome},
                          {"date", svc_trip_iso(s, c->on)},
                          {"comment", c->comment}};
    char *before = audit_fields_json(s->a, was, 1);
    char *after = audit_fields_json(s->a, now, 4);
    char action[48];
    memcpy(action, "trip.", 5);
    const char *name = trip_action_name(a);
    size_t n = strlen(name);
    if (!before || !after || n + 6 > sizeof action)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    memcpy(action + 5, name, n + 1);
    return svc_audit_tx(s, action, "trip", c->t.id, c->t.unit_path, before, after, e);
}

/* Approving a member under an open review, when the rules say so, is
 * refused whole: the officer records a refusal with that reason instead. */
static status review_blocks(step_ctx *c, trip_action a, error *e)
{
    if (a != TRIP_DECIDE || !c->outcome || strcmp(c->outcome, "approved") != 0)
        return ST_OK;
    if (!c->r.under_review || !c->rules.review_blocks_approval)
        return ST_OK;
    return err_set(e, ST_CONFLICT, "trip_member_under_review", NULL, NULL);
}

static status write_step(step_ctx *c, trip_action a, bool any_party, error *e)
{
    svc *s = c->s;
    bool moved = c->t.state != c->r.t.state;
    status st = store_trip_update(
        s->db, svc_trip_scope(s), &c->t, c->r.t.version, false, moved ? s->now : c->r.state_since,
        c->extension_reason ? c->extension_reason : c->r.extension_reason, s->now, e);
    if (st == ST_OK)
        st = svc_trip_event_tx(s, &c->t, trip_action_name(a), trip_state_name(c->r.t.state),
                               c->on != DATE_NONE ? c->on : s->today,
                               svc_trip_actor_role(s, any_party, trip_action_party(a)), c->outcome,
                               c->comment, e);
    if (st == ST_OK)
        st = audit_step(c, a, e);
    return st;
}

static status act_tx(svc *s, bool any_party, int64_t id, int64_t expected_version, trip_action a,
                     const trip_step *in, trip *out, errlist *errs)
{
    static const trip_step none = {0};
    step_ctx c = {.s = s, .errs = errs, .on = DATE_NONE};
    error e = {0};
    trip_env env;
    if (!in)
        in = &none;
    status st = svc_trip_load_tx(s, id, &c.r, &e);
    if (st == ST_OK && c.r.t.version != expected_version)
        st = err_set(&e, ST_CONFLICT, "version_stale", NULL, NULL);
    bool approve = in->outcome && strcmp(in->outcome, "approved") == 0;
    if (st == ST_OK)
        st = trip_transition(c.r.t.state, a, approve, &c.t.state, &e);
    if (st == ST_OK)
        st = svc_trip_party_check(s, any_party, trip_action_party(a), &e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    trip_state to = c.t.state;
    c.t = c.r.t;
    c.t.state = to;
    rule_set_pick(env.sets, env.nsets, c.t.unit_path, s->today, &c.rules);
    size_t before = errs ? errs->len : 0;
    fields_of_action(&c, a, in);
    if (c.nomem) {
        err_set(&e, ST_NOMEM, "out_of_memory", NULL, NULL);
        return svc_push(errs, &e);
    }
    if (c.bad)
        return errs && errs->len > before ? svc_errs_status(errs) : ST_INVALID;
    st = review_blocks(&c, a, &e);
    if (st == ST_OK)
        st = write_step(&c, a, any_party, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (out)
        *out = c.t;
    return ST_OK;
}

status svc_trip_act_tx(svc *s, const trip_when *w, int64_t id, int64_t expected_version,
                       trip_action action, const trip_step *step, trip *out, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    return act_tx(&t, w && w->any_party, id, expected_version, action, step, out, errs);
}

status svc_trip_act(svc *s, int64_t id, int64_t expected_version, trip_action action,
                    const trip_step *step, trip_view *out, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK && (int)action >= TRIP_ACTION_COUNT)
        st = err_set(&e, ST_NOT_FOUND, "not_found", NULL, NULL);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    st = act_tx(s, false, id, expected_version, action, step, NULL, errs);
    if (st == ST_OK && out) /* built before the commit: no answer lost after it */
        st = svc_trip_view_full_tx(s, id, out, errs);
    if (st == ST_OK)
        st = store_commit(s->db, &e) == ST_OK ? ST_OK : svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}
