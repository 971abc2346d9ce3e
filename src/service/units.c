/*
 * units.c -- the organization tree's use cases: create, read, rename, move,
 * dissolve, children, subtree, ancestors.
 *
 * Each use case opens its transaction, loads through store/ (always within
 * the actor's scope), asks domain/unit.c, writes, records a unit event and
 * an audit entry (unit.create, unit.update, unit.move, unit.dissolve, with
 * the unit's path as its scope and the fields that changed before and
 * after) and commits -- or rolls back and changes nothing, entry included.
 * This file must never write SQL or decide a tree rule itself.
 */
#include "service/audit.h"
#include "service/svc_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"

/* Record a field error and remember that the input was bad. */
static void flag(errlist *errs, const error *e, bool *bad)
{
    svc_push(errs, e);
    *bad = true;
}

/* Everything a unit_input carries, cleaned, onto `u`. Field errors go to
 * errs; *bad is set when any. */
static void apply_input(svc *s, const unit_input *in, unit *u, errlist *errs, bool *bad)
{
    error e = {0};
    if (in->kind && !unit_kind_parse(in->kind, &u->kind)) {
        err_set(&e, ST_INVALID, "unit_kind_invalid", "kind", NULL);
        flag(errs, &e, bad);
    }
    if (in->name) {
        char *clean = NULL;
        if (text_clean_line(s->a, in->name, strlen(in->name), "name", &clean, &e) != ST_OK)
            flag(errs, &e, bad);
        else
            u->name = clean;
    }
    if (in->code)
        u->code = in->code;
    if (in->country) {
        size_t n = strlen(in->country);
        u->country[0] = '\0';
        if (n == 2) {
            for (int i = 0; i < 2; i++) {
                char c = in->country[i];
                u->country[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            }
            u->country[2] = '\0';
        } else if (n != 0) {
            err_set(&e, ST_INVALID, "unit_country", "country", NULL);
            flag(errs, &e, bad);
        }
    }
    if (in->cell_type)
        u->cell_type = in->cell_type[0] ? in->cell_type : NULL;
    if (in->founded_on &&
        svc_parse_date(in->founded_on, DATE_NONE, "founded_on", &u->founded_on, &e) != ST_OK)
        flag(errs, &e, bad);
    if (in->temporary >= 0)
        u->temporary = in->temporary != 0;
}

static status check_cell_type(svc *s, const unit *u, errlist *errs, bool *bad)
{
    if (!u->cell_type)
        return ST_OK;
    bool known = false;
    error e = {0};
    status st = store_cell_type_known(s->db, u->cell_type, &known, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (!known) {
        err_set(&e, ST_INVALID, "unit_cell_type", "cell_type", u->cell_type);
        svc_push(errs, &e);
        *bad = true;
    }
    return ST_OK;
}

/* The parent named by the input, in the actor's scope. An id or code that
 * names no unit there is ST_INVALID "unit_not_found" on its field: the
 * body is wrong, not the URL (404 is for the resource the URL names).
 * parent_id and parent_code given together must name the same unit, else
 * the request is ambiguous ("unit_parent_ambiguous" on parent_code). */
static status load_parent(svc *s, const unit_input *in, unit *parent, bool *has, error *e)
{
    *has = false;
    bool by_code = in->parent_code && in->parent_code[0];
    if (!in->parent_id && !by_code)
        return ST_OK;
    unit named;
    status st = ST_OK;
    const char *field = "parent_id";
    if (in->parent_id)
        st = store_unit_get(s->db, s->a, svc_scope(s), in->parent_id, parent, e);
    if (st == ST_OK && by_code) {
        field = "parent_code";
        st = store_unit_get_by_code(s->db, s->a, svc_scope(s), in->parent_code,
                                    in->parent_id ? &named : parent, e);
    }
    if (st == ST_NOT_FOUND)
        return err_set(e, ST_INVALID, "unit_not_found", field, NULL);
    if (st == ST_OK && in->parent_id && by_code && named.id != parent->id)
        return err_set(e, ST_INVALID, "unit_parent_ambiguous", "parent_code", NULL);
    *has = st == ST_OK;
    return st;
}

/* ---- the audit trail ---- */

enum {
    UF_CODE,
    UF_NAME,
    UF_KIND,
    UF_PARENT_ID,
    UF_PARENT_CODE,
    UF_PATH,
    UF_COUNTRY,
    UF_CELL_TYPE,
    UF_TEMPORARY,
    UF_FOUNDED_ON,
    UF_DISSOLVED_ON,
    UF_MOVED_ON,
    UF_COUNT
};

/* A unit's fields as text for svc_audit_diff; the buffers hold numbers and
 * dates, so a unit_text lives as long as its fields are used. */
typedef struct unit_text {
    char parent[24], founded[DATE_ISO_LEN], dissolved[DATE_ISO_LEN], moved[DATE_ISO_LEN];
    audit_field f[UF_COUNT];
} unit_text;

/* `parent_code` and `moved_on` are not in the unit itself: the caller's
 * (NULL and DATE_NONE when they do not matter). */
static void unit_text_of(const unit *u, const char *parent_code, date_t moved_on, unit_text *t)
{
    t->parent[0] = '\0';
    if (u->parent_id)
        snprintf(t->parent, sizeof t->parent, "%lld", (long long)u->parent_id);
    date_format(u->founded_on, t->founded);
    date_format(u->dissolved_on, t->dissolved);
    date_format(moved_on, t->moved);
    t->f[UF_CODE] = (audit_field){"code", u->code};
    t->f[UF_NAME] = (audit_field){"name", u->name};
    t->f[UF_KIND] = (audit_field){"kind", unit_kind_name(u->kind)};
    t->f[UF_PARENT_ID] = (audit_field){"parent_id", t->parent};
    t->f[UF_PARENT_CODE] = (audit_field){"parent_code", parent_code};
    t->f[UF_PATH] = (audit_field){"path", u->path};
    t->f[UF_COUNTRY] = (audit_field){"country", u->country};
    t->f[UF_CELL_TYPE] = (audit_field){"cell_type", u->cell_type};
    t->f[UF_TEMPORARY] = (audit_field){"temporary", u->temporary ? "true" : "false"};
    t->f[UF_FOUNDED_ON] = (audit_field){"founded_on", t->founded};
    t->f[UF_DISSOLVED_ON] = (audit_field){"dissolved_on", t->dissolved};
    t->f[UF_MOVED_ON] = (audit_field){"moved_on", t->moved};
}

/* Append the entry of a change from `was` (NULL: created) to `now`, in
 * the caller's transaction; the scope is now's path. */
static status audit_change(svc *s, const char *action, const unit_text *was, const unit_text *now,
                           int64_t id, const char *path, error *e)
{
    char *before, *after;
    status st = svc_audit_diff(s, was ? was->f : NULL, now->f, UF_COUNT, &before, &after, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "unit", id, path, before, after, e);
    return st;
}

static status reload(svc *s, int64_t id, unit *out, error *e)
{
    status st = store_unit_get(s->db, s->a, svc_scope(s), id, out, e);
    if (st == ST_OK)
        st =
            store_unit_activity(s->db, svc_scope(s), out, &out->child_count, &out->member_count, e);
    return st;
}

static status create_tx(svc *s, const unit_input *in, unit *u, errlist *errs)
{
    error e = {0};
    bool bad = false, has_parent = false;
    unit parent;
    status st = load_parent(s, in, &parent, &has_parent, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (!in->kind || !in->kind[0]) {
        err_set(&e, ST_INVALID, "required", "kind", NULL);
        flag(errs, &e, &bad);
    }
    apply_input(s, in, u, errs, &bad);
    if (has_parent && !in->country)
        memcpy(u->country, parent.country, sizeof u->country);
    if (check_cell_type(s, u, errs, &bad) != ST_OK)
        return svc_errs_status(errs);
    if (unit_check(u, has_parent ? &parent : NULL, s->today, errs) != ST_OK || bad)
        return svc_errs_status(errs);
    u->parent_id = has_parent ? parent.id : 0;
    u->depth = has_parent ? parent.depth + 1 : 0;
    st = store_unit_insert(s->db, svc_scope(s), has_parent ? parent.path : "", u, s->now, &e);
    if (st == ST_OK) {
        date_t on = u->founded_on != DATE_NONE ? u->founded_on : s->today;
        st = store_unit_event(s->db, u->id, "created", svc_date_iso(s, on), NULL, u->code, s->now,
                              &e);
    }
    unit saved;
    if (st == ST_OK) /* the path, as the store set it */
        st = store_unit_get(s->db, s->a, STORE_SCOPE_ALL, u->id, &saved, &e);
    if (st == ST_OK) {
        unit_text now;
        unit_text_of(&saved, has_parent ? parent.code : NULL, DATE_NONE, &now);
        st = audit_change(s, "unit.create", NULL, &now, saved.id, saved.path, &e);
    }
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_unit_create_tx(svc *s, const unit_input *in, unit *out, errlist *errs)
{
    memset(out, 0, sizeof *out);
    out->founded_on = out->dissolved_on = DATE_NONE;
    out->kind = UNIT_COMMITTEE;
    return create_tx(s, in, out, errs);
}

status svc_unit_create(svc *s, const unit_input *in, unit *out, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    unit u;
    st = svc_unit_create_tx(s, in, &u, errs);
    if (st == ST_OK)
        st = store_commit(s->db, &e) == ST_OK ? ST_OK : svc_push(errs, &e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    if (reload(s, u.id, out, &e) != ST_OK)
        return svc_push(errs, &e);
    return ST_OK;
}

status svc_unit_get(svc *s, int64_t id, unit *out, error *e)
{
    status st = svc_ready(s, e);
    return st == ST_OK ? reload(s, id, out, e) : st;
}

status svc_unit_get_by_code(svc *s, const char *code, unit *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_unit_get_by_code(s->db, s->a, svc_scope(s), code, out, e);
    if (st == ST_OK)
        st =
            store_unit_activity(s->db, svc_scope(s), out, &out->child_count, &out->member_count, e);
    return st;
}

/* Load the unit for a change and check the version the caller read. */
static status load_for_change(svc *s, int64_t id, int64_t expected_version, unit *u, error *e)
{
    status st = store_unit_get(s->db, s->a, svc_scope(s), id, u, e);
    if (st == ST_OK && u->version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    return st;
}

static bool text_same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && strcmp(a, b) == 0);
}

/* The attributes an update may change are all as they were. */
static bool attributes_same(const unit *a, const unit *b)
{
    return text_same(a->name, b->name) && text_same(a->code, b->code) &&
           text_same(a->cell_type, b->cell_type) && a->founded_on == b->founded_on &&
           strcmp(a->country, b->country) == 0 && a->temporary == b->temporary;
}

static status update_tx(svc *s, int64_t id, int64_t expected_version, const unit_input *in, unit *u,
                        errlist *errs)
{
    error e = {0};
    bool bad = false;
    if (load_for_change(s, id, expected_version, u, &e) != ST_OK)
        return svc_push(errs, &e);
    const unit before = *u;
    unit_input only = {.name = in->name,
                       .code = in->code,
                       .cell_type = in->cell_type,
                       .founded_on = in->founded_on,
                       .temporary = -1};
    apply_input(s, &only, u, errs, &bad);
    if (check_cell_type(s, u, errs, &bad) != ST_OK)
        return svc_errs_status(errs);
    if (!bad && attributes_same(&before, u))
        return ST_OK; /* a change of nothing writes nothing: same version */
    /* The rules are those of creation, judged against the parent as it
     * stands; a parent read for the rule only, whatever the scope. */
    unit parent;
    bool has_parent = u->parent_id != 0;
    if (has_parent &&
        store_unit_get(s->db, s->a, STORE_SCOPE_ALL, u->parent_id, &parent, &e) != ST_OK)
        return svc_push(errs, &e);
    if (has_parent)
        parent.dissolved_on = DATE_NONE; /* renaming under a dissolved parent is history */
    if (unit_check(u, has_parent ? &parent : NULL, s->today, errs) != ST_OK || bad)
        return svc_errs_status(errs);
    if (store_unit_update(s->db, svc_scope(s), u, expected_version, s->now, &e) != ST_OK)
        return svc_push(errs, &e);
    const char *today = svc_date_iso(s, s->today);
    status st = ST_OK;
    if (strcmp(before.name, u->name) != 0)
        st = store_unit_event(s->db, u->id, "renamed", today, before.name, u->name, s->now, &e);
    if (st == ST_OK && strcmp(before.code, u->code) != 0)
        st = store_unit_event(s->db, u->id, "updated", today, before.code, u->code, s->now, &e);
    if (st == ST_OK) {
        unit_text was, now;
        unit_text_of(&before, NULL, DATE_NONE, &was);
        unit_text_of(u, NULL, DATE_NONE, &now);
        st = audit_change(s, "unit.update", &was, &now, u->id, u->path, &e);
    }
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_unit_update(svc *s, int64_t id, int64_t expected_version, const unit_input *in,
                       unit *out, errlist *errs)
{
    error e = {0};
    status st = svc_ready(s, &e);
    if (st == ST_OK)
        st = store_begin_write(s->db, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    unit u;
    st = update_tx(s, id, expected_version, in, &u, errs);
    if (st == ST_OK)
        st = store_commit(s->db, &e) == ST_OK ? ST_OK : svc_push(errs, &e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    return reload(s, id, out, &e) == ST_OK ? ST_OK : svc_push(errs, &e);
}

static status move_tx(svc *s, int64_t id, int64_t expected_version, int64_t new_parent_id,
                      date_t on, error *e)
{
    unit u, np;
    int height = 0;
    status st = load_for_change(s, id, expected_version, &u, e);
    if (st != ST_OK)
        return st;
    st = store_unit_get(s->db, s->a, svc_scope(s), new_parent_id, &np, e);
    if (st == ST_NOT_FOUND) /* the body's parent, not the URL's unit: 422 */
        st = err_set(e, ST_INVALID, "unit_not_found", "parent_id", NULL);
    if (st == ST_OK)
        st = store_unit_subtree_height(s->db, svc_scope(s), u.path, &height, e);
    if (st == ST_OK)
        st = unit_check_move(&u, &np, height, e);
    if (st != ST_OK)
        return st;
    char old_parent[24], new_parent[24];
    snprintf(old_parent, sizeof old_parent, "%lld", (long long)u.parent_id);
    snprintf(new_parent, sizeof new_parent, "%lld", (long long)np.id);
    unit op, moved;
    unit_text was, now;
    /* The old parent, for its code in the trail, whatever the scope. */
    st = u.parent_id ? store_unit_get(s->db, s->a, STORE_SCOPE_ALL, u.parent_id, &op, e) : ST_OK;
    if (st == ST_OK)
        unit_text_of(&u, u.parent_id ? op.code : NULL, DATE_NONE, &was);
    if (st == ST_OK)
        st = store_unit_move(s->db, svc_scope(s), &u, expected_version, &np, s->now, e);
    if (st == ST_OK)
        st = store_unit_event(s->db, id, "moved", svc_date_iso(s, on), old_parent, new_parent,
                              s->now, e);
    if (st == ST_OK)
        st = store_unit_get(s->db, s->a, STORE_SCOPE_ALL, id, &moved, e);
    if (st == ST_OK) {
        unit_text_of(&moved, np.code, on, &now);
        st = audit_change(s, "unit.move", &was, &now, id, moved.path, e);
    }
    return st;
}

status svc_unit_move(svc *s, int64_t id, int64_t expected_version, int64_t new_parent_id,
                     const char *on, unit *out, error *e)
{
    date_t day;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = svc_parse_date(on, s->today, "on", &day, e);
    if (st == ST_OK && day > s->today)
        st = err_set(e, ST_INVALID, "unit_move_future", "on", NULL);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = move_tx(s, id, expected_version, new_parent_id, day, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    return reload(s, id, out, e);
}

static status dissolve_tx(svc *s, int64_t id, int64_t expected_version, date_t on, error *e)
{
    unit u;
    int64_t children = 0, members = 0;
    status st = load_for_change(s, id, expected_version, &u, e);
    if (st == ST_OK)
        st = store_unit_activity(s->db, svc_scope(s), &u, &children, &members, e);
    if (st == ST_OK)
        st = unit_check_dissolve(&u, on, s->today, children, members, e);
    if (st != ST_OK)
        return st;
    unit_text was, now;
    unit_text_of(&u, NULL, DATE_NONE, &was);
    u.dissolved_on = on;
    unit_text_of(&u, NULL, DATE_NONE, &now);
    st = store_unit_update(s->db, svc_scope(s), &u, expected_version, s->now, e);
    if (st == ST_OK)
        st = store_unit_event(s->db, id, "dissolved", svc_date_iso(s, on), NULL, NULL, s->now, e);
    if (st == ST_OK)
        st = audit_change(s, "unit.dissolve", &was, &now, id, u.path, e);
    return st;
}

status svc_unit_dissolve(svc *s, int64_t id, int64_t expected_version, const char *on, unit *out,
                         error *e)
{
    date_t day = DATE_NONE;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = svc_parse_date(on, DATE_NONE, "on", &day, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = dissolve_tx(s, id, expected_version, day, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    return reload(s, id, out, e);
}

status svc_unit_children(svc *s, int64_t id, bool include_dissolved, unit_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    status st = svc_ready(s, e);
    if (st == ST_OK && id) {
        unit u;
        st = store_unit_get(s->db, s->a, svc_scope(s), id, &u, e);
    }
    if (st == ST_OK)
        st = store_unit_children(s->db, s->a, svc_scope(s), id, include_dissolved, &out->items,
                                 &out->n, e);
    if (st == ST_OK)
        svc_sort_units(s, out->items, out->n);
    return st;
}

status svc_unit_subtree(svc *s, int64_t id, const char *cursor, int limit, unit_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    unit top;
    const char *after = NULL;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_unit_get(s->db, s->a, svc_scope(s), id, &top, e);
    if (st != ST_OK)
        return st;
    if (cursor && cursor[0]) {
        unsigned char *raw;
        size_t n;
        if (!svc_b64url_decode(s->a, cursor, &raw, &n) || n == 0 || n >= STORE_PATH_MAX ||
            raw[0] != '/')
            return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
        after = arena_strndup(s->a, (const char *)raw, n);
        if (!after)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    if (limit <= 0)
        limit = LIMIT_PAGE_DEFAULT;
    if (limit > LIMIT_PAGE_MAX)
        limit = LIMIT_PAGE_MAX;
    bool more = false;
    st = store_unit_subtree(s->db, s->a, svc_scope(s), top.path, after, limit, &out->items, &out->n,
                            &more, e);
    if (st == ST_OK && more && out->n > 0) {
        const char *last = out->items[out->n - 1].path;
        out->next_cursor = svc_b64url_encode(s->a, last, strlen(last));
        if (!out->next_cursor)
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    return st;
}

status svc_unit_ancestors(svc *s, int64_t id, unit_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    unit u;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_unit_get(s->db, s->a, svc_scope(s), id, &u, e);
    if (st != ST_OK)
        return st;
    out->items = arena_alloc_array(s->a, (size_t)u.depth + 1, sizeof *out->items);
    if (!out->items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    /* The path lists the ids root first: "/1/7/42/". */
    const char *p = u.path;
    while (st == ST_OK && *p == '/' && p[1] && out->n <= (size_t)u.depth) {
        char *end;
        long long v = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end != '/')
            break;
        st = store_unit_get(s->db, s->a, svc_scope(s), v, &out->items[out->n], e);
        if (st == ST_OK)
            out->n++;
        else if (st == ST_NOT_FOUND) /* above the actor's scope: not shown */
            st = ST_OK;
        p = end;
    }
    return st;
}

status svc_unit_list_all(svc *s, unit_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    status st = svc_ready(s, e);
    bool more = false;
    if (st == ST_OK)
        st = store_unit_subtree(s->db, s->a, svc_scope(s), svc_scope(s), NULL, INT32_MAX - 1,
                                &out->items, &out->n, &more, e);
    return st;
}
