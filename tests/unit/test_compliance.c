/*
 * test_compliance.c -- the compliance engine through a table of scenarios.
 *
 * Each row builds one member's records, evaluates them as of a date and
 * compares what the engine finds (obligations "O:code", violations
 * "V:code", sorted, space-separated) and the headline flag (abroad over the
 * temporary-transfer threshold without an arrangement) with the row's
 * expectation. Thresholds are tested on the day before, on and after them;
 * expected dates were counted by hand on the 2026 calendar (Tết 15-20 Feb,
 * Hùng Kings 26 Apr with 27 Apr off, 30 Apr, 1 May, 2-3 Sep).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/date.h"
#include "domain/compliance.h"

static date_t d(const char *iso)
{
    date_t t;
    if (!iso)
        return DATE_NONE;
    assert_true(date_parse(iso, &t));
    return t;
}

/* ---- fixtures ---- */

static const char *const JP[] = {"JP"}; /* has units abroad */
static const char *const MN[] = {"MN"}; /* has none */

static bool has_unit(void *ctx, const char *country, date_t on)
{
    (void)ctx;
    (void)on;
    return strcmp(country, "MN") != 0;
}

typedef struct fx {
    compliance_member m;
    compliance_trip trips[3];
    compliance_transfer transfers[3];
    compliance_exemption exemptions[2];
    rule_set rules[1];
    size_t n_rules;
} fx;

/* A trip with every step empty. */
static compliance_trip blank_trip(int64_t id)
{
    compliance_trip t = {.id = id, .purpose = TRIP_RELATIVES, .countries = JP, .n_countries = 1};
    date_t *dates[] = {&t.created_on,
                       &t.planned_departure,
                       &t.planned_return,
                       &t.submitted_on,
                       &t.opinion_on,
                       &t.decided_on,
                       &t.withdrawn_on,
                       &t.cancelled_on,
                       &t.actual_departure,
                       &t.actual_return,
                       &t.extension_requested_on,
                       &t.extension_decided_on,
                       &t.extended_return,
                       &t.report_submitted_on,
                       &t.report_reviewed_on,
                       &t.acknowledged_on,
                       &t.group_formed_on};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        *dates[i] = DATE_NONE;
    return t;
}

/* Filed, agreed and approved ahead of a trip from dep to ret. */
static compliance_trip approved_trip(int64_t id, const char *dep, const char *ret)
{
    compliance_trip t = blank_trip(id);
    t.planned_departure = d(dep);
    t.planned_return = d(ret);
    t.created_on = t.planned_departure - 20;
    t.submitted_on = t.planned_departure - 19;
    t.opinion_on = t.planned_departure - 15;
    t.decided_on = t.planned_departure - 10;
    t.approved = true;
    return t;
}

/* Approved, left on the planned day, back on `back` (NULL: still abroad). */
static compliance_trip gone_trip(int64_t id, const char *dep, const char *ret, const char *back)
{
    compliance_trip t = approved_trip(id, dep, ret);
    t.actual_departure = t.planned_departure;
    t.actual_return = d(back);
    return t;
}

static compliance_transfer transfer(int64_t id, transfer_kind k, const char *issued,
                                    const char *received, const char *ended)
{
    return (compliance_transfer){.id = id,
                                 .kind = k,
                                 .abroad = true,
                                 .country = "JP",
                                 .issued_on = d(issued),
                                 .received_on = d(received),
                                 .ended_on = d(ended)};
}

static compliance_exemption exemption(int64_t id, const char *from, const char *to)
{
    return (compliance_exemption){.id = id,
                                  .kind = EXEMPTION_FULL,
                                  .decided_on = d(from) - 5,
                                  .starts_on = d(from),
                                  .ends_on = d(to),
                                  .revoked_on = DATE_NONE};
}

static void member(fx *f)
{
    f->m.id = 7;
    f->m.unit_path = "/1/2/3/";
    f->m.admitted_on = d("2010-05-19");
    f->m.official_on = d("2011-05-19");
    f->m.trips = f->trips;
    f->m.transfers = f->transfers;
    f->m.exemptions = f->exemptions;
}

/* ---- the builders: one member's story each ---- */

/* Back on Monday 2 March 2026; 7 working days: due Wednesday 11 March. */
static void b_back_no_report(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-02-23", "2026-03-01", "2026-03-02");
    f->m.n_trips = 1;
}
/* Back on Friday 13 February, before Tết: due Tuesday 3 March. */
static void b_back_before_tet(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-02-05", "2026-02-13", "2026-02-13");
    f->m.n_trips = 1;
}
/* The same trip, with a unit whose rules count 15 calendar days. */
static void b_back_calendar_days(fx *f)
{
    b_back_no_report(f);
    rule_set_defaults(&f->rules[0]);
    f->rules[0].id = 1;
    f->rules[0].unit_path = "/1/";
    f->rules[0].effective_from = d("2020-01-01");
    f->rules[0].report_days = 15;
    f->rules[0].report_in_calendar_days = true;
    f->n_rules = 1;
}
/* Back on 15 April with 15 calendar days: 30 April, a holiday, then the
 * 1 May holiday and a weekend: due Monday 4 May. */
static void b_back_calendar_days_holiday(fx *f)
{
    b_back_calendar_days(f);
    f->trips[0] = gone_trip(1, "2026-04-01", "2026-04-15", "2026-04-15");
}
/* The report filed on 20 March, late; then reviewed, then acknowledged. */
static void b_report_filed(fx *f)
{
    b_back_no_report(f);
    f->trips[0].report_submitted_on = d("2026-03-20");
}
static void b_report_reviewed(fx *f)
{
    b_report_filed(f);
    f->trips[0].report_reviewed_on = d("2026-03-23");
}
static void b_report_acknowledged(fx *f)
{
    b_report_reviewed(f);
    f->trips[0].acknowledged_on = d("2026-03-24");
}
/* Abroad, planned back Thursday 23 April; grace of 2 working days: Friday
 * 24, (Monday 27 is off), Tuesday 28; overdue from Wednesday 29. */
static void b_abroad(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-04-10", "2026-04-23", NULL);
    f->m.n_trips = 1;
}
static void b_extension_pending(fx *f)
{
    b_abroad(f);
    f->trips[0].extension_requested_on = d("2026-04-20");
}
static void b_extension_approved(fx *f)
{
    b_extension_pending(f);
    f->trips[0].extension_decided_on = d("2026-04-21");
    f->trips[0].extended_return = d("2026-05-08");
}
/* Left on 1 March; the trip was recorded on 5 March. */
static void b_recorded_after_departure(fx *f)
{
    compliance_trip t = blank_trip(1);
    t.created_on = d("2026-03-05");
    t.planned_departure = t.actual_departure = d("2026-03-01");
    t.planned_return = d("2026-03-09");
    t.actual_return = d("2026-03-10");
    f->trips[0] = t;
    f->m.n_trips = 1;
}
/* Left on 1 March, approved on 3 March. */
static void b_left_before_decision(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-03-01", "2026-03-08", NULL);
    f->trips[0].decided_on = d("2026-03-03");
    f->m.n_trips = 1;
}
/* Submitted on 4 May for a departure on 20 May; nobody has acted. */
static void b_submitted(fx *f)
{
    compliance_trip t = blank_trip(1);
    t.created_on = d("2026-05-01");
    t.submitted_on = d("2026-05-04");
    t.planned_departure = d("2026-05-20");
    t.planned_return = d("2026-05-30");
    f->trips[0] = t;
    f->m.n_trips = 1;
}
static void b_opinion_given(fx *f)
{
    b_submitted(f);
    f->trips[0].opinion_on = d("2026-05-06");
}
static void b_refused(fx *f)
{
    b_opinion_given(f);
    f->trips[0].decided_on = d("2026-05-08");
    f->trips[0].approved = false;
}
static void b_withdrawn(fx *f)
{
    b_submitted(f);
    f->trips[0].withdrawn_on = d("2026-05-05");
}
/* A delegation of 3 for 1 June to 15 July (over a month): a temporary group
 * decided before departure. */
static void b_delegation3(fx *f)
{
    f->trips[0] = approved_trip(1, "2026-06-01", "2026-07-15");
    f->trips[0].delegation_id = 4;
    f->trips[0].delegation_members = 3;
    f->m.n_trips = 1;
}
static void b_delegation3_gone(fx *f)
{
    b_delegation3(f);
    f->trips[0].actual_departure = d("2026-06-01");
}
static void b_delegation3_grouped(fx *f)
{
    b_delegation3_gone(f);
    f->trips[0].group_formed_on = d("2026-05-28");
}
static void b_delegation2_gone(fx *f)
{
    b_delegation3_gone(f);
    f->trips[0].delegation_members = 2;
}
/* Exactly one month (31 Jan to 28 Feb, Civil Code month end) in a
 * delegation of 3, and one day less. */
static void b_delegation3_one_month(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-01-31", "2026-02-28", NULL);
    f->trips[0].delegation_id = 4;
    f->trips[0].delegation_members = 3;
    f->m.n_trips = 1;
}
static void b_delegation3_under_month(fx *f)
{
    b_delegation3_one_month(f);
    f->trips[0].planned_return = d("2026-02-27");
}
/* Three months exactly (10 Jan to 10 Apr) alone: nothing; a day more: a
 * temporary transfer. */
static void b_three_months(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-01-10", "2026-04-10", NULL);
    f->m.n_trips = 1;
}
static void b_three_months_and_a_day(fx *f)
{
    b_three_months(f);
    f->trips[0].planned_return = d("2026-04-11");
}
/* Six months in Japan from 1 March, with or without a transfer. */
static void b_six_months_jp(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-03-01", "2026-09-01", NULL);
    f->m.n_trips = 1;
}
static void b_six_months_jp_transferred(fx *f)
{
    b_six_months_jp(f);
    f->transfers[0] = transfer(10, TRANSFER_TEMPORARY, "2026-02-25", "2026-03-10", NULL);
    f->m.n_transfers = 1;
}
static void b_six_months_jp_approved_only(fx *f)
{
    f->trips[0] = approved_trip(1, "2026-03-01", "2026-09-01");
    f->m.n_trips = 1;
}
/* Twelve months less a day, exactly, and with the strict setting. */
static void b_year_less_a_day(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-01-10", "2027-01-09", NULL);
    f->transfers[0] = transfer(10, TRANSFER_TEMPORARY, "2026-01-05", "2026-01-20", NULL);
    f->m.n_trips = 1;
    f->m.n_transfers = 1;
}
static void b_year(fx *f)
{
    b_year_less_a_day(f);
    f->trips[0].planned_return = d("2027-01-10");
}
static void b_year_strict(fx *f)
{
    b_year(f);
    rule_set_defaults(&f->rules[0]);
    f->rules[0].id = 2;
    f->rules[0].unit_path = "/";
    f->rules[0].effective_from = d("2020-01-01");
    f->rules[0].official_transfer_strict = true;
    f->n_rules = 1;
}
static void b_year_official(fx *f)
{
    b_year(f);
    f->transfers[0].kind = TRANSFER_OFFICIAL;
}
/* Six months in Mongolia (no unit): single guidance or an exemption. */
static void b_six_months_mn(fx *f)
{
    b_six_months_jp(f);
    f->trips[0].countries = MN;
}
static void b_six_months_mn_single(fx *f)
{
    b_six_months_mn(f);
    f->transfers[0] = transfer(10, TRANSFER_SINGLE, "2026-02-25", "2026-03-10", NULL);
    f->transfers[0].country = "MN";
    f->m.n_transfers = 1;
}
static void b_six_months_mn_exempt(fx *f)
{
    b_six_months_mn(f);
    f->exemptions[0] = exemption(20, "2026-03-01", "2026-05-31");
    f->m.n_exemptions = 1;
}
/* An exemption in Japan, where a unit can be attended. */
static void b_six_months_jp_exempt(fx *f)
{
    b_six_months_jp_transferred(f);
    f->exemptions[0] = exemption(20, "2026-03-01", "2026-08-31");
    f->m.n_exemptions = 1;
}
/* Two weeks planned from 1 March, extended on 15 March to 1 July. */
static void b_extended_across(fx *f)
{
    f->trips[0] = gone_trip(1, "2026-03-01", "2026-03-14", NULL);
    f->trips[0].extension_requested_on = d("2026-03-10");
    f->trips[0].extension_decided_on = d("2026-03-15");
    f->trips[0].extended_return = d("2026-07-01");
    f->m.n_trips = 1;
}
/* The six months in Japan, cut short: back on 1 April. */
static void b_six_months_back_early(fx *f)
{
    b_six_months_jp(f);
    f->trips[0].actual_return = d("2026-04-01");
}
/* Back on Monday 1 June from a stay with a temporary transfer: transferred
 * back (or the transfer closed) within 30 working days: by Monday 13 July. */
static void b_back_with_transfer(fx *f)
{
    b_six_months_jp_transferred(f);
    f->trips[0].actual_return = d("2026-06-01");
    f->trips[0].report_submitted_on = d("2026-06-03");
    f->trips[0].report_reviewed_on = d("2026-06-04");
    f->trips[0].acknowledged_on = d("2026-06-05");
}
static void b_back_transfer_closed(fx *f)
{
    b_back_with_transfer(f);
    f->transfers[0].ended_on = d("2026-06-10");
}
static void b_back_official_returned(fx *f)
{
    b_back_with_transfer(f);
    f->transfers[0].kind = TRANSFER_OFFICIAL;
    f->transfers[1] = (compliance_transfer){.id = 11,
                                            .kind = TRANSFER_OFFICIAL,
                                            .back = true,
                                            .issued_on = d("2026-06-02"),
                                            .received_on = d("2026-06-09"),
                                            .ended_on = DATE_NONE};
    f->m.n_transfers = 2;
}
/* A letter issued on Monday 1 June and never presented: 30 working days
 * end on Monday 13 July. */
static void b_transit(fx *f)
{
    f->transfers[0] = transfer(10, TRANSFER_TEMPORARY, "2026-06-01", NULL, NULL);
    f->m.n_transfers = 1;
}
/* Admitted 1 July 2025: probation ends 1 July 2026, abroad then. */
static void b_probation_abroad(fx *f)
{
    b_six_months_jp_transferred(f);
    f->trips[0].planned_return = d("2026-12-01");
    f->m.admitted_on = d("2025-07-01");
    f->m.official_on = DATE_NONE;
}
static void b_probation_home(fx *f)
{
    b_probation_abroad(f);
    f->trips[0].planned_return = f->trips[0].actual_return = d("2026-05-01");
    f->trips[0].report_submitted_on = d("2026-05-04");
    f->trips[0].report_reviewed_on = d("2026-05-05");
    f->trips[0].acknowledged_on = d("2026-05-06");
    f->transfers[0].ended_on = d("2026-05-05");
}
static void b_nothing(fx *f) { (void)f; }

typedef struct row {
    const char *name;
    void (*build)(fx *f);
    const char *as_of;
    const char *want; /* sorted "O:code" / "V:code" */
    bool headline;
} row;

/* clang-format off */
static const row rows[] = {
    {"no records: nothing owed",                 b_nothing,                  "2026-06-01", "", false},
    {"report: day before the deadline",          b_back_no_report,           "2026-03-10", "O:trip.report_due", false},
    {"report: on the deadline",                  b_back_no_report,           "2026-03-11", "O:trip.report_due", false},
    {"report: the day after",                    b_back_no_report,           "2026-03-12", "V:trip.report_due", false},
    {"report across Tết: on the 7th working day", b_back_before_tet,         "2026-03-03", "O:trip.report_due", false},
    {"report across Tết: the day after",         b_back_before_tet,          "2026-03-04", "V:trip.report_due", false},
    {"report across Tết: Tết days do not count", b_back_before_tet,          "2026-02-27", "O:trip.report_due", false},
    {"15 calendar days: on the 15th",            b_back_calendar_days,       "2026-03-17", "O:trip.report_due", false},
    {"15 calendar days: the day after",          b_back_calendar_days,       "2026-03-18", "V:trip.report_due", false},
    {"calendar days ending on holidays move",    b_back_calendar_days_holiday, "2026-05-04", "O:trip.report_due", false},
    {"... and are overdue the day after",        b_back_calendar_days_holiday, "2026-05-05", "V:trip.report_due", false},
    {"late report, as of before it was filed",   b_report_filed,             "2026-03-15", "V:trip.report_due", false},
    {"late report, as of after it was filed",    b_report_filed,             "2026-03-21", "O:trip.report_review", false},
    {"reviewed report waits for the committee",  b_report_reviewed,          "2026-03-23", "O:trip.report_ack", false},
    {"acknowledged: closed, nothing owed",       b_report_acknowledged,      "2026-03-24", "", false},
    {"abroad: on the planned return",            b_abroad,                   "2026-04-23", "O:trip.not_returned", false},
    {"abroad: last day of grace (27 Apr off)",   b_abroad,                   "2026-04-28", "O:trip.not_returned", false},
    {"abroad: overdue the working day after",    b_abroad,                   "2026-04-29", "V:trip.not_returned", false},
    {"extension pending before the return",      b_extension_pending,        "2026-04-22", "O:trip.extension_pending O:trip.not_returned", false},
    {"extension undecided past the return",      b_extension_pending,        "2026-04-24", "O:trip.not_returned V:trip.extension_pending", false},
    {"extension pending does not stop the alert", b_extension_pending,       "2026-04-29", "V:trip.extension_pending V:trip.not_returned", false},
    {"approved extension moves the return",      b_extension_approved,       "2026-04-29", "O:trip.not_returned", false},
    {"extension: as of before its decision",     b_extension_approved,       "2026-04-20", "O:trip.extension_pending O:trip.not_returned", false},
    {"recorded after departure: unknown before", b_recorded_after_departure, "2026-03-04", "", false},
    {"recorded after departure: undeclared",     b_recorded_after_departure, "2026-03-12", "O:trip.report_due V:trip.undeclared", false},
    {"left before the decision: undeclared",     b_left_before_decision,     "2026-03-04", "O:trip.not_returned V:trip.undeclared", false},
    {"submitted: cell and committee owe",        b_submitted,                "2026-05-19", "O:trip.decision_pending O:trip.opinion_pending", false},
    {"no decision by the departure date",        b_submitted,                "2026-05-20", "O:trip.opinion_pending V:trip.decision_pending", false},
    {"opinion given: the committee owes",        b_opinion_given,            "2026-05-07", "O:trip.decision_pending", false},
    {"refused: nothing owed",                    b_refused,                  "2026-05-21", "", false},
    {"withdrawn: nothing owed",                  b_withdrawn,                "2026-05-21", "", false},
    {"delegation of 3, before departure",        b_delegation3,              "2026-05-31", "O:arrangement.group", false},
    {"delegation of 3, gone without a group",    b_delegation3_gone,         "2026-06-01", "O:trip.not_returned V:arrangement.group", false},
    {"delegation of 3 with its group",           b_delegation3_grouped,      "2026-06-02", "O:trip.not_returned", false},
    {"delegation of 2 needs no group",           b_delegation2_gone,         "2026-06-02", "O:trip.not_returned", false},
    {"exactly one month (month end) in a delegation", b_delegation3_one_month, "2026-02-02", "O:trip.not_returned V:arrangement.group", false},
    {"a day under a month needs no group",       b_delegation3_under_month,  "2026-02-02", "O:trip.not_returned", false},
    {"exactly three months alone: nothing more", b_three_months,             "2026-02-01", "O:trip.not_returned", false},
    {"three months and a day: a transfer",       b_three_months_and_a_day,   "2026-02-01", "O:trip.not_returned V:arrangement.temporary_transfer", true},
    {"six months in Japan without a transfer",   b_six_months_jp,            "2026-03-20", "O:trip.not_returned V:arrangement.temporary_transfer", true},
    {"approved, not gone: transfer before departure", b_six_months_jp_approved_only, "2026-02-27", "O:arrangement.temporary_transfer", false},
    {"... and overdue on the departure day if gone", b_six_months_jp,        "2026-03-01", "O:trip.not_returned V:arrangement.temporary_transfer", true},
    {"transfer issued, not yet presented",       b_six_months_jp_transferred, "2026-03-05", "O:transfer.not_received O:trip.not_returned", false},
    {"transfer received: all in order",          b_six_months_jp_transferred, "2026-03-20", "O:trip.not_returned", false},
    {"a year less a day: temporary suffices",    b_year_less_a_day,          "2026-03-01", "O:trip.not_returned", false},
    {"a year: official transfer required",       b_year,                     "2026-03-01", "O:trip.not_returned V:arrangement.official_transfer", false},
    {"a year under the strict setting",          b_year_strict,              "2026-03-01", "O:trip.not_returned", false},
    {"a year with an official transfer",         b_year_official,            "2026-03-01", "O:trip.not_returned", false},
    {"no unit there: single guidance owed",      b_six_months_mn,            "2026-03-20", "O:trip.not_returned V:arrangement.single", true},
    {"no unit there: single guidance given",     b_six_months_mn_single,     "2026-03-20", "O:trip.not_returned", false},
    {"no unit there: exemption covers",          b_six_months_mn_exempt,     "2026-05-31", "O:trip.not_returned", false},
    {"no unit there: exemption expired",         b_six_months_mn_exempt,     "2026-06-01", "O:trip.not_returned V:exemption.expired", true},
    {"exemption where a unit can be attended",   b_six_months_jp_exempt,     "2026-03-20", "O:trip.not_returned V:exemption.not_allowed", false},
    {"extension across 3 months: time to transfer", b_extended_across,       "2026-04-24", "O:arrangement.temporary_transfer O:trip.not_returned", true},
    {"... overdue after 30 working days",        b_extended_across,          "2026-04-25", "O:trip.not_returned V:arrangement.temporary_transfer", true},
    {"... and as of before the extension",       b_extended_across,          "2026-03-12", "O:trip.extension_pending O:trip.not_returned", false},
    {"early return closes the requirement",      b_six_months_back_early,    "2026-04-02", "O:trip.report_due", false},
    {"back: transfer back on the 30th working day", b_back_with_transfer,    "2026-07-13", "O:transfer.back", false},
    {"back: not transferred back after it",      b_back_with_transfer,       "2026-07-14", "V:transfer.back", false},
    {"back: the temporary transfer closed",      b_back_transfer_closed,     "2026-07-14", "", false},
    {"back: official transfer home received",    b_back_official_returned,   "2026-07-14", "", false},
    {"in transit: on the 30th working day",      b_transit,                  "2026-07-13", "O:transfer.not_received", false},
    {"in transit: the day after",                b_transit,                  "2026-07-14", "V:transfer.not_received", false},
    {"probation: 31 days ahead, no reminder",    b_probation_abroad,         "2026-05-31", "O:trip.not_returned", false},
    {"probation: reminder 30 days ahead",        b_probation_abroad,         "2026-06-01", "O:probation.abroad O:trip.not_returned", false},
    {"probation: undecided the day after",       b_probation_abroad,         "2026-07-02", "O:trip.not_returned V:probation.abroad", false},
    {"probation: back home before it ends",      b_probation_home,           "2026-06-15", "", false},
};
/* clang-format on */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "O:a O:b V:c", sorted. */
static void describe(const compliance_result *r, char *buf, size_t size)
{
    const char *tokens[64];
    char store[64][48];
    size_t n = 0;
    for (size_t i = 0; i < r->n_obligations && n < 64; i++, n++) {
        snprintf(store[n], sizeof store[n], "O:%s", compliance_rules[r->obligations[i].rule].code);
        tokens[n] = store[n];
    }
    for (size_t i = 0; i < r->n_violations && n < 64; i++, n++) {
        snprintf(store[n], sizeof store[n], "V:%s", compliance_rules[r->violations[i].rule].code);
        tokens[n] = store[n];
    }
    qsort(tokens, n, sizeof tokens[0], cmp_str);
    buf[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? " " : "", tokens[i]);
        assert_true(w > 0 && (size_t)w < size - len);
        len += (size_t)w;
    }
}

static void evaluate(void (*build)(fx *), const char *as_of, compliance_result *r, arena *a)
{
    static fx f;
    memset(&f, 0, sizeof f);
    member(&f);
    build(&f);
    compliance_env env = {
        .rule_sets = f.rules, .n_rule_sets = f.n_rules, .country_has_unit = has_unit};
    error e = {0};
    assert_int_equal(compliance_evaluate(&f.m, &env, d(as_of), a, r, &e), ST_OK);
}

static void test_compliance_scenario_table(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        arena ar = ARENA_INIT, *a = &ar;
        compliance_result r;
        evaluate(rows[i].build, rows[i].as_of, &r, a);
        char got[1024];
        describe(&r, got, sizeof got);
        if (strcmp(got, rows[i].want) != 0 || r.abroad_without_arrangement != rows[i].headline) {
            print_message(
                "row %zu \"%s\" as of %s:\n  want [%s] headline %d\n  got  [%s] headline %d\n", i,
                rows[i].name, rows[i].as_of, rows[i].want, rows[i].headline, got,
                r.abroad_without_arrangement);
            failures++;
        }
        arena_free(a);
    }
    assert_int_equal(failures, 0);
    assert_true(sizeof rows / sizeof rows[0] >= 40);
}

/* The dates a violation carries: the last day on time and the first day
 * overdue, as DOMAIN.md "Deadlines" defines them. */
static void test_compliance_violation_dates(void **state)
{
    (void)state;
    arena ar = ARENA_INIT, *a = &ar;
    compliance_result r;
    evaluate(b_back_before_tet, "2026-03-04", &r, a);
    assert_int_equal(r.n_violations, 1);
    assert_int_equal(r.violations[0].due, d("2026-03-03"));
    assert_int_equal(r.violations[0].since, d("2026-03-04"));
    assert_int_equal(r.violations[0].trip_id, 1);
    assert_int_equal(r.violations[0].member_id, 7);
    assert_int_equal(r.violations[0].party, TRIP_PARTY_MEMBER);

    evaluate(b_abroad, "2026-05-04", &r, a);
    assert_int_equal(r.n_violations, 1);
    assert_int_equal(r.violations[0].due, d("2026-04-28"));
    assert_int_equal(r.violations[0].since, d("2026-04-29"));
    assert_true(r.abroad);
    assert_string_equal(r.country, "JP");

    evaluate(b_transit, "2026-08-01", &r, a);
    assert_int_equal(r.n_violations, 1);
    assert_int_equal(r.violations[0].transfer_id, 10);
    assert_int_equal(r.violations[0].due, d("2026-07-13"));
    assert_false(r.abroad);
    arena_free(a);
}

static void test_compliance_stay_bands(void **state)
{
    (void)state;
    rule_set r;
    rule_set_defaults(&r);
    assert_int_equal(compliance_stay_band(d("2026-01-31"), d("2026-02-27"), &r), 0);
    assert_int_equal(compliance_stay_band(d("2026-01-31"), d("2026-02-28"), &r), 1);
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2026-04-10"), &r), 1);
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2026-04-11"), &r), 2);
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2027-01-09"), &r), 2);
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2027-01-10"), &r), 3);
    r.official_transfer_strict = true;
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2027-01-10"), &r), 2);
    assert_int_equal(compliance_stay_band(d("2026-01-10"), d("2027-01-11"), &r), 3);
    assert_int_equal(compliance_stay_band(DATE_NONE, d("2027-01-11"), &r), 0);
}

static void test_compliance_catalogue_is_complete(void **state)
{
    (void)state;
    for (size_t i = 0; i < COMPLIANCE_RULE_COUNT; i++) {
        const compliance_rule_info *r = &compliance_rules[i];
        assert_int_equal(r->rule, (compliance_rule)i);
        assert_ptr_equal(compliance_rule_by_code(r->code), r);
        assert_true(r->name_vi[0] && r->name_en[0] && r->source[0]);
        assert_int_not_equal(r->party, TRIP_PARTY_NONE);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(compliance_rules[j].code, r->code);
    }
    assert_null(compliance_rule_by_code("trip.nothing"));
    assert_null(compliance_rule_by_code(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compliance_scenario_table),
        cmocka_unit_test(test_compliance_violation_dates),
        cmocka_unit_test(test_compliance_stay_bands),
        cmocka_unit_test(test_compliance_catalogue_is_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
