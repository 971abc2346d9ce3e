/*
 * unit.c -- the rules that shape the organization tree (DOMAIN.md,
 * "Records"; DESIGN.md, "The org tree and scope").
 *
 * Which kind hangs under which, what a unit abroad must carry, when a unit
 * may move or dissolve. Pure: no SQL, no clock (today is a parameter), no
 * text normalization (the service cleans names before asking). This file
 * must never look anything up: the caller brings the parent, the counts
 * and the subtree height.
 */
#include "domain/unit.h"

#include <string.h>

#include "core/limits.h"

static const char *const kind_names[] = {"committee", "grassroots", "cell", "group"};

const char *unit_kind_name(unit_kind k)
{
    if ((unsigned)k >= sizeof kind_names / sizeof kind_names[0])
        return "committee";
    return kind_names[k];
}

bool unit_kind_parse(const char *s, unit_kind *out)
{
    for (size_t i = 0; s && i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (unit_kind)i;
            return true;
        }
    return false;
}

bool unit_kind_allowed(const unit *parent, unit_kind child)
{
    if (!parent)
        return child == UNIT_COMMITTEE;
    switch (parent->kind) {
    case UNIT_COMMITTEE: return child == UNIT_COMMITTEE || child == UNIT_GRASSROOTS;
    case UNIT_GRASSROOTS: return child == UNIT_GRASSROOTS || child == UNIT_CELL;
    case UNIT_CELL: return child == UNIT_GROUP;
    case UNIT_GROUP: return false;
    }
    return false;
}

bool unit_path_within(const char *inner, const char *outer)
{
    if (!inner || !outer)
        return false;
    size_t n = strlen(outer);
    return n > 0 && outer[n - 1] == '/' && strncmp(inner, outer, n) == 0;
}

static void add(errlist *errs, const char *code, const char *field, bool *bad)
{
    error e;
    err_set(&e, ST_INVALID, code, field, NULL);
    errlist_add(errs, &e);
    *bad = true;
}

static bool code_ok(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > LIMIT_CODE_BYTES)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

/* What a unit abroad must carry, and what a unit at home must not. */
static void check_abroad(const unit *u, const unit *parent, errlist *errs, bool *bad)
{
    bool abroad = u->country[0] != '\0';
    if (abroad && !country_abroad(u->country))
        add(errs, "unit_country", "country", bad);
    if (parent && parent->country[0] && !abroad)
        add(errs, "unit_country_parent", "country", bad);
    if (!abroad && u->cell_type && u->cell_type[0])
        add(errs, "unit_cell_type_home", "cell_type", bad);
    if (abroad && (u->kind == UNIT_CELL || u->kind == UNIT_GRASSROOTS) &&
        !(u->cell_type && u->cell_type[0]))
        add(errs, "unit_cell_type", "cell_type", bad);
}

status unit_check(const unit *u, const unit *parent, date_t today, errlist *errs)
{
    bool bad = false;
    if (!code_ok(u->code))
        add(errs, "unit_code_format", "code", &bad);
    if (!u->name || !u->name[0])
        add(errs, "unit_name_required", "name", &bad);
    else if (strlen(u->name) > LIMIT_UNIT_NAME_BYTES)
        add(errs, "unit_name_too_long", "name", &bad);
    if (!unit_kind_allowed(parent, u->kind))
        add(errs, "unit_kind_parent", "kind", &bad);
    if (parent && parent->dissolved_on != DATE_NONE)
        add(errs, "unit_parent_dissolved", "parent_id", &bad);
    check_abroad(u, parent, errs, &bad);
    if ((parent ? parent->depth + 1 : 0) >= LIMIT_TREE_DEPTH)
        add(errs, "unit_too_deep", "parent_id", &bad);
    if (u->founded_on != DATE_NONE && u->founded_on > today)
        add(errs, "unit_founded_future", "founded_on", &bad);
    return bad ? ST_INVALID : ST_OK;
}

status unit_check_move(const unit *u, const unit *new_parent, int subtree_height, error *e)
{
    if (!new_parent)
        return err_set(e, ST_INVALID, "unit_kind_parent", "parent_id", NULL);
    if (new_parent->id == u->id || unit_path_within(new_parent->path, u->path))
        return err_set(e, ST_INVALID, "unit_move_cycle", "parent_id", NULL);
    if (!unit_kind_allowed(new_parent, u->kind))
        return err_set(e, ST_INVALID, "unit_kind_parent", "parent_id", NULL);
    if (new_parent->dissolved_on != DATE_NONE)
        return err_set(e, ST_INVALID, "unit_parent_dissolved", "parent_id", NULL);
    if (u->dissolved_on != DATE_NONE)
        return err_set(e, ST_INVALID, "unit_already_dissolved", NULL, NULL);
    if (new_parent->country[0] && !u->country[0])
        return err_set(e, ST_INVALID, "unit_country_parent", "parent_id", NULL);
    if (new_parent->depth + 1 + subtree_height >= LIMIT_TREE_DEPTH)
        return err_set(e, ST_INVALID, "unit_too_deep", "parent_id", NULL);
    return ST_OK;
}

status unit_check_dissolve(const unit *u, date_t on, date_t today, int64_t active_children,
                           int64_t active_members, error *e)
{
    if (u->dissolved_on != DATE_NONE)
        return err_set(e, ST_CONFLICT, "unit_already_dissolved", NULL, NULL);
    if (on == DATE_NONE)
        return err_set(e, ST_INVALID, "required", "on", NULL);
    if (u->founded_on != DATE_NONE && on < u->founded_on)
        return err_set(e, ST_INVALID, "unit_dissolve_before_founded", "on", NULL);
    if (on > today)
        return err_set(e, ST_INVALID, "unit_dissolve_future", "on", NULL);
    if (active_children > 0)
        return err_setf(e, ST_INVALID, "unit_has_active_children", NULL, "%lld",
                        (long long)active_children);
    if (active_members > 0)
        return err_setf(e, ST_INVALID, "unit_has_members", NULL, "%lld", (long long)active_members);
    return ST_OK;
}
