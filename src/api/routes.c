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
#include "api/handbook.h"
#include "auth/auth.h"

/* clang-format off */
const http_route api_routes[] = {
    /* method    path                               handler              body       access          roles                                         summary */
    {HTTP_POST,  "/api/v1/session",                 api_session_create,  BODY_JSON, ACCESS_PUBLIC,  0,                                            "sign in: sets the session cookie"},
    {HTTP_DELETE,"/api/v1/session",                 api_session_delete,  BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "sign out: ends the session"},

    {HTTP_GET,   "/api/v1/me",                      api_me_get,          BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "the signed-in user, CSRF token, flags"},
    {HTTP_POST,  "/api/v1/me/password",             api_me_password,     BODY_JSON, ACCESS_SESSION, ROLES_ALL,                                    "change one's password"},
    {HTTP_POST,  "/api/v1/me/totp",                 api_me_totp_begin,   BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "start two-factor enrolment"},
    {HTTP_POST,  "/api/v1/me/totp/confirm",         api_me_totp_confirm, BODY_JSON, ACCESS_SESSION, ROLES_ALL,                                    "confirm enrolment: recovery codes"},
    {HTTP_POST,  "/api/v1/me/totp/disable",         api_me_totp_disable, BODY_JSON, ACCESS_SESSION, ROLES_ALL,                                    "turn two-factor sign-in off"},

    {HTTP_GET,   "/api/v1/health",                  api_health,          BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "server and schema version"},
    {HTTP_GET,   "/api/v1/openapi.json",            api_openapi,         BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "this API as OpenAPI 3.1"},
    {HTTP_GET,   "/api/v1/reference",               api_reference,       BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "countries, cell types, kinds, statuses"},

    {HTTP_GET,   "/api/v1/units",                   api_units_roots,     BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "roots of the scope; ?code= finds one"},
    {HTTP_POST,  "/api/v1/units",                   api_unit_create,     BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "create a unit"},
    {HTTP_GET,   "/api/v1/units/receivers",         api_units_receivers, BODY_NONE, ACCESS_SESSION, ROLES_MANAGERS,                               "units abroad and overseas committees a transfer may go to"},
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

    {HTTP_GET,   "/api/v1/trips",                   api_trips_list,      BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "trips in scope, paged (a member: their own)"},
    {HTTP_POST,  "/api/v1/trips",                   api_trip_create,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_OFFICER), "file a draft"},
    {HTTP_GET,   "/api/v1/trips/inbox",             api_trips_inbox,     BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "what waits for the caller, oldest first"},
    {HTTP_GET,   "/api/v1/trips/{id}",              api_trip_get,        BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "the trip with timeline, files, deadlines, ETag"},
    {HTTP_PATCH, "/api/v1/trips/{id}",              api_trip_update,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_SECRETARY), "change a draft (If-Match)"},
    {HTTP_POST,  "/api/v1/trips/{id}/actions/{action}", api_trip_act,    BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_OFFICER), "a step of the lifecycle (If-Match)"},
    {HTTP_GET,   "/api/v1/trips/{id}/documents/{kind}", api_document_trip, BODY_NONE, ACCESS_SESSION, ROLES_ALL,                              "the application, commitment or report as PDF"},
    {HTTP_POST,  "/api/v1/trips/{id}/attachments",  api_trip_attach,     BODY_FILE, ACCESS_SESSION, ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_SECRETARY), "attach a PDF, JPEG or PNG (by content)"},
    {HTTP_GET,   "/api/v1/trips/{id}/attachments/{aid}", api_trip_attachment_get, BODY_NONE, ACCESS_SESSION, ROLES_ALL,                          "download a file, as stored"},
    {HTTP_DELETE,"/api/v1/trips/{id}/attachments/{aid}", api_trip_detach, BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_SECRETARY), "remove a draft's file"},

    {HTTP_GET,   "/api/v1/delegations",             api_delegations_list,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                "delegations of the subtree, paged"},
    {HTTP_POST,  "/api/v1/delegations",             api_delegation_create, BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_OFFICER), "create a delegation"},
    {HTTP_GET,   "/api/v1/delegations/{id}",        api_delegation_get,    BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                "a delegation with its trips, ETag"},
    {HTTP_PATCH, "/api/v1/delegations/{id}",        api_delegation_update, BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_OFFICER), "change a delegation (If-Match)"},

    {HTTP_POST,  "/api/v1/delegations/{id}/group",  api_delegation_group_form,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLES_MANAGERS, "form the temporary group (If-Match)"},
    {HTTP_POST,  "/api/v1/delegations/{id}/group/dissolve", api_delegation_group_dissolve, BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLES_MANAGERS, "dissolve it on return (If-Match)"},

    {HTTP_GET,   "/api/v1/transfers",               api_transfers_list,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "transfers sent from or addressed to the subtree, paged"},
    {HTTP_POST,  "/api/v1/transfers",               api_transfer_issue,  BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "issue a numbered introduction letter"},
    {HTTP_GET,   "/api/v1/transfers/{id}",          api_transfer_get,    BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "one transfer, ETag"},
    {HTTP_GET,   "/api/v1/transfers/{id}/letter",   api_document_transfer, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                "the introduction letter as PDF"},
    {HTTP_POST,  "/api/v1/transfers/{id}/actions/{action}", api_transfer_act, BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_SECRETARY) | ROLES_MANAGERS, "receive, return, cancel, end (If-Match)"},

    {HTTP_GET,   "/api/v1/exemptions",              api_exemptions_list, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "exemptions of the subtree, paged"},
    {HTTP_POST,  "/api/v1/exemptions",              api_exemption_grant, BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "grant an exemption"},
    {HTTP_POST,  "/api/v1/exemptions/{id}/revoke",  api_exemption_revoke, BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                              "revoke on a date (If-Match)"},

    {HTTP_GET,   "/api/v1/compliance",              api_compliance,      BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "findings of a subtree as of a date (a member: their own)"},
    {HTTP_GET,   "/api/v1/alerts",                  api_alerts_list,     BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "alerts kept by the scan, newest first (a member: their own)"},
    {HTTP_POST,  "/api/v1/alerts/scan",             api_alerts_scan,     BODY_JSON, ACCESS_SESSION, ROLES_MANAGERS,                               "run the scan now"},

    {HTTP_GET,   "/api/v1/dashboard",               api_dashboard,       BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "the figures of a subtree today"},

    {HTTP_GET,   "/api/v1/stats",                   api_stats,           BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "the figures of a subtree over a period"},
    {HTTP_GET,   "/api/v1/stats/review",            api_stats_review,    BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "the review report beside the previous period"},
    {HTTP_GET,   "/api/v1/stats/review.xlsx",       api_stats_review_xlsx, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                "the review report as XLSX (audited)"},
    {HTTP_GET,   "/api/v1/stats/review.pdf",        api_stats_review_pdf, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                 "the review report as PDF with its charts"},
    {HTTP_GET,   "/api/v1/stats/review.csv",        api_stats_review_csv, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                 "the review report as CSV (audited)"},

    {HTTP_GET,   "/api/v1/exports/members",         api_export_members,  BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "members as XLSX or CSV (audited)"},
    {HTTP_GET,   "/api/v1/exports/trips",           api_export_trips,    BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "trips as XLSX or CSV (audited; a member: their own)"},
    {HTTP_GET,   "/api/v1/exports/alerts",          api_export_alerts,   BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "alerts as XLSX or CSV (audited; a member: their own)"},
    {HTTP_GET,   "/api/v1/exports/transfers",       api_export_transfers, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                 "transfers as XLSX or CSV (audited)"},

    {HTTP_GET,   "/api/v1/members/{id}/reviews",    api_reviews_list,    BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                                  "the member's disciplinary reviews"},
    {HTTP_POST,  "/api/v1/members/{id}/reviews",    api_review_open,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_OFFICER),                       "open a review on a date"},
    {HTTP_POST,  "/api/v1/members/{id}/reviews/{rid}/close", api_review_close, BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_OFFICER),             "close a review on a date (If-Match)"},

    {HTTP_GET,   "/api/v1/rule-sets",               api_rule_sets_list,     BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                               "rule sets of the subtree and ancestors"},
    {HTTP_GET,   "/api/v1/rule-sets/effective",     api_rule_set_effective, BODY_NONE, ACCESS_SESSION, ROLES_STAFF,                               "the set in force for a unit on a date"},
    {HTTP_POST,  "/api/v1/rule-sets",               api_rule_set_add,       BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                      "add a set for a subtree from a date"},

    {HTTP_GET,   "/api/v1/handbook",                api_handbook_list,   BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "the handbook's pages in reading order"},
    {HTTP_POST,  "/api/v1/handbook",                api_handbook_create, BODY_JSON, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                    "write a new page"},
    {HTTP_GET,   "/api/v1/handbook/{slug}",         api_handbook_get,    BODY_NONE, ACCESS_SESSION, ROLES_ALL,                                    "one page as Markdown and safe HTML, ETag"},
    {HTTP_PATCH, "/api/v1/handbook/{slug}",         api_handbook_update, BODY_JSON, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                    "change title, body, position (If-Match)"},
    {HTTP_POST,  "/api/v1/handbook/{slug}/archive", api_handbook_archive, BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                   "archive a page (If-Match)"},
    {HTTP_POST,  "/api/v1/handbook/{slug}/restore", api_handbook_restore, BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                   "restore an archived page (If-Match)"},
    {HTTP_GET,   "/api/v1/handbook/{slug}/revisions", api_handbook_revisions, BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),               "a page's saved revisions, newest first"},
    {HTTP_GET,   "/api/v1/handbook/{slug}/revisions/{version}", api_handbook_revision_get, BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),   "one saved revision"},

    {HTTP_POST,  "/api/v1/imports",                 api_import,          BODY_CSV,  ACCESS_SESSION, ROLES_MANAGERS,                               "import members from CSV"},

    {HTTP_GET,   "/api/v1/users",                   api_users_list,      BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                         "accounts in the subtree, paged"},
    {HTTP_POST,  "/api/v1/users",                   api_user_create,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                         "create an account: one-time password"},
    {HTTP_GET,   "/api/v1/users/{id}",              api_user_get,        BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                         "one account, ETag"},
    {HTTP_PATCH, "/api/v1/users/{id}",              api_user_update,     BODY_JSON, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                         "change role, unit, disabled (If-Match)"},
    {HTTP_POST,  "/api/v1/users/{id}/reset-password", api_user_reset_password, BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),               "new one-time password (If-Match)"},
    {HTTP_POST,  "/api/v1/users/{id}/reset-totp",   api_user_reset_totp, BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN),                         "remove two-factor sign-in (If-Match)"},

    {HTTP_GET,   "/api/v1/settings/security",       api_settings_security_get,    BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                "two-factor required per role"},
    {HTTP_PATCH, "/api/v1/settings/security",       api_settings_security_update, BODY_JSON, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),                "require two-factor per role"},

    {HTTP_GET,   "/api/v1/audit",                   api_audit_list,      BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_AUDITOR), "the trail in the subtree, newest first"},
    {HTTP_GET,   "/api/v1/audit/export",            api_audit_export,    BODY_NONE, ACCESS_SESSION, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_AUDITOR), "the same as CSV (audited)"},
    {HTTP_GET,   "/api/v1/audit/verify",            api_audit_verify,    BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_AUDITOR), "walk the hash chain"},

    {HTTP_GET,   "/api/v1/calendar/holidays",       api_calendar_holidays,         BODY_NONE, ACCESS_SESSION, ROLES_ALL,                  "days off of a year, overrides applied"},
    {HTTP_GET,   "/api/v1/calendar/add-workdays",   api_calendar_add_workdays,     BODY_NONE, ACCESS_SESSION, ROLES_ALL,                  "the N-th working day after a date"},
    {HTTP_GET,   "/api/v1/calendar/lunar",          api_calendar_lunar,            BODY_NONE, ACCESS_SESSION, ROLES_ALL,                  "lunar date of a solar date, or back"},
    {HTTP_GET,   "/api/v1/calendar/overrides",      api_calendar_overrides,        BODY_NONE, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),       "a year's overrides (installation admin)"},
    {HTTP_POST,  "/api/v1/calendar/overrides",      api_calendar_override_add,     BODY_JSON, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),       "add a day off or a make-up working day"},
    {HTTP_POST,  "/api/v1/calendar/overrides/remove", api_calendar_override_remove, BODY_JSON, ACCESS_INSTALLATION, ROLE_BIT(ROLE_ADMIN),      "remove the override of a date"},
};
/* clang-format on */

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
