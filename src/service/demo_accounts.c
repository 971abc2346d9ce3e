/*
 * demo_accounts.c -- one account per role over the demo data set, with
 * fresh random passwords, for `caunoi demo` (and so `make run`) to print
 * once: an administrator of the whole installation, an auditor of the
 * whole tree, an officer of Hà Nội, and -- so that the examples of the
 * README and the user guide work as written -- the member Đặng Văn An and
 * the secretary of his cell; and the secretary of the students' cell in
 * Tokyo (DEMO_ABROAD_CELL), the receiving side of the demo's transfers.
 *
 * The accounts are made through the same account service as any other
 * (audited, scoped); only the first-sign-in password change is waived.
 * This file must never store or log the passwords it returns.
 */
#include "service/account_internal.h"
#include "service/demo_data.h"

#include <string.h>

#define DEMO_ACCOUNTS 6

/* The member every example names (the demo always has him) and his cell. */
#define DEMO_EXAMPLE_MEMBER "Đặng Văn An"

static status example_member(svc *s, int64_t *member_id, int64_t *cell_id, error *e)
{
    member_query q = {.q = DEMO_EXAMPLE_MEMBER, .limit = 1};
    member_page page;
    status st = svc_member_search(s, &q, &page, e);
    if (st == ST_OK && page.n == 0)
        st = err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
    if (st == ST_OK) {
        *member_id = page.items[0].id;
        *cell_id = page.items[0].unit_id;
    }
    return st;
}

status svc_demo_accounts(svc *s, demo_account **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    unit root, province, abroad;
    int64_t member_id = 0, cell_id = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK && (svc_require_admin(s, e) != ST_OK || !svc_actor_global(s)))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK)
        st = svc_unit_get_by_code(s, demo_centrals[0].code, &root, e);
    if (st == ST_OK)
        st = svc_unit_get_by_code(s, demo_provinces[0].code, &province, e);
    if (st == ST_OK)
        st = svc_unit_get_by_code(s, DEMO_ABROAD_CELL, &abroad, e);
    if (st == ST_OK)
        st = example_member(s, &member_id, &cell_id, e);
    if (st != ST_OK)
        return st;
    const user_input in[DEMO_ACCOUNTS] = {
        {.login = "admin", .display_name = "Quản trị viên (demo)", .role = "admin", .disabled = -1},
        {.login = "auditor",
         .display_name = "Kiểm tra viên (demo)",
         .role = "auditor",
         .unit_id = root.id,
         .disabled = -1},
        {.login = "officer",
         .display_name = "Cán bộ thành ủy Hà Nội (demo)",
         .role = "officer",
         .unit_id = province.id,
         .disabled = -1},
        {.login = "secretary",
         .display_name = "Bí thư chi bộ (demo)",
         .role = "secretary",
         .unit_id = cell_id,
         .disabled = -1},
        {.login = "member", .role = "member", .member_id = member_id, .disabled = -1},
        {.login = "secretary.tokyo",
         .display_name = "Bí thư chi bộ Lưu học sinh tại Tokyo (demo)",
         .role = "secretary",
         .unit_id = abroad.id,
         .disabled = -1},
    };
    demo_account *acc = arena_alloc_array(s->a, DEMO_ACCOUNTS, sizeof *acc);
    if (!acc)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
        user u;
        char pw[20];
        errlist errs;
        errlist_init(&errs, 1);
        st = svc_account_create(s, &in[i], false, &u, pw, &errs);
        if (st != ST_OK && e)
            *e = errs.len ? errs.items[0] : (error){.st = st, .code = "internal"};
        errlist_free(&errs);
        if (st != ST_OK)
            return st;
        acc[i].login = u.login;
        acc[i].password = arena_strdup(s->a, pw);
        acc[i].role = role_name(u.role);
        acc[i].unit_code = u.unit_code;
        if (!acc[i].password)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    *out = acc;
    *n = DEMO_ACCOUNTS;
    return ST_OK;
}
