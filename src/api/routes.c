/*
 * routes.c -- every endpoint of the API, in one table.
 *
 * Read it whole to know the server's surface: method, path, handler, the
 * body it reads (which fixes its Content-Type and size cap), who may call it
 * (http_access and the roles, see http/http.h and auth/auth.h), and what it
 * does. The role check happens in one place before the handler; the scope
 * (the caller's subtree) is enforced by the store beneath every service.
 * tests/unit/test_routes.c checks this table against web/openapi.json in
 * both directions. This file must hold nothing but the table.
 */
#include "api/api.h"
#include "auth/auth.h"

/* clang-format off */
const http_route api_routes[] = {
    /* method    path                               handler              body       access          roles                                         summary */
    {HTTP_GET,   "/api/v1/health",                  api_health,          BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "server and schema version"},
    {HTTP_GET,   "/api/v1/openapi.json",            api_openapi,         BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "this API as OpenAPI 3.1"},
    {HTTP_GET,   "/api/v1/reference",               api_reference,       BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "countries, cell types, kinds, statuses"},

    {HTTP_GET,   "/api/v1/units",                   api_units_roots,     BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "roots of the scope; ?code= finds one"},
    {HTTP_POST,  "/api/v1/units",                   api_unit_create,     BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "create a unit"},
    {HTTP_GET,   "/api/v1/units/{id}",              api_unit_get,        BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "one unit with its breadcrumb"},
    {HTTP_PATCH, "/api/v1/units/{id}",              api_unit_update,     BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "rename, recode (If-Match)"},
    {HTTP_GET,   "/api/v1/units/{id}/children",     api_unit_children,   BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "child units in name order"},
    {HTTP_GET,   "/api/v1/units/{id}/subtree",      api_unit_subtree,    BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "the subtree in tree order, paged"},
    {HTTP_GET,   "/api/v1/units/{id}/ancestors",    api_unit_ancestors,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "root first, the unit last"},
    {HTTP_POST,  "/api/v1/units/{id}/move",         api_unit_move,       BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "move with its subtree (If-Match)"},
    {HTTP_POST,  "/api/v1/units/{id}/dissolve",     api_unit_dissolve,   BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "dissolve on a date (If-Match)"},

    {HTTP_GET,   "/api/v1/members",                 api_members_search,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "search and list, paged"},
    {HTTP_POST,  "/api/v1/members",                 api_member_create,   BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "create a member"},
    {HTTP_GET,   "/api/v1/members/export",          api_members_export,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "CSV of a subtree"},
    {HTTP_GET,   "/api/v1/members/{id}",            api_member_get,      BODY_NONE, ACCESS_SELF,    ROLES_ALL,                                    "the full record, ETag"},
    {HTTP_PATCH, "/api/v1/members/{id}",            api_member_update,   BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLES_MANAGERS,    "change fields (If-Match)"},
    {HTTP_POST,  "/api/v1/members/{id}/status",     api_member_status,   BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "left or deceased on a date (If-Match)"},
    {HTTP_GET,   "/api/v1/members/{id}/units",      api_member_units,    BODY_NONE, ACCESS_SELF,    ROLES_ALL,                                    "periods of the member's units"},

    {HTTP_POST,  "/api/v1/imports",                 api_import,          BODY_CSV,  ACCESS_SESSION, ROLES_MANAGERS,                               "import members from CSV"},
};
/* clang-format on */

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
