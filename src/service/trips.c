/*
 * trips.c -- the trips' use cases: filing and editing a draft, reading a
 * trip as its actor sees it, the steps of the lifecycle, the lists and the
 * inboxes; and what the other trips' service files share (who acts for
 * which party, the timeline, the deadlines' inputs).
 *
 * Every change runs in one write transaction: load within scope, check
 * the version read, ask domain/trip.h whether the step is allowed, check
 * the party, check the step's fields, write the record, append a
 * trip_events row and the audit entry, commit. A refusal rolls back and
 * changes nothing. This file must never write SQL nor hold a trip rule the
 * domain holds (the state machine, what submission needs, deadlines).
 */
#include <stdio.h>
#include <string.h>

#include "service/audit.h"
#include "service/calendar.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- shared ---- */

svc svc_trip_at(const svc *s, const trip_when *w)
{
    svc t = *s;
    if (w && w->today != DATE_NONE)
        t.today = w->today;
    if (w && w->at)
        t.now = w->at;
    return t;
}

const char *svc_trip_scope(const svc *s)
{
    return s->who && s->who->role == ROLE_MEMBER ? STORE_SCOPE_ALL : svc_scope(s);
}

int64_t svc_trip_owner(const svc *s)
{
    if (!s->who || s->who->role != ROLE_MEMBER)
        return 0;
    return s->who->member_id > 0 ? s->who->member_id : -1;
}

static bool party_ok(const svc *s, trip_party p)
{
    role r = s->who ? s->who->role : ROLE_AUDITOR;
    switch (p) {
    case TRIP_PARTY_MEMBER: return r == ROLE_MEMBER || r == ROLE_SECRETARY;
    case TRIP_PARTY_CELL: return r == ROLE_SECRETARY;
    case TRIP_PARTY_COMMITTEE: return r == ROLE_OFFICER;
    case TRIP_PARTY_NONE: break;
    }
    return false;
}

/* The installation's operator (the CLI: user 0, scope "/") answers for the
 * installation and may take any party's step, recorded as that party. */
static bool operator_acts(const svc *s)
{
    return s->who && s->who->user_id == 0 && actor_whole_installation(s->who);
}

status svc_trip_party_check(const svc *s, bool any_party, trip_party p, error *e)
{
    if (any_party || operator_acts(s) || party_ok(s, p))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "trip_party_forbidden", NULL, trip_party_name(p));
}

const char *svc_trip_actor_role(const svc *s, bool any_party, trip_party p)
{
    if (!any_party && !operator_acts(s))
        return role_name(s->who ? s->who->role : ROLE_ADMIN);
    switch (p) {
    case TRIP_PARTY_CELL: return role_name(ROLE_SECRETARY);
    case TRIP_PARTY_COMMITTEE: return role_name(ROLE_OFFICER);
    default: return role_name(ROLE_MEMBER);
    }
}

status svc_trip_load_tx(svc *s, int64_t id, store_trip *out, error *e)
{
    return store_trip_get(s->db, s->a, svc_trip_scope(s), svc_trip_owner(s), id, s->today, out, e);
}

status svc_trip_event_tx(svc *s, const trip *t, const char *action, const char *from_state,
                         date_t on, const char *actor_role, const char *outcome,
                         const char *comment, error *e)
{
    store_trip_event ev = {.trip_id = t->id,
                           .action = action,
                           .from_state = from_state,
                           .to_state = trip_state_name(t->state),
                           .on_date = on,
                           .user_id = s->who ? s->who->user_id : 0,
                           .actor_label = s->who && s->who->label ? s->who->label : "operator",
                           .actor_role = actor_role,
                           .outcome = outcome,
                           .comment = comment,
                           .at = s->now};
    return store_trip_event_add(s->db, &ev, e);
}

const char *svc_trip_iso(svc *s, date_t d) { return d == DATE_NONE ? NULL : svc_date_iso(s, d); }

/* One line of a text, cleaned, appended to buf (a newline before it
 * unless it is the first). */
static status clean_line(svc *s, const char *line, size_t n, const char *field, strbuf *buf,
                         bool first, error *e)
{
    char *clean = NULL;
    if (n && line[n - 1] == '\r')
        n--;
    status st = text_clean_line(s->a, line, n, field, &clean, e);
    if (st != ST_OK)
        return st;
    if (!first)
        buf_putc(buf, '\n');
    buf_puts(buf, clean);
    return buf->failed ? nomem(e) : ST_OK;
}

status svc_trip_clean_text(svc *s, const char *in, const char *field, size_t max, const char **out,
                           error *e)
{
    *out = NULL;
    if (!in)
        return ST_OK;
    size_t len = strlen(in);
    if (len > max * 4 + 1024) /* far past the limit: refuse before the work */
        return err_setf(e, ST_INVALID, "text_too_long", field, "%zu", max);
    strbuf buf = {0};
    status st = ST_OK;
    const char *p = in, *end = in + len;
    for (bool first = true; st == ST_OK; first = false) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        st = clean_line(s, p, n, field, &buf, first, e);
        if (!nl)
            break;
        p = nl + 1;
    }
    const char *text = buf.len ? buf.data : "";
    size_t tlen = buf.len;
    while (tlen && text[0] == '\n')
        text++, tlen--;
    while (tlen && text[tlen - 1] == '\n')
        tlen--;
    if (st == ST_OK && tlen > max)
        st = err_setf(e, ST_INVALID, "text_too_long", field, "%zu", max);
    if (st == ST_OK && tlen) {
        *out = arena_strndup(s->a, text, tlen);
        if (!*out)
            st = nomem(e);
    }
    buf_free(&buf);
    return st;
}

status svc_trip_env_tx(svc *s, trip_env *env, error *e)
{
    memset(env, 0, sizeof *env);
    status st = store_rule_sets(s->db, s->a, &env->sets, &env->nsets, e);
    if (st == ST_OK)
        st = svc_calendar_overrides_tx(s, DATE_NONE, &env->ov, &env->nov, e);
    return st;
}

/* The date whose rule set governs the trip's deadlines: the actual return
 * once back, else the planned return in force, else today. */
static date_t rules_date(const svc *s, const trip *t)
{
    if (t->actual_return != DATE_NONE)
        return t->actual_return;
    date_t r = trip_effective_return(t);
    return r != DATE_NONE ? r : s->today;
}

/* What a draft lacks, as errors in the arena (the view owns no heap). */
static status missing_of(svc *s, const store_trip *r, errlist *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (r->t.state != TRIP_DRAFT)
        return ST_OK;
    errlist tmp;
    errlist_init(&tmp, 0);
    status st = trip_missing(&r->t, r->have_docs, &tmp);
    if (st == ST_NOMEM) {
        errlist_free(&tmp);
        return nomem(e);
    }
    st = ST_OK;
    if (tmp.len) {
        error *items = arena_alloc_array(s->a, tmp.len, sizeof *items);
        if (items) {
            memcpy(items, tmp.items, tmp.len * sizeof *items);
            out->items = items;
            out->len = tmp.len;
        } else {
            st = nomem(e);
        }
    }
    errlist_free(&tmp);
    return st;
}

status svc_trip_view_of(svc *s, const trip_env *env, const store_trip *r, trip_view *v, error *e)
{
    memset(v, 0, sizeof *v);
    v->t = r->t;
    rule_set_pick(env->sets, env->nsets, r->t.unit_path ? r->t.unit_path : "/",
                  rules_date(s, &r->t), &v->rules);
    error de = {0};
    status st =
        trip_deadlines_compute(&r->t, &v->rules, s->today, env->ov, env->nov, &v->deadlines, &de);
    if (st == ST_NOMEM)
        return nomem(e);
    if (st != ST_OK) { /* a date past the calendar's years: no deadline to show */
        memset(&v->deadlines, 0, sizeof v->deadlines);
        v->deadlines.report_due = v->deadlines.return_grace_until = DATE_NONE;
        v->deadlines.return_overdue_from = v->deadlines.next_deadline = DATE_NONE;
    }
    unsigned allowed = trip_allowed_actions(r->t.state);
    for (int a = 0; a < TRIP_ACTION_COUNT; a++)
        if ((allowed & (1u << a)) && party_ok(s, trip_action_party((trip_action)a)))
            v->allowed |= 1u << a;
    v->waiting_for = trip_waiting_for(r->t.state);
    v->under_review = r->under_review;
    v->delegation_name = r->delegation_name;
    return missing_of(s, r, &v->missing, e);
}

/* ---- transactions ---- */

static status begin_write(svc *s, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* The trip `id` with its timeline and attachments, as this actor sees it,
 * inside the open transaction. */
static status full_view_tx(svc *s, int64_t id, trip_view *out, error *e)
{
    store_trip r;
    trip_env env;
    store_trip_event *ev;
    store_attachment *at;
    size_t nev, nat;
    status st = svc_trip_load_tx(s, id, &r, e);
    if (st == ST_OK)
        st = svc_trip_env_tx(s, &env, e);
    if (st == ST_OK)
        st = svc_trip_view_of(s, &env, &r, out, e);
    if (st == ST_OK)
        st = store_trip_events(s->db, s->a, id, &ev, &nev, e);
    if (st == ST_OK)
        st = store_attachments(s->db, s->a, id, &at, &nat, e);
    if (st != ST_OK)
        return st;
    out->events = arena_alloc_array(s->a, nev ? nev : 1, sizeof *out->events);
    out->attachments = arena_alloc_array(s->a, nat ? nat : 1, sizeof *out->attachments);
    if (!out->events || !out->attachments)
        return nomem(e);
    for (size_t i = 0; i < nev; i++)
        out->events[i] = (trip_event){
            ev[i].id,          ev[i].action,     ev[i].from_state, ev[i].to_state, ev[i].on_date,
            ev[i].actor_label, ev[i].actor_role, ev[i].outcome,    ev[i].comment,  ev[i].at};
    for (size_t i = 0; i < nat; i++) {
        trip_doc_kind k = TRIP_DOC_OTHER;
        trip_doc_kind_parse(at[i].kind, &k);
        out->attachments[i] =
            (trip_attachment){at[i].id,        at[i].trip_id,    k,
                              at[i].file_name, at[i].media_type, at[i].sha256,
                              at[i].size,      at[i].created_by, at[i].created_at};
    }
    out->n_events = nev;
    out->n_attachments = nat;
    return ST_OK;
}

/* Read the trip back for `out` (when given) inside the write
 * transaction, then commit; roll back on any failure, so an answer that
 * could not be built never follows a committed change. */
static status finish(svc *s, status st, int64_t id, trip_view *out, errlist *errs)
{
    error e = {0};
    if (st == ST_OK && out)
        st = svc_trip_view_full_tx(s, id, out, errs);
    if (st == ST_OK && store_commit(s->db, &e) != ST_OK)
        st = svc_push(errs, &e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_trip_view_full_tx(svc *s, int64_t id, trip_view *out, errlist *errs)
{
    error e = {0};
    status st = full_view_tx(s, id, out, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* ---- filing and editing ---- */

/* in with its free text cleaned (NFC, no control characters). */
static status clean_input(svc *s, const trip_input *in, trip_input *out, errlist *errs)
{
    *out = *in;
    const char *const src[3] = {in->purpose_detail, in->payer_note, in->decision_number};
    const char **dst[3] = {&out->purpose_detail, &out->payer_note, &out->decision_number};
    static const char *const fields[3] = {"purpose_detail", "payer_note", "decision_number"};
    bool bad = false;
    for (int i = 0; i < 3; i++) {
        char *clean = NULL;
        error e = {0};
        if (!src[i])
            continue;
        if (text_clean_line(s->a, src[i], strlen(src[i]), fields[i], &clean, &e) != ST_OK) {
            if (svc_push(errs, &e) == ST_NOMEM || e.st == ST_NOMEM)
                return ST_NOMEM;
            bad = true;
        }
        *dst[i] = clean;
    }
    return bad ? svc_errs_status(errs) : ST_OK;
}

/* A delegation named by a trip must exist (anywhere: a cell's members
 * travel with delegations their committee organizes). */
static status check_delegation(svc *s, int64_t id, errlist *errs)
{
    if (id <= 0)
        return ST_OK;
    store_delegation g;
    error e = {0};
    status st = store_delegation_get(s->db, s->a, STORE_SCOPE_ALL, id, &g, &e);
    if (st == ST_NOT_FOUND)
        err_set(&e, ST_INVALID, "delegation_not_found", "delegation_id", NULL);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

/* normalize `in` over base (NULL: new) into *out; every problem in errs. */
static status normalize(svc *s, const trip_input *in, const trip *base, trip *out, errlist *errs)
{
    trip_input clean;
    size_t before = errs ? errs->len : 0;
    status st = clean_input(s, in, &clean, errs);
    if (st == ST_NOMEM)
        return st;
    status nt = trip_normalize(&clean, base, s->a, out, errs);
    if (nt == ST_NOMEM)
        return ST_NOMEM;
    if (st == ST_OK && nt == ST_OK)
        st = check_delegation(s, out->delegation_id, errs);
    else if (st == ST_OK)
        st = nt;
    if (st != ST_OK && errs && errs->len == before && !errs->dropped)
        return ST_NOMEM;
    return st == ST_OK ? ST_OK : svc_errs_status(errs);
}

/* The member a new trip is for: a member account's own; a secretary's or
 * officer's member in scope, active. */
static status trip_member(svc *s, bool any_party, int64_t member_id, member *m, errlist *errs)
{
    error e = {0};
    status st = ST_OK;
    role r = s->who ? s->who->role : ROLE_ADMIN;
    if (any_party && r != ROLE_MEMBER)
        r = ROLE_SECRETARY; /* a loader files as the secretary would */
    if (r == ROLE_MEMBER) {
        if (member_id && member_id != s->who->member_id)
            st = err_set(&e, ST_NOT_FOUND, "member_not_found", "member_id", NULL);
        member_id = s->who->member_id;
    } else if (r != ROLE_SECRETARY && r != ROLE_OFFICER) {
        st = err_set(&e, ST_FORBIDDEN, "trip_party_forbidden", NULL,
                     trip_party_name(TRIP_PARTY_MEMBER));
    } else if (!member_id) {
        st = err_set(&e, ST_INVALID, "required", "member_id", NULL);
    }
    if (st == ST_OK)
        st = store_member_get(s->db, s->a, svc_trip_scope(s), member_id, m, &e);
    if (st == ST_OK && m->status != MS_PROBATIONARY && m->status != MS_OFFICIAL)
        st = err_set(&e, ST_INVALID, "member_not_active", "member_id", NULL);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

enum {
    TF_PURPOSE,
    TF_DETAIL,
    TF_COUNTRIES,
    TF_DEP,
    TF_RET,
    TF_PAYER,
    TF_NOTE,
    TF_NUMBER,
    TF_DELEGATION,
    TF_COUNT
};

/* The fields a person sets, as text for the audit diff. */
static status fields_of(svc *s, const trip *t, audit_field f[TF_COUNT], error *e)
{
    size_t total = 0;
    for (size_t i = 0; i < t->n_countries; i++)
        total += strlen(t->countries[i]) + 1;
    char *countries = NULL;
    if (total) {
        countries = arena_alloc(s->a, total);
        if (!countries)
            return nomem(e);
        char *p = countries;
        for (size_t i = 0; i < t->n_countries; i++) {
            size_t n = strlen(t->countries[i]);
            memcpy(p, t->countries[i], n);
            p += n;
            *p++ = i + 1 < t->n_countries ? ',' : '\0';
        }
    }
    const char *deleg =
        t->delegation_id ? arena_printf(s->a, "%lld", (long long)t->delegation_id) : NULL;
    if (t->delegation_id && !deleg)
        return nomem(e);
    f[TF_PURPOSE] = (audit_field){"purpose", trip_purpose_name(t->purpose)};
    f[TF_DETAIL] = (audit_field){"purpose_detail", t->purpose_detail};
    f[TF_COUNTRIES] = (audit_field){"countries", countries};
    f[TF_DEP] = (audit_field){"planned_departure", svc_trip_iso(s, t->planned_departure)};
    f[TF_RET] = (audit_field){"planned_return", svc_trip_iso(s, t->planned_return)};
    f[TF_PAYER] =
        (audit_field){"payer", t->payer == TRIP_PAYER_NONE ? NULL : trip_payer_name(t->payer)};
    f[TF_NOTE] = (audit_field){"payer_note", t->payer_note};
    f[TF_NUMBER] = (audit_field){"decision_number", t->decision_number};
    f[TF_DELEGATION] = (audit_field){"delegation_id", deleg};
    return ST_OK;
}

static status audit_fields(svc *s, const char *action, const trip *was, const trip *now, error *e)
{
    audit_field fw[TF_COUNT], fn[TF_COUNT];
    char *before = NULL, *after = NULL;
    status st = was ? fields_of(s, was, fw, e) : ST_OK;
    if (st == ST_OK)
        st = fields_of(s, now, fn, e);
    if (st == ST_OK)
        st = svc_audit_diff(s, was ? fw : NULL, fn, TF_COUNT, &before, &after, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "trip", now->id, now->unit_path, before, after, e);
    return st;
}

static status create_tx(svc *s, bool any_party, int64_t member_id, const trip_input *in, trip *out,
                        errlist *errs)
{
    member m;
    trip t;
    error e = {0};
    status st = trip_member(s, any_party, member_id, &m, errs);
    if (st != ST_OK)
        return st;
    st = normalize(s, in, NULL, &t, errs);
    if (st != ST_OK)
        return st;
    t.member_id = m.id;
    t.member_name = m.full_name;
    t.unit_id = m.unit_id;
    t.unit_code = m.unit_code;
    t.unit_name = m.unit_name;
    t.unit_path = m.unit_path;
    t.state = TRIP_DRAFT;
    st = store_trip_insert(s->db, svc_trip_scope(s), &t, s->now,
                           s->who && s->who->label ? s->who->label : "operator", s->now, &e);
    if (st == ST_OK)
        st =
            svc_trip_event_tx(s, &t, "create", NULL, s->today,
                              svc_trip_actor_role(s, any_party, TRIP_PARTY_MEMBER), NULL, NULL, &e);
    if (st == ST_OK)
        st = audit_fields(s, "trip.create", NULL, &t, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (out)
        *out = t;
    return ST_OK;
}

status svc_trip_create_tx(svc *s, const trip_when *w, int64_t member_id, const trip_input *in,
                          trip *out, errlist *errs)
{
    svc t = svc_trip_at(s, w);
    return create_tx(&t, w && w->any_party, member_id, in, out, errs);
}

status svc_trip_create(svc *s, int64_t member_id, const trip_input *in, trip_view *out,
                       errlist *errs)
{
    trip t = {0};
    status st = begin_write(s, errs);
    if (st != ST_OK)
        return st;
    st = create_tx(s, false, member_id, in, &t, errs);
    return finish(s, st, t.id, out, errs);
}

/* Keep base's record and take from `norm` only the fields a draft edits. */
static void take_edits(trip *t, const trip *norm)
{
    t->purpose = norm->purpose;
    t->purpose_detail = norm->purpose_detail;
    t->countries = norm->countries;
    t->n_countries = norm->n_countries;
    t->planned_departure = norm->planned_departure;
    t->planned_return = norm->planned_return;
    t->payer = norm->payer;
    t->payer_note = norm->payer_note;
    t->decision_number = norm->decision_number;
    t->delegation_id = norm->delegation_id;
}

static status load_for_change(svc *s, int64_t id, int64_t expected_version, store_trip *r, error *e)
{
    status st = svc_trip_load_tx(s, id, r, e);
    if (st == ST_OK && r->t.version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    return st;
}

status svc_trip_update(svc *s, int64_t id, int64_t expected_version, const trip_input *in,
                       trip_view *out, errlist *errs)
{
    store_trip r;
    trip norm;
    error e = {0};
    status st = begin_write(s, errs);
    if (st != ST_OK)
        return st;
    st = load_for_change(s, id, expected_version, &r, &e);
    if (st == ST_OK)
        st = svc_trip_party_check(s, false, TRIP_PARTY_MEMBER, &e);
    if (st == ST_OK && r.t.state != TRIP_DRAFT)
        st = err_set(&e, ST_CONFLICT, "trip_not_editable", NULL, trip_state_name(r.t.state));
    if (st != ST_OK) {
        st = svc_push(errs, &e);
        store_rollback(s->db);
        return st;
    }
    st = normalize(s, in, &r.t, &norm, errs);
    trip t = r.t;
    if (st == ST_OK) {
        take_edits(&t, &norm);
        st = store_trip_update(s->db, svc_trip_scope(s), &t, expected_version, in->countries_given,
                               r.state_since, r.extension_reason, s->now, &e);
        if (st == ST_OK)
            st =
                svc_trip_event_tx(s, &t, "edit", trip_state_name(r.t.state), s->today,
                                  svc_trip_actor_role(s, false, TRIP_PARTY_MEMBER), NULL, NULL, &e);
        if (st == ST_OK)
            st = audit_fields(s, "trip.edit", &r.t, &t, &e);
        if (st != ST_OK)
            st = svc_push(errs, &e);
    }
    return finish(s, st, id, out, errs);
}

status svc_trip_get(svc *s, int64_t id, trip_view *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = full_view_tx(s, id, out, e);
    store_rollback(s->db);
    return st;
}
