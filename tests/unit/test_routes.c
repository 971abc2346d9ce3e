/*
 * test_routes.c -- the route table and web/openapi.json describe the same
 * API: every route (method and path) is documented, every documented
 * operation is a route, and the table itself is well-formed. A route added
 * without documentation fails here.
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

static void test_route_table_is_well_formed(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_routes_count; i++) {
        const http_route *r = &api_routes[i];
        assert_non_null(r->handler);
        assert_non_null(r->summary);
        assert_true(strncmp(r->pattern, "/api/v1/", 8) == 0);
        /* A route with a body takes it by POST or PATCH; a GET takes none. */
        if (r->method == HTTP_GET)
            assert_int_equal(r->body, BODY_NONE);
        else
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
        cmocka_unit_test(test_route_table_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
