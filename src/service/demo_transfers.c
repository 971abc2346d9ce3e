/*
 * demo_transfers.c -- the demo's party activity abroad: transfers to cells
 * abroad (received; stuck in transit past the 30 working days; just
 * issued), transfers back home (a temporary one ended, an official one
 * back, one never ended), single-member guidance in Mongolia where no unit
 * exists, exemptions (one that ended while the member is still abroad, one
 * ending within weeks), and the temporary group of one delegation -- so
 * that the dashboard and the compliance check show obligations and
 * violations a person can follow to their records, while some long stays
 * stay without any arrangement at all.
 *
 * Built on the trips demo_trips.c tags, inside the load's one write
 * transaction, through the use cases of service/transfer_internal.h with
 * the operator acting for whichever side each step needs; every step dated
 * relative to the trip's dates or to s->today, so the same day gives the
 * same records. This file must never write SQL, read the clock, draw at
 * random, or hide a refused step.
 */
#include "service/transfer_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "service/demo_data.h"
#include "store/store.h"

/* The cells abroad the demo's members transfer to. */
#define CELL_AICHI  "BNG.JP.TTS-AICHI"
#define CELL_SEOUL  "BNG.KR.LHS-SEOUL"
#define CELL_PARIS  "BNG.FR.LHS-PARIS"
#define CELL_SYDNEY "BNG.AU.LHS-SYDNEY"
/* The overseas committee: single-member guidance. */
#define OVERSEAS "BNG"
/* The committee that grants the exemptions. */
#define APPROVING "HN"

typedef struct xload {
    svc *s;
    error *e;
    const demo_trips_out *made;
    unsigned minutes; /* past 08:00 (Vietnam) of the next step's timestamp */
    int64_t approving_unit;
    size_t transfers, exemptions;
} xload;

/* One step's context: the load's, with an arena of its own. */
typedef struct step {
    svc s;
    arena scratch;
    trip_when w;
    char at[32];
    char day[DATE_ISO_LEN];
} step;

static status step_begin(xload *l, step *st, date_t on)
{
    if (on > l->s->today)
        return err_set(l->e, ST_INTERNAL, "demo_record_invalid", NULL, "transfer: after today");
    st->scratch = (arena)ARENA_INIT;
    st->s = *l->s;
    st->s.a = &st->scratch;
    date_format(on, st->day);
    unsigned m = l->minutes++ % 600;
    snprintf(st->at, sizeof st->at, "%sT%02u:%02u:00Z", st->day, 1 + m / 60, m % 60);
    st->w = (trip_when){.today = on, .at = st->at, .any_party = true};
    return ST_OK;
}

/* A step the service refused: a bug here. Other failures pass through. */
static status refused(xload *l, status st, const errlist *errs, const char *what)
{
    const error *first = errs->len ? &errs->items[0] : NULL;
    if (st != ST_INVALID && st != ST_CONFLICT && st != ST_FORBIDDEN && st != ST_NOT_FOUND) {
        if (first && l->e)
            *l->e = *first;
        else if (!first)
            err_set(l->e, st, st == ST_NOMEM ? "out_of_memory" : "internal", NULL, NULL);
        return st;
    }
    for (size_t i = 0; i < errs->len; i++)
        log_error("demo: %s refused: %s (field %s, %s)", what, errs->items[i].code,
                  errs->items[i].field[0] ? errs->items[i].field : "-", errs->items[i].arg);
    return err_setf(l->e, ST_INTERNAL, "demo_record_invalid", first ? first->field : NULL, "%s: %s",
                    what, first ? first->code : "?");
}

/* A transfer as the loader keeps it between steps. */
typedef struct xref {
    int64_t id, version;
} xref;

static status issue(xload *l, const demo_trip_made *t, const char *kind, const char *to, date_t on,
                    xref *out)
{
    step st;
    status rc = step_begin(l, &st, on);
    if (rc != ST_OK)
        return rc;
    transfer_input in = {.member_id = t->member_id,
                         .kind = kind,
                         .to_unit_code = to,
                         .trip_id = t->trip_id,
                         .issued_on = st.day,
                         .note = "Giới thiệu sinh hoạt đảng theo thời gian ở nước ngoài"};
    transfer x;
    errlist errs;
    errlist_init(&errs, 8);
    rc = svc_transfer_issue_tx(&st.s, &st.w, &in, &x, &errs);
    if (rc == ST_OK) {
        *out = (xref){.id = x.id, .version = x.version};
        l->transfers++;
    } else {
        rc = refused(l, rc, &errs, "transfer");
    }
    errlist_free(&errs);
    arena_free(&st.scratch);
    return rc;
}

static status act(xload *l, xref *x, transfer_action a, date_t on)
{
    step st;
    status rc = step_begin(l, &st, on);
    if (rc != ST_OK)
        return rc;
    transfer out;
    errlist errs;
    errlist_init(&errs, 8);
    rc = svc_transfer_act_tx(&st.s, &st.w, x->id, x->version, a, st.day, NULL, &out, &errs);
    if (rc == ST_OK)
        x->version = out.version;
    else
        rc = refused(l, rc, &errs, transfer_action_name(a));
    errlist_free(&errs);
    arena_free(&st.scratch);
    return rc;
}

/* Issue and, when `received` is not DATE_NONE, receive. */
static status sent(xload *l, demo_tag tag, const char *kind, const char *to, int issued_from_dep,
                   int received_from_dep, xref *x)
{
    const demo_trip_made *t = &l->made->tagged[tag];
    xref local;
    x = x ? x : &local;
    status st = issue(l, t, kind, to, t->dep + issued_from_dep, x);
    if (st == ST_OK && received_from_dep != INT32_MIN)
        st = act(l, x, TRANSFER_RECEIVE, t->dep + received_from_dep);
    return st;
}

#define NOT_RECEIVED INT32_MIN

static status grant(xload *l, demo_tag tag, const char *kind, date_t to, const char *reason)
{
    const demo_trip_made *t = &l->made->tagged[tag];
    step st;
    status rc = step_begin(l, &st, t->dep - 3);
    if (rc != ST_OK)
        return rc;
    char from[DATE_ISO_LEN], until[DATE_ISO_LEN];
    date_format(t->dep, from);
    date_format(to, until);
    exemption_input in = {.member_id = t->member_id,
                          .kind = kind,
                          .reason = reason,
                          .decision_number = "27-QĐ/TU",
                          .starts_on = from,
                          .ends_on = until,
                          .decided_on = st.day,
                          .approving_unit_id = l->approving_unit};
    exemption out;
    errlist errs;
    errlist_init(&errs, 8);
    rc = svc_exemption_grant_tx(&st.s, &st.w, &in, &out, &errs);
    if (rc == ST_OK)
        l->exemptions++;
    else
        rc = refused(l, rc, &errs, "exemption");
    errlist_free(&errs);
    arena_free(&st.scratch);
    return rc;
}

/* Delegation DEMO_DELEG_GROUP's temporary group, five days before it left. */
static status form_group(xload *l)
{
    step st;
    status rc = step_begin(l, &st, l->made->delegation_dep[DEMO_DELEG_GROUP] - 5);
    if (rc != ST_OK)
        return rc;
    errlist errs;
    errlist_init(&errs, 8);
    rc = svc_group_form_tx(&st.s, &st.w, l->made->delegation_id[DEMO_DELEG_GROUP],
                           l->made->delegation_version[DEMO_DELEG_GROUP], st.day, &errs);
    if (rc != ST_OK)
        rc = refused(l, rc, &errs, "group");
    errlist_free(&errs);
    arena_free(&st.scratch);
    return rc;
}

/* To the cells abroad: received, stuck, just issued. */
static status abroad(xload *l)
{
    status st = sent(l, DEMO_TAG_TEMP_RECEIVED, "temporary", DEMO_ABROAD_CELL, -10, 10, NULL);
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_OFFICIAL_RECEIVED, "official", DEMO_ABROAD_CELL, -10, 5, NULL);
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_TEMP_STUCK, "temporary", CELL_AICHI, -5, NOT_RECEIVED, NULL);
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_OFFICIAL_STUCK, "official", DEMO_ABROAD_CELL, -3, NOT_RECEIVED, NULL);
    if (st == ST_OK) {
        const demo_trip_made *t = &l->made->tagged[DEMO_TAG_OFFICIAL_TRANSIT];
        xref x;
        st = issue(l, t, "official", DEMO_ABROAD_CELL, l->s->today - 12, &x);
    }
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_SINGLE, "single", OVERSEAS, -7, -2, NULL);
    return st;
}

/* Back home: a temporary transfer never ended, one ended, an official one
 * followed by the transfer back to the member's cell. */
static status back(xload *l)
{
    status st = sent(l, DEMO_TAG_BACK_NOT_ENDED, "temporary", CELL_SEOUL, -10, 7, NULL);
    xref x;
    const demo_trip_made *t = &l->made->tagged[DEMO_TAG_BACK_ENDED];
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_BACK_ENDED, "temporary", CELL_PARIS, -10, 5, &x);
    if (st == ST_OK)
        st = act(l, &x, TRANSFER_END, t->ret + 10);
    t = &l->made->tagged[DEMO_TAG_OFFICIAL_BACK];
    if (st == ST_OK)
        st = sent(l, DEMO_TAG_OFFICIAL_BACK, "official", CELL_SYDNEY, -10, 5, NULL);
    if (st == ST_OK)
        st = issue(l, t, "official", t->cell, t->ret + 3, &x);
    if (st == ST_OK)
        st = act(l, &x, TRANSFER_RECEIVE, t->ret + 10);
    return st;
}

static status exemptions(xload *l)
{
    status st = grant(l, DEMO_TAG_EXEMPT_EXPIRED, "temporary", l->s->today - 20,
                      "Lao động tự do ở nơi chưa có tổ chức đảng, chưa liên hệ được");
    if (st == ST_OK)
        st = grant(l, DEMO_TAG_EXEMPT_EXPIRING, "full", l->s->today + 20,
                   "Ở cùng gia đình tại nơi chưa có tổ chức đảng");
    return st;
}

status demo_transfers_load_tx(svc *s, const demo_trips_out *made, error *e)
{
    xload l = {.s = s, .e = e, .made = made};
    for (int t = 1; t < DEMO_TAG_COUNT; t++)
        if (made->tagged[t].trip_id == 0)
            return err_setf(e, ST_INTERNAL, "demo_record_invalid", NULL, "transfers: no trip %d",
                            t);
    unit u = {0};
    status st = store_unit_get_by_code(s->db, s->a, STORE_SCOPE_ALL, APPROVING, &u, e);
    if (st == ST_OK) {
        l.approving_unit = u.id;
        st = form_group(&l);
    }
    if (st == ST_OK)
        st = abroad(&l);
    if (st == ST_OK)
        st = back(&l);
    if (st == ST_OK)
        st = exemptions(&l);
    if (st == ST_OK)
        log_info("demo: %zu transfers, %zu exemptions, 1 temporary group", l.transfers,
                 l.exemptions);
    return st;
}
