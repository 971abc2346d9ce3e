/*
 * compliance.c -- /api/v1/compliance: the compliance engine's findings for
 * a subtree as of a date, over HTTP.
 *
 * Reads the report of service/compliance.h (every member of the subtree
 * through domain/compliance.h) and answers it, optionally kept to one
 * rule's findings (`rule`, a code of the catalogue), with each finding's
 * member named and its rule named in the request's language;
 * `rules` keeps several (codes separated by commas, or "headline": the
 * four arrangement rules and an exemption ended abroad). This file
 * must never evaluate a rule nor decide what is late: the engine does; it
 * only selects and encodes.
 */
#include <string.h>

#include "api/api.h"
#include "service/alerts_list.h"
#include "service/compliance.h"

/* An id, or null for 0 (none). */
static json_t *id_or_null(int64_t id) { return id > 0 ? json_integer(id) : json_null(); }

static json_t *member_ref(int64_t id, const char *name)
{
    static const char *const names[] = {"id", "full_name"};
    json_t *values[] = {json_integer(id), api_str_json(name)};
    return api_object(names, values, 2);
}

/* {"kind", "rule", "rule_name", "party", "member": {id, full_name},
 * "trip_id", "transfer_id", "exemption_id", "due", "since"} */
static json_t *finding_json(const compliance_finding *f, const char *member_name, lang lg)
{
    static const char *const names[] = {"kind",    "rule",        "rule_name",    "party", "member",
                                        "trip_id", "transfer_id", "exemption_id", "due",   "since"};
    const compliance_item *it = &f->item;
    json_t *values[] = {
        json_string(f->violation ? "violation" : "obligation"),
        api_str_json(f->rule->code),
        api_str_json(lg == LANG_EN ? f->rule->name_en : f->rule->name_vi),
        api_str_json(trip_party_name(it->party)),
        member_ref(it->member_id, member_name),
        id_or_null(it->trip_id),
        id_or_null(it->transfer_id),
        id_or_null(it->exemption_id),
        api_date_json(it->due),
        api_date_json(it->since),
    };
    return api_object(names, values, sizeof values / sizeof values[0]);
}

/* The findings kept (all when `keep` is NULL, else those of the rules it
 * marks) with their members' names; counts them by kind. NULL on failure,
 * answered in `rs`. */
static json_t *findings_json(http_request *rq, http_response *rs, svc *s,
                             const compliance_report *r, const bool *keep, int64_t *violations,
                             int64_t *obligations)
{
    error e = {0};
    int64_t *ids = arena_alloc_array(rq->a, r->n ? r->n : 1, sizeof *ids);
    const char **names = arena_alloc_array(rq->a, r->n ? r->n : 1, sizeof *names);
    size_t n = 0;
    const compliance_finding **kept = arena_alloc_array(rq->a, r->n ? r->n : 1, sizeof *kept);
    if (!ids || !names || !kept) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++)
        if (!keep || keep[r->items[i].rule->rule]) {
            kept[n] = &r->items[i];
            ids[n++] = r->items[i].item.member_id;
        }
    if (svc_member_names(s, ids, n, names, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return NULL;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        *(kept[i]->violation ? violations : obligations) += 1;
        if (json_array_append_new(items, finding_json(kept[i], names[i], rq->lg)) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    if (!items)
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
    return items;
}

/* The rules whose findings the headline counts: the four arrangements and
 * an exemption ended abroad (docs/api.md "Dashboard"). */
static const compliance_rule headline[] = {RULE_ARR_GROUP, RULE_ARR_TEMP_TRANSFER,
                                           RULE_ARR_OFFICIAL_TRANSFER, RULE_ARR_SINGLE,
                                           RULE_EXEMPTION_EXPIRED};

/* Mark in keep[] the rule `code` (of `len` bytes) or, for "headline", the
 * headline's; false when it names no rule. */
static bool mark_rule(const char *code, size_t len, bool keep[COMPLIANCE_RULE_COUNT])
{
    if (len == strlen("headline") && strncmp(code, "headline", len) == 0) {
        for (size_t i = 0; i < sizeof headline / sizeof headline[0]; i++)
            keep[headline[i]] = true;
        return true;
    }
    for (size_t i = 0; i < COMPLIANCE_RULE_COUNT; i++)
        if (strlen(compliance_rules[i].code) == len &&
            strncmp(compliance_rules[i].code, code, len) == 0) {
            keep[compliance_rules[i].rule] = true;
            return true;
        }
    return false;
}

/* `rule` (one code) and `rules` (codes separated by commas, or
 * "headline"): the rules kept, their union. *any false when neither was
 * given (every finding kept). Answers 422 compliance_rule_unknown naming
 * the parameter and the code, and returns false, on a code of no rule. */
static bool rules_query(http_request *rq, http_response *rs, bool keep[COMPLIANCE_RULE_COUNT],
                        bool *any)
{
    const char *one = NULL, *many = NULL;
    if (!api_query_text(rq, rs, "rule", LIMIT_CODE_BYTES, &one) ||
        !api_query_text(rq, rs, "rules", LIMIT_CODE_BYTES * COMPLIANCE_RULE_COUNT, &many))
        return false;
    *any = one || many;
    memset(keep, 0, COMPLIANCE_RULE_COUNT * sizeof keep[0]);
    if (one && !compliance_rule_by_code(one)) {
        http_respond_fail(rs, rq->a, rq->lg, ST_INVALID, "compliance_rule_unknown", "rule", one);
        return false;
    }
    if (one)
        keep[compliance_rule_by_code(one)->rule] = true;
    for (const char *p = many; p && *p;) {
        size_t len = strcspn(p, ",");
        if (!mark_rule(p, len, keep)) {
            http_respond_fail(rs, rq->a, rq->lg, ST_INVALID, "compliance_rule_unknown", "rules",
                              arena_strndup(rq->a, p, len));
            return false;
        }
        p += len + (p[len] == ',');
    }
    return true;
}

void api_compliance(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    int64_t unit_id = 0;
    date_t as_of = DATE_NONE;
    bool keep[COMPLIANCE_RULE_COUNT], filtered = false;
    compliance_report r;
    if (!api_query_id(rq, rs, "unit", &unit_id) || !api_query_date(rq, rs, "as_of", &as_of) ||
        !rules_query(rq, rs, keep, &filtered))
        return;
    if (svc_compliance_check(&s, unit_id, as_of, &r, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    int64_t violations = 0, obligations = 0;
    json_t *items =
        findings_json(rq, rs, &s, &r, filtered ? keep : NULL, &violations, &obligations);
    if (!items)
        return;
    static const char *const names[] = {
        "as_of",      "members_checked", "members_abroad", "abroad_without_arrangement",
        "violations", "obligations",     "items"};
    json_t *values[] = {api_date_json(r.as_of),
                        json_integer(r.members_checked),
                        json_integer(r.members_abroad),
                        json_integer(r.abroad_without_arrangement),
                        json_integer(violations),
                        json_integer(obligations),
                        items};
    api_respond_json(rq, rs, 200, api_object(names, values, sizeof values / sizeof values[0]));
}
