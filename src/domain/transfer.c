/*
 * transfer.c -- the transfer state machine and the checks before a
 * transfer is issued or an exemption granted (transfer.h).
 *
 * Pure: must never read the clock or the database, nor allocate.
 */
#include "domain/transfer.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"

static const char *const state_names[TRANSFER_STATE_COUNT] = {
    [TRANSFER_ISSUED] = "issued",     [TRANSFER_RECEIVED] = "received",
    [TRANSFER_RETURNED] = "returned", [TRANSFER_CANCELLED] = "cancelled",
    [TRANSFER_ENDED] = "ended",
};
static const char *const action_names[TRANSFER_ACTION_COUNT] = {
    [TRANSFER_RECEIVE] = "receive",
    [TRANSFER_RETURN] = "return",
    [TRANSFER_CANCEL] = "cancel",
    [TRANSFER_END] = "end",
};
static const char *const kind_names[] = {
    [TRANSFER_TEMPORARY] = "temporary",
    [TRANSFER_OFFICIAL] = "official",
    [TRANSFER_SINGLE] = "single",
};
static const char *const exemption_names[] = {
    [EXEMPTION_TEMPORARY] = "temporary",
    [EXEMPTION_FULL] = "full",
};

static int find(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define NAME(names, i, n) ((int)(i) >= 0 && (int)(i) < (n) ? (names)[i] : "")

const char *transfer_state_name(transfer_state s)
{
    return NAME(state_names, s, TRANSFER_STATE_COUNT);
}
const char *transfer_action_name(transfer_action a)
{
    return NAME(action_names, a, TRANSFER_ACTION_COUNT);
}
const char *transfer_kind_name(transfer_kind k) { return NAME(kind_names, k, 3); }
const char *exemption_kind_name(exemption_kind k) { return NAME(exemption_names, k, 2); }

bool transfer_state_parse(const char *s, transfer_state *out)
{
    int i = find(state_names, TRANSFER_STATE_COUNT, s);
    if (i >= 0)
        *out = (transfer_state)i;
    return i >= 0;
}
bool transfer_action_parse(const char *s, transfer_action *out)
{
    int i = find(action_names, TRANSFER_ACTION_COUNT, s);
    if (i >= 0)
        *out = (transfer_action)i;
    return i >= 0;
}
bool transfer_kind_parse(const char *s, transfer_kind *out)
{
    int i = find(kind_names, 3, s);
    if (i >= 0)
        *out = (transfer_kind)i;
    return i >= 0;
}
bool exemption_kind_parse(const char *s, exemption_kind *out)
{
    int i = find(exemption_names, 2, s);
    if (i >= 0)
        *out = (exemption_kind)i;
    return i >= 0;
}

/* The edges, one a line. */
static const struct {
    transfer_state from;
    transfer_action a;
    transfer_state to;
    bool temporary_only;
} edges[] = {
    {TRANSFER_ISSUED, TRANSFER_RECEIVE, TRANSFER_RECEIVED, false},
    {TRANSFER_ISSUED, TRANSFER_RETURN, TRANSFER_RETURNED, false},
    {TRANSFER_ISSUED, TRANSFER_CANCEL, TRANSFER_CANCELLED, false},
    {TRANSFER_RECEIVED, TRANSFER_END, TRANSFER_ENDED, true},
};

unsigned transfer_allowed_actions(transfer_kind k, transfer_state s)
{
    unsigned bits = 0;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        if (edges[i].from == s && (!edges[i].temporary_only || k == TRANSFER_TEMPORARY))
            bits |= 1u << edges[i].a;
    return bits;
}

bool transfer_state_open(transfer_state s) { return s == TRANSFER_ISSUED; }

status transfer_transition(transfer_kind k, transfer_state from, transfer_action a,
                           transfer_state *to, error *e)
{
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        if (edges[i].from == from && edges[i].a == a &&
            (!edges[i].temporary_only || k == TRANSFER_TEMPORARY)) {
            *to = edges[i].to;
            return ST_OK;
        }
    char allowed[64] = "";
    size_t len = 0;
    unsigned bits = transfer_allowed_actions(k, from);
    for (int i = 0; i < TRANSFER_ACTION_COUNT; i++) {
        if (!(bits & (1u << i)))
            continue;
        int w =
            snprintf(allowed + len, sizeof allowed - len, "%s%s", len ? "," : "", action_names[i]);
        if (w < 0 || (size_t)w >= sizeof allowed - len)
            break;
        len += (size_t)w;
    }
    return err_set(e, ST_CONFLICT, "transfer_action_not_allowed", "action", allowed);
}

/* Append one problem; the worst status wins (a conflict over a refusal),
 * and a list that cannot grow makes it ST_NOMEM. */
static void problem(errlist *errs, status st, const char *code, const char *field, const char *arg,
                    status *worst)
{
    error e;
    err_set(&e, st, code, field, arg);
    if (errs && errlist_add(errs, &e) != ST_OK)
        st = ST_NOMEM;
    if (*worst == ST_OK || st == ST_CONFLICT || st == ST_NOMEM)
        *worst = *worst == ST_NOMEM ? ST_NOMEM : st;
}

status transfer_check(const transfer_request *r, errlist *errs)
{
    status worst = ST_OK;
    if (!r->member_active)
        problem(errs, ST_INVALID, "member_not_active", "member_id", NULL, &worst);
    if (r->to_unit_id == r->from_unit_id || r->to_is_current_official)
        problem(errs, ST_INVALID, "transfer_same_unit", "to_unit_id", NULL, &worst);
    if (r->to_unit_dissolved)
        problem(errs, ST_INVALID, "transfer_unit_dissolved", "to_unit_id", NULL, &worst);
    if (r->kind == TRANSFER_SINGLE && !r->to_unit_overseas_committee)
        problem(errs, ST_INVALID, "transfer_single_needs_overseas", "to_unit_id", NULL, &worst);
    if (r->issued_on != DATE_NONE && r->today != DATE_NONE && r->issued_on > r->today)
        problem(errs, ST_INVALID, "date_future", "issued_on", NULL, &worst);
    if (r->member_has_open_transfer)
        problem(errs, ST_CONFLICT, "transfer_already_open", "member_id", NULL, &worst);
    return worst;
}

status exemption_check(const exemption_request *r, errlist *errs)
{
    status worst = ST_OK;
    if (!r->member_active)
        problem(errs, ST_INVALID, "member_not_active", "member_id", NULL, &worst);
    if (!r->reason || !r->reason[0])
        problem(errs, ST_INVALID, "required", "reason", NULL, &worst);
    if (r->starts_on == DATE_NONE)
        problem(errs, ST_INVALID, "required", "starts_on", NULL, &worst);
    if (r->kind == EXEMPTION_TEMPORARY && r->ends_on == DATE_NONE)
        problem(errs, ST_INVALID, "required", "ends_on", NULL, &worst);
    if (r->starts_on != DATE_NONE && r->ends_on != DATE_NONE && r->ends_on < r->starts_on)
        problem(errs, ST_INVALID, "exemption_dates_order", "ends_on", NULL, &worst);
    else if (r->kind == EXEMPTION_TEMPORARY && r->starts_on != DATE_NONE &&
             r->ends_on != DATE_NONE && r->ends_on >= date_add_months(r->starts_on, 12))
        problem(errs, ST_INVALID, "exemption_too_long", "ends_on", "12", &worst);
    if (r->decided_on != DATE_NONE && r->today != DATE_NONE && r->decided_on > r->today)
        problem(errs, ST_INVALID, "date_future", "decided_on", NULL, &worst);
    if (r->transferred_to_unit_abroad)
        problem(errs, ST_INVALID, "exemption_unit_attendable", "kind", NULL, &worst);
    else if (r->abroad && r->destination_has_unit)
        problem(errs, ST_INVALID, "exemption_unit_exists", "kind", NULL, &worst);
    else if (r->kind == EXEMPTION_FULL && !r->abroad)
        problem(errs, ST_INVALID, "exemption_full_needs_abroad", "kind", NULL, &worst);
    return worst;
}
