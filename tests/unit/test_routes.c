/*
 * test_routes.c -- the route table and web/openapi.json describe the same
 * API: every route (method and path) is documented, every documented
 * operation is a route, each declares who may call it (x-caunoi-access and
 * x-caunoi-roles equal to the table's rule, read both ways), and the table
 * itself is well-formed. A route added without documentation, or without
 * a declared access rule, fails here.
 */
#include "testutil.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>

#include "api/api.h"

/* The source tree's web/openapi.json (tests run from the repository root). */
#define OPENAPI_PATH "web/openapi.json"

static json_t *load_openapi(void)
{
    json_error_t je;
    json_t *doc = json_load_file(OPENAPI_PATH, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        fail_msg("%s:%d: %s", OPENAPI_PATH, je.line, je.text);
    return doc;
}

static void lower(const char *in, char *out, size_t n)
{
    size_t i = 0;
    for (; in[i] && i + 1 < n; i++)
        out[i] = (char)tolower((unsigned char)in[i]);
    out[i] = '\0';
}

static void test_every_route_is_documented(void **state)
{
    (void)state;
    json_t *doc = load_openapi();
    json_t *paths = json_object_get(doc, "paths");
    assert_non_null(paths);
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        char m[16];
        lower(http_method_name(r->method), m, sizeof m);
        json_t *op = json_object_get(json_object_get(paths, r->pattern), m);
        if (!op)
            fail_msg("route %s %s is not in %s", http_method_name(r->method), r->pattern,
                     OPENAPI_PATH);
        assert_non_null(json_object_get(op, "responses"));
    }
    json_decref(doc);
}

static bool is_route(const char *path, const char *method)
{
    for (size_t i = 0; i < api_routes_count; i++) {
        char m[16];
        lower(http_method_name(api_routes[i].method), m, sizeof m);
        if (strcmp(api_routes[i].pattern, path) == 0 && strcmp(m, method) == 0)
            return true;
    }
    return false;
}

static void test_every_documented_operation_is_a_route(void **state)
{
    (void)state;
    static const char *const methods[] = {"get",     "put",  "post",  "delete",
                                          "options", "head", "patch", "trace"};
    json_t *doc = load_openapi();
    const char *path;
    json_t *item;
    size_t ops = 0;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            if (!json_object_get(item, methods[k]))
                continue;
            ops++;
            if (!is_route(path, methods[k]))
                fail_msg("%s %s is documented but not routed", methods[k], path);
        }
    }
    assert_int_equal(ops, api_routes_count);
    json_decref(doc);
}

static void test_openapi_is_version_3_1_with_the_error_schema(void **state)
{
    (void)state;
    json_t *doc = load_openapi();
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    assert_non_null(json_object_get(schemas, "ErrorResponse"));
    assert_non_null(json_object_get(schemas, "Error"));
    json_decref(doc);
}

static const char *access_name(http_access a)
{
    switch (a) {
    case ACCESS_PUBLIC: return "public";
    case ACCESS_SESSION: return "session";
    case ACCESS_SELF: return "self";
    case ACCESS_INSTALLATION: return "installation";
    case ACCESS_UNDECLARED: break;
    }
    return NULL;
}

static void test_every_route_declares_its_access(void **state)
{
    (void)state;
    error e = {0};
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        if (r->access == ACCESS_UNDECLARED)
            fail_msg("route %s %s declares no access rule", http_method_name(r->method),
                     r->pattern);
        assert_int_equal(r->roles & ~ROLES_ALL, 0);
        if (r->access == ACCESS_PUBLIC) {
            /* Signing in is the only thing that answers without a session. */
            assert_int_equal(r->method, HTTP_POST);
            assert_string_equal(r->pattern, "/api/v1/session");
            assert_int_equal(r->roles, 0);
        } else if (r->roles == 0) {
            fail_msg("route %s %s lets no role in", http_method_name(r->method), r->pattern);
        }
        /* ACCESS_SELF compares the route's first {id} with the member's. */
        if (r->access == ACCESS_SELF)
            assert_non_null(strstr(r->pattern, "/{id}"));
    }
    assert_int_equal(http_routes_check(api_routes, api_routes_count, &e), ST_OK);
}

/* The roles of a mask as x-caunoi-roles writes them, in role order. */
static bool roles_match(json_t *names, unsigned mask)
{
    size_t k = 0;
    if (!json_is_array(names))
        return false;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (!(mask & ROLE_BIT(r)))
            continue;
        const char *n = json_string_value(json_array_get(names, k++));
        if (!n || strcmp(n, role_name((role)r)) != 0)
            return false;
    }
    return k == json_array_size(names);
}

static void test_openapi_declares_each_routes_access_and_roles(void **state)
{
    (void)state;
    json_t *doc = load_openapi();
    json_t *paths = json_object_get(doc, "paths");
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        char m[16];
        lower(http_method_name(r->method), m, sizeof m);
        json_t *op = json_object_get(json_object_get(paths, r->pattern), m);
        const char *access = json_string_value(json_object_get(op, "x-caunoi-access"));
        const char *want = access_name(r->access);
        if (!access || !want || strcmp(access, want) != 0)
            fail_msg("%s %s: x-caunoi-access %s, route table %s", m, r->pattern,
                     access ? access : "(none)", want ? want : "(undeclared)");
        if (!roles_match(json_object_get(op, "x-caunoi-roles"), r->roles))
            fail_msg("%s %s: x-caunoi-roles differ from the route table", m, r->pattern);
        /* The public route opts out of the cookie; the rest inherit it. */
        json_t *security = json_object_get(op, "security");
        if (r->access == ACCESS_PUBLIC)
            assert_true(json_is_array(security) && json_array_size(security) == 0);
        else
            assert_null(security);
    }
    json_decref(doc);
}

static void test_openapi_documents_the_cookie_and_the_csrf_header(void **state)
{
    (void)state;
    json_t *doc = load_openapi();
    json_t *comp = json_object_get(doc, "components");
    json_t *cookie = json_object_get(json_object_get(comp, "securitySchemes"), "cookieAuth");
    assert_string_equal(json_string_value(json_object_get(cookie, "type")), "apiKey");
    assert_string_equal(json_string_value(json_object_get(cookie, "in")), "cookie");
    assert_string_equal(json_string_value(json_object_get(cookie, "name")), HTTP_SESSION_COOKIE);
    json_t *global = json_array_get(json_object_get(doc, "security"), 0);
    assert_non_null(json_object_get(global, "cookieAuth"));
    json_t *csrf = json_object_get(json_object_get(comp, "parameters"), "CsrfToken");
    assert_string_equal(json_string_value(json_object_get(csrf, "name")), "X-CSRF-Token");
    assert_string_equal(json_string_value(json_object_get(csrf, "in")), "header");
    /* Every state-changing operation behind a session names the header. */
    json_t *paths = json_object_get(doc, "paths");
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        if (r->access == ACCESS_PUBLIC || r->method == HTTP_GET)
            continue;
        char m[16];
        lower(http_method_name(r->method), m, sizeof m);
        json_t *params =
            json_object_get(json_object_get(json_object_get(paths, r->pattern), m), "parameters");
        bool found = false;
        for (size_t k = 0; k < json_array_size(params); k++) {
            const char *ref = json_string_value(json_object_get(json_array_get(params, k), "$ref"));
            found = found || (ref && strcmp(ref, "#/components/parameters/CsrfToken") == 0);
        }
        if (!found)
            fail_msg("%s %s does not document X-CSRF-Token", m, r->pattern);
    }
    json_decref(doc);
}

static void test_route_table_is_well_formed(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        assert_non_null(r->handler);
        assert_non_null(r->summary);
        assert_true(strncmp(r->pattern, "/api/v1/", 8) == 0);
        /* A GET or DELETE takes no body; PATCH always one (the changes). A
         * POST may take none: an action named by its path (reset-password,
         * starting two-factor enrolment). */
        if (r->method == HTTP_GET || r->method == HTTP_DELETE)
            assert_int_equal(r->body, BODY_NONE);
        if (r->method == HTTP_PATCH)
            assert_int_not_equal(r->body, BODY_NONE);
        for (size_t j = 0; j < i; j++)
            if (api_routes[j].method == r->method && strcmp(api_routes[j].pattern, r->pattern) == 0)
                fail_msg("route %s %s declared twice", http_method_name(r->method), r->pattern);
    }
}

int main(void)
{
    api_json_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_is_documented),
        cmocka_unit_test(test_every_documented_operation_is_a_route),
        cmocka_unit_test(test_openapi_is_version_3_1_with_the_error_schema),
        cmocka_unit_test(test_every_route_declares_its_access),
        cmocka_unit_test(test_openapi_declares_each_routes_access_and_roles),
        cmocka_unit_test(test_openapi_documents_the_cookie_and_the_csrf_header),
        cmocka_unit_test(test_route_table_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
