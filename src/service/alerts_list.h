/*
 * alerts_list.h -- reads the API's compliance faces need beside
 * service/compliance.h (service/alerts_list.c): the alerts a scan kept,
 * and the names of the members findings name.
 *
 * Interim: compliance.h (the dashboard helper's) is the natural home of
 * both; these move there when its owner adds them.
 *
 * Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_ALERTS_LIST_H
#define CAUNOI_SERVICE_ALERTS_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/compliance.h"
#include "service/service.h"

typedef struct alert {
    int64_t id;
    const char *rule_code;
    const compliance_rule_info *rule; /* NULL: a code the catalogue no longer has */
    int64_t member_id;
    const char *member_name;
    int64_t trip_id, transfer_id, exemption_id; /* 0: none */
    const char *party;                          /* "member", "cell", "committee" */
    date_t due, since;                          /* due DATE_NONE when the rule sets none */
    const char *opened_at, *resolved_at;        /* resolved_at NULL while open */
} alert;

typedef struct alert_query {
    int64_t unit_id;   /* a subtree within the scope; 0: the actor's scope */
    int64_t member_id; /* 0: any (a member: always their own) */
    bool all;          /* resolved ones too */
    const char *cursor;
    int limit;
} alert_query;

/* The alerts of the members of the subtree, open ones unless q->all,
 * newest first, keyset-paged (`cursor` is the last id of the previous
 * page). A member (ROLE_MEMBER) sees only their own: another member_id
 * is ST_NOT_FOUND "member_not_found". Errors: "cursor_invalid",
 * ST_NOT_FOUND "unit_not_found" (unit_id outside the scope), the
 * database's. */
status svc_alerts_list(svc *s, const alert_query *q, alert **out, size_t *n,
                       const char **next_cursor, error *e);

/* The full names of members ids[0..n) as the actor sees them, in one read:
 * names[i] NULL for a member outside the scope. For the findings of
 * svc_compliance_check, which name members by id. */
status svc_member_names(svc *s, const int64_t *ids, size_t n, const char **names, error *e);

#endif
