/*
 * routes.c -- every endpoint of the API, in one table.
 *
 * Read it whole to know the server's surface: method, path, handler, the
 * body it reads (which fixes its Content-Type and size cap), and what it
 * does. Issue 3 adds each route's role and scope rule as new columns.
 * tests/unit/test_routes.c checks this table against web/openapi.json in
 * both directions. This file must hold nothing but the table.
 */
#include "api/api.h"

/* clang-format off */
const http_route api_routes[] = {
    /* method      path                                  handler             body       summary */
    {HTTP_GET,   "/api/v1/health",                 api_health,          BODY_NONE, "server and schema version"},
    {HTTP_GET,   "/api/v1/openapi.json",           api_openapi,         BODY_NONE, "this API as OpenAPI 3.1"},
    {HTTP_GET,   "/api/v1/reference",              api_reference,       BODY_NONE, "countries, cell types, kinds, statuses"},

    {HTTP_GET,   "/api/v1/units",                  api_units_roots,     BODY_NONE, "roots of the scope; ?code= finds one"},
    {HTTP_POST,  "/api/v1/units",                  api_unit_create,     BODY_JSON, "create a unit"},
    {HTTP_GET,   "/api/v1/units/{id}",             api_unit_get,        BODY_NONE, "one unit with its breadcrumb"},
    {HTTP_PATCH, "/api/v1/units/{id}",             api_unit_update,     BODY_JSON, "rename, recode (If-Match)"},
    {HTTP_GET,   "/api/v1/units/{id}/children",    api_unit_children,   BODY_NONE, "child units in name order"},
    {HTTP_GET,   "/api/v1/units/{id}/subtree",     api_unit_subtree,    BODY_NONE, "the subtree in tree order, paged"},
    {HTTP_GET,   "/api/v1/units/{id}/ancestors",   api_unit_ancestors,  BODY_NONE, "root first, the unit last"},
    {HTTP_POST,  "/api/v1/units/{id}/move",        api_unit_move,       BODY_JSON, "move with its subtree (If-Match)"},
    {HTTP_POST,  "/api/v1/units/{id}/dissolve",    api_unit_dissolve,   BODY_JSON, "dissolve on a date (If-Match)"},

    {HTTP_GET,   "/api/v1/members",                api_members_search,  BODY_NONE, "search and list, paged"},
    {HTTP_POST,  "/api/v1/members",                api_member_create,   BODY_JSON, "create a member"},
    {HTTP_GET,   "/api/v1/members/export",         api_members_export,  BODY_NONE, "CSV of a subtree"},
    {HTTP_GET,   "/api/v1/members/{id}",           api_member_get,      BODY_NONE, "the full record, ETag"},
    {HTTP_PATCH, "/api/v1/members/{id}",           api_member_update,   BODY_JSON, "change fields (If-Match)"},
    {HTTP_POST,  "/api/v1/members/{id}/status",    api_member_status,   BODY_JSON, "left or deceased on a date (If-Match)"},
    {HTTP_GET,   "/api/v1/members/{id}/units",     api_member_units,    BODY_NONE, "periods of the member's units"},

    {HTTP_POST,  "/api/v1/imports",                api_import,          BODY_CSV,  "import members from CSV"},
};
/* clang-format on */

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
