/*
 * trip.c -- a trip abroad: its state machine, its record's rules and its
 * deadlines (DOMAIN.md "Trips", "Deadlines").
 *
 * The lifecycle is one table, `next_state`: a row per state, a column per
 * action, the state the action leads to or -1 where the state does not
 * allow it. Every other question about the machine (what is allowed, who
 * the trip waits for) is read from that table, so the faces cannot drift
 * apart from it. trip_normalize() is the edge for what a person typed;
 * trip_missing() says what submission still needs; trip_deadlines_compute()
 * turns the rule set and the calendar into dates.
 *
 * This file must never read the clock, the database or the time zone, and
 * never allocate outside the arena its caller passes.
 */
#include "domain/trip.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "domain/unit.h"

/* ---- names ---- */

static const char *const state_names[TRIP_STATE_COUNT] = {
    [TRIP_DRAFT] = "draft",
    [TRIP_SUBMITTED] = "submitted",
    [TRIP_CELL_REVIEWED] = "cell_reviewed",
    [TRIP_APPROVED] = "approved",
    [TRIP_REFUSED] = "refused",
    [TRIP_DEPARTED] = "departed",
    [TRIP_EXTENSION_REQUESTED] = "extension_requested",
    [TRIP_RETURNED] = "returned",
    [TRIP_REPORT_SUBMITTED] = "report_submitted",
    [TRIP_REPORT_REVIEWED] = "report_reviewed",
    [TRIP_CLOSED] = "closed",
    [TRIP_WITHDRAWN] = "withdrawn",
    [TRIP_CANCELLED] = "cancelled",
};

static const char *const action_names[TRIP_ACTION_COUNT] = {
    [TRIP_SUBMIT] = "submit",
    [TRIP_WITHDRAW] = "withdraw",
    [TRIP_OPINION] = "opinion",
    [TRIP_DECIDE] = "decide",
    [TRIP_CANCEL] = "cancel",
    [TRIP_DEPART] = "depart",
    [TRIP_REQUEST_EXTENSION] = "request_extension",
    [TRIP_DECIDE_EXTENSION] = "decide_extension",
    [TRIP_RETURN] = "return",
    [TRIP_SUBMIT_REPORT] = "submit_report",
    [TRIP_REVIEW_REPORT] = "review_report",
    [TRIP_ACKNOWLEDGE] = "acknowledge",
};

static const char *const party_names[] = {
    [TRIP_PARTY_NONE] = "none",
    [TRIP_PARTY_MEMBER] = "member",
    [TRIP_PARTY_CELL] = "cell",
    [TRIP_PARTY_COMMITTEE] = "committee",
};

static const char *const purpose_names[TRIP_PURPOSE_COUNT] = {
    [TRIP_OFFICIAL] = "official",
    [TRIP_STUDY] = "study",
    [TRIP_LABOUR] = "labour",
    [TRIP_TOURISM] = "tourism",
    [TRIP_RELATIVES] = "relatives",
    [TRIP_MEDICAL] = "medical",
    [TRIP_PRIVATE_OTHER] = "private_other",
};

static const char *const payer_names[TRIP_PAYER_COUNT] = {
    [TRIP_PAYER_SELF] = "self",
    [TRIP_PAYER_AGENCY] = "agency",
    [TRIP_PAYER_HOST] = "host",
    [TRIP_PAYER_OTHER] = "other",
};

static const char *const doc_names[TRIP_DOC_COUNT] = {
    [TRIP_DOC_SENDING_DECISION] = "sending_decision",
    [TRIP_DOC_RELATIVES_COMMITMENT] = "relatives_commitment",
    [TRIP_DOC_INVITATION] = "invitation",
    [TRIP_DOC_SELF_ASSESSMENT] = "self_assessment",
    [TRIP_DOC_REPORT] = "report",
    [TRIP_DOC_OTHER] = "other",
};

/* The index of `s` in names[0..n), or -1. */
static int find_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *trip_state_name(trip_state s)
{
    return (unsigned)s < TRIP_STATE_COUNT ? state_names[s] : "draft";
}

bool trip_state_parse(const char *s, trip_state *out)
{
    int i = find_name(state_names, TRIP_STATE_COUNT, s);
    if (i >= 0)
        *out = (trip_state)i;
    return i >= 0;
}

const char *trip_action_name(trip_action a)
{
    return (unsigned)a < TRIP_ACTION_COUNT ? action_names[a] : "submit";
}

bool trip_action_parse(const char *s, trip_action *out)
{
    int i = find_name(action_names, TRIP_ACTION_COUNT, s);
    if (i >= 0)
        *out = (trip_action)i;
    return i >= 0;
}

const char *trip_party_name(trip_party p)
{
    return (unsigned)p <= TRIP_PARTY_COMMITTEE ? party_names[p] : "none";
}

const char *trip_purpose_name(trip_purpose p)
{
    return (unsigned)p < TRIP_PURPOSE_COUNT ? purpose_names[p] : "private_other";
}

bool trip_purpose_parse(const char *s, trip_purpose *out)
{
    int i = find_name(purpose_names, TRIP_PURPOSE_COUNT, s);
    if (i >= 0)
        *out = (trip_purpose)i;
    return i >= 0;
}

const char *trip_payer_name(trip_payer p)
{
    return p >= 0 && p < TRIP_PAYER_COUNT ? payer_names[p] : NULL;
}

bool trip_payer_parse(const char *s, trip_payer *out)
{
    int i = find_name(payer_names, TRIP_PAYER_COUNT, s);
    if (i >= 0)
        *out = (trip_payer)i;
    return i >= 0;
}

const char *trip_doc_kind_name(trip_doc_kind k)
{
    return (unsigned)k < TRIP_DOC_COUNT ? doc_names[k] : "other";
}

bool trip_doc_kind_parse(const char *s, trip_doc_kind *out)
{
    int i = find_name(doc_names, TRIP_DOC_COUNT, s);
    if (i >= 0)
        *out = (trip_doc_kind)i;
    return i >= 0;
}

bool trip_purpose_private(trip_purpose p)
{
    return p == TRIP_TOURISM || p == TRIP_RELATIVES || p == TRIP_MEDICAL || p == TRIP_PRIVATE_OTHER;
}

/* ---- the state machine ---- */

/* The lifecycle of trip.h, one edge per allowed (state, action). decide
 * leads to approved here (refused when the outcome says so);
 * decide_extension always back to departed. */
static const struct edge {
    trip_state from;
    trip_action action;
    trip_state to;
} edges[] = {
    {TRIP_DRAFT, TRIP_SUBMIT, TRIP_SUBMITTED},
    {TRIP_DRAFT, TRIP_WITHDRAW, TRIP_WITHDRAWN},
    {TRIP_SUBMITTED, TRIP_OPINION, TRIP_CELL_REVIEWED},
    {TRIP_SUBMITTED, TRIP_WITHDRAW, TRIP_WITHDRAWN},
    {TRIP_CELL_REVIEWED, TRIP_DECIDE, TRIP_APPROVED},
    {TRIP_CELL_REVIEWED, TRIP_WITHDRAW, TRIP_WITHDRAWN},
    {TRIP_APPROVED, TRIP_DEPART, TRIP_DEPARTED},
    {TRIP_APPROVED, TRIP_CANCEL, TRIP_CANCELLED},
    {TRIP_DEPARTED, TRIP_REQUEST_EXTENSION, TRIP_EXTENSION_REQUESTED},
    {TRIP_DEPARTED, TRIP_RETURN, TRIP_RETURNED},
    {TRIP_EXTENSION_REQUESTED, TRIP_DECIDE_EXTENSION, TRIP_DEPARTED},
    {TRIP_EXTENSION_REQUESTED, TRIP_RETURN, TRIP_RETURNED},
    {TRIP_RETURNED, TRIP_SUBMIT_REPORT, TRIP_REPORT_SUBMITTED},
    {TRIP_REPORT_SUBMITTED, TRIP_REVIEW_REPORT, TRIP_REPORT_REVIEWED},
    {TRIP_REPORT_REVIEWED, TRIP_ACKNOWLEDGE, TRIP_CLOSED},
};
#define NEDGES (sizeof edges / sizeof edges[0])

/* The edge leaving `from` by `a`, or NULL. */
static const struct edge *find_edge(trip_state from, trip_action a)
{
    for (size_t i = 0; i < NEDGES; i++)
        if (edges[i].from == from && edges[i].action == a)
            return &edges[i];
    return NULL;
}

static const trip_party action_party[TRIP_ACTION_COUNT] = {
    [TRIP_SUBMIT] = TRIP_PARTY_MEMBER,
    [TRIP_WITHDRAW] = TRIP_PARTY_MEMBER,
    [TRIP_OPINION] = TRIP_PARTY_CELL,
    [TRIP_DECIDE] = TRIP_PARTY_COMMITTEE,
    [TRIP_CANCEL] = TRIP_PARTY_MEMBER,
    [TRIP_DEPART] = TRIP_PARTY_MEMBER,
    [TRIP_REQUEST_EXTENSION] = TRIP_PARTY_MEMBER,
    [TRIP_DECIDE_EXTENSION] = TRIP_PARTY_COMMITTEE,
    [TRIP_RETURN] = TRIP_PARTY_MEMBER,
    [TRIP_SUBMIT_REPORT] = TRIP_PARTY_MEMBER,
    [TRIP_REVIEW_REPORT] = TRIP_PARTY_CELL,
    [TRIP_ACKNOWLEDGE] = TRIP_PARTY_COMMITTEE,
};

unsigned trip_allowed_actions(trip_state s)
{
    unsigned bits = 0;
    for (size_t i = 0; i < NEDGES; i++)
        if (edges[i].from == s)
            bits |= 1u << edges[i].action;
    return bits;
}

/* The allowed actions' names, comma-separated, in action order. */
static void allowed_list(trip_state s, char *buf, size_t size)
{
    unsigned bits = trip_allowed_actions(s);
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < TRIP_ACTION_COUNT; a++) {
        if (!(bits & (1u << a)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "", action_names[a]);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

status trip_transition(trip_state from, trip_action a, bool approve, trip_state *to, error *e)
{
    const struct edge *edge = find_edge(from, a);
    if (!edge) {
        char allowed[ERROR_ARG_MAX];
        allowed_list(from, allowed, sizeof allowed);
        return err_set(e, ST_CONFLICT, "trip_action_not_allowed", NULL, allowed);
    }
    *to = a == TRIP_DECIDE && !approve ? TRIP_REFUSED : edge->to;
    return ST_OK;
}

trip_party trip_action_party(trip_action a)
{
    return (unsigned)a < TRIP_ACTION_COUNT ? action_party[a] : TRIP_PARTY_NONE;
}

/* Choices the member may make, never a step the trip waits for. */
static bool member_choice(int a)
{
    return a == TRIP_WITHDRAW || a == TRIP_CANCEL || a == TRIP_REQUEST_EXTENSION;
}

trip_party trip_waiting_for(trip_state s)
{
    unsigned bits = trip_allowed_actions(s);
    /* In extension_requested, decide_extension comes before return in the
     * action order: the committee's decision is what is awaited. */
    for (int a = 0; a < TRIP_ACTION_COUNT; a++)
        if ((bits & (1u << a)) && !member_choice(a))
            return action_party[a];
    return TRIP_PARTY_NONE;
}

bool trip_state_final(trip_state s)
{
    return s == TRIP_REFUSED || s == TRIP_CLOSED || s == TRIP_WITHDRAWN || s == TRIP_CANCELLED;
}

bool trip_state_abroad(trip_state s) { return s == TRIP_DEPARTED || s == TRIP_EXTENSION_REQUESTED; }

/* ---- normalizing what a person typed ---- */

/* What one normalization collects: the arena, the errors, whether any was
 * found and whether memory ran out. */
typedef struct norm {
    arena *a;
    errlist *errs;
    bool bad, nomem;
} norm;

static void add_err(norm *n, const char *code, const char *field, const char *arg)
{
    error e;
    err_set(&e, ST_INVALID, code, field, arg);
    n->bad = true;
    if (errlist_add(n->errs, &e) != ST_OK)
        n->nomem = true;
}

static void add_limit(norm *n, const char *code, const char *field, long limit)
{
    char arg[24];
    snprintf(arg, sizeof arg, "%ld", limit);
    add_err(n, code, field, arg);
}

static bool blank(const char *s)
{
    while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    return !s || !*s;
}

/* A free-text field: NULL not given (keep *dst), blank clears, else at most
 * `limit` bytes, copied into the arena. */
static void norm_text(norm *n, const char *in, const char *field, size_t limit, const char **dst)
{
    if (!in)
        return;
    if (blank(in)) {
        *dst = NULL;
        return;
    }
    if (strlen(in) > limit) {
        add_limit(n, "text_too_long", field, (long)limit);
        return;
    }
    if (!(*dst = arena_strdup(n->a, in)))
        n->nomem = true;
}

static void norm_date(norm *n, const char *in, const char *field, date_t *dst, bool *bad)
{
    if (!in)
        return;
    if (blank(in)) {
        *dst = DATE_NONE;
        return;
    }
    if (!date_parse(in, dst)) {
        add_err(n, "date_invalid", field, NULL);
        *bad = true;
    }
}

/* One country code as typed, upper-cased into out[3]; false when it cannot
 * be a code at all (not two ASCII letters). */
static bool upper_code(const char *in, char out[3])
{
    if (!in || strlen(in) != 2)
        return false;
    for (int i = 0; i < 2; i++) {
        char c = in[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            return false;
        out[i] = c;
    }
    out[2] = '\0';
    return true;
}

/* Check one typed code against those kept so far; true to keep cc. */
static bool country_ok(norm *n, const char *typed, const char **kept, size_t nkept, char cc[3])
{
    if (!upper_code(typed, cc) || !country_known(cc)) {
        add_err(n, "country_invalid", "countries", typed);
        return false;
    }
    if (strcmp(cc, "VN") == 0) {
        add_err(n, "trip_country_home", "countries", cc);
        return false;
    }
    for (size_t j = 0; j < nkept; j++)
        if (strcmp(kept[j], cc) == 0) {
            add_err(n, "trip_country_repeated", "countries", cc);
            return false;
        }
    return true;
}

static void norm_countries(norm *n, const trip_input *in, trip *out)
{
    if (!in->countries_given)
        return;
    size_t count = in->n_countries;
    if (count > LIMIT_TRIP_COUNTRIES) {
        add_limit(n, "trip_countries_too_many", "countries", LIMIT_TRIP_COUNTRIES);
        return;
    }
    const char **list = count ? arena_alloc_array(n->a, count, sizeof *list) : NULL;
    if (count && !list) {
        n->nomem = true;
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        char cc[3];
        const char *typed = in->countries && in->countries[i] ? in->countries[i] : "";
        if (!country_ok(n, typed, list, kept, cc))
            continue;
        if (!(list[kept++] = arena_strdup(n->a, cc))) {
            n->nomem = true;
            return;
        }
    }
    out->countries = list;
    out->n_countries = kept;
}

static void norm_enums(norm *n, const trip_input *in, const trip *base, trip *out)
{
    if (in->purpose && !blank(in->purpose)) {
        if (!trip_purpose_parse(in->purpose, &out->purpose))
            add_err(n, "trip_purpose_invalid", "purpose", in->purpose);
    } else if (in->purpose || !base) {
        add_err(n, "required", "purpose", NULL);
    }
    if (!in->payer)
        return;
    if (blank(in->payer))
        out->payer = TRIP_PAYER_NONE;
    else if (!trip_payer_parse(in->payer, &out->payer))
        add_err(n, "trip_payer_invalid", "payer", in->payer);
}

/* The planned dates, each parsed, then in order and within the longest
 * stay. */
static void norm_dates(norm *n, const trip_input *in, trip *out)
{
    bool date_bad = false;
    norm_date(n, in->planned_departure, "planned_departure", &out->planned_departure, &date_bad);
    norm_date(n, in->planned_return, "planned_return", &out->planned_return, &date_bad);
    if (date_bad || out->planned_departure == DATE_NONE || out->planned_return == DATE_NONE)
        return;
    if (out->planned_return < out->planned_departure)
        add_err(n, "trip_dates_order", "planned_return", NULL);
    else if (out->planned_return - out->planned_departure > LIMIT_TRIP_DAYS)
        add_limit(n, "trip_too_long", "planned_return", LIMIT_TRIP_DAYS);
}

/* A new trip before anything is typed: a draft with every date absent. */
static void trip_blank(trip *t)
{
    memset(t, 0, sizeof *t);
    t->state = TRIP_DRAFT;
    t->payer = TRIP_PAYER_NONE;
    t->planned_departure = t->planned_return = DATE_NONE;
    t->extended_return = t->requested_return = DATE_NONE;
    t->actual_departure = t->actual_return = DATE_NONE;
    t->submitted_on = t->decided_on = t->report_submitted_on = DATE_NONE;
}

status trip_normalize(const trip_input *in, const trip *base, arena *a, trip *out, errlist *errs)
{
    norm n = {.a = a, .errs = errs};
    if (base)
        *out = *base;
    else
        trip_blank(out);
    norm_enums(&n, in, base, out);
    norm_text(&n, in->purpose_detail, "purpose_detail", LIMIT_TRIP_TEXT_BYTES,
              &out->purpose_detail);
    norm_countries(&n, in, out);
    norm_dates(&n, in, out);
    norm_text(&n, in->payer_note, "payer_note", LIMIT_TRIP_TEXT_BYTES, &out->payer_note);
    norm_text(&n, in->decision_number, "decision_number", LIMIT_TRIP_NUMBER_BYTES,
              &out->decision_number);
    if (in->delegation_id >= 0)
        out->delegation_id = in->delegation_id;
    if (n.nomem)
        return ST_NOMEM;
    return n.bad ? ST_INVALID : ST_OK;
}

/* ---- what submission needs ---- */

unsigned trip_documents_required(trip_purpose p)
{
    switch (p) {
    case TRIP_OFFICIAL:
    case TRIP_STUDY:
    case TRIP_LABOUR: return 1u << TRIP_DOC_SENDING_DECISION;
    case TRIP_RELATIVES: return 1u << TRIP_DOC_RELATIVES_COMMITMENT;
    default: return 0;
    }
}

status trip_missing(const trip *t, unsigned have_docs, errlist *errs)
{
    norm n = {.errs = errs};
    if (t->n_countries == 0)
        add_err(&n, "required", "countries", NULL);
    if (t->planned_departure == DATE_NONE)
        add_err(&n, "required", "planned_departure", NULL);
    if (t->planned_return == DATE_NONE)
        add_err(&n, "required", "planned_return", NULL);
    if (t->payer == TRIP_PAYER_NONE)
        add_err(&n, "required", "payer", NULL);
    if (t->purpose == TRIP_PRIVATE_OTHER && blank(t->purpose_detail))
        add_err(&n, "required", "purpose_detail", NULL);
    if (t->payer == TRIP_PAYER_OTHER && blank(t->payer_note))
        add_err(&n, "required", "payer_note", NULL);
    if (t->purpose == TRIP_OFFICIAL && blank(t->decision_number))
        add_err(&n, "required", "decision_number", NULL);
    unsigned need = trip_documents_required(t->purpose) & ~have_docs;
    for (int k = 0; k < TRIP_DOC_COUNT; k++)
        if (need & (1u << k))
            add_err(&n, "trip_document_missing", "attachments", doc_names[k]);
    if (n.nomem)
        return ST_NOMEM;
    return n.bad ? ST_INVALID : ST_OK;
}

date_t trip_effective_return(const trip *t)
{
    return t->extended_return != DATE_NONE ? t->extended_return : t->planned_return;
}

/* ---- deadlines ---- */

static status report_due(const trip *t, const rule_set *r, const calendar_override *ov, size_t nov,
                         date_t *out, error *e)
{
    *out = DATE_NONE;
    if (t->actual_return == DATE_NONE)
        return ST_OK;
    if (r->report_in_calendar_days)
        return calendar_add_calendar_days_deadline(t->actual_return, r->report_days, ov, nov, out,
                                                   e);
    return calendar_add_workdays(t->actual_return, r->report_days, ov, nov, out, e);
}

/* The grace after the planned return in force, for a trip abroad, or
 * approved and still at home past that return. */
static status return_grace(const trip *t, const rule_set *r, date_t today,
                           const calendar_override *ov, size_t nov, trip_deadlines *out, error *e)
{
    date_t ret = trip_effective_return(t);
    bool watch = trip_state_abroad(t->state) || (t->state == TRIP_APPROVED && today > ret);
    if (ret == DATE_NONE || !watch)
        return ST_OK;
    status st =
        calendar_add_workdays(ret, r->return_grace_workdays, ov, nov, &out->return_grace_until, e);
    if (st == ST_OK)
        st = calendar_add_workdays(out->return_grace_until, 1, ov, nov, &out->return_overdue_from,
                                   e);
    if (st != ST_OK) {
        out->return_grace_until = out->return_overdue_from = DATE_NONE;
        return st;
    }
    out->return_late = today >= out->return_overdue_from;
    return ST_OK;
}

static date_t next_deadline(const trip *t, const trip_deadlines *d)
{
    switch (t->state) {
    case TRIP_DRAFT:
    case TRIP_SUBMITTED:
    case TRIP_CELL_REVIEWED:
    case TRIP_APPROVED: return t->planned_departure;
    case TRIP_DEPARTED:
    case TRIP_EXTENSION_REQUESTED: return trip_effective_return(t);
    case TRIP_RETURNED: return d->report_due;
    default: return DATE_NONE;
    }
}

status trip_deadlines_compute(const trip *t, const rule_set *rules, date_t today,
                              const calendar_override *ov, size_t nov, trip_deadlines *out,
                              error *e)
{
    memset(out, 0, sizeof *out);
    out->report_due = out->return_grace_until = out->return_overdue_from = DATE_NONE;
    out->next_deadline = DATE_NONE;
    status st = report_due(t, rules, ov, nov, &out->report_due, e);
    if (st != ST_OK)
        return st;
    if (out->report_due != DATE_NONE)
        out->report_late = t->report_submitted_on != DATE_NONE
                               ? t->report_submitted_on > out->report_due
                               : today > out->report_due;
    st = return_grace(t, rules, today, ov, nov, out, e);
    if (st != ST_OK)
        return st;
    date_t departure =
        t->actual_departure != DATE_NONE ? t->actual_departure : t->planned_departure;
    out->declared_late =
        t->submitted_on != DATE_NONE && departure != DATE_NONE && t->submitted_on >= departure;
    out->next_deadline = next_deadline(t, out);
    out->days_left = out->next_deadline != DATE_NONE ? (int)(out->next_deadline - today) : 0;
    return ST_OK;
}
