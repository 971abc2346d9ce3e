/*
 * test_audit.c -- the audit trail: entries chained by hash, appended only
 * when the change commits, read within a scope with filters and paging,
 * exported as CSV, filtered by an account's number or login; and verify finding a row altered,
 * removed or inserted directly in the database (triggers dropped first, as an attacker with the
 * file would), including the newest rows, caught by the head record.
 */
#include "testutil.h"

#include <stdio.h>

#include "core/alloc.h"
#include "service/audit.h"
#include "service/service.h"
#include "store/internal.h"

#define T0        1795400000
#define N_ENTRIES 5

typedef struct fx {
    svc_conn *c;
    arena a;
    svc s;
} fx;

static int setup(void **state)
{
    fx *f = xcalloc(1, sizeof *f);
    error e;
    if (!f || auth_init(&e) != ST_OK || svc_conn_open(":memory:", true, &f->c, &e) != ST_OK)
        return -1;
    svc_init(&f->s, f->c, &f->a, &svc_operator, LANG_VI, T0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    arena_free(&f->a);
    svc_conn_close(f->c);
    xfree(f);
    return 0;
}

/* One change's entry in its own transaction; `commit` false rolls back. */
static void append(fx *f, const char *action, int64_t record_id, const char *scope, bool commit)
{
    error e;
    char *after = audit_fields_json(&f->a, (audit_field[]){{"note", "Đặng \"An\""}}, 1);
    assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
    assert_int_equal(svc_audit_tx(&f->s, action, "member", record_id, scope, NULL, after, &e),
                     ST_OK);
    if (commit)
        assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    else
        store_rollback(f->s.db);
}

static void fill(fx *f)
{
    for (int i = 1; i <= N_ENTRIES; i++)
        append(f, i % 2 ? "member.update" : "unit.move", i, i <= 3 ? "/1/7/" : "/2/", true);
}

static void sql(fx *f, const char *text)
{
    char *err = NULL;
    int rc = sqlite3_exec(f->s.db->h, text, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "sql: %s\n", err ? err : "?");
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

static audit_report verify(fx *f)
{
    audit_report r;
    error e;
    assert_int_equal(svc_audit_verify(&f->s, &r, &e), ST_OK);
    return r;
}

static void test_entries_are_chained_and_verify_whole(void **state)
{
    fx *f = *state;
    fill(f);
    audit_query q = {0};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, N_ENTRIES);
    assert_int_equal(p.items[0].id, N_ENTRIES); /* newest first */
    assert_string_equal(p.items[N_ENTRIES - 1].prev_hash, AUDIT_GENESIS);
    for (size_t i = 0; i + 1 < p.n; i++)
        assert_string_equal(p.items[i].prev_hash, p.items[i + 1].hash);
    assert_string_equal(p.items[0].actor, "operator");
    assert_string_equal(p.items[0].after, "{\"note\":\"Đặng \\\"An\\\"\"}");
    audit_report r = verify(f);
    assert_int_equal(r.entries, N_ENTRIES);
    assert_null(r.problem);
    assert_int_equal(r.first_bad_id, 0);
}

static void test_entry_exists_only_when_the_change_commits(void **state)
{
    fx *f = *state;
    fill(f);
    append(f, "member.update", 99, "/1/", false);
    audit_query q = {.record_id = 99};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 0);
    assert_null(verify(f).problem);
}

static void test_sql_cannot_update_or_delete(void **state)
{
    fx *f = *state;
    fill(f);
    assert_int_not_equal(
        sqlite3_exec(f->s.db->h, "UPDATE audit_log SET actor = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(f->s.db->h, "DELETE FROM audit_log", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_null(verify(f).problem);
}

static void test_altered_row_is_named(void **state)
{
    fx *f = *state;
    fill(f);
    sql(f, "DROP TRIGGER audit_no_update");
    sql(f, "UPDATE audit_log SET after = '{\"note\":\"harmless\"}' WHERE id = 3");
    audit_report r = verify(f);
    assert_string_equal(r.problem, "altered");
    assert_int_equal(r.first_bad_id, 3);
    assert_int_equal(r.entries, 3);
}

static void test_altered_scope_path_is_caught(void **state)
{
    fx *f = *state;
    fill(f);
    sql(f, "DROP TRIGGER audit_no_update");
    sql(f, "UPDATE audit_log SET scope_path = '/9/' WHERE id = 2");
    audit_report r = verify(f);
    assert_string_equal(r.problem, "altered");
    assert_int_equal(r.first_bad_id, 2);
}

static void test_removed_middle_row_is_named(void **state)
{
    fx *f = *state;
    fill(f);
    sql(f, "DROP TRIGGER audit_no_delete");
    sql(f, "DELETE FROM audit_log WHERE id = 3");
    audit_report r = verify(f);
    assert_string_equal(r.problem, "removed");
    assert_int_equal(r.first_bad_id, 3);
}

static void test_removed_newest_rows_are_caught_by_the_head(void **state)
{
    fx *f = *state;
    fill(f);
    sql(f, "DROP TRIGGER audit_no_delete");
    sql(f, "DELETE FROM audit_log WHERE id >= 4");
    audit_report r = verify(f);
    assert_string_equal(r.problem, "removed");
    assert_int_equal(r.first_bad_id, 4);
    assert_int_equal(r.entries, 3);
}

/* A forged entry with id, prev_hash and a hash that recomputes. */
static void forge(fx *f, int64_t id, const char *prev)
{
    audit_entry en = {.id = id,
                      .at = "2026-11-23T02:13:20Z",
                      .actor = "operator",
                      .ip = "",
                      .action = "member.update",
                      .record_type = "member",
                      .record_id = 1,
                      .scope_path = "/1/",
                      .prev_hash = prev};
    char h[AUDIT_HASH_HEX];
    audit_hash(&en, h);
    char *text = arena_printf(&f->a,
                              "INSERT INTO audit_log (id, at, actor, ip, action, record_type,"
                              " record_id, scope_path, prev_hash, hash) VALUES (%lld,"
                              " '2026-11-23T02:13:20Z', 'operator', '', 'member.update', 'member',"
                              " 1, '/1/', '%s', '%s')",
                              (long long)id, prev, h);
    sql(f, text);
}

static const char *hash_of(fx *f, int64_t id)
{
    audit_query q = {.limit = LIMIT_PAGE_MAX};
    audit_page p;
    error e;
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    for (size_t i = 0; i < p.n; i++)
        if (p.items[i].id == id)
            return p.items[i].hash;
    fail();
    return NULL;
}

static void test_inserted_row_is_named(void **state)
{
    fx *f = *state;
    fill(f);
    forge(f, N_ENTRIES + 1, AUDIT_GENESIS); /* self-consistent, but not chained */
    audit_report r = verify(f);
    assert_string_equal(r.problem, "inserted");
    assert_int_equal(r.first_bad_id, N_ENTRIES + 1);
}

static void test_inserted_row_chained_perfectly_is_caught_by_the_head(void **state)
{
    fx *f = *state;
    fill(f);
    forge(f, N_ENTRIES + 1, hash_of(f, N_ENTRIES));
    audit_report r = verify(f);
    assert_string_equal(r.problem, "inserted");
    assert_int_equal(r.first_bad_id, N_ENTRIES + 1);
    /* Appending after the forgery does not launder it. */
    append(f, "member.update", 7, "/1/", true);
    r = verify(f);
    assert_non_null(r.problem);
}

static void test_list_filters_scope_and_pages(void **state)
{
    fx *f = *state;
    fill(f);
    error e;
    audit_page p;
    audit_query q = {.action = "member.*"};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 3); /* ids 1, 3, 5 */
    q = (audit_query){.action = "unit.move", .record_id = 4};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    q = (audit_query){.from = "2026-11-23", .to = "2026-11-23"};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, N_ENTRIES);
    q = (audit_query){.to = "2026-11-22"};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 0);
    q = (audit_query){.from = "23/11/2026"};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_INVALID);
    assert_string_equal(e.field, "from");
    /* An auditor of /1/7/ sees only the entries of that subtree. */
    actor aud = {.user_id = 9,
                 .label = "aud",
                 .scope_path = "/1/7/",
                 .role = ROLE_AUDITOR,
                 .ip = "198.51.100.1"};
    svc s;
    svc_init(&s, f->c, &f->a, &aud, LANG_VI, T0);
    q = (audit_query){.limit = 2};
    assert_int_equal(svc_audit_list(&s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.items[0].id, 3);
    assert_non_null(p.next_cursor);
    q.cursor = p.next_cursor;
    assert_int_equal(svc_audit_list(&s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].id, 1);
    assert_null(p.next_cursor);
    q.cursor = "!!"; /* a malformed query, as for every other list: 400 */
    assert_int_equal(svc_audit_list(&s, &q, &p, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "cursor_invalid");
    /* Verify is for the whole installation only. */
    audit_report r;
    assert_int_equal(svc_audit_verify(&s, &r, &e), ST_FORBIDDEN);
    /* A member may not read the trail. */
    actor mem = {.user_id = 10, .label = "m", .scope_path = "/1/7/", .role = ROLE_MEMBER};
    svc_init(&s, f->c, &f->a, &mem, LANG_VI, T0);
    assert_int_equal(svc_audit_list(&s, &q, &p, &e), ST_FORBIDDEN);
}

static status collect(void *ctx, const char *data, size_t len)
{
    buf_append(ctx, data, len);
    return ST_OK;
}

static void test_export_is_csv_and_audited(void **state)
{
    fx *f = *state;
    fill(f);
    strbuf b = {0};
    audit_query q = {0};
    error e;
    assert_int_equal(svc_audit_export(&f->s, &q, collect, &b, &e), ST_OK);
    assert_memory_equal(b.data, "\xEF\xBB\xBFid,at,user_id,", 15);
    assert_non_null(strstr(b.data, "\r\n6,2026-11-23T02:13:20Z,,operator,,audit.export,audit,"));
    assert_non_null(strstr(b.data, "\"{\"\"note\"\":\"\"Đặng \\\"\"An\\\"\"\"\"}\""));
    buf_free(&b);
    assert_null(verify(f).problem);
}

/* ?user= by login: the account's entries, whatever the case typed; a login
 * no account has is an empty list, not an error. */
static void test_list_by_login_finds_the_accounts_entries(void **state)
{
    fx *f = *state;
    unit_input ui = {.kind = "committee", .code = "TW", .name = "Trung ương", .temporary = -1};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    assert_int_equal(svc_unit_create(&f->s, &ui, &u, &errs), ST_OK);
    user_input in = {.login = "can-bo.1",
                     .display_name = "Cán bộ Một",
                     .role = "officer",
                     .unit_id = u.id,
                     .disabled = -1};
    user acct;
    char pw[20];
    assert_int_equal(svc_user_create(&f->s, &in, &acct, pw, &errs), ST_OK);
    errlist_free(&errs);
    actor who = {.user_id = acct.id,
                 .label = "can-bo.1",
                 .scope_path = u.path,
                 .role = ROLE_OFFICER,
                 .unit_id = u.id,
                 .ip = "192.0.2.7"};
    error e;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(store_begin_write(f->s.db, &e), ST_OK);
        assert_int_equal(
            svc_audit_tx_as(&f->s, &who, "member.update", "member", 1, u.path, NULL, NULL, &e),
            ST_OK);
        assert_int_equal(store_commit(f->s.db, &e), ST_OK);
    }
    audit_page p;
    audit_query q = {.user_login = "can-bo.1"};
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(p.items[i].user_id, acct.id);
    q.user_login = "CAN-BO.1";
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 2);
    q.user_login = "operator"; /* the CLI's label, no account: nothing */
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 0);
    q.user_login = "khong-co";
    assert_int_equal(svc_audit_list(&f->s, &q, &p, &e), ST_OK);
    assert_int_equal(p.n, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_entries_are_chained_and_verify_whole),
        T(test_entry_exists_only_when_the_change_commits),
        T(test_sql_cannot_update_or_delete),
        T(test_altered_row_is_named),
        T(test_altered_scope_path_is_caught),
        T(test_removed_middle_row_is_named),
        T(test_removed_newest_rows_are_caught_by_the_head),
        T(test_inserted_row_is_named),
        T(test_inserted_row_chained_perfectly_is_caught_by_the_head),
        T(test_list_filters_scope_and_pages),
        T(test_export_is_csv_and_audited),
        T(test_list_by_login_finds_the_accounts_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
