/*
 * test_store.c -- the SQLite store: opening, migrations recorded once, the
 * statement cache, scope ranges that respect whole path segments, member
 * unit paths following a move, and refused writes that change nothing.
 */
#include "testutil.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/alloc.h"
#include "migrations.h"
#include "store/internal.h"

static char *temp_db(void)
{
    char tmpl[] = "/tmp/caunoi-test-store-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    unlink(tmpl); /* store_open creates it */
    return xstrdup(tmpl);
}

static void remove_db(char *path)
{
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    xfree(path);
}

static void test_missing_file_without_create_is_db_missing(void **state)
{
    (void)state;
    char *path = temp_db();
    db *d = NULL;
    error e;
    assert_int_equal(store_open(path, false, &d, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "db_missing");
    assert_null(d);
    assert_int_equal(access(path, F_OK), -1);
    remove_db(path);
}

static void test_migrations_recorded_once_and_idempotent_on_reopen(void **state)
{
    (void)state;
    char *path = temp_db();
    db *d = NULL;
    error e;
    assert_int_equal(store_open(path, true, &d, &e), ST_OK);
    assert_int_equal(store_schema_version(d), migrations[migrations_count - 1].version);
    assert_int_equal(store_migrations_recorded(d), migrations_count);
    store_close(d);
    assert_int_equal(store_open(path, false, &d, &e), ST_OK);
    assert_int_equal(store_migrations_recorded(d), migrations_count);
    assert_int_equal(store_schema_version(d), migrations[migrations_count - 1].version);
    /* WAL mode and foreign keys are on. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(d->h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(d->h, "PRAGMA foreign_keys", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    store_close(d);
    remove_db(path);
}

static unit committee(const char *code)
{
    unit u;
    memset(&u, 0, sizeof u);
    u.kind = UNIT_COMMITTEE;
    u.code = code;
    u.name = code;
    u.founded_on = u.dissolved_on = DATE_NONE;
    return u;
}

/* Root 1, then committees 2..71 under it: /1/7/ and /1/70/ share a prefix. */
static db *tree(void)
{
    db *d = NULL;
    error e;
    assert_int_equal(store_open(":memory:", true, &d, &e), ST_OK);
    assert_int_equal(store_begin_write(d, &e), ST_OK);
    unit root = committee("R");
    assert_int_equal(store_unit_insert(d, "/", "", &root, "2026-11-23T00:00:00Z", &e), ST_OK);
    for (int i = 2; i <= 71; i++) {
        char code[16];
        snprintf(code, sizeof code, "U%d", i);
        unit u = committee(code);
        u.parent_id = root.id;
        u.depth = 1;
        assert_int_equal(store_unit_insert(d, "/", "/1/", &u, "2026-11-23T00:00:00Z", &e), ST_OK);
        assert_int_equal(u.id, i);
    }
    assert_int_equal(store_commit(d, &e), ST_OK);
    return d;
}

static void put_member(db *d, int64_t unit_id, const char *cccd, const char *scope, status want)
{
    member m;
    memset(&m, 0, sizeof m);
    m.full_name = "Đặng Văn An";
    m.family_name = "Đặng";
    m.middle_name = "Văn";
    m.given_name = "An";
    m.sex = 'M';
    date_parse("1985-03-14", &m.birth_date);
    date_parse("2010-05-19", &m.admitted_on);
    m.official_on = DATE_NONE;
    m.status = MS_PROBATIONARY;
    m.status_date = m.admitted_on;
    m.cccd = cccd;
    m.unit_id = unit_id;
    member_index ix = {"đặng văn an", "dang van an", "k", 1};
    error e;
    assert_int_equal(store_member_insert(d, scope, &m, &ix, "2026-11-23T00:00:00Z", &e), want);
}

static void test_scope_excludes_sibling_sharing_a_prefix(void **state)
{
    (void)state;
    db *d = tree();
    arena a = ARENA_INIT;
    error e;
    unit u;
    assert_int_equal(store_unit_get(d, &a, "/1/7/", 7, &u, &e), ST_OK);
    assert_string_equal(u.path, "/1/7/");
    assert_int_equal(store_unit_get(d, &a, "/1/7/", 70, &u, &e), ST_NOT_FOUND);
    assert_string_equal(e.code, "unit_not_found");
    assert_int_equal(store_unit_get_by_code(d, &a, "/1/7/", "U70", &u, &e), ST_NOT_FOUND);
    assert_int_equal(store_unit_get(d, &a, "/", 70, &u, &e), ST_OK);

    put_member(d, 7, "001085000007", "/", ST_OK);
    put_member(d, 70, "001085000070", "/", ST_OK);
    /* Writing into a unit outside the scope is refused and writes nothing. */
    put_member(d, 70, "001085000071", "/1/7/", ST_NOT_FOUND);
    int64_t n = 0;
    assert_int_equal(store_member_count(d, "/1/7/", &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_member_count(d, "/1/70/", &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_member_count(d, "/", &n, &e), ST_OK);
    assert_int_equal(n, 2);
    member m;
    assert_int_equal(store_member_get_by_cccd(d, &a, "/1/7/", "001085000070", &m, &e),
                     ST_NOT_FOUND);
    /* An ill-formed scope sees nothing at all. */
    assert_int_equal(store_member_count(d, "/1/7", &n, &e), ST_OK);
    assert_int_equal(n, 0);
    arena_free(&a);
    store_close(d);
}

static void test_move_rewrites_subtree_and_member_paths(void **state)
{
    (void)state;
    db *d = tree();
    arena a = ARENA_INIT;
    error e;
    /* 72 under 7, a member in 72; then move 7 under 70. */
    assert_int_equal(store_begin_write(d, &e), ST_OK);
    unit child = committee("C72");
    child.parent_id = 7;
    child.depth = 2;
    assert_int_equal(store_unit_insert(d, "/", "/1/7/", &child, "t", &e), ST_OK);
    assert_int_equal(store_commit(d, &e), ST_OK);
    put_member(d, child.id, "001085000072", "/", ST_OK);
    unit u, np;
    assert_int_equal(store_unit_get(d, &a, "/", 7, &u, &e), ST_OK);
    assert_int_equal(store_unit_get(d, &a, "/", 70, &np, &e), ST_OK);
    assert_int_equal(store_begin_write(d, &e), ST_OK);
    assert_int_equal(store_unit_move(d, "/", &u, 1, &np, "t", &e), ST_OK);
    assert_int_equal(store_commit(d, &e), ST_OK);
    assert_int_equal(store_unit_get(d, &a, "/", child.id, &u, &e), ST_OK);
    assert_string_equal(u.path, "/1/70/7/72/");
    assert_int_equal(u.depth, 3);
    member m;
    assert_int_equal(store_member_get_by_cccd(d, &a, "/1/70/7/", "001085000072", &m, &e), ST_OK);
    assert_string_equal(m.unit_path, "/1/70/7/72/");
    /* A stale version moves nothing. */
    assert_int_equal(store_unit_get(d, &a, "/", 7, &u, &e), ST_OK);
    assert_int_equal(store_unit_get(d, &a, "/", 2, &np, &e), ST_OK);
    assert_int_equal(store_begin_write(d, &e), ST_OK);
    assert_int_equal(store_unit_move(d, "/", &u, 1, &np, "t", &e), ST_CONFLICT);
    assert_string_equal(e.code, "version_stale");
    store_rollback(d);
    assert_int_equal(store_unit_get(d, &a, "/", 72, &u, &e), ST_OK);
    assert_string_equal(u.path, "/1/70/7/72/");
    arena_free(&a);
    store_close(d);
}

static void test_statements_are_prepared_once(void **state)
{
    (void)state;
    db *d = tree();
    arena a = ARENA_INIT;
    error e;
    unit u;
    assert_int_equal(store_unit_get(d, &a, "/", 7, &u, &e), ST_OK);
    size_t n = d->ncache;
    for (int i = 0; i < 10; i++)
        assert_int_equal(store_unit_get(d, &a, "/", 7, &u, &e), ST_OK);
    assert_int_equal(d->ncache, n);
    arena_free(&a);
    store_close(d);
}

static void test_duplicate_unit_code_refused(void **state)
{
    (void)state;
    db *d = tree();
    error e;
    int64_t before = 0, after = 0;
    assert_int_equal(store_unit_count(d, "/", &before, &e), ST_OK);
    assert_int_equal(store_begin_write(d, &e), ST_OK);
    unit u = committee("U7");
    u.parent_id = 1;
    u.depth = 1;
    assert_int_equal(store_unit_insert(d, "/", "/1/", &u, "t", &e), ST_CONFLICT);
    assert_string_equal(e.code, "unit_code_taken");
    store_rollback(d);
    assert_int_equal(store_unit_count(d, "/", &after, &e), ST_OK);
    assert_int_equal(before, after);
    store_close(d);
}

static void *open_worker(void *arg)
{
    db *d = NULL;
    error e;
    status st = store_open(arg, true, &d, &e);
    store_close(d);
    return (void *)(intptr_t)st;
}

/* Server workers open their connections at once on a fresh file: each
 * migration is applied exactly once and every open succeeds. */
static void test_concurrent_opens_apply_migrations_once(void **state)
{
    (void)state;
    char *path = temp_db();
    pthread_t t[6];
    for (int i = 0; i < 6; i++)
        assert_int_equal(pthread_create(&t[i], NULL, open_worker, path), 0);
    for (int i = 0; i < 6; i++) {
        void *rv;
        assert_int_equal(pthread_join(t[i], &rv), 0);
        assert_int_equal((status)(intptr_t)rv, ST_OK);
    }
    db *d = NULL;
    error e;
    assert_int_equal(store_open(path, false, &d, &e), ST_OK);
    assert_int_equal(store_migrations_recorded(d), migrations_count);
    store_close(d);
    remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_file_without_create_is_db_missing),
        cmocka_unit_test(test_migrations_recorded_once_and_idempotent_on_reopen),
        cmocka_unit_test(test_scope_excludes_sibling_sharing_a_prefix),
        cmocka_unit_test(test_move_rewrites_subtree_and_member_paths),
        cmocka_unit_test(test_statements_are_prepared_once),
        cmocka_unit_test(test_duplicate_unit_code_refused),
        cmocka_unit_test(test_concurrent_opens_apply_migrations_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
