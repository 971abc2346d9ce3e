/*
 * demo_trips.c -- the demo's trips abroad: every state of the lifecycle,
 * across purposes, countries and the last few years, so that a newcomer
 * sees a living system and every demo account finds work in its inbox.
 *
 * The trips are a table of plans. Each plan names a traveller (Đặng Văn
 * An, someone of his cell, of Hà Nội, of the Sở Y tế, of Hồ Chí Minh City
 * or of another province), the trip (purpose, countries, planned departure
 * as days from today, length) and how far it has gone (the state it
 * reaches, and what happened on the way: the cell disagreed, the committee
 * refused, an extension asked for and granted or refused, a late return, a
 * late report, a member under an open disciplinary review, a delegation).
 * The steps follow one timeline around the planned departure D and the
 * return R: filed D-35, submitted D-33, the cell's opinion D-30, the
 * decision D-25, departure D, an extension asked D+10 and decided D+12,
 * return R, the report R+4 (R+25 when late), the cell's review three days
 * later, the committee's acknowledgement four days after that.
 *
 * Every step goes through the trips' use cases inside the load's one
 * transaction (service/trip_internal.h), dated on its own day, with the
 * operator acting for the party each step needs: the records pass the real
 * state machine and checks, and each has its timeline and audit entries.
 * Dates are relative to s->today (so the inboxes are current whenever the
 * demo is loaded) and nothing is drawn at random: the same day gives the
 * same trips. This file must never write SQL, read the clock, or set a
 * state other than by a step.
 */
#include "service/trip_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "service/demo_data.h"

/* ---- the plans ---- */

/* Where a traveller is drawn from. */
typedef enum pool {
    P_AN,    /* Đặng Văn An himself */
    P_CELL,  /* his cell, not him */
    P_HN,    /* Hà Nội, outside his cell and the Sở Y tế */
    P_SYT,   /* the Sở Y tế of Hà Nội (the delegation) */
    P_HCM,   /* Hồ Chí Minh City */
    P_OTHER, /* the other provinces */
} pool;

/* What happened on the way. */
enum {
    F_DISAGREE = 1u << 0,    /* the cell disagreed */
    F_REFUSE = 1u << 1,      /* the committee refused */
    F_EXTEND = 1u << 2,      /* an extension was asked for ... */
    F_EXT_REFUSED = 1u << 3, /* ... and refused (else granted, when decided) */
    F_BACK_LATE = 1u << 4,   /* came back six days after the return in force */
    F_REPORT_LATE = 1u << 5, /* reported 25 days after return */
    F_NO_DOCS = 1u << 6,     /* the purpose's documents not attached (a draft) */
    F_REVIEW = 1u << 7,      /* under an open disciplinary review: refused */
};

typedef struct plan {
    pool who;
    int k; /* the k-th eligible member of the pool */
    const char *purpose;
    const char *countries[3];
    const char *payer;
    int dep, len; /* planned departure (days from today), planned stay (days) */
    trip_state until;
    unsigned flags;
    int deleg;    /* one of the delegations (1..DEMO_DELEGATIONS), 0: alone */
    demo_tag tag; /* what demo_transfers.c builds on it */
} plan;

#define NC(...)                                                                                    \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }

static const plan plans[] = {
    /* Đặng Văn An: two trips of past years, one back and to report, one
     * waiting for his cell, one draft that still lacks a document. */
    {P_AN, 0, "tourism", NC("TH"), "self", -1200, 6, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_AN, 0, "relatives", NC("AU"), "self", -420, 14, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_AN, 0, "tourism", NC("KR"), "self", -12, 7, TRIP_RETURNED, 0, 0, DEMO_TAG_NONE},
    {P_AN, 0, "medical", NC("SG"), "self", 20, 7, TRIP_SUBMITTED, 0, 0, DEMO_TAG_NONE},
    {P_AN, 0, "relatives", NC("JP"), "self", 34, 14, TRIP_DRAFT, F_NO_DOCS, 0, DEMO_TAG_NONE},
    /* His cell: a report for the secretary to review, a trip of years ago. */
    {P_CELL, 0, "tourism", NC("CN"), "self", -30, 10, TRIP_REPORT_SUBMITTED, 0, 0, DEMO_TAG_NONE},
    {P_CELL, 1, "tourism", NC("LA", "KH"), "self", -700, 5, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    /* Hà Nội: what waits for the city's committee, and the rest. */
    {P_HN, 0, "tourism", NC("JP"), "self", 28, 8, TRIP_CELL_REVIEWED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 1, "study", NC("GB"), "agency", 26, 20, TRIP_CELL_REVIEWED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 2, "tourism", NC("US"), "self", 29, 12, TRIP_CELL_REVIEWED, F_DISAGREE, 0,
     DEMO_TAG_NONE},
    {P_HN, 3, "medical", NC("SG"), "self", -15, 20, TRIP_EXTENSION_REQUESTED, F_EXTEND, 0,
     DEMO_TAG_NONE},
    {P_HN, 4, "relatives", NC("FR"), "self", -40, 10, TRIP_REPORT_REVIEWED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 5, "relatives", NC("DE"), "self", 5, 10, TRIP_REFUSED, F_REVIEW, 0, DEMO_TAG_NONE},
    {P_HN, 6, "tourism", NC("KH"), "self", -20, 10, TRIP_DEPARTED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 7, "medical", NC("KR"), "self", -20, 25, TRIP_DEPARTED, F_EXTEND, 0, DEMO_TAG_NONE},
    {P_HN, 8, "tourism", NC("MY"), "self", 10, 6, TRIP_APPROVED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 9, "tourism", NC("TH"), "self", 3, 5, TRIP_CANCELLED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 10, "private_other", NC("RU"), "self", 15, 7, TRIP_WITHDRAWN, 0, 0, DEMO_TAG_NONE},
    {P_HN, 11, "tourism", NC("US", "CA"), "self", -300, 10, TRIP_REFUSED, F_DISAGREE | F_REFUSE, 0,
     DEMO_TAG_NONE},
    {P_HN, 12, "tourism", NC("JP"), "self", -200, 9, TRIP_CLOSED, F_REPORT_LATE, 0, DEMO_TAG_NONE},
    {P_HN, 13, "relatives", NC("US"), "host", -70, 14, TRIP_RETURNED, 0, 0, DEMO_TAG_NONE},
    {P_HN, 14, "medical", NC("TH"), "self", -160, 14, TRIP_CLOSED,
     F_EXTEND | F_EXT_REFUSED | F_BACK_LATE, 0, DEMO_TAG_NONE},
    {P_HN, 15, "tourism", NC("KR"), "self", -3, 8, TRIP_DEPARTED, 0, 0, DEMO_TAG_NONE},
    /* The Sở Y tế's delegation of three, waiting for the committee. */
    {P_SYT, 0, "official", NC("JP"), "agency", 24, 10, TRIP_CELL_REVIEWED, 0, 1, DEMO_TAG_NONE},
    {P_SYT, 1, "official", NC("JP"), "agency", 24, 10, TRIP_CELL_REVIEWED, 0, 1, DEMO_TAG_NONE},
    {P_SYT, 2, "official", NC("JP"), "agency", 24, 10, TRIP_CELL_REVIEWED, 0, 1, DEMO_TAG_NONE},
    /* Hồ Chí Minh City (15 calendar days for the report from a year ago). */
    {P_HCM, 0, "labour", NC("KR"), "agency", -900, 25, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_HCM, 1, "study", NC("AU"), "host", -600, 28, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_HCM, 2, "official", NC("SG"), "agency", -8, 4, TRIP_RETURNED, 0, 0, DEMO_TAG_NONE},
    {P_HCM, 3, "relatives", NC("US"), "self", -1300, 20, TRIP_CLOSED, F_REPORT_LATE, 0,
     DEMO_TAG_NONE},
    /* The other provinces. */
    {P_OTHER, 0, "medical", NC("CN"), "self", -1000, 12, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_OTHER, 1, "tourism", NC("LA"), "self", 18, 5, TRIP_SUBMITTED, 0, 0, DEMO_TAG_NONE},
    {P_OTHER, 2, "official", NC("DE", "CZ"), "agency", -250, 7, TRIP_CLOSED, 0, 0, DEMO_TAG_NONE},
    {P_OTHER, 3, "official", NC("FR"), "agency", 30, 5, TRIP_DRAFT, F_NO_DOCS, 0, DEMO_TAG_NONE},
    /* Hà Nội's delegation of three in Laos for six weeks, its temporary
     * group formed before departure; and one of four in China for two
     * months, left without one. */
    {P_HN, 16, "official", NC("LA"), "agency", -20, 45, TRIP_DEPARTED, 0, 2, DEMO_TAG_NONE},
    {P_HN, 17, "official", NC("LA"), "agency", -20, 45, TRIP_DEPARTED, 0, 2, DEMO_TAG_NONE},
    {P_HN, 18, "official", NC("LA"), "agency", -20, 45, TRIP_DEPARTED, 0, 2, DEMO_TAG_NONE},
    {P_HN, 19, "official", NC("CN"), "agency", -10, 60, TRIP_DEPARTED, 0, 3, DEMO_TAG_NONE},
    {P_HN, 20, "official", NC("CN"), "agency", -10, 60, TRIP_DEPARTED, 0, 3, DEMO_TAG_NONE},
    {P_HN, 21, "official", NC("CN"), "agency", -10, 60, TRIP_DEPARTED, 0, 3, DEMO_TAG_NONE},
    {P_HN, 22, "official", NC("CN"), "agency", -10, 60, TRIP_DEPARTED, 0, 3, DEMO_TAG_NONE},
    /* Long stays (demo_transfers.c arranges them, or leaves them without). */
    {P_HN, 23, "study", NC("JP"), "agency", -120, 270, TRIP_DEPARTED, 0, 0, DEMO_TAG_TEMP_RECEIVED},
    {P_HN, 24, "study", NC("JP"), "agency", -200, 730, TRIP_DEPARTED, 0, 0,
     DEMO_TAG_OFFICIAL_RECEIVED},
    {P_HN, 25, "labour", NC("JP"), "agency", -90, 200, TRIP_DEPARTED, 0, 0, DEMO_TAG_TEMP_STUCK},
    {P_HN, 26, "study", NC("JP"), "agency", -75, 500, TRIP_DEPARTED, 0, 0, DEMO_TAG_OFFICIAL_STUCK},
    {P_HN, 27, "study", NC("JP"), "agency", -5, 400, TRIP_DEPARTED, 0, 0,
     DEMO_TAG_OFFICIAL_TRANSIT},
    {P_HN, 28, "labour", NC("MN"), "agency", -150, 365, TRIP_DEPARTED, 0, 0, DEMO_TAG_SINGLE},
    {P_HN, 29, "labour", NC("MN"), "agency", -100, 200, TRIP_DEPARTED, 0, 0,
     DEMO_TAG_NO_ARR_SINGLE},
    {P_HN, 30, "relatives", NC("MN"), "self", -200, 330, TRIP_DEPARTED, 0, 0,
     DEMO_TAG_EXEMPT_EXPIRED},
    {P_HN, 31, "relatives", NC("NZ"), "self", -120, 240, TRIP_DEPARTED, 0, 0,
     DEMO_TAG_EXEMPT_EXPIRING},
    {P_HN, 32, "labour", NC("KR"), "agency", -150, 400, TRIP_DEPARTED, 0, 0, DEMO_TAG_NO_ARR_LONG},
    {P_HN, 33, "study", NC("KR"), "agency", -260, 200, TRIP_CLOSED, 0, 0, DEMO_TAG_BACK_NOT_ENDED},
    {P_HN, 34, "study", NC("FR"), "agency", -300, 180, TRIP_CLOSED, 0, 0, DEMO_TAG_BACK_ENDED},
    {P_HN, 35, "study", NC("AU"), "agency", -420, 380, TRIP_CLOSED, 0, 0, DEMO_TAG_OFFICIAL_BACK},
};
#define NPLANS (sizeof plans / sizeof plans[0])

/* The timeline, in days from the planned departure (D) or the return (R). */
#define AT_FILE       (-35)
#define AT_SUBMIT     (-33)
#define AT_WITHDRAW   (-31)
#define AT_OPINION    (-30)
#define AT_DECIDE     (-25)
#define AT_CANCEL     (-5)
#define AT_EXT_ASK    10
#define AT_EXT_DEC    12
#define EXT_DAYS      14 /* the extension asks for two more weeks */
#define BACK_LATE     6
#define REPORT_AFTER  4
#define REPORT_LATE   25
#define REVIEW_AFTER  3
#define ACK_AFTER     4
#define REVIEW_OPENED (-60) /* the disciplinary review, days from today */

/* Hồ Chí Minh City's rule set: 15 calendar days for the report, from this
 * many days ago. */
#define HCM_RULES_FROM (-400)

/* The words of each step (Vietnamese, as a cell would write them). */
static const char report_text[] =
    "Báo cáo kết quả chuyến đi: đã thực hiện đúng mục đích, thời gian và chương trình đã "
    "đăng ký; chấp hành nghiêm quy định của Đảng, pháp luật Việt Nam và nước sở tại; không "
    "có vấn đề phát sinh cần báo cáo thêm.";
static const char detail_text[] = "Dự lễ cưới của người thân";
static const char disagree_text[] =
    "Chi bộ đề nghị lùi thời gian đi vì đồng chí đang phụ trách công việc của chi bộ.";
static const char refuse_text[] = "Chưa đủ điều kiện; đồng ý với ý kiến của chi bộ.";
static const char review_text[] =
    "Đảng viên đang trong thời gian xem xét kỷ luật; chưa xem xét cho đi nước ngoài.";
static const char extend_text[] = "Gia hạn theo chỉ định điều trị của bác sĩ.";
static const char cancel_text[] = "Gia đình có việc đột xuất, không đi nữa.";
static const char withdraw_text[] = "Thay đổi kế hoạch cá nhân.";

/* A one-page PDF in spirit: the service checks the content's signature. */
static const char demo_pdf[] =
    "%PDF-1.4\n% caunoi demo\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/* ---- one load ---- */

typedef struct loader {
    svc *s;
    error *e;
    const demo_traveller *people;
    size_t n;
    const char *an_cell;
    demo_trips_out *out;
    unsigned minutes; /* past 08:00 (Vietnam) of the next step's timestamp */
} loader;

/* A step the service refused: a bug here. Other failures pass through. */
static status refused(loader *l, status st, const errlist *errs, const char *what)
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

static bool in_pool(const loader *l, const demo_traveller *p, pool who)
{
    const char *c = p->cell_code;
    bool hn = strncmp(c, "HN.", 3) == 0, syt = strncmp(c, "HN.SYT.", 7) == 0;
    bool an_cell = strcmp(c, l->an_cell) == 0;
    switch (who) {
    case P_AN: return p == &l->people[DEMO_EXAMPLE_DRAW];
    case P_CELL: return an_cell && p != &l->people[DEMO_EXAMPLE_DRAW];
    case P_HN: return hn && !syt && !an_cell;
    case P_SYT: return syt;
    case P_HCM: return strncmp(c, "HCM.", 4) == 0;
    case P_OTHER: return !hn && strncmp(c, "HCM.", 4) != 0;
    }
    return false;
}

/* The k-th member of the pool who is active, at home, and a member before
 * `filed` (wrapping round a small pool); NULL when the pool has none. */
static const demo_traveller *traveller(const loader *l, pool who, int k, date_t filed)
{
    size_t count = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t seen = 0;
        for (size_t i = 0; i < l->n; i++) {
            const demo_traveller *p = &l->people[i];
            if (!p->active || !p->at_home || p->admitted >= filed || !in_pool(l, p, who))
                continue;
            if (pass == 1 && seen == (size_t)k % count)
                return p;
            seen++;
        }
        count = seen;
        if (count == 0)
            return NULL;
    }
    return NULL;
}

/* One trip's context: the plan, its traveller, its dates, its record. */
typedef struct run {
    loader *l;
    const plan *p;
    size_t index;
    svc s; /* the load's context with an arena of its own for this trip */
    date_t dep, ret;
    trip t;
    char what[48];
} run;

/* The step's day must have come: a plan that reaches past today is a bug
 * in the table above. */
static status when_at(run *r, date_t on, trip_when *w, char at[32])
{
    if (on > r->l->s->today)
        return err_setf(r->l->e, ST_INTERNAL, "demo_record_invalid", NULL, "%s: step after today",
                        r->what);
    char iso[DATE_ISO_LEN];
    date_format(on, iso);
    unsigned m = r->l->minutes++ % 600;
    snprintf(at, 32, "%sT%02u:%02u:00Z", iso, 1 + m / 60, m % 60);
    *w = (trip_when){.today = on, .at = at, .any_party = true};
    return ST_OK;
}

static status act(run *r, date_t on, trip_action a, const trip_step *step)
{
    trip_when w;
    char at[32];
    status st = when_at(r, on, &w, at);
    if (st != ST_OK)
        return st;
    errlist errs;
    errlist_init(&errs, 8);
    trip after;
    st = svc_trip_act_tx(&r->s, &w, r->t.id, r->t.version, a, step, &after, &errs);
    if (st == ST_OK)
        r->t = after;
    else
        st = refused(r->l, st, &errs, r->what);
    errlist_free(&errs);
    return st;
}

static status attach(run *r, date_t on, trip_doc_kind kind)
{
    trip_when w;
    char at[32];
    status st = when_at(r, on, &w, at);
    if (st != ST_OK)
        return st;
    trip_attachment out;
    error e = {0};
    const char *name =
        kind == TRIP_DOC_SENDING_DECISION ? "quyet-dinh-cu-di.pdf" : "ban-cam-ket.pdf";
    st = svc_trip_attach_tx(&r->s, &w, r->t.id, trip_doc_kind_name(kind), name,
                            (const unsigned char *)demo_pdf, sizeof demo_pdf - 1, &out, &e);
    if (st != ST_OK) {
        errlist one = {.items = &e, .len = 1, .cap = 1};
        st = refused(r->l, st, &one, r->what);
    }
    return st;
}

/* The draft as the member files it, with the documents its purpose needs
 * unless the plan leaves them out. */
static status file_trip(run *r, const demo_traveller *who)
{
    const plan *p = r->p;
    char dep[DATE_ISO_LEN], ret[DATE_ISO_LEN], number[32];
    date_format(r->dep, dep);
    date_format(r->ret, ret);
    snprintf(number, sizeof number, "%zu/QĐ-UBND", 100 + r->index * 7);
    const char *countries[3];
    size_t nc = 0;
    for (; nc < 3 && p->countries[nc]; nc++)
        countries[nc] = p->countries[nc];
    trip_input in = {.purpose = p->purpose,
                     .countries = countries,
                     .n_countries = nc,
                     .countries_given = true,
                     .planned_departure = dep,
                     .planned_return = ret,
                     .payer = p->payer,
                     .delegation_id = p->deleg ? r->l->out->delegation_id[p->deleg] : 0};
    trip_purpose purpose = TRIP_TOURISM;
    trip_purpose_parse(p->purpose, &purpose);
    if (purpose == TRIP_OFFICIAL)
        in.decision_number = number;
    if (purpose == TRIP_PRIVATE_OTHER)
        in.purpose_detail = detail_text;
    trip_when w;
    char at[32];
    date_t filed = r->dep + AT_FILE;
    status st = when_at(r, filed, &w, at);
    if (st != ST_OK)
        return st;
    errlist errs;
    errlist_init(&errs, 8);
    st = svc_trip_create_tx(&r->s, &w, who->id, &in, &r->t, &errs);
    if (st != ST_OK)
        st = refused(r->l, st, &errs, r->what);
    errlist_free(&errs);
    unsigned docs = p->flags & F_NO_DOCS ? 0 : trip_documents_required(purpose);
    for (int k = 0; st == ST_OK && k < TRIP_DOC_COUNT; k++)
        if (docs & (1u << k))
            st = attach(r, filed, (trip_doc_kind)k);
    return st;
}

/* The open disciplinary review that blocks this member's approval. */
static status open_review(run *r, const demo_traveller *who)
{
    trip_when w;
    char at[32];
    date_t opened = r->l->s->today + REVIEW_OPENED;
    status st = when_at(r, opened, &w, at);
    if (st != ST_OK)
        return st;
    disciplinary_review out;
    errlist errs;
    errlist_init(&errs, 8);
    st = svc_review_open_tx(&r->s, &w, who->id, opened, &out, &errs);
    if (st != ST_OK)
        st = refused(r->l, st, &errs, r->what);
    errlist_free(&errs);
    return st;
}

static bool done(const run *r) { return r->t.state == r->p->until; }

/* From submission to the decision, or to withdrawal before it. */
static status before_departure(run *r)
{
    const plan *p = r->p;
    status st = act(r, r->dep + AT_SUBMIT, TRIP_SUBMIT, &(trip_step){0});
    if (st != ST_OK || done(r))
        return st;
    if (p->until == TRIP_WITHDRAWN)
        return act(r, r->dep + AT_WITHDRAW, TRIP_WITHDRAW, &(trip_step){.comment = withdraw_text});
    bool disagree = p->flags & F_DISAGREE;
    trip_step opinion = {.outcome = disagree ? TRIP_OPINION_DISAGREE : TRIP_OPINION_AGREE,
                         .comment = disagree ? disagree_text : NULL};
    st = act(r, r->dep + AT_OPINION, TRIP_OPINION, &opinion);
    if (st != ST_OK || done(r))
        return st;
    bool refuse = p->flags & (F_REFUSE | F_REVIEW);
    trip_step decision = {.outcome = refuse ? "refused" : "approved",
                          .comment = p->flags & F_REVIEW ? review_text
                                     : refuse            ? refuse_text
                                                         : NULL};
    st = act(r, r->dep + AT_DECIDE, TRIP_DECIDE, &decision);
    if (st != ST_OK || done(r))
        return st;
    if (p->until == TRIP_CANCELLED)
        return act(r, r->dep + AT_CANCEL, TRIP_CANCEL, &(trip_step){.comment = cancel_text});
    return ST_OK;
}

/* Abroad: departure, an extension asked for and decided. */
static status abroad(run *r)
{
    const plan *p = r->p;
    char asked[DATE_ISO_LEN];
    status st = act(r, r->dep, TRIP_DEPART, &(trip_step){0});
    if (st != ST_OK || !(p->flags & F_EXTEND))
        return st;
    date_format(r->ret + EXT_DAYS, asked);
    trip_step ask = {.date = asked, .comment = extend_text};
    st = act(r, r->dep + AT_EXT_ASK, TRIP_REQUEST_EXTENSION, &ask);
    if (st != ST_OK || done(r))
        return st;
    bool no = p->flags & F_EXT_REFUSED;
    trip_step answer = {.outcome = no ? "refused" : "approved", .comment = no ? refuse_text : NULL};
    return act(r, r->dep + AT_EXT_DEC, TRIP_DECIDE_EXTENSION, &answer);
}

/* Back home: the return, the report, its review, the acknowledgement. */
static status after_return(run *r)
{
    const plan *p = r->p;
    date_t back = trip_effective_return(&r->t) + (p->flags & F_BACK_LATE ? BACK_LATE : 0);
    status st = act(r, back, TRIP_RETURN, &(trip_step){0});
    if (st != ST_OK || done(r))
        return st;
    date_t reported = back + (p->flags & F_REPORT_LATE ? REPORT_LATE : REPORT_AFTER);
    st = act(r, reported, TRIP_SUBMIT_REPORT, &(trip_step){.text = report_text});
    if (st != ST_OK || done(r))
        return st;
    trip_step review = {.outcome = TRIP_OPINION_AGREE, .comment = "Chi bộ nhất trí với báo cáo."};
    st = act(r, reported + REVIEW_AFTER, TRIP_REVIEW_REPORT, &review);
    if (st != ST_OK || done(r))
        return st;
    trip_step ack = {.comment = "Đã tiếp nhận báo cáo."};
    return act(r, reported + REVIEW_AFTER + ACK_AFTER, TRIP_ACKNOWLEDGE, &ack);
}

static status run_plan(loader *l, size_t index)
{
    arena scratch = ARENA_INIT;
    run r = {.l = l, .p = &plans[index], .index = index, .s = *l->s};
    r.s.a = &scratch;
    r.dep = l->s->today + r.p->dep;
    r.ret = r.dep + r.p->len;
    snprintf(r.what, sizeof r.what, "trip %zu", index);
    status st = ST_OK;
    const demo_traveller *who = traveller(l, r.p->who, r.p->k, r.dep + AT_FILE);
    if (!who)
        st = err_setf(l->e, ST_INTERNAL, "demo_record_invalid", NULL, "%s: no traveller", r.what);
    if (st == ST_OK && (r.p->flags & F_REVIEW))
        st = open_review(&r, who);
    if (st == ST_OK)
        st = file_trip(&r, who);
    if (st == ST_OK && !done(&r))
        st = before_departure(&r);
    if (st == ST_OK && !done(&r) && r.t.state == TRIP_APPROVED)
        st = abroad(&r);
    if (st == ST_OK && !done(&r) && trip_state_abroad(r.t.state))
        st = after_return(&r);
    if (st == ST_OK && !done(&r))
        st = err_setf(l->e, ST_INTERNAL, "demo_record_invalid", NULL, "%s: ended %s", r.what,
                      trip_state_name(r.t.state));
    if (st == ST_OK && r.p->tag != DEMO_TAG_NONE)
        l->out->tagged[r.p->tag] = (demo_trip_made){.tag = r.p->tag,
                                                    .trip_id = r.t.id,
                                                    .member_id = r.t.member_id,
                                                    .dep = r.t.actual_departure,
                                                    .ret = r.t.actual_return,
                                                    .cell = who->cell_code};
    arena_free(&scratch);
    return st;
}

/* ---- what the trips hang on: the delegation, a rule set ---- */

/* The delegations: name, unit, and the pool their members come from. */
static const struct {
    const char *name, *unit_code;
    pool who;
} delegations[DEMO_DELEGATIONS + 1] = {
    {NULL, NULL, P_AN},
    {"Đoàn công tác Sở Y tế Hà Nội tại Nhật Bản", "HN.SYT", P_SYT},
    {"Đoàn công tác Thành ủy Hà Nội tại Lào", "HN", P_HN},
    {"Đoàn khảo sát Thành ủy Hà Nội tại Trung Quốc", "HN", P_HN},
};

/* Delegation `d`, led by the traveller of its first plan, made the day
 * before that plan's trip is filed. */
static status make_delegation(loader *l, int d)
{
    const plan *first = NULL;
    for (size_t i = 0; i < NPLANS && !first; i++)
        if (plans[i].deleg == d)
            first = &plans[i];
    date_t dep = l->s->today + first->dep;
    const demo_traveller *leader = traveller(l, first->who, first->k, dep + AT_FILE);
    if (!leader)
        return err_set(l->e, ST_INTERNAL, "demo_record_invalid", NULL, "delegation: no leader");
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN], at[24];
    date_format(dep, from);
    date_format(dep + first->len, to);
    date_t made = dep + AT_FILE - 1;
    char iso[DATE_ISO_LEN];
    date_format(made, iso);
    snprintf(at, sizeof at, "%sT01:00:00Z", iso);
    trip_when w = {.today = made, .at = at, .any_party = true};
    delegation_input in = {.name = delegations[d].name,
                           .unit_code = delegations[d].unit_code,
                           .leader_member_id = leader->id,
                           .planned_departure = from,
                           .planned_return = to};
    delegation out;
    errlist errs;
    errlist_init(&errs, 8);
    status st = svc_delegation_create_tx(l->s, &w, &in, &out, &errs);
    if (st == ST_OK) {
        l->out->delegation_id[d] = out.id;
        l->out->delegation_version[d] = out.version;
        l->out->delegation_dep[d] = dep;
    } else {
        st = refused(l, st, &errs, "delegation");
    }
    errlist_free(&errs);
    return st;
}

static status make_rule_set(loader *l)
{
    date_t from = l->s->today + HCM_RULES_FROM;
    char iso[DATE_ISO_LEN], at[24];
    date_format(from, iso);
    snprintf(at, sizeof at, "%sT01:00:00Z", iso);
    trip_when w = {.today = from, .at = at, .any_party = true};
    rule_set_input in = {.unit_code = "HCM",
                         .effective_from = iso,
                         .report_days = 15,
                         .report_in_calendar_days = 1,
                         .return_grace_workdays = -1,
                         .review_blocks_approval = -1,
                         .group_min_months = -1,
                         .group_min_members = -1,
                         .temp_transfer_months = -1,
                         .official_transfer_months = -1,
                         .official_transfer_strict = -1,
                         .transfer_receive_workdays = -1,
                         .probation_reminder_days = -1,
                         .note = "Thành ủy: báo cáo sau chuyến đi trong 15 ngày (dữ liệu mẫu)"};
    rule_set out;
    errlist errs;
    errlist_init(&errs, 8);
    status st = svc_rule_set_add_tx(l->s, &w, &in, &out, &errs);
    if (st != ST_OK)
        st = refused(l, st, &errs, "rule set");
    errlist_free(&errs);
    return st;
}

status demo_trips_load_tx(svc *s, const demo_traveller *people, size_t n, demo_trips_out *out,
                          error *e)
{
    memset(out, 0, sizeof *out);
    if (n <= DEMO_EXAMPLE_DRAW)
        return err_set(e, ST_INTERNAL, "demo_record_invalid", NULL, "trips: too few members");
    loader l = {.s = s,
                .e = e,
                .people = people,
                .n = n,
                .an_cell = people[DEMO_EXAMPLE_DRAW].cell_code,
                .out = out};
    status st = make_rule_set(&l);
    for (int d = 1; st == ST_OK && d <= DEMO_DELEGATIONS; d++)
        st = make_delegation(&l, d);
    for (size_t i = 0; st == ST_OK && i < NPLANS; i++)
        st = run_plan(&l, i);
    if (st == ST_OK)
        log_info("demo: %zu trips", NPLANS);
    return st;
}
