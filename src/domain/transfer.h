/*
 * transfer.h -- transfers of party activity and exemptions (DOMAIN.md
 * "Party activity while abroad", "Invariants").
 *
 * A transfer carries a member from a sending unit to a receiving unit with
 * a numbered introduction letter:
 *
 *   issued (in transit) --receive--> received
 *   issued --return--> returned   (the receiving unit sends it back)
 *   issued --cancel--> cancelled  (the sending unit withdraws it)
 *   received --end--> ended       (a temporary transfer closes: back home)
 *
 * Kinds: temporary (the member attends the receiving unit; the official
 * unit is unchanged), official (the official unit becomes the receiving
 * one on the day it is received), single (the member abroad where no unit
 * exists is guided by the overseas committee: the receiving unit is that
 * committee). While a transfer is in transit the sending unit stays
 * responsible; a member is in at most one open (issued) transfer.
 *
 * Exemptions: temporary (tạm miễn: under 12 months, for good reason, with
 * an end date; the cell proposes, the grassroots committee decides) and
 * full (miễn: abroad alone or on a private stay where no unit exists).
 * Neither while the member is transferred to a unit abroad that he or she
 * can attend, nor where the table requires a transfer and a unit exists.
 *
 * Pure: facts come in as values; nothing reads the clock or the database.
 */
#ifndef CAUNOI_TRANSFER_H
#define CAUNOI_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/compliance.h"

typedef enum transfer_state {
    TRANSFER_ISSUED = 0,
    TRANSFER_RECEIVED,
    TRANSFER_RETURNED,
    TRANSFER_CANCELLED,
    TRANSFER_ENDED,
} transfer_state;
#define TRANSFER_STATE_COUNT 5

typedef enum transfer_action {
    TRANSFER_RECEIVE = 0,
    TRANSFER_RETURN,
    TRANSFER_CANCEL,
    TRANSFER_END,
} transfer_action;
#define TRANSFER_ACTION_COUNT 4

/* "issued", "received", "returned", "cancelled", "ended"; "receive",
 * "return", "cancel", "end"; "temporary", "official", "single";
 * exemption kinds "temporary", "full". */
const char *transfer_state_name(transfer_state s);
bool transfer_state_parse(const char *s, transfer_state *out);
const char *transfer_action_name(transfer_action a);
bool transfer_action_parse(const char *s, transfer_action *out);
const char *transfer_kind_name(transfer_kind k);
bool transfer_kind_parse(const char *s, transfer_kind *out);
const char *exemption_kind_name(exemption_kind k);
bool exemption_kind_parse(const char *s, exemption_kind *out);

/* The state `a` leads to from `from`, for a transfer of kind `k` (only a
 * temporary transfer ends). ST_CONFLICT "transfer_action_not_allowed"
 * (arg: the allowed actions, comma-separated) otherwise. */
status transfer_transition(transfer_kind k, transfer_state from, transfer_action a,
                           transfer_state *to, error *e);
/* Bit i set when action i is allowed. */
unsigned transfer_allowed_actions(transfer_kind k, transfer_state s);
/* issued: the sending unit is still responsible. */
bool transfer_state_open(transfer_state s);

/* What an officer asks for when issuing a transfer, as facts. */
typedef struct transfer_request {
    transfer_kind kind;
    int64_t member_id;
    int64_t from_unit_id;            /* the member's official unit (sending) */
    int64_t to_unit_id;              /* receiving */
    bool to_unit_dissolved;          /* the receiving unit is dissolved on issued_on */
    bool to_unit_abroad;             /* it has a country */
    bool to_unit_overseas_committee; /* it is (under) the overseas committee, for single */
    bool member_active;              /* probationary or official */
    bool member_has_open_transfer;
    bool to_is_current_official; /* the receiving unit is already the official one */
    date_t issued_on, today;
} transfer_request;

/* Check a transfer before it is issued. Errors (field named):
 * "transfer_same_unit" (to_unit_id), "transfer_unit_dissolved",
 * "transfer_single_needs_overseas" (a single-member transfer goes to the
 * overseas committee), "member_not_active", "transfer_already_open"
 * (ST_CONFLICT: one open transfer at a time), "date_future" (issued_on
 * after today). Appends every problem; ST_INVALID (or ST_CONFLICT for the
 * open transfer) when any. */
status transfer_check(const transfer_request *r, errlist *errs);

/* What an officer asks for when granting an exemption. */
typedef struct exemption_request {
    exemption_kind kind;
    date_t starts_on, ends_on; /* ends_on required for temporary */
    date_t decided_on, today;
    bool member_active;
    /* Facts of the member on starts_on: */
    bool abroad;                     /* on a trip abroad */
    bool destination_has_unit;       /* a unit exists in the destination country */
    bool transferred_to_unit_abroad; /* an open temporary or official transfer abroad */
    const char *reason;              /* required */
} exemption_request;

/* Check an exemption before it is granted (DOMAIN.md). Errors:
 * "required" (reason, ends_on for temporary), "exemption_dates_order",
 * "exemption_too_long" (temporary: 12 months or more, arg "12"),
 * "exemption_unit_attendable" (transferred to a unit abroad it can attend),
 * "exemption_unit_exists" (abroad where a unit exists: a transfer is
 * required instead), "exemption_full_needs_abroad" (a full exemption is
 * for a member abroad where no unit exists),
 * "member_not_active", "date_future" (decided_on after today). ST_INVALID
 * when any. */
status exemption_check(const exemption_request *r, errlist *errs);

#endif
